//! Kialo exports: every edge case of `docs/formats/kialo.md` in a small synthetic fixture (Kialo
//! content is not openly licensed, so none is copied from a real export), and reading that never
//! panics, never recurses and stays fast on large discussions.

use argscope::formats::Imported;
use argscope::formats::kialo::parse;
use argscope::model::{ArgMap, Body, Kind, NodeId, Severity};
use proptest::prelude::*;

const FIXTURES: &[&str] = &[
    "bom.txt",
    "empty.txt",
    "not_kialo.txt",
    "v1_crlf_mixed.txt",
    "v1_links.txt",
    "v1_multi_thesis.txt",
    "v1_multiline.txt",
    "v1_no_header.txt",
    "v1_numbered_lists.txt",
    "v1_title_layout.txt",
    "v2_crlf.txt",
    "v2_multi_thesis.txt",
    "v2_multiline.txt",
    "v2_name_layout.txt",
    "v2_sources.txt",
];

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/kialo/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses a fixture and checks that its map keeps every rule of the model.
fn read(name: &str) -> Imported {
    let imported = parse(&fixture(name), name);
    assert_valid(&imported.map);
    assert!(!imported.stable_ids);
    imported
}

fn assert_valid(map: &ArgMap) {
    let errors = argscope::model::errors(map, "fixture");
    assert!(errors.is_empty(), "{errors:?}");
}

/// The node whose statement has this id (references have none).
fn node(map: &ArgMap, id: &str) -> NodeId {
    map.find(id).unwrap_or_else(|| panic!("no node {id}"))
}

/// Each node in reading order: depth, kind, statement id (a reference shows "→ target"), label.
fn tree(map: &ArgMap) -> Vec<(usize, Kind, String, String)> {
    map.preorder_with_depth()
        .map(|(id, depth)| {
            let statement = map.statement(id);
            let shown = match map.node(id).body {
                Body::Ref(_) => format!("→ {}", statement.id),
                Body::Statement(_) => statement.id.clone(),
            };
            (depth, map.node(id).kind, shown, statement.label.clone())
        })
        .collect()
}

fn row(depth: usize, kind: Kind, id: &str, label: &str) -> (usize, Kind, String, String) {
    (depth, kind, id.to_string(), label.to_string())
}

/// Each problem's line and column, with its message.
fn placed(imported: &Imported) -> Vec<(Option<(usize, usize)>, String)> {
    (imported.problems.iter())
        .map(|p| (p.place.line_col, p.message.clone()))
        .collect()
}

/// Problems as (line, start of message).
fn problem_lines(imported: &Imported) -> Vec<usize> {
    imported
        .problems
        .iter()
        .map(|p| p.place.line_col.expect("every problem has a line").0)
        .collect()
}

#[test]
fn every_fixture_reads_into_a_valid_map() {
    for name in FIXTURES {
        let imported = parse(&fixture(name), name);
        assert_valid(&imported.map);
        // Only a file that is no Kialo export at all is refused.
        let refused = matches!(*name, "empty.txt" | "not_kialo.txt");
        let severity = if refused {
            Severity::Error
        } else {
            Severity::Warning
        };
        assert!(
            imported
                .problems
                .iter()
                .all(|p| p.severity == severity && p.place.line_col.is_some()),
            "{name}: {:?}",
            imported.problems
        );
    }
}

#[test]
fn the_title_layout_reads_stances_links_and_markdown_sources() {
    let imported = read("v1_title_layout.txt");
    let map = &imported.map;
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(map.meta.title, "Should cities ban cars from their centres?");
    assert_eq!(
        tree(map),
        [
            row(
                0,
                Kind::Thesis,
                "k-1",
                "Cities should ban cars from their centres."
            ),
            row(
                1,
                Kind::Claim,
                "k-1-1",
                "Car-free streets are safer for children walking to school."
            ),
            row(
                2,
                Kind::Objection,
                "k-1-1-1",
                "Delivery vans would still need access, so the streets…"
            ),
            row(
                2,
                Kind::Claim,
                "k-1-1-2",
                "A city survey found fewer injuries after a trial closure."
            ),
            row(
                1,
                Kind::Objection,
                "k-1-2",
                "Shops in the centre would lose customers who arrive by car."
            ),
            // A link keeps its own stance (pro) toward its own parent (the con 1.2).
            row(
                2,
                Kind::Claim,
                "→ k-1-1-1",
                "Delivery vans would still need access, so the streets…"
            ),
            row(
                2,
                Kind::Objection,
                "k-1-2-2",
                "Footfall rose in pedestrianised streets [citation needed]."
            ),
            row(
                1,
                Kind::Claim,
                "k-1-3",
                "See discussion #4242: Should parking be free?"
            ),
        ]
    );
    // The link sits under 1.2 and points at 1.1.1.
    let link = map.children(node(map, "k-1-2"))[0];
    assert_eq!(map.node(link).body, Body::Ref(node(map, "k-1-1-1")));
    // Markdown links: the first is the url, the others are listed in the text; escapes go.
    let survey = map.statement(node(map, "k-1-1-2"));
    assert_eq!(survey.url, "https://example.org/survey_(2019)");
    assert!(
        survey
            .text
            .ends_with("Other sources:\n- https://example.org/trial"),
        "{}",
        survey.text
    );
    let other = map.statement(node(map, "k-1-3"));
    assert_eq!(other.url, "kialo:discussion/4242");
    assert!(map.children(node(map, "k-1-3")).is_empty());
}

