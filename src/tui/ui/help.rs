//! The `?` overlay: every binding of the keymap, grouped, and a legend of the kinds.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear};

use crate::model::Kind;
use crate::text::width;

use super::super::keymap::{Keymap, Mode};
use super::super::layout;
use super::super::state::ViewState;
use super::super::theme::Theme;
use super::super::update::Context;

/// Widest the overlay gets, so lines stay readable on a wide screen.
const MAX_WIDTH: u16 = 78;

/// Where the overlay goes: centred, leaving a margin when there is room.
pub fn area(width: u16, height: u16) -> Rect {
    let w = width.saturating_sub(4).clamp(width.min(20), MAX_WIDTH);
    let h = height.saturating_sub(2).max(height.min(3));
    Rect::new((width - w) / 2, (height - h) / 2, w, h)
}

/// The overlay's lines, generated from the keymap.
pub fn lines(keymap: &Keymap) -> Vec<Line<'static>> {
    lines_styled(keymap, &Theme::monochrome())
}

fn lines_styled(keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let sections = keymap.help(Mode::Normal);
    let key_width = sections
        .iter()
        .flat_map(|(_, entries)| entries.iter().map(|e| width(&e.keys_label())))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for (section, entries) in sections {
        out.push(Line::styled(section.title().to_string(), theme.heading()));
        for entry in entries {
            let keys = entry.keys_label();
            let pad = " ".repeat(key_width - width(&keys) + 2);
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(keys, theme.key()),
                Span::raw(pad),
                Span::raw(entry.description.to_string()),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::styled("Kinds", theme.heading()));
    for kind in Kind::ALL {
        out.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                format!("{} {}", kind.glyph(), kind.name()),
                theme.kind(kind),
            ),
            Span::raw(format!("  {}", kind_meaning(kind))),
        ]));
    }
    out.push(Line::from(vec![
        Span::raw("  "),
        Span::styled("↪", theme.dim()),
        Span::raw("  a statement used again; l goes to where it is written out"),
    ]));
    out.push(Line::default());
    out.push(Line::styled(
        "The mouse: click selects (on ▸ folds), the wheel scrolls.",
        theme.dim(),
    ));
    out
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
    }
}

pub fn render(frame: &mut Frame, state: &ViewState, ctx: Context, theme: &Theme) {
    let full = frame.area();
    let area = area(full.width, full.height);
    if area.width < 3 || area.height < 3 {
        return;
    }
    let hints: Vec<String> = ctx
        .keymap
        .hints(Mode::Help)
        .into_iter()
        .map(|(k, w)| format!("{k} {w}"))
        .collect();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.border(true))
        .title(" Keys ")
        .title_bottom(format!(" {} ", hints.join(" · ")));
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let inside = layout::inner(area);
    let x = inside.x + u16::from(inside.width > 2);
    let w = inside.width.saturating_sub(2).max(inside.width.min(1));
    let scroll = state.help.unwrap_or(0);
    let buffer = frame.buffer_mut();
    for (row, line) in lines_styled(ctx.keymap, theme)
        .iter()
        .skip(scroll)
        .take(usize::from(inside.height))
        .enumerate()
    {
        buffer.set_line(x, inside.y + row as u16, line, w);
    }
}
