//! Inferences and conflicts drawn between locutions. Dialogue corpora (US2016, QT30) sometimes
//! join what was said rather than what it says: a conflict (CA) from one speaker's locution (L)
//! to another's. Inference Anchoring Theory ties each locution to the statement it introduces
//! by an illocution (L → YA → I), so such a link is moved onto those statements, where the tree
//! can show it. A locution that introduces no statement stands for one itself, in its own
//! words, as the AIF notes advise, with a warning: the link is shown, not lost.

use super::{RawNode, Type};
use crate::formats::label_of;
use crate::model::{FastMap, FastSet, Place, Problem};

/// The words of a locution written as AIF writes them, "Speaker : words", without the speaker
/// (a name: short, on one line); `None` when it is not written so.
fn words_said(locution: &str) -> Option<&str> {
    let (speaker, words) = locution.split_once(" : ")?;
    let speaker = speaker.trim();
    let a_name = !speaker.is_empty() && speaker.chars().count() <= 40 && !speaker.contains('\n');
    let words = words.trim();
    (a_name && !words.is_empty()).then_some(words)
}

/// Rewrites each edge between a locution and an inference, conflict or rephrase into edges
/// between the statements the locution introduces and that node, in the edges' order; a
/// locution that introduces none becomes a statement. Returns how many locutions did.
pub(super) fn move_onto_statements(
    nodes: &mut [RawNode],
    edges: &mut Vec<(usize, usize)>,
    at: &dyn Fn(usize) -> Place,
    problems: &mut Vec<Problem>,
) -> usize {
    let joins_a_locution = |nodes: &[RawNode], (from, to): (usize, usize)| {
        let (from, to) = (nodes[from].ty, nodes[to].ty);
        from == Type::L && to.is_scheme() || from.is_scheme() && to == Type::L
    };
    // Most files have no such edge: they cost one pass over the edges and nothing more.
    if !edges.iter().any(|&edge| joins_a_locution(nodes, edge)) {
        return 0;
    }
    let is = |i: usize, ty: Type| nodes[i].ty == ty;
    let mut asserted: FastMap<usize, Vec<usize>> = FastMap::default();
    for &(from, to) in edges.iter() {
        if is(from, Type::Ya) && is(to, Type::I) {
            asserted.entry(from).or_default().push(to);
        }
    }
    let mut introduced: FastMap<usize, Vec<usize>> = FastMap::default();
    for &(from, to) in edges.iter() {
        if is(from, Type::L)
            && let Some(statements) = asserted.get(&to)
        {
            introduced.entry(from).or_default().extend(statements);
        }
    }
    let mut moved = Vec::with_capacity(edges.len());
    // Locutions that introduce no statement, in file order of their first link.
    let mut speaking: Vec<(usize, usize)> = Vec::new();
    let mut seen: FastSet<usize> = FastSet::default();
    for &(from, to) in edges.iter() {
        if !joins_a_locution(nodes, (from, to)) {
            moved.push((from, to));
            continue;
        }
        let (locution, scheme) = if is(from, Type::L) {
            (from, to)
        } else {
            (to, from)
        };
        match introduced.get(&locution) {
            Some(statements) if locution == from => {
                moved.extend(statements.iter().map(|&i| (i, to)));
            }
            Some(statements) => moved.extend(statements.iter().map(|&i| (from, i))),
            None => {
                if seen.insert(locution) {
                    speaking.push((locution, scheme));
                }
                moved.push((from, to));
            }
        }
    }
    *edges = moved;
    for &(locution, scheme) in &speaking {
        nodes[locution].ty = Type::I;
        let what = if nodes[scheme].ty == Type::Ra {
            "inference (RA)"
        } else if nodes[scheme].ty == Type::Ca {
            "conflict (CA)"
        } else {
            "rephrase (MA)"
        };
        problems.push(Problem::warning(
            at(nodes[locution].offset),
            format!(
                "the {what} {:?} joins the locution {:?} (\"{}\"), which introduces no statement (no illocution YA from it to an I-node), so the locution's own words stand for its statement; add a YA from it to the statement it asserts to show that instead",
                nodes[scheme].aif_id,
                nodes[locution].aif_id,
                label_of(&nodes[locution].text),
            ),
        ));
        // A locution is "Speaker : words": the statement it stands for is the words.
        let said = words_said(&nodes[locution].text).map(str::to_string);
        if let Some(words) = said {
            nodes[locution].text = std::borrow::Cow::Owned(words);
        }
    }
    speaking.len()
}
