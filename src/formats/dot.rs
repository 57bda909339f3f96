//! `argscope export --format dot`: the map as a Graphviz graph, the thesis at the top, one
//! shape and colour per kind, each edge labelled with how the child bears on its parent.
//! `--format svg` and `png` run Graphviz's `dot` on it.

use std::fmt::Write as _;

use crate::model::{ArgMap, Body, Kind, NodeId, Stance};

/// The graph in DOT. A statement used again appears once, with an edge from each place.
pub fn write(map: &ArgMap) -> String {
    let mut out = String::new();
    out.push_str("digraph argument {\n");
    out.push_str("  graph [rankdir=TB, fontname=\"Helvetica\"];\n");
    out.push_str(
        "  node [fontname=\"Helvetica\", fontsize=11, style=\"filled\", margin=\"0.15,0.08\"];\n",
    );
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9, dir=back];\n");
    if !map.meta.title.is_empty() {
        let _ = writeln!(out, "  label={}; labelloc=t;", quoted(&map.meta.title));
    }
    for id in map.preorder() {
        let node = map.node(id);
        if let Body::Statement(statement) = &node.body {
            let (shape, fill) = look(node.kind);
            let text = format!(
                "{} {}\\n{}",
                node.kind.glyph(),
                node.kind.name(),
                wrap_label(&statement.label)
            );
            let _ = writeln!(
                out,
                "  {} [label={}, shape={shape}, fillcolor=\"{fill}\"];",
                name(map, id),
                quoted_raw(&text)
            );
        }
    }
    // Edges run parent -> child drawn backwards, so the thesis stays at the top and the arrows
    // point at what each node bears on.
    for id in map.preorder() {
        let Some(parent) = map.parent(id) else {
            continue;
        };
        let node = map.node(id);
        // A group and what it holds bear on nothing: the edge only says where they are kept.
        let in_group = node.kind == Kind::Group || map.node(parent).kind == Kind::Group;
        let relation = match (node.kind.stance(), node.undercut) {
            _ if in_group => "in",
            (_, true) => "undercut",
            (Stance::For, _) => "support",
            // A thesis below the root answers the question at the top.
            (Stance::Root, _) => "answer",
            _ => match node.kind {
                Kind::Rebuttal => "answer",
                Kind::Question => "question",
                Kind::Caveat => "caveat",
                _ => "attack",
            },
        };
        let style = if in_group {
            "dotted"
        } else if matches!(node.kind.stance(), Stance::For | Stance::Root) {
            "solid"
        } else {
            "dashed"
        };
        // The scheme, when the map names one, as the edge's own: "support (Expert Opinion)".
        let label = match map.scheme(id) {
            Some(scheme) => format!("{relation} ({scheme})"),
            None => relation.to_string(),
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, style={style}];",
            name(map, parent),
            name(map, map.resolve(id)),
            quoted(&label)
        );
    }
    out.push_str("}\n");
    out
}

fn look(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Thesis => ("box", "#f3d1f7"),
        Kind::Claim => ("box", "#d4f2d0"),
        Kind::Evidence => ("note", "#d3f1f4"),
        Kind::Objection => ("box", "#f8d0cc"),
        Kind::Caveat => ("hexagon", "#fbefc4"),
        Kind::Question => ("ellipse", "#d3e3fb"),
        Kind::Rebuttal => ("box", "#e2d8f8"),
        Kind::Group => ("folder", "#e6e6e6"),
    }
}

/// A node's name in the graph: its statement id, which is `[a-z0-9-]+` and so needs quotes.
fn name(map: &ArgMap, id: NodeId) -> String {
    quoted(&map.statement(map.resolve(id)).id)
}

/// Breaks a label into lines of about 28 characters so the boxes stay narrow, joined by
/// Graphviz's `\n`; the label's own backslashes are escaped, so that `C:\` stays text and a
/// trailing one cannot escape the closing quote.
fn wrap_label(label: &str) -> String {
    let lines = crate::text::wrap(label, 28);
    let escaped: Vec<String> = lines
        .iter()
        .map(|line| line.replace('\\', "\\\\"))
        .collect();
    escaped.join("\\n")
}

fn quoted(text: &str) -> String {
    quoted_raw(&text.replace('\\', "\\\\"))
}

/// Quotes text whose backslashes are meant (`\n` line breaks in labels).
fn quoted_raw(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_once_and_every_edge_labelled() {
        let map = crate::load::builtin().map;
        let dot = write(&map);
        assert!(dot.starts_with("digraph argument {"));
        assert_eq!(dot.matches(" -> ").count(), map.len() - 1);
        assert!(
            dot.contains(
                "\"point-1\" -> \"russia-voted-sanctions\" [label=\"caveat\", style=dashed];"
            ),
            "{dot}"
        );
        assert!(dot.contains("\"thesis\" -> \"point-1\" [label=\"support\", style=solid];"));
        assert!(
            dot.contains(
                "\"crimea\" [label=\"? question\\nWhy did Russia attack\\nCrimea?\", shape=ellipse"
            ),
            "{dot}"
        );
    }

    #[test]
    fn a_thesis_answers_the_question_at_the_top_rather_than_attack_it() {
        let text = "===\nquestion: Uniforms?\n===\n\n[Yes]: Uniforms help. #thesis\n\n[No]: They do not. #thesis\n";
        let map = crate::formats::argdown::parse(text, "q.argdown").map;
        let dot = write(&map);
        assert!(
            dot.contains("\"uniforms\" -> \"yes\" [label=\"answer\", style=solid];"),
            "{dot}"
        );
    }

    #[test]
    fn quotes_and_backslashes_in_labels_are_escaped() {
        assert_eq!(quoted("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
    }

    #[test]
    fn a_backslash_in_a_label_is_text_even_at_its_end() {
        let json = r#"{"argscope": 1, "root": {"id": "t", "kind": "thesis", "label": "Use C:\\ drive\\"}}"#;
        let loaded = crate::load::from_str(json, "m.json", crate::load::DocumentSource::Text(""))
            .expect("a valid map");
        let dot = write(&loaded.map);
        assert!(
            dot.contains(r#""t" [label="◆ thesis\nUse C:\\ drive\\", shape=box"#),
            "{dot}"
        );
    }
}
