//! The access consequences of a diff: for every account and environment whose
//! effective access (level and roles, the `--dry-run` shape) differs between the two
//! platforms, the state before and after.
//!
//! Access of member M on environment E depends only on E's owner and groups (by path)
//! and on M's collaboration with that owner (status and share entries, by name). So
//! only two kinds of pairs can differ: those of a collaboration that changed (its whole
//! reach is compared) and those of an environment whose owner or groups changed (every
//! collaboration of its owner is asked about it). Everything else is skipped unseen,
//! which keeps the diff of two large, mostly equal files close to the cost of loading
//! them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::Facts;
use crate::engine::access::cmp_ci;
use crate::engine::model::{Level, RoleId};
use crate::engine::platform::Platform;
use crate::engine::preview::{AccessChange, AccessState};
use crate::engine::quick_hash::QuickHash;

/// Collaborations, as (owner, member), whose status or shares differ.
fn changed_collabs(old: &Facts, new: &Facts) -> BTreeSet<(String, String)> {
    let status = |f: &Facts, k: &(String, String)| {
        f.members
            .get(k)
            .and_then(|fields| fields.first())
            .map(|(_, v)| v.clone())
    };
    old.members
        .keys()
        .chain(new.members.keys())
        .filter(|k| status(old, k) != status(new, k) || old.shares.get(*k) != new.shares.get(*k))
        .cloned()
        .collect()
}

/// Environments whose existence, owner or groups differ.
fn changed_envs(old: &Facts, new: &Facts) -> BTreeSet<String> {
    let placement = |f: &Facts, k: &String| {
        f.envs.get(k).map(|fields| {
            fields
                .iter()
                .filter(|(n, _)| *n == "owner" || *n == "groups")
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        })
    };
    old.envs
        .keys()
        .chain(new.envs.keys())
        .filter(|k| placement(old, k) != placement(new, k))
        .cloned()
        .collect()
}

/// One side's access of one pair: the level and the sorted role names, borrowed from
/// that side's platform (turned into an owned [`AccessState`] only when it changed).
#[derive(PartialEq, Eq, Default)]
struct Seen<'p> {
    level: Level,
    roles: Vec<&'p str>,
}

impl Seen<'_> {
    fn owned(&self) -> AccessState {
        AccessState {
            level: self.level,
            roles: self.roles.iter().map(|r| (*r).to_string()).collect(),
        }
    }
}

fn seen<'p>(p: &'p Platform, level: Level, roles: &[RoleId]) -> Seen<'p> {
    let mut names: Vec<&str> = roles.iter().map(|r| p.role(*r).name.as_str()).collect();
    names.sort_by(|a, b| cmp_ci(a, b));
    Seen {
        level,
        roles: names,
    }
}

/// (member email, environment name) -> access there, for the pairs of changed
/// environments.
type Pairs<'p> = HashMap<(&'p str, &'p str), Seen<'p>, QuickHash>;

/// The access of every pair of a changed environment on one side: its owner, and each
/// collaboration of its owner that did not change (those are compared whole).
fn env_side<'p>(
    p: &'p Platform,
    collabs: &HashSet<(&str, &str), QuickHash>,
    envs: &BTreeSet<String>,
) -> Pairs<'p> {
    let mut out = Pairs::default();
    for name in envs {
        let Some(e) = p.env_by_name(name) else {
            continue;
        };
        let env = p.env(e);
        let owner = p.account(env.owner).email.as_str();
        out.insert((owner, env.name.as_str()), seen(p, Level::Owner, &[]));
        for c in p.collabs_of_owner(env.owner) {
            let rec = p.collab(c);
            let member = p.account(rec.member).email.as_str();
            if collabs.contains(&(owner, member)) {
                continue; // its whole reach is compared below
            }
            let a = p.effective_access(rec, e);
            if !a.is_none() {
                out.insert(
                    (member, env.name.as_str()),
                    seen(p, a.level.level(), &a.roles),
                );
            }
        }
    }
    out
}

/// Environment name -> access there, for one member over its changed collaborations
/// on one side (an environment has one owner on a side, so the reaches never overlap).
fn member_side<'p>(
    p: &'p Platform,
    member: &str,
    owners: &[&str],
) -> HashMap<&'p str, Seen<'p>, QuickHash> {
    let mut out = HashMap::default();
    let Some(m) = p.account_by_email(member) else {
        return out;
    };
    for owner in owners {
        let Some(c) = p.account_by_email(owner).and_then(|o| p.collab_of(o, m)) else {
            continue;
        };
        let rec = p.collab(c);
        if !rec.is_active() {
            continue;
        }
        for (e, a) in p.reachable(rec) {
            out.insert(p.env(e).name.as_str(), seen(p, a.level.level(), &a.roles));
        }
    }
    out
}

fn change(member: &str, env: &str, before: &Seen<'_>, after: &Seen<'_>) -> AccessChange {
    AccessChange {
        member: member.to_string(),
        env: env.to_string(),
        before: before.owned(),
        after: after.owned(),
    }
}

/// Every pair whose access differs. Pairs of changed collaborations are compared
/// member by member (memory follows one member's reach, not the whole diff); pairs of
/// changed environments come from their own small table, which wins where both speak
/// of the same pair (an owner's row of an environment that changed hands).
pub(super) fn access_diff(
    old: &Platform,
    new: &Platform,
    fo: &Facts,
    fnew: &Facts,
) -> Vec<AccessChange> {
    let collabs = changed_collabs(fo, fnew);
    let envs = changed_envs(fo, fnew);
    let changed: HashSet<(&str, &str), QuickHash> = collabs
        .iter()
        .map(|(o, m)| (o.as_str(), m.as_str()))
        .collect();
    let (mut before_envs, mut after_envs) = (
        env_side(old, &changed, &envs),
        env_side(new, &changed, &envs),
    );
    let none = Seen::default();
    let mut by_member: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (owner, member) in &collabs {
        by_member.entry(member).or_default().push(owner);
    }
    let mut out = Vec::new();
    for (member, owners) in by_member {
        let mut before = member_side(old, member, &owners);
        let after = member_side(new, member, &owners);
        for (env, a) in &after {
            let b = before.remove(env);
            let a_env = after_envs.remove(&(member, *env));
            let a = a_env.as_ref().unwrap_or(a);
            let b = before_envs
                .remove(&(member, *env))
                .or(b)
                .unwrap_or_default();
            if *a != b {
                out.push(change(member, env, &b, a));
            }
        }
        for (env, b) in before {
            let b = before_envs.remove(&(member, env)).unwrap_or(b);
            let a = after_envs.remove(&(member, env)).unwrap_or_default();
            if a != b {
                out.push(change(member, env, &b, &a));
            }
        }
    }
    for (key, a) in &after_envs {
        let b = before_envs.remove(key);
        let b = b.as_ref().unwrap_or(&none);
        if a != b {
            out.push(change(key.0, key.1, b, a));
        }
    }
    for (key, b) in &before_envs {
        if *b != none {
            out.push(change(key.0, key.1, b, &none));
        }
    }
    out.sort_by(|x, y| cmp_ci(&x.member, &y.member).then_with(|| cmp_ci(&x.env, &y.env)));
    out
}
