//! The demo platform behind `collab init --demo`: a small, realistic acme.io team that
//! shows every feature of the collaboration model.
//!
//! It is built the way a user would build it, by running a fixed script of commands
//! through [`Engine::execute`] (the one door) at fixed, increasing moments, so it obeys
//! every rule by construction and comes out byte-for-byte the same every time. The
//! undo history of the script is cleared at the end. The module must not read a clock,
//! files or anything else from outside.
//!
//! # Who is who
//!
//! The README tour and the snapshot tests rely on these names; keep them stable (each
//! has a constant below).
//!
//! | account | name | shows |
//! |---|---|---|
//! | `olga@acme.io` | Olga Petrova | the **primary account** (owner): 15 environments in nested groups, the roles Viewer, User, Developer, Accountant, Admin and Deployer (the latter built on her custom policy *Ship Releases*) |
//! | `boris@acme.io` | Boris Ivanov | active; `envs=Admin`: the **account-wide delegate**; he invited Tom, re-sent Tom's invitation and suspended Sergey on Olga's behalf |
//! | `anna@acme.io` | Anna Schmidt | active; `envs=Viewer`, `groups=User`: **documented example 1** on `legacy-crm` (no group, no direct entry: base, {Viewer}); also the member of a **second owner** (Nikolai, `envs=Developer`) |
//! | `ivan@acme.io` | Ivan Kuznetsov | active; `env:shop-prod=Viewer`, `group:Production=Admin`: **documented example 2** on `shop-prod` (direct, {Viewer}; the group's Admin is ignored); his `restart` of `shop-prod` is the **denied task** |
//! | `maria@acme.io` | Maria Garcia | active; `group:Production=Admin`, `group:Production/EU=Accountant+Developer`, `group:Finance` and `group:Finance/Reports` ticked without roles, `groups=Viewer`: **documented example 3** on `billing-db` (in `Production/EU` and `Finance/Reports`: groups, {Accountant, Developer, Viewer}) |
//! | `dmitri@acme.io` | Dmitri Volkov | active; `envs=Viewer`, `env:shop-staging=Developer`, `env:docs-site` ticked without roles: the **per-environment delegate** on `shop-staging` (Developer holds collaboration.manage); he gave Elena direct access there. Still *pending* with Nikolai |
//! | `elena@acme.io` | Elena Sokolova | active; `group:Testing=Admin`, `group:Staging=Deployer` (the custom-policy role), direct Developer on `shop-staging` from Dmitri: created **`qa-sandbox`**, the **member-created environment** (owner Olga, creator Elena) |
//! | `sergey@acme.io` | Sergey Popov | **suspended** (by Boris); `group:Staging=User`, kept unchanged while suspended |
//! | `kate@contractors.io` | Kate Miller | **left**; had `group:Testing=Admin`, created `load-test`, which stayed with Olga |
//! | `tom@freelance.dev` | Tom Baker | **pending**; invited by Boris with `envs=Viewer` (his account was created by the invitation), invitation sent twice |
//! | `paul@agency.io` | Paul Novak | **rejected**; `groups=Viewer`, `group:Staging` ticked |
//! | `nikolai@globex.io` | Nikolai Orlov | the **second owner**: `globex-web`, `globex-api` (group Web), `globex-db`; shares with Anna (active) and Dmitri (pending) |
//!
//! Olga's groups: `Production`, `Production/EU`, `Production/EU/Frankfurt` (the
//! three-level chain), `Production/US`, `Staging`, `Testing`, `Finance`,
//! `Finance/Reports`. `billing-db` is in two groups; `legacy-crm` and `status-page`
//! are in none. The task log holds starts, stops, restarts, a sleep, deployments and
//! lookups by the owners and members, and Ivan's denied restart.

use super::catalogue::Catalogue;
use super::command::{Command, MemberOp, Response};
use super::document::StateDocument;
use super::error::Error;
use super::time::Timestamp;
use super::validate::ShareSpec;
use super::{AccountId, Engine};

/// When the script starts: 2026-03-02T09:00:00Z.
pub const DEMO_START: Timestamp = Timestamp(1_772_442_000);
/// The demo's "now", after every scripted step: 2026-03-20T17:30:00Z. Callers that
/// need a fixed clock for the demo (snapshots, the README tour) use this.
pub const DEMO_NOW: Timestamp = Timestamp(1_774_027_800);

