//! The pure update: an action changes the view state and may ask for an effect. No I/O here,
//! so every behaviour is tested by applying actions to a state.

use crossterm::event::{KeyCode, KeyModifiers};

use crate::load::Loaded;
use crate::model::Body;

use super::action::{Action, Effect};
use super::copy;
use super::keymap::{KeyChord, Keymap, Mode, Resolution, keys_text};
use super::layout::{self, Areas};
use super::notes_view::{self, UnsavedPrompt};
use super::search::{MAX_QUERY_CHARS, Side};
use super::source_view::{Quotes, SourceLayout, SourceView};
use super::state::SourcePane;
use super::state::{Found, Pane, ViewState};
use super::theme::Theme;
use super::ui;
use super::ui::{detail, help, tree};
use super::zoom::Zoom;

/// What the update reads besides the state: the map and the bindings (for the help's length).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub loaded: &'a Loaded,
    pub keymap: &'a Keymap,
    /// Where unsaved notes are offered to go when their own file cannot be written.
    pub rescue_path: &'a std::path::Path,
}

/// Lines the mouse wheel scrolls per notch.
const WHEEL_STEP: usize = 3;

/// The keymap mode the state is in.
pub fn mode(state: &ViewState) -> Mode {
    if state.help.is_some() {
        Mode::Help
    } else if state.unsaved.is_some() {
        Mode::Unsaved
    } else if state.editor.as_ref().is_some_and(|e| e.confirming) {
        Mode::Confirm
    } else if state.editor.is_some() {
        Mode::Note
    } else if state.orphans.is_some() {
        Mode::Orphans
    } else if state.problems.is_some() {
        Mode::Problems
    } else if state.filters().search.as_ref().is_some_and(|s| s.typing) {
        Mode::Search
    } else if let Some(presenter) = &state.present {
        if presenter.overview() {
            Mode::Overview
        } else {
            Mode::Present
        }
    } else if state.zoom.is_some() {
        Mode::Zoom
    } else if state.source.is_some() && state.focus == Pane::Detail {
        Mode::Source
    } else {
        Mode::Normal
    }
}

/// Resolves a key through the keymap and applies the action it names, if any.
pub fn handle_key(state: &mut ViewState, ctx: Context, key: KeyChord) -> Option<Effect> {
    let mode = mode(state);
    // Esc after the first key of a sequence (`i`, `g`) takes that key back, and no more.
    if !state.pending.is_empty() && key == KeyChord::plain(KeyCode::Esc) {
        state.pending.clear();
        state.message = None;
        return None;
    }
    // So does Esc after a slide's number in presenter mode: it forgets the number, and a
    // second Esc leaves.
    if key == KeyChord::plain(KeyCode::Esc)
        && mode == Mode::Present
        && let Some(presenter) = state.present.as_mut()
        && presenter.take_number().is_some()
    {
        state.message = None;
        return None;
    }
    let mut pending = std::mem::take(&mut state.pending);
    let prefix = pending.clone();
    let resolution = ctx.keymap.resolve(mode, &mut pending, key);
    state.pending = pending;
    match resolution {
        Resolution::Broken => {
            // The keys that quit and suspend are never a slip to be stopped: after the first
            // key of a sequence they take it back and do what they do everywhere.
            let mut alone = Vec::new();
            if let Resolution::Action(action @ (Action::Quit | Action::Suspend)) =
                ctx.keymap.resolve(mode, &mut alone, key)
            {
                return update(state, ctx, action);
            }
            let typed = keys_text(&prefix) + " " + &key.to_string();
            let follows = ctx.keymap.continuations(mode, &prefix).unwrap_or_default();
            state.message = Some(format!("{typed} does nothing; {follows}"));
            None
        }
        Resolution::Action(action) => update(state, ctx, action),
        // Says what the next key can be, so a sequence begun never leaves the screen silent.
        Resolution::Pending => {
            state.message = ctx.keymap.continuations(mode, &state.pending);
            None
        }
        // Writing a note: every key the editor does not bind goes into the text, but for an
        // Alt and a character: no Alt binding is the editor's by default, and a terminal sends
        // Esc and a key typed right after it (over a slow link, from tmux's `send-keys Escape
        // y`) as one, so it is read as those two keys below, as in every other mode.
        Resolution::Unbound
            if mode == Mode::Note
                && !(key.modifiers.contains(KeyModifiers::ALT)
                    && matches!(key.code, KeyCode::Char(_))) =>
        {
            notes_view::type_into_editor(state, key);
            None
        }
        // Typing a search: every plain character goes into it.
        Resolution::Unbound
            if mode == Mode::Search
                && matches!(key.code, KeyCode::Char(_))
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            let KeyCode::Char(c) = key.code else {
                return None;
            };
            update(state, ctx, Action::Type(c))
        }
        // Esc followed quickly by a key arrives as Alt+key; read it as the two presses it was.
        Resolution::Unbound
            if key.modifiers.contains(KeyModifiers::ALT)
                && matches!(key.code, KeyCode::Char(_)) =>
        {
            let escape = handle_key(state, ctx, KeyChord::plain(KeyCode::Esc));
            if escape.is_some() {
                return escape;
            }
            handle_key(
                state,
                ctx,
                KeyChord::new(key.code, key.modifiers - KeyModifiers::ALT),
            )
        }
        Resolution::Unbound => {
            state.message = Some(ctx.keymap.then_key(
                &format!("{key} does nothing here"),
                mode,
                Action::ToggleHelp,
                |help| format!("; press {help} for the keys"),
            ));
            None
        }
    }
}

/// Text pasted into the terminal, which arrives whole (bracketed paste): it goes into the note
/// being written or the search being typed; anywhere else it runs nothing, and says where it
/// can go, rather than each of its letters running as a key.
pub fn handle_paste(state: &mut ViewState, ctx: Context, text: &str) {
    match mode(state) {
        Mode::Note => notes_view::paste_into_editor(state, text),
        Mode::Search => {
            // One insertion and one search for the whole paste, not one a character: each
            // search copies and folds the whole query, so a paste typed in letter by letter
            // cost the square of its length (minutes for a page of text).
            state.message = None;
            let before = state.selected();
            let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            type_into_search(state, ctx, &crate::text::sanitize(&line, false));
            keep_selection_visible(state);
            follow_after(state, ctx, before);
        }
        mode => {
            // Only the keys that open a note or a search where the paste arrived: presenter
            // mode has no search, the source text neither.
            let into: Vec<String> = [
                (Action::EditNote, "a note"),
                (Action::StartSearch, "a search"),
            ]
            .into_iter()
            .filter_map(|(action, what)| {
                let key = ctx.keymap.key_for(mode, action)?;
                Some(format!("{what} ({key})"))
            })
            .collect();
            let runs = "pasted text runs nothing here";
            state.message = Some(match into.as_slice() {
                [] => runs.to_string(),
                _ => format!("{runs}; paste it into {}", into.join(" or ")),
            });
        }
    }
}

pub fn update(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    state.message = None;
    // The screen is the size it is whatever is open over it (the note editor, a question, a
    // list): what lies beneath is laid out for it at once, not when that closes.
    if let Action::Resize { width, height } = action {
        resize(state, ctx, width, height);
        // The help, open over it all, keeps its scroll within its new length.
        return match state.help {
            Some(_) => update_help(state, ctx, action),
            None => None,
        };
    }
    // Quitting with notes that could not be saved asks first, from the help and the lists too
    // (the note editor asks its own question). Where another argscope has them, they are saved
    // once more first: should it have closed, they are saved here and argscope quits; else the
    // question stays.
    if action == Action::Quit
        && state.notes_error.is_some()
        && !matches!(mode(state), Mode::Unsaved | Mode::Note | Mode::Confirm)
    {
        state.help = None;
        let held = state.notes_held_elsewhere;
        state.unsaved = Some(UnsavedPrompt {
            offered: ctx.rescue_path.to_path_buf(),
            read_only: state.notes_read_only.is_some() && !held,
            held,
            saved: false,
        });
        if held {
            state.quit_after_save = true;
            return Some(Effect::SaveNotes);
        }
        return None;
    }
    if state.help.is_some() {
        return update_help(state, ctx, action);
    }
    match mode(state) {
        Mode::Unsaved => return notes_view::update_unsaved(state, action),
        Mode::Note | Mode::Confirm => {
            return notes_view::update_editor(state, ctx.keymap, action);
        }
        Mode::Orphans => return notes_view::update_orphans(state, ctx, action),
        Mode::Problems => return update_problems(state, ctx, action),
        _ => {}
    }
    // A slide number typed (12G) lasts only until a key that is neither a digit nor G.
    if !matches!(action, Action::SlideNumber(_) | Action::Last)
        && let Some(presenter) = state.present.as_mut()
    {
        presenter.take_number();
    }
    if matches!(mode(state), Mode::Normal | Mode::Zoom | Mode::Present)
        && let Some(effect) = notes_view::update(state, ctx, action)
    {
        keep_selection_visible(state);
        return effect;
    }
    if let Some(effect) = update_everywhere(state, ctx, action) {
        return effect;
    }
    let before = state.selected();
    let effect = match mode(state) {
        Mode::Search => update_search(state, ctx, action),
        Mode::Zoom => update_zoom(state, ctx, action),
        Mode::Source => update_source(state, ctx, action),
        Mode::Present => update_present(state, ctx, action),
        Mode::Overview => update_overview(state, ctx, action),
        _ => update_tree(state, ctx, action),
    };
    follow_after(state, ctx, before);
    effect
}

/// After an action that may have moved the selection from `before`: the source text follows
/// the map (a new selection moves its cursor to that node's quote), and is laid out for its
/// pane (Tab may have brought it on screen where only one pane fits).
fn follow_after(state: &mut ViewState, ctx: Context, before: crate::model::NodeId) {
    if state.selected() != before && mode(state) != Mode::Source {
        follow_selection(state, ctx);
    }
    fit_source(state, ctx);
}

/// Folds the selection when its children show, else unfolds it; says why not when it cannot.
fn toggle_fold(state: &mut ViewState, map: &crate::model::ArgMap) {
    let id = state.selected();
    if state.children_shown() {
        state.set_expanded(map, id, false);
    } else if state.can_unfold(map, id) {
        state.set_expanded(map, id, true);
    } else if map.children(id).is_empty() {
        state.message = Some("this node has nothing below it".to_string());
    } else {
        state.message = Some("nothing below this node passes the filter".to_string());
    }
}

/// Keys in the tree (and the detail pane beside it).
fn update_tree(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let map = &ctx.loaded.map;
    let areas = layout::areas(state.width, state.height, state.focus);
    match action {
        Action::Down | Action::Up | Action::First | Action::Last if state.focus == Pane::Detail => {
            let max = detail_max_scroll(state, ctx, &areas);
            state.detail_scroll = match action {
                Action::Down => (state.detail_scroll + 1).min(max),
                Action::Up => state.detail_scroll.saturating_sub(1),
                Action::First => 0,
                _ => max,
            };
        }
        Action::Down => state.select_row(state.cursor() + 1),
        Action::Up => state.select_row(state.cursor().saturating_sub(1)),
        Action::First | Action::Last => {
            let from = state.selected();
            state.select_row(if action == Action::First {
                0
            } else {
                usize::MAX
            });
            state.record_jump(from);
        }
        Action::JumpBack => match state.jump_back(map) {
            Some(cleared) => state.message = cleared,
            None => state.message = Some("no jump to go back from".to_string()),
        },
        Action::CollapseOrParent => {
            let id = state.selected();
            if state.children_shown() {
                state.set_expanded(map, id, false);
            } else if let Some(parent) = map.parent(id) {
                state.select_node(map, parent);
            }
        }
        Action::ExpandOrChild => {
            let id = state.selected();
            if let Body::Ref(target) = map.node(id).body {
                let went = "went to where this statement is written out";
                state.message = Some(match state.jump_to(map, target) {
                    Some(cleared) => format!("{went}; {cleared}"),
                    None => went.to_string(),
                });
            } else if state.children_shown() {
                state.select_row(state.cursor() + 1);
            } else {
                toggle_fold(state, map);
            }
        }
        Action::ToggleFold => toggle_fold(state, map),
        Action::ShowLevels(levels) => {
            state.show_levels(map, usize::from(levels));
            state.message = Some(format!(
                "showing {levels} level{}",
                if levels == 1 { "" } else { "s" }
            ));
        }
        Action::ExpandAll => state.expand_all(map),
        Action::DetailPageDown
        | Action::DetailPageUp
        | Action::DetailHalfDown
        | Action::DetailHalfUp
            if state.source.is_some() =>
        {
            return update_source(state, ctx, action);
        }
        Action::DetailPageDown
        | Action::DetailPageUp
        | Action::DetailHalfDown
        | Action::DetailHalfUp => {
            let page = areas
                .detail
                .map_or(1, |a| usize::from(layout::inner(a).height).max(1));
            let step = match action {
                Action::DetailHalfDown | Action::DetailHalfUp => (page / 2).max(1),
                _ => page,
            };
            let max = detail_max_scroll(state, ctx, &areas);
            state.detail_scroll = match action {
                Action::DetailPageDown | Action::DetailHalfDown => {
                    (state.detail_scroll + step).min(max)
                }
                _ => state.detail_scroll.saturating_sub(step),
            };
        }
        Action::SwitchPane => {
            state.focus = match state.focus {
                Pane::Tree => Pane::Detail,
                Pane::Detail => Pane::Tree,
            };
        }
        Action::Open => {
            let id = state.selected();
            if map.children(id).is_empty() {
                state.message = Some("this node has nothing below it".to_string());
            } else if state.can_unfold(map, id) {
                state.set_expanded(map, id, true);
            } else {
                return update(state, ctx, Action::ZoomIn);
            }
        }
        Action::ZoomIn => state.zoom = Some(Zoom::new(map, state.selected())),
        Action::StartSearch => {
            state.start_search(map);
        }
        Action::NextMatch | Action::PreviousMatch if state.filters().search.is_none() => {
            let forward = action == Action::NextMatch;
            state.message = state.step_last_search(map, forward);
            if state.message.is_none() {
                state.message = Some(ctx.keymap.then_key(
                    "no search yet",
                    Mode::Normal,
                    Action::StartSearch,
                    |key| format!(": press {key} to search"),
                ));
            }
        }
        Action::NextMatch | Action::PreviousMatch => {
            if let Some(message) = no_match(state, ctx) {
                state.message = Some(message);
            } else {
                let from = state.selected();
                state.message = state.step_match(map, action == Action::NextMatch);
                state.record_jump(from);
            }
        }
        Action::CycleSide => {
            let next = match state.filters().side {
                None => Some(Side::Against),
                Some(Side::Against) => Some(Side::For),
                Some(Side::For) => None,
            };
            state.set_side(map, next);
            state.message = Some(match next {
                Some(side) => ctx.keymap.then_key(
                    &format!("showing only {}", side.describe()),
                    Mode::Normal,
                    Action::CycleSide,
                    |key| format!("; {key} again for more"),
                ),
                None => "showing both sides again".to_string(),
            });
        }
        Action::ToggleFocus => {
            if state.filters().focus.is_some() {
                state.set_focus(map, None);
                state.message = Some("showing the whole map again".to_string());
            } else {
                let id = state.selected();
                state.set_focus(map, Some(id));
                state.message = Some(ctx.keymap.then_key(
                    "focused: only this node's ancestors and subtree",
                    Mode::Normal,
                    Action::ToggleFocus,
                    |key| format!("; {key} again for all"),
                ));
            }
        }
        Action::Dismiss => {
            // Esc closes what is open before it clears a filter. With nothing left it does not
            // quit: Esc pressed a few times too many, to get back in front of a class, would
            // close the map there and then.
            if state.source.is_some() {
                toggle_source(state, ctx);
            } else if state.filters().search.is_some() {
                state.clear_search(map);
            } else if state.filters().focus.is_some() {
                state.set_focus(map, None);
            } else if state.filters().side.is_some() {
                state.set_side(map, None);
            } else {
                state.message = Some(ctx.keymap.then_key(
                    "nothing to close here",
                    Mode::Normal,
                    Action::Quit,
                    |key| format!("; {key} quits"),
                ));
            }
        }
        Action::ToggleHelp => open_help(state, ctx),
        Action::Quit => return Some(Effect::Quit),
        Action::Suspend => return Some(Effect::Suspend),
        Action::Click { column, row } => click(state, ctx, &areas, column, row),
        Action::Wheel { column, row, down } => wheel(state, ctx, &areas, column, row, down),
        Action::Resize { .. } => {}
        // Actions of the search line and the step-into view do nothing in the tree.
        Action::KeepSearch
        | Action::CancelSearch
        | Action::SearchBackspace
        | Action::ClearSearch
        | Action::Type(_)
        | Action::ZoomBack
        | Action::ZoomForward
        | Action::LeaveZoom
        | Action::OtherColumn
        | Action::CopyQuote
        | Action::CopyText
        | Action::CycleTheme
        | Action::PresentForward
        | Action::PresentBack
        | Action::NextSlide
        | Action::PreviousSlide
        | Action::ToggleOverview
        | Action::ScrollSlideDown
        | Action::ScrollSlideUp
        | Action::ToggleSlideNotes
        | Action::SlideNumber(_)
        | Action::MarkAgree
        | Action::MarkDisagree
        | Action::MarkUnsure
        | Action::Impact(_)
        | Action::ToggleBookmark
        | Action::NextBookmark
        | Action::EditNote
        | Action::SaveNote
        | Action::CloseNote
        | Action::ConfirmYes
        | Action::ConfirmNo
        | Action::UndoNote
        | Action::RedoNote
        | Action::ShowOrphans
        | Action::RetrySave
        | Action::SaveNotesElsewhere
        | Action::QuitUnsaved => {}
        Action::TogglePresenter => state.start_presenting(state.selected()),
        Action::ShowProblems => {
            if ctx.loaded.problems.is_empty() && state.not_reloaded.is_empty() {
                state.message =
                    Some("no problems: argscope check finds nothing to fix".to_string());
            } else {
                state.problems = Some(0);
            }
        }
        Action::GoToProblem => {}
        Action::ToggleSource => toggle_source(state, ctx),
    }
    keep_selection_visible(state);
    None
}

