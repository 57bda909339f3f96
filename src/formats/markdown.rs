//! `argscope export --format markdown`: a handout, as a nested list with kinds, labels,
//! paraphrases and block quotes with their place in the source.

use std::fmt::Write as _;

use super::is_web_address;
use super::kialo::DISCUSSION_URL_PREFIX;
use crate::load::Loaded;
use crate::model::{Anchor, Kind, NodeId};
use crate::notes::{Entry, Keys, Notes};
use crate::source::collapse_whitespace;
use crate::text::sanitize;

pub fn write(loaded: &Loaded) -> String {
    write_handout(loaded, None)
}

/// The handout with a seminar's notes: beside each node's label its mark (✓ agree, ✗ disagree,
/// ~ unsure), impact (`impact 3/4`) and bookmark, and its note as a paragraph of its own in the
/// node's item; then "Orphaned notes", the notes whose node is no longer in the map, with the
/// label they had, so that none is dropped. A statement used twice carries its notes where it is
/// written out, not at its repetitions.
pub fn write_with_notes(loaded: &Loaded, notes: &Notes, keys: &Keys) -> String {
    let mut out = write_handout(loaded, Some((notes, keys)));
    let orphans = notes.orphans(keys);
    if !orphans.is_empty() {
        let _ = writeln!(
            out,
            "\n\n## Orphaned notes\n\nNotes about nodes that are no longer in the map, under the label each node had:\n"
        );
        for (key, entry) in orphans {
            let label = if entry.label.trim().is_empty() {
                "(no label)"
            } else {
                &entry.label
            };
            // The key is the only text of a notes file not cleaned when read (it must match
            // the node it names), so it is cleaned here, where it is shown.
            let _ = writeln!(
                out,
                "- **{}** (`{}`){}",
                escape(label),
                sanitize(key, false).replace('`', "'"),
                badges(entry)
            );
            write_note(&mut out, entry, "  ");
            out.push('\n');
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
    }
    out
}

fn write_handout(loaded: &Loaded, notes: Option<(&Notes, &Keys)>) -> String {
    let map = &loaded.map;
    let meta = &map.meta;
    let mut out = String::new();
    let title = if meta.title.is_empty() {
        "Argument map"
    } else {
        &meta.title
    };
    let _ = writeln!(out, "# {}\n", escape(title));
    let mut byline = Vec::new();
    if !meta.author.is_empty() {
        byline.push(escape_line_start(&escape(&meta.author)));
    }
    let source = &meta.source;
    if !source.title.is_empty() {
        byline.push(format!("*{}*", escape(&source.title)));
    }
    if !source.publisher.is_empty() {
        byline.push(escape(&source.publisher));
    }
    if !source.url.is_empty() {
        byline.push(source_link(&source.url));
    }
    if !byline.is_empty() {
        let _ = writeln!(out, "{}\n", byline.join(", "));
    }
    // Said only where it is needed: few maps have an undercut.
    let undercuts = if map.nodes.iter().any(|node| node.undercut) {
        "; an objection marked undercut attacks the inference from its parent's reasons, not the parent itself"
    } else {
        ""
    };
    let schemes = if map.nodes.iter().any(|node| node.scheme.is_some()) {
        "; a scheme after the kind names the pattern of reasoning by which a statement bears on its parent"
    } else {
        ""
    };
    // A group only where the map has one: most have none.
    let has_group = map.nodes.iter().any(|node| node.kind == Kind::Group);
    let kinds: Vec<String> = (Kind::ALL.iter())
        .filter(|&&kind| kind != Kind::Group || has_group)
        .map(|kind| format!("{} {}", kind.glyph(), kind.name()))
        .collect();
    let _ = writeln!(
        out,
        "Kinds: {}; ↪ marks a statement used again{undercuts}{schemes}.\n",
        kinds.join(", ")
    );
    if notes.is_some() {
        let _ = writeln!(
            out,
            "Seminar notes: ✓ agree, ✗ disagree, ~ unsure; impact from 0 to 4; notes below their node.\n"
        );
    }

    // The widest indent any item gets, sliced for each item rather than made again.
    let pad = "  ".repeat(MAX_NESTING + 1);
    let mut sections = vec![map.root];
    let mut next = 0;
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    while let Some(&head) = sections.get(next) {
        next += 1;
        if head == map.root {
            stack.push((head, 0));
        } else {
            let _ = writeln!(out, "### Under “{}”\n", escape(&map.statement(head).label));
            stack.extend(map.children(head).iter().rev().map(|&c| (c, 0)));
        }
        while let Some((id, depth)) = stack.pop() {
            let children = map.children(id);
            let deeper = depth + 1 < MAX_NESTING;
            if deeper {
                stack.extend(children.iter().rev().map(|&c| (c, depth + 1)));
            } else if !children.is_empty() {
                sections.push(id);
            }
            let continued = !deeper && !children.is_empty();
            write_item(&mut out, loaded, notes, id, &pad[..2 * depth], continued);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// How deep a list nests in the handout before what lies below continues in a section of its
/// own ("Under “label”"), so that a deep map's file grows with its nodes, not with their
/// depth squared.
const MAX_NESTING: usize = 20;

/// One node's item at `indent`: its kind and label, paraphrase, quote, source and notes; with
/// `continued`, a line saying where the items below it are.
fn write_item(
    out: &mut String,
    loaded: &Loaded,
    notes: Option<(&Notes, &Keys)>,
    id: NodeId,
    indent: &str,
    continued: bool,
) {
    let map = &loaded.map;
    let node = map.node(id);
    let statement = map.statement(id);
    let inner = format!("{indent}  ");
    let repeat = if map.is_ref(id) { "↪ " } else { "" };
    // A repetition shows the statement; its notes stand where it is written out.
    let entry = match notes {
        Some((notes, keys)) if !map.is_ref(id) => notes.get(keys.key(id)),
        _ => None,
    };
    let _ = writeln!(
        out,
        "{indent}- **{} {}{}{}:** {repeat}{}{}",
        node.kind.glyph(),
        node.kind.name(),
        node.undercut_mark(),
        escape(&map.scheme_mark(id)),
        escape(&statement.label),
        entry.map(badges).unwrap_or_default()
    );
    for paragraph in paragraphs(&statement.text) {
        let _ = writeln!(out, "\n{inner}{}", escape_line_start(&escape(&paragraph)));
    }
    let quote = collapse_whitespace(&statement.quote);
    if !quote.is_empty() {
        let _ = writeln!(out, "\n{inner}> {}", escape_line_start(&escape(&quote)));
        // The lines the quote spans, as the detail pane and the slides say them, so the
        // handout and the screen send the class to the same lines.
        if let (Anchor::Found(span), Some(document)) = (statement.anchor, &loaded.document) {
            let _ = writeln!(out, "{inner}> — {}", document.citation(span));
        }
    }
    // Where the statement or its quote comes from, as the detail pane shows it (a link to
    // another Kialo discussion is said by the label already).
    let source = statement.url.trim();
    if !source.is_empty() && !source.starts_with(DISCUSSION_URL_PREFIX) {
        let _ = writeln!(out, "\n{inner}Source: {}", source_link(source));
    }
    if let Some(entry) = entry {
        write_note(out, entry, &inner);
    }
    if continued {
        let label = escape(&statement.label);
        let _ = writeln!(out, "\n{inner}*Continued below, under “{label}”.*");
    }
    out.push('\n');
}

/// What a node's entry records beside its label: " — ✓ agree, impact 3/4, bookmarked".
fn badges(entry: &Entry) -> String {
    let mut parts = Vec::new();
    if let Some(mark) = entry.mark {
        parts.push(format!("{} {}", mark.glyph(), mark.word()));
    }
    if let Some(impact) = entry.impact {
        parts.push(format!("impact {impact}/{}", crate::notes::MAX_IMPACT));
    }
    if entry.bookmark {
        parts.push("bookmarked".to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" — {}", parts.join(", "))
    }
}

/// A note as a paragraph of the node's item, its own line breaks kept (as hard breaks), and
/// blank lines between its paragraphs.
fn write_note(out: &mut String, entry: &Entry, inner: &str) {
    let note = entry.note.trim();
    if note.is_empty() {
        return;
    }
    out.push('\n');
    let mut first = true;
    for paragraph in note.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        if !first {
            out.push('\n');
        }
        let lines: Vec<String> = paragraph
            .lines()
            .map(|line| escape_line_start(&escape(line.trim())))
            .filter(|line| !line.is_empty())
            .collect();
        let prefix = if first { "*Note:* " } else { "" };
        let _ = writeln!(
            out,
            "{inner}{prefix}{}",
            lines.join(&format!("\\\n{inner}"))
        );
        first = false;
    }
}

/// Keeps a line that begins a paragraph's line from starting a list or underlining a heading.
fn escape_line_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    match line[digits..].chars().next() {
        Some('.' | ')') if digits > 0 => format!("{}\\{}", &line[..digits], &line[digits..]),
        Some('-' | '+' | '=') if digits == 0 => format!("\\{line}"),
        _ => line.to_string(),
    }
}

/// A web address as a link; anything else (a citation such as "Smith 2020") as text, which
/// `<…>` would turn into an HTML tag.
fn source_link(source: &str) -> String {
    if is_web_address(source) {
        format!("<{}>", source.trim().replace('>', "%3E"))
    } else {
        escape(&collapse_whitespace(source))
    }
}

/// The paragraphs of a text (parted by blank lines), each on one line: a line break inside one
/// means nothing in Markdown, and a blank line is where the writer meant a new paragraph.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(collapse_whitespace(&current));
                current.clear();
            }
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    out
}

