//! Shared helpers of the trust tests (`trust_contention`, `trust_files`, `trust_input`,
//! `trust_escalation`): the built binary against temporary state files, the app over a
//! real state file driven by key events, and a small deterministic random generator.
//!
//! Nothing here touches the user's config directory: every run passes `--state` in a
//! temporary directory and clears `COLLAB_AS` and `COLLAB_STATE`.
#![allow(
    clippy::cast_possible_truncation,
    clippy::format_push_string,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use collab::engine::StateDocument;
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use ratatui::crossterm::event::{Event, KeyCode};
use tempfile::TempDir;

// ----- the binary ----------------------------------------------------------------------

#[path = "../common/cli.rs"]
mod cli;

#[allow(unused_imports, reason = "each trust test uses some of them")]
pub use cli::{Run, collab, run as run_with, run_cmd};

/// A temporary directory with one state file in it.
pub struct World {
    pub dir: TempDir,
    pub state: PathBuf,
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}

impl World {
    /// No state file yet.
    pub fn new() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = dir.path().join("state.json");
        World { dir, state }
    }

    /// The demo platform, written by `collab init --demo`.
    pub fn demo() -> World {
        let w = World::new();
        w.ok(&["init", "--demo"]);
        w
    }

    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Run {
        run_with(&self.state, args)
    }

    /// Runs and expects exit 0.
    pub fn ok<S: AsRef<OsStr> + std::fmt::Debug>(&self, args: &[S]) -> Run {
        let r = self.run(args);
        assert_eq!(
            r.code, 0,
            "collab {args:?} failed: {}{}",
            r.stdout, r.stderr
        );
        r
    }

    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.state).expect("state file")
    }

    pub fn doc(&self) -> StateDocument {
        parse_doc(&self.bytes())
    }

    /// Names in the state file's directory, sorted.
    pub fn entries(&self) -> Vec<String> {
        entries(self.dir.path())
    }

    /// Temporary files of interrupted saves.
    pub fn temp_files(&self) -> Vec<String> {
        self.entries()
            .into_iter()
            .filter(|n| n.starts_with(".state.json.tmp-"))
            .collect()
    }
}

pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Parses a state file's bytes (panics with the reason when they are not one).
pub fn parse_doc(bytes: &[u8]) -> StateDocument {
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "the state file does not parse ({e}): {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        )
    })
}

/// Names of the environments of a document.
pub fn env_names(doc: &StateDocument) -> Vec<String> {
    doc.environments.iter().map(|e| e.name.clone()).collect()
}

// ----- the app -------------------------------------------------------------------------

#[path = "../app_common/mod.rs"]
mod app_common;

#[allow(unused_imports, reason = "each trust test uses some of them")]
pub use app_common::{confirm_step, key, select_env, typ, write_demo};

/// The app over the state file at `path`, signed in as `email`, at 120x40, with the
/// demo's clock.
pub fn open_app(path: &Path, email: &str) -> App {
    app_common::open_app(path, email, (120, 40))
}

/// Opens the palette with `:`, enters `line` (typed when short, pasted when long, as a
/// user would), and presses Enter.
pub fn palette(app: &mut App, line: &str) {
    for _ in 0..3 {
        if app.overlay.is_none() {
            break;
        }
        key(app, KeyCode::Esc);
    }
    key(app, KeyCode::Char(':'));
    assert!(
        matches!(app.overlay, Some(Overlay::Palette(_))),
        "':' opens the palette"
    );
    if line.chars().count() <= 80 {
        typ(app, line);
    } else {
        app.handle_event(Event::Paste(line.to_string()));
    }
    key(app, KeyCode::Enter);
}

/// The error the palette shows while it stays open, if any.
pub fn palette_error(app: &App) -> Option<String> {
    match &app.overlay {
        Some(Overlay::Palette(p)) => p.error.clone(),
        _ => None,
    }
}

/// The refusal or message the user reads: a command the palette ran and the engine
/// refused stays in the palette with the reason beside it; anything else is on the
/// message line.
pub fn message(app: &App) -> String {
    palette_error(app).unwrap_or_else(|| {
        app.message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    })
}

pub fn message_is_error(app: &App) -> bool {
    palette_error(app).is_some() || app.message.as_ref().is_some_and(|m| m.error)
}

/// Quotes one word for the palette (which honours double quotes).
pub fn palette_word(word: &str) -> Option<String> {
    if word.contains('"') {
        return None;
    }
    if word.is_empty() || word.contains(char::is_whitespace) || word.contains('\'') {
        Some(format!("\"{word}\""))
    } else {
        Some(word.to_string())
    }
}

// ----- randomness ----------------------------------------------------------------------

/// xorshift64*: small, fast, deterministic for a seed; plenty for picking test inputs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A list of failures for an assertion message: the first dozen, and how many more.
pub fn summary(failures: &[String]) -> String {
    let mut s = failures
        .iter()
        .take(12)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    if failures.len() > 12 {
        s.push_str(&format!("\n… and {} more", failures.len() - 12));
    }
    s
}
