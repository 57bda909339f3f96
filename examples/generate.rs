//! Writes a synthetic debate for the benchmarks and the side-by-side comparison:
//! `cargo run --release --example generate -- --nodes 100k --format argdown -o debate.argdown`.

#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::io::Write;

use clap::{Parser, ValueEnum};

#[derive(Parser)]
#[command(about = "Writes a deterministic synthetic debate in one of argscope's formats")]
struct Args {
    /// How many nodes: a number, or with k (thousand) or M (million): 1k, 100k, 1M.
    #[arg(long, value_parser = synthetic::parse_count)]
    nodes: usize,
    #[arg(long, value_enum)]
    format: Format,
    /// Another seed gives another debate of the same shape.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write it (standard output without).
    #[arg(short, long)]
    output: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Argdown,
    Kialo,
    Aif,
    Opml,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let map = synthetic::debate(args.nodes, args.seed);
    let text = match args.format {
        Format::Json => argscope::formats::native::write(&map),
        Format::Argdown => synthetic::written_by_hand(&map),
        Format::Kialo => argscope::formats::kialo::write(&map),
        Format::Aif => synthetic::aif(&map),
        Format::Opml => argscope::formats::opml::write(&map),
    };
    match args.output {
        Some(path) => std::fs::write(path, text)?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
