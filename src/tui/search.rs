//! Finding nodes by their words: case- and accent-insensitive matching, word by word, over
//! labels, paraphrases, quotes and the names of schemes; and the filters that narrow the tree
//! (search, side, focus).

use memchr::memmem::Finder;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::{ArgMap, Kind, NodeId, SchemeId};

/// The longest search query, in characters: room for a sentence or two. A longer paste is cut
/// here, since every query is folded, searched and highlighted word by word (and no one looks
/// for a page of text).
pub const MAX_QUERY_CHARS: usize = 200;

/// Folds text for matching: lowercase, accents and other combining marks removed, curly
/// apostrophes, quotation marks and dashes made straight, so "crimee" finds "Crimée", "IRAN"
/// finds "Iran" and "let's" finds "let’s".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// A query folded for matching: its words folded and joined by one space, so "Russia,  China "
/// is "russia, china". Each word is looked for on its own ([`Index::matches`]), in any order.
pub fn fold_query(query: &str) -> String {
    fold(query).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`fold`], appending to `out`. ASCII characters never combine with their neighbours and are
/// never reordered by normalisation, so they fold by themselves (a fast lowercase) and only the
/// runs of other characters between them go through NFD: the same result, many times faster on
/// mostly-ASCII text.
fn fold_into(text: &str, out: &mut String) {
    fold_runs(text, out, &mut |run, out| out.extend(fold_run(run)));
}

/// The folded characters of a run of non-ASCII text.
fn fold_run(run: &str) -> impl Iterator<Item = char> + '_ {
    run.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(typed_form)
}

/// A typographic apostrophe, quotation mark or dash as typed on a keyboard, so that "let's"
/// finds the article's "let’s" and "Iran-Russia" finds "Iran–Russia".
fn typed_form(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c => c,
    }
}

/// Folds `text` into `out`, ASCII runs here and the other runs (mostly words) by `other`.
fn fold_runs(text: &str, out: &mut String, other: &mut dyn FnMut(&str, &mut String)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii() {
            let start = at;
            while at < bytes.len() && bytes[at].is_ascii() {
                at += 1;
            }
            let from = out.len();
            out.push_str(&text[start..at]);
            out[from..].make_ascii_lowercase();
        } else {
            let start = at;
            while at < bytes.len() && !bytes[at].is_ascii() {
                at += 1;
            }
            other(&text[start..at], out);
        }
    }
}

/// A query folded by [`fold_query`], ready to be looked for: each word's searcher is made
/// once a query, not once a field.
#[derive(Debug, Clone)]
pub struct Query {
    words: Vec<Finder<'static>>,
}

impl Query {
    pub fn new(folded_query: &str) -> Query {
        let words = folded_query.split(' ').filter(|word| !word.is_empty());
        Query {
            words: words.map(|word| Finder::new(word).into_owned()).collect(),
        }
    }
}

/// Where a query matched a node, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Label,
    Text,
    Quote,
    /// The name of the scheme by which it bears on its parent ("Expert Opinion").
    Scheme,
}

/// Every statement's searchable text, folded once per map (the first search builds it and
/// later searches reuse it).
#[derive(Debug, Clone)]
pub struct Index {
    /// The folded label, paraphrase and quote of every node, back to back in one string, in
    /// reading order: a search walks the nodes in that order, so it reads the string straight
    /// through instead of jumping about it.
    text: String,
    /// Per node: where its label starts and where its label, paraphrase and quote end.
    bounds: Vec<[usize; 4]>,
    /// The folded name of each of the map's schemes, in the order of [`ArgMap::schemes`]: a
    /// few names that many nodes share, so they are kept once rather than per node.
    schemes: Vec<String>,
    /// Per node, its scheme; empty when the map names none (most maps), so they pay nothing.
    scheme_of: Vec<Option<SchemeId>>,
}

impl Index {
    pub fn new(map: &ArgMap) -> Index {
        // Folding keeps most text the same length: room for it all at once saves copying
        // a growing string (hundreds of megabytes on a million nodes) again and again.
        let room: usize = (0..map.len())
            .map(|i| {
                let s = map.statement(NodeId(i as u32));
                s.label.len() + s.text.len() + s.quote.len()
            })
            .sum();
        let mut text = String::with_capacity(room);
        let mut bounds = vec![[0; 4]; map.len()];
        // Non-ASCII runs are mostly words, and words repeat: each is normalised once.
        let mut known: std::collections::HashMap<String, String> = Default::default();
        let mut fold_word = |run: &str, out: &mut String| {
            if let Some(folded) = known.get(run) {
                out.push_str(folded);
                return;
            }
            let folded: String = fold_run(run).collect();
            out.push_str(&folded);
            if known.len() > 1 << 16 {
                known.clear();
            }
            known.insert(run.to_string(), folded);
        };
        for id in map.preorder() {
            let s = map.statement(id);
            let at = &mut bounds[id.index()];
            at[0] = text.len();
            for (n, field) in [&s.label, &s.text, &s.quote].into_iter().enumerate() {
                fold_runs(field, &mut text, &mut fold_word);
                at[n + 1] = text.len();
            }
        }
        let schemes: Vec<String> = map.schemes.iter().map(|name| fold(name)).collect();
        let scheme_of = if schemes.is_empty() {
            Vec::new()
        } else {
            map.nodes.iter().map(|node| node.scheme).collect()
        };
        Index {
            text,
            bounds,
            schemes,
            scheme_of,
        }
    }

