//! The argument map: an arena of nodes with ids, children lists and references.
//!
//! Every walk over the tree is iterative, because a file may nest far deeper than the stack.

pub mod fast_hash;
mod kind;
pub mod problem;
pub mod validate;

pub use fast_hash::{FastMap, FastSet};
pub use kind::{Kind, Stance};
pub use problem::{Place, Problem, Severity};
pub use validate::{FieldPlaces, errors, validate};

use std::num::NonZeroU32;

use crate::source::Span;

/// Index of a node in [`ArgMap::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a statement's quote stands in the source document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Anchor {
    /// Not checked: the map names no source document, or it could not be read.
    #[default]
    Unverified,
    /// Found at this span of the document.
    Found(Span),
    /// The document was read and does not contain the quote.
    NotFound,
}

/// A statement: what a node says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statement {
    /// Unique within the map, `[a-z0-9-]+`.
    pub id: String,
    /// A short headline.
    pub label: String,
    /// A neutral paraphrase.
    pub text: String,
    /// The source's own words (may be empty).
    pub quote: String,
    pub anchor: Anchor,
    /// Where the statement or its quote comes from, when the map says (a web page, a
    /// discussion elsewhere).
    pub url: String,
    /// The same statement in other words (AIF's rephrasings, Argdown's equivalent statements).
    pub also: Vec<String>,
}

/// What a node holds: its own statement, or a reference to one defined elsewhere in the map.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Statement(Statement),
    /// The same statement used a second time; the target is never itself a reference.
    Ref(NodeId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// How this node bears on its parent (a reference has its own kind).
    pub kind: Kind,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    pub body: Body,
    /// An objection that attacks the inference from its parent's reasons, not the parent's
    /// claim itself (Argdown's `_`, AIF's undercutters).
    pub undercut: bool,
    /// The pattern of reasoning by which it bears on its parent, when the map names one (AIF's
    /// schemes, "Expert Opinion"; Argdown's inference rules, "Modus Ponens"): its name is
    /// [`ArgMap::scheme`].
    pub scheme: Option<SchemeId>,
}

/// A scheme's place in [`ArgMap::schemes`]. Four bytes that fit where a node's other fields
/// leave room, so a million nodes pay nothing for a field most maps do not use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SchemeId(NonZeroU32);

impl SchemeId {
    /// Where its name is in [`ArgMap::schemes`].
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

impl Node {
    /// What follows the kind of an undercut wherever the kind is written (`− objection
    /// undercut`: the tree, `print`, the handout), so every view words it alike; else nothing.
    pub fn undercut_mark(&self) -> &'static str {
        if self.undercut { " undercut" } else { "" }
    }
}

/// Bibliographic facts about the document the quotes come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceInfo {
    /// Path of the document, relative to the map file.
    pub file: String,
    pub title: String,
    pub publisher: String,
    pub url: String,
    /// Text in the document where the argument ends (e.g. a "More by" list); coverage stops there.
    pub argument_ends_before: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub source: SourceInfo,
}

impl Meta {
    /// Cleans the text a reader is shown (title, author, the source's title, publisher and url)
    /// as [`crate::text::sanitize`] does, so no format's header can drive the terminal. The
    /// source's file name and end marker are left as written: they are looked up, not shown.
    pub fn sanitize(&mut self) {
        use crate::text::sanitize;
        for field in [
            &mut self.title,
            &mut self.author,
            &mut self.source.title,
            &mut self.source.publisher,
            &mut self.source.url,
        ] {
            *field = sanitize(field, false);
        }
    }
}

/// An argument map. Nodes live in one vector; `root` is the thesis.
#[derive(Debug, Clone)]
pub struct ArgMap {
    pub meta: Meta,
    pub nodes: Vec<Node>,
    pub root: NodeId,
    /// The names of the schemes nodes bear on their parents by (see [`Node::scheme`]), each
    /// kept once for all the nodes that name it.
    pub schemes: Vec<Box<str>>,
}

