//! The access consequences of a diff: for every account and environment whose
//! effective access (level and roles, the `--dry-run` shape) differs between the two
//! platforms, the state before and after.
//!
//! Access of member M on environment E depends only on E's owner and groups (by path)
//! and on M's collaboration with that owner (status and share entries, by name). So
//! only two kinds of pairs can differ, and they are compared apart:
//! - an environment whose existence, owner or groups changed: every collaboration of
//!   its owner on either side is asked about it;
//! - any other environment, for a collaboration that changed: only where its changed
//!   entries reach (a direct entry's environment, a group entry's subtree), or its
//!   whole reach when its status or a category entry changed.
//!
//! Everything else is skipped unseen, so the cost follows what the changed records
//! reach, not the size of the two platforms.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::owners::{compare_owner, split_by_owner};
use super::side::{Quick, Scope, Seen, Side};
use super::{Facts, FieldValue, Fields};
use crate::engine::access::cmp_ci;
use crate::engine::model::CollabStatus;
use crate::engine::platform::Platform;
use crate::engine::preview::AccessChange;
use crate::engine::quick_hash::QuickHash;
use std::cmp::Ordering;

/// The collaborations, as (owner, member), whose access can differ, each with what
/// of it can: an inactive collaboration gives nothing on either side, and one whose
/// entries are the same gives the same wherever the environment did not change.
fn changed_collabs<'a>(
    old: &'a Platform,
    new: &'a Platform,
    fo: &'a Facts,
    fnew: &'a Facts,
) -> Vec<(&'a str, &'a str, Scope<'a>)> {
    static EMPTY: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let active = |f: &Facts, k: &(String, String)| {
        f.members
            .get(k)
            .and_then(|fields| fields.first())
            .is_some_and(|(_, v)| v.as_text() == Some(CollabStatus::Active.as_str()))
    };
    let keys: BTreeSet<&(String, String)> = fo.members.keys().chain(fnew.members.keys()).collect();
    let mut out = Vec::new();
    for k in keys {
        let (was, is) = (active(fo, k), active(fnew, k));
        let (owner, member) = (k.0.as_str(), k.1.as_str());
        if was != is {
            out.push((owner, member, Scope::Whole));
        }
        if !(was && is) {
            continue;
        }
        let before = fo.shares.get(k).unwrap_or(&EMPTY);
        let after = fnew.shares.get(k).unwrap_or(&EMPTY);
        let mut targets = before
            .iter()
            .filter(|(t, r)| after.get(*t) != Some(*r))
            .map(|(t, _)| t)
            .chain(after.keys().filter(|t| !before.contains_key(*t)))
            .peekable();
        if targets.peek().is_none() {
            continue; // only the label changed
        }
        let mut envs = HashSet::default();
        let mut whole = false;
        for t in targets {
            if let Some(name) = t.strip_prefix("env:") {
                envs.insert(name);
            } else if let Some(path) = t.strip_prefix("group:") {
                under_group(old, owner, path, &mut envs);
                under_group(new, owner, path, &mut envs);
            } else {
                whole = true; // a category entry
                break;
            }
        }
        out.push((
            owner,
            member,
            if whole {
                Scope::Whole
            } else {
                Scope::Envs(envs)
            },
        ));
    }
    out
}

/// The names of the environments in the owner's group at `path` or below it.
fn under_group<'a>(
    p: &'a Platform,
    owner: &str,
    path: &str,
    out: &mut HashSet<&'a str, QuickHash>,
) {
    let Some(g) = p
        .account_by_email(owner)
        .and_then(|o| p.group_by_path(o, path))
    else {
        return;
    };
    for sub in p.subtree(g) {
        out.extend(p.envs_in_group(sub).map(|e| p.env(e).name.as_str()));
    }
}

/// The fields of an environment that place it: its owner and groups.
fn placement(fields: &Fields) -> impl Iterator<Item = &FieldValue> {
    fields
        .iter()
        .filter(|(n, _)| *n == "owner" || *n == "groups")
        .map(|(_, v)| v)
}

