//! The two status lines: where the selection stands in the argument, and the key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::text::{truncate, truncate_left, width};

use super::super::action::Action;
use super::super::hint::Keep;
use super::super::keymap::{HintEntry, Mode};
use super::super::search::Side;
use super::super::state::{Pane, ViewState};
use super::super::theme::Theme;
use super::super::update::{Context, mode};
use super::super::zoom::Column;

pub fn render(frame: &mut Frame, area: Rect, state: &ViewState, ctx: Context, theme: &Theme) {
    if area.height < 2 || area.width == 0 {
        return;
    }
    let max = usize::from(area.width);
    let typing = state.filters().search.as_ref().filter(|s| s.typing);
    let first = match (typing, &state.message) {
        // The help stands over this row but for its margins, where a cut breadcrumb would
        // show as a stray character.
        _ if state.help.is_some() => Line::default(),
        (Some(search), _) => {
            let found = match search.matches.len() {
                _ if search.query.is_empty() => {
                    "type to search labels, paraphrases and quotes".to_string()
                }
                // The matches found so far: the count is not final until the search ends.
                1 if search.partial => "searching… 1 match so far".to_string(),
                n if search.partial => format!("searching… {n} matches so far"),
                _ if search.pending => "searching…".to_string(),
                0 => "no match".to_string(),
                1 => "1 match".to_string(),
                // Which one is selected, as Tab and the arrows move through them.
                n => match state.search_position() {
                    Some((at, _)) => format!("{at} of {n} matches"),
                    None => format!("{n} matches"),
                },
            };
            // A query too long for the row loses its start, not the count after it: the
            // end is where the typing is.
            let found = format!("  {found}");
            let room = max.saturating_sub(width(&found) + width("/▏"));
            let query = if room >= 8 {
                truncate_left(&search.query, room)
            } else {
                search.query.clone()
            };
            Line::from(vec![
                Span::styled(format!("/{query}▏"), theme.heading()),
                Span::styled(found, theme.dim()),
            ])
        }
        // Messages may quote a file (a reload's problem, a notes file's name): cleaned as it is.
        // One too long for a row takes the hints' row too, and one too long for both the rows
        // above them, until the next key clears it.
        (None, Some(message)) => {
            let lines = crate::text::wrap(&crate::text::sanitize(message, false), max);
            if lines.len() > 1 {
                // A box over the screen (the note editor, a question, a list) would hide the
                // rows above, and with them the message's start, where it says what to do: it
                // keeps to the two status rows then, its end cut.
                let covered = state.editor.is_some()
                    || state.unsaved.is_some()
                    || state.orphans.is_some()
                    || state.problems.is_some();
                render_long_message(frame, area, &lines, covered, theme);
                return;
            }
            Line::styled(truncate(&lines.concat(), max), theme.warning())
        }
        (None, None) => Line::styled(truncate_left(&breadcrumb(state, ctx), max), theme.heading()),
    };
    // While a search is typed its line takes the first row: a message (a paste cut to the
    // longest query) stands in for the hints, until the next key clears it.
    let second = match (typing, &state.message) {
        (Some(_), Some(message)) if state.help.is_none() => Line::styled(
            truncate(&crate::text::sanitize(message, false), max),
            theme.warning(),
        ),
        _ => hint_line(state, ctx, theme, max),
    };
    let buffer = frame.buffer_mut();
    buffer.set_line(area.x, area.y, &first, area.width);
    buffer.set_line(area.x, area.y + 1, &second, area.width);
}

/// A message of several lines: on the two status rows, and when it needs more, on rows above
/// them (at most half the screen above, none when `covered` by a box), under a rule that sets
/// it apart from the pane it stands over. Only a message that does not fit even so is cut,
/// with "…".
fn render_long_message(
    frame: &mut Frame,
    area: Rect,
    lines: &[String],
    covered: bool,
    theme: &Theme,
) {
    let max = usize::from(area.width);
    let above_room = if covered { 0 } else { usize::from(area.y / 2) };
    // Rows taken above the status rows: the lines beyond two, and the rule.
    let above = match lines.len().saturating_sub(2) {
        0 => 0,
        // A rule with no line under it would only hide the pane.
        _ if above_room < 2 => 0,
        more => (more + 1).min(above_room),
    };
    let rows = 2 + above.saturating_sub(1);
    let top = area.y - above as u16;
    let buffer = frame.buffer_mut();
    if above > 0 {
        let rule = Line::styled("─".repeat(max), theme.dim());
        buffer.set_line(area.x, top, &rule, area.width);
        let message = Rect::new(area.x, top + 1, area.width, rows as u16);
        buffer.set_style(message, theme.base());
    }
    let first_row = if above > 0 { top + 1 } else { area.y };
    for (i, line) in lines.iter().take(rows).enumerate() {
        let more = i + 1 == rows && lines.len() > rows;
        let text = if more {
            format!("{line} …")
        } else {
            line.clone()
        };
        let line = Line::styled(truncate(&text, max), theme.warning());
        let row = first_row + i as u16;
        // Blank the row first: it may stand over a pane's text.
        buffer.set_line(area.x, row, &Line::raw(" ".repeat(max)), area.width);
        buffer.set_line(area.x, row, &line, area.width);
    }
}

