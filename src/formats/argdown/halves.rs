//! Reading a large Argdown file on two threads, into exactly the graph one reading makes.
//!
//! The reader is sequential by nature: titles are looked up as they come, untitled statements
//! are numbered in order, problems are capped. So the file is cut where the state one reading
//! would carry across the cut is small and can be guessed from the text alone:
//!
//! - at the start of a paragraph (nothing is carried but the argument a PCS reconstructs, and
//!   no PCS starts there), or
//! - at a relation line of a paragraph: what it can hang under is the paragraph's head and
//!   the relation lines above it, of which only their levels and whether each is an argument
//!   matter to what follows (the *stack*), guessed from the indentation.
//!
//! The second reader starts at the cut with stand-ins for the stack. The first reader stops at
//! the cut only when its own stack is the one guessed; else it reads on to the end and the
//! second reader's work is dropped. Then the second graph is joined into the first: a stand-in
//! becomes the node it stood for, a node whose title the first graph has is merged into it as
//! its later definitions, and the rest is appended in order, untitled statements numbered on
//! from the first's. What cannot be joined exactly (a second premise-conclusion structure for
//! one argument; a title like "Untitled 3", which the numbering could meet) makes the caller
//! read the file whole.

use super::{
    Fit, GNode, Graph, Line, Member, More, NO_NODE, Parser, argdown_level, hangs_under,
    is_inference, pcs_start, relation_level, relation_symbol,
};

/// Below this size a file is read on one thread: a second one would not pay for itself.
const WORTH_IT_FROM: usize = 2 << 20;

/// Whether a text of this size is read in two halves, on a machine with two cores or more.
pub(super) fn worth_it(text: &str) -> bool {
    text.len() >= WORTH_IT_FROM && crate::parallel::has_two_cores()
}

/// Where the second reader starts.
#[derive(Debug, Clone)]
pub(super) struct Split {
    /// The index in the lines of its first line.
    line: usize,
    /// For a relation line, the stack it hangs in as guessed: the level of each entry and
    /// whether it is an argument, the paragraph's head first. Empty at a paragraph's start.
    stack: Vec<(usize, bool)>,
}

/// The first reader stopped at the split: the nodes the second reader's stand-ins stood for.
#[derive(Debug)]
pub(super) struct Handover {
    stack: Vec<usize>,
}

/// The first place at or after line `target` the file can be cut, if any.
pub(super) fn split_near(lines: &[Line], target: usize) -> Option<Split> {
    (target.max(1)..lines.len()).find_map(|i| split_at(lines, i))
}

/// The file cut at line `i`, when a paragraph or a relation line starts there.
fn split_at(lines: &[Line], i: usize) -> Option<Split> {
    let rest = lines[i].rest();
    if lines[i].blank() {
        return None;
    }
    if lines[i - 1].blank() {
        // A PCS reconstructs the argument of the paragraph before it: not a place to cut.
        let reconstructs = pcs_start(rest).is_some() || is_inference(rest);
        return (!reconstructs).then(|| Split {
            line: i,
            stack: Vec::new(),
        });
    }
    relation_symbol(rest)?;
    Some(Split {
        line: i,
        stack: stack_at(lines, i),
    })
}

/// The stack relation line `i` hangs in, as [`Parser::tree`] and [`Parser::relation_line`]
/// leave it, but for continuation lines, which cannot be told apart without reading the
/// elements (the first reader checks).
///
/// Read forward, each relation line drops the entries at least as deep as it and goes on top,
/// so an entry stays when no relation line after it is as shallow. Walking back from line `i`
/// to the paragraph's head finds those, scanning each line's indentation once and reading the
/// relation symbol only of lines shallower than all found so far: the cut is found at once
/// even in a paragraph of a million lines.
fn stack_at(lines: &[Line], i: usize) -> Vec<(usize, bool)> {
    let mut shallower_than = relation_level(lines[i].indent(), 0);
    // What stays, nearest first, each with its line.
    let mut above: Vec<(usize, usize, bool)> = Vec::new();
    let mut head = 0;
    for k in (0..i).rev() {
        let Some(indent) = lines[k].indent_unless_blank() else {
            head = k + 1;
            break;
        };
        let level = relation_level(indent, 0);
        // (Every level is 1 or more: nothing stays above one at 1.)
        if level < shallower_than
            && let Some((_, len)) = relation_symbol(lines[k].rest())
        {
            above.push((k, level, names_an_argument(&lines[k].rest()[len..])));
            shallower_than = level;
        }
    }
    // The head is read as a head, relation symbol or not.
    if above.last().is_some_and(|&(k, _, _)| k == head) {
        above.pop();
    }
    let head = lines[head].rest();
    let head = relation_symbol(head).map_or(head, |(_, len)| &head[len..]);
    let mut stack = vec![(0, names_an_argument(head))];
    stack.extend(
        above
            .into_iter()
            .rev()
            .map(|(_, level, is_arg)| (level, is_arg)),
    );
    stack
}

