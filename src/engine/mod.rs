//! The collaboration platform: pure Rust, no terminal, no files, no clock.
//!
//! `Engine` is the one door for changes: `execute(actor, command, now)` authorizes,
//! validates and applies a command completely or not at all, and appends it to the
//! change journal (`journal`), from which undo and redo, `as_of` (the platform as it
//! was at a moment) and each change's effect on access are read. `preview` applies a command to the same tables inside a transaction,
//! measures the change in effective access, and rolls it back. Queries are methods of
//! `Platform` (reachable through `Engine::platform`) returning plain data.

mod access;
mod apply;
mod authorize;
mod buckets;
mod catalogue;
mod command;
mod decision;
pub mod demo;
mod denied;
mod diff;
mod document;
mod dry;
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
mod quick_hash;
pub mod review;
mod sentence;
mod time;
pub mod validate;
mod views;

pub use access::{Access, AccessLevel, GroupSource, LensCell, cmp_ci, system_policy};
pub use apply::{Changed, Outcome};
pub use authorize::{BILLING_VIEW, COLLABORATION_MANAGE};
pub use buckets::Buckets;
pub use catalogue::{Catalogue, SystemPolicy};
pub use command::{Command, MemberOp, Response};
pub use decision::{Decision, Explanation, Grant, GroupTrace, Reason, Relation, Verdict};
pub use diff::{
    ConfigChange, FieldValue, PlatformDiff, ReportFacts, access_report, diff as diff_platforms,
};
pub use document::{
    AccountDoc, CollabDoc, DocumentError, EnvDoc, FORMAT_VERSION, GroupDoc, MAX_JOURNAL_SEQ,
    MAX_TASK_SEQ, PolicyDoc, RoleDoc, ShareDoc, StateDocument, TaskDoc,
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
pub use preview::{AccessChange, AccessState, Preview, RoleEffect, hidden_note};
pub use quick_hash::{QuickHash, QuickHasher};
pub use sentence::{ReasonSink, Words};
pub use time::{TimeError, Timestamp};
pub use validate::{ShareSpec, TargetSpec};
pub use views::*;

use std::sync::Arc;

use apply::Tx;
use journal::undo::{self, AllStacks};
use platform::Change;

pub use history::HISTORY_LIMIT;

/// The platform, its change journal, and each account's undo and redo stacks (derived
/// from the journal).
///
/// The platform is shared on copy (`Arc`): a copy of the engine, or of the platform
/// (`shared_platform`), costs nothing until one side changes it; the engine changing
/// a platform it shares copies it first (`platform_mut`). The Review view hands its
/// thread the platform shared and the thread copies it, so opening the view copies
/// nothing on the UI thread.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    platform: Arc<Platform>,
    /// The change journal (see `journal`): saved with the platform.
    journal: JournalDoc,
    /// Each account's undo and redo stacks, by email, as the journal implies them.
    stacks: AllStacks,
    /// How to take back the last successful change, while its save is pending.
    last: Option<Last>,
    /// Counts the changes kept since the engine was made, less those taken back: two
    /// equal revisions of one engine hold the same platform and journal (what the
    /// state file holds is known by the revision it was loaded or saved at).
    revision: u64,
}

