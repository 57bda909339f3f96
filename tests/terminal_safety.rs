//! No text from a file can drive the terminal. A map (argscope JSON, and Argdown) whose title,
//! author, source, labels, paraphrases, quotes, urls and notes carry escape sequences (CSI, OSC 52
//! clipboard writes, OSC 8 links, DCS), C0 and C1 controls, BEL, backspace, carriage return and
//! bidirectional overrides is opened by the real binary in a real terminal (tmux), driven through
//! every screen, and every byte the program wrote to the terminal is recorded (`pipe-pane`) and
//! scanned: the only escape sequences allowed are argscope's own (CSI cursor, colour, erase and
//! mode sequences, and one OSC 52 after `y`, whose payload must be the cleaned text). `print
//! --color always` and `export --format markdown` written to the terminal get the same scan.
//!
//! tmux must be installed; these tests fail, rather than skip, without it (CI installs it).

mod tmux;

use std::path::Path;

use base64::Engine as _;
use tmux::*;

/// Everything a file could use to drive a terminal, each with a visible word after it so the
/// screen shows where it stood.
const HOSTILE: &str = concat!(
    // First, so that a format which ends a label at `]` (Argdown) still carries them, into its
    // problem messages too.
    "\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}BIDI ",
    "\x1b[2J\x1b[31mCSI ",
    "\x1b]52;c;aGFja2Vk\x07OSC52 ",
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ ",
    "\x1bP1$tDCS\x1b\\ ",
    "\x1b_APC\x1b\\ ",
    "BEL\x07 BS\x08 CR\r ",
    "\u{9b}31mC1CSI \u{9d}0;title\u{9c} \u{85}NEL \u{90}DCS1 ",
    // Not escapes, but they break the screen's layout: terminals draw the separators as line
    // breaks or nothing, and give private-use characters and noncharacters their own widths.
    "LS\u{2028}PS\u{2029}PUA\u{e000}NC\u{fffe}",
);

/// The bidirectional controls a file may not use to reorder what is shown, and the characters
/// that break the layout (line and paragraph separators, private use, noncharacters).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{e000}'..='\u{f8ff}' | '\u{fffe}' | '\u{ffff}')
}

/// What the bytes a program wrote to the terminal contain, sequence by sequence.
#[derive(Debug, Default)]
struct Scan {
    /// Decoded payloads of OSC 52 clipboard writes.
    copies: Vec<String>,
    /// Everything that should not be there, described.
    problems: Vec<String>,
    /// Every kind of sequence seen, e.g. `CSI ?h`, for the failure message.
    seen: std::collections::BTreeSet<String>,
}

