//! The OPML importer: each fixture is a small synthetic outline written for one case.

use argscope::formats::Imported;
use argscope::formats::opml::parse;
use argscope::model::{ArgMap, Severity};
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/opml/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn import(name: &str) -> Imported {
    let imported = parse(&fixture(name), name);
    assert_valid(&imported.map);
    assert!(!imported.stable_ids);
    imported
}

fn assert_valid(map: &ArgMap) {
    let errors = argscope::model::errors(map, "fixture");
    assert!(errors.is_empty(), "{errors:?}");
}

/// The tree, one node a line: indent, kind, label, `[id]`.
fn outline(map: &ArgMap) -> String {
    let mut out = String::new();
    for (id, depth) in map.preorder_with_depth() {
        let statement = map.statement(id);
        out.push_str(&format!(
            "{}{} {} [{}]\n",
            "  ".repeat(depth),
            map.node(id).kind.name(),
            statement.label,
            statement.id
        ));
    }
    out
}

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
fn pro_and_con_prefixes_give_claims_and_objections() {
    let imported = import("pro_con.opml");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Schools should require uniforms [schools-should-require-uniforms]
  claim Uniforms reduce bullying over clothes [uniforms-reduce-bullying-over-clothes]
    objection Bullies find other targets [bullies-find-other-targets]
  objection Uniforms cost families money [uniforms-cost-families-money]
  claim They save time in the morning [they-save-time-in-the-morning]
  objection They limit self-expression [they-limit-self-expression]
    claim Pupils can express themselves in other ways [pupils-can-express-themselves-in-other-ways]
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(imported.map.meta.title, "School uniforms");
}

#[test]
fn several_top_level_outlines_stand_under_a_thesis_named_by_the_title() {
    let imported = import("several_tops.opml");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Town meeting & notes [town-meeting-notes]
  claim Build a new library [build-a-new-library]
    claim Readers need space [readers-need-space]
  claim Close the old pool [close-the-old-pool]
"
    );
    let problems = problems(&imported);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("10: the outline has 2 top-level items"),
        "{problems:?}"
    );

    let untitled = import("several_tops_untitled.opml");
    assert_eq!(
        outline(&untitled.map),
        "\
thesis several_tops_untitled.opml [several-tops-untitled-opml]
  claim First [first]
  claim Second [second]
"
    );
}

#[test]
fn notes_become_the_text_and_urls_are_kept() {
    let imported = import("notes.opml");
    let map = &imported.map;
    assert_eq!(
        outline(map),
        "\
thesis Remote work is here to stay [remote-work-is-here-to-stay]
  claim Commutes vanish [commutes-vanish]
  objection Teams lose touch [teams-lose-touch]
  claim A note with no text [a-note-with-no-text]
"
    );
    assert_eq!(
        map.statement(map.root).text,
        "Said by most firms surveyed in 2024."
    );
    let commutes = map.find("commutes-vanish").unwrap();
    assert_eq!(map.statement(commutes).text, "Line one\nLine two");
    assert_eq!(map.statement(commutes).url, "https://example.org/commute");
    // An outline with only a note is labelled by it (its whole note, one sentence).
    let noted = map.find("a-note-with-no-text").unwrap();
    assert_eq!(map.statement(noted).text, "");
    let problems = problems(&imported);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("8: this outline has no text, only a note"));
}

#[test]
fn malformed_xml_keeps_what_came_before_the_fault() {
    let imported = import("malformed.opml");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Cats are better than dogs [cats-are-better-than-dogs]
  claim Cats are quieter [cats-are-quieter]
  objection Dogs are loyal [dogs-are-loyal]
  claim Read before the fault [read-before-the-fault]
"
    );
    // The outline on line 6 is the one left open: its `</outline>` is indented as its parent's.
    assert_eq!(
        problems(&imported),
        [
            "6: this outline is never closed, so the outlines after it are read nested too deep, and those after line 9, where the XML breaks, are left out; end its tag with /> if nothing is inside it, or close it with </outline> after the outlines inside it"
        ]
    );
}

