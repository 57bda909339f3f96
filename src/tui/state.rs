//! What the view shows: the selection, which nodes are unfolded, scroll positions, focus.

use crate::model::{ArgMap, NodeId};

use super::keymap::KeyChord;

/// The pane that takes keyboard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Detail,
}

/// One visible line of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub id: NodeId,
    pub depth: usize,
}

/// How many levels a map opens with: the thesis and the points made for and against it.
pub const OPENING_LEVELS: usize = 2;

#[derive(Debug, Clone)]
pub struct ViewState {
    /// Per node: unfolded or not. A leaf's flag is ignored.
    expanded: Vec<bool>,
    /// Per node: how many nodes stand below it, shown on folded rows. Counted once, since a
    /// fold near the root can hide most of a large map.
    descendants: Vec<u32>,
    /// The visible rows, derived from `expanded`; rebuilt whenever it changes.
    rows: Vec<Row>,
    /// Index into `rows` of the selection.
    cursor: usize,
    /// First tree row on screen.
    pub tree_offset: usize,
    /// First detail line on screen.
    pub detail_scroll: usize,
    pub focus: Pane,
    /// `Some(first line on screen)` while the help overlay is open.
    pub help: Option<usize>,
    /// The terminal's size, for layout-dependent actions (paging, clicks).
    pub width: u16,
    pub height: u16,
    /// Keys of an unfinished sequence (the first `g` of `gg`).
    pub pending: Vec<KeyChord>,
    /// A short note for the status line, cleared by the next action.
    pub message: Option<String>,
}

impl ViewState {
    pub fn new(map: &ArgMap, width: u16, height: u16) -> ViewState {
        let mut state = ViewState {
            expanded: vec![false; map.len()],
            descendants: count_descendants(map),
            rows: Vec::new(),
            cursor: 0,
            tree_offset: 0,
            detail_scroll: 0,
            focus: Pane::Tree,
            help: None,
            width,
            height,
            pending: Vec::new(),
            message: None,
        };
        state.show_levels(map, OPENING_LEVELS);
        state
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn selected(&self) -> NodeId {
        self.rows[self.cursor].id
    }

    /// How many nodes a fold on `id` hides.
    pub fn descendants(&self, id: NodeId) -> usize {
        self.descendants[id.index()] as usize
    }

    pub fn is_expanded(&self, id: NodeId) -> bool {
        self.expanded[id.index()]
    }

    /// Moves the selection to a row, clamped to the rows there are.
    pub fn select_row(&mut self, row: usize) {
        let row = row.min(self.rows.len().saturating_sub(1));
        if row != self.cursor {
            self.cursor = row;
            self.detail_scroll = 0;
        }
    }

    /// Selects a node, unfolding its ancestors so it is visible.
    pub fn select_node(&mut self, map: &ArgMap, id: NodeId) {
        let mut at = map.parent(id);
        while let Some(ancestor) = at {
            self.expanded[ancestor.index()] = true;
            at = map.parent(ancestor);
        }
        self.rebuild(map, id);
    }

    pub fn set_expanded(&mut self, map: &ArgMap, id: NodeId, expanded: bool) {
        if self.expanded[id.index()] != expanded {
            self.expanded[id.index()] = expanded;
            let selected = self.selected();
            self.rebuild(map, selected);
        }
    }

    /// Unfolds the nodes above `levels` and folds the rest; `1` shows the thesis alone.
    pub fn show_levels(&mut self, map: &ArgMap, levels: usize) {
        for (id, depth) in map.preorder_with_depth() {
            self.expanded[id.index()] = depth + 1 < levels;
        }
        let selected = self.rows.get(self.cursor).map_or(map.root, |row| row.id);
        self.rebuild(map, selected);
    }

    pub fn expand_all(&mut self, map: &ArgMap) {
        self.expanded.fill(true);
        let selected = self.selected();
        self.rebuild(map, selected);
    }

    /// Recomputes the visible rows and puts the cursor on `keep`, or on its nearest visible
    /// ancestor when folding hid it.
    fn rebuild(&mut self, map: &ArgMap, keep: NodeId) {
        let before = self.rows.get(self.cursor).map(|row| row.id);
        self.rows.clear();
        let mut stack = vec![Row {
            id: map.root,
            depth: 0,
        }];
        while let Some(row) = stack.pop() {
            self.rows.push(row);
            if self.expanded[row.id.index()] {
                let depth = row.depth + 1;
                stack.extend(
                    map.children(row.id)
                        .iter()
                        .rev()
                        .map(|&id| Row { id, depth }),
                );
            }
        }
        let mut target = Some(keep);
        while let Some(id) = target {
            if let Some(index) = self.rows.iter().position(|row| row.id == id) {
                self.cursor = index;
                break;
            }
            target = map.parent(id);
        }
        if before != Some(self.selected()) {
            self.detail_scroll = 0;
        }
    }
}

/// Subtree sizes for every node in one pass: children come after their parent in reading order,
/// so walking that order backwards adds each node's count into its parent's.
fn count_descendants(map: &ArgMap) -> Vec<u32> {
    let order: Vec<NodeId> = map.preorder().collect();
    let mut counts = vec![0u32; map.len()];
    for &id in order.iter().rev() {
        if let Some(parent) = map.parent(id) {
            counts[parent.index()] += counts[id.index()] + 1;
        }
    }
    counts
}
