//! The write primitives: one `set_*` per table, each replacing one record and keeping
//! every index in step, and `apply`, which turns a change into its inverse.

use std::collections::{BTreeSet, HashMap};

use super::{Change, Indexes, Platform};
use crate::engine::model::{
    Account, AccountId, CollabId, Collaboration, CustomPolicy, CustomPolicyId, EnvId, Environment,
    Group, GroupId, Role, RoleId,
};
use crate::engine::names::relink;

#[expect(
    clippy::indexing_slicing,
    reason = "the table was grown to hold index `i` on the line before"
)]
fn slot<T>(table: &mut Vec<Option<T>>, i: usize) -> &mut Option<T> {
    if table.len() <= i {
        table.resize_with(i + 1, || None);
    }
    &mut table[i]
}

/// A live environment's name (`None` for an empty slot).
fn named(e: Option<&Environment>) -> Option<&str> {
    e.map(|e| e.name.as_str())
}

fn unlink<K: std::hash::Hash + Eq, V: Ord, S: std::hash::BuildHasher>(
    map: &mut HashMap<K, BTreeSet<V>, S>,
    key: &K,
    v: &V,
) {
    if let Some(set) = map.get_mut(key) {
        set.remove(v);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

impl Platform {
    /// Applies one change and returns its inverse.
    pub(crate) fn apply(&mut self, change: Change) -> Change {
        match change {
            Change::Account(id, v) => Change::Account(id, self.set_account(id, v)),
            Change::Env(id, v) => Change::Env(id, self.set_env(id, v)),
            Change::Group(id, v) => Change::Group(id, self.set_group(id, v)),
            Change::Policy(id, v) => Change::Policy(id, self.set_policy(id, v)),
            Change::Role(id, v) => Change::Role(id, self.set_role(id, v)),
            Change::Collab(id, v) => Change::Collab(id, self.set_collab(id, v)),
            Change::TaskPushed(t) => {
                let seq = t.seq;
                let at = self.tasks.partition_point(|x| x.seq < seq);
                self.tasks.insert(at, t);
                Change::TaskRemoved(seq)
            }
            Change::TaskRemoved(seq) => match self.tasks.binary_search_by_key(&seq, |t| t.seq) {
                Ok(at) => Change::TaskPushed(self.tasks.remove(at)),
                Err(_) => Change::TaskRemoved(seq),
            },
        }
    }

    fn set_account(&mut self, id: AccountId, new: Option<Account>) -> Option<Account> {
        let old = std::mem::take(slot(&mut self.accounts, id.index()));
        let ix = &mut self.index;
        if let Some(o) = &old {
            ix.account_by_email.remove(&o.email);
        }
        if let Some(n) = &new {
            ix.account_by_email.insert(n.email.clone(), id);
        }
        *slot(&mut self.accounts, id.index()) = new;
        old
    }

    fn set_env(&mut self, id: EnvId, new: Option<Environment>) -> Option<Environment> {
        let descents = self.env_descents_with(id, new.as_ref());
        let old = std::mem::take(slot(&mut self.envs, id.index()));
        let ix = &mut self.index;
        ix.env_descents = descents;
        if let Some(o) = &old {
            ix.env_by_name.remove(&o.name);
            unlink(&mut ix.envs_of_owner, &o.owner, &id);
            for g in &o.groups {
                unlink(&mut ix.envs_in_group, g, &id);
            }
        }
        if let Some(n) = &new {
            ix.env_by_name.insert(n.name.clone(), id);
            ix.envs_of_owner.entry(n.owner).or_default().insert(id);
            for g in &n.groups {
                ix.envs_in_group.entry(*g).or_default().insert(id);
            }
        }
        *slot(&mut self.envs, id.index()) = new;
        old
    }

    fn set_group(&mut self, id: GroupId, new: Option<Group>) -> Option<Group> {
        let old = std::mem::take(slot(&mut self.groups, id.index()));
        let ix = &mut self.index;
        let look = |g: &Group| (g.owner, g.parent, g.name.clone());
        relink(
            &mut ix.group_by_look,
            old.as_ref().map(look),
            new.as_ref().map(look),
            id,
        );
        if let Some(o) = &old {
            ix.group_by_path.remove(&(o.owner, o.path.clone()));
            unlink(&mut ix.groups_of_owner, &o.owner, &id);
            if let Some(p) = o.parent {
                unlink(&mut ix.group_children, &p, &id);
            }
        }
        if let Some(n) = &new {
            ix.group_by_path.insert((n.owner, n.path.clone()), id);
            ix.groups_of_owner.entry(n.owner).or_default().insert(id);
            if let Some(p) = n.parent {
                ix.group_children.entry(p).or_default().insert(id);
            }
        }
        *slot(&mut self.groups, id.index()) = new;
        old
    }

    fn set_policy(
        &mut self,
        id: CustomPolicyId,
        new: Option<CustomPolicy>,
    ) -> Option<CustomPolicy> {
        let old = std::mem::take(slot(&mut self.policies, id.index()));
        let ix = &mut self.index;
        let look = |p: &CustomPolicy| (p.owner, p.name.clone());
        relink(
            &mut ix.policy_by_look,
            old.as_ref().map(look),
            new.as_ref().map(look),
            id,
        );
        if let Some(o) = &old {
            ix.policy_by_name.remove(&(o.owner, o.name.to_lowercase()));
            unlink(&mut ix.policies_of_owner, &o.owner, &id);
        }
        if let Some(n) = &new {
            ix.policy_by_name
                .insert((n.owner, n.name.to_lowercase()), id);
            ix.policies_of_owner.entry(n.owner).or_default().insert(id);
        }
        *slot(&mut self.policies, id.index()) = new;
        old
    }

    fn set_role(&mut self, id: RoleId, new: Option<Role>) -> Option<Role> {
        let old = std::mem::take(slot(&mut self.roles, id.index()));
        let ix = &mut self.index;
        let look = |r: &Role| (r.owner, r.name.clone());
        relink(
            &mut ix.role_by_look,
            old.as_ref().map(look),
            new.as_ref().map(look),
            id,
        );
        if let Some(o) = &old {
            ix.role_by_name.remove(&(o.owner, o.name.to_lowercase()));
            unlink(&mut ix.roles_of_owner, &o.owner, &id);
        }
        if let Some(n) = &new {
            ix.role_by_name.insert((n.owner, n.name.to_lowercase()), id);
            ix.roles_of_owner.entry(n.owner).or_default().insert(id);
        }
        *slot(&mut self.roles, id.index()) = new;
        old
    }

    fn set_collab(&mut self, id: CollabId, new: Option<Collaboration>) -> Option<Collaboration> {
        let old = std::mem::take(slot(&mut self.collabs, id.index()));
        let ix = &mut self.index;
        if let Some(o) = &old {
            ix.collab_by_pair.remove(&(o.owner, o.member));
            unlink(&mut ix.collabs_of_owner, &o.owner, &id);
            unlink(&mut ix.collabs_of_member, &o.member, &id);
        }
        if let Some(n) = &new {
            ix.collab_by_pair.insert((n.owner, n.member), id);
            ix.collabs_of_owner.entry(n.owner).or_default().insert(id);
            ix.collabs_of_member.entry(n.member).or_default().insert(id);
        }
        *slot(&mut self.collabs, id.index()) = new;
        old
    }

    /// [`Indexes::env_descents`] once slot `id` holds `new`: only the pairs `id` is in
    /// change, with the nearest live environments on either side of it.
    fn env_descents_with(&self, id: EnvId, new: Option<&Environment>) -> usize {
        let slots = |range: std::ops::Range<usize>| self.envs.get(range).unwrap_or_default();
        let prev = slots(0..id.index())
            .iter()
            .rev()
            .find_map(|e| named(e.as_ref()));
        let next = slots(id.index() + 1..self.envs.len())
            .iter()
            .find_map(|e| named(e.as_ref()));
        let old = named(self.envs.get(id.index()).and_then(Option::as_ref));
        let descents = |mid: Option<&str>| -> usize {
            let out = |a: Option<&str>, b: Option<&str>| {
                usize::from(matches!((a, b), (Some(a), Some(b)) if a > b))
            };
            match mid {
                Some(m) => out(prev, Some(m)) + out(Some(m), next),
                None => out(prev, next),
            }
        };
        (self.index.env_descents + descents(named(new))).saturating_sub(descents(old))
    }

    /// Rebuilds every index from the tables alone (used by the invariant check).
    pub(crate) fn rebuilt_indexes(&self) -> Indexes {
        let mut fresh = Platform::default();
        for (i, a) in (0..).zip(&self.accounts) {
            fresh.set_account(AccountId(i), a.clone());
        }
        for (i, e) in (0..).zip(&self.envs) {
            fresh.set_env(EnvId(i), e.clone());
        }
        for (i, g) in (0..).zip(&self.groups) {
            fresh.set_group(GroupId(i), g.clone());
        }
        for (i, p) in (0..).zip(&self.policies) {
            fresh.set_policy(CustomPolicyId(i), p.clone());
        }
        for (i, r) in (0..).zip(&self.roles) {
            fresh.set_role(RoleId(i), r.clone());
        }
        for (i, c) in (0..).zip(&self.collabs) {
            fresh.set_collab(CollabId(i), c.clone());
        }
        fresh.index
    }
}