#[test]
fn an_outline_left_open_is_named_and_nothing_is_said_to_be_left_out_when_nothing_is() {
    // `…"/>` changed to `…">`: the message was "expected </outline>, but </body> was found; the
    // outlines before this point are kept, the rest is left out", at </body>, which was false.
    let text = r#"<opml version="2.0">
  <body>
    <outline text="Homework should be banned.">
      <outline text="Pro: Children need time to play.">
        <outline text="Con: Many do sports anyway.">
      </outline>
      <outline text="Pro: Homework causes stress.">
        <outline text="- The survey was biased."/>
      </outline>
    </outline>
  </body>
</opml>
"#;
    let imported = parse(text, "open.opml");
    assert_valid(&imported.map);
    // Every outline is read; those after the open one a level too deep.
    assert_eq!(
        outline(&imported.map)
            .lines()
            .map(|line| line.split(" [").next().unwrap_or_default())
            .collect::<Vec<_>>(),
        [
            "thesis Homework should be banned.",
            "  claim Children need time to play.",
            "    objection Many do sports anyway.",
            "    claim Homework causes stress.",
            "      objection The survey was biased.",
        ]
    );
    let [problem] = &imported.problems[..] else {
        panic!("{:?}", imported.problems)
    };
    assert_eq!(problem.place.line_col, Some((5, 9)));
    assert_eq!(
        problem.message,
        "this outline is never closed, so the outlines after it are read nested too deep (none is left out); end its tag with /> if nothing is inside it, or close it with </outline> after the outlines inside it"
    );
    assert_eq!(problem.severity, Severity::Warning);
    assert_eq!(problem.loss, argscope::model::problem::Loss::Nothing);
}

#[test]
fn an_unclosed_outline_is_read_to_the_end() {
    let imported = import("unclosed.opml");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Tea beats coffee [tea-beats-coffee]
  claim Less caffeine [less-caffeine]
"
    );
    let problems = problems(&imported);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("3: "), "{problems:?}");
}

#[test]
fn an_empty_file_or_prose_is_refused_with_one_error() {
    let imported = import("empty.opml");
    // The map beside an error is a placeholder, never shown.
    assert_eq!(imported.map.len(), 1);
    assert_eq!(
        imported.map.statement(imported.map.root).label,
        "empty.opml"
    );
    assert_eq!(
        problems(&imported),
        [
            "0: the file is empty; an OPML file is XML such as <opml><body><outline text=\"…\"/></body></opml>"
        ]
    );
    assert_eq!(imported.problems[0].severity, Severity::Error);
    let prose = parse("just some words\n", "words.opml");
    assert_eq!(prose.map.len(), 1);
    assert_valid(&prose.map);
    assert_eq!(prose.problems.len(), 1);
    assert_eq!(prose.problems[0].severity, Severity::Error);
    assert!(
        prose.problems[0]
            .message
            .starts_with("the file has no <opml> element"),
        "{:?}",
        prose.problems
    );
    // OPML with an empty body is an empty outline, not a broken file.
    let empty_body = parse("<opml><head/><body></body></opml>", "e.opml");
    assert_eq!(empty_body.problems.len(), 1);
    assert_eq!(empty_body.problems[0].severity, Severity::Warning);
}

#[test]
fn a_hundred_thousand_levels_of_nesting_do_not_overflow() {
    let depth = 100_000;
    let mut text = String::from("<opml><body>");
    for i in 0..depth {
        text.push_str(&format!("<outline text=\"Pro: level {i}\">"));
    }
    text.push_str(&"</outline>".repeat(depth));
    text.push_str("</body></opml>");
    let imported = parse(&text, "deep.opml");
    assert_eq!(imported.map.len(), depth);
    let deepest = imported.map.preorder_with_depth().map(|(_, d)| d).max();
    assert_eq!(deepest, Some(depth - 1));
    assert!(imported.problems.is_empty());
    assert_valid(&imported.map);
}

