//! Fourth pass of hostile testing, as a user meets it: hints name the keys as
//! configured, never the defaults; a name full of combining accents is cut by the
//! columns it takes, not by its characters; the matrix's status line keeps its answer
//! and cuts the long name with `…`; the Review view's details never lose their last
//! line silently; and a view's filter finds rows holding every word typed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod app_common;

use std::path::Path;
use std::process::Command as Process;

use app_common::{key, open_app, select_env, typ, with_config_file, write_demo};
use collab::engine::Engine;
use collab::engine::demo::{OWNER, demo_engine};
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use collab::tui::keys::Action;
use collab::tui::panes::{self, PaneId};
use collab::tui::snapshot::render_text;
use ratatui::crossterm::event::KeyCode;

/// The demo as `OWNER` (or an empty platform, signed out), at `size`, with the
/// config file whose text is `json`.
fn with_config(json: &str, size: (u16, u16), demo: bool) -> App {
    let engine = if demo { demo_engine() } else { Engine::new() };
    let (app, problems) = with_config_file(json, engine, size);
    assert!(problems.is_empty(), "{problems:?}");
    app
}

fn screen(app: &App) -> String {
    render_text(app)
}

/// Focuses a pane with `focus_key` and selects its first row whose label holds
/// `needle`.
fn select_row(app: &mut App, focus_key: char, pane: PaneId, needle: &str) {
    key(app, KeyCode::Char(focus_key));
    key(app, KeyCode::Home);
    for _ in 0..app.pane(pane).rows.len() {
        if let Some(k) = app.selected(pane)
            && panes::label(app.ws.engine().platform(), app.me, k).contains(needle)
        {
            return;
        }
        key(app, KeyCode::Down);
    }
    panic!("no row with {needle:?} in:\n{}", screen(app));
}

/// The keys this file remaps, each away from its default, and where the default
/// would show in a hint (`f applies`, `(w: why)`, ...).
const REMAPPED: &str = r#"{"keys": {
    "panes": {"why": ["W"], "open": ["o"], "back": ["B"], "add": ["A"], "focus_accounts": ["!"]},
    "views": {"fix": ["X"], "axis": ["T"]}
}}"#;

/// Hints that would name a default key which the config moved.
const OLD_HINTS: [&str; 10] = [
    "f applies",
    "(w:",
    "Enter: why",
    "Enter shows",
    "Enter signs in",
    "Enter lists",
    "(Esc clears",
    "Tab switches",
    "press a ",
    "(1)",
];

fn assert_no_old_key(text: &str, screen_name: &str) {
    for old in OLD_HINTS {
        assert!(
            !text.contains(old),
            "{screen_name} names a default key the config moved ({old:?}):\n{text}"
        );
    }
}

