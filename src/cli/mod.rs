//! The `collab` command line: parse, call the engine (through the workspace for
//! changes), print a table or the contract's JSON, and map failures to exit codes.
//!
//! Nothing here decides a rule: every answer comes from the engine, every change goes
//! through `Engine::execute`. This module only translates.

pub mod args;
pub mod render;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Parser;
use clap::error::ErrorKind;
use serde::Serialize;
use serde_json::json;

use crate::engine::{
    AccountId, Changed, Command, Engine, Error as EngineError, MemberOp, Response, ShareSpec,
    Timestamp,
};
use crate::store::{self, Store, StoreError};
use crate::workspace::{Workspace, WorkspaceError, engine_from};
use args::*;
use render::Style;

/// What one invocation printed and how it ends.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Why an invocation failed, by exit code.
#[derive(Debug)]
pub enum Failure {
    /// Exit 2.
    Usage(String),
    /// Exit 1.
    Engine(EngineError),
    /// Exit 1: refused outside the engine (e.g. `init` over an existing file).
    Refused { code: &'static str, message: String },
    /// Exit 3.
    State(StoreError),
}

impl From<EngineError> for Failure {
    fn from(e: EngineError) -> Self {
        Failure::Engine(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::State(e)
    }
}

impl From<WorkspaceError> for Failure {
    fn from(e: WorkspaceError) -> Self {
        match e {
            WorkspaceError::Store(s) => Failure::State(s),
            WorkspaceError::Engine(e) => Failure::Engine(e),
        }
    }
}

impl Failure {
    fn code(&self) -> &'static str {
        match self {
            Failure::Usage(_) => "USAGE",
            Failure::Engine(e) => e.code(),
            Failure::Refused { code, .. } => code,
            Failure::State(e) => e.code(),
        }
    }

    fn exit(&self) -> i32 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Engine(_) | Failure::Refused { .. } => 1,
            Failure::State(_) => 3,
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::Usage(m) => m.clone(),
            Failure::Engine(e) => e.to_string(),
            Failure::Refused { message, .. } => message.clone(),
            Failure::State(e) => e.to_string(),
        }
    }
}

type Res<T> = Result<T, Failure>;

/// The current time, for commands (the engine never reads a clock).
pub fn now() -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Timestamp(i64::try_from(secs).unwrap_or(i64::MAX))
}

fn failure_output(f: &Failure, json: bool) -> Output {
    let message = f.message().replace('\n', " ");
    Output {
        stdout: if json {
            format!(
                "{}\n",
                json!({"error": {"code": f.code(), "message": message}})
            )
        } else {
            String::new()
        },
        stderr: format!("error: {}: {message}\n", f.code()),
        code: f.exit(),
    }
}

/// Parses and runs one invocation; never exits the process.
pub fn run<I, T>(argv: I) -> Output
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    let wants_json = argv.iter().skip(1).any(|a| a == "--json");
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => {
            return match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Output {
                    stdout: e.render().to_string(),
                    stderr: String::new(),
                    code: if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                        2
                    } else {
                        0
                    },
                },
                _ => {
                    let text = e.render().to_string();
                    let first = text
                        .lines()
                        .next()
                        .unwrap_or("invalid arguments")
                        .trim_start_matches("error: ")
                        .to_string();
                    let hint = text
                        .lines()
                        .find(|l| l.trim_start().starts_with("Usage:"))
                        .map(|l| format!(" ({})", l.trim()))
                        .unwrap_or_default();
                    failure_output(&Failure::Usage(format!("{first}{hint}")), wants_json)
                }
            };
        }
    };
    let json = cli.global.json;
    match execute(cli) {
        Ok(out) => out,
        Err(f) => failure_output(&f, json),
    }
}

struct Ctx {
    global: Global,
    style: Style,
    now: Timestamp,
}

fn state_path(global: &Global) -> Res<PathBuf> {
    match &global.state {
        Some(p) => Ok(p.clone()),
        None => store::default_state_path().ok_or_else(|| {
            Failure::Usage(
                "no config directory is known for this user; pass --state PATH".to_string(),
            )
        }),
    }
}