/// Two maps are equal when they say the same: a scheme is compared by its name, wherever in
/// [`ArgMap::schemes`] each map keeps it (readers keep them in different orders).
impl PartialEq for ArgMap {
    fn eq(&self, other: &ArgMap) -> bool {
        self.meta == other.meta
            && self.root == other.root
            && self.nodes.len() == other.nodes.len()
            && (self.nodes.iter().zip(&other.nodes).enumerate()).all(|(i, (mine, theirs))| {
                // Every field named, so that a new one cannot be left out of the comparison.
                let Node {
                    kind,
                    parent,
                    children,
                    body,
                    undercut,
                    scheme: _,
                } = mine;
                let id = NodeId(i as u32);
                *kind == theirs.kind
                    && *parent == theirs.parent
                    && *children == theirs.children
                    && *body == theirs.body
                    && *undercut == theirs.undercut
                    && self.scheme(id) == other.scheme(id)
            })
    }
}

impl ArgMap {
    /// A map holding only its thesis.
    /// The map's title and source are cleaned of anything that could drive a terminal.
    pub fn new(mut meta: Meta, thesis: Statement) -> ArgMap {
        meta.sanitize();
        ArgMap {
            meta,
            nodes: vec![Node {
                kind: Kind::Thesis,
                parent: None,
                children: Vec::new(),
                body: Body::Statement(thesis),
                undercut: false,
                scheme: None,
            }],
            root: NodeId(0),
            schemes: Vec::new(),
        }
    }

    /// Appends a node as the last child of `parent` and returns its id.
    pub fn push(&mut self, parent: NodeId, kind: Kind, body: Body) -> NodeId {
        let id = NodeId(u32::try_from(self.nodes.len()).expect("more than 4 billion nodes"));
        self.nodes.push(Node {
            kind,
            parent: Some(parent),
            children: Vec::new(),
            body,
            undercut: false,
            scheme: None,
        });
        self.nodes[parent.index()].children.push(id);
        id
    }

    /// Keeps the name of a scheme as a file writes it, cleaned of anything that could drive a
    /// terminal, for nodes to name; none when it is blank.
    pub fn add_scheme(&mut self, written: &str) -> Option<SchemeId> {
        let name = crate::text::sanitize(written.trim(), false);
        if name.is_empty() {
            return None;
        }
        self.schemes.push(name.into_boxed_str());
        let number = u32::try_from(self.schemes.len()).expect("more than 4 billion schemes");
        NonZeroU32::new(number).map(SchemeId)
    }

    /// Names the scheme by which `id` bears on its parent (none when `written` is blank).
    pub fn set_scheme(&mut self, id: NodeId, written: &str) {
        self.nodes[id.index()].scheme = self.add_scheme(written);
    }

    /// The name of the scheme by which `id` bears on its parent, when the map names one.
    pub fn scheme(&self, id: NodeId) -> Option<&str> {
        let scheme = self.nodes[id.index()].scheme?;
        self.schemes.get(scheme.index()).map(|name| &**name)
    }

    /// How `print`, the handout and a slide write the scheme after the kind or relation
    /// (`+ claim (scheme: Expert Opinion)`); else nothing.
    pub fn scheme_mark(&self, id: NodeId) -> String {
        self.scheme(id)
            .map_or_else(String::new, |name| format!(" (scheme: {name})"))
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.node(id).children
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent
    }

    /// Where `id` stands among its parent's children (from 0), and how many they are; `None`
    /// for the root. Every reader adds a node's children in the order of their ids, so a binary
    /// search finds it at once, even among a million; children in another order are searched
    /// one by one.
    pub fn place_among_siblings(&self, id: NodeId) -> Option<(usize, usize)> {
        let siblings = self.children(self.parent(id)?);
        let at = (siblings.binary_search(&id).ok())
            .or_else(|| siblings.iter().position(|&sibling| sibling == id))?;
        Some((at, siblings.len()))
    }

    /// The node whose statement `id` shows: itself, or the target of a reference.
    pub fn resolve(&self, id: NodeId) -> NodeId {
        match self.node(id).body {
            Body::Ref(target) => target,
            Body::Statement(_) => id,
        }
    }

