//! The Argdown importer on small synthetic files, one per edge case of the spec
//! (`docs/formats/argdown.md`): the tree it derives, the kinds, references, and the problems.

use argscope::formats::{Imported, argdown};
use argscope::model::{ArgMap, Body, Kind, Severity};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/argdown/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("fixture")
}

/// The tree as an outline: one node a line, "kind label", a reference as "kind ↪ label",
/// an undercut as "undercut".
fn outline(map: &ArgMap) -> String {
    let mut out = String::new();
    for (id, depth) in map.preorder_with_depth() {
        let node = map.node(id);
        let kind = if node.undercut {
            "undercut"
        } else {
            node.kind.name()
        };
        let arrow = if map.is_ref(id) { "↪ " } else { "" };
        out.push_str(&format!(
            "{}{kind} {arrow}{}\n",
            "  ".repeat(depth),
            map.statement(id).label
        ));
    }
    out
}

fn import(name: &str) -> Imported {
    let imported = argdown::parse(&fixture(name), name);
    assert_valid(&imported.map);
    assert!(imported.stable_ids);
    imported
}

fn assert_valid(map: &ArgMap) {
    let errors = argscope::model::errors(map, "fixture");
    assert!(errors.is_empty(), "{errors:?}\n{}", outline(map));
}

fn lines(imported: &Imported) -> Vec<(usize, usize)> {
    imported
        .problems
        .iter()
        .map(|p| p.place.line_col.unwrap_or((0, 0)))
        .collect()
}

fn statement<'a>(map: &'a ArgMap, label: &str) -> &'a argscope::model::Statement {
    let id = map
        .preorder()
        .find(|&id| !map.is_ref(id) && map.statement(id).label == label)
        .unwrap_or_else(|| panic!("no node {label:?} in\n{}", outline(map)));
    map.statement(id)
}

#[test]
fn every_fixture_loads_into_a_valid_map() {
    let dir = format!("{}/tests/fixtures/argdown", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let imported = import(&name);
        assert!(!imported.map.is_empty(), "{name}");
    }
}

#[test]
fn relations_in_every_direction() {
    let imported = import("relations.argdown");
    assert_eq!(
        outline(&imported.map),
        "\
thesis T
  claim Freedom
    claim Milton
  claim Tax
  objection Harm
    objection Mild
  objection Gateway
    undercut Correlation
    undercut Selection
    undercut Study
  objection ↪ Milton
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let map = &imported.map;
    assert_eq!(statement(map, "T").text, "Soft drugs should be legal.");
    assert_eq!(statement(map, "T").id, "t");
    assert_eq!(statement(map, "Gateway").id, "gateway");
}

#[test]
fn an_equivalence_class_is_one_node_with_its_wordings_and_all_its_edges() {
    let imported = import("equivalence.argdown");
    assert_eq!(
        outline(&imported.map),
        "\
group equivalence.argdown
  thesis Legal
    claim Choice
      claim Autonomy
  thesis Other
    claim ↪ Choice
    claim Undefined
"
    );
    let map = &imported.map;
    let choice = statement(map, "Choice");
    // The last definition is canonical; the others are kept as other phrasings.
    assert_eq!(choice.text, "Grown-ups decide for themselves.");
    assert_eq!(choice.also, ["Adults may choose."]);
    // A reference to a class that is never defined is a node with its title only.
    assert_eq!(statement(map, "Undefined").text, "");
    // Two theses: side by side in a group named after the file, and a problem saying so.
    assert_eq!(imported.problems.len(), 1);
    assert!(imported.problems[0].message.contains("2 theses"));
    assert!(imported.problems[0].message.contains("[Other] (line 7)"));
}

#[test]
fn a_cycle_is_closed_by_a_reference() {
    // Nothing bears on nothing, so no statement is the thesis: the tree starts the circle.
    let imported = import("cycle.argdown");
    assert_eq!(
        outline(&imported.map),
        "\
thesis a
  objection b
    claim c
      objection ↪ a
"
    );
}

#[test]
fn a_pcs_shows_its_premises_under_the_argument_which_supports_its_conclusion() {
    let imported = import("pcs.argdown");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Legal
  claim No harm
    claim Harm principle
    claim Soft drugs harm only their users.
      objection Passive harm
  objection Harm
"
    );
    // The premise's tag names no kind: it is left out, and said at the tag.
    assert_eq!(lines(&imported), [(7, 39)]);
    assert!(
        imported.problems[0]
            .message
            .contains("the tag #empirical names no kind")
    );
    let map = &imported.map;
    assert_eq!(
        statement(map, "No harm").text,
        "The state should not ban what harms no one else."
    );
    // An untitled statement's id is made from its words (not its place, Argdown's "Untitled
    // N", which a statement added above would change), and the tag is not in the text.
    assert_eq!(
        statement(map, "Soft drugs harm only their users.").id,
        "soft-drugs-harm-only-their-users"
    );
}

#[test]
fn an_undercut_under_an_inference_undercuts_the_argument() {
    let imported = import("undercut.argdown");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Legal
  claim Poll
    claim Most people want legal soft drugs.
    undercut Ad populum
"
    );
    let map = &imported.map;
    let undercut = map.preorder().find(|&id| map.node(id).undercut).unwrap();
    assert_eq!(map.node(undercut).kind, Kind::Objection);
}

#[test]
fn headings_title_the_map_and_tags_leave_the_text() {
    let imported = import("headings.argdown");
    let map = &imported.map;
    assert_eq!(map.meta.title, "Drug policy");
    assert_eq!(statement(map, "T").text, "Soft drugs should be legal.");
    assert_eq!(statement(map, "Harm").text, "They harm users.");
    // Tags that name no kind are left out, in one warning at the first, naming them all.
    assert_eq!(lines(&imported), [(1, 15)]);
    assert!(
        imported.problems[0]
            .message
            .contains("the tags #policy, #main, #(core claim), #pro and #con name no kind"),
        "{}",
        imported.problems[0].message
    );
}

#[test]
fn data_gives_quote_and_source_and_quote_lines_count_too() {
    let imported = import("data.argdown");
    let map = &imported.map;
    let harm = statement(map, "Harm");
    assert_eq!(harm.text, "Drugs harm users.");
    assert_eq!(harm.quote, "Users were harmed.");
    assert_eq!(harm.url, "https://example.org/study");
    let liberty = statement(map, "Liberty");
    assert_eq!(liberty.url, "Mill 1859");
    assert_eq!(liberty.text, "People are free.");
    let quoted = statement(map, "Quoted");
    assert_eq!(quoted.quote, "Prohibition never worked.");
    assert_eq!(quoted.text, "Prohibition failed.");
    // `credence` has no place in the map: said, at its brace.
    assert_eq!(lines(&imported), [(4, 5)]);
    assert!(imported.problems[0].message.contains("`credence`"));
}

#[test]
fn a_citation_and_a_web_address_given_both_are_both_kept() {
    let text = "[A]: a {source: \"Smith 2020\", url: \"https://doi.org/10.1/x\"}\n";
    let imported = argdown::parse(text, "f.argdown");
    assert_eq!(
        statement(&imported.map, "A").url,
        "Smith 2020, https://doi.org/10.1/x"
    );
}

#[test]
fn a_links_address_in_a_text_is_kept_as_the_statements_source() {
    let text = "[A]: The office passes on messages, see [the policy](https://example.org/policy). {source: \"Smith 2020\"}\n";
    let imported = argdown::parse(text, "f.argdown");
    let a = statement(&imported.map, "A");
    assert_eq!(a.text, "The office passes on messages, see the policy.");
    assert_eq!(a.url, "Smith 2020, https://example.org/policy");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn a_source_in_the_front_matter_written_on_one_line_is_kept() {
    let map = |source: &str| {
        argdown::parse(
            &format!("===\nsource: {source}\n===\n\n[A]: a\n"),
            "f.argdown",
        )
        .map
    };
    let cited = map("Smith 2020");
    assert_eq!(cited.meta.source.title, "Smith 2020");
    assert_eq!(cited.meta.source.url, "");
    let linked = map("https://example.org/essay");
    assert_eq!(linked.meta.source.url, "https://example.org/essay");
    assert_eq!(linked.meta.source.title, "");
}

#[test]
fn a_front_matter_value_keeps_its_commas_and_a_colon_in_it_is_kept_with_a_warning() {
    let text = "===\ntitle: Homework: a debate\nauthor: Ms. Ortiz, Year 9 # the class teacher\n===\n\n[A]: a\n";
    let imported = argdown::parse(text, "f.argdown");
    assert_eq!(imported.map.meta.title, "Homework: a debate");
    assert_eq!(imported.map.meta.author, "Ms. Ortiz, Year 9");
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "f.argdown:2:1: front matter: \"Homework: a debate\" holds \": \", which YAML (and so Argdown) refuses in a value without quotes; argscope reads it whole; write it in quotes"
        ]
    );
}