#[test]
fn multi_line_claims_keep_their_lines_in_the_title_layout() {
    let imported = read("v1_multiline.txt");
    let map = &imported.map;
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let commute = map.statement(node(map, "k-1-1"));
    assert_eq!(commute.label, "People save time on commuting:");
    assert_eq!(
        commute.text,
        "People save time on commuting:\n- about an hour a day\n- more in large cities\n\nThat time goes into work or rest."
    );
    assert_eq!(map.parent(node(map, "k-1-1-1")), Some(node(map, "k-1-1")));
    // Tabs become spaces; trailing blank lines go.
    let office = map.statement(node(map, "k-1-2"));
    assert!(
        office
            .text
            .ends_with(" A tab-indented line stays.\n| table | row |"),
        "{:?}",
        office.text
    );
}

#[test]
fn numbered_lists_inside_claims_stay_text() {
    let imported = read("v1_numbered_lists.txt");
    let map = &imported.map;
    assert_eq!(
        tree(map),
        [
            row(0, Kind::Thesis, "k-1", "Some moral rules hold everywhere."),
            row(1, Kind::Claim, "k-1-1", "Most cultures share a few rules:"),
            row(
                2,
                Kind::Objection,
                "k-1-1-1",
                "Each rule has exceptions somewhere:"
            ),
            row(
                3,
                Kind::Claim,
                "k-1-1-1-1",
                "An exception does not make a rule local."
            ),
            row(1, Kind::Objection, "k-1-2", "Rules change over time."),
        ]
    );
    let rules = map.statement(node(map, "k-1-1"));
    assert!(
        rules
            .text
            .contains("\n1. Do not kill without reason.\n2. Keep your promises.\n3. Care")
    );
    // Deeper than the options, a numbered line without Pro/Con is text.
    let exceptions = map.statement(node(map, "k-1-1-1"));
    assert!(exceptions.text.contains("\n1.1.1.1. the exceptions differ"));
    // A duplicate number and a missing parent: reported on their lines, kept as text.
    assert_eq!(problem_lines(&imported), [12, 13]);
    assert!(
        imported.problems[0]
            .message
            .contains("used a second time (first on line 11)")
    );
    assert!(imported.problems[1].message.contains("could not be placed"));
    let local = map.statement(node(map, "k-1-1-1-1"));
    assert!(
        local
            .text
            .contains("1.9.1. Con: A claim whose parent is missing.")
    );
}

#[test]
fn in_a_crlf_export_a_line_after_a_bare_lf_continues_the_claim() {
    let imported = read("v1_crlf_mixed.txt");
    let map = &imported.map;
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(map.node(map.root).kind, Kind::Thesis);
    assert_eq!(
        map.statement(node(map, "k-1-1")).text,
        "Pupils need time for other things:\n1.2. sleep\n1.3. play"
    );
    assert_eq!(map.node(node(map, "k-1-2")).kind, Kind::Objection);
    assert_eq!(map.len(), 4);
}

#[test]
fn options_without_stance_make_a_multi_thesis_discussion() {
    let imported = read("v1_multi_thesis.txt");
    let map = &imported.map;
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(
        tree(map),
        [
            row(0, Kind::Question, "k-1", "Which phone maker is best?"),
            row(1, Kind::Thesis, "k-1-1", "Maker A"),
            row(
                2,
                Kind::Claim,
                "k-1-1-1",
                "Its phones get updates for seven years."
            ),
            row(
                3,
                Kind::Objection,
                "k-1-1-1-1",
                "Updates slow older phones down."
            ),
            row(1, Kind::Thesis, "k-1-2", "Maker B"),
            row(
                2,
                Kind::Objection,
                "→ k-1-1-1-1",
                "Updates slow older phones down."
            ),
            row(
                2,
                Kind::Claim,
                "k-1-2-2",
                "Its cameras win most blind tests."
            ),
        ]
    );
}

