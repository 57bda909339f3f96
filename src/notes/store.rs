//! Where seminar notes are kept on disk, and how they are written so that they are never lost.
//!
//! The notes of a map `X.json` live beside it in `X.notes.json`; those of the built-in map in the
//! platform's data folder; `--notes FILE` names any other file. The file is pretty-printed JSON
//! with its keys in a stable order, so it diffs well:
//!
//! ```json
//! {
//!   "argscope_notes": 1,
//!   "map": "Iran–Russia relations",
//!   "keyed_by": "id",
//!   "entries": {
//!     "crimea": {
//!       "mark": "unsure",
//!       "impact": 3,
//!       "bookmark": true,
//!       "note": "Ask what the author means by \"pushed aside\".",
//!       "label": "Why did Russia attack Crimea?"
//!     }
//!   }
//! }
//! ```
//!
//! Saving is atomic: the new content goes to a temporary file in the same folder, which is
//! synced, the current file is hard-linked as `X.notes.json.bak`, and the temporary file is
//! renamed over `X.notes.json`; then the folder is synced. At every instant `X.notes.json` holds
//! either the old content or the new, whole (see [`Store::save`]).
//!
//! A file that does not parse is never written over: its store opens read-only and says which
//! file to repair. A second argscope on the same notes finds an advisory lock
//! (`X.notes.json.lock`, holding the pid of the argscope that has it) and opens read-only too.
//! It follows the file ([`Store::follow`]): each save of the first shows in it, with its own
//! changes (kept in memory) on top, and once the first has closed (or died: the operating
//! system lets go of a dead process's lock) it takes the lock, adds its own changes to the
//! notes the first saved, and saves them.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read as _, Write as _};
use std::path::{Path, PathBuf};

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, parse_to_ast};
use serde::Serialize;
use thiserror::Error;

use super::{Entry, MAX_IMPACT, Mark, Notes};
pub use crate::atomic::Step;
use crate::atomic::{fault, fitting_sibling, folder, is_fitting_sibling, write_atomically};
use crate::load::{LoadError, io_reason};
use crate::model::problem::LineIndex;
use crate::model::{Place, Problem};
use crate::text::sanitize;

/// The notes format version this build reads and writes.
pub const VERSION: u64 = 1;

/// Where the notes of a map live when `--notes` does not say: `X.notes.json` beside a map file
/// `X.json` (or any `X.ext`), and `<data folder>/<builtin_name>.notes.json` for the built-in map
/// (`~/.local/share/argscope/iran-russia.notes.json` on Linux). `None` when the platform has no
/// data folder (no home directory).
pub fn default_path(map_file: Option<&Path>, builtin_name: &str) -> Option<PathBuf> {
    match map_file {
        Some(map) => Some(map.with_extension("notes.json")),
        None => directories::ProjectDirs::from("", "", "argscope")
            .map(|dirs| dirs.data_dir().join(format!("{builtin_name}.notes.json"))),
    }
}

/// What a command does with the notes file, which decides what is at stake when it is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotesUse {
    /// The interface, which saves the notes after every change.
    Save,
    /// `export --notes` and `notes summary`, which only read them.
    Read,
}

/// Refuses a notes path that is the map file itself (`--notes map.json`): saving would destroy
/// the map, and reading finds a map, not notes. The message is one sentence saying what to do
/// instead, and names the danger only where there is one.
pub fn check_path(notes: &Path, map_file: Option<&Path>, purpose: NotesUse) -> Result<(), String> {
    let Some(map) = map_file else { return Ok(()) };
    if same_file(notes, map) {
        let why = match purpose {
            NotesUse::Save => ", and saving notes would write over the map",
            NotesUse::Read => ", not a notes file",
        };
        return Err(format!(
            "the notes file {} is the map itself{why}; give --notes another file, such as {}",
            notes.display(),
            map.with_extension("notes.json").display()
        ));
    }
    Ok(())
}

/// What makes a notes file that cannot be used usable again, as the read-only notice says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Remedy {
    /// A file that does not parse: repaired, it opens.
    Repair,
    /// A folder or a device: no repair makes it a notes file; the message names another.
    AnotherFile,
    /// A name too long for the file system: no file can have it, so the message, whole in
    /// itself, says to use a shorter one.
    ShorterName,
}

/// The backup of a notes file: its previous version, `X.notes.json.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    crate::atomic::backup_path(path)
}

/// The file a notes path names: a symbolic link's target, so that the lock and the saves are
/// the target's by whatever name it is reached (two names for one file, one lock each, would
/// let two argscopes write it; and a save renamed over the link would cut it off from its
/// target). Any other path as it is, so messages name it as the user did.
fn through_links(path: PathBuf) -> PathBuf {
    let is_link = fs::symlink_metadata(&path).is_ok_and(|meta| meta.file_type().is_symlink());
    if is_link {
        fs::canonicalize(&path).unwrap_or(path)
    } else {
        path
    }
}

/// The lock file beside a notes file, `X.notes.json.lock`, while an argscope has it open (its
/// name shortened when the notes file's leaves no room for `.lock`, as the temporary files'
/// are).
pub fn lock_path(path: &Path) -> PathBuf {
    fitting_sibling(path, ".lock")
}

/// The file beside a notes file, `X.notes.json.draft`, that keeps notes left unfinished in the
/// editor when argscope was stopped, until the next argscope on those notes offers them back
/// (shortened as [`lock_path`] is).
pub fn drafts_path(path: &Path) -> PathBuf {
    fitting_sibling(path, ".draft")
}

/// Whether `name` is the name of a temporary file a save of the notes at `notes` makes beside
/// them: `X.notes.json.tmp-…`, `.bak.tmp-…`, `.draft.tmp-…`, or, for a long name, the shortened
/// form of one of these.
pub fn is_temporary_name(name: &str, notes: &Path) -> bool {
    is_fitting_sibling(notes, name, ".tmp-")
        || is_fitting_sibling(notes, name, ".bak.tmp-")
        || is_fitting_sibling(&drafts_path(notes), name, ".tmp-")
}

/// Makes `dir` and any folders above it that are missing; returns those it made, the deepest
/// first (none when it was there, or could not be made).
fn make_folders(dir: &Path) -> Vec<PathBuf> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(folder) = at.filter(|f| !f.as_os_str().is_empty()) {
        match fs::symlink_metadata(folder) {
            Ok(_) => break,
            Err(error) if error.kind() == ErrorKind::NotFound => missing.push(folder.to_path_buf()),
            Err(_) => return Vec::new(),
        }
        at = folder.parent();
    }
    if missing.is_empty() || fs::create_dir_all(dir).is_err() {
        return Vec::new();
    }
    missing
}

/// A notes file as read: what it says it is for, and its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesFile {
    /// The map's title (or file name) when the file was written; informative only.
    pub map: String,
    /// `"keyed_by": "id"` (true) or `"text"` (false): see [`super::Keys`].
    pub keyed_by_id: bool,
    pub entries: BTreeMap<String, Entry>,
}

/// Reads a notes file without locking it (for exports and summaries). `Ok(None)` when there is
/// no such file; every problem found otherwise, each with its place.
pub fn read(path: &Path) -> Result<Option<NotesFile>, Vec<Problem>> {
    let name = path.display().to_string();
    match read_notes_bytes(path) {
        Ok(Some(bytes)) => parse_bytes(&bytes, &name).map(Some),
        Ok(None) => Ok(None),
        // No file can have that name, so there are no notes there: reading, as a summary
        // does, finds none (saving is what the name stops, and says so).
        Err((_, Remedy::ShorterName)) => Ok(None),
        Err((reason, _)) => Err(vec![Problem::error(Place::whole(&name), reason)]),
    }
}

/// A notes file's bytes, `None` when there is no such file. Read as a map is read: a named pipe
/// or a device is refused rather than waited on, and the size limit holds.
/// The error says why, after the file's name, and what mends it: a folder or a device given as
/// the notes file (`--notes ~/seminar/`) can never hold notes, so its fix is another file.
fn read_notes_bytes(path: &Path) -> Result<Option<Vec<u8>>, (String, Remedy)> {
    if let Err(error) = fs::symlink_metadata(path) {
        if is_missing(&error) {
            return Ok(None);
        }
        if error.kind() == ErrorKind::InvalidFilename {
            return Err((name_too_long(path), Remedy::ShorterName));
        }
    }
    crate::load::read_file(path, crate::load::max_size())
        .map(Some)
        .map_err(|error| match error {
            LoadError::NotAFile { what, .. } => (
                format!(
                    "{what}, so it cannot hold notes; give --notes a regular file (one not there yet is made at the first note)"
                ),
                Remedy::AnotherFile,
            ),
            other => (
                format!("cannot read the notes file: {other}"),
                Remedy::Repair,
            ),
        })
}

/// Why notes cannot be kept at `path`, a name too long for the file system (most take 255 bytes
/// a file name, 4096 a whole path): said after the file's name, with what to do.
fn name_too_long(path: &Path) -> String {
    let name = path.file_name().map_or(0, |name| name.len());
    let (what, bytes) = if name > 255 {
        ("name", name)
    } else {
        ("path", path.as_os_str().len())
    };
    format!(
        "this {what} ({bytes} bytes) is too long for the file system, so notes cannot be saved there; rename the map file to a shorter name, or give --notes a file with a shorter {what}"
    )
}

fn parse_bytes(bytes: &[u8], name: &str) -> Result<NotesFile, Vec<Problem>> {
    match crate::load::decode(bytes, name) {
        Ok(text) => parse(&text, name),
        Err(crate::load::LoadError::NotUtf8 { place, offset, .. }) => Err(vec![Problem::error(
            place,
            format!("the notes file is not valid UTF-8 (byte {offset}); save it as UTF-8 text"),
        )]),
        Err(other) => Err(vec![Problem::error(Place::whole(name), other.to_string())]),
    }
}

const TOP_FIELDS: &[&str] = &["argscope_notes", "map", "keyed_by", "entries"];
const ENTRY_FIELDS: &[&str] = &["mark", "impact", "bookmark", "note", "label"];

/// Parses the text of a notes file. `file` names it in messages. Every problem is reported with
/// the line and column of the value at fault, what is wrong, and how to fix it.
pub fn parse(text: &str, file: &str) -> Result<NotesFile, Vec<Problem>> {
    let lines = LineIndex::new(text);
    let at = |offset: usize| lines.place(file, offset);
    let options = crate::formats::native::strict_json();
    let ast = match parse_to_ast(text, &CollectOptions::default(), &options) {
        Ok(result) => result.value,
        Err(error) => {
            return Err(vec![Problem::error(
                at(error.range().start),
                format!(
                    "this is not valid JSON: {}; repair it by hand, or put back the previous version from its .bak file if one is beside it",
                    lowercase_first(&error.kind().to_string())
                ),
            )]);
        }
    };
    let Some(Value::Object(top)) = ast else {
        return Err(vec![Problem::error(
            at(0),
            "the file holds no JSON object; a notes file is an object such as {\"argscope_notes\": 1, \"entries\": {…}}",
        )]);
    };
    let mut reader = Reader {
        at: &at,
        problems: Vec::new(),
    };
    let notes = reader.read_file(&top);
    if reader.problems.is_empty() {
        Ok(notes)
    } else {
        Err(reader.problems)
    }
}

struct Reader<'f, F: Fn(usize) -> Place> {
    at: &'f F,
    problems: Vec<Problem>,
}

