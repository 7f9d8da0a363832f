//! What a command would do to effective access: the before/after difference per member
//! and environment (level and roles, the contract's shape), and for edited roles and
//! policies what each role gains and loses and how many members hold it.
//!
//! The command is applied inside a transaction; its journal says which owners and
//! members it can affect. Access is measured after, the journal rolled back, measured
//! before, and compared member by member on compact id vectors, so names are built only
//! for pairs that changed and memory stays proportional to one member's reach.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::access::{AccessLevel, cmp_ci};
use super::apply::Outcome;
use super::model::{AccountId, CollabId, CollabStatus, EnvId, Level, RoleId, RoleList};
use super::platform::{Change, Platform};

mod owners;
mod roles;
mod seen;

pub use seen::hidden_note;

use owners::{Row, merge_pairs};

/// The effective access of one member on one environment, by name.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
pub struct AccessState {
    pub level: Level,
    pub roles: Vec<String>,
}

/// A change in one member's effective access on one environment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccessChange {
    pub member: String,
    pub env: String,
    pub before: AccessState,
    pub after: AccessState,
}

/// An edited or deleted role: the policies it gains and loses, and its holders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoleEffect {
    pub role: String,
    pub gained: Vec<String>,
    pub lost: Vec<String>,
    pub deleted: bool,
    /// Members (any status) with an entry carrying the role.
    pub members: usize,
}

/// What a command would do, without doing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub outcome: Outcome,
    pub changes: Vec<AccessChange>,
    pub roles: Vec<RoleEffect>,
    /// For invitations the command leaves pending: what each member would reach once
    /// it accepts (a pending invitation grants nothing yet, so `changes` is silent).
    pub on_accept: Vec<AccessChange>,
    /// Changed rows left out of `changes` because the account that asked may not see
    /// them (other members' rows where it is not the owner or a delegate).
    pub hidden: usize,
    /// Why the acting account's undo would be refused right after the change (the
    /// engine's reason), for a change it could otherwise undo; `None` when it would
    /// go through, or when the change is not undoable at all.
    pub undo_refused: Option<String>,
    /// The command asks for what is already so: applying it writes nothing (and
    /// leaves nothing to undo).
    pub writes_nothing: bool,
}

/// One member's reach: (environment, level, interned role set), sorted by environment.
type Reach = Vec<(EnvId, AccessLevel, usize)>;

/// The measurement in progress: taken after the command, completed before it.
pub(crate) struct Measure {
    /// Per owner: every member (`None`) or some.
    scope: BTreeMap<AccountId, Option<BTreeSet<CollabId>>>,
    after: HashMap<CollabId, Reach>,
    role_sets: Vec<RoleList>,
    role_set_ids: HashMap<RoleList, usize>,
    /// Names as they are after the command, for things the rollback removes or renames.
    env_names: HashMap<EnvId, String>,
    role_names: HashMap<RoleId, String>,
    /// Each measured member record's member, by id and email.
    member_names: HashMap<CollabId, (AccountId, String)>,
    /// Whose view this is (`None`: the operator's, which holds every row), and the
    /// written environments that account may see other members on after the command.
    viewer: Option<(AccountId, HashSet<EnvId>)>,
    /// Rows the viewer may not see, left out.
    hidden: usize,
    /// The written environments whose owner the command changes (created, deleted,
    /// handed over): each with its owner before (filled in by `before`) and after.
    owner_moves: Vec<(EnvId, Option<AccountId>, Option<AccountId>)>,
    roles: Vec<RoleEffect>,
    /// The role each entry of `roles` is about.
    role_ids: Vec<RoleId>,
    on_accept: Vec<AccessChange>,
    /// For a journal entry's effect (`after_touched`): the environments the writes
    /// touch, and the member records they write. A member record not written reaches
    /// something else only on these environments.
    touched: Option<(Vec<EnvId>, BTreeSet<CollabId>)>,
}

impl Measure {
    /// Takes the "after" half on the platform as the command left it.
    pub(crate) fn after(p: &Platform, writes: &[Change]) -> Measure {
        Measure::take_after(p, writes, None)
    }

    /// As `after`, for writes that change no group record (a journal entry's, groups
    /// left out): a member record the writes leave alone can only gain or lose access
    /// on an environment they write (access on an environment depends on its own
    /// record, the member record and the groups), so only those are measured for it,
    /// not its whole reach.
    pub(crate) fn after_touched(p: &Platform, writes: &[Change]) -> Measure {
        let mut envs = Vec::new();
        let mut collabs = BTreeSet::new();
        for w in writes {
            match w {
                Change::Env(id, _) => envs.push(*id),
                Change::Collab(id, _) => {
                    collabs.insert(*id);
                }
                _ => {}
            }
        }
        envs.sort_unstable();
        envs.dedup();
        Measure::take_after(p, writes, Some((envs, collabs)))
    }

