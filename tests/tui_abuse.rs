//! The app under abuse.
//!
//! - Every view of `snapshot::VIEWS`, as the owner, as a member and as a pending
//!   invitee, rendered at every width from 1 to 300 at a few heights, at every height
//!   from 1 to 100 at a few widths, and at random sizes up to 300x100: drawing never
//!   panics, whatever the size.
//! - Long random event sequences (keys of the key map, typed characters, resizes,
//!   pastes, mouse events) fed to the real state machine over a real state file, so
//!   changes are applied and saved: after every step the screen renders, every pane's
//!   selection is valid and the platform's invariants hold; at the end of a sequence
//!   the state file holds exactly what the app shows.
//! - A corrupt `config.json` starts the app with the defaults and an error on the
//!   message line naming the file.
//!
//! The property tests do not persist failures (no `proptest-regressions` files): a
//! failure prints the minimal event sequence, with the panic's location and the app's
//! stack frames; turn it into a plain test like the one for the undone account below.
//! `PROPTEST_CASES` runs more cases, `PROPTEST_RNG_SEED` fixes the seed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

use std::cell::{Cell, RefCell};
use std::path::Path;
use std::sync::Once;

use collab::engine::StateDocument;
use collab::engine::demo::{DEMO_NOW, EXAMPLE3_MEMBER, OWNER, PENDING_MEMBER, demo_engine};
use collab::store::Store;
use collab::tui::app::{App, Message};
use collab::tui::component::overlays::Overlay;
use collab::tui::config::Config;
use collab::tui::draw;
use collab::tui::keys::{Action, Keymap};
use collab::tui::snapshot::{VIEWS, app_for, enter_view, render_text};
use collab::workspace::{LOCK_WAIT, Workspace};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use tempfile::TempDir;

/// The perspectives every view is rendered from: the owner, an active member with
/// shares in nested groups, and an account whose only collaboration is pending.
const ACCOUNTS: [&str; 3] = [OWNER, EXAMPLE3_MEMBER, PENDING_MEMBER];

const MAX_W: u16 = 300;
const MAX_H: u16 = 100;

/// Property-test configuration: no failure files in the repository, bounded shrinking.
/// `PROPTEST_CASES` overrides the number of cases (for a longer run).
fn proptest_config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 1024,
        max_shrink_time: 120_000,
        ..ProptestConfig::default()
    }
}

/// Renders the app into a fresh buffer of its current size, the way the terminal does.
fn render(app: &App) -> Buffer {
    let area = app.size;
    let mut buf = Buffer::empty(area);
    draw::render(app, area, &mut buf);
    buf
}

thread_local! {
    /// Whether this thread's panics are being caught and reported by the test itself.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// The last caught panic on this thread: message, location and the app's frames.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic hook that, on threads inside [`catch`], records where the panic happened
/// (with the crate's own stack frames) instead of printing it; elsewhere it prints as
/// usual. Shrinking a failing sequence panics hundreds of times; this keeps the
/// output to the one report.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
                return;
            }
            let trace = std::backtrace::Backtrace::force_capture().to_string();
            let mut frames = Vec::new();
            let mut lines = trace.lines().map(str::trim);
            while let Some(line) = lines.next() {
                if let Some((_, f)) = line.split_once(": ")
                    && f.starts_with("collab::")
                {
                    let at = lines.next().unwrap_or_default();
                    frames.push(format!("{f} ({})", at.trim_start_matches("at ")));
                }
            }
            frames.truncate(8);
            let report = format!("{info}\n    in {}", frames.join("\n    < "));
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(report));
        }));
    });
}

/// Runs `f`; a panic becomes an error saying what panicked and where.
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_quiet_hook();
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| panic_text(payload.as_ref()))
    })
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
        .unwrap_or_else(|| "(non-string panic payload)".into())
}

// ----- 1. every view at every size ---------------------------------------------------

/// The demo as `email`, in memory, put into `view` at a comfortable size (keys are
/// ignored on the too-small screen, so the view is entered before resizing).
fn view_app(email: &str, view: &str) -> App {
    let engine = demo_engine();
    let me = engine
        .platform()
        .account_by_email(email)
        .unwrap_or_else(|| panic!("no demo account {email}"));
    let mut app = app_for(engine, Some(me), (120, 40), DEMO_NOW);
    enter_view(&mut app, view).unwrap_or_else(|e| panic!("{e}"));
    app
}

/// Every width at a few heights and every height at a few widths: the tiny sizes and
/// the too-small thresholds (80x24) from both sides. With `largest`, also every width
/// at the largest height and every height at the largest width (a 300x100 frame costs
/// several milliseconds in a debug build, so only the owner's richest screens get
/// those; the random-size test covers them for everyone).
fn systematic_sizes(largest: bool) -> Vec<(u16, u16)> {
    let mut heights = vec![1, 2, 3, 23, 24, 25];
    let mut widths = vec![1, 2, 79, 80, 81];
    if largest {
        heights.push(MAX_H);
        widths.push(MAX_W);
    }
    let mut sizes = Vec::new();
    for h in heights {
        sizes.extend((1..=MAX_W).map(|w| (w, h)));
    }
    for w in widths {
        sizes.extend((1..=MAX_H).map(|h| (w, h)));
    }
    // The corners, whatever the sweep.
    sizes.extend([
        (MAX_W, MAX_H),
        (MAX_W, 1),
        (1, MAX_H),
        (80, MAX_H),
        (MAX_W, 24),
    ]);
    sizes
}

