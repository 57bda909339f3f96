//! The visible rows of the tree, kept in chunks of a thousand or so: folding or unfolding a
//! node splices one or two chunks and the short list of chunks, instead of moving every row
//! after the fold (a million of them on a large, fully open map).

use std::ops::Range;

use crate::model::NodeId;

/// One visible line of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub id: NodeId,
    pub depth: usize,
    /// Shown only as the way to a node that passes a filter (drawn dimmed).
    pub context: bool,
}

/// How many rows a chunk is filled with when rows are appended. A splice inside a chunk
/// lets it grow to twice this; neighbours that fit in one are merged again.
const CHUNK: usize = 1024;

/// A list of rows that is cheap to splice in the middle: looking a row up costs a binary
/// search over the chunks, a splice costs the chunks it touches plus one pass over the
/// (short) list of chunks.
#[derive(Clone, Default)]
pub struct Rows {
    /// The rows in order, none of the chunks empty.
    chunks: Vec<Vec<Row>>,
    /// Per chunk: the index of its first row.
    starts: Vec<usize>,
    len: usize,
}

impl Rows {
    pub fn new() -> Rows {
        Rows::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn clear(&mut self) {
        self.chunks.clear();
        self.starts.clear();
        self.len = 0;
    }

    pub fn push(&mut self, row: Row) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => last.push(row),
            _ => {
                self.starts.push(self.len);
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(row);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    pub fn get(&self, index: usize) -> Option<&Row> {
        (index < self.len).then(|| {
            let (chunk, at) = self.locate(index);
            &self.chunks[chunk][at]
        })
    }

    /// The rows in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Row> + '_ {
        self.range(0..self.len)
    }

    /// The rows of `range` (clamped to the rows there are), in order.
    pub fn range(&self, range: Range<usize>) -> impl DoubleEndedIterator<Item = &Row> + '_ {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        let chunks = if start == end {
            0..0
        } else {
            self.locate(start).0..self.locate(end - 1).0 + 1
        };
        self.chunks[chunks.clone()]
            .iter()
            .zip(&self.starts[chunks])
            .flat_map(move |(chunk, &first)| {
                &chunk[start.saturating_sub(first)..(end - first).min(chunk.len())]
            })
    }

    pub fn to_vec(&self) -> Vec<Row> {
        self.iter().copied().collect()
    }

    /// The index of the first row for which `before` is false, when it is true for every row
    /// up to some point and false from there on (as `slice::partition_point`).
    pub fn partition_point(&self, before: impl Fn(&Row) -> bool) -> usize {
        let chunk = self
            .chunks
            .partition_point(|chunk| chunk.last().is_some_and(&before));
        match self.chunks.get(chunk) {
            Some(rows) => self.starts[chunk] + rows.partition_point(&before),
            None => self.len,
        }
    }

    /// Puts `rows` before the row at `index` (at the end when it is the length).
    pub fn insert(&mut self, index: usize, rows: Vec<Row>) {
        assert!(index <= self.len, "insert at {index} of {} rows", self.len);
        if rows.is_empty() {
            return;
        }
        let added = rows.len();
        let (chunk, at) = match self.chunks.last() {
            None => (0, 0),
            Some(last) if index == self.len => (self.chunks.len() - 1, last.len()),
            Some(_) => self.locate(index),
        };
        match self.chunks.get_mut(chunk) {
            // Room in the chunk: the rows go into it.
            Some(rows_there) if rows_there.len() + added <= 2 * CHUNK => {
                rows_there.splice(at..at, rows);
            }
            // Else the chunk is cut where they go and they come between, in chunks of their own.
            _ => {
                let tail = self.chunks.get_mut(chunk).map(|c| c.split_off(at));
                let pieces = rows.chunks(CHUNK).map(<[Row]>::to_vec).chain(tail);
                let after = (chunk + 1).min(self.chunks.len());
                self.chunks.splice(after..after, pieces);
            }
        }
        self.len += added;
        self.tidy();
    }

    /// Takes the rows of `range` (clamped to the rows there are) out.
    pub fn remove(&mut self, range: Range<usize>) {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        if start == end {
            return;
        }
        let (first, from) = self.locate(start);
        let (last, to) = self.locate(end - 1);
        if first == last {
            self.chunks[first].drain(from..=to);
        } else {
            self.chunks[first].truncate(from);
            self.chunks[last].drain(..=to);
            self.chunks.drain(first + 1..last);
        }
        self.len -= end - start;
        self.tidy();
    }

    /// The chunk holding the row at `index` (which must be there), and where in it.
    fn locate(&self, index: usize) -> (usize, usize) {
        let chunk = self.starts.partition_point(|&first| first <= index) - 1;
        (chunk, index - self.starts[chunk])
    }

    /// After a splice: drops empty chunks, merges neighbours that fit in one chunk (so chunks
    /// stay half full on average however often rows are spliced), and counts the starts again.
    fn tidy(&mut self) {
        let mut kept: Vec<Vec<Row>> = Vec::with_capacity(self.chunks.len());
        for chunk in self.chunks.drain(..) {
            match kept.last_mut() {
                _ if chunk.is_empty() => {}
                Some(last) if last.len() + chunk.len() <= CHUNK => last.extend(chunk),
                _ => kept.push(chunk),
            }
        }
        self.chunks = kept;
        self.starts.clear();
        let mut first = 0;
        for chunk in &self.chunks {
            self.starts.push(first);
            first += chunk.len();
        }
    }
}

