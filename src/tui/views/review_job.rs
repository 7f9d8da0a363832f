//! The access review, computed off the draw path: a copy of the engine goes to a
//! background thread (the platform, shared: `Engine::shared_platform`; the thread
//! copies it first), which reviews the owner's account. The app
//! polls for the result; frames never wait for it. A finding's fix is parsed when the
//! finding is selected (`parse`), and the app asks the engine whether it may run then,
//! the same dry check it asks for every key: not for every finding up front, which
//! took longer than the review itself. A review belongs to one platform generation and
//! account; a newer one starts over.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use clap::Parser;

use crate::cli::args::Cli;
use crate::cli::plan::{self, Plan};
use crate::engine::review::{Review, review};
use crate::engine::{AccountId, Command, Platform, Timestamp};
use crate::tui::component::Ctx;
use crate::tui::component::overlays::palette::split_words;

/// How far back the review looks, as `collab review`'s default.
pub const DAYS: u32 = crate::engine::review::DEFAULT_DAYS;

/// What a review is for: the platform's generation and the owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct For {
    pub generation: u64,
    pub owner: AccountId,
}

/// A finished review.
#[derive(Clone, Debug)]
pub struct Done {
    pub made_for: For,
    pub review: Review,
}

/// What is being reviewed while the thread runs, for the progress line.
#[derive(Debug)]
pub struct Running {
    pub made_for: For,
    pub owner: String,
    pub members: usize,
    pub envs: usize,
    pub tasks: usize,
    rx: Receiver<Done>,
}

/// The review's state: the last result, and the run under way.
#[derive(Debug, Default)]
pub struct Job {
    pub done: Option<Done>,
    pub running: Option<Running>,
    /// Set when the thread ended without a result.
    pub failed: Option<String>,
    /// Advances while the thread runs: the progress marker.
    pub ticks: usize,
}

impl Job {
    /// Starts a review when the last one (finished or running) is for another
    /// platform or account. The work done here does not grow with the platform: the
    /// thread gets the platform shared, and copies it there.
    pub fn want(&mut self, ctx: &Ctx<'_>) {
        let Some(owner) = ctx.me else {
            return;
        };
        let want = For {
            generation: ctx.generation,
            owner,
        };
        let current = |f: &For| *f == want;
        if self.done.as_ref().is_some_and(|d| current(&d.made_for))
            || self.running.as_ref().is_some_and(|r| current(&r.made_for))
        {
            return;
        }
        let p = ctx.platform();
        let (tx, rx) = mpsc::channel();
        let shared = ctx.engine.shared_platform();
        let now = ctx.now;
        self.failed = None;
        self.running = Some(Running {
            made_for: want,
            owner: p.account(owner).email.clone(),
            members: p.collabs_of_owner(owner).len(),
            envs: p.envs_of(owner).len(),
            tasks: p.tasks().len(),
            rx,
        });
        // A result nobody waits for any more (a newer run replaced this one) is
        // dropped with its channel.
        std::thread::spawn(move || {
            let _ = tx.send(run(shared, want, now));
        });
    }

    /// Takes the result if the thread is done; true when something on screen changed.
    pub fn poll(&mut self) -> bool {
        let Some(running) = &self.running else {
            return false;
        };
        match running.rx.try_recv() {
            Ok(done) => {
                self.done = Some(done);
                self.running = None;
            }
            Err(TryRecvError::Empty) => self.ticks = self.ticks.wrapping_add(1),
            Err(TryRecvError::Disconnected) => {
                self.running = None;
                self.failed = Some("the review stopped without a result".into());
            }
        }
        true
    }

    /// Waits for the thread's result.
    pub fn finish(&mut self) {
        if let Some(running) = self.running.take() {
            match running.rx.recv() {
                Ok(done) => self.done = Some(done),
                Err(_) => self.failed = Some("the review stopped without a result".into()),
            }
        }
    }

    /// Whether the result shown is for the platform and account as they are.
    pub fn is_current(&self, ctx: &Ctx<'_>) -> bool {
        self.done.as_ref().is_some_and(|d| {
            d.made_for.generation == ctx.generation && Some(d.made_for.owner) == ctx.me
        })
    }
}

/// The review, on the thread's own copy of the platform.
fn run(shared: Arc<Platform>, made_for: For, now: Timestamp) -> Done {
    // First of all: copied here, the platform's copy costs the app's thread nothing,
    // and once the shared one is let go the app's engine changes its platform again
    // without copying it (it copies only if it changes it, even by a dry run, before
    // this copy is done).
    let own = Platform::clone(&shared);
    drop(shared);
    let review = review(&own, made_for.owner, now, DAYS);
    Done { made_for, review }
}

/// A fix's `collab --as OWNER ...` line as the command it runs, in the grammar the
/// command line and the palette share.
pub fn parse(line: &str, owner: &str) -> Result<Command, String> {
    let words = split_words(line)?;
    let cli = Cli::try_parse_from(&words).map_err(|e| {
        e.render()
            .to_string()
            .lines()
            .next()
            .unwrap_or("invalid command")
            .to_string()
    })?;
    if let Some(actor) = &cli.global.actor
        && actor != owner
    {
        return Err(format!(
            "the fix runs as {}, not as the signed-in account",
            crate::text::quoted(actor)
        ));
    }
    let cmd = cli
        .command
        .ok_or_else(|| "the fix names no command".to_string())?;
    match plan::plan(cmd) {
        Ok(Plan::Change(cmd)) => Ok(cmd),
        Ok(_) => Err("the fix is not a change".into()),
        Err(f) => Err(format!("{}: {}", f.code(), f.message())),
    }
}
