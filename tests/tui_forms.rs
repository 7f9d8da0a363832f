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

/// Asserts that the screen `text` shows the refusal starting `refusal` under the field
/// labelled `label`, whose value `typed` is on the line between them.
fn refusal_under(text: &str, refusal: &str, label: &str, typed: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(refusal))
        .unwrap_or_else(|| panic!("no refusal:\n{text}"));
    assert!(
        at >= 2 && lines[at - 1].contains(typed) && lines[at - 2].contains(label),
        "the refusal is not under the {label} field:\n{text}"
    );
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
    refusal_under(&text, "✕ DUPLICATE", "Email", OWNER);
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

// ----- errors and hints in dialogs at 80x24 ------------------------------------------

fn olga_at(size: (u16, u16)) -> App {
    let engine = demo_engine();
    let me = engine
        .platform()
        .account_by_email(OWNER)
        .expect("demo owner");
    app_for(engine, Some(me), size, DEMO_NOW)
}

/// The dialog's text at 80 columns (dialogs are drawn between columns 2 and 77):
/// every line's middle, borders dropped, trimmed, the lines joined with one space, so
/// that a wrapped sentence reads as one.
fn dialog_words(app: &App) -> String {
    render_text(app)
        .lines()
        .map(|l| {
            l.chars()
                .skip(3)
                .take(74)
                .map(|c| if c == '│' { ' ' } else { c })
                .collect::<String>()
        })
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Opens the environment actions menu on `env` and picks `letter` in it.
fn env_action(app: &mut App, env: &str, letter: char) {
    app_common::select_env(app, env);
    key(app, KeyCode::Char('x'));
    assert!(
        matches!(app.overlay, Some(Overlay::Menu(_))),
        "{}",
        render_text(app)
    );
    key(app, KeyCode::Char(letter));
    assert!(
        matches!(app.overlay, Some(Overlay::Dialog(_))),
        "{}",
        render_text(app)
    );
}

#[test]
fn a_long_role_names_error_reads_in_full_at_80x24() {
    let mut app = olga_at((80, 24));
    app.focus = PaneId::Roles;
    app.perform(Action::Add);
    assert!(render_text(&app).contains("New role"));
    typ(&mut app, &"r".repeat(70));
    let words = dialog_words(&app);
    assert!(
        words.contains("is longer than 64 characters"),
        "the limit the error names shows:\n{}",
        render_text(&app)
    );
    assert!(!words.contains("th…"), "{}", render_text(&app));
}

#[test]
fn negative_cloudlets_are_out_of_range_with_the_range_named() {
    let mut app = olga_at((80, 24));
    app.focus = PaneId::Envs;
    app.perform(Action::Add);
    key(&mut app, KeyCode::Char('e'));
    assert!(
        render_text(&app).contains("New environment"),
        "{}",
        render_text(&app)
    );
    typ(&mut app, "fresh-env");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "-1");
    let words = dialog_words(&app);
    assert!(!words.contains("not a whole number"), "{words}");
    assert!(
        words.contains("-1 is out of range (1 to 64, the owner's limit per environment)"),
        "{}",
        render_text(&app)
    );
    // A whole number too large for any count says the same.
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "99999999999999999999999");
    let words = dialog_words(&app);
    assert!(
        words.contains("is out of range (1 to 64"),
        "{}",
        render_text(&app)
    );
    // Text that is no number still says so.
    typ(&mut app, "x");
    assert!(dialog_words(&app).contains("is not a whole number"));
}

#[test]
fn attach_to_a_group_that_does_not_exist_shows_the_error_under_the_field() {
    let mut app = olga_at((80, 24));
    env_action(&mut app, "legacy-crm", 'A');
    typ(&mut app, "Nowhere");
    let text = render_text(&app);
    refusal_under(&text, "✕ NOT_FOUND", "Group", "Nowhere");
    // Submitting keeps the dialog open with the error; nothing goes to the status line.
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Some(Overlay::Dialog(_))), "{text}");
    assert!(render_text(&app).contains("✕ NOT_FOUND"));
    assert!(
        app.message
            .as_ref()
            .is_none_or(|m| !m.text.contains("NOT_FOUND")),
        "{:?}",
        app.message
    );
    // Typing goes on in the field.
    for _ in 0.."Nowhere".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "Testing");
    assert!(
        render_text(&app).contains("✓ ready"),
        "{}",
        render_text(&app)
    );
}

#[test]
fn transfer_to_an_unknown_account_shows_the_error_under_the_field() {
    let mut app = olga_at((80, 24));
    env_action(&mut app, "legacy-crm", 'T');
    typ(&mut app, "nobody@nowhere.io");
    let text = render_text(&app);
    refusal_under(&text, "✕ NOT_FOUND", "To", "nobody@nowhere.io");
}

