//! End-to-end runs of the real `argscope` binary in a real terminal: tmux. Each test starts its
//! own tmux server (a unique `-L` socket, no user configuration) with an interactive shell in a
//! pane of a given size, types commands and keys into it with `send-keys`, reads the screen with
//! `capture-pane` and the terminal's modes (alternate screen, mouse reporting, cursor) with
//! `display -p`, and kills the server when done, even when an assertion fails.
//!
//! tmux must be installed; these tests fail, rather than skip, without it (CI installs it).

use std::io::ErrorKind;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const ARGSCOPE: &str = env!("CARGO_BIN_EXE_argscope");

const THESIS: &str = "Iran–Russia relations will continue to expand";
const HELP_HINT: &str = "? help";

/// The prompt of the shell in the pane, so we can tell when it is waiting for input. (PS1 has a
/// space after it, which `capture-pane` trims.)
const PROMPT: &str = "e2e$";

/// How long to wait for the screen to show something, and how often to look.
const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// tmux's per-pane mouse reporting modes (FORMATS in `man tmux`): any is set when the program
/// asked for clicks (standard, 1000), drags (button, 1002) or all motion (all, 1003); SGR (1006)
/// and UTF-8 (1005) are the encodings.
const MOUSE_FLAGS: [&str; 6] = [
    "mouse_any_flag",
    "mouse_standard_flag",
    "mouse_button_flag",
    "mouse_all_flag",
    "mouse_sgr_flag",
    "mouse_utf8_flag",
];

/// A tmux server of our own with one session, `e2e`, running an interactive shell.
/// Dropping it kills the server and everything running in it.
struct Terminal {
    socket: String,
    /// Where the server's socket file is; tmux leaves it behind when the server exits.
    socket_path: Option<String>,
    /// The data folder argscope keeps the built-in map's notes in, for this test alone.
    data: tempfile::TempDir,
}

