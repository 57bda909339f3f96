//! The source document an argument map quotes from.
//!
//! Documents arrive as extracted text: hard-wrapped lines, paragraphs often not separated by
//! blank lines, curly and straight quotes side by side. Quotes in a map are the document's own
//! words, so matching loosens white space only (a quote typed on one line must still find words
//! the document wrapped over two) and nothing else, so a quote cannot silently drift from the text.
//!
//! Everything here is linear or near-linear in the text size, and no input can make it panic.

/// A byte range into the document text, start inclusive, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A paragraph of the document, as recovered from its line structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// 1-based.
    pub number: usize,
    /// Trimmed of surrounding white space.
    pub span: Span,
    /// 1-based line in the file.
    pub first_line: usize,
    /// 1-based line in the file.
    pub last_line: usize,
}

/// Where an offset lies, in terms a reader of the document can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based; 0 only when the document has no paragraphs at all.
    pub paragraph: usize,
    /// 1-based line in the file.
    pub line: usize,
}

/// How many of the argument's sentences a set of quotes covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub covered: usize,
    pub total: usize,
}

impl Coverage {
    /// Percentage covered; an argument with no sentences has nothing left uncovered, hence 100.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.covered as f64 * 100.0 / self.total as f64
        }
    }
}

/// A source document with its paragraphs, sentences and a white-space-normalised index for
/// quote lookup, all computed once up front.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    paragraphs: Vec<Paragraph>,
    sentences: Vec<Span>,
    /// Byte offset of the start of every line, so offsets map to lines by binary search.
    line_starts: Vec<usize>,
    /// The text with every white-space run replaced by one ASCII space.
    normalized: String,
    /// `(normalised offset, original offset)` at the start of each stretch copied verbatim;
    /// within a stretch offsets advance together, so this maps any normalised offset back.
    segments: Vec<(usize, usize)>,
}

impl Document {
    /// `ends_before`: optional text marking where the argument ends (e.g. "More By Abbas Maleki");
    /// sentences at or after its first occurrence (found as by [`Document::find_quote`]) are not
    /// part of the argument, and a sentence running into it is cut short there. `None` or not
    /// found = whole document.
    pub fn new(text: impl Into<String>, ends_before: Option<&str>) -> Document {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let (normalized, segments) = normalize(&text);
        let paragraphs = split_paragraphs(&text);
        let mut doc = Document {
            text,
            paragraphs,
            sentences: Vec::new(),
            line_starts,
            normalized,
            segments,
        };
        let limit = ends_before
            .and_then(|marker| doc.find_quote(marker))
            .map_or(doc.text.len(), |span| span.start);
        let mut sentences = Vec::new();
        for paragraph in &doc.paragraphs {
            if paragraph.span.start >= limit {
                break;
            }
            let span = Span {
                start: paragraph.span.start,
                end: paragraph.span.end.min(limit),
            };
            split_sentences(&doc.text, span, &mut sentences);
        }
        doc.sentences = sentences;
        doc
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Finds `quote` in the text. Runs of white space (any Unicode white space, incl. line breaks)
    /// in the quote and in the document match each other as one space; leading/trailing white
    /// space of the quote is ignored; nothing else is loosened (case, punctuation, curly vs
    /// straight apostrophes must match exactly). Returns the span in the original text of the
    /// first match, from its first non-space char to the end of its last char.
    /// An empty / all-white-space quote returns `None`.
    pub fn find_quote(&self, quote: &str) -> Option<Span> {
        let needle = collapse_whitespace(quote);
        if needle.is_empty() {
            return None;
        }
        let at = self.normalized.find(&needle)?;
        // The needle is trimmed, so both its first and last bytes belong to non-space chars,
        // which were copied verbatim and map back byte for byte.
        Some(Span {
            start: self.original_offset(at),
            end: self.original_offset(at + needle.len() - 1) + 1,
        })
    }

    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// Paragraph and line of a byte offset (clamped into the text). An offset between
    /// paragraphs belongs to the one before it (before the first, to the first).
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let paragraph = self
            .paragraphs
            .partition_point(|p| p.span.start <= offset)
            .max(usize::from(!self.paragraphs.is_empty()));
        Location { paragraph, line }
    }

