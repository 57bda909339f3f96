//! The terminal interface: keys become actions, a pure update changes the view, widgets draw it.
