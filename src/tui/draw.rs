//! Drawing: a pure function of the app's state. Only the visible rows of each pane are
//! turned into text, so a pane of 10,000 environments costs what 40 rows cost.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::app::{App, Avail, SaveState};
use super::keys::Action;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, Screen};
use super::panes::{PaneId, Row, RowKey, Section, categories};
use super::theme::Theme;
use crate::engine::{AccountId, Catalogue, CollabStatus, EnvStatus, Level, Platform, PolicyRef};

pub fn draw(app: &App, frame: &mut Frame<'_>) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
}

/// Renders the whole screen into a buffer (the app, snapshots and tests share this).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let screen = Screen::new(area);
    let t = &app.config.theme;
    if screen.too_small {
        too_small(t, area, buf);
        return;
    }
    header(app, screen.header, buf);
    if app.tasks_view {
        tasks(app, screen.body, buf);
    } else {
        for id in PaneId::ALL {
            if let Some(r) = screen.pane(id) {
                pane(app, id, r, buf);
            }
        }
        inspector(app, screen.inspector, buf);
    }
    message(app, screen.message, buf);
    footer(app, screen.footer, buf);
    if let Some(ov) = &app.overlay {
        let here = app.pane_bindings();
        ov.render(screen.body, buf, &app.ctx(&here));
    }
}

fn too_small(t: &Theme, area: Rect, buf: &mut Buffer) {
    let text = vec![
        Line::styled("terminal too small", t.title()),
        Line::raw(format!(
            "need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}",
            area.width, area.height
        )),
        Line::styled("enlarge the window, or press q to quit", t.dim()),
    ];
    let h = 3.min(area.height);
    let y = area.y + area.height.saturating_sub(h) / 2;
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(Rect::new(area.x, y, area.width, h), buf);
}

fn header(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let p = app.ws.engine().platform();
    let mut spans = vec![Span::styled(
        " collab ",
        t.accent().add_modifier(ratatui::style::Modifier::BOLD),
    )];
    match app.me {
        Some(me) => {
            let row = p.account_row(me);
            spans.push(Span::raw("│ "));
            spans.push(Span::styled(row.email.clone(), t.title()));
            let mut facts = Vec::new();
            if row.environments > 0 || row.members > 0 {
                facts.push(format!(
                    "owner of {} envs, {} members",
                    row.environments, row.members
                ));
            }
            let active = p
                .collabs_of_member(me)
                .filter(|c| p.collab(*c).status == CollabStatus::Active)
                .count();
            if active > 0 {
                facts.push(format!("member of {active}"));
            }
            if row.pending_invitations > 0 {
                facts.push(format!(
                    "{} pending invitation{}",
                    row.pending_invitations,
                    if row.pending_invitations == 1 {
                        ""
                    } else {
                        "s"
                    }
                ));
            }
            if !facts.is_empty() {
                spans.push(Span::styled(format!(" ({})", facts.join(" · ")), t.dim()));
            }
        }
        None => spans.push(Span::styled("│ not signed in", t.dim())),
    }
    spans.push(Span::raw(" │ "));
    spans.push(Span::styled(app.state_label.clone(), t.dim()));
    spans.push(Span::raw(" │ "));
    spans.push(match &app.save_state {
        SaveState::Saved => Span::styled("✓ saved", t.ok()),
        SaveState::Reloaded => Span::styled("↻ reloaded", t.accent()),
        SaveState::Failed(code) => Span::styled(format!("✕ not saved: {code}"), t.error()),
    });
    Line::from(spans).render(area, buf);
}

fn message(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let line = match &app.message {
        Some(m) if m.error => Line::from(vec![
            Span::styled(format!("✕ {}", m.text), t.error()),
            Span::styled("  (Esc dismisses)", t.dim()),
        ]),
        Some(m) => Line::raw(m.text.clone()),
        None => {
            let f = app.focus;
            let st = app.pane(f);
            if st.filtering {
                Line::from(vec![
                    Span::styled("filter: ", t.accent()),
                    Span::raw(st.filter.clone()),
                    Span::styled("▏  Enter keeps it, Esc clears", t.dim()),
                ])
            } else {
                Line::default()
            }
        }
    };
    line.render(area, buf);
}

