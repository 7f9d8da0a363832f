//! The full-screen views, driven by key presses as a user would: the task log (rows
//! selected, opened in full, its own filter, the outcome at 80 columns, the end of the
//! list), the review (computed in the background, a fix applied through the preview)
//! and the access matrix (cells, both axes, the filter, why, the lens).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod app_common;

use app_common::{key, saving_app, typ};
use collab::engine::demo::{
    DEMO_NOW, DENIED_ENV, DENIED_MEMBER, EXAMPLE1_ENV, EXAMPLE1_MEMBER, EXAMPLE3_ENV,
    EXAMPLE3_MEMBER, LEFT_MEMBER, OWNER, demo_engine,
};
use collab::store::Store;
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use collab::tui::config::Config;
use collab::tui::keys::Action;
use collab::tui::panes::{self, PaneId, RowKey};
use collab::tui::snapshot::{app_for, render_text};
use collab::workspace::Workspace;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

fn demo_as(email: &str, size: (u16, u16)) -> App {
    let engine = demo_engine();
    let me = engine
        .platform()
        .account_by_email(email)
        .expect("demo account");
    app_for(engine, Some(me), size, DEMO_NOW)
}

fn screen(app: &App) -> String {
    render_text(app)
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
}

/// The selected row of a view: the line with the `›` marker.
fn selected_line(text: &str) -> String {
    line_with(text, "│›").to_string()
}

/// The text of the overlay's text view, its lines joined and re-spaced.
fn text_view(app: &App) -> (String, String) {
    match &app.overlay {
        Some(Overlay::Text(tv)) => (
            tv.title.clone(),
            tv.lines
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => panic!("no text view open"),
    }
}

// ----- tasks --------------------------------------------------------------------------

#[test]
fn a_task_row_is_selected_and_enter_shows_the_whole_denial_reason() {
    let mut app = demo_as(OWNER, (120, 40));
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(app.views.open(), Some(Action::Tasks));
    // Move down to the denied restart.
    for _ in 0..40 {
        if selected_line(&screen(&app)).contains("denied") {
            break;
        }
        key(&mut app, KeyCode::Char('j'));
    }
    let row = selected_line(&screen(&app));
    assert!(row.contains(DENIED_ENV) && row.contains("denied"), "{row}");
    // The reason is cut in the table...
    let p = app.ws.engine().platform();
    let reason = p
        .tasks()
        .iter()
        .rev()
        .find_map(|t| t.reason.clone())
        .expect("the demo has a denied task");
    assert!(!row.contains(&reason), "the table cuts the reason: {row}");
    // ...and Enter opens all of it, wrapped.
    key(&mut app, KeyCode::Enter);
    let (title, body) = text_view(&app);
    assert!(title.starts_with("Task "), "{title}");
    assert!(body.contains(&reason), "{reason:?} not in {body:?}");
    assert!(body.contains(DENIED_MEMBER), "{body}");
    assert!(
        body.contains("env.control.RestartNodes (restart)"),
        "{body}"
    );
    let shown = screen(&app);
    let last_word = reason.split(' ').next_back().unwrap();
    assert!(shown.contains(last_word), "{shown}");
    // Esc closes the popup, then the view.
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.views.open(), None);
}

#[test]
fn the_end_of_the_task_log_is_its_last_row_and_k_comes_back() {
    let mut app = demo_as(OWNER, (80, 24));
    key(&mut app, KeyCode::Char('t'));
    let total = {
        let p = app.ws.engine().platform();
        let me = app.me.unwrap();
        p.tasks().iter().filter(|t| p.task_visible(me, t)).count()
    };
    for end in [KeyCode::Char('G'), KeyCode::End] {
        key(&mut app, KeyCode::Char('g'));
        key(&mut app, end);
        let text = screen(&app);
        // The oldest task (shop-prod's creation) is selected and on screen.
        let row = selected_line(&text);
        assert!(row.contains("shop-prod") && row.contains("create"), "{row}");
        assert!(text.contains(&format!(" {total}/{total} ")), "{text}");
        assert!(!text.contains("no tasks yet"), "{text}");
        // The table is full: the end does not scroll past the last row.
        let rows = text.lines().filter(|l| l.contains(" 03-")).count();
        assert_eq!(rows, 18, "{text}");
        key(&mut app, KeyCode::Char('k'));
        let text = screen(&app);
        assert!(text.contains(&format!(" {}/{total} ", total - 1)), "{text}");
        assert_eq!(text.lines().filter(|l| l.contains(" 03-")).count(), 18);
    }
    key(&mut app, KeyCode::Char('g'));
    assert!(screen(&app).contains(&format!(" 1/{total} ")));
}

