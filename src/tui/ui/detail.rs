//! The detail pane: everything about the selected node, wrapped to the pane and scrollable.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::load::Loaded;
use crate::model::{Anchor, ChildTally, Kind, Node, NodeId, describe_counts};
use crate::notes::Entry;
use crate::text::{shown, width as text_width, wrap};
use crate::tui::notes_view::impact_bar;

use super::super::action::Action;
use super::super::keymap::{Keymap, Mode};
use super::super::layout;
use super::super::state::{Pane, ViewState};
use super::super::theme::Theme;
use super::super::update::Context;
use super::{drawable, pane_block};

pub fn render(frame: &mut Frame, area: Rect, state: &ViewState, ctx: Context, theme: &Theme) {
    frame.render_widget(pane_block("Detail", Pane::Detail, state, theme), area);
    if !drawable(area) {
        return;
    }
    let inside = layout::inner(area);
    let text_width = layout::detail_text_width(area);
    let map = &ctx.loaded.map;
    let entry = state
        .notes
        .get(&state.note_keys.key_in(map, map.resolve(state.selected())));
    let tally = state.child_tally(map, map.resolve(state.selected()));
    let lines = lines(
        ctx.loaded,
        ctx.keymap,
        state.selected(),
        Around {
            notes: entry,
            tally: &tally,
        },
        text_width,
        theme,
    );
    let height = usize::from(inside.height);
    let buffer = frame.buffer_mut();
    // One column of padding each side, when there is room for it.
    let (x, w) = if inside.width > 2 {
        (inside.x + 1, inside.width - 2)
    } else {
        (inside.x, inside.width)
    };
    for (screen_row, line) in lines
        .iter()
        .skip(state.detail_scroll)
        .take(height)
        .enumerate()
    {
        buffer.set_line(x, inside.y + screen_row as u16, line, w);
    }
    if lines.len() > height {
        let mut scroll = ScrollbarState::new(lines.len() - height).position(state.detail_scroll);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"));
        frame.render_stateful_widget(bar, area.inner(Margin::new(0, 1)), &mut scroll);
    }
}

/// What the detail of a node shows beside the map's own fields.
#[derive(Clone, Copy)]
pub struct Around<'a> {
    /// The group's notes on it.
    pub notes: Option<&'a Entry>,
    /// Its children counted by kind ([`ViewState::child_tally`]).
    pub tally: &'a ChildTally,
}

/// How many lines the detail of `id` takes at this width (for scrolling limits).
pub fn line_count(
    loaded: &Loaded,
    keymap: &Keymap,
    id: NodeId,
    around: Around,
    width: usize,
) -> usize {
    lines(loaded, keymap, id, around, width, &Theme::monochrome()).len()
}

