//! Load: parsing a synthetic debate from a string in memory, per format and size, with its
//! throughput in bytes per second. Reading the file is left out (the OS's business), and so is
//! anchoring quotes (the synthetic debates name no source document).
//!
//! `cargo bench --bench load`; `ARGSCOPE_BENCH_SIZES=1k,10k` picks the sizes.

#[path = "synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// mimalloc, as the shipped program uses it (see `argscope::memory`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Parses `text` and drops the map again (the drop is timed too: it is small next to the
/// parse, and keeping a million-node map per iteration would not fit in memory).
fn parse(format: &str, text: &str) -> usize {
    synthetic::parse(format, text).len()
}

fn load(c: &mut Criterion) {
    argscope::memory::set_up();
    for &nodes in &synthetic::sizes() {
        let map = synthetic::debate(nodes, 1);
        for &format in synthetic::FORMATS {
            let text = synthetic::write(format, &map);
            // A parser that loses nodes would look fast: check the count once, untimed.
            assert!(
                parse(format, &text) >= nodes,
                "{format} at {nodes} nodes lost nodes"
            );
            let mut group = c.benchmark_group(format!("load_{format}"));
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(synthetic::size_name(nodes)),
                &text,
                |b, text| b.iter(|| parse(format, black_box(text))),
            );
            group.finish();
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
    targets = load
}
criterion_main!(benches);
