//! Wide and complex text keeps the layout intact: CJK, emoji with ZWJ sequences and skin tones,
//! combining marks, Persian and Arabic (right to left), zero-width spaces and joiners, and a word
//! of 10,000 characters, in every screen (tree, detail, step-into, presenter, source, search) at
//! 80x24 and 40x12. Every line must be exactly as wide as the terminal (measured with
//! unicode-width, as ratatui and terminals measure), every box must keep its borders straight
//! (each side in one column from corner to corner), and the screens are insta snapshots, reviewed
//! like code.

use argscope::load::{self, DocumentSource, Loaded};
use argscope::tui::keymap::Keymap;
use argscope::tui::keys::parse_keys;
use argscope::tui::snapshot::{render, to_text};
use argscope::tui::state::Start;
use argscope::tui::theme::Theme;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

const CJK: &str = "漢字の議論は長い文章でも正しく折り返されるべきです";
const EMOJI: &str = "👩‍👩‍👧‍👦 family 🏳️‍🌈 flag 👍🏽 thumbs 🇮🇷🇷🇺 flags ❤️❤️❤️ hearts";
const COMBINING: &str = "e\u{301}te\u{301} a\u{300}\u{323} Z\u{351}\u{352}\u{353}\u{354} n\u{303}o";
const PERSIAN: &str = "ایران و روسیه روابط خود را گسترش خواهند داد";
const ARABIC: &str = "العلاقات بين إيران وروسيا ستستمر في التوسع";
const ZERO_WIDTH: &str = "zero\u{200b}width\u{200b}spaces\u{200c}and\u{200d}joiners\u{feff}here";

/// One word of 10,000 characters.
fn long_word() -> String {
    "W".repeat(10_000)
}

/// The map as JSON, with its source document holding every quote.
fn map_and_article() -> (String, String) {
    let long = long_word();
    let text = |t: &str| -> String { t.to_string() };
    let article = format!(
        "{}\n\n{}\n\n{}\n\n{}\n\n{}\n\n{}\n\n{}\n",
        text(CJK),
        text(EMOJI),
        text(COMBINING),
        text(PERSIAN),
        text(ARABIC),
        text(ZERO_WIDTH),
        text(&long)
    );
    let map = serde_json::json!({
        "argscope": 1,
        "title": text(CJK),
        "author": text(PERSIAN),
        "source": {"file": "article.txt", "publisher": text(ARABIC)},
        "root": {
            "id": "thesis", "kind": "thesis", "label": text(CJK),
            "text": text(&format!("{CJK}{CJK} {EMOJI} {COMBINING}")),
            "quote": text(CJK),
            "children": [
                {"id": "emoji", "kind": "claim", "label": text(EMOJI),
                 "text": text(&EMOJI.repeat(4)), "quote": text(EMOJI)},
                {"id": "marks", "kind": "objection", "label": text(COMBINING),
                 "text": text(&COMBINING.repeat(8)), "quote": text(COMBINING)},
                {"id": "persian", "kind": "caveat", "label": text(PERSIAN),
                 "text": text(&format!("{PERSIAN} {PERSIAN} {PERSIAN}")), "quote": text(PERSIAN)},
                {"id": "arabic", "kind": "question", "label": text(ARABIC),
                 "text": text(&format!("{ARABIC} {ARABIC}")), "quote": text(ARABIC),
                 "children": [{"id": "zw", "kind": "rebuttal", "label": text(ZERO_WIDTH),
                               "text": text(&ZERO_WIDTH.repeat(6)), "quote": text(ZERO_WIDTH)}]},
                {"id": "long", "kind": "evidence", "label": text(&format!("L{}", &long[..300])),
                 "text": text(&format!("before {long} after")), "quote": text(&long)},
            ]
        }
    });
    (map.to_string(), article)
}

fn loaded() -> Loaded {
    let (map, article) = map_and_article();
    load::from_str(&map, "wide.json", DocumentSource::Text(&article)).expect("the map loads")
}

fn draw(loaded: &Loaded, width: u16, height: u16, keys: &str) -> Buffer {
    render(
        loaded,
        &Keymap::default(),
        width,
        height,
        &parse_keys(keys),
        &Start {
            theme: Theme::monochrome(),
            ..Start::default()
        },
    )
}

/// Each row as it shows, untrimmed (a wide character's second cell left out), with its width:
/// the sum of its characters' widths, each measured with unicode-width as one grapheme, the way
/// ratatui places them and terminals draw them. (Measuring the row as one string would count
/// Arabic's lam-alef pair as the one column of its ligature, which terminals do not draw.)
fn rows(buffer: &Buffer) -> Vec<(String, usize)> {
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width)
        .map(|row| {
            let mut line = String::new();
            let mut columns = 0;
            let mut skip = 0;
            for cell in row {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let wide = cell.symbol().width();
                skip = wide.saturating_sub(1);
                columns += wide;
                line.push_str(cell.symbol());
            }
            (line, columns)
        })
        .collect()
}

