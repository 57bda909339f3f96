//! The step-into view: the node at the top, its children for and against it in two columns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use crate::model::{ArgMap, Kind, NodeId};
use crate::text::{shown, truncate_left, wrap};

use super::super::layout;
use super::super::notes_view;
use super::super::state::ViewState;
use super::super::theme::Theme;
use super::super::update::Context;
use super::super::zoom::Column;

/// Below this width the two columns stack.
const SIDE_BY_SIDE_MIN_WIDTH: u16 = 50;
/// Lines of a child's label shown on its card.
const CARD_LABEL_LINES: usize = 2;

pub fn render(frame: &mut Frame, area: Rect, state: &ViewState, ctx: Context, theme: &Theme) {
    let Some(zoom) = &state.zoom else {
        return;
    };
    if area.width < 4 || area.height < 4 {
        return;
    }
    let map = &ctx.loaded.map;
    // What the notes say of a node, as the tree shows it.
    let badges = |id: NodeId| {
        notes_view::badges(&state.notes, &state.note_keys.key_in(map, map.resolve(id)))
    };
    // How many nodes stand under a node, counted as the tree's "(+N)" counts them: the same
    // node must not show two numbers. A statement used again counts what stands under it.
    let below = |id: NodeId| state.descendants(map.resolve(id));
    let root = zoom.root();
    let width = usize::from(area.width);

    // The way back to the thesis (the thesis itself has none), then the node itself.
    let mut top: Vec<Line<'static>> = Vec::new();
    let has_path = map.parent(root).is_some();
    if has_path {
        let path: Vec<String> = map
            .path_to(root)
            .iter()
            .map(|&id| super::crumb(map, id))
            .collect();
        top.push(Line::styled(
            truncate_left(&path.join(" › "), width),
            theme.dim(),
        ));
    }
    let node = map.node(root);
    let statement = map.statement(root);
    let mut kind = vec![Span::styled(
        format!("{} {}", node.kind.glyph(), node.kind.name()),
        theme.kind(node.kind).add_modifier(Modifier::BOLD),
    )];
    let root_badges = badges(root);
    if !root_badges.is_empty() {
        kind.push(Span::styled(format!(" {root_badges}"), theme.key()));
    }
    top.push(Line::from(kind));
    top.extend(
        wrap(&shown(&statement.label), width)
            .into_iter()
            .map(|l| Line::styled(l, theme.heading())),
    );
    // The columns take the rows their cards need, up to half the view (more only for the
    // least they need: side by side that is one box, stacked two); the node's own words take
    // the rest.
    let side_by_side = area.width >= SIDE_BY_SIDE_MIN_WIDTH;
    let (for_side, against) = (zoom.side(Column::For), zoom.side(Column::Against));
    let columns_need: u16 = if side_by_side { 3 } else { 6 };
    let columns_cap = (area.height / 2).max(columns_need);
    let columns_want = if side_by_side {
        let inside = usize::from(area.width / 2).saturating_sub(2);
        let cap = usize::from(columns_cap);
        column_height(map, for_side, inside, cap).max(column_height(map, against, inside, cap)) + 2
    } else {
        let inside = width.saturating_sub(2);
        let cap = usize::from(columns_cap / 2);
        2 * (column_height(map, for_side, inside, cap)
            .max(column_height(map, against, inside, cap))
            + 2)
    };
    let columns_height = (columns_want.min(usize::from(u16::MAX)) as u16)
        .clamp(columns_need, columns_cap)
        .min(area.height);
    // Under the label: the group's note, the paraphrase, and the source's own words with where
    // they stand, each as much of it as the room allows.
    let entry = state.notes.get(&state.note_keys.key_in(map, root));
    let mut words = Words {
        note: entry.map(|e| note(&e.note, width)).unwrap_or_default(),
        paraphrase: if statement.text.trim().is_empty() {
            Vec::new()
        } else {
            wrap(&shown(&statement.text), width)
                .into_iter()
                .filter(|l| !l.is_empty())
                .map(Line::raw)
                .collect()
        },
        quote: super::present::quote(map, root, width, theme),
        place: Vec::new(),
    };
    if !words.quote.is_empty() {
        words.place = super::present::place(ctx.loaded, root, width, theme);
    }
    let mut room = usize::from(area.height - columns_height).saturating_sub(top.len());
    // On a screen too short for two lines of them, the way back gives its line to the words:
    // the status line still says where the view stands.
    if room < 2 && has_path && words.any() {
        top.remove(0);
        room += 1;
    }
    top.extend(words.fit(room, width));
    let top_height = (top.len() as u16)
        .min(area.height.saturating_sub(columns_need))
        .max(1);
    // A label cut short by a screen too small for it says so.
    if top.len() > usize::from(top_height) {
        top.truncate(usize::from(top_height));
        if let Some(last) = top.last_mut() {
            super::end_with_ellipsis(last, width);
        }
    }
    let buffer = frame.buffer_mut();
    for (i, line) in top.iter().enumerate() {
        buffer.set_line(area.x, area.y + i as u16, line, area.width);
    }

    let rest = Rect::new(
        area.x,
        area.y + top_height,
        area.width,
        area.height - top_height,
    );
    // A question's children all answer it: one column.
    let one_column = map.node(zoom.root()).kind == Kind::Question;
    let (for_area, against_area) = if one_column {
        (rest, Rect::default())
    } else if side_by_side {
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
                frame, area, map, children, selected, title, style, active, theme, &badges, &below,
            );
        };
    // A question's and a group's first column holds theses, which bear on them neither way.
    let first_title = super::theses_heading(map, zoom.root()).unwrap_or("For");
    column(
        frame,
        for_area,
        Column::For,
        for_side,
        first_title,
        theme.for_side(),
    );
    if !one_column {
        column(
            frame,
            against_area,
            Column::Against,
            against,
            "Against",
            theme.against_side(),
        );
    }
}

