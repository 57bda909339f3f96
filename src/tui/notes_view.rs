//! The seminar-notes side of the update: marks, ratings, bookmarks, the note editor, the list of
//! orphaned notes and the question asked when quitting with unsaved notes. Saving itself is an
//! effect the event loop carries out.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui_textarea::{Input, Key, TextArea, WrapMode};

use crate::model::{ArgMap, NodeId};
use crate::notes::{Mark, Notes};

use super::action::{Action, Effect};
use super::keymap::{KeyChord, Keymap, Mode};
use super::state::ViewState;
use super::update::{Context, mode};

/// The note being written, in the editor popup.
#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub node: NodeId,
    pub key: String,
    pub label: String,
    pub textarea: TextArea<'static>,
    /// The note as it was when the editor opened, to tell whether it changed.
    original: String,
    /// True while asking whether to throw the changes away.
    pub confirming: bool,
    /// Opened while the notes are read-only here: what is written is kept in this window only.
    pub read_only: bool,
    /// The other window saved a new text of this note while the editor was open.
    pub changed_elsewhere: Option<ChangedElsewhere>,
}

/// What became of the other window's new text of the note open in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangedElsewhere {
    /// Nothing was typed here yet: the editor shows the other window's text.
    Shown,
    /// The note was changed here too: the text typed stays, and saving keeps the other
    /// window's text under it.
    BothKept,
}

impl NoteEditor {
    /// The note as written so far.
    pub fn text(&self) -> String {
        self.textarea.lines().join("\n").trim_end().to_string()
    }

    pub fn changed(&self) -> bool {
        self.text() != self.original
    }
}

/// The question asked on quitting while the notes could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsavedPrompt {
    /// Where `w` writes the notes instead.
    pub offered: PathBuf,
    /// The notes are read-only here for good, so trying the save again is not offered (nor
    /// done).
    pub read_only: bool,
    /// Another argscope has the notes: trying again saves them here once it has closed (it is
    /// offered so).
    pub held: bool,
    /// Asked while another argscope had the notes, which has closed since: this window took
    /// them over and saved them, so the question is only whether to quit now.
    pub saved: bool,
}

