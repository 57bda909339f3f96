//! AIF JSON (the Argument Interchange Format as OVA and AIFdb write it): a graph of statements
//! (I-nodes) joined by inference (RA), conflict (CA) and rephrase (MA) nodes, read into a tree.
//!
//! All three shapes are read by one reader, since they differ only in where the lists stand and
//! what the id fields are called: an OVA3/xAIF save keeps `nodes` and `edges` under `"AIF"`; an
//! AIFdb nodeset has them at the top with `nodeID`/`fromID`/`toID`; OVA2 has nodes with `id` and
//! edges whose `from`/`to` are whole node objects. Ids may be strings or numbers.
//!
//! How the graph becomes a tree:
//! - every RA premise is a `claim` under the RA's conclusion, every CA premise an `objection`
//!   under the statement it attacks. A linked argument (an RA with several premises) gives one
//!   claim per premise, side by side under the conclusion: a grouping node would be a statement
//!   nobody wrote, with a headline we would have to invent, one level deeper for no reason the
//!   tree can show, and an undercut of that argument could not then stand under its conclusion.
//! - an undercutter (a CA whose target is an RA node) is an `objection` with `undercut` set,
//!   under the conclusion of the inference it attacks: the model reads `undercut` as "attacks
//!   the inference from its parent's reasons". An RA aimed at an inference backs it, so it is a
//!   plain `claim` under that conclusion (an objection would say the opposite).
//! - an attack on an attack (a CA whose target is a CA node) answers the objection: it is a
//!   `rebuttal` under each statement that attacks, as the spec shows it under the premises of
//!   the node it targets; an RA aimed at a CA backs the attack, a `claim` under each of them.
//!   Only a conflict with no statement leading into it falls back to its conclusion.
//! - an MA (rephrase) merges its statements into one; the other wordings go into `also`.
//! - the root is the one statement that is concluded from others and a premise of none. When there
//!   are several (or circles with no top, or statements joined to nothing), a group named after
//!   the file holds them side by side as theses, largest first, then those joined to nothing.
//! - a statement reached a second time (a shared premise, a circle) is a reference to the first.
//! - locutions and dialogue relations (L, TA, YA) are left out, with one problem saying so; an
//!   inference or conflict drawn from or to a locution stands for one from or to the statement
//!   the locution introduces (its L → YA → I), and is shown there; a locution that introduces
//!   none stands for a statement in its own words, with a warning (see [`locutions`]).
//!
//! Every walk over the graph uses an explicit stack: a chain of 100,000 inferences is fine.

mod locutions;
mod scan;
mod surrogates;

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::hash_map::Entry;
use std::num::NonZeroU32;

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::detect::Format;
use super::finishing;
use super::native::syntax_fault;
use super::{
    Ids, Imported, label_and_text, looks_like_json, placed_lines, read_it_as_what_it_is,
    tie_to_nodes,
};
use crate::model::problem::LineIndex;
use crate::model::{ArgMap, Body, FastMap, FastSet, Kind, Meta, NodeId, Place, Problem, Statement};
use crate::text::sanitize;

/// What an AIF node is, as far as the tree cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    /// A statement.
    I,
    /// An inference: support.
    Ra,
    /// A conflict: attack.
    Ca,
    /// A rephrase.
    Ma,
    /// A locution: left out, but an inference or conflict drawn from it is moved onto the
    /// statement it introduces (see [`locutions`]).
    L,
    /// An illocution, which ties a locution to the statement it introduces.
    Ya,
    /// Anything else (TA, PA, unknown): left out.
    Other,
}

impl Type {
    fn is_scheme(self) -> bool {
        matches!(self, Type::Ra | Type::Ca | Type::Ma)
    }
}

/// A node kept for the tree. Its id and text borrow from the file unless they had escapes.
struct RawNode<'a> {
    aif_id: Cow<'a, str>,
    ty: Type,
    /// A statement's words; for an inference or conflict, the name of its scheme (see
    /// [`scheme_written`]).
    text: Cow<'a, str>,
    offset: usize,
}

/// One link of the tree-to-be: `child` stands under `parent` with this kind, by the scheme
/// [`Plan::schemes`] holds at this index less one when its inference or conflict names one
/// (a number that does not make a link, of which there can be millions, any larger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Link {
    child: usize,
    kind: Kind,
    undercut: bool,
    scheme: Option<NonZeroU32>,
}

/// The name of an inference's or conflict's scheme: its `scheme` when that names one, else its
/// `text` when that does. AIFdb and OVA write "Default Inference" or "Default Conflict" where
/// the analyst named none, and Araucaria writes the type ("RA") as the text; neither is a name.
fn scheme_written<'a>(
    scheme: Option<Cow<'a, str>>,
    text: Option<Cow<'a, str>>,
) -> Option<Cow<'a, str>> {
    let names_one = |name: &Cow<str>| {
        let name = name.trim();
        let default = name
            .get(..8)
            .is_some_and(|start| start.eq_ignore_ascii_case("default "));
        !name.is_empty()
            && !default
            && !["RA", "CA", "MA"]
                .iter()
                .any(|ty| name.eq_ignore_ascii_case(ty))
    };
    scheme.filter(names_one).or(text.filter(names_one))
}

/// The fields of a node object the tree needs: its id (`nodeID`, else `id`; a string trimmed or
/// a number as written), its `type` (the same), and its `text` and `scheme` when they are
/// strings.
#[derive(Debug, PartialEq)]
struct NodeFields<'a> {
    offset: usize,
    id: Option<Cow<'a, str>>,
    ty: Option<Cow<'a, str>>,
    text: Option<Cow<'a, str>>,
    scheme: Option<Cow<'a, str>>,
}

/// The ends of an edge object: `fromID`/`toID`, else `from`/`to` (a node object's id, or a
/// scalar).
#[derive(Debug, PartialEq)]
struct EdgeFields<'a> {
    offset: usize,
    from: Option<Cow<'a, str>>,
    to: Option<Cow<'a, str>>,
}

/// An element of `nodes` or `edges`: an object's fields, or the offset of something else.
#[derive(Debug, PartialEq)]
enum Element<T> {
    Object(T),
    Other(usize),
}

/// The value of `nodes` or `edges`: a list, or the offset of something that is not one.
#[derive(Debug, PartialEq)]
enum List<T> {
    Items(Vec<Element<T>>),
    NotList(usize),
}

/// What the file holds for the tree, however it was read: the top object's offset and the lists
/// of the shape found (`nodes` is `None` when there is none, and then the file is no AIF map).
#[derive(Debug, PartialEq)]
struct Document<'a> {
    top_offset: usize,
    nodes: Option<List<NodeFields<'a>>>,
    edges: Option<List<EdgeFields<'a>>>,
}

