//! OPML outlines (WorkFlowy, Dynalist, Logseq, OmniOutliner exports) read as argument maps, and
//! argument maps written as OPML (`argscope export --format opml`).
//!
//! Each `<outline text="…">` is a statement under the outline that holds it. A text starting
//! with "Pro:" or "+ " is a claim, one starting with "Con:", "Contra:" or "- " an objection,
//! anything else a claim; the prefix is dropped. A side written with a dash ("Con – x") is
//! read so too, with a warning. A side heading ("Pros", "Arguments against") with outlines below
//! it is no statement: its outlines stand under its parent on its side ([`super::sides`]). `_note` becomes the statement's text, `url`/`htmlUrl` its url.
//! One top-level outline is the thesis; several stand under a thesis named by `<head><title>`
//! (or the file). Outline positions shift as people edit, so ids are not stable.
//!
//! [`write`] puts one outline per node, in reading order, with attributes a plain outliner
//! shows and attributes of argscope's own that outliners keep or ignore:
//!
//! - `text`: the label, after "Pro: " when the node stands for its parent and "Con: " when it
//!   stands against it (the root, and the theses under a question, have no prefix);
//! - `_note`: the paraphrase (the attribute outliners use for notes); `url`: the url;
//! - `kind`: thesis, claim, evidence, objection, caveat, question or rebuttal;
//! - `undercut="true"` on an objection to the inference rather than to the claim;
//! - `scheme`: the name of the scheme by which it bears on its parent, when the map names one;
//! - `quote`: the source's words; `also1`, `also2`, …: other wordings, one attribute each;
//! - `id`: the statement's id; a node repeating a statement elsewhere in the map has
//!   `ref="<that id>"` instead (its `text` and `_note` repeat the statement for outliners).
//!
//! Reading them back, an outline with a `kind` attribute is taken as argscope wrote it: the kind
//! is the attribute's, not the prefix's; the label is the text exactly, less one "Pro:" or
//! "Con:" (and the space after it) below the root, so a label that itself begins with "Pro:" or
//! "- " survives; `_note` is the paraphrase exactly. An `id` is kept when it is a valid argscope
//! id used by no earlier outline; otherwise the outline gets a fresh one and a warning. A `ref`
//! may name an id defined before or after it; a `ref` that names none, on the top outline or on
//! an outline with outlines below it is a warning, and the outline is kept as a statement. When
//! every statement keeps its own `id`, ids are stable across re-exports.
//!
//! The reader is quick-xml's event reader with an explicit stack of open outlines, so nesting
//! depth costs heap, not call stack. Each outline becomes a node as soon as it is read (its
//! statement, which depends on the outline alone, made on a second core for a big file: see
//! [`super::finishing`]); what depends on outlines further on (the thesis, references, ids) is
//! settled at the end. Malformed XML keeps what was read before the fault and reports the fault
//! with its line. The writer walks the map with an explicit stack too.

use std::borrow::Cow;
use std::fmt::Write as _;

use quick_xml::errors::IllFormedError;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::detect::Format;
use super::finishing::{self, Finishing};
use super::html;
use super::outliner_markdown;
use super::sides;
use super::{
    Ids, Imported, is_web_address, label_and_text, read_it_as_what_it_is, slug, tie_to_nodes,
};
use crate::model::problem::LineIndex;
use crate::model::validate::is_valid_id;
use crate::model::{
    ArgMap, Body, FastMap, FastSet, Kind, Meta, Node, NodeId, Place, Problem, Stance, Statement,
};
use crate::text::{clean_char, sanitize};

/// Outlines deeper than this are written at this indent, so a very deep map's file grows with
/// its number of nodes rather than with their depth squared.
const MAX_INDENT_LEVELS: usize = 64;

/// Writes a map as an OPML 2.0 outline; see the module documentation for the attributes.
pub fn write(map: &ArgMap) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str("  <head>\n    <title>");
    escape(&map.meta.title, &mut out);
    out.push_str("</title>\n");
    if !map.meta.author.is_empty() {
        out.push_str("    <ownerName>");
        escape(&map.meta.author, &mut out);
        out.push_str("</ownerName>\n");
    }
    out.push_str("  </head>\n  <body>\n");
    // Open a node's outline, or close one whose children were written.
    enum Step {
        Open(NodeId, usize),
        Close(usize),
    }
    let mut stack = vec![Step::Open(map.root, 2)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(id, depth) => {
                indent(depth, &mut out);
                out.push_str("<outline");
                write_attributes(map, id, &mut out);
                let children = map.children(id);
                if children.is_empty() {
                    out.push_str("/>\n");
                } else {
                    out.push_str(">\n");
                    stack.push(Step::Close(depth));
                    stack.extend(children.iter().rev().map(|&c| Step::Open(c, depth + 1)));
                }
            }
            Step::Close(depth) => {
                indent(depth, &mut out);
                out.push_str("</outline>\n");
            }
        }
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn indent(depth: usize, out: &mut String) {
    for _ in 0..depth.min(MAX_INDENT_LEVELS) {
        out.push_str("  ");
    }
}

/// ` text="…" _note="…" …` for one node.
fn write_attributes(map: &ArgMap, id: NodeId, out: &mut String) {
    let node = map.node(id);
    let statement = map.statement(id);
    let prefix = match (node.parent, node.kind.stance()) {
        (None, _) | (_, Stance::Root) => "",
        (_, Stance::For) => "Pro: ",
        (_, Stance::Against) => "Con: ",
    };
    let mut attribute = |name: &str, value: &str| {
        let _ = write!(out, " {name}=\"");
        escape(value, out);
        out.push('"');
    };
    attribute("text", &format!("{prefix}{}", statement.label));
    if !statement.text.is_empty() {
        attribute("_note", &statement.text);
    }
    if !statement.url.is_empty() {
        let name = if is_web_address(&statement.url) {
            "url"
        } else {
            "source"
        };
        attribute(name, &statement.url);
    }
    attribute("kind", node.kind.name());
    if node.undercut {
        attribute("undercut", "true");
    }
    if let Some(scheme) = map.scheme(id) {
        attribute("scheme", scheme);
    }
    match node.body {
        Body::Ref(target) => attribute("ref", &map.statement(target).id),
        Body::Statement(_) => {
            attribute("id", &statement.id);
            if !statement.quote.is_empty() {
                attribute("quote", &statement.quote);
            }
            for (n, also) in statement.also.iter().enumerate() {
                attribute(&format!("also{}", n + 1), also);
            }
        }
    }
}

/// Appends `text` escaped for an XML attribute value or element: markup characters as entities,
/// line breaks and tabs as character references (a reader turns literal ones in an attribute
/// into spaces), and the few characters XML 1.0 forbids as the stand-ins `sanitize` shows.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' => out.push(clean_char(c)),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// An outline as read, before it becomes a node. Its values borrow from the file unless an
/// entity or a line break in them had to be resolved.
struct Item<'a> {
    text: Cow<'a, str>,
    note: Cow<'a, str>,
    url: Cow<'a, str>,
    offset: usize,
    /// argscope's own attributes; `kind` also says the outline is to be read as argscope wrote it.
    kind: Option<Cow<'a, str>>,
    undercut: Option<Cow<'a, str>>,
    scheme: Cow<'a, str>,
    quote: Cow<'a, str>,
    /// `alsoN` attributes with their N (`also` alone counts as 0), in file order.
    also: Vec<(u64, Cow<'a, str>)>,
    id: Option<Cow<'a, str>>,
    reference: Option<Cow<'a, str>>,
}

