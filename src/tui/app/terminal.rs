//! Taking the terminal (raw mode, the alternate screen, bracketed paste, mouse reporting) and
//! giving it back, once, on every way out: quitting, an error, a panic, a signal, a terminal that
//! has gone.

use std::io::{self, Write};
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

/// The terminal in raw mode on the alternate screen, with the mouse captured if asked.
/// Dropping it puts everything back, including mouse capture, which `ratatui::restore`
/// alone leaves on.
pub(super) struct Session {
    /// Never dropped: ratatui's drop shows the cursor and, when that fails on a terminal that
    /// has gone, says so with `eprintln!`, which panics there (standard error went with the
    /// terminal), before the notes are saved. `leave` shows the cursor, ignoring failures.
    pub terminal: ManuallyDrop<DefaultTerminal>,
    mouse: bool,
}

impl Session {
    pub fn start(mouse: bool) -> Result<Session> {
        // Our own panic hook rather than ratatui::init's: that one restores the terminal in the
        // hook and this session's drop would restore it a second time (see TAKEN).
        install_restore_on_panic(mouse);
        take(mouse)?;
        let terminal =
            ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))?;
        Ok(Session {
            terminal: ManuallyDrop::new(terminal),
            mouse,
        })
    }

    /// Gives the terminal back to the shell and stops the process; `fg` continues here.
    pub fn suspend(&mut self) -> Result<()> {
        leave(self.mouse);
        say_paused();
        // Stops here and now (SIGSTOP): raising SIGTSTP would go to listen_for_stop instead.
        #[cfg(unix)]
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        #[cfg(unix)]
        super::signals::wait_for_foreground()?;
        // Continued by `fg`: take the terminal again and redraw everything.
        take(self.mouse)?;
        self.terminal.clear()?;
        Ok(())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        leave(self.mouse);
    }
}

/// What argscope says on the shell's screen as it stops (Ctrl-Z, or a stop from outside): the
/// shell says only "Stopped", and someone who pressed Ctrl-Z for "undo" sees the program vanish.
pub const PAUSED: &str = "argscope is paused; type fg to return to it";

/// Writes [`PAUSED`] on its own line, on the screen just given back; a failure (the terminal
/// gone) is no reason not to stop.
pub(super) fn say_paused() {
    let mut out = io::stdout();
    let _ = writeln!(out, "{PAUSED}").and_then(|()| out.flush());
}

/// Whether argscope has the terminal, so that it is given back once only. Leaving the alternate
/// screen a second time is not harmless: terminals (xterm, tmux) then restore the cursor saved
/// on entering it, so whatever was printed after the first restore (a panic's message) is
/// written over by the shell's next line.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, bracketed paste and, if asked, mouse reporting.
pub(super) fn take(mouse: bool) -> io::Result<()> {
    // Set first: if taking fails half way, leaving puts back what was taken.
    TAKEN.store(true, Ordering::SeqCst);
    crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    // Pasted text arrives as one piece, not as keys: pasted into the map, each letter would
    // run as a command (`q` quitting among them).
    execute!(io::stdout(), EnableBracketedPaste)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Turns mouse reporting and bracketed paste off, then leaves raw mode and the alternate screen
/// and shows the cursor; nothing when the terminal was already given back.
///
/// Every step is tried and its failure ignored: when the terminal has gone (a closed window, a
/// dropped SSH connection) each one fails, and there is nothing left to restore. (Not
/// `ratatui::restore`, which reports its failure with `eprintln!`: that panics when standard
/// error is the terminal that has gone, and the thread giving the terminal back dies with it.)
pub(super) fn leave(mouse: bool) {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, DisableBracketedPaste);
    // Raw mode first: it has more effects than the alternate screen (as in ratatui::restore).
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = execute!(
        out,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = out.flush();
}

/// Gives the terminal back before a panic's message is printed (by the hook installed before
/// this one), so the message shows on the shell's screen in cooked mode.
fn install_restore_on_panic(mouse: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave(mouse);
        previous(info);
    }));
}