/// Parses AIF JSON in any of its three shapes. Never fails: what cannot be read is a problem.
pub fn parse(text: &str, file: &str) -> Imported {
    // Lines are counted only when a place is asked for: a file read without a fault never
    // pays for indexing its lines.
    let line_index = OnceCell::new();
    let lines = || line_index.get_or_init(|| LineIndex::new(text));
    let at = |offset: usize| lines().place(file, offset);
    let mut problems = Vec::new();
    // Strict JSON is read in one quick pass; anything else (or a fault) the lenient way.
    let quick = scan::read(text);
    // Only a file the quick pass refused is looked at for halves of characters.
    let mended = quick.is_none().then(|| surrogates::mend(text)).flatten();
    if let Some((_, first, count)) = &mended {
        let more = match count - 1 {
            0 => String::new(),
            n => format!(" (and {n} more further on)"),
        };
        problems.push(
            Problem::warning(
                at(*first),
                format!("this text holds half of a character, a lone UTF-16 surrogate such as \\ud83d that JavaScript writes for a character cut in two and JSON readers refuse{more}; it is shown as \"\u{fffd}\""),
            )
            .nothing_left_out(),
        );
    }
    let readable_text = mended
        .as_ref()
        .map_or(text, |(mended, _, _)| mended.as_str());
    let document = quick
        .or_else(|| scan::read(readable_text))
        .or_else(|| lenient(readable_text, file, &at, &mut problems));
    let mut reader = GraphReader {
        at: &at,
        problems,
        nodes: Vec::new(),
        by_id: NodesById::default(),
        edges: Vec::new(),
        dialogue: (0, None),
    };
    // Whether the file holds a list of nodes: only then is anything of the map read.
    let mut readable = false;
    if let Some(document) = document {
        match document.nodes {
            Some(nodes) => readable = reader.read_nodes(nodes),
            None => reader.fail(
                document.top_offset,
                format!(
                    "this JSON has no \"nodes\" list (nor an \"AIF\" object holding one), so it is not an AIF map; {}",
                    read_it_as_what_it_is(text, Format::Aif)
                ),
            ),
        }
        if readable && let Some(edges) = document.edges {
            reader.read_edges(edges);
        }
    }
    // The ids were only for joining the edges: they are freed before the tree is built.
    let GraphReader {
        mut problems,
        mut nodes,
        mut edges,
        by_id,
        dialogue,
        ..
    } = reader;
    drop(by_id);
    let speaking = locutions::move_onto_statements(&mut nodes, &mut edges, &at, &mut problems);
    if let (read, Some(offset)) = dialogue
        && read > speaking
    {
        let count = read - speaking;
        problems.push(Problem::warning(
            at(offset),
            format!("left out {count} dialogue node{} (locutions L and their relations TA, YA): argscope shows the argument, not who said what when", plural(count)),
        ));
    }
    let offsets: Vec<usize> = nodes.iter().map(|node| node.offset).collect();
    let (map, placed) = build(nodes, edges, file, text.len(), &at, readable, &mut problems);
    // Only a problem that names a line and no node is tied to a node.
    if problems
        .iter()
        .any(|p| p.node.is_none() && p.place.line_col.is_some())
    {
        let written = placed_lines(&placed, |i| lines().line(offsets[i]));
        tie_to_nodes(&mut problems, written);
    }
    // The contract wants problems in file order; the file-wide ones come first.
    problems.sort_by_key(|p| p.place.line_col);
    Imported {
        map,
        problems,
        stable_ids: true,
    }
}

/// Reads a file that is not strict JSON (comments, trailing commas and the like are fine) or
/// not JSON at all, whose fault becomes a problem: through a general JSON tree, slower and
/// bigger, which the quick reader leaves to files it cannot read.
fn lenient<'a>(
    text: &'a str,
    file: &str,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> Option<Document<'a>> {
    let ast = match parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()) {
        Ok(result) => result.value,
        Err(error) => {
            let (offset, message) = if !looks_like_json(text) {
                (
                    error.range().start,
                    format!(
                        "the file is not JSON, so it holds no AIF map; {}",
                        read_it_as_what_it_is(text, Format::Aif)
                    ),
                )
            } else {
                // Indexed anew: only a file that fails comes here.
                match syntax_fault(text, &LineIndex::new(text), &error) {
                    Some((offset, fault)) => (
                        offset,
                        format!("this is not valid JSON, so no AIF map could be read: {fault}"),
                    ),
                    None => (
                        error.range().start,
                        format!(
                            "the JSON nests deeper than AIF ever does, so it is not an AIF map; {}",
                            read_it_as_what_it_is(text, Format::Aif)
                        ),
                    ),
                }
            };
            problems.push(Problem::error(at(offset), message));
            None
        }
    };
    match &ast {
        Some(Value::Object(top)) => {
            let (nodes, edges) = match lists(top) {
                Some((nodes, edges)) => (
                    Some(list(nodes, |o| NodeFields {
                        offset: o.start(),
                        id: field(o, &["nodeID", "id"]).and_then(scalar),
                        ty: field(o, &["type"]).and_then(scalar),
                        text: string(field(o, &["text"])),
                        scheme: string(field(o, &["scheme"])),
                    })),
                    edges.map(|edges| {
                        list(edges, |o| EdgeFields {
                            offset: o.start(),
                            from: endpoint(o, "fromID", "from"),
                            to: endpoint(o, "toID", "to"),
                        })
                    }),
                ),
                None => (None, None),
            };
            Some(Document {
                top_offset: top.start(),
                nodes,
                edges,
            })
        }
        Some(other) => {
            problems.push(Problem::error(
                at(other.start()),
                format!(
                    "the file holds no JSON object, so it is not an AIF map (an AIF file is an object with \"nodes\" and \"edges\"); {}",
                    read_it_as_what_it_is(text, Format::Aif)
                ),
            ));
            None
        }
        None => {
            if problems.is_empty() {
                problems.push(Problem::error(
                    Place::whole(file),
                    "the file is empty; an AIF file is an object with \"nodes\" and \"edges\"",
                ));
            }
            None
        }
    }
}

/// The `nodes` and `edges` values: under `"AIF"` (OVA3, xAIF) or at the top (AIFdb, OVA2).
fn lists<'a, 'b>(top: &'b Object<'a>) -> Option<(&'b Value<'a>, Option<&'b Value<'a>>)> {
    let holder = match top.get("AIF").map(|p| &p.value) {
        Some(Value::Object(aif)) if aif.get("nodes").is_some() => aif,
        _ => top,
    };
    let nodes = holder.get("nodes").map(|p| &p.value)?;
    Some((nodes, holder.get("edges").map(|p| &p.value)))
}

