//! A scrollable text view: why, query output, a dry run.

use crate::tui::num::cells;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{bindings_line, frame};
use crate::tui::component::{Binding, Bound, Component, Ctx, Effect};
use crate::tui::keys::{Action, OverlayAction};

/// The keys a text view understands (from the `lists` key map).
const KEYS: [OverlayAction; 6] = [
    OverlayAction::Up,
    OverlayAction::Down,
    OverlayAction::PageUp,
    OverlayAction::PageDown,
    OverlayAction::Close,
    OverlayAction::Choose,
];
use crate::tui::layout::centered;

pub struct TextView {
    pub title: String,
    pub lines: Vec<String>,
    pub offset: usize,
}

impl TextView {
    pub fn new(title: impl Into<String>, text: &str) -> TextView {
        TextView {
            title: title.into(),
            lines: text.lines().map(str::to_string).collect(),
            offset: 0,
        }
    }
}

impl Component for TextView {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        KEYS.into_iter()
            .map(|a| Binding::overlay(ctx.keymap, a))
            .map(|b| match b.action {
                Bound::Overlay(OverlayAction::Choose) => b.says("close"),
                _ => b,
            })
            .collect()
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        // The why key closes the explanation it opened.
        if ctx.keymap.action(key) == Some(Action::Why) {
            return Effect::Close;
        }
        match ctx.keymap.overlay_action(key, &KEYS) {
            Some(OverlayAction::Close | OverlayAction::Choose) => return Effect::Close,
            Some(OverlayAction::Down) => self.offset += 1,
            Some(OverlayAction::Up) => self.offset = self.offset.saturating_sub(1),
            Some(OverlayAction::PageDown) => self.offset += 10,
            Some(OverlayAction::PageUp) => self.offset = self.offset.saturating_sub(10),
            _ => {}
        }
        self.offset = self.offset.min(self.lines.len().saturating_sub(1));
        Effect::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let w = cells(
            self.lines
                .iter()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(20),
        )
        .saturating_add(4);
        let h = cells(self.lines.len()).saturating_add(3);
        let rect = centered(
            area,
            w.max(40).min(area.width.saturating_sub(2)),
            h.min(area.height.saturating_sub(2)),
        );
        let inner = frame(t, &self.title, rect, buf);
        let body = Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(1),
        );
        let lines: Vec<Line<'_>> = self
            .lines
            .iter()
            .skip(self.offset)
            .map(|l| Line::raw(l.as_str()))
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(body, buf);
        let hint = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        bindings_line(t, &self.bindings(ctx)).render(hint, buf);
    }
}