/// Marks, ratings, bookmarks, the editor, undo and redo, on the node being looked at.
/// Returns `None` for actions that are not about notes.
pub fn update(state: &mut ViewState, ctx: Context, action: Action) -> Option<Option<Effect>> {
    let map = &ctx.loaded.map;
    let node = map.resolve(state.current());
    // Read-only notes (another argscope has them, or their file cannot be used) still take
    // changes, kept in this window: a teacher typing a note there must not see the sentence run
    // as commands, nor lose it. Saving them says they are not saved, the status line shows
    // "⚠ notes not saved", and quitting offers to write them to a file of their own.
    let key = state.note_keys.key_in(map, node).to_string();
    let label = &map.statement(node).label;
    let changed = match action {
        Action::MarkAgree | Action::MarkDisagree | Action::MarkUnsure => {
            let mark = match action {
                Action::MarkAgree => Mark::Agree,
                Action::MarkDisagree => Mark::Disagree,
                _ => Mark::Unsure,
            };
            let changed = state.notes.change(&key, label, |e| {
                e.mark = if e.mark == Some(mark) {
                    None
                } else {
                    Some(mark)
                }
            });
            let now = state.notes.get(&key).and_then(|e| e.mark);
            state.message = Some(match now {
                Some(mark) => format!("marked {} {}", mark.glyph(), mark.word()),
                None => "mark cleared".to_string(),
            });
            changed
        }
        // The root bears on nothing: a rating of its impact on its parent would mean nothing,
        // yet show in the tree, the handout and the summary. One recorded before this was
        // refused (by an older argscope, or by hand) is cleared by any rating key.
        Action::Impact(_) if state.current() == map.root => {
            let had = state.notes.get(&key).is_some_and(|e| e.impact.is_some());
            let changed = had && state.notes.change(&key, label, |e| e.impact = None);
            let root = match map.node(map.root).kind {
                crate::model::Kind::Thesis => "the thesis".to_string(),
                kind => format!("the {} at the top of the map", kind.name()),
            };
            let cleared = if changed {
                "impact rating cleared: "
            } else {
                ""
            };
            state.message = Some(format!(
                "{cleared}{root} has no parent to rate its impact on"
            ));
            changed
        }
        Action::Impact(rating) => {
            let rating = rating.min(crate::notes::MAX_IMPACT);
            let changed = state.notes.change(&key, label, |e| {
                e.impact = if e.impact == Some(rating) {
                    None
                } else {
                    Some(rating)
                }
            });
            state.message = Some(match state.notes.get(&key).and_then(|e| e.impact) {
                Some(rating) => format!("impact {rating} of 4 on its parent"),
                None => "impact rating cleared".to_string(),
            });
            changed
        }
        Action::ToggleBookmark => {
            let changed = state
                .notes
                .change(&key, label, |e| e.bookmark = !e.bookmark);
            let on = state.notes.get(&key).is_some_and(|e| e.bookmark);
            // The key named is one that goes to the next bookmark where the user is: in
            // presenter mode and stepped into a node there is none, and the message says less.
            state.message = Some(if on {
                ctx.keymap
                    .then_key("bookmarked", mode(state), Action::NextBookmark, |key| {
                        format!("; {key} goes from bookmark to bookmark")
                    })
            } else {
                "bookmark removed".to_string()
            });
            changed
        }
        Action::NextBookmark => {
            next_bookmark(state, ctx);
            false
        }
        Action::EditNote => {
            open_editor(state, node, key, label.clone(), None);
            // What becomes of the note comes first: the reason names a file, and the editor
            // leaves the message two rows.
            if let Some(reason) = &state.notes_read_only {
                state.message = Some(if state.notes_held_elsewhere {
                    format!(
                        "this note is kept in this window, and saved once the other window closes (notes are read-only here: {reason})"
                    )
                } else {
                    format!(
                        "this note is kept in this window, not saved; quitting offers to write it to a file of its own (notes are read-only here: {reason})"
                    )
                });
            }
            false
        }
        Action::UndoNote if state.thrown_away.is_some() => {
            bring_back_thrown_away(state, ctx);
            false
        }
        Action::UndoNote | Action::RedoNote => {
            let undo = action == Action::UndoNote;
            let touched = if undo {
                state.notes.undo()
            } else {
                state.notes.redo()
            };
            match touched {
                Some(change) => {
                    if let Some(node) = state
                        .note_keys
                        .node_in(Some(map), &change.key)
                        .filter(|_| state.zoom.is_none())
                    {
                        state.select_node(map, node);
                    }
                    // Says what came back or went, and on which node, with the key that turns
                    // it round: an undo pressed by mistake can take a whole note with it.
                    let (done, other, again) = if undo {
                        ("undone", Action::RedoNote, "redoes")
                    } else {
                        ("redone", Action::UndoNote, "undoes")
                    };
                    let text = format!("{done}: {} on “{}”", change.what(), change.label());
                    state.message = Some(ctx.keymap.then_key(&text, mode(state), other, |key| {
                        format!(" ({key} {again} it)")
                    }));
                    true
                }
                None => {
                    state.message = Some(
                        if undo {
                            "nothing to undo"
                        } else {
                            "nothing to redo"
                        }
                        .to_string(),
                    );
                    false
                }
            }
        }
        Action::ShowOrphans => {
            let orphans = state.notes.orphans_in(Some(map), &state.note_keys).len();
            if orphans == 0 {
                state.message =
                    Some("no orphaned notes: every note has its node in this map".to_string());
            } else {
                state.orphans = Some(0);
            }
            false
        }
        _ => return None,
    };
    if changed {
        // Undo now takes back this change; a note thrown away before it is gone for good.
        state.thrown_away = None;
    }
    Some(changed.then_some(Effect::SaveNotes))
}

/// Undo after a note's changes were thrown away: the editor again, on its node, as it was.
fn bring_back_thrown_away(state: &mut ViewState, ctx: Context) {
    let Some(editor) = state.thrown_away.take() else {
        return;
    };
    if state.zoom.is_none() && state.present.is_none() {
        state.select_node(&ctx.loaded.map, editor.node);
    }
    let text = format!("the note on “{}” is back as you left it", editor.label);
    state.message = Some(
        ctx.keymap
            .then_key(&text, Mode::Note, Action::SaveNote, |key| {
                format!(" ({key} saves it)")
            }),
    );
    state.editor = Some(editor);
}

