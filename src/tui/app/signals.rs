//! Signals from outside while the interface runs: termination (save what would be lost, give the
//! terminal back, exit), a stop from outside (give the terminal back, take it again when
//! continued), and a terminal that hangs up without a signal reaching argscope.

use std::io::{self, IsTerminal, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

use anyhow::Result;
use signal_hook::consts::{
    SIGALRM, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGVTALRM,
    SIGWINCH, SIGXCPU,
};
use signal_hook::iterator::Signals;
use signal_hook::low_level::{emulate_default_handler, raise};

use super::Work;
use super::terminal::{leave, say_paused, take};

/// How long a termination signal waits for the loop to finish what it is doing (a key, a frame,
/// a save) before giving the terminal back without it: a save hanging on a dead network folder
/// must not keep the terminal broken.
const BUSY_GRACE: Duration = Duration::from_secs(10);

/// The signals that would end argscope where it stands (their default action), and that can be
/// caught: SIGTERM, SIGHUP (the terminal closed), SIGINT (`kill -INT`; Ctrl-C itself arrives as
/// a key in raw mode) and SIGQUIT, and the rarer ones a script or a timer may send (SIGUSR1,
/// SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGIO, SIGXCPU). SIGPIPE is not among them: Rust
/// ignores it, so a closed pipe is an error where it is written, not the end. The real-time
/// signals, and those of faults (SIGSEGV, SIGBUS …), are left as they are.
fn termination_signals() -> Vec<i32> {
    let mut signals = vec![
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
    ];
    #[cfg(not(target_os = "haiku"))]
    signals.push(signal_hook::consts::SIGIO);
    signals
}

/// Set when a termination signal came: the event loop then lets go of the work for good at its
/// next turn, however many events are waiting, for the thread that ends argscope to take it.
/// (Without it, a burst of input, such as a long paste sent as keys, kept the work in the loop's
/// hands all but a moment a turn, and the thread, trying now and then, could miss every one.)
pub(super) static ENDING: AtomicBool = AtomicBool::new(false);

/// Hears the [`termination_signals`], since the event loop only wakes for terminal events. The
/// thread takes the loop's work once the loop lets go of it (it does while waiting for the
/// terminal, and for good once it sees [`ENDING`]; a loop stuck on a terminal that has gone is
/// waiting), gives the terminal back, saves any notes not yet saved, keeps the note being
/// written apart as unfinished (see `Work::keep_notes_before_exit`), and exits with the code a shell shows for the signal (128 + its number).
pub(super) fn listen_for_termination(
    work: Arc<Mutex<Work>>,
    rescue_path: PathBuf,
    mouse: bool,
) -> Result<()> {
    let mut signals = Signals::new(termination_signals())?;
    std::thread::spawn(move || {
        let Some(signal) = signals.forever().next() else {
            return;
        };
        ENDING.store(true, Ordering::SeqCst);
        let held = hold_within(&work, BUSY_GRACE);
        // Nothing is drawn from here on: the loop waits for the lock.
        leave(mouse);
        let last_word = match held {
            Some(mut work) => work
                .end(&rescue_path)
                .map(|kept| format!("stopped by a signal; {kept}")),
            None => Some(format!(
                "stopped by a signal while busy for over {} s; \
                 notes changed since the last save may be lost",
                BUSY_GRACE.as_secs()
            )),
        };
        if let Some(word) = last_word {
            // A hung-up terminal takes standard error with it: nothing to do about that here.
            let _ = writeln!(io::stderr(), "argscope: {word}");
        }
        std::process::exit(128 + signal);
    });
    Ok(())
}

/// The work, once the loop lets go of it within `patience`. A loop that panicked holding it
/// leaves it poisoned: the notes in it are still worth saving.
fn hold_within(work: &Mutex<Work>, patience: Duration) -> Option<MutexGuard<'_, Work>> {
    let deadline = Instant::now() + patience;
    loop {
        match work.try_lock() {
            Ok(held) => return Some(held),
            Err(TryLockError::Poisoned(poisoned)) => return Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(TryLockError::WouldBlock) => return None,
        }
    }
}

/// Raises SIGHUP when the terminal hangs up and no signal says so. The kernel tells only the
/// session's leader; a shell passes it on to its jobs, but a leader that ignores it (`trap ''
/// HUP`, `nohup`, some wrappers) passes nothing on. crossterm's reader then reads the dead
/// terminal over and over and never returns (crossterm issue #793), so only a signal can end
/// argscope. A poll for no events at all wakes on a hang-up alone, at no cost meanwhile.
pub(super) fn watch_for_hang_up() {
    let Some(tty) = terminal() else {
        // No terminal to watch: nothing can hang up.
        return;
    };
    std::thread::spawn(move || {
        use rustix::event::{PollFd, PollFlags, poll};
        let mut fds = [PollFd::new(&tty, PollFlags::empty())];
        loop {
            match poll(&mut fds, None) {
                // Only a hang-up, an error or a closed descriptor is reported.
                Ok(_) if !fds[0].revents().is_empty() => break,
                Ok(_) | Err(rustix::io::Errno::INTR) => continue,
                Err(_) => return,
            }
        }
        let _ = raise(SIGHUP);
    });
}

/// The terminal crossterm reads: standard input if it is one, else the controlling terminal.
fn terminal() -> Option<OwnedFd> {
    if io::stdin().is_terminal() {
        io::stdin().as_fd().try_clone_to_owned().ok()
    } else {
        std::fs::File::open("/dev/tty").ok().map(OwnedFd::from)
    }
}

/// Waits, once continued after a suspend, until argscope is the terminal's foreground job
/// again. `fg` makes it so; but `kill %1` continues the stopped job in the background after
/// sending it SIGTERM, and taking the terminal there would stop the whole process again
/// (SIGTTOU) before the termination thread had saved the notes. Meanwhile that thread can
/// end argscope. A terminal that has gone ends the wait with an error.
pub(super) fn wait_for_foreground() -> io::Result<()> {
    let Some(tty) = terminal() else {
        return Ok(());
    };
    loop {
        let foreground = rustix::termios::tcgetpgrp(&tty).map_err(io::Error::from)?;
        if foreground == rustix::process::getpgrp() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Set when argscope was stopped from outside and has been continued, for the loop to redraw
/// the whole screen.
pub(super) static CONTINUED: AtomicBool = AtomicBool::new(false);

/// Hears SIGTSTP from outside (`kill -TSTP`; Ctrl-Z itself arrives as a key in raw mode and
/// suspends through the loop): gives the terminal back before stopping, as Ctrl-Z does, and
/// takes it again when continued. The resize it then raises wakes the loop to redraw.
pub(super) fn listen_for_stop(mouse: bool) -> Result<()> {
    let mut signals = Signals::new([SIGTSTP])?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            leave(mouse);
            say_paused();
            if emulate_default_handler(SIGTSTP).is_err() {
                continue;
            }
            // Continued: by `fg`, or in the background by `kill %1`, which the termination
            // thread then ends.
            if wait_for_foreground().is_ok() && take(mouse).is_ok() {
                CONTINUED.store(true, Ordering::SeqCst);
                let _ = raise(SIGWINCH);
            }
        }
    });
    Ok(())
}
