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
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

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
use super::notes_view;
use super::search::Index;
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
/// How long a search runs before what it found so far is shown, even short of a screenful.
const FIRST_PART: Duration = Duration::from_millis(20);
/// How often a long search shows what it found so far after that.
const NEXT_PART: Duration = Duration::from_millis(60);

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
                // What was found so far is shown once it fills the screen or the search has
                // taken a while, then now and then, so a broad query never leaves the screen
                // waiting for the whole map to be searched.
                let started = Instant::now();
                let mut shown: Option<(Instant, usize)> = None;
                let mut due = |count: usize, screenful: bool| {
                    let now = Instant::now();
                    let due = match shown {
                        None => screenful || now - started >= FIRST_PART,
                        Some((at, before)) => count != before && now - at >= NEXT_PART,
                    };
                    if due {
                        shown = Some((now, count));
                    }
                    due
                };
                let mut early = |part: Found| {
                    let _ = outbox.send(part);
                };
                if let Some(found) = job.run_in_parts(&stale, &mut due, &mut early)
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

/// Makes the folded texts searches look in on a thread of their own, so the first `/` finds
/// them made (or typing waits for them without the screen freezing). Each map gets a number,
/// so the index of a map replaced meanwhile (a reload) is recognised and dropped.
struct Indexer {
    made: mpsc::Receiver<(u64, Arc<Index>)>,
    send: mpsc::Sender<(u64, Arc<Index>)>,
    map: u64,
}

impl Indexer {
    /// Nothing made yet: [`Indexer::index`] starts.
    fn new() -> Indexer {
        let (send, made) = mpsc::channel();
        Indexer { made, send, map: 0 }
    }

    /// Starts making the index of a (new) map.
    fn index(&mut self, loaded: &Arc<Loaded>) {
        self.map += 1;
        let (map, loaded, send) = (self.map, Arc::clone(loaded), self.send.clone());
        std::thread::spawn(move || {
            let index = Index::new(&loaded.map);
            let _ = send.send((map, Arc::new(index)));
        });
    }

    /// Hands a made index of the current map to the view; true when one came.
    fn deliver(&self, state: &mut ViewState) -> bool {
        let mut came = false;
        while let Ok((map, index)) = self.made.try_recv() {
            if map == self.map {
                state.set_search_index(index);
                came = true;
            }
        }
        came
    }
}

