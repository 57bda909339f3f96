//! The `{data}` keys of statements and arguments that the map has no place for
//! (`{credence: 0.8}`, `{year: 1859}`): counted as the file is read, so that one warning a key,
//! at its first use, says what was left out rather than drop it unsaid.

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
}

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

    /// Takes in what a reader of a later part of the file noted.
    pub(super) fn absorb(&mut self, later: Unread) {
        // Its keys come after this reader's: a key both noted was first used here.
        for (key, (count, first)) in later.keys {
            self.keys.entry(key).or_insert((0, first)).0 += count;
        }
    }

    /// One warning a key, in the order the file first uses them: where, and what to do.
    pub(super) fn warnings(self) -> Vec<((usize, usize), String)> {
        (self.warnings_by_key().into_iter())
            .map(|(_, place, message)| (place, message))
            .collect()
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