/// The detail of a node as wrapped lines.
pub fn lines(
    loaded: &Loaded,
    keymap: &Keymap,
    id: NodeId,
    around: Around,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let Around { notes, tally } = around;
    let map = &loaded.map;
    let node = map.node(id);
    let statement = map.statement(id);
    let width = width.max(1);
    let mut out: Vec<Line<'static>> = Vec::new();
    let wrapped = |out: &mut Vec<Line<'static>>, text: &str, style: Style| {
        out.extend(
            wrap(text, width)
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    };

    let kind = format!("{} {}", node.kind.glyph(), node.kind.name());
    let kind_style = theme.kind(node.kind).add_modifier(Modifier::BOLD);
    let relation = match map.place_among_siblings(id) {
        Some((at, siblings)) => {
            let verb = relation(node);
            format!("{verb} its parent ({} of {siblings})", at + 1)
        }
        None => match node.kind {
            Kind::Question => "the question the map's theses answer",
            Kind::Group => "holds theses the source relates to nothing else",
            _ => "the claim the map argues for",
        }
        .to_string(),
    };
    // On one line when it fits; otherwise the relation wraps on the lines below the kind.
    if text_width(&kind) + 3 + text_width(&relation) <= width {
        out.push(Line::from(vec![
            Span::styled(kind, kind_style),
            Span::styled(format!(" · {relation}"), theme.dim()),
        ]));
    } else {
        out.push(Line::styled(kind, kind_style));
        wrapped(&mut out, &relation, theme.dim());
    }
    // The pattern of reasoning the map names for that relation (AIF's schemes).
    if let Some(scheme) = map.scheme(id) {
        wrapped(&mut out, &format!("scheme: {scheme}"), theme.dim());
    }
    out.push(Line::default());
    wrapped(&mut out, &shown(&statement.label), theme.heading());

    if map.is_ref(id) {
        let target = map.resolve(id);
        let place = map.parent(target).map_or_else(
            || "at the root".to_string(),
            |p| format!("under “{}”", map.statement(p).label),
        );
        let written = super::present::full_stop(&format!(
            "↪ This statement is used again here; it is written out {place}"
        ));
        let follow = keymap.keys_for(Mode::Normal, Action::ExpandOrChild);
        out.push(Line::default());
        wrapped(
            &mut out,
            &match follow.as_slice() {
                [] => written,
                keys => format!("{written} Press {} to go there.", keys.join(" or ")),
            },
            theme.dim(),
        );
    }

    // The group's notes under the label, where they are read without scrolling: below the
    // quote they were out of sight on most nodes, even at 80x24.
    if let Some(entry) = notes {
        out.push(Line::default());
        out.extend(seminar_notes(entry, width, theme));
    }

    out.push(Line::default());
    if statement.text.trim().is_empty() {
        out.push(Line::styled("(no paraphrase)", theme.dim()));
    } else {
        wrapped(&mut out, &shown(&statement.text), Style::new());
    }

    out.push(Line::default());
    if statement.quote.trim().is_empty() {
        out.push(Line::styled("(no quotation from the source)", theme.dim()));
    } else {
        let quote = crate::source::collapse_whitespace(&shown(&statement.quote));
        for line in wrap(&format!("“{quote}”"), width.saturating_sub(2).max(1)) {
            out.push(Line::from(vec![
                Span::styled("▌ ", theme.dim()),
                Span::styled(line, theme.quote()),
            ]));
        }
        match quote_place(loaded, statement.anchor) {
            Ok(place) => wrapped(&mut out, &place, theme.dim()),
            Err(problem) => wrapped(&mut out, &problem, theme.warning()),
        }
    }

    if !statement.url.is_empty() {
        wrapped(&mut out, &format!("Source: {}", statement.url), theme.dim());
    }
    if !statement.also.is_empty() {
        out.push(Line::default());
        out.push(Line::styled("Also phrased as", theme.heading()));
        for other in &statement.also {
            wrapped(&mut out, &format!("• {}", shown(other)), Style::new());
        }
    }
    out.push(Line::default());
    let apart = super::theses_heading(map, id).unwrap_or("Apart");
    // A question's children all answer it, whatever their kind: one line of answers.
    let answers;
    let tally = if node.kind == Kind::Question {
        answers = ChildTally {
            apart: (tally.apart.iter())
                .chain(&tally.for_side)
                .chain(&tally.against)
                .copied()
                .collect(),
            ..ChildTally::default()
        };
        &answers
    } else {
        tally
    };
    let sides = [
        ("For", &tally.for_side, theme.for_side()),
        ("Against", &tally.against, theme.against_side()),
        (apart, &tally.apart, theme.kind(Kind::Thesis)),
    ];
    // What stands apart is named only where there is some: nearly always none. Nothing bears
    // on a group or a question either way, so it has only what it holds or what answers it.
    let shown = sides.len() - usize::from(tally.apart.is_empty() && !one_line(node.kind));
    let skipped = if one_line(node.kind) { 2 } else { 0 };
    for (title, counts, style) in sides.into_iter().take(shown).skip(skipped) {
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        let what = if total == 0 {
            "nothing".to_string()
        } else {
            describe_counts(counts)
        };
        let text = format!("{title} ({total}): {what}");
        let mut first = true;
        for line in wrap(&text, width) {
            if first {
                let (head, rest) = line.split_at(line.find(':').map_or(0, |i| i + 1));
                out.push(Line::from(vec![
                    Span::styled(head.to_string(), style),
                    Span::raw(rest.to_string()),
                ]));
                first = false;
            } else {
                out.push(Line::raw(line));
            }
        }
    }
    out
}

/// Whether a node's children are listed in one line, bearing on it neither way: what a
/// group holds, what answers a question.
fn one_line(kind: Kind) -> bool {
    matches!(kind, Kind::Group | Kind::Question)
}

/// The group's mark, rating, bookmark and note on the node, under their heading (also on a
/// presenter's slide).
pub(super) fn seminar_notes(entry: &Entry, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled("Seminar notes", theme.heading())];
    let mut wrapped = |text: &str, style: Style| {
        out.extend(
            wrap(text, width)
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    };
    let mut facts = Vec::new();
    if let Some(mark) = entry.mark {
        facts.push(format!("{} {}", mark.glyph(), mark.word()));
    }
    if let Some(impact) = entry.impact {
        facts.push(format!("impact {} {impact}/4", impact_bar(impact)));
    }
    if entry.bookmark {
        facts.push("★ bookmarked".to_string());
    }
    if !facts.is_empty() {
        wrapped(&facts.join(" · "), theme.key());
    }
    out.extend(note_lines(&entry.note, width));
    out
}

/// A note as wrapped lines: one pen for it, however many lines it has (a pen each would read
/// as many notes). Each line the note was written in starts at the left, the first after the
/// pen, and what wraps of it hangs under the first line's text, after the pen: a wrapped line
/// is told from a new one at a glance.
pub(super) fn note_lines(note: &str, width: usize) -> Vec<Line<'static>> {
    const PEN: &str = "✎ ";
    let hang = text_width(PEN);
    let mut out = Vec::new();
    for (i, written) in shown(note).lines().enumerate() {
        let pen = if i == 0 { PEN } else { "" };
        if width <= hang + 1 {
            // No room to hang anything: the lines as they come.
            out.extend(
                wrap(&format!("{pen}{written}"), width)
                    .into_iter()
                    .map(Line::raw),
            );
            continue;
        }
        for (j, line) in wrap(written, width - hang).into_iter().enumerate() {
            let lead = if j == 0 { pen } else { "  " };
            out.push(Line::raw(format!("{lead}{line}")));
        }
    }
    out
}

