//! The change journal on the large generated platform (issue 12): what an entry adds
//! to a save, what a journal of 10,000 entries costs a save, `--at` (walking back)
//! over 10,000 entries, and `history`'s walk. The journal's size per entry is printed
//! once at start-up (it is a count, not a time).
//!
//! Run with `cargo bench --bench journal`; BENCHMARKS.md records the figures.

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
    reason = "criterion's closures read best short, as in the other benches"
)]

use std::hint::black_box;
use std::time::Duration;

use collab::engine::generate::{GenerateSpec, PRIMARY_EMAIL, generate};
use collab::engine::{AccountId, CollabStatus, Command, Engine, MemberOp, Timestamp};
use collab::store::Store;
use criterion::{Criterion, criterion_group, criterion_main};

const START: i64 = 1_800_000_000;

struct Setup {
    /// The large platform as generated: an empty journal.
    fresh: Engine,
    /// The same after one change: one entry.
    one: Engine,
    /// The same after 10,000 changes, a minute apart.
    many: Engine,
    owner: AccountId,
}

/// A cycle of ordinary changes by the primary owner: direct access given and taken,
/// members suspended and activated, groups added and removed.
struct Cycle {
    members: Vec<String>,
    envs: Vec<String>,
    role: String,
}

impl Cycle {
    fn new(p: &collab::engine::Platform, owner: AccountId) -> Cycle {
        let members = p
            .collabs_of_owner(owner)
            .filter(|c| p.collab(*c).status == CollabStatus::Active)
            .take(50)
            .map(|c| p.account(p.collab(c).member).email.clone())
            .collect();
        let envs = p
            .envs_of(owner)
            .take(50)
            .map(|e| p.env(e).name.clone())
            .collect();
        let role = p
            .roles_of(owner)
            .next()
            .map(|r| p.role(r).name.clone())
            .expect("a role");
        Cycle {
            members,
            envs,
            role,
        }
    }

    /// The n-th change of the cycle.
    fn change(&self, n: usize) -> Command {
        let m = &self.members[n / 6 % self.members.len()];
        let e = &self.envs[n / 6 % self.envs.len()];
        match n % 6 {
            0 => Command::SetDirect {
                env: e.clone(),
                member: m.clone(),
                roles: vec![self.role.clone()],
            },
            1 => Command::RemoveDirect {
                env: e.clone(),
                member: m.clone(),
            },
            2 => Command::Member {
                owner: None,
                email: m.clone(),
                op: MemberOp::Suspend,
            },
            3 => Command::Member {
                owner: None,
                email: m.clone(),
                op: MemberOp::Activate,
            },
            4 => Command::AddGroup {
                owner: None,
                path: format!("Bench-{}", n / 6),
            },
            _ => Command::RemoveGroup {
                owner: None,
                path: format!("Bench-{}", n / 6),
            },
        }
    }
}

fn setup() -> Setup {
    let doc = generate(&GenerateSpec::large(7)).expect("generate");
    let fresh = Engine::from_document(&doc).expect("load");
    let owner = fresh
        .platform()
        .account_by_email(PRIMARY_EMAIL)
        .expect("primary");
    let mut many = fresh.clone();
    let mut one = fresh.clone();
    let cycle = Cycle::new(fresh.platform(), owner);
    let first = cycle.change(0);
    one.execute(Some(owner), &first, Timestamp(START))
        .expect("one change");
    for n in 0..10_000 {
        let cmd = cycle.change(n);
        let t = Timestamp(START + 60 * i64::try_from(n).expect("n"));
        many.execute(Some(owner), &cmd, t).expect("a change");
    }
    many.clear_history();
    let size = |e: &Engine| serde_json::to_vec(&e.to_document()).expect("bytes").len();
    let journal_bytes = serde_json::to_vec(many.journal()).expect("bytes").len();
    let (s0, s1, s10k) = (size(&fresh), size(&one), size(&many));
    println!(
        "journal sizes: {} entries, {journal_bytes} bytes of journal, {} bytes per entry; \
         state file {s0} bytes empty, {s1} with one entry (+{}), {s10k} with 10,000 entries \
         (+{} per thousand changes)",
        many.journal().entries().len(),
        journal_bytes / 10_000,
        s1 - s0,
        (s10k - s0) / 10
    );
    Setup {
        fresh,
        one,
        many,
        owner,
    }
}

