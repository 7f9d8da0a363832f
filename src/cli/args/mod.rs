//! The command-line grammar (cli.md), as clap types. The palette of the terminal app
//! parses the same grammar, so there is one definition of every command and flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::engine::generate;

mod offered;
mod subs;

pub use offered::SNAPSHOT_VIEWS;
use offered::{Offered, snapshot_views};

pub use subs::{AccountCmd, EnvCmd, GroupCmd, MemberArgs, MemberCmd, PolicyCmd, RoleCmd, ShareCmd};

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
    // The limits in the help are the generator's own constants.
    Generate {
        #[arg(long, help = format!(
            "The pool of accounts besides the primary owner (owner@acme.io), 0 to {}: its \
             members and the other owners are drawn from it",
            generate::MAX_ACCOUNTS
        ))]
        accounts: u32,
        #[arg(long, help = format!(
            "Environments in all, 1 to {}, most of them the primary owner's",
            generate::MAX_ENVS
        ))]
        envs: u32,
        #[arg(long, help = format!(
            "Groups in all, in a forest --depth levels deep: 0 for none, else --depth to {}",
            generate::MAX_GROUPS
        ))]
        groups: u32,
        #[arg(long, help = format!(
            "How many levels deep the group forest is, 1 to {} (and at most --groups, unless \
             that is 0)",
            generate::MAX_DEPTH
        ))]
        depth: u32,
        /// Members of the primary owner, in every status: 0 to --accounts.
        #[arg(long)]
        members: u32,
        /// The same seed gives the same file, byte for byte.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write the state file.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Replace an existing file, keeping it as <PATH>.bak-<time>.
        #[arg(long)]
        force: bool,
    },
    /// Accounts of the platform.
    #[command(subcommand, arg_required_else_help = false)]
    Account(AccountCmd),
    /// Environment groups.
    #[command(subcommand, arg_required_else_help = false)]
    Group(GroupCmd),
    /// Environments.
    #[command(subcommand, arg_required_else_help = false)]
    Env(EnvCmd),
    /// Roles of the acting account.
    #[command(subcommand, arg_required_else_help = false)]
    Role(RoleCmd),
    /// System and custom policies.
    #[command(subcommand, arg_required_else_help = false)]
    Policy(PolicyCmd),
    /// Collaboration members of the acting account (or of --owner).
    #[command(arg_required_else_help = false)]
    Member(MemberArgs),
    /// Accept an invitation of OWNER.
    Accept {
        /// The email of the account that invited you.
        owner: String,
    },
    /// Reject an invitation of OWNER.
    Reject {
        /// The email of the account that invited you.
        owner: String,
    },
    /// Leave OWNER's account.
    Leave {
        /// The email of the account you are a member of.
        owner: String,
    },
    /// The acting account's collaborations as a member ("shared with me").
    Collaborations,
    /// Direct access to one environment.
    #[command(subcommand, arg_required_else_help = false)]
    Share(ShareCmd),
    /// May the member do it? Exit 0 yes, 1 no.
    Check {
        /// The member asked about, by email.
        #[arg(long, value_name = "EMAIL", required_unless_present = "batch")]
        member: Option<String>,
        /// The environment, by name.
        #[arg(long, value_name = "NAME", required_unless_present = "batch")]
        env: Option<String>,
        /// A method (env.control.StartEnv) or a short action name (start, logs).
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
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// The full trace of the role-assigning algorithm.
    Explain {
        /// The member asked about, by email.
        #[arg(long, value_name = "EMAIL")]
        member: String,
        /// The environment, by name.
        #[arg(long, value_name = "NAME")]
        env: String,
        /// Also say whether the member may do this method or short action, and why.
        #[arg(long)]
        action: Option<String>,
        /// Answer as of this moment (RFC 3339), from the change journal.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Every environment the member can reach, with level and roles.
    Access {
        /// The member asked about, by email.
        #[arg(long, value_name = "EMAIL")]
        member: String,
        /// Answer as of this moment (RFC 3339), from the change journal.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Every account with access to the environment.
    Who {
        /// The environment, by name.
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
    Alert {
        /// The environment, by name.
        env: String,
    },
    /// Render one view of the terminal app as plain text, signed in as --as.
    Snapshot {
        /// members, accounts, envs, roles, inspector, lens, why, help, tasks, actions, palette,
        /// invite, role-editor, policy-editor, direct-access, new-env, confirm, review, matrix,
        /// history
        #[arg(
            long,
            default_value = "members",
            value_parser = Offered(snapshot_views),
            hide_possible_values = true
        )]
        view: String,
        /// `WIDTHxHEIGHT`, e.g. 120x40 (each 1 to 1000).
        #[arg(long, default_value = "120x40")]
        size: String,
    },
    /// The task log, newest first.
    Tasks {
        /// Only the tasks on this environment.
        #[arg(long, value_name = "NAME")]
        env: Option<String>,
        /// At most this many tasks, the newest (default: all).
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
