//! Key chords, bindings per mode, and the resolver that turns keys (and sequences such as `gg`)
//! into actions. The help overlay and the hint line are generated from these bindings.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::hint::{Hint, Keep};
use super::keys::parse_keys;

/// A key with its modifiers. Shift is folded into the character (`G`, `?`), as terminals send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyChord {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> KeyChord {
        // Shift-Tab is the key terminals send as BackTab (with Shift set), whichever way the
        // settings name it (`BTab`, `S-Tab`).
        let code = match code {
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        let modifiers = match code {
            // Shift is part of the key itself: `G`, `?`, and Shift-Tab.
            KeyCode::Char(_) | KeyCode::BackTab => modifiers - KeyModifiers::SHIFT,
            _ => modifiers,
        };
        KeyChord { code, modifiers }
    }

    pub fn plain(code: KeyCode) -> KeyChord {
        KeyChord::new(code, KeyModifiers::NONE)
    }

    pub fn ch(c: char) -> KeyChord {
        KeyChord::plain(KeyCode::Char(c))
    }

    pub fn ctrl(c: char) -> KeyChord {
        KeyChord::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }
}

impl From<KeyEvent> for KeyChord {
    fn from(event: KeyEvent) -> KeyChord {
        KeyChord::new(event.code, event.modifiers)
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Which set of bindings is live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Walking the map.
    Normal,
    /// The help overlay is open.
    Help,
    /// Typing a search.
    Search,
    /// Stepped into a node: its children for and against side by side.
    Zoom,
    /// Presenter mode: one node a slide.
    Present,
    /// Presenter mode's overview: the whole map as an outline, to choose a slide in.
    Overview,
    /// The source text has the keys.
    Source,
    /// Writing a note in the editor.
    Note,
    /// Asked a yes/no question (throw away an edited note?).
    Confirm,
    /// The list of notes whose node is gone.
    Orphans,
    /// Quitting with notes that could not be saved.
    Unsaved,
    /// The list of problems found in the map file.
    Problems,
}

impl Mode {
    /// The heading of this mode's keys, without the keys that open it (see
    /// [`Keymap::mode_title`]).
    fn heading(self) -> &'static str {
        match self {
            Mode::Normal => "The map",
            Mode::Help => "This help",
            Mode::Search => "While typing a search",
            Mode::Zoom => "Stepped into a node",
            Mode::Present => "Presenter mode",
            Mode::Overview => "Presenter's overview",
            Mode::Source => "The source text",
            Mode::Note => "Writing a note",
            Mode::Confirm => "Throw away an edited note?",
            Mode::Orphans => "Orphaned notes",
            Mode::Unsaved => "Quitting with unsaved notes",
            Mode::Problems => "Problems in the map file",
        }
    }

    /// The actions that leave this mode, any one of which is enough, and what they do in a few
    /// words ("close the help"). A settings file must leave every mode a key for one of them:
    /// without it, whoever opens the mode is stuck there (the tree's way out is quitting; with
    /// notes that cannot be saved, quitting without them).
    pub fn ways_out(self) -> (&'static [Action], &'static str) {
        use Action::*;
        match self {
            Mode::Normal => (&[Quit], "quit argscope"),
            Mode::Help => (&[ToggleHelp], "close the help"),
            Mode::Search => (&[KeepSearch, CancelSearch], "end the search"),
            // Back from the first node stepped into is back to the tree.
            Mode::Zoom => (&[LeaveZoom, ZoomBack], "go back to the tree"),
            Mode::Present => (&[TogglePresenter], "leave presenter mode"),
            Mode::Overview => (&[Dismiss, Open], "close the overview"),
            Mode::Source => (&[ToggleSource, SwitchPane], "go back to the map"),
            Mode::Note => (&[SaveNote, CloseNote], "save or close the note"),
            Mode::Confirm => (&[ConfirmNo, ConfirmYes, SaveNote], "answer the question"),
            Mode::Orphans => (&[ShowOrphans], "close the list"),
            Mode::Unsaved => (&[QuitUnsaved], "quit without saving the notes"),
            Mode::Problems => (&[ShowProblems], "close the list"),
        }
    }

    /// The actions that lead into this mode from the map, one after the other, each with the
    /// mode it is pressed in.
    fn opened_by(self) -> &'static [(Mode, Action)] {
        use Mode::Normal;
        match self {
            Mode::Zoom => &[(Normal, Action::ZoomIn)],
            Mode::Present => &[(Normal, Action::TogglePresenter)],
            Mode::Overview => &[
                (Normal, Action::TogglePresenter),
                (Mode::Present, Action::ToggleOverview),
            ],
            Mode::Source => &[(Normal, Action::ToggleSource), (Normal, Action::SwitchPane)],
            Mode::Note => &[(Normal, Action::EditNote)],
            Mode::Orphans => &[(Normal, Action::ShowOrphans)],
            Mode::Problems => &[(Normal, Action::ShowProblems)],
            _ => &[],
        }
    }
}

/// Each mode with the name of its table in the settings file (`[keys.help]`); the tree view's
/// keys sit in `[keys]` itself. A new mode needs its line here.
const MODE_NAMES: &[(Mode, &str)] = &[
    (Mode::Normal, "normal"),
    (Mode::Help, "help"),
    (Mode::Present, "present"),
    (Mode::Overview, "overview"),
    (Mode::Zoom, "zoom"),
    (Mode::Source, "source"),
    (Mode::Search, "search"),
    (Mode::Note, "note"),
    (Mode::Confirm, "confirm"),
    (Mode::Orphans, "orphans"),
    (Mode::Unsaved, "unsaved"),
    (Mode::Problems, "problems"),
];

