//! The source pane: the article beside the map, reflowed, with every quote underlined, the
//! selected node's passage in reverse video and the cursor sentence marked with `▶` and bold,
//! so each reads without colour. Render only: the layout and the view come from `source_view`.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::model::{ArgMap, NodeId};
use crate::source::{Document, Span as DocSpan};

use super::super::layout as panes;
use super::super::source_view::{SourceLayout, SourceLine, quote_span};
use super::super::state::SourcePane;
use super::super::theme::Theme;
use super::drawable;

/// What marks the cursor sentence's first line, in the gutter.
pub const CURSOR_MARKER: &str = "▶";

/// The width to build the [`SourceLayout`] with for a pane drawn in `area`: the inside of the
/// border less one column of padding on the right.
pub fn layout_width(area: Rect) -> usize {
    usize::from(panes::inner(area).width.saturating_sub(1))
}

/// How many layout lines a pane drawn in `area` shows (the height for scrolling).
pub fn visible_height(area: Rect) -> usize {
    usize::from(panes::inner(area).height)
}

/// Draws the source pane. Its layout should be built for [`layout_width`] of `area` (any other
/// width is cut off at the border, never drawn outside it).
#[allow(clippy::too_many_arguments)]
pub fn render(
    frame: &mut Frame,
    area: Rect,
    pane: &SourcePane,
    document: &Document,
    map: &ArgMap,
    selected: NodeId,
    theme: &Theme,
    focused: bool,
) {
    let (view, layout) = (&pane.view, &pane.layout);
    // Where the cursor is, so the paragraph shows even when its number has scrolled away.
    let title = match view.cursor_sentence(document) {
        Some(sentence) => format!("Source · ¶{}", document.location(sentence.start).paragraph),
        None => "Source".to_string(),
    };
    frame.render_widget(super::framed(&title, focused, theme), area);
    if !drawable(area) {
        return;
    }
    let inside = panes::inner(area);
    let height = usize::from(inside.height);
    let styles = Styles {
        quotes: pane.quotes.covered(),
        selected: quote_span(map, selected),
        cursor: view.cursor_sentence(document),
        theme,
    };
    let cursor_line = styles.cursor.map(|sentence| layout.line_of(sentence.start));
    let buffer = frame.buffer_mut();
    let rows = layout
        .lines()
        .iter()
        .enumerate()
        .skip(view.scroll)
        .take(height);
    for (screen_row, (index, line)) in rows.enumerate() {
        let line = styles.line(layout, line, document.text(), cursor_line == Some(index));
        buffer.set_line(inside.x, inside.y + screen_row as u16, &line, inside.width);
    }
    if layout.len() > height {
        let mut scroll = ScrollbarState::new(layout.max_scroll(height)).position(view.scroll);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"));
        frame.render_stateful_widget(bar, area.inner(Margin::new(0, 1)), &mut scroll);
    }
}

/// What decides the style of each character shown.
struct Styles<'a> {
    /// Sorted, merged.
    quotes: &'a [DocSpan],
    selected: Option<DocSpan>,
    cursor: Option<DocSpan>,
    theme: &'a Theme,
}

