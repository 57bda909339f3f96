//! Seminar notes: what a group records about each node (a stance mark, an impact rating, a
//! bookmark, a note), with undo and redo. The notes live apart from the map, in a sidecar file,
//! keyed so they find their node again when the map is opened next time.

pub mod both;
pub mod store;
pub mod summary;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::model::fast_hash::{self, FastMap};
use crate::model::{ArgMap, Body, NodeId, Stance};

/// What the group thinks of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Agree,
    Disagree,
    Unsure,
}

impl Mark {
    pub const ALL: [Mark; 3] = [Mark::Agree, Mark::Disagree, Mark::Unsure];

    /// A one-column badge that reads without colour. None is a kind's glyph: `?` for unsure
    /// would read as a question's beside a question's label.
    pub fn glyph(self) -> &'static str {
        match self {
            Mark::Agree => "✓",
            Mark::Disagree => "✗",
            Mark::Unsure => "~",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Mark::Agree => "agree",
            Mark::Disagree => "disagree",
            Mark::Unsure => "unsure",
        }
    }
}

/// The highest impact rating (Kialo's scale: 0 to 4).
pub const MAX_IMPACT: u8 = 4;

/// Everything recorded about one node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
    /// How much the node bears on its parent, 0–4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u8>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bookmark: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The node's label when the entry was last changed, so an orphaned note still says what it
    /// was about after its node has gone.
    #[serde(default)]
    pub label: String,
}

impl Entry {
    /// Nothing recorded (the label alone does not count).
    pub fn is_empty(&self) -> bool {
        self.mark.is_none()
            && self.impact.is_none()
            && !self.bookmark
            && self.note.trim().is_empty()
    }
}

/// One change, as undo and redo replay it: the entry under `key` before and after it (`None`:
/// no entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub before: Option<Entry>,
    pub after: Option<Entry>,
}