    /// The statement a node shows, following a reference.
    pub fn statement(&self, id: NodeId) -> &Statement {
        match &self.node(self.resolve(id)).body {
            Body::Statement(statement) => statement,
            // Loading guarantees a reference never points at another reference.
            Body::Ref(_) => unreachable!("a reference points at a reference"),
        }
    }

    pub fn is_ref(&self, id: NodeId) -> bool {
        matches!(self.node(id).body, Body::Ref(_))
    }

    /// From the root down to `id`, both included.
    pub fn path_to(&self, id: NodeId) -> Vec<NodeId> {
        let mut path = vec![id];
        let mut at = id;
        while let Some(parent) = self.parent(at) {
            path.push(parent);
            at = parent;
        }
        path.reverse();
        path
    }

    /// How many levels below the root `id` stands (the root is 0).
    pub fn depth(&self, id: NodeId) -> usize {
        let mut depth = 0;
        let mut at = id;
        while let Some(parent) = self.parent(at) {
            depth += 1;
            at = parent;
        }
        depth
    }

    /// Every node in reading order: depth first, children in order.
    pub fn preorder(&self) -> Preorder<'_> {
        Preorder {
            map: self,
            stack: vec![self.root],
        }
    }

    /// Every node in reading order with its depth (the root is 0).
    pub fn preorder_with_depth(&self) -> PreorderWithDepth<'_> {
        PreorderWithDepth {
            map: self,
            stack: vec![(self.root, 0)],
        }
    }

    /// The number of nodes below `id`.
    pub fn descendant_count(&self, id: NodeId) -> usize {
        let mut count = 0;
        let mut stack: Vec<NodeId> = self.children(id).to_vec();
        while let Some(next) = stack.pop() {
            count += 1;
            stack.extend_from_slice(self.children(next));
        }
        count
    }

    /// Looks a statement up by its id.
    pub fn find(&self, statement_id: &str) -> Option<NodeId> {
        (0..self.nodes.len())
            .map(|i| NodeId(i as u32))
            .find(|&id| matches!(&self.node(id).body, Body::Statement(s) if s.id == statement_id))
    }

    /// A node's children counted by kind, for it and against it.
    pub fn tally_children(&self, id: NodeId) -> ChildTally {
        let mut tally = ChildTally::default();
        for &child in self.children(id) {
            let kind = self.node(child).kind;
            let side = match kind.stance() {
                Stance::For => &mut tally.for_side,
                Stance::Against => &mut tally.against,
                Stance::Root => &mut tally.apart,
            };
            match side.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => side.push((kind, 1)),
            }
        }
        tally
    }

    /// How many nodes of each kind the map has, in [`Kind::ALL`] order.
    pub fn kind_counts(&self) -> [usize; Kind::ALL.len()] {
        let mut counts = [0; Kind::ALL.len()];
        for node in &self.nodes {
            let slot = Kind::ALL.iter().position(|&k| k == node.kind).unwrap_or(0);
            counts[slot] += 1;
        }
        counts
    }
}

/// A node's children counted by kind ([`ArgMap::tally_children`]): each side's kinds in the
/// order they first come among the children, with how many there are of each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChildTally {
    pub for_side: Vec<(Kind, usize)>,
    pub against: Vec<(Kind, usize)>,
    /// What bears on it neither way: the theses under a question or a group, and a group.
    pub apart: Vec<(Kind, usize)>,
}

/// Depth-first walk in reading order, with an explicit stack.
pub struct Preorder<'a> {
    map: &'a ArgMap,
    stack: Vec<NodeId>,
}

impl Iterator for Preorder<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let id = self.stack.pop()?;
        self.stack
            .extend(self.map.children(id).iter().rev().copied());
        Some(id)
    }
}

/// Depth-first walk in reading order that also tells each node's depth.
pub struct PreorderWithDepth<'a> {
    map: &'a ArgMap,
    stack: Vec<(NodeId, usize)>,
}