const FIXTURES: &[&str] = &[
    "pro_con.opml",
    "several_tops.opml",
    "several_tops_untitled.opml",
    "notes.opml",
    "malformed.opml",
    "unclosed.opml",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_opens_without_panicking(text in "\\PC*") {
        assert_valid(&parse(&text, "any.opml").map);
    }

    #[test]
    fn xml_like_noise_opens_without_panicking(text in "(<outline text=\"[+a-z&;# :-]{0,6}\"( _note=\"[a-z&;#]{0,4}\")?/?>|</outline>|<title>|</title>|[<>/=\"&; a-z]){0,40}") {
        assert_valid(&parse(&text, "noise.opml").map);
    }

    #[test]
    fn mutated_fixtures_open_without_panicking(
        which in 0..FIXTURES.len(),
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..8, "[<>/=\"&;#: a-z]{0,3}"), 1..6),
    ) {
        let mut text = fixture(FIXTURES[which]).into_bytes();
        for (at, remove, insert) in cuts {
            let start = at.index(text.len().max(1)).min(text.len());
            let end = (start + remove).min(text.len());
            text.splice(start..end, insert.bytes());
        }
        let text = String::from_utf8_lossy(&text);
        assert_valid(&parse(&text, "mutated.opml").map);
    }
}

#[test]
fn an_outline_with_only_a_note_is_labelled_by_its_note_not_empty() {
    let text = "<opml version=\"2.0\"><body>\n<outline text=\"Uniforms help\">\n<outline _note=\"Pupils tease less. A survey of 300 pupils found it.\"/>\n</outline></body></opml>\n";
    let imported = parse(text, "class.opml");
    assert_valid(&imported.map);
    let child = imported.map.children(imported.map.root)[0];
    let statement = imported.map.statement(child);
    assert_eq!(statement.label, "Pupils tease less.");
    assert_eq!(
        statement.text,
        "Pupils tease less. A survey of 300 pupils found it."
    );
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "class.opml:3:1: this outline has no text, only a note; the note's first sentence is its label (give it a text to choose its own)"
        ]
    );
}

#[test]
fn a_side_with_no_claim_after_it_is_a_warning_at_its_outline() {
    let text = "<opml version=\"2.0\"><body>\n<outline text=\"Uniforms help.\">\n  <outline text=\"Con:\"/>\n  <outline text=\"Pro: Cheaper.\"/>\n</outline></body></opml>\n";
    let imported = parse(text, "class.opml");
    assert_valid(&imported.map);
    assert_eq!(
        outline(&imported.map),
        "thesis Uniforms help. [uniforms-help]\n  objection (empty) [empty]\n  claim Cheaper. [cheaper]\n"
    );
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "class.opml:3:3: this outline is only the side \"Con:\", with no words after it; it is shown as \"(empty)\" (write the claim after the side)"
        ]
    );
}

#[test]
fn workflowy_formatting_links_and_entities_give_the_words_the_outliner_shows() {
    // WorkFlowy writes each text as HTML inside the attribute: tags, links, escaped `&`.
    let imported = import("workflowy.opml");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Schools should require uniforms [schools-should-require-uniforms]
  claim They save families money [they-save-families-money]
  objection A study finds no effect on grades [a-study-finds-no-effect-on-grades]
  objection Costs rise & fall — prices <b> vary [costs-rise-fall-prices-b-vary]
  claim Mornings are quicker and calmer [mornings-are-quicker-and-calmer]
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let map = &imported.map;
    assert_eq!(map.statement(map.root).text, "From the R&D meeting");
    let study = map.children(map.root)[1];
    assert_eq!(
        map.statement(study).url,
        "https://example.org/study?a=1&b=2"
    );
}

#[test]
fn dynalist_and_logseq_markdown_gives_the_words_the_outliner_shows() {
    // Dynalist and Logseq write each text as Markdown: emphasis, links, page links.
    let imported = import("dynalist.opml");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Schools should require uniforms [schools-should-require-uniforms]
  claim They save families money [they-save-families-money]
  objection A study finds no effect on marks grades [a-study-finds-no-effect-on-marks-grades]
  objection 2 * 3 * 4 pupils and snake_case_names are not Markdown [2-3-4-pupils-and-snake-case-names-are-not-markdo]
"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let map = &imported.map;
    let root = map.statement(map.root);
    assert_eq!(root.text, "From the staff meeting, see the minutes");
    // A link in the note is the url of an outline whose text has none.
    assert_eq!(root.url, "https://example.org/minutes");
    let study = map.children(map.root)[1];
    assert_eq!(map.statement(study).url, "https://example.org/study_(2020)");

    let imported = import("logseq.opml");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Homework should be banned in primary school [homework-should-be-banned-in-primary-school]
  claim Pupils need sleep and play, says the report [pupils-need-sleep-and-play-says-the-report]
  objection Practice at home builds habits [practice-at-home-builds-habits]
"
    );
    let map = &imported.map;
    let report = map.children(map.root)[0];
    assert_eq!(map.statement(report).url, "https://example.org/report");
}

