//! The two questions an undo or redo step asks of every record it writes:
//! - `may_write`: may the acting account, now, write this record? The same rules as
//!   the commands that write such records (domain.md section 5);
//! - `still_consistent`: does the record fit the platform as it is now (what it
//!   refers to exists, its name is still its own, nothing refers to a removed one)?

use super::super::catalogue::Catalogue;
use super::super::error::{Error, Result};
use super::super::model::{AccountId, Collaboration, MethodId, PolicyRef, ShareTarget};
use super::super::platform::{Change, Platform};

/// The record at `i` exists and belongs to `owner`.
fn owned<T>(table: &[Option<T>], i: usize, owner: AccountId, of: impl Fn(&T) -> AccountId) -> bool {
    table
        .get(i)
        .and_then(Option::as_ref)
        .is_some_and(|x| of(x) == owner)
}

fn method(name: &str) -> Option<MethodId> {
    Catalogue::get().method(name)
}

impl Platform {
    /// May `actor` write `record` (a present value)? `counterpart` is the record's
    /// value on the other side of the step, when it has one: the rules for a change
    /// of one field are narrower than for a whole record.
    /// `structural` are the groups and environments the same step writes: share
    /// entries for them change with them (a cascade), not by themselves.
    pub(crate) fn may_write(
        &self,
        actor: AccountId,
        record: &Change,
        counterpart: Option<&Change>,
        structural: &[ShareTarget],
    ) -> Result<()> {
        match record {
            Change::Group(_, Some(g)) => {
                // A subgroup written with its parent (a subtree removed, restored or
                // renamed) is covered by the parent's write, as by its command.
                let with_parent = g
                    .parent
                    .is_some_and(|p| structural.contains(&ShareTarget::Group(p)));
                match method("env.group.EditGroup") {
                    Some(m) if g.owner != actor && !with_parent => {
                        self.require_group_method(actor, g.owner, g.parent, m)
                    }
                    _ => Ok(()),
                }
            }
            Change::Env(id, Some(e)) => {
                if e.owner == actor {
                    return Ok(());
                }
                let Some(Change::Env(_, Some(other))) = counterpart else {
                    return Err(Error::denied(format!(
                        "only the owner creates or deletes {}",
                        e.name
                    )));
                };
                let moved = e
                    .groups
                    .iter()
                    .filter(|g| !other.groups.contains(g))
                    .chain(other.groups.iter().filter(|g| !e.groups.contains(g)));
                if let Some(m) = method("env.group.AttachEnv") {
                    // Leaving or rejoining a group the step removes or restores is
                    // that group's cascade, not an attach of its own.
                    for g in moved.filter(|g| !structural.contains(&ShareTarget::Group(**g))) {
                        if self.groups.get(g.index()).is_some_and(Option::is_some) {
                            self.require_method(actor, *id, m)?;
                            self.require_group_method(actor, e.owner, Some(*g), m)?;
                        }
                    }
                }
                Ok(())
            }
            Change::Role(_, Some(r)) if r.owner != actor => Err(Error::denied(format!(
                "roles are defined by {} alone",
                self.account(r.owner).email
            ))),
            Change::Policy(_, Some(p)) if p.owner != actor => Err(Error::denied(format!(
                "custom policies are defined by {} alone",
                self.account(p.owner).email
            ))),
            Change::Collab(_, Some(c)) => self.may_write_collab(actor, c, counterpart, structural),
            _ => Ok(()),
        }
    }

    fn may_write_collab(
        &self,
        actor: AccountId,
        c: &Collaboration,
        counterpart: Option<&Change>,
        structural: &[ShareTarget],
    ) -> Result<()> {
        let differing = match counterpart {
            Some(Change::Collab(_, Some(other)))
                if other.owner == c.owner
                    && other.member == c.member
                    && other.name == c.name
                    && other.status == c.status
                    && other.invitations == c.invitations =>
            {
                let targets: Vec<ShareTarget> = c
                    .shares
                    .keys()
                    .chain(other.shares.keys())
                    .copied()
                    .filter(|t| c.shares.get(t) != other.shares.get(t))
                    .collect();
                Some(targets)
            }
            _ => None,
        };
        // Entries that change only because their group or environment comes back or
        // goes (a cascade of the same step) are no one's edit of shares.
        if differing
            .as_ref()
            .is_some_and(|d| d.iter().all(|t| structural.contains(t)))
        {
            return Ok(());
        }
        if c.member == actor {
            return Err(Error::denied("nobody can change its own shares or roles"));
        }
        if self.runs_account(actor, c.owner) {
            return Ok(());
        }
        // A delegate on an environment may change direct entries there, nothing else.
        if let Some(targets) = differing
            && targets.iter().all(|t| matches!(t, ShareTarget::Env(_)))
        {
            for t in targets {
                if let ShareTarget::Env(e) = t
                    && self.envs.get(e.index()).is_some_and(Option::is_some)
                {
                    self.require_env_admin(actor, e)?;
                }
            }
            return Ok(());
        }
        self.require_member_admin(actor, c.owner)
    }

