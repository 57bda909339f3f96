//! The source view's logic: the article reflowed to a pane, paragraph by paragraph, and a
//! sentence cursor a teacher moves while reading aloud, with the map following it.
//!
//! Pure: nothing here draws or touches the terminal (`ui::source` draws). Every layout line
//! knows which bytes of the document it shows, so quotes, the selected passage and the cursor
//! sentence are styled by span, and any byte offset maps back to the line showing it.

use crate::model::fast_hash::FastMap;
use crate::model::{Anchor, ArgMap, Body, NodeId};
use crate::source::{Document, Span};
use crate::text::{clean_char, width as text_width};

/// Below this many columns for the text, the gutter (cursor marker and paragraph numbers) is
/// left out so the words keep what little room there is.
const MIN_TEXT_WITH_GUTTER: usize = 6;

/// A stretch of the document shown on a layout line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The bytes of the document shown: a word (or part of one too long for a line), or, for a
    /// space, the whole run of white space between two words that it stands for.
    pub span: Span,
    /// What is shown: the word with any character that could drive the terminal replaced by a
    /// visible stand-in (one character for each of the document's), or a single space.
    pub text: String,
}

impl Piece {
    /// Whether this is the one space standing for a run of the document's white space.
    pub fn is_space(&self) -> bool {
        self.text == " "
    }
}

/// One line of the reflowed document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLine {
    /// The paragraph's number (1-based) on its first line; `None` on continuation lines and on
    /// the blank lines between paragraphs.
    pub number: Option<usize>,
    /// What the line shows after its gutter, in order; empty for a blank line.
    pub pieces: Vec<Piece>,
}

impl SourceLine {
    /// The text shown after the gutter.
    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// The whole document reflowed to a width: paragraphs separated by a blank line, each opening
/// with its number in a gutter, white space inside a paragraph (the document's hard line breaks
/// included) shown as single spaces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLayout {
    lines: Vec<SourceLine>,
    width: usize,
    /// Columns before the text: one for the cursor marker, the number right-aligned, a space.
    /// 0 when the width is too small to spare them.
    gutter: usize,
    /// `(first document offset shown, line index)` for every line that shows text, in order.
    starts: Vec<(usize, usize)>,
}

impl SourceLayout {
    /// Reflows `document` to lines of at most `width` columns (gutter included). Words longer
    /// than a line are broken; wide characters count two columns. Linear in the document size.
    /// A line is never wider than `width` once `width` is at least 2 (one column cannot hold a
    /// wide character).
    pub fn new(document: &Document, width: usize) -> SourceLayout {
        let paragraphs = document.paragraphs();
        let digits = paragraphs.len().max(1).to_string().len();
        let full_gutter = digits + 2;
        let gutter = if width >= full_gutter + MIN_TEXT_WITH_GUTTER {
            full_gutter
        } else {
            0
        };
        let mut filler = Filler {
            text: document.text(),
            room: width.saturating_sub(gutter).max(1),
            lines: Vec::new(),
            line: SourceLine::default(),
            column: 0,
            last_end: 0,
        };
        for (index, paragraph) in paragraphs.iter().enumerate() {
            if index > 0 {
                filler.lines.push(SourceLine::default());
            }
            filler.line.number = Some(paragraph.number);
            filler.paragraph(paragraph.span);
        }
        let lines = filler.lines;
        let starts = lines
            .iter()
            .enumerate()
            .filter_map(|(index, line)| line.pieces.first().map(|p| (p.span.start, index)))
            .collect();
        SourceLayout {
            lines,
            width,
            gutter,
            starts,
        }
    }

