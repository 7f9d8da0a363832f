//! Members in every status with their share entries, and the task log they leave.

use super::{
    DAY, DAY_SECONDS, Generator, Owner, PRIMARY_EMAIL, TASK_METHODS, TASKS_START, account_email,
    account_name,
};
use crate::engine::access::cmp_ci;
use crate::engine::catalogue::Catalogue;
use crate::engine::document::{CollabDoc, ShareDoc, TaskDoc};
use crate::engine::model::CollabStatus;
use crate::engine::time::Timestamp;

impl Generator {
    /// The status of each member of the primary (pool accounts `1..=members`): one of
    /// each status first, then mostly active.
    pub(super) fn member_statuses(&mut self) -> Vec<CollabStatus> {
        use CollabStatus::{Active, Left, Pending, Rejected, Suspended};
        (0..self.spec.members)
            .map(|i| match i {
                0 => Active,
                1 => Pending,
                2 => Suspended,
                3 => Left,
                4 => Rejected,
                _ => match self.rng.below(100) {
                    0..70 => Active,
                    70..80 => Pending,
                    80..88 => Suspended,
                    88..94 => Left,
                    _ => Rejected,
                },
            })
            .collect()
    }

    /// Roles for one entry: none now and then (`none_percent`), else 1 to `max`.
    pub(super) fn entry_roles(
        &mut self,
        roles: &[String],
        none_percent: usize,
        max: usize,
    ) -> Vec<String> {
        if roles.is_empty() || self.rng.chance(none_percent) {
            return Vec::new();
        }
        let n = self.rng.between(1, max);
        let mut out = self.sample(roles, n);
        out.sort_by(|a, b| cmp_ci(a, b));
        out
    }

    /// Share entries of all four kinds for one member, `count` of them at most.
    pub(super) fn entries(&mut self, owner: &Owner, count: usize, spread: usize) -> Vec<ShareDoc> {
        let mut out: Vec<ShareDoc> = Vec::with_capacity(count);
        if self.rng.chance(45) {
            let roles = self.entry_roles(&owner.roles, 10, 2);
            out.push(ShareDoc {
                target: "envs".into(),
                roles,
            });
        }
        if self.rng.chance(40) {
            let roles = self.entry_roles(&owner.roles, 15, 2);
            out.push(ShareDoc {
                target: "groups".into(),
                roles,
            });
        }
        let mut attempts = 0;
        while out.len() < count && attempts < 4 * count {
            attempts += 1;
            let target = if !owner.groups.is_empty() && self.rng.chance(55) {
                self.rng.pick(&owner.groups).map(|g| format!("group:{g}"))
            } else {
                self.rng.pick(&owner.envs).map(|e| format!("env:{e}"))
            };
            let Some(target) = target else { continue };
            if out.iter().any(|s| s.target == target) {
                continue;
            }
            let roles = self.entry_roles(&owner.roles, 20, spread);
            out.push(ShareDoc { target, roles });
        }
        out
    }

    pub(super) fn changed_time(&mut self) -> String {
        let back = self.rng.between_i64(1, 120) * DAY + self.rng.between_i64(0, DAY_SECONDS - 1);
        Timestamp(TASKS_START - back).to_rfc3339()
    }

    pub(super) fn primary_members(&mut self, primary: &Owner, statuses: &[CollabStatus]) {
        for (i, status) in statuses.iter().enumerate() {
            let index = i + 1;
            let count = self.rng.between(5, 20);
            let shares = self.entries(primary, count, 3);
            let invitations = match status {
                CollabStatus::Pending | CollabStatus::Rejected => self.rng.between_u32(1, 3),
                _ => 1,
            };
            let changed = self.changed_time();
            self.doc.collaborations.push(CollabDoc {
                owner: PRIMARY_EMAIL.to_string(),
                member: account_email(index),
                name: account_name(index),
                status: status.as_str().to_string(),
                changed,
                invitations,
                shares,
            });
        }
    }

    /// A few thousand tasks on the owners' environments, by owners and active members,
    /// some of the members' attempts denied.
    pub(super) fn tasks(&mut self, owners: &[Owner]) {
        let spec = self.spec;
        let count = (spec.envs / 2 + spec.members * 2).clamp(50, 4000);
        let cat = Catalogue::get();
        let with_envs: Vec<&Owner> = owners.iter().filter(|o| !o.envs.is_empty()).collect();
        self.doc.tasks.reserve(count);
        for seq in 1..=count {
            let owner = if self.rng.chance(85) {
                with_envs.first().copied()
            } else {
                self.rng.pick(&with_envs).copied()
            };
            let Some(owner) = owner else { break };
            let Some(env) = self.rng.pick(&owner.envs).cloned() else {
                break;
            };
            let method = self
                .rng
                .pick(&TASK_METHODS)
                .copied()
                .unwrap_or("env.control.GetLogs");
            let member = if self.rng.chance(50) {
                self.rng.pick(&owner.active).cloned()
            } else {
                None
            };
            let denied = member.is_some() && self.rng.chance(8);
            let reason = denied.then(|| {
                let policy = cat
                    .method(method)
                    .and_then(|m| cat.policies_with(m).first().copied())
                    .map_or(method, |p| cat.policy(p).id.as_str());
                format!(
                    "you don't have enough permissions to perform this action: needs {policy} on {env}"
                )
            });
            self.next_task_time += self.rng.between_i64(30, 900);
            self.doc.tasks.push(TaskDoc {
                seq: seq as u64,
                time: Timestamp(self.next_task_time).to_rfc3339(),
                owner: owner.email.clone(),
                env: Some(env),
                method: method.to_string(),
                initiator: member.unwrap_or_else(|| owner.email.clone()),
                outcome: if denied { "denied" } else { "done" }.to_string(),
                reason,
            });
        }
    }
}
