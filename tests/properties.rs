//! Properties over generated input: whatever a file holds, reading it never panics, writing a
//! map and reading it back gives the same map, and text always fits where it is put.

use argscope::formats::native;
use argscope::model::{Anchor, ArgMap, Body, Kind, Meta, NodeId, SourceInfo, Statement};
use argscope::source::{Document, collapse_whitespace};
use argscope::text::{sanitize, truncate, truncate_left, width, wrap};
use proptest::prelude::*;

/// Text as people paste it: letters, punctuation, non-ASCII, wide characters, and some of the
/// characters that must never reach the terminal.
fn messy_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            6 => proptest::char::range('a', 'z'),
            2 => Just(' '),
            1 => proptest::sample::select(vec!['’', '“', 'é', '漢', '🙂', '\u{301}', '\n', '\t', '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '"', '\\']),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// A random tree of up to `size` nodes, with references to earlier statements.
fn maps(size: usize) -> impl Strategy<Value = ArgMap> {
    let node = (
        0..size,
        0..Kind::ALL.len(),
        messy_text(),
        messy_text(),
        messy_text(),
        any::<bool>(),
    );
    (messy_text(), proptest::collection::vec(node, 0..size)).prop_map(|(title, nodes)| {
        let statement = |id: String, label: &str, text: &str, quote: &str| Statement {
            id,
            label: sanitize(if label.trim().is_empty() { "x" } else { label }, false),
            text: sanitize(text, true),
            quote: sanitize(quote, true),
            anchor: Anchor::Unverified,
            url: sanitize(text, false),
            also: if quote.len().is_multiple_of(2) {
                vec![sanitize(label, true)]
            } else {
                Vec::new()
            },
        };
        let meta = Meta {
            title: sanitize(&title, false),
            author: String::new(),
            source: SourceInfo::default(),
        };
        let mut map = ArgMap::new(meta, statement("root".into(), "Thesis", "", ""));
        for (i, (parent, kind, label, text, quote, reference)) in nodes.into_iter().enumerate() {
            // A reference has no children of its own: theirs go under the statement it repeats.
            let parent = map.resolve(NodeId((parent % map.len()) as u32));
            // Kind::ALL[0] is the thesis, which only the root may be.
            let kind = Kind::ALL[kind.max(1)];
            let target = map.resolve(NodeId((i % map.len()) as u32));
            let body = if reference && target != map.root {
                Body::Ref(target)
            } else {
                Body::Statement(statement(format!("n-{i}"), &label, &text, &quote))
            };
            let id = map.push(parent, kind, body);
            if text.len() % 3 == 0 {
                map.set_scheme(id, &quote);
            }
        }
        map
    })
}

/// Node order differs between the generated arena and a parsed one (files list children in
/// reading order), so maps are compared by their reading-order content.
fn outline(map: &ArgMap) -> Vec<(usize, Kind, bool, String, String, String)> {
    map.preorder_with_depth()
        .map(|(id, depth)| {
            let s = map.statement(id);
            let scheme = map.scheme(id).unwrap_or("(none)");
            (
                depth,
                map.node(id).kind,
                map.is_ref(id),
                s.id.clone(),
                s.label.clone(),
                s.text.clone() + "|" + &s.quote + "|" + scheme,
            )
        })
        .collect()
}

proptest! {
    #[test]
    fn a_written_map_reads_back_the_same(map in maps(30)) {
        let json = native::write(&map);
        let parsed = native::parse(&json, "generated.json");
        prop_assert!(parsed.is_ok(), "{:?}\n{json}", parsed.err());
        let again = parsed.unwrap().map;
        prop_assert_eq!(outline(&again), outline(&map));
        prop_assert_eq!(again.meta, map.meta);
    }

    #[test]
    fn reading_arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = native::parse(&text, "any.json");
    }

    #[test]
    fn reading_a_damaged_map_never_panics(map in maps(10), cut in 0usize..2000, insert in "[\\[\\]{}\",:a0-9 ]{0,5}") {
        let mut json = native::write(&map);
        let mut at = cut.min(json.len());
        while !json.is_char_boundary(at) {
            at -= 1;
        }
        json.insert_str(at, &insert);
        let _ = native::parse(&json, "damaged.json");
        json.truncate(at);
        let _ = native::parse(&json, "damaged.json");
    }

    #[test]
    fn the_fast_reader_gives_the_map_the_positioned_reader_gives(map in maps(30), cut in 0usize..3000, insert in "[\\[\\]{}\",:a0-9 ]{0,8}") {
        let json = native::write(&map);
        let fast = native::parse_fast(&json);
        prop_assert!(fast.is_some(), "a written map is read the fast way: {json}");
        prop_assert_eq!(fast, native::parse(&json, "m.json").ok().map(|p| p.map));
        // A damaged map: the fast reader gives up, or agrees with the one that has places.
        let mut damaged = json.clone();
        let mut at = cut.min(damaged.len());
        while !damaged.is_char_boundary(at) {
            at -= 1;
        }
        damaged.insert_str(at, &insert);
        if let Some(fast) = native::parse_fast(&damaged) {
            let slow = native::parse(&damaged, "m.json");
            prop_assert!(slow.is_ok(), "{damaged}");
            prop_assert_eq!(fast, slow.unwrap().map);
        }
    }

    #[test]
    fn sanitised_text_holds_nothing_that_drives_a_terminal(text in messy_text(), keep in any::<bool>()) {
        let clean = sanitize(&text, keep);
        for c in clean.chars() {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            prop_assert!(!(c.is_control() && !(keep && c == '\n')) && !bidi, "{:?} in {:?}", c, clean);
        }
    }

    #[test]
    fn wrapped_and_truncated_text_fits_its_width(text in messy_text(), max in 0usize..30) {
        let clean = sanitize(&text, true);
        // A one-column line cannot hold a two-column character; from two columns on, all fits.
        for line in wrap(&clean, max) {
            prop_assert!(width(&line) <= max.max(2), "{:?} wider than {}", line, max);
        }
        let flat = sanitize(&text, false);
        prop_assert!(width(&truncate(&flat, max)) <= max);
        prop_assert!(width(&truncate_left(&flat, max)) <= max);
    }

    #[test]
    fn any_run_of_words_from_the_article_is_found_however_it_is_spaced(start in 0usize..900, len in 1usize..60, spaces in 1usize..4) {
        let article = argscope::load::BUILTIN_ARTICLE;
        let words: Vec<&str> = article.split_whitespace().collect();
        let start = start % words.len();
        let end = (start + len).min(words.len());
        let quote = words[start..end].join(&" ".repeat(spaces));
        let document = Document::new(article, None);
        let span = document.find_quote(&quote);
        prop_assert!(span.is_some(), "{:?}", quote);
        prop_assert_eq!(document.reflowed(span.unwrap()), collapse_whitespace(&quote));
    }
}

/// Every key the program binds in any mode, and some it does not.
const KEYS: &[&str] = &[
    "j", "k", "h", "l", "g", "G", "Enter", "Space", "z", "0", "1", "3", "9", "/", "n", "N", "c",
    "f", "PageDown", "PageUp", "C-d", "C-u", "Tab", "BTab", "s", "y", "Y", "t", "P", "?", "Escape",
    "BSpace", "M-Left", "M-Right", "Left", "Right", "Up", "Down", "Home", "End", "+", "-", "=",
    "i", "b", "'", "a", "u", "C-r", "O", "o", "C-s", "r", "w", "x", "é", "漢",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever a user presses, in whatever terminal, nothing panics and nothing is drawn
    /// outside the screen (quit keys are left out, so every sequence keeps going).
    #[test]
    fn any_keys_at_any_size_draw_a_screen_that_fits(
        keys in proptest::collection::vec(proptest::sample::select(KEYS), 0..60),
        width in 0u16..130,
        height in 0u16..45,
    ) {
        use argscope::tui::keymap::Keymap;
        use argscope::tui::keys::parse_keys;
        use argscope::tui::snapshot::{render, to_text};
        use argscope::tui::state::Start;
        let loaded = argscope::load::builtin();
        let typed = parse_keys(&keys.join(" "));
        let buffer = render(&loaded, &Keymap::default(), width, height, &typed, &Start::default());
        let text = to_text(&buffer);
        prop_assert_eq!(text.lines().count(), usize::from(height));
        for line in text.lines() {
            prop_assert!(width_of(line) <= usize::from(width), "{:?} in {}x{} after {:?}", line, width, height, keys);
        }
    }
}

/// Found by the property above: in a terminal of no rows, the presenter's overview and slide
/// keys worked out their pages on an empty screen and panicked.
#[test]
fn presenter_keys_on_a_screen_of_no_rows_do_not_panic() {
    use argscope::tui::keymap::Keymap;
    use argscope::tui::keys::parse_keys;
    use argscope::tui::snapshot::render;
    use argscope::tui::state::Start;
    let loaded = argscope::load::builtin();
    for keys in ["P Enter j", "P Enter PageDown", "P J K", "P o G Enter"] {
        for (width, height) in [(0, 0), (30, 0), (0, 10), (30, 1)] {
            let buffer = render(
                &loaded,
                &Keymap::default(),
                width,
                height,
                &parse_keys(keys),
                &Start::default(),
            );
            assert_eq!(buffer.area.height, height, "{keys} at {width}x{height}");
        }
    }
}

fn width_of(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}
