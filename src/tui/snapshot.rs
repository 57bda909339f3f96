//! Headless rendering: replay keys, draw into an in-memory terminal, return the screen as text.
//! `argscope snapshot` and the render tests use it.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell};
use unicode_width::UnicodeWidthStr;

use crate::load::Loaded;

use super::action::Effect;
use super::keymap::{KeyChord, Keymap};
use super::state::{Start, ViewState};
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
    start: &Start,
) -> Buffer {
    // Nothing is saved headlessly, so no notes ever need rescuing.
    let rescue_path = std::path::Path::new("argscope-notes.json");
    let ctx = Context {
        loaded,
        keymap,
        rescue_path,
    };
    let mut state = ViewState::start(&loaded.map, width, height, start);
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    };
    let mut draw = |state: &ViewState, whole: bool| {
        // A whole drawing for the screen returned: drawn over an earlier frame, the cell a
        // wide character covers keeps what was there before, which no terminal shows.
        let cleared = if whole { terminal.clear() } else { Ok(()) };
        if let Err(never) =
            cleared.and_then(|()| terminal.draw(|frame| ui::draw(frame, state, ctx)).map(drop))
        {
            match never {}
        }
    };
    // Drawn before each key, as the interface draws: what a key does may depend on what was
    // drawn (the note editor learns its width from the drawing).
    for &key in keys {
        draw(&state, false);
        if handle_key(&mut state, ctx, key) == Some(Effect::Quit) {
            break;
        }
    }
    draw(&state, true);
    terminal.backend().buffer().clone()
}

/// The buffer as lines of text, trailing spaces trimmed. A wide character's second cell is
/// skipped, so each line reads as it looks.
pub fn to_text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    // A screen with no columns still has its rows, all empty.
    if width == 0 {
        return "\n".repeat(usize::from(buffer.area.height));
    }
    let mut out = String::new();
    for row in buffer.content.chunks(width.max(1)) {
        let line: String = shown_cells(row).map(Cell::symbol).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The buffer with its colours and text styles as ANSI escape sequences, a run of same-styled
/// cells at a time; every line ends with a reset.
pub fn to_ansi(buffer: &Buffer) -> String {
    use ratatui::backend::IntoCrossterm;
    let width = usize::from(buffer.area.width);
    if width == 0 {
        return "\n".repeat(usize::from(buffer.area.height));
    }
    let mut out = String::new();
    for row in buffer.content.chunks(width.max(1)) {
        let mut run = String::new();
        let mut run_style = None;
        for cell in shown_cells(row) {
            let symbol = cell.symbol();
            let style = cell.style();
            if run_style != Some(style) {
                if let Some(previous) = run_style {
                    let previous: ratatui::style::Style = previous;
                    out.push_str(
                        &previous
                            .into_crossterm()
                            .apply(std::mem::take(&mut run))
                            .to_string(),
                    );
                }
                run_style = Some(style);
            }
            run.push_str(symbol);
        }
        if let Some(style) = run_style {
            out.push_str(&style.into_crossterm().apply(run).to_string());
        }
        out.push_str("\x1b[0m\n");
    }
    out
}

/// The cells of a row as they show: the second cell of a wide character is left out.
fn shown_cells(row: &[Cell]) -> impl Iterator<Item = &Cell> {
    let mut skip = 0;
    row.iter().filter(move |cell| {
        if skip > 0 {
            skip -= 1;
            return false;
        }
        skip = cell.symbol().width().saturating_sub(1);
        true
    })
}