#[test]
fn the_tasks_filter_is_the_views_own_and_letters_typed_there_are_text() {
    let mut app = demo_as(OWNER, (120, 40));
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Char('/'));
    // "restart" holds two t's: text, not the key that closes the view; q is text too.
    typ(&mut app, "restart");
    assert_eq!(app.views.open(), Some(Action::Tasks));
    assert!(!app.quit);
    let text = screen(&app);
    assert!(text.contains("filter: restart"), "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(" 2026-")).collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(rows.iter().all(|r| r.contains("restart")), "{text}");
    // The Environments pane's filter is untouched.
    assert!(app.pane(PaneId::Envs).filter.is_empty());
    // By initiator and by outcome.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "denied");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(" 2026-")).collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert!(rows[0].contains(DENIED_MEMBER), "{text}");
    // The filter is kept: keys act on the view again (t closes, after Esc clears).
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        app.views.open(),
        Some(Action::Tasks),
        "Esc cleared the filter"
    );
    assert!(
        screen(&app)
            .lines()
            .filter(|l| l.contains(" 2026-"))
            .count()
            > 20
    );
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "kate@");
    let text = screen(&app);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(" 2026-")).collect();
    assert_eq!(rows.len(), 3, "{text}");
    typ(&mut app, "q");
    assert!(!app.quit);
    assert!(screen(&app).contains("no task matches 'kate@q'"));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(app.views.open(), None);
}

/// The header's column starts, and every row has a gap of two spaces before each.
fn assert_columns_apart(text: &str) {
    let header = line_with(text, "TIME");
    let starts: Vec<usize> = ["ENV", "ACTION", "INITIATOR", "OUTCOME"]
        .iter()
        .filter_map(|h| header.find(&format!("  {h}")).map(|i| i + 2))
        .collect();
    let header_cols: Vec<usize> = starts
        .iter()
        .map(|b| header[..*b].chars().count())
        .collect();
    for row in text
        .lines()
        .filter(|l| l.contains("│› ") || l.contains("│  "))
    {
        let chars: Vec<char> = row.chars().collect();
        for c in &header_cols {
            if *c >= chars.len() {
                continue;
            }
            assert!(
                chars[c - 1] == ' ' && chars[c - 2] == ' ',
                "columns run into each other at {c}:\n{row}\n{header}"
            );
        }
    }
}

#[test]
fn at_80_columns_the_outcome_shows_and_columns_never_run_into_each_other() {
    for size in [(80, 24), (100, 30), (120, 40), (250, 60)] {
        let mut app = demo_as(OWNER, size);
        key(&mut app, KeyCode::Char('t'));
        let text = screen(&app);
        let header = line_with(&text, "TIME");
        assert!(header.contains("OUTCOME"), "{size:?}: {header}");
        assert!(header.contains("INITIATOR"), "{size:?}: {header}");
        let denied = line_with(&text, "denied");
        assert!(denied.contains(DENIED_ENV), "{size:?}: {denied}");
        assert_columns_apart(&text);
    }
}

// ----- review --------------------------------------------------------------------------

