//! The AIF importer: each fixture is a small synthetic file written for one case.

use argscope::formats::Imported;
use argscope::formats::aif::parse;
use argscope::model::{ArgMap, Body, Kind, Severity};
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/aif/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses a fixture and checks the map keeps every rule of the model.
fn import(name: &str) -> Imported {
    let imported = parse(&fixture(name), name);
    assert_valid(&imported.map);
    assert!(imported.stable_ids);
    imported
}

fn assert_valid(map: &ArgMap) {
    let errors = argscope::model::errors(map, "fixture");
    assert!(errors.is_empty(), "{errors:?}");
}

/// The tree, one node a line: indent, kind, label, then `[id]`, or `-> id` for a reference.
fn outline(map: &ArgMap) -> String {
    let mut out = String::new();
    for (id, depth) in map.preorder_with_depth() {
        let node = map.node(id);
        let statement = map.statement(id);
        let tail = match node.body {
            Body::Ref(_) => format!("-> {}", statement.id),
            Body::Statement(_) => format!("[{}]", statement.id),
        };
        let undercut = if node.undercut { " undercut" } else { "" };
        out.push_str(&format!(
            "{}{}{undercut} {} {tail}\n",
            "  ".repeat(depth),
            node.kind.name(),
            statement.label
        ));
    }
    out
}

/// Problems as "line: start of the message".
fn problems(imported: &Imported) -> Vec<String> {
    imported
        .problems
        .iter()
        .map(|p| {
            let line = p.place.line_col.map_or(0, |(line, _)| line);
            format!("{line}: {}", p.message)
        })
        .collect()
}