#[test]
fn an_untitled_argument_among_several_theses_is_named_so_not_as_empty_quotes() {
    // A premise-conclusion structure without its inference line is an argument concluding
    // nothing: a thesis of its own.
    let text = "[T]: Homework should go.\n  + [R]: Pupils need play.\n\n(1) Pupils are tired.\n(2) Homework takes play time.\n";
    let imported = argdown::parse(text, "f.argdown");
    let theses = imported
        .problems
        .iter()
        .find(|p| p.message.starts_with("the file has 2 theses"))
        .unwrap_or_else(|| panic!("{:?}", imported.problems));
    assert!(
        theses
            .message
            .contains(": [T] (line 1), an untitled argument (line 4);"),
        "{}",
        theses.message
    );
}

#[test]
fn front_matter_gives_title_and_authors_and_strict_mode() {
    let imported = import("front-matter.argdown");
    let map = &imported.map;
    assert_eq!(map.meta.title, "Drug policy");
    assert_eq!(map.meta.author, "Ann Example, Bo Example");
    // Strict mode: a statement attacking a statement is contrary, shown under both ends.
    assert_eq!(
        outline(map),
        "\
thesis T
  objection T2
    objection ↪ T
"
    );
}

#[test]
fn comments_are_dropped_and_do_not_split_paragraphs() {
    let imported = import("comments.argdown");
    let map = &imported.map;
    assert_eq!(outline(map), "thesis T\n  claim A\n  claim B\n");
    assert_eq!(statement(map, "T").text, "Thesis text. More text.");
    assert_eq!(statement(map, "B").text, "See the site for more.");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn web_addresses_keep_their_double_slash_and_comments_after_a_blank_are_dropped() {
    let text = "\
[T]: See https://example.com/report for figures. // the 2024 one
// a line of comment
  + [A]: Mirrored at example.org//reports and ftp://files.example.org/r.pdf too.
";
    let imported = argdown::parse(text, "urls.argdown");
    assert_valid(&imported.map);
    assert_eq!(outline(&imported.map), "thesis T\n  claim A\n");
    assert_eq!(
        statement(&imported.map, "T").text,
        "See https://example.com/report for figures."
    );
    assert_eq!(
        statement(&imported.map, "A").text,
        "Mirrored at example.org//reports and ftp://files.example.org/r.pdf too."
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn a_conclusion_that_contradicts_what_its_argument_attacks_shows_there_once() {
    // The argument attacks [T], so its conclusion does; that conclusion also contradicts [T].
    let text = "\
[T]: Censorship is not wrong in principle.
  - <Free speech>: Censorship violates free speech.

<Free speech>

(1) Everyone has the right to free speech.
----
(2) [No censorship]: Censorship is wrong in principle.
  >< [T]
";
    let imported = argdown::parse(text, "contra.argdown");
    assert_valid(&imported.map);
    assert_eq!(
        outline(&imported.map),
        "\
thesis T
  objection No censorship
    claim Free speech
      claim Everyone has the right to free speech.
    objection ↪ T
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn a_file_in_another_format_read_as_argdown_says_what_it_looks_like() {
    // `--from argdown` on an AIF file: any text is Argdown, so the reason comes first.
    let aif =
        "{\"nodes\": [{\"nodeID\": \"1\", \"text\": \"A\", \"type\": \"I\"}], \"edges\": []}\n";
    let imported = argdown::parse(aif, "ova.json");
    assert_eq!(
        imported.problems[0].to_string(),
        "ova.json:1:1: this file is read as Argdown, but its content looks like the AIF JSON format: leave out --from to read it so, or name its format with --from"
    );
    let kialo = "Discussion Name:\nUniforms\n\n1. Thesis:\n  Uniforms help.\n";
    let imported = argdown::parse(kialo, "k.txt");
    assert!(
        imported.problems[0]
            .message
            .contains("the Kialo export format")
    );
    // A title such as `[2024]` could open a JSON list, but an Argdown file is Argdown.
    let imported = argdown::parse("[2024]: The budget passes.\n  + [B]: b\n", "b.argdown");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn syntax_errors_are_reported_by_line_and_the_rest_loads() {
    let imported = import("errors.argdown");
    assert_eq!(
        outline(&imported.map),
        "\
group errors.argdown
  thesis T
    claim A
  thesis [Open: this bracket never closes.
    claim Col0
      objection Bad
  thesis U
    claim V
  thesis Late
  thesis Preference is <number> here.
"
    );
    assert_eq!(
        lines(&imported),
        [(4, 3), (6, 1), (6, 1), (7, 1), (8, 17), (10, 15)]
    );
    assert!(
        imported
            .problems
            .iter()
            .all(|p| p.severity == Severity::Warning)
    );
    assert!(imported.problems[5].message.contains("<number>"));
    assert_eq!(
        statement(&imported.map, "Bad").text,
        "Data {source: \"unterminated}"
    );
}

#[test]
fn a_brace_never_closed_is_text_and_the_relation_lines_after_it_keep_their_places() {
    let text = "\
[A]: A thesis.
  + [B]: b {unclosed
    and more of b
    - <C>: c // a comment, dropped
  + [D]: d {source: \"Mill 1859,
      - not a relation, but data\"}
    - [E]: e
";
    let imported = argdown::parse(text, "braces.argdown");
    assert_valid(&imported.map);
    assert_eq!(
        outline(&imported.map),
        "\
thesis A
  claim B
    objection C
  claim D
    objection E
"
    );
    assert_eq!(
        statement(&imported.map, "B").text,
        "b {unclosed and more of b"
    );
    assert_eq!(statement(&imported.map, "C").text, "c");
    assert_eq!(lines(&imported), [(2, 12)]);
    assert!(imported.problems[0].message.contains("never closed with }"));
}

#[test]
fn a_quoted_string_in_data_folds_its_line_breaks_into_spaces_as_yaml_does() {
    let text = "[A]: a {source: \"Mill  \n     1859\", quote: 'Users were\n  harmed.'}\n";
    let imported = argdown::parse(text, "fold.argdown");
    let a = statement(&imported.map, "A");
    assert_eq!(
        (a.url.as_str(), a.quote.as_str()),
        ("Mill 1859", "Users were harmed.")
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn a_double_quoted_string_in_data_reads_unicode_escapes_as_yaml_does() {
    // As argscope writes a character that could drive a terminal; a broken escape stays text.
    let text = "[A]: a {source: \"caf\\u00e9 \\u2014 ok\", quote: \"\\u12 and \\uzzzz\"}\n";
    let imported = argdown::parse(text, "escapes.argdown");
    let a = statement(&imported.map, "A");
    assert_eq!(
        (a.url.as_str(), a.quote.as_str()),
        ("café — ok", "u12 and uzzzz")
    );
}

#[test]
fn braces_inside_a_quoted_data_string_are_text() {
    let text = "[A]: a {source: \"x } y\", quote: 'it''s { z'} after\n";
    let imported = argdown::parse(text, "quoted.argdown");
    let a = statement(&imported.map, "A");
    assert_eq!(
        (a.url.as_str(), a.quote.as_str(), a.text.as_str()),
        ("x } y", "it's { z", "a after")
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn crlf_lines_and_a_bom_read_like_plain_ones() {
    let imported = import("crlf.argdown");
    assert_eq!(
        outline(&imported.map),
        "thesis T\n  claim A\n  objection B\n"
    );
    assert_eq!(statement(&imported.map, "A").text, "Reason continues here.");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let imported = import("bom.argdown");
    assert_eq!(outline(&imported.map), "thesis T\n  claim A\n");
    assert_eq!(statement(&imported.map, "T").text, "Thesis after a BOM.");
}

#[test]
fn an_empty_file_is_refused_with_an_error_at_its_start() {
    let imported = import("empty.argdown");
    assert_eq!(imported.problems.len(), 1);
    let problem = &imported.problems[0];
    assert_eq!(problem.severity, argscope::model::Severity::Error);
    assert_eq!(problem.place.line_col, Some((1, 1)));
    assert_eq!(
        problem.message,
        "the file is empty; write a statement in it, such as `[Title]: The claim.`, or open the map file meant"
    );
}

#[test]
fn several_theses_stand_side_by_side_in_a_group_with_the_loose_statements() {
    // Neither thesis is shown supporting anything: the group bears on nothing, and so does
    // what it holds.
    let imported = import("multi.argdown");
    assert_eq!(
        outline(&imported.map),
        "\
group multi.argdown
  thesis A
    claim A1
  thesis B
    objection B1
  thesis Lonely
"
    );
    // Said at the second thesis, where the file goes on past the first.
    assert_eq!(lines(&imported), [(4, 1)]);
}

#[test]
fn a_question_in_the_front_matter_makes_the_theses_its_options() {
    let imported = import("question.argdown");
    assert_eq!(
        outline(&imported.map),
        "\
question When should school start?
  thesis Early
    claim Habit
  thesis Late
    claim Sleep
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn contradictory_statements_show_under_each_other() {
    let imported = import("contradict.argdown");
    assert_eq!(
        outline(&imported.map),
        "thesis T\n  claim A\n  objection T2\n    objection ↪ T\n"
    );
}

#[test]
fn a_reference_always_points_at_a_full_statement() {
    for name in ["relations.argdown", "equivalence.argdown", "cycle.argdown"] {
        let map = import(name).map;
        for id in map.preorder() {
            if let Body::Ref(target) = map.node(id).body {
                assert!(!map.is_ref(target), "{name}");
            }
        }
    }
}

/// A chain 100,000 statements long is read in a 2 MB stack (no walk recurses), and read at
/// once: a walk that went back up the chain for each statement would not finish.
#[test]
fn a_chain_of_100000_statements_neither_overflows_nor_crawls() {
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(&format!("[s{i}]: Statement {i}.\n  + [s{}]\n\n", i + 1));
    }
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let imported = argdown::parse(&text, "chain.argdown");
            let deepest = imported.map.depth(argscope::model::NodeId(100_000));
            (imported.map.len(), deepest)
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), (100_001, 100_000));
}

#[test]
fn deep_indentation_neither_overflows_nor_crawls() {
    let mut text = String::from("[t]: Root.\n");
    for i in 1..3_000 {
        text.push_str(&format!("{}+ Level {i}.\n", " ".repeat(i)));
    }
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || argdown::parse(&text, "deep.argdown"))
        .unwrap();
    let imported = handle.join().unwrap();
    assert_eq!(imported.map.len(), 3_000);
    assert_eq!(imported.map.depth(argscope::model::NodeId(2_999)), 2_999);
    assert!(imported.problems.is_empty());
}

#[test]
fn argdown_json_reads_into_the_same_tree() {
    let imported = argdown::parse_json(&fixture("export.json"), "export.json");
    assert_valid(&imported.map);
    assert_eq!(
        outline(&imported.map),
        "\
thesis Legal
  claim No harm
    claim Harm principle
    claim Soft drugs harm only their users.
  objection Gateway
    undercut Correlation
"
    );
    let map = &imported.map;
    assert_eq!(map.meta.title, "Drug policy");
    let legal = statement(map, "Legal");
    assert_eq!(legal.text, "Soft drugs should be legal.");
    assert_eq!(
        (legal.quote.as_str(), legal.url.as_str()),
        ("Legalise it.", "https://example.org")
    );
    assert_eq!(
        statement(map, "Gateway").text,
        "Soft drugs lead to hard ones."
    );
    assert_eq!(
        statement(map, "No harm").text,
        "The state should not ban what harms no one else."
    );
    // The tag that names no kind is left out with a word, as from the Argdown text; the
    // relation from an argument the file does not have is reported and skipped.
    assert_eq!(imported.problems.len(), 2, "{:?}", imported.problems);
    assert!(imported.problems[0].message.contains("#liberal"));
    assert!(imported.problems[1].message.contains("Nobody"));
    assert_eq!(imported.problems[1].place.line_col, Some((47, 5)));
}

#[test]
fn a_relation_argdown_json_cannot_read_is_reported_at_its_place_saying_why() {
    let text = r#"{
  "statements": {
    "Ban": {"title": "Ban", "members": [{"text": "Homework should be banned.", "startLine": 1}]},
    "Sleep": {"title": "Sleep", "members": [{"text": "Pupils need sleep.", "startLine": 2}]}
  },
  "arguments": {},
  "relations": [
    {"from": "Sleep", "to": "Ban", "relationType": "support", "fromType": "statement", "toType": "statement"},
    {"from": "Practice", "to": "Ban", "relationType": "attack", "fromType": "statement", "toType": "statement"},
    {"from": "Sleep", "to": "Ban", "relationType": "supports", "fromType": "statement", "toType": "statement"},
    {"from": "Sleep", "to": "Ban"},
    {"to": "Ban", "relationType": "attack"}
  ]
}"#;
    let imported = argdown::parse_json(text, "ad.json");
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "ad.json:9:5: this relation's \"from\" names the statement \"Practice\", which the file does not define; it is skipped (correct the title or add the statement)",
            "ad.json:10:5: this relation's type \"supports\" is none Argdown writes (support, attack, undercut, contrary, contradictory, entails); it is skipped",
            "ad.json:11:5: this relation has no \"relationType\" (support, attack, undercut, contrary, contradictory or entails); it is skipped",
            "ad.json:12:5: this relation has no \"from\" naming a statement or argument (a title, as a string); it is skipped",
        ]
    );
}

#[test]
fn json_that_is_not_argdown_gives_a_root_and_a_problem_with_its_line() {
    let imported = argdown::parse_json("{\n  \"statements\": [1,\n", "bad.json");
    assert_valid(&imported.map);
    assert_eq!(imported.problems[0].place.line_col.map(|l| l.0), Some(3));
    let imported = argdown::parse_json("[1, 2]", "list.json");
    assert_valid(&imported.map);
    assert!(!imported.problems.is_empty());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let imported = argdown::parse_json(&deep, "deep.json");
    assert_valid(&imported.map);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Every fixture, as a pool of valid Argdown to mutate.
    fn corpus() -> Vec<String> {
        let dir = format!("{}/tests/fixtures/argdown", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".argdown"))
            .collect();
        names.sort();
        names.iter().map(|n| fixture(n)).collect()
    }

    /// Pieces of Argdown syntax, so random text hits the parser's branches.
    fn tokens() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(vec![
                "[",
                "]",
                "<",
                ">",
                "[T]: ",
                "<A>: ",
                "[T]",
                "<A>",
                "\n",
                "\n\n",
                "\r\n",
                "  ",
                "\t",
                "+ ",
                "- ",
                "_ ",
                "<+ ",
                "<- ",
                "<_ ",
                "+> ",
                "-> ",
                "_> ",
                ">< ",
                "(1) ",
                "(2) ",
                "----",
                "--",
                "-- rule --",
                "# ",
                "## H",
                "#tag",
                "#(a b)",
                "{",
                "}",
                "{a: b}",
                "{quote: \"q\", source: s}",
                "{\n",
                "\"",
                "'",
                "===",
                ":",
                ",",
                "//",
                "/*",
                "*/",
                "<!--",
                "-->",
                "\\",
                "@[T]",
                "[t](u)",
                "**",
                "_",
                "* ",
                "1. ",
                "> ",
                "é",
                "漢",
                "\u{feff}",
                "\u{1b}",
            ])
            .prop_map(str::to_string),
            "[a-z .]{0,8}",
        ]
    }

    fn check(text: &str) {
        let imported = argdown::parse(text, "p.argdown");
        assert_valid(&imported.map);
        let map = &imported.map;
        for id in map.preorder() {
            if let Body::Ref(target) = map.node(id).body {
                assert!(!map.is_ref(target));
            }
        }
        // Any text opens, with warnings; but none (white space alone) is refused, as in every
        // format.
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            let severities: Vec<Severity> = imported.problems.iter().map(|p| p.severity).collect();
            assert_eq!(severities, [Severity::Error]);
            return;
        }
        for problem in &imported.problems {
            assert_eq!(problem.severity, Severity::Warning);
        }
    }

    proptest! {
        #[test]
        fn any_text_loads_without_panicking(text in "\\PC{0,200}") {
            check(&text);
        }

        #[test]
        fn any_argdown_tokens_load_into_a_valid_map(parts in proptest::collection::vec(tokens(), 0..60)) {
            check(&parts.concat());
        }

        #[test]
        fn mutated_valid_files_load_into_a_valid_map(
            file in 0usize..100,
            edits in proptest::collection::vec((any::<proptest::sample::Index>(), 0usize..20, tokens()), 1..6),
        ) {
            let corpus = corpus();
            let mut text = corpus[file % corpus.len()].clone();
            for (at, cut, insert) in edits {
                let mut start = at.index(text.len() + 1);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, &insert);
            }
            check(&text);
        }

        #[test]
        fn any_json_loads_without_panicking(text in "\\PC{0,100}") {
            let imported = argdown::parse_json(&text, "p.json");
            assert_valid(&imported.map);
        }
    }
}

/// Lines that once made the reader look back over what it had read at every character: each
/// is read whole, into a valid map (a reader that grew with the square of them would not finish;
/// timings are for the benchmarks, not the tests).
#[test]
fn hostile_lines_are_read_whole_into_a_valid_map() {
    let n = 200_000;
    for text in [
        "[".repeat(n),
        "x <a".repeat(n),
        "{".repeat(n),
        "#(".repeat(n),
        "/*".repeat(n),
        "x [a] ".repeat(n / 5),
        format!("[T]: x\n{}", "  + y\n".repeat(n / 5)),
        "\"{".repeat(n),
    ] {
        let imported = argdown::parse(&text, "hostile.argdown");
        assert_valid(&imported.map);
        assert!(imported.problems.len() <= 501);
    }
}

#[test]
fn a_problem_is_tied_to_the_statement_written_on_or_above_its_line_so_w_can_go_there() {
    let text = "[T]: Thesis.\n  + [A]: A reason.\n  + [B]: A limit that is tagged on the wrong side. #caveat\n  + [C]: Another reason.\n";
    let imported = argdown::parse(text, "t.argdown");
    let map = &imported.map;
    assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
    let problem = &imported.problems[0];
    assert_eq!(problem.place.line_col.map(|(line, _)| line), Some(3));
    let node = problem.node.expect("tied to a node");
    assert_eq!(map.statement(node).label, "B");
}

#[test]
fn the_synthetic_root_and_group_take_their_ids_after_every_statement() {
    // A thesis and a statement named like the root and the group; then, in the larger file,
    // enough loose statements that the ids are handed out beside the layout, on a second core.
    for loose in [0, 25_000] {
        let mut text = String::from(
            "===\nquestion: Debate\n===\n\n[Debate]: Named like the root.\n  + [Other statements]: Named like the group.\n\n[B]: Second thesis.\n  - [B1]: Against it.\n\n[Lonely]: Related to nothing.\n",
        );
        for i in 0..loose {
            text.push_str(&format!("\n[Loose {i}]: Nothing relates to it.\n"));
        }
        let imported = argdown::parse(&text, "debate.argdown");
        assert_valid(&imported.map);
        let map = &imported.map;
        let id_of = |label: &str| {
            let id = map
                .preorder()
                .find(|&id| id != map.root && !map.is_ref(id) && map.statement(id).label == label)
                .unwrap_or_else(|| panic!("no statement {label:?}"));
            map.statement(id).id.clone()
        };
        assert_eq!(id_of("Debate"), "debate", "with {loose} loose statements");
        assert_eq!(map.statement(map.root).id, "debate-2");
        assert_eq!(id_of("Other statements"), "other-statements");
        let group = map.children(map.root).last().copied().unwrap();
        assert_eq!(map.statement(group).label, "Other statements");
        assert_eq!(map.statement(group).id, "other-statements-2");
    }
}

/// The rules an inference names ("-- Modus Ponens --", or the lines of an expanded one, without
/// its data) are the scheme of the argument it concludes, read alike from Argdown and from the
/// JSON `argdown json` writes of the same file. An intermediate inference's rules are not the
/// argument's, and `----` names none.
#[test]
fn the_rules_of_an_arguments_last_inference_are_its_scheme() {
    let schemes = |map: &ArgMap| -> Vec<(String, Option<String>)> {
        map.children(map.root)
            .iter()
            .map(|&id| {
                let scheme = map.scheme(id).map(str::to_string);
                (map.statement(id).label.clone(), scheme)
            })
            .collect()
    };
    let expected = [
        ("No harm".to_string(), Some("Modus Ponens".to_string())),
        (
            "Freedom".to_string(),
            Some("Modus ponens, Analogy".to_string()),
        ),
        ("Plain".to_string(), None),
    ];
    let from_text = import("rules.argdown");
    assert!(from_text.problems.is_empty(), "{:?}", from_text.problems);
    assert_eq!(schemes(&from_text.map), expected);
    let json = fixture("rules.json");
    assert_eq!(
        argscope::formats::detect::detect(&json),
        argscope::formats::detect::Format::ArgdownJson,
        "the file starts with arguments longer than the head detection reads"
    );
    let from_json = argdown::parse_json(&json, "rules.json");
    assert_valid(&from_json.map);
    assert_eq!(schemes(&from_json.map), expected);
}

#[test]
fn a_thesis_tagged_as_such_is_the_root_and_other_trees_go_under_other_statements() {
    // The warning about several theses says to tag the main one #thesis: doing so must
    // make it the root, not leave it as one of several under a synthetic one.
    let imported = import("thesis-tag.argdown");
    assert_eq!(
        outline(&imported.map),
        "\
thesis T
  claim Rest
  group Other statements
    thesis Side
      objection Stress
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn emphasis_markers_are_dropped_in_pairs_and_a_lone_one_is_text() {
    // A `_` in an address or a `*` never closed is part of what the author wrote.
    let imported = import("emphasis.argdown");
    let map = &imported.map;
    assert_eq!(
        statement(map, "T").text,
        "Sati is described at https://en.wikipedia.org/wiki/Sati_(practice) and in x_y_.pdf."
    );
    assert_eq!(
        statement(map, "A").text,
        "It is very well documented, and init matters."
    );
    assert_eq!(
        statement(map, "B").text,
        "Only 2 * 3 = 6 of the *sources agree."
    );
}

#[test]
fn data_the_map_has_no_place_for_is_named_once_a_key_where_first_given() {
    let imported = import("data-left-out.argdown");
    let said: Vec<(usize, usize, &str)> = imported
        .problems
        .iter()
        .map(|p| {
            let (line, col) = p.place.line_col.unwrap_or((0, 0));
            (line, col, p.message.as_str())
        })
        .collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert_eq!((said[0].0, said[0].1), (2, 32));
    assert!(said[0].2.starts_with("the data `year` has no place in argscope's map, so it is left out here (and once more further on);"), "{}", said[0].2);
    assert_eq!((said[1].0, said[1].1), (2, 32));
    assert!(said[1].2.contains("`page`"), "{}", said[1].2);
    // What it does read is kept.
    assert_eq!(statement(&imported.map, "Mill").url, "Mill 1859");
}

#[test]
fn a_list_in_data_is_one_key_left_out_not_one_a_item() {
    let text = "[A]: a {refs: [Mill, Bentham, Sidgwick], meta: {years: [1859, 1789]}}\n  + [B]: b {refs: [Hume]}\n";
    let imported = argdown::parse(text, "lists.argdown");
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].starts_with("lists.argdown:1:8: the data `refs` has no place in argscope's map, so it is left out here (and once more further on);"),
        "{}",
        said[0]
    );
    assert!(
        said[1].contains("the data `meta.years` has no place"),
        "{}",
        said[1]
    );
}

#[test]
fn argdown_json_data_the_map_cannot_hold_is_a_warning_a_key_at_its_place() {
    // As `argdown json` writes it: every member's data, and their union on the statement.
    let text = r#"{
  "statements": {
    "T": {"title": "T", "members": [{"text": "Soft drugs should be legal.", "startLine": 1,
          "data": {"isCanonical": true}}],
      "data": {"isCanonical": true, "color": "red"}},
    "Mill": {"title": "Mill", "members": [
        {"text": "Harm is the limit.", "startLine": 2, "data": {"source": "Mill 1859", "year": 1859}},
        {"text": " ", "isReference": true, "startLine": 5, "data": {"year": 1860}}],
      "data": {"source": "Mill 1859", "year": 1860, "meta": {"page": 22}}},
    "Bentham": {"title": "Bentham", "members": [{"text": "Utility decides.", "startLine": 3,
          "data": {"year": 1789}}],
      "data": {"year": 1789}}
  },
  "arguments": {},
  "relations": [
    {"from": "Mill", "to": "T", "relationType": "support", "fromType": "equivalence-class", "toType": "equivalence-class"},
    {"from": "Bentham", "to": "T", "relationType": "support", "fromType": "equivalence-class", "toType": "equivalence-class"}
  ]
}"#;
    let imported = argdown::parse_json(text, "ad.json");
    assert_valid(&imported.map);
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "ad.json:9:39: the data `year` has no place in argscope's map, so it is left out here (and 2 times more further on); argscope reads only `quote`, `source`, `url`, `label`, `id` and `scheme` from data",
            "ad.json:9:53: the data `meta.page` has no place in argscope's map, so it is left out here; argscope reads only `quote`, `source`, `url`, `label`, `id` and `scheme` from data",
        ]
    );
    // What it does read is kept.
    assert_eq!(statement(&imported.map, "Mill").url, "Mill 1859");
}

