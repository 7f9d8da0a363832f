//! The lists behind the panes and `list` commands: accounts, members, environments,
//! roles, policies, tasks, groups.

use std::collections::HashMap;
use std::sync::Arc;

use super::{
    AccountRow, CollaborationRow, EnvRow, GroupRow, MemberRow, PolicyRow, RoleRow, ShareEntryRow,
    ShareRow, TaskRow, sort_ci,
};
use crate::engine::access::cmp_ci;
use crate::engine::catalogue::Catalogue;
use crate::engine::error::Result;
use crate::engine::model::{
    AccountId, CollabId, CollabStatus, Collaboration, EnvId, GroupId, PolicyRef, RoleId, Task,
};
use crate::engine::platform::Platform;
use crate::engine::quick_hash::QuickHash;

/// [`Platform::task_env`] for many tasks of one platform: the tasks of one
/// environment share one name (see `Task`), and each shared name is looked up once,
/// by its address, not hashed again for every task.
pub struct TaskEnvs<'p> {
    p: &'p Platform,
    by_name: HashMap<*const u8, Option<EnvId>, QuickHash>,
}

impl TaskEnvs<'_> {
    /// The environment `t`, a task of this platform, is about.
    pub fn of(&mut self, t: &Task) -> Option<EnvId> {
        let name = t.env.as_ref()?;
        let p = self.p;
        let e = *self
            .by_name
            .entry(Arc::as_ptr(name).cast::<u8>())
            .or_insert_with(|| p.env_by_name(name));
        p.task_env_named(t, e?)
    }
}

impl Platform {
    pub fn account_row(&self, id: AccountId) -> AccountRow {
        let a = self.account(id);
        AccountRow {
            email: a.email.clone(),
            name: a.name.clone(),
            environments: self.env_count(id),
            members: self.collabs_of_owner(id).count(),
            collaborations: self.collabs_of_member(id).count(),
            pending_invitations: self
                .collabs_of_member(id)
                .filter(|c| self.collab(*c).status == CollabStatus::Pending)
                .count(),
            max_environments: a.max_environments,
        }
    }

    pub fn account_rows(&self) -> Vec<AccountRow> {
        let mut rows: Vec<AccountRow> = self.account_ids().map(|a| self.account_row(a)).collect();
        sort_ci(&mut rows, |r| &r.email);
        rows
    }

    /// The environment's collaboration table: every member whose entries would give
    /// access if active, with the configured level and roles and the real status.
    pub fn share_rows(&self, asker: Option<AccountId>, env: EnvId) -> Result<Vec<ShareRow>> {
        let only = self.env_audience(asker, env)?;
        let owner = self.env(env).owner;
        let mut rows: Vec<ShareRow> = self
            .collabs_of_owner(owner)
            .filter_map(|c| {
                let rec = self.collab(c);
                if only.is_some_and(|a| a != rec.member) {
                    return None;
                }
                let a = self.configured_access(rec, env);
                (!a.is_none()).then(|| ShareRow {
                    member: self.email(rec.member),
                    roles: self.sorted_role_names(&a.roles),
                    level: a.level.level(),
                    status: rec.status,
                    name: self
                        .label_for(asker, c, Some(env))
                        .unwrap_or_default()
                        .to_string(),
                })
            })
            .collect();
        sort_ci(&mut rows, |r| &r.member);
        Ok(rows)
    }

    pub fn share_entry_rows(&self, c: &Collaboration) -> Vec<ShareEntryRow> {
        self.share_docs(c)
            .into_iter()
            .map(|d| ShareEntryRow {
                target: d.target,
                roles: d.roles,
            })
            .collect()
    }

    pub fn member_row(&self, c: CollabId) -> MemberRow {
        let rec = self.collab(c);
        MemberRow {
            email: self.email(rec.member),
            name: rec.name.clone(),
            status: rec.status,
            shares: self.share_entry_rows(rec),
            changed: rec.changed.to_rfc3339(),
            owner: self.email(rec.owner),
        }
    }

