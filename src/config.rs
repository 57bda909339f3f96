//! The settings file: the theme, the presenter width and key bindings, read once at start.
//!
//! The file is TOML ([`DEFAULT_CONFIG`] shows every setting). Every problem in it is reported,
//! not only the first, each with the line and column of the key or value at fault, and none of
//! them lets the program start: a wrong key caught at start beats a key that silently does
//! nothing.

use std::ops::{Range, RangeInclusive};
use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyModifiers};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::load::LoadError;
use crate::model::problem::LineIndex;
use crate::model::{Place, Problem};
use crate::text::{human_size, listed};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, KeyChord, Keymap, Mode};
use crate::tui::keys;
use crate::tui::theme::ThemeName;

/// The environment variable that names the settings file, in place of [`default_path`].
pub const ENV_VAR: &str = "ARGSCOPE_CONFIG";

/// A settings file that sets nothing, with every setting and every default key in comments:
/// what `argscope config --default` prints. Loaded, it gives [`Settings::default`].
pub const DEFAULT_CONFIG: &str = include_str!("default_config.toml");

/// The presenter widths a settings file may give, in columns.
pub const PRESENTER_WIDTHS: RangeInclusive<u16> = 40..=400;

/// The presenter width when the file gives none.
pub const DEFAULT_PRESENTER_WIDTH: u16 = 90;

/// What the settings file asks for.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The theme the file names; `None` when it names none, and the program chooses.
    pub theme: Option<ThemeName>,
    /// The widest a presenter slide gets, in columns.
    pub presenter_width: u16,
    /// The default keymap with the file's bindings applied.
    pub keymap: Keymap,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            theme: None,
            presenter_width: DEFAULT_PRESENTER_WIDTH,
            keymap: Keymap::default(),
        }
    }
}

/// `config.toml` in the platform's configuration folder (`~/.config/argscope/config.toml` on
/// Linux), or `None` when the system has no home folder to put it in.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "argscope").map(|dirs| dirs.config_dir().join(FILE_NAME))
}

/// The settings file's name in its folder.
const FILE_NAME: &str = "config.toml";

/// The file the environment variable [`ENV_VAR`] names, if it is set and not empty.
pub fn env_path() -> Option<PathBuf> {
    std::env::var_os(ENV_VAR)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

/// The settings file in use: the one [`ENV_VAR`] names, else [`default_path`].
pub fn path_in_use() -> Option<PathBuf> {
    env_path().or_else(default_path)
}

/// Reads the settings a command should use: `given` (a `--config` option), else the file
/// [`ENV_VAR`] names, else the default file. A file named by either of the first two must exist,
/// since a mistyped name would otherwise quietly give the defaults; the default file may be
/// missing.
pub fn load_in_use(given: Option<&Path>) -> Result<Settings, Vec<Problem>> {
    let Some(path) = given.map(Path::to_path_buf).or_else(env_path) else {
        return load(default_path().as_deref());
    };
    // Only a file that is not there is missing: a symbolic link that loops, or a folder that
    // cannot be entered, is said for what it is when it is read.
    let missing =
        matches!(std::fs::metadata(&path), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
    if missing {
        let how = if given.is_some() {
            "fix the path given to --config"
        } else {
            "fix ARGSCOPE_CONFIG, or unset it to use the default file"
        };
        return Err(vec![Problem::error(
            Place::whole(&path.display().to_string()),
            format!(
                "the settings file does not exist; {how}, or create it with `argscope config --default > {}`",
                path.display()
            ),
        )]);
    }
    let another = if given.is_some() {
        "give --config another"
    } else {
        "point ARGSCOPE_CONFIG at another"
    };
    load_naming(Some(&path), another)
}

/// No settings file is anywhere near this big; a bigger one is not a settings file.
const SETTINGS_MAX_BYTES: u64 = 1 << 20;

/// Reads the settings file at `path`. No path, or no file there, gives the defaults; a file that
/// cannot be read, is not TOML, or asks for something argscope cannot do gives every problem.
pub fn load(path: Option<&Path>) -> Result<Settings, Vec<Problem>> {
    load_naming(path, &format!("point {ENV_VAR} at another"))
}

/// [`load`], where `another` says how to name another file when this one cannot be read: the
/// way the file was named (`--config`, or the environment variable).
fn load_naming(path: Option<&Path>, another: &str) -> Result<Settings, Vec<Problem>> {
    let Some(path) = path else {
        return Ok(Settings::default());
    };
    let name = path.display().to_string();
    // `ARGSCOPE_CONFIG=/dev/null` is the usual way to say "no settings".
    let missing =
        matches!(path.symlink_metadata(), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
    if path == Path::new("/dev/null") || missing {
        return Ok(Settings::default());
    }
    // Read as a map is read: a named pipe or a device is refused rather than waited on.
    let bytes = match crate::load::read_file(path, SETTINGS_MAX_BYTES) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Err(vec![Problem::error(
                Place::whole(&name),
                cannot_read(&error, another),
            )]);
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => parse(&text, &name),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
            let (line, column) = LineIndex::new(&text).line_col(valid);
            Err(vec![Problem::error(
                Place::at(&name, line, column),
                format!("the settings file is not UTF-8 text (byte {valid}); save it as UTF-8"),
            )])
        }
    }
}

/// Why the settings file could not be read, and what to do: said of a settings file, not of a
/// map (whose size limit `--max-size` raises; a settings file's does not move).
fn cannot_read(error: &LoadError, another: &str) -> String {
    match error {
        LoadError::TooLarge { .. } => format!(
            "the settings file is over {}, far more than settings take (argscope's own, with every key listed, is {}), so it cannot be one; check that it is the right file, or {another}",
            human_size(SETTINGS_MAX_BYTES),
            human_size(DEFAULT_CONFIG.len() as u64)
        ),
        LoadError::Read { reason, .. } => {
            format!("cannot read the settings file: {reason}; make it a readable file, or {another}")
        }
        LoadError::NotAFile { what, .. } => {
            format!("cannot read the settings file: {what}; make it a readable file, or {another}")
        }
        LoadError::Changed { .. } => {
            "the settings file changed while it was being read; start argscope again once it is saved".to_string()
        }
        other => format!("cannot read the settings file ({other}); make it a readable file, or {another}"),
    }
}

/// Reads settings from the text of a file called `file` (the name problems give).
pub fn parse(text: &str, file: &str) -> Result<Settings, Vec<Problem>> {
    let mut reader = Reader {
        file,
        index: LineIndex::new(text),
        problems: Vec::new(),
        refused: Vec::new(),
    };
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let message = error
                .message()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let message = message.trim_end_matches('.');
            reader.report(
                error.span().unwrap_or(0..0),
                format!("this is not TOML ({message}); fix the syntax, as in `argscope config --default`"),
            );
        }
        return Err(reader.finish());
    }
    let mut settings = Settings::default();
    let mut entries = Vec::new();
    for (key, value) in in_file_order(document.get_ref()) {
        match key.get_ref().as_ref() {
            "theme" => match value.get_ref() {
                DeValue::String(name) => match ThemeName::from_name(name) {
                    Some(theme) => settings.theme = Some(theme),
                    None => reader.report(
                        value.span(),
                        format!(
                            "unknown theme \"{name}\"{}; use {}",
                            did_you_mean(name, ThemeName::ALL.map(ThemeName::name)),
                            theme_list()
                        ),
                    ),
                },
                _ => reader.report(
                    value.span(),
                    format!("theme must be a string: {}", theme_list()),
                ),
            },
            "presenter_width" => {
                let (low, high) = (PRESENTER_WIDTHS.start(), PRESENTER_WIDTHS.end());
                match value.get_ref() {
                    DeValue::Integer(number) => {
                        let width = i64::from_str_radix(number.as_str(), number.radix()).ok();
                        match width.and_then(|w| u16::try_from(w).ok()) {
                            Some(width) if PRESENTER_WIDTHS.contains(&width) => {
                                settings.presenter_width = width;
                            }
                            _ => reader.report(
                                value.span(),
                                format!(
                                    "presenter_width {} is out of range; give a number of columns from {low} to {high}",
                                    number.as_str()
                                ),
                            ),
                        }
                    }
                    _ => reader.report(
                        value.span(),
                        format!(
                            "presenter_width must be a whole number of columns from {low} to {high}, without quotes, such as {DEFAULT_PRESENTER_WIDTH}"
                        ),
                    ),
                }
            }
            "keys" => match value.get_ref() {
                DeValue::Table(table) => reader.read_keys(table, &mut entries),
                _ => reader.report(
                    value.span(),
                    "keys must be a table: write [keys] on a line of its own, then one \"key\" = \"action\" a line",
                ),
            },
            other => reader.report(
                key.span(),
                format!(
                    "unknown setting \"{other}\"{}; the settings are theme, presenter_width and [keys]",
                    did_you_mean(other, ["theme", "presenter_width", "keys"])
                ),
            ),
        }
    }
    reader.check_duplicates(&entries);
    // The line that took the last way out of each mode away, if one did.
    let mut last_way_out: Vec<(Mode, &Entry)> = Vec::new();
    for entry in &entries {
        let before = settings.keymap.ways_out_bound(entry.mode);
        settings
            .keymap
            .remap(entry.mode, entry.keys.clone(), entry.action);
        if before > 0 && settings.keymap.ways_out_bound(entry.mode) == 0 {
            last_way_out.retain(|(mode, _)| *mode != entry.mode);
            last_way_out.push((entry.mode, entry));
        }
    }
    reader.check_conflicts(&settings.keymap, &entries);
    reader.check_ways_out(&settings.keymap, &last_way_out);
    if reader.problems.is_empty() {
        Ok(settings)
    } else {
        Err(reader.finish())
    }
}

