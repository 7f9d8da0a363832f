//! What a new user trips over (issue 10), as key sequences on the demo: the footer
//! follows the row, messages are never lost, the palette keeps a refused line and
//! remembers, trees fold with h/l, popups stop at their last line, the changed item
//! is selected, and the too-small screen gives the layout back.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod app_common;

use app_common::{key, saving_app, select_env, typ};
use collab::engine::demo::{
    DEMO_NOW, LEFT_MEMBER, OWNER, PENDING_MEMBER, SUSPENDED_MEMBER, demo_engine,
};
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use collab::tui::panes::{self, PaneId, RowKey};
use collab::tui::snapshot::{app_for, render_text};
use ratatui::crossterm::event::{Event, KeyCode};

fn demo_as(email: &str, size: (u16, u16)) -> App {
    let engine = demo_engine();
    let me = engine.platform().account_by_email(email).expect("account");
    app_for(engine, Some(me), size, DEMO_NOW)
}

fn olga() -> App {
    demo_as(OWNER, (120, 40))
}

fn footer(app: &App) -> String {
    render_text(app)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

fn label(app: &App, id: PaneId) -> String {
    let k = app.selected(id).expect("a selected row");
    panes::label(app.ws.engine().platform(), app.me, k)
}

/// Moves the Members pane's cursor to the member `email` (from the top).
fn select_member(app: &mut App, email: &str) {
    key(app, KeyCode::Char('2'));
    key(app, KeyCode::Char('g'));
    for _ in 0..app.pane(PaneId::Members).rows.len() {
        if matches!(app.selected(PaneId::Members), Some(RowKey::Member(_)))
            && label(app, PaneId::Members).contains(email)
        {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("no member {email}");
}

// ----- 6. the footer follows the selected row --------------------------------------

#[test]
fn the_footer_names_what_the_key_does_on_this_row() {
    let mut app = olga();
    select_member(&mut app, SUSPENDED_MEMBER);
    let f = footer(&app);
    assert!(f.contains("s activate"), "{f}");
    assert!(!f.contains("suspend"), "{f}");
    select_member(&mut app, PENDING_MEMBER);
    let f = footer(&app);
    assert!(f.contains("r resend"), "{f}");
    // Suspending a pending member does not apply: not offered.
    assert!(!f.contains("s suspend") && !f.contains("s activate"), "{f}");
    select_member(&mut app, LEFT_MEMBER);
    let f = footer(&app);
    assert!(f.contains("r reinvite"), "{f}");
}

#[test]
fn accept_and_reject_show_only_on_a_pending_invitation() {
    let (_dir, mut app) = saving_app(PENDING_MEMBER, (120, 40));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('g'));
    for _ in 0..app.pane(PaneId::Members).rows.len() {
        if matches!(app.selected(PaneId::Members), Some(RowKey::Collab(_))) {
            break;
        }
        key(&mut app, KeyCode::Char('j'));
    }
    let f = footer(&app);
    assert!(f.contains("y accept") && f.contains("n reject"), "{f}");
    assert!(!f.contains("leave"), "{f}");
    key(&mut app, KeyCode::Char('y'));
    key(&mut app, KeyCode::Char('y'));
    let f = footer(&app);
    assert!(!f.contains("accept") && !f.contains("reject"), "{f}");
    assert!(f.contains("L leave"), "{f}");
}

#[test]
fn why_is_offered_only_where_there_is_something_to_explain() {
    let mut app = olga();
    select_member(&mut app, "anna@acme.io");
    assert!(
        !footer(&app).contains("w why"),
        "no environment selected yet"
    );
    key(&mut app, KeyCode::Char('w'));
    assert!(app.overlay.is_none());
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("select an environment"))
    );
    select_env(&mut app, "shop-prod");
    key(&mut app, KeyCode::Char('2'));
    assert!(footer(&app).contains("w why"), "{}", footer(&app));
}

#[test]
fn at_80_columns_the_palette_and_help_keys_stay() {
    let mut app = demo_as(OWNER, (80, 24));
    select_member(&mut app, "anna@acme.io");
    let f = footer(&app);
    assert!(f.contains(": palette"), "{f}");
    assert!(f.contains("? help"), "{f}");
    assert!(f.contains("q quit"), "{f}");
}

// ----- 3. messages are never lost ----------------------------------------------------