/// Selects the review finding whose row contains every needle.
fn select_finding(app: &mut App, needles: &[&str]) {
    key(app, KeyCode::Char('g'));
    for _ in 0..60 {
        let row = selected_line(&screen(app));
        if needles.iter().all(|n| row.contains(n)) {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("no finding with {needles:?} in:\n{}", screen(app));
}

#[test]
fn the_review_runs_in_the_background_and_a_fix_applies_through_the_preview() {
    let (_dir, mut app) = saving_app(OWNER, (120, 40));
    key(&mut app, KeyCode::Char('R'));
    assert_eq!(app.views.open(), Some(Action::Review));
    // Until its result is collected, the view shows progress, not a blank screen.
    assert!(app.busy());
    let text = screen(&app);
    assert!(
        text.contains("reviewing olga@acme.io's account: 10 members, 15 environments"),
        "{text}"
    );
    app.finish_jobs();
    assert!(!app.busy());
    let text = screen(&app);
    assert!(text.contains("risk") && text.contains("warn"), "{text}");
    // Kate left but still holds a share entry: the fix removes her record.
    select_finding(&mut app, &["leftover_shares", LEFT_MEMBER]);
    let text = screen(&app);
    assert!(
        text.contains(&format!("member remove {LEFT_MEMBER}")),
        "the details show the fix: {text}"
    );
    assert!(text.contains("f applies it, after a preview"), "{text}");
    key(&mut app, KeyCode::Char('f'));
    assert!(
        matches!(app.overlay, Some(Overlay::Confirm(_))),
        "a destructive fix is confirmed first"
    );
    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none());
    assert!(
        app.message.as_ref().is_some_and(|m| !m.error),
        "{:?}",
        app.message
    );
    let p = app.ws.engine().platform();
    assert!(
        p.collabs_of_owner(app.me.unwrap())
            .all(|c| p.account(p.collab(c).member).email != LEFT_MEMBER),
        "Kate's record is gone"
    );
    // The platform changed: the review runs again, and the finding is gone.
    assert!(app.busy());
    app.finish_jobs();
    let text = screen(&app);
    assert!(
        text.contains("leftover_shares"),
        "other leftovers stay: {text}"
    );
    assert!(
        text.lines()
            .filter(|l| l.starts_with('│'))
            .all(|l| !l.contains(LEFT_MEMBER)),
        "{text}"
    );
}

/// The app has a file open that is not the default one: each fix it shows names that
/// file (`collab --state PATH`), so that the line, copied into a shell, changes the
/// file the app reviewed and not the user's default state file.
#[test]
fn a_fix_shown_in_the_app_names_the_file_the_app_has_open_and_runs_on_it() {
    let (dir, mut app) = saving_app(OWNER, (220, 50));
    let path = app.ws.store().path().to_path_buf();
    key(&mut app, KeyCode::Char('R'));
    app.finish_jobs();
    select_finding(&mut app, &["leftover_shares", LEFT_MEMBER]);
    let text = screen(&app);
    let shown = line_with(&text, &format!("member remove {LEFT_MEMBER}"));
    let at = shown.find("collab ").expect("the fix line");
    let line = shown[at..].trim_end_matches(['│', ' ']);
    let on_file = collab::store::collab_on(&path);
    assert!(on_file.starts_with("collab --state "), "{on_file}");
    assert!(
        line.starts_with(&format!("{on_file} --as {OWNER} ")),
        "{line}"
    );
    // Run as written by a shell whose default file is elsewhere: the open file changes.
    let home = dir.path().join("home");
    let bin = env!("CARGO_BIN_EXE_collab");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{bin} {}", &line["collab ".len()..]))
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("COLLAB_STATE")
        .env_remove("COLLAB_AS")
        .output()
        .unwrap();
    assert!(out.status.success(), "{line}: {out:?}");
    let after = Workspace::open(Store::new(&path)).unwrap();
    let p = after.engine().platform();
    let owner = p.account_by_email(OWNER).unwrap();
    assert!(
        p.collabs_of_owner(owner)
            .all(|c| p.account(p.collab(c).member).email != LEFT_MEMBER),
        "the fix removed Kate's record from the open file"
    );
    assert!(!home.exists(), "no default state file was made");
}

/// The finding rows of the Review view: lines of the list, by their severity column.
fn finding_rows(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| [" RISK ", " WARN ", " INFO "].iter().any(|s| l.contains(s)))
        .collect()
}

