//! Undo and redo: each account's own changes to the collaboration's configuration,
//! reverted or re-applied as commands like any other (domain.md section 5).
//!
//! An entry keeps the writes that revert it and the value every record had right
//! after it. A step is refused, changing nothing, when
//! - a record it would write no longer holds that value (someone else changed it
//!   since: another account, or another process before a reload);
//! - what it would write refers to something gone, or collides with a name taken
//!   since;
//! - the acting account may not, now, write those records (the same rules as the
//!   commands that write them: section 5);
//! - it would raise the actor's own access (the door's self-elevation check).
//!
//! Environment operations and the task log are never part of an entry: they act on
//! real systems and the log only grows.

use std::collections::{HashMap, HashSet};

use super::apply::{Changed, Outcome, Tx, refuse_self_elevation};
use super::error::{Error, Result};
use super::model::{AccountId, CollabId, CustomPolicyId, EnvId, GroupId, RoleId, ShareTarget};
use super::platform::{Change, Platform};
use super::time::Timestamp;

mod checks;

/// How many undo steps each account keeps (the journal keeps the entries longer).
pub const HISTORY_LIMIT: usize = 200;

/// One applied step, as the writes that revert it (applied last to first) and the
/// value each written record holds right after it (what a revert expects to find).
#[derive(Clone, Debug)]
pub(crate) struct Applied {
    pub label: String,
    /// The journal entry this step made (`None`: not journaled, e.g. in a test).
    pub seq: Option<u64>,
    pub revert: Vec<Change>,
    pub expect: Vec<Change>,
}

impl Applied {
    /// Builds an entry from a transaction's inverse journal, on the platform as the
    /// transaction left it. Account creations (an invitation's new account) and tasks
    /// are left out: accounts are the platform's, the log only grows.
    pub(crate) fn new(label: String, revert: Vec<Change>, p: &Platform) -> Applied {
        let revert: Vec<Change> = revert
            .into_iter()
            .filter(|c| {
                !matches!(
                    c,
                    Change::Account(_, None) | Change::TaskPushed(_) | Change::TaskRemoved(_)
                )
            })
            .collect();
        let mut seen = HashSet::new();
        let expect = revert
            .iter()
            .filter(|c| seen.insert(key(c)))
            .map(|c| p.current(c))
            .collect();
        Applied {
            label,
            seq: None,
            revert,
            expect,
        }
    }
}

/// The table and id a change writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Account(AccountId),
    Env(EnvId),
    Group(GroupId),
    Policy(CustomPolicyId),
    Role(RoleId),
    Collab(CollabId),
    Task(u64),
}

fn key(c: &Change) -> Key {
    match c {
        Change::Account(id, _) => Key::Account(*id),
        Change::Env(id, _) => Key::Env(*id),
        Change::Group(id, _) => Key::Group(*id),
        Change::Policy(id, _) => Key::Policy(*id),
        Change::Role(id, _) => Key::Role(*id),
        Change::Collab(id, _) => Key::Collab(*id),
        Change::TaskPushed(t) => Key::Task(t.seq),
        Change::TaskRemoved(seq) => Key::Task(*seq),
    }
}

fn slot<T: Clone>(table: &[Option<T>], i: usize) -> Option<T> {
    table.get(i).cloned().flatten()
}

impl Platform {
    /// The record a change writes, as it is now.
    fn current(&self, c: &Change) -> Change {
        match c {
            Change::Account(id, _) => Change::Account(*id, slot(&self.accounts, id.index())),
            Change::Env(id, _) => Change::Env(*id, slot(&self.envs, id.index())),
            Change::Group(id, _) => Change::Group(*id, slot(&self.groups, id.index())),
            Change::Policy(id, _) => Change::Policy(*id, slot(&self.policies, id.index())),
            Change::Role(id, _) => Change::Role(*id, slot(&self.roles, id.index())),
            Change::Collab(id, _) => Change::Collab(*id, slot(&self.collabs, id.index())),
            Change::TaskPushed(t) => Change::TaskPushed(t.clone()),
            Change::TaskRemoved(seq) => Change::TaskRemoved(*seq),
        }
    }

    /// The record that holds, now, the name a value would take (its natural key).
    fn name_holder(&self, c: &Change) -> Option<Key> {
        match c {
            Change::Account(_, Some(a)) => self.account_by_email(&a.email).map(Key::Account),
            Change::Env(_, Some(e)) => self.env_by_name(&e.name).map(Key::Env),
            Change::Group(_, Some(g)) => self.group_by_path(g.owner, &g.path).map(Key::Group),
            Change::Policy(_, Some(p)) => self
                .custom_policy_by_name(p.owner, &p.name)
                .map(Key::Policy),
            Change::Role(_, Some(r)) => self.role_by_name(r.owner, &r.name).map(Key::Role),
            Change::Collab(_, Some(c)) => self.collab_of(c.owner, c.member).map(Key::Collab),
            _ => None,
        }
    }

