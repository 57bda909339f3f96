//! Groups: what a source leaves unrelated stays unrelated. Several theses with no question
//! they answer, and statements no thesis reaches, are held by a group that bears on nothing,
//! never shown or written as claims supporting something the source does not say they support.

use argscope::formats::{argdown, dot, kialo, left_out, markdown, native, opml};
use argscope::load;
use argscope::model::{ArgMap, Kind};
use argscope::tui::keymap::Keymap;
use argscope::tui::keys::parse_keys;
use argscope::tui::snapshot::{render, to_text};
use argscope::tui::state::Start;

/// Two theses and a statement related to nothing.
const TWO_THESES: &str = "[A]: First thesis.\n  + [B]: Support.\n\n[C]: An unconnected statement.\n\n[D]: Another one.\n  - [E]: Attack.\n";

/// One thesis and a statement related to nothing.
const ONE_THESIS: &str = "[A]: The thesis.\n  + [B]: Support.\n\n[C]: An unconnected statement.\n";

/// "kind label" a line, indented by depth.
fn outline(map: &ArgMap) -> String {
    map.preorder_with_depth()
        .map(|(id, depth)| {
            let label = &map.statement(map.resolve(id)).label;
            format!(
                "{}{} {label}\n",
                "  ".repeat(depth),
                map.node(id).kind.name()
            )
        })
        .collect()
}

fn assert_valid(map: &ArgMap) {
    let errors = argscope::model::errors(map, "x");
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn several_theses_stand_in_a_group_and_none_is_shown_supporting_anything() {
    let map = argdown::parse(TWO_THESES, "two.argdown").map;
    assert_valid(&map);
    assert_eq!(
        outline(&map),
        "group two.argdown\n  thesis A\n    claim B\n  thesis D\n    objection E\n  thesis C\n"
    );
}

#[test]
fn what_no_thesis_reaches_stands_in_a_group_beside_the_thesis() {
    let map = argdown::parse(ONE_THESIS, "one.argdown").map;
    assert_valid(&map);
    assert_eq!(
        outline(&map),
        "thesis A\n  claim B\n  group Other statements\n    thesis C\n"
    );
}

#[test]
fn groups_come_back_from_argdown_opml_and_json_as_they_went() {
    for text in [TWO_THESES, ONE_THESIS] {
        let map = argdown::parse(text, "same.argdown").map;
        let from_argdown = argdown::parse(&argdown::write(&map), "same.argdown").map;
        assert_eq!(outline(&from_argdown), outline(&map), "Argdown");
        let from_opml = opml::parse(&opml::write(&map), "same.opml");
        assert!(from_opml.problems.is_empty(), "{:?}", from_opml.problems);
        assert_eq!(outline(&from_opml.map), outline(&map), "OPML");
        let json = native::write(&map);
        let from_json = native::parse(&json, "same.json").expect("argscope JSON reads back");
        assert_eq!(outline(&from_json.map), outline(&map), "JSON");
    }
    // Argdown has no word for a group: nothing of one is written but what it holds.
    let written = argdown::write(&argdown::parse(ONE_THESIS, "one.argdown").map);
    assert!(!written.contains("Other statements"), "{written}");
    assert!(
        written.contains("\n[C]: An unconnected statement.\n"),
        "{written}"
    );
}

#[test]
fn kialo_writes_a_group_of_theses_as_theses_under_a_question_and_says_so() {
    let map = argdown::parse(TWO_THESES, "two.argdown").map;
    let again = kialo::parse(&kialo::write(&map), "two.txt").map;
    assert_eq!(again.node(again.root).kind, Kind::Question);
    let kinds: Vec<Kind> = (again.children(again.root).iter())
        .map(|&id| again.node(id).kind)
        .collect();
    assert_eq!(kinds, [Kind::Thesis; 3]);
    let warning = left_out::kialo(&map).warning(&map).expect("a warning");
    assert!(
        warning.contains("the group at the root (written as a question its theses answer)"),
        "{warning}"
    );
}

#[test]
fn a_group_below_the_roots_children_is_refused_with_what_to_do() {
    let json = r#"{"argscope": 1, "root": {"id": "t", "kind": "thesis", "label": "T", "children": [
        {"id": "c", "kind": "claim", "label": "C", "children": [
            {"id": "g", "kind": "group", "label": "G", "children": []}]}]}}"#;
    let problems = match native::parse(json, "deep.json") {
        Ok(parsed) => argscope::model::validate(&parsed.map, &parsed.places),
        Err(problems) => problems,
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].place.line_col, Some((3, 33)));
    assert!(
        problems[0]
            .message
            .starts_with("a group stands below the root's children"),
        "{}",
        problems[0].message
    );
}

#[test]
fn graphviz_draws_a_group_apart_with_dotted_edges() {
    let map = argdown::parse(ONE_THESIS, "one.argdown").map;
    let graph = dot::write(&map);
    assert!(graph.contains("shape=folder"), "{graph}");
    assert!(
        graph.contains(r#""a" -> "other-statements" [label="in", style=dotted];"#),
        "{graph}"
    );
    assert!(
        graph.contains(r#""other-statements" -> "c" [label="in", style=dotted];"#),
        "{graph}"
    );
}

#[test]
fn the_detail_pane_says_what_a_group_holds_not_what_it_argues() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.argdown");
    std::fs::write(&path, TWO_THESES).unwrap();
    let loaded = load::from_path(&path).expect("the map loads");
    let screen = to_text(&render(
        &loaded,
        &Keymap::default(),
        100,
        30,
        &parse_keys(""),
        &Start::default(),
    ));
    assert!(screen.contains("○ group"), "{screen}");
    assert!(
        screen.contains("holds theses the source relates to nothing else"),
        "{screen}"
    );
    assert!(screen.contains("Holds (3): 3 theses"), "{screen}");
    assert!(!screen.contains("the claim the map argues for"), "{screen}");
}

#[test]
fn the_handout_explains_the_group_glyph_only_when_the_map_has_a_group() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.argdown");
    std::fs::write(&path, TWO_THESES).unwrap();
    let handout = markdown::write(&load::from_path(&path).expect("the map loads"));
    assert!(handout.contains("↳ rebuttal, ○ group; ↪"), "{handout}");
    assert!(handout.contains("- **○ group:** two.argdown"), "{handout}");
    let builtin = markdown::write(&load::builtin());
    assert!(!builtin.contains("○"), "{builtin}");
}
