//! The `?` overlay: every binding of the keymap, grouped, and a legend of the kinds and the
//! tree's marks.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Clear, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

use crate::model::Kind;
use crate::text::width;

use super::super::action::Action;
use super::super::keymap::{HelpEntry, Keymap, Mode};
use super::super::layout;
use super::super::state::ViewState;
use super::super::theme::Theme;
use super::super::update::Context;

/// Widest the overlay gets, so lines stay readable on a wide screen.
const MAX_WIDTH: u16 = 78;

/// Where the overlay goes: centred, leaving a margin when there is room.
pub fn area(width: u16, height: u16) -> Rect {
    // Narrow screens give the overlay their whole width.
    let w = if width >= 70 {
        (width - 4).min(MAX_WIDTH)
    } else {
        width
    };
    let h = height.saturating_sub(2).max(height.min(3));
    Rect::new((width - w) / 2, (height - h) / 2, w, h)
}

/// How many lines the overlay's text takes in a terminal of this size (for scrolling limits).
pub fn line_count(keymap: &Keymap, width: u16, height: u16) -> usize {
    lines(
        keymap,
        text_width(area(width, height)),
        &Theme::monochrome(),
    )
    .len()
}

/// Where the overlay opens in `mode`: at the heading of that mode's own keys (presenter,
/// step-into, source, search), which otherwise stand far below the map's; at the top for the
/// map's.
pub fn first_line_for(keymap: &Keymap, mode: Mode, width: u16, height: u16) -> usize {
    let area = area(width, height);
    let lines = lines(keymap, text_width(area), &Theme::monochrome());
    let page = usize::from(area.height.saturating_sub(2)).max(1);
    let heading = lines.iter().position(|line| {
        mode != Mode::Normal
            && line.spans.len() == 1
            && line.spans[0].content == keymap.mode_title(mode)
    });
    heading.map_or(0, |at| at.min(lines.len().saturating_sub(page)))
}

/// Text width inside the overlay: its inside less a column of padding each side.
fn text_width(area: Rect) -> usize {
    usize::from(layout::inner(area).width.saturating_sub(2)).max(1)
}

/// The overlay's lines, generated from the keymap; descriptions wrap under themselves.
fn lines(keymap: &Keymap, text_width: usize, theme: &Theme) -> Vec<Line<'static>> {
    // The map's keys by section, then each other mode's own keys under its heading (leaving
    // out help, quit and suspend, which work the same everywhere).
    let mut groups: Vec<(String, Vec<HelpEntry>)> = keymap
        .help(Mode::Normal)
        .into_iter()
        .map(|(section, entries)| (section.title().to_string(), entries))
        .collect();
    for mode in [
        Mode::Search,
        Mode::Zoom,
        Mode::Present,
        Mode::Overview,
        Mode::Source,
    ] {
        let entries: Vec<HelpEntry> = keymap
            .help(mode)
            .into_iter()
            .flat_map(|(_, entries)| entries)
            .filter(|e| {
                !matches!(
                    e.action,
                    Action::Quit | Action::Suspend | Action::ToggleHelp
                )
            })
            .collect();
        if !entries.is_empty() {
            groups.push((keymap.mode_title(mode), entries));
        }
    }
    let key_width = groups
        .iter()
        .flat_map(|(_, entries)| entries.iter().map(|e| width(&e.keys_label())))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for (title, entries) in groups {
        out.push(Line::styled(title, theme.heading()));
        for entry in entries {
            let keys = Span::styled(entry.keys_label(), theme.key());
            out.extend(entry_lines(keys, key_width, entry.description, text_width));
        }
        out.push(Line::default());
    }
    out.push(Line::styled("Kinds", theme.heading()));
    let kind_width = Kind::ALL
        .iter()
        .map(|k| width(k.name()) + 2)
        .max()
        .unwrap_or(0);
    let mut legend: Vec<(String, Style, &str)> = Kind::ALL
        .iter()
        .map(|&k| {
            (
                format!("{} {}", k.glyph(), k.name()),
                theme.kind(k),
                kind_meaning(k),
            )
        })
        .collect();
    legend.push((
        "↪".to_string(),
        theme.dim(),
        "a statement used again; l goes to where it is written out",
    ));
    legend.extend([
        (
            "▸ ▾".to_string(),
            theme.dim(),
            "a folded node (its children hidden) / an unfolded one",
        ),
        (
            "(+7)".to_string(),
            theme.dim(),
            "after a folded node: how many nodes the fold hides, all levels below it",
        ),
        (
            "⋯3".to_string(),
            theme.dim(),
            "on a row too deep for its guides: that many outer levels left out, so the label shows",
        ),
    ]);
    for (name, style, meaning) in legend {
        out.extend(entry_lines(
            Span::styled(name, style),
            kind_width,
            meaning,
            text_width,
        ));
    }
    out.push(Line::default());
    let mouse = "The mouse: click selects (on ▸ folds), the wheel scrolls. Start with --no-mouse \
                 to get the terminal's own text selection (select and copy) back.";
    out.extend(
        wrap(mouse, text_width)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim())),
    );
    out
}

