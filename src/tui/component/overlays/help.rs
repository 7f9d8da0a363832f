//! The help overlay: every key, the ones that work here first, searchable; and what
//! undo and redo would do for the signed-in account.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{frame, render_hints};
use crate::tui::component::{Avail, Binding, Component, Ctx, Effect};
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
use crate::tui::component::Scroll;
use crate::tui::layout::centered;

pub struct Help {
    pub search: TextInput,
    pub scroll: Scroll,
}

/// Where the refusal under an undo or redo line starts: under the labels.
const INDENT: &str = "                   ";

impl Help {
    pub fn new() -> Help {
        Help {
            search: TextInput::default(),
            scroll: Scroll::default(),
        }
    }

    /// The list's lines: the keys that work here under one heading, the rest under
    /// another; (keys, description, heading).
    fn rows(&self, ctx: &Ctx<'_>) -> Vec<(String, String, bool)> {
        let entries = self.entries(ctx);
        let (here, elsewhere): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.2);
        let mut rows = Vec::new();
        if !here.is_empty() {
            rows.push((String::new(), "Keys that work here".to_string(), true));
            rows.extend(here.into_iter().map(|(k, d, _)| (k, d, false)));
        }
        if !elsewhere.is_empty() {
            rows.push((
                String::new(),
                "Other keys (other panes and rows, or not now)".to_string(),
                true,
            ));
            rows.extend(elsewhere.into_iter().map(|(k, d, _)| (k, d, false)));
        }
        rows
    }

    fn rect(area: Rect) -> Rect {
        centered(area, 76, area.height.saturating_sub(2))
    }

    /// (keys, description, works here now) for every action matching the search. A
    /// key of what has focus that is disabled (the footer dims it) does not work
    /// here now: it goes with the other keys, saying why.
    fn entries(&self, ctx: &Ctx<'_>) -> Vec<(String, String, bool)> {
        let avail = |a: Action| {
            ctx.here
                .iter()
                .find(|b| b.action.pane() == Some(a))
                .map(|b| &b.avail)
        };
        let q = self.search.value.to_lowercase();
        let mut out: Vec<(String, String, bool)> = Action::ALL
            .into_iter()
            .map(|a| {
                let keys: Vec<String> =
                    ctx.keymap.keys(a).iter().map(ToString::to_string).collect();
                let (what, here) = match avail(a) {
                    Some(Avail::Enabled) => (a.describe().to_string(), true),
                    Some(Avail::Disabled(why)) => (
                        format!("{} (not now: {})", a.describe(), crate::text::escape(why)),
                        false,
                    ),
                    Some(Avail::Hidden) | None => (a.describe().to_string(), false),
                };
                (keys.join(" "), what, here)
            })
            // The keys of what has focus that are not the panes' (a view's own:
            // the review's fix, the matrix's left and right), as its footer words them.
            .chain(
                ctx.here
                    .iter()
                    .filter(|b| b.action.pane().is_none() && !b.keys.is_empty())
                    .map(|b| {
                        let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
                        match &b.avail {
                            Avail::Disabled(why) => (
                                keys.join(" "),
                                format!("{} (not now: {})", b.hint, crate::text::escape(why)),
                                false,
                            ),
                            _ => (keys.join(" "), b.hint.to_string(), true),
                        }
                    }),
            )
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
        let page = self.scroll.page();
        match ctx.keymap.overlay_action(key, &KEYS).filter(|_| !typed) {
            Some(OverlayAction::Close) => return Effect::Close,
            Some(OverlayAction::Down) => self.scroll.by(1),
            Some(OverlayAction::Up) => self.scroll.by(-1),
            Some(OverlayAction::PageDown) => self.scroll.by(page),
            Some(OverlayAction::PageUp) => self.scroll.by(-page),
            _ => {
                if self.search.handle(key) {
                    self.scroll.top();
                }
            }
        }
        Effect::None
    }

    fn fit(&mut self, area: Rect, ctx: &Ctx<'_>) {
        let inner = ratatui::widgets::Block::bordered().inner(Self::rect(area));
        // The inside, less the head (the search, what undo and redo would do) and the
        // hint line.
        let head = 1 + history_lines(ctx, usize::from(inner.width)).len();
        let list = usize::from(inner.height).saturating_sub(head + 1);
        self.scroll.fit(list, self.rows(ctx).len());
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let title = match self.scroll.position() {
            Some(at) => format!("Help · {at}"),
            None => "Help".to_string(),
        };
        let inner = frame(t, &title, Self::rect(area), buf);
        let search = self
            .search
            .shown(usize::from(inner.width.saturating_sub(9)));
        let mut lines = vec![Line::from(vec![
            Span::styled("search: ", t.dim()),
            Span::raw(search.before.clone()),
            Span::styled("▏", t.accent()),
            Span::raw(search.from_cursor()),
        ])];
        lines.extend(history_lines(ctx, usize::from(inner.width)));
        let rows = self.rows(ctx);
        for (keys, what, heading) in rows
            .into_iter()
            .skip(self.scroll.offset())
            .take(self.scroll.height())
        {
            if heading {
                lines.push(Line::styled(what, t.title()));
            } else {
                // A line too long for the box ends with `…` (the search finds it whole).
                lines.push(crate::tui::fit::fit_line(
                    Line::from(vec![
                        Span::styled(format!("  {keys:<16}"), t.accent()),
                        Span::raw(what),
                    ]),
                    usize::from(inner.width),
                ));
            }
        }
        lines.truncate(inner.height.saturating_sub(1) as usize);
        Paragraph::new(lines).render(inner, buf);
        let hint = Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        );
        render_hints(t, &self.bindings(ctx), hint, buf);
    }
}

/// What `u` and Ctrl-r would do for the signed-in account: its own history, newest
/// first (each step is still checked when taken), each list cut to `width`, and the
/// engine's refusal of the next step in full below it (README: the help gives the
/// reason before the key is pressed).
fn history_lines(ctx: &Ctx<'_>, width: usize) -> Vec<Line<'static>> {
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
    // The engine's refusal of the next step, when it would refuse it now.
    let refusal = |action: Action| {
        ctx.answers
            .iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, answer)| answer.as_ref().err())
            .map(|e| format!("refused now: {}", crate::text::escape(&e.to_string())))
    };
    let mut lines = Vec::new();
    for (head, labels, action) in [
        ("undo would revert  ", engine.undo_labels(me), Action::Undo),
        ("redo would apply   ", engine.redo_labels(me), Action::Redo),
    ] {
        lines.push(crate::tui::fit::fit_line(
            Line::from(vec![Span::styled(head, t.dim()), Span::raw(list(labels))]),
            width,
        ));
        if let Some(why) = refusal(action) {
            for part in crate::text::wrap(&why, width.saturating_sub(INDENT.len())) {
                lines.push(Line::styled(format!("{INDENT}{part}"), t.error()));
            }
        }
    }
    lines
}

impl Default for Help {
    fn default() -> Self {
        Help::new()
    }
}