    pub fn lines(&self) -> &[SourceLine] {
        &self.lines
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The width the layout was made for.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Columns before the text on every line (0 when too narrow for a gutter).
    pub fn gutter_width(&self) -> usize {
        self.gutter
    }

    /// A line's gutter: a blank column for the cursor marker, then the paragraph number
    /// (right-aligned) on a paragraph's first line or spaces, then a space. Empty without gutter.
    pub fn gutter(&self, line: &SourceLine) -> String {
        if self.gutter == 0 {
            return String::new();
        }
        let digits = self.gutter - 2;
        match line.number {
            Some(number) => format!(" {number:>digits$} "),
            None => " ".repeat(self.gutter),
        }
    }

    /// Line `index` as shown: gutter and text (empty past the end).
    pub fn line_text(&self, index: usize) -> String {
        self.lines
            .get(index)
            .map(|line| self.gutter(line) + &line.text())
            .unwrap_or_default()
    }

    /// The line showing byte `offset` of the document: the last line starting at or before it
    /// (white space between lines or paragraphs belongs to the line before it; an offset before
    /// the first word, to the first line). 0 for an empty layout.
    pub fn line_of(&self, offset: usize) -> usize {
        let after = self.starts.partition_point(|&(start, _)| start <= offset);
        let at = after.saturating_sub(1);
        self.starts.get(at).map_or(0, |&(_, index)| index)
    }

    /// The furthest a pane `height` lines high can scroll: the last line at its bottom.
    pub fn max_scroll(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height)
    }
}

/// Fills lines word by word, greedily.
struct Filler<'a> {
    text: &'a str,
    /// Columns for text on each line (after the gutter); at least 1.
    room: usize,
    lines: Vec<SourceLine>,
    /// The line being filled.
    line: SourceLine,
    /// Columns used on it.
    column: usize,
    /// End of the last word placed, where the white space before the next one starts.
    last_end: usize,
}

impl Filler<'_> {
    fn paragraph(&mut self, span: Span) {
        let body = &self.text[span.start..span.end];
        let mut word_start: Option<usize> = None;
        for (i, c) in body.char_indices() {
            if c.is_whitespace() {
                if let Some(start) = word_start.take() {
                    self.word(span.start + start, span.start + i);
                }
            } else if word_start.is_none() {
                word_start = Some(i);
            }
        }
        if let Some(start) = word_start {
            self.word(span.start + start, span.end);
        }
        self.finish_line();
    }

    fn word(&mut self, start: usize, end: usize) {
        let shown: String = self.text[start..end].chars().map(clean_char).collect();
        let width = text_width(&shown);
        let empty = self.line.pieces.is_empty();
        if !empty && self.column + 1 + width <= self.room {
            self.push(self.last_end, start, " ".to_string(), 1);
            self.push(start, end, shown, width);
        } else if width <= self.room {
            if !empty {
                self.finish_line();
            }
            self.push(start, end, shown, width);
        } else {
            if !empty {
                self.finish_line();
            }
            self.long_word(start, end);
        }
        self.last_end = end;
    }

    /// A word wider than a line, broken into pieces that each fill a line.
    fn long_word(&mut self, start: usize, end: usize) {
        let chars: Vec<(usize, char)> = self.text[start..end]
            .char_indices()
            .map(|(i, c)| (start + i, clean_char(c)))
            .collect();
        let mut from = 0;
        while from < chars.len() {
            if !self.line.pieces.is_empty() {
                self.finish_line();
            }
            let mut to = from;
            let mut used = 0;
            let mut buffer = [0; 4];
            while to < chars.len() {
                let width = text_width(chars[to].1.encode_utf8(&mut buffer));
                if to > from && used + width > self.room {
                    break;
                }
                used += width;
                to += 1;
            }
            let mut shown: String = chars[from..to].iter().map(|&(_, c)| c).collect();
            // Characters measured one by one can join into something wider (an emoji and its
            // presentation selector): give back characters until the piece fits.
            while to > from + 1 && text_width(&shown) > self.room {
                to -= 1;
                shown.pop();
            }
            let piece_end = chars.get(to).map_or(end, |&(offset, _)| offset);
            let width = text_width(&shown);
            self.push(chars[from].0, piece_end, shown, width);
            from = to;
        }
    }

    fn push(&mut self, start: usize, end: usize, text: String, width: usize) {
        self.line.pieces.push(Piece {
            span: Span { start, end },
            text,
        });
        self.column += width;
    }

    fn finish_line(&mut self) {
        if !self.line.pieces.is_empty() {
            self.lines.push(std::mem::take(&mut self.line));
        }
        self.line.number = None;
        self.column = 0;
    }
}

/// Where a node's quote stands in the document, following a reference to its original.
/// `None` when it has no quote, it was not found, or the id is not in the map.
pub fn quote_span(map: &ArgMap, node: NodeId) -> Option<Span> {
    if node.index() >= map.len() {
        return None;
    }
    match map.statement(node).anchor {
        Anchor::Found(span) => Some(span),
        Anchor::Unverified | Anchor::NotFound => None,
    }
}

