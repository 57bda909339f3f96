//! Loading a map: reading the file, parsing it, and anchoring its quotes in the source document.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use thiserror::Error;

use crate::formats::detect::{Format, detect_file};
use crate::formats::xml_encoding::{self, Declared};
use crate::formats::{Imported, aif, argdown, kialo, markdown_outline, native, opml};
use crate::model::problem::{LineIndex, Loss};
use crate::model::validate::Field;
use crate::model::{Anchor, ArgMap, Body, FieldPlaces, Place, Problem, Severity, validate};
use crate::source::Document;
use crate::text::human_size;

/// The built-in map and its source document, embedded so the binary runs from anywhere.
pub const BUILTIN_MAP: &str = include_str!("../assets/iran-russia/map.json");
pub const BUILTIN_ARTICLE: &str = include_str!("../assets/iran-russia/article.txt");
/// How the built-in map is named in messages.
pub const BUILTIN_NAME: &str = "assets/iran-russia/map.json";

/// The largest map file read when `--max-size` does not say otherwise: 1 GB, room for a
/// million-node map in argscope JSON (about 670 MB).
pub const DEFAULT_MAX_SIZE: u64 = 1024 * 1024 * 1024;

/// The size limit every later [`from_path_as`] applies. One value for the whole process, so a
/// map read again on a change (live reload) keeps the limit the command line gave.
static MAX_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_SIZE);

/// Sets the largest file, in bytes, that loading a map (and its source document) will read;
/// the binary calls it once, from `--max-size`.
pub fn set_max_size(bytes: u64) {
    MAX_SIZE.store(bytes, Ordering::Relaxed);
}

/// The size limit in force, in bytes.
pub fn max_size() -> u64 {
    MAX_SIZE.load(Ordering::Relaxed)
}

/// A map ready to show, with what was found wrong in it that does not stop it being shown.
#[derive(Debug)]
pub struct Loaded {
    pub map: ArgMap,
    /// The source document, when it could be read.
    pub document: Option<Document>,
    /// Warnings: quotes not found, a missing document, long labels. `check` lists them.
    pub problems: Vec<Problem>,
    /// The map file as named by the user (or the built-in map's name).
    pub name: String,
    /// Whether node ids survive a re-export of the file (so notes can be keyed by id).
    pub stable_ids: bool,
}

/// Why a map could not be loaded at all.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("cannot read {path}: {reason}; check the path and that it names a map file")]
    Read { path: String, reason: String },
    #[error("cannot read {path}: {what}; {fix}")]
    NotAFile {
        path: String,
        what: &'static str,
        fix: &'static str,
    },
    #[error(
        "{path} is {}, over the limit of {} for a map file; pass --max-size {} to read it",
        human_size(*.size),
        human_size(*.limit),
        size_flag(*.size)
    )]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path} changed while it was being read; open it again once it is saved")]
    Changed { path: String },
    #[error(
        "argscope reads a map from a file, not from standard input (\"-\"); save the map to a file and name that file"
    )]
    StandardInput,
    #[error("{place}: the file is not valid UTF-8 (byte {offset}){looks}; save it as UTF-8 text")]
    NotUtf8 {
        place: Place,
        offset: usize,
        /// What the file probably is, when that can be told.
        looks: Looks,
    },
    #[error(
        "{place}: the file is not text (byte {offset} is not part of text in UTF-8 or another encoding), so it is not a map; {MAP_FORMATS}, so {fix}"
    )]
    NotText {
        place: Place,
        offset: usize,
        fix: &'static str,
    },
    #[error(
        "{place}: the XML declaration names the encoding \"{label}\", which argscope cannot read; save the file as UTF-8 text (with encoding=\"UTF-8\" in that declaration)"
    )]
    UnknownEncoding { place: Place, label: String },
    #[error(
        "{place}: the file is not valid {label} text (byte {offset}), though its XML declaration names that encoding; save it as UTF-8 text"
    )]
    NotInEncoding {
        place: Place,
        label: String,
        offset: usize,
    },
    #[error(
        "{place}: the file is UTF-16 (it starts with UTF-16's byte order mark), but byte {offset} starts half of a character; save it as UTF-8 text"
    )]
    NotUtf16 { place: Place, offset: usize },
    #[error(
        "{place}: the file holds a NUL byte (byte {offset}), so it is binary, not a map; {MAP_FORMATS}, so save the map as one of those"
    )]
    Binary { place: Place, offset: usize },
    #[error(
        "{place}: the file is UTF-16 text without a byte order mark (every other byte is NUL), which argscope cannot read; save it as UTF-8 text"
    )]
    Utf16WithoutBom { place: Place },
    #[error("{place}: this is {what}, not a map; {MAP_FORMATS}, so {fix}")]
    NotAMap {
        place: Place,
        what: &'static str,
        fix: &'static str,
    },
    #[error("{}", describe_problems(.0))]
    Invalid(Vec<Problem>),
}

/// What a file that is not UTF-8 looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Looks {
    /// Text in a one-byte encoding, as Windows (cp1252) and Latin-1 write `é`.
    SingleByteText,
    /// No text at all: random bytes, a damaged document, an image.
    NotText,
    /// Text, but not told which encoding.
    Unsure,
}