/// A list's objects, each read by `read`, or where the list should have been.
fn list<'a, T>(value: &Value<'a>, read: impl Fn(&Object<'a>) -> T) -> List<T> {
    match value {
        Value::Array(array) => List::Items(
            array
                .elements
                .iter()
                .map(|value| match value {
                    Value::Object(object) => Element::Object(read(object)),
                    other => Element::Other(other.start()),
                })
                .collect(),
        ),
        other => List::NotList(other.start()),
    }
}

/// A string (trimmed) or a number (as written), as text: AIF ids come as both.
fn scalar<'a>(value: &Value<'a>) -> Option<Cow<'a, str>> {
    match value {
        Value::StringLit(s) => Some(Cow::Owned(s.value.trim().to_string())),
        Value::NumberLit(n) => Some(Cow::Borrowed(n.value)),
        _ => None,
    }
}

/// A string value, as written (unlike an id, not trimmed).
fn string<'a>(value: Option<&Value<'a>>) -> Option<Cow<'a, str>> {
    match value {
        Some(Value::StringLit(s)) => Some(Cow::Owned(s.value.to_string())),
        _ => None,
    }
}

fn field<'a, 'b>(object: &'b Object<'a>, names: &[&str]) -> Option<&'b Value<'a>> {
    names
        .iter()
        .find_map(|name| object.get(name).map(|p| &p.value))
}

/// An edge's end: the id field, else a whole node object (OVA2) or a scalar under `node_name`.
fn endpoint<'a>(object: &Object<'a>, id_name: &str, node_name: &str) -> Option<Cow<'a, str>> {
    if let Some(value) = object.get(id_name).map(|p| &p.value) {
        return scalar(value);
    }
    match object.get(node_name).map(|p| &p.value)? {
        Value::Object(node) => field(node, &["nodeID", "id"]).and_then(scalar),
        other => scalar(other),
    }
}

struct GraphReader<'f, 'a, F: Fn(usize) -> Place> {
    at: &'f F,
    problems: Vec<Problem>,
    nodes: Vec<RawNode<'a>>,
    by_id: NodesById<'a>,
    /// (from, to) as node indices.
    edges: Vec<(usize, usize)>,
    /// How many dialogue nodes (L, TA, YA) were read, and where the first is.
    dialogue: (usize, Option<usize>),
}

impl<'a, F: Fn(usize) -> Place> GraphReader<'_, 'a, F> {
    fn warn(&mut self, offset: usize, message: impl Into<String>) {
        self.problems
            .push(Problem::warning((self.at)(offset), message));
    }

    /// Says why nothing of the map could be read, which refuses the file.
    fn fail(&mut self, offset: usize, message: impl Into<String>) {
        self.problems
            .push(Problem::error((self.at)(offset), message));
    }

    /// Reads the nodes; false when `nodes` is no list, so that nothing could be read.
    fn read_nodes(&mut self, nodes: List<NodeFields<'a>>) -> bool {
        let nodes = match nodes {
            List::Items(items) => items,
            List::NotList(offset) => {
                self.fail(
                    offset,
                    "\"nodes\" must be a list of node objects, so no statement could be read; write it as [ {\"nodeID\": …, \"type\": \"I\", \"text\": …} ]",
                );
                return false;
            }
        };
        let mut dialogue = (0usize, None::<usize>);
        let mut others: Vec<(Cow<'a, str>, usize, usize)> = Vec::new();
        let mut other_index: FastMap<Cow<'a, str>, usize> = FastMap::default();
        self.nodes.reserve(nodes.len());
        self.by_id = NodesById::for_nodes(nodes.len());
        for element in nodes {
            let object = match element {
                Element::Object(object) => object,
                Element::Other(offset) => {
                    self.warn(offset, "a node must be an object such as {\"nodeID\": \"1\", \"type\": \"I\", \"text\": …}; this one is left out");
                    continue;
                }
            };
            let Some(aif_id) = object.id else {
                self.warn(
                    object.offset,
                    "this node has no \"nodeID\" (nor \"id\"), so nothing can point at it; it is left out",
                );
                continue;
            };
            let type_name = object.ty.unwrap_or_default();
            let is = |name: &str| type_name.eq_ignore_ascii_case(name);
            let ty = if is("I") {
                Type::I
            } else if is("RA") {
                Type::Ra
            } else if is("CA") {
                Type::Ca
            } else if is("MA") {
                Type::Ma
            } else if is("L") || is("TA") || is("YA") {
                dialogue.0 += 1;
                dialogue.1.get_or_insert(object.offset);
                if is("L") {
                    Type::L
                } else if is("YA") {
                    Type::Ya
                } else {
                    Type::Other
                }
            } else {
                match other_index.get(&type_name) {
                    Some(&slot) => others[slot].2 += 1,
                    None => {
                        other_index.insert(type_name.clone(), others.len());
                        others.push((type_name, object.offset, 1));
                    }
                }
                Type::Other
            };
            let text = match ty {
                Type::Ra | Type::Ca => scheme_written(object.scheme, object.text),
                _ => object.text,
            };
            let text = text.map_or(Cow::Borrowed(""), super::html::unescape);
            if !self.by_id.take(aif_id.clone(), self.nodes.len()) {
                self.warn(
                    object.offset,
                    format!("a second node has the nodeID {aif_id:?}; only the first is kept, so give each node its own id"),
                );
                continue;
            }
            if ty == Type::I && text.trim().is_empty() {
                let message = format!(
                    "the statement (I-node) {aif_id:?} has no \"text\"; it is shown as \"(empty)\", so give it the words of its claim"
                );
                let problem = Problem::warning((self.at)(object.offset), message);
                self.problems.push(problem.nothing_left_out());
            }
            self.nodes.push(RawNode {
                aif_id,
                ty,
                text,
                offset: object.offset,
            });
        }
        self.dialogue = dialogue;
        for (name, offset, count) in others {
            let what = if name.is_empty() {
                "without a \"type\"".to_string()
            } else if name.eq_ignore_ascii_case("PA") {
                "of type \"PA\" (preferences)".to_string()
            } else {
                format!("of type {name:?}")
            };
            self.warn(
                offset,
                format!("left out {count} node{} {what}: argscope reads statements (I) and their support (RA), conflict (CA) and rephrase (MA)", plural(count)),
            );
        }
        true
    }

    fn read_edges(&mut self, edges: List<EdgeFields<'a>>) {
        let edges = match edges {
            List::Items(items) => items,
            List::NotList(offset) => {
                self.warn(
                    offset,
                    "\"edges\" must be a list of edge objects: [ {\"fromID\": …, \"toID\": …} ]",
                );
                return;
            }
        };
        self.edges.reserve(edges.len());
        for element in edges {
            let object = match element {
                Element::Object(object) => object,
                Element::Other(offset) => {
                    self.warn(offset, "an edge must be an object such as {\"fromID\": \"1\", \"toID\": \"2\"}; this one is left out");
                    continue;
                }
            };
            let (Some(from), Some(to)) = (object.from, object.to) else {
                self.warn(
                    object.offset,
                    "this edge does not say which nodes it joins (\"fromID\" and \"toID\"); it is left out",
                );
                continue;
            };
            match (self.by_id.get(&from), self.by_id.get(&to)) {
                (Some(from), Some(to)) => self.edges.push((from, to)),
                (from_found, _) => {
                    let missing = if from_found.is_none() { from } else { to };
                    self.warn(
                        object.offset,
                        format!("this edge points at the node {missing:?}, which is not in the file; it is left out"),
                    );
                }
            }
        }
    }
}

