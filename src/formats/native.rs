//! argscope JSON, version 1: the map format this program reads and writes natively.
//!
//! Parsing goes through a JSON syntax tree with byte ranges, so every problem can name the line
//! and column of the value that causes it.

use std::borrow::Cow;
use std::fmt::Write as _;

use jsonc_parser::ast::{Array, Object, ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use crate::model::problem::LineIndex;
use crate::model::validate::{NodePlaces, validate};
use crate::model::{
    Anchor, ArgMap, Body, FastMap, FastSet, FieldPlaces, Kind, Meta, NodeId, Place, Problem,
    SourceInfo, Statement,
};
use crate::text::sanitize;

mod fast;
pub use fast::parse_fast;

/// The format version this build reads and writes.
pub const VERSION: u64 = 1;

/// A parsed map with the places of its fields, for later checks (quotes against the document).
#[derive(Debug)]
pub struct Parsed<'a> {
    pub map: ArgMap,
    pub places: FieldPlaces<'a>,
}

/// JSON as the standard has it: no comments, trailing commas or other JSON5 liberties.
pub fn strict_json() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses argscope JSON. `file` names the input in messages. On failure returns every problem found.
pub fn parse<'a>(json: &'a str, file: &str) -> Result<Parsed<'a>, Vec<Problem>> {
    let lines = LineIndex::new(json);
    let at = |offset: usize| lines.place(file, offset);
    let options = strict_json();
    let ast = match parse_to_ast(json, &CollectOptions::default(), &options) {
        Ok(result) => result.value,
        Err(error) => {
            let (offset, message) = match syntax_fault(json, &lines, &error) {
                Some((offset, fault)) => (offset, format!("this is not valid JSON: {fault}")),
                // Deeper than jsonc-parser reads, which it tells only once past it: the map
                // without its places, if it is well-formed.
                None if let Some(map) = parse_fast(json) => {
                    let places = FieldPlaces {
                        file: file.to_string(),
                        nodes: Vec::new(),
                        lines,
                    };
                    return Ok(Parsed { map, places });
                }
                None => match too_deep(json) {
                    Some(offset) => (
                        offset,
                        format!(
                            "the map nests more than {DEEPEST_READ} levels deep here, deeper than argscope reads; flatten the map (a node's children can be references)"
                        ),
                    ),
                    None => {
                        return Err(vec![Problem::error(
                            Place::whole(file),
                            format!(
                                "the map nests more than {DEEPEST_PLACED} levels deep and is not valid argscope JSON, but so deep argscope cannot point to the place; check it with a JSON tool (such as `python3 -m json.tool FILE`) or export it again"
                            ),
                        )]);
                    }
                },
            };
            return Err(vec![Problem::error(at(offset), message)]);
        }
    };
    let Some(Value::Object(top)) = ast else {
        return Err(vec![Problem::error(
            at(0),
            "the file holds no JSON object; an argscope map is an object such as {\"argscope\": 1, \"root\": {…}}",
        )]);
    };
    let mut reader = Reader {
        at: &at,
        problems: Vec::new(),
    };
    let read = reader.read_map(&top);
    let mut problems = reader.problems;
    let Some((map, nodes)) = read else {
        return Err(problems);
    };
    let places = FieldPlaces {
        file: file.to_string(),
        nodes,
        lines,
    };
    if problems.is_empty() {
        return Ok(Parsed { map, places });
    }
    // The map read around the faults still shows the ones only validation finds (an id used
    // twice, an empty label), so one `check` lists them all, after the reader's (which name a
    // misspelt field before the field found missing). A field the reader refused reads as
    // empty, which validation would report again at the same place: that is left out.
    // (Every problem here is in this one file, so its line and column tell its place.)
    let refused: FastSet<Option<(usize, usize)>> =
        problems.iter().map(|p| p.place.line_col).collect();
    problems.extend(
        validate(&map, &places)
            .into_iter()
            .filter(|p| !refused.contains(&p.place.line_col)),
    );
    Err(problems)
}

/// Where a JSON syntax error is, and what is wrong there and how to mend it, for every reader of
/// JSON files; `None` for JSON nested too deep, which each reader words for its own format.
pub(crate) fn syntax_fault(
    json: &str,
    lines: &LineIndex,
    error: &jsonc_parser::errors::ParseError,
) -> Option<(usize, String)> {
    match error.kind() {
        ParseErrorKind::NestingDepthExceeded => None,
        // The parser names where the unclosed object or list opens; the reader's eye is at the
        // end, where the closing bracket is missing.
        ParseErrorKind::UnterminatedObject | ParseErrorKind::UnterminatedArray => {
            let (what, close) = match error.kind() {
                ParseErrorKind::UnterminatedObject => ("object", '}'),
                _ => ("list", ']'),
            };
            let (line, column) = lines.line_col(error.range().start);
            Some((
                json.trim_end().len(),
                format!(
                    "the file ends before the {what} opened on line {line}, column {column} is closed; add the missing `{close}` where it belongs"
                ),
            ))
        }
        // A file cut short (a copy or a save that did not finish) most often ends in a string.
        ParseErrorKind::String(jsonc_parser::ParseStringErrorKind::UnterminatedStringLiteral) => {
            Some((
                error.range().start,
                "the file ends inside the text that opens here, so it was probably cut short while being saved or copied; get the whole file again, or close the text with `\"` and the brackets after it".to_string(),
            ))
        }
        kind => {
            let at = error.range().start;
            let before = scan_up_to(json, at);
            // A text left unclosed reads on into the next line, where the parser then stumbles:
            // the place to mend is where the text opens.
            if let Some(open) = before.text_across_lines {
                let (line, _) = lines.line_col(open);
                return Some((
                    open,
                    format!(
                        "the text that opens here is not closed on its line {line} (JSON text cannot run across lines), so what follows is read as part of it; add the closing `\"` where the text ends"
                    ),
                ));
            }
            let found = json.get(at..).and_then(|rest| rest.chars().next());
            // A field's `:` inside a list: the list before it lacks its `]`, and the place to
            // mend it is that list, not this field, where the parser stumbles.
            if let (Some((opened, b'[')), Some(':')) = (before.innermost, found)
                && let Some(name_at) = field_name_before(json, at)
            {
                let (line, column) = lines.line_col(name_at);
                let name = json[name_at..at].trim_end();
                return Some((
                    opened,
                    format!(
                        "the list opened here is never closed, so the field {name} on line {line}, column {column} is read as inside it; add the missing `]` after the list's last item"
                    ),
                ));
            }
            if let (Some((opened, open)), Some(found @ ('}' | ']'))) = (before.innermost, found) {
                let (want, what) = if open == b'[' { (']', "list") } else { ('}', "object") };
                if found != want {
                    let (line, column) = lines.line_col(opened);
                    return Some((
                        at,
                        format!(
                            "a `{found}` closes here, but the {what} opened on line {line}, column {column} is still open; add the missing `{want}` before it"
                        ),
                    ));
                }
            }
            Some((
                at,
                format!(
                    "{}; correct the JSON at this place",
                    lowercase_first(&kind.to_string())
                ),
            ))
        }
    }
}