    /// A record as people name it, for messages.
    fn describe(&self, c: &Change) -> String {
        let named = |v: Option<String>, what: &str| v.unwrap_or_else(|| what.to_string());
        match c {
            Change::Account(_, a) => named(
                a.as_ref().map(|a| format!("account {}", a.email)),
                "an account",
            ),
            Change::Env(_, e) => named(
                e.as_ref().map(|e| format!("environment {}", e.name)),
                "an environment",
            ),
            Change::Group(_, g) => {
                named(g.as_ref().map(|g| format!("group '{}'", g.path)), "a group")
            }
            Change::Policy(_, p) => named(
                p.as_ref().map(|p| format!("policy '{}'", p.name)),
                "a policy",
            ),
            Change::Role(_, r) => named(r.as_ref().map(|r| format!("role '{}'", r.name)), "a role"),
            Change::Collab(_, c) => named(
                c.as_ref()
                    .map(|c| format!("the member record of {}", self.email_or(c.member))),
                "a member record",
            ),
            Change::TaskPushed(_) | Change::TaskRemoved(_) => "the task log".into(),
        }
    }

    fn email_or(&self, a: AccountId) -> String {
        slot(&self.accounts, a.index()).map_or_else(|| "a removed account".into(), |x| x.email)
    }
}

/// Checks and applies one undo (or redo) step for `actor`; on success returns the
/// outcome and the entry for the opposite stack. On a refusal nothing changed.
pub(crate) fn step(
    p: &mut Platform,
    actor: AccountId,
    applied: &Applied,
    verb: &str,
    now: Timestamp,
) -> Result<(Outcome, Applied)> {
    let label = &applied.label;
    let cannot = |why: String| Error::InvalidState(format!("cannot {verb} '{label}': {why}"));
    for want in &applied.expect {
        if &p.current(want) != want {
            return Err(cannot(format!(
                "{} was changed since, by another account or process",
                p.describe(want)
            )));
        }
    }
    // Names a step would give back must still be free: the tables' indexes hold one
    // record per name, so this is decided before anything is written.
    let written: HashSet<Key> = applied.expect.iter().map(key).collect();
    let finals = final_values(&applied.revert);
    for want in &applied.expect {
        if let Some(value) = finals.get(&key(want))
            && let Some(holder) = p.name_holder(value)
            && !written.contains(&holder)
        {
            return Err(cannot(format!("{} exists again", p.describe(value))));
        }
    }
    // A record the step removes is authorized where it still stands.
    let structural = structural(applied);
    for want in &applied.expect {
        if finals.get(&key(want)).is_some_and(|c| is_absent(c)) {
            p.may_write(actor, want, None, &structural)
                .map_err(|e| in_step(e, verb, label))?;
        }
    }
    let mut tx = Tx::new(p, now);
    for c in applied.revert.iter().rev() {
        tx.put(c.clone());
    }
    let checked = check_written(&mut tx, actor, applied, &structural, verb);
    if let Err(e) = checked {
        tx.rollback();
        return Err(e);
    }
    let opposite = Applied::new(label.clone(), tx.undo, tx.p);
    let outcome = Outcome {
        changed: Changed::History,
        summary: format!("{verb}: {label}"),
    };
    Ok((outcome, opposite))
}

/// After the writes: every written record is consistent with the rest of the
/// platform, the actor may write what now stands, and its own access did not rise.
fn check_written(
    tx: &mut Tx<'_>,
    actor: AccountId,
    applied: &Applied,
    structural: &[ShareTarget],
    verb: &str,
) -> Result<()> {
    let label = &applied.label;
    for was in &applied.expect {
        let now_value = tx.p.current(was);
        tx.p.still_consistent(&now_value, was)
            .map_err(|why| Error::InvalidState(format!("cannot {verb} '{label}': {why}")))?;
        if !is_absent(&now_value) {
            let counterpart = (!is_absent(was)).then_some(was);
            tx.p.may_write(actor, &now_value, counterpart, structural)
                .map_err(|e| in_step(e, verb, label))?;
        }
    }
    refuse_self_elevation(tx, actor)
}

/// The groups and environments a step writes (share entries follow them).
fn structural(applied: &Applied) -> Vec<ShareTarget> {
    applied
        .expect
        .iter()
        .filter_map(|c| match c {
            Change::Group(g, _) => Some(ShareTarget::Group(*g)),
            Change::Env(e, _) => Some(ShareTarget::Env(*e)),
            _ => None,
        })
        .collect()
}

/// The value a revert list leaves each record with: its first entry, since reverts
/// run last to first. One pass, so a step over many records stays linear.
fn final_values(revert: &[Change]) -> HashMap<Key, &Change> {
    let mut out = HashMap::with_capacity(revert.len());
    for c in revert {
        out.entry(key(c)).or_insert(c);
    }
    out
}

pub(crate) fn is_absent(c: &Change) -> bool {
    matches!(
        c,
        Change::Account(_, None)
            | Change::Env(_, None)
            | Change::Group(_, None)
            | Change::Policy(_, None)
            | Change::Role(_, None)
            | Change::Collab(_, None)
            | Change::TaskRemoved(_)
    )
}

fn in_step(e: Error, verb: &str, label: &str) -> Error {
    match e {
        Error::PermissionDenied { needs } => Error::denied(format!("to {verb} '{label}', {needs}")),
        other => other,
    }
}
