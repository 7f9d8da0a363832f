//! Terminal-app benchmarks (issue 4): drawing every view at 120x40 with the large
//! platform against the demo (same run, so the ratio is fair), a key press to the next
//! frame, and start-up to the first frame.
//! Run with `cargo bench --bench app`; BENCHMARKS.md records the figures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark's setup failing is a broken benchmark, not a run-time condition"
)]
#![allow(
    clippy::semicolon_if_nothing_returned,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

use std::hint::black_box;

use collab::engine::demo::{DEMO_NOW, demo_engine};
use collab::engine::generate::{GenerateSpec, PRIMARY_EMAIL, generate};
use collab::engine::{Engine, StateDocument};
use collab::tui::app::App;
use collab::tui::draw;
use collab::tui::snapshot::{VIEWS, app_for, enter_view};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const SIZE: (u16, u16) = (120, 40);

fn large_doc() -> StateDocument {
    generate(&GenerateSpec::large(7)).expect("generate")
}

fn app(engine: Engine, owner: &str, view: &str) -> App {
    let me = engine.platform().account_by_email(owner);
    let mut app = app_for(engine, me, SIZE, DEMO_NOW);
    enter_view(&mut app, view).expect("view");
    app
}

fn frame(app: &App, buf: &mut Buffer) {
    buf.reset();
    draw::render(app, buf.area, buf);
}

fn draw_views(c: &mut Criterion) {
    let doc = large_doc();
    let mut g =
        c.benchmark_group("draw one frame at 120x40 [target: large <= 2x demo and <= 1 ms]");
    let mut buf = Buffer::empty(Rect::new(0, 0, SIZE.0, SIZE.1));
    for view in VIEWS {
        let demo = app(demo_engine(), "olga@acme.io", view);
        g.bench_function(format!("{view}: demo"), |b| {
            b.iter(|| frame(black_box(&demo), &mut buf))
        });
        let large = app(
            Engine::from_document(&doc).expect("load"),
            PRIMARY_EMAIL,
            view,
        );
        g.bench_function(format!("{view}: large"), |b| {
            b.iter(|| frame(black_box(&large), &mut buf))
        });
    }
    g.finish();
}

fn keys(c: &mut Criterion) {
    let doc = large_doc();
    let mut g = c.benchmark_group("key press to frame, large platform [target <= 2 ms]");
    let mut buf = Buffer::empty(Rect::new(0, 0, SIZE.0, SIZE.1));
    let press = |code: KeyCode| KeyEvent::new(code, KeyModifiers::NONE);
    let mut a = app(
        Engine::from_document(&doc).expect("load"),
        PRIMARY_EMAIL,
        "envs",
    );
    let mut down = true;
    g.bench_function("move (j/k) in Environments", |b| {
        b.iter(|| {
            down = !down;
            a.handle_key(press(if down {
                KeyCode::Char('j')
            } else {
                KeyCode::Char('k')
            }));
            frame(&a, &mut buf);
        })
    });
    g.bench_function("collapse/expand a group (Enter)", |b| {
        b.iter(|| {
            a.handle_key(press(KeyCode::Enter));
            frame(&a, &mut buf);
        })
    });
    g.bench_function("filter keystroke in Environments (type, then erase)", |b| {
        let mut a = app(
            Engine::from_document(&doc).expect("load"),
            PRIMARY_EMAIL,
            "envs",
        );
        a.handle_key(press(KeyCode::Char('/')));
        a.handle_key(press(KeyCode::Char('a')));
        let mut typed = false;
        b.iter(|| {
            typed = !typed;
            a.handle_key(press(if typed {
                KeyCode::Char('p')
            } else {
                KeyCode::Backspace
            }));
            frame(&a, &mut buf);
        })
    });
    g.bench_function("select another member (the lens follows)", |b| {
        let mut a = app(
            Engine::from_document(&doc).expect("load"),
            PRIMARY_EMAIL,
            "members",
        );
        let mut down = true;
        b.iter(|| {
            down = !down;
            a.handle_key(press(if down {
                KeyCode::Char('j')
            } else {
                KeyCode::Char('k')
            }));
            frame(&a, &mut buf);
        })
    });
    g.finish();
}

fn start(c: &mut Criterion) {
    let bytes = serde_json::to_vec(&large_doc()).expect("bytes");
    let mut g = c.benchmark_group("start-up, large platform [target <= 150 ms]");
    g.sample_size(20);
    let mut buf = Buffer::empty(Rect::new(0, 0, SIZE.0, SIZE.1));
    g.bench_function("parse + load + build panes + first frame", |b| {
        b.iter(|| {
            let doc: StateDocument = serde_json::from_slice(&bytes).expect("doc");
            let a = app(
                Engine::from_document(&doc).expect("load"),
                PRIMARY_EMAIL,
                "members",
            );
            frame(&a, &mut buf);
            black_box(a)
        })
    });
    g.finish();
}