/// The primary account.
pub const OWNER: &str = "olga@acme.io";
/// The account-wide delegate (`envs=Admin`).
pub const ACCOUNT_DELEGATE: &str = "boris@acme.io";
/// Documented example 1 is this member on [`EXAMPLE1_ENV`].
pub const EXAMPLE1_MEMBER: &str = "anna@acme.io";
pub const EXAMPLE1_ENV: &str = "legacy-crm";
/// Documented example 2 is this member on [`EXAMPLE2_ENV`].
pub const EXAMPLE2_MEMBER: &str = "ivan@acme.io";
pub const EXAMPLE2_ENV: &str = "shop-prod";
/// Documented example 3 is this member on [`EXAMPLE3_ENV`].
pub const EXAMPLE3_MEMBER: &str = "maria@acme.io";
pub const EXAMPLE3_ENV: &str = "billing-db";
/// The per-environment delegate, a delegate on [`DELEGATED_ENV`] only.
pub const ENV_DELEGATE: &str = "dmitri@acme.io";
pub const DELEGATED_ENV: &str = "shop-staging";
/// The member who created [`MEMBER_CREATED_ENV`] on the owner's account.
pub const ENV_CREATOR: &str = "elena@acme.io";
pub const MEMBER_CREATED_ENV: &str = "qa-sandbox";
/// Members in the statuses other than active.
pub const PENDING_MEMBER: &str = "tom@freelance.dev";
pub const SUSPENDED_MEMBER: &str = "sergey@acme.io";
pub const LEFT_MEMBER: &str = "kate@contractors.io";
pub const REJECTED_MEMBER: &str = "paul@agency.io";
/// The second owner, sharing with [`SHARED_MEMBER`] as Olga does.
pub const SECOND_OWNER: &str = "nikolai@globex.io";
pub const SHARED_MEMBER: &str = "anna@acme.io";
/// The member whose attempt was denied, on [`DENIED_ENV`], with [`DENIED_ACTION`].
pub const DENIED_MEMBER: &str = "ivan@acme.io";
pub const DENIED_ENV: &str = "shop-prod";
pub const DENIED_ACTION: &str = "restart";
/// The custom policy, and the role that uses it.
pub const CUSTOM_POLICY: &str = "Ship Releases";
pub const CUSTOM_ROLE: &str = "Deployer";

/// A step of the demo script that did not do what the script expects: a defect of
/// this module (the demo is fixed data), reported with the step's label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("demo step '{step}' failed: {problem}")]
pub struct DemoError {
    pub step: String,
    pub problem: String,
}

/// The demo platform, ready to use, with an empty undo history.
///
/// # Panics
///
/// Only if the fixed script is broken, which the test suite rules out; the message
/// names the failing step. Use [`try_demo_engine`] to handle that case instead.
#[expect(
    clippy::panic,
    reason = "the demo script is fixed and every step is checked by the test suite; a failing step is a build defect"
)]
pub fn demo_engine() -> Engine {
    match try_demo_engine() {
        Ok(engine) => engine,
        Err(e) => panic!("{e}"),
    }
}

/// The demo platform as a state document.
pub fn demo_document() -> StateDocument {
    demo_engine().to_document()
}

/// The demo platform, or the script step that failed.
pub fn try_demo_engine() -> Result<Engine, DemoError> {
    let mut s = Script {
        engine: Engine::new(),
        clock: DEMO_START,
    };
    accounts(&mut s)?;
    olga_setup(&mut s)?;
    nikolai_setup(&mut s)?;
    invitations(&mut s)?;
    responses(&mut s)?;
    work(&mut s)?;
    if s.clock > DEMO_NOW {
        return Err(DemoError {
            step: "the end of the script".into(),
            problem: format!("the script runs past DEMO_NOW ({})", s.clock),
        });
    }
    let mut engine = s.engine;
    engine.clear_history();
    Ok(engine)
}

/// The engine plus the script's clock: every step happens one minute after the last,
/// and `at` jumps ahead to a later moment.
struct Script {
    engine: Engine,
    clock: Timestamp,
}

const MINUTE: i64 = 60;

