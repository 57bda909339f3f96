//! The event loop: the one place that talks to the terminal. It turns terminal events into
//! actions, runs the update, carries out effects, and redraws after each event (no ticks).

use std::io::{self, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::{Duration, Instant};

use anyhow::Result;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, MouseEventKind};
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::formats::detect::Format;
use crate::load;
use crate::load::{LoadError, Loaded};
use crate::notes::Notes;
use crate::notes::store::{Followed, SaveError, Store, StoreStatus};

use super::action::{Action, Effect};
use super::copy;
use super::keymap::{KeyChord, Keymap};
use super::notes_view;
use super::search::Index;
use super::state::{Found, SearchJob, Start, ViewState};
use super::ui;
use super::update::{Context, handle_key, handle_paste, mode, search_found, update};

#[cfg(unix)]
mod signals;
mod terminal;

pub use terminal::PAUSED;
use terminal::Session;

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
/// How often a window whose notes another argscope has looks at their lock and file (a lock
/// let go by a process that died makes no file event), while it waits for a key.
const NOTES_CHECK: Duration = Duration::from_secs(1);
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

/// Reads a changed map file on a thread of its own, so the keys keep working on the map shown
/// while a large one is read (a million nodes take a second or more). Each reading gets a
/// number, and only the latest counts: a file saved again meanwhile is read again.
struct Reloader {
    done: mpsc::Receiver<(u64, Result<Loaded, LoadError>)>,
    send: mpsc::Sender<(u64, Result<Loaded, LoadError>)>,
    /// The number of the latest reading started (0: none).
    started: u64,
    /// Whether the latest reading has not come back yet.
    pending: bool,
}

impl Reloader {
    fn new() -> Reloader {
        let (send, done) = mpsc::channel();
        Reloader {
            done,
            send,
            started: 0,
            pending: false,
        }
    }

    /// Starts reading the map file again; a reading still under way will be dropped.
    fn start(&mut self, path: &Path, from: Option<Format>) {
        self.started += 1;
        self.pending = true;
        let (number, path, send) = (self.started, path.to_path_buf(), self.send.clone());
        std::thread::spawn(move || {
            let _ = send.send((number, load::from_path_as(&path, from)));
        });
    }

    /// The latest reading, once it is done; older ones that come back are dropped.
    fn finished(&mut self) -> Option<Result<Loaded, LoadError>> {
        let mut latest = None;
        while let Ok((number, read)) = self.done.try_recv() {
            if number == self.started {
                self.pending = false;
                latest = Some(read);
            }
        }
        latest
    }
}

/// Follows the notes file while another argscope has the notes (see [`Store::follow`]): a
/// watcher on their folder wakes the loop when the file changes (the other saved), and a look
/// is due every [`NOTES_CHECK`] for the lock. Nothing is watched, and no look is due, while
/// this window has the notes: the loop costs nothing more then.
struct Follower {
    watcher: Option<Debouncer<RecommendedWatcher>>,
    wake: mpsc::Sender<()>,
    changed: mpsc::Receiver<()>,
    /// When the next look is due.
    next: Instant,
}

impl Follower {
    fn new() -> Follower {
        let (wake, changed) = mpsc::channel();
        Follower {
            watcher: None,
            wake,
            changed,
            next: Instant::now(),
        }
    }

    /// Whether to look at the notes now: `store` follows another argscope's notes, and their
    /// file changed or a look is due. The watcher is started here (tried again at each look
    /// while it cannot be), and stopped once there is nothing to follow.
    fn due(&mut self, store: Option<&Store>) -> bool {
        let Some(store) = store.filter(|store| store.follows()) else {
            self.watcher = None;
            return false;
        };
        let mut changed = false;
        while self.changed.try_recv().is_ok() {
            changed = true;
        }
        let now = Instant::now();
        if !changed && now < self.next {
            return false;
        }
        self.next = now + NOTES_CHECK;
        if self.watcher.is_none() {
            self.watcher = watch_notes(store.path(), self.wake.clone()).ok();
        }
        true
    }

    /// How long the loop may wait for a key before the next look (`None`: no look is due).
    fn wait(&self, store: Option<&Store>) -> Option<Duration> {
        store
            .filter(|store| store.follows())
            .map(|_| self.next.saturating_duration_since(Instant::now()))
    }
}

