//! Argdown out and back in: a map written as Argdown reads back as the same map.

mod common;

use argscope::formats::argdown::{parse, write};
use argscope::load;
use argscope::model::{ArgMap, Kind, NodeId};
use argscope::source::collapse_whitespace;
use common::{Row, maps, refer_forward, rows};
use proptest::prelude::*;
use std::collections::HashMap;

/// What Argdown itself cannot keep: it joins a paraphrase's lines with spaces, trims quotes
/// and urls, and counts a wording once (another wording the same as the statement's own is
/// no other wording); a scheme goes in a statement's data, which holds one for all the places
/// it shows, so it is kept where they all agree. Everything else must come back exactly.
fn as_argdown_keeps(map: &ArgMap) -> Vec<Row> {
    let mut agreed: HashMap<NodeId, Option<Option<&str>>> = HashMap::new();
    for id in map.preorder() {
        let so_far = agreed
            .entry(map.resolve(id))
            .or_insert(Some(map.scheme(id)));
        if *so_far != Some(map.scheme(id)) {
            *so_far = None;
        }
    }
    let mut rows = rows(map);
    for (row, id) in rows.iter_mut().zip(map.preorder()) {
        if agreed.get(&map.resolve(id)).is_some_and(Option::is_none) {
            row.scheme = None;
        }
        row.text = collapse_whitespace(&row.text);
        // A paraphrase that only repeats the label is read as none, as every importer does.
        if row.text == row.label {
            row.text.clear();
        }
        row.quote = row.quote.trim().to_string();
        row.url = row.url.trim().to_string();
        let own = if row.text.is_empty() {
            &row.label
        } else {
            &row.text
        };
        let mut also: Vec<String> = Vec::new();
        for wording in row.also.iter().map(|a| collapse_whitespace(a)) {
            if &wording != own && !also.contains(&wording) {
                also.push(wording);
            }
        }
        row.also = also;
    }
    rows
}

/// Each node's statement id, in reading order: notes are keyed by them.
fn ids(map: &ArgMap) -> Vec<String> {
    map.preorder()
        .map(|id| map.statement(id).id.clone())
        .collect()
}

fn round_trip(map: &ArgMap) -> ArgMap {
    let text = write(map);
    let imported = parse(&text, "written.argdown");
    assert!(
        imported.problems.is_empty(),
        "{:#?}\n{text}",
        imported.problems
    );
    let errors = argscope::model::errors(&imported.map, "written.argdown");
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    imported.map
}

#[test]
fn the_builtin_map_comes_back_whole() {
    let builtin = load::builtin().map;
    let again = round_trip(&builtin);
    assert_eq!(again.len(), 37);
    assert_eq!(as_argdown_keeps(&again), as_argdown_keeps(&builtin));
    assert_eq!(again.meta, builtin.meta, "title, author and source survive");
    assert_eq!(ids(&again), ids(&builtin), "ids survive, so notes follow");
}