/// Environments whose existence, owner or groups differ: one walk over both sides'
/// environments in name order, comparing the two fields in place.
fn changed_envs(old: &Facts, new: &Facts) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let (mut a, mut b) = (old.envs.iter().peekable(), new.envs.iter().peekable());
    loop {
        let changed = match (a.peek().copied(), b.peek().copied()) {
            (None, None) => break,
            (Some((k, _)), None) => {
                a.next();
                Some(k)
            }
            (None, Some((k, _))) => {
                b.next();
                Some(k)
            }
            (Some((ka, fa)), Some((kb, fb))) => match ka.cmp(kb) {
                Ordering::Less => {
                    a.next();
                    Some(ka)
                }
                Ordering::Greater => {
                    b.next();
                    Some(kb)
                }
                Ordering::Equal => {
                    a.next();
                    b.next();
                    (!placement(fa).eq(placement(fb))).then_some(ka)
                }
            },
        };
        if let Some(k) = changed {
            out.insert(k.clone());
        }
    }
    out
}

/// Every pair whose access differs, sorted by member then environment (both
/// case-insensitively). The unchanged environments of changed collaborations are
/// compared member by member, only where their entries changed (memory follows one
/// member's changes, not the whole diff); the changed environments are compared on
/// their own, owner by owner.
pub(super) fn access_diff(
    old: &Platform,
    new: &Platform,
    fo: &Facts,
    fnew: &Facts,
) -> Vec<AccessChange> {
    let collabs = changed_collabs(old, new, fo, fnew);
    let envs = changed_envs(fo, fnew);
    let (mut before_side, mut after_side) = (Side::new(old), Side::new(new));
    let none = Seen::default();
    let mut out: Vec<(&str, &str, Seen<'_>, Seen<'_>)> = Vec::new();
    // The environments that did not change, for the collaborations that did.
    let mut by_member: BTreeMap<&str, Vec<(&str, &Scope<'_>)>> = BTreeMap::new();
    for (owner, member, scope) in &collabs {
        by_member.entry(member).or_default().push((owner, scope));
    }
    for (member, owners) in by_member {
        let mut before = before_side.member_pairs(member, &owners, &envs);
        let after = after_side.member_pairs(member, &owners, &envs);
        for (env, a) in after {
            let b = before.remove(env).unwrap_or_else(|| none.clone());
            if a != b {
                out.push((member, env, b, a));
            }
        }
        out.extend(
            before
                .into_iter()
                .filter(|(_, b)| *b != none)
                .map(|(env, b)| (member, env, b, none.clone())),
        );
    }
    // The changed environments, for every member of their owners: those with the
    // same owner on both sides collaboration by collaboration, the others (added,
    // removed, handed over) through a table of pairs per side.
    let (same_owner, others) = split_by_owner(old, new, &envs);
    for (owner, names) in &same_owner {
        compare_owner(
            &mut before_side,
            &mut after_side,
            owner,
            names,
            &none,
            &mut out,
        );
    }
    let mut before_envs = before_side.env_pairs(&others);
    for (key, a) in after_side.env_pairs(&others) {
        let b = before_envs.remove(&key).unwrap_or_else(|| none.clone());
        if a != b {
            out.push((key.0, key.1, b, a));
        }
    }
    for (key, b) in before_envs {
        if b != none {
            out.push((key.0, key.1, b, none.clone()));
        }
    }
    // Sorted by rank: each distinct name is compared case-insensitively once per
    // comparison of the names, not once per comparison of the changes.
    let member_rank = ranks(out.iter().map(|c| c.0));
    let env_rank = ranks(out.iter().map(|c| c.1));
    let rank = |name: &str, of: &Quick<&str, usize>| of.get(name).copied().unwrap_or(usize::MAX);
    out.sort_by_cached_key(|c| (rank(c.0, &member_rank), rank(c.1, &env_rank)));
    out.into_iter()
        .map(|(member, env, before, after)| AccessChange {
            member: member.to_string(),
            env: env.to_string(),
            before: before.owned(),
            after: after.owned(),
        })
        .collect()
}

/// Each distinct name's place in case-insensitive order.
fn ranks<'a>(names: impl Iterator<Item = &'a str>) -> Quick<&'a str, usize> {
    let mut distinct: Vec<&str> = names
        .collect::<HashSet<_, QuickHash>>()
        .into_iter()
        .collect();
    distinct.sort_by(|a, b| cmp_ci(a, b));
    distinct
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, i))
        .collect()
}
