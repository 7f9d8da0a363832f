//! The help overlay: every key, the ones that work here first, searchable; and what
//! undo and redo would do for the signed-in account.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{bindings_line, frame};
use crate::tui::component::{Binding, Component, Ctx, Effect};
use crate::tui::input::TextInput;
use crate::tui::keys::{Action, Key, OverlayAction};

/// The keys the help understands besides typing (from the `lists` key map).
const KEYS: [OverlayAction; 5] = [
    OverlayAction::Up,
    OverlayAction::Down,
    OverlayAction::PageUp,
    OverlayAction::PageDown,
    OverlayAction::Close,
];
use crate::tui::layout::centered;

pub struct Help {
    pub search: TextInput,
    pub offset: usize,
}

impl Help {
    pub fn new() -> Help {
        Help {
            search: TextInput::default(),
            offset: 0,
        }
    }

    /// (keys, description, in context) for every action matching the search.
    fn entries(&self, ctx: &Ctx<'_>) -> Vec<(String, &'static str, bool)> {
        let here: Vec<Action> = ctx.here.iter().filter_map(|b| b.action.pane()).collect();
        let q = self.search.value.to_lowercase();
        let mut out: Vec<(String, &'static str, bool)> = Action::ALL
            .into_iter()
            .map(|a| {
                let keys: Vec<String> =
                    ctx.keymap.keys(a).iter().map(ToString::to_string).collect();
                (keys.join(" "), a.describe(), here.contains(&a))
            })
            .filter(|(k, d, _)| {
                q.is_empty() || k.to_lowercase().contains(&q) || d.to_lowercase().contains(&q)
            })
            .collect();
        out.sort_by_key(|(_, _, here)| !*here);
        out
    }
}

impl Component for Help {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        KEYS.into_iter()
            .map(|a| Binding::overlay(ctx.keymap, a).typing())
            .collect()
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        // The help key closes it again while nothing is typed; other characters search.
        if self.search.value.is_empty() && ctx.keymap.action(key) == Some(Action::Help) {
            return Effect::Close;
        }
        let typed = Key::from_event(key).is_plain_char();
        match ctx.keymap.overlay_action(key, &KEYS).filter(|_| !typed) {
            Some(OverlayAction::Close) => return Effect::Close,
            Some(OverlayAction::Down) => self.offset += 1,
            Some(OverlayAction::Up) => self.offset = self.offset.saturating_sub(1),
            Some(OverlayAction::PageDown) => self.offset += 10,
            Some(OverlayAction::PageUp) => self.offset = self.offset.saturating_sub(10),
            _ => {
                if self.search.handle(key) {
                    self.offset = 0;
                }
            }
        }
        self.offset = self.offset.min(self.entries(ctx).len().saturating_sub(1));
        Effect::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let rect = centered(area, 76, area.height.saturating_sub(2));
        let inner = frame(t, "Help", rect, buf);
        let mut lines = vec![
            Line::from(vec![
                Span::styled("search: ", t.dim()),
                Span::raw(self.search.value.clone()),
                Span::styled("▏", t.accent()),
            ]),
            Line::styled(
                "keys that work here first; the rest apply elsewhere",
                t.dim(),
            ),
        ];
        lines.extend(history_lines(ctx));
        for (keys, what, here) in self.entries(ctx).into_iter().skip(self.offset) {
            let style = if here {
                ratatui::style::Style::new()
            } else {
                t.dim()
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{keys:<16}"), t.accent()),
                Span::styled(what, style),
            ]));
        }
        lines.truncate(inner.height.saturating_sub(1) as usize);
        Paragraph::new(lines).render(inner, buf);
        let hint = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        bindings_line(t, &self.bindings(ctx)).render(hint, buf);
    }
}

/// What `u` and Ctrl-r would do for the signed-in account: its own history, newest
/// first (each step is still checked when taken).
fn history_lines(ctx: &Ctx<'_>) -> Vec<Line<'static>> {
    let t = ctx.theme;
    let Some(me) = ctx.me else {
        return Vec::new();
    };
    let engine = ctx.engine;
    let list = |labels: Vec<&str>| -> String {
        let shown: Vec<String> = labels
            .iter()
            .take(3)
            .map(|l| crate::text::escape(l).into_owned())
            .collect();
        match labels.len() {
            0 => "nothing of yours".to_string(),
            n if n > 3 => format!("{} (+{} more)", shown.join(" · "), n - 3),
            _ => shown.join(" · "),
        }
    };
    vec![
        Line::from(vec![
            Span::styled("undo would revert  ", t.dim()),
            Span::raw(list(engine.undo_labels(me))),
        ]),
        Line::from(vec![
            Span::styled("redo would apply   ", t.dim()),
            Span::raw(list(engine.redo_labels(me))),
        ]),
    ]
}

impl Default for Help {
    fn default() -> Self {
        Help::new()
    }
}
