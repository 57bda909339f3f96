//! argscope: explore the structure of an argument in the terminal.
//!
//! The library holds everything but the command line: the map model, the formats, the source
//! document, and the terminal interface. See `ARCHITECTURE.md` in the shared docs for the picture.

pub mod atomic;
pub mod check;
pub mod config;
pub mod formats;
pub mod load;
pub mod memory;
pub mod model;
pub mod notes;
pub mod parallel;
pub mod source;
pub mod text;
pub mod tui;
