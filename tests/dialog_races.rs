//! A dialog left open while another process writes the state file: a dialog that
//! edits an existing record (role, custom policy, member, direct access) never writes
//! back a value the user did not change over the newer record, and a change refused
//! because of another process's write sends the user back to the dialog with its
//! values. "From a shell" is the real binary writing the file the app has open.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod trust_common;

use collab::engine::StateDocument;
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use collab::tui::panes::{PaneId, RowKey};
use collab::tui::snapshot::render_text;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;
use trust_common::*;

const OLGA: &str = "olga@acme.io";
const ANNA: &str = "anna@acme.io";

fn demo_file() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("state.json");
    write_demo(&path);
    (dir, path)
}

/// Another process (`collab --state … --as olga@acme.io ARGS`), run from a shell.
fn script(path: &std::path::Path, args: &[&str]) {
    let mut all = vec!["--as", OLGA];
    all.extend_from_slice(args);
    let run = run_with(path, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
}

/// A script changes the file while a dialog is open; the app notices, and the dialog
/// says that `record` changed since it was opened. The screen after.
fn changed_under(app: &mut App, path: &std::path::Path, args: &[&str], record: &str) -> String {
    script(path, args);
    assert!(app.poll_external_change());
    let screen = render_text(app);
    assert!(
        screen.contains(&format!("{record} changed since you opened this dialog")),
        "{screen}"
    );
    screen
}

fn doc(path: &std::path::Path) -> StateDocument {
    parse_doc(&std::fs::read(path).expect("read the state file"))
}

fn ctrl_s(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

/// Moves the selection of `pane` (focused by its number key) down to the row `want`.
fn select(app: &mut App, pane: PaneId, number: char, want: RowKey) {
    key(app, KeyCode::Char(number));
    key(app, KeyCode::Char('g'));
    for _ in 0..app.pane(pane).rows.len() {
        if app.selected(pane) == Some(want) {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("no row {want:?} in {pane:?}");
}

fn select_role(app: &mut App, name: &str) {
    let p = app.ws.engine().platform();
    let olga = p.account_by_email(OLGA).expect("olga");
    let role = p.role_by_name(olga, name).expect("role");
    select(app, PaneId::Roles, '4', RowKey::Role(role));
}

fn select_member(app: &mut App, email: &str) {
    let p = app.ws.engine().platform();
    let olga = p.account_by_email(OLGA).expect("olga");
    let member = p.account_by_email(email).expect("member");
    let c = p.collab_of(olga, member).expect("collab");
    select(app, PaneId::Members, '2', RowKey::Member(c));
}

fn is_dialog(app: &App) -> bool {
    matches!(app.overlay, Some(Overlay::Dialog(_)))
}

fn is_confirm(app: &App) -> bool {
    matches!(app.overlay, Some(Overlay::Confirm(_)))
}

fn role<'a>(doc: &'a StateDocument, name: &str) -> &'a collab::engine::RoleDoc {
    doc.roles
        .iter()
        .find(|r| r.owner == OLGA && r.name == name)
        .expect("role")
}

/// The shares of olga's member `email`, as `target=roles` (`target` when ticked
/// without roles).
fn shares(doc: &StateDocument, email: &str) -> Vec<String> {
    let c = doc
        .collaborations
        .iter()
        .find(|c| c.owner == OLGA && c.member == email)
        .expect("member");
    c.shares
        .iter()
        .map(|s| {
            if s.roles.is_empty() {
                s.target.clone()
            } else {
                format!("{}={}", s.target, s.roles.join("+"))
            }
        })
        .collect()
}

fn member_name(doc: &StateDocument, email: &str) -> String {
    doc.collaborations
        .iter()
        .find(|c| c.owner == OLGA && c.member == email)
        .expect("member")
        .name
        .clone()
}

const VIEWER_BY_SCRIPT: [&str; 13] = [
    "role",
    "edit",
    "Viewer",
    "--description",
    "by script",
    "--policy",
    "fs.view",
    "--policy",
    "logs.view",
    "--policy",
    "stats.view",
    "--policy",
    "billing.view",
];

/// Finding 1, role editor: the tester's steps. The app reloads while the editor is
/// open; the editor shows the script's description and policies, says what changed,
/// and the user's change (notify) is applied on top of the script's.
#[test]
fn a_role_editor_left_open_while_a_script_edits_the_role_keeps_the_scripts_change() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    select_role(&mut app, "Viewer");
    key(&mut app, KeyCode::Char('e'));
    assert!(is_dialog(&app), "{}", render_text(&app));
    let screen = changed_under(&mut app, &path, &VIEWER_BY_SCRIPT, "role Viewer");
    assert!(screen.contains("by script"), "{screen}");
    assert!(screen.contains("4 ticked"), "{screen}");
    assert!(screen.contains("dialog (another process)"), "{screen}");
    // What changed (the notice wraps at the dialog's border).
    assert!(screen.contains("description, +policy"), "{screen}");
    assert!(
        screen.contains("billing.view; it shows the new values"),
        "{screen}"
    );
    // Shift-Tab to Notify, Space ticks it, Ctrl-s previews: only notify changes.
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char(' '));
    ctrl_s(&mut app);
    assert!(is_confirm(&app), "{}", render_text(&app));
    let preview = render_text(&app);
    assert!(!preview.contains("-billing.view"), "{preview}");
    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none(), "{}", render_text(&app));
    let doc = doc(&path);
    let viewer = role(&doc, "Viewer");
    assert_eq!(viewer.description, "by script");
    assert!(viewer.notify, "the user's change is applied");
    assert_eq!(
        viewer.policies,
        ["billing.view", "fs.view", "logs.view", "stats.view"]
    );
}