#[test]
fn a_line_that_goes_back_between_two_depths_stands_beside_the_shallower_as_in_argdown() {
    // As the Argdown CLI reads it: [Sl] goes back from [R]'s depth to one no line has, and
    // stands beside [S], under [H]; [X], deeper than [Sl], hangs under it.
    let text = "[H]: Homework should be banned.\n  + [S]: Stress.\n      - [R]: Resilience.\n    - [Sl]: Sleep.\n    + [X]: Under sleep.\n  + [Y]: Beside.\n";
    let imported = argdown::parse(text, "depths.argdown");
    assert_eq!(
        outline(&imported.map),
        "thesis H\n  claim S\n    objection R\n  claim Y\n  objection Sl\n    claim X\n"
    );
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "depths.argdown:4:5: this relation line goes back to a depth no line above it has, between line 2, `+ [S]: Stress.` and line 3, `- [R]: Resilience.`, so Argdown reads it beside line 2, not under it; indent it as line 2 is to keep it there, or as line 3 is to hang it under line 2"
        ]
    );
    // With several levels between, the line to indent it as to hang it under [A] is [A]'s
    // child, [B], not the deepest.
    let text =
        "[T]: t.\n    + [A]: a.\n        - [B]: b.\n            + [C]: c.\n      + [D]: d.\n";
    let said = argdown::parse(text, "levels.argdown").problems;
    assert!(
        said[0]
            .message
            .contains("or as line 3 is to hang it under line 2"),
        "{}",
        said[0].message
    );
    // Nothing is left out: the line is read where Argdown reads it.
    assert_eq!(said[0].loss, argscope::model::problem::Loss::Nothing);
    // Back to less deep than every relation line, yet deeper than the head: the Argdown CLI
    // refuses it; it is read under the head, and said.
    let text = "[T]: Thesis.\n    + [A]: A reason.\n  - [D]: Dedented.\n";
    let imported = argdown::parse(text, "below.argdown");
    assert_eq!(
        outline(&imported.map),
        "thesis T\n  claim A\n  objection D\n"
    );
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 1);
    assert!(
        said[0].starts_with("below.argdown:3:3: this relation line goes back less deep than every relation line above it")
            && said[0].contains("refuses as a syntax error")
            && said[0].contains("indent it by 4 spaces, as line 2"),
        "{}",
        said[0]
    );
}

