//! Synthetic debates for the benchmarks: deterministic, and shaped like real ones.
//!
//! A tree with 1–6 children a node down to about 12 levels, claims of 8–40 words with some
//! non-ASCII text, supports, attacks and undercuts mixed, and about 5% of the leaves repeating
//! an earlier statement. The same seed and size always give the same map, so every run of
//! every benchmark (and the side-by-side script) measures the same input.
//!
//! Shared by the benches (`#[path]`-included) and `examples/generate.rs`, which writes the
//! files: `cargo run --release --example generate -- --help`.

#![allow(dead_code)]

use std::path::PathBuf;

use argscope::formats::{aif, argdown, kialo, native, opml};
use argscope::load::{self, DocumentSource};
use argscope::model::{ArgMap, Body, Kind, Meta, NodeId, Statement};

/// The formats the benchmarks read, by the names `write` and `parse` take.
pub const FORMATS: &[&str] = &["json", "argdown", "kialo", "aif", "opml"];

/// The debate written in `format`.
pub fn write(format: &str, map: &ArgMap) -> String {
    match format {
        "json" => native::write(map),
        "argdown" => written_by_hand(map),
        "kialo" => kialo::write(map),
        "opml" => opml::write(map),
        _ => aif(map),
    }
}

/// The debate as Argdown as people write it: statements named by their titles alone. (The
/// generated ids, `s1` …, are not what the titles give, so argscope's writer would keep each in
/// the statement's data, which hand-written Argdown does not have.)
pub fn written_by_hand(map: &ArgMap) -> String {
    let mut map = map.clone();
    for node in &mut map.nodes {
        if let Body::Statement(statement) = &mut node.body {
            statement.id = argscope::formats::slug(&statement.label);
        }
    }
    argdown::write(&map)
}

/// Reads `text` in `format` as opening a file reads it: argscope JSON the way loading takes it
/// (the positioned reader runs only when there is a problem to place), validation included.
pub fn parse(format: &str, text: &str) -> ArgMap {
    match format {
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
        "opml" => opml::parse(text, "debate.opml").map,
        _ => aif::parse(text, "debate.json").map,
    }
}

/// Words claims are made of: mostly English, some with accents, some in other scripts.
const WORDS: &[&str] = &[
    "the",
    "sanctions",
    "Iran",
    "Russia",
    "relations",
    "will",
    "expand",
    "because",
    "trade",
    "security",
    "energy",
    "policy",
    "is",
    "not",
    "a",
    "of",
    "and",
    "to",
    "in",
    "that",
    "for",
    "West",
    "investment",
    "Caspian",
    "nuclear",
    "cooperation",
    "region",
    "markets",
    "oil",
    "gas",
    "students",
    "schools",
    "should",
    "start",
    "later",
    "sleep",
    "evidence",
    "shows",
    "studies",
    "cost",
    "benefit",
    "risk",
    "long-term",
    "interests",
    "friends",
    "partners",
    "technology",
    "universities",
    "growth",
    "prices",
    "voters",
    "government",
    "law",
    "rights",
    "freedom",
    "débat",
    "naïve",
    "über",
    "café",
    "coöperation",
    "señal",
    "Россия",
    "Иран",
    "中国",
    "ایران",
    "روسیه",
    "日本",
    "한국",
    "Ελλάδα",
    "—",
    "«quoted»",
    "it’s",
    "doesn’t",
    "🙂",
];

/// The sizes every benchmark measures: `ARGSCOPE_BENCH_SIZES` (e.g. `1k` or `1k,10k,100k`),
/// or without it 1k, 10k, 100k and 1M nodes.
pub fn sizes() -> Vec<usize> {
    let text = std::env::var("ARGSCOPE_BENCH_SIZES").unwrap_or_default();
    if text.trim().is_empty() {
        return vec![1_000, 10_000, 100_000, 1_000_000];
    }
    text.split(',')
        .map(|part| {
            parse_count(part.trim()).unwrap_or_else(|error| panic!("ARGSCOPE_BENCH_SIZES: {error}"))
        })
        .collect()
}

/// A count as people write it: a number, or with k (thousand) or M (million): 1k, 100k, 1M.
pub fn parse_count(text: &str) -> Result<usize, String> {
    let (digits, factor) = match text.strip_suffix(['k', 'K']) {
        Some(d) => (d, 1_000),
        None => match text.strip_suffix('M') {
            Some(d) => (d, 1_000_000),
            None => (text, 1),
        },
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a count; write e.g. 1000, 10k or 1M"))?;
    Ok((n * factor).max(1))
}

/// A size as a benchmark names it: 1k, 10k, 1M (or the plain number when it is neither).
pub fn size_name(n: usize) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}M", n / 1_000_000)
    } else if n >= 1_000 && n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

/// Deterministic random numbers (splitting a seed is enough for benchmarks).
pub struct Rng(fastrand::Rng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(fastrand::Rng::with_seed(seed))
    }

    fn below(&mut self, n: usize) -> usize {
        self.0.usize(..n.max(1))
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.0.u32(..100) < percent
    }

    fn words(&mut self, min: usize, max: usize) -> String {
        let n = min + self.below(max - min + 1);
        let mut out = String::new();
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(WORDS[self.below(WORDS.len())]);
        }
        out
    }
}

