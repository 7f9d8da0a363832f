//! Undo and redo read from the journal: one mechanism, not two.
//!
//! An account's undo stack is its undoable `change` entries, in order, less those
//! taken back; its redo stack the `undo` entries not redone since its last change.
//! Both are derived from the journal (so they survive reloads, other processes and
//! restarts) and kept up to date as entries are appended. Undoing entry `e` walks it
//! back — the records it names are found by identity and must still be exactly as it
//! left them — and the resulting writes go through the same checks as before
//! (`history::step`: names, may-write, self-elevation), then a new `undo` entry with
//! `of = e` is appended. Redo undoes an `undo` entry the same way (`redo`, `of` it).
//! Undoing a `redo` entry walks the redo back. Entries before the journal's
//! `undo_from` (a freshly built platform's own making, e.g. the demo's script) are
//! never undone.

use std::collections::HashMap;

use super::super::error::{Error, Result};
use super::super::history::{Applied, HISTORY_LIMIT};
use super::super::platform::Platform;
use super::revert::{Check, Stuck, walk_back};
use super::{EntryKind, JournalDoc, JournalEntry};

/// One account's stacks: sequence numbers of entries, the next step last.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stacks {
    pub undo: Vec<u64>,
    pub redo: Vec<u64>,
}

impl Stacks {
    /// Follows one appended entry of this account.
    fn follow(&mut self, e: &JournalEntry) {
        match e.kind {
            EntryKind::Change if e.undoable => {
                self.undo.push(e.seq);
                if self.undo.len() > HISTORY_LIMIT {
                    self.undo.remove(0);
                }
                self.redo.clear();
            }
            EntryKind::Undo if e.of.is_some() && self.undo.last() == e.of.as_ref() => {
                self.undo.pop();
                self.redo.push(e.seq);
            }
            EntryKind::Redo if e.of.is_some() && self.redo.last() == e.of.as_ref() => {
                self.redo.pop();
                self.undo.push(e.seq);
            }
            _ => {}
        }
    }

    /// Forgets steps whose entries the journal dropped.
    fn drop_before(&mut self, first: u64) {
        self.undo.retain(|s| *s >= first);
        self.redo.retain(|s| *s >= first);
    }
}

/// Every account's stacks, by email.
pub(crate) type AllStacks = HashMap<String, Stacks>;

/// The stacks the journal implies, in one pass.
pub(crate) fn derive(j: &JournalDoc) -> AllStacks {
    let mut all = AllStacks::new();
    for e in j.entries.iter().filter(|e| e.seq >= j.undo_from) {
        if let Some(actor) = &e.actor {
            all.entry(actor.clone()).or_default().follow(e);
        }
    }
    all
}

/// Follows the entry just appended (and the entries the append dropped).
pub(crate) fn follow(all: &mut AllStacks, j: &JournalDoc) {
    let Some(e) = j.entries.last() else {
        return;
    };
    if let Some(first) = j.entries.first().map(|f| f.seq) {
        for s in all.values_mut() {
            s.drop_before(first);
        }
    }
    if e.seq >= j.undo_from
        && let Some(actor) = &e.actor
    {
        all.entry(actor.clone()).or_default().follow(e);
    }
}

/// The change a step is about, as the user typed it: an undo or redo entry is named
/// after the change it (eventually) takes back.
pub(crate) fn label(j: &JournalDoc, seq: u64) -> Option<&str> {
    let mut e = j.entry(seq)?;
    while e.kind != EntryKind::Change {
        e = j.entry(e.of?)?;
    }
    Some(&e.command)
}

/// The entry's walk-back as a history step (the writes that revert it and the values
/// they expect), for `history::step` to check and apply. `p` is left as it was.
pub(crate) fn step_for(
    p: &mut Platform,
    e: &JournalEntry,
    label: &str,
    verb: &str,
) -> Result<Applied> {
    let cannot = |why: String| Error::InvalidState(format!("cannot {verb} '{label}': {why}"));
    let inverse = walk_back(p, e, Check::Exact).map_err(|s| match s {
        Stuck::Changed(what) => cannot(format!(
            "{what} was changed since, by another account or process"
        )),
        Stuck::Taken(what) => cannot(format!("{what} exists again")),
        Stuck::Other(e) => cannot(e.to_string()),
    })?;
    // Forward again: what the walk wrote becomes the step's revert list.
    let writes: Vec<_> = inverse.iter().rev().map(|c| p.apply(c.clone())).collect();
    let mut applied = Applied::new(label.to_string(), writes, p);
    applied.seq = Some(e.seq);
    Ok(applied)
}

/// Would `actor`'s undo go through right after a change of its own that wrote
/// `records` (the platform `p` as the change left it)? The change as its journal entry
/// would hold it is walked back and the step checked as [`step_for`] and
/// `history::step` check an undo; nothing is kept. The preview of a command asks it,
/// so that what it promises of `u` is the engine's answer.
pub(crate) fn would_undo(
    p: &mut Platform,
    actor: super::super::model::AccountId,
    label: &str,
    records: Vec<super::RecordChange>,
    now: super::super::time::Timestamp,
) -> Result<()> {
    let entry = JournalEntry {
        seq: u64::MAX,
        time: now,
        actor: Some(p.account(actor).email.clone()),
        command: label.to_string(),
        kind: EntryKind::Change,
        of: None,
        undoable: true,
        records,
    };
    let step = step_for(p, &entry, label, "undo")?;
    let (_, opposite) = super::super::history::step(p, actor, &step, "undo", now)?;
    for change in opposite.revert.into_iter().rev() {
        p.apply(change);
    }
    Ok(())
}