/// Parses an OPML outline. What cannot be read is a problem; a file of which no outline could
/// be read (not OPML, or XML broken before the first outline) gets an error, which refuses it.
///
/// The map is built while the file is read, one outline at a time, so that at no point are the
/// outlines held twice (as records and as nodes): a large file opens in the memory its map needs.
pub fn parse(text: &str, file: &str) -> Imported {
    // Made when the first problem needs a place: a clean file never needs one.
    let lines = std::cell::OnceCell::new();
    let at = |offset: usize| {
        lines
            .get_or_init(|| LineIndex::new(text))
            .place(file, offset)
    };
    // Problems as the reader finds them; the builder keeps those it finds, told apart by when
    // they are found, and both are put in file order at the end.
    let mut problems = Vec::new();
    let mut builder = Builder::new(&at);
    // The outlines open at this point of the file (as the builder numbers them), innermost last.
    let mut open: Vec<usize> = Vec::new();
    // The indent of each open outline's tag, when it begins its line.
    let mut indents: Vec<Option<usize>> = Vec::new();
    let mut line_indents = LineIndents::default();
    // The first outline closed by an `</outline>` indented otherwise than its own tag: the
    // likeliest to have been left unclosed (its tag ending `>` where `/>` was meant), the
    // `</outline>` meant for its parent closing it instead.
    let mut suspect: Option<usize> = None;
    // An outline never closed when the XML broke at a closing tag that is not `</outline>`.
    let mut unclosed_at_error: Option<usize> = None;
    // The head's title and owner (the author), by [`HeadField`], and which is being read.
    let mut head = [String::new(), String::new()];
    let mut in_head_field: Option<HeadField> = None;
    // Whether an <opml> element was seen: without one (and without outlines) the file is not OPML.
    let mut opml_seen = false;
    // Where the XML broke, and how.
    let mut failed: Option<(usize, String)> = None;
    // Outlines become nodes as they are read; their statements are finished alongside.
    finishing::alongside(text.len(), finish_outline, |finishing| {
        let mut reader = Reader::from_str(text);
        // Not trimmed: a title's words around an entity (`A &amp; B`) come as separate events.
        reader.config_mut().trim_text(false);
        loop {
            let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            // Where the event starts: past the white space the reader skipped.
            let start = text.get(before..).map_or(text.len(), |rest| {
                before + (rest.len() - rest.trim_start().len())
            });
            match reader.read_event() {
                Ok(Event::Start(tag)) => {
                    opml_seen |= tag.local_name().as_ref() == "opml";
                    if tag.local_name().as_ref() == "outline" {
                        let item = read_outline(text, &tag, start, &at, &mut problems);
                        open.push(builder.add(item, open.last().copied(), finishing));
                        indents.push(line_indents.at(text, start));
                    } else if open.is_empty() {
                        in_head_field = HeadField::named(tag.local_name().as_ref());
                    }
                }
                Ok(Event::Empty(tag)) => {
                    opml_seen |= tag.local_name().as_ref() == "opml";
                    if tag.local_name().as_ref() == "outline" {
                        let item = read_outline(text, &tag, start, &at, &mut problems);
                        builder.add(item, open.last().copied(), finishing);
                    }
                }
                Ok(Event::End(tag)) => {
                    if tag.local_name().as_ref() == "outline" {
                        let closed = open.pop();
                        let indent = indents.pop().flatten();
                        if let (Some(closed), Some(indent), None) = (closed, indent, suspect)
                            && line_indents
                                .at(text, start)
                                .is_some_and(|end| end != indent)
                        {
                            suspect = Some(closed);
                        }
                    } else if HeadField::named(tag.local_name().as_ref()).is_some() {
                        in_head_field = None;
                    }
                }
                Ok(Event::Text(content)) if in_head_field.is_some() => {
                    let field = &mut head[in_head_field.map_or(0, |field| field as usize)];
                    field.push_str(&content.xml10_content());
                }
                Ok(Event::CData(content)) if in_head_field.is_some() => {
                    let field = &mut head[in_head_field.map_or(0, |field| field as usize)];
                    field.push_str(&content);
                }
                Ok(Event::GeneralRef(reference)) if in_head_field.is_some() => {
                    let field = &mut head[in_head_field.map_or(0, |field| field as usize)];
                    match reference.resolve_char_ref() {
                        Ok(Some(c)) => field.push(c),
                        _ => match quick_xml::escape::resolve_predefined_entity(&reference) {
                            Some(s) => field.push_str(s),
                            None => field.push_str(&format!("&{};", &*reference)),
                        },
                    }
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(error) => {
                    let offset = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                    if let quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag {
                        expected,
                        ..
                    }) = &error
                        && expected == "outline"
                    {
                        unclosed_at_error = suspect.or(open.last().copied());
                    }
                    failed = Some((offset, error.to_string()));
                    break;
                }
            }
        }
        finishing.wait(|finished| builder.place(finished));
    });
    if failed.is_none()
        && let Some(&unclosed) = open.first()
    {
        problems.push(Problem::warning(
            at(builder.offset(unclosed)),
            "this outline is never closed with </outline>; it is read to the end of the file",
        ));
    }
    let unclosed_at_error = unclosed_at_error.map(|item| builder.offset(item));
    let [title, owner] = head;
    let mut built = builder.finish(title.trim(), file);
    built.map.meta.author = sanitize(owner.trim(), false);
    if built.offsets.is_empty() {
        let refusal = match &failed {
            Some((offset, error)) => Some(Problem::error(
                at(*offset),
                format!(
                    "the XML is malformed here ({error}), before any outline, so no OPML outline could be read; correct the XML at this place"
                ),
            )),
            None if text.trim().is_empty() => Some(Problem::error(
                Place::whole(file),
                "the file is empty; an OPML file is XML such as <opml><body><outline text=\"…\"/></body></opml>",
            )),
            None if !opml_seen => Some(Problem::error(
                at(0),
                format!(
                    "the file has no <opml> element, so it is not an OPML outline (<opml><body><outline text=\"…\"/></body></opml>); {}",
                    read_it_as_what_it_is(text, Format::Opml)
                ),
            )),
            // OPML with no outlines: an empty outline, which the builder reports.
            None => None,
        };
        if let Some(refusal) = refusal {
            return Imported {
                map: built.map,
                problems: vec![refusal],
                stable_ids: built.stable_ids,
            };
        }
    }
    if let (Some((offset, _)), Some(unclosed)) = (&failed, unclosed_at_error) {
        // The XML broke where the body (or the outlines' parent) closed with an outline still
        // open: every outline was read, those after the one left open nested too deep.
        let lines = lines.get_or_init(|| LineIndex::new(text));
        let rest = text.get(*offset..).unwrap_or_default();
        let left_out = if rest.contains("<outline") {
            format!(
                ", and those after line {}, where the XML breaks, are left out",
                lines.line(*offset)
            )
        } else {
            " (none is left out)".to_string()
        };
        let warning = Problem::warning(
            at(unclosed),
            format!(
                "this outline is never closed, so the outlines after it are read nested too deep{left_out}; end its tag with /> if nothing is inside it, or close it with </outline> after the outlines inside it"
            ),
        );
        problems.push(if rest.contains("<outline") {
            warning
        } else {
            warning.nothing_left_out()
        });
    } else if let Some((offset, error)) = failed {
        problems.push(Problem::warning(
            at(offset),
            format!("the XML is malformed here ({error}); the outlines before this point are kept, the rest is left out"),
        ));
    }
    let (remap, lifted_problems, lifted_tops) = lift_side_headings(&mut built, &at);
    if let Some((warning, tops)) = built.several_tops.take()
        && (tops == 0 || lifted_tops < tops)
    {
        problems.push(warning);
    }
    problems.extend(std::mem::take(&mut built.problems));
    problems.extend(lifted_problems);
    // Only a problem without a node is tied to one, so the lines are looked up only for that.
    if problems
        .iter()
        .any(|p| p.node.is_none() && p.place.line_col.is_some())
    {
        let written = (built.offsets.iter().enumerate())
            .filter_map(|(item, &offset)| {
                let node = node_of(item, built.shift);
                let node = match &remap {
                    Some(remap) => remap[node.index()]?,
                    None => node,
                };
                let lines = lines.get_or_init(|| LineIndex::new(text));
                Some((lines.line(offset), node))
            })
            .collect();
        tie_to_nodes(&mut problems, written);
    }
    problems.sort_by_key(|p| p.place.line_col);
    Imported {
        map: built.map,
        problems,
        stable_ids: built.stable_ids,
    }
}

