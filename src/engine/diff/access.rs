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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

use super::Facts;
use crate::engine::access::AccessLevel;
use crate::engine::access::cmp_ci;
use crate::engine::model::{AccountId, CollabStatus, Collaboration, EnvId, Level, RoleId};
use crate::engine::platform::Platform;
use crate::engine::preview::{AccessChange, AccessState};
use crate::engine::quick_hash::QuickHash;

type Quick<K, V> = HashMap<K, V, QuickHash>;

/// Which pairs of a changed collaboration can differ.
enum Scope<'a> {
    /// Everything it reaches: it is active on one side only, or a category entry
    /// (all environments, all groups) changed.
    Whole,
    /// The environments named: those of a direct entry that changed, and those under
    /// a group entry that changed (the group's subtree, on either side).
    Envs(HashSet<&'a str, QuickHash>),
}

/// The collaborations, as (owner, member), whose access can differ, each with what
/// of it can: an inactive collaboration gives nothing on either side, and one whose
/// entries are the same gives the same wherever the environment did not change.
fn changed_collabs<'a>(
    old: &'a Platform,
    new: &'a Platform,
    fo: &'a Facts,
    fnew: &'a Facts,
) -> Vec<(&'a str, &'a str, Scope<'a>)> {
    static EMPTY: BTreeMap<String, String> = BTreeMap::new();
    let active = |f: &Facts, k: &(String, String)| {
        f.members
            .get(k)
            .and_then(|fields| fields.first())
            .is_some_and(|(_, v)| v == CollabStatus::Active.as_str())
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
#[derive(Clone, PartialEq, Eq, Default)]
struct Seen<'p> {
    level: Level,
    roles: Rc<[&'p str]>,
}

impl Seen<'_> {
    fn owned(&self) -> AccessState {
        AccessState {
            level: self.level,
            roles: self.roles.iter().map(|r| (*r).to_string()).collect(),
        }
    }
}

/// One side: its platform, and the sorted names of each role list met so far.
struct Side<'p> {
    p: &'p Platform,
    names: Quick<Vec<RoleId>, Rc<[&'p str]>>,
}

impl<'p> Side<'p> {
    fn new(p: &'p Platform) -> Self {
        Side {
            p,
            names: Quick::default(),
        }
    }

    fn seen(&mut self, level: Level, roles: &[RoleId]) -> Seen<'p> {
        let p = self.p;
        if let Some(names) = self.names.get(roles) {
            return Seen {
                level,
                roles: Rc::clone(names),
            };
        }
        let mut names: Vec<&str> = roles.iter().map(|r| p.role(*r).name.as_str()).collect();
        names.sort_by(|a, b| cmp_ci(a, b));
        let names: Rc<[&str]> = names.into();
        self.names.insert(roles.to_vec(), Rc::clone(&names));
        Seen {
            level,
            roles: names,
        }
    }

    /// The access of every pair of a changed environment: its owner's, and that of
    /// each active collaboration of its owner (each collaboration's groups resolved
    /// once for all the owner's changed environments).
    fn env_pairs(&mut self, envs: &BTreeSet<String>) -> Pairs<'p> {
        let p = self.p;
        let mut out = Pairs::default();
        let mut by_owner: BTreeMap<AccountId, Vec<EnvId>> = BTreeMap::new();
        for name in envs {
            let Some(e) = p.env_by_name(name) else {
                continue;
            };
            let env = p.env(e);
            let owner = p.account(env.owner).email.as_str();
            out.insert((owner, env.name.as_str()), self.seen(Level::Owner, &[]));
            by_owner.entry(env.owner).or_default().push(e);
        }
        for (owner, envs) in by_owner {
            for c in p.collabs_of_owner(owner) {
                let rec = p.collab(c);
                if !rec.is_active() {
                    continue;
                }
                let member = p.account(rec.member).email.as_str();
                p.access_each(rec, envs.iter().copied(), |_, e, level, roles| {
                    let seen = self.seen(level.level(), roles);
                    out.insert((member, p.env(e).name.as_str()), seen);
                });
            }
        }
        out
    }

    /// Environment name -> access there, for one member over its changed
    /// collaborations (an environment has one owner on a side, so they never
    /// overlap), leaving out the changed environments (compared on their own).
    fn member_pairs(
        &mut self,
        member: &str,
        owners: &[(&str, &Scope<'_>)],
        changed: &BTreeSet<String>,
    ) -> Quick<&'p str, Seen<'p>> {
        let p = self.p;
        let mut out = Quick::default();
        let Some(m) = p.account_by_email(member) else {
            return out;
        };
        for (owner, scope) in owners {
            let Some(o) = p.account_by_email(owner) else {
                continue;
            };
            let Some(c) = p.collab_of(o, m) else {
                continue;
            };
            let rec = p.collab(c);
            if !rec.is_active() {
                continue;
            }
            let mut add = |e: EnvId, level: AccessLevel, roles: &[RoleId]| {
                let name = p.env(e).name.as_str();
                // A changed environment's pairs are compared with its own.
                if !changed.contains(name) {
                    let seen = self.seen(level.level(), roles);
                    out.insert(name, seen);
                }
            };
            match scope {
                Scope::Whole => p.access_each(rec, p.envs_of(o), |_, e, l, r| add(e, l, r)),
                Scope::Envs(names) => p.access_each(
                    rec,
                    names
                        .iter()
                        .filter_map(|n| p.env_by_name(n))
                        .filter(|e| p.env(*e).owner == o),
                    |_, e, l, r| add(e, l, r),
                ),
            }
        }
        out
    }
}

/// (member email, environment name) -> access there, for the pairs of changed
/// environments.
type Pairs<'p> = Quick<(&'p str, &'p str), Seen<'p>>;

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

/// The changed environments that exist on both sides with the same owner, by
/// owner's email, and the others.
fn split_by_owner<'a>(
    old: &'a Platform,
    new: &'a Platform,
    envs: &'a BTreeSet<String>,
) -> (BTreeMap<&'a str, Vec<&'a str>>, BTreeSet<String>) {
    let owner = |p: &'a Platform, name: &str| {
        p.env_by_name(name)
            .map(|e| p.account(p.env(e).owner).email.as_str())
    };
    let mut same: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut others = BTreeSet::new();
    for name in envs {
        match (owner(old, name), owner(new, name)) {
            (Some(a), Some(b)) if a == b => same.entry(a).or_default().push(name),
            _ => {
                others.insert(name.clone());
            }
        }
    }
    (same, others)
}

