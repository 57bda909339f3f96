//! `argscope print`: the map as an indented outline with the tree's guides, glyphs and kinds.

use ratatui::backend::IntoCrossterm;

use crate::load::Loaded;
use crate::model::{ArgMap, NodeId};
use crate::text::wrap;
use crate::tui::theme::Theme;

/// Width that `--full` wraps paraphrases and quotes to.
const FULL_WIDTH: usize = 88;

/// The outline, one node a line; with `full`, each node's paraphrase and quote beneath it.
pub fn write(loaded: &Loaded, full: bool, color: bool) -> String {
    let map = &loaded.map;
    let theme = if color {
        Theme::dark()
    } else {
        Theme::monochrome()
    };
    let paint = |text: String, style: ratatui::style::Style| -> String {
        if color {
            style.into_crossterm().apply(text).to_string()
        } else {
            text
        }
    };
    let mut out = String::new();
    for (id, depth) in map.preorder_with_depth() {
        let node = map.node(id);
        let statement = map.statement(id);
        let mut line = paint(guides(map, id, depth), theme.dim());
        if depth > 0 {
            line.push(' ');
        }
        line.push_str(&paint(
            format!(
                "{} {}{}{}",
                node.kind.glyph(),
                node.kind.name(),
                node.undercut_mark(),
                map.scheme_mark(id)
            ),
            theme.kind(node.kind),
        ));
        line.push_str("  ");
        if map.is_ref(id) {
            line.push_str("↪ ");
        }
        line.push_str(&statement.label);
        out.push_str(&line);
        out.push('\n');
        if full {
            let indent = continuation(map, id, depth);
            let room = FULL_WIDTH.saturating_sub(indent.chars().count()).max(30);
            let mut block: Vec<String> = Vec::new();
            if !statement.text.trim().is_empty() {
                block.extend(wrap(&statement.text, room));
            }
            let quote = crate::source::collapse_whitespace(&statement.quote);
            if !quote.is_empty() {
                block.extend(
                    wrap(&format!("“{quote}”"), room.saturating_sub(2))
                        .into_iter()
                        .map(|l| format!("> {l}")),
                );
            }
            for text in block {
                out.push_str(&paint(indent.clone(), theme.dim()));
                out.push_str(&text);
                out.push('\n');
            }
        }
    }
    out
}

/// Guides are drawn for at most this many levels; deeper nodes show the innermost ones after a
/// mark counting the rest (`⋯968 │ ├─`), so a line stays readable and a map 100,000 levels
/// deep prints in time that grows with its size, not with its depth squared.
pub const MAX_GUIDE_LEVELS: usize = 32;

/// "│ ├─": a guide per ancestor level (blank where that ancestor was a last child), then the
/// connector to this node. Empty for the root. Past [`MAX_GUIDE_LEVELS`], `⋯N ` stands for the
/// N outer levels left out.
pub fn guides(map: &ArgMap, id: NodeId, depth: usize) -> String {
    guides_with(map, id, depth, |at| {
        map.parent(at)
            .is_some_and(|parent| map.children(parent).last() == Some(&at))
    })
}

/// [`guides`] where `last` tells whether a node is the last of its parent's children shown
/// (under a filter, not always the last in the map).
pub fn guides_with(
    map: &ArgMap,
    id: NodeId,
    depth: usize,
    last: impl Fn(NodeId) -> bool,
) -> String {
    if depth == 0 {
        return String::new();
    }
    let shown = depth.min(MAX_GUIDE_LEVELS);
    let mut parts: Vec<&str> = Vec::with_capacity(shown);
    let mut at = id;
    while let Some(parent) = map.parent(at) {
        if parts.len() == shown {
            break;
        }
        parts.push(match (at == id, last(at)) {
            (true, true) => "└─",
            (true, false) => "├─",
            (false, true) => "  ",
            (false, false) => "│ ",
        });
        if map.parent(parent).is_none() {
            break;
        }
        at = parent;
    }
    parts.reverse();
    let joined = parts.concat();
    if depth > shown {
        format!("⋯{} {joined}", depth - shown)
    } else {
        joined
    }
}

/// The guides for lines printed beneath a node: its ancestors' columns, its own column, and a
/// line down to its children when it has any.
fn continuation(map: &ArgMap, id: NodeId, depth: usize) -> String {
    let mut own = guides(map, id, depth);
    // Swap this node's connector for the column that continues below it.
    if depth > 0 {
        let last = map
            .parent(id)
            .is_some_and(|p| map.children(p).last() == Some(&id));
        own.truncate(own.len() - "├─".len());
        own.push_str(if last { "   " } else { "│  " });
    }
    own.push_str(if map.children(id).is_empty() {
        "  "
    } else {
        "│ "
    });
    own.push(' ');
    own
}