#[test]
fn a_plain_outline_that_mentions_a_tag_keeps_it() {
    let text =
        r#"<opml version="2.0"><body><outline text="Use &lt;b&gt; for bold"/></body></opml>"#;
    let imported = parse(text, "plain.opml");
    assert_eq!(
        imported.map.statement(imported.map.root).label,
        "Use <b> for bold"
    );
}

#[test]
fn html_entities_and_a_bare_ampersand_are_read_as_a_browser_reads_them_with_a_warning() {
    // Not XML, but what hand-made and some exported outlines hold: each said, none left out.
    let imported = import("html_entities.opml");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Cafés should open late — all week [caf-s-should-open-late-all-week]
  claim R & D say so [r-d-say-so]
"
    );
    assert_eq!(
        problems(&imported),
        [
            "4: the `text` of this outline has `&eacute;`, an HTML entity XML does not define; it is read as HTML reads it (é)",
            "5: the `text` of this outline has an `&` that starts no entity (XML wants `&amp;` for a plain `&`); it is kept as an `&`",
        ]
    );
    let map = &imported.map;
    let claim = map.children(map.root)[0];
    assert_eq!(map.statement(claim).text, "Staff & owners agree");
}

/// An OPML file holding `body`, with a title.
fn opml_body(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>Uniforms</title></head><body>\n{body}\n</body></opml>\n"
    )
}

#[test]
fn side_headings_head_their_outlines_on_their_side_under_the_headings_parent() {
    let text = opml_body(
        r#"<outline text="School uniforms should be mandatory">
  <outline text="&lt;b&gt;Arguments for&lt;/b&gt;">
    <outline text="They reduce bullying"/>
    <outline text="Con: They look dull"/>
  </outline>
  <outline text="ARGUMENTS AGAINST:">
    <outline text="They cost money">
      <outline text="Second-hand ones are cheap"/>
    </outline>
    <outline text="Cons"><outline text="Nested headings take the nearest side"/></outline>
  </outline>
  <outline text="Objections"/>
</outline>"#,
    );
    let imported = parse(&text, "sides.opml");
    assert_valid(&imported.map);
    assert_eq!(
        outline(&imported.map),
        "\
thesis School uniforms should be mandatory [school-uniforms-should-be-mandatory]
  claim They reduce bullying [they-reduce-bullying]
  objection They look dull [they-look-dull]
  objection They cost money [they-cost-money]
    claim Second-hand ones are cheap [second-hand-ones-are-cheap]
  objection Nested headings take the nearest side [nested-headings-take-the-nearest-side]
  claim Objections [objections]
"
    );
    assert_eq!(
        problems(&imported),
        [
            "6: this outline names its side, Con, but stands under the side heading \"Arguments for\"; its own side decides (move it under the heading of its side)",
            "14: this outline is only the side heading \"Objections\", with no outlines below it, so it stays as a statement of its own; put the reasons it heads below it (or write the claim after \"Con:\")",
        ]
    );
    // Each warning names the node it is about, not a heading that left the map.
    let map = &imported.map;
    let dull = map.children(map.root)[1];
    assert_eq!(imported.problems[0].node, Some(dull));
}

