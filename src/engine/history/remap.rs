//! Carrying histories across a reload. A platform loaded from the file numbers its
//! records anew, so every id an entry holds is translated by identity: accounts by
//! email, environments by name, groups by path, roles and policies by name, member
//! records by (owner, member), all within their owner. A record the reloaded platform
//! does not have under that identity (removed, or renamed by another process) gets a
//! fresh id that nothing uses: an entry that expects it to hold a value then fails its
//! "changed since" check, which is the truth.

use std::collections::HashMap;

use super::super::model::{
    AccountId, CollabId, Collaboration, CustomPolicy, CustomPolicyId, EnvId, Environment, Group,
    GroupId, PolicyRef, Role, RoleId, RoleList, ShareTarget,
};
use super::super::platform::{Change, Platform};
use super::{Applied, History};

/// Old id → new id, per table.
pub(crate) struct IdMap {
    accounts: HashMap<u32, u32>,
    envs: HashMap<u32, u32>,
    groups: HashMap<u32, u32>,
    roles: HashMap<u32, u32>,
    policies: HashMap<u32, u32>,
    collabs: HashMap<u32, u32>,
}

/// Maps every old id of one table; `fresh` hands out ids past the new table.
fn table<T>(
    old: &[Option<T>],
    mut found: impl FnMut(&T) -> Option<u32>,
    next: &mut u32,
) -> HashMap<u32, u32> {
    let mut map = HashMap::with_capacity(old.len());
    for (i, rec) in old.iter().enumerate() {
        let new = rec.as_ref().and_then(&mut found).unwrap_or_else(|| {
            *next += 1;
            *next - 1
        });
        map.insert(u32::try_from(i).unwrap_or(u32::MAX), new);
    }
    map
}

fn len_u32<T>(t: &[T]) -> u32 {
    u32::try_from(t.len()).unwrap_or(u32::MAX)
}

impl IdMap {
    /// Translates `old`'s ids into `new`'s, reserving fresh slots in `new` for records
    /// it does not have.
    pub(crate) fn between(old: &Platform, new: &mut Platform) -> IdMap {
        let mut next = len_u32(&new.accounts);
        let accounts = table(
            &old.accounts,
            |a| new.account_by_email(&a.email).map(|x| x.0),
            &mut next,
        );
        let acc = |a: AccountId| AccountId(accounts.get(&a.0).copied().unwrap_or(u32::MAX));
        let mut next_env = len_u32(&new.envs);
        let envs = table(
            &old.envs,
            |e| new.env_by_name(&e.name).map(|x| x.0),
            &mut next_env,
        );
        let mut next_group = len_u32(&new.groups);
        let groups = table(
            &old.groups,
            |g| new.group_by_path(acc(g.owner), &g.path).map(|x| x.0),
            &mut next_group,
        );
        let mut next_role = len_u32(&new.roles);
        let roles = table(
            &old.roles,
            |r| new.role_by_name(acc(r.owner), &r.name).map(|x| x.0),
            &mut next_role,
        );
        let mut next_policy = len_u32(&new.policies);
        let policies = table(
            &old.policies,
            |p| {
                new.custom_policy_by_name(acc(p.owner), &p.name)
                    .map(|x| x.0)
            },
            &mut next_policy,
        );
        let mut next_collab = len_u32(&new.collabs);
        let collabs = table(
            &old.collabs,
            |c| new.collab_of(acc(c.owner), acc(c.member)).map(|x| x.0),
            &mut next_collab,
        );
        // Fresh ids stay unused: the tables grow by empty slots up to them.
        reserve(&mut new.accounts, next);
        reserve(&mut new.envs, next_env);
        reserve(&mut new.groups, next_group);
        reserve(&mut new.roles, next_role);
        reserve(&mut new.policies, next_policy);
        reserve(&mut new.collabs, next_collab);
        IdMap {
            accounts,
            envs,
            groups,
            roles,
            policies,
            collabs,
        }
    }

    pub(crate) fn account(&self, a: AccountId) -> Option<AccountId> {
        self.accounts.get(&a.0).map(|x| AccountId(*x))
    }

