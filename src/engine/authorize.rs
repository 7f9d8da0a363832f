//! Who may do what (domain.md section 5): the owner, active members through their
//! effective policies, per-environment delegates and account-wide delegates.
//!
//! Each function answers one question of the rules and, when the answer is no, says
//! what was missing in the platform's words.

use super::access::system_policy;
use super::catalogue::Catalogue;
use super::error::{Error, Result};
use super::model::{AccountId, CollabId, EnvId, GroupId, Level, MethodId, ShareTarget};
use super::platform::Platform;

pub const COLLABORATION_MANAGE: &str = "collaboration.manage";
pub const BILLING_VIEW: &str = "billing.view";

impl Platform {
    /// The active collaboration of `member` with `owner`, or why there is none.
    pub(crate) fn active_collab(&self, owner: AccountId, member: AccountId) -> Result<CollabId> {
        let owner_email = &self.account(owner).email;
        match self.collab_of(owner, member) {
            Some(c) if self.collab(c).is_active() => Ok(c),
            Some(c) => Err(Error::denied(format!(
                "your collaboration with {owner_email} is {}",
                self.collab(c).status
            ))),
            None => Err(Error::denied(format!(
                "you are not a member of {owner_email}'s account"
            ))),
        }
    }

    /// What a method needs, named by the system policies that contain it.
    pub(crate) fn needs_text(m: MethodId, place: &str) -> String {
        let cat = Catalogue::get();
        let holders: Vec<&str> = cat
            .policies_with(m)
            .iter()
            .map(|p| cat.policy(*p).id.as_str())
            .collect();
        let what = if holders.is_empty() {
            cat.method_name(m).to_string()
        } else {
            holders.join(" or ")
        };
        format!("needs {what} on {place}")
    }

    /// The refusal to an account that cannot see `env`, saying only that: who owns an
    /// environment is not a stranger's to learn (`who`, `explain` and every command on
    /// the environment refuse it in these words).
    pub(crate) fn no_access(&self, env: EnvId) -> Error {
        Error::denied(format!("you have no access to {}", self.env(env).name))
    }

    /// The actor sees `env` (owns it or has access to it), else [`Platform::no_access`].
    pub(crate) fn require_sees_env(&self, actor: AccountId, env: EnvId) -> Result<()> {
        if self.can_see_env(actor, env) {
            Ok(())
        } else {
            Err(self.no_access(env))
        }
    }

    /// The actor may call `m` on an existing environment: its effective access there
    /// (read once) holds `m`; without any access, [`Platform::no_access`].
    pub(crate) fn require_method(&self, actor: AccountId, env: EnvId, m: MethodId) -> Result<()> {
        let (level, roles) = self.access_of(actor, env);
        match level {
            Level::Owner => Ok(()),
            Level::None => Err(self.no_access(env)),
            _ if self.roles_grant(&roles, m) => Ok(()),
            _ => Err(Error::denied(Self::needs_text(m, &self.env(env).name))),
        }
    }

    /// The actor may call `m` on a group of `owner` (or its root): the roles it would
    /// have on a new environment placed there.
    pub(crate) fn require_group_method(
        &self,
        actor: AccountId,
        owner: AccountId,
        group: Option<GroupId>,
        m: MethodId,
    ) -> Result<()> {
        if owner == actor {
            return Ok(());
        }
        let c = self.active_collab(owner, actor)?;
        let roles = self.roles_on_group(self.collab(c), group);
        if self.roles_grant(&roles, m) {
            return Ok(());
        }
        let place = match group {
            Some(g) => format!("group '{}'", self.group(g).path),
            None => format!(
                "the root of {}'s account (the Environments entry)",
                self.account(owner).email
            ),
        };
        Err(Error::denied(Self::needs_text(m, &place)))
    }

    /// A member whose effective policies on `env` include collaboration.manage.
    pub fn is_delegate_on(&self, account: AccountId, env: EnvId) -> bool {
        let owner = self.env(env).owner;
        if owner == account {
            return false;
        }
        match self.collab_of(owner, account) {
            Some(c) => {
                let a = self.effective_access(self.collab(c), env);
                self.roles_hold_policy(&a.roles, system_policy(COLLABORATION_MANAGE))
            }
            None => false,
        }
    }

