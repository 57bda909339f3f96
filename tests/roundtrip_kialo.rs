//! `export --format kialo`: a map written as a Kialo export (the `Discussion Name:` layout) and
//! read back by the Kialo importer keeps its tree, its pro/con structure, its references, its
//! quotes and urls, and its labels and texts as far as Kialo's one text a claim can hold them.

mod common;

use argscope::formats::detect::{Format, detect, detect_file};
use argscope::formats::kialo::{parse, write};
use argscope::formats::{Imported, label_and_text};
use argscope::model::{ArgMap, Body, Kind, Meta, NodeId, Stance, Statement};
use argscope::source::collapse_whitespace;
use proptest::prelude::*;

/// Writes a map and reads it back, checking what must hold of every export: the file is told
/// as Kialo by its content, it reads without a problem into a valid map, and writing that map
/// gives the same file again.
fn round_trip(map: &ArgMap) -> (String, Imported) {
    let written = write(map);
    assert_eq!(detect(&written), Format::Kialo, "{written}");
    let imported = parse(&written, "export.txt");
    assert!(
        imported.problems.is_empty(),
        "{:?}\n{written}",
        imported.problems
    );
    let errors = argscope::model::errors(&imported.map, "x");
    assert!(errors.is_empty(), "{errors:?}\n{written}");
    assert_eq!(
        write(&imported.map),
        written,
        "written again after reading, the file changed"
    );
    (written, imported)
}

/// Text as the importer gives it back: it trims every line's end (exports carry trailing
/// spaces, so the reader drops them) and the claim as a whole, so a line of white space is an
/// empty line and white space before the first line is gone.
fn kept(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

/// The label and text the writer's rule promises after a round trip (Kialo holds one text a
/// claim, read back by the importer as label = its first sentence, or its first line when it
/// has several, and text = all of it):
/// - a text that is empty or says what the label says: the label alone is written, and reads
///   back as `label_and_text` splits it (unchanged when it is one sentence of ≤ 60 columns);
/// - a text whose first sentence (or line) is the label: the text alone, read back whole;
/// - otherwise the label, a blank line, the text: the label comes back, the text comes back
///   with the label's paragraph in front of it.
fn promised(label: &str, text: &str) -> (String, String) {
    let label = collapse_whitespace(label);
    let text = kept(text);
    if text.is_empty() || collapse_whitespace(&text) == label {
        return label_and_text(&label);
    }
    let first_line = text.split('\n').next().unwrap_or("");
    if label_and_text(first_line).0 == label {
        return (label, text);
    }
    (label_and_text(&label).0, format!("{label}\n\n{text}"))
}

/// For each node in reading order, the reading-order position of the statement a reference
/// repeats.
fn ref_targets(map: &ArgMap) -> Vec<Option<usize>> {
    let order: Vec<NodeId> = map.preorder().collect();
    order
        .iter()
        .map(|&id| match map.node(id).body {
            Body::Ref(target) => order.iter().position(|&n| n == target),
            Body::Statement(_) => None,
        })
        .collect()
}

/// The kind a node has after the round trip: Kialo knows a thesis or question at the top,
/// theses as the options of a question, and below them only Pro (claim) and Con (objection).
fn kialo_kind(map: &ArgMap, id: NodeId) -> Kind {
    let question = map.node(map.root).kind == Kind::Question;
    if id == map.root {
        return if question {
            Kind::Question
        } else {
            Kind::Thesis
        };
    }
    if question && map.parent(id) == Some(map.root) {
        return Kind::Thesis;
    }
    match map.node(id).kind.stance() {
        Stance::Against => Kind::Objection,
        Stance::For | Stance::Root => Kind::Claim,
    }
}

/// Everything Kialo can hold of `map` survives `write` then `parse`.
fn check_projection(map: &ArgMap) {
    let (written, imported) = round_trip(map);
    let back = &imported.map;
    let before = common::rows(map);
    let after = common::rows(back);
    assert_eq!(before.len(), after.len(), "{written}");
    assert_eq!(ref_targets(map), ref_targets(back), "{written}");
    let kinds: Vec<Kind> = map.preorder().map(|id| kialo_kind(map, id)).collect();
    for ((old, new), kind) in before.iter().zip(&after).zip(kinds) {
        let context = format!("{old:?}\n{new:?}\n{written}");
        assert_eq!(old.depth, new.depth, "{context}");
        assert_eq!(old.is_ref, new.is_ref, "{context}");
        assert_eq!(new.kind, kind, "{context}");
        assert!(!new.undercut, "{context}");
        assert_eq!(new.scheme, None, "{context}");
        // Quotes and urls are kept as the reader keeps any text (see `kept`); a url is one line.
        assert_eq!(new.quote, kept(&old.quote), "{context}");
        assert_eq!(new.url, old.url.trim(), "{context}");
        assert!(new.also.is_empty(), "{context}");
        let (label, text) = promised(&old.label, &old.text);
        assert_eq!((&new.label, &new.text), (&label, &text), "{context}");
        // The plain promises the rule gives, stated on their own.
        if label_and_text(&old.label) == (old.label.clone(), String::new()) {
            assert_eq!(
                new.label, old.label,
                "a one-sentence label survives: {context}"
            );
        }
        let first_sentence = label_and_text(kept(&old.text).split('\n').next().unwrap_or("")).0;
        if first_sentence == old.label && collapse_whitespace(&old.text) != old.label {
            assert_eq!(new.text, kept(&old.text), "{context}");
        }
    }
    let title = match map.meta.title.trim() {
        "" => collapse_whitespace(&map.statement(map.root).label),
        title => title.to_string(),
    };
    assert_eq!(back.meta.title, title, "{written}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_maps_keep_what_kialo_can_hold(map in common::maps(14)) {
        check_projection(&map);
    }

    #[test]
    fn references_before_their_statements_keep_their_places(
        map in common::maps(14),
        forward in proptest::collection::vec((0..14usize, 0..14usize), 1..3),
    ) {
        check_projection(&common::refer_forward(map, &forward));
    }

    #[test]
    fn maps_with_lines_the_reader_could_misread_keep_them(map in awkward_maps()) {
        check_projection(&map);
    }
}

/// Lines that mean something to the Kialo reader, or that it changes.
fn awkward_line() -> impl Strategy<Value = String> {
    let line = proptest::sample::select(vec![
        "1.2. Pro:",
        "1.1. Con:",
        "1. Thesis:",
        "1.1. Question:",
        "1.1.1. Thesis:",
        "  1.1. Con:",
        "\\1.2. Pro:",
        "\\\\1. Thesis:",
        "1.2.3. Con: not a label line",
        "Sources:",
        "Discussion Name:",
        "Discussion Title: x",
        "-> See 1.",
        "-> See 1.1.",
        "-> See 1.1",
        "-\\> See 1.",
        "\\-> See 1.1.",
        " -> See 1.",
        "-> See discussion #12: Other",
        "-> See discussion #3",
        "-> See 1. and more",
        "[1] https://example.org/x",
        "[2]",
        "[1]",
        "\\[3] x",
        "\\\\[3]",
        "a [1] b",
        "cited[2].",
        "[99999999999999999999]",
        "[x]",
        "\"quoted\"",
        "“curly”",
        "\"",
        "   indented",
        "trailing   ",
        "\u{a0}nbsp\u{a0}",
        "",
        "  ",
        "ends with a backslash \\",
        "Other sources:",
        "- https://example.org",
    ])
    .prop_map(str::to_string);
    prop_oneof![3 => line, 2 => common::words()]
}

/// Several lines, some of them awkward.
fn awkward_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(awkward_line(), 1..6).prop_map(|lines| lines.join("\n"))
}

