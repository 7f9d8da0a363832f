//! Shared helpers for the app's tests: the demo over a real state file, so that what
//! the app applies is saved (previews apply only to a file the app loaded).
#![allow(dead_code)]
#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking; its message is the report"
)]

use std::path::Path;

use collab::engine::Engine;
use collab::engine::demo::{DEMO_NOW, OWNER, demo_engine};
use collab::store::Store;
use collab::tui::app::App;
use collab::tui::config::Config;
use collab::tui::snapshot::NOWHERE;
use collab::workspace::{LOCK_WAIT, Workspace};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use tempfile::TempDir;

/// The demo written to the state file at `path`, as the app saves.
pub fn write_demo(path: &Path) {
    Store::new(path)
        .lock(LOCK_WAIT)
        .expect("lock")
        .save(&demo_engine().to_document())
        .expect("save the demo");
}

/// The app over the state file at `path`, opened the way the app opens one, signed
/// in as `email`, at `size`, with the demo's clock.
pub fn open_app(path: &Path, email: &str, size: (u16, u16)) -> App {
    let ws = Workspace::open(Store::new(path)).expect("open the state file");
    let me = ws.engine().platform().account_by_email(email);
    assert!(me.is_some(), "no account {email}");
    App::new(
        ws,
        me,
        Config::defaults(false),
        Box::new(|| DEMO_NOW),
        Rect::new(0, 0, size.0, size.1),
    )
}

/// The demo saved to a state file in a temporary directory, opened the way the app
/// opens one, signed in as `email`, at `size`. Keep the `TempDir` alive.
pub fn saving_app(email: &str, size: (u16, u16)) -> (TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    write_demo(&path);
    let app = open_app(&path, email, size);
    (dir, app)
}

/// One key press, without modifiers.
pub fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Types `text`, a key press per character.
pub fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Selects the first row of environment `name` in the Environments pane.
pub fn select_env(app: &mut App, name: &str) {
    key(app, KeyCode::Char('3'));
    key(app, KeyCode::Char('g'));
    for _ in 0..app.pane(collab::tui::component::PaneId::Envs).rows.len() {
        if let Some(e) = app.selected_env()
            && app.ws.engine().platform().env(e).name == name
        {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("no environment {name} in the Environments pane");
}

/// Applies the preview an undo or redo opens (as `y` does), if it opened one: a step
/// the engine refuses opens none and says why instead.
#[allow(
    dead_code,
    reason = "not every test file that shares this module undoes"
)]
pub fn confirm_step(app: &mut App) {
    use collab::tui::component::overlays::{Overlay, Proposed};
    if let Some(Overlay::Confirm(c)) = &app.overlay {
        assert!(
            matches!(c.what, Proposed::Step { .. }),
            "not a step's preview: {:?}",
            c.what
        );
        key(app, KeyCode::Char('y'));
    }
}

/// The app over `engine` (saving nowhere), signed in as the demo's owner when it has
/// that account, at `size`, with the config file whose text is `json`; and the
/// problems the config file had.
pub fn with_config_file(json: &str, engine: Engine, size: (u16, u16)) -> (App, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.json");
    std::fs::write(&path, json).expect("write the config");
    let config = Config::load(Some(&path), false);
    let problems = config.problems.clone();
    let ws = Workspace::with_engine(Store::new(NOWHERE), engine);
    let me = ws.engine().platform().account_by_email(OWNER);
    let mut app = App::new(
        ws,
        me,
        config,
        Box::new(|| DEMO_NOW),
        Rect::new(0, 0, size.0, size.1),
    );
    app.state_label = "state.json".into();
    (app, problems)
}
