//! `argscope export --format opml` and the OPML importer together: what argscope writes, it
//! reads back as the same map, and what it writes still reads as a debate in a plain outliner.

mod common;

use argscope::formats::Imported;
use argscope::formats::opml::{parse, write};
use argscope::model::{ArgMap, Body, Kind, Meta, Statement};
use common::{maps, rows};
use proptest::prelude::*;

/// How many generated maps the round-trip property tries.
const CASES: u32 = 512;

fn round_trip(map: &ArgMap) -> Imported {
    parse(&write(map), "exported.opml")
}

fn assert_valid(map: &ArgMap) {
    let errors = argscope::model::errors(map, "x");
    assert!(errors.is_empty(), "{errors:?}");
}

/// The statement ids in reading order (a reference shows as `->` and its target's id).
fn ids(map: &ArgMap) -> Vec<String> {
    map.preorder()
        .map(|id| match map.node(id).body {
            Body::Ref(target) => format!("-> {}", map.statement(target).id),
            Body::Statement(ref s) => s.id.clone(),
        })
        .collect()
}

/// `common::maps` writes fields without line breaks or surrounding white space, but a loaded
/// map's paraphrases, quotes and other wordings have both, and an attribute value is where they
/// would be lost (a reader turns a literal line break into a space). `edits` says, field by
/// field, what to add: nothing, a paragraph break, or spaces and line breaks around the text
/// (labels, which have no line breaks, get spaces around).
fn with_white_space(mut map: ArgMap, edits: Vec<u8>) -> ArgMap {
    let mut edits = edits.into_iter().cycle();
    let mut edit = |text: &mut String, newlines: bool| match edits.next().unwrap_or(0) {
        1 if newlines => *text = text.replacen(' ', "\n\n", 1),
        2 if newlines => *text = format!(" \n{text}\n "),
        3 => *text = format!("  {text} "),
        _ => {}
    };
    for node in &mut map.nodes {
        if let Body::Statement(s) = &mut node.body {
            edit(&mut s.label, false);
            edit(&mut s.text, true);
            edit(&mut s.quote, true);
            for also in &mut s.also {
                edit(also, true);
            }
        }
    }
    map
}

fn statement(id: &str, label: &str) -> Statement {
    Statement {
        id: id.to_string(),
        label: label.to_string(),
        ..Statement::default()
    }
}

