//! What a format cannot hold of a map, so that `export` says so rather than drop it unsaid.
//!
//! Each list follows its writer: what [`super::argdown::write`], [`super::opml::write`] and
//! [`super::kialo::write`] leave out, and nothing they keep (the round-trip tests check that
//! the rest comes back). A handout and a graph are pictures of a map, not maps, and say nothing.

use super::label_and_text;
use crate::model::{ArgMap, Body, FastSet, Kind, Stance, describe_counts};
use crate::text::listed;

/// What a file written in one format leaves out of a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The format, as the sentence names it ("Kialo's format").
    pub format: &'static str,
    /// What it has no place for, each with its count ("1 undercut mark").
    pub items: Vec<String>,
}

impl LeftOut {
    /// One sentence for standard error, with the formats that keep all of `map`; or None when
    /// nothing is left out.
    pub fn warning(&self, map: &ArgMap) -> Option<String> {
        if self.items.is_empty() {
            return None;
        }
        // argscope JSON keeps everything; Argdown and OPML keep everything some maps hold.
        let keeping: Vec<&str> = [
            ("`--format json`", true),
            ("`--format argdown`", argdown(map).items.is_empty()),
            ("`--format opml`", opml(map).items.is_empty()),
        ]
        .into_iter()
        .filter(|&(_, keeps)| keeps)
        .map(|(option, _)| option)
        .collect();
        let keep = if keeping.len() == 1 { "keeps" } else { "keep" };
        Some(format!(
            "{} cannot hold all of this map, so the file written leaves out {}; {} {keep} everything",
            self.format,
            listed(&self.items, "and"),
            listed(&keeping, "or"),
        ))
    }
}

/// "the schemes of 3 relations", when the map names any: Kialo's format has no place for one.
fn schemes(map: &ArgMap) -> Option<String> {
    let named = map
        .nodes
        .iter()
        .filter(|node| node.scheme.is_some())
        .count();
    (named > 0).then(|| format!("the schemes of {}", count(named, "relation", "relations")))
}

/// Argdown's graph holds a relation once and none from a statement to itself: a statement
/// under itself, and a statement a second time under the same parent by the same relation,
/// do not come back. Argdown joins the lines of a text, so a paraphrase loses its line breaks.
pub fn argdown(map: &ArgMap) -> LeftOut {
    let mut under_itself = 0;
    let mut twice = 0;
    let mut broken_lines = 0;
    let mut placed: FastSet<(u32, u32, char)> = FastSet::default();
    for id in map.preorder() {
        let node = map.node(id);
        if let Body::Statement(statement) = &node.body {
            let mut texts = std::iter::once(&statement.text).chain(&statement.also);
            broken_lines += usize::from(texts.any(|t| t.trim().contains('\n')));
        }
        let Some(parent) = node.parent else {
            continue;
        };
        let statement = map.resolve(id);
        let symbol = if node.undercut {
            '_'
        } else if node.kind.stance() == Stance::Against {
            '-'
        } else {
            '+'
        };
        if statement == map.resolve(parent) {
            under_itself += 1;
        } else if !placed.insert((parent.0, statement.0, symbol)) {
            twice += 1;
        }
    }
    let mut items = Vec::new();
    if broken_lines > 0 {
        let paraphrases = count(broken_lines, "paraphrase", "paraphrases");
        items.push(format!(
            "the line breaks of {paraphrases} (joined into one line)"
        ));
    }
    if under_itself > 0 {
        items.push(count(
            under_itself,
            "statement under itself",
            "statements under themselves",
        ));
    }
    if twice > 0 {
        items.push(count(
            twice,
            "statement repeated under the same parent",
            "statements repeated under the same parent",
        ));
    }
    // A scheme is written in the statement's data, which holds one for all its places.
    let (_, schemes_unwritten) = super::argdown::written_schemes(map);
    if schemes_unwritten > 0 {
        items.push(format!(
            "the schemes of {} (a statement shown in several places by different schemes is written with none)",
            count(schemes_unwritten, "relation", "relations")
        ));
    }
    LeftOut {
        format: "Argdown",
        items,
    }
}

/// OPML's head has a title and an owner, but no place for the document the quotes come from.
pub fn opml(map: &ArgMap) -> LeftOut {
    let mut items = Vec::new();
    if has_source_document(map) {
        items.push("the source document".to_string());
    }
    LeftOut {
        format: "OPML",
        items,
    }
}

