//! The `collab` command line: parse, call the engine (through the workspace for
//! changes), print a table or the contract's JSON, and map failures to exit codes.
//!
//! Nothing here decides a rule: every answer comes from the engine, every change goes
//! through `Engine::execute`. This module only translates.

pub mod answer;
pub mod args;
pub mod batch;
mod completions;
pub mod diff;
mod files;
pub mod history;
mod json_text;
mod output;
pub mod plan;
pub mod render;
pub mod review;
mod table;
mod usage;

use std::borrow::Cow;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Parser;
use serde::Serialize;

use crate::engine::{AccountId, Changed, Command, Engine, Error as EngineError, Timestamp};
use crate::store::{self, Store, StoreError};
use crate::workspace::{Workspace, WorkspaceError, engine_from};
use args::{Cli, Global};
use output::saved;
pub use output::{AppRequest, Kept, Output};
use plan::Plan;
use render::Style;
pub use usage::usage_message;

/// The app's views as text, for `collab snapshot`. The app provides it and `main`
/// wires it in, so the command line does not depend on the app.
pub trait Views {
    /// Every view `snapshot --view` accepts.
    fn names(&self) -> &[&'static str];
    /// Parses `WxH`, refusing absurd sizes.
    fn parse_size(&self, size: &str) -> Result<(u16, u16), String>;
    /// One view as plain text, exactly as the app draws it, signed in as `me`.
    /// `state` is the state file the header names (`None`: the demo's throwaway copy).
    fn render(
        &self,
        engine: Engine,
        me: Option<AccountId>,
        size: (u16, u16),
        now: Timestamp,
        view: &str,
        state: Option<&std::path::Path>,
    ) -> Result<String, String>;
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
            WorkspaceError::Stale => {
                Failure::Engine(crate::engine::Error::InvalidState(e.to_string()))
            }
        }
    }
}

impl Failure {
    pub fn code(&self) -> &'static str {
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

    pub fn message(&self) -> String {
        match self {
            Failure::Usage(m) => m.clone(),
            Failure::Engine(e) => e.to_string(),
            Failure::Refused { message, .. } => message.clone(),
            Failure::State(e) => e.to_string(),
        }
    }
}

type Res<T> = Result<T, Failure>;

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct DryRun<'a> {
    dry_run: bool,
    access_diff: &'a [crate::engine::AccessChange],
}

#[derive(Serialize)]
struct Deleted<'a> {
    deleted: &'a str,
}

fn failure_output(f: &Failure, json: bool) -> Output {
    // Every message may quote a path, an argument or a piece of the file: escaped
    // here, once, whatever built it (escaping is idempotent on escaped text).
    let message = crate::text::escape(&f.message().replace('\n', " ")).into_owned();
    Output {
        launch: None,
        kept: None,
        stdout: if json {
            to_json(&ErrorBody {
                error: ErrorDetail {
                    code: f.code(),
                    message: &message,
                },
            })
        } else {
            String::new()
        },
        stderr: format!("error: {}: {message}\n", f.code()),
        code: f.exit(),
    }
}

/// Parses and runs one invocation; never exits the process.
pub fn run<I, T>(argv: I, views: &dyn Views) -> Output
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    let wants_json = argv.iter().skip(1).any(|a| a == "--json");
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return usage::parse_failure(&e, wants_json),
    };
    let mut cli = cli;
    cli.global.fill_from_env();
    let json = cli.global.json;
    // Output that is JSON whatever `--json` says: escaping it for the terminal would
    // break the JSON (escaping happens inside the strings, by the serializer).
    // A completion script is code for the shell, printed as generated.
    let machine = json
        || matches!(
            cli.command,
            Some(args::Cmd::Check { batch: true, .. } | args::Cmd::Completions { .. })
        );
    match execute(cli, views) {
        Ok(mut out) => {
            if !machine {
                let color =
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                if let Cow::Owned(safe) = render::terminal_safe(&out.stdout, color) {
                    out.stdout = safe;
                }
            }
            if let Cow::Owned(safe) = render::terminal_safe(&out.stderr, false) {
                out.stderr = safe;
            }
            out
        }
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

#[expect(
    clippy::unnecessary_wraps,
    reason = "the success case of the `Res<Output>` every subcommand returns, so they can end with it"
)]
fn done(stdout: String) -> Res<Output> {
    Ok(Output {
        stdout,
        stderr: String::new(),
        code: 0,
        launch: None,
        kept: None,
    })
}

impl Ctx {
    fn store(&self) -> Res<Store> {
        Ok(Store::new(state_path(&self.global)?))
    }