#[test]
fn an_aifdb_nodeset_with_a_linked_argument_a_reason_and_an_attack() {
    let imported = import("nodeset_linked.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Schools should start later [aif-1]
  claim Teenagers sleep late by biology [aif-2]
  claim Tired pupils learn less [aif-3]
  claim Later starts raised grades in trials [aif-4]
  objection Buses would cost more [aif-5]
"
    );
    let problems = problems(&imported);
    assert_eq!(problems.len(), 2, "{problems:?}");
    // The linked premises stand side by side, and that is said at their inference.
    assert!(
        problems[0].starts_with("8: the inference (RA) \"10\" draws its conclusion from several premises together, a linked argument;"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("11: left out 2 dialogue nodes"),
        "{problems:?}"
    );
}

#[test]
fn an_undercut_of_one_of_several_inferences_is_said_to_be_shown_under_their_conclusion() {
    let text = r#"{"nodes": [
 {"nodeID": "1", "text": "Tom is guilty", "type": "I"},
 {"nodeID": "2", "text": "A witness saw Tom", "type": "I"},
 {"nodeID": "3", "text": "Tom's DNA was found", "type": "I"},
 {"nodeID": "4", "text": "Default Inference", "type": "RA"},
 {"nodeID": "5", "text": "Default Inference", "type": "RA"},
 {"nodeID": "6", "text": "The witness was drunk", "type": "I"},
 {"nodeID": "7", "text": "Default Conflict", "type": "CA"}],
"edges": [
 {"edgeID": "a", "fromID": "2", "toID": "4"}, {"edgeID": "b", "fromID": "4", "toID": "1"},
 {"edgeID": "c", "fromID": "3", "toID": "5"}, {"edgeID": "d", "fromID": "5", "toID": "1"},
 {"edgeID": "e", "fromID": "6", "toID": "7"}, {"edgeID": "f", "fromID": "7", "toID": "4"}],
"locutions": []}"#;
    let imported = parse(text, "trial.json");
    assert!(
        outline(&imported.map).contains("objection undercut The witness was drunk"),
        "{}",
        outline(&imported.map)
    );
    let said: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "trial.json:8:2: the conflict (CA) \"7\" undercuts the inference (RA) \"4\" only, one of 2 that lead to \"Tom is guilty\"; the tree shows it under that statement, where it reads as undercutting all 2"
        ]
    );
    // With one inference into the statement, the tree says it exactly: nothing to warn of.
    let single = text.replace(
        r#"{"edgeID": "d", "fromID": "5", "toID": "1"}"#,
        r#"{"edgeID": "d", "fromID": "5", "toID": "2"}"#,
    );
    let problems = parse(&single, "trial.json").problems;
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn an_ova3_save_reads_its_aif_part_and_decodes_entities() {
    let imported = import("ova3.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Homework should be optional [aif-1-1649]
  claim Pupils need time to rest & play [aif-2-1649]
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn an_ova2_file_has_numeric_ids_and_whole_nodes_in_its_edges() {
    let imported = import("ova2.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Cities should ban cars [aif-1]
  claim Cars pollute the air [aif-2]
  objection Deliveries need vans [aif-4]
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

/// An undercutter stands under the conclusion of the inference it attacks; an attack on that
/// attack (CA aimed at a CA, "the payment was a standard fee") answers the attacker, so it
/// stands under the attacker as a rebuttal, not beside it under the conclusion.
#[test]
fn undercutters_stand_under_the_conclusion_of_the_inference_they_attack() {
    let imported = import("undercut.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis The bridge is safe [aif-1]
  claim The engineer says it is safe [aif-2]
  objection undercut The engineer was paid by the builder [aif-4]
    rebuttal The payment was a standard fee [aif-6]
"
    );
    let map = &imported.map;
    let flags: Vec<bool> = map.preorder().map(|id| map.node(id).undercut).collect();
    assert_eq!(flags, [false, false, true, false]);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

/// An inference aimed at a conflict backs the attack: its premise is a claim under the
/// attacker, not a reason for the statement attacked.
#[test]
fn a_reason_for_an_attack_stands_under_the_attacker() {
    let text = r#"{"nodes": [
    {"nodeID": "1", "text": "Homework should be banned", "type": "I"},
    {"nodeID": "2", "text": "Practice builds habits", "type": "I"},
    {"nodeID": "3", "text": "Default Conflict", "type": "CA"},
    {"nodeID": "4", "text": "Studies of practice agree", "type": "I"},
    {"nodeID": "5", "text": "Default Inference", "type": "RA"}
  ],
  "edges": [
    {"fromID": "2", "toID": "3"}, {"fromID": "3", "toID": "1"},
    {"fromID": "4", "toID": "5"}, {"fromID": "5", "toID": "3"}
  ]}"#;
    let imported = parse(text, "backed.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Homework should be banned [aif-1]
  objection Practice builds habits [aif-2]
    claim Studies of practice agree [aif-4]
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn a_rephrasing_folds_into_the_statement_as_another_wording() {
    let imported = import("rephrase.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Voting should be compulsory [aif-1]
  claim Turnout would rise [aif-4]
"
    );
    let root = imported.map.statement(imported.map.root);
    assert_eq!(root.also, ["Everyone ought to have to vote"]);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn several_roots_stand_side_by_side_in_a_group_named_after_the_file_largest_first() {
    // None is shown supporting anything: the group bears on nothing.
    let imported = import("several_roots.json");
    assert_eq!(
        outline(&imported.map),
        "\
group several_roots.json [several-roots-json]
  thesis Parks should open later [aif-4]
    claim Families work late [aif-5]
    claim Evenings are cooler [aif-7]
  thesis Taxes should rise [aif-1]
    claim Schools need money [aif-2]
  thesis The weather was nice [aif-9]
"
    );
    let problems = problems(&imported);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("0: no single statement is the conclusion"),
        "{problems:?}"
    );
}

#[test]
fn statements_joined_to_nothing_are_kept_in_the_group_after_the_tops() {
    let imported = import("unconnected.json");
    assert_eq!(
        outline(&imported.map),
        "\
group unconnected.json [unconnected-json]
  thesis Libraries matter [aif-1]
    claim They lend books for free [aif-2]
  thesis It rained on Tuesday [aif-4]
  thesis (empty) [aif-5]
"
    );
}

#[test]
fn a_circle_starts_at_its_first_statement_and_closes_with_a_reference() {
    let imported = import("cycle.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis A is true [aif-1]
  objection B is true [aif-2]
    claim A is true -> aif-1
"
    );
    let problems = problems(&imported);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("3: these statements support or attack each other in a circle")
    );
}

#[test]
fn a_shared_premise_is_shown_once_in_full_then_referenced() {
    let imported = import("shared_premise.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis We should cycle to work [aif-1]
  claim Cycling is healthy [aif-2]
    claim Exercise lowers stress [aif-3]
  claim Exercise lowers stress -> aif-3
"
    );
    let reference = imported.map.children(imported.map.root)[1];
    assert!(imported.map.is_ref(reference));
    assert_eq!(imported.map.node(reference).kind, Kind::Claim);
}

#[test]
fn a_conflict_between_locutions_is_shown_between_the_statements_they_introduce() {
    // Ben's locution conflicts with Anna's; each asserts a statement through a YA.
    let imported = import("locution_conflict.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Homework should be banned [aif-1]
  objection Homework helps pupils practise [aif-2]
"
    );
    let problems = problems(&imported);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("4: left out 5 dialogue nodes"),
        "{problems:?}"
    );
}

#[test]
fn a_conflict_from_a_locution_that_introduces_no_statement_shows_its_words_with_a_warning() {
    // Ben's locution has no YA to a statement: its own words stand for one, without the
    // speaker's name that AIF writes before them ("Ben : ").
    let text = fixture("locution_conflict.json")
        .replace(r#"{"edgeID": "4", "fromID": "6", "toID": "2"},"#, "");
    let imported = parse(&text, "f.json");
    assert_valid(&imported.map);
    let shown = outline(&imported.map);
    assert!(
        shown.contains(
            "  thesis Homework should be banned [aif-1]\n    objection but it helps pupils practise [aif-4]\n"
        ),
        "{shown}"
    );
    let problems = problems(&imported);
    let about_it: Vec<&String> = problems.iter().filter(|p| p.contains("\"7\"")).collect();
    assert_eq!(
        about_it,
        [
            "5: the conflict (CA) \"7\" joins the locution \"4\" (\"Ben : but it helps pupils practise\"), which introduces no statement (no illocution YA from it to an I-node), so the locution's own words stand for its statement; add a YA from it to the statement it asserts to show that instead"
        ],
        "{problems:?}"
    );
    // The locution shown is no longer counted among the dialogue left out.
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("4: left out 4 dialogue nodes")),
        "{problems:?}"
    );
}

#[test]
fn a_statement_without_words_is_shown_empty_with_a_warning_at_it() {
    let text = "{\"nodes\": [\n{\"nodeID\": \"1\", \"type\": \"I\", \"text\": \"Claim\"},\n{\"nodeID\": \"2\", \"type\": \"I\", \"text\": \" \"},\n{\"nodeID\": \"3\", \"type\": \"RA\"}],\n\"edges\": [{\"fromID\": \"2\", \"toID\": \"3\"}, {\"fromID\": \"3\", \"toID\": \"1\"}]}";
    let imported = parse(text, "f.json");
    assert_valid(&imported.map);
    assert_eq!(
        outline(&imported.map),
        "thesis Claim [aif-1]\n  claim (empty) [aif-2]\n"
    );
    assert_eq!(
        problems(&imported),
        [
            "3: the statement (I-node) \"2\" has no \"text\"; it is shown as \"(empty)\", so give it the words of its claim"
        ]
    );
}

#[test]
fn slips_in_a_file_are_problems_at_their_lines_and_the_rest_still_opens() {
    let imported = import("broken.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Main claim [aif-1]
  claim A reason [aif-2]
"
    );
    let problems = problems(&imported);
    let starts: Vec<&str> = problems
        .iter()
        .map(|p| &p[..p.find(':').unwrap()])
        .collect();
    assert_eq!(starts, ["5", "6", "8", "9", "14", "15"], "{problems:?}");
    assert!(problems[0].contains("a second node has the nodeID \"2\""));
    assert!(problems[1].contains("no \"nodeID\""));
    assert!(problems[2].contains("\"PA\""));
    assert!(problems[3].contains("must be an object"));
    assert!(problems[4].contains("\"99\""));
    assert!(problems[5].contains("does not say which nodes"));
}

#[test]
fn a_file_of_which_nothing_could_be_read_gives_one_error_which_refuses_it() {
    for (name, line, message, severity) in [
        ("empty.json", 0, "the file is empty", Severity::Error),
        ("not_json.json", 1, "the file is not JSON", Severity::Error),
        // Valid AIF that holds no statement is an empty map, not a broken file.
        (
            "empty_nodeset.json",
            0,
            "the file holds no statements",
            Severity::Warning,
        ),
    ] {
        let imported = import(name);
        // The map beside an error is a placeholder, never shown.
        assert_eq!(imported.map.len(), 1, "{name}");
        assert_eq!(imported.map.statement(imported.map.root).label, name);
        let problems = problems(&imported);
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert!(
            problems[0].starts_with(&format!("{line}: {message}")),
            "{name}: {problems:?}"
        );
        assert_eq!(imported.problems[0].severity, severity, "{name}");
    }
    let refused = |text: &str| {
        let imported = parse(text, "x.json");
        assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
        assert_eq!(imported.problems[0].severity, Severity::Error);
        problems(&imported).remove(0)
    };
    assert!(refused("[1, 2]").contains("holds no JSON object"));
    assert!(refused(&"[".repeat(100_000)).contains("nests deeper"));
    assert!(refused("{\"edges\": []}").starts_with("1: this JSON has no \"nodes\""));
    // Edges beside nodes that are no list are not read: one error, not one a edge.
    let not_a_list = refused("{\"nodes\": 5, \"edges\": [{\"fromID\": 1, \"toID\": 2}]}");
    assert!(not_a_list.contains("must be a list"), "{not_a_list}");
    assert!(
        refused("{\"nodes\": [\n  {\"nodeID\": 1,, \"type\": \"I\"}]}").starts_with(
            "2: this is not valid JSON, so no AIF map could be read: unexpected token in object; correct the JSON at this place"
        )
    );
}

/// A chain of statements, each the premise of the one before: `1 <- 2 <- 3 …`.
fn chain(length: usize) -> String {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for i in 1..=length {
        nodes.push(format!(
            "{{\"nodeID\":\"{i}\",\"type\":\"I\",\"text\":\"Step {i}\"}}"
        ));
        if i > 1 {
            nodes.push(format!("{{\"nodeID\":\"r{i}\",\"type\":\"RA\"}}"));
            edges.push(format!("{{\"fromID\":\"{i}\",\"toID\":\"r{i}\"}}"));
            edges.push(format!("{{\"fromID\":\"r{i}\",\"toID\":\"{}\"}}", i - 1));
        }
    }
    format!(
        "{{\"nodes\":[{}],\"edges\":[{}]}}",
        nodes.join(",\n"),
        edges.join(",\n")
    )
}

#[test]
fn a_chain_of_a_hundred_thousand_inferences_does_not_overflow() {
    let length = 100_000;
    let imported = parse(&chain(length), "chain.json");
    assert_eq!(imported.map.len(), length);
    assert_eq!(imported.map.statement(imported.map.root).label, "Step 1");
    let deepest = imported.map.preorder_with_depth().map(|(_, d)| d).max();
    assert_eq!(deepest, Some(length - 1));
    assert!(imported.problems.is_empty());
    assert_valid(&imported.map);
}

#[test]
fn a_long_circle_with_no_top_is_walked_without_recursion() {
    // The chain, closed: the first statement is also a premise of the last.
    let length = 50_000;
    let text = chain(length).replace(
        "],\"edges\":[",
        ",{\"nodeID\":\"close\",\"type\":\"CA\"}],\"edges\":[{\"fromID\":\"1\",\"toID\":\"close\"},{\"fromID\":\"close\",\"toID\":\"50000\"},",
    );
    let imported = parse(&text, "circle.json");
    assert_eq!(imported.map.len(), length + 1);
    assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
    assert_valid(&imported.map);
}

/// One inference from `premises` statements to `conclusions` others.
fn one_inference(premises: usize, conclusions: usize) -> String {
    let mut nodes = vec!["{\"nodeID\":\"ra\",\"type\":\"RA\"}".to_string()];
    let mut edges = Vec::new();
    for i in 0..premises {
        nodes.push(format!(
            "{{\"nodeID\":\"p{i}\",\"type\":\"I\",\"text\":\"Premise {i}\"}}"
        ));
        edges.push(format!("{{\"fromID\":\"p{i}\",\"toID\":\"ra\"}}"));
    }
    for i in 0..conclusions {
        nodes.push(format!(
            "{{\"nodeID\":\"c{i}\",\"type\":\"I\",\"text\":\"Conclusion {i}\"}}"
        ));
        edges.push(format!("{{\"fromID\":\"ra\",\"toID\":\"c{i}\"}}"));
    }
    format!(
        "{{\"nodes\":[{}],\"edges\":[{}]}}",
        nodes.join(",\n"),
        edges.join(",\n")
    )
}

#[test]
fn an_inference_with_a_few_conclusions_shows_its_premises_under_each() {
    let imported = parse(&one_inference(2, 3), "few.json");
    assert_valid(&imported.map);
    let outline = outline(&imported.map);
    for c in 0..3 {
        let under = outline
            .split(&format!("Conclusion {c} "))
            .nth(1)
            .unwrap_or_else(|| panic!("Conclusion {c} is missing:\n{outline}"));
        let children: Vec<&str> = under.lines().skip(1).take(2).collect();
        assert!(
            children.iter().all(|line| line.contains("Premise")),
            "Conclusion {c} should have both premises under it:\n{outline}"
        );
    }
    assert!(
        imported
            .problems
            .iter()
            .all(|p| !p.message.contains("too many"))
    );
}

/// Each premise goes under each conclusion: a thousand of each, written in 100 KB, would be a
/// million nodes. The premises go under the first conclusion alone, and a warning says so.
#[test]
fn an_inference_with_a_thousand_premises_and_a_thousand_conclusions_stays_small() {
    let text = one_inference(1000, 1000);
    let imported = parse(&text, "dense.json");
    assert_valid(&imported.map);
    assert!(
        imported.map.len() < 2 * 2000 + 10,
        "{} nodes from {} bytes",
        imported.map.len(),
        text.len()
    );
    let warning = imported
        .problems
        .iter()
        .find(|p| p.message.contains("too many to show"))
        .expect("a warning about the links left out");
    assert!(
        warning
            .message
            .contains("joins 1000 premises to 1000 conclusions, 1000000 links")
            && warning.message.contains("under its first conclusion only"),
        "{}",
        warning.message
    );
    // At the inference's own line.
    assert_eq!(warning.place.line_col.map(|(line, _)| line), Some(1));
    let first = outline(&imported.map);
    let under_first = first.split("Conclusion 0 ").nth(1).unwrap();
    assert_eq!(
        under_first
            .lines()
            .skip(1)
            .take_while(|l| l.contains("Premise"))
            .count(),
        1000,
        "every premise under the first conclusion"
    );
}

const FIXTURES: &[&str] = &[
    "nodeset_linked.json",
    "ova3.json",
    "ova2.json",
    "undercut.json",
    "rephrase.json",
    "several_roots.json",
    "unconnected.json",
    "cycle.json",
    "shared_premise.json",
    "broken.json",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_opens_without_panicking(text in "\\PC*") {
        let imported = parse(&text, "any.json");
        assert_valid(&imported.map);
    }

    #[test]
    fn json_like_noise_opens_without_panicking(text in "[\\[\\]{}\",:0-9a-zA-Z \n]{0,200}") {
        let imported = parse(&text, "noise.json");
        assert_valid(&imported.map);
    }

    #[test]
    fn mutated_fixtures_open_without_panicking(
        which in 0..FIXTURES.len(),
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..8, "[\\[\\]{}\",:0-9a-zA-Z ]{0,3}"), 1..6),
    ) {
        let mut text = fixture(FIXTURES[which]).into_bytes();
        for (at, remove, insert) in cuts {
            let start = at.index(text.len().max(1)).min(text.len());
            let end = (start + remove).min(text.len());
            text.splice(start..end, insert.bytes());
        }
        let text = String::from_utf8_lossy(&text);
        let imported = parse(&text, "mutated.json");
        assert_valid(&imported.map);
    }

    #[test]
    fn random_graphs_keep_every_statement_once_in_full(
        statements in 1usize..12,
        schemes in proptest::collection::vec((0usize..3, proptest::collection::vec(0usize..20, 1..3), 0usize..20), 0..20),
    ) {
        let mut nodes: Vec<String> = (0..statements)
            .map(|i| format!("{{\"nodeID\":{i},\"type\":\"I\",\"text\":\"S{i}\"}}"))
            .collect();
        let mut edges = Vec::new();
        for (k, (ty, froms, to)) in schemes.iter().enumerate() {
            let ty = ["RA", "CA", "MA"][*ty];
            let id = 100 + k;
            nodes.push(format!("{{\"nodeID\":{id},\"type\":\"{ty}\"}}"));
            for from in froms {
                // Premises are statements; targets may be statements or other scheme nodes.
                edges.push(format!("{{\"fromID\":{},\"toID\":{id}}}", from % statements));
            }
            let target = if *to < statements { *to } else { 100 + to % schemes.len() };
            edges.push(format!("{{\"fromID\":{id},\"toID\":{target}}}"));
        }
        let text = format!("{{\"nodes\":[{}],\"edges\":[{}]}}", nodes.join(","), edges.join(","));
        let imported = parse(&text, "graph.json");
        let map = &imported.map;
        assert_valid(map);
        // Every statement of the file is in the map in full once, or folded into another's `also`.
        let full: Vec<&str> = map.nodes.iter().filter_map(|n| match &n.body {
            Body::Statement(s) => Some(s.label.as_str()),
            Body::Ref(_) => None,
        }).collect();
        for i in 0..statements {
            let label = format!("S{i}");
            let shown = full.iter().filter(|&&l| l == label).count();
            let folded = map.nodes.iter().any(|n| matches!(&n.body, Body::Statement(s) if s.also.contains(&label)));
            prop_assert!(shown == 1 || (shown == 0 && folded), "{label} shown {shown} times");
        }
    }
}

