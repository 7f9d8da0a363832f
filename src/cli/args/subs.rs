//! The subcommands of the command groups (`account`, `group`, `env`, `role`,
//! `policy`, `member`, `share`): their arguments and the help each one prints.

use clap::{Args, Subcommand};

use crate::engine::{DEFAULT_CLOUDLETS, DEFAULT_MAX_CLOUDLETS};

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Create an account (no --as needed).
    Add {
        /// The account's email (stored lower-case).
        email: String,
        /// Its display name (default: the part before '@').
        #[arg(long)]
        name: Option<String>,
        /// How many environments it may own: 0 to 100000, 0 meaning none (default 20).
        #[arg(long = "max-envs", value_name = "N")]
        max_envs: Option<u32>,
    },
    /// Accounts, with counts of environments, members and collaborations.
    List,
}

#[derive(Debug, Subcommand)]
pub enum GroupCmd {
    /// Add a group (missing ancestors are created).
    Add {
        /// The group's path, `A/B`.
        path: String,
        /// Add it to this owner's groups (default: --as).
        #[arg(long, value_name = "EMAIL")]
        owner: Option<String>,
    },
    /// Remove a group and its subgroups; environments are detached, never deleted.
    Remove {
        /// The group's path, `A/B`.
        path: String,
        /// A group of this owner (default: --as).
        #[arg(long, value_name = "EMAIL")]
        owner: Option<String>,
    },
    /// Rename the last segment of a group's path.
    Rename {
        /// The group's path, `A/B`.
        path: String,
        /// The new last segment (B's new name, not a path).
        new_name: String,
        /// A group of this owner (default: --as).
        #[arg(long, value_name = "EMAIL")]
        owner: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EnvCmd {
    /// Create an environment (--owner: a member creating on an owner's account).
    Create {
        /// The environment's name: 3 to 32 of a-z, 0-9 and '-', unique on the platform.
        name: String,
        /// Place it in this group of the owner (repeat for several).
        #[arg(long = "group", value_name = "PATH")]
        groups: Vec<String>,
        /// Create it on this owner's account, as its member (default: your own).
        #[arg(long, value_name = "EMAIL")]
        owner: Option<String>,
        #[arg(long, value_name = "N", help = format!(
            "Its resource units, 1 to the owner's maximum per environment ({DEFAULT_MAX_CLOUDLETS} \
             unless the state file gives the owner another) [default: {DEFAULT_CLOUDLETS}, or \
             the owner's maximum when lower]"
        ))]
        cloudlets: Option<u32>,
    },
    /// Put an environment into a group.
    Attach {
        /// The environment, by name.
        name: String,
        /// The group, by path.
        #[arg(long, value_name = "PATH")]
        group: String,
        /// The group is this owner's (default: --as); pass the environment's owner.
        #[arg(long, value_name = "EMAIL")]
        owner: Option<String>,
    },
    /// Take an environment out of a group.
    Detach {
        /// The environment, by name.
        name: String,
        /// The group, by path.
        #[arg(long, value_name = "PATH")]
        group: String,
        /// The group is this owner's (default: --as); pass the environment's owner.
        #[arg(long, value_name = "EMAIL")]
        owner: Option<String>,
    },
    /// Delete an environment.
    Delete {
        /// The environment, by name.
        name: String,
    },
    /// Clone an environment.
    Clone {
        /// The environment, by name.
        name: String,
        /// The clone's name.
        new_name: String,
    },
    /// Give an environment to another account.
    Transfer {
        /// The environment, by name.
        name: String,
        /// The new owner, by email.
        #[arg(long, value_name = "EMAIL")]
        to: String,
    },
    /// Perform one method (or short action) on the environment.
    Do {
        /// The environment, by name.
        name: String,
        /// A method (env.control.RestartNodes) or a short action name (restart, logs).
        #[arg(value_parser = super::offered::Offered(super::offered::env_actions), hide_possible_values = true)]
        action: String,
    },
    /// What the acting account sees: its own environments and those shared with it.
    List,
}