impl std::fmt::Display for Looks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Looks::SingleByteText => f.write_str(" and is probably Windows or Latin-1 text"),
            Looks::NotText | Looks::Unsure => Ok(()),
        }
    }
}

impl LoadError {
    /// Whether what is wrong is in the file's content, to be fixed there; the others are about
    /// reading it at all (its path, its size, a save in progress).
    pub fn in_content(&self) -> bool {
        matches!(
            self,
            LoadError::Invalid(_)
                | LoadError::NotUtf8 { .. }
                | LoadError::NotText { .. }
                | LoadError::UnknownEncoding { .. }
                | LoadError::NotInEncoding { .. }
                | LoadError::NotUtf16 { .. }
                | LoadError::Binary { .. }
                | LoadError::Utf16WithoutBom { .. }
                | LoadError::NotAMap { .. }
        )
    }

    /// Every problem found, for `check`.
    pub fn problems(&self) -> Vec<String> {
        match self {
            LoadError::Invalid(problems) => problems.iter().map(ToString::to_string).collect(),
            other => vec![other.to_string()],
        }
    }
}

fn describe_problems(problems: &[Problem]) -> String {
    match problems {
        [] => "the map is invalid".to_string(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!(
            "{first} (and {} more problem{}: `argscope check {}` lists them all)",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" },
            first.place.file
        ),
    }
}

/// The built-in Iran–Russia map.
pub fn builtin() -> Loaded {
    match from_str(
        BUILTIN_MAP,
        BUILTIN_NAME,
        DocumentSource::Text(BUILTIN_ARTICLE),
    ) {
        Ok(loaded) => loaded,
        // The built-in map is checked by the test suite; failing here is a build defect.
        Err(error) => panic!("the built-in map does not load: {error}"),
    }
}

/// Loads a map file, its format told by its content.
pub fn from_path(path: &Path) -> Result<Loaded, LoadError> {
    from_path_as(path, None)
}

/// Loads a map file in the format `from` names, or the one its content shows. An argscope
/// map's source document is looked up relative to the file.
pub fn from_path_as(path: &Path, from: Option<Format>) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    // `-` stands for standard input in many commands, but a map must be a file: it is read
    // again when it changes, and its notes are kept beside it.
    if path == Path::new("-") && !path.exists() {
        return Err(LoadError::StandardInput);
    }
    let bytes = read_file(path, max_size())?;
    if let Some((what, fix)) = not_a_map(&bytes) {
        return Err(LoadError::NotAMap {
            place: Place::at(&name, 1, 1),
            what,
            fix,
        });
    }
    let text = decode_owned(bytes, &name).map_err(|error| match error {
        // A map is text: a file that is none is not one, whatever its encoding.
        LoadError::NotUtf8 {
            place,
            offset,
            looks: Looks::NotText,
        } => LoadError::NotText {
            place,
            offset,
            fix: if made_by_a_program(&name) {
                EXPORT_IT
            } else {
                "save the map as one of those"
            },
        },
        other => other,
    })?;
    let mut format = from.unwrap_or_else(|| detect_file(&text, path));
    // Argdown in a Markdown file's ```argdown blocks: the blocks are the map, read in place.
    let fenced = if (format == Format::Argdown || from.is_none() && markdown_named(path))
        && let Some(blocks) = markdown_outline::argdown_blocks(&text)
    {
        format = Format::Argdown;
        Some(blocks)
    } else {
        None
    };
    let fenced_read = fenced.is_some();
    // A list beside the blocks is an outline the blocks leave out: said, not dropped unsaid.
    let list_beside =
        (fenced.as_deref()).and_then(|blocks| markdown_outline::list_beside_blocks(&text, blocks));
    let text = fenced.unwrap_or(text);
    if from.is_none() && format == Format::Argdown && markdown_named(path) && !fenced_read {
        let (line, column, message) = markdown_outline::refusal(&text);
        return Err(LoadError::Invalid(vec![Problem::error(
            Place::at(&name, line, column),
            message,
        )]));
    }
    let mut imported = match format {
        Format::Argscope => {
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            return from_str(&text, &name, DocumentSource::BesideMap(base));
        }
        Format::Argdown => argdown::parse_owned(text, &name),
        Format::ArgdownJson => argdown::parse_json(&text, &name),
        Format::Kialo => kialo::parse(&text, &name),
        Format::Aif => aif::parse(&text, &name),
        Format::Opml => opml::parse(&text, &name),
        Format::Markdown => markdown_outline::parse(&text, &name),
    };
    if let Some((line, column)) = list_beside {
        imported.problems.push(Problem::warning(
            Place::at(&name, line, column),
            "this list stands outside the ```argdown block, which argscope reads as the map, so the list is left out; keep the outline in a file of its own to open it as an outline",
        ));
    }
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    from_imported(imported, &name, base)
}

