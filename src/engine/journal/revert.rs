//! Walking the journal back: an entry is reversed on a platform by finding each record
//! its `after` names, checking it still holds exactly that, and writing its `before`
//! back. Records are removed children first and written parents first, so every
//! name a record refers to resolves when it is written.
//!
//! `as_of` walks a copy of the platform back to a moment; `effects` measures, on the
//! way back, what each entry did to effective access (the preview's measure).

use super::super::apply::{Changed, Outcome};
use super::super::error::{Error, Field, Result};
use super::super::model::AccountId;
use super::super::platform::{Change, Platform};
use super::super::preview::{AccessChange, Measure};
use super::super::time::Timestamp;
use super::record::{Slot, find, fresh, render, write, write_back};
use super::{JournalDoc, JournalEntry, Record};

/// One entry and what it did to effective access: member by environment, level and
/// roles before and after (as `--dry-run` shows them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryEffect {
    pub seq: u64,
    pub changes: Vec<AccessChange>,
}

/// Parents before children: accounts, groups (shallow first), environments,
/// policies, roles, member records.
fn rank(r: &Record) -> (u8, usize) {
    match r {
        Record::Account(_) => (0, 0),
        Record::Group(g) => (1, g.path.matches('/').count()),
        Record::Environment(_) => (2, 0),
        Record::Policy(_) => (3, 0),
        Record::Role(_) => (4, 0),
        Record::Collaboration(_) => (5, 0),
    }
}

/// Why an entry cannot be walked back on a platform.
#[derive(Debug)]
pub(super) enum Stuck {
    /// A record is no longer as the entry left it (described as people name it).
    Changed(String),
    /// A name the entry would give back is held by another record now.
    Taken(String),
    /// Anything else: a name that does not resolve, a table that is full.
    Other(Error),
}

impl From<Error> for Stuck {
    fn from(e: Error) -> Self {
        Stuck::Other(e)
    }
}

impl Stuck {
    /// As `as_of` reports it.
    fn past(self, seq: u64) -> Error {
        let why = match self {
            Stuck::Changed(what) => format!("{what} is not as the entry left it"),
            Stuck::Taken(what) => format!("{what} is held by another record"),
            Stuck::Other(e) => e.to_string(),
        };
        Error::InvalidState(format!(
            "the journal cannot be walked back past entry {seq}: {why}"
        ))
    }
}

/// How carefully an entry is walked back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Check {
    /// Every record must be exactly as the entry left it (undo and redo: a record
    /// changed since is a conflict).
    Exact,
    /// The records are found by identity and trusted: walking the journal back from
    /// the state it was written on (`as_of`, `history`), each entry's records are as
    /// the next newer entry's walk-back left them.
    Trusted,
}

/// Reverses one entry on `p`. Returns the inverse writes in the order made (apply
/// them last to first to walk forward again). On an error `p` is as it was.
pub(super) fn walk_back(
    p: &mut Platform,
    entry: &JournalEntry,
    check: Check,
) -> std::result::Result<Vec<Change>, Stuck> {
    let mut done: Vec<Change> = Vec::new();
    match walk_back_into(p, entry, check, &mut done) {
        Ok(()) => Ok(done),
        Err(e) => {
            for c in done.into_iter().rev() {
                p.apply(c);
            }
            Err(e)
        }
    }
}

fn walk_back_into(
    p: &mut Platform,
    entry: &JournalEntry,
    check: Check,
    done: &mut Vec<Change>,
) -> std::result::Result<(), Stuck> {
    // Find every record by what the entry left, before anything moves.
    let mut found: Vec<(Option<Slot>, &Option<Record>, &Record)> = Vec::new();
    for rc in &entry.records {
        let slot = match &rc.after {
            Some(after) => {
                let slot = find(p, after).map_err(|_| Stuck::Changed(after.describe()))?;
                if check == Check::Exact && render(p, slot).as_ref() != Some(after) {
                    return Err(Stuck::Changed(after.describe()));
                }
                Some(slot)
            }
            None => None,
        };
        let Some(any) = rc.after.as_ref().or(rc.before.as_ref()) else {
            continue;
        };
        found.push((slot, &rc.before, any));
    }
    // A name given back must be free, or held by a record this entry writes (in a
    // trusted walk it is: the journal was written in this order).
    for (_, before, _) in found.iter().filter(|_| check == Check::Exact) {
        if let Some(b) = before
            && let Ok(holder) = find(p, b)
            && !found.iter().any(|(s, _, _)| *s == Some(holder))
        {
            return Err(Stuck::Taken(b.describe()));
        }
    }
    // Removals, children first.
    let mut removals: Vec<_> = found.iter().filter(|f| f.1.is_none()).collect();
    removals.sort_by_key(|f| std::cmp::Reverse(rank(f.2)));
    for (slot, _, _) in removals {
        if let Some(slot) = slot {
            let change = write(p, *slot, None)?;
            done.push(p.apply(change));
        }
    }
    // Writes, parents first.
    let mut writes: Vec<_> = found
        .iter()
        .filter_map(|(slot, before, any)| before.as_ref().map(|b| (*slot, b, *any)))
        .collect();
    writes.sort_by_key(|(_, b, _)| rank(b));
    for (slot, before, after) in writes {
        let change = match slot {
            // `after` is what the slot holds now (checked, or trusted).
            Some(s) => write_back(p, s, before, Some(after))?,
            None => write(p, fresh(p, before)?, Some(before))?,
        };
        done.push(p.apply(change));
    }
    Ok(())
}

