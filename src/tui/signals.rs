//! Signals that end the app from outside: SIGTERM (`kill`, a service manager), SIGHUP
//! (the terminal closed) and SIGINT (`kill -INT`; in raw mode Ctrl-C is a key). Each
//! only sets a flag, which the event loop reads between events; the app then leaves as
//! `q` does: the terminal is given back as it was found and a demo copy is removed.
//! Without this, the process would die in raw mode on the alternate screen.

#[cfg(unix)]
use std::sync::Arc;
#[cfg(unix)]
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// The flag the signal handlers set: the number of the last signal, 0 for none.
pub struct Stop {
    #[cfg(unix)]
    last: Arc<AtomicUsize>,
}

impl Stop {
    /// Installs the handlers. They stay for the life of the process, which ends with
    /// the app.
    #[cfg(unix)]
    pub fn install() -> std::io::Result<Stop> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let last = Arc::new(AtomicUsize::new(0));
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            let n = usize::try_from(sig).unwrap_or_default();
            signal_hook::flag::register_usize(sig, Arc::clone(&last), n)?;
        }
        Ok(Stop { last })
    }

    #[cfg(not(unix))]
    pub fn install() -> std::io::Result<Stop> {
        Ok(Stop {})
    }

    /// The signal that asked the app to end, if one did.
    #[cfg(unix)]
    pub fn signal(&self) -> Option<Ended> {
        match self.last.load(Ordering::Relaxed) {
            0 => None,
            n => Some(Ended(i32::try_from(n).unwrap_or(i32::MAX))),
        }
    }

    #[cfg(not(unix))]
    pub fn signal(&self) -> Option<Ended> {
        None
    }
}
