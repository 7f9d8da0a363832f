//! The script's machinery: the clock, running a step, and the commands it builds.

use super::{DEMO_START, DemoError, MINUTE, Script};
use crate::engine::AccountId;
use crate::engine::catalogue::Catalogue;
use crate::engine::command::{Command, Response};
use crate::engine::error::Error;
use crate::engine::time::Timestamp;
use crate::engine::validate::ShareSpec;

impl Script {
    /// Moves the clock to `day` days after the start at `hour:minute`.
    pub(super) fn at(&mut self, day: i64, hour: i64, minute: i64) -> Result<(), DemoError> {
        let t = Timestamp(DEMO_START.0 + day * 86_400 + (hour - 9) * 3600 + minute * MINUTE);
        if t < self.clock {
            return Err(DemoError {
                step: format!("day {day} {hour:02}:{minute:02}"),
                problem: format!("the clock would go back from {} to {t}", self.clock),
            });
        }
        self.clock = t;
        Ok(())
    }

    pub(super) fn actor(&self, email: &str, cmd: &Command) -> Result<AccountId, DemoError> {
        self.engine
            .platform()
            .account_by_email(email)
            .ok_or_else(|| DemoError {
                step: cmd.label(),
                problem: format!("no account {email}"),
            })
    }

    /// Executes at the current moment and moves the clock one minute on.
    pub(super) fn execute(
        &mut self,
        actor: Option<&str>,
        cmd: &Command,
    ) -> Result<Result<(), Error>, DemoError> {
        let actor = match actor {
            Some(email) => Some(self.actor(email, cmd)?),
            None => None,
        };
        let now = self.clock;
        self.clock = Timestamp(self.clock.0 + MINUTE);
        Ok(self.engine.execute(actor, cmd, now).map(|_| ()))
    }

    /// Runs a step that must succeed.
    pub(super) fn run(&mut self, actor: Option<&str>, cmd: &Command) -> Result<(), DemoError> {
        self.execute(actor, cmd)?.map_err(|e| DemoError {
            step: as_typed(actor, cmd),
            problem: format!("{}: {e}", e.code()),
        })
    }

    /// Runs a step as `actor` that must succeed.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "the script reads best with each command built in place, as the argument"
    )]
    pub(super) fn by(&mut self, actor: &str, cmd: Command) -> Result<(), DemoError> {
        self.run(Some(actor), &cmd)
    }

    /// Runs a step as `actor` that must be refused for lack of permission (and so is
    /// recorded as a denied task when it is an environment action).
    pub(super) fn denied(&mut self, actor: &str, cmd: &Command) -> Result<(), DemoError> {
        match self.execute(Some(actor), cmd)? {
            Err(Error::PermissionDenied { .. }) => Ok(()),
            other => Err(DemoError {
                step: as_typed(Some(actor), cmd),
                problem: format!("expected PERMISSION_DENIED, got {other:?}"),
            }),
        }
    }

    /// `env do` as `actor`.
    pub(super) fn act(&mut self, actor: &str, env: &str, action: &str) -> Result<(), DemoError> {
        self.by(
            actor,
            Command::EnvDo {
                env: env.into(),
                action: action.into(),
            },
        )
    }
}

pub(super) fn as_typed(actor: Option<&str>, cmd: &Command) -> String {
    match actor {
        Some(a) => format!("{} --as {a}", cmd.label()),
        None => cmd.label(),
    }
}

pub(super) fn shares(specs: &[&str]) -> Result<Vec<ShareSpec>, DemoError> {
    specs
        .iter()
        .map(|s| {
            ShareSpec::parse(s).map_err(|e| DemoError {
                step: format!("--share {s}"),
                problem: e.to_string(),
            })
        })
        .collect()
}

pub(super) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

pub(super) fn add_account(email: &str, name: &str, max_environments: Option<u32>) -> Command {
    Command::AddAccount {
        email: email.into(),
        name: Some(name.into()),
        max_environments,
    }
}

pub(super) fn create_env(name: &str, groups: &[&str], cloudlets: u32) -> Command {
    Command::CreateEnv {
        name: name.into(),
        owner: None,
        groups: strings(groups),
        cloudlets: Some(cloudlets),
    }
}

pub(super) fn add_role(
    name: &str,
    description: &str,
    policies: Vec<String>,
    notify: bool,
) -> Command {
    Command::AddRole {
        name: name.into(),
        policies,
        description: Some(description.into()),
        notify,
    }
}

pub(super) fn invite(
    owner: Option<&str>,
    email: &str,
    name: &str,
    specs: &[&str],
) -> Result<Command, DemoError> {
    Ok(Command::InviteMember {
        owner: owner.map(str::to_string),
        email: email.into(),
        name: Some(name.into()),
        shares: shares(specs)?,
    })
}

pub(super) fn respond(owner: &str, response: Response) -> Command {
    Command::Respond {
        owner: owner.into(),
        response,
    }
}

/// Every system policy id, in catalogue order.
pub(super) fn all_system_policies() -> Vec<String> {
    Catalogue::get()
        .policies
        .iter()
        .map(|p| p.id.clone())
        .collect()
}

/// Developer: every system policy except creating, deleting, migrating, cloning and
/// transferring environments and the group policies.
pub(super) fn developer_policies() -> Vec<String> {
    const EXCLUDED: [&str; 7] = [
        "env.create",
        "env.delete",
        "env.migrate",
        "env.clone",
        "env.transfer",
        "envgroup.manage",
        "envgroup.assign",
    ];
    all_system_policies()
        .into_iter()
        .filter(|p| !EXCLUDED.contains(&p.as_str()))
        .collect()
}

pub(super) fn viewer_policies() -> Vec<String> {
    strings(&["fs.view", "logs.view", "stats.view"])
}