#[test]
fn relations_under_a_list_item_hang_under_it_until_the_next_item() {
    // As the Argdown CLI reads it: a list item is a statement, and relations may hang under it.
    let text = "[T]: Thesis.\n  + <L1>: First item.\n  - [L2]\n  + [L3]\n\n* <L1>\n  + [X]: Support for one,\n    said on two lines.\n  - [Y]: Attack on one.\n* [L2]: Second item.\n  - [Z]: Attack on two.\n\n1. [L3]: Numbered item.\n";
    let imported = argdown::parse(text, "list.argdown");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(
        outline(&imported.map),
        "thesis T\n  claim L1\n    claim X\n    objection Y\n  claim L3\n  objection L2\n    objection Z\n"
    );
    // A relation line not indented below the item it follows is said to be read under that
    // item, as it is.
    let nested = argdown::parse(
        "* [A]: a.\n  * [B]: b.\n    + [C]: c.\n  - [D]: d.\n",
        "n.argdown",
    );
    assert!(
        (nested.problems.iter()).any(|p| p.message.contains("read under line 2, `* [B]: b.`")),
        "{:?}",
        nested.problems
    );
    assert!(outline(&nested.map).contains("thesis B\n  claim C\n  objection D\n"));
    // The item after a relation is an item, not more of the relation's text.
    assert_eq!(
        statement(&imported.map, "X").text,
        "Support for one, said on two lines."
    );
    assert_eq!(statement(&imported.map, "Z").text, "Attack on two.");
}

