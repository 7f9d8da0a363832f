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
use crate::tui::component::dialogs::DialogBox;
use crate::tui::component::{Binding, Component, Ctx, Effect, Scroll};
use crate::tui::keys::{Action, Keymap, OverlayAction};

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

/// What a confirmation applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Proposed {
    /// A command, through the engine's door.
    Command(Command),
    /// The signed-in account's undo (`redo`: redo) of its step `label`.
    Step { redo: bool, label: String },
}

impl Proposed {
    /// As the user would type it: the command, or `undo`/`redo` and the step.
    pub fn label(&self) -> String {
        match self {
            Proposed::Command(c) => c.label(),
            Proposed::Step { redo, label } => {
                format!("{} {label}", if *redo { "redo" } else { "undo" })
            }
        }
    }
}

pub struct Confirm {
    pub what: Proposed,
    pub summary: String,
    pub changes: Vec<AccessChange>,
    /// Edited or deleted roles: policies gained and lost, and holders.
    pub roles: Vec<crate::engine::RoleEffect>,
    /// What a pending invitation gives once accepted.
    pub on_accept: Vec<AccessChange>,
    /// Changed rows of other members the signed-in account may not see.
    pub hidden: usize,
    /// The engine's reason the signed-in account's undo would be refused right after
    /// this change (self-elevation, a permission it lacks to write the records back).
    pub undo_refused: Option<String>,
    /// The command writes nothing: there is nothing to undo after it.
    pub writes_nothing: bool,
    pub destructive: bool,
    /// Which button has focus: destructive changes start on Cancel.
    pub apply_focused: bool,
    pub scroll: Scroll,
    /// The workspace generation the preview was measured on.
    pub seen: u64,
    /// The dialog that submitted the command, with its values: it comes back when
    /// the change is refused, or when another process changed the record it edits.
    pub origin: Option<Box<DialogBox>>,
}

impl Confirm {
    pub fn new(cmd: Command, preview: Preview, destructive: bool, seen: u64) -> Confirm {
        Confirm::proposing(Proposed::Command(cmd), preview, destructive, seen)
    }

    /// The preview of the signed-in account's undo (`redo`: redo) of step `label`.
    pub fn step(
        redo: bool,
        label: String,
        preview: Preview,
        destructive: bool,
        seen: u64,
    ) -> Confirm {
        Confirm::proposing(Proposed::Step { redo, label }, preview, destructive, seen)
    }

    fn proposing(what: Proposed, preview: Preview, destructive: bool, seen: u64) -> Confirm {
        Confirm {
            seen,
            what,
            summary: preview.outcome.summary,
            changes: preview.changes,
            roles: preview.roles,
            on_accept: preview.on_accept,
            hidden: preview.hidden,
            undo_refused: preview.undo_refused,
            writes_nothing: preview.writes_nothing,
            destructive,
            apply_focused: !destructive,
            scroll: Scroll::default(),
            origin: None,
        }
    }

    /// The confirmation of what `origin` submitted.
    #[must_use]
    pub fn from_dialog(mut self, origin: Option<DialogBox>) -> Confirm {
        self.origin = origin.map(Box::new);
        self
    }

    /// The changes the list shows: what changes now, else what the invitation gives
    /// once accepted.
    fn listed(&self) -> &[AccessChange] {
        if self.changes.is_empty() {
            &self.on_accept
        } else {
            &self.changes
        }
    }

    fn rect(&self, area: Rect) -> Rect {
        let rows = self.listed().len() + self.roles.len();
        let h = cells(rows)
            .saturating_add(11)
            .min(area.height.saturating_sub(2));
        centered(area, area.width.saturating_sub(6).min(96), h)
    }