#[test]
fn every_hint_names_the_keys_as_configured_never_the_moved_defaults() {
    let mut app = with_config(REMAPPED, (120, 40), true);
    // The Review view: the finding's details and the whole finding name X, and the
    // line saying more follows names the configured open key.
    key(&mut app, KeyCode::Char('R'));
    app.finish_jobs();
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "kate leftover");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app);
    assert!(text.contains("X applies it, after a preview"), "{text}");
    assert_no_old_key(&text, "the review");
    key(&mut app, KeyCode::Char('o'));
    assert!(matches!(app.overlay, Some(Overlay::Text(_))), "o opens it");
    let text = screen(&app);
    assert!(text.contains("X applies it, after a preview"), "{text}");
    assert_no_old_key(&text, "the whole finding");
    key(&mut app, KeyCode::Esc);
    // A filter that lets nothing through names the key that clears it.
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "zzz");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app);
    assert!(text.contains("(B clears the filter)"), "{text}");
    assert_no_old_key(&text, "the review's empty filter");
    key(&mut app, KeyCode::Char('B'));
    key(&mut app, KeyCode::Char('R'));
    assert_eq!(app.views.open(), None);

    // The matrix: its status line names the open key, and the groups' columns name
    // the axis key when asked why.
    key(&mut app, KeyCode::Char('M'));
    let text = screen(&app);
    assert!(text.contains("o: why"), "{text}");
    assert_no_old_key(&text, "the matrix");
    key(&mut app, KeyCode::Char('T'));
    key(&mut app, KeyCode::Char('o'));
    let text = screen(&app);
    assert!(text.contains("T switches the columns"), "{text}");
    assert_no_old_key(&text, "the groups' matrix");
    key(&mut app, KeyCode::Char('M'));

    // The inspector: the lens line names W (`(W: why)`, which may wrap), an
    // account the configured open key.
    select_row(&mut app, '2', PaneId::Members, "anna@acme.io");
    select_env(&mut app, "billing-db");
    let text = screen(&app);
    assert!(text.contains("(W:"), "{text}");
    assert_no_old_key(&text, "the inspector's lens");
    select_row(&mut app, '!', PaneId::Accounts, "boris@acme.io");
    let text = screen(&app);
    assert!(text.contains("o signs in as this account"), "{text}");
    assert_no_old_key(&text, "the inspector of an account");
    select_row(&mut app, '4', PaneId::Roles, "Policy catalogue");
    key(&mut app, KeyCode::Down);
    let text = screen(&app);
    assert!(text.contains("o lists its policies"), "{text}");
    assert_no_old_key(&text, "the inspector of a category");

    // An empty platform, signed out: the message and the empty panes say which
    // keys add an account and sign in.
    let app = with_config(REMAPPED, (120, 40), false);
    let text = screen(&app);
    for hint in [
        "press ! then A to add an account",
        "no accounts yet: press A to add",
        "focus Accounts (!),",
        "choose an account, press o",
    ] {
        assert!(text.contains(hint), "{hint}:\n{text}");
    }
    assert_no_old_key(&text, "the signed-out panes");
}

/// Runs `collab` with `args` on the state file at `state`; fails the test on a
/// non-zero exit.
fn collab(state: &Path, args: &[&str]) -> String {
    let out = Process::new(env!("CARGO_BIN_EXE_collab"))
        .arg("--state")
        .arg(state)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run collab");
    assert!(
        out.status.success(),
        "collab {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn a_role_name_of_combining_accents_is_cut_by_columns_and_shows_whole_when_it_fits() {
    let accents = "\u{301}\u{302}\u{303}\u{304}".repeat(10);
    let stacked = format!("Z{accents}algo");
    // `Développeur Équipe`, decomposed: each accent a character of its own.
    let decomposed = "De\u{301}veloppeur E\u{301}quipe";
    for name in [stacked.as_str(), decomposed] {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = dir.path().join("z.json");
        collab(&state, &["init", "--demo"]);
        collab(
            &state,
            &[
                "--as",
                OWNER,
                "role",
                "add",
                name,
                "--policy",
                "env.startstop",
            ],
        );
        let share = format!("envs={name}");
        collab(
            &state,
            &[
                "--as",
                OWNER,
                "member",
                "edit",
                "anna@acme.io",
                "--share",
                &share,
            ],
        );
        let text = collab(
            &state,
            &[
                "--as", OWNER, "snapshot", "--view", "lens", "--size", "120x30",
            ],
        );
        let row = text
            .lines()
            .find(|l| l.contains("billing-db · base"))
            .unwrap_or_else(|| panic!("no lens row of billing-db:\n{text}"));
        assert!(
            row.contains(&format!("billing-db · base {name} ")),
            "the whole role shows, with room to spare:\n{row}\n{text}"
        );
    }
}

#[test]
fn the_matrix_status_line_keeps_the_answer_and_cuts_a_long_group_path_with_an_ellipsis() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("state.json");
    write_demo(&state);
    let long = "Production/EU/frankfurt-datacenter-primary-region/ledger-and-billing-services-tier";
    let mut path = String::new();
    for part in long.split('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(part);
        if !["Production", "Production/EU"].contains(&path.as_str()) {
            collab(&state, &["--as", OWNER, "group", "add", &path]);
        }
    }
    let mut app = open_app(&state, OWNER, (80, 24));
    key(&mut app, KeyCode::Char('M'));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "col:billing-services");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app);
    let status = text
        .lines()
        .find(|l| l.contains(&format!("{OWNER} on ")))
        .unwrap_or_else(|| panic!("no status line:\n{text}"));
    assert!(
        status.contains("…") && status.contains("-tier: owner"),
        "the answer stays and the path gives way at its start: {status}\n{text}"
    );
    assert!(!status.contains("Production/EU/frankfurt"), "{status}");
    assert_eq!(app.views.open(), Some(Action::Matrix));
}

