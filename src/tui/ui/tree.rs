//! The tree pane: one row per visible node, with guides, fold markers, kind and label.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::formats::outline::guides;
use crate::model::ArgMap;
use crate::text::{truncate, width};

use super::super::layout;
use super::super::state::{Pane, Row, ViewState};
use super::super::theme::Theme;
use super::super::update::Context;
use super::{drawable, pane_block};

/// The column, inside the pane, of a row's fold marker (for mouse clicks on it).
pub fn marker_column(depth: usize) -> usize {
    2 * depth
}

pub fn render(frame: &mut Frame, area: Rect, state: &ViewState, ctx: Context, theme: &Theme) {
    let block = pane_block("Map", Pane::Tree, state, theme);
    frame.render_widget(block, area);
    if !drawable(area) {
        return;
    }
    let inside = layout::inner(area);
    let map = &ctx.loaded.map;
    let visible = state
        .rows()
        .iter()
        .enumerate()
        .skip(state.tree_offset)
        .take(usize::from(inside.height));
    for (screen_row, (index, row)) in visible.enumerate() {
        let line = row_line(map, state, *row, usize::from(inside.width), theme);
        let y = inside.y + screen_row as u16;
        let buffer = frame.buffer_mut();
        buffer.set_line(inside.x, y, &line, inside.width);
        if index == state.cursor() {
            buffer.set_style(Rect::new(inside.x, y, inside.width, 1), theme.selected());
        }
    }
    let rows = state.rows().len();
    if rows > usize::from(inside.height) {
        let mut scroll = ScrollbarState::new(rows.saturating_sub(usize::from(inside.height)))
            .position(state.tree_offset);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"));
        frame.render_stateful_widget(
            bar,
            area.inner(ratatui::layout::Margin::new(0, 1)),
            &mut scroll,
        );
    }
}

/// One row: guides, fold marker, glyph and kind word, label, and what a fold hides.
pub fn row_line(
    map: &ArgMap,
    state: &ViewState,
    row: Row,
    max_width: usize,
    theme: &Theme,
) -> Line<'static> {
    let id = row.id;
    let node = map.node(id);
    let statement = map.statement(id);
    let has_children = !node.children.is_empty();
    let expanded = has_children && state.is_expanded(id);

    let mut prefix = guides(map, id, row.depth);
    prefix.push_str(match (has_children, expanded) {
        (true, true) => "▾ ",
        (true, false) => "▸ ",
        (false, _) if row.depth > 0 => "─ ",
        (false, _) => "  ",
    });
    let kind = format!("{} {} ", node.kind.glyph(), node.kind.name());
    let reference = if map.is_ref(id) { "↪ " } else { "" };
    let hidden = if has_children && !expanded {
        format!(" (+{})", state.descendants(id))
    } else {
        String::new()
    };
    let room =
        max_width.saturating_sub(width(&prefix) + width(&kind) + width(reference) + width(&hidden));
    let label = truncate(&statement.label, room.max(1));
    let label_style = if id == map.root {
        theme.heading()
    } else {
        ratatui::style::Style::new()
    };
    Line::from(vec![
        Span::styled(prefix, theme.dim()),
        Span::styled(kind, theme.kind(node.kind)),
        Span::styled(reference.to_string(), theme.dim()),
        Span::styled(label, label_style),
        Span::styled(hidden, theme.dim()),
    ])
}