fn to_json<T: Serialize>(v: &T) -> String {
    match serde_json::to_string_pretty(v) {
        Ok(s) => s + "\n",
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

fn done(stdout: String) -> Res<Output> {
    Ok(Output {
        stdout,
        stderr: String::new(),
        code: 0,
    })
}

impl Ctx {
    fn store(&self) -> Res<Store> {
        Ok(Store::new(state_path(&self.global)?))
    }

    fn load(&self) -> Res<Engine> {
        let store = self.store()?;
        Ok(engine_from(store.path(), store.load()?)?)
    }

    fn actor_email(&self) -> Res<&str> {
        self.global.actor.as_deref().ok_or_else(|| {
            Failure::Usage(
                "this command needs the acting account: pass --as EMAIL (or set COLLAB_AS)"
                    .to_string(),
            )
        })
    }

    fn actor(&self, engine: &Engine) -> Res<Option<AccountId>> {
        Ok(self
            .global
            .actor
            .as_deref()
            .map(|e| engine.platform().find_account(e))
            .transpose()?)
    }

    fn required_actor(&self, engine: &Engine) -> Res<AccountId> {
        let email = self.actor_email()?;
        Ok(engine.platform().find_account(email)?)
    }

    fn print<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> Res<Output> {
        done(if self.global.json {
            to_json(value)
        } else {
            human()
        })
    }

    /// Runs a change: a preview with `--dry-run`, else load-modify-save under the lock.
    fn change(&self, cmd: Command) -> Res<Output> {
        if cmd.needs_actor() {
            self.actor_email()?;
        }
        if self.global.dry_run {
            let mut engine = self.load()?;
            let actor = self.actor(&engine)?;
            let preview = engine.preview(actor, &cmd, self.now)?;
            let access_diff: Vec<serde_json::Value> = preview
                .changes
                .iter()
                .map(|c| {
                    json!({"member": c.member, "env": c.env, "before": c.before, "after": c.after})
                })
                .collect();
            return self.print(
                &json!({"dry_run": true, "access_diff": access_diff}),
                || {
                    format!(
                        "{} {}\n{}{}\n",
                        self.style.yellow("dry run:"),
                        preview.outcome.summary,
                        render::access_diff(self.style, &preview.changes),
                        self.style.dim("(a dry run: nothing was saved)")
                    )
                },
            );
        }
        let mut ws = Workspace::open(self.store()?)?;
        let outcome = ws.execute(self.global.actor.as_deref(), &cmd, self.now)?;
        let p = ws.engine().platform();
        let viewer = ws.actor(self.global.actor.as_deref())?;
        let value = match &outcome.changed {
            Changed::Account(a) => serde_json::to_value(p.account_row(*a)),
            Changed::Group(g) => serde_json::to_value(p.group_row(*g)),
            Changed::Env(e) => match viewer {
                Some(v) => serde_json::to_value(p.env_row(v, *e)),
                None => serde_json::to_value(p.env_row(p.env(*e).owner, *e)),
            },
            Changed::Role(r) => serde_json::to_value(p.role_row(*r)),
            Changed::Policy(pr) => serde_json::to_value(p.policy_row(*pr)),
            Changed::Member(c) => serde_json::to_value(p.member_row(*c)),
            Changed::Collaboration(c) => serde_json::to_value(p.collaboration_row(*c)),
            Changed::DirectAccess { env, member } => {
                let rows = p.share_rows(None, *env)?;
                let email = &p.account(*member).email;
                serde_json::to_value(rows.into_iter().find(|r| &r.member == email))
            }
            Changed::Task(seq) => serde_json::to_value(
                p.tasks()
                    .iter()
                    .find(|t| t.seq == *seq)
                    .map(|t| p.task_row(t)),
            ),
            Changed::Deleted(name) => Ok(json!({"deleted": name})),
        }
        .unwrap_or(serde_json::Value::Null);
        self.print(&value, || {
            format!("{} {}\n", self.style.green("✓"), outcome.summary)
        })
    }
}

fn execute(cli: Cli) -> Res<Output> {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let ctx = Ctx {
        global: cli.global,
        style: Style { color },
        now: now(),
    };
    let Some(cmd) = cli.command else {
        return tour(&ctx, cli.demo);
    };
    match cmd {
        Cmd::Init { demo, force } => init(&ctx, demo, force),
        Cmd::Generate {
            accounts,
            envs,
            groups,
            depth,
            members,
            seed,
            out,
        } => generate(&ctx, [accounts, envs, groups, depth, members], seed, out),
        Cmd::Account(AccountCmd::Add {
            email,
            name,
            max_envs,
        }) => ctx.change(Command::AddAccount {
            email,
            name,
            max_environments: max_envs,
        }),
        Cmd::Account(AccountCmd::List) => {
            let engine = ctx.load()?;
            let rows = engine.platform().account_rows();
            ctx.print(&rows, || render::accounts(ctx.style, &rows))
        }
        Cmd::Group(g) => ctx.change(match g {
            GroupCmd::Add { path, owner } => Command::AddGroup { owner, path },
            GroupCmd::Remove { path, owner } => Command::RemoveGroup { owner, path },
            GroupCmd::Rename {
                path,
                new_name,
                owner,
            } => Command::RenameGroup {
                owner,
                path,
                new_name,
            },
        }),
        Cmd::Env(EnvCmd::List) => {
            ctx.actor_email()?;
            let engine = ctx.load()?;
            let me = ctx.required_actor(&engine)?;
            let rows = engine.platform().env_rows(me);
            ctx.print(&rows, || render::envs(ctx.style, &rows))
        }
        Cmd::Env(e) => ctx.change(match e {
            EnvCmd::Create {
                name,
                groups,
                owner,
                cloudlets,
            } => Command::CreateEnv {
                name,
                owner,
                groups,
                cloudlets,
            },
            EnvCmd::Attach { name, group, owner } => Command::AttachEnv {
                env: name,
                group,
                owner,
            },
            EnvCmd::Detach { name, group, owner } => Command::DetachEnv {
                env: name,
                group,
                owner,
            },
            EnvCmd::Delete { name } => Command::DeleteEnv { env: name },
            EnvCmd::Clone { name, new_name } => Command::CloneEnv {
                env: name,
                new_name,
            },
            EnvCmd::Transfer { name, to } => Command::TransferEnv { env: name, to },
            EnvCmd::Do { name, action } => Command::EnvDo { env: name, action },
            EnvCmd::List => unreachable_list(),
        }),
        Cmd::Role(RoleCmd::List) => {
            ctx.actor_email()?;
            let engine = ctx.load()?;
            let me = ctx.required_actor(&engine)?;
            let rows = engine.platform().role_rows(me);
            ctx.print(&rows, || render::roles_table(ctx.style, &rows))
        }
        Cmd::Role(r) => ctx.change(match r {
            RoleCmd::Add {
                name,
                policies,
                description,
                notify,
            } => Command::AddRole {
                name,
                policies,
                description,
                notify,
            },
            RoleCmd::Edit {
                name,
                policies,
                rename,
                description,
                notify,
                no_notify,
            } => Command::EditRole {
                name,
                policies,
                rename,
                description,
                notify: match (notify, no_notify) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
            },
            RoleCmd::Copy { name, new_name } => Command::CopyRole { name, new_name },
            RoleCmd::Delete { name, force } => Command::DeleteRole { name, force },
            RoleCmd::List => unreachable_list(),
        }),
        Cmd::Policy(PolicyCmd::List) => {
            let engine = ctx.load()?;
            let me = ctx.actor(&engine)?;
            let rows = engine.platform().policy_rows(me);
            ctx.print(&rows, || render::policies(ctx.style, &rows))
        }
        Cmd::Policy(p) => ctx.change(match p {
            PolicyCmd::Add {
                name,
                methods,
                description,
            } => Command::AddPolicy {
                name,
                methods,
                description,
            },
            PolicyCmd::Edit {
                name,
                methods,
                description,
            } => Command::EditPolicy {
                name,
                methods,
                description,
            },
            PolicyCmd::Delete { name, force } => Command::DeletePolicy { name, force },
            PolicyCmd::List => unreachable_list(),
        }),
        Cmd::Member(m) => member(&ctx, m),
        Cmd::Accept { owner } => ctx.change(Command::Respond {
            owner,
            response: Response::Accept,
        }),
        Cmd::Reject { owner } => ctx.change(Command::Respond {
            owner,
            response: Response::Reject,
        }),
        Cmd::Leave { owner } => ctx.change(Command::Respond {
            owner,
            response: Response::Leave,
        }),
        Cmd::Collaborations => {
            ctx.actor_email()?;
            let engine = ctx.load()?;
            let me = ctx.required_actor(&engine)?;
            let rows = engine.platform().collaboration_rows(me);
            ctx.print(&rows, || render::collaborations(ctx.style, &rows))
        }
        Cmd::Share(ShareCmd::List { env }) => {
            let engine = ctx.load()?;
            let asker = ctx.actor(&engine)?;
            let p = engine.platform();
            let e = p.find_env(&env)?;
            let rows = p.share_rows(asker, e)?;
            ctx.print(&rows, || render::share_rows(ctx.style, &env, &rows))
        }
        Cmd::Share(ShareCmd::Set { env, member, roles }) => {
            ctx.change(Command::SetDirect { env, member, roles })
        }
        Cmd::Share(ShareCmd::Remove { env, member }) => {
            ctx.change(Command::RemoveDirect { env, member })
        }
        Cmd::Check {
            member,
            env,
            action,
        } => {
            let engine = ctx.load()?;
            let asker = ctx.actor(&engine)?;
            let p = engine.platform();
            let m = p.find_account(&member)?;
            let e = p.find_env(&env)?;
            let method = p.find_method(&action)?;
            p.require_may_ask(asker, m, e)?;
            let row = p.check_row(&p.check(m, e, method));
            let mut out = ctx.print(&row, || {
                let verdict = if row.allowed {
                    ctx.style.green("allowed")
                } else {
                    ctx.style.red("denied")
                };
                format!(
                    "{verdict}: {} {} on {}\n  level  {} {}\n  why    {}\n",
                    row.member,
                    row.method,
                    row.env,
                    ctx.style.level(row.level),
                    row.roles.join(", "),
                    row.reason
                )
            })?;
            if !row.allowed {
                out.code = 1;
            }
            Ok(out)
        }
        Cmd::Explain {
            member,
            env,
            action,
        } => {
            let engine = ctx.load()?;
            let asker = ctx.actor(&engine)?;
            let p = engine.platform();
            let m = p.find_account(&member)?;
            let e = p.find_env(&env)?;
            let method = action.as_deref().map(|a| p.find_method(a)).transpose()?;
            p.require_may_ask(asker, m, e)?;
            let row = p.explain_row(&p.explain(m, e, method));
            ctx.print(&row, || render::explain(ctx.style, &row))
        }
        Cmd::Access { member } => {
            let engine = ctx.load()?;
            let asker = ctx.actor(&engine)?;
            let p = engine.platform();
            let m = p.find_account(&member)?;
            let rows = p.access_rows(asker, m);
            ctx.print(&rows, || render::access(ctx.style, &rows))
        }
        Cmd::Who { env } => {
            let engine = ctx.load()?;
            let asker = ctx.actor(&engine)?;
            let p = engine.platform();
            let e = p.find_env(&env)?;
            let rows = p.who_rows(asker, e)?;
            ctx.print(&rows, || render::who(ctx.style, &rows))
        }
        Cmd::Alert { env } => {
            let engine = ctx.load()?;
            let asker = ctx.actor(&engine)?;
            let p = engine.platform();
            let e = p.find_env(&env)?;
            let row = p.alert_row(asker, e)?;
            ctx.print(&row, || {
                format!(
                    "a load alert on {} notifies:\n{}",
                    row.env,
                    row.notify
                        .iter()
                        .map(|n| format!("  {n}\n"))
                        .collect::<String>()
                )
            })
        }
        Cmd::Tasks { env, limit } => {
            ctx.actor_email()?;
            let engine = ctx.load()?;
            let me = ctx.required_actor(&engine)?;
            let p = engine.platform();
            if let Some(name) = &env
                && p.env_by_name(name).is_none()
                && !p.tasks().iter().any(|t| t.env.as_deref() == Some(name))
            {
                return Err(p.find_env(name).err().map_or_else(
                    || Failure::Usage("unknown environment".into()),
                    Failure::Engine,
                ));
            }
            let rows = p.task_rows(me, env.as_deref(), limit);
            let email = p.account(me).email.clone();
            ctx.print(&rows, || render::tasks(ctx.style, &rows, &email))
        }
    }
}

/// List subcommands are handled before the change dispatch; keep the match total.
fn unreachable_list() -> Command {
    Command::Respond {
        owner: String::new(),
        response: Response::Accept,
    }
}

fn parse_shares(specs: &[String]) -> Res<Vec<ShareSpec>> {
    Ok(specs
        .iter()
        .map(|s| ShareSpec::parse(s))
        .collect::<Result<Vec<_>, _>>()?)
}

fn member(ctx: &Ctx, m: MemberArgs) -> Res<Output> {
    let owner = m.owner;
    let op = |email: String, op: MemberOp| Command::Member {
        owner: owner.clone(),
        email,
        op,
    };
    let cmd = match m.command {
        MemberCmd::List => {
            ctx.actor_email()?;
            let engine = ctx.load()?;
            let me = ctx.required_actor(&engine)?;
            let p = engine.platform();
            let o = owner.as_deref().map(|o| p.find_account(o)).transpose()?;
            let rows = p.member_rows(me, o.unwrap_or(me))?;
            return ctx.print(&rows, || render::members(ctx.style, &rows));
        }
        MemberCmd::Show { email } => {
            ctx.actor_email()?;
            let engine = ctx.load()?;
            let me = ctx.required_actor(&engine)?;
            let p = engine.platform();
            let o = owner
                .as_deref()
                .map(|o| p.find_account(o))
                .transpose()?
                .unwrap_or(me);
            p.member_rows(me, o)?;
            let row = p.member_row(p.find_collab(o, &email)?);
            return ctx.print(&row, || render::member(ctx.style, &row));
        }
        MemberCmd::Invite {
            email,
            name,
            shares,
        } => Command::InviteMember {
            owner,
            email,
            name,
            shares: parse_shares(&shares)?,
        },
        MemberCmd::Edit {
            email,
            name,
            shares,
        } => Command::EditMember {
            owner,
            email,
            name,
            shares: shares.as_deref().map(parse_shares).transpose()?,
        },
        MemberCmd::Copy { from, to, name } => Command::CopyMember {
            owner,
            from,
            to,
            name,
        },
        MemberCmd::Suspend { email } => op(email, MemberOp::Suspend),
        MemberCmd::Activate { email } => op(email, MemberOp::Activate),
        MemberCmd::Remove { email } => op(email, MemberOp::Remove),
        MemberCmd::Reinvite { email } => op(email, MemberOp::Reinvite),
        MemberCmd::Resend { email } => op(email, MemberOp::Resend),
    };
    ctx.change(cmd)
}

fn init(ctx: &Ctx, demo: bool, force: bool) -> Res<Output> {
    let store = ctx.store()?;
    let engine = if demo {
        crate::engine::demo::demo_engine()
    } else {
        Engine::new()
    };
    let exists = store.fingerprint()?.is_some();
    if exists && !force {
        return Err(Failure::Refused {
            code: "DUPLICATE",
            message: format!(
                "state file {} already exists; pass --force to replace it (the old file is kept as a .bak-<time> copy)",
                store.path().display()
            ),
        });
    }
    if ctx.global.dry_run {
        return ctx.print(
            &json!({"dry_run": true, "state": store.path(), "demo": demo, "replaces": exists}),
            || {
                format!(
                    "{} would write {} state to {}{}\n",
                    ctx.style.yellow("dry run:"),
                    if demo { "the demo" } else { "an empty" },
                    store.path().display(),
                    if exists {
                        " (keeping the old file as a backup)"
                    } else {
                        ""
                    }
                )
            },
        );
    }
    let lock = store.lock(crate::workspace::LOCK_WAIT)?;
    let backup = if exists {
        lock.backup(&ctx.now.compact())?
    } else {
        None
    };
    lock.save(&engine.to_document())?;
    let summary = json!({
        "state": store.path(),
        "demo": demo,
        "backup": backup,
        "accounts": engine.platform().account_ids().count(),
        "environments": engine.platform().env_ids().count(),
    });
    ctx.print(&summary, || {
        let mut s = format!(
            "{} wrote {} state to {}\n",
            ctx.style.green("✓"),
            if demo { "the demo" } else { "an empty" },
            store.path().display()
        );
        if let Some(b) = &backup {
            s.push_str(&format!("  the previous file is kept as {}\n", b.display()));
        }
        if demo {
            s.push_str("  try: collab --as maria@acme.io env list\n");
        }
        s
    })
}

fn generate(ctx: &Ctx, sizes: [u32; 5], seed: u64, out: PathBuf) -> Res<Output> {
    let [accounts, envs, groups, depth, members] = sizes;
    let spec = crate::engine::generate::GenerateSpec {
        accounts,
        envs,
        groups,
        depth,
        members,
        seed,
    };
    let doc = crate::engine::generate::generate(&spec).map_err(|message| Failure::Refused {
        code: "VALIDATION",
        message,
    })?;
    let summary = json!({
        "out": out,
        "accounts": doc.accounts.len(),
        "environments": doc.environments.len(),
        "groups": doc.groups.len(),
        "collaborations": doc.collaborations.len(),
        "roles": doc.roles.len(),
        "tasks": doc.tasks.len(),
    });
    if !ctx.global.dry_run {
        let store = Store::new(&out);
        let lock = store.lock(crate::workspace::LOCK_WAIT)?;
        lock.save(&doc)?;
    }
    ctx.print(&summary, || {
        format!(
            "{} {} {}: {} accounts, {} environments, {} groups, {} collaborations, {} roles, {} tasks\n",
            ctx.style.green("✓"),
            if ctx.global.dry_run { "would write" } else { "wrote" },
            out.display(),
            doc.accounts.len(),
            doc.environments.len(),
            doc.groups.len(),
            doc.collaborations.len(),
            doc.roles.len(),
            doc.tasks.len()
        )
    })
}

/// `collab` without a subcommand: until the terminal app lands, a guided tour of the
/// command line over the demo platform (with `--demo`) or the help.
fn tour(ctx: &Ctx, demo: bool) -> Res<Output> {
    if !demo {
        return Err(Failure::Usage(
            "no subcommand given; try 'collab --demo' for a tour, or 'collab --help'".into(),
        ));
    }
    let engine = crate::engine::demo::demo_engine();
    let p = engine.platform();
    let s = ctx.style;
    let mut out = String::new();
    out.push_str(&s.bold("collab: a tour of the demo platform (nothing is saved)\n\n"));
    out.push_str("$ collab account list\n");
    out.push_str(&render::accounts(s, &p.account_rows()));
    if let (Some(maria), Some(e)) = (
        p.account_by_email("maria@acme.io"),
        p.env_by_name("billing-db"),
    ) {
        out.push_str("\n$ collab --as maria@acme.io env list\n");
        out.push_str(&render::envs(s, &p.env_rows(maria)));
        out.push_str("\n$ collab explain --member maria@acme.io --env billing-db --action start\n");
        let method = p.find_method("start").ok();
        out.push_str(&render::explain(
            s,
            &p.explain_row(&p.explain(maria, e, method)),
        ));
    }
    out.push_str("\nRun these yourself after 'collab init --demo'; see README.md for more.\n");
    done(out)
}