/// "◆ Thesis › + Point › ? Question": the path from the thesis to the selection.
pub fn breadcrumb(state: &ViewState, ctx: Context) -> String {
    let map = &ctx.loaded.map;
    map.path_to(state.current())
        .into_iter()
        .map(|id| super::crumb(map, id))
        .collect::<Vec<_>>()
        .join(" › ")
}

/// Below this width the problems' count is said in short.
const NARROW: usize = 60;

/// Key hints from the keymap, as many as fit. What a narrow line keeps, and what comes first,
/// is the keymap's to say (see [`Keep`]): help first, then the ways out and back, then the keys
/// the mode is for and the search, and the rarer keys last.
fn hint_line(state: &ViewState, ctx: Context, theme: &Theme, max: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let mut room = max;
    let problems = crate::model::problem::count(&ctx.loaded.problems);
    if problems > 0 {
        let list = ctx.keymap.key_for(Mode::Normal, Action::ShowProblems);
        let text = match (problems, list) {
            // Narrow, the count gives the hints the room to say how to move and leave.
            (_, Some(key)) if max < NARROW => format!("⚠ {problems} ({key})  "),
            (_, None) if max < NARROW => format!("⚠ {problems}  "),
            (1, Some(key)) => format!("⚠ 1 problem ({key} lists it)  "),
            (1, None) => "⚠ 1 problem  ".to_string(),
            (_, Some(key)) => format!("⚠ {problems} problems ({key} lists them)  "),
            (_, None) => format!("⚠ {problems} problems  "),
        };
        room = room.saturating_sub(width(&text));
        spans.push(Span::styled(text, theme.warning()));
    }
    let filters = state.filters();
    // Each tag in full and short (without the keys that change it), for a narrow screen.
    let mut tags: Vec<(String, String)> = Vec::new();
    if let Some(search) = filters.search.as_ref().filter(|s| !s.typing) {
        let at = match state.search_position() {
            _ if search.pending => "searching…".to_string(),
            Some((n, total)) => format!("{n} of {total}"),
            None if search.matches.is_empty() => "no match".to_string(),
            None if search.matches.len() == 1 => "1 match".to_string(),
            None => format!("{} matches", search.matches.len()),
        };
        // With no match, n and N have nowhere to go: only the way back to the map is named.
        let found = search.pending || !search.matches.is_empty();
        let keys: Vec<String> = [Action::NextMatch, Action::PreviousMatch, Action::Dismiss]
            .into_iter()
            .filter(|&action| found || action == Action::Dismiss)
            .filter_map(|action| ctx.keymap.key_for(Mode::Normal, action))
            .collect();
        // Short, the place among the matches comes first, so a cut takes the query's end.
        let short = format!("{at} /{}", search.query);
        tags.push((
            match keys.as_slice() {
                [] => format!("/{} {at}", search.query),
                [next, previous, dismiss] => {
                    format!("/{} {at} ({next}/{previous}, {dismiss})", search.query)
                }
                some => format!("/{} {at} ({})", search.query, some.join(", ")),
            },
            short,
        ));
    }
    if let Some(side) = filters.side {
        let only = match side {
            Side::For => "for only",
            Side::Against => "against only",
        };
        tags.push((
            ctx.keymap.tagged(only, Mode::Normal, Action::CycleSide),
            only.to_string(),
        ));
    }
    if filters.focus.is_some() {
        tags.push((
            ctx.keymap
                .tagged("focused", Mode::Normal, Action::ToggleFocus),
            "focused".to_string(),
        ));
    }
    if !state.not_reloaded.is_empty() {
        tags.push((
            ctx.keymap
                .tagged("⚠ not reloaded", Mode::Normal, Action::ShowProblems),
            "⚠ not reloaded".to_string(),
        ));
    }
    if state.notes_error.is_some() {
        let tag = "⚠ notes not saved".to_string();
        tags.push((tag.clone(), tag));
    } else if state.notes_read_only.is_some() {
        let tag = "notes read-only".to_string();
        tags.push((tag.clone(), tag));
    }
    let mut hints = ctx.keymap.hint_entries(mode(state));
    // Notes read-only here: trying the save again cannot work, and is not offered. Notes saved
    // meanwhile (the other window closed): there is nothing left to save.
    match &state.unsaved {
        Some(prompt) if prompt.saved => hints.retain(|entry| {
            !matches!(entry.action, Action::RetrySave | Action::SaveNotesElsewhere)
        }),
        Some(prompt) if prompt.read_only => {
            hints.retain(|entry| entry.action != Action::RetrySave);
        }
        _ => {}
    }
    // With the detail pane focused, j and k scroll it, and folding is the tree's business (a
    // tree that, on a short narrow screen, is not even on screen): each hint says what it
    // does there, if anything.
    if mode(state) == Mode::Normal && state.focus == Pane::Detail {
        hints.retain_mut(|entry| match entry.hint.in_detail {
            Some(word) => {
                entry.hint.word = word;
                true
            }
            None => false,
        });
    }
    // A map with no source document has no source text to open.
    if ctx.loaded.document.is_none() {
        hints.retain(|entry| entry.action != Action::ToggleSource);
    }
    // Typing a search that has found nothing (yet nothing typed, or no match), there is no
    // match to go to.
    let typing = filters.search.as_ref().filter(|search| search.typing);
    if typing.is_some_and(|search| !search.pending && search.matches.is_empty()) {
        hints.retain(|entry| !matches!(entry.action, Action::NextMatch | Action::PreviousMatch));
    }
    // Stepped into a node, the keys that move among its children and step into one do nothing
    // when it has none, and the way to the other column nothing when only one has any.
    if let Some(zoom) = state.zoom.as_ref().filter(|_| mode(state) == Mode::Zoom) {
        let sides = [Column::For, Column::Against].map(|column| !zoom.side(column).is_empty());
        hints.retain(|entry| match entry.action {
            Action::Down | Action::Up | Action::ZoomIn => sides.contains(&true),
            Action::OtherColumn => sides == [true, true],
            _ => true,
        });
    }
    // With one pane on screen, the way to the other is the only way there: it is named for
    // that pane and kept, after help, whatever the width.
    let areas = crate::tui::layout::areas(state.width, state.height, state.focus);
    let other_pane = match (areas.tree, areas.detail) {
        // The source text, when open, takes the detail pane's place.
        (Some(_), None) if state.source.is_some() => Some("source"),
        (Some(_), None) => Some("detail"),
        (None, Some(_)) => Some("map"),
        _ => None,
    };
    if let Some(other) = other_pane
        && let Some(at) = hints.iter().position(|e| e.hint.keep == Keep::OtherPane)
    {
        let mut entry = hints.remove(at);
        entry.hint.word = other;
        hints.insert(0, entry);
    }
    if let Some(at) = hints.iter().position(|e| e.hint.keep == Keep::First) {
        let first = hints.remove(at);
        hints.insert(0, first);
    }
    let cost = |entry: &HintEntry| width(&entry.keys) + 1 + width(entry.hint.word) + 2;
    let kept = |entry: &HintEntry| match entry.hint.keep {
        Keep::First | Keep::Always => true,
        Keep::OtherPane => other_pane.is_some(),
        Keep::OtherColumn | Keep::Core | Keep::IfRoom => false,
    };
    // What the room left goes to first: the keys a newcomer needs to get about, then the rest.
    let core = |entry: &HintEntry| match entry.hint.keep {
        Keep::Core => true,
        Keep::OtherPane => other_pane.is_none(),
        Keep::First | Keep::Always | Keep::OtherColumn | Keep::IfRoom => false,
    };
    room = room.saturating_sub(hints.iter().filter(|e| kept(e)).map(cost).sum());
    // Stepped into a node with children on both sides (else its hint is gone, above), the way
    // to the other column is kept when it fits beside the hints that always show.
    let column = hints
        .iter()
        .find(|e| e.hint.keep == Keep::OtherColumn)
        .map(cost)
        .filter(|&column| column <= room);
    if let Some(column) = column {
        room -= column;
    }
    let essential = |entry: &HintEntry| {
        kept(entry) || (column.is_some() && entry.hint.keep == Keep::OtherColumn)
    };
    // The tags take what the hints that always show leave: in full, else short, else cut.
    let tagged = |tags: &[String]| tags.iter().map(|t| width(t) + 3).sum::<usize>();
    let full: Vec<String> = tags.iter().map(|(full, _)| full.clone()).collect();
    let mut shown_tags = if tagged(&full) <= room {
        full
    } else {
        tags.into_iter().map(|(_, short)| short).collect()
    };
    if tagged(&shown_tags) > room {
        // Cut to fit, in order; a tag with no room for a letter and "…" is left out.
        let mut left = room;
        shown_tags.retain_mut(|tag| {
            if left < 5 {
                return false;
            }
            *tag = truncate(tag, left - 3);
            left -= width(tag) + 3;
            true
        });
    }
    for tag in shown_tags {
        let text = format!("[{tag}] ");
        room = room.saturating_sub(width(&text));
        spans.push(Span::styled(text, theme.warning()));
    }
    // The hints that always show, then each core hint that fits, then the others in the
    // table's order while they fit (one that does not ends them, so none shows while one
    // before it in the table is left out); shown in the order of `hints`.
    let mut shown: Vec<bool> = hints.iter().map(essential).collect();
    for (at, entry) in hints.iter().enumerate() {
        if !shown[at] && core(entry) && cost(entry) <= room {
            room -= cost(entry);
            shown[at] = true;
        }
    }
    for (at, entry) in hints.iter().enumerate() {
        if shown[at] || core(entry) {
            continue;
        }
        if cost(entry) > room {
            break;
        }
        room -= cost(entry);
        shown[at] = true;
    }
    let shown = hints
        .into_iter()
        .zip(shown)
        .filter_map(|(entry, shown)| shown.then_some(entry));
    for entry in shown {
        spans.push(Span::styled(entry.keys, theme.key()));
        spans.push(Span::styled(format!(" {}  ", entry.hint.word), theme.dim()));
    }
    Line::from(spans)
}
