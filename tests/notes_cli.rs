//! After the seminar: the notes summary and the handout with notes, from the command line.

use std::collections::BTreeMap;
use std::process::Command;

use argscope::notes::store::to_json;
use argscope::notes::{Entry, Mark};

const BIN: &str = env!("CARGO_BIN_EXE_argscope");

/// A notes file for the built-in map: two marked points and a note whose node is gone.
fn notes_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let mut entries = BTreeMap::new();
    let entry = |mark, impact, note: &str, label: &str| Entry {
        mark,
        impact,
        bookmark: false,
        note: note.to_string(),
        label: label.to_string(),
    };
    entries.insert(
        "crimea".to_string(),
        entry(
            Some(Mark::Unsure),
            Some(2),
            "Ask who voted for what",
            "Why did Russia attack Crimea?",
        ),
    );
    entries.insert(
        "point-2".to_string(),
        entry(
            Some(Mark::Agree),
            Some(4),
            "",
            "Iran and Russia appear to share a look-East strategy",
        ),
    );
    entries.insert(
        "gone".to_string(),
        entry(
            None,
            None,
            "From an older version of the map",
            "A point since removed",
        ),
    );
    let path = dir.path().join("seminar.notes.json");
    std::fs::write(
        &path,
        to_json("The future of Iran–Russia relations", true, &entries),
    )
    .unwrap();
    path
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_summary_counts_marks_and_ratings_per_point_and_keeps_orphans() {
    let dir = tempfile::TempDir::new().unwrap();
    let notes = notes_file(&dir);
    let (code, out, err) = run(&["notes", "summary", "--notes", notes.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Ask who voted for what"), "{out}");
    assert!(
        out.contains("From an older version of the map"),
        "orphans are listed: {out}"
    );
    let (code, json, err) = run(&[
        "notes",
        "summary",
        "--json",
        "--notes",
        notes.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(
        value["points"].as_array().map(Vec::len),
        Some(6),
        "the background and five points: {json}"
    );
}

#[test]
fn the_handout_with_notes_shows_marks_ratings_and_notes() {
    let dir = tempfile::TempDir::new().unwrap();
    let notes = notes_file(&dir);
    let (code, out, err) = run(&[
        "export",
        "--format",
        "markdown",
        "--notes",
        notes.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Ask who voted for what"), "{out}");
    assert!(out.contains("impact 4/4"), "{out}");
    assert!(out.contains("Orphaned notes"), "{out}");
    let (code, plain, _) = run(&["export", "--format", "markdown"]);
    assert_eq!(code, Some(0));
    assert!(
        !plain.contains("Ask who voted"),
        "without --notes the handout has none"
    );
}

#[test]
fn notes_never_go_into_a_map_and_a_missing_notes_file_is_named() {
    let (code, _, err) = run(&["export", "--format", "json", "--notes", "x.json"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--notes goes with --format markdown"), "{err}");
    // A usage mistake is told first, before the map is looked for.
    let (code, _, err) = run(&["export", "gone.json", "--format", "json", "--notes"]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err.trim_end(),
        "argscope: --notes goes with --format markdown (notes are never written into a map); use `argscope notes summary --json` for them as JSON"
    );
    let (code, _, err) = run(&["notes", "summary", "--notes", "/nonexistent/n.json"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn a_notes_file_that_does_not_parse_is_reported_with_its_place() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("bad.notes.json");
    std::fs::write(&path, "{\"argscope_notes\": 1,\n  \"entries\": {,}}").unwrap();
    let (code, _, err) = run(&["notes", "summary", "--notes", path.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(err.contains("bad.notes.json:2:"), "{err}");
    assert!(err.contains("repair"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{\"argscope_notes\": 1,\n  \"entries\": {,}}",
        "never rewritten"
    );
}

/// A copy of the built-in map as `m.json` in a folder of its own.
fn builtin_map_in_a_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("m.json");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/iran-russia/map.json"),
        &map,
    )
    .unwrap();
    (dir, map)
}

#[test]
fn a_summary_or_handout_with_no_notes_yet_says_where_they_would_be() {
    let (dir, map) = builtin_map_in_a_folder();
    let no_notes_yet = format!(
        "argscope: no notes yet: {} does not exist (argscope keeps the notes taken on this map there)",
        dir.path().join("m.notes.json").display()
    );
    let (code, out, err) = run(&["notes", "summary", map.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("0 agree"), "{out}");
    assert_eq!(err.trim_end(), no_notes_yet);
    let handout = ["export", map.to_str().unwrap(), "--format", "markdown"];
    let (code, out, err) = run(&[&handout[..], &["--notes"]].concat());
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("# "), "{out}");
    // Beside the export's own warning: the article is not beside this copy of the map.
    assert!(err.lines().any(|line| line == no_notes_yet), "{err}");
}

/// `--notes` naming the map itself is refused; the summary and the handout only read the notes,
/// so the refusal does not claim a save would write over the map, and the map is untouched.
#[test]
fn the_map_given_as_its_own_notes_file_is_refused_without_talk_of_saving() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("m.json");
    let map_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/iran-russia/map.json"
    ))
    .unwrap();
    std::fs::write(&map, &map_text).unwrap();
    let map = map.to_str().unwrap();
    for args in [
        &["notes", "summary", map, "--notes", map][..],
        &["export", map, "--format", "markdown", "--notes", map],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
        // The refusal alone: the map's own warning (its article is not beside this copy)
        // would only hide it.
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        let refusal = err.trim_end();
        assert!(refusal.contains("is the map itself"), "{args:?}: {err}");
        assert!(refusal.contains("m.notes.json"), "{args:?}: {err}");
        assert!(
            !refusal.contains("saving") && !refusal.contains("write over"),
            "{args:?} saves nothing, yet says: {err}"
        );
    }
    assert_eq!(std::fs::read_to_string(map).unwrap(), map_text);
}

/// `--notes` takes the word after it as its file, so `export --format markdown --notes map.json`
/// reads the map meant as notes (and would export the built-in map): the refusal says so and
/// gives the order that exports the map with its notes.
#[test]
fn a_map_taken_by_notes_as_its_file_gets_the_order_that_exports_it() {
    let (_dir, map) = builtin_map_in_a_folder();
    let map = map.to_str().unwrap();
    let (code, out, err) = run(&["export", "--format", "markdown", "--notes", map]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains(&format!(
            "put it before --notes, which takes the word after it as the notes file: `argscope export {map} --format markdown --notes`"
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// A folder named as the notes file cannot be repaired into one: the message says to name a
/// file, once, and not to repair it or to name a file inside it (the advice for a map).
#[test]
fn a_folder_as_the_notes_file_is_refused_with_the_fix_said_once() {
    let dir = tempfile::TempDir::new().unwrap();
    let folder = dir.path().join("seminar");
    std::fs::create_dir(&folder).unwrap();
    let (code, out, err) = run(&["notes", "summary", "--notes", folder.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains(
            "it is a directory, not a file, so it cannot hold notes; give --notes a regular file"
        ),
        "{err}"
    );
    assert_eq!(
        err.matches("--notes").count(),
        1,
        "the fix said once: {err}"
    );
    assert!(
        !err.contains("inside it") && !err.contains("repair"),
        "{err}"
    );
    assert!(folder.is_dir());
}

/// The summary counts in words a reader would write: "1 node", not "1 nodes".
#[test]
fn a_summary_of_one_node_says_one_node() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("one.argdown");
    std::fs::write(&map, "[Uniforms]: Schools should require uniforms.\n").unwrap();
    let (code, out, err) = run(&["notes", "summary", map.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("\n1 node: ✓ 0 agree"), "{out}");
}

/// The interface opens notes keyed by text read-only with an id-keyed map ("written for
/// another map"); the summary listed every entry as orphaned and exited 0.
#[test]
fn the_summary_refuses_notes_written_for_another_map() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut entries = BTreeMap::new();
    entries.insert(
        "Why did Russia attack Crimea?".to_string(),
        Entry {
            mark: Some(Mark::Agree),
            impact: None,
            bookmark: false,
            note: "Keyed by its words".to_string(),
            label: String::new(),
        },
    );
    let path = dir.path().join("by-text.notes.json");
    std::fs::write(&path, to_json("Some other map", false, &entries)).unwrap();
    let notes = path.to_str().unwrap();
    let (code, out, err) = run(&["notes", "summary", "--notes", notes]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "argscope: {notes}: these notes are keyed by node text, but this map keys its notes by node id, so they were written for another map; give --notes another file\n"
        )
    );
}

/// A map named so long that its notes file's name passes the file system's limit has no notes
/// there (no file can have that name): the summary says there are none yet and succeeds,
/// rather than failing with advice about saving.
#[test]
fn a_notes_file_name_too_long_for_the_file_system_reads_as_no_notes_yet() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join(format!("{}.txt", "a".repeat(246)));
    std::fs::write(
        &map,
        "Discussion Title: Tablets?\n\n1. Buy tablets.\n1.1. Pro: Cost\n",
    )
    .unwrap();
    let (code, out, err) = run(&["notes", "summary", map.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.starts_with("argscope: no notes yet: "), "{err}");
    assert!(out.contains("Buy tablets"), "{out}");
    assert!(!err.contains("panicked"), "{err}");
}
