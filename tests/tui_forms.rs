//! Dialogs through the app, as a user meets them: "ready" only once the engine accepts
//! the values, refusals beside the field they are about, one submit rule, hint lines
//! generated from the key map (so a remapped key shows, and works).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod app_common;

use std::collections::BTreeMap;

use app_common::{key, saving_app, typ};

use collab::engine::demo::{DEMO_NOW, OWNER, demo_engine};
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use collab::tui::keys::Action;
use collab::tui::panes::PaneId;
use collab::tui::snapshot::{app_for, render_text};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn olga() -> App {
    let engine = demo_engine();
    let me = engine
        .platform()
        .account_by_email(OWNER)
        .expect("demo owner");
    app_for(engine, Some(me), (120, 40), DEMO_NOW)
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// The dialog's hint line: the line that says how to cancel it.
fn hint_line(app: &App) -> String {
    let text = render_text(app);
    text.lines()
        .find(|l| l.contains("Esc cancel"))
        .unwrap_or_else(|| panic!("no hint line:\n{text}"))
        .to_string()
}

fn open_new_account(app: &mut App) {
    app.focus = PaneId::Accounts;
    app.perform(Action::Add);
    assert!(matches!(app.overlay, Some(Overlay::Dialog(_))));
}

#[test]
fn ready_shows_only_once_the_engine_accepts_the_values() {
    let mut app = olga();
    open_new_account(&mut app);
    let text = render_text(&app);
    assert!(text.contains("New account"), "{text}");
    assert!(
        !text.contains("✓ ready"),
        "an empty email is not ready:\n{text}"
    );
    typ(&mut app, "zed@example.org");
    let text = render_text(&app);
    assert!(text.contains("✓ ready to apply"), "{text}");
    // An email taken already: the engine refuses, beside the Email field.
    for _ in 0.."zed@example.org".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, OWNER);
    let text = render_text(&app);
    assert!(!text.contains("✓ ready"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let refusal = lines
        .iter()
        .position(|l| l.contains("✕ DUPLICATE"))
        .unwrap_or_else(|| panic!("no refusal:\n{text}"));
    assert!(
        lines[refusal - 1].contains(OWNER) && lines[refusal - 2].contains("Email"),
        "the refusal is under the email field:\n{text}"
    );
}

#[test]
fn copy_member_is_not_ready_with_an_empty_email() {
    let mut app = olga();
    app.focus = PaneId::Members;
    // The first member row of the demo.
    for _ in 0..3 {
        key(&mut app, KeyCode::Char('j'));
    }
    app.perform(Action::Copy);
    assert!(matches!(app.overlay, Some(Overlay::Dialog(_))));
    let text = render_text(&app);
    assert!(text.contains("to a new member"), "{text}");
    assert!(!text.contains("✓ ready"), "{text}");
}

#[test]
fn one_submit_rule_enter_moves_on_and_submits_on_the_last_field() {
    let (_dir, mut app) = saving_app(OWNER, (120, 40));
    open_new_account(&mut app);
    typ(&mut app, "zed@example.org");
    // Enter on the first of two fields moves to the second; nothing is created yet.
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Dialog(_))));
    assert!(
        app.ws
            .engine()
            .platform()
            .account_by_email("zed@example.org")
            .is_none()
    );
    key(&mut app, KeyCode::Enter);
    assert!(
        app.ws
            .engine()
            .platform()
            .account_by_email("zed@example.org")
            .is_some(),
        "{}",
        render_text(&app)
    );
}

#[test]
fn a_refused_submit_keeps_the_dialog_and_moves_to_the_field() {
    let (_dir, mut app) = saving_app(OWNER, (120, 40));
    open_new_account(&mut app);
    key(&mut app, KeyCode::Tab);
    typ(&mut app, "Zed");
    ctrl(&mut app, 's');
    assert!(
        matches!(app.overlay, Some(Overlay::Dialog(_))),
        "still open"
    );
    let text = render_text(&app);
    assert!(text.contains('✕'), "{text}");
    // Focus went back to the email the refusal is about: typing goes there.
    typ(&mut app, "zed@example.org");
    ctrl(&mut app, 's');
    assert!(
        app.ws
            .engine()
            .platform()
            .account_by_email("zed@example.org")
            .is_some(),
        "{}",
        render_text(&app)
    );
}

#[test]
fn hint_lines_follow_the_key_map() {
    let mut app = olga();
    open_new_account(&mut app);
    let hints = hint_line(&app);
    assert!(hints.contains("Ctrl-s apply"), "{hints}");
    assert!(hints.contains("Esc cancel"), "{hints}");

    // Remap submit to Ctrl-a: the hint says so, and the new key submits.
    let (_dir, mut app) = saving_app(OWNER, (120, 40));
    let mut overrides = BTreeMap::new();
    overrides.insert("submit".to_string(), vec!["Ctrl-a".to_string()]);
    let (keymap, problems) = app
        .config
        .keymap
        .clone()
        .with_mode_overrides("forms", &overrides);
    assert!(problems.is_empty(), "{problems:?}");
    app.config.keymap = keymap;
    open_new_account(&mut app);
    let hints = hint_line(&app);
    assert!(hints.contains("Ctrl-a apply"), "{hints}");
    assert!(!hints.contains("Ctrl-s"), "{hints}");
    typ(&mut app, "zed@example.org");
    ctrl(&mut app, 's');
    assert!(
        matches!(app.overlay, Some(Overlay::Dialog(_))),
        "Ctrl-s is unbound now"
    );
    ctrl(&mut app, 'a');
    assert!(
        app.ws
            .engine()
            .platform()
            .account_by_email("zed@example.org")
            .is_some()
    );
}

#[test]
fn a_second_slash_in_a_dialog_list_starts_a_new_search() {
    let mut app = olga();
    app.focus = PaneId::Roles;
    app.perform(Action::Add);
    let text = render_text(&app);
    assert!(text.contains("New role"), "{text}");
    // Name, Description, Notify, then the policy tree.
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    typ(&mut app, "/logs");
    key(&mut app, KeyCode::Enter);
    assert!(render_text(&app).contains("search: logs"));
    typ(&mut app, "/bill");
    let text = render_text(&app);
    assert!(text.contains("search: bill"), "{text}");
    assert!(!text.contains("search: logsbill"), "{text}");
}