impl Mode {
    /// Every mode, in the order the settings file lists them.
    pub fn all() -> impl Iterator<Item = Mode> {
        MODE_NAMES.iter().map(|&(mode, _)| mode)
    }

    /// The mode's table name in the settings file: `normal`, `help`, `present` …
    pub fn name(self) -> &'static str {
        MODE_NAMES
            .iter()
            .find(|&&(mode, _)| mode == self)
            .map_or("normal", |&(_, name)| name)
    }
}

impl std::str::FromStr for Mode {
    type Err = ();

    /// Reads a mode's table name (`help`, `present`, …).
    fn from_str(name: &str) -> Result<Mode, ()> {
        MODE_NAMES
            .iter()
            .find(|&&(_, n)| n == name)
            .map(|&(mode, _)| mode)
            .ok_or(())
    }
}

/// Headings of the help overlay, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Move,
    Fold,
    Find,
    Read,
    Notes,
    App,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Move => "Move",
            Section::Fold => "Fold, unfold, step in",
            Section::Find => "Find and filter",
            Section::Notes => "Seminar notes",
            Section::Read => "Read",
            Section::App => "Program",
        }
    }
}

/// One binding: a key sequence, what it does, and how the help describes it.
#[derive(Debug, Clone)]
pub struct Binding {
    pub mode: Mode,
    pub keys: Vec<KeyChord>,
    pub action: Action,
    pub section: Section,
    /// One line for the help overlay. Bindings with the same description are shown together.
    pub description: &'static str,
    /// What the hint line shows, on the binding that should show there.
    pub hint: Option<Hint>,
}

/// All bindings. Built once; checked for conflicts by [`Keymap::conflicts`].
#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

/// What the resolver made of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// A binding matched.
    Action(Action),
    /// The keys so far begin a longer binding (`g` of `gg`): wait for the next key.
    Pending,
    /// The keys so far began a longer binding (`i` of `i 3`) that this key does not go on
    /// with (`i 9`): the sequence is dropped and nothing runs, since running the last key on
    /// its own (`9`: unfold nine levels) is never what was meant.
    Broken,
    /// Nothing is bound to this key here.
    Unbound,
}

/// One row of the default bindings: the keys (each an alternative, written as `snapshot
/// --keys` writes them, so `gg` is a sequence), the action, and how help and hints show it.
type Row = (
    Mode,
    &'static [&'static str],
    Action,
    Section,
    &'static str,
    Option<Hint>,
);