/// Shows what a look at notes another argscope has ([`Store::follow`]) found: the status line
/// says what happened, in one sentence, and the read-only state follows the store's. Once this
/// window has taken the notes over, a note left unfinished by the other (in the drafts file)
/// is offered back, as when argscope opens. Returns whether anything changed on screen.
fn show_followed(
    state: &mut ViewState,
    store: &Store,
    found: Followed,
    ctx: Context,
    offered: &mut Option<String>,
) -> bool {
    let changes = |own: usize| {
        if own == 1 {
            "1 change".to_string()
        } else {
            format!("{own} changes")
        }
    };
    state.notes_held_elsewhere = store.follows();
    let message = match found {
        Followed::Nothing => return false,
        Followed::Reloaded { own } => {
            if store.is_saved(&state.notes) {
                state.notes_error = None;
            }
            if own == 0 {
                "the other window saved: its notes are shown here".to_string()
            } else {
                format!(
                    "the other window saved: its notes are shown here, with this window's {} on top, not saved",
                    changes(own)
                )
            }
        }
        Followed::OtherHolder => {
            let reason = store.status().message().unwrap_or_default().to_string();
            if state.notes_error.is_some() {
                state.notes_error = Some(SaveError::ReadOnly(reason.clone()).to_string());
            }
            state.notes_read_only = Some(reason.clone());
            format!("notes are read-only here: {reason}")
        }
        Followed::Unreadable(reason) => {
            format!("the other window's notes were not read again: {reason}")
        }
        Followed::TookOver {
            own,
            saved,
            both_changed,
        } => {
            state.notes_read_only = None;
            if let Some(editor) = state.editor.as_mut() {
                editor.read_only = false;
            }
            let mut said = match saved {
                Ok(()) => {
                    state.notes_error = None;
                    // Nothing is left unsaved: a question asked on quitting stays, for the
                    // next key to answer, but now says so (a quit that asked for this save
                    // still quits: `quit_after_save` stays).
                    if let Some(prompt) = state.unsaved.as_mut() {
                        prompt.saved = true;
                        prompt.read_only = false;
                        prompt.held = false;
                    }
                    if !both_changed.is_empty() {
                        // The points to check come before why, which a box over the screen
                        // (the question asked on quitting) may cut.
                        let (notes, them) = if both_changed.len() == 1 {
                            ("note", "it")
                        } else {
                            ("notes", "them")
                        };
                        format!(
                            "the other window closed, notes saved here; check the {notes} on {}: both windows changed {them}, the other's text is kept under yours",
                            named(&both_changed)
                        )
                    } else if own == 0 {
                        "the other window closed: notes are saved here now".to_string()
                    } else {
                        format!(
                            "the other window closed: notes are saved here now, this window's {} added to its notes",
                            changes(own)
                        )
                    }
                }
                Err(error) => {
                    let message = error.to_string();
                    state.notes_error = Some(message.clone());
                    if let Some(prompt) = state.unsaved.as_mut() {
                        prompt.read_only = false;
                        prompt.held = false;
                    }
                    format!("the other window closed, but saving the notes here failed: {message}")
                }
            };
            if offered.is_none() && state.editor.is_none() && !store.drafts().is_empty() {
                let before = state.message.take();
                *offered =
                    notes_view::offer_draft(state, ctx, store.drafts(), &store.drafts_path());
                if let Some(draft) = state.message.take() {
                    said = format!("{said}; {draft}");
                }
                state.message = before;
            }
            said
        }
        Followed::Refused(reason) => {
            state.notes_read_only = Some(reason.clone());
            if state.notes_error.is_some() {
                state.notes_error = Some(SaveError::ReadOnly(reason.clone()).to_string());
            }
            if let Some(prompt) = state.unsaved.as_mut() {
                prompt.read_only = true;
                prompt.held = false;
            }
            format!("the other window closed, but its notes cannot be taken over: {reason}")
        }
    };
    // A note open in the editor that the other window changed: the editor says so.
    notes_view::note_changed_elsewhere(state);
    state.message = Some(message);
    true
}

/// Points named by their labels in a message, each shortened, the first two of them: two rows
/// of 60 columns (all a message has under a box) still show them.
fn named(labels: &[String]) -> String {
    const SHOWN: usize = 2;
    let names: Vec<String> = labels
        .iter()
        .take(SHOWN)
        .map(|label| format!("“{}”", crate::text::truncate(label, 20)))
        .collect();
    match labels.len().checked_sub(SHOWN) {
        Some(more) if more > 0 => format!("{} and {more} more", names.join(", ")),
        _ => names.join(", "),
    }
}

/// What ending the session on any way out needs, shared by the loop and the thread that hears
/// termination signals: the view (with the note being written) and the notes' store. The loop
/// holds it while it works and lets go of it only while it waits for the terminal, so a signal
/// never lands half way through a key or a frame, and still gets in when the loop is stuck
/// reading a terminal that has gone.
struct Work {
    state: ViewState,
    store: Option<Store>,
}

impl Work {
    /// Ends the session on a way out other than `q` (a signal, an error, a panic): keeps the
    /// notes (see [`Work::keep_notes_before_exit`]), then releases their lock, which nothing else
    /// would on such a way out. Returns what became of the notes when there was something to save.
    fn end(&mut self, rescue_path: &Path) -> Option<String> {
        let kept = self.keep_notes_before_exit(rescue_path);
        self.store = None;
        kept
    }

    /// Keeps what would otherwise be lost. The notes not yet saved are saved to their file.
    /// A note still being written is unfinished, so it never replaces the saved note: it is
    /// kept apart, in the drafts file beside the notes, which the next argscope on them offers
    /// back in the editor. When the notes cannot be written there (read-only here, a failing
    /// disk), they go, the unfinished note with them, to the rescue file, a new file of their
    /// own. Returns what became of them when there was something to keep.
    fn keep_notes_before_exit(&mut self, rescue_path: &Path) -> Option<String> {
        let state = &mut self.state;
        let draft = state
            .editor
            .as_ref()
            .filter(|editor| editor.changed())
            .map(|editor| (editor.key.clone(), editor.label.clone(), editor.text()));
        let store = self.store.as_mut()?;
        let mut said = Vec::new();
        // Notes another argscope has: should it have closed (both windows closed at once),
        // this one takes them over, and saves them with the other's, where they belong.
        if store.follows()
            && !store.is_saved(&state.notes)
            && let Followed::TookOver { saved: Ok(()), .. } = store.follow(&mut state.notes)
        {
            said.push("the other window had closed, so this one saved the notes".to_string());
        }
        let failed = if store.is_saved(&state.notes) {
            None
        } else {
            match store.save(&state.notes) {
                Ok(()) => {
                    said.push("the notes were saved first".to_string());
                    None
                }
                Err(error) => Some(error.to_string()),
            }
        };
        let failed = match (failed, &draft) {
            (Some(error), _) => Some(error),
            (None, None) => None,
            (None, Some((key, label, text))) => match store.keep_draft(key, label, text) {
                Ok(file) => {
                    said.push(format!(
                        "the note being written on “{label}” was unfinished, so it was kept in {} and is offered back when the map opens again (the saved note is as it was)",
                        file.display()
                    ));
                    None
                }
                Err(error) => Some(format!(
                    "the unfinished note on “{label}” could not be kept beside them: {error}"
                )),
            },
        };
        let Some(error) = failed else {
            return (!said.is_empty()).then(|| said.join("; "));
        };
        // A file of their own, never a saved note, takes the unfinished note as the note.
        let mut notes = state.notes.clone();
        let with = match &draft {
            Some((key, label, text)) => {
                let text = text.clone();
                notes.change(key, label, |entry| entry.note = text);
                format!(", the unfinished note on “{label}” among them,")
            }
            None => String::new(),
        };
        let rescue = rescue_path.display();
        said.push(match store.save_as(&notes, rescue_path) {
            Ok(()) => format!(
                "the notes could not be kept ({error}), so they{with} were written to {rescue}; {}",
                reopen_with(rescue_path)
            ),
            Err(again) => {
                format!("the notes could not be kept ({error}), nor written to {rescue} ({again})")
            }
        });
        Some(said.join("; "))
    }
}