fn journal(c: &mut Criterion) {
    let s = setup();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("state.json"));
    let lock = store.lock(Duration::from_secs(10)).expect("lock");

    let mut g = c.benchmark_group("journal: saves (large platform)");
    g.sample_size(20);
    g.bench_function("serialize, empty journal", |b| {
        b.iter(|| black_box(serde_json::to_vec(&s.fresh.to_document()).expect("bytes")))
    });
    g.bench_function("serialize, one entry", |b| {
        b.iter(|| black_box(serde_json::to_vec(&s.one.to_document()).expect("bytes")))
    });
    g.bench_function("serialize, 10,000 entries", |b| {
        b.iter(|| black_box(serde_json::to_vec(&s.many.to_document()).expect("bytes")))
    });
    g.bench_function("save, empty journal [baseline]", |b| {
        b.iter(|| lock.save(&s.fresh.to_document()).expect("save"))
    });
    g.bench_function("save, one entry [target <= 1.1x baseline]", |b| {
        b.iter(|| lock.save(&s.one.to_document()).expect("save"))
    });
    g.bench_function("save, 10,000 entries", |b| {
        b.iter(|| lock.save(&s.many.to_document()).expect("save"))
    });
    // The append itself: a change through the door, which renders the entry, then
    // its undo (also journaled), on an engine whose journal is full at 10,000.
    let mut busy = s.many.clone();
    busy.set_journal_limit(10_000);
    let owner = s.owner;
    let cmd = Command::AddGroup {
        owner: None,
        path: "Bench-busy".into(),
    };
    let now = Timestamp(START + 60 * 20_000);
    g.bench_function("a change and its undo, each appending an entry", |b| {
        b.iter(|| {
            busy.execute(Some(owner), &cmd, now).expect("change");
            black_box(busy.undo(owner, now).expect("undo"))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("journal: --at and history (large platform, 10,000 entries)");
    g.sample_size(10);
    let oldest = s.many.journal().entries()[0].time;
    let middle = Timestamp(START + 60 * 5_000);
    let env = s.many.platform().envs_of(owner).next().expect("an env");
    g.bench_function("baseline: copy the platform", |b| {
        b.iter(|| black_box(s.many.platform().clone()))
    });
    g.bench_function(
        "as_of the oldest entry: 10,000 walked back [target <= 100 ms]",
        |b| b.iter(|| black_box(s.many.as_of(oldest).expect("as_of"))),
    );
    g.bench_function("as_of the middle: 5,000 walked back", |b| {
        b.iter(|| black_box(s.many.as_of(middle).expect("as_of")))
    });
    g.bench_function("who --at the oldest entry (walk back + answer)", |b| {
        b.iter(|| {
            let then = s.many.at(oldest).expect("at");
            let p = then.platform();
            let e = p
                .env_by_name(&s.many.platform().env(env).name)
                .expect("env");
            black_box(p.who_rows(None, e).expect("who").len())
        })
    });
    g.bench_function("history: the newest 12 entries with their effects", |b| {
        b.iter(|| {
            let mut n = 0;
            s.many
                .journal_effects(None, |_, changes| {
                    black_box(changes);
                    n += 1;
                    n < 12
                })
                .expect("effects");
        })
    });
    // An entry that places an environment in one more group: every member of the
    // owner may gain or lose access on it, and on nothing else.
    let mut moved = s.many.clone();
    let (env_name, group) = {
        let p = moved.platform();
        let e = p.env(env);
        let g = p
            .groups_of(owner)
            .find(|g| !e.groups.contains(g))
            .expect("a group the environment is not in");
        (e.name.clone(), p.group(g).path.clone())
    };
    let attach = Command::AttachEnv {
        env: env_name,
        group,
        owner: None,
    };
    moved
        .execute(Some(owner), &attach, Timestamp(START + 60 * 10_001))
        .expect("attach");
    g.bench_function(
        "history: the newest entry, an environment placed in a group",
        |b| {
            b.iter(|| {
                moved
                    .journal_effects(None, |_, changes| {
                        black_box(changes);
                        false
                    })
                    .expect("effects");
            })
        },
    );
    g.finish();
}

criterion_group!(benches, journal);
criterion_main!(benches);