/// Actions that work the same in every mode but the help: resizing and copying.
/// Returns `Some(effect)` when the action was handled here.
fn update_everywhere(
    state: &mut ViewState,
    ctx: Context,
    action: Action,
) -> Option<Option<Effect>> {
    match action {
        Action::CycleTheme => {
            state.message = Some(match state.theme.name() {
                Some(name) => {
                    state.theme = Theme::new(name.next());
                    ctx.keymap.then_key(
                        &format!("colours: {}", name.next().name()),
                        mode(state),
                        Action::CycleTheme,
                        |key| format!(" ({key} for the next)"),
                    )
                }
                None => {
                    "colours are off (NO_COLOR or --color never), so there is no theme to change"
                        .to_string()
                }
            });
            Some(None)
        }
        Action::CopyQuote | Action::CopyText => {
            let id = state.current();
            let (text, what) = if action == Action::CopyQuote {
                (
                    copy::quote_with_citation(ctx.loaded, id),
                    "quote and citation",
                )
            } else {
                (copy::label_and_text(ctx.loaded, id), "label and paraphrase")
            };
            match text {
                Some(text) => {
                    state.message = Some(copy::sent(what));
                    Some(Some(Effect::Copy(text)))
                }
                None => {
                    state.message = Some("this node has no quote to copy".to_string());
                    Some(None)
                }
            }
        }
        _ => None,
    }
}

/// For a finished search that found nothing, what to do next: "no match for “xyzzy”: / searches
/// again, Esc shows the whole map". `None` while there is a match or the search is still running.
fn no_match(state: &ViewState, ctx: Context) -> Option<String> {
    let search = state.filters().search.as_ref()?;
    if search.pending || !search.matches.is_empty() {
        return None;
    }
    let next: Vec<String> = [
        (Action::StartSearch, "searches again"),
        (Action::Dismiss, "shows the whole map"),
    ]
    .into_iter()
    .filter_map(|(action, what)| {
        let key = ctx.keymap.key_for(Mode::Normal, action)?;
        Some(format!("{key} {what}"))
    })
    .collect();
    let found = format!("no match for “{}”", search.query);
    Some(match next.as_slice() {
        [] => found,
        next => format!("{found}: {}", next.join(", ")),
    })
}

/// Keys while typing a search: the query changes and the tree follows it.
fn update_search(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let map = &ctx.loaded.map;
    let query = state
        .filters()
        .search
        .as_ref()
        .map(|s| s.query.clone())
        .unwrap_or_default();
    match action {
        Action::Type(c) => type_into_search(state, ctx, c.encode_utf8(&mut [0; 4])),
        Action::SearchBackspace => {
            let mut query = query;
            query.pop();
            state.set_query(map, query);
        }
        Action::ClearSearch => state.set_query(map, String::new()),
        Action::KeepSearch => {
            state.finish_search(map);
            if query.is_empty() {
                state.cancel_search(map);
            } else {
                state.keep_search();
                state.message = no_match(state, ctx);
            }
        }
        Action::CancelSearch => state.cancel_search(map),
        Action::NextMatch | Action::PreviousMatch => {
            state.finish_search(map);
            state.message = state.step_match(map, action == Action::NextMatch);
        }
        Action::Quit => return Some(Effect::Quit),
        _ => {}
    }
    keep_selection_visible(state);
    None
}

/// Adds `text` to the end of the search line, as much of it as fits in
/// [`MAX_QUERY_CHARS`], and searches for the new query once; says so when some was left out.
fn type_into_search(state: &mut ViewState, ctx: Context, text: &str) {
    let Some(search) = state.filters().search.as_ref() else {
        return;
    };
    let room = MAX_QUERY_CHARS.saturating_sub(search.query.chars().count());
    let fits = text
        .char_indices()
        .nth(room)
        .map_or(text.len(), |(at, _)| at);
    let query = (fits > 0).then(|| format!("{}{}", search.query, &text[..fits]));
    if fits < text.len() {
        state.message = Some(format!(
            "a search is at most {MAX_QUERY_CHARS} characters long: the rest was left out"
        ));
    }
    if let Some(query) = query {
        state.set_query(&ctx.loaded.map, query);
    }
}

/// A search the event loop ran on its worker came back: shown if it is still wanted.
pub fn search_found(state: &mut ViewState, ctx: Context, found: Found) {
    state.search_found(&ctx.loaded.map, found);
    keep_selection_visible(state);
}

/// Keys in the step-into view.
fn update_zoom(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let map = &ctx.loaded.map;
    let zoom = state.zoom.as_mut()?;
    let mut leave = false;
    let note = match action {
        Action::Down => {
            zoom.move_by(1);
            None
        }
        Action::Up => {
            zoom.move_by(-1);
            None
        }
        // A column can hold thousands of children.
        Action::First => {
            zoom.move_by(isize::MIN);
            None
        }
        Action::Last => {
            zoom.move_by(isize::MAX);
            None
        }
        Action::OtherColumn => {
            zoom.other_column();
            None
        }
        Action::ZoomIn => {
            (!zoom.step_in(map)).then_some("this node has nothing below it to step into")
        }
        Action::ZoomForward => (!zoom.forward(map)).then_some("nothing to go forward to"),
        // Back from the first node stepped into leaves for the tree.
        Action::ZoomBack => {
            leave = !zoom.back(map);
            None
        }
        Action::LeaveZoom => {
            leave = true;
            None
        }
        Action::ToggleHelp => {
            open_help(state, ctx);
            None
        }
        Action::Quit => return Some(Effect::Quit),
        Action::Suspend => return Some(Effect::Suspend),
        _ => None,
    };
    state.message = note.map(str::to_string);
    if leave {
        leave_zoom(state, map);
    }
    None
}

/// Opens the source text beside the map on the selected node's quote, or closes it.
fn toggle_source(state: &mut ViewState, ctx: Context) {
    if state.source.take().is_some() {
        state.focus = Pane::Tree;
        return;
    }
    let Some(document) = &ctx.loaded.document else {
        state.message = Some("this map has no source document to show".to_string());
        return;
    };
    let view = SourceView::for_node(document, &ctx.loaded.map, state.selected());
    let quotes = Quotes::of(&ctx.loaded.map, |id| state.reading_place(id));
    state.source = Some(SourcePane {
        view,
        layout: SourceLayout::new(document, 0),
        quotes,
    });
    fit_source(state, ctx);
    let height = source_height(state.width, state.height, state.focus);
    if let Some(pane) = state.source.as_mut() {
        pane.view.show_cursor(document, &pane.layout, height);
    }
    let key = |action| ctx.keymap.key_for(Mode::Normal, action);
    let how: Vec<String> = [
        key(Action::SwitchPane).map(|k| format!("{k} reads it sentence by sentence")),
        key(Action::ToggleSource).map(|k| format!("{k} closes it")),
    ]
    .into_iter()
    .flatten()
    .collect();
    state.message = Some(match how.as_slice() {
        [] => "the source text".to_string(),
        _ => format!("the source text: {}", how.join(", ")),
    });
}

/// The pane's height, for the source text's scrolling.
fn source_height(width: u16, height: u16, focus: Pane) -> usize {
    layout::areas(width, height, focus)
        .detail
        .map_or(1, ui::source::visible_height)
}

/// Lays the source text out again when its pane's width changed, keeping the line at the top
/// and the cursor's sentence in view. While the pane is off screen (one pane fits, and it is
/// the map's) the layout waits for it.
fn fit_source(state: &mut ViewState, ctx: Context) {
    let areas = layout::areas(state.width, state.height, state.focus);
    let (Some(pane), Some(document), Some(area)) =
        (state.source.as_mut(), &ctx.loaded.document, areas.detail)
    else {
        return;
    };
    let (width, height) = (
        ui::source::layout_width(area),
        ui::source::visible_height(area),
    );
    if pane.layout.width() != width {
        let top = (pane.layout.lines().get(pane.view.scroll))
            .and_then(|line| line.pieces.first())
            .map(|piece| piece.span.start);
        pane.layout = SourceLayout::new(document, width);
        pane.view.scroll = top.map_or(0, |offset| pane.layout.line_of(offset));
        pane.view.show_cursor(document, &pane.layout, height);
    }
    pane.view.scroll_by(&pane.layout, 0, height);
}

/// After the map's selection changed: the source cursor on the new node's quote.
fn follow_selection(state: &mut ViewState, ctx: Context) {
    let height = source_height(state.width, state.height, state.focus);
    let selected = state.selected();
    let (Some(pane), Some(document)) = (state.source.as_mut(), &ctx.loaded.document) else {
        return;
    };
    let scroll = pane.view.scroll;
    pane.view = SourceView {
        scroll,
        ..SourceView::for_node(document, &ctx.loaded.map, selected)
    };
    pane.view.show_cursor(document, &pane.layout, height);
}

/// Keys with the source text focused: the cursor moves by sentence and the map follows it.
fn update_source(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let map = &ctx.loaded.map;
    let height = source_height(state.width, state.height, state.focus);
    match action {
        Action::SwitchPane => {
            state.focus = Pane::Tree;
            return None;
        }
        Action::ToggleSource => {
            toggle_source(state, ctx);
            return None;
        }
        Action::ToggleHelp => {
            open_help(state, ctx);
            return None;
        }
        Action::Quit => return Some(Effect::Quit),
        Action::Suspend => return Some(Effect::Suspend),
        _ => {}
    }
    let (Some(pane), Some(document)) = (state.source.as_mut(), &ctx.loaded.document) else {
        return None;
    };
    let sentences = document.sentences().len();
    match action {
        Action::Down => pane.view.move_cursor(document, 1),
        Action::Up => pane.view.move_cursor(document, -1),
        Action::First => pane.view.cursor = 0,
        Action::Last => pane.view.cursor = sentences.saturating_sub(1),
        Action::DetailPageDown
        | Action::DetailPageUp
        | Action::DetailHalfDown
        | Action::DetailHalfUp => {
            let page = height as isize;
            let step = match action {
                Action::DetailPageDown => page,
                Action::DetailPageUp => -page,
                Action::DetailHalfDown => page / 2,
                _ => -page / 2,
            };
            pane.view.scroll_by(&pane.layout, step, height);
            return None;
        }
        _ => return None,
    }
    pane.view.show_cursor(document, &pane.layout, height);
    let sentence = pane.view.cursor_sentence(document);
    if let Some(node) = sentence.and_then(|s| pane.quotes.node_quoting(s)) {
        state.select_node(map, node);
        // A filter hiding the node would leave the map behind the reading: drop the filters.
        if state.selected() != node {
            state.clear_filters(map);
            state.select_node(map, node);
            state.message = Some("filters cleared so the map can follow the reading".to_string());
        }
        keep_selection_visible(state);
    }
    None
}

/// Keys in the list of the map file's problems.
fn update_problems(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let problems = &ctx.loaded.problems;
    let at = state.problems.unwrap_or(0);
    if let Some(to) = list_step(at, problems.len(), list_page(state.height), action) {
        state.problems = Some(to);
        return None;
    }
    match action {
        Action::ShowProblems => state.problems = None,
        Action::GoToProblem => match problems.get(at).and_then(|p| p.node) {
            Some(node) => {
                state.problems = None;
                state.zoom = None;
                state.message = state.jump_to(&ctx.loaded.map, node);
                keep_selection_visible(state);
            }
            None if problems.is_empty() => {
                state.message =
                    Some("fix the file and save it: the map shown is the last good one".to_string())
            }
            None => {
                state.message =
                    Some("this problem is about the file as a whole, not one node".to_string())
            }
        },
        Action::Quit => return Some(Effect::Quit),
        _ => {}
    }
    None
}

/// How many items of a list over the map (the problems, the orphaned notes) a page key moves:
/// about a screenful, each item taking a few lines.
pub fn list_page(height: u16) -> usize {
    (usize::from(height).saturating_sub(4) / 3).max(1)
}

/// Where a key that moves in a list of `len` items (the help's lines, the problems, the
/// orphaned notes) takes the item at `at`: one, a page of `page`, or to either end. `None` for
/// a key that does not move in lists.
pub fn list_step(at: usize, len: usize, page: usize, action: Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::Down | Action::Wheel { down: true, .. } => (at + 1).min(last),
        Action::Up | Action::Wheel { down: false, .. } => at.saturating_sub(1),
        Action::DetailPageDown => at.saturating_add(page).min(last),
        Action::DetailPageUp => at.saturating_sub(page),
        Action::First => 0,
        Action::Last => last,
        _ => return None,
    })
}

/// Keys in presenter mode: forward and back through the slides in reading order.
fn update_present(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let map = &ctx.loaded.map;
    match action {
        Action::ScrollSlideDown | Action::Wheel { down: true, .. } => {
            return scroll_slide(state, ctx, true);
        }
        Action::ScrollSlideUp | Action::Wheel { down: false, .. } => {
            return scroll_slide(state, ctx, false);
        }
        _ => {}
    }
    let presenter = state.present.as_mut()?;
    match action {
        // At either end a key that moves says so: in front of a class, silence looks like a hang.
        Action::PresentForward | Action::NextSlide => {
            let moved = if action == Action::NextSlide {
                presenter.next_slide()
            } else {
                presenter.forward(map)
            };
            if !moved {
                state.message = Some("last slide".to_string());
            }
        }
        Action::PresentBack | Action::PreviousSlide => {
            let moved = if action == Action::PreviousSlide {
                presenter.previous_slide()
            } else {
                presenter.back(map)
            };
            if !moved {
                state.message = Some("first slide".to_string());
            }
        }
        Action::ToggleSlideNotes => {
            presenter.toggle_notes();
            let now = if presenter.notes_shown() {
                "shown"
            } else {
                "hidden"
            };
            state.message = Some(format!("seminar notes {now} on the slides"));
        }
        Action::First => presenter.first(),
        Action::SlideNumber(digit) => {
            let number = presenter.type_digit(digit);
            state.message = Some(ctx.keymap.then_key(
                &format!("slide {number}"),
                Mode::Present,
                Action::Last,
                |key| format!(": {key} goes there, Esc cancels"),
            ));
        }
        Action::Last => match presenter.take_number() {
            Some(number) if !presenter.go_to_slide(number) => {
                let last = presenter.order().len();
                state.message = Some(format!("no slide {number}: the slides are 1 to {last}"));
            }
            Some(_) => {}
            None => presenter.last(),
        },
        Action::ToggleOverview => presenter.open_overview(),
        // Esc, q and P leave presenter mode on the slide's node.
        Action::TogglePresenter => {
            let at = presenter.current();
            state.present = None;
            state.message = state.jump_to(map, map.resolve(at));
            keep_selection_visible(state);
        }
        Action::ToggleHelp => open_help(state, ctx),
        Action::Quit => return Some(Effect::Quit),
        Action::Suspend => return Some(Effect::Suspend),
        _ => {}
    }
    None
}