/// Whether the file is named as Markdown (`.md`, `.markdown`).
fn markdown_named(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A map another tool's format gave. What the importer could not understand comes with it as
/// problems (warnings, with their lines); the map opens all the same, unless nothing of it could
/// be read (an error: the file is not in the format at all). When the file names a source
/// document (argscope writes one into Argdown's front matter), quotes are anchored in it, looked
/// up relative to `base`.
fn from_imported(imported: Imported, name: &str, base: PathBuf) -> Result<Loaded, LoadError> {
    let mut problems = refuse_on_errors(imported.problems)?;
    // What the importer could not understand may be missing from the map, unless it said it
    // read all of it; what is found below (quotes not in the document) leaves nothing out.
    for problem in &mut problems {
        if problem.loss == Loss::Unsaid {
            problem.loss = Loss::Possible;
        }
    }
    // An importer must build a valid map; if one did not, say so rather than show it broken.
    let mut map = imported.map;
    let errors = crate::model::errors(&map, name);
    if !errors.is_empty() {
        return Err(LoadError::Invalid(errors));
    }
    let places = FieldPlaces {
        file: name.to_string(),
        ..FieldPlaces::default()
    };
    let document = read_document(&map, name, &DocumentSource::BesideMap(base), &mut problems);
    anchor_quotes(&mut map, document.as_ref(), &places, &mut problems);
    problems.sort_by_key(|p| p.place.line_col);
    Ok(Loaded {
        map,
        document,
        problems,
        name: name.to_string(),
        stable_ids: imported.stable_ids,
    })
}

/// Where a map's source document comes from.
pub enum DocumentSource<'a> {
    /// Already in memory (the built-in article).
    Text(&'a str),
    /// `source.file`, relative to this folder.
    BesideMap(PathBuf),
}

/// Parses, validates and anchors a map given as text. When anything stops the map from being
/// shown, the error lists every problem found, warnings included, errors first.
pub fn from_str(json: &str, name: &str, document: DocumentSource) -> Result<Loaded, LoadError> {
    if let Some(loaded) = from_str_fast(json, name, &document) {
        return Ok(loaded);
    }
    let parsed = native::parse(json, name).map_err(LoadError::Invalid)?;
    let (mut map, places) = (parsed.map, parsed.places);
    let mut problems = validate(&map, &places);
    let document = read_document(&map, name, &document, &mut problems);
    anchor_quotes(&mut map, document.as_ref(), &places, &mut problems);
    // In file order, as someone fixing them reads the file (the whole-file ones first).
    problems.sort_by_key(|p| p.place.line_col);
    let problems = refuse_on_errors(problems)?;
    Ok(Loaded {
        map,
        document,
        problems,
        name: name.to_string(),
        stable_ids: true,
    })
}

/// The problems, when none stops the map from being shown; else the refusal, listing every
/// problem found, errors first.
fn refuse_on_errors(mut problems: Vec<Problem>) -> Result<Vec<Problem>, LoadError> {
    if problems.iter().any(|p| p.severity == Severity::Error) {
        // A stable sort keeps each severity's problems in the order they came in.
        problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
        return Err(LoadError::Invalid(problems));
    }
    Ok(problems)
}

/// Reads a file of at most `limit` bytes. Anything that is not a regular file (a folder, a
/// named pipe, a device) is refused before it is opened, since reading a pipe or a terminal
/// could wait forever and a device such as /dev/zero never ends; a file over the limit is
/// refused before it is read. The limit holds even for a file that grows while being read, and
/// a file whose size or time changes meanwhile is refused rather than read half-written.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let name = path.display().to_string();
    let read_error = |error: std::io::Error| LoadError::Read {
        path: name.clone(),
        reason: io_reason(&error),
    };
    let checked = |metadata: &std::fs::Metadata| -> Result<(), LoadError> {
        if let Some((what, fix)) = not_a_file(metadata) {
            return Err(LoadError::NotAFile {
                path: name.clone(),
                what,
                fix,
            });
        }
        if metadata.len() > limit {
            return Err(LoadError::TooLarge {
                path: name.clone(),
                size: metadata.len(),
                limit,
            });
        }
        Ok(())
    };
    // Before opening: opening a named pipe for reading waits for a writer.
    checked(&std::fs::metadata(path).map_err(read_error)?)?;
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    // Again on what was opened, in case the path was replaced in between.
    let opened = file.metadata().map_err(read_error)?;
    checked(&opened)?;
    let capacity = usize::try_from(opened.len()).unwrap_or(0);
    let bytes = match read_in_halves(&file, capacity).map_err(read_error)? {
        Halves::Read(bytes) => bytes,
        Halves::Changed => return Err(LoadError::Changed { path: name }),
        Halves::NotTried => {
            let mut bytes = Vec::with_capacity(capacity);
            (&mut file)
                .take(limit.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(read_error)?;
            bytes
        }
    };
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge {
            path: name.clone(),
            size: bytes.len() as u64,
            limit,
        });
    }
    let after = file.metadata().map_err(read_error)?;
    if after.len() != opened.len() || after.modified().ok() != opened.modified().ok() {
        return Err(LoadError::Changed { path: name });
    }
    Ok(bytes)
}

