//! A real terminal for end-to-end tests: a tmux server of our own per test. Each test starts its
//! own server (a unique `-L` socket, no user configuration) with an interactive shell in a pane of
//! a given size, types commands and keys into it with `send-keys`, reads the screen with
//! `capture-pane` and the terminal's modes (alternate screen, mouse reporting, cursor) with
//! `display -p`, and kills the server when done, even when an assertion fails.
//!
//! Shared by `e2e_tmux.rs` and `terminal_safety.rs` (`mod tmux;`); each uses part of it.

#![allow(dead_code)]

use std::io::ErrorKind;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

pub const ARGSCOPE: &str = env!("CARGO_BIN_EXE_argscope");

pub const THESIS: &str = "Iran–Russia relations will continue to expand";
pub const HELP_HINT: &str = "? help";

/// The prompt of the shell in the pane, so we can tell when it is waiting for input. (PS1 has a
/// space after it, which `capture-pane` trims.)
pub const PROMPT: &str = "e2e$";

/// How long to wait for the screen to show something, and how often to look.
pub const WAIT: Duration = Duration::from_secs(10);
pub const POLL: Duration = Duration::from_millis(50);

/// tmux's per-pane mouse reporting modes (FORMATS in `man tmux`): any is set when the program
/// asked for clicks (standard, 1000), drags (button, 1002) or all motion (all, 1003); SGR (1006)
/// and UTF-8 (1005) are the encodings.
pub const MOUSE_FLAGS: [&str; 6] = [
    "mouse_any_flag",
    "mouse_standard_flag",
    "mouse_button_flag",
    "mouse_all_flag",
    "mouse_sgr_flag",
    "mouse_utf8_flag",
];

/// A tmux server of our own with one session, `e2e`, running an interactive shell.
/// Dropping it kills the server and everything running in it.
pub struct Terminal {
    pub socket: String,
    /// Where the server's socket file is; tmux leaves it behind when the server exits.
    pub socket_path: Option<String>,
    /// The data folder argscope keeps the built-in map's notes in, for this test alone.
    pub data: tempfile::TempDir,
}

impl Terminal {
    /// Starts a terminal of `cols` x `rows` with a shell at its prompt.
    pub fn open(test: &str, cols: u16, rows: u16) -> Terminal {
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
    pub fn tmux(&self, args: &[&str]) -> String {
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
    pub fn type_line(&self, line: &str) {
        self.tmux(&["send-keys", "-t", "e2e", "-l", line]);
        self.press(&["Enter"]);
    }

    /// Presses keys, named as tmux names them (`j`, `Escape`, `C-z`, …).
    pub fn press(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// The visible screen, one line per row.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// A tmux format expanded for the pane, e.g. `#{alternate_on}`.
    pub fn format(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "e2e", format])
            .trim_end()
            .to_string()
    }

    pub fn flag(&self, name: &str) -> String {
        self.format(&format!("#{{{name}}}"))
    }

    /// Every mouse reporting flag with its value.
    pub fn mouse_flags(&self) -> Vec<(&'static str, String)> {
        MOUSE_FLAGS
            .iter()
            .map(|&name| (name, self.flag(name)))
            .collect()
    }

    /// Waits until `done` holds, or fails with `what` and the screen.
    pub fn wait_until(&self, what: &str, done: impl Fn(&Terminal) -> bool) {
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
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?} on the screen"), |t| {
            t.screen().contains(text)
        });
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("{text:?} to leave the screen"), |t| {
            !t.screen().contains(text)
        });
    }

    /// Waits until a tmux format expands to `value`.
    pub fn wait_flag(&self, name: &str, value: &str) {
        self.wait_until(&format!("#{{{name}}} to be {value}"), |t| {
            t.flag(name) == value
        });
    }

    /// Types `argscope ARGS` at the prompt, followed by printing its exit code, and waits for
    /// the map.
    pub fn run_argscope(&self, args: &str) {
        self.run_argscope_with("", args);
    }

    /// The same with environment variables (`NAME=value …`) set for argscope alone.
    pub fn run_argscope_with(&self, env: &str, args: &str) {
        self.type_line(&format!(
            "{env} {} {args}; echo EXITED:$?",
            quoted(ARGSCOPE)
        ));
        self.wait_for_map();
    }

    /// Waits until the map is on the alternate screen with its hint line.
    pub fn wait_for_map(&self) {
        self.wait_for(THESIS);
        self.wait_for(HELP_HINT);
        self.wait_flag("alternate_on", "1");
    }

    /// Waits for the `EXITED:<code>` line and returns the code.
    pub fn exit_code(&self) -> i32 {
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
    pub fn assert_restored(&self) {
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

impl Terminal {
    /// Closes the terminal with everything in it, as closing its window does: the tmux server
    /// exits and the pane's terminal hangs up.
    pub fn close(&self) {
        self.tmux(&["kill-server"]);
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
pub fn require_tmux() {
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
pub fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Waits until the process `pid` has exited, or kills it and fails: a test must not leave it
/// running.
pub fn wait_for_exit(pid: &str) {
    let exited = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            // The state follows the command's closing parenthesis; Z: exited, not yet reaped.
            .map(|stat| {
                stat.rsplit_once(") ")
                    .is_some_and(|(_, rest)| rest.starts_with('Z'))
            })
            .unwrap_or(true)
    };
    let deadline = Instant::now() + WAIT;
    while !exited() {
        if Instant::now() >= deadline {
            let _ = Command::new("kill").args(["-KILL", pid]).status();
            panic!("argscope (pid {pid}) was still running {WAIT:?} after its terminal closed");
        }
        thread::sleep(POLL);
    }
}

/// The pid of the program running in the pane's shell.
pub fn argscope_pid(term: &Terminal) -> String {
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
