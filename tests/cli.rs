//! The `argscope` command line as a user meets it: exit codes, what is printed where, and
//! messages that point at the line and column of whatever is wrong in a map file.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

const BIN: &str = env!("CARGO_BIN_EXE_argscope");
const ASSET_MAP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/iran-russia/map.json");

/// The source document of [`MAP`]: two sentences, each quoted once.
const DOC: &str = "Alpha beta gamma. Delta epsilon zeta.\n";

/// A small valid map with every kind in it. Tests break it with [`edit`]; each leaf has its
/// label first, with non-ASCII characters, so columns must be counted in characters.
const MAP: &str = r#"{
  "argscope": 1,
  "title": "Test map",
  "source": {"file": "doc.txt"},
  "root": {
    "id": "t",
    "kind": "thesis",
    "label": "The thesis",
    "quote": "Alpha beta gamma.",
    "children": [
      {
        "id": "a",
        "kind": "claim",
        "label": "First point",
        "quote": "Delta epsilon zeta.",
        "children": [
          {"label": "Some “evidence”", "id": "e", "kind": "evidence"}
        ]
      },
      {
        "id": "b",
        "kind": "objection",
        "label": "Second point",
        "children": [
          {"label": "An “answer”", "id": "r", "kind": "rebuttal"}
        ]
      },
      {"label": "A “caveat”", "id": "c", "kind": "caveat"},
      {"label": "A “question”", "id": "q", "kind": "question"}
    ]
  }
}
"#;

/// The outline `print` gives for [`MAP`].
const OUTLINE: &str = "\
◆ thesis  The thesis
├─ + claim  First point
│ └─ • evidence  Some “evidence”
├─ − objection  Second point
│ └─ ↳ rebuttal  An “answer”
├─ ! caveat  A “caveat”
└─ ? question  A “question”
";

fn argscope() -> Command {
    let mut command = Command::new(BIN);
    // Defaults only: neither the developer's colour choice nor their settings file applies.
    command
        .env_remove("NO_COLOR")
        .env("ARGSCOPE_CONFIG", "/dev/null");
    command
}

/// A temporary folder holding `map.json` (with `map` in it) and, when `doc` is set, `doc.txt`.
struct Fixture {
    dir: TempDir,
}

