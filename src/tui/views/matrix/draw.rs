//! Drawing the access matrix: the column names and the row labels stay in place while
//! the cells scroll under them, and only the cells on screen are computed — one
//! engine lookup each (`Platform::lens_cell` for environments, the placement rule
//! for groups). Levels are told apart by symbol as well as colour, so the matrix
//! reads the same with `NO_COLOR`.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::{Axis, ColId, MatrixView, RowId};
use crate::engine::{CollabStatus, Level, Platform, RoleList};
use crate::text::escape;
use crate::tui::component::Ctx;
use crate::tui::keys::Action;
use crate::tui::num::cells;
use crate::tui::panes::status_symbol;
use crate::tui::theme::Theme;
use crate::tui::views::{cut, pad};

/// The symbol of each level, in the legend's order.
const LEVELS: [(Level, &str); 5] = [
    (Level::Owner, "★"),
    (Level::Direct, "◆"),
    (Level::Groups, "▲"),
    (Level::Base, "○"),
    (Level::None, "·"),
];

fn symbol(level: Level) -> &'static str {
    LEVELS
        .iter()
        .find(|(l, _)| *l == level)
        .map_or("?", |(_, s)| s)
}

fn level_style(t: &Theme, level: Level) -> Style {
    match level {
        Level::Owner => t.accent().add_modifier(Modifier::BOLD),
        Level::Direct => t.ok(),
        Level::Groups => t.warn(),
        Level::Base => Style::new(),
        Level::None => t.dim(),
    }
}

/// One cell: the effective level and roles, and for a member that is not active,
/// what its entries would give (shown in the details, never as access).
struct Value {
    level: Level,
    roles: RoleList,
    status: Option<CollabStatus>,
    would_be: Option<(Level, RoleList)>,
}

fn value(p: &Platform, row: RowId, col: ColId) -> Value {
    let RowId::Member(c) = row else {
        return Value {
            level: Level::Owner,
            roles: RoleList::new(),
            status: None,
            would_be: None,
        };
    };
    match col {
        ColId::Env(e) => {
            let cell = p.lens_cell(c, e);
            Value {
                level: cell.level,
                roles: cell.roles,
                status: Some(cell.status),
                would_be: cell.would_be.map(|a| (a.level.level(), a.roles)),
            }
        }
        ColId::Group(g) => {
            let rec = p.collab(c);
            let configured = p.placement_access(rec, &[g]);
            let configured = (configured.level.level(), configured.roles);
            if rec.is_active() {
                Value {
                    level: configured.0,
                    roles: configured.1,
                    status: Some(rec.status),
                    would_be: None,
                }
            } else {
                Value {
                    level: Level::None,
                    roles: RoleList::new(),
                    status: Some(rec.status),
                    would_be: (configured.0 != Level::None).then_some(configured),
                }
            }
        }
    }
}

/// What a cell shows in its width less one column, then the gap: the symbol and the
/// roles, built in one string (a frame draws hundreds of cells).
fn cell_text(m: &MatrixView, ctx: &Ctx<'_>, v: &Value) -> String {
    let cell = m.cell();
    let mut s = String::with_capacity(cell * 3);
    s.push_str(symbol(v.level));
    if v.level != Level::None && v.level != Level::Owner {
        s.push(' ');
        m.push_roles(ctx, &v.roles, &mut s);
    }
    let room = cell.saturating_sub(1);
    let mut used = crate::text::width(&s);
    if used > room {
        let keep = crate::text::clip(&s, room.saturating_sub(1)).len();
        s.truncate(keep);
        s.push('…');
        used = crate::text::width(&s);
    }
    s.extend(std::iter::repeat_n(' ', cell.saturating_sub(used)));
    s
}

/// The cells on screen, row by row: the layout step's work.
pub fn window(m: &MatrixView, ctx: &Ctx<'_>) -> Vec<(Level, String)> {
    let p = ctx.platform();
    let mut out = Vec::with_capacity(m.row.visible().len() * m.col.visible().len());
    for r in m.row.visible() {
        let Some(row) = m.row_at(r) else { continue };
        for c in m.col.visible() {
            let Some(col) = m.col_at(c) else { continue };
            let v = value(p, row.id, col.id);
            out.push((v.level, cell_text(m, ctx, &v)));
        }
    }
    out
}

