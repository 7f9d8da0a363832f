//! Third pass of hostile testing, as a user meets it: a bad config file keeps the
//! defaults and says every problem (also in `m`); keys active together never share a
//! key; the footer shows the keys of the popup that has them; the help puts a
//! disabled key with those that do not work now; the save marker is the truth after a
//! refused save; the matrix keeps the lens's mark on the selected row; a dialog's
//! error can be read in full.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod app_common;

use app_common::{key, open_app, select_env, typ, with_config_file, write_demo};
use collab::engine::demo::{DEMO_NOW, EXAMPLE1_MEMBER, OWNER, demo_engine};
use collab::engine::{Command, MemberOp};
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use collab::tui::panes::{self, PaneId, RowKey};
use collab::tui::snapshot::render_text;
use ratatui::crossterm::event::KeyCode;

/// The demo as `OWNER`, at `size`, with the config file whose text is `json`.
fn with_config(json: &str, size: (u16, u16)) -> App {
    with_config_file(json, demo_engine(), size).0
}

fn lines(app: &App) -> Vec<String> {
    render_text(app).lines().map(str::to_string).collect()
}

fn header(app: &App) -> String {
    lines(app).first().cloned().unwrap_or_default()
}

fn footer(app: &App) -> String {
    lines(app).last().cloned().unwrap_or_default()
}