/// Scrolls a slide too tall for the screen half a screen down or up, no further than its end;
/// on a slide that fits, says so.
fn scroll_slide(state: &mut ViewState, ctx: Context, down: bool) -> Option<Effect> {
    let map = &ctx.loaded.map;
    let presenter = state.present.as_ref()?;
    let key = state
        .note_keys
        .key_in(map, map.resolve(presenter.current()));
    let (most, page) = ui::present::slide_scroll_range(
        ctx,
        presenter,
        state.notes.get(&key),
        (state.width, state.height),
        state.presenter_width,
    );
    if most == 0 {
        state.message = Some("the whole slide is on screen".to_string());
        return None;
    }
    let at = presenter.slide_scroll();
    let step = (page / 2).max(1);
    let to = if down {
        at.saturating_add(step).min(most)
    } else {
        at.saturating_sub(step)
    };
    state.present.as_mut()?.scroll_slide_to(to);
    None
}

/// Keys in the presenter's overview: the moving keys choose a slide, which shows only when
/// asked; closing the overview goes back to the slide that was on screen.
fn update_overview(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let page = usize::from(ui::present::overview_rows(state.width, state.height)).max(1);
    let presenter = state.present.as_mut()?;
    match action {
        Action::Open => presenter.show_chosen(),
        Action::Dismiss => presenter.close_overview(),
        Action::Wheel { down, .. } => presenter.scroll_overview(if down { 3 } else { -3 }),
        Action::ToggleHelp => open_help(state, ctx),
        Action::Quit => return Some(Effect::Quit),
        Action::Suspend => return Some(Effect::Suspend),
        _ => {
            let len = presenter.order().len();
            if let Some(to) = list_step(presenter.chosen_index(), len, page, action) {
                presenter.choose(to);
            }
        }
    }
    None
}

/// Back to the tree on the node whose view is left: the tree as it was when that is the node
/// stepped into, else unfolded to where the reader went (a filter hiding it comes off).
fn leave_zoom(state: &mut ViewState, map: &crate::model::ArgMap) {
    if let Some(zoom) = state.zoom.take() {
        state.message = state.jump_to(map, zoom.leave_to(map));
        keep_selection_visible(state);
    }
}

fn update_help(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let page = usize::from(
        help::area(state.width, state.height)
            .height
            .saturating_sub(2),
    )
    .max(1);
    let max = help::line_count(ctx.keymap, state.width, state.height).saturating_sub(page);
    let scroll = state.help.unwrap_or(0);
    // Its lines are a list whose last place to scroll to is `max`.
    if let Some(to) = list_step(scroll, max + 1, page, action) {
        state.help = Some(to);
        return None;
    }
    state.help = match action {
        Action::ToggleHelp | Action::Click { .. } => None,
        Action::Quit => return Some(Effect::Quit),
        Action::Suspend => return Some(Effect::Suspend),
        Action::Resize { .. } => Some(scroll.min(max)),
        _ => Some(scroll),
    };
    None
}

/// A new terminal size: the panes, their scroll and the selection fit it.
fn resize(state: &mut ViewState, ctx: Context, width: u16, height: u16) {
    state.width = width;
    state.height = height;
    let areas = layout::areas(width, height, state.focus);
    state.detail_scroll = state
        .detail_scroll
        .min(detail_max_scroll(state, ctx, &areas));
    fit_source(state, ctx);
    keep_selection_visible(state);
}

/// `?`: the help, opened at the keys of the mode it is asked from.
fn open_help(state: &mut ViewState, ctx: Context) {
    let first = help::first_line_for(ctx.keymap, mode(state), state.width, state.height);
    state.help = Some(first);
}

/// Scrolls the tree so the selection is on screen, and never past the last row.
fn keep_selection_visible(state: &mut ViewState) {
    let areas = layout::areas(state.width, state.height, state.focus);
    let height = areas
        .tree
        .map_or(0, |a| usize::from(layout::inner(a).height));
    if height == 0 {
        return;
    }
    let cursor = state.cursor();
    if cursor < state.tree_offset {
        state.tree_offset = cursor;
    } else if cursor >= state.tree_offset + height {
        state.tree_offset = cursor + 1 - height;
    }
    state.tree_offset = state
        .tree_offset
        .min(state.rows().len().saturating_sub(height));
}

fn detail_max_scroll(state: &ViewState, ctx: Context, areas: &Areas) -> usize {
    let Some(area) = areas.detail else { return 0 };
    let height = usize::from(layout::inner(area).height);
    let id = state.selected();
    let entry = state.notes.get(
        &state
            .note_keys
            .key_in(&ctx.loaded.map, ctx.loaded.map.resolve(id)),
    );
    let tally = state.child_tally(&ctx.loaded.map, ctx.loaded.map.resolve(id));
    let lines = detail::line_count(
        ctx.loaded,
        ctx.keymap,
        id,
        detail::Around {
            notes: entry,
            tally: &tally,
        },
        layout::detail_text_width(area),
    );
    lines.saturating_sub(height)
}

fn click(state: &mut ViewState, ctx: Context, areas: &Areas, column: u16, row: u16) {
    if let Some(area) = areas.tree.filter(|a| contains(*a, column, row)) {
        state.focus = Pane::Tree;
        let inside = layout::inner(area);
        if !contains(inside, column, row) {
            return;
        }
        let index = state.tree_offset + usize::from(row - inside.y);
        let Some(&clicked) = state.rows().get(index) else {
            return;
        };
        state.select_row(index);
        let map = &ctx.loaded.map;
        let on_marker = usize::from(column - inside.x) == tree::marker_column(clicked.depth);
        if on_marker && !map.children(clicked.id).is_empty() {
            toggle_fold(state, map);
        }
    } else if areas.detail.is_some_and(|a| contains(a, column, row)) {
        state.focus = Pane::Detail;
    }
}

fn wheel(state: &mut ViewState, ctx: Context, areas: &Areas, column: u16, row: u16, down: bool) {
    let over_detail = areas.detail.is_some_and(|a| contains(a, column, row));
    if over_detail && state.source.is_some() {
        let height = source_height(state.width, state.height, state.focus);
        if let Some(pane) = state.source.as_mut() {
            let step = if down {
                WHEEL_STEP as isize
            } else {
                -(WHEEL_STEP as isize)
            };
            pane.view.scroll_by(&pane.layout, step, height);
        }
    } else if over_detail {
        let max = detail_max_scroll(state, ctx, areas);
        state.detail_scroll = if down {
            (state.detail_scroll + WHEEL_STEP).min(max)
        } else {
            state.detail_scroll.saturating_sub(WHEEL_STEP)
        };
    } else if down {
        state.select_row(state.cursor() + WHEEL_STEP);
    } else {
        state.select_row(state.cursor().saturating_sub(WHEEL_STEP));
    }
}