/// Scans what a program wrote. CSI sequences are allowed when they move the cursor, set colours
/// and styles, erase, or set and reset modes (the alternate screen, the cursor, mouse reporting);
/// OSC only as 52 (the clipboard) with a base64 payload; nothing else that starts with ESC, no
/// C0 control but a line break (`\r\n`, the terminal's own translation of `\n`), no C1 control,
/// no bidirectional override, and nothing that is not UTF-8.
fn scan(bytes: &[u8]) -> Scan {
    let mut scan = Scan::default();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            scan.problems
                .push(format!("not UTF-8 at byte {}", error.valid_up_to()));
            return scan;
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let context = |i: usize| -> String {
        let from = i.saturating_sub(20);
        let to = (i + 20).min(chars.len());
        format!("{:?}", chars[from..to].iter().collect::<String>())
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\x1b' => match chars.get(i + 1) {
                Some('[') => {
                    let mut j = i + 2;
                    while j < chars.len() && ('\x30'..='\x3f').contains(&chars[j]) {
                        j += 1;
                    }
                    let params: String = chars[i + 2..j].iter().collect();
                    while j < chars.len() && ('\x20'..='\x2f').contains(&chars[j]) {
                        j += 1;
                    }
                    let Some(&last) = chars.get(j) else {
                        scan.problems
                            .push(format!("an unfinished CSI at the end: {}", context(i)));
                        break;
                    };
                    let private = if params.starts_with('?') { "?" } else { "" };
                    scan.seen.insert(format!("CSI {private}{last}"));
                    // Cursor moves, colours and styles, erasing, modes.
                    if !"ABCDEFGHJKXdfhlmrSTnt".contains(last)
                        || !params
                            .chars()
                            .all(|p| p.is_ascii_digit() || ";:?".contains(p))
                    {
                        scan.problems.push(format!(
                            "CSI {params}{last} is not one argscope sends: {}",
                            context(i)
                        ));
                    }
                    i = j + 1;
                }
                Some(']') => {
                    let mut j = i + 2;
                    let mut body = String::new();
                    let mut ended = false;
                    while j < chars.len() {
                        if chars[j] == '\x07' {
                            j += 1;
                            ended = true;
                            break;
                        }
                        if chars[j] == '\x1b' && chars.get(j + 1) == Some(&'\\') {
                            j += 2;
                            ended = true;
                            break;
                        }
                        body.push(chars[j]);
                        j += 1;
                    }
                    scan.seen
                        .insert(format!("OSC {}", body.split(';').next().unwrap_or("")));
                    match body.strip_prefix("52;c;") {
                        Some(payload) if ended => {
                            match base64::engine::general_purpose::STANDARD.decode(payload) {
                                Ok(decoded) => {
                                    scan.copies
                                        .push(String::from_utf8_lossy(&decoded).into_owned());
                                }
                                Err(error) => scan.problems.push(format!(
                                    "an OSC 52 whose payload is not base64: {error}"
                                )),
                            }
                        }
                        _ => scan
                            .problems
                            .push(format!("an OSC argscope never sends: {}", context(i))),
                    }
                    i = j;
                }
                other => {
                    let other = other.map_or("end".to_string(), |c| format!("{c:?}"));
                    scan.seen.insert(format!("ESC {other}"));
                    scan.problems.push(format!(
                        "ESC {other} is not a sequence argscope sends: {}",
                        context(i)
                    ));
                    i += 2;
                }
            },
            '\r' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '\n' => i += 1,
            c if c.is_control() => {
                scan.problems.push(format!(
                    "a raw control character U+{:04X}: {}",
                    c as u32,
                    context(i)
                ));
                i += 1;
            }
            c if is_bidi_control(c) => {
                scan.problems.push(format!(
                    "a bidirectional override or layout breaker U+{:04X}: {}",
                    c as u32,
                    context(i)
                ));
                i += 1;
            }
            _ => i += 1,
        }
    }
    scan
}

/// Fails with every problem found in what was written, and the kinds of sequence seen.
fn assert_clean(what: &str, scan: &Scan) {
    assert!(
        scan.problems.is_empty(),
        "{what} wrote what could drive the terminal ({} problems; sequences seen: {:?}):\n{}",
        scan.problems.len(),
        scan.seen,
        scan.problems.join("\n")
    );
}

#[test]
fn the_scan_finds_every_hostile_sequence() {
    // The scan is the judge of the tests below: it must catch each thing a file could use.
    let scan = scan(HOSTILE.as_bytes());
    for expected in [
        "CSI 2J", "CSI 31m", "OSC", "ESC 'P'", "ESC '_'", "U+0007", "U+0008", "U+000D", "U+009B",
        "U+009D", "U+0085", "U+0090", "U+202E", "U+2066", "U+2028", "U+E000", "U+FFFE",
    ] {
        let found = match expected {
            // Erasing and colours are argscope's own sequences too; the test below looks for the
            // content's text instead.
            "CSI 2J" | "CSI 31m" => continue,
            _ => scan.problems.iter().any(|p| p.contains(expected)),
        };
        assert!(found, "the scan missed {expected}: {:#?}", scan.problems);
    }
    // The hostile OSC 52 looks like a copy: its payload is not what argscope would copy.
    assert_eq!(scan.copies, ["hacked"]);
    // And the sequences argscope sends itself pass.
    let own = "\x1b[?1049h\x1b[?25l\x1b[1;1H\x1b[38;5;12mok\x1b[0m\x1b[2J\x1b[K\x1b[?1000h\r\n\x1b]52;c;aGk=\x07";
    let clean = scan_own(own);
    assert!(clean.problems.is_empty(), "{:?}", clean.problems);
    assert_eq!(clean.copies, ["hi"]);
}