/// One `"keys" = "action"` line of the file, read.
#[derive(Debug)]
struct Entry {
    mode: Mode,
    /// The keys as the file writes them.
    text: String,
    keys: Vec<KeyChord>,
    /// `None` unbinds.
    action: Option<Action>,
    /// Where the keys are written.
    span: Range<usize>,
}

/// Collects problems with their byte offsets, so they can be listed in file order.
struct Reader<'a> {
    file: &'a str,
    index: LineIndex<'a>,
    problems: Vec<(usize, Problem)>,
    /// The modes with a binding line that was refused: what their keys would be is unknown.
    refused: Vec<Mode>,
}

impl Reader<'_> {
    fn report(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = self.index.line_col(span.start);
        self.problems.push((
            span.start,
            Problem::error(Place::at(self.file, line, column), message),
        ));
    }

    fn line(&self, span: &Range<usize>) -> usize {
        self.index.line_col(span.start).0
    }

    /// The problems in file order, each once: TOML's parser can find the same fault over and
    /// over (an array opened a hundred times and never closed is reported at its end for each).
    fn finish(mut self) -> Vec<Problem> {
        self.problems.sort_by_key(|(offset, _)| *offset);
        self.problems
            .dedup_by(|(a, p), (b, q)| a == b && p.message == q.message);
        self.problems.into_iter().map(|(_, p)| p).collect()
    }

    /// `[keys]`: bindings of the tree view, and a table for each other mode.
    fn read_keys(&mut self, table: &DeTable, entries: &mut Vec<Entry>) {
        for (key, value) in in_file_order(table) {
            match value.get_ref() {
                DeValue::Table(inner) => {
                    let name = key.get_ref().as_ref();
                    match name.parse::<Mode>() {
                        Ok(mode) => {
                            let table = format!("keys.{name}");
                            for (key, value) in in_file_order(inner) {
                                self.read_binding(mode, &table, key, value, entries);
                            }
                        }
                        Err(()) => {
                            let modes: Vec<&str> = Mode::all()
                                .filter(|&m| m != Mode::Normal)
                                .map(Mode::name)
                                .collect();
                            self.report(
                                key.span(),
                                format!(
                                    "unknown mode \"{name}\" in [keys.{name}]{}; the modes are {} (the tree view's keys go in [keys] itself)",
                                    did_you_mean(name, modes.iter().copied()),
                                    listed(&modes, "and"),
                                ),
                            );
                        }
                    }
                }
                _ => self.read_binding(Mode::Normal, "keys", key, value, entries),
            }
        }
    }

    /// One `"keys" = "action"` line of `table` (as the file names it: `keys`, `keys.help`).
    fn read_binding(
        &mut self,
        mode: Mode,
        table: &str,
        key: &Spanned<std::borrow::Cow<str>>,
        value: &Spanned<DeValue>,
        entries: &mut Vec<Entry>,
    ) {
        let before = self.problems.len();
        self.read_one_binding(mode, table, key, value, entries);
        if self.problems.len() > before {
            self.refused.push(mode);
        }
    }

    fn read_one_binding(
        &mut self,
        mode: Mode,
        table: &str,
        key: &Spanned<std::borrow::Cow<str>>,
        value: &Spanned<DeValue>,
        entries: &mut Vec<Entry>,
    ) {
        let text = key.get_ref().as_ref();
        let keys = match read_key_names(text) {
            Ok(keys) => Some(keys),
            Err(message) => {
                self.report(key.span(), message);
                None
            }
        };
        let action = match value.get_ref() {
            DeValue::String(name) if name == "none" => Some(None),
            DeValue::String(name) => match Action::from_name(name) {
                Some(action) if !Keymap::works_in(mode, action) => {
                    let works: Vec<String> = Mode::all()
                        .filter(|&m| Keymap::works_in(m, action))
                        .map(table_name)
                        .collect();
                    let tables = listed(&works, "or");
                    self.report(
                        value.span(),
                        format!(
                            "\"{name}\" does nothing in [{table}], so \"{text}\" would do nothing there; bind it in {tables} instead"
                        ),
                    );
                    None
                }
                Some(action) => Some(Some(action)),
                None => {
                    let names = Action::BINDABLE.iter().map(Action::name);
                    let hint = match closest(name, names) {
                        Some(close) => format!("did you mean \"{close}\"?"),
                        None => format!(
                            "the actions are {}, or \"none\" to unbind the key",
                            action_list()
                        ),
                    };
                    self.report(
                        value.span(),
                        format!("unknown action \"{name}\" for \"{text}\"; {hint}"),
                    );
                    None
                }
            },
            DeValue::Table(_) => {
                self.report(
                    key.span(),
                    format!(
                        "[{table}.{text}] is one table too deep; write \"key\" = \"action\" lines in [{table}] itself"
                    ),
                );
                None
            }
            _ => {
                self.report(
                    value.span(),
                    format!(
                        "the action for \"{text}\" must be a string, such as \"quit\", or \"none\" to unbind the key"
                    ),
                );
                None
            }
        };
        // Where keys type text (a note, a search), a plain character bound to an action could
        // no longer be typed.
        let typed = |keys: &[KeyChord]| {
            keys.first().is_some_and(|k| {
                matches!(k.code, KeyCode::Char(_))
                    && !k
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            })
        };
        if let (Some(keys), Some(Some(_))) = (&keys, action)
            && matches!(mode, Mode::Note | Mode::Search)
            && typed(keys)
        {
            let writing = if mode == Mode::Note {
                "a note"
            } else {
                "a search"
            };
            self.report(
                key.span(),
                format!(
                    "\"{text}\" in [{table}] would stop its first character being typed into {writing}; choose a key with C- or M-, or a named key such as F2"
                ),
            );
            return;
        }
        if let (Some(keys), Some(action)) = (keys, action) {
            entries.push(Entry {
                mode,
                text: text.to_string(),
                keys,
                action,
                span: key.span(),
            });
        }
    }

    /// Two lines of one mode for the same keys (`"gg"` and `"g g"`): only one can hold.
    fn check_duplicates(&mut self, entries: &[Entry]) {
        for (i, entry) in entries.iter().enumerate() {
            if let Some(first) = entries[..i]
                .iter()
                .find(|e| e.mode == entry.mode && e.keys == entry.keys)
            {
                let line = self.line(&first.span);
                self.report(
                    entry.span.clone(),
                    format!(
                        "\"{}\" is the same keys as \"{}\" on line {line} in {}; keep one of the two lines",
                        entry.text,
                        first.text,
                        table_name(entry.mode)
                    ),
                );
            }
        }
    }

    /// Bindings where one key sequence begins another for a different action: the shorter would
    /// always win, so the longer could never be typed.
    fn check_conflicts(&mut self, keymap: &Keymap, entries: &[Entry]) {
        let from_file = |mode: Mode, keys: &[KeyChord]| {
            entries
                .iter()
                .rfind(|e| e.action.is_some() && e.mode == mode && e.keys == keys)
        };
        for (i, j) in keymap.conflicting_pairs() {
            let (a, b) = (&keymap.bindings[i], &keymap.bindings[j]);
            let message = match (from_file(a.mode, &a.keys), from_file(b.mode, &b.keys)) {
                (Some(x), Some(y)) => {
                    let (first, later) = if x.span.start <= y.span.start {
                        (x, y)
                    } else {
                        (y, x)
                    };
                    let line = self.line(&first.span);
                    Some((
                        later,
                        format!(
                            "\"{}\" conflicts with \"{}\" on line {line}: one begins the other, so the longer could never be typed; remove one or choose other keys",
                            later.text, first.text
                        ),
                    ))
                }
                (Some(entry), None) | (None, Some(entry)) => {
                    let default = if entry.keys == a.keys { b } else { a };
                    let keys = keys::key_names(&default.keys);
                    Some((
                        entry,
                        format!(
                            "\"{}\" conflicts with the default binding \"{keys}\" = \"{}\" in {}: one begins the other, so the longer could never be typed; choose other keys, or unbind the default with \"{keys}\" = \"none\"",
                            entry.text,
                            default.action.name(),
                            table_name(entry.mode)
                        ),
                    ))
                }
                // The defaults have no conflicts (a test sees to it), and a line of the file
                // only ever replaces or removes default bindings.
                (None, None) => None,
            };
            if let Some((entry, message)) = message {
                self.report(entry.span.clone(), message);
            }
        }
    }

    /// Modes the file leaves with no key to leave them by (see [`Mode::ways_out`]), reported at
    /// the line that took the last one away. A mode with a refused line is left alone: that line
    /// may have been meant as its way out.
    fn check_ways_out(&mut self, keymap: &Keymap, last_way_out: &[(Mode, &Entry)]) {
        let defaults = Keymap::default();
        for &(mode, entry) in last_way_out {
            if keymap.ways_out_bound(mode) > 0 || self.refused.contains(&mode) {
                continue;
            }
            let (actions, what) = mode.ways_out();
            // The default this line replaced, if it was a way out; else the first default one.
            let way_out = |b: &&Binding| b.mode == mode && actions.contains(&b.action);
            let suggested = defaults
                .bindings
                .iter()
                .filter(way_out)
                .find(|b| b.keys == entry.keys)
                .or_else(|| defaults.bindings.iter().find(way_out));
            let such_as = suggested
                .map(|b| {
                    format!(
                        ", such as {} = {}",
                        quoted(&keys::key_names(&b.keys)),
                        quoted(&b.action.name())
                    )
                })
                .unwrap_or_default();
            let action = entry.action.map_or("none".to_string(), |a| a.name());
            self.report(
                entry.span.clone(),
                format!(
                    "{} = {} leaves no key in {} to {what}, and every mode needs a way out; keep one{such_as}",
                    quoted(&entry.text),
                    quoted(&action),
                    table_name(mode)
                ),
            );
        }
    }
}

