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

/// The key a word names (`Enter`, `C-d`, `M-Left`, `F5`), if it names one. The names the help
/// and the hints write (`Esc`, `Ctrl-d`, `Shift-Tab`, `↑`) are read too, so a key can be given
/// as it is seen.
pub fn named_key(word: &str) -> Option<KeyChord> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = word;
    // Modifier prefixes, as tmux writes them (C-, M-, S-) or the help does (Ctrl-, Alt-), in
    // any order.
    'prefixes: while rest.len() > 2 {
        for (prefix, flag) in [
            ("C-", KeyModifiers::CONTROL),
            ("M-", KeyModifiers::ALT),
            ("S-", KeyModifiers::SHIFT),
            ("Ctrl-", KeyModifiers::CONTROL),
            ("Alt-", KeyModifiers::ALT),
        ] {
            if let Some(after) = rest.strip_prefix(prefix).filter(|after| !after.is_empty()) {
                modifiers |= flag;
                rest = after;
                continue 'prefixes;
            }
        }
        break;
    }
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Escape" | "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BTab" | "Shift-Tab" => KeyCode::BackTab,
        "BSpace" | "Backspace" => KeyCode::Backspace,
        "Space" => KeyCode::Char(' '),
        "Up" | "↑" => KeyCode::Up,
        "Down" | "↓" => KeyCode::Down,
        "Left" | "←" => KeyCode::Left,
        "Right" | "→" => KeyCode::Right,
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
            let c = single.chars().next()?;
            // Shift and a letter make its capital, as the terminal sends it: `S-x` is `X`.
            let mut upper = c.to_uppercase();
            match (
                modifiers.contains(KeyModifiers::SHIFT),
                upper.next(),
                upper.next(),
            ) {
                (true, Some(capital), None) => KeyCode::Char(capital),
                _ => KeyCode::Char(c),
            }
        }
        _ => return None,
    };
    Some(KeyChord::new(code, modifiers))
}

/// The names [`named_key`] knows, without modifiers (`C-`, `M-`, `S-` go before any of them, or
/// before a single character). The aliases it also reads (`PgDn`, `DC` …) are left out.
pub const KEY_NAMES: &[&str] = &[
    "Enter", "Escape", "Tab", "BTab", "BSpace", "Space", "Up", "Down", "Left", "Right", "PageUp",
    "PageDown", "Home", "End", "Delete", "Insert", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8",
    "F9", "F10", "F11", "F12",
];

/// Writes keys the way [`parse_keys`] reads them: `gg`, `C-d`, `Escape`, `g Enter`.
pub fn key_names(keys: &[KeyChord]) -> String {
    let mut words = Vec::new();
    let mut typed = String::new();
    for key in keys {
        match key.code {
            KeyCode::Char(c) if key.modifiers.is_empty() && c != ' ' => typed.push(c),
            _ => {
                flush_typed(&mut typed, &mut words);
                words.push(key_name(key));
            }
        }
    }
    flush_typed(&mut typed, &mut words);
    words.join(" ")
}

/// A run of typed characters is one word, unless that word would read as a key's name (`F1`,
/// `C-d`): then each character stands alone.
fn flush_typed(typed: &mut String, words: &mut Vec<String>) {
    if typed.is_empty() {
        return;
    }
    if named_key(typed).is_some() {
        words.extend(typed.chars().map(String::from));
    } else {
        words.push(typed.clone());
    }
    typed.clear();
}

fn key_name(key: &KeyChord) -> String {
    let mut name = String::new();
    for (flag, prefix) in [
        (KeyModifiers::CONTROL, "C-"),
        (KeyModifiers::ALT, "M-"),
        (KeyModifiers::SHIFT, "S-"),
    ] {
        if key.modifiers.contains(flag) {
            name.push_str(prefix);
        }
    }
    match key.code {
        KeyCode::Char(' ') => name.push_str("Space"),
        KeyCode::Char(c) => name.push(c),
        KeyCode::Enter => name.push_str("Enter"),
        KeyCode::Esc => name.push_str("Escape"),
        KeyCode::Tab => name.push_str("Tab"),
        KeyCode::BackTab => name.push_str("BTab"),
        KeyCode::Backspace => name.push_str("BSpace"),
        KeyCode::Up => name.push_str("Up"),
        KeyCode::Down => name.push_str("Down"),
        KeyCode::Left => name.push_str("Left"),
        KeyCode::Right => name.push_str("Right"),
        KeyCode::PageUp => name.push_str("PageUp"),
        KeyCode::PageDown => name.push_str("PageDown"),
        KeyCode::Home => name.push_str("Home"),
        KeyCode::End => name.push_str("End"),
        KeyCode::Delete => name.push_str("Delete"),
        KeyCode::Insert => name.push_str("Insert"),
        KeyCode::F(n) => name.push_str(&format!("F{n}")),
        other => name.push_str(&format!("{other:?}")),
    }
    name
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
    fn shift_and_a_key_is_the_key_the_terminal_sends() {
        assert_eq!(parse_keys("S-x"), [KeyChord::ch('X')]);
        assert_eq!(parse_keys("C-S-é"), [KeyChord::ctrl('É')]);
        assert_eq!(parse_keys("S-?"), [KeyChord::ch('?')]);
        // Shift and Tab is the Shift-Tab terminals send.
        assert_eq!(parse_keys("S-Tab"), parse_keys("BTab"));
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

    #[test]
    fn every_listed_name_is_a_key() {
        for name in KEY_NAMES {
            assert!(named_key(name).is_some(), "{name}");
            assert!(named_key(&format!("C-M-{name}")).is_some(), "C-M-{name}");
        }
    }

    #[test]
    fn key_names_are_read_back_as_the_same_keys() {
        for text in [
            "gg", "j", "G", "C-d", "M-Left", "Escape", "BTab", "Space", "C-Space", "g Enter",
            "F 1", "C - d", "F12", "?", "漢字",
        ] {
            let keys = parse_keys(text);
            assert_eq!(key_names(&keys), text);
            assert_eq!(parse_keys(&key_names(&keys)), keys, "{text}");
        }
        assert_eq!(key_names(&parse_keys("PgDn DC")), "PageDown Delete");
    }

    /// What the help overlay and the hints write for every key the default keymap binds is
    /// read back as that key, so a key can be typed into `--keys` or a settings file as seen.
    #[test]
    fn keys_as_the_help_writes_them_are_read_as_those_keys() {
        use crate::tui::keymap::{Keymap, Mode, Resolution};
        let keymap = Keymap::default();
        for mode in Mode::all() {
            for entry in keymap.help(mode).into_iter().flat_map(|(_, e)| e) {
                for written in &entry.keys {
                    let mut pending = Vec::new();
                    let last = parse_keys(written)
                        .into_iter()
                        .map(|key| keymap.resolve(mode, &mut pending, key))
                        .last();
                    // One entry stands for a run of like actions ("1–9": show that many levels).
                    let action = match last {
                        Some(Resolution::Action(action)) => std::mem::discriminant(&action),
                        other => panic!("{written:?} in {mode:?} resolves to {other:?}"),
                    };
                    assert_eq!(
                        action,
                        std::mem::discriminant(&entry.action),
                        "{written:?} in {mode:?}"
                    );
                }
            }
        }
        assert_eq!(
            parse_keys("Esc Ctrl-Alt-x ↑"),
            parse_keys("Escape C-M-x Up")
        );
        // Typed as letters, a help name is written letter by letter so it reads back as typed.
        let typed = parse_keys("E s c");
        assert_eq!(key_names(&typed), "E s c");
    }
}
