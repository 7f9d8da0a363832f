//! The preview of a change and its confirmation: what it does to effective access,
//! whether undo can revert it; destructive changes start on Cancel.

use crate::tui::num::cells;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{bindings_line, frame};
use crate::engine::{AccessChange, Command, Level, Preview};
use crate::tui::component::{Binding, Component, Ctx, Effect};
use crate::tui::keys::OverlayAction;

/// The keys the confirmation understands (the `confirm` and `lists` key maps).
const KEYS: [OverlayAction; 7] = [
    OverlayAction::Switch,
    OverlayAction::Choose,
    OverlayAction::Apply,
    OverlayAction::Cancel,
    OverlayAction::Close,
    OverlayAction::Down,
    OverlayAction::Up,
];
use crate::tui::layout::centered;
use crate::tui::theme::Theme;

pub struct Confirm {
    pub cmd: Command,
    pub summary: String,
    pub changes: Vec<AccessChange>,
    /// Edited or deleted roles: policies gained and lost, and holders.
    pub roles: Vec<crate::engine::RoleEffect>,
    /// What a pending invitation gives once accepted.
    pub on_accept: Vec<AccessChange>,
    pub destructive: bool,
    /// Which button has focus: destructive changes start on Cancel.
    pub apply_focused: bool,
    pub offset: usize,
    /// The workspace generation the preview was measured on.
    pub seen: u64,
}

impl Confirm {
    pub fn new(cmd: Command, preview: Preview, destructive: bool, seen: u64) -> Confirm {
        Confirm {
            seen,
            cmd,
            summary: preview.outcome.summary,
            changes: preview.changes,
            roles: preview.roles,
            on_accept: preview.on_accept,
            destructive,
            apply_focused: !destructive,
            offset: 0,
        }
    }

    fn apply(&self) -> Effect {
        Effect::Apply {
            cmd: self.cmd.clone(),
            seen: self.seen,
            destructive: self.destructive,
        }
    }
}