/// The node each AIF id names, by its index. Most corpora number their nodes (AIFdb, OVA), so
/// an id written as a plain decimal number (no sign, no leading zero) below a bound is looked up
/// by its value in a table, which is quicker than hashing and smaller; any other id is hashed.
/// A number has one such spelling, so the two never disagree on whether two ids are the same.
#[derive(Default)]
struct NodesById<'a> {
    /// By number: the node's index, or [`NodesById::FREE`].
    numbered: Vec<u32>,
    /// Numbers below this are kept in `numbered`: a few times the nodes, so that a sparse
    /// numbering cannot make the table large.
    numbered_below: usize,
    named: FastMap<Cow<'a, str>, usize>,
}

impl<'a> NodesById<'a> {
    const FREE: u32 = u32::MAX;

    /// Room for the ids of a list of `nodes` nodes.
    fn for_nodes(nodes: usize) -> NodesById<'a> {
        NodesById {
            numbered: Vec::new(),
            numbered_below: nodes.saturating_mul(4).max(1024),
            named: FastMap::default(),
        }
    }

    /// The number an id is, when it is written as a plain number below the bound.
    fn number(&self, id: &str) -> Option<usize> {
        let digits = id.as_bytes();
        let plain = !digits.is_empty()
            && digits.len() <= 9
            && digits.iter().all(u8::is_ascii_digit)
            && (digits[0] != b'0' || digits.len() == 1);
        let number: usize = if plain { id.parse().ok()? } else { return None };
        (number < self.numbered_below).then_some(number)
    }

    /// Gives `id` to the node at `index`; false when another node has it already.
    fn take(&mut self, id: Cow<'a, str>, index: usize) -> bool {
        let Some(number) = self.number(&id) else {
            return match self.named.entry(id) {
                Entry::Vacant(free) => {
                    free.insert(index);
                    true
                }
                Entry::Occupied(_) => false,
            };
        };
        if number >= self.numbered.len() {
            self.numbered.resize(number + 1, Self::FREE);
        }
        let slot = &mut self.numbered[number];
        let free = *slot == Self::FREE;
        if free {
            // Fewer nodes than u32::MAX: a file is read whole into memory, within --max-size.
            *slot = index as u32;
        }
        free
    }

    /// The index of the node with this id.
    fn get(&self, id: &str) -> Option<usize> {
        match self.number(id) {
            Some(number) => (self.numbered.get(number).copied())
                .filter(|&index| index != Self::FREE)
                .map(|index| index as usize),
            None => self.named.get(id).copied(),
        }
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Lists of items per node in two flat vectors (compressed rows): at a million nodes, a `Vec`
/// per node for each of the graph's four relations would cost more than the map itself.
struct Rows<T> {
    /// Node `i`'s items are `items[start[i]..start[i + 1]]`.
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T: Copy> Rows<T> {
    /// Rows for `n` nodes from (node, item) pairs; each row keeps its items in the pairs' order.
    fn new(n: usize, pairs: impl Iterator<Item = (usize, T)> + Clone) -> Rows<T> {
        let mut start = vec![0; n + 1];
        for (node, _) in pairs.clone() {
            start[node + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        // Every slot is written below; the first item only fills them until then.
        let Some((_, filler)) = pairs.clone().next() else {
            return Rows {
                start,
                items: Vec::new(),
            };
        };
        let mut items = vec![filler; start[n]];
        for (node, item) in pairs {
            items[next[node]] = item;
            next[node] += 1;
        }
        Rows { start, items }
    }

    fn of(&self, node: usize) -> &[T] {
        &self.items[self.start[node]..self.start[node + 1]]
    }

    /// How many items all the rows hold.
    fn len(&self) -> usize {
        self.items.len()
    }
}

/// What the statements are made of, kept until the tree places them: each statement's id, its
/// label and text and its other wordings, by node index. Each part is moved out as its
/// statement is made, so no text is held twice.
struct Pending {
    /// Every id handed out, and where each node's is among them ([`NO_ID`] for a node that
    /// is no statement standing for its rephrasings).
    ids: Vec<String>,
    id_at: Vec<u32>,
    /// (label, text) of each I-node, in file order.
    labelled: Vec<(String, String)>,
    /// Where each I-node's label and text are in `labelled`.
    slots: Vec<u32>,
    alsos: FastMap<usize, Vec<String>>,
}

impl Pending {
    /// The statement of node `i`, made once.
    fn take(&mut self, i: usize) -> Statement {
        let id = match self.id_at[i] {
            NO_ID => String::new(),
            at => std::mem::take(&mut self.ids[at as usize]),
        };
        if id.is_empty() {
            return Statement {
                id: format!("aif-missing-{i}"),
                label: "(missing)".to_string(),
                ..Statement::default()
            };
        }
        let (label, text) = std::mem::take(&mut self.labelled[self.slots[i] as usize]);
        Statement {
            id,
            label,
            text,
            also: self.alsos.remove(&i).unwrap_or_default(),
            ..Statement::default()
        }
    }
}

/// Union-find over statements, for rephrasings: iterative, with path halving.
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Turns the graph into the tree. `nodes` and `edges` are as read; indices are into `nodes`;
/// `input_len` is the file's size. Returns the map and the node each read node became. What it
/// reads is freed as soon as it is used, so that at the peak, when the map is made, little but
/// the file and the map is alive.
fn build(
    nodes: Vec<RawNode>,
    edges: Vec<(usize, usize)>,
    file: &str,
    input_len: usize,
    at: &dyn Fn(usize) -> Place,
    readable: bool,
    problems: &mut Vec<Problem>,
) -> (ArgMap, Vec<Option<NodeId>>) {
    let n = nodes.len();
    let (rows, rep) = rows_and_rephrasings(&nodes, edges);
    // The statements' labels depend on their texts alone, and their ids on their AIF ids and
    // their rephrasings: on a large map the ids and the later labels are made on a second core
    // while the tree is worked out, and the earlier labels after it (which takes about as long).
    let statement_nodes = || nodes.iter().filter(|node| node.ty == Type::I);
    let earlier = statement_nodes().count() / 2;
    let labels = |of: &mut dyn Iterator<Item = &RawNode>| -> Vec<(String, String)> {
        of.map(|node| label_and_text(&node.text)).collect()
    };
    let ((plan, mut labelled), (later_labels, (id_at, mut ids))) = finishing::meanwhile(
        input_len,
        || {
            let plan = plan(&nodes, rows, &rep, file, at, problems);
            (plan, labels(&mut statement_nodes().take(earlier)))
        },
        || {
            let later = labels(&mut statement_nodes().skip(earlier));
            (later, statement_ids(&nodes, &rep))
        },
    );
    labelled.extend(later_labels);
    drop(rep);
    let mut statements = 0;
    let slots = (nodes.iter())
        .map(|node| {
            let slot = statements;
            statements += u32::from(node.ty == Type::I);
            slot
        })
        .collect();
    drop(nodes);
    let Plan {
        links,
        schemes,
        tops,
        unconnected,
        alsos,
        synthetic,
        name,
    } = plan;
    // The last ids, in the order they have always been taken; then the taken ids are only a
    // list, from which each statement takes its own.
    let thesis_id = synthetic.then(|| ids.unique(&name).to_string());
    let mut pending = Pending {
        ids: ids.into_given(),
        id_at,
        labelled,
        slots,
        alsos,
    };
    let mut placed: Vec<Option<NodeId>> = vec![None; n];
    // Each entry: (parent in the map, statement index, kind, undercut, scheme).
    let mut stack: Vec<(NodeId, usize, Kind, bool, Option<NonZeroU32>)> = Vec::new();
    let (mut map, loose_parent) = if synthetic {
        let (label, text) = label_and_text(&name);
        let thesis = Statement {
            id: thesis_id.unwrap_or_default(),
            label,
            text,
            ..Statement::default()
        };
        let mut map = ArgMap::new(Meta::default(), thesis);
        map.nodes[0].kind = Kind::Group;
        let message = if tops.is_empty() && unconnected.is_empty() {
            readable.then(|| "the file holds no statements (I-nodes), so the map shows only its name, the file's".to_string())
        } else {
            Some(format!(
                "no single statement is the conclusion of the whole file ({} at the top, {} joined to nothing); they are shown side by side, in a group named after the file",
                tops.len(),
                unconnected.len()
            ))
        };
        // The thesis is new, but every statement of the file stands under it.
        if let Some(message) = message {
            problems.push(Problem::warning(Place::whole(file), message).nothing_left_out());
        }
        let root = map.root;
        for &top in tops.iter().rev() {
            stack.push((root, top, Kind::Thesis, false, None));
        }
        (map, Some(root))
    } else {
        let top = tops.first().or(unconnected.first()).copied().unwrap_or(0);
        let map = ArgMap::new(Meta::default(), pending.take(top));
        placed[top] = Some(map.root);
        for link in links.of(top).iter().rev() {
            stack.push((map.root, link.child, link.kind, link.undercut, link.scheme));
        }
        (map, None)
    };
    // Each scheme's name is kept once in the map, for all the links its inference draws.
    let scheme_ids: Vec<_> = (schemes.iter()).map(|name| map.add_scheme(name)).collect();
    drop(schemes);
    // Every statement is placed once and every link gives one node, so the map's size is known:
    // reserving it spares the slack a growing vector leaves.
    map.nodes
        .reserve_exact(1 + tops.len() + links.len() + unconnected.len());
    while let Some((parent, i, kind, undercut, scheme)) = stack.pop() {
        let id = match placed[i] {
            Some(first) => map.push(parent, kind, Body::Ref(first)),
            None => {
                let id = map.push(parent, kind, Body::Statement(pending.take(i)));
                placed[i] = Some(id);
                for link in links.of(i).iter().rev() {
                    stack.push((id, link.child, link.kind, link.undercut, link.scheme));
                }
                id
            }
        };
        let node = &mut map.nodes[id.index()];
        node.undercut = undercut;
        node.scheme = scheme.and_then(|n| scheme_ids[n.get() as usize - 1]);
    }
    // What is joined to nothing stands in the group too, after the tops.
    if let Some(root) = loose_parent {
        for &i in &unconnected {
            placed[i] = Some(map.push(root, Kind::Thesis, Body::Statement(pending.take(i))));
        }
    }
    (map, placed)
}

/// What the tree is built from: the links between statements, the tops, the statements joined
/// to nothing, the other wordings, and whether a thesis named after the file (`name`) holds the
/// tops.
struct Plan {
    links: Rows<Link>,
    /// The names of the schemes links are drawn by, as written.
    schemes: Vec<String>,
    tops: Vec<usize>,
    unconnected: Vec<usize>,
    alsos: FastMap<usize, Vec<String>>,
    synthetic: bool,
    name: String,
}

/// An edge straight from one statement (I-node) to another says neither support nor attack:
/// AIF puts an inference (RA) or conflict (CA) node between them. Such edges are left out, with
/// one warning at the first saying how many there are and how to mend them.
fn warn_of_edges_between_statements(
    nodes: &[RawNode],
    outgoing: &Rows<usize>,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) {
    let is_statement = |i: usize| nodes[i].ty == Type::I;
    let mut between = (0..nodes.len())
        .filter(|&i| is_statement(i))
        .flat_map(|from| {
            (outgoing.of(from).iter())
                .filter(|&&to| is_statement(to))
                .map(move |&to| (from, to))
        });
    let Some((from, to)) = between.next() else {
        return;
    };
    let more = between.count();
    let (edges, says, first) = if more == 0 {
        (
            "an edge runs".to_string(),
            "so it says neither support nor attack and is left out",
            "",
        )
    } else {
        (
            format!("{} edges run", more + 1),
            "so they say neither support nor attack and are left out",
            "the first ",
        )
    };
    problems.push(Problem::warning(
        at(nodes[from].offset),
        format!(
            "{edges} straight from one statement (I-node) to another, with no inference (RA) or conflict (CA) node between, {says} ({first}from node \"{}\" to node \"{}\"); put an RA node between the two for support, or a CA node for attack",
            crate::text::truncate(&nodes[from].aif_id, 30),
            crate::text::truncate(&nodes[to].aif_id, 30),
        ),
    ));
}

/// The edges by the node they leave and by the node they reach.
struct EdgeRows {
    outgoing: Rows<usize>,
    incoming: Rows<usize>,
}

/// Indexes the edges by node, and finds each statement's representative among its rephrasings
/// (itself when it has none): the statement that stands for them all in the tree.
fn rows_and_rephrasings(nodes: &[RawNode], edges: Vec<(usize, usize)>) -> (EdgeRows, Vec<usize>) {
    let n = nodes.len();
    let outgoing = Rows::new(n, edges.iter().map(|&(from, to)| (from, to)));
    let incoming = Rows::new(n, edges.iter().map(|&(from, to)| (to, from)));
    drop(edges);
    let statements_of = |row: &[usize]| -> Vec<usize> {
        row.iter()
            .copied()
            .filter(|&i| nodes[i].ty == Type::I)
            .collect()
    };
    // Each MA merges its statements into the one rephrased.
    let mut rep: Vec<usize> = (0..n).collect();
    for s in (0..n).filter(|&s| nodes[s].ty == Type::Ma) {
        let premises = statements_of(incoming.of(s));
        for t in statements_of(outgoing.of(s)) {
            for &p in &premises {
                let (rp, rt) = (find(&mut rep, p), find(&mut rep, t));
                if rp != rt {
                    // The earlier statement in the file keeps its id and text.
                    let (keep, fold) = if rt < rp { (rt, rp) } else { (rp, rt) };
                    rep[fold] = keep;
                }
            }
        }
    }
    for i in 0..n {
        rep[i] = find(&mut rep, i);
    }
    (EdgeRows { outgoing, incoming }, rep)
}

/// In [`Pending`], a node with no id of its own.
const NO_ID: u32 = u32::MAX;

/// The ids of the statements that stand for their rephrasings, from their AIF node ids (taken
/// first, so they never shift): the ids taken, and where each node's is among those handed
/// out ([`NO_ID`] for the other nodes).
fn statement_ids(nodes: &[RawNode], rep: &[usize]) -> (Vec<u32>, Ids) {
    let n = nodes.len();
    let is_statement = |i: &usize| nodes[*i].ty == Type::I && rep[*i] == *i;
    let mut ids = Ids::with_capacity((0..n).filter(is_statement).count() + 2);
    let mut id_at = vec![NO_ID; n];
    let mut title = String::new();
    // (Fewer than 4 billion: a node takes more than a byte of the file.)
    for (at, i) in (0..n).filter(is_statement).enumerate() {
        // One buffer for every title, rather than a new string per statement.
        title.clear();
        title.push_str("aif-");
        title.push_str(&nodes[i].aif_id);
        ids.unique(&title);
        id_at[i] = at as u32;
    }
    (id_at, ids)
}

/// Whether an inference or conflict with `premises` leading into it and `conclusions` (undercut
/// ones included) makes too many links to show: each premise goes under each conclusion, so the
/// links multiply while the file's edges only add up. Up to eight links an edge is kept whole
/// (any real file is well within it: an inference has one conclusion); beyond, a handful of
/// lines of a file could make millions of nodes and take all memory.
fn too_many_links(premises: usize, conclusions: usize) -> bool {
    premises.saturating_mul(conclusions) > 8 * (premises + conclusions)
}

/// Works out the tree from the graph (see [`build`]).
fn plan(
    nodes: &[RawNode],
    rows: EdgeRows,
    rep: &[usize],
    file: &str,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> Plan {
    let n = nodes.len();
    let EdgeRows { outgoing, incoming } = rows;
    warn_of_edges_between_statements(nodes, &outgoing, at, problems);
    let premises = |s: usize| {
        incoming
            .of(s)
            .iter()
            .copied()
            .filter(|&p| nodes[p].ty == Type::I)
    };
    let targets = |s: usize| {
        outgoing
            .of(s)
            .iter()
            .copied()
            .filter(|&t| nodes[t].ty == Type::I)
    };

    // The conclusions of each inference: the statements it points at, or, for an inference aimed
    // at another inference, that one's conclusions (followed with a memo, so chains stay linear).
    let mut conclusions: FastMap<usize, Vec<usize>> = FastMap::default();
    let resolve = |s: usize, conclusions: &mut FastMap<usize, Vec<usize>>| -> Vec<usize> {
        let mut chain = Vec::new();
        let mut seen = FastSet::default();
        let mut at = s;
        let found = loop {
            if let Some(done) = conclusions.get(&at) {
                break done.clone();
            }
            if !seen.insert(at) {
                break Vec::new();
            }
            chain.push(at);
            let direct: Vec<usize> = targets(at).map(|t| rep[t]).collect();
            if !direct.is_empty() {
                break direct;
            }
            match outgoing
                .of(at)
                .iter()
                .copied()
                .find(|&t| nodes[t].ty.is_scheme() && nodes[t].ty != Type::Ma)
            {
                Some(next) => at = next,
                None => break Vec::new(),
            }
        };
        for link in chain {
            conclusions.insert(link, found.clone());
        }
        found
    };

    // The links of the tree-to-be, between representatives, in file order of the scheme nodes.
    // About a link an inference or conflict: room for them all, so neither regrows.
    let schemes = (nodes.iter())
        .filter(|node| matches!(node.ty, Type::Ra | Type::Ca))
        .count();
    let mut link_pairs: Vec<(usize, Link)> = Vec::with_capacity(schemes);
    let mut has_parent = vec![false; n];
    // A link is kept once, whatever scheme each inference drawing it names (the first's is kept).
    let mut seen_links: FastSet<(usize, usize, Kind, bool)> =
        FastSet::with_capacity_and_hasher(schemes, Default::default());
    let mut scheme_names: Vec<String> = Vec::new();
    // One buffer each for every scheme's premises and ends, rather than new ones each time.
    let mut froms: Vec<usize> = Vec::new();
    let mut to_links: Vec<(usize, Kind, bool)> = Vec::new();
    // Undercuts, as (the conflict, the inference it attacks, that inference's conclusion), and
    // the first linked argument with how many there are: the tree cannot show either exactly,
    // so each is said (below).
    let mut undercuts: Vec<(usize, usize, usize)> = Vec::new();
    let mut linked: Option<(usize, usize)> = None;
    for s in 0..n {
        let ty = nodes[s].ty;
        if !matches!(ty, Type::Ra | Type::Ca) {
            continue;
        }
        let word = if ty == Type::Ra {
            "inference (RA)"
        } else {
            "conflict (CA)"
        };
        let scheme = if nodes[s].text.trim().is_empty() {
            None
        } else {
            scheme_names.push(nodes[s].text.to_string());
            NonZeroU32::new(scheme_names.len() as u32)
        };
        froms.clear();
        froms.extend(premises(s).map(|p| rep[p]));
        if froms.is_empty() {
            problems.push(Problem::warning(
                at(nodes[s].offset),
                format!(
                    "the {word} {:?} has no statement leading into it; it is left out",
                    nodes[s].aif_id
                ),
            ));
            continue;
        }
        to_links.clear();
        to_links.extend(targets(s).map(|t| {
            let kind = if ty == Type::Ra {
                Kind::Claim
            } else {
                Kind::Objection
            };
            (rep[t], kind, false)
        }));
        for &t in outgoing.of(s) {
            // Aimed at a conflict, it bears on the attack, so it stands under the attacker: a
            // conflict with it answers the objection, an inference backs it.
            if nodes[t].ty == Type::Ca {
                let before = to_links.len();
                let kind = if ty == Type::Ca {
                    Kind::Rebuttal
                } else {
                    Kind::Claim
                };
                to_links.extend(premises(t).map(|p| (rep[p], kind, false)));
                if to_links.len() > before {
                    continue;
                }
            }
            if matches!(nodes[t].ty, Type::Ra | Type::Ca) {
                for c in resolve(t, &mut conclusions) {
                    let undercut = ty == Type::Ca;
                    if undercut && nodes[t].ty == Type::Ra {
                        undercuts.push((s, t, c));
                    }
                    let kind = if undercut {
                        Kind::Objection
                    } else {
                        Kind::Claim
                    };
                    to_links.push((c, kind, undercut));
                }
            }
        }
        if ty == Type::Ra && froms.len() > 1 && !to_links.is_empty() {
            linked.get_or_insert((s, 0)).1 += 1;
        }
        if to_links.is_empty() {
            problems.push(Problem::warning(
                at(nodes[s].offset),
                format!(
                    "the {word} {:?} leads to no statement; it is left out",
                    nodes[s].aif_id
                ),
            ));
            continue;
        }
        if too_many_links(froms.len(), to_links.len()) {
            problems.push(Problem::warning(
                at(nodes[s].offset),
                format!(
                    "the {word} {:?} joins {} premises to {} conclusions, {} links, too many to show; its premises are shown under its first conclusion only",
                    nodes[s].aif_id,
                    froms.len(),
                    to_links.len(),
                    froms.len() * to_links.len()
                ),
            ));
            to_links.truncate(1);
        }
        for &(to, kind, undercut) in &to_links {
            for &from in &froms {
                if from == to {
                    problems.push(Problem::warning(
                        at(nodes[s].offset),
                        format!("the {word} {:?} joins a statement (or its rephrasing) to itself; that link is left out", nodes[s].aif_id),
                    ));
                    continue;
                }
                if seen_links.insert((to, from, kind, undercut)) {
                    let link = Link {
                        child: from,
                        kind,
                        undercut,
                        scheme,
                    };
                    link_pairs.push((to, link));
                    has_parent[from] = true;
                }
            }
        }
    }

    if let Some((first, count)) = linked {
        let others = match count {
            1 => String::new(),
            2 => " (and one more inference)".to_string(),
            n => format!(" (and {} more inferences)", n - 1),
        };
        problems.push(Problem::warning(
            at(nodes[first].offset),
            format!(
                "the inference (RA) {:?}{others} draws its conclusion from several premises together, a linked argument; the tree has no way to group them, so each premise stands under the conclusion as a reason of its own",
                nodes[first].aif_id
            ),
        ));
    }
    if !undercuts.is_empty() {
        // How many inferences lead into each statement: an undercut of one of several stands
        // under their conclusion, where it reads as undercutting them all.
        let mut into: FastMap<usize, usize> = FastMap::default();
        for r in (0..n).filter(|&r| nodes[r].ty == Type::Ra) {
            let mut ends: Vec<usize> = targets(r).map(|t| rep[t]).collect();
            ends.sort_unstable();
            ends.dedup();
            for c in ends {
                *into.entry(c).or_default() += 1;
            }
        }
        for (s, t, c) in undercuts {
            let count = into.get(&c).copied().unwrap_or(0);
            if count > 1 {
                problems.push(Problem::warning(
                    at(nodes[s].offset),
                    format!(
                        "the conflict (CA) {:?} undercuts the inference (RA) {:?} only, one of {count} that lead to {:?}; the tree shows it under that statement, where it reads as undercutting all {count}",
                        nodes[s].aif_id,
                        nodes[t].aif_id,
                        crate::text::truncate(&sanitize(nodes[c].text.trim(), false), 40)
                    ),
                ));
            }
        }
    }
    drop((seen_links, conclusions, outgoing, incoming));
    let links = Rows::new(n, link_pairs.iter().copied());
    drop(link_pairs);

    // Each wording once per statement (a hash set, since one statement may have many).
    let mut wordings: FastSet<(usize, String)> = FastSet::default();
    let mut mains: FastMap<usize, String> = FastMap::default();
    let mut alsos: FastMap<usize, Vec<String>> = FastMap::default();
    for i in (0..n).filter(|&i| nodes[i].ty == Type::I && rep[i] != i) {
        let also = sanitize(nodes[i].text.trim(), true);
        let main = mains
            .entry(rep[i])
            .or_insert_with(|| sanitize(nodes[rep[i]].text.trim(), true));
        if !also.is_empty() && also != *main && wordings.insert((rep[i], also.clone())) {
            alsos.entry(rep[i]).or_default().push(also);
        }
    }
    drop((wordings, mains));
    let is_statement = |i: usize| nodes[i].ty == Type::I && rep[i] == i;

    // Tops: concluded from others and a premise of none, then the tops of circles.
    let mut tops: Vec<usize> = (0..n)
        .filter(|&i| is_statement(i) && !links.of(i).is_empty() && !has_parent[i])
        .collect();
    let unconnected: Vec<usize> = (0..n)
        .filter(|&i| is_statement(i) && links.of(i).is_empty() && !has_parent[i])
        .collect();
    // A counting walk: how much each top holds, and what no top reaches.
    let mut reached = vec![false; n];
    let mut sizes: FastMap<usize, usize> = FastMap::default();
    let count = |top: usize, reached: &mut Vec<bool>| -> usize {
        let mut size = 0;
        let mut stack = vec![top];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut reached[i], true) {
                continue;
            }
            size += 1;
            stack.extend(links.of(i).iter().map(|l| l.child));
        }
        size
    };
    for &top in &tops {
        sizes.insert(top, count(top, &mut reached));
    }
    // Parents of each statement, to climb from something unreached to the top of its circle.
    let parents = Rows::new(
        n,
        (0..n).flat_map(|to| links.of(to).iter().map(move |link| (link.child, to))),
    );
    let mut circle_tops = Vec::new();
    let mut climbed = vec![false; n];
    for i in 0..n {
        if !is_statement(i) || reached[i] || !has_parent[i] {
            continue;
        }
        let mut top = i;
        climbed[top] = true;
        while let Some(&up) = parents.of(top).iter().find(|&&p| !reached[p]) {
            if std::mem::replace(&mut climbed[up], true) {
                top = up;
                break;
            }
            top = up;
        }
        count(top, &mut reached);
        circle_tops.push(top);
        let message = format!(
            "these statements support or attack each other in a circle with none on top; the tree starts the circle at {:?}",
            nodes[top].aif_id
        );
        problems.push(Problem::warning(at(nodes[top].offset), message).nothing_left_out());
    }
    tops.sort_by_key(|top| std::cmp::Reverse(sizes.get(top).copied().unwrap_or(0)));
    tops.extend(circle_tops);
    drop((sizes, reached, climbed, parents, has_parent));

    let synthetic =
        !(tops.len() == 1 && unconnected.is_empty() || tops.is_empty() && unconnected.len() == 1);
    let name = std::path::Path::new(file)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "AIF map".to_string());
    Plan {
        links,
        schemes: scheme_names,
        tops,
        unconnected,
        alsos,
        synthetic,
        name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// The table of numbered ids and the hashed ones together answer as one map of the
        /// ids' texts would: "7", "07", "+7", "7.0" and "a7" are all different ids.
        #[test]
        fn ids_are_found_as_a_map_of_their_texts_finds_them(
            nodes in 1usize..40,
            ids in proptest::collection::vec(
                proptest::prop_oneof![
                    (0u32..300).prop_map(|n| n.to_string()),
                    (0u32..300).prop_map(|n| format!("0{n}")),
                    (0u32..30).prop_map(|n| format!("-{n}")),
                    (0u32..30).prop_map(|n| format!("{n}.0")),
                    (0u32..30).prop_map(|n| format!("a{n}")),
                    proptest::sample::select(vec!["", "0", "00", "4294967295", "99999999999", "1e3"]).prop_map(String::from),
                ],
                0..60,
            ),
        ) {
            let mut by_id = NodesById::for_nodes(nodes);
            let mut model: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
            for (index, id) in ids.iter().enumerate() {
                let taken = by_id.take(Cow::Borrowed(id.as_str()), index);
                let model_taken = !model.contains_key(id);
                model.entry(id.clone()).or_insert(index);
                proptest::prop_assert_eq!(taken, model_taken, "taking {:?}", id);
            }
            for id in &ids {
                proptest::prop_assert_eq!(by_id.get(id), model.get(id).copied(), "{:?}", id);
                let other = format!("{id}x");
                proptest::prop_assert_eq!(by_id.get(&other), model.get(&other).copied());
            }
        }
    }

    /// What the lenient reader makes of `text`.
    fn leniently(text: &str) -> Option<Document<'_>> {
        let at = |offset: usize| Place::at("f.json", 1, offset + 1);
        lenient(text, "f.json", &at, &mut Vec::new())
    }

    #[test]
    fn the_quick_reader_reads_strict_json_as_the_lenient_one_does() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/aif");
        let mut quick_fixtures = 0;
        for entry in std::fs::read_dir(folder).expect("the fixtures") {
            let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("a fixture");
            // Only the empty and the broken fixtures are not strict JSON.
            if let Some(quick) = scan::read(&text) {
                quick_fixtures += 1;
                assert_eq!(Some(quick), leniently(&text), "{text}");
            }
        }
        assert!(quick_fixtures >= 10, "{quick_fixtures}");
        let texts: Vec<String> = Vec::from(
            [
                r#"{"nodes": [{"nodeID": " 1 ", "nodeID": "2", "type": "i", "text": "A &amp; B"}, 7, {"id": 3e2, "text": 5}, {"type": "L"}], "edges": [{"from": {"id": -0.5}, "to": {"nodeID": "1"}}, {"fromID": null, "from": "1"}, {"from": 1, "to": [2]}, []]}"#,
                r#"{"AIF": {"nodes": [{"nodeID": "1", "text": "caf\u00e9 \ud83d\ude00 \"q\" \/ \\ \n\t"}], "edges": {}}, "nodes": []}"#,
                r#"{"AIF": {"edges": []}, "nodes": "none", "edges": [{"toID": "x"}]}"#,
                r#"{"AIF": [1, {"a": [true, false, null]}], "no\u0064es": [{"\u006eodeID": "k", "type": 1}]}"#,
                r#"{"edges": [], "other": {"nodes": []}}"#,
                " \t\r\n{ } \n",
            ]
            .map(String::from),
        );
        for text in &texts {
            let quick = scan::read(text).expect("strict JSON is read the quick way");
            assert_eq!(Some(quick), leniently(text), "{text}");
        }
    }

    #[test]
    fn the_quick_reader_leaves_anything_but_strict_json_to_the_lenient_one() {
        let deep = format!("{{\"nodes\": {}{}}}", "[".repeat(100), "]".repeat(100));
        for text in [
            "",
            "[]",
            "{\"nodes\": []} // a comment",
            "{\"nodes\": [1,]}",
            "{\"nodes\": ['a']}",
            "{\"nodes\": [01]}",
            "{\"nodes\": [\"\\ud83d\"]}",
            "{\"nodes\": [\"a\tb\"]}",
            "{\"nodes\": [truex]}",
            "{nodes: []}",
            "{\"nodes\": []} {}",
            "\u{feff}{\"nodes\": []}",
            &deep,
        ] {
            assert!(scan::read(text).is_none(), "{text}");
        }
    }

    proptest::proptest! {
        /// Tokens of AIF files strung at random: whatever the quick reader takes, it reads as the
        /// lenient one does.
        #[test]
        fn wherever_the_quick_reader_reads_it_agrees_with_the_lenient_one(
            text in r#"(\{|\}|\[|\]|,|:| |"nodes"|"edges"|"AIF"|"nodeID"|"id"|"type"|"text"|"fromID"|"toID"|"from"|"to"|"1"|2|null|" x "){0,60}"#
        ) {
            if let Some(quick) = scan::read(&text) {
                proptest::prop_assert_eq!(Some(quick), leniently(&text));
            }
        }
    }
}