/// Each inference and conflict that names its scheme gives that name to the statements it
/// draws (both premises of a linked argument); "Default Inference" and Araucaria's "RA" name
/// none, and a name cannot drive the terminal.
#[test]
fn schemes_named_by_inferences_and_conflicts_are_kept_on_their_premises() {
    let imported = import("schemes.json");
    let map = &imported.map;
    let scheme_of = |text: &str| {
        let id = map
            .preorder()
            .find(|&id| map.statement(id).text == text || map.statement(id).label == text)
            .unwrap_or_else(|| panic!("{text} is in the map"));
        map.scheme(id).map(str::to_string)
    };
    let expert = Some("Argument From Expert Opinion".to_string());
    assert_eq!(scheme_of("The engineer says the bridge is safe."), expert);
    assert_eq!(scheme_of("The engineer inspected it last week."), expert);
    assert_eq!(
        scheme_of("The engineer was bribed."),
        Some("Ad hominem".to_string())
    );
    assert_eq!(
        scheme_of("A similar bridge has stood for a century."),
        Some("Analogy".to_string())
    );
    assert_eq!(scheme_of("Trucks cross it every day."), None);
    let sign = scheme_of("The paint is new.").expect("a scheme");
    assert!(!sign.contains('\u{1b}'), "{sign:?}");
    assert_eq!(map.scheme(map.root), None);
}

