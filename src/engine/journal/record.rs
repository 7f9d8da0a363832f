//! Records between the platform's tables (ids) and the journal (identities): an
//! entry's records are rendered from a transaction's writes, and a record is found
//! again, or rebuilt, by its names on whatever platform the journal is walked on.

use std::collections::HashSet;

use super::super::access::cmp_ci;
use super::super::catalogue::Catalogue;
use super::super::document::{CollabDoc, ShareDoc};
use super::super::error::{Error, Result};
use super::super::model::{
    Account, AccountId, CollabId, CollabStatus, Collaboration, CustomPolicy, CustomPolicyId, EnvId,
    EnvStatus, Environment, Group, GroupId, GroupList, PolicyRef, Role, RoleId, RoleList,
    ShareTarget, Shares,
};
use super::super::platform::{Change, Platform};
use super::super::time::Timestamp;
use super::{Record, RecordChange};

/// A record's table and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Slot {
    Account(AccountId),
    Env(EnvId),
    Group(GroupId),
    Policy(CustomPolicyId),
    Role(RoleId),
    Collab(CollabId),
}

fn slot_of(c: &Change) -> Option<Slot> {
    Some(match c {
        Change::Account(id, _) => Slot::Account(*id),
        Change::Env(id, _) => Slot::Env(*id),
        Change::Group(id, _) => Slot::Group(*id),
        Change::Policy(id, _) => Slot::Policy(*id),
        Change::Role(id, _) => Slot::Role(*id),
        Change::Collab(id, _) => Slot::Collab(*id),
        Change::TaskPushed(_) | Change::TaskRemoved(_) => return None,
    })
}

fn live<T>(table: &[Option<T>], i: usize) -> bool {
    table.get(i).is_some_and(Option::is_some)
}

/// The record in a slot, as the state file writes it (`None`: absent).
pub(super) fn render(p: &Platform, s: Slot) -> Option<Record> {
    Some(match s {
        Slot::Account(id) => {
            Record::Account(live(&p.accounts, id.index()).then(|| p.account_doc(id))?)
        }
        Slot::Env(id) => Record::Environment(live(&p.envs, id.index()).then(|| p.env_doc(id))?),
        Slot::Group(id) => Record::Group(live(&p.groups, id.index()).then(|| p.group_doc(id))?),
        Slot::Policy(id) => {
            Record::Policy(live(&p.policies, id.index()).then(|| p.policy_doc(id))?)
        }
        Slot::Role(id) => Record::Role(live(&p.roles, id.index()).then(|| p.role_doc(id))?),
        Slot::Collab(id) => {
            Record::Collaboration(live(&p.collabs, id.index()).then(|| p.collab_doc(id))?)
        }
    })
}

/// The records a transaction changed, before and after, in the order first written.
/// `p` is the platform as the transaction left it and `undo` its inverse writes; the
/// "before" side is rendered on the platform as it was (the writes are taken back for
/// the moment, then made again), so references resolve to the names they had.
pub(crate) fn records_of(p: &mut Platform, undo: &[Change]) -> Vec<RecordChange> {
    let mut seen = HashSet::new();
    let slots: Vec<Slot> = undo
        .iter()
        .filter_map(slot_of)
        .filter(|s| seen.insert(*s))
        .collect();
    if slots.is_empty() {
        return Vec::new();
    }
    let after: Vec<Option<Record>> = slots.iter().map(|s| render(p, *s)).collect();
    let redo: Vec<Change> = undo.iter().rev().map(|c| p.apply(c.clone())).collect();
    let before: Vec<Option<Record>> = slots.iter().map(|s| render(p, *s)).collect();
    for c in redo.into_iter().rev() {
        p.apply(c);
    }
    before
        .into_iter()
        .zip(after)
        .filter(|(b, a)| b != a)
        .map(|(before, after)| RecordChange { before, after })
        .collect()
}

fn missing(what: impl std::fmt::Display) -> Error {
    Error::InvalidState(format!("{what} is not on the platform"))
}

fn account(p: &Platform, email: &str) -> Result<AccountId> {
    p.account_by_email(email)
        .ok_or_else(|| missing(format!("account {email}")))
}

/// The slot holding the record a journal record names, on `p` now.
pub(super) fn find(p: &Platform, r: &Record) -> Result<Slot> {
    let not_found = || missing(r.describe());
    Ok(match r {
        Record::Account(a) => Slot::Account(account(p, &a.email)?),
        Record::Group(g) => Slot::Group(
            p.group_by_path(account(p, &g.owner)?, &g.path)
                .ok_or_else(not_found)?,
        ),
        Record::Environment(e) => Slot::Env(p.env_by_name(&e.name).ok_or_else(not_found)?),
        Record::Policy(x) => Slot::Policy(
            p.custom_policy_by_name(account(p, &x.owner)?, &x.name)
                .ok_or_else(not_found)?,
        ),
        Record::Role(x) => Slot::Role(
            p.role_by_name(account(p, &x.owner)?, &x.name)
                .ok_or_else(not_found)?,
        ),
        Record::Collaboration(c) => Slot::Collab(
            p.collab_of(account(p, &c.owner)?, account(p, &c.member)?)
                .ok_or_else(not_found)?,
        ),
    })
}