/// A debate of exactly `nodes` nodes (the thesis included), the same for the same seed.
pub fn debate(nodes: usize, seed: u64) -> ArgMap {
    let mut rng = Rng::new(seed);
    let meta = Meta {
        title: format!("Synthetic debate of {nodes} nodes"),
        author: "argscope benches".to_string(),
        ..Meta::default()
    };
    let mut map = ArgMap::new(meta, statement(&mut rng, 0));
    // Breadth first: each node in turn gets 1–6 children until the map is full, so sizes
    // from a thousand to a million share one shape; depth is capped near 12.
    let mut queue = std::collections::VecDeque::from([(map.root, 0usize)]);
    let mut leaves: Vec<NodeId> = Vec::new();
    while map.len() < nodes {
        let Some((parent, depth)) = queue.pop_front() else {
            // Everything reached the depth cap: widen from the top again.
            queue.push_back((map.root, 0));
            continue;
        };
        let children = 1 + rng.below(6);
        for _ in 0..children {
            if map.len() >= nodes {
                break;
            }
            let (kind, undercut) = match rng.below(100) {
                0..=44 => (Kind::Claim, false),
                45..=54 => (Kind::Evidence, false),
                55..=79 => (Kind::Objection, false),
                80..=84 => (Kind::Objection, true),
                85..=91 => (Kind::Caveat, false),
                92..=95 => (Kind::Question, false),
                _ => (Kind::Rebuttal, false),
            };
            let index = map.len();
            let id = map.push(parent, kind, Body::Statement(statement(&mut rng, index)));
            map.nodes[id.index()].undercut = undercut;
            if depth + 1 < 12 {
                queue.push_back((id, depth + 1));
            }
            leaves.push(id);
        }
    }
    // About 5% of the leaves repeat a statement made earlier (never an ancestor's own).
    for leaf in leaves {
        if !map.children(leaf).is_empty() || !rng.chance(5) || leaf.index() < 2 {
            continue;
        }
        let target = NodeId(rng.below(leaf.index()) as u32);
        let ancestor = map.path_to(leaf).contains(&target);
        if ancestor || map.is_ref(target) {
            continue;
        }
        map.nodes[leaf.index()].body = Body::Ref(target);
    }
    map
}

fn statement(rng: &mut Rng, index: usize) -> Statement {
    let text = rng.words(8, 40);
    let mut label: String = text.split(' ').take(6).collect::<Vec<_>>().join(" ");
    // Room for the index after it: a label stays within 60 columns.
    if argscope::text::width(&label) > 50 {
        label = argscope::text::truncate(&label, 50);
    }
    Statement {
        id: format!("s{index}"),
        label: format!("{label} {index}"),
        text: format!("{text}."),
        quote: if rng.chance(20) {
            rng.words(5, 15)
        } else {
            String::new()
        },
        ..Statement::default()
    }
}

/// The map as AIF JSON (AIFdb's nodeset shape): I-nodes for statements, RA-nodes for support,
/// CA-nodes for attacks; an undercut is a CA-node aimed at the RA-node of the inference it
/// attacks. argscope has no AIF writer (AIF is read, not written), so the benches make their
/// own.
pub fn aif(map: &ArgMap) -> String {
    use std::fmt::Write;
    let mut nodes = String::new();
    let mut edges = String::new();
    let mut next = map.len();
    // The RA or CA node joining each node to its parent.
    let mut joint: Vec<usize> = vec![0; map.len()];
    let escape = |s: &str| serde_json::to_string(s).unwrap_or_default();
    for id in map.preorder() {
        let node = map.node(id);
        let own = map.resolve(id).index();
        if !map.is_ref(id) {
            let statement = map.statement(id);
            let _ = write!(
                nodes,
                "{}{{\"nodeID\": \"{own}\", \"text\": {}, \"type\": \"I\"}}",
                if nodes.is_empty() { "" } else { ",\n" },
                escape(&statement.text)
            );
        }
        let Some(parent) = node.parent else { continue };
        let scheme = if node.kind.stance() == argscope::model::Stance::For {
            "RA"
        } else {
            "CA"
        };
        let j = next;
        next += 1;
        joint[id.index()] = j;
        let _ = write!(
            nodes,
            ",\n{{\"nodeID\": \"{j}\", \"text\": \"{}\", \"type\": \"{scheme}\"}}",
            if scheme == "RA" {
                "Default Inference"
            } else {
                "Default Conflict"
            }
        );
        // An undercut attacks the inference joining its parent to the grandparent.
        let target = if node.undercut && map.parent(parent).is_some() {
            joint[parent.index()]
        } else {
            map.resolve(parent).index()
        };
        let e = next;
        next += 2;
        let _ = write!(
            edges,
            "{}{{\"edgeID\": \"{e}\", \"fromID\": \"{own}\", \"toID\": \"{j}\"}},\n{{\"edgeID\": \"{}\", \"fromID\": \"{j}\", \"toID\": \"{target}\"}}",
            if edges.is_empty() { "" } else { ",\n" },
            e + 1
        );
    }
    format!("{{\"nodes\": [\n{nodes}\n],\n\"edges\": [\n{edges}\n]}}\n")
}
