//! One side of a diff's access comparison: a platform, the access of its pairs as
//! level and role names (each role list named once), and which pairs of a changed
//! collaboration can differ.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use crate::engine::access::{AccessLevel, cmp_ci};
use crate::engine::model::{AccountId, EnvId, Level, RoleId};
use crate::engine::platform::Platform;
use crate::engine::preview::AccessState;
use crate::engine::quick_hash::QuickHash;

pub(super) type Quick<K, V> = HashMap<K, V, QuickHash>;

/// Which pairs of a changed collaboration can differ.
pub(super) enum Scope<'a> {
    /// Everything it reaches: it is active on one side only, or a category entry
    /// (all environments, all groups) changed.
    Whole,
    /// The environments named: those of a direct entry that changed, and those under
    /// a group entry that changed (the group's subtree, on either side).
    Envs(HashSet<&'a str, QuickHash>),
}

/// One side's access of one pair: the level and the sorted role names, borrowed from
/// that side's platform (turned into an owned [`AccessState`] only when it changed).
#[derive(Clone, PartialEq, Eq, Default)]
pub(super) struct Seen<'p> {
    pub(super) level: Level,
    pub(super) roles: Rc<[&'p str]>,
}

impl Seen<'_> {
    pub(super) fn owned(&self) -> AccessState {
        AccessState {
            level: self.level,
            roles: self.roles.iter().map(|r| (*r).to_string()).collect(),
        }
    }
}

/// One side: its platform, and the sorted names of each role list met so far.
pub(super) struct Side<'p> {
    pub(super) p: &'p Platform,
    names: Quick<Vec<RoleId>, Rc<[&'p str]>>,
}

impl<'p> Side<'p> {
    pub(super) fn new(p: &'p Platform) -> Self {
        Side {
            p,
            names: Quick::default(),
        }
    }

    pub(super) fn seen(&mut self, level: Level, roles: &[RoleId]) -> Seen<'p> {
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
    pub(super) fn env_pairs(&mut self, envs: &BTreeSet<String>) -> Pairs<'p> {
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
    pub(super) fn member_pairs(
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
pub(super) type Pairs<'p> = Quick<(&'p str, &'p str), Seen<'p>>;
