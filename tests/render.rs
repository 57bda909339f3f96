//! Render snapshots: the screens a user sees, drawn headlessly after replaying keys, at the sizes
//! people use (80x24, a zoomed 60x20, 120x40 and a wide 200x50). Reviewed like code.

use argscope::load::{self, Loaded};
use argscope::tui::action::Action;
use argscope::tui::keymap::{Keymap, Mode};
use argscope::tui::keys::parse_keys;
use argscope::tui::snapshot::{render, to_text};
use argscope::tui::state::Start;
use argscope::tui::theme::{Theme, ThemeName};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn draw(loaded: &Loaded, width: u16, height: u16, keys: &str, theme: Theme) -> Buffer {
    render(
        loaded,
        &Keymap::default(),
        width,
        height,
        &parse_keys(keys),
        &Start {
            theme,
            ..Start::default()
        },
    )
}

fn screen(width: u16, height: u16, keys: &str) -> String {
    to_text(&draw(
        &load::builtin(),
        width,
        height,
        keys,
        Theme::monochrome(),
    ))
}

#[test]
fn opening_screen_80x24() {
    insta::assert_snapshot!(screen(80, 24, ""));
}

#[test]
fn first_point_unfolded_60x20() {
    insta::assert_snapshot!(screen(60, 20, "j j l"));
}

#[test]
fn everything_unfolded_120x40() {
    insta::assert_snapshot!(screen(120, 40, "0 G"));
}

#[test]
fn crimea_question_200x50() {
    insta::assert_snapshot!(screen(200, 50, "0 j j j j j j j j j j j j j j j"));
}

/// The hints offer only what the map has: `s` opens a source document, which a map brought
/// from Argdown usually lacks.
#[test]
fn the_hints_offer_the_source_text_only_for_a_map_that_has_one() {
    let hint_row = |loaded: &Loaded| {
        let text = to_text(&draw(loaded, 200, 50, "", Theme::monochrome()));
        text.lines().last().unwrap_or_default().to_string()
    };
    assert!(hint_row(&load::builtin()).contains("s source"));
    let argdown = load::from_path(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/argdown/relations.argdown"
    )))
    .expect("the fixture loads");
    let hints = hint_row(&argdown);
    assert!(
        hints.contains("q quit") && !hints.contains("source"),
        "{hints}"
    );
}

/// On a narrow screen the problems list's title keeps its count and the end of the file's
/// name, losing the name's start instead.
#[test]
fn the_problems_title_keeps_the_count_and_the_files_name_on_a_narrow_screen() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/argdown/data.argdown"
    );
    let loaded = load::from_path(std::path::Path::new(path)).expect("the fixture loads");
    let narrow = to_text(&draw(&loaded, 40, 12, "W", Theme::monochrome()));
    assert!(
        narrow.contains("┏ Problems in …rgdown/data.argdown (1) ┓"),
        "{narrow}"
    );
    let tiny = to_text(&draw(&loaded, 20, 12, "W", Theme::monochrome()));
    assert!(tiny.contains("┏ Problems (1) ━"), "{tiny}");
}

#[test]
fn help_overlay_80x24() {
    insta::assert_snapshot!(screen(80, 24, "?"));
}

#[test]
fn help_overlay_scrolled_60x20() {
    insta::assert_snapshot!(screen(60, 20, "? G j j j j j j j j j j j j"));
}

#[test]
fn detail_focused_and_scrolled_80x24() {
    insta::assert_snapshot!(screen(80, 24, "j j Tab G"));
}

#[test]
fn short_narrow_terminal_shows_one_pane_at_a_time() {
    let tree = screen(60, 12, "j");
    assert!(tree.contains("Map") && !tree.contains("Detail"), "{tree}");
    let detail = screen(60, 12, "j Tab");
    assert!(
        detail.contains("Detail") && !detail.contains("┃▾"),
        "{detail}"
    );
}

/// With the detail pane focused (alone on a short narrow screen), the hints say what j and k do
/// there, scroll, and do not offer folding a tree that is not on screen.
#[test]
fn the_hints_of_the_focused_detail_pane_say_scroll_not_move_and_fold() {
    let hints = |width, height, keys| {
        let text = screen(width, height, keys);
        text.lines().last().unwrap_or_default().to_string()
    };
    for (width, height) in [(50, 15), (80, 24)] {
        let detail = hints(width, height, "j Tab");
        assert!(
            detail.contains("j/k scroll") && !detail.contains("move") && !detail.contains("fold"),
            "{width}x{height}: {detail}"
        );
        let tree = hints(width, height, "j");
        assert!(
            tree.contains("j/k move") && tree.contains("h/l fold"),
            "{tree}"
        );
    }
}

#[test]
fn every_line_fits_the_terminal_at_every_size() {
    let loaded = load::builtin();
    for (width, height) in [(80, 24), (60, 20), (120, 40), (200, 50), (40, 12), (20, 8)] {
        for keys in ["", "0 G", "? j", "j j Tab G"] {
            let text = to_text(&draw(&loaded, width, height, keys, Theme::monochrome()));
            assert_eq!(text.lines().count(), usize::from(height));
            for line in text.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= usize::from(width),
                    "{width}x{height} {keys:?}: {line:?}"
                );
            }
        }
    }
}

#[test]
fn any_size_down_to_nothing_renders_without_panicking() {
    let loaded = load::builtin();
    for width in [0, 1, 2, 3, 5, 8, 13, 21, 34, 79, 80] {
        for height in [0, 1, 2, 3, 4, 5, 6, 8, 13, 21] {
            for keys in ["", "0 G", "?", "Tab j", "j j a x C-s z", "z"] {
                draw(&loaded, width, height, keys, Theme::dark());
            }
        }
    }
}

