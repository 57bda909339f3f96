//! Text from files is untrusted: it is cleaned at load and measured in terminal columns.

use std::borrow::Cow;

use textwrap::core::Fragment;
use textwrap::word_splitters::split_words;
use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};
use textwrap::{WordSeparator, WordSplitter};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// "a, b and c", or "a, b or c": the items, `word` joining the last two.
pub fn listed<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.as_ref().to_string(),
        Some((last, rest)) => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {word} {}", rest.join(", "), last.as_ref())
        }
    }
}

/// Replaces everything that could drive a terminal or reorder text with a visible stand-in:
/// C0 controls become their Unicode control pictures (ESC shows as ␛), DEL shows as ␡, and C1
/// controls, bidirectional overrides, private-use characters and noncharacters show as U+FFFD.
/// Tabs become a space. Line breaks (and the line and paragraph separators U+2028, U+2029) are
/// kept only when `keep_newlines` is set (paraphrases and quotes may have paragraphs; labels may
/// not), else they become a space.
pub fn sanitize(text: &str, keep_newlines: bool) -> String {
    if is_clean(text, keep_newlines) {
        return text.to_string();
    }
    clean(text, keep_newlines)
}

/// [`sanitize`] that copies only text that needs cleaning.
pub(crate) fn sanitize_cow(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    if is_clean(text, keep_newlines) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(clean(text, keep_newlines))
    }
}

/// [`sanitize`] for text already owned: clean text (nearly all of it) is returned as it is,
/// without a copy.
pub fn sanitize_owned(text: String, keep_newlines: bool) -> String {
    if is_clean(&text, keep_newlines) {
        text
    } else {
        clean(&text, keep_newlines)
    }
}

/// Whether [`sanitize`] would give `text` back unchanged: no character needs cleaning (the
/// same test as `needs_cleaning` on every character, done on the UTF-8 bytes, since every such
/// character has a distinctive first byte), and no line break unless line breaks are kept (a
/// CR before one is rewritten, so it is not clean). Paragraphs are common in paraphrases and
/// quotes; checking them here spares rebuilding them character by character.
fn is_clean(text: &str, keep_newlines: bool) -> bool {
    // Bitwise, not short-circuiting, so that it vectorises.
    let needs_cleaning = |b: u8, b1: u8, b2: u8| {
        let control = ((b < 0x20) & !(keep_newlines & (b == b'\n'))) | (b == 0x7f);
        // U+0080–U+009F (C1 controls).
        let c1 = (b == 0xc2) & (0x80..=0x9f).contains(&b1);
        // U+061C (Arabic letter mark).
        let arabic_mark = (b == 0xd8) & (b1 == 0x9c);
        // U+200E, U+200F, U+2028–U+202E (the line and paragraph separators, then the bidi
        // embeddings), U+2066–U+2069.
        let bidi = (b == 0xe2)
            & (((b1 == 0x80) & ((b2 == 0x8e) | (b2 == 0x8f) | (0xa8..=0xae).contains(&b2)))
                | ((b1 == 0x81) & (0xa6..=0xa9).contains(&b2)));
        // Private use: U+E000–U+F8FF, and planes 15 and 16 (U+F0000 on).
        let private =
            (b == 0xee) | ((b == 0xef) & (b1 <= 0xa3)) | (b == 0xf4) | ((b == 0xf3) & (b1 >= 0xb0));
        // Noncharacters: U+FDD0–U+FDEF, U+FFFE, U+FFFF.
        let noncharacter = (b == 0xef)
            & (((b1 == 0xb7) & (0x90..=0xaf).contains(&b2))
                | ((b1 == 0xbf) & ((b2 == 0xbe) | (b2 == 0xbf))));
        control | c1 | arabic_mark | bidi | private | noncharacter
    };
    !any_sequence(text.as_bytes(), needs_cleaning)
}

