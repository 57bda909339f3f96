//! Markdown outlines: a bulleted list (`- `, `* `, `+ `, `1. `) whose nesting is the map's
//! tree, read as an OPML outline is. An item starting "Pro:" is a claim, one starting "Con:"
//! (or "Contra:") an objection, any other a claim (the prefix dropped, bold or not:
//! `**Pro:**`); a side written with a dash ("Con – x") is read too, with a warning, and so is
//! WorkFlowy's tag `#pro`/`#con`. A side heading ("Pros", "Arguments against:") with items
//! below it is no claim: its items stand under its parent on its side (see [`super::sides`]).
//! A first item "Thesis:" says what it is. Logseq's property lines (`key:: value`) are left
//! out, and its block references `((id))` show the words of the item with that `id::`. The thesis is the one item at the top of the list, or the
//! paragraph above the list (or the heading, when the list has several items at its top); the
//! first heading is the title. Lines indented below an item continue its text, and `> ` lines
//! there are its quote. Emphasis and links are read as [`super::outliner_markdown`] reads an
//! outliner's text.
//!
//! argscope's own Markdown handout (`export --format markdown`) is refused: it is written to
//! be read, not opened again (see [`HANDOUT`]).
//!
//! Items are collected in one pass over the lines and the map is built from them with an
//! explicit stack, so nesting depth costs heap, not call stack. Outline positions change as
//! people edit, so ids are not stable.

use std::borrow::Cow;

use super::sides;
use super::{Imported, label_and_text};
use crate::model::{ArgMap, Body, Kind, Meta, NodeId, Place, Problem, Stance, Statement};
use crate::text::sanitize;

/// Why argscope's Markdown handout is refused rather than read.
pub const HANDOUT: &str = "this is argscope's Markdown handout (export --format markdown), which is written for reading and not opened again, as it keeps no ids (notes would not follow), writes a statement used twice as a copy and a deep map in sections; open the map it was exported from, or export that map with --format argdown or --format opml to edit it elsewhere";

/// Why a file named as Markdown whose content is no Markdown outline (nor another format
/// argscope tells by content, nor Argdown in a fenced ```` ```argdown ```` block) is refused
/// rather than read as Argdown, which any text is.
pub const NOT_AN_OUTLINE: &str = "this Markdown file is not a Markdown outline (a nested list: the thesis, then items starting \"Pro:\" or \"Con:\" indented below it), so argscope cannot tell what map it holds; write the map as such a list, put Argdown in a ```argdown block, or name the file's format with --from (--from argdown if all of it is Argdown)";

/// A list item's marker at the start of `rest` (after the indentation): its length with the
/// blank after it.
fn marker(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let len = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match bytes.get(len) {
        Some(b' ' | b'\t') => Some(len + 1),
        None => Some(len),
        _ => None,
    }
}

/// The indentation of a line in columns (a tab to the next multiple of 4, as Markdown counts
/// it) and the rest of the line.
fn indentation(line: &str) -> (usize, &str) {
    let mut columns = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => columns += 1,
            '\t' => columns = columns / 4 * 4 + 4,
            _ => return (columns, &line[i..]),
        }
    }
    (columns, "")
}

/// How wide an editor shows an indentation, a tab reaching the next multiple of `tab`.
fn shown_width(indentation: &str, tab: usize) -> usize {
    indentation.chars().fold(0, |width, c| match c {
        '\t' => (width / tab + 1) * tab,
        _ => width + 1,
    })
}

/// The warning for an item indented `this` below an item indented `above` (on line
/// `above_line`) when tabs and spaces mixed in them make it hang under that item as Markdown
/// reads it (a tab reaching the next multiple of 4 columns) and not as an editor showing a
/// tab as 2 or 8 spaces shows it, or the other way round.
fn mixed_indent(this: &str, above: &str, above_line: usize) -> Option<String> {
    let has = |c: char| this.contains(c) || above.contains(c);
    if !(has('\t') && has(' ')) {
        return None;
    }
    let under = |tab: usize| shown_width(this, tab) > shown_width(above, tab);
    let read_under = under(4);
    let tab = [2, 8].into_iter().find(|&tab| under(tab) != read_under)?;
    let (reads, shown) = if read_under {
        ("reads this item under that one", "no deeper")
    } else {
        (
            "does not read this item under that one",
            "indented under it",
        )
    };
    Some(format!(
        "this item mixes tabs and spaces with the item on line {above_line} above: Markdown counts a tab as reaching the next multiple of 4 columns and so {reads}, though an editor showing a tab as {tab} spaces shows it {shown}; indent every line with spaces only (or with tabs only)"
    ))
}

fn is_heading(rest: &str) -> Option<&str> {
    let after = rest.trim_start_matches('#');
    let level = rest.len() - after.len();
    ((1..=6).contains(&level) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then(|| after.trim().trim_end_matches('#').trim())
}

/// Whether an item's text is Argdown syntax rather than an outline's words: a `[title]` or
/// `<argument>` at its start. A Markdown link `[words](address)` is not one, nor a task's
/// checkbox `[ ]`/`[x]`, nor a citation followed by words, `[Smith 2020] found …`.
fn argdown_head(text: &str) -> bool {
    let (open, close) = match text.as_bytes().first() {
        Some(b'[') => ('[', ']'),
        Some(b'<') => ('<', '>'),
        _ => return false,
    };
    let Some(end) = text.find(close) else {
        return false;
    };
    if open == '<' {
        return true;
    }
    let after = &text[end + 1..];
    // After an Argdown title comes its colon, a tag, data or nothing.
    let words = after.starts_with([' ', '\t'])
        && after
            .trim_start()
            .starts_with(|c: char| c.is_alphanumeric() || c == '"');
    !(after.starts_with('(') || words || checkbox(text).is_some())
}

/// A task list's checkbox, `[ ] ` or `[x] `, at the start of an item's text: the words after it.
fn checkbox(text: &str) -> Option<&str> {
    let rest = ["[ ]", "[x]", "[X]"]
        .iter()
        .find_map(|box_| text.strip_prefix(box_))?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then(|| rest.trim_start())
}

/// Front matter at the top of a Markdown file (`---` lines around YAML, as Obsidian and
/// static site tools write it): how many lines it takes, and its `title:`.
fn front_matter(text: &str) -> Option<(usize, Option<String>)> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut title = None;
    for (n, line) in lines.enumerate().take(1000) {
        let line = line.trim_end();
        if line == "---" || line == "..." {
            return Some((n + 2, title));
        }
        if let Some(value) = line.strip_prefix("title:") {
            let value = value.trim();
            let unquoted = (value.strip_prefix('"').and_then(|v| v.strip_suffix('"')))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            title = Some(unquoted.trim().to_string());
        }
    }
    None
}

