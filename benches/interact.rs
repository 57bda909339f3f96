//! Interaction at 120x40: what one keypress costs, from the key to the drawn frame, at each
//! map size. Each measurement is one key through `update::handle_key` (the keymap and the pure
//! update, as the event loop and `argscope snapshot` use them) plus drawing the whole frame
//! with `ui::draw` into a ratatui `TestBackend`. Putting the view back for the next key (going
//! to the top again, deleting the typed character, folding again) is not timed.
//!
//! - `key_j_opening`: `j` in the tree as a map opens (two levels unfolded).
//! - `key_j_expanded`: `j` with every node unfolded (a million visible rows at 1M).
//! - `search_key_common` / `search_key_rare`: typing one more character of an incremental
//!   search: `sanction` + `s` (a word in about a third of the statements), `471` + `1`
//!   (only the few labels that carry that number).
//! - `search_paste_64k`: a 64 KB page pasted into the empty search line, and its frame: one
//!   insertion and one search of the query cut at its longest (200 characters).
//! - `expand_all`: `0` from the opening view; `collapse_all`: `1` from everything unfolded.
//!
//! As the event loop searches (the index made on a thread of its own as the map opens, each
//! query searched on a worker that hands over a first part once it fills the screen), timed
//! here one step after the other on one thread:
//! - `loop_first_slash`: the first `/` while the index is still being made (it never waits).
//! - `loop_letter_first_part`: a broad first letter (`r`, in most statements) from the key to
//!   the frame that shows its first screenful of matches (key, frame, the worker's first part,
//!   the frame showing it; on a map smaller than the worker's chunk, the whole).
//! - `loop_letter_whole`: the same letter until the frame that shows every match and the final
//!   count (the worker's whole search; in the event loop typing goes on meanwhile).
//! - `loop_common_whole`: `sanction` + `s` until the frame with every match.
//!
//! `cargo bench --bench interact`; `ARGSCOPE_BENCH_SIZES=1k,10k` picks the sizes.

#[path = "synthetic.rs"]
mod synthetic;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use argscope::load::Loaded;
use argscope::tui::keymap::{KeyChord, Keymap};
use argscope::tui::search::Index;
use argscope::tui::state::{Start, ViewState};
use argscope::tui::ui;
use argscope::tui::update::{Context, handle_key, handle_paste, search_found};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// A map on screen: what the event loop holds between two keys.
struct Screen<'a> {
    ctx: Context<'a>,
    state: ViewState,
    terminal: Terminal<TestBackend>,
}

impl<'a> Screen<'a> {
    fn open(loaded: &'a Loaded, keymap: &'a Keymap) -> Screen<'a> {
        let ctx = Context {
            loaded,
            keymap,
            rescue_path: std::path::Path::new("argscope-notes.json"),
        };
        // Notes keyed as the map keys them: by id, or by text (each row's key worked out as
        // the row is drawn).
        let start = Start {
            stable_ids: loaded.stable_ids,
            ..Start::default()
        };
        let state = ViewState::start(&loaded.map, WIDTH, HEIGHT, &start);
        let terminal = match Terminal::new(TestBackend::new(WIDTH, HEIGHT)) {
            Ok(terminal) => terminal,
            Err(never) => match never {},
        };
        let mut screen = Screen {
            ctx,
            state,
            terminal,
        };
        screen.draw();
        screen
    }

    /// A map on screen as the event loop holds it: searches run on the worker, and the index
    /// is made elsewhere (handed over with `index`, or not yet).
    fn open_looped(loaded: &'a Loaded, keymap: &'a Keymap, index: Option<Arc<Index>>) -> Self {
        let mut screen = Screen::open(loaded, keymap);
        screen.state.search_elsewhere = true;
        screen.state.index_elsewhere = true;
        if let Some(index) = index {
            screen.state.set_search_index(index);
        }
        screen
    }

    /// One key as the event loop does it: the key and its frame, then the worker's search
    /// (stopped after its first part unless `whole`) and the frame showing what it found.
    fn press_looped(&mut self, key: KeyChord, whole: bool) {
        self.press(key);
        let Some(job) = self.state.search_job() else {
            return;
        };
        let got = AtomicBool::new(false);
        let mut part = None;
        let all = job.run_in_parts(
            &|| !whole && got.load(Ordering::Relaxed),
            &mut |_, screenful| !whole && screenful,
            &mut |found| {
                part = Some(found);
                got.store(true, Ordering::Relaxed);
            },
        );
        if let Some(found) = all.or(part) {
            search_found(&mut self.state, self.ctx, found);
            self.draw();
        }
    }

    /// [`Screen::time`] for a key as the event loop does it.
    fn time_looped(
        &mut self,
        iters: u64,
        key: KeyChord,
        whole: bool,
        mut reset: impl FnMut(&mut Screen),
    ) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            self.press_looped(key, whole);
            total += start.elapsed();
            reset(self);
        }
        total
    }

    fn draw(&mut self) {
        let (state, ctx) = (&self.state, self.ctx);
        if let Err(never) = self.terminal.draw(|frame| ui::draw(frame, state, ctx)) {
            match never {}
        }
    }

    /// One key and the frame after it, as the event loop does them.
    fn press(&mut self, key: KeyChord) {
        handle_key(&mut self.state, self.ctx, key);
        self.draw();
    }

    fn press_esc(&mut self) {
        self.press(KeyChord::plain(KeyCode::Esc));
    }

    fn type_keys(&mut self, keys: &str) {
        for c in keys.chars() {
            self.press(KeyChord::ch(c));
        }
    }

    /// `iters` times: time `key` (and its frame), then put the view back with `reset`, untimed.
    fn time(&mut self, iters: u64, key: KeyChord, mut reset: impl FnMut(&mut Screen)) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            self.press(key);
            total += start.elapsed();
            reset(self);
        }
        total
    }
}