/// A fresh slot in the record's table.
pub(super) fn fresh(p: &Platform, r: &Record) -> Result<Slot> {
    Ok(match r {
        Record::Account(_) => Slot::Account(p.next_account_id()?),
        Record::Group(_) => Slot::Group(p.next_group_id()?),
        Record::Environment(_) => Slot::Env(p.next_env_id()?),
        Record::Policy(_) => Slot::Policy(p.next_policy_id()?),
        Record::Role(_) => Slot::Role(p.next_role_id()?),
        Record::Collaboration(_) => Slot::Collab(p.next_collab_id()?),
    })
}

/// The write that puts `before` back into `slot`, which holds what `after` describes:
/// a member record's share entries that the entry left alone keep the role ids they
/// hold (no name is looked up for them), the rest is resolved as `write` does.
pub(super) fn write_back(
    p: &Platform,
    slot: Slot,
    before: &Record,
    after: Option<&Record>,
) -> Result<Change> {
    let (Slot::Collab(id), Record::Collaboration(was), Some(Record::Collaboration(now))) =
        (slot, before, after)
    else {
        return write(p, slot, Some(before));
    };
    let Some(current) = p.collabs.get(id.index()).and_then(Option::as_ref) else {
        return write(p, slot, Some(before));
    };
    if now.owner != was.owner || now.member != was.member {
        return write(p, slot, Some(before));
    }
    // The record's own fields, then its share entries.
    let head = |shares: Vec<ShareDoc>| {
        Record::Collaboration(CollabDoc {
            owner: was.owner.clone(),
            member: was.member.clone(),
            name: was.name.clone(),
            status: was.status.clone(),
            changed: was.changed.clone(),
            invitations: was.invitations,
            shares,
        })
    };
    let Change::Collab(_, Some(mut record)) = write(p, slot, Some(&head(Vec::new())))? else {
        return write(p, slot, Some(before));
    };
    if was.shares == now.shares {
        record.shares.clone_from(&current.shares);
        return Ok(Change::Collab(id, Some(record)));
    }
    let mut rest = Vec::new();
    for share in &was.shares {
        let kept = now.shares.contains(share).then(|| {
            target_of(p, record.owner, &share.target)
                .ok()
                .and_then(|t| current.shares.get(&t).map(|roles| (t, roles.clone())))
        });
        match kept.flatten() {
            Some((t, roles)) => {
                record.shares.insert(t, roles);
            }
            None => rest.push(share.clone()),
        }
    }
    if !rest.is_empty() {
        let Change::Collab(_, Some(resolved)) = write(p, slot, Some(&head(rest)))? else {
            return write(p, slot, Some(before));
        };
        record.shares.extend(resolved.shares);
    }
    Ok(Change::Collab(id, Some(record)))
}

/// A share target as listed (`envs`, `groups`, `group:A/B`, `env:NAME`), resolved.
fn target_of(p: &Platform, owner: AccountId, target: &str) -> Result<ShareTarget> {
    Ok(match target {
        "envs" => ShareTarget::AllEnvs,
        "groups" => ShareTarget::AllGroups,
        t => {
            if let Some(path) = t.strip_prefix("group:") {
                ShareTarget::Group(
                    p.group_by_path(owner, path)
                        .ok_or_else(|| missing(format!("group '{path}'")))?,
                )
            } else if let Some(name) = t.strip_prefix("env:") {
                ShareTarget::Env(
                    p.env_by_name(name)
                        .ok_or_else(|| missing(format!("environment {name}")))?,
                )
            } else {
                return Err(Error::InvalidState(
                    "a journal record has an unknown share target".into(),
                ));
            }
        }
    })
}