/// Opens the editor on `node`'s note, or on `draft` instead of it (a note left unfinished,
/// offered back): either way the saved note is what it is compared with.
fn open_editor(
    state: &mut ViewState,
    node: NodeId,
    key: String,
    label: String,
    draft: Option<&str>,
) {
    let original = state
        .notes
        .get(&key)
        .map(|e| e.note.clone())
        .unwrap_or_default();
    let text = draft.unwrap_or(&original);
    let mut textarea = TextArea::new(text.lines().map(str::to_string).collect());
    textarea.set_wrap_mode(WrapMode::WordOrGlyph);
    // In the theme of the moment: no key changes it while the editor has the keys.
    textarea.set_style(state.theme.base());
    textarea.set_cursor_line_style(state.theme.base());
    textarea.set_placeholder_text("Write what the group said about it…");
    // The theme's faint text, not the editor's own dark grey: none without colour, and a
    // projector's contrast with it.
    textarea.set_placeholder_style(state.theme.base().patch(state.theme.dim()));
    textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
    textarea.move_cursor(ratatui_textarea::CursorMove::End);
    state.editor = Some(NoteEditor {
        node,
        key,
        label,
        textarea,
        original,
        confirming: false,
        read_only: state.notes_read_only.is_some(),
        changed_elsewhere: None,
    });
}

/// The notes, read again after the other window saved (or taken over from it), may hold a new
/// text of the note open in the editor: the editor takes it in rather than hide it. Untouched
/// here, it shows the new text; changed here, it keeps what was typed and says that saving
/// keeps the other window's text under it ([`save_note`]).
pub fn note_changed_elsewhere(state: &mut ViewState) {
    let Some(editor) = state.editor.as_mut() else {
        return;
    };
    let now = state
        .notes
        .get(&editor.key)
        .map(|e| e.note.clone())
        .unwrap_or_default();
    if now == editor.original {
        return;
    }
    if editor.changed() {
        editor.changed_elsewhere = Some(ChangedElsewhere::BothKept);
        return;
    }
    editor.textarea.select_all();
    editor.textarea.cut();
    editor.textarea.insert_str(&now);
    editor.original = now;
    editor.changed_elsewhere = Some(ChangedElsewhere::Shown);
}

/// Offers back, in the editor, a note left unfinished when argscope was last stopped (its
/// window closed, killed): the first of `drafts` (from the drafts file `file`) whose node is
/// in the map. The status line says what it is and how to keep it or let it go, and where any
/// others are kept. Returns the key of the draft offered.
pub fn offer_draft(
    state: &mut ViewState,
    ctx: Context,
    drafts: &std::collections::BTreeMap<String, crate::notes::Entry>,
    file: &std::path::Path,
) -> Option<String> {
    let map = &ctx.loaded.map;
    let found = drafts.iter().find_map(|(key, entry)| {
        let node = state.note_keys.node_in(Some(map), key)?;
        Some((key.clone(), node, entry.note.clone()))
    });
    let others = drafts.len() - usize::from(found.is_some());
    let more = match others {
        0 => String::new(),
        1 => format!("; another is kept in {}", file.display()),
        n => format!("; {n} others are kept in {}", file.display()),
    };
    let Some((key, node, text)) = found else {
        state.message = Some(format!(
            "{others} unfinished note{} kept when argscope was stopped, on nodes no longer in this map, {} in {}",
            if others == 1 { "" } else { "s" },
            if others == 1 { "is" } else { "are" },
            file.display()
        ));
        return None;
    };
    let node = map.resolve(node);
    if state.zoom.is_none() && state.present.is_none() {
        state.select_node(map, node);
    }
    let label = map.statement(node).label.clone();
    open_editor(state, node, key.clone(), label.clone(), Some(&text));
    let has_saved = state.notes.get(&key).is_some_and(|e| !e.note.is_empty());
    // Emptied and left: saving it would delete the saved note, and the message says so.
    let (save, close) = match (has_saved, text.trim().is_empty()) {
        (true, true) => ("deletes the saved note", "keeps it"),
        (true, false) => ("saves it over the saved note", "lets it go"),
        (false, _) => ("saves it", "lets it go"),
    };
    let keys: Vec<String> = [
        (Action::SaveNote, save.to_string()),
        (Action::CloseNote, close.to_string()),
    ]
    .into_iter()
    .filter_map(|(action, what)| {
        Some(format!(
            "{} {what}",
            ctx.keymap.key_for(Mode::Note, action)?
        ))
    })
    .collect();
    let keys = if keys.is_empty() {
        String::new()
    } else {
        format!(" ({})", keys.join(", "))
    };
    let keys = format!(
        "the note you were writing on “{label}” when argscope was stopped is back, unfinished{keys}"
    );
    state.message = Some(format!("{keys}{more}"));
    Some(key)
}