/// The map's anchored quotes, gathered once when the source view opens, so that drawing a
/// frame and stepping a sentence cost what they show, not the size of the map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quotes {
    /// Every quote's span, sorted and merged: what the pane underlines.
    covered: Vec<Span>,
    /// Each different quote once, sorted by its span, with the place in reading order of the
    /// first statement quoting it, and that statement.
    distinct: Vec<(Span, usize, NodeId)>,
    /// The longest quote's length in bytes: a quote starting further than this before a
    /// sentence cannot reach it.
    longest: usize,
}

impl Quotes {
    /// The anchored, non-empty quotes of `map`'s statements (references repeat their
    /// original's quote, so they are not gathered). `place` is a node's place in reading order:
    /// of the nodes quoting the same words, the first stands for them.
    pub fn of(map: &ArgMap, place: impl Fn(NodeId) -> usize) -> Quotes {
        // In the arena's order, which reads memory straight through, where a walk in reading
        // order jumps about it (opening the pane on a million nodes: 14 ms, not 70).
        let mut first: FastMap<Span, (usize, NodeId)> = FastMap::default();
        for id in (0..map.len()).map(|i| NodeId(i as u32)) {
            let Body::Statement(statement) = &map.node(id).body else {
                continue;
            };
            let Anchor::Found(span) = statement.anchor else {
                continue;
            };
            if span.start < span.end {
                let here = (place(id), id);
                let kept = first.entry(span).or_insert(here);
                *kept = (*kept).min(here);
            }
        }
        let mut distinct: Vec<(Span, usize, NodeId)> = first
            .into_iter()
            .map(|(span, (place, id))| (span, place, id))
            .collect();
        distinct.sort_unstable();
        let longest = distinct
            .iter()
            .map(|(span, _, _)| span.end - span.start)
            .max()
            .unwrap_or(0);
        let mut covered: Vec<Span> = Vec::with_capacity(distinct.len());
        for &(span, _, _) in &distinct {
            match covered.last_mut() {
                Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
                _ => covered.push(span),
            }
        }
        Quotes {
            covered,
            distinct,
            longest,
        }
    }

    /// Every quote's span, sorted, overlapping ones merged.
    pub fn covered(&self) -> &[Span] {
        &self.covered
    }

    /// The node whose anchored quote best covers `sentence`: the quote covering the most of it
    /// (in bytes), and among those covering as much, the shortest quote, i.e. the most specific
    /// node; among those, the first in reading order. References are not candidates (they
    /// repeat another node's quote). `None` when no quote overlaps the sentence.
    pub fn node_quoting(&self, sentence: Span) -> Option<NodeId> {
        // Only quotes starting before the sentence ends, and not so far before it that even
        // the longest quote would end before it starts, can overlap it.
        let from = self
            .distinct
            .partition_point(|(quote, _, _)| quote.start + self.longest <= sentence.start);
        let to = self
            .distinct
            .partition_point(|(quote, _, _)| quote.start < sentence.end);
        let mut best: Option<(usize, usize, usize, NodeId)> = None;
        for &(quote, place, id) in self.distinct.get(from..to).unwrap_or_default() {
            let covered = quote
                .end
                .min(sentence.end)
                .saturating_sub(quote.start.max(sentence.start));
            if covered == 0 {
                continue;
            }
            let length = quote.end - quote.start;
            let better = best.is_none_or(|(best_covered, best_length, best_place, _)| {
                (covered, best_length, best_place) > (best_covered, length, place)
            });
            if better {
                best = Some((covered, length, place, id));
            }
        }
        best.map(|(_, _, _, id)| id)
    }
}

/// Index into `document.sentences()` of the first sentence overlapping `span` (for an empty
/// span, the sentence containing its offset). `None` when none does, e.g. for a quote from
/// after the end of the argument.
pub fn first_sentence_of(document: &Document, span: Span) -> Option<usize> {
    let sentences = document.sentences();
    let index = sentences.partition_point(|s| s.end <= span.start);
    let sentence = sentences.get(index)?;
    (sentence.start < span.end.max(span.start + 1)).then_some(index)
}

/// Where the source view stands: the sentence under the cursor and the first line shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceView {
    /// Index into `document.sentences()`.
    pub cursor: usize,
    /// The first layout line shown.
    pub scroll: usize,
}