impl Fixture {
    fn new(map: impl AsRef<[u8]>, doc: bool) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("map.json"), map).expect("write map");
        if doc {
            std::fs::write(dir.path().join("doc.txt"), DOC).expect("write doc");
        }
        Fixture { dir }
    }

    /// `argscope ARGS` run in the fixture's folder, so messages name `map.json` as given.
    fn run(&self, args: &[&str]) -> Output {
        run(argscope().current_dir(self.dir.path()).args(args))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn write_map(map: impl AsRef<[u8]>) -> Fixture {
    Fixture::new(map, true)
}

/// What a run left behind, as text.
struct Output {
    code: Option<i32>,
    out: String,
    err: String,
}

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("argscope runs");
    Output {
        code: output.status.code(),
        out: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        err: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn builtin(args: &[&str]) -> Output {
    run(argscope().args(args))
}

/// [`MAP`] with `from`, which must occur exactly once, replaced by `to`.
fn edit(from: &str, to: &str) -> String {
    assert_eq!(
        MAP.matches(from).count(),
        1,
        "{from:?} is not unique in MAP"
    );
    MAP.replacen(from, to, 1)
}

/// "LINE:COL" (1-based, columns in characters) where `needle`, which must be unique, starts.
fn place(text: &str, needle: &str) -> String {
    assert_eq!(text.matches(needle).count(), 1, "{needle:?} is not unique");
    let before = &text[..text.find(needle).unwrap()];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{line}:{column}")
}

fn assert_no_crash(stderr: &str) {
    for text in ["panicked", "RUST_BACKTRACE", "internal error"] {
        assert!(!stderr.contains(text), "crash text {text:?} in:\n{stderr}");
    }
}

/// `check` fails with exactly `problems` problems, the first at `at` and saying every one of
/// `words`, then the count.
fn assert_check_fails(fixture: &Fixture, at: &str, words: &[&str], problems: usize) {
    let check = fixture.run(&["check", "map.json"]);
    assert_eq!(check.code, Some(1), "check should exit 1:\n{}", check.err);
    assert_eq!(check.out, "", "check printed to stdout");
    assert_no_crash(&check.err);
    let lines: Vec<&str> = check.err.lines().collect();
    assert_eq!(
        lines.len(),
        problems + 1,
        "problems then count:\n{}",
        check.err
    );
    let first = lines[0];
    assert!(
        first.starts_with(&format!("map.json:{at}: ")),
        "expected map.json:{at}: in {first:?}"
    );
    for word in words {
        assert!(first.contains(word), "{word:?} missing from {first:?}");
    }
    let s = if problems == 1 { "" } else { "s" };
    let count = format!("map.json: {problems} problem{s} found; ");
    assert!(
        lines[problems].starts_with(&count),
        "expected {count:?} in {:?}",
        lines[problems]
    );
}

/// `print` refuses the map with one line naming the place.
fn assert_print_refuses(fixture: &Fixture, at: &str) {
    let print = fixture.run(&["print", "map.json"]);
    assert_eq!(print.code, Some(1), "print should fail:\n{}", print.err);
    assert_eq!(print.out, "", "print wrote an outline of a broken map");
    assert_no_crash(&print.err);
    assert_eq!(print.err.lines().count(), 1, "not one line:\n{}", print.err);
    assert!(
        print.err.starts_with(&format!("argscope: map.json:{at}: ")),
        "{}",
        print.err
    );
}

/// A map that cannot be loaded: `check` lists its problems, `print` refuses it.
fn assert_broken(map: impl AsRef<[u8]>, at: &str, words: &[&str], problems: usize) {
    let fixture = write_map(map);
    assert_check_fails(&fixture, at, words, problems);
    assert_print_refuses(&fixture, at);
}

fn has_escape(text: &str) -> bool {
    text.contains('\u{1b}')
}

// check

#[test]
fn check_passes_the_built_in_map_with_every_quote_anchored() {
    let check = builtin(&["check"]);
    assert_eq!(check.code, Some(0), "{}", check.err);
    assert_eq!(check.err, "");
    assert_eq!(check.out.lines().count(), 1, "{}", check.out);
    assert!(
        !check.out.contains("assets/"),
        "a path the user does not have: {}",
        check.out
    );
    for part in [
        "the built-in map: ok,",
        "37 nodes",
        "37 of 37 quotes anchored",
        "sentences covered (100%)",
    ] {
        assert!(
            check.out.contains(part),
            "{part:?} missing from {}",
            check.out
        );
    }
}

#[test]
fn check_passes_a_good_map_beside_its_document() {
    let check = write_map(MAP).run(&["check", "map.json"]);
    assert_eq!(check.code, Some(0), "{}", check.err);
    assert!(
        check.out.starts_with("map.json: ok, 7 nodes"),
        "{}",
        check.out
    );
    assert!(
        check.out.contains("2 of 2 quotes anchored"),
        "{}",
        check.out
    );
    assert!(
        check.out.contains("2 of 2 sentences covered (100%)"),
        "{}",
        check.out
    );
}

// Broken maps: each names the place of the offending value.

#[test]
fn not_json_is_a_syntax_error_at_the_bad_token() {
    let map = edit(r#""kind": "claim","#, r#""kind": claim,"#);
    let at = place(&map, "claim,");
    assert_broken(map, &at, &["this is not valid JSON"], 1);
}

#[test]
fn invalid_utf8_names_the_byte_offset_and_line_and_column() {
    let marked = edit("Second point", "Second \u{fffd} point");
    let at = place(&marked, "\u{fffd}");
    let offset = marked.find('\u{fffd}').unwrap();
    let (before, after) = marked.split_at(offset);
    let after = &after['\u{fffd}'.len_utf8()..];
    let bytes = [before.as_bytes(), &[0xff], after.as_bytes()].concat();
    let byte = format!("byte {offset}");
    assert_broken(bytes, &at, &["not valid UTF-8", &byte], 1);
}

#[test]
fn an_empty_file_holds_no_json_object() {
    assert_broken("", "1:1", &["holds no JSON object"], 1);
}

#[test]
fn a_json_array_is_not_a_map() {
    assert_broken("[1, 2]\n", "1:1", &["holds no JSON object"], 1);
}

#[test]
fn an_unknown_kind_points_at_the_kind_and_lists_the_choices() {
    let map = edit(r#""kind": "evidence"}"#, r#""kind": "evidenze"}"#);
    let at = place(&map, r#""evidenze""#);
    let words = ["unknown kind \"evidenze\"", "thesis, claim, evidence"];
    assert_broken(map, &at, &words, 1);
}

#[test]
fn a_duplicate_id_points_at_the_second_use_and_names_the_first_line() {
    let map = edit(r#""id": "r""#, r#""id": "a""#);
    let at = place(&map, r#""a", "kind": "rebuttal""#);
    let first_line = place(&map, "\"id\": \"a\",\n");
    let first_line = first_line.split(':').next().unwrap();
    let already = format!("already used on line {first_line}");
    assert_broken(map, &at, &["the id \"a\"", &already], 1);
}

#[test]
fn a_dangling_reference_points_at_its_target() {
    let map = edit(
        r#"{"label": "An “answer”", "id": "r", "kind": "rebuttal"}"#,
        r#"{"ref": "zz", "kind": "rebuttal"}"#,
    );
    let at = place(&map, r#""zz""#);
    assert_broken(map, &at, &["the reference \"zz\" names no node"], 1);
}

#[test]
fn an_empty_label_points_at_the_label() {
    let map = edit(r#""A “caveat”""#, r#""  ""#);
    let at = place(&map, r#""  ""#);
    assert_broken(map, &at, &["\"c\" has an empty label"], 1);
}

#[test]
fn a_thesis_below_the_root_points_at_its_kind() {
    let map = edit(r#""kind": "question"}"#, r#""kind": "thesis"}"#);
    let at = place(&map, r#""thesis"}"#);
    assert_broken(map, &at, &["a thesis stands below the root"], 1);
}

#[test]
fn a_root_that_is_not_a_thesis_points_at_its_kind() {
    let map = edit(r#""kind": "thesis","#, r#""kind": "caveat","#);
    let at = place(&map, r#""caveat","#);
    let words = ["the root node is a caveat", "\"kind\": \"thesis\""];
    assert_broken(map, &at, &words, 1);
}

#[test]
fn a_root_objection_reads_as_an_objection() {
    let map = edit(r#""kind": "thesis","#, r#""kind": "objection","#);
    let at = place(&map, "\"objection\",\n    \"label\": \"The thesis\"");
    assert_broken(map, &at, &["the root node is an objection"], 1);
}

#[test]
fn a_misspelt_field_is_named_and_the_missing_one_reported() {
    let map = edit(r#""label": "First point""#, r#""lable": "First point""#);
    let at = place(&map, r#""lable""#);
    let words = ["unknown field \"lable\"", "\"label\""];
    let fixture = write_map(&map);
    assert_check_fails(&fixture, &at, &words, 2);
    let check = fixture.run(&["check", "map.json"]);
    assert!(check.err.contains("has no \"label\""), "{}", check.err);
    assert_print_refuses(&fixture, &at);
    let print = fixture.run(&["print", "map.json"]);
    assert!(
        print
            .err
            .contains("and 1 more problem: `argscope check map.json`"),
        "{}",
        print.err
    );
}

#[test]
fn another_format_version_is_refused_at_the_version_number() {
    let map = edit(r#""argscope": 1"#, r#""argscope": 2"#);
    let at = place(&map, "2,");
    let words = ["format version 2", "reads version 1"];
    assert_broken(map, &at, &words, 1);
}

#[test]
fn a_quote_not_in_the_document_fails_check_but_still_prints() {
    let map = edit("Delta epsilon zeta.", "Not in the document.");
    let at = place(&map, r#""Not in the document.""#);
    let fixture = write_map(&map);
    let words = ["the quote of \"a\" is not in doc.txt"];
    assert_check_fails(&fixture, &at, &words, 1);
    // The map is whole, and `check` says so, as `print` does.
    let check = fixture.run(&["check", "map.json"]);
    assert!(
        check
            .err
            .ends_with("map.json: 1 problem found; the map holds all of the file\n"),
        "{}",
        check.err
    );
    let print = fixture.run(&["print", "map.json"]);
    assert_eq!(print.code, Some(0), "{}", print.err);
    assert!(
        print.err.contains("map.json has 1 warning"),
        "{}",
        print.err
    );
    assert_eq!(print.out, OUTLINE);
}

#[test]
fn check_lists_every_problem_in_the_file() {
    let map = MAP
        .replace(r#""id": "r""#, r#""id": "a""#)
        .replace(r#""A “caveat”""#, r#""""#)
        .replace(r#""kind": "question"}"#, r#""kind": "thesis"}"#);
    let fixture = write_map(&map);
    let at = place(&map, r#""a", "kind": "rebuttal""#);
    assert_check_fails(&fixture, &at, &["already used"], 3);
    let check = fixture.run(&["check", "map.json"]);
    let lines: Vec<&str> = check.err.lines().collect();
    assert!(lines[1].contains("empty label"), "{}", check.err);
    assert!(
        lines[2].contains("thesis stands below the root"),
        "{}",
        check.err
    );

    let map = MAP
        .replace(r#""argscope": 1"#, r#""argscope": 3"#)
        .replace(r#""kind": "caveat"}"#, r#""kind": "cavaet"}"#)
        .replace(r#""label": "Second point""#, r#""lable": "Second point""#);
    let check = write_map(&map).run(&["check", "map.json"]);
    assert_eq!(check.code, Some(1));
    assert_eq!(check.err.lines().count(), 5, "{}", check.err);
    for word in [
        "version 3",
        "unknown field \"lable\"",
        "has no \"label\"",
        "\"cavaet\"",
    ] {
        assert!(check.err.contains(word), "{word:?} missing:\n{}", check.err);
    }
    assert!(
        check
            .err
            .ends_with("map.json: 4 problems found; the map does not open until they are fixed\n"),
        "{}",
        check.err
    );
}

#[test]
fn check_lists_warnings_alongside_errors() {
    let long = "A label that runs on for far too long to read as a headline in a tree";
    let map = MAP
        .replace("First point", long)
        .replace(r#""A “caveat”""#, r#""""#);
    let check = write_map(map).run(&["check", "map.json"]);
    assert_eq!(check.code, Some(1));
    assert!(check.err.contains("empty label"), "{}", check.err);
    assert!(check.err.contains("characters long"), "{}", check.err);
    assert!(
        check
            .err
            .ends_with("map.json: 2 problems found; the map does not open until they are fixed\n"),
        "{}",
        check.err
    );
}

#[test]
fn a_missing_source_document_leaves_quotes_unverified() {
    let fixture = Fixture::new(MAP, false);
    let print = fixture.run(&["print", "map.json"]);
    assert_eq!(print.code, Some(0), "{}", print.err);
    assert_eq!(print.out, OUTLINE);
    let check = fixture.run(&["check", "map.json"]);
    assert_eq!(check.code, Some(1));
    assert_no_crash(&check.err);
    assert!(
        check.err.starts_with(
            "map.json: the source document doc.txt cannot be read (no such file or folder), so the quotes are unverified"
        ),
        "{}",
        check.err
    );
}

// Files that are not there

#[test]
fn a_file_that_does_not_exist_cannot_be_read() {
    let fixture = write_map(MAP);
    let print = fixture.run(&["print", "nope.json"]);
    assert_eq!(print.code, Some(1));
    assert_eq!(print.out, "");
    assert_eq!(print.err.lines().count(), 1, "{}", print.err);
    assert!(
        print
            .err
            .starts_with("argscope: cannot read nope.json: no such file or folder;"),
        "{}",
        print.err
    );
    let check = fixture.run(&["check", "nope.json"]);
    assert_eq!(check.code, Some(1));
    assert!(
        check.err.starts_with("cannot read nope.json: no such file"),
        "{}",
        check.err
    );
    assert!(
        check.err.ends_with("nope.json: 1 problem found\n"),
        "{}",
        check.err
    );
}

/// `-` is standard input to many commands; argscope says it reads a map from a file (it was
/// "cannot read -: no such file or folder; check the path"). A file named `-` still opens.
#[test]
fn a_dash_for_standard_input_is_refused_with_what_to_do() {
    let fixture = write_map(MAP);
    for command in ["print", "check"] {
        let out = run(argscope()
            .current_dir(fixture.dir.path())
            .args([command, "-"])
            .write_stdin(MAP));
        assert_eq!(out.code, Some(1), "{command}");
        assert_eq!(out.out, "", "{command}");
        assert!(
            out.err.contains("argscope reads a map from a file, not from standard input (\"-\"); save the map to a file and name that file"),
            "{command}: {}",
            out.err
        );
    }
    std::fs::copy(fixture.path("map.json"), fixture.path("-")).unwrap();
    let print = fixture.run(&["print", "-"]);
    assert_eq!(print.code, Some(0), "{}", print.err);
    assert_eq!(print.out, OUTLINE);
}

#[test]
fn a_directory_is_not_a_map_file() {
    let fixture = write_map(MAP);
    std::fs::create_dir(fixture.path("sub")).unwrap();
    for command in ["print", "check"] {
        let run = fixture.run(&[command, "sub"]);
        assert_eq!(run.code, Some(1), "{command}");
        assert_no_crash(&run.err);
        assert!(
            run.err.contains("cannot read sub: it is a directory"),
            "{command}: {}",
            run.err
        );
    }
}

#[test]
fn without_a_terminal_the_viewer_points_to_print() {
    for args in [&[][..], &["map.json"][..]] {
        let run = write_map(MAP).run(args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.err);
        assert_eq!(run.out, "");
        assert!(run.err.contains("`argscope print`"), "{}", run.err);
    }
}

// print

#[test]
fn print_shows_the_thesis_then_its_five_claims() {
    let print = builtin(&["print"]);
    assert_eq!(print.code, Some(0), "{}", print.err);
    let lines: Vec<&str> = print.out.lines().collect();
    assert!(
        lines[0].starts_with("◆ thesis  Iran–Russia relations"),
        "{}",
        lines[0]
    );
    let claims: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("├─ + claim  ") || l.starts_with("└─ + claim  "))
        .collect();
    assert_eq!(claims.len(), 5, "{claims:#?}");
    assert_eq!(lines.len(), 37, "one line a node");
    assert!(!print.out.contains("> “"), "quotes without --full");
}

#[test]
fn print_marks_every_kind_with_glyph_and_word() {
    let print = write_map(MAP).run(&["print", "map.json"]);
    assert_eq!(print.code, Some(0), "{}", print.err);
    assert_eq!(print.out, OUTLINE);
}

#[test]
fn print_full_adds_the_quotes() {
    let print = write_map(MAP).run(&["print", "map.json", "--full"]);
    assert_eq!(print.code, Some(0), "{}", print.err);
    let quotes: Vec<&str> = print.out.lines().filter(|l| l.contains("> “")).collect();
    assert_eq!(quotes.len(), 2, "{}", print.out);
    assert!(
        quotes[0].ends_with("> “Alpha beta gamma.”"),
        "{}",
        quotes[0]
    );
    assert!(
        quotes[1].ends_with("> “Delta epsilon zeta.”"),
        "{}",
        quotes[1]
    );
    let builtin = builtin(&["print", "--full"]);
    assert!(
        builtin
            .out
            .contains("> “Now, the question is what will happen")
    );
}

#[test]
fn print_colour_never_and_no_color_write_plain_text() {
    for (args, no_color) in [
        (&["print", "--color", "never"][..], false),
        (&["print"], true),
    ] {
        let mut command = argscope();
        if no_color {
            command.env("NO_COLOR", "1");
        }
        let print = run(command.args(args));
        assert_eq!(print.code, Some(0));
        assert!(!has_escape(&print.out), "{args:?}: ESC in output");
        assert!(print.out.starts_with("◆ thesis"), "{}", print.out);
    }
}

#[test]
fn print_colour_always_writes_ansi_colour_even_with_no_color_set() {
    for no_color in [false, true] {
        let mut command = argscope();
        if no_color {
            command.env("NO_COLOR", "1");
        }
        let print = run(command.args(["print", "--color", "always"]));
        assert_eq!(print.code, Some(0));
        assert!(
            print.out.contains("\u{1b}[38;5;"),
            "no 256-colour SGR (NO_COLOR: {no_color})"
        );
        assert!(print.out.contains("\u{1b}[0m") || print.out.contains("\u{1b}[39m"));
    }
}

/// In a real terminal (a pty from util-linux `script`), colour is on unless NO_COLOR is set.
#[test]
fn print_in_a_terminal_honours_no_color() {
    let in_pty = |args: &str, no_color: Option<&str>| {
        let mut command = std::process::Command::new("script");
        command
            .args(["-q", "-e", "-c", &format!("'{BIN}' {args}"), "/dev/null"])
            .env_remove("NO_COLOR")
            .stdin(std::process::Stdio::null());
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        command
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let plain = in_pty("print", None).expect(
        "util-linux `script` runs the program in a terminal; install it (apt-get install bsdutils)",
    );
    assert!(has_escape(&plain), "no colour in a terminal:\n{plain}");
    assert!(
        has_escape(&in_pty("print", Some("")).unwrap()),
        "empty NO_COLOR"
    );
    assert!(
        !has_escape(&in_pty("print", Some("1")).unwrap()),
        "NO_COLOR=1"
    );
    assert!(!has_escape(&in_pty("print --color never", None).unwrap()));
}

// export

#[test]
fn export_json_of_the_built_in_map_equals_the_asset() {
    let export = builtin(&["export", "--format", "json"]);
    assert_eq!(export.code, Some(0), "{}", export.err);
    let exported: serde_json::Value = serde_json::from_str(&export.out).expect("JSON");
    let asset: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ASSET_MAP).unwrap()).unwrap();
    assert_eq!(exported, asset);
}

#[test]
fn an_exported_map_checks_and_exports_the_same() {
    let fixture = write_map(MAP);
    let first = fixture.run(&["export", "map.json", "--format", "json"]);
    assert_eq!(first.code, Some(0), "{}", first.err);
    std::fs::write(fixture.path("again.json"), &first.out).unwrap();
    let check = fixture.run(&["check", "again.json"]);
    assert_eq!(check.code, Some(0), "{}", check.err);
    assert!(
        check.out.contains("2 of 2 quotes anchored"),
        "{}",
        check.out
    );
    assert_eq!(fixture.run(&["print", "again.json"]).out, OUTLINE);
    let second = fixture.run(&["export", "again.json", "--format", "json"]);
    assert_eq!(second.out, first.out);
}

#[test]
fn export_output_writes_the_file() {
    let fixture = write_map(MAP);
    let stdout = fixture.run(&["export", "map.json", "--format", "json"]);
    let export = fixture.run(&["export", "map.json", "--format", "json", "-o", "out.json"]);
    assert_eq!(export.code, Some(0), "{}", export.err);
    assert_eq!(export.out, "", "-o still wrote to stdout");
    let written = std::fs::read_to_string(fixture.path("out.json")).expect("out.json written");
    assert_eq!(written, stdout.out);
}

#[test]
fn export_into_a_missing_folder_cannot_write() {
    let fixture = write_map(MAP);
    let out = Path::new("missing").join("out.md");
    let out = out.to_str().unwrap();
    let export = fixture.run(&["export", "map.json", "--format", "markdown", "-o", out]);
    assert_eq!(export.code, Some(1));
    assert_no_crash(&export.err);
    assert_eq!(export.err.lines().count(), 1, "{}", export.err);
    assert!(
        export
            .err
            .starts_with(&format!("argscope: cannot write {out}")),
        "{}",
        export.err
    );
}

/// `-o` naming a folder gets a file in it to give instead: "check that the folder exists and is
/// writable", said before, was no help for a folder that exists.
#[test]
fn an_empty_file_name_is_told_as_one() {
    for args in [&["print", ""][..], &[""]] {
        let out = builtin(args);
        assert_eq!(out.code, Some(2), "{args:?}");
        assert!(
            out.err.starts_with(
                "argscope: the file name given is empty; name a map file, or none for the built-in map"
            ),
            "{args:?}: {}",
            out.err
        );
    }
}

#[test]
fn export_to_a_full_disk_says_to_free_space_not_to_check_the_folder() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let fixture = write_map(MAP);
    for format in ["markdown", "json"] {
        let export = fixture.run(&["export", "map.json", "--format", format, "-o", "/dev/full"]);
        assert_eq!(export.code, Some(1));
        assert_eq!(
            export.err,
            "argscope: cannot write /dev/full: no space left on device; free some space there, or give -o a file on another disk\n"
        );
    }
}

/// `argscope print > /dev/full` said only "No space left on device (os error 28)".
#[test]
fn output_to_a_full_disk_says_what_to_do() {
    let Ok(full) = std::fs::File::create("/dev/full") else {
        return;
    };
    let output = std::process::Command::new(BIN)
        .arg("print")
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "argscope: cannot write to standard output: no space left on device; free some space where it goes, or send it to a file on another disk\n"
    );
}

#[test]
fn export_into_a_folder_names_a_file_to_give_instead() {
    let fixture = write_map(MAP);
    std::fs::create_dir(fixture.path("handouts")).unwrap();
    let export = fixture.run(&[
        "export", "map.json", "--format", "markdown", "-o", "handouts",
    ]);
    assert_eq!(export.code, Some(1));
    let suggested = Path::new("handouts").join("map.md");
    assert_eq!(
        export.err,
        format!(
            "argscope: -o handouts is a folder, and an export is written to a file; give -o a file in it, such as {}\n",
            suggested.display()
        )
    );
    assert_eq!(export.out, "");
    assert!(
        fixture.path("handouts").is_dir(),
        "the folder is left as it was"
    );
}

#[test]
fn export_markdown_nests_the_five_points_under_the_thesis() {
    let export = builtin(&["export", "--format", "markdown"]);
    assert_eq!(export.code, Some(0), "{}", export.err);
    let text = export.out;
    assert!(
        text.starts_with("# ") && text.lines().next().unwrap().len() > 2,
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("> ")),
        "no block quote"
    );
    let thesis: Vec<&str> = text.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(thesis.len(), 1, "{thesis:?}");
    assert!(thesis[0].contains("thesis"), "{}", thesis[0]);
    let points = text.lines().filter(|l| l.starts_with("  - **+ claim:** "));
    assert_eq!(points.count(), 5);
}

// snapshot

#[test]
fn snapshot_fills_the_size_and_shows_the_breadcrumb() {
    // "j j" passes the root and its first child (folded) to the root's second child.
    let outline = builtin(&["print"]).out;
    let second = outline
        .lines()
        .filter(|l| l.starts_with("├─ ") || l.starts_with("└─ "))
        .nth(1)
        .expect("the root has two children")
        .to_string();
    let (_, rest) = second.split_once(" ").expect("connector");
    let (kind, label) = rest.split_once("  ").expect("kind then label");
    let glyph = kind.split(' ').next().unwrap();
    let crumb = format!("› {glyph} {label}");

    let snapshot = builtin(&["snapshot", "--size", "60x20", "--keys", "j j l"]);
    assert_eq!(snapshot.code, Some(0), "{}", snapshot.err);
    let lines: Vec<&str> = snapshot.out.lines().collect();
    assert_eq!(lines.len(), 20, "{}", snapshot.out);
    for line in &lines {
        assert!(line.width() <= 60, "{} columns: {line:?}", line.width());
    }
    assert!(
        lines.iter().any(|l| l.ends_with(&crumb)),
        "no {crumb:?} in\n{}",
        snapshot.out
    );
    let before = builtin(&["snapshot", "--size", "60x20"]);
    assert!(!before.out.contains(&crumb), "the keys changed nothing");
}

#[test]
fn snapshot_refuses_bad_sizes() {
    for (size, says) in [
        ("0x5", "out of range"),
        // However large, a number is out of range, and the message gives the range.
        (
            "65535x3",
            "is out of range; columns and rows go from 1 to 1000",
        ),
        (
            "99999x99999",
            "is out of range; columns and rows go from 1 to 1000",
        ),
        ("abc", "is not a size; write COLSxROWS"),
        ("80", "is not a size; write COLSxROWS"),
    ] {
        argscope()
            .args(["snapshot", "--size", size])
            .assert()
            .failure()
            .stdout("")
            .stderr(predicate::str::contains(says).and(predicate::str::contains(size)));
    }
}

// help and version

#[test]
fn help_and_version_succeed() {
    argscope()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: argscope [OPTIONS] [FILE]"));
    for command in ["print", "export", "check", "snapshot"] {
        argscope()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "Usage: argscope {command}"
            )));
    }
    argscope()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("argscope {}\n", env!("CARGO_PKG_VERSION")));
}

/// The commands that read a map (the interface first, with no command word).
const READING_A_MAP: [&[&str]; 6] = [
    &[],
    &["print"],
    &["export"],
    &["check"],
    &["snapshot"],
    &["notes", "summary"],
];

/// What `argscope COMMAND --help` prints.
fn help_of(command: &[&str]) -> String {
    let help = argscope().args(command).arg("--help").output().unwrap();
    String::from_utf8(help.stdout).unwrap()
}

/// A teacher reading `--help` learns what every option does: none is listed bare, with only
/// its default or its values (`print --color` and `export --format` were).
#[test]
fn every_option_in_every_help_says_what_it_does() {
    let others: [&[&str]; 2] = [&["config"], &["notes"]];
    for &command in READING_A_MAP.iter().chain(&others) {
        let help = help_of(command);
        let lines: Vec<&str> = help.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            // An option's own line: `  -o, --output <OUTPUT>` or `      --full`.
            if !line.starts_with("  -") && !line.starts_with("      --") {
                continue;
            }
            // Short help puts the description on the option's line; long help beneath it.
            let said = match line.trim().split_once("  ") {
                Some((_, inline)) => inline.trim(),
                None => lines.get(at + 1).map_or("", |next| next.trim()),
            };
            assert!(
                !said.is_empty() && !said.starts_with('[') && !said.starts_with("Possible values"),
                "{command:?} --help lists {} with no description:\n{help}",
                line.trim()
            );
        }
    }
}

/// `--from` and `--max-size` say how a map file is read: every command that reads one lists
/// them in its help and takes them, and `config`, which reads none, neither lists nor takes them.
#[test]
fn only_commands_that_read_a_map_offer_from_and_max_size() {
    for command in READING_A_MAP {
        let help = help_of(command);
        for option in ["--from <FORMAT>", "--max-size <SIZE>"] {
            assert!(
                help.contains(option),
                "{command:?} --help lacks {option}:\n{help}"
            );
        }
    }
    for command in [&["config"][..], &["notes"]] {
        let help = help_of(command);
        for option in ["--from", "--max-size"] {
            assert!(
                !help.contains(option),
                "{command:?} --help offers {option}:\n{help}"
            );
        }
    }
    let config = argscope()
        .args(["config", "--path", "--max-size", "2G"])
        .output()
        .unwrap();
    assert_eq!(config.status.code(), Some(2));
    assert!(config.stdout.is_empty());
}

#[test]
fn snapshot_only_against_opens_on_the_case_against() {
    let out = builtin(&["snapshot", "--only", "against", "--size", "100x40"]);
    assert_eq!(out.code, Some(0), "{}", out.err);
    assert!(out.out.contains("! caveat"), "{}", out.out);
    assert!(out.out.contains("? question"), "{}", out.out);
    assert!(!out.out.contains("• evidence"), "{}", out.out);
    assert!(out.out.contains("[against only (c)]"), "{}", out.out);
    let bad = builtin(&["snapshot", "--only", "sideways"]);
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.err
            .contains("--only takes for or against, not \"sideways\""),
        "{}",
        bad.err
    );
}

#[test]
fn export_dot_draws_every_edge_and_svg_and_png_go_through_graphviz() {
    let dot = builtin(&["export", "--format", "dot"]);
    assert_eq!(dot.code, Some(0), "{}", dot.err);
    assert!(dot.out.starts_with("digraph argument {"));
    assert_eq!(
        dot.out.matches(" -> ").count(),
        36,
        "one edge per node below the thesis"
    );
    // CI installs Graphviz; .ci/run says so.
    let svg = builtin(&["export", "--format", "svg"]);
    assert_eq!(svg.code, Some(0), "{}", svg.err);
    assert!(
        svg.out.contains("<svg"),
        "{}",
        &svg.out[..svg.out.len().min(200)]
    );
    let dir = tempfile::TempDir::new().unwrap();
    let png = dir.path().join("map.png");
    let out = builtin(&["export", "--format", "png", "-o", png.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.err);
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn without_graphviz_svg_export_says_how_to_install_it() {
    let out = argscope()
        .args(["export", "--format", "svg"])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("argscope: Graphviz's dot is not installed"),
        "{err}"
    );
    assert!(err.contains("apt-get install graphviz"), "{err}");
}

/// Runs `argscope ARGS` in `fixture` with standard output and standard error both going to a
/// pipe whose reader has already gone, as in `argscope check | head -1` once `head` is done.
fn run_to_closed_pipe(fixture: &Fixture, args: &[&str]) -> std::process::ExitStatus {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    std::process::Command::new(BIN)
        .env_remove("NO_COLOR")
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .current_dir(fixture.dir.path())
        .args(args)
        .stdout(writer.try_clone().expect("the pipe again"))
        .stderr(writer)
        .status()
        .expect("argscope runs")
}

#[test]
fn a_reader_that_has_gone_away_ends_no_command_in_a_crash() {
    let fixture = write_map(MAP);
    std::fs::write(fixture.path("broken.json"), "{\"argscope\": 1,").expect("write");
    let many_unclosed = "[a\n".repeat(2_000);
    std::fs::write(fixture.path("many.argdown"), many_unclosed).expect("write");
    for (args, code) in [
        (&["check", "map.json"][..], 0),
        (&["check", "broken.json"], 1),
        (&["check", "many.argdown"], 1),
        (&["print", "map.json"], 0),
        (&["export", "map.json", "--format", "json"], 0),
        (&["print", "broken.json"], 1),
    ] {
        let status = run_to_closed_pipe(&fixture, args);
        // Killed by a signal (an abort) has no code; a panic exits 101.
        assert_eq!(status.code(), Some(code), "argscope {args:?}");
    }
}

#[test]
fn an_export_never_writes_over_the_map_or_its_notes() {
    let fixture = write_map(MAP);
    let notes = "{\"kept\": true}";
    std::fs::write(fixture.path("map.notes.json"), notes).expect("write notes");
    for (output, what) in [
        ("map.json", "is the map being exported"),
        ("./map.json", "is the map being exported"),
        ("map.notes.json", "is the notes file of this map"),
    ] {
        let export = fixture.run(&["export", "map.json", "--format", "markdown", "-o", output]);
        assert_eq!(export.code, Some(1), "-o {output}: {}", export.err);
        assert!(export.err.contains(what), "-o {output}: {}", export.err);
        assert!(
            export.err.contains("give -o another file"),
            "{}",
            export.err
        );
    }
    let named = fixture.run(&[
        "export",
        "map.json",
        "--format",
        "markdown",
        "--notes",
        "seminar.json",
        "-o",
        "seminar.json",
    ]);
    assert!(
        named.err.contains("is the notes file of this map"),
        "{}",
        named.err
    );
    assert_eq!(
        std::fs::read_to_string(fixture.path("map.json")).unwrap(),
        MAP
    );
    assert_eq!(
        std::fs::read_to_string(fixture.path("map.notes.json")).unwrap(),
        notes
    );
    assert!(!fixture.path("seminar.json").exists());
    // Notes not kept for this map: another map's, or named with --notes in another session.
    let other = "{\n  \"argscope_notes\": 1,\n  \"entries\": {}\n}\n";
    std::fs::write(fixture.path("other.json"), other).unwrap();
    let export = fixture.run(&["export", "map.json", "--format", "json", "-o", "other.json"]);
    assert_eq!(export.code, Some(1), "{}", export.err);
    assert!(
        export.err.contains("-o other.json holds seminar notes")
            && export.err.contains("give -o another file"),
        "{}",
        export.err
    );
    assert_eq!(
        std::fs::read_to_string(fixture.path("other.json")).unwrap(),
        other
    );
}

#[test]
fn an_export_never_writes_over_the_source_document_nor_suggests_it() {
    let fixture = write_map(MAP);
    let document = std::fs::read_to_string(fixture.path("doc.txt")).unwrap();
    // A Kialo export is a .txt file, as the source document often is.
    std::fs::write(fixture.path("doc.json"), MAP).unwrap();
    let export = fixture.run(&["export", "doc.json", "--format", "kialo", "-o", "doc.txt"]);
    assert_eq!(export.code, Some(1));
    assert_eq!(
        export.err,
        "argscope: -o doc.txt is the source document of this map, and writing it would replace the text its quotes come from; give -o another file, such as doc-exported.txt\n"
    );
    let export = fixture.run(&["export", "doc.json", "--format", "kialo", "-o", "doc.json"]);
    assert!(
        export
            .err
            .contains("give -o another file, such as doc-exported.txt"),
        "{}",
        export.err
    );
    assert_eq!(
        std::fs::read_to_string(fixture.path("doc.txt")).unwrap(),
        document
    );
}

/// A hard link is the file itself under a second name: writing it writes the map, though no
/// path leads from one to the other.
#[cfg(unix)]
#[test]
fn an_export_never_writes_over_the_map_its_source_or_its_notes_under_another_name() {
    let fixture = write_map(MAP);
    let notes = "{\"kept\": true}";
    std::fs::write(fixture.path("map.notes.json"), notes).expect("write notes");
    let document = std::fs::read_to_string(fixture.path("doc.txt")).unwrap();
    for (input, link, what) in [
        ("map.json", "copy.json", "is the map being exported"),
        ("doc.txt", "copy.txt", "is the source document of this map"),
        (
            "map.notes.json",
            "copy.notes",
            "is the notes file of this map",
        ),
    ] {
        std::fs::hard_link(fixture.path(input), fixture.path(link)).expect("a hard link");
        let export = fixture.run(&["export", "map.json", "--format", "markdown", "-o", link]);
        assert_eq!(export.code, Some(1), "-o {link}: {}", export.err);
        assert!(
            export.err.starts_with(&format!(
                "argscope: -o {link} {what} under another name (a hard link to it, not a copy)"
            )) && export.err.contains("give -o another file, such as map.md"),
            "-o {link}: {}",
            export.err
        );
    }
    assert_eq!(
        std::fs::read_to_string(fixture.path("map.json")).unwrap(),
        MAP
    );
    assert_eq!(
        std::fs::read_to_string(fixture.path("doc.txt")).unwrap(),
        document
    );
    assert_eq!(
        std::fs::read_to_string(fixture.path("map.notes.json")).unwrap(),
        notes
    );
    // The file suggested is never a second name of the map either.
    std::fs::hard_link(fixture.path("map.json"), fixture.path("map.md")).unwrap();
    let export = fixture.run(&[
        "export",
        "map.json",
        "--format",
        "markdown",
        "-o",
        "copy.json",
    ]);
    assert!(
        export
            .err
            .contains("give -o another file, such as map-exported.md"),
        "{}",
        export.err
    );
}

/// `argscope ARGS` in the fixture's folder, unable to write a file past 512 bytes, as on a
/// disk that fills up: `ulimit -f 1` (a block of 512 bytes in POSIX sh), with SIGXFSZ ignored
/// so that the write fails ("file too large") as a full disk's does, rather than killing it.
#[cfg(unix)]
fn run_on_a_small_disk(fixture: &Fixture, args: &[&str]) -> Output {
    let mut shell = Command::new("sh");
    shell
        .current_dir(fixture.dir.path())
        .env_remove("NO_COLOR")
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .args(["-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"", BIN])
        .args(args);
    run(&mut shell)
}

/// A map whose every export is well over 512 bytes.
#[cfg(unix)]
fn a_large_map() -> String {
    let claims: Vec<String> = (0..100)
        .map(|i| format!(r#"{{"id": "c{i}", "kind": "claim", "label": "Claim number {i}"}}"#))
        .collect();
    format!(
        r#"{{"argscope": 1, "root": {{"id": "t", "kind": "thesis", "label": "T", "children": [{}]}}}}"#,
        claims.join(",")
    )
}

/// Whatever stops an export midway (here a limit on file size, as a full disk would), the
/// file that was at -o is kept whole, not cut off; a new one is not left half made; and the
/// message says which.
#[cfg(unix)]
#[test]
fn an_export_that_fails_midway_leaves_the_file_there_as_it_was() {
    let fixture = write_map(a_large_map());
    let before = "# Last week's handout\n".repeat(100);
    // argscope JSON is written as it is made, everything else at once: both ways are atomic.
    for format in ["json", "markdown"] {
        std::fs::write(fixture.path("out.txt"), &before).unwrap();
        let export = run_on_a_small_disk(
            &fixture,
            &["export", "map.json", "--format", format, "-o", "out.txt"],
        );
        assert_eq!(export.code, Some(1), "{format}: {}", export.err);
        assert_eq!(
            export.err,
            "argscope: cannot write out.txt: file too large; out.txt is left as it was; give -o a file on a disk that holds files this large\n",
            "{format}"
        );
        assert_eq!(
            std::fs::read_to_string(fixture.path("out.txt")).unwrap(),
            before,
            "{format}"
        );
        let export = run_on_a_small_disk(
            &fixture,
            &["export", "map.json", "--format", format, "-o", "new.txt"],
        );
        assert_eq!(export.code, Some(1), "{format}: {}", export.err);
        assert!(
            export.err.contains("; nothing was written; "),
            "{format}: {}",
            export.err
        );
        assert!(!fixture.path("new.txt").exists(), "{format}");
        // Nor is any temporary file left beside it.
        let mut names: Vec<String> = std::fs::read_dir(fixture.dir.path())
            .unwrap()
            .map(|item| item.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["doc.txt", "map.json", "out.txt"], "{format}");
    }
}

/// An export replaces the file at -o whole, keeping the permissions it had, and never one made
/// read-only; a new file gets those any new file gets. A device is written as it is, never
/// replaced.
#[cfg(unix)]
#[test]
fn an_export_keeps_the_permissions_of_the_file_it_replaces_and_writes_a_device_in_place() {
    use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _, PermissionsExt as _};
    let fixture = write_map(MAP);
    std::fs::write(fixture.path("out.md"), "old").unwrap();
    let private = std::fs::Permissions::from_mode(0o600);
    std::fs::set_permissions(fixture.path("out.md"), private).unwrap();
    let export = fixture.run(&["export", "map.json", "--format", "markdown", "-o", "out.md"]);
    assert_eq!(export.code, Some(0), "{}", export.err);
    let meta = std::fs::metadata(fixture.path("out.md")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(
        std::fs::read_to_string(fixture.path("out.md"))
            .unwrap()
            .starts_with("# Test map\n")
    );
    // A new file: as `touch` would make it, under the umask of the test.
    std::fs::write(fixture.path("touched"), "").unwrap();
    let export = fixture.run(&["export", "map.json", "--format", "json", "-o", "new.json"]);
    assert_eq!(export.code, Some(0), "{}", export.err);
    let mode = |name: &str| {
        std::fs::metadata(fixture.path(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("new.json"), mode("touched"));
    // A file made read-only is kept so, as it was when it was written in place.
    let read_only = std::fs::Permissions::from_mode(0o444);
    std::fs::set_permissions(fixture.path("new.json"), read_only).unwrap();
    let kept = std::fs::read(fixture.path("new.json")).unwrap();
    let export = fixture.run(&[
        "export", "map.json", "--format", "markdown", "-o", "new.json",
    ]);
    assert_eq!(export.code, Some(1));
    assert_eq!(
        export.err,
        "argscope: cannot write new.json: it is read-only, so it is left as it was; make it writable (chmod u+w), or give -o another file\n"
    );
    assert_eq!(std::fs::read(fixture.path("new.json")).unwrap(), kept);
    let null = std::fs::metadata("/dev/null").unwrap();
    for format in ["markdown", "json"] {
        let export = fixture.run(&["export", "map.json", "--format", format, "-o", "/dev/null"]);
        assert_eq!(export.code, Some(0), "{format}: {}", export.err);
    }
    let after = std::fs::metadata("/dev/null").unwrap();
    assert!(after.file_type().is_char_device());
    assert_eq!((after.dev(), after.ino()), (null.dev(), null.ino()));
}

#[test]
fn an_export_to_a_dash_goes_to_standard_output() {
    let fixture = write_map(MAP);
    let export = fixture.run(&["export", "map.json", "--format", "json", "-o", "-"]);
    assert_eq!(export.code, Some(0), "{}", export.err);
    assert!(
        export.out.contains("\"label\": \"The thesis\""),
        "{}",
        export.out
    );
    assert!(!fixture.path("-").exists(), "a file named - was written");
}

#[test]
fn a_list_of_problems_cut_short_ends_saying_how_many_more_and_from_where() {
    let fixture = write_map(MAP);
    // 600 unclosed brackets, one a paragraph (lines 1, 3, 5 …), and 600 theses: 601 problems.
    let text: Vec<String> = (0..600).map(|i| format!("[a{i}")).collect();
    std::fs::write(fixture.path("many.argdown"), text.join("\n\n")).expect("write");
    let check = fixture.run(&["check", "many.argdown"]);
    assert_eq!(check.code, Some(1));
    let lines: Vec<&str> = check.err.lines().collect();
    assert_eq!(
        lines.len(),
        502,
        "500 problems, the rest, the count:\n{}",
        check.err
    );
    assert!(lines[0].starts_with("many.argdown:1:1: this [ is never closed"));
    assert!(lines[499].starts_with("many.argdown:999:1: this [ is never closed"));
    assert_eq!(
        lines[500],
        "many.argdown:1001:1: 101 more problems from here on are not listed; fix those above and check again"
    );
    assert_eq!(
        lines[501],
        "many.argdown: 601 problems found; the map may miss part of the file"
    );
}

#[test]
fn a_map_of_one_node_is_one_node() {
    let fixture =
        write_map(r#"{"argscope": 1, "root": {"id": "t", "kind": "thesis", "label": "T"}}"#);
    let check = fixture.run(&["check", "map.json"]);
    assert_eq!(check.code, Some(0), "{}", check.err);
    assert!(
        check.out.starts_with("map.json: ok, 1 node (1 thesis)"),
        "{}",
        check.out
    );
}

#[test]
fn print_and_export_say_when_the_map_has_problems() {
    let fixture = write_map(MAP);
    // An Argdown map with a { never closed: it opens, with one problem.
    std::fs::write(
        fixture.path("slip.argdown"),
        "[T]: thesis\n  + [A]: a {open\n",
    )
    .unwrap();
    for args in [
        &["print", "slip.argdown"][..],
        &["export", "slip.argdown", "--format", "opml"],
    ] {
        let run = fixture.run(args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.err);
        assert!(
            run.out.contains("thesis"),
            "{args:?}: the map is still written"
        );
        assert_eq!(
            run.err.trim_end(),
            "argscope: slip.argdown has 1 problem, so what is written may miss part of it; `argscope check slip.argdown` lists it",
            "{args:?}"
        );
    }
    let clean = fixture.run(&["print", "map.json"]);
    assert_eq!(
        clean.err, "",
        "a map without problems prints without a word"
    );
}

/// A warning that leaves nothing out (a quote not in the document, a document that cannot be
/// read) was announced as "so what is written may miss part of it", which was untrue.
#[test]
fn print_and_export_call_a_warning_that_leaves_nothing_out_a_warning() {
    let misquoted = write_map(MAP.replace("Alpha beta gamma.", "Words not in it."));
    let no_document = Fixture::new(MAP, false);
    for fixture in [misquoted, no_document] {
        for args in [
            &["print", "map.json"][..],
            &["export", "map.json", "--format", "argdown"],
        ] {
            let run = fixture.run(args);
            assert_eq!(run.code, Some(0), "{args:?}: {}", run.err);
            assert!(run.out.contains("The thesis"), "{args:?}: {}", run.out);
            assert_eq!(
                run.err.trim_end(),
                "argscope: map.json has 1 warning; `argscope check map.json` lists it",
                "{args:?}"
            );
        }
    }
}

#[test]
fn with_one_pane_on_screen_the_hints_name_tab_as_the_way_to_the_other() {
    for (size, keys, hint) in [
        ("70x15", "j j", "Tab detail"),
        ("70x15", "j j Tab", "Tab map"),
        ("40x12", "j", "Tab detail"),
    ] {
        let snapshot = builtin(&["snapshot", "--size", size, "--keys", keys]);
        assert_eq!(snapshot.code, Some(0), "{}", snapshot.err);
        let last = snapshot.out.lines().last().unwrap_or("");
        assert!(last.contains(hint), "{size} after {keys:?}: {last}");
        assert!(last.starts_with("? help"), "{last}");
    }
    // Side by side, Tab only moves the focus and keeps its place among the hints.
    let wide = builtin(&["snapshot", "--size", "120x30"]);
    assert!(wide.out.lines().last().unwrap().contains("Tab pane"));
}

#[test]
fn the_help_on_a_narrow_screen_puts_descriptions_beneath_their_keys_uncut() {
    let help = builtin(&["snapshot", "--size", "30x14", "--keys", "?"]);
    assert_eq!(help.code, Some(0), "{}", help.err);
    let lines: Vec<&str> = help.out.lines().collect();
    let keys = lines
        .iter()
        .position(|l| l.contains("j/↓"))
        .expect("the j key");
    assert!(
        lines[keys]
            .trim_end_matches(['┃', '█', ' '])
            .ends_with("j/↓"),
        "{}",
        help.out
    );
    assert!(lines[keys + 1].contains("next row (in the"), "{}", help.out);
}

#[test]
fn a_misspelt_command_gets_the_command_meant_not_a_missing_file() {
    let fixture = write_map(MAP);
    for (args, meant) in [
        (&["chek"][..], "argscope check"),
        (&["expor", "map.json"][..], "argscope export"),
        (&["prnt", "map.json"][..], "argscope print"),
    ] {
        let out = fixture.run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.err);
        assert!(
            out.err.contains(&format!(
                "there is no command or file named {:?}; did you mean `{meant}`?",
                args[0]
            )),
            "{args:?}: {}",
            out.err
        );
        assert_eq!(out.err.lines().count(), 1, "one sentence: {}", out.err);
    }
    // A file of that name is opened, not taken for a command.
    std::fs::copy(fixture.path("map.json"), fixture.path("chek")).unwrap();
    let print = fixture.run(&["print", "chek"]);
    assert_eq!(print.code, Some(0), "{}", print.err);
    let out = fixture.run(&["chek"]);
    assert!(!out.err.contains("did you mean"), "{}", out.err);
}

#[test]
fn an_option_of_a_command_given_before_it_names_the_command_it_belongs_to() {
    let fixture = write_map(MAP);
    // clap's own tip was to pass `--full` as a file name.
    let out = fixture.run(&["--full", "map.json"]);
    assert_eq!(out.code, Some(2), "{}", out.err);
    assert_eq!(
        out.err.trim(),
        "argscope: --full is an option of a command, not of argscope itself; write `argscope print --full …` (`argscope --help` lists its commands and options)"
    );
    let out = fixture.run(&["--format=json", "map.json"]);
    assert!(
        out.err.contains("`argscope export --format …`"),
        "{}",
        out.err
    );
}

/// A file whose name starts with `-` reads as options: the sentence says how to name it, and
/// keys that start with `-` (mark: disagree) are keys.
#[test]
fn a_file_named_with_a_dash_first_is_told_how_to_name_it_and_keys_may_start_with_one() {
    let fixture = write_map(MAP);
    std::fs::copy(fixture.path("map.json"), fixture.path("-dash.json")).unwrap();
    let out = fixture.run(&["check", "-dash.json"]);
    assert_eq!(out.code, Some(2), "{}", out.err);
    assert!(
        out.err.contains(
            "-dash.json is a file: name it ./-dash.json, or put -- before it, so it is not read as options"
        ),
        "{}",
        out.err
    );
    assert_eq!(out.err.lines().count(), 1, "{}", out.err);
    // Both ways it says work.
    for args in [
        &["check", "./-dash.json"][..],
        &["check", "--", "-dash.json"],
    ] {
        let out = fixture.run(args);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.err);
    }
    // A name that is no file, but looks like one, gets the same advice as a question.
    let out = fixture.run(&["print", "-missing.json"]);
    assert!(
        out.err
            .contains("if -missing.json is a file, name it ./-missing.json"),
        "{}",
        out.err
    );
    // An option that looks like none of that gets none of it.
    let out = fixture.run(&["check", "-x"]);
    assert!(!out.err.contains("is a file"), "{}", out.err);

    let marked = fixture.run(&["snapshot", "map.json", "--keys", "- j", "--size", "80x12"]);
    assert_eq!(marked.code, Some(0), "{}", marked.err);
    let typed = fixture.run(&["snapshot", "map.json", "--keys=- j", "--size", "80x12"]);
    assert_eq!(marked.out, typed.out);
    assert!(marked.out.contains('✗'), "{}", marked.out);
}

/// Every command line argscope cannot follow gets one line on standard error, exit code 2,
/// and what to do: the option or value meant, or the command line meant. clap's own report
/// ran to five lines, and told `argscope check --full` that --full is not an option "of
/// argscope itself".
#[test]
fn a_command_line_argscope_cannot_follow_is_told_in_one_sentence() {
    let fixture = write_map(MAP);
    for (args, says) in [
        (
            &["print", "--ful", "map.json"][..],
            "`argscope print` has no option --ful; did you mean --full?",
        ),
        (&["print", "--colour", "never"], "did you mean --color?"),
        (
            &["check", "--full", "map.json"],
            "`argscope check` has no option --full; it belongs to `argscope print --full …`",
        ),
        (
            &["export", "map.json"],
            "`argscope export` needs --format json, markdown, argdown, opml, kialo, dot, svg or png",
        ),
        (
            &["export", "map.json", "--format"],
            "--format needs a value: json, markdown,",
        ),
        (
            &["export", "map.json", "--format", "markdwn"],
            "not \"markdwn\"; did you mean \"markdown\"?",
        ),
        (
            &["print", "--from", "pdf", "map.json"],
            "--from takes argscope, argdown,",
        ),
        (
            &["print", "--max-size", "12x", "map.json"],
            "--max-size: \"12x\" is not a size",
        ),
        (
            &["check", "--max-size", "-1", "map.json"],
            "--max-size: \"-1\" is not a size",
        ),
        (
            &["check", "--max-size", "0", "map.json"],
            "--max-size: \"0\" would refuse every map; give the largest size to read",
        ),
        (&["config"], "`argscope config` needs --default or --path"),
        (
            &["config", "--default", "--path"],
            "--default and --path cannot be given together",
        ),
        (&["notes"], "`argscope notes` needs a command: summary"),
        (
            &["notes", "summry", "map.json"],
            "did you mean `argscope notes summary`?",
        ),
        (
            &["print", "my", "map.json"],
            "so \"map.json\" is one word too many; a file name with spaces goes in quotes",
        ),
        (
            &["--max-size", "2G", "print", "map.json"],
            "the command comes first: write `argscope print --max-size 2G map.json`",
        ),
        (
            &["map.json", "print", "--full"],
            "the command comes first: write `argscope print map.json --full`",
        ),
        (
            &["--theme", "light", "print", "map.json"],
            "`argscope print` has no option --theme",
        ),
        (
            &["--no-watch", "print"],
            "`argscope print` has no option --no-watch",
        ),
    ] {
        let out = fixture.run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.err);
        assert_eq!(out.out, "", "{args:?}");
        assert!(out.err.starts_with("argscope: "), "{args:?}: {}", out.err);
        assert!(out.err.contains(says), "{args:?}: {}", out.err);
        assert_eq!(out.err.lines().count(), 1, "one sentence: {}", out.err);
    }
}

#[test]
fn exporting_json_deeper_than_argscope_reads_back_warns_and_names_formats_that_keep_it() {
    // An AIF chain: each statement supports the one before, `nodes` statements deep.
    let chain = |nodes: usize| {
        let mut text = String::from("{\"nodes\": [");
        let mut edges = Vec::new();
        for i in 1..=nodes {
            if i > 1 {
                text.push(',');
            }
            text.push_str(&format!(
                "{{\"nodeID\": \"{i}\", \"type\": \"I\", \"text\": \"Step {i}\"}}"
            ));
            if i > 1 {
                text.push_str(&format!(", {{\"nodeID\": \"r{i}\", \"type\": \"RA\"}}"));
                edges.push(format!("{{\"fromID\": \"{i}\", \"toID\": \"r{i}\"}}"));
                edges.push(format!("{{\"fromID\": \"r{i}\", \"toID\": \"{}\"}}", i - 1));
            }
        }
        format!("{text}], \"edges\": [{}]}}", edges.join(", "))
    };
    let fixture = write_map(MAP);
    std::fs::write(fixture.path("deep.json"), chain(100_002)).unwrap();
    std::fs::write(fixture.path("deep-enough.json"), chain(300)).unwrap();
    let deep = fixture.run(&["export", "deep.json", "--format", "json", "-o", "out.json"]);
    assert_eq!(deep.code, Some(0), "{}", deep.err);
    assert!(
        deep.err.contains(
            "this map is 100001 levels deep and argscope reads argscope JSON only 100000 deep"
        ) && deep
            .err
            .contains("`--format argdown` or `--format opml` keep any depth"),
        "{}",
        deep.err
    );
    assert!(
        fixture.path("out.json").exists(),
        "the file is written all the same"
    );
    let fine = fixture.run(&[
        "export",
        "deep-enough.json",
        "--format",
        "json",
        "-o",
        "ok.json",
    ]);
    assert_eq!(fine.err, "");
    assert_eq!(fixture.run(&["check", "ok.json"]).code, Some(0));
}

/// The built-in map exported to a file names its article, which argscope keeps inside: the
/// article is written beside it, so the exported map checks as the built-in one does; a file
/// already there is never written over, and one that is not the article is warned about.
#[test]
fn the_builtin_map_exported_to_a_file_brings_its_article() {
    let dir = TempDir::new().unwrap();
    let map = dir.path().join("x.json");
    let map = map.to_str().unwrap();
    let export = builtin(&["export", "--format", "json", "-o", map]);
    assert_eq!(export.code, Some(0), "{}", export.err);
    assert!(
        export
            .err
            .contains("wrote the article the map quotes beside it"),
        "{}",
        export.err
    );
    let check = builtin(&["check", map]);
    assert_eq!(check.code, Some(0), "{}", check.err);
    assert!(
        check.out.contains("37 of 37 quotes anchored"),
        "{}",
        check.out
    );
    // Again: the article is there already, and nothing is said.
    let again = builtin(&[
        "export",
        "--format",
        "argdown",
        "-o",
        map.replace(".json", ".argdown").as_str(),
    ]);
    assert_eq!((again.code, again.err.as_str()), (Some(0), ""));
    // A different file of that name stays as it is.
    let other = TempDir::new().unwrap();
    std::fs::write(other.path().join("article.txt"), "My own notes.").unwrap();
    let elsewhere = other.path().join("y.json");
    let export = builtin(&[
        "export",
        "--format",
        "json",
        "-o",
        elsewhere.to_str().unwrap(),
    ]);
    assert_eq!(export.code, Some(0));
    assert!(
        export.err.contains("is not the article the map quotes"),
        "{}",
        export.err
    );
    assert_eq!(
        std::fs::read_to_string(other.path().join("article.txt")).unwrap(),
        "My own notes."
    );
}

/// An export stopped while it writes (Ctrl-C, a termination signal, a closed terminal) leaves
/// no temporary file, as large as the export, beside the file it was writing.
#[cfg(unix)]
#[test]
fn an_export_stopped_while_it_writes_leaves_no_temporary_file() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("big.argdown");
    let mut text = String::from("[T]: The thesis.\n");
    for i in 0..400_000 {
        text.push_str(&format!(
            "  + [C{i}]: A claim with a few words, number {i}.\n"
        ));
    }
    std::fs::write(&map, text).unwrap();
    let out = dir.path().join("big.json");
    let mut child = std::process::Command::new(BIN)
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .args(["export", map.to_str().unwrap(), "--format", "json", "-o"])
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temporary = |dir: &std::path::Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("big.json.tmp-"))
    };
    let started = std::time::Instant::now();
    while !temporary(dir.path()) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the export ended before it was seen writing"
        );
        assert!(started.elapsed().as_secs() < 60, "no temporary file seen");
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "{status:?}");
    assert!(!temporary(dir.path()), "a temporary file is left");
    assert!(!out.exists(), "no half export is left either");
}

// Outputs that are not files, and the files kept beside the notes

/// `-o /dev/tty` (or the terminal by any name) got the raw PNG: screens of binary that can
/// switch the terminal's character set. The opened output is asked, whatever its name.
#[test]
fn a_png_is_never_written_to_a_terminal_named_by_a_path() {
    for output in ["/dev/tty", "/proc/self/fd/1", "/dev/stdout"] {
        let run = std::process::Command::new("script")
            .args([
                "-q",
                "-e",
                "-c",
                &format!("'{BIN}' export --format png -o {output}"),
                "/dev/null",
            ])
            .env("ARGSCOPE_CONFIG", "/dev/null")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("util-linux `script` runs the program in a terminal");
        let seen = String::from_utf8_lossy(&run.stdout);
        assert_eq!(run.status.code(), Some(2), "-o {output}: {seen}");
        assert!(
            seen.contains(&format!(
                "argscope: a PNG is not text, and {output} is a terminal; write it to a file with -o map.png"
            )),
            "-o {output}: {seen}"
        );
        assert!(
            !seen.contains("PNG\r\n\u{1a}"),
            "-o {output}: the PNG was written"
        );
    }
}

/// `-o /dev/stdout | wc -c` waited for ever: the output was opened for reading (to see whether
/// it held notes), which put argscope on the reading end of its own pipe.
#[test]
fn an_export_to_standard_output_by_name_goes_down_the_pipe() {
    let fixture = write_map(MAP);
    let plain = fixture.run(&["export", "map.json", "--format", "json"]);
    for output in ["/dev/stdout", "/proc/self/fd/1"] {
        let export = fixture.run(&["export", "map.json", "--format", "json", "-o", output]);
        assert_eq!(export.code, Some(0), "-o {output}: {}", export.err);
        assert_eq!(export.out, plain.out, "-o {output}");
    }
    // The built-in map's article is written beside a file, never beside a device.
    let builtin = builtin(&["export", "--format", "json", "-o", "/dev/stdout"]);
    assert_eq!(builtin.code, Some(0), "{}", builtin.err);
    assert_eq!(builtin.err, "");
    assert!(builtin.out.starts_with("{"), "{}", builtin.out);
    let markdown = fixture.run(&[
        "export",
        "map.json",
        "--format",
        "markdown",
        "-o",
        "/dev/stderr",
    ]);
    assert_eq!(markdown.code, Some(0), "{}", markdown.err);
    assert!(markdown.err.contains("The thesis"), "{}", markdown.err);
}

#[test]
fn an_export_to_a_named_pipe_is_read_from_it() {
    let fixture = write_map(MAP);
    let fifo = fixture.path("ff");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let plain = fixture.run(&["export", "map.json", "--format", "json"]);
    let export = std::process::Command::new(BIN)
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .current_dir(fixture.dir.path())
        .args(["export", "map.json", "--format", "json", "-o", "ff"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("argscope runs");
    let read = std::fs::read_to_string(&fifo).expect("read the pipe");
    let done = export.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(read, plain.out);
    // Written into, not replaced by a file.
    use std::os::unix::fs::FileTypeExt as _;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

/// `-o X.notes.json.lock` replaced a running argscope's lock, so a second one opened the
/// notes writable too.
#[test]
fn an_export_never_writes_over_the_files_kept_beside_the_notes() {
    let fixture = write_map(MAP);
    for (name, what) in [
        (
            "map.notes.json.lock",
            "is the lock that keeps a second argscope from writing its notes",
        ),
        (
            "map.notes.json.draft",
            "is where the notes left unfinished are kept",
        ),
        ("map.notes.json.bak", "is the previous version of its notes"),
        ("map.notes.json.tmp-4242", "is a notes save in progress"),
    ] {
        std::fs::write(fixture.path(name), "4242\n").unwrap();
        let export = fixture.run(&["export", "map.json", "--format", "markdown", "-o", name]);
        assert_eq!(export.code, Some(1), "-o {name}: {}", export.err);
        assert!(
            export
                .err
                .starts_with(&format!("argscope: -o {name} {what} for this map")),
            "-o {name}: {}",
            export.err
        );
        assert!(
            export.err.contains("give -o another file"),
            "{}",
            export.err
        );
        assert_eq!(
            std::fs::read_to_string(fixture.path(name)).unwrap(),
            "4242\n"
        );
    }
    // And beside notes named with --notes.
    let named = fixture.run(&[
        "export",
        "map.json",
        "--format",
        "markdown",
        "--notes",
        "seminar.json",
        "-o",
        "seminar.json.lock",
    ]);
    assert_eq!(named.code, Some(1), "{}", named.err);
    assert!(named.err.contains("is the lock"), "{}", named.err);
    assert!(!fixture.path("seminar.json.lock").exists());
}

// The source document a map names

/// A map from anyone could name a file anywhere on the machine, which was read and shown.
#[test]
fn a_source_document_outside_the_maps_reach_is_not_read() {
    let fixture = Fixture::new("", true);
    let absolute = fixture.path("doc.txt");
    let absolute = absolute.to_str().unwrap();
    for (file, says) in [
        (absolute, format!("\"source.file\" names {absolute}, a path from the top of the disk, and argscope reads a source document only by a path from the map's folder; copy the document beside the map and name it so, such as \"doc.txt\"; until then its quotes are unverified")),
        (
            "../../../../../../../../../../proc/self/environ",
            "one of the system's own files, not a document; name the text file the quotes come from".to_string(),
        ),
    ] {
        std::fs::write(fixture.path("map.json"), edit("\"doc.txt\"", &format!("{file:?}"))).unwrap();
        let check = fixture.run(&["check", "map.json"]);
        assert_eq!(check.code, Some(1), "{file}: {}", check.err);
        assert!(check.err.contains(&says), "{file}: {}", check.err);
        assert!(!check.err.contains("the quote of"), "{file}: it was read: {}", check.err);
        // The map still opens, without its source.
        let print = fixture.run(&["print", "map.json"]);
        assert_eq!(print.code, Some(0), "{}", print.err);
    }
    // A document up from the map's folder is a fair use.
    std::fs::create_dir(fixture.path("maps")).unwrap();
    std::fs::write(
        fixture.path("maps/map.json"),
        edit("\"doc.txt\"", "\"../doc.txt\""),
    )
    .unwrap();
    let check = fixture.run(&["check", "maps/map.json"]);
    assert_eq!(check.code, Some(0), "{}", check.err);
}

/// A binary source document was told as a map that is binary.
#[test]
fn a_binary_source_document_is_told_as_the_document() {
    let fixture = write_map(MAP);
    std::fs::write(fixture.path("doc.txt"), "abc\0def").unwrap();
    let check = fixture.run(&["check", "map.json"]);
    assert_eq!(check.code, Some(1), "{}", check.err);
    assert!(
        check.err.starts_with(
            "map.json: the source document doc.txt holds a NUL byte (byte 3), so it is binary, not text; save the document as plain text (UTF-8) and name that file in \"source.file\"; until then its quotes are unverified\n"
        ),
        "{}",
        check.err
    );
    assert!(!check.err.contains("not a map"), "{}", check.err);
}

/// A group in a group was told it "stands at the root or right under it; move it there".
#[test]
fn a_group_in_a_group_is_told_as_one() {
    let fixture = write_map(
        r#"{"argscope":1,"root":{"id":"a","kind":"group","label":"x","children":[{"id":"g","kind":"group","label":"y"}]}}"#,
    );
    let check = fixture.run(&["check", "map.json"]);
    assert_eq!(check.code, Some(1), "{}", check.err);
    assert!(
        check.err.starts_with(
            "map.json:1:88: a group stands inside another group, but groups do not nest; move what this group holds into the group above it and remove this one, or give this node another kind, such as \"claim\""
        ),
        "{}",
        check.err
    );
}