/// Selects the next bookmarked node after the selection, in reading order, wrapping around; in
/// presenter mode, shows the slide of the next one after the slide on screen.
fn next_bookmark(state: &mut ViewState, ctx: Context) {
    let map = &ctx.loaded.map;
    // From the few bookmarked keys to their nodes, rather than every node's key to the notes:
    // a key of a map without stable ids is a hash of labels, worked out when asked. Then the
    // nearest after the selection, by their places in reading order, not a walk along it.
    let bookmarked: Vec<NodeId> = state
        .notes
        .entries()
        .iter()
        .filter(|(_, entry)| entry.bookmark)
        .filter_map(|(key, _)| state.note_keys.node_in(Some(map), key))
        .filter(|&id| !map.is_ref(id))
        .collect();
    let here = match &state.present {
        Some(presenter) => presenter.current(),
        None => state.selected(),
    };
    match state.next_in_reading_order(here, bookmarked) {
        // The slide on screen stays as it is (revealed as it is) when it is the only one.
        Some(id) if state.present.is_some() => {
            if let Some(presenter) = state.present.as_mut().filter(|p| p.current() != id) {
                presenter.go_to(id);
            }
        }
        Some(id) => {
            state.zoom = None;
            state.message = state.jump_to(map, id);
        }
        None => {
            state.message = Some(ctx.keymap.then_key(
                "no bookmarks yet",
                mode(state),
                Action::ToggleBookmark,
                |key| format!(": {key} bookmarks the selected node"),
            ))
        }
    }
}

/// How many notes have no node in `map` (kept, never dropped; `O` lists them).
pub fn orphan_count(state: &ViewState, map: &ArgMap) -> usize {
    state.notes.orphans_in(Some(map), &state.note_keys).len()
}

/// What the status line says of notes whose node is not in the map, as the map opens and when
/// a reload takes their nodes away: out of sight, they would look like notes lost. `mode` is
/// where the user is (presenter mode, with `--present`), for the key that lists them.
pub fn orphans_notice(count: usize, keymap: &Keymap, mode: Mode) -> String {
    let (text, them) = if count == 1 {
        ("1 orphaned note: its node is".to_string(), "it")
    } else {
        (format!("{count} orphaned notes: their nodes are"), "them")
    };
    let text = format!("{text} no longer in this map");
    match keymap.key_here_or_in_tree(mode, Action::ShowOrphans) {
        Some(key) => format!("{text} ({key} lists {them})"),
        None => text,
    }
}

/// `Ctrl-s` in the editor: the note saved (deleted when emptied) and the editor closed.
pub fn save_note(state: &mut ViewState) -> Option<Effect> {
    let editor = state.editor.take()?;
    let typed = editor.text();
    let (key, label) = (editor.key, editor.label);
    // The other window may have saved a new text of this note since the editor opened: it is
    // never written over unseen. With nothing typed here, it stays; else both are kept.
    let now = state
        .notes
        .get(&key)
        .map(|e| e.note.clone())
        .unwrap_or_default();
    let both = now != editor.original && typed != editor.original;
    let text = if now == editor.original {
        typed
    } else if both {
        crate::notes::both::keep_both(&typed, &now)
    } else {
        now
    };
    let emptied = text.is_empty();
    let changed = state.notes.change(&key, &label, |e| e.note = text);
    if changed {
        state.thrown_away = None;
    }
    // A note emptied and saved is gone, not kept as an empty one: say so.
    state.message = Some(
        match (changed, emptied) {
            (true, _) if both => "note saved, the other window's text kept under yours",
            (true, true) => "note deleted",
            (true, false) => "note saved",
            (false, _) => "note unchanged",
        }
        .to_string(),
    );
    changed.then_some(Effect::SaveNotes)
}

