//! End-to-end runs of the real `argscope` binary in a real terminal: tmux (see `tmux/mod.rs`
//! for how each test gets a terminal of its own).
//!
//! tmux must be installed; these tests fail, rather than skip, without it (CI installs it).

mod tmux;

use tmux::*;

/// The words of the detail pane, beside the map (80x24, the tree focused), with its lines and
/// hyphenated breaks joined, so a wrapped sentence can be looked for whole. The last `┃│` (or
/// `││`) on a row is where the map ends and the detail pane begins.
fn detail_text(screen: &str) -> String {
    let mut words = String::new();
    for line in screen.lines() {
        let Some(at) = line.rfind("┃│").or_else(|| line.rfind("││")) else {
            continue;
        };
        let right = line[at..].trim_start_matches(['┃', '│']);
        let right = right.trim_end_matches(['█', '│', ' ']).trim();
        if right.is_empty() {
            continue;
        }
        if !words.is_empty() && !words.ends_with('-') {
            words.push(' ');
        }
        words.push_str(right);
    }
    words
}

#[test]
fn explore_the_map_then_quit_leaves_the_terminal_as_it_was() {
    let term = Terminal::open("explore", 80, 24);
    term.type_line("echo BEFORE-$((6*7))");
    term.wait_for("BEFORE-42");

    term.run_argscope("");
    assert!(term.screen().contains(THESIS));
    assert!(
        !term.screen().contains("BEFORE-42"),
        "the map should be on its own screen"
    );
    assert!(
        MOUSE_FLAGS.iter().any(|name| term.flag(name) == "1"),
        "the mouse should be captured: {:?}",
        term.mouse_flags()
    );

    // Down to the first point and unfold it: its children appear under it, and the detail pane
    // shows it.
    term.press(&["j", "j", "l"]);
    term.wait_for("evidence The West sought");
    let screen = term.screen();
    let detail = detail_text(&screen);
    assert!(
        detail.contains("Sanctions taught Iran to seek independent partners")
            && detail.contains("a decade of sanctions"),
        "the detail pane should show the first point:\n{screen}"
    );
    assert!(screen.contains("+ claim · supports its parent"), "{screen}");

    // Down to its sub-claim on widening ties.
    term.press(&["j", "j", "j", "j"]);
    term.wait_until(
        "the detail pane to show the sub-claim on widening ties",
        |t| {
            detail_text(&t.screen())
                .contains("Iran must widen ties with independent-minded countries")
        },
    );

    // The help overlay, and back.
    term.press(&["?"]);
    term.wait_for("Keys");
    term.wait_for("next row");
    term.press(&["Escape"]);
    term.wait_gone("next row");
    term.wait_for(HELP_HINT);

    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
    let screen = term.screen();
    assert!(
        screen.contains("BEFORE-42"),
        "the shell's screen should be back:\n{screen}"
    );
    assert!(
        !screen.contains(THESIS),
        "the map should be gone:\n{screen}"
    );
}

#[test]
fn opens_and_quits_on_a_small_screen() {
    let term = Terminal::open("small", 60, 20);
    term.run_argscope("");
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

#[test]
fn opens_and_quits_on_a_large_screen() {
    let term = Terminal::open("large", 200, 50);
    term.run_argscope("");
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

/// The first row under the thesis, as the status line names it when selected.
const RECENT_YEARS: &str = "• Recent years brought unprecedented confidence building";

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    stops_to_the_shell_and_fg_resumes("suspend", |term| term.press(&["C-z"]));
}

#[test]
fn a_stop_signal_from_outside_gives_the_terminal_back_and_fg_resumes() {
    stops_to_the_shell_and_fg_resumes("sigtstp", |term| send_signal(term, "TSTP"));
}

/// Stops argscope as `stop` does, checks the shell has the terminal as it was, then resumes it
/// with `fg` and checks the map is back as it was left.
fn stops_to_the_shell_and_fg_resumes(name: &str, stop: impl Fn(&Terminal)) {
    let term = Terminal::open(name, 80, 24);
    // On its own: `argscope; echo` would print the code as soon as it stops.
    term.type_line(&quoted(ARGSCOPE));
    term.wait_for_map();
    term.press(&["j"]);
    term.wait_for(RECENT_YEARS);

    stop(&term);
    term.wait_for("Stopped");
    // Said on the shell's screen, so a press of Ctrl-Z meant as "undo" is not a mystery.
    term.wait_for(argscope::tui::app::PAUSED);
    term.wait_flag("alternate_on", "0");
    term.wait_flag("cursor_flag", "1");
    term.wait_flag("pane_current_command", "bash");
    for (name, value) in term.mouse_flags() {
        assert_eq!(
            value, "0",
            "mouse reporting on while suspended: #{{{name}}}"
        );
    }
    term.wait_until("the shell's prompt after the job stopped", |t| {
        t.screen().trim_end().ends_with(PROMPT)
    });

    term.type_line("fg; echo EXITED:$?");
    // The map again, with the selection where it was.
    term.wait_for(RECENT_YEARS);
    term.wait_for(HELP_HINT);
    term.wait_flag("alternate_on", "1");
    term.wait_flag("pane_current_command", "argscope");
    assert!(
        MOUSE_FLAGS.iter().any(|name| term.flag(name) == "1"),
        "the mouse should be captured again: {:?}",
        term.mouse_flags()
    );
    // Still answering keys after the resume.
    term.press(&["?"]);
    term.wait_for("next row");
    term.press(&["Escape"]);
    term.wait_gone("next row");

    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

/// The termination signals argscope handles, with the exit code a shell shows for each.
/// SIGUSR1 and SIGALRM stand for the rarer ones, which end a process by default just the same.
const SIGNALS: [(&str, i32); 6] = [
    ("TERM", 143),
    ("HUP", 129),
    ("INT", 130),
    ("QUIT", 131),
    ("USR1", 138),
    ("ALRM", 142),
];

/// Sends `signal` (`TERM`, `HUP` …) to the argscope running in the pane.
fn send_signal(term: &Terminal, signal: &str) {
    let pid = argscope_pid(term);
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid])
        .status();
    assert!(sent.is_ok_and(|s| s.success()), "kill -{signal} failed");
}