#[rustfmt::skip]
const DEFAULT_BINDINGS: &[Row] = {
    use Action::*;
    use Mode::{Confirm, Help, Normal, Note, Orphans, Overview, Present, Problems, Search, Source, Unsaved, Zoom};
    use Section::{App, Find, Fold, Move, Notes, Read};
    &[
        (Normal, &["j", "Down"], Down, Move, "next row (in the detail pane: scroll down)", Some(Hint::new("move").keep(Keep::Core).in_detail(Some("scroll")))),
        (Normal, &["k", "Up"], Up, Move, "previous row (in the detail pane: scroll up)", Some(Hint::new("move").keep(Keep::Core).in_detail(Some("scroll")))),
        (Normal, &["h", "Left"], CollapseOrParent, Move, "fold, or go to the parent", Some(Hint::new("fold").keep(Keep::Core).in_detail(None))),
        (Normal, &["l", "Right"], ExpandOrChild, Move, "unfold, go to the first child, or follow a reference", Some(Hint::new("fold").keep(Keep::Core).in_detail(None))),
        (Normal, &["gg", "Home"], First, Move, "first row (detail: top)", None),
        (Normal, &["G", "End"], Last, Move, "last row (detail: end)", None),
        (Normal, &["C-o", "BSpace"], JumpBack, Move, "back to where the last jump came from", None),
        (Normal, &["Enter"], Open, Fold, "unfold, or step into an unfolded node", None),
        (Normal, &["Space"], ToggleFold, Fold, "fold or unfold the selected node", None),
        (Normal, &["z"], ZoomIn, Fold, "step into the node: its children for and against side by side", hint("step in")),
        (Normal, &["1"], ShowLevels(1), Fold, LEVELS, hint("levels")),
        (Normal, &["2"], ShowLevels(2), Fold, LEVELS, hint("levels")),
        (Normal, &["3"], ShowLevels(3), Fold, LEVELS, hint("levels")),
        (Normal, &["4"], ShowLevels(4), Fold, LEVELS, hint("levels")),
        (Normal, &["5"], ShowLevels(5), Fold, LEVELS, hint("levels")),
        (Normal, &["6"], ShowLevels(6), Fold, LEVELS, hint("levels")),
        (Normal, &["7"], ShowLevels(7), Fold, LEVELS, hint("levels")),
        (Normal, &["8"], ShowLevels(8), Fold, LEVELS, hint("levels")),
        (Normal, &["9"], ShowLevels(9), Fold, LEVELS, hint("levels")),
        (Normal, &["0"], ExpandAll, Fold, "unfold everything", None),
        (Normal, &["/"], StartSearch, Find, "search labels, paraphrases and quotes", core("search")),
        (Normal, &["n"], NextMatch, Find, "next match of the search", None),
        (Normal, &["N"], PreviousMatch, Find, "previous match of the search", None),
        (Normal, &["c"], CycleSide, Find, "show the case against, then the case for, then both", None),
        (Normal, &["f"], ToggleFocus, Find, "show only the selection's ancestors and subtree (again: all)", None),
        (Normal, &["PageDown"], DetailPageDown, Read, "scroll the detail a page down", None),
        (Normal, &["PageUp"], DetailPageUp, Read, "scroll the detail a page up", None),
        (Normal, &["C-d"], DetailHalfDown, Read, "scroll the detail half a page down", None),
        (Normal, &["C-u"], DetailHalfUp, Read, "scroll the detail half a page up", None),
        (Normal, &["Tab", "BTab"], SwitchPane, Read, "switch between the tree and the detail pane", other_pane("pane")),
        (Normal, &["s"], ToggleSource, Read, "the source text beside the map (Tab: read it sentence by sentence)", hint("source")),
        (Normal, &["y"], CopyQuote, Read, "copy the quote with its citation", None),
        (Normal, &["Y"], CopyText, Read, "copy the label and paraphrase", None),
        (Normal, &["+"], MarkAgree, Notes, "mark: agree ✓ (again: clear)", hint("mark")),
        (Normal, &["-"], MarkDisagree, Notes, "mark: disagree ✗ (again: clear)", None),
        (Normal, &["="], MarkUnsure, Notes, "mark: unsure ~ (again: clear)", None),
        (Normal, &["i0"], Impact(0), Notes, IMPACT, None),
        (Normal, &["i1"], Impact(1), Notes, IMPACT, None),
        (Normal, &["i2"], Impact(2), Notes, IMPACT, None),
        (Normal, &["i3"], Impact(3), Notes, IMPACT, None),
        (Normal, &["i4"], Impact(4), Notes, IMPACT, None),
        (Normal, &["b"], ToggleBookmark, Notes, "bookmark the node (again: remove)", None),
        (Normal, &["'"], NextBookmark, Notes, "the next bookmark", None),
        (Normal, &["a"], EditNote, Notes, "write a note on the node", hint("note")),
        (Normal, &["u"], UndoNote, Notes, "undo the last change to notes, marks, ratings, bookmarks", None),
        (Normal, &["C-r"], RedoNote, Notes, "redo", None),
        (Normal, &["O"], ShowOrphans, Notes, "notes whose node is no longer in the map", None),
        (Normal, &["W"], ShowProblems, Read, "the problems found in the map file, with a jump to each node", None),
        (Normal, &["P"], TogglePresenter, App, "presenter mode: one node a slide, large, for a projector", hint("present")),
        (Normal, &["t"], CycleTheme, App, "next colour theme: dark, light, projector", None),
        (Normal, &["?"], ToggleHelp, App, "show all keys", first("help")),
        (Normal, &["q", "C-c"], Quit, App, "quit", always("quit")),
        (Normal, &["Escape"], Dismiss, App, "close the source text, clear the search or filter", None),
        (Normal, &["C-z"], Suspend, App, "suspend to the shell (fg resumes)", None),
        (Help, &["j", "Down"], Down, Move, "scroll down", hint("scroll")),
        (Help, &["k", "Up"], Up, Move, "scroll up", hint("scroll")),
        (Help, &["PageDown", "Space", "C-d"], DetailPageDown, Move, "a page down", None),
        (Help, &["PageUp", "C-u"], DetailPageUp, Move, "a page up", None),
        (Help, &["gg", "Home"], First, Move, "the top", None),
        (Help, &["G", "End"], Last, Move, "the end", None),
        (Help, &["Escape", "?", "q", "Enter"], ToggleHelp, App, "close the help", always("close")),
        (Help, &["C-c"], Quit, App, "quit", None),
        (Help, &["C-z"], Suspend, App, "suspend to the shell (fg resumes)", None),
        (Search, &["Enter"], KeepSearch, Find, "keep the result (then n/N move between matches)", hint("keep")),
        (Search, &["Escape"], CancelSearch, Find, "cancel: back to the view before the search", hint("cancel")),
        (Search, &["Tab", "Down", "C-n"], NextMatch, Find, "next match", hint("next")),
        (Search, &["BTab", "Up", "C-p"], PreviousMatch, Find, "previous match", None),
        (Search, &["BSpace"], SearchBackspace, Find, "delete a character", None),
        (Search, &["C-u"], ClearSearch, Find, "empty the search line", None),
        (Search, &["C-c"], Quit, App, "quit", None),
        (Present, &["Right", "Space", "PageDown"], PresentForward, Move, "reveal the next child, then the next slide", hint("next")),
        (Present, &["Left", "BSpace", "PageUp"], PresentBack, Move, "back: hide a child, or the previous slide with every child shown", hint("back")),
        (Present, &["j", "Down"], NextSlide, Move, "the next slide, skipping reveals", None),
        (Present, &["k", "Up"], PreviousSlide, Move, "the previous slide, nothing revealed", None),
        (Present, &["g", "Home"], First, Move, "the first slide (the thesis)", None),
        (Present, &["G", "End"], Last, Move, "the last slide; after a slide's number, that slide (12G)", None),
        (Present, &["0"], SlideNumber(0), Move, SLIDE_NUMBER, None),
        (Present, &["1"], SlideNumber(1), Move, SLIDE_NUMBER, None),
        (Present, &["2"], SlideNumber(2), Move, SLIDE_NUMBER, None),
        (Present, &["3"], SlideNumber(3), Move, SLIDE_NUMBER, None),
        (Present, &["4"], SlideNumber(4), Move, SLIDE_NUMBER, None),
        (Present, &["5"], SlideNumber(5), Move, SLIDE_NUMBER, None),
        (Present, &["6"], SlideNumber(6), Move, SLIDE_NUMBER, None),
        (Present, &["7"], SlideNumber(7), Move, SLIDE_NUMBER, None),
        (Present, &["8"], SlideNumber(8), Move, SLIDE_NUMBER, None),
        (Present, &["9"], SlideNumber(9), Move, SLIDE_NUMBER, None),
        (Present, &["J"], ScrollSlideDown, Read, "scroll a slide too tall for the screen down: the rest of its quote and children", hint("scroll")),
        (Present, &["K"], ScrollSlideUp, Read, "scroll the slide back up", hint("scroll")),
        (Present, &["o", "Enter"], ToggleOverview, Read, "overview: the whole map, to see where this slide stands or choose another", hint("overview")),
        (Present, &["Escape", "q", "P"], TogglePresenter, App, "leave presenter mode on the same node", hint("leave")),
        (Present, &["y"], CopyQuote, Read, "copy the quote with its citation", None),
        (Present, &["Y"], CopyText, Read, "copy the label and paraphrase", None),
        (Present, &["+"], MarkAgree, Notes, "mark the slide: agree ✓ (again: clear)", None),
        (Present, &["-"], MarkDisagree, Notes, "mark the slide: disagree ✗ (again: clear)", None),
        (Present, &["="], MarkUnsure, Notes, "mark the slide: unsure ~ (again: clear)", None),
        (Present, &["i0"], Impact(0), Notes, IMPACT, None),
        (Present, &["i1"], Impact(1), Notes, IMPACT, None),
        (Present, &["i2"], Impact(2), Notes, IMPACT, None),
        (Present, &["i3"], Impact(3), Notes, IMPACT, None),
        (Present, &["i4"], Impact(4), Notes, IMPACT, None),
        (Present, &["b"], ToggleBookmark, Notes, "bookmark the slide's node (again: remove)", None),
        (Present, &["'"], NextBookmark, Notes, "the next bookmark's slide", None),
        (Present, &["a"], EditNote, Notes, "write a note on the slide's node", None),
        (Present, &["n"], ToggleSlideNotes, Notes, "hide the seminar notes on the slides, to keep them off the projector (again: show)", None),
        (Present, &["u"], UndoNote, Notes, "undo the last change to notes, marks, ratings, bookmarks", None),
        (Present, &["C-r"], RedoNote, Notes, "redo", None),
        (Present, &["t"], CycleTheme, App, "next colour theme: dark, light, projector", None),
        (Present, &["?"], ToggleHelp, App, "show all keys", None),
        (Present, &["C-c"], Quit, App, "quit", None),
        (Present, &["C-z"], Suspend, App, "suspend to the shell (fg resumes)", None),
        (Overview, &["j", "Down"], Down, Move, "choose the next slide", hint("choose")),
        (Overview, &["k", "Up"], Up, Move, "choose the previous slide", hint("choose")),
        (Overview, &["PageDown", "Space"], DetailPageDown, Move, "choose a page further down", None),
        (Overview, &["PageUp", "BSpace"], DetailPageUp, Move, "choose a page further up", None),
        (Overview, &["g", "Home"], First, Move, "choose the first slide", None),
        (Overview, &["G", "End"], Last, Move, "choose the last slide", None),
        (Overview, &["o", "Enter"], Open, Read, "show the chosen slide", hint("show")),
        (Overview, &["Escape", "q", "P"], Dismiss, App, "close the overview, back to the slide you were on", always("back")),
        (Overview, &["t"], CycleTheme, App, "next colour theme: dark, light, projector", None),
        (Overview, &["?"], ToggleHelp, App, "show all keys", None),
        (Overview, &["C-c"], Quit, App, "quit", None),
        (Overview, &["C-z"], Suspend, App, "suspend to the shell (fg resumes)", None),
        (Note, &["C-s"], SaveNote, Notes, "save the note and close the editor", hint("save")),
        (Note, &["Escape"], CloseNote, Notes, "close (asks before throwing away changes)", always("close")),
        (Note, &["C-c"], Quit, App, "quit (asks first about a changed note)", None),
        (Note, &["C-z"], Suspend, App, "suspend to the shell (fg resumes)", None),
        (Confirm, &["y"], ConfirmYes, Notes, "yes, throw the changes away", hint("discard")),
        (Confirm, &["s"], SaveNote, Notes, "save them instead", hint("save")),
        (Confirm, &["n", "Escape"], ConfirmNo, Notes, "no, keep writing", hint("keep writing")),
        (Orphans, &["j", "Down"], Down, Move, "scroll down", hint("scroll")),
        (Orphans, &["k", "Up"], Up, Move, "scroll up", hint("scroll")),
        (Orphans, &["PageDown", "C-d"], DetailPageDown, Move, "a page down", None),
        (Orphans, &["PageUp", "C-u"], DetailPageUp, Move, "a page up", None),
        (Orphans, &["gg", "Home"], First, Move, "the first note", None),
        (Orphans, &["G", "End"], Last, Move, "the last note", None),
        (Orphans, &["O", "Escape", "q"], ShowOrphans, Notes, "close the list", always("close")),
        (Problems, &["j", "Down"], Down, Move, "the next problem", hint("move")),
        (Problems, &["k", "Up"], Up, Move, "the previous problem", hint("move")),
        (Problems, &["PageDown", "C-d"], DetailPageDown, Move, "a page down", None),
        (Problems, &["PageUp", "C-u"], DetailPageUp, Move, "a page up", None),
        (Problems, &["gg", "Home"], First, Move, "the first problem", None),
        (Problems, &["G", "End"], Last, Move, "the last problem", None),
        (Problems, &["Enter"], GoToProblem, Move, "go to the node it is about", hint("go to")),
        (Problems, &["W", "Escape", "q"], ShowProblems, Read, "close the list", always("close")),
        (Unsaved, &["r"], RetrySave, Notes, "try saving again", hint("retry")),
        (Unsaved, &["w"], SaveNotesElsewhere, Notes, "write the notes to the file offered", hint("write there")),
        (Unsaved, &["Q"], QuitUnsaved, Notes, "quit without saving them", hint("quit anyway")),
        (Unsaved, &["Escape"], ConfirmNo, Notes, "stay", hint("stay")),
        (Source, &["j", "Down"], Down, Move, "next sentence (the map follows)", core("sentence")),
        (Source, &["k", "Up"], Up, Move, "previous sentence", core("sentence")),
        (Source, &["gg", "Home"], First, Move, "first sentence", None),
        (Source, &["G", "End"], Last, Move, "last sentence", None),
        (Source, &["PageDown", "C-d"], DetailPageDown, Read, "scroll a page down", None),
        (Source, &["PageUp", "C-u"], DetailPageUp, Read, "scroll a page up", None),
        (Source, &["Tab", "BTab"], SwitchPane, Read, "back to the map", other_pane("map")),
        (Source, &["s", "Escape"], ToggleSource, Read, "close the source text", always("close")),
        (Source, &["y"], CopyQuote, Read, "copy the quote with its citation", None),
        (Source, &["Y"], CopyText, Read, "copy the label and paraphrase", None),
        (Source, &["t"], CycleTheme, App, "next colour theme: dark, light, projector", None),
        (Source, &["?"], ToggleHelp, App, "show all keys", first("help")),
        (Source, &["q", "C-c"], Quit, App, "quit", hint("quit")),
        (Source, &["C-z"], Suspend, App, "suspend to the shell (fg resumes)", None),
        (Zoom, &["j", "Down"], Down, Move, "next child in the column", core("move")),
        (Zoom, &["k", "Up"], Up, Move, "previous child in the column", core("move")),
        (Zoom, &["gg", "Home"], First, Move, "first child in the column", None),
        (Zoom, &["G", "End"], Last, Move, "last child in the column", None),
        (Zoom, &["h", "Left"], OtherColumn, Move, "the other column (for / against)", other_column("column")),
        (Zoom, &["l", "Right", "Tab"], OtherColumn, Move, "the other column (for / against)", other_column("column")),
        (Zoom, &["Enter", "z"], ZoomIn, Fold, "step into the selected child", hint("step in")),
        (Zoom, &["BSpace", "M-Left"], ZoomBack, Fold, "step back out", hint("back")),
        (Zoom, &["M-Right"], ZoomForward, Fold, "step forward again", None),
        (Zoom, &["Escape"], LeaveZoom, Fold, "back to the tree", always("tree")),
        (Zoom, &["+"], MarkAgree, Notes, "mark: agree ✓ (again: clear)", None),
        (Zoom, &["-"], MarkDisagree, Notes, "mark: disagree ✗ (again: clear)", None),
        (Zoom, &["="], MarkUnsure, Notes, "mark: unsure ~ (again: clear)", None),
        (Zoom, &["i0"], Impact(0), Notes, IMPACT, None),
        (Zoom, &["i1"], Impact(1), Notes, IMPACT, None),
        (Zoom, &["i2"], Impact(2), Notes, IMPACT, None),
        (Zoom, &["i3"], Impact(3), Notes, IMPACT, None),
        (Zoom, &["i4"], Impact(4), Notes, IMPACT, None),
        (Zoom, &["b"], ToggleBookmark, Notes, "bookmark the node (again: remove)", None),
        (Zoom, &["a"], EditNote, Notes, "write a note on the node", None),
        (Zoom, &["u"], UndoNote, Notes, "undo the last change to notes, marks, ratings, bookmarks", None),
        (Zoom, &["C-r"], RedoNote, Notes, "redo", None),
        (Zoom, &["y"], CopyQuote, Read, "copy the quote with its citation", None),
        (Zoom, &["Y"], CopyText, Read, "copy the label and paraphrase", None),
        (Zoom, &["t"], CycleTheme, App, "next colour theme: dark, light, projector", None),
        (Zoom, &["?"], ToggleHelp, App, "show all keys", first("help")),
        (Zoom, &["q", "C-c"], Quit, App, "quit", always("quit")),
        (Zoom, &["C-z"], Suspend, App, "suspend to the shell (fg resumes)", None),
    ]
};

