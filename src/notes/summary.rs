//! After the seminar: what the group made of each point of the map.
//!
//! Each point (a child of the thesis, with everything below it) gets a tally: how many of its
//! nodes the group agreed with, disagreed with or was unsure about, the mean impact of the nodes
//! it rated, how many it bookmarked, and its notes. The thesis gets the same for itself alone,
//! the whole map a total, and notes whose node is gone are listed apart, never dropped.
//!
//! A statement used twice is counted once, where it is written out.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Keys, MAX_IMPACT, Mark, Notes};
use crate::load::Loaded;
use crate::model::{ArgMap, Kind, NodeId};
use crate::text::sanitize;

/// The summary of a seminar's notes on a map.
///
/// Its JSON form (`--json`), with every field always present:
///
/// ```json
/// {
///   "map": "The future of Iran–Russia relations",
///   "total": { …a tally of the whole map, as below… },
///   "thesis": {
///     "key": "thesis", "label": "Iran–Russia relations will continue to expand",
///     "kind": "thesis", "nodes": 1,
///     "agree": 1, "disagree": 0, "unsure": 0,
///     "rated": 1, "mean_impact": 3.0, "bookmarks": 0,
///     "notes": [{"key": "thesis", "label": "Iran–Russia relations …", "note": "Most of us agreed."}]
///   },
///   "points": [
///     {"key": "point-1", "label": "Sanctions taught Iran …", "kind": "claim", "nodes": 12,
///      "agree": 2, "disagree": 1, "unsure": 0, "rated": 2, "mean_impact": 2.5,
///      "bookmarks": 1, "notes": [{"key": "crimea", "label": "…", "note": "…"}]}
///   ],
///   "orphans": [
///     {"key": "old-point", "label": "A point since removed", "mark": "agree", "impact": 2,
///      "bookmark": false, "note": "…"}
///   ]
/// }
/// ```
///
/// - `points` are the thesis's children in the map's order; each tally covers the point and
///   every node below it (`nodes` counts them, repetitions of a statement excluded). The
///   thesis's tally covers the thesis alone; `total` covers every node.
/// - `mean_impact` is the mean of the impacts (0–4) of the `rated` nodes, `null` when none was
///   rated. `notes` lists the nodes with a note, in reading order.
/// - `orphans` are entries whose key names no node of the map, with the label the node had;
///   `mark` and `impact` are `null` when not set, `note` is `""` when there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The map's title (or its file name).
    pub map: String,
    pub total: Tally,
    pub thesis: Point,
    pub points: Vec<Point>,
    pub orphans: Vec<Orphan>,
}

/// A node and the tally of its subtree (of itself alone for the thesis).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub key: String,
    pub label: String,
    /// The node's kind ("claim", "caveat" …).
    pub kind: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// What the group recorded about a set of nodes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// How many nodes it covers.
    pub nodes: usize,
    pub agree: usize,
    pub disagree: usize,
    pub unsure: usize,
    /// How many of them have an impact rating.
    pub rated: usize,
    /// The mean impact of the rated nodes; `None` when none is rated.
    pub mean_impact: Option<f64>,
    pub bookmarks: usize,
    pub notes: Vec<Noted>,
}

/// One note, with the node it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Noted {
    pub key: String,
    pub label: String,
    pub note: String,
}

/// An entry whose node is no longer in the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Orphan {
    pub key: String,
    /// The node's label when the entry was last changed.
    pub label: String,
    pub mark: Option<Mark>,
    pub impact: Option<u8>,
    pub bookmark: bool,
    pub note: String,
}

/// Sums up `notes` on `loaded`'s map, with `keys` as the notes were keyed.
pub fn summary(loaded: &Loaded, notes: &Notes, keys: &Keys) -> Summary {
    let map = &loaded.map;
    let title = if map.meta.title.trim().is_empty() {
        loaded.name.clone()
    } else {
        map.meta.title.clone()
    };
    let point = |id: NodeId, nodes: &[NodeId]| Point {
        key: keys.key(id).to_string(),
        label: map.statement(id).label.clone(),
        kind: map.node(id).kind.name().to_string(),
        tally: tally(map, notes, keys, nodes),
    };
    let all: Vec<NodeId> = map.preorder().collect();
    Summary {
        map: title,
        total: tally(map, notes, keys, &all),
        thesis: point(map.root, &[map.root]),
        points: map
            .children(map.root)
            .iter()
            .map(|&child| point(child, &subtree(map, child)))
            .collect(),
        orphans: notes
            .orphans(keys)
            .into_iter()
            .map(|(key, entry)| Orphan {
                key: key.to_string(),
                label: entry.label.clone(),
                mark: entry.mark,
                impact: entry.impact,
                bookmark: entry.bookmark,
                note: entry.note.clone(),
            })
            .collect(),
    }
}