#[test]
fn links_resolve_through_links_and_report_what_they_cannot() {
    let imported = read("v1_links.txt");
    let map = &imported.map;
    let labels = tree(map);
    // 1.2 → 1.7 → the thesis: references never point at references.
    assert_eq!(
        labels[2],
        row(
            1,
            Kind::Objection,
            "→ k-1",
            "Museums should be free to enter."
        )
    );
    // 1.3 and 1.4 point at each other.
    assert_eq!(
        labels[3],
        row(
            1,
            Kind::Claim,
            "k-1-3",
            "See 1.4 (a link that leads nowhere)"
        )
    );
    assert_eq!(
        labels[4],
        row(
            1,
            Kind::Objection,
            "k-1-4",
            "See 1.3 (a link that leads nowhere)"
        )
    );
    assert_eq!(
        labels[5],
        row(1, Kind::Claim, "→ k-1", "Museums should be free to enter.")
    );
    // A link with claims below it stays a statement, naming its target.
    assert_eq!(
        labels[6],
        row(
            1,
            Kind::Objection,
            "k-1-6",
            "See 1.1: Free entry brings in visitors who would not pay."
        )
    );
    assert_eq!(
        labels[7],
        row(2, Kind::Claim, "k-1-6-1", "A link with a claim below it.")
    );
    assert_eq!(
        labels[10],
        row(
            1,
            Kind::Objection,
            "k-1-9",
            "See 1.4.2 (not found in this discussion)"
        )
    );
    for (id, _) in map.preorder_with_depth() {
        if let Body::Ref(target) = map.node(id).body {
            assert!(!map.is_ref(target));
            assert!(map.children(id).is_empty());
        }
    }
    assert_eq!(problem_lines(&imported), [6, 7, 9, 13]);
    assert!(imported.problems[3].message.contains("-> See 1.4.2."));
}

#[test]
fn a_file_without_header_is_read_from_its_thesis_with_a_warning() {
    let imported = read("v1_no_header.txt");
    assert_eq!(imported.map.len(), 2);
    assert_eq!(imported.map.meta.title, "Bicycles belong on the road.");
    assert_eq!(problem_lines(&imported), [1]);
}

#[test]
fn the_name_layout_reads_labels_indented_text_links_and_empty_claims() {
    let imported = read("v2_name_layout.txt");
    let map = &imported.map;
    // The empty claim is read, and said.
    assert_eq!(problem_lines(&imported), [19], "{:?}", imported.problems);
    assert_eq!(map.meta.title, "Should libraries lend tools?");
    assert_eq!(
        tree(map),
        [
            row(
                0,
                Kind::Thesis,
                "k-1",
                "Public libraries should lend tools as well as books."
            ),
            row(
                1,
                Kind::Claim,
                "k-1-1",
                "Most households use a drill for only a few minutes a year."
            ),
            row(
                2,
                Kind::Objection,
                "k-1-1-1",
                "Tools break, and repairs cost more than books."
            ),
            row(
                1,
                Kind::Objection,
                "→ k-1-1-1",
                "Tools break, and repairs cost more than books."
            ),
            row(
                1,
                Kind::Claim,
                "k-1-3",
                "See discussion #5150: Should libraries open on Sundays?"
            ),
            row(1, Kind::Objection, "k-1-4", "(empty)"),
        ]
    );
    let drill = map.statement(node(map, "k-1-1"));
    assert_eq!(drill.url, "https://example.org/tool-use");
    assert_eq!(
        drill.quote,
        "Households reported using a drill for a median of thirteen minutes."
    );
    assert_eq!(
        map.statement(node(map, "k-1-3")).url,
        "kialo:discussion/5150"
    );
}

#[test]
fn multi_line_claims_keep_their_lines_in_the_name_layout() {
    let imported = read("v2_multiline.txt");
    let map = &imported.map;
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let thesis = map.statement(map.root);
    assert_eq!(thesis.label, "A good week balances three things:");
    assert_eq!(
        thesis.text,
        "A good week balances three things:\nRelationships\nWork\nLeisure"
    );
    let balance = map.statement(node(map, "k-1-1"));
    assert_eq!(
        balance.text,
        "Balance keeps people well.\n\nOver a month, an unbalanced week shows.\n  An indented line keeps its extra indent."
    );
    assert_eq!(
        map.statement(node(map, "k-1-2")).label,
        "Some weeks must be all work."
    );
}

