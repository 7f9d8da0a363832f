//! Snapshots of the terminal app's screens: every view of `collab snapshot`, the
//! member's perspective, the too-small screen, the confirmation and the preview, and
//! a few screens reached by key presses. Each renders the demo into a buffer at a
//! fixed size and a fixed clock (`DEMO_NOW`) without colour (`Config::defaults(false)`,
//! as with NO_COLOR) and compares the text with a reviewed file in `tests/snapshots/`.
//!
//! To accept a change: `INSTA_UPDATE=always cargo test --test tui_snapshots` (or
//! `cargo insta review`), then read every changed `.snap` like code.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::doc_markdown,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

use collab::engine::demo::{
    DEMO_NOW, DENIED_ENV, EXAMPLE1_ENV, EXAMPLE1_MEMBER, EXAMPLE3_MEMBER, OWNER, SUSPENDED_MEMBER,
    demo_engine,
};
use collab::store::Store;
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use collab::tui::config::Config;
use collab::tui::panes::{self, PaneId, RowKey};
use collab::tui::snapshot::{VIEWS, app_for, enter_view, render_text};
use collab::workspace::{LOCK_WAIT, Workspace};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use tempfile::TempDir;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The views of `snapshot::VIEWS` that have snapshots here: every one.
const SNAPSHOT_VIEWS: [&str; 20] = [
    "members",
    "accounts",
    "envs",
    "roles",
    "inspector",
    "lens",
    "why",
    "help",
    "tasks",
    "actions",
    "palette",
    "invite",
    "role-editor",
    "policy-editor",
    "direct-access",
    "new-env",
    "confirm",
    "review",
    "matrix",
    "history",
];

fn demo_as(email: &str, size: (u16, u16)) -> App {
    let engine = demo_engine();
    let me = engine
        .platform()
        .account_by_email(email)
        .expect("demo account");
    app_for(engine, Some(me), size, DEMO_NOW)
}

