//! Read-only views of the platform as plain rows, in exactly the shapes of the
//! command-line contract (cli.md, "JSON shapes"), filtered to what the viewer may see.
//!
//! Rows are data, not text: the command line prints them as JSON or tables, the app
//! draws them. Fields marked `skip` are extra facts for people, not part of the
//! contract.

use serde::Serialize;

use super::access::{GroupSource, cmp_ci};
use super::catalogue::Catalogue;
use super::decision::{Decision, Explanation, Relation};
use super::error::{Error, Result};
use super::model::{
    AccountId, CollabId, CollabStatus, Collaboration, EnvId, EnvStatus, GroupId, Level, PolicyRef,
    RoleId, Task,
};
use super::platform::Platform;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct AccountRow {
    pub email: String,
    pub name: String,
    pub environments: usize,
    pub members: usize,
    pub collaborations: usize,
    #[serde(skip)]
    pub pending_invitations: usize,
    #[serde(skip)]
    pub max_environments: u32,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GrantRow {
    pub role: String,
    pub policy: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CheckRow {
    pub allowed: bool,
    pub member: String,
    pub env: String,
    pub method: String,
    pub level: Level,
    pub roles: Vec<String>,
    pub granted_by: Option<GrantRow>,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ActionRow {
    pub method: String,
    pub allowed: bool,
    pub granted_by: Option<GrantRow>,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GroupLevelRow {
    pub group: String,
    pub roles: Vec<String>,
    /// The group whose entry supplied the roles, or `*` for the category default.
    pub from: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct LevelsRow {
    pub direct: Option<Vec<String>>,
    pub groups: Vec<GroupLevelRow>,
    pub base: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ExplainRow {
    pub member: String,
    pub env: String,
    pub owner: String,
    pub status: String,
    pub level: Level,
    pub roles: Vec<String>,
    pub policies: Vec<String>,
    pub notify: bool,
    pub levels: LevelsRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionRow>,
    /// Every group of the environment, with what it resolved to (empty: nothing).
    #[serde(skip)]
    pub all_groups: Vec<GroupLevelRow>,
    #[serde(skip)]
    pub direct_ticked: bool,
    /// The level the entries give as configured, whatever the status.
    #[serde(skip)]
    pub configured_level: Level,
    #[serde(skip)]
    pub configured_roles: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct AccessRow {
    pub env: String,
    pub owner: String,
    pub level: Level,
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct WhoRow {
    pub account: String,
    pub level: Level,
    pub roles: Vec<String>,
    pub status: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct AlertRow {
    pub env: String,
    pub notify: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ShareRow {
    pub member: String,
    pub roles: Vec<String>,
    pub level: Level,
    pub status: CollabStatus,
    #[serde(skip)]
    pub name: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ShareEntryRow {
    pub target: String,
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct MemberRow {
    pub email: String,
    pub name: String,
    pub status: CollabStatus,
    pub shares: Vec<ShareEntryRow>,
    #[serde(skip)]
    pub changed: String,
    #[serde(skip)]
    pub owner: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CollaborationRow {
    pub owner: String,
    pub status: CollabStatus,
    pub shares: Vec<ShareEntryRow>,
    #[serde(skip)]
    pub changed: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct EnvRow {
    pub name: String,
    pub owner: String,
    pub creator: String,
    pub status: EnvStatus,
    pub groups: Vec<String>,
    pub level: Level,
    pub roles: Vec<String>,
    #[serde(skip)]
    pub cloudlets: u32,
    /// Cents per hour, when the viewer may see prices.
    #[serde(skip)]
    pub cents_per_hour: Option<u64>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct RoleRow {
    pub name: String,
    pub policies: Vec<String>,
    pub notify: bool,
    pub description: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PolicyRow {
    pub id: String,
    pub name: String,
    pub category: String,
    pub description: String,
    pub methods: Vec<String>,
    pub system: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TaskRow {
    pub seq: u64,
    pub time: String,
    pub env: Option<String>,
    pub method: String,
    pub initiator: String,
    pub outcome: String,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GroupRow {
    pub owner: String,
    pub group: String,
}

impl Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for CollabStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for EnvStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn sort_ci<T>(rows: &mut [T], key: impl Fn(&T) -> &str) {
    rows.sort_by(|a, b| cmp_ci(key(a), key(b)));
}

impl Platform {
    fn email(&self, a: AccountId) -> String {
        self.account(a).email.clone()
    }

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

    fn grant_row(&self, g: Option<(RoleId, PolicyRef)>) -> Option<GrantRow> {
        g.map(|(r, p)| GrantRow {
            role: self.role(r).name.clone(),
            policy: self.policy_id(p).to_string(),
        })
    }

    pub fn check_row(&self, d: &Decision) -> CheckRow {
        CheckRow {
            allowed: d.allowed,
            member: self.email(d.member),
            env: self.env(d.env).name.clone(),
            method: Catalogue::get().method_name(d.method).to_string(),
            level: d.level,
            roles: self.sorted_role_names(&d.roles),
            granted_by: self.grant_row(d.granted_by),
            reason: self.reason_text(d),
        }
    }

    /// Whether `asker` may ask `check`/`explain` about `member` on `env`.
    pub fn require_may_ask(
        &self,
        asker: Option<AccountId>,
        member: AccountId,
        env: EnvId,
    ) -> Result<()> {
        match asker {
            Some(a) if !self.may_ask_about(a, member, env) => Err(Error::denied(format!(
                "you may ask only about yourself, about your own environments, or where you hold collaboration.manage (on {})",
                self.env(env).name
            ))),
            _ => Ok(()),
        }
    }

    pub fn explain_row(&self, x: &Explanation) -> ExplainRow {
        let group_row = |g: &super::decision::GroupTrace| GroupLevelRow {
            group: self.group(g.group).path.clone(),
            roles: self.sorted_role_names(&g.roles),
            from: match g.from {
                Some(GroupSource::Group(s)) => self.group(s).path.clone(),
                Some(GroupSource::Category) => "*".to_string(),
                None => String::new(),
            },
        };
        let all_groups: Vec<GroupLevelRow> = x.groups.iter().map(group_row).collect();
        ExplainRow {
            member: self.email(x.member),
            env: self.env(x.env).name.clone(),
            owner: self.email(x.owner),
            status: x.relation.status_str().to_string(),
            level: x.level,
            roles: self.sorted_role_names(&x.roles),
            policies: x
                .policies
                .iter()
                .map(|p| self.policy_id(*p).to_string())
                .collect(),
            notify: x.notify,
            levels: LevelsRow {
                direct: x.direct.as_ref().map(|r| self.sorted_role_names(r)),
                groups: all_groups
                    .iter()
                    .filter(|g| !g.roles.is_empty())
                    .cloned()
                    .collect(),
                base: x.base.as_ref().map(|r| self.sorted_role_names(r)),
            },
            action: x.action.as_ref().map(|d| ActionRow {
                method: Catalogue::get().method_name(d.method).to_string(),
                allowed: d.allowed,
                granted_by: self.grant_row(d.granted_by),
                reason: self.reason_text(d),
            }),
            all_groups,
            direct_ticked: x.direct_ticked,
            configured_level: if x.relation == Relation::Owner {
                Level::Owner
            } else {
                x.configured.level.level()
            },
            configured_roles: self.sorted_role_names(&x.configured.roles),
        }
    }

    /// Every environment `member` can reach, seen by `asker` (`None`: the operator).
    pub fn access_rows(&self, asker: Option<AccountId>, member: AccountId) -> Vec<AccessRow> {
        let visible = |e: EnvId| match asker {
            None => true,
            Some(a) => a == member || self.env(e).owner == a || self.is_delegate_on(a, e),
        };
        let mut rows: Vec<AccessRow> = self
            .envs_of(member)
            .filter(|e| visible(*e))
            .map(|e| AccessRow {
                env: self.env(e).name.clone(),
                owner: self.email(member),
                level: Level::Owner,
                roles: Vec::new(),
            })
            .collect();
        for c in self.collabs_of_member(member) {
            let rec = self.collab(c);
            if !rec.is_active() {
                continue;
            }
            for (e, access) in self.reachable(rec) {
                if visible(e) {
                    rows.push(AccessRow {
                        env: self.env(e).name.clone(),
                        owner: self.email(rec.owner),
                        level: access.level.level(),
                        roles: self.sorted_role_names(&access.roles),
                    });
                }
            }
        }
        sort_ci(&mut rows, |r| &r.env);
        rows
    }

    /// Who sees `env`, and whether `asker` sees everyone or only the owner and itself.
    fn env_audience(&self, asker: Option<AccountId>, env: EnvId) -> Result<Option<AccountId>> {
        match asker {
            None => Ok(None),
            Some(a) if self.env(env).owner == a || self.is_delegate_on(a, env) => Ok(None),
            Some(a) if self.can_see_env(a, env) => Ok(Some(a)),
            Some(_) => Err(Error::denied(format!(
                "you have no access to {}",
                self.env(env).name
            ))),
        }
    }

    /// The owner first, then every member with access, by email.
    pub fn who_rows(&self, asker: Option<AccountId>, env: EnvId) -> Result<Vec<WhoRow>> {
        let only = self.env_audience(asker, env)?;
        let owner = self.env(env).owner;
        let mut members: Vec<WhoRow> = self
            .collabs_of_owner(owner)
            .filter_map(|c| {
                let rec = self.collab(c);
                if only.is_some_and(|a| a != rec.member) {
                    return None;
                }
                let a = self.effective_access(rec, env);
                (!a.is_none()).then(|| WhoRow {
                    account: self.email(rec.member),
                    level: a.level.level(),
                    roles: self.sorted_role_names(&a.roles),
                    status: rec.status.as_str().to_string(),
                })
            })
            .collect();
        sort_ci(&mut members, |r| &r.account);
        let mut rows = vec![WhoRow {
            account: self.email(owner),
            level: Level::Owner,
            roles: Vec::new(),
            status: "owner".to_string(),
        }];
        rows.extend(members);
        Ok(rows)
    }

    /// Who a load alert on `env` notifies: the owner and every active member with a
    /// notify role there.
    pub fn alert_recipients(&self, env: EnvId) -> Vec<AccountId> {
        let owner = self.env(env).owner;
        let mut out = vec![owner];
        for c in self.collabs_of_owner(owner) {
            let rec = self.collab(c);
            let a = self.effective_access(rec, env);
            if self.roles_notify(&a.roles) {
                out.push(rec.member);
            }
        }
        out
    }

    pub fn alert_row(&self, asker: Option<AccountId>, env: EnvId) -> Result<AlertRow> {
        let only = self.env_audience(asker, env)?;
        let owner = self.env(env).owner;
        let mut notify: Vec<String> = self
            .alert_recipients(env)
            .into_iter()
            .filter(|a| only.is_none_or(|me| *a == me || *a == owner))
            .map(|a| self.email(a))
            .collect();
        notify.sort_by(|a, b| cmp_ci(a, b));
        Ok(AlertRow {
            env: self.env(env).name.clone(),
            notify,
        })
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
                    name: rec.name.clone(),
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
                ids.extend(self.reachable(rec).into_iter().map(|(e, _)| e));
            }
        }
        let mut rows: Vec<EnvRow> = ids.into_iter().map(|e| self.env_row(viewer, e)).collect();
        sort_ci(&mut rows, |r| &r.name);
        rows
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
            env: t.env.clone(),
            method: t.method.clone(),
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
        let visible = |t: &Task| {
            t.owner == viewer
                || t.initiator == viewer
                || self
                    .task_env(t)
                    .is_some_and(|e| self.can_see_env(viewer, e))
        };
        self.tasks
            .iter()
            .rev()
            .filter(|t| env.is_none_or(|n| t.env.as_deref() == Some(n)))
            .filter(|t| visible(t))
            .take(limit.unwrap_or(usize::MAX))
            .map(|t| self.task_row(t))
            .collect()
    }

    /// The environment a task is about, if it still exists: the one of that name
    /// created no later than the task (records follow identity, not names).
    pub fn task_env(&self, t: &Task) -> Option<EnvId> {
        let e = self.env_by_name(t.env.as_deref()?)?;
        (t.seq >= self.env(e).since).then_some(e)
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
