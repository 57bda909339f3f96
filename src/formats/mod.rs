//! Map formats: one module per format, each reading into or writing from [`crate::model::ArgMap`].
//!
//! Importers of other tools' formats share one contract: `parse(text, file) -> Imported`. They
//! build what they can and report the rest as problems with a line (and a column where they have
//! one), so a file with a few slips still opens. Only a file of which nothing could be read (it
//! is not JSON, not XML, not in the format at all) gets a problem of [`Severity::Error`]: loading
//! then refuses it, as it refuses broken argscope JSON, rather than show a map of nothing.
//!
//! [`Severity::Error`]: crate::model::Severity::Error

pub mod aif;
pub mod argdown;
pub mod detect;
pub mod dot;
pub mod finishing;
mod html;
pub mod kialo;
pub mod left_out;
pub mod markdown;
pub mod markdown_outline;
pub mod native;
pub mod opml;
pub mod outline;
mod outliner_markdown;
mod sides;
pub mod xml_encoding;

use crate::model::{ArgMap, NodeId, Problem};
use std::borrow::Cow;

use crate::text::truncate;

/// What an importer made of a file.
#[derive(Debug)]
pub struct Imported {
    /// The map; only a placeholder (a thesis named after the file) when a problem is an error.
    pub map: ArgMap,
    /// Everything the importer could not understand or had to guess, in file order. Warnings
    /// let the map open (`check` lists them); an error says nothing of the map could be read.
    pub problems: Vec<Problem>,
    /// Whether node ids survive a re-export of the source (Argdown titles, AIF node ids do;
    /// Kialo's numbers and outline positions do not). Notes are keyed by id only when they do.
    pub stable_ids: bool,
}

/// How to mend a file read as `format` that is not in it, said at the end of the error that
/// refuses it: when its content reads as another format (so `--from` named this one), read it
/// as that; else name its format.
pub(crate) fn read_it_as_what_it_is(text: &str, format: detect::Format) -> String {
    match detect::detect(text) {
        other if other != format => format!(
            "its content looks like the {} format: leave out --from to read it so, or name its format with --from",
            other.name()
        ),
        _ => "if the file is in another format, name that format with --from".to_string(),
    }
}

/// Whether `text` could be JSON at all: argscope takes it for no JSON format (it starts with
/// neither `{` nor a JSON list), so only `--from` reads it as one.
pub(crate) fn looks_like_json(text: &str) -> bool {
    use detect::Format::{Aif, ArgdownJson, Argscope};
    matches!(detect::detect(text), Argscope | ArgdownJson | Aif)
}

/// Ties each problem that names only a line to the node written on that line or nearest above
/// it, so `W` can go there. `written` holds (line, node) for every node whose line is known.
pub fn tie_to_nodes(problems: &mut [Problem], mut written: Vec<(usize, NodeId)>) {
    written.sort_unstable();
    for problem in problems.iter_mut().filter(|p| p.node.is_none()) {
        let Some((line, _)) = problem.place.line_col else {
            continue;
        };
        let above = written.partition_point(|&(l, _)| l <= line);
        if above > 0 {
            problem.node = Some(written[above - 1].1);
        }
    }
}

/// The (line, node) pairs [`tie_to_nodes`] takes, for an importer that knows which node each
/// item it read became (`placed`, by item) and the line item `i` was written on (`line_of`).
pub fn placed_lines(
    placed: &[Option<NodeId>],
    line_of: impl Fn(usize) -> usize,
) -> Vec<(usize, NodeId)> {
    (placed.iter().enumerate())
        .filter_map(|(i, node)| node.map(|id| (line_of(i), id)))
        .collect()
}