/// Whether an element's text starts like an argument's (`<Title>`).
fn names_an_argument(element: &str) -> bool {
    let element = element.trim_start();
    element.starts_with('<') && element[1..].starts_with(|c: char| !c.is_whitespace())
}

/// Reads `lines` with `first` (which has read the comments) up to the split and a second
/// reader from there, at once, and joins what they read; None when that cannot be done
/// exactly as one reading.
pub(super) fn read(mut first: Parser, lines: &[Line], split: Split) -> Option<Parser> {
    let file = first.problems.file.clone();
    first.split = Some(split.clone());
    // Room for the second reader's nodes too (about a node a line): joining them then moves
    // each once, with no copy of the first's when the list grows. Memory not yet written to
    // is only reserved, not resident.
    first.graph.nodes.reserve(lines.len());
    let (mut first, second) = crate::parallel::both(
        || {
            first.run(lines);
            first
        },
        || read_second(&file, lines, &split),
    );
    let Some(handover) = first.handed_over.take() else {
        // The first reader went past the split and read it all.
        return Some(first);
    };
    first.split = None;
    #[cfg(test)]
    tests::HANDED_OVER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    first.graph.absorb(second.graph, &handover.stack)?;
    first.problems.absorb(second.problems);
    first.unread.absorb(second.unread);
    first.first_heading = first.first_heading.or(second.first_heading);
    Some(first)
}

/// What the second reader reads, from the split to the end.
fn read_second(file: &str, lines: &[Line], split: &Split) -> Parser {
    let mut second = Parser::new(file);
    if split.stack.is_empty() {
        second.run_from(lines, split.line, None);
    } else {
        let stack = (split.stack.iter())
            .map(|&(level, is_arg)| (level, Member::Node(second.graph.stand_in(is_arg))))
            .collect();
        let (next, argument) = second.relations(lines, split.line, stack);
        second.run_from(lines, next, argument);
    }
    second
}

impl Parser {
    /// At the top of the paragraph loop: stops when the second reader starts with this
    /// paragraph.
    pub(super) fn hands_over_paragraph(&mut self, i: usize) -> bool {
        let here = self
            .split
            .as_ref()
            .is_some_and(|split| split.line == i && split.stack.is_empty());
        if here {
            self.handed_over = Some(Handover { stack: Vec::new() });
        }
        here
    }

    /// Before relation line `i` of a paragraph, indented by `indent`, with `stack` as it
    /// stands: stops when the second reader starts at this line, with this stack guessed.
    pub(super) fn hands_over_relation(
        &mut self,
        i: usize,
        indent: usize,
        stack: &[(usize, Member)],
    ) -> bool {
        let Some(split) = self.split.as_ref().filter(|s| s.line == i) else {
            return false;
        };
        let (level, fit) = argdown_level(stack, relation_level(indent, stack[0].0));
        // A line that goes back to a depth no line above has is said so from the stack, which
        // the second reader has only as it is after the line: this reader reads on.
        if fit != Fit::Fits {
            return false;
        }
        let kept = &stack[..hangs_under(stack, level)];
        let nodes: Vec<usize> = kept
            .iter()
            .zip(&split.stack)
            .filter_map(
                |(&(level, member), &(guessed_level, is_arg))| match member {
                    Member::Node(node)
                        if level == guessed_level && self.graph.nodes[node].is_arg == is_arg =>
                    {
                        Some(node)
                    }
                    _ => None,
                },
            )
            .collect();
        let here = nodes.len() == kept.len() && kept.len() == split.stack.len();
        if here {
            self.handed_over = Some(Handover { stack: nodes });
        }
        here
    }
}

impl Graph {
    /// A node standing for one the first reader holds (see [`read`]); it has no title, so
    /// nothing read finds it.
    fn stand_in(&mut self, is_arg: bool) -> usize {
        self.same_hash.push(NO_NODE);
        self.nodes.push(GNode {
            is_arg,
            titled: true,
            ..GNode::default()
        });
        self.nodes.len() - 1
    }