/// Finding 1, role editor, the file written after the preview was shown and before
/// `y` (the app has not looked at the file yet): nothing is applied, the editor comes
/// back brought up to date, and applying it again keeps the script's change.
#[test]
fn a_role_edit_confirmed_after_a_script_edited_the_role_goes_back_to_the_editor() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    select_role(&mut app, "Viewer");
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char(' '));
    ctrl_s(&mut app);
    assert!(is_confirm(&app), "{}", render_text(&app));
    script(&path, &VIEWER_BY_SCRIPT);
    key(&mut app, KeyCode::Char('y'));
    // Nothing applied: the script's role stands, and the editor is back, up to date.
    let viewer = role(&doc(&path), "Viewer").clone();
    assert_eq!(viewer.description, "by script");
    assert!(!viewer.notify);
    assert!(is_dialog(&app), "{}", render_text(&app));
    let screen = render_text(&app);
    assert!(screen.contains("by script"), "{screen}");
    assert!(screen.contains("[x] receives load alerts"), "{screen}");
    assert!(
        screen.contains("changed since you opened this dialog"),
        "{screen}"
    );
    ctrl_s(&mut app);
    assert!(is_confirm(&app), "{}", render_text(&app));
    key(&mut app, KeyCode::Char('y'));
    let viewer = role(&doc(&path), "Viewer").clone();
    assert_eq!(viewer.description, "by script");
    assert!(viewer.notify);
    assert!(viewer.policies.contains(&"billing.view".to_string()));
}

/// Finding 1, member editor: the tester's steps. The script renames anna and adds a
/// direct entry; in the app Space unticks the selected item (Environments) and the
/// change is applied on top: the script's name and entry stay.
#[test]
fn a_member_editor_left_open_while_a_script_edits_the_member_keeps_the_scripts_change() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    select_member(&mut app, ANNA);
    key(&mut app, KeyCode::Char('e'));
    assert!(is_dialog(&app), "{}", render_text(&app));
    let screen = changed_under(
        &mut app,
        &path,
        &[
            "member",
            "edit",
            ANNA,
            "--name",
            "Renamed By Script",
            "--share",
            "envs=Viewer",
            "--share",
            "groups=User",
            "--share",
            "env:status-page=Admin",
        ],
        "member anna@acme.io",
    );
    assert!(screen.contains("Renamed By Script"), "{screen}");
    key(&mut app, KeyCode::Char(' '));
    ctrl_s(&mut app);
    assert!(is_confirm(&app), "{}", render_text(&app));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none(), "{}", render_text(&app));
    let doc = doc(&path);
    assert_eq!(member_name(&doc, ANNA), "Renamed By Script");
    assert_eq!(
        shares(&doc, ANNA),
        ["groups=User", "env:status-page=Admin"],
        "Environments unticked by the user; the script's entry kept"
    );
}

