//! Headless rendering: replay keys, draw into an in-memory terminal, return the screen as text.
//! `argscope snapshot` and the render tests use it.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

use crate::load::Loaded;

use super::action::Effect;
use super::keymap::{KeyChord, Keymap};
use super::state::{Start, ViewState};
use super::theme::Theme;
use super::ui;
use super::update::{Context, handle_key};

/// Renders the screen a user would see after typing `keys` in a `width`×`height` terminal.
/// Keys after a quit are ignored.
pub fn render(
    loaded: &Loaded,
    keymap: &Keymap,
    width: u16,
    height: u16,
    keys: &[KeyChord],
    theme: &Theme,
    start: &Start,
) -> Buffer {
    let ctx = Context { loaded, keymap };
    let mut state = ViewState::start(&loaded.map, width, height, start);
    for &key in keys {
        if handle_key(&mut state, ctx, key) == Some(Effect::Quit) {
            break;
        }
    }
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    };
    let drawn = terminal.draw(|frame| ui::draw(frame, &state, ctx, theme));
    if let Err(never) = drawn {
        match never {}
    }
    terminal.backend().buffer().clone()
}

/// The buffer as lines of text, trailing spaces trimmed. A wide character's second cell is
/// skipped, so each line reads as it looks.
pub fn to_text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    let mut out = String::new();
    for row in buffer.content.chunks(width.max(1)) {
        let mut line = String::new();
        let mut skip = 0;
        for cell in row {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = cell.symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
