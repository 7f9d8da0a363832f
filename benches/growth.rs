//! The growth curve of issue 11: the same operations on platforms of 1,000, 10,000
//! and 100,000 environments, `collab generate` scaled by the same factor in every
//! dimension (the large spec of issue 4 is the middle point: accounts, groups and
//! members grow with the environments, depth stays 8), so each step is ten times the
//! data. Costs should grow no faster than that: ~1x per step for a `check`, at most
//! ~10x for anything that reads the whole platform (load, `diff`, `review`) or a
//! share of it that grows with it (`access` over a member's reach, `who` over the
//! audiences of 16 environments spread over the owner's, `WHO_ENVS`).
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

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

mod common;
#[path = "common/growth.rs"]
mod platforms;

use platforms::{SIZE, Subject, changed, key_and_frame, load, state_bytes};

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
        let started = Instant::now();
        let bytes = state_bytes(envs);
        let s = Subject::from_bytes(&bytes);
        let changed = changed(&s.engine);
        let p = s.engine.platform();
        eprintln!(
            "{envs} environments: {} accounts, {} collaborations, {} tasks, {} kB; generated, \
             written and loaded in {:.1} s",
            p.account_ids().count(),
            p.collab_ids().count(),
            p.tasks().len(),
            bytes.len() / 1000,
            started.elapsed().as_secs_f64()
        );
        let mut g = c.benchmark_group(format!("growth ({envs} envs)"));
        g.sample_size(10);
        let id = |what: &str| BenchmarkId::new(what, envs);
        g.bench_function(id("check"), |b| b.iter(|| s.check()));
        g.bench_function(id("access"), |b| b.iter(|| s.access()));
        g.bench_function(id("who"), |b| b.iter(|| s.who()));
        g.bench_function(id("review"), |b| b.iter(|| s.review()));
        g.bench_function(id("diff"), |b| b.iter(|| s.diff(&changed)));
        let mut buf = Buffer::empty(Rect::new(0, 0, SIZE.0, SIZE.1));
        g.bench_function(id("first frame"), |b| {
            b.iter_batched(
                || s.engine_copy(),
                |engine| s.first_frame(engine, &mut buf),
                criterion::BatchSize::LargeInput,
            )
        });
        let mut app = s.app_in_envs();
        let mut down = true;
        g.bench_function(id("key press (j/k in Environments) + frame"), |b| {
            b.iter(|| {
                down = !down;
                key_and_frame(&mut app, down, &mut buf);
            })
        });
        // Last: each load allocates and frees a whole platform, which would leave
        // the measurements after it in a fragmented heap. Freeing a platform is not
        // part of loading it: criterion drops each one outside the timing (`check
        // --batch` and `diff` leave it to the exit).
        g.bench_function(id("load"), |b| b.iter_with_large_drop(|| load(&bytes)));
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