#[test]
fn named_html_entities_in_corpus_texts_are_decoded() {
    // IAC and other AIFdb corpora keep the entities of the web pages they were taken from.
    let imported = import("entities.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Workers can't live on $7.25 — it’s “poverty” pay [aif-1]
  objection Café owners say prices rise… [aif-2]
"
    );
}

#[test]
fn half_of_a_character_as_javascript_writes_it_does_not_refuse_the_file() {
    // OVA is written in JavaScript, which escapes an emoji cut in two as a lone `\ud83d`.
    let imported = import("lone_surrogate.json");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Great point \u{fffd} [aif-1]
  claim Emoji 😀 whole, \\ud800 literal [aif-2]
"
    );
    assert_eq!(
        problems(&imported),
        [
            "1: this text holds half of a character, a lone UTF-16 surrogate such as \\ud83d that JavaScript writes for a character cut in two and JSON readers refuse; it is shown as \"\u{fffd}\""
        ]
    );
}

/// A `]` left out after "nodes" was "unexpected colon" at the next field's colon; the place to
/// look is the list that is never closed, so the message names where it opens and what it lacks.
#[test]
fn a_list_missing_its_closing_bracket_is_named_where_it_opens() {
    let nodes_open = r#"{
  "nodes": [
    {"nodeID": "1", "type": "I", "text": "Uniforms should be required"},
    {"nodeID": "2", "type": "I", "text": "They reduce bullying"},
    {"nodeID": "3", "type": "RA"}
  ,
  "edges": [
    {"fromID": "2", "toID": "3"},
    {"fromID": "3", "toID": "1"}
  ]
}
"#;
    let edges_open = r#"{
  "nodes": [
    {"nodeID": "1", "type": "I", "text": "Uniforms should be required"}
  ],
  "edges": [
    {"fromID": "2", "toID": "3"}
}
"#;
    let said = |text: &str| {
        let imported = parse(text, "x.json");
        assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
        assert_eq!(imported.problems[0].severity, Severity::Error);
        imported.problems[0].to_string()
    };
    assert_eq!(
        said(nodes_open),
        "x.json:2:12: this is not valid JSON, so no AIF map could be read: the list opened here is never closed, so the field \"edges\" on line 7, column 3 is read as inside it; add the missing `]` after the list's last item"
    );
    assert_eq!(
        said(edges_open),
        "x.json:7:1: this is not valid JSON, so no AIF map could be read: a `}` closes here, but the list opened on line 5, column 12 is still open; add the missing `]` before it"
    );
}