/// "— paragraph 4, line 24" where a quote stands, or (as the error) why that is not known.
pub(crate) fn quote_place(loaded: &Loaded, anchor: Anchor) -> Result<String, String> {
    match (anchor, &loaded.document) {
        (Anchor::Found(span), Some(document)) => Ok(format!("  — {}", document.citation(span))),
        (Anchor::NotFound, _) => Err("  ⚠ not found in the source document".to_string()),
        _ => Err("  ⚠ unverified: the source document is not available".to_string()),
    }
}

/// How a node bears on its parent, as a verb.
pub(crate) fn relation(node: &Node) -> &'static str {
    if node.undercut {
        return "undercuts the inference to";
    }
    match node.kind {
        Kind::Claim | Kind::Evidence => "supports",
        Kind::Rebuttal => "answers",
        Kind::Question => "questions",
        Kind::Caveat => "qualifies",
        Kind::Objection => "opposes",
        Kind::Thesis => "stands under",
        Kind::Group => "stands apart from",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    /// The detail pane's lines for `id`, with no notes, 400 columns wide, without colour.
    fn detail_text(loaded: &Loaded, id: NodeId) -> Vec<String> {
        let tally = loaded.map.tally_children(id);
        let around = Around {
            notes: None,
            tally: &tally,
        };
        let keymap = Keymap::default();
        let shown = lines(loaded, &keymap, id, around, 400, &Theme::monochrome());
        shown.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn no_detail_line_is_wider_than_the_pane_so_nothing_is_cut_off() {
        let loaded = load::builtin();
        for id in loaded.map.preorder() {
            for width in [12, 20, 37, 41, 58, 100] {
                let tally = loaded.map.tally_children(loaded.map.resolve(id));
                let around = Around {
                    notes: None,
                    tally: &tally,
                };
                for line in lines(
                    &loaded,
                    &Keymap::default(),
                    id,
                    around,
                    width,
                    &Theme::dark(),
                ) {
                    assert!(line.width() <= width, "{width} columns: {line:?}");
                }
            }
        }
    }

    /// A wrapped line hangs after the pen, and a line the teacher started starts at the left,
    /// so the two are told apart, wide and narrow text alike.
    #[test]
    fn a_notes_wrapped_lines_hang_after_the_pen_and_its_own_lines_start_at_the_left() {
        let note = "NB: Class thinks the vote matters. Ask: why did Russia vote yes? END\n\
                    Second line é ü 中文 and then some more words to wrap";
        let text = |width| -> Vec<String> {
            note_lines(note, width)
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(
            text(50),
            [
                "✎ NB: Class thinks the vote matters. Ask: why did",
                "  Russia vote yes? END",
                "Second line é ü 中文 and then some more words",
                "  to wrap",
            ]
        );
        // From two columns, the least a wide character needs.
        for width in 2..60 {
            for line in note_lines(note, width) {
                assert!(line.width() <= width, "{width} columns: {line:?}");
            }
        }
        assert_eq!(
            text(400),
            [
                "✎ NB: Class thinks the vote matters. Ask: why did Russia vote yes? END",
                "Second line é ü 中文 and then some more words to wrap"
            ]
        );
    }

    #[test]
    fn the_detail_names_kind_relation_label_paraphrase_quote_place_and_counts() {
        let loaded = load::builtin();
        let text = detail_text(&loaded, loaded.map.find("point-4").unwrap());
        assert_eq!(text[0], "+ claim · supports its parent (5 of 6)");
        assert_eq!(
            text[2],
            "Iran's scientists would gain if Russian tech parks opened"
        );
        assert!(text[4].starts_with("Fourthly: if Russian technology parks"));
        assert!(text[6].starts_with("▌ “It seems that when Russian technological parks"));
        assert_eq!(text[7], "  — paragraph 9, lines 57–59");
        assert_eq!(text[9], "For (0): nothing");
        assert_eq!(text[10], "Against (3): 3 caveats");
    }

    /// A question's children all answer it, the author's "yes" (a rebuttal) too: one line of
    /// answers, never "For" and "Against".
    #[test]
    fn a_questions_children_are_its_answers() {
        let loaded = load::builtin();
        let text = detail_text(&loaded, loaded.map.find("sco-security").unwrap());
        assert_eq!(
            text.last().map(String::as_str),
            Some("Answers (1): 1 rebuttal")
        );
        assert!(
            !text
                .iter()
                .any(|l| l.starts_with("For (") || l.starts_with("Against ("))
        );
    }
}
