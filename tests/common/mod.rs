//! Generated maps for the round-trip properties of every format argscope both writes and reads.
//!
//! The maps have the shape every importer builds: a thesis (or a question with theses under
//! it), any kind below, and references only to statements shown earlier in reading order. Text
//! is what a loaded map holds: already cleaned of control characters, but full of the
//! characters formats give a meaning to (`[ ] < > # * _ { } @ \ / " & :`), non-ASCII and wide.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use argscope::model::{Anchor, ArgMap, Body, Kind, Meta, NodeId, Statement};
use argscope::text::sanitize;
use proptest::prelude::*;

/// Words as people write them, with the characters that mean something in some format.
pub fn words() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        6 => "[a-z]{1,8}",
        1 => proptest::sample::select(vec![
            "[T]", "<A>", "#tag", "#(x y)", "*bold*", "_it_", "{a: 1}", "@[m]", "\\", "//", "/*",
            "<!--", "-->", "&amp;", "\"q\"", "'s", "a:b", "1.2.", "Pro:", "Con:", "-> See 1.",
            "+", "-", "’", "“é”", "漢字", "🙂", "ﷺ", "e\u{301}", "␛[2J", "http://x.org/a_b",
            // Periods that end no sentence, and one that does.
            "Dr.", "U.S.", "pp. 4", "e.g.", "No.", "end. The",
        ]).prop_map(str::to_string),
    ];
    proptest::collection::vec(word, 1..8).prop_map(|words| words.join(" "))
}

/// Words, or nothing.
pub fn maybe_words() -> impl Strategy<Value = String> {
    prop_oneof![1 => Just(String::new()), 2 => words()]
}

fn statement(id: String, (label, text, quote, url, also): Fields) -> Statement {
    Statement {
        id,
        label: sanitize(&label, false),
        text: sanitize(&text, true),
        quote: sanitize(&quote, true),
        anchor: Anchor::Unverified,
        url: sanitize(&url, false),
        also: also.into_iter().map(|a| sanitize(&a, true)).collect(),
    }
}

type Fields = (String, String, String, String, Vec<String>);

fn fields() -> impl Strategy<Value = Fields> {
    (
        words(),
        maybe_words(),
        maybe_words(),
        prop_oneof![3 => Just(String::new()), 1 => "https://example\\.org/[a-z]{1,6}"],
        proptest::collection::vec(words(), 0..2),
    )
}

/// One generated node: where it hangs, its kind, whether it is an undercut, the scheme it is
/// drawn by, and either its own statement or (when `Some`) a reference to a statement shown
/// earlier.
type Generated = (usize, usize, bool, Option<String>, Fields, Option<usize>);

/// A random map of up to `size` nodes below its root.
pub fn maps(size: usize) -> impl Strategy<Value = ArgMap> {
    let node = (
        0..size.max(1),
        // Not the last kind, the group, which stands only at the root or right under it (its
        // round trips are tested on their own).
        0..Kind::ALL.len() - 1,
        any::<bool>(),
        proptest::option::weighted(0.2, words()),
        fields(),
        proptest::option::weighted(0.15, 0..size.max(1)),
    );
    (
        any::<bool>(),
        fields(),
        words(),
        proptest::collection::vec(node, 0..size),
    )
        .prop_map(|(question, root, title, nodes)| build(question, root, title, nodes))
}

