//! The settings file as a user meets it: `argscope config`, a file that rebinds keys, and a bad
//! file that stops the program at start with the line and column of each problem.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_argscope");

/// The program with no settings file of the user's in sight: the configuration folder is an
/// empty temporary one and ARGSCOPE_CONFIG is unset.
fn argscope(home: &TempDir) -> Command {
    let mut command = Command::new(BIN);
    command
        .env_remove("ARGSCOPE_CONFIG")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env_remove("NO_COLOR");
    command
}

/// A folder holding `config.toml` with `text` in it.
fn config_file(text: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn stdout(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_default_config_loads_cleanly_and_changes_nothing() {
    let home = TempDir::new().unwrap();
    let default = stdout(argscope(&home).args(["config", "--default"]));
    assert!(default.contains("[keys.help]"), "{default}");
    let (_dir, path) = config_file(&default);
    let keys = ["snapshot", "--size", "100x40", "--keys", "j j l ?"];
    let with_file = stdout(argscope(&home).env("ARGSCOPE_CONFIG", &path).args(keys));
    let without = stdout(argscope(&home).args(keys));
    assert_eq!(with_file, without);
}

#[test]
fn config_path_prints_the_file_in_use() {
    let home = TempDir::new().unwrap();
    let default = stdout(argscope(&home).args(["config", "--path"]));
    let expected = home.path().join("config/argscope/config.toml");
    assert_eq!(default, format!("{}\n", expected.display()));
    let chosen = stdout(
        argscope(&home)
            .env("ARGSCOPE_CONFIG", "/somewhere/else.toml")
            .args(["config", "--path"]),
    );
    assert_eq!(chosen, "/somewhere/else.toml\n");
}

#[test]
fn config_needs_one_of_its_options() {
    let home = TempDir::new().unwrap();
    argscope(&home)
        .arg("config")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--default"));
}

#[test]
fn the_file_in_the_configuration_folder_is_read() {
    let home = TempDir::new().unwrap();
    let folder = home.path().join("config/argscope");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("config.toml"), "[keys]\n\"J\" = \"down\"\n").unwrap();
    let remapped = stdout(argscope(&home).args(["snapshot", "--keys", "J J l"]));
    std::fs::remove_file(folder.join("config.toml")).unwrap();
    let default = stdout(argscope(&home).args(["snapshot", "--keys", "j j l"]));
    assert_eq!(remapped, default);
}

#[test]
fn a_key_bound_to_quit_shows_in_the_help_beside_quit() {
    let home = TempDir::new().unwrap();
    let (_dir, path) = config_file("[keys]\n\"x\" = \"quit\"\n");
    let screen = stdout(argscope(&home).args([
        "snapshot",
        "--config",
        path.to_str().unwrap(),
        "--size",
        "100x120",
        "--keys",
        "?",
    ]));
    let line = screen
        .lines()
        .find(|l| l.contains("q/Ctrl-c/x"))
        .unwrap_or_else(|| panic!("x is not in the help:\n{screen}"));
    assert!(line.contains("quit"), "{line}");
}

#[test]
fn rebound_keys_work_and_unbound_ones_stop() {
    let home = TempDir::new().unwrap();
    let (_dir, path) = config_file("[keys]\n\"n\" = \"down\"\n\"j\" = \"none\"\n");
    let path = path.to_str().unwrap();
    let with_n = stdout(argscope(&home).args(["snapshot", "--config", path, "--keys", "n n l"]));
    let default = stdout(argscope(&home).args(["snapshot", "--keys", "j j l"]));
    let (with_n, hints) = with_n.trim_end().rsplit_once('\n').unwrap();
    assert_eq!(with_n, default.trim_end().rsplit_once('\n').unwrap().0);
    // The hint line follows the keys.
    assert!(hints.contains("n/k move"), "{hints}");
    let with_j = stdout(argscope(&home).args(["snapshot", "--config", path, "--keys", "j"]));
    assert!(with_j.contains("j does nothing here"), "{with_j}");
}

#[test]
fn the_note_editor_and_its_question_name_the_keys_the_settings_bind() {
    let home = TempDir::new().unwrap();
    let (_dir, path) = config_file(
        "[keys.note]\n\"C-s\" = \"none\"\n\"C-w\" = \"save_note\"\n[keys.confirm]\n\"y\" = \"none\"\n\"d\" = \"confirm_yes\"\n",
    );
    let path = path.to_str().unwrap();
    // The bottom borders of the boxes on screen: the editor's, and its question's over it.
    let borders = |keys: &str| {
        let screen = stdout(argscope(&home).args(["snapshot", "--config", path, "--keys", keys]));
        let borders: Vec<String> = screen
            .lines()
            .filter(|l| l.contains('┗'))
            .map(str::to_string)
            .collect();
        borders.join("\n")
    };
    let editor = borders("j a");
    assert!(editor.contains("Ctrl-w save"), "{editor}");
    assert!(!editor.to_lowercase().contains("ctrl-s"), "{editor}");
    let question = borders("j a x Escape");
    assert!(question.contains("d discard"), "{question}");
    assert!(!question.contains("y throw away"), "{question}");
}

#[test]
fn messages_and_help_headings_name_the_keys_the_settings_bind() {
    let home = TempDir::new().unwrap();
    let (_dir, path) = config_file(
        "[keys]\n\"b\" = \"none\"\n\"B\" = \"toggle_bookmark\"\n\"'\" = \"none\"\n\"m\" = \"next_bookmark\"\n\"c\" = \"none\"\n\"x\" = \"cycle_side\"\n\"z\" = \"none\"\n\"Z\" = \"zoom_in\"\n",
    );
    let path = path.to_str().unwrap();
    let screen = |keys: &str, size: &str| {
        stdout(argscope(&home).args(["snapshot", "--config", path, "--size", size, "--keys", keys]))
    };
    let bookmarked = screen("j B", "100x30");
    assert!(
        bookmarked.contains("bookmarked; m goes from bookmark to bookmark"),
        "{bookmarked}"
    );
    let none_yet = screen("m", "100x30");
    assert!(
        none_yet.contains("no bookmarks yet: B bookmarks the selected node"),
        "{none_yet}"
    );
    let against = screen("x", "100x30");
    assert!(against.contains("x again for more"), "{against}");
    assert!(against.contains("against only (x)"), "{against}");
    let help = screen("?", "100x200");
    assert!(help.contains("Stepped into a node (Z)"), "{help}");
}

#[test]
fn presenter_hints_name_the_keys_the_settings_bind() {
    let home = TempDir::new().unwrap();
    let (_dir, path) = config_file(
        "[keys.present]\n\"Right\" = \"none\"\n\"Space\" = \"none\"\n\"PageDown\" = \"none\"\n\"n\" = \"present_forward\"\n\"o\" = \"none\"\n",
    );
    let slide = stdout(argscope(&home).args([
        "snapshot",
        "--config",
        path.to_str().unwrap(),
        "--present",
        "--size",
        "100x30",
    ]));
    assert!(slide.contains("to reveal"), "{slide}");
    assert!(!slide.contains('→'), "{slide}");
    assert!(slide.contains("n to reveal"), "{slide}");
    let footer = slide.trim_end().lines().last().unwrap();
    assert!(footer.contains("n next"), "{footer}");
    // The overview is still there, on Enter alone.
    assert!(footer.contains("Enter overview"), "{footer}");
}

#[test]
fn a_conflict_with_a_default_sequence_stops_the_program() {
    let home = TempDir::new().unwrap();
    let (_dir, path) = config_file("theme = \"dark\"\n\n[keys]\n  \"g\" = \"quit\"\n");
    argscope(&home)
        .args(["snapshot", "--config", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "config.toml:4:3: \"g\" conflicts with",
        ))
        .stderr(predicate::str::contains("\"gg\" = \"none\""));
}

#[test]
fn an_unknown_action_stops_the_program_and_every_problem_is_listed() {
    let home = TempDir::new().unwrap();
    let (_dir, path) = config_file("[keys]\n\"x\" = \"quitt\"\n[keys.help]\n\"y\" = \"fly\"\n");
    let output = argscope(&home)
        .env("ARGSCOPE_CONFIG", &path)
        .args(["snapshot"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    let file = path.display().to_string();
    assert!(
        lines[0].starts_with(&format!(
            "{file}:2:7: unknown action \"quitt\" for \"x\"; did you mean \"quit\"?"
        )),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with(&format!("{file}:4:7: unknown action \"fly\"")),
        "{stderr}"
    );
}

#[test]
fn a_settings_file_named_but_missing_stops_the_program() {
    let home = TempDir::new().unwrap();
    argscope(&home)
        .args(["snapshot", "--config", "no-such-config.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no-such-config.toml: the settings file does not exist",
        ));
    argscope(&home)
        .env("ARGSCOPE_CONFIG", "no-such-config.toml")
        .arg("snapshot")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ARGSCOPE_CONFIG"));
}

/// A settings file that cannot be read is fixed where it was named: `--config` names another
/// through `--config`, not through ARGSCOPE_CONFIG, which the user did not set.
#[test]
fn a_settings_file_that_cannot_be_read_is_fixed_where_it_was_named() {
    let home = TempDir::new().unwrap();
    let folder = home.path().to_str().unwrap();
    let out = argscope(&home)
        .args(["snapshot", "--config", folder])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("or give --config another"), "{err}");
    assert!(!err.contains("ARGSCOPE_CONFIG"), "{err}");
    let out = argscope(&home)
        .env("ARGSCOPE_CONFIG", folder)
        .arg("snapshot")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("or point ARGSCOPE_CONFIG at another"), "{err}");
}

#[test]
fn a_bad_settings_file_stops_the_interface_before_it_looks_for_a_terminal() {
    let home = TempDir::new().unwrap();
    let (_dir, path) = config_file("theme = \"neon\"\n");
    argscope(&home)
        .env("ARGSCOPE_CONFIG", &path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "config.toml:1:9: unknown theme \"neon\"",
        ))
        .stderr(predicate::str::contains("terminal").not());
}