    fn acc(&self, a: AccountId) -> AccountId {
        AccountId(get(&self.accounts, a.0))
    }
    fn env(&self, e: EnvId) -> EnvId {
        EnvId(get(&self.envs, e.0))
    }
    fn group(&self, g: GroupId) -> GroupId {
        GroupId(get(&self.groups, g.0))
    }
    fn role(&self, r: RoleId) -> RoleId {
        RoleId(get(&self.roles, r.0))
    }
    fn policy(&self, p: CustomPolicyId) -> CustomPolicyId {
        CustomPolicyId(get(&self.policies, p.0))
    }

    fn roles(&self, roles: &[RoleId]) -> RoleList {
        let mut out: RoleList = roles.iter().map(|r| self.role(*r)).collect();
        out.sort_unstable();
        out
    }

    fn change(&self, c: &Change) -> Change {
        match c {
            Change::Account(id, v) => Change::Account(self.acc(*id), v.clone()),
            Change::Env(id, v) => Change::Env(
                self.env(*id),
                v.as_ref().map(|e| {
                    let mut groups: Vec<GroupId> =
                        e.groups.iter().map(|g| self.group(*g)).collect();
                    groups.sort_unstable();
                    Environment {
                        owner: self.acc(e.owner),
                        creator: self.acc(e.creator),
                        groups,
                        ..e.clone()
                    }
                }),
            ),
            Change::Group(id, v) => Change::Group(
                self.group(*id),
                v.as_ref().map(|g| Group {
                    owner: self.acc(g.owner),
                    parent: g.parent.map(|p| self.group(p)),
                    ..g.clone()
                }),
            ),
            Change::Policy(id, v) => Change::Policy(
                self.policy(*id),
                v.as_ref().map(|p| CustomPolicy {
                    owner: self.acc(p.owner),
                    ..p.clone()
                }),
            ),
            Change::Role(id, v) => Change::Role(
                self.role(*id),
                v.as_ref().map(|r| Role {
                    owner: self.acc(r.owner),
                    policies: r
                        .policies
                        .iter()
                        .map(|p| match p {
                            PolicyRef::Custom(c) => PolicyRef::Custom(self.policy(*c)),
                            PolicyRef::System(i) => PolicyRef::System(*i),
                        })
                        .collect(),
                    ..r.clone()
                }),
            ),
            Change::Collab(id, v) => Change::Collab(
                CollabId(get(&self.collabs, id.0)),
                v.as_ref().map(|c| Collaboration {
                    owner: self.acc(c.owner),
                    member: self.acc(c.member),
                    shares: c
                        .shares
                        .iter()
                        .map(|(t, roles)| {
                            let t = match t {
                                ShareTarget::Group(g) => ShareTarget::Group(self.group(*g)),
                                ShareTarget::Env(e) => ShareTarget::Env(self.env(*e)),
                                other => *other,
                            };
                            (t, self.roles(roles))
                        })
                        .collect(),
                    ..c.clone()
                }),
            ),
            Change::TaskPushed(t) => Change::TaskPushed(t.clone()),
            Change::TaskRemoved(s) => Change::TaskRemoved(*s),
        }
    }

    fn applied(&self, a: &Applied) -> Applied {
        Applied {
            label: a.label.clone(),
            seq: a.seq,
            revert: a.revert.iter().map(|c| self.change(c)).collect(),
            expect: a.expect.iter().map(|c| self.change(c)).collect(),
        }
    }

    pub(crate) fn history(&self, h: &History) -> History {
        History {
            undo: h.undo.iter().map(|a| self.applied(a)).collect(),
            redo: h.redo.iter().map(|a| self.applied(a)).collect(),
        }
    }
}

fn get(map: &HashMap<u32, u32>, id: u32) -> u32 {
    map.get(&id).copied().unwrap_or(u32::MAX)
}

fn reserve<T>(table: &mut Vec<Option<T>>, upto: u32) {
    let upto = upto as usize;
    if table.len() < upto {
        table.resize_with(upto, || None);
    }
}