#[test]
fn a_question_root_holds_the_theses() {
    let imported = read("v2_multi_thesis.txt");
    let map = &imported.map;
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(
        tree(map),
        [
            row(
                0,
                Kind::Question,
                "k-1",
                "Which language should a school teach first?"
            ),
            row(1, Kind::Thesis, "k-1-1", "Spanish"),
            row(2, Kind::Claim, "k-1-1-1", "Many neighbours speak it."),
            row(1, Kind::Thesis, "k-1-2", "Mandarin"),
            row(
                2,
                Kind::Objection,
                "k-1-2-1",
                "Its writing takes years to learn."
            ),
            row(3, Kind::Claim, "→ k-1-1-1", "Many neighbours speak it."),
        ]
    );
}

#[test]
fn sources_become_quotes_and_urls() {
    let imported = read("v2_sources.txt");
    let map = &imported.map;
    let thesis = map.statement(map.root);
    assert_eq!(thesis.label, "Street trees cool cities in summer.");
    assert_eq!(thesis.url, "https://example.org/cool-trees");
    // A quote of several paragraphs, without its quotation marks.
    assert_eq!(
        thesis.quote,
        "Streets with full canopy were 2 degrees cooler.\n\nThe effect was largest in the afternoon."
    );
    // Two sources: the first (a bare domain, no excerpt) in url/quote, the other in the text;
    // markers go, also inside "(p. 5 [3])"; backslash escapes in urls go.
    let shade = map.statement(node(map, "k-1-1"));
    assert_eq!(shade.url, "example.net");
    assert_eq!(shade.quote, "");
    assert_eq!(
        shade.text,
        "Shade lowers surface heat and evaporation cools the air (p. 5).\n\nOther sources:\n- https://example.org/wiki/Shade_(trees) “Evaporation from leaves takes up heat.”"
    );
    let roots = map.statement(node(map, "k-1-2"));
    assert_eq!(
        (roots.url.as_str(), roots.quote.as_str()),
        ("https://example.org/rules", "")
    );
    // A marker with no source stays in the text and is reported on its claim's line.
    assert_eq!(
        map.statement(node(map, "k-1-1-1")).label,
        "The effect is small on windy days [9]."
    );
    assert_eq!(problem_lines(&imported), [10]);
    assert!(imported.problems[0].message.contains("[9]"));
}

#[test]
fn crlf_and_a_bom_read_like_lf() {
    let crlf = read("v2_crlf.txt");
    assert!(crlf.problems.is_empty(), "{:?}", crlf.problems);
    let lf = parse(&fixture("v2_crlf.txt").replace("\r\n", "\n"), "lf.txt");
    assert_eq!(crlf.map, lf.map);
    assert_eq!(
        crlf.map.statement(node(&crlf.map, "k-1-1")).text,
        "Children need to learn to swim.\nLessons need water."
    );
    let bom = read("bom.txt");
    assert!(bom.problems.is_empty(), "{:?}", bom.problems);
    assert_eq!(bom.map.meta.title, "Is a BOM harmless?");
    assert_eq!(bom.map.node(node(&bom.map, "k-1-1")).kind, Kind::Objection);
}

#[test]
fn an_empty_file_or_another_format_is_refused_with_one_error_at_its_start() {
    for (name, says) in [
        ("empty.txt", "empty"),
        ("not_kialo.txt", "not a Kialo export"),
    ] {
        let imported = parse(&fixture(name), &format!("some/dir/{name}"));
        assert_valid(&imported.map);
        assert_eq!(imported.map.len(), 1);
        assert_eq!(imported.map.meta.title, name);
        assert_eq!(imported.map.statement(imported.map.root).label, name);
        assert_eq!(problem_lines(&imported), [1]);
        assert!(imported.problems[0].message.contains(says));
        assert_eq!(imported.problems[0].severity, Severity::Error);
    }
}

#[test]
fn a_header_without_thesis_is_reported() {
    let imported = parse("Discussion Name:\nA title\n\n", "t.txt");
    assert_valid(&imported.map);
    assert_eq!(imported.map.statement(imported.map.root).label, "A title");
    assert_eq!(imported.problems.len(), 1);
}

/// A discussion of `claims` claims, each level holding up to 7 children, with a link every 10.
fn generated(claims: usize) -> String {
    let mut out = String::from("Discussion Title: Generated\n\n1. The thesis.\n");
    let mut numbers = vec!["1.".to_string()];
    for i in 1..=claims {
        let parent = numbers[(i - 1) / 7].clone();
        let number = format!("{parent}{}.", (i - 1) % 7 + 1);
        let stance = if i % 3 == 0 { "Con" } else { "Pro" };
        if i % 10 == 0 && i * 7 + 1 > claims {
            out.push_str(&format!("{number} {stance}: -> See {}\n", numbers[i / 2]));
        } else {
            out.push_str(&format!(
                "{number} {stance}: Claim number {i}.\nA second line.\n"
            ));
        }
        numbers.push(number);
    }
    out
}