impl Change {
    /// What the change touched, in words: "the mark", "the impact rating and the note".
    pub fn what(&self) -> String {
        let none = Entry::default();
        let before = self.before.as_ref().unwrap_or(&none);
        let after = self.after.as_ref().unwrap_or(&none);
        let parts: Vec<&str> = [
            (before.mark != after.mark, "the mark"),
            (before.impact != after.impact, "the impact rating"),
            (before.bookmark != after.bookmark, "the bookmark"),
            (before.note != after.note, "the note"),
        ]
        .into_iter()
        .filter_map(|(changed, part)| changed.then_some(part))
        .collect();
        match parts.as_slice() {
            [] => "a change".to_string(),
            [one] => one.to_string(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// The node's label as the change left or found it.
    pub fn label(&self) -> &str {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .map_or("", |entry| entry.label.as_str())
    }
}

/// All entries of a map, by key, with the history of changes made this session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    entries: BTreeMap<String, Entry>,
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// Counts changes (undo and redo included), so a store can tell what it has saved.
    version: u64,
}

impl Notes {
    /// Notes as read from a file; nothing to undo.
    pub fn from_entries(entries: BTreeMap<String, Entry>) -> Notes {
        Notes {
            entries,
            ..Notes::default()
        }
    }

    pub fn entries(&self) -> &BTreeMap<String, Entry> {
        &self.entries
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// Goes up with every change, undo and redo; equal versions mean equal notes.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Changes the entry under `key` (made if missing) and records the change for undo. An entry
    /// left empty is removed. Returns false when nothing changed.
    pub fn change(&mut self, key: &str, label: &str, edit: impl FnOnce(&mut Entry)) -> bool {
        let before = self.entries.get(key).cloned();
        let mut entry = before.clone().unwrap_or_default();
        edit(&mut entry);
        entry.label = label.to_string();
        let after = (!entry.is_empty()).then_some(entry);
        let unchanged = match (&before, &after) {
            (Some(b), Some(a)) => {
                b.mark == a.mark
                    && b.impact == a.impact
                    && b.bookmark == a.bookmark
                    && b.note == a.note
            }
            (None, None) => true,
            _ => false,
        };
        if unchanged {
            return false;
        }
        self.apply(key, after.clone());
        self.undo.push(Change {
            key: key.to_string(),
            before,
            after,
        });
        self.redo.clear();
        true
    }

    /// Takes back the last change; returns it.
    pub fn undo(&mut self) -> Option<Change> {
        let change = self.undo.pop()?;
        self.apply(&change.key, change.before.clone());
        self.redo.push(change.clone());
        Some(change)
    }

    /// Makes the last undone change again; returns it.
    pub fn redo(&mut self) -> Option<Change> {
        let change = self.redo.pop()?;
        self.apply(&change.key, change.after.clone());
        self.undo.push(change.clone());
        Some(change)
    }

    /// The keys whose entry this window changed since the notes were `base` (as last read from
    /// the file): recorded differently from it, the label aside. A change undone is no change.
    pub fn changed_since(&self, base: &BTreeMap<String, Entry>) -> Vec<String> {
        let mut keys: Vec<String> = self
            .entries
            .keys()
            .chain(base.keys())
            .filter(|key| !same_record(self.entries.get(*key), base.get(*key)))
            .cloned()
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// Takes up `new`, the notes another argscope saved, in place of `base`, those this window
    /// read before: every entry is now `new`'s, but for what this window changed since `base`
    /// ([`Notes::changed_since`]), which stays this window's, on top: field by field, so a
    /// note written here and a mark set there on the same node are both kept, and where both
    /// changed the same field, this window's wins. Undo and redo keep working on this window's
    /// own changes, now over `new`: each entry in their history is taken up the same way.
    /// Returns the keys whose entries this window changed.
    pub fn rebase(
        &mut self,
        base: &BTreeMap<String, Entry>,
        new: &BTreeMap<String, Entry>,
    ) -> Vec<String> {
        let own = self.changed_since(base);
        let mut entries = new.clone();
        for key in &own {
            match rebased(base.get(key), self.entries.get(key), new.get(key)) {
                Some(entry) => entries.insert(key.clone(), entry),
                None => entries.remove(key),
            };
        }
        for change in self.undo.iter_mut().chain(self.redo.iter_mut()) {
            let key = change.key.as_str();
            for side in [&mut change.before, &mut change.after] {
                *side = rebased(base.get(key), side.as_ref(), new.get(key));
            }
        }
        if entries != self.entries {
            self.entries = entries;
            self.version += 1;
        }
        own
    }

    fn apply(&mut self, key: &str, entry: Option<Entry>) {
        match entry {
            Some(entry) => self.entries.insert(key.to_string(), entry),
            None => self.entries.remove(key),
        };
        self.version += 1;
    }

    /// Entries whose node is not in `map` any more: kept, never dropped, and listed apart.
    pub fn orphans<'a>(&'a self, keys: &Keys) -> Vec<(&'a str, &'a Entry)> {
        self.orphans_in(None, keys)
    }

    /// [`Notes::orphans`] with the map the keys were made for, which keys made by
    /// [`Keys::for_view`] need.
    pub fn orphans_in<'a>(
        &'a self,
        map: Option<&ArgMap>,
        keys: &Keys,
    ) -> Vec<(&'a str, &'a Entry)> {
        self.entries
            .iter()
            .filter(|(key, _)| keys.node_in(map, key).is_none())
            .map(|(k, e)| (k.as_str(), e))
            .collect()
    }
}

/// `mine`, an entry changed from `base`, taken up onto `new`, another argscope's entry for the
/// same key: `new`'s fields, but for those `mine` changed from `base` (`None`: no entry, or
/// nothing left recorded).
fn rebased(base: Option<&Entry>, mine: Option<&Entry>, new: Option<&Entry>) -> Option<Entry> {
    if same_record(mine, base) {
        return new.cloned();
    }
    let none = Entry::default();
    let (was, is) = (base.unwrap_or(&none), mine.unwrap_or(&none));
    let mut entry = new.cloned().unwrap_or_default();
    if is.mark != was.mark {
        entry.mark = is.mark;
    }
    if is.impact != was.impact {
        entry.impact = is.impact;
    }
    if is.bookmark != was.bookmark {
        entry.bookmark = is.bookmark;
    }
    if is.note != was.note {
        entry.note = is.note.clone();
    }
    if let Some(mine) = mine {
        entry.label = mine.label.clone();
    }
    (!entry.is_empty()).then_some(entry)
}

/// Whether two entries (`None`: no entry) record the same: mark, impact, bookmark and note. The
/// label only says which node an entry was about, and an empty entry records nothing.
fn same_record(a: Option<&Entry>, b: Option<&Entry>) -> bool {
    let none = Entry::default();
    let (a, b) = (a.unwrap_or(&none), b.unwrap_or(&none));
    a.mark == b.mark && a.impact == b.impact && a.bookmark == b.bookmark && a.note == b.note
}

/// The key of each node, and the node of each key. Maps with stable ids key notes by id; maps
/// whose ids change on every export (a Kialo export renumbers its claims) key them by a hash of
/// the node's own text and its parent's, so notes survive a re-export. Siblings with the same
/// words (a Pro and a Con both saying "Cost") are told apart by [`SameWords`].
#[derive(Debug)]
pub struct Keys {
    from: KeysFrom,
    /// Every node's key, one after another (one buffer, not a string a node: a map may have a
    /// million nodes); node i's key ends at `ends[i]`. Only for [`KeysFrom::Table`].
    text: String,
    ends: Vec<usize>,
    /// The way back from a key to its node, made by the first lookup: most sessions (no notes
    /// yet, or notes on a few nodes) never look a key up, and on a million nodes the table costs
    /// a good part of a second to make.
    lookup: std::sync::OnceLock<Lookup>,
    /// The statements (not references) in reading order, so the lookup can be made later
    /// without the map. Only for [`KeysFrom::Table`].
    statements: Vec<NodeId>,
    /// The families read so far, by parent, for [`KeysFrom::MapTexts`]: a key asked for reads
    /// its parent's children only up to itself, once, so a frame costs the same beside a parent
    /// of a million children as beside one of three.
    families: std::sync::Mutex<FastMap<NodeId, Family>>,
}

impl Clone for Keys {
    fn clone(&self) -> Keys {
        Keys {
            from: self.from,
            text: self.text.clone(),
            ends: self.ends.clone(),
            lookup: self.lookup.clone(),
            statements: self.statements.clone(),
            families: std::sync::Mutex::new(self.families().clone()),
        }
    }
}

/// Where a node's key is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeysFrom {
    /// Made by [`Keys::new`]: every key written out, so no map is needed to read them.
    Table,
    /// Made by [`Keys::for_view`] for a map with stable ids: a node's key is its statement's
    /// id, read from the map, so the `_in` methods must be given the map.
    MapIds,
    /// Made by [`Keys::for_view`] for a map without stable ids: a node's key is the hash of its
    /// label and its parent's, worked out from the map when asked (on a million nodes hashing
    /// every label costs over a second, and a frame needs forty keys).
    MapTexts,
}

/// From a key to its node.
#[derive(Debug, Clone, Default)]
struct Lookup {
    /// The first statement showing each key, by the key's hash; a lookup checks the key itself.
    by_hash: FastMap<u64, NodeId>,
    /// Keys whose hash another key already has (practically never, but never wrong).
    collisions: Vec<(String, NodeId)>,
}

impl Keys {
    /// The keys for the view of a map: nothing is made now, [`Keys::key_in`] and
    /// [`Keys::node_in`] answer from the map (on a million nodes copying the ids costs a tenth
    /// of a second, and hashing the labels more than a second).
    pub fn for_view(stable_ids: bool) -> Keys {
        Keys {
            from: if stable_ids {
                KeysFrom::MapIds
            } else {
                KeysFrom::MapTexts
            },
            text: String::new(),
            ends: Vec::new(),
            lookup: std::sync::OnceLock::new(),
            statements: Vec::new(),
            families: std::sync::Mutex::default(),
        }
    }