impl<F: Fn(usize) -> Place> Reader<'_, F> {
    fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.problems
            .push(Problem::error((self.at)(offset), message));
    }

    fn read_file(&mut self, top: &Object) -> NotesFile {
        let mut notes = NotesFile {
            map: String::new(),
            keyed_by_id: true,
            entries: BTreeMap::new(),
        };
        if top.get("argscope").is_some() && top.get("argscope_notes").is_none() {
            self.error(
                top.start(),
                "this is an argscope map, not a notes file; notes are kept in a file of their own (X.notes.json beside the map X.json), so give --notes another file",
            );
            return notes;
        }
        self.check_fields(top, TOP_FIELDS, "the notes file");
        match top.get("argscope_notes").map(|p| &p.value) {
            Some(Value::NumberLit(n)) if n.value == "1" => {}
            Some(Value::NumberLit(n)) => self.error(
                n.start(),
                format!(
                    "this notes file is format version {}, but this build reads version {VERSION}; open it with the argscope that wrote it, or a newer one",
                    n.value
                ),
            ),
            Some(other) => self.error(
                other.start(),
                format!("\"argscope_notes\" must be the number {VERSION}, without quotes"),
            ),
            None => self.error(
                top.start(),
                "this JSON is not an argscope notes file: it has no \"argscope_notes\" field; add \"argscope_notes\": 1 at the top",
            ),
        }
        match top.get("map").map(|p| &p.value) {
            None => {}
            Some(Value::StringLit(s)) => notes.map = sanitize(&s.value, false),
            Some(other) => self.error(
                other.start(),
                "\"map\" must be the map's title, as a string in double quotes",
            ),
        }
        match top.get("keyed_by").map(|p| &p.value) {
            None => {}
            Some(Value::StringLit(s)) if s.value == "id" => {}
            Some(Value::StringLit(s)) if s.value == "text" => notes.keyed_by_id = false,
            Some(other) => self.error(
                other.start(),
                format!(
                    "\"keyed_by\" is {}, but it must be \"id\" (notes found by node id) or \"text\" (by a hash of the node's text)",
                    describe(other)
                ),
            ),
        }
        match top.get("entries").map(|p| &p.value) {
            None => {}
            Some(Value::Object(entries)) => {
                self.check_fields(entries, &[], "");
                for prop in &entries.properties {
                    if let Some(entry) = self.read_entry(prop.name.as_str(), &prop.value) {
                        notes.entries.insert(prop.name.as_str().to_string(), entry);
                    }
                }
            }
            Some(other) => self.error(
                other.start(),
                "\"entries\" must be an object of notes by node, such as {\"crimea\": {\"note\": \"…\"}}",
            ),
        }
        notes
    }

    fn read_entry(&mut self, key: &str, value: &Value) -> Option<Entry> {
        let Value::Object(object) = value else {
            self.error(
                value.start(),
                format!(
                    "the entry {key:?} must be an object such as {{\"mark\": \"agree\", \"note\": \"…\"}}"
                ),
            );
            return None;
        };
        let owner = format!("the entry {key:?}");
        self.check_fields(object, ENTRY_FIELDS, &owner);
        let mut entry = Entry::default();
        for prop in &object.properties {
            let value = &prop.value;
            match (prop.name.as_str(), value) {
                (_, Value::NullKeyword(_)) => {}
                ("mark", Value::StringLit(s)) => {
                    match Mark::ALL.into_iter().find(|m| m.word() == s.value) {
                        Some(mark) => entry.mark = Some(mark),
                        None => self.error(
                            s.start(),
                            format!(
                                "unknown mark {:?} in {owner}; use \"agree\", \"disagree\" or \"unsure\"",
                                s.value
                            ),
                        ),
                    }
                }
                ("impact", Value::NumberLit(n)) => match n.value.parse::<u8>() {
                    Ok(impact) if impact <= MAX_IMPACT => entry.impact = Some(impact),
                    _ => self.error(
                        n.start(),
                        format!(
                            "the impact {} in {owner} is not a whole number from 0 to {MAX_IMPACT}; write one, such as \"impact\": 3",
                            n.value
                        ),
                    ),
                },
                ("bookmark", Value::BooleanLit(b)) => entry.bookmark = b.value,
                ("note", Value::StringLit(s)) => entry.note = sanitize(&s.value, true),
                ("label", Value::StringLit(s)) => entry.label = sanitize(&s.value, false),
                (field @ ("mark" | "note" | "label"), other) => self.error(
                    other.start(),
                    format!(
                        "{field:?} in {owner} is {}, but it must be a string in double quotes",
                        describe(other)
                    ),
                ),
                ("impact", other) => self.error(
                    other.start(),
                    format!(
                        "\"impact\" in {owner} is {}, but it must be a whole number from 0 to {MAX_IMPACT}, without quotes",
                        describe(other)
                    ),
                ),
                ("bookmark", other) => self.error(
                    other.start(),
                    format!(
                        "\"bookmark\" in {owner} is {}, but it must be true or false, without quotes",
                        describe(other)
                    ),
                ),
                // Unknown fields were reported by check_fields.
                _ => {}
            }
        }
        Some(entry)
    }

    /// Reports fields not in `allowed` (unless it is empty) and names given twice, which a save
    /// would otherwise silently merge into one.
    fn check_fields(&mut self, object: &Object, allowed: &[&str], owner: &str) {
        let mut seen = std::collections::HashSet::new();
        for prop in &object.properties {
            let name = prop.name.as_str();
            if !seen.insert(name) {
                self.error(
                    prop.range.start,
                    format!(
                        "{name:?} appears twice{}; keep one of them (merge their notes by hand)",
                        if owner.is_empty() {
                            String::new()
                        } else {
                            format!(" in {owner}")
                        }
                    ),
                );
            } else if !allowed.is_empty() && !allowed.contains(&name) {
                let list = allowed
                    .iter()
                    .map(|f| format!("{f:?}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error(
                    prop.range.start,
                    format!(
                        "{owner} has an unknown field {name:?}; the fields are {list}, so remove it or correct its name"
                    ),
                );
            }
        }
    }
}

/// A JSON value as a message names it.
fn describe(value: &Value) -> String {
    match value {
        Value::StringLit(s) => format!("{:?}", s.value),
        Value::NumberLit(n) => n.value.to_string(),
        Value::BooleanLit(b) => b.value.to_string(),
        Value::NullKeyword(_) => "null".to_string(),
        Value::Object(_) => "an object".to_string(),
        Value::Array(_) => "a list".to_string(),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The file as serde writes it; field order is the order in the file.
#[derive(Serialize)]
struct FileOut<'a> {
    argscope_notes: u64,
    map: &'a str,
    keyed_by: &'a str,
    entries: &'a BTreeMap<String, Entry>,
}

/// The text of a notes file: pretty-printed, entries in key order, ending with a line break.
pub fn to_json(map_label: &str, keyed_by_id: bool, entries: &BTreeMap<String, Entry>) -> String {
    let file = FileOut {
        argscope_notes: VERSION,
        map: map_label,
        keyed_by: if keyed_by_id { "id" } else { "text" },
        entries,
    };
    // Serialising strings, numbers and booleans into a String cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

// Saving ------------------------------------------------------------------------------------------

/// Why notes were not saved. The notes stay in memory either way.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SaveError {
    /// This store may not write: the file did not parse, or another argscope has it open.
    #[error("notes are read-only here: {0}")]
    ReadOnly(String),
    /// Writing failed (a full disk, a read-only folder, no permission).
    #[error("{}", io_message(path, *step, reason, fix, *retried))]
    Io {
        path: PathBuf,
        step: Step,
        reason: String,
        /// What would let the save work, for this kind of failure.
        fix: &'static str,
        /// A save of the store's own file, tried again on the next save; not a `save_as`.
        retried: bool,
    },
    /// `save_as` would write over something that must not be written over.
    #[error("{0}")]
    Refused(String),
}

fn io_message(path: &Path, step: Step, reason: &str, fix: &str, retried: bool) -> String {
    let what = match step {
        Step::CreateDir => format!(
            "cannot save notes to {}: its folder {} cannot be made ({reason})",
            path.display(),
            folder(path).display()
        ),
        _ => format!("cannot save notes to {}: {reason}", path.display()),
    };
    if retried {
        format!("{what}; they are kept in memory and saved again on the next change ({fix})")
    } else {
        // Said where no other file can be chosen (the question on quitting offers one file, and
        // a way out says where the notes went): what would let writing there work.
        format!("{what} ({fix})")
    }
}

/// What would let a save that failed with `error` work, for the message.
fn fix_for(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => "free some space",
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            "make the folder writable"
        }
        io::ErrorKind::NotFound => "check that the folder exists, or write them elsewhere",
        io::ErrorKind::InvalidFilename => {
            "the name is too long: rename the map file to a shorter name, or give --notes a file with a shorter name"
        }
        // A file stands where the folder, or a folder on the way to it, should be.
        io::ErrorKind::AlreadyExists | io::ErrorKind::NotADirectory => {
            "a file stands where a folder should be: move it away, or write them elsewhere"
        }
        _ => "free some space or make the folder writable",
    }
}

/// What a store can do now, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreStatus {
    /// Saves go to the file.
    Writable,
    /// Nothing is written to the file, for this reason (one sentence naming the file).
    ReadOnly(String),
    /// The last save failed with this message; the next save tries again.
    Failed(String),
}

impl StoreStatus {
    /// One sentence for the status line; `None` when all is well.
    pub fn message(&self) -> Option<&str> {
        match self {
            StoreStatus::Writable => None,
            StoreStatus::ReadOnly(reason) | StoreStatus::Failed(reason) => Some(reason),
        }
    }
}

/// The notes file of one map, opened by one argscope.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    map_label: String,
    keyed_by_id: bool,
    /// Held while this argscope may write the file.
    lock: Option<Lock>,
    /// Why this store never writes its file.
    read_only: Option<String>,
    /// What was wrong with the file, when it did not parse.
    problems: Vec<Problem>,
    /// A digest of the file as read (`None`: there was none), so that a lock taken only at the
    /// first save can tell whether another argscope wrote the file in the meantime.
    opened_with: Option<u64>,
    /// The notes version last written (or read).
    saved: u64,
    /// The message of the last save, when it failed.
    last_error: Option<String>,
    /// Injected failures, for tests: every save fails at this step with this error.
    fault: Option<(Step, ErrorKind)>,
    /// Folders `open` made to hold the lock, the deepest first: taken away again when this
    /// argscope ends without having written a note in them.
    made_folders: Vec<PathBuf>,
    /// Notes left unfinished in the editor when an argscope on this file was stopped, read
    /// from the drafts file as this one opened (see [`Store::keep_draft`]).
    drafts: BTreeMap<String, Entry>,
    /// Why the drafts file could not be read, when it could not.
    drafts_problem: Option<String>,
    /// Read-only because another argscope has (or had) the notes: this store follows their
    /// file, and takes it over once that argscope has closed (see [`Store::follow`]).
    following: bool,
    /// The entries as this store last read them from the file, without the lock: the notes
    /// this window's own changes are told from, when the file is read again.
    base: BTreeMap<String, Entry>,
    /// The notes file as last read while following: only a changed stamp makes it read again.
    seen: Option<Stamp>,
    /// The pid the read-only reason names, while another argscope has the notes.
    holder: Option<u32>,
    /// Notes both windows changed, found as the file was read again while following: by key,
    /// the label and the other window's text, kept under this window's when it takes over.
    both_changed: BTreeMap<String, (String, String)>,
}

/// What [`Store::follow`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Followed {
    /// Nothing new: the other argscope still has the notes and has not saved them since.
    Nothing,
    /// The other argscope saved: the notes are now those it saved, with the `own` entries this
    /// window changed (not saved) on top.
    Reloaded { own: usize },
    /// Another argscope than the one named before has the notes now: the read-only reason
    /// ([`Store::status`]) names it.
    OtherHolder,
    /// The file changed but cannot be read now, for this reason: the notes stay as they were.
    Unreadable(String),
    /// The other argscope closed: this store holds the lock, took up the notes it saved with
    /// the `own` entries this window changed on top, and saved them (`saved` says how that
    /// went; `Ok` too when there was nothing of this window's to add). It writes the file from
    /// now on. `both_changed`: the labels of the notes both windows changed, where the other's
    /// text was kept under this one's (see [`super::both::keep_both`]).
    TookOver {
        own: usize,
        saved: Result<(), SaveError>,
        both_changed: Vec<String>,
    },
    /// The other argscope closed, but the file it left cannot be used (it does not parse, or was
    /// made read-only): read-only for this reason now, and no longer followed.
    Refused(String),
}

/// What tells a file changed from one only looked at: its size, when it was last written, and
/// which file it is (a save renames a new file over it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    file: (u64, u64),
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::metadata(path).ok()?;
        #[cfg(unix)]
        let file = {
            use std::os::unix::fs::MetadataExt as _;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let file = (0, 0);
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            file,
        })
    }
}

