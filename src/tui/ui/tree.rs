//! The tree pane: one row per visible node, with guides, fold markers, kind and label.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::formats::outline::guides_with;
use crate::model::ArgMap;
use crate::text::{truncate, width};
use crate::tui::search::highlights;
use ratatui::style::Style;

use super::super::layout;
use super::super::notes_view;
use super::super::state::{Pane, ViewState};
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
    let first = state.tree_offset;
    let end = state
        .rows()
        .len()
        .min(first.saturating_add(usize::from(inside.height)));
    for (screen_row, index) in (first..end).enumerate() {
        let line = row_line(map, state, index, usize::from(inside.width), theme);
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

/// The fewest columns a deep node's label keeps in a row: two short words. Deeper than that
/// allows, the outer levels' guides give way to a mark counting them (`⋯3 ├─`).
const LABEL_ROOM: usize = 12;

/// The fewest columns a label keeps beside its badges (the seminar notes' marks), or its whole
/// width when shorter: on a narrow row the badges shorten, then give way, before the label
/// does. The last badge left stays while the label keeps [`LABEL_ROOM`].
const LABEL_BESIDE_BADGES: usize = 16;

/// The widest fold marker and kind in a row ("▸ " and "− objection "), the same for every row
/// so that rows of any kind give up their guides at the same depth.
const MARKER_AND_KIND: usize = 2 + 12;

/// How many columns the guides of a row in a pane of `max_width` may take.
pub fn guide_columns(max_width: usize) -> usize {
    max_width.saturating_sub(MARKER_AND_KIND + LABEL_ROOM)
}

/// The tree's guides go on four columns further into the labels' room before they give way
/// (at 80 columns, five levels are drawn whole): a row cut to a `⋯N` mark is harder to place
/// under its parent than a label cut short.
const LABEL_LENDS: usize = 4;

/// One row: guides, fold marker, glyph and kind word, label, and what a fold hides.
pub fn row_line(
    map: &ArgMap,
    state: &ViewState,
    index: usize,
    max_width: usize,
    theme: &Theme,
) -> Line<'static> {
    let row = state.rows()[index];
    let id = row.id;
    let node = map.node(id);
    let statement = map.statement(id);
    let has_children = !node.children.is_empty();
    // Open when its children follow it on screen (a filter can open a fold to show a match).
    let open = state
        .rows()
        .get(index + 1)
        .is_some_and(|next| next.depth > row.depth);

    // Search and side filters open every fold on the way to what they show, so a closed node
    // there has nothing left to show unless it was folded there: else draw it as a leaf.
    let filters = state.filters();
    let opens_all =
        filters.side.is_some() || filters.search.as_ref().is_some_and(|s| s.has_words());
    let has_children = has_children && (open || !opens_all || state.hides_rows_below(id));
    // Each frame draws every row anew, so the fixed parts are spans of static text rather
    // than strings made per row: allocations cost more in the big heap of a large map.
    let columns = guide_columns(max_width) + LABEL_LENDS;
    let guides = guides_with(map, id, row.depth, columns.min(max_width), |at| {
        state.is_last_shown(map, at)
    });
    let marker = match (has_children, open) {
        (true, true) => "▾ ",
        (true, false) => "▸ ",
        (false, _) if row.depth > 0 => "─ ",
        (false, _) => "  ",
    };
    let kind = [
        node.kind.glyph(),
        " ",
        node.kind.name(),
        node.undercut_mark(),
        " ",
    ];
    let reference = if map.is_ref(id) { "↪ " } else { "" };
    let hidden = if has_children && !open && !state.filters().active() {
        format!(" (+{})", state.descendants(id))
    } else {
        String::new()
    };
    let kind_width: usize = kind.iter().map(|part| width(part)).sum();
    let fixed = width(&guides) + width(marker) + kind_width + width(reference) + width(&hidden);
    let room = max_width.saturating_sub(fixed);
    // The fullest badges that leave the label its columns (each after a space).
    let label_width = width(&statement.label);
    let key = state.note_keys.key_in(map, map.resolve(id));
    let badges = notes_view::badge_forms(&state.notes, &key)
        .into_iter()
        .find(|(badges, count)| {
            let floor = if *count > 1 {
                LABEL_BESIDE_BADGES
            } else {
                LABEL_ROOM
            };
            1 + width(badges) + label_width.min(floor) <= room
        })
        .map_or_else(String::new, |(badges, _)| format!(" {badges}"));
    let room = room.saturating_sub(width(&badges));
    let label = truncate(&statement.label, room.max(1));
    let label_style = if row.context {
        theme.dim()
    } else if id == map.root {
        theme.heading()
    } else {
        Style::new()
    };
    let kind_style = if row.context {
        theme.dim()
    } else {
        theme.kind(node.kind)
    };
    let mut spans = Vec::with_capacity(12);
    spans.push(Span::styled(guides, theme.dim()));
    spans.push(Span::styled(marker, theme.dim()));
    spans.extend(kind.map(|part| Span::styled(part, kind_style)));
    spans.push(Span::styled(reference, theme.dim()));
    let query = state
        .filters()
        .search
        .as_ref()
        .map_or("", |s| s.query.as_str());
    spans.extend(highlighted(label, query, label_style, theme.highlight()));
    spans.push(Span::styled(badges, theme.key()));
    spans.push(Span::styled(hidden, theme.dim()));
    Line::from(spans)
}

/// `text` as spans, with the parts that match the search query in the highlight style.
pub fn highlighted(
    text: String,
    query: &str,
    style: Style,
    highlight: Style,
) -> Vec<Span<'static>> {
    let marks = highlights(&text, query);
    // Nothing to mark (no search, most rows): the text as it is, not copied.
    if marks.is_empty() {
        return vec![Span::styled(text, style)];
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for (start, end) in marks {
        if start > at {
            spans.push(Span::styled(text[at..start].to_string(), style));
        }
        spans.push(Span::styled(
            text[start..end].to_string(),
            style.patch(highlight),
        ));
        at = end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_string(), style));
    }
    spans
}
