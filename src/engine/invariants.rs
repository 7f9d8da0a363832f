//! Every invariant of the platform in one function: references resolve, names are
//! unique, the group forest has no cycle, no share entry points at something gone,
//! and the indexes equal a rebuild from scratch. Run after every change in debug
//! builds and by the property tests.

use std::collections::HashSet;

use super::model::{AccountId, EnvId, GroupId, PolicyRef, RoleId, ShareTarget};
use super::platform::Platform;

impl Platform {
    pub fn check_invariants(&self) -> Result<(), String> {
        let alive_account =
            |a: AccountId| self.accounts.get(a.index()).is_some_and(Option::is_some);
        let alive_env = |e: EnvId| self.envs.get(e.index()).is_some_and(Option::is_some);
        let alive_group = |g: GroupId| self.groups.get(g.index()).is_some_and(Option::is_some);
        let alive_role = |r: RoleId| self.roles.get(r.index()).is_some_and(Option::is_some);
        let mut emails = HashSet::new();
        for a in self.account_ids() {
            if !emails.insert(self.account(a).email.clone()) {
                return Err(format!("duplicate account {}", self.account(a).email));
            }
        }
        for g in self.group_ids() {
            let group = self.group(g);
            if !alive_account(group.owner) {
                return Err(format!("group {} has a dangling owner", group.path));
            }
            let mut seen = HashSet::new();
            let mut at = Some(g);
            while let Some(x) = at {
                if !seen.insert(x) {
                    return Err(format!("group {} is in a cycle", group.path));
                }
                if !alive_group(x) {
                    return Err(format!("group {} has a dangling parent", group.path));
                }
                let gx = self.group(x);
                if gx.owner != group.owner {
                    return Err(format!(
                        "group {} has a parent of another owner",
                        group.path
                    ));
                }
                at = gx.parent;
            }
            let expected = match group.parent {
                Some(p) => format!("{}/{}", self.group(p).path, group.name),
                None => group.name.clone(),
            };
            if expected != group.path {
                return Err(format!("group path {} should be {expected}", group.path));
            }
        }
        for e in self.env_ids() {
            let env = self.env(e);
            if !alive_account(env.owner) || !alive_account(env.creator) {
                return Err(format!("environment {} has a dangling account", env.name));
            }
            if !env.groups.is_sorted_by(|a, b| a < b) {
                return Err(format!("environment {} groups are not sorted", env.name));
            }
            for g in &env.groups {
                if !alive_group(*g) || self.group(*g).owner != env.owner {
                    return Err(format!(
                        "environment {} is in a foreign or missing group",
                        env.name
                    ));
                }
            }
        }
        for r in self.role_ids() {
            let role = self.role(r);
            if role.policies.is_empty() {
                return Err(format!("role {} has no policy", role.name));
            }
            for p in &role.policies {
                if let PolicyRef::Custom(id) = p
                    && (self.policies.get(id.index()).is_none_or(Option::is_none)
                        || self.custom_policy(*id).owner != role.owner)
                {
                    return Err(format!(
                        "role {} uses a missing or foreign policy",
                        role.name
                    ));
                }
            }
        }
        for c in self.collab_ids() {
            let rec = self.collab(c);
            if !alive_account(rec.owner) || !alive_account(rec.member) || rec.owner == rec.member {
                return Err(format!("collaboration {c:?} has bad accounts"));
            }
            for (t, roles) in &rec.shares {
                let ok = match t {
                    ShareTarget::AllEnvs | ShareTarget::AllGroups => true,
                    ShareTarget::Group(g) => alive_group(*g) && self.group(*g).owner == rec.owner,
                    ShareTarget::Env(e) => alive_env(*e) && self.env(*e).owner == rec.owner,
                };
                if !ok {
                    return Err(format!(
                        "collaboration {c:?} has an entry for a missing or foreign target"
                    ));
                }
                if !roles.is_sorted_by(|a, b| a < b) {
                    return Err(format!("collaboration {c:?} has unsorted roles"));
                }
                for r in roles {
                    if !alive_role(*r) || self.role(*r).owner != rec.owner {
                        return Err(format!(
                            "collaboration {c:?} uses a missing or foreign role"
                        ));
                    }
                }
            }
        }
        if !self.tasks.is_sorted_by(|a, b| a.seq < b.seq) {
            return Err("task sequence numbers do not increase".into());
        }
        if self.rebuilt_indexes() != self.index {
            return Err("indexes differ from a rebuild".into());
        }
        if let Some(pair) = self.look_alike_siblings() {
            return Err(pair);
        }
        Ok(())
    }
}