pub fn render(m: &MatrixView, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
    let t = ctx.theme;
    let p = ctx.platform();
    let what = match m.axis {
        Axis::Envs => " Access matrix: members × environments ",
        Axis::Groups => " Access matrix: members × groups (as on an environment placed there) ",
    };
    let mut block = Block::bordered()
        .title(Span::styled(what, t.title()))
        .border_style(t.border(true));
    if !m.rows.is_empty() && !m.cols.is_empty() {
        block = block.title_bottom(
            Line::styled(
                format!(
                    " row {}/{} · column {}/{} ",
                    m.row.selected + 1,
                    m.rows.len(),
                    m.col.selected + 1,
                    m.cols.len()
                ),
                t.dim(),
            )
            .right_aligned(),
        );
    }
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 4 {
        return;
    }
    let line_at = |y: u16| Rect::new(inner.x, y, inner.width, 1);
    let bottom = inner.y + inner.height;
    let footer_y = bottom.saturating_sub(m.footer_lines());
    if m.prompt_shown() {
        let counts = format!(
            " {} of {} rows, {} of {} columns",
            m.rows.len(),
            m.all_rows.len(),
            m.cols.len(),
            m.all_cols.len()
        );
        let room = usize::from(inner.width).saturating_sub(crate::text::width(&counts));
        let mut line = m.filter.line(t, "filter (col: for columns): ", room);
        line.spans.push(Span::styled(counts, t.dim()));
        line.render(line_at(bottom - 1), buf);
    }
    legend(ctx).render(line_at(footer_y + 1), buf);
    if ctx.me.is_none() {
        Line::styled("sign in as an owner to see its matrix", t.dim())
            .render(line_at(inner.y), buf);
        return;
    }
    if m.cols.is_empty() || m.rows.is_empty() {
        let text = if !m.filter.is_empty() {
            format!(
                "nothing matches the filter ({} clears it)",
                m.filter.clear_key(ctx)
            )
        } else if m.axis == Axis::Envs {
            "you own no environments: the matrix shows an owner's members against its environments"
                .to_string()
        } else {
            "you have no groups".to_string()
        };
        Line::styled(text, t.dim()).render(line_at(inner.y), buf);
        return;
    }
    let label_w = m.label_w;
    // The column names: kept at the top while the rows scroll.
    let mut head = vec![Span::styled(pad("", label_w + 1), t.dim())];
    for c in m.col.visible() {
        let Some(col) = m.col_at(c) else { continue };
        let style = if c == m.col.selected {
            t.title().add_modifier(Modifier::REVERSED)
        } else {
            t.dim()
        };
        // A group's path is told apart by its end (`Production/EU` and
        // `Production/US`), so a long one gives way at its start.
        let name = if col.label.contains('/') {
            crate::tui::fit::cut_start(&col.label, m.cell().saturating_sub(1))
        } else {
            col.label.clone()
        };
        head.push(Span::styled(pad(&name, m.cell().saturating_sub(1)), style));
        head.push(Span::raw(" "));
    }
    Line::from(head).render(line_at(inner.y), buf);
    let current = m.window_at.as_ref() == Some(&m.window_key());
    let across = m.col.visible().len();
    for (y, r) in m.row.visible().enumerate() {
        let Some(row) = m.row_at(r) else { continue };
        let at = line_at(inner.y + 1 + cells(y));
        if at.y >= footer_y {
            break;
        }
        let lens = matches!(row.id, RowId::Member(c) if ctx.lens == Some(c));
        let cursor_row = r == m.row.selected;
        // The cursor and the lens each have their column: the lens's row keeps its
        // mark (which the legend names) while selected.
        let marker = match (cursor_row, lens) {
            (true, true) => "›◎",
            (true, false) => "› ",
            (false, true) => " ◎",
            (false, false) => "  ",
        };
        let status = match row.id {
            RowId::Owner(_) => " ",
            RowId::Member(c) => status_symbol(p.collab(c).status),
        };
        let label_style = if cursor_row {
            t.selected(true)
        } else if lens {
            t.accent().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(
            pad(&format!("{marker}{status} {}", row.label), label_w),
            label_style,
        )];
        spans.push(Span::raw(" "));
        for (x, c) in m.col.visible().enumerate() {
            let Some(col) = m.col_at(c) else { continue };
            // The layout step computed the window; a stale one (never in the app) is
            // computed here instead of drawing wrong cells.
            let cached = m.window.get(y * across + x).filter(|_| current);
            let cell = if let Some((level, text)) = cached {
                (*level, std::borrow::Cow::Borrowed(text.as_str()))
            } else {
                let v = value(p, row.id, col.id);
                (v.level, std::borrow::Cow::Owned(cell_text(m, ctx, &v)))
            };
            let style = if cursor_row && c == m.col.selected {
                t.selected(true)
            } else {
                level_style(t, cell.0)
            };
            spans.push(Span::styled(cell.1, style));
        }
        Line::from(spans).render(at, buf);
    }
    detail(m, ctx, usize::from(inner.width)).render(line_at(footer_y), buf);
}