/// The last change, for `discard_last` when it could not be saved.
#[derive(Clone, Debug)]
struct Last {
    revert: Vec<Change>,
    /// The journal entry it appended.
    appended: Option<journal::Appended>,
    /// The engine's revision before it.
    revision: u64,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    pub fn from_document(doc: &StateDocument) -> std::result::Result<Engine, DocumentError> {
        doc.journal.check().map_err(DocumentError)?;
        journal::check_records(&doc.journal).map_err(DocumentError)?;
        let mut journal = doc.journal.clone();
        // A horizon left out with entries kept: the journal answers from its first
        // entry on, as one that never dropped any (the next save writes it).
        if journal.horizon.is_none() {
            journal.horizon = journal.entries().first().map(|e| e.time);
        }
        Ok(Engine {
            platform: Arc::new(Platform::from_document(doc)?),
            journal,
            stacks: undo::derive(&doc.journal),
            last: None,
            revision: 0,
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

    /// The platform to change: this engine's own, copied first if another copy of the
    /// engine still shares it.
    fn platform_mut(&mut self) -> &mut Platform {
        Arc::make_mut(&mut self.platform)
    }

    /// The platform, shared: for a thread that reads it while this engine goes on.
    /// Until the thread lets it go, a change here (a dry run too) copies it first.
    pub fn shared_platform(&self) -> Arc<Platform> {
        Arc::clone(&self.platform)
    }

    /// Makes this engine's platform its own, copying it now if it is shared (a copy
    /// of the engine starts out sharing it): what the copy would otherwise pay at its
    /// first change, paid when chosen.
    pub fn own_platform(&mut self) {
        self.platform_mut();
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
        self.journal.room()?;
        let tasks_before = self.platform.tasks().len();
        let mut tx = Tx::new(Arc::make_mut(&mut self.platform), now);
        match apply::apply(&mut tx, actor, cmd) {
            Ok(outcome) => {
                let records = journal::records_of(tx.p, &tx.undo);
                let kind = if matches!(cmd, Command::EnvDo { .. }) {
                    EntryKind::Operation
                } else {
                    EntryKind::Change
                };
                // A change that asks for what is already so writes nothing: no journal
                // entry, no undo step, no new revision (so nothing is saved).
                if wrote_nothing(cmd, (tasks_before, tx.p.tasks().len()), || {
                    records.is_empty()
                }) {
                    tx.rollback();
                    return Ok(Outcome {
                        summary: nothing_to_change(cmd),
                        ..outcome
                    });
                }
                let revert = tx.undo;
                let appended = (kind == EntryKind::Change || !records.is_empty())
                    .then(|| self.journal_append(actor, cmd.label(), kind, None, records, now));
                if let Some((seq, _)) = &appended
                    && cmd.undoable()
                    && let Some(e) = self.journal.entries.last_mut()
                    && e.seq == *seq
                {
                    e.undoable = true;
                }
                undo::follow(&mut self.stacks, &self.journal);
                self.keep(revert, appended.map(|(_, a)| a));
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

    /// Records a kept change: how to take it back, and a new revision.
    fn keep(&mut self, revert: Vec<Change>, appended: Option<journal::Appended>) {
        self.last = Some(Last {
            revert,
            appended,
            revision: self.revision,
        });
        self.revision += 1;
    }

    /// Which state of this engine the platform and journal are: bumped by every kept
    /// change, put back by [`discard_last`](Self::discard_last). Whoever saved or
    /// loaded the engine at a revision knows whether memory still equals the file.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Takes back the last change (a command, a denied task, an undo or redo step)
    /// and its effect on the history: for a change that could not be saved.
    pub fn discard_last(&mut self) {
        let Some(last) = self.last.take() else {
            return;
        };
        self.revision = last.revision;
        for c in last.revert.into_iter().rev() {
            self.platform_mut().apply(c);
        }
        if let Some(appended) = last.appended {
            self.journal.take_back(appended);
            self.stacks = undo::derive(&self.journal);
        }
        self.debug_check();
    }

    /// Forgets every undo and redo step (a freshly built platform starts clean): the
    /// journal keeps its entries, but none before now is ever undone.
    pub fn clear_history(&mut self) {
        self.journal.undo_from = self.journal.next_seq();
        self.stacks.clear();
        self.last = None;
        self.revision += 1;
    }

    fn stacks_of(&self, account: AccountId) -> Option<&undo::Stacks> {
        self.platform
            .accounts
            .get(account.index())
            .and_then(Option::as_ref)
            .and_then(|a| self.stacks.get(&a.email))
    }

    fn labels(&self, seqs: &[u64]) -> Vec<&str> {
        seqs.iter()
            .rev()
            .filter_map(|s| undo::label(&self.journal, *s))
            .collect()
    }

    /// The labels `account`'s undo would revert, newest first.
    pub fn undo_labels(&self, account: AccountId) -> Vec<&str> {
        self.stacks_of(account)
            .map_or_else(Vec::new, |s| self.labels(&s.undo))
    }

    /// The labels `account`'s redo would re-apply, next first.
    pub fn redo_labels(&self, account: AccountId) -> Vec<&str> {
        self.stacks_of(account)
            .map_or_else(Vec::new, |s| self.labels(&s.redo))
    }

    /// The label of the change `account`'s undo would revert.
    pub fn undo_label(&self, account: AccountId) -> Option<&str> {
        let seq = *self.stacks_of(account)?.undo.last()?;
        undo::label(&self.journal, seq)
    }

    pub fn redo_label(&self, account: AccountId) -> Option<&str> {
        let seq = *self.stacks_of(account)?.redo.last()?;
        undo::label(&self.journal, seq)
    }

    /// Reverts `actor`'s last change to the collaboration's configuration — its newest
    /// undoable journal entry not yet taken back, whichever process made it — checked
    /// like any command (see `history`): refused, changing nothing, when it was
    /// changed since or the actor may no longer do it. Appends an `undo` entry.
    pub fn undo(&mut self, actor: AccountId, now: Timestamp) -> Result<Outcome> {
        self.step(actor, false, now)
    }

    /// Re-applies `actor`'s last undone change, checked like `undo`; appends a `redo`
    /// entry.
    pub fn redo(&mut self, actor: AccountId, now: Timestamp) -> Result<Outcome> {
        self.step(actor, true, now)
    }

    /// May `actor` undo (`redo`: redo) now? Exactly what [`undo`](Self::undo) or
    /// [`redo`](Self::redo) would answer, with nothing kept: the step is taken, checked
    /// and taken back. The app asks it to enable `u` and Ctrl-r or say why not.
    pub fn may_step(&mut self, actor: AccountId, redo: bool, now: Timestamp) -> Result<()> {
        self.dry_step(actor, redo, now, |_, _| ()).map(|_| ())
    }

    /// What `actor`'s undo (`redo`: redo) would do to effective access, measured as
    /// [`preview`](Self::preview) measures a command: the step is taken, checked,
    /// measured and taken back. Refused as the step itself would be.
    pub fn preview_step(
        &mut self,
        actor: AccountId,
        redo: bool,
        now: Timestamp,
    ) -> Result<Preview> {
        let (outcome, mut measure) = self.dry_step(actor, redo, now, |p, writes| {
            preview::Measure::after(p, writes).seen_by(p, Some(actor))
        })?;
        Ok(measure.before(&self.platform, outcome))
    }

    /// Takes `actor`'s step, checked as [`undo`](Self::undo) checks it, hands the
    /// platform after it and the step's inverse writes to `after`, and takes the step
    /// back: nothing is kept.
    fn dry_step<T>(
        &mut self,
        actor: AccountId,
        redo: bool,
        now: Timestamp,
        after: impl FnOnce(&Platform, &[Change]) -> T,
    ) -> Result<(Outcome, T)> {
        let (entry, label, verb) = self.next_step(actor, redo)?;
        let p = self.platform_mut();
        let step = undo::step_for(p, &entry, &label, verb)?;
        let (outcome, opposite) = history::step(p, actor, &step, verb, now)?;
        let seen = after(p, &opposite.revert);
        for change in opposite.revert.into_iter().rev() {
            p.apply(change);
        }
        Ok((outcome, seen))
    }

    /// The journal entry `actor`'s undo (`redo`: redo) would step over, its label and
    /// the verb; refused when there is none.
    fn next_step(
        &self,
        actor: AccountId,
        redo: bool,
    ) -> Result<(journal::JournalEntry, String, &'static str)> {
        let verb = if redo { "redo" } else { "undo" };
        self.journal.room()?;
        if !self.platform.has_account(actor) {
            return Err(Error::not_found("account", format!("#{}", actor.0)));
        }
        let next = self
            .stacks_of(actor)
            .and_then(|s| if redo { s.redo.last() } else { s.undo.last() })
            .copied();
        let entry = next.and_then(|seq| self.journal.entry(seq).cloned());
        match (
            entry,
            next.and_then(|seq| undo::label(&self.journal, seq).map(str::to_string)),
        ) {
            (Some(entry), Some(label)) => Ok((entry, label, verb)),
            _ => Err(Error::InvalidState(format!("nothing to {verb}"))),
        }
    }

    fn step(&mut self, actor: AccountId, redo: bool, now: Timestamp) -> Result<Outcome> {
        let (entry, label, verb) = self.next_step(actor, redo)?;
        let step = undo::step_for(self.platform_mut(), &entry, &label, verb)?;
        let (outcome, opposite) = history::step(self.platform_mut(), actor, &step, verb, now)?;
        let revert = opposite.revert;
        let records = journal::records_of(self.platform_mut(), &revert);
        let kind = if redo {
            EntryKind::Redo
        } else {
            EntryKind::Undo
        };
        let (_, appended) = self.journal_append(
            Some(actor),
            format!("{verb} {label}"),
            kind,
            Some(entry.seq),
            records,
            now,
        );
        undo::follow(&mut self.stacks, &self.journal);
        self.keep(revert, Some(appended));
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

/// Whether a command that succeeded wrote nothing: a change to the configuration (not
/// an environment operation), no task appended (`tasks`: before and after), and every
/// record it wrote as it was (`same`, asked last: rendering the records costs most).
fn wrote_nothing(cmd: &Command, tasks: (usize, usize), same: impl FnOnce() -> bool) -> bool {
    !matches!(cmd, Command::EnvDo { .. }) && tasks.0 == tasks.1 && same()
}

/// What a change that asks for what is already so says it did.
fn nothing_to_change(cmd: &Command) -> String {
    format!(
        "nothing to change: '{}' asks for what is already so",
        cmd.label()
    )
}