/// The work, whoever held it last: a loop that panicked holding it leaves it poisoned, and the
/// notes in it are still worth saving.
fn hold(work: &Mutex<Work>) -> MutexGuard<'_, Work> {
    work.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The work for the event loop's next turn; never once a termination signal came. The loop
/// then stops here for good, holding nothing, and the thread that heard the signal takes the
/// work, saves the notes, gives the terminal back and ends argscope: a burst of events waiting
/// to be handled must not keep it waiting.
fn hold_for_a_turn(work: &Mutex<Work>) -> MutexGuard<'_, Work> {
    #[cfg(unix)]
    while signals::ENDING.load(Ordering::SeqCst) {
        std::thread::park();
    }
    hold(work)
}

/// Runs the interface until the user quits. The terminal is restored on every way out, and
/// notes that would be lost on the way out (a note being written, a failed save) are kept.
/// Returns a last word for the shell, such as why the notes were read-only.
pub fn run(loaded: Loaded, keymap: &Keymap, options: Options) -> Result<Option<String>> {
    let Options {
        mouse,
        start,
        notes,
        rescue_path,
        watch,
        from,
    } = options;
    let (width, height) = crossterm::terminal::size()?;
    let mut state = ViewState::start(&loaded.map, width, height, &start);
    state.search_elsewhere = true;
    state.index_elsewhere = true;
    let store = match notes {
        Ok((store, notes)) => {
            state.notes = notes;
            state.notes_read_only = store.status().message().map(str::to_string);
            state.notes_held_elsewhere = store.follows();
            Some(store)
        }
        Err(reason) => {
            state.notes_read_only = Some(reason);
            None
        }
    };
    // Why at once: notes that did not load look, until then, like notes that were lost.
    if let Some(reason) = &state.notes_read_only {
        // What becomes of them, where another argscope has them (see `show_followed`), comes
        // before the reason, which names a file and may be cut on a narrow screen.
        state.message = Some(if state.notes_held_elsewhere {
            format!(
                "notes are read-only here while another window has them: its saves show here, and this one saves yours once it closes ({reason})"
            )
        } else {
            format!("notes are read-only here: {reason}")
        });
    } else {
        let orphans = notes_view::orphan_count(&state, &loaded.map);
        if orphans > 0 {
            state.message = Some(notes_view::orphans_notice(orphans, keymap, mode(&state)));
        }
    }
    // A note left unfinished when argscope was last stopped: back in the editor, first.
    let mut offered = None;
    if let Some(store) = &store {
        let ctx = Context {
            loaded: &loaded,
            keymap,
            rescue_path: &rescue_path,
        };
        let before = state.message.take();
        if !store.drafts().is_empty() {
            offered =
                notes_view::offer_draft(&mut state, ctx, store.drafts(), &store.drafts_path());
        } else if let Some(problem) = store.drafts_problem() {
            state.message = Some(format!(
                "unfinished notes kept when argscope was stopped cannot be read: {problem}"
            ));
        }
        state.message = match (state.message.take(), before) {
            (Some(draft), Some(before)) => Some(format!("{draft}; {before}")),
            (draft, before) => draft.or(before),
        };
    }
    let work = Arc::new(Mutex::new(Work { state, store }));
    #[cfg(unix)]
    {
        signals::listen_for_termination(Arc::clone(&work), rescue_path.clone(), mouse)?;
        signals::listen_for_stop(mouse)?;
        signals::watch_for_hang_up();
    }
    // Taken once every way out is ready to give it back.
    let mut session = Session::start(mouse)?;
    let watched = watch.map(|path| (path, from));
    // A panic is caught here only to keep the notes; it then goes on as it was.
    let looped = std::panic::catch_unwind(AssertUnwindSafe(|| {
        event_loop(
            &mut session,
            &work,
            Arc::new(loaded),
            keymap,
            &rescue_path,
            watched,
            offered,
        )
    }));
    let mut held = hold(&work);
    let ended = match looped {
        Ok(Ok(last_word)) => Ok(last_word),
        Ok(Err(error)) => {
            // The terminal given back first: a save that hangs must not leave it broken.
            drop(session);
            match held.end(&rescue_path) {
                Some(kept) => Err(anyhow::anyhow!("{error:#}; {kept}")),
                None => Err(error),
            }
        }
        Err(panic) => {
            // The panic hook has given the terminal back and said what went wrong.
            drop(session);
            if let Some(kept) = held.end(&rescue_path) {
                let _ = writeln!(io::stderr(), "argscope: {kept}");
            }
            drop(held);
            std::panic::resume_unwind(panic);
        }
    };
    // The notes' lock released; the map, its rows and its search index are left to the
    // operating system, which takes them back at exit at once (freeing a million nodes one by
    // one kept the user waiting seconds after `q`).
    held.store = None;
    drop(held);
    std::mem::forget(work);
    ended
}

