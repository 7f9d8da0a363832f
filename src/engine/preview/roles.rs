//! What an edited or deleted role does: the policies it gains and loses, and how
//! many members hold it.

use super::{Measure, RoleEffect};
use crate::engine::model::{PolicyRef, Role, RoleId};
use crate::engine::platform::Platform;

impl Measure {
    pub(super) fn role_effect(&mut self, p: &Platform, id: RoleId, old: Option<&Role>) {
        let now = p.roles.get(id.index()).and_then(Option::as_ref);
        let ids = |r: Option<&Role>| -> Vec<String> {
            r.map(|r| r.policies.iter().map(|x| p.policy_id_lossy(*x)).collect())
                .unwrap_or_default()
        };
        let (before, after) = (ids(old), ids(now));
        let Some(name) = now.or(old).map(|r| r.name.clone()) else {
            return;
        };
        if old.is_none() {
            return; // a new role: nobody holds it yet
        }
        self.role_ids.push(id);
        self.roles.push(RoleEffect {
            role: name,
            gained: after
                .iter()
                .filter(|x| !before.contains(x))
                .cloned()
                .collect(),
            lost: before
                .iter()
                .filter(|x| !after.contains(x))
                .cloned()
                .collect(),
            deleted: now.is_none(),
            members: 0,
        });
    }

    /// Holders counted before the command (a deleted role's holders are who lose it).
    pub(super) fn count_holders(&mut self, p: &Platform) {
        for (effect, id) in self.roles.iter_mut().zip(&self.role_ids) {
            let Some(role) = p.roles.get(id.index()).and_then(Option::as_ref) else {
                continue;
            };
            effect.members = p
                .collabs_of_owner(role.owner)
                .filter(|c| p.collab(*c).shares.values().any(|rs| rs.contains(id)))
                .count();
        }
    }
}

impl Platform {
    /// A policy's id, or a placeholder if it no longer exists (a policy deleted by the
    /// same command).
    fn policy_id_lossy(&self, p: PolicyRef) -> String {
        match p {
            PolicyRef::Custom(id) if self.policies.get(id.index()).is_none_or(Option::is_none) => {
                "(deleted policy)".to_string()
            }
            other => self.policy_id(other).to_string(),
        }
    }
}