#[test]
fn a_long_message_is_cut_with_a_way_to_read_it_whole_and_is_logged() {
    let mut app = demo_as(OWNER, (80, 24));
    let long = format!(
        "NOT_FOUND: member 'ghost@nowhere.io' does not exist; {} the end",
        "the owner's members are olga's own list ".repeat(3)
    );
    app.error(long.clone());
    let text = render_text(&app);
    let line = text
        .lines()
        .find(|l| l.contains("NOT_FOUND"))
        .expect("the message line");
    assert!(line.contains('…'), "{line}");
    assert!(line.contains("m in full"), "{line}");
    key(&mut app, KeyCode::Char('m'));
    let Some(Overlay::Text(view)) = &app.overlay else {
        panic!("m opens the message log");
    };
    assert!(
        view.lines.iter().any(|l| l.ends_with(&long)),
        "{:?}",
        view.lines
    );
    let text = render_text(&app);
    assert!(text.contains("the end"), "wrapped, whole:\n{text}");
}

#[test]
fn a_later_success_clears_an_old_error() {
    let (_dir, mut app) = saving_app(OWNER, (120, 40));
    app.error("PERMISSION_DENIED: something failed earlier");
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "env create fresh-env");
    key(&mut app, KeyCode::Enter);
    let m = app.message.clone().expect("a message");
    assert!(!m.error, "{m:?}");
    assert!(m.text.contains("fresh-env"), "{m:?}");
    // Both are in the log, newest last.
    let texts: Vec<&str> = app.log.iter().map(|(_, m, _)| m.text.as_str()).collect();
    assert!(texts.first().is_some_and(|t| t.contains("failed earlier")));
    assert!(texts.last().is_some_and(|t| t.contains("fresh-env")));
}

#[test]
fn messages_are_escaped_before_they_reach_the_screen() {
    let mut app = olga();
    app.error("bad name 'x\u{1b}]52;c;aGk=\u{7}'");
    let text = render_text(&app);
    assert!(!text.contains('\u{1b}'));
    assert!(text.contains("\\u{1b}"), "{text}");
}

// ----- 4. the palette ----------------------------------------------------------------

#[test]
fn a_refused_palette_command_keeps_the_line_and_later_keys_are_text() {
    let mut app = olga();
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, &format!("member suspend {LEFT_MEMBER}"));
    key(&mut app, KeyCode::Enter);
    let Some(Overlay::Palette(p)) = &app.overlay else {
        panic!("the palette stays open");
    };
    assert_eq!(p.input.value, format!("member suspend {LEFT_MEMBER}"));
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.starts_with("INVALID_STATE")),
        "{:?}",
        p.error
    );
    // `a` is text here, not "new environment".
    typ(&mut app, "a");
    let Some(Overlay::Palette(p)) = &app.overlay else {
        panic!("still the palette");
    };
    assert!(p.input.value.ends_with('a'));
    assert!(p.error.is_none(), "typing clears the reason");
}

#[test]
fn up_brings_back_an_earlier_command_even_after_closing() {
    let mut app = olga();
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "member lst");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "who shop");
    key(&mut app, KeyCode::Up);
    let Some(Overlay::Palette(p)) = &app.overlay else {
        panic!("the palette");
    };
    assert_eq!(p.input.value, "member lst");
    // Down past the newest gives back what was being typed.
    key(&mut app, KeyCode::Down);
    let Some(Overlay::Palette(p)) = &app.overlay else {
        panic!("the palette");
    };
    assert_eq!(p.input.value, "who shop");
}

// ----- 5. trees fold with h and l ----------------------------------------------------

#[test]
fn h_and_l_fold_and_unfold_and_h_goes_to_the_parent() {
    let mut app = olga();
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('g'));
    assert!(label(&app, PaneId::Envs).contains("Finance"));
    let before = app.pane(PaneId::Envs).rows.len();
    key(&mut app, KeyCode::Char('h'));
    let folded = app.pane(PaneId::Envs).rows.len();
    assert!(folded < before, "{folded} < {before}");
    key(&mut app, KeyCode::Char('l'));
    assert_eq!(app.pane(PaneId::Envs).rows.len(), before);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    let child = label(&app, PaneId::Envs);
    key(&mut app, KeyCode::Left);
    let parent = label(&app, PaneId::Envs);
    assert_ne!(child, parent);
    assert!(parent.contains("Reports"), "{child} → {parent}");
}

// ----- 7. popups stop at their last line and say where they are ------------------------

