//! Answers with their reasons: `check` (may this member call this method here, and
//! which role and policy say so) and `explain` (the full trace of section 4).
//!
//! Like an authorizer that returns its reasons, every answer carries the facts that
//! decided it; the sentence for people is built from those facts on demand.

use super::access::{Access, AccessLevel, GroupSource};
use super::catalogue::Catalogue;
use super::model::{
    AccountId, CollabId, CollabStatus, EnvId, GroupId, Level, MethodId, PolicyRef, RoleId,
    RoleList, ShareTarget,
};
use super::platform::Platform;

/// How an account relates to an environment's owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Owner,
    Member(CollabId, CollabStatus),
    NotMember,
}

impl Relation {
    /// The `status` field of `explain`.
    pub fn status_str(self) -> &'static str {
        match self {
            Relation::Owner => "owner",
            Relation::Member(_, s) => s.as_str(),
            Relation::NotMember => "none",
        }
    }
}

/// Why a method is allowed or denied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    Owner,
    Granted {
        level: AccessLevel,
        role: RoleId,
        policy: PolicyRef,
    },
    NotMember,
    NotActive(CollabStatus),
    NoRoles,
    MissingMethod {
        level: AccessLevel,
        roles: RoleList,
    },
}

/// The answer to `check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub member: AccountId,
    pub env: EnvId,
    pub method: MethodId,
    pub allowed: bool,
    pub level: Level,
    pub roles: RoleList,
    pub granted_by: Option<(RoleId, PolicyRef)>,
    pub reason: Reason,
}

/// One group of the environment in an explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupTrace {
    pub group: GroupId,
    /// Empty when the group resolved to nothing (unshared, or shared without roles).
    pub roles: RoleList,
    pub from: Option<GroupSource>,
}

/// The answer to `explain`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub member: AccountId,
    pub env: EnvId,
    pub owner: AccountId,
    pub relation: Relation,
    /// Roles of the direct entry, when it carries roles.
    pub direct: Option<RoleList>,
    /// A direct entry exists without roles (it only makes the environment visible).
    pub direct_ticked: bool,
    /// Every group of the environment, in path order.
    pub groups: Vec<GroupTrace>,
    /// Roles of the *all environments* entry, when it carries roles.
    pub base: Option<RoleList>,
    /// What the entries give as configured, whatever the status.
    pub configured: Access,
    /// What applies now: the configured access if active, else none.
    pub level: Level,
    pub roles: RoleList,
    pub policies: Vec<PolicyRef>,
    pub notify: bool,
    pub action: Option<Decision>,
}

impl Platform {
    pub fn relation(&self, account: AccountId, env: EnvId) -> Relation {
        let owner = self.env(env).owner;
        if owner == account {
            return Relation::Owner;
        }
        match self.collab_of(owner, account) {
            Some(c) => Relation::Member(c, self.collab(c).status),
            None => Relation::NotMember,
        }
    }

    /// May `member` call `method` on `env`? The hot path of the whole engine.
    pub fn check(&self, member: AccountId, env: EnvId, method: MethodId) -> Decision {
        let relation = self.relation(member, env);
        let configured = match relation {
            Relation::Member(c, _) => Some(self.configured_access(self.collab(c), env)),
            _ => None,
        };
        self.decide(member, env, method, relation, configured)
    }

    fn decide(
        &self,
        member: AccountId,
        env: EnvId,
        method: MethodId,
        relation: Relation,
        configured: Option<Access>,
    ) -> Decision {
        let deny = |level, roles, reason| Decision {
            member,
            env,
            method,
            allowed: false,
            level,
            roles,
            granted_by: None,
            reason,
        };
        match relation {
            Relation::Owner => Decision {
                member,
                env,
                method,
                allowed: true,
                level: Level::Owner,
                roles: RoleList::new(),
                granted_by: None,
                reason: Reason::Owner,
            },
            Relation::NotMember => deny(Level::None, RoleList::new(), Reason::NotMember),
            Relation::Member(_, status) if status != CollabStatus::Active => {
                deny(Level::None, RoleList::new(), Reason::NotActive(status))
            }
            Relation::Member(..) => {
                let access = configured.unwrap_or_default();
                if access.is_none() {
                    return deny(Level::None, RoleList::new(), Reason::NoRoles);
                }
                match self.grant(&access.roles, method) {
                    Some((role, policy)) => Decision {
                        member,
                        env,
                        method,
                        allowed: true,
                        level: access.level.level(),
                        roles: access.roles,
                        granted_by: Some((role, policy)),
                        reason: Reason::Granted {
                            level: access.level,
                            role,
                            policy,
                        },
                    },
                    None => deny(
                        access.level.level(),
                        access.roles.clone(),
                        Reason::MissingMethod {
                            level: access.level,
                            roles: access.roles,
                        },
                    ),
                }
            }
        }
    }

