//! Rules every map must keep, whatever format it came from.

use super::fast_hash::hash_one;
use super::problem::LineIndex;
use super::{ArgMap, Body, FastMap, FastSet, Kind, NodeId, Place, Problem};

/// Longest label that still reads as a headline in the tree.
pub const MAX_LABEL_CHARS: usize = 60;

/// Where each node's fields stand in the file, so problems can point at them. Places are kept
/// as byte offsets and turned into lines and columns only for a problem, since counting columns
/// on a long line costs time.
#[derive(Debug, Clone)]
pub struct FieldPlaces<'a> {
    pub file: String,
    /// Indexed by [`NodeId`]; missing entries fall back to the whole file.
    pub nodes: Vec<NodePlaces>,
    pub lines: LineIndex<'a>,
}

impl Default for FieldPlaces<'_> {
    fn default() -> Self {
        FieldPlaces {
            file: String::new(),
            nodes: Vec::new(),
            lines: LineIndex::new(""),
        }
    }
}

/// Byte offsets of a node and of its fields (a field not written takes the node's place).
#[derive(Debug, Clone, Copy, Default)]
pub struct NodePlaces {
    pub node: usize,
    pub id: Option<usize>,
    pub kind: Option<usize>,
    pub label: Option<usize>,
    pub quote: Option<usize>,
}

/// Which field of a node a problem is about.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    Node,
    Id,
    Kind,
    Label,
    Quote,
}

impl FieldPlaces<'_> {
    pub fn place(&self, id: NodeId, field: Field) -> Place {
        let Some(places) = self.nodes.get(id.index()) else {
            return Place::whole(&self.file);
        };
        let at = match field {
            Field::Node => None,
            Field::Id => places.id,
            Field::Kind => places.kind,
            Field::Label => places.label,
            Field::Quote => places.quote,
        }
        .unwrap_or(places.node);
        let (line, column) = self.lines.line_col(at);
        Place::at(&self.file, line, column)
    }
}

/// Maps with at least this many nodes are first checked on both cores ([`keeps_every_rule`]).
const CHECKED_ON_TWO_CORES_FROM: usize = 50_000;

/// Checks ids, labels and where the thesis stands. Quotes are checked against the document elsewhere.
pub fn validate(map: &ArgMap, places: &FieldPlaces) -> Vec<Problem> {
    // Nearly every map keeps every rule, and a large one is then quicker to check on both
    // cores. Only a map that breaks one is read again in tree order, to word its problems.
    if map.len() >= CHECKED_ON_TWO_CORES_FROM
        && crate::parallel::has_two_cores()
        && keeps_every_rule(map)
    {
        return Vec::new();
    }
    in_tree_order(map, places)
}

/// Whether [`in_tree_order`] would find nothing wrong, worked out on two cores: each takes half
/// of the nodes for the rules about one node, and the ids of one half of the hashes for the
/// rule that ids are unique. It reads every node of the arena, which holds the tree: a node
/// outside the tree could make it say no, never yes, and a "no" is only read again.
fn keeps_every_rule(map: &ArgMap) -> bool {
    let n = map.len();
    let check = |part: usize| {
        let own = if part == 0 { 0..n / 2 } else { n / 2..n };
        let nodes_keep_rules = map.nodes[own.clone()].iter().zip(own).all(|(node, i)| {
            misplaced(map, NodeId(i as u32)).is_none()
                && match &node.body {
                    Body::Statement(statement) => {
                        let label = statement.label.trim();
                        is_valid_id(&statement.id)
                            && !label.is_empty()
                            && (label.len() <= MAX_LABEL_CHARS
                                || label.chars().count() <= MAX_LABEL_CHARS)
                    }
                    Body::Ref(_) => true,
                }
        });
        nodes_keep_rules && {
            let mut seen: FastSet<&str> =
                FastSet::with_capacity_and_hasher(n / 2 + n / 8, Default::default());
            map.nodes.iter().all(|node| match &node.body {
                Body::Statement(statement) => {
                    let id = statement.id.as_str();
                    (hash_one(id) % 2) as usize != part || seen.insert(id)
                }
                Body::Ref(_) => true,
            })
        }
    };
    let (first, second) = crate::parallel::both(|| check(0), || check(1));
    first && second
}

