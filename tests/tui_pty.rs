//! The real binary in a pseudo-terminal: start the app on the demo, navigate, open the
//! help, quit, and check that the terminal was given back as it was found (the
//! alternate screen left, the cursor shown, mouse reporting and bracketed paste off).
//!
//! The screen is the one a user would see: the program's output goes through a vt100
//! parser. Every wait polls that screen against a generous deadline, so the happy path
//! is as fast as the app and a slow machine only waits longer.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 40;
const COLS: u16 = 120;
/// How long any one step may take before the test gives up.
const DEADLINE: Duration = Duration::from_secs(20);

/// What the program wrote, as raw bytes and as the parsed screen.
struct Term {
    parser: vt100::Parser,
    raw: Vec<u8>,
    output: Receiver<Vec<u8>>,
    closed: bool,
}

impl Term {
    fn new(output: Receiver<Vec<u8>>) -> Term {
        Term {
            parser: vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0),
            raw: Vec::new(),
            output,
            closed: false,
        }
    }

    /// Takes in what arrived within `wait`; returns whether anything did.
    fn pump(&mut self, wait: Duration) -> bool {
        if self.closed {
            return false;
        }
        match self.output.recv_timeout(wait) {
            Ok(bytes) => {
                self.feed(&bytes);
                while let Ok(more) = self.output.try_recv() {
                    self.feed(&more);
                }
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                self.closed = true;
                false
            }
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.raw.extend_from_slice(bytes);
        self.parser.process(bytes);
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Polls the screen until `ready` holds, or fails with what the screen shows.
    fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let end = Instant::now() + DEADLINE;
        loop {
            if ready(&self.screen()) {
                return;
            }
            assert!(
                Instant::now() < end,
                "timed out waiting for {what}; the screen shows:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    /// Reads until the program's side of the terminal is closed (or the deadline).
    fn drain(&mut self) {
        let end = Instant::now() + DEADLINE;
        while !self.closed && Instant::now() < end {
            self.pump(Duration::from_millis(50));
        }
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal side is not zero")
}

/// The screen line that contains `needle`.
fn line_with<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(needle))
}

fn wait_for_exit(child: &mut Box<dyn Child + Send + Sync>, term: &mut Term) -> u32 {
    let end = Instant::now() + DEADLINE;
    loop {
        if let Some(status) = child.try_wait().expect("child status") {
            return status.exit_code();
        }
        if Instant::now() >= end {
            let _ = child.kill();
            panic!(
                "the app did not exit after q; the screen shows:\n{}",
                term.screen()
            );
        }
        term.pump(Duration::from_millis(50));
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}

/// The app on the demo in a pseudo-terminal, signed in as the primary account, with
/// its own home, config and temp directories.
struct Session {
    home: tempfile::TempDir,
    child: Box<dyn Child + Send + Sync>,
    term: Term,
    keys: Box<dyn Write + Send>,
    pump: thread::JoinHandle<()>,
}

impl Session {
    fn start() -> Session {
        let home = tempfile::tempdir().expect("temp home");
        std::fs::create_dir_all(home.path().join("config")).expect("config dir");
        std::fs::create_dir_all(home.path().join("tmp")).expect("tmp dir");
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_collab"));
        // Signed in explicitly: without --as the app picks the first owner by email
        // (nikolai@globex.io), not the demo's primary account (see tui_keys.rs).
        cmd.args(["--demo", "--as", "olga@acme.io"]);
        cmd.cwd(home.path());
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("TMPDIR", home.path().join("tmp"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("COLLAB_STATE");
        let child = pair.slave.spawn_command(cmd).expect("start collab");
        // Only the child holds the terminal's other end: its exit closes our reader.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let keys = pair.master.take_writer().expect("pty writer");
        let (tx, rx) = mpsc::channel();
        let pump = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let mut term = Term::new(rx);
        term.wait_for("the first frame", |s| {
            s.contains("1 Accounts") && s.contains("Inspector") && s.contains("Shared by Me")
        });
        Session {
            home,
            child,
            term,
            keys,
            pump,
        }
    }

    fn tmp(&self) -> std::path::PathBuf {
        self.home.path().join("tmp")
    }

    /// Waits for the exit, reads what is left, and gives the exit status.
    fn finish(mut self) -> (u32, Term, tempfile::TempDir) {
        let code = wait_for_exit(&mut self.child, &mut self.term);
        self.term.drain();
        drop(self.keys);
        self.pump.join().expect("reader thread");
        (code, self.term, self.home)
    }
}

/// The terminal is back as it was found: the alternate screen left after entering it,
/// the cursor shown, bracketed paste and mouse reporting off.
fn assert_restored(term: &Term) {
    let screen = term.parser.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    let entered = term.raw.windows(8).position(|w| w == b"\x1b[?1049h");
    let left = term.raw.windows(8).rposition(|w| w == b"\x1b[?1049l");
    assert!(
        matches!((entered, left), (Some(e), Some(l)) if e < l),
        "entered and then left the alternate screen"
    );
    assert!(!screen.hide_cursor(), "the cursor is visible again");
    assert!(!screen.bracketed_paste(), "bracketed paste is off again");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting is off again"
    );
}

/// `kill` (SIGTERM, SIGINT) or a closed terminal (SIGHUP) ends the app as `q` does: the
/// terminal is restored and the demo copy removed; the exit status is the shell's
/// for a process the signal ended (128 + its number).
#[cfg(unix)]
#[test]
fn a_signal_ends_the_app_with_the_terminal_restored_and_the_demo_copy_removed() {
    for (name, number) in [("TERM", 15), ("HUP", 1), ("INT", 2)] {
        let s = Session::start();
        let pid = s.child.process_id().expect("pid");
        let killed = std::process::Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status()
            .expect("kill");
        assert!(killed.success(), "kill -{name}");
        let tmp = s.tmp();
        let (code, term, _home) = s.finish();
        assert_eq!(
            code,
            128 + number,
            "SIG{name}; the screen shows:\n{}",
            term.screen()
        );
        assert_restored(&term);
        assert!(is_empty_dir(&tmp), "SIG{name}: the demo copy was removed");
    }
}

#[test]
fn the_binary_starts_navigates_shows_help_quits_and_restores_the_terminal() {
    let mut s = Session::start();
    let config = s.home.path().join("config");
    let tmp = s.tmp();
    let term = &mut s.term;
    let keys = &mut s.keys;
    let mut press = |bytes: &[u8]| {
        keys.write_all(bytes).expect("send a key");
        keys.flush().expect("flush a key");
    };

    // The app draws its four panes, on the demo, signed in as the primary account.
    assert!(
        term.parser.screen().alternate_screen(),
        "drawn on the alternate screen"
    );
    let screen = term.screen();
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("olga@acme.io"), "{header}");
    assert!(screen.contains("demo (a throwaway copy"), "{screen}");
    // An owner starts on the "Shared by Me" header: no lens until a member is chosen.
    let header_row = line_with(&screen, "Shared by Me")
        .expect("Shared by Me in Members")
        .to_string();
    assert!(
        header_row.contains('›'),
        "the Members pane starts on its header:\n{screen}"
    );

    // ? opens the help; Esc closes it.
    press(b"?");
    term.wait_for("the help", |s| {
        s.contains(" Help ") && s.contains("Keys that work here")
    });
    press(b"\x1b");
    term.wait_for("the help to close", |s| {
        !s.contains("Keys that work here") && s.contains("1 Accounts")
    });

    // j moves the selection in Members to the first member, then the next; the
    // inspector follows.
    press(b"j");
    term.wait_for("the selection to move to Anna", |s| {
        line_with(s, "anna@acme.io envs=").is_some_and(|l| l.contains('›'))
            && s.contains("Anna Schmidt")
    });
    press(b"j");
    term.wait_for("the selection to move to Boris", |s| {
        line_with(s, "boris@acme.io envs=").is_some_and(|l| l.contains('›'))
            && s.contains("Boris Ivanov")
    });
    let screen = term.screen();
    assert!(
        !line_with(&screen, "anna@acme.io envs=").is_some_and(|l| l.contains('›')),
        "{screen}"
    );

    // R opens the review, computed in the background: its result appears without
    // another key press (the event loop wakes for it), then R closes the view.
    press(b"R");
    term.wait_for("the review's result", |s| {
        s.contains("Review: what to clean up") && s.contains(" risk, ") && s.contains("broad_grant")
    });
    press(b"R");
    term.wait_for("the panes again", |s| s.contains("1 Accounts"));

    // q quits with success, and the terminal is back as it was.
    press(b"q");
    let (code, term, _home) = s.finish();
    assert_eq!(code, 0, "exit status; the screen shows:\n{}", term.screen());
    assert_restored(&term);

    // The demo was a throwaway copy: nothing left in the temp dir, no state file made.
    assert!(is_empty_dir(&tmp), "the demo copy was removed");
    assert!(
        !config.join("collab").join("state.json").exists(),
        "the real state file is untouched"
    );
}

/// A terminal that closes under the app (its window shut, its tmux server killed)
/// hangs it up: the app must end, its demo copy removed, rather than spin on the end
/// of its input with the copy left behind. Its stderr is that dead terminal too, so
/// nothing on the way out may insist on writing there. Needs tmux; skipped without.
#[cfg(target_os = "linux")]
#[test]
fn a_terminal_that_closes_ends_the_app_and_removes_the_demo_copy() {
    let tmux = |socket: &str, args: &[&str]| {
        std::process::Command::new("tmux")
            .arg("-L")
            .arg(socket)
            .args(args)
            .output()
    };
    let home = tempfile::tempdir().expect("temp home");
    let tmp = home.path().join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp dir");
    let socket = format!("collab-test-{}", std::process::id());
    let app = format!(
        "exec env HOME={h} XDG_CONFIG_HOME={h}/config TMPDIR={t} TERM=xterm-256color {bin} --demo --as olga@acme.io",
        h = home.path().display(),
        t = tmp.display(),
        bin = env!("CARGO_BIN_EXE_collab"),
    );
    let Ok(started) = tmux(
        &socket,
        &["new", "-d", "-s", "t", "-x", "100", "-y", "30", &app],
    ) else {
        eprintln!("tmux is not installed: skipped");
        return;
    };
    assert!(started.status.success(), "{started:?}");
    let end = Instant::now() + DEADLINE;
    loop {
        let screen = tmux(&socket, &["capture-pane", "-p", "-t", "t"]).expect("capture");
        if String::from_utf8_lossy(&screen.stdout).contains("1 Accounts") {
            break;
        }
        assert!(Instant::now() < end, "the app did not draw: {screen:?}");
        thread::sleep(Duration::from_millis(100));
    }
    let pid = tmux(&socket, &["display", "-p", "-t", "t", "#{pane_pid}"]).expect("pid");
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_string();
    assert!(
        !is_empty_dir(&tmp),
        "the demo copy exists while the app runs"
    );
    // The terminal goes away under the app.
    let _ = tmux(&socket, &["kill-server"]);
    let proc_dir = Path::new("/proc").join(&pid);
    let end = Instant::now() + DEADLINE;
    while proc_dir.exists() && Instant::now() < end {
        thread::sleep(Duration::from_millis(100));
    }
    let still = proc_dir.exists();
    if still {
        // Not left behind spinning when the test fails.
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid])
            .status();
    }
    assert!(
        !still,
        "the app (pid {pid}) still runs after its terminal closed"
    );
    assert!(is_empty_dir(&tmp), "the demo copy was removed");
}