/// Whether a place in `bytes` starts a sequence `found` picks out, given the byte there and
/// the two after it (0 past the end): every character a cleaning or collapsing test looks for
/// is told by its first three bytes. Places are tested 16 at a time with no early exit, which
/// the compiler turns into a few vector compares (most text has no such place, and a test
/// byte by byte cost a fifth of reading Argdown).
pub(crate) fn any_sequence(bytes: &[u8], found: impl Fn(u8, u8, u8) -> bool) -> bool {
    const BLOCK: usize = 16;
    let mut start = 0;
    while let Some(window) = bytes.get(start..start + BLOCK + 2) {
        let window: &[u8; BLOCK + 2] = window.try_into().expect("a window of BLOCK + 2 bytes");
        let mut any = false;
        for k in 0..BLOCK {
            any |= found(window[k], window[k + 1], window[k + 2]);
        }
        if any {
            return true;
        }
        start += BLOCK;
    }
    // The last places (fewer than BLOCK + 2), copied into zeros (what lies past the end) and
    // tested the same way.
    let rest = &bytes[start..];
    let mut window = [0; BLOCK + 4];
    window[..rest.len()].copy_from_slice(rest);
    let mut any = false;
    for k in 0..BLOCK + 2 {
        any |= found(window[k], window[k + 1], window[k + 2]) & (k < rest.len());
    }
    any
}

fn clean(text: &str, keep_newlines: bool) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .map(|c| match c {
            '\n' | '\u{2028}' | '\u{2029}' if keep_newlines => '\n',
            c => clean_char(c),
        })
        .collect()
}

/// One character as [`sanitize`] shows it on a single line: a stand-in for anything that could
/// drive the terminal, a space for a tab or line break, anything else unchanged. One character
/// in, one out, so text cleaned this way keeps its character positions (for mapping back to a
/// document's byte offsets).
pub fn clean_char(c: char) -> char {
    match c {
        '\n' | '\t' | '\u{2028}' | '\u{2029}' => ' ',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if needs_cleaning(c) => '\u{fffd}',
        c => c,
    }
}

/// Whether a character could drive a terminal, reorder text, or break the screen's layout:
/// controls, bidirectional marks and overrides, the line and paragraph separators (which
/// terminals draw as line breaks or not at all), and private-use characters and
/// noncharacters, whose width no terminal agrees on.
pub(crate) fn needs_cleaning(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{61c}'
        | '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{10ffff}'
        | '\u{fdd0}'..='\u{fdef}' | '\u{fffe}' | '\u{ffff}')
}

/// Width in terminal columns, as the screen shows it: the sum of the widths of its graphemes
/// (a character with its combining marks, an emoji sequence joined by ZWJ, a flag), each the
/// width ratatui gives the cell it draws. Measuring character by character instead would count
/// 👩‍👩‍👧‍👦 as 8 columns (it takes 2) and ❤️ as 1 (it takes 2).
pub fn width(text: &str) -> usize {
    if text.bytes().all(printable_ascii) {
        return text.len();
    }
    piece_widths(text).sum()
}

/// Whether `text` is at most `max` columns wide ([`width`] that stops counting past `max`).
pub fn fits(text: &str, max: usize) -> bool {
    // Only the first `max + 1` bytes are looked at when they are printable ASCII: that many
    // columns already do not fit, however long the text goes on.
    let head = &text.as_bytes()[..text.len().min(max.saturating_add(1))];
    if head.iter().copied().all(printable_ascii) {
        return text.len() <= max;
    }
    let mut used = 0;
    piece_widths(text).all(|w| {
        used += w;
        used <= max
    })
}

fn printable_ascii(b: u8) -> bool {
    (0x20..0x7f).contains(&b)
}

/// The widths of the pieces of `text` cut between every two printable ASCII characters, in
/// order. Such a place is always a grapheme boundary (no rule of UAX #29 joins two of them, and
/// none looks back past one), so the pieces' graphemes are the text's: a lone printable ASCII
/// character is one column, and only the pieces around other characters are segmented.
fn piece_widths(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let from = start;
        let run = bytes[from..]
            .iter()
            .position(|&b| !printable_ascii(b))
            .unwrap_or(bytes.len() - from);
        if from + run == bytes.len() {
            start = bytes.len();
            return Some(run);
        }
        if run >= 2 {
            // All but the last of the run, which may begin a grapheme with what follows.
            start += run - 1;
            return Some(run - 1);
        }
        let mut end = from + 1;
        while end < bytes.len() && !(printable_ascii(bytes[end - 1]) && printable_ascii(bytes[end]))
        {
            end += 1;
        }
        start = end;
        // `end` is at a printable ASCII byte or the end, so on a character boundary.
        let piece = &text[from..end];
        let simple = piece
            .chars()
            .try_fold(0, |sum, c| simple_width(c).map(|w| sum + w));
        Some(simple.unwrap_or_else(|| piece.graphemes(true).map(UnicodeWidthStr::width).sum()))
    })
}

