//! The step-into view: the node at the top, its children for and against it in two columns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use crate::model::{ArgMap, NodeId};
use crate::text::{truncate_left, wrap};

use super::super::layout;
use super::super::theme::Theme;
use super::super::update::Context;
use super::super::zoom::{Column, Zoom, columns};

/// Below this width the two columns stack.
const SIDE_BY_SIDE_MIN_WIDTH: u16 = 50;
/// Lines of a child's label shown on its card.
const CARD_LABEL_LINES: usize = 2;

pub fn render(frame: &mut Frame, area: Rect, zoom: &Zoom, ctx: Context, theme: &Theme) {
    if area.width < 4 || area.height < 4 {
        return;
    }
    let map = &ctx.loaded.map;
    let root = zoom.root();
    let width = usize::from(area.width);

    // The way back to the thesis, then the node itself.
    let mut top: Vec<Line<'static>> = Vec::new();
    let path: Vec<String> = map
        .path_to(root)
        .iter()
        .map(|&id| format!("{} {}", map.node(id).kind.glyph(), map.statement(id).label))
        .collect();
    top.push(Line::styled(
        truncate_left(&path.join(" › "), width),
        theme.dim(),
    ));
    let node = map.node(root);
    let statement = map.statement(root);
    top.push(Line::styled(
        format!("{} {}", node.kind.glyph(), node.kind.name()),
        theme.kind(node.kind).add_modifier(Modifier::BOLD),
    ));
    top.extend(
        wrap(&statement.label, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.heading())),
    );
    // The paraphrase, as much as leaves the columns room.
    let room_for_text = usize::from(area.height / 4).max(1);
    let mut text = wrap(&statement.text, width);
    if text.len() > room_for_text {
        text.truncate(room_for_text);
        if let Some(last) = text.last_mut() {
            *last = crate::text::truncate(&format!("{last} …"), width);
        }
    }
    top.extend(text.into_iter().filter(|l| !l.is_empty()).map(Line::raw));
    // The columns keep room for at least one child each: side by side that is one box, stacked two.
    let side_by_side = area.width >= SIDE_BY_SIDE_MIN_WIDTH;
    let columns_need = if side_by_side { 3 } else { 6 };
    let top_height = (top.len() as u16)
        .min(area.height.saturating_sub(columns_need))
        .max(1);
    let buffer = frame.buffer_mut();
    for (i, line) in top.iter().take(usize::from(top_height)).enumerate() {
        buffer.set_line(area.x, area.y + i as u16, line, area.width);
    }

    let rest = Rect::new(
        area.x,
        area.y + top_height,
        area.width,
        area.height - top_height,
    );
    let (for_side, against) = columns(map, root);
    let (for_area, against_area) = if side_by_side {
        let half = rest.width / 2;
        (
            Rect::new(rest.x, rest.y, half, rest.height),
            Rect::new(rest.x + half, rest.y, rest.width - half, rest.height),
        )
    } else {
        let half = rest.height / 2;
        (
            Rect::new(rest.x, rest.y, rest.width, half),
            Rect::new(rest.x, rest.y + half, rest.width, rest.height - half),
        )
    };
    let column =
        |frame: &mut Frame, area, side: Column, children: &[NodeId], title: &str, style: Style| {
            let active = zoom.column() == side;
            let selected = active.then(|| zoom.row(side));
            render_column(
                frame, area, map, children, selected, title, style, active, theme,
            );
        };
    column(
        frame,
        for_area,
        Column::For,
        &for_side,
        "For",
        theme.for_side(),
    );
    column(
        frame,
        against_area,
        Column::Against,
        &against,
        "Against",
        theme.against_side(),
    );
}

#[allow(clippy::too_many_arguments)]
fn render_column(
    frame: &mut Frame,
    area: Rect,
    map: &ArgMap,
    children: &[NodeId],
    selected: Option<usize>,
    title: &str,
    title_style: Style,
    active: bool,
    theme: &Theme,
) {
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(if active {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(active))
        .title(Span::styled(
            format!(" {title} ({}) ", children.len()),
            title_style,
        ));
    frame.render_widget(block, area);
    let inside = layout::inner(area);
    if inside.width < 2 || inside.height == 0 {
        return;
    }
    let width = usize::from(inside.width);
    if children.is_empty() {
        let none = Line::styled(
            format!(
                "nothing {}",
                if title == "For" {
                    "for it"
                } else {
                    "against it"
                }
            ),
            theme.dim(),
        );
        frame
            .buffer_mut()
            .set_line(inside.x, inside.y, &none, inside.width);
        return;
    }
    let cards: Vec<Vec<Line<'static>>> = children
        .iter()
        .map(|&child| card(map, child, width, theme))
        .collect();
    // Start from the first card, or late enough that the selected card fits.
    let height = usize::from(inside.height);
    let mut first = 0;
    if let Some(selected) = selected {
        let mut used: usize = cards[..=selected].iter().map(Vec::len).sum();
        while used > height && first < selected {
            used -= cards[first].len();
            first += 1;
        }
    }
    let mut y = 0;
    let buffer = frame.buffer_mut();
    for (index, card) in cards.iter().enumerate().skip(first) {
        for line in card {
            if y >= height {
                return;
            }
            let row = inside.y + y as u16;
            buffer.set_line(inside.x, row, line, inside.width);
            // The last line of a card is its blank separator.
            if Some(index) == selected && !std::ptr::eq(line, card.last().unwrap_or(line)) {
                buffer.set_style(Rect::new(inside.x, row, inside.width, 1), theme.selected());
            }
            y += 1;
        }
    }
}

/// A child as a card: kind and what stands below it, the label on up to two lines, a blank.
fn card(map: &ArgMap, id: NodeId, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let node = map.node(id);
    let below = map.children(map.resolve(id)).len();
    let mut head = vec![Span::styled(
        format!("{} {}", node.kind.glyph(), node.kind.name()),
        theme.kind(node.kind),
    )];
    if map.is_ref(id) {
        head.push(Span::styled(" ↪ used again".to_string(), theme.dim()));
    }
    if below > 0 {
        head.push(Span::styled(format!(" · {below} below"), theme.dim()));
    }
    let mut lines = vec![Line::from(head)];
    let mut label = wrap(&map.statement(id).label, width);
    if label.len() > CARD_LABEL_LINES {
        label.truncate(CARD_LABEL_LINES);
        let last = label.pop().unwrap_or_default();
        label.push(crate::text::truncate(&format!("{last}…"), width));
    }
    lines.extend(
        label
            .into_iter()
            .map(|l| Line::styled(l, Style::new().add_modifier(Modifier::BOLD))),
    );
    lines.push(Line::default());
    lines
}