#[test]
fn the_selected_row_is_shown_in_reverse_video_across_the_pane() {
    let buffer = draw(&load::builtin(), 80, 24, "j", Theme::monochrome());
    // Row 2 of the screen is the second tree row (the first is the thesis, under the border).
    for x in 1..35 {
        assert!(
            buffer[(x, 2)].modifier.contains(Modifier::REVERSED),
            "column {x}"
        );
    }
    assert!(!buffer[(1, 1)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_focused_pane_has_a_thick_border_so_focus_reads_without_colour() {
    let tree_focused = screen(80, 24, "");
    assert!(tree_focused.starts_with("┏ Map"));
    let detail_focused = screen(80, 24, "Tab");
    assert!(detail_focused.starts_with("┌ Map"));
    assert!(detail_focused.lines().next().unwrap().contains("┏ Detail"));
}

#[test]
fn monochrome_uses_no_colour_and_the_dark_theme_colours_each_kind() {
    let loaded = load::builtin();
    let plain = draw(&loaded, 80, 24, "0", Theme::monochrome());
    assert!(
        plain
            .content
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    let dark = draw(&loaded, 80, 24, "0", Theme::dark());
    // The kind word of each visible row takes its kind's colour: claims and caveats differ.
    let text = to_text(&dark);
    let colour_of = |word: &str| {
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(word))
            .expect("row on screen");
        let x = unicode_width::UnicodeWidthStr::width(&line[..line.find(word).unwrap()]);
        dark[(x as u16, y as u16)].fg
    };
    assert_ne!(colour_of("+ claim"), colour_of("! caveat"));
    assert_ne!(colour_of("+ claim"), Color::Reset);
}

#[test]
fn the_empty_note_editor_draws_its_prompt_in_the_themes_faint_text() {
    let loaded = load::builtin();
    for theme in [
        Theme::monochrome(),
        Theme::new(ThemeName::Projector),
        Theme::new(ThemeName::Light),
    ] {
        let buffer = draw(&loaded, 80, 24, "j a", theme);
        let text = to_text(&buffer);
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("Write what the group said"))
            .expect("the editor's prompt on screen");
        let x = unicode_width::UnicodeWidthStr::width(&line[..line.find("Write").unwrap()]);
        let cell = &buffer[(x as u16, y as u16)];
        assert_eq!(
            cell.fg,
            theme.dim().fg.unwrap_or(Color::Reset),
            "{:?}",
            theme.name()
        );
    }
}

/// The empty editor's prompt is read whole on a 40-column screen.
#[test]
fn the_note_editors_prompt_fits_a_40_column_screen() {
    let shown = screen(40, 12, "j a");
    assert!(
        shown.contains("┃ Write what the group said about it…  ┃"),
        "{shown}"
    );
}

/// The tags that say the tree is filtered make room for the keys that always show (help, the
/// other pane, quit) instead of pushing them off the line.
#[test]
fn on_a_narrow_screen_the_filter_tags_give_way_to_the_keys_that_always_show() {
    let narrow = screen(40, 12, "/ russia Enter n");
    assert_eq!(
        narrow.lines().last(),
        Some("[2 of 13 …] ? help  Tab detail  q quit"),
        "{narrow}"
    );
    let three = screen(60, 20, "/ russia Enter c f j k");
    assert_eq!(
        three.lines().last(),
        Some("[1 of 13 /russia] [against only] [focused] ? help  q quit"),
        "{three}"
    );
    let wide = screen(80, 24, "/ russia Enter c f j k");
    assert!(
        wide.contains("[/russia 1 of 13 (n/N, Esc)] [against only (c)] [focused (f)] ? help"),
        "{wide}"
    );
}

/// A long search on a narrow screen loses the start of what was typed, not the count.
#[test]
fn a_long_search_keeps_its_count_in_sight() {
    let shown = screen(
        40,
        12,
        "/ russia Space china Space india Space voted Space sanctions",
    );
    assert_eq!(
        shown.lines().nth(10),
        Some("/… china india voted sanctions▏  1 match"),
        "{shown}"
    );
}

/// While a search is typed, Tab moves through the matches and the line says which one is
/// selected.
#[test]
fn typing_a_search_says_which_match_is_selected() {
    let line = |keys: &str| {
        screen(80, 24, keys)
            .lines()
            .nth(22)
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(line("/ iran"), "/iran▏  1 of 22 matches");
    assert_eq!(line("/ iran Tab Tab Tab"), "/iran▏  4 of 22 matches");
}

/// Stepped into a question, its answers fill one column, the author's own "yes" (a rebuttal)
/// among them, with no "Against" column to read as "no".
#[test]
fn stepped_into_a_question_its_answers_are_one_column() {
    let shown = screen(100, 30, "/ would Space sco Enter Esc z");
    assert!(shown.contains("┏ Answers (1) ━"), "{shown}");
    assert!(!shown.contains("Against"), "{shown}");
}

/// At 80 columns every level of the built-in map is drawn whole, so a child's connector
/// stands right of its parent's, never in the same column as if it were a sibling.
#[test]
fn deep_children_stand_right_of_their_parent_at_80x24() {
    let shown = screen(80, 24, "0 G");
    let caveat = shown
        .lines()
        .find(|l| l.contains("caveat Few of Iran"))
        .unwrap();
    let child = shown
        .lines()
        .find(|l| l.contains("evidence Beyond"))
        .unwrap();
    let column = |line: &str, mark: char| line.chars().position(|c| c == mark).unwrap();
    assert!(column(child, '├') >= column(caveat, '└') + 2, "{shown}");
    assert!(!shown.contains('⋯'), "{shown}");
}

/// A key past the longest query (200 characters) adds nothing, and the row of hints below the
/// search line says why, until the next key.
#[test]
fn a_search_at_its_longest_says_so_below_the_search_line() {
    let keys = format!("/ {}", vec!["x"; 201].join(" "));
    let shown = screen(80, 24, &keys);
    let rows: Vec<&str> = shown.lines().collect();
    assert!(
        rows[22].starts_with("/…xxxx") && rows[22].ends_with("▏  no match"),
        "{shown}"
    );
    assert_eq!(
        rows[23].trim_end(),
        "a search is at most 200 characters long: the rest was left out",
        "{shown}"
    );
    let after = screen(80, 24, &format!("{keys} BSpace"));
    assert!(
        after.lines().nth(23).is_some_and(|row| row.contains("Esc")),
        "{after}"
    );
}

/// A search kept with nothing found names no key that has nowhere to go (`n`, `N`), and says
/// what to do next: search again, or go back to the whole map.
#[test]
fn a_kept_search_that_found_nothing_says_what_to_do_next() {
    let bottom = |keys: &str| {
        let shown = screen(80, 24, keys);
        let lines: Vec<String> = shown.lines().map(|l| l.trim_end().to_string()).collect();
        (lines[22].clone(), lines[23].clone())
    };
    let (message, hints) = bottom("/ xyzzy Enter");
    assert_eq!(
        message,
        "no match for “xyzzy”: / searches again, Esc shows the whole map"
    );
    assert!(
        hints.starts_with("[/xyzzy no match (Esc)] ? help"),
        "{hints}"
    );
    // The message goes with the next key; n then brings it back rather than doing nothing.
    let (moved, _) = bottom("/ xyzzy Enter j");
    assert!(!moved.contains("no match"), "{moved}");
    let (again, _) = bottom("/ xyzzy Enter j n");
    assert_eq!(again, message);
    // A search that found something keeps its n/N.
    let (_, found) = bottom("/ crimea Enter");
    assert!(found.starts_with("[/crimea 1 of 1 (n/N, Esc)]"), "{found}");
}

/// A straight apostrophe typed on a keyboard finds the article's curly one, and a hyphen its
/// dash.
#[test]
fn a_typed_apostrophe_finds_the_curly_one_in_the_text() {
    let found = |keys: &str| {
        let shown = screen(80, 24, keys);
        shown
            .lines()
            .last()
            .unwrap_or_default()
            .trim_end()
            .to_string()
    };
    assert!(
        found("/ l e t ' s Space n o t Space f o r g e t Enter")
            .starts_with("[/let's not forget 1 of 2"),
        "{}",
        found("/ l e t ' s Space n o t Space f o r g e t Enter")
    );
    assert!(
        found("/ i r a n - r u s s i a Enter").starts_with("[/iran-russia 1 of"),
        "{}",
        found("/ i r a n - r u s s i a Enter")
    );
}

/// The hint line, the last of the 80x24 screen after `keys`.
fn hints(keys: &str) -> String {
    let shown = screen(80, 24, keys);
    shown
        .lines()
        .last()
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

/// While typing, the hint to the next match shows only when there is a match to go to.
#[test]
fn typing_a_search_offers_the_next_match_only_when_there_is_one() {
    assert_eq!(hints("/"), "Enter keep  Esc cancel");
    assert_eq!(hints("/ xyzzy"), "Enter keep  Esc cancel");
    assert_eq!(hints("/ crimea"), "Enter keep  Esc cancel  Tab next");
}

#[test]
fn search_typing_crimea_80x24() {
    insta::assert_snapshot!(screen(80, 24, "/ Crimea"));
}

#[test]
fn search_kept_with_next_match_60x20() {
    insta::assert_snapshot!(screen(60, 20, "/ russia Enter n"));
}

#[test]
fn stepped_into_point_three_80x24() {
    insta::assert_snapshot!(screen(80, 24, "j j j j z"));
}

/// Stepped into a node, the hints name the keys that move among its children only when it has
/// any, and the way to the other column only when both columns have some.
#[test]
fn stepped_in_the_hints_name_only_keys_that_do_something_there() {
    // The first point's first reason, a leaf: only the ways out are left.
    assert_eq!(
        hints("j j z Enter"),
        "? help  Backspace back  Esc tree  q quit"
    );
    // Recent years: seven pieces of evidence for it, nothing against.
    assert_eq!(
        hints("j z"),
        "? help  j/k move  Enter step in  Backspace back  Esc tree  q quit"
    );
    // The first point: reasons for it and caveats against it.
    assert_eq!(
        hints("j j z"),
        "? help  j/k move  h/l column  Enter step in  Backspace back  Esc tree  q quit"
    );
}

#[test]
fn stepped_in_the_cards_show_the_notes_badges() {
    let marked = screen(80, 24, "j j z j - i 3");
    assert!(marked.contains("• evidence ✗"), "{marked}");
    assert!(marked.contains("▰▰▰"), "the impact bar: {marked}");
}

#[test]
fn stepped_in_on_a_short_screen_each_child_takes_a_line_and_the_border_counts_the_rest() {
    let short = screen(40, 12, "z");
    assert!(
        short.contains("┃• Recent years brought unprecedented …┃"),
        "the label, not only its kind: {short}"
    );
    assert!(short.contains("↓ 5 more"), "{short}");
    let tall = screen(80, 24, "z");
    assert!(tall.contains("↓ 3 more"), "{tall}");
}

/// A student who sees "(+2)" beside a folded node in the tree and then meets the same node as
/// a card in the step-in view reads the same number there: both count every node under it.
#[test]
fn a_card_counts_what_is_below_it_as_the_tree_does() {
    let tree = screen(100, 30, "j j l");
    assert!(tree.contains("Iran must widen ties wit… (+4)"), "{tree}");
    let zoomed = screen(100, 40, "j j z");
    assert!(zoomed.contains("┃+ claim · 4 below"), "{zoomed}");
}

/// On a 60x24 screen the first point's third reason shows only its kind, its label cut off:
/// the border still says it is there to move down to.
#[test]
fn stepped_in_a_card_cut_off_before_its_label_is_counted_below() {
    let zoomed = screen(60, 24, "j j z");
    assert!(zoomed.contains("┃+ claim · 4 below"), "{zoomed}");
    assert!(zoomed.contains("┗ ↓ 1 more"), "{zoomed}");
    let moved_down = screen(60, 24, "j j z j j");
    assert!(
        moved_down.contains("Iran must widen ties with") && moved_down.contains("↑ 1 above"),
        "{moved_down}"
    );
}

/// A student who steps into a point sees the group's note, the paraphrase and the source's
/// own words with where they stand, above the children for and against it.
#[test]
fn stepped_into_point_one_with_a_note_80x24() {
    insta::assert_snapshot!(screen(80, 24, "j j a Ask Space who Space voted C-s z"));
}

/// A node with no children leaves the columns one row each: its quotation is read whole.
#[test]
fn stepped_into_a_point_without_children_its_quote_is_whole() {
    let shown = screen(80, 24, "j j z Enter");
    assert!(
        shown.contains("▌ allout invasion.”") && shown.contains("— paragraph 3, lines 20–22"),
        "{shown}"
    );
    assert!(
        shown
            .lines()
            .all(|l| !(l.starts_with('▌') && l.ends_with('…'))),
        "no line of the quote is cut: {shown}"
    );
    assert!(shown.contains("│nothing for it"), "{shown}");
}

/// On the smallest screen the source's words still begin under the label, cut with "…", and
/// on a middling one each part (paraphrase, quote, note) shows its start.
#[test]
fn stepped_in_on_a_small_screen_the_source_words_begin_under_the_label() {
    let small = screen(40, 12, "j j z");
    let lines: Vec<&str> = small.lines().collect();
    assert!(lines[1].starts_with("Sanctions taught Iran"), "{small}");
    assert!(
        lines[3].starts_with("▌ “Firstly, sanctions") && lines[3].ends_with('…'),
        "{small}"
    );
    let middling = screen(40, 16, "j j a Ask Space who C-s z");
    for part in ["✎ Ask who", "Firstly: a decade", "▌ “Firstly, sanctions"] {
        assert!(middling.contains(part), "{part:?}: {middling}");
    }
}

/// Stepped into a point with children for and against it on a narrow screen, the hint line
/// keeps the key to the other column (j and k never leave one); with one side only, it need not.
#[test]
fn stepped_in_on_a_narrow_screen_the_hints_keep_the_way_to_the_other_column() {
    let both = screen(40, 12, "j j z");
    assert_eq!(
        both.lines().last(),
        Some("? help  h/l column  Esc tree  q quit"),
        "{both}"
    );
    let one_side = screen(40, 12, "z");
    assert_eq!(
        one_side.lines().last(),
        Some("? help  j/k move  Esc tree  q quit"),
        "{one_side}"
    );
}

/// On a narrow screen the hint line gives up the rarer keys (the levels, stepping in) before
/// the ones a newcomer needs: help, the keys the view is for, the search, and Tab, which on a
/// 60x20 screen's seven-row detail pane is the way to the quote.
#[test]
fn a_narrow_hint_line_keeps_the_keys_a_newcomer_needs() {
    let hint_row = |width, height, keys| {
        let shown = screen(width, height, keys);
        shown
            .lines()
            .last()
            .unwrap_or_default()
            .trim_end()
            .to_string()
    };
    assert_eq!(
        hint_row(60, 20, ""),
        "? help  j/k move  h/l fold  / search  Tab pane  q quit"
    );
    // The source view read sentence by sentence: j and k are what it is for.
    assert_eq!(
        hint_row(40, 15, "s Tab"),
        "? help  Tab map  j/k sentence  s close"
    );
    assert_eq!(
        hint_row(80, 24, "s Tab"),
        "? help  j/k sentence  Tab map  s close  q quit"
    );
    // With room, the rarer keys show too, in the keymap's order.
    assert_eq!(
        hint_row(80, 24, ""),
        "? help  j/k move  h/l fold  z step in  1–9 levels  / search  Tab pane  q quit"
    );
}

/// Keys moved in the settings keep their place on a narrow hint line: help still comes first,
/// the way to the hidden pane and the way out still show, under their new keys.
#[test]
fn moved_keys_keep_their_place_on_a_narrow_hint_line() {
    let mut keymap = Keymap::default();
    for (keys, action) in [
        ("?", None),
        ("F1", Some(Action::ToggleHelp)),
        ("Tab", None),
        ("BTab", None),
        ("w", Some(Action::SwitchPane)),
        ("q", None),
    ] {
        keymap.remap(Mode::Normal, parse_keys(keys), action);
    }
    let start = Start {
        theme: Theme::monochrome(),
        ..Start::default()
    };
    let shown = to_text(&render(
        &load::builtin(),
        &keymap,
        40,
        12,
        &parse_keys("j"),
        &start,
    ));
    assert_eq!(
        shown.lines().last(),
        Some("F1 help  w detail  Ctrl-c quit"),
        "{shown}"
    );
}

/// Stepped into the thesis, no path repeats its label above it: that row shows its words.
#[test]
fn stepped_into_the_thesis_no_path_repeats_its_label() {
    let shown = screen(60, 20, "z");
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[0], "◆ thesis", "{shown}");
    assert_eq!(
        lines[1], "Iran–Russia relations will continue to expand",
        "{shown}"
    );
    assert_eq!(
        shown
            .matches("Iran–Russia relations will continue to expand")
            .count(),
        1,
        "{shown}"
    );
}

/// On a screen too small for the whole label, its last line shown ends with "…".
#[test]
fn stepped_in_on_a_tiny_screen_a_cut_label_says_so() {
    let shown = screen(30, 10, "j j z");
    assert!(
        shown.contains("\nSanctions taught Iran to seek…\n"),
        "{shown}"
    );
}

/// A thesis with `n` children, two claims to every objection, labelled "Child 0" …
fn wide_map(n: usize) -> Loaded {
    let children: Vec<String> = (0..n)
        .map(|i| {
            let kind = if i % 3 == 0 { "objection" } else { "claim" };
            format!(r#"{{"id": "c{i}", "kind": "{kind}", "label": "Child {i}"}}"#)
        })
        .collect();
    let json = format!(
        r#"{{"argscope": 1, "title": "Wide", "root": {{"id": "t", "kind": "thesis", "label": "T", "children": [{}]}}}}"#,
        children.join(",")
    );
    load::from_str(&json, "wide.json", load::DocumentSource::Text("")).expect("the map loads")
}

/// A slide of a node with thousands of children, thirty of them revealed on a small screen:
/// the last revealed is in sight, with how many gave way above and how many are still to come.
#[test]
fn presenter_on_a_node_with_thousands_of_children_shows_the_last_revealed() {
    let loaded = wide_map(3000);
    let keys = vec!["Space"; 30].join(" ");
    let shown = to_text(&render(
        &loaded,
        &Keymap::default(),
        40,
        12,
        &parse_keys(&keys),
        &Start {
            present: true,
            ..Start::default()
        },
    ));
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[9].contains("Child 29"), "{shown}");
    assert_eq!(lines[10].trim(), "2970 more: → to reveal", "{shown}");
    assert!(
        lines
            .iter()
            .any(|l| l.trim().starts_with("↑ ") && l.ends_with(" above")),
        "{shown}"
    );
}

/// A node with thousands of children: the step-in view shows the window around the selection
/// and counts the rest above and below, in each column.
#[test]
fn stepped_into_a_node_with_thousands_of_children_the_columns_count_what_is_off_screen() {
    let loaded = wide_map(3000);
    let down = vec!["j"; 1000].join(" ");
    let shown = to_text(&draw(
        &loaded,
        80,
        24,
        &format!("z {down}"),
        Theme::monochrome(),
    ));
    // The 1,001st claim is child 1501 (two claims in every three children).
    assert!(shown.contains("Child 1501"), "{shown}");
    let bottom = shown
        .lines()
        .find(|l| l.starts_with('┗'))
        .unwrap_or_default();
    assert!(bottom.contains("┗ ↑ 995 · ↓ 999 ━"), "{shown}");
    assert!(bottom.contains("└ ↓ 994 more ─"), "{shown}");
}

#[test]
fn stepped_into_a_caveat_60x20() {
    insta::assert_snapshot!(screen(60, 20, "j j z l Enter"));
}

#[test]
fn the_case_against_120x40() {
    insta::assert_snapshot!(screen(120, 40, "c"));
}

#[test]
fn focused_on_point_one_80x24() {
    insta::assert_snapshot!(screen(80, 24, "0 j j j j j j j j j f"));
}

/// Colour is the point here, so these snapshots keep the buffer's styles, not only its text.
fn styled(theme: Theme, keys: &str) -> String {
    format!("{:?}", draw(&load::builtin(), 60, 20, keys, theme))
}

#[test]
fn dark_theme_60x20() {
    insta::assert_snapshot!(styled(Theme::new(ThemeName::Dark), "j j l"));
}

#[test]
fn light_theme_60x20() {
    insta::assert_snapshot!(styled(Theme::new(ThemeName::Light), "j j l"));
}

#[test]
fn projector_theme_60x20() {
    insta::assert_snapshot!(styled(Theme::new(ThemeName::Projector), "/ crimea"));
}

#[test]
fn t_cycles_the_theme_the_screen_is_drawn_in() {
    let loaded = load::builtin();
    let dark = draw(&loaded, 80, 24, "", Theme::new(ThemeName::Dark));
    let cycled = draw(&loaded, 80, 24, "t", Theme::new(ThemeName::Dark));
    let light = draw(&loaded, 80, 24, "", Theme::new(ThemeName::Light));
    // Above the status line (which says what changed) the screen is the light theme's.
    for y in 0..22 {
        for x in 0..80 {
            assert_eq!(cycled[(x, y)], light[(x, y)], "cell {x},{y}");
        }
    }
    assert_ne!(
        dark[(40, 10)].bg,
        light[(40, 10)].bg,
        "the background changed"
    );
    assert!(to_text(&cycled).contains("colours: light"));
    let plain = to_text(&draw(&loaded, 80, 24, "t", Theme::monochrome()));
    assert!(plain.contains("colours are off"), "{plain}");
}

#[test]
fn source_beside_the_map_following_a_search_100x30() {
    insta::assert_snapshot!(screen(100, 30, "/ crimea Enter s"));
}

#[test]
fn source_read_sentence_by_sentence_60x20() {
    insta::assert_snapshot!(screen(60, 20, "s Tab j j j"));
}

#[test]
fn source_alone_where_one_pane_fits_40x12() {
    insta::assert_snapshot!(screen(40, 12, "s Tab"));
}

fn presenting(width: u16, height: u16, keys: &str) -> String {
    let start = Start {
        present: true,
        ..Start::default()
    };
    to_text(&render(
        &load::builtin(),
        &Keymap::default(),
        width,
        height,
        &parse_keys(keys),
        &start,
    ))
}

/// The help explains every mark the tree shows, lists the presenter's overview keys under
/// the presenter's own, and says how to get the terminal's text selection back.
#[test]
fn help_explains_the_tree_marks_the_overview_keys_and_no_mouse() {
    let end = screen(80, 24, "? G");
    for (mark, meaning) in [
        ("▸ ▾", "a folded node (its children hidden)"),
        ("(+7)", "how many nodes the fold hides"),
        ("⋯3", "on a row too deep for its guides"),
    ] {
        let line = end.lines().find(|l| l.contains(meaning));
        let line = line.unwrap_or_else(|| panic!("{meaning:?} not in {end}"));
        assert!(line.contains(mark), "{line}");
    }
    assert!(end.contains("--no-mouse"), "{end}");
    assert!(end.contains("own text selection"), "{end}");
    let presenting_help = presenting(80, 24, &format!("?{}", " j".repeat(26)));
    assert!(
        presenting_help.contains("Presenter's overview (P, then o)"),
        "{presenting_help}"
    );
    for keys in [
        "choose the next slide",
        "show the chosen slide",
        "back to the slide you were on",
    ] {
        assert!(
            presenting_help.contains(keys),
            "{keys:?}: {presenting_help}"
        );
    }
    let overview_help = presenting(80, 24, "o ?");
    assert!(
        overview_help.contains("Presenter's overview (P, then o)"),
        "{overview_help}"
    );
}

/// The help wraps at spaces only: `--no-mouse` (or any word with a hyphen) is never split
/// into "--no-" and "mouse" on the next line, at any width.
#[test]
fn help_never_breaks_an_option_or_a_key_at_a_hyphen() {
    for width in [40, 60, 80, 100, 120, 200] {
        let help = screen(width, 1000, "?");
        assert!(help.contains("--no-mouse"), "{width}: {help}");
        for line in help.lines() {
            let text = line.trim_end_matches([' ', '┃', '│', '║']).trim_end();
            let cut = text
                .strip_suffix('-')
                .is_some_and(|before| before.ends_with(|c: char| !c.is_whitespace()));
            assert!(!cut, "{width}: a word broken at its hyphen: {line:?}");
        }
    }
}

#[test]
fn help_opens_at_the_keys_of_the_mode_it_is_asked_from() {
    let presenting_help = presenting(80, 24, "?");
    assert!(
        presenting_help.contains("Presenter mode (P)")
            && presenting_help.contains("reveal the next child"),
        "{presenting_help}"
    );
    let stepped_in = screen(80, 24, "z ?");
    assert!(
        stepped_in.contains("Stepped into a node (z)"),
        "{stepped_in}"
    );
    let reading = screen(80, 24, "s Tab ?");
    assert!(reading.contains("The source text"), "{reading}");
    let map = screen(80, 24, "?");
    assert!(map.contains("Move") && map.contains("next row"), "{map}");
}

#[test]
fn the_presenter_says_what_a_copy_did_and_esc_in_the_overview_goes_back() {
    let copied = presenting(80, 24, "y");
    assert!(
        copied.contains("quote and citation sent to the terminal's clipboard"),
        "{copied}"
    );
    let overview = presenting(80, 24, "o");
    assert!(overview.contains("Esc back"), "{overview}");
    let back = presenting(80, 24, "o Escape");
    assert!(
        back.contains("Esc leave"),
        "Esc left the overview only: {back}"
    );
}

/// In the overview the arrows choose a slide; only `o` or Enter shows it, and Esc goes back
/// to the slide that was on screen (it used to show the slide the arrows had moved to).
#[test]
fn the_overview_shows_the_chosen_slide_only_when_asked() {
    let eleventh = ["j"; 10].join(" ");
    let up = ["Up"; 6].join(" ");
    let chosen = presenting(80, 24, &format!("{eleventh} o {up}"));
    let footer = chosen.lines().last().unwrap();
    assert!(footer.contains("↑↓ choose  o show  Esc back"), "{chosen}");
    assert!(footer.ends_with("5 / 37"), "{chosen}");
    assert!(
        chosen.contains("▶ │ ├─ • evidence  A daily swap"),
        "{chosen}"
    );
    assert!(
        chosen.contains("▷ │ ├─ • evidence  The West sought"),
        "{chosen}"
    );
    for close in ["Escape", "q", "P"] {
        let back = presenting(80, 24, &format!("{eleventh} o {up} {close}"));
        let footer = back.lines().last().unwrap();
        assert!(
            footer.contains("Esc leave") && footer.ends_with("11 / 37"),
            "{close} goes back to slide 11: {back}"
        );
        assert!(
            back.contains("The West sought to break Iran apart"),
            "{back}"
        );
    }
    for show in ["o", "Enter"] {
        let shown = presenting(80, 24, &format!("{eleventh} o {up} {show}"));
        let footer = shown.lines().last().unwrap();
        assert!(footer.ends_with("5 / 37"), "{show} shows slide 5: {shown}");
        assert!(shown.contains("A daily swap of 500,000 barrels"), "{shown}");
    }
}

/// A class can read the author's whole sentence: revealing children makes the earlier ones
/// give way (counted above) rather than the quote, and `J` scrolls a slide too tall for the
/// screen to its end (`K` back), the hint line saying so where it applies.
#[test]
fn presenter_the_whole_quote_can_be_read() {
    let revealed = presenting(80, 24, "j Right Right Right Right Right Right Right");
    assert!(
        revealed.contains("major instances of new cooperation between Iran and Russia.”"),
        "the quote keeps every line: {revealed}"
    );
    assert!(revealed.contains("↑ 6 above"), "{revealed}");
    assert!(
        revealed.contains("Shared view that the world order"),
        "{revealed}"
    );

    let cut = presenting(60, 20, "");
    assert!(cut.contains("Here, I add a fe…"), "{cut}");
    let footer = cut.lines().last().unwrap();
    assert!(footer.contains("J/K scroll"), "{cut}");
    let scrolled = presenting(60, 20, "J");
    assert!(scrolled.contains("Here, I add a few"), "{scrolled}");
    assert!(scrolled.contains("points in this regard.”"), "{scrolled}");
    assert!(scrolled.contains("↑ more above"), "{scrolled}");
    assert_eq!(presenting(60, 20, "J K"), cut, "K scrolls back");

    let tenth = ["j"; 9].join(" ");
    let end = presenting(60, 20, &format!("{tenth} J J J J"));
    assert!(end.contains("of a roller coaster.”"), "{end}");
    assert!(
        end.contains("2 evidence, 2 caveats, 1 claim beneath"),
        "scrolled to its end: {end}"
    );
    let next = presenting(60, 20, &format!("{tenth} J J J J Right"));
    assert!(
        !next.contains("↑ more above"),
        "a reveal shows the slide from its top: {next}"
    );

    let wide = presenting(200, 50, "");
    assert!(!wide.contains("scroll"), "{wide}");
    let asked = presenting(200, 50, "J");
    assert!(asked.contains("the whole slide is on screen"), "{asked}");
}

/// What the class decides is marked on the slide as the discussion goes, and shown on it:
/// the mark, the rating and the note under the slide's content, where a small screen keeps
/// them.
#[test]
fn the_seminar_notes_of_a_slide_are_made_and_shown_on_it() {
    let marked = presenting(80, 24, "j - i 2 a Not Space in Space 2016 C-s");
    let lines: Vec<&str> = marked.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Seminar notes"))
        .unwrap_or_else(|| panic!("{marked}"));
    assert!(lines[at - 2].contains("7 evidence beneath"), "{marked}");
    assert!(
        lines[at + 1].contains("✗ disagree · impact ▰▰▱▱ 2/4"),
        "{marked}"
    );
    assert!(lines[at + 2].contains("✎ Not in 2016"), "{marked}");
    let small = presenting(60, 20, "j - a Not Space in Space 2016 C-s");
    assert!(small.contains("✎ Not in 2016"), "{small}");
}

/// The seminar notes stand below the slide's content, not above its label, and `n` keeps them
/// off the projector on every slide until pressed again; the footer names the key with what
/// it would do, and the notes themselves are kept.
#[test]
fn n_hides_the_seminar_notes_on_the_slides_and_shows_them_again() {
    let noted = "j a Students Space doubt Space it C-s Right";
    let row = |screen: &str, text: &str| {
        screen
            .lines()
            .position(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text:?} not in {screen}"))
    };
    let shown = presenting(80, 24, noted);
    assert!(
        row(&shown, "Seminar notes") > row(&shown, "• evidence  Eight new nuclear power plants"),
        "below the children revealed: {shown}"
    );
    assert!(shown.contains("✎ Students doubt it"), "{shown}");
    assert!(shown.contains("n hide notes"), "{shown}");

    let hidden = presenting(80, 24, &format!("{noted} n"));
    assert!(!hidden.contains("Students doubt it"), "{hidden}");
    assert!(!hidden.contains("Seminar notes"), "{hidden}");
    assert!(
        hidden.contains("seminar notes hidden on the slides"),
        "{hidden}"
    );
    let later = presenting(80, 24, &format!("{noted} n j k"));
    assert!(!later.contains("Students doubt it"), "{later}");
    assert!(later.contains("n show notes"), "{later}");
    assert!(
        !presenting(80, 24, "n j").contains("notes"),
        "no notes here, no hint"
    );

    let again = presenting(80, 24, &format!("{noted} n j k n"));
    assert!(again.contains("✎ Students doubt it"), "{again}");
    let in_the_tree = presenting(80, 24, &format!("{noted} n Escape"));
    assert!(in_the_tree.contains("Students doubt it"), "{in_the_tree}");
}

/// At either end, a key that would move says why nothing moved: in front of a class a silent
/// key looks like a hang.
#[test]
fn the_slide_keys_say_first_slide_and_last_slide_at_the_ends() {
    for keys in ["Left", "k", "Right Left Left"] {
        let shown = presenting(80, 24, keys);
        assert!(shown.contains("first slide"), "{keys}: {shown}");
    }
    for keys in ["G Right", "G j", "G k j j"] {
        let shown = presenting(80, 24, keys);
        assert!(shown.contains("last slide"), "{keys}: {shown}");
    }
    let moved = presenting(80, 24, "Right");
    assert!(!moved.contains("first slide"), "{moved}");
    assert!(!presenting(80, 24, "G").contains("last slide"));
}

/// A slide's number then `G` goes to that slide (as `12G` does in presenterm), the number
/// shown as it is typed; any other key forgets it, and a number past the end says so.
#[test]
fn a_slide_number_then_g_goes_to_that_slide() {
    let typed = presenting(80, 24, "1 2");
    assert!(typed.contains("slide 12: G goes there"), "{typed}");
    assert!(typed.contains("1 / 37"), "{typed}");
    let there = presenting(80, 24, "1 2 G");
    assert!(there.contains("12 / 37"), "{there}");
    let forgotten = presenting(80, 24, "1 2 j G");
    assert!(forgotten.contains("37 / 37"), "{forgotten}");
    let also = presenting(80, 24, "1 2 + G");
    assert!(also.contains("37 / 37"), "{also}");
    let past = presenting(80, 24, "j 9 9 G");
    assert!(
        past.contains("no slide 99: the slides are 1 to 37"),
        "{past}"
    );
    assert!(past.contains("2 / 37"), "{past}");
    let help = presenting(80, 200, "?");
    assert!(
        help.contains("0–9") && help.contains("type a slide's number, then G to go to it"),
        "{help}"
    );
}

/// The path stands on the row right above its slide, however the slide is centred on a tall
/// screen: never alone at the top with blank rows between.
#[test]
fn the_path_stays_with_its_slide_on_a_tall_screen() {
    for (width, height) in [(80, 24), (120, 40), (200, 50)] {
        for slide in 0..12 {
            let keys = ["j"; 12][..slide].join(" ");
            for reveal in ["", " Right Right Right Right Right Right Right"] {
                let shown = presenting(width, height, &format!("{keys}{reveal}"));
                let lines: Vec<&str> = shown.lines().collect();
                let Some(path) = lines.iter().position(|l| !l.trim().is_empty()) else {
                    panic!("{width}x{height}: nothing shown")
                };
                assert!(
                    !lines[path + 1].trim().is_empty(),
                    "{width}x{height}, {keys}{reveal}: a blank row under the path:\n{shown}"
                );
            }
        }
    }
}

/// `k` shows the previous slide as `j` shows the next, nothing revealed yet, so the teacher can
/// present it point by point again; `←` undoes `→`, so it arrives with every point shown.
#[test]
fn k_goes_back_a_slide_without_revealing_and_left_with_every_point_shown() {
    let fresh = presenting(80, 24, "");
    let back = presenting(80, 24, "j k");
    assert_eq!(back, fresh, "k: the thesis as it first shows");
    assert!(back.contains("1 evidence, 5 claims beneath"), "{back}");
    assert!(
        !back.contains("+ claim     Sanctions taught Iran"),
        "{back}"
    );
    let undone = presenting(80, 24, "j Left");
    for label in [
        "• evidence  Recent years brought unprecedented",
        "+ claim     Iran should keep insisting on common use",
    ] {
        assert!(undone.contains(label), "{undone}");
    }
    assert!(!undone.contains("beneath"), "{undone}");
}

/// However few rows a slide leaves its children, the points revealed before the one just
/// revealed are counted ("↑ 4 above"), never gone without a word: where there is no row for
/// that line, it shares the line of what is still to reveal.
#[test]
fn revealed_points_that_give_way_are_counted_above_at_every_size() {
    let five = presenting(80, 24, "j Right Right Right Right Right");
    assert!(
        five.contains("• evidence  Regional cooperation in Central Asia"),
        "{five}"
    );
    assert!(five.contains("↑ 4 above · 2 more: → to reveal"), "{five}");
    for (width, height) in [(80, 24), (60, 20), (40, 12)] {
        for revealed in 2..=7 {
            let keys = format!("j{}", " Right".repeat(revealed));
            let shown = presenting(width, height, &keys);
            let above = (1..revealed).any(|n| shown.contains(&format!("↑ {n} above")));
            let all = shown.contains("• evidence  Recent years")
                || shown.contains("• evidence  Construction of eight");
            assert!(
                above || all,
                "{width}x{height}, {revealed} revealed:\n{shown}"
            );
        }
    }
}

/// A long note is cut to the rows there are, ending with "…" (J scrolls to the rest), as the
/// paraphrase and the quote are: it is never dropped whole with rows left empty, nor does it
/// take the author's words down to a line.
#[test]
fn a_long_note_on_a_slide_is_cut_to_fit_not_dropped() {
    let eleven = ["j"; 11].join(" ");
    let note = |lines: usize| {
        let typed: Vec<String> = (1..=lines).map(|i| format!("l{i}")).collect();
        format!("{eleven} a {} C-s", typed.join(" Enter "))
    };
    let long = presenting(80, 24, &note(14));
    let lines: Vec<&str> = long.lines().collect();
    for shown in [
        "Seminar notes",
        "✎ l1",
        "Even Russia, China and India voted in favour",
        "▌ “Let’s not forget that even Russia, China and India",
        "— paragraph 4, line 23",
    ] {
        assert!(long.contains(shown), "{shown}: {long}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start().starts_with('l') && l.ends_with(" …")),
        "the cut note says there is more: {long}"
    );
    assert!(!lines[22].trim().is_empty(), "no row left empty: {long}");
    let scrolled = presenting(80, 24, &format!("{} J J J J J", note(14)));
    assert!(
        scrolled.contains("  l14\n"),
        "J scrolls to its end: {scrolled}"
    );

    let ten = presenting(80, 24, &note(10));
    assert!(
        ten.contains("▌ sanctions resolutions against Iran.”"),
        "{ten}"
    );
    assert!(ten.contains("✎ l1"), "{ten}");
}

#[test]
fn presenter_thesis_80x24() {
    insta::assert_snapshot!(presenting(80, 24, ""));
}

#[test]
fn presenter_thesis_200x50_in_big_letters() {
    let screen = presenting(200, 50, "");
    assert!(
        screen
            .lines()
            .filter(|l| l.contains('█') || l.contains('▀') || l.contains('▄'))
            .count()
            >= 4,
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn presenter_point_three_with_children_revealed_60x20() {
    // Slide 24 is point three; Space reveals its one child.
    let keys = format!("{} Space", ["j"; 23].join(" "));
    insta::assert_snapshot!(presenting(60, 20, &keys));
}

/// On a 40x12 screen the kind line keeps to one line (the parent's label cut at a word, the
/// thesis's "the claim the map argues for" left out), so a child revealed has a row beside the
/// quotation, which keeps its lines: the child shows its start, and J scrolls to read it whole.
#[test]
fn presenter_at_40x12_a_revealed_child_shows_beside_the_quote() {
    let shown = presenting(40, 12, "Space Space");
    assert!(shown.contains("  ◆ thesis\n"), "{shown}");
    assert!(shown.contains("▌ “Now, the question is"), "{shown}");
    assert!(
        shown.contains("+ claim     Sanctions taught Iran"),
        "{shown}"
    );
    assert!(shown.contains("J/K scroll"), "{shown}");
    let scrolled = presenting(40, 12, "Space Space J J J J J J");
    assert!(
        scrolled.contains("to seek independent\n              partners"),
        "{scrolled}"
    );
    insta::assert_snapshot!(presenting(40, 12, "j j j j j j j j j Space Space"));
}

/// On a slide too short for its text, what is cut ends with "…" on its last line shown, and
/// no row is left blank above the footer while text is cut: the quotation takes back the rows
/// a paraphrase gave up, and an ellipsis takes no row of its own.
#[test]
fn presenter_a_slide_cut_short_leaves_no_row_unused() {
    let shown = presenting(40, 12, "j j j j j");
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[11].ends_with("6 / 37"), "{shown}");
    assert!(
        lines.iter().all(|l| l.trim() != "…" && l.trim() != "▌ …"),
        "{shown}"
    );
    assert!(shown.contains("▌ “cooperation between the two"), "{shown}");
    assert!(!lines[10].trim().is_empty(), "{shown}");
}

/// With the note editor open over a slide, the hint line is the editor's, as in the tree: in
/// it → moves the cursor and Esc closes the editor, so "→ next  Esc leave" would mislead.
/// The hints come from the keymap, so a key the settings move is named as moved.
#[test]
fn presenter_with_the_note_editor_open_hints_the_editor_keys() {
    let writing = presenting(80, 24, "j a");
    let footer = writing.lines().last().unwrap_or_default();
    assert!(footer.starts_with("  Ctrl-s save  Esc close"), "{writing}");
    assert!(footer.ends_with("2 / 37"), "{writing}");
    assert!(
        !footer.contains("next") && !footer.contains("leave"),
        "{footer}"
    );
    let asking = presenting(80, 24, "j a x Escape");
    let footer = asking.lines().last().unwrap_or_default();
    assert!(
        footer.contains("y discard  s save  n keep writing"),
        "{asking}"
    );
    let closed = presenting(80, 24, "j a Escape");
    let footer = closed.lines().last().unwrap_or_default();
    assert!(
        footer.contains("→ next") && footer.contains("Esc leave"),
        "{closed}"
    );

    let mut keymap = Keymap::default();
    for binding in &mut keymap.bindings {
        if binding.mode == Mode::Note && binding.action == Action::SaveNote {
            binding.keys = parse_keys("C-w");
        }
    }
    let start = Start {
        present: true,
        ..Start::default()
    };
    let remapped = to_text(&render(
        &load::builtin(),
        &keymap,
        80,
        24,
        &parse_keys("j a"),
        &start,
    ));
    let footer = remapped.lines().last().unwrap_or_default();
    assert!(footer.starts_with("  Ctrl-w save  Esc close"), "{remapped}");
}

/// A node bookmarked and annotated in the tree shows its ★ and ✎ in the presenter's overview,
/// as on its tree row; `'` goes to its slide, and `?` lists that key among the presenter's.
#[test]
fn presenter_bookmarks_show_in_the_overview_and_the_quote_mark_goes_to_them() {
    let noted = "j j b a h i C-s";
    let tree = screen(120, 40, noted);
    assert!(tree.contains("★ ✎"), "{tree}");
    let overview = presenting(80, 24, &format!("Escape {noted} P ' o"));
    let row = overview
        .lines()
        .find(|l| l.contains("Sanctions taught Iran"));
    let row = row.unwrap_or_else(|| panic!("{overview}"));
    assert!(row.contains('▶') && row.ends_with("★ ✎"), "{overview}");
    let other = overview.lines().find(|l| l.contains("Eight new nuclear"));
    assert!(!other.unwrap_or_default().contains('★'), "{overview}");
    let narrow = presenting(40, 15, &format!("Escape {noted} P ' o"));
    assert!(narrow.contains("Sanctions taught… ★ ✎"), "{narrow}");

    let slide = presenting(80, 24, &format!("Escape {noted} P '"));
    assert!(
        slide
            .lines()
            .last()
            .unwrap_or_default()
            .ends_with("10 / 37"),
        "{slide}"
    );
    let help = presenting(100, 50, "?");
    let line = help
        .lines()
        .find(|l| l.contains("the next bookmark's slide"));
    assert!(
        line.unwrap_or_else(|| panic!("{help}")).contains('\''),
        "{help}"
    );
}

/// `n` hides the seminar notes from the projector everywhere in presenter mode: the overview's
/// rows lose their badges (mark, bookmark, note) too, and get them back with `n` again.
#[test]
fn hidden_seminar_notes_leave_the_presenters_overview_without_badges() {
    let noted = "+ b a Ask Space who C-s";
    let badges = ['✓', '★', '✎'];
    let thesis_row = |screen: &str| {
        let row = screen.lines().find(|l| l.contains("◆ thesis"));
        row.unwrap_or_else(|| panic!("{screen}")).to_string()
    };
    let shown = presenting(80, 24, &format!("{noted} o"));
    let row = thesis_row(&shown);
    assert!(badges.iter().all(|&b| row.contains(b)), "{shown}");

    let hidden = presenting(80, 24, &format!("{noted} n o"));
    assert!(!hidden.contains(badges), "{hidden}");
    let slide = presenting(80, 24, &format!("{noted} n"));
    assert!(
        !slide.contains(badges) && !slide.contains("Ask who"),
        "{slide}"
    );

    let again = presenting(80, 24, &format!("{noted} n n o"));
    assert_eq!(thesis_row(&again), row, "{again}");
}

#[test]
fn presenter_overview_80x24() {
    insta::assert_snapshot!(presenting(80, 24, "j j j j j j j j j j j o"));
}

/// A slide, and the overview, are drawn on the theme's own background, as the tree is: the
/// projector theme's light text stays on black on a terminal with a white background, and
/// without colour (NO_COLOR) nothing is painted at all.
#[test]
fn the_presenter_paints_the_themes_background() {
    let loaded = load::builtin();
    for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Projector] {
        let theme = Theme::new(name);
        let background = theme.base().bg.expect("a colour theme has a background");
        let tree = draw(&loaded, 80, 24, "", theme);
        assert_eq!(tree[(40, 10)].bg, background, "{name:?}: the tree");
        for keys in ["", "j Right", "o"] {
            let start = Start {
                present: true,
                theme,
                ..Start::default()
            };
            let shown = render(
                &loaded,
                &Keymap::default(),
                80,
                24,
                &parse_keys(keys),
                &start,
            );
            let text = to_text(&shown);
            for (y, row) in text.lines().enumerate() {
                for x in 0..80 {
                    let cell = &shown[(x, y as u16)];
                    // The overview's chosen row is highlighted, on a background of its own.
                    assert!(
                        cell.bg == background || row.contains('▶'),
                        "{name:?} {keys:?}: cell {x},{y} {cell:?}\n{text}"
                    );
                }
            }
        }
    }
    let start = Start {
        present: true,
        ..Start::default()
    };
    let plain = render(
        &loaded,
        &Keymap::default(),
        80,
        24,
        &parse_keys("j Right"),
        &start,
    );
    assert!(
        plain
            .content()
            .iter()
            .all(|cell| cell.bg == Color::Reset && cell.fg == Color::Reset),
        "no colour without colour"
    );
}

#[test]
fn presenter_in_projector_colours_80x24() {
    let start = Start {
        present: true,
        theme: Theme::new(ThemeName::Projector),
        ..Start::default()
    };
    insta::assert_snapshot!(format!(
        "{:?}",
        render(
            &load::builtin(),
            &Keymap::default(),
            80,
            24,
            &parse_keys("j j Space"),
            &start
        )
    ));
}

/// A teacher who marks the Crimea question unsure, rates it, bookmarks it and writes a note
/// still reads its label in the tree: the badges shorten, then give way, before the label is
/// cut below 16 columns; and the unsure mark is not the question's `?` again.
#[test]
fn badges_leave_a_label_its_room_and_unsure_is_not_a_question_mark() {
    let keys = "/ crimea Enter = i 3 b a Ask C-s";
    let row = |width, height| {
        let shown = screen(width, height, keys);
        let row = shown
            .lines()
            .find(|line| line.contains("? question Why"))
            .map(|line| line.split(['┃', '│']).nth(1).unwrap_or_default());
        row.unwrap_or_default().trim_end().to_string()
    };
    // 80x24: no room for a badge beside the label at this depth; the detail pane has them.
    assert_eq!(row(80, 24), "      └── ? question Why did Russ…");
    assert_eq!(row(100, 30), "      └── ? question Why did Russia a… ~▰3★✎");
    assert_eq!(
        row(120, 40),
        "      └── ? question Why did Russia attac… ~ ▰▰▰▱ ★ ✎"
    );
    let detail = screen(80, 24, keys);
    assert!(detail.contains("~ unsure · impact ▰▰▰▱ 3/4"), "{detail}");
}

#[test]
fn notes_show_as_badges_in_the_tree_and_in_full_in_the_detail_80x24() {
    insta::assert_snapshot!(screen(
        80,
        24,
        "j j + i3 b a Ask Space who Space voted Space for Space what C-s"
    ));
}

/// On a projector-sized 60x20 screen the detail pane is seven rows under the map: the notes
/// stand under the label, so they are read there without scrolling past the quote.
#[test]
fn the_seminar_notes_show_under_the_label_without_scrolling_60x20() {
    let shown = screen(60, 20, "j j + a Ask Space who Space voted C-s");
    let detail: Vec<&str> = shown
        .lines()
        .skip_while(|l| !l.contains("Detail"))
        .collect();
    let at = |text: &str| detail.iter().position(|l| l.contains(text));
    assert!(at("Seminar notes").is_some(), "{shown}");
    assert!(
        at("✓ agree").is_some() && at("✎ Ask who voted").is_some(),
        "{shown}"
    );
    assert!(at("Sanctions taught Iran") < at("Seminar notes"), "{shown}");
}

/// The keys that type `text` into the note editor: its words, spaces and new lines.
fn typing(text: &str) -> String {
    text.lines()
        .map(|line| line.split(' ').collect::<Vec<_>>().join(" Space "))
        .collect::<Vec<_>>()
        .join(" Enter ")
}

#[test]
fn a_note_of_two_paragraphs_reads_as_one_note_in_the_detail() {
    let shown = screen(80, 50, "j j a First Space line Enter Second Space line C-s");
    assert!(shown.contains("│ ✎ First line"), "{shown}");
    assert!(shown.contains("│ Second line"), "{shown}");
    assert_eq!(
        shown.matches('✎').count(),
        2,
        "one pen, and the tree's badge"
    );
}

/// A note's wrapped lines hang under its text, after the pen, and each line the teacher
/// started starts at the left, in the detail pane and on a slide: a wrapped line is not read
/// as a new one, nor a new one as the rest of the line before.
#[test]
fn a_notes_wrapped_lines_hang_after_the_pen_in_the_detail_and_on_a_slide() {
    let note = typing(
        "NB: Class thinks the vote matters. Ask: why did Russia vote yes? END\nSecond line é ü 中文",
    );
    let detail = screen(80, 24, &format!("j j a {note} C-s"));
    let rows: Vec<&str> = detail
        .lines()
        .filter_map(|l| l.split('│').nth(1))
        .map(|l| l.trim_end_matches(['█', ' ']))
        .collect();
    let at = rows
        .iter()
        .position(|l| l.starts_with(" ✎ NB: Class"))
        .unwrap_or_else(|| panic!("{detail}"));
    assert!(
        rows[at + 1].starts_with("   ") && !rows[at + 1].starts_with("    "),
        "{detail}"
    );
    assert!(rows[at + 1].contains("END"), "{detail}");
    assert_eq!(rows[at + 2], " Second line é ü 中文", "{detail}");

    let slide = presenting(60, 40, &format!("j a {note} C-s"));
    let lines: Vec<&str> = slide.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("  ✎ NB: Class"))
        .unwrap_or_else(|| panic!("{slide}"));
    assert!(
        lines[at + 1].starts_with("    ") && !lines[at + 1].starts_with("     "),
        "{slide}"
    );
    assert!(lines[at + 1].contains("END"), "{slide}");
    assert_eq!(
        lines[at + 2].trim_end(),
        "  Second line é ü 中文",
        "{slide}"
    );
}

/// A message longer than the two status rows takes rows above them, under a rule, rather
/// than losing its end: here what `y` copied, on a 40-column screen.
#[test]
fn a_long_message_takes_the_rows_it_needs_above_the_status_line() {
    let shown = screen(40, 12, "j j y");
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[8], "─".repeat(40), "{shown}");
    assert_eq!(lines[9], "quote and citation sent to the", "{shown}");
    assert_eq!(lines[11], "README)", "{shown}");
    assert!(
        lines[9..].iter().all(|l| !l.contains('…')),
        "nothing of it is cut: {shown}"
    );
    // A message that fits in the status rows leaves the panes alone.
    let short = screen(80, 24, "j j y");
    assert!(!short.contains(&"─".repeat(80)), "{short}");
    assert!(
        short
            .contains("quote and citation sent to the terminal's clipboard (no paste? see README)"),
        "{short}"
    );
}

/// On a slide, a message too long for the footer takes the blank row above it too.
#[test]
fn a_long_message_on_a_slide_uses_the_blank_row_above_the_footer() {
    let shown = presenting(80, 24, "j j y");
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(
        lines[22].trim(),
        "quote and citation sent to the terminal's clipboard (no paste? see",
        "{shown}"
    );
    assert!(
        lines[23].trim_start().starts_with("README)") && lines[23].ends_with("3 / 37"),
        "{shown}"
    );
}

#[test]
fn the_question_on_throwing_a_note_away_is_titled_with_what_it_asks() {
    let shown = screen(60, 20, "j j a x Escape");
    assert!(shown.contains("┏ Throw away changes? ━"), "{shown}");
}

#[test]
fn the_note_editor_over_the_map_60x20() {
    insta::assert_snapshot!(screen(
        60,
        20,
        "j j a The Space group Space disagreed Escape"
    ));
}

/// A statement holding a pasted book: the detail pane lays out its first 16 KB and says how much
/// more the map holds, so every key on it stays quick, and the panes after it still show.
#[test]
fn a_text_too_long_for_a_pane_shows_its_start_and_how_much_more_there_is() {
    let book = "the argument goes on and on ".repeat(40_000);
    let json = serde_json::json!({
        "argscope": 1, "title": "Long",
        "root": {"id": "t", "kind": "thesis", "label": "T", "children": [
            {"id": "book", "kind": "claim", "label": "A pasted book", "text": book},
            {"id": "next", "kind": "objection", "label": "After the book"},
        ]}
    });
    let loaded = load::from_str(
        &json.to_string(),
        "long.json",
        load::DocumentSource::Text(""),
    )
    .expect("the map loads");
    let end = to_text(&draw(&loaded, 80, 24, "j Tab G", Theme::monochrome()));
    assert!(end.contains("the [… 1.1 MB"), "{end}");
    assert!(end.contains("more, too long to show here]"), "{end}");
    assert!(end.contains("For (0): nothing"), "{end}");
    // The step-in view and the slide show its start.
    for keys in ["j z", "j P"] {
        let shown = to_text(&draw(&loaded, 80, 24, keys, Theme::monochrome()));
        assert!(
            shown.contains("the argument goes on and on"),
            "{keys}: {shown}"
        );
    }
}

/// A deep map on a projector's screen: past the depth the pane has room for, the outer levels'
/// guides give way to `⋯N` and every row still shows its label.
#[test]
fn deep_nodes_keep_their_labels_on_a_narrow_screen() {
    let mut node = serde_json::json!({"id": "n30", "kind": "claim", "label": "Level 30"});
    for depth in (1..30).rev() {
        node = serde_json::json!({
            "id": format!("n{depth}"), "kind": "claim", "label": format!("Level {depth}"),
            "children": [node],
        });
    }
    let json = serde_json::json!({
        "argscope": 1, "title": "Deep",
        "root": {"id": "t", "kind": "thesis", "label": "Thesis", "children": [node]},
    });
    let loaded = load::from_str(
        &json.to_string(),
        "deep.json",
        load::DocumentSource::Text(""),
    )
    .expect("the map loads");
    for (width, height) in [(60, 20), (80, 24)] {
        let shown = to_text(&draw(&loaded, width, height, "0 G", Theme::monochrome()));
        let rows: Vec<&str> = (shown.lines())
            .filter(|l| l.contains("+ claim") && (l.contains("└─") || l.contains("├─")))
            .collect();
        assert!(rows.len() >= 5, "{shown}");
        for row in &rows {
            assert!(
                row.contains("+ claim Level "),
                "{width}x{height}: {row}\n{shown}"
            );
            assert!(row.trim_start_matches('┃').starts_with('⋯'), "{row}");
        }
    }
}
