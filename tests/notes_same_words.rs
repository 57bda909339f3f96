//! Notes on points with the same words under one parent (a Pro and a Con both saying "Cost"),
//! in a map whose ids change on every export (Kialo's): each keeps its own note, through a save,
//! reopening, and a re-export that renumbers the points; notes written before keep their place.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use argscope::model::NodeId;
use argscope::notes::store::{Store, to_json};
use argscope::notes::{Entry, Keys};

const BIN: &str = env!("CARGO_BIN_EXE_argscope");

const TITLE: &str = "Should the school buy tablets?";

const KIALO: &str = "Discussion Title: Should the school buy tablets?

1. The school should buy tablets.
1.1. Pro: Cost
1.2. Con: Cost
1.3. Pro: Pupils like them.
";

/// The same discussion exported again after a point was added at the top: every number moves.
const RENUMBERED: &str = "Discussion Title: Should the school buy tablets?

1. The school should buy tablets.
1.1. Pro: Screens are easier to read than small print.
1.2. Pro: Cost
1.3. Con: Cost
1.4. Pro: Pupils like them.
";

/// The "Cost" points of the map in `path`, the Pro and the Con, as the tree shows them.
fn costs(path: &Path) -> (argscope::load::Loaded, NodeId, NodeId) {
    let loaded = argscope::load::from_path(path).unwrap();
    assert!(!loaded.stable_ids, "Kialo numbers are not ids");
    let map = &loaded.map;
    let cost: Vec<NodeId> = map
        .children(map.root)
        .iter()
        .copied()
        .filter(|&id| map.statement(id).label == "Cost")
        .collect();
    let [pro, con] = cost[..] else {
        panic!("two Costs: {cost:?}")
    };
    (loaded, pro, con)
}

/// The note the view shows on `id`, with the notes at `notes_path` opened as the program opens
/// them.
fn note_shown(path: &Path, notes_path: &Path, pick: impl Fn(NodeId, NodeId) -> NodeId) -> String {
    let (loaded, pro, con) = costs(path);
    let (_store, notes) = Store::open(notes_path.to_path_buf(), TITLE, false);
    let keys = Keys::for_view(false);
    let key = keys.key_in(&loaded.map, pick(pro, con));
    notes.get(&key).map(|e| e.note.clone()).unwrap_or_default()
}

fn summary(map: &Path) -> String {
    let out = Command::new(BIN)
        .args(["notes", "summary"])
        .arg(map)
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The block of the summary about the point written `heading` (`+ Cost (claim`).
fn block<'a>(summary: &'a str, heading: &str) -> &'a str {
    let start = summary.find(heading).expect(heading);
    let rest = &summary[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

#[test]
fn a_pro_and_a_con_with_the_same_words_keep_their_own_notes_through_save_reopen_and_reexport() {
    let dir = tempfile::tempdir().unwrap();
    let map_path = dir.path().join("tablets.txt");
    let notes_path = dir.path().join("tablets.notes.json");
    std::fs::write(&map_path, KIALO).unwrap();
    {
        let (loaded, pro, con) = costs(&map_path);
        let (mut store, mut notes) = Store::open(notes_path.clone(), TITLE, false);
        let keys = Keys::for_view(false);
        let pro_key = keys.key_in(&loaded.map, pro).into_owned();
        let con_key = keys.key_in(&loaded.map, con).into_owned();
        notes.change(&pro_key, "Cost", |e| e.note = "Cheaper than books".into());
        notes.change(&con_key, "Cost", |e| e.note = "Chargers cost too".into());
        store.save(&notes).unwrap();
    }
    for map in [KIALO, RENUMBERED] {
        std::fs::write(&map_path, map).unwrap();
        assert_eq!(
            note_shown(&map_path, &notes_path, |pro, _| pro),
            "Cheaper than books"
        );
        assert_eq!(
            note_shown(&map_path, &notes_path, |_, con| con),
            "Chargers cost too"
        );
        let summary = summary(&map_path);
        assert!(
            block(&summary, "+ Cost (claim").contains("Cheaper than books"),
            "{summary}"
        );
        assert!(
            !block(&summary, "+ Cost (claim").contains("Chargers"),
            "{summary}"
        );
        assert!(
            block(&summary, "− Cost (objection").contains("Chargers cost too"),
            "{summary}"
        );
    }
}

/// FNV-1a, 64 bits, as notes files keyed by text were always written.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn a_note_written_before_same_worded_points_were_told_apart_stays_on_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let map_path = dir.path().join("tablets.txt");
    let notes_path = dir.path().join("tablets.notes.json");
    std::fs::write(&map_path, KIALO).unwrap();
    // The key every "Cost" under this thesis had: the hash of both labels, normalised.
    let old_key = format!(
        "h-{:016x}",
        fnv1a("cost\u{1f}the school should buy tablets.")
    );
    let entry = Entry {
        note: "Written last term".into(),
        label: "Cost".into(),
        ..Entry::default()
    };
    let entries = BTreeMap::from([(old_key, entry)]);
    std::fs::write(&notes_path, to_json(TITLE, false, &entries)).unwrap();

    assert_eq!(
        note_shown(&map_path, &notes_path, |pro, _| pro),
        "Written last term"
    );
    assert_eq!(note_shown(&map_path, &notes_path, |_, con| con), "");
    let summary = summary(&map_path);
    assert!(
        block(&summary, "+ Cost (claim").contains("Written last term"),
        "{summary}"
    );
    assert!(
        !block(&summary, "− Cost (objection").contains("Written last term"),
        "{summary}"
    );
    assert!(!summary.contains("rphan"), "{summary}");
}