/// The loop proper: draws, waits for a key (or a changed map file, or a search result), and
/// carries out what the key asks for, until the user quits. `watched` is the map file to read
/// again when it changes, with the format to read it in.
fn event_loop(
    session: &mut Session,
    work: &Mutex<Work>,
    mut loaded: Arc<Loaded>,
    keymap: &Keymap,
    rescue_path: &Path,
    watched: Option<(PathBuf, Option<Format>)>,
    mut offered: Option<String>,
) -> Result<Option<String>> {
    // Started once the first frame is drawn, so it does not compete with it.
    let mut indexer = Indexer::new();
    let mut searcher = Searcher::start();
    let mut reloader = Reloader::new();
    let mut follower = Follower::new();
    // File changes come through a channel; the terminal is polled, so both are heard without
    // a second thread reading the terminal (which would steal the replies to terminal queries).
    let (wake, changes) = mpsc::channel();
    // The map file as read: a change the watcher reports counts only if this differs (opening
    // or reading the file, as an editor or `argscope print` does, reports one too).
    let mut read_as = watched.as_ref().and_then(|(path, _)| Stamp::of(path));
    let watcher = match &watched {
        Some((path, _)) => match watch(path, wake) {
            Ok(watcher) => Some(watcher),
            Err(reason) => {
                hold(work).state.message = Some(format!(
                    "not watching {} for changes: {reason}",
                    path.display()
                ));
                None
            }
        },
        None => None,
    };
    // How long to wait for a key before looking for file changes; nothing is redrawn meanwhile.
    let patience = if watcher.is_some() {
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
            rescue_path,
        };
        let mut held = hold_for_a_turn(work);
        let Work { state, store } = &mut *held;
        // Continued after a stop from outside: the screen is blank, so all of it is drawn.
        #[cfg(unix)]
        if signals::CONTINUED.swap(false, Ordering::SeqCst) {
            session.terminal.clear()?;
            redraw = true;
        }
        if redraw {
            session.terminal.draw(|frame| ui::draw(frame, state, ctx))?;
        }
        if indexer.map == 0 {
            indexer.index(&loaded);
        }
        if changes.try_recv().is_ok() {
            while changes.try_recv().is_ok() {}
            let Some((path, from)) = &watched else {
                continue;
            };
            let now = Stamp::of(path);
            if now.is_some() && now == read_as {
                continue;
            }
            read_as = now;
            reloader.start(path, *from);
            // Seen only while a large map is read; the keys work on the map shown meanwhile.
            state.message = Some(format!("{} changed: reading it again…", path.display()));
            redraw = true;
            continue;
        }
        // The map file, read again meanwhile, replaces the map (or says why it cannot).
        if let Some(read) = reloader.finished() {
            let path = watched.as_ref().map_or(Path::new(""), |(path, _)| path);
            if reloaded(state, &mut loaded, read, path, keymap, rescue_path) {
                indexer.index(&loaded);
                searcher.follow(state);
            }
            redraw = true;
            continue;
        }
        // Notes another argscope has: its saves show here, and once it has closed this window
        // takes them over.
        if follower.due(store.as_ref())
            && let Some(following) = store.as_mut()
        {
            let found = following.follow(&mut state.notes);
            if show_followed(state, following, found, ctx, &mut offered) {
                redraw = true;
                continue;
            }
        }
        // The search index, made meanwhile: a query waiting for it goes to the worker.
        if indexer.deliver(state) {
            searcher.follow(state);
            redraw = false;
            continue;
        }
        // A search the worker finished shows at once.
        if let Ok(found) = searcher.found.try_recv() {
            search_found(state, ctx, found);
            redraw = true;
            continue;
        }
        let wait = if state.pending_search().is_some() || reloader.pending {
            SEARCH_CHECK.min(patience)
        } else {
            patience
        };
        let wait = follower
            .wait(store.as_ref())
            .map_or(wait, |look| wait.min(look));
        // Let go of the work while waiting: a termination signal takes it then.
        drop(held);
        let event = if event::poll(wait)? {
            Some(event::read()?)
        } else {
            None
        };
        let mut held = hold_for_a_turn(work);
        let Work { state, store } = &mut *held;
        let Some(event) = event else {
            redraw = false;
            continue;
        };
        // An index made while the loop waited for this key is there for it.
        indexer.deliver(state);
        fail_if_asked(&event)?;
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
            Event::Paste(text) => Input::Paste(text),
            _ => Input::Nothing,
        };
        redraw = !matches!(action, Input::Nothing);
        let effect = match action {
            Input::Key(key) => handle_key(state, ctx, key),
            Input::Action(action) => update(state, ctx, action),
            Input::Paste(text) => {
                handle_paste(state, ctx, &text);
                None
            }
            Input::Nothing => None,
        };
        searcher.follow(state);
        settle_offered_draft(&mut offered, state, store);
        match effect {
            Some(Effect::Quit) => {
                let last_word = state_last_word(store);
                // See `run`: what the map took is left to the operating system.
                std::mem::forget((loaded, indexer, searcher));
                return Ok(last_word);
            }
            Some(Effect::Suspend) => {
                // Let go of the work while stopped: a signal meanwhile (the window closed, or
                // `kill %1`) takes it to save the notes.
                drop(held);
                session.suspend()?;
                // The terminal may have changed size while we were stopped.
                let size = session.terminal.size()?;
                update(
                    &mut hold(work).state,
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
                    let mut result = saving.save(&state.notes);
                    // Another argscope has (or had) the notes: should it have closed since the
                    // last look, this window takes them over now, with this change.
                    if matches!(result, Err(SaveError::ReadOnly(_))) && saving.follows() {
                        let found = saving.follow(&mut state.notes);
                        show_followed(state, saving, found, ctx, &mut offered);
                        result = saving.save(&state.notes);
                    }
                    let quit = save(state, result, saving.follows());
                    settle_offered_draft(&mut offered, state, store);
                    if quit {
                        return Ok(state_last_word(store));
                    }
                }
            }
            Some(Effect::SaveNotesTo(path)) => {
                if let Some(saving) = store.as_mut() {
                    let result = saving.save_as(&state.notes, &path);
                    if save(state, result, saving.follows()) {
                        return Ok(Some(format!(
                            "your notes were written to {}; {}",
                            path.display(),
                            reopen_with(&path)
                        )));
                    }
                }
            }
            None => {}
        }
    }
}