#[test]
fn the_reviews_filter_narrows_the_findings_and_f_fixes_the_one_selected_among_them() {
    let (_dir, mut app) = saving_app(OWNER, (120, 40));
    key(&mut app, KeyCode::Char('R'));
    app.finish_jobs();
    let text = screen(&app);
    let all = finding_rows(&text).len();
    assert!(all > 3, "{text}");
    key(&mut app, KeyCode::Char('/'));
    // `f`, `q` and `R` typed into the filter are text: nothing is fixed, nothing quits.
    typ(&mut app, "fqR");
    assert!(!app.quit);
    assert!(app.overlay.is_none());
    assert_eq!(app.views.open(), Some(Action::Review));
    let text = screen(&app);
    assert!(text.contains("filter: fqR"), "{text}");
    assert!(
        text.contains("no finding matches 'fqR' (Esc clears the filter)"),
        "{text}"
    );
    assert!(finding_rows(&text).is_empty(), "{text}");
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    // By member: only Kate's findings, counted in the title.
    typ(&mut app, LEFT_MEMBER);
    key(&mut app, KeyCode::Enter);
    let text = screen(&app);
    let rows = finding_rows(&text);
    assert!(!rows.is_empty(), "{text}");
    assert!(rows.iter().all(|r| r.contains(LEFT_MEMBER)), "{text}");
    assert!(
        text.contains(&format!(" {} of ", rows.len())),
        "the title counts what shows: {text}"
    );
    // The filter is kept; `f` fixes the finding selected among the filtered rows.
    select_finding(&mut app, &["leftover_shares", LEFT_MEMBER]);
    key(&mut app, KeyCode::Char('f'));
    assert!(
        matches!(app.overlay, Some(Overlay::Confirm(_))),
        "the fix is confirmed first"
    );
    key(&mut app, KeyCode::Char('y'));
    let p = app.ws.engine().platform();
    assert!(
        p.collabs_of_owner(app.me.unwrap())
            .all(|c| p.account(p.collab(c).member).email != LEFT_MEMBER),
        "the fix applied was the selected finding's: Kate's record is gone"
    );
    app.finish_jobs();
    let text = screen(&app);
    assert!(
        text.contains(&format!("no finding matches '{LEFT_MEMBER}'")),
        "the filter stays over the new review: {text}"
    );
    // By kind and severity words too; Esc clears the filter, and every finding shows.
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Esc);
    let all = finding_rows(&screen(&app)).len();
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "risk");
    let text = screen(&app);
    let risky = finding_rows(&text);
    assert!(!risky.is_empty() && risky.len() < all, "{text}");
    assert!(risky.iter().all(|r| r.contains(" RISK ")), "{text}");
    key(&mut app, KeyCode::Esc);
    assert_eq!(finding_rows(&screen(&app)).len(), all);
    assert_eq!(app.views.open(), Some(Action::Review));
}

/// Where the app's platform lies. The copy of the engine the review's thread gets
/// shares it (`tests/engine_copies.rs`); had the app's thread changed it, even by a dry
/// run, while the thread still shared it, the app's thread would have copied it, and
/// it would lie elsewhere.
fn platform_at(app: &App) -> *const collab::engine::Platform {
    std::ptr::from_ref(app.ws.engine().platform())
}

#[test]
fn opening_the_review_and_moving_in_it_leaves_the_apps_platform_where_it_was() {
    let mut app = demo_as(OWNER, (120, 40));
    let at = platform_at(&app);
    key(&mut app, KeyCode::Char('R'));
    assert!(app.busy());
    assert_eq!(
        platform_at(&app),
        at,
        "opening the view copied the platform"
    );
    app.finish_jobs();
    for _ in 0..5 {
        key(&mut app, KeyCode::Char('j'));
    }
    assert!(screen(&app).contains("risk"));
    assert_eq!(
        platform_at(&app),
        at,
        "the review copied the app's platform"
    );
}

#[test]
fn a_finding_that_only_informs_has_no_fix_to_apply() {
    let mut app = demo_as(OWNER, (120, 40));
    key(&mut app, KeyCode::Char('R'));
    app.finish_jobs();
    select_finding(&mut app, &["INFO", "delegate ", "boris@"]);
    key(&mut app, KeyCode::Char('f'));
    assert!(app.overlay.is_none());
    let m = app.message.clone().expect("a message says why");
    assert!(m.error && m.text.contains("only informs"), "{m:?}");
    // Enter opens the whole finding.
    key(&mut app, KeyCode::Enter);
    let (title, body) = text_view(&app);
    assert_eq!(title, "INFO delegate");
    assert!(body.contains("collaboration.manage"), "{body}");
}

/// The palette's error line, if it shows one.
fn palette_error(app: &App) -> Option<String> {
    match &app.overlay {
        Some(Overlay::Palette(p)) => p.error.clone(),
        _ => None,
    }
}