/// The selected cell in words, in `width` columns: who, on what, and the answer. The
/// answer is what the line is for: when the line is too long the key hint goes first,
/// then the names give way with `…` (the column's first, a group path keeping its end),
/// so the level and roles stay.
fn detail(m: &MatrixView, ctx: &Ctx<'_>, width: usize) -> Line<'static> {
    let t = ctx.theme;
    let p = ctx.platform();
    let (Some(row), Some(col)) = (m.row_at(m.row.selected), m.col_at(m.col.selected)) else {
        return Line::default();
    };
    let v = value(p, row.id, col.id);
    let roles = |r: &RoleList| {
        let mut names = String::new();
        m.push_roles(ctx, r, &mut names);
        names
    };
    let mut answer = format!(": {}", v.level);
    if !v.roles.is_empty() {
        answer.push(' ');
        answer.push_str(&roles(&v.roles));
    }
    if let Some(status) = v.status.filter(|s| *s != CollabStatus::Active) {
        let _ = write!(answer, " ({status}");
        if let Some((level, r)) = &v.would_be {
            let _ = write!(answer, "; would be {level} {}", roles(r));
        }
        answer.push(')');
    }
    let width_of = crate::text::width;
    let names = |who: &str, on: &str| width_of(who) + " on ".len() + width_of(on);
    let mut hint = if m.axis == Axis::Envs {
        format!("  {}: why", ctx.keymap.label(Action::Open))
    } else {
        String::new()
    };
    if names(&row.label, &col.label) + width_of(&answer) + width_of(&hint) > width {
        hint.clear();
    }
    let room = width.saturating_sub(width_of(&answer));
    let mut on = col.label.clone();
    let mut who = row.label.clone();
    if names(&who, &on) > room {
        // The column's name gives way first, down to a few columns of it.
        let keep = room
            .saturating_sub(names(&who, ""))
            .max(width_of(&on).min(12));
        on = if on.contains('/') {
            crate::tui::fit::cut_start(&on, keep)
        } else {
            cut(&on, keep)
        };
        if names(&who, &on) > room {
            who = cut(&who, room.saturating_sub(names("", &on)));
        }
    }
    let style = level_style(t, v.level);
    let line = Line::from(vec![
        Span::styled(format!("{who} on {on}{answer}"), style),
        Span::styled(hint, t.dim()),
    ]);
    // An answer longer than the whole line still ends with `…`.
    crate::tui::fit::fit_line(line, width)
}

/// What each symbol means, and whose row is the lens's.
fn legend(ctx: &Ctx<'_>) -> Line<'static> {
    let t = ctx.theme;
    let mut spans = Vec::new();
    for (level, sym) in LEVELS {
        spans.push(Span::styled(format!("{sym} "), level_style(t, level)));
        spans.push(Span::styled(format!("{level}  "), t.dim()));
    }
    if let Some(c) = ctx.lens {
        let p = ctx.platform();
        let email = escape(&p.account(p.collab(c).member).email).into_owned();
        spans.push(Span::styled("◎ ", t.accent()));
        spans.push(Span::styled(format!("lens: {email}"), t.dim()));
    }
    Line::from(spans)
}