    /// The folded text of one field of a node.
    fn field(&self, id: NodeId, field: usize) -> &str {
        let at = &self.bounds[id.index()];
        &self.text[at[field]..at[field + 1]]
    }

    /// Whether every word of the query is in `id`'s label, paraphrase, quote or scheme,
    /// wherever each is: then the field where they all are best found (the label when every
    /// word is in it, else the paraphrase …).
    pub fn matches(&self, id: NodeId, query: &Query) -> Option<Field> {
        let mut worst = Field::Label;
        for word in &query.words {
            worst = worst.max(self.best_field(id, word)?);
        }
        Some(worst)
    }

    /// The best field of `id` that contains the (folded) word, if any.
    fn best_field(&self, id: NodeId, word: &Finder) -> Option<Field> {
        let found = [Field::Label, Field::Text, Field::Quote]
            .into_iter()
            .enumerate()
            .find(|&(i, _)| word.find(self.field(id, i).as_bytes()).is_some());
        found.map(|(_, field)| field).or_else(|| {
            let scheme = self.scheme_of.get(id.index()).copied().flatten()?;
            word.find(self.schemes[scheme.index()].as_bytes())
                .map(|_| Field::Scheme)
        })
    }

    /// The nodes among `candidates` that hold the query, in the candidates' order, looked at a
    /// chunk at a time: `after_chunk(found so far, the chunk)` is told of each, and `stop`
    /// asked before each (`None` when it says the answer is no longer wanted).
    pub fn search(
        &self,
        query: &Query,
        candidates: &[NodeId],
        stop: &(dyn Fn() -> bool + Sync),
        after_chunk: &mut dyn FnMut(&Matches, &[NodeId]),
    ) -> Option<Matches> {
        let mut matches = Matches::default();
        for chunk in candidates.chunks(SEARCH_CHUNK) {
            if stop() {
                return None;
            }
            for &id in chunk {
                if let Some(field) = self.matches(id, query) {
                    matches.found.push(id);
                    if matches.best.is_none_or(|(best, _)| field < best) {
                        matches.best = Some((field, id));
                    }
                }
            }
            after_chunk(&matches, chunk);
        }
        Some(matches)
    }
}

/// How many candidates a search looks at between asking whether to stop or to show what it
/// found so far.
const SEARCH_CHUNK: usize = 4096;

/// What a search found: the matching nodes in the candidates' order, and the first of those
/// whose best field is best, the one to select.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    pub found: Vec<NodeId>,
    best: Option<(Field, NodeId)>,
}

impl Matches {
    /// The match to select.
    pub fn best(&self) -> Option<NodeId> {
        self.best.map(|(_, id)| id)
    }

    /// These matches, then those found among the candidates that came after these'.
    pub fn then(mut self, later: Matches) -> Matches {
        // Of two equally good matches, the earlier is the one to select.
        if let Some(after) = later.best
            && self.best.is_none_or(|(best, _)| after.0 < best)
        {
            self.best = Some(after);
        }
        self.found.extend(later.found);
        self
    }
}