#[test]
fn termination_signals_restore_the_terminal() {
    for (signal, code) in SIGNALS {
        let term = Terminal::open(&format!("sig{signal}"), 80, 24);
        term.run_argscope("");
        send_signal(&term, signal);
        assert_eq!(term.exit_code(), code, "SIG{signal}");
        term.assert_restored();
    }
}

/// A note being written is unfinished: a termination signal keeps it apart, in the drafts file
/// beside the notes, never as the note, and says so.
#[test]
fn a_note_being_written_is_kept_apart_before_a_termination_signal_ends_argscope() {
    for (signal, code) in SIGNALS {
        let term = Terminal::open(&format!("sig-note-{signal}"), 100, 30);
        term.run_argscope("");
        term.press(&["j", "j", "a"]);
        term.wait_for("Note on");
        let note = format!("Typed before SIG{signal}");
        term.press(&["-l", &note]);
        term.wait_for(&note);
        send_signal(&term, signal);
        assert_eq!(term.exit_code(), code, "SIG{signal}");
        term.assert_restored();
        assert_note_kept(&term, &note);
        assert!(
            term.screen().contains("was unfinished, so it was kept in"),
            "SIG{signal}: argscope should say where the note went:\n{}",
            term.screen()
        );
    }
}

#[test]
fn notes_that_fail_to_save_go_to_the_rescue_file_on_sigterm() {
    let home = tempfile::TempDir::new().unwrap();
    let folder = home.path().join("seminar");
    std::fs::create_dir(&folder).unwrap();
    let notes = folder.join("map.notes.json");
    let term = Terminal::open("sig-rescue", 100, 30);
    term.type_line(&format!(
        "export HOME={}",
        quoted(&home.path().display().to_string())
    ));
    term.run_argscope(&format!("--notes {}", quoted(&notes.display().to_string())));
    // The notes' folder turns into a file: every save from now on fails.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, "not a folder").unwrap();
    term.press(&["j", "j", "+"]);
    term.wait_for("cannot save notes");
    send_signal(&term, "TERM");
    assert_eq!(term.exit_code(), 143);
    term.assert_restored();
    let rescued: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("argscope-notes-")
        })
        .collect();
    assert_eq!(
        rescued.len(),
        1,
        "one rescue file in the home folder: {rescued:?}"
    );
    let text = std::fs::read_to_string(&rescued[0]).unwrap();
    assert!(
        text.contains("\"agree\""),
        "the mark is in the rescue file: {text}"
    );
    let screen = term.screen();
    assert!(
        screen.contains("were written to") && screen.contains("argscope-notes-"),
        "argscope should say where the notes went:\n{screen}"
    );
    assert!(
        screen.contains("open the map with `--notes"),
        "argscope should say how to take them up:\n{screen}"
    );
}

/// Writes a note in the editor without saving it, closes the whole terminal (as closing its
/// window or losing an SSH connection does), and checks that argscope ended on its own with the
/// note kept and the notes' lock released. `before` is typed into the shell first.
fn closing_the_terminal_saves_the_note_and_ends_argscope(name: &str, before: &str) {
    let term = Terminal::open(name, 100, 30);
    if !before.is_empty() {
        term.type_line(before);
    }
    term.run_argscope("");
    let note = "Typed just before the window closed";
    write_note_unsaved(&term, note);
    let pid = argscope_pid(&term);
    term.close();
    wait_for_exit(&pid);
    assert_note_kept(&term, note);
}