/// Resizes the app (as the terminal would) and renders it: the app at a usable size,
/// else the screen that says what size it needs.
fn resize_and_render(app: &mut App, w: u16, h: u16) {
    app.handle_event(Event::Resize(w, h));
    assert_eq!(
        app.size,
        Rect::new(0, 0, w, h),
        "the resize was not applied"
    );
    let buf = render(app);
    // What a user sees at this size: the app, or the screen that says what it needs.
    let (min_w, min_h) = (
        collab::tui::layout::MIN_WIDTH,
        collab::tui::layout::MIN_HEIGHT,
    );
    let text = collab::tui::snapshot::buffer_text(&buf);
    if w >= min_w && h >= min_h {
        let header = text.lines().next().unwrap_or_default();
        assert!(header.starts_with(" collab"), "{w}x{h}: {header}");
    } else if w >= 18 && h >= 1 {
        assert!(text.contains("terminal too small"), "{w}x{h}:\n{text}");
    }
}

/// Failing sizes reported per view; after that many the view is left out of the sweep.
const MAX_REPORTED: usize = 12;

/// The sizes at which a view panicked, with what the panic said.
type Failures = Vec<(u16, u16, String)>;

/// Renders every view as `email` at every systematic size; a panic is recorded with
/// its view and size and the sweep goes on, so one run reports every failing view.
///
/// Sizes are the outer loop: ratatui caches layouts per area (per thread, a few
/// hundred of them), and solving a new one is the dearest part of a frame in a debug
/// build, so all views are drawn at one size before moving to the next.
fn sweep_views(email: &str, largest: bool) {
    let sizes = systematic_sizes(largest);
    let mut apps: Vec<(&str, App, Failures)> = VIEWS
        .into_iter()
        .map(|view| (view, view_app(email, view), Vec::new()))
        .collect();
    for &(w, h) in &sizes {
        for (_, app, failed) in &mut apps {
            if failed.len() == MAX_REPORTED {
                continue;
            }
            if let Err(panic) = catch(|| resize_and_render(app, w, h)) {
                failed.push((w, h, panic));
            }
        }
    }
    let failures: Vec<String> = apps
        .iter()
        .filter_map(|(view, _, failed)| {
            let (w, h, msg) = failed.first()?;
            let listed: Vec<String> = failed.iter().map(|(w, h, _)| format!("{w}x{h}")).collect();
            Some(format!(
                "view '{view}' as {email} panicked at {}{} (first {w}x{h}: {msg})",
                listed.join(" "),
                if failed.len() == MAX_REPORTED {
                    " and maybe more (the view was left out after that)"
                } else {
                    ""
                },
            ))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} sizes swept:\n{}",
        sizes.len(),
        failures.join("\n")
    );
}

#[test]
fn every_view_renders_at_every_width_and_height_as_the_owner() {
    sweep_views(OWNER, true);
}

#[test]
fn every_view_renders_at_every_width_and_height_as_a_member() {
    sweep_views(EXAMPLE3_MEMBER, false);
}

#[test]
fn every_view_renders_at_every_width_and_height_as_a_pending_invitee() {
    sweep_views(PENDING_MEMBER, false);
}

/// Random sizes per run (each renders all 12 views from the 3 perspectives).
const RANDOM_SIZES: u32 = 100;