/// Whether an item's words start by naming a side or a kind ("Pro:", "Con – x",
/// "Objection:"), as no Argdown relation's text does. A `#pro` tag is left out: in Argdown it
/// is a tag.
fn names_side(text: &str) -> bool {
    let plain = super::outliner_markdown::read(Cow::Borrowed(text)).0;
    let plain = plain.trim();
    sides::colon(plain).is_some()
        || sides::kind_word(plain).is_some()
        || sides::dashed(plain).is_some()
}

/// What a look at a text's lines finds about its being a Markdown outline.
#[derive(Debug, PartialEq)]
enum Shape {
    /// A list at the left margin, or an indented one below a line of its own (the thesis)
    /// whose items name sides: an outline.
    Outline,
    /// An indented list below a line of its own whose items name no side: Argdown's relations
    /// look so, so only a file named as Markdown is read as an outline.
    UnderThesis,
    /// No list, or another format's syntax: the line that shows it (0 for none) and what it
    /// holds.
    Not(usize, usize, String),
}

/// What a message calls the Argdown title or argument name at the start of `text`, as written.
fn head_named(text: &str) -> String {
    let close = if text.starts_with('<') { '>' } else { ']' };
    let end = text.find(close).map_or(text.len(), |at| at + 1);
    let head: String = sanitize(&text[..end], false).chars().take(60).collect();
    let what = if close == '>' {
        "argument name"
    } else {
        "title"
    };
    format!("the Argdown {what} {head:?}")
}

/// Looks at the first lines of `text` for an outline's shape and for Argdown syntax.
fn shape(text: &str) -> Shape {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with("===") {
        let line = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0);
        return Shape::Not(line + 1, 1, "Argdown's front matter, \"===\"".into());
    }
    let skipped = front_matter(text).map_or(0, |(lines, _)| lines);
    let mut at_margin = false;
    let mut under_thesis = false;
    let mut sides_named = false;
    // The last line with something on it: whether it was a line of words at the left margin.
    let mut after_words = false;
    let mut list_started = false;
    for (n, line) in text.lines().enumerate().skip(skipped).take(10_000) {
        let (indent, rest) = indentation(line);
        let column = line.len() - rest.len() + 1;
        if rest.trim().is_empty() {
            continue;
        }
        // Kialo numbers claims `1.2.`; a Markdown list numbers its items `1.`, `2.`.
        if rest.starts_with("1.") && rest[2..].starts_with(|c: char| c.is_ascii_digit()) {
            return Shape::Not(
                n + 1,
                column,
                "a claim numbered as a Kialo export numbers it, \"1.1.\"".into(),
            );
        }
        if rest.starts_with('(') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Shape::Not(n + 1, column, "an Argdown premise, \"(1)\"".into());
        }
        if let Some(len) = marker(rest) {
            let words = rest[len..].trim_start();
            if !list_started {
                under_thesis = indent > 0 && after_words;
            }
            list_started = true;
            at_margin |= indent == 0;
            if argdown_head(words) {
                return Shape::Not(
                    n + 1,
                    column + (rest.len() - words.len()),
                    head_named(words),
                );
            }
            sides_named = sides_named || under_thesis && !at_margin && names_side(words);
            after_words = false;
        } else {
            if !at_margin && indent == 0 && argdown_head(rest) {
                return Shape::Not(n + 1, column, head_named(rest));
            }
            after_words = indent == 0 && is_heading(rest).is_none();
        }
    }
    if at_margin || under_thesis && sides_named {
        Shape::Outline
    } else if under_thesis {
        Shape::UnderThesis
    } else {
        Shape::Not(0, 0, String::new())
    }
}

/// Whether `text` is a Markdown outline: past a heading and a paragraph (and front matter), a
/// list that starts at the left margin, or an indented one below the thesis's line whose items
/// name sides ("Pro:", "Con:"); with no Argdown syntax (`[title]` or `<argument>` items, a
/// premise `(1)`, front matter `===`), and not a Kialo export that lost its first line.
pub fn looks_like_outline(text: &str) -> bool {
    shape(text) == Shape::Outline
}

/// Whether `text`, in a file named as Markdown, is an outline: as [`looks_like_outline`], or
/// an indented list below the thesis's line whatever its items say (Argdown, which reads such
/// a list as relations, is in ```` ```argdown ```` blocks in Markdown).
pub fn looks_like_named_outline(text: &str) -> bool {
    matches!(shape(text), Shape::Outline | Shape::UnderThesis)
}

/// Why a file named as Markdown is refused: the line and column that show it is no outline
/// (1:1 when it holds no list), and a sentence saying so and what to do.
pub fn refusal(text: &str) -> (usize, usize, String) {
    match shape(text) {
        Shape::Not(line, column, what) if line > 0 => (
            line,
            column,
            format!(
                "this Markdown file is not a Markdown outline, as this line holds {what}; write the map as a nested list without it (the thesis, then items starting \"Pro:\" or \"Con:\" indented below it), put Argdown in a ```argdown block, or name the file's format with --from (--from argdown if all of it is Argdown)"
            ),
        ),
        _ => (1, 1, NOT_AN_OUTLINE.to_string()),
    }
}

/// A code fence's opening or closing at the start of `rest`: its character (`` ` `` or `~`),
/// its length (3 or more) and the info string after it.
fn fence(rest: &str) -> Option<(u8, usize, &str)> {
    let c = *rest
        .as_bytes()
        .first()
        .filter(|&&c| c == b'`' || c == b'~')?;
    let len = rest.bytes().take_while(|&b| b == c).count();
    (len >= 3).then(|| (c, len, rest[len..].trim()))
}

/// The Argdown in a Markdown file's ```` ```argdown ```` code blocks (or `argdown-map`, as
/// Argdown's own Markdown support names them), every other line blanked, so lines and
/// columns are the file's; None when the file has no such block. Several blocks are read as
/// one map, as their statements and arguments may name each other.
pub fn argdown_blocks(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut found = false;
    // The fence open at this line, and whether its block is Argdown.
    let mut open: Option<(u8, usize, bool)> = None;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let ending = &line[content.len()..];
        let (indent, rest) = indentation(content);
        let at_fence = if indent <= 3 { fence(rest) } else { None };
        match (open, at_fence) {
            (Some((c, len, _)), Some((d, n, info))) if d == c && n >= len && info.is_empty() => {
                open = None;
            }
            (Some((_, _, true)), _) => {
                out.push_str(content);
            }
            (Some(_), _) => {}
            (None, Some((c, len, info))) => {
                let word = info.split_whitespace().next().unwrap_or_default();
                let argdown = word.eq_ignore_ascii_case("argdown")
                    || word.eq_ignore_ascii_case("argdown-map");
                // A backtick fence's info string holds no backtick.
                if c == b'`' && info.contains('`') {
                    out.push_str(ending);
                    continue;
                }
                found |= argdown;
                open = Some((c, len, argdown));
            }
            (None, None) => {}
        }
        out.push_str(ending);
    }
    found.then_some(out)
}