/// A table's entries in the order the file has them (the parser keeps them sorted by name).
fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(
    &'t Spanned<std::borrow::Cow<'i, str>>,
    &'t Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// The keys a settings file's key string names, read as `snapshot --keys` reads them. A word that
/// looks like a key's name but is none (`Escap`, `ctrl-d`) is refused rather than typed letter by
/// letter, since those letters are almost never what was meant.
fn read_key_names(text: &str) -> Result<Vec<KeyChord>, String> {
    if let Some(c) = text.chars().find(|&c| invisible(c)) {
        return Err(format!(
            "{} names no key: U+{:04X} is a control or invisible character, which no key types and the help could not show; write a key such as \"x\", \"gg\", \"Enter\" or \"C-d\"",
            quoted(text),
            u32::from(c)
        ));
    }
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if keys::named_key(word).is_some() || !looks_like_a_name(word) {
            continue;
        }
        let letters = word.chars().map(String::from).collect::<Vec<_>>().join(" ");
        let write = match suggest_key_name(word) {
            Some(name) => format!("write \"{name}\""),
            None => format!(
                "key names are {}, with C-, M- or S- before them for Ctrl, Alt or Shift",
                KEY_NAME_LIST
            ),
        };
        let typed = if word.chars().count() > 1 {
            format!(", or \"{letters}\" to type its characters one by one")
        } else {
            String::new()
        };
        return Err(format!("\"{word}\" is not a key name; {write}{typed}"));
    }
    let keys = keys::parse_keys(text);
    if keys.is_empty() {
        return Err(format!(
            "\"{text}\" names no key; write a key such as \"x\", \"gg\", \"Enter\" or \"C-d\""
        ));
    }
    Ok(keys)
}

const KEY_NAME_LIST: &str = "Enter, Escape, Tab, BTab, BSpace, Space, Up, Down, Left, Right, PageUp, PageDown, Home, End, Delete, Insert and F1 … F12";