/// Where the field name (a JSON text on one line, `"edges"`) before the `:` at `colon` opens.
fn field_name_before(json: &str, colon: usize) -> Option<usize> {
    let before = json.get(..colon)?.trim_end();
    let inside = before.strip_suffix('"')?;
    let open = inside.rfind(['"', '\n'])?;
    (inside.as_bytes()[open] == b'"').then_some(open)
}

/// What precedes a syntax error in JSON text: where the text (string) just before it opens,
/// when that text runs across a line break and the error follows it directly, as one left
/// unclosed does; and the innermost object or list still open, with where it opens.
#[derive(Default)]
struct Before {
    text_across_lines: Option<usize>,
    innermost: Option<(usize, u8)>,
}

/// Reads `json` up to `end` as JSON's strings and brackets go; only a file that failed to
/// parse is read so, once.
fn scan_up_to(json: &str, end: usize) -> Before {
    let mut open: Vec<(usize, u8)> = Vec::new();
    // The text being read (where it opens, and whether it has crossed a line), and the last
    // text read (the same, and where it closed).
    let mut text: Option<(usize, bool)> = None;
    let mut last_text: Option<(usize, bool, usize)> = None;
    let mut escaped = false;
    let bytes = json.as_bytes();
    for (at, &byte) in bytes[..end.min(bytes.len())].iter().enumerate() {
        if let Some((from, across)) = &mut text {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => {
                    last_text = Some((*from, *across, at + 1));
                    text = None;
                }
                b'\n' => *across = true,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => text = Some((at, false)),
            b'{' | b'[' => open.push((at, byte)),
            b'}' | b']' => {
                open.pop();
            }
            _ => {}
        }
    }
    let text_across_lines = last_text
        .filter(|&(_, across, closed)| {
            across
                && json
                    .get(closed..end)
                    .is_some_and(|gap| gap.trim().is_empty())
        })
        .map(|(from, ..)| from);
    Before {
        text_across_lines,
        innermost: open.last().copied(),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct Reader<'f, F: Fn(usize) -> Place> {
    at: &'f F,
    problems: Vec<Problem>,
}

/// A node's fields as read from its JSON object, before it joins the arena.
struct RawNode<'a> {
    kind: Option<Kind>,
    undercut: bool,
    scheme: String,
    body: RawBody<'a>,
    children: Option<&'a Array<'a>>,
    places: NodePlaces,
}

enum RawBody<'a> {
    Statement(Statement),
    Ref { target: Cow<'a, str>, offset: usize },
}

const MAP_FIELDS: &[&str] = &["argscope", "title", "author", "source", "root"];
const SOURCE_FIELDS: &[&str] = &["file", "title", "publisher", "url", "argument_ends_before"];
const NODE_FIELDS: &[&str] = &[
    "id", "kind", "label", "text", "quote", "url", "also", "undercut", "scheme", "children",
];
const REF_FIELDS: &[&str] = &["ref", "kind", "undercut", "scheme"];