/// The footer: the keys that work now, from the same table that dispatches them.
fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let actions: Vec<Action> = if app.tasks_view {
        vec![Action::Tasks, Action::Up, Action::Down, Action::Quit]
    } else {
        app.context_actions()
    };
    let entry = |a: Action| {
        let key = app.config.keymap.label(a);
        let hint = if app.tasks_view && a == Action::Tasks {
            "back"
        } else {
            a.hint()
        };
        let enabled = app.tasks_view || matches!(app.availability(a), Avail::Enabled);
        (key, hint, enabled)
    };
    let len = |(k, h, _): &(String, &str, bool)| k.chars().count() + h.len() + 3;
    // Help and quit always fit: the context's own keys get what is left, in order.
    let fixed: Vec<_> = [Action::Help, Action::Quit]
        .into_iter()
        .filter(|a| actions.contains(a))
        .map(entry)
        .collect();
    let mut room = (area.width as usize).saturating_sub(fixed.iter().map(len).sum());
    let mut shown = Vec::new();
    for a in actions
        .iter()
        .filter(|a| !matches!(a, Action::Help | Action::Quit))
    {
        let e = entry(*a);
        if len(&e) > room {
            break;
        }
        room -= len(&e);
        shown.push(e);
    }
    shown.extend(fixed);
    let mut spans = Vec::new();
    for (key, hint, enabled) in shown {
        let (ks, hs) = if enabled {
            (t.accent(), Style::new())
        } else {
            (t.dim(), t.dim())
        };
        spans.push(Span::styled(key, ks));
        spans.push(Span::styled(format!(" {hint}  "), hs));
    }
    Line::from(spans).render(area, buf);
}

fn pane(app: &App, id: PaneId, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let focused = app.focus == id && app.overlay.is_none();
    let st = app.pane(id);
    let mut title = vec![Span::styled(
        format!(" {} {} ", id.number(), id.title()),
        if focused {
            t.title().patch(t.accent())
        } else {
            t.title()
        },
    )];
    if !st.filter.is_empty() {
        title.push(Span::styled(format!("/{} ", st.filter), t.warn()));
    }
    if id == PaneId::Envs
        && let Some(c) = app.lens()
    {
        let p = app.ws.engine().platform();
        title.push(Span::styled(
            format!("lens: {} ", p.account(p.collab(c).member).email),
            t.accent(),
        ));
    }
    let block = Block::bordered()
        .title(Line::from(title))
        .border_style(t.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    if st.rows.is_empty() {
        let hint = empty_hint(app, id);
        Paragraph::new(Line::styled(hint, t.dim()))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let height = inner.height as usize;
    let start = st.offset.min(st.rows.len().saturating_sub(1));
    for (i, row) in st.rows.iter().enumerate().skip(start).take(height) {
        let y = inner.y + (i - start) as u16;
        let selected = i == st.selected;
        let line = clip(row_line(app, row, inner.width < 40), inner.width as usize);
        let r = Rect::new(inner.x, y, inner.width, 1);
        let style = if selected {
            t.selected(focused)
        } else {
            Style::new()
        };
        buf.set_style(r, style);
        let marker = if selected { "›" } else { " " };
        let mut spans = vec![Span::styled(
            marker,
            if selected { style } else { t.accent() },
        )];
        spans.extend(line.spans);
        Line::from(spans).style(style).render(r, buf);
    }
    if st.rows.len() > height && height > 0 {
        let pos = format!(" {}/{} ", st.selected + 1, st.rows.len());
        let w = pos.chars().count() as u16;
        if area.width > w + 2 {
            Span::styled(pos, t.dim()).render(
                Rect::new(area.x + area.width - w - 1, area.y + area.height - 1, w, 1),
                buf,
            );
        }
    }
}

fn empty_hint(app: &App, id: PaneId) -> String {
    let st = app.pane(id);
    if !st.filter.is_empty() {
        return format!("nothing matches '{}'", st.filter);
    }
    match (id, app.me) {
        (PaneId::Accounts, _) => "no accounts yet: press a to add one".into(),
        (_, None) => "sign in: focus Accounts (1), choose an account, press Enter".into(),
        (PaneId::Members, _) => "no members: press i to invite one".into(),
        (PaneId::Envs, _) => "no environments: press a to create one".into(),
        (PaneId::Roles, _) => "no roles: press a to add one".into(),
    }
}

/// Cuts a line to `width` characters, so long texts cost nothing past the edge.
fn clip(line: Line<'_>, width: usize) -> Line<'_> {
    let mut left = width;
    let mut spans = Vec::with_capacity(line.spans.len());
    for mut span in line.spans {
        if left == 0 {
            break;
        }
        let n = span.content.chars().count();
        if n > left {
            let cut: String = span.content.chars().take(left).collect();
            span.content = cut.into();
            left = 0;
        } else {
            left -= n;
        }
        spans.push(span);
    }
    Line::from(spans)
}

fn indent(depth: u8) -> String {
    "  ".repeat(depth as usize)
}

fn fold(row: &Row) -> &'static str {
    match row.open {
        Some(true) => "▾ ",
        Some(false) => "▸ ",
        None => "  ",
    }
}

pub fn status_symbol(s: CollabStatus) -> &'static str {
    match s {
        CollabStatus::Active => "●",
        CollabStatus::Pending => "◌",
        CollabStatus::Suspended => "‖",
        CollabStatus::Left => "←",
        CollabStatus::Rejected => "✕",
    }
}

pub(crate) fn status_style(t: &Theme, s: CollabStatus) -> Style {
    match s {
        CollabStatus::Active => t.ok(),
        CollabStatus::Pending | CollabStatus::Suspended => t.warn(),
        CollabStatus::Left => t.dim(),
        CollabStatus::Rejected => t.error(),
    }
}

fn env_symbol(s: EnvStatus) -> &'static str {
    match s {
        EnvStatus::Running => "▶",
        EnvStatus::Stopped => "■",
        EnvStatus::Sleeping => "z",
    }
}