fn scan_own(text: &str) -> Scan {
    scan(text.as_bytes())
}

/// The map file's folder: an argscope JSON map with a source document and notes, and the same
/// hostile text in an Argdown map.
struct Files {
    dir: tempfile::TempDir,
}

const QUOTE: &str = "Plain words anchor this quote.";

impl Files {
    fn new() -> Files {
        let dir = tempfile::TempDir::new().unwrap();
        let h = |prefix: &str| format!("{prefix} {HOSTILE}");
        let map = serde_json::json!({
            "argscope": 1,
            "title": h("Title"),
            "author": h("Author"),
            "source": {
                "file": "article.txt",
                "title": h("SourceTitle"),
                "publisher": h("Publisher"),
                "url": format!("https://example.org/{HOSTILE}"),
            },
            "root": {
                "id": "thesis",
                "kind": "thesis",
                "label": h("Thesis"),
                "text": format!("{}\nSecond line {HOSTILE}", h("Paraphrase")),
                "quote": QUOTE,
                "url": format!("https://example.org/a{HOSTILE}"),
                "children": [
                    {"id": "claim", "kind": "claim", "label": h("Claim"),
                     "text": h("ClaimText"), "quote": h("ClaimQuote"),
                     "also": [h("Also")],
                     "children": [{"id": "answer", "kind": "rebuttal", "label": h("Answer")}]},
                    {"id": "objection", "kind": "objection", "label": h("Objection"),
                     "children": [{"ref": "claim", "kind": "rebuttal"}]},
                ]
            }
        });
        std::fs::write(dir.path().join("map.json"), map.to_string()).unwrap();
        std::fs::write(
            dir.path().join("article.txt"),
            format!(
                "First paragraph {HOSTILE} ends.\n\nSecond paragraph. {QUOTE} The end {HOSTILE}.\n"
            ),
        )
        .unwrap();
        let notes = serde_json::json!({
            "argscope_notes": 1,
            "map": h("NotesMap"),
            "keyed_by": "id",
            "entries": {
                "thesis": {"mark": "agree", "note": h("NoteText"), "label": h("NoteLabel")},
                // A key is kept as written, to find its node: only where it is shown is it
                // cleaned.
                h("gone"): {"note": h("OrphanNote"), "label": h("OrphanLabel")},
            }
        });
        std::fs::write(dir.path().join("map.notes.json"), notes.to_string()).unwrap();
        let argdown = format!(
            "===\ntitle: Title {h}\nauthor: Author {h}\n===\n\n[Thesis {h}]: Paraphrase {h}\n  + [Claim {h}]: ClaimText {h}\n    > \"ClaimQuote {h}\"\n  - <Objection {h}>: ObjectionText {h}\n",
            h = HOSTILE.replace('\n', " ")
        );
        std::fs::write(dir.path().join("map.argdown"), argdown).unwrap();
        Files { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

/// Starts recording every byte the pane's programs write.
fn record(term: &Terminal, file: &Path) {
    term.tmux(&[
        "pipe-pane",
        "-O",
        "-t",
        "e2e",
        &format!("cat >> {}", quoted(&file.display().to_string())),
    ]);
}

/// What was recorded so far.
fn recorded(file: &Path) -> Vec<u8> {
    std::fs::read(file).unwrap_or_default()
}

/// Waits until the recording holds `marker` (the program's output reaches the file a moment
/// after it reaches the screen), then stops recording and returns it.
fn stop_recording(term: &Terminal, file: &Path, marker: &str) -> Vec<u8> {
    term.wait_until(&format!("{marker:?} in the recording"), |_| {
        String::from_utf8_lossy(&recorded(file)).contains(marker)
    });
    term.tmux(&["pipe-pane", "-t", "e2e"]);
    recorded(file)
}

/// A shell command line that prints `BEGIN-<tag>` before `command` and `END-<tag>` after it
/// (typed differently from how it prints, so the echoed command line is not taken for it).
fn bracketed(tag: &str, command: &str) -> String {
    format!("printf 'BEGIN%s\\n' '-{tag}'; {command}; printf 'END%s\\n' '-{tag}'")
}

/// What the program wrote between `BEGIN-<tag>` and `END-<tag>`: its own output alone, without
/// the shell's (bash's line editor writes a bare carriage return of its own).
fn between<'a>(bytes: &'a [u8], tag: &str) -> &'a [u8] {
    let find = |needle: &str, from: usize| {
        bytes[from..]
            .windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .map(|at| from + at)
    };
    let begin = format!("BEGIN-{tag}\r\n");
    let start =
        find(&begin, 0).unwrap_or_else(|| panic!("no {begin:?} in the recording")) + begin.len();
    let end = find(&format!("END-{tag}"), start).expect("the end marker in the recording");
    &bytes[start..end]
}

/// Presses keys and waits until the screen shows `expect`.
fn step(term: &Terminal, keys: &[&str], expect: &str) {
    term.press(keys);
    term.wait_for(expect);
}

/// The visible stand-ins the screen must show for the hostile text: the user sees that
/// something was there.
const PLACEHOLDERS: [&str; 3] = ["␛[2J␛[31mCSI", "BEL␇", "BS␈"];

/// Opens `map` in the pane (outside tmux's passthrough, so a copy is a plain OSC 52), walks
/// through the screens, copies the selection with `y`, quits, and returns what was written and
/// the copies made before and after `y`.
fn drive(term: &Terminal, map: &str, record_to: &Path, has_source: bool) -> (Vec<u8>, Scan) {
    record(term, record_to);
    term.type_line(&bracketed(
        "TUI",
        &format!(
            "env -u TMUX {} {}; echo EXITED:$?",
            quoted(ARGSCOPE),
            quoted(map)
        ),
    ));
    term.wait_for("Thesis");
    term.wait_for(HELP_HINT);
    for placeholder in PLACEHOLDERS {
        term.wait_for(placeholder);
    }
    // The tree, everything unfolded; the detail pane of a claim, scrolled to its end.
    step(term, &["0"], "Objection");
    step(term, &["j"], "ClaimText");
    step(term, &["Tab", "G"], "ClaimText");
    step(term, &["Tab", "g", "g"], "Thesis");
    // Search.
    step(term, &["/"], "/");
    term.press(&["-l", "Claim"]);
    term.wait_for("Claim");
    step(term, &["Enter"], "Claim");
    step(term, &["Escape"], "Thesis");
    // The step-into view of the thesis, and back.
    step(term, &["z"], "For");
    step(term, &["Escape"], HELP_HINT);
    // Presenter mode: slides, a revealed child, the overview.
    step(term, &["P"], "← back");
    step(term, &["Right", "Right", "j"], "objection ·");
    step(term, &["o"], "Overview");
    step(term, &["Escape"], "← back");
    step(term, &["Escape"], HELP_HINT);
    // The source beside the map, with a sentence cursor.
    if has_source {
        step(term, &["s"], "Second paragraph");
        step(term, &["Tab", "j", "j"], "Second paragraph");
        step(term, &["Tab", "s"], HELP_HINT);
    }
    // The problems found in the file (their messages quote it), the orphaned notes, the help.
    step(term, &["W"], "Problems in");
    step(term, &["Escape"], HELP_HINT);
    step(term, &["O"], "rphan");
    step(term, &["Escape"], HELP_HINT);
    step(term, &["?"], "next row");
    step(term, &["Escape"], HELP_HINT);
    term.press(&["g", "g"]);
    term.wait_for("Thesis");
    let before_copy = scan(between(
        &[recorded(record_to), b"END-TUI".to_vec()].concat(),
        "TUI",
    ));
    term.press(&["y"]);
    term.wait_until("the status line to say what y did", |t| {
        let screen = t.screen();
        screen.contains("sent to the terminal's clipboard") || screen.contains("no quote to copy")
    });
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
    let bytes = stop_recording(term, record_to, "END-TUI");
    (between(&bytes, "TUI").to_vec(), before_copy)
}

#[test]
fn a_hostile_argscope_map_cannot_drive_the_terminal_on_any_screen() {
    let files = Files::new();
    let term = Terminal::open("hostile-json", 100, 30);
    let record_to = files.dir.path().join("recorded.bin");
    let (bytes, before_copy) = drive(&term, &files.path("map.json"), &record_to, true);
    let scan = scan(&bytes);
    assert_clean("argscope on a hostile map", &scan);
    assert!(
        before_copy.copies.is_empty(),
        "a clipboard write before y was pressed: {:?}",
        before_copy.copies
    );
    // Exactly one copy, after y: the thesis's quote with its citation, the author and publisher
    // cleaned, nothing in it that a paste could use to drive a terminal.
    let clean = |text: &str| argscope::text::sanitize(text, false);
    let expected = format!(
        "“{QUOTE}” — {}, {}, para. 2",
        clean(&format!("Author {HOSTILE}")),
        clean(&format!("Publisher {HOSTILE}"))
    );
    assert_eq!(scan.copies, [expected]);
    assert!(
        !scan.copies[0]
            .chars()
            .any(|c| c.is_control() || is_bidi_control(c)),
        "the copied text carries control characters: {:?}",
        scan.copies[0]
    );
    assert!(
        scan.seen.contains("CSI ?h") && scan.seen.contains("CSI m"),
        "the recording should hold argscope's own drawing: {:?}",
        scan.seen
    );
}

#[test]
fn a_hostile_argdown_map_cannot_drive_the_terminal() {
    let files = Files::new();
    let term = Terminal::open("hostile-argdown", 100, 30);
    let record_to = files.dir.path().join("recorded.bin");
    let (bytes, _) = drive(&term, &files.path("map.argdown"), &record_to, false);
    let scan = scan(&bytes);
    assert_clean("argscope on a hostile Argdown map", &scan);
    // y on the thesis, which has no quote in this map: nothing is copied.
    assert!(scan.copies.is_empty(), "{:?}", scan.copies);
}

#[test]
fn print_and_the_markdown_handout_to_a_terminal_cannot_drive_it() {
    let files = Files::new();
    let term = Terminal::open("hostile-print", 100, 30);
    for (i, (name, args)) in [
        ("print --color always", "print {} --full --color always"),
        ("print", "print {} --full"),
        ("export --format markdown", "export {} --format markdown"),
        (
            "export --format markdown --notes NOTES",
            "export {} --format markdown --notes {}.notes",
        ),
        // The notes beside the map (map.notes.json for map.json).
        (
            "export --format markdown --notes",
            "export {} --format markdown --notes",
        ),
        ("notes summary", "notes summary {}"),
        ("check", "check {}"),
    ]
    .into_iter()
    .enumerate()
    {
        for map in ["map.json", "map.argdown"] {
            let record_to = files.dir.path().join(format!("print-{i}-{map}.bin"));
            record(&term, &record_to);
            let notes = files.path("map.notes.json");
            let args = args
                .replace("{}.notes", &quoted(&notes))
                .replace("{}", &quoted(&files.path(map)));
            let tag = format!("{i}-{map}");
            term.type_line(&bracketed(&tag, &format!("{} {args}", quoted(ARGSCOPE))));
            let bytes = stop_recording(&term, &record_to, &format!("END-{tag}"));
            let bytes = between(&bytes, &tag);
            let written = String::from_utf8_lossy(bytes);
            assert!(
                written.contains("Thesis") || name == "check",
                "`{name}` on {map} wrote no map:\n{written}"
            );
            assert_clean(&format!("`argscope {name}` on {map}"), &scan(bytes));
            if name.starts_with("print") || name.starts_with("export") {
                assert!(
                    ["␛", "␇", "␈"].iter().all(|p| written.contains(p)),
                    "`{name}` on {map} should show ESC, BEL and BS as visible stand-ins:\n{written}"
                );
            }
        }
    }
}

#[test]
fn exports_to_a_terminal_carry_no_control_from_the_file_not_even_its_source_file_name() {
    // The source document's file name is kept as written, to open it; every other text of a
    // map is cleaned when read.
    let dir = tempfile::TempDir::new().unwrap();
    let map = serde_json::json!({
        "argscope": 1,
        "title": format!("Title {HOSTILE}"),
        "source": {
            "file": format!("doc {HOSTILE}.txt"),
            "argument_ends_before": format!("End {HOSTILE}"),
        },
        "root": {"id": "t", "kind": "thesis", "label": format!("Thesis {HOSTILE}")},
    });
    let path = dir.path().join("map.json");
    std::fs::write(&path, map.to_string()).unwrap();
    for format in ["json", "argdown", "opml", "kialo", "dot", "markdown"] {
        let export = std::process::Command::new(env!("CARGO_BIN_EXE_argscope"))
            .env("ARGSCOPE_CONFIG", "/dev/null")
            .args(["export", path.to_str().unwrap(), "--format", format])
            .output()
            .expect("argscope runs");
        assert!(export.status.success(), "{format}: {export:?}");
        assert_clean(&format!("export --format {format}"), &scan(&export.stdout));
    }
}

#[test]
fn a_notes_files_own_keys_reach_no_terminal_through_any_command() {
    // The keys of a notes file are the one text of it not cleaned when read (they must match
    // the node they name); a note whose node is gone is listed under its key.
    let dir = tempfile::TempDir::new().unwrap();
    let map = serde_json::json!({
        "argscope": 1,
        "root": {"id": "t", "kind": "thesis", "label": "Thesis"},
    });
    let path = dir.path().join("map.json");
    std::fs::write(&path, map.to_string()).unwrap();
    let key = format!("gone {HOSTILE}");
    let notes = serde_json::json!({
        "argscope_notes": 1,
        "map": "Thesis",
        "keyed_by": "id",
        "entries": {&key: {"note": "hi", "label": "old"}},
    });
    std::fs::write(dir.path().join("map.notes.json"), notes.to_string()).unwrap();
    let map = path.to_str().unwrap();
    for args in [
        &["export", map, "--format", "markdown", "--notes"][..],
        &["notes", "summary", map],
        &["notes", "summary", map, "--json"],
    ] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_argscope"))
            .env("ARGSCOPE_CONFIG", "/dev/null")
            .args(args)
            .output()
            .expect("argscope runs");
        let command = args.join(" ");
        assert!(run.status.success(), "{command}: {run:?}");
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            stdout.contains("gone"),
            "`{command}` lost the orphan:\n{stdout}"
        );
        assert_clean(&format!("`{command}`"), &scan(&run.stdout));
        assert_clean(&format!("`{command}` (standard error)"), &scan(&run.stderr));
        if args.contains(&"--json") {
            // JSON for scripts keeps the key exactly, written with escapes.
            let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
            assert_eq!(json["orphans"][0]["key"], key.as_str());
        } else {
            assert!(stdout.contains("gone \u{fffd}"), "{stdout}");
            assert!(stdout.contains("␛[2J"), "{stdout}");
        }
    }
}