/// Keeps text from being read as Markdown markup (emphasis, strikethrough, links, HTML, and
/// character references such as `&amp;`, which would show as the character they name).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let reference = c == '&' && starts_character_reference(&text[at..]);
        if reference
            || matches!(
                c,
                '\\' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '`' | '#' | '|'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `text` starts with what Markdown reads as a named character reference (`&amp;`).
/// A numeric one (`&#169;`) is kept as text by the escaped `#`.
fn starts_character_reference(text: &str) -> bool {
    let name = text[1..].split(';').next().unwrap_or_default();
    name.len() < text.len() - 1
        && (2..=31).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::builtin;
    use crate::notes::Mark;
    use crate::notes::summary::tests::seminar;

    /// A chain of `n` claims below a thesis, "Step 1" … "Step n".
    fn chain(n: usize) -> Loaded {
        use crate::model::{ArgMap, Body, Kind, Meta, Statement};
        let step = |i: usize| Statement {
            id: format!("s{i}"),
            label: format!("Step {i}"),
            ..Statement::default()
        };
        let mut map = ArgMap::new(Meta::default(), step(0));
        let mut at = map.root;
        for i in 1..=n {
            at = map.push(at, Kind::Claim, Body::Statement(step(i)));
        }
        Loaded {
            map,
            document: None,
            problems: Vec::new(),
            name: "chain".into(),
            stable_ids: true,
        }
    }

    /// A quote over several lines of the article is cited by all of them, as the screen cites
    /// it (the thesis: "paragraph 2, lines 13–15"); one within a line, by that line.
    #[test]
    fn a_quote_is_cited_by_the_lines_it_spans_as_on_screen() {
        let out = write(&builtin());
        let citations: Vec<&str> = out
            .lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with("> — paragraph"))
            .collect();
        assert_eq!(citations[0], "> — paragraph 2, lines 13–15", "the thesis");
        assert!(
            citations.contains(&"> — paragraph 4, line 27"),
            "the Crimea question, within one line: {citations:?}"
        );
    }

    #[test]
    fn a_deep_map_continues_in_sections_and_its_handout_grows_with_its_nodes() {
        let out = write(&chain(45));
        // Every step once, in order, none indented more than the nesting allows.
        let steps: Vec<&str> = out
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("- **"))
            .collect();
        assert_eq!(steps.len(), 46);
        for (i, step) in steps.iter().enumerate() {
            assert!(step.ends_with(&format!(":** Step {i}")), "{step}");
        }
        let widest = out.lines().map(|l| l.len() - l.trim_start().len()).max();
        assert_eq!(widest, Some(2 * MAX_NESTING));
        // Step 19 is as deep as a list goes: its claims continue under a heading of its own,
        // and so do Step 39's.
        assert!(out.contains(
            "- **+ claim:** Step 19\n\n                                        *Continued below, under “Step 19”.*\n"
        ));
        assert!(out.contains("\n### Under “Step 19”\n\n- **+ claim:** Step 20\n"));
        assert!(out.contains("\n### Under “Step 39”\n\n- **+ claim:** Step 40\n"));
        // Twice the steps, about twice the file: not four times.
        let (small, large) = (write(&chain(2_000)).len(), write(&chain(4_000)).len());
        assert!(large < small * 5 / 2, "{small} then {large} bytes");
    }

    #[test]
    fn without_notes_the_handout_is_the_plain_one_with_a_legend() {
        let loaded = builtin();
        let keys = Keys::new(&loaded.map, true);
        let with = write_with_notes(&loaded, &Notes::default(), &keys);
        let legend = "Seminar notes: ✓ agree, ✗ disagree, ~ unsure; impact from 0 to 4; notes below their node.\n\n";
        assert!(with.contains(legend));
        assert_eq!(with.replacen(legend, "", 1), write(&loaded));
        assert!(!with.contains("Orphaned"));
    }

    #[test]
    fn each_node_shows_its_mark_impact_bookmark_and_note() {
        let loaded = builtin();
        let (notes, keys) = seminar(&loaded);
        let out = write_with_notes(&loaded, &notes, &keys);
        assert!(out.contains(
            "\n- **◆ thesis:** Iran–Russia relations will continue to expand — ✓ agree, impact 3/4\n"
        ));
        assert!(out.contains(
            "\n  - **+ claim:** Sanctions taught Iran to seek independent partners — ✗ disagree, impact 1/4, bookmarked\n"
        ));
        // The note is the last paragraph of the node's item, its line break kept.
        assert!(out.contains(
            "\n    > — paragraph 3, lines 16–20\n\n    *Note:* Too strong.\\\n    See paragraph 4.\n\n    - **• evidence:** The West sought to break Iran apart\n"
        ), "{out}");
        assert!(
            out.contains("\n        - **? question:** Why did Russia attack Crimea? — ~ unsure\n")
        );
        assert!(out.contains("\n          *Note:* Ask what changed in 2014.\n"));
        // Impact alone.
        assert!(out.contains(
            "**? question:** Would SCO membership improve Iran's security? — impact 4/4\n"
        ));
        // Nodes without an entry are as in the plain handout.
        assert!(out.contains("\n    - **• evidence:** Iran came through the sanctions\n"));
    }

    #[test]
    fn orphaned_notes_close_the_handout_and_none_is_dropped() {
        let loaded = builtin();
        let (mut notes, keys) = seminar(&loaded);
        notes.change("another-gone", "", |e| e.bookmark = true);
        let out = write_with_notes(&loaded, &notes, &keys);
        let section = &out[out.find("\n\n## Orphaned notes\n").expect("the section")..];
        assert_eq!(
            section,
            "\n\n## Orphaned notes\n\n\
             Notes about nodes that are no longer in the map, under the label each node had:\n\n\
             - **(no label)** (`another-gone`) — bookmarked\n\n\
             - **A point since removed** (`old-point`) — ✓ agree\n\n  \
             *Note:* Keep this.\n"
        );
    }

    #[test]
    fn an_orphaned_notes_key_shows_its_controls_as_stand_ins() {
        let loaded = builtin();
        let keys = Keys::new(&loaded.map, true);
        let mut notes = Notes::default();
        notes.change("gone\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}1m`", "old", |e| {
            e.note = "hi".into();
        });
        let out = write_with_notes(&loaded, &notes, &keys);
        assert!(
            out.contains("- **old** (`gone␛]0;PWNED␇␛[2J\u{fffd}1m'`)\n"),
            "{out}"
        );
        assert!(
            !out.contains(|c: char| crate::text::needs_cleaning(c) && c != '\n'),
            "{out}"
        );
    }

    #[test]
    fn map_text_cannot_turn_into_markup() {
        let json = r#"{"argscope": 1, "author": "1. Smith",
          "source": {"url": "Smith 2020"},
          "root": {"id": "t", "kind": "thesis", "label": "Q&A &amp; &#169; ~~struck~~",
            "text": "- not a list", "quote": "2. Parents see what is taught.",
            "url": "Jones, p. 4", "children": [
              {"id": "a", "kind": "claim", "label": "A", "text": "1986. A good year", "quote": "+ plus"}
          ]}}"#;
        let map = crate::formats::native::parse(json, "m.json").unwrap().map;
        let loaded = Loaded { map, ..builtin() };
        let out = write(&loaded);
        for expected in [
            "\n1\\. Smith, Smith 2020\n",
            "**◆ thesis:** Q&A \\&amp; &\\#169; \\~\\~struck\\~\\~\n",
            "\n  \\- not a list\n",
            "\n  > 2\\. Parents see what is taught.\n",
            "\n  Source: Jones, p. 4\n",
            "\n    1986\\. A good year\n",
            "\n    > \\+ plus\n",
        ] {
            assert!(out.contains(expected), "{expected:?} not in:\n{out}");
        }
    }

    /// A paraphrase's paragraphs stay paragraphs; the line breaks inside one are spaces, and
    /// each paragraph's start is guarded against markup like the first.
    #[test]
    fn a_paraphrase_keeps_its_paragraphs() {
        let json = r#"{"argscope": 1, "root": {"id": "t", "kind": "thesis", "label": "T",
            "text": "First paragraph,\nstill the first.\n\n  \n2. Second one.\n\n\nThird."}}"#;
        let map = crate::formats::native::parse(json, "m.json").unwrap().map;
        let loaded = Loaded { map, ..builtin() };
        let out = write(&loaded);
        assert!(
            out.contains(
                "**◆ thesis:** T\n\n  First paragraph, still the first.\n\n  2\\. Second one.\n\n  Third.\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn a_note_cannot_turn_into_markup() {
        let loaded = builtin();
        let keys = Keys::new(&loaded.map, true);
        let mut notes = Notes::default();
        notes.change("crimea", "Crimea", |e| {
            e.mark = Some(Mark::Agree);
            e.note =
                "first <b>bold</b> *x*\n- not a list\n2. nor this\n===\n\nsecond paragraph".into();
        });
        let out = write_with_notes(&loaded, &notes, &keys);
        let pad = " ".repeat(10);
        assert!(
            out.contains(&format!(
                "\n{pad}*Note:* first \\<b\\>bold\\</b\\> \\*x\\*\\\n{pad}\\- not a list\\\n{pad}2\\. nor this\\\n{pad}\\===\n\n{pad}second paragraph\n"
            )),
            "{out}"
        );
    }
}
