//! The notes' own screens: the editor popup, its "throw the changes away?" question, the list of
//! orphaned notes, and the question asked when quitting with unsaved notes.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Clear, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

use crate::text::{truncate, wrap};

use super::super::action::Action;
use super::super::keymap::{Keymap, Mode};
use super::super::layout;
use super::super::notes_view::{ChangedElsewhere, NoteEditor, badges};
use super::super::state::ViewState;
use super::super::theme::Theme;
use super::super::update::Context;

/// A box centred in `area`, at most `width` × `height`.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn dialog<'a>(title: String, hints: String, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.border(true))
        .title(title)
        .title_bottom(hints)
}

/// Clears a box and fills it with the theme's background, since `Clear` leaves no colour.
fn clear(frame: &mut Frame, area: Rect, theme: &Theme) {
    frame.render_widget(Clear, area);
    frame.buffer_mut().set_style(area, theme.base());
}

pub fn render_editor(frame: &mut Frame, editor: &NoteEditor, keymap: &Keymap, theme: &Theme) {
    let full = frame.area();
    let area = centred(full, 72, 14.max(full.height * 2 / 3));
    if area.width < 8 || area.height < 4 {
        return;
    }
    clear(frame, area, theme);
    // Read-only here: the title says the note is not saved, before the label, so a narrow
    // box cuts the label rather than that.
    let (before, after) = if editor.read_only {
        (" Read-only, not saved: note on “", "” ")
    } else {
        (" Note on “", "” ")
    };
    let room = usize::from(area.width.saturating_sub(2))
        .saturating_sub(crate::text::width(before) + crate::text::width(after));
    let title = format!("{before}{}{after}", truncate(&editor.label, room.max(1)));
    let block = dialog(title, format!(" {} ", keymap.hint_line(Mode::Note)), theme);
    let mut inside = layout::inner(area);
    frame.render_widget(block, area);
    // The other window saved this note meanwhile: said on the editor's first lines, above the
    // text, for as long as the editor is open.
    if let Some(elsewhere) = editor.changed_elsewhere {
        let said = match elsewhere {
            ChangedElsewhere::Shown => {
                "The other window changed this note: here as it saved it.".to_string()
            }
            ChangedElsewhere::BothKept => keymap.then_key(
                "The other window changed this note too",
                Mode::Note,
                Action::SaveNote,
                |key| format!(": {key} saves yours with its text kept under it."),
            ),
        };
        let lines = wrap(&said, usize::from(inside.width));
        // The text keeps at least two rows.
        let rows = lines
            .len()
            .min(usize::from(inside.height.saturating_sub(2)));
        for (row, line) in lines.iter().take(rows).enumerate() {
            let line = Line::styled(line.clone(), theme.warning());
            frame
                .buffer_mut()
                .set_line(inside.x, inside.y + row as u16, &line, inside.width);
        }
        inside.y += rows as u16;
        inside.height -= rows as u16;
    }
    // The editor's own text area, not a copy: drawing tells it its width, by which it wraps
    // and moves the cursor up and down a line as shown (a copy left it a paragraph at a time).
    frame.render_widget(&editor.textarea, inside);
    // A note longer than the box says so, as the detail pane and the help do: a scrollbar on
    // the right border, its thumb where the lines shown stand in the note.
    let (top, lines) = (
        usize::from(editor.textarea.scroll_offset().0),
        screen_lines(&editor.textarea),
    );
    let height = usize::from(inside.height);
    if lines > height && !editor.textarea.is_empty() {
        let mut position = ScrollbarState::new(lines - height).position(top);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("┃"));
        frame.render_stateful_widget(bar, area.inner(Margin::new(0, 1)), &mut position);
    }
    if editor.confirming {
        render_question(
            frame,
            "Throw away changes?",
            &["Throw away your changes to this note?"],
            keymap,
            Mode::Confirm,
            theme,
        );
    }
}