#[test]
fn a_text_view_stops_at_its_last_line_and_shows_its_position() {
    let mut app = demo_as(OWNER, (80, 24));
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "env list");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Text(_))));
    let text = render_text(&app);
    assert!(text.contains(" of "), "the position is shown:\n{text}");
    for _ in 0..200 {
        key(&mut app, KeyCode::Char('j'));
    }
    let Some(Overlay::Text(view)) = &app.overlay else {
        panic!("the text view");
    };
    let last = view.lines.last().expect("lines").trim().to_string();
    let tail = last.split(' ').next_back().unwrap_or_default().to_string();
    let text = render_text(&app);
    assert!(text.contains(&tail), "the last line shows:\n{text}");
    assert!(text.contains(" of "), "{text}");
    // It stopped there: one more k moves off the end by one, not by many.
    let at = view.scroll.offset();
    key(&mut app, KeyCode::Char('k'));
    let Some(Overlay::Text(view)) = &app.overlay else {
        panic!("the text view");
    };
    assert_eq!(view.scroll.offset() + 1, at);
}

#[test]
fn help_separates_the_keys_that_work_here() {
    let mut app = olga();
    select_member(&mut app, "anna@acme.io");
    key(&mut app, KeyCode::Char('?'));
    let text = render_text(&app);
    let here = text
        .find("Keys that work here")
        .expect("a heading for here");
    let other = text.find("Other keys").unwrap_or(usize::MAX);
    assert!(here < other);
    let invite = text.find("invite a member").expect("invite is listed");
    assert!(here < invite && invite < other, "invite works here");
}

#[test]
fn a_menu_stops_at_its_ends_and_shows_where_it_is() {
    let mut app = olga();
    select_env(&mut app, "shop-prod");
    key(&mut app, KeyCode::Char('x'));
    let Some(Overlay::Menu(menu)) = &app.overlay else {
        panic!("the actions menu");
    };
    let n = menu.items.len();
    for _ in 0..n + 5 {
        key(&mut app, KeyCode::Char('j'));
    }
    let Some(Overlay::Menu(menu)) = &app.overlay else {
        panic!("the actions menu");
    };
    assert_eq!(menu.selected, n - 1, "stops at the last item");
    assert!(render_text(&app).contains(&format!("{n}/{n}")));
}

// ----- 8. after a change, the changed item is selected ----------------------------------

#[test]
fn a_created_environment_is_selected() {
    let (_dir, mut app) = saving_app(OWNER, (120, 40));
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "env create zz-new-env");
    key(&mut app, KeyCode::Enter);
    let e = app.selected_env().expect("an environment is selected");
    assert_eq!(app.ws.engine().platform().env(e).name, "zz-new-env");
}

#[test]
fn a_role_created_with_the_palette_is_selected_in_roles() {
    let (_dir, mut app) = saving_app(OWNER, (120, 40));
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "role add Zeta --policy logs.view");
    key(&mut app, KeyCode::Enter);
    assert!(
        label(&app, PaneId::Roles).contains("Zeta"),
        "{}",
        label(&app, PaneId::Roles)
    );
}

// ----- 9. an invitation that creates an account says so ----------------------------------

#[test]
fn inviting_an_unknown_email_previews_the_new_account() {
    let mut app = olga();
    key(&mut app, KeyCode::Char(':'));
    typ(
        &mut app,
        "member invite new.person@example.org --share envs=Viewer",
    );
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Confirm(_))));
    let text = render_text(&app);
    assert!(text.contains("had no account"), "{text}");
}

// ----- 11. the group inspector lists each member with its status --------------------

#[test]
fn the_group_inspector_lists_members_with_their_status() {
    let mut app = olga();
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('g'));
    for _ in 0..app.pane(PaneId::Envs).rows.len() {
        let text = render_text(&app);
        if text.contains("shared to") && text.contains("  active") {
            return;
        }
        key(&mut app, KeyCode::Char('j'));
    }
    panic!(
        "no group shared to a member with its status:\n{}",
        render_text(&app)
    );
}

// ----- 12. below the minimum size ------------------------------------------------------

#[test]
fn shrinking_then_growing_gives_back_the_layout_and_selection() {
    let mut app = olga();
    select_member(&mut app, PENDING_MEMBER);
    let before = render_text(&app);
    app.handle_event(Event::Resize(50, 12));
    let small = render_text(&app);
    assert!(small.contains("need 80x24"), "{small}");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('3'));
    app.handle_event(Event::Resize(120, 40));
    assert_eq!(render_text(&app), before);
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn the_messages_key_is_in_the_help() {
    let mut app = olga();
    key(&mut app, KeyCode::Char('?'));
    typ(&mut app, "messages");
    assert!(render_text(&app).contains("recent messages, in full"));
}

