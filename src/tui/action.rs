//! The one vocabulary of commands: every key, click and resize becomes an [`Action`].

use serde::{Deserialize, Serialize};

/// Something the user asked for. Keys reach it through the keymap; the mouse and the terminal
/// send the positional ones directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Next row in the tree (or scroll the detail pane down, when it has focus).
    Down,
    /// Previous row in the tree (or scroll the detail pane up).
    Up,
    /// Fold the selected node, or go to its parent when it is folded or a leaf.
    CollapseOrParent,
    /// Unfold the selected node, go to its first child, or follow a reference.
    ExpandOrChild,
    /// The first row (or the top of the detail).
    First,
    /// The last row (or the end of the detail).
    Last,
    /// Fold or unfold the selected node.
    ToggleFold,
    /// Show this many levels of the tree (1 = the thesis alone).
    ShowLevels(u8),
    /// Unfold every node.
    ExpandAll,
    /// Scroll the detail pane a page down.
    DetailPageDown,
    /// Scroll the detail pane a page up.
    DetailPageUp,
    /// Scroll the detail pane half a page down.
    DetailHalfDown,
    /// Scroll the detail pane half a page up.
    DetailHalfUp,
    /// Move keyboard focus between the tree and the detail pane.
    SwitchPane,
    /// Open or close the key help.
    ToggleHelp,
    /// Leave argscope.
    Quit,
    /// Stop argscope and return to the shell (`fg` resumes).
    Suspend,
    /// A mouse click at a screen cell.
    #[serde(skip)]
    Click { column: u16, row: u16 },
    /// The mouse wheel over a screen cell; `down` when scrolling down.
    #[serde(skip)]
    Wheel { column: u16, row: u16, down: bool },
    /// The terminal changed size.
    #[serde(skip)]
    Resize { width: u16, height: u16 },
}

/// What the update asks the event loop to do, since the update itself does no I/O.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Suspend,
}