    pub fn new(map: &ArgMap, stable_ids: bool) -> Keys {
        let mut keys = Keys {
            from: KeysFrom::Table,
            text: String::new(),
            ends: vec![0; map.len()],
            lookup: std::sync::OnceLock::new(),
            statements: Vec::new(),
            families: std::sync::Mutex::default(),
        };
        let hashes = if stable_ids {
            Vec::new()
        } else {
            text_key_hashes(map)
        };
        for i in 0..map.len() {
            // A repeated statement shares its original's notes.
            let target = map.resolve(NodeId(i as u32));
            if stable_ids {
                keys.text.push_str(&map.statement(target).id);
            } else {
                let _ = write!(keys.text, "{}", TextKey(hashes[target.index()]));
            }
            keys.ends[i] = keys.text.len();
        }
        keys.statements = statements_in_reading_order(map).collect();
        keys
    }

    /// The key of a node of `map`, the map these keys were made for.
    pub fn key_in<'a>(&'a self, map: &'a ArgMap, id: NodeId) -> Cow<'a, str> {
        let target = map.resolve(id);
        match self.from {
            KeysFrom::Table => Cow::Borrowed(self.key(id)),
            KeysFrom::MapIds => Cow::Borrowed(&map.statement(target).id),
            KeysFrom::MapTexts => Cow::Owned(TextKey(self.text_key_hash(map, target)).to_string()),
        }
    }

    /// The node of a key in `map`, the map these keys were made for (needed by keys made by
    /// [`Keys::for_view`], ignored by the others).
    pub fn node_in(&self, map: Option<&ArgMap>, key: &str) -> Option<NodeId> {
        match (map, self.from) {
            (Some(map), KeysFrom::MapIds) => {
                // Ids are unique in a map, so the table is made in the arena's order, a walk
                // along memory, rather than in reading order.
                let lookup = self.lookup.get_or_init(|| {
                    let statements: Vec<NodeId> = (0..map.len())
                        .map(|i| NodeId(i as u32))
                        .filter(|&id| matches!(map.node(id).body, Body::Statement(_)))
                        .collect();
                    make_lookup(&statements, |id| &map.statement(id).id)
                });
                find(lookup, key, |id| &map.statement(id).id)
            }
            (Some(map), KeysFrom::MapTexts) => {
                let hash = TextKey::parse(key)?;
                // The key is the hash itself, so the table is keyed by it: two statements with
                // one hash have one key, which the first in reading order holds.
                let lookup = self.lookup.get_or_init(|| {
                    let hashes = text_key_hashes(map);
                    let mut lookup = Lookup::default();
                    for id in statements_in_reading_order(map) {
                        lookup.by_hash.entry(hashes[id.index()]).or_insert(id);
                    }
                    lookup
                });
                lookup.by_hash.get(&hash).copied()
            }
            _ => self.node(key),
        }
    }

