//! The command-line grammar (cli.md), as clap types. The palette of the terminal app
//! parses the same grammar, so there is one definition of every command and flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "collab",
    version,
    about = "Account collaboration for a hosting platform: members, shared environments, roles and policies.",
    long_about = "Without a subcommand, collab opens the terminal app. Every subcommand runs the same engine headless: it loads the state file, performs one operation, saves, and exits.",
    after_help = "Exit codes: 0 done (check: allowed), 1 refused (check: denied), 2 usage error, 3 state file unusable.",
    disable_help_subcommand = true,
    styles = clap::builder::Styles::plain()
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Open the app (or take a snapshot) on a throwaway copy of the demo platform.
    #[arg(long, global = true)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Clone, Args)]
pub struct Global {
    /// The state file [env: `COLLAB_STATE`; default: state.json in the user's config
    /// directory].
    #[arg(long, global = true, value_name = "PATH")]
    pub state: Option<PathBuf>,
    // Its id is `as`, not the field's name: clap merges a global argument with a
    // subcommand's argument of the same id, and `history --actor` is one (its value
    // would become the acting account).
    /// The account performing the operation [env: `COLLAB_AS`].
    #[arg(long = "as", id = "as", global = true, value_name = "EMAIL")]
    pub actor: Option<String>,
    /// Machine output on stdout, in the shapes of the contract.
    #[arg(long, global = true)]
    pub json: bool,
    /// Validate and authorize, print what would change, save nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
}