/// A label: one line, not blank (a map's labels never are).
fn awkward_label() -> impl Strategy<Value = String> {
    prop_oneof![
        awkward_line().prop_filter("a label is not blank", |l| !l.trim().is_empty()),
        common::words(),
        Just("Two sentences. In one label".to_string()),
        Just("A label that goes on and on well past the sixty columns a headline has".to_string()),
        Just("Spaces  inside   a label".to_string()),
    ]
}

/// What to put into one statement of a generated map.
#[derive(Debug, Clone)]
struct Change {
    label: Option<String>,
    text: Option<String>,
    quote: Option<String>,
    url: Option<String>,
}

fn change() -> impl Strategy<Value = Change> {
    (
        proptest::option::weighted(0.5, awkward_label()),
        proptest::option::weighted(0.7, awkward_text()),
        proptest::option::weighted(0.4, awkward_text()),
        proptest::option::weighted(
            0.3,
            proptest::sample::select(vec![
                "https://example.org/a\\(b\\)",
                "https://example.org/back\\slash",
                "  https://example.org/padded  ",
                "example.org",
                "[2] x",
                "kialo:discussion/12",
            ])
            .prop_map(str::to_string),
        ),
    )
        .prop_map(|(label, text, quote, url)| Change {
            label,
            text,
            quote,
            url,
        })
}

/// Generated maps whose statements (and title) hold awkward lines.
fn awkward_maps() -> impl Strategy<Value = ArgMap> {
    (
        common::maps(10),
        proptest::collection::vec(change(), 11),
        proptest::option::weighted(0.3, awkward_label()),
    )
        .prop_map(|(mut map, changes, title)| {
            for (node, change) in map.nodes.iter_mut().zip(changes) {
                let Body::Statement(statement) = &mut node.body else {
                    continue;
                };
                if let Some(label) = change.label {
                    statement.label = label;
                }
                if let Some(text) = change.text {
                    statement.text = text;
                }
                if let Some(quote) = change.quote {
                    statement.quote = quote;
                }
                if let Some(url) = change.url {
                    statement.url = url;
                }
            }
            if let Some(title) = title {
                map.meta.title = title;
            }
            map
        })
}

