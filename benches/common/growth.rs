//! The platforms of the growth curve and the operations measured on them, shared by
//! the criterion bench (`benches/growth.rs`) and the probe that runs one operation
//! in a process of its own (`benches/growth_probe.rs`).

use std::hint::black_box;

use crate::common::{NOW, with_tasks};
use collab::engine::demo::DEMO_NOW;
use collab::engine::generate::{GenerateSpec, PRIMARY_EMAIL, generate};
use collab::engine::{
    AccountId, CollabStatus, Command, Engine, EnvId, Level, MemberOp, MethodId, StateDocument,
    Timestamp, diff_platforms, review::review,
};
use collab::tui::app::App;
use collab::tui::draw;
use collab::tui::snapshot::{app_for, enter_view};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The screen of the first frame and the key press.
pub const SIZE: (u16, u16) = (120, 40);
/// How many environments one `who` measurement asks about. One environment's cost
/// depends on its shape (how many groups it is in, how deep they are), and the first
/// environment the member reaches has a different shape at each size (one group two
/// deep at 10,000, two groups three and one deep at 100,000); spread over the owner's
/// environments, the questions have the platform's mix of shapes at every size.
pub const WHO_ENVS: usize = 16;
/// The task log: this many tasks per environment.
pub const TASKS_PER_ENV: usize = 10;

/// The large spec of issue 4 scaled so that it has `envs` environments.
pub fn spec(envs: u32) -> GenerateSpec {
    let large = GenerateSpec::large(7);
    let scale = |n: u32| u32::try_from(u64::from(n) * u64::from(envs) / 10_000).unwrap();
    GenerateSpec {
        accounts: scale(large.accounts),
        envs,
        groups: scale(large.groups),
        depth: large.depth,
        members: scale(large.members),
        seed: large.seed,
    }
}

/// The state file of the platform with `envs` environments and its task log.
pub fn state_bytes(envs: u32) -> Vec<u8> {
    let doc = with_tasks(
        generate(&spec(envs)).unwrap(),
        usize::try_from(envs).unwrap() * TASKS_PER_ENV,
    );
    serde_json::to_vec(&doc).unwrap()
}

/// Loading: parse, validate, index.
pub fn load(bytes: &[u8]) -> Engine {
    let doc: StateDocument = serde_json::from_slice(bytes).unwrap();
    Engine::from_document(&doc).unwrap()
}

/// The platform after a handful of typical changes by the owner: a role edit, a
/// group removal, 10 member removals and 5 environment deletions.
pub fn changed(engine: &Engine) -> Engine {
    let mut e = engine.clone();
    let p = e.platform();
    let owner = p.account_by_email(PRIMARY_EMAIL).unwrap();
    let role = p.roles_of(owner).next().map(|r| p.role(r).name.clone());
    let group = p.groups_of(owner).next().map(|g| p.group(g).path.clone());
    let mut cmds = Vec::new();
    if let Some(name) = role {
        cmds.push(Command::EditRole {
            name,
            policies: Some(vec!["fs.view".into(), "logs.view".into()]),
            rename: None,
            description: None,
            notify: None,
        });
    }
    if let Some(path) = group {
        cmds.push(Command::RemoveGroup { owner: None, path });
    }
    for c in p.collabs_of_owner(owner).take(10) {
        cmds.push(Command::Member {
            owner: None,
            email: p.account(p.collab(c).member).email.clone(),
            op: MemberOp::Remove,
        });
    }
    for env in p.envs_of(owner).take(5) {
        cmds.push(Command::DeleteEnv {
            env: p.env(env).name.clone(),
        });
    }
    for cmd in cmds {
        let _ = e.execute(Some(owner), &cmd, Timestamp(NOW));
    }
    e
}

/// A loaded platform and who the questions are about.
pub struct Subject {
    pub engine: Engine,
    pub owner: AccountId,
    /// The active member of the primary owner with the most share entries, and an
    /// environment it reaches.
    pub member: AccountId,
    pub env: EnvId,
    /// The environments `who` asks about: [`WHO_ENVS`] of the owner's, evenly spread.
    pub who_envs: Vec<EnvId>,
    /// The method `check` asks about: starting the environment.
    pub start: MethodId,
}

impl Subject {
    /// Built from the file's bytes, as the command line and the app build it: the
    /// platform's records are then laid out in memory as a loaded platform's are.
    pub fn from_bytes(bytes: &[u8]) -> Subject {
        let engine = load(bytes);
        let p = engine.platform();
        let owner = p.account_by_email(PRIMARY_EMAIL).unwrap();
        let member = p
            .collabs_of_owner(owner)
            .filter(|c| p.collab(*c).status == CollabStatus::Active)
            .max_by_key(|c| p.collab(*c).shares.len())
            .map(|c| p.collab(c).member)
            .unwrap();
        let env = p
            .envs_of(owner)
            .find(|e| p.access_of(member, *e).0 != Level::None)
            .unwrap();
        let start = p.find_method("start").unwrap();
        let envs: Vec<EnvId> = p.envs_of(owner).collect();
        let who_envs = (0..WHO_ENVS)
            .map(|i| envs[i * envs.len() / WHO_ENVS])
            .collect();
        Subject {
            engine,
            owner,
            member,
            env,
            who_envs,
            start,
        }
    }

    /// `check` of starting the environment, by ids: the decision's level.
    pub fn check(&self) -> Level {
        let p = self.engine.platform();
        black_box(p.check(black_box(self.member), black_box(self.env), self.start)).level
    }

    /// `access` of the member: every environment it reaches.
    pub fn access(&self) -> usize {
        black_box(self.engine.platform().access_rows(None, self.member)).len()
    }

    /// `who` of each of [`WHO_ENVS`] environments: the rows in all.
    pub fn who(&self) -> usize {
        let p = self.engine.platform();
        self.who_envs
            .iter()
            .map(|e| black_box(p.who_rows(None, black_box(*e)).unwrap()).len())
            .sum()
    }

    /// `review` of the owner, 90 days.
    pub fn review(&self) -> usize {
        black_box(review(
            self.engine.platform(),
            self.owner,
            Timestamp(NOW),
            90,
        ))
        .findings
        .len()
    }

    /// `diff` against the platform after [`changed`].
    pub fn diff(&self, changed: &Engine) -> usize {
        black_box(diff_platforms(self.engine.platform(), changed.platform()))
            .access_diff
            .len()
    }

    /// A copy of the engine with a platform of its own, as the app starts with: made
    /// outside the timing, which a copy sharing the platform would leave to the app's
    /// first dry run.
    pub fn engine_copy(&self) -> Engine {
        let mut engine = self.engine.clone();
        engine.own_platform();
        engine
    }

    /// The app built over (a copy of) the platform, in Members, drawn once.
    pub fn first_frame(&self, engine: Engine, buf: &mut Buffer) -> App {
        let mut app = app_for(engine, Some(self.owner), SIZE, DEMO_NOW);
        enter_view(&mut app, "members").unwrap();
        buf.reset();
        draw::render(&app, buf.area, buf);
        app
    }

    /// The app in Environments, for [`key_and_frame`].
    pub fn app_in_envs(&self) -> App {
        let mut app = app_for(self.engine_copy(), Some(self.owner), SIZE, DEMO_NOW);
        enter_view(&mut app, "envs").unwrap();
        app
    }
}

/// `j` (or `k`) in Environments and the frame after it.
pub fn key_and_frame(app: &mut App, down: bool, buf: &mut Buffer) {
    let code = if down {
        KeyCode::Char('j')
    } else {
        KeyCode::Char('k')
    };
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    buf.reset();
    draw::render(app, buf.area, buf);
}