/// Whether a statement's source is a web address (`https://…`, `mailto:…`, `www.…`) rather
/// than a citation written as text ("Smith 2020, p. 4"). A writer names the one `url`, which
/// tools make a link, and the other `source`, so a citation never becomes a broken link.
pub(crate) fn is_web_address(source: &str) -> bool {
    let source = source.trim();
    if source.contains(char::is_whitespace) {
        return false;
    }
    let scheme_len = source.find(':').filter(|&colon| {
        let scheme = &source[..colon];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    match scheme_len {
        Some(colon) => {
            source[colon + 1..].starts_with("//") || source[..colon].eq_ignore_ascii_case("mailto")
        }
        None => source
            .get(..4)
            .is_some_and(|start| start.eq_ignore_ascii_case("www.")),
    }
}

/// The longest label a headline may have (see [`crate::model::validate::MAX_LABEL_CHARS`]).
const LABEL_COLUMNS: usize = 60;

/// Splits a statement's full text, as another tool holds it, into a headline and a paraphrase:
/// the label is the first sentence, cut at a word to at most 60 columns; the text is the whole
/// statement when the label does not already say all of it. Both are cleaned of anything that
/// could drive a terminal. An empty statement gets the label "(empty)".
pub fn label_and_text(full: &str) -> (String, String) {
    split_label(crate::text::sanitize_cow(full.trim(), true))
}

/// [`label_and_text`] for a statement the caller gives away: its text, when kept, is the
/// string given (cleaned in place when it needs it).
pub(crate) fn label_and_text_owned(full: String) -> (String, String) {
    split_label(Cow::Owned(crate::text::sanitize_owned(
        trim_owned(full),
        true,
    )))
}

/// The label [`label_and_text`] gives, without the text.
pub(crate) fn label_of(full: &str) -> String {
    let full = crate::text::sanitize_cow(full.trim(), true);
    if let Some((label, _)) = simple_label(&full) {
        return label;
    }
    let flat = crate::source::collapse_whitespace_cow(&full);
    if flat.is_empty() {
        return "(empty)".to_string();
    }
    label_in(&flat)
}

/// `text` without white space at either end, in its own buffer.
pub(crate) fn trim_owned(mut text: String) -> String {
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
    text
}

/// [`label_and_text`] of a statement already trimmed and cleaned.
fn split_label(full: Cow<str>) -> (String, String) {
    let (label, said_all) = match simple_label(&full) {
        Some(found) => found,
        None => {
            let flat = crate::source::collapse_whitespace_cow(&full);
            if flat.is_empty() {
                return ("(empty)".to_string(), String::new());
            }
            let label = label_in(&flat);
            let said_all = label == *flat;
            (label, said_all)
        }
    };
    let text = if said_all {
        String::new()
    } else {
        full.into_owned()
    };
    (label, text)
}

/// [`label_in`] of a cleaned statement and whether the label says all of it, worked out from
/// the statement's start alone when that start is made of characters that are always
/// graphemes of their own ([`crate::text::simple_width`]: ASCII, the Latin, Greek and Cyrillic
/// letters, CJK) and white space, as most statements' are (a million statements each
/// collapsed and measured whole cost a second); `None` for any other start, which [`label_in`]
/// must read.
fn simple_label(full: &str) -> Option<(String, bool)> {
    let bytes = full.as_bytes();
    // The statement collapsed, until it is wider than a label: a first sentence that long is
    // cut within its first LABEL_COLUMNS - 1 columns.
    let mut flat = String::with_capacity(3 * LABEL_COLUMNS);
    let (mut columns, mut space, mut at) = (0, false, 0);
    // Where the first sentence ends in `flat` (see [`ends_sentence`]), and its width.
    let mut sentence: Option<(usize, usize)> = None;
    while columns <= LABEL_COLUMNS && at < bytes.len() {
        let spaces = match bytes[at] {
            b' ' | b'\t'..=b'\r' => 1,
            // `at` is always on a character boundary.
            0x80.. => full[at..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if spaces > 0 {
            space = !flat.is_empty();
            at += spaces;
            continue;
        }
        if space {
            // `at` is on the next word, which is not white space.
            if sentence.is_none()
                && matches!(flat.as_bytes().last(), Some(b'.' | b'?' | b'!'))
                && ends_sentence(&flat, full[at..].chars().next())
            {
                sentence = Some((flat.len(), columns));
            }
            flat.push(' ');
            columns += 1;
            space = false;
        }
        // A word, or as much of it as can show: printable ASCII is a column a byte.
        let word = at;
        while columns <= LABEL_COLUMNS && at < bytes.len() {
            match bytes[at] {
                0x21..=0x7e => {
                    columns += 1;
                    at += 1;
                }
                b' ' | b'\t'..=b'\r' => break,
                0..=0x7f => return None,
                _ => {
                    let c = full[at..].chars().next()?;
                    if c.is_whitespace() {
                        break;
                    }
                    columns += crate::text::simple_width(c)?;
                    at += c.len_utf8();
                }
            }
        }
        flat.push_str(&full[word..at]);
    }
    if flat.is_empty() {
        return Some(("(empty)".to_string(), true));
    }
    // The statement was read to its end (but perhaps for white space).
    let whole = full[at..].chars().all(char::is_whitespace);
    // Unless it ends in what was read, the first sentence is wider than what was read.
    let (end, width) = sentence.unwrap_or((flat.len(), columns));
    if (sentence.is_some() || whole) && width <= LABEL_COLUMNS {
        let said_all = whole && end == flat.len();
        // A copy the label's own size: `flat` has room for a long start, and a million labels
        // keeping that room would cost a tenth of a gigabyte.
        return Some((flat[..end].to_string(), said_all));
    }
    // As label_in cuts: the characters that fit beside an ellipsis (printable ASCII is a
    // column a byte), then back to a word.
    let first_sentence = &flat[..end];
    let room = LABEL_COLUMNS - 1;
    let kept = if first_sentence.as_bytes()[..room].is_ascii() {
        &first_sentence[..room]
    } else {
        let mut used = 0;
        let cut = first_sentence.char_indices().find_map(|(i, c)| {
            used += crate::text::simple_width(c).unwrap_or(0);
            (used > room).then_some(i)
        });
        cut.map_or(first_sentence, |cut| &first_sentence[..cut])
    };
    Some((cut_at_a_word(kept), false))
}

/// The label of a first sentence too wide to show whole, from `kept`, the part of it that fits
/// beside an ellipsis: cut back to the last space that leaves room for it, when that space is
/// past the middle, and the ellipsis added.
fn cut_at_a_word(kept: &str) -> String {
    let body = kept.trim_end_matches('…');
    let label = match body.rfind(' ') {
        Some(space) if space > LABEL_COLUMNS / 2 => body[..space].trim_end(),
        _ => kept,
    };
    let mut cut = String::with_capacity(label.len() + '…'.len_utf8());
    cut.push_str(label);
    cut.push('…');
    cut
}

/// Words that end in a period without ending a sentence, compared without case; and "No."
/// (number), whose lower case is more often the word, as in "He said no." "e.g.", "i.e." and
/// "p." end in a single letter, which [`ends_sentence`] looks for apart.
const ABBREVIATIONS: [&str; 20] = [
    "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "vs", "etc", "cf", "pp", "fig", "approx",
    "inc", "ltd", "co", "gen", "sen", "rep",
];

/// The longest list number a statement may begin with ("12.3.4").
const LIST_NUMBER_BYTES: usize = 12;

/// Whether `before`, a statement up to a space, ends a sentence there, `next` being the first
/// character after the space: it does when it ends in '?', '!' or '.', but for a period after
/// an initial or an abbreviation ("U.S.", "Dr.", "pp."), before a word in lower case or a
/// number ("e.g. the", "p. 5"), or after a list's number that begins the statement ("2.").
fn ends_sentence(before: &str, next: Option<char>) -> bool {
    let Some(stem) = before.strip_suffix('.') else {
        return before.ends_with(['?', '!']);
    };
    // A statement that begins with a list's number ("2. Parents see…", "1.3. …") is not a
    // sentence "2.". Only a stem a list's number could be is looked at: this is asked at every
    // period of a text, and looking further each time would grow with the square of it.
    if stem.len() <= LIST_NUMBER_BYTES && stem.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return false;
    }
    if next.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()) {
        return false;
    }
    // The letters before the period, as far as the longest abbreviation and one more: no
    // longer word is one, and a long word is not walked back over.
    let mut letters = 0;
    let mut start = stem.len();
    for (i, c) in stem.char_indices().rev().take(7) {
        if !c.is_alphabetic() {
            break;
        }
        letters += 1;
        start = i;
    }
    let word = &stem[start..];
    let abbreviation =
        letters < 7 && (word == "No" || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)));
    !(letters == 1 || abbreviation)
}

