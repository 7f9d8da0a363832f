//! The app's doors, as a hostile tester found them: the palette's Tab completion
//! writes a line its parser reads back (names with spaces, open quotes, hostile
//! names); a refused environment action in the actions menu goes through the engine
//! (a denied task) as the palette's does; a refused `env do` stays in the palette's
//! line; the footer shows redo, and keeps undo, redo, help and quit at narrow widths;
//! signed out, the keys that cannot work show dimmed and say why; at 80 columns the
//! header keeps the word "demo".

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod app_common;

use app_common::{key, open_app, select_env, typ, write_demo};
use collab::engine::demo::{DEMO_NOW, EXAMPLE2_ENV, EXAMPLE2_MEMBER, OWNER, demo_engine};
use collab::engine::{Command, Engine};
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use collab::tui::snapshot::{app_for, render_text};
use ratatui::crossterm::event::KeyCode;

fn screen(app: &App) -> String {
    render_text(app)
}

fn footer(app: &App) -> String {
    screen(app).lines().last().unwrap_or_default().to_string()
}

fn header(app: &App) -> String {
    screen(app).lines().next().unwrap_or_default().to_string()
}

/// The demo with a role of the owner's named `name`, in memory, as the owner.
fn with_role(name: &str) -> App {
    let mut engine: Engine = demo_engine();
    let olga = engine.platform().account_by_email(OWNER).expect("owner");
    let policy = engine.platform().policy_rows(Some(olga))[0].id.clone();
    engine
        .execute(
            Some(olga),
            &Command::AddRole {
                name: name.to_string(),
                policies: vec![policy],
                description: None,
                notify: false,
            },
            DEMO_NOW,
        )
        .expect("add the role");
    app_for(engine, Some(olga), (120, 40), DEMO_NOW)
}

/// The palette's line as it stands.
fn palette_line(app: &App) -> String {
    match &app.overlay {
        Some(Overlay::Palette(p)) => p.input.value.clone(),
        _ => panic!("the palette is open:\n{}", screen(app)),
    }
}

fn palette_error(app: &App) -> Option<String> {
    match &app.overlay {
        Some(Overlay::Palette(p)) => p.error.clone(),
        _ => None,
    }
}

/// Types `typed` in the palette, presses Tab, and returns the line; then Enter, and
/// checks that the line parsed and named the role (the deletion's confirmation opens).
fn tab_then_enter(name: &str, typed: &str) -> String {
    let mut app = with_role(name);
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, typed);
    key(&mut app, KeyCode::Tab);
    let line = palette_line(&app);
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay, Some(Overlay::Confirm(_))),
        "{typed:?} Tab gave {line:?}, which does not run: {:?}\n{}",
        palette_error(&app),
        screen(&app)
    );
    assert!(screen(&app).contains("delete"), "{}", screen(&app));
    line
}

// ----- 1. Tab completion writes a line the parser reads ------------------------------

#[test]
fn tab_quotes_a_completed_name_with_spaces_so_the_line_runs() {
    let line = tab_then_enter("Backend Auditor", "role delete Backe");
    assert_eq!(line, "role delete 'Backend Auditor' ");
}

#[test]
fn tab_reads_the_unquoted_words_of_a_name_together() {
    let line = tab_then_enter("Backend Auditor", "role delete Backend A");
    assert_eq!(line, "role delete 'Backend Auditor' ");
}

#[test]
fn tab_completes_inside_an_open_quote_and_closes_it() {
    let line = tab_then_enter("Backend Auditor", "role delete 'Backend Au");
    assert_eq!(line, "role delete 'Backend Auditor' ");
    let line = tab_then_enter("Backend Auditor", "role delete \"Backend Au");
    assert_eq!(line, "role delete \"Backend Auditor\" ");
    // The whole name typed in an open quote: Tab closes the quote.
    let line = tab_then_enter("Backend Auditor", "role delete 'Backend Auditor");
    assert_eq!(line, "role delete 'Backend Auditor' ");
}

#[test]
fn tab_writes_hostile_names_as_words_the_parser_reads_back() {
    for (name, typed) in [
        ("It's \"Ops\" Team", "role delete It"),
        ("\u{301}Accent Role", "role delete '\u{301}Acc"),
        ("Zwölf\u{300} Ämter", "role delete Zwö"),
    ] {
        let line = tab_then_enter(name, typed);
        assert!(line.starts_with("role delete "), "{line}");
    }
}

// ----- 2. a refused action in the actions menu goes through the engine -----------------

/// The demo in a state file, as ivan, whose direct Viewer on shop-prod refuses `edit`.
fn ivan() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    write_demo(&path);
    let app = open_app(&path, EXAMPLE2_MEMBER, (120, 40));
    (dir, app)
}

/// The newest task: (outcome, initiator, environment, method).
fn last_task(app: &App) -> (String, String, Option<String>, String) {
    let doc = app.ws.engine().to_document();
    let t = doc.tasks.last().expect("a task");
    (
        t.outcome.clone(),
        t.initiator.clone(),
        t.env.clone(),
        t.method.clone(),
    )
}

fn tasks(app: &App) -> usize {
    app.ws.engine().platform().tasks().len()
}

#[test]
fn enter_on_a_refused_menu_action_runs_it_through_the_engine_and_records_the_attempt() {
    let (_dir, mut app) = ivan();
    select_env(&mut app, EXAMPLE2_ENV);
    let before = tasks(&app);
    key(&mut app, KeyCode::Char('x'));
    // Its letter selects the refused item and says why; nothing is attempted yet.
    key(&mut app, KeyCode::Char('e'));
    let text = screen(&app);
    assert!(text.contains("✕ edit"), "{text}");
    assert!(text.contains("needs env.edit"), "{text}");
    assert_eq!(tasks(&app), before, "a letter only says why");
    // Enter attempts it, as the palette and the command line do.
    key(&mut app, KeyCode::Enter);
    assert_eq!(tasks(&app), before + 1, "one denied task:\n{}", screen(&app));
    assert_eq!(
        last_task(&app),
        (
            "denied".to_string(),
            EXAMPLE2_MEMBER.to_string(),
            Some(EXAMPLE2_ENV.to_string()),
            "env.control.ChangeTopology".to_string()
        )
    );
    let text = screen(&app);
    assert!(
        text.contains("✕ PERMISSION_DENIED: you don't have enough permissions"),
        "the refusal shows:\n{text}"
    );
    assert!(header(&app).ends_with("✓ saved"), "{}", header(&app));
}

// ----- 3. a refused `env do` stays in the palette's line --------------------------------

#[test]
fn a_refused_env_do_in_the_palette_stays_in_the_line_with_the_reason_and_is_recorded() {
    let (_dir, mut app) = ivan();
    let before = tasks(&app);
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, &format!("env do {EXAMPLE2_ENV} edit"));
    key(&mut app, KeyCode::Enter);
    let why = palette_error(&app).unwrap_or_else(|| {
        panic!(
            "the palette stays open with the reason:\n{}",
            screen(&app)
        )
    });
    assert!(why.starts_with("PERMISSION_DENIED: you don't have enough permissions"), "{why}");
    assert_eq!(palette_line(&app), format!("env do {EXAMPLE2_ENV} edit"));
    assert!(screen(&app).contains("✕ PERMISSION_DENIED"), "{}", screen(&app));
    assert!(
        app.message.as_ref().is_none_or(|m| !m.error),
        "the reason is in the line, not on the message line: {:?}",
        app.message
    );
    assert_eq!(tasks(&app), before + 1, "the attempt is recorded");
    assert_eq!(last_task(&app).0, "denied");
}