/// The first list item at the left margin outside the Argdown blocks `blocks` (as
/// [`argdown_blocks`] gives them, every other line blank): its line and column, for a warning
/// that the outline beside the blocks is left out.
pub fn list_beside_blocks(text: &str, blocks: &str) -> Option<(usize, usize)> {
    (text.lines().zip(blocks.lines()).enumerate())
        .filter(|(_, (_, kept))| kept.is_empty())
        .find(|(_, (line, _))| {
            let (indent, rest) = indentation(line);
            indent == 0 && marker(rest).is_some()
        })
        .map(|(i, _)| (i + 1, 1))
}

/// Whether `text` is argscope's own Markdown handout: its items open with a kind in bold
/// (`- **◆ thesis:**`).
pub fn is_handout(text: &str) -> bool {
    text.lines().take(200).any(|line| {
        let (_, rest) = indentation(line);
        rest.strip_prefix("- **").is_some_and(|after| {
            ["◆ thesis", "? question"]
                .iter()
                .any(|kind| after.starts_with(kind))
        })
    })
}

/// A Logseq property line, `key:: value` (the key a word of letters, digits, `-` or `_`):
/// its key and value.
fn property(rest: &str) -> Option<(&str, &str)> {
    let (key, value) = rest.split_once("::")?;
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    (!key.is_empty() && key.chars().all(word) && (value.is_empty() || value.starts_with(' ')))
        .then(|| (key, value.trim()))
}

/// The most of a block's first line a reference to it stands for, so that many references
/// to one long block cannot make the map many times the size of the file.
const REFERENCE_CHARS: usize = 200;