/// Keys in the note editor and in its "throw the changes away?" question.
pub fn update_editor(state: &mut ViewState, keymap: &Keymap, action: Action) -> Option<Effect> {
    let editor = state.editor.as_mut()?;
    match action {
        Action::SaveNote => return save_note(state),
        Action::CloseNote if editor.changed() => editor.confirming = true,
        Action::CloseNote => state.editor = None,
        // Kept: a `y` typed by mistake (writing on after a stray Esc) then costs nothing, as
        // undo brings the note back into the editor as it was.
        Action::ConfirmYes => {
            let mut thrown = state.editor.take()?;
            thrown.confirming = false;
            let text = format!("the changes to the note on “{}” thrown away", thrown.label);
            state.message = Some(
                keymap.then_key(&text, mode(state), Action::UndoNote, |key| {
                    format!(" ({key} brings them back)")
                }),
            );
            state.thrown_away = Some(thrown);
        }
        Action::ConfirmNo => editor.confirming = false,
        Action::Wheel { down, .. } if !editor.confirming => {
            editor.textarea.scroll((if down { 3 } else { -3 }, 0));
        }
        // A key the settings bound to quit here: the note being written is asked about first.
        Action::Quit if editor.changed() => {
            editor.confirming = true;
            state.message = Some("save or throw away the note before quitting".to_string());
        }
        Action::Quit => return Some(Effect::Quit),
        // The note stays open, as typed, for `fg`.
        Action::Suspend => return Some(Effect::Suspend),
        _ => {}
    }
    None
}

/// Pasted text goes into the note at the cursor, its line breaks kept and anything that could
/// drive the terminal shown as a stand-in, as in every text argscope shows.
pub fn paste_into_editor(state: &mut ViewState, text: &str) {
    if let Some(editor) = state.editor.as_mut().filter(|editor| !editor.confirming) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        editor
            .textarea
            .insert_str(crate::text::sanitize(&text, true));
    }
}

/// A key the editor's bindings leave alone: it goes to the text.
pub fn type_into_editor(state: &mut ViewState, key: KeyChord) {
    if let Some(editor) = state.editor.as_mut()
        && let Some(input) = textarea_input(key)
    {
        editor.textarea.input(input);
    }
}

fn textarea_input(chord: KeyChord) -> Option<Input> {
    let key = match chord.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Tab => Key::Tab,
        _ => return None,
    };
    Some(Input {
        key,
        ctrl: chord.modifiers.contains(KeyModifiers::CONTROL),
        alt: chord.modifiers.contains(KeyModifiers::ALT),
        shift: chord.modifiers.contains(KeyModifiers::SHIFT),
    })
}

/// Keys in the list of orphaned notes.
pub fn update_orphans(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let map = &ctx.loaded.map;
    let count = state.notes.orphans_in(Some(map), &state.note_keys).len();
    let scroll = state.orphans.unwrap_or(0);
    let page = super::update::list_page(state.height);
    if let Some(to) = super::update::list_step(scroll, count, page, action) {
        state.orphans = Some(to);
        return None;
    }
    state.orphans = match action {
        Action::ShowOrphans => None,
        Action::Quit => return Some(Effect::Quit),
        _ => Some(scroll),
    };
    None
}

/// Keys in the question asked when quitting with unsaved notes.
pub fn update_unsaved(state: &mut ViewState, action: Action) -> Option<Effect> {
    let prompt = state.unsaved.as_ref()?;
    match action {
        Action::RetrySave if prompt.read_only => None,
        Action::RetrySave => {
            state.quit_after_save = true;
            Some(Effect::SaveNotes)
        }
        Action::SaveNotesElsewhere => {
            state.quit_after_save = true;
            Some(Effect::SaveNotesTo(prompt.offered.clone()))
        }
        Action::QuitUnsaved => Some(Effect::Quit),
        Action::ConfirmNo => {
            state.unsaved = None;
            None
        }
        _ => None,
    }
}

/// What a node's notes look like in a tree row: the mark, an impact bar, a bookmark star and a
/// pen when there is a note. Empty when nothing is recorded.
pub fn badges(notes: &Notes, key: &str) -> String {
    let Some(entry) = notes.get(key) else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(mark) = entry.mark {
        parts.push(mark.glyph().to_string());
    }
    if let Some(impact) = entry.impact {
        parts.push(impact_bar(impact));
    }
    if entry.bookmark {
        parts.push("★".to_string());
    }
    if !entry.note.trim().is_empty() {
        parts.push("✎".to_string());
    }
    parts.join(" ")
}