impl Component for Confirm {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        KEYS.into_iter()
            .map(|a| Binding::overlay(ctx.keymap, a))
            .collect()
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        match ctx.keymap.overlay_action(key, &KEYS) {
            Some(OverlayAction::Switch) => {
                self.apply_focused = !self.apply_focused;
                Effect::None
            }
            Some(OverlayAction::Down) => {
                let n = self.changes.len().max(self.on_accept.len());
                self.offset = (self.offset + 1).min(n.saturating_sub(1));
                Effect::None
            }
            Some(OverlayAction::Up) => {
                self.offset = self.offset.saturating_sub(1);
                Effect::None
            }
            Some(OverlayAction::Choose) if self.apply_focused => self.apply(),
            Some(OverlayAction::Cancel | OverlayAction::Close | OverlayAction::Choose) => {
                Effect::Close
            }
            Some(OverlayAction::Apply) => self.apply(),
            _ => Effect::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let rows = self.changes.len().max(self.on_accept.len()) + self.roles.len();
        let h = cells(rows)
            .saturating_add(10)
            .min(area.height.saturating_sub(2));
        let rect = centered(area, area.width.saturating_sub(6).min(96), h);
        let title = if self.destructive {
            "Confirm"
        } else {
            "Preview"
        };
        let inner = frame(t, title, rect, buf);
        let mut lines = vec![
            Line::from(vec![
                Span::styled("command  ", t.dim()),
                Span::raw(self.cmd.label()),
            ]),
            Line::from(vec![
                Span::styled("outcome  ", t.dim()),
                Span::raw(self.summary.clone()),
                Span::styled("  (not applied yet)", t.dim()),
            ]),
            match &self.cmd {
                c if c.undoable() => Line::styled("undo     u reverts it", t.dim()),
                Command::Respond { .. } => Line::styled(
                    "undo     cannot be undone: it is your answer to the owner",
                    t.error(),
                ),
                _ => Line::styled(
                    "undo     cannot be undone: it acts on the environment itself",
                    t.error(),
                ),
            },
            Line::default(),
        ];
        for r in &self.roles {
            let mut parts = Vec::new();
            if r.deleted {
                parts.push(Span::styled("deleted", t.error()));
            }
            if !r.gained.is_empty() {
                parts.push(Span::styled(format!("+{} ", r.gained.join(" +")), t.ok()));
            }
            if !r.lost.is_empty() {
                parts.push(Span::styled(format!("-{} ", r.lost.join(" -")), t.error()));
            }
            let mut spans = vec![Span::styled(format!("role {}: ", r.role), t.title())];
            spans.extend(parts);
            spans.push(Span::styled(
                format!(
                    " held by {} member{}",
                    r.members,
                    if r.members == 1 { "" } else { "s" }
                ),
                t.dim(),
            ));
            lines.push(Line::from(spans));
        }
        if self.changes.is_empty() && !self.on_accept.is_empty() {
            lines.push(Line::styled(
                format!(
                    "nothing changes until it is accepted; then it gives ({}):",
                    self.on_accept.len()
                ),
                t.title(),
            ));
            let visible = inner.height.saturating_sub(8) as usize;
            for c in self.on_accept.iter().skip(self.offset).take(visible) {
                lines.push(change_line(t, c));
            }
            let hidden = self.on_accept.len().saturating_sub(self.offset + visible);
            if hidden > 0 {
                lines.push(Line::styled(
                    format!("… {hidden} more (↓ scrolls)"),
                    t.dim(),
                ));
            }
        } else if self.changes.is_empty() {
            let why = match &self.cmd {
                Command::InviteMember { .. } | Command::CopyMember { .. } => {
                    "no effective access changes now: an invitation grants nothing until it is accepted"
                }
                _ => "no member's access level or roles change",
            };
            lines.push(Line::styled(why, t.dim()));
        } else {
            lines.push(Line::styled(
                format!("effective access that changes ({}):", self.changes.len()),
                t.title(),
            ));
            let visible = inner.height.saturating_sub(7) as usize;
            for c in self.changes.iter().skip(self.offset).take(visible) {
                lines.push(change_line(t, c));
            }
            let hidden = self.changes.len().saturating_sub(self.offset + visible);
            if hidden > 0 {
                lines.push(Line::styled(
                    format!("… {hidden} more (↓ scrolls)"),
                    t.dim(),
                ));
            }
        }
        Paragraph::new(lines).render(inner, buf);
        let (cancel, apply) = if self.apply_focused {
            (t.dim(), t.selected(true))
        } else {
            (t.selected(true), t.dim())
        };
        let y = Binding::overlay(ctx.keymap, OverlayAction::Apply).label();
        let (cl, al) = if self.apply_focused {
            ("  Cancel  ".to_string(), format!("› Apply ({y}) ‹"))
        } else {
            ("› Cancel ‹".to_string(), format!("  Apply ({y})  "))
        };
        let mut spans = vec![
            Span::styled(cl, cancel),
            Span::raw("   "),
            Span::styled(al, apply),
            Span::raw("    "),
        ];
        let hints = [
            OverlayAction::Switch,
            OverlayAction::Choose,
            OverlayAction::Close,
        ]
        .map(|a| Binding::overlay(ctx.keymap, a));
        spans.extend(bindings_line(t, &hints).spans);
        let buttons = Line::from(spans);
        let row = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        buttons.render(row, buf);
    }
}

fn access_text(level: Level, roles: &[String]) -> String {
    if level == Level::None {
        "none".into()
    } else {
        format!("{} {}", level, roles.join(", "))
    }
}

fn change_line<'a>(t: &Theme, c: &'a AccessChange) -> Line<'a> {
    let before = access_text(c.before.level, &c.before.roles);
    let after = access_text(c.after.level, &c.after.roles);
    let (sign, style) = if c.after.level == Level::None {
        ("−", t.error())
    } else if c.before.level == Level::None {
        ("+", t.ok())
    } else {
        ("~", t.warn())
    };
    Line::from(vec![
        Span::styled(format!("{sign} "), style),
        Span::raw(format!("{:<22} {:<16} ", c.member, c.env)),
        Span::styled(before, t.dim()),
        Span::raw(" → "),
        Span::styled(after, style),
    ])
}