#[derive(Debug, Subcommand)]
pub enum RoleCmd {
    /// Create a role.
    Add {
        /// The role's name (unique among yours, whatever the case; no '+' or '=').
        name: String,
        /// A system policy's id or a custom policy's name (repeat for several).
        #[arg(long = "policy", value_name = "ID", required = true)]
        policies: Vec<String>,
        /// What the role is for.
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// Its holders receive load-alert notifications.
        #[arg(long)]
        notify: bool,
    },
    /// Change a role; --policy given at all replaces the policy list.
    Edit {
        /// The role, by name.
        name: String,
        /// The new policy list: a system policy's id or a custom policy's name (repeat).
        #[arg(long = "policy", value_name = "ID")]
        policies: Option<Vec<String>>,
        /// A new name for the role.
        #[arg(long, value_name = "NEW")]
        rename: Option<String>,
        /// A new description.
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// Its holders receive load-alert notifications.
        #[arg(long, conflicts_with = "no_notify")]
        notify: bool,
        /// Its holders no longer receive load-alert notifications.
        #[arg(long = "no-notify")]
        no_notify: bool,
    },
    /// Copy a role under a new name.
    Copy {
        /// The role to copy, by name.
        name: String,
        /// The copy's name.
        new_name: String,
    },
    /// Delete a role (refused while in use unless --force).
    Delete {
        /// The role, by name.
        name: String,
        /// Delete it although share entries use it: it is taken out of them.
        #[arg(long)]
        force: bool,
    },
    /// The acting account's roles.
    List,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCmd {
    /// System policies and the acting account's custom ones.
    List,
    /// Create a custom policy.
    Add {
        /// The policy's name (unique among yours, whatever the case).
        name: String,
        /// A method it allows, such as env.control.StartEnv (repeat for several).
        #[arg(long = "method", value_name = "M", required = true)]
        methods: Vec<String>,
        /// What the policy is for.
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
    },
    /// Replace a custom policy's methods.
    Edit {
        /// The policy, by name.
        name: String,
        /// The new method list (repeat for several).
        #[arg(long = "method", value_name = "M")]
        methods: Option<Vec<String>>,
        /// A new description.
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
    },
    /// Delete a custom policy (refused while a role uses it unless --force).
    Delete {
        /// The policy, by name.
        name: String,
        /// Delete it although roles use it: it is taken out of them.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct MemberArgs {
    /// Act on this owner's members (an account-wide delegate of it).
    #[arg(long, global = true, value_name = "EMAIL")]
    pub owner: Option<String>,
    #[command(subcommand)]
    pub command: MemberCmd,
}

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// Invite a member (status pending).
    Invite {
        /// The member's email.
        email: String,
        /// Your label for the member (default: its display name).
        #[arg(long, value_name = "DISPLAY")]
        name: Option<String>,
        /// A share entry: envs=ROLE, groups=ROLE, group:PATH=ROLE+ROLE, env:NAME=ROLE;
        /// without '=ROLE' ticked with no roles (repeat for several).
        #[arg(long = "share", value_name = "SPEC")]
        shares: Vec<String>,
    },
    /// Change a member; --share given at all replaces the whole share set.
    Edit {
        /// The member's email.
        email: String,
        /// Your new label for the member.
        #[arg(long, value_name = "DISPLAY")]
        name: Option<String>,
        /// The new share set, one entry each: envs=ROLE, groups=ROLE,
        /// group:PATH=ROLE+ROLE, env:NAME=ROLE.
        #[arg(long = "share", value_name = "SPEC")]
        shares: Option<Vec<String>>,
    },
    /// Invite TO with FROM's shares.
    Copy {
        /// The member whose shares are copied.
        from: String,
        /// The email to invite.
        to: String,
        /// Your label for the new member.
        #[arg(long, value_name = "DISPLAY")]
        name: Option<String>,
    },
    /// Suspend an active member (shares are kept).
    Suspend {
        /// The member's email.
        email: String,
    },
    /// Activate a suspended member.
    Activate {
        /// The member's email.
        email: String,
    },
    /// Remove a member and all its shares.
    Remove {
        /// The member's email.
        email: String,
    },
    /// Invite again a member who left or rejected (shares are kept).
    Reinvite {
        /// The member's email.
        email: String,
    },
    /// Send a pending invitation again.
    Resend {
        /// The member's email.
        email: String,
    },
    /// The owner's members.
    List,
    /// One member.
    Show {
        /// The member's email.
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShareCmd {
    /// The environment's collaboration table.
    List {
        /// The environment, by name.
        env: String,
    },
    /// Add or replace direct access.
    Set {
        /// The environment, by name.
        env: String,
        /// The member, by email.
        #[arg(long, value_name = "EMAIL")]
        member: String,
        /// A role of the environment's owner (repeat for several).
        #[arg(long = "role", value_name = "NAME", required = true)]
        roles: Vec<String>,
    },
    /// Remove direct access.
    Remove {
        /// The environment, by name.
        env: String,
        /// The member, by email.
        #[arg(long, value_name = "EMAIL")]
        member: String,
    },
}