// ----- 10. shared with me, in the owner's group tree -----------------------------------

#[test]
fn environments_shared_with_me_sit_in_the_owners_group_tree_with_my_access() {
    let mut app = demo_as("anna@acme.io", (120, 40));
    key(&mut app, KeyCode::Char('3'));
    let rows: Vec<(u8, String)> = app
        .pane(PaneId::Envs)
        .rows
        .iter()
        .map(|r| {
            (
                r.depth,
                panes::label(app.ws.engine().platform(), app.me, r.key),
            )
        })
        .collect();
    let at = |name: &str| {
        rows.iter()
            .position(|(_, l)| l.contains(name))
            .unwrap_or_else(|| panic!("no row {name}: {rows:?}"))
    };
    let section = at("olga@acme.io");
    let finance = at("Finance");
    let reports = at("Reports");
    let billing = at("billing-db");
    assert!(section < finance && finance < reports && reports < billing);
    assert!(rows[finance].0 < rows[reports].0 && rows[reports].0 < rows[billing].0);
    let text = render_text(&app);
    let line = text
        .lines()
        .find(|l| l.contains("billing-db"))
        .expect("billing-db drawn");
    assert!(line.contains("groups User"), "her access on it: {line}");
}

// ----- 11. space is used ---------------------------------------------------------------

#[test]
fn a_wide_screen_gives_the_member_rows_room_for_their_shares() {
    let app = demo_as(OWNER, (250, 50));
    let text = render_text(&app);
    let line = text
        .lines()
        .find(|l| l.contains("dmitri@acme.io envs="))
        .expect("dmitri's member row");
    assert!(line.contains("env:docs-site"), "{line}");
    // The environments column keeps what its rows need.
    let envs = collab::tui::layout::Screen::new(app.size).envs;
    assert_eq!(envs.width, collab::tui::layout::ENVS_WIDE);
}

// ----- 13. an environment's alert recipients are capped, with the command for all ----

#[test]
fn the_alerts_line_names_a_few_recipients_and_the_command_that_lists_them_all() {
    use collab::engine::Engine;
    use collab::engine::generate::{GenerateSpec, PRIMARY_EMAIL, generate};
    let engine = Engine::from_document(&generate(&GenerateSpec::medium(3)).unwrap()).unwrap();
    let me = engine.platform().account_by_email(PRIMARY_EMAIL).unwrap();
    let mut app = app_for(engine, Some(me), (120, 40), DEMO_NOW);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('g'));
    for _ in 0..app.pane(PaneId::Envs).rows.len() {
        let p = app.ws.engine().platform();
        if let Some(e) = app.selected_env()
            && let Ok(alert) = p.alert_row(Some(me), e)
            && alert.notify.len() > 9
        {
            let name = p.env(e).name.clone();
            let line: String = app
                .inspector
                .lines()
                .iter()
                .map(ToString::to_string)
                .find(|l| l.starts_with("alerts"))
                .expect("an alerts line");
            let shown: Vec<&str> = alert.notify.iter().take(8).map(String::as_str).collect();
            let more = alert.notify.len() - 8;
            assert_eq!(
                line,
                format!(
                    "alerts    {} … and {more} more: collab alert {name}",
                    shown.join(", ")
                )
            );
            assert!(!line.contains(&alert.notify[8]), "the ninth is not named");
            return;
        }
        key(&mut app, KeyCode::Char('j'));
    }
    panic!("no environment alerting more than 9 members in the generated platform");
}

/// Whether a drawn screen holds a raw invisible character (a right-to-left override, a
/// zero-width space, ...), line breaks aside.
fn raw_invisible(text: &str) -> Option<char> {
    text.chars()
        .find(|c| *c != '\n' && collab::text::is_invisible(*c))
}

