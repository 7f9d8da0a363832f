//! What every filtered table view shares (the task log, the history, the review): its list
//! state and filter prompt, where its header, rows and prompt go, its frame, the keys
//! of the list and the prompt, and its footer.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::columns::GAP;
use super::list::{ListState, Prompt, Typed};
use super::{back_binding, closing_bindings, pad};
use crate::tui::component::{Avail, Binding, Ctx};
use crate::tui::keys::Action;

/// A table's selection and filter.
#[derive(Default)]
pub struct Table {
    pub list: ListState,
    pub filter: Prompt,
}

/// What a key did to a table.
pub enum TableKey {
    /// Handled; nothing else to do.
    Done,
    /// The filter's text changed: the view matches its rows again.
    Refilter,
    /// A key for the view itself.
    Act(Action),
}

impl Table {
    /// The room inside the border: the header, the rows, and the prompt's line when
    /// a filter is typed or kept.
    pub fn parts(&self, area: Rect) -> (Rect, Rect, Option<Rect>) {
        let inner = Block::bordered().inner(area);
        let prompt = self.filter.typing || !self.filter.is_empty();
        let prompt_h = u16::from(prompt);
        let header = Rect::new(inner.x, inner.y, inner.width, inner.height.min(1));
        let rows = Rect::new(
            inner.x,
            inner.y.saturating_add(1),
            inner.width,
            inner.height.saturating_sub(1 + prompt_h),
        );
        let line = prompt.then(|| {
            Rect::new(
                inner.x,
                inner.y + inner.height.saturating_sub(1),
                inner.width,
                1,
            )
        });
        (header, rows, line)
    }

    /// The layout step: `len` rows in the room `parts` leaves.
    pub fn fit(&mut self, area: Rect, len: usize) {
        let (_, rows, _) = self.parts(area);
        self.list.fit(len, usize::from(rows.height));
    }

    /// A key: the prompt's while it is typed, then the list's moves, `/` and Esc
    /// (clearing a kept filter); anything else is the view's.
    pub fn key(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> TableKey {
        if let Typed::Done { changed } = self.filter.key(key, ctx) {
            return if changed {
                TableKey::Refilter
            } else {
                TableKey::Done
            };
        }
        let Some(action) = ctx.keymap.action(key) else {
            return TableKey::Done;
        };
        if self.list.act(action) {
            return TableKey::Done;
        }
        match action {
            Action::Filter => {
                self.filter.start();
                TableKey::Done
            }
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                TableKey::Refilter
            }
            other => TableKey::Act(other),
        }
    }

    /// The footer: `open` on the selected row (disabled with `empty` when there is
    /// none), the filter, the view's own key to go back, moving, then what every view
    /// ends with.
    pub fn bindings(
        &self,
        ctx: &Ctx<'_>,
        rows: usize,
        open: (Action, &'static str),
        empty: &str,
        own: Action,
        bottom: &'static str,
    ) -> Vec<Binding> {
        if let Some(v) = self.typing_bindings(ctx) {
            return v;
        }
        let some = if rows == 0 {
            Avail::Disabled(empty.to_string())
        } else {
            Avail::Enabled
        };
        let mut v = vec![
            Binding::new(ctx.keymap, open.0, some.clone()).says(open.1),
            Binding::new(ctx.keymap, Action::Filter, Avail::Enabled),
            back_binding(ctx, own),
            Binding::new(ctx.keymap, Action::Down, some.clone()),
            Binding::new(ctx.keymap, Action::Up, some.clone()),
            Binding::new(ctx.keymap, Action::Bottom, some).says(bottom),
        ];
        if let Some(clear) = self.clear_binding(ctx) {
            v.insert(2, clear);
        }
        v.extend(closing_bindings(ctx));
        v
    }

    /// The footer while the filter is typed: Enter keeps it, Esc clears it, and only
    /// Ctrl-c quits (every printable key is text).
    pub fn typing_bindings(&self, ctx: &Ctx<'_>) -> Option<Vec<Binding>> {
        self.filter.typing.then(|| {
            let mut v = Prompt::bindings(ctx);
            v.push(Binding::new(ctx.keymap, Action::Quit, Avail::Enabled).typing());
            v
        })
    }

    /// Esc's binding while a filter is kept: it clears the filter.
    pub fn clear_binding(&self, ctx: &Ctx<'_>) -> Option<Binding> {
        (!self.filter.is_empty())
            .then(|| Binding::new(ctx.keymap, Action::Back, Avail::Enabled).says("clear filter"))
    }

    /// Draws the frame (title, "N of M" while filtered, the position) and the prompt;
    /// returns where the header and the rows go.
    pub fn frame(
        &self,
        area: Rect,
        buf: &mut Buffer,
        ctx: &Ctx<'_>,
        title: &str,
        shown: usize,
        total: usize,
    ) -> (Rect, Rect) {
        let t = ctx.theme;
        let mut block = Block::bordered()
            .title(Span::styled(title.to_string(), t.title()))
            .border_style(t.border(true));
        if !self.filter.is_empty() {
            block =
                block.title(Line::styled(format!(" {shown} of {total} "), t.dim()).right_aligned());
        }
        if let Some(pos) = self.list.position() {
            block = block.title_bottom(Line::styled(pos, t.dim()).right_aligned());
        }
        block.render(area, buf);
        let (header, rows, prompt) = self.parts(area);
        if let Some(line) = prompt {
            self.filter
                .line(t, "filter: ", usize::from(line.width))
                .render(line, buf);
        }
        (header, rows)
    }
}

/// The header of a table whose columns have `widths` (`None`: dropped), after the
/// two columns of the selection marker.
pub fn header_line(headers: &[&str], widths: &[Option<usize>]) -> String {
    let mut head = String::from("  ");
    for (v, w) in headers.iter().zip(widths) {
        if let Some(w) = w {
            head.push_str(&pad(v, *w + GAP));
        }
    }
    head.trim_end().to_string()
}
