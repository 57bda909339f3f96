//! Notes survive a crash at any moment. A child process (this test binary run again, on one
//! ignored test) saves numbered versions of the notes as fast as it can; the parent kills it with
//! SIGKILL at random moments, hundreds of times, and after every kill checks that the notes file
//! parses and is, byte for byte, a version the child wrote, never older than one seen before, and
//! that the `.bak` is that version or the one before it. A second loop does the same with a full
//! disk injected in the child after a few versions: the file stays the last good version.
//!
//! The same runs are repeated under stress: notes whose text carries escape sequences, C0 and C1
//! controls and bidirectional overrides (the writer must escape them so the file still parses);
//! thousands of notes, so a save takes long enough to be killed in the middle of every step;
//! and two children racing on the same notes file, where the one that finds the other's lock
//! must open read-only and never write, so the file is always a version of the one writer.
//!
//! Kill moments come from a small deterministic generator, so a run is repeatable as far as the
//! scheduler allows.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader, ErrorKind, Read as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use argscope::notes::store::{self, SaveError, Step, Store, StoreStatus};
use argscope::notes::{Entry, Mark};
use argscope::text::sanitize;

/// Set in the child: the notes file to write.
const CHILD_PATH: &str = "ARGSCOPE_CRASH_CHILD_PATH";
/// Set in the child: after this many versions, every write fails as on a full disk.
const CHILD_FULL_AFTER: &str = "ARGSCOPE_CRASH_CHILD_FULL_AFTER";
/// Set in the child: which notes it writes ([`Notes::name`]).
const CHILD_NOTES: &str = "ARGSCOPE_CRASH_CHILD_NOTES";
const CHILD_TEST: &str = "child_saves_numbered_versions_until_killed";
/// What the child prints once it has opened the notes and starts saving, followed by
/// `-WRITABLE` or `-READONLY`.
const READY: &str = "ARGSCOPE-CRASH-CHILD-READY";
const MAP: &str = "Crash test";

/// Everything a note could carry to drive a terminal: CSI, OSC 52 and OSC 8, DCS, BEL,
/// backspace, carriage return, NUL, DEL, C1 controls, bidirectional overrides and isolates.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]52;c;aGFja2Vk\u{7}\u{1b}]8;;http://x/\u{1b}\\l\u{1b}P1$t\u{1b}\\\u{7}\u{8}\r\u{0}\u{7f}\u{9b}31m\u{9d}\u{85}\u{202a}\u{202e}\u{2066}\u{2069}\"\\";

/// Which notes a child writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A dozen notes of a few hundred bytes to a kilobyte and a half.
    Plain,
    /// The same, each note and label carrying [`HOSTILE`].
    Hostile,
    /// Three thousand notes: each save is about half a megabyte.
    Many,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Plain => "plain",
            Kind::Hostile => "hostile",
            Kind::Many => "many",
        }
    }

    fn from_name(name: &str) -> Kind {
        match name {
            "hostile" => Kind::Hostile,
            "many" => Kind::Many,
            _ => Kind::Plain,
        }
    }
}

/// The notes of version `n`: a counter, and entries whose size and content vary with `n`, so
/// that a file torn between two versions, or holding one version's counter with another's
/// entries, cannot pass for either.
fn version(kind: Kind, n: u64) -> BTreeMap<String, Entry> {
    let mut entries = BTreeMap::new();
    entries.insert(
        "counter".to_string(),
        Entry {
            note: n.to_string(),
            label: "Counter".to_string(),
            ..Entry::default()
        },
    );
    let (nodes, longest) = match kind {
        Kind::Plain | Kind::Hostile => (12, 30),
        Kind::Many => (3000, 3),
    };
    let hostile = if kind == Kind::Hostile { HOSTILE } else { "" };
    for k in 0..nodes {
        let words = "the quick brown fox jumps over the lazy dog; "
            .repeat(((n * 7 + k) % longest + 1) as usize);
        entries.insert(
            format!("node-{k:04}"),
            Entry {
                mark: Some(Mark::ALL[((n + k) % 3) as usize]),
                impact: Some(((n + k) % 5) as u8),
                bookmark: (n + k).is_multiple_of(2),
                note: format!("version {n}, node {k}:{hostile} {words}"),
                label: format!("Node {k}{hostile}"),
            },
        );
    }
    entries
}

/// Entries as a store reads them back: text cleaned of what could drive a terminal.
fn as_read(entries: BTreeMap<String, Entry>) -> BTreeMap<String, Entry> {
    entries
        .into_iter()
        .map(|(key, entry)| {
            let entry = Entry {
                note: sanitize(&entry.note, true),
                label: sanitize(&entry.label, false),
                ..entry
            };
            (key, entry)
        })
        .collect()
}

