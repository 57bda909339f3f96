//! OPML outlines (WorkFlowy, Dynalist, Logseq, OmniOutliner exports) read as argument maps.
//!
//! Each `<outline text="…">` is a statement under the outline that holds it. A text starting
//! with "Pro:" or "+ " is a claim, one starting with "Con:" or "- " an objection, anything else a
//! claim; the prefix is dropped. `_note` becomes the statement's text, `url`/`htmlUrl` its url.
//! One top-level outline is the thesis; several stand under a thesis named by `<head><title>`
//! (or the file). Outline positions shift as people edit, so ids are not stable.
//!
//! The reader is quick-xml's event reader with an explicit stack of open outlines, so nesting
//! depth costs heap, not call stack. Malformed XML keeps what was read before the fault and
//! reports the fault with its line.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Ids, Imported, label_and_text};
use crate::model::problem::LineIndex;
use crate::model::{ArgMap, Body, Kind, Meta, NodeId, Place, Problem, Statement};
use crate::text::sanitize;

/// An outline as read, before the tree is built.
struct Item {
    parent: Option<usize>,
    text: String,
    note: String,
    url: String,
    offset: usize,
}

/// Parses an OPML outline. Never fails: what cannot be read is a problem.
pub fn parse(text: &str, file: &str) -> Imported {
    let lines = LineIndex::new(text);
    let at = |offset: usize| lines.place(file, offset);
    let mut problems = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    // Indices of the outlines open at this point of the file, innermost last.
    let mut open: Vec<usize> = Vec::new();
    let mut title = String::new();
    let mut in_title = false;
    let mut failed = false;
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
                if tag.local_name().as_ref() == "outline" {
                    let index = read_outline(&tag, open.last().copied(), start, &at, &mut problems);
                    items.push(index);
                    open.push(items.len() - 1);
                } else if tag.local_name().as_ref() == "title" && open.is_empty() {
                    in_title = true;
                }
            }
            Ok(Event::Empty(tag)) => {
                if tag.local_name().as_ref() == "outline" {
                    let item = read_outline(&tag, open.last().copied(), start, &at, &mut problems);
                    items.push(item);
                }
            }
            Ok(Event::End(tag)) => {
                if tag.local_name().as_ref() == "outline" {
                    open.pop();
                } else if tag.local_name().as_ref() == "title" {
                    in_title = false;
                }
            }
            Ok(Event::Text(content)) if in_title => title.push_str(&content.xml10_content()),
            Ok(Event::CData(content)) if in_title => {
                title.push_str(&content);
            }
            Ok(Event::GeneralRef(reference)) if in_title => match reference.resolve_char_ref() {
                Ok(Some(c)) => title.push(c),
                _ => match quick_xml::escape::resolve_predefined_entity(&reference) {
                    Some(s) => title.push_str(s),
                    None => title.push_str(&format!("&{};", &*reference)),
                },
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => {
                let offset = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                problems.push(Problem::warning(
                    at(offset),
                    format!("the XML is malformed here ({error}); the outlines before this point are kept, the rest is left out"),
                ));
                failed = true;
                break;
            }
        }
    }
    if !failed && let Some(&unclosed) = open.first() {
        problems.push(Problem::warning(
            at(items[unclosed].offset),
            "this outline is never closed with </outline>; it is read to the end of the file",
        ));
    }
    let map = build(&items, title.trim(), file, &at, &mut problems);
    problems.sort_by_key(|p| p.place.line_col);
    Imported {
        map,
        problems,
        stable_ids: false,
    }
}

/// Reads an `<outline>` tag's attributes.
fn read_outline(
    tag: &BytesStart,
    parent: Option<usize>,
    offset: usize,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> Item {
    let mut item = Item {
        parent,
        text: String::new(),
        note: String::new(),
        url: String::new(),
        offset,
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
        let slot = match attribute.key.local_name().as_ref() {
            "text" => &mut item.text,
            "_note" => &mut item.note,
            "url" | "htmlUrl" => &mut item.url,
            "title" => title.get_or_insert_with(String::new),
            _ => continue,
        };
        *slot = value(&attribute, offset, at, problems).into_owned();
    }
    if item.text.trim().is_empty()
        && let Some(title) = title
    {
        item.text = title;
    }
    if item.text.trim().is_empty() {
        problems.push(Problem::warning(
            at(offset),
            "this outline has no text; it is shown as \"(empty)\"",
        ));
    }
    item
}

/// An attribute's value with its entities decoded; the raw value when an entity is unknown.
fn value<'a>(
    attribute: &Attribute<'a>,
    offset: usize,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> Cow<'a, str> {
    match attribute.normalized_value(XmlVersion::Implicit1_0) {
        Ok(value) => value,
        Err(error) => {
            problems.push(Problem::warning(
                at(offset),
                format!("an attribute value of this outline has an entity XML does not know ({error}); it is shown as written"),
            ));
            attribute.value.clone()
        }
    }
}