#[test]
fn a_tab_beside_spaces_that_moves_a_line_from_where_an_editor_shows_it_is_a_warning() {
    // B shows under A in an editor (a tab reaches column 4), but Argdown counts the tab as
    // one space, so B is read beside A: said at B's line.
    let text = "[T]: Thesis.\n  + [A]: A reason.\n\t- [B]: Against A.\n";
    let imported = argdown::parse(text, "mix.argdown");
    assert_eq!(
        outline(&imported.map),
        "thesis T\n  claim A\n  objection B\n"
    );
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("mix.argdown:3:1: this line mixes tabs and spaces with line 2 above")
            && said[0].contains("does not read this line under that one"),
        "{}",
        said[0]
    );
    // The other way: read under A, shown beside it.
    let text = "[T]: Thesis.\n\t+ [A]: A reason.\n  - [B]: Against T.\n";
    let said = argdown::parse(text, "mix.argdown").problems;
    assert_eq!(said.len(), 1);
    assert!(said[0].message.contains("reads this line under that one"));
    // Tabs throughout, or a mix an editor shows as Argdown reads it, are no problem.
    for fine in [
        "[T]: Thesis.\n\t+ [A]: A reason.\n\t\t- [B]: Against A.\n\t+ [C]: More.\n",
        "[T]: Thesis.\n  + [A]: A reason.\n\t\t\t- [B]: Against A.\n",
    ] {
        let problems = argdown::parse(fine, "fine.argdown").problems;
        assert!(problems.is_empty(), "{fine:?}: {problems:?}");
    }
}

#[test]
fn argdown_json_tags_that_name_no_kind_are_one_warning_at_the_first() {
    let text = r#"{
  "statements": {
    "T": {"title": "T", "members": [{"text": "Soft drugs should be legal.", "startLine": 1}]},
    "Cost": {"title": "Cost", "members": [{"text": "Policing costs.", "startLine": 2}],
      "tags": ["economy", "caveat"]},
    "Tax": {"title": "Tax", "members": [{"text": "Taxes pay.", "startLine": 3}],
      "tags": ["economy"]}
  },
  "arguments": {},
  "relations": [
    {"from": "Cost", "to": "T", "relationType": "attack", "fromType": "equivalence-class", "toType": "equivalence-class"},
    {"from": "Tax", "to": "T", "relationType": "support", "fromType": "equivalence-class", "toType": "equivalence-class"}
  ]
}"#;
    let imported = argdown::parse_json(text, "ad.json");
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("ad.json:5:7: the tag #economy (2 times) names no kind"),
        "{}",
        said[0]
    );
    // The tag that names a kind is read.
    assert!(
        outline(&imported.map).contains("caveat Cost"),
        "{}",
        outline(&imported.map)
    );
}

#[test]
fn front_matter_metadata_the_map_cannot_hold_is_named_in_one_warning() {
    // Argdown's own settings (color, map) are about its drawing and go unsaid.
    let imported = import("front-matter-metadata.argdown");
    assert_eq!(imported.map.meta.title, "Homework");
    assert_eq!(imported.map.meta.author, "Ms. Keller");
    assert_eq!(lines(&imported), [(3, 1)]);
    assert_eq!(
        imported.problems[0].message,
        "front matter: `subTitle`, `date` and `abstract` have no place in argscope's map, which keeps a document's `title`, `author` and `source`, so they are left out"
    );
}

#[test]
fn markdown_style_front_matter_fenced_with_dashes_is_read_as_front_matter() {
    // Written from Markdown habit: before, `---` was read as an inference line and the
    // title became the "scheme" of an untitled statement.
    let text =
        "---\ntitle: Homework\nauthor: Ms. Keller\n---\n\n[T]: The thesis.\n  + [R]: A reason.\n";
    let imported = argdown::parse(text, "dashes.argdown");
    assert_valid(&imported.map);
    assert_eq!(imported.map.meta.title, "Homework");
    assert_eq!(imported.map.meta.author, "Ms. Keller");
    assert_eq!(outline(&imported.map), "thesis T\n  claim R\n");
    assert_eq!(lines(&imported), [(1, 1)]);
    assert!(
        imported.problems[0]
            .message
            .starts_with("Argdown's front matter is fenced with ===, not ---"),
        "{}",
        imported.problems[0].message
    );
    assert!(!imported.problems[0].incomplete());
}

#[test]
fn a_dashes_line_before_statements_is_still_an_inference_line() {
    // No YAML between the dashes: an argument's inference, written too early, as before.
    let text = "---\n(1) [P]: A premise.\n---\n(2) [C]: So this.\n";
    let imported = argdown::parse(text, "early.argdown");
    assert!(
        imported.problems[0]
            .message
            .starts_with("a premise-conclusion structure starts with its first premise"),
        "{:?}",
        imported.problems
    );
    // Nothing was taken for front matter.
    assert!(imported.map.meta.title.is_empty());
    assert!(
        !imported
            .problems
            .iter()
            .any(|p| p.message.contains("front matter")),
        "{:?}",
        imported.problems
    );
}

