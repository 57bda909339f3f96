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
    /// Unfold the selected node, or step into it when it is unfolded.
    Open,
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
    /// Open the search line.
    StartSearch,
    /// Keep the search result and stop typing.
    KeepSearch,
    /// Stop searching and restore the view from before it.
    CancelSearch,
    /// Delete the last character of the search.
    SearchBackspace,
    /// Empty the search line.
    ClearSearch,
    /// Select the next match of the search.
    NextMatch,
    /// Select the previous match of the search.
    PreviousMatch,
    /// Show the case against, then the case for, then both.
    CycleSide,
    /// Show only the selection's ancestors and subtree, or everything again.
    ToggleFocus,
    /// Clear the search or a filter; with none, quit.
    Dismiss,
    /// Step into the selected node: it becomes the view's root, with its children for and against.
    ZoomIn,
    /// Step back out (the previous root, or the tree).
    ZoomBack,
    /// Step forward again after going back.
    ZoomForward,
    /// Leave the step-into view for the tree.
    LeaveZoom,
    /// The other column of the step-into view.
    OtherColumn,
    /// Open or close the source text beside the map.
    ToggleSource,
    /// The next colour theme: dark, light, projector.
    CycleTheme,
    /// Copy the selected node's quote with its citation to the clipboard.
    CopyQuote,
    /// Copy the selected node's label and paraphrase to the clipboard.
    CopyText,
    /// Leave argscope.
    Quit,
    /// Stop argscope and return to the shell (`fg` resumes).
    Suspend,
    /// A character typed into the search line.
    #[serde(skip)]
    Type(char),
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Suspend,
    /// Put this text on the system clipboard.
    Copy(String),
}