#[test]
fn review_typed_in_the_palette_opens_the_review_view_and_flags_it_cannot_honour_are_refused() {
    let mut app = demo_as(OWNER, (120, 40));
    // Flags the view cannot show keep the palette open, with the reason, and no view.
    for line in [
        "review --days 30",
        "review --owner boris@acme.io",
        "review --fail-on warn",
        "review --now 2026-03-10T00:00:00Z",
        "--json review",
    ] {
        key(&mut app, KeyCode::Char(':'));
        typ(&mut app, line);
        key(&mut app, KeyCode::Enter);
        let why = palette_error(&app).unwrap_or_else(|| panic!("{line}: no error shown"));
        assert!(
            why.contains("run 'collab review' from a shell") && why.contains("last 90 days"),
            "{line}: {why}"
        );
        assert_eq!(app.views.open(), None, "{line}");
        key(&mut app, KeyCode::Esc);
        assert!(app.overlay.is_none());
    }
    // Plain `review`, or naming the signed-in owner, opens the view, as R does.
    for line in ["review", "review --owner OLGA@acme.io --days 90"] {
        key(&mut app, KeyCode::Char(':'));
        typ(&mut app, line);
        key(&mut app, KeyCode::Enter);
        assert!(app.overlay.is_none(), "{line}: {:?}", palette_error(&app));
        assert_eq!(app.views.open(), Some(Action::Review), "{line}");
        app.finish_jobs();
        let text = screen(&app);
        assert!(
            text.contains("risk") && text.contains(OWNER),
            "{line}: {text}"
        );
    }
    // Typed again while the view shows, it stays (R, a toggle, would close it).
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "review");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.views.open(), Some(Action::Review));
}

// ----- the access matrix -----------------------------------------------------------------

/// The row of the matrix for an account.
fn matrix_row(text: &str, email: &str) -> String {
    line_with(text, &format!(" {email} ")).to_string()
}

#[test]
fn the_matrix_shows_levels_filters_both_axes_and_explains_a_cell() {
    let mut app = demo_as(OWNER, (80, 24));
    key(&mut app, KeyCode::Char('M'));
    assert_eq!(app.views.open(), Some(Action::Matrix));
    let text = screen(&app);
    assert!(text.contains("members × environments"), "{text}");
    assert!(
        text.contains("★ owner  ◆ direct  ▲ groups  ○ base  · none"),
        "{text}"
    );
    // Filter the columns to one environment and the rows to two members.
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, &format!("col:{EXAMPLE1_ENV} ann"));
    key(&mut app, KeyCode::Enter);
    let text = screen(&app);
    let header = text.lines().nth(2).unwrap_or_default();
    // One column left: it takes the room its name wants.
    assert!(header.contains("legacy-crm"), "{header}");
    assert!(!header.contains("api-eu"), "one column left: {header}");
    // Example 1: Anna on legacy-crm is base Viewer.
    assert!(
        matrix_row(&text, EXAMPLE1_MEMBER).contains("○ Viewer"),
        "{text}"
    );
    // Only the rows holding "ann" show.
    assert!(!text.contains("tom@freelance.dev"), "{text}");
    assert!(
        text.lines().skip(1).all(|l| !l.contains(" olga@acme.io ")),
        "{text}"
    );
    assert!(text.contains("1 of 11 rows, 1 of 15 columns"), "{text}");
    // Enter on Anna's cell explains it.
    key(&mut app, KeyCode::Char('g'));
    for _ in 0..10 {
        if selected_line(&screen(&app)).contains(EXAMPLE1_MEMBER) {
            break;
        }
        key(&mut app, KeyCode::Char('j'));
    }
    key(&mut app, KeyCode::Enter);
    let (title, body) = text_view(&app);
    assert_eq!(title, format!("Why: {EXAMPLE1_MEMBER} on {EXAMPLE1_ENV}"));
    assert!(body.contains("base"), "{body}");
    key(&mut app, KeyCode::Esc);
    // Example 3: Maria on billing-db, by groups.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, &format!("col:{EXAMPLE3_ENV} {EXAMPLE3_MEMBER}"));
    key(&mut app, KeyCode::Enter);
    let text = screen(&app);
    assert!(
        matrix_row(&text, EXAMPLE3_MEMBER).contains("▲ Accountant+Developer+Viewer"),
        "{text}"
    );
    assert!(
        text.contains("maria@acme.io on billing-db: groups Accountant+Developer+Viewer"),
        "the details spell the cell out: {text}"
    );
    // Tab switches the columns to groups.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Tab);
    let text = screen(&app);
    assert!(text.contains("members × groups"), "{text}");
    assert!(text.contains("Finance"), "{text}");
    // Long paths give way at their start, so sibling groups stay apart.
    let head = line_with(&text, "Finance");
    assert!(
        head.contains("…tion/EU") && head.contains("…tion/US"),
        "{head}"
    );
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "why needs an environment");
    assert!(app.message.as_ref().is_some_and(|m| m.error));
    key(&mut app, KeyCode::Tab);
    assert!(screen(&app).contains("members × environments"));
    key(&mut app, KeyCode::Char('M'));
    assert_eq!(app.views.open(), None);
}

