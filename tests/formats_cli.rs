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