/// Words that name no key but look meant to: a capital then a small letter (`Escap`, `Pgup`,
/// `Return`), or a modifier prefix (`C-Foo`, `alt-x`).
fn looks_like_a_name(word: &str) -> bool {
    let mut chars = word.chars();
    let capitalised = matches!(
        (chars.next(), chars.next()),
        (Some(a), Some(b)) if a.is_ascii_uppercase() && b.is_ascii_lowercase()
    );
    // A modifier with no key after it (`C-`, `Ctrl+`) is one misspelt too, not `C` then `-`.
    let bare_modifier = split_modifiers(&format!("{word}x")).1 == "x";
    capitalised || !split_modifiers(word).0.is_empty() || bare_modifier
}

/// Splits the modifier prefixes off a word, written the tmux way (`C-`, `M-`, `S-`) or the usual
/// way (`Ctrl-`, `Alt+`, `shift-`), and returns them the tmux way with the rest of the word.
fn split_modifiers(word: &str) -> (String, &str) {
    const PREFIXES: &[(&str, &str)] = &[
        ("control", "C-"),
        ("ctrl", "C-"),
        ("alt", "M-"),
        ("meta", "M-"),
        ("shift", "S-"),
        ("c", "C-"),
        ("m", "M-"),
        ("s", "S-"),
    ];
    let mut modifiers = String::new();
    let mut rest = word;
    'strip: loop {
        for (name, tmux) in PREFIXES {
            let Some(head) = rest.get(..name.len()) else {
                continue;
            };
            let sep = rest[name.len()..].chars().next();
            let single_letter_lowercase = name.len() == 1 && head != name.to_uppercase();
            if head.eq_ignore_ascii_case(name)
                && matches!(sep, Some('-' | '+'))
                && rest.len() > name.len() + 1
                && !single_letter_lowercase
            {
                modifiers.push_str(tmux);
                rest = &rest[name.len() + 1..];
                continue 'strip;
            }
        }
        return (modifiers, rest);
    }
}

/// The key name a wrong one probably meant: `Escap` → `Escape`, `ctrl-d` → `C-d`.
fn suggest_key_name(word: &str) -> Option<String> {
    let (mut modifiers, rest) = split_modifiers(word);
    let lower = rest.to_lowercase();
    let base = match lower.as_str() {
        "esc" | "escape" => "Escape".to_string(),
        "backspace" | "bs" | "bspace" => "BSpace".to_string(),
        "return" | "enter" | "ret" => "Enter".to_string(),
        "pgdn" | "pgdown" | "pagedown" => "PageDown".to_string(),
        "pgup" | "pageup" => "PageUp".to_string(),
        "del" | "delete" => "Delete".to_string(),
        "ins" | "insert" => "Insert".to_string(),
        "tab" if modifiers == "S-" => {
            modifiers.clear();
            "BTab".to_string()
        }
        "backtab" | "btab" => "BTab".to_string(),
        _ if rest.chars().count() == 1 && !modifiers.is_empty() => rest.to_string(),
        _ => keys::KEY_NAMES
            .iter()
            .find(|name| name.eq_ignore_ascii_case(rest))
            .map(|name| name.to_string())
            .or_else(|| closest(rest, keys::KEY_NAMES.iter().copied()))?,
    };
    let name = format!("{modifiers}{base}");
    keys::named_key(&name).map(|_| name)
}

/// The choice nearest a word, if one is near enough to be what was meant.
fn closest<S: Into<String>>(word: &str, choices: impl IntoIterator<Item = S>) -> Option<String> {
    let word = word.to_lowercase();
    choices
        .into_iter()
        .map(Into::into)
        .map(|choice| {
            (
                strsim::damerau_levenshtein(&word, &choice.to_lowercase()),
                choice,
            )
        })
        .filter(|(distance, choice)| *distance <= (choice.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, choice)| choice)
}

/// `" (did you mean \"theme\"?)"`, or nothing when no choice is near.
fn did_you_mean<'c>(word: &str, choices: impl IntoIterator<Item = &'c str>) -> String {
    closest(word, choices)
        .map(|close| format!(" (did you mean \"{close}\"?)"))
        .unwrap_or_default()
}

/// The action names, with a numbered run written as its ends: `show_levels_1 … show_levels_9`.
fn action_list() -> String {
    let names: Vec<String> = Action::BINDABLE.iter().map(Action::name).collect();
    let mut out: Vec<String> = Vec::new();
    let stem = |name: &str| {
        name.rsplit_once('_')
            .filter(|(_, n)| n.parse::<u32>().is_ok())
            .map(|(stem, _)| stem.to_string())
    };
    let mut i = 0;
    while i < names.len() {
        let mut j = i;
        while let Some(s) = stem(&names[i])
            && j + 1 < names.len()
            && stem(&names[j + 1]).as_deref() == Some(s.as_str())
        {
            j += 1;
        }
        if j > i {
            out.push(format!("{} … {}", names[i], names[j]));
        } else {
            out.push(names[i].clone());
        }
        i = j + 1;
    }
    out.join(", ")
}

/// "\"dark\", \"light\" or \"projector\"": the themes, quoted.
fn theme_list() -> String {
    let quoted: Vec<String> = ThemeName::ALL
        .iter()
        .map(|t| format!("\"{}\"", t.name()))
        .collect();
    listed(&quoted, "or")
}

/// The table a mode's keys go in: `[keys]` for the tree view, `[keys.help]` …
fn table_name(mode: Mode) -> String {
    match mode {
        Mode::Normal => "[keys]".to_string(),
        other => format!("[keys.{}]", other.name()),
    }
}

/// A character no key name may hold: one that shows as nothing or drives the terminal (a
/// control such as Tab or Esc, a space but the one between keys, a zero-width or direction
/// mark, a combining accent standing alone). No key types it, and the help could not show it.
fn invisible(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    c != ' ' && (c.is_control() || c.is_whitespace() || c.width().is_none_or(|w| w == 0))
}