    /// Does `now_value` (what a step left a record with) fit the platform? `was` is
    /// the record before the step, for a record the step removed.
    pub(crate) fn still_consistent(
        &self,
        now_value: &Change,
        was: &Change,
    ) -> std::result::Result<(), String> {
        match (now_value, was) {
            (Change::Group(id, Some(g)), _) => {
                self.alive_account(g.owner)?;
                let expected = match g.parent {
                    Some(p) => match self.groups.get(p.index()).and_then(Option::as_ref) {
                        Some(parent) if parent.owner == g.owner => {
                            format!("{}/{}", parent.path, g.name)
                        }
                        _ => return Err(format!("the parent of group '{}' is gone", g.path)),
                    },
                    None => g.name.clone(),
                };
                let twin = self
                    .groups_of(g.owner)
                    .any(|x| x != *id && self.group(x).path == g.path);
                if twin || expected != g.path || self.group_by_path(g.owner, &g.path) != Some(*id) {
                    return Err(format!("group '{}' exists again", g.path));
                }
                // Subgroups made since would keep a path under the old name.
                for child in self.children_of(*id) {
                    let c = self.group(child);
                    if c.path != format!("{}/{}", g.path, c.name) {
                        return Err(format!("group '{}' has new subgroups since", c.path));
                    }
                }
                match self.group_look_alike(g.owner, g.parent, &g.name, Some(*id)) {
                    Some(why) => Err(why.to_string()),
                    None => Ok(()),
                }
            }
            (Change::Group(id, None), Change::Group(_, Some(old))) => {
                if self.children_of(*id).next().is_some()
                    || self.envs_in_group(*id).next().is_some()
                {
                    return Err(format!("group '{}' has been used since", old.path));
                }
                self.unreferenced(old.owner, ShareTarget::Group(*id), &old.path)
            }
            (Change::Env(id, Some(e)), _) => {
                self.alive_account(e.owner)?;
                self.alive_account(e.creator)?;
                if self.env_by_name(&e.name) != Some(*id) {
                    return Err(format!("environment {} exists again", e.name));
                }
                for g in &e.groups {
                    if !owned(&self.groups, g.index(), e.owner, |x| x.owner) {
                        return Err(format!("a group of environment {} is gone", e.name));
                    }
                }
                Ok(())
            }
            (Change::Env(id, None), Change::Env(_, Some(old))) => {
                self.unreferenced(old.owner, ShareTarget::Env(*id), &old.name)
            }
            (Change::Role(id, Some(r)), _) => {
                self.alive_account(r.owner)?;
                let lower = r.name.to_lowercase();
                let twin = self
                    .roles_of(r.owner)
                    .any(|x| x != *id && self.role(x).name.to_lowercase() == lower);
                if twin || self.role_by_name(r.owner, &r.name) != Some(*id) {
                    return Err(format!("role '{}' exists again", r.name));
                }
                if let Some(why) = self.role_look_alike(r.owner, &r.name, Some(*id)) {
                    return Err(why.to_string());
                }
                for pol in &r.policies {
                    if let PolicyRef::Custom(c) = pol
                        && !owned(&self.policies, c.index(), r.owner, |x| x.owner)
                    {
                        return Err(format!("a policy of role '{}' is gone", r.name));
                    }
                }
                Ok(())
            }
            (Change::Role(id, None), Change::Role(_, Some(old))) => {
                let used = self.collabs_of_owner(old.owner).any(|c| {
                    self.collab(c)
                        .shares
                        .values()
                        .any(|roles| roles.contains(id))
                });
                if used {
                    return Err(format!("role '{}' has been granted since", old.name));
                }
                Ok(())
            }
            (Change::Policy(id, Some(pol)), _) => {
                self.alive_account(pol.owner)?;
                let lower = pol.name.to_lowercase();
                let twin = self
                    .custom_policies_of(pol.owner)
                    .any(|x| x != *id && self.custom_policy(x).name.to_lowercase() == lower);
                if twin || self.custom_policy_by_name(pol.owner, &pol.name) != Some(*id) {
                    return Err(format!("policy '{}' exists again", pol.name));
                }
                Ok(())
            }
            (Change::Policy(id, None), Change::Policy(_, Some(old))) => {
                let used = self
                    .roles_of(old.owner)
                    .any(|r| self.role(r).policies.contains(&PolicyRef::Custom(*id)));
                if used {
                    return Err(format!("policy '{}' has been used since", old.name));
                }
                Ok(())
            }
            (Change::Collab(id, Some(c)), _) => {
                self.alive_account(c.owner)?;
                self.alive_account(c.member)?;
                let twin = self
                    .collabs_of_owner(c.owner)
                    .any(|x| x != *id && self.collab(x).member == c.member);
                if twin || self.collab_of(c.owner, c.member) != Some(*id) {
                    return Err(format!(
                        "{} has been invited again since",
                        self.account(c.member).email
                    ));
                }
                for (t, roles) in &c.shares {
                    let alive = match t {
                        ShareTarget::AllEnvs | ShareTarget::AllGroups => true,
                        ShareTarget::Group(g) => {
                            owned(&self.groups, g.index(), c.owner, |x| x.owner)
                        }
                        ShareTarget::Env(e) => owned(&self.envs, e.index(), c.owner, |x| x.owner),
                    };
                    let roles_alive = roles
                        .iter()
                        .all(|r| owned(&self.roles, r.index(), c.owner, |x| x.owner));
                    if !alive || !roles_alive {
                        return Err(format!(
                            "something shared with {} is gone",
                            self.account(c.member).email
                        ));
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn alive_account(&self, a: AccountId) -> std::result::Result<(), String> {
        if self.has_account(a) {
            Ok(())
        } else {
            Err("an account it names is gone".into())
        }
    }

    /// No share entry of `owner`'s members points at `target` (about to be removed).
    fn unreferenced(
        &self,
        owner: AccountId,
        target: ShareTarget,
        name: &str,
    ) -> std::result::Result<(), String> {
        if self
            .collabs_of_owner(owner)
            .any(|c| self.collab(c).shares.contains_key(&target))
        {
            return Err(format!("'{name}' has been shared since"));
        }
        Ok(())
    }
}