/// Takes the side headings with outlines below them out of the map: their outlines stand under
/// the heading's parent, on its side, unless they name their own. Returns, for each node as
/// built, the node it is now (None for a heading taken out), and the problems found: an
/// outline whose own side is not its heading's, and a heading with nothing below it; and how
/// many of the headings taken out stood right under the root.
fn lift_side_headings(
    built: &mut Built,
    at: &dyn Fn(usize) -> Place,
) -> (Option<Vec<Option<NodeId>>>, Vec<Problem>, usize) {
    let mut problems = Vec::new();
    if built.headings.is_empty() {
        return (None, problems, 0);
    }
    let mut lifted_tops = 0;
    let map = &mut built.map;
    let mut lifted = vec![false; map.nodes.len()];
    // In file order, so a heading below another is lifted after it, from where it now stands.
    for (item, stance, text) in &built.headings {
        let node = node_of(*item, built.shift);
        if node == map.root {
            continue;
        }
        if map.nodes[node.index()].children.is_empty() {
            let side = if *stance == Stance::Against {
                "Con"
            } else {
                "Pro"
            };
            let message = if kind_and_rest(text).1.trim().is_empty() {
                format!(
                    "this outline is only the side {text:?}, with no words after it; it is shown as \"(empty)\" (write the claim after the side)"
                )
            } else {
                format!(
                    "this outline is only the side heading {text:?}, with no outlines below it, so it stays as a statement of its own; put the reasons it heads below it (or write the claim after \"{side}:\")"
                )
            };
            problems.push(Problem::warning(at(built.offsets[*item]), message).nothing_left_out());
            continue;
        }
        lifted[node.index()] = true;
        let Some(parent) = map.nodes[node.index()].parent else {
            continue;
        };
        lifted_tops += usize::from(parent == map.root);
        let children = std::mem::take(&mut map.nodes[node.index()].children);
        for &child in &children {
            let own = built.said[child.index() - built.shift];
            let node = &mut map.nodes[child.index()];
            node.parent = Some(parent);
            let kind = if *stance == Stance::Against {
                Kind::Objection
            } else {
                Kind::Claim
            };
            if !own {
                node.kind = kind;
            } else if matches!(node.kind, Kind::Claim | Kind::Objection) && node.kind != kind {
                let offset = built.offsets[child.index() - built.shift];
                problems.push(Problem::warning(
                    at(offset),
                    format!(
                        "this outline names its side, {}, but stands under the side heading {text:?}; its own side decides (move it under the heading of its side)",
                        if node.kind == Kind::Objection { "Con" } else { "Pro" },
                    ),
                ).nothing_left_out());
            }
        }
        let siblings = &mut map.nodes[parent.index()].children;
        if let Some(place) = siblings.iter().position(|&c| c == node) {
            siblings.splice(place..=place, children);
        }
    }
    // The headings, leaves now, leave the arena; every id after them moves down.
    let mut remap: Vec<Option<NodeId>> = Vec::with_capacity(lifted.len());
    let mut next = 0u32;
    for &gone in &lifted {
        remap.push((!gone).then_some(NodeId(next)));
        next += u32::from(!gone);
    }
    let new = |id: NodeId| remap[id.index()].unwrap_or(id);
    let mut kept = Vec::with_capacity(next as usize);
    for (index, mut node) in std::mem::take(&mut map.nodes).into_iter().enumerate() {
        if lifted[index] {
            continue;
        }
        node.parent = node.parent.map(new);
        for child in &mut node.children {
            *child = new(*child);
        }
        if let Body::Ref(target) = &mut node.body {
            *target = new(*target);
        }
        kept.push(node);
    }
    map.nodes = kept;
    map.root = new(map.root);
    (Some(remap), problems, lifted_tops)
}

/// How far the tags are indented, when only spaces and tabs come before them on their line,
/// asked in file order: each byte is looked at once, so a file of one long line with deeply
/// nested outlines costs no more than one with a line to each.
#[derive(Default)]
struct LineIndents {
    /// How far the file has been looked at.
    scanned: usize,
    /// Where the line being looked at starts.
    line_start: usize,
    /// Whether anything but spaces and tabs stands on it before `scanned`.
    inked: bool,
}

impl LineIndents {
    fn at(&mut self, text: &str, start: usize) -> Option<usize> {
        let seen = text.get(self.scanned..start)?;
        let blank = |s: &str| s.bytes().all(|b| b == b' ' || b == b'\t');
        match seen.rfind('\n') {
            Some(newline) => {
                self.line_start = self.scanned + newline + 1;
                self.inked = !blank(&text[self.line_start..start]);
            }
            None => self.inked = self.inked || !blank(seen),
        }
        self.scanned = start;
        (!self.inked).then_some(start - self.line_start)
    }
}

/// Reads an `<outline>` tag's attributes; `text` is the whole file, which the tag is part of.
fn read_outline<'a>(
    text: &'a str,
    tag: &BytesStart,
    offset: usize,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> Item<'a> {
    let mut item = Item {
        text: Cow::Borrowed(""),
        note: Cow::Borrowed(""),
        url: Cow::Borrowed(""),
        offset,
        kind: None,
        undercut: None,
        scheme: Cow::Borrowed(""),
        quote: Cow::Borrowed(""),
        also: Vec::new(),
        id: None,
        reference: None,
    };
    let mut title = None;
    for attribute in tag.attributes() {
        let attribute = match attribute {
            Ok(attribute) => attribute,
            Err(error) => {
                problems.push(Problem::warning(
                    at(offset),
                    format!(
                        "an attribute of this outline cannot be read ({error}); it is left out"
                    ),
                ));
                continue;
            }
        };
        let key = attribute.key.local_name();
        let name: &str = key.as_ref();
        let slot = match name {
            "text" => &mut item.text,
            "_note" => &mut item.note,
            "url" | "htmlUrl" | "source" => &mut item.url,
            "title" => title.get_or_insert(Cow::Borrowed("")),
            "kind" => item.kind.get_or_insert(Cow::Borrowed("")),
            "undercut" => item.undercut.get_or_insert(Cow::Borrowed("")),
            "scheme" => &mut item.scheme,
            "quote" => &mut item.quote,
            "id" => item.id.get_or_insert(Cow::Borrowed("")),
            "ref" => item.reference.get_or_insert(Cow::Borrowed("")),
            _ => match name.strip_prefix("also").map(|n| n.parse::<u64>()) {
                Some(Ok(n)) => {
                    item.also.push((n, Cow::Borrowed("")));
                    &mut item.also.last_mut().expect("just pushed").1
                }
                Some(Err(_)) if name == "also" => {
                    item.also.push((0, Cow::Borrowed("")));
                    &mut item.also.last_mut().expect("just pushed").1
                }
                _ => continue,
            },
        };
        *slot = value(text, &attribute, offset, at, problems);
    }
    if item.text.trim().is_empty()
        && let Some(title) = title
    {
        item.text = title;
    }
    if item.kind.is_none() {
        outliner_text(&mut item);
    }
    if item.text.trim().is_empty() {
        let message = if item.note.trim().is_empty() {
            "this outline has no text; it is shown as \"(empty)\""
        } else {
            "this outline has no text, only a note; the note's first sentence is its label (give it a text to choose its own)"
        };
        problems.push(Problem::warning(at(offset), message).nothing_left_out());
    }
    item
}