impl std::ops::Index<usize> for Rows {
    type Output = Row;

    fn index(&self, index: usize) -> &Row {
        match self.get(index) {
            Some(row) => row,
            None => panic!("row {index} of {}", self.len),
        }
    }
}

impl Extend<Row> for Rows {
    fn extend<I: IntoIterator<Item = Row>>(&mut self, rows: I) {
        rows.into_iter().for_each(|row| self.push(row));
    }
}

impl FromIterator<Row> for Rows {
    fn from_iter<I: IntoIterator<Item = Row>>(rows: I) -> Rows {
        let mut all = Rows::new();
        all.extend(rows);
        all
    }
}

/// Equal when they hold the same rows, however they are cut into chunks.
impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for Rows {}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(n: usize) -> Row {
        Row {
            id: NodeId(n as u32),
            depth: n % 7,
            context: n.is_multiple_of(3),
        }
    }

    /// The chunks hold what a plain vector holds, and the bookkeeping adds up.
    fn check(rows: &Rows, plain: &[Row]) {
        assert_eq!(rows.to_vec(), plain);
        assert_eq!(rows.len(), plain.len());
        assert!(
            rows.chunks
                .iter()
                .all(|c| !c.is_empty() && c.len() <= 2 * CHUNK)
        );
        for (index, expected) in plain.iter().enumerate().step_by(97) {
            assert_eq!(rows.get(index), Some(expected));
        }
        assert_eq!(rows.get(plain.len()), None);
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Insert { at: usize, count: usize },
        Remove { at: usize, count: usize },
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (0..20_000usize, 0..5_000usize).prop_map(|(at, count)| Edit::Insert { at, count }),
            (0..20_000usize, 0..5_000usize).prop_map(|(at, count)| Edit::Remove { at, count }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any series of splices leaves the same rows as the same splices on a plain vector.
        #[test]
        fn splices_match_a_plain_vector(start in 0..6_000usize, edits in prop::collection::vec(edit(), 1..30)) {
            let mut plain: Vec<Row> = (0..start).map(row).collect();
            let mut rows: Rows = plain.iter().copied().collect();
            let mut next = start;
            for edit in edits {
                match edit {
                    Edit::Insert { at, count } => {
                        let at = at.min(plain.len());
                        let new: Vec<Row> = (next..next + count).map(row).collect();
                        next += count;
                        plain.splice(at..at, new.iter().copied());
                        rows.insert(at, new);
                    }
                    Edit::Remove { at, count } => {
                        let at = at.min(plain.len());
                        let end = (at + count).min(plain.len());
                        plain.drain(at..end);
                        rows.remove(at..at + count);
                    }
                }
                check(&rows, &plain);
            }
            let cut = plain.len() / 3;
            prop_assert!(rows.range(cut..plain.len()).eq(plain[cut..].iter()));
            prop_assert!(rows.range(cut..plain.len()).rev().eq(plain[cut..].iter().rev()));
        }
    }

    #[test]
    fn partition_point_finds_the_first_row_past_a_boundary() {
        let rows: Rows = (0..5_000).map(row).collect();
        for boundary in [0, 1, 1023, 1024, 1025, 4_999, 5_000, 7_000] {
            assert_eq!(
                rows.partition_point(|r| (r.id.0 as usize) < boundary),
                boundary.min(5_000)
            );
        }
        assert_eq!(Rows::new().partition_point(|_| true), 0);
    }

    #[test]
    fn ranges_are_clamped_to_the_rows() {
        let rows: Rows = (0..3_000).map(row).collect();
        assert_eq!(rows.range(2_990..9_999).count(), 10);
        assert_eq!(rows.range(5_000..6_000).count(), 0);
        assert_eq!(Rows::new().range(0..10).count(), 0);
    }
}