/// `argdown json` output where the statements "Harm" and "Cost", both supporting "T", have the
/// `members` given (on lines 4 and 5): the map read, valid, and what was said about it, which
/// is only warnings.
fn argdown_json_with_members(harm: &str, cost: &str) -> (Imported, Vec<String>) {
    let text = format!(
        r#"{{
  "statements": {{
    "T": {{"title": "T", "members": [{{"text": "Soft drugs should be legal.", "startLine": 1}}]}},
    "Harm": {{"title": "Harm", "members": {harm}}},
    "Cost": {{"title": "Cost", "members": {cost}}}
  }},
  "arguments": {{}},
  "relations": [
    {{"from": "Harm", "to": "T", "relationType": "support", "fromType": "equivalence-class", "toType": "equivalence-class"}},
    {{"from": "Cost", "to": "T", "relationType": "support", "fromType": "equivalence-class", "toType": "equivalence-class"}}
  ]
}}"#
    );
    let imported = argdown::parse_json(&text, "ad.json");
    assert_valid(&imported.map);
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert!(
        imported
            .problems
            .iter()
            .all(|p| p.severity == Severity::Warning),
        "{said:?}"
    );
    (imported, said)
}

/// A statement's `members` hold its texts; written as something else than a list, the statement
/// still opens by its title, and a warning says where and why its text is missing.
#[test]
fn argdown_json_members_that_are_no_list_are_a_warning_at_their_place() {
    let (imported, said) = argdown_json_with_members(
        r#"{"text": "They harm no one but the user."}"#,
        r#""Prohibition costs more than it saves.""#,
    );
    assert_eq!(
        said,
        [
            "ad.json:4:31: the \"members\" of the statement \"Harm\" is an object, not the list of its texts `argdown json` writes ([{\"text\": \"…\"}]), so the statement has no text here but its title",
            "ad.json:5:31: the \"members\" of the statement \"Cost\" is a string, not the list of its texts `argdown json` writes ([{\"text\": \"…\"}]), so the statement has no text here but its title",
        ]
    );
    // The map still opens, each statement under its title.
    let labels: Vec<&str> = imported
        .map
        .preorder_with_depth()
        .map(|(id, _)| imported.map.statement(id).label.as_str())
        .collect();
    assert_eq!(labels, ["T", "Harm", "Cost"]);
}

/// A member of a statement's `members` is an object holding one of its texts; one written as
/// something else (a bare string, a number) is left out with a warning at its place, and the
/// members beside it still give their texts.
#[test]
fn argdown_json_members_that_are_no_objects_are_a_warning_at_their_place() {
    let (imported, said) = argdown_json_with_members(
        r#"["They harm no one but the user.", {"text": "Users harm only themselves."}]"#,
        "[42, null]",
    );
    assert_eq!(
        said,
        [
            "ad.json:4:43: a member of the statement \"Harm\" is a string, not an object with its text as `argdown json` writes it ({\"text\": \"…\"}), so it is left out",
            "ad.json:5:43: 2 members of the statement \"Cost\" are not objects with their text as `argdown json` writes them ({\"text\": \"…\"}) (the first is a number), so they are left out and the statement has no text here but its title",
        ]
    );
    // The map still opens: the member that is an object gives its text.
    let shown: Vec<(&str, &str)> = imported
        .map
        .preorder_with_depth()
        .map(|(id, _)| {
            let statement = imported.map.statement(id);
            (statement.label.as_str(), statement.text.as_str())
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("T", "Soft drugs should be legal."),
            ("Harm", "Users harm only themselves."),
            ("Cost", ""),
        ]
    );
}

/// Prose with no Argdown in it gets a warning that it was read as plain statements; a map that
/// uses any of Argdown's syntax, however little, gets none.
#[test]
fn only_a_file_without_any_argdown_syntax_is_told_so() {
    let said = |text: &str| -> Vec<String> {
        (argdown::parse(text, "notes.txt").problems.iter())
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(
        said("Read chapter two before Tuesday.\n"),
        [
            "notes.txt:1:1: notes.txt has no Argdown syntax (no [titles], relations or headings), so it was read as one statement; write the map in Argdown, or open a JSON, Kialo, AIF or OPML file"
        ]
    );
    let maps = [
        "[Legal]: Soft drugs should be legal.\n",
        "<Harm>: They harm no one but the user.\n",
        "Soft drugs should be legal.\n  + They harm no one but the user.\n",
        "# Drug policy\n\nSoft drugs should be legal.\n",
        "===\ntitle: Drug policy\n===\n\nSoft drugs should be legal.\n",
        "(1) Drugs harm only their users.\n----\n(2) Soft drugs should be legal.\n",
        "",
        "// only a comment\n",
        // Argdown gone wrong has warnings of its own.
        "[Legal: Soft drugs should be legal.\n",
    ];
    for text in maps {
        assert!(
            !said(text).iter().any(|p| p.contains("no Argdown syntax")),
            "{text:?}: {:?}",
            said(text)
        );
    }
}

#[test]
fn data_written_without_a_space_after_its_colon_says_to_put_one_there() {
    // It said "the data `source:"Smith 2020"` has no place in argscope's map", as if `source`
    // were not read; and `credence:0.8` was named `credence:0`.
    let text = "[T]: Thesis. {source:\"Smith 2020\", quote: \"nightly arguments\"}\n  + [A]: a. {credence:0.8}\n";
    let imported = argdown::parse(text, "data.argdown");
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "data.argdown:1:14: the data `source:\"Smith 2020\"` has no space after its colon, so it is read as one word, not a key and its value, and left out here; write `source: \"Smith 2020\"`, with a space after the colon",
            "data.argdown:2:13: the data `credence:0.8` has no space after its colon, so it is read as one word, not a key and its value, and left out here; write `credence: 0.8`, with a space after the colon",
        ]
    );
    // Written as it says, the source is read.
    let fixed = argdown::parse(&text.replace("source:\"", "source: \""), "data.argdown");
    assert_eq!(statement(&fixed.map, "T").url, "Smith 2020");
}

#[test]
fn a_relation_line_at_column_0_says_which_line_it_is_read_under_and_how_to_indent_it() {
    // It said only "it is read as one level deeper", not deeper than what, while C went under B.
    let text = "[T]: Thesis.\n  + [A]: a.\n- [B]: b.\n  - [C]: c.\n";
    let imported = argdown::parse(text, "col0.argdown");
    assert_eq!(
        outline(&imported.map),
        "thesis T\n  claim A\n  objection B\n    objection C\n"
    );
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "col0.argdown:3:1: a relation line must be indented below the statement it belongs to; this one is not, so it is read under line 1, `[T]: Thesis.`, and the relation lines after it indented more are read under it; indent it by 2 spaces, as line 2, `+ [A]: a.`, is, to put it beside that line"
        ]
    );
    // First under its statement, with nothing beside it: two spaces more than that statement.
    let first = argdown::parse("Thesis without a title.\n- [B]: b.\n", "first.argdown");
    assert_eq!(
        first.problems[0].to_string(),
        "first.argdown:2:1: a relation line must be indented below the statement it belongs to; this one is not, so it is read under line 1, `Thesis without a title.`, and the relation lines after it indented more are read under it; indent it by 2 spaces"
    );
}

/// A relation line written between an expanded inference's two `--` lines was taken for a
/// rule name: the scheme read "Modus ponens, <_ <Silent>: …" and the undercut was gone without a
/// word (Argdown reports a syntax error there). It is read as it would be below the closing
/// `--`, with a warning at its line and column saying where it belongs.
#[test]
fn a_relation_line_inside_an_expanded_inference_is_read_on_the_inference_with_a_warning() {
    let text = "[Ban]: Smartphones should be banned in class.\n\n<Distraction>: Phones distract students.\n\n(1) Phones ring and buzz during lessons.\n(2) Anything that distracts should be banned in class.\n--\nModus ponens\n  <_ <Silent>: Phones can be set to silent mode.\n--\n(3) [Ban]\n";
    let imported = argdown::parse(text, "pcs.argdown");
    assert_valid(&imported.map);
    let map = &imported.map;
    assert_eq!(
        outline(map),
        "\
thesis Ban
  claim Distraction
    claim Phones ring and buzz during lessons.
    claim Anything that distracts should be banned in class.
    undercut Silent
"
    );
    let distraction = map
        .preorder()
        .find(|&id| map.statement(id).label == "Distraction")
        .unwrap();
    assert_eq!(map.scheme(distraction), Some("Modus ponens"));
    let said: Vec<(Option<(usize, usize)>, &str)> = (imported.problems.iter())
        .map(|p| (p.place.line_col, p.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [(
            Some((9, 3)),
            "a relation line cannot stand inside an inference, between its two -- lines (Argdown reports a syntax error there); it is read as bearing on the inference, as it would be below the closing -- on line 10: move it there, indented"
        )]
    );
    // Unclosed, the inference says so, and the relation line is still no rule name.
    let unclosed = text.replace("--\n(3) [Ban]\n", "");
    let imported = argdown::parse(&unclosed, "pcs.argdown");
    assert_valid(&imported.map);
    let messages: Vec<&str> = (imported.problems.iter())
        .map(|p| p.message.as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.ends_with(
            "as it would be below a closing --: close the inference with -- above it, and indent it below that"
        )),
        "{messages:?}"
    );
    assert!(
        !(imported.map.preorder()).any(|id| imported
            .map
            .scheme(id)
            .is_some_and(|s| s.contains("Silent"))),
        "{}",
        outline(&imported.map)
    );
}

