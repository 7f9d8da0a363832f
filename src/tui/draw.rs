//! Drawing: a pure function of the app's state. Only the visible rows of each pane are
//! turned into text, so a pane of 10,000 environments costs what 40 rows cost.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::app::{App, Avail};
use super::keys::Action;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, Screen};
use super::panes::{PaneId, Row, RowKey, Section, categories};
use super::theme::Theme;
use crate::engine::{
    AccountId, Catalogue, CollabStatus, EnvStatus, Level, Platform, PolicyRef, cmp_ci,
};

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
        ov.draw(app, screen.body, buf);
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
    spans.push(Span::styled("✓ saved", t.ok()));
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
    let mut spans = Vec::new();
    let actions: Vec<Action> = if app.tasks_view {
        vec![Action::Tasks, Action::Up, Action::Down, Action::Quit]
    } else {
        app.context_actions()
    };
    let mut width = 0usize;
    for a in actions {
        let key = app.config.keymap.label(a);
        let hint = if app.tasks_view && a == Action::Tasks {
            "back"
        } else {
            a.hint()
        };
        let text_len = key.chars().count() + hint.len() + 3;
        if width + text_len > area.width as usize {
            break;
        }
        width += text_len;
        let enabled = app.tasks_view || matches!(app.availability(a), Avail::Enabled);
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
        let line = row_line(app, id, row, inner.width < 40);
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

fn status_style(t: &Theme, s: CollabStatus) -> Style {
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

fn roles_summary(p: &Platform, roles: &[crate::engine::RoleId]) -> String {
    p.sorted_role_names(roles).join("+")
}

fn level_text(level: Level, narrow: bool) -> &'static str {
    match (level, narrow) {
        (Level::Direct, true) => "dir",
        (Level::Groups, true) => "grp",
        (l, _) => l.as_str(),
    }
}

fn row_line<'a>(app: &'a App, id: PaneId, row: &Row, narrow: bool) -> Line<'a> {
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
            let summary: Vec<String> = rec
                .shares
                .iter()
                .map(|(tg, roles)| {
                    let label = p.target_label(*tg);
                    if roles.is_empty() {
                        label
                    } else {
                        format!("{label}={}", roles_summary(p, roles))
                    }
                })
                .collect();
            spans.push(Span::styled(format!(" {}", summary.join(" ")), t.dim()));
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
            let n = p.envs_in_group(g).count();
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
                let rec = p.collab(c);
                let a = p.configured_access(rec, e);
                let text = if a.is_none() {
                    " · none".to_string()
                } else {
                    format!(
                        " · {} {}",
                        level_text(a.level.level(), narrow),
                        roles_summary(p, &a.roles)
                    )
                };
                let style = if a.is_none() || !rec.is_active() {
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
    let _ = id;
    Line::from(spans)
}

fn short_owner(p: &Platform, a: AccountId) -> String {
    let email = &p.account(a).email;
    email.split('@').next().unwrap_or(email).to_string()
}

// ----- inspector ------------------------------------------------------------------------

fn kv<'a>(t: &Theme, k: &str, v: impl Into<String>) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{k:<10}"), t.dim()),
        Span::raw(v.into()),
    ])
}