/// The label of a statement cleaned and collapsed (not empty).
fn label_in(flat: &str) -> String {
    // The first '.', '?' or '!' followed by a space that ends a sentence ends the first one
    // (the marks are ASCII, so looked for byte by byte).
    let first_sentence = (flat.as_bytes().windows(2).enumerate())
        .filter(|(_, w)| matches!(w[0], b'.' | b'?' | b'!') && w[1] == b' ')
        .find(|&(i, _)| ends_sentence(&flat[..=i], flat[i + 2..].chars().next()))
        .map_or(flat, |(i, _)| &flat[..=i]);
    if crate::text::fits(first_sentence, LABEL_COLUMNS) {
        first_sentence.to_string()
    } else {
        // What truncating keeps beside its ellipsis.
        let cut = truncate(first_sentence, LABEL_COLUMNS);
        cut_at_a_word(cut.strip_suffix('…').unwrap_or(&cut))
    }
}

/// A node id made from a title: lowercase ASCII letters and digits with hyphens
/// (`Soft drugs are legal` → `soft-drugs-are-legal`); a title with none of those keeps its own
/// letters, lowercased (`Налоги` → `налоги`, `住房` → `住房`), so its id does not depend on its
/// place among such titles. Never empty.
pub fn slug(title: &str) -> String {
    let ascii = ascii_slug(title);
    if !ascii.is_empty() {
        return ascii;
    }
    let unicode = unicode_slug(title);
    if unicode.is_empty() {
        "n".to_string()
    } else {
        unicode
    }
}