/// A node's badges from the fullest to the shortest, each with how many badges it shows, for a
/// row too narrow for them all: the impact as `▰3` rather than a bar, then without the spaces
/// between, then without the bookmark, the impact and the note in turn, down to the mark alone.
/// Empty for a node with nothing recorded.
pub fn badge_forms(notes: &Notes, key: &str) -> Vec<(String, usize)> {
    let Some(entry) = notes.get(key) else {
        return Vec::new();
    };
    // Each badge in full and short, with the rank at which it gives way (the highest first).
    let mut parts: Vec<(String, String, u8)> = Vec::new();
    if let Some(mark) = entry.mark {
        parts.push((mark.glyph().to_string(), mark.glyph().to_string(), 0));
    }
    if let Some(impact) = entry.impact {
        let short = format!("▰{}", impact.min(crate::notes::MAX_IMPACT));
        parts.push((impact_bar(impact), short, 2));
    }
    if entry.bookmark {
        parts.push(("★".to_string(), "★".to_string(), 3));
    }
    if !entry.note.trim().is_empty() {
        parts.push(("✎".to_string(), "✎".to_string(), 1));
    }
    if parts.is_empty() {
        return Vec::new();
    }
    let joined = |parts: &[&String], between: &str| {
        parts
            .iter()
            .map(|part| part.as_str())
            .collect::<Vec<_>>()
            .join(between)
    };
    let full: Vec<&String> = parts.iter().map(|(full, ..)| full).collect();
    let short: Vec<&String> = parts.iter().map(|(_, short, _)| short).collect();
    let count = parts.len();
    let mut forms = vec![(joined(&full, " "), count), (joined(&short, " "), count)];
    // The ranks present, the one kept longest first: keeping n badges keeps the first n.
    let mut ranks: Vec<u8> = parts.iter().map(|&(.., rank)| rank).collect();
    ranks.sort_unstable();
    for &last in ranks.iter().rev() {
        let kept: Vec<&String> = parts
            .iter()
            .filter(|&&(.., rank)| rank <= last)
            .map(|(_, short, _)| short)
            .collect();
        forms.push((joined(&kept, ""), kept.len()));
    }
    forms.dedup();
    forms
}

/// `▰▰▰▱`: an impact rating as a bar of four.
pub fn impact_bar(impact: u8) -> String {
    let full = usize::from(impact.min(crate::notes::MAX_IMPACT));
    format!(
        "{}{}",
        "▰".repeat(full),
        "▱".repeat(usize::from(crate::notes::MAX_IMPACT) - full)
    )
}

#[cfg(test)]
mod tests {
    use super::super::keymap::Keymap;
    use super::super::keys::parse_keys;
    use super::super::state::Start;
    use super::super::update::handle_key;
    use super::*;

    /// The built-in map open at 80x24 with `keymap`, keys typed as `snapshot --keys` types them.
    struct Session {
        loaded: crate::load::Loaded,
        keymap: Keymap,
        state: ViewState,
    }

    impl Session {
        fn builtin(keymap: Keymap) -> Session {
            let loaded = crate::load::builtin();
            let state = ViewState::start(&loaded.map, 80, 24, &Start::default());
            Session {
                loaded,
                keymap,
                state,
            }
        }

        /// Types the keys; the last one's effect.
        fn press(&mut self, keys: &str) -> Option<Effect> {
            let ctx = Context {
                loaded: &self.loaded,
                keymap: &self.keymap,
                rescue_path: std::path::Path::new("argscope-notes.json"),
            };
            parse_keys(keys)
                .into_iter()
                .fold(None, |_, key| handle_key(&mut self.state, ctx, key))
        }

        /// Types the keys; what the status line then says.
        fn says(&mut self, keys: &str) -> String {
            self.press(keys);
            self.state.message.clone().unwrap_or_default()
        }

        /// The note of the first node with notes.
        fn first_note(&self) -> Option<&str> {
            let entries = self.state.notes.entries();
            entries.values().next().map(|e| e.note.as_str())
        }
    }