    /// Joins what the second reader read (`later`, whose first nodes are stand-ins for
    /// `stood_for`) as if one reader had read on; None when that cannot be done exactly.
    /// The reading is over: the title index is dropped, as [`super::build`] would.
    fn absorb(&mut self, later: Graph, stood_for: &[usize]) -> Option<()> {
        if self.names_untitled || later.names_untitled {
            // The second half's untitled statements could not be renumbered without meeting
            // a title the file gives.
            return None;
        }
        // Where each later node goes: to the node its stand-in stood for, or to the one of its
        // title, looked up a half per core (this graph is only read); else it is added, in
        // order. (Node indexes fit in u32: `Graph::add` refuses more than it can count.)
        const ADDED: u32 = u32::MAX;
        let mut to = vec![ADDED; later.nodes.len()];
        let find_from = |first: usize, nodes: &[GNode], to: &mut [u32]| {
            for (i, (node, to)) in nodes.iter().zip(to).enumerate() {
                let found = stood_for.get(first + i).copied().or_else(|| {
                    node.titled
                        .then(|| self.find(node.is_arg, &node.title))
                        .flatten()
                });
                if let Some(at) = found {
                    *to = at as u32;
                }
            }
        };
        let half = later.nodes.len() / 2;
        let (first_nodes, second_nodes) = later.nodes.split_at(half);
        let (first_to, second_to) = to.split_at_mut(half);
        crate::parallel::both(
            || find_from(0, first_nodes, first_to),
            || find_from(half, second_nodes, second_to),
        );
        let before = self.nodes.len();
        let mut added = 0;
        for to in to.iter_mut().filter(|to| **to == ADDED) {
            *to = (before + added) as u32;
            added += 1;
        }
        self.titles = Default::default();
        self.same_hash = Vec::new();
        self.nodes.reserve(added);
        for (mut node, &at) in later.nodes.into_iter().zip(&to) {
            if let Some(pcs) = node.more.as_mut().and_then(|more| more.pcs.as_mut()) {
                for premise in &mut pcs.premises {
                    *premise = to[*premise] as usize;
                }
                for (premise, intermediary) in &mut pcs.steps {
                    (*premise, *intermediary) = (to[*premise] as usize, to[*intermediary] as usize);
                }
                pcs.conclusion = pcs.conclusion.map(|c| to[c] as usize);
            }
            let at = at as usize;
            if at < before {
                self.nodes[at].absorb(node)?;
            } else {
                if !node.titled {
                    self.untitled += 1;
                    node.title = format!("Untitled {}", self.untitled);
                }
                self.nodes.push(node);
            }
        }
        self.edges
            .extend(later.edges.into_iter().map(|edge| super::Edge {
                from: to[edge.from as usize],
                to: to[edge.to as usize],
                ..edge
            }));
        Some(())
    }
}

