//! The growth curve of issue 11: the same operations on platforms of 1,000, 10,000
//! and 100,000 environments, `collab generate` scaled by the same factor in every
//! dimension (the large spec of issue 4 is the middle point: accounts, groups and
//! members grow with the environments, depth stays 8), so each step is ten times the
//! data. Costs should grow no faster than that: ~1x per step for a `check`, at most
//! ~10x for anything that reads the whole platform (load, `diff`, `review`) or a
//! share of it that grows with it (`access` over a member's reach, `who` over an
//! environment's audience).
//!
//! `review` runs over a task log of 10 tasks per environment (10,000 / 100,000 /
//! 1,000,000 tasks) of the primary owner's members on environments they reach, spread
//! over the last 80 days; `diff` compares the platform with itself after a role edit,
//! a group removal, 10 member removals and 5 environment deletions. The first frame
//! is the app built over a loaded engine and drawn once at 120x40; the key press is
//! `j`/`k` in Environments and the frame after it.
//!
//! Generating the 100,000-environment platform takes a few seconds; it happens once,
//! before its group, and the time is printed. The platform is built from the bytes
//! of its file, as the command line and the app build it. Run one size per process:
//! `for n in 1000 10000 100000; do GROWTH_SIZES=$n cargo bench --bench growth; done`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark's setup failing is a broken benchmark, not a run-time condition"
)]
#![allow(
    clippy::many_single_char_names,
    clippy::semicolon_if_nothing_returned,
    reason = "criterion's c, b and g, and its closures, read best bare"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use collab::engine::demo::DEMO_NOW;
use collab::engine::generate::{GenerateSpec, PRIMARY_EMAIL, generate};
use collab::engine::{
    AccountId, CollabStatus, Command, Engine, EnvId, Level, MemberOp, StateDocument, Timestamp,
    diff_platforms, review::review,
};
use collab::tui::draw;
use collab::tui::snapshot::{app_for, enter_view};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const SIZE: (u16, u16) = (120, 40);
mod common;

use common::NOW;
const TASKS_PER_ENV: usize = 10;

/// The large spec of issue 4 scaled so that it has `envs` environments.
fn spec(envs: u32) -> GenerateSpec {
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

/// The platform after a handful of typical changes by the owner.
fn changed(engine: &Engine) -> Engine {
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

/// Everything one size needs, built once.
struct Subject {
    envs: u32,
    bytes: Vec<u8>,
    engine: Engine,
    changed: Engine,
    owner: AccountId,
    /// The active member of the primary owner with the most share entries, and an
    /// environment it reaches.
    member: AccountId,
    env: EnvId,
}

fn subject(envs: u32) -> Subject {
    let started = Instant::now();
    let doc = common::with_tasks(
        generate(&spec(envs)).unwrap(),
        usize::try_from(envs).unwrap() * TASKS_PER_ENV,
    );
    let bytes = serde_json::to_vec(&doc).unwrap();
    drop(doc);
    // Built from the file's bytes, as the command line and the app build it: the
    // platform's records are then laid out in memory as a loaded platform's are.
    let loaded: StateDocument = serde_json::from_slice(&bytes).unwrap();
    let engine = Engine::from_document(&loaded).unwrap();
    drop(loaded);
    let changed = changed(&engine);
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
    eprintln!(
        "{envs} environments: {} accounts, {} collaborations, {} tasks, {} kB; generated, \
         written and loaded in {:.1} s",
        p.account_ids().count(),
        p.collab_ids().count(),
        p.tasks().len(),
        bytes.len() / 1000,
        started.elapsed().as_secs_f64()
    );
    Subject {
        envs,
        bytes,
        engine,
        changed,
        owner,
        member,
        env,
    }
}

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The sizes to measure: `GROWTH_SIZES` (comma-separated), else all three. One size
/// per process measures each platform in a fresh heap, as a user meets it; three
/// sizes in one process measure the larger ones in a heap the smaller ones fragmented.
fn sizes() -> Vec<u32> {
    match std::env::var("GROWTH_SIZES") {
        Ok(list) => list
            .split(',')
            .map(|n| {
                n.trim()
                    .parse()
                    .expect("GROWTH_SIZES: numbers such as 10000")
            })
            .collect(),
        Err(_) => vec![1_000, 10_000, 100_000],
    }
}

fn growth(c: &mut Criterion) {
    for envs in sizes() {
        let s = subject(envs);
        let p = s.engine.platform();
        let start = p.find_method("start").unwrap();
        let mut g = c.benchmark_group(format!("growth ({envs} envs)"));
        g.sample_size(10);
        let id = |what: &str| BenchmarkId::new(what, s.envs);
        g.bench_function(id("check"), |b| {
            b.iter(|| black_box(p.check(black_box(s.member), black_box(s.env), start)))
        });
        g.bench_function(id("access"), |b| {
            b.iter(|| black_box(p.access_rows(None, black_box(s.member))))
        });
        g.bench_function(id("who"), |b| {
            b.iter(|| black_box(p.who_rows(None, black_box(s.env)).unwrap()))
        });
        g.bench_function(id("review"), |b| {
            b.iter(|| black_box(review(p, s.owner, Timestamp(NOW), 90)))
        });
        g.bench_function(id("diff"), |b| {
            b.iter(|| black_box(diff_platforms(p, s.changed.platform())))
        });
        let mut buf = Buffer::empty(Rect::new(0, 0, SIZE.0, SIZE.1));
        g.bench_function(id("first frame"), |b| {
            b.iter_batched(
                || s.engine.clone(),
                |engine| {
                    let mut app = app_for(engine, Some(s.owner), SIZE, DEMO_NOW);
                    enter_view(&mut app, "members").unwrap();
                    buf.reset();
                    draw::render(&app, buf.area, &mut buf);
                    app
                },
                criterion::BatchSize::LargeInput,
            )
        });
        let mut app = app_for(s.engine.clone(), Some(s.owner), SIZE, DEMO_NOW);
        enter_view(&mut app, "envs").unwrap();
        let mut down = true;
        g.bench_function(id("key press (j/k in Environments) + frame"), |b| {
            b.iter(|| {
                down = !down;
                app.handle_key(press(if down {
                    KeyCode::Char('j')
                } else {
                    KeyCode::Char('k')
                }));
                buf.reset();
                draw::render(&app, buf.area, &mut buf);
            })
        });
        // Last: each load allocates and frees a whole platform, which would leave
        // the measurements after it in a fragmented heap.
        g.bench_function(id("load"), |b| {
            b.iter(|| {
                let doc: StateDocument = serde_json::from_slice(&s.bytes).unwrap();
                black_box(Engine::from_document(&doc).unwrap())
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = growth
}
criterion_main!(benches);