/// `id` and every node below it, in reading order.
fn subtree(map: &ArgMap, id: NodeId) -> Vec<NodeId> {
    let mut nodes = Vec::new();
    let mut stack = vec![id];
    while let Some(next) = stack.pop() {
        nodes.push(next);
        stack.extend(map.children(next).iter().rev().copied());
    }
    nodes
}

fn tally(map: &ArgMap, notes: &Notes, keys: &Keys, nodes: &[NodeId]) -> Tally {
    let mut tally = Tally::default();
    let mut impact_sum = 0u32;
    // A repetition shares its original's entry, which is counted where it is written out.
    for &id in nodes.iter().filter(|&&id| !map.is_ref(id)) {
        tally.nodes += 1;
        let Some(entry) = notes.get(keys.key(id)) else {
            continue;
        };
        match entry.mark {
            Some(Mark::Agree) => tally.agree += 1,
            Some(Mark::Disagree) => tally.disagree += 1,
            Some(Mark::Unsure) => tally.unsure += 1,
            None => {}
        }
        if let Some(impact) = entry.impact {
            tally.rated += 1;
            impact_sum += u32::from(impact.min(MAX_IMPACT));
        }
        tally.bookmarks += usize::from(entry.bookmark);
        if !entry.note.trim().is_empty() {
            tally.notes.push(Noted {
                key: keys.key(id).to_string(),
                label: map.statement(id).label.clone(),
                note: entry.note.trim().to_string(),
            });
        }
    }
    if tally.rated > 0 {
        tally.mean_impact = Some(f64::from(impact_sum) / tally.rated as f64);
    }
    tally
}

impl Summary {
    /// The summary as text for a terminal: the thesis, each point with its counts and notes,
    /// then the orphaned notes. Text from files is cleaned so it cannot drive the terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Seminar notes on {}", clean(&self.map));
        let nodes = self.total.nodes;
        let plural = if nodes == 1 { "" } else { "s" };
        let _ = writeln!(out, "{nodes} node{plural}: {}\n", counts(&self.total));
        let thesis = &self.thesis;
        let _ = writeln!(out, "Thesis: {}", clean(&thesis.label));
        let mark = |mark: Mark| format!("{} {}", mark.glyph(), mark.word());
        let own: Vec<String> = [
            (thesis.tally.agree > 0).then(|| mark(Mark::Agree)),
            (thesis.tally.disagree > 0).then(|| mark(Mark::Disagree)),
            (thesis.tally.unsure > 0).then(|| mark(Mark::Unsure)),
            thesis
                .tally
                .mean_impact
                .map(|m| format!("impact {m:.0}/{MAX_IMPACT}")),
            (thesis.tally.bookmarks > 0).then(|| "bookmarked".to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !own.is_empty() {
            let _ = writeln!(out, "   {}", own.join(", "));
        }
        for noted in &thesis.tally.notes {
            write_note(&mut out, "   ", None, &noted.note);
        }
        // Each point under its kind's glyph, as the tree shows it, not a number: the map's
        // order is not the author's count ("Firstly" may be the second child, after evidence).
        for point in &self.points {
            let glyph = Kind::from_name(&point.kind).map_or("•", Kind::glyph);
            let _ = writeln!(
                out,
                "\n{glyph} {} ({}, {} node{})",
                clean(&point.label),
                point.kind,
                point.tally.nodes,
                if point.tally.nodes == 1 { "" } else { "s" }
            );
            let _ = writeln!(out, "   {}", counts(&point.tally));
            for noted in &point.tally.notes {
                write_note(&mut out, "   ", Some(&noted.label), &noted.note);
            }
        }
        if !self.orphans.is_empty() {
            let _ = writeln!(
                out,
                "\nOrphaned notes ({} about nodes no longer in the map, kept under their old labels)",
                self.orphans.len()
            );
            for orphan in &self.orphans {
                let mut badges = Vec::new();
                if let Some(mark) = orphan.mark {
                    badges.push(format!("{} {}", mark.glyph(), mark.word()));
                }
                if let Some(impact) = orphan.impact {
                    badges.push(format!("impact {impact}/{MAX_IMPACT}"));
                }
                if orphan.bookmark {
                    badges.push("bookmarked".to_string());
                }
                let label = format!(
                    "{} [{}]{}",
                    if orphan.label.trim().is_empty() {
                        "(no label)"
                    } else {
                        &orphan.label
                    },
                    orphan.key,
                    if badges.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", badges.join(", "))
                    }
                );
                write_note(&mut out, "   ", Some(&label), &orphan.note);
            }
        }
        out
    }