#[test]
fn side_headings_at_the_top_stand_under_the_thesis_the_title_names() {
    let text = opml_body(
        r#"<outline text="Pros"><outline text="A"/></outline>
<outline text="Cons"><outline text="B"/><outline text="C" _note="see" url="https://x.org"/></outline>"#,
    );
    let imported = parse(&text, "tops.opml");
    assert_valid(&imported.map);
    assert_eq!(
        outline(&imported.map),
        "thesis Uniforms [uniforms]\n  claim A [a]\n  objection B [b]\n  objection C [c]\n"
    );
    let map = &imported.map;
    let c = map.children(map.root)[2];
    assert_eq!(map.parent(c), Some(map.root));
    assert_eq!(map.statement(c).url, "https://x.org");
    // Headings are no points: the title's thesis is what they bear on, with nothing to warn of.
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    // A point beside them is one more top-level item, which the title's thesis stands for.
    let beside = parse(
        &opml_body(
            r#"<outline text="Pros"><outline text="A"/></outline>
<outline text="Other"/>"#,
        ),
        "tops.opml",
    );
    assert_eq!(beside.problems.len(), 1);
    assert!(
        (beside.problems[0].message).starts_with("the outline has 2 top-level items"),
        "{:?}",
        beside.problems
    );
}

#[test]
fn a_side_may_be_named_in_the_plural_before_its_colon() {
    let imported = parse(
        &opml_body(
            r#"<outline text="T"><outline text="Cons: Costly"/><outline text="PROS: Fair"/></outline>"#,
        ),
        "plural.opml",
    );
    assert_eq!(
        outline(&imported.map),
        "thesis T [t]\n  objection Costly [costly]\n  claim Fair [fair]\n"
    );
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
}

#[test]
fn argscopes_own_outlines_are_never_side_headings() {
    // A label that is a side heading's words, written by argscope with its kind, stays.
    let text = opml_body(
        r#"<outline text="T" kind="thesis" id="t"><outline text="Pro: Pros" kind="claim" id="pros"><outline text="Con: x" kind="objection" id="x"/></outline></outline>"#,
    );
    let imported = parse(&text, "own.opml");
    assert_eq!(
        outline(&imported.map),
        "thesis T [t]\n  claim Pros [pros]\n    objection x [x]\n"
    );
}

#[test]
fn sides_written_with_a_dash_contra_and_workflowy_tags_name_the_side() {
    let text = opml_body(
        r#"<outline text="Remote work is better">
  <outline text="CON - Loneliness"/>
  <outline text="Con – Costs"/>
  <outline text="Contra: Costs rise"/>
  <outline text="Pro - Happier staff"/>
  <outline text="Pro-choice is a word"/>
  <outline text="No commute #pro"/>
  <outline text="Meetings drag #con"/>
</outline>"#,
    );
    let imported = parse(&text, "near.opml");
    assert_eq!(
        outline(&imported.map),
        "\
thesis Remote work is better [remote-work-is-better]
  objection Loneliness [loneliness]
  objection Costs [costs]
  objection Costs rise [costs-rise]
  claim Happier staff [happier-staff]
  claim Pro-choice is a word [pro-choice-is-a-word]
  claim No commute [no-commute]
  objection Meetings drag [meetings-drag]
"
    );
    assert_eq!(
        problems(&imported),
        [
            "4: this outline's side is written \"CON -\", which is read as \"Con:\"; write \"Con:\" before the claim, as outliners and argscope write a side",
            "5: this outline's side is written \"Con –\", which is read as \"Con:\"; write \"Con:\" before the claim, as outliners and argscope write a side",
            "7: this outline's side is written \"Pro -\", which is read as \"Pro:\"; write \"Pro:\" before the claim, as outliners and argscope write a side",
        ]
    );
}

#[test]
fn a_bare_ampersand_is_reported_at_its_own_line_and_column() {
    // On one line, as some tools write a whole file, the column is what finds it.
    let text = r#"<opml version="2.0"><head><title>T</title></head><body><outline text="Fund research"><outline text="Cut the R&D budget" _note="caf&eacute;"/></outline></body></opml>"#;
    let imported = parse(text, "one_line.opml");
    let places: Vec<(usize, usize)> = (imported.problems.iter())
        .filter_map(|p| p.place.line_col)
        .collect();
    let amp = text.find("R&D").unwrap() + 2;
    let entity = text.find("&eacute;").unwrap() + 1;
    assert_eq!(places, [(1, amp), (1, entity)]);
    let imported = import("html_entities.opml");
    let places: Vec<(usize, usize)> = (imported.problems.iter())
        .filter_map(|p| p.place.line_col)
        .collect();
    assert_eq!(places, [(4, 23), (5, 29)]);
}