/// What a path is when it is not a regular file, and what to do instead.
fn not_a_file(metadata: &std::fs::Metadata) -> Option<(&'static str, &'static str)> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    const SAVE: &str = "save it to a regular file and name that";
    if kind.is_dir() {
        return Some(("it is a directory, not a file", "name a file inside it"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some((
                "it is a named pipe (FIFO), not a regular file, and reading one can wait forever",
                SAVE,
            ));
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some((
                "it is a device (such as a terminal or /dev/zero), not a regular file",
                SAVE,
            ));
        }
        if kind.is_socket() {
            return Some(("it is a socket, not a regular file", SAVE));
        }
    }
    Some(("it is not a regular file", SAVE))
}

/// The `--max-size` value that would let a file of `bytes` through: whole megabytes (or
/// kilobytes, or bytes), rounded up.
fn size_flag(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{}M", bytes.div_ceil(1 << 20))
    } else if bytes >= 1 << 10 {
        format!("{}k", bytes.div_ceil(1 << 10))
    } else {
        bytes.to_string()
    }
}

/// Reads a size as `--max-size` takes it: bytes (`1000000`), or a number with `k`, `M` or `G`
/// after it (units of 1024; `KB`, `MiB` and the like are read too).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let invalid =
        || format!("{text:?} is not a size; write bytes or a number with k, M or G, such as 512M");
    let trimmed = text.trim();
    let digits = trimmed
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits);
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.strip_suffix('b').unwrap_or(&unit);
    let unit = unit.strip_suffix('i').unwrap_or(unit);
    let factor: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => return Err(invalid()),
    };
    let bytes = if number.contains('.') {
        let value: f64 = number.parse().map_err(|_| invalid())?;
        let bytes = value * factor as f64;
        if !bytes.is_finite() || bytes >= u64::MAX as f64 {
            return Err(invalid());
        }
        bytes.round() as u64
    } else {
        let value: u64 = number.parse().map_err(|_| invalid())?;
        value.checked_mul(factor).ok_or_else(invalid)?
    };
    if bytes == 0 {
        return Err(format!(
            "{text:?} would refuse every map; give the largest size to read, such as 512M"
        ));
    }
    Ok(bytes)
}

/// [`from_str`] for a map with nothing wrong in it (nearly every map), read without the places
/// of its fields: `None` when anything is wrong that a place would be given for, so that
/// [`from_str`] reads the file again with places. Problems with the file as a whole (a source
/// document that cannot be read) need no place and are kept.
fn from_str_fast(json: &str, name: &str, document: &DocumentSource) -> Option<Loaded> {
    let mut map = native::parse_fast(json)?;
    let places = FieldPlaces {
        file: name.to_string(),
        ..FieldPlaces::default()
    };
    if !validate(&map, &places).is_empty() {
        return None;
    }
    let mut problems = Vec::new();
    let document = read_document(&map, name, document, &mut problems);
    let mut placed = Vec::new();
    anchor_quotes(&mut map, document.as_ref(), &places, &mut placed);
    if !placed.is_empty() {
        return None;
    }
    problems.sort_by_key(|p| p.place.line_col);
    Some(Loaded {
        map,
        document,
        problems,
        name: name.to_string(),
        stable_ids: true,
    })
}

/// [`decode`] for bytes already owned: the text keeps their buffer rather than copying it.
pub fn decode_owned(bytes: Vec<u8>, name: &str) -> Result<String, LoadError> {
    // simdutf8 checks a big file several times faster than the standard library (a tenth of
    // opening a million-node map went to this check); it only says yes or no, so the place of
    // a bad byte, or of a NUL, comes from `decode`.
    if !is_text(&bytes) {
        return decode(&bytes, name);
    }
    // SAFETY: `is_text` has just checked that `bytes` is valid UTF-8.
    let mut text = unsafe { String::from_utf8_unchecked(bytes) };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Files this large are read a half per core: the copy from the system's cache and the first
/// touch of each page of memory take a tenth of a second at 250 MB.
const READ_IN_HALVES_FROM: usize = 4 << 20;

/// What reading a file a half per core gave.
#[derive(Debug, PartialEq)]
enum Halves {
    Read(Vec<u8>),
    /// Shorter or longer than its size said: it changed while it was read.
    Changed,
    /// The file is small, or the machine has one core or is not Unix: the caller reads it.
    NotTried,
}

/// Reads the `len` bytes of `file` (as its size said) a half per core, at once.
fn read_in_halves(file: &std::fs::File, len: usize) -> std::io::Result<Halves> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        if len < READ_IN_HALVES_FROM || !crate::parallel::has_two_cores() {
            return Ok(Halves::NotTried);
        }
        // Zeroed memory fresh from the system is not written until read into, so each half's
        // pages are first touched by the thread that reads it.
        let mut bytes = vec![0u8; len];
        let middle = len / 2;
        let (first, second) = bytes.split_at_mut(middle);
        let read_at = |part: &mut [u8], offset: usize| match file.read_exact_at(part, offset as u64)
        {
            Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
            read => read.map(|()| true),
        };
        let (first, second) =
            crate::parallel::both(|| read_at(first, 0), || read_at(second, middle));
        let whole = first? && second?;
        // A byte past its size: it grew.
        let grew = file.read_at(&mut [0], len as u64)? > 0;
        Ok(if whole && !grew {
            Halves::Read(bytes)
        } else {
            Halves::Changed
        })
    }
    #[cfg(not(unix))]
    {
        let _ = (file, len);
        Ok(Halves::NotTried)
    }
}

