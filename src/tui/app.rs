//! The event loop: the one place that talks to the terminal. It turns terminal events into
//! actions, runs the update, carries out effects, and redraws after each event (no ticks).

use std::io::{self, Write};

use anyhow::Result;
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::formats::detect::Format;
use crate::load;

use crate::load::Loaded;
use crate::notes::Notes;
use crate::notes::store::{SaveError, Store, StoreStatus};

use super::action::{Action, Effect};
use super::copy;
use super::keymap::{KeyChord, Keymap};
use super::state::{Found, SearchJob, Start, ViewState};
use super::ui;
use super::update::{Context, handle_key, search_found, update};

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
    /// The map file to read again whenever it changes on disk (live reload), if any.
    pub watch: Option<PathBuf>,
    /// The format to read it in, when not told by its content.
    pub from: Option<Format>,
}

/// The map file changed on disk.
struct MapChanged;

/// How long to wait for an editor to finish writing before reading the map again.
const RELOAD_DEBOUNCE: Duration = Duration::from_millis(150);
/// How often the loop looks for a changed map file between keys.
const FILE_CHECK: Duration = Duration::from_millis(100);
/// How often the loop looks for the worker's search result while one is awaited.
const SEARCH_CHECK: Duration = Duration::from_millis(5);

/// Searches on a thread of their own, so typing a query never waits for one: the loop hands
/// over the latest query's job, a job a newer query made stale stops early, and a stale
/// result that still arrives is dropped by the view.
struct Searcher {
    jobs: mpsc::Sender<SearchJob>,
    found: mpsc::Receiver<Found>,
    /// The generation of the query whose answer is wanted (0: none).
    wanted: Arc<AtomicU64>,
    sent: u64,
}

impl Searcher {
    fn start() -> Searcher {
        let (jobs, inbox) = mpsc::channel::<SearchJob>();
        let (outbox, found) = mpsc::channel();
        let wanted = Arc::new(AtomicU64::new(0));
        let current = Arc::clone(&wanted);
        std::thread::spawn(move || {
            while let Ok(mut job) = inbox.recv() {
                // Only the newest of the jobs waiting is worth doing.
                while let Ok(newer) = inbox.try_recv() {
                    job = newer;
                }
                let generation = job.generation;
                let stale = || current.load(Ordering::Relaxed) != generation;
                if let Some(found) = job.run(&stale)
                    && outbox.send(found).is_err()
                {
                    break;
                }
            }
        });
        Searcher {
            jobs,
            found,
            wanted,
            sent: 0,
        }
    }

    /// Hands the view's waiting query to the worker once, or tells a running job that its
    /// answer is no longer wanted.
    fn follow(&mut self, state: &ViewState) {
        let pending = state.pending_search();
        self.wanted.store(pending.unwrap_or(0), Ordering::Relaxed);
        if let Some(generation) = pending
            && generation != self.sent
            && let Some(job) = state.search_job()
        {
            self.sent = generation;
            let _ = self.jobs.send(job);
        }
    }
}

/// Runs the interface until the user quits. The terminal is restored on every way out.
/// Returns a last word for the shell, such as why the notes were read-only.
pub fn run(mut loaded: Loaded, keymap: &Keymap, options: Options) -> Result<Option<String>> {
    let mut session = Session::start(options.mouse)?;
    let size = session.terminal.size()?;
    let mut state = ViewState::start(&loaded.map, size.width, size.height, &options.start);
    state.search_elsewhere = true;
    let mut searcher = Searcher::start();
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
    // File changes come through a channel; the terminal is polled, so both are heard without
    // a second thread reading the terminal (which would steal the replies to terminal queries).
    let (wake, changes) = mpsc::channel();
    let _watcher = match &options.watch {
        Some(path) => match watch(path, wake) {
            Ok(watcher) => Some(watcher),
            Err(reason) => {
                state.message = Some(format!(
                    "not watching {} for changes: {reason}",
                    path.display()
                ));
                None
            }
        },
        None => None,
    };
    // How long to wait for a key before looking for file changes; nothing is redrawn meanwhile.
    let patience = if _watcher.is_some() {
        FILE_CHECK
    } else {
        Duration::from_secs(3600)
    };
    // Redraw after events that became an action (a key always does); a mouse moving over the
    // screen does not, so it costs nothing.
    let mut redraw = true;
    loop {
        let ctx = Context {
            loaded: &loaded,
            keymap,
            rescue_path: &options.rescue_path,
        };
        if redraw {
            session
                .terminal
                .draw(|frame| ui::draw(frame, &state, ctx))?;
        }
        if changes.try_recv().is_ok() {
            while changes.try_recv().is_ok() {}
            if let Some(path) = &options.watch {
                reload(
                    &mut state,
                    &mut loaded,
                    path,
                    options.from,
                    keymap,
                    &options.rescue_path,
                );
            }
            redraw = true;
            continue;
        }
        // A search the worker finished shows at once.
        if let Ok(found) = searcher.found.try_recv() {
            search_found(&mut state, ctx, found);
            redraw = true;
            continue;
        }
        let wait = if state.pending_search().is_some() {
            SEARCH_CHECK
        } else {
            patience
        };
        if !event::poll(wait)? {
            redraw = false;
            continue;
        }
        let event = event::read()?;
        let action = match event {
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
        searcher.follow(&state);
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

/// Reads the map file again after it changed: on success the new map replaces the old with the
/// view carried over by node id; on failure the old map stays and the status line says why.
fn reload(
    state: &mut ViewState,
    loaded: &mut Loaded,
    path: &Path,
    from: Option<Format>,
    keymap: &Keymap,
    rescue_path: &Path,
) {
    match load::from_path_as(path, from) {
        Ok(fresh) => {
            let had_source = state.source.is_some();
            *state = state.carry_over(&loaded.map, &fresh.map, fresh.stable_ids);
            *loaded = fresh;
            if had_source {
                let ctx = Context {
                    loaded,
                    keymap,
                    rescue_path,
                };
                update(state, ctx, Action::ToggleSource);
            }
            state.message = Some(format!("reloaded {}", path.display()));
        }
        Err(error) => {
            let first = error
                .problems()
                .into_iter()
                .next()
                .unwrap_or_else(|| error.to_string());
            state.message = Some(format!(
                "kept the last good map, the file has a problem: {first}"
            ));
        }
    }
}

/// Watches the map's folder (editors often save by replacing the file) and wakes the loop when
/// the map file itself changes, once an editor has finished writing it.
fn watch(
    path: &Path,
    wake: mpsc::Sender<MapChanged>,
) -> std::result::Result<Debouncer<RecommendedWatcher>, String> {
    let file = path.canonicalize().map_err(|e| e.to_string())?;
    let folder = file
        .parent()
        .map(Path::to_path_buf)
        .ok_or("the map has no folder")?;
    let mut debouncer = new_debouncer(RELOAD_DEBOUNCE, move |events: DebounceEventResult| {
        let ours = events.is_ok_and(|events| events.iter().any(|e| e.path == file));
        if ours {
            let _ = wake.send(MapChanged);
        }
    })
    .map_err(|e| e.to_string())?;
    debouncer
        .watcher()
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|e| e.to_string())?;
    Ok(debouncer)
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
