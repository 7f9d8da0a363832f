//! Benchmarks of issue 11 on the large generated platform (`GenerateSpec::large(7)`):
//! `review` with 100,000 tasks, `diff` of two large states against loading both, and
//! `check --batch` with 100,000 questions against loading the state alone. Ratios are
//! measured in the same run. Run with
//! `cargo bench --bench review -- --warm-up-time 1 --measurement-time 3`.

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
    reason = "criterion's c, b and g, the two platforms a and b, and its closures read best bare"
)]

use std::hint::black_box;
use std::time::Duration;

use collab::engine::generate::{GenerateSpec, PRIMARY_EMAIL, generate};
use collab::engine::{
    Command, Engine, MemberOp, StateDocument, Timestamp, diff_platforms, review::review,
};
use criterion::{Criterion, criterion_group, criterion_main};

mod common;

const TASKS: usize = 100_000;
const QUESTIONS: usize = 100_000;

fn bench_review(c: &mut Criterion) {
    let doc = common::with_tasks(generate(&GenerateSpec::large(7)).unwrap(), TASKS);
    let now = Timestamp(common::NOW);
    let engine = Engine::from_document(&doc).unwrap();
    let p = engine.platform();
    let owner = p.account_by_email(PRIMARY_EMAIL).unwrap();
    let r = review(p, owner, now, 90);
    eprintln!(
        "review of the large platform with {TASKS} tasks: {} findings {:?}",
        r.findings.len(),
        r.counts
    );
    let mut g = c.benchmark_group("review (large platform, 100,000 tasks)");
    g.sample_size(10);
    g.bench_function("review, 90 days [target <= 1 s]", |b| {
        b.iter(|| black_box(review(p, owner, now, 90)))
    });
    g.finish();
}

/// The large platform after a handful of typical changes by the owner.
fn changed(engine: &Engine) -> Engine {
    let mut e = engine.clone();
    let p = e.platform();
    let owner = p.account_by_email(PRIMARY_EMAIL).unwrap();
    let role = p
        .roles_of(owner)
        .next()
        .map(|r| p.role(r).name.clone())
        .unwrap();
    let members: Vec<String> = p
        .collabs_of_owner(owner)
        .take(10)
        .map(|c| p.account(p.collab(c).member).email.clone())
        .collect();
    let envs: Vec<String> = p
        .envs_of(owner)
        .take(5)
        .map(|x| p.env(x).name.clone())
        .collect();
    let group = p
        .groups_of(owner)
        .next()
        .map(|g| p.group(g).path.clone())
        .unwrap();
    let mut cmds = vec![
        Command::EditRole {
            name: role.clone(),
            policies: Some(vec!["fs.view".into(), "logs.view".into()]),
            rename: None,
            description: None,
            notify: None,
        },
        Command::RemoveGroup {
            owner: None,
            path: group,
        },
    ];
    for m in &members {
        cmds.push(Command::Member {
            owner: None,
            email: m.clone(),
            op: MemberOp::Remove,
        });
    }
    for env in &envs {
        cmds.push(Command::DeleteEnv { env: env.clone() });
    }
    for cmd in cmds {
        let _ = e.execute(Some(owner), &cmd, Timestamp(1_790_000_000));
    }
    e
}

fn bench_diff(c: &mut Criterion) {
    let doc = generate(&GenerateSpec::large(7)).unwrap();
    let a = Engine::from_document(&doc).unwrap();
    let b = changed(&a);
    let (bytes_a, bytes_b) = (
        serde_json::to_vec(&a.to_document()).unwrap(),
        serde_json::to_vec(&b.to_document()).unwrap(),
    );
    let load = |bytes: &[u8]| {
        let doc: StateDocument = serde_json::from_slice(bytes).unwrap();
        Engine::from_document(&doc).unwrap()
    };
    let d = diff_platforms(a.platform(), b.platform());
    eprintln!(
        "diff of two large states: {} changes, {} access changes",
        d.changes.len(),
        d.access_diff.len()
    );
    let mut g = c.benchmark_group("diff (two large platforms)");
    g.sample_size(10);
    g.bench_function("baseline: load both", |bench| {
        bench.iter(|| black_box((load(&bytes_a), load(&bytes_b))))
    });
    g.bench_function("load both + diff [target <= 2.5x baseline]", |bench| {
        bench.iter(|| {
            let (x, y) = (load(&bytes_a), load(&bytes_b));
            black_box(diff_platforms(x.platform(), y.platform()))
        })
    });
    g.bench_function("diff alone, identical states", |bench| {
        bench.iter(|| black_box(diff_platforms(a.platform(), a.platform())))
    });
    g.finish();
}

fn bench_batch(c: &mut Criterion) {
    let doc = generate(&GenerateSpec::large(7)).unwrap();
    let bytes = serde_json::to_vec(&doc).unwrap();
    let emails: Vec<&str> = doc.accounts.iter().map(|a| a.email.as_str()).collect();
    let envs: Vec<&str> = doc.environments.iter().map(|e| e.name.as_str()).collect();
    let actions = [
        "logs", "start", "delete", "stats", "files", "deploy", "transfer",
    ];
    let mut input = Vec::new();
    for i in 0..QUESTIONS {
        let q = serde_json::json!({
            "member": emails[(i * 7919) % emails.len()],
            "env": envs[(i * 104_729) % envs.len()],
            "action": actions[i % actions.len()],
        });
        serde_json::to_writer(&mut input, &q).unwrap();
        input.push(b'\n');
    }
    let load = || {
        let doc: StateDocument = serde_json::from_slice(&bytes).unwrap();
        Engine::from_document(&doc).unwrap()
    };
    let mut g = c.benchmark_group("check --batch (large platform, 100,000 questions)");
    g.sample_size(10);
    g.bench_function("baseline: load the state", |b| b.iter(|| black_box(load())));
    g.bench_function(
        "load + answer 100,000 questions [target <= 1.5x baseline]",
        |b| {
            b.iter(|| {
                // As the command does: the questions are read while the state loads,
                // then answered on every core, in order.
                use collab::cli::batch::pipeline;
                let blocks = pipeline::read(std::io::Cursor::new(input.clone())).unwrap();
                let engine = std::sync::Arc::new(load());
                let mut out = Vec::with_capacity(input.len() * 3);
                let all =
                    pipeline::answer(&engine, None, blocks, &mut out, pipeline::workers()).unwrap();
                black_box((all, out))
            })
        },
    );
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench_review, bench_diff, bench_batch
}
criterion_main!(benches);