/// The export with argscope's own attributes taken out, as an outliner that keeps only the
/// attributes it knows would save it. Values are escaped, so none holds a `"`.
fn as_plain_outliner_saves_it(opml: &str) -> String {
    let mut out = String::new();
    let mut rest = opml;
    while let Some(at) = rest.find(' ') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let name_end = rest
            .find("=\"")
            .filter(|&e| !rest[1..e].contains([' ', '<', '>']));
        let own = name_end.is_some_and(|e| {
            let name = &rest[1..e];
            matches!(
                name,
                "kind" | "undercut" | "quote" | "source" | "id" | "ref"
            ) || name
                .strip_prefix("also")
                .is_some_and(|n| n.parse::<u32>().is_ok())
        });
        if let (true, Some(e)) = (own, name_end) {
            let close = rest[e + 2..].find('"').expect("a closed attribute value");
            rest = &rest[e + 2 + close + 1..];
        } else {
            out.push(' ');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// thesis ─┬─ Pro: claim (note on two lines, url, quote, two other wordings)
///         │    └─ Con: undercut objection whose label begins "Pro:"
///         └─ Con: objection "- twenty percent & <more>"
///              ├─ Con: rebuttal repeating the claim
///              └─ Pro: evidence whose label begins "Con:"
fn small_map() -> ArgMap {
    let mut map = ArgMap::new(
        Meta {
            title: "Uniforms & <school>".to_string(),
            ..Meta::default()
        },
        Statement {
            text: "Asked of every school board in 2024.".to_string(),
            ..statement("uniforms", "Schools should require uniforms")
        },
    );
    let claim = map.push(
        map.root,
        Kind::Claim,
        Body::Statement(Statement {
            text: "Pupils said so.\nTeachers agreed.".to_string(),
            url: "https://example.org/a?b=1&c=\"2\"".to_string(),
            quote: "Nobody asks what brand you wear.".to_string(),
            also: vec![
                "No one is teased for clothes".to_string(),
                "Less teasing".to_string(),
            ],
            ..statement("less-bullying", "Uniforms reduce bullying")
        }),
    );
    let undercut = map.push(
        claim,
        Kind::Objection,
        Body::Statement(statement("survey", "Pro: the survey was run by makers")),
    );
    map.nodes[undercut.index()].undercut = true;
    let cost = map.push(
        map.root,
        Kind::Objection,
        Body::Statement(statement("cost", "- twenty percent & <more>")),
    );
    map.push(cost, Kind::Rebuttal, Body::Ref(claim));
    map.push(
        cost,
        Kind::Evidence,
        Body::Statement(statement("grants", "Con: grants exist")),
    );
    map
}

#[test]
fn the_export_of_a_small_map_reads_as_a_debate_in_any_outliner() {
    insta::assert_snapshot!(write(&small_map()));
}

#[test]
fn a_small_map_comes_back_whole_with_its_ids() {
    let map = small_map();
    let imported = round_trip(&map);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_valid(&imported.map);
    assert_eq!(rows(&imported.map), rows(&map));
    assert_eq!(ids(&imported.map), ids(&map));
    assert_eq!(imported.map.meta.title, "Uniforms & <school>");
    assert!(imported.stable_ids);
}

#[test]
fn an_outliner_that_drops_argscopes_attributes_still_sees_pros_and_cons() {
    let plain = as_plain_outliner_saves_it(&write(&small_map()));
    assert!(
        !plain.contains("kind=") && !plain.contains(" id="),
        "{plain}"
    );
    let imported = parse(&plain, "plain.opml");
    assert_valid(&imported.map);
    assert!(!imported.stable_ids);
    let seen: Vec<(usize, Kind, String)> = rows(&imported.map)
        .into_iter()
        .map(|row| (row.depth, row.kind, row.label))
        .collect();
    // Without argscope's attributes the prefix is all there is: evidence reads as a claim, a
    // rebuttal as an objection, and a label's own leading "Pro:" goes with the prefix rule.
    let expected = [
        (0, Kind::Thesis, "Schools should require uniforms"),
        (1, Kind::Claim, "Uniforms reduce bullying"),
        (2, Kind::Objection, "Pro: the survey was run by makers"),
        (1, Kind::Objection, "- twenty percent & <more>"),
        (2, Kind::Objection, "Uniforms reduce bullying"),
        (2, Kind::Claim, "Con: grants exist"),
    ];
    let expected: Vec<(usize, Kind, String)> = expected
        .into_iter()
        .map(|(d, k, l)| (d, k, l.to_string()))
        .collect();
    assert_eq!(seen, expected);
    let claim = imported.map.children(imported.map.root)[0];
    assert_eq!(
        imported.map.statement(claim).text,
        "Pupils said so.\nTeachers agreed."
    );
}

#[test]
fn a_source_that_is_no_web_address_is_written_as_a_source_not_a_link() {
    let mut map = small_map();
    if let Body::Statement(thesis) = &mut map.nodes[0].body {
        thesis.url = "Smith 2020, p. 4".to_string();
    }
    let opml = write(&map);
    assert!(
        opml.contains(r#"<outline text="Schools should require uniforms" _note="Asked of every school board in 2024." source="Smith 2020, p. 4""#),
        "{opml}"
    );
    assert!(!opml.contains(r#"url="Smith"#), "{opml}");
    let imported = round_trip(&map);
    assert_eq!(rows(&imported.map), rows(&map));
}

#[test]
fn the_author_goes_in_the_heads_owner_name_and_comes_back() {
    let mut map = small_map();
    map.meta.author = "Ms. Ortiz & Year 9".to_string();
    let opml = write(&map);
    assert!(
        opml.contains("<ownerName>Ms. Ortiz &amp; Year 9</ownerName>"),
        "{opml}"
    );
    assert_eq!(round_trip(&map).map.meta.author, "Ms. Ortiz & Year 9");
    // As an outliner writes it, among other head fields.
    let outliner = "<opml version=\"2.0\"><head><title>Debate</title><dateCreated>Mon, 1 Jan 2024</dateCreated><ownerName>A. Teacher</ownerName></head><body><outline text=\"Thesis\"/></body></opml>";
    let imported = parse(outliner, "class.opml");
    assert_eq!(imported.map.meta.author, "A. Teacher");
    assert_eq!(imported.map.meta.title, "Debate");
}

#[test]
fn the_builtin_map_comes_back_whole() {
    let loaded = argscope::load::builtin();
    let imported = round_trip(&loaded.map);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_valid(&imported.map);
    assert_eq!(imported.map.len(), 37);
    let (before, after) = (rows(&loaded.map), rows(&imported.map));
    assert_eq!(before.len(), 37);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a, b);
    }
    assert!(after.iter().filter(|row| !row.quote.is_empty()).count() > 10);
    assert_eq!(imported.map.kind_counts(), loaded.map.kind_counts());
    assert_eq!(ids(&imported.map), ids(&loaded.map));
    assert_eq!(imported.map.meta.title, loaded.map.meta.title);
    assert!(imported.stable_ids);
}

#[test]
fn a_question_with_theses_under_it_comes_back_as_such() {
    let mut map = ArgMap::new(Meta::default(), statement("q", "Which phone?"));
    map.nodes[0].kind = Kind::Question;
    let apple = map.push(
        map.root,
        Kind::Thesis,
        Body::Statement(statement("apple", "Pro: Apple")),
    );
    map.push(
        apple,
        Kind::Claim,
        Body::Statement(statement("fast", "Fast")),
    );
    map.push(
        map.root,
        Kind::Thesis,
        Body::Statement(statement("other", "Other")),
    );
    let opml = write(&map);
    // Neither the question nor its answers stand for or against anything.
    assert!(opml.contains("<outline text=\"Which phone?\" kind=\"question\""));
    assert!(opml.contains("<outline text=\"Pro: Apple\" kind=\"thesis\""));
    let imported = parse(&opml, "q.opml");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_valid(&imported.map);
    assert_eq!(rows(&imported.map), rows(&map));
}

#[test]
fn a_hostile_label_cannot_break_the_xml() {
    let hostile = "</outline><outline text=\"x\"> & 'q' \"dq\" &amp; <!-- ]]> <![CDATA[";
    let mut map = ArgMap::new(
        Meta {
            title: format!("{hostile}</title>"),
            ..Meta::default()
        },
        statement("t", hostile),
    );
    let child = map.push(
        map.root,
        Kind::Objection,
        Body::Statement(Statement {
            text: format!("line one\n{hostile}\n  indented"),
            quote: format!("{hostile}\nq"),
            also: vec![format!("{hostile}\nsecond line")],
            ..statement("c", hostile)
        }),
    );
    map.push(child, Kind::Claim, Body::Ref(map.root));
    let opml = write(&map);
    // One outline element per node, whatever the labels say.
    assert_eq!(opml.matches("<outline").count(), 3, "{opml}");
    assert_eq!(opml.matches("</outline>").count(), 2, "{opml}");
    // Line breaks in attributes are character references, or a reader would make them spaces.
    assert!(opml.contains("line one&#10;&lt;/outline&gt;&lt;outline text=&quot;x&quot;&gt; &amp;"));
    assert!(!opml.contains("line one\n"));
    let imported = parse(&opml, "hostile.opml");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_valid(&imported.map);
    assert_eq!(rows(&imported.map), rows(&map));
    assert_eq!(imported.map.meta.title, format!("{hostile}</title>"));
}

#[test]
fn a_hundred_thousand_levels_write_and_read_back() {
    let depth = 100_000;
    let mut map = ArgMap::new(Meta::default(), statement("t", "T"));
    let mut at = map.root;
    for i in 0..depth {
        let kind = if i % 2 == 0 {
            Kind::Claim
        } else {
            Kind::Objection
        };
        at = map.push(
            at,
            kind,
            Body::Statement(statement(&format!("n-{i}"), &format!("level {i}"))),
        );
    }
    let opml = write(&map);
    // Deep outlines stop indenting, so the file grows with the nodes, not with their depth.
    assert!(opml.len() < 200 * (depth + 1) * 2, "{} bytes", opml.len());
    let imported = parse(&opml, "deep.opml");
    assert!(imported.problems.is_empty());
    assert_eq!(rows(&imported.map), rows(&map));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn any_map_comes_back_whole(
        map in (maps(24), proptest::collection::vec(0u8..4, 1..16), proptest::collection::vec((0..24usize, 0..24usize), 0..3))
            .prop_map(|(map, edits, forward)| with_white_space(common::refer_forward(map, &forward), edits))
    ) {
        let opml = write(&map);
        let imported = parse(&opml, "exported.opml");
        prop_assert!(imported.problems.is_empty(), "{:?}\n{opml}", imported.problems);
        let errors = argscope::model::errors(&imported.map, "x");
        prop_assert!(errors.is_empty(), "{errors:?}");
        prop_assert_eq!(rows(&imported.map), rows(&map));
        prop_assert_eq!(ids(&imported.map), ids(&map));
        prop_assert_eq!(&imported.map.meta.title, &map.meta.title);
        prop_assert!(imported.stable_ids);
        // Writing what was read gives the same file: nothing drifts on a second round.
        prop_assert_eq!(write(&imported.map), opml);
    }
}
