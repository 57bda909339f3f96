//! The `W` list: what `argscope check` would say about the map file, over the map, with a jump
//! to the node each problem is about.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Clear};

use crate::text::{sanitize, wrap};

use super::super::keymap::{Keymap, Mode};
use super::super::layout;
use super::super::state::ViewState;
use super::super::theme::Theme;
use super::super::update::Context;

/// The line number of the lines no key selects.
const NOT_SELECTABLE: usize = usize::MAX;

/// The keys along the bottom border, as the keymap binds them; only the keys when the words
/// would be cut.
fn footer(keymap: &Keymap, width: u16) -> String {
    let full = format!(" {} ", keymap.hint_line(Mode::Problems));
    if crate::text::width(&full) + 2 <= usize::from(width) {
        return full;
    }
    let keys: Vec<String> = keymap
        .hints(Mode::Problems)
        .into_iter()
        .map(|(keys, _)| keys)
        .collect();
    format!(" {} ", keys.join(" · "))
}

/// " Problems in map.argdown (2) " in a box `width` wide: the file's name, too long, loses its
/// start ("…/data.argdown"), so the count and the name's end always show.
fn title(name: &str, count: usize, width: usize) -> String {
    let frame = format!(" Problems in  ({count}) ");
    // The corners take a column each.
    let room = width.saturating_sub(crate::text::width(&frame) + 2);
    if room < 4 {
        return format!(" Problems ({count}) ");
    }
    format!(
        " Problems in {} ({count}) ",
        crate::text::truncate_left(name, room)
    )
}

pub fn render(frame: &mut Frame, state: &ViewState, ctx: Context, theme: &Theme) {
    let Some(selected) = state.problems else {
        return;
    };
    let full = frame.area();
    let width = full.width.min(90);
    let area = Rect::new(
        full.x + (full.width - width) / 2,
        full.y + 1.min(full.height),
        width,
        full.height.saturating_sub(2),
    );
    if area.width < 8 || area.height < 4 {
        return;
    }
    frame.render_widget(Clear, area);
    frame.buffer_mut().set_style(area, theme.base());
    let problems = &ctx.loaded.problems;
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.border(true))
        .title(title(
            &sanitize(&ctx.loaded.name, false),
            crate::model::problem::count(problems) + state.not_reloaded.len(),
            usize::from(area.width),
        ))
        .title_bottom(footer(ctx.keymap, area.width));
    frame.render_widget(block, area);
    let inside = layout::inner(area);
    let text_width = usize::from(inside.width.saturating_sub(2)).max(1);
    // Each problem as its wrapped lines; the selected one in reverse video. Above them, why
    // the file as saved did not reload, which no key selects: its nodes are not on screen.
    let mut lines: Vec<(usize, Line<'static>)> = Vec::new();
    if !state.not_reloaded.is_empty() {
        let heading = "Not reloaded: the file as saved does not load, so the map shown is the last good one. Fix what follows and save:";
        for line in wrap(heading, text_width) {
            lines.push((NOT_SELECTABLE, Line::styled(line, theme.heading())));
        }
        for problem in &state.not_reloaded {
            for line in wrap(&sanitize(problem, false), text_width) {
                lines.push((NOT_SELECTABLE, Line::styled(line, theme.warning())));
            }
        }
        if !problems.is_empty() {
            lines.push((NOT_SELECTABLE, Line::default()));
            let heading = "In the map shown:";
            lines.push((NOT_SELECTABLE, Line::styled(heading, theme.heading())));
        }
    }
    for (index, problem) in problems.iter().enumerate() {
        let style = if index == selected {
            theme.selected()
        } else {
            theme.warning()
        };
        // A problem may quote the file's own words: shown, like every text from a file, with
        // its controls as stand-ins.
        for line in wrap(&sanitize(&problem.to_string(), false), text_width) {
            lines.push((index, Line::styled(line, style)));
        }
    }
    let height = usize::from(inside.height);
    let first_of_selected = lines.iter().position(|(i, _)| *i == selected).unwrap_or(0);
    let skip = first_of_selected.saturating_sub(height.saturating_sub(3));
    for (row, (_, line)) in lines.iter().skip(skip).take(height).enumerate() {
        frame.buffer_mut().set_line(
            inside.x + 1,
            inside.y + row as u16,
            line,
            inside.width.saturating_sub(2),
        );
    }
}
