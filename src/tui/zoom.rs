//! Stepping into a node (Kialo's way of reading a debate): the node at the top, its children
//! for and against it in two columns, and a history to step back and forward through.

use crate::model::{ArgMap, Kind, NodeId, Stance};

/// The two columns of the step-into view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    For,
    Against,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zoom {
    /// The tree's node it was stepped into from (a reference, where `root` is what it repeats).
    entered: NodeId,
    root: NodeId,
    /// The root's children for and against it, split once as the root is stepped into, so a
    /// key or a frame does not go through every child of a node with a million of them.
    sides: [Vec<NodeId>; 2],
    column: Column,
    /// The selected row in each column.
    rows: [usize; 2],
    back: Vec<NodeId>,
    forward: Vec<NodeId>,
}

/// A node's children split by how they bear on it: (for, against), each in the map's order.
/// A question's children all answer it, a "no" as much as a "yes", so they all take the first
/// column (its answers), as a group's theses do; a group under a thesis bears on it neither
/// way, and shows in neither.
pub fn columns(map: &ArgMap, id: NodeId) -> (Vec<NodeId>, Vec<NodeId>) {
    let id = map.resolve(id);
    let kind = map.node(id).kind;
    if kind == Kind::Question {
        return (map.children(id).to_vec(), Vec::new());
    }
    let holds = kind.holds_theses();
    let (mut first, mut second) = (Vec::new(), Vec::new());
    for &child in map.children(id) {
        match map.node(child).kind.stance() {
            Stance::For => first.push(child),
            Stance::Root if holds => first.push(child),
            Stance::Against => second.push(child),
            Stance::Root => {}
        }
    }
    (first, second)
}

impl Zoom {
    /// Steps into `id` (a reference steps into the statement it repeats).
    pub fn new(map: &ArgMap, id: NodeId) -> Zoom {
        let root = map.resolve(id);
        let (for_side, against) = columns(map, root);
        let mut zoom = Zoom {
            entered: id,
            root,
            sides: [for_side, against],
            column: Column::For,
            rows: [0, 0],
            back: Vec::new(),
            forward: Vec::new(),
        };
        zoom.settle();
        zoom
    }

    pub fn root(&self) -> NodeId {
        self.root
    }

    /// Where the tree goes back to on leaving: the node stepped into from the tree when the
    /// view is still on it (the tree as it was), else the node on screen.
    pub fn leave_to(&self, map: &ArgMap) -> NodeId {
        if map.resolve(self.entered) == self.root {
            self.entered
        } else {
            self.root
        }
    }

    pub fn column(&self) -> Column {
        self.column
    }

    /// The selected row of a column.
    pub fn row(&self, column: Column) -> usize {
        self.rows[column as usize]
    }

    /// The root's children in a column, in the map's order.
    pub fn side(&self, column: Column) -> &[NodeId] {
        &self.sides[column as usize]
    }

    /// The selected child, if the root has any.
    pub fn selected(&self) -> Option<NodeId> {
        self.side(self.column).get(self.row(self.column)).copied()
    }

    /// Moves the selection within its column, clamped to its ends.
    pub fn move_by(&mut self, delta: isize) {
        let len = self.column_len(self.column);
        let row = &mut self.rows[self.column as usize];
        *row = row.saturating_add_signed(delta).min(len.saturating_sub(1));
    }

    /// Switches to the other column when it has anything in it.
    pub fn other_column(&mut self) {
        let other = match self.column {
            Column::For => Column::Against,
            Column::Against => Column::For,
        };
        if self.column_len(other) > 0 {
            self.column = other;
        }
    }

    /// Steps into the selected child; false when there is none.
    pub fn step_in(&mut self, map: &ArgMap) -> bool {
        let Some(child) = self.selected() else {
            return false;
        };
        self.back.push(self.root);
        self.forward.clear();
        self.go(map, map.resolve(child));
        true
    }

    /// Steps back to the previous root; false when this was the first.
    pub fn back(&mut self, map: &ArgMap) -> bool {
        let Some(previous) = self.back.pop() else {
            return false;
        };
        self.forward.push(self.root);
        let came_from = self.root;
        self.go(map, previous);
        self.select(map, came_from);
        true
    }

