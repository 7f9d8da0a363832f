//! Overlays drawn over the panes: help, the command palette, text views (why, query
//! output), menus, the confirmation/preview of a change, and dialogs. Each one is a
//! component: it handles its own keys by returning an effect and draws itself; the
//! app holds the one on top and applies what it returns.

mod confirm;
mod help;
mod menu;
mod text;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::dialogs::{Dialog, DrawCtx};
use super::{Binding, Component, Ctx, Effect};
use crate::tui::layout::centered;
use crate::tui::theme::Theme;

pub mod palette;
pub use confirm::Confirm;
pub use help::Help;
pub use menu::{Menu, MenuItem};
pub use palette::Palette;
pub use text::TextView;

pub enum Overlay {
    Help(Help),
    Palette(Palette),
    Text(TextView),
    Menu(Menu),
    Confirm(Confirm),
    Dialog(Box<dyn Dialog>),
}

impl Overlay {
    /// The overlay as a component; dialogs validate against the engine while they
    /// handle keys, so the app routes them itself (see `App::dialog_key`).
    pub fn component(&mut self) -> Option<&mut dyn Component> {
        match self {
            Overlay::Help(h) => Some(h),
            Overlay::Palette(p) => Some(p),
            Overlay::Text(t) => Some(t),
            Overlay::Menu(m) => Some(m),
            Overlay::Confirm(c) => Some(c),
            Overlay::Dialog(_) => None,
        }
    }

    pub fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        match self {
            Overlay::Help(h) => h.bindings(ctx),
            Overlay::Palette(p) => p.bindings(ctx),
            Overlay::Text(t) => t.bindings(ctx),
            Overlay::Menu(m) => m.bindings(ctx),
            Overlay::Confirm(c) => c.bindings(ctx),
            Overlay::Dialog(_) => Vec::new(),
        }
    }

    /// Pastes text into whatever field has focus.
    pub fn paste(&mut self, text: &str, ctx: &Ctx<'_>) -> Effect {
        let line = text.lines().next().unwrap_or("");
        match self {
            Overlay::Palette(p) => {
                p.input.insert(line);
                p.refresh_completions(ctx);
            }
            Overlay::Help(h) => h.search.insert(line),
            _ => {}
        }
        Effect::None
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        match self {
            Overlay::Help(h) => h.render(area, buf, ctx),
            Overlay::Palette(p) => p.render(area, buf, ctx),
            Overlay::Text(v) => v.render(area, buf, ctx),
            Overlay::Menu(m) => m.render(area, buf, ctx),
            Overlay::Confirm(c) => c.render(area, buf, ctx),
            Overlay::Dialog(d) => {
                let inner = frame(t, &d.title(), dialog_rect(d.as_ref(), area), buf);
                let [body, hints] = dialog_rows(inner);
                let dctx = DrawCtx {
                    platform: ctx.platform(),
                    theme: t,
                    me: ctx.me,
                };
                d.draw(&dctx, body, buf);
                hint_line(t, &d.hints()).render(hints, buf);
            }
        }
    }
}

/// Where a dialog goes on the screen, border included.
fn dialog_rect(d: &dyn Dialog, area: Rect) -> Rect {
    let (w, h) = d.size(area);
    centered(area, w, h + 3)
}

/// A dialog's inside: its body, and its hint line.
fn dialog_rows(inner: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner)
}

/// The area a dialog's body is drawn in, for the layout step.
pub fn dialog_body(d: &dyn Dialog, area: Rect) -> Rect {
    let inner = Block::bordered().inner(dialog_rect(d, area));
    dialog_rows(inner)[0]
}

/// Clears a rectangle, draws a titled border, returns the inside.
pub fn frame(t: &Theme, title: &str, rect: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), t.title()))
        .border_style(t.border(true));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

pub fn hint_line<'a>(t: &Theme, hints: &[(&'a str, &'a str)]) -> Line<'a> {
    let mut spans = Vec::new();
    for (k, what) in hints {
        spans.push(Span::styled(*k, t.accent()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    Line::from(spans)
}

/// A hint line generated from a component's bindings: each one's first key and word.
pub fn bindings_line(t: &Theme, bindings: &[Binding]) -> Line<'static> {
    let mut spans = Vec::new();
    for b in bindings.iter().filter(|b| !b.keys.is_empty()) {
        spans.push(Span::styled(b.label(), t.accent()));
        spans.push(Span::raw(format!(" {}  ", b.hint)));
    }
    Line::from(spans)
}