/// Files this large are checked a half per core.
const CHECKED_IN_HALVES_FROM: usize = 4 << 20;

/// Whether `bytes` are UTF-8 without a NUL. A large file is checked in two halves at once, cut
/// before a byte that starts a character, so that each half is UTF-8 when the whole is.
fn is_text(bytes: &[u8]) -> bool {
    let check =
        |part: &[u8]| simdutf8::basic::from_utf8(part).is_ok() && memchr::memchr(0, part).is_none();
    if bytes.len() < CHECKED_IN_HALVES_FROM {
        return check(bytes);
    }
    // A character is at most 4 bytes: one of the 4 bytes from the middle starts one, unless
    // the text is not UTF-8 there, which the check of the second half then finds.
    let middle = bytes.len() / 2;
    let cut = (middle..middle + 4)
        .find(|&i| bytes[i] & 0b1100_0000 != 0b1000_0000)
        .unwrap_or(middle);
    let (first, second) = bytes.split_at(cut);
    let (first, second) = crate::parallel::both(|| check(first), || check(second));
    first && second
}

/// What the formats argscope reads are, for a message about a file in none of them.
const MAP_FORMATS: &str = "argscope opens a map saved as text in argscope JSON, Argdown, a Kialo export, AIF JSON, OPML or a Markdown outline";

/// What to do with a document or an image instead of opening it.
const EXPORT_IT: &str = "export the map from the program that made it in one of those";

/// Files people open by mistake, told by their first bytes, which no map format starts with:
/// what the file is, and what to do.
const NOT_MAPS: &[(&[u8], &str, &str)] = &[
    (b"%PDF-", "a PDF document", EXPORT_IT),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "a Word, Excel or PowerPoint file of the old kind (.doc, .xls, .ppt)",
        EXPORT_IT,
    ),
    (b"{\\rtf", "an RTF document", EXPORT_IT),
    (b"\x89PNG\r\n\x1A\n", "a PNG image", EXPORT_IT),
    (b"\xFF\xD8\xFF", "a JPEG image", EXPORT_IT),
    (b"GIF87a", "a GIF image", EXPORT_IT),
    (b"GIF89a", "a GIF image", EXPORT_IT),
    (
        b"\x1F\x8B",
        "a file compressed with gzip",
        "decompress it first (gunzip FILE) if a map is inside",
    ),
    (
        b"BZh91AY&SY",
        "a file compressed with bzip2",
        "decompress it first (bunzip2 FILE) if a map is inside",
    ),
    (
        b"\xFD7zXZ\x00",
        "a file compressed with xz",
        "decompress it first (unxz FILE) if a map is inside",
    ),
    (
        b"\x28\xB5\x2F\xFD",
        "a file compressed with zstd",
        "decompress it first (unzstd FILE) if a map is inside",
    ),
    (
        b"7z\xBC\xAF\x27\x1C",
        "a 7-Zip archive",
        "extract the map from it first",
    ),
    (
        b"Rar!\x1A\x07",
        "a RAR archive",
        "extract the map from it first",
    ),
];

/// What a file that is no map seems to be, by its first bytes, and what to do with it; `None`
/// for any other file. Costs a few comparisons on a map.
fn not_a_map(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    // Word, Excel, PowerPoint and OpenDocument files are zip archives; the names of the parts
    // inside tell them apart.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let holds = |part: &[u8]| memchr::memmem::find(bytes, part).is_some();
        let what = if holds(b"word/") {
            "a Word document (.docx)"
        } else if holds(b"xl/") {
            "an Excel workbook (.xlsx)"
        } else if holds(b"ppt/") {
            "a PowerPoint presentation (.pptx)"
        } else if holds(b"application/vnd.oasis.opendocument") {
            "an OpenDocument file (.odt, .ods, .odp)"
        } else {
            return Some((
                "a zip archive (as Word, Excel and OpenDocument files are)",
                "extract the map from it first if one is inside",
            ));
        };
        return Some((what, EXPORT_IT));
    }
    (NOT_MAPS.iter())
        .find(|(start, ..)| bytes.starts_with(start))
        .map(|&(_, what, fix)| (what, fix))
}

/// A file holding a NUL byte at `offset`: binary, not a map, unless it is UTF-16 text saved
/// without a byte order mark, whose every other byte is a NUL.
fn binary(bytes: &[u8], text: &str, offset: usize, name: &str) -> LoadError {
    if looks_like_utf16(bytes) {
        return LoadError::Utf16WithoutBom {
            place: Place::at(name, 1, 1),
        };
    }
    let (line, column) = LineIndex::new(text).line_col(offset);
    LoadError::Binary {
        place: Place::at(name, line, column),
        offset,
    }
}