/// An outliner's text and note as its reader sees them: WorkFlowy writes them as HTML, with
/// formatting (`<b>`, `<span class="colored c-red">`), links and entities (`R&amp;D`), which are
/// dropped, followed and decoded here (a WorkFlowy tag `#pro` or `#con` names the side);
/// Dynalist and Logseq write Markdown (`**bold**`,
/// `[words](address)`, `[[page]]`), read alike. A link in them is the outline's url when it has
/// none.
fn outliner_text(item: &mut Item<'_>) {
    let (text, text_link) = html::rich_text(std::mem::take(&mut item.text));
    let (note, note_link) = html::rich_text(std::mem::take(&mut item.note));
    let (mut text, text_md_link) = outliner_markdown::read(text);
    let (note, note_md_link) = outliner_markdown::read(note);
    // WorkFlowy's tag `#pro` or `#con` names the side when the text names none before it.
    let trimmed = text.trim_start();
    if kind_and_rest(trimmed).1.len() == trimmed.len()
        && let Some((stance, words)) = sides::tag(trimmed)
    {
        let side = if stance == Stance::Against {
            "Con"
        } else {
            "Pro"
        };
        text = Cow::Owned(format!("{side}: {words}"));
    }
    item.text = text;
    item.note = note;
    let link = (text_link.or(text_md_link)).or(note_link.or(note_md_link));
    if item.url.trim().is_empty()
        && let Some(link) = link
    {
        item.url = Cow::Owned(link);
    }
}

/// `value` as a slice of `text` when it is one (an attribute value with nothing to decode is a
/// slice of the tag, which is a slice of the file), so that the item can outlive the tag without
/// a copy; else owned.
fn in_file<'a>(text: &'a str, value: Cow<'_, str>) -> Cow<'a, str> {
    if let Cow::Borrowed(slice) = value {
        // Compared as addresses only: a slice lying inside `text` is found by its offset there.
        let start = (slice.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        if let Some(found) = text.get(start..start.wrapping_add(slice.len()))
            && found.as_ptr() == slice.as_ptr()
        {
            return Cow::Borrowed(found);
        }
    }
    Cow::Owned(value.into_owned())
}

/// An attribute's value with its entities decoded and its white space normalised as XML
/// says; the raw value when an entity is unknown.
fn value<'a>(
    text: &'a str,
    attribute: &Attribute<'_>,
    offset: usize,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> Cow<'a, str> {
    // With no entity and no tab or line break (most values), the value is as the file has
    // it: taken from the file without decoding it again.
    let plain = |raw: &[u8]| {
        !crate::text::any_sequence(raw, |b, _, _| {
            (b == b'&') | (b == b'\t') | (b == b'\n') | (b == b'\r')
        })
    };
    if let Cow::Borrowed(raw) = attribute.value
        && plain(raw.as_bytes())
    {
        return in_file(text, Cow::Borrowed(raw));
    }
    let value = match attribute.normalized_value(XmlVersion::Implicit1_0) {
        Ok(value) => value,
        Err(_) => {
            let key = attribute.key.local_name();
            let name: &str = key.as_ref();
            let (message, amp) = not_xml(name, &attribute.value);
            // At the `&` itself when the value lies in the file (it does, read from a string).
            let start = (attribute.value.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            let place = match amp {
                Some(amp) if start < text.len() => start + amp,
                _ => offset,
            };
            problems.push(Problem::warning(at(place), message).nothing_left_out());
            // As a browser reads it: HTML's entities decoded, a stray `&` kept.
            let spaced = attribute.value.replace(['\t', '\n', '\r'], " ");
            Cow::Owned(html::unescape(spaced).into_owned())
        }
    };
    in_file(text, value)
}

/// What is wrong with an attribute value XML cannot decode, and how it is read instead: its
/// first `&` that starts no entity XML defines, with where that `&` is in the value.
fn not_xml(attribute: &str, value: &str) -> (String, Option<usize>) {
    let xml_defines = |entity: &str| {
        ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
            .iter()
            .any(|known| entity.starts_with(known))
    };
    let first = value
        .match_indices('&')
        .map(|(at, _)| at)
        .find(|&at| !xml_defines(&value[at..]));
    let what = first
        .map(|at| &value[at..])
        .and_then(|entity| {
            let (c, len) = html::entity(entity)?;
            Some(format!(
                "`{}`, an HTML entity XML does not define; it is read as HTML reads it ({c})",
                &entity[..len]
            ))
        })
        .unwrap_or_else(|| {
            "an `&` that starts no entity (XML wants `&amp;` for a plain `&`); it is kept as an `&`"
                .to_string()
        });
    (
        format!("the `{attribute}` of this outline has {what}"),
        first,
    )
}

/// "Pro: X" and "+ X" are claims, "Con: X" and "- X" objections (see [`sides::colon`] for the
/// other spellings); the prefix is dropped. A side written with a dash ("Con – X") is read so
/// too (see [`dashed_side`]).
fn kind_and_rest(text: &str) -> (Kind, &str) {
    let trimmed = text.trim_start();
    let by_stance = |stance| match stance {
        Stance::Against => Kind::Objection,
        _ => Kind::Claim,
    };
    if let Some((stance, rest)) = sides::colon(trimmed) {
        (by_stance(stance), rest)
    } else if let Some((stance, rest, _)) = sides::dashed(trimmed) {
        (by_stance(stance), rest)
    } else if let Some(rest) = trimmed.strip_prefix("+ ") {
        (Kind::Claim, rest)
    } else if let Some(rest) = trimmed.strip_prefix("- ") {
        (Kind::Objection, rest)
    } else {
        (Kind::Claim, trimmed)
    }
}

/// The warning for an outline whose side is written with a dash ("Con – X"), which is read as
/// "Con:"; None for any other outline.
fn dashed_side(item: &Item<'_>, at: &dyn Fn(usize) -> Place) -> Option<Problem> {
    let (stance, _, written) = sides::dashed(item.text.trim_start())?;
    let fixed = if stance == Stance::Against {
        "Con:"
    } else {
        "Pro:"
    };
    let written = sanitize(written, false);
    Some(
        Problem::warning(
            at(item.offset),
            format!("this outline's side is written {written:?}, which is read as {fixed:?}; write {fixed:?} before the claim, as outliners and argscope write a side"),
        )
        .nothing_left_out(),
    )
}

/// Whether an outline is a side heading ("Pros", "Arguments against"), which heads the
/// outlines below it rather than being a claim, and which side: an outliner's outline (no
/// `kind`, `id` or `ref`, no note) whose whole text is one.
fn side_heading(item: &Item<'_>) -> Option<Stance> {
    if item.kind.is_some()
        || item.id.is_some()
        || item.reference.is_some()
        || !item.note.trim().is_empty()
    {
        return None;
    }
    sides::heading(&item.text)
}

/// Whether an outline names its own side, by its `kind` or a prefix of its text.
fn names_side(item: &Item<'_>) -> bool {
    let trimmed = item.text.trim_start();
    item.kind.is_some() || kind_and_rest(trimmed).1.len() != trimmed.len()
}

/// The text of an outline argscope wrote, less the one "Pro:" or "Con:" (and one space) that
/// stands before the label of a node below the root, with the stance that prefix names.
fn strip_stance(text: &str) -> (Option<Stance>, &str) {
    let head = text.get(..4).map(str::to_ascii_lowercase);
    let stance = match head.as_deref() {
        Some("pro:") => Stance::For,
        Some("con:") => Stance::Against,
        _ => return (None, text),
    };
    let rest = &text[4..];
    (Some(stance), rest.strip_prefix(' ').unwrap_or(rest))
}

/// The root's kind and the text its label is read from.
fn root_kind<'a>(
    item: &'a Item,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> (Kind, &'a str) {
    let Some(name) = &item.kind else {
        return (Kind::Thesis, kind_and_rest(&item.text).1);
    };
    match Kind::from_name(name.trim()) {
        Some(kind @ (Kind::Thesis | Kind::Question | Kind::Group)) => (kind, &item.text),
        _ => {
            problems.push(Problem::warning(
                at(item.offset),
                format!("the top outline has kind={name:?}, but a map starts from a thesis or a question; it is read as the thesis"),
            ));
            (Kind::Thesis, &item.text)
        }
    }
}