/// Random sizes in 1..=300 x 1..=100: every view, from every perspective, renders.
/// The apps are built once and resized for each case; a failure shrinks to the
/// smallest failing size.
#[test]
fn every_view_renders_at_random_sizes() {
    let apps: Vec<(&str, &str, RefCell<App>)> = ACCOUNTS
        .into_iter()
        .flat_map(|email| {
            VIEWS
                .into_iter()
                .map(move |view| (email, view, RefCell::new(view_app(email, view))))
        })
        .collect();
    let mut runner = TestRunner::new(proptest_config(RANDOM_SIZES));
    let result = runner.run(&(1..=MAX_W, 1..=MAX_H), |(w, h)| {
        for (email, view, app) in &apps {
            let mut app = app.borrow_mut();
            if let Err(panic) = catch(|| resize_and_render(&mut app, w, h)) {
                return Err(TestCaseError::fail(format!(
                    "view '{view}' as {email} at {w}x{h}: {panic}"
                )));
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ----- 2. random event sequences over a real state file ------------------------------

/// Chunks per sequence (1 to this many, so a failure shrinks); a chunk is one event
/// or a gesture of several, about 2 on average.
const CHUNKS: usize = 120;
/// Sequences per run.
const SEQUENCES: u32 = 48;

/// One input event, kept small and readable for the minimal failing sequence.
#[derive(Clone, Debug)]
enum Step {
    Key(KeyCode, KeyModifiers),
    Resize(u16, u16),
    Paste(String),
    Mouse(MouseEventKind, u16, u16),
    Focus(bool),
}

impl Step {
    fn event(&self) -> Event {
        match self {
            Step::Key(code, mods) => Event::Key(KeyEvent::new(*code, *mods)),
            Step::Resize(w, h) => Event::Resize(*w, *h),
            Step::Paste(text) => Event::Paste(text.clone()),
            Step::Mouse(kind, column, row) => Event::Mouse(MouseEvent {
                kind: *kind,
                column: *column,
                row: *row,
                modifiers: KeyModifiers::NONE,
            }),
            Step::Focus(true) => Event::FocusGained,
            Step::Focus(false) => Event::FocusLost,
        }
    }
}

fn plain(code: KeyCode) -> Step {
    Step::Key(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> Step {
    Step::Key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Every default key of every action, as the terminal sends it.
fn keymap_steps() -> Vec<Step> {
    let map = Keymap::defaults();
    let mut steps = Vec::new();
    for action in Action::ALL {
        for key in map.keys(action) {
            let mut mods = KeyModifiers::NONE;
            if key.ctrl {
                mods |= KeyModifiers::CONTROL;
            }
            if key.alt {
                mods |= KeyModifiers::ALT;
            }
            let shifted = match key.code {
                KeyCode::Char(c) => c.is_uppercase(),
                KeyCode::BackTab => true,
                _ => false,
            };
            if shifted {
                mods |= KeyModifiers::SHIFT;
            }
            steps.push(Step::Key(key.code, mods));
        }
    }
    assert!(steps.len() >= Action::ALL.len(), "every action has a key");
    steps
}

fn navigation() -> impl Strategy<Value = Step> {
    use KeyCode::*;
    prop::sample::select(vec![
        plain(Up),
        plain(Down),
        plain(Up),
        plain(Down),
        plain(Left),
        plain(Right),
        plain(Char('j')),
        plain(Char('k')),
        plain(Char('j')),
        plain(Char('g')),
        Step::Key(Char('G'), KeyModifiers::SHIFT),
        plain(Home),
        plain(End),
        plain(PageUp),
        plain(PageDown),
        plain(Tab),
        Step::Key(BackTab, KeyModifiers::SHIFT),
        plain(Char('1')),
        plain(Char('2')),
        plain(Char('3')),
        plain(Char('4')),
        plain(Char(' ')),
    ])
}

fn action_key() -> impl Strategy<Value = Step> {
    prop::sample::select(keymap_steps())
}

/// Characters a user types: mostly what names, emails and specs are made of, some
/// accents, wide and zero-width characters, and now and then any non-control char.
fn typed_char() -> impl Strategy<Value = Step> {
    let c = prop_oneof![
        8 => prop::char::range('a', 'z'),
        2 => prop::char::range('A', 'Z'),
        2 => prop::char::range('0', '9'),
        3 => prop::sample::select(vec!['@', '.', '-', '_', '=', ':', '/', ' ', '+', ',', '"']),
        1 => prop::sample::select(vec![
            'é', 'ß', 'Ж', '中', '🦀', '\u{301}', '\u{200b}', '\u{202e}',
        ]),
        1 => any::<char>().prop_filter("typed, not a control", |c| !c.is_control()),
    ];
    c.prop_map(|c| {
        let mods = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        Step::Key(KeyCode::Char(c), mods)
    })
}

/// The keys that answer dialogs and confirmations.
fn answer_key() -> impl Strategy<Value = Step> {
    use KeyCode::*;
    prop::sample::select(vec![
        plain(Enter),
        plain(Enter),
        plain(Esc),
        plain(Esc),
        plain(Char('y')),
        plain(Char('n')),
        ctrl('s'),
        ctrl('s'),
        plain(Backspace),
        plain(Delete),
        plain(Tab),
        ctrl('u'),
        ctrl('a'),
        ctrl('e'),
        ctrl('w'),
        ctrl('r'),
        plain(F(1)),
        plain(Insert),
    ])
}

/// Mostly usable sizes, mostly moderate (drawing a 300x100 screen in a debug build
/// costs several milliseconds); sometimes anything, tiny, the thresholds or the largest.
fn resize() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (80..=160u16, 24..=50u16),
        1 => (80..=MAX_W, 24..=MAX_H),
        2 => (1..=MAX_W, 1..=MAX_H),
        1 => (1u16..=4, 1u16..=4),
        1 => prop::sample::select(vec![
            (80, 24), (79, 24), (80, 23), (MAX_W, MAX_H), (120, 40), (1, 1),
        ]),
    ]
    .prop_map(|(w, h)| Step::Resize(w, h))
}

fn paste() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => "[a-z0-9@.=:/ +-]{0,30}",
        2 => "(?s).{0,80}",
        1 => "[a-zA-Z0-9 =:/\\n\\t\\r\\x1b]{200,3000}",
        2 => prop::sample::select(vec![
            "new.person@example.com".to_string(),
            "envs=Viewer".to_string(),
            "group:Production=Admin env:legacy-crm=Viewer+Developer".to_string(),
            "Production/EU/Paris".to_string(),
            "shop-prod".to_string(),
            "line one\nline two\r\nline three".to_string(),
            "\u{1b}[2J\u{1b}[31mred\u{1b}[0m".to_string(),
            "\t\0\u{7}\u{8}\u{7f}".to_string(),
            "中文🦀\u{301}\u{200b}\u{202e}txet".to_string(),
            String::new(),
        ]),
    ]
    .prop_map(Step::Paste)
}

fn mouse() -> impl Strategy<Value = Step> {
    let kind = prop::sample::select(vec![
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::Down(MouseButton::Right),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Drag(MouseButton::Left),
        MouseEventKind::ScrollDown,
        MouseEventKind::ScrollDown,
        MouseEventKind::ScrollUp,
        MouseEventKind::ScrollLeft,
        MouseEventKind::Moved,
    ]);
    (kind, 0..=MAX_W + 10, 0..=MAX_H + 10).prop_map(|(k, x, y)| Step::Mouse(k, x, y))
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        30 => navigation(),
        20 => action_key(),
        20 => typed_char(),
        10 => answer_key(),
        10 => resize(),
        5 => paste(),
        4 => mouse(),
        1 => any::<bool>().prop_map(Step::Focus),
    ]
}

fn typed(text: &str) -> Vec<Step> {
    text.chars()
        .map(|c| {
            let mods = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            Step::Key(KeyCode::Char(c), mods)
        })
        .collect()
}

/// Focus a pane (by its number) and move down a few rows.
fn somewhere() -> impl Strategy<Value = Vec<Step>> {
    (
        prop::sample::select(vec!['1', '2', '3', '3', '4']),
        0..12usize,
    )
        .prop_map(|(pane, downs)| {
            let mut v = vec![plain(KeyCode::Char(pane)), plain(KeyCode::Char('g'))];
            v.extend(std::iter::repeat_n(plain(KeyCode::Down), downs));
            v
        })
}

/// Text a dialog might accept: emails, names, paths, share specs.
fn plausible_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{3,8}@example\\.com",
        "[a-z][a-z0-9-]{2,12}",
        "(Production|Staging|Testing|Finance)/[A-Z][a-z]{2,6}",
        "[A-Z][a-z]{2,8}",
        prop::sample::select(vec![
            "envs=Viewer".to_string(),
            "groups=User".to_string(),
            "group:Production=Admin".to_string(),
            "env:shop-prod=Viewer+Developer".to_string(),
            "tom@freelance.dev".to_string(),
            "olga@acme.io".to_string(),
            "maria@acme.io".to_string(),
        ]),
    ]
}

/// A whole gesture: go somewhere, press an action key, maybe fill in what it opens
/// (typed or pasted, moving between fields), submit, and answer the preview. These
/// make changes happen, which random single keys rarely do.
fn gesture() -> impl Strategy<Value = Vec<Step>> {
    let opener = prop::sample::select(vec![
        'a', 'e', 'c', 'i', 'd', 's', 'r', 'y', 'n', 'L', 'x', 'u',
    ]);
    let fill = prop::collection::vec(
        (
            plausible_text(),
            any::<bool>(),
            prop::sample::select(vec![0usize, 0, 1, 2, 3]),
        ),
        0..3,
    );
    let menu_letter =
        prop::sample::select("sozrRmeltxhpnvfwdbuFgiaCTADXq".chars().collect::<Vec<_>>());
    let submit = prop::sample::select(vec![ctrl('s'), plain(KeyCode::Enter), ctrl('s')]);
    let answer = prop::sample::select(vec![
        plain(KeyCode::Char('y')),
        plain(KeyCode::Char('y')),
        plain(KeyCode::Enter),
        plain(KeyCode::Char('n')),
        plain(KeyCode::Esc),
    ]);
    (
        any::<bool>(),
        somewhere(),
        opener,
        menu_letter,
        fill,
        submit,
        answer,
    )
        .prop_map(|(escape, at, opener, letter, fill, submit, answer)| {
            let mut v = Vec::new();
            if escape {
                v.extend([plain(KeyCode::Esc), plain(KeyCode::Esc)]);
            }
            v.extend(at);
            v.push(if opener == '\n' {
                plain(KeyCode::Enter)
            } else {
                plain(KeyCode::Char(opener))
            });
            if opener == 'x' || opener == 'a' {
                v.push(plain(KeyCode::Char(letter)));
            }
            for (text, paste, tabs) in fill {
                v.extend(std::iter::repeat_n(plain(KeyCode::Tab), tabs));
                if paste {
                    v.push(Step::Paste(text));
                } else {
                    v.extend(typed(&text));
                }
            }
            v.push(submit);
            v.push(answer);
            v
        })
}

/// A command typed into the palette (`:`), run through the same preview and
/// confirmation as the panes' keys.
fn palette_command() -> impl Strategy<Value = Vec<Step>> {
    let email = "[a-z]{3,6}@example\\.com";
    let member = prop::sample::select(vec![
        "maria@acme.io",
        "anna@acme.io",
        "boris@acme.io",
        "sergey@acme.io",
        "kate@contractors.io",
        "tom@freelance.dev",
        "paul@agency.io",
        "nobody@acme.io",
    ]);
    let env = prop::sample::select(vec![
        "shop-prod",
        "shop-staging",
        "legacy-crm",
        "billing-db",
        "qa-sandbox",
        "docs-site",
        "status-page",
        "no-such-env",
    ]);
    let group = prop::sample::select(vec![
        "Production",
        "Production/EU",
        "Production/EU/Frankfurt",
        "Staging",
        "Testing",
        "Finance/Reports",
        "Nowhere",
    ]);
    let spec = prop::sample::select(vec![
        "envs=Viewer",
        "groups=User",
        "group:Staging=Viewer",
        "group:Production=Admin",
        "env:shop-prod=Viewer+Developer",
        "env:legacy-crm",
        "group:Nowhere=Viewer",
    ]);
    let name = "[a-z][a-z0-9-]{2,10}";
    let line = (member, env, group, spec, email, name, 0..18u8).prop_map(
        |(member, env, group, spec, email, name, which)| match which {
            0 => format!("member invite {email} --share {spec}"),
            1 => format!("member edit {member} --share {spec}"),
            2 => format!("member suspend {member}"),
            3 => format!("member activate {member}"),
            4 => format!("member remove {member}"),
            5 => format!("member reinvite {member}"),
            6 => format!("member copy {member} {email}"),
            7 => format!("group add {group}/{name}"),
            8 => format!("group remove {group}"),
            9 => format!("env create {name}"),
            10 => format!("env clone {env} {name}"),
            11 => format!("env attach {env} --group {group}"),
            12 => format!("env delete {env}"),
            13 => format!("env do {env} restart"),
            14 => format!("role copy Viewer {name}"),
            15 => format!("who {env}"),
            16 => format!("access --member {member}"),
            _ => format!("role delete {name}"),
        },
    );
    let answer = prop::sample::select(vec![
        plain(KeyCode::Enter),
        plain(KeyCode::Char('y')),
        plain(KeyCode::Esc),
    ]);
    // Mostly pasted: typing costs a step (and a render) per character.
    let paste = prop::sample::select(vec![true, true, true, false]);
    (line, answer, paste).prop_map(|(line, answer, paste)| {
        let mut v = vec![plain(KeyCode::Esc), plain(KeyCode::Esc)];
        v.push(plain(KeyCode::Char(':')));
        if paste {
            v.push(Step::Paste(line));
        } else {
            v.extend(typed(&line));
        }
        v.push(plain(KeyCode::Enter));
        v.push(answer);
        v
    })
}

/// A sequence is a list of chunks: mostly single events, sometimes a gesture or a
/// palette command, and now and then undo or redo.
fn chunk() -> impl Strategy<Value = Vec<Step>> {
    prop_oneof![
        24 => step().prop_map(|s| vec![s]),
        3 => gesture(),
        2 => palette_command(),
        1 => prop::sample::select(vec![
            vec![plain(KeyCode::Char('u'))],
            vec![ctrl('r')],
            // The preview an undo or redo opens, applied.
            vec![plain(KeyCode::Char('u')), plain(KeyCode::Char('y'))],
            vec![ctrl('r'), plain(KeyCode::Char('y'))],
        ]),
    ]
}

/// The demo saved to `dir/state.json`, the way `collab init --demo` leaves it.
fn write_demo(dir: &TempDir, demo: &StateDocument) -> std::path::PathBuf {
    let path = dir.path().join("state.json");
    Store::new(&path)
        .lock(LOCK_WAIT)
        .expect("lock the new state file")
        .save(demo)
        .expect("save the demo");
    path
}

/// The app over the state file, as the owner, the way `collab` starts it.
fn open_app(path: &Path, size: Rect) -> App {
    let ws = Workspace::open(Store::new(path)).expect("open the state file");
    let me = ws.engine().platform().account_by_email(OWNER);
    assert!(me.is_some(), "no account {OWNER}");
    App::new(ws, me, Config::defaults(false), Box::new(|| DEMO_NOW), size)
}

/// What the app shows must be what the state file holds: every change is saved, and
/// nothing that was not saved stays in memory.
fn assert_saved(app: &App, path: &Path) -> Result<(), TestCaseError> {
    let disk = Workspace::open(Store::new(path))
        .map_err(|e| TestCaseError::fail(format!("the state file does not reopen: {e}")))?;
    prop_assert!(
        disk.engine().platform().check_invariants().is_ok(),
        "the saved platform breaks an invariant: {:?}",
        disk.engine().platform().check_invariants()
    );
    prop_assert!(
        disk.engine().to_document() == app.ws.engine().to_document(),
        "the state file differs from the app's platform"
    );
    Ok(())
}

/// After every step: the signed-in account exists, the screen renders, selections are
/// valid, invariants hold.
fn check_app(app: &App) -> Result<(), String> {
    let p = app.ws.engine().platform();
    if let Some(me) = app.me
        && !p.has_account(me)
    {
        return Err(format!(
            "signed in as {me:?}, an account that no longer exists"
        ));
    }
    let buf = render(app);
    if buf.area != app.size {
        return Err(format!("rendered {:?}, expected {:?}", buf.area, app.size));
    }
    // Whatever was typed or pasted, nothing invisible is drawn raw: it shows escaped.
    if let Some(cell) = buf
        .content()
        .iter()
        .find(|c| c.symbol().chars().any(collab::text::is_invisible))
    {
        return Err(format!(
            "a raw invisible character is drawn: {:?}",
            cell.symbol()
        ));
    }
    for (i, pane) in app.panes.iter().enumerate() {
        let n = pane.rows.len();
        if n == 0 {
            if pane.selected != 0 {
                return Err(format!(
                    "pane {} is empty but selects row {}",
                    i + 1,
                    pane.selected
                ));
            }
        } else {
            if pane.selected >= n {
                return Err(format!(
                    "pane {} selects row {} of {n}",
                    i + 1,
                    pane.selected
                ));
            }
            if pane.offset > pane.selected {
                return Err(format!(
                    "pane {} scrolled past its selection: offset {} > selected {} ({n} rows)",
                    i + 1,
                    pane.offset,
                    pane.selected
                ));
            }
        }
    }
    p.check_invariants()
        .map_err(|e| format!("platform invariant broken: {e}"))
}

/// What the sequences reached, summed over a run: the property is only as good as the
/// places the generator gets to, so the run checks that it gets to the interesting ones.
#[derive(Debug, Default)]
struct Reach {
    sequences: usize,
    steps: usize,
    too_small: usize,
    /// Steps ending with each overlay open: help, palette, text, menu, confirm, dialog.
    overlays: [usize; 6],
    applied: usize,
    refused: usize,
    quits: usize,
    sequences_that_saved: usize,
}

impl Reach {
    fn see(&mut self, app: &App, before: Option<&Message>) {
        use collab::tui::layout::{MIN_HEIGHT, MIN_WIDTH};
        self.steps += 1;
        if app.size.width < MIN_WIDTH || app.size.height < MIN_HEIGHT {
            self.too_small += 1;
        }
        if let Some(ov) = &app.overlay {
            let i = match ov {
                Overlay::Help(_) => 0,
                Overlay::Palette(_) => 1,
                Overlay::Text(_) => 2,
                Overlay::Menu(_) => 3,
                Overlay::Confirm(_) => 4,
                Overlay::Dialog(_) => 5,
            };
            self.overlays[i] += 1;
        }
        if let Some(m) = &app.message
            && Some(m) != before
        {
            if m.text.starts_with('✓') {
                self.applied += 1;
            } else if m.error {
                self.refused += 1;
            }
        }
    }
}

fn run_sequence(
    steps: &[Step],
    demo: &StateDocument,
    reach: &mut Reach,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_demo(&dir, demo);
    let mut app = open_app(&path, Rect::new(0, 0, 120, 40));
    reach.sequences += 1;
    for (i, step) in steps.iter().enumerate() {
        let before = app.message.clone();
        let outcome = catch(|| {
            app.handle_event(step.event());
            check_app(&app)
        });
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(problem)) => {
                return Err(TestCaseError::fail(format!(
                    "after step {i} ({step:?}): {problem}"
                )));
            }
            Err(panic) => {
                return Err(TestCaseError::fail(format!(
                    "panic at step {i} ({step:?}): {panic}"
                )));
            }
        }
        reach.see(&app, before.as_ref());
        if app.quit {
            reach.quits += 1;
            assert_saved(&app, &path)?;
            app = open_app(&path, app.size);
        }
    }
    if app.ws.engine().to_document() != *demo {
        reach.sequences_that_saved += 1;
    }
    assert_saved(&app, &path)
}

