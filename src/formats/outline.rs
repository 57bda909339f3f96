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
    guides_within(map, id, depth, usize::MAX)
}

/// [`guides`] at most `columns` wide (but for one level and the mark), so a deep node's label
/// keeps its room on a narrow screen: fewer inner levels are drawn, after the mark.
pub fn guides_within(map: &ArgMap, id: NodeId, depth: usize, columns: usize) -> String {
    guides_with(map, id, depth, columns, |at| {
        map.parent(at)
            .is_some_and(|parent| map.children(parent).last() == Some(&at))
    })
}

/// [`guides_within`] where `last` tells whether a node is the last of its parent's children
/// shown (under a filter, not always the last in the map).
pub fn guides_with(
    map: &ArgMap,
    id: NodeId,
    depth: usize,
    columns: usize,
    last: impl Fn(NodeId) -> bool,
) -> String {
    if depth == 0 {
        return String::new();
    }
    let (shown, mark) = levels_within(depth, columns);
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
        // "⋯" and the digits are a column each.
        format!("{:<mark$}{joined}", format!("⋯{}", depth - shown))
    } else {
        joined
    }
}

/// How many of `depth` levels of guides, two columns each, are drawn in `columns`, and how
/// wide the `⋯N ` mark before them is (0 for none): all levels when they fit and are at most
/// [`MAX_GUIDE_LEVELS`]. Printed (no limit to the width), a deeper node shows the innermost
/// ones after the mark. On a screen, rows too deep for the width are drawn in pages of the
/// levels that fit after a mark: down a page each level is a step right of its parent, and
/// the next page starts again after the mark, counting more levels left out. At least the
/// node's own connector.
fn levels_within(depth: usize, columns: usize) -> (usize, usize) {
    if depth <= MAX_GUIDE_LEVELS && depth.saturating_mul(2) <= columns {
        return (depth, 0);
    }
    let mark = |levels: usize| 2 + (depth - levels).to_string().len();
    if columns == usize::MAX {
        return (MAX_GUIDE_LEVELS, mark(MAX_GUIDE_LEVELS));
    }
    // The rows drawn whole, and the levels a page holds after a mark of two digits (a longer
    // one, a hundred levels down, takes a column or more past the room).
    let whole = (columns / 2).min(MAX_GUIDE_LEVELS);
    let page = (columns.saturating_sub(4) / 2).clamp(1, MAX_GUIDE_LEVELS);
    let levels = 1 + (depth - whole - 1) % page;
    // The mark is padded so a page's levels stand in the same columns on every row.
    (levels, columns.saturating_sub(2 * page).max(mark(levels)))
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
        own.push_str(if last { "  " } else { "│ " });
    }
    own.push_str(if map.children(id).is_empty() {
        "  "
    } else {
        "│ "
    });
    own.push(' ');
    own
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::statement;
    use crate::model::{Body, Kind, Meta};

    /// A chain `depth` deep under the thesis, each node with a second child beside the next, so
    /// guides have lines to draw. Returns the map and the chain's nodes, the thesis first.
    fn chain(depth: usize) -> (ArgMap, Vec<NodeId>) {
        let mut map = ArgMap::new(Meta::default(), statement("n0", "thesis"));
        let mut nodes = vec![map.root];
        for i in 1..=depth {
            let parent = nodes[i - 1];
            let body = Body::Statement(statement(&format!("n{i}"), "node"));
            nodes.push(map.push(parent, Kind::Claim, body));
            let beside = Body::Statement(statement(&format!("b{i}"), "beside"));
            map.push(parent, Kind::Objection, beside);
        }
        (map, nodes)
    }

    #[test]
    fn guides_that_fit_are_drawn_whole() {
        let (map, nodes) = chain(4);
        assert_eq!(guides_within(&map, nodes[0], 0, 8), "");
        assert_eq!(guides_within(&map, nodes[1], 1, 8), "├─");
        assert_eq!(guides_within(&map, nodes[4], 4, 8), "│ │ │ ├─");
    }

    /// On a narrow screen the outer levels give way to `⋯N`, a page of levels at a time: down
    /// a page each level's connector is a step right of its parent's, and a row that starts a
    /// page counts more levels left out.
    #[test]
    fn a_deep_nodes_outer_levels_give_way_to_a_mark_a_page_at_a_time() {
        let (map, nodes) = chain(120);
        for columns in [8, 9, 13, 30] {
            let mut before: Option<(usize, usize)> = None;
            for (depth, &id) in nodes.iter().enumerate().skip(1) {
                let guides = guides_within(&map, id, depth, columns);
                assert!(guides.ends_with("├─"), "{guides:?}");
                let wide = crate::text::width(&guides);
                assert!(wide <= columns.max(6) + 2, "{guides:?}");
                if 2 * depth <= columns {
                    assert!(!guides.contains('⋯'), "{guides:?}");
                    assert_eq!(wide, 2 * depth);
                    before = Some((wide, 0));
                    continue;
                }
                let counted: usize = guides[3..]
                    .split(' ')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("⋯ and a number");
                // The chain's nodes are first children, so no drawn level is blank.
                let drawn = guides
                    .trim_start_matches(|c: char| c == '⋯' || c == ' ' || c.is_ascii_digit())
                    .chars()
                    .count()
                    / 2;
                assert!(guides.starts_with('⋯'), "{guides:?}");
                assert_eq!(counted + drawn, depth, "{guides:?}");
                let (was_wide, was_counted) = before.expect("a shallower row");
                assert!(
                    wide == was_wide + 2 || counted > was_counted,
                    "a step right, or a new page: {guides:?} after {was_wide} wide"
                );
                before = Some((wide, counted));
            }
        }
    }

    #[test]
    fn too_little_room_still_draws_the_nodes_own_connector() {
        let (map, nodes) = chain(12);
        for columns in 0..4 {
            assert_eq!(guides_within(&map, nodes[12], 12, columns), "⋯11 ├─");
        }
    }

    /// With `--full`, the lines beneath a node keep its column: the guide that goes on down
    /// to its children stands where their connectors do.
    #[test]
    fn full_text_beneath_a_node_lines_up_with_its_childrens_guides() {
        let (mut map, nodes) = chain(2);
        for &id in &nodes {
            let Body::Statement(s) = &mut map.nodes[id.index()].body else {
                unreachable!("the chain holds statements")
            };
            s.text = format!("Text of {}.", s.id);
        }
        let loaded = Loaded {
            map,
            document: None,
            problems: Vec::new(),
            name: "m.json".to_string(),
            stable_ids: true,
        };
        let lines: Vec<String> = write(&loaded, true, false)
            .lines()
            .map(str::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "◆ thesis  thesis",
                "│  Text of n0.",
                "├─ + claim  node",
                "│ │  Text of n1.",
                "│ ├─ + claim  node",
                "│ │    Text of n2.",
                "│ └─ − objection  beside",
                "└─ − objection  beside",
            ]
        );
    }

    /// `print` has all the width it wants: past 32 levels, the innermost 32 after the mark.
    #[test]
    fn printed_guides_show_the_innermost_levels_past_the_most() {
        let (map, nodes) = chain(40);
        let guides = guides(&map, nodes[40], 40);
        assert_eq!(guides, format!("⋯8 {}├─", "│ ".repeat(31)));
    }
}
