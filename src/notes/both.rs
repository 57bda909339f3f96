//! Two windows that changed the same note: both texts are kept, the other window's under this
//! one's, so that taking the notes over (or saving a note the other changed meanwhile) never
//! loses what the other window wrote.

use std::collections::BTreeMap;

use super::Entry;

/// The line the other window's text stands under, in a note that keeps both.
pub const OTHER_WINDOWS_TEXT: &str = "The other window's note:";

/// `mine` with `theirs` kept under it, under [`OTHER_WINDOWS_TEXT`]. Only `theirs` when `mine`
/// is empty (a note deleted here comes back rather than taking the other's text with it), and
/// only `mine` when it already holds `theirs` (a note that kept both once does not grow).
pub fn keep_both(mine: &str, theirs: &str) -> String {
    let (mine, theirs) = (mine.trim_end(), theirs.trim_end());
    if theirs.trim().is_empty() || mine.contains(theirs) {
        mine.to_string()
    } else if mine.trim().is_empty() {
        theirs.to_string()
    } else {
        format!("{mine}\n\n{OTHER_WINDOWS_TEXT}\n{theirs}")
    }
}

/// The notes both windows changed since `base` (the file as this window last read it): those
/// `mine` changed, and `theirs` (the file now) changed to another text. Each with its key, its
/// label and the other window's text, in key order.
pub fn notes_both_changed(
    base: &BTreeMap<String, Entry>,
    mine: &BTreeMap<String, Entry>,
    theirs: &BTreeMap<String, Entry>,
) -> Vec<(String, String, String)> {
    let note = |entries: &BTreeMap<String, Entry>, key: &str| {
        entries
            .get(key)
            .map(|entry| entry.note.clone())
            .unwrap_or_default()
    };
    let keys = mine.keys().chain(theirs.keys());
    let mut both: Vec<(String, String, String)> = keys
        .filter_map(|key| {
            let (was, here, there) = (note(base, key), note(mine, key), note(theirs, key));
            if here == was || there == was || here == there {
                return None;
            }
            let label = mine
                .get(key)
                .or_else(|| theirs.get(key))
                .map(|entry| entry.label.clone())
                .unwrap_or_default();
            Some((key.clone(), label, there))
        })
        .collect();
    both.sort();
    both.dedup();
    both
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noted(pairs: &[(&str, &str)]) -> BTreeMap<String, Entry> {
        pairs
            .iter()
            .map(|&(key, note)| {
                let entry = Entry {
                    note: note.to_string(),
                    label: key.to_uppercase(),
                    ..Entry::default()
                };
                (key.to_string(), entry)
            })
            .collect()
    }

    /// Only a note changed on both sides, to different texts, is a clash: a note changed on
    /// one side, or to the same text on both, is not.
    #[test]
    fn only_notes_changed_on_both_sides_differently_clash() {
        let base = noted(&[("a", "old"), ("b", "old"), ("c", "old"), ("d", "old")]);
        let mine = noted(&[("a", "mine"), ("b", "old"), ("c", "same"), ("d", "")]);
        let theirs = noted(&[
            ("a", "theirs"),
            ("b", "theirs"),
            ("c", "same"),
            ("d", "new"),
        ]);
        assert_eq!(
            notes_both_changed(&base, &mine, &theirs),
            [
                ("a".to_string(), "A".to_string(), "theirs".to_string()),
                ("d".to_string(), "D".to_string(), "new".to_string()),
            ]
        );
        let fresh = noted(&[("e", "mine")]);
        let other = noted(&[("e", "theirs")]);
        assert_eq!(
            notes_both_changed(&BTreeMap::new(), &fresh, &other).len(),
            1,
            "a note new on both sides"
        );
    }

    #[test]
    fn both_texts_are_kept_the_other_windows_under_this_ones() {
        assert_eq!(
            keep_both("Ask who", "Ask why"),
            "Ask who\n\nThe other window's note:\nAsk why"
        );
        assert_eq!(keep_both("", "Ask why"), "Ask why", "deleted here");
        assert_eq!(keep_both("Ask who", ""), "Ask who", "deleted there");
        let kept = keep_both("Ask who", "Ask why");
        assert_eq!(keep_both(&kept, "Ask why"), kept, "kept once, not twice");
    }
}