/// The access matrix with 1,000 members against 10,000 environments of one owner
/// (the generator keeps nine tenths of the environments for the primary owner, so
/// 11,111 give it exactly 10,000), against the demo's matrix, in the same run; keys
/// that move the cursor and scroll, and a filter keystroke. And the Review view's one
/// piece of work on the UI thread: the copy of the engine it hands to its thread.
fn views(c: &mut Criterion) {
    let spec = GenerateSpec {
        envs: 11_111,
        ..GenerateSpec::large(7)
    };
    let doc = generate(&spec).expect("generate");
    let engine = Engine::from_document(&doc).expect("load");
    {
        let p = engine.platform();
        let me = p.account_by_email(PRIMARY_EMAIL).expect("primary");
        assert_eq!(p.envs_of(me).count(), 10_000);
        assert_eq!(p.collabs_of_owner(me).count(), 1_000);
    }
    let mut g = c.benchmark_group("matrix 1000x10000 vs demo [<= 2x]");
    let mut buf = Buffer::empty(Rect::new(0, 0, SIZE.0, SIZE.1));
    let demo = app(demo_engine(), "olga@acme.io", "matrix");
    g.bench_function("demo: frame", |b| {
        b.iter(|| frame(black_box(&demo), &mut buf))
    });
    // A platform a tenth the size (100 members x 900 environments) fills the screen
    // too: the same number of cells is drawn, so this isolates the data's size.
    let medium = app(
        Engine::from_document(&generate(&GenerateSpec::medium(7)).expect("generate"))
            .expect("load"),
        PRIMARY_EMAIL,
        "matrix",
    );
    g.bench_function("medium: frame", |b| {
        b.iter(|| frame(black_box(&medium), &mut buf))
    });
    let large = app(engine.clone(), PRIMARY_EMAIL, "matrix");
    g.bench_function("large: frame", |b| {
        b.iter(|| frame(black_box(&large), &mut buf))
    });
    let press = |code: KeyCode| KeyEvent::new(code, KeyModifiers::NONE);
    // A key that scrolls recomputes the cells on screen (the layout step); one that
    // only moves the cursor redraws them.
    for (data, owner, engine) in [
        ("demo", "olga@acme.io", demo_engine()),
        ("large", PRIMARY_EMAIL, engine.clone()),
    ] {
        for (what, there, back, scroll) in [
            ("key j/k", 'j', 'k', false),
            ("key l/h", 'l', 'h', false),
            ("key PgDn/PgUp", ' ', ' ', true),
        ] {
            let mut a = app(engine.clone(), owner, "matrix");
            let mut forth = true;
            g.bench_function(format!("{data}: {what} + frame"), |b| {
                b.iter(|| {
                    forth = !forth;
                    let code = match (scroll, forth) {
                        (true, true) => KeyCode::PageDown,
                        (true, false) => KeyCode::PageUp,
                        (false, true) => KeyCode::Char(there),
                        (false, false) => KeyCode::Char(back),
                    };
                    a.handle_key(press(code));
                    frame(&a, &mut buf);
                })
            });
        }
    }
    g.bench_function("large: filter keystroke + frame", |b| {
        let mut a = app(engine.clone(), PRIMARY_EMAIL, "matrix");
        a.handle_key(press(KeyCode::Char('/')));
        for ch in "col:a".chars() {
            a.handle_key(press(KeyCode::Char(ch)));
        }
        let mut typed = false;
        b.iter(|| {
            typed = !typed;
            a.handle_key(press(if typed {
                KeyCode::Char('s')
            } else {
                KeyCode::Backspace
            }));
            frame(&a, &mut buf);
        })
    });
    g.finish();
    let mut g = c.benchmark_group("review view, large");
    g.sample_size(20);
    let large_engine = Engine::from_document(&large_doc()).expect("load");
    g.bench_function("the platform shared with the thread (UI thread)", |b| {
        b.iter(|| black_box(large_engine.shared_platform()))
    });
    let shared = large_engine.shared_platform();
    g.bench_function("platform copy (the review's thread)", |b| {
        b.iter(|| black_box(collab::engine::Platform::clone(&shared)))
    });
    g.finish();
}

criterion_group!(benches, draw_views, keys, start, views);
criterion_main!(benches);