impl Store {
    /// Opens the notes at `path` for a map (`map_label` is written into the file to say which).
    ///
    /// - No file: empty notes; the file (and its folder) is made by the first save that has
    ///   something to save.
    /// - A file that does not parse, or cannot be read: empty notes, and the store is read-only
    ///   with the reason; the file is never written over while this store lives.
    /// - A file another argscope has open: its notes, read-only here, naming the other's pid.
    ///
    /// `keyed_by_id` says how this map keys its notes ([`super::Keys::new`]); a file keyed the
    /// other way was written for another map, and opens read-only.
    pub fn open(path: PathBuf, map_label: &str, keyed_by_id: bool) -> (Store, Notes) {
        let mut store = Store {
            path: through_links(path),
            map_label: map_label.to_string(),
            keyed_by_id,
            lock: None,
            read_only: None,
            problems: Vec::new(),
            opened_with: None,
            saved: 0,
            last_error: None,
            fault: None,
            made_folders: Vec::new(),
            drafts: BTreeMap::new(),
            drafts_problem: None,
            following: false,
            base: BTreeMap::new(),
            seen: None,
            holder: None,
            both_changed: BTreeMap::new(),
        };
        // Lock first, so what is read is what this argscope will write over, and so that the
        // first argscope to open the notes is the one that keeps them, even before there is a
        // notes file (the built-in map's data folder may not exist yet): a second one opens
        // read-only and says so as it opens. The folder is made for the lock, and taken away
        // again if nothing is ever written in it. A folder that cannot be made (or a lock file
        // that cannot be) is tried again at the first save.
        store.made_folders = make_folders(&folder(&store.path));
        if folder(&store.path).is_dir() {
            match take_lock(&store.path, None) {
                Ok(lock) => store.lock = Some(lock),
                Err(LockError::Held(pid)) => store.held_by(pid),
                Err(LockError::Io(_)) => {}
            }
        }
        let name = store.path.display().to_string();
        let notes = match read_notes_bytes(&store.path) {
            Ok(None) => Notes::default(),
            Err((reason, remedy)) => {
                store.refuse(
                    vec![Problem::error(Place::whole(&name), reason)],
                    &name,
                    remedy,
                );
                Notes::default()
            }
            Ok(Some(bytes)) => {
                store.opened_with = Some(digest(&bytes));
                match parse_bytes(&bytes, &name) {
                    Ok(file) if file.keyed_by_id != keyed_by_id => {
                        store.refuse(
                            vec![keyed_the_other_way(&name, keyed_by_id)],
                            &name,
                            Remedy::Repair,
                        );
                        Notes::default()
                    }
                    Ok(file) => Notes::from_entries(file.entries),
                    Err(problems) => {
                        store.refuse(problems, &name, Remedy::Repair);
                        Notes::default()
                    }
                }
            }
        };
        // A file made read-only (the record of a finished seminar, say) is kept so: saving
        // replaces the file, which its own permissions would not stop.
        if store.read_only.is_none()
            && fs::metadata(&store.path).is_ok_and(|meta| meta.permissions().readonly())
        {
            store.read_only = Some(made_read_only(&store.path));
            store.lock = None;
        }
        if store.lock.is_some() {
            remove_stale_temporaries(&store.path);
            store.read_drafts();
        } else {
            // What this window's own changes will be told from, should another argscope
            // turn out to have the notes (now, or at the first save).
            store.base = notes.entries().clone();
            store.seen = Stamp::of(&store.path);
        }
        (store, notes)
    }

    /// Read-only because another argscope (`pid`, when its lock file says) has the notes:
    /// followed from now on.
    fn held_by(&mut self, pid: Option<u32>) {
        self.read_only = Some(held_message(&self.path, pid));
        self.holder = pid;
        self.following = true;
    }

    /// Whether this store is read-only only because another argscope has (or had) the notes:
    /// [`Store::follow`] then shows its saves, and takes the notes over once it has closed;
    /// a save tried again then works.
    pub fn follows(&self) -> bool {
        self.following
    }

    /// Looks again at the notes file of a store that [`Store::follows`] another argscope, and
    /// brings `notes` (those `open` returned, with this window's changes) in step with it:
    ///
    /// - The other argscope has closed (or died), so its lock is free: this store takes the
    ///   lock, reads the file as it left it, puts on top the entries this window changed since
    ///   it last read the file (this window's win for those keys, but for a note both windows
    ///   changed, which keeps both texts; every other entry is as the file has it), saves, and
    ///   is writable from now on.
    /// - It is still open and has saved since: `notes` become the file's, this window's changed
    ///   entries on top, still unsaved.
    /// - Another argscope than the one named has the notes now: the reason names it.
    ///
    /// Never takes the lock from an argscope that holds it. Costs a lock attempt and a look at
    /// the file's size and time; the file is read only when they changed.
    pub fn follow(&mut self, notes: &mut Notes) -> Followed {
        if !self.following {
            return Followed::Nothing;
        }
        // The other argscope, closed without writing a note, took away the folder it made.
        let dir = folder(&self.path);
        if !dir.is_dir() {
            let made = make_folders(&dir);
            if !made.is_empty() {
                self.made_folders = made;
            }
        }
        match take_lock(&self.path, None) {
            Ok(lock) => self.take_over(lock, notes),
            Err(LockError::Held(pid)) => {
                let other = pid != self.holder;
                if other {
                    self.held_by(pid);
                }
                match self.read_again(notes) {
                    Followed::Nothing if other => Followed::OtherHolder,
                    found => found,
                }
            }
            Err(LockError::Io(_)) => self.read_again(notes),
        }
    }

    /// The file read again, if it changed since it was last read, into `notes`, with this
    /// window's changed entries on top.
    fn read_again(&mut self, notes: &mut Notes) -> Followed {
        let now = Stamp::of(&self.path);
        if now == self.seen {
            return Followed::Nothing;
        }
        self.seen = now;
        let name = self.path.display().to_string();
        let bytes = match read_notes_bytes(&self.path) {
            Ok(bytes) => bytes,
            Err((reason, _)) => return Followed::Unreadable(format!("{name}: {reason}")),
        };
        let read_as = bytes.as_deref().map(digest);
        if read_as == self.opened_with {
            return Followed::Nothing;
        }
        let entries = match bytes {
            None => BTreeMap::new(),
            Some(bytes) => match parse_bytes(&bytes, &name) {
                Ok(file) if file.keyed_by_id == self.keyed_by_id => file.entries,
                Ok(_) => {
                    return Followed::Unreadable(
                        keyed_the_other_way(&name, self.keyed_by_id).to_string(),
                    );
                }
                Err(problems) => {
                    return Followed::Unreadable(
                        problems
                            .first()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    );
                }
            },
        };
        self.note_both_changed(notes, &entries);
        let own = notes.rebase(&self.base, &entries);
        self.base = entries;
        self.opened_with = read_as;
        if own.is_empty() {
            // Nothing of this window's: the notes shown are the file's.
            self.saved = notes.version();
        }
        Followed::Reloaded { own: own.len() }
    }

    /// Takes over the notes with `lock`, just taken from an argscope that closed: see
    /// [`Store::follow`].
    fn take_over(&mut self, lock: Lock, notes: &mut Notes) -> Followed {
        // With the lock held, the file is as the other argscope left it, and stays so.
        let name = self.path.display().to_string();
        let (entries, read_as) = match read_notes_bytes(&self.path) {
            Ok(None) => (BTreeMap::new(), None),
            Ok(Some(bytes)) => match parse_bytes(&bytes, &name) {
                Ok(file) if file.keyed_by_id == self.keyed_by_id => {
                    (file.entries, Some(digest(&bytes)))
                }
                Ok(_) => {
                    let problem = keyed_the_other_way(&name, self.keyed_by_id);
                    return self.refused(vec![problem], &name, Remedy::Repair);
                }
                Err(problems) => return self.refused(problems, &name, Remedy::Repair),
            },
            Err((reason, remedy)) => {
                let problem = Problem::error(Place::whole(&name), reason);
                return self.refused(vec![problem], &name, remedy);
            }
        };
        if fs::metadata(&self.path).is_ok_and(|meta| meta.permissions().readonly()) {
            let reason = made_read_only(&self.path);
            self.read_only = Some(reason.clone());
            self.following = false;
            return Followed::Refused(reason);
        }
        // A note both windows changed keeps both texts: this window's would otherwise
        // replace the other's, which nothing would show again.
        self.note_both_changed(notes, &entries);
        let own = notes.rebase(&self.base, &entries);
        let mut both_changed = Vec::new();
        for (key, (label, theirs)) in std::mem::take(&mut self.both_changed) {
            let mine = notes.get(&key).map(|e| e.note.clone()).unwrap_or_default();
            let kept = super::both::keep_both(&mine, &theirs);
            if kept != mine {
                notes.change(&key, &label, |e| e.note = kept);
                both_changed.push(label);
            }
        }
        self.base = BTreeMap::new();
        self.seen = None;
        self.holder = None;
        self.opened_with = read_as;
        self.lock = Some(lock);
        self.read_only = None;
        self.following = false;
        remove_stale_temporaries(&self.path);
        self.read_drafts();
        let saved = if own.is_empty() {
            self.saved = notes.version();
            Ok(())
        } else {
            self.save(notes)
        };
        Followed::TookOver {
            own: own.len(),
            saved,
            both_changed,
        }
    }

    /// Records the notes this window and the other both changed since the file was last read,
    /// with the other's text as `theirs` (the file now) has it.
    fn note_both_changed(&mut self, notes: &Notes, theirs: &BTreeMap<String, Entry>) {
        let found = super::both::notes_both_changed(&self.base, notes.entries(), theirs);
        for (key, label, text) in found {
            self.both_changed.insert(key, (label, text));
        }
    }

    /// [`Store::refuse`], as the file left by an argscope that closed is found: no longer
    /// followed.
    fn refused(&mut self, problems: Vec<Problem>, name: &str, remedy: Remedy) -> Followed {
        self.refuse(problems, name, remedy);
        Followed::Refused(self.read_only.clone().unwrap_or_default())
    }

    /// Reads the drafts file, if there is one (only with the lock held: it is this
    /// argscope's to offer back and to clear).
    fn read_drafts(&mut self) {
        let path = drafts_path(&self.path);
        let name = path.display().to_string();
        match read_notes_bytes(&path) {
            Ok(None) => {}
            Ok(Some(bytes)) => match parse_bytes(&bytes, &name) {
                Ok(file) => self.drafts = file.entries,
                Err(problems) => {
                    self.drafts_problem = Some(
                        problems
                            .first()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    );
                }
            },
            Err((reason, _)) => self.drafts_problem = Some(format!("{name}: {reason}")),
        }
    }

    /// The notes left unfinished in the editor when an argscope on these notes was stopped
    /// (closed with its window, killed), by key, each with the text as it was left in `note`.
    pub fn drafts(&self) -> &BTreeMap<String, Entry> {
        &self.drafts
    }

    /// Why the drafts file beside the notes could not be read (it is then left as it is).
    pub fn drafts_problem(&self) -> Option<&str> {
        self.drafts_problem.as_deref()
    }

    /// The file unfinished notes are kept in, beside the notes file.
    pub fn drafts_path(&self) -> PathBuf {
        drafts_path(&self.path)
    }

    /// Keeps a note left unfinished in the editor (`text`, on the node keyed `key`, labelled
    /// `label`) in the drafts file beside the notes, `X.notes.json.draft`, for the next argscope
    /// on these notes to offer back: never in the notes file, where it would replace the note
    /// saved before it. Other drafts in that file are kept. Refused when this store may not
    /// write (read-only, or another argscope has the notes) and when the drafts file is there
    /// but cannot be read (it is never written over); the caller then writes the draft
    /// elsewhere. Returns the drafts file.
    pub fn keep_draft(&mut self, key: &str, label: &str, text: &str) -> Result<PathBuf, SaveError> {
        if let Some(reason) = &self.read_only {
            return Err(SaveError::ReadOnly(reason.clone()));
        }
        if let Err((step, error)) = self.lock_late() {
            return Err(match &self.read_only {
                Some(reason) => SaveError::ReadOnly(reason.clone()),
                None => self.failed(step, &error),
            });
        }
        let path = self.drafts_path();
        let mut drafts = self.drafts_on_disk(&path)?;
        drafts.insert(
            key.to_string(),
            Entry {
                note: text.to_string(),
                label: label.to_string(),
                ..Entry::default()
            },
        );
        let text = to_json(&self.map_label, self.keyed_by_id, &drafts);
        write_atomically(&path, text.as_bytes(), false, self.fault).map_err(|(step, error)| {
            SaveError::Io {
                path: path.clone(),
                step,
                reason: io_reason(&error),
                fix: fix_for(&error),
                retried: false,
            }
        })?;
        self.drafts = drafts;
        Ok(path)
    }

    /// Takes the draft under `key` out of the drafts file, once it is settled (saved as the
    /// note, or thrown away); the file goes with its last draft. Nothing happens without the
    /// lock, or when the file cannot be read.
    pub fn settle_draft(&mut self, key: &str) -> Result<(), SaveError> {
        if self.lock.is_none() || self.read_only.is_some() {
            return Ok(());
        }
        let path = self.drafts_path();
        let mut drafts = self.drafts_on_disk(&path)?;
        self.drafts.remove(key);
        if drafts.remove(key).is_none() {
            return Ok(());
        }
        let io = |step: Step, error: io::Error| SaveError::Io {
            path: path.clone(),
            step,
            reason: io_reason(&error),
            fix: fix_for(&error),
            retried: false,
        };
        if drafts.is_empty() {
            return match fs::remove_file(&path) {
                Err(error) if !is_missing(&error) => Err(io(Step::Rename, error)),
                _ => Ok(()),
            };
        }
        let text = to_json(&self.map_label, self.keyed_by_id, &drafts);
        write_atomically(&path, text.as_bytes(), false, self.fault)
            .map_err(|(step, error)| io(step, error))
    }

    /// The drafts in the drafts file now; refused when it is there and cannot be read.
    fn drafts_on_disk(&self, path: &Path) -> Result<BTreeMap<String, Entry>, SaveError> {
        let name = path.display().to_string();
        match read_notes_bytes(path) {
            Ok(None) => Ok(BTreeMap::new()),
            Ok(Some(bytes)) => parse_bytes(&bytes, &name)
                .map(|file| file.entries)
                .map_err(|_| {
                    SaveError::Refused(format!(
                        "{name} holds unfinished notes but cannot be read, so it is not written over"
                    ))
                }),
            Err((reason, _)) => Err(SaveError::Refused(format!("{name}: {reason}"))),
        }
    }

