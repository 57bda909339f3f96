//! Maps from other tools open by their content, whatever their file name says.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_argscope");

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

fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_kialo_export_opens_by_its_content_even_under_another_name() {
    let dir = tempfile::TempDir::new().unwrap();
    let renamed = dir.path().join("export.csv");
    std::fs::copy(fixture("kialo/v2_name_layout.txt"), &renamed).unwrap();
    let (code, out, err) = run(&["print", renamed.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("◆ thesis"), "{out}");
    assert!(
        out.contains("+ claim") && out.contains("− objection"),
        "{out}"
    );
}

#[test]
fn check_lists_an_imported_files_problems_with_their_lines() {
    let file = fixture("kialo/v2_sources.txt");
    let (code, _, err) = run(&["check", &file]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("v2_sources.txt:10:5: the claim 1.1.1 cites [9]"),
        "{err}"
    );
}

#[test]
fn from_reads_a_file_as_the_format_named() {
    let file = fixture("kialo/v2_name_layout.txt");
    let (code, _, err) = run(&["check", "--from", "argscope", &file]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not valid JSON"), "{err}");
    let (code, _, err) = run(&["print", "--from", "kialo", &file]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn argdown_aif_and_opml_open_by_their_content() {
    for (file, thesis, child) in [
        ("argdown/pcs.argdown", "◆ thesis  Legal", "+ claim  No harm"),
        (
            "argdown/export.json",
            "◆ thesis  Legal",
            "− objection  Gateway",
        ),
        (
            "aif/ova3.json",
            "◆ thesis  Homework should be optional",
            "+ claim  Pupils need time to rest & play",
        ),
        (
            "opml/pro_con.opml",
            "◆ thesis  Schools should require uniforms",
            "− objection  Uniforms cost families money",
        ),
    ] {
        let (code, out, err) = run(&["print", &fixture(file)]);
        assert_eq!(code, Some(0), "{file}: {err}");
        assert!(out.starts_with(thesis), "{file}: {out}");
        assert!(out.contains(child), "{file}: {out}");
    }
}

#[test]
fn an_argdown_file_with_slips_opens_and_check_lists_each_slip_by_line() {
    let file = fixture("argdown/errors.argdown");
    let (code, out, _) = run(&["print", &file]);
    assert_eq!(
        code,
        Some(0),
        "the Argdown CLI refuses such a file; argscope shows what parses"
    );
    assert!(out.contains("Col0"), "{out}");
    let (code, _, err) = run(&["check", &file]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("errors.argdown:4:3: a relation must hang under"),
        "{err}"
    );
    assert!(
        err.contains("errors.argdown:6:1: this [ is never closed"),
        "{err}"
    );
}

#[test]
fn an_empty_file_is_read_by_its_name() {
    let dir = tempfile::TempDir::new().unwrap();
    let json = dir.path().join("empty.json");
    std::fs::write(&json, "").unwrap();
    let (code, _, err) = run(&["check", json.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no JSON object"), "{err}");
}

#[test]
fn the_builtin_map_exported_as_argdown_beside_its_article_checks_clean() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("iran-russia.argdown");
    let (code, _, err) = run(&["export", "--format", "argdown", "-o", map.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    std::fs::copy(
        format!(
            "{}/assets/iran-russia/article.txt",
            env!("CARGO_MANIFEST_DIR")
        ),
        dir.path().join("article.txt"),
    )
    .unwrap();
    let (code, out, err) = run(&["check", map.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("37 nodes") && out.contains("37 of 37 quotes anchored"),
        "{out}"
    );
}

/// An Argdown map with quotes and no source document checked ok, but exported as argscope JSON it
/// failed its own `check` ("the map has quotes but names no source document"), and exporting that
/// JSON again warned that what was written "may miss part of it".
#[test]
fn a_map_with_quotes_and_no_document_checks_alike_in_every_format_and_after_export() {
    let dir = tempfile::TempDir::new().unwrap();
    let argdown = dir.path().join("m.argdown");
    std::fs::write(
        &argdown,
        "[T]: Thesis. {quote: \"the words\"}\n  + [A]: A reason.\n",
    )
    .unwrap();
    let json = dir.path().join("rt.json");
    let (json, argdown) = (json.to_str().unwrap(), argdown.to_str().unwrap());
    let (code, _, err) = run(&["export", argdown, "--format", "json", "-o", json]);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    let (code, out, err) = run(&["check", json]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.ends_with(
            "rt.json: ok, 2 nodes (1 thesis, 1 claim); 1 quote, not checked (the map names no source document)\n"
        ),
        "{out}"
    );
    let again = dir.path().join("x.argdown");
    let (code, _, err) = run(&[
        "export",
        json,
        "--format",
        "argdown",
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!((code, err.as_str()), (Some(0), ""), "nothing to warn of");
}

#[test]
fn check_says_quotes_are_unchecked_when_an_imported_map_names_no_document() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("m.argdown");
    std::fs::write(
        &map,
        "[T]: Thesis. {quote: \"the words\"}\n  + [A]: A reason.\n",
    )
    .unwrap();
    let (code, out, err) = run(&["check", map.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.ends_with(
            "2 nodes (1 thesis, 1 claim); 1 quote, not checked (the map names no source document)\n"
        ),
        "{out}"
    );
}

/// A label is its text's first sentence, and a period after an initial or an abbreviation, or
/// before a word in lower case or a number, ends none: labels were cut to `The U.S.`, `Dr.`,
/// `See pp.` and `…evening (p.` in every format that makes labels from text.
#[test]
fn labels_run_on_past_initials_and_abbreviations_in_every_format() {
    let dir = tempfile::TempDir::new().unwrap();
    let files = [
        (
            "labels.txt",
            "Discussion Title: Labels\n\n1. The U.S. economy grows every year.\n1.1. Pro: Dr. Smith agrees with the figures.\n1.4. Con: See pp. 4-5 of the report for details.\n",
            "\
◆ thesis  The U.S. economy grows every year.
├─ + claim  Dr. Smith agrees with the figures.
└─ − objection  See pp. 4-5 of the report for details.
",
        ),
        (
            "sources.txt",
            "Discussion Name:\nCinema\n\n1. Thesis:\n  Cinemas should open later.\n\n  1.1. Pro:\n    Most people go out in the evening (p. 5 [2]). Surveys agree.\n\nSources:\n[2] https://example.org/report\n",
            "\
◆ thesis  Cinemas should open later.
└─ + claim  Most people go out in the evening (p. 5).
",
        ),
        (
            "aif.json",
            r#"{"nodes": [{"nodeID": "1", "type": "I", "text": "Dr. Smith says the figures hold. They do."},
                {"nodeID": "2", "type": "I", "text": "The U.S. data is clear."},
                {"nodeID": "3", "type": "RA", "text": "Default Inference"}],
              "edges": [{"fromID": "2", "toID": "3"}, {"fromID": "3", "toID": "1"}]}"#,
            "\
◆ thesis  Dr. Smith says the figures hold.
└─ + claim  The U.S. data is clear.
",
        ),
        (
            "map.argdown",
            "[Growth]: The economy grows.\n  + The U.S. economy grows every year. It has for decades.\n  - e.g. the crash of 2008. It shrank.\n",
            "\
◆ thesis  Growth
├─ + claim  The U.S. economy grows every year.
└─ − objection  e.g. the crash of 2008.
",
        ),
        (
            "outline.opml",
            "<opml version=\"2.0\"><body><outline text=\"Prof. Jones is right. Mostly.\"><outline text=\"Pro: Dr. Smith agrees. So do I.\"/></outline></body></opml>\n",
            "\
◆ thesis  Prof. Jones is right.
└─ + claim  Dr. Smith agrees.
",
        ),
    ];
    for (name, content, printed) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let (code, out, err) = run(&["print", "--color", "never", path.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{name}: {err}");
        assert_eq!(out, printed, "{name}");
    }
}

/// An undercut printed as `− objection  Correlation`, and stood in the handout as a plain
/// objection, while the interface shows `− objection undercut Correlation`.
#[test]
fn print_and_the_handout_mark_an_undercut_as_the_interface_does() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("undercut.argdown");
    std::fs::write(
        &map,
        "[Legal]: Soft drugs should be legal.\n  + <Poll>: Most people want it.\n    _ <Correlation>: Wanting it does not make it right.\n",
    )
    .unwrap();
    let map = map.to_str().unwrap();
    let (code, out, err) = run(&["print", "--color", "never", map]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "\
◆ thesis  Legal
└─ + claim  Poll
  └─ − objection undercut  Correlation
"
    );
    let (code, out, err) = run(&["export", map, "--format", "markdown"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("\n    - **− objection undercut:** Correlation\n"),
        "{out}"
    );
    assert!(
        out.contains("; an objection marked undercut attacks the inference from its parent's reasons, not the parent itself.\n"),
        "{out}"
    );
    let (code, out, err) = run(&["snapshot", map, "--size", "80x6", "--keys", "j l j"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("− objection undercut Correl"), "{out}");
    // A map without an undercut needs no word on them.
    let (_, builtin, _) = run(&["export", "--format", "markdown"]);
    assert!(!builtin.contains("undercut"), "{builtin}");
}

#[test]
fn the_handout_gives_each_statements_source_as_the_detail_pane_does() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("homework.argdown");
    std::fs::write(
        &map,
        "[Ban]: Homework should be banned. {source: \"Gray 2013, p. 4\"}\n  + [Sleep]: Pupils need sleep. {url: \"https://example.org/sleep\", quote: \"teens sleep late\"}\n",
    )
    .unwrap();
    let (code, out, err) = run(&["export", map.to_str().unwrap(), "--format", "markdown"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("  Homework should be banned.\n\n  Source: Gray 2013, p. 4\n"),
        "{out}"
    );
    assert!(
        out.contains("    > teens sleep late\n\n    Source: <https://example.org/sleep>\n"),
        "{out}"
    );
}

/// A scheme the map names is said wherever the relation is: after the kind in `print` and the
/// handout, on the graph's edge, under the relation in the detail pane and on the slide; and
/// a search finds it.
#[test]
fn a_scheme_is_shown_wherever_the_relation_is() {
    let file = fixture("aif/schemes.json");
    let (code, out, err) = run(&["print", &file]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("+ claim (scheme: Argument From Expert Opinion)  The engineer says"),
        "{out}"
    );
    assert!(out.contains("+ claim  Trucks cross it every day."), "{out}");
    let (_, handout, _) = run(&["export", &file, "--format", "markdown"]);
    assert!(
        handout.contains("- **− objection (scheme: Ad hominem):** The engineer was bribed."),
        "{handout}"
    );
    assert!(
        handout.contains("; a scheme after the kind names the pattern of reasoning by which a statement bears on its parent.\n"),
        "the key says what a scheme is: {handout}"
    );
    let (_, dot, _) = run(&["export", &file, "--format", "dot"]);
    assert!(
        dot.contains("[label=\"support (Analogy)\", style=solid]"),
        "{dot}"
    );
    let (_, screen, _) = run(&["snapshot", &file, "--size", "80x12", "--keys", "j"]);
    assert!(
        screen.contains("│ scheme: Argument From Expert Opinion"),
        "{screen}"
    );
    // Stepped in, each card names its scheme in the room the card leaves.
    let (_, zoom, _) = run(&["snapshot", &file, "--size", "80x12", "--keys", "z"]);
    assert!(
        zoom.contains("┃+ claim · Argument From Ex… · 1 below ┃"),
        "{zoom}"
    );
    let (_, slide, _) = run(&["snapshot", &file, "--size", "100x20", "--keys", "P j"]);
    assert!(
        slide.contains("+ claim · supports “The bridge is safe.” (scheme: Argument From Expert"),
        "{slide}"
    ); // Searching for a scheme's name finds the statements that reason by it.
    let (_, found, _) = run(&["snapshot", &file, "--size", "80x14", "--keys", "/ expert"]);
    assert!(found.contains("/expert▏  1 of 2 matches"), "{found}");
    assert!(
        found.contains("┃├── + claim The engineer says the…┃"),
        "{found}"
    );
    assert!(!found.contains("Trucks"), "{found}");
}

/// A slide and a card in the step-in view say an undercut is one, as the detail pane and the
/// tree do: it attacks the inference, not the claim.
#[test]
fn an_undercut_is_said_to_be_one_on_its_slide_and_its_card() {
    let file = fixture("aif/undercut.json");
    let (code, slide, err) = run(&["snapshot", &file, "--size", "100x12", "--keys", "P j j"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        slide.contains("− objection · undercuts the inference to “The bridge is safe”"),
        "{slide}"
    );
    // Stepped in, its card is marked as the tree marks it.
    let (_, zoom, _) = run(&["snapshot", &file, "--size", "80x12", "--keys", "z"]);
    assert!(zoom.contains("│− objection undercut "), "{zoom}");
}

#[test]
fn an_export_says_what_the_format_cannot_hold_and_still_writes_the_file() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("map.txt");
    let (code, _, err) = run(&["export", "--format", "kialo", "-o", out.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(
            "argscope: warning: Kialo's format cannot hold all of this map, so the file written leaves out the kinds of 14 evidence, 7 caveats, 2 questions, 4 rebuttals (written as Pro or Con), the author and the source document; `--format json` or `--format argdown` keep everything"
        ),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("Discussion Name:")
    );
    let (_, _, err) = run(&["export", "--format", "opml"]);
    assert!(
        err.contains(
            "OPML cannot hold all of this map, so the file written leaves out the source document"
        ),
        "{err}"
    );
    // Argdown and argscope JSON keep all of the built-in map.
    for format in ["argdown", "json"] {
        let (code, _, err) = run(&["export", "--format", format]);
        assert_eq!((code, err.as_str()), (Some(0), ""));
    }
}

/// An importer's warning about something it read whole, in a shape or with a placeholder it
/// chose (several theses under one, a statement with no words), is a warning; only what it could
/// not read makes `print` and `export` say that what they write may miss part of the file.
#[test]
fn only_what_an_importer_could_not_read_is_said_to_be_missing() {
    let dir = tempfile::TempDir::new().unwrap();
    let kept = [
        (
            "theses.argdown",
            "[A]: One thesis.\n\n[B]: Another thesis.\n",
        ),
        (
            "quoted.argdown",
            "===\ntitle: Debate: the sequel\n===\n\n[A]: One thesis.\n",
        ),
        (
            "empty.json",
            r#"{"nodes": [{"nodeID": "1", "type": "I", "text": "A."}, {"nodeID": "2", "type": "I", "text": ""}, {"nodeID": "3", "type": "RA"}], "edges": [{"fromID": "2", "toID": "3"}, {"fromID": "3", "toID": "1"}]}"#,
        ),
        (
            "empty.txt",
            "Discussion Title: Uniforms\n\n1. Schools should require uniforms.\n1.1. Pro: \n",
        ),
        (
            "side.opml",
            r#"<opml version="2.0"><body><outline text="Uniforms"><outline text="Con:"/></outline></body></opml>"#,
        ),
    ];
    for (name, text) in kept {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let path = path.to_str().unwrap();
        let (code, _, err) = run(&["print", path]);
        assert_eq!(code, Some(0), "{name}: {err}");
        assert!(err.contains(" has 1 warning;"), "{name}: {err}");
    }
    let broken = dir.path().join("broken.argdown");
    std::fs::write(&broken, "[T]: Thesis with {broken data.\n").unwrap();
    let (_, _, err) = run(&["print", broken.to_str().unwrap()]);
    assert!(
        err.contains(" has 1 problem, so what is written may miss part of it;"),
        "{err}"
    );
}

#[test]
fn a_kialo_export_saved_as_unicode_text_on_windows_opens_as_the_same_map() {
    // Notepad's "Unicode" and Excel's "Unicode Text" are UTF-16 with a byte order mark.
    let (code, utf16, err) = run(&["print", &fixture("kialo/v1_utf16.txt")]);
    assert_eq!(code, Some(0), "{err}");
    let (_, utf8, _) = run(&["print", &fixture("kialo/v1_title_layout.txt")]);
    assert_eq!(utf16, utf8);
}

/// OPML from older outliners and Windows exports is often in ISO-8859-1 and says so in its
/// XML declaration: it opens with its accented text as written.
#[test]
fn an_opml_file_in_the_latin_1_its_declaration_names_opens_with_its_accents() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("cafes.opml");
    let latin_1: &[u8] = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n\
        <opml version=\"2.0\"><head><title>D\xe9bat</title></head><body>\n\
        <outline text=\"Les caf\xe9s doivent fermer \xe0 minuit\">\n\
        <outline text=\"Pro: Le bruit g\xeane les riverains\"/>\n\
        <outline text=\"Con: Les employ\xe9s perdent des heures\"/>\n\
        </outline></body></opml>\n";
    std::fs::write(&path, latin_1).unwrap();
    let (code, out, err) = run(&["print", path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "◆ thesis  Les cafés doivent fermer à minuit\n\
         ├─ + claim  Le bruit gêne les riverains\n\
         └─ − objection  Les employés perdent des heures\n"
    );
    let (code, out, err) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("cafes.opml: ok, 3 nodes"), "{out}");
}

/// An encoding argscope cannot read is refused in one sentence: where the declaration names
/// it, and how to fix the file. No half-read map, no crash.
#[test]
fn an_opml_file_naming_an_encoding_argscope_cannot_read_is_refused_at_its_place() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("klingon.opml");
    std::fs::write(
        &path,
        b"<?xml version=\"1.0\" encoding=\"x-klingon\"?>\n<opml><body><outline text=\"caf\xe9\"/></body></opml>\n",
    )
    .unwrap();
    let name = path.to_str().unwrap();
    for command in ["print", "check"] {
        let (code, out, err) = run(&[command, name]);
        assert_eq!(code, Some(1), "{command}: {out}{err}");
        let said = format!(
            "{name}:1:31: the XML declaration names the encoding \"x-klingon\", which argscope \
             cannot read; save the file as UTF-8 text (with encoding=\"UTF-8\" in that declaration)"
        );
        assert!(
            out.contains(&said) || err.contains(&said),
            "{command}: {out}{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// Prose opened by mistake (a student's notes, no Argdown in it) still opens, as any text is
/// Argdown, but a warning at its first line says what happened and what to open instead.
#[test]
fn a_plain_text_file_opens_with_a_warning_that_it_holds_no_argdown() {
    let dir = tempfile::TempDir::new().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(
        &notes,
        "Read chapter two before Tuesday. The essay is due next week, about two pages.\n",
    )
    .unwrap();
    let (code, _, err) = run(&["check", notes.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "notes.txt:1:1: notes.txt has no Argdown syntax (no [titles], relations or headings), so it was read as one statement; write the map in Argdown, or open a JSON, Kialo, AIF or OPML file"
        ),
        "{err}"
    );
    let (code, out, err) = run(&["print", notes.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "◆ thesis  Read chapter two before Tuesday.\n");

    // Several paragraphs are several statements, and the warning counts them.
    std::fs::write(
        &notes,
        "Read chapter two before Tuesday.\n\nBring the handout.\n\nAsk about warrants.\n",
    )
    .unwrap();
    let (code, _, err) = run(&["check", notes.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "notes.txt:1:1: notes.txt has no Argdown syntax (no [titles], relations or headings), so each of its 3 paragraphs was read as a statement of its own; write the map in Argdown, or open a JSON, Kialo, AIF or OPML file"
        ),
        "{err}"
    );
    // That warning says it all: not also one on several theses, with advice in Argdown terms.
    assert!(err.contains("1 problem found"), "{err}");
}

/// A Kialo export that lost its `Discussion Title:` line is told from Argdown by that line
/// only, so it opens as plain text; the warning names the numbered claims it has, and the way
/// to read it as the Kialo export it is.
#[test]
fn a_kialo_export_without_its_first_line_is_told_how_to_open_it() {
    let fixture = "tests/fixtures/kialo/v1_no_header.txt";
    let (code, _, err) = run(&["check", fixture]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "v1_no_header.txt:1:1: v1_no_header.txt has no Argdown syntax (no [titles], relations or headings), so it was read as one statement; its numbered claims (1.1. Pro: …) look like a Kialo export that lost its first line: open it with --from kialo, or put its \"Discussion Title: …\" line back at the top"
        ),
        "{err}"
    );
    // As it advises: read as Kialo, the claims are a tree again.
    let (code, out, err) = run(&["print", "--from", "kialo", fixture]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("◆ thesis  Bicycles belong on the road."),
        "{out}"
    );
    assert!(
        out.contains("+ claim  Pavements are for people on foot."),
        "{out}"
    );
}

/// A Kialo export of the new layout that lost its `Discussion Name:` line and title has Argdown
/// syntax (`-> See 1.1.` reads as a relation, `[1]` as a reference), so the plain-text warning
/// did not come, and it opened as three theses "See 1.1." and the like, without a hint.
#[test]
fn a_new_layout_kialo_export_without_its_first_lines_is_told_how_to_open_it() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("homework.txt");
    let export = "1. Thesis:\nPrimary schools should ban homework.\n\n  1.1. Pro:\n  Children need time to play after school [1].\n\n    1.1.1. Con:\n    -> See 1.2.\n\n  1.2. Con:\n  Practice at home helps children remember.\n\nSources:\n[1] https://example.org/play\n";
    std::fs::write(&path, export).unwrap();
    let file = path.to_str().unwrap();
    let (code, _, err) = run(&["check", file]);
    assert_eq!(code, Some(1), "{err}");
    let first = err.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "{file}:1:1: the file looks like a Kialo export that lost its first line, as its claims are numbered as Kialo numbers them (1.1. Pro: …), so it was read as Argdown, which it is not; open it with --from kialo, or put its \"Discussion Name:\" line and title (\"Discussion Title: …\" in an old export) back at the top"
        )
    );
    // As it advises: read as Kialo, the claims are a tree again.
    let (code, out, err) = run(&["print", "--from", "kialo", file]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("◆ thesis  Primary schools should ban homework."),
        "{out}"
    );
    assert!(out.contains("− objection  Practice at home"), "{out}");
}

/// An old-layout export headed `Discussion Name: Title` on one line (the docs say to tolerate
/// it) opened as Argdown plain text, its header a statement and the warning saying its first
/// line was missing; it opens as the Kialo export it is, with no warning.
#[test]
fn an_old_kialo_export_headed_discussion_name_on_one_line_opens_as_kialo() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("k1n.txt");
    let export = "Discussion Name: Uniforms\n\n1. Schools should require uniforms.\n1.1. Pro: They reduce bullying.\n1.2. Con: They cost money.\n";
    std::fs::write(&path, export).unwrap();
    let file = path.to_str().unwrap();
    let (code, out, err) = run(&["print", file]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "◆ thesis  Schools should require uniforms.\n├─ + claim  They reduce bullying.\n└─ − objection  They cost money.\n"
    );
    assert_eq!(err, "");
    let (code, _, err) = run(&["check", file]);
    assert_eq!(code, Some(0), "{err}");
}

/// A Markdown outline was read as Argdown: every `- ` item an objection ("Pro: They save
/// parents money" among them), messages about indenting relation lines, and nothing saying
/// Markdown. It reads as an outline does in OPML: Pro and Con as the sides, the nesting as
/// the tree.
#[test]
fn a_markdown_outline_reads_as_an_outline() {
    let (code, out, err) = run(&["print", &fixture("markdown/pro_con.md")]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "\
◆ thesis  School uniforms should be compulsory
├─ + claim  They reduce peer pressure about clothes
│ └─ − objection  Peer pressure moves to shoes and bags
├─ + claim  They save parents money
└─ − objection  They limit self-expression
  └─ + claim  Pupils can still express themselves through hobbies
"
    );
    assert_eq!(err, "");
    // Nested `*` items, the thesis the one at the top: they were four unrelated claims, with a
    // warning about "4 paragraphs" in a file of one.
    let (code, out, err) = run(&["check", &fixture("markdown/stars.md")]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.ends_with("/stars.md: ok, 4 nodes (1 thesis, 1 claim, 2 objections)\n"),
        "{out}"
    );
    let (_, out, _) = run(&["print", &fixture("markdown/stars.md")]);
    assert_eq!(
        out,
        "\
◆ thesis  School uniforms should be compulsory
├─ + claim  They reduce peer pressure
│ └─ − objection  Peer pressure moves to shoes
└─ − objection  They limit self-expression
"
    );
    // A heading, then a bold "Thesis:" item: the heading is the title.
    let file = fixture("markdown/heading_thesis.md");
    let (code, out, err) = run(&["print", &file]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with(
            "◆ thesis  Homework should be banned in primary school.\n├─ + claim  Young children need play time.\n│ └─ − objection  Some homework"
        ),
        "{out}"
    );
    let (_, json, _) = run(&["export", &file, "--format", "json"]);
    assert!(
        json.contains("\"title\": \"Should homework be banned?\""),
        "{json}"
    );
}

/// argscope's own handout (`export --format markdown`) opened as fifteen claims such as
/// "− objection: Later starts push…" with eleven problems. It is refused in one sentence that
/// says why and what to open instead.
#[test]
fn argscopes_markdown_handout_is_refused_with_what_to_open_instead() {
    let dir = tempfile::TempDir::new().unwrap();
    let handout = dir.path().join("handout.md");
    let (code, _, err) = run(&[
        "export",
        &fixture("kialo/v2_name_layout.txt"),
        "--format",
        "markdown",
        "-o",
        handout.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let file = handout.to_str().unwrap();
    let (code, out, err) = run(&["print", file]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        err,
        format!(
            "argscope: {file}:1:1: this is argscope's Markdown handout (export --format markdown), which is written for reading and not opened again, as it keeps no ids (notes would not follow), writes a statement used twice as a copy and a deep map in sections; open the map it was exported from, or export that map with --format argdown or --format opml to edit it elsewhere\n"
        )
    );
}

/// A Markdown file that is no outline (prose, say) opened as Argdown, each paragraph a
/// statement; it is refused, saying what a Markdown outline is and how to name another format.
#[test]
fn a_markdown_file_that_is_no_outline_is_refused_with_what_to_do() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(
        &path,
        "# Uniforms\n\nSome thoughts on uniforms.\n\nMore thoughts.\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let (code, _, err) = run(&["check", file]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with(&format!(
            "{file}:1:1: this Markdown file is not a Markdown outline (a nested list: the thesis, then items starting \"Pro:\" or \"Con:\" indented below it), so argscope cannot tell what map it holds; write the map as such a list, put Argdown in a ```argdown block, or name the file's format with --from (--from argdown if all of it is Argdown)\n"
        )),
        "{err}"
    );
    // As it says: named, the format is read.
    let (code, out, err) = run(&["print", "--from", "argdown", file]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Some thoughts on uniforms."), "{out}");
    // Read as Argdown, an outline is said to look like one.
    let (_, _, err) = run(&[
        "check",
        "--from",
        "argdown",
        &fixture("markdown/pro_con.md"),
    ]);
    assert!(
        err.contains("pro_con.md:1:1: this file is read as Argdown, but its content looks like the Markdown outline format"),
        "{err}"
    );
}

/// A thesis line over an indented list of "Pro:" and "Con:" items was read as Argdown, every
/// item an objection ("− objection Pro: cheaper"), and refused when saved as `.md`. It is an
/// outline, under either name; a `.md` file refused names the line that made it so.
#[test]
fn a_thesis_line_over_an_indented_list_is_an_outline() {
    let dir = tempfile::TempDir::new().unwrap();
    for name in ["m26.txt", "m26.md"] {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            "Uniforms should be required\n  - Pro: cheaper\n    - Con: not really\n  - Con: boring\n",
        )
        .unwrap();
        let (code, out, err) = run(&["print", path.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(
            out,
            "\
◆ thesis  Uniforms should be required
├─ + claim  cheaper
│ └─ − objection  not really
└─ − objection  boring
",
            "{name}"
        );
    }
    let path = dir.path().join("mixed.md");
    std::fs::write(&path, "# Notes\n\n- Cats\n  - [Legal]: x\n").unwrap();
    let file = path.to_str().unwrap();
    let (code, _, err) = run(&["check", file]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with(&format!("{file}:4:5: this Markdown file is not a Markdown outline, as this line holds the Argdown title \"[Legal]\"; ")),
        "{err}"
    );
}

/// Argdown in a Markdown file's ```argdown block (as notes apps and Argdown's own Markdown
/// support write it) is the map, with or without --from argdown: the fence and the prose
/// around it are no part of any statement, and problems keep the file's lines.
#[test]
fn argdown_in_a_markdown_files_fenced_block_is_read_as_the_map() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(
        &path,
        "# Notes\n\nSome prose.\n\n```argdown\n[T]: Thesis.\n  + <A>: Reason.\n  - Loose\tend\n```\n\n```python\n[Not]: argdown\n```\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    for args in [&["print", file][..], &["print", "--from", "argdown", file]] {
        let (code, out, err) = run(args);
        assert_eq!(code, Some(0), "{err}");
        assert!(out.starts_with("◆ thesis  T\n"), "{out}");
        assert!(
            !out.contains("```") && !out.contains("prose") && !out.contains("Not"),
            "{out}"
        );
        assert!(out.contains("+ claim  A"), "{out}");
    }
}

/// A Markdown outline beside an ```argdown block is left out, as the block is the map: said at
/// the list's first line, not dropped unsaid.
#[test]
fn an_outline_beside_an_argdown_block_is_said_to_be_left_out() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("mix.md");
    std::fs::write(
        &path,
        "# Uniforms\n\n- Uniforms are good\n  - Pro: cheaper\n\n```argdown\n[T]: Thesis.\n  + [A]: a.\n```\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let (_, out, err) = run(&["check", file]);
    assert!(
        out.contains(&format!(
            "{file}:3:1: this list stands outside the ```argdown block"
        )) || err.contains(&format!(
            "{file}:3:1: this list stands outside the ```argdown block"
        )),
        "{out}{err}"
    );
}
