//! How fast each format is read: a synthetic debate written in every format, then parsed from
//! memory as opening a file parses it (text to a validated map), the median of several runs,
//! in MB/s. Printed as a Markdown table for the README.
//!
//! `cargo run --release --example parse_rate -- [NODES] [RUNS]` (default 100k nodes, 5 runs).

#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

/// mimalloc, as the shipped program uses it (see `argscope::memory`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    argscope::memory::set_up();
    let mut args = std::env::args().skip(1);
    let nodes = args
        .next()
        .map(|n| synthetic::parse_count(&n).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or(100_000);
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let map = synthetic::debate(nodes, 1);
    println!("| format | file MB | median parse s ({runs} runs) | MB/s |\n|---|---:|---:|---:|");
    for &format in synthetic::FORMATS {
        let text = synthetic::write(format, &map);
        // A reader that loses nodes would look fast.
        assert!(
            synthetic::parse(format, &text).len() >= nodes,
            "{format} lost nodes"
        );
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let map = synthetic::parse(format, std::hint::black_box(&text));
                let took = start.elapsed();
                // Freeing the map is left out: the program exits without freeing it.
                drop(map);
                took
            })
            .collect();
        times.sort();
        let median = times[runs / 2].as_secs_f64();
        let mb = text.len() as f64 / 1e6;
        println!("| {format} | {mb:.1} | {median:.3} | {:.0} |", mb / median);
    }
}