    /// Makes the store read-only because its file cannot be used; lets go of the lock, since
    /// this argscope will never write the file.
    fn refuse(&mut self, problems: Vec<Problem>, name: &str, remedy: Remedy) {
        let first = problems
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        let more = match problems.len() {
            0 | 1 => String::new(),
            n => format!(
                " (and {} more problem{})",
                n - 1,
                if n == 2 { "" } else { "s" }
            ),
        };
        let never =
            format!("{first}{more}; argscope never writes over {name}, so notes are read-only");
        self.read_only = Some(match remedy {
            Remedy::Repair => format!("{never} until you repair it and open argscope again"),
            Remedy::AnotherFile => format!("{never} this time"),
            // No file can have that name, so there is nothing to write over: the problem says
            // what to do.
            Remedy::ShorterName => format!("{first}{more}"),
        });
        self.problems = problems;
        self.lock = None;
        self.following = false;
    }

    /// Saves the notes, unless nothing changed since the last successful save.
    ///
    /// The new content is written to a temporary file in the same folder and synced; the
    /// current file is hard-linked to a temporary name that is renamed over `X.notes.json.bak`;
    /// the temporary file is renamed over `X.notes.json`; the folder is synced. The notes file
    /// itself is only ever replaced by a rename, which is atomic, so at every instant it is the
    /// old content or the new, whole, and once written it is never missing. (Renaming the old
    /// file to `.bak` first would leave a moment with no notes file; copying it would leave a
    /// torn `.bak` if interrupted.)
    ///
    /// On failure the notes stay in memory, [`Store::is_saved`] stays false, and the next call
    /// tries again.
    pub fn save(&mut self, notes: &Notes) -> Result<(), SaveError> {
        if self.is_saved(notes) {
            return Ok(());
        }
        // Following another argscope's notes, with every change of this window's undone: the
        // notes are the file's, saved.
        if self.following && notes.changed_since(&self.base).is_empty() {
            self.saved = notes.version();
            return Ok(());
        }
        if let Some(reason) = &self.read_only {
            return Err(SaveError::ReadOnly(reason.clone()));
        }
        // The lock keeps other argscopes out, not an editor: notes changed by hand meanwhile
        // are not written over.
        if self.lock.is_some() && self.on_disk() != self.opened_with {
            let reason = format!(
                "{} was changed by another program after this argscope read it, so it is not written over; quitting offers to write these notes to a file of their own",
                self.path.display()
            );
            self.read_only = Some(reason.clone());
            return Err(SaveError::ReadOnly(reason));
        }
        if let Err((step, error)) = self.lock_late() {
            return Err(match &self.read_only {
                // The lock, taken only now, showed that another argscope has the file.
                Some(reason) => SaveError::ReadOnly(reason.clone()),
                None => self.failed(step, &error),
            });
        }
        let text = to_json(&self.map_label, self.keyed_by_id, notes.entries());
        match save_file(&self.path, text.as_bytes(), self.fault) {
            Ok(()) => {
                self.saved = notes.version();
                self.opened_with = Some(digest(text.as_bytes()));
                self.last_error = None;
                Ok(())
            }
            Err((step, error)) => {
                // A save that failed after its rename (syncing the folder) left its own notes
                // in the file: those are what the next save may replace.
                let ours = Some(digest(text.as_bytes()));
                if self.on_disk() == ours {
                    self.opened_with = ours;
                }
                Err(self.failed(step, &error))
            }
        }
    }

    fn failed(&mut self, step: Step, error: &io::Error) -> SaveError {
        let error = SaveError::Io {
            path: self.path.clone(),
            step,
            reason: io_reason(error),
            fix: fix_for(error),
            retried: true,
        };
        self.last_error = Some(error.to_string());
        error
    }

    /// Takes the lock when `open` could not (the folder did not exist yet). Should the file
    /// have appeared since it was read, another argscope wrote it, and this store turns
    /// read-only rather than write over those notes.
    fn lock_late(&mut self) -> Result<(), (Step, io::Error)> {
        if self.lock.is_some() {
            return Ok(());
        }
        fault(self.fault, Step::CreateDir)
            .and_then(|()| fs::create_dir_all(folder(&self.path)))
            .map_err(|e| (Step::CreateDir, e))?;
        match take_lock(&self.path, self.fault) {
            Ok(lock) => {
                if self.on_disk() != self.opened_with {
                    // Followed: the next look takes the lock and adds this window's changes
                    // to those notes.
                    self.read_only = Some(format!(
                        "another argscope changed them after this one read them, in {}",
                        self.path.display()
                    ));
                    self.following = true;
                    return Err((Step::Lock, io::Error::from(ErrorKind::AlreadyExists)));
                }
                self.lock = Some(lock);
                remove_stale_temporaries(&self.path);
                Ok(())
            }
            Err(LockError::Held(pid)) => {
                self.held_by(pid);
                Err((Step::Lock, io::Error::from(ErrorKind::WouldBlock)))
            }
            Err(LockError::Io(error)) => Err((Step::Lock, error)),
        }
    }

    /// The digest of the notes file as it is now (`None`: there is none, or it cannot be read).
    fn on_disk(&self) -> Option<u64> {
        read_notes_bytes(&self.path)
            .ok()
            .flatten()
            .map(|bytes| digest(&bytes))
    }

    /// Writes the notes to another file, with the same care as [`Store::save`] (for "write my
    /// unsaved notes there instead" when this store is read-only or cannot save). Refuses a file
    /// that exists and is not an argscope notes file (the map, say), a file another argscope
    /// has open, and this store's own file while it is read-only. This store's own state is
    /// unchanged: it still saves to its own file.
    pub fn save_as(&mut self, notes: &Notes, path: &Path) -> Result<(), SaveError> {
        if same_file(path, &self.path) {
            if let Some(reason) = &self.read_only {
                return Err(SaveError::Refused(format!(
                    "{} may not be written here ({reason}); choose another file",
                    path.display()
                )));
            }
            return self.save(notes);
        }
        let io = |(step, error): (Step, io::Error)| SaveError::Io {
            path: path.to_path_buf(),
            step,
            reason: io_reason(&error),
            fix: fix_for(&error),
            retried: false,
        };
        fault(self.fault, Step::CreateDir)
            .and_then(|()| fs::create_dir_all(folder(path)))
            .map_err(|e| io((Step::CreateDir, e)))?;
        let _lock = match take_lock(path, self.fault) {
            Ok(lock) => lock,
            Err(LockError::Held(pid)) => {
                return Err(SaveError::Refused(format!(
                    "{} is open in another argscope{}; choose another file",
                    path.display(),
                    pid.map(|p| format!(" (pid {p})")).unwrap_or_default()
                )));
            }
            Err(LockError::Io(error)) => return Err(io((Step::Lock, error))),
        };
        match read_notes_bytes(path) {
            Ok(Some(bytes)) => {
                if parse_bytes(&bytes, &path.display().to_string()).is_err() {
                    return Err(SaveError::Refused(format!(
                        "{} exists and is not an argscope notes file, so it is not written over; choose another file",
                        path.display()
                    )));
                }
            }
            Ok(None) => {}
            Err((reason, _)) => {
                return Err(SaveError::Refused(format!("{reason}; choose another file")));
            }
        }
        let text = to_json(&self.map_label, self.keyed_by_id, notes.entries());
        save_file(path, text.as_bytes(), self.fault).map_err(io)
    }

    /// Writable, read-only with the reason, or the last save's error.
    pub fn status(&self) -> StoreStatus {
        match (&self.read_only, &self.last_error) {
            (Some(reason), _) => StoreStatus::ReadOnly(reason.clone()),
            (None, Some(error)) => StoreStatus::Failed(error.clone()),
            (None, None) => StoreStatus::Writable,
        }
    }

    /// The notes file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether `notes` are on disk as they are: nothing changed since they were read or last
    /// saved, and that save succeeded. `notes` must be the notes `open` returned (versions of
    /// other `Notes` values mean nothing here).
    pub fn is_saved(&self, notes: &Notes) -> bool {
        notes.version() == self.saved && self.last_error.is_none()
    }

    /// Every problem found in the file when it did not parse (its status gives the first).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Makes every later save fail at `step` with `error` (`None` stops it), for tests of what a
    /// failed save leaves behind. A failure at [`Step::Write`] writes half the file first, as a
    /// full disk would.
    #[doc(hidden)]
    pub fn inject_fault(&mut self, fault: Option<(Step, ErrorKind)>) {
        self.fault = fault;
    }
}

/// Writes a notes file whole or not at all, keeping the old one as `.bak` (see
/// [`Store::save`]), in its folder, made when missing (the data folder, for the built-in map).
fn save_file(
    path: &Path,
    content: &[u8],
    faults: Option<(Step, ErrorKind)>,
) -> Result<(), (Step, io::Error)> {
    fault(faults, Step::CreateDir)
        .and_then(|()| fs::create_dir_all(folder(path)))
        .map_err(|e| (Step::CreateDir, e))?;
    write_atomically(path, content, true, faults)
}

