//! The fast way to read argscope JSON: serde, straight into the arena, without a syntax tree
//! or places. Each node joins the map the moment its object opens, so no intermediate tree of
//! every node is ever alive (at a million nodes that tree was as large as the map itself).
//!
//! It reads exactly what [`super::parse`] accepts, each field of the type it requires (so
//! `null` where a string belongs fails), and gives up on anything else: bad JSON, an unknown
//! field or kind, a key written twice, a missing id, a dangling reference, nesting deeper than
//! serde reads. The positioned reader then finds the problems and their places.

use std::fmt;

use serde::de::{DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::model::{
    Anchor, ArgMap, Body, FastMap, Kind, Meta, Node, NodeId, SourceInfo, Statement,
};
use crate::text::sanitize_owned;

use super::{DEEPEST_READ, VERSION};

/// Reads a well-formed map, or `None` when [`super::parse`] would report anything. When it
/// gives a map, it is the map [`super::parse`] gives.
pub fn parse_fast(json: &str) -> Option<ArgMap> {
    match read(&mut serde_json::Deserializer::from_str(json), false) {
        Ok(map) => map,
        // Past serde_json's limit of 128 levels (64 nodes): a map argscope wrote reads back
        // however deep it is, so it is read again without the limit. (serde_json names this
        // error in its text only.)
        Err(error) if error.to_string().starts_with("recursion limit exceeded") => {
            // Read as a stream, which counts lines as it goes: an error deep down is carried
            // up through every level, and the reader of a string would count the lines up to
            // it anew at each one, for ever on a file 100,000 levels deep.
            let mut reader = serde_json::Deserializer::from_reader(json.as_bytes());
            reader.disable_recursion_limit();
            read(&mut reader, true).ok().flatten()
        }
        Err(_) => None,
    }
}

/// Reads the map from `reader`; `deep` when it nests past serde_json's limit, where the stack
/// grows on the heap (serde_stacker) as the nodes nest rather than overflow.
fn read<'de, R: serde_json::de::Read<'de>>(
    reader: &mut serde_json::Deserializer<R>,
    deep: bool,
) -> serde_json::Result<Option<ArgMap>> {
    let mut arena = Arena::default();
    let seed = FileSeed { arena: &mut arena };
    let meta = if deep {
        seed.deserialize(serde_stacker::Deserializer::new(&mut *reader))?
    } else {
        seed.deserialize(&mut *reader)?
    };
    reader.end()?;
    Ok(arena.into_map(meta))
}

/// The nodes read so far, in reading order (a node before its children), and the references
/// still to resolve.
#[derive(Default)]
struct Arena {
    nodes: Vec<Node>,
    /// The scheme each node names, kept until the map is made (see [`ArgMap::add_scheme`]).
    schemes: Vec<(NodeId, String)>,
    /// A reference node and the id it names.
    refs: Vec<(NodeId, String)>,
}

impl Arena {
    fn into_map(self, meta: Meta) -> Option<ArgMap> {
        let Arena {
            mut nodes,
            schemes,
            refs,
        } = self;
        // The root must be a statement of its own.
        if !matches!(nodes.first()?.body, Body::Statement(_)) {
            return None;
        }
        if !refs.is_empty() {
            // Only the ids references name are indexed (the last node with the id wins, as in
            // `parse`): a few lookups a node rather than an index of every id.
            let mut ids: FastMap<&str, Option<NodeId>> = refs
                .iter()
                .map(|(_, target)| (target.as_str(), None))
                .collect();
            for (i, node) in nodes.iter().enumerate() {
                if let Body::Statement(s) = &node.body
                    && let Some(slot) = ids.get_mut(s.id.as_str())
                {
                    *slot = Some(NodeId(i as u32));
                }
            }
            let mut resolved = Vec::with_capacity(refs.len());
            for (id, target) in &refs {
                resolved.push((*id, (*ids.get(target.as_str())?)?));
            }
            for (id, found) in resolved {
                nodes[id.index()].body = Body::Ref(found);
            }
        }
        // `ArgMap::new` cleans the map's title and source; the nodes then take the root's place.
        let mut map = ArgMap::new(meta, Statement::default());
        map.nodes = nodes;
        for (id, scheme) in schemes {
            map.set_scheme(id, &scheme);
        }
        Some(map)
    }
}

/// The whole file: the version, the map's title, author and source, and its root node.
struct FileSeed<'a> {
    arena: &'a mut Arena,
}

impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
    type Value = Meta;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Meta, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FileSeed<'_> {
    type Value = Meta;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an argscope map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<Meta, A::Error> {
        let (mut version, mut title, mut author, mut source, mut root) =
            (None, None, None, None, false);
        while let Some(key) = fields.next_key::<Key>()? {
            match key {
                Key::Argscope => once(&mut version, fields.next_value::<u64>()?)?,
                Key::Title => once(&mut title, fields.next_value::<String>()?)?,
                Key::Author => once(&mut author, fields.next_value::<String>()?)?,
                Key::Source => once(&mut source, fields.next_value::<RawSource>()?)?,
                Key::Root if !root => {
                    root = true;
                    fields.next_value_seed(NodeSeed {
                        arena: &mut *self.arena,
                        parent: None,
                        depth: 0,
                    })?;
                }
                _ => return Err(A::Error::custom("an unknown or repeated field")),
            }
        }
        if version != Some(VERSION) || !root {
            return Err(A::Error::custom("not a version 1 map"));
        }
        let source = source.unwrap_or_default();
        Ok(Meta {
            title: title.unwrap_or_default(),
            author: author.unwrap_or_default(),
            source: SourceInfo {
                file: source.file,
                title: source.title,
                publisher: source.publisher,
                url: source.url,
                argument_ends_before: (!source.argument_ends_before.is_empty())
                    .then_some(source.argument_ends_before),
            },
        })
    }
}

/// Sets a field read once; a second time is an error (the positioned reader says which).
fn once<T, E: Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    match slot.replace(value) {
        None => Ok(()),
        Some(_) => Err(E::custom("a field written twice")),
    }
}

/// The name of a field, told without copying it. Which names belong where (a node's or the
/// file's) is for the reader of each object to say.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Argscope,
    Title,
    Author,
    Source,
    Root,
    Kind,
    Ref,
    Id,
    Label,
    Text,
    Quote,
    Url,
    Also,
    Undercut,
    Scheme,
    Children,
    Unknown,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: Error>(self, name: &str) -> Result<Key, E> {
                Ok(match name {
                    "argscope" => Key::Argscope,
                    "title" => Key::Title,
                    "author" => Key::Author,
                    "source" => Key::Source,
                    "root" => Key::Root,
                    "kind" => Key::Kind,
                    "ref" => Key::Ref,
                    "id" => Key::Id,
                    "label" => Key::Label,
                    "text" => Key::Text,
                    "quote" => Key::Quote,
                    "url" => Key::Url,
                    "also" => Key::Also,
                    "undercut" => Key::Undercut,
                    "scheme" => Key::Scheme,
                    "children" => Key::Children,
                    _ => Key::Unknown,
                })
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSource {
    #[serde(default)]
    file: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    argument_ends_before: String,
}

/// A kind, read from its name without copying the name; an unknown one fails.
struct KindName(Kind);

impl<'de> Deserialize<'de> for KindName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = KindName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the name of a kind")
            }
            fn visit_str<E: Error>(self, name: &str) -> Result<KindName, E> {
                Kind::from_name(name)
                    .map(KindName)
                    .ok_or_else(|| E::custom("unknown kind"))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

/// One node object: it joins the arena under `parent` as soon as it opens, so its children,
/// read inside it, follow it in reading order.
struct NodeSeed<'a> {
    arena: &'a mut Arena,
    parent: Option<NodeId>,
    /// How far below the root the node stands.
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<(), A::Error> {
        // Each level deeper costs stack, grown on the heap: a limit keeps a hostile file of
        // nothing but nested nodes from taking all the memory there is.
        if self.depth > DEEPEST_READ {
            return Err(A::Error::custom("nested deeper than argscope reads"));
        }
        let arena = self.arena;
        let id = NodeId(u32::try_from(arena.nodes.len()).map_err(A::Error::custom)?);
        arena.nodes.push(Node {
            kind: Kind::Claim,
            parent: self.parent,
            children: Vec::new(),
            // Filled in once the object is read.
            body: Body::Ref(id),
            undercut: false,
            scheme: None,
        });
        if let Some(parent) = self.parent {
            arena.nodes[parent.index()].children.push(id);
        }
        let mut node = NodeFields::default();
        while let Some(key) = fields.next_key::<Key>()? {
            match key {
                Key::Kind => once(&mut node.kind, fields.next_value::<KindName>()?.0)?,
                Key::Ref => once(&mut node.reference, fields.next_value::<String>()?)?,
                Key::Id => once(&mut node.id, fields.next_value::<String>()?)?,
                Key::Label => once(&mut node.label, fields.next_value::<String>()?)?,
                Key::Text => once(&mut node.text, fields.next_value::<String>()?)?,
                Key::Quote => once(&mut node.quote, fields.next_value::<String>()?)?,
                Key::Url => once(&mut node.url, fields.next_value::<String>()?)?,
                Key::Also => once(&mut node.also, fields.next_value::<Vec<String>>()?)?,
                Key::Undercut => once(&mut node.undercut, fields.next_value::<bool>()?)?,
                Key::Scheme => once(&mut node.scheme, fields.next_value::<String>()?)?,
                Key::Children if !node.children => {
                    node.children = true;
                    fields.next_value_seed(ChildrenSeed {
                        arena: &mut *arena,
                        parent: id,
                        depth: self.depth,
                    })?;
                }
                _ => return Err(A::Error::custom("an unknown or repeated field")),
            }
        }
        let kind = node.kind.ok_or_else(|| A::Error::custom("no kind"))?;
        let undercut = node.undercut.unwrap_or(false);
        if let Some(scheme) = node.scheme.take() {
            arena.schemes.push((id, scheme));
        }
        let body = node.body(id, arena)?;
        let slot = &mut arena.nodes[id.index()];
        slot.kind = kind;
        slot.undercut = undercut;
        slot.body = body;
        Ok(())
    }
}

