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

use std::collections::{BTreeSet, HashMap};

use super::Facts;
use crate::engine::access::cmp_ci;
use crate::engine::model::Level;
use crate::engine::platform::Platform;
use crate::engine::preview::{AccessChange, AccessState};

/// (member email, environment name) -> effective access there (absent: none).
type States = HashMap<(String, String), AccessState>;

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

fn state(p: &Platform, level: Level, roles: &[crate::engine::model::RoleId]) -> AccessState {
    AccessState {
        level,
        roles: p.sorted_role_names(roles),
    }
}

/// The access of every pair that may have changed, on one side.
fn side(p: &Platform, collabs: &BTreeSet<(String, String)>, envs: &BTreeSet<String>) -> States {
    let mut out = States::new();
    let email = |a| p.account(a).email.clone();
    let key_of = |c: &crate::engine::model::Collaboration| (email(c.owner), email(c.member));
    for c in p.collab_ids() {
        let rec = p.collab(c);
        if !rec.is_active() || !collabs.contains(&key_of(rec)) {
            continue;
        }
        let member = email(rec.member);
        for (e, a) in p.reachable(rec) {
            out.insert(
                (member.clone(), p.env(e).name.clone()),
                state(p, a.level.level(), &a.roles),
            );
        }
    }
    for name in envs {
        let Some(e) = p.env_by_name(name) else {
            continue;
        };
        let owner = p.env(e).owner;
        out.insert((email(owner), name.clone()), state(p, Level::Owner, &[]));
        for c in p.collabs_of_owner(owner) {
            let rec = p.collab(c);
            if collabs.contains(&key_of(rec)) {
                continue; // its whole reach is already in
            }
            let a = p.effective_access(rec, e);
            if !a.is_none() {
                out.insert(
                    (email(rec.member), name.clone()),
                    state(p, a.level.level(), &a.roles),
                );
            }
        }
    }
    out
}

pub(super) fn access_diff(
    old: &Platform,
    new: &Platform,
    fo: &Facts,
    fnew: &Facts,
) -> Vec<AccessChange> {
    let collabs = changed_collabs(fo, fnew);
    let envs = changed_envs(fo, fnew);
    let mut before = side(old, &collabs, &envs);
    let after = side(new, &collabs, &envs);
    let mut out = Vec::new();
    for (key, a) in after {
        let b = before.remove(&key).unwrap_or_default();
        if a != b {
            out.push(AccessChange {
                member: key.0,
                env: key.1,
                before: b,
                after: a,
            });
        }
    }
    for (key, b) in before {
        if b != AccessState::default() {
            out.push(AccessChange {
                member: key.0,
                env: key.1,
                before: b,
                after: AccessState::default(),
            });
        }
    }
    out.sort_by(|x, y| cmp_ci(&x.member, &y.member).then_with(|| cmp_ci(&x.env, &y.env)));
    out
}