#[test]
fn the_matrix_scrolls_on_both_axes_with_its_labels_in_place() {
    let mut app = demo_as(OWNER, (80, 24));
    key(&mut app, KeyCode::Char('M'));
    let first = screen(&app);
    let header_row = |t: &str| t.lines().nth(2).unwrap_or_default().to_string();
    assert!(header_row(&first).contains("api-eu"), "{first}");
    // Right to the last column: the names scroll, the member labels stay.
    for _ in 0..20 {
        key(&mut app, KeyCode::Char('l'));
    }
    let text = screen(&app);
    let header = header_row(&text);
    assert!(!header.contains("api-eu"), "{header}");
    assert!(header.contains("status-…"), "the last column: {header}");
    assert!(text.contains("column 15/15"), "{text}");
    assert!(matrix_row(&text, EXAMPLE1_MEMBER).contains("anna@acme.io"));
    assert!(text.contains(" olga@acme.io "), "{text}");
    // Left comes back; down moves the rows and the column names stay on top.
    key(&mut app, KeyCode::Left);
    assert!(screen(&app).contains("column 14/15"));
    key(&mut app, KeyCode::Char('G'));
    let text = screen(&app);
    assert!(text.contains("row 11/11"), "{text}");
    assert!(selected_line(&text).contains("tom@freelance.dev"), "{text}");
    assert_eq!(header_row(&text), header_row(&screen(&app)));
    assert!(header_row(&text).contains("status-…"), "{text}");
}

#[test]
fn the_lens_member_is_marked_in_the_matrix() {
    let mut app = demo_as(OWNER, (120, 40));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('g'));
    for _ in 0..20 {
        if let Some(k @ RowKey::Member(_)) = app.selected(PaneId::Members)
            && panes::label(app.ws.engine().platform(), app.me, k).starts_with(EXAMPLE1_MEMBER)
        {
            break;
        }
        key(&mut app, KeyCode::Char('j'));
    }
    assert!(app.lens().is_some());
    key(&mut app, KeyCode::Char('M'));
    let text = screen(&app);
    assert!(matrix_row(&text, EXAMPLE1_MEMBER).contains("◎"), "{text}");
    assert!(!matrix_row(&text, EXAMPLE3_MEMBER).contains("◎"), "{text}");
    assert!(
        text.contains(&format!("◎ lens: {EXAMPLE1_MEMBER}")),
        "{text}"
    );
}

#[test]
fn matrix_levels_differ_by_symbol_and_by_colour() {
    let engine = demo_engine();
    let me = engine.platform().account_by_email(OWNER);
    let ws = Workspace::with_engine(Store::new(collab::tui::snapshot::NOWHERE), engine);
    let mut app = App::new(
        ws,
        me,
        Config::defaults(true),
        Box::new(|| DEMO_NOW),
        Rect::new(0, 0, 120, 40),
    );
    key(&mut app, KeyCode::Char('M'));
    let mut buf = ratatui::buffer::Buffer::empty(app.size);
    collab::tui::draw::render(&app, app.size, &mut buf);
    let colour_of = |sym: &str| {
        buf.content()
            .iter()
            .skip(usize::from(app.size.width) * 4)
            .find(|c| c.symbol() == sym)
            .map_or_else(|| panic!("no {sym} cell"), |c| c.fg)
    };
    let colours = ["▲", "○", "·"].map(colour_of);
    assert_ne!(colours[0], colours[1]);
    assert_ne!(colours[1], colours[2]);
    assert_ne!(colours[0], colours[2]);
}

