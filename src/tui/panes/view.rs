//! Drawing a pane: only the visible rows become text. Reads only.

use crate::tui::num::cells;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{PaneId, PaneState, Row, RowKey, Section};
use crate::engine::{AccountId, Catalogue, EnvStatus, Level, Platform, PolicyRef, RoleList};
use crate::tui::component::Ctx;
use crate::tui::keys::Action;
use crate::tui::theme::{status_style, status_symbol};

/// Draws a pane: its border and title (filter, lens), the visible rows, and its
/// position when the rows do not fit.
pub(super) fn render(st: &PaneState, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
    let t = ctx.theme;
    let id = st.id;
    let focused = ctx.focus == Some(id);
    let mut title = vec![Span::styled(
        format!(" {} {} ", id.number(), id.title()),
        if focused {
            t.title().patch(t.accent())
        } else {
            t.title()
        },
    )];
    if !st.filter.is_empty() {
        title.push(Span::styled(
            format!("/{} ", crate::text::escape(&st.filter)),
            t.warn(),
        ));
    }
    if id == PaneId::Envs
        && let Some(c) = ctx.lens
    {
        let p = ctx.platform();
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
        let hint = empty_hint(st, ctx);
        Paragraph::new(Line::styled(hint, t.dim()))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let height = inner.height as usize;
    let start = st.offset.min(st.rows.len().saturating_sub(1));
    for (i, row) in st.rows.iter().enumerate().skip(start).take(height) {
        let y = inner.y + cells(i - start);
        let selected = i == st.selected;
        // The selection marker takes the first column.
        let line = clip(
            row_line(ctx, row, inner.width < 40),
            usize::from(inner.width).saturating_sub(1),
        );
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
        let w = cells(crate::text::width(&pos));
        if area.width > w + 2 {
            Span::styled(pos, t.dim()).render(
                Rect::new(area.x + area.width - w - 1, area.y + area.height - 1, w, 1),
                buf,
            );
        }
    }
}

/// What an empty pane says, naming the keys as configured.
fn empty_hint(st: &PaneState, ctx: &Ctx<'_>) -> String {
    if !st.filter.is_empty() {
        return format!("nothing matches '{}'", crate::text::escape(&st.filter));
    }
    let key = |a: Action| ctx.keymap.label(a);
    match (st.id, ctx.me) {
        (PaneId::Accounts, _) => format!("no accounts yet: press {} to add one", key(Action::Add)),
        (_, None) => format!(
            "sign in: focus Accounts ({}), choose an account, press {}",
            key(Action::FocusAccounts),
            key(Action::Open)
        ),
        (PaneId::Members, _) => format!("no members: press {} to invite one", key(Action::Invite)),
        (PaneId::Envs, _) => format!("no environments: press {} to create one", key(Action::Add)),
        (PaneId::Roles, _) => format!("no roles: press {} to add one", key(Action::Add)),
    }
}

/// Cuts a line to `width` columns, so long texts cost nothing past the edge. Display
/// columns, not characters: a combining mark takes none (`Z` with ten accents is one
/// column) and a wide character two.
fn clip(line: Line<'_>, width: usize) -> Line<'_> {
    let mut left = width;
    let mut spans = Vec::with_capacity(line.spans.len());
    for mut span in line.spans {
        if left == 0 {
            break;
        }
        let kept = crate::text::clip(&span.content, left);
        let cut = kept.len() < span.content.len();
        left -= crate::text::width(kept);
        if cut {
            span.content = kept.to_string().into();
            spans.push(span);
            break;
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

fn env_symbol(s: EnvStatus) -> &'static str {
    match s {
        EnvStatus::Running => "▶",
        EnvStatus::Stopped => "■",
        EnvStatus::Sleeping => "z",
    }
}

pub fn roles_summary(p: &Platform, roles: &[crate::engine::RoleId]) -> String {
    p.sorted_role_names(roles).join("+")
}

/// A lens cell as text: the effective access, and for a member that is not active
/// what it would be, as a note.
pub fn lens_text(p: &Platform, cell: &crate::engine::LensCell, narrow: bool) -> String {
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

fn row_line<'a>(ctx: &'a Ctx<'_>, row: &Row, narrow: bool) -> Line<'a> {
    let t = ctx.theme;
    let p = ctx.platform();
    let me = ctx.me;
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
                other => super::label(p, me, RowKey::Section(other)),
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
            let n = ctx.group_totals.get(g.index()).copied().unwrap_or(0);
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
                let (level, roles) =
                    me.map_or((Level::None, RoleList::new()), |m| p.access_of(m, e));
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
            } else if let Some(c) = ctx.lens {
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
        RowKey::Category(i) => spans.push(Span::styled(crate::tui::panes::category(i), t.title())),
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
