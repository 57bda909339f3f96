//! The README is what newcomers read first: its example map must load, and its key table must
//! name every key the program binds.

use argscope::load::{self, DocumentSource};
use argscope::tui::keymap::{Keymap, Mode, keys_text};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn the_format_example_loads_and_its_reference_resolves() {
    let readme = readme();
    let start = readme.find("```json\n").expect("a JSON example") + "```json\n".len();
    let end = start + readme[start..].find("```").expect("the example ends");
    let essay =
        "Schools should require uniforms. Over a year a uniform costs less than a wardrobe.";
    let loaded = load::from_str(
        &readme[start..end],
        "README.md",
        DocumentSource::Text(essay),
    )
    .expect("the example loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let map = &loaded.map;
    let reference = map
        .preorder()
        .find(|&id| map.is_ref(id))
        .expect("the example shows a reference");
    assert_eq!(
        map.statement(reference).label,
        "Uniforms save families money"
    );
}

#[test]
fn the_key_table_names_every_bound_key() {
    let readme = readme();
    let table = &readme[readme.find("## Keys").expect("a Keys section")
        ..readme.find("### Reading the tree").expect("next section")];
    for binding in Keymap::default()
        .bindings
        .iter()
        .filter(|b| b.mode == Mode::Normal)
    {
        let keys = keys_text(&binding.keys);
        // Digits are documented as the range `1` … `9`.
        if keys.len() == 1 && keys.as_bytes()[0].is_ascii_digit() && keys != "0" {
            continue;
        }
        assert!(
            table.contains(&format!("`{keys}`")),
            "the README's key table does not mention `{keys}`"
        );
    }
}

#[test]
fn the_notes_example_reads_as_a_notes_file() {
    let readme = readme();
    let section = &readme[readme
        .find("## Seminar notes\n")
        .expect("a Seminar notes section")..];
    let start = section.find("```json\n").expect("a notes example") + "```json\n".len();
    let end = start + section[start..].find("```").expect("the example ends");
    let file = argscope::notes::store::parse(&section[start..end], "README.md")
        .expect("the example reads");
    assert!(file.keyed_by_id);
    let crimea = &file.entries["crimea"];
    assert_eq!(crimea.mark, Some(argscope::notes::Mark::Unsure));
    assert_eq!(crimea.impact, Some(3));
    // It is written as argscope writes notes files.
    assert_eq!(
        argscope::notes::store::to_json(&file.map, true, &file.entries),
        &section[start..end]
    );
}