/// Runs the interface until the user quits. The terminal is restored on every way out.
/// Returns a last word for the shell, such as why the notes were read-only.
pub fn run(loaded: Loaded, keymap: &Keymap, options: Options) -> Result<Option<String>> {
    let mut session = Session::start(options.mouse)?;
    #[cfg(unix)]
    let stop = listen_for_termination(options.mouse)?;
    #[cfg(unix)]
    listen_for_stop(options.mouse)?;
    let size = session.terminal.size()?;
    // Shared with the thread that makes the search index.
    let mut loaded = Arc::new(loaded);
    let mut state = ViewState::start(&loaded.map, size.width, size.height, &options.start);
    state.search_elsewhere = true;
    state.index_elsewhere = true;
    // Started once the first frame is drawn, so it does not compete with it.
    let mut indexer = Indexer::new();
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
    // The map file as read: a change the watcher reports counts only if this differs (opening
    // or reading the file, as an editor or `argscope print` does, reports one too).
    let mut read_as = options.watch.as_deref().and_then(Stamp::of);
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
        // Continued after a stop from outside: the screen is blank, so all of it is drawn.
        #[cfg(unix)]
        if CONTINUED.swap(false, Ordering::SeqCst) {
            session.terminal.clear()?;
            redraw = true;
        }
        if redraw {
            session
                .terminal
                .draw(|frame| ui::draw(frame, &state, ctx))?;
        }
        if indexer.map == 0 {
            indexer.index(&loaded);
        }
        if changes.try_recv().is_ok() {
            while changes.try_recv().is_ok() {}
            let Some(path) = &options.watch else {
                continue;
            };
            let now = Stamp::of(path);
            if now.is_some() && now == read_as {
                continue;
            }
            read_as = now;
            if reload(
                &mut state,
                &mut loaded,
                path,
                options.from,
                keymap,
                &options.rescue_path,
            ) {
                indexer.index(&loaded);
                searcher.follow(&state);
            }
            redraw = true;
            continue;
        }
        // The search index, made meanwhile: a query waiting for it goes to the worker.
        if indexer.deliver(&mut state) {
            searcher.follow(&state);
            redraw = false;
            continue;
        }
        #[cfg(unix)]
        if let Ok(signal) = stop.signals.try_recv() {
            let last_word = keep_notes_before_exit(&mut state, &mut store, &options.rescue_path);
            // Release the notes' lock and give the terminal back before saying anything.
            drop(store);
            drop(session);
            if let Some(word) = last_word {
                // A hung-up terminal takes standard error with it: no reason to panic here.
                let _ = writeln!(std::io::stderr(), "argscope: {word}");
            }
            std::process::exit(128 + signal);
        }
        #[cfg(unix)]
        let patience = {
            let pending = notes_pending(&state, &store);
            stop.pending.store(pending, Ordering::SeqCst);
            // With notes to save, look for a signal often; otherwise the signal thread exits alone.
            if pending {
                SIGNAL_CHECK.min(patience)
            } else {
                patience
            }
        };
        // A search the worker finished shows at once.
        if let Ok(found) = searcher.found.try_recv() {
            search_found(&mut state, ctx, found);
            redraw = true;
            continue;
        }
        let wait = if state.pending_search().is_some() {
            SEARCH_CHECK.min(patience)
        } else {
            patience
        };
        if !event::poll(wait)? {
            redraw = false;
            continue;
        }
        let event = event::read()?;
        // An index made while the loop waited for this key is there for it.
        indexer.deliver(&mut state);
        if matches!(event, Event::Key(_)) {
            fail_if_asked()?;
        }
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
            Some(Effect::Quit) => {
                let last_word = state_last_word(&store);
                // The notes' lock released and the terminal given back first; then the map, its
                // rows and its search index are left to the operating system, which takes them
                // back at exit at once (freeing a million nodes one by one kept the user waiting
                // seconds after `q`).
                drop(store);
                drop(session);
                std::mem::forget((state, loaded, indexer, searcher));
                return Ok(last_word);
            }
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
/// view carried over by node id (and true is returned); on failure the old map stays and the
/// status line says why.
fn reload(
    state: &mut ViewState,
    loaded: &mut Arc<Loaded>,
    path: &Path,
    from: Option<Format>,
    keymap: &Keymap,
    rescue_path: &Path,
) -> bool {
    match load::from_path_as(path, from) {
        Ok(fresh) => {
            let had_source = state.source.is_some();
            *state = state.carry_over(&loaded.map, &fresh.map, fresh.stable_ids);
            *loaded = Arc::new(fresh);
            if had_source {
                let ctx = Context {
                    loaded,
                    keymap,
                    rescue_path,
                };
                update(state, ctx, Action::ToggleSource);
            }
            state.message = Some(format!("reloaded {}", path.display()));
            true
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
            false
        }
    }
}

/// What tells a map file changed from one only read: its size and when it was last written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

/// Watches the map's folder (editors often save by replacing the file) and wakes the loop when
/// the map file itself changes, once an editor has finished writing it.
fn watch(
    path: &Path,
    wake: mpsc::Sender<MapChanged>,
) -> std::result::Result<Debouncer<RecommendedWatcher>, String> {
    // A symbolic link loop fails here with a reason ("a symbolic link that leads round in a
    // loop"); the folder is watched without recursion, so links inside it are never followed.
    let file = path.canonicalize().map_err(|e| load::io_reason(&e))?;
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
        // Our own panic hook rather than ratatui::init's: that one restores the terminal in the
        // hook and this session's drop would restore it a second time (see TAKEN).
        install_restore_on_panic(mouse);
        take(mouse)?;
        let terminal =
            ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))?;
        Ok(Session { terminal, mouse })
    }

    /// Gives the terminal back to the shell and stops the process; `fg` continues here.
    fn suspend(&mut self) -> Result<()> {
        leave(self.mouse);
        // Stops here and now (SIGSTOP): raising SIGTSTP would go to listen_for_stop instead.
        #[cfg(unix)]
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        // Continued by `fg`: take the terminal again and redraw everything.
        take(self.mouse)?;
        self.terminal.clear()?;
        Ok(())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        leave(self.mouse);
    }
}