    /// Where `span` stands, as the screen and the handout cite a quote: "paragraph 3, lines
    /// 16–20", or "paragraph 4, line 27" for one within a line.
    pub fn citation(&self, span: Span) -> String {
        let start = self.location(span.start);
        let end = self.location(span.end.saturating_sub(1).max(span.start));
        if end.line > start.line {
            format!(
                "paragraph {}, lines {}–{}",
                start.paragraph, start.line, end.line
            )
        } else {
            format!("paragraph {}, line {}", start.paragraph, start.line)
        }
    }

    /// The argument's sentences (before `ends_before`), as trimmed spans, in order.
    /// Fragments without a single letter or digit (a stray bullet, a dash) are left out: they
    /// carry no claim and would otherwise count as covered by nothing.
    pub fn sentences(&self) -> &[Span] {
        &self.sentences
    }

    /// How many of `sentences()` are covered by the union of `spans`: a sentence is covered when
    /// every alphanumeric character in it lies inside some span (punctuation and spaces may fall
    /// outside). Spans may overlap, come in any order, or reach past the text.
    pub fn coverage(&self, spans: &[Span]) -> Coverage {
        let merged = merge_spans(spans, self.text.len());
        let mut next = 0;
        let mut covered = 0;
        for sentence in &self.sentences {
            let body = &self.text[sentence.start..sentence.end];
            let all_in = body
                .char_indices()
                .filter(|(_, c)| c.is_alphanumeric())
                .all(|(i, _)| {
                    let at = sentence.start + i;
                    // Offsets only grow across sentences, so the cursor never moves back.
                    while next < merged.len() && merged[next].end <= at {
                        next += 1;
                    }
                    merged.get(next).is_some_and(|span| span.start <= at)
                });
            covered += usize::from(all_in);
        }
        Coverage {
            covered,
            total: self.sentences.len(),
        }
    }

    /// The text of `span` with every run of white space collapsed to one space, trimmed.
    /// The span is clamped into the text and widened to char boundaries.
    pub fn reflowed(&self, span: Span) -> String {
        let end = ceil_char_boundary(&self.text, span.end);
        let start = floor_char_boundary(&self.text, span.start).min(end);
        collapse_whitespace(&self.text[start..end])
    }

    fn original_offset(&self, normalized: usize) -> usize {
        let index = self
            .segments
            .partition_point(|&(start, _)| start <= normalized)
            .saturating_sub(1);
        let (norm_start, orig_start) = self.segments.get(index).copied().unwrap_or((0, 0));
        orig_start + (normalized - norm_start)
    }
}

/// Collapses every run of white space to one space and trims (used for quotes typed in map
/// files too, so both sides of a comparison are normalised the same way).
pub fn collapse_whitespace(s: &str) -> String {
    if is_collapsed(s) {
        return s.to_string();
    }
    collapse(s)
}

/// [`collapse_whitespace`] that copies only text that needs collapsing.
pub(crate) fn collapse_whitespace_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if is_collapsed(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(collapse(s))
    }
}

/// [`collapse_whitespace`] for text already owned, which is returned as it is when it is
/// already collapsed (most text is).
pub fn collapse_whitespace_owned(mut s: String) -> String {
    let trimmed = s.trim();
    if !is_collapsed(trimmed) {
        return collapse(trimmed);
    }
    let start = trimmed.as_ptr() as usize - s.as_ptr() as usize;
    s.truncate(start + trimmed.len());
    s.drain(..start);
    s
}

/// Whether `s` has no white space but single ASCII spaces between words, judged on its bytes:
/// every white-space character is told by its first three bytes.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // Bitwise, not short-circuiting, so that it vectorises.
    let white = |b: u8, b1: u8, b2: u8| {
        let two_spaces = (b == b' ') & (b1 == b' ');
        let ascii = (b'\t'..=b'\r').contains(&b);
        // U+0085, U+00A0
        let latin = (b == 0xc2) & ((b1 == 0x85) | (b1 == 0xa0));
        // U+1680
        let ogham = (b == 0xe1) & (b1 == 0x9a) & (b2 == 0x80);
        // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
        let general = (b == 0xe2)
            & (((b1 == 0x80) & ((b2 <= 0x8a) | (b2 == 0xa8) | (b2 == 0xa9) | (b2 == 0xaf)))
                | ((b1 == 0x81) & (b2 == 0x9f)));
        // U+3000
        let ideographic = (b == 0xe3) & (b1 == 0x80) & (b2 == 0x80);
        two_spaces | ascii | latin | ogham | general | ideographic
    };
    !crate::text::any_sequence(b, white)
}