/// Compares, for each member of `owner` on either side, its access on `names`
/// (environments of `owner` on both sides), and adds the pairs that differ to `out`.
fn compare_owner<'p>(
    before: &mut Side<'p>,
    after: &mut Side<'p>,
    owner: &'p str,
    names: &[&'p str],
    none: &Seen<'p>,
    out: &mut Vec<(&'p str, &'p str, Seen<'p>, Seen<'p>)>,
) {
    // The member's collaboration with the owner on each side.
    let mut members: BTreeMap<&'p str, [Option<&'p Collaboration>; 2]> = BTreeMap::new();
    for (i, side) in [&*before, &*after].into_iter().enumerate() {
        let p = side.p;
        let Some(o) = p.account_by_email(owner) else {
            continue;
        };
        for c in p.collabs_of_owner(o) {
            let rec = p.collab(c);
            let slots = members
                .entry(p.account(rec.member).email.as_str())
                .or_default();
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(rec);
            }
        }
    }
    let ids =
        |p: &Platform| -> Vec<EnvId> { names.iter().filter_map(|n| p.env_by_name(n)).collect() };
    let (old_ids, new_ids) = (ids(before.p), ids(after.p));
    let to_old = role_translation(before.p, after.p, owner);
    let (mut was, mut is) = (Row::default(), Row::default());
    let mut translated = Vec::new();
    for (member, [b, a]) in members {
        let (b, a) = (b.filter(|r| r.is_active()), a.filter(|r| r.is_active()));
        if b.is_none() && a.is_none() {
            continue; // nothing on either side
        }
        was.fill(before.p, b, &old_ids, names.len());
        is.fill(after.p, a, &new_ids, names.len());
        for ((name, b), a) in names.iter().zip(&was.cells).zip(&is.cells) {
            let same = match (b, a) {
                (None, None) => true,
                (Some((lb, rb)), Some((la, ra))) if lb == la => {
                    // The roles compared as the old side's ids: the same ids are the
                    // same names, as the roles of one owner are named uniquely.
                    translated.clear();
                    translated.extend(
                        is.roles(ra)
                            .iter()
                            .map(|r| to_old.get(r.index()).copied().unwrap_or(NOT_OLD)),
                    );
                    translated.sort_unstable();
                    translated == was.roles(rb)
                }
                _ => false,
            };
            if !same {
                let seen =
                    |side: &mut Side<'p>, row: &Row, cell: &Option<(AccessLevel, Range<usize>)>| {
                        cell.as_ref().map_or_else(
                            || none.clone(),
                            |(level, r)| side.seen(level.level(), row.roles(r)),
                        )
                    };
                let (b, a) = (seen(before, &was, b), seen(after, &is, a));
                out.push((member, name, b, a));
            }
        }
    }
}

/// For each role of the new side (by index), the id of the old side's role of
/// `owner` with the same name; `NOT_OLD` for a role of another owner or only on the
/// new side (no old list holds it, so a list with it always differs).
fn role_translation(old: &Platform, new: &Platform, owner: &str) -> Vec<RoleId> {
    let mut to_old = vec![NOT_OLD; new.role_ids().count()];
    let (Some(o_old), Some(o_new)) = (old.account_by_email(owner), new.account_by_email(owner))
    else {
        return to_old;
    };
    for r in new.roles_of(o_new) {
        if let (Some(before), Some(slot)) = (
            old.role_by_name(o_old, &new.role(r).name),
            to_old.get_mut(r.index()),
        ) {
            *slot = before;
        }
    }
    to_old
}

/// No role of the old side.
const NOT_OLD: RoleId = RoleId(u32::MAX);

/// One side's access on each environment of a list, laid flat: per place the level
/// and where its roles (sorted by id) lie in `roles`; `None` is no access.
#[derive(Default)]
struct Row {
    cells: Vec<Option<(AccessLevel, Range<usize>)>>,
    roles: Vec<RoleId>,
}

impl Row {
    fn fill(&mut self, p: &Platform, rec: Option<&Collaboration>, envs: &[EnvId], n: usize) {
        self.cells.clear();
        self.cells.resize(n, None);
        self.roles.clear();
        let (cells, roles) = (&mut self.cells, &mut self.roles);
        if let Some(rec) = rec {
            p.access_each(rec, envs.iter().copied(), |i, _, level, given| {
                let start = roles.len();
                roles.extend_from_slice(given);
                if let Some(cell) = cells.get_mut(i) {
                    *cell = Some((level, start..roles.len()));
                }
            });
        }
    }

    fn roles(&self, r: &Range<usize>) -> &[RoleId] {
        self.roles.get(r.clone()).unwrap_or_default()
    }
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
