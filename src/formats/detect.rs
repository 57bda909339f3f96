//! Which format a file is in, told by its content rather than its name: people rename files,
//! and crawled exports carry odd extensions (a Kialo export saved as `.csv`).

use clap::ValueEnum;

/// The formats argscope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// argscope JSON, the native format.
    Argscope,
    /// Argdown text.
    Argdown,
    /// The JSON that `argdown json` writes.
    ArgdownJson,
    /// A Kialo discussion export (either layout).
    Kialo,
    /// AIF JSON (OVA3, AIFdb nodeset, OVA2).
    Aif,
    /// An OPML outline.
    Opml,
    /// A Markdown outline: a nested bulleted list, "Pro:" and "Con:" items below the thesis.
    Markdown,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Argscope => "argscope JSON",
            Format::Argdown => "Argdown",
            Format::ArgdownJson => "Argdown JSON",
            Format::Kialo => "Kialo export",
            Format::Aif => "AIF JSON",
            Format::Opml => "OPML",
            Format::Markdown => "Markdown outline",
        }
    }
}

/// The format of a file, from its content; an empty file says nothing, so its name decides
/// (an empty `.json` gets the JSON reader's message rather than an empty Argdown map).
pub fn detect_file(text: &str, path: &std::path::Path) -> Format {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let argdown_named = matches!(extension.as_deref(), Some("argdown" | "ad"));
    if !text.trim_start_matches('\u{feff}').trim().is_empty() {
        // `[2024]` alone on a first line could open either; the name tells.
        return match detect(text) {
            Format::Argscope if argdown_named && opens_with_bracket(text) => Format::Argdown,
            // Argdown has lists of its own (`* item`, `1. item`), which look like an outline.
            Format::Markdown if argdown_named => Format::Argdown,
            // A line over an indented list is Argdown's statement and relations, or, in a
            // Markdown file, where Argdown stands in ```argdown blocks, the thesis and its list.
            Format::Argdown
                if matches!(extension.as_deref(), Some("md" | "markdown"))
                    && super::markdown_outline::looks_like_named_outline(text) =>
            {
                Format::Markdown
            }
            format => format,
        };
    }
    match extension.as_deref() {
        Some("argdown" | "ad") => Format::Argdown,
        Some("opml") => Format::Opml,
        Some("txt") => Format::Kialo,
        _ => Format::Argscope,
    }
}

fn opens_with_bracket(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('[')
}