#[test]
fn invisible_characters_typed_or_pasted_into_a_filter_or_a_field_show_escaped() {
    // A pane's filter, typed and pasted: in the pane's title and on the filter line.
    let mut app = olga();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "x\u{202e}y");
    app.handle_event(Event::Paste("\u{200b}z\u{1b}[31m".into()));
    let text = render_text(&app);
    assert_eq!(raw_invisible(&text), None, "{text}");
    assert!(
        text.contains("filter: x\\u{202e}y\\u{200b}z[31m▏"),
        "the filter line: {text}"
    );
    assert!(
        text.contains("2 Members /x\\u{202e}y\\u{200b}"),
        "the title: {text}"
    );
    key(&mut app, KeyCode::Esc);

    // A dialog's field, focused (the cursor on an invisible character) and not.
    key(&mut app, KeyCode::Char('i'));
    typ(&mut app, "new@acme.io");
    key(&mut app, KeyCode::Tab);
    typ(&mut app, "Evil\u{202e}Name\u{200b}");
    key(&mut app, KeyCode::Left);
    let text = render_text(&app);
    assert_eq!(raw_invisible(&text), None, "{text}");
    assert!(text.contains("Evil\\u{202e}Name\\u{200b}"), "{text}");
    key(&mut app, KeyCode::Tab);
    let text = render_text(&app);
    assert_eq!(raw_invisible(&text), None, "{text}");
    assert!(text.contains("Evil\\u{202e}Name\\u{200b}"), "{text}");
}

/// The header's first line, at the app's size.
fn header(app: &App) -> String {
    render_text(app)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The saved/not-saved marker is the truth about the file: however long the path and
/// however narrow the screen, it shows whole; the path gives way first, cut at its
/// start with `…` so its file name stays.
#[test]
fn the_save_marker_always_shows_whole_and_a_long_path_is_cut_at_its_start() {
    use collab::tui::app::SaveState;
    let long = "/tmp/a-rather-long-directory-name-for-testing/and-deeper/state.json";
    for width in [80u16, 100, 120, 160] {
        let mut app = demo_as(OWNER, (width, 24));
        app.state_label = long.to_string();
        for (state, mark) in [
            (SaveState::Saved, "│ ✓ saved"),
            (
                SaveState::Unread("STATE_CORRUPT"),
                "│ ✕ not reloaded: STATE_CORRUPT",
            ),
            (SaveState::Reloaded, "│ ↻ reloaded"),
        ] {
            app.save_state = state;
            let line = header(&app);
            assert!(line.trim_end().ends_with(mark), "{width}: {line}");
            assert!(line.contains(OWNER), "{width}: {line}");
            if line.contains(long) {
                continue;
            }
            assert!(
                line.contains("…") && line.contains("state.json │"),
                "{width}: {line}"
            );
        }
    }
    // A short path is shown as it is, facts and all, at 120 columns.
    let mut app = olga();
    app.state_label = "state.json".into();
    let line = header(&app);
    assert!(
        line.contains("(owner of") && line.contains("│ state.json │ ✓ saved"),
        "{line}"
    );
}

#[test]
fn invisible_characters_in_the_help_search_a_tree_search_and_a_palette_answer_show_escaped() {
    // The help's search.
    let mut app = olga();
    key(&mut app, KeyCode::Char('?'));
    typ(&mut app, "q\u{2028}r");
    let text = render_text(&app);
    assert_eq!(raw_invisible(&text), None, "{text}");
    assert!(text.contains("search: q\\u{2028}r"), "{text}");
    key(&mut app, KeyCode::Esc);

    // The search of the invitation's tree of shared items.
    let mut app = olga();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('i'));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "s\u{202e}h\u{200b}");
    let text = render_text(&app);
    assert_eq!(raw_invisible(&text), None, "{text}");
    assert!(text.contains("search: s\\u{202e}h\\u{200b}"), "{text}");

    // A palette line with a line separator: one word, as in a shell, and the answer's
    // title shows it escaped.
    let mut app = olga();
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "who shop\u{2028}-prod");
    key(&mut app, KeyCode::Enter);
    let text = render_text(&app);
    assert_eq!(raw_invisible(&text), None, "{text}");
    // The engine was asked about the one word (split at U+2028, it was a usage error
    // about `-prod`).
    assert!(text.contains("environment 'shop\\u{2028}-prod'"), "{text}");
}

/// The first frame's hints are about the row the app starts on: signed in as a member
/// whose collaboration is active, `L leave` is offered and accept/reject are not (they
/// once showed, dimmed, until the first key press).
#[test]
fn the_first_frames_footer_is_about_the_row_selected_at_start() {
    let app = demo_as("maria@acme.io", (120, 40));
    let first = footer(&app);
    assert!(first.contains("L leave"), "{first}");
    assert!(
        !first.contains("y accept") && !first.contains("n reject"),
        "{first}"
    );
}