impl Script {
    /// Moves the clock to `day` days after the start at `hour:minute`.
    fn at(&mut self, day: i64, hour: i64, minute: i64) -> Result<(), DemoError> {
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

    fn actor(&self, email: &str, cmd: &Command) -> Result<AccountId, DemoError> {
        self.engine
            .platform()
            .account_by_email(email)
            .ok_or_else(|| DemoError {
                step: cmd.label(),
                problem: format!("no account {email}"),
            })
    }

    /// Executes at the current moment and moves the clock one minute on.
    fn execute(
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
    fn run(&mut self, actor: Option<&str>, cmd: &Command) -> Result<(), DemoError> {
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
    fn by(&mut self, actor: &str, cmd: Command) -> Result<(), DemoError> {
        self.run(Some(actor), &cmd)
    }

    /// Runs a step as `actor` that must be refused for lack of permission (and so is
    /// recorded as a denied task when it is an environment action).
    fn denied(&mut self, actor: &str, cmd: &Command) -> Result<(), DemoError> {
        match self.execute(Some(actor), cmd)? {
            Err(Error::PermissionDenied { .. }) => Ok(()),
            other => Err(DemoError {
                step: as_typed(Some(actor), cmd),
                problem: format!("expected PERMISSION_DENIED, got {other:?}"),
            }),
        }
    }

    /// `env do` as `actor`.
    fn act(&mut self, actor: &str, env: &str, action: &str) -> Result<(), DemoError> {
        self.by(
            actor,
            Command::EnvDo {
                env: env.into(),
                action: action.into(),
            },
        )
    }
}

fn as_typed(actor: Option<&str>, cmd: &Command) -> String {
    match actor {
        Some(a) => format!("{} --as {a}", cmd.label()),
        None => cmd.label(),
    }
}

fn shares(specs: &[&str]) -> Result<Vec<ShareSpec>, DemoError> {
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

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

fn add_account(email: &str, name: &str, max_environments: Option<u32>) -> Command {
    Command::AddAccount {
        email: email.into(),
        name: Some(name.into()),
        max_environments,
    }
}

fn create_env(name: &str, groups: &[&str], cloudlets: u32) -> Command {
    Command::CreateEnv {
        name: name.into(),
        owner: None,
        groups: strings(groups),
        cloudlets: Some(cloudlets),
    }
}

fn add_role(name: &str, description: &str, policies: Vec<String>, notify: bool) -> Command {
    Command::AddRole {
        name: name.into(),
        policies,
        description: Some(description.into()),
        notify,
    }
}

fn invite(
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

fn respond(owner: &str, response: Response) -> Command {
    Command::Respond {
        owner: owner.into(),
        response,
    }
}

/// Every system policy id, in catalogue order.
fn all_system_policies() -> Vec<String> {
    Catalogue::get()
        .policies
        .iter()
        .map(|p| p.id.clone())
        .collect()
}

/// Developer: every system policy except creating, deleting, migrating, cloning and
/// transferring environments and the group policies.
fn developer_policies() -> Vec<String> {
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

fn viewer_policies() -> Vec<String> {
    strings(&["fs.view", "logs.view", "stats.view"])
}

fn accounts(s: &mut Script) -> Result<(), DemoError> {
    s.at(0, 9, 0)?;
    s.run(None, &add_account(OWNER, "Olga Petrova", Some(50)))?;
    for (email, name) in [
        (ACCOUNT_DELEGATE, "Boris Ivanov"),
        (EXAMPLE1_MEMBER, "Anna Schmidt"),
        (EXAMPLE2_MEMBER, "Ivan Kuznetsov"),
        (EXAMPLE3_MEMBER, "Maria Garcia"),
        (ENV_DELEGATE, "Dmitri Volkov"),
        (ENV_CREATOR, "Elena Sokolova"),
        (SUSPENDED_MEMBER, "Sergey Popov"),
        (LEFT_MEMBER, "Kate Miller"),
        (REJECTED_MEMBER, "Paul Novak"),
        (SECOND_OWNER, "Nikolai Orlov"),
    ] {
        s.run(None, &add_account(email, name, None))?;
    }
    Ok(())
}

fn olga_setup(s: &mut Script) -> Result<(), DemoError> {
    s.at(0, 9, 30)?;
    s.by(
        OWNER,
        Command::AddPolicy {
            name: CUSTOM_POLICY.into(),
            methods: strings(&[
                "env.deployment.Deploy",
                "env.deployment.Undeploy",
                "env.vcs.Update",
                "env.build.BuildProject",
                "env.control.RestartNodes",
                "env.control.GetLogs",
            ]),
            description: Some("Ship a release: deploy, build from Git, restart, read logs".into()),
        },
    )?;
    let mut user = viewer_policies();
    user.extend(strings(&["env.startstop", "node.restart"]));
    for cmd in [
        add_role(
            "Viewer",
            "Read-only: files, logs and statistics",
            viewer_policies(),
            false,
        ),
        add_role("User", "Viewer plus start, stop and restart", user, false),
        add_role(
            "Developer",
            "Everything but creating, deleting, migrating, cloning, transferring and groups",
            developer_policies(),
            false,
        ),
        add_role(
            "Accountant",
            "Costs and statistics",
            strings(&["billing.view", "stats.view"]),
            false,
        ),
        add_role(
            "Admin",
            "Every system policy; receives load alerts",
            all_system_policies(),
            true,
        ),
        add_role(
            CUSTOM_ROLE,
            "Release duty: the Ship Releases policy plus files and statistics",
            strings(&[CUSTOM_POLICY, "fs.view", "stats.view"]),
            false,
        ),
    ] {
        s.by(OWNER, cmd)?;
    }
    for path in [
        "Production/EU/Frankfurt",
        "Production/US",
        "Staging",
        "Testing",
        "Finance/Reports",
    ] {
        s.by(
            OWNER,
            Command::AddGroup {
                owner: None,
                path: path.into(),
            },
        )?;
    }
    s.at(0, 11, 0)?;
    for (name, groups, cloudlets) in [
        ("shop-prod", &["Production/EU/Frankfurt"][..], 16),
        ("cdn-frankfurt", &["Production/EU/Frankfurt"][..], 8),
        ("api-eu", &["Production/EU"][..], 12),
        ("billing-db", &["Production/EU", "Finance/Reports"][..], 8),
        ("api-us", &["Production/US"][..], 12),
        ("mail-relay", &["Production/US"][..], 2),
        ("shop-staging", &["Staging"][..], 6),
        ("api-staging", &["Staging"][..], 4),
        ("docs-site", &["Staging"][..], 2),
        ("invoice-worker", &["Finance/Reports"][..], 4),
        ("ci-runner", &["Testing"][..], 8),
        ("legacy-crm", &[][..], 4),
        ("status-page", &[][..], 1),
    ] {
        s.by(OWNER, create_env(name, groups, cloudlets))?;
    }
    Ok(())
}

fn nikolai_setup(s: &mut Script) -> Result<(), DemoError> {
    s.at(0, 15, 0)?;
    s.by(
        SECOND_OWNER,
        add_role("Viewer", "Read-only access", viewer_policies(), false),
    )?;
    s.by(
        SECOND_OWNER,
        add_role(
            "Developer",
            "Day-to-day development",
            developer_policies(),
            false,
        ),
    )?;
    s.by(
        SECOND_OWNER,
        Command::AddGroup {
            owner: None,
            path: "Web".into(),
        },
    )?;
    s.by(SECOND_OWNER, create_env("globex-web", &["Web"], 8))?;
    s.by(SECOND_OWNER, create_env("globex-api", &["Web"], 6))?;
    s.by(SECOND_OWNER, create_env("globex-db", &[], 10))?;
    Ok(())
}

fn invitations(s: &mut Script) -> Result<(), DemoError> {
    s.at(1, 10, 0)?;
    let olga: [(&str, &str, &[&str]); 9] = [
        (ACCOUNT_DELEGATE, "Boris Ivanov", &["envs=Admin"]),
        (
            EXAMPLE1_MEMBER,
            "Anna Schmidt",
            &["envs=Viewer", "groups=User"],
        ),
        (
            EXAMPLE2_MEMBER,
            "Ivan Kuznetsov",
            &["env:shop-prod=Viewer", "group:Production=Admin"],
        ),
        (
            EXAMPLE3_MEMBER,
            "Maria Garcia",
            &[
                "group:Production=Admin",
                "group:Production/EU=Developer+Accountant",
                "group:Finance",
                "group:Finance/Reports",
                "groups=Viewer",
            ],
        ),
        (
            ENV_DELEGATE,
            "Dmitri Volkov",
            &["envs=Viewer", "env:shop-staging=Developer", "env:docs-site"],
        ),
        (
            ENV_CREATOR,
            "Elena Sokolova",
            &["group:Testing=Admin", "group:Staging=Deployer"],
        ),
        (SUSPENDED_MEMBER, "Sergey Popov", &["group:Staging=User"]),
        (LEFT_MEMBER, "Kate Miller", &["group:Testing=Admin"]),
        (
            REJECTED_MEMBER,
            "Paul Novak",
            &["groups=Viewer", "group:Staging"],
        ),
    ];
    for (email, name, specs) in olga {
        s.by(OWNER, invite(None, email, name, specs)?)?;
    }
    s.at(1, 16, 0)?;
    s.by(
        SECOND_OWNER,
        invite(None, SHARED_MEMBER, "Anna (acme.io)", &["envs=Developer"])?,
    )?;
    s.by(
        SECOND_OWNER,
        invite(
            None,
            ENV_DELEGATE,
            "Dmitri (acme.io)",
            &["group:Web=Viewer"],
        )?,
    )?;
    Ok(())
}

fn responses(s: &mut Script) -> Result<(), DemoError> {
    s.at(2, 9, 15)?;
    for member in [
        ACCOUNT_DELEGATE,
        EXAMPLE1_MEMBER,
        EXAMPLE2_MEMBER,
        EXAMPLE3_MEMBER,
        ENV_DELEGATE,
        ENV_CREATOR,
        SUSPENDED_MEMBER,
        LEFT_MEMBER,
    ] {
        s.by(member, respond(OWNER, Response::Accept))?;
    }
    s.by(REJECTED_MEMBER, respond(OWNER, Response::Reject))?;
    s.by(SHARED_MEMBER, respond(SECOND_OWNER, Response::Accept))?;
    // The account-wide delegate invites on the owner's behalf; the invitation creates
    // Tom's account.
    s.at(2, 14, 0)?;
    s.by(
        ACCOUNT_DELEGATE,
        invite(Some(OWNER), PENDING_MEMBER, "Tom Baker", &["envs=Viewer"])?,
    )?;
    Ok(())
}

fn work(s: &mut Script) -> Result<(), DemoError> {
    // Members create environments on Olga's account, in a group where they may.
    s.at(3, 10, 0)?;
    s.by(
        ENV_CREATOR,
        Command::CreateEnv {
            name: MEMBER_CREATED_ENV.into(),
            owner: Some(OWNER.into()),
            groups: strings(&["Testing"]),
            cloudlets: Some(4),
        },
    )?;
    s.by(
        LEFT_MEMBER,
        Command::CreateEnv {
            name: "load-test".into(),
            owner: Some(OWNER.into()),
            groups: strings(&["Testing"]),
            cloudlets: Some(16),
        },
    )?;

    s.at(4, 9, 40)?;
    s.act(OWNER, "shop-prod", "restart")?;
    s.act(EXAMPLE1_MEMBER, EXAMPLE1_ENV, "logs")?;
    s.act(EXAMPLE1_MEMBER, "shop-staging", "restart")?;
    s.at(4, 13, 5)?;
    s.act(EXAMPLE2_MEMBER, EXAMPLE2_ENV, "logs")?;
    // Direct Viewer wins over the group's Admin, so the restart is refused and
    // recorded as a denied task.
    s.denied(
        DENIED_MEMBER,
        &Command::EnvDo {
            env: DENIED_ENV.into(),
            action: DENIED_ACTION.into(),
        },
    )?;
    s.at(5, 11, 20)?;
    s.act(EXAMPLE3_MEMBER, EXAMPLE3_ENV, "stats")?;
    s.act(
        EXAMPLE3_MEMBER,
        EXAMPLE3_ENV,
        "billing.account.GetEnvBillingHistory",
    )?;
    s.at(6, 10, 0)?;
    s.act(ENV_DELEGATE, DELEGATED_ENV, "deploy")?;
    // The per-environment delegate manages direct access where it is a delegate.
    s.by(
        ENV_DELEGATE,
        Command::SetDirect {
            env: DELEGATED_ENV.into(),
            member: ENV_CREATOR.into(),
            roles: strings(&["Developer"]),
        },
    )?;
    s.at(6, 15, 30)?;
    s.act(ENV_CREATOR, "api-staging", "deploy")?;
    s.act(ENV_CREATOR, MEMBER_CREATED_ENV, "stop")?;
    s.act(LEFT_MEMBER, "load-test", "stop")?;
    s.act(LEFT_MEMBER, "load-test", "start")?;
    s.at(7, 9, 10)?;
    s.act(SUSPENDED_MEMBER, "api-staging", "restart")?;
    s.act(ACCOUNT_DELEGATE, "mail-relay", "sleep")?;
    s.act(OWNER, "ci-runner", "stop")?;
    s.at(8, 12, 0)?;
    s.act(SECOND_OWNER, "globex-web", "restart")?;
    s.act(SHARED_MEMBER, "globex-web", "deploy")?;

    // The status changes come last, so the task log above shows everyone at work.
    s.at(10, 9, 0)?;
    s.by(
        ACCOUNT_DELEGATE,
        Command::Member {
            owner: Some(OWNER.into()),
            email: SUSPENDED_MEMBER.into(),
            op: MemberOp::Suspend,
        },
    )?;
    s.at(12, 17, 45)?;
    s.by(LEFT_MEMBER, respond(OWNER, Response::Leave))?;
    s.at(16, 10, 0)?;
    s.by(
        ACCOUNT_DELEGATE,
        Command::Member {
            owner: Some(OWNER.into()),
            email: PENDING_MEMBER.into(),
            op: MemberOp::Resend,
        },
    )?;
    Ok(())
}