impl Global {
    /// Fills what the command line left out from `COLLAB_STATE` and `COLLAB_AS`. An
    /// empty variable counts as unset (read here rather than by clap, which treats an
    /// empty value as a missing argument).
    pub fn fill_from_env(&mut self) {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if self.state.is_none() {
            self.state = var("COLLAB_STATE").map(PathBuf::from);
        }
        if self.actor.is_none() {
            self.actor = var("COLLAB_AS").map(|v| v.to_string_lossy().into_owned());
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Create the state file, empty or with the demo data.
    Init {
        /// Fill it with the demo platform.
        #[arg(long)]
        demo: bool,
        /// Replace an existing (or corrupt) file, keeping it as state.json.bak-<time>.
        #[arg(long)]
        force: bool,
    },
    /// Write a large synthetic state for benchmarks (deterministic for a seed).
    Generate {
        #[arg(long)]
        accounts: u32,
        #[arg(long)]
        envs: u32,
        #[arg(long)]
        groups: u32,
        #[arg(long)]
        depth: u32,
        #[arg(long)]
        members: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Replace an existing file, keeping it as <PATH>.bak-<time>.
        #[arg(long)]
        force: bool,
    },
    /// Accounts of the platform.
    #[command(subcommand)]
    Account(AccountCmd),
    /// Environment groups.
    #[command(subcommand)]
    Group(GroupCmd),
    /// Environments.
    #[command(subcommand)]
    Env(EnvCmd),
    /// Roles of the acting account.
    #[command(subcommand)]
    Role(RoleCmd),
    /// System and custom policies.
    #[command(subcommand)]
    Policy(PolicyCmd),
    /// Collaboration members of the acting account (or of --owner).
    Member(MemberArgs),
    /// Accept an invitation of OWNER.
    Accept { owner: String },
    /// Reject an invitation of OWNER.
    Reject { owner: String },
    /// Leave OWNER's account.
    Leave { owner: String },
    /// The acting account's collaborations as a member ("shared with me").
    Collaborations,
    /// Direct access to one environment.
    #[command(subcommand)]
    Share(ShareCmd),
    /// May the member do it? Exit 0 yes, 1 no.
    Check {
        #[arg(long, required_unless_present = "batch")]
        member: Option<String>,
        #[arg(long, required_unless_present = "batch")]
        env: Option<String>,
        #[arg(long, required_unless_present = "batch")]
        action: Option<String>,
        /// Read questions as JSON lines on stdin ({"member", "env", "action"}, optionally
        /// "explain": true) and answer each on its own line, in order. Exit 0 when every
        /// line was allowed, 1 otherwise.
        #[arg(long, conflicts_with_all = ["member", "env", "action", "at"])]
        batch: bool,
        /// Answer as of this moment (RFC 3339), from the change journal.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// What changed between two state files, and who gains or loses access.
    Diff {
        /// The older state file.
        old: PathBuf,
        /// The newer state file.
        new: PathBuf,
        /// Exit 1 when the files differ (as `git diff --exit-code`).
        #[arg(long)]
        exit_code: bool,
    },
    /// A stable text of one state file, for `git diff` (a textconv driver): its
    /// configuration and who reaches what, one fact a line.
    AccessReport {
        /// The state file (git passes a temporary copy of the version).
        file: PathBuf,
    },
    /// An access review of an owner's account: least privilege from use, dormant
    /// members, stale invitations, delegates, leftovers, broad grants.
    Review {
        /// The owner to review (default: --as).
        #[arg(long)]
        owner: Option<String>,
        /// The window of use, in days.
        #[arg(long, default_value_t = crate::engine::review::DEFAULT_DAYS)]
        days: u32,
        /// Exit 1 when a finding at or above this severity exists.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Review as of this time (RFC 3339; default: now).
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
    },
    /// Print a shell completion script (bash, zsh or fish) generated from this grammar.
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// The full trace of the role-assigning algorithm.
    Explain {
        #[arg(long)]
        member: String,
        #[arg(long)]
        env: String,
        #[arg(long)]
        action: Option<String>,
        /// Answer as of this moment (RFC 3339), from the change journal.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Every environment the member can reach, with level and roles.
    Access {
        #[arg(long)]
        member: String,
        /// Answer as of this moment (RFC 3339), from the change journal.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Every account with access to the environment.
    Who {
        env: String,
        /// Answer as of this moment (RFC 3339), from the change journal.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// The change journal, newest first: who changed what, when, and whose access it
    /// changed.
    History {
        /// Entries about this member (its records or its access).
        #[arg(long, value_name = "EMAIL")]
        member: Option<String>,
        /// Entries about this environment (its record, shares on it, access to it).
        #[arg(long, value_name = "NAME")]
        env: Option<String>,
        /// Entries made by this account.
        #[arg(long, value_name = "EMAIL")]
        actor: Option<String>,
        /// Entries at or after this moment (RFC 3339).
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// At most this many entries (default 20).
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Who a load alert on the environment notifies.
    Alert { env: String },
    /// Render one view of the terminal app as plain text, signed in as --as.
    Snapshot {
        /// members, accounts, envs, roles, inspector, lens, why, help, tasks, actions, palette,
        /// invite, role-editor, policy-editor, direct-access, new-env, confirm, review, matrix,
        /// history
        #[arg(long, default_value = "members")]
        view: String,
        /// `WIDTHxHEIGHT`, e.g. 120x40 (each 1 to 1000).
        #[arg(long, default_value = "120x40")]
        size: String,
    },
    /// The task log, newest first.
    Tasks {
        #[arg(long)]
        env: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
    },
}

/// The lowest severity `review --fail-on` fails on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Info,
    Warn,
    Risk,
}

/// The shells `completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Create an account (no --as needed).
    Add {
        email: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long = "max-envs")]
        max_envs: Option<u32>,
    },
    /// Accounts, with counts of environments, members and collaborations.
    List,
}

#[derive(Debug, Subcommand)]
pub enum GroupCmd {
    /// Add a group (missing ancestors are created).
    Add {
        path: String,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Remove a group and its subgroups; environments are detached, never deleted.
    Remove {
        path: String,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Rename the last segment of a group's path.
    Rename {
        path: String,
        new_name: String,
        #[arg(long)]
        owner: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EnvCmd {
    /// Create an environment (--owner: a member creating on an owner's account).
    Create {
        name: String,
        #[arg(long = "group", value_name = "PATH")]
        groups: Vec<String>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        cloudlets: Option<u32>,
    },
    /// Put an environment into a group.
    Attach {
        name: String,
        #[arg(long, value_name = "PATH")]
        group: String,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Take an environment out of a group.
    Detach {
        name: String,
        #[arg(long, value_name = "PATH")]
        group: String,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Delete an environment.
    Delete { name: String },
    /// Clone an environment.
    Clone { name: String, new_name: String },
    /// Give an environment to another account.
    Transfer {
        name: String,
        #[arg(long, value_name = "EMAIL")]
        to: String,
    },
    /// Perform one method (or short action) on the environment.
    Do { name: String, action: String },
    /// What the acting account sees: its own environments and those shared with it.
    List,
}

#[derive(Debug, Subcommand)]
pub enum RoleCmd {
    /// Create a role.
    Add {
        name: String,
        #[arg(long = "policy", value_name = "ID", required = true)]
        policies: Vec<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        notify: bool,
    },
    /// Change a role; --policy given at all replaces the policy list.
    Edit {
        name: String,
        #[arg(long = "policy", value_name = "ID")]
        policies: Option<Vec<String>>,
        #[arg(long, value_name = "NEW")]
        rename: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long, conflicts_with = "no_notify")]
        notify: bool,
        #[arg(long = "no-notify")]
        no_notify: bool,
    },
    /// Copy a role under a new name.
    Copy { name: String, new_name: String },
    /// Delete a role (refused while in use unless --force).
    Delete {
        name: String,
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
        name: String,
        #[arg(long = "method", value_name = "M", required = true)]
        methods: Vec<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Replace a custom policy's methods.
    Edit {
        name: String,
        #[arg(long = "method", value_name = "M")]
        methods: Option<Vec<String>>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Delete a custom policy (refused while a role uses it unless --force).
    Delete {
        name: String,
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct MemberArgs {
    /// Act on this owner's members (an account-wide delegate of it).
    #[arg(long, global = true)]
    pub owner: Option<String>,
    #[command(subcommand)]
    pub command: MemberCmd,
}

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// Invite a member (status pending).
    Invite {
        email: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long = "share", value_name = "SPEC")]
        shares: Vec<String>,
    },
    /// Change a member; --share given at all replaces the whole share set.
    Edit {
        email: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long = "share", value_name = "SPEC")]
        shares: Option<Vec<String>>,
    },
    /// Invite TO with FROM's shares.
    Copy {
        from: String,
        to: String,
        #[arg(long)]
        name: Option<String>,
    },
    /// Suspend an active member (shares are kept).
    Suspend { email: String },
    /// Activate a suspended member.
    Activate { email: String },
    /// Remove a member and all its shares.
    Remove { email: String },
    /// Invite again a member who left or rejected (shares are kept).
    Reinvite { email: String },
    /// Send a pending invitation again.
    Resend { email: String },
    /// The owner's members.
    List,
    /// One member.
    Show { email: String },
}

#[derive(Debug, Subcommand)]
pub enum ShareCmd {
    /// The environment's collaboration table.
    List { env: String },
    /// Add or replace direct access.
    Set {
        env: String,
        #[arg(long)]
        member: String,
        #[arg(long = "role", value_name = "NAME", required = true)]
        roles: Vec<String>,
    },
    /// Remove direct access.
    Remove {
        env: String,
        #[arg(long)]
        member: String,
    },
}
