//! `argscope export --format markdown`: a handout, as a nested list with kinds, labels,
//! paraphrases and block quotes with their place in the source.

use std::fmt::Write as _;

use crate::load::Loaded;
use crate::model::Anchor;
use crate::source::collapse_whitespace;

pub fn write(loaded: &Loaded) -> String {
    let map = &loaded.map;
    let meta = &map.meta;
    let mut out = String::new();
    let title = if meta.title.is_empty() {
        "Argument map"
    } else {
        &meta.title
    };
    let _ = writeln!(out, "# {}\n", escape(title));
    let mut byline = Vec::new();
    if !meta.author.is_empty() {
        byline.push(escape(&meta.author));
    }
    let source = &meta.source;
    if !source.title.is_empty() {
        byline.push(format!("*{}*", escape(&source.title)));
    }
    if !source.publisher.is_empty() {
        byline.push(escape(&source.publisher));
    }
    if !source.url.is_empty() {
        byline.push(format!("<{}>", source.url.replace('>', "%3E")));
    }
    if !byline.is_empty() {
        let _ = writeln!(out, "{}\n", byline.join(", "));
    }
    let _ = writeln!(
        out,
        "Kinds: ◆ thesis, + claim, • evidence, − objection, ! caveat, ? question, ↳ rebuttal; ↪ marks a statement used again.\n"
    );

    for (id, depth) in map.preorder_with_depth() {
        let node = map.node(id);
        let statement = map.statement(id);
        let indent = "  ".repeat(depth);
        let inner = format!("{indent}  ");
        let repeat = if map.is_ref(id) { "↪ " } else { "" };
        let _ = writeln!(
            out,
            "{indent}- **{} {}:** {repeat}{}",
            node.kind.glyph(),
            node.kind.name(),
            escape(&statement.label)
        );
        if !statement.text.trim().is_empty() {
            let _ = writeln!(
                out,
                "\n{inner}{}",
                escape(&collapse_whitespace(&statement.text))
            );
        }
        let quote = collapse_whitespace(&statement.quote);
        if !quote.is_empty() {
            let _ = writeln!(out, "\n{inner}> {}", escape(&quote));
            if let (Anchor::Found(span), Some(document)) = (statement.anchor, &loaded.document) {
                let place = document.location(span.start);
                let _ = writeln!(
                    out,
                    "{inner}> — paragraph {}, line {}",
                    place.paragraph, place.line
                );
            }
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Keeps text from being read as Markdown markup (emphasis, links, HTML).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
