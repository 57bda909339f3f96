//! The pure update: an action changes the view state and may ask for an effect. No I/O here,
//! so every behaviour is tested by applying actions to a state.

use crossterm::event::{KeyCode, KeyModifiers};

use crate::load::Loaded;
use crate::model::Body;

use super::action::{Action, Effect};
use super::keymap::{KeyChord, Keymap, Mode, Resolution};
use super::layout::{self, Areas};
use super::state::{Pane, ViewState};
use super::ui::{detail, help, tree};

/// What the update reads besides the state: the map and the bindings (for the help's length).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub loaded: &'a Loaded,
    pub keymap: &'a Keymap,
}

/// Lines the mouse wheel scrolls per notch.
const WHEEL_STEP: usize = 3;

/// The keymap mode the state is in.
pub fn mode(state: &ViewState) -> Mode {
    if state.help.is_some() {
        Mode::Help
    } else {
        Mode::Normal
    }
}

/// Resolves a key through the keymap and applies the action it names, if any.
pub fn handle_key(state: &mut ViewState, ctx: Context, key: KeyChord) -> Option<Effect> {
    let mode = mode(state);
    let mut pending = std::mem::take(&mut state.pending);
    let resolution = ctx.keymap.resolve(mode, &mut pending, key);
    state.pending = pending;
    match resolution {
        Resolution::Action(action) => update(state, ctx, action),
        Resolution::Pending => None,
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
            state.message = Some(format!("{key} does nothing here; press ? for the keys"));
            None
        }
    }
}

pub fn update(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    state.message = None;
    if state.help.is_some() {
        return update_help(state, ctx, action);
    }
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
        Action::First => state.select_row(0),
        Action::Last => state.select_row(usize::MAX),
        Action::CollapseOrParent => {
            let id = state.selected();
            if state.is_expanded(id) && !map.children(id).is_empty() {
                state.set_expanded(map, id, false);
            } else if let Some(parent) = map.parent(id) {
                state.select_node(map, parent);
            }
        }
        Action::ExpandOrChild => {
            let id = state.selected();
            if let Body::Ref(target) = map.node(id).body {
                state.select_node(map, target);
                state.message = Some("went to where this statement is written out".to_string());
            } else if map.children(id).is_empty() {
                state.message = Some("this node has nothing below it".to_string());
            } else if !state.is_expanded(id) {
                state.set_expanded(map, id, true);
            } else {
                state.select_row(state.cursor() + 1);
            }
        }
        Action::ToggleFold => {
            let id = state.selected();
            if map.children(id).is_empty() {
                state.message = Some("this node has nothing below it".to_string());
            } else {
                state.set_expanded(map, id, !state.is_expanded(id));
            }
        }
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
        Action::ToggleHelp => state.help = Some(0),
        Action::Quit => return Some(Effect::Quit),
        Action::Suspend => return Some(Effect::Suspend),
        Action::Click { column, row } => click(state, ctx, &areas, column, row),
        Action::Wheel { column, row, down } => wheel(state, ctx, &areas, column, row, down),
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            let areas = layout::areas(width, height, state.focus);
            state.detail_scroll = state
                .detail_scroll
                .min(detail_max_scroll(state, ctx, &areas));
        }
    }
    keep_selection_visible(state);
    None
}

fn update_help(state: &mut ViewState, ctx: Context, action: Action) -> Option<Effect> {
    let page = usize::from(
        help::area(state.width, state.height)
            .height
            .saturating_sub(2),
    )
    .max(1);
    let max = help::lines(ctx.keymap).len().saturating_sub(page);
    let scroll = state.help.unwrap_or(0);
    state.help = match action {
        Action::Down | Action::Wheel { down: true, .. } => Some((scroll + 1).min(max)),
        Action::Up | Action::Wheel { down: false, .. } => Some(scroll.saturating_sub(1)),
        Action::DetailPageDown => Some((scroll + page).min(max)),
        Action::DetailPageUp => Some(scroll.saturating_sub(page)),
        Action::ToggleHelp | Action::Click { .. } => None,
        Action::Quit => return Some(Effect::Quit),
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            keep_selection_visible(state);
            Some(scroll.min(max))
        }
        _ => Some(scroll),
    };
    None
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
    let lines = detail::line_count(
        ctx.loaded,
        state.selected(),
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
            state.set_expanded(map, clicked.id, !state.is_expanded(clicked.id));
        }
    } else if areas.detail.is_some_and(|a| contains(a, column, row)) {
        state.focus = Pane::Detail;
    }
}

fn wheel(state: &mut ViewState, ctx: Context, areas: &Areas, column: u16, row: u16, down: bool) {
    if areas.detail.is_some_and(|a| contains(a, column, row)) {
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