/// How many lines the text area shows its text in, wrapped as last drawn. The widget keeps
/// that count to itself; a row past the end shows the last line's text, so the count is the
/// first row that shows the same as the row above it, found by halving.
fn screen_lines(textarea: &ratatui_textarea::TextArea<'_>) -> usize {
    let same_as_above =
        |row: usize| textarea.screen_to_data(row, 0) == textarea.screen_to_data(row - 1, 0);
    let (mut low, mut high) = (1, usize::from(u16::MAX));
    while low < high {
        let mid = low + (high - low) / 2;
        if same_as_above(mid) {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    low
}

/// A small box asking one question, titled with what it asks, with its answers (the keys of
/// `mode`) along its bottom border. `questions` are ways of asking it, fullest first: the first
/// whose lines fit the screen is asked. The answers lose their words, keeping the keys, where
/// the box is too narrow for them.
fn render_question(
    frame: &mut Frame,
    title: &str,
    questions: &[&str],
    keymap: &Keymap,
    mode: Mode,
    theme: &Theme,
) {
    render_question_without(frame, title, questions, keymap, mode, &[], theme);
}

/// [`render_question`] without the answers of `left_out`, which do nothing here.
fn render_question_without(
    frame: &mut Frame,
    title: &str,
    questions: &[&str],
    keymap: &Keymap,
    mode: Mode,
    left_out: &[Action],
    theme: &Theme,
) {
    let full = frame.area();
    let hints: Vec<(String, &str)> = keymap
        .hint_entries(mode)
        .into_iter()
        .filter(|entry| !left_out.contains(&entry.action))
        .map(|entry| (entry.keys, entry.hint.word))
        .collect();
    let answers = hints
        .iter()
        .map(|(keys, word)| format!("{keys} {word}"))
        .collect::<Vec<_>>()
        .join(" · ");
    let Some(&longest) = questions.first() else {
        return;
    };
    let width = (longest
        .chars()
        .count()
        .max(answers.chars().count())
        .max(title.chars().count() + 2)
        + 4)
    .min(70)
    .min(usize::from(full.width)) as u16;
    let text_width = usize::from(width.saturating_sub(4)).max(1);
    // Inside the borders, without blank lines.
    let room = usize::from(full.height.saturating_sub(2));
    let lines = questions
        .iter()
        .map(|question| wrap(question, text_width))
        .find(|lines| lines.iter().filter(|l| !l.trim().is_empty()).count() <= room)
        .unwrap_or_else(|| wrap(questions[questions.len() - 1], text_width));
    let answers = if crate::text::width(&answers) + 4 <= usize::from(width) {
        answers
    } else {
        let keys: Vec<&str> = hints.iter().map(|(k, _)| k.as_str()).collect();
        keys.join(" · ")
    };
    let area = centred(full, width, lines.len() as u16 + 4);
    if area.width < 6 || area.height < 3 {
        return;
    }
    clear(frame, area, theme);
    frame.render_widget(
        dialog(format!(" {title} "), format!(" {answers} "), theme),
        area,
    );
    let inside = layout::inner(area);
    let room = usize::from(inside.height);
    // A blank line above the text and below it where there is room; where there is not, no
    // blank lines at all, so that the answers at the end still show inside the box.
    let (top, lines) = if lines.len() + 2 <= room {
        (1, lines)
    } else if lines.len() <= room {
        (0, lines)
    } else {
        let words = lines.into_iter().filter(|l| !l.trim().is_empty());
        (0, words.collect())
    };
    for (i, line) in lines.into_iter().take(room - top).enumerate() {
        let line = Line::styled(line, theme.heading());
        frame.buffer_mut().set_line(
            inside.x + 1,
            inside.y + (top + i) as u16,
            &line,
            inside.width.saturating_sub(2),
        );
    }
}

pub fn render_orphans(frame: &mut Frame, state: &ViewState, ctx: Context, theme: &Theme) {
    let map = &ctx.loaded.map;
    let full = frame.area();
    let area = centred(full, 78, full.height.saturating_sub(2));
    if area.width < 8 || area.height < 4 {
        return;
    }
    clear(frame, area, theme);
    let orphans = state.notes.orphans_in(Some(map), &state.note_keys);
    // The why goes first where the box is too narrow for it.
    let mut title = format!(
        " Orphaned notes ({}): their node is no longer in this map ",
        orphans.len()
    );
    if crate::text::width(&title) + 2 > usize::from(area.width) {
        title = format!(" Orphaned notes ({}) ", orphans.len());
    }
    frame.render_widget(
        dialog(
            title,
            format!(" {} ", ctx.keymap.hint_line(Mode::Orphans)),
            theme,
        ),
        area,
    );
    let inside = layout::inner(area);
    let width = usize::from(inside.width.saturating_sub(2)).max(1);
    // Scrolled by whole notes: from the `scroll`-th (the first, when the list has grown
    // shorter), only as many as fill the box, however many there are.
    let scroll = state.orphans.unwrap_or(0);
    let first = if scroll < orphans.len() { scroll } else { 0 };
    let height = usize::from(inside.height);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (key, entry) in orphans.iter().skip(first) {
        if lines.len() >= height {
            break;
        }
        let label = if entry.label.is_empty() {
            (*key).to_string()
        } else {
            entry.label.clone()
        };
        let badges = badges(&state.notes, key);
        lines.push(Line::from(vec![
            Span::styled(
                truncate(
                    &label,
                    width.saturating_sub(crate::text::width(&badges) + 1),
                ),
                theme.heading(),
            ),
            Span::styled(format!(" {badges}"), theme.key()),
        ]));
        for line in wrap(&crate::text::shown(&entry.note), width.saturating_sub(2)) {
            if !line.is_empty() {
                lines.push(Line::raw(format!("  {line}")));
            }
        }
        lines.push(Line::default());
    }
    for (row, line) in lines.iter().take(height).enumerate() {
        frame.buffer_mut().set_line(
            inside.x + 1,
            inside.y + row as u16,
            line,
            inside.width.saturating_sub(2),
        );
    }
}

pub fn render_unsaved(frame: &mut Frame, state: &ViewState, keymap: &Keymap, theme: &Theme) {
    let Some(prompt) = &state.unsaved else { return };
    let reason = state
        .notes_error
        .as_deref()
        .unwrap_or("the last save did not work");
    // The keys as the settings bind them.
    let key = |action| {
        keymap
            .key_for(Mode::Unsaved, action)
            .unwrap_or_else(|| "(no key)".to_string())
    };
    // Asked while another argscope had the notes, which has closed since: this window saved
    // them, and only whether to quit is left to answer.
    if prompt.saved {
        let answer = format!(
            "The other window closed, so this window took the notes over and saved them, with its notes.\n\n{} quits, {} stays.",
            key(Action::QuitUnsaved),
            key(Action::ConfirmNo)
        );
        render_question_without(
            frame,
            "Your notes are saved now: quit?",
            &[&answer],
            keymap,
            Mode::Unsaved,
            &[Action::RetrySave, Action::SaveNotesElsewhere],
            theme,
        );
        return;
    }
    // The file offered on a line of its own, so that wrapping never splits its name. On a
    // screen too short for it all, the reason goes (it was said when the save failed), then
    // the blank lines. Notes read-only here cannot be saved by trying again: that is not
    // offered. Where another argscope has them, trying again works once it has closed (this
    // window then saves them, with the other's, and quits).
    let retry = !prompt.read_only;
    let then = if prompt.held {
        format!(
            "Close the other window: they are then saved here, with its notes.\n{} tries again, {} quits without them.",
            key(Action::RetrySave),
            key(Action::QuitUnsaved)
        )
    } else if retry {
        format!(
            "{} tries again, {} quits without them.",
            key(Action::RetrySave),
            key(Action::QuitUnsaved)
        )
    } else {
        format!("{} quits without them.", key(Action::QuitUnsaved))
    };
    let offer = format!(
        "{} writes them to\n{}\n\n{then}",
        key(Action::SaveNotesElsewhere),
        prompt.offered.display(),
    );
    let full = format!("Your notes are not saved: {reason}.\n\n{offer}");
    let short = format!("Your notes are not saved.\n\n{offer}");
    let left_out: &[Action] = if retry { &[] } else { &[Action::RetrySave] };
    render_question_without(
        frame,
        "Quit with your notes unsaved?",
        &[&full, &short],
        keymap,
        Mode::Unsaved,
        left_out,
        theme,
    );
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::super::super::notes_view::UnsavedPrompt;
    use super::super::super::snapshot::to_text;
    use super::*;

    /// The editor over the screen at 80x24, the note's right border as it shows.
    fn editor_border(lines: usize, to_top: bool) -> String {
        let loaded = crate::load::builtin();
        let keymap = Keymap::default();
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path: std::path::Path::new("x.json"),
        };
        let mut state = ViewState::new(&loaded.map, 80, 24);
        super::super::super::update::update(&mut state, ctx, Action::EditNote);
        let editor = state.editor.as_mut().expect("a opens the editor");
        let note: Vec<String> = (1..=lines).map(|i| format!("line {i}")).collect();
        editor.textarea.insert_str(note.join("\n"));
        if to_top {
            editor
                .textarea
                .move_cursor(ratatui_textarea::CursorMove::Top);
        }
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|frame| super::super::draw(frame, &state, ctx))
            .unwrap();
        let screen = to_text(terminal.backend().buffer());
        // The box is 72 wide, centred: its right border is column 75.
        screen
            .lines()
            .filter_map(|line| line.chars().nth(75))
            .collect()
    }

    /// A note longer than the box shows a scrollbar on its right border, its thumb at the end
    /// while the end is shown and at the top when the top is: the lines out of view are not
    /// silently gone. A note that fits has none.
    #[test]
    fn a_note_longer_than_the_editor_shows_a_scrollbar() {
        let end = editor_border(29, false);
        let thumb = |border: &str| border.chars().position(|c| c == '█');
        let (at_end, last) = (thumb(&end), end.rfind('█'));
        assert!(at_end.is_some(), "no scrollbar: {end:?}");
        let top = editor_border(29, true);
        assert!(thumb(&top) < at_end, "{top:?} / {end:?}");
        assert!(top.rfind('█') < last, "{top:?} / {end:?}");
        assert_eq!(thumb(&editor_border(3, false)), None);
    }

    /// At 40 columns the list of orphaned notes is titled with its count, and a label with
    /// badges is cut to the room the badges leave, measured as the screen shows them.
    #[test]
    fn the_orphaned_notes_at_40_columns_keep_their_count_and_use_the_width() {
        let loaded = crate::load::builtin();
        let keymap = Keymap::default();
        let rescue_path = std::path::Path::new("x.json");
        let ctx = Context {
            loaded: &loaded,
            keymap: &keymap,
            rescue_path,
        };
        let mut state = ViewState::new(&loaded.map, 40, 12);
        state.notes.change(
            "gone",
            "A point that was removed from the map in a later version",
            |e| {
                e.mark = Some(crate::notes::Mark::Agree);
                e.note = "We argued.".to_string();
            },
        );
        state.orphans = Some(0);
        let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
        terminal
            .draw(|frame| render_orphans(frame, &state, ctx, &Theme::monochrome()))
            .unwrap();
        let screen = to_text(terminal.backend().buffer());
        assert!(screen.contains("┏ Orphaned notes (1) ━"), "{screen}");
        assert!(
            screen.contains("┃ A point that was removed from t… ✓ ✎ ┃"),
            "{screen}"
        );
    }

    /// At 40x12, with the long reason a folder that cannot be made gives, the question still
    /// offers its file and says what each key does, and the keys along its border are whole.
    #[test]
    fn the_unsaved_notes_question_at_40x12_keeps_the_offer_when_the_reason_is_long() {
        let loaded = crate::load::builtin();
        let keymap = Keymap::default();
        let mut state = ViewState::new(&loaded.map, 40, 12);
        state.notes_error = Some(
            "cannot save notes to /tmp/qa/afile/d/argscope/iran-russia.notes.json: its folder /tmp/qa/afile/d/argscope cannot be made (not a directory); they are kept in memory and saved again on the next change (check that the folder exists, or write them elsewhere)".to_string(),
        );
        state.unsaved = Some(UnsavedPrompt {
            offered: "/root/argscope-notes-1795839708.json".into(),
            read_only: false,
            held: false,
            saved: false,
        });
        let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
        terminal
            .draw(|frame| render_unsaved(frame, &state, &keymap, &Theme::monochrome()))
            .unwrap();
        let screen = to_text(terminal.backend().buffer());
        for shown in [
            "Your notes are not saved.",
            "/root/argscope-notes-1795839708.json",
            "Q quits without them.",
            "┗ r · w · Q · Esc ━",
        ] {
            assert!(screen.contains(shown), "{shown:?}:\n{screen}");
        }
    }

    #[test]
    fn the_unsaved_notes_question_keeps_its_answers_inside_its_box_on_a_small_screen() {
        let loaded = crate::load::builtin();
        let keymap = Keymap::default();
        for (width, height) in [(40, 12), (60, 20), (80, 24)] {
            let mut state = ViewState::new(&loaded.map, width, height);
            state.notes_error = Some(
                "cannot save notes to /sys/x.json: permission denied; they are kept in memory and saved again on the next change (make the folder writable)".to_string(),
            );
            state.unsaved = Some(UnsavedPrompt {
                offered: "/root/argscope-notes-1795814165.json".into(),
                read_only: false,
                held: false,
                saved: false,
            });
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| render_unsaved(frame, &state, &keymap, &Theme::monochrome()))
                .unwrap();
            let screen = to_text(terminal.backend().buffer());
            let bottom = screen
                .lines()
                .find(|l| l.contains('┗'))
                .unwrap_or_else(|| panic!("no box at {width}x{height}:\n{screen}"));
            assert!(
                !bottom.contains("without them"),
                "text over the border at {width}x{height}:\n{screen}"
            );
            assert!(
                screen.contains("Q quits without them"),
                "the answers are cut at {width}x{height}:\n{screen}"
            );
            let top = screen.lines().find(|l| l.contains('┏')).unwrap_or_default();
            assert!(
                top.contains("┏ Quit with your notes unsaved? ━"),
                "the title says what is asked at {width}x{height}:\n{screen}"
            );
        }
    }

    /// Asked on quitting while another window had the notes, which then closed: the question
    /// says the notes are saved now and offers only quitting or staying, at every size.
    #[test]
    fn the_question_says_the_notes_are_saved_once_the_other_window_closed() {
        let loaded = crate::load::builtin();
        let keymap = Keymap::default();
        for (width, height) in [(60, 20), (80, 24)] {
            let mut state = ViewState::new(&loaded.map, width, height);
            state.unsaved = Some(UnsavedPrompt {
                offered: "/root/argscope-notes-1795814165.json".into(),
                read_only: false,
                held: false,
                saved: true,
            });
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| render_unsaved(frame, &state, &keymap, &Theme::monochrome()))
                .unwrap();
            let screen = to_text(terminal.backend().buffer());
            for shown in [
                "┏ Your notes are saved now: quit? ━",
                "The other window closed, so this window took the notes",
                "Q quits, Esc stays.",
                "┗ Q quit anyway · Esc stay ━",
            ] {
                assert!(
                    screen.contains(shown),
                    "{shown:?} at {width}x{height}:\n{screen}"
                );
            }
            assert!(!screen.contains("argscope-notes-"), "{screen}");
        }
    }
}
