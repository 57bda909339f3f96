//! Key names as tmux's `send-keys` writes them, for `argscope snapshot --keys`.

use crossterm::event::{KeyCode, KeyModifiers};

use super::keymap::KeyChord;

/// Reads a space-separated list of keys. A word that names a key (`Enter`, `C-d`, `M-Left`) is that
/// key; any other word is typed character by character, so `gg` is two presses of `g`.
pub fn parse_keys(text: &str) -> Vec<KeyChord> {
    let mut keys = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match named_key(word) {
            Some(key) => keys.push(key),
            None => keys.extend(word.chars().map(KeyChord::ch)),
        }
    }
    keys
}

fn named_key(word: &str) -> Option<KeyChord> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = word;
    // Modifier prefixes, as tmux writes them: C-, M-, S- (in any order).
    while rest.len() > 2 {
        let flag = match rest.get(..2) {
            Some("C-") => KeyModifiers::CONTROL,
            Some("M-") => KeyModifiers::ALT,
            Some("S-") => KeyModifiers::SHIFT,
            _ => break,
        };
        modifiers |= flag;
        rest = &rest[2..];
    }
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Escape" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BTab" => KeyCode::BackTab,
        "BSpace" => KeyCode::Backspace,
        "Space" => KeyCode::Char(' '),
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PageUp" | "PgUp" | "PPage" => KeyCode::PageUp,
        "PageDown" | "PgDn" | "NPage" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "DC" | "Delete" => KeyCode::Delete,
        "IC" | "Insert" => KeyCode::Insert,
        f if f.len() >= 2 && f.starts_with('F') => {
            KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
        }
        single if modifiers != KeyModifiers::NONE && single.chars().count() == 1 => {
            KeyCode::Char(single.chars().next()?)
        }
        _ => return None,
    };
    Some(KeyChord::new(code, modifiers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_keys_and_typed_words() {
        let keys = parse_keys("j  gg Enter C-d M-Left ? BSpace F5");
        assert_eq!(
            keys,
            [
                KeyChord::ch('j'),
                KeyChord::ch('g'),
                KeyChord::ch('g'),
                KeyChord::plain(KeyCode::Enter),
                KeyChord::ctrl('d'),
                KeyChord::new(KeyCode::Left, KeyModifiers::ALT),
                KeyChord::ch('?'),
                KeyChord::plain(KeyCode::Backspace),
                KeyChord::plain(KeyCode::F(5)),
            ]
        );
    }

    #[test]
    fn words_that_only_look_like_names_are_typed() {
        assert_eq!(parse_keys("C-"), [KeyChord::ch('C'), KeyChord::ch('-')]);
        assert_eq!(parse_keys("Fx"), [KeyChord::ch('F'), KeyChord::ch('x')]);
        assert_eq!(parse_keys("F99").len(), 3);
        assert_eq!(parse_keys("Crimea").len(), 6);
        assert_eq!(
            parse_keys("漢字 é"),
            [KeyChord::ch('漢'), KeyChord::ch('字'), KeyChord::ch('é')]
        );
    }
}
