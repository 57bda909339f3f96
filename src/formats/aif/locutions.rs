//! Inferences and conflicts drawn between locutions. Dialogue corpora (US2016, QT30) sometimes
//! join what was said rather than what it says: a conflict (CA) from one speaker's locution (L)
//! to another's. Inference Anchoring Theory ties each locution to the statement it introduces
//! by an illocution (L → YA → I), so such a link is moved onto those statements, where the tree
//! can show it. A locution that introduces no statement keeps its edge, and the plan says why
//! that link cannot be shown.

use super::{RawNode, Type};
use crate::model::FastMap;

/// Rewrites each edge between a locution and an inference, conflict or rephrase into edges
/// between the statements the locution introduces and that node, in the edges' order.
pub(super) fn move_onto_statements(nodes: &[RawNode], edges: &mut Vec<(usize, usize)>) {
    let is = |i: usize, ty: Type| nodes[i].ty == ty;
    let joins_a_locution = |&(from, to): &(usize, usize)| {
        is(from, Type::L) && nodes[to].ty.is_scheme()
            || nodes[from].ty.is_scheme() && is(to, Type::L)
    };
    // Most files have no such edge: they cost one pass over the edges and nothing more.
    if !edges.iter().any(joins_a_locution) {
        return;
    }
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
    for &(from, to) in edges.iter() {
        let through = |end: usize| {
            (joins_a_locution(&(from, to)) && is(end, Type::L))
                .then(|| introduced.get(&end))
                .flatten()
        };
        match (through(from), through(to)) {
            (Some(statements), _) => moved.extend(statements.iter().map(|&i| (i, to))),
            (_, Some(statements)) => moved.extend(statements.iter().map(|&i| (from, i))),
            _ => moved.push((from, to)),
        }
    }
    *edges = moved;
}
