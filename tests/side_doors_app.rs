//! The side doors of issue 8, app side: undo as the signed-in account, the lens shows
//! effective access, the signed-in account and a confirmation survive another
//! process writing the file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod trust_common;

use collab::engine::demo::{DEMO_NOW, demo_engine};
use collab::engine::{CollabStatus, Command, Level, MemberOp};
use collab::tui::component::overlays::Overlay;
use collab::tui::panes::{PaneId, RowKey};
use collab::tui::snapshot::{app_for, render_text};
use collab::workspace::Workspace;
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;
use trust_common::*;

const OLGA: &str = "olga@acme.io";
const ANNA: &str = "anna@acme.io";
const IVAN: &str = "ivan@acme.io";

fn demo_file() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("state.json");
    write_demo(&path);
    (dir, path)
}

fn status(app: &collab::tui::app::App, owner: &str, member: &str) -> CollabStatus {
    let p = app.ws.engine().platform();
    let o = p.account_by_email(owner).expect("owner");
    let m = p.account_by_email(member).expect("member");
    p.collab(p.collab_of(o, m).expect("collab")).status
}

fn suspend_ivan(app: &mut collab::tui::app::App) {
    palette(app, &format!("member suspend {IVAN}"));
    assert!(
        matches!(app.overlay, Some(Overlay::Confirm(_))),
        "previewed"
    );
    key(app, KeyCode::Char('y'));
    assert_eq!(status(app, OLGA, IVAN), CollabStatus::Suspended);
}

