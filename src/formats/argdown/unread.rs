//! The `{data}` keys of statements and arguments that the map has no place for
//! (`{credence: 0.8}`, `{year: 1859}`), and the tags that name no kind (`#economy`): counted as
//! the file is read, so that one warning a key, at its first use, and one for all such tags,
//! at the first, say what was left out rather than drop it unsaid.

use crate::model::FastMap;

use super::DATA_KEYS;

/// Keys Argdown gives a meaning of its own that is about drawing its map, or that the reader
/// uses while reading (`isCanonical`): nothing a reader of the argument misses.
const ARGDOWN_SETTINGS: [&str; 6] = [
    "isCanonical",
    "isInMap",
    "isGroup",
    "color",
    "fontColor",
    "images",
];

/// The key as far as its first list index: `refs` for `refs.0`, `meta.authors` for
/// `meta.authors.1.name`.
pub(super) fn list_key(key: &str) -> &str {
    let mut end = key.len();
    let mut at = 0;
    for segment in key.split('.') {
        if at > 0 && !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            end = at - 1;
            break;
        }
        at += segment.len() + 1;
    }
    &key[..end]
}

/// Whether a data key is a key and its value written without the space YAML needs after the
/// colon (`source:"Smith 2020"`, `credence:0.8`): a word, a colon, and something after it.
fn written_without_space(key: &str) -> bool {
    key.split_once(':').is_some_and(|(name, value)| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            && !value.is_empty()
            && !value.starts_with([' ', ':', '/'])
    })
}

/// Each key left out: how many times it was given, and its first use: the line and column of
/// its `{data}`, then its number among the keys this reader noted (keys of one `{data}` are
/// said in the order written).
#[derive(Debug, Default)]
pub(super) struct Unread {
    keys: FastMap<String, (usize, First)>,
    /// Tags, counted and first used as keys are.
    tags: FastMap<String, (usize, First)>,
}

/// A tag as Argdown has it written: in parentheses when it holds a space (`#(core claim)`).
fn written_tag(tag: &str) -> String {
    if tag.chars().any(char::is_whitespace) {
        format!("#({tag})")
    } else {
        format!("#{tag}")
    }
}

/// How many tags the warning names before it says how many more there are.
const TAGS_NAMED: usize = 5;

type First = ((usize, usize), usize);

impl Unread {
    /// Notes the keys of one `{data}` (at `place`) that are neither read nor Argdown's own; a
    /// list (`refs.0`, `refs.1`, as the data is flattened) is one key, `refs`, used once.
    pub(super) fn note(&mut self, data: &[(String, String)], place: (usize, usize)) {
        let mut last: Option<&str> = None;
        for (key, _) in data {
            // `{source:"Smith 2020"}`, without a space after the colon, is one word to YAML:
            // kept whole (its dots are no list's), for its warning to show how to write it.
            let key = if written_without_space(key) {
                key.as_str()
            } else {
                list_key(key)
            };
            // A list's items come one after another.
            if last != Some(key) {
                self.note_key(key, 1, place);
            }
            last = Some(key);
        }
    }

    /// Notes `key`, given `times` times from `place` on, unless it is read or Argdown's own.
    pub(super) fn note_key(&mut self, key: &str, times: usize, place: (usize, usize)) {
        if DATA_KEYS.contains(&key) || ARGDOWN_SETTINGS.contains(&key) {
            return;
        }
        let next = self.keys.len();
        let (count, _) = (self.keys)
            .entry(key.to_string())
            .or_insert((0, (place, next)));
        *count += times;
    }

    /// Notes a tag that names no kind, written at `place` (found only for a tag's first use).
    pub(super) fn note_tag(&mut self, tag: &str, place: impl FnOnce() -> (usize, usize)) {
        let next = self.tags.len();
        if let Some((count, _)) = self.tags.get_mut(tag) {
            *count += 1;
        } else {
            self.tags.insert(tag.to_string(), (1, (place(), next)));
        }
    }