/// A quote line kept its quotation marks and the citation after them as the quote, which could
/// then never be found in the source document: the words inside the marks are the quote, and
/// what follows them is where the words come from.
#[test]
fn a_quote_lines_citation_is_its_source_and_its_quotation_marks_are_not_quoted() {
    let text = "[Open]: Universities exist to test ideas.\n  > \"A university is a place where ideas are tested\" (Mill 1859)\n  + [Family]: Homework crowds out family time.\n    > “Families reported less time together,” the survey said.\n  + [Sleep]: Students lose sleep.\n    > \"Teens slept less.\"\n  - [Data]: The survey was small.\n    > \"Only 40 families replied\" (Lee 2020)\n    {source: \"Lee 2020, p. 3\"}\n";
    let imported = argdown::parse(text, "quotes.argdown");
    assert_valid(&imported.map);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let map = &imported.map;
    let said = |label: &str| {
        let s = statement(map, label);
        (s.quote.as_str(), s.url.as_str())
    };
    assert_eq!(
        said("Open"),
        (
            "A university is a place where ideas are tested",
            "Mill 1859"
        )
    );
    assert_eq!(
        said("Family"),
        ("Families reported less time together", "the survey said")
    );
    assert_eq!(said("Sleep"), ("Teens slept less.", ""));
    // Data given with the quote names its source exactly.
    assert_eq!(said("Data"), ("Only 40 families replied", "Lee 2020, p. 3"));
}

/// Notes are kept under ids: an untitled statement's id comes from its words, so a statement
/// added above it (while the map is open, or between two seminars) leaves its notes where
/// they were. Numbered by place, every note below would have moved to its neighbour.
#[test]
fn an_untitled_statements_id_comes_from_its_words_not_its_place() {
    let before = "[T]: Thesis. #thesis\n  + First untitled point.\n  + Second untitled point.\n";
    let after = "[T]: Thesis. #thesis\n  + A newly added point.\n  + First untitled point.\n  + Second untitled point.\n";
    let id_of = |text: &str, words: &str| {
        let map = argdown::parse(text, "a.argdown").map;
        let id = map
            .preorder()
            .find(|&id| map.statement(id).text == words || map.statement(id).label == words)
            .unwrap_or_else(|| panic!("no statement {words:?}"));
        map.statement(id).id.clone()
    };
    for words in ["First untitled point.", "Second untitled point."] {
        assert_eq!(id_of(before, words), id_of(after, words), "{words}");
    }
    assert_eq!(
        id_of(before, "First untitled point."),
        "first-untitled-point"
    );
}

#[test]
fn a_title_starting_with_a_dash_is_read_with_a_warning_the_argdown_tools_read_it_as_text() {
    let imported = argdown::parse("[T]: Thesis.\n  - [- dash title]: Text.\n", "d.argdown");
    assert_valid(&imported.map);
    assert_eq!(
        outline(&imported.map),
        "thesis T\n  objection - dash title\n"
    );
    assert_eq!(lines(&imported), [(2, 5)]);
    assert!(
        imported.problems[0].message.contains("\"[ - dash title]\""),
        "{:?}",
        imported.problems
    );
    // With a space after the `[`, the tools read the title too: no warning.
    let spaced = argdown::parse("[T]: Thesis.\n  - [ - dash title]: Text.\n", "d.argdown");
    assert!(spaced.problems.is_empty(), "{:?}", spaced.problems);
}

#[test]
fn the_several_theses_warning_counts_and_orders_them_as_the_group_shows_them() {
    let text = "[T]: Uniforms are good.\n\n[A]: Cost matters.\n  + [B]: They are cheap.\n\n[C]: Comfort matters.\n  - [D]: They are itchy.\n\n[E]: Unrelated.\n";
    let imported = argdown::parse(text, "f.argdown");
    let group: Vec<String> = (imported.map.children(imported.map.root).iter())
        .map(|&id| imported.map.statement(id).label.clone())
        .collect();
    assert_eq!(group, ["A", "C", "T", "E"]);
    let warning = &imported.problems[0].message;
    assert!(
        warning.contains(
            "has 4 theses (statements that bear on nothing else): [A] (line 3), [C] (line 6), [T] (line 1), [E] (line 9);"
        ),
        "{warning}"
    );
}

#[test]
fn kind_tags_are_read_in_any_letters() {
    let imported = argdown::parse(
        "[T]: Thesis.\n  - [C]: Only in cities. #Caveat\n  + [E]: A study. #EVIDENCE\n",
        "k.argdown",
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(
        outline(&imported.map),
        "thesis T\n  evidence E\n  caveat C\n"
    );
}

#[test]
fn text_right_below_a_heading_is_part_of_it_and_a_statement_there_is_warned_of() {
    // As the Argdown tools read it: the line joins the heading, and is no second thesis.
    let text = "# Uniforms\n\n[T]: Uniforms are good.\n  - [C]: They cost.\n\n## Cons\nUniforms are itchy.\n";
    let imported = argdown::parse(text, "h.argdown");
    assert_eq!(outline(&imported.map), "thesis T\n  objection C\n");
    assert_eq!(lines(&imported), [(7, 1)]);
    assert!(
        imported.problems[0]
            .message
            .contains("leave a blank line after a heading"),
        "{:?}",
        imported.problems
    );
    // The tools refuse a statement right below a heading; argscope reads it and says so.
    let imported = argdown::parse("# Uniforms\n[U]: Uniforms are good.\n", "h.argdown");
    assert_eq!(outline(&imported.map), "thesis U\n");
    assert_eq!(imported.map.meta.title, "Uniforms");
    assert_eq!(lines(&imported), [(2, 1)]);
    assert!(
        imported.problems[0]
            .message
            .contains("leave a blank line after the heading")
    );
    // A heading's data on the line below it is no text.
    let data = argdown::parse("# Uniforms\n{isGroup: true}\n\n[U]: Good.\n", "h.argdown");
    assert!(
        !data.problems.iter().any(|p| p.message.contains("heading")),
        "{:?}",
        data.problems
    );
}

/// A heading right over an untitled thesis and its reasons (no blank line between, as students
/// write it) keeps the thesis, with a warning, rather than taking it into the heading.
#[test]
fn a_heading_right_over_a_thesis_with_reasons_leaves_the_thesis_in_place() {
    let imported = argdown::parse(
        "# Uniforms\nSchools should require uniforms.\n  + They are cheap.\n  - They limit expression.\n",
        "h.argdown",
    );
    assert_eq!(
        outline(&imported.map),
        "thesis Schools should require uniforms.\n  claim They are cheap.\n  objection They limit expression.\n"
    );
    assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
    assert!(
        imported.problems[0]
            .message
            .contains("leave a blank line after the heading")
    );
}

/// `#Thesis` names the thesis in any letters, as the other kind tags do, and is not said to be
/// left out.
#[test]
fn a_thesis_tag_in_capitals_is_read_without_a_warning() {
    let imported = argdown::parse(
        "[U]: Uniforms. #Thesis\n  + [C]: Cheap. #EVIDENCE\n",
        "t.argdown",
    );
    assert_eq!(outline(&imported.map), "thesis U\n  evidence C\n");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

/// `argdown json` writes a statement's words with the markup taken out and the escapes
/// resolved (`\#1` is `#1`, `\*` a star), and says where tags, mentions and links were; a
/// `> "…"` quote line arrives joined onto the words. Read from that JSON, every statement
/// shows what reading the Argdown file itself shows: no escaped character lost as a tag, the
/// links' addresses kept, the quote and its citation split off.
#[test]
fn argdown_json_reads_as_the_argdown_file_it_was_written_from() {
    let shown = |map: &ArgMap| -> Vec<[String; 4]> {
        (0..map.len())
            .map(|i| {
                let s = map.statement(argscope::model::NodeId(i as u32));
                [
                    s.label.clone(),
                    s.text.clone(),
                    s.quote.clone(),
                    s.url.clone(),
                ]
            })
            .collect()
    };
    let from_text = import("markup.argdown");
    let from_json = argdown::parse_json(&fixture("markup.json"), "markup.json");
    assert_valid(&from_json.map);
    assert_eq!(shown(&from_json.map), shown(&from_text.map));
    assert_eq!(
        shown(&from_json.map),
        [
            ["T", "Uniforms are the #1 fix for bullying.", "", ""],
            [
                "A",
                "Pupils said it was not about *clothes*, as [T] says, and a survey agrees.",
                "The exact words here",
                "the head teacher said, https://ex.org/survey"
            ],
            [
                "An untitled objection with a link and [brackets].",
                "",
                "",
                "https://ex.org/a"
            ],
        ]
        .map(|row| row.map(str::to_string))
    );
}

/// A file's first statement is most often its thesis: when it relates to nothing and a later
/// statement with reasons becomes the thesis, a warning at the first says so and how to make
/// it the thesis; doing what it says makes it the thesis, with no warning.
#[test]
fn a_first_statement_left_out_of_the_thesis_tree_is_reported() {
    let text = "[Ban]: Schools should ban phones.\n\n[Distraction]: Phones distract pupils.\n  + [Study]: Scores rose after bans.\n";
    let imported = argdown::parse(text, "iso.argdown");
    assert_eq!(
        outline(&imported.map),
        "thesis Distraction\n  claim Study\n  group Other statements\n    thesis Ban\n"
    );
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "iso.argdown:1:1: [Ban], the file's first statement, is not part of the tree of [Distraction] (line 3), which has reasons and bears on nothing, so [Distraction] is the thesis and [Ban] is shown under \"Other statements\"; if [Ban] is the thesis, write `  + [Distraction]` on the line below it, or tag it #thesis"
        ]
    );
    let mended = text.replace("phones.\n", "phones.\n  + [Distraction]\n");
    let imported = argdown::parse(&mended, "iso.argdown");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(
        outline(&imported.map),
        "thesis Ban\n  claim Distraction\n    claim Study\n"
    );
    // A lone statement after the thesis is no mistake of this kind, and nor is an untitled
    // paragraph of prose introducing the map.
    let after = "[T]: Thesis.\n  + [A]: a.\n\n[Note]: Something else.\n";
    assert!(argdown::parse(after, "a.argdown").problems.is_empty());
    let intro = "This map collects what the class said.\n\n[Ban]: Ban phones.\n  + [Sub]: Pings.\n";
    assert!(argdown::parse(intro, "i.argdown").problems.is_empty());
}