/// Every run of white space as one space, none at either end: what joining
/// `s.split_whitespace()` with spaces gives, found byte by byte (a character at a time cost a
/// tenth of reading Argdown), with only the bytes that start non-ASCII white space decoded.
fn collapse(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut word_start = None;
    let mut i = 0;
    while i < bytes.len() {
        let space = match bytes[i] {
            b' ' | b'\t'..=b'\r' => 1,
            // Lead bytes, so `i` is on a character boundary.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => s[i..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if space == 0 {
            word_start.get_or_insert(i);
            i += 1;
            continue;
        }
        if let Some(start) = word_start.take() {
            push_word(&mut out, &s[start..i]);
        }
        i += space;
    }
    if let Some(start) = word_start {
        push_word(&mut out, &s[start..]);
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// Builds the white-space-normalised copy of `text` and the segment map back into it.
fn normalize(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut normalized = String::with_capacity(text.len());
    let mut segments = vec![(0, 0)];
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                normalized.push(' ');
                in_space = true;
            }
        } else {
            if in_space {
                segments.push((normalized.len(), i));
                in_space = false;
            }
            normalized.push(c);
        }
    }
    (normalized, segments)
}

/// Closing quotes and brackets that may follow a sentence's final punctuation.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | ')' | ']')
}

/// Whether a (trimmed, non-empty) line ends a sentence, which lets the next line open a paragraph.
/// The colon counts because extracted lists ("More By ...:") put their items on the next lines.
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(is_closer)
        .ends_with(['.', '?', '!', ':'])
}

/// Whether a (trimmed, non-empty) line looks like the start of a new sentence.
fn starts_sentence(line: &str) -> bool {
    line.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_numeric() || matches!(c, '“' | '"' | '‘' | '\'' | '*' | '-' | '•')
    })
}

/// Recovers paragraphs from line structure, since the text often lacks blank lines between them.
fn split_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    // The paragraph being built, and whether its latest line ended a sentence.
    let mut open: Option<(Paragraph, bool)> = None;
    let mut line_start = 0;
    for (index, line) in text.split('\n').enumerate() {
        let line_number = index + 1;
        let trimmed = line.trim();
        let start = line_start + (line.len() - line.trim_start().len());
        let end = start + trimmed.len();
        line_start += line.len() + 1;
        if trimmed.is_empty() {
            paragraphs.extend(open.take().map(|(p, _)| p));
            continue;
        }
        match &mut open {
            Some((paragraph, ended)) if !(*ended && starts_sentence(trimmed)) => {
                paragraph.span.end = end;
                paragraph.last_line = line_number;
                *ended = ends_sentence(trimmed);
            }
            _ => {
                paragraphs.extend(open.take().map(|(p, _)| p));
                let paragraph = Paragraph {
                    number: paragraphs.len() + 1,
                    span: Span { start, end },
                    first_line: line_number,
                    last_line: line_number,
                };
                open = Some((paragraph, ends_sentence(trimmed)));
            }
        }
    }
    paragraphs.extend(open.map(|(p, _)| p));
    paragraphs
}

/// Splits the paragraph `span` of `text` into sentences, appending them to `out`.
fn split_sentences(text: &str, span: Span, out: &mut Vec<Span>) {
    let body = &text[span.start..span.end];
    let mut push = |from: usize, to: usize| {
        let piece = &body[from..to];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if trimmed.chars().any(char::is_alphanumeric) {
            let start = span.start + from + lead;
            out.push(Span {
                start,
                end: start + trimmed.len(),
            });
        }
    };
    let mut from = 0;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if !is_closer(d) {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        if chars.peek().is_none_or(|&(_, d)| d.is_whitespace()) {
            push(from, end);
            from = end;
        }
    }
    push(from, body.len());
}

