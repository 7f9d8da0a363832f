//! Engine and state-file benchmarks on the large generated platform (issue 4):
//! 1,000 accounts, 10,000 environments, 2,000 groups 8 deep, 1,000 members.
//!
//! Each group names its target. Ratios that have a fair baseline are measured in the
//! same run: loading against `serde_json::Value`, saving against serializing.
//! Run with `cargo bench --bench engine`; BENCHMARKS.md records the figures.

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
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

use std::hint::black_box;
use std::time::Duration;

use collab::engine::generate::{GenerateSpec, PRIMARY_EMAIL, generate};
use collab::engine::{
    AccountId, CollabStatus, Command, Engine, EnvId, Level, StateDocument, Timestamp,
};
use collab::store::Store;
use criterion::{Criterion, criterion_group, criterion_main};

struct Large {
    engine: Engine,
    bytes: Vec<u8>,
    owner: AccountId,
    /// An active member with access somewhere, and an environment it can reach.
    member: AccountId,
    env: EnvId,
}

fn large() -> Large {
    let doc = generate(&GenerateSpec::large(7)).expect("generate");
    let bytes = serde_json::to_vec(&doc).expect("serialize");
    let engine = Engine::from_document(&doc).expect("load");
    let p = engine.platform();
    let owner = p.account_by_email(PRIMARY_EMAIL).expect("primary");
    // The active member of the primary owner with the most share entries.
    let member = p
        .collabs_of_owner(owner)
        .filter(|c| p.collab(*c).status == CollabStatus::Active)
        .max_by_key(|c| p.collab(*c).shares.len())
        .map(|c| p.collab(c).member)
        .expect("an active member");
    let env = p
        .envs_of(owner)
        .find(|e| p.access_of(member, *e).0 != Level::None)
        .expect("a reachable environment");
    Large {
        engine,
        bytes,
        owner,
        member,
        env,
    }
}

fn queries(c: &mut Criterion) {
    let l = large();
    let p = l.engine.platform();
    let start = p.find_method("start").expect("method");
    let mut g = c.benchmark_group("queries (large platform)");
    g.bench_function("check member env action [target <= 1 us]", |b| {
        b.iter(|| black_box(p.check(black_box(l.member), black_box(l.env), black_box(start))))
    });
    g.bench_function("check by names, as the CLI does [target <= 1 us]", |b| {
        let member = p.account(l.member).email.clone();
        let env = p.env(l.env).name.clone();
        b.iter(|| {
            let m = p.find_account(black_box(&member)).expect("member");
            let e = p.find_env(black_box(&env)).expect("env");
            let a = p.find_method(black_box("start")).expect("action");
            black_box(p.check(m, e, a))
        })
    });
    g.bench_function("explain with an action [target <= 20 us]", |b| {
        b.iter(|| black_box(p.explain(black_box(l.member), black_box(l.env), Some(start))))
    });
    g.bench_function(
        "access for one member over 10,000 envs [target <= 5 ms]",
        |b| b.iter(|| black_box(p.access_rows(None, black_box(l.member)))),
    );
    g.bench_function(
        "who for one environment, 1,000 members [target <= 2 ms]",
        |b| b.iter(|| black_box(p.who_rows(None, black_box(l.env)).expect("who"))),
    );
    g.finish();
}