fn build(question: bool, root: Fields, title: String, nodes: Vec<Generated>) -> ArgMap {
    let meta = Meta {
        title: sanitize(&title, false),
        ..Meta::default()
    };
    let mut map = ArgMap::new(meta, statement("root".into(), root));
    if question {
        map.nodes[0].kind = Kind::Question;
    }
    let mut wants_ref = Vec::new();
    for (i, (parent, kind, undercut, scheme, fields, reference)) in nodes.into_iter().enumerate() {
        let parent = NodeId((parent % map.len()) as u32);
        let kind = if question && parent == map.root {
            Kind::Thesis
        } else {
            // Kind::ALL[0] is the thesis, which stands only at the root or under a question.
            Kind::ALL[kind.max(1)]
        };
        let id = map.push(
            parent,
            kind,
            Body::Statement(statement(format!("n-{i}"), fields)),
        );
        map.nodes[id.index()].undercut = undercut && kind == Kind::Objection;
        map.set_scheme(id, scheme.as_deref().unwrap_or_default());
        wants_ref.push((id, reference));
    }
    // Turn some leaves into references to a statement shown before them, never to their own
    // parent and never twice to one statement under one parent (no format can say that).
    // In reading order, so a statement is never made a reference after something refers to it.
    let order: Vec<NodeId> = map.preorder().collect();
    let position = |id: NodeId| order.iter().position(|&n| n == id).unwrap_or(0);
    wants_ref.sort_by_key(|&(id, _)| position(id));
    for (id, reference) in wants_ref {
        let Some(pick) = reference else { continue };
        let position = position(id);
        let parent = map.parent(id).unwrap_or(map.root);
        if !map.children(id).is_empty() || parent == map.root && question {
            continue;
        }
        let candidates: Vec<NodeId> = order[..position]
            .iter()
            .copied()
            .filter(|&t| {
                !map.is_ref(t)
                    && t != parent
                    && !map.children(parent).iter().any(|&s| map.resolve(s) == t)
            })
            .collect();
        if !candidates.is_empty() {
            let target = candidates[pick % candidates.len()];
            map.nodes[id.index()].body = Body::Ref(target);
        }
    }
    map
}

/// `map` with leaves made references to statements shown after them in reading order, as a
/// map may have them: each `(leaf, target)` pair picks a leaf no reference names and one of the
/// statements after it (never its own parent, nor one its parent already has under it).
pub fn refer_forward(mut map: ArgMap, picks: &[(usize, usize)]) -> ArgMap {
    let question = map.node(map.root).kind == Kind::Question;
    for &(leaf_pick, target_pick) in picks {
        let order: Vec<NodeId> = map.preorder().collect();
        let named: std::collections::HashSet<NodeId> = (order.iter())
            .filter(|&&n| map.is_ref(n))
            .map(|&n| map.resolve(n))
            .collect();
        let leaves: Vec<usize> = (1..order.len())
            .filter(|&at| {
                let n = order[at];
                let under_question = question && map.parent(n) == Some(map.root);
                !map.is_ref(n)
                    && map.children(n).is_empty()
                    && !named.contains(&n)
                    && !under_question
            })
            .collect();
        if leaves.is_empty() {
            break;
        }
        let at = leaves[leaf_pick % leaves.len()];
        let leaf = order[at];
        let parent = map.parent(leaf).unwrap_or(map.root);
        let siblings: std::collections::HashSet<NodeId> = (map.children(parent).iter())
            .map(|&s| map.resolve(s))
            .collect();
        let targets: Vec<NodeId> = order[at + 1..]
            .iter()
            .copied()
            .filter(|&t| !map.is_ref(t) && t != parent && !siblings.contains(&t))
            .collect();
        if !targets.is_empty() {
            let target = targets[target_pick % targets.len()];
            map.nodes[leaf.index()].body = Body::Ref(target);
        }
    }
    map
}

/// One node in reading order, as a user sees it: where it stands, what it is, what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub depth: usize,
    pub kind: Kind,
    pub undercut: bool,
    pub scheme: Option<String>,
    pub is_ref: bool,
    pub label: String,
    pub text: String,
    pub quote: String,
    pub url: String,
    pub also: Vec<String>,
}

/// The map in reading order, references shown with the statement they repeat.
pub fn rows(map: &ArgMap) -> Vec<Row> {
    map.preorder_with_depth()
        .map(|(id, depth)| {
            let s = map.statement(id);
            Row {
                depth,
                kind: map.node(id).kind,
                undercut: map.node(id).undercut,
                scheme: map.scheme(id).map(str::to_string),
                is_ref: map.is_ref(id),
                label: s.label.clone(),
                text: s.text.clone(),
                quote: s.quote.clone(),
                url: s.url.clone(),
                also: s.also.clone(),
            }
        })
        .collect()
}
