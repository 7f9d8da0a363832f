//! The change journal: every applied change to the collaboration's configuration, in
//! the state file (format version 2), in identity terms.
//!
//! An entry holds its sequence number, time, actor (email), the command as one line
//! (the command-line form, as `Command::label` writes it), its kind and, per record it
//! changed, the record before and after as the state file writes records (emails,
//! names and paths, never ids): so an entry means the same after a reload, in another
//! process, or after other records were added and removed. (In memory both sides are
//! whole; the file writes a changed record's `before` as only the fields that differ
//! from its `after`, see `document::compact`.) Reversing an entry writes each
//! `before` back over the record its `after` names (see `revert`).
//!
//! What is journaled: every command that changes a record (accounts, groups,
//! environments, policies, roles, member records with their shares), kind `change`;
//! undo and redo steps, kind `undo`/`redo` with `of`, the entry they take back; and
//! environment operations (`env do`) that change an environment's record (its status),
//! kind `operation`, so that walking back reproduces every earlier state exactly. An
//! operation that changes no record (the task log already has it) and a refused
//! command (even when its denied task is logged) append nothing. The task log itself is
//! never part of an entry: it only grows, and each task carries its own time.
//!
//! Undo and redo are read from the journal too (see `undo`): an account's next undo
//! is its newest undoable `change` not yet taken back, across reloads and processes.
//!
//! Entries are appended only: no command edits or removes one. Growth is bounded by
//! `limit` (kept in the file, default [`DEFAULT_LIMIT`]): appending past it drops the
//! oldest entries. The journal's *horizon* is the earliest time it answers for: the
//! time of the newest dropped entry (the state right after it is the oldest one the
//! journal can rebuild), or, when nothing was dropped, the time of the first entry
//! (a file from before the journal, or a new one, says nothing about when its state
//! came to be). No horizon yet (no entry ever) answers for no past time.

mod api;
mod record;
mod revert;
pub(crate) mod undo;

use super::error::Field;
use super::time::Timestamp;
use super::validate;

pub use super::document::{
    DEFAULT_JOURNAL_LIMIT as DEFAULT_LIMIT, EntryKind, JournalDoc, JournalEntry, Record,
    RecordChange,
};
pub(crate) use record::records_of;
pub use revert::EntryEffect;

/// What one append did, so that it can be taken back when the save fails.
#[derive(Clone, Debug)]
pub(crate) struct Appended {
    dropped: Vec<JournalEntry>,
    horizon: Option<Timestamp>,
}

/// Appending, for the engine only: no command edits or removes an entry.
impl JournalDoc {
    /// Refused when the next entry would number past
    /// [`MAX_JOURNAL_SEQ`](super::MAX_JOURNAL_SEQ): nothing may change that the
    /// journal cannot record, or the saved file would not load again.
    pub(crate) fn room(&self) -> super::Result<()> {
        if self.next_seq() > super::MAX_JOURNAL_SEQ {
            return Err(super::Error::InvalidState(format!(
                "the change journal is full (sequence numbers end at {}); no change can be recorded",
                super::MAX_JOURNAL_SEQ
            )));
        }
        Ok(())
    }

    /// Appends an entry (its `seq` is set here), dropping the oldest past the limit.
    pub(crate) fn append(&mut self, mut entry: JournalEntry) -> (u64, Appended) {
        let seq = self.next_seq();
        entry.seq = seq;
        // The journal's order is its order in time (`--at` walks it back by time): a
        // clock that went back writes the last entry's time, not an earlier one.
        if let Some(last) = self.entries.last() {
            entry.time = entry.time.max(last.time);
        }
        let undo = Appended {
            dropped: Vec::new(),
            horizon: self.horizon,
        };
        if self.horizon.is_none() {
            self.horizon = Some(entry.time);
        }
        self.entries.push(entry);
        let keep = usize::try_from(self.limit.max(1)).unwrap_or(usize::MAX);
        let excess = self.entries.len().saturating_sub(keep);
        let dropped: Vec<JournalEntry> = self.entries.drain(..excess).collect();
        if let Some(newest) = dropped.last() {
            self.horizon = Some(self.horizon.map_or(newest.time, |h| h.max(newest.time)));
        }
        (seq, Appended { dropped, ..undo })
    }