impl Iterator for PreorderWithDepth<'_> {
    type Item = (NodeId, usize);

    fn next(&mut self) -> Option<(NodeId, usize)> {
        let (id, depth) = self.stack.pop()?;
        let children = self.map.children(id).iter().rev();
        self.stack.extend(children.map(|&child| (child, depth + 1)));
        Some((id, depth))
    }
}

/// Joins counts of kinds into prose: "2 claims, 1 caveat".
pub fn describe_counts(counts: &[(Kind, usize)]) -> String {
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|&(kind, n)| {
            let word = if n == 1 { kind.name() } else { kind.plural() };
            format!("{n} {word}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn statement(id: &str, label: &str) -> Statement {
        Statement {
            id: id.to_string(),
            label: label.to_string(),
            ..Statement::default()
        }
    }

    /// thesis ─┬─ a (claim) ─── a1 (caveat)
    ///         └─ b (objection) ── ref to a (rebuttal)
    pub fn small_map() -> ArgMap {
        let mut map = ArgMap::new(Meta::default(), statement("t", "Thesis"));
        let a = map.push(map.root, Kind::Claim, Body::Statement(statement("a", "A")));
        map.push(a, Kind::Caveat, Body::Statement(statement("a1", "A1")));
        let b = map.push(
            map.root,
            Kind::Objection,
            Body::Statement(statement("b", "B")),
        );
        map.push(b, Kind::Rebuttal, Body::Ref(a));
        map
    }

    #[test]
    fn preorder_follows_reading_order() {
        let map = small_map();
        let ids: Vec<_> = map.preorder().map(|id| id.0).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        let depths: Vec<_> = map.preorder_with_depth().map(|(_, depth)| depth).collect();
        assert_eq!(depths, [0, 1, 2, 1, 2]);
    }

    #[test]
    fn a_reference_shows_its_targets_statement_with_its_own_kind() {
        let map = small_map();
        let reference = NodeId(4);
        assert_eq!(map.statement(reference).label, "A");
        assert_eq!(map.node(reference).kind, Kind::Rebuttal);
        assert!(map.is_ref(reference));
    }

    #[test]
    fn a_node_is_placed_among_its_siblings_in_any_order() {
        let mut map = small_map();
        let c = map.push(
            map.root,
            Kind::Question,
            Body::Statement(statement("c", "C")),
        );
        let (a, b) = (NodeId(1), NodeId(3));
        assert_eq!(map.place_among_siblings(map.root), None);
        assert_eq!(map.place_among_siblings(a), Some((0, 3)));
        assert_eq!(map.place_among_siblings(c), Some((2, 3)));
        // Children not in the order of their ids are still found where they stand.
        map.nodes[map.root.index()].children = vec![c, a, b];
        assert_eq!(map.place_among_siblings(c), Some((0, 3)));
        assert_eq!(map.place_among_siblings(a), Some((1, 3)));
        assert_eq!(map.place_among_siblings(b), Some((2, 3)));
    }

    #[test]
    fn paths_depths_and_counts() {
        let map = small_map();
        assert_eq!(map.path_to(NodeId(2)), [NodeId(0), NodeId(1), NodeId(2)]);
        assert_eq!(map.depth(NodeId(4)), 2);
        assert_eq!(map.descendant_count(map.root), 4);
        assert_eq!(map.find("b"), Some(NodeId(3)));
    }

    #[test]
    fn walks_survive_very_deep_maps() {
        let mut map = ArgMap::new(Meta::default(), statement("t", "T"));
        let mut at = map.root;
        for i in 0..200_000 {
            at = map.push(
                at,
                Kind::Claim,
                Body::Statement(statement(&i.to_string(), "x")),
            );
        }
        assert_eq!(map.preorder().count(), 200_001);
        assert_eq!(map.depth(at), 200_000);
        assert_eq!(map.descendant_count(map.root), 200_000);
    }

    #[test]
    fn counts_read_as_prose() {
        let text = describe_counts(&[(Kind::Claim, 2), (Kind::Caveat, 1), (Kind::Question, 0)]);
        assert_eq!(text, "2 claims, 1 caveat");
    }
}
