//! The collaboration platform: pure Rust, no terminal, no files, no clock.
//!
//! `Engine` is the one door for changes: `execute(actor, command, now)` authorizes,
//! validates and applies a command completely or not at all, and keeps the undo/redo
//! history. `preview` applies a command to the same tables inside a transaction,
//! measures the change in effective access, and rolls it back. Queries are methods of
//! `Platform` (reachable through `Engine::platform`) returning plain data.

mod access;
mod apply;
mod authorize;
mod catalogue;
mod command;
mod decision;
pub mod demo;
mod diff;
mod document;
mod error;
pub mod generate;
mod history;
mod intent;
mod invariants;
mod journal;
mod lookup;
mod model;
mod names;
mod platform;
mod preview;
pub mod review;
mod time;
pub mod validate;
mod views;

pub use access::{Access, AccessLevel, GroupSource, LensCell, cmp_ci, system_policy};
pub use apply::{Changed, Outcome};
pub use authorize::{BILLING_VIEW, COLLABORATION_MANAGE};
pub use catalogue::{Catalogue, SystemPolicy};
pub use command::{Command, MemberOp, Response};
pub use decision::{Decision, Explanation, Grant, GroupTrace, Reason, Relation, Verdict};
pub use diff::{ConfigChange, PlatformDiff, access_report, diff as diff_platforms};
pub use document::{
    AccountDoc, CollabDoc, DocumentError, EnvDoc, FORMAT_VERSION, GroupDoc, MAX_TASK_SEQ,
    PolicyDoc, RoleDoc, ShareDoc, StateDocument, TaskDoc,
};
pub use error::{Error, Field, Result};
pub use intent::Intent;
pub use journal::{
    DEFAULT_LIMIT as JOURNAL_LIMIT, EntryEffect, EntryKind, JournalDoc, JournalEntry, Record,
    RecordChange,
};
pub use model::*;
pub use names::{look_alike_keys, looks_like, system_policy_looking_like};
pub use platform::Platform;
pub use preview::{AccessChange, AccessState, Preview, RoleEffect};
pub use time::Timestamp;
pub use validate::{ShareSpec, TargetSpec};
pub use views::*;

use std::collections::HashMap;

use apply::Tx;
use history::{Applied, History, IdMap};
use platform::Change;

pub use history::HISTORY_LIMIT;

/// The platform plus each account's undo and redo history.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    platform: Platform,
    /// The change journal (see `journal`): saved with the platform.
    journal: JournalDoc,
    histories: HashMap<AccountId, History>,
    /// How to take back the last successful change, while its save is pending.
    last: Option<Last>,
}

/// The last change, for `discard_last` when it could not be saved.
#[derive(Clone, Debug)]
struct Last {
    revert: Vec<Change>,
    actor: Option<AccountId>,
    moved: Moved,
    /// The journal entry it appended.
    appended: Option<journal::Appended>,
}

/// What the last change did to its actor's history.
#[derive(Clone, Debug)]
enum Moved {
    Nothing,
    /// A new entry was pushed; the redo stack it cleared.
    Pushed(Vec<Applied>),
    /// An undo (or redo) moved this entry to the other stack.
    Stepped {
        entry: Applied,
        redo: bool,
    },
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    pub fn from_document(doc: &StateDocument) -> std::result::Result<Engine, DocumentError> {
        doc.journal.check().map_err(DocumentError)?;
        Ok(Engine {
            platform: Platform::from_document(doc)?,
            journal: doc.journal.clone(),
            histories: HashMap::new(),
            last: None,
        })
    }

    /// The platform and its journal as the state file's document.
    pub fn to_document(&self) -> StateDocument {
        let mut doc = self.platform.to_document();
        doc.journal = self.journal.clone();
        doc
    }

    pub fn platform(&self) -> &Platform {
        &self.platform
    }

    /// Takes over the histories of `old`, the engine this one replaces after a reload
    /// of the file: entries follow their records by identity (see `history::remap`),
    /// and each step is checked against this platform when it is taken.
    pub fn adopt_history(&mut self, old: Engine) {
        let Engine {
            platform: old_platform,
            histories,
            ..
        } = old;
        let map = IdMap::between(&old_platform, &mut self.platform);
        self.histories = histories
            .iter()
            .filter_map(|(a, h)| {
                let a = map.account(*a).filter(|a| self.platform.has_account(*a))?;
                Some((a, map.history(h)))
            })
            .collect();
        self.last = None;
    }