/// The kind of an outline below the root and the text its label is read from. A thesis stands
/// below the root only as one of the answers to a question at the root, or in a group
/// (`option`); a group only right under the root (`group_fits`).
fn node_kind<'a>(
    item: &'a Item,
    (option, group_fits): (bool, bool),
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> (Kind, &'a str) {
    let Some(name) = &item.kind else {
        problems.extend(dashed_side(item, at));
        return kind_and_rest(&item.text);
    };
    let kind = Kind::from_name(name.trim());
    match kind {
        Some(Kind::Thesis) if option => return (Kind::Thesis, &item.text),
        Some(Kind::Group) if group_fits => return (Kind::Group, &item.text),
        _ => {}
    }
    let (said, rest) = strip_stance(&item.text);
    let by_prefix = if said == Some(Stance::Against) {
        Kind::Objection
    } else {
        Kind::Claim
    };
    let message = match kind {
        Some(Kind::Thesis) => format!(
            "this outline has kind=\"thesis\", but a map has one thesis, at its root (or several answering a question there, or in a group); it is read as {} {}",
            by_prefix.article(),
            by_prefix.name()
        ),
        Some(Kind::Group) => format!(
            "this outline has kind=\"group\", but a group stands at the root or right under it; it is read as {} {}",
            by_prefix.article(),
            by_prefix.name()
        ),
        None => format!(
            "kind={name:?} is not a kind argscope knows (one of {}); this outline is read as {} {}",
            Kind::choices(),
            by_prefix.article(),
            by_prefix.name()
        ),
        Some(kind) => {
            if let Some(said) = said
                && said != kind.stance()
            {
                problems.push(Problem::warning(
                    at(item.offset),
                    format!(
                        "this outline's text starts with \"{}\", but its kind is {}; the kind attribute decides",
                        &item.text[..4],
                        kind.name()
                    ),
                ));
            }
            return (kind, rest);
        }
    };
    problems.push(Problem::warning(at(item.offset), message));
    (by_prefix, rest)
}

/// What an outline says. An outline with a `kind` attribute holds its label and paraphrase
/// exactly; any other is an outliner's line of text, split into a headline and the rest.
/// Its id is the file's for now (see [`Builder::finish`]).
fn statement(item: &Item<'_>, rest: &str) -> Statement {
    let (label, text, url) = if item.kind.is_some() {
        let label = sanitize(rest, false);
        let label = if label.trim().is_empty() {
            "(empty)".to_string()
        } else {
            label
        };
        (
            label,
            sanitize(&item.note, true),
            sanitize(&item.url, false),
        )
    } else if rest.trim().is_empty() && !item.note.trim().is_empty() {
        // An outline with only a note: the note is what it says.
        let (label, text) = label_and_text(&item.note);
        (label, text, sanitize(item.url.trim(), false))
    } else {
        let (label, mut text) = label_and_text(rest);
        let note = sanitize(item.note.trim(), true);
        if !note.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&note);
        }
        (label, text, sanitize(item.url.trim(), false))
    };
    let mut also = item.also.clone();
    also.sort_by_key(|&(n, _)| n);
    Statement {
        id: item.id.as_deref().unwrap_or_default().to_string(),
        label,
        text,
        quote: sanitize(&item.quote, true),
        url,
        also: also.into_iter().map(|(_, a)| sanitize(&a, true)).collect(),
        ..Statement::default()
    }
}

/// An outline whose statement is to be made, from its text on from `cut`.
struct RawOutline<'a> {
    /// The outline's number in file order.
    index: usize,
    item: Item<'a>,
    cut: usize,
}

/// A finished statement and the outline it is for.
type Finished = (usize, Statement);

/// An outline's statement. Depends on the outline alone, so it is made alongside the reading
/// (see [`finishing`]).
fn finish_outline(raw: RawOutline<'_>) -> Finished {
    (raw.index, statement(&raw.item, &raw.item.text[raw.cut..]))
}

/// Whether an outline is an undercut: `undercut="true"`.
fn undercut(item: &Item<'_>, at: &dyn Fn(usize) -> Place, problems: &mut Vec<Problem>) -> bool {
    match item.undercut.as_deref().map(str::trim) {
        None | Some("false" | "") => false,
        Some("true") => true,
        Some(other) => {
            problems.push(Problem::warning(
                at(item.offset),
                format!("undercut={other:?} is neither \"true\" nor \"false\"; this outline is read as no undercut"),
            ));
            false
        }
    }
}

/// The node an outline becomes: outlines are nodes in file order, after the thesis named by
/// the title when there is one (`shift` is then 1).
fn node_of(item: usize, shift: usize) -> NodeId {
    NodeId(u32::try_from(item + shift).expect("more than 4 billion nodes"))
}

/// The checks made while building, in the order they are made on one outline: its problems
/// are listed in this order, whenever each check could be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Check {
    /// The top-level outlines (on the second one).
    Tops,
    Kind,
    Reference,
    Id,
    Undercut,
}

