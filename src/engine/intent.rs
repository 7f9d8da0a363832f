//! "May I start this?": the engine's answer for the steps that begin with a form (a
//! dialog whose command is not known until it is filled in): inviting, copying a
//! member, creating, cloning or transferring an environment, direct access, groups,
//! roles and policies.
//!
//! Each answer is the authorization the command itself checks first, through the same
//! functions of `authorize`, so a key is enabled exactly when the finished command
//! could pass; what the form's fields must hold is validated as they are typed (the
//! dialogs run `Engine::check` on the command they would submit).

use super::catalogue::Catalogue;
use super::error::{Error, Result};
use super::model::{AccountId, EnvId, GroupId, MethodId};
use super::platform::Platform;

/// A step that starts with a form, about the things it concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Invite a new member to `owner`'s account.
    Invite { owner: AccountId },
    /// Invite a new member with `from`'s shares (`from` is a collaboration of `owner`).
    CopyMember { owner: AccountId, from: AccountId },
    /// Create an environment on `owner`'s account, in `group` or at its root.
    CreateEnv {
        owner: AccountId,
        group: Option<GroupId>,
    },
    /// Clone `env` under a new name.
    CloneEnv { env: EnvId },
    /// Transfer `env` to another account.
    TransferEnv { env: EnvId },
    /// Attach `env` to one of its owner's groups.
    AttachEnv { env: EnvId },
    /// Give, change or remove members' direct access on `env`.
    DirectAccess { env: EnvId },
    /// Create a group of `owner` under `parent` (at the root: `None`).
    AddGroup {
        owner: AccountId,
        parent: Option<GroupId>,
    },
    /// Rename `group`.
    RenameGroup { group: GroupId },
    /// Define (add or copy) roles and custom policies of `owner`.
    DefineRoles { owner: AccountId },
}

fn method(name: &str) -> Result<MethodId> {
    Catalogue::get()
        .method(name)
        .ok_or_else(|| Error::not_found("method", name))
}

impl Platform {
    /// May `actor` start `intent`? `Err` carries the refusal the finished command
    /// would meet (the same typed error, the same words).
    pub fn may(&self, actor: AccountId, intent: &Intent) -> Result<()> {
        match *intent {
            Intent::Invite { owner } => self.require_member_admin(actor, owner),
            Intent::CopyMember { owner, from } => {
                self.require_member_admin(actor, owner)?;
                if from == actor {
                    return Err(Error::denied("nobody can change its own shares or roles"));
                }
                Ok(())
            }
            Intent::CreateEnv { owner, group } => {
                let m = method("env.control.CreateEnvironment")?;
                self.require_group_method(actor, owner, group, m)
            }
            Intent::CloneEnv { env } => {
                self.require_method(actor, env, method("env.control.CloneEnv")?)
            }
            Intent::TransferEnv { env } => {
                self.require_method(actor, env, method("env.control.SendTransferRequest")?)
            }
            Intent::AttachEnv { env } => {
                self.require_method(actor, env, method("env.group.AttachEnv")?)
            }
            Intent::DirectAccess { env } => self.require_env_admin(actor, env),
            Intent::AddGroup { owner, parent } => {
                let m = method("env.group.CreateGroup")?;
                self.require_group_method(actor, owner, parent, m)
            }
            Intent::RenameGroup { group } => {
                let g = self.group(group);
                let m = method("env.group.EditGroup")?;
                self.require_group_method(actor, g.owner, g.parent, m)
            }
            Intent::DefineRoles { owner } => {
                if owner == actor {
                    Ok(())
                } else {
                    Err(Error::denied(format!(
                        "roles and custom policies are defined by {} alone",
                        self.account(owner).email
                    )))
                }
            }
        }
    }
}