    /// The full trace of section 4 for `member` on `env`, and optionally a method.
    pub fn explain(&self, member: AccountId, env: EnvId, method: Option<MethodId>) -> Explanation {
        let e = self.env(env);
        let relation = self.relation(member, env);
        let collab = match relation {
            Relation::Member(c, _) => Some(self.collab(c)),
            _ => None,
        };
        let mut groups: Vec<GroupTrace> = e
            .groups
            .iter()
            .map(|g| {
                let resolved = collab.and_then(|c| self.resolve_group(c, *g));
                GroupTrace {
                    group: *g,
                    roles: resolved.map(|(r, _)| r.clone()).unwrap_or_default(),
                    from: resolved.map(|(_, s)| s),
                }
            })
            .collect();
        groups.sort_by(|a, b| {
            super::access::cmp_ci(&self.group(a.group).path, &self.group(b.group).path)
        });
        let configured = collab.map(|c| self.configured_access(c, env));
        let (level, roles) = match relation {
            Relation::Owner => (Level::Owner, RoleList::new()),
            Relation::Member(_, CollabStatus::Active) => {
                let a = configured.clone().unwrap_or_default();
                (a.level.level(), a.roles)
            }
            _ => (Level::None, RoleList::new()),
        };
        let policies = self.policies_of_roles(&roles);
        let notify = relation == Relation::Owner || self.roles_notify(&roles);
        let action = method.map(|m| self.decide(member, env, m, relation, configured.clone()));
        Explanation {
            member,
            env,
            owner: e.owner,
            relation,
            direct: collab.and_then(|c| c.roles_at(ShareTarget::Env(env)).cloned()),
            direct_ticked: collab
                .and_then(|c| c.entry(ShareTarget::Env(env)))
                .is_some_and(Vec::is_empty),
            groups,
            base: collab.and_then(|c| c.roles_at(ShareTarget::AllEnvs).cloned()),
            configured: configured.unwrap_or_default(),
            level,
            roles,
            policies,
            notify,
            action,
        }
    }

    /// The sentence for a decision, for people.
    pub fn reason_text(&self, d: &Decision) -> String {
        let cat = Catalogue::get();
        let member = &self.account(d.member).email;
        let env = &self.env(d.env).name;
        let owner = &self.account(self.env(d.env).owner).email;
        let method = cat.method_name(d.method);
        match &d.reason {
            Reason::Owner => format!("{member} owns {env} and may call every method on it"),
            Reason::Granted {
                level,
                role,
                policy,
            } => format!(
                "role {} grants {method} through policy {} ({} access)",
                self.role(*role).name,
                self.policy_id(*policy),
                level.level()
            ),
            Reason::NotMember => format!("{member} is not a member of {owner}'s account"),
            Reason::NotActive(status) => format!(
                "{member}'s collaboration with {owner} is {status}; only an active collaboration grants access"
            ),
            Reason::NoRoles => format!(
                "no access level gives {member} a role on {env} (no direct, group or base roles)"
            ),
            Reason::MissingMethod { level, roles } => {
                let names = self.sorted_role_names(roles).join(", ");
                let holders: Vec<&str> = cat
                    .policies_with(d.method)
                    .iter()
                    .map(|p| cat.policy(*p).id.as_str())
                    .collect();
                let needs = if holders.is_empty() {
                    String::new()
                } else {
                    format!("; it is in policy {}", holders.join(", "))
                };
                format!("the {} roles ({names}) lack {method}{needs}", level.level())
            }
        }
    }
}