/// Builds the map as outlines are read, in file order, so a parent is always built before its
/// children. What depends on outlines further on is settled in [`Builder::finish`]: whether
/// the first top-level outline is the thesis (it is unless another follows), which outlines
/// are references and to what, and which ids are kept.
struct Builder<'a, 'f> {
    at: &'f dyn Fn(usize) -> Place,
    /// Node 0 is the first top-level outline, read as the thesis, until a second one comes:
    /// then node 0 is a thesis named by the title and every outline moves up by one (`shift`).
    map: ArgMap,
    shift: usize,
    /// Where each outline (numbered in file order) starts in the file.
    offsets: Vec<usize>,
    /// Whether each outline has an `id`; the node's statement holds it until it is settled.
    has_id: Vec<bool>,
    tops: usize,
    second_top: usize,
    /// The first top-level outline and its problems as the thesis, while it may still be read
    /// as a claim under a thesis named by the title instead.
    first_top: Option<Item<'a>>,
    root_problems: Vec<Problem>,
    /// Outlines read as theses answering the question at the root, while that may change.
    answers: Vec<(usize, Item<'a>)>,
    /// Outlines with a `ref` attribute and the id it names, in file order.
    refs: Vec<(usize, Cow<'a, str>)>,
    /// Side headings, in file order: the outline, its side and its text.
    headings: Vec<(usize, Stance, Box<str>)>,
    /// Whether each outline names its own side (see [`names_side`]).
    said: Vec<bool>,
    problems: Vec<(Check, Problem)>,
}

/// The map built, with what [`parse`] needs to place its problems.
struct Built {
    map: ArgMap,
    stable_ids: bool,
    /// The problems found while building (which outlines are references, which ids are kept
    /// and the kinds), in file order.
    problems: Vec<Problem>,
    offsets: Vec<usize>,
    shift: usize,
    headings: Vec<(usize, Stance, Box<str>)>,
    said: Vec<bool>,
    /// The warning that no top-level outline, or several, stand under a thesis named for them,
    /// with how many there are: left out when every one is a side heading, which heads the
    /// reasons for or against that thesis.
    several_tops: Option<(Problem, usize)>,
}

impl<'a, 'f> Builder<'a, 'f> {
    fn new(at: &'f dyn Fn(usize) -> Place) -> Self {
        Builder {
            at,
            map: ArgMap::new(Meta::default(), Statement::default()),
            shift: 0,
            offsets: Vec::new(),
            has_id: Vec::new(),
            tops: 0,
            second_top: 0,
            first_top: None,
            root_problems: Vec::new(),
            answers: Vec::new(),
            refs: Vec::new(),
            headings: Vec::new(),
            said: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn offset(&self, item: usize) -> usize {
        self.offsets[item]
    }

    fn note(&mut self, check: Check, problems: Vec<Problem>) {
        self.problems
            .extend(problems.into_iter().map(|problem| (check, problem)));
    }

    /// Adds an outline below the outline `parent` (none for a top-level one); returns its number.
    /// Its statement is left to `finishing` to make, unless the outline may be read again.
    fn add(
        &mut self,
        item: Item<'a>,
        parent: Option<usize>,
        finishing: &mut Finishing<RawOutline<'a>, Finished>,
    ) -> usize {
        let index = self.offsets.len();
        self.offsets.push(item.offset);
        self.has_id.push(item.id.is_some());
        if let Some(name) = &item.reference {
            self.refs.push((index, name.clone()));
        }
        if let Some(stance) = side_heading(&item) {
            self.headings.push((index, stance, item.text.trim().into()));
        }
        self.said.push(names_side(&item));
        let Some(parent) = parent else {
            self.add_top(item, index, finishing);
            return index;
        };
        // A thesis stands below the root only as an answer to a question there.
        let option = parent == 0 && self.shift == 0 && self.map.nodes[0].kind == Kind::Question;
        let parent_node = node_of(parent, self.shift);
        let in_group = self.map.nodes[parent_node.index()].kind == Kind::Group;
        let (kind, cut) = self.push_node(parent_node, &item, option || in_group);
        if option && kind == Kind::Thesis {
            // An answer is read again if a second top-level outline comes, so it is kept.
            self.place((index, statement(&item, &item.text[cut..])));
            self.answers.push((index, item));
        } else {
            finishing.add(RawOutline { index, item, cut }, |finished| {
                self.place(finished);
            });
        }
        index
    }

    /// Writes a finished statement into the node of its outline.
    fn place(&mut self, (item, statement): Finished) {
        // By the shift at this time: the outlines move up by one when a thesis is put above.
        self.map.nodes[node_of(item, self.shift).index()].body = Body::Statement(statement);
    }

    fn add_top(
        &mut self,
        item: Item<'a>,
        index: usize,
        finishing: &mut Finishing<RawOutline<'a>, Finished>,
    ) {
        self.tops += 1;
        if index == 0 {
            let (kind, rest) = root_kind(&item, self.at, &mut self.root_problems);
            let root = &mut self.map.nodes[0];
            root.kind = kind;
            root.body = Body::Statement(statement(&item, rest));
            self.first_top = Some(item);
            return;
        }
        if self.tops == 2 {
            self.second_top = index;
            self.make_room_for_a_thesis();
        }
        let (_, cut) = self.push_node(self.map.root, &item, false);
        finishing.add(RawOutline { index, item, cut }, |finished| {
            self.place(finished);
        });
    }

    /// On a second top-level outline: puts a thesis (named in [`Builder::finish`]) above the
    /// first, which is read again as a claim below it, as are its answers to a question.
    fn make_room_for_a_thesis(&mut self) {
        let thesis = Node {
            kind: Kind::Thesis,
            parent: None,
            children: vec![NodeId(1)],
            body: Body::Statement(Statement::default()),
            undercut: false,
            scheme: None,
        };
        self.map.nodes.insert(0, thesis);
        for node in &mut self.map.nodes[1..] {
            node.parent = Some(node.parent.map_or(NodeId(0), |p| NodeId(p.0 + 1)));
            for child in &mut node.children {
                child.0 += 1;
            }
        }
        self.shift = 1;
        self.root_problems.clear();
        if let Some(first) = self.first_top.take() {
            let (kind, statement) = self.read_node(&first, false);
            let undercut = self.undercut(&first);
            let node = &mut self.map.nodes[1];
            (node.kind, node.body, node.undercut) = (kind, Body::Statement(statement), undercut);
            self.map.set_scheme(NodeId(1), &first.scheme);
        }
        for (index, answer) in std::mem::take(&mut self.answers) {
            let (kind, statement) = self.read_node(&answer, false);
            let node = &mut self.map.nodes[index + 1];
            (node.kind, node.body) = (kind, Body::Statement(statement));
        }
    }

    /// Puts the node of an outline under `parent`, with its kind and an empty statement until
    /// its own is made; returns the kind and where in the text the label starts.
    fn push_node(&mut self, parent: NodeId, item: &Item<'_>, option: bool) -> (Kind, usize) {
        let root = self.map.root;
        let group_fits = parent == root && self.map.nodes[root.index()].kind != Kind::Group;
        let (kind, cut) = self.read_kind(item, (option, group_fits));
        let node = self
            .map
            .push(parent, kind, Body::Statement(Statement::default()));
        self.map.nodes[node.index()].undercut = self.undercut(item);
        self.map.set_scheme(node, &item.scheme);
        (kind, cut)
    }

    /// The kind and statement of an outline below the root.
    fn read_node(&mut self, item: &Item<'_>, option: bool) -> (Kind, Statement) {
        let (kind, cut) = self.read_kind(item, (option, false));
        (kind, statement(item, &item.text[cut..]))
    }

    /// The kind of an outline below the root, and where in its text the label starts.
    fn read_kind(&mut self, item: &Item<'_>, placing: (bool, bool)) -> (Kind, usize) {
        let mut problems = Vec::new();
        let (kind, rest) = node_kind(item, placing, self.at, &mut problems);
        // "Con:" and nothing more: a side without the claim (an outline with no text at all,
        // or with only a note, is told of as it is read).
        if rest.trim().is_empty()
            && !item.text.trim().is_empty()
            && item.note.trim().is_empty()
            && item.reference.is_none()
            && side_heading(item).is_none()
        {
            let message = format!(
                "this outline is only the side {:?}, with no words after it; it is shown as \"(empty)\" (write the claim after the side)",
                item.text.trim()
            );
            problems.push(Problem::warning((self.at)(item.offset), message).nothing_left_out());
        }
        self.note(Check::Kind, problems);
        // What the label is read from is the end of the text.
        (kind, item.text.len() - rest.len())
    }

    fn undercut(&mut self, item: &Item<'_>) -> bool {
        let mut problems = Vec::new();
        let undercut = undercut(item, self.at, &mut problems);
        self.note(Check::Undercut, problems);
        undercut
    }

    /// Settles what depended on the whole file: the thesis, references and ids.
    fn finish(mut self, title: &str, file: &str) -> Built {
        let single_top = self.tops == 1;
        if single_top {
            let problems = std::mem::take(&mut self.root_problems);
            self.note(Check::Kind, problems);
        } else {
            self.name_the_thesis(title, file);
        }
        self.map.meta.title = sanitize(title, false);
        let several_tops = (self.problems.iter())
            .position(|(check, _)| *check == Check::Tops)
            .map(|at| (self.problems.remove(at).1, self.tops));
        let mut problems = Vec::new();
        let is_ref = self.references(single_top, &mut problems);
        let (settled, unknown) = self.settle_ids(&is_ref);
        self.note(Check::Reference, unknown);
        let fresh = self.give_ids(settled, !single_top);
        self.problems
            .sort_by_key(|(check, problem)| (problem.place.line_col, *check));
        problems.extend(self.problems.into_iter().map(|(_, problem)| problem));
        Built {
            map: self.map,
            stable_ids: fresh == 0 && single_top,
            problems,
            offsets: self.offsets,
            shift: self.shift,
            headings: self.headings,
            said: self.said,
            several_tops,
        }
    }

    /// A thesis named after the title (or the file) for a file with no top-level outline or
    /// several of them.
    fn name_the_thesis(&mut self, title: &str, file: &str) {
        let name = if title.is_empty() {
            std::path::Path::new(file)
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .filter(|name| !name.trim().is_empty())
                .unwrap_or_else(|| "Outline".to_string())
        } else {
            title.to_string()
        };
        let (label, text) = label_and_text(&name);
        self.map.nodes[0].body = Body::Statement(Statement {
            label,
            text,
            ..Statement::default()
        });
        let problem = if self.tops == 0 {
            Problem::warning(
                Place::whole(file),
                "the file holds no <outline> elements; the map shows only a thesis named after it",
            )
        } else {
            let source = if title.is_empty() {
                "the file's name"
            } else {
                "its <title>"
            };
            Problem::warning(
                (self.at)(self.offsets[self.second_top]),
                format!(
                    "the outline has {} top-level items, but a map has one thesis; they stand under a thesis named by {source}",
                    self.tops
                ),
            )
        };
        // A thesis named after the file or its title holds all there is.
        self.problems
            .push((Check::Tops, problem.nothing_left_out()));
    }

    /// Which outlines with `ref` are references: a reference repeats a statement below the
    /// root and has no children of its own; an outline with `ref` that cannot be one is kept
    /// as a statement, with a warning.
    fn references(&self, single_top: bool, problems: &mut Vec<Problem>) -> Vec<bool> {
        let mut is_ref = vec![false; self.offsets.len()];
        for (item, target) in &self.refs {
            let why = if single_top && *item == 0 {
                "it is the top outline, and a map starts from its own thesis"
            } else if !self.map.children(node_of(*item, self.shift)).is_empty() {
                "it has outlines below it, and a reference has none of its own"
            } else {
                is_ref[*item] = true;
                continue;
            };
            problems.push(Problem::warning(
                (self.at)(self.offsets[*item]),
                format!("this outline has ref={target:?}, but {why}; it is kept as a statement of its own"),
            ));
        }
        is_ref
    }

    /// The file's id an outline's statement holds until its id is settled.
    fn file_id(&self, item: usize) -> &str {
        match &self.map.nodes[item + self.shift].body {
            Body::Statement(statement) => &statement.id,
            Body::Ref(_) => "",
        }
    }

    /// What becomes of each outline whose statement does not keep the id the file gave it, in
    /// file order, with the references that name no id. The first outline with an id defines
    /// it, for references before or after it; it keeps the id when it is a valid argscope id.
    fn settle_ids(&self, is_ref: &[bool]) -> (Vec<(usize, Settled)>, Vec<Problem>) {
        let defines = |item: usize| self.has_id[item] && !is_ref[item];
        let count = (0..self.offsets.len()).filter(|&i| defines(i)).count();
        let mut defined: FastMap<&str, usize> =
            FastMap::with_capacity_and_hasher(count, Default::default());
        for item in (0..self.offsets.len()).filter(|&i| defines(i)) {
            defined.entry(self.file_id(item)).or_insert(item);
        }
        let mut settled = Vec::new();
        let mut unknown = Vec::new();
        let mut refs = self
            .refs
            .iter()
            .filter(|(item, _)| is_ref[*item])
            .peekable();
        for item in 0..self.offsets.len() {
            if refs.peek().is_some_and(|(r, _)| *r == item) {
                let (_, name) = refs.next().expect("just peeked");
                let target = defined.get(name.as_ref()).copied();
                if target.is_none() {
                    unknown.push(Problem::warning(
                        (self.at)(self.offsets[item]),
                        format!("ref={name:?} names no outline's id in this file; this outline is kept as a statement of its own"),
                    ));
                }
                let outcome = match target {
                    Some(target) => Settled::Ref(node_of(target, self.shift)),
                    None => Settled::Fresh { why: None },
                };
                settled.push((item, outcome));
                continue;
            }
            if !defines(item) {
                settled.push((item, Settled::Fresh { why: None }));
                continue;
            }
            let id = self.file_id(item);
            let first = defined.get(id).copied();
            if is_valid_id(id) && first == Some(item) {
                continue;
            }
            let why = match first {
                Some(first) if first != item && is_valid_id(id) => {
                    let line = (self.at)(self.offsets[first])
                        .line_col
                        .map_or(0, |(line, _)| line);
                    format!("is already used on line {line}")
                }
                _ => {
                    "is not an argscope id (only lowercase letters, digits and hyphens)".to_string()
                }
            };
            settled.push((item, Settled::Fresh { why: Some(why) }));
        }
        (settled, unknown)
    }

    /// Makes the references and gives every statement that keeps no id of the file's one made
    /// from its label, in file order after the thesis; returns how many outlines got one.
    fn give_ids(&mut self, settled: Vec<(usize, Settled)>, named_thesis: bool) -> usize {
        let label = |node: &Node| match &node.body {
            Body::Statement(statement) => slug(&statement.label),
            Body::Ref(_) => String::new(),
        };
        // The slugs to be made, and only the file's ids that one of them could meet.
        let mut slugs: FastSet<String> = (settled.iter())
            .filter(|(_, outcome)| matches!(outcome, Settled::Fresh { .. }))
            .map(|(item, _)| label(&self.map.nodes[item + self.shift]))
            .collect();
        if named_thesis {
            slugs.insert(label(&self.map.nodes[0]));
        }
        let mut ids = Ids::default();
        let mut unsettled = settled.iter().map(|(item, _)| *item).peekable();
        for item in 0..self.offsets.len() {
            if unsettled.peek() == Some(&item) {
                unsettled.next();
            } else if self.has_id[item] && could_meet(self.file_id(item), &slugs) {
                ids.claim(self.file_id(item));
            }
        }
        if named_thesis && let Body::Statement(thesis) = &mut self.map.nodes[0].body {
            thesis.id = ids.unique(&thesis.label).to_string();
        }
        let mut fresh = 0;
        for (item, outcome) in settled {
            let node = &mut self.map.nodes[item + self.shift];
            let why = match outcome {
                Settled::Ref(target) => {
                    node.body = Body::Ref(target);
                    continue;
                }
                Settled::Fresh { why } => why,
            };
            let Body::Statement(statement) = &mut node.body else {
                continue;
            };
            fresh += 1;
            let made = ids.unique(&statement.label).to_string();
            let id = std::mem::replace(&mut statement.id, made);
            if let Some(why) = why {
                let made = &statement.id;
                let problem = Problem::warning(
                    (self.at)(self.offsets[item]),
                    format!("the id {id:?} {why}; this outline gets the id {made:?}"),
                );
                self.problems.push((Check::Id, problem));
            }
        }
        fresh
    }
}

/// What becomes of an outline that does not keep the id the file gave it.
enum Settled {
    /// A reference to the statement of this node.
    Ref(NodeId),
    /// A statement with an id made from its label; `why` the file's id was not kept, if it had one.
    Fresh { why: Option<String> },
}

/// Whether a slug made for a label could be the id `id` (`slug` or `slug-N`): only such ids
/// of the file's need claiming before the slugs are made, which spares a table of every id.
fn could_meet(id: &str, slugs: &FastSet<String>) -> bool {
    slugs.contains(id)
        || id.rsplit_once('-').is_some_and(|(base, n)| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && slugs.contains(base)
        })
}

/// A field of the head the map takes: `<title>` and `<ownerName>`, the author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadField {
    Title,
    Owner,
}

impl HeadField {
    fn named(name: &str) -> Option<HeadField> {
        match name {
            "title" => Some(HeadField::Title),
            "ownerName" => Some(HeadField::Owner),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_has_an_indent_only_when_blanks_alone_come_before_it_on_its_line() {
        let text = "<a>\n  <b><c>\n\t<d>\n<e> <f>";
        let mut indents = LineIndents::default();
        let at = |tag: &str| text.find(tag).unwrap();
        assert_eq!(indents.at(text, at("<a>")), Some(0));
        assert_eq!(indents.at(text, at("<b>")), Some(2));
        assert_eq!(indents.at(text, at("<c>")), None, "after <b> on its line");
        // A tag asked about later than the one before it, past lines no tag was asked on.
        assert_eq!(indents.at(text, at("<f>")), None);
        let mut fresh = LineIndents::default();
        assert_eq!(fresh.at(text, at("<d>")), Some(1));
        assert_eq!(fresh.at(text, at("<e>")), Some(0));
    }

    #[test]
    fn prefixes_name_the_kind_and_are_dropped() {
        assert_eq!(kind_and_rest("Pro: yes"), (Kind::Claim, " yes"));
        assert_eq!(kind_and_rest("CON:no"), (Kind::Objection, "no"));
        assert_eq!(kind_and_rest("- no"), (Kind::Objection, "no"));
        assert_eq!(kind_and_rest("+ yes"), (Kind::Claim, "yes"));
        assert_eq!(kind_and_rest("-1 degrees"), (Kind::Claim, "-1 degrees"));
        assert_eq!(kind_and_rest("é"), (Kind::Claim, "é"));
    }

    #[test]
    fn argscope_writes_one_pro_or_con_and_the_label_after_it() {
        assert_eq!(strip_stance("Pro: Con: x"), (Some(Stance::For), "Con: x"));
        assert_eq!(strip_stance("con:x"), (Some(Stance::Against), "x"));
        assert_eq!(strip_stance("Pro:  x"), (Some(Stance::For), " x"));
        assert_eq!(strip_stance("- x"), (None, "- x"));
        assert_eq!(strip_stance("Pr"), (None, "Pr"));
        assert_eq!(strip_stance("Pré"), (None, "Pré"));
    }

    fn opml(body: &str) -> String {
        format!("<opml version=\"2.0\"><head><title>T</title></head><body>\n{body}\n</body></opml>")
    }

    /// Each problem as `line: message`.
    fn problems(imported: &Imported) -> Vec<String> {
        let errors = crate::model::errors(&imported.map, "x");
        assert!(errors.is_empty(), "the map is invalid: {errors:?}");
        imported
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.place.line_col.map_or(0, |(l, _)| l), p.message))
            .collect()
    }

    /// Each node as `depth kind label [id]`, a reference as `depth kind -> id`.
    fn tree(map: &ArgMap) -> Vec<String> {
        map.preorder_with_depth()
            .map(|(id, depth)| {
                let kind = map.node(id).kind.name();
                match &map.node(id).body {
                    Body::Ref(target) => format!("{depth} {kind} -> {}", map.statement(*target).id),
                    Body::Statement(s) => format!("{depth} {kind} {} [{}]", s.label, s.id),
                }
            })
            .collect()
    }

    #[test]
    fn references_name_ids_before_or_after_them() {
        let text = opml(
            r#"<outline text="Root" kind="thesis" id="root">
<outline text="Con: whatever" kind="rebuttal" ref="later"/>
<outline text="Pro: Later" kind="claim" id="later"><outline text="Con: again" kind="objection" ref="root"/></outline>
</outline>"#,
        );
        let imported = parse(&text, "refs.opml");
        assert_eq!(problems(&imported), Vec::<String>::new());
        assert_eq!(
            tree(&imported.map),
            [
                "0 thesis Root [root]",
                "1 rebuttal -> later",
                "1 claim Later [later]",
                "2 objection -> root"
            ]
        );
        assert!(imported.stable_ids);
    }

    #[test]
    fn a_reference_that_cannot_be_one_is_kept_as_a_statement_with_a_warning() {
        let text = opml(
            r#"<outline text="Root" kind="thesis" id="root" ref="x">
<outline text="Con: Gone" kind="objection" ref="gone"/>
<outline text="Pro: Parent" kind="claim" ref="root"><outline text="Pro: Child" kind="claim" id="child"/></outline>
</outline>"#,
        );
        let imported = parse(&text, "refs.opml");
        assert_eq!(
            tree(&imported.map),
            [
                "0 thesis Root [root]",
                "1 objection Gone [gone]",
                "1 claim Parent [parent]",
                "2 claim Child [child]"
            ]
        );
        let problems = problems(&imported);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("2: this outline has ref=\"x\", but it is the top outline")
        );
        assert!(problems[1].starts_with("3: ref=\"gone\" names no outline's id in this file"));
        assert!(
            problems[2]
                .starts_with("4: this outline has ref=\"root\", but it has outlines below it")
        );
        assert!(
            !imported.stable_ids,
            "two statements got ids the file did not give"
        );
    }

    #[test]
    fn a_second_top_outline_turns_the_questions_answers_into_claims() {
        let question = r#"<outline text="Q?" kind="question">
<outline text="Pro: An answer" kind="thesis"/>
</outline>"#;
        let single = parse(&opml(question), "q.opml");
        assert_eq!(problems(&single), Vec::<String>::new());
        assert_eq!(
            tree(&single.map),
            [
                "0 question Q? [q]",
                "1 thesis Pro: An answer [pro-an-answer]"
            ]
        );
        let several = parse(
            &opml(&format!("{question}\n<outline text=\"Second\"/>")),
            "q.opml",
        );
        assert_eq!(
            tree(&several.map),
            [
                "0 thesis T [t]",
                "1 question Q? [q]",
                "2 claim An answer [an-answer]",
                "1 claim Second [second]"
            ]
        );
        let problems = problems(&several);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("3: this outline has kind=\"thesis\""));
        assert!(problems[1].starts_with("5: the outline has 2 top-level items"));
    }

