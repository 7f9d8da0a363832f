//! A scrollable text view: why, query output, a dry run.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{frame, hint_line};
use crate::tui::app::Avail;
use crate::tui::component::{Binding, Component, Ctx, Effect};
use crate::tui::keys::Action;
use crate::tui::layout::centered;

pub struct TextView {
    pub title: String,
    pub lines: Vec<String>,
    pub offset: usize,
}

impl TextView {
    pub fn new(title: impl Into<String>, text: String) -> TextView {
        TextView {
            title: title.into(),
            lines: text.lines().map(str::to_string).collect(),
            offset: 0,
        }
    }
}

impl Component for TextView {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        [
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
            Action::Back,
        ]
        .into_iter()
        .map(|a| Binding::new(ctx.keymap, a, Avail::Enabled))
        .collect()
    }

    fn handle(&mut self, key: &KeyEvent, _ctx: &Ctx<'_>) -> Effect {
        match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('w') => {
                return Effect::Close;
            }
            KeyCode::Down | KeyCode::Char('j') => self.offset += 1,
            KeyCode::Up | KeyCode::Char('k') => self.offset = self.offset.saturating_sub(1),
            KeyCode::PageDown => self.offset += 10,
            KeyCode::PageUp => self.offset = self.offset.saturating_sub(10),
            _ => {}
        }
        self.offset = self.offset.min(self.lines.len().saturating_sub(1));
        Effect::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let w = self
            .lines
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(20) as u16
            + 4;
        let h = self.lines.len() as u16 + 3;
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
        hint_line(t, &[("↑↓", "scroll"), ("Esc", "close")]).render(hint, buf);
    }
}