impl GNode {
    /// Takes in the definitions of the same statement or argument read later; None when both
    /// have a premise-conclusion structure (one reading would have made the later one an
    /// untitled argument).
    fn absorb(&mut self, later: GNode) -> Option<()> {
        let GNode {
            thesis,
            kind,
            text,
            more,
            ..
        } = later;
        self.thesis |= thesis;
        if kind.is_some() {
            self.kind = kind;
        }
        let More {
            texts,
            canonical,
            quote,
            data,
            pcs,
        } = more.map_or_else(More::default, |more| *more);
        let texts = std::iter::once(text).filter(|t| !t.is_empty()).chain(texts);
        for (i, text) in texts.enumerate() {
            self.push_text(text, canonical == Some(i));
        }
        if !data.is_empty() {
            let kept = &mut self.more().data;
            kept.extend(data);
            kept.shrink_to_fit();
        }
        if !quote.is_empty() {
            self.more().quote = quote;
        }
        if let Some(pcs) = pcs {
            if self.pcs().is_some() {
                return None;
            }
            self.more().pcs = Some(pcs);
        }
        Some(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::super::{Imported, finish, read_lines};
    use super::*;

    /// How many times a first reader has handed over to a second (to show the tests below
    /// do cut files, and do not only read them whole).
    pub(in super::super) static HANDED_OVER: AtomicUsize = AtomicUsize::new(0);

    const FILE: &str = "cut.argdown";

    fn read_whole(text: &str) -> Imported {
        finish(read_lines(text, FILE, |_, _| None).expect("a whole reading always ends"))
    }

    /// As [`super::super::read`] reads a large file, cut at the first place from line `near`.
    fn read_cut(text: &str, near: usize) -> Imported {
        let cut = read_lines(text, FILE, |lines, _| split_near(lines, near));
        finish(cut.unwrap_or_else(|| read_lines(text, FILE, |_, _| None).expect("whole")))
    }

    fn assert_cut_everywhere_reads_whole(text: &str) {
        let whole = read_whole(text);
        for near in 1..text.lines().count() + 2 {
            let cut = read_cut(text, near);
            assert_eq!(cut.map, whole.map, "cut from line {near} of:\n{text}");
            assert_eq!(
                cut.problems, whole.problems,
                "cut from line {near} of:\n{text}"
            );
        }
    }

    /// A random piece of Argdown made of what the reader carries across lines: shared and
    /// untitled statements, arguments, relation lines at odd depths, continuation and quote
    /// lines, data, tags (of kinds and others), PCSs after arguments, lists, headings,
    /// comments, front matter.
    fn document(rng: &mut fastrand::Rng) -> String {
        let mut out = String::new();
        if rng.u8(..6) == 0 {
            out.push_str("===\ntitle: Cut\n\nmodel:\n  mode: strict\n===\n\n");
        }
        for _ in 0..rng.usize(1..9) {
            match rng.u8(..12) {
                0 => out.push_str("# A heading\n"),
                1 => {
                    out.push_str("(1) ");
                    out.push_str(&element(rng));
                    out.push_str("\n  + ");
                    out.push_str(&element(rng));
                    out.push_str("\n(2) ");
                    out.push_str(&element(rng));
                    out.push_str(if rng.bool() { "\n----\n(3) " } else { "\n(3) " });
                    out.push_str(&element(rng));
                    out.push('\n');
                }
                2 => {
                    for _ in 0..rng.usize(1..4) {
                        out.push_str("* ");
                        out.push_str(&element(rng));
                        out.push('\n');
                        // Now and then relations under the item.
                        for _ in 0..rng.usize(0..3) / 2 * rng.usize(1..3) {
                            out.push_str(["  + ", "  - ", "    + ", " - "][rng.usize(..4)]);
                            out.push_str(&element(rng));
                            out.push('\n');
                        }
                    }
                }
                3 => out.push_str("/* a comment\n\nover a blank line */ [A]: from a comment\n"),
                _ => {
                    out.push_str(&element(rng));
                    out.push('\n');
                    for _ in 0..rng.usize(0..10) {
                        let indent = [2, 2, 4, 4, 6, 8, 0, 3][rng.usize(..8)];
                        let symbol = ["+", "-", "_", "+>", "->", "<+", "<-", "><", "_>"];
                        // Now and then a tab, which Argdown counts as one space.
                        if rng.u8(..8) == 0 {
                            out.push('\t');
                        }
                        out.push_str(&" ".repeat(indent));
                        out.push_str(symbol[rng.usize(..symbol.len())]);
                        out.push(' ');
                        out.push_str(&element(rng));
                        out.push('\n');
                    }
                }
            }
            out.push_str(["\n", "\n", "\n\n", "// a line comment\n\n"][rng.usize(..4)]);
        }
        out
    }

    fn element(rng: &mut fastrand::Rng) -> String {
        let title = ["A", "B", "C", "D", "An argument", "Untitled 2"]
            [rng.usize(..5) + usize::from(rng.u8(..30) == 0)];
        let mut element = match rng.u8(..7) {
            0 => format!("words {}", rng.u8(..9)),
            1 => format!("<{title}>"),
            2 => format!("<{title}>: described {}", rng.u8(..9)),
            3 => format!("[{title}]"),
            _ => format!("[{title}]: said {}", rng.u8(..9)),
        };
        let extra = [
            "",
            "",
            " #caveat",
            " #thesis",
            " #rebuttal",
            " #topic",
            " #other #topic",
            " {isCanonical: true}",
            " {quote: \"quoted\", label: \"Short\"}",
            " {quote: \"over\n   two lines\"}",
            "\n   and more words",
            "\n   > a quote line",
            " {never closed",
        ];
        element.push_str(extra[rng.usize(..extra.len())]);
        element
    }

    /// The stack of [`stack_at`], read forward as the reader reads it; None when a line goes
    /// back to a depth no line above it has, where the guess may be wrong (the first reader
    /// then reads on: see [`Parser::hands_over_relation`]).
    fn stack_read_forward(paragraph: &[Line]) -> Option<Vec<(usize, bool)>> {
        let head = paragraph[0].rest();
        let head = relation_symbol(head).map_or(head, |(_, len)| &head[len..]);
        let mut stack = vec![(0, names_an_argument(head))];
        let (last, between) = paragraph[1..].split_last().unwrap();
        let place = |stack: &mut Vec<(usize, bool)>, line: &Line| {
            let (level, fit) = argdown_level(stack, relation_level(line.indent(), 0));
            stack.truncate(hangs_under(stack, level));
            (fit == Fit::Fits).then_some(level)
        };
        for line in between {
            if let Some((_, len)) = relation_symbol(line.rest()) {
                let level = place(&mut stack, line)?;
                stack.push((level, names_an_argument(&line.rest()[len..])));
            }
        }
        place(&mut stack, last)?;
        Some(stack)
    }

    #[test]
    fn the_stack_found_walking_back_is_the_one_read_forward() {
        let mut rng = fastrand::Rng::with_seed(11);
        let mut compared = 0;
        // Heads that are relation lines themselves, at every depth, and shallow lines.
        let fixed = [
            "+ [A]: a\n  - [B]: b\n    + <C>: c\n  - [D]: d",
            "  - <A>: a\n- [B]: b\n    + [C]: c\n + [D]: d",
            "[A]: a\n    + [B]: b\n  - [C]: c\n - [D]: d\n      + [E]: e",
        ];
        let random = std::iter::repeat_with(|| document(&mut rng)).take(300);
        for text in fixed.into_iter().map(String::from).chain(random) {
            let lines: Vec<Line> = (text.split('\n').enumerate())
                .map(|(i, text)| Line { no: i + 1, text })
                .collect();
            for i in 1..lines.len() {
                if lines[i].blank() || relation_symbol(lines[i].rest()).is_none() {
                    continue;
                }
                let start = lines[..i]
                    .iter()
                    .rposition(Line::blank)
                    .map_or(0, |b| b + 1);
                if start == i {
                    continue;
                }
                let Some(forward) = stack_read_forward(&lines[start..=i]) else {
                    continue;
                };
                assert_eq!(stack_at(&lines, i), forward, "line {} of:\n{text}", i + 1);
                compared += 1;
            }
        }
        assert!(compared > 1000, "only {compared} relation lines compared");
    }

    #[test]
    fn a_file_cut_anywhere_reads_as_it_reads_whole() {
        let before = HANDED_OVER.load(Ordering::Relaxed);
        for seed in 0..300 {
            let text = document(&mut fastrand::Rng::with_seed(seed));
            assert_cut_everywhere_reads_whole(&text);
        }
        // Most cuts are taken (the rest are read whole, as they must be).
        let taken = HANDED_OVER.load(Ordering::Relaxed) - before;
        assert!(taken > 3_000, "only {taken} cuts were taken");
    }

    #[test]
    fn a_cut_under_a_deep_relation_hands_over_the_stack_it_guessed() {
        let text =
            "[T]: thesis\n  + [A]: a\n    - <B>: b\n      + [C]: c\n    - [D]: d\n  + [E]: e\n";
        let cut = read_lines(text, FILE, |lines, _| {
            let split = split_near(lines, 4)?;
            // [D] is <B>'s sibling: it hangs under [A], below the head.
            assert_eq!(split.line, 4);
            assert_eq!(split.stack, vec![(0, false), (2, false)]);
            Some(split)
        });
        let cut = finish(cut.expect("joined"));
        assert_eq!(cut.map, read_whole(text).map);
    }

    #[test]
    fn the_same_argument_reconstructed_in_both_halves_is_read_whole() {
        let text = "<Arg>: first\n\n(1) [P]: p\n----\n(2) [Q]: q\n\n[X]: x\n\n<Arg>\n\n(1) [R]: r\n----\n(2) [S]: s\n";
        let lines = text.lines().count();
        let cut = read_lines(text, FILE, |all, _| split_near(all, lines - 6));
        // The second PCS of <Arg> is an untitled argument's: the halves cannot say so.
        assert!(cut.is_none());
        assert_cut_everywhere_reads_whole(text);
    }

    #[test]
    fn a_file_naming_something_untitled_is_read_whole() {
        // The anonymous statement is "Untitled 1" when read whole; [Untitled 1] is the same.
        for text in [
            "[A]: a\n\nno title here\n\n[Untitled 1]: named so\n",
            "[Untitled 1]: named so\n\n[A]: a\n\nno title here\n",
        ] {
            let cut = read_lines(text, FILE, |lines, _| split_near(lines, 2));
            assert!(cut.is_none(), "{text}");
            assert_cut_everywhere_reads_whole(text);
        }
    }

    #[test]
    fn problems_past_the_cap_are_counted_across_the_cut() {
        // Each line is a relation that names nothing: a problem apiece, over the cap.
        let mut text = String::from("[T]: t\n");
        for _ in 0..(super::super::MAX_PROBLEMS + 40) {
            text.push_str("  + {}\n");
        }
        let whole = read_whole(&text);
        let cut = read_cut(&text, 300);
        assert_eq!(cut.problems, whole.problems);
        assert!(
            whole
                .problems
                .last()
                .is_some_and(|p| p.message.contains("more problems"))
        );
    }
}