    /// The hash in the key of `statement` of `map`, for [`KeysFrom::MapTexts`]: its
    /// [`text_hash`], unless an earlier sibling has its words.
    fn text_key_hash(&self, map: &ArgMap, statement: NodeId) -> u64 {
        let plain = text_hash(map, statement);
        let (Some(parent), Some((at, _))) =
            (map.parent(statement), map.place_among_siblings(statement))
        else {
            return plain;
        };
        if at == 0 {
            // No earlier sibling.
            return plain;
        }
        let mut families = self.families();
        let family = families.entry(parent).or_default();
        family.read_to(map, parent, at + 1);
        family.later.get(&statement).copied().unwrap_or(plain)
    }

    fn families(&self) -> std::sync::MutexGuard<'_, FastMap<NodeId, Family>> {
        // A panic elsewhere while it was held left whole families: what was read stays right.
        self.families
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The key of a node; for keys made by [`Keys::for_view`], see [`Keys::key_in`].
    pub fn key(&self, id: NodeId) -> &str {
        assert!(
            self.from == KeysFrom::Table,
            "keys read from the map need it: key_in"
        );
        let i = id.index();
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The node of a key; for keys made by [`Keys::for_view`], see [`Keys::node_in`].
    pub fn node(&self, key: &str) -> Option<NodeId> {
        assert!(
            self.from == KeysFrom::Table,
            "keys read from the map need it: node_in"
        );
        let lookup = self
            .lookup
            .get_or_init(|| make_lookup(&self.statements, |id| self.key(id)));
        find(lookup, key, |id| self.key(id))
    }
}

/// The statements (not references) in reading order: the first of them holds a key shared by
/// several.
fn statements_in_reading_order(map: &ArgMap) -> impl Iterator<Item = NodeId> + '_ {
    map.preorder()
        .filter(|&id| matches!(map.node(id).body, Body::Statement(_)))
}

/// The key of a statement in a map without stable ids: `h-` and sixteen hex digits of
/// [`text_hash`].
struct TextKey(u64);

impl TextKey {
    /// The hash a key was written from, or `None` for a key not written by this.
    fn parse(key: &str) -> Option<u64> {
        let digits = key.strip_prefix("h-")?;
        let lower_hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
        if digits.len() != 16 || !digits.as_bytes().iter().all(lower_hex) {
            return None;
        }
        u64::from_str_radix(digits, 16).ok()
    }
}

impl std::fmt::Display for TextKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "h-{:016x}", self.0)
    }
}

/// fnv1a("{label}\u{1f}{parent's label}"), both [`normalised`], fed piece by piece: what keys
/// notes on a statement whose id changes on every export (and no earlier sibling has its words).
fn text_hash(map: &ArgMap, statement: NodeId) -> u64 {
    text_hash_from(words_hash(map, statement), map, map.parent(statement))
}

/// fnv1a of a statement's [`normalised`] label: where [`text_hash`] stands before the parent's
/// label is fed. Each byte fed maps the hash one to one, so two siblings have the same
/// `text_hash` exactly when they have the same `words_hash`.
fn words_hash(map: &ArgMap, statement: NodeId) -> u64 {
    fnv1a_feed(FNV_START, &map.statement(statement).label)
}

/// [`text_hash`] from the statement's [`words_hash`] and its parent.
fn text_hash_from(words: u64, map: &ArgMap, parent: Option<NodeId>) -> u64 {
    let mut hash = fnv1a_bytes(words, "\u{1f}".as_bytes());
    if let Some(parent) = parent {
        hash = fnv1a_feed(hash, &map.statement(parent).label);
    }
    hash
}

/// The hash in the key of every statement of `map`, by node index (a reference's place holds
/// nothing useful: it is keyed by its target): each family read whole, in order.
fn text_key_hashes(map: &ArgMap) -> Vec<u64> {
    let mut hashes = vec![0; map.len()];
    hashes[map.root.index()] = text_hash(map, map.root);
    let mut same_words = SameWords::default();
    for i in 0..map.len() {
        let parent = NodeId(i as u32);
        same_words.clear();
        for &child in map.children(parent) {
            if let Some((words, later)) = same_words.read(map, child) {
                let plain = text_hash_from(words, map, Some(parent));
                hashes[child.index()] = later.map_or(plain, |later| later.hash(plain));
            }
        }
    }
    hashes
}

/// Siblings with the same words, told apart. The first of them in reading order keeps the
/// plain [`text_hash`], the key notes files were always written with, so a note stays where it
/// was seen; each later one has its side and its ordinal among the same-worded siblings on that
/// side folded in ([`Later::hash`]). By side, not kind: a Kialo export keeps a point's side
/// (Pro or Con) but not its kind (evidence reads back as a claim), and a point added on one
/// side leaves the keys on the other as they were. Nothing here is an id, so the keys survive a
/// re-export that renumbers them.
#[derive(Debug, Clone, Default)]
struct SameWords {
    /// By [`words_hash`]: how many siblings read so far have those words, on each side.
    counts: FastMap<u64, [u32; 3]>,
}

