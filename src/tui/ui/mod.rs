//! Drawing: pure functions from the state to a frame. Nothing here changes the state.

pub mod detail;
pub mod help;
pub mod notes;
pub mod present;
pub mod problems;
pub mod source;
pub mod status;
pub mod tree;
pub mod zoom;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Borders};

use super::layout;
use super::state::{Pane, ViewState};
use super::theme::Theme;
use super::update::Context;

pub fn draw(frame: &mut Frame, state: &ViewState, ctx: Context) {
    let theme = &state.theme;
    let area = frame.area();
    // The theme's background and text colour under everything, so a light or projector theme
    // fills the screen, not only the cells that hold text. Widgets patch their styles over it.
    frame.buffer_mut().set_style(area, theme.base());
    let areas = layout::areas(area.width, area.height, state.focus);
    if let Some(presenter) = &state.present {
        let map = &ctx.loaded.map;
        let key = state
            .note_keys
            .key_in(map, map.resolve(presenter.current()));
        let around = present::Around {
            max_width: state.presenter_width,
            message: state.message.as_deref(),
            notes: state.notes.get(&key),
            book: Some((&state.notes, &state.note_keys)),
            mode: super::update::mode(state),
        };
        present::render(frame, area, presenter, ctx, theme, around);
    } else if state.zoom.is_some() {
        let main = Rect::new(
            area.x,
            area.y,
            area.width,
            area.height - areas.status.height,
        );
        zoom::render(frame, main, state, ctx, theme);
        status::render(frame, areas.status, state, ctx, theme);
    } else {
        draw_panes(frame, &areas, state, ctx);
        status::render(frame, areas.status, state, ctx, theme);
    }
    // What stands over the screen, topmost last.
    if let Some(editor) = &state.editor {
        notes::render_editor(frame, editor, ctx.keymap, theme);
    }
    if state.orphans.is_some() {
        notes::render_orphans(frame, state, ctx, theme);
    }
    problems::render(frame, state, ctx, theme);
    if state.help.is_some() {
        help::render(frame, state, ctx, theme);
    }
    notes::render_unsaved(frame, state, ctx.keymap, theme);
}

/// The tree, and beside it the detail or the source text.
fn draw_panes(frame: &mut Frame, areas: &layout::Areas, state: &ViewState, ctx: Context) {
    let theme = &state.theme;
    if let Some(tree_area) = areas.tree {
        tree::render(frame, tree_area, state, ctx, theme);
    }
    let Some(detail_area) = areas.detail else {
        return;
    };
    match (&state.source, &ctx.loaded.document) {
        (Some(pane), Some(document)) => {
            let focused = state.focus == Pane::Detail && state.help.is_none();
            let (map, selected) = (&ctx.loaded.map, state.selected());
            source::render(
                frame,
                detail_area,
                pane,
                document,
                map,
                selected,
                theme,
                focused,
            );
        }
        _ => detail::render(frame, detail_area, state, ctx, theme),
    }
}

/// A node as the way to it names it ("+ Sanctions taught Iran…" in "◆ … › + …"): its glyph and
/// label, of a label of a pasted book the start that a pane shows.
pub(super) fn crumb(map: &crate::model::ArgMap, id: crate::model::NodeId) -> String {
    format!(
        "{} {}",
        map.node(id).kind.glyph(),
        crate::text::shown(&map.statement(id).label)
    )
}

/// The heading over the children of a question (all of them answer it, a "no" as much as a
/// "yes") and of a group (the theses it holds): "For" and "Against" do not fit them.
fn theses_heading(map: &crate::model::ArgMap, id: crate::model::NodeId) -> Option<&'static str> {
    use crate::model::Kind;
    match map.node(id).kind {
        Kind::Question => Some("Answers"),
        Kind::Group => Some("Holds"),
        _ => None,
    }
}

/// A pane's frame: bold and thick when it has focus, so focus reads without colour.
fn pane_block<'a>(title: &'a str, pane: Pane, state: &ViewState, theme: &Theme) -> Block<'a> {
    framed(title, state.focus == pane && state.help.is_none(), theme)
}

/// The frame every pane has, thick and bold when `focused`.
fn framed<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(focused))
        .title(format!(" {title} "))
        .title_style(theme.border(focused))
}

/// Whether a pane is big enough to draw anything inside its border.
fn drawable(area: Rect) -> bool {
    area.width >= 3 && area.height >= 3
}

/// Ends a line cut short with " …", shortening its last span where the line is full.
fn end_with_ellipsis(line: &mut ratatui::text::Line<'static>, width: usize) {
    let total = line.width();
    let Some(last) = line.spans.last_mut() else {
        return;
    };
    let room = width.saturating_sub(total - last.width());
    let text = format!("{} …", last.content.trim_end());
    last.content = crate::text::truncate(&text, room).into();
}