/// The slug of a title without ASCII letters or digits: its lowercased letters and digits in
/// any script, other characters separating words (combining accents join their letter).
fn unicode_slug(title: &str) -> String {
    let mut slug = String::new();
    let mut chars = 0;
    'chars: for c in title.chars() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        for lower in c.to_lowercase() {
            if lower.is_alphanumeric() && !lower.is_uppercase() {
                slug.push(lower);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            } else {
                continue;
            }
            chars += 1;
            if chars >= 48 {
                break 'chars;
            }
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The slug of ASCII letters and digits alone, empty when the title has none.
fn ascii_slug(title: &str) -> String {
    // Only ASCII letters, digits and hyphens go in, so it is built as bytes.
    let mut slug: Vec<u8> = Vec::with_capacity(title.len().min(50));
    let mut add = |b: u8| {
        if b.is_ascii_alphanumeric() {
            slug.push(b);
        } else if slug.last().is_some_and(|&last| last != b'-') {
            slug.push(b'-');
        }
        slug.len() >= 48
    };
    let bytes = title.as_bytes();
    let mut i = 0;
    'chars: while i < bytes.len() {
        if bytes[i].is_ascii() {
            if add(bytes[i].to_ascii_lowercase()) {
                break;
            }
            i += 1;
        } else {
            let c = title[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            // Two letters lower to ASCII (İ to i and a dot, the Kelvin sign to k); every other
            // character beyond ASCII separates words.
            if !matches!(c, '\u{130}' | '\u{212a}') {
                if add(b' ') {
                    break;
                }
                continue;
            }
            for lower in c.to_lowercase() {
                if add(if lower.is_ascii() { lower as u8 } else { b' ' }) {
                    break 'chars;
                }
            }
        }
    }
    while slug.last() == Some(&b'-') {
        slug.pop();
    }
    String::from_utf8(slug).unwrap_or_default()
}

/// Hands out ids that are unique in one map: a slug, then `-2`, `-3` … when it is taken.
///
/// It keeps each id once, in the list of those given out, and looks them up by their place in
/// it: a million of them are no second copy in a table.
#[derive(Debug, Default)]
pub struct Ids {
    /// Every id handed out or claimed, in that order.
    given: Vec<String>,
    /// Every id taken, by its place in `given`.
    taken: hashbrown::HashTable<Taken>,
}

/// An id taken (see [`Ids`]).
#[derive(Debug, Clone, Copy)]
struct Taken {
    /// Its place in [`Ids::given`]. (A map of 4 billion nodes is far beyond the files read.)
    at: u32,
    /// The last number tried for it as a slug: every lower one is taken, so the next id for
    /// that slug is found without trying them again (10,000 outlines saying "x" stay linear).
    /// 1 when it has not been tried as a slug again.
    tried: u32,
}

impl Ids {
    /// Room for `n` ids, so that handing them out never regrows the table.
    pub fn with_capacity(n: usize) -> Ids {
        Ids {
            given: Vec::with_capacity(n),
            taken: hashbrown::HashTable::with_capacity(n),
        }
    }

    /// A new id made from `title`.
    pub fn unique(&mut self, title: &str) -> &str {
        let base = slug(title);
        let hash = crate::model::fast_hash::hash_one(&base);
        let given = &self.given;
        // One look-up for a slug not taken yet (most are).
        let Some(&Taken { at, tried }) = self.taken.find(hash, |t| given[t.at as usize] == base)
        else {
            return self.take(hash, base);
        };
        let mut n = tried;
        let id = loop {
            n += 1;
            let id = format!("{base}-{n}");
            if !self.is_taken(&id) {
                break id;
            }
        };
        if let Some(base) = self.taken.find_mut(hash, |t| t.at == at) {
            base.tried = n;
        }
        self.take(crate::model::fast_hash::hash_one(&id), id)
    }

    /// Takes `id` as it is, for a format that names its own ids; false when it is already taken.
    /// Claim a file's own ids before handing out slugs, so no slug takes one of them first.
    pub fn claim(&mut self, id: &str) -> bool {
        if self.is_taken(id) {
            return false;
        }
        self.take(crate::model::fast_hash::hash_one(id), id.to_string());
        true
    }

    /// Every id handed out or claimed, in that order.
    pub fn into_given(self) -> Vec<String> {
        self.given
    }

    fn is_taken(&self, id: &str) -> bool {
        let hash = crate::model::fast_hash::hash_one(id);
        self.taken
            .find(hash, |t| self.given[t.at as usize] == id)
            .is_some()
    }

    /// Takes `id`, which is not taken, whose hash is `hash`.
    fn take(&mut self, hash: u64, id: String) -> &str {
        let at = u32::try_from(self.given.len()).expect("a map holds fewer than 4 billion ids");
        self.given.push(id);
        let given = &self.given;
        self.taken.insert_unique(hash, Taken { at, tried: 1 }, |t| {
            crate::model::fast_hash::hash_one(&given[t.at as usize])
        });
        &self.given[at as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    #[test]
    fn a_long_statement_gets_its_first_sentence_as_label_cut_at_a_word() {
        let (label, text) = label_and_text("Short claim.");
        assert_eq!((label.as_str(), text.as_str()), ("Short claim.", ""));
        let long = "Teenagers sleep better when classes begin after nine in the morning, as several studies in different countries found. More follows.";
        let (label, text) = label_and_text(long);
        assert!(width(&label) <= 60, "{label}");
        assert!(
            label.ends_with('…') && label.starts_with("Teenagers sleep better"),
            "{label}"
        );
        assert_eq!(text, long);
        assert_eq!(label_and_text("  \n ").0, "(empty)");
        assert_eq!(label_and_text("a\u{1b}[2Jb").0, "a␛[2Jb");
    }

    #[test]
    fn a_period_after_an_initial_or_an_abbreviation_or_before_lower_case_ends_no_sentence() {
        let label = |full: &str| label_and_text(full).0;
        for whole in [
            "The U.S. economy grows every year.",
            "Dr. Smith agrees with the figures.",
            "See pp. 4-5 of the report for details.",
            "Most people go out in the evening (p. 5).",
            "Mr. and Mrs. Smith, e.g. the parents, agree, i.e. all do.",
            "PROF. JONES, ST. PAUL AND CO. AGREE.",
            "Apples, pears etc. Also plums.",
            "It costs approx. Ten dollars vs. Twelve, cf. Table 3.",
            "J. R. R. Tolkien wrote it.",
            "No. Five rules apply.",
            "2. Parents see what is taught.",
            "1.3. Spaced repetition works.",
        ] {
            assert_eq!(label(whole), whole);
            let more = format!("{whole} Then more follows.");
            assert_eq!(label(&more), whole, "{more}");
            // The quick reading of a statement's start and the reading of the whole agree.
            assert_eq!(simple_label(&more), Some(label_the_long_way(&more)));
        }
        for (full, first) in [
            ("It rained. Then it stopped.", "It rained."),
            ("Prices rose by 5. Wages did not.", "Prices rose by 5."),
            ("Is it true? yes.", "Is it true?"),
            ("Stop! now.", "Stop!"),
            ("He said no. Then he left.", "He said no."),
            ("We met at the Dre. Then we left.", "We met at the Dre."),
            ("Ask in Ústí. Úřad knows.", "Ask in Ústí."),
        ] {
            assert_eq!(label(full), first, "{full}");
        }
    }

    /// What [`simple_label`] must give: the label of the whole statement collapsed, and
    /// whether it says all of it.
    fn label_the_long_way(full: &str) -> (String, bool) {
        let flat = crate::source::collapse_whitespace(full);
        if flat.is_empty() {
            return ("(empty)".to_string(), true);
        }
        let label = label_in(&flat);
        let said_all = label == flat;
        (label, said_all)
    }

    proptest::proptest! {
        #[test]
        fn labels_from_the_start_of_simple_statements_are_the_labels_of_the_whole(
            full in "([a-zA-Zé中Ж…’.?! \t\n\r]|Dr\\. |U\\.S\\. |pp\\. |approx\\. |No\\. [0-9]){0,75}( |[a-z.…]{0,3}|é|中|🙂|e\u{301}|\u{1f}){0,3}[a-zA-Z. ]{0,10}"
        ) {
            if let Some(quick) = simple_label(&full) {
                proptest::prop_assert_eq!(quick, label_the_long_way(&full));
            } else {
                let simple = |c: char| c.is_whitespace() || crate::text::simple_width(c).is_some();
                proptest::prop_assert!(!full.chars().all(simple));
            }
        }
    }

    #[test]
    fn labels_from_the_start_are_cut_where_the_whole_is_cut() {
        let lengths = ["ab cd. ef", "ab Cd. Ef", "a Dr. B. U.S. Cd? Ef"]
            .iter()
            .flat_map(|words| (0..70).map(|n| words.repeat(8)[..n].to_string()));
        let spaced = ["", " ", "\n  ", "\t"];
        for start in lengths {
            for around in spaced {
                for tail in ["", " x", ". Then", "?", "  \n", " é", "中文", "……", "…. x"] {
                    let full = format!("{around}{start}{tail}{around}");
                    if let Some(quick) = simple_label(&full) {
                        assert_eq!(quick, label_the_long_way(&full), "{full:?}");
                    }
                }
            }
        }
    }

    /// The slug as it was first written, character by character.
    fn slug_by_chars(title: &str) -> String {
        let mut slug = String::new();
        let mut add = |c: char| {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
            slug.len() >= 48
        };
        'chars: for c in title.chars() {
            for lower in c.to_lowercase() {
                if add(lower) {
                    break 'chars;
                }
            }
        }
        let slug = slug.trim_end_matches('-').to_string();
        if slug.is_empty() {
            let unicode = unicode_slug(title);
            if unicode.is_empty() {
                "n".to_string()
            } else {
                unicode
            }
        } else {
            slug
        }
    }

    #[test]
    fn only_two_characters_beyond_ascii_lower_to_ascii() {
        let lowering: Vec<u32> = (0x80..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii()))
            .map(|c| c as u32)
            .collect();
        assert_eq!(lowering, [0x130, 0x212a]);
    }

    #[test]
    fn slugs_are_made_byte_by_byte_as_char_by_char() {
        let titles = [
            "Soft drugs are legal!",
            "  -- leading and trailing --  ",
            "\u{212a}elvin and \u{130}stanbul",
            "Ünïcode – Dashes, 漢字 and 🙂 emoji",
            "a very long title that goes on and on well past the forty-eight bytes a slug may hold",
            "words of exactly forty-seven bytes in all here x y",
            "ÀÉÎÕÜ ÇÑ ßẞ Σίσυφος ДОМ",
            "",
            "-",
        ];
        for title in titles {
            assert_eq!(slug(title), slug_by_chars(title), "{title:?}");
            for cut in 40..title.len() {
                if let Some(prefix) = title.get(..cut) {
                    assert_eq!(slug(prefix), slug_by_chars(prefix), "{prefix:?}");
                }
            }
        }
    }

    #[test]
    fn titles_without_ascii_letters_keep_their_own() {
        // Not by their place among such titles: a statement added above must not move notes.
        assert_eq!(slug("Налоги"), "налоги");
        assert_eq!(slug("Школы и ДОМА!"), "школы-и-дома");
        assert_eq!(slug("住房"), "住房");
        assert_eq!(slug("и\u{306}"), "и");
        // A title with ASCII letters keeps the slug it always had: notes are keyed by it.
        assert_eq!(slug("Налоги 2024"), "2024");
        assert_eq!(slug("Über uns"), "ber-uns");
        assert_eq!(slug("🙂 …"), "n");
    }

    #[test]
    fn ids_are_slugs_made_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("Soft drugs are legal!"), "soft-drugs-are-legal");
        assert_eq!(
            ids.unique("Soft drugs are legal?"),
            "soft-drugs-are-legal-2"
        );
        assert_eq!(ids.unique(""), "n");
        assert_eq!(ids.unique("!?"), "n-2");
        assert!(crate::model::validate::is_valid_id(
            ids.unique("ÀÉÎÕÜ ÇÑ ßẞ Σίσυφος ДОМ ǅ ϒ")
        ));
        assert!(crate::model::validate::is_valid_id(
            ids.unique("Ünïcode – Dashes")
        ));
        assert!(ids.claim("own-id"));
        assert!(!ids.claim("own-id"), "an id is taken once");
        assert_eq!(ids.unique("own id"), "own-id-2");
    }

    proptest::proptest! {
        /// Whatever the titles and claims, and however far the table grows past its room,
        /// each id is its slug, or the slug with the lowest number from 2 that is free.
        #[test]
        fn ids_take_the_first_free_number_after_their_slug(
            steps in proptest::collection::vec(
                (proptest::bool::weighted(0.2), "(x|y|x-2|x 3|y-2)( 2| 3)?"),
                0..200,
            ),
        ) {
            let mut ids = Ids::with_capacity(3);
            let mut taken: std::collections::HashSet<String> = Default::default();
            let mut given = Vec::new();
            for (is_claim, text) in steps {
                if is_claim {
                    let free = !taken.contains(&text);
                    proptest::prop_assert_eq!(ids.claim(&text), free, "claiming {:?}", text);
                    if free {
                        taken.insert(text.clone());
                        given.push(text);
                    }
                    continue;
                }
                let base = slug(&text);
                let expected = if taken.contains(&base) {
                    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken.contains(id)).unwrap()
                } else {
                    base
                };
                proptest::prop_assert_eq!(ids.unique(&text), expected.as_str());
                taken.insert(expected.clone());
                given.push(expected);
            }
            proptest::prop_assert_eq!(ids.into_given(), given);
        }
    }
}
