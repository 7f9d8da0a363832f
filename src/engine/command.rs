//! Every change to the platform, as a value. The command line, the app's dialogs and
//! the palette all build one of these and hand it to `Engine::execute`, the one door.
//!
//! Commands name things the way people do (emails, environment names, group paths,
//! role names), so a command can be shown, logged and previewed as typed.

use super::validate::ShareSpec;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberOp {
    Suspend,
    Activate,
    Remove,
    Reinvite,
    Resend,
}

impl MemberOp {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberOp::Suspend => "suspend",
            MemberOp::Activate => "activate",
            MemberOp::Remove => "remove",
            MemberOp::Reinvite => "reinvite",
            MemberOp::Resend => "resend",
        }
    }
}

/// The member's side of a collaboration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Response {
    Accept,
    Reject,
    Leave,
}

impl Response {
    pub fn as_str(self) -> &'static str {
        match self {
            Response::Accept => "accept",
            Response::Reject => "reject",
            Response::Leave => "leave",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    AddAccount {
        email: String,
        name: Option<String>,
        max_environments: Option<u32>,
    },
    AddGroup {
        owner: Option<String>,
        path: String,
    },
    RemoveGroup {
        owner: Option<String>,
        path: String,
    },
    RenameGroup {
        owner: Option<String>,
        path: String,
        new_name: String,
    },
    CreateEnv {
        name: String,
        owner: Option<String>,
        groups: Vec<String>,
        cloudlets: Option<u32>,
    },
    AttachEnv {
        env: String,
        group: String,
        owner: Option<String>,
    },
    DetachEnv {
        env: String,
        group: String,
        owner: Option<String>,
    },
    DeleteEnv {
        env: String,
    },
    CloneEnv {
        env: String,
        new_name: String,
    },
    TransferEnv {
        env: String,
        to: String,
    },
    /// Perform one method on an environment (a method or a short action name).
    EnvDo {
        env: String,
        action: String,
    },
    AddRole {
        name: String,
        policies: Vec<String>,
        description: Option<String>,
        notify: bool,
    },
    EditRole {
        name: String,
        /// `Some` replaces the whole policy list.
        policies: Option<Vec<String>>,
        rename: Option<String>,
        description: Option<String>,
        notify: Option<bool>,
    },
    CopyRole {
        name: String,
        new_name: String,
    },
    DeleteRole {
        name: String,
        force: bool,
    },
    AddPolicy {
        name: String,
        methods: Vec<String>,
        description: Option<String>,
    },
    EditPolicy {
        name: String,
        methods: Option<Vec<String>>,
        description: Option<String>,
    },
    DeletePolicy {
        name: String,
        force: bool,
    },
    InviteMember {
        owner: Option<String>,
        email: String,
        name: Option<String>,
        shares: Vec<ShareSpec>,
    },
    EditMember {
        owner: Option<String>,
        email: String,
        name: Option<String>,
        /// `Some` replaces the member's whole share set.
        shares: Option<Vec<ShareSpec>>,
    },
    CopyMember {
        owner: Option<String>,
        from: String,
        to: String,
        name: Option<String>,
    },
    Member {
        owner: Option<String>,
        email: String,
        op: MemberOp,
    },
    Respond {
        owner: String,
        response: Response,
    },
    SetDirect {
        env: String,
        member: String,
        roles: Vec<String>,
    },
    RemoveDirect {
        env: String,
        member: String,
    },
}

impl Command {
    /// Whether a permission refusal of the command may leave a denied task in the log
    /// (domain.md section 8): the operations on an environment. A caller that asks
    /// `Engine::may_run` first must still send these through the door when refused.
    pub fn refusal_is_logged(&self) -> bool {
        matches!(
            self,
            Command::EnvDo { .. }
                | Command::DeleteEnv { .. }
                | Command::CloneEnv { .. }
                | Command::TransferEnv { .. }
        )
    }