    #[test]
    fn a_key_bound_to_quit_in_the_editor_asks_about_the_note_before_quitting() {
        let mut keymap = Keymap::default();
        keymap.remap(Mode::Note, parse_keys("C-q"), Some(Action::Quit));
        keymap.remap(Mode::Confirm, parse_keys("C-q"), Some(Action::Quit));
        let mut session = Session::builtin(keymap);
        session.press("j a");
        assert_eq!(
            session.press("C-q"),
            Some(Effect::Quit),
            "nothing written yet"
        );
        session.press("Escape a");
        assert_eq!(session.press("Ask Space who C-q"), None);
        assert_eq!(session.press("C-q"), None, "still asking");
        assert_eq!(session.press("s"), Some(Effect::SaveNotes));
        assert!(session.state.editor.is_none());
        assert_eq!(session.first_note(), Some("Ask who"));
    }

    /// Emptying a note and saving deletes it, and the status line says so rather than "note
    /// saved"; undo brings it back.
    #[test]
    fn a_note_emptied_and_saved_is_said_to_be_deleted() {
        let mut session = Session::builtin(Keymap::default());
        assert_eq!(session.says("j a Ask C-s"), "note saved");
        assert_eq!(session.says("a BSpace BSpace BSpace C-s"), "note deleted");
        assert_eq!(session.first_note().unwrap_or_default(), "");
        session.press("u");
        assert_eq!(session.first_note(), Some("Ask"));
        assert_eq!(session.says("a C-s"), "note unchanged");
    }

    /// A stray Esc, then writing on ("you know…"): the `y` answers "throw the changes away?".
    /// Undo brings the note back into the editor as it was, on its node, until another change
    /// to the notes is made.
    #[test]
    fn a_note_thrown_away_by_mistake_comes_back_with_undo() {
        let mut session = Session::builtin(Keymap::default());
        session.press("j a Ask Space who");
        let node = session.state.editor.as_ref().unwrap().node;
        let said = session.says("Escape y");
        assert!(session.state.editor.is_none());
        assert_eq!(
            said,
            "the changes to the note on “Recent years brought unprecedented confidence \
             building” thrown away (u brings them back)"
        );
        session.press("k");
        let said = session.says("u");
        let editor = session.state.editor.as_ref().expect("the editor is back");
        assert_eq!((editor.text(), editor.node), ("Ask who".to_string(), node));
        assert_eq!(session.state.selected(), node, "on its node");
        assert!(
            said.ends_with("is back as you left it (Ctrl-s saves it)"),
            "{said}"
        );
        assert_eq!(session.press("Space again C-s"), Some(Effect::SaveNotes));
        assert_eq!(session.first_note(), Some("Ask who again"));

        // Another change to the notes after throwing a note away: undo takes that back.
        session.press("a more Escape y +");
        assert_eq!(
            session.says("u"),
            "undone: the mark on “Recent years brought unprecedented confidence building” (Ctrl-r redoes it)"
        );
        assert!(session.state.editor.is_none());
        assert_eq!(session.first_note(), Some("Ask who again"));
    }

    /// Ctrl-c and Ctrl-z do in the editor what they do everywhere else, instead of nothing:
    /// Ctrl-c asks about a changed note before quitting, Ctrl-z keeps it open for `fg`.
    #[test]
    fn ctrl_c_and_ctrl_z_in_the_editor_quit_and_suspend_without_losing_the_note() {
        let mut session = Session::builtin(Keymap::default());
        session.press("j a");
        assert_eq!(
            session.press("C-c"),
            Some(Effect::Quit),
            "nothing written yet"
        );
        session.press("Escape a Ask");
        assert_eq!(session.press("C-z"), Some(Effect::Suspend));
        assert_eq!(
            session.press("C-c"),
            None,
            "a changed note is asked about first"
        );
        assert_eq!(session.press("s"), Some(Effect::SaveNotes));
        assert_eq!(session.press("C-c"), Some(Effect::Quit));
        assert_eq!(session.first_note(), Some("Ask"));
    }

    #[test]
    fn undo_and_redo_say_what_they_changed_on_which_node_and_the_key_that_turns_it_round() {
        let mut session = Session::builtin(Keymap::default());
        session.says("j a Ask Space why C-s j +");
        assert_eq!(
            session.says("u"),
            "undone: the mark on “Sanctions taught Iran to seek independent partners” \
             (Ctrl-r redoes it)"
        );
        assert_eq!(
            session.says("u"),
            "undone: the note on “Recent years brought unprecedented confidence building” \
             (Ctrl-r redoes it)"
        );
        assert_eq!(
            session.says("C-r"),
            "redone: the note on “Recent years brought unprecedented confidence building” \
             (u undoes it)"
        );
        // In the step-into view too, where the node may not be on screen.
        let said = session.says("z j + u");
        assert!(said.starts_with("undone: the mark on “"), "{said:?}");
    }