/// The last line of a finding's details: its fix, or why there is none.
const LAST_DETAIL: [&str; 4] = [
    "applies it, after a preview",
    "cannot be applied now",
    "checking whether it can be applied",
    "none: this finding only informs",
];

#[test]
fn the_reviews_details_show_their_last_line_or_say_that_more_follows() {
    let (_dir, mut app) = app_common::saving_app(OWNER, (80, 24));
    key(&mut app, KeyCode::Char('R'));
    app.finish_jobs();
    let mut cut = 0;
    for _ in 0..30 {
        let text = screen(&app);
        let whole = LAST_DETAIL.iter().any(|l| text.contains(l));
        let more = text.contains("more line") && text.contains("Enter shows the whole finding");
        assert!(
            whole != more,
            "the details end with their last line, or say more follows:\n{text}"
        );
        if more {
            cut += 1;
            key(&mut app, KeyCode::Enter);
            assert!(matches!(app.overlay, Some(Overlay::Text(_))));
            for _ in 0..5 {
                key(&mut app, KeyCode::PageDown);
            }
            let whole = screen(&app);
            assert!(
                LAST_DETAIL.iter().any(|l| whole.contains(l)),
                "Enter shows the rest:\n{whole}"
            );
            key(&mut app, KeyCode::Esc);
        }
        key(&mut app, KeyCode::Down);
    }
    assert!(cut > 0, "at 80x24 some finding's details do not fit");
}

/// The finding, task or entry rows of a view: the lines of its list.
fn rows_with(text: &str, needle: &str) -> usize {
    text.lines().filter(|l| l.contains(needle)).count()
}

#[test]
fn a_views_filter_finds_the_rows_holding_every_word_in_any_order() {
    let (_dir, mut app) = app_common::saving_app(OWNER, (120, 40));
    // Review: severity and member, two words of one finding.
    key(&mut app, KeyCode::Char('R'));
    app.finish_jobs();
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "risk boris");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app);
    assert!(!text.contains("no finding matches"), "{text}");
    let boris = rows_with(&text, "RISK  ");
    assert!(boris >= 2, "{text}");
    assert_eq!(
        rows_with(&text, "RISK  "),
        rows_with(&text, "boris@acme.io  ")
    );
    // The words in the other order find the same; a word no finding has finds none.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "boris risk");
    key(&mut app, KeyCode::Enter);
    assert_eq!(rows_with(&screen(&app), "RISK  "), boris);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "risk nobody");
    let text = screen(&app);
    assert!(text.contains("no finding matches 'risk nobody'"), "{text}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('R'));

    // Tasks: an outcome and an environment, in the order typed.
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "denied shop-prod");
    let text = screen(&app);
    assert!(!text.contains("no task matches"), "{text}");
    assert_eq!(rows_with(&text, "denied: "), 1, "{text}");
    assert!(text.contains("» ivan@acme.io"), "{text}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('t'));

    // History: an action and a member, in another order than the entry's.
    key(&mut app, KeyCode::Char('H'));
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "leave kate");
    let text = screen(&app);
    assert!(!text.contains("no entry matches"), "{text}");
    assert!(text.contains("leave olga@acme.io"), "{text}");
    assert_eq!(rows_with(&text, "leave olga@acme.io"), 1, "{text}");
}