    /// Takes in what a reader of a later part of the file noted.
    pub(super) fn absorb(&mut self, later: Unread) {
        // Its keys come after this reader's: a key both noted was first used here.
        for (key, (count, first)) in later.keys {
            self.keys.entry(key).or_insert((0, first)).0 += count;
        }
        // Its tags' numbers go on from this reader's, so the order stays the file's.
        let next = self.tags.len();
        let mut later_tags: Vec<_> = later.tags.into_iter().collect();
        later_tags.sort_by_key(|&(_, (_, (_, n)))| n);
        for (tag, (count, (place, n))) in later_tags {
            self.tags.entry(tag).or_insert((0, (place, next + n))).0 += count;
        }
    }

    /// One warning a key, in the order the file first uses them, and one for the tags that
    /// name no kind, at the first: where, and what to do.
    pub(super) fn warnings(mut self) -> Vec<((usize, usize), String)> {
        let tags = self.tags_warning();
        (self.warnings_by_key().into_iter())
            .map(|(_, place, message)| (place, message))
            .chain(tags)
            .collect()
    }

    /// The one warning for all the tags that name no kind, at the first written; none when
    /// every tag names one.
    pub(super) fn tags_warning(&mut self) -> Option<((usize, usize), String)> {
        let mut tags: Vec<_> = std::mem::take(&mut self.tags).into_iter().collect();
        tags.sort_by_key(|&(_, (_, first))| first);
        let (_, (_, (place, _))) = tags.first()?;
        let place = *place;
        let named: Vec<String> = (tags.iter().take(TAGS_NAMED))
            .map(|(tag, (count, _))| {
                let tag = written_tag(tag);
                match count {
                    1 => tag,
                    n => format!("{tag} ({n} times)"),
                }
            })
            .collect();
        let list = match (named.split_last(), tags.len() - named.len()) {
            (Some((last, [])), _) => last.clone(),
            (Some((last, before)), 0) => format!("{} and {last}", before.join(", ")),
            (_, more) => format!("{} and {more} more", named.join(", ")),
        };
        let (what, names, they) = match (tags.len(), tags[0].1.0) {
            (1, 1) => ("the tag", "names", "it is"),
            (1, _) => ("the tag", "names", "its uses are"),
            _ => ("the tags", "name", "they are"),
        };
        let kinds = crate::model::Kind::ALL
            .iter()
            .filter(|kind| **kind != crate::model::Kind::Group)
            .map(|kind| format!("#{}", kind.name()))
            .collect::<Vec<_>>()
            .join(", ");
        Some((
            place,
            format!(
                "{what} {list} {names} no kind of statement, so {they} left out of the map; argscope reads only the tags that name a kind ({kinds}), so write what a tag says in the statement's text to keep it"
            ),
        ))
    }

    /// [`Unread::warnings`], each with the key it is about.
    pub(super) fn warnings_by_key(self) -> Vec<(String, (usize, usize), String)> {
        let mut keys: Vec<_> = self.keys.into_iter().collect();
        keys.sort_by_key(|&(_, (_, first))| first);
        keys.into_iter()
            .map(|(key, (count, (place, _)))| {
                let elsewhere = match count {
                    1 => String::new(),
                    2 => " (and once more further on)".to_string(),
                    n => format!(" (and {} times more further on)", n - 1),
                };
                let message = if written_without_space(&key) {
                    let spaced = key.replacen(':', ": ", 1);
                    format!(
                        "the data `{key}` has no space after its colon, so it is read as one word, not a key and its value, and left out here{elsewhere}; write `{spaced}`, with a space after the colon"
                    )
                } else {
                    format!(
                        "the data `{key}` has no place in argscope's map, so it is left out here{elsewhere}; argscope reads only `quote`, `source`, `url`, `label`, `id` and `scheme` from data"
                    )
                };
                (key, place, message)
            })
            .collect()
    }
}