    #[test]
    fn notes_whose_node_is_gone_are_counted_and_the_notice_says_how_to_list_them() {
        let loaded = crate::load::builtin();
        let mut state = ViewState::start(&loaded.map, 80, 24, &Start::default());
        state
            .notes
            .change("crimea", "Why did Russia attack Crimea?", |e| {
                e.note = "2014".into()
            });
        assert_eq!(orphan_count(&state, &loaded.map), 0);
        state.notes.change("gone", "A point since removed", |e| {
            e.mark = Some(Mark::Agree)
        });
        assert_eq!(orphan_count(&state, &loaded.map), 1);
        let keymap = Keymap::default();
        assert_eq!(
            orphans_notice(1, &keymap, Mode::Normal),
            "1 orphaned note: its node is no longer in this map (O lists it)"
        );
        assert_eq!(
            orphans_notice(2, &keymap, Mode::Normal),
            "2 orphaned notes: their nodes are no longer in this map (O lists them)"
        );
        // Opened with --present, where O does nothing: the notice says where it works.
        assert_eq!(
            orphans_notice(1, &keymap, Mode::Present),
            "1 orphaned note: its node is no longer in this map (O in the tree lists it)"
        );
    }

    #[test]
    fn the_bookmark_key_visits_bookmarks_in_reading_order_and_wraps() {
        // Both ways of keying notes: by stable id, and by a hash of the labels (Kialo).
        for stable_ids in [true, false] {
            let loaded = crate::load::Loaded {
                stable_ids,
                ..crate::load::builtin()
            };
            let keymap = Keymap::default();
            let ctx = Context {
                loaded: &loaded,
                keymap: &keymap,
                rescue_path: std::path::Path::new("argscope-notes.json"),
            };
            let start = Start {
                stable_ids,
                ..Start::default()
            };
            let mut state = ViewState::start(&loaded.map, 80, 24, &start);
            let mut press = |keys: &str| {
                for key in parse_keys(keys) {
                    handle_key(&mut state, ctx, key);
                }
                state.selected()
            };
            let second = press("j b");
            let fourth = press("j j b");
            press("g g");
            assert_eq!(press("'"), second, "stable ids: {stable_ids}");
            assert_eq!(press("'"), fourth);
            assert_eq!(press("'"), second, "after the last, the first again");
        }
    }

    /// A row too narrow for every badge shortens them before dropping any, and drops the
    /// bookmark first and the mark last.
    #[test]
    fn badges_shorten_then_give_way_the_mark_last() {
        let mut notes = Notes::default();
        assert!(badge_forms(&notes, "n").is_empty(), "nothing recorded");
        notes.change("n", "N", |e| {
            e.mark = Some(Mark::Unsure);
            e.impact = Some(3);
            e.bookmark = true;
            e.note = "why?".to_string();
        });
        let shortest_last = [
            ("~ ▰▰▰▱ ★ ✎", 4),
            ("~ ▰3 ★ ✎", 4),
            ("~▰3★✎", 4),
            ("~▰3✎", 3),
            ("~✎", 2),
            ("~", 1),
        ];
        assert_eq!(
            badge_forms(&notes, "n"),
            shortest_last.map(|(text, count)| (text.to_string(), count))
        );
        let mut bookmark_only = Notes::default();
        bookmark_only.change("b", "B", |e| e.bookmark = true);
        assert_eq!(badge_forms(&bookmark_only, "b"), [("★".to_string(), 1)]);
    }

    /// Every mark reads without colour and apart from the kinds' glyphs on the same row:
    /// unsure is not `?`, the question's glyph.
    #[test]
    fn a_marks_glyph_is_one_column_and_no_kinds() {
        for mark in Mark::ALL {
            assert_eq!(crate::text::width(mark.glyph()), 1, "{mark:?}");
            for kind in crate::model::Kind::ALL {
                assert_ne!(mark.glyph(), kind.glyph(), "{mark:?} and {kind:?}");
            }
        }
    }
}
