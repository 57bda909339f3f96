//! Peak memory of opening a map: a counting global allocator measures the heap at its highest
//! while a synthetic debate file is read, parsed and shown (`load::from_path_as`, the view
//! state, one 120x40 frame), as a multiple of the file's size. Heap is what the program asks
//! for; the whole process's resident memory (code, stacks, the allocator's slack) is measured
//! by `benches/side_by_side.sh` with `/usr/bin/time`.
//!
//! `cargo bench --bench memory` prints a Markdown table; `ARGSCOPE_BENCH_SIZES=1k,10k` picks
//! the sizes. No timing, so criterion's test mode (`-- --test`) runs the same.

#[path = "synthetic.rs"]
mod synthetic;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use argscope::formats::detect::Format;
use argscope::tui::keymap::Keymap;
use argscope::tui::state::{Start, ViewState};
use argscope::tui::update::Context;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The system allocator, counting the bytes in use and the most ever in use.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    IN_USE.fetch_sub(bytes, Ordering::Relaxed);
}

// SAFETY: every call goes straight to the system allocator with the caller's arguments; the
// counting around it touches only two atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on unchanged.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            grew(new_size);
            shrank(layout.size());
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: f64 = 1_000_000.0;

/// Bytes in use now, with the peak reset to it.
fn mark() -> usize {
    let now = IN_USE.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

fn main() {
    let formats = [
        ("json", "json", Format::Argscope),
        ("argdown", "argdown", Format::Argdown),
        ("kialo", "txt", Format::Kialo),
        ("aif", "json", Format::Aif),
    ];
    let keymap = Keymap::default();
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => panic!("no temporary folder for the debates: {error}"),
    };
    println!("Peak heap while opening a synthetic debate (read, parse, view, one 120x40 frame):\n");
    println!(
        "| format | nodes | file MB | peak heap MB | peak / file | kept open MB | kept / file |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for &nodes in &synthetic::sizes() {
        let map = synthetic::debate(nodes, 1);
        for (name, extension, format) in formats {
            let text = match format {
                Format::Argscope => argscope::formats::native::write(&map),
                Format::Argdown => synthetic::written_by_hand(&map),
                Format::Kialo => argscope::formats::kialo::write(&map),
                _ => synthetic::aif(&map),
            };
            let path = dir.path().join(format!("debate.{extension}"));
            if let Err(error) = std::fs::write(&path, &text) {
                panic!("cannot write {}: {error}", path.display());
            }
            let file = text.len();
            drop(text);

            let before = mark();
            let loaded = match argscope::load::from_path_as(&path, Some(format)) {
                Ok(loaded) => loaded,
                Err(error) => panic!("the synthetic {name} does not load: {error}"),
            };
            let ctx = Context {
                loaded: &loaded,
                keymap: &keymap,
                rescue_path: std::path::Path::new("argscope-notes.json"),
            };
            let state = ViewState::start(&loaded.map, 120, 40, &Start::default());
            let mut terminal = match Terminal::new(TestBackend::new(120, 40)) {
                Ok(terminal) => terminal,
                Err(never) => match never {},
            };
            if let Err(never) = terminal.draw(|frame| argscope::tui::ui::draw(frame, &state, ctx)) {
                match never {}
            }
            let peak = PEAK.load(Ordering::Relaxed) - before;
            let kept = IN_USE.load(Ordering::Relaxed).saturating_sub(before);
            drop((terminal, state, loaded));
            let _ = std::fs::remove_file(&path);

            let ratio = |bytes: usize| bytes as f64 / file as f64;
            println!(
                "| {name} | {} | {:.1} | {:.1} | {:.2}x | {:.1} | {:.2}x |",
                synthetic::size_name(nodes),
                file as f64 / MB,
                peak as f64 / MB,
                ratio(peak),
                kept as f64 / MB,
                ratio(kept),
            );
        }
    }
}
