//! One view of the app rendered to plain text: what `collab snapshot` prints and what
//! the snapshot tests compare. It uses the app's own state machine and drawing code,
//! driven by the same actions a user's keys would send.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::app::App;
use super::config::Config;
use super::draw;
use super::keys::Action;
use super::panes::{PaneId, RowKey};
use crate::engine::{AccountId, Engine, Timestamp};
use crate::store::Store;
use crate::workspace::Workspace;

/// The views `collab snapshot --view` knows: the command line's list, which its
/// shell completion offers.
pub const VIEWS: [&str; 20] = crate::cli::args::SNAPSHOT_VIEWS;

/// The largest size a snapshot may ask for (cells are allocated for it).
pub const MAX_SIDE: u16 = 1000;

/// Parses `WxH`; absurd sizes are refused.
pub fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("size '{s}' must look like 120x40"))?;
    let parse = |v: &str, what: &str| -> Result<u16, String> {
        let n: u32 = v
            .trim()
            .parse()
            .map_err(|_| format!("{what} '{v}' in size '{s}' is not a number"))?;
        if n == 0 || n > u32::from(MAX_SIDE) {
            return Err(format!("{what} {n} is out of range (1 to {MAX_SIDE})"));
        }
        u16::try_from(n).map_err(|_| format!("{what} {n} is out of range (1 to {MAX_SIDE})"))
    };
    Ok((parse(w, "width")?, parse(h, "height")?))
}

/// Where `app_for` pretends its state file is: under `/dev/null`, a file, so no
/// directory can be made there and nothing is ever written, even by root.
pub const NOWHERE: &str = "/dev/null/collab-snapshot/state.json";

/// Builds an app over an engine, as `me`, at a size, with a fixed clock, not saving
/// (a change it runs is refused by the state file, as a read-only one would be).
pub fn app_for(engine: Engine, me: Option<AccountId>, size: (u16, u16), now: Timestamp) -> App {
    let ws = Workspace::with_engine(Store::new(NOWHERE), engine);
    let mut app = App::new(
        ws,
        me,
        Config::defaults(false),
        Box::new(move || now),
        Rect::new(0, 0, size.0, size.1),
    );
    app.state_label = "state.json".into();
    app.collab = "collab --state state.json".into();
    app
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

/// Puts the app into one of the named views.
pub fn enter_view(app: &mut App, view: &str) -> Result<(), String> {
    match view {
        "members" => app.focus = PaneId::Members,
        "accounts" => app.focus = PaneId::Accounts,
        "envs" => app.focus = PaneId::Envs,
        "roles" => app.focus = PaneId::Roles,
        "inspector" => {
            app.focus = PaneId::Envs;
            select_first_env(app);
        }
        "lens" | "why" => {
            app.focus = PaneId::Members;
            let pane = app.pane_mut(PaneId::Members);
            if let Some(i) = pane
                .rows
                .iter()
                .position(|r| matches!(r.key, RowKey::Member(_)))
            {
                pane.selected = i;
            }
            app.focus = PaneId::Envs;
            select_first_env(app);
            if view == "why" {
                app.perform(Action::Why);
            }
        }
        "help" => app.perform(Action::Help),
        "tasks" => app.perform(Action::Tasks),
        "review" => {
            app.perform(Action::Review);
            app.finish_jobs();
        }
        "matrix" => app.perform(Action::Matrix),
        "history" => app.perform(Action::History),
        "actions" => {
            app.focus = PaneId::Envs;
            select_first_env(app);
            app.perform(Action::Actions);
        }
        "palette" => {
            app.perform(Action::Palette);
            for c in "member in".chars() {
                app.handle_key(key(KeyCode::Char(c)));
            }
        }
        "invite" => {
            app.focus = PaneId::Members;
            app.perform(Action::Invite);
        }
        "role-editor" => {
            app.focus = PaneId::Roles;
            select_first(app, PaneId::Roles, |k| matches!(k, RowKey::Role(_)));
            app.perform(Action::Edit);
        }
        "policy-editor" => {
            app.focus = PaneId::Roles;
            select_first(app, PaneId::Roles, |k| {
                matches!(k, RowKey::Policy(crate::engine::PolicyRef::Custom(_)))
            });
            app.perform(Action::Add);
        }
        "direct-access" => {
            app.focus = PaneId::Envs;
            select_first_env(app);
            app.perform(Action::Edit);
        }
        "new-env" => {
            app.focus = PaneId::Envs;
            select_first_env(app);
            app.perform(Action::Add);
            app.handle_key(key(KeyCode::Char('e')));
        }
        "confirm" => {
            app.focus = PaneId::Members;
            select_first(app, PaneId::Members, |k| matches!(k, RowKey::Member(_)));
            app.perform(Action::Suspend);
        }
        other => {
            return Err(format!(
                "unknown view '{other}'; views: {}",
                VIEWS.join(", ")
            ));
        }
    }
    app.settle();
    Ok(())
}

fn select_first(app: &mut App, pane: PaneId, want: impl Fn(RowKey) -> bool) {
    let p = app.pane_mut(pane);
    if let Some(i) = p.rows.iter().position(|r| want(r.key)) {
        p.selected = i;
    }
}

fn select_first_env(app: &mut App) {
    let h = 20;
    let pane = app.pane_mut(PaneId::Envs);
    if let Some(i) = pane
        .rows
        .iter()
        .position(|r| matches!(r.key, RowKey::Env(..)))
    {
        pane.selected = i;
        pane.scroll_into_view(h);
    }
}

/// The app's screen as text: one line per row, trailing spaces trimmed.
pub fn render_text(app: &App) -> String {
    let area = app.size;
    let mut buf = Buffer::empty(area);
    draw::render(app, area, &mut buf);
    buffer_text(&buf)
}

/// The buffer as text, one line per row, trailing spaces trimmed: every line takes
/// at most the buffer's width in columns.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::with_capacity((area.width as usize + 1) * area.height as usize);
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(area.x + x, area.y + y)].symbol();
            // A wide character fills its cell and the next ones, which ratatui keeps
            // as continuation cells: skip them, or each wide character gets a space.
            let w = crate::text::width(sym);
            if w > 1 {
                skip = w - 1;
            }
            line.push_str(if sym.is_empty() { " " } else { sym });
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The app's views for `collab snapshot` (`main` hands this to the command line).
pub struct SnapshotViews;

impl crate::cli::Views for SnapshotViews {
    fn names(&self) -> &[&'static str] {
        &VIEWS
    }

    fn parse_size(&self, size: &str) -> Result<(u16, u16), String> {
        parse_size(size)
    }

    fn render(
        &self,
        engine: Engine,
        me: Option<AccountId>,
        size: (u16, u16),
        now: Timestamp,
        view: &str,
        state: Option<&std::path::Path>,
    ) -> Result<String, String> {
        let mut app = app_for(engine, me, size, now);
        // The header names the file as the app would.
        app.state_label = state.map_or_else(|| super::DEMO_LABEL.to_string(), crate::store::shown);
        if let Some(path) = state {
            app.collab = crate::store::collab_on(path);
        }
        enter_view(&mut app, view)?;
        Ok(render_text(&app))
    }
}