/// A key or action as a TOML string, with what cannot be seen written as an escape (`\u202E`).
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if invisible(c) && u32::from(c) > 0xFFFF => {
                out.push_str(&format!("\\U{:08X}", u32::from(c)));
            }
            c if invisible(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text [`DEFAULT_CONFIG`] must hold: the settings, then every default binding of every mode,
/// all commented out. A test compares the two, so the file cannot drift from the keymap.
pub fn default_config_text() -> String {
    let wrap = |text: &str| -> String {
        textwrap::wrap(text, 98)
            .iter()
            .map(|line| format!("# {line}\n"))
            .collect()
    };
    let mut out = String::new();
    out += &wrap(
        "argscope settings. argscope reads them from config.toml in the platform's configuration folder (~/.config/argscope/config.toml on Linux; `argscope config --path` prints where), or from the file the environment variable ARGSCOPE_CONFIG names. Everything below is commented out, so this file changes nothing: remove the # before a setting or a key, and edit it.",
    );
    out += "\n";
    out += &wrap(&format!(
        "The colours: {}. Unset, \"dark\"; --theme overrides it for one run.",
        theme_list()
    ));
    out += "# theme = \"dark\"\n\n";
    out += &wrap(&format!(
        "The widest a presenter slide gets, in columns ({} to {}).",
        PRESENTER_WIDTHS.start(),
        PRESENTER_WIDTHS.end()
    ));
    out += &format!("# presenter_width = {DEFAULT_PRESENTER_WIDTH}\n\n");
    out += &wrap(&format!(
        "Keys: one \"keys\" = \"action\" a line, in the table of the mode they work in. Keys are named as `argscope snapshot --keys` names them: a character (x, G, ?), a word typed letter by letter (gg is g, then g), or {KEY_NAME_LIST}, with C- (Ctrl), M- (Alt) or S- (Shift) before a key (C-d, M-Left). A new key for an action adds to the keys it has; \"none\" unbinds a key. In one mode no key may begin another's sequence for a different action (g beside gg): unbind one of them."
    ));
    out += &wrap(&format!("The actions: {}.", action_list()));
    let keymap = Keymap::default();
    for mode in Mode::all() {
        out += "\n";
        let mut title = keymap.mode_title(mode);
        if let Some(first) = title.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        out += &format!("# {title}.\n{}\n", table_name(mode));
        let lines: Vec<(String, &str)> = keymap
            .bindings
            .iter()
            .filter(|b| b.mode == mode)
            .map(|b| {
                let line = format!(
                    "{} = {}",
                    quoted(&keys::key_names(&b.keys)),
                    quoted(&b.action.name())
                );
                (line, b.description)
            })
            .collect();
        if lines.is_empty() {
            out += "# No keys by default.\n";
        }
        let width = lines.iter().map(|(l, _)| l.chars().count()).max();
        for (line, description) in &lines {
            let pad = width.unwrap_or(0) - line.chars().count();
            out += &format!("# {line}{}  # {description}\n", " ".repeat(pad));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::{Binding, Section, keys_text};

    const FILE: &str = "config.toml";

    fn settings(text: &str) -> Settings {
        match parse(text, FILE) {
            Ok(settings) => settings,
            Err(problems) => panic!("{problems:#?}"),
        }
    }

    /// Every problem as `line:column: message`.
    fn problems(text: &str) -> Vec<String> {
        match parse(text, FILE) {
            Ok(_) => panic!("no problems in {text:?}"),
            Err(problems) => problems
                .iter()
                .map(|p| {
                    let (line, column) = p.place.line_col.expect("a line and column");
                    format!("{line}:{column}: {}", p.message)
                })
                .collect(),
        }
    }

    /// The one problem, which must be at `at` (`"line:column"`) and contain every word of `words`.
    fn one_problem(text: &str, at: &str, words: &[&str]) {
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with(&format!("{at}: ")),
            "expected a problem at {at}: {found:#?}"
        );
        for word in words {
            assert!(found[0].contains(word), "{word:?} not in {found:#?}");
        }
    }

    type Row = (
        Mode,
        Vec<KeyChord>,
        Action,
        Section,
        &'static str,
        Option<crate::tui::hint::Hint>,
    );

    fn rows(keymap: &Keymap) -> Vec<Row> {
        keymap
            .bindings
            .iter()
            .map(|b: &Binding| {
                (
                    b.mode,
                    b.keys.clone(),
                    b.action,
                    b.section,
                    b.description,
                    b.hint,
                )
            })
            .collect()
    }

    fn keys(text: &str) -> Vec<KeyChord> {
        keys::parse_keys(text)
    }

    // The settings ----------------------------------------------------------------------------

    #[test]
    fn an_empty_file_and_no_file_give_the_defaults() {
        let empty = settings("");
        assert_eq!(empty.theme, None);
        assert_eq!(empty.presenter_width, 90);
        assert_eq!(rows(&empty.keymap), rows(&Keymap::default()));
        let none = load(None).unwrap();
        assert_eq!(rows(&none.keymap), rows(&Keymap::default()));
        let dir = std::env::temp_dir().join("argscope-no-such-dir-for-config-tests");
        assert!(load(Some(&dir.join("config.toml"))).is_ok());
    }

    #[test]
    fn theme_and_presenter_width_are_read() {
        let read = settings("theme = \"projector\"\npresenter_width = 120\n");
        assert_eq!(read.theme, Some(ThemeName::Projector));
        assert_eq!(read.presenter_width, 120);
        assert_eq!(settings("presenter_width = 40").presenter_width, 40);
        assert_eq!(settings("presenter_width = 400").presenter_width, 400);
        assert_eq!(settings("presenter_width = 0x5A").presenter_width, 90);
        for theme in ThemeName::ALL {
            let text = format!("theme = \"{}\"", theme.name());
            assert_eq!(settings(&text).theme, Some(theme));
        }
    }

    #[test]
    fn the_default_config_gives_exactly_the_default_settings() {
        let loaded = settings(DEFAULT_CONFIG);
        let default = Settings::default();
        assert_eq!(loaded.theme, default.theme);
        assert_eq!(loaded.presenter_width, default.presenter_width);
        assert_eq!(rows(&loaded.keymap), rows(&default.keymap));
    }

    #[test]
    fn the_default_config_lists_every_default_binding_in_its_mode() {
        let keymap = Keymap::default();
        for mode in Mode::all() {
            let table = table_name(mode);
            let start = DEFAULT_CONFIG
                .lines()
                .position(|l| l == table)
                .unwrap_or_else(|| panic!("no {table} in DEFAULT_CONFIG"));
            let section: Vec<&str> = DEFAULT_CONFIG
                .lines()
                .skip(start + 1)
                .take_while(|l| !l.starts_with('['))
                .collect();
            for binding in keymap.bindings.iter().filter(|b| b.mode == mode) {
                let line = format!(
                    "# {} = {}",
                    quoted(&keys::key_names(&binding.keys)),
                    quoted(&binding.action.name())
                );
                assert!(
                    section.iter().any(|l| l.starts_with(&line)),
                    "DEFAULT_CONFIG does not list {line} under {table}; run ARGSCOPE_WRITE_DEFAULT_CONFIG=1 cargo test --lib config"
                );
            }
        }
    }

    #[test]
    fn the_default_config_is_generated_from_the_keymap() {
        let expected = default_config_text();
        if std::env::var_os("ARGSCOPE_WRITE_DEFAULT_CONFIG").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/default_config.toml");
            std::fs::write(path, &expected).expect("write src/default_config.toml");
            return;
        }
        assert!(
            DEFAULT_CONFIG == expected,
            "src/default_config.toml is out of date with the keymap; rewrite it with \
             ARGSCOPE_WRITE_DEFAULT_CONFIG=1 cargo test --lib config, and read the diff"
        );
    }

    // Keys -----------------------------------------------------------------------------------

    #[test]
    fn a_new_key_adds_to_the_actions_keys_and_none_unbinds() {
        let read = settings("[keys]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n");
        let keymap = read.keymap;
        let quit: Vec<String> = keymap
            .bindings
            .iter()
            .filter(|b| b.mode == Mode::Normal && b.action == Action::Quit)
            .map(|b| keys_text(&b.keys))
            .collect();
        assert_eq!(quit, ["Ctrl-c", "x"]);
    }

    #[test]
    fn sequences_and_named_keys_bind_in_every_mode() {
        let text = "[keys]\n\"gg\" = \"none\"\n\"g g\" = \"none\"\n";
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with("3:1: \"g g\" is the same keys as \"gg\" on line 2"));
        let read = settings(
            "[keys]\n\"gg\" = \"none\"\n\"C-g\" = \"first\"\n\"xx\" = \"show_levels_2\"\n\
             [keys.help]\n\"M-Left\" = \"up\"\n[keys.zoom]\n\"Enter\" = \"leave_zoom\"\n",
        );
        let find = |mode: Mode, text: &str| {
            read.keymap
                .bindings
                .iter()
                .find(|b| b.mode == mode && b.keys == keys(text))
                .map(|b| b.action)
        };
        assert_eq!(find(Mode::Normal, "gg"), None);
        assert_eq!(find(Mode::Normal, "C-g"), Some(Action::First));
        assert_eq!(find(Mode::Normal, "xx"), Some(Action::ShowLevels(2)));
        assert_eq!(find(Mode::Help, "M-Left"), Some(Action::Up));
        assert_eq!(find(Mode::Zoom, "Enter"), Some(Action::LeaveZoom));
    }

    #[test]
    fn every_mode_reads_from_its_table_name() {
        for mode in Mode::all() {
            assert_eq!(mode.name().parse::<Mode>(), Ok(mode));
        }
        for (name, mode) in [
            ("normal", Mode::Normal),
            ("help", Mode::Help),
            ("present", Mode::Present),
            ("zoom", Mode::Zoom),
            ("source", Mode::Source),
            ("search", Mode::Search),
        ] {
            assert_eq!(name.parse::<Mode>(), Ok(mode));
        }
        assert_eq!("tree".parse::<Mode>(), Err(()));
        // The tree view's table may also be written out in full.
        let read = settings("[keys.normal]\n\"J\" = \"down\"\n");
        assert!(
            read.keymap
                .bindings
                .iter()
                .any(|b| b.mode == Mode::Normal && b.keys == keys("J"))
        );
        one_problem(
            "[keys.normal.J]\n",
            "1:14",
            &["[keys.normal.J] is one table too deep"],
        );
    }

    // Remapping -------------------------------------------------------------------------------

    #[test]
    fn remap_replaces_the_same_keys_and_keeps_the_actions_description() {
        let mut keymap = Keymap::default();
        keymap.remap(Mode::Normal, keys("j"), Some(Action::Up));
        let j: Vec<&Binding> = keymap
            .bindings
            .iter()
            .filter(|b| b.mode == Mode::Normal && b.keys == keys("j"))
            .collect();
        assert_eq!(j.len(), 1);
        assert_eq!(j[0].action, Action::Up);
        assert_eq!(
            j[0].description,
            "previous row (in the detail pane: scroll up)"
        );
        assert_eq!(j[0].section, Section::Move);
        // The help lists j beside k and ↑; ↓ alone is left for "next row".
        let help = keymap.help(Mode::Normal);
        let entries: Vec<_> = help.iter().flat_map(|(_, e)| e.iter()).collect();
        let up = entries
            .iter()
            .find(|e| e.description.starts_with("previous row"))
            .unwrap();
        assert_eq!(up.keys_label(), "k/↑/j");
        let down = entries
            .iter()
            .find(|e| e.description.starts_with("next row"))
            .unwrap();
        assert_eq!(down.keys_label(), "↓");
        // The other modes are untouched.
        let help_j = keymap
            .bindings
            .iter()
            .find(|b| b.mode == Mode::Help && b.keys == keys("j"))
            .unwrap();
        assert_eq!(help_j.action, Action::Down);
    }

    #[test]
    fn remap_with_none_removes_and_the_hint_moves_to_a_remaining_key() {
        let mut keymap = Keymap::default();
        keymap.remap(Mode::Normal, keys("q"), None);
        assert!(
            !keymap
                .bindings
                .iter()
                .any(|b| b.mode == Mode::Normal && b.keys == keys("q"))
        );
        assert!(
            keymap
                .hints(Mode::Normal)
                .contains(&("Ctrl-c".to_string(), "quit"))
        );
        // Unbinding every key of an action drops its hint; a new key brings it back.
        keymap.remap(Mode::Normal, keys("x"), Some(Action::Quit));
        keymap.remap(Mode::Normal, keys("C-c"), None);
        assert!(
            keymap
                .hints(Mode::Normal)
                .contains(&("x".to_string(), "quit"))
        );
        // Unbinding keys nothing has is harmless.
        keymap.remap(Mode::Normal, keys("Q"), None);
        // A key typed as characters is preferred for the hint.
        let mut keymap = Keymap::default();
        keymap.remap(Mode::Normal, keys("n"), Some(Action::Down));
        keymap.remap(Mode::Normal, keys("j"), None);
        assert_eq!(keymap.hints(Mode::Normal)[0], ("n/k".to_string(), "move"));
    }

    #[test]
    fn remapping_a_key_to_its_own_action_changes_nothing() {
        let mut keymap = Keymap::default();
        keymap.remap(Mode::Normal, keys("j"), Some(Action::Down));
        assert_eq!(rows(&keymap), rows(&Keymap::default()));
    }

    #[test]
    fn the_help_lists_a_remapped_key_beside_the_same_text() {
        let read = settings("[keys]\n\"x\" = \"quit\"\n\"F2\" = \"toggle_help\"\n");
        let help = read.keymap.help(Mode::Normal);
        let entries: Vec<_> = help.iter().flat_map(|(_, e)| e.iter()).collect();
        let quit = entries.iter().find(|e| e.description == "quit").unwrap();
        assert_eq!(quit.keys_label(), "q/Ctrl-c/x");
        let help_key = entries
            .iter()
            .find(|e| e.description == "show all keys")
            .unwrap();
        assert_eq!(help_key.keys_label(), "?/F2");
    }

    #[test]
    fn remap_then_conflicts_finds_prefix_clashes() {
        let mut keymap = Keymap::default();
        keymap.remap(Mode::Normal, keys("g"), Some(Action::Quit));
        assert_eq!(keymap.conflicts(), [("gg".to_string(), "g".to_string())]);
        // The same keys for the same action in another mode are no clash.
        let mut keymap = Keymap::default();
        keymap.remap(Mode::Present, keys("g"), Some(Action::Quit));
        assert!(keymap.conflicts().is_empty());
        // Unbinding gg first lets g be used.
        let mut keymap = Keymap::default();
        keymap.remap(Mode::Normal, keys("gg"), None);
        keymap.remap(Mode::Normal, keys("g"), Some(Action::First));
        assert!(keymap.conflicts().is_empty());
    }

    // Problems, one test per kind, each with its exact line and column -------------------------

    #[test]
    fn text_that_is_not_toml_is_reported_where_it_breaks() {
        one_problem(
            "theme = \"dark\"\n[keys\n",
            "2:6",
            &["not TOML", "argscope config --default"],
        );
        one_problem("theme = dark\n", "1:9", &["not TOML"]);
        one_problem(
            "theme = \"dark\"\ntheme = \"light\"\n",
            "2:1",
            &["not TOML"],
        );
    }

    #[test]
    fn an_unknown_setting_is_reported_at_its_name() {
        one_problem(
            "theme = \"dark\"\n  colour = \"dark\"\n",
            "2:3",
            &[
                "unknown setting \"colour\"",
                "theme, presenter_width and [keys]",
            ],
        );
        one_problem("[them]\n", "1:2", &["did you mean \"theme\"?"]);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_reported_at_the_value() {
        one_problem("theme = 3\n", "1:9", &["theme must be a string"]);
        one_problem(
            "presenter_width = \"90\"\n",
            "1:19",
            &["whole number", "without quotes"],
        );
        one_problem("presenter_width = 90.5\n", "1:19", &["whole number"]);
        one_problem("keys = \"vim\"\n", "1:8", &["keys must be a table"]);
        one_problem(
            "[keys]\nx = 1\n",
            "2:5",
            &["the action for \"x\" must be a string"],
        );
        one_problem(
            "[keys.help]\nx = true\n",
            "2:5",
            &["the action for \"x\" must be a string"],
        );
        one_problem(
            "[keys.help.x]\ny = \"quit\"\n",
            "1:12",
            &["one table too deep", "[keys.help]"],
        );
    }

    #[test]
    fn an_unknown_theme_is_reported_at_the_value() {
        one_problem(
            "theme = \"darkk\"\n",
            "1:9",
            &[
                "unknown theme \"darkk\"",
                "did you mean \"dark\"?",
                "\"light\"",
            ],
        );
    }

    #[test]
    fn a_presenter_width_out_of_range_is_reported_at_the_value() {
        one_problem(
            "presenter_width = 39\n",
            "1:19",
            &["presenter_width 39 is out of range", "from 40 to 400"],
        );
        one_problem("presenter_width = 401\n", "1:19", &["out of range"]);
        one_problem("presenter_width = -5\n", "1:19", &["out of range"]);
        one_problem(
            "presenter_width = 99999999999999\n",
            "1:19",
            &["out of range"],
        );
    }

    #[test]
    fn an_unknown_mode_is_reported_at_its_name() {
        one_problem(
            "[keys.zom]\n\"x\" = \"quit\"\n",
            "1:7",
            &[
                "unknown mode \"zom\"",
                "did you mean \"zoom\"?",
                "help, present, overview, zoom, source, search, note, confirm, orphans, unsaved and problems",
            ],
        );
        one_problem("[keys]\nvisual = {}\n", "2:1", &["unknown mode \"visual\""]);
    }

    #[test]
    fn an_unknown_action_is_reported_at_the_value_with_the_closest_or_all() {
        one_problem(
            "[keys]\n\"x\" = \"quitt\"\n",
            "2:7",
            &[
                "unknown action \"quitt\" for \"x\"",
                "did you mean \"quit\"?",
            ],
        );
        one_problem(
            "[keys.help]\n\"x\" = \"toggle-help\"\n",
            "2:7",
            &["did you mean \"toggle_help\"?"],
        );
        one_problem(
            "[keys]\n\"x\" = \"teleport\"\n",
            "2:7",
            &[
                "the actions are down, up, collapse_or_parent",
                "show_levels_1 … show_levels_9, expand_all",
                "\"none\" to unbind",
            ],
        );
        one_problem("[keys]\n\"x\" = \"click\"\n", "2:7", &["unknown action"]);
    }

    #[test]
    fn an_action_that_does_nothing_in_its_table_is_reported_with_where_it_works() {
        one_problem(
            "[keys]\n\"x\" = \"retry_save\"\n",
            "2:7",
            &[
                "\"retry_save\" does nothing in [keys], so \"x\" would do nothing there",
                "bind it in [keys.unsaved] instead",
            ],
        );
        one_problem(
            "[keys.help]\n\"m\" = \"mark_agree\"\n",
            "2:7",
            &[
                "does nothing in [keys.help]",
                "bind it in [keys], [keys.present] or [keys.zoom] instead",
            ],
        );
        // What works beyond the default keys: the theme and copying wherever the map shows, the
        // notes' keys in the step-into view, quitting.
        settings(
            "[keys]\n\"x\" = \"show_problems\"\n[keys.search]\n\"C-t\" = \"cycle_theme\"\n             [keys.zoom]\n\"O\" = \"show_orphans\"\n[keys.orphans]\n\"C-q\" = \"quit\"\n",
        );
    }

    #[test]
    fn a_character_bound_where_notes_and_searches_are_typed_is_reported() {
        one_problem(
            "[keys.note]\n\"x\" = \"save_note\"\n",
            "2:1",
            &[
                "would stop its first character being typed into a note",
                "C- or M-",
            ],
        );
        one_problem(
            "[keys.search]\n\"q\" = \"quit\"\n",
            "2:1",
            &["typed into a search"],
        );
        // Keys that type nothing are fine there, and so is unbinding.
        settings(
            "[keys.note]\n\"C-w\" = \"save_note\"\n\"F2\" = \"close_note\"\n[keys.search]\n\"M-x\" = \"cancel_search\"\n\"C-s\" = \"none\"\n",
        );
    }

    #[test]
    fn a_key_string_that_names_no_key_is_reported_at_the_key() {
        one_problem("[keys]\n\"\" = \"quit\"\n", "2:1", &["names no key"]);
        one_problem("[keys]\n\"  \" = \"quit\"\n", "2:1", &["names no key"]);
        one_problem(
            "[keys]\n\"Escap\" = \"quit\"\n",
            "2:1",
            &[
                "\"Escap\" is not a key name",
                "write \"Escape\"",
                "\"E s c a p\"",
            ],
        );
        one_problem("[keys]\n\"ctrl-d\" = \"quit\"\n", "2:1", &["write \"C-d\""]);
        one_problem(
            "[keys]\n\"shift-tab\" = \"quit\"\n",
            "2:1",
            &["write \"BTab\""],
        );
        one_problem(
            "[keys]\n\"g Entr\" = \"quit\"\n",
            "2:1",
            &["write \"Enter\""],
        );
        one_problem(
            "[keys]\n\"C-Foo\" = \"quit\"\n",
            "2:1",
            &["\"C-Foo\" is not a key name"],
        );
        // A modifier with no key after it is no key name either, not two keys typed.
        for bare in ["C-", "M-", "S-", "Ctrl+"] {
            one_problem(
                &format!("[keys]\n\"x\" = \"quit\"\n\"{bare}\" = \"first\"\n"),
                "3:1",
                &[
                    &format!("\"{bare}\" is not a key name"),
                    "with C-, M- or S- before them",
                ],
            );
        }
        // Words that name keys, keys named as the help writes them, and typed words, are fine.
        settings(
            "[keys]\n\"GG\" = \"last\"\n\"C-M-x\" = \"quit\"\n\"F 1\" = \"first\"\n\"xx\" = \"first\"\n\"Ctrl-Alt-y\" = \"quit\"\n\"↑\" = \"first\"\n\"Esc\" = \"quit\"\n",
        );
    }

    #[test]
    fn a_prefix_conflict_with_a_default_is_reported_at_the_key() {
        one_problem(
            "[keys]\n\"x\" = \"quit\"\n\"g\" = \"quit\"\n",
            "3:1",
            &[
                "\"g\" conflicts with the default binding \"gg\" = \"first\" in [keys]",
                "\"gg\" = \"none\"",
            ],
        );
        // A longer sequence behind a default single key.
        one_problem(
            "[keys.help]\n\"qq\" = \"down\"\n",
            "2:1",
            &["\"qq\" conflicts with the default binding \"q\" = \"toggle_help\" in [keys.help]"],
        );
        // Unbinding or rebinding the default clears it.
        settings("[keys]\n\"gg\" = \"none\"\n\"g\" = \"first\"\n");
        settings("[keys]\n\"g\" = \"last\"\n\"gg\" = \"none\"\n");
        settings("[keys]\n\"q\" = \"none\"\n\"qq\" = \"quit\"\n");
    }

    #[test]
    fn a_file_that_leaves_no_way_out_of_a_mode_is_reported_at_the_line_that_took_the_last() {
        one_problem(
            "[keys]\n\"q\" = \"none\"\n\"C-c\" = \"none\"\n",
            "3:1",
            &[
                "\"C-c\" = \"none\" leaves no key in [keys] to quit argscope",
                "every mode needs a way out",
                "keep one, such as \"C-c\" = \"quit\"",
            ],
        );
        one_problem(
            "[keys.note]\n\"C-s\" = \"none\"\n\"Escape\" = \"none\"\n\"C-c\" = \"none\"\n",
            "3:1",
            &[
                "\"Escape\" = \"none\" leaves no key in [keys.note] to save or close the note",
                "such as \"Escape\" = \"close_note\"",
            ],
        );
        // Taken by binding the key to something else, the suggestion is a default way out.
        one_problem(
            "[keys.help]\n\"Escape\" = \"none\"\n\"?\" = \"none\"\n\"q\" = \"down\"\n  \"Enter\" = \"up\"\n",
            "5:3",
            &[
                "\"Enter\" = \"up\" leaves no key in [keys.help] to close the help",
                "such as \"Enter\" = \"toggle_help\"",
            ],
        );
        // Every mode, its default ways out all unbound.
        let keymap = Keymap::default();
        for mode in Mode::all() {
            let (actions, what) = mode.ways_out();
            let mut text = format!("{}\n", table_name(mode));
            for binding in keymap
                .bindings
                .iter()
                .filter(|b| b.mode == mode && actions.contains(&b.action))
            {
                text += &format!("{} = \"none\"\n", quoted(&keys::key_names(&binding.keys)));
            }
            let found = problems(&text);
            assert_eq!(found.len(), 1, "{text}{found:#?}");
            assert!(
                found[0].contains(&format!("no key in {} to {what}", table_name(mode))),
                "{found:#?}"
            );
        }
        // Another key for the way out, before or after, keeps the file good; so does a key
        // in another mode.
        settings("[keys]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n\"C-c\" = \"none\"\n");
        settings("[keys]\n\"q\" = \"none\"\n\"C-c\" = \"none\"\n\"C-q\" = \"quit\"\n");
        settings(
            "[keys.note]\n\"C-s\" = \"none\"\n\"Escape\" = \"none\"\n\"F2\" = \"close_note\"\n",
        );
        settings("[keys.zoom]\n\"Escape\" = \"none\"\n");
        // A mode with a line refused is not also said to have no way out: that line may have
        // been meant as one.
        one_problem(
            "[keys]\n\"q\" = \"none\"\n\"C-c\" = \"none\"\n\"x\" = \"quitt\"\n",
            "4:7",
            &["unknown action \"quitt\""],
        );
    }

    #[test]
    fn a_fault_toml_finds_again_and_again_is_reported_once() {
        let text = format!("a = {}\n", "[".repeat(137));
        let found = problems(&text);
        let mut unique = found.clone();
        unique.dedup();
        assert_eq!(found, unique, "{found:#?}");
        assert!(found.len() <= 2, "{found:#?}");
        assert!(
            found.iter().any(|p| p.contains("unclosed array")),
            "{found:#?}"
        );
    }

    #[test]
    fn a_key_of_control_or_invisible_characters_names_no_key() {
        for (written, shown) in [
            (
                "\\u001b]0;PWN\\u0007",
                "\"\\u001B]0;PWN\\u0007\" names no key: U+001B",
            ),
            ("\\u202e", "\"\\u202E\" names no key: U+202E"),
            ("\\u200b", "U+200B"),
            ("\t", "\"\\u0009\" names no key"),
            ("\\u0301", "U+0301"),
            ("\\u00a0", "U+00A0"),
            ("g\\u200bg", "\"g\\u200Bg\" names no key"),
            ("C-\\u0007", "U+0007"),
            ("\\U000E0001", "\"\\U000E0001\""),
        ] {
            let text = format!("[keys]\n\"{written}\" = \"quit\"\n");
            one_problem(&text, "2:1", &[shown, "control or invisible", "\"C-d\""]);
            let found = problems(&text);
            assert!(
                !found[0].chars().any(|c| c != ' ' && invisible(c)),
                "{found:#?}"
            );
        }
        // Letters of any script, and wide ones, are keys.
        settings("[keys]\n\"é\" = \"quit\"\n\"漢\" = \"first\"\n\"C-ß\" = \"last\"\n");
    }

    #[test]
    fn a_prefix_conflict_within_the_file_is_reported_at_the_later_key() {
        one_problem(
            "[keys.zoom]\n\"z\" = \"quit\"\n\"zz\" = \"down\"\n",
            "3:1",
            &["\"zz\" conflicts with \"z\" on line 2"],
        );
    }

    #[test]
    fn every_problem_is_reported_in_file_order() {
        let found = problems(
            "theme = \"blue\"\npresenter_width = 10\nfont = 1\n[keys]\n\"g\" = \"quit\"\n\"x\" = \"nope\"\n\"Escap\" = \"quit\"\n[keys.zom]\n",
        );
        let places: Vec<&str> = found
            .iter()
            .map(|p| p.split(": ").next().unwrap())
            .collect();
        assert_eq!(
            places,
            ["1:9", "2:19", "3:1", "5:1", "6:7", "7:1", "8:7"],
            "{found:#?}"
        );
    }

    #[test]
    fn a_file_that_is_not_utf8_or_cannot_be_read_is_a_problem() {
        let dir = std::env::temp_dir().join(format!("argscope-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config.toml");
        std::fs::write(&file, b"theme = \"dark\"\n# caf\xe9\n").unwrap();
        let problems = load(Some(&file)).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].place.line_col, Some((2, 6)));
        assert!(problems[0].message.contains("not UTF-8"));
        // A folder is not a file.
        let problems = load(Some(&dir)).unwrap_err();
        assert!(problems[0].message.contains("cannot read"), "{problems:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn problems_name_the_file() {
        let problems = parse("theme = 1", "/home/me/.config/argscope/config.toml").unwrap_err();
        assert!(
            problems[0]
                .to_string()
                .starts_with("/home/me/.config/argscope/config.toml:1:9: ")
        );
    }

    #[test]
    fn the_default_path_is_config_toml_in_an_argscope_folder() {
        if let Some(path) = default_path() {
            assert!(path.ends_with("argscope/config.toml"), "{path:?}");
        }
    }
}