/// `text` wrapped to `max` columns at its spaces only: an option or a key name (`--no-mouse`,
/// `Ctrl-r`) is never broken at its hyphen, where half of it would read as something else.
fn wrap(text: &str, max: usize) -> Vec<String> {
    // A non-breaking hyphen looks the same and is as wide, and no line breaks after it.
    const KEEP: char = '\u{2011}';
    crate::text::wrap(&text.replace('-', &KEEP.to_string()), max)
        .into_iter()
        .map(|line| line.replace(KEEP, "-"))
        .collect()
}

/// The fewest columns a description gets beside its name before it goes beneath it.
const MIN_DESCRIPTION: usize = 16;

/// One entry of the overlay: `name` in a column `name_width` wide and its description beside
/// it, wrapped under itself; on a screen too narrow for both side by side, the description
/// goes beneath the name, indented, so that no word of it is cut.
fn entry_lines(
    name: Span<'static>,
    name_width: usize,
    description: &str,
    text_width: usize,
) -> Vec<Line<'static>> {
    let indent = 2 + name_width + 2;
    if text_width < indent + MIN_DESCRIPTION {
        let mut lines = vec![Line::from(vec![Span::raw("  "), name])];
        let wrapped = wrap(description, text_width.saturating_sub(4).max(1));
        lines.extend(wrapped.into_iter().map(|l| Line::raw(format!("    {l}"))));
        return lines;
    }
    let pad = " ".repeat(name_width.saturating_sub(width(&name.content)) + 2);
    let mut wrapped = wrap(description, text_width - indent).into_iter();
    let mut lines = vec![Line::from(vec![
        Span::raw("  "),
        name,
        Span::raw(pad),
        Span::raw(wrapped.next().unwrap_or_default()),
    ])];
    lines.extend(wrapped.map(|more| Line::raw(format!("{}{more}", " ".repeat(indent)))));
    lines
}

fn kind_meaning(kind: Kind) -> &'static str {
    match kind {
        Kind::Thesis => "what the whole map argues for",
        Kind::Claim => "a reason for its parent",
        Kind::Evidence => "a fact or example for its parent",
        Kind::Objection => "attacks its parent",
        Kind::Caveat => "limits or qualifies its parent",
        Kind::Question => "an open question raised against its parent",
        Kind::Rebuttal => "answers an objection, caveat or question",
        Kind::Group => "holds statements the source relates to nothing else",
    }
}

pub fn render(frame: &mut Frame, state: &ViewState, ctx: Context, theme: &Theme) {
    let full = frame.area();
    let area = area(full.width, full.height);
    if area.width < 3 || area.height < 3 {
        return;
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.border(true))
        .title(" Keys ")
        .title_bottom(format!(" {} ", ctx.keymap.hint_line(Mode::Help)));
    frame.render_widget(Clear, area);
    // Clear resets the cells to the terminal's colours; the overlay takes the theme's.
    frame.buffer_mut().set_style(area, theme.base());
    frame.render_widget(block, area);
    let inside = layout::inner(area);
    let x = inside.x + u16::from(inside.width > 2);
    let w = inside.width.saturating_sub(2).max(inside.width.min(1));
    let scroll = state.help.unwrap_or(0);
    let lines = lines(ctx.keymap, text_width(area), theme);
    let height = usize::from(inside.height);
    let buffer = frame.buffer_mut();
    for (row, line) in lines.iter().skip(scroll).take(height).enumerate() {
        buffer.set_line(x, inside.y + row as u16, line, w);
    }
    if lines.len() > height {
        let mut position = ScrollbarState::new(lines.len() - height).position(scroll);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("┃"));
        frame.render_stateful_widget(bar, area.inner(Margin::new(0, 1)), &mut position);
    }
}
