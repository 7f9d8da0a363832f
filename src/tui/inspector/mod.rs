//! The inspector: a component showing the focused pane's item (its content is built
//! in `content` when the item or the platform changes). It takes focus (Tab, `5`)
//! and scrolls; its scroll state lives here, fitted to its area by the app's layout
//! step, and drawing only reads it.

mod content;

use crate::tui::num::{cells, signed, step};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::tui::component::Avail;
use crate::tui::component::{Binding, Component, Ctx, Effect, global};
use crate::tui::keys::Action;

pub use content::{Subject, lines};

/// The inspector's lines and scroll state.
#[derive(Debug, Default)]
pub struct Inspector {
    lines: Vec<Line<'static>>,
    /// The first line shown.
    pub offset: usize,
    /// The area inside the border, fitted by the layout step.
    area: Rect,
}

impl Inspector {
    /// New content (another item, or the platform changed): back to the top.
    pub fn set_lines(&mut self, lines: Vec<Line<'static>>) {
        self.lines = lines;
        self.offset = 0;
    }

    pub fn lines(&self) -> &[Line<'static>] {
        &self.lines
    }

    /// The layout step: the area inside the border, and the offset clamped to it.
    pub fn fit(&mut self, area: Rect) {
        self.area = Block::bordered().inner(area);
        self.offset = self.offset.min(self.last_offset(self.area));
    }

    /// Screen rows line `i` takes when wrapped to `width`.
    fn rows_of(&self, i: usize, width: u16) -> usize {
        let width = usize::from(width.max(1));
        self.lines
            .get(i)
            .map_or(0, |l| l.width().div_ceil(width).max(1))
    }

    /// The largest offset that still fills `area`: scrolling stops at the end.
    fn last_offset(&self, area: Rect) -> usize {
        let height = usize::from(area.height);
        let mut rows = 0;
        for i in (0..self.lines.len()).rev() {
            rows += self.rows_of(i, area.width);
            if rows > height {
                return i + 1;
            }
        }
        0
    }

    /// Whether everything fits in `area` without scrolling; it stops counting at the
    /// first line that does not fit, so a long list costs no more than a screenful.
    fn fits(&self, area: Rect) -> bool {
        let height = usize::from(area.height);
        let mut rows = 0;
        (0..self.lines.len()).all(|i| {
            rows += self.rows_of(i, area.width);
            rows <= height
        })
    }

    /// What an action does with the inspector focused: scrolling, or what it does
    /// everywhere.
    pub fn act(&mut self, action: Action, ctx: &Ctx<'_>) -> Effect {
        let page = signed(usize::from(self.area.height).saturating_sub(1).max(1));
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => page,
            Action::PageUp => -page,
            _ => 0,
        };
        match action {
            Action::Top => self.offset = 0,
            Action::Bottom => self.offset = self.last_offset(self.area),
            _ if delta != 0 => self.scroll(delta),
            _ => return global(action, ctx).unwrap_or(Effect::None),
        }
        Effect::None
    }

    /// Scrolls by `delta` lines, within the content.
    pub fn scroll(&mut self, delta: isize) {
        self.offset = step(self.offset, delta, self.last_offset(self.area));
    }
}

impl Component for Inspector {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        let scrolls = if self.fits(self.area) {
            Avail::Disabled("everything is shown".into())
        } else {
            Avail::Enabled
        };
        let mut v: Vec<Binding> = [Action::Down, Action::Up, Action::PageDown, Action::PageUp]
            .into_iter()
            .map(|a| Binding::new(ctx.keymap, a, scrolls.clone()))
            .collect();
        let binding = |a: Action| Binding::new(ctx.keymap, a, Avail::Enabled);
        v.extend([Action::FocusNext, Action::Tasks].map(binding));
        v.extend(
            crate::tui::component::step_actions(ctx)
                .into_iter()
                .map(|a| Binding::new(ctx.keymap, a, crate::tui::component::step_avail(a, ctx))),
        );
        v.extend([Action::Palette, Action::Help, Action::Quit].map(binding));
        v
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        match ctx.keymap.action(key) {
            Some(action) => self.act(action, ctx),
            None => Effect::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let focused = ctx.inspector_focused;
        let title = if focused {
            t.title().patch(t.accent())
        } else {
            t.title()
        };
        let block = Block::bordered()
            .title(Span::styled(" 5 Inspector ", title))
            .border_style(t.border(focused));
        let inner = block.inner(area);
        block.render(area, buf);
        let offset = self.offset.min(self.last_offset(inner));
        let lines: Vec<Line<'_>> = self
            .lines
            .iter()
            .skip(offset)
            .take(inner.height as usize * 2)
            .cloned()
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
        if !self.fits(inner) && inner.height > 0 {
            let pos = format!(" {}/{} ", offset + 1, self.lines.len());
            let w = cells(pos.chars().count());
            if area.width > w + 2 {
                let at = Rect::new(area.x + area.width - w - 1, area.y + area.height - 1, w, 1);
                Span::styled(pos, t.dim()).render(at, buf);
            }
        }
    }
}
