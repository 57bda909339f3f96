//! Loading a map: reading the file, parsing it, and anchoring its quotes in the source document.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::formats::detect::{Format, detect_file};
use crate::formats::{Imported, aif, argdown, kialo, native, opml};
use crate::model::problem::LineIndex;
use crate::model::validate::Field;
use crate::model::{Anchor, ArgMap, Body, FieldPlaces, Place, Problem, Severity, validate};
use crate::source::Document;

/// The built-in map and its source document, embedded so the binary runs from anywhere.
pub const BUILTIN_MAP: &str = include_str!("../assets/iran-russia/map.json");
pub const BUILTIN_ARTICLE: &str = include_str!("../assets/iran-russia/article.txt");
/// How the built-in map is named in messages.
pub const BUILTIN_NAME: &str = "assets/iran-russia/map.json";

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
    #[error("{place}: the file is not valid UTF-8 (byte {offset}); save it as UTF-8 text")]
    NotUtf8 { place: Place, offset: usize },
    #[error("{}", describe_problems(.0))]
    Invalid(Vec<Problem>),
}

impl LoadError {
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
    let bytes = std::fs::read(path).map_err(|error| LoadError::Read {
        path: name.clone(),
        reason: io_reason(&error),
    })?;
    let text = decode_owned(bytes, &name)?;
    let imported = match from.unwrap_or_else(|| detect_file(&text, path)) {
        Format::Argscope => {
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            return from_str(&text, &name, DocumentSource::BesideMap(base));
        }
        Format::Argdown => argdown::parse_owned(text, &name),
        Format::ArgdownJson => argdown::parse_json(&text, &name),
        Format::Kialo => kialo::parse(&text, &name),
        Format::Aif => aif::parse(&text, &name),
        Format::Opml => opml::parse(&text, &name),
    };
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    from_imported(imported, &name, base)
}

/// A map another tool's format gave. What the importer could not understand comes with it as
/// problems (warnings, with their lines); the map opens all the same. When the file names a
/// source document (argscope writes one into Argdown's front matter), quotes are anchored in
/// it, looked up relative to `base`.
fn from_imported(imported: Imported, name: &str, base: PathBuf) -> Result<Loaded, LoadError> {
    // An importer must build a valid map; if one did not, say so rather than show it broken.
    let mut map = imported.map;
    let errors = crate::model::errors(&map, name);
    if !errors.is_empty() {
        return Err(LoadError::Invalid(errors));
    }
    let mut problems = imported.problems;
    let document = if map.meta.source.file.is_empty() {
        None
    } else {
        let places = FieldPlaces {
            file: name.to_string(),
            ..FieldPlaces::default()
        };
        let document = read_document(&map, name, &DocumentSource::BesideMap(base), &mut problems);
        anchor_quotes(&mut map, document.as_ref(), &places, &mut problems);
        document
    };
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
    if problems.iter().any(|p| p.severity == Severity::Error) {
        // A stable sort keeps each severity's problems in file order.
        problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
        return Err(LoadError::Invalid(problems));
    }
    Ok(Loaded {
        map,
        document,
        problems,
        name: name.to_string(),
        stable_ids: true,
    })
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
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(error) => decode(error.as_bytes(), name),
    }
}

/// Decodes UTF-8, naming the first bad byte's place when it is not.
pub fn decode(bytes: &[u8], name: &str) -> Result<String, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string()),
        Err(error) => {
            let offset = error.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let (line, column) = LineIndex::new(valid).line_col(offset);
            Err(LoadError::NotUtf8 {
                place: Place::at(name, line, column),
                offset,
            })
        }
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
            // "Is a directory (os error 21)" reads better without the code.
            let text = text.split(" (os error").next().unwrap_or(&text);
            text.to_lowercase()
        }
    }
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
            if info.file.is_empty() {
                if has_quotes(map) {
                    problems.push(Problem::warning(
                        Place::whole(name),
                        "the map has quotes but names no source document, so they are unverified; add \"source\": {\"file\": \"…\"}",
                    ));
                }
                return None;
            }
            let path = base.join(&info.file);
            match std::fs::read(&path) {
                Ok(bytes) => match decode(&bytes, &path.display().to_string()) {
                    Ok(text) => text,
                    Err(error) => {
                        problems.push(Problem::warning(
                            Place::whole(name),
                            format!("{error}; until then its quotes are unverified"),
                        ));
                        return None;
                    }
                },
                Err(error) => {
                    problems.push(Problem::warning(
                        Place::whole(name),
                        format!(
                            "the source document {} cannot be read ({}), so the quotes are unverified; put it there or correct \"source.file\"",
                            path.display(),
                            io_reason(&error)
                        ),
                    ));
                    return None;
                }
            }
        }
    };
    Some(Document::new(text, ends))
}

fn has_quotes(map: &ArgMap) -> bool {
    map.nodes
        .iter()
        .any(|n| matches!(&n.body, Body::Statement(s) if !s.quote.trim().is_empty()))
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