    /// The owner's members, for the owner or an account-wide delegate.
    pub fn member_rows(&self, actor: AccountId, owner: AccountId) -> Result<Vec<MemberRow>> {
        self.require_member_admin(actor, owner)?;
        let mut rows: Vec<MemberRow> = self
            .collabs_of_owner(owner)
            .map(|c| self.member_row(c))
            .collect();
        sort_ci(&mut rows, |r| &r.email);
        Ok(rows)
    }

    pub fn collaboration_row(&self, c: CollabId) -> CollaborationRow {
        let rec = self.collab(c);
        CollaborationRow {
            owner: self.email(rec.owner),
            status: rec.status,
            shares: self.share_entry_rows(rec),
            changed: rec.changed.to_rfc3339(),
        }
    }

    /// The account's collaborations as a member ("shared with me").
    pub fn collaboration_rows(&self, member: AccountId) -> Vec<CollaborationRow> {
        let mut rows: Vec<CollaborationRow> = self
            .collabs_of_member(member)
            .map(|c| self.collaboration_row(c))
            .collect();
        sort_ci(&mut rows, |r| &r.owner);
        rows
    }

    pub fn env_row(&self, viewer: AccountId, env: EnvId) -> EnvRow {
        let e = self.env(env);
        let (level, roles) = self.access_of(viewer, env);
        let mut groups: Vec<String> = e
            .groups
            .iter()
            .map(|g| self.group(*g).path.clone())
            .collect();
        groups.sort_by(|a, b| cmp_ci(a, b));
        EnvRow {
            name: e.name.clone(),
            owner: self.email(e.owner),
            creator: self.email(e.creator),
            status: e.status,
            groups,
            level,
            roles: self.sorted_role_names(&roles),
            cloudlets: e.cloudlets,
            cents_per_hour: self.can_see_prices(viewer, env).then(|| e.cents_per_hour()),
        }
    }

    /// What the account sees: its own environments and those shared with it.
    pub fn env_rows(&self, viewer: AccountId) -> Vec<EnvRow> {
        let mut ids: Vec<EnvId> = self.envs_of(viewer).collect();
        for c in self.collabs_of_member(viewer) {
            let rec = self.collab(c);
            if rec.is_active() {
                ids.extend(self.reachable_envs(rec));
            }
        }
        self.sort_by_env_name(&mut ids, |e| *e);
        ids.into_iter().map(|e| self.env_row(viewer, e)).collect()
    }

    pub fn role_row(&self, r: RoleId) -> RoleRow {
        let role = self.role(r);
        RoleRow {
            name: role.name.clone(),
            policies: role
                .policies
                .iter()
                .map(|p| self.policy_id(*p).to_string())
                .collect(),
            notify: role.notify,
            description: role.description.clone(),
        }
    }

    pub fn role_rows(&self, owner: AccountId) -> Vec<RoleRow> {
        let mut rows: Vec<RoleRow> = self.roles_of(owner).map(|r| self.role_row(r)).collect();
        sort_ci(&mut rows, |r| &r.name);
        rows
    }

    pub fn policy_row(&self, p: PolicyRef) -> PolicyRow {
        let cat = Catalogue::get();
        match p {
            PolicyRef::System(i) => {
                let sp = cat.policy(i);
                PolicyRow {
                    id: sp.id.clone(),
                    name: sp.name.clone(),
                    category: sp.category.clone(),
                    description: sp.description.clone(),
                    methods: sp
                        .methods
                        .iter()
                        .map(|m| cat.method_name(*m).to_string())
                        .collect(),
                    system: true,
                }
            }
            PolicyRef::Custom(id) => {
                let cp = self.custom_policy(id);
                PolicyRow {
                    id: cp.name.clone(),
                    name: cp.name.clone(),
                    category: "Custom".to_string(),
                    description: cp.description.clone(),
                    methods: cp
                        .methods
                        .iter()
                        .map(|m| cat.method_name(*m).to_string())
                        .collect(),
                    system: false,
                }
            }
        }
    }