/// Whether argscope has the terminal, so that it is given back once only. Leaving the alternate
/// screen a second time is not harmless: terminals (xterm, tmux) then restore the cursor saved
/// on entering it, so whatever was printed after the first restore (a panic's message) is
/// written over by the shell's next line.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen and, if asked, mouse reporting.
fn take(mouse: bool) -> io::Result<()> {
    // Set first: if taking fails half way, leaving puts back what was taken.
    TAKEN.store(true, Ordering::SeqCst);
    crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Turns mouse reporting off, then leaves raw mode and the alternate screen and shows the cursor;
/// nothing when the terminal was already given back.
fn leave(mouse: bool) {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    let _ = execute!(io::stdout(), crossterm::cursor::Show);
    let _ = io::stdout().flush();
}

/// For the end-to-end tests of every way out: with `ARGSCOPE_TEST_FAIL=panic` the first key
/// makes argscope panic, with `ARGSCOPE_TEST_FAIL=error` it stops with an error, so a test can
/// see the terminal restored after a defect. Unset, as for every user, it does nothing.
fn fail_if_asked() -> Result<()> {
    match std::env::var("ARGSCOPE_TEST_FAIL").as_deref() {
        Ok("panic") => panic!("ARGSCOPE_TEST_FAIL=panic"),
        Ok("error") => anyhow::bail!("ARGSCOPE_TEST_FAIL=error"),
        _ => Ok(()),
    }
}

/// Termination signals as the event loop hears them.
#[cfg(unix)]
struct Stop {
    /// A signal received while notes were waiting to be saved.
    signals: mpsc::Receiver<i32>,
    /// Set by the loop while notes are waiting to be saved (a failed save, a changed note in
    /// the editor), so the signal thread leaves the saving and the exit to the loop.
    pending: Arc<AtomicBool>,
}

/// How often the loop looks for a termination signal while notes are waiting to be saved.
#[cfg(unix)]
const SIGNAL_CHECK: Duration = Duration::from_millis(50);
/// How long the signal thread gives the loop to save the notes and exit before it restores the
/// terminal and exits itself (a save hanging on a dead network folder must not keep the
/// terminal broken).
#[cfg(unix)]
const SAVE_GRACE: Duration = Duration::from_secs(10);

/// Hears SIGTERM, SIGHUP (the terminal closed), SIGINT (`kill -INT`; Ctrl-C itself arrives as a
/// key in raw mode) and SIGQUIT, since the event loop only wakes for terminal events. With no
/// notes waiting, the thread restores the terminal and exits at once; with notes waiting, it
/// passes the signal to the loop, which saves them first.
#[cfg(unix)]
fn listen_for_termination(mouse: bool) -> Result<Stop> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let pending = Arc::new(AtomicBool::new(false));
    let (tell, told) = mpsc::channel();
    let waiting = Arc::clone(&pending);
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            if waiting.load(Ordering::SeqCst) && tell.send(signal).is_ok() {
                // The loop exits the process once the notes are safe; this is the fallback.
                std::thread::sleep(SAVE_GRACE);
            }
            leave(mouse);
            std::process::exit(128 + signal);
        }
    });
    Ok(Stop {
        signals: told,
        pending,
    })
}

/// Set when argscope was stopped from outside and has been continued, for the loop to redraw
/// the whole screen.
#[cfg(unix)]
static CONTINUED: AtomicBool = AtomicBool::new(false);

/// Hears SIGTSTP from outside (`kill -TSTP`; Ctrl-Z itself arrives as a key in raw mode and
/// suspends through the loop): gives the terminal back before stopping, as Ctrl-Z does, and
/// takes it again when continued. The resize it then raises wakes the loop to redraw.
#[cfg(unix)]
fn listen_for_stop(mouse: bool) -> Result<()> {
    use signal_hook::consts::{SIGTSTP, SIGWINCH};
    use signal_hook::low_level::{emulate_default_handler, raise};
    let mut signals = signal_hook::iterator::Signals::new([SIGTSTP])?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            leave(mouse);
            if emulate_default_handler(SIGTSTP).is_err() {
                continue;
            }
            // Continued (`fg`).
            if take(mouse).is_ok() {
                CONTINUED.store(true, Ordering::SeqCst);
                let _ = raise(SIGWINCH);
            }
        }
    });
    Ok(())
}

/// Whether quitting now would lose notes: a change not yet saved (a save failed), or a note
/// being written in the editor.
fn notes_pending(state: &ViewState, store: &Option<Store>) -> bool {
    let unsaved = store
        .as_ref()
        .is_some_and(|store| !store.is_saved(&state.notes));
    let editing = state.editor.as_ref().is_some_and(|editor| editor.changed());
    unsaved || editing
}

/// Saves what would otherwise be lost on a termination signal: the note in the editor is kept
/// as if `Ctrl-s` had been pressed, then the notes are saved to their file or, when that fails,
/// to the rescue file. Returns what to tell the shell.
fn keep_notes_before_exit(
    state: &mut ViewState,
    store: &mut Option<Store>,
    rescue_path: &Path,
) -> Option<String> {
    if state.editor.as_ref().is_some_and(|editor| editor.changed()) {
        notes_view::update_editor(state, Action::SaveNote);
    }
    let store = store.as_mut()?;
    if store.is_saved(&state.notes) {
        return None;
    }
    let error = match store.save(&state.notes) {
        Ok(()) => return Some("stopped by a signal; the notes were saved first".to_string()),
        Err(error) => error,
    };
    match store.save_as(&state.notes, rescue_path) {
        Ok(()) => Some(format!(
            "stopped by a signal; the notes could not be saved ({error}), so they were written to {}",
            rescue_path.display()
        )),
        Err(again) => Some(format!(
            "stopped by a signal; the notes could not be saved ({error}), nor written to {} ({again})",
            rescue_path.display()
        )),
    }
}

/// Gives the terminal back before a panic's message is printed (by the hook installed before
/// this one), so the message shows on the shell's screen in cooked mode.
fn install_restore_on_panic(mouse: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave(mouse);
        previous(info);
    }));
}