impl<'f, F: Fn(usize) -> Place> Reader<'f, F> {
    fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.problems
            .push(Problem::error((self.at)(offset), message));
    }

    fn read_map(&mut self, top: &Object) -> Option<(ArgMap, Vec<NodePlaces>)> {
        self.reject_unknown_fields(top, MAP_FIELDS, "the map");
        match top.get("argscope").map(|p| &p.value) {
            Some(Value::NumberLit(n)) if n.value == "1" => {}
            // "1" or 1.0: the version meant, written as something else.
            Some(other @ (Value::StringLit(_) | Value::NumberLit(_)))
                if source_text(other).trim_matches('"').parse::<f64>() == Ok(VERSION as f64) =>
            {
                self.error(
                    other.start(),
                    format!("\"argscope\" must be the whole number {VERSION}, written without quotes or a decimal point: \"argscope\": {VERSION}"),
                )
            }
            Some(other) => self.error(
                other.start(),
                format!("this file is argscope format version {}, but this build reads version {VERSION}; set \"argscope\": {VERSION}", source_text(other)),
            ),
            None => self.error(
                top.start(),
                "this JSON is not an argscope map: it has no \"argscope\" field; add \"argscope\": 1 at the top",
            ),
        }
        let meta = Meta {
            title: self.string_field(top, "title", "the map"),
            author: self.string_field(top, "author", "the map"),
            source: self.read_source(top),
        };
        let Some(root_value) = top.get("root").map(|p| &p.value) else {
            self.error(top.start(), "the map has no \"root\"; add \"root\": {\"id\": …, \"kind\": \"thesis\", \"label\": …}");
            return None;
        };
        self.read_tree(meta, root_value)
    }

    fn read_source(&mut self, top: &Object) -> SourceInfo {
        let Some(prop) = top.get("source") else {
            return SourceInfo::default();
        };
        let Value::Object(source) = &prop.value else {
            self.error(
                prop.value.start(),
                "\"source\" must be an object such as {\"file\": \"article.txt\", \"title\": …}",
            );
            return SourceInfo::default();
        };
        self.reject_unknown_fields(source, SOURCE_FIELDS, "\"source\"");
        let ends = self.string_field(source, "argument_ends_before", "\"source\"");
        SourceInfo {
            file: self.string_field(source, "file", "\"source\""),
            title: self.string_field(source, "title", "\"source\""),
            publisher: self.string_field(source, "publisher", "\"source\""),
            url: self.string_field(source, "url", "\"source\""),
            argument_ends_before: (!ends.is_empty()).then_some(ends),
        }
    }

    /// Reads the tree with an explicit stack: nodes are visited in reading order, so each one is
    /// appended to its parent's children in the file's order.
    fn read_tree(&mut self, meta: Meta, root_value: &Value) -> Option<(ArgMap, Vec<NodePlaces>)> {
        let root = self.read_node(root_value)?;
        let RawBody::Statement(thesis) = root.body else {
            self.error(root_value.start(), "the root is a reference, but a map starts from its own thesis; write the thesis out in full");
            return None;
        };
        let mut map = ArgMap::new(meta, thesis);
        map.nodes[0].kind = root.kind.unwrap_or(Kind::Thesis);
        let mut places = vec![root.places];
        let mut refs: Vec<(NodeId, Cow<str>, usize)> = Vec::new();
        let mut stack: Vec<(&Value, NodeId)> = Vec::new();
        push_children(&mut stack, root.children, map.root);
        while let Some((value, parent)) = stack.pop() {
            let Some(raw) = self.read_node(value) else {
                continue;
            };
            let kind = raw.kind.unwrap_or(Kind::Claim);
            let body = match raw.body {
                RawBody::Statement(statement) => Body::Statement(statement),
                RawBody::Ref { target, offset } => {
                    // Resolved below, once every statement's id is known.
                    let id = NodeId(map.nodes.len() as u32);
                    refs.push((id, target, offset));
                    Body::Ref(id)
                }
            };
            let id = map.push(parent, kind, body);
            map.nodes[id.index()].undercut = raw.undercut;
            map.set_scheme(id, &raw.scheme);
            places.push(raw.places);
            push_children(&mut stack, raw.children, id);
        }
        // One index of ids for all references, rather than a search per reference.
        let ids: FastMap<&str, NodeId> = map
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, node)| match &node.body {
                Body::Statement(s) => Some((s.id.as_str(), NodeId(i as u32))),
                Body::Ref(_) => None,
            })
            .collect();
        let mut resolved = Vec::with_capacity(refs.len());
        for (id, target, offset) in refs {
            match ids.get(target.as_ref()).copied() {
                Some(found) => resolved.push((id, found)),
                None => self.error(
                    offset,
                    format!("the reference {target:?} names no node in this map; use the \"id\" of a node defined elsewhere in the file"),
                ),
            }
        }
        for (id, found) in resolved {
            map.nodes[id.index()].body = Body::Ref(found);
        }
        Some((map, places))
    }

    fn read_node<'a>(&mut self, value: &'a Value<'a>) -> Option<RawNode<'a>> {
        let Value::Object(object) = value else {
            self.error(value.start(), "a node must be an object such as {\"id\": \"point-1\", \"kind\": \"claim\", \"label\": …}");
            return None;
        };
        let mut places = NodePlaces {
            node: object.start(),
            ..NodePlaces::default()
        };
        let kind = self.read_kind(object, &mut places);
        if let Some(target) = object.get("ref") {
            self.reject_unknown_fields(object, REF_FIELDS, "a reference");
            let Value::StringLit(name) = &target.value else {
                self.error(
                    target.value.start(),
                    "\"ref\" must be the id of another node, as a string",
                );
                return None;
            };
            let undercut = self.bool_field(object, "undercut");
            let scheme = self.string_field(object, "scheme", "a reference");
            return Some(RawNode {
                kind,
                undercut,
                scheme,
                body: RawBody::Ref {
                    target: name.value.clone(),
                    offset: name.range.start,
                },
                children: None,
                places,
            });
        }
        self.reject_unknown_fields(object, NODE_FIELDS, "a node");
        let id = self.required_string(object, "id", &mut places.id);
        let label = self.required_string(object, "label", &mut places.label);
        if let Some(prop) = object.get("quote") {
            places.quote = Some(prop.value.start());
        }
        let statement = Statement {
            id: id.unwrap_or_default(),
            label: sanitize(label.as_deref().unwrap_or_default(), false),
            text: sanitize(&self.string_field(object, "text", "a node"), true),
            quote: sanitize(&self.string_field(object, "quote", "a node"), true),
            anchor: Anchor::Unverified,
            url: sanitize(&self.string_field(object, "url", "a node"), false),
            also: self.string_list(object, "also"),
        };
        let undercut = self.bool_field(object, "undercut");
        let scheme = self.string_field(object, "scheme", "a node");
        let children = match object.get("children").map(|p| &p.value) {
            None => None,
            Some(Value::Array(array)) => Some(array),
            Some(other) => {
                self.error(
                    other.start(),
                    "\"children\" must be a list of nodes: [ {…}, {…} ]",
                );
                None
            }
        };
        Some(RawNode {
            kind,
            undercut,
            scheme,
            body: RawBody::Statement(statement),
            children,
            places,
        })
    }

    fn read_kind(&mut self, object: &Object, places: &mut NodePlaces) -> Option<Kind> {
        let Some(prop) = object.get("kind") else {
            self.error(
                object.start(),
                format!("this node has no \"kind\"; add one of {}", Kind::choices()),
            );
            return None;
        };
        places.kind = Some(prop.value.start());
        let found = match &prop.value {
            Value::StringLit(name) => Kind::from_name(&name.value),
            _ => None,
        };
        if found.is_none() {
            self.error(
                prop.value.start(),
                format!(
                    "unknown kind {}; use one of {}",
                    source_text(&prop.value),
                    Kind::choices()
                ),
            );
        }
        found
    }

    fn required_string(
        &mut self,
        object: &Object,
        name: &str,
        place: &mut Option<usize>,
    ) -> Option<String> {
        let Some(prop) = object.get(name) else {
            self.error(object.start(), format!("this node has no {name:?}; every node needs an \"id\", a \"kind\" and a \"label\""));
            return None;
        };
        *place = Some(prop.value.start());
        match &prop.value {
            Value::StringLit(s) => Some(s.value.to_string()),
            other => {
                self.error(
                    other.start(),
                    format!("{name:?} must be a string in double quotes"),
                );
                None
            }
        }
    }

    /// An optional true/false field; a missing one reads as false.
    fn bool_field(&mut self, object: &Object, name: &str) -> bool {
        match object.get(name).map(|p| &p.value) {
            None => false,
            Some(Value::BooleanLit(b)) => b.value,
            Some(other) => {
                self.error(other.start(), format!("{name:?} must be true or false"));
                false
            }
        }
    }

    /// An optional list of strings; a missing one reads as empty.
    fn string_list(&mut self, object: &Object, name: &str) -> Vec<String> {
        match object.get(name).map(|p| &p.value) {
            None => Vec::new(),
            Some(Value::Array(array)) => array
                .elements
                .iter()
                .filter_map(|element| match element {
                    Value::StringLit(s) => Some(sanitize(&s.value, true)),
                    other => {
                        self.error(other.start(), format!("{name:?} must be a list of strings"));
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.error(
                    other.start(),
                    format!("{name:?} must be a list of strings, such as [\"…\"]"),
                );
                Vec::new()
            }
        }
    }

    /// An optional string field; a missing one reads as empty.
    fn string_field(&mut self, object: &Object, name: &str, owner: &str) -> String {
        match object.get(name).map(|p| &p.value) {
            None => String::new(),
            Some(Value::StringLit(s)) => s.value.to_string(),
            Some(other) => {
                self.error(
                    other.start(),
                    format!("{name:?} in {owner} must be a string in double quotes"),
                );
                String::new()
            }
        }
    }

    /// Refuses fields not in `allowed`, and a field written twice: which of the two a reader
    /// takes is not said by JSON, so the file says two things.
    fn reject_unknown_fields(&mut self, object: &Object, allowed: &[&str], owner: &str) {
        let mut seen: Vec<&str> = Vec::with_capacity(object.properties.len());
        for prop in &object.properties {
            let name = match &prop.name {
                ObjectPropName::String(s) => s.value.as_ref(),
                ObjectPropName::Word(w) => w.value,
            };
            if seen.contains(&name) {
                self.error(
                    prop.range.start,
                    format!("{owner} has the field {name:?} twice; keep one of them"),
                );
            }
            seen.push(name);
            if !allowed.contains(&name) {
                let list = allowed
                    .iter()
                    .map(|f| format!("{f:?}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error(
                    prop.range.start,
                    format!("{owner} has an unknown field {name:?}; the fields are {list}"),
                );
            }
        }
    }
}

fn push_children<'a>(
    stack: &mut Vec<(&'a Value<'a>, NodeId)>,
    children: Option<&'a Array<'a>>,
    parent: NodeId,
) {
    if let Some(array) = children {
        stack.extend(array.elements.iter().rev().map(|child| (child, parent)));
    }
}

/// A short rendering of a JSON value for messages: strings quoted, others by their type.
fn source_text(value: &Value) -> String {
    match value {
        Value::StringLit(s) => format!("{:?}", s.value),
        Value::NumberLit(n) => n.value.to_string(),
        Value::BooleanLit(b) => b.value.to_string(),
        Value::NullKeyword(_) => "null".to_string(),
        Value::Object(_) => "an object".to_string(),
        Value::Array(_) => "a list".to_string(),
    }
}

/// Writes a map as argscope JSON, pretty-printed with two-space indents.
///
/// Written by hand rather than through serde so that a map of any depth is written without
/// recursion; strings still go through serde_json for correct escaping.
pub fn write(map: &ArgMap) -> String {
    let mut out = String::with_capacity(estimated_size(map));
    // Flushing into a string cannot fail: the text just stays in `out`.
    let _ = write_with(map, &mut out, &mut |_| Ok(()));
    out
}

/// [`write`] straight into `sink` (a file being exported), a buffer at a time, so the whole
/// text never has to be held in memory: a million-node map writes about 700 MB. With a second
/// core, each buffer is written there while the next is made here: handing 64 MB to the
/// system takes about two thirds of the time making it does, and they no longer add up.
pub fn write_to(map: &ArgMap, sink: &mut (impl std::io::Write + Send)) -> std::io::Result<()> {
    if !crate::parallel::has_two_cores() {
        return write_here(map, sink);
    }
    // One buffer waits while one is written and one is made, so memory stays a few buffers.
    let (hand_over, to_write) = std::sync::mpsc::sync_channel::<String>(1);
    let (give_back, written) = std::sync::mpsc::channel::<String>();
    let piped = std::thread::scope(|scope| {
        let sink = &mut *sink;
        let writer = std::thread::Builder::new()
            .name("argscope-writer".into())
            .spawn_scoped(scope, move || -> std::io::Result<()> {
                for mut buffer in to_write {
                    sink.write_all(buffer.as_bytes())?;
                    buffer.clear();
                    // Made again if the maker has finished and gone.
                    let _ = give_back.send(buffer);
                }
                Ok(())
            });
        // With no thread to be had, nothing was written: it is all written here, below.
        let writer = writer.ok()?;
        let mut buffer = String::with_capacity(2 * FLUSH_AT);
        // The writer has stopped only on an error, which it returns; this one is not shown.
        let stopped = || std::io::Error::other("the writer stopped");
        let made = write_with(map, &mut buffer, &mut |buffer| {
            let next = written
                .try_recv()
                .unwrap_or_else(|_| String::with_capacity(2 * FLUSH_AT));
            (hand_over.send(std::mem::replace(buffer, next))).map_err(|_| stopped())
        })
        .and_then(|()| hand_over.send(buffer).map_err(|_| stopped()));
        drop(hand_over);
        let wrote = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Some(wrote.and(made))
    });
    piped.unwrap_or_else(|| write_here(map, sink))
}

/// [`write_to`] on one core: each buffer is written as soon as it is full.
fn write_here(map: &ArgMap, sink: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut buffer = String::with_capacity(2 * FLUSH_AT);
    write_with(map, &mut buffer, &mut |buffer| {
        sink.write_all(buffer.as_bytes())?;
        buffer.clear();
        Ok(())
    })?;
    sink.write_all(buffer.as_bytes())
}

/// How much written text [`write_to`] gathers before handing it on: a megabyte, so a large
/// export makes few system calls (the 100k-node debate was written 17% sooner than in 64 KB
/// pieces) while the buffer stays small beside the map.
const FLUSH_AT: usize = 1 << 20;

/// Room for the whole text at once, so building it copies nothing: each statement's strings
/// plus about a hundred bytes of names, quotes and indents per node.
fn estimated_size(map: &ArgMap) -> usize {
    map.nodes
        .iter()
        .map(|node| match &node.body {
            Body::Statement(s) => 160 + s.id.len() + s.label.len() + s.text.len() + s.quote.len(),
            Body::Ref(_) => 80,
        })
        .sum()
}

/// Writes the map into `out`, calling `flush` with it whenever it holds [`FLUSH_AT`] bytes or
/// more (a flush that keeps the text lets it all accumulate).
fn write_with(
    map: &ArgMap,
    out: &mut String,
    flush: &mut dyn FnMut(&mut String) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let meta = &map.meta;
    out.push_str("{\n");
    let _ = writeln!(out, "  \"argscope\": {VERSION},");
    let _ = writeln!(out, "  \"title\": {},", quoted(&meta.title));
    let _ = writeln!(out, "  \"author\": {},", quoted(&meta.author));
    out.push_str("  \"source\": {\n");
    let source = &meta.source;
    let mut fields = vec![
        ("file", source.file.as_str()),
        ("title", &source.title),
        ("publisher", &source.publisher),
        ("url", &source.url),
    ];
    if let Some(ends) = &source.argument_ends_before {
        fields.push(("argument_ends_before", ends));
    }
    let last = fields.len() - 1;
    for (i, (name, value)) in fields.into_iter().enumerate() {
        let comma = if i == last { "" } else { "," };
        let _ = writeln!(out, "    \"{name}\": {}{comma}", quoted_inert(value));
    }
    out.push_str("  },\n  \"root\": ");
    write_tree(map, out, flush)?;
    out.push_str("\n}\n");
    Ok(())
}

/// The deepest a node can stand below the root in argscope JSON that argscope reads back. Any
/// real debate is a dozen levels deep, and a long chain of reasons from AIF or Argdown a few
/// thousand; the limit only stops a hostile file of nested lists from taking all the memory
/// there is, as each level costs stack (grown on the heap). `export` says when a map is deeper.
pub const DEEPEST_READ: usize = 100_000;

/// Where the JSON first nests deeper than a map of [`DEEPEST_READ`] levels does (two levels a
/// node, its object and its children, and one for the file's object); None if it nowhere does.
fn too_deep(json: &str) -> Option<usize> {
    let deepest = 2 * DEEPEST_READ + 3;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, byte) in json.bytes().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            _ if in_string => {}
            b'{' | b'[' => {
                depth += 1;
                if depth > deepest {
                    return Some(offset);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// How deep a map's fields have their places: jsonc-parser, which gives them, stops at 512
/// levels of nesting, about three for each level of the map. A deeper map is read without
/// them, and its problems name the file.
const DEEPEST_PLACED: usize = 169;

/// How deep, in JSON levels (two a node: its object and its children), the indentation goes.
/// Past it lines stay at that indent: a map thousands of levels deep (a long AIF chain) was
/// otherwise written in a size that grew with the square of its depth, 1.8 GB for a
/// 10,000-level chain read from 2 MB.
const INDENT_LEVELS: usize = 40;

/// Steps of the iterative writer: write a node, or close a node whose children were written.
enum Step {
    Node {
        id: NodeId,
        depth: usize,
        comma: bool,
    },
    Close {
        depth: usize,
        comma: bool,
    },
}

fn write_tree(
    map: &ArgMap,
    out: &mut String,
    flush: &mut dyn FnMut(&mut String) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut stack = vec![Step::Node {
        id: map.root,
        depth: 1,
        comma: false,
    }];
    // Indents are cut from one string of spaces, grown as deeper nodes need it.
    let mut spaces = String::new();
    while let Some(step) = stack.pop() {
        if out.len() >= FLUSH_AT {
            flush(out)?;
        }
        match step {
            Step::Node { id, depth, comma } => {
                let indent = 2 * depth.min(INDENT_LEVELS);
                grow(&mut spaces, indent);
                let pad = &spaces[..indent];
                // The root follows `"root": ` on its line; every other node starts its own line.
                if id != map.root {
                    out.push_str(pad);
                }
                let node = map.node(id);
                let kind = node.kind.name();
                let comma = if comma { "," } else { "" };
                match &node.body {
                    Body::Ref(target) => {
                        out.push_str("{\"ref\": ");
                        push_quoted(out, &map.statement(*target).id);
                        out.push_str(", \"kind\": ");
                        push_quoted(out, kind);
                        if node.undercut {
                            out.push_str(", \"undercut\": true");
                        }
                        if let Some(scheme) = map.scheme(id) {
                            out.push_str(", \"scheme\": ");
                            push_quoted(out, scheme);
                        }
                        out.push('}');
                        out.push_str(comma);
                        out.push('\n');
                    }
                    Body::Statement(s) => {
                        let field = |out: &mut String, name: &str, value: &str| {
                            out.push_str(pad);
                            out.push_str("  \"");
                            out.push_str(name);
                            out.push_str("\": ");
                            push_quoted(out, value);
                            out.push_str(",\n");
                        };
                        out.push_str("{\n");
                        field(out, "id", &s.id);
                        field(out, "kind", kind);
                        field(out, "label", &s.label);
                        field(out, "text", &s.text);
                        field(out, "quote", &s.quote);
                        // Fields most maps do not use are written only when set.
                        if !s.url.is_empty() {
                            field(out, "url", &s.url);
                        }
                        if !s.also.is_empty() {
                            out.push_str(pad);
                            out.push_str("  \"also\": [");
                            for (i, also) in s.also.iter().enumerate() {
                                if i > 0 {
                                    out.push_str(", ");
                                }
                                push_quoted(out, also);
                            }
                            out.push_str("],\n");
                        }
                        if node.undercut {
                            out.push_str(pad);
                            out.push_str("  \"undercut\": true,\n");
                        }
                        if let Some(scheme) = map.scheme(id) {
                            field(out, "scheme", scheme);
                        }
                        out.push_str(pad);
                        out.push_str("  \"children\": [");
                        let children = map.children(id);
                        if children.is_empty() {
                            out.push_str("]\n");
                            out.push_str(pad);
                            out.push('}');
                            out.push_str(comma);
                            out.push('\n');
                        } else {
                            out.push('\n');
                            stack.push(Step::Close {
                                depth,
                                comma: !comma.is_empty(),
                            });
                            let last = children.len() - 1;
                            for (i, &child) in children.iter().enumerate().rev() {
                                stack.push(Step::Node {
                                    id: child,
                                    depth: depth + 2,
                                    comma: i != last,
                                });
                            }
                        }
                    }
                }
            }
            Step::Close { depth, comma } => {
                let indent = 2 * depth.min(INDENT_LEVELS);
                grow(&mut spaces, indent);
                let pad = &spaces[..indent];
                let comma = if comma { "," } else { "" };
                let _ = writeln!(out, "{pad}  ]\n{pad}}}{comma}");
            }
        }
    }
    // The caller closes the file after the root.
    while out.ends_with('\n') {
        out.pop();
    }
    Ok(())
}

fn grow(spaces: &mut String, len: usize) {
    while spaces.len() < len {
        spaces.push(' ');
    }
}

/// [`quoted`] for text read from the file as it was, uncleaned (the source document's file
/// name, which must still name the file): every character that could drive a terminal is
/// written as an escape, which reads back as the same character, so the JSON can be shown on a
/// terminal.
fn quoted_inert(text: &str) -> String {
    inert_json(quoted(text))
}

/// JSON text with every character that could drive a terminal and that JSON writers leave as
/// it is (C1 controls, DEL, bidirectional controls: serde_json, like [`quoted`], escapes only
/// the C0 controls) written as its `\uXXXX` escape, which reads back as the same character.
/// Such characters stand only inside strings, so the JSON says the same, exactly, and can be
/// shown on a terminal. For JSON that keeps a file's text as it was (a notes file's keys).
pub(crate) fn inert_json(json: String) -> String {
    // C0 controls outside strings are the JSON's own line breaks; inside, they are escaped.
    let stays = |c: char| c < '\u{7f}' || !crate::text::needs_cleaning(c);
    if json.chars().all(stays) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if stays(c) {
            out.push(c);
        } else {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
    }
    out
}

fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_quoted(&mut out, text);
    out
}

/// Appends `text` as a JSON string, escaped exactly as serde_json escapes it: `\"`, `\\`, the
/// short escapes for control characters that have one, `\u00xx` for the rest; all else as is.
fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    // Nearly every string needs no escape: tell that over all its bytes at once.
    let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    if !text.bytes().fold(false, |any, b| any | escaped(b)) {
        out.push_str(text);
        out.push('"');
        return;
    }
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(json: &str) -> Vec<String> {
        match parse(json, "m.json") {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    const SMALL: &str = r#"{
  "argscope": 1,
  "title": "T",
  "root": {
    "id": "t", "kind": "thesis", "label": "Thesis",
    "children": [
      {"id": "a", "kind": "claim", "label": "A", "text": "Para", "quote": "Q"},
      {"id": "b", "kind": "objection", "label": "B", "children": [
        {"ref": "a", "kind": "rebuttal"}
      ]}
    ]
  }
}"#;

    #[test]
    fn reads_nodes_in_file_order_with_references_resolved() {
        let map = parse(SMALL, "m.json").expect("parses").map;
        let labels: Vec<_> = map
            .preorder()
            .map(|id| map.statement(id).label.clone())
            .collect();
        assert_eq!(labels, ["Thesis", "A", "B", "A"]);
        let reference = map.children(map.children(map.root)[1])[0];
        assert_eq!(map.resolve(reference), map.children(map.root)[0]);
        assert_eq!(map.node(reference).kind, Kind::Rebuttal);
        assert_eq!(map.statement(map.children(map.root)[0]).text, "Para");
    }

    #[test]
    fn the_fast_reader_gives_up_wherever_the_positioned_reader_finds_a_problem() {
        assert_eq!(parse_fast(SMALL), Some(parse(SMALL, "m.json").unwrap().map));
        let broken = [
            SMALL.replace("\"title\": \"T\"", "\"title\": null"),
            SMALL.replace("\"argscope\": 1", "\"argscope\": 1.0"),
            SMALL.replace("\"quote\": \"Q\"", "\"quote\": null"),
            SMALL.replace("{\"ref\": \"a\"", "{\"ref\": \"a\", \"id\": \"x\""),
            SMALL.replace("{\"ref\": \"a\"", "{\"ref\": \"zz\""),
            SMALL.replace("\"objection\"", "\"objektion\""),
            SMALL.replace("\"label\": \"B\"", "\"lable\": \"B\""),
            SMALL.replace("\"kind\": \"claim\", ", ""),
            SMALL.replace("\"title\": \"T\"", "\"title\": \"T\", \"source\": null"),
        ];
        for json in &broken {
            assert!(parse_fast(json).is_none(), "{json}");
            assert!(parse(json, "m.json").is_err(), "{json}");
        }
        // A key written twice: the fast reader leaves it to the positioned one, which says where.
        let twice = SMALL.replace("\"label\": \"B\"", "\"label\": \"B\", \"label\": \"C\"");
        assert!(parse_fast(&twice).is_none());
        assert_eq!(
            problems(&twice),
            ["m.json:8:54: a node has the field \"label\" twice; keep one of them"]
        );
    }

    #[test]
    fn a_version_written_as_text_or_a_decimal_says_how_to_write_it() {
        for version in ["\"1\"", "1.0"] {
            let json = SMALL.replace("\"argscope\": 1", &format!("\"argscope\": {version}"));
            assert_eq!(
                problems(&json),
                [
                    "m.json:2:15: \"argscope\" must be the whole number 1, written without quotes or a decimal point: \"argscope\": 1"
                ],
                "{version}"
            );
        }
        let future = SMALL.replace("\"argscope\": 1", "\"argscope\": 2");
        assert!(problems(&future)[0].contains("format version 2"));
    }

    #[test]
    fn written_strings_are_escaped_as_serde_json_escapes_them() {
        let text: String = (0u8..0x80)
            .map(char::from)
            .chain("é漢🙂\u{2028}".chars())
            .collect();
        assert_eq!(quoted(&text), serde_json::to_string(&text).unwrap());
    }

    #[test]
    fn writing_then_reading_gives_the_same_map() {
        let map = parse(SMALL, "m.json").unwrap().map;
        let again = parse(&write(&map), "again.json").unwrap().map;
        assert_eq!(again, map);
    }

    #[test]
    fn urls_rephrasings_and_undercuts_round_trip() {
        let json = SMALL
            .replace("\"quote\": \"Q\"}", "\"quote\": \"Q\", \"url\": \"https://example.org\", \"also\": [\"A again\"], \"undercut\": true}")
            .replace("{\"ref\": \"a\", \"kind\": \"rebuttal\"}", "{\"ref\": \"a\", \"kind\": \"rebuttal\", \"undercut\": true}");
        let map = parse(&json, "m.json").expect("parses").map;
        let a = map.children(map.root)[0];
        assert_eq!(map.statement(a).url, "https://example.org");
        assert_eq!(map.statement(a).also, ["A again"]);
        assert!(map.node(a).undercut);
        let reference = map.children(map.children(map.root)[1])[0];
        assert!(map.node(reference).undercut);
        assert_eq!(parse(&write(&map), "again.json").unwrap().map, map);
    }

    /// A scheme is kept on a statement and on a reference, read the same by both readers, and
    /// written back only where there is one.
    #[test]
    fn schemes_round_trip_on_statements_and_references() {
        let json = SMALL
            .replace(
                "\"quote\": \"Q\"}",
                "\"quote\": \"Q\", \"scheme\": \" Expert\\u001b[2J Opinion \"}",
            )
            .replace(
                "{\"ref\": \"a\", \"kind\": \"rebuttal\"}",
                "{\"ref\": \"a\", \"kind\": \"rebuttal\", \"scheme\": \"Analogy\"}",
            );
        let map = parse(&json, "m.json").expect("parses").map;
        let a = map.children(map.root)[0];
        assert_eq!(map.scheme(a), Some("Expert␛[2J Opinion"));
        let reference = map.children(map.children(map.root)[1])[0];
        assert_eq!(map.scheme(reference), Some("Analogy"));
        assert_eq!(super::fast::parse_fast(&json).as_ref(), Some(&map));
        let written = write(&map);
        assert_eq!(written.matches("\"scheme\"").count(), 2, "{written}");
        assert_eq!(parse(&written, "again.json").unwrap().map, map);
        assert_eq!(super::fast::parse_fast(&written), Some(map));
    }

    #[test]
    fn a_question_may_stand_at_the_root_with_theses_as_its_options() {
        let json = r#"{"argscope": 1, "root": {"id": "q", "kind": "question", "label": "Which phone?", "children": [
            {"id": "a", "kind": "thesis", "label": "Google"},
            {"id": "b", "kind": "thesis", "label": "Apple", "children": [{"id": "c", "kind": "thesis", "label": "Deeper"}]}
        ]}}"#;
        let parsed = parse(json, "m.json").expect("parses");
        let problems = crate::model::validate(&parsed.map, &parsed.places);
        assert_eq!(
            problems.len(),
            1,
            "only the thesis below an option is refused: {problems:?}"
        );
        assert!(problems[0].message.contains("below the root"));
    }

    #[test]
    fn a_syntax_error_names_its_line_and_column() {
        let found = problems("{\n  \"argscope\": 1,\n  \"root\": {\"id\": \"t\",, }\n}");
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("m.json:3:"), "{found:?}");
        assert!(found[0].contains("not valid JSON"), "{found:?}");
    }

    #[test]
    fn an_unknown_kind_points_at_the_kind_value_and_lists_the_choices() {
        let json = SMALL.replace("\"objection\"", "\"objektion\"");
        let found = problems(&json);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .starts_with("m.json:8:27: unknown kind \"objektion\"; use one of thesis, claim"),
            "{found:?}"
        );
    }

    #[test]
    fn a_dangling_reference_points_at_its_target_name() {
        let found = problems(&SMALL.replace("{\"ref\": \"a\"", "{\"ref\": \"zz\""));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("m.json:9:17: the reference \"zz\" names no node"),
            "{found:?}"
        );
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let json = SMALL
            .replace("\"kind\": \"claim\"", "\"kind\": 3")
            .replace("\"label\": \"B\"", "\"lable\": \"B\"");
        let found = problems(&json);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("unknown kind 3"), "{found:?}");
        assert!(found[1].contains("unknown field \"lable\""), "{found:?}");
        assert!(found[2].contains("has no \"label\""), "{found:?}");
    }

    #[test]
    fn a_node_without_an_id_does_not_hide_what_validation_finds_elsewhere() {
        let json = SMALL.replace(r#"{"id": "b", "#, "{").replace(
            r#""id": "a", "kind": "claim", "label": "A""#,
            r#""id": "t", "kind": "claim", "label": " ""#,
        );
        assert_eq!(
            problems(&json),
            [
                "m.json:8:7: this node has no \"id\"; every node needs an \"id\", a \"kind\" and a \"label\"",
                "m.json:9:17: the reference \"a\" names no node in this map; use the \"id\" of a node defined elsewhere in the file",
                "m.json:7:14: the id \"t\" is already used on line 5; give each node its own id, or write {\"ref\": \"t\"} to repeat that node",
                "m.json:7:45: the node \"t\" has an empty label; give it a short headline",
            ]
        );
    }

    #[test]
    fn a_field_refused_by_the_reader_is_not_reported_again_as_empty() {
        let json = SMALL.replace(
            r#""id": "b", "kind": "objection", "label": "B""#,
            r#""id": 7, "kind": "objection", "label": 8"#,
        );
        assert_eq!(
            problems(&json),
            [
                "m.json:8:14: \"id\" must be a string in double quotes",
                "m.json:8:47: \"label\" must be a string in double quotes",
            ]
        );
    }

    #[test]
    fn other_files_are_told_apart_from_maps() {
        assert!(problems("[1, 2]")[0].contains("no JSON object"));
        assert!(problems("{\"root\": {}}")[0].contains("no \"argscope\" field"));
        assert!(problems("{\"argscope\": 2, \"root\": {\"id\": \"t\", \"kind\": \"thesis\", \"label\": \"T\"}}")[0]
            .contains("version 2"));
        assert!(problems("")[0].contains("no JSON object"));
    }

    /// A chain of claims, each under the one before, the last `deepest` levels below the thesis.
    fn chain(deepest: usize) -> ArgMap {
        let step = |i: usize| Statement {
            id: format!("step-{i}"),
            label: format!("Step {i}"),
            ..Statement::default()
        };
        let mut map = ArgMap::new(Meta::default(), step(0));
        let mut at = map.root;
        for i in 1..=deepest {
            at = map.push(at, Kind::Claim, Body::Statement(step(i)));
        }
        map
    }

    #[test]
    fn a_map_thousands_of_levels_deep_is_written_in_a_size_that_grows_with_its_nodes() {
        let written = write(&chain(9_999));
        // Each node's lines are indented at most INDENT_LEVELS levels.
        assert!(
            written.len() < 10_000 * 1_000,
            "{} bytes for 10,000 nodes",
            written.len()
        );
        let widest = written
            .lines()
            .map(|l| l.len() - l.trim_start().len())
            .max();
        assert_eq!(
            widest,
            Some(2 * INDENT_LEVELS + 2),
            "indentation stops growing"
        );
    }

    #[test]
    fn a_map_as_deep_as_deepest_read_reads_back_and_one_level_more_does_not() {
        assert_eq!(problems(&write(&chain(DEEPEST_READ))), Vec::<String>::new());
        let found = problems(&write(&chain(DEEPEST_READ + 1)));
        assert!(
            found[0].contains("nests more than 100000 levels deep here"),
            "{found:?}"
        );
        assert!(found[0].starts_with("m.json:"), "{found:?}");
    }

    #[test]
    fn a_deep_maps_problems_have_places_as_deep_as_they_can_be_given() {
        // The deepest node's label emptied, which validation finds once the map is read.
        let refusal = |deepest: usize| {
            let json = write(&chain(deepest))
                .replace(&format!("\"label\": \"Step {deepest}\""), "\"label\": \"\"");
            let document = crate::load::DocumentSource::Text("");
            match crate::load::from_str(&json, "m.json", document) {
                Ok(_) => panic!("an empty label at depth {deepest} is let through"),
                Err(error) => error.to_string(),
            }
        };
        let placed = refusal(DEEPEST_PLACED);
        assert!(placed.contains("empty label"), "{placed}");
        assert!(placed.starts_with("m.json:"), "{placed}");
        assert!(
            !placed.starts_with("m.json: "),
            "a line and column: {placed}"
        );
        // One level deeper the map still reads, its problems named by the file.
        let whole = refusal(DEEPEST_PLACED + 1);
        assert!(whole.contains("empty label"), "{whole}");
        assert!(whole.starts_with("m.json: "), "{whole}");
    }

    #[test]
    fn deep_nesting_cut_short_is_refused_with_a_message_not_a_crash() {
        let mut json = String::from("{\"argscope\": 1, \"root\": ");
        for _ in 0..100_000 {
            json.push_str("{\"id\": \"x\", \"kind\": \"claim\", \"label\": \"x\", \"children\": [");
        }
        let found = problems(&json);
        assert!(
            found[0].contains("so deep argscope cannot point to the place"),
            "{found:?}"
        );
    }

    #[test]
    fn control_characters_in_text_are_neutralised_at_load() {
        let json = SMALL.replace("\"label\": \"A\"", "\"label\": \"A\\u001b[2J\"");
        let map = parse(&json, "m.json").unwrap().map;
        let label = &map.statement(map.children(map.root)[0]).label;
        assert_eq!(label, "A␛[2J");
    }

    /// A map whose text is many of [`write_to`]'s buffers long.
    fn long_map() -> ArgMap {
        let mut map = parse(SMALL, "m.json").unwrap().map;
        let mut at = map.root;
        for i in 0..40_000 {
            let statement = Statement {
                id: format!("n{i}"),
                label: format!("Point {i} \"quoted\" \\ ä 中"),
                text: "A paraphrase\nin two lines. ".repeat(3),
                ..Statement::default()
            };
            let node = map.push(at, Kind::Claim, Body::Statement(statement));
            if i % 300 == 0 {
                at = node;
            }
        }
        map
    }

    #[test]
    fn a_map_streamed_to_a_file_is_the_text_written_at_once() {
        // Long enough that the writer hands its buffer on many times, with escapes, wide text
        // and a deep branch across the buffer's edges.
        let map = long_map();
        let whole = write(&map);
        assert!(whole.len() > 10 * FLUSH_AT);
        let mut streamed = Vec::new();
        write_to(&map, &mut streamed).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), whole);
        assert_eq!(parse(&whole, "m.json").unwrap().map, map);
    }

    /// A disk that fills up after `room` bytes.
    struct Full {
        room: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.room {
                return Err(std::io::Error::other("No space left on device"));
            }
            self.room -= buf.len();
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_disk_filling_up_while_a_map_is_streamed_is_the_error_returned() {
        // Whether the disk fills at the first buffer or halfway, the export stops with the
        // system's own reason (which `export` shows), rather than hanging or saying less.
        let map = long_map();
        for room in [0, 5 * FLUSH_AT] {
            let error = write_to(&map, &mut Full { room }).unwrap_err();
            assert_eq!(error.to_string(), "No space left on device", "room {room}");
        }
    }

    #[test]
    fn an_unclosed_object_is_reported_where_the_file_ends_naming_where_it_opened() {
        let json = "{\"argscope\": 1, \"root\": {\"id\": \"t\", \"kind\": \"thesis\",\n  \"label\": \"x\"\n\n";
        assert_eq!(
            problems(json),
            [
                "m.json:2:15: this is not valid JSON: the file ends before the object opened on line 1, column 25 is closed; add the missing `}` where it belongs"
            ]
        );
        let list = "{\"argscope\": 1, \"root\": {\"children\": [\n";
        assert!(
            problems(list)[0].contains("the list opened on line 1, column 38"),
            "{:?}",
            problems(list)
        );
    }

    /// A label missing its closing quote: the parser stumbles on the next line, but the place
    /// to mend is where the text opens.
    #[test]
    fn a_text_left_unclosed_is_reported_where_it_opens() {
        let json = "{\"argscope\": 1, \"root\": {\"id\": \"t\", \"kind\": \"thesis\",\n  \"label\": \"Play,\n  \"children\": []}}\n";
        assert_eq!(
            problems(json),
            [
                "m.json:2:12: this is not valid JSON: the text that opens here is not closed on its line 2 (JSON text cannot run across lines), so what follows is read as part of it; add the closing `\"` where the text ends"
            ]
        );
    }

    /// A list closed with `}`: the message names the list still open and the bracket missing.
    #[test]
    fn a_list_closed_by_a_brace_names_the_list_and_its_missing_bracket() {
        let json = "{\"argscope\": 1, \"root\": {\"id\": \"t\", \"kind\": \"thesis\", \"label\": \"T\",\n  \"children\": [\n    {\"id\": \"a\", \"kind\": \"claim\", \"label\": \"A\"}\n}}\n";
        assert_eq!(
            problems(json),
            [
                "m.json:4:1: this is not valid JSON: a `}` closes here, but the list opened on line 2, column 15 is still open; add the missing `]` before it"
            ]
        );
    }

    #[test]
    fn a_file_cut_short_inside_a_text_says_it_was_cut_short_where_the_text_opens() {
        let json = "{\"argscope\": 1, \"root\": {\"id\": \"t\", \"kind\": \"thesis\",\n  \"label\": \"Iran and Ru";
        assert_eq!(
            problems(json),
            [
                "m.json:2:12: this is not valid JSON: the file ends inside the text that opens here, so it was probably cut short while being saved or copied; get the whole file again, or close the text with `\"` and the brackets after it"
            ]
        );
    }
}
