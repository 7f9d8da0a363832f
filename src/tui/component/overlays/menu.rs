//! A menu of actions: each item is data (a key, a label, the engine's answer, and the
//! effect choosing it has); the ones the signed-in account may not do are dimmed and
//! say why when chosen (Enter on a refused environment operation attempts it, so the
//! platform records the attempt).

use crate::tui::num::cells;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{frame, render_hints};
use crate::tui::component::{Binding, Component, Ctx, Effect};
use crate::tui::keys::OverlayAction;

/// The keys a menu understands besides its items' letters (the `lists` key map).
const KEYS: [OverlayAction; 4] = [
    OverlayAction::Up,
    OverlayAction::Down,
    OverlayAction::Choose,
    OverlayAction::Close,
];
use crate::tui::layout::centered;

pub struct MenuItem {
    pub key: char,
    pub label: String,
    /// `Err(reason)` when the signed-in account may not do it.
    pub enabled: Result<(), String>,
    /// What choosing it does; applied by the app.
    pub effect: Effect,
}

impl MenuItem {
    pub fn new(
        key: char,
        label: impl Into<String>,
        enabled: Result<(), String>,
        effect: Effect,
    ) -> MenuItem {
        MenuItem {
            key,
            label: label.into(),
            enabled,
            effect,
        }
    }
}

pub struct Menu {
    pub title: String,
    pub items: Vec<MenuItem>,
    pub selected: usize,
    pub note: Option<String>,
}

impl Menu {
    pub fn new(title: impl Into<String>, items: Vec<MenuItem>) -> Menu {
        let selected = items.iter().position(|i| i.enabled.is_ok()).unwrap_or(0);
        Menu {
            title: title.into(),
            items,
            selected,
            note: None,
        }
    }

    /// Chooses item `i`: its effect when enabled (the menu closes as the effect is
    /// applied), else the reason it is not. An `attempt` (Enter on the item) at a
    /// refused command whose refusal the platform records (an environment operation,
    /// domain.md section 8) runs it anyway: the engine refuses it, appends the denied
    /// task, and the refusal shows, as from the palette or the command line.
    fn choose(&mut self, i: usize, attempt: bool) -> Effect {
        let Some(item) = self.items.get_mut(i) else {
            return Effect::None;
        };
        match &item.enabled {
            Ok(()) => std::mem::replace(&mut item.effect, Effect::Close),
            Err(_)
                if attempt
                    && matches!(&item.effect, Effect::Submit(c) if c.refusal_is_logged()) =>
            {
                std::mem::replace(&mut item.effect, Effect::Close)
            }
            Err(why) => {
                self.note = Some(why.clone());
                self.selected = i;
                Effect::None
            }
        }
    }
}

impl Component for Menu {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        KEYS.into_iter()
            .map(|a| Binding::overlay(ctx.keymap, a))
            .collect()
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let n = self.items.len();
        match (ctx.keymap.overlay_action(key, &KEYS), key.code) {
            (Some(OverlayAction::Close), _) => return Effect::Close,
            // The list stops at its ends.
            (Some(OverlayAction::Down), _) => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
            }
            (Some(OverlayAction::Up), _) => self.selected = self.selected.saturating_sub(1),
            (Some(OverlayAction::Choose), _) => return self.choose(self.selected, true),
            // Each item's own letter chooses it.
            (None, KeyCode::Char(c)) => {
                if let Some(i) = self.items.iter().position(|it| it.key == c) {
                    return self.choose(i, false);
                }
            }
            _ => {}
        }
        self.note = None;
        Effect::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let w = cells(
            self.items
                .iter()
                .map(|i| crate::text::width(&i.label))
                .max()
                .unwrap_or(20),
        )
        .saturating_add(10);
        let w = w.max(56).min(area.width.saturating_sub(2));
        let reason = self.note.clone().or_else(|| {
            self.items
                .get(self.selected)
                .and_then(|i| i.enabled.clone().err())
        });
        // Room for the whole reason, wrapped, below the list.
        let text_w = w.saturating_sub(4).max(1) as usize;
        let reason_lines = cells(
            reason
                .as_ref()
                .map_or(1, |r| (crate::text::width(r) + 2).div_ceil(text_w).max(1)),
        );
        let h = cells(self.items.len())
            .saturating_add(4)
            .saturating_add(reason_lines)
            .min(area.height.saturating_sub(1));
        let rect = centered(area, w, h);
        let title = if self.items.len() > 1 {
            format!(
                "{} · {}/{}",
                self.title,
                self.selected + 1,
                self.items.len()
            )
        } else {
            self.title.clone()
        };
        let inner = frame(t, &title, rect, buf);
        let list_h = inner.height.saturating_sub(2 + reason_lines).max(1) as usize;
        let start = self.selected.saturating_sub(list_h.saturating_sub(1));
        let mut lines: Vec<Line<'_>> = Vec::new();
        for (i, item) in self.items.iter().enumerate().skip(start).take(list_h) {
            let sel = i == self.selected;
            let marker = if sel { "› " } else { "  " };
            let mut style = if item.enabled.is_ok() {
                ratatui::style::Style::new()
            } else {
                t.dim()
            };
            if sel {
                style = style.patch(t.selected(true));
            }
            let mark = if item.enabled.is_ok() { " " } else { "✕" };
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{} ", item.key), t.accent()),
                Span::styled(format!("{mark} {}", item.label), style),
            ]));
        }
        let list_area = Rect::new(inner.x, inner.y, inner.width, cells(list_h));
        Paragraph::new(lines).render(list_area, buf);
        let below = inner.height.saturating_sub(cells(list_h).saturating_add(2));
        let reason_area = Rect::new(
            inner.x,
            inner.y + cells(list_h) + 1,
            inner.width,
            reason_lines.min(below),
        );
        if let Some(r) = reason {
            Paragraph::new(Line::styled(format!("✕ {r}"), t.error()))
                .wrap(Wrap { trim: false })
                .render(reason_area, buf);
        }
        let hint = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        render_hints(t, &self.bindings(ctx), hint, buf);
    }
}