    fn take_after(
        p: &Platform,
        writes: &[Change],
        touched: Option<(Vec<EnvId>, BTreeSet<CollabId>)>,
    ) -> Measure {
        let mut m = Measure {
            scope: BTreeMap::new(),
            after: HashMap::new(),
            role_sets: Vec::new(),
            role_set_ids: HashMap::new(),
            env_names: HashMap::new(),
            role_names: HashMap::new(),
            member_names: HashMap::new(),
            viewer: None,
            hidden: 0,
            owner_moves: Vec::new(),
            roles: Vec::new(),
            role_ids: Vec::new(),
            on_accept: Vec::new(),
            touched,
        };
        m.scope_of(p, writes);
        for (c, _) in m.collabs(p) {
            let reach = m.reach(p, c);
            let member = p.collab(c).member;
            m.member_names
                .insert(c, (member, p.account(member).email.clone()));
            m.after.insert(c, reach);
        }
        for w in writes {
            if let Change::Collab(id, _) = w
                && let Some(Some(rec)) = p.collabs.get(id.index())
                && rec.status == CollabStatus::Pending
            {
                let member = p.account(rec.member).email.clone();
                for (e, a) in p.reachable(rec) {
                    m.on_accept.push(AccessChange {
                        member: member.clone(),
                        env: p.env(e).name.clone(),
                        before: AccessState::default(),
                        after: AccessState {
                            level: a.level.level(),
                            roles: p.sorted_role_names(&a.roles),
                        },
                    });
                }
            }
        }
        m.on_accept
            .sort_by(|x, y| cmp_ci(&x.member, &y.member).then_with(|| cmp_ci(&x.env, &y.env)));
        for w in writes {
            match w {
                Change::Env(id, old) => {
                    let now = p.envs.get(id.index()).and_then(Option::as_ref);
                    if let Some(e) = now {
                        m.env_names.insert(*id, e.name.clone());
                    }
                    m.note_owner(*id, old.as_ref(), now);
                }
                Change::Role(id, old) => m.role_effect(p, *id, old.as_ref()),
                _ => {}
            }
        }
        let owners: Vec<AccountId> = m.scope.keys().copied().collect();
        for o in owners {
            for r in p.roles_of(o) {
                m.role_names.insert(r, p.role(r).name.clone());
            }
        }
        m
    }

    /// Completes the measurement on the platform as it was before the command.
    pub(crate) fn before(&mut self, p: &Platform, outcome: Outcome) -> Preview {
        let mut changes = Vec::new();
        let mut seen: BTreeSet<CollabId> = BTreeSet::new();
        let before_collabs = self.collabs(p);
        for (c, _) in before_collabs {
            seen.insert(c);
            let before = self.reach(p, c);
            let after = self.after.remove(&c).unwrap_or_default();
            let member = p.collab(c).member;
            let name = p.account(member).email.clone();
            self.compare(p, (member, &name), &before, &after, &mut changes);
        }
        // Members that exist only after the command.
        let rest: Vec<(CollabId, Reach)> = self
            .after
            .drain()
            .filter(|(c, _)| !seen.contains(c))
            .collect();
        for (c, after) in rest {
            if let Some((member, name)) = self.member_names.get(&c).cloned() {
                self.compare(p, (member, &name), &[], &after, &mut changes);
            }
        }
        self.owner_rows(p, &mut changes);
        changes.sort_by(|x, y| {
            cmp_ci(&x.change.member, &y.change.member)
                .then_with(|| cmp_ci(&x.change.env, &y.change.env))
        });
        let changes = self.visible(p, merge_pairs(changes));
        self.count_holders(p);
        Preview {
            outcome,
            changes,
            hidden: self.hidden,
            roles: std::mem::take(&mut self.roles),
            on_accept: std::mem::take(&mut self.on_accept),
            undo_refused: None,
            writes_nothing: false,
        }
    }

    fn scope_of(&mut self, p: &Platform, writes: &[Change]) {
        let all = |o: AccountId, s: &mut BTreeMap<AccountId, Option<BTreeSet<CollabId>>>| {
            s.insert(o, None);
        };
        for w in writes {
            match w {
                Change::Env(id, old) => {
                    if let Some(o) = old {
                        all(o.owner, &mut self.scope);
                    }
                    if let Some(Some(now)) = p.envs.get(id.index()) {
                        all(now.owner, &mut self.scope);
                    }
                }
                Change::Group(id, old) => {
                    let owner = old.as_ref().map(|g| g.owner).or_else(|| {
                        p.groups
                            .get(id.index())
                            .and_then(Option::as_ref)
                            .map(|g| g.owner)
                    });
                    if let Some(o) = owner {
                        all(o, &mut self.scope);
                    }
                }
                Change::Collab(id, old) => {
                    let owner = old.as_ref().map(|c| c.owner).or_else(|| {
                        p.collabs
                            .get(id.index())
                            .and_then(Option::as_ref)
                            .map(|c| c.owner)
                    });
                    if let Some(o) = owner
                        && let Some(set) =
                            self.scope.entry(o).or_insert_with(|| Some(BTreeSet::new()))
                    {
                        set.insert(*id);
                    }
                }
                // A role's or policy's own edit changes policies, not levels or roles;
                // removing a role from entries shows up as collaboration writes.
                Change::Role(..)
                | Change::Policy(..)
                | Change::Account(..)
                | Change::TaskPushed(_)
                | Change::TaskRemoved(_) => {}
            }
        }
    }