/// One column of children, as cards. Where the column is too short for a card (a label under
/// its kind), each child takes one line instead; where the cards do not all fit, the bottom
/// border says how many are above and below.
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
    badges: &dyn Fn(NodeId) -> String,
    below: &dyn Fn(NodeId) -> usize,
) {
    let inside = layout::inner(area);
    let width = usize::from(inside.width);
    let height = usize::from(inside.height);
    let compact = height < CARD_MIN_HEIGHT;
    // Only the cards on screen are made: a node may have a million children.
    let make = |index: usize| {
        let child = children[index];
        if compact {
            vec![one_line(map, child, width, theme, &badges(child))]
        } else {
            card(map, child, width, theme, &badges(child), below(child))
        }
    };
    // Start from the first card, or late enough that the selected card fits: going up from
    // it while the cards above still fit.
    let mut first = 0;
    let mut cards: Vec<Vec<Line<'static>>> = Vec::new();
    if let Some(selected) = selected.filter(|&at| at < children.len()) {
        let last = make(selected);
        let mut used = last.len();
        first = selected;
        cards.push(last);
        while first > 0 {
            let above = make(first - 1);
            if used + above.len() > height {
                break;
            }
            used += above.len();
            first -= 1;
            cards.insert(0, above);
        }
    }
    // The cards shown from `first`: a card counts once its kind and the first line of its
    // label fit; one cut off above its label shows only its kind, so it is counted below, and
    // the border never hides a child whose label cannot be read.
    let mut shown = 0;
    let mut used = 0;
    let mut next = first;
    while next < children.len() {
        if next - first == cards.len() {
            cards.push(make(next));
        }
        let card = &cards[next - first];
        let readable = if compact {
            card.len()
        } else {
            card.len().saturating_sub(1).min(2)
        };
        if used + readable > height {
            break;
        }
        used += card.len();
        shown += 1;
        next += 1;
    }
    let below = children.len() - first - shown;
    let mut block = Block::new()
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
    let more = match (first, below) {
        (0, 0) => String::new(),
        (0, below) => format!(" ↓ {below} more "),
        (above, 0) => format!(" ↑ {above} above "),
        (above, below) => format!(" ↑ {above} · ↓ {below} "),
    };
    if !more.is_empty() {
        block = block.title_bottom(Span::styled(more, theme.dim()));
    }
    frame.render_widget(block, area);
    if inside.width < 2 || inside.height == 0 {
        return;
    }
    if children.is_empty() {
        let none = Line::styled(
            match title {
                "For" => "nothing for it",
                "Against" => "nothing against it",
                _ => "nothing",
            },
            theme.dim(),
        );
        frame
            .buffer_mut()
            .set_line(inside.x, inside.y, &none, inside.width);
        return;
    }
    let mut y = 0;
    let buffer = frame.buffer_mut();
    for (index, card) in (first..).zip(&cards) {
        for (at, line) in card.iter().enumerate() {
            if y >= height {
                return;
            }
            let row = inside.y + y as u16;
            buffer.set_line(inside.x, row, line, inside.width);
            // The last line of a full card is its blank separator.
            let separator = !compact && at + 1 == card.len();
            if Some(index) == selected && !separator {
                buffer.set_style(Rect::new(inside.x, row, inside.width, 1), theme.selected());
            }
            y += 1;
        }
    }
}