/// The write that puts `r` (or, for `None`, nothing) into `slot`, its names
/// resolved on `p` as it is now.
pub(super) fn write(p: &Platform, slot: Slot, r: Option<&Record>) -> Result<Change> {
    let bad = |what: &str| Error::InvalidState(format!("a journal record has {what}"));
    Ok(match (slot, r) {
        (Slot::Account(id), None) => Change::Account(id, None),
        (Slot::Env(id), None) => Change::Env(id, None),
        (Slot::Group(id), None) => Change::Group(id, None),
        (Slot::Policy(id), None) => Change::Policy(id, None),
        (Slot::Role(id), None) => Change::Role(id, None),
        (Slot::Collab(id), None) => Change::Collab(id, None),
        (Slot::Account(id), Some(Record::Account(a))) => Change::Account(
            id,
            Some(Account {
                email: a.email.clone(),
                name: a.name.clone(),
                max_environments: a.max_environments,
                max_cloudlets_per_env: a.max_cloudlets_per_env,
            }),
        ),
        (Slot::Group(id), Some(Record::Group(g))) => {
            let owner = account(p, &g.owner)?;
            let (parent, name) = match g.path.rsplit_once('/') {
                Some((up, name)) => (
                    Some(
                        p.group_by_path(owner, up)
                            .ok_or_else(|| missing(format!("group '{up}' of {}", g.owner)))?,
                    ),
                    name,
                ),
                None => (None, g.path.as_str()),
            };
            Change::Group(
                id,
                Some(Group {
                    owner,
                    parent,
                    name: name.to_string(),
                    path: g.path.clone(),
                }),
            )
        }
        (Slot::Env(id), Some(Record::Environment(e))) => {
            let owner = account(p, &e.owner)?;
            let mut groups = e
                .groups
                .iter()
                .map(|path| {
                    p.group_by_path(owner, path)
                        .ok_or_else(|| missing(format!("group '{path}' of {}", e.owner)))
                })
                .collect::<Result<GroupList>>()?;
            groups.sort_unstable();
            groups.dedup();
            Change::Env(
                id,
                Some(Environment {
                    name: e.name.clone(),
                    owner,
                    creator: account(p, &e.creator)?,
                    status: EnvStatus::parse(&e.status).ok_or_else(|| bad("an unknown status"))?,
                    cloudlets: e.cloudlets,
                    groups,
                    since: e.since,
                }),
            )
        }
        (Slot::Policy(id), Some(Record::Policy(x))) => {
            let cat = Catalogue::get();
            let mut methods = x
                .methods
                .iter()
                .map(|m| cat.method(m).ok_or_else(|| bad("an unknown method")))
                .collect::<Result<Vec<_>>>()?;
            methods.sort_unstable();
            methods.dedup();
            Change::Policy(
                id,
                Some(CustomPolicy {
                    owner: account(p, &x.owner)?,
                    name: x.name.clone(),
                    description: x.description.clone(),
                    methods,
                }),
            )
        }
        (Slot::Role(id), Some(Record::Role(x))) => {
            let owner = account(p, &x.owner)?;
            let cat = Catalogue::get();
            let mut policies = x
                .policies
                .iter()
                .map(|name| match cat.policy_by_id(name) {
                    Some(s) => Ok(PolicyRef::System(s)),
                    None => p
                        .custom_policy_by_name(owner, name)
                        .map(PolicyRef::Custom)
                        .ok_or_else(|| missing(format!("policy '{name}' of {}", x.owner))),
                })
                .collect::<Result<Vec<_>>>()?;
            policies.sort_unstable();
            policies.dedup();
            policies.sort_by(|a, b| cmp_ci(p.policy_id(*a), p.policy_id(*b)));
            Change::Role(
                id,
                Some(Role {
                    owner,
                    name: x.name.clone(),
                    description: x.description.clone(),
                    policies,
                    notify: x.notify,
                }),
            )
        }
        (Slot::Collab(id), Some(Record::Collaboration(c))) => {
            let owner = account(p, &c.owner)?;
            let mut shares = Shares::new();
            for s in &c.shares {
                let target =
                    match s.target.as_str() {
                        "envs" => ShareTarget::AllEnvs,
                        "groups" => ShareTarget::AllGroups,
                        t => {
                            if let Some(path) = t.strip_prefix("group:") {
                                ShareTarget::Group(p.group_by_path(owner, path).ok_or_else(
                                    || missing(format!("group '{path}' of {}", c.owner)),
                                )?)
                            } else if let Some(name) = t.strip_prefix("env:") {
                                ShareTarget::Env(
                                    p.env_by_name(name)
                                        .ok_or_else(|| missing(format!("environment {name}")))?,
                                )
                            } else {
                                return Err(bad("an unknown share target"));
                            }
                        }
                    };
                let mut roles = s
                    .roles
                    .iter()
                    .map(|r| {
                        p.role_by_name(owner, r)
                            .ok_or_else(|| missing(format!("role '{r}' of {}", c.owner)))
                    })
                    .collect::<Result<RoleList>>()?;
                roles.sort_unstable();
                roles.dedup();
                shares.insert(target, roles);
            }
            Change::Collab(
                id,
                Some(Collaboration {
                    owner,
                    member: account(p, &c.member)?,
                    name: c.name.clone(),
                    status: CollabStatus::parse(&c.status)
                        .ok_or_else(|| bad("an unknown member status"))?,
                    changed: Timestamp::parse_rfc3339(&c.changed)
                        .ok_or_else(|| bad("a bad time"))?,
                    invitations: c.invitations,
                    shares,
                }),
            )
        }
        _ => return Err(bad("a record of another kind than the one it replaces")),
    })
}