/// Finding 1, member editor with an item's role picker open: the script changes the
/// member; the picker shows its item's roles as they are now, and what the user ticks
/// there is added to them.
#[test]
fn a_member_editors_role_picker_left_open_while_a_script_edits_the_member_keeps_the_scripts_change()
{
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    select_member(&mut app, ANNA);
    key(&mut app, KeyCode::Char('e'));
    // Enter on the selected item (Environments, Viewer) opens its role picker.
    key(&mut app, KeyCode::Enter);
    assert!(
        render_text(&app).contains("Roles for Environments (all)"),
        "{}",
        render_text(&app)
    );
    script(
        &path,
        &[
            "member",
            "edit",
            ANNA,
            "--name",
            "Renamed By Script",
            "--share",
            "envs=User",
            "--share",
            "groups=User",
            "--share",
            "env:status-page=Admin",
        ],
    );
    assert!(app.poll_external_change());
    let screen = render_text(&app);
    assert!(screen.contains("Roles for Environments (all)"), "{screen}");
    assert!(screen.contains("1 ticked"), "{screen}");
    // The user ticks Viewer too (the last role) beside the script's User, Enter keeps
    // them, Ctrl-s previews, y applies: the script's changes stay.
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char(' '));
    assert!(
        render_text(&app).contains("2 ticked"),
        "{}",
        render_text(&app)
    );
    key(&mut app, KeyCode::Enter);
    ctrl_s(&mut app);
    assert!(is_confirm(&app), "{}", render_text(&app));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none(), "{}", render_text(&app));
    let doc = doc(&path);
    assert_eq!(member_name(&doc, ANNA), "Renamed By Script");
    assert_eq!(
        shares(&doc, ANNA),
        ["envs=User+Viewer", "groups=User", "env:status-page=Admin"]
    );
}

/// Finding 1, custom policy editor: the script changes the description and the
/// methods; the method the user ticks is added to the script's list.
#[test]
fn a_policy_editor_left_open_while_a_script_edits_the_policy_keeps_the_scripts_change() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    let p = app.ws.engine().platform();
    let olga = p.account_by_email(OLGA).expect("olga");
    let ship = p
        .custom_policy_by_name(olga, "Ship Releases")
        .expect("policy");
    select(
        &mut app,
        PaneId::Roles,
        '4',
        RowKey::Policy(collab::engine::PolicyRef::Custom(ship)),
    );
    key(&mut app, KeyCode::Char('e'));
    assert!(is_dialog(&app), "{}", render_text(&app));
    let screen = changed_under(
        &mut app,
        &path,
        &[
            "policy",
            "edit",
            "Ship Releases",
            "--description",
            "by script",
            "--method",
            "env.deployment.Deploy",
            "--method",
            "env.control.GetStats",
        ],
        "policy Ship Releases",
    );
    assert!(screen.contains("by script"), "{screen}");
    // The user searches for a method and ticks it.
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "GetSSHAccessInfo");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char(' '));
    ctrl_s(&mut app);
    assert!(is_confirm(&app), "{}", render_text(&app));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none(), "{}", render_text(&app));
    let doc = doc(&path);
    let ship = doc
        .policies
        .iter()
        .find(|p| p.owner == OLGA && p.name == "Ship Releases")
        .expect("policy");
    assert_eq!(ship.description, "by script");
    let mut methods = ship.methods.clone();
    methods.sort();
    assert_eq!(
        methods,
        [
            "env.control.GetSSHAccessInfo",
            "env.control.GetStats",
            "env.deployment.Deploy"
        ]
    );
}

/// Finding 1, direct access: the dialog is open on anna for status-page (no direct
/// entry); the script gives anna a direct Admin entry; the dialog shows it, and the
/// role the user ticks is added to it, not put in its place.
#[test]
fn a_direct_access_dialog_left_open_while_a_script_sets_the_entry_keeps_the_scripts_change() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    select_env(&mut app, "status-page");
    key(&mut app, KeyCode::Char('e'));
    assert!(is_dialog(&app), "{}", render_text(&app));
    assert!(render_text(&app).contains("anna@acme.io on status-page: base Viewer"));
    changed_under(
        &mut app,
        &path,
        &[
            "share",
            "set",
            "status-page",
            "--member",
            ANNA,
            "--role",
            "Admin",
        ],
        "anna@acme.io's direct access to status-page",
    );
    // Enter goes to the roles; the user ticks Viewer (the list is by name: Accountant,
    // Admin, Deployer, Developer, User, Viewer).
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char(' '));
    ctrl_s(&mut app);
    assert!(is_confirm(&app), "{}", render_text(&app));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none(), "{}", render_text(&app));
    assert_eq!(
        shares(&doc(&path), ANNA),
        ["envs=Viewer", "groups=User", "env:status-page=Admin+Viewer"]
    );
}