/// The demo over a real state file in a temporary directory, for screens that follow
/// an applied change. The header shows "state.json" as in every other snapshot.
fn saving_app(email: &str, size: (u16, u16)) -> (TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    Store::new(&path)
        .lock(LOCK_WAIT)
        .expect("lock")
        .save(&demo_engine().to_document())
        .expect("save the demo");
    let ws = Workspace::open(Store::new(&path)).expect("open");
    let me = ws.engine().platform().account_by_email(email);
    let mut app = App::new(
        ws,
        me,
        Config::defaults(false),
        Box::new(|| DEMO_NOW),
        Rect::new(0, 0, size.0, size.1),
    );
    app.state_label = "state.json".into();
    (dir, app)
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Moves the focused pane's selection to the first row whose label starts with
/// `prefix`, pressing `j` from the top.
fn select_row(app: &mut App, prefix: &str) {
    key(app, KeyCode::Char('g'));
    let focus = app.focus;
    for _ in 0..app.pane(focus).rows.len() {
        let k = app.selected(focus).expect("a row");
        if panes::label(app.ws.engine().platform(), app.me, k).starts_with(prefix) {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("no row starting with {prefix:?} in {focus:?}");
}

fn select_env(app: &mut App, name: &str) {
    key(app, KeyCode::Char('3'));
    select_row(app, name);
    assert!(app.selected_env().is_some());
}

fn name(what: &str, (w, h): (u16, u16)) -> String {
    format!("{what}_{w}x{h}")
}

/// Renders and checks the basic shape before comparing with the snapshot.
fn check(app: &App, snapshot: &str) {
    let text = render_text(app);
    assert_eq!(
        text.lines().count(),
        app.size.height as usize,
        "one line per row"
    );
    assert!(
        text.lines()
            .all(|l| l.chars().count() <= app.size.width as usize),
        "nothing wider than the screen"
    );
    insta::assert_snapshot!(snapshot.to_string(), text);
}

// ----- every view of `collab snapshot` -----------------------------------------------

#[test]
fn every_snapshot_view_is_covered() {
    for v in VIEWS {
        assert!(SNAPSHOT_VIEWS.contains(&v), "view {v} has no snapshot test");
    }
}

fn view_snapshots(view: &str) {
    for size in SIZES {
        let mut app = demo_as(OWNER, size);
        enter_view(&mut app, view).expect("a known view");
        check(&app, &name(view, size));
    }
}

#[test]
fn view_members() {
    view_snapshots("members");
}

#[test]
fn view_accounts() {
    view_snapshots("accounts");
}

#[test]
fn view_envs() {
    view_snapshots("envs");
}

#[test]
fn view_roles() {
    view_snapshots("roles");
}

#[test]
fn view_inspector() {
    view_snapshots("inspector");
}

#[test]
fn view_lens() {
    view_snapshots("lens");
}

#[test]
fn view_why() {
    view_snapshots("why");
}

#[test]
fn view_help() {
    view_snapshots("help");
}

#[test]
fn view_review() {
    view_snapshots("review");
}

#[test]
fn view_matrix() {
    view_snapshots("matrix");
}

#[test]
fn view_history() {
    view_snapshots("history");
}

#[test]
fn view_tasks() {
    view_snapshots("tasks");
}

#[test]
fn view_actions() {
    view_snapshots("actions");
}

#[test]
fn view_palette() {
    view_snapshots("palette");
}

#[test]
fn view_invite_dialog() {
    view_snapshots("invite");
}

#[test]
fn view_role_editor() {
    view_snapshots("role-editor");
}

#[test]
fn view_policy_editor() {
    view_snapshots("policy-editor");
}

#[test]
fn view_direct_access_dialog() {
    view_snapshots("direct-access");
}

#[test]
fn view_new_environment_dialog() {
    view_snapshots("new-env");
}

#[test]
fn view_confirmation() {
    view_snapshots("confirm");
}

// ----- the member's perspective --------------------------------------------------------

#[test]
fn member_perspective_maria() {
    for size in SIZES {
        for view in ["members", "envs"] {
            let mut app = demo_as(EXAMPLE3_MEMBER, size);
            enter_view(&mut app, view).expect("a known view");
            check(&app, &name(&format!("maria_{view}"), size));
        }
    }
}

#[test]
fn member_perspective_anna_of_two_owners() {
    for size in SIZES {
        for view in ["members", "envs"] {
            let mut app = demo_as(EXAMPLE1_MEMBER, size);
            enter_view(&mut app, view).expect("a known view");
            check(&app, &name(&format!("anna_{view}"), size));
        }
    }
}

#[test]
fn member_inspector_of_a_shared_environment() {
    let size = (120, 40);
    let mut app = demo_as(EXAMPLE3_MEMBER, size);
    select_env(&mut app, "billing-db");
    check(&app, &name("maria_inspector_billing_db", size));
}

// ----- the too-small screen ------------------------------------------------------------

#[test]
fn too_small_screens() {
    for size in [(60, 20), (79, 24), (80, 23), (1, 1)] {
        let app = demo_as(OWNER, size);
        check(&app, &name("too_small", size));
    }
}

// ----- confirmation and preview ----------------------------------------------------------

#[test]
fn confirmation_of_a_suspension_with_cancel_focused() {
    for size in SIZES {
        let mut app = demo_as(OWNER, size);
        key(&mut app, KeyCode::Char('2'));
        select_row(&mut app, EXAMPLE1_MEMBER);
        key(&mut app, KeyCode::Char('s'));
        let Some(Overlay::Confirm(c)) = &app.overlay else {
            panic!("s asks for confirmation");
        };
        assert!(!c.apply_focused);
        check(&app, &name("confirm_suspend", size));
    }
}

#[test]
fn preview_of_an_activation() {
    for size in SIZES {
        let mut app = demo_as(OWNER, size);
        key(&mut app, KeyCode::Char('2'));
        select_row(&mut app, SUSPENDED_MEMBER);
        key(&mut app, KeyCode::Char('s'));
        let Some(Overlay::Confirm(c)) = &app.overlay else {
            panic!("s previews the activation");
        };
        assert!(c.apply_focused);
        check(&app, &name("preview_activate", size));
    }
}

#[test]
fn preview_of_an_invitation_from_the_palette() {
    let size = (120, 40);
    let mut app = demo_as(OWNER, size);
    key(&mut app, KeyCode::Char(':'));
    typ(
        &mut app,
        "member invite new@acme.io --share group:Staging=Viewer",
    );
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Confirm(_))));
    check(&app, &name("preview_invite", size));
}

// ----- screens reached by keys -----------------------------------------------------------