pub(crate) fn roles_summary(p: &Platform, roles: &[crate::engine::RoleId]) -> String {
    p.sorted_role_names(roles).join("+")
}

/// A lens cell as text: the effective access, and for a member that is not active
/// what it would be, as a note.
pub(crate) fn lens_text(p: &Platform, cell: &crate::engine::LensCell, narrow: bool) -> String {
    match &cell.would_be {
        _ if cell.level != Level::None => format!(
            " · {} {}",
            level_text(cell.level, narrow),
            roles_summary(p, &cell.roles)
        ),
        Some(a) => format!(
            " · none ({}; would be {} {})",
            cell.status,
            level_text(a.level.level(), narrow),
            roles_summary(p, &a.roles)
        ),
        None => " · none".to_string(),
    }
}

fn level_text(level: Level, narrow: bool) -> &'static str {
    match (level, narrow) {
        (Level::Direct, true) => "dir",
        (Level::Groups, true) => "grp",
        (l, _) => l.as_str(),
    }
}

/// More characters than any pane row shows: summaries stop growing past it.
const SUMMARY_BUDGET: usize = 160;

fn row_line<'a>(app: &'a App, row: &Row, narrow: bool) -> Line<'a> {
    let t = &app.config.theme;
    let p = app.ws.engine().platform();
    let me = app.me;
    let pad = Span::raw(format!("{}{}", indent(row.depth), fold(row)));
    let mut spans = vec![pad];
    match row.key {
        RowKey::Account(a) => {
            let r = p.account_row(a);
            let mark = if Some(a) == me { "● " } else { "  " };
            spans.push(Span::styled(mark, t.accent()));
            spans.push(Span::raw(r.email));
            if r.pending_invitations > 0 {
                spans.push(Span::styled(
                    format!(" ✉{}", r.pending_invitations),
                    t.warn(),
                ));
            }
            if r.environments > 0 {
                spans.push(Span::styled(format!(" {}env", r.environments), t.dim()));
            }
        }
        RowKey::Section(s) => {
            let text = match s {
                Section::SharedByMe => format!(
                    "Shared by Me ({})",
                    me.map_or(0, |m| p.collabs_of_owner(m).count())
                ),
                Section::SharedWithMe => format!(
                    "Shared with Me ({})",
                    me.map_or(0, |m| p.collabs_of_member(m).count())
                ),
                Section::SharedFrom(o) => format!("⇄ Shared with Me · {}", p.account(o).email),
                other => super::panes::label(p, me, crate::tui::panes::RowKey::Section(other)),
            };
            spans.push(Span::styled(text, t.title()));
        }
        RowKey::Member(c) => {
            let rec = p.collab(c);
            spans.push(Span::styled(
                format!("{} ", status_symbol(rec.status)),
                status_style(t, rec.status),
            ));
            spans.push(Span::raw(p.account(rec.member).email.clone()));
            // Only as much of the summary as a row can show.
            let mut summary = String::new();
            for (tg, roles) in &rec.shares {
                if summary.len() > SUMMARY_BUDGET {
                    break;
                }
                summary.push(' ');
                summary.push_str(&p.target_label(*tg));
                if !roles.is_empty() {
                    summary.push('=');
                    summary.push_str(&roles_summary(p, roles));
                }
            }
            spans.push(Span::styled(summary, t.dim()));
        }
        RowKey::Share(c, target) => {
            let roles = p.collab(c).shares.get(&target).cloned().unwrap_or_default();
            spans.push(Span::raw(p.target_label(target)));
            if roles.is_empty() {
                spans.push(Span::styled(" (ticked, no roles)", t.dim()));
            } else {
                spans.push(Span::styled(
                    format!(" = {}", roles_summary(p, &roles)),
                    t.accent(),
                ));
            }
        }
        RowKey::Collab(c) => {
            let rec = p.collab(c);
            spans.push(Span::styled(
                format!("{} ", status_symbol(rec.status)),
                status_style(t, rec.status),
            ));
            spans.push(Span::raw(p.account(rec.owner).email.clone()));
            spans.push(Span::styled(
                format!(" {}", rec.status),
                status_style(t, rec.status),
            ));
        }
        RowKey::Group(g) => {
            let n = app.group_totals.get(&g).copied().unwrap_or(0);
            spans.push(Span::styled(p.group(g).name.clone(), t.title()));
            spans.push(Span::styled(format!(" ({n})"), t.dim()));
        }
        RowKey::Env(e, _) => {
            let env = p.env(e);
            spans.push(Span::styled(
                format!("{} ", env_symbol(env.status)),
                match env.status {
                    EnvStatus::Running => t.ok(),
                    EnvStatus::Stopped => t.dim(),
                    EnvStatus::Sleeping => t.warn(),
                },
            ));
            spans.push(Span::raw(env.name.clone()));
            if Some(env.owner) != me {
                let (level, roles) = me.map_or((Level::None, Vec::new()), |m| p.access_of(m, e));
                spans.push(Span::styled(
                    format!(" ⇄{}", short_owner(p, env.owner)),
                    t.accent(),
                ));
                spans.push(Span::styled(
                    format!(
                        " {} {}",
                        level_text(level, narrow),
                        roles_summary(p, &roles)
                    ),
                    t.dim(),
                ));
            } else if let Some(c) = app.lens() {
                let cell = p.lens_cell(c, e);
                let text = lens_text(p, &cell, narrow);
                let style = if cell.level == Level::None {
                    t.dim()
                } else {
                    t.accent()
                };
                spans.push(Span::styled(text, style));
            }
        }
        RowKey::Role(r) => {
            let role = p.role(r);
            spans.push(Span::styled(role.name.clone(), t.title()));
            spans.push(Span::styled(
                format!(" {} pol", role.policies.len()),
                t.dim(),
            ));
            if role.notify {
                spans.push(Span::styled(" !notify", t.warn()));
            }
        }
        RowKey::RolePolicy(_, pr) | RowKey::Policy(pr) => {
            spans.push(Span::raw(p.policy_id(pr).to_string()));
            if let PolicyRef::System(i) = pr {
                spans.push(Span::styled(
                    format!(" {}", Catalogue::get().policy(i).name),
                    t.dim(),
                ));
            }
        }
        RowKey::Category(i) => spans.push(Span::styled(
            categories()[usize::from(i)].clone(),
            t.title(),
        )),
        RowKey::Method(_, m) => spans.push(Span::styled(
            Catalogue::get().method_name(m).to_string(),
            t.dim(),
        )),
    }
    Line::from(spans)
}