/// The width of a character that is always a grapheme of its own, whatever stands around it,
/// and as wide alone as in any text: printable ASCII, and letters of common scripts that have
/// no combining marks, ligatures or emoji among them (Latin, Greek, Cyrillic, Arabic and
/// Persian letters, CJK ideographs, Hangul syllables), common punctuation, and the emoticons
/// (which join others only through characters not listed here). None for any other character,
/// which is measured by graphemes.
pub(crate) fn simple_width(c: char) -> Option<usize> {
    match c {
        ' '..='~'
        | '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{24f}'
        | '\u{386}'..='\u{3ce}'
        | '\u{400}'..='\u{482}'
        | '\u{48a}'..='\u{4ff}'
        | '\u{621}'..='\u{64a}'
        | '\u{671}'..='\u{6d3}'
        | '\u{2010}'..='\u{2027}' => Some(1),
        '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}' | '\u{1f600}'..='\u{1f64f}' => Some(2),
        _ => None,
    }
}

/// Cuts `text` to at most `max` columns, ending with "…" when it had to cut.
pub fn truncate(text: &str, max: usize) -> String {
    if fits(text, max) {
        return text.to_string();
    }
    let mut kept = prefix_within(text, max.saturating_sub(1)).to_string();
    if max > 0 {
        kept.push('…');
    }
    kept
}

/// The longest start of `text` that fits in `budget` columns without splitting a grapheme: what
/// [`take_columns`] keeps, found without segmenting text where that cannot matter. The text is
/// cut as [`piece_widths`] cuts it: a printable ASCII character followed by another is a grapheme
/// of one column, and in a piece made only of characters that are always graphemes of their own
/// ([`simple_width`]) each character is one; only other pieces are segmented.
fn prefix_within(text: &str, budget: usize) -> &str {
    let bytes = text.as_bytes();
    let (mut used, mut at) = (0, 0);
    // Takes one grapheme of `width` columns and `len` bytes, or says the budget is spent.
    let mut take = |width: usize, len: usize, at: &mut usize| {
        used += width;
        if used > budget {
            return false;
        }
        *at += len;
        true
    };
    while at < bytes.len() {
        if printable_ascii(bytes[at]) && bytes.get(at + 1).is_none_or(|&b| printable_ascii(b)) {
            if !take(1, 1, &mut at) {
                break;
            }
            continue;
        }
        let mut end = at + 1;
        while end < bytes.len() && !(printable_ascii(bytes[end - 1]) && printable_ascii(bytes[end]))
        {
            end += 1;
        }
        // `end` is at a printable ASCII byte or the end, so on a character boundary.
        let piece = &text[at..end];
        let taken = if piece.chars().all(|c| simple_width(c).is_some()) {
            piece
                .chars()
                .all(|c| take(simple_width(c).unwrap_or(0), c.len_utf8(), &mut at))
        } else {
            piece
                .graphemes(true)
                .all(|g| take(UnicodeWidthStr::width(g), g.len(), &mut at))
        };
        if !taken {
            break;
        }
    }
    &text[..at]
}

/// Cuts from the left, keeping the end of `text` (for paths, where the end matters most).
pub fn truncate_left(text: &str, max: usize) -> String {
    if fits(text, max) {
        return text.to_string();
    }
    let mut kept = take_columns(text.graphemes(true).rev(), max);
    if max > 0 {
        kept.push("…");
    }
    kept.into_iter().rev().collect()
}