/// Every box drawn on the screen, checked side by side: from each top corner, straight down
/// the same column, nothing but the box's border (or its scroll bar's thumb) until the bottom
/// corner. A character measured wrongly pushes a border out of its column or overwrites it.
fn broken_boxes(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    let mut broken = Vec::new();
    for y in 0..area.height {
        for x in 0..area.width {
            let bottoms: &[&str] = match buffer[(x, y)].symbol() {
                "┌" | "┏" => &["└", "┗"],
                "┐" | "┓" => &["┘", "┛"],
                _ => continue,
            };
            let mut closed = false;
            for below in y + 1..area.height {
                let symbol = buffer[(x, below)].symbol();
                if bottoms.contains(&symbol) {
                    closed = true;
                    break;
                }
                if !matches!(symbol, "│" | "┃" | "█") {
                    broken.push(format!(
                        "the border from ({x}, {y}) down is broken at row {below} by {symbol:?}"
                    ));
                    closed = true;
                    break;
                }
            }
            if !closed {
                broken.push(format!(
                    "the box from ({x}, {y}) has no bottom corner below it"
                ));
            }
        }
    }
    broken
}

/// Checks the layout of one screen and returns it as text for its snapshot.
fn screen(width: u16, height: u16, keys: &str) -> String {
    let wide = draw(&loaded(), width, height, keys);
    for (y, (row, columns)) in rows(&wide).iter().enumerate() {
        assert_eq!(
            *columns,
            usize::from(width),
            "row {y} of {keys:?} at {width}x{height} is {columns} columns wide, not {width}: {row:?}\n{}",
            to_text(&wide)
        );
    }
    let broken = broken_boxes(&wide);
    assert!(
        broken.is_empty(),
        "{keys:?} at {width}x{height}: {}\n{}",
        broken.join("; "),
        to_text(&wide)
    );
    to_text(&wide)
}

/// The screens, each at 80x24 and 40x12.
macro_rules! screens {
    ($($name:ident: $keys:expr;)*) => {
        mod at_80x24 {
            $(
                #[test]
                fn $name() {
                    insta::assert_snapshot!(super::screen(80, 24, $keys));
                }
            )*
        }
        mod at_40x12 {
            $(
                #[test]
                fn $name() {
                    insta::assert_snapshot!(super::screen(40, 12, $keys));
                }
            )*
        }
    };
}

screens! {
    tree_unfolded: "0";
    thesis_detail: "0 Tab";
    emoji_detail: "0 j Tab";
    combining_detail_scrolled: "0 j j Tab G";
    persian_detail: "0 j j j Tab";
    arabic_selected: "0 j j j j";
    zero_width_detail: "0 j j j j j Tab";
    long_word_detail: "0 G Tab";
    long_word_detail_end: "0 G Tab G";
    step_into_thesis: "z";
    step_into_arabic: "0 j j j j z";
    presenter_title: "P";
    presenter_emoji: "P j";
    presenter_long_word: "P G";
    presenter_overview: "P o";
    source_beside_the_map: "s";
    source_at_the_long_word: "0 G s";
    search_for_cjk: "/ 議論";
    search_for_persian_kept: "/ روسیه Enter";
}

#[test]
fn a_wide_character_never_hangs_over_the_edge_at_any_width() {
    // Every width from 1 to 90 on the emoji node's detail: an odd number of columns left for a
    // two-column character is where a layout breaks.
    let map = loaded();
    for width in 1..=90 {
        for height in [1, 3, 12] {
            let buffer = draw(&map, width, height, "0 j Tab");
            for (y, (row, columns)) in rows(&buffer).iter().enumerate() {
                assert_eq!(
                    *columns,
                    usize::from(width),
                    "row {y} at {width}x{height}: {row:?}"
                );
            }
        }
    }
}

#[test]
fn wrapped_text_is_never_cut_off_at_the_border() {
    // The emoji node's label, paraphrase (four times EMOJI) and quote each end in "hearts": on a
    // screen tall enough for all of it, every one shows, whatever the width. Text wrapped by a
    // measure narrower than the screen's (❤️ counted as one column) loses its line ends.
    let map = loaded();
    for width in 30..=90 {
        let text = to_text(&draw(&map, width, 200, "0 j Tab"));
        // The detail pane (focused, so drawn with heavy lines): not the status line's path.
        let detail: String = text.lines().filter(|l| l.contains('┃')).collect();
        assert_eq!(
            detail.matches("hearts").count(),
            6,
            "at {width} columns some text was cut off:\n{text}"
        );
    }
}