    /// A member holding collaboration.manage through the *all environments* entry.
    pub fn is_account_wide_delegate(&self, account: AccountId, owner: AccountId) -> bool {
        match self.collab_of(owner, account) {
            Some(c) if self.collab(c).is_active() => self
                .collab(c)
                .roles_at(ShareTarget::AllEnvs)
                .is_some_and(|r| self.roles_hold_policy(r, system_policy(COLLABORATION_MANAGE))),
            _ => false,
        }
    }

    /// Whether `viewer` runs `owner`'s account: the owner and an account-wide delegate,
    /// who may list, see and manage every member, share entry and group. Anyone else
    /// sees its own collaboration only (section 5), plus, as a delegate on an
    /// environment, every member's entry there ([`Platform::sees_entries_on`]).
    pub fn runs_account(&self, viewer: AccountId, owner: AccountId) -> bool {
        viewer == owner || self.is_account_wide_delegate(viewer, owner)
    }

    /// Whether `viewer` may see collaboration `c` at all (its status, its entries):
    /// its member, and whoever sees every member's entries of its owner.
    pub fn sees_collab(&self, viewer: AccountId, c: CollabId) -> bool {
        let rec = self.collab(c);
        viewer == rec.member || self.runs_account(viewer, rec.owner)
    }

    /// Whether `viewer` sees every member's entry for `env`: [`Platform::runs_account`]
    /// or a delegate on `env` (who sees every member's row in its table).
    pub fn sees_entries_on(&self, viewer: AccountId, env: EnvId) -> bool {
        self.runs_account(viewer, self.env(env).owner) || self.is_delegate_on(viewer, env)
    }

    /// The owner itself or an account-wide delegate may manage the owner's members.
    pub(crate) fn require_member_admin(&self, actor: AccountId, owner: AccountId) -> Result<()> {
        if self.runs_account(actor, owner) {
            Ok(())
        } else {
            Err(Error::denied(format!(
                "needs {COLLABORATION_MANAGE} in the Environments entry of {}'s account",
                self.account(owner).email
            )))
        }
    }

    /// The owner or a delegate on `env` may manage direct access there.
    pub(crate) fn require_env_admin(&self, actor: AccountId, env: EnvId) -> Result<()> {
        let e = self.env(env);
        if e.owner == actor || self.is_delegate_on(actor, env) {
            Ok(())
        } else {
            self.require_sees_env(actor, env)?;
            Err(Error::denied(format!(
                "needs {COLLABORATION_MANAGE} on {}",
                e.name
            )))
        }
    }

    /// Prices are shown to the owner and to holders of billing.view there.
    pub fn can_see_prices(&self, viewer: AccountId, env: EnvId) -> bool {
        let (level, roles) = self.access_of(viewer, env);
        level == Level::Owner || self.roles_hold_policy(&roles, system_policy(BILLING_VIEW))
    }

    /// The viewer owns the environment or has effective access to it.
    pub fn can_see_env(&self, viewer: AccountId, env: EnvId) -> bool {
        self.access_of(viewer, env).0 != Level::None
    }

    /// May `asker` ask about `member` on `env` (`check`, `explain`)? The member itself,
    /// the owner and a delegate on the environment may.
    pub fn may_ask_about(&self, asker: AccountId, member: AccountId, env: EnvId) -> bool {
        asker == member || self.env(env).owner == asker || self.is_delegate_on(asker, env)
    }

    /// The owner's label for the member of `c`, if `viewer` may see it: the operator
    /// (`None`), the owner, an account-wide delegate of the owner, or a delegate on
    /// `env` (in that environment's collaboration table). The member itself does not
    /// see how the owner labels it (README: members never see the owner's labels
    /// without the matching policy).
    pub fn label_for(
        &self,
        viewer: Option<AccountId>,
        c: CollabId,
        env: Option<EnvId>,
    ) -> Option<&str> {
        let rec = self.collab(c);
        let sees = match viewer {
            None => true,
            Some(v) => {
                self.runs_account(v, rec.owner) || env.is_some_and(|e| self.is_delegate_on(v, e))
            }
        };
        sees.then_some(rec.name.as_str())
    }
}