/// A statement whose words an earlier sibling has: its side, and how many siblings with its
/// words on that side came before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Later {
    side: &'static str,
    ordinal: u32,
}

impl Later {
    /// The key's hash: `plain`, the [`text_hash`], continued over "\u{1f}{side} {ordinal}".
    /// The first sibling has (its side, 0) and keeps `plain`, so no later one has its pair.
    fn hash(self, plain: u64) -> u64 {
        let hash = fnv1a_bytes(plain, "\u{1f}".as_bytes());
        let hash = fnv1a_bytes(hash, self.side.as_bytes());
        fnv1a_bytes(hash, format!(" {}", self.ordinal).as_bytes())
    }
}

impl SameWords {
    fn clear(&mut self) {
        self.counts.clear();
    }

    /// Reads `child`, the next of its parent's children: its [`words_hash`], and whether an
    /// earlier sibling has its words. `None` for a reference, keyed by its target.
    fn read(&mut self, map: &ArgMap, child: NodeId) -> Option<(u64, Option<Later>)> {
        if map.is_ref(child) {
            return None;
        }
        let words = words_hash(map, child);
        let (side, slot) = match map.node(child).kind.stance() {
            Stance::For => ("for", 0),
            Stance::Against => ("against", 1),
            Stance::Root => ("none", 2),
        };
        let counts = self.counts.entry(words).or_default();
        let first = counts.iter().all(|&count| count == 0);
        let ordinal = counts[slot];
        counts[slot] = ordinal.saturating_add(1);
        Some((words, (!first).then_some(Later { side, ordinal })))
    }
}

/// A parent's children read so far, in order, for keys asked one at a time.
#[derive(Debug, Clone, Default)]
struct Family {
    /// How many of the children have been read.
    read: usize,
    same_words: SameWords,
    /// The children read whose words an earlier sibling has, with the hash in their key.
    later: FastMap<NodeId, u64>,
}

impl Family {
    /// Reads the children of `parent` up to `end` (not included), if not read yet.
    fn read_to(&mut self, map: &ArgMap, parent: NodeId, end: usize) {
        let children = map.children(parent);
        let end = end.min(children.len());
        if self.read >= end {
            return;
        }
        for &child in &children[self.read..end] {
            if let Some((words, Some(later))) = self.same_words.read(map, child) {
                let plain = text_hash_from(words, map, Some(parent));
                self.later.insert(child, later.hash(plain));
            }
        }
        self.read = end;
        if end == children.len() {
            // Every child's key is known: the counts are needed no more.
            self.same_words = SameWords::default();
        }
    }
}

/// The table from keys to nodes, from the statements in reading order and their keys: the
/// first statement in reading order holds a key shared by several.
fn make_lookup<'a>(statements: &[NodeId], key_of: impl Fn(NodeId) -> &'a str) -> Lookup {
    let mut lookup = Lookup::default();
    lookup.by_hash.reserve(statements.len());
    for &id in statements {
        let key = key_of(id);
        let hash = fast_hash::hash_one(key);
        match lookup.by_hash.get(&hash) {
            None => {
                lookup.by_hash.insert(hash, id);
            }
            Some(&first) if key_of(first) == key => {}
            Some(_) => {
                if !lookup.collisions.iter().any(|(k, _)| k == key) {
                    lookup.collisions.push((key.to_string(), id));
                }
            }
        }
    }
    lookup
}

/// The node holding `key` in a table made by [`make_lookup`].
fn find<'a>(lookup: &Lookup, key: &str, key_of: impl Fn(NodeId) -> &'a str) -> Option<NodeId> {
    match lookup.by_hash.get(&fast_hash::hash_one(key)) {
        Some(&id) if key_of(id) == key => Some(id),
        _ => lookup
            .collisions
            .iter()
            .find(|(k, _)| k == key)
            .map(|&(_, id)| id),
    }
}

/// Text as it should compare across re-exports: lowercase, white space collapsed.
fn normalised(text: &str) -> String {
    crate::source::collapse_whitespace(text).to_lowercase()
}

