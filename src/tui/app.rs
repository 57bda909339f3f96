//! The event loop: the one place that talks to the terminal. It turns terminal events into
//! actions, runs the update, carries out effects, and redraws after each event (no ticks).

use std::io::{self, Write};

use anyhow::Result;
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

use std::path::PathBuf;

use crate::load::Loaded;
use crate::notes::Notes;
use crate::notes::store::{SaveError, Store, StoreStatus};

use super::action::{Action, Effect};
use super::copy;
use super::keymap::{KeyChord, Keymap};
use super::state::{Start, ViewState};
use super::ui;
use super::update::{Context, handle_key, update};

/// How the interface runs.
#[derive(Debug)]
pub struct Options {
    /// Capture the mouse (clicks and wheel); off leaves it to the terminal for selecting text.
    pub mouse: bool,
    pub start: Start,
    /// The notes file and what was read from it, or why notes cannot be kept.
    pub notes: Result<(Store, Notes), String>,
    /// Where unsaved notes are offered to go when their own file cannot be written.
    pub rescue_path: PathBuf,
}

/// Runs the interface until the user quits. The terminal is restored on every way out.
/// Returns a last word for the shell, such as why the notes were read-only.
pub fn run(loaded: &Loaded, keymap: &Keymap, options: Options) -> Result<Option<String>> {
    let mut session = Session::start(options.mouse)?;
    let ctx = Context {
        loaded,
        keymap,
        rescue_path: &options.rescue_path,
    };
    let size = session.terminal.size()?;
    let mut state = ViewState::start(&loaded.map, size.width, size.height, &options.start);
    let mut store = match options.notes {
        Ok((store, notes)) => {
            state.notes = notes;
            state.notes_read_only = store.status().message().map(str::to_string);
            Some(store)
        }
        Err(reason) => {
            state.notes_read_only = Some(reason);
            None
        }
    };
    // Redraw after events that became an action (a key always does); a mouse moving over the
    // screen does not, so it costs nothing.
    let mut redraw = true;
    loop {
        if redraw {
            session
                .terminal
                .draw(|frame| ui::draw(frame, &state, ctx))?;
        }
        let action = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => Input::Key(key.into()),
            Event::Mouse(mouse) => {
                let (column, row) = (mouse.column, mouse.row);
                match mouse.kind {
                    MouseEventKind::Down(_) => Input::Action(Action::Click { column, row }),
                    MouseEventKind::ScrollDown => Input::Action(Action::Wheel {
                        column,
                        row,
                        down: true,
                    }),
                    MouseEventKind::ScrollUp => Input::Action(Action::Wheel {
                        column,
                        row,
                        down: false,
                    }),
                    _ => Input::Nothing,
                }
            }
            Event::Resize(width, height) => Input::Action(Action::Resize { width, height }),
            _ => Input::Nothing,
        };
        redraw = !matches!(action, Input::Nothing);
        let effect = match action {
            Input::Key(key) => handle_key(&mut state, ctx, key),
            Input::Action(action) => update(&mut state, ctx, action),
            Input::Nothing => None,
        };
        match effect {
            Some(Effect::Quit) => return Ok(state_last_word(&store)),
            Some(Effect::Suspend) => {
                session.suspend()?;
                // The terminal may have changed size while we were stopped.
                let size = session.terminal.size()?;
                update(
                    &mut state,
                    ctx,
                    Action::Resize {
                        width: size.width,
                        height: size.height,
                    },
                );
                redraw = true;
            }
            Some(Effect::Copy(text)) => {
                let in_tmux = std::env::var_os("TMUX").is_some();
                let mut out = io::stdout();
                out.write_all(copy::osc52(&text, in_tmux).as_bytes())?;
                out.flush()?;
            }
            Some(Effect::SaveNotes) => {
                if let Some(saving) = store.as_mut() {
                    let result = saving.save(&state.notes);
                    if save(&mut state, result) {
                        return Ok(state_last_word(&store));
                    }
                }
            }
            Some(Effect::SaveNotesTo(path)) => {
                if let Some(saving) = store.as_mut() {
                    let result = saving.save_as(&state.notes, &path);
                    if save(&mut state, result) {
                        return Ok(Some(format!(
                            "your notes were written to {}",
                            path.display()
                        )));
                    }
                }
            }
            None => {}
        }
    }
}

/// Records how a save went; true when the program should now quit (the user asked to, once the
/// notes were safe).
fn save(state: &mut ViewState, result: Result<(), SaveError>) -> bool {
    match result {
        Ok(()) => {
            state.notes_error = None;
            state.unsaved = None;
            state.quit_after_save
        }
        Err(error) => {
            let message = error.to_string();
            state.message = Some(message.clone());
            state.notes_error = Some(message);
            state.quit_after_save = false;
            false
        }
    }
}

/// What to tell the shell on leaving: a notes file that could not be used.
fn state_last_word(store: &Option<Store>) -> Option<String> {
    let store = store.as_ref()?;
    match store.status() {
        StoreStatus::ReadOnly(reason) => Some(format!("notes were read-only: {reason}")),
        _ => None,
    }
}

/// What a terminal event asks for.
enum Input {
    Key(KeyChord),
    Action(Action),
    /// Nothing that changes the screen (a mouse move, focus changes).
    Nothing,
}

/// The terminal in raw mode on the alternate screen, with the mouse captured if asked.
/// Dropping it puts everything back, including mouse capture, which `ratatui::restore`
/// alone leaves on.
struct Session {
    terminal: DefaultTerminal,
    mouse: bool,
}

impl Session {
    fn start(mouse: bool) -> Result<Session> {
        // ratatui::init also installs a panic hook that restores raw mode and the screen.
        let terminal = ratatui::init();
        let session = Session { terminal, mouse };
        if mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        install_mouse_release_on_panic();
        #[cfg(unix)]
        restore_on_termination_signals(mouse)?;
        Ok(session)
    }

    /// Gives the terminal back to the shell and stops the process; `fg` continues here.
    fn suspend(&mut self) -> Result<()> {
        leave(self.mouse);
        #[cfg(unix)]
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        // Continued by `fg`: take the terminal again and redraw everything.
        crossterm::terminal::enable_raw_mode()?;
        execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
        if self.mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        self.terminal.clear()?;
        Ok(())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        leave(self.mouse);
    }
}

/// Turns mouse reporting off, then leaves raw mode and the alternate screen and shows the cursor.
fn leave(mouse: bool) {
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    let _ = execute!(io::stdout(), crossterm::cursor::Show);
    let _ = io::stdout().flush();
}

/// Restores the terminal and exits when the process is told to stop (SIGTERM, or SIGHUP when
/// the terminal closes), since the event loop only wakes for terminal events.
#[cfg(unix)]
fn restore_on_termination_signals(mouse: bool) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            leave(mouse);
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Makes a panic release the mouse too, before ratatui's hook restores the rest.
fn install_mouse_release_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
}