/// Opens the editor on the second row's node and types `note` without saving it.
fn write_note_unsaved(term: &Terminal, note: &str) {
    term.press(&["j", "j", "a"]);
    term.wait_for("Note on");
    term.press(&["-l", note]);
    term.wait_for(note);
}

/// Checks that argscope kept the unfinished `note` in the built-in map's drafts file, not in
/// its notes, and released their lock.
fn assert_note_kept(term: &Terminal, note: &str) {
    let folder = term.data.path().join("argscope");
    let text = std::fs::read_to_string(folder.join("iran-russia.notes.json.draft"))
        .unwrap_or_else(|e| panic!("the note was not kept ({e})"));
    assert!(text.contains(note), "{text}");
    let notes = std::fs::read_to_string(folder.join("iran-russia.notes.json")).unwrap_or_default();
    assert!(
        !notes.contains(note),
        "an unfinished note was saved as the note: {notes}"
    );
    assert!(
        !folder.join("iran-russia.notes.json.lock").exists(),
        "the notes' lock was left behind"
    );
}

#[test]
fn closing_the_terminal_saves_the_note_being_written_and_ends_argscope() {
    closing_the_terminal_saves_the_note_and_ends_argscope("hang-up", "");
}

/// A shell that ignores the hang-up passes no SIGHUP on to argscope: it must notice the
/// terminal has gone by itself, not read the dead terminal forever.
#[test]
fn closing_the_terminal_ends_argscope_even_when_no_hang_up_signal_reaches_it() {
    closing_the_terminal_saves_the_note_and_ends_argscope("hang-up-ignored", "trap '' HUP");
}

/// Resizes the window to `cols` x `rows`.
/// Writes a note, suspends argscope with Ctrl-Z (students press it hoping to undo), then ends
/// the stopped job as `end` does, and checks that argscope ended with the note saved and the
/// notes' lock released.
fn a_suspended_argscope_saves_the_note_when_ended(name: &str, end: impl Fn(&Terminal)) {
    a_stopped_argscope_saves_the_note_when_ended(name, |term| term.press(&["C-z"]), end);
}

/// [`a_suspended_argscope_saves_the_note_when_ended`], stopped as `stop` does.
fn a_stopped_argscope_saves_the_note_when_ended(
    name: &str,
    stop: impl Fn(&Terminal),
    end: impl Fn(&Terminal),
) {
    let term = Terminal::open(name, 100, 30);
    // On its own: `argscope; echo` would print the code as soon as it stops.
    term.type_line(&quoted(ARGSCOPE));
    term.wait_for_map();
    let note = "Typed before Ctrl-Z";
    write_note_unsaved(&term, note);
    let pid = argscope_pid(&term);
    stop(&term);
    term.wait_for("Stopped");
    end(&term);
    wait_for_exit(&pid);
    assert_note_kept(&term, note);
}

/// The terminal closes on a suspended argscope: the kernel hangs it up and continues it, on
/// a terminal that has gone (where even showing the cursor fails).
#[test]
fn closing_the_terminal_on_a_suspended_argscope_saves_the_note() {
    a_suspended_argscope_saves_the_note_when_ended("hang-up-suspended", Terminal::close);
}

/// `kill %1` in the shell sends the stopped job SIGTERM and then SIGCONT, and it is continued
/// in the background, where taking the terminal would stop it again.
fn kill_the_job(term: &Terminal) {
    term.wait_until("the shell's prompt after the job stopped", |t| {
        t.screen().trim_end().ends_with(PROMPT)
    });
    term.type_line("kill %1");
}

#[test]
fn killing_a_suspended_argscope_from_the_shell_saves_the_note() {
    a_suspended_argscope_saves_the_note_when_ended("kill-suspended", kill_the_job);
}

/// The same for an argscope stopped from outside (SIGTSTP), which a thread of its own hears.
#[test]
fn killing_an_argscope_stopped_from_outside_saves_the_note() {
    let stop = |term: &Terminal| send_signal(term, "TSTP");
    a_stopped_argscope_saves_the_note_when_ended("kill-stopped", stop, kill_the_job);
}

fn resize(term: &Terminal, cols: u16, rows: u16) {
    term.tmux(&[
        "resize-window",
        "-t",
        "e2e",
        "-x",
        &cols.to_string(),
        "-y",
        &rows.to_string(),
    ]);
}