#[test]
fn the_readme_settings_example_loads() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("## Settings").expect("a Settings section")..];
    let start = section.find("```toml\n").expect("a TOML example") + "```toml\n".len();
    let end = start + section[start..].find("```").unwrap();
    let settings = argscope::config::parse(&section[start..end], "README.md")
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert_eq!(settings.theme, Some(argscope::tui::theme::ThemeName::Dark));
    assert_eq!(settings.presenter_width, 90);
}

#[test]
fn a_file_that_leaves_no_way_to_quit_or_to_close_the_note_stops_the_program() {
    let home = TempDir::new().unwrap();
    for (text, says) in [
        (
            "[keys]\n\"q\" = \"none\"\n\"C-c\" = \"none\"\n",
            "config.toml:3:1: \"C-c\" = \"none\" leaves no key in [keys] to quit argscope",
        ),
        (
            "[keys.note]\n\"C-s\" = \"none\"\n\"Escape\" = \"none\"\n\"C-c\" = \"none\"\n",
            "config.toml:3:1: \"Escape\" = \"none\" leaves no key in [keys.note] to save or close the note",
        ),
    ] {
        let (_dir, path) = config_file(text);
        let output = argscope(&home)
            .args(["snapshot", "--config", path.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(output.stdout.is_empty());
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(stderr.contains("keep one, such as"), "{stderr}");
    }
}

/// A settings file over its limit is told as a settings file: --max-size is for maps.
#[test]
fn a_settings_file_too_large_to_be_one_says_so_without_naming_the_maps_limit() {
    let home = TempDir::new().unwrap();
    let (_dir, path) = config_file(&"#".repeat(1_100_000));
    let output = argscope(&home)
        .args(["snapshot", "--config", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the settings file is over 1 MB, far more than settings take"),
        "{stderr}"
    );
    assert!(stderr.contains("or give --config another"), "{stderr}");
    assert!(!stderr.contains("max-size"), "{stderr}");
    assert!(!stderr.contains("map file"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_settings_file_that_is_a_symbolic_link_loop_is_said_to_be_one() {
    let home = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let (one, two) = (dir.path().join("l1"), dir.path().join("l2"));
    std::os::unix::fs::symlink(&two, &one).unwrap();
    std::os::unix::fs::symlink(&one, &two).unwrap();
    let output = argscope(&home)
        .args(["snapshot", "--config", one.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("a symbolic link that leads round in a loop"),
        "{stderr}"
    );
    assert!(!stderr.contains("does not exist"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_key_named_with_control_or_invisible_characters_stops_the_program() {
    let home = TempDir::new().unwrap();
    let (_dir, path) =
        config_file("[keys]\n\"\\u001b]0;PWN\\u0007\" = \"quit\"\n\"\\u200b\" = \"quit\"\n");
    let output = argscope(&home)
        .args(["snapshot", "--config", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].contains("config.toml:2:1: \"\\u001B]0;PWN\\u0007\" names no key"),
        "{stderr}"
    );
    assert!(
        lines[1].contains("config.toml:3:1: \"\\u200B\" names no key"),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}