fn contains(area: ratatui::layout::Rect, column: u16, row: u16) -> bool {
    column >= area.x && column < area.right() && row >= area.y && row < area.bottom()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, DocumentSource};
    use crate::model::NodeId;
    use crate::notes::Mark;
    use crate::tui::keys::parse_keys;
    use crate::tui::zoom::Column;

    struct Fixture {
        loaded: Loaded,
        keymap: Keymap,
    }

    impl Fixture {
        fn builtin() -> Fixture {
            Fixture {
                loaded: load::builtin(),
                keymap: Keymap::default(),
            }
        }

        /// thesis ─┬─ a (claim) ── a1 (evidence)
        ///         └─ b (objection) ── ↪ a (rebuttal)
        fn with_reference() -> Fixture {
            let json = r#"{"argscope": 1, "root": {"id": "t", "kind": "thesis", "label": "T", "children": [
                {"id": "a", "kind": "claim", "label": "A", "children": [{"id": "a1", "kind": "evidence", "label": "A1"}]},
                {"id": "b", "kind": "objection", "label": "B", "children": [{"ref": "a", "kind": "rebuttal"}]}
            ]}}"#;
            let loaded =
                load::from_str(json, "t.json", DocumentSource::Text("")).expect("fixture loads");
            Fixture {
                loaded,
                keymap: Keymap::default(),
            }
        }

        /// A map made in the test, with no source text.
        fn of(map: crate::model::ArgMap) -> Fixture {
            let loaded = Loaded {
                map,
                document: None,
                problems: Vec::new(),
                name: "made.json".to_string(),
                stable_ids: true,
            };
            Fixture {
                loaded,
                keymap: Keymap::default(),
            }
        }

        fn ctx(&self) -> Context<'_> {
            Context {
                loaded: &self.loaded,
                keymap: &self.keymap,
                rescue_path: std::path::Path::new("rescued.notes.json"),
            }
        }

        fn state(&self, width: u16, height: u16) -> ViewState {
            ViewState::new(&self.loaded.map, width, height)
        }

        /// Types keys as `snapshot --keys` does and returns the last effect.
        fn keys(&self, state: &mut ViewState, keys: &str) -> Option<Effect> {
            parse_keys(keys)
                .into_iter()
                .fold(None, |_, key| handle_key(state, self.ctx(), key))
        }

        fn label(&self, state: &ViewState) -> String {
            self.loaded.map.statement(state.selected()).label.clone()
        }

        fn id(&self, name: &str) -> NodeId {
            self.loaded.map.find(name).expect("id exists")
        }
    }

    /// Whether the source pane is laid out for the width it has and shows its cursor's
    /// sentence.
    fn source_fits(f: &Fixture, state: &ViewState) -> Result<(), String> {
        let document = f.loaded.document.as_ref().unwrap();
        let pane = state.source.as_ref().ok_or("no source pane")?;
        let area = layout::areas(state.width, state.height, state.focus).detail;
        let area = area.ok_or("the source pane is off screen")?;
        let width = ui::source::layout_width(area);
        if pane.layout.width() != width {
            return Err(format!(
                "laid out for {} columns, has {width}",
                pane.layout.width()
            ));
        }
        let sentence = pane.view.cursor_sentence(document).unwrap();
        let line = pane.layout.line_of(sentence.start);
        let shown = pane.view.scroll..pane.view.scroll + ui::source::visible_height(area);
        if !shown.contains(&line) {
            return Err(format!(
                "the cursor is on line {line}, lines {shown:?} show"
            ));
        }
        Ok(())
    }

    #[test]
    fn the_source_text_fits_its_pane_where_only_one_pane_fits_and_after_a_resize() {
        let f = Fixture::builtin();
        let mut state = f.state(40, 12);
        // Opened while only the map shows, then brought on screen with Tab: it was laid out
        // for the hidden pane's width of 0 columns, a letter a line.
        f.keys(&mut state, "j j s Tab");
        assert_eq!(source_fits(&f, &state), Ok(()));
        f.keys(&mut state, "j j j");
        let resize = |state: &mut ViewState, width, height| {
            update(state, f.ctx(), Action::Resize { width, height });
        };
        resize(&mut state, 80, 24);
        assert_eq!(source_fits(&f, &state), Ok(()), "after widening");
        resize(&mut state, 200, 50);
        resize(&mut state, 50, 12);
        assert_eq!(source_fits(&f, &state), Ok(()), "after narrowing");
    }

    #[test]
    fn opens_on_the_thesis_with_its_points_showing() {
        let f = Fixture::builtin();
        let state = f.state(80, 24);
        assert_eq!(state.selected(), f.loaded.map.root);
        assert_eq!(state.rows().len(), 7, "thesis, background and five points");
    }

    #[test]
    fn j_k_g_and_gg_move_through_the_rows() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "k");
        assert_eq!(state.cursor(), 0, "k at the top stays there");
        f.keys(&mut state, "j j");
        assert_eq!(
            f.label(&state),
            "Sanctions taught Iran to seek independent partners"
        );
        f.keys(&mut state, "G");
        assert_eq!(state.cursor(), 6);
        f.keys(&mut state, "j");
        assert_eq!(state.cursor(), 6, "j at the bottom stays there");
        f.keys(&mut state, "gg");
        assert_eq!(state.cursor(), 0);
        f.keys(&mut state, "End Up Home Down");
        assert_eq!(state.cursor(), 1);
    }

    #[test]
    fn l_unfolds_then_enters_and_h_folds_then_leaves() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j l");
        assert_eq!(
            f.label(&state),
            "Sanctions taught Iran to seek independent partners"
        );
        assert!(state.is_expanded(f.id("point-1")));
        assert_eq!(state.rows().len(), 7 + 5);
        f.keys(&mut state, "l");
        assert_eq!(state.selected(), f.id("western-campaign"));
        f.keys(&mut state, "h");
        assert_eq!(
            state.selected(),
            f.id("point-1"),
            "h on a leaf goes to the parent"
        );
        f.keys(&mut state, "Left");
        assert!(
            !state.is_expanded(f.id("point-1")),
            "h on an unfolded node folds it"
        );
        assert_eq!(state.rows().len(), 7);
        f.keys(&mut state, "h");
        assert_eq!(state.selected(), f.loaded.map.root);
    }

    #[test]
    fn enter_unfolds_then_steps_in_and_space_toggles() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j Enter");
        assert!(state.is_expanded(f.id("background")));
        f.keys(&mut state, "Enter");
        assert_eq!(
            state.zoom.as_ref().map(|z| z.root()),
            Some(f.id("background"))
        );
        f.keys(&mut state, "Escape");
        assert_eq!(state.zoom, None);
        assert_eq!(
            state.selected(),
            f.id("background"),
            "back in the tree on the node stepped into"
        );
        f.keys(&mut state, "Space");
        assert!(!state.is_expanded(f.id("background")));
        f.keys(&mut state, "Enter j Enter");
        assert!(
            state
                .message
                .as_deref()
                .unwrap_or("")
                .contains("nothing below"),
            "{:?}",
            state.message
        );
    }

    #[test]
    fn digits_show_that_many_levels_and_zero_shows_all() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "1");
        assert_eq!(state.rows().len(), 1);
        f.keys(&mut state, "0");
        assert_eq!(state.rows().len(), f.loaded.map.len());
        f.keys(&mut state, "3");
        let deepest = state.rows().iter().map(|r| r.depth).max();
        assert_eq!(deepest, Some(2));
    }

    #[test]
    fn folding_away_the_selection_selects_its_visible_ancestor() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "0");
        state.select_node(&f.loaded.map, f.id("crimea"));
        f.keys(&mut state, "2");
        assert_eq!(state.selected(), f.id("point-1"));
    }

    #[test]
    fn tab_gives_the_detail_pane_the_keys_and_scrolling_stops_at_the_end() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "Tab j j");
        assert_eq!(state.focus, Pane::Detail);
        assert_eq!(state.cursor(), 0, "j scrolls the detail, not the tree");
        assert_eq!(state.detail_scroll, 2);
        f.keys(&mut state, "G");
        let end = state.detail_scroll;
        assert!(end > 2);
        f.keys(&mut state, "j PageDown C-d");
        assert_eq!(state.detail_scroll, end, "never past the last line");
        f.keys(&mut state, "gg");
        assert_eq!(state.detail_scroll, 0);
        f.keys(&mut state, "BTab j");
        assert_eq!((state.focus, state.cursor()), (Pane::Tree, 1));
    }

    #[test]
    fn paging_scrolls_the_detail_and_a_new_selection_starts_at_its_top() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 16);
        f.keys(&mut state, "C-d");
        assert_eq!(state.detail_scroll, 6, "half of the 12-line pane");
        f.keys(&mut state, "C-u");
        assert_eq!(state.detail_scroll, 0);
        f.keys(&mut state, "PageDown");
        assert!(state.detail_scroll > 0);
        f.keys(&mut state, "j");
        assert_eq!(state.detail_scroll, 0);
    }

    #[test]
    fn help_opens_scrolls_and_closes_without_quitting() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "?");
        assert_eq!(state.help, Some(0));
        f.keys(&mut state, "j j");
        assert_eq!(state.help, Some(2));
        assert_eq!(state.cursor(), 0, "keys in the help do not move the tree");
        assert_eq!(f.keys(&mut state, "q"), None, "q closes the help first");
        assert_eq!(state.help, None);
        f.keys(&mut state, "?");
        assert_eq!(f.keys(&mut state, "Escape"), None);
        assert_eq!(state.help, None);
        f.keys(&mut state, "?");
        assert_eq!(f.keys(&mut state, "C-z"), Some(Effect::Suspend));
        assert_eq!(f.keys(&mut state, "C-c"), Some(Effect::Quit));
    }

    #[test]
    fn quit_and_suspend_are_effects_for_the_event_loop() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        assert_eq!(f.keys(&mut state, "q"), Some(Effect::Quit));
        assert_eq!(f.keys(&mut state, "C-c"), Some(Effect::Quit));
        assert_eq!(f.keys(&mut state, "C-z"), Some(Effect::Suspend));
    }

    /// The first key of a sequence (`g` of `gg`, `i` of `i3`) does not stop the keys that quit
    /// and suspend: they take it back and do what they always do.
    #[test]
    fn quit_and_suspend_work_after_the_first_key_of_a_sequence() {
        let f = Fixture::builtin();
        for first in ["g", "i"] {
            let mut state = f.state(80, 24);
            assert_eq!(f.keys(&mut state, first), None);
            assert_eq!(f.keys(&mut state, "C-c"), Some(Effect::Quit), "{first}");
            let mut state = f.state(80, 24);
            f.keys(&mut state, first);
            assert_eq!(f.keys(&mut state, "q"), Some(Effect::Quit), "{first}");
            let mut state = f.state(80, 24);
            f.keys(&mut state, first);
            assert_eq!(f.keys(&mut state, "C-z"), Some(Effect::Suspend), "{first}");
            assert!(state.pending.is_empty(), "{first} is taken back");
            assert_eq!(state.message, None);
            // Back from the shell, the next key starts afresh.
            f.keys(&mut state, "j");
            assert_eq!(state.cursor(), 1);
        }
        // Any other key still breaks the sequence and runs nothing.
        let mut state = f.state(80, 24);
        f.keys(&mut state, "i 9");
        assert!(
            state
                .message
                .as_deref()
                .unwrap()
                .starts_with("i 9 does nothing")
        );
    }

    /// What [`Mode::ways_out`] lists does leave each mode: a settings file is held to keep a
    /// key for one of them, so each must be a real way out.
    #[test]
    fn every_way_out_of_a_mode_leaves_it() {
        let f = Fixture::builtin();
        let enter = |mode: Mode| {
            let mut state = f.state(100, 30);
            let keys = match mode {
                Mode::Normal => "",
                Mode::Help => "?",
                Mode::Search => "/ s a n c",
                Mode::Zoom => "z",
                Mode::Present => "P",
                Mode::Overview => "P o",
                Mode::Source => "s Tab",
                Mode::Note => "a",
                Mode::Confirm => "a x Escape",
                Mode::Orphans => {
                    state.orphans = Some(0);
                    ""
                }
                Mode::Problems => {
                    state.problems = Some(0);
                    ""
                }
                Mode::Unsaved => {
                    state.notes_error = Some("disk full".to_string());
                    "q"
                }
            };
            f.keys(&mut state, keys);
            assert_eq!(super::mode(&state), mode, "{keys}");
            state
        };
        for mode in Mode::all() {
            let (actions, what) = mode.ways_out();
            assert!(!actions.is_empty() && !what.is_empty(), "{mode:?}");
            for &action in actions {
                let mut state = enter(mode);
                let effect = update(&mut state, f.ctx(), action);
                assert!(
                    effect == Some(Effect::Quit) || super::mode(&state) != mode,
                    "{action:?} does not leave {mode:?}"
                );
            }
        }
    }

    /// Notes that could not be saved are asked about whatever is open when argscope is told to
    /// quit: the help and the lists of orphaned notes and problems too, which used to quit at once.
    #[test]
    fn quitting_from_the_help_or_a_list_with_unsaved_notes_asks_first() {
        let f = Fixture::builtin();
        for open in ["help", "orphans", "problems"] {
            let mut state = f.state(80, 24);
            state.notes_error = Some("disk full".to_string());
            match open {
                "help" => f.keys(&mut state, "?").map_or((), |_| ()),
                "orphans" => state.orphans = Some(0),
                _ => state.problems = Some(0),
            }
            assert_eq!(update(&mut state, f.ctx(), Action::Quit), None, "{open}");
            assert_eq!(super::mode(&state), Mode::Unsaved, "{open}");
        }
    }

    #[test]
    fn escape_then_a_key_read_as_alt_key_counts_as_both() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "?");
        assert_eq!(f.keys(&mut state, "M-j"), None);
        assert_eq!(
            (state.help, state.cursor()),
            (None, 1),
            "help closed, then j moved"
        );
    }

    #[test]
    fn an_unbound_key_points_at_the_help() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "x");
        assert_eq!(
            state.message.as_deref(),
            Some("x does nothing here; press ? for the keys")
        );
        f.keys(&mut state, "j");
        assert_eq!(state.message, None, "the note goes with the next key");
    }

    #[test]
    fn clicks_select_rows_and_fold_on_the_marker() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        // Row 3 of the screen is the third row of the tree (inside the border).
        update(&mut state, f.ctx(), Action::Click { column: 20, row: 3 });
        assert_eq!(state.selected(), f.id("point-1"));
        assert!(!state.is_expanded(f.id("point-1")));
        let marker = 1 + tree::marker_column(1) as u16;
        update(
            &mut state,
            f.ctx(),
            Action::Click {
                column: marker,
                row: 3,
            },
        );
        assert!(state.is_expanded(f.id("point-1")));
        update(&mut state, f.ctx(), Action::Click { column: 60, row: 5 });
        assert_eq!(state.focus, Pane::Detail);
        update(&mut state, f.ctx(), Action::Click { column: 5, row: 23 });
        assert_eq!(
            state.selected(),
            f.id("point-1"),
            "a click on the status line changes nothing"
        );
    }

    #[test]
    fn the_wheel_scrolls_what_it_is_over() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 16);
        update(
            &mut state,
            f.ctx(),
            Action::Wheel {
                column: 5,
                row: 5,
                down: true,
            },
        );
        assert_eq!(state.cursor(), 3);
        update(
            &mut state,
            f.ctx(),
            Action::Wheel {
                column: 60,
                row: 5,
                down: true,
            },
        );
        assert_eq!((state.cursor(), state.detail_scroll), (3, 3));
    }

    #[test]
    fn the_selection_stays_on_screen_when_moving_and_resizing() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "0 G");
        let inner_height = 24 - 2 - 2;
        assert_eq!(state.tree_offset, f.loaded.map.len() - inner_height);
        update(
            &mut state,
            f.ctx(),
            Action::Resize {
                width: 60,
                height: 20,
            },
        );
        let visible = 20 / 2 - 2 - 1;
        assert!(
            state.cursor() >= state.tree_offset
                && state.cursor() < state.tree_offset + visible as usize
        );
        f.keys(&mut state, "gg");
        assert_eq!(state.tree_offset, 0);
    }

    #[test]
    fn a_resize_while_writing_a_note_keeps_the_selection_on_screen_afterwards() {
        let f = Fixture::builtin();
        // Opened on a big screen, made small while the note editor (then its question) is open.
        for (opened, close) in [("a", "Escape"), ("a x Escape", "y")] {
            let mut state = f.state(120, 50);
            f.keys(&mut state, &format!("0 {opened}"));
            update(
                &mut state,
                f.ctx(),
                Action::Resize {
                    width: 80,
                    height: 14,
                },
            );
            f.keys(&mut state, &format!("{close} G"));
            assert!(state.editor.is_none());
            let tree = layout::areas(80, 14, state.focus).tree.unwrap();
            let shown =
                state.tree_offset..state.tree_offset + usize::from(layout::inner(tree).height);
            assert!(
                shown.contains(&state.cursor()),
                "after {opened}: the last row, {}, is selected but rows {shown:?} show",
                state.cursor()
            );
        }
    }

    #[test]
    fn the_wheel_moves_through_the_problems_list() {
        // Two quotes the source document does not hold: two problems.
        let json = r#"{"argscope": 1, "root": {"id": "t", "kind": "thesis", "label": "T", "children": [
            {"id": "a", "kind": "claim", "label": "A", "quote": "not in the text"},
            {"id": "b", "kind": "claim", "label": "B", "quote": "nor this"}
        ]}}"#;
        let loaded = load::from_str(json, "t.json", DocumentSource::Text("The text."))
            .expect("fixture loads");
        assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);
        let f = Fixture {
            loaded,
            keymap: Keymap::default(),
        };
        let mut state = f.state(80, 24);
        f.keys(&mut state, "W");
        assert_eq!(state.problems, Some(0));
        let wheel = |state: &mut ViewState, down| {
            update(
                state,
                f.ctx(),
                Action::Wheel {
                    column: 40,
                    row: 10,
                    down,
                },
            );
        };
        wheel(&mut state, true);
        assert_eq!(state.problems, Some(1));
        wheel(&mut state, false);
        assert_eq!(
            state.problems,
            Some(0),
            "the list stays open and goes back up"
        );
    }

    #[test]
    fn following_a_reference_goes_to_where_the_statement_is_written() {
        let f = Fixture::with_reference();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "G l");
        assert_eq!(state.rows().len(), 4, "T, A, B and the reference under B");
        f.keys(&mut state, "j");
        let reference = state.selected();
        assert!(f.loaded.map.is_ref(reference));
        f.keys(&mut state, "l");
        assert_eq!(state.selected(), f.id("a"));
        assert!(
            state
                .message
                .as_deref()
                .unwrap_or("")
                .contains("written out")
        );
    }

    #[test]
    fn tiny_terminals_take_every_key_without_panicking() {
        let f = Fixture::builtin();
        for (width, height) in [(1, 1), (0, 0), (2, 3), (10, 4), (60, 5)] {
            let mut state = f.state(width, height);
            f.keys(
                &mut state,
                "0 G j k PageDown C-d Tab j G gg ? j Escape l h 1",
            );
            update(&mut state, f.ctx(), Action::Click { column: 0, row: 0 });
            update(
                &mut state,
                f.ctx(),
                Action::Wheel {
                    column: 0,
                    row: 0,
                    down: true,
                },
            );
        }
    }

    #[test]
    fn typing_a_search_filters_to_matches_and_their_ancestors() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ crIMea");
        assert_eq!(mode(&state), Mode::Search);
        assert_eq!(state.selected(), f.id("crimea"));
        let ids: Vec<_> = state.rows().iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            f.loaded.map.path_to(f.id("crimea")),
            "only the match and the way to it"
        );
        assert!(
            state.rows().range(0..4).all(|r| r.context),
            "ancestors are context"
        );
        assert!(!state.rows()[4].context);
    }

    #[test]
    fn escape_while_typing_restores_exactly_the_view_before() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 12);
        f.keys(&mut state, "0 j j j j j j j j j j j Tab j");
        let before = (
            state.rows().to_vec(),
            state.selected(),
            state.tree_offset,
            state.detail_scroll,
        );
        f.keys(&mut state, "Tab / sco BSpace BSpace");
        assert_eq!(
            state.filters().search.as_ref().map(|s| s.query.as_str()),
            Some("s")
        );
        f.keys(&mut state, "Escape");
        assert_eq!(mode(&state), Mode::Normal);
        assert!(state.filters().search.is_none());
        let after = (
            state.rows().to_vec(),
            state.selected(),
            state.tree_offset,
            state.detail_scroll,
        );
        assert_eq!(after.0, before.0);
        assert_eq!((after.1, after.2), (before.1, before.2));
    }

    #[test]
    fn escape_on_a_kept_search_whose_best_match_was_already_in_view_shows_the_whole_tree() {
        // "russia" matches the thesis first: nothing needs unfolding to show it, and the
        // filtered rows were once left on screen with the filter gone.
        let f = Fixture::builtin();
        let map = &f.loaded.map;
        let mut state = f.state(80, 24);
        // The open nodes (some of their children shown under them) that do not show all.
        let cut_short = |state: &ViewState| -> Vec<String> {
            let rows: Vec<_> = state.rows().iter().collect();
            (rows.iter().enumerate())
                .filter(|&(i, row)| {
                    let under = rows[i + 1..].iter().take_while(|r| r.depth > row.depth);
                    let shown = under.filter(|r| r.depth == row.depth + 1).count();
                    shown > 0 && shown != map.children(row.id).len()
                })
                .map(|(_, row)| map.statement(row.id).label.clone())
                .collect()
        };
        f.keys(&mut state, "/ russia Enter");
        assert_eq!(state.selected(), map.root);
        assert!(!cut_short(&state).is_empty(), "the search hides nodes");
        f.keys(&mut state, "Escape");
        assert_eq!(cut_short(&state), Vec::<String>::new());
        assert_eq!(state.selected(), map.root);
    }

    #[test]
    fn a_space_typed_after_a_word_keeps_the_match_the_reader_moved_to() {
        // The words searched for are the same: the result stays as it is, and so does the
        // selection (it used to jump back to the best match), on this thread or the worker's.
        let f = Fixture::builtin();
        for elsewhere in [false, true] {
            let mut state = f.state(80, 24);
            state.search_elsewhere = elsewhere;
            f.keys(&mut state, "/ s c o");
            if let Some(job) = state.search_job() {
                search_found(&mut state, f.ctx(), job.run(&|| false).unwrap());
            }
            assert_eq!(state.selected(), f.id("sco-security"), "the best match");
            f.keys(&mut state, "Tab");
            let moved_to = state.selected();
            assert_ne!(moved_to, f.id("sco-security"));
            let rows = state.rows().to_vec();
            f.keys(&mut state, "Space");
            assert_eq!(state_query(&state), "sco ");
            assert!(state.pending_search().is_none());
            assert_eq!(state.selected(), moved_to, "elsewhere: {elsewhere}");
            assert_eq!(state.rows().to_vec(), rows);
        }
    }

    #[test]
    fn a_kept_search_steps_through_matches_and_escape_shows_all_again() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ sco Enter");
        assert_eq!(mode(&state), Mode::Normal);
        let search = state.filters().search.clone().unwrap();
        assert_eq!(search.matches.len(), 5);
        let first = state.selected();
        assert_eq!(
            first,
            f.id("sco-security"),
            "a label match is the best match"
        );
        f.keys(&mut state, "n");
        assert_ne!(state.selected(), first);
        f.keys(&mut state, "N");
        assert_eq!(state.selected(), first);
        while state.search_position() != Some((1, 5)) {
            f.keys(&mut state, "N");
        }
        f.keys(&mut state, "N");
        assert_eq!(
            state.search_position(),
            Some((5, 5)),
            "N from the first wraps to the last"
        );
        let at = state.selected();
        f.keys(&mut state, "Escape");
        assert!(state.filters().search.is_none());
        assert_eq!(state.selected(), at, "clearing keeps the node");
        assert!(
            state.rows().len() > 7,
            "the whole tree, unfolded down to it"
        );
        assert_eq!(
            f.keys(&mut state, "Escape"),
            None,
            "with nothing to clear, Esc does not quit"
        );
    }

    #[test]
    fn tab_and_arrows_step_through_matches_while_typing() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ russia");
        let first = state.selected();
        f.keys(&mut state, "Tab");
        assert_ne!(state.selected(), first);
        f.keys(&mut state, "BTab");
        assert_eq!(state.selected(), first);
        f.keys(&mut state, "/ n N");
        assert_eq!(
            state.filters().search.as_ref().unwrap().query,
            "russia/nN",
            "letters are typed, not commands"
        );
    }

    #[test]
    fn c_shows_the_case_against_then_for_then_both() {
        let f = Fixture::builtin();
        let map = &f.loaded.map;
        let mut state = f.state(80, 24);
        f.keys(&mut state, "c");
        let against = |state: &ViewState| {
            state
                .rows()
                .iter()
                .filter(|r| !r.context && r.id != map.root)
                .map(|r| map.node(r.id).kind)
                .collect::<Vec<_>>()
        };
        let kinds = against(&state);
        assert_eq!(kinds.len(), 9, "7 caveats and 2 questions");
        assert!(kinds.iter().all(|k| Side::Against.includes(*k)));
        f.keys(&mut state, "c");
        assert!(against(&state).iter().all(|k| Side::For.includes(*k)));
        f.keys(&mut state, "c");
        assert_eq!(state.rows().len(), 7, "both sides, folded as before");
    }

    #[test]
    fn f_narrows_to_the_selection_and_f_again_shows_all() {
        let f = Fixture::builtin();
        let map = &f.loaded.map;
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j f");
        let ids: Vec<_> = state.rows().iter().map(|r| r.id).collect();
        assert_eq!(ids[..2], [map.root, f.id("point-1")]);
        assert_eq!(
            ids.len(),
            2 + 5,
            "the thesis, point 1 and its five children"
        );
        assert_eq!(state.selected(), f.id("point-1"));
        f.keys(&mut state, "f");
        assert!(state.filters().focus.is_none());
        assert_eq!(state.rows().len(), 7 + 5);
    }

    #[test]
    fn in_the_step_in_view_g_and_gg_go_to_the_last_and_first_child_of_the_column() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j z");
        let for_side = state.zoom.as_ref().unwrap().side(Column::For).to_vec();
        assert_eq!(for_side.len(), 3, "three points for it");
        f.keys(&mut state, "G");
        assert_eq!(state.zoom.as_ref().unwrap().selected(), Some(for_side[2]));
        assert_eq!(state.message, None, "G does something here");
        f.keys(&mut state, "gg");
        assert_eq!(state.zoom.as_ref().unwrap().selected(), Some(for_side[0]));
        f.keys(&mut state, "End");
        assert_eq!(state.zoom.as_ref().unwrap().selected(), Some(for_side[2]));
        f.keys(&mut state, "Home");
        assert_eq!(state.zoom.as_ref().unwrap().selected(), Some(for_side[0]));
    }

    #[test]
    fn z_steps_in_and_backspace_and_alt_arrows_walk_the_history() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j z");
        assert_eq!(mode(&state), Mode::Zoom);
        f.keys(&mut state, "l Enter");
        assert_eq!(
            state.zoom.as_ref().unwrap().root(),
            f.id("russia-voted-sanctions")
        );
        f.keys(&mut state, "BSpace");
        assert_eq!(state.zoom.as_ref().unwrap().root(), f.id("point-1"));
        f.keys(&mut state, "M-Right");
        assert_eq!(
            state.zoom.as_ref().unwrap().root(),
            f.id("russia-voted-sanctions")
        );
        f.keys(&mut state, "M-Left");
        assert_eq!(state.zoom.as_ref().unwrap().root(), f.id("point-1"));
        f.keys(&mut state, "M-Left");
        assert!(
            state.zoom.is_none(),
            "back past the first node returns to the tree"
        );
        assert_eq!(mode(&state), Mode::Normal);
    }

    #[test]
    fn y_and_capital_y_copy_through_an_effect_and_say_so() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ crimea Enter");
        let Some(Effect::Copy(text)) = f.keys(&mut state, "y") else {
            panic!("y copies")
        };
        assert!(
            text.ends_with("— Abbas Maleki, Iran Review, para. 4"),
            "{text}"
        );
        assert!(
            state
                .message
                .as_deref()
                .unwrap()
                .starts_with("quote and citation sent to the terminal's clipboard")
        );
        let Some(Effect::Copy(text)) = f.keys(&mut state, "Y") else {
            panic!("Y copies")
        };
        assert!(text.starts_with("Why did Russia attack Crimea?\n"));
    }

    /// Pasted text (bracketed paste) goes whole into a note or a search; pasted over the map it
    /// runs none of its letters as keys ("Putin and the question": P, u, t, … q).
    #[test]
    fn pasted_text_goes_into_a_note_or_a_search_and_runs_nothing_on_the_map() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        handle_paste(&mut state, f.ctx(), "Putin and the question");
        assert!(state.present.is_none() && state.source.is_none());
        assert_eq!(state.selected(), f.loaded.map.root);
        assert_eq!(
            state.message.as_deref(),
            Some("pasted text runs nothing here; paste it into a note (a) or a search (/)")
        );

        f.keys(&mut state, "/");
        handle_paste(&mut state, f.ctx(), "Crimean\r\n");
        let search = state.filters().search.clone().expect("a search");
        assert_eq!(search.query, "Crimean");
        assert!(search.typing, "Enter in the paste does not end the search");

        f.keys(&mut state, "Enter a");
        handle_paste(&mut state, f.ctx(), "Ask why\r\n\x1b[31mthen vote");
        f.keys(&mut state, "C-s");
        let note = state
            .notes
            .entries()
            .values()
            .next()
            .map(|e| e.note.clone());
        assert_eq!(note.as_deref(), Some("Ask why\n␛[31mthen vote"));
    }

    /// A page pasted into the search line is one insertion and one search, not one a
    /// character (each search copies and folds the whole query, so a paste typed in letter by
    /// letter took the square of its length: hours for two megabytes), and the query is cut at
    /// [`MAX_QUERY_CHARS`] with a word saying so. Typing at the limit adds nothing and says so.
    #[test]
    fn a_long_paste_into_the_search_line_is_one_search_of_a_query_cut_to_length() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        state.search_elsewhere = true;
        f.keys(&mut state, "/ r");
        let searches = |state: &ViewState| state.search_job().expect("a search waits").generation;
        let before = searches(&state);
        let page = "Russia and   Iran\r\nagree on Crimea. ".repeat(2_000);
        handle_paste(&mut state, f.ctx(), &page);
        assert_eq!(
            searches(&state),
            before + 1,
            "one search for the whole paste"
        );
        let query = state_query(&state);
        assert_eq!(query.chars().count(), MAX_QUERY_CHARS);
        assert!(
            query.starts_with("rRussia and Iran agree on Crimea. Russia"),
            "{query}"
        );
        assert_eq!(
            state.message.as_deref(),
            Some("a search is at most 200 characters long: the rest was left out")
        );
        f.keys(&mut state, "x");
        assert_eq!(state_query(&state), query, "no room for a key");
        assert_eq!(searches(&state), before + 1, "and no search for it");
        assert!(
            state
                .message
                .as_deref()
                .is_some_and(|m| m.contains("at most 200"))
        );
        // Room made, a key fits again; a paste into a full line changes nothing.
        f.keys(&mut state, "BSpace x");
        assert!(state_query(&state).ends_with('x') && state.message.is_none());
        handle_paste(&mut state, f.ctx(), "more");
        assert!(state_query(&state).ends_with('x'));
        // Searched, the cut query is an ordinary one.
        f.keys(&mut state, "Enter");
        assert!(state.pending_search().is_none());
    }

    /// A paste that fits goes in whole, with one search, and says nothing.
    #[test]
    fn a_paste_into_the_search_line_that_fits_is_one_search_and_no_message() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        state.search_elsewhere = true;
        f.keys(&mut state, "/ r");
        let before = state.search_job().unwrap().generation;
        handle_paste(&mut state, f.ctx(), "ussia  crimea\n");
        assert_eq!(state.search_job().unwrap().generation, before + 1);
        assert_eq!(state_query(&state), "russia crimea");
        assert!(state.message.is_none());
    }

    /// Pasted in presenter mode, where `/` searches nothing, the message names only the note;
    /// in the source text, where neither key works, it names neither.
    #[test]
    fn pasted_text_names_only_the_keys_that_work_where_it_was_pasted() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "P");
        handle_paste(&mut state, f.ctx(), "Putin");
        assert_eq!(
            state.message.as_deref(),
            Some("pasted text runs nothing here; paste it into a note (a)")
        );
        let mut state = f.state(80, 24);
        f.keys(&mut state, "s Tab");
        assert_eq!(mode(&state), Mode::Source);
        handle_paste(&mut state, f.ctx(), "Putin");
        assert_eq!(
            state.message.as_deref(),
            Some("pasted text runs nothing here")
        );
    }

    /// Bookmarking names the key to the next bookmark only where that key works: in the tree
    /// and in presenter mode, not stepped into a node, where `'` does nothing.
    #[test]
    fn bookmarking_names_the_next_bookmark_key_only_where_it_works() {
        let f = Fixture::builtin();
        for keys in ["j b", "P j b"] {
            let mut state = f.state(80, 24);
            f.keys(&mut state, keys);
            assert_eq!(
                state.message.as_deref(),
                Some("bookmarked; ' goes from bookmark to bookmark"),
                "{keys}"
            );
        }
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j z b");
        assert_eq!(state.message.as_deref(), Some("bookmarked"));
        f.keys(&mut state, "'");
        assert_eq!(
            state.message.as_deref(),
            Some("' does nothing here; press ? for the keys"),
            "stepped in: the key the message would have named"
        );
    }

    /// In presenter mode the notes keys mark, rate and annotate the slide on screen (not the
    /// node the tree had selected when presenting began), and undo takes it back.
    #[test]
    fn in_presenter_mode_the_notes_keys_act_on_the_slide_on_screen() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "P j j");
        let slide = state.present.as_ref().unwrap().current();
        assert_ne!(slide, state.selected());
        f.keys(&mut state, "+ i 3 a Ask Space why C-s");
        assert_eq!(
            mode(&state),
            Mode::Present,
            "the editor closes back onto the slide"
        );
        let key = state.note_keys.key_in(&f.loaded.map, slide).to_string();
        let entry = state.notes.get(&key).expect("notes on the slide's node");
        assert_eq!(
            (entry.mark, entry.impact, entry.note.as_str()),
            (Some(Mark::Agree), Some(3), "Ask why")
        );
        let root_key = state.note_keys.key_in(&f.loaded.map, f.loaded.map.root);
        assert!(state.notes.get(&root_key).is_none());
        f.keys(&mut state, "u");
        assert!(
            state
                .message
                .as_deref()
                .unwrap()
                .starts_with("undone: the note on “"),
            "{:?}",
            state.message
        );
        assert!(state.present.is_some(), "still presenting");
    }

    /// In presenter mode `y` and `Y` copy the slide on screen, not the node the tree had
    /// selected when presenting began.
    #[test]
    fn y_in_presenter_mode_copies_the_slide_on_screen() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "P j j");
        let Some(Effect::Copy(text)) = f.keys(&mut state, "y") else {
            panic!("y copies")
        };
        assert!(
            text.starts_with("“Construction of eight new nuclear power plants”"),
            "{text}"
        );
        assert!(
            state
                .message
                .as_deref()
                .unwrap()
                .starts_with("quote and citation sent"),
            "{:?}",
            state.message
        );
        let Some(Effect::Copy(text)) = f.keys(&mut state, "Y") else {
            panic!("Y copies")
        };
        assert!(
            text.starts_with("Eight new nuclear power plants\n"),
            "{text}"
        );
    }

    #[test]
    fn s_opens_the_source_on_the_selected_quote_and_the_map_follows_the_reading() {
        let f = Fixture::builtin();
        let document = f.loaded.document.as_ref().unwrap();
        let mut state = f.state(100, 30);
        f.keys(&mut state, "/ crimea Enter s");
        let sentence = |state: &ViewState| {
            let pane = state.source.as_ref().unwrap();
            let span = pane.view.cursor_sentence(document).unwrap();
            document.reflowed(span)
        };
        assert!(sentence(&state).contains("Crimean Peninsula"));
        assert_eq!(
            mode(&state),
            Mode::Normal,
            "the map keeps the keys until Tab"
        );
        f.keys(&mut state, "Tab");
        assert_eq!(mode(&state), Mode::Source);
        f.keys(&mut state, "j");
        assert!(
            sentence(&state).starts_with("At the same time"),
            "{}",
            sentence(&state)
        );
        assert_eq!(
            state.selected(),
            f.id("goals-not-conflicting"),
            "the map follows the reading"
        );
        f.keys(&mut state, "k k");
        assert_eq!(state.selected(), f.id("putin-balanced"));
        f.keys(&mut state, "Tab j");
        assert_eq!(mode(&state), Mode::Normal);
        assert!(
            sentence(&state).starts_with("Although"),
            "and the reading follows the map"
        );
        f.keys(&mut state, "s");
        assert!(state.source.is_none());
    }

    #[test]
    fn s_on_a_map_without_a_document_says_so() {
        let f = Fixture::with_reference();
        let mut state = f.state(80, 24);
        // The fixture's document is empty text: it has no sentences but exists.
        let no_document = Loaded {
            document: None,
            ..load::from_str(
                r#"{"argscope": 1, "root": {"id": "t", "kind": "thesis", "label": "T"}}"#,
                "t.json",
                DocumentSource::Text(""),
            )
            .unwrap()
        };
        let ctx = Context {
            loaded: &no_document,
            keymap: &f.keymap,
            rescue_path: std::path::Path::new("rescued.notes.json"),
        };
        let mut bare = ViewState::new(&no_document.map, 80, 24);
        update(&mut bare, ctx, Action::ToggleSource);
        assert!(bare.source.is_none());
        assert_eq!(
            bare.message.as_deref(),
            Some("this map has no source document to show")
        );
        f.keys(&mut state, "s Tab j k G gg PageDown");
    }

    #[test]
    fn escape_closes_what_is_open_and_never_quits() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "s");
        assert!(state.source.is_some());
        assert_eq!(
            f.keys(&mut state, "Escape"),
            None,
            "Esc quit with the source open"
        );
        assert!(state.source.is_none());
        // Presenting, one Esc too many (overview, presenter mode, then the tree) leaves the
        // map open on the node it was on, and says which key quits.
        f.keys(&mut state, "j j P o");
        for _ in 0..3 {
            assert_eq!(f.keys(&mut state, "Escape"), None);
        }
        assert!(state.present.is_none());
        assert_eq!(
            state.selected(),
            f.loaded.map.children(f.loaded.map.root)[1]
        );
        assert_eq!(
            state.message.as_deref(),
            Some("nothing to close here; q quits")
        );
    }

    #[test]
    fn p_presents_from_the_selection_and_escape_leaves_on_the_slides_node() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j P");
        assert_eq!(mode(&state), Mode::Present);
        let presenter = state.present.as_ref().unwrap();
        assert_eq!(presenter.current(), f.id("point-1"));
        assert_eq!(presenter.position(), (10, 37));
        f.keys(&mut state, "Space Space");
        assert_eq!(state.present.as_ref().unwrap().revealed(), 2);
        f.keys(&mut state, "j");
        assert_eq!(
            state.present.as_ref().unwrap().current(),
            f.id("western-campaign")
        );
        f.keys(&mut state, "o");
        assert!(state.present.as_ref().unwrap().overview());
        f.keys(&mut state, "Escape");
        assert!(state.present.is_some(), "Esc closes the overview first");
        f.keys(&mut state, "Escape");
        assert!(state.present.is_none());
        assert_eq!(
            state.selected(),
            f.id("western-campaign"),
            "the tree is on the slide's node"
        );
    }

    /// Esc after a typed slide number forgets the number and stays in presenter mode; `G`
    /// then goes to the last slide, and a second Esc leaves.
    #[test]
    fn in_presenter_mode_escape_after_a_slide_number_only_forgets_the_number() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "P 1 2");
        assert_eq!(
            state.message.as_deref(),
            Some("slide 12: G goes there, Esc cancels")
        );
        f.keys(&mut state, "Escape");
        assert_eq!(mode(&state), Mode::Present, "still presenting");
        assert_eq!(
            state.message, None,
            "the number is gone from the status line"
        );
        assert_eq!(state.present.as_ref().unwrap().position(), (1, 37));
        f.keys(&mut state, "G");
        assert_eq!(
            state.present.as_ref().unwrap().position(),
            (37, 37),
            "the number was forgotten: G goes to the last slide"
        );
        f.keys(&mut state, "3 Escape Escape");
        assert!(state.present.is_none(), "a second Esc leaves");
    }
    #[test]
    fn in_the_overview_the_arrows_choose_and_only_o_or_enter_shows_the_choice() {
        let f = Fixture::builtin();
        let slide = |state: &ViewState| state.present.as_ref().unwrap().position().0;
        let mut state = f.state(80, 24);
        f.keys(&mut state, "P j j j j j j j j j j o");
        assert_eq!(mode(&state), Mode::Overview);
        f.keys(&mut state, "Up Up Up Up Up Up");
        assert_eq!(slide(&state), 11, "choosing leaves the slide on screen");
        assert_eq!(state.present.as_ref().unwrap().chosen(), 5);
        f.keys(&mut state, "Escape");
        assert_eq!(mode(&state), Mode::Present);
        assert_eq!(slide(&state), 11, "Esc goes back to the slide you were on");
        f.keys(&mut state, "o k k k k k k q");
        assert_eq!((mode(&state), slide(&state)), (Mode::Present, 11));
        f.keys(&mut state, "o k k k k k k Enter");
        assert_eq!((mode(&state), slide(&state)), (Mode::Present, 5));
        f.keys(&mut state, "o G o");
        assert_eq!(slide(&state), 37);
        f.keys(&mut state, "o g PageDown");
        assert!(state.present.as_ref().unwrap().chosen() > 2, "a page down");
        f.keys(&mut state, "Enter");
        assert!(slide(&state) > 2);
    }

    /// On a slide too tall for the screen, J and the wheel scroll it down, K and the wheel up,
    /// no further than its end; a reveal shows the slide from its top again.
    #[test]
    fn in_presenter_mode_j_and_the_wheel_scroll_a_slide_too_tall_for_the_screen() {
        let f = Fixture::builtin();
        let scroll = |state: &ViewState| state.present.as_ref().unwrap().slide_scroll();
        let wheel = |down| Action::Wheel {
            column: 10,
            row: 10,
            down,
        };
        let mut state = f.state(60, 16);
        f.keys(&mut state, "P j j j j j j j j j J");
        let first = scroll(&state);
        assert!(first > 0);
        update(&mut state, f.ctx(), wheel(true));
        assert!(scroll(&state) > first, "the wheel scrolls on");
        f.keys(&mut state, "J J J J J J J J");
        let end = scroll(&state);
        f.keys(&mut state, "J");
        assert_eq!(scroll(&state), end, "no further than the slide's end");
        update(&mut state, f.ctx(), wheel(false));
        assert!(scroll(&state) < end);
        f.keys(&mut state, "K K K K K K K K");
        assert_eq!(scroll(&state), 0);
        f.keys(&mut state, "J Right");
        assert_eq!(scroll(&state), 0, "a reveal shows the slide from its top");
        let mut wide = f.state(200, 50);
        f.keys(&mut wide, "P J");
        assert_eq!(scroll(&wide), 0);
        assert_eq!(
            wide.message.as_deref(),
            Some("the whole slide is on screen")
        );
    }

    #[test]
    fn presenting_walks_the_whole_argument_forward_and_back() {
        let f = Fixture::builtin();
        let mut state = ViewState::start(
            &f.loaded.map,
            80,
            24,
            &crate::tui::state::Start {
                present: true,
                ..Default::default()
            },
        );
        let mut seen = vec![state.present.as_ref().unwrap().current()];
        for _ in 0..200 {
            f.keys(&mut state, "Right");
            let now = state.present.as_ref().unwrap().current();
            if seen.last() != Some(&now) {
                seen.push(now);
            }
        }
        let reading: Vec<_> = f.loaded.map.preorder().collect();
        assert_eq!(seen, reading, "every node, in reading order");
        for _ in 0..200 {
            f.keys(&mut state, "Left");
        }
        assert_eq!(state.present.as_ref().unwrap().position(), (1, 37));
    }

    #[test]
    fn reading_the_source_past_a_search_clears_the_filter_to_follow() {
        let f = Fixture::builtin();
        let mut state = f.state(100, 30);
        f.keys(&mut state, "/ crimea Enter s Tab j");
        assert_eq!(state.selected(), f.id("goals-not-conflicting"));
        assert!(!state.filters().active());
        assert!(
            state
                .message
                .as_deref()
                .unwrap_or("")
                .contains("filters cleared")
        );
    }

    #[test]
    fn marks_ratings_and_bookmarks_toggle_and_ask_for_a_save() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j");
        assert_eq!(f.keys(&mut state, "+"), Some(Effect::SaveNotes));
        let entry = |state: &ViewState| state.notes.get("point-1").cloned().unwrap_or_default();
        assert_eq!(entry(&state).mark, Some(Mark::Agree));
        f.keys(&mut state, "-");
        assert_eq!(
            entry(&state).mark,
            Some(Mark::Disagree),
            "another mark replaces it"
        );
        f.keys(&mut state, "-");
        assert_eq!(entry(&state).mark, None, "the same mark again clears it");
        f.keys(&mut state, "i 3");
        assert_eq!(entry(&state).impact, Some(3));
        f.keys(&mut state, "i3");
        assert_eq!(entry(&state).impact, None);
        f.keys(&mut state, "b");
        assert!(entry(&state).bookmark);
        f.keys(&mut state, "u u");
        assert!(!entry(&state).bookmark);
        assert_eq!(
            entry(&state).impact,
            Some(3),
            "undo walks back one change at a time"
        );
        f.keys(&mut state, "C-r");
        assert_eq!(entry(&state).impact, None);
    }

    /// The root bears on no parent: `i` then a rating there refuses in one sentence and
    /// records nothing, whatever the root's kind (a thesis, or a question several theses
    /// answer, as a Kialo or AIF import makes).
    #[test]
    fn the_root_refuses_an_impact_rating_and_says_why() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        assert_eq!(f.keys(&mut state, "i 3"), None, "nothing to save");
        assert_eq!(
            state.message.as_deref(),
            Some("the thesis has no parent to rate its impact on")
        );
        assert!(state.notes.entries().is_empty(), "no rating recorded");
        assert_eq!(f.keys(&mut state, "u"), None, "nothing to undo");
        assert_eq!(state.message.as_deref(), Some("nothing to undo"));
        // On the thesis's slide in presenter mode, the same.
        let mut slide = f.state(80, 24);
        f.keys(&mut slide, "P i 4");
        assert_eq!(
            slide.message.as_deref(),
            Some("the thesis has no parent to rate its impact on")
        );
        assert!(slide.notes.entries().is_empty());
        // A rating recorded on the thesis before (by an older argscope, or by hand) is cleared.
        let mut stale = f.state(80, 24);
        stale.notes.change("thesis", "T", |e| e.impact = Some(2));
        assert_eq!(f.keys(&mut stale, "i 4"), Some(Effect::SaveNotes));
        assert_eq!(
            stale.message.as_deref(),
            Some("impact rating cleared: the thesis has no parent to rate its impact on")
        );
        assert_eq!(stale.notes.get("thesis").and_then(|e| e.impact), None);
        // A child still takes one.
        f.keys(&mut state, "j i 3");
        assert_eq!(
            state.message.as_deref(),
            Some("impact 3 of 4 on its parent")
        );

        let json = r#"{"argscope": 1, "root": {"id": "q", "kind": "question", "label": "Q", "children": [
            {"id": "a", "kind": "claim", "label": "A"}]}}"#;
        let loaded =
            load::from_str(json, "q.json", DocumentSource::Text("")).expect("fixture loads");
        let f = Fixture {
            loaded,
            keymap: Keymap::default(),
        };
        let mut state = f.state(80, 24);
        assert_eq!(f.keys(&mut state, "i 1"), None);
        assert_eq!(
            state.message.as_deref(),
            Some("the question at the top of the map has no parent to rate its impact on")
        );
        assert!(state.notes.entries().is_empty());
    }

    #[test]
    fn the_first_key_of_a_sequence_says_what_can_follow_and_esc_takes_it_back() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j i");
        let said = state.message.clone().unwrap_or_default();
        assert!(
            said.starts_with("i then 0–4: impact on its parent"),
            "{said}"
        );
        assert_eq!(f.keys(&mut state, "Escape"), None, "Esc does not quit");
        assert_eq!(state.message, None);
        f.keys(&mut state, "3");
        assert_eq!(
            state.notes.get("point-1").and_then(|e| e.impact),
            None,
            "after Esc, 3 is a key of its own, not a rating"
        );
        f.keys(&mut state, "g");
        assert_eq!(
            state.message.as_deref(),
            Some("g then g: first row (detail: top)")
        );
    }

    #[test]
    fn a_key_that_does_not_go_on_with_a_sequence_runs_nothing_and_says_what_would() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j");
        let rows = state.rows().len();
        // 9 on its own unfolds nine levels: a slip on the 0–4 scale must not.
        f.keys(&mut state, "i 9");
        assert_eq!(state.rows().len(), rows, "nothing unfolded");
        assert_eq!(state.notes.get("point-1").and_then(|e| e.impact), None);
        let said = state.message.clone().unwrap_or_default();
        assert!(
            said.starts_with("i 9 does nothing; i then 0–4: impact on its parent"),
            "{said}"
        );
        let at = state.selected();
        f.keys(&mut state, "g j");
        assert_eq!(state.selected(), at, "g j does not move");
        f.keys(&mut state, "j");
        assert_ne!(state.selected(), at, "the next key is read afresh");
    }

    #[test]
    fn up_in_the_note_editor_moves_one_line_as_shown_not_a_paragraph() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j a");
        // One paragraph, wrapped over several lines of the editor.
        f.keys(&mut state, &"word Space ".repeat(40));
        // Drawn, as the interface draws after every key: the editor learns its width.
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
            .expect("a test terminal");
        terminal
            .draw(|frame| crate::tui::ui::draw(frame, &state, f.ctx()))
            .expect("drawn");
        f.keys(&mut state, "Up X");
        let text = state
            .editor
            .as_ref()
            .expect("editing")
            .textarea
            .lines()
            .join("\n");
        assert!(
            text.contains('X') && !text.trim_end().ends_with('X'),
            "X should go one shown line up, inside the paragraph: {text:?}"
        );
    }

    #[test]
    fn the_quote_mark_jumps_from_bookmark_to_bookmark() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j b G b gg");
        f.keys(&mut state, "'");
        assert_eq!(state.selected(), f.id("point-1"));
        f.keys(&mut state, "'");
        assert_eq!(state.selected(), f.id("point-5"));
        f.keys(&mut state, "'");
        assert_eq!(state.selected(), f.id("point-1"), "round again");
    }

    /// A key that goes to a node a filter hides takes that filter off, says so, and lands on
    /// the node: `'` past a focus or a kept search, leaving presenter mode under `c`.
    #[test]
    fn a_jump_to_a_node_a_filter_hides_takes_the_filter_off_and_says_so() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j b gg j f");
        assert_eq!(state.filters().focus, Some(f.id("background")));
        f.keys(&mut state, "'");
        assert_eq!(state.selected(), f.id("point-1"));
        assert!(state.filters().focus.is_none());
        assert_eq!(state.message.as_deref(), Some("the focus hid it: now off"));

        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j b gg / caspian Enter '");
        assert_eq!(state.selected(), f.id("point-1"));
        assert!(state.filters().search.is_none());
        assert_eq!(state.message.as_deref(), Some("the search hid it: now off"));

        // A bookmark the filter shows keeps it on, and says nothing of it.
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j b f gg '");
        assert_eq!(state.selected(), f.id("point-1"));
        assert!(state.filters().focus.is_some());
        assert_eq!(state.message, None);

        let mut state = f.state(80, 24);
        f.keys(&mut state, "c P j");
        assert_eq!(
            state.present.as_ref().unwrap().current(),
            f.id("background")
        );
        f.keys(&mut state, "Escape");
        assert_eq!(state.selected(), f.id("background"));
        assert!(state.filters().side.is_none());
        assert_eq!(
            state.message.as_deref(),
            Some("the one-side view hid it: now off")
        );
    }

    /// A fold made while a search is on hides none of its matches from a jump: `n`, `N` and
    /// `'` open the folds on the way to the node, land on it and keep the search on.
    #[test]
    fn a_jump_into_a_fold_made_under_a_search_opens_it_and_keeps_the_search() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ sanctions Enter");
        assert_eq!(state.selected(), f.id("point-1"));
        assert_eq!(state.search_position(), Some((1, 4)));
        f.keys(&mut state, "h");
        assert!(!state.children_shown(), "point-1 folded over its matches");
        f.keys(&mut state, "n");
        assert_eq!(state.selected(), f.id("western-campaign"));
        assert_eq!(state.search_position(), Some((2, 4)));
        assert_eq!(state.message, None);

        f.keys(&mut state, "h h N");
        assert_eq!(state.selected(), f.id("iran-weathered"), "N goes round");
        assert_eq!(state.search_position(), Some((4, 4)));

        // A bookmark inside the fold: the search stays, as it shows the bookmark.
        f.keys(&mut state, "N b h h '");
        assert_eq!(state.selected(), f.id("russia-voted-sanctions"));
        assert!(state.filters().search.is_some(), "the search stays on");
        assert_eq!(state.message, None, "no filter came off");

        // Where the side shown hides every match, `n` says so rather than doing nothing.
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ crimea Enter c c");
        assert_eq!(state.filters().side, Some(Side::For));
        let before = state.selected();
        f.keys(&mut state, "n");
        assert_eq!(state.selected(), before);
        assert_eq!(
            state.message.as_deref(),
            Some("the one-side view hides every match for “crimea”")
        );
    }

    /// A fold made inside a focus does not hide a bookmark below it: `'` opens it and the
    /// focus stays.
    #[test]
    fn a_jump_into_a_fold_made_under_a_focus_opens_it_and_keeps_the_focus() {
        let f = Fixture::builtin();
        let map = &f.loaded.map;
        let mut state = f.state(80, 24);
        f.keys(&mut state, "0");
        state.select_node(map, f.id("weak-diplomacy"));
        f.keys(&mut state, "b");
        state.select_node(map, f.id("point-1"));
        f.keys(&mut state, "f");
        state.select_node(map, f.id("independent-partners"));
        f.keys(&mut state, "h");
        assert!(!state.children_shown(), "folded inside the focus");
        f.keys(&mut state, "'");
        assert_eq!(state.selected(), f.id("weak-diplomacy"));
        assert_eq!(state.filters().focus, Some(f.id("point-1")));
        assert_eq!(state.message, None);
    }

    /// Following a reference (`l` on ↪) to a statement the focus hides goes there all the same.
    #[test]
    fn following_a_reference_out_of_a_focus_takes_the_focus_off() {
        let f = Fixture::with_reference();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "0 G f");
        assert!(state.filters().focus.is_some());
        assert!(f.loaded.map.is_ref(state.selected()));
        f.keys(&mut state, "l");
        assert_eq!(state.selected(), f.id("a"));
        assert!(state.filters().focus.is_none());
        assert!(
            state
                .message
                .as_deref()
                .unwrap()
                .ends_with("the focus hid it: now off"),
            "{:?}",
            state.message
        );
    }

    /// Under a kept search, `c` or `f`, folding works on what the filter shows: Space folds and
    /// unfolds, `h` folds before it goes to the parent, and `1`–`9` show that many levels.
    #[test]
    fn folds_work_on_what_a_filter_shows() {
        let f = Fixture::builtin();
        let map = &f.loaded.map;
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ russia Enter");
        let all = state.rows().len();
        state.select_node(map, f.id("point-1"));
        assert!(state.children_shown());
        f.keys(&mut state, "Space");
        assert_eq!(state.selected(), f.id("point-1"));
        assert!(!state.children_shown(), "folded");
        assert!(state.rows().len() < all);
        assert!(state.hides_rows_below(f.id("point-1")), "drawn as a fold");
        f.keys(&mut state, "Space");
        assert_eq!(state.rows().len(), all, "unfolded again");
        f.keys(&mut state, "1");
        assert_eq!(state.rows().len(), 1, "one level: the thesis");
        assert_eq!(state.message.as_deref(), Some("showing 1 level"));
        f.keys(&mut state, "l");
        assert!(state.rows().len() > 1);

        let mut state = f.state(80, 24);
        f.keys(&mut state, "c j");
        assert_eq!(state.selected(), f.id("point-1"));
        let all = state.rows().len();
        f.keys(&mut state, "h");
        assert_eq!(state.selected(), f.id("point-1"), "h folds first");
        assert!(state.rows().len() < all);
        f.keys(&mut state, "h");
        assert_eq!(state.selected(), map.root, "then goes to the parent");
        f.keys(&mut state, "Escape");
        assert!(state.filters().side.is_none());

        // Folding the focused node itself works too.
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j f Space");
        assert_eq!(state.rows().len(), 2, "the thesis and point 1, folded");
        f.keys(&mut state, "Space");
        assert_eq!(state.rows().len(), 7);
    }

    /// `n` and `N` after a kept search was closed go on through its matches in the whole
    /// tree, as in vim and less.
    #[test]
    fn n_after_a_closed_search_goes_to_the_next_match_in_the_whole_tree() {
        let f = Fixture::builtin();
        let map = &f.loaded.map;
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ crimea Enter Escape gg n");
        assert!(state.filters().search.is_none());
        assert_eq!(state.selected(), f.id("crimea"));
        assert_eq!(state.message.as_deref(), Some("match 1 of 1 for “crimea”"));

        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ russia Enter");
        let matches = state.filters().search.as_ref().unwrap().matches.clone();
        assert_eq!(matches[0], map.root);
        f.keys(&mut state, "Escape gg n");
        assert_eq!(state.selected(), matches[1]);
        assert_eq!(state.message.as_deref(), Some("match 2 of 13 for “russia”"));
        f.keys(&mut state, "n n");
        assert_eq!(state.selected(), matches[3]);
        f.keys(&mut state, "N");
        assert_eq!(state.selected(), matches[2]);
        f.keys(&mut state, "gg N");
        assert_eq!(
            state.selected(),
            matches[matches.len() - 1],
            "round from the start to the end"
        );
        assert!(
            state.rows().len() > matches.len(),
            "the whole tree, unfolded to the match"
        );
        assert!(state.rows().iter().any(|r| r.id == map.root));
    }

    /// Ctrl-o (or Backspace) goes back through the jumps: a reference followed, `G`, a
    /// bookmark, a match; with none left it says so.
    #[test]
    fn ctrl_o_goes_back_to_where_each_jump_came_from() {
        let f = Fixture::with_reference();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "0 G");
        let reference = state.selected();
        assert!(f.loaded.map.is_ref(reference));
        f.keys(&mut state, "l");
        assert_eq!(state.selected(), f.id("a"));
        f.keys(&mut state, "C-o");
        assert_eq!(state.selected(), reference, "back from the reference");
        f.keys(&mut state, "Backspace");
        assert_eq!(state.selected(), f.loaded.map.root, "back from G");
        f.keys(&mut state, "C-o");
        assert_eq!(state.message.as_deref(), Some("no jump to go back from"));

        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j b gg j f '");
        assert_eq!(state.selected(), f.id("point-1"));
        f.keys(&mut state, "C-o");
        assert_eq!(
            state.selected(),
            f.id("background"),
            "back from the bookmark"
        );
    }

    /// Leaving the step-into view from the node stepped into leaves the tree as it was; from
    /// somewhere else it shows where the reader went.
    #[test]
    fn leaving_the_step_in_view_keeps_the_tree_or_shows_where_one_went() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j");
        let rows = state.rows().clone();
        f.keys(&mut state, "z j Escape");
        assert_eq!(state.selected(), f.id("point-1"));
        assert_eq!(state.rows(), &rows, "nothing unfolded");
        f.keys(&mut state, "z Backspace");
        assert_eq!(state.selected(), f.id("point-1"));
        assert_eq!(state.rows(), &rows);
        f.keys(&mut state, "z Tab Enter Escape");
        assert_eq!(state.selected(), f.id("russia-voted-sanctions"));
        assert!(state.is_expanded(f.id("point-1")));
    }

    /// In presenter mode `'` shows the slide of the next bookmarked node after the slide on
    /// screen, round again from the last to the first, as it selects it in the tree; with no
    /// bookmark it says so, naming the key that makes one there.
    #[test]
    fn in_presenter_mode_the_quote_mark_goes_to_the_next_bookmarked_slide() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "P '");
        assert_eq!(
            state.message.as_deref(),
            Some("no bookmarks yet: b bookmarks the selected node")
        );
        f.keys(&mut state, "Escape j j b G b gg P");
        let slide = |state: &ViewState| state.present.as_ref().map(|p| p.current());
        f.keys(&mut state, "'");
        assert_eq!(slide(&state), Some(f.id("point-1")));
        assert_eq!(mode(&state), Mode::Present);
        f.keys(&mut state, "'");
        assert_eq!(slide(&state), Some(f.id("point-5")));
        f.keys(&mut state, "'");
        assert_eq!(slide(&state), Some(f.id("point-1")), "round again");
        // From a slide between them, the next one after it.
        f.keys(&mut state, "j j");
        f.keys(&mut state, "'");
        assert_eq!(slide(&state), Some(f.id("point-5")));
        // A slide bookmarked in presenter mode is one to go to, too.
        f.keys(&mut state, "g b j '");
        assert_eq!(slide(&state), Some(f.id("point-1")));
        f.keys(&mut state, "' '");
        assert_eq!(slide(&state), Some(f.id("thesis")));
    }

    #[test]
    fn the_editor_saves_with_ctrl_s_and_asks_before_throwing_edits_away() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j a");
        assert_eq!(mode(&state), Mode::Note);
        f.keys(&mut state, "Ask Space about Space q");
        assert_eq!(mode(&state), Mode::Note, "q is typed, not quit");
        assert_eq!(f.keys(&mut state, "C-s"), Some(Effect::SaveNotes));
        assert_eq!(state.notes.get("point-1").unwrap().note, "Ask about q");
        f.keys(&mut state, "a BSpace Escape");
        assert_eq!(
            mode(&state),
            Mode::Confirm,
            "an edited note asks before closing"
        );
        f.keys(&mut state, "n");
        assert_eq!(mode(&state), Mode::Note, "no: back to writing");
        f.keys(&mut state, "Escape y");
        assert_eq!(mode(&state), Mode::Normal);
        assert_eq!(
            state.notes.get("point-1").unwrap().note,
            "Ask about q",
            "the edit was thrown away"
        );
        f.keys(&mut state, "a Escape");
        assert_eq!(
            mode(&state),
            Mode::Normal,
            "an unchanged note closes at once"
        );
    }

    /// Esc and a key at once arrive as Alt and that key (slow SSH, `send-keys Escape y`): in
    /// the editor they do what Esc and then the key do.
    #[test]
    fn in_the_editor_esc_and_a_key_arriving_as_one_alt_chord_are_the_two_keys() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "j j a Ask C-s a BSpace");
        f.keys(&mut state, "M-y");
        assert_eq!(mode(&state), Mode::Normal, "Esc asked, y threw it away");
        assert_eq!(state.notes.get("point-1").unwrap().note, "Ask");
        f.keys(&mut state, "a x M-n");
        assert_eq!(mode(&state), Mode::Note, "Esc asked, n kept writing");
        assert_eq!(f.keys(&mut state, "M-s"), Some(Effect::SaveNotes));
        assert_eq!(state.notes.get("point-1").unwrap().note, "Askx");
        f.keys(&mut state, "a x Escape M-y");
        assert_eq!(
            mode(&state),
            Mode::Note,
            "in the question, Esc keeps writing"
        );
        f.keys(&mut state, "C-s");
        assert_eq!(
            state.notes.get("point-1").unwrap().note,
            "Askxxy",
            "y was typed"
        );
        f.keys(&mut state, "a M-j");
        assert_eq!(mode(&state), Mode::Normal, "an unchanged note closed");
        assert_eq!(state.selected(), f.id("point-2"), "and j moved down");
    }

    /// Read-only notes (another argscope has them) still take a note: `a` opens the editor,
    /// labelled read-only, so the sentence typed next goes into it rather than running as
    /// commands, and what is saved there is kept in this window (its save then fails, and
    /// quitting offers to write the notes elsewhere).
    #[test]
    fn read_only_notes_open_the_editor_and_keep_what_is_typed_in_this_window() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        state.notes_read_only = Some("another argscope (pid 7) has them open".to_string());
        let folded = state.rows().len();
        f.keys(&mut state, "a");
        let editor = state.editor.as_ref().expect("the editor opens");
        assert!(editor.read_only);
        assert_eq!(
            state.message.as_deref(),
            Some(
                "this note is kept in this window, not saved; quitting offers to write it to a file of its own (notes are read-only here: another argscope (pid 7) has them open)"
            )
        );
        // Letters that are commands in the tree (l unfolds, j moves, z steps in) are text here.
        assert_eq!(f.keys(&mut state, "l o o k Space a t Space z j"), None);
        assert_eq!(state.rows().len(), folded, "nothing unfolded");
        assert_eq!(state.editor.as_ref().unwrap().text(), "look at zj");
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
            .expect("a test terminal");
        terminal
            .draw(|frame| crate::tui::ui::draw(frame, &state, f.ctx()))
            .expect("drawn");
        let screen = crate::tui::snapshot::to_text(terminal.backend().buffer());
        assert!(
            screen.contains("Read-only, not saved: note on “"),
            "{screen}"
        );
        assert_eq!(f.keys(&mut state, "C-s"), Some(Effect::SaveNotes));
        let key = state.notes.entries().keys().next().cloned().unwrap();
        assert_eq!(state.notes.get(&key).unwrap().note, "look at zj");
        // Marks too, as where the notes turned read-only after opening.
        assert_eq!(f.keys(&mut state, "+"), Some(Effect::SaveNotes));
    }

    #[test]
    fn quitting_with_unsaved_notes_asks_and_offers_another_file() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "+");
        state.notes_error = Some("disk full".to_string());
        assert_eq!(f.keys(&mut state, "q"), None, "not straight out");
        assert_eq!(mode(&state), Mode::Unsaved);
        assert_eq!(f.keys(&mut state, "Escape"), None);
        assert_eq!(mode(&state), Mode::Normal, "Esc stays");
        f.keys(&mut state, "q");
        assert_eq!(
            f.keys(&mut state, "w"),
            Some(Effect::SaveNotesTo("rescued.notes.json".into()))
        );
        assert!(state.quit_after_save);
        assert_eq!(f.keys(&mut state, "r"), Some(Effect::SaveNotes));
        assert_eq!(f.keys(&mut state, "Q"), Some(Effect::Quit));
    }

    /// Quitting a window whose notes are read-only for good (their file does not parse) with a
    /// change kept there: the question offers writing them elsewhere and quitting, not trying
    /// the save again, which cannot work, and `r` does nothing there.
    #[test]
    fn quitting_read_only_notes_offers_no_retry() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        state.notes_read_only = Some("m.notes.json:1:2: this is not valid JSON".to_string());
        f.keys(&mut state, "+");
        state.notes_error =
            Some("notes are read-only here: m.notes.json:1:2: this is not valid JSON".to_string());
        f.keys(&mut state, "q");
        assert_eq!(mode(&state), Mode::Unsaved);
        assert_eq!(f.keys(&mut state, "r"), None, "no retry");
        assert!(!state.quit_after_save);
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
            .expect("a test terminal");
        terminal
            .draw(|frame| crate::tui::ui::draw(frame, &state, f.ctx()))
            .expect("drawn");
        let screen = crate::tui::snapshot::to_text(terminal.backend().buffer());
        assert!(screen.contains("w writes them to"), "{screen}");
        assert!(screen.contains("Q quits without them."), "{screen}");
        assert!(!screen.contains("tries again"), "{screen}");
        assert!(!screen.contains("retry"), "{screen}");
        assert!(
            screen.contains("w write there · Q quit anyway · Esc stay"),
            "{screen}"
        );
        assert_eq!(
            f.keys(&mut state, "w"),
            Some(Effect::SaveNotesTo("rescued.notes.json".into()))
        );
    }

    /// The two-window messages say what becomes of the notes first, and a box over the screen
    /// (the note editor) leaves a long message the two status rows, its start shown there
    /// rather than hidden under the box: at 80x24 and 60x20 what happens to the note is read in
    /// full, the file it names cut at the end.
    #[test]
    fn a_long_message_under_the_note_editor_keeps_its_start_in_view() {
        let f = Fixture::builtin();
        for (width, height) in [(80, 24), (60, 20)] {
            let mut state = f.state(width, height);
            state.notes_read_only = Some(
                "another argscope (pid 16395) has them open, in /home/teacher/seminars/2026/iran-russia.notes.json"
                    .to_string(),
            );
            state.notes_held_elsewhere = true;
            f.keys(&mut state, "j a");
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
                    .expect("a test terminal");
            terminal
                .draw(|frame| crate::tui::ui::draw(frame, &state, f.ctx()))
                .expect("drawn");
            let screen = crate::tui::snapshot::to_text(terminal.backend().buffer());
            let rows: Vec<&str> = screen.lines().collect();
            let status = rows[rows.len() - 2..].join(" ");
            let status = status.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                status.starts_with(
                    "this note is kept in this window, and saved once the other window closes"
                ),
                "{width}x{height}:\n{screen}"
            );
            assert!(status.ends_with('…'), "cut at its end: {status}");
        }
    }

    /// Quitting a window whose notes another argscope has, with a change kept there: the save
    /// is tried once more first (should the other have closed, the notes are saved here and
    /// argscope quits), and the question asked meanwhile says what works: closing the other
    /// window (then `r` saves them here), writing them elsewhere, or quitting without them.
    #[test]
    fn quitting_notes_another_argscope_has_tries_again_and_offers_what_works() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        state.notes_read_only = Some("another argscope (pid 7) has them open".to_string());
        state.notes_held_elsewhere = true;
        f.keys(&mut state, "+");
        state.notes_error =
            Some("notes are read-only here: another argscope (pid 7) has them open".to_string());
        assert_eq!(f.keys(&mut state, "q"), Some(Effect::SaveNotes));
        assert!(state.quit_after_save, "quits once they are saved here");
        assert_eq!(mode(&state), Mode::Unsaved, "asked meanwhile");
        // The save failed again (the other is still open): the question stays.
        state.quit_after_save = false;
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
            .expect("a test terminal");
        terminal
            .draw(|frame| crate::tui::ui::draw(frame, &state, f.ctx()))
            .expect("drawn");
        let screen = crate::tui::snapshot::to_text(terminal.backend().buffer());
        assert!(screen.contains("w writes them to"), "{screen}");
        assert!(
            screen.contains("Close the other window: they are then saved here, with its notes."),
            "{screen}"
        );
        assert!(
            screen.contains("r tries again, Q quits without them."),
            "{screen}"
        );
        assert!(
            screen.contains("r retry · w write there · Q quit anyway · Esc stay"),
            "{screen}"
        );
        assert_eq!(f.keys(&mut state, "r"), Some(Effect::SaveNotes));
        assert!(state.quit_after_save);
        assert_eq!(f.keys(&mut state, "Q"), Some(Effect::Quit));
    }

    #[test]
    fn the_file_offered_for_unsaved_notes_stands_on_a_line_of_its_own() {
        let f = Fixture::builtin();
        let mut state = f.state(50, 20);
        f.keys(&mut state, "+");
        state.notes_error = Some("disk full".to_string());
        let offered = "/home/teacher/argscope-notes-1795803678.json";
        let ctx = Context {
            rescue_path: std::path::Path::new(offered),
            ..f.ctx()
        };
        update(&mut state, ctx, Action::Quit);
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(50, 20))
            .expect("a test terminal");
        terminal
            .draw(|frame| crate::tui::ui::draw(frame, &state, ctx))
            .expect("drawn");
        let screen = crate::tui::snapshot::to_text(terminal.backend().buffer());
        // Wrapped into the sentence, it was cut at a hyphen: "…argscope-notes-" / "1795…".
        assert!(screen.contains(offered), "{screen}");
    }

    #[test]
    fn orphaned_notes_are_listed_never_dropped() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "O");
        assert!(
            state
                .message
                .as_deref()
                .unwrap()
                .starts_with("no orphaned notes")
        );
        state.notes.change("gone", "A point since deleted", |e| {
            e.note = "keep me".into()
        });
        f.keys(&mut state, "O");
        assert_eq!(mode(&state), Mode::Orphans);
        f.keys(&mut state, "Escape");
        assert_eq!(mode(&state), Mode::Normal);
        assert!(state.notes.get("gone").is_some());
    }

    /// A long list of orphaned notes (a map rewritten under a term's notes) is paged and
    /// jumped through as the help is, and the box draws the notes from where it stands.
    #[test]
    fn the_orphaned_notes_and_the_problems_are_paged_and_jumped_through() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        for i in 0..500 {
            state
                .notes
                .change(&format!("gone-{i:03}"), &format!("Gone {i:03}"), |e| {
                    e.note = format!("note {i}")
                });
        }
        f.keys(&mut state, "O");
        let page = list_page(24);
        f.keys(&mut state, "PageDown");
        assert_eq!(state.orphans, Some(page));
        f.keys(&mut state, "PageDown PageUp");
        assert_eq!(state.orphans, Some(page));
        f.keys(&mut state, "G");
        assert_eq!(state.orphans, Some(499));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
        terminal
            .draw(|frame| crate::tui::ui::draw(frame, &state, f.ctx()))
            .expect("drawn");
        let screen = crate::tui::snapshot::to_text(terminal.backend().buffer());
        assert!(
            screen.contains("Gone 499") && screen.contains("note 499"),
            "{screen}"
        );
        assert!(!screen.contains("Gone 498"), "{screen}");
        f.keys(&mut state, "gg");
        assert_eq!(state.orphans, Some(0));
        f.keys(&mut state, "End");
        assert_eq!(state.orphans, Some(499));

        // The problems list, the same way: 120 quotes the text does not hold.
        let children: Vec<String> = (0..120)
            .map(|i| {
                format!(
                    r#"{{"id": "c{i}", "kind": "claim", "label": "C", "quote": "missing {i}"}}"#
                )
            })
            .collect();
        let json = format!(
            r#"{{"argscope": 1, "root": {{"id": "t", "kind": "thesis", "label": "T", "children": [{}]}}}}"#,
            children.join(",")
        );
        let loaded = load::from_str(&json, "t.json", DocumentSource::Text("The text."))
            .expect("fixture loads");
        let count = loaded.problems.len();
        assert_eq!(count, 120, "{:?}", loaded.problems.first());
        let f = Fixture {
            loaded,
            keymap: Keymap::default(),
        };
        let mut state = f.state(80, 24);
        f.keys(&mut state, "W PageDown");
        assert_eq!(state.problems, Some(page));
        f.keys(&mut state, "G");
        assert_eq!(state.problems, Some(count - 1));
        f.keys(&mut state, "Home");
        assert_eq!(state.problems, Some(0));
    }

    #[test]
    fn a_reloaded_map_keeps_the_view_by_node_id_and_falls_back_to_an_ancestor() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ crimea Enter Escape c");
        assert_eq!(state.selected(), f.id("crimea"));
        // The same map with the Crimea question removed and a label changed.
        let edited = load::BUILTIN_MAP
            .replace(
                "\"label\": \"Why did Russia attack Crimea?\"",
                "\"label\": \"Gone\"",
            )
            .replace("\"id\": \"crimea\"", "\"id\": \"renamed\"");
        let fresh = load::from_str(
            &edited,
            "m.json",
            DocumentSource::Text(load::BUILTIN_ARTICLE),
        )
        .unwrap();
        let carried = state.carry_over(&f.loaded.map, &fresh.map, true);
        assert_eq!(
            carried.selected(),
            fresh.map.find("putin-balanced").unwrap(),
            "the nearest surviving ancestor"
        );
        assert_eq!(carried.filters().side, Some(Side::Against), "filters stay");
        let same = state.carry_over(&f.loaded.map, &f.loaded.map, true);
        assert_eq!(same.selected(), state.selected());
        assert_eq!(same.rows(), state.rows(), "an unchanged map looks the same");
    }

    /// A Kialo export numbers its points (`1.2.`), so adding one above renumbers those after
    /// it: a reload keeps the view on the same words, and a point taken out leaves its parent.
    #[test]
    fn a_reloaded_map_without_stable_ids_keeps_the_view_on_the_same_words() {
        let kialo = |points: &str| {
            let text = format!("Discussion Title: Homework\n\n1. Homework helps.\n{points}");
            let imported = crate::formats::kialo::parse(&text, "k.txt");
            assert!(!imported.stable_ids);
            imported.map
        };
        let before = kialo(
            "1.1. Pro: It builds habits.\n1.2. Con: It takes family time.\n1.2.1. Pro: Evenings are short.\n",
        );
        let f = Fixture::of(before);
        let mut state = f.state(80, 24);
        f.keys(&mut state, "0 j j j");
        assert_eq!(f.label(&state), "Evenings are short.");
        let after = kialo(
            "1.1. Con: It is stressful.\n1.2. Pro: It builds habits.\n1.3. Con: It takes family time.\n1.3.1. Pro: Evenings are short.\n",
        );
        let carried = state.carry_over(&f.loaded.map, &after, false);
        assert_eq!(
            after.statement(carried.selected()).label,
            "Evenings are short."
        );
        assert!(
            carried.rows().len() == 5,
            "what was unfolded stays unfolded: {:?}",
            carried.rows()
        );
        let gone = kialo("1.1. Pro: It builds habits.\n1.2. Con: It takes family time.\n");
        let carried = state.carry_over(&f.loaded.map, &gone, false);
        assert_eq!(
            gone.statement(carried.selected()).label,
            "It takes family time.",
            "the nearest surviving ancestor, not the point now numbered as it was"
        );
    }

    /// A note thrown away, then the map file changes and its node is gone: undo brings the
    /// note back on the node's nearest surviving ancestor in the new map.
    #[test]
    fn a_note_thrown_away_comes_back_after_a_reload_that_took_its_node() {
        let f = Fixture::builtin();
        let mut state = f.state(80, 24);
        f.keys(&mut state, "/ crimea Enter Escape a Why? Escape y");
        assert!(state.thrown_away.is_some());
        // The Crimea question renamed: its node is gone, and another node has its place.
        let edited = load::BUILTIN_MAP.replace("\"id\": \"crimea\"", "\"id\": \"renamed\"");
        let fresh = Fixture {
            loaded: load::from_str(
                &edited,
                "m.json",
                DocumentSource::Text(load::BUILTIN_ARTICLE),
            )
            .unwrap(),
            keymap: Keymap::default(),
        };
        let mut carried = state.carry_over(&f.loaded.map, &fresh.loaded.map, true);
        fresh.keys(&mut carried, "u");
        let ancestor = fresh.id("putin-balanced");
        let editor = carried.editor.as_ref().expect("the note is back");
        assert_eq!((editor.node, carried.selected()), (ancestor, ancestor));
    }

    #[test]
    fn a_search_on_the_worker_finds_the_same_and_typing_meanwhile_loses_no_keys() {
        let f = Fixture::builtin();
        let mut here = f.state(80, 24);
        f.keys(&mut here, "/ r u s");
        let mut there = f.state(80, 24);
        there.search_elsewhere = true;
        f.keys(&mut there, "/ r");
        let first = there.search_job().expect("the query waits for the worker");
        assert_eq!(state_query(&there), "r");
        // Typed while the worker searches for "r".
        f.keys(&mut there, "u s");
        assert_eq!(state_query(&there), "rus", "no key is lost");
        let stale = first.run(&|| false).expect("not stopped");
        search_found(&mut there, f.ctx(), stale);
        assert!(
            there.pending_search().is_some(),
            "the result for an older query is dropped"
        );
        let job = there.search_job().expect("the latest query waits");
        assert!(job.clone().run(&|| true).is_none(), "a stale job stops");
        search_found(&mut there, f.ctx(), job.run(&|| false).unwrap());
        assert!(there.pending_search().is_none());
        let matches = |s: &ViewState| s.filters().search.as_ref().unwrap().matches.clone();
        assert_eq!(matches(&there), matches(&here));
        assert_eq!(there.rows(), here.rows());
        assert_eq!(there.selected(), here.selected());
        // Backspace back to a query searched before needs no worker.
        f.keys(&mut there, "s");
        assert!(there.pending_search().is_some());
        f.keys(&mut there, "BSpace");
        assert!(
            there.pending_search().is_none(),
            "'rus' was searched before"
        );
        assert_eq!(there.rows(), here.rows());
        // Enter with a query still out searches at once.
        f.keys(&mut here, "s i a Enter n");
        f.keys(&mut there, "s i a Enter n");
        assert_eq!(matches(&there), matches(&here));
        assert_eq!(there.rows(), here.rows());
        assert_eq!(there.selected(), here.selected());
        assert_eq!(there.search_position(), here.search_position());
    }

    #[test]
    fn a_long_search_shows_what_it_found_so_far_then_all_of_it() {
        use crate::model::{ArgMap, Kind, Meta, Statement};
        use crate::tui::search::Index;
        let statement = |id: String, label: String| Statement {
            id,
            label,
            ..Statement::default()
        };
        let mut map = ArgMap::new(Meta::default(), statement("t".into(), "Thesis".into()));
        let mut parent = map.root;
        for i in 0..10_000 {
            let word = if i % 3 == 0 { "apple" } else { "pear" };
            let body = Body::Statement(statement(format!("n{i}"), format!("{word} {i}")));
            let id = map.push(parent, Kind::Claim, body);
            parent = if i % 100 == 0 { id } else { parent };
        }
        let f = Fixture::of(map);
        let (loaded, ctx) = (&f.loaded, f.ctx());
        let mut here = f.state(80, 24);
        f.keys(&mut here, "/ a");
        let mut there = f.state(80, 24);
        there.search_elsewhere = true;
        there.index_elsewhere = true;
        f.keys(&mut there, "/ a");
        assert!(there.pending_search().is_some());
        assert!(
            there.search_job().is_none(),
            "no index yet: the query waits"
        );
        there.set_search_index(std::sync::Arc::new(Index::new(&loaded.map)));
        let job = there.search_job().expect("the index came");
        let mut parts = Vec::new();
        let all = job
            .run_in_parts(&|| false, &mut |_, _| true, &mut |part| parts.push(part))
            .unwrap();
        assert!(all.complete);
        assert!(parts.len() > 1, "a part after every chunk but the last");
        let first = parts.remove(0);
        assert!(!first.complete && first.count() > 0 && first.count() < all.count());
        let count = first.count();
        search_found(&mut there, ctx, first);
        let search = there.filters().search.as_ref().unwrap();
        assert!(search.pending && search.partial, "not final yet");
        assert_eq!(search.matches.len(), count);
        let shown = there.rows().to_vec();
        assert!(
            shown
                .iter()
                .all(|row| row.context || search.is_match(row.id)),
            "every row is a match or leads to one"
        );
        assert_eq!(
            here.rows().to_vec()[..shown.len() - 1],
            shown[..shown.len() - 1],
            "the first part's rows begin the whole result's"
        );
        search_found(&mut there, ctx, all);
        assert!(there.pending_search().is_none());
        let matches = |s: &ViewState| s.filters().search.as_ref().unwrap().matches.clone();
        assert_eq!(matches(&there), matches(&here));
        assert_eq!(there.rows(), here.rows());
        assert_eq!(there.selected(), here.selected());
        assert_eq!(there.search_position(), here.search_position());
    }

    /// A search of many nodes runs a half per core. It finds what one pass over them finds,
    /// and selects the first of the best matches wherever that is: the only label with
    /// "kiwi" is in the second half, after paraphrases with it in the first; "plum" is in a
    /// label in each half, and the earlier is selected.
    #[test]
    fn a_search_split_between_the_cores_finds_and_selects_what_one_pass_does() {
        use crate::model::{ArgMap, Kind, Meta, Statement};
        use crate::tui::search::Index;
        let statement = |i: usize| {
            let label = match i {
                100 | 30_000 => format!("plum {i}"),
                31_000 | 35_000 => format!("kiwi {i}"),
                _ => format!("node {i}"),
            };
            let text = if i.is_multiple_of(7) {
                "a kiwi"
            } else {
                "a pear"
            };
            Statement {
                id: format!("n{i}"),
                label,
                text: text.to_string(),
                ..Statement::default()
            }
        };
        let mut map = ArgMap::new(Meta::default(), statement(1));
        for i in 2..40_000 {
            let parent = NodeId((i / 50) as u32);
            map.push(parent, Kind::Claim, Body::Statement(statement(i)));
        }
        let f = Fixture::of(map);
        let index = std::sync::Arc::new(Index::new(&f.loaded.map));
        let queries = [
            ("kiwi", "n31000"),
            ("plum", "n100"),
            ("kiwi Space 35", "n35000"),
        ];
        for (query, best) in queries {
            let keys = format!("/ {query}");
            let mut one_pass = f.state(80, 24);
            f.keys(&mut one_pass, &keys);
            let mut split = f.state(80, 24);
            split.search_elsewhere = true;
            split.index_elsewhere = true;
            split.set_search_index(std::sync::Arc::clone(&index));
            f.keys(&mut split, &keys);
            let found = split.search_job().unwrap().run(&|| false).unwrap();
            search_found(&mut split, f.ctx(), found);
            let matches = |s: &ViewState| s.filters().search.as_ref().unwrap().matches.clone();
            assert_eq!(matches(&split), matches(&one_pass), "{query}");
            assert_eq!(split.selected(), f.id(best), "{query}");
            assert_eq!(one_pass.selected(), split.selected(), "{query}");
        }
    }

    fn state_query(state: &ViewState) -> String {
        state.filters().search.as_ref().unwrap().query.clone()
    }

    #[test]
    fn w_lists_the_files_problems_and_enter_goes_to_the_node() {
        let json = r#"{"argscope": 1, "source": {"file": "doc.txt"}, "root": {"id": "t", "kind": "thesis", "label": "T", "children": [
            {"id": "a", "kind": "claim", "label": "A"},
            {"id": "b", "kind": "claim", "label": "B", "quote": "words not there"}]}}"#;
        let loaded = load::from_str(json, "m.json", DocumentSource::Text("Other words.")).unwrap();
        let keymap = Keymap::default();
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path: std::path::Path::new("r.json"),
        };
        let mut state = ViewState::new(&loaded.map, 80, 24);
        for key in parse_keys("W") {
            handle_key(&mut state, ctx, key);
        }
        assert_eq!(mode(&state), Mode::Problems);
        for key in parse_keys("Enter") {
            handle_key(&mut state, ctx, key);
        }
        assert_eq!(mode(&state), Mode::Normal);
        assert_eq!(state.selected(), loaded.map.find("b").unwrap());
    }
}