    /// The scoped collaborations that exist on `p`, active ones only (the others reach
    /// nothing), with their owner.
    fn collabs(&self, p: &Platform) -> Vec<(CollabId, AccountId)> {
        let mut out = Vec::new();
        for (owner, set) in &self.scope {
            let ids: Vec<CollabId> = match set {
                None => p.collabs_of_owner(*owner).collect(),
                Some(s) => s
                    .iter()
                    .copied()
                    .filter(|c| p.collabs.get(c.index()).is_some_and(Option::is_some))
                    .collect(),
            };
            out.extend(
                ids.into_iter()
                    .filter(|c| p.collab(*c).is_active())
                    .map(|c| (c, *owner)),
            );
        }
        out
    }

    fn reach(&mut self, p: &Platform, c: CollabId) -> Reach {
        let rec = p.collab(c);
        let access = match &self.touched {
            Some((envs, written)) if !written.contains(&c) => envs
                .iter()
                .filter(|e| {
                    p.envs
                        .get(e.index())
                        .and_then(Option::as_ref)
                        .is_some_and(|env| env.owner == rec.owner)
                })
                .map(|e| (*e, p.configured_access(rec, *e)))
                .filter(|(_, a)| !a.is_none())
                .collect(),
            _ => p.reachable(rec),
        };
        let mut v: Reach = access
            .into_iter()
            .map(|(e, a)| {
                let next = self.role_sets.len();
                let id = *self.role_set_ids.entry(a.roles.clone()).or_insert_with(|| {
                    self.role_sets.push(a.roles.clone());
                    next
                });
                (e, a.level, id)
            })
            .collect();
        v.sort_unstable_by_key(|(e, ..)| *e);
        v
    }

    fn state(&self, p: &Platform, level: AccessLevel, set: Option<usize>) -> AccessState {
        let Some(set) = set else {
            return AccessState::default();
        };
        let mut roles: Vec<String> = self
            .role_sets
            .get(set)
            .into_iter()
            .flatten()
            .map(|r| match self.role_names.get(r) {
                Some(n) => n.clone(),
                None => p.role(*r).name.clone(),
            })
            .collect();
        roles.sort_by(|a, b| cmp_ci(a, b));
        AccessState {
            level: level.level(),
            roles,
        }
    }

    fn env_name(&self, p: &Platform, e: EnvId) -> String {
        match p.envs.get(e.index()).and_then(Option::as_ref) {
            Some(env) => env.name.clone(),
            None => self.env_names.get(&e).cloned().unwrap_or_default(),
        }
    }

    /// Merges two sorted reaches, emitting a change for every pair that differs and
    /// that the viewer sees.
    fn compare(
        &mut self,
        p: &Platform,
        (member_id, member): (AccountId, &str),
        before: &[(EnvId, AccessLevel, usize)],
        after: &[(EnvId, AccessLevel, usize)],
        out: &mut Vec<Row>,
    ) {
        let (mut bi, mut ai) = (0, 0);
        while bi < before.len() || ai < after.len() {
            let b = before.get(bi);
            let a = after.get(ai);
            let (env, b_state, a_state) = match (b, a) {
                (Some(b), Some(a)) if b.0 == a.0 => {
                    bi += 1;
                    ai += 1;
                    if b.1 == a.1 && b.2 == a.2 {
                        continue;
                    }
                    (b.0, Some((b.1, b.2)), Some((a.1, a.2)))
                }
                (Some(b), Some(a)) if b.0 < a.0 => {
                    bi += 1;
                    (b.0, Some((b.1, b.2)), None)
                }
                (Some(b), None) => {
                    bi += 1;
                    (b.0, Some((b.1, b.2)), None)
                }
                (_, Some(a)) => {
                    ai += 1;
                    (a.0, None, Some((a.1, a.2)))
                }
                (None, None) => break,
            };
            out.push(Row {
                member: member_id,
                env,
                change: AccessChange {
                    member: member.to_string(),
                    env: self.env_name(p, env),
                    before: b_state
                        .map_or_else(AccessState::default, |(l, s)| self.state(p, l, Some(s))),
                    after: a_state
                        .map_or_else(AccessState::default, |(l, s)| self.state(p, l, Some(s))),
                },
            });
        }
    }
}
