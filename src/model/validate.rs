//! Rules every map must keep, whatever format it came from.

use super::problem::LineIndex;
use super::{ArgMap, Body, FastMap, Kind, NodeId, Place, Problem};

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

/// Checks ids, labels and where the thesis stands. Quotes are checked against the document elsewhere.
pub fn validate(map: &ArgMap, places: &FieldPlaces) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut first_use: FastMap<&str, NodeId> =
        FastMap::with_capacity_and_hasher(map.len(), Default::default());
    for id in map.preorder() {
        let node = map.node(id);
        // A discussion with several theses (Kialo's multi-thesis debates) starts from the
        // question they answer, with the theses as its children.
        let option = node.kind == Kind::Thesis
            && map
                .parent(id)
                .is_some_and(|p| p == map.root && map.node(p).kind == Kind::Question);
        if id == map.root {
            if !matches!(node.kind, Kind::Thesis | Kind::Question) {
                problems.push(Problem::error(
                    places.place(id, Field::Kind),
                    format!(
                        "the root node is {} {}, but a map starts from its thesis; make the root \"kind\": \"thesis\"",
                        node.kind.article(),
                        node.kind.name()
                    ),
                ));
            }
        } else if node.kind == Kind::Thesis && !option {
            problems.push(Problem::error(
                places.place(id, Field::Kind),
                "a thesis stands below the root, but a map has one thesis, at its root; give this node another kind, such as \"claim\"",
            ));
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

/// Ids are `[a-z0-9-]+`: safe in file names, URLs and notes keys.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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

    #[test]
    fn ids_allow_lowercase_digits_and_hyphens_only() {
        assert!(is_valid_id("point-3"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Point"));
        assert!(!is_valid_id("a_b"));
    }
}