/// Finding 2: an invitation previewed, then the same member invited from a shell;
/// `y` is refused, and the user is back in the dialog with its values and the
/// refusal beside the email.
#[test]
fn a_change_refused_at_apply_goes_back_to_its_dialog_with_its_values() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('i'));
    assert!(is_dialog(&app), "{}", render_text(&app));
    typ(&mut app, "new4@acme.io");
    key(&mut app, KeyCode::Tab);
    typ(&mut app, "Four");
    ctrl_s(&mut app);
    assert!(is_confirm(&app), "{}", render_text(&app));
    assert!(
        render_text(&app).contains("invited"),
        "{}",
        render_text(&app)
    );
    script(
        &path,
        &["member", "invite", "new4@acme.io", "--share", "envs=Viewer"],
    );
    assert!(app.poll_external_change());
    key(&mut app, KeyCode::Char('y'));
    assert!(is_dialog(&app), "{}", render_text(&app));
    assert!(message(&app).contains("DUPLICATE"), "{}", message(&app));
    let screen = render_text(&app);
    let lines: Vec<&str> = screen.lines().collect();
    let email = lines
        .iter()
        .position(|l| l.contains("new4@acme.io") && !l.contains("DUPLICATE"))
        .expect("the email typed is still there");
    assert!(
        lines[email + 1..email + 3]
            .iter()
            .any(|l| l.contains("✕ DUPLICATE")),
        "the refusal shows beside the email:\n{screen}"
    );
    assert!(screen.contains("Four"), "{screen}");
    // The user's invitation was not applied over the script's.
    let doc = doc(&path);
    assert_eq!(member_name(&doc, "new4@acme.io"), "new4");
}

/// The rename of a group left open while a script renames that group: the form says
/// the group it edits is gone (as the role editor does for a role renamed away),
/// keeps what the user typed, and applies nothing over the script's rename.
#[test]
fn a_group_rename_left_open_while_a_script_renames_the_group_says_it_is_gone() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    let p = app.ws.engine().platform();
    let olga = p.account_by_email(OLGA).expect("olga");
    let testing = p.group_by_path(olga, "Testing").expect("group");
    select(&mut app, PaneId::Envs, '3', RowKey::Group(testing));
    key(&mut app, KeyCode::Char('e'));
    assert!(is_dialog(&app), "{}", render_text(&app));
    assert!(render_text(&app).contains("Rename group Testing"));
    for _ in 0.."Testing".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "QA-lab");
    // Nothing changed under it yet: no notice.
    assert!(!render_text(&app).contains("changed since you opened"));
    let screen = changed_under(
        &mut app,
        &path,
        &["group", "rename", "Testing", "Quality"],
        "group Testing",
    );
    assert!(is_dialog(&app), "{screen}");
    assert!(
        screen.contains("it is gone (deleted or renamed)"),
        "{screen}"
    );
    assert!(
        screen.contains("QA-lab"),
        "what the user typed stays:\n{screen}"
    );
    // Applying it renames nothing: the script's rename stands.
    ctrl_s(&mut app);
    let groups: Vec<String> = doc(&path)
        .groups
        .iter()
        .filter(|g| g.owner == OLGA)
        .map(|g| g.path.clone())
        .collect();
    assert!(groups.contains(&"Quality".to_string()), "{groups:?}");
    assert!(!groups.iter().any(|g| g.contains("QA-lab")), "{groups:?}");
}

/// The rename of a group left open while a script changes another record: the form
/// keeps its value and says nothing, and its rename applies.
#[test]
fn a_group_rename_left_open_while_a_script_changes_something_else_applies() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    let p = app.ws.engine().platform();
    let olga = p.account_by_email(OLGA).expect("olga");
    let testing = p.group_by_path(olga, "Testing").expect("group");
    select(&mut app, PaneId::Envs, '3', RowKey::Group(testing));
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "s");
    script(&path, &["group", "rename", "Staging", "Stage"]);
    assert!(app.poll_external_change());
    let screen = render_text(&app);
    assert!(!screen.contains("changed since you opened"), "{screen}");
    ctrl_s(&mut app);
    assert!(app.overlay.is_none(), "{}", render_text(&app));
    let groups: Vec<String> = doc(&path).groups.iter().map(|g| g.path.clone()).collect();
    assert!(groups.contains(&"Testins".to_string()), "{groups:?}");
    assert!(groups.contains(&"Stage".to_string()), "{groups:?}");
}