#[test]
fn random_event_sequences_keep_the_app_and_the_platform_valid() {
    let mut runner = TestRunner::new(proptest_config(SEQUENCES));
    let reach = RefCell::new(Reach::default());
    let demo = demo_engine().to_document();
    let sequence = prop::collection::vec(chunk(), 1..=CHUNKS);
    let result = runner.run(&sequence, |chunks| {
        let steps: Vec<Step> = chunks.into_iter().flatten().collect();
        run_sequence(&steps, &demo, &mut reach.borrow_mut())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let reach = reach.into_inner();
    eprintln!("reached: {reach:?}");
    // A full run must have got somewhere: changes applied and saved, previews,
    // dialogs and the palette seen. (Skipped for very short runs.)
    if reach.sequences >= 32 {
        assert!(
            reach.applied >= 5
                && reach.sequences_that_saved >= 3
                && [1, 4, 5].iter().all(|i| reach.overlays[*i] > 0),
            "the generator no longer reaches the app's interesting places: {reach:?}"
        );
    }
}

/// The events the generator is made of do change the platform: a fixed sequence (add
/// a group through the Environments pane's add menu) applies and saves a change,
/// checked after every step like the random ones.
#[test]
fn a_scripted_sequence_changes_and_saves() {
    use KeyCode::*;
    let mut steps = vec![plain(Char('3')), plain(Char('g')), plain(Char('j'))];
    steps.extend([plain(Char('a')), plain(Char('g'))]);
    steps.push(Step::Paste("Abuse".into()));
    steps.extend([plain(Enter), ctrl('s'), plain(Enter), plain(Esc)]);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_demo(&dir, &demo_engine().to_document());
    let before = Workspace::open(Store::new(&path))
        .expect("open")
        .engine()
        .to_document();
    let mut app = open_app(&path, Rect::new(0, 0, 120, 40));
    for (i, step) in steps.iter().enumerate() {
        app.handle_event(step.event());
        if let Err(problem) = check_app(&app) {
            panic!("after step {i} ({step:?}): {problem}");
        }
    }
    let after = Workspace::open(Store::new(&path))
        .expect("reopen")
        .engine()
        .to_document();
    assert!(
        before != after,
        "the scripted sequence did not change the state file; screen:\n{}",
        render_text(&app)
    );
    assert!(
        after.groups.iter().any(|g| g.path.ends_with("Abuse")),
        "no group Abuse in {:?}",
        after.groups.iter().map(|g| &g.path).collect::<Vec<_>>()
    );
    if let Err(e) = assert_saved(&app, &path) {
        panic!("{e}");
    }
}

/// Found by the property test: undoing the invitation that created an account while
/// signed in as that account left the app signed in as an account that no longer
/// existed, and the next frame panicked with "dangling account id" (in the header).
/// The app now falls back to the primary account.
#[test]
fn undoing_the_invitation_that_created_the_signed_in_account_keeps_it() {
    use collab::tui::panes::{self, PaneId};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_demo(&dir, &demo_engine().to_document());
    let mut app = open_app(&path, Rect::new(0, 0, 120, 40));
    let mut steps = vec![plain(KeyCode::Char(':'))];
    steps.push(Step::Paste(
        "member invite new@example.com --share envs=Viewer".into(),
    ));
    steps.extend([plain(KeyCode::Enter), plain(KeyCode::Enter)]);
    steps.extend([plain(KeyCode::Char('1')), plain(KeyCode::Char('g'))]);
    for step in &steps {
        app.handle_event(step.event());
    }
    let created = app
        .ws
        .engine()
        .platform()
        .account_by_email("new@example.com")
        .expect("the invitation created the account");
    // Walk down the Accounts pane to the new account and sign in as it.
    while app.selected(PaneId::Accounts) != Some(panes::RowKey::Account(created)) {
        let at = app.pane(PaneId::Accounts).selected;
        app.handle_event(plain(KeyCode::Down).event());
        assert_ne!(at, app.pane(PaneId::Accounts).selected, "not listed");
    }
    app.handle_event(plain(KeyCode::Enter).event());
    assert_eq!(app.me, Some(created), "signed in as the new account");
    // The invitation was the owner's change: the new account's `u` reverts nothing.
    app.handle_event(plain(KeyCode::Char('u')).event());
    assert!(
        message_of(&app).contains("nothing of yours"),
        "{}",
        message_of(&app)
    );
    // The owner's undo removes the invitation; the account, the platform's, stays.
    let owner = app
        .ws
        .engine()
        .platform()
        .account_by_email(OWNER)
        .expect("owner");
    app.sign_in(owner);
    app.handle_event(plain(KeyCode::Char('u')).event());
    assert!(
        matches!(app.overlay, Some(Overlay::Confirm(_))),
        "the undo is previewed"
    );
    app.handle_event(plain(KeyCode::Char('y')).event());
    let p = app.ws.engine().platform();
    assert!(
        p.collab_of(owner, created).is_none(),
        "the invitation is undone"
    );
    assert!(
        p.account_by_email("new@example.com").is_some(),
        "undo never removes an account"
    );
    match catch(|| check_app(&app)) {
        Ok(Ok(())) => {}
        Ok(Err(problem)) => panic!("{problem}"),
        Err(panic) => panic!(
            "rendering after the undo panicked: {panic}\nme = {:?}, the account exists: {}",
            app.me,
            app.ws
                .engine()
                .platform()
                .account_by_email("new@example.com")
                .is_some()
        ),
    }
    assert_eq!(app.me_email().as_deref(), Some(OWNER));
}

// ----- 3. a corrupt config.json --------------------------------------------------------

/// Writes `bytes` as `config.json` in a fresh directory and loads it.
fn load_config(bytes: &[u8]) -> (TempDir, std::path::PathBuf, Config) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.json");
    std::fs::write(&path, bytes).expect("write config.json");
    let cfg = Config::load(Some(&path), false);
    (dir, path, cfg)
}

fn assert_defaults(cfg: &Config, what: &str) {
    let defaults = Keymap::defaults();
    for a in Action::ALL {
        assert_eq!(
            cfg.keymap.label(a),
            defaults.label(a),
            "{what}: {a} is not bound to its default key"
        );
    }
    assert_eq!(cfg.keymap.label(Action::Quit), "q", "{what}");
    assert!(cfg.mouse, "{what}: the mouse is on by default");
}

const CORRUPT: [(&str, &str); 9] = [
    ("invalid JSON", "{ nope"),
    ("truncated", r#"{"keys": {"quit": ["Q""#),
    ("empty file", ""),
    ("not an object", "[1, 2, 3]"),
    ("wrong type for keys", r#"{"keys": {"quit": "Q"}}"#),
    (
        "wrong type for mouse",
        r#"{"mouse": "no", "keys": {"quit": ["Q"]}}"#,
    ),
    ("wrong type for colors", r#"{"colors": ["red"]}"#),
    (
        "unknown top-level field",
        r#"{"colours": {"accent": "red"}, "keys": {"quit": ["Q"]}}"#,
    ),
    ("null", "null"),
];

#[test]
fn a_corrupt_config_file_gives_the_defaults_and_names_the_file() {
    for (what, text) in CORRUPT {
        let (_dir, path, cfg) = load_config(text.as_bytes());
        assert_defaults(&cfg, what);
        assert!(!cfg.problems.is_empty(), "{what}: no problem reported");
        let shown = path.display().to_string();
        for p in &cfg.problems {
            assert!(p.contains(&shown), "{what}: '{p}' does not name {shown}");
        }
    }
}

#[test]
fn unreadable_config_files_give_the_defaults_and_name_the_file() {
    // Not UTF-8.
    let (_dir, path, cfg) = load_config(&[0xff, 0xfe, b'{', 0x80, b'}']);
    assert_defaults(&cfg, "binary file");
    assert_eq!(cfg.problems.len(), 1, "{:?}", cfg.problems);
    assert!(
        cfg.problems[0].contains(&path.display().to_string()),
        "{:?}",
        cfg.problems
    );
    // A directory where the file should be.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.json");
    std::fs::create_dir(&path).expect("mkdir");
    let cfg = Config::load(Some(&path), false);
    assert_defaults(&cfg, "directory");
    assert_eq!(cfg.problems.len(), 1, "{:?}", cfg.problems);
    assert!(
        cfg.problems[0].contains(&path.display().to_string()),
        "{:?}",
        cfg.problems
    );
    // No file at all is no problem.
    let cfg = Config::load(Some(&dir.path().join("absent.json")), false);
    assert_defaults(&cfg, "absent file");
    assert!(cfg.problems.is_empty(), "{:?}", cfg.problems);
}

#[test]
fn bad_entries_in_a_valid_config_are_each_named_and_the_rest_are_defaults() {
    let (_dir, path, cfg) = load_config(
        br#"{"keys": {"fly": ["f"], "help": ["Hyper-h"]},
             "colors": {"accent": "plaid", "sparkle": "red"}}"#,
    );
    assert_eq!(cfg.keymap.label(Action::Quit), "q");
    // help's only key is unusable: reported with the default help keeps.
    assert_eq!(cfg.keymap.label(Action::Help), "?");
    assert_eq!(cfg.problems.len(), 4, "{:?}", cfg.problems);
    assert!(
        cfg.problems
            .iter()
            .any(|p| p.contains("keys.help: unknown key 'Hyper-h'; keeping the default ?")),
        "{:?}",
        cfg.problems
    );
    let shown = path.display().to_string();
    for p in &cfg.problems {
        assert!(p.contains(&shown), "'{p}' does not name {shown}");
    }
}

#[test]
fn the_app_started_with_a_corrupt_config_shows_the_problem_as_an_error() {
    let (_dir, path, cfg) = load_config(b"{ \"keys\": oops }");
    let first = cfg.problems.first().cloned().expect("a problem");
    let engine = demo_engine();
    let me = engine.platform().account_by_email(OWNER);
    let ws = Workspace::with_engine(Store::new(collab::tui::snapshot::NOWHERE), engine);
    let mut app = App::new(ws, me, cfg, Box::new(|| DEMO_NOW), Rect::new(0, 0, 160, 40));
    assert_eq!(
        app.message,
        Some(Message {
            text: first.clone(),
            error: true
        })
    );
    // It is on the message line (the second to last), naming the file.
    let text = render_text(&app);
    let lines: Vec<&str> = text.lines().collect();
    let message_line = lines[lines.len() - 2];
    assert!(
        message_line.contains("config") && message_line.contains(&path.display().to_string()),
        "message line: '{message_line}'\n{text}"
    );
    // The app works with the defaults: q quits.
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::NONE,
    )));
    assert!(app.quit, "q (the default) does not quit");
}

fn message_of(app: &collab::tui::app::App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}