    /// Takes back the last append (its save failed: it did not happen).
    pub(crate) fn take_back(&mut self, appended: Appended) {
        self.entries.pop();
        let mut restored = appended.dropped;
        restored.append(&mut self.entries);
        self.entries = restored;
        self.horizon = appended.horizon;
    }
}

/// Checks every record of a loaded journal the way the loader checks the tables:
/// emails, names, paths, statuses and times well-formed, no hidden characters. (A
/// record's names are resolved when it is walked back; an undo writes it through the
/// door's checks.)
pub(crate) fn check_records(j: &JournalDoc) -> Result<(), String> {
    for (i, e) in j.entries.iter().enumerate() {
        let at = |why: String| format!("journal.entries[{i}] (seq {}): {why}", e.seq);
        if let Some((n, c)) = e
            .command
            .chars()
            .enumerate()
            .find(|(_, c)| validate::is_hidden(*c))
        {
            return Err(at(format!(
                "command '{}' contains an invisible or control character ({} at character {})",
                validate::shown(&e.command),
                crate::text::escape(c.encode_utf8(&mut [0; 4])),
                n + 1
            )));
        }
        if let Some(actor) = e.actor.as_deref() {
            validate::email(actor).map_err(|err| {
                at(match err {
                    super::Error::Validation { message, .. } => format!("actor {message}"),
                    other => format!("actor: {other}"),
                })
            })?;
        }
        for r in e.touched() {
            check_record(r)
                .map_err(|why| at(format!("{}: {why}", validate::shown(&r.describe()))))?;
        }
    }
    Ok(())
}

fn check_record(r: &Record) -> Result<(), String> {
    let email = |s: &str| match validate::email(s) {
        Ok(e) if e == s => Ok(()),
        _ => Err(format!("bad email '{}'", validate::shown(s))),
    };
    let plain = |s: &str| {
        if s.chars().any(validate::is_hidden) {
            Err("a hidden character".to_string())
        } else {
            Ok(())
        }
    };
    let ok = |r: super::error::Result<String>| r.map(|_| ()).map_err(|e| e.to_string());
    match r {
        Record::Account(a) => {
            email(&a.email)?;
            ok(validate::display_name(Field::Name, &a.name))
        }
        Record::Group(g) => {
            email(&g.owner)?;
            validate::group_path(&g.path)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
        Record::Environment(x) => {
            ok(validate::env_name(&x.name))?;
            email(&x.owner)?;
            email(&x.creator)?;
            plain(&x.status)?;
            x.groups.iter().try_for_each(|g| {
                validate::group_path(g)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        }
        Record::Policy(x) => {
            email(&x.owner)?;
            ok(validate::policy_name(&x.name))?;
            ok(validate::description(&x.description))?;
            x.methods.iter().try_for_each(|m| plain(m))
        }
        Record::Role(x) => {
            email(&x.owner)?;
            ok(validate::role_name(&x.name))?;
            ok(validate::description(&x.description))?;
            x.policies.iter().try_for_each(|p| plain(p))
        }
        Record::Collaboration(c) => {
            email(&c.owner)?;
            email(&c.member)?;
            ok(validate::display_name(Field::Name, &c.name))?;
            plain(&c.status)?;
            // As the table's `changed` is read: walking back through this record reads
            // it the same way, and a time it cannot read would stop every walk back.
            if crate::engine::Timestamp::parse_rfc3339(&c.changed).is_none() {
                return Err(format!(
                    "bad time '{}' (RFC 3339 expected)",
                    validate::shown(&c.changed)
                ));
            }
            c.shares.iter().try_for_each(|s| {
                plain(&s.target)?;
                s.roles.iter().try_for_each(|r| ok(validate::role_name(r)))
            })
        }
    }
}