    /// Whether the command deletes an environment: `env delete`, or `env do` with an
    /// action that names the deletion (`delete`, `env.control.DeleteEnv`). The app
    /// confirms both alike: an environment operation cannot be undone.
    pub fn deletes_env(&self) -> bool {
        match self {
            Command::DeleteEnv { .. } => true,
            Command::EnvDo { action, .. } => {
                let cat = super::catalogue::Catalogue::get();
                cat.resolve_action(action)
                    .is_some_and(|m| cat.method_name(m) == "env.control.DeleteEnv")
            }
            _ => false,
        }
    }

    /// Whether the command needs an acting account (all but creating an account).
    pub fn needs_actor(&self) -> bool {
        !matches!(self, Command::AddAccount { .. })
    }

    /// Whether undo can revert the command: changes to the collaboration's
    /// configuration can; environment operations act on real systems, an account
    /// belongs to the platform, and a member's answer to an invitation is its own
    /// (leave, or ask for a re-invitation, instead).
    pub fn undoable(&self) -> bool {
        match self {
            Command::AddGroup { .. }
            | Command::RemoveGroup { .. }
            | Command::RenameGroup { .. }
            | Command::AttachEnv { .. }
            | Command::DetachEnv { .. }
            | Command::AddRole { .. }
            | Command::EditRole { .. }
            | Command::CopyRole { .. }
            | Command::DeleteRole { .. }
            | Command::AddPolicy { .. }
            | Command::EditPolicy { .. }
            | Command::DeletePolicy { .. }
            | Command::InviteMember { .. }
            | Command::EditMember { .. }
            | Command::CopyMember { .. }
            | Command::Member { .. }
            | Command::SetDirect { .. }
            | Command::RemoveDirect { .. } => true,
            Command::AddAccount { .. }
            | Command::CreateEnv { .. }
            | Command::DeleteEnv { .. }
            | Command::CloneEnv { .. }
            | Command::TransferEnv { .. }
            | Command::EnvDo { .. }
            | Command::Respond { .. } => false,
        }
    }

    /// A short label for undo/redo and messages: the command as typed.
    pub fn label(&self) -> String {
        match self {
            Command::AddAccount { email, .. } => format!("account add {email}"),
            Command::AddGroup { path, .. } => format!("group add {path}"),
            Command::RemoveGroup { path, .. } => format!("group remove {path}"),
            Command::RenameGroup { path, new_name, .. } => {
                format!("group rename {path} {new_name}")
            }
            Command::CreateEnv { name, .. } => format!("env create {name}"),
            Command::AttachEnv { env, group, .. } => format!("env attach {env} --group {group}"),
            Command::DetachEnv { env, group, .. } => format!("env detach {env} --group {group}"),
            Command::DeleteEnv { env } => format!("env delete {env}"),
            Command::CloneEnv { env, new_name } => format!("env clone {env} {new_name}"),
            Command::TransferEnv { env, to } => format!("env transfer {env} --to {to}"),
            Command::EnvDo { env, action } => format!("env do {env} {action}"),
            Command::AddRole { name, .. } => format!("role add {name}"),
            Command::EditRole { name, .. } => format!("role edit {name}"),
            Command::CopyRole { name, new_name } => format!("role copy {name} {new_name}"),
            Command::DeleteRole { name, force } => format!("role delete {name}{}", forced(*force)),
            Command::AddPolicy { name, .. } => format!("policy add {name}"),
            Command::EditPolicy { name, .. } => format!("policy edit {name}"),
            Command::DeletePolicy { name, force } => {
                format!("policy delete {name}{}", forced(*force))
            }
            Command::InviteMember { email, .. } => format!("member invite {email}"),
            Command::EditMember { email, .. } => format!("member edit {email}"),
            Command::CopyMember { from, to, .. } => format!("member copy {from} {to}"),
            Command::Member { email, op, .. } => format!("member {} {email}", op.as_str()),
            Command::Respond { owner, response } => format!("{} {owner}", response.as_str()),
            Command::SetDirect { env, member, .. } => format!("share set {env} --member {member}"),
            Command::RemoveDirect { env, member } => {
                format!("share remove {env} --member {member}")
            }
        }
    }
}

/// A label's `--force`, when the command forces.
fn forced(force: bool) -> &'static str {
    if force { " --force" } else { "" }
}