    #[test]
    fn invalid_or_repeated_ids_are_replaced_and_slugs_avoid_the_files_ids() {
        let text = opml(
            r#"<outline text="Root" kind="thesis">
<outline text="Pro: Same" kind="claim" id="Bad_Id"/>
<outline text="Pro: Same" kind="claim" id="same"/>
<outline text="Pro: Other" kind="claim" id="same"/>
</outline>"#,
        );
        let imported = parse(&text, "ids.opml");
        assert_eq!(
            tree(&imported.map),
            [
                "0 thesis Root [root]",
                "1 claim Same [same-2]",
                "1 claim Same [same]",
                "1 claim Other [other]"
            ]
        );
        assert_eq!(
            problems(&imported),
            [
                "3: the id \"Bad_Id\" is not an argscope id (only lowercase letters, digits and hyphens); this outline gets the id \"same-2\"",
                "5: the id \"same\" is already used on line 4; this outline gets the id \"other\"",
            ]
        );
        assert!(!imported.stable_ids);
    }

    #[test]
    fn the_kind_attribute_decides_and_odd_ones_are_warnings() {
        let text = opml(
            r#"<outline text="Root" kind="claim">
<outline text="Con: Said against" kind="evidence"/>
<outline text="Con: A second thesis" kind="thesis"/>
<outline text="Pro: Unknown" kind="fact" undercut="yes"/>
<outline text="- plain" undercut="true"/>
</outline>"#,
        );
        let imported = parse(&text, "kinds.opml");
        let map = &imported.map;
        assert_eq!(
            tree(map),
            [
                "0 thesis Root [root]",
                "1 evidence Said against [said-against]",
                "1 objection A second thesis [a-second-thesis]",
                "1 claim Unknown [unknown]",
                "1 objection plain [plain]"
            ]
        );
        let undercuts: Vec<bool> = map.preorder().map(|id| map.node(id).undercut).collect();
        assert_eq!(undercuts, [false, false, false, false, true]);
        let problems = problems(&imported);
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].starts_with("2: the top outline has kind=\"claim\""));
        assert!(problems[1].contains("starts with \"Con:\", but its kind is evidence"));
        assert!(problems[2].starts_with("4: this outline has kind=\"thesis\""));
        assert!(problems[3].starts_with("5: kind=\"fact\" is not a kind"));
        assert!(problems[4].starts_with("5: undercut=\"yes\""));
    }

    #[test]
    fn what_a_file_says_reaches_a_message_escaped() {
        let text = opml(
            r#"<outline text="Root" kind="thesis"><outline text="x" kind="&#27;[2J"/></outline>"#,
        );
        let problems = problems(&parse(&text, "esc.opml"));
        assert!(problems[0].contains("kind=\"\\u{1b}[2J\""), "{problems:?}");
    }

    #[test]
    fn other_wordings_come_in_the_order_of_their_numbers() {
        let text = opml(
            r#"<outline text="Root" kind="thesis" also10="ten" also="zero" also2="two&#10;lines" alsoX="no"/>"#,
        );
        let imported = parse(&text, "also.opml");
        assert_eq!(problems(&imported), Vec::<String>::new());
        let root = imported.map.statement(imported.map.root);
        assert_eq!(root.also, ["zero", "two\nlines", "ten"]);
    }

    #[test]
    fn attribute_values_are_decoded_and_their_white_space_normalised_as_xml_says() {
        // A tab or line break written as itself is a space; written as a reference it stays.
        let text = opml(
            "<outline text=\"Root\" kind=\"thesis\" _note=\"one\ntwo\tthree &amp; four&#10;five\"/>",
        );
        let imported = parse(&text, "ws.opml");
        let root = imported.map.statement(imported.map.root);
        assert_eq!(root.text, "one two three & four\nfive");
    }

    #[test]
    fn the_writer_escapes_what_xml_would_read_otherwise() {
        let mut out = String::new();
        escape("a&b<c>d\"e'f\ng\th\ri\u{1b}j\u{ffff}", &mut out);
        assert_eq!(
            out,
            "a&amp;b&lt;c&gt;d&quot;e&apos;f&#10;g&#9;h&#13;i\u{241b}j\u{fffd}"
        );
    }
}
