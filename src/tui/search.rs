//! Finding nodes by their words: case- and accent-insensitive matching over labels,
//! paraphrases and quotes, and the filters that narrow the tree (search, side, focus).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::{ArgMap, Kind, NodeId};

/// Folds text for matching: lowercase, accents and other combining marks removed, so "crimee"
/// finds "Crimée" and "IRAN" finds "Iran".
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where a query matched a node, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Label,
    Text,
    Quote,
}

/// Every statement's searchable text, folded once when a search starts.
#[derive(Debug, Clone)]
pub struct Index {
    /// Per node: folded label, paraphrase and quote.
    folded: Vec<[String; 3]>,
}

impl Index {
    pub fn new(map: &ArgMap) -> Index {
        let folded = (0..map.len())
            .map(|i| {
                let s = map.statement(NodeId(i as u32));
                [fold(&s.label), fold(&s.text), fold(&s.quote)]
            })
            .collect();
        Index { folded }
    }

    /// The best field of `id` that contains the (folded) query, if any.
    pub fn matches(&self, id: NodeId, folded_query: &str) -> Option<Field> {
        let [label, text, quote] = &self.folded[id.index()];
        if label.contains(folded_query) {
            Some(Field::Label)
        } else if text.contains(folded_query) {
            Some(Field::Text)
        } else if quote.contains(folded_query) {
            Some(Field::Quote)
        } else {
            None
        }
    }
}

/// Byte ranges of `text` whose folded form equals the folded query, for highlighting.
/// Works character by character, so accents in the text are highlighted with their letter.
pub fn highlights(text: &str, query: &str) -> Vec<(usize, usize)> {
    let query = fold(query);
    if query.is_empty() {
        return Vec::new();
    }
    // Each character of the text with its folded form and byte offset.
    let pieces: Vec<(usize, String)> = text
        .char_indices()
        .map(|(i, c)| (i, fold(c.encode_utf8(&mut [0; 4]))))
        .collect();
    let mut found = Vec::new();
    let mut start = 0;
    while start < pieces.len() {
        let mut folded = String::new();
        let mut end = start;
        while end < pieces.len() && folded.len() < query.len() {
            folded.push_str(&pieces[end].1);
            end += 1;
        }
        if folded == query {
            let to = pieces.get(end).map_or(text.len(), |p| p.0);
            found.push((pieces[start].0, to));
            start = end;
        } else {
            start += 1;
        }
    }
    found
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
        assert_eq!(fold("IRAN’s"), "iran’s");
        assert_eq!(fold("Ångström"), "angstrom");
    }

    #[test]
    fn highlights_cover_the_accented_letters_they_match() {
        assert_eq!(
            highlights("La Crimée et la crimee", "crimee"),
            [(3, 10), (17, 23)]
        );
        assert_eq!(highlights("abc", ""), []);
        assert_eq!(highlights("漢字 text", "TEXT"), [(7, 11)]);
    }

    #[test]
    fn the_index_prefers_labels_to_paraphrases_to_quotes() {
        let map = crate::load::builtin().map;
        let index = Index::new(&map);
        let crimea = map.find("crimea").unwrap();
        assert_eq!(index.matches(crimea, &fold("CRIMEA")), Some(Field::Label));
        assert_eq!(
            index.matches(crimea, &fold("bothers my mind")),
            Some(Field::Quote)
        );
        assert_eq!(index.matches(crimea, "tehran"), None);
    }

    #[test]
    fn sides_split_the_kinds() {
        assert!(Side::Against.includes(Kind::Caveat));
        assert!(!Side::Against.includes(Kind::Rebuttal));
        assert!(Side::For.includes(Kind::Rebuttal));
        assert!(!Side::For.includes(Kind::Thesis));
    }
}