impl Drop for Store {
    /// Lets go of the lock, and takes away the folders `open` made for it when nothing was
    /// written in them: opening a map leaves no empty folder behind.
    fn drop(&mut self) {
        self.lock = None;
        for folder in &self.made_folders {
            // Only an empty folder is removed: one holding notes (or anything) stays.
            if fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }
}

/// Why notes are read-only when another argscope holds them: that first, as the status line
/// may have room only for the start; the file last.
fn held_message(path: &Path, pid: Option<u32>) -> String {
    format!(
        "another argscope{} has them open, in {}",
        pid.map(|p| format!(" (pid {p})")).unwrap_or_default(),
        path.display()
    )
}

/// Why notes are read-only when their file was made read-only.
fn made_read_only(path: &Path) -> String {
    format!(
        "{} is read-only, so argscope does not write it; make it writable (chmod u+w) and open argscope again to take notes",
        path.display()
    )
}

/// A notes file keyed the other way from the map's notes (`keyed_by_id`: the map's way).
fn keyed_the_other_way(name: &str, keyed_by_id: bool) -> Problem {
    let (was, is) = if keyed_by_id {
        ("text", "id")
    } else {
        ("id", "text")
    };
    Problem::error(
        Place::whole(name),
        format!(
            "these notes are keyed by node {was}, but this map keys its notes by node {is}, so they were written for another map; give --notes another file"
        ),
    )
}

/// FNV-1a over bytes: enough to tell whether a file changed.
fn digest(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Missing, or its folder is missing or is not a folder: either way there is no file yet.
fn is_missing(error: &io::Error) -> bool {
    matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
}

/// Removes the temporary files a save interrupted by a crash left behind. Called with the lock
/// held, so no other argscope is writing them.
fn remove_stale_temporaries(path: &Path) {
    if path.file_name().and_then(|n| n.to_str()).is_none() {
        return;
    }
    let Ok(listing) = fs::read_dir(folder(path)) else {
        return;
    };
    for item in listing.flatten() {
        let file_name = item.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        if is_temporary_name(file_name, path) {
            let _ = fs::remove_file(item.path());
        }
    }
}

/// Whether `path` is a file of argscope notes: a JSON object whose first field is
/// `"argscope_notes"`, as every notes file argscope writes begins (only its start is read).
pub fn is_notes_file(path: &Path) -> bool {
    let mut start = [0u8; 256];
    let Ok(read) = fs::File::open(path).and_then(|mut file| io::Read::read(&mut file, &mut start))
    else {
        return false;
    };
    let text = String::from_utf8_lossy(&start[..read]);
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with("\"argscope_notes\""))
}

/// Whether two paths name the same file (either need not exist yet): the same path once links
/// are followed, or, where the platform tells, two names (hard links) of one file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if same_inode(a, b) {
        return true;
    }
    fn canonical(path: &Path) -> Option<PathBuf> {
        if let Ok(found) = fs::canonicalize(path) {
            return Some(found);
        }
        let parent = fs::canonicalize(folder(path)).ok()?;
        Some(parent.join(path.file_name()?))
    }
    match (canonical(a), canonical(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

// The lock ----------------------------------------------------------------------------------------

/// An advisory lock on `X.notes.json.lock`, holding this process's pid. The operating system lets
/// go of it when the process ends, however it ends, so a lock file left by a process that died
/// holds no lock and blocks no one.
#[derive(Debug)]
struct Lock {
    file: File,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked; whoever opened it before it was removed finds, after
        // locking, that it is no longer the file at that path, and tries again (take_lock).
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

enum LockError {
    /// Another argscope holds it; its pid, when the lock file says.
    Held(Option<u32>),
    Io(io::Error),
}

fn take_lock(notes: &Path, faults: Option<(Step, ErrorKind)>) -> Result<Lock, LockError> {
    fault(faults, Step::Lock).map_err(LockError::Io)?;
    let path = lock_path(notes);
    for _ in 0..8 {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(LockError::Io)?;
        match file.try_lock() {
            Ok(()) => {
                if !is_file_at(&file, &path) {
                    // Its holder removed it as we opened it: lock the new one.
                    continue;
                }
                let pid = std::process::id();
                // The pid is for messages only; the lock holds without it.
                let _ = file
                    .set_len(0)
                    .and_then(|()| file.write_all(format!("{pid}\n").as_bytes()));
                return Ok(Lock { file, path });
            }
            Err(fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(LockError::Held(text.trim().parse().ok()));
            }
            Err(fs::TryLockError::Error(error)) => return Err(LockError::Io(error)),
        }
    }
    Err(LockError::Held(None))
}

/// Whether `file` is still the file at `path` (not one removed from there since it was opened).
#[cfg(unix)]
fn is_file_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_file_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Whether two paths that exist are names of one file: the same device and inode.
#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_a: &Path, _b: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_save_advises_what_fits_the_failure() {
        let said = |kind: io::ErrorKind| {
            let error = io::Error::from(kind);
            SaveError::Io {
                path: PathBuf::from("/seminar/notes.json"),
                step: Step::Create,
                reason: io_reason(&error),
                fix: fix_for(&error),
                retried: true,
            }
            .to_string()
        };
        assert!(said(io::ErrorKind::StorageFull).ends_with("(free some space)"));
        assert!(said(io::ErrorKind::PermissionDenied).ends_with("(make the folder writable)"));
        let missing = said(io::ErrorKind::NotFound);
        assert!(
            missing.contains("no such file or folder")
                && missing.ends_with("(check that the folder exists, or write them elsewhere)"),
            "{missing}"
        );
        for kind in [io::ErrorKind::AlreadyExists, io::ErrorKind::NotADirectory] {
            assert!(
                said(kind).ends_with(
                    "(a file stands where a folder should be: move it away, or write them elsewhere)"
                ),
                "{kind:?}: {}",
                said(kind)
            );
        }
    }

    /// Every file in the folder, by name, sorted.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn problems(text: &str) -> Vec<String> {
        match parse(text, "n.json") {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    fn one_problem(text: &str, place: &str, parts: &[&str]) {
        let found = problems(text);
        assert_eq!(found.len(), 1, "{text}: {found:#?}");
        assert!(
            found[0].starts_with(&format!("n.json:{place}: ")),
            "{text}: {}",
            found[0]
        );
        for part in parts {
            assert!(
                found[0].contains(part),
                "{text}: {} lacks {part:?}",
                found[0]
            );
        }
    }

    // Where notes live ------------------------------------------------------------------------

    #[test]
    fn notes_live_beside_the_map_or_in_the_data_folder() {
        assert_eq!(
            default_path(Some(Path::new("maps/uniforms.json")), "x"),
            Some(PathBuf::from("maps/uniforms.notes.json"))
        );
        assert_eq!(
            default_path(Some(Path::new("essay.argdown")), "x"),
            Some(PathBuf::from("essay.notes.json"))
        );
        assert_eq!(
            default_path(Some(Path::new("plain")), "x"),
            Some(PathBuf::from("plain.notes.json"))
        );
        if let Some(path) = default_path(None, "iran-russia") {
            assert!(
                path.ends_with("argscope/iran-russia.notes.json"),
                "{path:?}"
            );
        }
        assert_eq!(
            backup_path(Path::new("a/m.notes.json")),
            PathBuf::from("a/m.notes.json.bak")
        );
        assert_eq!(
            lock_path(Path::new("m.notes.json")),
            PathBuf::from("m.notes.json.lock")
        );
    }

    #[test]
    fn the_map_itself_is_refused_as_a_notes_file() {
        let dir = tempfile::tempdir().unwrap();
        let map = dir.path().join("m.json");
        fs::write(&map, "{}").unwrap();
        let also_map = dir.path().join(".").join("m.json");
        let message = check_path(&also_map, Some(&map), NotesUse::Save).unwrap_err();
        assert!(message.contains("is the map itself"), "{message}");
        assert!(message.contains("would write over the map"), "{message}");
        assert!(message.contains("m.notes.json"), "{message}");
        // Reading saves nothing, so it is not said to.
        let message = check_path(&also_map, Some(&map), NotesUse::Read).unwrap_err();
        assert!(message.contains("is the map itself"), "{message}");
        assert!(!message.contains("writ"), "{message}");
        assert!(message.contains("m.notes.json"), "{message}");
        assert_eq!(
            check_path(&dir.path().join("m.notes.json"), Some(&map), NotesUse::Save),
            Ok(())
        );
        assert_eq!(check_path(&map, None, NotesUse::Save), Ok(()));
    }

    // The format -------------------------------------------------------------------------------

    #[test]
    fn the_file_is_pretty_stable_and_reads_back() {
        let mut notes = Notes::default();
        notes.change("b", "Point B", |e| {
            e.mark = Some(Mark::Disagree);
            e.impact = Some(3);
            e.bookmark = true;
            e.note = "two\nlines".into();
        });
        notes.change("a", "Point A", |e| e.mark = Some(Mark::Agree));
        let text = to_json("Uniforms", true, notes.entries());
        assert_eq!(
            text,
            r#"{
  "argscope_notes": 1,
  "map": "Uniforms",
  "keyed_by": "id",
  "entries": {
    "a": {
      "mark": "agree",
      "label": "Point A"
    },
    "b": {
      "mark": "disagree",
      "impact": 3,
      "bookmark": true,
      "note": "two\nlines",
      "label": "Point B"
    }
  }
}
"#
        );
        let read = parse(&text, "n.json").unwrap();
        assert_eq!(read.map, "Uniforms");
        assert!(read.keyed_by_id);
        assert_eq!(&read.entries, notes.entries());
        let by_text = parse(&to_json("U", false, notes.entries()), "n.json").unwrap();
        assert!(!by_text.keyed_by_id);
        // Nulls read as nothing recorded; a bare minimum file reads as no notes.
        let read = parse(
            "{\"argscope_notes\": 1, \"entries\": {\"a\": {\"mark\": null, \"impact\": null}}}",
            "n.json",
        )
        .unwrap();
        assert_eq!(read.entries["a"], Entry::default());
        assert!(
            parse("{\"argscope_notes\": 1}", "n.json")
                .unwrap()
                .entries
                .is_empty()
        );
    }

    #[test]
    fn text_from_the_file_cannot_drive_the_terminal() {
        let read = parse(
            "{\"argscope_notes\": 1, \"entries\": {\"a\": {\"note\": \"x\\u001b[2Jy\\nz\", \"label\": \"l\\nm\"}}}",
            "n.json",
        )
        .unwrap();
        assert_eq!(read.entries["a"].note, "x␛[2Jy\nz");
        assert_eq!(read.entries["a"].label, "l m");
    }

    #[test]
    fn text_that_is_not_json_is_reported_where_it_breaks() {
        one_problem(
            "{\"argscope_notes\": 1,\n  \"entries\": {\"a\": {\"note\": \"x\"},}\n}",
            "2:33",
            &["not valid JSON", ".bak"],
        );
        one_problem("", "1:1", &["no JSON object"]);
        one_problem("[1, 2]", "1:1", &["no JSON object"]);
    }

    #[test]
    fn a_wrong_version_or_another_kind_of_file_is_reported() {
        one_problem(
            "{\"argscope_notes\": 2}",
            "1:20",
            &["format version 2", "reads version 1"],
        );
        one_problem(
            "{\"argscope_notes\": \"1\"}",
            "1:20",
            &["must be the number 1"],
        );
        one_problem(
            "{\"entries\": {}}",
            "1:1",
            &["no \"argscope_notes\" field", "add \"argscope_notes\": 1"],
        );
        one_problem(
            "{\"argscope\": 1, \"root\": {}}",
            "1:1",
            &["an argscope map, not a notes file", "--notes"],
        );
        one_problem(
            "{\"argscope_notes\": 1, \"keyed_by\": \"label\"}",
            "1:35",
            &["\"keyed_by\" is \"label\"", "\"id\"", "\"text\""],
        );
        one_problem(
            "{\"argscope_notes\": 1, \"map\": 3}",
            "1:30",
            &["\"map\" must be"],
        );
        one_problem(
            "{\"argscope_notes\": 1, \"entries\": []}",
            "1:34",
            &["\"entries\" must be an object"],
        );
        one_problem(
            "{\"argscope_notes\": 1, \"notes\": {}}",
            "1:23",
            &["unknown field \"notes\"", "\"entries\""],
        );
    }

    #[test]
    fn wrong_types_and_values_in_an_entry_are_reported_at_the_value() {
        let entry =
            |body: &str| format!("{{\"argscope_notes\": 1, \"entries\": {{\"k\": {body}}}}}");
        // The entry's value starts at column 41; its first field's value a little later.
        one_problem(&entry("3"), "1:40", &["the entry \"k\" must be an object"]);
        one_problem(
            &entry("{\"mark\": \"yes\"}"),
            "1:49",
            &[
                "unknown mark \"yes\"",
                "\"agree\", \"disagree\" or \"unsure\"",
            ],
        );
        one_problem(
            &entry("{\"mark\": 1}"),
            "1:49",
            &["\"mark\" in the entry \"k\" is 1"],
        );
        one_problem(
            &entry("{\"impact\": \"3\"}"),
            "1:51",
            &["\"impact\" in the entry \"k\" is \"3\"", "without quotes"],
        );
        one_problem(
            &entry("{\"impact\": 5}"),
            "1:51",
            &["the impact 5", "from 0 to 4"],
        );
        one_problem(&entry("{\"impact\": -1}"), "1:51", &["the impact -1"]);
        one_problem(&entry("{\"impact\": 2.5}"), "1:51", &["the impact 2.5"]);
        one_problem(
            &entry("{\"bookmark\": \"yes\"}"),
            "1:53",
            &["true or false"],
        );
        one_problem(
            &entry("{\"note\": [\"a\"]}"),
            "1:49",
            &["\"note\"", "a list"],
        );
        one_problem(
            &entry("{\"label\": {}}"),
            "1:50",
            &["\"label\"", "an object"],
        );
        one_problem(
            &entry("{\"colour\": \"red\"}"),
            "1:41",
            &[
                "the entry \"k\" has an unknown field \"colour\"",
                "\"mark\", \"impact\", \"bookmark\", \"note\", \"label\"",
            ],
        );
    }

    #[test]
    fn a_key_given_twice_is_reported_rather_than_merged() {
        one_problem(
            "{\"argscope_notes\": 1, \"entries\": {\"k\": {}, \"k\": {}}}",
            "1:44",
            &["\"k\" appears twice", "keep one"],
        );
        one_problem(
            "{\"argscope_notes\": 1, \"argscope_notes\": 1}",
            "1:23",
            &["appears twice"],
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let found = problems(
            "{\"argscope_notes\": 1, \"entries\": {\"a\": {\"mark\": 1}, \"b\": {\"impact\": 9, \"x\": 1}}}",
        );
        assert_eq!(found.len(), 3, "{found:#?}");
    }

    // Opening ----------------------------------------------------------------------------------

    #[test]
    fn a_missing_file_opens_empty_and_is_made_with_its_folder_on_the_first_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/m.notes.json");
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        assert!(notes.entries().is_empty());
        assert_eq!(store.status(), StoreStatus::Writable);
        assert!(store.is_saved(&notes));
        assert_eq!(store.path(), path);
        // Nothing to save: nothing written but the lock, in the folder made to hold it.
        store.save(&notes).unwrap();
        assert_eq!(listing(path.parent().unwrap()), ["m.notes.json.lock"]);
        notes.change("a", "A", |e| e.bookmark = true);
        assert!(!store.is_saved(&notes));
        store.save(&notes).unwrap();
        assert!(store.is_saved(&notes));
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            to_json("M", true, notes.entries())
        );
        // The first save made no .bak: there was nothing before it.
        assert_eq!(
            listing(path.parent().unwrap()),
            ["m.notes.json", "m.notes.json.lock"]
        );
        drop(store);
        assert_eq!(listing(path.parent().unwrap()), ["m.notes.json"]);
        let (_store, again) = Store::open(path, "M", true);
        assert_eq!(again.entries(), notes.entries());
    }

    /// The folders made to hold the lock go again when nothing was written in them: opening
    /// a map and quitting leaves no trace.
    #[test]
    fn folders_made_for_the_lock_go_when_nothing_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/m.notes.json");
        let (store, _) = Store::open(path.clone(), "M", true);
        assert!(lock_path(&path).exists(), "locked as it opens");
        drop(store);
        assert_eq!(listing(dir.path()), Vec::<String>::new());
        // A folder that had something in it stays.
        let (store, _) = Store::open(path.clone(), "M", true);
        fs::write(dir.path().join("deep/other.txt"), "mine").unwrap();
        drop(store);
        assert_eq!(listing(&dir.path().join("deep")), ["other.txt"]);
    }

    /// One sample of each kind of file that does not load.
    const BAD_FILES: &[(&str, &[u8])] = &[
        ("not JSON", b"{\"argscope_notes\": 1, \"entries\": {"),
        (
            "not UTF-8",
            b"{\"argscope_notes\": 1, \"map\": \"caf\xe9\"}",
        ),
        (
            "a newer version",
            b"{\"argscope_notes\": 2, \"entries\": {}}",
        ),
        ("no version", b"{\"entries\": {}}"),
        ("a map", b"{\"argscope\": 1, \"root\": {}}"),
        (
            "a wrong type",
            b"{\"argscope_notes\": 1, \"entries\": {\"a\": {\"impact\": \"high\"}}}",
        ),
        (
            "an unknown field",
            b"{\"argscope_notes\": 1, \"entries\": {\"a\": {\"colour\": \"red\"}}}",
        ),
        (
            "keyed the other way",
            b"{\"argscope_notes\": 1, \"keyed_by\": \"text\", \"entries\": {}}",
        ),
    ];

    #[test]
    fn a_file_that_does_not_load_opens_read_only_and_is_never_written_over() {
        for (what, bytes) in BAD_FILES {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("m.notes.json");
            fs::write(&path, bytes).unwrap();
            let (mut store, mut notes) = Store::open(path.clone(), "M", true);
            assert!(notes.entries().is_empty(), "{what}");
            let StoreStatus::ReadOnly(reason) = store.status() else {
                panic!("{what}: {:?}", store.status());
            };
            assert!(
                reason.starts_with(&path.display().to_string()),
                "{what}: {reason}"
            );
            assert!(
                reason.contains(&format!(
                    "never writes over {}, so notes are read-only until you repair it and open argscope again",
                    path.display()
                )),
                "{what}: {reason}"
            );
            assert!(!store.problems().is_empty(), "{what}");
            // Unchanged notes have nothing to save; changed ones are refused, every time.
            store.save(&notes).unwrap();
            notes.change("a", "A", |e| e.note = "lost?".into());
            for _ in 0..3 {
                assert_eq!(
                    store.save(&notes),
                    Err(SaveError::ReadOnly(reason.clone())),
                    "{what}"
                );
                assert!(!store.is_saved(&notes));
            }
            assert_eq!(
                store.save_as(&notes, &path).unwrap_err().to_string(),
                format!(
                    "{} may not be written here ({reason}); choose another file",
                    path.display()
                )
            );
            assert_eq!(fs::read(&path).unwrap(), *bytes, "{what}");
            // No lock is kept for a file this argscope never writes, and nothing else is made.
            assert_eq!(listing(dir.path()), ["m.notes.json"], "{what}");
            // The notes can still go somewhere else.
            let elsewhere = dir.path().join("rescued.notes.json");
            store.save_as(&notes, &elsewhere).unwrap();
            assert_eq!(read(&elsewhere).unwrap().unwrap().entries, *notes.entries());
            assert_eq!(fs::read(&path).unwrap(), *bytes, "{what}");
        }
    }

    #[test]
    fn a_bad_file_names_its_first_problem_and_how_many_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        fs::write(
            &path,
            "{\"argscope_notes\": 1,\n \"entries\": {\"a\": {\"mark\": 1}, \"b\": {\"impact\": 9}}}",
        )
        .unwrap();
        let (store, _) = Store::open(path.clone(), "M", true);
        let reason = store.status().message().unwrap().to_string();
        assert!(
            reason.starts_with(&format!(
                "{}:2:28: \"mark\" in the entry \"a\" is 1",
                path.display()
            )),
            "{reason}"
        );
        assert!(reason.contains("(and 1 more problem)"), "{reason}");
        assert_eq!(store.problems().len(), 2);
    }

    #[test]
    fn a_notes_path_that_cannot_be_read_opens_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        fs::create_dir(&path).unwrap();
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        let reason = store.status().message().unwrap().to_string();
        assert!(
            reason.contains("it is a directory, not a file, so it cannot hold notes; give --notes a regular file"),
            "{reason}"
        );
        // A folder cannot be repaired into a notes file.
        assert!(!reason.contains("repair"), "{reason}");
        notes.change("a", "A", |e| e.bookmark = true);
        assert!(matches!(store.save(&notes), Err(SaveError::ReadOnly(_))));
        assert!(path.is_dir());
    }

    // Saving -----------------------------------------------------------------------------------

    #[test]
    fn each_save_keeps_the_previous_file_as_bak_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        let mut versions = Vec::new();
        for i in 0..4 {
            notes.change("a", "A", |e| e.note = format!("version {i}"));
            store.save(&notes).unwrap();
            versions.push(fs::read_to_string(&path).unwrap());
            assert_eq!(versions[i], to_json("M", true, notes.entries()));
            if i > 0 {
                assert_eq!(
                    fs::read_to_string(backup_path(&path)).unwrap(),
                    versions[i - 1]
                );
            }
        }
        // A save with nothing new writes nothing: the .bak is still one version back.
        store.save(&notes).unwrap();
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), versions[2]);
        assert_eq!(
            listing(dir.path()),
            ["m.notes.json", "m.notes.json.bak", "m.notes.json.lock"]
        );
        // Undo is a change like any other, and is saved.
        notes.undo();
        store.save(&notes).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), versions[2]);
    }

    #[test]
    fn orphaned_entries_survive_a_save_and_a_reload() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let map = crate::load::builtin().map;
        let keys = super::super::Keys::new(&map, true);
        {
            let (mut store, mut notes) = Store::open(path.clone(), "M", true);
            notes.change("crimea", "Crimea", |e| e.mark = Some(Mark::Unsure));
            notes.change("gone-node", "A point since deleted", |e| {
                e.note = "keep me".into();
            });
            store.save(&notes).unwrap();
        }
        for _ in 0..2 {
            let (mut store, mut notes) = Store::open(path.clone(), "M", true);
            let orphans = notes.orphans(&keys);
            assert_eq!(orphans.len(), 1);
            assert_eq!(orphans[0].0, "gone-node");
            assert_eq!(orphans[0].1.note, "keep me");
            assert_eq!(orphans[0].1.label, "A point since deleted");
            // Another change is saved with the orphan still in the file.
            notes.change("crimea", "Crimea", |e| e.impact = Some(2));
            store.save(&notes).unwrap();
        }
    }

    #[test]
    fn a_failure_at_each_step_keeps_the_old_file_and_the_next_save_succeeds() {
        for step in [
            Step::Create,
            Step::Write,
            Step::Sync,
            Step::Backup,
            Step::Rename,
            Step::SyncDir,
        ] {
            for kind in [
                ErrorKind::StorageFull,
                ErrorKind::PermissionDenied,
                ErrorKind::ReadOnlyFilesystem,
            ] {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("m.notes.json");
                let (mut store, mut notes) = Store::open(path.clone(), "M", true);
                notes.change("a", "A", |e| e.note = "first".into());
                store.save(&notes).unwrap();
                notes.change("a", "A", |e| e.note = "second".into());
                store.save(&notes).unwrap();
                let old = fs::read(&path).unwrap();
                let old_backup = fs::read(backup_path(&path)).unwrap();
                notes.change("a", "A", |e| e.note = "third".into());
                store.inject_fault(Some((step, kind)));
                for _ in 0..2 {
                    let before = fs::read(&path).unwrap();
                    let error = store.save(&notes).unwrap_err();
                    let SaveError::Io {
                        step: failed,
                        ref reason,
                        ..
                    } = error
                    else {
                        panic!("{step:?}: {error:?}");
                    };
                    assert_eq!(failed, step);
                    assert_eq!(reason, &io_reason(&io::Error::from(kind)));
                    let message = error.to_string();
                    assert!(
                        message.starts_with(&format!("cannot save notes to {}: ", path.display())),
                        "{message}"
                    );
                    assert!(message.contains("kept in memory"), "{message}");
                    assert_eq!(store.status(), StoreStatus::Failed(message));
                    assert!(!store.is_saved(&notes));
                    if step == Step::SyncDir {
                        // The rename was made; only its sync failed.
                        assert_eq!(
                            fs::read_to_string(&path).unwrap(),
                            to_json("M", true, notes.entries())
                        );
                    } else {
                        assert_eq!(fs::read(&path).unwrap(), old, "{step:?}");
                    }
                    // The .bak is replaced only once the new content is whole on the disk; after
                    // that it is the file the save was replacing.
                    let backup = fs::read(backup_path(&path)).unwrap();
                    if matches!(step, Step::Rename | Step::SyncDir) {
                        assert_eq!(backup, before, "{step:?}");
                    } else {
                        assert_eq!(backup, old_backup, "{step:?}");
                    }
                    assert_eq!(
                        listing(dir.path()),
                        ["m.notes.json", "m.notes.json.bak", "m.notes.json.lock"],
                        "{step:?}"
                    );
                }
                store.inject_fault(None);
                store.save(&notes).unwrap();
                assert_eq!(store.status(), StoreStatus::Writable);
                assert!(store.is_saved(&notes));
                assert_eq!(
                    fs::read_to_string(&path).unwrap(),
                    to_json("M", true, notes.entries())
                );
            }
        }
    }

    #[test]
    fn a_failure_before_the_first_file_leaves_nothing_and_the_next_save_succeeds() {
        for step in [
            Step::CreateDir,
            Step::Lock,
            Step::Create,
            Step::Write,
            Step::Sync,
            Step::Rename,
        ] {
            let dir = tempfile::tempdir().unwrap();
            // A file where the folder should be as the store opens: the folder and the lock are
            // left to the first save.
            let blocker = dir.path().join("new");
            fs::write(&blocker, "").unwrap();
            let path = blocker.join("m.notes.json");
            let (mut store, mut notes) = Store::open(path.clone(), "M", true);
            fs::remove_file(&blocker).unwrap();
            notes.change("a", "A", |e| e.note = "first".into());
            store.inject_fault(Some((step, ErrorKind::StorageFull)));
            let error = store.save(&notes).unwrap_err();
            assert!(
                matches!(error, SaveError::Io { step: s, .. } if s == step),
                "{error:?}"
            );
            assert!(!path.exists(), "{step:?}");
            store.inject_fault(None);
            store.save(&notes).unwrap();
            assert_eq!(read(&path).unwrap().unwrap().entries, *notes.entries());
        }
    }

    #[test]
    fn a_folder_that_cannot_exist_fails_for_everyone_and_loses_nothing() {
        // A regular file where the notes' folder should be: no user, root included, can save.
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("maps");
        fs::write(&blocker, "not a folder").unwrap();
        let path = blocker.join("m.notes.json");
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        assert_eq!(store.status(), StoreStatus::Writable);
        notes.change("a", "A", |e| e.note = "precious".into());
        for _ in 0..2 {
            let error = store.save(&notes).unwrap_err();
            assert!(
                matches!(
                    error,
                    SaveError::Io {
                        step: Step::CreateDir,
                        ..
                    }
                ),
                "{error:?}"
            );
            let message = error.to_string();
            assert!(
                message.starts_with(&format!(
                    "cannot save notes to {}: its folder {} cannot be made (",
                    path.display(),
                    blocker.display()
                )),
                "{message}"
            );
            assert!(matches!(store.status(), StoreStatus::Failed(_)));
            assert!(!store.is_saved(&notes));
            assert_eq!(notes.get("a").unwrap().note, "precious");
        }
        assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a folder");
        // Where the notes can go instead.
        let rescue = dir.path().join("rescue.notes.json");
        store.save_as(&notes, &rescue).unwrap();
        assert_eq!(read(&rescue).unwrap().unwrap().entries, *notes.entries());
        let error = store
            .save_as(&notes, &blocker.join("other.json"))
            .unwrap_err();
        assert!(
            error.to_string().ends_with(
                "cannot be made (file exists) (a file stands where a folder should be: move it away, or write them elsewhere)"
            ),
            "{error}"
        );
    }

    #[test]
    fn save_as_never_writes_over_a_file_that_is_not_notes() {
        let dir = tempfile::tempdir().unwrap();
        let map = dir.path().join("m.json");
        fs::write(&map, crate::load::BUILTIN_MAP).unwrap();
        let (mut store, mut notes) = Store::open(dir.path().join("m.notes.json"), "M", true);
        notes.change("a", "A", |e| e.note = "n".into());
        let error = store.save_as(&notes, &map).unwrap_err();
        assert!(
            matches!(&error, SaveError::Refused(m) if m.contains("is not an argscope notes file")),
            "{error:?}"
        );
        assert_eq!(fs::read_to_string(&map).unwrap(), crate::load::BUILTIN_MAP);
        // An older notes file there is replaced, and kept as its .bak.
        let other = dir.path().join("other.notes.json");
        fs::write(&other, to_json("Old", true, &BTreeMap::new())).unwrap();
        store.save_as(&notes, &other).unwrap();
        assert_eq!(read(&other).unwrap().unwrap().entries, *notes.entries());
        assert_eq!(read(&backup_path(&other)).unwrap().unwrap().map, "Old");
        // save_as to the store's own file is a save.
        store
            .save_as(&notes, store.path().to_path_buf().as_path())
            .unwrap();
        assert!(store.is_saved(&notes));
    }

    #[test]
    fn a_symbolic_link_is_written_through() {
        #[cfg(unix)]
        {
            let dir = tempfile::tempdir().unwrap();
            let real = dir.path().join("synced/real.notes.json");
            fs::create_dir(dir.path().join("synced")).unwrap();
            fs::write(&real, to_json("M", true, &BTreeMap::new())).unwrap();
            let link = dir.path().join("m.notes.json");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            let (mut store, mut notes) = Store::open(link.clone(), "M", true);
            notes.change("a", "A", |e| e.bookmark = true);
            store.save(&notes).unwrap();
            assert!(
                fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(read(&real).unwrap().unwrap().entries, *notes.entries());
        }
    }

    // The lock ---------------------------------------------------------------------------------

    #[test]
    fn a_second_argscope_on_the_same_notes_is_read_only_and_names_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (mut first, mut notes) = Store::open(path.clone(), "M", true);
        notes.change("a", "A", |e| e.note = "mine".into());
        first.save(&notes).unwrap();
        assert_eq!(
            fs::read_to_string(lock_path(&path)).unwrap(),
            format!("{}\n", std::process::id())
        );

        let (mut second, mut theirs) = Store::open(path.clone(), "M", true);
        // The second sees the notes, and may not write them.
        assert_eq!(theirs.entries(), notes.entries());
        let expected = format!(
            "another argscope (pid {}) has them open, in {}",
            std::process::id(),
            path.display()
        );
        assert_eq!(second.status(), StoreStatus::ReadOnly(expected.clone()));
        theirs.change("a", "A", |e| e.note = "clobber".into());
        assert_eq!(second.save(&theirs), Err(SaveError::ReadOnly(expected)));
        assert!(second.save_as(&theirs, &path).is_err());
        // The first carries on saving.
        notes.change("b", "B", |e| e.bookmark = true);
        first.save(&notes).unwrap();
        assert_eq!(read(&path).unwrap().unwrap().entries, *notes.entries());
        drop(second);
        assert!(lock_path(&path).exists(), "the second never held the lock");

        drop(first);
        assert!(
            !lock_path(&path).exists(),
            "the lock file goes with its lock"
        );
        let (mut third, mut later) = Store::open(path.clone(), "M", true);
        assert_eq!(third.status(), StoreStatus::Writable);
        later.change("c", "C", |e| e.bookmark = true);
        third.save(&later).unwrap();
    }

    #[test]
    fn notes_edited_by_hand_while_argscope_has_them_are_not_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        notes.change("a", "A", |e| e.note = "from the seminar".into());
        store.save(&notes).unwrap();
        // The teacher corrects the file in an editor while argscope is still open.
        let by_hand = fs::read_to_string(&path)
            .unwrap()
            .replace("from the seminar", "corrected by hand");
        fs::write(&path, &by_hand).unwrap();

        notes.change("b", "B", |e| e.bookmark = true);
        let error = store.save(&notes).unwrap_err();
        assert!(
            matches!(&error, SaveError::ReadOnly(m) if m.contains("was changed by another program")),
            "{error:?}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), by_hand);
        assert!(!store.is_saved(&notes));
        // What argscope holds can still go to a file of its own.
        let rescue = dir.path().join("rescue.notes.json");
        store.save_as(&notes, &rescue).unwrap();
        assert_eq!(read(&rescue).unwrap().unwrap().entries, *notes.entries());
        assert_eq!(fs::read_to_string(&path).unwrap(), by_hand);
    }

    #[test]
    fn a_notes_file_made_read_only_opens_read_only_and_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        notes.change("a", "A", |e| e.note = "the final record".into());
        store.save(&notes).unwrap();
        drop(store);
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        let before = fs::read(&path).unwrap();

        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        assert_eq!(notes.get("a").unwrap().note, "the final record");
        let StoreStatus::ReadOnly(reason) = store.status() else {
            panic!("{:?}", store.status());
        };
        assert!(reason.contains("is read-only"), "{reason}");
        notes.change("a", "A", |e| e.note = "overwritten".into());
        assert!(matches!(store.save(&notes), Err(SaveError::ReadOnly(_))));
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    /// A notes file reached through a symbolic link is the same file as by its own name: one
    /// lock for both, and a save keeps the link pointing at the notes.
    #[cfg(unix)]
    #[test]
    fn a_notes_file_reached_through_a_link_shares_its_lock_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("m.notes.json");
        let (mut store, mut notes) = Store::open(target.clone(), "M", true);
        notes.change("a", "A", |e| e.note = "first".into());
        store.save(&notes).unwrap();
        drop(store);
        let link = dir.path().join("link.notes.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();

        let (mut by_link, mut mine) = Store::open(link.clone(), "M", true);
        assert_eq!(by_link.status(), StoreStatus::Writable);
        let (by_name, _) = Store::open(target.clone(), "M", true);
        let StoreStatus::ReadOnly(reason) = by_name.status() else {
            panic!("{:?}", by_name.status());
        };
        assert!(reason.contains("another argscope (pid"), "{reason}");
        drop(by_name);

        mine.change("a", "A", |e| e.note = "through the link".into());
        by_link.save(&mine).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            fs::read_to_string(&target)
                .unwrap()
                .contains("through the link")
        );
    }

    #[test]
    fn a_lock_file_left_by_a_dead_process_blocks_no_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        fs::write(lock_path(&path), "4194303\n").unwrap();
        // A temporary file of a save that was interrupted, too.
        fs::write(
            crate::atomic::sibling(&path, ".tmp-4194303"),
            "{\"argscope_no",
        )
        .unwrap();
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        assert_eq!(store.status(), StoreStatus::Writable);
        assert_eq!(listing(dir.path()), ["m.notes.json.lock"]);
        notes.change("a", "A", |e| e.bookmark = true);
        store.save(&notes).unwrap();
        assert_eq!(
            fs::read_to_string(lock_path(&path)).unwrap(),
            format!("{}\n", std::process::id())
        );
    }

    /// A map named at length gives a notes file whose name fits but leaves no room for `.lock`,
    /// `.draft` or `.bak`: those are shortened, so the notes save, and the temporary files a
    /// crash left under shortened names are cleared as the notes open.
    #[test]
    fn notes_with_a_long_name_save_and_their_shortened_temporaries_are_cleared() {
        use crate::atomic::fitting_sibling;
        let dir = tempfile::tempdir().unwrap();
        // 251 bytes: `.lock` and `.draft` beside it would pass 255, `.tmp-<pid>` too.
        let path = dir.path().join(format!("{}.notes.json", "c".repeat(240)));
        let left = [
            fitting_sibling(&path, ".tmp-4194303"),
            fitting_sibling(&path, ".bak.tmp-4194303-2"),
            fitting_sibling(&drafts_path(&path), ".tmp-4194303"),
        ];
        // Not this file's: another long name's temporary file, and a file of the user's.
        let others = [
            fitting_sibling(
                &dir.path().join(format!("{}.notes.json", "d".repeat(240))),
                ".tmp-1",
            ),
            dir.path().join(format!("{}~0000.tmp-1", "c".repeat(20))),
        ];
        for file in left.iter().chain(&others) {
            fs::write(file, "{\"argscope_no").unwrap();
        }
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        assert_eq!(store.status(), StoreStatus::Writable);
        for file in &left {
            assert!(!file.exists(), "{file:?} stays");
        }
        for file in &others {
            assert!(file.exists(), "{file:?} was removed");
        }
        assert!(lock_path(&path).exists());

        notes.change("a", "A", |e| e.note = "first".into());
        store.save(&notes).unwrap();
        notes.change("a", "A", |e| e.note = "second".into());
        store.save(&notes).unwrap();
        store.keep_draft("b", "B", "half a thought").unwrap();
        assert!(fs::read_to_string(&path).unwrap().contains("second"));
        assert!(
            fs::read_to_string(backup_path(&path))
                .unwrap()
                .contains("first")
        );
        assert!(
            fs::read_to_string(drafts_path(&path))
                .unwrap()
                .contains("half a thought")
        );
        drop(store);
        let (store, notes) = Store::open(path.clone(), "M", true);
        assert_eq!(notes.get("a").unwrap().note, "second");
        assert_eq!(store.drafts().get("b").unwrap().note, "half a thought");
    }

    /// A notes file whose name no file can have (the map's name is that long): one sentence
    /// says what to do, and the notes taken stay in memory, to be written elsewhere.
    #[test]
    fn a_notes_file_name_too_long_for_the_file_system_says_to_shorten_it_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{}.notes.json", "e".repeat(246)));
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        let StoreStatus::ReadOnly(message) = store.status() else {
            panic!("{:?}", store.status())
        };
        assert!(
            message.ends_with(
                ".notes.json: this name (257 bytes) is too long for the file system, so notes cannot be saved there; rename the map file to a shorter name, or give --notes a file with a shorter name"
            ),
            "{message}"
        );
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        notes.change("a", "A", |e| e.note = "kept".into());
        assert!(matches!(store.save(&notes), Err(SaveError::ReadOnly(_))));
        assert_eq!(notes.get("a").unwrap().note, "kept");
        assert!(listing(dir.path()).is_empty(), "nothing written beside it");
        let elsewhere = dir.path().join("rescued.notes.json");
        store.save_as(&notes, &elsewhere).unwrap();
        assert!(fs::read_to_string(&elsewhere).unwrap().contains("kept"));
    }

    #[test]
    fn a_lock_taken_at_the_first_save_still_protects_the_other_argscope() {
        // A file stands where the folder should be as both open, so neither can lock yet; it
        // is moved away before they save.
        let blocked = |dir: &Path| {
            let blocker = dir.join("new");
            fs::write(&blocker, "").unwrap();
            blocker
        };
        let dir = tempfile::tempdir().unwrap();
        let blocker = blocked(dir.path());
        let path = dir.path().join("new/m.notes.json");
        let (mut first, mut mine) = Store::open(path.clone(), "M", true);
        let (mut second, mut theirs) = Store::open(path.clone(), "M", true);
        let x = dir.path().join("new/x.notes.json");
        let (mut third, mut late) = Store::open(x.clone(), "M", true);
        fs::remove_file(&blocker).unwrap();
        mine.change("a", "A", |e| e.note = "mine".into());
        first.save(&mine).unwrap();
        theirs.change("b", "B", |e| e.note = "theirs".into());
        let error = second.save(&theirs).unwrap_err();
        assert!(
            matches!(&error, SaveError::ReadOnly(m) if m.contains("another argscope (pid")),
            "{error:?}"
        );
        drop(first);
        drop(second);
        // Once the first is gone, another that opened before the file existed still must not
        // write over notes it never read.
        let other = tempfile::tempdir().unwrap();
        let blocker = blocked(other.path());
        let path = other.path().join("new/m.notes.json");
        let (mut early, mut early_notes) = Store::open(path.clone(), "M", true);
        fs::remove_file(&blocker).unwrap();
        let (mut writer, mut written) = Store::open(path.clone(), "M", true);
        written.change("a", "A", |e| e.note = "written".into());
        writer.save(&written).unwrap();
        drop(writer);
        early_notes.change("b", "B", |e| e.note = "early".into());
        let error = early.save(&early_notes).unwrap_err();
        assert!(
            matches!(&error, SaveError::ReadOnly(m) if m.contains("another argscope changed them after this one read them")),
            "{error:?}"
        );
        assert_eq!(read(&path).unwrap().unwrap().entries, *written.entries());
        // Nothing changed meanwhile: the late lock is taken and the save goes ahead.
        late.change("c", "C", |e| e.bookmark = true);
        third.save(&late).unwrap();
        assert_eq!(read(&x).unwrap().unwrap().entries, *late.entries());
    }

    /// With no notes file yet, and not even its folder (the built-in map's data folder on a
    /// first run), the first argscope to open holds the lock from the start: the second is the
    /// read-only one and knows it as it opens, rather than the first turning read-only when the
    /// second saves first.
    #[test]
    fn the_first_to_open_holds_the_lock_before_there_is_a_notes_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/argscope/iran-russia.notes.json");
        let (mut first, mut mine) = Store::open(path.clone(), "M", true);
        assert_eq!(first.status(), StoreStatus::Writable);
        let (mut second, mut theirs) = Store::open(path.clone(), "M", true);
        let StoreStatus::ReadOnly(reason) = second.status() else {
            panic!("{:?}", second.status());
        };
        assert!(reason.starts_with("another argscope (pid"), "{reason}");
        assert!(!path.exists(), "no notes file made by opening");
        theirs.change("b", "B", |e| e.mark = Some(Mark::Agree));
        assert!(matches!(second.save(&theirs), Err(SaveError::ReadOnly(_))));
        mine.change("a", "A", |e| e.mark = Some(Mark::Agree));
        first.save(&mine).unwrap();
        assert_eq!(first.status(), StoreStatus::Writable);
        assert_eq!(read(&path).unwrap().unwrap().entries, *mine.entries());
    }

    // Two windows on one notes file ----------------------------------------------------------

    /// The second window on the notes is read-only: it shows each save of the first with its
    /// own changes on top, never writes the file while the first has it, and once the first
    /// has closed takes the notes over: its own changes win for the keys it changed (a note
    /// both changed keeps the first's text under the second's), the first's entries stay for
    /// every other key, and it saves from then on.
    #[test]
    fn a_read_only_window_follows_the_first_and_takes_over_when_it_closes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (mut first, mut a) = Store::open(path.clone(), "M", true);
        a.change("x", "X", |e| e.mark = Some(Mark::Agree));
        a.change("y", "Y", |e| e.note = "the first's".into());
        first.save(&a).unwrap();

        let (mut second, mut b) = Store::open(path.clone(), "M", true);
        assert!(second.follows());
        assert!(!first.follows());
        assert_eq!(second.follow(&mut b), Followed::Nothing);
        assert_eq!(b.entries(), a.entries());
        // The second's own changes, kept in memory: x bookmarked, z new, y's note rewritten.
        b.change("x", "X", |e| e.bookmark = true);
        b.change("z", "Z", |e| e.bookmark = true);
        b.change("y", "Y", |e| e.note = "the second's".into());
        assert!(matches!(second.save(&b), Err(SaveError::ReadOnly(_))));

        // The first saves: x changed, y changed in both, w new.
        a.change("x", "X", |e| e.mark = Some(Mark::Disagree));
        a.change("y", "Y", |e| e.note = "the first's again".into());
        a.change("w", "W", |e| e.impact = Some(2));
        first.save(&a).unwrap();
        assert_eq!(second.follow(&mut b), Followed::Reloaded { own: 3 });
        // The first's mark and the second's bookmark on x, both.
        assert_eq!(b.get("x").unwrap().mark, Some(Mark::Disagree));
        assert!(b.get("x").unwrap().bookmark);
        assert_eq!(b.get("w").unwrap().impact, Some(2));
        assert_eq!(b.get("y").unwrap().note, "the second's");
        assert!(b.get("z").unwrap().bookmark);
        assert!(!second.is_saved(&b));
        assert_eq!(second.follow(&mut b), Followed::Nothing);
        // Undo takes the second's change back to what the file has now, not what it had.
        let undone = b.undo().unwrap();
        assert_eq!(undone.key, "y");
        assert_eq!(b.get("y").unwrap().note, "the first's again");
        b.redo();
        assert_eq!(b.get("y").unwrap().note, "the second's");
        // The second never wrote the file, nor took the lock from the first.
        assert_eq!(read(&path).unwrap().unwrap().entries, *a.entries());
        let StoreStatus::ReadOnly(reason) = second.status() else {
            panic!("{:?}", second.status());
        };
        assert!(reason.starts_with("another argscope (pid"), "{reason}");
        assert_eq!(first.status(), StoreStatus::Writable);

        drop(first);
        assert_eq!(
            second.follow(&mut b),
            Followed::TookOver {
                own: 3,
                saved: Ok(()),
                both_changed: vec!["Y".to_string()],
            }
        );
        assert_eq!(second.status(), StoreStatus::Writable);
        assert!(!second.follows());
        assert!(second.is_saved(&b));
        let saved = read(&path).unwrap().unwrap().entries;
        assert_eq!(saved, *b.entries());
        assert_eq!(saved["x"].mark, Some(Mark::Disagree));
        assert!(saved["x"].bookmark);
        assert_eq!(saved["w"].impact, Some(2));
        assert_eq!(
            saved["y"].note, "the second's\n\nThe other window's note:\nthe first's again",
            "the first's note kept under the second's"
        );
        assert!(saved["z"].bookmark);
        assert_eq!(
            read(&backup_path(&path)).unwrap().unwrap().entries,
            *a.entries(),
            "the first's last save is the .bak"
        );
        assert_eq!(
            fs::read_to_string(lock_path(&path)).unwrap(),
            format!("{}\n", std::process::id())
        );
        // It has the notes now: it saves, and a third window is the read-only one.
        b.change("v", "V", |e| e.note = "later".into());
        second.save(&b).unwrap();
        assert_eq!(read(&path).unwrap().unwrap().entries, *b.entries());
        let (third, _) = Store::open(path.clone(), "M", true);
        assert!(third.follows());
        assert_eq!(second.follow(&mut b), Followed::Nothing);
    }

    /// A window with no changes of its own shows the first's saves as they are, so there is
    /// nothing of its own to keep on the way out; on taking over there is nothing to write.
    #[test]
    fn a_read_only_window_without_changes_of_its_own_has_nothing_unsaved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (mut first, mut a) = Store::open(path.clone(), "M", true);
        let (mut second, mut b) = Store::open(path.clone(), "M", true);
        a.change("x", "X", |e| e.mark = Some(Mark::Unsure));
        first.save(&a).unwrap();
        assert_eq!(second.follow(&mut b), Followed::Reloaded { own: 0 });
        assert_eq!(b.entries(), a.entries());
        assert!(second.is_saved(&b));
        // A change undone is none: nothing is left unsaved.
        b.change("q", "Q", |e| e.bookmark = true);
        assert!(matches!(second.save(&b), Err(SaveError::ReadOnly(_))));
        b.undo();
        second.save(&b).unwrap();
        assert!(second.is_saved(&b));
        drop(first);
        let before = fs::read(&path).unwrap();
        assert_eq!(
            second.follow(&mut b),
            Followed::TookOver {
                own: 0,
                saved: Ok(()),
                both_changed: Vec::new(),
            }
        );
        assert!(second.is_saved(&b));
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    /// A lock left by an argscope that died (its lock file still there, with its pid, but no
    /// lock on it) is taken over at the next look: the pid is named no more.
    #[test]
    fn a_window_takes_over_from_an_argscope_that_died() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (mut first, mut a) = Store::open(path.clone(), "M", true);
        a.change("x", "X", |e| e.note = "before the crash".into());
        first.save(&a).unwrap();
        let (mut second, mut b) = Store::open(path.clone(), "M", true);
        b.change("y", "Y", |e| e.bookmark = true);
        // Killed while a note was being written, kept as a draft; the operating system lets
        // go of its lock, and its lock file stays.
        first.keep_draft("x", "X", "half a tho").unwrap();
        drop(first);
        fs::write(lock_path(&path), "4194303\n").unwrap();
        assert!(matches!(
            second.follow(&mut b),
            Followed::TookOver {
                own: 1,
                saved: Ok(()),
                ..
            }
        ));
        assert_eq!(second.status(), StoreStatus::Writable);
        assert_eq!(second.drafts()["x"].note, "half a tho", "offered back here");
        let saved = read(&path).unwrap().unwrap().entries;
        assert_eq!(saved["x"].note, "before the crash");
        assert!(saved["y"].bookmark);
        assert_eq!(
            fs::read_to_string(lock_path(&path)).unwrap(),
            format!("{}\n", std::process::id())
        );
    }

    /// Another argscope took the notes before this one looked: the reason names it, and this
    /// one still follows.
    #[test]
    fn a_window_names_the_argscope_that_has_the_notes_now() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (first, _) = Store::open(path.clone(), "M", true);
        let (mut second, mut b) = Store::open(path.clone(), "M", true);
        drop(first);
        let (_third, _) = Store::open(path.clone(), "M", true);
        // The third's pid, as another process's would be.
        fs::write(lock_path(&path), "4194000\n").unwrap();
        assert_eq!(second.follow(&mut b), Followed::OtherHolder);
        assert!(second.follows());
        assert_eq!(
            second.status().message().unwrap(),
            format!(
                "another argscope (pid 4194000) has them open, in {}",
                path.display()
            )
        );
        assert_eq!(second.follow(&mut b), Followed::Nothing);
    }

    /// A file the other argscope left that no longer parses is never written over: the
    /// window turns read-only for that reason, and keeps what it shows.
    #[test]
    fn a_window_never_takes_over_a_file_that_does_not_parse() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (mut first, mut a) = Store::open(path.clone(), "M", true);
        a.change("x", "X", |e| e.note = "kept".into());
        first.save(&a).unwrap();
        let (mut second, mut b) = Store::open(path.clone(), "M", true);
        b.change("y", "Y", |e| e.bookmark = true);
        // Broken by hand while the first is open: shown as it was, and said.
        fs::write(&path, "{\"argscope_notes\": 1, \"entr").unwrap();
        let Followed::Unreadable(reason) = second.follow(&mut b) else {
            panic!("read a file that does not parse");
        };
        assert!(reason.contains("not valid JSON"), "{reason}");
        assert_eq!(b.get("x").unwrap().note, "kept");
        drop(first);
        let Followed::Refused(reason) = second.follow(&mut b) else {
            panic!("took over a file that does not parse");
        };
        assert!(reason.contains("never writes over"), "{reason}");
        assert!(!second.follows());
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "{\"argscope_notes\": 1, \"entr"
        );
        assert!(b.get("y").unwrap().bookmark);
        assert!(matches!(second.save(&b), Err(SaveError::ReadOnly(_))));
    }

    /// An argscope that could not lock as it opened (no folder yet) and finds at its first
    /// save that another wrote the notes meanwhile, and closed, adds its changes to them.
    #[test]
    fn a_late_lock_finding_notes_written_meanwhile_adds_its_changes_to_them() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("new");
        fs::write(&blocker, "").unwrap();
        let path = dir.path().join("new/m.notes.json");
        let (mut early, mut mine) = Store::open(path.clone(), "M", true);
        fs::remove_file(&blocker).unwrap();
        let (mut writer, mut written) = Store::open(path.clone(), "M", true);
        written.change("a", "A", |e| e.note = "written".into());
        writer.save(&written).unwrap();
        drop(writer);
        mine.change("b", "B", |e| e.note = "mine".into());
        assert!(matches!(early.save(&mine), Err(SaveError::ReadOnly(_))));
        assert!(early.follows());
        assert!(matches!(
            early.follow(&mut mine),
            Followed::TookOver {
                own: 1,
                saved: Ok(()),
                ..
            }
        ));
        let saved = read(&path).unwrap().unwrap().entries;
        assert_eq!(saved["a"].note, "written");
        assert_eq!(saved["b"].note, "mine");
    }

    // Drafts -----------------------------------------------------------------------------------

    /// A note left unfinished is kept beside the notes, never over the saved note, and the
    /// next argscope on them finds it; once settled it is gone, and the file with it.
    #[test]
    fn an_unfinished_note_is_kept_apart_and_found_by_the_next_argscope() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        let (mut store, mut notes) = Store::open(path.clone(), "M", true);
        notes.change("t", "T", |e| e.note = "Careful note".into());
        store.save(&notes).unwrap();
        let saved = fs::read(&path).unwrap();
        let kept = store.keep_draft("t", "T", "").unwrap();
        assert_eq!(kept, drafts_path(&path));
        store.keep_draft("c", "C", "half a tho").unwrap();
        assert_eq!(
            fs::read(&path).unwrap(),
            saved,
            "the saved note is untouched"
        );
        assert!(!backup_path(&path).exists(), "and its .bak too");
        drop(store);

        let (mut store, notes) = Store::open(path.clone(), "M", true);
        assert_eq!(notes.get("t").unwrap().note, "Careful note");
        let drafts: Vec<(&str, &str)> = store
            .drafts()
            .iter()
            .map(|(key, entry)| (key.as_str(), entry.note.as_str()))
            .collect();
        assert_eq!(drafts, [("c", "half a tho"), ("t", "")]);
        // A second argscope neither reads nor writes them.
        let (mut second, _) = Store::open(path.clone(), "M", true);
        assert!(second.drafts().is_empty());
        assert!(matches!(
            second.keep_draft("x", "X", "mine"),
            Err(SaveError::ReadOnly(_))
        ));
        second.settle_draft("c").unwrap();
        drop(second);
        store.settle_draft("t").unwrap();
        assert_eq!(read(&drafts_path(&path)).unwrap().unwrap().entries.len(), 1);
        store.settle_draft("c").unwrap();
        assert!(!drafts_path(&path).exists());
        assert_eq!(listing(dir.path()), ["m.notes.json", "m.notes.json.lock"]);
    }

    /// A drafts file that cannot be read is said so and never written over: the draft must go
    /// elsewhere.
    #[test]
    fn a_drafts_file_that_cannot_be_read_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.notes.json");
        fs::write(drafts_path(&path), "{\"argscope_notes\": 1, \"entr").unwrap();
        let (mut store, _) = Store::open(path.clone(), "M", true);
        assert!(store.drafts().is_empty());
        let problem = store.drafts_problem().unwrap();
        assert!(problem.contains("m.notes.json.draft:1:"), "{problem}");
        let error = store.keep_draft("t", "T", "text").unwrap_err();
        assert!(matches!(error, SaveError::Refused(_)), "{error:?}");
        assert_eq!(
            fs::read_to_string(drafts_path(&path)).unwrap(),
            "{\"argscope_notes\": 1, \"entr"
        );
    }
}