#[test]
fn a_large_discussion_reads_whole() {
    let imported = parse(&generated(3000), "large.txt");
    assert!(
        imported.problems.is_empty(),
        "{:?}",
        &imported.problems[..1]
    );
    assert_eq!(imported.map.len(), 3001);
    assert_valid(&imported.map);
}

#[test]
fn a_very_deep_discussion_does_not_overflow() {
    const DEPTH: usize = 10_000;
    let mut text = String::from("Discussion Name:\nDeep\n\n1. Thesis:\nTop.\n\n");
    let mut number = String::from("1.");
    for i in 1..DEPTH {
        number.push_str("1.");
        let stance = if i % 2 == 0 { "Pro" } else { "Con" };
        // No indentation, to keep the file small: text lines need not be indented.
        text.push_str(&format!("{number} {stance}:\nLevel {i}.\n\n"));
    }
    let imported = parse(&text, "deep.txt");
    assert!(imported.problems.is_empty());
    let map = &imported.map;
    assert_eq!(map.len(), DEPTH);
    let deepest = NodeId((DEPTH - 1) as u32);
    assert_eq!(map.depth(deepest), DEPTH - 1);
    assert_eq!(
        map.statement(deepest).label,
        format!("Level {}.", DEPTH - 1)
    );
    assert_valid(map);
}

/// Text built from the pieces Kialo files are made of, so generated input reaches deep paths.
fn kialo_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Discussion Title: T\n".to_string()),
        Just("Discussion Name:\n".to_string()),
        Just("Sources:\n".to_string()),
        Just("1. ".to_string()),
        Just("1.1. Pro: ".to_string()),
        Just("1.2. Con: ".to_string()),
        Just("  1.1. Pro:\n".to_string()),
        Just("1.1.1. Con: ".to_string()),
        Just("1.2. ".to_string()),
        Just("1. Question:\n".to_string()),
        Just("1.1. Thesis:\n".to_string()),
        Just("-> See 1.1.".to_string()),
        Just("-> See 1.".to_string()),
        Just("-> See discussion #".to_string()),
        Just("[1] ".to_string()),
        Just(" [2]".to_string()),
        Just("[x](y)".to_string()),
        Just("\\(".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\u{feff}".to_string()),
        "\\PC{0,6}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn check_any(text: &str) {
    let imported = parse(text, "any.txt");
    assert_valid(&imported.map);
    for (id, _) in imported.map.preorder_with_depth() {
        if let Body::Ref(target) = imported.map.node(id).body {
            assert!(!imported.map.is_ref(target));
            assert!(imported.map.children(id).is_empty());
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_text_reads_into_a_valid_map(text in "\\PC{0,300}") {
        check_any(&text);
    }

    #[test]
    fn kialo_like_text_reads_into_a_valid_map(text in kialo_like()) {
        check_any(&text);
    }

    #[test]
    fn damaged_fixtures_read_into_valid_maps(
        which in 0..FIXTURES.len(),
        cut in 0usize..2000,
        len in 0usize..40,
        insert in kialo_like(),
    ) {
        let mut text = fixture(FIXTURES[which]);
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + len).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(at..end, &insert);
        check_any(&text);
        text.truncate(at);
        check_any(&text);
    }
}

#[test]
fn stray_lines_and_repeated_sources_are_reported_on_their_lines() {
    let text = "Discussion Name:\nT\n\nstray words\n  1.1. Pro:\n1. Thesis:\n  Top [1].\n\n  1.1. Pro:\n    Under.\n\n    1.5.1. Con:\n    Lost.\n\nSources:\nnot a source\n[1] https://a.example\n[1] https://b.example\n";
    let imported = parse(text, "s.txt");
    assert_valid(&imported.map);
    assert_eq!(problem_lines(&imported), [4, 5, 12, 16, 18]);
    let map = &imported.map;
    assert_eq!(map.statement(map.root).url, "https://a.example");
    // The record that could not be placed is kept as text of the claim above.
    assert_eq!(
        map.statement(node(map, "k-1-1")).text,
        "Under.\n\n1.5.1. Con:\nLost."
    );
}

#[test]
fn a_problem_is_tied_to_the_claim_on_its_line_so_w_can_go_there() {
    let text = "Discussion Title: T\n\n1. Thesis.\n1.1. Pro: A reason.\n1.2. Con: -> See 1.9.\n1.3. Pro: Another.\n";
    let imported = argscope::formats::kialo::parse(text, "k.txt");
    let problem = imported
        .problems
        .iter()
        .find(|p| p.place.line_col.map(|(line, _)| line) == Some(5))
        .unwrap_or_else(|| panic!("{:?}", imported.problems));
    let node = problem.node.expect("tied to a node");
    assert_eq!(imported.map.children(imported.map.root)[1], node);
}

#[test]
fn a_claim_written_on_its_label_line_is_read_with_a_warning_not_swallowed() {
    // It was read as text of the thesis above: the claim was gone and `check` said ok.
    let text = "Discussion Name:\nStart later?\n\n1. Thesis:\nSchools should start later.\n\n  1.1. Pro: Teenagers sleep better.\n    They wake up rested.\n\n  1.2. Con:\n    Sports move to the evening.\n";
    let imported = parse(text, "inline.txt");
    let statements: Vec<_> = (imported.map.preorder())
        .map(|id| {
            let s = imported.map.statement(id);
            (imported.map.node(id).kind, s.label.clone(), s.text.clone())
        })
        .collect();
    assert_eq!(
        statements,
        [
            (
                Kind::Thesis,
                "Schools should start later.".into(),
                String::new()
            ),
            (
                Kind::Claim,
                "Teenagers sleep better.".into(),
                "Teenagers sleep better.\nThey wake up rested.".into()
            ),
            (
                Kind::Objection,
                "Sports move to the evening.".into(),
                String::new()
            ),
        ]
    );
    let problems = placed(&imported);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, Some((7, 3)));
    assert!(
        problems[0]
            .1
            .starts_with("the claim 1.1 has its text on its label's line")
    );
}

