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
use super::sentence::{ReasonSink, words};

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

/// Why a method is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grant {
    /// The owner may call every method on its own environments.
    Owner,
    /// A role of the member's effective level holds a policy with the method.
    Role {
        level: AccessLevel,
        role: RoleId,
        policy: PolicyRef,
    },
}

impl Grant {
    /// The role and policy that allowed it (none for the owner).
    pub fn role(&self) -> Option<(RoleId, PolicyRef)> {
        match self {
            Grant::Owner => None,
            Grant::Role { role, policy, .. } => Some((*role, *policy)),
        }
    }
}

/// Why a method is denied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Asked by the member itself about an environment it cannot see at all: the
    /// answer names neither the environment's owner nor how it relates to it (who
    /// owns an environment and how it is grouped are the owner's to show).
    NoView,
    NotMember,
    NotActive(CollabStatus),
    NoRoles,
    MissingMethod {
        level: AccessLevel,
        roles: RoleList,
    },
}

/// An allow carries its grant, a deny its reason: the two cannot disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allow(Grant),
    Deny(Reason),
}

/// The answer to `check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub member: AccountId,
    pub env: EnvId,
    pub method: MethodId,
    pub level: Level,
    pub roles: RoleList,
    pub verdict: Verdict,
}

impl Decision {
    pub fn allowed(&self) -> bool {
        matches!(self.verdict, Verdict::Allow(_))
    }

    /// The role and policy that allowed the method, when a role did.
    pub fn granted_by(&self) -> Option<(RoleId, PolicyRef)> {
        match &self.verdict {
            Verdict::Allow(grant) => grant.role(),
            Verdict::Deny(_) => None,
        }
    }
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
        // Only an active collaboration's entries decide; the others are denied as they are.
        let configured = match relation {
            Relation::Member(c, CollabStatus::Active) => {
                Some(self.configured_access(self.collab(c), env))
            }
            _ => None,
        };
        self.decide(member, env, method, relation, configured)
    }

    /// [`Platform::check`] as `asker` is answered (`None`: the operator). A member
    /// asking about itself on an environment it cannot see learns that it has no
    /// access, and nothing of the environment's owner ([`Reason::NoView`]).
    pub fn check_as(
        &self,
        asker: Option<AccountId>,
        member: AccountId,
        env: EnvId,
        method: MethodId,
    ) -> Decision {
        let mut d = self.check(member, env, method);
        if asker == Some(member) && d.level == Level::None {
            d.verdict = Verdict::Deny(Reason::NoView);
        }
        d
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
            level,
            roles,
            verdict: Verdict::Deny(reason),
        };
        match relation {
            Relation::Owner => Decision {
                member,
                env,
                method,
                level: Level::Owner,
                roles: RoleList::new(),
                verdict: Verdict::Allow(Grant::Owner),
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
                        level: access.level.level(),
                        roles: access.roles,
                        verdict: Verdict::Allow(Grant::Role {
                            level: access.level,
                            role,
                            policy,
                        }),
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
                .is_some_and(smallvec::SmallVec::is_empty),
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
        let mut s = String::new();
        self.write_reason(d, &mut s);
        s
    }

    /// Writes [`reason_text`](Self::reason_text) into `out` piece by piece, without
    /// building the sentence first (`check --batch` escapes it straight into its
    /// output, and keeps what it made of each account's and environment's name).
    pub fn write_reason(&self, d: &Decision, out: &mut impl ReasonSink) {
        let cat = Catalogue::get();
        let owner = self.env(d.env).owner;
        let method = cat.method_name(d.method);
        match &d.verdict {
            Verdict::Allow(Grant::Owner) => {
                out.account(self, d.member);
                out.words(words!(" owns "));
                out.env(self, d.env);
                out.words(words!(" and may call every method on it"));
            }
            Verdict::Allow(Grant::Role {
                level,
                role,
                policy,
            }) => {
                out.words(words!("role "));
                out.text(&self.role(*role).name);
                out.words(words!(" grants "));
                out.text(method);
                out.words(words!(" through policy "));
                out.text(self.policy_id(*policy));
                out.words(words!(" ("));
                out.text(level.level().as_str());
                out.words(words!(" access)"));
            }
            Verdict::Deny(Reason::NoView) => {
                out.account(self, d.member);
                out.words(words!(" has no access to "));
                out.env(self, d.env);
            }
            Verdict::Deny(Reason::NotMember) => {
                out.account(self, d.member);
                out.words(words!(" is not a member of "));
                out.account(self, owner);
                out.words(words!("'s account"));
            }
            Verdict::Deny(Reason::NotActive(status)) => {
                out.account(self, d.member);
                out.words(words!("'s collaboration with "));
                out.account(self, owner);
                out.words(words!(" is "));
                out.text(status.as_str());
                out.words(words!("; only an active collaboration grants access"));
            }
            Verdict::Deny(Reason::NoRoles) => {
                out.words(words!("no access level gives "));
                out.account(self, d.member);
                out.words(words!(" a role on "));
                out.env(self, d.env);
                out.words(words!(" (no direct, group or base roles)"));
            }
            Verdict::Deny(Reason::MissingMethod { level, roles }) => {
                out.words(words!("the "));
                out.text(level.level().as_str());
                out.words(words!(" roles ("));
                let mut names: Vec<&str> =
                    roles.iter().map(|r| self.role(*r).name.as_str()).collect();
                names.sort_by(|a, b| super::access::cmp_ci(a, b));
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        out.words(words!(", "));
                    }
                    out.text(name);
                }
                out.words(words!(") lack "));
                out.text(method);
                for (i, p) in cat.policies_with(d.method).iter().enumerate() {
                    out.words(if i == 0 {
                        words!("; it is in policy ")
                    } else {
                        words!(", ")
                    });
                    out.text(&cat.policy(*p).id);
                }
            }
        }
    }
}