/// The leading graphemes that fit in `max - 1` columns, leaving one for an ellipsis. A grapheme
/// is never split, so an emoji sequence or a letter with its accents stays whole or goes whole.
fn take_columns<'a>(graphemes: impl Iterator<Item = &'a str>, max: usize) -> Vec<&'a str> {
    let budget = max.saturating_sub(1);
    let mut used = 0;
    graphemes
        .take_while(|g| {
            used += g.width();
            used <= budget
        })
        .collect()
}

/// A piece of a line for the wrapping algorithm, measured as the screen shows it.
#[derive(Debug)]
struct Piece<'a> {
    word: &'a str,
    whitespace: &'a str,
    /// Shown only when the line breaks after this piece (a hyphen).
    penalty: &'a str,
}

impl Fragment for Piece<'_> {
    fn width(&self) -> f64 {
        width(self.word) as f64
    }
    fn whitespace_width(&self) -> f64 {
        width(self.whitespace) as f64
    }
    fn penalty_width(&self) -> f64 {
        width(self.penalty) as f64
    }
}

/// A size as people read it: `512 MB`, `1.5 GB`, `300 KB`, `12 bytes` (units of 1024).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let value = format!("{:.1}", bytes as f64 / unit as f64);
            // "816 KB", not "816.0 KB".
            let value = value.strip_suffix(".0").unwrap_or(&value);
            return format!("{value} {name}");
        }
    }
    format!("{bytes} byte{}", if bytes == 1 { "" } else { "s" })
}

/// The most of one text (a paraphrase, a quote, a note) that a pane lays out: about 2,500
/// words, many screens of any pane. Laying text out costs about a tenth of a microsecond a byte
/// and panes are laid out on every key, so a pasted book of a statement would otherwise stall
/// every key by seconds.
pub const MOST_SHOWN: usize = 16 * 1024;

/// `text` as a pane shows it: whole when it is at most [`MOST_SHOWN`] bytes long; else cut at
/// the last space before that (or between characters, when the end holds no space), followed by
/// "[… 25.3 MB more, too long to show here]". The map keeps all of it: search, copy and export
/// see the whole text.
pub fn shown(text: &str) -> Cow<'_, str> {
    if text.len() <= MOST_SHOWN {
        return Cow::Borrowed(text);
    }
    let mut end = MOST_SHOWN;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // At a word's end, when one ends in the last few lines' worth of bytes.
    if let Some(space) = text[..end].rfind(char::is_whitespace)
        && end - space < 256
    {
        end = space;
    }
    let part = text[..end].trim_end();
    let more = human_size((text.len() - part.len()) as u64);
    Cow::Owned(format!("{part} [… {more} more, too long to show here]"))
}

/// Wraps `text` to lines of at most `max` columns, keeping its own line breaks; words longer than
/// a line are broken between graphemes. Always returns at least one line.
///
/// The words and break opportunities are textwrap's (Unicode line breaking, hyphens), and so is
/// the optimal-fit algorithm; only the measuring is ours, grapheme by grapheme as [`width`]
/// measures, so a line never comes out wider than the screen draws it.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for line in text.split('\n') {
        wrap_line(line, max, &mut lines);
    }
    lines
}

fn wrap_line(line: &str, max: usize, lines: &mut Vec<String>) {
    if fits(line, max) {
        lines.push(line.trim_end_matches(' ').to_string());
        return;
    }
    // A word is split after its hyphens, except in a path (a run of text without spaces that
    // holds a `/`): a path breaks only after a `/`, so `review-c/` is not cut at its hyphen.
    static HYPHENS: WordSplitter = WordSplitter::HyphenSplitter;
    static WHOLE: WordSplitter = WordSplitter::NoHyphenation;
    let paths = paths_in(line);
    let words = WordSeparator::UnicodeBreakProperties
        .find_words(line)
        .flat_map(|word| {
            let at = offset_in(line, word.word);
            let after = paths.partition_point(|path| path.end <= at);
            let in_path = paths.get(after).is_some_and(|path| path.contains(&at));
            let splitter = if in_path { &WHOLE } else { &HYPHENS };
            split_words(std::iter::once(word), splitter)
        });
    let pieces = pieces(line, max, words);
    let widths = [max as f64];
    let wrapped = wrap_optimal_fit(&pieces, &widths, &Penalties::new())
        .unwrap_or_else(|_| wrap_first_fit(&pieces, &widths));
    for run in wrapped {
        let Some((last, before)) = run.split_last() else {
            lines.push(String::new());
            continue;
        };
        let mut text = String::new();
        for piece in before {
            text.push_str(piece.word);
            text.push_str(piece.whitespace);
        }
        text.push_str(last.word);
        text.push_str(last.penalty);
        lines.push(text);
    }
}

