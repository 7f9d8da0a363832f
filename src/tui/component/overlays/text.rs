//! A scrollable text view: why, query output, a dry run.

use crate::tui::num::cells;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::{frame, render_hints};
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
use crate::tui::component::Scroll;
use crate::tui::layout::centered;

/// A titled text in a box: lines wrapped to the box, scrolled without passing the
/// last line, with the position shown when it does not all fit.
pub struct TextView {
    pub title: String,
    /// The text as given, one entry per line (escaped by whoever built it).
    pub lines: Vec<String>,
    /// The lines wrapped to the box, for the width they were wrapped at.
    wrapped: Vec<String>,
    wrapped_at: u16,
    /// The widest line, in columns: measured once, not per frame.
    longest: usize,
    pub scroll: Scroll,
}

impl TextView {
    pub fn new(title: impl Into<String>, text: &str) -> TextView {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let longest = lines
            .iter()
            .map(|l| crate::text::width(l))
            .max()
            .unwrap_or(20);
        TextView {
            title: title.into(),
            wrapped: lines.clone(),
            lines,
            wrapped_at: 0,
            longest,
            scroll: Scroll::default(),
        }
    }

    /// The box on `area`: as wide as the longest line allows, as tall as the text.
    fn rect(&self, area: Rect) -> Rect {
        let w = cells(self.longest)
            .saturating_add(4)
            .max(40)
            .min(area.width.saturating_sub(2));
        let h = cells(self.wrapped.len())
            .saturating_add(3)
            .min(area.height.saturating_sub(2));
        centered(area, w, h)
    }

    /// The text's part of the box (the last row holds the hints).
    fn body(inner: Rect) -> Rect {
        Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(1),
        )
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
        let page = self.scroll.page();
        match ctx.keymap.overlay_action(key, &KEYS) {
            Some(OverlayAction::Close | OverlayAction::Choose) => return Effect::Close,
            Some(OverlayAction::Down) => self.scroll.by(1),
            Some(OverlayAction::Up) => self.scroll.by(-1),
            Some(OverlayAction::PageDown) => self.scroll.by(page),
            Some(OverlayAction::PageUp) => self.scroll.by(-page),
            _ => {}
        }
        Effect::None
    }

    fn fit(&mut self, area: Rect, _ctx: &Ctx<'_>) {
        // Wrap at the box's inside width (two columns of border), then size the box
        // to the wrapped text and fit the scroll to what shows.
        let width = self.rect(area).width.saturating_sub(2);
        if width != self.wrapped_at {
            self.wrapped = self
                .lines
                .iter()
                .flat_map(|l| crate::text::wrap(l, usize::from(width)))
                .collect();
            self.wrapped_at = width;
        }
        let inner = ratatui::widgets::Block::bordered().inner(self.rect(area));
        let body = Self::body(inner);
        self.scroll
            .fit(usize::from(body.height), self.wrapped.len());
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let title = match self.scroll.position() {
            Some(at) => format!("{} · {at}", self.title),
            None => self.title.clone(),
        };
        let inner = frame(t, &title, self.rect(area), buf);
        let body = Self::body(inner);
        let lines: Vec<Line<'_>> = self
            .wrapped
            .iter()
            .skip(self.scroll.offset())
            .take(usize::from(body.height))
            .map(|l| Line::raw(l.as_str()))
            .collect();
        Paragraph::new(lines).render(body, buf);
        let hint = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        render_hints(t, &self.bindings(ctx), hint, buf);
    }
}