/// Byte ranges of `text` whose folded form equals a word of the query, for highlighting, in
/// order and not overlapping. Works character by character, so accents in the text are
/// highlighted with their letter.
pub fn highlights(text: &str, query: &str) -> Vec<(usize, usize)> {
    let query = fold_query(query);
    if query.is_empty() {
        return Vec::new();
    }
    // Each character of the text with its folded form and byte offset.
    let pieces: Vec<(usize, String)> = text
        .char_indices()
        .map(|(i, c)| (i, fold(c.encode_utf8(&mut [0; 4]))))
        .collect();
    let mut found = Vec::new();
    for word in query.split(' ') {
        let mut start = 0;
        while start < pieces.len() {
            let mut folded = String::new();
            let mut end = start;
            while end < pieces.len() && folded.len() < word.len() {
                folded.push_str(&pieces[end].1);
                end += 1;
            }
            if folded == word {
                let to = pieces.get(end).map_or(text.len(), |p| p.0);
                found.push((pieces[start].0, to));
                start = end;
            } else {
                start += 1;
            }
        }
    }
    // Words found in one another ("rus" in "russia") are marked once.
    found.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for (start, end) in found {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Which side of the argument to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Claims, evidence and rebuttals.
    For,
    /// Objections, caveats and questions.
    Against,
}

impl Side {
    pub fn includes(self, kind: Kind) -> bool {
        match self {
            Side::For => matches!(kind, Kind::Claim | Kind::Evidence | Kind::Rebuttal),
            Side::Against => matches!(kind, Kind::Objection | Kind::Caveat | Kind::Question),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Side::For => "the case for (claims, evidence, rebuttals)",
            Side::Against => "the case against (objections, caveats, questions)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Crimée"), "crimee");
        assert_eq!(fold("IRAN’s"), "iran's");
        assert_eq!(fold("“Iran–Russia” — 2020"), "\"iran-russia\" - 2020");
        assert_eq!(fold("Ångström"), "angstrom");
    }

    #[test]
    fn folding_a_run_at_a_time_is_folding_the_whole_text() {
        let whole = |text: &str| -> String {
            text.nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .map(typed_form)
                .collect()
        };
        for text in [
            "",
            "Crimée ÉTÉ naïve",
            "e\u{301}a\u{308}\u{323}x",
            "\u{301}Start with a mark",
            "Россия и Иран, 中国 日本 한국 Ελλάδα ΣΊΣΥΦΟΣ",
            "ﬁ ǅ İstanbul ß ẞ",
            "a\u{05AE}\u{0301}\u{0323}b",
            "Iran’s “partner” – ‘East’ — ′",
        ] {
            assert_eq!(fold(text), whole(text), "{text:?}");
        }
    }

    #[test]
    fn highlights_cover_the_accented_letters_they_match() {
        assert_eq!(
            highlights("La Crimée et la crimee", "crimee"),
            [(3, 10), (17, 23)]
        );
        assert_eq!(highlights("abc", ""), []);
        assert_eq!(highlights("abc", "  "), []);
        // Each word of the query, wherever it is; overlapping words marked once.
        assert_eq!(
            highlights("Russia, China and Russians", "china  RUSS russia"),
            [(0, 6), (8, 13), (18, 24)]
        );
        assert_eq!(highlights("漢字 text", "TEXT"), [(7, 11)]);
    }

    #[test]
    fn the_index_prefers_labels_to_paraphrases_to_quotes() {
        let map = crate::load::builtin().map;
        let index = Index::new(&map);
        let crimea = map.find("crimea").unwrap();
        assert_eq!(
            index.matches(crimea, &Query::new(&fold("CRIMEA"))),
            Some(Field::Label)
        );
        assert_eq!(
            index.matches(crimea, &Query::new(&fold("bothers my mind"))),
            Some(Field::Quote)
        );
        assert_eq!(index.matches(crimea, &Query::new("tehran")), None);
    }

    #[test]
    fn every_word_of_the_query_is_looked_for_on_its_own_in_any_order() {
        let map = crate::load::builtin().map;
        let index = Index::new(&map);
        let crimea = map.find("crimea").unwrap();
        let matches = |query: &str| index.matches(crimea, &Query::new(&fold_query(query)));
        // "Why did Russia attack Crimea?": the words apart, reordered, with stray spaces.
        assert_eq!(matches("crimea russia"), Some(Field::Label));
        assert_eq!(matches(" russia   attack "), Some(Field::Label));
        // One word from the label, one only in the quote: found, ranked as the quote.
        assert_eq!(matches("crimea bothers"), Some(Field::Quote));
        assert_eq!(matches("crimea tehran"), None);
        assert_eq!(fold_query("  Russia,  Chine\u{301} "), "russia, chine");
    }

    #[test]
    fn a_scheme_name_finds_the_nodes_that_reason_by_it_after_their_own_words() {
        let mut map = crate::load::builtin().map;
        let crimea = map.find("crimea").unwrap();
        map.set_scheme(crimea, "Argument from Négative Consequences");
        let index = Index::new(&map);
        assert_eq!(
            index.matches(crimea, &Query::new(&fold("negative consequences"))),
            Some(Field::Scheme)
        );
        // Its own words still come first, and a node without a scheme is not matched by one.
        assert_eq!(
            index.matches(crimea, &Query::new("crimea")),
            Some(Field::Label)
        );
        assert_eq!(index.matches(NodeId(0), &Query::new("consequences")), None);
    }

    #[test]
    fn sides_split_the_kinds() {
        assert!(Side::Against.includes(Kind::Caveat));
        assert!(!Side::Against.includes(Kind::Rebuttal));
        assert!(Side::For.includes(Kind::Rebuttal));
        assert!(!Side::For.includes(Kind::Thesis));
    }
}
