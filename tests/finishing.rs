//! Big files are read with their statements finished on a second thread: the map, its ids and
//! its problems must be exactly those of reading them on one thread.

#[path = "../benches/synthetic.rs"]
mod synthetic;

use argscope::formats::finishing::{THREADED_FROM, on_one_thread};
use argscope::formats::{Imported, aif, kialo, opml};
use argscope::model::{ArgMap, Body, Kind, NodeId};

/// A synthetic debate with texts that need cleaning, texts of several lines, labels that say
/// all, urls and quotes here and there.
fn debate(nodes: usize, seed: u64) -> ArgMap {
    let mut map = synthetic::debate(nodes, seed);
    for (i, node) in map.nodes.iter_mut().enumerate() {
        let Body::Statement(statement) = &mut node.body else {
            continue;
        };
        match i % 7 {
            0 => statement.text = format!("{}\u{1b}[2J and \u{202e}more", statement.text),
            1 => statement.text = format!("First line: {}\n\nSecond paragraph.", statement.label),
            2 => statement.text = statement.label.clone(),
            3 => statement.url = format!("https://example.org/{i}"),
            4 => statement.text = format!("Tom &amp; Jerry {}", statement.text),
            _ => {}
        }
    }
    map
}

/// Reads `text` both ways and checks they agree; the input must be big enough for a thread.
fn same_both_ways(text: &str, parse: impl Fn(&str) -> Imported) {
    assert!(text.len() >= THREADED_FROM, "{} bytes", text.len());
    let threaded = parse(text);
    let alone = on_one_thread(|| parse(text));
    assert!(threaded.map == alone.map, "the maps differ");
    assert_eq!(threaded.problems, alone.problems);
    assert_eq!(threaded.stable_ids, alone.stable_ids);
}

#[test]
fn kialo_reads_the_same_on_one_thread_and_on_two() {
    let map = debate(20_000, 3);
    same_both_ways(&kialo::write(&map), |text| kialo::parse(text, "d.txt"));
}

/// The old layout, one line a claim: `1.2. Pro: text`.
#[test]
fn kialo_title_layout_reads_the_same_on_one_thread_and_on_two() {
    let map = debate(20_000, 4);
    let mut text = String::from("Discussion Title: Synthetic\n\n");
    let mut stack = vec![(map.root, "1.".to_string())];
    while let Some((id, number)) = stack.pop() {
        let stance = match map.node(id).kind {
            _ if id == map.root => "",
            Kind::Objection | Kind::Caveat => "Con: ",
            _ => "Pro: ",
        };
        let statement = map.statement(id);
        let said = format!("{} {}", statement.label, statement.text).replace('\n', " ");
        text.push_str(&format!("{number} {stance}{said}\n"));
        for (k, &child) in map.children(id).iter().enumerate().rev() {
            stack.push((child, format!("{number}{}.", k + 1)));
        }
    }
    same_both_ways(&text, |text| kialo::parse(text, "d.txt"));
}

#[test]
fn opml_reads_the_same_on_one_thread_and_on_two() {
    let map = debate(20_000, 5);
    same_both_ways(&opml::write(&map), |text| opml::parse(text, "d.opml"));
}

/// Two top-level outlines: once the second is read, a thesis goes above the first and every
/// outline moves down by one, while statements are still being finished. The first is a
/// question whose answers are read again then.
#[test]
fn opml_with_a_second_top_outline_reads_the_same_on_one_thread_and_on_two() {
    let mut first = debate(20_000, 6);
    first.nodes[0].kind = Kind::Question;
    let answers: Vec<NodeId> = first.children(first.root).to_vec();
    for answer in answers {
        first.nodes[answer.index()].kind = Kind::Thesis;
    }
    let second = debate(3_000, 7);
    let body = |map: &ArgMap| {
        let text = opml::write(map);
        let start = text.find("<body>").expect("a body") + "<body>".len();
        let end = text.find("</body>").expect("a body's end");
        text[start..end].to_string()
    };
    let text = format!(
        "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>Two</title></head><body>{}{}</body></opml>\n",
        body(&first),
        body(&second)
    );
    same_both_ways(&text, |text| opml::parse(text, "d.opml"));
}

/// With statements joined to nothing in front, which go under a group of their own.
#[test]
fn aif_reads_the_same_on_one_thread_and_on_two() {
    let map = debate(20_000, 8);
    let text = synthetic::aif(&map);
    let loose: String = (0..3000)
        .map(|i| format!("{{\"nodeID\": \"loose{i}\", \"text\": \"Loose &amp; alone {i}\", \"type\": \"I\"}},\n"))
        .collect();
    let with_loose = text.replacen("{\"nodes\": [\n", &format!("{{\"nodes\": [\n{loose}"), 1);
    assert_ne!(with_loose, text);
    for text in [text, with_loose] {
        same_both_ways(&text, |text| aif::parse(text, "d.json"));
    }
}