fn load_and_save(c: &mut Criterion) {
    let l = large();
    let mut g = c.benchmark_group("state file (large platform, ~5 MB)");
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("baseline: serde_json::from_slice into Value", |b| {
        b.iter(|| {
            black_box(
                serde_json::from_slice::<serde_json::Value>(black_box(&l.bytes)).expect("value"),
            )
        })
    });
    g.bench_function(
        "load: parse + validate + index [target <= 1.3x baseline]",
        |b| {
            b.iter(|| {
                let doc: StateDocument = serde_json::from_slice(black_box(&l.bytes)).expect("doc");
                black_box(Engine::from_document(&doc).expect("engine"))
            })
        },
    );
    g.bench_function("baseline: serialize the document", |b| {
        b.iter(|| black_box(serde_json::to_vec(&l.engine.to_document()).expect("bytes")))
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("state.json"));
    g.bench_function(
        "save: serialize + atomic synced write [target <= 2x serialize]",
        |b| {
            let lock = store.lock(Duration::from_secs(10)).expect("lock");
            b.iter(|| lock.save(&l.engine.to_document()).expect("save"))
        },
    );
    g.finish();
}

fn change_everyone(c: &mut Criterion) {
    let mut l = large();
    let p = l.engine.platform();
    // The role held by the most members of the primary owner.
    let role = p
        .roles_of(l.owner)
        .max_by_key(|r| {
            p.collabs_of_owner(l.owner)
                .filter(|c| p.collab(*c).shares.values().any(|rs| rs.contains(r)))
                .count()
        })
        .expect("a role");
    let name = p.role(role).name.clone();
    let owner = l.owner;
    let start = p.find_method("start").expect("method");
    let (member, env) = (l.member, l.env);
    let mut flip = false;
    let mut g = c.benchmark_group("changes (large platform)");
    g.bench_function(
        "edit a role everyone holds, then check [target <= 10 ms]",
        |b| {
            b.iter(|| {
                flip = !flip;
                let policies = if flip {
                    vec!["fs.view".to_string(), "env.startstop".to_string()]
                } else {
                    vec!["fs.view".to_string(), "logs.view".to_string()]
                };
                let cmd = Command::EditRole {
                    name: name.clone(),
                    policies: Some(policies),
                    rename: None,
                    description: None,
                    notify: None,
                };
                l.engine
                    .execute(Some(owner), &cmd, Timestamp(0))
                    .expect("edit");
                black_box(l.engine.platform().check(member, env, start))
            })
        },
    );
    g.finish();
}

/// The door's self-elevation check (issue 8) at its dearest: a member's structural
/// change on an owner with 10,000 environments measures the member's access on every
/// one of them before and after; and the member's own undo of it, checked the same way.
fn member_changes(c: &mut Criterion) {
    let mut l = large();
    let owner = l.owner;
    let owner_email = l.engine.platform().account(owner).email.clone();
    let now = Timestamp(1_800_000_000);
    let run = |e: &mut Engine, actor: Option<AccountId>, cmd: Command| {
        e.execute(actor, &cmd, now).expect("setup");
    };
    run(
        &mut l.engine,
        Some(owner),
        Command::AddRole {
            name: "Grouper".into(),
            policies: vec!["envgroup.manage".into(), "logs.view".into()],
            description: None,
            notify: false,
        },
    );
    run(
        &mut l.engine,
        Some(owner),
        Command::InviteMember {
            owner: None,
            email: "bench@grouper.io".into(),
            name: None,
            shares: vec![collab::engine::ShareSpec::parse("envs=Grouper").expect("spec")],
        },
    );
    let member = l
        .engine
        .platform()
        .account_by_email("bench@grouper.io")
        .expect("invited");
    run(
        &mut l.engine,
        Some(member),
        Command::Respond {
            owner: owner_email.clone(),
            response: collab::engine::Response::Accept,
        },
    );
    let add = Command::AddGroup {
        owner: Some(owner_email),
        path: "Bench".into(),
    };
    let mut g = c.benchmark_group("a member's change, checked for self-elevation (large)");
    g.bench_function(
        "group add by a member on 10,000 environments, then its undo",
        |b| {
            b.iter(|| {
                l.engine.execute(Some(member), &add, now).expect("add");
                black_box(l.engine.undo(member, now).expect("undo"))
            })
        },
    );
    g.bench_function("baseline: the same group add and undo by the owner", |b| {
        let add = Command::AddGroup {
            owner: None,
            path: "Bench".into(),
        };
        b.iter(|| {
            l.engine.execute(Some(owner), &add, now).expect("add");
            black_box(l.engine.undo(owner, now).expect("undo"))
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    queries,
    load_and_save,
    change_everyone,
    member_changes
);
criterion_main!(benches);
