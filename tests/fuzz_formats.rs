//! Fuzzing every reader with proptest: arbitrary bytes, and valid files (the fixtures, and the
//! built-in map written by each writer) with bytes flipped, inserted, deleted and duplicated and
//! lines deleted, duplicated and swapped. Whatever a reader is given, it must not panic, must
//! finish (inputs are at most a few tens of kilobytes, so a correct reader is quick and a hang
//! shows as this test never ending), must build a map the model accepts, and must not build a
//! map or a problem list out of proportion to its input (bounded memory).
//!
//! Cases per run (proptest's seed changes each run; a failure is saved and replayed first):
//!
//! - arbitrary bytes: 4,096 cases, each given to the UTF-8 decoder and to all six readers
//!   (argscope JSON, Argdown, Argdown JSON, Kialo, AIF, OPML);
//! - mutated files: 2,048 cases for each of the six formats, each given to its own reader and,
//!   when its content now looks like another format, to that reader too.
//!
//! So each reader reads at least 6,144 inputs a run, some 40,000 reads in all; the file takes
//! about 30 s in debug on two cores. Crashes found are kept at the end as named regression
//! tests with the input that caused them.

use std::sync::OnceLock;

use argscope::formats::detect::{Format, detect};
use argscope::formats::{Imported, aif, argdown, kialo, native, opml};
use argscope::load::{self, DocumentSource};
use argscope::model::ArgMap;
use proptest::prelude::*;

/// Reads `text` as `format`, with the checks every input must pass.
fn read(format: Format, text: &str) -> Result<(), TestCaseError> {
    let file = "fuzz.in";
    let imported = match format {
        // As the loader reads it: parsed, then validated (which refuses bad ids and the like).
        Format::Argscope => match load::from_str(text, file, DocumentSource::Text("")) {
            Ok(loaded) => {
                check_map(&loaded.map, text)?;
                return Ok(());
            }
            Err(error) => {
                let problems = error.problems();
                prop_assert!(!problems.is_empty(), "a refusal says why");
                prop_assert!(
                    problems.len() <= text.len() + 8,
                    "{} problems",
                    problems.len()
                );
                return Ok(());
            }
        },
        Format::Argdown => argdown::parse(text, file),
        Format::ArgdownJson => argdown::parse_json(text, file),
        Format::Kialo => kialo::parse(text, file),
        Format::Aif => aif::parse(text, file),
        Format::Opml => opml::parse(text, file),
    };
    check_imported(&imported, text)
}

fn check_imported(imported: &Imported, text: &str) -> Result<(), TestCaseError> {
    // A problem takes at least a character of input; a few are about the whole file.
    prop_assert!(
        imported.problems.len() <= text.len() + 8,
        "{} problems from {} bytes",
        imported.problems.len(),
        text.len()
    );
    check_map(&imported.map, text)
}

fn check_map(map: &ArgMap, text: &str) -> Result<(), TestCaseError> {
    // A node takes at least a character of input; a synthetic thesis and group come free.
    prop_assert!(
        map.len() <= text.len() + 3,
        "{} nodes from {} bytes",
        map.len(),
        text.len()
    );
    // The loader refuses a map the model does not accept, so an importer must never build one.
    let errors = argscope::model::errors(map, "fuzz.in");
    prop_assert!(errors.is_empty(), "invalid map: {:?}", errors);
    // What was read can be written out again.
    let _ = native::write(map);
    Ok(())
}

const FORMATS: [Format; 6] = [
    Format::Argscope,
    Format::Argdown,
    Format::ArgdownJson,
    Format::Kialo,
    Format::Aif,
    Format::Opml,
];

/// Valid files of one format: its fixtures, and the built-in map in it where argscope writes it.
fn seeds(format: Format) -> &'static [String] {
    static SEEDS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let all = SEEDS.get_or_init(|| {
        let builtin = argscope::load::builtin().map;
        let fixtures = |folder: &str, keep: &dyn Fn(&str) -> bool| -> Vec<String> {
            let dir = format!("{}/tests/fixtures/{folder}", env!("CARGO_MANIFEST_DIR"));
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .filter(|path| keep(&path.display().to_string()))
                .collect();
            files.sort();
            files
                .iter()
                .map(|path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned())
                .collect()
        };
        FORMATS
            .iter()
            .map(|&format| {
                let mut seeds = match format {
                    Format::Argscope => vec![argscope::load::BUILTIN_MAP.to_string()],
                    Format::Argdown => fixtures("argdown", &|p| p.ends_with(".argdown")),
                    Format::ArgdownJson => fixtures("argdown", &|p| p.ends_with(".json")),
                    Format::Kialo => fixtures("kialo", &|_| true),
                    Format::Aif => fixtures("aif", &|_| true),
                    Format::Opml => fixtures("opml", &|_| true),
                };
                match format {
                    Format::Argscope => seeds.push(native::write(&builtin)),
                    Format::Argdown => seeds.push(argdown::write(&builtin)),
                    Format::Kialo => seeds.push(kialo::write(&builtin)),
                    Format::Opml => seeds.push(opml::write(&builtin)),
                    Format::ArgdownJson | Format::Aif => {}
                }
                seeds
            })
            .collect()
    });
    let index = FORMATS.iter().position(|&f| f == format).unwrap();
    &all[index]
}