#[test]
fn a_source_that_is_no_web_address_is_written_as_a_source_not_a_url() {
    let text =
        "[A]: a {source: \"Smith 2020, p. 4\"}\n  + [B]: b {source: \"https://example.org/b\"}\n";
    let map = parse(text, "f.argdown").map;
    let written = write(&map);
    assert!(
        written.contains(r#"[A]: a #thesis {source: "Smith 2020, p. 4"}"#),
        "{written}"
    );
    assert!(
        written.contains(r#"{url: "https:\/\/example.org\/b"}"#),
        "{written}"
    );
    let again = round_trip(&map);
    assert_eq!(rows(&again), rows(&map));
}

#[test]
fn ids_in_the_data_are_kept_unless_unusable_or_taken() {
    let text = "[T]: The thesis. {id: point-7}\n  + [U]: Support. {id: point-7}\n  - [V]: Attack. {id: Not Valid}\n  + [W]: More.\n";
    let imported = parse(text, "ids.argdown");
    // (Argdown shows what is for before what is against.)
    assert_eq!(ids(&imported.map), ["point-7", "u", "w", "v"]);
    let said: Vec<String> = (imported.problems.iter())
        .map(|p| format!("{}: {}", p.place.line_col.unwrap().0, p.message))
        .collect();
    assert_eq!(
        said,
        [
            "2: the id \"point-7\" is another statement's already; this statement gets one made from its title",
            "3: the id \"Not Valid\" is not one argscope can use (lowercase letters, digits and hyphens, e.g. point-1); this statement gets one made from its title",
        ]
    );
    // An id the title gives back is not written; another is.
    let written = write(&imported.map);
    assert!(
        written.contains("[T]: The thesis. #thesis {id: \"point-7\"}\n"),
        "{written}"
    );
    assert!(written.contains("\n  + [W]: More.\n"), "{written}");
}

/// An argument's scheme, as an AIF map names it, is written in the statement's data and read
/// back from there; one that differs between the places a statement shows is left out, as
/// `export` says.
#[test]
fn schemes_are_written_in_the_data_and_read_back() {
    let file = format!(
        "{}/tests/fixtures/aif/schemes.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let aif = argscope::formats::aif::parse(&std::fs::read_to_string(file).unwrap(), "s.json");
    let map = aif.map;
    let expert = "Argument From Expert Opinion";
    assert!(
        map.preorder().any(|id| map.scheme(id) == Some(expert)),
        "the fixture names the scheme"
    );
    let text = write(&map);
    assert!(text.contains(&format!("scheme: \"{expert}\"")), "{text}");
    let again = round_trip(&map);
    assert_eq!(as_argdown_keeps(&again), as_argdown_keeps(&map));
    let schemes = |map: &ArgMap| -> Vec<Option<String>> {
        map.preorder()
            .map(|id| map.scheme(id).map(str::to_string))
            .collect()
    };
    assert_eq!(schemes(&again), schemes(&map), "{text}");
}

#[test]
fn kinds_argdown_has_no_word_for_are_tags_on_the_relation_line() {
    let builtin = load::builtin().map;
    let text = write(&builtin);
    let caveat = text
        .lines()
        .find(|l| l.contains("#caveat") && !l.starts_with("//"))
        .expect("the built-in map has caveats");
    assert!(caveat.trim_start().starts_with("- ["), "{caveat}");
    // The Argdown tools reject a tag written after the data ("Expecting token of type Dedent").
    assert!(
        caveat.find(" #caveat") < caveat.find(" {"),
        "the tag comes before the data: {caveat}"
    );
    assert!(
        text.starts_with("===\nargscope:\n  order: file\ntitle: "),
        "{text}"
    );
    assert!(
        text.contains(", quote: \""),
        "quotes go in the statement's data"
    );
}

#[test]
fn markup_in_text_is_escaped_and_reads_back_as_written() {
    let mut map = load::builtin().map;
    let hostile =
        "See [T] and <A>, #tag {a: 1} @[m] *b* _i_ // no comment /* nor this <!-- x --> \\ end";
    if let argscope::model::Body::Statement(s) = &mut map.nodes[1].body {
        s.text = hostile.to_string();
        s.label = "A label with ] and // in it".to_string();
    }
    let again = round_trip(&map);
    let first = again.children(again.root)[0];
    assert_eq!(again.statement(first).text, hostile);
    assert_eq!(again.statement(first).label, "A label with ] and // in it");
}

#[test]
fn data_and_front_matter_use_only_escapes_yaml_has() {
    // `\{`, `\}` and `\<` are no YAML escapes: the Argdown CLI refuses a file with them
    // ("unknown escape sequence"). The characters are written as `\u` escapes instead.
    let mut map = load::builtin().map;
    map.meta.title = "Is 2 < 3? {maybe}".to_string();
    if let argscope::model::Body::Statement(s) = &mut map.nodes[1].body {
        s.label = "Teens <18 {1, 2} pay / vote".to_string();
    }
    let text = write(&map);
    for bad in ["\\{", "\\}", "\\<"] {
        assert!(!text.contains(bad), "{bad} in:\n{text}");
    }
    assert!(
        text.contains("title: \"Is 2 \\u003c 3? \\u007bmaybe\\u007d\""),
        "{text}"
    );
    let again = round_trip(&map);
    assert_eq!(again.meta.title, "Is 2 < 3? {maybe}");
    let first = again.children(again.root)[0];
    assert_eq!(again.statement(first).label, "Teens <18 {1, 2} pay / vote");
}

#[test]
fn a_question_with_theses_stays_a_question() {
    let text = write(&question_map());
    let again = round_trip(&question_map());
    assert!(text.contains("isQuestion: true"), "{text}");
    assert_eq!(again.node(again.root).kind, Kind::Question);
    let kinds: Vec<Kind> = again
        .children(again.root)
        .iter()
        .map(|&c| again.node(c).kind)
        .collect();
    assert_eq!(kinds, [Kind::Thesis, Kind::Thesis]);
}

fn question_map() -> ArgMap {
    let text = "===\ntitle: Which phone?\n===\n\n[Which phone should the school buy?] {isQuestion: true}\n  + [Apple]: Apple phones.\n    - [Price]: Too dear.\n  + [Android]: Android phones.\n";
    parse(text, "q.argdown").map
}

#[test]
fn a_deep_map_continues_in_paragraphs_instead_of_indenting_without_end() {
    let mut map = load::builtin().map;
    let mut at = map.root;
    for i in 0..500 {
        at = map.push(
            at,
            Kind::Claim,
            argscope::model::Body::Statement(argscope::model::Statement {
                id: format!("deep-{i}"),
                label: format!("Level {i}"),
                ..Default::default()
            }),
        );
    }
    let text = write(&map);
    let widest = text.lines().map(|l| l.len() - l.trim_start().len()).max();
    assert!(widest <= Some(20), "indented {widest:?} columns");
    let again = round_trip(&map);
    assert_eq!(rows(&again), rows(&map));
}

#[test]
fn hand_written_kind_tags_on_a_definition_apply_where_the_relation_names_none() {
    let text = "[T]: Thesis. #thesis\n  + [E]\n  - [C]\n\n[C]: A limit. #caveat\n\n[E]: A fact. #evidence\n";
    let imported = parse(text, "t.argdown");
    let kinds: Vec<Kind> = imported
        .map
        .children(imported.map.root)
        .iter()
        .map(|&c| imported.map.node(c).kind)
        .collect();
    assert_eq!(kinds, [Kind::Evidence, Kind::Caveat]);
}

#[test]
fn a_kind_tag_on_the_wrong_side_is_reported_not_obeyed() {
    let imported = parse("[T]: Thesis.\n  + [C]: A limit. #caveat\n", "t.argdown");
    let child = imported.map.children(imported.map.root)[0];
    assert_eq!(imported.map.node(child).kind, Kind::Claim);
    assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
    assert!(
        imported.problems[0]
            .to_string()
            .starts_with("t.argdown:2:19: #caveat"),
        "{}",
        imported.problems[0]
    );
}

#[test]
fn a_kind_tag_on_a_continuation_line_is_reported_where_it_is_written() {
    let text =
        "[T]: Thesis.\n  + [C]: Uniforms cost families\n    less than fashion does. #caveat\n";
    let imported = parse(text, "t.argdown");
    assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
    assert!(
        imported.problems[0]
            .to_string()
            .starts_with("t.argdown:3:29: #caveat is a kind that counts against its parent"),
        "{}",
        imported.problems[0]
    );
}

/// A map that refers to a statement before showing it in full, as a teacher's map may: the
/// reference under A, the statement (and its reasons) under B.
const REFERENCE_FIRST: &str = r#"{
  "argscope": 1,
  "root": {
    "id": "t", "kind": "thesis", "label": "Uniforms help",
    "children": [
      {"id": "a", "kind": "claim", "label": "They save money",
       "children": [{"ref": "c", "kind": "objection"}]},
      {"id": "b", "kind": "claim", "label": "They ease mornings",
       "children": [
         {"id": "c", "kind": "claim", "label": "Less choice, less stress", "text": "%TEXT%",
          "children": [{"id": "d", "kind": "evidence", "label": "A survey says so"}]}
       ]}
    ]
  }
}"#;

#[test]
fn a_statement_referred_to_before_it_is_shown_stays_where_it_is_shown() {
    // With a paraphrase the statement is defined where it stands; without one it is still
    // written as a definition, told from the reference above it.
    for text in ["Fewer decisions before school.", ""] {
        let json = REFERENCE_FIRST.replace("%TEXT%", text);
        let map = argscope::formats::native::parse(&json, "map.json")
            .expect("the map loads")
            .map;
        let again = round_trip(&map);
        assert_eq!(
            as_argdown_keeps(&again),
            as_argdown_keeps(&map),
            "{}",
            write(&map)
        );
        assert_eq!(ids(&again), ids(&map));
    }
}

#[test]
fn a_hand_written_reference_before_the_definition_does_not_move_the_statement() {
    let text = "[T]: Thesis.\n  + [A]: A.\n    - [C]\n  + [B]: B.\n    + [C]: C in full.\n      + [D]: D.\n";
    let map = parse(text, "t.argdown").map;
    let a = map.children(map.root)[0];
    let b = map.children(map.root)[1];
    assert!(map.is_ref(map.children(a)[0]), "a reference under A");
    let c = map.children(b)[0];
    assert!(!map.is_ref(c), "C in full under B");
    assert_eq!(map.children(c).len(), 1, "with its reason");
}

#[test]
fn a_thesis_defined_again_under_another_shows_in_full_at_the_top() {
    let text = "[T1]: One thesis. #thesis\n  + [A]: A reason.\n\n[T2]: Another thesis. #thesis\n  + [B]: B.\n    - [T1]: One thesis, again.\n";
    let map = parse(text, "t.argdown").map;
    let tops = map.children(map.root);
    assert!(!map.is_ref(tops[0]), "T1 in full at the top");
    assert_eq!(map.children(tops[0]).len(), 1, "with its reason");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_map_with_references_before_their_statements_reads_back_the_same(
        map in maps(40),
        picks in proptest::collection::vec((0..40usize, 0..40usize), 1..4),
    ) {
        let map = refer_forward(map, &picks);
        let again = round_trip(&map);
        prop_assert_eq!(as_argdown_keeps(&again), as_argdown_keeps(&map));
        prop_assert_eq!(ids(&again), ids(&map));
    }

    #[test]
    fn any_map_written_as_argdown_reads_back_the_same(map in maps(40)) {
        let again = round_trip(&map);
        prop_assert_eq!(as_argdown_keeps(&again), as_argdown_keeps(&map));
        prop_assert_eq!(ids(&again), ids(&map));
        prop_assert_eq!(again.meta, map.meta);
    }
}

#[test]
fn brackets_dashes_and_fences_are_written_as_the_argdown_tools_read_them() {
    // The Argdown CLI ends a title at `]:` even inside the data after it, reads `[-…]` as
    // text rather than a title, and takes a line's `===` after front matter for a fence.
    let mut map = load::builtin().map;
    let labels = [
        "Mill [1859]: harm principle",
        "-20% emissions in the EU since 1990.",
    ];
    for (node, label) in map.nodes[1..3].iter_mut().zip(labels) {
        if let argscope::model::Body::Statement(s) = &mut node.body {
            s.label = label.to_string();
        }
    }
    if let argscope::model::Body::Statement(s) = &mut map.nodes[3].body {
        s.text = "=== not a fence".to_string();
    }
    let text = write(&map);
    assert!(
        text.contains("label: \"Mill \\u005b1859\\u005d: harm principle\""),
        "{text}"
    );
    assert!(
        text.contains("[ -20% emissions in the EU since 1990.]"),
        "{text}"
    );
    assert!(text.contains("]: \\=== not a fence"), "{text}");
    assert!(!text.contains("[-"), "{text}");
    let again = round_trip(&map);
    assert_eq!(rows(&again), rows(&map));
}

#[test]
fn titles_without_latin_letters_give_ids_that_do_not_move() {
    // Notes are keyed by ids: a statement added above must not move them.
    let one = parse(
        "[Налоги]: Taxes.\n  + [Школы]: Schools.\n  - [住房]: Housing.\n",
        "a.argdown",
    );
    let two = parse(
        "[Налоги]: Taxes.\n  + [Больницы]: Hospitals.\n  + [Школы]: Schools.\n  - [住房]: Housing.\n",
        "b.argdown",
    );
    assert_eq!(ids(&one.map), ["налоги", "школы", "住房"]);
    assert_eq!(ids(&two.map), ["налоги", "больницы", "школы", "住房"]);
    // Written and read again, they stay, and need no id in the data.
    let text = write(&one.map);
    assert!(!text.contains("id:"), "{text}");
    assert_eq!(ids(&round_trip(&one.map)), ids(&one.map));
}