/// The pieces of `line` the wrapping fits into lines of `max` columns, made of its `words`.
///
/// A word of punctuation only goes with the word after it: the `/` that begins a path (or the
/// `(/` of a path in brackets) is not left alone at the end of a line. A path still breaks
/// after a `/` that follows some of its text. Unicode's line breaking allows no break before a
/// `/`, even after a space, so a word such as `to /` comes whole; its `/` is taken off it to go
/// with the path.
///
/// A word too long for any line is broken into runs of graphemes that fit; the last run keeps
/// the word's trailing space and penalty (or, punctuation only, goes with the next word).
fn pieces<'a>(
    line: &'a str,
    max: usize,
    words: impl Iterator<Item = textwrap::core::Word<'a>>,
) -> Vec<Piece<'a>> {
    let punctuation = |word: &str| !word.is_empty() && !word.chars().any(char::is_alphanumeric);
    let mut pieces = Vec::new();
    // Where the punctuation waiting for the next word begins.
    let mut glued: Option<usize> = None;
    for word in words {
        let mut text = word.word;
        if glued.is_none()
            && word.whitespace.is_empty()
            && let Some(space) = text.rfind(' ')
            && punctuation(&text[space + 1..])
        {
            let head = text[..space].trim_end_matches(' ');
            let from = push_runs(&mut pieces, head, max);
            pieces.push(Piece {
                word: &head[from..],
                whitespace: &text[head.len()..=space],
                penalty: "",
            });
            text = &text[space + 1..];
        }
        let start = glued.take().unwrap_or_else(|| offset_in(line, text));
        let end = offset_in(line, text) + text.len();
        let text = &line[start..end];
        let glues = |run: &str| {
            word.whitespace.is_empty()
                && word.penalty.is_empty()
                && end < line.len()
                && punctuation(run)
        };
        if glues(text) {
            glued = Some(start);
            continue;
        }
        let from = push_runs(&mut pieces, text, max);
        if from > 0 && glues(&text[from..]) {
            glued = Some(start + from);
            continue;
        }
        pieces.push(Piece {
            word: &text[from..],
            whitespace: word.whitespace,
            penalty: word.penalty,
        });
    }
    if let Some(start) = glued {
        pieces.push(Piece {
            word: &line[start..],
            whitespace: "",
            penalty: "",
        });
    }
    pieces
}

/// Pushes the runs of graphemes `word` breaks into to fit `max` columns, all but the last, and
/// returns where the last begins (0 for a word that fits).
fn push_runs<'a>(pieces: &mut Vec<Piece<'a>>, word: &'a str, max: usize) -> usize {
    let mut from = 0;
    if fits(word, max) {
        return from;
    }
    let mut used = 0;
    for (at, grapheme) in word.grapheme_indices(true) {
        let wide = grapheme.width();
        if used + wide > max && at > from {
            pieces.push(Piece {
                word: &word[from..at],
                whitespace: "",
                penalty: "",
            });
            from = at;
            used = 0;
        }
        used += wide;
    }
    from
}

/// Where `line` holds paths: its runs of text without white space that hold a `/`, in order
/// (found once a line, so a long line of many words costs no more than its length).
fn paths_in(line: &str) -> Vec<std::ops::Range<usize>> {
    line.split(char::is_whitespace)
        .filter(|run| run.contains('/'))
        .map(|run| {
            let start = offset_in(line, run);
            start..start + run.len()
        })
        .collect()
}