/// Clamps spans into `0..len`, drops empty ones, and merges overlapping or touching ones.
fn merge_spans(spans: &[Span], len: usize) -> Vec<Span> {
    let mut sorted: Vec<Span> = spans
        .iter()
        .map(|s| Span {
            start: s.start.min(len),
            end: s.end.min(len),
        })
        .filter(|s| s.start < s.end)
        .collect();
    sorted.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

fn floor_char_boundary(s: &str, index: usize) -> usize {
    let mut i = index.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(s: &str, index: usize) -> usize {
    let mut i = index.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = include_str!("../assets/iran-russia/article.txt");
    const MARKER: &str = "More By Abbas Maleki";

    fn article() -> Document {
        Document::new(ARTICLE, Some(MARKER))
    }

    fn sentence_texts(doc: &Document) -> Vec<String> {
        doc.sentences().iter().map(|&s| doc.reflowed(s)).collect()
    }

    #[test]
    fn article_paragraph_line_ranges() {
        let doc = article();
        let ranges: Vec<(usize, usize)> = doc
            .paragraphs()
            .iter()
            .map(|p| (p.first_line, p.last_line))
            .collect();
        let argument = [
            (1, 12),
            (13, 15),
            (16, 22),
            (23, 29),
            (30, 33),
            (34, 38),
            (39, 47),
            (48, 53),
            (54, 59),
            (60, 64),
        ];
        assert_eq!(ranges[..10], argument);
        // The "More By" tail: its heading, then the list (URLs break lines mid-word).
        assert_eq!(ranges[10..], [(65, 65), (66, 72)]);
        for (i, p) in doc.paragraphs().iter().enumerate() {
            assert_eq!(p.number, i + 1);
        }
    }

    #[test]
    fn paragraph_spans_are_trimmed() {
        let doc = article();
        for p in doc.paragraphs() {
            let text = &doc.text()[p.span.start..p.span.end];
            assert_eq!(text, text.trim());
        }
        let first = &doc.paragraphs()[0];
        assert!(doc.text()[first.span.start..].starts_with("During recent years"));
        assert!(doc.text()[..first.span.end].ends_with("between Iran and Russia."));
        let thirdly = &doc.paragraphs()[6];
        assert!(doc.text()[thirdly.span.start..].starts_with("Thirdly,"));
    }

    #[test]
    fn paragraphs_of_synthetic_text() {
        let doc = Document::new(
            "one line\nstill one.\n\nafter blank\nends here:\n\
             * bullet\n- dash\n“Quoted.\n  12 starts\nlower",
            None,
        );
        let ranges: Vec<(usize, usize)> = doc
            .paragraphs()
            .iter()
            .map(|p| (p.first_line, p.last_line))
            .collect();
        // "- dash" and "“Quoted." follow lines that did not end a sentence.
        assert_eq!(ranges, [(1, 2), (4, 5), (6, 8), (9, 10)]);
    }

    #[test]
    fn find_quote_across_line_break() {
        let doc = article();
        let span = doc.find_quote("long term approach").expect("found");
        assert_eq!(&doc.text()[span.start..span.end], "long\nterm approach");
        assert_eq!(doc.location(span.start).line, 26);
        assert_eq!(doc.location(span.end - 1).line, 27);
        assert_eq!(doc.reflowed(span), "long term approach");
    }

    #[test]
    fn find_quote_loosens_only_white_space() {
        let doc = article();
        let span = doc
            .find_quote("Russia’s interests")
            .expect("curly apostrophe");
        assert_eq!(&doc.text()[span.start..span.end], "Russia’s interests");
        assert_eq!(doc.find_quote("Russia's interests"), None);
        assert_eq!(doc.find_quote("russia’s interests"), None);
        assert_eq!(doc.find_quote("RUSSIA’S INTERESTS"), None);
        assert_eq!(doc.find_quote("Russia’s interests,"), None);
        // Extra, leading and trailing white space of any kind is ignored.
        let loose = doc.find_quote("\n  Russia’s \t\u{a0} interests  \n");
        assert_eq!(loose, Some(span));
    }

    #[test]
    fn find_quote_with_greek_question_mark() {
        let doc = article();
        let span = doc
            .find_quote("as they were in the past\u{37e} in the past, they were neighbors")
            .expect("found");
        assert_eq!(doc.location(span.start).line, 62);
        assert_eq!(doc.location(span.end).line, 63);
        assert_eq!(doc.find_quote("were in the past; in the past"), None);
    }

    #[test]
    fn find_quote_first_match_and_empty() {
        let doc = article();
        let span = doc.find_quote("Iran").expect("found");
        assert_eq!(span.start, ARTICLE.find("Iran").unwrap());
        assert_eq!(doc.find_quote(""), None);
        assert_eq!(doc.find_quote(" \n\t "), None);
        assert_eq!(doc.find_quote("not in the article"), None);
        // A quote spanning the leading space of line 39 matches across it.
        let span = doc
            .find_quote("looking to the East. Thirdly, convergence")
            .expect("found");
        assert_eq!(doc.location(span.start).line, 38);
        assert_eq!(doc.location(span.end).line, 39);
    }

    #[test]
    fn location_of_firstly() {
        let doc = article();
        let span = doc.find_quote("Firstly").expect("found");
        assert_eq!(
            doc.location(span.start),
            Location {
                paragraph: 3,
                line: 16
            }
        );
        assert_eq!(
            doc.location(0),
            Location {
                paragraph: 1,
                line: 1
            }
        );
        let end = doc.location(usize::MAX);
        assert_eq!(end.paragraph, doc.paragraphs().len());
        assert_eq!(end.line, 73); // after the final newline
    }

    #[test]
    fn argument_sentences() {
        let doc = article();
        let texts = sentence_texts(&doc);
        assert_eq!(texts.len(), 34);
        assert!(texts.iter().all(|s| !s.contains("More By")));
        assert!(texts.iter().all(|s| !s.contains("http")));
        assert_eq!(
            texts[0],
            "During recent years, some sort of confidence building has started in relations \
             between Iran and Russia, which has no precedent."
        );
        assert_eq!(
            texts.last().map(String::as_str),
            Some(
                "In addition to environmental, fishing and transportation advantages of this kind \
                 of legal regime, and the role it plays in facilitating the use of the seabed, it \
                 will also make it possible for Iran and Russia to be neighbors as they were in the \
                 past\u{37e} in the past, they were neighbors through land and sea borders and now \
                 through the waters of the Caspian Sea."
            )
        );
        for &s in doc.sentences() {
            let text = &doc.text()[s.start..s.end];
            assert_eq!(text, text.trim());
        }
        // Sentences are in order, disjoint, and each lies within one paragraph.
        for pair in doc.sentences().windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
        for &s in doc.sentences() {
            let p = doc.location(s.start).paragraph;
            assert_eq!(doc.location(s.end).paragraph, p);
            assert!(s.end <= doc.paragraphs()[p - 1].span.end);
        }
    }

    #[test]
    fn sentence_splits() {
        let doc = article();
        let texts = sentence_texts(&doc);
        assert!(
            texts
                .iter()
                .any(|s| s.ends_with("is better than “walking correctly.”"))
        );
        assert!(
            texts
                .iter()
                .any(|s| s.starts_with("It seems that Iran and Russia"))
        );
        assert!(texts.iter().any(|s| s.contains("500,000 barrels")));
        assert!(texts.contains(&"Now, the question is what will happen in the future?".into()));
        assert!(texts.contains(
            &"At that time, it was really difficult to cope with such an allout invasion.".into()
        ));
    }

    #[test]
    fn without_marker_the_tail_counts() {
        for marker in [None, Some("no such marker"), Some(""), Some("  ")] {
            let doc = Document::new(ARTICLE, marker);
            let texts = sentence_texts(&doc);
            assert!(texts.iter().any(|s| s.contains("More By")), "{marker:?}");
            assert!(texts.len() == 36);
        }
        // The marker is matched white-space-loosely, like a quote.
        let doc = Document::new(ARTICLE, Some("More\nBy  Abbas"));
        assert_eq!(doc.sentences().len(), 34);
    }

    #[test]
    fn marker_inside_a_sentence_cuts_it() {
        let doc = Document::new("First one. Second one goes on. Third.", Some("goes"));
        assert_eq!(sentence_texts(&doc), ["First one.", "Second one"]);
    }

    #[test]
    fn coverage_extremes() {
        let doc = article();
        let all = doc.coverage(&[Span {
            start: 0,
            end: ARTICLE.len(),
        }]);
        assert_eq!(
            all,
            Coverage {
                covered: 34,
                total: 34
            }
        );
        assert_eq!(all.percent(), 100.0);
        let none = doc.coverage(&[]);
        assert_eq!(none.covered, 0);
        assert_eq!(none.percent(), 0.0);
        assert_eq!(
            Coverage {
                covered: 0,
                total: 0
            }
            .percent(),
            100.0
        );
        // Out-of-range and reversed spans are harmless.
        let odd = doc.coverage(&[
            Span { start: 10, end: 5 },
            Span {
                start: usize::MAX - 1,
                end: usize::MAX,
            },
        ]);
        assert_eq!(odd.covered, 0);
    }

    #[test]
    fn coverage_ignores_punctuation_and_unions_spans() {
        let doc = article();
        // Without its final "?" the quote still covers the sentence.
        let q = doc
            .find_quote("Now, the question is what will happen in the future")
            .unwrap();
        assert_eq!(doc.coverage(&[q]).covered, 1);
        // Two overlapping halves, given out of order, cover it too; one half alone does not.
        let a = doc.find_quote("Now, the question is what").unwrap();
        let b = doc
            .find_quote("is what will happen in the future?")
            .unwrap();
        assert_eq!(doc.coverage(&[a]).covered, 0);
        assert_eq!(doc.coverage(&[b, a]).covered, 1);
        // A gap of one word leaves it uncovered.
        let c = doc.find_quote("Now, the question").unwrap();
        let d = doc.find_quote("what will happen in the future?").unwrap();
        assert_eq!(doc.coverage(&[c, d]).covered, 0);
        // The closing quote of “walking correctly.” may fall outside.
        let e = doc
            .find_quote(
                "In practice, we may not achieve all our goals, \
                 but “treading the correct path” is better than “walking correctly",
            )
            .unwrap();
        assert_eq!(doc.coverage(&[e]).covered, 1);
        let ratio = doc.coverage(&[q, e]);
        assert_eq!(ratio.covered, 2);
        assert!((ratio.percent() - 200.0 / 34.0).abs() < 1e-9);
    }

    /// Collapsing as it was first written, word by word.
    fn collapse_by_words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn collapsing_byte_by_byte_agrees_with_splitting_into_words() {
        let chars = (0..0x3100).filter_map(char::from_u32);
        for c in chars {
            for text in [
                format!("a{c}b"),
                format!("{c}"),
                format!(" {c}{c} é\n{c}"),
                format!("a \u{2003}{c}\r\n b{c}"),
            ] {
                assert_eq!(collapse(&text), collapse_by_words(&text), "{:?}", c as u32);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn collapsing_any_text_agrees_with_splitting_into_words(text in "\\PC{0,40}|[ \t\n\u{a0}\u{3000}a-é]{0,40}") {
            proptest::prop_assert_eq!(collapse(&text), collapse_by_words(&text));
        }
    }

    #[test]
    fn the_byte_test_for_collapsed_text_agrees_with_collapsing() {
        let chars = (0..0x3100).filter_map(char::from_u32);
        for c in chars {
            // Alone, and at each place in a block of the byte test and across its edge.
            let placed =
                [0, 1, 15, 16, 17, 31].map(|at| format!("{}{c}{}", "x".repeat(at), "y".repeat(20)));
            let last = [14, 15, 16, 17, 31, 32, 33].map(|at| format!("{}{c}", "x".repeat(at)));
            for text in [
                format!("a{c}b"),
                format!("{c}"),
                format!("é {c}"),
                format!("a {c} b"),
            ]
            .into_iter()
            .chain(placed)
            .chain(last)
            {
                assert_eq!(
                    is_collapsed(&text),
                    collapse(&text) == text,
                    "{:?}",
                    c as u32
                );
                assert_eq!(collapse_whitespace(&text), collapse(&text));
                let spaced = format!(" \n{text}\t ");
                assert_eq!(collapse_whitespace_owned(spaced.clone()), collapse(&spaced));
            }
        }
        assert!(!is_collapsed("a  b") && !is_collapsed(" a") && is_collapsed(""));
    }

    #[test]
    fn collapse_and_reflow() {
        assert_eq!(
            collapse_whitespace("  a\n\tb \u{a0}\u{2003} c\r\n"),
            "a b c"
        );
        assert_eq!(collapse_whitespace(" \n "), "");
        let doc = article();
        let p = &doc.paragraphs()[1];
        assert_eq!(
            doc.reflowed(p.span),
            "Now, the question is what will happen in the future? I personally believe that \
             relations between Iran and Russia will continue to expand. Under the present \
             circumstances, common grounds between the two countries are more than differences. \
             Here, I add a few points in this regard."
        );
        // Mid-char spans widen to whole chars; reversed spans give nothing.
        let doc = Document::new("a’b", None);
        assert_eq!(doc.reflowed(Span { start: 2, end: 3 }), "’");
        assert_eq!(doc.reflowed(Span { start: 3, end: 1 }), "");
    }

    #[test]
    fn never_panics_on_edge_inputs() {
        let nasty = [
            "",
            " ",
            "\n",
            "\n\n\n",
            " \t\r\n\u{a0}\u{2028}",
            ".",
            "?!.",
            "…",
            "“”’‘",
            "\u{37e}",
            "é",
            "日本語。テキスト。",
            "a.b.c. d",
            "*\n-\n•",
            "Line one.\r\nLine two.\r\n",
            "ends with dot.",
            "‘‘‘.’’’ ’.",
            "x\u{2003}\u{2003}y",
            "🦀. 🦀? 🦀! “🦀.” ",
            ARTICLE,
        ];
        let quotes = ["", " ", "é", "🦀", ".", "a", "\u{37e}", "’", "Iran", "\n"];
        for text in nasty {
            for marker in [None, Some(""), Some("."), Some("é"), Some("🦀")] {
                let doc = Document::new(text, marker);
                assert_eq!(doc.text(), text);
                for q in quotes {
                    if let Some(span) = doc.find_quote(q) {
                        assert!(text.is_char_boundary(span.start));
                        assert!(text.is_char_boundary(span.end));
                        assert_eq!(collapse_whitespace(&text[span.start..span.end]), q.trim());
                    }
                }
                let len = text.len();
                let step = (len / 50).max(1);
                for offset in (0..len + 3).step_by(step) {
                    let loc = doc.location(offset);
                    assert!(loc.line >= 1);
                    assert!(loc.paragraph <= doc.paragraphs().len());
                    for end in [0, offset / 2, offset + 1, len, usize::MAX] {
                        let span = Span { start: offset, end };
                        let _ = doc.reflowed(span);
                        let c = doc.coverage(&[span]);
                        assert!(c.covered <= c.total);
                    }
                }
                for &s in doc.sentences() {
                    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                    assert!(s.start < s.end);
                }
                let whole = doc.coverage(&[Span { start: 0, end: len }]);
                assert_eq!(whole.covered, whole.total);
                assert!(doc.location(usize::MAX).line >= 1);
            }
        }
        assert!(Document::new("", None).paragraphs().is_empty());
        assert_eq!(
            Document::new("", None).location(5),
            Location {
                paragraph: 0,
                line: 1
            }
        );
    }

    #[test]
    fn large_documents_split_and_cover_like_small_ones() {
        // Hundreds of copies of the article: every copy splits into the same sentences.
        let big = ARTICLE.repeat(300);
        let doc = Document::new(big.as_str(), Some("no such marker anywhere"));
        assert!(doc.sentences().len() > 300 * 34);
        assert_eq!(doc.find_quote("absent quote text that is not there"), None);
        let spans: Vec<Span> = doc.sentences().iter().step_by(2).copied().collect();
        let c = doc.coverage(&spans);
        assert_eq!(c.covered, spans.len());
    }
}