/// A line going on with a statement's text that starts like a list item or a heading is a
/// syntax error to the Argdown CLI; argscope reads it as text, says so at its line, and the
/// escape the message suggests reads alike with no warning.
#[test]
fn a_list_item_or_heading_inside_a_statements_text_is_read_as_text_with_a_warning() {
    for (line, col, starts) in [
        ("    1. pupils sleep more", 5, "1"),
        ("* pupils sleep more", 1, "*"),
        ("  # pupils sleep more", 3, "#"),
    ] {
        let text = format!("[T]: Schools should start later.\n  + [A]: Two reasons:\n{line}\n");
        let imported = argdown::parse(&text, "hw.argdown");
        let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(
            said[0].starts_with(&format!("hw.argdown:3:{col}: this line starts like a "))
                && said[0].contains("which the Argdown CLI refuses")
                && said[0].contains(&format!("(`\\{starts}`)")),
            "{}",
            said[0]
        );
        let a = statement(&imported.map, "A");
        assert_eq!(a.text, format!("Two reasons: {}", line.trim()));
        let escaped = text.replace(line.trim(), &format!("\\{}", line.trim()));
        let imported = argdown::parse(&escaped, "hw.argdown");
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        assert_eq!(statement(&imported.map, "A").text, a.text);
    }
    // Notes with a numbered list, no Argdown at all, are told what they look like, not
    // warned about each item.
    let notes = argdown::parse("My notes on the reading\n1. first point\n", "notes.txt");
    let said: Vec<String> = notes.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains("looks like the Markdown outline format"),
        "{}",
        said[0]
    );
}

/// Only an undercut can stand under an inference line; the Argdown CLI refuses any other
/// relation there. argscope reads the line and says how, at its place; `<_` gets no word.
#[test]
fn a_relation_under_an_inference_other_than_an_undercut_is_reported() {
    let file =
        |symbol: &str| format!("<A>: Arg.\n\n(1) p\n----\n    {symbol} [Y]: y.\n(2) [C]: c.\n");
    for (symbol, read_as, outline_) in [
        (
            "<-",
            "an undercut of the inference",
            "thesis C\n  claim A\n    claim p\n    undercut Y\n",
        ),
        (
            "<+",
            "supporting <A>",
            "thesis C\n  claim A\n    claim p\n    claim Y\n",
        ),
    ] {
        let imported = argdown::parse(&file(symbol), "inf.argdown");
        let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(
            said[0].starts_with(
                "inf.argdown:5:5: only an undercut (<_) can stand under an inference line"
            ) && said[0].contains(&format!("argscope reads it as {read_as}")),
            "{}",
            said[0]
        );
        assert_eq!(outline(&imported.map), outline_);
    }
    assert!(
        argdown::parse(&file("<_"), "inf.argdown")
            .problems
            .is_empty()
    );
}

/// Data whose `}` is there but inside a string left open is told so, with where the string
/// opens: "is never closed with }" would send the user looking for a brace that is there.
#[test]
fn data_with_a_string_left_open_says_so_rather_than_that_its_brace_is_missing() {
    let imported = argdown::parse(
        "[T]: Thesis.\n  + [A]: a. {source: \"Smith 2020, quote: \"exact words\"}\n",
        "dq.argdown",
    );
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("dq.argdown:2:13: this { is never closed: the quotation marks in it do not pair up, and the \" at column 54 opens a string"),
        "{}",
        said[0]
    );
    let apostrophe = argdown::parse("[T]: t. {source: Smith's book}\n", "ap.argdown");
    assert!(
        apostrophe.problems[0]
            .message
            .contains("the ' at column 23 opens a string"),
        "{}",
        apostrophe.problems[0].message
    );
    // A brace that is missing is still called missing, inside a string or not.
    for line in ["[T]: t. {source: Smith\n", "[T]: t. {source: \"Smith\n"] {
        let missing = argdown::parse(line, "m.argdown");
        assert!(
            missing.problems[0]
                .message
                .contains("is never closed with }"),
            "{line}: {}",
            missing.problems[0].message
        );
    }
}

/// An argument that concludes a statement supports it, as Argdown derives; a `-` written from
/// it to that statement is left out (the Argdown CLI drops it too), and a warning says so
/// where the argument is first named, so the author does not see a `-` become a `+` unsaid.
#[test]
fn an_attack_on_the_statement_an_argument_concludes_is_reported() {
    let imported = argdown::parse(
        "[T]: Thesis.\n  - <B>\n\n<B>: Arg B.\n\n(1) r\n----\n(2) [T]\n",
        "g3.argdown",
    );
    assert_eq!(outline(&imported.map), "thesis T\n  claim B\n    claim r\n");
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with(
            "g3.argdown:2:1: <B>, first named here, concludes [T], so it supports [T]"
        ) && said[0].contains("is left out, as the Argdown CLI leaves it out"),
        "{}",
        said[0]
    );
    // A `+` says what the structure says: no word.
    let agreeing = argdown::parse(
        "[T]: Thesis.\n  + <B>\n\n<B>: Arg B.\n\n(1) r\n----\n(2) [T]\n",
        "g3.argdown",
    );
    assert!(agreeing.problems.is_empty(), "{:?}", agreeing.problems);
}

/// A premise–conclusion structure in two steps: the premises before the intermediary
/// conclusion stand under it, and it stands with the later premise under the argument, read
/// alike from Argdown and from the JSON `argdown json` writes of the same file.
#[test]
fn an_intermediary_conclusion_holds_the_premises_that_lead_to_it() {
    let expected =
        "thesis C\n  claim A\n    claim I\n      claim P1\n      claim P2\n    claim P4\n";
    let from_text = import("ic.argdown");
    assert!(from_text.problems.is_empty(), "{:?}", from_text.problems);
    assert_eq!(outline(&from_text.map), expected);
    let from_json = argdown::parse_json(&fixture("ic.json"), "ic.json");
    assert_valid(&from_json.map);
    assert_eq!(outline(&from_json.map), expected);
}

/// A comment before a relation's symbol: argscope counts its width as indentation and the
/// Argdown CLI does not, so a warning at it says to move the comment; one at the end of the
/// line gets none.
#[test]
fn a_comment_before_a_relations_symbol_is_reported() {
    let imported = argdown::parse("[T]: Thesis.\n  /* c */ + [A]: a.\n", "cm.argdown");
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "cm.argdown:2:3: a comment before a relation's symbol makes its indentation unclear: argscope counts the comment's width as indentation, the Argdown CLI does not, so the two may nest this line and those below it differently; put the comment at the end of the line or on a line of its own"
        ]
    );
    let at_the_end = argdown::parse("[T]: Thesis.\n  + [A]: a. /* c */\n", "cm.argdown");
    assert!(at_the_end.problems.is_empty(), "{:?}", at_the_end.problems);
}