/// Another process, as olga's delegate boris, changes ivan's member record (its
/// label): the record olga's last step wrote.
fn boris_renames_ivan(path: &std::path::Path) {
    let args = [
        "--as",
        "boris@acme.io",
        "member",
        "edit",
        IVAN,
        "--owner",
        OLGA,
        "--name",
        "Ivan K.",
    ];
    let run = run_with(path, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Finding 1: as olga suspend ivan, sign in as anna, press `u`.
#[test]
fn u_never_reverts_another_accounts_change() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    suspend_ivan(&mut app);
    let anna = app
        .ws
        .engine()
        .platform()
        .account_by_email(ANNA)
        .expect("anna");
    app.sign_in(anna);
    key(&mut app, KeyCode::Char('u'));
    confirm_step(&mut app);
    assert_eq!(status(&app, OLGA, IVAN), CollabStatus::Suspended);
    assert!(!message(&app).contains("undid"), "{}", message(&app));
    // Olga's own `u` reverts it.
    let olga = app
        .ws
        .engine()
        .platform()
        .account_by_email(OLGA)
        .expect("olga");
    app.sign_in(olga);
    key(&mut app, KeyCode::Char('u'));
    confirm_step(&mut app);
    assert_eq!(
        status(&app, OLGA, IVAN),
        CollabStatus::Active,
        "{}",
        message(&app)
    );
}

/// The history survives another process writing the file, and a step is checked
/// against what that process wrote.
#[test]
fn history_survives_a_reload_and_is_checked_against_it() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    suspend_ivan(&mut app);
    // Another process adds an account that sorts first (every id moves) and
    // re-activates nobody.
    let run = run_with(&path, &["account", "add", "aaron@aaa.io"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(app.poll_external_change());
    assert_eq!(
        app.me_email().as_deref(),
        Some(OLGA),
        "signed in by identity"
    );
    key(&mut app, KeyCode::Char('u'));
    confirm_step(&mut app);
    assert_eq!(
        status(&app, OLGA, IVAN),
        CollabStatus::Active,
        "{}",
        message(&app)
    );
    // Redo, then a script changes ivan's record: the next undo is refused.
    key(&mut app, KeyCode::Char('r'));
    let ctrl_r = ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('r'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    );
    if status(&app, OLGA, IVAN) != CollabStatus::Suspended {
        app.handle_key(ctrl_r);
        confirm_step(&mut app);
    }
    assert_eq!(status(&app, OLGA, IVAN), CollabStatus::Suspended);
    // (Another account: since issue 12 olga's own change from another process is
    // her newest step, which her undo would take back.)
    boris_renames_ivan(&path);
    key(&mut app, KeyCode::Char('u'));
    confirm_step(&mut app);
    assert!(message_is_error(&app), "{}", message(&app));
    assert!(message(&app).contains("changed since"), "{}", message(&app));
    assert_eq!(status(&app, OLGA, IVAN), CollabStatus::Suspended);
}

/// Finding 11: after another process adds an account, an action reloads the file:
/// the app stays signed in as the same account.
#[test]
fn the_signed_in_account_is_held_by_identity_across_every_reload() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, ANNA);
    let run = run_with(&path, &["account", "add", "aaa@aaa.io"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // No poll: the next command reloads inside the workspace.
    app.run(&Command::AddAccount {
        email: "zed@zzz.io".into(),
        name: None,
        max_environments: None,
    });
    assert_eq!(app.me_email().as_deref(), Some(ANNA));
}

/// Finding 11: confirming a preview built before a script changed the same member
/// never overwrites the script's change.
#[test]
fn a_stale_preview_is_measured_again_not_applied() {
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    palette(&mut app, &format!("member edit {IVAN} --share envs=Viewer"));
    assert!(matches!(app.overlay, Some(Overlay::Confirm(_))));
    let run = run_with(
        &path,
        &[
            "--as",
            OLGA,
            "member",
            "edit",
            IVAN,
            "--share",
            "envs=Admin",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    key(&mut app, KeyCode::Char('y'));
    // Nothing applied: the script's change stands, and the new preview is shown.
    let doc = parse_doc(&std::fs::read(&path).expect("read"));
    let ivan = doc
        .collaborations
        .iter()
        .find(|c| c.member == IVAN)
        .expect("ivan");
    assert_eq!(ivan.shares[0].target, "envs");
    assert_eq!(ivan.shares[0].roles, ["Admin"]);
    assert!(
        matches!(app.overlay, Some(Overlay::Confirm(_))),
        "asked again"
    );
    assert!(message(&app).contains("changed since"), "{}", message(&app));
    // Confirming the fresh preview applies.
    key(&mut app, KeyCode::Char('y'));
    let doc = parse_doc(&std::fs::read(&path).expect("read"));
    let ivan = doc
        .collaborations
        .iter()
        .find(|c| c.member == IVAN)
        .expect("ivan");
    assert_eq!(ivan.shares.len(), 1);
    assert_eq!(ivan.shares[0].roles, ["Viewer"]);
}

/// Finding 5 and deliverable 4: every lens cell is the member's effective access, for
/// every member × environment of the demo; a member that is not active reads none,
/// with what it would be as a note.
#[test]
fn the_lens_shows_effective_access_for_every_member_and_environment() {
    let engine = demo_engine();
    let p = engine.platform();
    let olga = p.account_by_email(OLGA).expect("olga");
    let mut notes = 0;
    for c in p.collabs_of_owner(olga) {
        let rec = p.collab(c);
        for e in p.envs_of(olga) {
            let cell = p.lens_cell(c, e);
            let (level, roles) = p.access_of(rec.member, e);
            assert_eq!((cell.level, &cell.roles), (level, &roles));
            if rec.status != CollabStatus::Active {
                assert_eq!(cell.level, Level::None);
                notes += usize::from(cell.would_be.is_some());
            }
        }
    }
    assert!(
        notes > 0,
        "the demo has a suspended member with configured access"
    );

    // And on screen: Sergey (suspended, group:Staging=User) in the lens.
    let mut app = app_for(engine.clone(), Some(olga), (250, 40), DEMO_NOW);
    let sergey = p.account_by_email("sergey@acme.io").expect("sergey");
    let c = p.collab_of(olga, sergey).expect("collab");
    let row = app
        .pane(PaneId::Members)
        .rows
        .iter()
        .position(|r| r.key == RowKey::Member(c))
        .expect("sergey's row");
    app.pane_mut(PaneId::Members).selected = row;
    app.refresh_all();
    let text = render_text(&app);
    assert!(
        text.contains("none (suspended; would be groups User)"),
        "{text}"
    );
    assert!(!text.contains("· groups User"), "{text}");
}

#[test]
fn the_workspace_reload_keeps_each_accounts_history() {
    let (_dir, path) = demo_file();
    let mut ws = Workspace::open(collab::store::Store::new(&path)).expect("open");
    let cmd = Command::Member {
        owner: None,
        email: IVAN.into(),
        op: MemberOp::Suspend,
    };
    ws.execute(Some(OLGA), &cmd, DEMO_NOW).expect("suspend");
    let run = run_with(&path, &["account", "add", "aaa@aaa.io"]);
    assert_eq!(run.code, 0);
    assert!(ws.reload_if_changed().expect("reload"));
    let olga = ws.engine().platform().account_by_email(OLGA).expect("olga");
    assert_eq!(
        ws.engine().undo_label(olga),
        Some(format!("member suspend {IVAN}").as_str())
    );
    ws.undo(OLGA, false, DEMO_NOW).expect("undo");
    let doc = parse_doc(&std::fs::read(&path).expect("read"));
    assert!(
        doc.collaborations
            .iter()
            .any(|c| c.member == IVAN && c.status == "active")
    );
}

/// Finding 11: a delegate on one environment sees, in the direct-access dialog, what
/// `share list ENV` shows it: the members of that environment's table, without the
/// owner's private labels (`member list --owner` refuses it).
#[test]
fn the_direct_access_dialog_shows_a_delegate_what_the_command_line_shows_it() {
    let engine = demo_engine();
    let p = engine.platform();
    let dmitri = p.account_by_email("dmitri@acme.io").expect("dmitri");
    let env = p.env_by_name("shop-staging").expect("shop-staging");
    let mut app = app_for(engine.clone(), Some(dmitri), (160, 40), DEMO_NOW);
    app.open_dialog(Box::new(
        collab::tui::component::dialogs::direct::DirectDialog::new(p, Some(dmitri), env),
    ));
    let text = render_text(&app);
    let rows = p.share_rows(Some(dmitri), env).expect("share list");
    assert!(!rows.is_empty());
    for r in rows.iter().filter(|r| r.member != "dmitri@acme.io") {
        assert!(text.contains(&r.member), "{} missing:\n{text}", r.member);
    }
    assert!(
        !text.contains(&format!("● {IVAN}")),
        "ivan does not reach shop-staging:\n{text}"
    );
    for label in ["Elena Sokolova", "Sergey Popov", "Maria Garcia"] {
        assert!(!text.contains(label), "private label {label}:\n{text}");
    }
}

/// Issue 9, honesty: the header's save marker is the truth about memory and the file,
/// never a constant nor left over from a failure.
#[test]
fn the_save_marker_tells_saved_reloaded_and_failed_apart() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    let header = |app: &collab::tui::app::App| {
        render_text(app)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert!(header(&app).ends_with("✓ saved"), "{}", header(&app));
    let run = run_with(&path, &["account", "add", "late@late.io"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(app.poll_external_change());
    assert!(header(&app).contains("↻ reloaded"), "{}", header(&app));
    // A file nobody may write: the next change cannot be saved, and the message line
    // says so; the change did not happen, so memory and the file agree and the
    // header says nothing is left unsaved.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    palette(&mut app, "group add NotSaved");
    assert!(message_is_error(&app), "{}", message(&app));
    assert!(message(&app).contains("STATE_IO"), "{}", message(&app));
    assert!(header(&app).ends_with("✓ saved"), "{}", header(&app));
    assert!(!app.ws.unsaved());
    let doc = parse_doc(&std::fs::read(&path).expect("read"));
    assert!(!doc.groups.iter().any(|g| g.path == "NotSaved"));
    assert!(
        app.ws
            .engine()
            .platform()
            .group_ids()
            .all(|g| app.ws.engine().platform().group(g).path != "NotSaved"),
        "memory equals the file"
    );
    // Writable again: the next change is saved.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    palette(&mut app, "group add Saved");
    assert!(header(&app).ends_with("✓ saved"), "{}", header(&app));
}

/// `u` is offered exactly when the engine would take the step: while another
/// process's change to the record makes the undo a refusal, the key shows disabled
/// with the engine's reason before it is pressed, and pressing it changes nothing.
#[test]
fn u_shows_disabled_with_the_reason_when_the_engine_would_refuse_the_undo() {
    use collab::tui::app::Avail;
    use collab::tui::keys::Action;
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    suspend_ivan(&mut app);
    app.settle();
    assert_eq!(app.availability(Action::Undo), Avail::Enabled);
    boris_renames_ivan(&path);
    assert!(app.poll_external_change());
    app.settle();
    let Avail::Disabled(why) = app.availability(Action::Undo) else {
        panic!("u is offered: {:?}", app.availability(Action::Undo));
    };
    assert!(why.contains("changed since"), "{why}");
    // The help says it too, beside what the undo would revert.
    key(&mut app, KeyCode::Char('?'));
    let help = render_text(&app);
    assert!(
        help.contains("undo would revert") && help.contains("refused now: cannot undo"),
        "{help}"
    );
    // Longer than the box: wrapped under the list, read in full before `u` is pressed
    // (a hostile pass found it cut at every width).
    let refusal: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.contains("undo would revert"))
        .skip(1)
        .take_while(|l| !l.contains("redo would apply"))
        .map(|l| l.split('│').nth(2).unwrap_or_default().trim())
        .collect();
    let refusal = refusal.join(" ");
    assert_eq!(refusal, format!("refused now: {why}"), "{help}");
    key(&mut app, KeyCode::Esc);
    let before = std::fs::read(&path).expect("state");
    key(&mut app, KeyCode::Char('u'));
    confirm_step(&mut app);
    assert!(message(&app).contains(&why), "{}", message(&app));
    assert_eq!(std::fs::read(&path).expect("state"), before);
    assert_eq!(status(&app, OLGA, IVAN), CollabStatus::Suspended);
}

/// `u` previews the undo like any change to shares: what it gives back, member by
/// environment, before anything is applied. Confirmed after another process wrote the
/// file, it is measured again and shown anew, not applied; confirmed again, it applies.
#[test]
fn u_previews_the_undo_and_a_stale_preview_is_measured_again_not_applied() {
    use collab::tui::component::overlays::Proposed;
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    suspend_ivan(&mut app);
    key(&mut app, KeyCode::Char('u'));
    let Some(Overlay::Confirm(c)) = &app.overlay else {
        panic!("no preview: {}", message(&app));
    };
    assert_eq!(
        c.what,
        Proposed::Step {
            redo: false,
            label: format!("member suspend {IVAN}")
        }
    );
    assert!(
        !c.changes.is_empty() && c.changes.iter().all(|ch| ch.member == IVAN),
        "ivan's access comes back: {:?}",
        c.changes
    );
    assert_eq!(
        status(&app, OLGA, IVAN),
        CollabStatus::Suspended,
        "not applied yet"
    );
    let text = render_text(&app);
    assert!(
        text.contains("command  undo member suspend ivan@acme.io"),
        "{text}"
    );

    // Another process writes; the confirmation is measured again, not applied.
    let run = run_with(&path, &["account", "add", "aaron@aaa.io"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(
        status(&app, OLGA, IVAN),
        CollabStatus::Suspended,
        "{}",
        message(&app)
    );
    assert!(
        message(&app).contains("changed since this was shown"),
        "{}",
        message(&app)
    );
    assert!(
        matches!(app.overlay, Some(Overlay::Confirm(_))),
        "shown anew"
    );
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(
        status(&app, OLGA, IVAN),
        CollabStatus::Active,
        "{}",
        message(&app)
    );
}

/// The preview names the undo and redo keys as configured, not the defaults.
#[test]
fn the_preview_names_the_undo_and_redo_keys_as_configured() {
    use collab::tui::keys::Keymap;
    let (_dir, path) = demo_file();
    let mut app = open_app(&path, OLGA);
    let overrides = [("undo", "z"), ("redo", "Z")]
        .map(|(a, k)| (a.to_string(), vec![k.to_string()]))
        .into_iter()
        .collect();
    let (keymap, problems) = Keymap::defaults().with_overrides(&overrides);
    assert!(problems.is_empty(), "{problems:?}");
    app.config.keymap = keymap;
    palette(&mut app, &format!("member suspend {IVAN}"));
    assert!(
        render_text(&app).contains("undo     z reverts it"),
        "{}",
        render_text(&app)
    );
    key(&mut app, KeyCode::Char('y'));
    key(&mut app, KeyCode::Char('z'));
    assert!(
        render_text(&app).contains("undo     Z redoes it"),
        "{}",
        render_text(&app)
    );
}