/// The version a notes file holds, after checking it is exactly that version, whole.
fn check_file(kind: Kind, path: &Path) -> u64 {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    let file = store::parse(&text, &path.display().to_string())
        .unwrap_or_else(|problems| panic!("{} does not parse: {problems:?}", path.display()));
    let counter = &file.entries["counter"].note;
    let n: u64 = counter.parse().unwrap_or_else(|_| {
        panic!(
            "{} holds notes no writer wrote (counter {counter:?}): a read-only argscope wrote it",
            path.display()
        )
    });
    assert!(
        text == store::to_json(MAP, true, &version(kind, n)),
        "{} says version {n} but its content is not version {n}'s",
        path.display()
    );
    n
}

/// The child: saves versions 1, 2, 3 … (continuing from the file's) until it is killed. A child
/// that finds the notes read-only (another child holds the lock) keeps trying to save notes of
/// its own, which must all be refused.
#[test]
#[ignore = "the child of the crash tests; run by them, does nothing alone"]
fn child_saves_numbered_versions_until_killed() {
    let Some(path) = std::env::var_os(CHILD_PATH) else {
        return;
    };
    let full_after: Option<u64> = std::env::var(CHILD_FULL_AFTER)
        .ok()
        .map(|v| v.parse().unwrap());
    let kind = Kind::from_name(&std::env::var(CHILD_NOTES).unwrap_or_default());
    let (mut store, mut notes) = Store::open(PathBuf::from(path), MAP, true);
    let writable = match store.status() {
        StoreStatus::Writable => true,
        StoreStatus::ReadOnly(reason) => {
            assert!(reason.contains("another argscope"), "{reason}");
            false
        }
        other => panic!("the notes opened {other:?}"),
    };
    println!("{READY}-{}", if writable { "WRITABLE" } else { "READONLY" });
    let mut n: u64 = notes.get("counter").map_or(0, |e| e.note.parse().unwrap());
    loop {
        n += 1;
        let full = full_after.is_some_and(|good| n > good);
        if full {
            store.inject_fault(Some((Step::Write, ErrorKind::StorageFull)));
        }
        let mut entries = version(kind, n);
        if !writable {
            // Notes no writer writes: should one ever reach the file, check_file says so.
            entries.get_mut("counter").unwrap().note = format!("intruder {n}");
        }
        for (key, entry) in entries {
            notes.change(&key, &entry.label.clone(), |e| *e = entry);
        }
        match store.save(&notes) {
            Ok(()) => assert!(writable && !full, "a save that must fail succeeded"),
            Err(SaveError::ReadOnly(_)) if !writable => {}
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

/// How the children of one test run.
struct Stress {
    /// How many times children are started and killed.
    kills: usize,
    seed: u64,
    /// After this many versions, every write fails as on a full disk.
    full_after: Option<u64>,
    kind: Kind,
    /// Two children on the same notes at once: one must find the other's lock.
    race: bool,
}

/// Starts a child saving `kind` notes to `path`.
fn spawn_child(path: &Path, stress: &Stress) -> Child {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", CHILD_TEST, "--nocapture", "--ignored"])
        .env(CHILD_PATH, path)
        .env(CHILD_NOTES, stress.kind.name())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match stress.full_after {
        Some(good) => command.env(CHILD_FULL_AFTER, good.to_string()),
        None => command.env_remove(CHILD_FULL_AFTER),
    };
    command.spawn().unwrap()
}

/// Waits until the child has opened the notes; true when it may write them.
fn wait_ready(child: &mut Child) -> bool {
    let stdout = BufReader::new(child.stdout.take().unwrap());
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some(status) = line.strip_prefix(READY) {
            return status == "-WRITABLE";
        }
    }
    panic!("the child ended before opening the notes");
}

/// Kills a child with SIGKILL (no destructor, no clean-up, like a crash) and checks that it was
/// still running, with no failed assertion.
fn kill(mut child: Child, run: usize) {
    let exited = child.try_wait().unwrap();
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
}

/// Runs children `kills` times, killing them at random moments, and checks the files after
/// every kill.
fn kill_repeatedly(stress: Stress) -> Figures {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.notes.json");
    let backup = store::backup_path(&path);
    let mut rng = Rng(stress.seed);
    // A save of thousands of notes takes a few tens of milliseconds in a debug build: kill within
    // a span that covers several of them.
    let span = match stress.kind {
        Kind::Many => 10,
        Kind::Plain | Kind::Hostile => 1,
    };
    let mut last = 0;
    let mut mid_save = 0;
    let started = Instant::now();
    for run in 0..stress.kills {
        let mut children = vec![spawn_child(&path, &stress)];
        if stress.race {
            // The second starts at once or a moment later: before, while or after the first
            // takes the lock.
            std::thread::sleep(Duration::from_micros(rng.below(3_000)));
            children.push(spawn_child(&path, &stress));
            let writable: Vec<bool> = children.iter_mut().map(wait_ready).collect();
            assert_eq!(
                writable.iter().filter(|&&w| w).count(),
                1,
                "run {run}: exactly one of two argscopes on the same notes may write them: {writable:?}"
            );
            std::thread::sleep(Duration::from_micros(rng.below(15_000 * span)));
        } else if run % 4 == 0 {
            // Any moment from the start: while it starts, opens the notes, or saves.
            std::thread::sleep(Duration::from_micros(rng.below(25_000 * span)));
        } else {
            // A moment while it saves, however long it took to start on a busy machine.
            assert!(
                wait_ready(&mut children[0]),
                "run {run}: the notes opened read-only"
            );
            std::thread::sleep(Duration::from_micros(rng.below(15_000 * span)));
        }
        if rng.below(2) == 0 {
            children.reverse();
        }
        for child in children {
            kill(child, run);
        }

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
        let n = check_file(stress.kind, &path);
        assert!(
            n >= last,
            "run {run}: the file went back from version {last} to {n}"
        );
        if let Some(good) = stress.full_after {
            assert!(
                n <= good,
                "run {run}: version {n} was written on a full disk"
            );
        }
        if backup.exists() {
            let b = check_file(stress.kind, &backup);
            assert!(
                b == n || b + 1 == n,
                "run {run}: the .bak is version {b} beside version {n}"
            );
        }
        last = n;
    }
    let elapsed = started.elapsed();
    // After all that, an argscope opens the notes normally (their text cleaned as it is read),
    // and clears what the crashes left.
    let (store, notes) = Store::open(path.clone(), MAP, true);
    assert_eq!(store.status(), StoreStatus::Writable);
    assert_eq!(notes.entries(), &as_read(version(stress.kind, last)));
    drop(store);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["crash.notes.json", "crash.notes.json.bak"]);
    Figures {
        kills: stress.kills,
        mid_save,
        last_version: last,
        elapsed,
    }
}

/// Not a timing assertion: only that the kills did land while notes were being saved.
fn assert_saved_enough(what: &str, figures: &Figures, versions: u64) {
    eprintln!(
        "{what}: {} kills in {:.1?}, {} of them in the middle of a save; the file reached version {}",
        figures.kills, figures.elapsed, figures.mid_save, figures.last_version
    );
    assert!(
        figures.mid_save > 0 && figures.last_version > versions,
        "{what}: the child saved too little to test anything: version {}, {} kills mid-save",
        figures.last_version,
        figures.mid_save
    );
}

#[test]
fn notes_survive_being_killed_at_any_moment() {
    let figures = kill_repeatedly(Stress {
        kills: 300,
        seed: 0x5eed_2024,
        full_after: None,
        kind: Kind::Plain,
        race: false,
    });
    assert_saved_enough("plain notes", &figures, 30);
}

#[test]
fn notes_survive_being_killed_on_a_full_disk() {
    const GOOD: u64 = 5;
    let figures = kill_repeatedly(Stress {
        kills: 100,
        seed: 0xd15c_f011,
        full_after: Some(GOOD),
        kind: Kind::Plain,
        race: false,
    });
    eprintln!(
        "{} kills on a full disk in {:.1?}, {} of them in the middle of a save; the file stayed at version {}",
        figures.kills, figures.elapsed, figures.mid_save, figures.last_version
    );
    assert_eq!(figures.last_version, GOOD);
}

#[test]
fn hostile_notes_survive_being_killed_and_read_back_cleaned() {
    let figures = kill_repeatedly(Stress {
        kills: 150,
        seed: 0xbad_c0de,
        full_after: None,
        kind: Kind::Hostile,
        race: false,
    });
    assert_saved_enough("hostile notes", &figures, 10);
}

#[test]
fn hostile_notes_survive_a_full_disk() {
    const GOOD: u64 = 3;
    let figures = kill_repeatedly(Stress {
        kills: 40,
        seed: 0xf00d,
        full_after: Some(GOOD),
        kind: Kind::Hostile,
        race: false,
    });
    assert_eq!(figures.last_version, GOOD);
}

#[test]
fn thousands_of_notes_survive_being_killed_mid_save() {
    let figures = kill_repeatedly(Stress {
        kills: 40,
        seed: 0x7_0005,
        full_after: None,
        kind: Kind::Many,
        race: false,
    });
    assert_saved_enough("3,000 notes", &figures, 3);
}

#[test]
fn two_argscopes_racing_on_one_notes_file_never_both_write() {
    let figures = kill_repeatedly(Stress {
        kills: 120,
        seed: 0x2ace,
        full_after: None,
        kind: Kind::Hostile,
        race: true,
    });
    assert_saved_enough("two racing on one file", &figures, 10);
}