/// The rows a column's cards take inside its box (one for "nothing for it"), counted no
/// further than `cap`: the work is bounded by the screen, not by how many children there are.
fn column_height(map: &ArgMap, children: &[NodeId], width: usize, cap: usize) -> usize {
    if children.is_empty() {
        return 1;
    }
    let mut rows = 0;
    for &child in children {
        let label = wrap(&shown(&map.statement(child).label), width.max(1)).len();
        // Its kind, its label, a blank.
        rows += 1 + label.min(CARD_LABEL_LINES) + 1;
        if rows > cap {
            break;
        }
    }
    // The last card's blank may go.
    rows - 1
}

/// What the step-in view shows of the node under its label, in the order it shows them.
struct Words {
    /// The group's note ("✎ …").
    note: Vec<Line<'static>>,
    paraphrase: Vec<Line<'static>>,
    /// The source's own words, as a block quote.
    quote: Vec<Line<'static>>,
    /// Where the quote stands in the source.
    place: Vec<Line<'static>>,
}

impl Words {
    fn any(&self) -> bool {
        !(self.note.is_empty() && self.paraphrase.is_empty() && self.quote.is_empty())
    }

    /// The lines that fit in `room` rows. Each part gets a line in turn (the source's words
    /// first, then the paraphrase, the note, the quote's place) until the room is spent, so on
    /// a short screen each shows its start; a part cut short ends with "…".
    fn fit(self, room: usize, width: usize) -> Vec<Line<'static>> {
        let Words {
            note,
            paraphrase,
            quote,
            place,
        } = self;
        // In the order they get their lines.
        let mut parts = [quote, paraphrase, note, place];
        let mut given = [0; 4];
        let mut left = room;
        while left > 0 {
            let mut gave = false;
            for (part, given) in parts.iter().zip(given.iter_mut()) {
                if left > 0 && *given < part.len() {
                    *given += 1;
                    left -= 1;
                    gave = true;
                }
            }
            if !gave {
                break;
            }
        }
        for (part, &given) in parts.iter_mut().zip(&given) {
            if given < part.len() {
                part.truncate(given);
                if let Some(last) = part.last_mut() {
                    super::end_with_ellipsis(last, width);
                }
            }
        }
        let [quote, paraphrase, note, place] = parts;
        note.into_iter()
            .chain(paraphrase)
            .chain(quote)
            .chain(place)
            .collect()
    }
}

/// A note as the detail pane shows it: one pen for all its paragraphs.
fn note(note: &str, width: usize) -> Vec<Line<'static>> {
    if note.trim().is_empty() {
        return Vec::new();
    }
    super::detail::note_lines(note, width)
}

/// The fewest rows a column needs to show cards: a child's kind, one line of its label and the
/// blank after it.
const CARD_MIN_HEIGHT: usize = 3;

/// A child on one line, for a column too short for cards: its glyph, label and note badges.
fn one_line(map: &ArgMap, id: NodeId, width: usize, theme: &Theme, badges: &str) -> Line<'static> {
    let node = map.node(id);
    let glyph = format!("{} ", node.kind.glyph());
    let badges = if badges.is_empty() {
        String::new()
    } else {
        format!(" {badges}")
    };
    let room = width.saturating_sub(crate::text::width(&glyph) + crate::text::width(&badges));
    Line::from(vec![
        Span::styled(glyph, theme.kind(node.kind)),
        Span::styled(
            crate::text::truncate(&map.statement(id).label, room),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(badges, theme.key()),
    ])
}

/// A child as a card: kind (an undercut marked as the tree marks it), its scheme, how many
/// nodes stand below it (`below`, all of them, as the tree's "(+N)") and its note badges, the
/// label on up to two lines, a blank.
fn card(
    map: &ArgMap,
    id: NodeId,
    width: usize,
    theme: &Theme,
    badges: &str,
    below: usize,
) -> Vec<Line<'static>> {
    let node = map.node(id);
    let kind = format!(
        "{} {}{}",
        node.kind.glyph(),
        node.kind.name(),
        node.undercut_mark()
    );
    let mut head = vec![Span::styled(kind, theme.kind(node.kind))];
    if map.is_ref(id) {
        head.push(Span::styled(" ↪ used again".to_string(), theme.dim()));
    }
    let below = (below > 0).then(|| Span::styled(format!(" · {below} below"), theme.dim()));
    let badges = (!badges.is_empty()).then(|| Span::styled(format!(" {badges}"), theme.key()));
    // The scheme takes the room the rest leaves, cut short if it must be.
    if let Some(scheme) = map.scheme(id) {
        let taken: usize = (head.iter().chain(&below).chain(&badges))
            .map(Span::width)
            .sum();
        let room = width.saturating_sub(taken + " · ".len());
        if room >= 4 {
            let scheme = crate::text::truncate(scheme, room);
            head.push(Span::styled(format!(" · {scheme}"), theme.dim()));
        }
    }
    head.extend(below);
    head.extend(badges);
    let mut lines = vec![Line::from(head)];
    let mut label = wrap(&shown(&map.statement(id).label), width);
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