    /// The summary as pretty-printed JSON (see [`Summary`] for its shape), ending with a line
    /// break. An orphan's key is the notes file's own, uncleaned (a script may look it up), so
    /// whatever in it could drive a terminal is written as a JSON escape.
    pub fn json(&self) -> String {
        // Strings, numbers and options of them always serialise.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        crate::formats::native::inert_json(text)
    }
}

/// "✓ 2 agree, ✗ 1 disagree, ? 0 unsure; mean impact 2.5 (2 rated); 1 bookmark".
fn counts(tally: &Tally) -> String {
    let impact = match tally.mean_impact {
        Some(mean) => format!("mean impact {mean:.1} ({} rated)", tally.rated),
        None => "mean impact —".to_string(),
    };
    format!(
        "{} {} agree, {} {} disagree, {} {} unsure; {impact}; {} bookmark{}",
        Mark::Agree.glyph(),
        tally.agree,
        Mark::Disagree.glyph(),
        tally.disagree,
        Mark::Unsure.glyph(),
        tally.unsure,
        tally.bookmarks,
        if tally.bookmarks == 1 { "" } else { "s" }
    )
}

/// "- label: note", the note's further lines indented beneath it.
fn write_note(out: &mut String, indent: &str, label: Option<&str>, note: &str) {
    let mut lines = note.trim().lines().map(clean);
    let first = lines.next().unwrap_or_default();
    match label {
        Some(label) if first.is_empty() => {
            let _ = writeln!(out, "{indent}- {}", clean(label));
        }
        Some(label) => {
            let _ = writeln!(out, "{indent}- {}: {first}", clean(label));
        }
        None => {
            let _ = writeln!(out, "{indent}{first}");
        }
    }
    let more = if label.is_some() { "  " } else { "" };
    for line in lines {
        // A blank line between a note's paragraphs stays blank, without the indent's spaces.
        let _ = writeln!(out, "{}", format!("{indent}{more}{line}").trim_end());
    }
}