    /// Steps forward again after `back`; false when there is nothing ahead.
    pub fn forward(&mut self, map: &ArgMap) -> bool {
        let Some(next) = self.forward.pop() else {
            return false;
        };
        self.back.push(self.root);
        self.go(map, next);
        true
    }

    /// The roots behind this one, oldest first (for the breadcrumb of where one came from).
    pub fn history(&self) -> &[NodeId] {
        &self.back
    }

    fn go(&mut self, map: &ArgMap, root: NodeId) {
        self.root = root;
        let (for_side, against) = columns(map, root);
        self.sides = [for_side, against];
        self.rows = [0, 0];
        self.column = Column::For;
        self.settle();
    }

    /// Selects `child` if it is one of the root's children (coming back to where one was).
    fn select(&mut self, map: &ArgMap, child: NodeId) {
        let find = |list: &[NodeId]| list.iter().position(|&c| map.resolve(c) == child);
        if let Some(row) = find(self.side(Column::For)) {
            self.column = Column::For;
            self.rows[0] = row;
        } else if let Some(row) = find(self.side(Column::Against)) {
            self.column = Column::Against;
            self.rows[1] = row;
        }
    }

    /// Starts in the column that has something.
    fn settle(&mut self) {
        if self.column_len(Column::For) == 0 {
            self.column = Column::Against;
        }
    }

    fn column_len(&self, column: Column) -> usize {
        self.side(column).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_split_children_for_and_against() {
        let map = crate::load::builtin().map;
        let point = map.find("point-1").unwrap();
        let (for_side, against) = columns(&map, point);
        assert_eq!(for_side.len(), 3);
        assert_eq!(against.len(), 2);
        assert_eq!(against[0], map.find("russia-voted-sanctions").unwrap());
    }

    /// A question's children answer it, a rebuttal (the author's "yes") as much as an
    /// objection: all in the first column, none "against" it.
    #[test]
    fn a_questions_children_all_stand_in_the_first_column() {
        let map = crate::load::builtin().map;
        let question = map.find("sco-security").unwrap();
        let (answers, against) = columns(&map, question);
        assert_eq!(answers, [map.find("cooperation-helps").unwrap()]);
        assert!(against.is_empty());
        let zoom = Zoom::new(&map, question);
        assert_eq!(zoom.column(), Column::For);
        assert_eq!(zoom.selected(), map.find("cooperation-helps"));
    }

    #[test]
    fn stepping_in_back_and_forward_is_a_history() {
        let map = crate::load::builtin().map;
        let mut zoom = Zoom::new(&map, map.root);
        // The background comes first among the thesis's supports.
        zoom.move_by(1);
        assert_eq!(zoom.selected(), map.find("point-1"));
        assert!(zoom.step_in(&map));
        assert_eq!(zoom.root(), map.find("point-1").unwrap());
        zoom.other_column();
        assert_eq!(zoom.column(), Column::Against);
        assert!(zoom.step_in(&map));
        assert_eq!(zoom.root(), map.find("russia-voted-sanctions").unwrap());
        assert_eq!(
            zoom.column(),
            Column::Against,
            "a caveat's rebuttal stands against it"
        );
        assert!(zoom.back(&map));
        assert_eq!(
            zoom.selected(),
            map.find("russia-voted-sanctions"),
            "back selects where one came from"
        );
        assert!(zoom.back(&map));
        assert!(!zoom.back(&map), "nothing before the first root");
        assert!(zoom.forward(&map));
        assert_eq!(zoom.root(), map.find("point-1").unwrap());
    }

    #[test]
    fn moving_is_clamped_and_an_empty_column_is_skipped() {
        let map = crate::load::builtin().map;
        let mut zoom = Zoom::new(&map, map.find("point-4").unwrap());
        assert_eq!(zoom.column(), Column::Against, "point 4 has only caveats");
        zoom.other_column();
        assert_eq!(zoom.column(), Column::Against);
        zoom.move_by(10);
        assert_eq!(zoom.row(Column::Against), 2);
        zoom.move_by(-10);
        assert_eq!(zoom.row(Column::Against), 0);
        let leaf = map.find("weak-diplomacy").unwrap();
        let mut zoom = Zoom::new(&map, leaf);
        assert_eq!(zoom.selected(), None);
        assert!(!zoom.step_in(&map));
    }
}