// Shorthands for the table's hints (see [`Keep`] for what each keeps on a narrow line).
const fn hint(word: &'static str) -> Option<Hint> {
    Some(Hint::new(word))
}

const fn core(word: &'static str) -> Option<Hint> {
    Some(Hint::new(word).keep(Keep::Core))
}

const fn always(word: &'static str) -> Option<Hint> {
    Some(Hint::new(word).keep(Keep::Always))
}

const fn first(word: &'static str) -> Option<Hint> {
    Some(Hint::new(word).keep(Keep::First))
}

const fn other_pane(word: &'static str) -> Option<Hint> {
    Some(Hint::new(word).keep(Keep::OtherPane))
}

const fn other_column(word: &'static str) -> Option<Hint> {
    Some(Hint::new(word).keep(Keep::OtherColumn))
}

const LEVELS: &str = "show that many levels (1: the thesis alone)";
const SLIDE_NUMBER: &str = "type a slide's number, then G to go to it";
const IMPACT: &str = "impact on its parent, 0 (none) to 4 (decisive); the same again clears";

impl Default for Keymap {
    fn default() -> Keymap {
        let mut bindings = Vec::new();
        for &(mode, alternatives, action, section, description, hint) in DEFAULT_BINDINGS {
            for (i, keys) in alternatives.iter().enumerate() {
                bindings.push(Binding {
                    mode,
                    keys: parse_keys(keys),
                    action,
                    section,
                    description,
                    // The hint line shows the first key of each row only.
                    hint: if i == 0 { hint } else { None },
                });
            }
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// Feeds one key. `pending` holds the keys of an unfinished sequence between calls.
    pub fn resolve(&self, mode: Mode, pending: &mut Vec<KeyChord>, key: KeyChord) -> Resolution {
        pending.push(key);
        let mut longer = false;
        let mut exact = None;
        for binding in self.bindings.iter().filter(|b| b.mode == mode) {
            if binding.keys == *pending {
                exact = Some(binding.action);
            } else if binding.keys.starts_with(pending) {
                longer = true;
            }
        }
        if let Some(action) = exact {
            pending.clear();
            return Resolution::Action(action);
        }
        if longer {
            return Resolution::Pending;
        }
        let broken = pending.len() > 1;
        pending.clear();
        if broken {
            Resolution::Broken
        } else {
            Resolution::Unbound
        }
    }

    /// Pairs of bindings that cannot both work: the same keys, or one a prefix of the other
    /// (`g` and `gg`), for different actions in the same mode.
    pub fn conflicts(&self) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.mode == b.mode
                    && a.action != b.action
                    && (a.keys.starts_with(&b.keys) || b.keys.starts_with(&a.keys))
                {
                    found.push((keys_text(&a.keys), keys_text(&b.keys)));
                }
            }
        }
        found
    }

    /// The help overlay's lines for a mode: per section, the keys of each description.
    pub fn help(&self, mode: Mode) -> Vec<(Section, Vec<HelpEntry>)> {
        let mut sections: Vec<(Section, Vec<HelpEntry>)> = Vec::new();
        let mut in_mode: Vec<&Binding> = self.bindings.iter().filter(|b| b.mode == mode).collect();
        in_mode.sort_by_key(|b| b.section);
        for binding in in_mode {
            let at = match sections.iter().position(|(s, _)| *s == binding.section) {
                Some(at) => at,
                None => {
                    sections.push((binding.section, Vec::new()));
                    sections.len() - 1
                }
            };
            let entries = &mut sections[at].1;
            let keys = keys_text(&binding.keys);
            match entries
                .iter_mut()
                .find(|e| e.description == binding.description)
            {
                Some(entry) => entry.keys.push(keys),
                None => entries.push(HelpEntry {
                    keys: vec![keys],
                    description: binding.description,
                    action: binding.action,
                }),
            }
        }
        sections
    }

    /// The hint line's entries for a mode, in binding order: the first key of every binding
    /// that carries the same hint word, as in ("j/k", "move").
    pub fn hints(&self, mode: Mode) -> Vec<(String, &'static str)> {
        self.hint_entries(mode)
            .into_iter()
            .map(|entry| (entry.keys, entry.hint.word))
            .collect()
    }

    /// [`Keymap::hints`] with each hint whole (what a narrow line does with it) and its
    /// action, for the status line.
    pub fn hint_entries(&self, mode: Mode) -> Vec<HintEntry> {
        let mut hints: Vec<(Vec<String>, Hint, Action)> = Vec::new();
        for binding in self.bindings.iter().filter(|b| b.mode == mode) {
            let Some(hint) = binding.hint else { continue };
            let keys = keys_text(&binding.keys);
            match hints.iter_mut().find(|(_, h, _)| h.word == hint.word) {
                Some((all, ..)) => all.push(keys),
                None => hints.push((vec![keys], hint, binding.action)),
            }
        }
        hints
            .into_iter()
            .map(|(keys, hint, action)| HintEntry {
                keys: compact_keys(&keys, usize::MAX),
                hint,
                action,
            })
            .collect()
    }

    /// The hints of a mode on one line, "Ctrl-s save · Esc close", for the bottom border of the
    /// box that mode shows.
    pub fn hint_line(&self, mode: Mode) -> String {
        self.hints(mode)
            .into_iter()
            .map(|(keys, word)| format!("{keys} {word}"))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Whether `action` does anything in `mode`, so that a key the settings bind to it there
    /// does something: it has a default key there, or it is carried out in every view of the
    /// map (the theme, copying) or, for the notes' actions, in the tree and the step-into view.
    pub fn works_in(mode: Mode, action: Action) -> bool {
        use Action::*;
        let by_default = DEFAULT_BINDINGS
            .iter()
            .any(|&(m, _, a, ..)| m == mode && a == action);
        let on_the_map = matches!(
            mode,
            Mode::Normal | Mode::Search | Mode::Zoom | Mode::Source | Mode::Present
        );
        by_default
            || (matches!(action, CycleTheme | CopyQuote | CopyText) && on_the_map)
            || (matches!(
                action,
                MarkAgree
                    | MarkDisagree
                    | MarkUnsure
                    | Impact(_)
                    | ToggleBookmark
                    | NextBookmark
                    | EditNote
                    | UndoNote
                    | RedoNote
                    | ShowOrphans
            ) && matches!(mode, Mode::Normal | Mode::Zoom))
            || (action == Quit && mode != Mode::Unsaved)
    }

    /// A mode's heading with the keys that open it as they are bound: "Stepped into a node (z)",
    /// "The source text (s, then Tab)"; the heading alone when a key is unbound.
    pub fn mode_title(&self, mode: Mode) -> String {
        let keys: Option<Vec<String>> = mode
            .opened_by()
            .iter()
            .map(|&(mode, action)| self.key_for(mode, action))
            .collect();
        match keys {
            Some(keys) if !keys.is_empty() => {
                format!("{} ({})", mode.heading(), keys.join(", then "))
            }
            _ => mode.heading().to_string(),
        }
    }

    /// `text` with the key that does `action` in `mode` in brackets, "for only (c)"; `text`
    /// alone when no key does it there, so that nothing names a key that does not work.
    pub fn tagged(&self, text: &str, mode: Mode, action: Action) -> String {
        self.then_key(text, mode, action, |key| format!(" ({key})"))
    }

    /// `text` followed by what `then` says of the key that does `action` in `mode` ("no search
    /// yet" and "; press / to search"); `text` alone when no key does it there.
    pub fn then_key(
        &self,
        text: &str,
        mode: Mode,
        action: Action,
        then: impl FnOnce(&str) -> String,
    ) -> String {
        match self.key_for(mode, action) {
            Some(key) => format!("{text}{}", then(&key)),
            None => text.to_string(),
        }
    }

    /// The key that does `action` where the user is, `mode`; where no key does it there, the
    /// one that does it in the tree, said so ("O in the tree"): a message shown in presenter
    /// mode must not name a key that does nothing there. `None` when neither has one.
    pub fn key_here_or_in_tree(&self, mode: Mode, action: Action) -> Option<String> {
        self.key_for(mode, action).or_else(|| {
            (mode != Mode::Normal)
                .then(|| self.key_for(Mode::Normal, action))
                .flatten()
                .map(|key| format!("{key} in the tree"))
        })
    }

    /// The first key bound to `action` in `mode`, as the help shows it; `None` when unbound.
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<String> {
        self.keys_for(mode, action).into_iter().next()
    }

    /// Every key bound to `action` in `mode`, as the help shows them.
    pub fn keys_for(&self, mode: Mode, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.mode == mode && b.action == action)
            .map(|b| keys_text(&b.keys))
            .collect()
    }

    /// What can follow the keys of an unfinished sequence, for the status line while the next
    /// key is awaited: "i then 0–4: impact on its parent, …". None when nothing can.
    pub fn continuations(&self, mode: Mode, pending: &[KeyChord]) -> Option<String> {
        let mut groups: Vec<(Vec<String>, &'static str)> = Vec::new();
        let follows = |b: &&Binding| {
            b.mode == mode && b.keys.len() > pending.len() && b.keys.starts_with(pending)
        };
        for binding in self.bindings.iter().filter(follows) {
            let rest = keys_text(&binding.keys[pending.len()..]);
            match groups.iter_mut().find(|(_, d)| *d == binding.description) {
                Some((keys, _)) => keys.push(rest),
                None => groups.push((vec![rest], binding.description)),
            }
        }
        if groups.is_empty() {
            return None;
        }
        let then: Vec<String> = groups
            .iter()
            .map(|(keys, description)| format!("{}: {description}", compact_keys(keys, usize::MAX)))
            .collect();
        Some(format!("{} then {}", keys_text(pending), then.join(" · ")))
    }

    /// Binds `keys` in `mode` to `action`, replacing any binding of the same keys there; `None`
    /// removes the binding of those keys. A new binding takes the section and description of the
    /// action's default binding (in this mode if it has one there), so the help shows the new key
    /// beside the same text. An action whose hinted key goes hands its hint on to its first key
    /// typed as characters, or else to its first key.
    /// Prefix clashes this creates (`g` beside `gg`) are left for [`Keymap::conflicts`].
    pub fn remap(&mut self, mode: Mode, keys: Vec<KeyChord>, action: Option<Action>) {
        let unchanged = |b: &Binding| b.mode == mode && b.keys == keys && Some(b.action) == action;
        if self.bindings.iter().any(unchanged) {
            return;
        }
        let defaults = Keymap::default();
        let mut touched: Vec<Action> = action.into_iter().collect();
        self.bindings.retain(|b| {
            let same = b.mode == mode && b.keys == keys;
            if same {
                touched.push(b.action);
            }
            !same
        });
        if let Some(action) = action {
            let model = defaults
                .bindings
                .iter()
                .find(|b| b.mode == mode && b.action == action)
                .or_else(|| defaults.bindings.iter().find(|b| b.action == action));
            let binding = Binding {
                mode,
                keys,
                action,
                section: model.map_or(Section::App, |b| b.section),
                description: model.map_or_else(|| unknown_description(action), |b| b.description),
                hint: None,
            };
            // Beside the action's other keys, so the help and the hint line list it after them.
            let at = self
                .bindings
                .iter()
                .rposition(|b| b.mode == mode && b.action == action)
                .map_or(self.bindings.len(), |i| i + 1);
            self.bindings.insert(at, binding);
        }
        for action in touched {
            let hint = defaults
                .bindings
                .iter()
                .find(|b| b.mode == mode && b.action == action && b.hint.is_some())
                .and_then(|b| b.hint);
            let shown = self
                .bindings
                .iter()
                .any(|b| b.mode == mode && b.action == action && b.hint.is_some());
            // The hint goes to a key typed as characters (`n`, not `↓`) if the action has one.
            let typed = |b: &Binding| {
                b.keys
                    .iter()
                    .all(|k| matches!(k.code, KeyCode::Char(_)) && k.modifiers.is_empty())
            };
            let of_action = |b: &&mut Binding| b.mode == mode && b.action == action;
            if let Some(hint) = hint
                && !shown
                && let Some(heir) = self
                    .bindings
                    .iter_mut()
                    .filter(of_action)
                    .min_by_key(|b| !typed(b))
            {
                heir.hint = Some(hint);
            }
        }
    }

    /// How many bindings of `mode` leave it (see [`Mode::ways_out`]).
    pub fn ways_out_bound(&self, mode: Mode) -> usize {
        let (actions, _) = mode.ways_out();
        self.bindings
            .iter()
            .filter(|b| b.mode == mode && actions.contains(&b.action))
            .count()
    }

    /// The pairs of bindings that [`Keymap::conflicts`] reports, as indices into `bindings`.
    pub fn conflicting_pairs(&self) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for (j, b) in self.bindings.iter().enumerate().skip(i + 1) {
                if a.mode == b.mode
                    && a.action != b.action
                    && (a.keys.starts_with(&b.keys) || b.keys.starts_with(&a.keys))
                {
                    found.push((i, j));
                }
            }
        }
        found
    }
}