/// The screen `argscope snapshot` draws at `cols` x `rows` after `keys`, as tmux shows it.
fn fresh_snapshot(cols: u16, rows: u16, keys: &str) -> String {
    let output = std::process::Command::new(ARGSCOPE)
        .args([
            "snapshot",
            "--size",
            &format!("{cols}x{rows}"),
            "--keys",
            keys,
        ])
        .env("ARGSCOPE_CONFIG", "/dev/null")
        .env("NO_COLOR", "1")
        .output()
        .expect("argscope snapshot runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

/// The pane's text with trailing blank lines dropped, for comparing with a snapshot.
fn trimmed(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().map(str::trim_end).collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[..end].join("\n")
}

#[test]
fn a_storm_of_resizes_down_to_one_cell_leaves_a_correct_screen() {
    let term = Terminal::open("resize", 80, 24);
    term.run_argscope("");
    term.press(&["j", "j", "l"]);
    term.wait_for("evidence The West sought");
    // Hundreds of resizes, as fast as tmux takes them, through tiny and odd sizes.
    let sizes: [(u16, u16); 10] = [
        (1, 1),
        (120, 40),
        (2, 1),
        (40, 12),
        (1, 30),
        (200, 2),
        (79, 23),
        (3, 3),
        (61, 19),
        (80, 24),
    ];
    let mut resizes = 0;
    let started = std::time::Instant::now();
    for round in 0..40 {
        for &(cols, rows) in &sizes[round % 2..] {
            resize(&term, cols, rows);
            resizes += 1;
        }
    }
    // A figure for the report, not an assertion: how fast the storm came.
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{resizes} resizes in {seconds:.2} s ({:.0} a second)",
        resizes as f64 / seconds
    );
    assert!(resizes >= 300);
    assert_eq!(
        term.flag("pane_current_command"),
        "argscope",
        "argscope survived the storm"
    );
    // A 1x1 terminal for a while, then back: the screen is the one a fresh start draws.
    resize(&term, 1, 1);
    term.wait_until("a 1x1 pane", |t| {
        t.format("#{pane_width}x#{pane_height}") == "1x1"
    });
    resize(&term, 80, 24);
    let expected = trimmed(&fresh_snapshot(80, 24, "j j l"));
    term.wait_until(
        "the screen after the storm to match a fresh snapshot",
        |t| trimmed(&t.screen()) == expected,
    );
    // Still answering keys.
    term.press(&["?"]);
    term.wait_for("next row");
    term.press(&["Escape", "q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

#[test]
fn a_terminal_with_no_rows_or_columns_does_not_stop_argscope() {
    let term = Terminal::open("zero", 80, 24);
    term.run_argscope("");
    let tty = term.format("#{pane_tty}");
    // tmux never makes a pane smaller than 1x1; the terminal device itself can say 0x0, as a
    // terminal being set up or torn down does. stty changes it and the kernel sends SIGWINCH.
    for size in [
        ["rows", "0", "cols", "0"],
        ["rows", "0", "cols", "80"],
        ["rows", "24", "cols", "0"],
    ] {
        let set = std::process::Command::new("stty")
            .args(["-F", &tty])
            .args(size)
            .status()
            .expect("stty runs");
        assert!(set.success(), "stty -F {tty} {size:?}");
        // Give argscope the chance to draw at that size: a key makes it redraw.
        term.press(&["j"]);
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert_eq!(
            term.flag("pane_current_command"),
            "argscope",
            "argscope stopped at {size:?}"
        );
    }
    // tmux sets the size back when the window changes size.
    resize(&term, 79, 24);
    resize(&term, 80, 24);
    let expected = trimmed(&fresh_snapshot(80, 24, "j j j"));
    term.wait_until("the screen at 80x24 to match a fresh snapshot", |t| {
        trimmed(&t.screen()) == expected
    });
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

#[test]
fn a_panic_restores_the_terminal_and_says_it_is_a_bug() {
    let term = Terminal::open("panic", 80, 24);
    term.run_argscope_with("ARGSCOPE_TEST_FAIL=panic", "");
    term.press(&["F12"]);
    assert_eq!(term.exit_code(), 101);
    term.assert_restored();
    let screen = term.screen();
    assert!(
        screen.contains("argscope: internal error (ARGSCOPE_TEST_FAIL=panic"),
        "the panic's message, after the terminal is back:\n{screen}"
    );
}

#[test]
fn an_error_restores_the_terminal_then_says_what_went_wrong() {
    let term = Terminal::open("error", 80, 24);
    term.run_argscope_with("ARGSCOPE_TEST_FAIL=error", "");
    term.press(&["F12"]);
    assert_eq!(term.exit_code(), 1);
    term.assert_restored();
    let screen = term.screen();
    assert!(
        screen.contains("argscope: ARGSCOPE_TEST_FAIL=error"),
        "the error's message, after the terminal is back:\n{screen}"
    );
}

/// A defect (an error, a panic) while a note is being written: argscope keeps it apart on the
/// way out.
#[test]
fn a_note_being_written_is_kept_on_an_error_or_a_panic() {
    for (fail, code, last_words) in [
        (
            "error",
            1,
            "argscope: ARGSCOPE_TEST_FAIL=error; the note being written on",
        ),
        ("panic", 101, "argscope: the note being written on"),
    ] {
        let term = Terminal::open(&format!("{fail}-note"), 100, 30);
        term.run_argscope_with(&format!("ARGSCOPE_TEST_FAIL={fail}"), "");
        term.press(&["j", "j", "a"]);
        term.wait_for("Note on");
        let note = format!("Typed before the {fail}");
        term.press(&["-l", &note]);
        term.wait_for(&note);
        term.press(&["F12"]);
        assert_eq!(term.exit_code(), code, "{fail}");
        term.assert_restored();
        let screen = term.screen();
        assert!(
            screen.contains(last_words),
            "{fail}: what went wrong, then what became of the note:\n{screen}"
        );
        assert_note_kept(&term, &note);
    }
}

/// The reviewers' case: a note saved, then emptied in the editor, and the window closed. The
/// saved note stays as it was; the next start offers the emptied draft back, and letting it go
/// leaves the saved note and no drafts file.
#[test]
fn a_changed_note_left_when_the_window_closes_is_offered_back_and_the_saved_one_stays() {
    let term = Terminal::open("draft-back", 100, 30);
    let folder = term.data.path().join("argscope");
    term.run_argscope("");
    term.press(&["j", "j", "a"]);
    term.wait_for("Note on");
    term.press(&["-l", "Careful note"]);
    term.press(&["C-s"]);
    term.wait_for("note saved");
    term.press(&["a"]);
    term.wait_for("Note on");
    term.press(&["-l", " with a half"]);
    term.wait_for("with a half");
    send_signal(&term, "HUP");
    assert_eq!(term.exit_code(), 129);
    let notes = folder.join("iran-russia.notes.json");
    let saved = std::fs::read_to_string(&notes).unwrap();
    assert!(saved.contains("\"Careful note\""), "{saved}");
    assert!(
        !std::fs::read_to_string(folder.join("iran-russia.notes.json.bak"))
            .unwrap_or_default()
            .contains("half"),
        "nothing unfinished in the .bak either"
    );

    term.type_line("clear");
    term.type_line(&format!("{}; echo EXITED:$?", quoted(ARGSCOPE)));
    term.wait_for("is back, unfinished (Ctrl-s saves it over the saved note");
    term.wait_for("Careful note with a half");
    term.press(&["Escape"]);
    term.wait_for("Throw away");
    term.press(&["y"]);
    term.wait_for("thrown away");
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), saved);
    assert!(!folder.join("iran-russia.notes.json.draft").exists());
}

/// The built-in map on a first run, with no data folder yet: the first window to open keeps
/// the notes, and the second says as it opens that they are read-only there; `a` there still
/// opens the editor, labelled so, and the sentence typed goes into it, not into commands.
#[test]
fn the_second_window_on_new_notes_is_read_only_from_the_start_and_still_takes_a_note() {
    let first = Terminal::open("lock-first", 100, 30);
    first.run_argscope("");
    first.wait_for_map();
    let second = Terminal::open("lock-second", 100, 30);
    second.type_line(&format!(
        "export XDG_DATA_HOME={}",
        quoted(&first.data.path().display().to_string())
    ));
    second.type_line(&format!("{}; echo EXITED:$?", quoted(ARGSCOPE)));
    second.wait_for("notes are read-only here while another window has them");
    second.press(&["j", "j", "a"]);
    second.wait_for("Read-only, not saved: note on");
    second.press(&["-l", "look at this"]);
    second.wait_for("look at this");
    second.press(&["C-s"]);
    second.wait_for("kept in this window, not saved");
    // The first is still the one that saves.
    first.press(&["j", "j", "+"]);
    first.wait_for("marked ✓ agree");
    second.press(&["q"]);
    second.wait_for("Quit with your notes unsaved?");
    second.press(&["Q"]);
    assert_eq!(second.exit_code(), 0);
    first.press(&["q"]);
    assert_eq!(first.exit_code(), 0);
    let text =
        std::fs::read_to_string(first.data.path().join("argscope/iran-russia.notes.json")).unwrap();
    assert!(
        text.contains("\"agree\"") && !text.contains("look at this"),
        "{text}"
    );
}

/// The teacher's two windows on the built-in map (a presenter on the projector, a laptop
/// beside it), as the review found them: the second, read-only, shows each mark the first
/// saves beside its own change; once the first has quit it takes the notes over, saves them
/// with its own added, says so and names no pid any more, and quitting it just quits. A third
/// window then follows the second, and takes over from it when it is killed.
#[test]
fn a_second_window_follows_the_first_and_takes_the_notes_over_when_it_closes() {
    let first = Terminal::open("follow-first", 100, 30);
    first.run_argscope("");
    first.press(&["j", "+"]);
    first.wait_for("marked ✓ agree");
    let same_notes = format!(
        "export XDG_DATA_HOME={}",
        quoted(&first.data.path().display().to_string())
    );
    let second = Terminal::open("follow-second", 100, 30);
    second.type_line(&same_notes);
    second.type_line(&format!("{}; echo EXITED:$?", quoted(ARGSCOPE)));
    second.wait_for("notes are read-only here while another window has them: its saves");
    second.press(&["j", "j", "j", "b"]);
    second.wait_for("kept in this window, not saved");
    assert!(second.screen().contains("✓"), "{}", second.screen());

    first.press(&["j", "-"]);
    first.wait_for("marked ✗ disagree");
    second.wait_for(
        "the other window saved: its notes are shown here, with this window's 1 change on top, not saved",
    );
    let screen = second.screen();
    assert!(screen.contains("✗") && screen.contains("★"), "{screen}");

    first.press(&["q"]);
    assert_eq!(first.exit_code(), 0);
    second.wait_for(
        "the other window closed: notes are saved here now, this window's 1 change added to its notes",
    );
    second.press(&["j"]);
    second.wait_gone("the other window closed");
    let screen = second.screen();
    assert!(
        !screen.contains("pid") && !screen.contains("read-only") && !screen.contains("not saved"),
        "{screen}"
    );
    let notes = first.data.path().join("argscope/iran-russia.notes.json");
    let saved = std::fs::read_to_string(&notes).unwrap();
    assert!(
        saved.contains("\"agree\"")
            && saved.contains("\"disagree\"")
            && saved.contains("\"bookmark\": true"),
        "{saved}"
    );

    // A third window follows the second; the second is killed, and the third takes over.
    let third = Terminal::open("follow-third", 100, 30);
    third.type_line(&same_notes);
    third.type_line(&format!("{}; echo EXITED:$?", quoted(ARGSCOPE)));
    third.wait_for("notes are read-only here while another window has them");
    third.press(&["j", "j", "j", "j", "+"]);
    third.wait_for("kept in this window, not saved");
    send_signal(&second, "KILL");
    third.wait_for(
        "the other window closed: notes are saved here now, this window's 1 change added to its notes",
    );
    third.press(&["q"]);
    assert_eq!(third.exit_code(), 0);
    let saved = std::fs::read_to_string(&notes).unwrap();
    assert_eq!(saved.matches("\"agree\"").count(), 2, "{saved}");
    assert!(
        saved.contains("\"disagree\"") && saved.contains("\"bookmark\": true"),
        "{saved}"
    );
    assert!(
        !first
            .data
            .path()
            .join("argscope/iran-russia.notes.json.lock")
            .exists()
    );
}

#[test]
fn notes_that_do_not_load_say_why_as_the_map_opens() {
    let term = Terminal::open("bad-notes", 100, 24);
    let folder = term.data.path().join("argscope");
    std::fs::create_dir_all(&folder).unwrap();
    let notes = folder.join("iran-russia.notes.json");
    let text = r#"{"argscope_notes": 1, "entries": {"crimea": {"mark": "yes"}}}"#;
    std::fs::write(&notes, text).unwrap();
    // Before any key: the map shows no notes, and the status line says which file to repair
    // (over the hint line, which it needs as well).
    term.type_line(&format!("{}; echo EXITED:$?", quoted(ARGSCOPE)));
    term.wait_for(THESIS);
    term.wait_for("unknown mark");
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), text);
}

#[test]
fn ctrl_c_quits_cleanly() {
    let term = Terminal::open("ctrl-c", 80, 24);
    term.run_argscope("");
    term.press(&["C-c"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

#[test]
fn mouse_is_captured_while_running() {
    let term = Terminal::open("mouse", 80, 24);
    term.run_argscope("");
    let flags = term.mouse_flags();
    assert!(
        flags.iter().any(|(_, value)| value == "1"),
        "no mouse reporting while running: {flags:?}"
    );
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

#[test]
fn no_mouse_leaves_the_mouse_to_the_terminal() {
    let term = Terminal::open("no-mouse", 80, 24);
    term.run_argscope("--no-mouse");
    for (name, value) in term.mouse_flags() {
        assert_eq!(value, "0", "--no-mouse but #{{{name}}} is {value}");
    }
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

#[test]
fn y_copies_the_quote_with_its_citation_to_the_clipboard() {
    let term = Terminal::open("copy", 100, 30);
    // tmux keeps what an application copies with OSC 52 as a paste buffer when this is on.
    term.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    term.run_argscope("");
    term.press(&["/"]);
    term.press(&["-l", "crimea"]);
    term.press(&["Enter"]);
    term.wait_for("1 of 1");
    term.press(&["y"]);
    term.wait_for("quote and citation sent to the terminal");
    let expected = "“Although the question that still bothers my mind is why Russia attacked the Crimean Peninsula?” — Abbas Maleki, Iran Review, para. 4";
    term.wait_until("the copied text in tmux's paste buffer", |t| {
        t.tmux(&["show-buffer"]) == expected
    });
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

/// Text pasted into the terminal comes whole: over the map none of its letters runs as a key
/// (this one holds a `q`, which would quit), and in the note editor it is the note's text.
#[test]
fn pasted_text_runs_no_keys_over_the_map_and_goes_into_a_note_whole() {
    let term = Terminal::open("paste", 100, 30);
    term.run_argscope("");
    term.wait_for_map();
    term.tmux(&["set-buffer", "-b", "e2e-paste", "Putin quit the question"]);
    term.tmux(&["paste-buffer", "-p", "-b", "e2e-paste", "-t", "e2e"]);
    term.wait_for("pasted text runs nothing here");
    term.press(&["j", "a"]);
    term.wait_for("Note on");
    term.tmux(&["set-buffer", "-b", "e2e-paste", "Ask who\nvoted for what"]);
    term.tmux(&["paste-buffer", "-p", "-b", "e2e-paste", "-t", "e2e"]);
    term.wait_for("voted for what");
    term.press(&["C-s"]);
    term.wait_for("note saved");
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
    let saved = term.data.path().join("argscope/iran-russia.notes.json");
    let text = std::fs::read_to_string(&saved).expect("the notes file was written");
    assert!(text.contains("Ask who\\nvoted for what"), "{text}");
}

#[test]
fn a_note_and_a_mark_are_there_again_after_quitting_and_starting_again() {
    let term = Terminal::open("notes", 100, 30);
    term.run_argscope("");
    term.press(&["j", "j", "+", "a"]);
    term.wait_for("Note on");
    term.press(&["-l", "Ask who voted for what"]);
    term.press(&["C-s"]);
    term.wait_for("note saved");
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
    let saved = term.data.path().join("argscope/iran-russia.notes.json");
    let text = std::fs::read_to_string(&saved).expect("the notes file was written");
    assert!(text.contains("Ask who voted for what"), "{text}");

    term.type_line("clear");
    term.run_argscope("");
    term.wait_for("✓");
    term.wait_for("✎");
    // Point 1: its detail shows the note under the label, without scrolling.
    term.press(&["j", "j"]);
    term.wait_for("Ask who voted for what");
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
}

#[test]
fn editing_the_map_file_updates_the_screen_and_a_broken_edit_keeps_the_last_good_map() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("map.json");
    let write = |label: &str| {
        let json = format!(
            r#"{{"argscope": 1, "root": {{"id": "t", "kind": "thesis", "label": "Uniforms help", "children": [
                {{"id": "a", "kind": "claim", "label": "{label}"}}]}}}}"#
        );
        std::fs::write(&map, json).unwrap();
    };
    write("They save money");
    let term = Terminal::open("reload", 100, 24);
    term.type_line(&format!(
        "{} {}; echo EXITED:$?",
        quoted(ARGSCOPE),
        quoted(map.to_str().unwrap())
    ));
    term.wait_for("They save money");
    // Reading the file (an editor opening it, `argscope print` elsewhere) changes nothing.
    std::fs::read_to_string(&map).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        !term.screen().contains("reloaded"),
        "a read reloaded the map: {}",
        term.screen()
    );
    term.press(&["j"]);
    write("They cost less than a wardrobe");
    term.wait_for("They cost less than a wardrobe");
    term.wait_for("reloaded");
    std::fs::write(&map, "{\"argscope\": 1, \"root\": {").unwrap();
    term.wait_for("kept the last good map");
    assert!(
        term.screen().contains("They cost less than a wardrobe"),
        "the old map stays: {}",
        term.screen()
    );
    // The message goes with the next key; W keeps the whole of it.
    term.press(&["j"]);
    term.wait_for("not reloaded (W)");
    term.press(&["W"]);
    term.wait_for("Not reloaded: the file as saved does not load");
    term.wait_for("the file ends before the object");
    term.press(&["Escape"]);
    write("They last for years");
    term.wait_for("They last for years");
    assert!(
        !term.screen().contains("not reloaded"),
        "a good save clears it: {}",
        term.screen()
    );
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

/// A note whose node has left the map is kept, out of the tree: the status line says so as the
/// map opens, and when a reload takes a noted node away, so it never looks lost.
#[test]
fn notes_whose_node_left_the_map_are_announced_at_opening_and_on_reload() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("map.json");
    let write = |children: &str| {
        let json = format!(
            r#"{{"argscope": 1, "root": {{"id": "t", "kind": "thesis", "label": "Uniforms help", "children": [{children}]}}}}"#
        );
        std::fs::write(&map, json).unwrap();
    };
    write(
        r#"{"id": "a", "kind": "claim", "label": "They save money"},
           {"id": "b", "kind": "claim", "label": "They end teasing"}"#,
    );
    let notes = r#"{"argscope_notes": 1, "entries": {
        "gone": {"note": "From last year's map", "label": "A point since removed"},
        "b": {"note": "Ask for examples", "label": "They end teasing"}}}"#;
    std::fs::write(dir.path().join("map.notes.json"), notes).unwrap();
    let term = Terminal::open("orphans", 100, 24);
    term.type_line(&format!(
        "{} {}; echo EXITED:$?",
        quoted(ARGSCOPE),
        quoted(map.to_str().unwrap())
    ));
    term.wait_for("1 orphaned note: its node is no longer in this map (O lists it)");
    write(r#"{"id": "a", "kind": "claim", "label": "They save money"}"#);
    term.wait_for("2 orphaned notes: their nodes are no longer in this map (O lists them)");
    term.press(&["O"]);
    term.wait_for("Ask for examples");
    term.press(&["Escape", "q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_beside_the_map_or_as_the_map_give_a_message_not_a_hang() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("map.json");
    let write = |label: &str| {
        let json = format!(
            r#"{{"argscope": 1, "root": {{"id": "t", "kind": "thesis", "label": "Uniforms help", "children": [
                {{"id": "a", "kind": "claim", "label": "{label}"}}]}}}}"#
        );
        std::fs::write(&map, json).unwrap();
    };
    write("They save money");
    // Loops in the watched folder: a link to itself, two links to each other, and a link to the
    // folder itself.
    symlink("self.json", dir.path().join("self.json")).unwrap();
    symlink("b.json", dir.path().join("a.json")).unwrap();
    symlink("a.json", dir.path().join("b.json")).unwrap();
    symlink(".", dir.path().join("here")).unwrap();
    let term = Terminal::open("links", 120, 24);
    // A map that is a link to itself is refused before the interface opens.
    term.type_line(&format!(
        "{} {}; echo EXITED:$?",
        quoted(ARGSCOPE),
        quoted(dir.path().join("self.json").to_str().unwrap())
    ));
    term.wait_for("EXITED:1");
    assert!(
        term.screen()
            .contains("it is a symbolic link that leads round in a loop"),
        "{}",
        term.screen()
    );
    term.type_line("clear");
    // The map beside the loops opens, and is watched.
    term.type_line(&format!(
        "{} {}; echo EXITED:$?",
        quoted(ARGSCOPE),
        quoted(map.to_str().unwrap())
    ));
    term.wait_for("They save money");
    write("They cost less than a wardrobe");
    term.wait_for("They cost less than a wardrobe");
    term.wait_for("reloaded");
    // The map itself turns into a loop: the last good map stays, and the message says why.
    std::fs::remove_file(&map).unwrap();
    symlink("map.json", &map).unwrap();
    term.wait_for("kept the last good map, the file has a problem (W lists it): cannot read");
    // The message takes both status rows: read as one line.
    let screen = term.screen();
    let status: Vec<&str> = screen.trim_end().lines().rev().take(2).collect();
    let status = format!("{} {}", status[1], status[0]);
    assert!(
        status.contains("it is a symbolic link that leads round in a loop"),
        "{}",
        term.screen()
    );
    assert!(
        term.screen().contains("They cost less than a wardrobe"),
        "{}",
        term.screen()
    );
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}