    /// The one door: authorize, validate and apply a command, all or nothing.
    ///
    /// A refused command changes nothing, with the platform's one exception: an
    /// environment operation refused for lack of permission, by an active member that
    /// reaches the environment, is recorded as a denied task.
    pub fn execute(
        &mut self,
        actor: Option<AccountId>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<Outcome> {
        let mut tx = Tx {
            p: &mut self.platform,
            undo: Vec::new(),
            now,
        };
        match apply::apply(&mut tx, actor, cmd) {
            Ok(outcome) => {
                let records = journal::records_of(tx.p, &tx.undo);
                let revert = tx.undo;
                let kind = if matches!(cmd, Command::EnvDo { .. }) {
                    EntryKind::Operation
                } else {
                    EntryKind::Change
                };
                let appended = (kind == EntryKind::Change || !records.is_empty())
                    .then(|| self.journal_append(actor, cmd.label(), kind, None, records, now));
                let moved = match actor {
                    Some(a) if cmd.undoable() => {
                        let mut entry = Applied::new(cmd.label(), revert.clone(), &self.platform);
                        entry.seq = appended.as_ref().map(|(seq, _)| *seq);
                        let history = self.histories.entry(a).or_default();
                        let cleared = std::mem::take(&mut history.redo);
                        history.push(entry);
                        Moved::Pushed(cleared)
                    }
                    _ => Moved::Nothing,
                };
                self.last = Some(Last {
                    revert,
                    actor,
                    moved,
                    appended: appended.map(|(_, a)| a),
                });
                self.debug_check();
                Ok(outcome)
            }
            Err(err) => {
                tx.rollback();
                self.last = None;
                if let (Error::PermissionDenied { .. }, Some(a)) = (&err, actor) {
                    self.record_denied(a, cmd, &err, now);
                }
                self.debug_check();
                Err(err)
            }
        }
    }

    /// Section 8: a permission refusal of an environment operation by an active member
    /// that reaches the environment appends one denied task; nobody else's does.
    fn record_denied(&mut self, actor: AccountId, cmd: &Command, err: &Error, now: Timestamp) {
        let p = &self.platform;
        let cat = Catalogue::get();
        let (env, method) = match cmd {
            Command::EnvDo { env, action } => (env, p.find_method(action).ok()),
            Command::DeleteEnv { env } => (env, cat.method("env.control.DeleteEnv")),
            Command::CloneEnv { env, .. } => (env, cat.method("env.control.CloneEnv")),
            Command::TransferEnv { env, .. } => {
                (env, cat.method("env.control.SendTransferRequest"))
            }
            _ => return,
        };
        let (Some(e), Some(m)) = (p.env_by_name(env), method) else {
            return;
        };
        if !matches!(
            p.access_of(actor, e).0,
            Level::Direct | Level::Groups | Level::Base
        ) {
            return;
        }
        let Some(seq) = p.next_task_seq() else {
            return;
        };
        let task = Task {
            seq,
            time: now,
            owner: p.env(e).owner,
            env: Some(env.clone()),
            method: cat.method_name(m).to_string(),
            initiator: actor,
            outcome: model::Outcome::Denied,
            reason: Some(err.to_string()),
        };
        let revert = self.platform.apply(Change::TaskPushed(task));
        self.last = Some(Last {
            revert: vec![revert],
            actor: Some(actor),
            moved: Moved::Nothing,
            appended: None,
        });
    }

    /// Takes back the last change (a command, a denied task, an undo or redo step)
    /// and its effect on the history: for a change that could not be saved.
    pub fn discard_last(&mut self) {
        let Some(last) = self.last.take() else {
            return;
        };
        for c in last.revert.into_iter().rev() {
            self.platform.apply(c);
        }
        if let Some(appended) = last.appended {
            self.journal.take_back(appended);
        }
        if let Some(a) = last.actor {
            let history = self.histories.entry(a).or_default();
            match last.moved {
                Moved::Nothing => {}
                Moved::Pushed(cleared) => {
                    history.undo.pop();
                    history.redo = cleared;
                }
                Moved::Stepped { entry, redo } => {
                    let (from, to) = if redo {
                        (&mut history.redo, &mut history.undo)
                    } else {
                        (&mut history.undo, &mut history.redo)
                    };
                    to.pop();
                    from.push(entry);
                }
            }
        }
        self.debug_check();
    }

    /// May `actor` run `cmd` now? Exactly what `execute` would answer (the same typed
    /// error), with nothing kept: no change, no denied task. The app asks it about the
    /// command each key would run, to enable the key or say why not.
    pub fn may_run(
        &mut self,
        actor: Option<AccountId>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<()> {
        self.validate(actor, cmd, now).map(|_| ())
    }

    /// Authorizes and validates a command without keeping anything: what `execute`
    /// would answer. Dialogs call it as the user types.
    pub fn validate(
        &mut self,
        actor: Option<AccountId>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<Outcome> {
        let mut tx = Tx {
            p: &mut self.platform,
            undo: Vec::new(),
            now,
        };
        let result = apply::apply(&mut tx, actor, cmd);
        tx.rollback();
        result
    }

    /// Applies a command to the tables, measures the change in effective access of
    /// every member it can affect, and rolls it back. Nothing is kept.
    pub fn preview(
        &mut self,
        actor: Option<AccountId>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<Preview> {
        let mut tx = Tx {
            p: &mut self.platform,
            undo: Vec::new(),
            now,
        };
        let outcome = match apply::apply(&mut tx, actor, cmd) {
            Ok(o) => o,
            Err(e) => {
                tx.rollback();
                return Err(e);
            }
        };
        let mut measure = preview::Measure::after(tx.p, &tx.undo);
        tx.rollback();
        Ok(measure.before(&self.platform, outcome))
    }

    /// Forgets every history (a freshly built platform starts clean).
    pub fn clear_history(&mut self) {
        self.histories.clear();
        self.last = None;
    }

    /// The labels `account`'s undo would revert, newest first.
    pub fn undo_labels(&self, account: AccountId) -> Vec<&str> {
        self.histories.get(&account).map_or_else(Vec::new, |h| {
            h.undo.iter().rev().map(|a| a.label.as_str()).collect()
        })
    }

    /// The labels `account`'s redo would re-apply, next first.
    pub fn redo_labels(&self, account: AccountId) -> Vec<&str> {
        self.histories.get(&account).map_or_else(Vec::new, |h| {
            h.redo.iter().rev().map(|a| a.label.as_str()).collect()
        })
    }

    /// The label of the change `account`'s undo would revert.
    pub fn undo_label(&self, account: AccountId) -> Option<&str> {
        self.histories
            .get(&account)
            .and_then(|h| h.undo.last())
            .map(|a| a.label.as_str())
    }

    pub fn redo_label(&self, account: AccountId) -> Option<&str> {
        self.histories
            .get(&account)
            .and_then(|h| h.redo.last())
            .map(|a| a.label.as_str())
    }

    /// Reverts `actor`'s last change to the collaboration's configuration, checked
    /// like any command (see `history`): refused, changing nothing, when it was
    /// changed since or the actor may no longer do it.
    pub fn undo(&mut self, actor: AccountId, now: Timestamp) -> Result<Outcome> {
        self.step(actor, false, now)
    }

    /// Re-applies `actor`'s last undone change, checked like `undo`.
    pub fn redo(&mut self, actor: AccountId, now: Timestamp) -> Result<Outcome> {
        self.step(actor, true, now)
    }

    fn step(&mut self, actor: AccountId, redo: bool, now: Timestamp) -> Result<Outcome> {
        let verb = if redo { "redo" } else { "undo" };
        if !self.platform.has_account(actor) {
            return Err(Error::not_found("account", format!("#{}", actor.0)));
        }
        let history = self.histories.entry(actor).or_default();
        let stack = if redo { &history.redo } else { &history.undo };
        let Some(entry) = stack.last().cloned() else {
            return Err(Error::InvalidState(format!("nothing to {verb}")));
        };
        let (outcome, mut opposite) = history::step(&mut self.platform, actor, &entry, verb, now)?;
        let revert = opposite.revert.clone();
        let records = journal::records_of(&mut self.platform, &revert);
        let kind = if redo {
            EntryKind::Redo
        } else {
            EntryKind::Undo
        };
        let (seq, appended) = self.journal_append(
            Some(actor),
            format!("{verb} {}", entry.label),
            kind,
            entry.seq,
            records,
            now,
        );
        opposite.seq = Some(seq);
        let history = self.histories.entry(actor).or_default();
        let (from, to) = if redo {
            (&mut history.redo, &mut history.undo)
        } else {
            (&mut history.undo, &mut history.redo)
        };
        from.pop();
        to.push(opposite);
        self.last = Some(Last {
            revert,
            actor: Some(actor),
            moved: Moved::Stepped { entry, redo },
            appended: Some(appended),
        });
        self.debug_check();
        Ok(outcome)
    }

    #[cfg_attr(
        debug_assertions,
        expect(
            clippy::panic,
            reason = "debug builds stop at the first command that breaks an invariant, where it is still easy to find"
        )
    )]
    fn debug_check(&self) {
        #[cfg(debug_assertions)]
        if let Err(e) = self.platform.check_invariants() {
            panic!("platform invariant broken: {e}");
        }
    }
}