/// Kialo knows only Pro and Con, one text a claim (whose first sentence, cut to 60 columns,
/// is read as the label) and no metadata.
pub fn kialo(map: &ArgMap) -> LeftOut {
    let question = map.node(map.root).kind.holds_theses();
    let mut kinds = [0usize; Kind::ALL.len()];
    let mut undercuts = 0;
    let mut wordings = 0;
    let mut long_labels = 0;
    for id in map.preorder() {
        let node = map.node(id);
        if let Body::Statement(statement) = &node.body {
            long_labels += usize::from(label_and_text(&statement.label).0 != statement.label);
        }
        let Some(parent) = node.parent else {
            continue;
        };
        let option = question && parent == map.root && node.kind == Kind::Thesis;
        if !option && !matches!(node.kind, Kind::Claim | Kind::Objection) {
            kinds[kind_index(node.kind)] += 1;
        }
        undercuts += usize::from(node.undercut);
        if let Body::Statement(statement) = &node.body {
            wordings += statement
                .also
                .iter()
                .filter(|a| !a.trim().is_empty())
                .count();
        }
    }
    let mut items = Vec::new();
    if map.node(map.root).kind == Kind::Group {
        items.push("the group at the root (written as a question its theses answer)".to_string());
    }
    let counts: Vec<(Kind, usize)> = Kind::ALL.iter().copied().zip(kinds).collect();
    let kinds = describe_counts(&counts);
    if !kinds.is_empty() {
        items.push(format!("the kinds of {kinds} (written as Pro or Con)"));
    }
    if long_labels > 0 {
        let statements = count(long_labels, "statement", "statements");
        items.push(format!(
            "the labels of {statements} longer than a sentence of 60 columns (cut short, kept whole in the paraphrase)"
        ));
    }
    if undercuts > 0 {
        items.push(count(undercuts, "undercut mark", "undercut marks"));
    }
    items.extend(schemes(map));
    if wordings > 0 {
        items.push(count(wordings, "other wording", "other wordings"));
    }
    if !map.meta.author.trim().is_empty() {
        items.push("the author".to_string());
    }
    if has_source_document(map) {
        items.push("the source document".to_string());
    }
    LeftOut {
        format: "Kialo's format",
        items,
    }
}

fn has_source_document(map: &ArgMap) -> bool {
    let source = &map.meta.source;
    [&source.file, &source.title, &source.publisher, &source.url]
        .iter()
        .any(|field| !field.trim().is_empty())
        || source.argument_ends_before.is_some()
}

fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::small_map;

    #[test]
    fn the_builtin_map_loses_its_kinds_and_source_to_kialo_and_nothing_to_argdown() {
        let map = crate::load::builtin().map;
        assert_eq!(argdown(&map).warning(&map), None);
        let warning = kialo(&map).warning(&map).expect("Kialo loses something");
        // OPML has no place for the source document, so it is not offered.
        assert_eq!(
            warning,
            "Kialo's format cannot hold all of this map, so the file written leaves out the kinds of 14 evidence, 7 caveats, 2 questions, 4 rebuttals (written as Pro or Con), the author and the source document; `--format json` or `--format argdown` keep everything"
        );
        assert_eq!(
            opml(&map).items,
            ["the source document"],
            "OPML keeps all but the source document"
        );
    }

    #[test]
    fn kialo_names_each_kind_it_cannot_say_and_counts_undercuts() {
        let mut map = small_map();
        let b = map.children(map.root)[1];
        map.nodes[b.index()].undercut = true;
        if let Body::Statement(statement) = &mut map.nodes[b.index()].body {
            statement.label = "Uniforms help. They save money.".into();
        }
        assert_eq!(
            kialo(&map).items,
            [
                "the kinds of 1 caveat, 1 rebuttal (written as Pro or Con)",
                "the labels of 1 statement longer than a sentence of 60 columns (cut short, kept whole in the paraphrase)",
                "1 undercut mark"
            ]
        );
        assert_eq!(opml(&map).warning(&map), None);
        assert_eq!(argdown(&map).warning(&map), None);
    }

    #[test]
    fn argdown_says_a_paraphrase_loses_its_line_breaks() {
        let mut map = small_map();
        if let Body::Statement(statement) = &mut map.nodes[0].body {
            statement.text = "Rules:\n1. Be kind.\n2. Be brief.".into();
        }
        assert_eq!(
            argdown(&map).items,
            ["the line breaks of 1 paraphrase (joined into one line)"]
        );
    }

    #[test]
    fn argdown_counts_what_its_graph_holds_once() {
        let mut map = small_map();
        let a = map.children(map.root)[0];
        map.push(a, Kind::Claim, Body::Ref(a));
        let b = map.children(map.root)[1];
        map.push(b, Kind::Rebuttal, Body::Ref(a));
        assert_eq!(
            argdown(&map).warning(&map).as_deref(),
            Some(
                "Argdown cannot hold all of this map, so the file written leaves out 1 statement under itself and 1 statement repeated under the same parent; `--format json` or `--format opml` keep everything"
            )
        );
    }

    #[test]
    fn schemes_are_left_out_by_kialo_and_by_argdown_only_where_places_differ() {
        let mut map = small_map();
        let a = map.children(map.root)[0];
        let a1 = map.children(a)[0];
        map.set_scheme(a1, "Expert Opinion");
        // `a` shows again, as a rebuttal with no scheme: its data can hold only one.
        map.set_scheme(a, "Analogy");
        assert_eq!(
            argdown(&map).items,
            [
                "the schemes of 1 relation (a statement shown in several places by different schemes is written with none)"
            ]
        );
        let again = map.children(map.children(map.root)[1])[0];
        map.set_scheme(again, "Analogy");
        assert!(argdown(&map).items.is_empty(), "{:?}", argdown(&map).items);
        assert!(
            kialo(&map)
                .items
                .contains(&"the schemes of 3 relations".to_string())
        );
        assert_eq!(
            kialo(&map)
                .warning(&map)
                .as_deref()
                .map(|w| w.rsplit_once("; ").unwrap().1),
            Some("`--format json`, `--format argdown` or `--format opml` keep everything")
        );
    }
}
