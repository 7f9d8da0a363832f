//! Names to ids, with refusals that say what does exist. Used by commands and by
//! queries alike, so "no such role" reads the same everywhere.

use std::collections::BTreeSet;

use super::access::cmp_ci;
use super::catalogue::Catalogue;
use super::error::{Error, Result};
use super::model::{
    AccountId, CollabId, Collaboration, EnvId, GroupId, MethodId, PolicyRef, RoleId,
};
use super::platform::Platform;
use super::validate;

const HINT_ITEMS: usize = 12;

fn list_hint(label: &str, mut names: Vec<String>) -> String {
    if names.is_empty() {
        return format!("{label}: none yet");
    }
    names.sort_by(|a, b| cmp_ci(a, b));
    let more = names.len().saturating_sub(HINT_ITEMS);
    names.truncate(HINT_ITEMS);
    let mut s = format!("{label}: {}", names.join(", "));
    if more > 0 {
        s = format!("{s} and {more} more");
    }
    s
}

impl Platform {
    pub fn find_account(&self, email: &str) -> Result<AccountId> {
        let key = email.to_ascii_lowercase();
        self.account_by_email(&key)
            .ok_or_else(|| Error::not_found("account", email))
    }

    pub fn find_env(&self, name: &str) -> Result<EnvId> {
        self.env_by_name(name)
            .ok_or_else(|| Error::not_found("environment", name))
    }

    pub fn find_group(&self, owner: AccountId, path: &str) -> Result<GroupId> {
        self.lookup_group(owner, path, true)
    }

    /// [`Platform::find_group`] as `actor` asks it. The owner and its account-wide
    /// delegates see every group, and a refusal lists them. Anyone else must first be
    /// an active member (a stranger hears that, whatever the path), and a group the
    /// member does not see ([`Platform::member_sees_group`]) reads as one that does not
    /// exist: otherwise the difference between "no such group" and "you may not" would
    /// tell a member which group paths exist on the account.
    pub fn find_group_as(&self, actor: AccountId, owner: AccountId, path: &str) -> Result<GroupId> {
        if self.runs_account(actor, owner) {
            return self.lookup_group(owner, path, true);
        }
        let c = self.active_collab(owner, actor)?;
        let g = self.lookup_group(owner, path, false)?;
        if self.member_sees_group(self.collab(c), g) {
            Ok(g)
        } else {
            Err(Error::not_found("group", path))
        }
    }

    /// Whether `actor` sees group `g` of `owner`: every group when it runs the account
    /// (the owner, an account-wide delegate), else as an active member
    /// ([`Platform::member_sees_group`]). What the app offers and what a command may
    /// name agree.
    pub fn sees_group(&self, actor: AccountId, owner: AccountId, g: GroupId) -> bool {
        self.runs_account(actor, owner)
            || self.collab_of(owner, actor).is_some_and(|c| {
                let rec = self.collab(c);
                rec.is_active() && self.member_sees_group(rec, g)
            })
    }

    /// Whether a member sees one of its owner's groups: the group or one below it
    /// shows itself to the member ([`Platform::group_shows_itself`]). Seen groups'
    /// parents are seen.
    pub(crate) fn member_sees_group(&self, c: &Collaboration, g: GroupId) -> bool {
        self.subtree(g)
            .into_iter()
            .any(|sg| self.group_shows_itself(c, sg))
    }

    /// The groups of `owner` that `actor` sees ([`Platform::sees_group`]), for many
    /// questions in a row: each group is looked at once, and marks its parents, where
    /// asking group by group would walk every subtree again.
    pub fn groups_seen(&self, actor: AccountId, owner: AccountId) -> BTreeSet<GroupId> {
        if self.runs_account(actor, owner) {
            return self.groups_of(owner).collect();
        }
        let Some(c) = self
            .collab_of(owner, actor)
            .map(|c| self.collab(c))
            .filter(|c| c.is_active())
        else {
            return BTreeSet::new();
        };
        let mut seen = BTreeSet::new();
        for g in self.groups_of(owner) {
            if seen.contains(&g) || !self.group_shows_itself(c, g) {
                continue;
            }
            let mut at = Some(g);
            while let Some(x) = at {
                if !seen.insert(x) {
                    break;
                }
                at = self.group(x).parent;
            }
        }
        seen
    }

    /// A group a member sees on its own account, apart from its subgroups: one where it
    /// holds roles (an environment placed there would give it access), or one holding
    /// an environment it has access to (shown with that environment's groups, whose
    /// paths name their parents).
    fn group_shows_itself(&self, c: &Collaboration, g: GroupId) -> bool {
        !self.roles_on_group(c, Some(g)).is_empty()
            || self
                .envs_in_group(g)
                .any(|e| !self.effective_access(c, e).is_none())
    }

    /// A group by path; a refusal lists the owner's groups when `list` says so.
    fn lookup_group(&self, owner: AccountId, path: &str, list: bool) -> Result<GroupId> {
        validate::group_path(path)?;
        self.group_by_path(owner, path).ok_or_else(|| {
            if !list {
                return Error::not_found("group", path);
            }
            let names = self
                .groups_of(owner)
                .map(|g| self.group(g).path.clone())
                .collect();
            Error::not_found_hint(
                "group",
                path,
                list_hint(&format!("groups of {}", self.account(owner).email), names),
            )
        })
    }

    pub fn find_role(&self, owner: AccountId, name: &str) -> Result<RoleId> {
        self.role_by_name(owner, name).ok_or_else(|| {
            let names = self
                .roles_of(owner)
                .map(|r| self.role(r).name.clone())
                .collect();
            Error::not_found_hint(
                "role",
                name,
                list_hint(&format!("roles of {}", self.account(owner).email), names),
            )
        })
    }

    /// A policy by system id or by the owner's custom name.
    pub fn find_policy(&self, owner: AccountId, name: &str) -> Result<PolicyRef> {
        if let Some(i) = Catalogue::get().policy_by_id(name) {
            return Ok(PolicyRef::System(i));
        }
        self.custom_policy_by_name(owner, name)
            .map(PolicyRef::Custom)
            .ok_or_else(|| {
                Error::not_found_hint(
                    "policy",
                    name,
                    "see 'collab policy list' for the system policies and your custom ones",
                )
            })
    }

    /// A method by full name or short action name.
    pub fn find_method(&self, action: &str) -> Result<MethodId> {
        Catalogue::get().resolve_action(action).ok_or_else(|| {
            let names = Catalogue::get()
                .actions
                .iter()
                .map(|(n, _)| n.clone())
                .collect::<Vec<_>>();
            Error::not_found_hint(
                "action",
                action,
                format!(
                    "use a method such as env.control.StartEnv or one of: {}",
                    names.join(", ")
                ),
            )
        })
    }

    /// The collaboration of `member` (by email) with `owner`.
    pub fn find_collab(&self, owner: AccountId, member: &str) -> Result<CollabId> {
        let owner_email = &self.account(owner).email;
        let not_member = || {
            Error::not_found_hint(
                "member",
                member,
                format!(
                    "{} is not a member of {owner_email}'s account",
                    validate::shown(member)
                ),
            )
        };
        let m = self.find_account(member).map_err(|_| not_member())?;
        self.collab_of(owner, m).ok_or_else(not_member)
    }
}