/// Where `part`, a slice of `whole`, begins in it.
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(512 << 20), "512 MB");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size((816 << 10) + 5), "816 KB");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(12), "12 bytes");
    }

    #[test]
    fn a_text_a_pane_can_lay_out_is_shown_whole() {
        let text = "word ".repeat(MOST_SHOWN / 5);
        assert!(matches!(shown(&text), Cow::Borrowed(t) if t == text));
        assert!(matches!(shown(""), Cow::Borrowed("")));
    }

    #[test]
    fn a_longer_text_is_cut_at_a_word_and_says_how_much_more_there_is() {
        // 1 MB of words: the pane gets the first 16 KB, ending with a whole word.
        let text = "naïve café ".repeat(1 << 16);
        let cut = shown(&text);
        let (part, notice) = cut.split_once(" [… ").expect("a notice");
        assert!(
            part.len() <= MOST_SHOWN && part.len() > MOST_SHOWN - 20,
            "{}",
            part.len()
        );
        assert!(
            part.ends_with("naïve") || part.ends_with("café"),
            "{part:?}"
        );
        assert!(text.starts_with(part));
        assert_eq!(
            notice,
            format!(
                "{} more, too long to show here]",
                human_size((text.len() - part.len()) as u64)
            )
        );
        assert!(notice.starts_with("816 KB more"), "{notice}");
    }

    #[test]
    fn a_longer_text_without_spaces_is_cut_between_characters() {
        // Three-byte characters, so the limit falls inside one.
        let text = "漢".repeat(MOST_SHOWN);
        let cut = shown(&text);
        let part = cut
            .strip_suffix(" [… 32 KB more, too long to show here]")
            .expect("notice");
        assert!(part.chars().all(|c| c == '漢'));
        assert_eq!(part.len(), MOST_SHOWN - MOST_SHOWN % 3);
    }

    #[test]
    fn fits_answers_for_a_long_text_from_its_start() {
        let long = "a".repeat(1 << 20);
        assert!(!fits(&long, 80));
        assert!(fits(&long, 1 << 20));
        assert!(!fits(&long, (1 << 20) - 1));
        assert!(fits(&long[..80], 80));
        assert!(!fits(&format!("{}漢", &long[..79]), 80));
        assert!(fits(&format!("{}漢", &long[..78]), 80));
    }

    #[test]
    fn escape_sequences_and_bidi_overrides_become_visible_and_inert() {
        let clean = sanitize("a\u{1b}[31mred\u{7}\u{9b}x\u{202e}y", false);
        assert_eq!(clean, "a␛[31mred␇\u{fffd}x\u{fffd}y");
        assert!(!clean.chars().any(|c| c.is_control()));
    }

    #[test]
    fn the_quick_prefix_keeps_what_grapheme_by_grapheme_cutting_keeps() {
        let texts = [
            "plain ASCII words that run on well past the limit",
            "cafe\u{301} au lait, and then some more words",
            "e\u{301}",
            "Crimée and Иран and 中国 and 🙂 and 👩‍👩‍👧‍👦 family",
            "ab\u{200d}cd efgh",
            "x\u{1f1ee}\u{1f1f7}y flags",
            "",
            "a",
            "漢字漢字漢字",
        ];
        // And every string of four pieces drawn from ASCII and what joins or follows it.
        let pieces = [
            "a",
            " ",
            "é",
            "e\u{301}",
            "\u{301}",
            "🙂",
            "\u{200d}",
            "漢",
            "\u{1f1ee}",
            "\u{fe0f}",
        ];
        let generated = (0..pieces.len().pow(4)).map(|mut n| {
            let mut text = String::new();
            for _ in 0..4 {
                text.push_str(pieces[n % pieces.len()]);
                n /= pieces.len();
            }
            text
        });
        for text in texts.map(String::from).into_iter().chain(generated) {
            for budget in 0..text.chars().count() + 3 {
                let slow: String = take_columns(text.graphemes(true), budget + 1).concat();
                assert_eq!(prefix_within(&text, budget), slow, "{text:?} in {budget}");
            }
        }
    }

    #[test]
    fn the_byte_test_for_clean_text_agrees_with_the_character_test() {
        let chars = (0..0x3000)
            .chain(0x1f600..0x1f610)
            .chain(0xdff0..0xe010)
            .chain(0xf8f0..0xf910)
            .chain(0xfdc0..0xfe00)
            .chain(0xffe0..0x10010)
            .chain(0xeffe0..0xf0010)
            .chain(0x10ffe0..0x110000)
            .filter_map(char::from_u32);
        for c in chars {
            // Alone, and at each place in a block of the byte test and across its edge.
            let placed =
                [0, 1, 15, 16, 17, 31].map(|at| format!("{}{c}{}", "x".repeat(at), "y".repeat(20)));
            let last = [14, 15, 16, 17, 31, 32, 33].map(|at| format!("{}{c}", "x".repeat(at)));
            for text in [c.to_string(), format!("a{c}b"), format!("é{c}")]
                .into_iter()
                .chain(placed)
                .chain(last)
            {
                for keep in [false, true] {
                    assert_eq!(
                        is_clean(&text, keep),
                        clean(&text, keep) == text,
                        "{:?}",
                        c as u32
                    );
                }
            }
        }
        assert_eq!(sanitize_owned("a\u{1b}b".to_string(), false), "a␛b");
        // Paragraphs are clean where line breaks are kept; a CR before one is not.
        assert!(is_clean("one\ntwo", true));
        assert!(!is_clean("one\ntwo", false));
        assert!(!is_clean("one\r\ntwo", true));
        assert_eq!(sanitize_owned("one\r\ntwo".to_string(), true), "one\ntwo");
    }

    #[test]
    fn newlines_survive_only_where_asked() {
        assert_eq!(sanitize("a\r\nb\tc", true), "a\nb c");
        assert_eq!(sanitize("a\nb", false), "a b");
        assert_eq!(sanitize("Russia’s", false), "Russia’s");
        // Line and paragraph separators are line breaks where those are kept, else spaces.
        assert_eq!(sanitize("a\u{2028}b\u{2029}c", true), "a\nb\nc");
        assert_eq!(sanitize("a\u{2028}b\u{2029}c", false), "a b c");
        // Characters whose width terminals do not agree on show as U+FFFD.
        assert_eq!(
            sanitize("x\u{e000}\u{fffe}\u{10fffd}y", false),
            "x\u{fffd}\u{fffd}\u{fffd}y"
        );
    }

    #[test]
    fn truncation_counts_columns_not_bytes() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("漢字漢字", 5), "漢字…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate_left("one › two › three", 8), "…› three");
    }

    #[test]
    fn wrapping_keeps_lines_within_width_even_for_long_words() {
        let lines = wrap("a verylongwordthatcannotfit here", 8);
        assert!(lines.iter().all(|line| width(line) <= 8), "{lines:?}");
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("one\ntwo", 20), ["one", "two"]);
    }

    /// A message that names a file never leaves the path's leading `/` alone at the end of a
    /// line, with the path it begins on the next: at any width the path starts whole.
    #[test]
    fn a_path_is_not_broken_after_its_leading_slash() {
        let messages = [
            "your notes were written to /home/teacher/seminars/iran-russia.notes.json; open them with argscope",
            "kept the last good map, the file has a problem: /tmp/maps/debate.argdown:3:1: a relation line needs a statement above it",
            "the notes could not be saved (permission denied), so they were written to (/var/tmp/argscope/rescue.json)",
            "a_very_long_name_of_a_folder /srv/data",
        ];
        for message in messages {
            for max in 8..=90 {
                let lines = wrap(message, max);
                for pair in lines.windows(2) {
                    let last_word = pair[0].rsplit(' ').next().unwrap_or_default();
                    assert!(
                        last_word.chars().any(char::is_alphanumeric),
                        "at {max} columns a line ends with {last_word:?}, its path on the next: {lines:#?}"
                    );
                }
                assert!(lines.iter().all(|l| width(l) <= max), "{lines:?}");
                let kept: String = lines.concat().split(' ').collect();
                let given: String = message.split(' ').collect();
                assert_eq!(kept, given, "nothing is lost at {max} columns");
            }
        }
    }

    /// A path breaks only after a `/`, never at a hyphen in it (a quit dialog split
    /// `/tmp/review-` | `c/data/…`); hyphens elsewhere in the text still break.
    #[test]
    fn a_path_is_not_broken_at_a_hyphen() {
        let message = "the notes could not be saved, so they were written to /tmp/review-c/data/iran-russia.notes.json instead";
        for max in 8..=90 {
            let lines = wrap(message, max);
            for pair in lines.windows(2) {
                assert!(
                    !pair[0].ends_with('-'),
                    "at {max} columns a line ends at a hyphen of the path: {lines:#?}"
                );
            }
            let kept: String = lines.concat().split(' ').collect();
            let given: String = message.split(' ').collect();
            assert_eq!(kept, given, "nothing is lost at {max} columns");
        }
        assert_eq!(
            wrap("the well-known /tmp/review-c/data", 26),
            ["the well-known /tmp/", "review-c/data"]
        );
        assert_eq!(wrap("a well-known point", 8), ["a well-", "known", "point"]);
    }

    #[test]
    fn the_piecewise_width_is_the_grapheme_width() {
        let texts = [
            "plain ascii text.",
            "café naïve 中国 Иран 🙂 a\u{301}b",
            "#\u{fe0f} 1\u{fe0f}\u{20e3}x 👩\u{200d}👩\u{200d}👧 ab🇩🇪🇫🇷cd",
            "a\u{600}b \u{1100}\u{1161}\u{11a8}x e\u{301}\u{302}",
            "x\u{200d}y ❤\u{fe0f}z \u{7}\r\n\t",
            "",
            "é",
        ];
        for text in texts {
            let graphemes: usize = text.graphemes(true).map(UnicodeWidthStr::width).sum();
            assert_eq!(width(text), graphemes, "{text:?}");
            for max in 0..graphemes + 2 {
                assert_eq!(fits(text, max), graphemes <= max, "{text:?} {max}");
            }
        }
    }

    #[test]
    fn simple_characters_are_graphemes_of_their_own_as_wide_as_alone() {
        let ranges = [
            0x20..0x7f,
            0xa0..0xad,
            0xae..0x250,
            0x386..0x3cf,
            0x400..0x483,
            0x48a..0x500,
            0x621..0x64b,
            0x671..0x6d4,
            0x2010..0x2028,
            0x4e00..0xa000,
            0xac00..0xd7a4,
            0x1f600..0x1f650,
        ];
        let neighbours = [
            "a", "\u{301}", "\u{200d}", "\u{fe0f}", "\u{1161}", "\u{11a8}", "🙂",
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(simple_width(c), Some(alone.width()), "{:x}", c as u32);
            assert_eq!(alone.graphemes(true).count(), 1, "{:x}", c as u32);
            for n in neighbours {
                for text in [
                    format!("{c}{n}"),
                    format!("{n}{c}"),
                    format!("{c}{c}{n}{c}"),
                ] {
                    let graphemes: usize = text.graphemes(true).map(UnicodeWidthStr::width).sum();
                    assert_eq!(width(&text), graphemes, "{:x} {n:?}", c as u32);
                }
            }
        }
    }

    #[test]
    fn graphemes_are_measured_and_cut_whole() {
        // A family (four people joined by ZWJ) and a heart with its emoji selector: 2 columns each.
        let family = "👩\u{200d}👩\u{200d}👧\u{200d}👦";
        let heart = "❤\u{fe0f}";
        assert_eq!(width(family), 2);
        assert_eq!(width(heart), 2);
        assert_eq!(width("e\u{301}te\u{301}"), 3);
        // Cut where the screen would, never inside a grapheme.
        assert_eq!(
            truncate(&format!("{family} family"), 6),
            format!("{family} fa…")
        );
        assert_eq!(
            truncate(&format!("{family}{family}"), 3),
            format!("{family}…")
        );
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        // Wrapped lines are as wide as they show, no wider.
        let hearts = format!("{heart}{heart} ").repeat(20);
        for line in wrap(&hearts, 9) {
            assert!(width(&line) <= 9, "{line:?} is {} columns", width(&line));
        }
        let long = family.repeat(30);
        let lines = wrap(&long, 7);
        assert!(
            lines
                .iter()
                .all(|l| width(l) <= 7 && l.len() % family.len() == 0),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), long);
    }
}