/// The fields of one node object as read.
#[derive(Default)]
struct NodeFields {
    kind: Option<Kind>,
    reference: Option<String>,
    id: Option<String>,
    label: Option<String>,
    text: Option<String>,
    quote: Option<String>,
    url: Option<String>,
    also: Option<Vec<String>>,
    undercut: Option<bool>,
    scheme: Option<String>,
    children: bool,
}

impl NodeFields {
    /// The node's statement, cleaned of anything that could drive a terminal; or, for a
    /// reference (nothing but its target and kind), a reference to resolve once every id is
    /// known.
    fn body<E: Error>(self, id: NodeId, arena: &mut Arena) -> Result<Body, E> {
        if let Some(target) = self.reference {
            let extra = self.id.is_some()
                || self.label.is_some()
                || self.text.is_some()
                || self.quote.is_some()
                || self.url.is_some()
                || self.also.is_some()
                || self.children;
            if extra {
                return Err(E::custom("a reference with fields of its own"));
            }
            arena.refs.push((id, target));
            return Ok(Body::Ref(id));
        }
        Ok(Body::Statement(Statement {
            id: self.id.ok_or_else(|| E::custom("no id"))?,
            label: sanitize_owned(self.label.ok_or_else(|| E::custom("no label"))?, false),
            text: sanitize_owned(self.text.unwrap_or_default(), true),
            quote: sanitize_owned(self.quote.unwrap_or_default(), true),
            anchor: Anchor::Unverified,
            url: sanitize_owned(self.url.unwrap_or_default(), false),
            also: (self.also.unwrap_or_default().into_iter())
                .map(|a| sanitize_owned(a, true))
                .collect(),
        }))
    }
}

/// A node's `children` list: each child read as a [`NodeSeed`] under `parent`.
struct ChildrenSeed<'a> {
    arena: &'a mut Arena,
    parent: NodeId,
    /// The parent's depth below the root.
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for ChildrenSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ChildrenSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of nodes")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut children: A) -> Result<(), A::Error> {
        while children
            .next_element_seed(NodeSeed {
                arena: &mut *self.arena,
                parent: Some(self.parent),
                depth: self.depth + 1,
            })?
            .is_some()
        {}
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_in_any_order_give_the_map_the_positioned_reader_gives() {
        // Children before the node's own fields, the root after the map's title, a reference
        // to a statement read later in the file.
        let json = r#"{
          "root": {
            "children": [
              {"kind": "objection", "children": [{"kind": "rebuttal", "ref": "a"}],
               "label": "B", "id": "b"},
              {"label": "A", "text": "Para", "id": "a", "kind": "claim", "undercut": true}
            ],
            "label": "Thesis", "id": "t", "kind": "thesis"
          },
          "title": "T",
          "argscope": 1
        }"#;
        let fast = parse_fast(json).expect("read the fast way");
        assert_eq!(
            Some(&fast),
            super::super::parse(json, "m.json")
                .ok()
                .map(|p| p.map)
                .as_ref()
        );
        let labels: Vec<_> = fast
            .preorder()
            .map(|id| fast.statement(id).label.as_str())
            .collect();
        assert_eq!(labels, ["Thesis", "B", "A", "A"]);
        assert_eq!(fast.meta.title, "T");
    }

    #[test]
    fn a_root_that_is_a_reference_or_a_second_root_is_left_to_the_positioned_reader() {
        let reference = r#"{"argscope": 1, "root": {"kind": "thesis", "ref": "t"}}"#;
        assert!(parse_fast(reference).is_none());
        let node = r#"{"kind": "thesis", "id": "t", "label": "T"}"#;
        let twice = format!(r#"{{"argscope": 1, "root": {node}, "root": {node}}}"#);
        assert!(parse_fast(&twice).is_none());
        let trailing = format!(r#"{{"argscope": 1, "root": {node}}} x"#);
        assert!(parse_fast(&trailing).is_none());
    }
}
