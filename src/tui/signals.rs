//! Signals that end the app from outside: SIGTERM (`kill`, a service manager), SIGHUP
//! (the terminal closed) and SIGINT (`kill -INT`; in raw mode Ctrl-C is a key).
//!
//! A thread of its own waits for them. It records the signal, which the event loop
//! reads between events: the app then leaves as `q` does, the terminal given back as
//! it was found and a demo copy removed. A terminal that closed can leave the loop
//! unable to get there: crossterm's reader spins on the end of its input and never
//! returns. So when the loop has been waiting for input through a whole grace period
//! after the signal, the thread does the same clean-up itself and ends the process.
//! It never does so while the loop works (a save in progress finishes first).

#[cfg(unix)]
use std::path::PathBuf;
#[cfg(unix)]
use std::sync::Arc;
#[cfg(unix)]
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
#[cfg(unix)]
use std::time::{Duration, Instant};

/// How long the event loop may keep waiting for input after a signal before the
/// signal thread decides it is stuck: well over the loop's longest wait (a second).
#[cfg(unix)]
const GRACE: Duration = Duration::from_millis(2500);

/// The app ended because of a signal: the process exits with 128 + its number, as a
/// shell reports a process the signal killed.
#[derive(Debug, thiserror::Error)]
#[error("ended by signal {0}")]
pub struct Ended(pub i32);

impl Ended {
    /// The exit code a shell gives a process ended by this signal.
    pub fn exit_code(&self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(1)
    }
}

/// What the event loop and the signal thread share.
pub struct Stop {
    /// The number of the signal received, 0 for none.
    #[cfg(unix)]
    last: Arc<AtomicUsize>,
    /// Whether the event loop is waiting for input (not working).
    #[cfg(unix)]
    waiting: Arc<AtomicBool>,
}

impl Stop {
    /// Starts the signal thread; `demo` is the demo copy's directory, removed if the
    /// thread has to end the process itself. The thread lives as long as the process.
    #[cfg(unix)]
    pub fn install(demo: Option<PathBuf>) -> std::io::Result<Stop> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let last = Arc::new(AtomicUsize::new(0));
        let waiting = Arc::new(AtomicBool::new(false));
        let (seen, idle) = (Arc::clone(&last), Arc::clone(&waiting));
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                let Some(sig) = signals.forever().next() else {
                    return;
                };
                seen.store(usize::try_from(sig).unwrap_or(1), Ordering::SeqCst);
                watch(sig, &idle, demo.as_deref());
            })?;
        Ok(Stop { last, waiting })
    }

    #[cfg(not(unix))]
    pub fn install(_demo: Option<std::path::PathBuf>) -> std::io::Result<Stop> {
        Ok(Stop {})
    }

    /// The signal that asked the app to end, if one did.
    #[cfg(unix)]
    pub fn signal(&self) -> Option<Ended> {
        match self.last.load(Ordering::SeqCst) {
            0 => None,
            n => Some(Ended(i32::try_from(n).unwrap_or(i32::MAX))),
        }
    }

    #[cfg(not(unix))]
    pub fn signal(&self) -> Option<Ended> {
        None
    }

    /// Runs `wait` (the event loop's wait for input) marked as waiting.
    pub fn waiting<T>(&self, wait: impl FnOnce() -> T) -> T {
        #[cfg(unix)]
        self.waiting.store(true, Ordering::SeqCst);
        let out = wait();
        #[cfg(unix)]
        self.waiting.store(false, Ordering::SeqCst);
        out
    }
}

/// After signal `sig`: ends the process once the event loop has been waiting for
/// input through a whole [`GRACE`] (it would have seen the signal within a second had
/// it been able to). Returns never while the loop is stuck; the process ends with it
/// when the loop leaves normally.
#[cfg(unix)]
fn watch(sig: i32, waiting: &AtomicBool, demo: Option<&std::path::Path>) {
    let mut since: Option<Instant> = None;
    loop {
        std::thread::sleep(Duration::from_millis(50));
        if !waiting.load(Ordering::SeqCst) {
            since = None;
            continue;
        }
        let start = *since.get_or_insert_with(Instant::now);
        if start.elapsed() >= GRACE {
            // What `run` does on its way out, the demo copy first: the terminal may
            // be gone, and giving it back is only worth a try.
            if let Some(dir) = demo {
                let _ = std::fs::remove_dir_all(dir);
            }
            super::restore_terminal();
            std::process::exit(128 + sig);
        }
    }
}
