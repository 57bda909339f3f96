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
//! - `expand_all`: `0` from the opening view; `collapse_all`: `1` from everything unfolded.
//!
//! `cargo bench --bench interact`; `ARGSCOPE_BENCH_SIZES=1k,10k` picks the sizes.

#[path = "synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use argscope::load::Loaded;
use argscope::tui::keymap::{KeyChord, Keymap};
use argscope::tui::state::{Start, ViewState};
use argscope::tui::ui;
use argscope::tui::update::{Context, handle_key};
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
        let state = ViewState::start(&loaded.map, WIDTH, HEIGHT, &Start::default());
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