/// An edge straight from one statement to another (no RA or CA node between) says neither
/// support nor attack: it is left out, and one warning at the first says how many there are
/// and how to mend them, rather than the file being called whole.
#[test]
fn edges_straight_between_statements_are_reported_as_left_out() {
    let text = r#"{"nodes": [
  {"nodeID": "1", "text": "Homework should be banned.", "type": "I"},
  {"nodeID": "2", "text": "Kids are stressed.", "type": "I"},
  {"nodeID": "3", "text": "Kids are tired.", "type": "I"}
], "edges": [{"edgeID": "1", "fromID": "2", "toID": "1"}, {"edgeID": "2", "fromID": "3", "toID": "1"}], "locutions": []}"#;
    let imported = parse(text, "ii.json");
    assert_valid(&imported.map);
    let said = problems(&imported);
    let edge_warning = said
        .iter()
        .find(|p| p.contains("straight from one statement"))
        .unwrap_or_else(|| panic!("{said:?}"));
    assert!(
        edge_warning.starts_with("3: 2 edges run straight from one statement (I-node) to another")
            && edge_warning.contains("(the first from node \"2\" to node \"1\")")
            && edge_warning.contains("put an RA node between the two for support"),
        "{edge_warning}"
    );
    let edge_problem = (imported.problems.iter())
        .find(|p| p.message.contains("straight from one statement"))
        .unwrap();
    assert_ne!(
        edge_problem.loss,
        argscope::model::problem::Loss::Nothing,
        "the file is not called whole"
    );
}