fn short_owner(p: &Platform, a: AccountId) -> String {
    let email = &p.account(a).email;
    email.split('@').next().unwrap_or(email).to_string()
}

// ----- inspector ------------------------------------------------------------------------

fn inspector(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let block = Block::bordered()
        .title(Span::styled(" Inspector ", t.title()))
        .border_style(t.border(false));
    let inner = block.inner(area);
    block.render(area, buf);
    let lines: Vec<Line<'_>> = app
        .inspector
        .iter()
        .take(inner.height as usize * 2)
        .cloned()
        .collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

// ----- tasks ----------------------------------------------------------------------------

fn tasks(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let p = app.ws.engine().platform();
    let block = Block::bordered()
        .title(Span::styled(
            " Tasks (newest first; » started by someone else) ",
            t.title(),
        ))
        .border_style(t.border(true));
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(me) = app.me else { return };
    let email = p.account(me).email.clone();
    let rows = p.task_rows(me, None, Some(app.tasks_offset + inner.height as usize));
    let mut lines = vec![Line::styled(
        format!(
            "{:<21}{:<17}{:<30}{:<24}{}",
            "TIME", "ENV", "ACTION", "INITIATOR", "OUTCOME"
        ),
        t.dim(),
    )];
    for r in rows.into_iter().skip(app.tasks_offset) {
        let other = r.initiator != email;
        let initiator = if other {
            format!("» {}", r.initiator)
        } else {
            r.initiator.clone()
        };
        let outcome = match &r.reason {
            Some(why) => format!("{}: {why}", r.outcome),
            None => r.outcome.clone(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "{:<21}{:<17}{:<30}",
                r.time,
                r.env.clone().unwrap_or_else(|| "-".into()),
                r.method
            )),
            Span::styled(
                format!("{initiator:<24}"),
                if other { t.accent() } else { Style::new() },
            ),
            Span::styled(
                outcome,
                if r.outcome == "denied" {
                    t.error()
                } else {
                    t.ok()
                },
            ),
        ]));
    }
    if lines.len() == 1 {
        lines.push(Line::styled("no tasks yet", t.dim()));
    }
    Paragraph::new(lines).render(inner, buf);
}