/// Why a node's kind cannot stand where it does, if it cannot. A map starts from its thesis; a
/// discussion with several theses (Kialo's multi-thesis debates) from the question they answer,
/// or, when the source names none, from a group of them. A group bears on nothing, so it
/// stands at the root or right under it, and what it holds may be theses.
fn misplaced(map: &ArgMap, id: NodeId) -> Option<String> {
    let node = map.node(id);
    let Some(parent) = map.parent(id) else {
        return (!matches!(node.kind, Kind::Thesis | Kind::Question | Kind::Group)).then(|| {
            format!(
                "the root node is {} {}, but a map starts from its thesis; make the root \"kind\": \"thesis\"",
                node.kind.article(),
                node.kind.name()
            )
        });
    };
    let parent_kind = map.node(parent).kind;
    match node.kind {
        Kind::Thesis
            if !(parent_kind == Kind::Group
                || parent == map.root && parent_kind == Kind::Question) =>
        {
            Some("a thesis stands below the root, but a map has one thesis, at its root; give this node another kind, such as \"claim\"".to_string())
        }
        Kind::Group if parent_kind == Kind::Group => {
            Some("a group stands inside another group, but groups do not nest; move what this group holds into the group above it and remove this one, or give this node another kind, such as \"claim\"".to_string())
        }
        Kind::Group if parent != map.root => {
            Some("a group stands below the root's children, but a group holds what bears on nothing, so it stands at the root or right under it; move it there, or give this node another kind, such as \"claim\"".to_string())
        }
        _ => None,
    }
}

/// Checks the nodes in tree order, as someone reading the map would meet them.
fn in_tree_order(map: &ArgMap, places: &FieldPlaces) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut first_use: FastMap<&str, NodeId> =
        FastMap::with_capacity_and_hasher(map.len(), Default::default());
    for id in map.preorder() {
        let node = map.node(id);
        if let Some(message) = misplaced(map, id) {
            problems.push(Problem::error(places.place(id, Field::Kind), message));
        }
        let Body::Statement(statement) = &node.body else {
            continue;
        };
        if !is_valid_id(&statement.id) {
            problems.push(Problem::error(
                places.place(id, Field::Id),
                format!(
                    "the id {:?} is not allowed; use only lowercase letters, digits and hyphens, e.g. \"point-1\"",
                    statement.id
                ),
            ));
        } else if let Some(&first) = first_use.get(statement.id.as_str()) {
            let (line, _) = places.place(first, Field::Id).line_col.unwrap_or((0, 0));
            problems.push(Problem::error(
                places.place(id, Field::Id),
                format!(
                    "the id {:?} is already used on line {line}; give each node its own id, or write {{\"ref\": {:?}}} to repeat that node",
                    statement.id, statement.id
                ),
            ));
        } else {
            first_use.insert(&statement.id, id);
        }
        let label = statement.label.trim();
        if label.is_empty() {
            problems.push(Problem::error(
                places.place(id, Field::Label),
                format!(
                    "the node {:?} has an empty label; give it a short headline",
                    statement.id
                ),
            ));
        } else if label.len() > MAX_LABEL_CHARS && label.chars().count() > MAX_LABEL_CHARS {
            problems.push(Problem::warning(
                places.place(id, Field::Label),
                format!(
                    "the label of {:?} is {} characters long; keep it to {MAX_LABEL_CHARS} and move the rest into \"text\"",
                    statement.id,
                    label.chars().count()
                ),
            ).about(id));
        }
    }
    problems
}

/// The problems that stop a map from being shown (a map built by an importer must have none).
/// Its nodes' places in `file` are not known, so the problems name the file as a whole.
pub fn errors(map: &ArgMap, file: &str) -> Vec<Problem> {
    let places = FieldPlaces {
        file: file.to_string(),
        ..FieldPlaces::default()
    };
    validate(map, &places)
        .into_iter()
        .filter(|p| p.severity == super::Severity::Error)
        .collect()
}

