//! Answers about access: checks, explanations, who reaches what, alert recipients.

use super::{
    AccessRow, ActionRow, AlertRow, CheckRow, ExplainRow, GrantRow, GroupLevelRow, LevelsRow,
    RoleNames, WhoRow, sort_by_email,
};
use crate::engine::access::{GroupSource, cmp_ci};
use crate::engine::catalogue::Catalogue;
use crate::engine::decision::{Decision, Explanation, Relation};
use crate::engine::error::{Error, Result};
use crate::engine::model::{AccountId, EnvId, Level, PolicyRef, RoleId};
use crate::engine::platform::Platform;

impl Platform {
    fn grant_row(&self, g: Option<(RoleId, PolicyRef)>) -> Option<GrantRow> {
        g.map(|(r, p)| GrantRow {
            role: self.role(r).name.clone(),
            policy: self.policy_id(p).to_string(),
        })
    }

    pub fn check_row(&self, d: &Decision) -> CheckRow {
        CheckRow {
            allowed: d.allowed(),
            member: self.email(d.member),
            env: self.env(d.env).name.clone(),
            method: Catalogue::get().method_name(d.method).to_string(),
            level: d.level,
            roles: self.sorted_role_names(&d.roles),
            granted_by: self.grant_row(d.granted_by()),
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

    /// Whether `asker` may have `explain` trace `member` on `env`: as for `check`
    /// ([`Platform::require_may_ask`]), and a member asking about itself only where it
    /// has access: the trace names the environment's owner and groups, which an
    /// environment the member cannot see does not show it (as `who` refuses it).
    pub fn require_may_explain(
        &self,
        asker: Option<AccountId>,
        member: AccountId,
        env: EnvId,
    ) -> Result<()> {
        self.require_may_ask(asker, member, env)?;
        match asker {
            Some(a) if a == member && !self.can_see_env(a, env) => Err(self.no_access(env)),
            _ => Ok(()),
        }
    }

    pub fn explain_row(&self, x: &Explanation) -> ExplainRow {
        let group_row = |g: &crate::engine::decision::GroupTrace| GroupLevelRow {
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
                allowed: d.allowed(),
                granted_by: self.grant_row(d.granted_by()),
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

    /// Every environment `member` can reach, seen by `asker` (`None`: the operator),
    /// by name. One pass over each collaboration's owner's environments; nothing is
    /// copied but the rows.
    pub fn access_rows(&self, asker: Option<AccountId>, member: AccountId) -> Vec<AccessRow<'_>> {
        let visible = |e: EnvId| match asker {
            None => true,
            Some(a) => a == member || self.env(e).owner == a || self.is_delegate_on(a, e),
        };
        let me = self.account(member).email.as_str();
        let mut rows: Vec<AccessRow<'_>> = self
            .envs_of(member)
            .filter(|e| visible(*e))
            .map(|e| AccessRow {
                env_id: e,
                env: &self.env(e).name,
                owner: me,
                level: Level::Owner,
                roles: RoleNames::new(),
            })
            .collect();
        for c in self.collabs_of_member(member) {
            let rec = self.collab(c);
            if !rec.is_active() {
                continue;
            }
            let owner = self.account(rec.owner).email.as_str();
            self.access_each(rec, self.envs_of(rec.owner), |_, e, level, roles| {
                if visible(e) {
                    rows.push(AccessRow {
                        env_id: e,
                        env: &self.env(e).name,
                        owner,
                        level: level.level(),
                        roles: self.sorted_role_refs(roles),
                    });
                }
            });
        }
        self.sort_by_env_name(&mut rows, |r| r.env_id);
        rows
    }

    /// Who sees `env`, and whether `asker` sees everyone or only the owner and itself.
    pub(super) fn env_audience(
        &self,
        asker: Option<AccountId>,
        env: EnvId,
    ) -> Result<Option<AccountId>> {
        match asker {
            None => Ok(None),
            Some(a) if self.env(env).owner == a || self.is_delegate_on(a, env) => Ok(None),
            Some(a) if self.can_see_env(a, env) => Ok(Some(a)),
            Some(_) => Err(self.no_access(env)),
        }
    }

    /// The owner first, then every member with access, by email.
    pub fn who_rows(&self, asker: Option<AccountId>, env: EnvId) -> Result<Vec<WhoRow<'_>>> {
        let only = self.env_audience(asker, env)?;
        let owner = self.env(env).owner;
        let mut members: Vec<WhoRow<'_>> = self
            .collabs_of_owner(owner)
            .filter_map(|c| {
                let rec = self.collab(c);
                if only.is_some_and(|a| a != rec.member) {
                    return None;
                }
                let a = self.effective_access(rec, env);
                (!a.is_none()).then(|| WhoRow {
                    account: &self.account(rec.member).email,
                    level: a.level.level(),
                    roles: self.sorted_role_refs(&a.roles),
                    status: rec.status.as_str(),
                })
            })
            .collect();
        sort_by_email(&mut members, |r| r.account);
        let mut rows = vec![WhoRow {
            account: &self.account(owner).email,
            level: Level::Owner,
            roles: RoleNames::new(),
            status: "owner",
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
}