fn loaded(nodes: usize) -> Loaded {
    Loaded {
        map: synthetic::debate(nodes, 1),
        document: None,
        problems: Vec::new(),
        name: format!("debate-{}.json", synthetic::size_name(nodes)),
        stable_ids: true,
    }
}

/// At the last row `j` does nothing: go back to the top first.
fn top_when_at_bottom(screen: &mut Screen) {
    if screen.state.cursor() + 1 >= screen.state.rows().len() {
        screen.type_keys("gg");
    }
}

fn interact(c: &mut Criterion) {
    let keymap = Keymap::default();
    for &nodes in &synthetic::sizes() {
        let loaded = loaded(nodes);
        let size = synthetic::size_name(nodes);
        let id = || BenchmarkId::from_parameter(&size);

        let mut screen = Screen::open(&loaded, &keymap);
        c.benchmark_group("key_j_opening")
            .bench_function(id(), |b| {
                b.iter_custom(|iters| screen.time(iters, KeyChord::ch('j'), top_when_at_bottom))
            });

        let mut screen = Screen::open(&loaded, &keymap);
        screen.type_keys("0");
        // The keys must do what the bench names, or it measures nothing: checked once, untimed.
        assert_eq!(screen.state.rows().len(), nodes, "0 unfolds every node");
        c.benchmark_group("key_j_expanded")
            .bench_function(id(), |b| {
                b.iter_custom(|iters| screen.time(iters, KeyChord::ch('j'), top_when_at_bottom))
            });

        // The same with notes keyed by text, as for a Kialo export: every row's key is the
        // hash of its words, told apart from same-worded siblings by reading its family once.
        let by_text = Loaded {
            map: loaded.map.clone(),
            document: None,
            problems: Vec::new(),
            name: loaded.name.clone(),
            stable_ids: false,
        };
        let mut screen = Screen::open(&by_text, &keymap);
        screen.type_keys("0");
        c.benchmark_group("key_j_expanded_text_keys")
            .bench_function(id(), |b| {
                b.iter_custom(|iters| screen.time(iters, KeyChord::ch('j'), top_when_at_bottom))
            });

        let mut screen = Screen::open(&loaded, &keymap);
        c.benchmark_group("collapse_all").bench_function(id(), |b| {
            screen.type_keys("0");
            b.iter_custom(|iters| screen.time(iters, KeyChord::ch('1'), |s| s.type_keys("0")))
        });
        c.benchmark_group("expand_all").bench_function(id(), |b| {
            screen.type_keys("2");
            b.iter_custom(|iters| screen.time(iters, KeyChord::ch('0'), |s| s.type_keys("2")))
        });

        for (name, typed, next) in [("common", "sanction", 's'), ("rare", "471", '1')] {
            let mut screen = Screen::open(&loaded, &keymap);
            screen.type_keys("/");
            screen.type_keys(typed);
            let matches = |s: &Screen| s.state.filters().search.as_ref().map(|s| s.matches.len());
            assert!(
                matches(&screen).is_some_and(|n| n > 0),
                "{typed:?} finds something"
            );
            let backspace = KeyChord::plain(KeyCode::Backspace);
            c.benchmark_group(format!("search_key_{name}"))
                .bench_function(id(), |b| {
                    b.iter_custom(|iters| {
                        screen.time(iters, KeyChord::ch(next), |s| s.press(backspace))
                    })
                });
        }

        let page = "sanctions against Russia were discussed at length ".repeat(1_300);
        let mut screen = Screen::open(&loaded, &keymap);
        screen.type_keys("/");
        c.benchmark_group("search_paste_64k")
            .bench_function(id(), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let start = Instant::now();
                        handle_paste(&mut screen.state, screen.ctx, &page);
                        screen.draw();
                        total += start.elapsed();
                        screen.press_esc();
                        screen.type_keys("/");
                    }
                    total
                })
            });

        let backspace = KeyChord::plain(KeyCode::Backspace);
        let mut screen = Screen::open_looped(&loaded, &keymap, None);
        c.benchmark_group("loop_first_slash")
            .bench_function(id(), |b| {
                b.iter_custom(|iters| screen.time(iters, KeyChord::ch('/'), |s| s.press_esc()))
            });
        let index = Arc::new(Index::new(&loaded.map));
        for (name, whole) in [
            ("loop_letter_first_part", false),
            ("loop_letter_whole", true),
        ] {
            let mut screen = Screen::open_looped(&loaded, &keymap, Some(Arc::clone(&index)));
            screen.type_keys("/");
            screen.press_looped(KeyChord::ch('r'), whole);
            let search = screen.state.filters().search.as_ref();
            assert!(
                search.is_some_and(|s| !s.matches.is_empty() && (whole || !s.partial) != s.pending),
                "r finds something: the whole, or a part while the search goes on"
            );
            screen.press(backspace);
            c.benchmark_group(name).bench_function(id(), |b| {
                b.iter_custom(|iters| {
                    screen.time_looped(iters, KeyChord::ch('r'), whole, |s| s.press(backspace))
                })
            });
        }
        let mut screen = Screen::open_looped(&loaded, &keymap, Some(index));
        screen.type_keys("/");
        for c in "sanction".chars() {
            screen.press_looped(KeyChord::ch(c), true);
        }
        c.benchmark_group("loop_common_whole")
            .bench_function(id(), |b| {
                b.iter_custom(|iters| {
                    screen.time_looped(iters, KeyChord::ch('s'), true, |s| s.press(backspace))
                })
            });
    }
}

criterion_group! {
    name = benches;
    // Ten samples and short windows: medians are stable to a few percent at every size, and
    // a run shares the machine with other builds.
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = interact
}
criterion_main!(benches);