/// Ids are `[a-z0-9-]+`, or lowercase letters and digits of other scripts (`налоги`, `住房`,
/// as titles without ASCII letters give): safe in URLs and notes keys.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && (id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            || id.chars().all(|c| {
                c.is_ascii_lowercase()
                    || c.is_ascii_digit()
                    || c == '-'
                    || (!c.is_ascii() && c.is_alphanumeric() && !c.is_uppercase())
            }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{small_map, statement};
    use crate::model::{Meta, Severity};

    fn messages(map: &ArgMap) -> Vec<String> {
        validate(map, &FieldPlaces::default())
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn a_well_formed_map_has_no_problems() {
        assert!(messages(&small_map()).is_empty());
    }

    #[test]
    fn duplicate_ids_are_reported_at_the_second_use() {
        let mut map = small_map();
        map.push(
            map.root,
            Kind::Claim,
            Body::Statement(statement("a", "again")),
        );
        let problems = messages(&map);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("already used"), "{problems:?}");
    }

    #[test]
    fn bad_ids_empty_labels_and_stray_theses_are_reported() {
        let mut map = ArgMap::new(Meta::default(), statement("T", "Thesis"));
        map.push(map.root, Kind::Thesis, Body::Statement(statement("b", " ")));
        let problems = messages(&map);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("not allowed"));
        assert!(problems[1].contains("below the root"));
        assert!(problems[2].contains("empty label"));
    }

    #[test]
    fn a_long_label_is_a_warning_not_an_error() {
        let mut map = small_map();
        map.push(
            map.root,
            Kind::Claim,
            Body::Statement(statement("c", &"x".repeat(61))),
        );
        let problems = validate(&map, &FieldPlaces::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, Severity::Warning);
    }

    /// A map of `CHECKED_ON_TWO_CORES_FROM` nodes or more, each id once, and the root.
    fn big_map() -> (ArgMap, NodeId) {
        let mut map = ArgMap::new(Meta::default(), statement("t", "Thesis"));
        let mut parent = map.root;
        for i in 0..CHECKED_ON_TWO_CORES_FROM {
            let id = format!("n-{i}");
            let child = map.push(
                parent,
                Kind::Claim,
                Body::Statement(statement(&id, "A claim")),
            );
            if i % 7 == 0 {
                parent = child;
            }
        }
        let root = map.root;
        (map, root)
    }

    #[test]
    fn a_big_map_gets_the_same_problems_as_a_small_one() {
        let (map, root) = big_map();
        assert!(messages(&map).is_empty());
        let mut broken = map.clone();
        let deep = NodeId((CHECKED_ON_TWO_CORES_FROM - 3) as u32);
        broken.push(
            deep,
            Kind::Claim,
            Body::Statement(statement("n-5", "Again")),
        );
        broken.push(root, Kind::Thesis, Body::Statement(statement("Bad", " ")));
        let problems = messages(&broken);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(
            problems[0].contains("\"n-5\" is already used"),
            "{problems:?}"
        );
        assert!(problems[1].contains("below the root"), "{problems:?}");
        assert!(problems[2].contains("not allowed"), "{problems:?}");
        assert!(problems[3].contains("empty label"), "{problems:?}");
    }

    /// A tree from `shape`: each entry is (parent among the nodes so far, kind, id, label, is
    /// a reference), with ids and labels drawn from small sets so that rules get broken (an id
    /// past those is the node's own, a label past those a good one).
    fn map_of(root_kind: Kind, shape: &[(usize, Kind, usize, usize, bool)]) -> ArgMap {
        const IDS: [&str; 6] = ["a", "b", "c", "Bad", "", "d-1"];
        let labels = ["A claim", " ", "", &"x".repeat(61), &"é".repeat(40)];
        let mut map = ArgMap::new(Meta::default(), statement("t", "Thesis"));
        map.nodes[0].kind = root_kind;
        for (i, &(parent, kind, id, label, is_ref)) in shape.iter().enumerate() {
            let parent = NodeId((parent % map.len()) as u32);
            let own = format!("n-{i}");
            let id = IDS.get(id).copied().unwrap_or(&own);
            let label = labels.get(label).copied().unwrap_or("A claim");
            let body = if is_ref {
                Body::Ref(map.root)
            } else {
                Body::Statement(statement(id, label))
            };
            map.push(parent, kind, body);
        }
        map
    }

    proptest::proptest! {
        #[test]
        fn the_check_on_two_cores_agrees_with_the_check_in_tree_order(
            root_kind in proptest::sample::select(vec![Kind::Thesis, Kind::Question, Kind::Claim]),
            shape in proptest::collection::vec(
                (
                    0usize..40,
                    proptest::sample::select(vec![Kind::Thesis, Kind::Claim, Kind::Claim, Kind::Claim, Kind::Claim, Kind::Objection, Kind::Objection, Kind::Caveat, Kind::Question]),
                    0usize..120,
                    0usize..100,
                    proptest::bool::weighted(0.1),
                ),
                0..20,
            ),
        ) {
            let map = map_of(root_kind, &shape);
            let in_order = in_tree_order(&map, &FieldPlaces::default());
            proptest::prop_assert_eq!(keeps_every_rule(&map), in_order.is_empty(), "{:?}", in_order);
        }
    }

    #[test]
    fn ids_allow_lowercase_digits_and_hyphens_only() {
        assert!(is_valid_id("point-3"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Point"));
        assert!(!is_valid_id("a_b"));
        assert!(is_valid_id("налоги-2"));
        assert!(is_valid_id("住房"));
        assert!(!is_valid_id("Налоги"));
        assert!(!is_valid_id("a\u{301}"));
    }
}