/// Whether the start of a file is UTF-16 text without a byte order mark: NULs at most of one
/// parity of places (the high bytes of Latin letters) and at few of the other.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return false;
    }
    let nuls_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nuls_at(0), nuls_at(1));
    let most = |n: usize| n * 2 >= pairs;
    let few = |n: usize| n * 10 <= pairs;
    (most(odd) && few(even)) || (most(even) && few(odd))
}

/// Decodes UTF-8, naming the first bad byte's place when it is not. A NUL byte is refused
/// too: no map format holds one, and a file of them is binary (or a disk's empty blocks).
/// A file that starts with UTF-16's byte order mark is decoded as UTF-16, and one that is not
/// UTF-8 but opens with an XML declaration naming another encoding is decoded in that.
pub fn decode(bytes: &[u8], name: &str) -> Result<String, LoadError> {
    if let Some(decoded) = utf16(bytes, name) {
        let text = decoded?;
        return match text.find('\0') {
            Some(offset) => Err(binary(&[], &text, offset, name)),
            None => Ok(text),
        };
    }
    match simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes)) {
        Ok(text) => {
            if let Some(offset) = text.find('\0') {
                return Err(binary(bytes, text, offset, name));
            }
            Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
        }
        // Not UTF-8, but perhaps in the encoding an XML declaration names (OPML from an older
        // outliner, in ISO-8859-1); only here, so UTF-8 files pay nothing for it.
        Err(_) if let Some(declared) = xml_encoding::decode(bytes) => {
            by_declaration(declared, bytes, name)
        }
        Err(error) => {
            let offset = error.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            // A NUL before the first byte that is not UTF-8: binary, as a text file has none.
            if let Some(nul) = valid.find('\0') {
                return Err(binary(bytes, valid, nul, name));
            }
            let (line, column) = LineIndex::new(valid).line_col(offset);
            // A lone byte past ASCII, as Windows (cp1252) and Latin-1 write `é`.
            let lone = error.error_len() == Some(1) && bytes[offset] >= 0x80;
            Err(LoadError::NotUtf8 {
                place: Place::at(name, line, column),
                offset,
                looks: if !reads_as_single_byte_text(bytes) {
                    Looks::NotText
                } else if lone {
                    Looks::SingleByteText
                } else {
                    Looks::Unsure
                },
            })
        }
    }
}

/// Whether bytes that are not UTF-8 read as text in a one-byte encoding (Windows' cp1252,
/// Latin-1): hardly a control character, and letters past ASCII a few among many ASCII ones,
/// as in a French or German text. Random bytes (a damaged document, an image) are half past
/// ASCII and an eighth control characters.
fn reads_as_single_byte_text(bytes: &[u8]) -> bool {
    let control = |b: u8| {
        // Tab, line ends, form feed and DOS's end of file mark stand in text files; the five
        // bytes cp1252 leaves undefined do not.
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | 0x1A))
            || matches!(b, 0x7F | 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
    };
    let controls = bytes.iter().filter(|&&b| control(b)).count();
    let past_ascii = bytes.iter().filter(|&&b| b >= 0x80).count();
    controls.saturating_mul(100) <= bytes.len() && past_ascii.saturating_mul(4) <= bytes.len()
}

/// Whether a file's name says a program other than a text editor made it (a document, a
/// slide show, an image), from which the map is to be exported.
fn made_by_a_program(name: &str) -> bool {
    const EXTENSIONS: [&str; 20] = [
        "pdf", "doc", "docx", "odt", "rtf", "pages", "xls", "xlsx", "ods", "numbers", "ppt",
        "pptx", "odp", "key", "png", "jpg", "jpeg", "gif", "heic", "webp",
    ];
    Path::new(name)
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            EXTENSIONS
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        })
}

/// The text read by the encoding a file's XML declaration names, or why it could not be.
fn by_declaration(declared: Declared, bytes: &[u8], name: &str) -> Result<String, LoadError> {
    // The place of a byte: its line and column in the text read before it.
    let place = |before: &str| {
        let (line, column) = LineIndex::new(before).line_col(before.len());
        Place::at(name, line, column)
    };
    match declared {
        // The encodings read this way keep ASCII as it is: a NUL byte is read as a NUL.
        Declared::Text(text) => match (text.find('\0'), memchr::memchr(0, bytes)) {
            (Some(at), Some(offset)) => Err(LoadError::Binary {
                place: place(&text[..at]),
                offset,
            }),
            _ => Ok(text),
        },
        Declared::Unknown { label, offset } => Err(LoadError::UnknownEncoding {
            // The declaration is ASCII, so its bytes are its text.
            place: place(std::str::from_utf8(&bytes[..offset]).unwrap_or_default()),
            label,
        }),
        Declared::Malformed {
            label,
            before,
            offset,
        } => Err(LoadError::NotInEncoding {
            place: place(&before),
            label,
            offset,
        }),
    }
}