impl Styles<'_> {
    /// The style of a character showing bytes `start..end` of the document (for a space, the
    /// whole run of white space it stands for, so a space is styled only inside a passage).
    fn at(&self, start: usize, end: usize) -> Style {
        let inside = |span: DocSpan| span.start <= start && end <= span.end;
        let mut style = Style::new();
        let before = self.quotes.partition_point(|q| q.start <= start);
        if before > 0 && inside(self.quotes[before - 1]) {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        if self.selected.is_some_and(inside) {
            style = style.patch(self.theme.selected());
        }
        if self.cursor.is_some_and(inside) {
            style = style.add_modifier(Modifier::BOLD);
        }
        style
    }

    /// A layout line as styled spans: the gutter (the cursor marker, the paragraph number dim),
    /// then the text in runs of equal style.
    fn line(
        &self,
        layout: &SourceLayout,
        line: &SourceLine,
        text: &str,
        cursor_here: bool,
    ) -> Line<'static> {
        let mut spans: Vec<Span<'static>> = Vec::new();
        let gutter = layout.gutter(line);
        if !gutter.is_empty() {
            let (marker, number) = gutter.split_at(1);
            if cursor_here {
                spans.push(Span::styled(CURSOR_MARKER, self.theme.key()));
            } else {
                spans.push(Span::raw(marker.to_string()));
            }
            spans.push(Span::styled(number.to_string(), self.theme.dim()));
        }
        let mut run = String::new();
        let mut run_style = Style::new();
        let mut add = |c: char, style: Style, spans: &mut Vec<Span<'static>>| {
            if style != run_style && !run.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut run), run_style));
            }
            run_style = style;
            run.push(c);
        };
        for piece in &line.pieces {
            let (start, end) = (piece.span.start, piece.span.end);
            match text.get(start..end) {
                Some(source) if !piece.is_space() => {
                    // One shown character for each of the document's.
                    for ((i, c), shown) in source.char_indices().zip(piece.text.chars()) {
                        let at = start + i;
                        add(shown, self.at(at, at + c.len_utf8()), &mut spans);
                    }
                }
                // A space, or a layout made from another document: styled as a whole.
                _ => {
                    for shown in piece.text.chars() {
                        add(shown, self.at(start, end), &mut spans);
                    }
                }
            }
        }
        if !run.is_empty() {
            spans.push(Span::styled(run, run_style));
        }
        Line::from(spans)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;
    use crate::tui::snapshot::to_text;
    use crate::tui::source_view::{Quotes, SourceView};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;

    /// The map's quotes, as the pane underlines them (which node stands for a quote, the only
    /// thing reading order decides, is not drawn).
    fn quotes_of(map: &crate::model::ArgMap) -> Quotes {
        Quotes::of(map, |id| id.index())
    }

    /// The pane at `area` in a `width`×`height` terminal, the given node selected and the view
    /// opened on it, as the lead's wiring would.
    fn draw(width: u16, height: u16, area: Rect, node: &str, theme: Theme) -> Buffer {
        let loaded = load::builtin();
        let document = loaded.document.as_ref().unwrap();
        let map = &loaded.map;
        let selected = map.find(node).unwrap();
        let layout = SourceLayout::new(document, layout_width(area));
        let mut view = SourceView::for_node(document, map, selected);
        view.show_cursor(document, &layout, visible_height(area));
        let pane = SourcePane {
            view,
            layout,
            quotes: quotes_of(map),
        };
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| {
                render(frame, area, &pane, document, map, selected, &theme, true);
            })
            .unwrap();
        terminal.backend().buffer().clone()
    }

    /// Where `needle` is on screen: (x, y) of its first cell.
    fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
        let text = to_text(buffer);
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, line)| line.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{text}"));
        let x = crate::text::width(&line[..line.find(needle).unwrap()]);
        (x as u16, y as u16)
    }

    #[test]
    fn crimea_selected_80x24() {
        let buffer = draw(
            80,
            24,
            Rect::new(36, 0, 44, 22),
            "crimea",
            Theme::monochrome(),
        );
        insta::assert_snapshot!(to_text(&buffer));
    }

    #[test]
    fn crimea_selected_60x20() {
        let buffer = draw(
            60,
            20,
            Rect::new(0, 0, 60, 20),
            "crimea",
            Theme::monochrome(),
        );
        insta::assert_snapshot!(to_text(&buffer));
    }

    #[test]
    fn the_selected_passage_is_reversed_and_other_quotes_underlined() {
        for theme in [Theme::monochrome(), Theme::dark()] {
            let buffer = draw(80, 24, Rect::new(36, 0, 44, 22), "crimea", theme);
            let reversed = |x: u16, y: u16| buffer[(x, y)].modifier.contains(Modifier::REVERSED);
            let underlined =
                |x: u16, y: u16| buffer[(x, y)].modifier.contains(Modifier::UNDERLINED);
            // The crimea sentence: reversed, underlined (a quote), bold (the cursor), spaces too.
            let (x, y) = find(&buffer, "why Russia attacked the Crimean");
            for dx in 0.."why Russia attacked the Crimean".len() as u16 {
                assert!(reversed(x + dx, y), "column {}", x + dx);
                assert!(underlined(x + dx, y));
                assert!(buffer[(x + dx, y)].modifier.contains(Modifier::BOLD));
            }
            // The next sentence starts on the same line: another quote, underlined, not reversed.
            let (x, y) = find(&buffer, "Peninsula? At the");
            assert!(
                reversed(x, y) && reversed(x + 9, y),
                "the passage's last word"
            );
            let after = x + "Peninsula? ".len() as u16;
            assert!(!reversed(after - 1, y), "the space after the passage");
            for dx in 0.."At the".len() as u16 {
                assert!(!reversed(after + dx, y));
                assert!(underlined(after + dx, y));
                assert!(!buffer[(after + dx, y)].modifier.contains(Modifier::BOLD));
            }
            // The space between two quotes is not part of either.
            assert!(!underlined(after - 1, y));
            // The cursor marker stands in the gutter on the sentence's first line.
            let (x, y) = find(&buffer, "Although");
            assert_eq!(buffer[(37, y)].symbol(), CURSOR_MARKER);
            assert!(reversed(x, y));
        }
    }

    #[test]
    fn text_after_the_argument_is_not_underlined_and_numbers_are_dim() {
        let buffer = draw(
            80,
            24,
            Rect::new(0, 0, 80, 24),
            "point-5",
            Theme::monochrome(),
        );
        let (x, y) = find(&buffer, "More By Abbas");
        assert!(!buffer[(x, y)].modifier.contains(Modifier::UNDERLINED));
        let (x, y) = find(&buffer, "Fifthly");
        assert!(buffer[(x, y)].modifier.contains(Modifier::REVERSED));
        assert!(
            buffer[(x - 3, y)].modifier.contains(Modifier::DIM),
            "the number 11"
        );
        assert_eq!(buffer[(x - 3, y)].symbol(), "1");
        assert!(to_text(&buffer).contains('│'), "a scrollbar on the border");
    }

    #[test]
    fn focus_shows_in_the_border() {
        let loaded = load::builtin();
        let document = loaded.document.as_ref().unwrap();
        let pane = SourcePane {
            view: SourceView::default(),
            layout: SourceLayout::new(document, 30),
            quotes: quotes_of(&loaded.map),
        };
        for (focused, corner) in [(true, "┏"), (false, "┌")] {
            let mut terminal = Terminal::new(TestBackend::new(32, 8)).unwrap();
            terminal
                .draw(|frame| {
                    let area = frame.area();
                    let theme = Theme::dark();
                    let root = loaded.map.root;
                    render(
                        frame,
                        area,
                        &pane,
                        document,
                        &loaded.map,
                        root,
                        &theme,
                        focused,
                    );
                })
                .unwrap();
            let text = to_text(terminal.backend().buffer());
            assert!(text.starts_with(&format!("{corner} Source ")), "{text}");
        }
    }

    #[test]
    fn every_small_size_renders_without_panicking() {
        let loaded = load::builtin();
        let document = loaded.document.as_ref().unwrap();
        let map = &loaded.map;
        let crimea = map.find("crimea").unwrap();
        let quotes = quotes_of(map);
        let other = Document::new("Short. Text\u{1b}[2J here.", None);
        for width in 0..=30u16 {
            for height in 0..=12u16 {
                let area = Rect::new(0, 0, width, height);
                let layout = SourceLayout::new(document, layout_width(area));
                let mut view = SourceView::for_node(document, map, crimea);
                view.show_cursor(document, &layout, visible_height(area));
                let pane = SourcePane {
                    view,
                    layout,
                    quotes: quotes.clone(),
                };
                // A layout for another width, or from another document, or scrolled past the
                // end: cut off, never drawn outside.
                let wide = SourcePane {
                    layout: SourceLayout::new(document, 80),
                    ..pane.clone()
                };
                let far = SourcePane {
                    view: SourceView {
                        cursor: usize::MAX,
                        scroll: usize::MAX,
                    },
                    layout: SourceLayout::new(&other, 20),
                    ..pane.clone()
                };
                let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
                terminal
                    .draw(|frame| {
                        let theme = Theme::dark();
                        render(frame, area, &pane, document, map, crimea, &theme, true);
                        render(frame, area, &wide, document, map, crimea, &theme, false);
                        render(frame, area, &far, document, map, crimea, &theme, false);
                        let nothing = NodeId(u32::MAX);
                        render(frame, area, &pane, &other, map, nothing, &theme, true);
                    })
                    .unwrap();
            }
        }
    }
}
