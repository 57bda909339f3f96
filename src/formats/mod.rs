//! Map formats: one module per format, each reading into or writing from [`crate::model::ArgMap`].
//!
//! Importers of other tools' formats share one contract: `parse(text, file) -> Imported`. They
//! never fail outright: they build what they can and report the rest as problems with a line
//! (and a column where they have one), so a file with a few slips still opens.

pub mod aif;
pub mod argdown;
pub mod detect;
pub mod dot;
pub mod kialo;
pub mod markdown;
pub mod native;
pub mod opml;
pub mod outline;

use crate::model::{ArgMap, NodeId, Problem};
use crate::text::{sanitize, truncate, width};

/// What an importer made of a file.
#[derive(Debug)]
pub struct Imported {
    pub map: ArgMap,
    /// Everything the importer could not understand or had to guess, in file order. These are
    /// warnings: the map opens, `check` lists them.
    pub problems: Vec<Problem>,
    /// Whether node ids survive a re-export of the source (Argdown titles, AIF node ids do;
    /// Kialo's numbers and outline positions do not). Notes are keyed by id only when they do.
    pub stable_ids: bool,
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

/// The longest label a headline may have (see [`crate::model::validate::MAX_LABEL_CHARS`]).
const LABEL_COLUMNS: usize = 60;

/// Splits a statement's full text, as another tool holds it, into a headline and a paraphrase:
/// the label is the first sentence, cut at a word to at most 60 columns; the text is the whole
/// statement when the label does not already say all of it. Both are cleaned of anything that
/// could drive a terminal. An empty statement gets the label "(empty)".
pub fn label_and_text(full: &str) -> (String, String) {
    let full = sanitize(full.trim(), true);
    let flat = crate::source::collapse_whitespace(&full);
    if flat.is_empty() {
        return ("(empty)".to_string(), String::new());
    }
    let first_sentence = flat
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '?' | '!') && flat[i + c.len_utf8()..].starts_with(' '))
        .map_or(flat.as_str(), |(i, c)| &flat[..i + c.len_utf8()]);
    let label = if width(first_sentence) <= LABEL_COLUMNS {
        first_sentence.to_string()
    } else {
        // Cut at the last space that leaves room for the ellipsis.
        let cut = truncate(first_sentence, LABEL_COLUMNS);
        let body = cut.trim_end_matches('…');
        match body.rfind(' ') {
            Some(space) if space > LABEL_COLUMNS / 2 => format!("{}…", body[..space].trim_end()),
            _ => cut,
        }
    };
    let text = if label == flat { String::new() } else { full };
    (label, text)
}

/// A node id made from a title: lowercase ASCII letters and digits with hyphens, as argscope
/// ids must be (`Soft drugs are legal` → `soft-drugs-are-legal`), never empty.
pub fn slug(title: &str) -> String {
    let mut slug = String::with_capacity(title.len().min(50));
    let mut add = |c: char| {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        slug.len() >= 48
    };
    'chars: for c in title.chars() {
        if c.is_ascii() {
            if add(c.to_ascii_lowercase()) {
                break;
            }
        } else {
            for lower in c.to_lowercase() {
                if add(lower) {
                    break 'chars;
                }
            }
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "n".to_string()
    } else {
        slug
    }
}

/// Hands out ids that are unique in one map: a slug, then `-2`, `-3` … when it is taken.
#[derive(Debug, Default)]
pub struct Ids {
    taken: crate::model::FastSet<String>,
    /// For each slug, the last number tried for it: every lower one is taken, so the next id
    /// for it is found without trying them again (10,000 outlines saying "x" stay linear).
    tried: crate::model::FastMap<String, usize>,
}

impl Ids {
    pub fn unique(&mut self, title: &str) -> String {
        let base = slug(title);
        let mut n = self.tried.get(&base).copied().unwrap_or(1);
        let mut id = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while !self.taken.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.tried.insert(base, n);
        id
    }

    /// Takes `id` as it is, for a format that names its own ids; false when it is already taken.
    /// Claim a file's own ids before handing out slugs, so no slug takes one of them first.
    pub fn claim(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn ids_are_slugs_made_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("Soft drugs are legal!"), "soft-drugs-are-legal");
        assert_eq!(
            ids.unique("Soft drugs are legal?"),
            "soft-drugs-are-legal-2"
        );
        assert_eq!(ids.unique("漢字"), "n");
        assert_eq!(ids.unique(""), "n-2");
        assert!(crate::model::validate::is_valid_id(
            &ids.unique("Ünïcode – Dashes")
        ));
        assert!(ids.claim("own-id"));
        assert!(!ids.claim("own-id"), "an id is taken once");
        assert_eq!(ids.unique("own id"), "own-id-2");
    }
}