/// The text of a file in UTF-16, as Windows saves "Unicode" text (Notepad, Excel's "Unicode
/// Text"): None when it does not start with a byte order mark, which no UTF-8 file does.
fn utf16(bytes: &[u8], name: &str) -> Option<Result<String, LoadError>> {
    let big_endian = match bytes {
        [0xFF, 0xFE, ..] => false,
        [0xFE, 0xFF, ..] => true,
        _ => return None,
    };
    let body = &bytes[2..];
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(body.len());
    let mut offset = 2;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                offset += 2 * c.len_utf16();
            }
            Err(_) => return Some(Err(not_utf16(&text, offset, name))),
        }
    }
    if body.len() % 2 == 1 {
        return Some(Err(not_utf16(&text, offset, name)));
    }
    Some(Ok(text))
}

/// A UTF-16 file broken at byte `offset`, after `text`.
fn not_utf16(text: &str, offset: usize, name: &str) -> LoadError {
    let (line, column) = LineIndex::new(text).line_col(text.len());
    LoadError::NotUtf16 {
        place: Place::at(name, line, column),
        offset,
    }
}

/// An I/O error as a few plain words ("no such file"), without the OS error code.
pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_string(),
        _ => {
            let text = error.to_string();
            // ELOOP: a symbolic link that leads (through others) back to itself.
            if text.contains("symbolic links") {
                return "it is a symbolic link that leads round in a loop (too many levels of symbolic links)".to_string();
            }
            // "Is a directory (os error 21)" reads better without the code.
            let text = text.split(" (os error").next().unwrap_or(&text);
            text.to_lowercase()
        }
    }
}

/// Where the source document `map` names is looked for when the map file is in `folder`;
/// none when it names none.
pub fn source_document_in(folder: &Path, map: &ArgMap) -> Option<PathBuf> {
    let file = &map.meta.source.file;
    (!file.is_empty()).then(|| folder.join(file))
}

/// Why the source document a map names (`file`, found at `path`) is not read, if it is not:
/// a path from the top of the disk, or one that leads into the system's own files. A path up
/// from the map's folder (`../articles/x.txt`) is a fair use, and is read.
fn not_beside_the_map(file: &str, path: &Path) -> Option<String> {
    // What is no file (a device, a pipe, nothing) is refused as such when it is read.
    if !std::fs::metadata(path).is_ok_and(|meta| meta.is_file()) {
        return None;
    }
    if Path::new(file).has_root() {
        let name = Path::new(file)
            .file_name()
            .map_or("article.txt".into(), |name| name.to_string_lossy());
        return Some(format!(
            "\"source.file\" names {file}, a path from the top of the disk, and argscope reads a source document only by a path from the map's folder; copy the document beside the map and name it so, such as \"{name}\""
        ));
    }
    let canonical = std::fs::canonicalize(path).ok()?;
    ["/proc", "/sys", "/dev"]
        .iter()
        .any(|system| canonical.starts_with(system))
        .then(|| {
            format!(
                "\"source.file\" names {file}, which leads to {}, one of the system's own files, not a document; name the text file the quotes come from",
                canonical.display()
            )
        })
}

fn read_document(
    map: &ArgMap,
    name: &str,
    source: &DocumentSource,
    problems: &mut Vec<Problem>,
) -> Option<Document> {
    let info = &map.meta.source;
    let ends = info.argument_ends_before.as_deref();
    let text = match source {
        DocumentSource::Text(text) => text.to_string(),
        DocumentSource::BesideMap(base) => {
            // No document named: the quotes stay unchecked, which `check` says in its summary
            // (they may each come from where their `url` says). Not a problem, in any format.
            let path = source_document_in(base, map)?;
            // A map may come from anyone, and its document is shown: it names one beside it,
            // not a file elsewhere on the machine (a key, /proc/self/environ).
            if let Some(refusal) = not_beside_the_map(&info.file, &path) {
                problems.push(Problem::warning(
                    Place::whole(name),
                    format!("{refusal}; until then its quotes are unverified"),
                ));
                return None;
            }
            // A map names its document, so a hostile one could name /dev/zero or a pipe.
            match read_file(&path, max_size()) {
                Ok(bytes) => match decode(&bytes, &path.display().to_string()) {
                    Ok(text) => text,
                    Err(LoadError::Binary { place, offset }) => {
                        problems.push(Problem::warning(
                            Place::whole(name),
                            format!(
                                "the source document {} holds a NUL byte (byte {offset}), so it is binary, not text; save the document as plain text (UTF-8) and name that file in \"source.file\"; until then its quotes are unverified",
                                place.file
                            ),
                        ));
                        return None;
                    }
                    Err(error) => {
                        problems.push(Problem::warning(
                            Place::whole(name),
                            format!("{error}; until then its quotes are unverified"),
                        ));
                        return None;
                    }
                },
                Err(LoadError::Read { reason, .. }) => {
                    problems.push(Problem::warning(
                        Place::whole(name),
                        format!(
                            "the source document {} cannot be read ({reason}), so the quotes are unverified; put it there or correct \"source.file\"",
                            path.display(),
                        ),
                    ));
                    return None;
                }
                Err(error) => {
                    problems.push(Problem::warning(
                        Place::whole(name),
                        format!("{error}; until then the quotes are unverified"),
                    ));
                    return None;
                }
            }
        }
    };
    Some(Document::new(text, ends))
}

