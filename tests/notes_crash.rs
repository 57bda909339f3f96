//! Notes survive a crash at any moment. A child process (this test binary run again, on one
//! ignored test) saves numbered versions of the notes as fast as it can; the parent kills it with
//! SIGKILL at random moments, hundreds of times, and after every kill checks that the notes file
//! parses and is, byte for byte, a version the child wrote, never older than one seen before, and
//! that the `.bak` is that version or the one before it. A second loop does the same with a full
//! disk injected in the child after a few versions: the file stays the last good version.
//!
//! Kill moments come from a small deterministic generator, so a run is repeatable as far as the
//! scheduler allows.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader, ErrorKind, Read as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use argscope::notes::store::{self, Step, Store, StoreStatus};
use argscope::notes::{Entry, Mark};

/// Set in the child: the notes file to write.
const CHILD_PATH: &str = "ARGSCOPE_CRASH_CHILD_PATH";
/// Set in the child: after this many versions, every write fails as on a full disk.
const CHILD_FULL_AFTER: &str = "ARGSCOPE_CRASH_CHILD_FULL_AFTER";
const CHILD_TEST: &str = "child_saves_numbered_versions_until_killed";
/// What the child prints once it has opened the notes and starts saving.
const READY: &str = "ARGSCOPE-CRASH-CHILD-READY";
const MAP: &str = "Crash test";
const NODES: u64 = 12;

/// The notes of version `n`: a counter, and entries whose size and content vary with `n`, so
/// that a file torn between two versions, or holding one version's counter with another's
/// entries, cannot pass for either.
fn version(n: u64) -> BTreeMap<String, Entry> {
    let mut entries = BTreeMap::new();
    entries.insert(
        "counter".to_string(),
        Entry {
            note: n.to_string(),
            label: "Counter".to_string(),
            ..Entry::default()
        },
    );
    for k in 0..NODES {
        let words =
            "the quick brown fox jumps over the lazy dog; ".repeat(((n * 7 + k) % 30 + 5) as usize);
        entries.insert(
            format!("node-{k:02}"),
            Entry {
                mark: Some(Mark::ALL[((n + k) % 3) as usize]),
                impact: Some(((n + k) % 5) as u8),
                bookmark: (n + k).is_multiple_of(2),
                note: format!("version {n}, node {k}: {words}"),
                label: format!("Node {k}"),
            },
        );
    }
    entries
}

/// The version a notes file holds, after checking it is exactly that version, whole.
fn check_file(path: &Path) -> u64 {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    let file = store::parse(&text, &path.display().to_string())
        .unwrap_or_else(|problems| panic!("{} does not parse: {problems:?}", path.display()));
    let n: u64 = file.entries["counter"].note.parse().unwrap();
    assert!(
        text == store::to_json(MAP, true, &version(n)),
        "{} says version {n} but its content is not version {n}'s",
        path.display()
    );
    n
}

/// The child: saves versions 1, 2, 3 … (continuing from the file's) until it is killed.
#[test]
#[ignore = "the child of the crash tests; run by them, does nothing alone"]
fn child_saves_numbered_versions_until_killed() {
    let Some(path) = std::env::var_os(CHILD_PATH) else {
        return;
    };
    let full_after: Option<u64> = std::env::var(CHILD_FULL_AFTER)
        .ok()
        .map(|v| v.parse().unwrap());
    let (mut store, mut notes) = Store::open(PathBuf::from(path), MAP, true);
    assert_eq!(store.status(), StoreStatus::Writable);
    println!("{READY}");
    let mut n: u64 = notes.get("counter").map_or(0, |e| e.note.parse().unwrap());
    loop {
        n += 1;
        let full = full_after.is_some_and(|good| n > good);
        if full {
            store.inject_fault(Some((Step::Write, ErrorKind::StorageFull)));
        }
        for (key, entry) in version(n) {
            notes.change(&key, &entry.label.clone(), |e| *e = entry);
        }
        match store.save(&notes) {
            Ok(()) => assert!(!full, "a save on a full disk succeeded"),
            Err(error) => {
                assert!(full, "save {n} failed: {error}");
                assert!(!store.is_saved(&notes));
            }
        }
    }
}

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % bound
    }
}