fn statement(id: &str, label: &str, text: &str) -> Statement {
    Statement {
        id: id.to_string(),
        label: label.to_string(),
        text: text.to_string(),
        ..Statement::default()
    }
}

/// A small map with every kind, a reference, a quote with a url, a quote without one, a url
/// without a quote, a claim of several lines and a text line that looks like a claim number.
fn small_map() -> ArgMap {
    let meta = Meta {
        title: "Should schools start later in the morning?".to_string(),
        ..Meta::default()
    };
    let mut map = ArgMap::new(
        meta,
        statement("t", "Schools should start later in the morning.", ""),
    );
    let sleep = map.push(
        map.root,
        Kind::Claim,
        Body::Statement(Statement {
            url: "https://example.org/sleep-study".to_string(),
            quote: "Students slept 34 minutes longer.\n\nGrades rose too.".to_string(),
            ..statement(
                "sleep",
                "Teenagers sleep better when classes begin after nine.",
                "",
            )
        }),
    );
    let evenings = map.push(
        sleep,
        Kind::Objection,
        Body::Statement(statement(
            "evenings",
            "Later starts push sports and jobs into the evening.",
            "",
        )),
    );
    map.push(
        evenings,
        Kind::Rebuttal,
        Body::Statement(Statement {
            quote: "Most practices moved, few were cancelled.".to_string(),
            ..statement(
                "moved",
                "Practices can move",
                "Clubs moved their practices to the weekend.",
            )
        }),
    );
    map.push(map.root, Kind::Objection, Body::Ref(evenings));
    map.push(
        map.root,
        Kind::Evidence,
        Body::Statement(Statement {
            url: "https://example.org/districts".to_string(),
            ..statement(
                "districts",
                "Districts that switched kept the change:",
                "Districts that switched kept the change:\n1.2. Con:\nnone went back.",
            )
        }),
    );
    map.push(
        map.root,
        Kind::Caveat,
        Body::Statement(statement(
            "buses",
            "Bus schedules are shared with other schools.",
            "",
        )),
    );
    map
}

#[test]
fn a_small_map_is_written_like_a_kialo_export() {
    let map = small_map();
    let written = write(&map);
    insta::assert_snapshot!(written);
    check_projection(&map);
}

#[test]
fn the_export_is_told_as_kialo_by_its_content_whatever_its_name() {
    let written = write(&small_map());
    assert_eq!(detect(&written), Format::Kialo);
    let named = std::path::Path::new("exported.json");
    assert_eq!(detect_file(&written, named), Format::Kialo);
}

#[test]
fn a_question_root_is_written_with_its_options() {
    let mut map = ArgMap::new(
        Meta::default(),
        statement("q", "Which language should a school teach first?", ""),
    );
    map.nodes[0].kind = Kind::Question;
    let spanish = map.push(
        map.root,
        Kind::Thesis,
        Body::Statement(statement("es", "Spanish", "")),
    );
    map.push(
        spanish,
        Kind::Question,
        Body::Statement(statement("which", "Which Spanish?", "")),
    );
    let written = write(&map);
    assert!(
        written.starts_with(
            "Discussion Name:\nWhich language should a school teach first?\n\n1. Question:\n  Which language should a school teach first?\n\n  1.1. Thesis:\n    Spanish\n\n    1.1.1. Con:\n      Which Spanish?\n"
        ),
        "{written}"
    );
    check_projection(&map);
}

#[test]
fn the_builtin_map_reads_back_with_its_labels_stances_and_quotes() {
    let map = argscope::load::builtin().map;
    let (written, imported) = round_trip(&map);
    let back = &imported.map;
    assert_eq!(back.len(), 37);
    assert_eq!(back.meta.title, map.meta.title);
    let before: Vec<NodeId> = map.preorder().collect();
    let after: Vec<NodeId> = back.preorder().collect();
    assert_eq!(before.len(), after.len());
    for (&old, &new) in before.iter().zip(&after) {
        let (o, n) = (map.statement(old), back.statement(new));
        assert_eq!(n.label, o.label, "{written}");
        assert_eq!(n.quote, o.quote, "{}", o.label);
        assert_eq!(back.depth(new), map.depth(old));
        assert_eq!(back.is_ref(new), map.is_ref(old));
        assert_eq!(back.node(new).kind, kialo_kind(&map, old), "{}", o.label);
        // The paraphrase follows the label, a paragraph below it.
        assert!(n.text.ends_with(&o.text), "{}", o.label);
    }
    let cons = back
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::Objection)
        .count();
    let against = map
        .nodes
        .iter()
        .filter(|n| n.kind.stance() == Stance::Against)
        .count();
    assert_eq!(cons, against);
    assert!(cons > 0 && cons < 36, "both pros and cons: {cons}");
}