/// The message line: the one above the footer's blank line.
fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn select_member(app: &mut App, email: &str) {
    key(app, KeyCode::Char('2'));
    key(app, KeyCode::Char('g'));
    for _ in 0..app.pane(PaneId::Members).rows.len() {
        if let Some(k @ RowKey::Member(_)) = app.selected(PaneId::Members)
            && panes::label(app.ws.engine().platform(), app.me, k).contains(email)
        {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("no member {email}");
}

// ----- 1. a bad key name keeps the default ------------------------------------------

#[test]
fn a_bad_key_name_in_the_config_keeps_the_default_key_working_and_listed() {
    let mut app = with_config(r#"{"keys": {"why": ["Hyper-z"]}}"#, (120, 40));
    assert!(
        message(&app).contains("keys.why: unknown key 'Hyper-z'; keeping the default w"),
        "{}",
        message(&app)
    );
    // `w` explains, and the help lists it with its key.
    select_member(&mut app, EXAMPLE1_MEMBER);
    select_env(&mut app, "legacy-crm");
    key(&mut app, KeyCode::Char('w'));
    assert!(
        matches!(&app.overlay, Some(Overlay::Text(t)) if t.title.starts_with("Why:")),
        "w does not explain:\n{}",
        render_text(&app)
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('?'));
    typ(&mut app, "why");
    let text = render_text(&app);
    assert!(
        text.lines()
            .any(|l| l.contains("  w ") && l.contains("why: explain")),
        "{text}"
    );
}

#[test]
fn every_problem_of_the_config_is_reported_and_m_lists_them() {
    let mut app = with_config(r#"{"keys": {"foo": ["z"], "why": ["Hyper-z"]}}"#, (120, 40));
    let shown = message(&app);
    assert!(
        shown.starts_with("2 problems in the config file"),
        "{shown}"
    );
    key(&mut app, KeyCode::Char('m'));
    let text = render_text(&app);
    assert!(text.contains("unknown action 'foo'"), "{text}");
    assert!(text.contains("keeping the default w"), "{text}");
    assert!(text.contains("2 problems in the config file"), "{text}");
    assert!(!text.contains("no messages yet"), "{text}");
}

// ----- 5. the startup message is in the list ----------------------------------------

#[test]
fn the_config_error_shown_at_start_is_in_the_message_list() {
    let mut app = with_config("{ nope", (120, 40));
    let shown = message(&app);
    assert!(shown.contains("using the defaults"), "{shown}");
    key(&mut app, KeyCode::Char('m'));
    let text = render_text(&app);
    assert!(!text.contains("no messages yet"), "{text}");
    assert!(
        text.contains("config.json"),
        "the problem is listed:\n{text}"
    );
}

// ----- 2. a view's key shared with a moving key -------------------------------------

#[test]
fn a_views_key_that_clashes_with_down_is_reported_and_review_keeps_f_and_j() {
    let mut app = with_config(r#"{"keys":{"views":{"fix":["j"]}}}"#, (120, 40));
    assert!(
        message(&app).contains("j is bound to both panes.down and views.fix"),
        "{}",
        message(&app)
    );
    key(&mut app, KeyCode::Char('R'));
    app.finish_jobs();
    let f = footer(&app);
    assert!(f.contains("f fix"), "{f}");
    assert!(!f.contains("j fix"), "{f}");
    // `j` moves down in the review: the status line's position changes, nothing opens.
    let before = render_text(&app);
    key(&mut app, KeyCode::Char('j'));
    app.finish_jobs();
    assert!(app.overlay.is_none(), "{}", render_text(&app));
    assert_ne!(before, render_text(&app), "j did not move");
}

// ----- 3. the footer shows the popup's keys -----------------------------------------

#[test]
fn the_footer_shows_the_keys_of_the_popup_that_has_them() {
    let mut app = with_config("{}", (120, 40));
    select_member(&mut app, EXAMPLE1_MEMBER);
    let panes_footer = footer(&app);
    assert!(panes_footer.contains("q quit"), "{panes_footer}");
    // The help: its own keys, and nothing of the pane's below it.
    key(&mut app, KeyCode::Char('?'));
    let f = footer(&app);
    assert!(f.contains("Esc close"), "{f}");
    for pane_key in ["q quit", "i invite", ": palette", "M back"] {
        assert!(
            !f.contains(pane_key),
            "{pane_key} in the help's footer: {f}"
        );
    }
    key(&mut app, KeyCode::Esc);
    // The palette.
    key(&mut app, KeyCode::Char(':'));
    let f = footer(&app);
    assert!(!f.contains("q quit") && !f.contains("i invite"), "{f}");
    assert!(f.contains("Tab complete"), "{f}");
    key(&mut app, KeyCode::Esc);
    // The actions menu and a why popup.
    select_env(&mut app, "legacy-crm");
    key(&mut app, KeyCode::Char('x'));
    assert!(matches!(app.overlay, Some(Overlay::Menu(_))));
    let f = footer(&app);
    assert!(f.contains("Enter choose") && f.contains("Esc close"), "{f}");
    assert!(!f.contains("q quit") && !f.contains("x actions"), "{f}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('w'));
    assert!(matches!(app.overlay, Some(Overlay::Text(_))));
    let f = footer(&app);
    assert!(f.contains("Esc close"), "{f}");
    assert!(!f.contains("w why") && !f.contains("q quit"), "{f}");
    key(&mut app, KeyCode::Esc);
    // A preview: its buttons' keys.
    select_member(&mut app, EXAMPLE1_MEMBER);
    key(&mut app, KeyCode::Char('s'));
    assert!(matches!(app.overlay, Some(Overlay::Confirm(_))));
    let f = footer(&app);
    assert!(f.contains("y apply") && f.contains("n cancel"), "{f}");
    assert!(!f.contains("q quit") && !f.contains("s suspend"), "{f}");
    // Over a full-screen view too.
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('M'));
    assert!(footer(&app).contains("M back"), "{}", footer(&app));
    key(&mut app, KeyCode::Char('?'));
    let f = footer(&app);
    assert!(!f.contains("M back") && f.contains("Esc close"), "{f}");
}

// ----- 4. a disabled key is not among those that work here --------------------------

#[test]
fn the_help_puts_a_disabled_undo_with_the_keys_that_do_not_work_now() {
    let mut app = with_config("{}", (120, 60));
    // Nothing of olga's to undo in the demo: the footer dims `u`.
    key(&mut app, KeyCode::Char('?'));
    let text = render_text(&app);
    let here = text.find("Keys that work here").expect("the heading");
    let other = text.find("Other keys").expect("the other heading");
    let undo = text.find("undo the last change").expect("undo is listed");
    assert!(
        here < other && other < undo,
        "u is listed as working here:\n{text}"
    );
    assert!(
        text.contains("not now: nothing of yours to undo"),
        "the reason:\n{text}"
    );
}

// ----- 6. the save marker is the truth ----------------------------------------------

#[cfg(unix)]
#[test]
fn a_refused_save_leaves_the_header_saved_when_memory_and_file_agree() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ro.json");
    write_demo(&path);
    let mut app = open_app(&path, OWNER, (120, 40));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    // Suspend a member: the preview, then `y`. The save is refused.
    select_member(&mut app, EXAMPLE1_MEMBER);
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Char('y'));
    let m = message(&app);
    assert!(m.contains("STATE_IO"), "{m}");
    assert!(header(&app).ends_with("✓ saved"), "{}", header(&app));
    let p = app.ws.engine().platform();
    let anna = p.account_by_email(EXAMPLE1_MEMBER).expect("anna");
    let olga = p.account_by_email(OWNER).expect("olga");
    let c = p.collab_of(olga, anna).expect("collab");
    assert_eq!(
        p.collab(c).status,
        collab::engine::CollabStatus::Active,
        "the change is not applied"
    );
    // Memory holding what the file does not (a change made around the workspace,
    // never saved) is what "not saved" says: measured, not remembered.
    app.ws
        .engine_mut()
        .execute(
            Some(olga),
            &Command::Member {
                owner: None,
                email: EXAMPLE1_MEMBER.into(),
                op: MemberOp::Suspend,
            },
            DEMO_NOW,
        )
        .expect("suspend in memory");
    assert!(header(&app).ends_with("✕ not saved"), "{}", header(&app));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

// ----- 7. cosmetics -----------------------------------------------------------------

#[test]
fn the_matrix_keeps_the_lens_mark_on_the_selected_row() {
    let mut app = with_config("{}", (120, 40));
    select_member(&mut app, EXAMPLE1_MEMBER);
    key(&mut app, KeyCode::Char('M'));
    key(&mut app, KeyCode::Char('j'));
    let text = render_text(&app);
    let row = text
        .lines()
        .find(|l| l.contains(EXAMPLE1_MEMBER) && l.contains('›'))
        .unwrap_or_else(|| panic!("anna's row is not selected:\n{text}"));
    assert!(row.contains("›◎"), "{row}");
    assert!(
        text.contains(&format!("◎ lens: {EXAMPLE1_MEMBER}")),
        "{text}"
    );
}

#[test]
fn a_dialog_field_error_is_wrapped_to_be_read_in_full() {
    let mut app = with_config("{}", (120, 40));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('i'));
    typ(&mut app, EXAMPLE1_MEMBER);
    let text = render_text(&app);
    let flat: String = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("DUPLICATE"), "{text}");
    assert!(
        flat.contains(&format!("use 'member edit {EXAMPLE1_MEMBER}'")),
        "the end of the error is cut:\n{text}"
    );
}

#[test]
fn a_reload_that_keeps_failing_is_one_counted_line_in_the_message_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    write_demo(&path);
    let mut app = open_app(&path, OWNER, (120, 40));
    std::fs::write(&path, b"{ not json").unwrap();
    for _ in 0..3 {
        app.poll_external_change();
    }
    let corrupt: Vec<_> = app
        .log
        .iter()
        .filter(|(_, m, _)| m.error && m.text.contains("STATE_CORRUPT"))
        .collect();
    assert_eq!(corrupt.len(), 1, "{:?}", app.log);
    assert_eq!(corrupt[0].2, 3, "{:?}", app.log);
    key(&mut app, KeyCode::Char('m'));
    let text = render_text(&app);
    // The message wraps inside its popup: read its lines as one text.
    let flat: String = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("3 times in a row"), "{text}");
}