/// "Pro: X" and "+ X" are claims, "Con: X" and "- X" objections; the prefix is dropped.
fn kind_and_rest(text: &str) -> (Kind, &str) {
    let trimmed = text.trim_start();
    let head = |n: usize| trimmed.get(..n).map(str::to_ascii_lowercase);
    if head(4).as_deref() == Some("pro:") {
        (Kind::Claim, &trimmed[4..])
    } else if head(4).as_deref() == Some("con:") {
        (Kind::Objection, &trimmed[4..])
    } else if let Some(rest) = trimmed.strip_prefix("+ ") {
        (Kind::Claim, rest)
    } else if let Some(rest) = trimmed.strip_prefix("- ") {
        (Kind::Objection, rest)
    } else {
        (Kind::Claim, trimmed)
    }
}

fn statement(item: &Item, ids: &mut Ids) -> (Kind, Statement) {
    let (kind, rest) = kind_and_rest(&item.text);
    let (label, mut text) = label_and_text(rest);
    let note = sanitize(item.note.trim(), true);
    if !note.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&note);
    }
    let statement = Statement {
        id: ids.unique(&label),
        label,
        text,
        url: sanitize(item.url.trim(), false),
        ..Statement::default()
    };
    (kind, statement)
}

/// Builds the tree. Items come in document order, so a parent is always built before its children.
fn build(
    items: &[Item],
    title: &str,
    file: &str,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> ArgMap {
    let mut ids = Ids::default();
    let tops: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].parent.is_none())
        .collect();
    let mut placed: Vec<Option<NodeId>> = vec![None; items.len()];
    let mut map = if let [top] = tops[..] {
        let (_, thesis) = statement(&items[top], &mut ids);
        let map = ArgMap::new(Meta::default(), thesis);
        placed[top] = Some(map.root);
        map
    } else {
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
        let thesis = Statement {
            id: ids.unique(&label),
            label,
            text,
            ..Statement::default()
        };
        if tops.is_empty() {
            problems.push(Problem::warning(
                Place::whole(file),
                "the file holds no <outline> elements; the map shows only a thesis named after it",
            ));
        } else {
            let source = if title.is_empty() {
                "the file's name"
            } else {
                "its <title>"
            };
            problems.push(Problem::warning(
                at(items[tops[1]].offset),
                format!(
                    "the outline has {} top-level items, but a map has one thesis; they stand under a thesis named by {source}",
                    tops.len()
                ),
            ));
        }
        ArgMap::new(
            Meta {
                title: title.to_string(),
                ..Meta::default()
            },
            thesis,
        )
    };
    map.meta.title = title.to_string();
    for (i, item) in items.iter().enumerate() {
        if placed[i].is_some() {
            continue;
        }
        let parent = item
            .parent
            .and_then(|p| placed.get(p).copied().flatten())
            .unwrap_or(map.root);
        let (kind, statement) = statement(item, &mut ids);
        placed[i] = Some(map.push(parent, kind, Body::Statement(statement)));
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_name_the_kind_and_are_dropped() {
        assert_eq!(kind_and_rest("Pro: yes"), (Kind::Claim, " yes"));
        assert_eq!(kind_and_rest("CON:no"), (Kind::Objection, "no"));
        assert_eq!(kind_and_rest("- no"), (Kind::Objection, "no"));
        assert_eq!(kind_and_rest("+ yes"), (Kind::Claim, "yes"));
        assert_eq!(kind_and_rest("-1 degrees"), (Kind::Claim, "-1 degrees"));
        assert_eq!(kind_and_rest("é"), (Kind::Claim, "é"));
    }
}
