//! Hostile files, given to the real binary through `check` and `print`: very deep nesting in
//! every format, ten-million-character lines, NUL bytes, invalid UTF-8, empty files, folders,
//! named pipes, devices, symbolic link loops, files over the size limit and files that change
//! while being read. Each either loads or is refused with one sentence that names the file (and
//! the line and column, or the byte, where there is one); none panics, overflows the stack or
//! hangs. The deep files run in the binary's default 8 MB main stack, so a recursive walk over
//! 100,000 levels would crash them. Big inputs are made in a temporary folder and deleted.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_argscope");

/// How deep the deep files nest.
const DEEP: usize = 100_000;
/// How long the long lines are, in characters.
const LONG: usize = 10_000_000;

struct Run {
    code: Option<i32>,
    out: String,
    err: String,
}

struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new() -> Folder {
        Folder {
            dir: tempfile::TempDir::new().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.path(name), content).unwrap();
        self
    }

    /// Runs the binary in this folder, so file names in messages are as given.
    fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(BIN)
            .args(args)
            .current_dir(self.dir.path())
            .env("ARGSCOPE_CONFIG", "/dev/null")
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        Run {
            code: out.status.code(),
            out: String::from_utf8_lossy(&out.stdout).into_owned(),
            err: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

fn assert_no_crash(err: &str) {
    for sign in [
        "panicked",
        "internal error",
        "RUST_BACKTRACE",
        "stack overflow",
        "stack backtrace",
    ] {
        assert!(!err.contains(sign), "{sign}: {err}");
    }
}

/// `print` refused the file: exit 1 and one line, `argscope: <sentence>`, naming the file and
/// holding `says`.
fn assert_print_refused(run: &Run, file: &str, says: &str) {
    assert_no_crash(&run.err);
    assert_eq!(run.code, Some(1), "{}", run.err);
    assert_eq!(run.out, "");
    assert_eq!(run.err.lines().count(), 1, "one sentence: {}", run.err);
    let line = run.err.trim_end();
    assert!(line.starts_with("argscope: "), "{line}");
    assert!(line.contains(file), "names {file}: {line}");
    assert!(line.contains(says), "says {says:?}: {line}");
}

/// `check` found problems: exit 1, the problems one a line, each naming the file, and the
/// count last. The first problem holds `says`.
fn assert_check_refused(run: &Run, file: &str, says: &str) {
    assert_no_crash(&run.err);
    assert_eq!(run.code, Some(1), "{}", run.err);
    let lines: Vec<&str> = run.err.lines().collect();
    let (count, problems) = lines.split_last().expect("some output");
    assert!(
        count.starts_with(&format!("{file}: ")) && count.contains(" found"),
        "{count}"
    );
    assert!(!problems.is_empty());
    for problem in problems {
        assert!(problem.contains(file), "names {file}: {problem}");
    }
    assert!(problems[0].contains(says), "says {says:?}: {}", run.err);
}

/// Both commands refuse the file with the same sentence.
fn assert_refused(folder: &Folder, file: &str, says: &str) {
    assert_print_refused(&folder.run(&["print", file]), file, says);
    assert_check_refused(&folder.run(&["check", file]), file, says);
}

/// The file loads: `check` summarises it (or lists warnings) and `print` draws every node.
/// Returns the outline `print` wrote.
fn assert_loads(folder: &Folder, file: &str, nodes: usize) -> String {
    let check = folder.run(&["check", file]);
    assert_no_crash(&check.err);
    if check.code == Some(0) {
        assert!(
            check.out.contains(&format!(
                "{file}: ok, {nodes} node{}",
                if nodes == 1 { "" } else { "s" }
            )),
            "{}",
            check.out
        );
    } else {
        assert_check_refused(&check, file, "");
    }
    let print = folder.run(&["print", file]);
    assert_no_crash(&print.err);
    assert_eq!(print.code, Some(0), "{}", print.err);
    assert_eq!(print.out.lines().count(), nodes, "one line a node");
    print.out
}

/// argscope JSON whose every node lacks its id and has an empty label: `check` lists both
/// problems of each node, the reader's and validation's, and each once (validation's were once
/// looked for among the reader's in a list: 50,000 such nodes took 16 s, these would take
/// minutes).
#[test]
fn argscope_json_of_200000_nodes_without_ids_lists_every_problem_once() {
    let nodes = 200_000;
    let children = vec![r#"{"kind": "claim", "label": ""}"#; nodes].join(",\n");
    let folder = Folder::new();
    folder.write(
        "broken.json",
        format!(
            "{{\"argscope\": 1, \"root\": {{\"id\": \"t\", \"kind\": \"thesis\", \"label\": \"T\", \"children\": [\n{children}\n]}}}}\n"
        ),
    );
    let check = folder.run(&["check", "broken.json"]);
    assert_check_refused(&check, "broken.json", "this node has no \"id\"");
    let lines: Vec<&str> = check.err.lines().collect();
    assert_eq!(
        lines.len(),
        2 * nodes + 1,
        "two problems a node, then the count"
    );
    assert_eq!(
        lines[0],
        "broken.json:2:1: this node has no \"id\"; every node needs an \"id\", a \"kind\" and a \"label\""
    );
    assert!(
        lines[nodes].starts_with("broken.json:2:28: the node \"\" has an empty label"),
        "{}",
        lines[nodes]
    );
}

// ---------------------------------------------------------------------------------------------
// 100,000 levels deep, in every format.

/// argscope JSON nested `depth` nodes below its root (a chain of claims under a thesis).
fn json_chain(depth: usize) -> String {
    let mut json = String::from("{\"argscope\": 1, \"root\": ");
    for i in 0..=depth {
        let kind = if i == 0 { "thesis" } else { "claim" };
        let _ = write!(
            json,
            "{{\"id\": \"n{i}\", \"kind\": \"{kind}\", \"label\": \"x\", \"children\": ["
        );
    }
    json.push_str(&"]}".repeat(depth + 1));
    json.push('}');
    json
}

/// A chain of 100,000 read from Argdown or AIF was exported as argscope JSON that argscope
/// refused past 169 levels; it reads back now, and only a file deeper than that is refused.
#[test]
fn argscope_json_100000_deep_loads_and_deeper_is_refused_with_its_place() {
    let folder = Folder::new();
    folder.write("deep.json", json_chain(DEEP));
    assert_loads(&folder, "deep.json", DEEP + 1);
    folder.write("deeper.json", json_chain(DEEP + 1));
    assert_refused(&folder, "deeper.json", "deeper.json:1:");
    assert_refused(
        &folder,
        "deeper.json",
        "the map nests more than 100000 levels deep here, deeper than argscope reads",
    );
}

#[test]
fn argdown_100000_statements_each_supporting_the_next_load_as_a_chain() {
    let mut text = String::new();
    for i in 0..DEEP {
        let _ = write!(
            text,
            "[n{i}]: Statement {i}.\n  + [n{}]: Statement {}.\n\n",
            i + 1,
            i + 1
        );
    }
    let folder = Folder::new();
    folder.write("deep.argdown", text);
    let out = assert_loads(&folder, "deep.argdown", DEEP + 1);
    let last = out.lines().last().unwrap();
    // Only the innermost levels' guides are drawn, after a mark counting the rest.
    assert!(
        last.starts_with(&format!(
            "⋯{} ",
            DEEP - argscope::formats::outline::MAX_GUIDE_LEVELS
        )),
        "{last}"
    );
    // Argdown shows a titled statement by its title.
    assert!(last.ends_with("+ claim  n100000"), "{last}");
}

#[test]
fn argdown_indented_2000_levels_deep_loads() {
    // Indentation grows with depth, so 2,000 levels are already 4 MB.
    let mut text = String::from("[n0]: Top.\n");
    for i in 1..2000 {
        let _ = writeln!(text, "{}+ [n{i}]: Level {i}.", "  ".repeat(i));
    }
    let folder = Folder::new();
    folder.write("indented.argdown", text);
    let out = assert_loads(&folder, "indented.argdown", 2000);
    let last = out.lines().last().unwrap();
    assert!(last.ends_with("+ claim  n1999"), "{last}");
}

#[test]
fn argdown_json_chain_100000_deep_loads_and_json_nested_100000_deep_is_refused() {
    let mut statements = Vec::new();
    let mut relations = Vec::new();
    for i in 0..=DEEP {
        statements.push(format!(
            "\"n{i}\": {{\"type\": \"equivalence-class\", \"title\": \"n{i}\", \"members\": [{{\"type\": \"statement\", \"title\": \"n{i}\", \"text\": \"Statement {i}.\", \"startLine\": {}}}]}}",
            i + 1
        ));
        if i > 0 {
            relations.push(format!(
                "{{\"from\": \"n{i}\", \"to\": \"n{}\", \"relationType\": \"support\", \"fromType\": \"statement\", \"toType\": \"statement\"}}",
                i - 1
            ));
        }
    }
    let json = format!(
        "{{\"arguments\": {{}}, \"statements\": {{{}}}, \"relations\": [{}]}}",
        statements.join(",\n"),
        relations.join(",\n")
    );
    let folder = Folder::new();
    folder.write("chain.json", json);
    let out = assert_loads(&folder, "chain.json", DEEP + 1);
    let last = out.lines().last().unwrap();
    assert!(last.ends_with("+ claim  n100000"), "{last}");

    let nested = format!(
        "{{\"arguments\": {{}}, \"statements\": {{}}, \"relations\": [], \"data\": {}{}}}",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    folder.write("nested.json", nested);
    // Nothing of it can be read, so it is refused as broken argscope JSON is.
    assert_refused(&folder, "nested.json", "nested.json:1:");
    assert_refused(&folder, "nested.json", "nests more than 128 levels deep");
}

#[test]
fn aif_chain_of_100000_inferences_loads_and_json_nested_100000_deep_is_refused() {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for i in 0..=DEEP {
        nodes.push(format!(
            "{{\"nodeID\": \"i{i}\", \"type\": \"I\", \"text\": \"Statement {i}.\"}}"
        ));
        if i > 0 {
            nodes.push(format!(
                "{{\"nodeID\": \"r{i}\", \"type\": \"RA\", \"text\": \"Default Inference\"}}"
            ));
            edges.push(format!("{{\"fromID\": \"i{i}\", \"toID\": \"r{i}\"}}"));
            edges.push(format!(
                "{{\"fromID\": \"r{i}\", \"toID\": \"i{}\"}}",
                i - 1
            ));
        }
    }
    // One line, as AIFdb serves it: places on it must not cost the line's length each.
    let json = format!(
        "{{\"nodes\": [{}], \"edges\": [{}]}}",
        nodes.join(", "),
        edges.join(", ")
    );
    let folder = Folder::new();
    folder.write("chain.json", json);
    let out = assert_loads(&folder, "chain.json", DEEP + 1);
    assert!(out.trim_end().ends_with("Statement 100000."));

    let nested = format!(
        "{{\"nodes\": [], \"edges\": [], \"x\": {}{}}}",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    folder.write("nested.json", nested);
    // Nothing of it can be read, so it is refused as broken argscope JSON is.
    assert_refused(&folder, "nested.json", "nested.json:1:");
    assert_refused(&folder, "nested.json", "nests deeper than AIF ever does");
}

#[test]
fn kialo_2000_levels_deep_load_and_a_number_100000_levels_deep_is_a_warning() {
    // A Kialo number grows with depth (1.1.1.…), so 2,000 levels are already 4 MB.
    let mut text = String::from("Discussion Title: Deep\n\n1. Thesis\n");
    for depth in 2..=2000 {
        let _ = writeln!(text, "{} Pro: Level {depth}", "1.".repeat(depth));
    }
    let folder = Folder::new();
    folder.write("deep.txt", text);
    let out = assert_loads(&folder, "deep.txt", 2000);
    assert!(
        out.trim_end().ends_with("Level 2000"),
        "{}",
        &out[out.len() - 80..]
    );

    let text = format!(
        "Discussion Title: Deep\n\n1. Thesis\n{} Pro: Too deep\n",
        "1.".repeat(DEEP)
    );
    folder.write("number.txt", text);
    assert_check_refused(
        &folder.run(&["check", "number.txt"]),
        "number.txt",
        "number.txt:4:1: the claim 1.1.1",
    );
    let print = folder.run(&["print", "number.txt"]);
    assert_no_crash(&print.err);
    assert_eq!(print.code, Some(0), "{}", print.err);
}

#[test]
fn opml_outlines_nested_100000_deep_load() {
    let text = format!(
        "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>Deep</title></head><body>\n{}{}</body></opml>\n",
        "<outline text=\"x\">".repeat(DEEP),
        "</outline>".repeat(DEEP)
    );
    let folder = Folder::new();
    folder.write("deep.opml", text);
    assert_loads(&folder, "deep.opml", DEEP);
}

// ---------------------------------------------------------------------------------------------
// A line of ten million characters, in every format.

#[test]
fn a_ten_million_character_label_loads_in_every_format() {
    let long = "a ".repeat(LONG / 2);
    let folder = Folder::new();
    // What `print` shows: the text's first words, or the statement's title where it has one.
    let files = [
        (
            "long.json",
            format!(
                "{{\"argscope\": 1, \"root\": {{\"id\": \"t\", \"kind\": \"thesis\", \"label\": \"{long}\"}}}}"
            ),
            "thesis  a a a",
        ),
        ("long.argdown", format!("{long}\n"), "thesis  a a a"),
        (
            "long.ad.json",
            format!(
                "{{\"arguments\": {{}}, \"statements\": {{\"Long\": {{\"title\": \"Long\", \"members\": [{{\"title\": \"Long\", \"text\": \"{long}\"}}]}}}}, \"relations\": []}}"
            ),
            "thesis  Long",
        ),
        (
            "long.txt",
            format!("Discussion Title: T\n\n1. {long}\n"),
            "thesis  a a a",
        ),
        (
            "long.aif.json",
            format!(
                "{{\"nodes\": [{{\"nodeID\": \"1\", \"type\": \"I\", \"text\": \"{long}\"}}], \"edges\": []}}"
            ),
            "thesis  a a a",
        ),
        (
            "long.opml",
            format!(
                "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><body><outline text=\"{long}\"/></body></opml>\n"
            ),
            "thesis  a a a",
        ),
    ];
    for (name, content, shows) in files {
        folder.write(name, content);
        let out = assert_loads(&folder, name, 1);
        let first = out.lines().next().unwrap_or("");
        assert!(
            first.contains(shows),
            "{name}: {}",
            first.chars().take(80).collect::<String>()
        );
        std::fs::remove_file(folder.path(name)).unwrap();
    }
}

/// A label's first sentence is looked for at every period, and Argdown keeps the address of
/// every link in a text: a ten-million-character statement of list numbers or links loads
/// (looking back over the text at each period or link once took a time that grew with the
/// square of their count: a minute for 100,000 of them, hours for these).
#[test]
fn a_ten_million_character_statement_of_list_numbers_or_links_loads() {
    // A combining accent first, which has no width of its own, has the label found the long way.
    let numbers = format!("\u{301} {}", "1. ".repeat(LONG / 3));
    let links: String = (0..LONG / 32)
        .map(|i| format!("[page](https://example.org/{i:05}) "))
        .collect();
    let folder = Folder::new();
    for (name, content) in [
        (
            "numbers.opml",
            format!(
                "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><body><outline text=\"{numbers}\"/></body></opml>\n"
            ),
        ),
        ("numbers.argdown", format!("{numbers}\n")),
        ("links.argdown", format!("[Links]: {links}\n")),
    ] {
        folder.write(name, content);
        assert_loads(&folder, name, 1);
        std::fs::remove_file(folder.path(name)).unwrap();
    }
}

/// A paragraph of relation lines each opening `{` data it never closes: each `{` is read as
/// text and reported, and its statement ends at the next relation line. (Whether the data
/// closed was looked for to the paragraph's end from every one: 100,000 of them took two
/// minutes, these would take hours.)
#[test]
fn a_paragraph_of_a_million_unclosed_braces_loads() {
    const LINES: usize = 1_000_000;
    let mut text = String::from("[Thesis]: the thesis.\n");
    for i in 0..LINES {
        text.push_str(&format!("  - {{broken: {i}\n"));
    }
    let folder = Folder::new();
    folder.write("braces.argdown", text);
    let check = folder.run(&["check", "braces.argdown"]);
    assert_no_crash(&check.err);
    assert!(
        check
            .err
            .contains("braces.argdown:2:5: this { is never closed with }"),
        "{}",
        check.err.lines().next().unwrap_or("")
    );
    assert!(
        check.err.contains(&format!("{LINES} problems found")),
        "{}",
        check.err.lines().last().unwrap_or("")
    );
    let print = folder.run(&["print", "braces.argdown"]);
    assert_eq!(print.out.lines().count(), LINES + 1, "one line a node");
}

#[test]
fn a_ten_million_character_line_of_markup_loads_or_is_refused_in_every_format() {
    let folder = Folder::new();
    let line = |c: &str| c.repeat(LONG);
    let files = [
        ("braces.json", line("{")),
        ("brackets.argdown", format!("[T]: {}\n", line("["))),
        ("angles.argdown", line("<")),
        (
            "links.txt",
            format!("Discussion Title: T\n\n1. {}\n", "[x](".repeat(LONG / 4)),
        ),
        (
            "markers.txt",
            format!(
                "Discussion Name:\nT\n\n1. Thesis:\n  {}\nSources:\n[1] https://example.org\n",
                "[1]".repeat(LONG / 3)
            ),
        ),
        (
            "entities.aif.json",
            format!(
                "{{\"nodes\": [{{\"nodeID\": \"1\", \"type\": \"I\", \"text\": \"{}\"}}], \"edges\": []}}",
                "&#".repeat(LONG / 2)
            ),
        ),
        ("angles.opml", format!("<opml{}", line("<"))),
    ];
    for (name, content) in files {
        folder.write(name, content);
        for command in ["check", "print"] {
            let run = folder.run(&[command, name]);
            assert_no_crash(&run.err);
            match run.code {
                Some(0) => {}
                Some(1) if command == "check" => assert_check_refused(&run, name, ""),
                Some(1) => assert_print_refused(&run, name, ""),
                other => panic!("{name} {command}: exit {other:?}: {}", run.err),
            }
        }
        std::fs::remove_file(folder.path(name)).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Bytes that are not text.

#[test]
fn a_file_of_nul_bytes_is_refused_as_binary_whatever_its_name() {
    let folder = Folder::new();
    for name in ["nul.json", "nul.argdown", "nul.txt", "nul.opml", "nul"] {
        folder.write(name, [0u8; 4096]);
        assert_refused(
            &folder,
            name,
            &format!("{name}:1:1: the file holds a NUL byte (byte 0), so it is binary"),
        );
    }
    // A NUL byte inside a map names its line, column and byte.
    folder.write("inside.argdown", "[T]: Fine.\n  + A\0B\n");
    assert_refused(
        &folder,
        "inside.argdown",
        "inside.argdown:2:6: the file holds a NUL byte (byte 16)",
    );
}

/// A PDF, a Word file or a compressed map opened by mistake was "not valid UTF-8 (byte 14); save
/// it as UTF-8 text" (an all-ASCII PDF even opened as Argdown): now one sentence says what the
/// file is and which files argscope opens.
#[test]
fn a_pdf_an_office_file_or_a_compressed_file_is_named_for_what_it_is() {
    let folder = Folder::new();
    let formats = "argscope opens a map saved as text in argscope JSON, Argdown, a Kialo export, AIF JSON, OPML or a Markdown outline";
    let export = "export the map from the program that made it in one of those";
    let mut docx = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
    docx.extend_from_slice(b"[Content_Types].xml\x00\x9c word/document.xml");
    let files: [(&str, &[u8], String); 7] = [
        (
            "essay.pdf",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            format!("this is a PDF document, not a map; {formats}, so {export}"),
        ),
        (
            "ascii.pdf",
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n",
            format!("this is a PDF document, not a map; {formats}, so {export}"),
        ),
        (
            "essay.docx",
            &docx,
            format!("this is a Word document (.docx), not a map; {formats}, so {export}"),
        ),
        (
            "maps.zip",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00$[|]homework.argdown",
            format!(
                "this is a zip archive (as Word, Excel and OpenDocument files are), not a map; {formats}, so extract the map from it first if one is inside"
            ),
        ),
        (
            "map.json.gz",
            b"\x1f\x8b\x08\x08#\xba\x0ak\x00\x03homework.json\x00\xa5",
            format!(
                "this is a file compressed with gzip, not a map; {formats}, so decompress it first (gunzip FILE) if a map is inside"
            ),
        ),
        (
            "scan.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            format!("this is a PNG image, not a map; {formats}, so {export}"),
        ),
        // A NUL first and a byte that is not UTF-8 later: binary, not "not valid UTF-8".
        (
            "binary.bin",
            b"\x00\x01\x02\x03 \x80\x81",
            format!(
                "the file holds a NUL byte (byte 0), so it is binary, not a map; {formats}, so save the map as one of those"
            ),
        ),
    ];
    for (name, bytes, says) in files {
        folder.write(name, bytes);
        assert_refused(&folder, name, &format!("{name}:1:1: {says}"));
        let export = folder.run(&["export", name, "--format", "json"]);
        assert_ne!(export.code, Some(0), "{name}: {}", export.out);
    }
}

/// A file of random bytes (a damaged document, an image without its header) was told it "is
/// probably Windows or Latin-1 text"; only a file that reads as text in such an encoding is.
#[test]
fn only_a_file_that_reads_as_latin1_text_gets_the_latin1_hint() {
    let folder = Folder::new();
    let formats = "argscope opens a map saved as text in argscope JSON, Argdown, a Kialo export, AIF JSON, OPML or a Markdown outline";
    // Bytes as a random generator (or a damaged file) gives them: no NUL, few of them ASCII.
    let mut state: u32 = 12345;
    let noise: Vec<u8> = std::iter::repeat_with(|| {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (state >> 16) as u8
    })
    .filter(|&b| b != 0)
    .take(4000)
    .collect();
    let mut noise = noise;
    noise[0] = b'x';
    noise[1] = 0xE9;
    folder.write("noise.txt", &noise);
    assert_refused(
        &folder,
        "noise.txt",
        &format!(
            "noise.txt:1:2: the file is not text (byte 1 is not part of text in UTF-8 or another encoding), so it is not a map; {formats}, so save the map as one of those"
        ),
    );
    // A damaged Word file or an image without the header that names it: export it as text.
    for name in ["essay.docx", "scan.jpg", "notes.pdf"] {
        folder.write(name, &noise);
        assert_refused(
            &folder,
            name,
            &format!(
                "{name}:1:2: the file is not text (byte 1 is not part of text in UTF-8 or another encoding), so it is not a map; {formats}, so export the map from the program that made it in one of those"
            ),
        );
    }
    // Files named by their header are never told they are Latin-1 text.
    for (name, bytes) in [
        ("essay.pdf", &b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"[..]),
        (
            "essay.docx",
            b"PK\x03\x04\x14\x00\x06\x00\xdf\xa4word/document.xml",
        ),
    ] {
        folder.write(name, bytes);
        let check = folder.run(&["check", name]);
        let says = format!("{}{}", check.out, check.err);
        assert_ne!(check.code, Some(0), "{name}: {says}");
        assert!(says.contains("not a map"), "{name}: {says}");
        assert!(!says.contains("Latin-1"), "{name}: {says}");
    }
    // Text in Latin-1, as an older Windows editor saves it, keeps its hint.
    folder.write(
        "latin.md",
        b"# \xc9coles\n\n- Pro: L'uniforme co\xfbte moins cher.\n  - Con: Les \xe9l\xe8ves s'en plaignent.\n",
    );
    assert_refused(
        &folder,
        "latin.md",
        "latin.md:1:3: the file is not valid UTF-8 (byte 2) and is probably Windows or Latin-1 text; save it as UTF-8 text",
    );
}

#[test]
fn invalid_utf8_names_its_line_column_and_byte_in_every_format() {
    let folder = Folder::new();
    let files: [(&str, &[u8], &str); 5] = [
        (
            "bad.json",
            b"{\"argscope\": 1,\n \"title\": \"\xff\"}",
            "bad.json:2:12: the file is not valid UTF-8 (byte 27)",
        ),
        (
            "bad.argdown",
            b"[T]: Fine.\n  + Caf\xe9 au lait\n",
            "bad.argdown:2:8: the file is not valid UTF-8 (byte 18)",
        ),
        (
            "bad.txt",
            b"Discussion Title: T\n\n1. Thesis \xc3\x28\n",
            "bad.txt:3:11: the file is not valid UTF-8 (byte 31)",
        ),
        (
            "bad.opml",
            b"<opml><body><outline text=\"\x80\"/></body></opml>",
            "bad.opml:1:28: the file is not valid UTF-8 (byte 27)",
        ),
        // UTF-16, as some Windows editors save, cut off in the middle of a character.
        (
            "utf16.json",
            b"\xff\xfe{\x00}",
            "utf16.json:1:2: the file is UTF-16 (it starts with UTF-16's byte order mark), but byte 4 starts half of a character",
        ),
    ];
    for (name, bytes, says) in files {
        folder.write(name, bytes);
        assert_refused(&folder, name, says);
    }
}

#[test]
fn an_empty_file_is_told_apart_by_its_name_and_never_crashes() {
    let folder = Folder::new();
    let files = [
        (
            "empty.json",
            "empty.json:1:1: the file holds no JSON object",
        ),
        ("empty.txt", "empty.txt:1:1: the file is empty"),
        ("empty.opml", "empty.opml: the file is empty"),
        // Any text is Argdown, but none is no map: it opened as one node named after the file,
        // with exit 0, where the README says an empty file is refused in every format.
        (
            "empty.argdown",
            "empty.argdown:1:1: the file is empty; write a statement in it, such as `[Title]: The claim.`, or open the map file meant",
        ),
    ];
    for (name, says) in files {
        folder.write(name, "");
        assert_refused(&folder, name, says);
        let export = folder.run(&["export", name, "--format", "json"]);
        assert_no_crash(&export.err);
        assert_eq!(export.code, Some(1), "{name}: {}", export.out);
        assert!(export.err.contains(says), "{}", export.err);
    }
    // Blank lines alone are empty too.
    folder.write("blank.argdown", "\n\n  \n");
    assert_refused(
        &folder,
        "blank.argdown",
        "blank.argdown:1:1: the file is empty",
    );
}

/// The tester's file: an OVA3 save with a stray comma, `"edgeID": 1,,`, opened as an empty map
/// with exit 0. A file of which nothing could be read is refused like broken argscope JSON.
#[test]
fn a_file_of_which_nothing_could_be_read_is_refused_like_broken_argscope_json() {
    let folder = Folder::new();
    let fixture = format!(
        "{}/tests/fixtures/aif/ova3.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let ova3 = std::fs::read_to_string(fixture).unwrap();
    folder.write(
        "broken.json",
        ova3.replacen("\"edgeID\": 1,", "\"edgeID\": 1,,", 1),
    );
    assert_refused(
        &folder,
        "broken.json",
        "broken.json:9:20: this is not valid JSON, so no AIF map could be read: unexpected token in object; correct the JSON at this place",
    );
    let export = folder.run(&[
        "export",
        "broken.json",
        "--format",
        "argdown",
        "-o",
        "out.argdown",
    ]);
    assert_print_refused(&export, "broken.json:9:20", "not valid JSON");
    assert!(!folder.path("out.argdown").exists(), "nothing is written");

    // Argdown read as each format it is not in, by --from.
    folder.write("some.argdown", "[T]: Thesis.\n  + Reason.\n");
    let mend = "its content looks like the Argdown format: leave out --from to read it so";
    for (from, says) in [
        (
            "aif",
            "some.argdown:1:2: the file is not JSON, so it holds no AIF map",
        ),
        (
            "argdown-json",
            "some.argdown:1:2: the file is not JSON, so it holds no Argdown JSON",
        ),
        ("kialo", "some.argdown:1:1: this is not a Kialo export"),
        (
            "opml",
            "some.argdown:1:1: the file has no <opml> element, so it is not an OPML outline",
        ),
    ] {
        let print = folder.run(&["print", "--from", from, "some.argdown"]);
        assert_print_refused(&print, "some.argdown", says);
        assert_print_refused(&print, "some.argdown", mend);
        let check = folder.run(&["check", "--from", from, "some.argdown"]);
        assert_check_refused(&check, "some.argdown", says);
    }

    // JSON of another shape, told by its content to be AIF: nothing to read either.
    folder.write("edges.json", "{\"edges\": []}");
    assert_refused(
        &folder,
        "edges.json",
        "edges.json:1:1: this JSON has no \"nodes\" list (nor an \"AIF\" object holding one), so it is not an AIF map; if the file is in another format, name that format with --from",
    );
    // XML broken before its first outline: nothing read.
    folder.write(
        "broken.opml",
        "<?xml version=\"1.0\"?>\n<opml><body><outline text=\"a\"",
    );
    assert_refused(
        &folder,
        "broken.opml",
        "broken.opml:2:13: the XML is malformed here",
    );
}

/// What could be read of a file opens, as ever: only a file of which nothing could be read is
/// refused.
#[test]
fn a_file_broken_after_some_of_it_was_read_still_opens() {
    let folder = Folder::new();
    folder.write(
        "half.opml",
        "<?xml version=\"1.0\"?>\n<opml><body>\n<outline text=\"Cats\">\n<outline text=\"Pro: Quiet\"/>\n</body></opml>\n",
    );
    let print = folder.run(&["print", "half.opml"]);
    assert_eq!(print.code, Some(0), "{}", print.err);
    assert!(print.out.contains("Quiet"), "{}", print.out);
    // Valid AIF with no statements is an empty map, not a broken file.
    folder.write("none.json", "{\"nodes\": [], \"edges\": []}");
    let print = folder.run(&["print", "none.json"]);
    assert_eq!(print.code, Some(0), "{}", print.err);
}

// ---------------------------------------------------------------------------------------------
// Things that are not regular files.

#[test]
fn a_directory_is_refused_before_it_is_read() {
    let folder = Folder::new();
    std::fs::create_dir(folder.path("maps")).unwrap();
    assert_refused(
        &folder,
        "maps",
        "cannot read maps: it is a directory, not a file; name a file inside it",
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
    let folder = Folder::new();
    let made = Command::new("mkfifo")
        .arg(folder.path("pipe.json"))
        .status()
        .unwrap();
    assert!(made.success());
    // Opening the pipe would block until a writer came; none ever does, so a reader that
    // opened it would never finish this test.
    assert_refused(
        &folder,
        "pipe.json",
        "cannot read pipe.json: it is a named pipe (FIFO), not a regular file, and reading one can wait forever; save it to a regular file",
    );
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_rather_than_read_forever() {
    let folder = Folder::new();
    for device in ["/dev/zero", "/dev/null"] {
        assert_refused(
            &folder,
            device,
            &format!("cannot read {device}: it is a device"),
        );
    }
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_refused_with_what_they_are() {
    let folder = Folder::new();
    std::os::unix::fs::symlink("self.json", folder.path("self.json")).unwrap();
    std::os::unix::fs::symlink("b.json", folder.path("a.json")).unwrap();
    std::os::unix::fs::symlink("a.json", folder.path("b.json")).unwrap();
    for name in ["self.json", "a.json"] {
        assert_refused(
            &folder,
            name,
            &format!("cannot read {name}: it is a symbolic link that leads round in a loop"),
        );
    }
}

#[cfg(unix)]
#[test]
fn a_source_document_that_is_a_device_a_pipe_or_a_loop_is_a_warning_not_a_hang() {
    let folder = Folder::new();
    Command::new("mkfifo")
        .arg(folder.path("pipe.txt"))
        .status()
        .unwrap();
    std::os::unix::fs::symlink("loop.txt", folder.path("loop.txt")).unwrap();
    for (document, says) in [
        ("/dev/zero", "it is a device"),
        ("pipe.txt", "it is a named pipe"),
        ("loop.txt", "a symbolic link that leads round in a loop"),
    ] {
        folder.write(
            "map.json",
            format!(
                "{{\"argscope\": 1, \"source\": {{\"file\": \"{document}\"}}, \"root\": {{\"id\": \"t\", \"kind\": \"thesis\", \"label\": \"T\", \"quote\": \"q\"}}}}"
            ),
        );
        let check = folder.run(&["check", "map.json"]);
        assert_check_refused(&check, "map.json", says);
        let print = folder.run(&["print", "map.json"]);
        assert_no_crash(&print.err);
        assert_eq!(print.code, Some(0), "{document}: {}", print.err);
    }
}

// ---------------------------------------------------------------------------------------------
// The size limit.

const SMALL_MAP: &str = r#"{"argscope": 1, "title": "Uniforms", "root": {"id": "t", "kind": "thesis", "label": "Uniforms help", "children": [
  {"id": "a", "kind": "claim", "label": "They save money"}]}}"#;

#[test]
fn a_file_over_the_default_limit_is_refused_before_it_is_read() {
    let folder = Folder::new();
    // Sparse: 1.5 GB on paper, nothing on disk; reading it would take seconds and 1.5 GB.
    let file = std::fs::File::create(folder.path("huge.json")).unwrap();
    file.set_len(1536 * 1024 * 1024).unwrap();
    assert_refused(
        &folder,
        "huge.json",
        "huge.json is 1.5 GB, over the limit of 1 GB for a map file; pass --max-size 1536M to read it",
    );
}

#[test]
fn max_size_applies_to_every_command_that_reads_a_map() {
    let folder = Folder::new();
    folder.write("map.json", SMALL_MAP);
    let size = SMALL_MAP.len();
    let says = format!(
        "map.json is {size} bytes, over the limit of 100 bytes for a map file; pass --max-size {size} to read it"
    );
    assert_check_refused(
        &folder.run(&["check", "--max-size", "100", "map.json"]),
        "map.json",
        &says,
    );
    for args in [
        &["print", "--max-size", "100", "map.json"][..],
        &[
            "export",
            "--max-size",
            "100",
            "--format",
            "argdown",
            "map.json",
        ],
        &["snapshot", "--max-size", "100", "map.json"],
        &["notes", "summary", "--max-size", "100", "map.json"],
    ] {
        let run = folder.run(args);
        assert_print_refused(&run, "map.json", &says);
    }
    // Just big enough, in each way of writing a size, it reads.
    for limit in [
        size.to_string(),
        "1k".into(),
        "512M".into(),
        "2G".into(),
        "1.5KB".into(),
        "1MiB".into(),
    ] {
        let run = folder.run(&["print", "--max-size", &limit, "map.json"]);
        assert_eq!(run.code, Some(0), "{limit}: {}", run.err);
    }
}

#[test]
fn a_max_size_that_is_not_a_size_is_a_usage_error() {
    let folder = Folder::new();
    folder.write("map.json", SMALL_MAP);
    for bad in ["12x", "M", "1.2.3k", "99999999999999G"] {
        let run = folder.run(&["print", "--max-size", bad, "map.json"]);
        assert_eq!(run.code, Some(2), "{bad}");
        assert!(run.err.contains("is not a size"), "{bad}: {}", run.err);
    }
}

// ---------------------------------------------------------------------------------------------
// A file that changes or vanishes while it is read.

/// Another program rewrites and deletes the map while argscope reads it, over and over. Every
/// read must end cleanly: the map, a problem with the half-written file, "changed while it was
/// being read", or "no such file"; never a crash. (Which one each time depends on timing, so
/// the test asserts only that each is one of these.)
#[test]
fn a_file_rewritten_or_deleted_while_being_read_gives_a_map_or_one_sentence() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let folder = Folder::new();
    // Big enough that reading it takes a while: about 6 MB.
    let mut big = String::from(
        "{\"argscope\": 1, \"root\": {\"id\": \"t\", \"kind\": \"thesis\", \"label\": \"T\", \"children\": [",
    );
    for i in 0..60_000 {
        if i > 0 {
            big.push(',');
        }
        let _ = write!(
            big,
            "{{\"id\": \"n{i}\", \"kind\": \"claim\", \"label\": \"Claim number {i}\"}}"
        );
    }
    big.push_str("]}}");
    let path = folder.path("map.json");
    std::fs::write(&path, &big).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, path) = (stop.clone(), path.clone());
        std::thread::spawn(move || {
            let mut round = 0u32;
            while !stop.load(Ordering::Relaxed) {
                round += 1;
                match round % 3 {
                    0 => {
                        let _ = std::fs::remove_file(&path);
                    }
                    1 => std::fs::write(&path, &big).unwrap(),
                    _ => std::fs::write(&path, &big[..big.len() / 2]).unwrap(),
                }
                std::thread::yield_now();
            }
        })
    };
    for _ in 0..20 {
        let run = folder.run(&["print", "map.json"]);
        assert_no_crash(&run.err);
        match run.code {
            Some(0) => assert!(
                run.out.starts_with("◆ thesis  T"),
                "{}",
                run.out.lines().next().unwrap_or("")
            ),
            Some(1) => assert_print_refused(&run, "map.json", ""),
            other => panic!("exit {other:?}: {}", run.err),
        }
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
}

#[cfg(unix)]
#[test]
fn a_named_pipe_as_notes_or_settings_file_is_refused_without_waiting() {
    let folder = Folder::new();
    let made = Command::new("mkfifo")
        .arg(folder.path("pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    let notes = folder.run(&["notes", "summary", "--notes", "pipe"]);
    assert_no_crash(&notes.err);
    assert_ne!(notes.code, Some(0));
    assert!(
        notes
            .err
            .contains("pipe: it is a named pipe (FIFO), not a regular file, and reading one can wait forever, so it cannot hold notes; give --notes a regular file"),
        "{}",
        notes.err
    );
    let settings = folder.run(&["snapshot", "--size", "20x5", "--config", "pipe"]);
    assert_no_crash(&settings.err);
    assert_eq!(settings.code, Some(2), "{}", settings.err);
    assert!(
        settings
            .err
            .contains("pipe: cannot read the settings file: it is a named pipe (FIFO)"),
        "{}",
        settings.err
    );
}