/// FNV-1a, 64 bits: stable across runs and platforms, unlike the standard library's hasher.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv1a_bytes(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Continues `hash` over [`normalised`] `text`, lowercased as it is fed rather than copied, so
/// the hash, and with it every note's key, is exactly as before.
fn fnv1a_feed(hash: u64, text: &str) -> u64 {
    let collapsed = crate::source::collapse_whitespace_cow(text);
    if collapsed.is_ascii() {
        return collapsed.bytes().fold(hash, |hash, byte| {
            (hash ^ u64::from(byte.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
        });
    }
    // Lowercasing a whole string differs from lowercasing its characters one by one only for
    // a capital sigma (final or not, by its place in the word).
    if collapsed.contains('Σ') {
        return fnv1a_bytes(hash, normalised(text).as_bytes());
    }
    let mut buffer = [0; 4];
    collapsed
        .chars()
        .flat_map(char::to_lowercase)
        .fold(hash, |hash, c| {
            fnv1a_bytes(hash, c.encode_utf8(&mut buffer).as_bytes())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keys_are_the_hash_of_both_normalised_labels_as_they_always_were() {
        use crate::model::{Kind, Meta, Statement};
        let labels = [
            "Plain thesis",
            "  Mixed   CASE\twith  spaces ",
            "ΣΟΦΙΑ ΚΑΙ ΛΟΓΟΣ",
            "Crimée — l’annexion",
            "ΟΔΟΣ Σ ΣΑ ΑΣ.",
            "İstanbul ǅemal ẞ",
            "",
        ];
        let statement = |label: &str| Statement {
            id: "x".into(),
            label: label.into(),
            ..Statement::default()
        };
        let mut map = ArgMap::new(Meta::default(), statement(labels[0]));
        let mut at = map.root;
        for label in &labels[1..] {
            at = map.push(at, Kind::Claim, Body::Statement(statement(label)));
        }
        let keys = Keys::new(&map, false);
        // The formula notes files were written with: FNV-1a of the joined, normalised labels.
        let old = |text: &str| {
            text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            })
        };
        for i in 0..map.len() {
            let id = NodeId(i as u32);
            let parent = map
                .parent(id)
                .map(|p| normalised(&map.statement(p).label))
                .unwrap_or_default();
            let joined = format!("{}\u{1f}{parent}", normalised(&map.statement(id).label));
            assert_eq!(
                keys.key(id),
                format!("h-{:016x}", old(&joined)),
                "{joined:?}"
            );
        }
    }

    #[test]
    fn changes_undo_and_redo_in_order() {
        let mut notes = Notes::default();
        assert!(notes.change("a", "A", |e| e.mark = Some(Mark::Agree)));
        assert!(notes.change("a", "A", |e| e.impact = Some(3)));
        assert!(notes.change("b", "B", |e| e.note = "why?".into()));
        assert!(
            !notes.change("b", "B", |e| e.note = "why?".into()),
            "no change, no history"
        );
        let undone = notes.undo().unwrap();
        assert_eq!(
            (undone.key.as_str(), undone.what()),
            ("b", "the note".into())
        );
        assert!(notes.get("b").is_none());
        let undone = notes.undo().unwrap();
        assert_eq!(undone.key, "a");
        assert_eq!(undone.what(), "the impact rating");
        assert_eq!(undone.label(), "A");
        assert_eq!(notes.get("a").unwrap().impact, None);
        assert_eq!(notes.get("a").unwrap().mark, Some(Mark::Agree));
        assert_eq!(notes.redo().map(|change| change.key).as_deref(), Some("a"));
        assert_eq!(notes.get("a").unwrap().impact, Some(3));
        notes.change("c", "C", |e| e.bookmark = true);
        assert_eq!(
            notes.redo(),
            None,
            "a new change clears what could be redone"
        );
        assert_eq!(
            notes.version(),
            7,
            "three changes, two undos, a redo, a change"
        );
    }

    /// Notes another window saved are taken up under this window's own changes: the keys this
    /// window changed keep its entries (a change undone is none), every other key has the
    /// file's, and undo and redo go on working on this window's changes, now over the file's.
    #[test]
    fn rebasing_keeps_this_windows_changes_on_top_of_the_files() {
        let entry = |note: &str| Entry {
            note: note.into(),
            label: "L".into(),
            ..Entry::default()
        };
        let mut base: BTreeMap<String, Entry> = [("a", "a0"), ("b", "b0"), ("c", "c0")]
            .into_iter()
            .map(|(k, n)| (k.to_string(), entry(n)))
            .collect();
        base.insert(
            "m".into(),
            Entry {
                mark: Some(Mark::Agree),
                impact: Some(1),
                label: "M".into(),
                ..Entry::default()
            },
        );
        let mut notes = Notes::from_entries(base.clone());
        notes.change("a", "L", |e| e.note = "a mine".into());
        // On one node: a note and an impact here, a mark and an impact there.
        notes.change("m", "M", |e| {
            e.note = "m mine".into();
            e.impact = Some(4);
        });
        notes.change("d", "L", |e| e.bookmark = true);
        notes.change("b", "L", |e| e.note = String::new());
        notes.change("c", "L", |e| e.note = "c mine".into());
        notes.undo();
        assert_eq!(notes.changed_since(&base), ["a", "b", "d", "m"]);

        // The file now: a, b, c and m changed by the other window, e new.
        let mut new = base.clone();
        for (key, note) in [("a", "a1"), ("b", "b1"), ("c", "c1"), ("e", "e1")] {
            new.insert(key.to_string(), entry(note));
        }
        new.insert(
            "m".into(),
            Entry {
                mark: Some(Mark::Disagree),
                impact: Some(2),
                label: "M".into(),
                ..Entry::default()
            },
        );
        let version = notes.version();
        assert_eq!(notes.rebase(&base, &new), ["a", "b", "d", "m"]);
        let m = notes.get("m").unwrap();
        assert_eq!(
            (m.mark, m.impact, m.note.as_str()),
            (Some(Mark::Disagree), Some(4), "m mine"),
            "the other's mark, this window's note, and its impact over the other's"
        );
        assert!(notes.version() > version);
        let note = |notes: &Notes, key: &str| notes.get(key).map(|e| e.note.clone());
        assert_eq!(note(&notes, "a").as_deref(), Some("a mine"));
        assert_eq!(note(&notes, "b"), None, "deleted here, so deleted");
        assert_eq!(
            note(&notes, "c").as_deref(),
            Some("c1"),
            "undone here: the file's"
        );
        assert!(notes.get("d").unwrap().bookmark);
        assert_eq!(note(&notes, "e").as_deref(), Some("e1"));
        assert_eq!(notes.changed_since(&new), ["a", "b", "d", "m"]);
        // Undo now brings back the file's entries, not those it had before.
        assert_eq!(notes.undo().unwrap().key, "b");
        assert_eq!(note(&notes, "b").as_deref(), Some("b1"));
        assert_eq!(notes.undo().unwrap().key, "d");
        assert_eq!(notes.undo().unwrap().key, "m");
        assert_eq!(notes.get("m"), new.get("m"));
        notes.undo();
        assert_eq!(note(&notes, "a").as_deref(), Some("a1"));
        assert_eq!(notes.entries(), &new);
        // Redo: this window's changes again, the one undone before the file changed included.
        for _ in 0..4 {
            notes.redo();
        }
        assert_eq!(notes.get("m").unwrap().mark, Some(Mark::Disagree));
        notes.redo();
        assert_eq!(note(&notes, "c").as_deref(), Some("c mine"));
        assert!(notes.redo().is_none());
        // The same file again: nothing changes.
        let version = notes.version();
        notes.rebase(&new, &new);
        assert_eq!(notes.version(), version);
    }

    #[test]
    fn an_entry_emptied_is_removed() {
        let mut notes = Notes::default();
        notes.change("a", "A", |e| e.bookmark = true);
        notes.change("a", "A", |e| e.bookmark = false);
        assert!(notes.entries().is_empty());
    }

    #[test]
    fn keys_are_ids_for_stable_maps_and_text_hashes_otherwise() {
        let map = crate::load::builtin().map;
        let crimea = map.find("crimea").unwrap();
        let by_id = Keys::new(&map, true);
        assert_eq!(by_id.key(crimea), "crimea");
        assert_eq!(by_id.node("crimea"), Some(crimea));
        let by_text = Keys::new(&map, false);
        let key = by_text.key(crimea).to_string();
        assert!(key.starts_with("h-"));
        assert_eq!(by_text.node(&key), Some(crimea));
        // The same text under the same parent hashes the same in another run.
        assert_eq!(Keys::new(&map, false).key(crimea), key);
    }

    #[test]
    fn keys_for_the_view_read_the_map_and_answer_as_made_keys_do() {
        let map = crate::load::builtin().map;
        for stable in [true, false] {
            let made = Keys::new(&map, stable);
            let view = Keys::for_view(stable);
            for id in map.preorder() {
                let key = made.key(id);
                assert_eq!(view.key_in(&map, id), key);
                assert_eq!(view.node_in(Some(&map), key), made.node(key), "{key}");
                let upper = key.to_uppercase();
                assert_eq!(view.node_in(Some(&map), &upper), made.node(&upper));
            }
            assert_eq!(view.node_in(Some(&map), "no-such-key"), None);
        }
    }

    /// thesis ─┬─ cost (claim) ─── cheap (claim)
    ///         ├─ cost (objection) ─── dear (claim)
    ///         ├─ cost (objection)
    ///         ├─ a ref to the first cost (objection)
    ///         └─ cost (evidence)
    /// with ids from `id`, as an export that numbers its claims would give them.
    fn same_words_map(id: impl Fn(usize) -> String) -> ArgMap {
        use crate::model::tests::statement;
        use crate::model::{Kind, Meta};
        let mut map = ArgMap::new(Meta::default(), statement(&id(0), "Buy tablets"));
        let root = map.root;
        let pro = map.push(
            root,
            Kind::Claim,
            Body::Statement(statement(&id(1), "Cost")),
        );
        map.push(
            pro,
            Kind::Claim,
            Body::Statement(statement(&id(2), "Cheap")),
        );
        let con = map.push(
            root,
            Kind::Objection,
            Body::Statement(statement(&id(3), " COST")),
        );
        map.push(con, Kind::Claim, Body::Statement(statement(&id(4), "Dear")));
        map.push(
            root,
            Kind::Objection,
            Body::Statement(statement(&id(5), "cost")),
        );
        map.push(root, Kind::Objection, Body::Ref(pro));
        map.push(
            root,
            Kind::Evidence,
            Body::Statement(statement(&id(6), "Cost")),
        );
        map
    }

    /// Keys of the statements of `map` in reading order, as [`Keys::new`] writes them.
    fn statement_keys(map: &ArgMap) -> Vec<String> {
        let keys = Keys::new(map, false);
        statements_in_reading_order(map)
            .map(|id| keys.key(id).to_string())
            .collect()
    }

    #[test]
    fn same_worded_siblings_have_their_own_keys_and_the_first_keeps_the_old_one() {
        let map = same_words_map(|i| format!("k-{i}"));
        let keys = statement_keys(&map);
        let distinct: std::collections::BTreeSet<&String> = keys.iter().collect();
        assert_eq!(distinct.len(), keys.len(), "{keys:?}");
        // The first "Cost" and its child keep the key notes files were written with.
        let first_cost = map.children(map.root)[0];
        let old = TextKey(text_hash(&map, first_cost)).to_string();
        assert_eq!(Keys::new(&map, false).key(first_cost), old);
        let cheap = map.children(first_cost)[0];
        assert_eq!(
            Keys::new(&map, false).key(cheap),
            TextKey(text_hash(&map, cheap)).to_string()
        );
        // The reference shows the first "Cost", so it has its notes.
        let reference = map.children(map.root)[3];
        assert_eq!(Keys::new(&map, false).key(reference), old);
    }

    #[test]
    fn same_worded_keys_survive_renumbered_ids_and_a_point_added_on_the_other_side() {
        let map = same_words_map(|i| format!("k-{i}"));
        let renumbered = same_words_map(|i| format!("k-{}", 100 - i));
        assert_eq!(statement_keys(&map), statement_keys(&renumbered));

        // A new "Cost" Con between the Pro and the first Con moves the Cons' keys along (the
        // second Con now has the first's), but neither the Pro's nor the evidence's.
        let mut added = same_words_map(|i| format!("k-{i}"));
        let root = added.root;
        let con = added.push(
            root,
            crate::model::Kind::Caveat,
            Body::Statement(crate::model::tests::statement("new", "Cost")),
        );
        let children = &mut added.nodes[root.index()].children;
        children.pop();
        children.insert(1, con);
        let before = Keys::new(&map, false);
        let after = Keys::new(&added, false);
        let key =
            |keys: &Keys, map: &ArgMap, at: usize| keys.key(map.children(map.root)[at]).to_string();
        assert_eq!(key(&before, &map, 0), key(&after, &added, 0), "the Pro");
        assert_eq!(
            key(&before, &map, 4),
            key(&after, &added, 5),
            "the evidence"
        );
        assert_eq!(
            key(&before, &map, 1),
            key(&after, &added, 1),
            "the first Con"
        );
        assert_eq!(
            key(&before, &map, 2),
            key(&after, &added, 2),
            "the second Con"
        );
    }

    /// The view works keys out family by family as the rows ask for them, in any order, and
    /// must find what [`Keys::new`] writes, both ways.
    #[test]
    fn keys_for_the_view_tell_same_worded_siblings_apart_as_made_keys_do() {
        use crate::model::Kind;
        use crate::model::tests::statement;
        let mut map = same_words_map(|i| format!("k-{i}"));
        // A big family, asked from its end first.
        let root = map.root;
        for i in 0..300 {
            let kind = if i % 3 == 0 {
                Kind::Objection
            } else {
                Kind::Claim
            };
            let label = if i % 2 == 0 { "Again" } else { "Other" };
            map.push(
                root,
                kind,
                Body::Statement(statement(&format!("b-{i}"), label)),
            );
        }
        let made = Keys::new(&map, false);
        let orders: [Vec<NodeId>; 2] = [
            map.preorder().collect(),
            map.preorder()
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
        ];
        for order in orders {
            let view = Keys::for_view(false);
            for &id in &order {
                let key = view.key_in(&map, id).into_owned();
                assert_eq!(key, made.key(id), "{id:?}");
                assert_eq!(view.node_in(Some(&map), &key), Some(map.resolve(id)));
                assert_eq!(made.node(&key), Some(map.resolve(id)));
            }
        }
    }

    #[test]
    fn notes_whose_node_is_gone_are_orphans() {
        let map = crate::load::builtin().map;
        let keys = Keys::new(&map, true);
        let mut notes = Notes::default();
        notes.change("crimea", "Why did Russia attack Crimea?", |e| {
            e.note = "ask".into()
        });
        notes.change("deleted-node", "An old point", |e| e.note = "kept".into());
        let orphans = notes.orphans(&keys);
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].0, "deleted-node");
        assert_eq!(orphans[0].1.label, "An old point");
    }
}