fn inspector(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.config.theme;
    let block = Block::bordered()
        .title(Span::styled(" Inspector ", t.title()))
        .border_style(t.border(false));
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = inspector_lines(app);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

pub fn inspector_lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.config.theme;
    let p = app.ws.engine().platform();
    let me = app.me;
    let mut out: Vec<Line<'static>> = Vec::new();
    let Some(key) = app.selected(app.focus) else {
        out.push(Line::styled("nothing selected", t.dim()));
        return out;
    };
    match key {
        RowKey::Account(a) => {
            let r = p.account_row(a);
            out.push(Line::styled(r.email.clone(), t.title()));
            out.push(kv(t, "name", r.name));
            out.push(kv(
                t,
                "envs",
                format!("{} of {}", r.environments, r.max_environments),
            ));
            out.push(kv(t, "members", r.members.to_string()));
            out.push(kv(
                t,
                "shared in",
                format!("{} ({} pending)", r.collaborations, r.pending_invitations),
            ));
            if Some(a) != me {
                out.push(Line::styled("Enter signs in as this account", t.dim()));
            }
        }
        RowKey::Member(c) | RowKey::Share(c, _) | RowKey::Collab(c) => {
            let r = p.member_row(c);
            let rec = p.collab(c);
            let title = if Some(rec.owner) == me {
                r.email.clone()
            } else {
                format!("shared by {}", r.owner)
            };
            out.push(Line::styled(title, t.title()));
            out.push(kv(t, "name", r.name));
            out.push(Line::from(vec![
                Span::styled(format!("{:<10}", "status"), t.dim()),
                Span::styled(
                    format!("{} {}", status_symbol(rec.status), rec.status),
                    status_style(t, rec.status),
                ),
            ]));
            out.push(kv(t, "changed", r.changed));
            out.push(kv(t, "invites", rec.invitations.to_string()));
            out.push(Line::styled("shares", t.dim()));
            if r.shares.is_empty() {
                out.push(Line::raw("  (none)"));
            }
            for s in r.shares {
                let roles = if s.roles.is_empty() {
                    "(ticked, no roles)".to_string()
                } else {
                    s.roles.join(", ")
                };
                out.push(Line::raw(format!("  {}  {roles}", s.target)));
            }
            let reach = if rec.is_active() {
                p.reachable(rec).len()
            } else {
                0
            };
            out.push(kv(t, "reaches", format!("{reach} environment(s)")));
        }
        RowKey::Env(e, _) => env_inspector(app, e, &mut out),
        RowKey::Group(g) => {
            let grp = p.group(g);
            out.push(Line::styled(grp.path.clone(), t.title()));
            out.push(kv(t, "envs", p.envs_in_group(g).count().to_string()));
            out.push(kv(t, "subgroups", p.children_of(g).count().to_string()));
            let shared: Vec<String> = p
                .collabs_of_owner(grp.owner)
                .filter(|c| {
                    p.collab(*c)
                        .shares
                        .contains_key(&crate::engine::ShareTarget::Group(g))
                })
                .map(|c| p.account(p.collab(c).member).email.clone())
                .collect();
            out.push(kv(
                t,
                "shared to",
                if shared.is_empty() {
                    "-".to_string()
                } else {
                    shared.join(", ")
                },
            ));
        }
        RowKey::Role(r) => {
            let row = p.role_row(r);
            out.push(Line::styled(row.name.clone(), t.title()));
            if !row.description.is_empty() {
                out.push(Line::raw(row.description.clone()));
            }
            out.push(kv(
                t,
                "notify",
                if row.notify {
                    "yes: receives load alerts"
                } else {
                    "no"
                },
            ));
            out.push(Line::styled("policies", t.dim()));
            for id in &row.policies {
                out.push(Line::raw(format!("  {id}")));
            }
            let users = role_users(p, r);
            out.push(Line::styled(format!("used by ({})", users.len()), t.dim()));
            for u in users {
                out.push(Line::raw(format!("  {u}")));
            }
        }
        RowKey::RolePolicy(_, pr) | RowKey::Policy(pr) | RowKey::Method(pr, _) => {
            let row = p.policy_row(pr);
            out.push(Line::styled(
                format!("{} — {}", row.id, row.name),
                t.title(),
            ));
            out.push(kv(t, "category", row.category));
            if !row.description.is_empty() {
                out.push(Line::raw(row.description));
            }
            out.push(Line::styled(
                if row.system {
                    "system policy (read-only)"
                } else {
                    "custom policy"
                },
                t.dim(),
            ));
            for m in row.methods {
                out.push(Line::raw(format!("  {m}")));
            }
        }
        RowKey::Category(i) => {
            out.push(Line::styled(
                categories()[usize::from(i)].clone(),
                t.title(),
            ));
            out.push(Line::styled("Enter lists its policies", t.dim()));
        }
        RowKey::Section(s) => {
            out.push(Line::styled(
                super::panes::label(p, me, RowKey::Section(s)),
                t.title(),
            ));
        }
    }
    out
}

fn role_users(p: &Platform, r: crate::engine::RoleId) -> Vec<String> {
    let owner = p.role(r).owner;
    let mut v: Vec<String> = p
        .collabs_of_owner(owner)
        .filter_map(|c| {
            let rec = p.collab(c);
            let targets: Vec<String> = rec
                .shares
                .iter()
                .filter(|(_, roles)| roles.contains(&r))
                .map(|(tg, _)| p.target_label(*tg))
                .collect();
            (!targets.is_empty())
                .then(|| format!("{} ({})", p.account(rec.member).email, targets.join(", ")))
        })
        .collect();
    v.sort_by(|a, b| cmp_ci(a, b));
    v
}

fn env_inspector(app: &App, e: crate::engine::EnvId, out: &mut Vec<Line<'static>>) {
    let t = &app.config.theme;
    let p = app.ws.engine().platform();
    let Some(me) = app.me else { return };
    let row = p.env_row(me, e);
    out.push(Line::styled(
        format!("{}  {}", row.name, row.status),
        t.title(),
    ));
    out.push(kv(t, "owner", row.owner.clone()));
    out.push(kv(t, "creator", row.creator.clone()));
    out.push(kv(t, "cloudlets", row.cloudlets.to_string()));
    out.push(kv(
        t,
        "cost/h",
        match row.cents_per_hour {
            Some(c) => format!("{}.{:02}", c / 100, c % 100),
            None => "hidden (needs billing.view)".to_string(),
        },
    ));
    if !row.groups.is_empty() {
        out.push(kv(t, "groups", row.groups.join(", ")));
    }
    if row.level != Level::Owner {
        out.push(kv(
            t,
            "you",
            format!("{} {}", row.level, row.roles.join(", ")),
        ));
    }
    out.push(Line::styled(
        "collaboration (name · roles · access level · status)",
        t.dim(),
    ));
    match p.share_rows(Some(me), e) {
        Ok(rows) => {
            if rows.is_empty() {
                out.push(Line::raw("  (shared with nobody)"));
            }
            for r in rows {
                let name = if r.member == p.account(me).email {
                    format!("Me ({})", r.member)
                } else {
                    r.member.clone()
                };
                out.push(Line::from(vec![
                    Span::raw(format!(
                        "  {name} · {} · {} ",
                        r.roles.join("+"),
                        r.level.as_str()
                    )),
                    Span::styled(
                        format!("{} {}", status_symbol(r.status), r.status),
                        status_style(t, r.status),
                    ),
                ]));
            }
        }
        Err(_) => out.push(Line::styled(
            "(only the owner and delegates see everyone)",
            t.dim(),
        )),
    }
    if let Ok(alert) = p.alert_row(Some(me), e) {
        out.push(kv(t, "alerts", alert.notify.join(", ")));
    }
    if let Some(c) = app.lens() {
        let rec = p.collab(c);
        let a = p.configured_access(rec, e);
        let who = p.account(rec.member).email.clone();
        out.push(Line::styled(
            format!(
                "lens {who}: {} {}  (w: why)",
                a.level.level(),
                roles_summary(p, &a.roles)
            ),
            t.accent(),
        ));
    }
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