/// Why a moment cannot be answered, or `Ok` when it can.
pub(crate) fn answerable(j: &JournalDoc, t: Timestamp) -> Result<()> {
    let newest = j.entries.last().map(|e| e.time);
    match j.horizon {
        _ if newest.is_some_and(|n| t >= n) => Ok(()),
        Some(h) if t >= h => Ok(()),
        Some(h) => Err(Error::invalid(
            Field::Time,
            format!(
                "{} is before the journal's horizon {} (the earliest time it can answer for)",
                t.to_rfc3339(),
                h.to_rfc3339()
            ),
        )),
        None => Err(Error::invalid(
            Field::Time,
            format!(
                "the journal has no entries yet, so it cannot answer for {} (it answers from its first change on)",
                t.to_rfc3339()
            ),
        )),
    }
}

/// The platform as it was at `t`: a copy of `p`, every entry newer than `t` walked
/// back (newest first, stopping at the first entry at or before `t`), and the task
/// log cut at `t`.
pub(crate) fn as_of(p: &Platform, j: &JournalDoc, t: Timestamp) -> Result<Platform> {
    answerable(j, t)?;
    let mut q = p.clone();
    for e in j.entries.iter().rev() {
        if e.time <= t {
            break;
        }
        walk_back(&mut q, e, Check::Trusted).map_err(|s| s.past(e.seq))?;
    }
    q.tasks.retain(|task| task.time <= t);
    Ok(q)
}

/// Walks back over the journal from `p` (the platform now), newest entry first,
/// measuring each entry's effect on access as `viewer` may see it (`None`: the
/// operator, every row); `visit` gets each entry with its effect and says whether to
/// go on.
pub(crate) fn effects(
    p: &Platform,
    j: &JournalDoc,
    viewer: Option<AccountId>,
    mut visit: impl FnMut(&JournalEntry, Vec<AccessChange>) -> bool,
) -> Result<()> {
    let mut q = p.clone();
    for e in j.entries.iter().rev() {
        let changes = walk_back_measured(&mut q, e, viewer)?;
        if !visit(e, changes) {
            break;
        }
    }
    Ok(())
}

/// Walks one entry back on `q`, measuring the change in access it had made.
fn walk_back_measured(
    q: &mut Platform,
    e: &JournalEntry,
    viewer: Option<AccountId>,
) -> Result<Vec<AccessChange>> {
    let redo = walk_back(q, e, Check::Trusted).map_err(|s| s.past(e.seq))?;
    // Back to the state right after the entry, to take the "after" half.
    let back: Vec<Change> = redo.iter().rev().map(|c| q.apply(c.clone())).collect();
    // A group's own record never changes anyone's access: groups are never moved (a
    // rename keeps the parent), and the environments and share entries a group
    // change touches are records of their own in the entry. The preview counts every
    // member of the owner for it, to be safe; measuring that for each group entry of
    // a large platform would cost seconds, for nothing. Likewise a member record the
    // entry leaves alone is measured only on the environments it writes.
    let scope: Vec<Change> = back
        .iter()
        .filter(|c| !matches!(c, Change::Group(..)))
        .cloned()
        .collect();
    let mut measure = Measure::after_touched(q, &scope).seen_by(q, viewer);
    for c in back.into_iter().rev() {
        q.apply(c);
    }
    let outcome = Outcome {
        changed: Changed::History,
        summary: e.command.clone(),
    };
    Ok(measure.before(q, outcome).changes)
}