impl SourceView {
    /// The view opened on `node`: the cursor on the first sentence of its quote when the quote is
    /// anchored in the argument, else on the first sentence. Scrolled to the top: call
    /// [`SourceView::show_cursor`] once the layout and the pane's height are known.
    pub fn for_node(document: &Document, map: &ArgMap, node: NodeId) -> SourceView {
        let cursor = quote_span(map, node)
            .and_then(|span| first_sentence_of(document, span))
            .unwrap_or(0);
        SourceView { cursor, scroll: 0 }
    }

    /// The span of the sentence under the cursor (`None` for a document without sentences).
    pub fn cursor_sentence(&self, document: &Document) -> Option<Span> {
        document.sentences().get(self.cursor).copied()
    }

    /// Moves the cursor `delta` sentences, stopping at the first and the last.
    pub fn move_cursor(&mut self, document: &Document, delta: isize) {
        let last = document.sentences().len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// Scrolls a pane `height` lines high so `span` shows. Nothing moves while all of it is on
    /// screen. Otherwise its first line goes near the top, with up to two lines of context above
    /// it (fewer when that would push the span's end off screen), or at the very top when the
    /// span is taller than the pane. Never scrolls past the end.
    pub fn scroll_to_show(&mut self, layout: &SourceLayout, span: Span, height: usize) {
        let first = layout.line_of(span.start);
        let last = layout.line_of(span.end.saturating_sub(1).max(span.start));
        let all_shown = first >= self.scroll && last < self.scroll + height;
        if !all_shown {
            let context = (height / 4).min(2);
            let fits = last - first < height;
            self.scroll = if fits {
                first
                    .saturating_sub(context)
                    .max((last + 1).saturating_sub(height))
            } else {
                first
            };
        }
        self.scroll = self.scroll.min(layout.max_scroll(height));
    }

    /// [`SourceView::scroll_to_show`] for the sentence under the cursor.
    pub fn show_cursor(&mut self, document: &Document, layout: &SourceLayout, height: usize) {
        if let Some(sentence) = self.cursor_sentence(document) {
            self.scroll_to_show(layout, sentence, height);
        } else {
            self.scroll_by(layout, 0, height);
        }
    }

    /// Scrolls `delta` lines (negative: up), within the text. `delta` 0 only clamps (after a
    /// resize).
    pub fn scroll_by(&mut self, layout: &SourceLayout, delta: isize, height: usize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(layout.max_scroll(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    fn builtin() -> (ArgMap, Document) {
        let loaded = load::builtin();
        let document = loaded.document.expect("the built-in map has its article");
        (loaded.map, document)
    }

    /// Index of the sentence beginning with `start`.
    fn sentence_starting(document: &Document, start: &str) -> usize {
        document
            .sentences()
            .iter()
            .position(|&s| document.reflowed(s).starts_with(start))
            .unwrap_or_else(|| panic!("no sentence starts with {start:?}"))
    }

    /// The quotes of `map`, gathered as the view opens them.
    fn quotes_of(map: &ArgMap) -> Quotes {
        let mut places = vec![0; map.len()];
        for (place, id) in map.preorder().enumerate() {
            places[id.index()] = place;
        }
        Quotes::of(map, |id| places[id.index()])
    }

    /// The node quoting `sentence`, from the quotes gathered as the view opens.
    fn node_quoting(map: &ArgMap, sentence: Span) -> Option<NodeId> {
        quotes_of(map).node_quoting(sentence)
    }

    fn id_of(map: &ArgMap, node: Option<NodeId>) -> Option<&str> {
        node.map(|n| map.statement(n).id.as_str())
    }

    #[test]
    fn paragraphs_open_with_their_number_and_are_separated_by_a_blank_line() {
        let (_, document) = builtin();
        let layout = SourceLayout::new(&document, 60);
        assert_eq!(layout.gutter_width(), 4);
        let texts: Vec<String> = (0..layout.len()).map(|i| layout.line_text(i)).collect();
        assert_eq!(
            texts[0],
            "  1 During recent years, some sort of confidence building"
        );
        assert!(texts[1].starts_with("    has started"), "{:?}", texts[1]);
        let numbered: Vec<usize> = layout.lines().iter().filter_map(|l| l.number).collect();
        assert_eq!(
            numbered,
            (1..=document.paragraphs().len()).collect::<Vec<_>>()
        );
        for (index, line) in layout.lines().iter().enumerate() {
            if line.number.is_some_and(|n| n > 1) {
                assert!(layout.lines()[index - 1].pieces.is_empty());
                assert!(!layout.lines()[index - 2].pieces.is_empty());
            }
        }
        let second = texts.iter().position(|t| t.starts_with("  2 ")).unwrap();
        assert_eq!(
            texts[second],
            "  2 Now, the question is what will happen in the future? I"
        );
    }

    #[test]
    fn the_documents_hard_line_breaks_are_not_kept() {
        let (_, document) = builtin();
        // Line 2 of the article; at 80 columns the paragraph flows on past it.
        let hard = "has started in relations between Iran and Russia, which";
        for width in 10..=120 {
            let layout = SourceLayout::new(&document, width);
            let lines = layout.lines();
            for index in 0..layout.len() {
                let text = layout.line_text(index);
                let gutter = layout.gutter_width();
                assert!(
                    !text[gutter..].contains("  "),
                    "one space between words: {text:?}"
                );
                // A line ends only where the next word would not fit on it.
                let next = lines
                    .get(index + 1)
                    .filter(|next| next.number.is_none() && !lines[index].pieces.is_empty())
                    .and_then(|next| next.pieces.first());
                if let Some(next) = next {
                    let wider = text_width(&text) + 1 + text_width(&next.text);
                    assert!(wider > width, "{width} columns, line {index}: {text:?}");
                }
                if text.ends_with(hard) {
                    assert!(text_width(&text) + 1 + 3 > width, "{width}: {text:?}");
                }
            }
        }
        // Every word of the document shows once, in order.
        let layout = SourceLayout::new(&document, 80);
        let shown: String = layout
            .lines()
            .iter()
            .flat_map(|line| &line.pieces)
            .filter(|piece| !piece.is_space())
            .map(|piece| piece.text.as_str())
            .collect();
        let words: String = document.text().split_whitespace().collect();
        assert_eq!(shown, words);
    }

    #[test]
    fn no_line_is_wider_than_the_width() {
        let (_, document) = builtin();
        for width in 10..=120 {
            let layout = SourceLayout::new(&document, width);
            for index in 0..layout.len() {
                let text = layout.line_text(index);
                assert!(text_width(&text) <= width, "{width}: {text:?}");
            }
        }
    }

    #[test]
    fn wide_characters_long_words_and_control_characters_fit_and_are_defused() {
        let text = "漢字漢字漢字漢字漢字漢字 supercalifragilisticexpialidocious x\u{1b}[31my 🦀🦀🦀\n\
                    ❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}\u{300}";
        let document = Document::new(text, None);
        for width in 2..40 {
            let layout = SourceLayout::new(&document, width);
            let mut words = String::new();
            for (index, line) in layout.lines().iter().enumerate() {
                let shown = layout.line_text(index);
                assert!(text_width(&shown) <= width, "{width}: {shown:?}");
                assert!(!shown.contains('\u{1b}'));
                for piece in &line.pieces {
                    let source = &text[piece.span.start..piece.span.end];
                    if piece.is_space() {
                        assert!(source.chars().all(char::is_whitespace));
                    } else {
                        assert_eq!(source.chars().count(), piece.text.chars().count());
                        words.push_str(source);
                    }
                }
            }
            let all: String = text.split_whitespace().collect();
            assert_eq!(words, all, "{width}: every character shows exactly once");
        }
        let layout = SourceLayout::new(&document, 40);
        assert!((0..layout.len()).any(|i| layout.line_text(i).contains("x␛[31my")));
        for width in [0, 1] {
            let layout = SourceLayout::new(&document, width);
            assert!(!layout.is_empty());
            assert_eq!(layout.gutter_width(), 0);
        }
        let empty = SourceLayout::new(&Document::new("", None), 30);
        assert!(empty.is_empty());
        assert_eq!(empty.line_of(5), 0);
    }

    #[test]
    fn large_documents_and_huge_words_lay_out_in_linear_time() {
        let big = load::BUILTIN_ARTICLE.repeat(300);
        let document = Document::new(big.as_str(), None);
        let layout = SourceLayout::new(&document, 80);
        let numbered = layout.lines().iter().filter(|l| l.number.is_some()).count();
        assert_eq!(numbered, document.paragraphs().len());
        assert!(numbered > 3000);
        let words: usize = layout.lines().iter().map(|l| l.pieces.len()).sum();
        assert!(words > 300 * 1000);
        // One word of a million characters, zero-width ones included.
        let huge = "a\u{300}".repeat(500_000);
        let layout = SourceLayout::new(&Document::new(huge.as_str(), None), 40);
        // The gutter takes 3 columns (one paragraph), leaving 37.
        assert_eq!(layout.len(), 500_000usize.div_ceil(37));
        assert!((0..layout.len()).all(|i| text_width(&layout.line_text(i)) <= 40));
    }

    #[test]
    fn line_of_finds_the_line_showing_an_offset() {
        let (_, document) = builtin();
        let layout = SourceLayout::new(&document, 50);
        for (index, line) in layout.lines().iter().enumerate() {
            for piece in &line.pieces {
                for offset in [piece.span.start, piece.span.end - 1] {
                    if piece.is_space() && offset == piece.span.end - 1 {
                        continue;
                    }
                    assert_eq!(layout.line_of(offset), index, "{piece:?}");
                }
            }
        }
        let crimea = document.find_quote("Crimean Peninsula").unwrap();
        let line = layout.line_of(crimea.start);
        assert!(layout.line_text(line).contains("Crimean"));
        assert_eq!(layout.line_of(0), 0);
        assert_eq!(layout.line_of(usize::MAX), layout.len() - 1);
        // The white space between paragraphs belongs to the paragraph before it.
        let second = document.paragraphs()[1].span.start;
        let before = layout.line_of(second);
        assert_eq!(layout.lines()[before].number, Some(2));
        assert_eq!(layout.line_of(second - 1), before - 2);
    }

    #[test]
    fn the_sentence_about_crimea_gives_the_crimea_question() {
        let (map, document) = builtin();
        let crimea = document.find_quote("Crimean Peninsula").unwrap();
        let index = first_sentence_of(&document, crimea).unwrap();
        let sentence = document.sentences()[index];
        assert!(document.text()[sentence.start..sentence.end].starts_with("Although"));
        assert_eq!(id_of(&map, node_quoting(&map, sentence)), Some("crimea"));
    }

    #[test]
    fn a_sentence_quoted_whole_gives_the_node_quoting_it_whole_not_a_fragment() {
        let (map, document) = builtin();
        // The background quotes this whole sentence; seven instances quote its fragments.
        let index = sentence_starting(&document, "Construction of eight new nuclear");
        let sentence = document.sentences()[index];
        assert_eq!(
            id_of(&map, node_quoting(&map, sentence)),
            Some("background")
        );
        // A fragment of it, though, gives the instance quoting just that fragment: among quotes
        // covering as much, the shortest.
        let fragment = document.find_quote("bolstering Iran's defense").unwrap();
        assert_eq!(id_of(&map, node_quoting(&map, fragment)), Some("defense"));
    }

    #[test]
    fn sentences_of_the_article_give_the_nodes_that_quote_them() {
        let (map, document) = builtin();
        let cases = [
            ("Here, I add a few points in this regard.", "thesis"),
            ("During recent years", "background"),
            ("Now, the question is", "thesis"),
            (
                "Let’s not forget that even Russia",
                "russia-voted-sanctions",
            ),
            ("Iran, however, weathered", "iran-weathered"),
            ("It seems that Iran and Russia share", "point-2"),
            ("Russia, however, can share", "russia-shares-concerns"),
        ];
        for (start, id) in cases {
            let sentence = document.sentences()[sentence_starting(&document, start)];
            assert_eq!(
                id_of(&map, node_quoting(&map, sentence)),
                Some(id),
                "{start}"
            );
        }
        // Every sentence of the argument is quoted by some node.
        for &sentence in document.sentences() {
            assert!(node_quoting(&map, sentence).is_some());
        }
        // Past the argument's end nothing is quoted.
        let tail = document.find_quote("More By Abbas Maleki").unwrap();
        assert_eq!(node_quoting(&map, tail), None);
        assert_eq!(first_sentence_of(&document, tail), None);
    }

    /// A node to make: which earlier node it hangs under, the (start, length) of its quote, and
    /// whether it repeats that node instead.
    type NodeToMake = (usize, Option<(usize, usize)>, bool);

    /// A map of `nodes`, each hung under an earlier node (so reading order is not the order
    /// they were made in), quoting bytes `start..start + length` of a 200-byte document, or
    /// nothing, or repeating an earlier node.
    fn quoting_map(nodes: &[NodeToMake]) -> ArgMap {
        use crate::model::{Kind, Meta, tests::statement};
        let mut map = ArgMap::new(Meta::default(), statement("n0", "thesis"));
        for (i, &(pick, quote, reference)) in nodes.iter().enumerate() {
            let parent = NodeId((pick % (i + 1)) as u32);
            let body = if reference {
                Body::Ref(parent)
            } else {
                let mut statement = statement(&format!("n{}", i + 1), "node");
                if let Some((start, length)) = quote {
                    statement.anchor = Anchor::Found(Span {
                        start,
                        end: start + length,
                    });
                }
                Body::Statement(statement)
            };
            map.push(parent, Kind::Claim, body);
        }
        map
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The quotes gathered once answer as a walk of the whole map in reading order does:
        /// the node covering most of the sentence, then the shortest quote, then the first.
        #[test]
        fn the_gathered_quotes_answer_as_a_walk_of_the_map_does(
            nodes in proptest::collection::vec(
                (0..64usize, proptest::option::of((0..200usize, 0..40usize)), proptest::bool::weighted(0.1)),
                0..60,
            ),
            sentences in proptest::collection::vec((0..220usize, 0..60usize), 1..20),
        ) {
            let map = quoting_map(&nodes);
            let quotes = quotes_of(&map);
            for (start, length) in sentences {
                let sentence = Span { start, end: start + length };
                let mut walked: Option<(NodeId, usize, usize)> = None;
                for id in map.preorder() {
                    let Body::Statement(statement) = &map.node(id).body else { continue };
                    let Anchor::Found(quote) = statement.anchor else { continue };
                    let covered = quote.end.min(sentence.end).saturating_sub(quote.start.max(sentence.start));
                    let length = quote.end - quote.start;
                    if covered > 0 && walked.is_none_or(|(_, c, l)| covered > c || (covered == c && length < l)) {
                        walked = Some((id, covered, length));
                    }
                }
                proptest::prop_assert_eq!(quotes.node_quoting(sentence), walked.map(|(id, _, _)| id));
            }
            // What is underlined: every byte some quote covers, and no other.
            for byte in 0..240 {
                let quoted = (0..map.len()).any(|i| match map.node(NodeId(i as u32)).body {
                    Body::Statement(ref s) => matches!(s.anchor, Anchor::Found(q) if q.start <= byte && byte < q.end),
                    Body::Ref(_) => false,
                });
                let underlined = quotes.covered().iter().any(|q| q.start <= byte && byte < q.end);
                proptest::prop_assert_eq!(quoted, underlined, "byte {}", byte);
            }
        }
    }

    #[test]
    fn references_are_not_candidates() {
        let (mut map, _) = builtin();
        let crimea = map.find("crimea").unwrap();
        let span = quote_span(&map, crimea).unwrap();
        let reference = map.push(map.root, crate::model::Kind::Rebuttal, Body::Ref(crimea));
        assert_eq!(quote_span(&map, reference), Some(span));
        assert_eq!(node_quoting(&map, span), Some(crimea));
        assert_eq!(quote_span(&map, NodeId(u32::MAX)), None);
    }

    #[test]
    fn first_sentence_of_a_span() {
        let (_, document) = builtin();
        let sentences = document.sentences();
        let s3 = sentences[3];
        assert_eq!(first_sentence_of(&document, s3), Some(3));
        let across = Span {
            start: s3.end - 3,
            end: sentences[5].start + 2,
        };
        assert_eq!(first_sentence_of(&document, across), Some(3));
        let point = Span {
            start: s3.start + 1,
            end: s3.start + 1,
        };
        assert_eq!(first_sentence_of(&document, point), Some(3));
        assert_eq!(first_sentence_of(&Document::new("", None), s3), None);
    }

    #[test]
    fn the_view_opens_on_the_nodes_quote_and_the_cursor_stops_at_both_ends() {
        let (map, document) = builtin();
        let crimea = map.find("crimea").unwrap();
        let mut view = SourceView::for_node(&document, &map, crimea);
        let sentence = view.cursor_sentence(&document).unwrap();
        assert_eq!(node_quoting(&map, sentence), Some(crimea));
        // The thesis quotes from the third sentence on.
        assert_eq!(SourceView::for_node(&document, &map, map.root).cursor, 2);

        let last = document.sentences().len() - 1;
        view.move_cursor(&document, 1);
        assert_eq!(
            id_of(
                &map,
                node_quoting(&map, view.cursor_sentence(&document).unwrap())
            ),
            Some("goals-not-conflicting")
        );
        view.move_cursor(&document, -1000);
        assert_eq!(view.cursor, 0);
        view.move_cursor(&document, -1);
        assert_eq!(view.cursor, 0);
        view.move_cursor(&document, isize::MAX);
        assert_eq!(view.cursor, last);
        view.move_cursor(&document, 1);
        assert_eq!(view.cursor, last);
        view.move_cursor(&document, isize::MIN);
        assert_eq!(view.cursor, 0);

        let mut none = SourceView::default();
        let empty = Document::new("", None);
        none.move_cursor(&empty, 3);
        assert_eq!(none.cursor, 0);
        assert_eq!(none.cursor_sentence(&empty), None);
        assert_eq!(SourceView::for_node(&empty, &map, crimea).cursor, 0);
    }

    #[test]
    fn scrolling_to_a_span_moves_only_when_it_must_and_leaves_context_above() {
        let (_, document) = builtin();
        let layout = SourceLayout::new(&document, 40);
        let height = 12;
        let crimea = document
            .find_quote("Although the question that still bothers my mind is why Russia attacked the Crimean Peninsula?")
            .unwrap();
        let line = layout.line_of(crimea.start);
        assert!(line > 20);
        assert_eq!(layout.line_of(crimea.end - 1), line + 3, "four lines long");
        let mut view = SourceView::default();
        view.scroll_to_show(&layout, crimea, height);
        assert_eq!(view.scroll, line - 2, "two lines of context above");
        // Already on screen: no movement.
        let before = view.scroll;
        view.scroll_to_show(&layout, crimea, height);
        assert_eq!(view.scroll, before);
        view.scroll = line - 5;
        view.scroll_to_show(&layout, crimea, height);
        assert_eq!(view.scroll, line - 5);
        // Above the screen: it comes back with context.
        view.scroll = line + 3;
        view.scroll_to_show(&layout, crimea, height);
        assert_eq!(view.scroll, line - 2);
        // Starting on the last row but running off it: moves so all of it shows.
        view.scroll = line + 1 - height;
        view.scroll_to_show(&layout, crimea, height);
        assert_eq!(view.scroll, line - 2);
        // Near the end: never past the last line.
        let end = document.find_quote("GlobalOilSlump.htm").unwrap();
        view.scroll_to_show(&layout, end, height);
        assert_eq!(view.scroll, layout.max_scroll(height));
        // The first line: at the top.
        view.scroll_to_show(&layout, document.sentences()[0], height);
        assert_eq!(view.scroll, 0);
        // Taller than the pane: its first line at the very top.
        let paragraph = document.paragraphs()[2].span;
        view.scroll_to_show(&layout, paragraph, 3);
        assert_eq!(view.scroll, layout.line_of(paragraph.start));
        // No height at all does not panic.
        view.scroll_to_show(&layout, crimea, 0);
        view.show_cursor(&document, &layout, 0);
    }

    #[test]
    fn scrolling_by_lines_stays_within_the_text() {
        let (_, document) = builtin();
        let layout = SourceLayout::new(&document, 40);
        let mut view = SourceView::default();
        view.scroll_by(&layout, -3, 10);
        assert_eq!(view.scroll, 0);
        view.scroll_by(&layout, 5, 10);
        assert_eq!(view.scroll, 5);
        view.scroll_by(&layout, isize::MAX, 10);
        assert_eq!(view.scroll, layout.len() - 10);
        // A taller pane (after a resize) pulls the scroll back.
        view.scroll_by(&layout, 0, 30);
        assert_eq!(view.scroll, layout.len() - 30);
        view.scroll_by(&layout, 0, 1000);
        assert_eq!(view.scroll, 0);
    }
}