#[test]
fn lines_that_look_like_structure_are_escaped_and_read_back_as_text() {
    let mut map = ArgMap::new(
        Meta {
            title: "1. Thesis:".to_string(),
            ..Meta::default()
        },
        statement("t", "Top", "Top\n1.1. Pro:\nSources:\n[2] cited"),
    );
    map.push(
        map.root,
        Kind::Claim,
        Body::Statement(Statement {
            quote: "first\n[1] not a source".to_string(),
            url: "https://example.org/a\\(b".to_string(),
            ..statement("link", "-> See 1.", "")
        }),
    );
    let (written, imported) = round_trip(&map);
    assert_eq!(
        written,
        "Discussion Name:\n\\1. Thesis:\n\n1. Thesis:\n  Top\n  \\1.1. Pro:\n  Sources:\n  \\[2] cited\n\n  1.1. Pro:\n    \\-> See 1. [1]\n\nSources:\n[1] https://example.org/a\\\\(b\n\"first\n\\[1] not a source\"\n"
    );
    let back = &imported.map;
    assert_eq!(back.meta.title, "1. Thesis:");
    assert_eq!(
        back.statement(back.root).text,
        "Top\n1.1. Pro:\nSources:\n[2] cited"
    );
    let link = back.statement(back.children(back.root)[0]);
    assert!(!back.is_ref(back.children(back.root)[0]));
    assert_eq!(link.label, "-> See 1.");
    assert_eq!(link.quote, "first\n[1] not a source");
    assert_eq!(link.url, "https://example.org/a\\(b");
}

#[test]
fn a_quote_without_url_is_a_source_without_url() {
    let mut map = ArgMap::new(Meta::default(), statement("t", "Top.", ""));
    map.push(
        map.root,
        Kind::Claim,
        Body::Statement(Statement {
            quote: "The source's own words.".to_string(),
            ..statement("a", "A reason.", "")
        }),
    );
    let (written, imported) = round_trip(&map);
    assert!(
        written.ends_with("    A reason. [1]\n\nSources:\n[1]\n\"The source's own words.\"\n"),
        "{written}"
    );
    let reason = imported
        .map
        .statement(imported.map.children(imported.map.root)[0]);
    assert_eq!(
        (reason.url.as_str(), reason.quote.as_str()),
        ("", "The source's own words.")
    );
}

#[test]
fn a_kialo_file_reads_and_writes_back_unchanged() {
    // Written the way Kialo writes: links to claims and to other discussions, footnotes.
    let file = "Discussion Name:\nShould libraries lend tools?\n\n1. Thesis:\n  Public libraries should lend tools as well as books.\n\n  1.1. Pro:\n    Most households use a drill for only a few minutes a year. [1]\n\n    1.1.1. Con:\n      Tools break, and repairs cost more than books.\n\n  1.2. Con:\n    -> See 1.1.1.\n\n  1.3. Pro:\n    -> See discussion #5150: Should libraries open on Sundays?\n\nSources:\n[1] https://example.org/tool-use\n\"Households reported using a drill for a median of thirteen minutes.\"\n";
    let imported = parse(file, "tools.txt");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(write(&imported.map), file);
}

#[test]
fn a_deep_map_is_written_without_recursion() {
    const DEPTH: usize = 1_000;
    let mut map = ArgMap::new(Meta::default(), statement("t", "Top.", ""));
    let mut at = map.root;
    for i in 1..DEPTH {
        let kind = if i % 2 == 0 {
            Kind::Claim
        } else {
            Kind::Objection
        };
        at = map.push(
            at,
            kind,
            Body::Statement(statement(&format!("n-{i}"), &format!("Level {i}."), "")),
        );
    }
    let (written, imported) = round_trip(&map);
    // Numbers say where a record belongs; past 64 levels the indent stops growing.
    let deepest_label = format!("{}{}1. Con:\n", " ".repeat(128), "1.".repeat(DEPTH - 1));
    assert!(written.contains(&format!("\n{deepest_label}")));
    let widest = written
        .lines()
        .map(|l| l.len() - l.trim_start().len())
        .max();
    assert_eq!(widest, Some(130), "a text line is two past its label line");
    assert_eq!(imported.map.len(), DEPTH);
    let deepest = NodeId((DEPTH - 1) as u32);
    assert_eq!(imported.map.depth(deepest), DEPTH - 1);
    assert_eq!(
        imported.map.statement(deepest).label,
        format!("Level {}.", DEPTH - 1)
    );
}