#[test]
fn keys_help_searched() {
    let size = (120, 40);
    let mut app = demo_as(OWNER, size);
    key(&mut app, KeyCode::Char('?'));
    typ(&mut app, "member");
    check(&app, &name("keys_help_search_member", size));
}

#[test]
fn keys_accounts_filtered() {
    let size = (80, 24);
    let mut app = demo_as(OWNER, size);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "acme");
    check(&app, &name("keys_accounts_filter_acme", size));
}

#[test]
fn keys_denied_action_says_why() {
    let size = (120, 40);
    let mut app = demo_as(EXAMPLE1_MEMBER, size);
    select_env(&mut app, EXAMPLE1_ENV);
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Char('r'));
    check(&app, &name("keys_anna_actions_restart_denied", size));
}

#[test]
fn keys_inspector_focused_and_scrolled() {
    // At 80x24 an environment's collaboration table does not fit: 5 focuses the
    // inspector, the move keys scroll it, and its border shows the position.
    let size = (80, 24);
    let mut app = demo_as(OWNER, size);
    enter_view(&mut app, "inspector").expect("view");
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::PageDown);
    check(&app, &name("keys_inspector_scrolled", size));
}

#[test]
fn keys_palette_query() {
    let size = (120, 40);
    let mut app = demo_as(OWNER, size);
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, &format!("who {DENIED_ENV}"));
    key(&mut app, KeyCode::Enter);
    check(&app, &name("keys_palette_who_shop_prod", size));
}

#[test]
fn keys_signed_in_as_a_member_after_enter() {
    let size = (120, 40);
    let mut app = demo_as(OWNER, size);
    key(&mut app, KeyCode::Char('1'));
    select_row(&mut app, EXAMPLE3_MEMBER);
    key(&mut app, KeyCode::Enter);
    check(&app, &name("keys_signed_in_as_maria", size));
}

#[test]
fn keys_member_expanded_to_its_share_entries() {
    let size = (120, 40);
    let mut app = demo_as(OWNER, size);
    key(&mut app, KeyCode::Char('2'));
    select_row(&mut app, EXAMPLE3_MEMBER);
    key(&mut app, KeyCode::Enter);
    assert!(
        app.pane(PaneId::Members)
            .rows
            .iter()
            .any(|r| matches!(r.key, RowKey::Share(..))),
        "Enter expands the member"
    );
    check(&app, &name("keys_maria_expanded", size));
}

#[test]
fn keys_tour_new_member_sees_what_is_shared() {
    let size = (120, 40);
    let (_dir, mut app) = saving_app(OWNER, size);
    key(&mut app, KeyCode::Char(':'));
    typ(
        &mut app,
        "member invite new@acme.io --share group:Staging=Viewer",
    );
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('1'));
    select_row(&mut app, "new@acme.io");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('y'));
    key(&mut app, KeyCode::Enter);
    select_env(&mut app, "shop-staging");
    check(&app, &name("keys_tour_new_member_envs", size));
}

#[test]
fn keys_tasks_as_a_member() {
    let size = (120, 40);
    let mut app = demo_as(EXAMPLE1_MEMBER, size);
    key(&mut app, KeyCode::Char('t'));
    check(&app, &name("keys_tasks_as_anna", size));
}

// ----- without colour --------------------------------------------------------------------

/// Every view draws without a single colour when colour is off (NO_COLOR), and the
/// selection still shows: a `›` marker and reversed video in the focused pane.
#[test]
fn no_color_means_no_colour_and_the_selection_still_shows() {
    for view in SNAPSHOT_VIEWS {
        let mut app = demo_as(OWNER, (120, 40));
        enter_view(&mut app, view).expect("a known view");
        let mut buf = Buffer::empty(app.size);
        collab::tui::draw::render(&app, app.size, &mut buf);
        for cell in buf.content() {
            assert!(
                cell.fg == Color::Reset && cell.bg == Color::Reset,
                "{view}: a coloured cell {cell:?}"
            );
        }
        if app.overlay.is_none() && app.views.open().is_none() {
            let reversed = buf
                .content()
                .iter()
                .filter(|c| c.modifier.contains(Modifier::REVERSED))
                .count();
            assert!(reversed > 0, "{view}: the selection is not drawn");
        }
    }
}
