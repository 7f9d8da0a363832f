//! One operation of the growth curve in a process of its own, for what criterion
//! cannot show: the work an operation does (instructions, under callgrind) apart from
//! the time the memory takes, and a platform measured in a fresh heap.
//!
//! ```sh
//! cargo bench --bench growth_probe --no-run          # prints the binary's path: $P
//! $P write 100000 growth-100000.json                 # the growth bench's platform
//! $P growth-100000.json review 3                     # times per run
//! $P growth-100000.json sizes                        # how much data each operation reads
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='growth_probe::step*' \
//!   --callgrind-out-file=/dev/null $P growth-100000.json review 1
//! COLD=1024 $P growth-100000.json review 3           # each run with cold caches
//! ```
//!
//! The operations are the growth bench's (`common/growth.rs`): `check` (1,000 of
//! them), `access`, `who`, `review`, `diff`, `frame` (the app built and drawn once),
//! `key` (`j`/`k` and the frame after it), `load`, `copy` (what the Review view does
//! on the UI thread: share the platform with its thread) and `own` (the copy of the
//! platform its thread makes). Only the operation runs inside
//! `step`, so callgrind counts it alone; copies of the platform, the changed
//! platform and the drop of what an operation returns stay outside.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a probe's setup failing is a broken probe, not a run-time condition"
)]

use std::time::Instant;

use collab::engine::{Level, Platform};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

mod common;
#[path = "common/growth.rs"]
mod platforms;

use platforms::{SIZE, Subject, changed, key_and_frame, load, state_bytes};

/// Runs `f` once: the one function callgrind collects in.
#[inline(never)]
fn step<T>(f: &mut impl FnMut() -> T) -> T {
    f()
}

const USAGE: &str = "usage: growth_probe write ENVS FILE | growth_probe FILE OP [RUNS] \
                     (OP: check access who review diff frame key load copy own sizes)";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` runs every bench target with `--bench`: nothing to do here.
    if args.is_empty() || args.iter().any(|a| a == "--bench") {
        eprintln!("{USAGE}");
        return;
    }
    if args[0] == "write" {
        let envs: u32 = args.get(1).and_then(|n| n.parse().ok()).expect(USAGE);
        let path = args.get(2).expect(USAGE);
        std::fs::write(path, state_bytes(envs)).unwrap();
        return;
    }
    let bytes = std::fs::read(&args[0]).unwrap();
    let op = args.get(1).expect(USAGE).as_str();
    let runs: usize = args.get(2).map_or(1, |n| n.parse().expect(USAGE));
    let s = Subject::from_bytes(&bytes);
    if op == "sizes" {
        sizes(&s);
        return;
    }
    let changed = (op == "diff").then(|| changed(&s.engine));
    let mut buf = Buffer::empty(Rect::new(0, 0, SIZE.0, SIZE.1));
    let mut app = (op == "key").then(|| s.app_in_envs());
    let mut times = Vec::with_capacity(runs);
    let mut evict = cold_caches();
    for run in 0..runs {
        let copy = (op == "frame").then(|| s.engine_copy());
        let shared = (op == "own").then(|| s.engine.shared_platform());
        if let Some(buffer) = evict.as_mut() {
            flush(buffer);
        }
        let started = Instant::now();
        let kept: Option<Box<dyn std::any::Any>> = match op {
            "check" => {
                step(&mut || (0..1000).filter(|_| s.check() != Level::None).count());
                None
            }
            "access" => Some(Box::new(step(&mut || s.access()))),
            "who" => Some(Box::new(step(&mut || s.who()))),
            "review" => Some(Box::new(step(&mut || s.review()))),
            "diff" => {
                let changed = changed.as_ref().unwrap();
                Some(Box::new(step(&mut || s.diff(changed))))
            }
            "frame" => {
                let mut copy = copy;
                Some(Box::new(step(&mut || {
                    s.first_frame(copy.take().unwrap(), &mut buf)
                })))
            }
            "key" => {
                let app = app.as_mut().unwrap();
                step(&mut || key_and_frame(app, run % 2 == 0, &mut buf));
                None
            }
            "load" => Some(Box::new(step(&mut || load(&bytes)))),
            // What opening the Review view costs the UI thread: the platform, shared.
            "copy" => Some(Box::new(step(&mut || s.engine.shared_platform()))),
            // What the review's thread then does first: copy the platform.
            "own" => {
                let shared = shared.as_ref().unwrap();
                Some(Box::new(step(&mut || Platform::clone(shared))))
            }
            _ => panic!("{USAGE}"),
        };
        times.push(started.elapsed().as_secs_f64() * 1e3);
        drop(kept);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{op}: {runs} runs, min {:.3} ms, median {:.3} ms",
        times[0],
        times[times.len() / 2]
    );
}

/// With `COLD=MB` set, a buffer of that many megabytes written before each run, so
/// that each run starts with nothing of the platform in the caches (set it to a few
/// times the last-level cache: `lscpu | grep L3`).
fn cold_caches() -> Option<Vec<u64>> {
    let mb: usize = std::env::var("COLD").ok()?.parse().expect("COLD=megabytes");
    Some(vec![1; mb << 17])
}

/// Writes every cache line of `buffer`, evicting what the caches held.
fn flush(buffer: &mut [u64]) {
    for line in buffer.chunks_mut(8) {
        line[0] = line[0].wrapping_add(1);
    }
    std::hint::black_box(buffer);
}

/// How much each operation reads or returns on this platform.
fn sizes(s: &Subject) {
    let p = s.engine.platform();
    let changed = changed(&s.engine);
    let diff = collab::engine::diff_platforms(p, changed.platform());
    println!(
        "environments {} (the owner's {}), groups {}, collaborations {} (the owner's {}), \
         share entries {}, tasks {}, access rows {}, who rows {}, review findings {}, \
         diff record changes {}, diff access changes {}",
        p.env_ids().count(),
        p.envs_of(s.owner).count(),
        p.group_ids().count(),
        p.collab_ids().count(),
        p.collabs_of_owner(s.owner).count(),
        p.collab_ids()
            .map(|c| p.collab(c).shares.len())
            .sum::<usize>(),
        p.tasks().len(),
        s.access(),
        s.who(),
        s.review(),
        diff.changes.len(),
        diff.access_diff.len(),
    );
}
