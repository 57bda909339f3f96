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
    /// Go back to where the last jump (a bookmark, a reference, a match, `gg`/`G`) came from.
    JumpBack,
    /// Close the source text, or clear the search or a filter; with none, say how to quit.
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
    /// Enter or leave presenter mode.
    TogglePresenter,
    /// Presenter: reveal the next child, or go to the next slide.
    PresentForward,
    /// Presenter: hide the last revealed child, or go back a slide, every child of it shown.
    PresentBack,
    /// Presenter: the next slide, without revealing.
    NextSlide,
    /// Presenter: the previous slide, without revealing.
    PreviousSlide,
    /// Presenter: show or hide the overview of the whole map.
    ToggleOverview,
    /// Scroll a slide too tall for the screen down, to read the rest of its text.
    ScrollSlideDown,
    /// Scroll a slide too tall for the screen back up.
    ScrollSlideUp,
    /// Presenter: hide the seminar notes on the slides, or show them again.
    ToggleSlideNotes,
    /// Presenter: a digit of the number of a slide to go to, which `G` then shows (`12G`).
    SlideNumber(u8),
    /// Mark the node: agree (again: clear).
    MarkAgree,
    /// Mark the node: disagree (again: clear).
    MarkDisagree,
    /// Mark the node: unsure (again: clear).
    MarkUnsure,
    /// Rate the node's impact on its parent, 0–4 (the same rating again clears it).
    Impact(u8),
    /// Bookmark the node, or remove its bookmark.
    ToggleBookmark,
    /// Select the next bookmarked node.
    NextBookmark,
    /// Open the note editor on the node.
    EditNote,
    /// Save the note being written and close the editor.
    SaveNote,
    /// Close the note editor (asks first when the note was changed).
    CloseNote,
    /// Yes (to the question asked).
    ConfirmYes,
    /// No (to the question asked).
    ConfirmNo,
    /// Undo the last change to notes, marks, ratings and bookmarks.
    UndoNote,
    /// Redo what was undone.
    RedoNote,
    /// Show or hide the notes whose node is gone.
    ShowOrphans,
    /// Try saving the notes again (when quitting with unsaved notes).
    RetrySave,
    /// Write the unsaved notes to another file.
    SaveNotesElsewhere,
    /// Quit even though the notes are not saved.
    QuitUnsaved,
    /// Show or hide the list of problems found in the map file.
    ShowProblems,
    /// Go to the node the selected problem is about.
    GoToProblem,
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
    /// Save the notes now (they changed, or the user asked to retry).
    SaveNotes,
    /// Write the notes to this other file instead.
    SaveNotesTo(std::path::PathBuf),
}

impl Action {
    /// Every action a key can be bound to, as the settings file names them (see [`Action::name`]).
    /// A new variant that keys should reach needs its line here; the ones sent directly (typed
    /// characters, clicks, the wheel, resizes) are not listed, so no key can be bound to them.
    #[rustfmt::skip]
    pub const BINDABLE: &'static [Action] = {
        use Action::*;
        &[
            Down, Up, CollapseOrParent, ExpandOrChild, First, Last,
            ToggleFold,
            Open,
            ShowLevels(1), ShowLevels(2), ShowLevels(3), ShowLevels(4), ShowLevels(5),
            ShowLevels(6), ShowLevels(7), ShowLevels(8), ShowLevels(9),
            ExpandAll,
            DetailPageDown, DetailPageUp, DetailHalfDown, DetailHalfUp,
            SwitchPane,
            ToggleHelp,
            StartSearch, KeepSearch, CancelSearch, SearchBackspace, ClearSearch,
            NextMatch, PreviousMatch,
            CycleSide,
            ToggleFocus,
            JumpBack,
            Dismiss,
            ZoomIn, ZoomBack, ZoomForward, LeaveZoom, OtherColumn,
            ToggleSource,
            TogglePresenter, PresentForward, PresentBack, NextSlide, PreviousSlide, ToggleOverview,
            ScrollSlideDown, ScrollSlideUp, ToggleSlideNotes,
            SlideNumber(0), SlideNumber(1), SlideNumber(2), SlideNumber(3), SlideNumber(4),
            SlideNumber(5), SlideNumber(6), SlideNumber(7), SlideNumber(8), SlideNumber(9),
            MarkAgree, MarkDisagree, MarkUnsure,
            Impact(0), Impact(1), Impact(2), Impact(3), Impact(4),
            ToggleBookmark, NextBookmark, EditNote, SaveNote, CloseNote, ConfirmYes, ConfirmNo,
            UndoNote, RedoNote, ShowOrphans, RetrySave, SaveNotesElsewhere, QuitUnsaved,
            ShowProblems, GoToProblem,
            CycleTheme,
            CopyQuote, CopyText,
            Quit,
            Suspend,
        ]
    };

    /// The action's name in the settings file: its serde name (`down`, `collapse_or_parent`),
    /// with a number appended for a numbered action (`show_levels_3`). The positional actions
    /// get their variant's name in snake case (`click`), which [`Action::from_name`] refuses.
    pub fn name(&self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => name,
            Ok(serde_json::Value::Object(fields)) if fields.len() == 1 => {
                let (name, value) = fields.into_iter().next().expect("one field");
                format!("{name}_{value}")
            }
            // The positional variants are skipped by serde: name them from their Debug form.
            _ => snake_case(
                format!("{self:?}")
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or_default(),
            ),
        }
    }

    /// The action a settings file names, if a key can be bound to it.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::BINDABLE.iter().copied().find(|a| a.name() == name)
    }
}

/// `CollapseOrParent` → `collapse_or_parent`, as serde's `rename_all = "snake_case"` does.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Keymap;

    #[test]
    fn every_key_bound_action_round_trips_through_its_name() {
        for binding in Keymap::default().bindings {
            let name = binding.action.name();
            assert_eq!(
                Action::from_name(&name),
                Some(binding.action),
                "{name} does not name {:?}; is it in Action::BINDABLE?",
                binding.action
            );
        }
        for &action in Action::BINDABLE {
            assert_eq!(Action::from_name(&action.name()), Some(action));
        }
    }

    #[test]
    fn names_are_serde_names_in_snake_case() {
        assert_eq!(Action::Down.name(), "down");
        assert_eq!(Action::CollapseOrParent.name(), "collapse_or_parent");
        assert_eq!(Action::ToggleHelp.name(), "toggle_help");
        assert_eq!(Action::ShowLevels(3).name(), "show_levels_3");
        assert_eq!(
            Action::from_name("show_levels_9"),
            Some(Action::ShowLevels(9))
        );
        for refused in ["show_levels_0", "show_levels_10", "show_levels", "Down", ""] {
            assert_eq!(Action::from_name(refused), None, "{refused}");
        }
    }

    #[test]
    fn positional_actions_have_no_name_a_key_can_use() {
        let positional = [
            Action::Type('x'),
            Action::Click { column: 1, row: 2 },
            Action::Wheel {
                column: 1,
                row: 2,
                down: true,
            },
            Action::Resize {
                width: 80,
                height: 24,
            },
        ];
        for action in positional {
            assert!(!Action::BINDABLE.contains(&action));
            assert_eq!(Action::from_name(&action.name()), None);
        }
        assert_eq!(positional[1].name(), "click");
    }
}
