//! The terminal interface: keys become actions, a pure update changes the view state, and
//! render-only widgets draw it. `app` is the only part that touches the terminal.

pub mod action;
pub mod app;
pub mod copy;
pub mod hint;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod notes_view;
pub mod present;
pub mod rows;
pub mod search;
pub mod snapshot;
pub mod source_view;
pub mod state;
pub mod theme;
pub mod ui;
pub mod update;
pub mod zoom;