/// Guesses the format from the first characters of the text. Anything that is not recognisably
/// one of the others is read as Argdown, whose plain statements are just lines of text.
pub fn detect(text: &str) -> Format {
    let text = text.trim_start_matches('\u{feff}');
    let start = text.trim_start();
    // `[` opens a JSON list, or an Argdown title such as `[Legal]: …` or `[2024 budget]: …`:
    // after a title's `]` comes its text, a tag or a relation, never what follows a value in a
    // list.
    let json_list = start.strip_prefix('[').is_some_and(|rest| {
        let first_line = rest.lines().next().unwrap_or("");
        let after_first_close = first_line
            .find(']')
            .map_or("", |at| rest[at + 1..].trim_start());
        rest.trim_start()
            .starts_with(|c: char| matches!(c, '"' | '{' | '[' | ']' | '-') || c.is_ascii_digit())
            && (after_first_close.is_empty() || after_first_close.starts_with([',', ']', '}']))
    });
    if json_list {
        Format::Argscope
    } else if start.starts_with('{') {
        // JSON: tell the shapes apart by their top-level keys near the start.
        let head: String = start.chars().take(4096).collect();
        let has = |key: &str| head.contains(&format!("\"{key}\""));
        // `argdown json` writes its arguments first, and they can fill the head on their own.
        let first_key = head[1..].trim_start().strip_prefix('"');
        let argdown_first = first_key
            .is_some_and(|key| key.starts_with("arguments\"") || key.starts_with("statements\""));
        if has("argscope") {
            Format::Argscope
        } else if argdown_first || has("statements") && (has("arguments") || has("relations")) {
            Format::ArgdownJson
        } else if has("nodes") || has("AIF") || has("nodeID") || has("edges") {
            Format::Aif
        } else {
            Format::Argscope
        }
    } else if start.starts_with('<') && (start.contains("<opml") || start.starts_with("<?xml")) {
        Format::Opml
    } else {
        // The old layout's title line; "Discussion Name: Title" on one line is tolerated as
        // one (docs/formats/kialo.md), as the Kialo reader reads it: in any letters, and below
        // a few lines typed above it, which the reader says it leaves out.
        if super::kialo::has_header(start) {
            Format::Kialo
        } else if super::markdown_outline::looks_like_outline(text)
            || super::markdown_outline::is_handout(text)
        {
            Format::Markdown
        } else {
            Format::Argdown
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        assert_eq!(detect("{\"argscope\": 1, \"root\": {}}"), Format::Argscope);
        assert_eq!(
            detect("\u{feff}  {\n \"statements\": {}, \"arguments\": {}, \"relations\": []}"),
            Format::ArgdownJson
        );
        let long_arguments = format!(
            "{{\n  \"arguments\": {{\"A\": {{\"members\": [{}]}}}},\n  \"statements\": {{}}}}",
            "{\"text\": \"premise\"},".repeat(1000)
        );
        assert_eq!(detect(&long_arguments), Format::ArgdownJson);
        assert_eq!(detect("{\"nodes\": [], \"edges\": []}"), Format::Aif);
        assert_eq!(detect("{\"AIF\": {\"nodes\": []}}"), Format::Aif);
        assert_eq!(
            detect("<?xml version=\"1.0\"?>\n<opml version=\"2.0\">"),
            Format::Opml
        );
        assert_eq!(
            detect("Discussion Title: Should we?\n\n1. Yes."),
            Format::Kialo
        );
        assert_eq!(detect("Discussion Name:\r\nShould we?"), Format::Kialo);
        assert_eq!(
            detect("Discussion Name: Uniforms\n\n1. Schools should require uniforms."),
            Format::Kialo,
            "the old layout's title line with the new layout's word"
        );
        assert_eq!(
            detect("[Legal]: Soft drugs should be legal.\n  + <Harmless>"),
            Format::Argdown
        );
        assert_eq!(detect(""), Format::Argdown);
        assert_eq!(
            detect("[1, 2]"),
            Format::Argscope,
            "a JSON list gets the JSON reader's message"
        );
        assert_eq!(detect("[Legal]: yes"), Format::Argdown);
        assert_eq!(detect("[[1, 2], {\"a\": 3}]"), Format::Argscope);
        assert_eq!(detect("[\n  1,\n  2\n]"), Format::Argscope);
        // Titles that start as a JSON value would.
        for title in [
            "[2024 budget]: The budget is balanced.",
            "[-5 degrees] #thesis",
            "[\"Free\" speech]: it matters\n  + [Law]",
            "[1984]\n  - [Brave New World]: a rival",
        ] {
            assert_eq!(detect(title), Format::Argdown, "{title:?}");
        }
        let path = std::path::Path::new;
        assert_eq!(
            detect_file("[1984]\n", path("novels.argdown")),
            Format::Argdown,
            "the name decides what the content leaves open"
        );
        assert_eq!(detect_file("[1984]\n", path("list.json")), Format::Argscope);
        assert_eq!(
            detect_file("* Apples\n* Pears\n", path("l.md")),
            Format::Markdown
        );
        assert_eq!(
            detect_file("* Apples\n* Pears\n", path("l.argdown")),
            Format::Argdown,
            "an Argdown list stays one in an Argdown file"
        );
        assert_eq!(
            detect_file(
                "Uniforms\n  - Pro: cheaper\n  - Con: boring\n",
                path("m.txt")
            ),
            Format::Markdown,
            "a thesis line over an indented list whose items name sides is an outline"
        );
        assert_eq!(
            detect_file("Uniforms\n  - cheaper\n", path("m.txt")),
            Format::Argdown,
            "with no side named, it is Argdown's statement and an attack"
        );
        assert_eq!(
            detect_file("Uniforms\n  - cheaper\n", path("m.MD")),
            Format::Markdown,
            "in a Markdown file, it is an outline"
        );
        assert_eq!(
            detect_file("Uniforms\n  - Pro: cheaper\n", path("m.argdown")),
            Format::Argdown
        );
        assert_eq!(detect_file("", path("m.json")), Format::Argscope);
        assert_eq!(detect_file(" \n", path("m.argdown")), Format::Argdown);
        assert_eq!(
            detect_file("Discussion Name:\nX", path("m.json")),
            Format::Kialo,
            "content wins"
        );
        // An unknown JSON object is read as argscope JSON, whose reader says what is missing.
        assert_eq!(detect("{\"title\": 1}"), Format::Argscope);
    }
}
