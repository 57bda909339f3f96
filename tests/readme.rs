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

/// The program as the README's commands run it: from the project folder, with no settings.
fn argscope(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_argscope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .env_remove("NO_COLOR")
        .output()
        .expect("argscope runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The text of the fenced block that begins after `marker` in the README.
fn block_after(readme: &str, marker: &str) -> String {
    let from = readme
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} in the README"));
    let rest = &readme[from..];
    let start = rest.find("```").expect("a block") + 3;
    let start = start + rest[start..].find('\n').expect("its first line") + 1;
    let end = start + rest[start..].find("```").expect("the block ends");
    rest[start..end].to_string()
}

#[test]
fn the_start_screen_is_what_the_snapshot_command_it_names_prints() {
    let readme = readme();
    let shown = block_after(&readme, "`argscope snapshot --size 80x24 --keys \"j j l\"`");
    let screen = argscope(&["snapshot", "--size", "80x24", "--keys", "j j l"]);
    let lines: Vec<&str> = screen.lines().take(shown.lines().count()).collect();
    assert_eq!(shown.lines().collect::<Vec<_>>(), lines);
}

#[test]
fn the_check_example_prints_what_the_readme_shows() {
    let readme = readme();
    let example = block_after(&readme, "Or it prints one summary line and exits 0:");
    let mut lines = example.lines().map(str::trim);
    assert_eq!(lines.next(), Some("$ argscope check"));
    assert_eq!(Some(argscope(&["check"]).trim_end()), lines.next());
}

/// Every option the README's command lines give (`Commands` and the seminar's commands) is one
/// the command they give it to lists in its help, so a renamed or moved option cannot leave the
/// README behind.
#[test]
fn every_option_in_the_readmes_command_lines_is_in_that_commands_help() {
    let readme = readme();
    let blocks = [
        block_after(&readme, "## Commands"),
        block_after(&readme, "After the seminar:"),
    ];
    let reading_a_map: [&[&str]; 5] = [
        &["print"],
        &["export"],
        &["check"],
        &["snapshot"],
        &["notes", "summary"],
    ];
    let mut checked = 0;
    for line in blocks.iter().flat_map(|block| block.lines()) {
        let line = line.split('#').next().unwrap_or_default();
        let Some(words) = line.trim().strip_prefix("argscope") else {
            continue;
        };
        let words: Vec<&str> = words.split_whitespace().collect();
        let command: Vec<&[&str]> = match words.first() {
            Some(&"<COMMAND>") => reading_a_map.to_vec(),
            Some(&"notes") => vec![&["notes", "summary"]],
            Some(word) if word.chars().all(|c| c.is_ascii_lowercase()) => vec![&words[..1]],
            _ => vec![&[]],
        };
        let options = words
            .iter()
            .map(|word| word.trim_matches(['[', ']', '|']))
            .filter(|word| word.starts_with('-'))
            .map(|word| word.split(['=', '|', ']']).next().unwrap_or(word));
        for option in options {
            for command in &command {
                let help = argscope(&[command, &["--help"][..]].concat());
                assert!(
                    [" ", ",", "\n"]
                        .iter()
                        .any(|after| help.contains(&format!("{option}{after}"))),
                    "the README gives `argscope {} {option}`, which its help does not list:\n{help}",
                    command.join(" ")
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 10,
        "only {checked} options found in the README's command lines"
    );
}

/// The README writes `snapshot [FILE] … [--config SETTINGS]`; the help wrote `--config <FILE>`
/// beside the map's `[FILE]`, two different files under one name.
#[test]
fn snapshot_help_names_the_settings_file_as_the_readme_does() {
    assert!(readme().contains("[--config SETTINGS]"));
    let help = argscope(&["snapshot", "--help"]);
    assert!(help.contains("--config <SETTINGS>"), "{help}");
}