/// Logseq's block references, `((id))`, read as Logseq shows them: as the words of the item
/// that names that id in its `id::` property (its first line without its side, at most
/// [`REFERENCE_CHARS`] characters). A reference to a block not in this file (another page's) is left as written.
fn resolve_block_references(items: &mut [Item], block_ids: &[(String, usize)]) {
    if block_ids.is_empty() {
        return;
    }
    let named: crate::model::FastMap<&str, String> = (block_ids.iter())
        .map(|(id, item)| {
            let first = items[*item].text.lines().next().unwrap_or_default();
            // The block's words, as its node shows them: without its side ("Con:").
            let plain = super::outliner_markdown::read(Cow::Borrowed(first.trim())).0;
            let words = side(plain.trim()).1;
            (
                id.as_str(),
                words.trim().chars().take(REFERENCE_CHARS).collect(),
            )
        })
        .collect();
    for item in items.iter_mut().filter(|item| item.text.contains("((")) {
        let mut out = String::with_capacity(item.text.len());
        let mut rest = item.text.as_str();
        while let Some(open) = rest.find("((") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let words = (after.find("))")).and_then(|close| {
                Some((
                    close,
                    named.get(after[..close].to_ascii_lowercase().as_str())?,
                ))
            });
            match words {
                Some((close, words)) => {
                    out.push_str(words);
                    rest = &after[close + 2..];
                }
                None => {
                    out.push_str("((");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        item.text = out;
    }
}

/// An item's words after its marker: a task's checkbox (`[x] `) and a heading's `## `, which
/// notes apps show as a box and a size, are no part of them.
fn item_words(text: &str) -> &str {
    let text = text.trim();
    let text = checkbox(text).unwrap_or(text);
    is_heading(text).unwrap_or(text)
}

/// A list item as read.
struct Item {
    /// The item it stands under; None at the top of the list.
    parent: Option<usize>,
    line: usize,
    column: usize,
    text: String,
    quote: String,
}

/// Reads a Markdown outline. What cannot be read is a warning with its line; a file with no
/// list is an error, which refuses it.
pub fn parse(text: &str, file: &str) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_handout(text) {
        return refused(file, 1, HANDOUT.to_string());
    }
    let mut problems: Vec<Problem> = Vec::new();
    let mut heading: Option<String> = None;
    let mut lead = String::new();
    let mut lead_line = 0;
    let mut items: Vec<Item> = Vec::new();
    // Open items: (indent of the marker, item).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut after_blank = false;
    let mut left_out_warned = false;
    let mut block_ids: Vec<(String, usize)> = Vec::new();
    // A side heading written as a Markdown heading (`## Cons`) heads the list's top items
    // below it, up to the next heading: its words and line, and its item once one comes.
    let mut section: Option<(&str, usize, Option<usize>)> = None;
    // The last item's indentation as written and its line, to tell mixed tabs and spaces.
    let mut last_indent: Option<(&str, usize)> = None;
    // Front matter is the file's settings, not its words; its `title:` is the title.
    let (skipped, title) = front_matter(text).unwrap_or_default();
    for (n, line) in text.lines().enumerate().skip(skipped) {
        let number = n + 1;
        let (indent, rest) = indentation(line);
        let rest = rest.trim_end();
        if rest.is_empty() {
            after_blank = true;
            continue;
        }
        if let Some(words) = is_heading(rest) {
            let plain = super::outliner_markdown::read(Cow::Borrowed(words)).0;
            if sides::heading(&plain).is_some() {
                section = Some((words, number, None));
                stack.clear();
                // What follows a heading goes on with no item above it.
                after_blank = true;
                continue;
            }
            section = None;
        }
        // Logseq's page properties (above the list) and block properties (below an item)
        // are structure, not words: left out. A page's `title::` is its title.
        if let Some((key, value)) = property(rest) {
            if items.is_empty() && heading.is_none() && key.eq_ignore_ascii_case("title") {
                heading = Some(value.to_string());
            }
            // `id::` names the item above for Logseq's block references, `((id))`.
            if key.eq_ignore_ascii_case("id") && !items.is_empty() {
                block_ids.push((value.to_ascii_lowercase(), items.len() - 1));
            }
            continue;
        }
        if let Some(len) = marker(rest) {
            while stack.last().is_some_and(|&(at, _)| at >= indent) {
                stack.pop();
            }
            let mut parent = stack.last().map(|&(_, item)| item);
            if parent.is_none()
                && let Some((words, line, heading)) = &mut section
            {
                // The heading becomes an item, which `build` takes out as it does `- Cons`.
                let heading = *heading.get_or_insert_with(|| {
                    items.push(Item {
                        parent: None,
                        line: *line,
                        column: 1,
                        text: (*words).to_string(),
                        quote: String::new(),
                    });
                    items.len() - 1
                });
                parent = Some(heading);
            }
            stack.push((indent, items.len()));
            let column = line.len() - line.trim_start().len() + 1;
            let written = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
            if let Some((above, above_line)) = last_indent
                && let Some(message) = mixed_indent(written, above, above_line)
            {
                problems.push(
                    Problem::warning(Place::at(file, number, column), message).nothing_left_out(),
                );
            }
            last_indent = Some((written, number));
            items.push(Item {
                parent,
                line: number,
                column,
                text: item_words(&rest[len..]).to_string(),
                quote: String::new(),
            });
            after_blank = false;
            continue;
        }
        if items.is_empty() {
            match is_heading(rest) {
                Some(words) if heading.is_none() && lead.is_empty() => {
                    heading = Some(words.to_string());
                }
                Some(_) => {}
                None => {
                    if after_blank && !lead.is_empty() {
                        lead.push_str("\n\n");
                    } else if !lead.is_empty() {
                        lead.push(' ');
                    }
                    if lead.is_empty() {
                        lead_line = number;
                    }
                    lead.push_str(rest);
                }
            }
            after_blank = false;
            continue;
        }
        // Below an item: its text goes on when it is indented past the item's marker, or
        // right after it with no blank line between (a lazy continuation).
        let last = items.len() - 1;
        let owner = stack
            .iter()
            .rev()
            .find(|&&(at, _)| indent > at)
            .map(|&(_, item)| item)
            .or((!after_blank).then_some(last));
        match owner {
            Some(item) if is_heading(rest).is_none() => {
                let item = &mut items[item];
                if let Some(quoted) = rest.strip_prefix('>') {
                    if !item.quote.is_empty() {
                        item.quote.push(' ');
                    }
                    item.quote.push_str(quoted.trim());
                } else {
                    item.text.push_str(if after_blank { "\n\n" } else { " " });
                    item.text.push_str(rest);
                }
            }
            _ => {
                if !left_out_warned {
                    left_out_warned = true;
                    problems.push(Problem::warning(
                        Place::at(file, number, indent + 1),
                        "this line stands outside the list, below it, so it is left out: a Markdown outline is one list, the thesis at its top (or on the line above it); indent the line to go on with the item above, or make it an item with \"- \"",
                    ));
                }
            }
        }
        after_blank = false;
    }
    if items.is_empty() {
        return refused(file, 1, NOT_AN_OUTLINE.to_string());
    }
    resolve_block_references(&mut items, &block_ids);
    let title = title.filter(|t| !t.is_empty());
    build(items, heading, title, lead, lead_line, file, problems)
}

fn refused(file: &str, line: usize, message: String) -> Imported {
    let name = file_name(file);
    let (label, text) = label_and_text(name);
    let thesis = Statement {
        id: "m-0".to_string(),
        label,
        text,
        ..Statement::default()
    };
    Imported {
        map: ArgMap::new(Meta::default(), thesis),
        problems: vec![Problem::error(Place::at(file, line, 1), message)],
        stable_ids: false,
    }
}

fn file_name(file: &str) -> &str {
    std::path::Path::new(file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(file)
}

/// What an item's text says it is, before its words.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Side {
    /// "Thesis:".
    Thesis,
    /// A side or kind, with its word: "pro" a claim, "con" an objection, "evidence" evidence.
    Kind(Kind, &'static str),
}

impl Side {
    /// The word as a message names it: "Pro", "Con", "Objection".
    fn word(self) -> String {
        let word = match self {
            Side::Thesis => "thesis",
            Side::Kind(_, word) => word,
        };
        let mut chars = word.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    }
}

/// An item's side and the text after it: "Pro:" a claim, "Con:" an objection (see
/// [`sides::colon`] for the other spellings), a kind's word ("Objection:", "Evidence:", see
/// [`sides::kind_word`]), "Thesis:" said of the thesis, in any letters; a side written with a
/// dash ("Con – x") or as WorkFlowy's tag (`#con`) is read so too. None for an item that names
/// none. The third value is a dashed side's prefix as written, which deserves a warning.
fn side(text: &str) -> (Option<Side>, Cow<'_, str>, Option<&str>) {
    let pro_con = |stance: Stance| match stance {
        Stance::Against => Side::Kind(Kind::Objection, "con"),
        _ => Side::Kind(Kind::Claim, "pro"),
    };
    if let Some(head) = text.get(..7)
        && head.eq_ignore_ascii_case("thesis:")
    {
        return (
            Some(Side::Thesis),
            Cow::Borrowed(text[7..].trim_start()),
            None,
        );
    }
    if let Some((stance, words)) = sides::colon(text) {
        return (
            Some(pro_con(stance)),
            Cow::Borrowed(words.trim_start()),
            None,
        );
    }
    if let Some((kind, word, words)) = sides::kind_word(text) {
        return (
            Some(Side::Kind(kind, word)),
            Cow::Borrowed(words.trim_start()),
            None,
        );
    }
    if let Some((stance, words, written)) = sides::dashed(text) {
        return (Some(pro_con(stance)), Cow::Borrowed(words), Some(written));
    }
    if let Some((stance, words)) = sides::tag(text) {
        return (Some(pro_con(stance)), Cow::Owned(words), None);
    }
    (None, Cow::Borrowed(text), None)
}

/// What an item says, as read.
#[derive(Default)]
struct Said {
    /// The side or kind its text starts with.
    side: Option<Side>,
    statement: Statement,
    /// A side written with a dash, as written ("Con –").
    dashed: Option<String>,
    /// The side its whole text names as a side heading ("Pros", "Arguments against").
    heading: Option<Stance>,
}

/// An item's statement, with the side its text starts with.
fn statement(text: &str, quote: &str, id: String) -> Said {
    let (plain, link) = super::outliner_markdown::read(Cow::Borrowed(text));
    let heading = if quote.trim().is_empty() {
        sides::heading(&plain)
    } else {
        None
    };
    let (side, words, dashed) = side(plain.trim());
    let (label, text) = label_and_text(&words);
    let (quote, _) = super::outliner_markdown::read(Cow::Borrowed(quote));
    // `> "…" — Dr. X`: the words inside the quotation marks, and who said them, which is
    // where the quote comes from, kept beside the item's link as Argdown keeps a citation.
    let (quote, attribution) = super::argdown::quote_and_attribution(&quote);
    let source = match (attribution.is_empty(), link.as_deref()) {
        (true, link) => link.unwrap_or_default().to_string(),
        (false, None) => attribution.to_string(),
        (false, Some(link)) => format!("{attribution}, {link}"),
    };
    let statement = Statement {
        id,
        label,
        text,
        quote: sanitize(quote.trim(), true),
        url: sanitize(&source, false),
        ..Statement::default()
    };
    Said {
        side,
        statement,
        dashed: dashed.map(|written| sanitize(written, false)),
        heading,
    }
}

/// What looks wrong when an item's own kind does not fit where it stands, and how to mend it;
/// the kind it names is kept, as the student wrote it. `headed` is the side heading it stands
/// right under (its side and item), `under_thesis` whether it stands right under the thesis.
fn misplaced_kind(
    kind: Kind,
    side: Option<Side>,
    headed: Option<(Stance, usize)>,
    under_thesis: bool,
    items: &[Item],
) -> Option<String> {
    let Some(named @ Side::Kind(..)) = side else {
        return None;
    };
    let heading = |at: usize| {
        let item: &Item = &items[at];
        let words = super::outliner_markdown::read(Cow::Borrowed(item.text.trim())).0;
        (words.trim().to_string(), item.line)
    };
    // A rebuttal answers an objection: right under the thesis or a heading of reasons for, it
    // most likely lost its indent.
    let answer = "indent it under the objection it answers";
    match headed {
        // A caveat, question or rebuttal takes no plain side to be at odds with.
        Some((stance, at))
            if matches!(kind, Kind::Claim | Kind::Objection | Kind::Evidence)
                && kind.stance() != stance =>
        {
            let (words, line) = heading(at);
            Some(format!(
                "this item names its side, {}, but stands under the side heading {words:?} on line {line}; its own side decides (move it under the heading of its side)",
                named.word(),
            ))
        }
        Some((Stance::For, at)) if matches!(kind, Kind::Caveat | Kind::Rebuttal) => {
            let (words, line) = heading(at);
            let (what, fix) = if kind == Kind::Rebuttal {
                (
                    "a rebuttal, which answers an objection,",
                    answer.to_string(),
                )
            } else {
                (
                    "a caveat,",
                    "move it under a heading of the other side, such as \"Cons\"".to_string(),
                )
            };
            Some(format!(
                "this item is {what} but it stands under the side heading {words:?} on line {line}, which heads reasons for; it is kept as {} {} ({fix})",
                kind.article(),
                kind.name(),
            ))
        }
        _ if kind == Kind::Rebuttal && under_thesis => Some(format!(
            "this item is a rebuttal, which answers an objection, but it stands right under the thesis; it is read as a rebuttal of the thesis ({answer})"
        )),
        _ => None,
    }
}

fn build(
    mut items: Vec<Item>,
    heading: Option<String>,
    title: Option<String>,
    lead: String,
    lead_line: usize,
    file: &str,
    mut problems: Vec<Problem>,
) -> Imported {
    let mut said: Vec<Said> = (items.iter().enumerate())
        .map(|(i, item)| statement(&item.text, &item.quote, format!("m-{}", i + 1)))
        .collect();
    // A side heading ("Pros", "Arguments against:") with items below it is no claim: its items
    // stand under its own parent, on its side. Items come after their parents, so one pass
    // in file order lifts them past headings nested in headings too.
    let mut has_items = vec![false; items.len()];
    for parent in items.iter().filter_map(|item| item.parent) {
        has_items[parent] = true;
    }
    let lifted: Vec<bool> = (0..items.len())
        .map(|i| has_items[i] && said[i].heading.is_some())
        .collect();
    // The side heading each item stands right under: its side and the heading's item.
    let mut headed: Vec<Option<(Stance, usize)>> = vec![None; items.len()];
    for i in 0..items.len() {
        if let Some(parent) = items[i].parent
            && lifted[parent]
        {
            items[i].parent = items[parent].parent;
            headed[i] = said[parent].heading.map(|stance| (stance, parent));
        }
    }
    let tops: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].parent.is_none() && !lifted[i])
        .collect();
    // The items at the top that no side heading brought there: with one, it is the thesis, and
    // what headings at the top head (`- Pros`, `- Cons` beside it) bears on it.
    let unheaded: Vec<usize> = (tops.iter().copied())
        .filter(|&i| headed[i].is_none())
        .collect();
    // It is the thesis only at the head of the list: one after the side headings (below a
    // `## Summary`, say) is one more point.
    let thesis_item = match unheaded[..] {
        [one] if one == tops[0] => Some(one),
        _ => None,
    };
    // What stands for the thesis: the paragraph above the list, the one item at its top, the
    // heading, or (with a warning) the file's name.
    let mut written: Vec<(usize, NodeId)> = Vec::new();
    let (root_statement, root_item, root_line) = if !lead.trim().is_empty() {
        (
            statement(&lead, "", "m-0".to_string()).statement,
            None,
            lead_line,
        )
    } else if let Some(top) = thesis_item {
        let item = &items[top];
        if let Some(side @ Side::Kind(..)) = said[top].side {
            problems.push(Problem::warning(
                Place::at(file, item.line, item.column),
                format!("the item at the top of the list is the thesis, which takes no side; its \"{}:\" is left out of its text (put the thesis above the list if this item is a reason for it)", side.word()),
            ).nothing_left_out());
        }
        let statement = std::mem::take(&mut said[top].statement);
        (statement, Some(top), item.line)
    } else if let Some(heading) =
        (heading.as_deref().filter(|h| !h.is_empty())).or(title.as_deref())
    {
        (statement(heading, "", "m-0".to_string()).statement, None, 0)
    } else {
        let first = &items[tops[0]];
        problems.push(Problem::warning(
            Place::at(file, first.line, first.column),
            format!(
                "the list has {} items at its top and nothing above it to be the thesis they bear on, so they stand under a thesis named after the file; write the thesis on the line above the list",
                tops.len()
            ),
        ).nothing_left_out());
        (
            statement(file_name(file), "", "m-0".to_string()).statement,
            None,
            0,
        )
    };
    // Front matter's `title:` names the map, else the first heading.
    let title = match title.or(heading).filter(|h| !h.is_empty()) {
        Some(heading) => super::outliner_markdown::read(Cow::Owned(heading))
            .0
            .trim()
            .to_string(),
        None => root_statement.label.clone(),
    };
    let mut meta = Meta {
        title: sanitize(&title, false),
        ..Meta::default()
    };
    meta.sanitize();
    let mut map = ArgMap::new(meta, root_statement);
    if root_line > 0 {
        written.push((root_line, map.root));
    }
    let mut node_of: Vec<Option<NodeId>> = vec![None; items.len()];
    if let Some(root) = root_item {
        node_of[root] = Some(map.root);
    }
    // Items come in file order, each after its parent, so one pass places them all.
    for (i, item) in items.iter().enumerate() {
        if Some(i) == root_item || lifted[i] {
            continue;
        }
        let place = Place::at(file, item.line, item.column);
        let parent = item.parent.and_then(|p| node_of[p]).unwrap_or(map.root);
        let Said {
            side,
            statement,
            dashed,
            heading,
        } = std::mem::take(&mut said[i]);
        let by_heading = match headed[i] {
            Some((Stance::Against, _)) => Kind::Objection,
            _ => Kind::Claim,
        };
        let kind = match side {
            Some(Side::Kind(kind, _)) => kind,
            Some(Side::Thesis) => {
                problems.push(Problem::warning(
                    place.clone(),
                    format!("only the item at the top of the list (or the line above it) is the thesis; this one is read as {} {}", by_heading.article(), by_heading.name()),
                ).nothing_left_out());
                by_heading
            }
            None => by_heading,
        };
        if let Some(message) = misplaced_kind(kind, side, headed[i], parent == map.root, &items) {
            problems.push(Problem::warning(place.clone(), message).nothing_left_out());
        }
        if let Some(written) = dashed {
            let fixed = if kind == Kind::Objection {
                "Con:"
            } else {
                "Pro:"
            };
            problems.push(Problem::warning(
                place.clone(),
                format!("this item's side is written {written:?}, which is read as {fixed:?}; write {fixed:?} before the claim, as outliners and argscope write a side"),
            ).nothing_left_out());
        }
        if side.is_some() && statement.label == "(empty)" {
            problems.push(
                Problem::warning(
                    place.clone(),
                    "this item names a side but has no words after it; it is shown as \"(empty)\", so write the claim after its colon",
                )
                .nothing_left_out(),
            );
        } else if let Some(stance) = heading {
            let side = if stance == Stance::Against {
                "Con"
            } else {
                "Pro"
            };
            problems.push(
                Problem::warning(
                    place,
                    format!("this item is only the side heading {:?}, with no items below it, so it stays as a statement of its own; indent the reasons it heads below it (or write the claim after \"{side}:\")", statement.label),
                )
                .nothing_left_out(),
            );
        }
        let id = map.push(parent, kind, Body::Statement(statement));
        node_of[i] = Some(id);
        written.push((item.line, id));
    }
    problems.sort_by_key(|p| p.place.line_col);
    super::tie_to_nodes(&mut problems, written);
    Imported {
        map,
        problems,
        stable_ids: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outline_is_told_from_argdown_and_kialo() {
        assert!(looks_like_outline("Uniforms\n- Pro: cheap\n  - Con: not\n"));
        assert!(looks_like_outline("* A\n    * Pro: B\n"));
        assert!(looks_like_outline("# T\n\n1. A\n2. B\n"));
        assert!(looks_like_outline("# T\n\n1. Pro: A\n2. Con: B\n"));
        assert!(!looks_like_outline("[T]: x\n  - [A]: y\n"));
        assert!(!looks_like_outline("* [A]: x\n* [B]: y\n"));
        assert!(!looks_like_outline("<A>\n\n(1) a\n----\n(2) b\n"));
        assert!(!looks_like_outline("Just prose.\n"));
        assert!(!looks_like_outline("1. Thesis\n1.1. Pro: x\n"));
        assert!(looks_like_outline("- See [the study](https://x.org)\n"));
        // A thesis line over an indented list whose items name sides; with none named, it is
        // Argdown's statement and relations, unless the file is named as Markdown.
        let indented = "Uniforms should be required\n  - Pro: cheaper\n    - Con: not really\n";
        assert!(looks_like_outline(indented));
        assert!(looks_like_outline(
            "Uniforms\n\t- **Con:** boring\n\t- Objection: x\n"
        ));
        assert!(!looks_like_outline("Uniforms\n  - cheaper\n  + boring\n"));
        assert!(looks_like_named_outline(
            "Uniforms\n  - cheaper\n  + boring\n"
        ));
        assert!(!looks_like_outline("[T]: Uniforms\n  - Pro: cheaper\n"));
        assert!(!looks_like_named_outline("Some prose.\n\nMore prose.\n"));
        // Task checkboxes and citations are an outline's words, not Argdown titles.
        assert!(looks_like_outline(
            "- Cats\n  - [x] checked with Mia\n  - [ ] ask\n  - [Smith 2020] found cats reduce stress\n"
        ));
        assert!(!looks_like_outline("- Cats\n  - [x]: a title\n"));
        // Front matter above the list.
        assert!(looks_like_outline(
            "---\ntitle: Cats\n---\nCats\n  - Pro: soft\n"
        ));
    }

    #[test]
    fn a_markdown_file_that_is_no_outline_is_refused_at_the_line_that_shows_it() {
        let (line, column, message) = refusal("# Notes\n\n- Cats\n  - [Legal]: x\n");
        assert_eq!((line, column), (4, 5));
        assert!(
            message.starts_with("this Markdown file is not a Markdown outline, as this line holds the Argdown title \"[Legal]\"; write the map as a nested list without it"),
            "{message}"
        );
        let (line, column, message) = refusal("Prose.\n");
        assert_eq!((line, column, message.as_str()), (1, 1, NOT_AN_OUTLINE));
    }

    #[test]
    fn a_thesis_line_over_an_indented_list_is_the_thesis_of_its_items() {
        for text in [
            "Uniforms should be required\n  - Pro: cheaper\n    - Con: not really\n  - Con: boring\n",
            "Uniforms should be required\n\t- Pro: cheaper\n\t\t- Con: not really\n\t- Con: boring\n",
        ] {
            let (tree, problems) = read(text);
            assert_eq!(
                tree,
                [
                    "0 thesis Uniforms should be required",
                    "1 claim cheaper",
                    "2 objection not really",
                    "1 objection boring",
                ]
            );
            assert_eq!(problems, Vec::<String>::new());
        }
    }

    #[test]
    fn tabs_and_spaces_mixed_so_that_editors_disagree_are_a_warning() {
        let (tree, problems) = read("- Cats\n   - Pro: a\n\t* Pro: x\n\t* Pro: y\n");
        assert_eq!(
            tree,
            ["0 thesis Cats", "1 claim a", "2 claim x", "2 claim y"]
        );
        assert_eq!(
            problems,
            [
                "3:2: this item mixes tabs and spaces with the item on line 2 above: Markdown counts a tab as reaching the next multiple of 4 columns and so reads this item under that one, though an editor showing a tab as 2 spaces shows it no deeper; indent every line with spaces only (or with tabs only)"
            ]
        );
        let (_, problems) = read("- Cats\n\t- Pro: a\n    - Pro: b\n");
        assert_eq!(
            problems,
            [
                "3:5: this item mixes tabs and spaces with the item on line 2 above: Markdown counts a tab as reaching the next multiple of 4 columns and so does not read this item under that one, though an editor showing a tab as 2 spaces shows it indented under it; indent every line with spaces only (or with tabs only)"
            ]
        );
        // Tabs alone, or tabs and spaces that every editor shows alike, say nothing.
        for text in [
            "- Cats\n\t- Pro: a\n\t\t- Con: b\n",
            "- Cats\n\t- Pro: a\n\t  - Con: b\n",
        ] {
            assert_eq!(read(text).1, Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn a_quotes_attribution_is_its_source_not_part_of_its_words() {
        let imported = parse(
            "- Euthanasia should be legal\n  - Pro: suffering\n    > \"No one should suffer needlessly\" — Dr. X\n  - Pro: [dignity](https://x.org)\n    > “Choice matters,” said Y.\n  - Pro: plain\n    > \"Only words\"\n",
            "m.md",
        );
        let map = &imported.map;
        let quotes: Vec<(&str, &str)> = (map.preorder().skip(1))
            .map(|id| {
                let statement = map.statement(id);
                (statement.quote.as_str(), statement.url.as_str())
            })
            .collect();
        assert_eq!(
            quotes,
            [
                ("No one should suffer needlessly", "Dr. X"),
                ("Choice matters", "said Y, https://x.org"),
                ("Only words", ""),
            ]
        );
    }

    #[test]
    fn front_matter_is_left_out_and_its_title_is_the_title() {
        let imported = parse(
            "---\ntitle: \"Cats\"\naliases:\n  - felines\n---\n\n- Cats are the best pets\n  - Pro: soft\n",
            "m.md",
        );
        let map = &imported.map;
        assert_eq!(map.meta.title, "Cats");
        assert_eq!(map.statement(map.root).label, "Cats are the best pets");
        assert_eq!(map.len(), 2);
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        // With several items at the top, the title stands for the thesis.
        let map = parse("---\ntitle: Cats\n---\n- A\n- B\n", "m.md").map;
        assert_eq!(map.statement(map.root).label, "Cats");
    }

    #[test]
    fn task_checkboxes_and_heading_marks_are_no_part_of_an_items_words() {
        let (tree, problems) = read(
            "- ## Euthanasia should be legal\n  - [x] checked with Mia\n  - [ ] Con: ask\n  - [Smith 2020] found cats reduce stress\n",
        );
        assert_eq!(
            tree,
            [
                "0 thesis Euthanasia should be legal",
                "1 claim checked with Mia",
                "1 objection ask",
                "1 claim [Smith 2020] found cats reduce stress",
            ]
        );
        assert_eq!(problems, Vec::<String>::new());
    }

    /// Each node as `depth kind label`, and each problem as `line:column: message`.
    fn read(text: &str) -> (Vec<String>, Vec<String>) {
        let imported = parse(text, "m.md");
        let map = &imported.map;
        assert!(crate::model::errors(map, "m.md").is_empty());
        let tree = map
            .preorder_with_depth()
            .map(|(id, depth)| {
                format!(
                    "{depth} {} {}",
                    map.node(id).kind.name(),
                    map.statement(id).label
                )
            })
            .collect();
        let problems = imported
            .problems
            .iter()
            .map(|p| {
                let (line, column) = p.place.line_col.unwrap_or_default();
                format!("{line}:{column}: {}", p.message)
            })
            .collect();
        (tree, problems)
    }

    #[test]
    fn side_headings_put_their_items_on_their_side_under_the_headings_parent() {
        let (tree, problems) = read(
            "- School uniforms should be mandatory\n  - Pros\n    - They reduce bullying\n  - Cons:\n    - They cost money\n      - Pro: second-hand is cheap\n  - **ARGUMENTS AGAINST**\n    - Arguments for\n      - Nested heads\n",
        );
        assert_eq!(
            tree,
            [
                "0 thesis School uniforms should be mandatory",
                "1 claim They reduce bullying",
                "1 objection They cost money",
                "2 claim second-hand is cheap",
                "1 claim Nested heads",
            ]
        );
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn side_headings_at_the_top_of_the_list_stand_for_the_thesis_above_it() {
        let (tree, problems) = read(
            "Zoos should close\n\n- Cons\n  - They protect species\n- Pro:\n  - Animals suffer\n",
        );
        assert_eq!(
            tree,
            [
                "0 thesis Zoos should close",
                "1 objection They protect species",
                "1 claim Animals suffer",
            ]
        );
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn side_headings_beside_the_one_item_at_the_top_head_reasons_for_it() {
        let (tree, problems) = read(
            "- Schools should require uniforms\n- Pros\n  - They save money\n- Cons\n  - They limit expression\n",
        );
        assert_eq!(
            tree,
            [
                "0 thesis Schools should require uniforms",
                "1 claim They save money",
                "1 objection They limit expression",
            ]
        );
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn markdown_headings_that_name_a_side_head_the_items_below_them() {
        let (tree, problems) = read(
            "# Uniforms\n\n## Pros\n- They save money\n  - Cons: Not at first\n\n## **Arguments against**\nThey say:\n- They limit expression\n- Pros: They end brand rivalry\n\n## Summary\n- A compromise\n",
        );
        assert_eq!(
            tree,
            [
                "0 thesis Uniforms",
                "1 claim They save money",
                "2 objection Not at first",
                "1 objection They limit expression",
                "1 claim They end brand rivalry",
                "1 claim A compromise",
            ]
        );
        // (Lines outside the list are said once, at the first.)
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("8:1: this line stands outside the list"));
        assert!(problems[1].starts_with("10:1: this item names its side, Pro, but stands under the side heading \"Arguments against\" on line 7"));
        // The one item above the headings is the thesis they bear on.
        let (tree, problems) = read("- Uniforms\n\n## Cons\n- Costly\n");
        assert_eq!(tree, ["0 thesis Uniforms", "1 objection Costly"]);
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn a_side_heading_with_nothing_below_it_or_a_side_against_its_heading_is_a_warning() {
        let (tree, problems) = read("- T\n  - Pros\n    - Con: x\n  - Objections\n");
        assert_eq!(tree, ["0 thesis T", "1 objection x", "1 claim Objections"]);
        assert_eq!(
            problems,
            [
                "3:5: this item names its side, Con, but stands under the side heading \"Pros\" on line 2; its own side decides (move it under the heading of its side)",
                "4:3: this item is only the side heading \"Objections\", with no items below it, so it stays as a statement of its own; indent the reasons it heads below it (or write the claim after \"Con:\")",
            ]
        );
    }

    #[test]
    fn sides_written_with_a_dash_are_read_with_a_warning_and_contra_is_con() {
        let (tree, problems) = read(
            "- Remote work is better\n  - CON - Loneliness\n  - Con – Costs\n  - Contra: Costs rise\n  - Pro - Happier staff\n  - Pro-choice is a word\n  - Commute time saved #pro\n",
        );
        assert_eq!(
            tree,
            [
                "0 thesis Remote work is better",
                "1 objection Loneliness",
                "1 objection Costs",
                "1 objection Costs rise",
                "1 claim Happier staff",
                "1 claim Pro-choice is a word",
                "1 claim Commute time saved",
            ]
        );
        assert_eq!(
            problems,
            [
                "2:3: this item's side is written \"CON -\", which is read as \"Con:\"; write \"Con:\" before the claim, as outliners and argscope write a side",
                "3:3: this item's side is written \"Con –\", which is read as \"Con:\"; write \"Con:\" before the claim, as outliners and argscope write a side",
                "5:3: this item's side is written \"Pro -\", which is read as \"Pro:\"; write \"Pro:\" before the claim, as outliners and argscope write a side",
            ]
        );
    }

    #[test]
    fn words_that_name_a_kind_before_a_colon_give_the_item_that_kind() {
        let (tree, problems) = read(
            "- Schools should ban phones
  - Objection: free speech
  - Counterargument: parents want contact
  - Against : it is expensive
    - Rebuttal: phones cost more
  - Caveat: not for emergencies
  - Question: who enforces it?
  - **Evidence:** a 2020 study
  - Con : spaced
  - Con. dotted
  - Reason: focus
  - Argument for: less bullying
  - Kontra: left as written
- Pros
  - Evidence: grades rose
  - Objection: at odds with its heading
",
        );
        assert_eq!(
            tree,
            [
                "0 thesis Schools should ban phones",
                "1 objection free speech",
                "1 objection parents want contact",
                "1 objection it is expensive",
                "2 rebuttal phones cost more",
                "1 caveat not for emergencies",
                "1 question who enforces it?",
                "1 evidence a 2020 study",
                "1 objection spaced",
                "1 objection dotted",
                "1 claim focus",
                "1 claim less bullying",
                "1 claim Kontra: left as written",
                "1 evidence grades rose",
                "1 objection at odds with its heading",
            ]
        );
        assert_eq!(
            problems,
            [
                "10:3: this item's side is written \"Con.\", which is read as \"Con:\"; write \"Con:\" before the claim, as outliners and argscope write a side",
                "16:3: this item names its side, Objection, but stands under the side heading \"Pros\" on line 14; its own side decides (move it under the heading of its side)",
            ]
        );
        let (tree, problems) = read(
            "- Evidence: the thesis
  - Pro: x
",
        );
        assert_eq!(tree, ["0 thesis the thesis", "1 claim x"]);
        assert_eq!(
            problems,
            [
                "1:1: the item at the top of the list is the thesis, which takes no side; its \"Evidence:\" is left out of its text (put the thesis above the list if this item is a reason for it)"
            ]
        );
    }

    #[test]
    fn a_kind_in_the_wrong_place_is_kept_with_a_warning_saying_where_it_belongs() {
        let (tree, problems) = read(
            "# Uniforms should be required

- Rebuttal: uniforms are cheap anyway
- Pro: they reduce bullying
  - Objection: bullies find other targets
    - Rebuttal: fewer targets still helps

## Pros

- Caveat: only if the school pays
- Rebuttal: families save money
- Question: who pays?
- Evidence: a 2019 study

## Cons

- Caveat: depends on the school
",
        );
        assert_eq!(
            tree,
            [
                "0 thesis Uniforms should be required",
                "1 rebuttal uniforms are cheap anyway",
                "1 claim they reduce bullying",
                "2 objection bullies find other targets",
                "3 rebuttal fewer targets still helps",
                "1 caveat only if the school pays",
                "1 rebuttal families save money",
                "1 question who pays?",
                "1 evidence a 2019 study",
                "1 caveat depends on the school",
            ]
        );
        assert_eq!(
            problems,
            [
                "3:1: this item is a rebuttal, which answers an objection, but it stands right under the thesis; it is read as a rebuttal of the thesis (indent it under the objection it answers)",
                "10:1: this item is a caveat, but it stands under the side heading \"Pros\" on line 8, which heads reasons for; it is kept as a caveat (move it under a heading of the other side, such as \"Cons\")",
                "11:1: this item is a rebuttal, which answers an objection, but it stands under the side heading \"Pros\" on line 8, which heads reasons for; it is kept as a rebuttal (indent it under the objection it answers)",
            ]
        );
    }

    #[test]
    fn logseq_properties_are_left_out_and_block_references_show_the_blocks_words() {
        let (tree, problems) = read(
            "title:: Zoo debate\ntags:: debate\n\n- Zoos should close\n  collapsed:: true\n\t- They protect **species**\n\t  id:: 64a1b2c3-1234-5678-9abc-def012345678\n\t- Con: ~~Cages~~ are small\n\t  id:: cages\n\t- Con: see ((64A1B2C3-1234-5678-9abc-def012345678)) and ((elsewhere))\n\t- and ((cages))\n",
        );
        assert_eq!(
            tree,
            [
                "0 thesis Zoos should close",
                "1 claim They protect species",
                "1 objection Cages are small",
                "1 objection see They protect species and ((elsewhere))",
                "1 claim and Cages are small",
            ]
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            parse("tags:: x\n\n- A\n- B\n", "m.md").map.meta.title,
            "m.md"
        );
        let titled = parse("title:: Zoo debate\n\n- A\n- B\n", "m.md").map;
        assert_eq!(titled.meta.title, "Zoo debate");
        assert_eq!(titled.statement(titled.root).label, "Zoo debate");
    }

    #[test]
    fn argdown_blocks_are_kept_in_place_and_all_else_blanked() {
        let text = "# N\r\n\r\n~~~~ Argdown\r\n[T]: x\r\n```\r\n~~~~\r\n``` python\r\n```argdown\r\n```\r\n```argdown-map\r\n  + y\r\n```";
        assert_eq!(
            argdown_blocks(text).as_deref(),
            Some("\r\n\r\n\r\n[T]: x\r\n```\r\n\r\n\r\n\r\n\r\n\r\n  + y\r\n")
        );
        assert_eq!(argdown_blocks("- A\n- B\n"), None);
        assert_eq!(argdown_blocks("```python\n```argdown\n```\n"), None);
        assert_eq!(argdown_blocks("``` argdown `x`\n[T]: x\n```\n"), None);
    }
}
