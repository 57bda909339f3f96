//! A scratch harness: what a key, a frame, a fold and a search keystroke cost on synthetic
//! debates of 1k to 1M nodes (`cargo run --release --example tui_perf -- [sizes...]`).

#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use argscope::load::Loaded;
use argscope::tui::action::Action;
use argscope::tui::keymap::{KeyChord, Keymap};
use argscope::tui::state::{Start, ViewState};
use argscope::tui::ui;
use argscope::tui::update::{Context, handle_key, search_found, update};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a size"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    let keymap = Keymap::default();
    // `TUI_PERF_SOURCE=1`: the source view on the built-in map repeated to each size, since
    // the synthetic debates have no source document.
    if std::env::var_os("TUI_PERF_SOURCE").is_some() {
        for &n in &sizes {
            source_view(n, &keymap);
        }
        return;
    }
    // `TUI_PERF_KEYS=n`: only j and k on the open maps, n presses a round, the sizes taking
    // turns so a busy machine slows them alike (and a profiler sees nothing else).
    if let Some(count) = std::env::var("TUI_PERF_KEYS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        keys_only(&sizes, &keymap, count);
        return;
    }
    for n in sizes {
        let map = synthetic::debate(n, 1);
        let loaded = Loaded {
            map,
            document: None,
            problems: Vec::new(),
            name: "synthetic".to_string(),
            stable_ids: true,
        };
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path: std::path::Path::new("x.json"),
        };
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let t = Instant::now();
        let mut state = ViewState::start(&loaded.map, 120, 40, &Start::default());
        let build = t.elapsed();
        let mut frame = |state: &ViewState| {
            terminal.draw(|f| ui::draw(f, state, ctx)).unwrap();
        };
        frame(&state);
        let per_key = |state: &mut ViewState,
                       frame: &mut dyn FnMut(&ViewState),
                       key: KeyCode,
                       count: usize| {
            let t = Instant::now();
            for _ in 0..count {
                handle_key(state, ctx, KeyChord::plain(key));
                frame(state);
            }
            t.elapsed() / count as u32
        };
        let j_opening = per_key(&mut state, &mut frame, KeyCode::Char('j'), 200);
        let t = Instant::now();
        update(&mut state, ctx, Action::ExpandAll);
        let expand = t.elapsed();
        frame(&state);
        // Walk into the middle of the map.
        for _ in 0..50 {
            handle_key(&mut state, ctx, KeyChord::plain(KeyCode::Char('j')));
        }
        let j_expanded = per_key(&mut state, &mut frame, KeyCode::Char('j'), 500);
        let k_expanded = per_key(&mut state, &mut frame, KeyCode::Char('k'), 200);
        let big_g = per_key(&mut state, &mut frame, KeyCode::Char('G'), 20);
        let page = per_key(&mut state, &mut frame, KeyCode::PageDown, 20);
        for _ in 0..300 {
            handle_key(&mut state, ctx, KeyChord::plain(KeyCode::Char('k')));
        }
        let h = per_key(&mut state, &mut frame, KeyCode::Char('h'), 6);
        let l = per_key(&mut state, &mut frame, KeyCode::Char('l'), 6);
        handle_key(&mut state, ctx, KeyChord::plain(KeyCode::Char('g')));
        handle_key(&mut state, ctx, KeyChord::plain(KeyCode::Char('g')));
        for _ in 0..3 {
            handle_key(&mut state, ctx, KeyChord::plain(KeyCode::Char('j')));
        }
        // Fold and unfold a node near the top of a fully open map.
        let fold = per_key(&mut state, &mut frame, KeyCode::Char(' '), 20);
        let t = Instant::now();
        update(&mut state, ctx, Action::ShowLevels(1));
        let collapse = t.elapsed();
        frame(&state);
        update(&mut state, ctx, Action::ShowLevels(2));
        // Search: open it, type a query one key at a time, step through matches.
        let t = Instant::now();
        handle_key(&mut state, ctx, KeyChord::plain(KeyCode::Char('/')));
        frame(&state);
        let open_search = t.elapsed();
        let mut typed = Vec::new();
        for c in "russia ir".chars() {
            let t = Instant::now();
            handle_key(&mut state, ctx, KeyChord::plain(KeyCode::Char(c)));
            frame(&state);
            typed.push(t.elapsed());
        }
        let t = Instant::now();
        handle_key(&mut state, ctx, KeyChord::plain(KeyCode::Backspace));
        frame(&state);
        let backspace = t.elapsed();
        handle_key(&mut state, ctx, KeyChord::plain(KeyCode::Enter));
        frame(&state);
        let matches = state
            .filters()
            .search
            .as_ref()
            .map_or(0, |s| s.matches.len());
        let next = per_key(&mut state, &mut frame, KeyCode::Char('n'), 5);
        let j_search = per_key(&mut state, &mut frame, KeyCode::Char('j'), 50);
        // As the event loop types: a key records the query and makes the worker's job; the
        // worker searches, handing over a first part once it fills the screen; the loop shows
        // the part, then the whole. The index is made on a thread of its own as the map opens.
        let mut looped = ViewState::new(&loaded.map, 120, 40);
        looped.search_elsewhere = true;
        looped.index_elsewhere = true;
        let t = Instant::now();
        handle_key(&mut looped, ctx, KeyChord::plain(KeyCode::Char('/')));
        frame(&looped);
        let first_slash = t.elapsed();
        let t = Instant::now();
        let index = std::sync::Arc::new(argscope::tui::search::Index::new(&loaded.map));
        let index_build = t.elapsed();
        looped.set_search_index(index);
        let (mut keys, mut first_part, mut worker, mut part_shown, mut shown) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut parts_found = Vec::new();
        for c in "russia ir".chars() {
            let t = Instant::now();
            handle_key(&mut looped, ctx, KeyChord::plain(KeyCode::Char(c)));
            frame(&looped);
            let job = looped.search_job();
            keys.push(t.elapsed());
            if let Some(job) = job {
                let t = Instant::now();
                let mut part = None;
                let mut part_at = None;
                let mut asked = false;
                let found = job
                    .run_in_parts(
                        &|| false,
                        &mut |_, screenful| {
                            let due = screenful && !asked;
                            asked |= due;
                            due
                        },
                        &mut |p| {
                            part_at = Some(t.elapsed());
                            part = Some(p);
                        },
                    )
                    .unwrap();
                worker.push(t.elapsed());
                first_part.push(part_at.unwrap_or(t.elapsed()));
                if let Some(part) = part {
                    parts_found.push(part.count());
                    let t = Instant::now();
                    search_found(&mut looped, ctx, part);
                    frame(&looped);
                    part_shown.push(t.elapsed());
                } else {
                    parts_found.push(0);
                    part_shown.push(Duration::ZERO);
                }
                let t = Instant::now();
                search_found(&mut looped, ctx, found);
                frame(&looped);
                shown.push(t.elapsed());
            }
        }
        // The other keys of a seminar, each pressed once (key and frame), on the map fully
        // open with the selection deep in it.
        let mut other = ViewState::start(&loaded.map, 120, 40, &Start::default());
        update(&mut other, ctx, Action::ExpandAll);
        for _ in 0..300 {
            handle_key(&mut other, ctx, KeyChord::plain(KeyCode::Char('j')));
        }
        frame(&other);
        let mut others = Vec::new();
        for keys in [
            "+", "+", "i 3", "b", "j", "'", "'", "u", "C-r", "Tab", "Tab", "t", "t", "t", "W",
            "Escape", "z", "j", "l", "Escape", "P", "Right", "Right", "o", "o", "Escape", "c", "c",
            "c", "f", "f", "s", "Escape",
        ] {
            let t = Instant::now();
            for key in argscope::tui::keys::parse_keys(keys) {
                handle_key(&mut other, ctx, key);
            }
            frame(&other);
            others.push((keys, t.elapsed()));
        }
        let t = Instant::now();
        let _keys = argscope::notes::Keys::new(&loaded.map, true);
        let note_keys = t.elapsed();
        let list = |v: &[Duration]| v.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(" ");
        println!("== {n} nodes");
        println!("  (notes Keys::new alone  {} ms)", ms(note_keys));
        println!("  loop: / before index    {} ms", ms(first_slash));
        println!("  loop: index (own thread) {} ms", ms(index_build));
        println!("  loop: key + frame + job {} ms", list(&keys));
        println!("  loop: worker first part {} ms", list(&first_part));
        println!(
            "  loop: first part holds  {}",
            parts_found
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        );
        println!("  loop: first part shown  {} ms", list(&part_shown));
        println!("  loop: worker search     {} ms", list(&worker));
        println!("  loop: result shown      {} ms", list(&shown));
        println!("  ViewState::start        {} ms", ms(build));
        println!("  j (opening view)        {} ms", ms(j_opening));
        println!("  expand all (0)          {} ms", ms(expand));
        println!("  j (all open)            {} ms", ms(j_expanded));
        println!("  k (all open)            {} ms", ms(k_expanded));
        println!("  G (all open)            {} ms", ms(big_g));
        println!("  PageDown (all open)     {} ms", ms(page));
        println!("  h, h, ... (all open)    {} ms", ms(h));
        println!("  l, l, ... (all open)    {} ms", ms(l));
        println!("  Space fold/unfold       {} ms", ms(fold));
        println!("  collapse all (1)        {} ms", ms(collapse));
        println!("  / (open search)         {} ms", ms(open_search));
        println!(
            "  typing 'russia ir'      {} ms",
            typed.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(" ")
        );
        println!("  backspace               {} ms", ms(backspace));
        println!("  n (next match, {matches} matches) {} ms", ms(next));
        println!("  j (search kept)         {} ms", ms(j_search));
        println!(
            "  other keys (all open)   {}",
            others
                .iter()
                .map(|(keys, took)| format!("{keys} {}", ms(*took)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

/// j then k, `count` presses each, on every size's fully open map in turn, five rounds; prints
/// each size's fastest round and its ratio to the first size's.
fn keys_only(sizes: &[usize], keymap: &Keymap, count: usize) {
    let loaded: Vec<Loaded> = sizes
        .iter()
        .map(|&n| Loaded {
            map: synthetic::debate(n, 1),
            document: None,
            problems: Vec::new(),
            name: "synthetic".to_string(),
            stable_ids: true,
        })
        .collect();
    let mut views: Vec<(Context, ViewState)> = loaded
        .iter()
        .map(|loaded| {
            let ctx = Context {
                loaded,
                keymap,
                rescue_path: std::path::Path::new("x.json"),
            };
            let mut state = ViewState::start(&loaded.map, 120, 40, &Start::default());
            update(&mut state, ctx, Action::ExpandAll);
            (ctx, state)
        })
        .collect();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut best = vec![Duration::MAX; sizes.len()];
    for _ in 0..5 {
        for (at, (ctx, state)) in views.iter_mut().enumerate() {
            let t = Instant::now();
            for key in ['j', 'k'] {
                for _ in 0..count {
                    handle_key(state, *ctx, KeyChord::plain(KeyCode::Char(key)));
                    terminal.draw(|f| ui::draw(f, state, *ctx)).unwrap();
                }
            }
            best[at] = best[at].min(t.elapsed() / (2 * count) as u32);
        }
    }
    for (n, time) in sizes.iter().zip(&best) {
        let ratio = time.as_secs_f64() / best[0].as_secs_f64();
        println!("== {n} nodes: j/k {} ms ({ratio:.2}x)", ms(*time));
    }
}

/// The built-in map's nodes copied under its thesis until the map has about `nodes` nodes, every
/// copy quoting the article as the original does (references point into their own copy).
fn builtin_repeated(nodes: usize) -> Loaded {
    use argscope::model::{ArgMap, Body, NodeId};
    let builtin = argscope::load::builtin();
    let original = &builtin.map;
    let mut map = ArgMap::new(
        original.meta.clone(),
        original.statement(original.root).clone(),
    );
    while map.len() < nodes {
        // Where each node of the original went in this copy; the thesis is shared.
        let mut copied = vec![map.root; original.len()];
        for id in original.preorder().skip(1) {
            let node = original.node(id);
            let parent = copied[node.parent.expect("not the thesis").index()];
            let body = match &node.body {
                Body::Statement(statement) => Body::Statement(statement.clone()),
                Body::Ref(to) => Body::Ref(NodeId(copied[to.index()].0)),
            };
            copied[id.index()] = map.push(parent, node.kind, body);
        }
    }
    Loaded {
        map,
        problems: Vec::new(),
        name: "built-in, repeated".to_string(),
        stable_ids: false,
        ..builtin
    }
}

/// The source view (`s`), its sentence cursor (`j` with the pane focused) and its frames, on
/// the built-in map repeated to `nodes` nodes with its article.
fn source_view(nodes: usize, keymap: &Keymap) {
    let loaded = builtin_repeated(nodes);
    let ctx = Context {
        loaded: &loaded,
        keymap,
        rescue_path: std::path::Path::new("x.json"),
    };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut frame = |state: &ViewState| {
        terminal.draw(|f| ui::draw(f, state, ctx)).unwrap();
    };
    let mut state = ViewState::start(&loaded.map, 120, 40, &Start::default());
    frame(&state);
    let press = |state: &mut ViewState, frame: &mut dyn FnMut(&ViewState), keys: &str| {
        let t = Instant::now();
        for key in argscope::tui::keys::parse_keys(keys) {
            handle_key(state, ctx, key);
        }
        frame(state);
        t.elapsed()
    };
    let open = press(&mut state, &mut frame, "s");
    press(&mut state, &mut frame, "Tab");
    let count = 30;
    let steps: Vec<Duration> = (0..count)
        .map(|_| press(&mut state, &mut frame, "j"))
        .collect();
    let mut sorted = steps.clone();
    sorted.sort();
    println!("== source view, {} nodes", loaded.map.len());
    println!("  s (open the source)      {} ms", ms(open));
    println!(
        "  j in the source          {} ms median, {} ms max ({count} presses)",
        ms(sorted[count / 2]),
        ms(sorted[count - 1])
    );
}
