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

use super::Engine;
use super::document::StateDocument;
use super::time::Timestamp;

mod script;
mod steps;

use steps::{accounts, invitations, nikolai_setup, olga_setup, responses, work};

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
