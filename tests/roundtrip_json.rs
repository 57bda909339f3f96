//! `argscope export --format json` and the argscope JSON reader together, through the binary:
//! what argscope writes, however deep, it reads back.

use std::fmt::Write as _;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_argscope");

/// An OPML outline that is a chain of `depth` points, each under the one before.
fn opml_chain(depth: usize) -> String {
    let mut text = String::from("<opml version=\"2.0\"><body>\n");
    for i in 0..depth {
        let _ = writeln!(text, "<outline text=\"Point {i}\">");
    }
    text.push_str(&"</outline>\n".repeat(depth));
    text.push_str("</body></opml>\n");
    text
}

fn run(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), said)
}

/// A chain 200 levels deep was exported with a warning that it "will not open again", and
/// `check` then refused it: past 169 levels argscope JSON did not read back.
#[test]
fn a_deep_chain_exported_as_json_reads_back() {
    let dir = tempfile::TempDir::new().unwrap();
    for depth in [200, 1000, 10_000] {
        std::fs::write(dir.path().join("deep.opml"), opml_chain(depth)).unwrap();
        let (code, said) = run(
            dir.path(),
            &["export", "deep.opml", "--format", "json", "-o", "deep.json"],
        );
        assert_eq!(code, Some(0), "{depth}: {said}");
        assert!(!said.contains("will not open again"), "{depth}: {said}");
        let (code, said) = run(dir.path(), &["check", "deep.json"]);
        assert_eq!(code, Some(0), "{depth}: {said}");
        assert!(
            said.contains(&format!("deep.json: ok, {depth} nodes")),
            "{depth}: {said}"
        );
    }
}
