//! Where the time of `argscope export FILE --format json -o OUT` goes, beside what the machine
//! itself needs to move the same bytes: reading the file, and writing the JSON with one `write`
//! into a new file. The median of several runs of each, printed as a Markdown table.
//!
//! `cargo run --release --example export_phases -- FILE [RUNS]` (default 5 runs). The JSON is
//! written beside FILE, to a new file each run, and removed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use argscope::formats::native;

/// mimalloc, as the shipped program uses it (see `argscope::memory`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    argscope::memory::set_up();
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next().map(PathBuf::from) else {
        eprintln!("usage: export_phases FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let out = file.with_extension("export-phases.json");

    let mut read = Vec::new();
    let mut load = Vec::new();
    let mut serialize = Vec::new();
    let mut export_write = Vec::new();
    let mut one_write = Vec::new();
    let mut sizes = (0, 0);
    for _ in 0..runs {
        read.push(timed(|| std::fs::read(&file).expect("the file can be read")).0);
        let (took, loaded) = timed(|| argscope::load::from_path(&file).expect("the map loads"));
        load.push(took);
        serialize.push(timed(|| native::write_to(&loaded.map, &mut std::io::sink())).0);
        export_write.push(timed_into_new(&out, |sink| {
            native::write_to(&loaded.map, sink)
        }));
        let json = native::write(&loaded.map);
        one_write.push(timed_into_new(&out, |sink| sink.write_all(json.as_bytes())));
        sizes = (std::fs::metadata(&file).map_or(0, |m| m.len()), json.len());
        // As the program does, the map is not freed: exit leaves that to the system.
        std::mem::forget(loaded);
    }
    let _ = std::fs::remove_file(&out);

    let mb = |bytes: u64| bytes as f64 / 1e6;
    println!(
        "{}: {:.1} MB read, {:.1} MB of JSON written; median of {runs} runs\n",
        file.display(),
        mb(sizes.0),
        mb(sizes.1 as u64)
    );
    println!("| step | ms |\n|---|---:|");
    let row = |what: &str, times: &mut Vec<Duration>| {
        times.sort();
        println!(
            "| {what} | {:.1} |",
            times[times.len() / 2].as_secs_f64() * 1e3
        );
    };
    row("reading the file's bytes (the floor)", &mut read);
    row(
        "writing the JSON with one `write` into a new file (the floor)",
        &mut one_write,
    );
    row(
        "argscope: loading the map (read, parse, validate)",
        &mut load,
    );
    row("argscope: writing the JSON into nothing", &mut serialize);
    row(
        "argscope: writing the JSON into a new file",
        &mut export_write,
    );
}

fn timed<T>(work: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let result = work();
    (start.elapsed(), result)
}

/// The time `write` takes into a new file at `path` (the old one removed first and its removal
/// not timed), closing it included.
fn timed_into_new(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Duration {
    let _ = std::fs::remove_file(path);
    let start = Instant::now();
    let mut file = std::fs::File::create(path).expect("the output can be created");
    write(&mut file).expect("the output can be written");
    drop(file);
    start.elapsed()
}