    /// Everything above the list, the outcome wrapped to `width` columns (a long
    /// summary is never cut).
    fn head(&self, t: &Theme, keys: &Keymap, width: usize) -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(vec![
            Span::styled("command  ", t.dim()),
            Span::raw(crate::text::escape(&self.what.label()).into_owned()),
        ])];
        let outcome = format!("{}  (not applied yet)", crate::text::escape(&self.summary));
        for (i, part) in crate::text::wrap(&outcome, width.saturating_sub(9))
            .into_iter()
            .enumerate()
        {
            let label = if i == 0 { "outcome  " } else { "         " };
            lines.push(Line::from(vec![
                Span::styled(label, t.dim()),
                Span::raw(part),
            ]));
        }
        // The keys as configured, not the defaults.
        let (undo, style) = match &self.what {
            Proposed::Step { redo: false, .. } => {
                (format!("{} redoes it", keys.label(Action::Redo)), t.dim())
            }
            Proposed::Step { redo: true, .. } => (
                format!("{} undoes it again", keys.label(Action::Undo)),
                t.dim(),
            ),
            Proposed::Command(_) if self.writes_nothing => {
                ("nothing to undo: it writes nothing".to_string(), t.dim())
            }
            Proposed::Command(c) if c.undoable() => match &self.undo_refused {
                None => (format!("{} reverts it", keys.label(Action::Undo)), t.dim()),
                // The engine's reason, in full: a cut one loses what it says.
                Some(why) => (
                    format!(
                        "{} would be refused: {}",
                        keys.label(Action::Undo),
                        crate::text::escape(why)
                    ),
                    t.error(),
                ),
            },
            Proposed::Command(Command::Respond { .. }) => (
                "cannot be undone: it is your answer to the owner".to_string(),
                t.error(),
            ),
            _ => (
                "cannot be undone: it acts on the environment itself".to_string(),
                t.error(),
            ),
        };
        for (i, part) in crate::text::wrap(&undo, width.saturating_sub(9))
            .into_iter()
            .enumerate()
        {
            let label = if i == 0 { "undo     " } else { "         " };
            lines.push(Line::styled(format!("{label}{part}"), style));
        }
        lines.push(Line::default());
        for r in &self.roles {
            let mut spans = vec![Span::styled(format!("role {}: ", r.role), t.title())];
            if r.deleted {
                spans.push(Span::styled("deleted ", t.error()));
            }
            if !r.gained.is_empty() {
                spans.push(Span::styled(format!("+{} ", r.gained.join(" +")), t.ok()));
            }
            if !r.lost.is_empty() {
                spans.push(Span::styled(format!("-{} ", r.lost.join(" -")), t.error()));
            }
            spans.push(Span::styled(
                format!(
                    " held by {} member{}",
                    r.members,
                    if r.members == 1 { "" } else { "s" }
                ),
                t.dim(),
            ));
            lines.push(crate::tui::fit::fit_line(Line::from(spans), width));
        }
        lines
    }

    /// The list's heading.
    fn heading(&self, t: &Theme) -> Line<'static> {
        if self.changes.is_empty() && !self.on_accept.is_empty() {
            Line::styled(
                format!(
                    "nothing changes until it is accepted; then it gives ({}):",
                    self.on_accept.len()
                ),
                t.title(),
            )
        } else if self.changes.is_empty() {
            let why = match &self.what {
                Proposed::Command(Command::InviteMember { .. } | Command::CopyMember { .. }) => {
                    "no effective access changes now: an invitation grants nothing until it is accepted"
                }
                _ if self.hidden > 0 => {
                    "no change to access that you may see (other members' changes are not yours to see)"
                }
                _ => "no member's access level or roles change",
            };
            Line::styled(why, t.dim())
        } else {
            let note = crate::engine::hidden_note(self.hidden)
                .map_or_else(String::new, |n| format!("; {n}"));
            Line::styled(
                format!(
                    "effective access that changes ({}{note}):",
                    self.changes.len()
                ),
                t.title(),
            )
        }
    }

    fn apply(&self) -> Effect {
        match &self.what {
            Proposed::Command(cmd) => Effect::Apply {
                cmd: cmd.clone(),
                seen: self.seen,
            },
            Proposed::Step { redo, .. } => Effect::ApplyStep {
                redo: *redo,
                seen: self.seen,
            },
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
                self.scroll.by(1);
                Effect::None
            }
            Some(OverlayAction::Up) => {
                self.scroll.by(-1);
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

    fn fit(&mut self, area: Rect, ctx: &Ctx<'_>) {
        let inner = ratatui::widgets::Block::bordered().inner(self.rect(area));
        let head = self
            .head(ctx.theme, ctx.keymap, usize::from(inner.width))
            .len();
        // The head, the heading, the list, a blank line and the buttons.
        let list = usize::from(inner.height).saturating_sub(head + 3);
        self.scroll.fit(list, self.listed().len());
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let title = match (self.destructive, self.scroll.position()) {
            (true, None) => "Confirm".to_string(),
            (false, None) => "Preview".to_string(),
            (true, Some(at)) => format!("Confirm · {at}"),
            (false, Some(at)) => format!("Preview · {at}"),
        };
        let inner = frame(t, &title, self.rect(area), buf);
        let mut lines = self.head(t, ctx.keymap, usize::from(inner.width));
        lines.push(self.heading(t));
        for c in self
            .listed()
            .iter()
            .skip(self.scroll.offset())
            .take(self.scroll.height())
        {
            let line = change_line(t, c);
            lines.push(crate::tui::fit::fit_line(line, usize::from(inner.width)));
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

fn change_line(t: &Theme, c: &AccessChange) -> Line<'static> {
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