#[test]
fn a_fields_hint_shows_only_while_the_field_is_empty() {
    for (letter, hint, typed) in [
        ('A', "a group of the environment's owner", "Testing"),
        ('T', "the new owner's email", "anna@acme.io"),
    ] {
        let mut app = olga_at((80, 24));
        env_action(&mut app, "legacy-crm", letter);
        assert!(dialog_words(&app).contains(hint), "{}", render_text(&app));
        typ(&mut app, &typed[..1]);
        assert!(!dialog_words(&app).contains(hint), "{}", render_text(&app));
        typ(&mut app, &typed[1..]);
        assert!(!dialog_words(&app).contains(hint), "{}", render_text(&app));
    }
    // Clone opens with a name filled in: its hint is not shown; emptied, it is.
    let mut app = olga_at((80, 24));
    env_action(&mut app, "legacy-crm", 'C');
    let hint = "[a-z0-9-], 3 to 32 characters";
    assert!(
        dialog_words(&app).contains("legacy-crm-copy"),
        "{}",
        render_text(&app)
    );
    assert!(!dialog_words(&app).contains(hint), "{}", render_text(&app));
    for _ in 0.."legacy-crm-copy".len() {
        key(&mut app, KeyCode::Backspace);
    }
    assert!(dialog_words(&app).contains(hint), "{}", render_text(&app));
}

// ----- inputs scroll by columns; a dialog is not wrong before it is touched ----------

/// The screen's line holding `needle`.
fn line_with(app: &App, needle: &str) -> String {
    let text = render_text(app);
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}:\n{text}"))
        .to_string()
}

#[test]
fn a_line_of_wide_characters_keeps_the_cursor_and_its_end_on_screen() {
    // The palette at 120x40: the end of the line and the cursor after it show.
    let mut app = olga_at((120, 40));
    key(&mut app, KeyCode::Char(':'));
    let typed = format!("role edit {} --description xyz", "日".repeat(45));
    typ(&mut app, &typed);
    let line = line_with(&app, "日日");
    assert!(line.contains("--description xyz▏"), "{line}");
    // ASCII of the same length scrolls alike.
    let mut app = olga_at((120, 40));
    key(&mut app, KeyCode::Char(':'));
    typ(
        &mut app,
        &format!("role edit {} --description xyz", "ab".repeat(45)),
    );
    assert!(line_with(&app, "abab").contains("--description xyz▏"));
    // The role editor's description at 80x24: the end of the text shows.
    let mut app = olga_at((80, 24));
    app.focus = PaneId::Roles;
    app.perform(Action::Add);
    key(&mut app, KeyCode::Tab);
    typ(&mut app, &format!("{}end", "説明".repeat(30)));
    let line = line_with(&app, "説明");
    assert!(line.contains("説明end"), "{line}\n{}", render_text(&app));
    // Moved into the middle, the cursor's character shows whole.
    for _ in 0..20 {
        key(&mut app, KeyCode::Left);
    }
    let line = line_with(&app, "説明");
    assert!(!line.contains("end"), "{line}");
}

/// Whether `text` holds a refusal: `✕ CODE: …`.
fn has_refusal(text: &str) -> bool {
    text.split("✕ ").skip(1).any(|rest| {
        rest.split_once(':').is_some_and(|(code, _)| {
            !code.is_empty() && code.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
    })
}

#[test]
fn a_form_just_opened_shows_its_hint_not_an_error_until_typed_or_submitted() {
    for (letter, hint) in [
        ('A', "a group of the environment's owner"),
        ('T', "the new owner's email"),
        ('C', ""),
    ] {
        let mut app = olga_at((80, 24));
        env_action(&mut app, "legacy-crm", letter);
        // Keys that move the cursor or delete nothing change no value.
        for code in [
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Delete,
        ] {
            key(&mut app, code);
        }
        ctrl(&mut app, 'a');
        ctrl(&mut app, 'e');
        if letter != 'C' {
            key(&mut app, KeyCode::Backspace);
            ctrl(&mut app, 'u');
            ctrl(&mut app, 'w');
            app.handle_event(ratatui::crossterm::event::Event::Paste(String::new()));
        }
        let words = dialog_words(&app);
        assert!(!has_refusal(&words), "{letter}: {}", render_text(&app));
        assert!(words.contains(hint), "{letter}: {}", render_text(&app));
        // On the last field Enter applies, and the hint line says so.
        assert!(
            hint_line(&app).contains("Enter apply"),
            "{}",
            hint_line(&app)
        );
        if letter != 'C' {
            ctrl(&mut app, 's');
            assert!(has_refusal(&dialog_words(&app)), "{}", render_text(&app));
        }
    }
}

#[test]
fn direct_access_back_at_its_start_shows_the_opening_hint_and_names_no_flag() {
    let mut app = olga_at((120, 40));
    app_common::select_env(&mut app, "legacy-crm");
    key(&mut app, KeyCode::Char('e'));
    let opening = render_text(&app);
    assert!(opening.contains("Direct access to legacy-crm"), "{opening}");
    assert!(
        opening.contains("choose a member and tick roles"),
        "{opening}"
    );
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(' '));
    assert!(
        render_text(&app).contains("✓ ready"),
        "{}",
        render_text(&app)
    );
    key(&mut app, KeyCode::Char(' '));
    let text = render_text(&app);
    assert!(!has_refusal(&text), "{text}");
    assert!(!text.contains("--role"), "{text}");
    assert!(text.contains("choose a member and tick roles"), "{text}");
    // Applying nothing says so in the dialog's words, never with a flag.
    ctrl(&mut app, 's');
    let text = render_text(&app);
    assert!(
        text.contains("✕ VALIDATION: roles: tick at least one role"),
        "{text}"
    );
    assert!(!text.contains("--"), "{text}");
}
