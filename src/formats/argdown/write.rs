//! Writes a map as Argdown that the Argdown tools read and that argscope reads back as the
//! same map: the same tree, kinds, labels, paraphrases, quotes, urls and other wordings.
//!
//! Each statement is defined once, `[Title]: paraphrase`, where the map shows it in full, and
//! named by its title (`[Title]`) everywhere else; readers show it in full where it is defined.
//! Children hang under their parent with `+` (for), `-` (against) or `_` (an undercut). Kinds
//! Argdown has no word for are tags on the relation line (`#caveat`); when one position of a
//! statement needs a tag, every position gets one, so no tag is read where it was not written.
//! What a title cannot hold goes in the statement's data: `{id: …, label: …, quote: …, url: …}`,
//! and so does the scheme by which it bears on its parent, `{scheme: …}`, when it bears by the
//! same one everywhere it shows (Argdown's data belongs to a statement, not to one of its
//! relations).
//! Deep trees continue in paragraphs of their own, so no line is indented more than
//! [`MAX_NESTING`] levels.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::formats::{is_web_address, label_and_text, slug};
use crate::model::{ArgMap, Body, Kind, Meta, NodeId, Stance};
use crate::source::collapse_whitespace;

/// How deep a paragraph nests before a subtree continues in a paragraph of its own.
const MAX_NESTING: usize = 10;