fn anchor_quotes(
    map: &mut ArgMap,
    document: Option<&Document>,
    places: &FieldPlaces,
    problems: &mut Vec<Problem>,
) {
    let Some(document) = document else { return };
    let file = &map.meta.source.file;
    let doc_name = if file.is_empty() {
        "the source document".to_string()
    } else {
        file.clone()
    };
    for (index, node) in map.nodes.iter_mut().enumerate() {
        let Body::Statement(statement) = &mut node.body else {
            continue;
        };
        if statement.quote.trim().is_empty() {
            continue;
        }
        statement.anchor = match document.find_quote(&statement.quote) {
            Some(span) => Anchor::Found(span),
            None => {
                problems.push(Problem::warning(
                    places.place(crate::model::NodeId(index as u32), Field::Quote),
                    format!(
                        "the quote of {:?} is not in {doc_name}; copy the words exactly as the document has them (only line breaks and spacing may differ)",
                        statement.id
                    ),
                ).about(crate::model::NodeId(index as u32)));
                Anchor::NotFound
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_halves_is_the_file_and_a_change_in_size_is_caught() {
        let size = READ_IN_HALVES_FROM + 7;
        let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.argdown");
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(read_file(&path, u64::MAX).unwrap(), bytes);
        if crate::parallel::has_two_cores() && cfg!(unix) {
            let file = std::fs::File::open(&path).unwrap();
            let read = |len| read_in_halves(&file, len).unwrap();
            assert_eq!(read(size), Halves::Read(bytes));
            assert_eq!(
                read(size - 1),
                Halves::Changed,
                "grown since its size was read"
            );
            assert_eq!(
                read(size + 1),
                Halves::Changed,
                "shrunk since its size was read"
            );
        }
    }

    #[test]
    fn a_large_file_is_checked_in_halves_as_it_is_whole() {
        let size = CHECKED_IN_HALVES_FROM + 10;
        // A four-byte character at each place across the middle, where the halves are cut.
        for shift in 0..4 {
            let mut bytes = vec![b'a'; size];
            let at = size / 2 - shift;
            bytes[at..at + 4].copy_from_slice("🙂".as_bytes());
            assert!(is_text(&bytes), "the character from {at}");
            let mut bad = bytes.clone();
            bad[size - 3] = 0xff;
            assert!(!is_text(&bad));
            match decode_owned(bad, "big.txt") {
                Err(LoadError::NotUtf8 { offset, .. }) => assert_eq!(offset, size - 3),
                other => panic!("a bad byte at {}: {other:?}", size - 3),
            }
            let mut nul = bytes.clone();
            nul[10] = 0;
            assert!(matches!(
                decode_owned(nul, "big.txt"),
                Err(LoadError::Binary { offset: 10, .. })
            ));
            let mut cut_short = bytes.clone();
            cut_short[at + 3] = b'a';
            assert!(!is_text(&cut_short), "the character from {at} cut short");
        }
    }

    #[test]
    fn utf16_without_a_byte_order_mark_and_latin1_text_are_named_with_how_to_save_them() {
        let text = "[T]: Thesis.\n  + [A]: Reason.\n";
        for bytes in [
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ] {
            let error = decode(&bytes, "u16.argdown").unwrap_err().to_string();
            assert_eq!(
                error,
                "u16.argdown:1:1: the file is UTF-16 text without a byte order mark (every other byte is NUL), which argscope cannot read; save it as UTF-8 text"
            );
        }
        // A binary file with NULs here and there is still binary.
        let error = decode(b"ab\0\0\0\x01\x02\x03cdefgh", "b.bin").unwrap_err();
        assert!(matches!(error, LoadError::Binary { .. }), "{error}");
        assert!(
            error.to_string().contains("or a Markdown outline"),
            "{error}"
        );
        let latin = b"# Schools\n\n- Caf\xe9 au lait\n";
        assert_eq!(
            decode(latin, "latin.md").unwrap_err().to_string(),
            "latin.md:3:6: the file is not valid UTF-8 (byte 16) and is probably Windows or Latin-1 text; save it as UTF-8 text"
        );
    }

    #[test]
    fn sizes_are_read_in_units_of_1024_and_written_back_rounded() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("100k"), Ok(100 * 1024));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1G"), Ok(DEFAULT_MAX_SIZE));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("1.5KB"), Ok(1536));
        assert_eq!(parse_size(" 3 MiB "), Ok(3 << 20));
        for bad in [
            "",
            "k",
            "12x",
            "1.2.3",
            "-5",
            "99999999999999G",
            "0",
            "0M",
            "0.0001k",
        ] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            parse_size("0"),
            Err("\"0\" would refuse every map; give the largest size to read, such as 512M".into())
        );
        assert_eq!(human_size(DEFAULT_MAX_SIZE), "1 GB");
        assert_eq!(size_flag((600 << 20) + 1), "601M");
        assert_eq!(size_flag(1025), "2k");
        assert_eq!(size_flag(17), "17");
    }
}