    fn load(&self) -> Res<Engine> {
        let store = self.store()?;
        Ok(engine_from(&store, store.load()?)?)
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

    fn print<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> Res<Output> {
        done(if self.global.json {
            to_json(value)
        } else {
            human()
        })
    }

    /// Runs a change: a preview with `--dry-run`, else load-modify-save under the lock.
    fn change(&self, cmd: &Command) -> Res<Output> {
        if cmd.needs_actor() {
            self.actor_email()?;
        }
        if self.global.dry_run {
            let mut engine = self.load()?;
            let actor = self.actor(&engine)?;
            let preview = engine.preview(actor, cmd, self.now)?;
            let body = DryRun {
                dry_run: true,
                access_diff: &preview.changes,
            };
            return self.print(&body, || {
                format!(
                    "{} {}\n{}{}\n",
                    self.style.yellow("dry run:"),
                    preview.outcome.summary,
                    render::preview(self.style, &preview),
                    self.style.dim("(a dry run: nothing was saved)")
                )
            });
        }
        let mut ws = Workspace::open(self.store()?)?;
        let outcome = ws.execute(self.global.actor.as_deref(), cmd, self.now)?;
        let p = ws.engine().platform();
        let viewer = ws.actor(self.global.actor.as_deref())?;
        let json = match &outcome.changed {
            Changed::Account(a) => to_json(&p.account_row(*a)),
            Changed::Group(g) => to_json(&p.group_row(*g)),
            Changed::Env(e) => to_json(&p.env_row(viewer.unwrap_or(p.env(*e).owner), *e)),
            Changed::Role(r) => to_json(&p.role_row(*r)),
            Changed::Policy(pr) => to_json(&p.policy_row(*pr)),
            Changed::Member(c) => to_json(&p.member_row(*c)),
            Changed::Collaboration(c) => to_json(&p.collaboration_row(*c)),
            Changed::DirectAccess { env, member } => {
                let email = &p.account(*member).email;
                let rows = p.share_rows(None, *env)?;
                to_json(&rows.into_iter().find(|r| &r.member == email))
            }
            Changed::Task(seq) => to_json(
                &p.tasks()
                    .iter()
                    .find(|t| t.seq == *seq)
                    .map(|t| p.task_row(t)),
            ),
            Changed::Deleted(name) => to_json(&Deleted { deleted: name }),
            Changed::History => to_json(&serde_json::json!({ "done": &outcome.summary })),
        };
        saved(done(if self.global.json {
            json
        } else {
            format!("{} {}\n", self.style.green("✓"), outcome.summary)
        }))
    }
}

/// Why `--demo` is refused with a subcommand other than `snapshot` and `init`.
const DEMO_ONLY: &str = "--demo opens the app, or takes a snapshot, on a throwaway copy of \
                         the demo platform, and does not apply to other subcommands (to try \
                         them on the demo data: collab --state demo.json init --demo)";

fn execute(cli: Cli, views: &dyn Views) -> Res<Output> {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let ctx = Ctx {
        global: cli.global,
        style: Style { color },
        now: crate::clock::now(),
    };
    let Some(cmd) = cli.command else {
        return Ok(Output {
            launch: Some(AppRequest {
                state: state_path(&ctx.global)?,
                demo: cli.demo,
                actor: ctx.global.actor.clone(),
            }),
            ..Output::default()
        });
    };
    // `--demo` opens the app or takes a snapshot on a throwaway copy; other
    // subcommands would silently ignore it, and those that change the state file
    // would change the file `--demo` promises never to touch.
    if cli.demo && !matches!(cmd, args::Cmd::Snapshot { .. } | args::Cmd::Init { .. }) {
        return Err(Failure::Usage(DEMO_ONLY.into()));
    }
    let cmd = match cmd {
        args::Cmd::Check { batch: true, .. } => return batch::run(&ctx),
        args::Cmd::Diff {
            old,
            new,
            exit_code,
        } => return diff::diff(&ctx, &old, &new, exit_code),
        args::Cmd::AccessReport { file } => return diff::access_report(&ctx, &file),
        args::Cmd::Completions { shell } => return completions::run(shell),
        args::Cmd::Review {
            owner,
            days,
            fail_on,
            now,
        } => return review::run(&ctx, owner.as_deref(), days, fail_on, now.as_deref()),
        other => other,
    };
    match plan::plan(cmd)? {
        Plan::Snapshot { view, size } => files::snapshot(&ctx, views, cli.demo, &view, &size),
        Plan::Init { demo, force } => files::init(&ctx, demo, force),
        Plan::Generate { spec, out, force } => files::generate(&ctx, &spec, &out, force),
        Plan::Change(cmd) => ctx.change(&cmd),
        Plan::Query(q) => {
            if q.needs_actor() {
                ctx.actor_email()?;
            }
            let engine = ctx.load()?;
            answer::answer(
                &q,
                &engine,
                ctx.global.actor.as_deref(),
                ctx.style,
                ctx.global.json,
            )
        }
    }
}