struct Figures {
    kills: usize,
    /// Kills that left a temporary file: the child was in the middle of a save.
    mid_save: usize,
    last_version: u64,
    elapsed: Duration,
}

/// Runs the child `kills` times, killing each at a random moment, and checks the files after
/// every kill.
fn kill_repeatedly(kills: usize, seed: u64, full_after: Option<u64>) -> Figures {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.notes.json");
    let backup = store::backup_path(&path);
    let mut rng = Rng(seed);
    let mut last = 0;
    let mut mid_save = 0;
    let started = Instant::now();
    for run in 0..kills {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command
            .args(["--exact", CHILD_TEST, "--nocapture", "--ignored"])
            .env(CHILD_PATH, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match full_after {
            Some(good) => command.env(CHILD_FULL_AFTER, good.to_string()),
            None => command.env_remove(CHILD_FULL_AFTER),
        };
        let mut child = command.spawn().unwrap();
        if run % 4 == 0 {
            // Any moment from the start: while it starts, opens the notes, or saves.
            std::thread::sleep(Duration::from_micros(rng.below(25_000)));
        } else {
            // A moment while it saves, however long it took to start on a busy machine.
            let stdout = BufReader::new(child.stdout.take().unwrap());
            for line in stdout.lines() {
                if line.unwrap().contains(READY) {
                    break;
                }
            }
            std::thread::sleep(Duration::from_micros(rng.below(15_000)));
        }
        let exited = child.try_wait().unwrap();
        // Child::kill sends SIGKILL on Unix: no destructor, no clean-up, like a crash.
        let _ = child.kill();
        child.wait().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(
            exited.is_none() && !stderr.contains("panicked"),
            "run {run}: the child stopped by itself ({exited:?}): {stderr}"
        );

        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        if names.iter().any(|n| n.contains(".tmp-")) {
            mid_save += 1;
        }
        if !path.exists() {
            // Killed before its first save: nothing was saved, so nothing is lost.
            assert_eq!(last, 0, "run {run}: the notes file is gone");
            continue;
        }
        let n = check_file(&path);
        assert!(
            n >= last,
            "run {run}: the file went back from version {last} to {n}"
        );
        if let Some(good) = full_after {
            assert!(
                n <= good,
                "run {run}: version {n} was written on a full disk"
            );
        }
        if backup.exists() {
            let b = check_file(&backup);
            assert!(
                b == n || b + 1 == n,
                "run {run}: the .bak is version {b} beside version {n}"
            );
        }
        last = n;
    }
    let elapsed = started.elapsed();
    // After all that, an argscope opens the notes normally, and clears what the crashes left.
    let (store, notes) = Store::open(path.clone(), MAP, true);
    assert_eq!(store.status(), StoreStatus::Writable);
    assert_eq!(notes.entries(), &version(last));
    drop(store);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["crash.notes.json", "crash.notes.json.bak"]);
    Figures {
        kills,
        mid_save,
        last_version: last,
        elapsed,
    }
}

#[test]
fn notes_survive_being_killed_at_any_moment() {
    let figures = kill_repeatedly(300, 0x5eed_2024, None);
    eprintln!(
        "{} kills in {:.1?}, {} of them in the middle of a save; the child reached version {}",
        figures.kills, figures.elapsed, figures.mid_save, figures.last_version
    );
    // Not a timing assertion: only that the kills did land while notes were being saved.
    assert!(
        figures.mid_save > 0 && figures.last_version > 30,
        "the child saved too little to test anything: version {}, {} kills mid-save",
        figures.last_version,
        figures.mid_save
    );
}

#[test]
fn notes_survive_being_killed_on_a_full_disk() {
    const GOOD: u64 = 5;
    let figures = kill_repeatedly(100, 0xd15c_f011, Some(GOOD));
    eprintln!(
        "{} kills on a full disk in {:.1?}, {} of them in the middle of a save; the file stayed at version {}",
        figures.kills, figures.elapsed, figures.mid_save, figures.last_version
    );
    assert_eq!(figures.last_version, GOOD);
}