#[test]
fn a_claim_without_a_side_beside_claims_with_one_is_a_warning() {
    // One side left out turned the thesis into a question without a word.
    let text =
        "Discussion Title: X\n\n1. Thesis text.\n1.1. Pro: A.\n1.2. Maybe: B.\n1.3. Con: C.\n";
    let problems = placed(&parse(text, "mixed.txt"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, Some((5, 1)));
    assert!(
        problems[0]
            .1
            .starts_with("the claim 1.2 takes no side while 1.1 takes one"),
        "{problems:?}"
    );
    // A discussion of options alone, or of sides alone, raises nothing.
    let options = "Discussion Title: Q?\n\n1. Q?\n1.1. A.\n1.1.1. Pro: good\n1.2. B.\n";
    assert!(parse(options, "o.txt").problems.is_empty());
}

#[test]
fn a_side_kialo_does_not_write_is_a_warning_at_its_word() {
    let name = "Discussion Name:\nShould we?\n\n1. Thesis:\n  We should.\n\n  1.1. Pro:\n    Yes.\n\n  1.2. Maybe:\n    Odd.\n";
    let problems = placed(&parse(name, "sides.txt"));
    assert_eq!(
        problems,
        [(
            Some((10, 8)),
            "\"Maybe:\" is not a side Kialo writes; its line is read as text of the claim above (write Pro:, Con:, Thesis: or Question: as Kialo does)".to_string()
        )]
    );
    // What Kialo writes raises nothing.
    let fine = parse(&name.replace("Maybe:", "Con:"), "sides.txt");
    assert!(fine.problems.is_empty(), "{:?}", fine.problems);
}

/// The old layout read `1.2 Con: …` (no final dot) and `1.3.Con: …` (no space) as text of the
/// claim above, without a word; `1.1.2. con: …` the same, with a warning that said the claim
/// took no side; and one `1.2. pro: …` below the thesis made the thesis a question with the
/// claim as a thesis under it. Each is read as its claim now, as the new layout reads such a
/// label line, with the same warning at its line.
#[test]
fn an_old_layout_record_written_not_quite_as_kialo_writes_it_is_read_as_its_claim() {
    let file = |record: &str| {
        format!(
            "Discussion Title: Uniforms\n\n1. Schools should require uniforms.\n1.1. Pro: They reduce bullying.\n{record} Against it.\n1.2.1. Pro: Below it.\n"
        )
    };
    for (record, side, wrong) in [
        ("1.2 Con:", "Con", "has no dot after its number"),
        ("1.2.Con:", "Con", "has no space after its number"),
        (
            "1.2.  Con:",
            "Con",
            "has more than one space after its number",
        ),
        ("1.2. Con :", "Con", "has a space before its colon"),
        ("1.2. con:", "Con", "has \"con\" for \"Con\""),
        ("1.2. pro:", "Pro", "has \"pro\" for \"Pro\""),
        (
            "1.2 PRO:",
            "Pro",
            "has no dot after its number and \"PRO\" for \"Pro\"",
        ),
    ] {
        let imported = parse(&file(record), "slip.txt");
        assert_valid(&imported.map);
        let kind = if side == "Con" {
            Kind::Objection
        } else {
            Kind::Claim
        };
        assert_eq!(
            tree(&imported.map),
            [
                row(0, Kind::Thesis, "k-1", "Schools should require uniforms."),
                row(1, Kind::Claim, "k-1-1", "They reduce bullying."),
                row(1, kind, "k-1-2", "Against it."),
                row(2, Kind::Claim, "k-1-2-1", "Below it."),
            ],
            "{record:?}"
        );
        assert_eq!(
            placed(&imported),
            [(
                Some((5, 1)),
                format!(
                    "the label \"{record}\" {wrong}; it is read as the claim 1.2 (write \"1.2. {side}:\" as Kialo does)"
                )
            )],
        );
        assert_eq!(imported.problems[0].severity, Severity::Warning);
    }
    // A deeper claim, as in the report: `1.1.1 Con:` and `1.1.2. con:` under 1.1.
    let deeper = "Discussion Title: Uniforms\n\n1. Schools should require uniforms.\n1.1. Pro: They reduce bullying.\n1.1.1 Con: Missing dot deeper.\n1.1.2. con: Kids find other targets.\n";
    let imported = parse(deeper, "deeper.txt");
    assert_eq!(
        tree(&imported.map),
        [
            row(0, Kind::Thesis, "k-1", "Schools should require uniforms."),
            row(1, Kind::Claim, "k-1-1", "They reduce bullying."),
            row(2, Kind::Objection, "k-1-1-1", "Missing dot deeper."),
            row(2, Kind::Objection, "k-1-1-2", "Kids find other targets."),
        ]
    );
    assert_eq!(problem_lines(&imported), [5, 6]);
    // Words that only start like a side stay text of the claim: `Prosecutors:` is no side.
    let text =
        "Discussion Title: T\n\n1. The thesis.\n1.1. Pro: A reason.\n1.2 Prosecutors: agree.\n";
    let imported = parse(text, "t.txt");
    assert_eq!(imported.map.nodes.len(), 2);
}

#[test]
fn a_claim_without_words_is_shown_empty_with_a_warning_at_it_in_either_layout() {
    let name_layout = "Discussion Name:\nUniforms\n\n1. Thesis:\nSchools should require uniforms.\n\n  1.1. Pro:\n\n  1.2. Con:\n  They cost money.\n";
    let title_layout = "Discussion Title: Uniforms\n\n1. Schools should require uniforms.\n1.1. Pro: \n1.2. Con: They cost money.\n";
    for (text, place, fix) in [
        (name_layout, (7, 3), "on the lines below its label"),
        (title_layout, (4, 1), "after its number and side"),
    ] {
        let imported = parse(text, "k.txt");
        assert_valid(&imported.map);
        let first = imported.map.children(imported.map.root)[0];
        assert_eq!(imported.map.statement(first).label, "(empty)");
        assert_eq!(
            placed(&imported),
            [(
                Some(place),
                format!(
                    "the claim 1.1 has no text; it is shown as \"(empty)\", so write its words {fix}"
                )
            )]
        );
    }
}

#[test]
fn a_label_line_without_its_side_is_named_on_its_own_line() {
    // Written by hand: "1.2." with no Pro: or Con: after it. The claims below it could not be
    // placed; the warning on its own line says why and how to write it.
    let imported = read("v2_label_without_side.txt");
    let said = placed(&imported);
    assert_eq!(
        said[0],
        (
            Some((10, 7)),
            "\"1.2.\" has no side after its number, so it starts no claim; its line is read as text of the claim above (write \"1.2. Pro:\" or \"1.2. Con:\" as Kialo does)".to_string()
        )
    );
    assert_eq!(problem_lines(&imported), [10, 13, 16]);
}

#[test]
fn a_label_line_written_not_quite_as_kialo_writes_it_is_read_as_its_claim_with_a_warning() {
    // Each was read as text of the claim above: the claim was gone and `check` said ok.
    let file = |label: &str| {
        format!(
            "Discussion Name:\nT\n\n1. Thesis:\nThe thesis.\n\n  1.1. Pro:\n  A reason.\n\n{label}\n  Against it.\n\n    1.2.1. Pro:\n    Below it.\n"
        )
    };
    for (label, wrong) in [
        ("  1.2. Con", "has no colon after its side"),
        ("  1.2 Con:", "has no dot after its number"),
        ("  1.2.  Con:", "has more than one space after its number"),
        ("  1.2.Con:", "has no space after its number"),
        ("  1.2. Con :", "has a space before its colon"),
        (
            "  1.2 Con",
            "has no dot after its number and no colon after its side",
        ),
    ] {
        let imported = parse(&file(label), "slip.txt");
        assert_valid(&imported.map);
        let map = &imported.map;
        assert_eq!(
            tree(map),
            [
                row(0, Kind::Thesis, "k-1", "The thesis."),
                row(1, Kind::Claim, "k-1-1", "A reason."),
                row(1, Kind::Objection, "k-1-2", "Against it."),
                row(2, Kind::Claim, "k-1-2-1", "Below it."),
            ],
            "{label:?}"
        );
        assert_eq!(
            placed(&imported),
            [(
                Some((10, 3)),
                format!(
                    "the label \"{}\" {wrong}; it is read as the claim 1.2 (write \"1.2. Con:\" as Kialo does)",
                    label.trim_start()
                )
            )],
        );
        assert_eq!(imported.problems[0].severity, Severity::Warning);
    }
}

#[test]
fn a_claim_below_a_label_line_that_starts_no_claim_names_that_line() {
    // It said "there is no claim 1.2 above it", with the line that was meant to be 1.2 unnamed.
    let text = "Discussion Name:\nT\n\n1. Thesis:\nThe thesis.\n\n  1.2. Maybe:\n  Odd.\n\n    1.2.1. Pro:\n    Below it.\n";
    let said = placed(&parse(text, "k.txt"));
    assert_eq!(said.len(), 2, "{said:?}");
    assert_eq!(
        said[1],
        (
            Some((10, 5)),
            "the claim 1.2.1 could not be placed: its parent 1.2 on line 7 starts no claim (see the warning there); this line is read as text of the claim above".to_string()
        )
    );
}

#[test]
fn records_indented_with_tabs_or_spaces_are_records_in_either_layout() {
    // A new-layout export re-indented with tabs, as Windows saves it (BOM, CRLF).
    let tabs = "\u{feff}Discussion Name:\r\nUniforms\r\n\r\n1. Thesis:\r\nSchools should have uniforms.\r\n\r\n\t1.1. Con:\r\n\tUniforms are itchy.\r\n\r\n\t\t1.1.1. Pro:\r\n\t\tWool is itchy.\r\n\r\n\t1.2. Pro:\r\n\tThey are cheap.\r\n";
    let imported = parse(tabs, "tabs.txt");
    assert_valid(&imported.map);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(
        tree(&imported.map),
        [
            row(0, Kind::Thesis, "k-1", "Schools should have uniforms."),
            row(1, Kind::Objection, "k-1-1", "Uniforms are itchy."),
            row(2, Kind::Claim, "k-1-1-1", "Wool is itchy."),
            row(1, Kind::Claim, "k-1-2", "They are cheap."),
        ]
    );
    // Read as the same file indented with spaces.
    let spaces = parse(&tabs.replace('\t', "  "), "spaces.txt");
    assert_eq!(spaces.map, imported.map);

    // The old layout, its records indented by hand.
    for indent in ["\t", "  "] {
        let text = format!(
            "Discussion Title: Uniforms\n\n1. Schools should have uniforms.\n{indent}1.1. Pro: Cheap.\n{indent}{indent}1.1.1. Con: Not really.\n{indent}1.2. Con: Itchy.\n"
        );
        let imported = parse(&text, "old.txt");
        assert_valid(&imported.map);
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        assert_eq!(
            tree(&imported.map),
            [
                row(0, Kind::Thesis, "k-1", "Schools should have uniforms."),
                row(1, Kind::Claim, "k-1-1", "Cheap."),
                row(2, Kind::Objection, "k-1-1-1", "Not really."),
                row(1, Kind::Objection, "k-1-2", "Itchy."),
            ],
            "{indent:?}"
        );
    }
}

#[test]
fn the_header_is_found_below_lines_typed_above_it_and_in_any_letters() {
    let text = "Note first\nDiscussion Title: Uniforms\n\n1. Schools should have uniforms.\n1.1. Pro: Cheap.\n";
    assert_eq!(
        argscope::formats::detect::detect(text),
        argscope::formats::detect::Format::Kialo
    );
    let imported = parse(text, "note.txt");
    assert_valid(&imported.map);
    assert_eq!(imported.map.meta.title, "Uniforms");
    assert_eq!(imported.map.len(), 2);
    assert_eq!(placed(&imported), [(
        Some((1, 1)),
        "the lines above the \"Discussion Title:\" line (line 2) are left out; a Kialo export starts with it".to_string()
    )]);
    for header in ["discussion title: Uniforms", "DISCUSSION TITLE: Uniforms"] {
        let text = format!("{header}\n\n1. Schools should have uniforms.\n1.1. Con: Itchy.\n");
        assert_eq!(
            argscope::formats::detect::detect(&text),
            argscope::formats::detect::Format::Kialo
        );
        let imported = parse(&text, "lower.txt");
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        assert_eq!(imported.map.meta.title, "Uniforms");
        assert_eq!(imported.map.len(), 2);
    }
}