impl Terminal {
    /// Starts a terminal of `cols` x `rows` with a shell at its prompt.
    fn open(test: &str, cols: u16, rows: u16) -> Terminal {
        require_tmux();
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "argscope-e2e-{}-{}-{test}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        );
        let mut terminal = Terminal {
            socket,
            socket_path: None,
            data: tempfile::TempDir::new().expect("a temporary folder"),
        };
        // bash without start-up files, so the prompt and the keys are ours; any POSIX shell with
        // job control would do, and bash is on every Debian machine.
        // ARGSCOPE_CONFIG: the default settings, whatever the developer's own file says.
        // XDG_DATA_HOME: notes go to this test's own folder, never the developer's.
        let shell = format!(
            "env PS1='{PROMPT} ' HISTFILE=/dev/null ARGSCOPE_CONFIG=/dev/null XDG_DATA_HOME='{}' bash --norc --noprofile -i",
            terminal.data.path().display()
        );
        terminal.tmux(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
            &shell,
        ]);
        terminal.socket_path = Some(terminal.format("#{socket_path}"));
        assert_eq!(
            terminal.format("#{pane_width}x#{pane_height}"),
            format!("{cols}x{rows}"),
            "the pane should have the size asked for"
        );
        terminal.wait_for(PROMPT);
        terminal
    }

    /// Runs a tmux command against our server and returns what it printed.
    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            // Never talk to the tmux these tests may be running inside.
            .env_remove("TMUX")
            .env_remove("TMUX_PANE")
            .output()
            .expect("cannot run tmux");
        assert!(
            output.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Types a command line into the shell and presses Enter.
    fn type_line(&self, line: &str) {
        self.tmux(&["send-keys", "-t", "e2e", "-l", line]);
        self.press(&["Enter"]);
    }

    /// Presses keys, named as tmux names them (`j`, `Escape`, `C-z`, …).
    fn press(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// The visible screen, one line per row.
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// A tmux format expanded for the pane, e.g. `#{alternate_on}`.
    fn format(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "e2e", format])
            .trim_end()
            .to_string()
    }

    fn flag(&self, name: &str) -> String {
        self.format(&format!("#{{{name}}}"))
    }

    /// Every mouse reporting flag with its value.
    fn mouse_flags(&self) -> Vec<(&'static str, String)> {
        MOUSE_FLAGS
            .iter()
            .map(|&name| (name, self.flag(name)))
            .collect()
    }

    /// Waits until `done` holds, or fails with `what` and the screen.
    fn wait_until(&self, what: &str, done: impl Fn(&Terminal) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            if done(self) {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "gave up after {WAIT:?} waiting for {what}; the screen shows:\n{}\n\
                     (alternate screen: {}, mouse: {:?}, running: {})",
                    self.screen(),
                    self.flag("alternate_on"),
                    self.mouse_flags(),
                    self.flag("pane_current_command"),
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?} on the screen"), |t| {
            t.screen().contains(text)
        });
    }

    /// Waits until the screen no longer shows `text`.
    fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("{text:?} to leave the screen"), |t| {
            !t.screen().contains(text)
        });
    }

    /// Waits until a tmux format expands to `value`.
    fn wait_flag(&self, name: &str, value: &str) {
        self.wait_until(&format!("#{{{name}}} to be {value}"), |t| {
            t.flag(name) == value
        });
    }

    /// Types `argscope ARGS` at the prompt, followed by printing its exit code, and waits for
    /// the map.
    fn run_argscope(&self, args: &str) {
        self.type_line(&format!("{} {args}; echo EXITED:$?", quoted(ARGSCOPE)));
        self.wait_for_map();
    }

    /// Waits until the map is on the alternate screen with its hint line.
    fn wait_for_map(&self) {
        self.wait_for(THESIS);
        self.wait_for(HELP_HINT);
        self.wait_flag("alternate_on", "1");
    }

    /// Waits for the `EXITED:<code>` line and returns the code.
    fn exit_code(&self) -> i32 {
        let code = || {
            self.screen().lines().find_map(|line| {
                line.trim()
                    .strip_prefix("EXITED:")
                    .and_then(|code| code.parse::<i32>().ok())
            })
        };
        self.wait_until("the exit code (EXITED:<code>)", |_| code().is_some());
        code().unwrap()
    }

    /// Checks that the program has exited and left the terminal as it found it: back at the
    /// shell, on the main screen, no mouse reporting, cursor shown, line editing on.
    fn assert_restored(&self) {
        self.wait_flag("pane_current_command", "bash");
        assert_eq!(
            self.flag("alternate_on"),
            "0",
            "still on the alternate screen"
        );
        for (name, value) in self.mouse_flags() {
            assert_eq!(
                value, "0",
                "mouse reporting still on: #{{{name}}} is {value}"
            );
        }
        assert_eq!(self.flag("cursor_flag"), "1", "the cursor is still hidden");
        // Raw mode left on would show here: bash keeps a finished job's terminal settings.
        self.type_line(
            "echo COOKED:$(stty -a | tr ' ;' '\\n\\n' | grep -c -x -e isig -e icanon -e echo)",
        );
        self.wait_until("the terminal settings (COOKED:<n>)", |t| {
            t.screen().lines().any(|line| line.starts_with("COOKED:"))
        });
        assert!(
            self.screen().lines().any(|line| line == "COOKED:3"),
            "raw mode still on (isig, icanon and echo should all be set):\n{}",
            self.screen()
        );
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .env_remove("TMUX")
            .env_remove("TMUX_PANE")
            .output();
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Fails with a clear message when tmux is missing: these tests must not pass by not running.
fn require_tmux() {
    match Command::new("tmux").arg("-V").output() {
        Ok(output) if output.status.success() => {}
        Ok(output) => panic!(
            "`tmux -V` failed ({}); the end-to-end tests need a working tmux",
            output.status
        ),
        Err(error) if error.kind() == ErrorKind::NotFound => panic!(
            "tmux is not installed; the end-to-end tests run argscope inside tmux. \
             Install it (e.g. `apt-get install tmux`; CI's .ci/run does) and run the tests again"
        ),
        Err(error) => panic!("cannot run tmux: {error}"),
    }
}

/// `text` quoted for the shell.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

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
    let term = Terminal::open("suspend", 80, 24);
    // On its own: `argscope; echo` would print the code as soon as it stops.
    term.type_line(&quoted(ARGSCOPE));
    term.wait_for_map();
    term.press(&["j"]);
    term.wait_for(RECENT_YEARS);

    term.press(&["C-z"]);
    term.wait_for("Stopped");
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

/// The pid of the program running in the pane's shell.
fn argscope_pid(term: &Terminal) -> String {
    let shell = term.format("#{pane_pid}");
    let children = format!("/proc/{shell}/task/{shell}/children");
    let read = || {
        std::fs::read_to_string(&children)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    term.wait_until("argscope's pid", |_| !read().is_empty());
    read()
}

#[test]
fn termination_signals_restore_the_terminal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let term = Terminal::open(&format!("sig{signal}"), 80, 24);
        term.run_argscope("");
        let pid = argscope_pid(&term);
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid])
            .status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -{signal} failed");
        assert_eq!(term.exit_code(), code, "SIG{signal}");
        term.assert_restored();
    }
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
    term.wait_for("copied the quote");
    let expected = "“Although the question that still bothers my mind is why Russia attacked the Crimean Peninsula?” — Abbas Maleki, Iran Review, para. 4";
    term.wait_until("the copied text in tmux's paste buffer", |t| {
        t.tmux(&["show-buffer"]) == expected
    });
    term.press(&["q"]);
    assert_eq!(term.exit_code(), 0);
    term.assert_restored();
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
    // Point 1, then the end of its detail, where the notes are.
    term.press(&["j", "j", "Tab", "G"]);
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
    term.press(&["q"]);
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
    term.wait_for("kept the last good map, the file has a problem: cannot read");
    assert!(
        term.screen().contains("it is a symbolic link that leads"),
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