/// Writes `map` as Argdown text.
pub fn write(map: &ArgMap) -> String {
    let titles = titles(map);
    let tagged = tagged_statements(map);
    let (schemes, _) = written_schemes(map);
    let mut out = front_matter(&map.meta);
    out.push_str(
        "// Written by argscope. Kinds Argdown has no word for are tags: #evidence, #caveat, #question, #rebuttal.\n\n",
    );
    let root = map.root;
    // Statements named by a reference already written: readers show a statement in full
    // where it is defined, so each of these is written as a definition even with no text.
    let mut named: HashSet<NodeId> = HashSet::new();
    // Argdown has no groups: what a group holds is written as paragraphs of their own, which
    // relate to nothing, and so read back into a group. Under a group at the root they are
    // tagged #thesis, so that each reads back as one of several theses.
    let root_is_group = map.node(root).kind == Kind::Group;
    let mut members: HashSet<NodeId> = HashSet::new();
    let mut paragraphs = Vec::new();
    if root_is_group {
        members.extend(map.children(root));
        paragraphs.extend(map.children(root));
    } else {
        paragraphs.push(root);
    }
    let mut next = 0;
    while let Some(&head) = paragraphs.get(next) {
        next += 1;
        if members.contains(&head) && !map.is_ref(head) {
            let tag = root_is_group.then_some("thesis");
            let scheme = schemes.get(&head).map(|&scheme| ("scheme", scheme));
            let extra: Vec<_> = scheme.into_iter().collect();
            let named_before = named.contains(&head);
            out.push_str(&definition(map, head, &titles, tag, &extra, named_before));
        } else if head == root {
            let scheme = schemes.get(&root).map(|&scheme| ("scheme", scheme));
            if map.node(root).kind == Kind::Question {
                let extra: Vec<_> = [("isQuestion", "true")].into_iter().chain(scheme).collect();
                out.push_str(&definition(map, root, &titles, None, &extra, false));
            } else {
                let extra: Vec<_> = scheme.into_iter().collect();
                out.push_str(&definition(
                    map,
                    root,
                    &titles,
                    Some("thesis"),
                    &extra,
                    false,
                ));
            }
        } else {
            out.push_str(&bracketed(&titles[&map.resolve(head)]));
        }
        out.push('\n');
        let mut stack: Vec<(NodeId, usize)> =
            map.children(head).iter().rev().map(|&c| (c, 1)).collect();
        while let Some((id, depth)) = stack.pop() {
            if map.node(id).kind == Kind::Group {
                members.extend(map.children(id));
                paragraphs.extend(map.children(id));
                continue;
            }
            out.push_str(&"  ".repeat(depth));
            out.push_str(relation(map, id));
            out.push(' ');
            // A thesis under the question needs no tag (and `#thesis` would make it a root).
            let tag = (tagged.contains(&map.resolve(id)) && map.node(id).kind != Kind::Thesis)
                .then(|| map.node(id).kind.name());
            if map.is_ref(id) {
                named.insert(map.resolve(id));
                out.push_str(&bracketed(&titles[&map.resolve(id)]));
                if let Some(tag) = tag {
                    out.push_str(&format!(" #{tag}"));
                }
            } else {
                let named_before = named.contains(&id);
                let scheme = schemes.get(&id).map(|&scheme| ("scheme", scheme));
                let extra: Vec<_> = scheme.into_iter().collect();
                out.push_str(&definition(map, id, &titles, tag, &extra, named_before));
            }
            out.push('\n');
            if !map.is_ref(id) && !map.children(id).is_empty() {
                if depth < MAX_NESTING {
                    stack.extend(map.children(id).iter().rev().map(|&c| (c, depth + 1)));
                } else {
                    paragraphs.push(id);
                }
            }
        }
        out.push('\n');
    }
    // Other wordings of a statement are further definitions of it; the first one stays the
    // statement's own (it is marked canonical).
    for id in map.preorder() {
        if let Body::Statement(statement) = &map.node(id).body {
            for also in statement.also.iter().filter(|a| !a.trim().is_empty()) {
                let title = bracketed(&titles[&id]);
                out.push_str(&format!("{title}: {}\n\n", escape_text(also)));
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The scheme each statement is written with: the one it bears on its parent by wherever it
/// shows. With the number of places that name a scheme not written, as the same statement
/// shows elsewhere by another scheme or by none.
pub(crate) fn written_schemes(map: &ArgMap) -> (HashMap<NodeId, &str>, usize) {
    // Most maps name none, and need no table of a million statements to say so.
    if map.nodes.iter().all(|node| node.scheme.is_none()) {
        return (HashMap::new(), 0);
    }
    // Each statement's scheme, while all its places so far agree on it (None once two differ).
    let mut agreed: HashMap<NodeId, Option<Option<&str>>> = HashMap::new();
    for id in map.preorder() {
        let scheme = map.scheme(id);
        let so_far = agreed.entry(map.resolve(id)).or_insert(Some(scheme));
        if *so_far != Some(scheme) {
            *so_far = None;
        }
    }
    let written: HashMap<NodeId, &str> = (agreed.into_iter())
        .filter_map(|(statement, scheme)| Some((statement, scheme??)))
        .collect();
    let unwritten = (map.preorder())
        .filter(|&id| map.scheme(id).is_some())
        .filter(|&id| !written.contains_key(&map.resolve(id)))
        .count();
    (written, unwritten)
}

/// `[Title]: paraphrase #tag {data}` for a statement where it is defined, with `extra` data;
/// `named_before` when a reference to it is written above, so that it must be told from one.
/// The tag goes before the data: the Argdown tools reject a tag after it.
fn definition<'a>(
    map: &'a ArgMap,
    id: NodeId,
    titles: &HashMap<NodeId, String>,
    tag: Option<&str>,
    extra: &[(&'a str, &'a str)],
    named_before: bool,
) -> String {
    let statement = map.statement(id);
    let title = &titles[&id];
    let mut pairs: Vec<(&str, &str)> = extra.to_vec();
    // The id goes along unless the title would give it back, so notes keyed by it follow.
    if slug(title) != statement.id {
        pairs.push(("id", &statement.id));
    }
    if label_and_text(title).0 != statement.label {
        pairs.push(("label", &statement.label));
    }
    let mut text = statement.text.trim();
    // A statement with no paraphrase is defined by its label, which reads back as no
    // paraphrase: among several wordings, to mark this one as its own; after a reference to
    // it, to tell the definition from a reference.
    if text.is_empty() && (named_before || !statement.also.is_empty()) {
        text = &statement.label;
    }
    if !statement.also.is_empty() {
        pairs.push(("isCanonical", "true"));
    }
    if !statement.quote.is_empty() {
        pairs.push(("quote", &statement.quote));
    }
    if !statement.url.is_empty() {
        let key = if is_web_address(&statement.url) {
            "url"
        } else {
            "source"
        };
        pairs.push((key, &statement.url));
    }
    let mut out = bracketed(title);
    if !text.is_empty() {
        out.push_str(": ");
        out.push_str(&escape_text(text));
    }
    if let Some(tag) = tag {
        out.push_str(&format!(" #{tag}"));
    }
    out.push_str(&data(&pairs));
    out
}

/// The relation symbol that hangs `id` under its parent.
fn relation(map: &ArgMap, id: NodeId) -> &'static str {
    let node = map.node(id);
    if node.undercut {
        "_"
    } else if node.kind.stance() == Stance::Against {
        "-"
    } else {
        "+"
    }
}

/// The kind a relation line gives without a tag.
fn default_kind(map: &ArgMap, id: NodeId) -> Kind {
    let node = map.node(id);
    let under_question = node.parent == Some(map.root) && map.node(map.root).kind == Kind::Question;
    let in_group = node
        .parent
        .is_some_and(|parent| map.node(parent).kind == Kind::Group);
    if node.undercut || node.kind.stance() == Stance::Against {
        Kind::Objection
    } else if under_question || in_group {
        Kind::Thesis
    } else {
        Kind::Claim
    }
}

/// Statements shown somewhere with a kind their relation does not give: all their positions
/// carry a kind tag.
fn tagged_statements(map: &ArgMap) -> HashSet<NodeId> {
    map.preorder()
        .filter(|&id| id != map.root && map.node(id).kind != default_kind(map, id))
        .map(|id| map.resolve(id))
        .collect()
}

/// A title for every statement: its label made safe for `[…]`, unique in the map.
fn titles(map: &ArgMap) -> HashMap<NodeId, String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut titles = HashMap::new();
    for id in map.preorder() {
        let Body::Statement(statement) = &map.node(id).body else {
            continue;
        };
        // A title is read raw up to the first `]`; comments (`//`, `/*`, `<!--`) and data
        // braces would be read even there.
        let safe: String = statement
            .label
            .chars()
            .map(|c| {
                if matches!(c, '[' | ']' | '{' | '}' | '\\' | '/' | '<' | '>') || c.is_control() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let mut base = collapse_whitespace(&safe);
        if base.is_empty() {
            base = "Statement".to_string();
        }
        let mut title = base.clone();
        let mut n = 1;
        while !taken.insert(title.clone()) {
            n += 1;
            title = format!("{base} ({n})");
        }
        titles.insert(id, title);
    }
    titles
}

/// `[title]`. The Argdown tools read `[-…]` as text, not as a title, so a space goes before a
/// title starting with `-`: they keep it, argscope trims it.
fn bracketed(title: &str) -> String {
    if title.starts_with('-') {
        format!("[ {title}]")
    } else {
        format!("[{title}]")
    }
}

/// Text with every character Argdown gives a meaning to escaped, on one line.
fn escape_text(text: &str) -> String {
    let flat = collapse_whitespace(text);
    let mut out = String::with_capacity(flat.len() + 1);
    // After front matter, the Argdown tools read a line's `===` as a fence.
    if flat.starts_with('=') {
        out.push('\\');
    }
    let mut chars = flat.chars().peekable();
    while let Some(c) = chars.next() {
        let comment = c == '/' && matches!(chars.peek(), Some('/' | '*'));
        if comment
            || matches!(
                c,
                '\\' | '[' | ']' | '<' | '>' | '#' | '{' | '}' | '@' | '*' | '_'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// ` {key: "value", …}`, or nothing for no pairs.
fn data(pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let items: Vec<String> = pairs
        .iter()
        .map(|&(key, value)| {
            if value == "true" {
                format!("{key}: {value}")
            } else {
                format!("{key}: {}", quoted(value))
            }
        })
        .collect();
    format!(" {{{}}}", items.join(", "))
}

/// A YAML double-quoted string on one line. Braces, slashes and `<` are escaped too, as the
/// front matter is read before comments and data are told apart: `/` as YAML's `\/`, and
/// the others, for which YAML has no short escape (the Argdown CLI refuses `\{`), as `\u`.
/// So are brackets: the Argdown tools end a title at `]:` even inside the data after it.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' | '"' | '/' => {
                out.push('\\');
                out.push(c);
            }
            '{' | '}' | '<' | '[' | ']' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // Anything else that could drive a terminal (only the uncleaned source file name
            // can hold it) as YAML's escape, which reads back as the character.
            c if crate::text::needs_cleaning(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `===` … `===` with the title, author, source document and the order of children.
fn front_matter(meta: &Meta) -> String {
    let source = &meta.source;
    let fields = [
        ("file", source.file.as_str()),
        ("title", source.title.as_str()),
        ("publisher", source.publisher.as_str()),
        ("url", source.url.as_str()),
        (
            "argument_ends_before",
            source.argument_ends_before.as_deref().unwrap_or(""),
        ),
    ];
    // Children in the map's own order, not grouped pros-then-cons as Argdown shows them.
    let mut body = String::from("argscope:\n  order: file\n");
    if !meta.title.is_empty() {
        body.push_str(&format!("title: {}\n", quoted(&meta.title)));
    }
    if !meta.author.is_empty() {
        body.push_str(&format!("author: {}\n", quoted(&meta.author)));
    }
    if fields.iter().any(|(_, value)| !value.is_empty()) {
        body.push_str("source:\n");
        for (key, value) in fields {
            if !value.is_empty() {
                body.push_str(&format!("  {key}: {}\n", quoted(value)));
            }
        }
    }
    format!("===\n{body}===\n\n")
}