/// The help text of an action no default binding describes: its name, made readable once and
/// kept for the life of the program (settings are read once, at start).
fn unknown_description(action: Action) -> &'static str {
    Box::leak(action.name().replace('_', " ").into_boxed_str())
}

/// One hint of the hint line: "j/k" and its hint, with the action of its first key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HintEntry {
    pub keys: String,
    pub hint: Hint,
    pub action: Action,
}

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub keys: Vec<String>,
    pub description: &'static str,
    pub action: Action,
}

impl HelpEntry {
    /// "j ↓", or "1–9" for a run of digits.
    pub fn keys_label(&self) -> String {
        compact_keys(&self.keys, usize::MAX)
    }
}

/// Joins key names, folding a run of single digits into a range and keeping at most `most`.
fn compact_keys(keys: &[String], most: usize) -> String {
    let digits = keys.len() > 2
        && keys
            .iter()
            .all(|k| k.len() == 1 && k.as_bytes()[0].is_ascii_digit());
    if digits {
        return format!("{}–{}", keys[0], keys[keys.len() - 1]);
    }
    keys.iter()
        .take(most)
        .cloned()
        .collect::<Vec<_>>()
        .join("/")
}

/// "gg", "Ctrl-d", "Enter": a key sequence as the help shows it.
pub fn keys_text(keys: &[KeyChord]) -> String {
    keys.iter().map(ToString::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(keymap: &Keymap, keys: &[KeyChord]) -> Vec<Resolution> {
        let mut pending = Vec::new();
        keys.iter()
            .map(|&k| keymap.resolve(Mode::Normal, &mut pending, k))
            .collect()
    }

    #[test]
    fn shift_tab_from_the_terminal_is_the_shift_tab_of_the_keymap() {
        // crossterm reports Shift-Tab as BackTab with Shift held.
        let pressed = KeyChord::from(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
        let mut pending = Vec::new();
        let keymap = Keymap::default();
        assert_eq!(
            keymap.resolve(Mode::Normal, &mut pending, pressed),
            Resolution::Action(Action::SwitchPane)
        );
        assert_eq!(
            keymap.resolve(Mode::Search, &mut pending, pressed),
            Resolution::Action(Action::PreviousMatch)
        );
    }

    #[test]
    fn the_notes_keys_read_the_same_in_the_help_wherever_they_work() {
        let keymap = Keymap::default();
        let in_tree = |action| {
            keymap
                .bindings
                .iter()
                .find(|b| b.mode == Mode::Normal && b.action == action)
                .map(|b| b.description)
        };
        for binding in keymap
            .bindings
            .iter()
            .filter(|b| b.mode == Mode::Zoom && b.section == Section::Notes)
        {
            assert_eq!(
                Some(binding.description),
                in_tree(binding.action),
                "{:?}",
                binding.action
            );
        }
    }

    #[test]
    fn the_default_keymap_has_no_conflicts() {
        assert_eq!(
            Keymap::default().conflicts(),
            Vec::<(String, String)>::new()
        );
    }

    #[test]
    fn every_mode_has_a_key_that_leaves_it_by_default() {
        let keymap = Keymap::default();
        for mode in Mode::all() {
            assert!(keymap.ways_out_bound(mode) > 0, "{mode:?}");
        }
    }

    #[test]
    fn a_conflicting_binding_is_detected() {
        let mut keymap = Keymap::default();
        let mut g = keymap.bindings[0].clone();
        g.keys = vec![KeyChord::ch('g')];
        keymap.bindings.push(g);
        assert_eq!(keymap.conflicts(), [("gg".to_string(), "g".to_string())]);
    }

    #[test]
    fn sequences_wait_for_their_second_key() {
        let keymap = Keymap::default();
        let g = KeyChord::ch('g');
        assert_eq!(
            feed(&keymap, &[g, g]),
            [Resolution::Pending, Resolution::Action(Action::First)]
        );
        // A broken sequence runs nothing, and the next key starts afresh.
        assert_eq!(
            feed(&keymap, &[g, KeyChord::ch('j'), KeyChord::ch('j')]),
            [
                Resolution::Pending,
                Resolution::Broken,
                Resolution::Action(Action::Down)
            ]
        );
        assert_eq!(feed(&keymap, &[KeyChord::ch('x')]), [Resolution::Unbound]);
    }

    #[test]
    fn shifted_characters_match_without_the_shift_flag() {
        let keymap = Keymap::default();
        let shifted_g = KeyChord::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            feed(&keymap, &[shifted_g]),
            [Resolution::Action(Action::Last)]
        );
    }

    #[test]
    fn the_help_groups_keys_by_description_and_folds_digits() {
        let help = Keymap::default().help(Mode::Normal);
        let entries: Vec<_> = help.iter().flat_map(|(_, e)| e.iter()).collect();
        let down = entries
            .iter()
            .find(|e| e.description.starts_with("next row"))
            .unwrap();
        assert_eq!(down.keys_label(), "j/↓");
        let levels = entries
            .iter()
            .find(|e| e.description.starts_with("show that many"))
            .unwrap();
        assert_eq!(levels.keys_label(), "1–9");
        assert_eq!(help[0].0, Section::Move);
    }

    #[test]
    fn every_normal_action_is_described_in_the_help() {
        let keymap = Keymap::default();
        let described: usize = keymap
            .help(Mode::Normal)
            .iter()
            .map(|(_, e)| e.iter().map(|e| e.keys.len()).sum::<usize>())
            .sum();
        let bound = keymap
            .bindings
            .iter()
            .filter(|b| b.mode == Mode::Normal)
            .count();
        assert_eq!(described, bound);
    }

    #[test]
    fn hints_come_from_the_bindings() {
        let hints = Keymap::default().hints(Mode::Normal);
        assert_eq!(hints[0], ("j/k".to_string(), "move"));
        assert_eq!(hints[1], ("h/l".to_string(), "fold"));
        assert!(hints.contains(&("?".to_string(), "help")));
        assert!(hints.contains(&("1–9".to_string(), "levels")));
    }
}