// ----- history ------------------------------------------------------------------------

#[test]
fn a_change_made_in_the_app_tops_the_history_and_enter_shows_its_effect() {
    let (_dir, mut app) = saving_app(OWNER, (120, 40));
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, "member suspend anna@acme.io");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    assert!(
        app.message.as_ref().is_some_and(|m| !m.error),
        "{:?}",
        app.message
    );
    key(&mut app, KeyCode::Char('H'));
    let text = screen(&app);
    assert!(text.contains("History"), "{text}");
    let top = selected_line(&text);
    assert!(top.contains("member suspend anna@acme.io"), "{top}");
    assert!(top.contains(OWNER), "who did it: {top}");
    key(&mut app, KeyCode::Enter);
    let (title, body) = text_view(&app);
    assert!(title.starts_with("Entry #"), "{title}");
    assert!(
        body.contains("anna@acme.io on billing-db: groups User → none"),
        "{body}"
    );
    assert!(body.contains("records it changed"), "{body}");
    // w does the same; Esc closes the entry, then the view.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('w'));
    assert!(matches!(app.overlay, Some(Overlay::Text(_))));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("History (newest"));
}

#[test]
fn the_history_filter_narrows_and_an_account_sees_only_what_concerns_it() {
    let mut owner = demo_as(OWNER, (120, 40));
    key(&mut owner, KeyCode::Char('H'));
    let everything = owner.ws.engine().journal().entries.len();
    assert!(everything > 0, "the demo has a journal");
    let text = screen(&owner);
    assert!(!text.contains("no changes yet"), "{text}");
    key(&mut owner, KeyCode::Char('/'));
    typ(&mut owner, "kate");
    let text = screen(&owner);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            let l = l.trim_start_matches('│');
            (l.starts_with("› #") || l.starts_with("  #"))
                && l.chars().nth(3).is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    assert!(!rows.is_empty(), "entries about kate:\n{text}");
    for line in rows {
        assert!(line.to_lowercase().contains("kate"), "{line}");
    }
    // Anna sees her own entries and those about her records, never Olga's others.
    let mut anna = demo_as("anna@acme.io", (120, 40));
    key(&mut anna, KeyCode::Char('H'));
    let journal = anna.ws.engine().journal();
    let visible = journal
        .entries
        .iter()
        .filter(|e| e.visible_to(Some("anna@acme.io")))
        .count();
    assert!(visible < everything);
    let text = screen(&anna);
    assert!(!text.contains("kate@contractors.io"), "{text}");
}

#[test]
fn help_lists_a_views_own_keys_among_those_that_work_here() {
    let mut app = demo_as(OWNER, (120, 40));
    key(&mut app, KeyCode::Char('M'));
    key(&mut app, KeyCode::Char('?'));
    let text = screen(&app);
    let here = text.find("Keys that work here").expect("the heading");
    let other = text.find("Other keys").unwrap_or(usize::MAX);
    let right = text.find("right").expect("the matrix's own key is listed");
    assert!(here < right && right < other, "{text}");
}

#[test]
fn the_matrix_gives_role_names_the_width_a_wide_screen_has() {
    // Maria holds Accountant on billing-db (by groups): at 200 columns the name shows
    // whole, and so does a long column name.
    let mut app = demo_as(OWNER, (200, 50));
    key(&mut app, KeyCode::Char('M'));
    let text = screen(&app);
    let maria = matrix_row(&text, EXAMPLE3_MEMBER);
    assert!(maria.contains("▲ Accountant"), "{text}");
    assert!(
        matrix_row(&text, "elena@acme.io").contains("▲ Deployer "),
        "{text}"
    );
    assert!(
        text.lines()
            .nth(2)
            .unwrap_or_default()
            .contains("invoice-worker"),
        "{text}"
    );
    // At 80x24 the matrix still fits, with as many columns as before.
    let mut app = demo_as(OWNER, (80, 24));
    key(&mut app, KeyCode::Char('M'));
    let text = screen(&app);
    assert!(text.lines().all(|l| collab::text::width(l) <= 80), "{text}");
    let header = text.lines().nth(2).unwrap_or_default();
    let names = header.split_whitespace().filter(|w| *w != "│").count();
    assert_eq!(names, 6, "{header}");
}