#[test]
fn the_actions_menu_and_the_palette_offer_env_do_only_what_it_performs() {
    let mut app = with_config("{}", (120, 40));
    // The palette's candidates after `env do ENV`.
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "env do legacy-crm ");
    let Some(Overlay::Palette(p)) = &app.overlay else {
        panic!("':' opens the palette");
    };
    let offered = p.completions.clone();
    key(&mut app, KeyCode::Esc);
    for needs_arguments in ["create", "clone", "transfer"] {
        assert!(
            !offered.iter().any(|c| c == needs_arguments),
            "{needs_arguments} offered: {offered:?}"
        );
    }
    assert!(offered.iter().any(|c| c == "start"), "{offered:?}");
    // The actions menu's `env do` items.
    select_env(&mut app, "legacy-crm");
    key(&mut app, KeyCode::Char('x'));
    let Some(Overlay::Menu(menu)) = &app.overlay else {
        panic!("x opens the actions menu");
    };
    let in_menu: Vec<(String, Result<(), String>)> = menu
        .items
        .iter()
        .filter_map(|i| match &i.effect {
            collab::tui::component::Effect::Submit(Command::EnvDo { action, .. }) => {
                Some((action.clone(), i.enabled.clone()))
            }
            _ => None,
        })
        .collect();
    // Both offer the same actions (delete is the menu's own last item), and the
    // engine refuses none of them for needing arguments.
    let menu_actions: Vec<&str> = in_menu.iter().map(|(a, _)| a.as_str()).collect();
    let palette_actions: Vec<&str> = offered
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "delete")
        .collect();
    assert_eq!(menu_actions, palette_actions);
    let me = app.me;
    for action in palette_actions.iter().copied().chain(["delete"]) {
        let cmd = Command::EnvDo {
            env: "legacy-crm".into(),
            action: action.into(),
        };
        if let Err(e) = app.ws.engine_mut().may_run(me, &cmd, DEMO_NOW) {
            assert!(
                !e.to_string().contains("has its own command"),
                "{action}: {e}"
            );
        }
    }
}

