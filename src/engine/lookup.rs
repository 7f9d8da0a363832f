//! Names to ids, with refusals that say what does exist. Used by commands and by
//! queries alike, so "no such role" reads the same everywhere.

use super::access::cmp_ci;
use super::catalogue::Catalogue;
use super::error::{Error, Result};
use super::model::{AccountId, CollabId, EnvId, GroupId, MethodId, PolicyRef, RoleId};
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

    /// [`Platform::find_group`] as `actor` asks it: the refusal lists the owner's
    /// groups only to the owner and its account-wide delegates, who may see them all;
    /// any other member gets the refusal alone.
    pub fn find_group_as(&self, actor: AccountId, owner: AccountId, path: &str) -> Result<GroupId> {
        self.lookup_group(owner, path, self.runs_account(actor, owner))
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