/// One change to a file.
#[derive(Debug, Clone)]
enum Mutation {
    FlipBit { at: usize, bit: u8 },
    Insert { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    DeleteLine { line: usize },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
}

/// Bytes that matter to some format's syntax, more often than chance would give them.
fn interesting_bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::sample::select(
                b"{}[]()<>\"':,.-+#!?\\/&;=\n\r\t 1.2.>@_*`".to_vec()
            ),
            1 => any::<u8>(),
        ],
        1..8,
    )
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        (at, 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        (at, interesting_bytes()).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (at, 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (at, 1usize..64).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        at.prop_map(|line| Mutation::DeleteLine { line }),
        at.prop_map(|line| Mutation::DuplicateLine { line }),
        (at, at).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
    ]
}

fn mutate(seed: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.as_bytes().to_vec();
    for mutation in mutations {
        let n = bytes.len();
        let pos = |at: usize| if n == 0 { 0 } else { at % (n + 1) };
        match mutation {
            Mutation::FlipBit { at, bit } => {
                if n > 0 {
                    bytes[at % n] ^= 1 << bit;
                }
            }
            Mutation::Insert { at, bytes: new } => {
                let at = pos(*at);
                bytes.splice(at..at, new.iter().copied());
            }
            Mutation::Delete { at, len } => {
                let at = pos(*at);
                let end = (at + len).min(n);
                bytes.drain(at..end);
            }
            Mutation::Duplicate { at, len } => {
                let at = pos(*at);
                let end = (at + len).min(n);
                let copy = bytes[at..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Mutation::DeleteLine { line } | Mutation::DuplicateLine { line } => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let i = line % lines.len();
                if matches!(mutation, Mutation::DeleteLine { .. }) {
                    lines.remove(i);
                } else {
                    let copy = lines[i].clone();
                    lines.insert(i, copy);
                }
                bytes = lines.join(&b'\n');
            }
            Mutation::SwapLines { a, b } => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let (a, b) = (a % lines.len(), b % lines.len());
                lines.swap(a, b);
                bytes = lines.join(&b'\n');
            }
        }
    }
    bytes
}

/// A mutated file of `format` goes to its own reader and to the one its content now suggests.
fn read_mutated(format: Format, seed: usize, mutations: &[Mutation]) -> Result<(), TestCaseError> {
    let seeds = seeds(format);
    let bytes = mutate(&seeds[seed % seeds.len()], mutations);
    let _ = argscope::load::decode(&bytes, "fuzz.in");
    let text = String::from_utf8_lossy(&bytes);
    read(format, &text)?;
    let detected = detect(&text);
    if detected != format {
        read(detected, &text)?;
    }
    Ok(())
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    proptest::collection::vec(mutation(), 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_break_any_reader(
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..512),
            interesting_bytes().prop_flat_map(|alphabet| {
                proptest::collection::vec(proptest::sample::select(alphabet), 0..512)
            }),
        ]
    ) {
        let _ = argscope::load::decode(&bytes, "fuzz.in");
        let text = String::from_utf8_lossy(&bytes);
        for format in FORMATS {
            read(format, &text)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn mutated_argscope_json_never_breaks_a_reader(seed in any::<usize>(), m in mutations()) {
        read_mutated(Format::Argscope, seed, &m)?;
    }

    #[test]
    fn mutated_argdown_never_breaks_a_reader(seed in any::<usize>(), m in mutations()) {
        read_mutated(Format::Argdown, seed, &m)?;
    }

    #[test]
    fn mutated_argdown_json_never_breaks_a_reader(seed in any::<usize>(), m in mutations()) {
        read_mutated(Format::ArgdownJson, seed, &m)?;
    }

    #[test]
    fn mutated_kialo_never_breaks_a_reader(seed in any::<usize>(), m in mutations()) {
        read_mutated(Format::Kialo, seed, &m)?;
    }

    #[test]
    fn mutated_aif_never_breaks_a_reader(seed in any::<usize>(), m in mutations()) {
        read_mutated(Format::Aif, seed, &m)?;
    }

    #[test]
    fn mutated_opml_never_breaks_a_reader(seed in any::<usize>(), m in mutations()) {
        read_mutated(Format::Opml, seed, &m)?;
    }
}

#[test]
fn every_format_has_seeds_and_each_seed_reads_cleanly() {
    for format in FORMATS {
        let seeds = seeds(format);
        assert!(!seeds.is_empty(), "{format:?}");
        for seed in seeds {
            read(format, seed).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regression tests: inputs the fuzzing above found breaking a reader, kept as they were found.