/// Found by a hostile pass: a role named with flags (two regional indicators each)
/// left cells on screen that no view drew, because terminals draw a flag one or two
/// columns wide. A name may not hold them (typed or loaded), and any other text shows
/// them escaped, so what is measured is what is drawn.
#[test]
fn a_flag_or_skin_tone_in_a_name_is_refused_typed_or_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    write_demo(&state);
    let run = |args: &[&str]| {
        let argv = [&["collab", "--state", state.to_str().unwrap()][..], args].concat();
        collab::cli::run(argv, &collab::tui::snapshot::SnapshotViews)
    };
    for name in ["\u{1F1FA}\u{1F1E6} team", "ok \u{1F44D}\u{1F3FD}"] {
        let out = run(&["--as", OWNER, "role", "add", name, "--policy", "logs.view"]);
        assert_eq!(out.code, 1, "{name}: {}", out.stdout);
        assert!(
            out.stderr.contains("contains a flag or skin-tone emoji"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains('\u{1F1FA}') && !out.stderr.contains('\u{1F3FD}'));
    }
    // A hand-edited file with one is refused whole, its text escaped in the error.
    let text = std::fs::read_to_string(&state).unwrap();
    std::fs::write(&state, text.replace("\"Viewer\"", "\"\u{1F1FA}\u{1F1E6}\"")).unwrap();
    let out = run(&["role", "list", "--as", OWNER]);
    assert_eq!(out.code, 3, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("STATE_CORRUPT"), "{}", out.stderr);
    assert!(
        out.stderr.contains("\\u{1f1fa}\\u{1f1e6}"),
        "{}",
        out.stderr
    );
}

/// Found by a hostile pass: the preview of Boris attaching legacy-crm to a group where
/// he holds less said "u reverts it", and `u` was then refused (it would raise his own
/// access back to his base roles). The preview says what the engine would answer.
#[test]
fn the_preview_says_when_the_undo_would_be_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    write_demo(&state);
    let run = |args: &[&str]| {
        let argv = [
            &["collab", "--state", state.to_str().unwrap(), "--as", OWNER][..],
            args,
        ]
        .concat();
        let out = collab::cli::run(argv, &collab::tui::snapshot::SnapshotViews);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    };
    run(&["role", "add", "Assigner", "--policy", "envgroup.assign"]);
    run(&[
        "member",
        "edit",
        "boris@acme.io",
        "--share",
        "envs=Admin",
        "--share",
        "group:Staging=Assigner",
    ]);
    let mut app = open_app(&state, "boris@acme.io", (120, 40));
    select_env(&mut app, "legacy-crm");
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Char('A'));
    typ(&mut app, "Staging");
    key(&mut app, KeyCode::Enter);
    let text = render_text(&app);
    assert!(matches!(app.overlay, Some(Overlay::Confirm(_))), "{text}");
    assert!(text.contains("u would be refused"), "{text}");
    assert!(text.contains("raise your own access"), "{text}");
    assert!(!text.contains("u reverts it"), "{text}");
}

/// Found by a hostile pass: the role editor said "✓ ready to apply" as it opened, with
/// nothing changed (applying then said "nothing to change"). Ready means something to
/// apply; the engine says whether the values change anything.
#[test]
fn a_dialog_is_ready_only_when_its_values_change_something() {
    let mut app = with_config("{}", (80, 24));
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('e'));
    let text = render_text(&app);
    assert!(text.contains("nothing to change yet"), "{text}");
    assert!(!text.contains("ready to apply"), "{text}");
    // A policy ticked: now there is something to apply.
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    let text = render_text(&app);
    assert!(text.contains("ready to apply"), "{text}");
}