/// The map file `path`, `read` again after it changed: on success the new map replaces the old
/// with the view carried over by node id (and true is returned); on failure the old map stays
/// and the status line says why.
fn reloaded(
    state: &mut ViewState,
    loaded: &mut Arc<Loaded>,
    read: Result<Loaded, LoadError>,
    path: &Path,
    keymap: &Keymap,
    rescue_path: &Path,
) -> bool {
    match read {
        Ok(fresh) => {
            let had_source = state.source.is_some();
            let orphans_before = notes_view::orphan_count(state, &loaded.map);
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
            // A node taken out of the file with notes on it: say where those notes went, first,
            // where a narrow screen cannot cut it off.
            let orphans = notes_view::orphan_count(state, &loaded.map);
            state.message = Some(if orphans > orphans_before {
                format!(
                    "{}; reloaded {}",
                    notes_view::orphans_notice(orphans, keymap, mode(state)),
                    path.display()
                )
            } else {
                format!("reloaded {}", path.display())
            });
            true
        }
        Err(error) => {
            state.not_reloaded = error.problems();
            let first = state.not_reloaded.first().cloned().unwrap_or_default();
            // Where to read it all comes before the problem, which a narrow screen may cut.
            let list = keymap.key_here_or_in_tree(mode(state), Action::ShowProblems);
            let what = match (state.not_reloaded.len(), list) {
                (1, Some(key)) => format!("a problem ({key} lists it)"),
                (1, None) => "a problem".to_string(),
                (n, Some(key)) => format!("{n} problems ({key} lists them)"),
                (n, None) => format!("{n} problems"),
            };
            state.message = Some(format!(
                "kept the last good map, the file has {what}: {first}"
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

/// Watches the notes' folder (a save renames a new file over the notes file) and wakes the loop
/// when the notes file changes: another argscope saved them. Its lock file is left to the
/// regular look, which opens it: watching it would wake the loop with every look.
fn watch_notes(
    path: &Path,
    wake: mpsc::Sender<()>,
) -> std::result::Result<Debouncer<RecommendedWatcher>, String> {
    let folder = crate::atomic::folder(path)
        .canonicalize()
        .map_err(|e| load::io_reason(&e))?;
    let file = folder.join(path.file_name().ok_or("the notes file has no name")?);
    let mut debouncer = new_debouncer(RELOAD_DEBOUNCE, move |events: DebounceEventResult| {
        if events.is_ok_and(|events| events.iter().any(|e| e.path == file)) {
            let _ = wake.send(());
        }
    })
    .map_err(|e| e.to_string())?;
    debouncer
        .watcher()
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|e| e.to_string())?;
    Ok(debouncer)
}

/// Takes the draft offered back as argscope opened (`offered`, its key) out of the drafts file
/// once it is settled: its editor closed (saved or let go) and the notes saved. Until then it
/// stays there, should argscope be stopped without a word (a power cut).
fn settle_offered_draft(
    offered: &mut Option<String>,
    state: &ViewState,
    store: &mut Option<Store>,
) {
    let Some(key) = offered.as_deref() else {
        return;
    };
    let open = state
        .editor
        .as_ref()
        .is_some_and(|editor| editor.key == key);
    let Some(store) = store.as_mut() else {
        return;
    };
    if !open && store.is_saved(&state.notes) {
        // Should it fail, the draft is offered again next time: nothing is lost.
        let _ = store.settle_draft(key);
        *offered = None;
    }
}

/// Records how a save went; true when the program should now quit (the user asked to, once the
/// notes were safe). `follows`: the store follows notes another argscope has (see
/// [`Store::follows`]).
fn save(state: &mut ViewState, result: Result<(), SaveError>, follows: bool) -> bool {
    match result {
        Ok(()) => {
            state.notes_error = None;
            state.unsaved = None;
            state.quit_after_save
        }
        Err(error) => {
            let message = error.to_string();
            // Read-only here: the change shows, and is kept in this window only.
            state.message = Some(match error {
                SaveError::ReadOnly(reason) => {
                    // Read-only from now on: the editor says so, and quitting offers a retry
                    // only where one can work (once the other argscope has closed). What
                    // becomes of the change comes first, the reason (naming a file) last.
                    let said = if follows {
                        format!(
                            "kept in this window, not saved yet: this one saves it once the other window closes ({reason})"
                        )
                    } else {
                        format!("kept in this window, not saved: {message}")
                    };
                    state.notes_read_only = Some(reason);
                    state.notes_held_elsewhere = follows;
                    said
                }
                _ => message.clone(),
            });
            state.notes_error = Some(message);
            state.quit_after_save = false;
            false
        }
    }
}

/// How to take up notes written to a file of their own, for the message that names it.
fn reopen_with(notes: &Path) -> String {
    format!(
        "open the map with `--notes {}` to take them up",
        notes.display()
    )
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
    /// Text pasted into the terminal, whole.
    Paste(String),
    /// Nothing that changes the screen (a mouse move, focus changes).
    Nothing,
}

/// For the end-to-end tests of every way out: with `ARGSCOPE_TEST_FAIL=panic` the F12 key (bound
/// to nothing) makes argscope panic, with `ARGSCOPE_TEST_FAIL=error` it stops with an error, so
/// a test can see the terminal restored and the notes kept after a defect, in any mode. Unset,
/// as for every user, it does nothing.
fn fail_if_asked(event: &Event) -> Result<()> {
    if !matches!(event, Event::Key(key) if key.code == KeyCode::F(12)) {
        return Ok(());
    }
    match std::env::var("ARGSCOPE_TEST_FAIL").as_deref() {
        Ok("panic") => panic!("ARGSCOPE_TEST_FAIL=panic"),
        Ok("error") => anyhow::bail!("ARGSCOPE_TEST_FAIL=error"),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::store;

    /// Writes a map of a thesis labelled `label` with `children` (argscope JSON) to `path`.
    fn write_map(path: &Path, label: &str, children: &str) {
        let json = format!(
            r#"{{"argscope": 1, "root": {{"id": "t", "kind": "thesis", "label": "{label}", "children": [{children}]}}}}"#
        );
        std::fs::write(path, json).unwrap();
    }

    /// The map of the reviewers' report: a thesis "T" (id `t`) alone.
    fn thesis_map(dir: &Path) -> (PathBuf, Loaded) {
        let path = dir.join("map.json");
        write_map(&path, "T", "");
        let loaded = load::from_path(&path).unwrap();
        (path, loaded)
    }

    /// Types `keys` into the state as the loop would.
    fn type_keys(state: &mut ViewState, loaded: &Loaded, keys: &str) -> Option<Effect> {
        let keymap = Keymap::default();
        let ctx = Context {
            loaded,
            keymap: &keymap,
            rescue_path: Path::new("unused.json"),
        };
        super::super::keys::parse_keys(keys)
            .into_iter()
            .fold(None, |_, key| handle_key(state, ctx, key))
    }

    /// A note saved, then changed (here emptied) in the editor, when a signal or a closed
    /// window ends argscope: the saved note stays as it was, in the notes file and its .bak;
    /// the draft is kept apart, and the next argscope on these notes offers it back in the
    /// editor, saying what it is; once let go, the drafts file goes.
    #[test]
    fn an_unfinished_note_never_replaces_the_saved_one_and_is_offered_back() {
        let dir = tempfile::TempDir::new().unwrap();
        let (map_path, loaded) = thesis_map(dir.path());
        let notes_path = map_path.with_extension("notes.json");
        let rescue = dir.path().join("rescue.json");
        let (mut store, notes) = Store::open(notes_path.clone(), "T", true);
        let mut state = ViewState::start(&loaded.map, 80, 24, &Start::default());
        state.notes = notes;
        type_keys(&mut state, &loaded, "a C a r e f u l C-s");
        store.save(&state.notes).unwrap();
        let saved = std::fs::read(&notes_path).unwrap();
        type_keys(
            &mut state,
            &loaded,
            "a BSpace BSpace BSpace BSpace BSpace BSpace BSpace",
        );
        assert_eq!(state.editor.as_ref().unwrap().text(), "");
        let mut work = Work {
            state,
            store: Some(store),
        };
        let said = work.end(&rescue).unwrap();
        assert!(
            said.starts_with("the note being written on “T” was unfinished, so it was kept in "),
            "{said}"
        );
        assert!(said.contains("map.notes.json.draft"), "{said}");
        assert_eq!(
            std::fs::read(&notes_path).unwrap(),
            saved,
            "the saved note stays"
        );
        assert!(
            !store::backup_path(&notes_path).exists(),
            "no save over it either"
        );
        assert!(!rescue.exists());

        // The next argscope offers it back.
        let (store, notes) = Store::open(notes_path.clone(), "T", true);
        let mut state = ViewState::start(&loaded.map, 80, 24, &Start::default());
        state.notes = notes;
        let keymap = Keymap::default();
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path: &rescue,
        };
        let offered =
            notes_view::offer_draft(&mut state, ctx, store.drafts(), &store.drafts_path());
        assert_eq!(offered.as_deref(), Some("t"));
        let editor = state
            .editor
            .as_ref()
            .expect("the editor is open on the draft");
        assert_eq!(editor.text(), "");
        assert!(editor.changed());
        assert_eq!(
            state.message.as_deref(),
            Some(
                "the note you were writing on “T” when argscope was stopped is back, unfinished (Ctrl-s deletes the saved note, Esc keeps it)"
            )
        );
        // Let go: the saved note stays, and the draft is not offered again.
        let mut store = Some(store);
        let mut offered = offered;
        type_keys(&mut state, &loaded, "Escape y");
        settle_offered_draft(&mut offered, &state, &mut store);
        assert_eq!(offered, None);
        assert!(!store::drafts_path(&notes_path).exists());
        assert_eq!(state.notes.get("t").unwrap().note, "Careful");
    }

    /// With the notes read-only here (another argscope has them), the note being written when
    /// argscope is stopped goes, with the notes, to a rescue file of their own, and the other
    /// argscope's notes file is not touched.
    #[test]
    fn an_unfinished_note_in_a_read_only_window_goes_to_the_rescue_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let (map_path, loaded) = thesis_map(dir.path());
        let notes_path = map_path.with_extension("notes.json");
        let rescue = dir.path().join("rescue.json");
        let (_first, _) = Store::open(notes_path.clone(), "T", true);
        let (store, notes) = Store::open(notes_path.clone(), "T", true);
        let mut state = ViewState::start(&loaded.map, 80, 24, &Start::default());
        state.notes = notes;
        state.notes_read_only = store.status().message().map(str::to_string);
        type_keys(&mut state, &loaded, "a H a l f");
        let mut work = Work {
            state,
            store: Some(store),
        };
        let said = work.end(&rescue).unwrap();
        assert!(
            said.contains("so they, the unfinished note on “T” among them, were written to"),
            "{said}"
        );
        let rescued = store::read(&rescue).unwrap().unwrap();
        assert_eq!(rescued.entries["t"].note, "Half");
        assert!(!notes_path.exists());
        assert!(!store::drafts_path(&notes_path).exists());
    }

    /// The teacher's two windows: the second, read-only, shows each save of the first with its
    /// own change on top, and says so; quitting it tries the save again first and asks; once
    /// the first has closed it takes the notes over, saves them with its change added (never
    /// over the first's marks), keeps the question open saying they are saved (the next key
    /// answers it), and is writable again, naming no pid.
    #[test]
    fn a_read_only_window_shows_the_others_saves_then_takes_the_notes_over() {
        let dir = tempfile::TempDir::new().unwrap();
        let map_path = dir.path().join("map.json");
        write_map(
            &map_path,
            "T",
            r#"{"id": "a", "kind": "claim", "label": "A"}"#,
        );
        let loaded = load::from_path(&map_path).unwrap();
        let notes_path = map_path.with_extension("notes.json");
        let keymap = Keymap::default();
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path: Path::new("unused.json"),
        };
        let (mut first, mut theirs) = Store::open(notes_path.clone(), "T", true);
        let (mut second, notes) = Store::open(notes_path.clone(), "T", true);
        let mut state = ViewState::start(&loaded.map, 100, 30, &Start::default());
        state.notes = notes;
        state.notes_read_only = second.status().message().map(str::to_string);
        state.notes_held_elsewhere = second.follows();
        let mut offered = None;

        // A mark on the thesis here: kept in this window.
        assert_eq!(type_keys(&mut state, &loaded, "+"), Some(Effect::SaveNotes));
        let result = second.save(&state.notes);
        assert!(!save(&mut state, result, second.follows()));
        assert!(state.notes_error.is_some());
        // The first marks the claim and saves.
        theirs.change("a", "A", |e| e.mark = Some(crate::notes::Mark::Disagree));
        first.save(&theirs).unwrap();
        let found = second.follow(&mut state.notes);
        assert!(show_followed(&mut state, &second, found, ctx, &mut offered));
        assert_eq!(
            state.message.as_deref(),
            Some(
                "the other window saved: its notes are shown here, with this window's 1 change on top, not saved"
            )
        );
        let mark = |state: &ViewState, key: &str| state.notes.get(key).and_then(|e| e.mark);
        assert_eq!(mark(&state, "a"), Some(crate::notes::Mark::Disagree));
        assert_eq!(mark(&state, "t"), Some(crate::notes::Mark::Agree));
        assert!(state.notes_error.is_some(), "still not saved");
        // Nothing new: nothing said.
        let found = second.follow(&mut state.notes);
        assert!(!show_followed(
            &mut state,
            &second,
            found,
            ctx,
            &mut offered
        ));

        // Quitting asks, the save tried again first.
        assert_eq!(type_keys(&mut state, &loaded, "q"), Some(Effect::SaveNotes));
        assert!(state.unsaved.as_ref().is_some_and(|prompt| prompt.held));

        drop(first);
        let found = second.follow(&mut state.notes);
        assert!(show_followed(&mut state, &second, found, ctx, &mut offered));
        assert_eq!(
            state.message.as_deref(),
            Some(
                "the other window closed: notes are saved here now, this window's 1 change added to its notes"
            )
        );
        assert_eq!(state.notes_read_only, None);
        assert!(!state.notes_held_elsewhere);
        assert_eq!(state.notes_error, None);
        // The question asked on quitting stays, saying the notes are saved now, and the next
        // key answers it: Esc stays, and Q (asked again) quits.
        let prompt = state.unsaved.clone().expect("the question stays");
        assert!(prompt.saved && !prompt.held && !prompt.read_only);
        let mut answered = state.clone();
        assert_eq!(type_keys(&mut answered, &loaded, "Q"), Some(Effect::Quit));
        assert_eq!(type_keys(&mut state, &loaded, "Escape"), None);
        assert_eq!(state.unsaved, None, "Esc stays in argscope");
        assert_eq!(state_last_word(&Some(second)), None);
        let saved = store::read(&notes_path).unwrap().unwrap().entries;
        assert_eq!(saved["a"].mark, Some(crate::notes::Mark::Disagree));
        assert_eq!(saved["t"].mark, Some(crate::notes::Mark::Agree));
    }

    /// The note editor open in the read-only window on a note the other window then saves
    /// anew: untouched, the editor shows the new text and says why; written in, it keeps what
    /// was typed, says on its first line that the other changed the note too, and saving keeps
    /// the other's text under this one's. Taking over keeps both as well, and names the note.
    #[test]
    fn an_open_note_the_other_window_changes_says_so_and_saving_keeps_both_texts() {
        let dir = tempfile::TempDir::new().unwrap();
        let (map_path, loaded) = thesis_map(dir.path());
        let notes_path = map_path.with_extension("notes.json");
        let keymap = Keymap::default();
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path: Path::new("unused.json"),
        };
        let (mut first, mut theirs) = Store::open(notes_path.clone(), "T", true);
        let (mut second, notes) = Store::open(notes_path.clone(), "T", true);
        let mut state = ViewState::start(&loaded.map, 80, 24, &Start::default());
        state.notes = notes;
        state.notes_read_only = second.status().message().map(str::to_string);
        state.notes_held_elsewhere = second.follows();
        let mut offered = None;
        let mut their_note = |text: &str, first: &mut Store| {
            theirs.change("t", "T", |e| e.note = text.into());
            first.save(&theirs).unwrap();
        };
        let editor_says = |state: &ViewState, width: u16, height: u16| {
            let backend = ratatui::backend::TestBackend::new(width, height);
            let mut terminal = ratatui::Terminal::new(backend).unwrap();
            terminal.draw(|frame| ui::draw(frame, state, ctx)).unwrap();
            crate::tui::snapshot::to_text(terminal.backend().buffer())
        };

        type_keys(&mut state, &loaded, "a");
        their_note("Ask who", &mut first);
        let found = second.follow(&mut state.notes);
        assert!(show_followed(&mut state, &second, found, ctx, &mut offered));
        let editor = state.editor.as_ref().unwrap();
        assert_eq!(
            editor.text(),
            "Ask who",
            "untouched: the other's text shows"
        );
        assert!(!editor.changed());
        let screen = editor_says(&state, 80, 24);
        assert!(
            screen.contains("The other window changed this note: here as it saved it."),
            "{screen}"
        );

        type_keys(&mut state, &loaded, "Space and Space why");
        their_note("Ask who first", &mut first);
        let found = second.follow(&mut state.notes);
        assert!(show_followed(&mut state, &second, found, ctx, &mut offered));
        assert_eq!(state.editor.as_ref().unwrap().text(), "Ask who and why");
        for (width, height) in [(80, 24), (60, 20)] {
            // The words of the editor's first rows, without the borders between them.
            let screen = editor_says(&state, width, height).replace(['┃', '│'], " ");
            let screen = screen.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                screen.contains(
                    "The other window changed this note too: Ctrl-s saves yours with its text kept under it."
                ),
                "{width}x{height}: {screen}"
            );
        }
        assert_eq!(
            type_keys(&mut state, &loaded, "C-s"),
            Some(Effect::SaveNotes)
        );
        let kept = "Ask who and why\n\nThe other window's note:\nAsk who first";
        assert_eq!(state.notes.get("t").unwrap().note, kept);
        assert_eq!(
            state.message.as_deref(),
            Some("note saved, the other window's text kept under yours")
        );

        // The other window changes it once more and closes: both are kept again, and the
        // message names the note to check.
        their_note("Ask who last", &mut first);
        drop(first);
        let found = second.follow(&mut state.notes);
        assert!(show_followed(&mut state, &second, found, ctx, &mut offered));
        assert_eq!(
            state.message.as_deref(),
            Some(
                "the other window closed, notes saved here; check the note on “T”: both windows changed it, the other's text is kept under yours"
            )
        );
        let saved = store::read(&notes_path).unwrap().unwrap().entries;
        assert_eq!(
            saved["t"].note,
            format!("{kept}\n\nThe other window's note:\nAsk who last")
        );
    }

    /// The points both windows changed are named short, two at most, so that the message
    /// still names them on the two rows it has under a box at 60 columns.
    #[test]
    fn the_points_to_check_are_named_short_and_counted_past_two() {
        let labels = [
            "Crimea question",
            "Point 4",
            "Sanctions taught Iran to seek partners",
        ]
        .map(str::to_string);
        assert_eq!(named(&labels[..1]), "“Crimea question”");
        assert_eq!(named(&labels[1..]), "“Point 4”, “Sanctions taught Ir…”");
        assert_eq!(named(&labels), "“Crimea question”, “Point 4” and 1 more");
    }

    /// Both windows closed at once: the read-only one, ended by the signal after the other has
    /// gone, takes the notes over and saves its changes with the other's, in their own file.
    #[test]
    fn a_read_only_window_ended_after_the_other_saves_its_notes_in_their_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let (map_path, loaded) = thesis_map(dir.path());
        let notes_path = map_path.with_extension("notes.json");
        let rescue = dir.path().join("rescue.json");
        let (mut first, mut theirs) = Store::open(notes_path.clone(), "T", true);
        theirs.change("t", "T", |e| e.note = "theirs".into());
        first.save(&theirs).unwrap();
        let (store, notes) = Store::open(notes_path.clone(), "T", true);
        let mut state = ViewState::start(&loaded.map, 80, 24, &Start::default());
        state.notes = notes;
        state.notes_read_only = store.status().message().map(str::to_string);
        type_keys(&mut state, &loaded, "+");
        drop(first);
        let mut work = Work {
            state,
            store: Some(store),
        };
        let said = work.end(&rescue).unwrap();
        assert_eq!(
            said,
            "the other window had closed, so this one saved the notes"
        );
        let saved = store::read(&notes_path).unwrap().unwrap().entries;
        assert_eq!(saved["t"].note, "theirs");
        assert_eq!(saved["t"].mark, Some(crate::notes::Mark::Agree));
        assert!(!rescue.exists());
    }

    /// A file saved twice in quick succession is read twice, and the map shown is the second
    /// reading, whichever reading finishes first.
    #[test]
    fn only_the_latest_reading_of_a_changed_map_file_counts() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("map.json");
        let write = |label: &str| write_map(&path, label, "");
        write("First");
        let mut reloader = Reloader::new();
        assert!(reloader.finished().is_none() && !reloader.pending);
        reloader.start(&path, None);
        write("Second");
        reloader.start(&path, None);
        assert!(reloader.pending);
        let read = loop {
            if let Some(read) = reloader.finished() {
                break read;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        };
        let map = read.expect("the map loads").map;
        assert_eq!(map.statement(map.root).label, "Second");
        assert!(!reloader.pending);
    }

    /// A reload while presenting names the keys that list what it found where they work: in
    /// the tree, since `W` and `O` do nothing in presenter mode.
    #[test]
    fn a_reload_while_presenting_says_where_the_listing_keys_work() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("map.json");
        let write = |children: &str| write_map(&path, "Uniforms help", children);
        write(r#"{"id": "a", "kind": "claim", "label": "They save money"}"#);
        let mut loaded = Arc::new(load::from_path(&path).unwrap());
        let keymap = Keymap::default();
        let rescue = Path::new("argscope-notes.json");
        let mut state = ViewState::start(&loaded.map, 80, 24, &Start::default());
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path: rescue,
        };
        update(&mut state, ctx, Action::TogglePresenter);
        let reload_now = |state: &mut ViewState, loaded: &mut Arc<Loaded>| {
            let read = load::from_path_as(&path, None);
            reloaded(state, loaded, read, &path, &keymap, rescue)
        };
        state
            .notes
            .change("a", "They save money", |e| e.note = "Ask".into());

        write(r#"{"id": "a", "kind": "claim"}"#);
        assert!(!reload_now(&mut state, &mut loaded));
        let message = state.message.clone().unwrap_or_default();
        assert!(
            message.starts_with(
                "kept the last good map, the file has a problem (W in the tree lists it): "
            ),
            "{message}"
        );

        write("");
        assert!(reload_now(&mut state, &mut loaded));
        assert!(state.present.is_some(), "still presenting");
        assert_eq!(
            state.message.as_deref(),
            Some(
                format!(
                    "1 orphaned note: its node is no longer in this map (O in the tree lists it); reloaded {}",
                    path.display()
                )
                .as_str()
            )
        );
    }
}