/// An AIF file of which nothing could be read (here a stray comma) used to open as a map of one
/// node named after the file, and a save caught half-written replaced the map on screen with it.
#[test]
fn an_aif_file_of_which_nothing_could_be_read_is_refused_and_a_broken_save_keeps_the_last_map() {
    let dir = tempfile::TempDir::new().unwrap();
    let map = dir.path().join("map.json");
    let good = std::fs::read_to_string(format!(
        "{}/tests/fixtures/aif/ova3.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let broken = good.replacen("\"edgeID\": 1,", "\"edgeID\": 1,,", 1);
    std::fs::write(&map, &broken).unwrap();
    let term = Terminal::open("aif-refused", 120, 24);
    let open = format!(
        "{} {}; echo EXITED:$?",
        quoted(ARGSCOPE),
        quoted(map.to_str().unwrap())
    );
    term.type_line(&open);
    term.wait_for("EXITED:1");
    assert!(
        term.screen().contains("no AIF map could be read"),
        "{}",
        term.screen()
    );
    term.type_line("clear");
    std::fs::write(&map, &good).unwrap();
    term.type_line(&open);
    term.wait_for("Pupils need time to rest");
    std::fs::write(&map, &broken).unwrap();
    term.wait_for("kept the last good map");
    assert!(
        term.screen().contains("Pupils need time to rest"),
        "the old map stays: {}",
        term.screen()
    );
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
}