/// One line of text from a file, safe for a terminal.
fn clean(text: &str) -> String {
    sanitize(text, false)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::load::{Loaded, builtin};

    /// A few entries on the built-in map, and one whose node is gone.
    pub(crate) fn seminar(loaded: &Loaded) -> (Notes, Keys) {
        let keys = Keys::new(&loaded.map, true);
        let mut notes = Notes::default();
        let label = |key: &str| {
            let id = loaded.map.find(key).unwrap();
            loaded.map.statement(id).label.clone()
        };
        notes.change("thesis", &label("thesis"), |e| {
            e.mark = Some(Mark::Agree);
            e.impact = Some(3);
        });
        notes.change("point-1", &label("point-1"), |e| {
            e.mark = Some(Mark::Disagree);
            e.impact = Some(1);
            e.bookmark = true;
            e.note = "Too strong.\nSee paragraph 4.".into();
        });
        notes.change("crimea", &label("crimea"), |e| {
            e.mark = Some(Mark::Unsure);
            e.note = "Ask what changed in 2014.".into();
        });
        notes.change("sco-security", &label("sco-security"), |e| {
            e.impact = Some(4)
        });
        notes.change("sco-limited", &label("sco-limited"), |e| e.impact = Some(2));
        notes.change("old-point", "A point since removed", |e| {
            e.mark = Some(Mark::Agree);
            e.note = "Keep this.".into();
        });
        (notes, keys)
    }

    #[test]
    fn each_point_tallies_its_subtree() {
        let loaded = builtin();
        let (notes, keys) = seminar(&loaded);
        let summary = summary(&loaded, &notes, &keys);
        assert_eq!(summary.map, "The future of Iran–Russia relations");
        let keys_of: Vec<&str> = summary.points.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys_of,
            [
                "background",
                "point-1",
                "point-2",
                "point-3",
                "point-4",
                "point-5"
            ]
        );
        let map = &loaded.map;
        for point in &summary.points {
            let id = map.find(&point.key).unwrap();
            assert_eq!(
                point.tally.nodes,
                map.descendant_count(id) + 1,
                "{}",
                point.key
            );
        }
        let point_1 = &summary.points[1];
        assert_eq!(point_1.kind, "claim");
        assert_eq!(
            (
                point_1.tally.agree,
                point_1.tally.disagree,
                point_1.tally.unsure
            ),
            (0, 1, 1)
        );
        assert_eq!(
            (point_1.tally.rated, point_1.tally.mean_impact),
            (1, Some(1.0))
        );
        assert_eq!(point_1.tally.bookmarks, 1);
        let notes_of: Vec<(&str, &str)> = point_1
            .tally
            .notes
            .iter()
            .map(|n| (n.label.as_str(), n.note.as_str()))
            .collect();
        assert_eq!(
            notes_of,
            [
                (
                    "Sanctions taught Iran to seek independent partners",
                    "Too strong.\nSee paragraph 4."
                ),
                ("Why did Russia attack Crimea?", "Ask what changed in 2014.")
            ]
        );
        let point_3 = &summary.points[3];
        assert_eq!(
            (point_3.tally.rated, point_3.tally.mean_impact),
            (2, Some(3.0))
        );
        assert_eq!(summary.points[2].tally.mean_impact, None);
        // The thesis counts alone; the total counts every node.
        assert_eq!(summary.thesis.tally.nodes, 1);
        assert_eq!(summary.thesis.tally.agree, 1);
        assert_eq!(summary.thesis.tally.mean_impact, Some(3.0));
        assert_eq!(summary.total.nodes, 37);
        assert_eq!(summary.total.rated, 4);
        assert_eq!(summary.total.mean_impact, Some(2.5));
        // The orphan is listed with its old label, never dropped.
        assert_eq!(
            summary.orphans,
            [Orphan {
                key: "old-point".into(),
                label: "A point since removed".into(),
                mark: Some(Mark::Agree),
                impact: None,
                bookmark: false,
                note: "Keep this.".into(),
            }]
        );
    }

    #[test]
    fn the_text_reads_point_by_point() {
        let loaded = builtin();
        let (notes, keys) = seminar(&loaded);
        let text = summary(&loaded, &notes, &keys).text();
        let expected_start = "\
Seminar notes on The future of Iran–Russia relations
37 nodes: ✓ 1 agree, ✗ 1 disagree, ~ 1 unsure; mean impact 2.5 (4 rated); 1 bookmark

Thesis: Iran–Russia relations will continue to expand
   ✓ agree, impact 3/4

• Recent years brought unprecedented confidence building (evidence, 8 nodes)
   ✓ 0 agree, ✗ 0 disagree, ~ 0 unsure; mean impact —; 0 bookmarks

+ Sanctions taught Iran to seek independent partners (claim, 10 nodes)
   ✓ 0 agree, ✗ 1 disagree, ~ 1 unsure; mean impact 1.0 (1 rated); 1 bookmark
   - Sanctions taught Iran to seek independent partners: Too strong.
     See paragraph 4.
   - Why did Russia attack Crimea?: Ask what changed in 2014.

+ Iran should again look to Asia, as Russia seems to (claim, 4 nodes)
";
        assert!(text.starts_with(expected_start), "{text}");
        assert!(text.contains(
            "\n+ Convergence through Asian organisations is win-win (claim, 7 nodes)\n   ✓ 0 agree, ✗ 0 disagree, ~ 0 unsure; mean impact 3.0 (2 rated); 0 bookmarks\n"
        ));
        assert!(text.ends_with(
            "\nOrphaned notes (1 about nodes no longer in the map, kept under their old labels)\n   - A point since removed [old-point] (✓ agree): Keep this.\n"
        ), "{text}");
    }

    #[test]
    fn a_blank_line_between_paragraphs_of_a_note_stays_blank() {
        let loaded = builtin();
        let (mut notes, keys) = seminar(&loaded);
        notes.change("crimea", "Why did Russia attack Crimea?", |e| {
            e.note = "Ask what changed in 2014.\n\nThen compare 2022.".into();
        });
        let text = summary(&loaded, &notes, &keys).text();
        assert!(
            text.contains("   - Why did Russia attack Crimea?: Ask what changed in 2014.\n\n     Then compare 2022.\n"),
            "{text}"
        );
        assert!(!text.lines().any(|line| line.ends_with(' ')), "{text}");
    }

    #[test]
    fn the_json_has_the_documented_shape() {
        let loaded = builtin();
        let (notes, keys) = seminar(&loaded);
        let json: serde_json::Value =
            serde_json::from_str(&summary(&loaded, &notes, &keys).json()).unwrap();
        let fields = |value: &serde_json::Value| -> Vec<String> {
            let mut names: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
            names.sort();
            names
        };
        assert_eq!(
            fields(&json),
            ["map", "orphans", "points", "thesis", "total"]
        );
        let point_fields = [
            "agree",
            "bookmarks",
            "disagree",
            "key",
            "kind",
            "label",
            "mean_impact",
            "nodes",
            "notes",
            "rated",
            "unsure",
        ];
        assert_eq!(fields(&json["thesis"]), point_fields);
        assert_eq!(fields(&json["points"][0]), point_fields);
        assert_eq!(fields(&json["total"]).len(), point_fields.len() - 3);
        assert_eq!(json["points"][1]["mean_impact"], 1.0);
        assert!(json["points"][2]["mean_impact"].is_null());
        assert_eq!(json["points"][1]["notes"][1]["key"], "crimea");
        assert_eq!(
            fields(&json["orphans"][0]),
            ["bookmark", "impact", "key", "label", "mark", "note"]
        );
        assert_eq!(json["orphans"][0]["mark"], "agree");
        assert!(json["orphans"][0]["impact"].is_null());
    }

    #[test]
    fn an_orphans_key_keeps_its_text_in_the_json_but_no_control_reaches_a_terminal() {
        let loaded = builtin();
        let keys = Keys::new(&loaded.map, true);
        let mut notes = Notes::default();
        let key = "gone\u{1b}[2J\u{9b}31m\u{85}\u{202e}\u{7f}";
        notes.change(key, "old", |e| e.note = "hi".into());
        let json = summary(&loaded, &notes, &keys).json();
        assert!(
            !json.contains(|c: char| crate::text::needs_cleaning(c) && c != '\n'),
            "{json:?}"
        );
        let read: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(read["orphans"][0]["key"], key);
    }

    #[test]
    fn a_repeated_statement_is_counted_once() {
        // thesis ─┬─ a (claim) ─── a1 (caveat)
        //         └─ b (objection) ── ref to a (rebuttal)
        let loaded = Loaded {
            map: crate::model::tests::small_map(),
            document: None,
            problems: Vec::new(),
            name: "small.json".into(),
            stable_ids: true,
        };
        let keys = Keys::new(&loaded.map, true);
        let mut notes = Notes::default();
        notes.change("a", "A", |e| e.mark = Some(Mark::Agree));
        let summary = summary(&loaded, &notes, &keys);
        assert_eq!(summary.map, "small.json");
        assert_eq!(
            (summary.points[0].tally.nodes, summary.points[0].tally.agree),
            (2, 1)
        );
        assert_eq!(
            (summary.points[1].tally.nodes, summary.points[1].tally.agree),
            (1, 0)
        );
        assert_eq!((summary.total.nodes, summary.total.agree), (4, 1));
    }

    #[test]
    fn text_from_a_notes_file_cannot_drive_the_terminal() {
        let loaded = builtin();
        let keys = Keys::new(&loaded.map, true);
        let mut notes = Notes::default();
        notes.change("gone\u{1b}[2J", "old\u{1b}]0;x\u{7}", |e| {
            e.note = "a\u{1b}[31mred\u{9b}".into();
        });
        let text = summary(&loaded, &notes, &keys).text();
        assert!(!text.contains('\u{1b}') && !text.contains('\u{9b}') && !text.contains('\u{7}'));
        assert!(text.contains("old␛]0;x␇ [gone␛[2J]: a␛[31mred�"), "{text}");
    }
}
