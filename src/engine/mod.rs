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
mod document;
mod error;
pub mod generate;
mod invariants;
mod lookup;
mod model;
mod platform;
mod preview;
mod time;
pub mod validate;
mod views;

pub use access::{Access, AccessLevel, GroupSource, cmp_ci, system_policy};
pub use apply::{Changed, Outcome};
pub use authorize::{BILLING_VIEW, COLLABORATION_MANAGE};
pub use catalogue::{Catalogue, SystemPolicy};
pub use command::{Command, MemberOp, Response};
pub use decision::{Decision, Explanation, GroupTrace, Reason, Relation};
pub use document::{
    AccountDoc, CollabDoc, DocumentError, EnvDoc, FORMAT_VERSION, GroupDoc, MAX_TASK_SEQ,
    PolicyDoc, RoleDoc, ShareDoc, StateDocument, TaskDoc,
};
pub use error::{Error, Result};
pub use model::*;
pub use platform::Platform;
pub use preview::{AccessChange, AccessState, Preview, RoleEffect};
pub use time::Timestamp;
pub use validate::{ShareSpec, TargetSpec};
pub use views::*;

use apply::Tx;
use platform::Change;

/// One applied command, as the writes that revert it (applied last to first).
#[derive(Clone, Debug)]
struct Applied {
    label: String,
    revert: Vec<Change>,
}

/// The platform plus the history of applied commands.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    platform: Platform,
    undo: Vec<Applied>,
    redo: Vec<Applied>,
}

/// How many undo steps are kept.
pub const HISTORY_LIMIT: usize = 200;

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    pub fn from_document(doc: &StateDocument) -> std::result::Result<Engine, DocumentError> {
        Ok(Engine {
            platform: Platform::from_document(doc)?,
            undo: Vec::new(),
            redo: Vec::new(),
        })
    }

    pub fn to_document(&self) -> StateDocument {
        self.platform.to_document()
    }

    pub fn platform(&self) -> &Platform {
        &self.platform
    }

    /// The one door: authorize, validate and apply a command, all or nothing.
    ///
    /// A refused command changes nothing, with the platform's one exception: an
    /// environment action refused for lack of permission is recorded as a denied task.
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
                let revert = tx.undo;
                self.undo.push(Applied {
                    label: cmd.label(),
                    revert,
                });
                if self.undo.len() > HISTORY_LIMIT {
                    self.undo.remove(0);
                }
                self.redo.clear();
                self.debug_check();
                Ok(outcome)
            }
            Err(err) => {
                tx.rollback();
                if let (Error::PermissionDenied { .. }, Some(a)) = (&err, actor) {
                    self.record_denied(a, cmd, &err, now);
                }
                self.debug_check();
                Err(err)
            }
        }
    }

    fn record_denied(&mut self, actor: AccountId, cmd: &Command, err: &Error, now: Timestamp) {
        let p = &self.platform;
        let (env, method) = match cmd {
            Command::EnvDo { env, action } => (env, p.find_method(action).ok()),
            Command::DeleteEnv { env } => (env, Catalogue::get().method("env.control.DeleteEnv")),
            Command::CloneEnv { env, .. } => (env, Catalogue::get().method("env.control.CloneEnv")),
            Command::TransferEnv { env, .. } => (
                env,
                Catalogue::get().method("env.control.SendTransferRequest"),
            ),
            _ => return,
        };
        let (Some(e), Some(m)) = (p.env_by_name(env), method) else {
            return;
        };
        let Some(seq) = p.next_task_seq() else {
            return;
        };
        let task = Task {
            seq,
            time: now,
            owner: p.env(e).owner,
            env: Some(env.clone()),
            method: Catalogue::get().method_name(m).to_string(),
            initiator: actor,
            outcome: model::Outcome::Denied,
            reason: Some(err.to_string()),
        };
        self.platform.apply(Change::TaskPushed(task));
        // The log moved on outside the history: a redo would re-insert tasks whose
        // sequence numbers the denied attempt may now hold.
        self.redo.clear();
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

    /// Forgets the undo and redo history (a freshly built platform starts clean).
    pub fn clear_history(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The label of the change `undo` would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|a| a.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|a| a.label.as_str())
    }

    /// Reverts the last change exactly; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let applied = self.undo.pop()?;
        let forward = self.replay(applied.revert);
        self.redo.push(Applied {
            label: applied.label.clone(),
            revert: forward,
        });
        self.debug_check();
        Some(applied.label)
    }

    /// Re-applies the last undone change exactly; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let applied = self.redo.pop()?;
        let revert = self.replay(applied.revert);
        self.undo.push(Applied {
            label: applied.label.clone(),
            revert,
        });
        self.debug_check();
        Some(applied.label)
    }

    /// Applies writes last to first; returns the writes that revert them, in the same
    /// convention.
    fn replay(&mut self, writes: Vec<Change>) -> Vec<Change> {
        let mut inverse: Vec<Change> = writes
            .into_iter()
            .rev()
            .map(|c| self.platform.apply(c))
            .collect();
        inverse.reverse();
        inverse
    }

    fn debug_check(&self) {
        #[cfg(debug_assertions)]
        if let Err(e) = self.platform.check_invariants() {
            panic!("platform invariant broken: {e}");
        }
    }
}
