//! How fast each format is read: a synthetic debate written in every format, then parsed from
//! memory as opening a file parses it (text to a validated map), the median of several runs,
//! in MB/s. Printed as a Markdown table for the README.
//!
//! `cargo run --release --example parse_rate -- [NODES] [RUNS]` (default 100k nodes, 5 runs).

#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use argscope::formats::{aif, argdown, kialo, native, opml};
use argscope::load::{self, DocumentSource};
use argscope::model::ArgMap;

/// Parses `text` as `format`, as `argscope FILE` does.
fn parse(format: &str, text: &str) -> ArgMap {
    match format {
        // The argscope JSON path loading takes (and validation with it).
        "json" => match load::from_str(
            text,
            "debate.json",
            DocumentSource::BesideMap(PathBuf::new()),
        ) {
            Ok(loaded) => loaded.map,
            Err(error) => panic!("the synthetic JSON does not load: {error}"),
        },
        "argdown" => argdown::parse(text, "debate.argdown").map,
        "kialo" => kialo::parse(text, "debate.txt").map,
        "aif" => aif::parse(text, "debate.json").map,
        _ => opml::parse(text, "debate.opml").map,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let nodes = args
        .next()
        .map(|n| synthetic::parse_count(&n).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or(100_000);
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let map = synthetic::debate(nodes, 1);
    println!("| format | file MB | median parse s ({runs} runs) | MB/s |\n|---|---:|---:|---:|");
    for format in ["json", "argdown", "kialo", "aif", "opml"] {
        let text = match format {
            "json" => native::write(&map),
            "argdown" => argdown::write(&map),
            "kialo" => kialo::write(&map),
            "aif" => synthetic::aif(&map),
            _ => opml::write(&map),
        };
        // A reader that loses nodes would look fast.
        assert!(parse(format, &text).len() >= nodes, "{format} lost nodes");
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let map = parse(format, std::hint::black_box(&text));
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