    /// The system catalogue plus the viewer's custom policies, by id.
    pub fn policy_rows(&self, viewer: Option<AccountId>) -> Vec<PolicyRow> {
        let cat = Catalogue::get();
        // The catalogue holds at most 65536 policies (`Catalogue::parse` checks).
        let mut rows: Vec<PolicyRow> = (0..)
            .zip(&cat.policies)
            .map(|(i, _)| self.policy_row(PolicyRef::System(i)))
            .collect();
        if let Some(v) = viewer {
            rows.extend(
                self.custom_policies_of(v)
                    .map(|p| self.policy_row(PolicyRef::Custom(p))),
            );
        }
        sort_ci(&mut rows, |r| &r.id);
        rows
    }

    pub fn task_row(&self, t: &Task) -> TaskRow {
        TaskRow {
            seq: t.seq,
            time: t.time.to_rfc3339(),
            env: t.env.as_deref().map(str::to_string),
            method: Catalogue::get().method_name(t.method).to_string(),
            initiator: self.email(t.initiator),
            outcome: t.outcome.as_str().to_string(),
            reason: t.reason.clone(),
        }
    }

    /// The tasks the viewer may see, newest first: on environments it owns (or owned
    /// when the task ran), tasks it initiated, and tasks on environments it can reach.
    pub fn task_rows(
        &self,
        viewer: AccountId,
        env: Option<&str>,
        limit: Option<usize>,
    ) -> Vec<TaskRow> {
        self.tasks
            .iter()
            .rev()
            .filter(|t| env.is_none_or(|n| t.env.as_deref() == Some(n)))
            .filter(|t| self.task_visible(viewer, t))
            .take(limit.unwrap_or(usize::MAX))
            .map(|t| self.task_row(t))
            .collect()
    }

    /// Whether the viewer may see a task: on an environment it owns (or owned when the
    /// task ran), one it initiated, or one on an environment it can reach that ran
    /// under its present owner: what happened before a transfer is the old owner's
    /// (and its members'), not the new owner's team's to read.
    pub fn task_visible(&self, viewer: AccountId, t: &Task) -> bool {
        t.owner == viewer
            || t.initiator == viewer
            || self
                .task_env(t)
                .is_some_and(|e| self.env(e).owner == t.owner && self.can_see_env(viewer, e))
    }

    /// The environment a task is about, if it still exists: the one of that name
    /// created no later than the task (records follow identity, not names).
    pub fn task_env(&self, t: &Task) -> Option<EnvId> {
        self.task_env_named(t, self.env_by_name(t.env.as_deref()?)?)
    }

    /// [`Platform::task_env`], given the environment of the task's name.
    fn task_env_named(&self, t: &Task, e: EnvId) -> Option<EnvId> {
        (t.seq >= self.env(e).since).then_some(e)
    }

    /// [`Platform::task_env`] for many of this platform's tasks.
    pub fn task_envs(&self) -> TaskEnvs<'_> {
        TaskEnvs {
            p: self,
            by_name: HashMap::default(),
        }
    }

    /// Who holds a role: "member (target, target)" for every collaboration of the
    /// owner, any status, sorted by member.
    pub fn role_holders(&self, role: RoleId) -> Vec<String> {
        let p = self;
        let owner = p.role(role).owner;
        let mut users: Vec<(String, Vec<String>)> = p
            .collabs_of_owner(owner)
            .filter_map(|c| {
                let rec = p.collab(c);
                let targets: Vec<String> = rec
                    .shares
                    .iter()
                    .filter(|(_, roles)| roles.contains(&role))
                    .map(|(t, _)| p.target_label(*t))
                    .collect();
                (!targets.is_empty()).then(|| (p.account(rec.member).email.clone(), targets))
            })
            .collect();
        users.sort_by(|a, b| cmp_ci(&a.0, &b.0));
        users
            .into_iter()
            .map(|(m, t)| format!("{m} ({})", t.join(", ")))
            .collect()
    }

    pub fn group_row(&self, g: GroupId) -> GroupRow {
        let group = self.group(g);
        GroupRow {
            owner: self.email(group.owner),
            group: group.path.clone(),
        }
    }
}
