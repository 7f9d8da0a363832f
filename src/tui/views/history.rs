//! The change journal (`H`): who changed what, when, newest first, as the signed-in
//! account may see it (the entries it made and those about its records: the engine's
//! rule, `JournalEntry::visible_to`), with its own `/` filter. Enter or `w` on an
//! entry opens it in full with its effect on access, member by environment, before and
//! after: what `collab history` prints for it. The effect is measured on demand, never
//! while drawing.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::columns::{self, Column, GAP};
use super::list::{ListState, Prompt, Typed};
use super::{View, back_binding, closing_bindings, common, pad};
use crate::cli::history::{Heading, entry_text};
use crate::cli::render::Style as TextStyle;
use crate::engine::{AccountId, JournalEntry};
use crate::text::escape;
use crate::tui::component::overlays::{Overlay, TextView};
use crate::tui::component::{Avail, Binding, Component, Ctx, Effect};
use crate::tui::keys::Action;
use crate::tui::num::cells;

const TITLE: &str = " History (newest first: changes to the configuration) ";
const HEADERS: [&str; 5] = ["#", "TIME", "BY", "KIND", "COMMAND"];

#[derive(Default)]
pub struct HistoryView {
    list: ListState,
    filter: Prompt,
    /// Sequence numbers of the entries the account may see, newest first.
    all: Vec<u64>,
    /// Per entry of `all`, the lower-cased text the filter searches.
    search: Vec<String>,
    /// The entries of `all` that match the filter.
    rows: Vec<u64>,
    /// The widest cell of each column but the command.
    widths: [usize; 4],
    /// The platform generation and account `all` was built for.
    built: Option<(u64, Option<AccountId>)>,
    area: Rect,
}

/// An entry's kind as the table shows it: `undo of #12`, `operation`, `change`.
fn kind_text(e: &JournalEntry) -> String {
    match e.of {
        Some(of) => format!("{} of #{of}", e.kind.as_str()),
        None => e.kind.as_str().to_string(),
    }
}

fn actor_text(e: &JournalEntry) -> String {
    escape(e.actor.as_deref().unwrap_or("(operator)")).into_owned()
}

impl HistoryView {
    pub fn boxed() -> Box<dyn View> {
        Box::new(HistoryView::default())
    }

    fn rebuild(&mut self, ctx: &Ctx<'_>) {
        let keep = self.rows.get(self.list.selected).copied();
        let p = ctx.platform();
        let me = ctx.me.map(|m| p.account(m).email.clone());
        let journal = ctx.engine.journal();
        self.all = match &me {
            Some(email) => journal
                .entries
                .iter()
                .rev()
                .filter(|e| e.visible_to(Some(email)))
                .map(|e| e.seq)
                .collect(),
            None => Vec::new(),
        };
        let mut widths = [HEADERS[0].len(), 20, HEADERS[2].len(), HEADERS[3].len()];
        for e in self.all.iter().filter_map(|s| journal.entry(*s)) {
            let cells = [
                e.seq.to_string().len() + 1,
                20,
                crate::text::width(&actor_text(e)),
                crate::text::width(&kind_text(e)),
            ];
            for (w, c) in widths.iter_mut().zip(cells) {
                *w = (*w).max(c.min(32));
            }
        }
        self.widths = widths;
        self.search = self
            .all
            .iter()
            .filter_map(|s| journal.entry(*s))
            .map(|e| {
                format!(
                    "#{} {} {} {} {}",
                    e.seq,
                    e.time.to_rfc3339(),
                    actor_text(e),
                    kind_text(e),
                    e.command
                )
                .to_lowercase()
            })
            .collect();
        self.built = Some((ctx.generation, ctx.me));
        self.refilter();
        if let Some(i) = keep.and_then(|k| self.rows.iter().position(|r| *r == k)) {
            self.list.selected = i;
        }
    }

    fn refilter(&mut self) {
        let needle = self.filter.text().to_lowercase();
        self.rows = self
            .all
            .iter()
            .zip(&self.search)
            .filter(|(_, s)| needle.is_empty() || s.contains(&needle))
            .map(|(seq, _)| *seq)
            .collect();
    }

    fn parts(&self, area: Rect) -> (Rect, Rect, Option<Rect>) {
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

    /// The selected entry in full, with its effect on access (measured now, by the
    /// engine, walking the journal back to it).
    fn open(&self, ctx: &Ctx<'_>) -> Effect {
        let Some(seq) = self.rows.get(self.list.selected).copied() else {
            return Effect::None;
        };
        let Some(e) = ctx.engine.journal().entry(seq) else {
            return Effect::None;
        };
        let time = e.time.to_rfc3339();
        let style = TextStyle { color: false };
        let mut text = match ctx.engine.entry_effect(seq) {
            Ok(changes) => {
                let mut t = entry_text(style, &Heading::of_entry(e, &time), &changes);
                if changes.is_empty() {
                    t.push_str("    no member's access level or roles changed\n");
                }
                t
            }
            Err(err) => format!(
                "{}    its effect cannot be measured: {}: {err}\n",
                entry_text(style, &Heading::of_entry(e, &time), &[]),
                err.code()
            ),
        };
        text.push_str("\nrecords it changed:\n");
        let mut seen: Vec<String> = Vec::new();
        for r in e.touched() {
            let d = escape(&r.describe()).into_owned();
            if !seen.contains(&d) {
                text.push_str("    ");
                text.push_str(&d);
                text.push('\n');
                seen.push(d);
            }
        }
        Effect::Open(Overlay::Text(TextView::new(format!("Entry #{seq}"), &text)))
    }
}

impl View for HistoryView {
    fn paste(&mut self, text: &str, _ctx: &Ctx<'_>) {
        if self.filter.paste(text) {
            self.refilter();
            self.list.fit(self.rows.len(), self.list.height);
        }
    }
}

impl Component for HistoryView {
    fn fit(&mut self, area: Rect, ctx: &Ctx<'_>) {
        self.area = area;
        if self.built != Some((ctx.generation, ctx.me)) {
            self.rebuild(ctx);
        }
        let (_, rows, _) = self.parts(area);
        self.list.fit(self.rows.len(), usize::from(rows.height));
    }

    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        if self.filter.typing {
            let mut v = Prompt::bindings(ctx);
            v.push(Binding::new(ctx.keymap, Action::Quit, Avail::Enabled).typing());
            return v;
        }
        let some = if self.rows.is_empty() {
            Avail::Disabled("no entry to open".into())
        } else {
            Avail::Enabled
        };
        let mut v = vec![
            Binding::new(ctx.keymap, Action::Why, some.clone()).says("its effect"),
            Binding::new(ctx.keymap, Action::Filter, Avail::Enabled),
            back_binding(ctx, Action::History),
            Binding::new(ctx.keymap, Action::Down, some.clone()),
            Binding::new(ctx.keymap, Action::Up, some.clone()),
            Binding::new(ctx.keymap, Action::Bottom, some).says("oldest"),
        ];
        if !self.filter.is_empty() {
            v.insert(
                2,
                Binding::new(ctx.keymap, Action::Back, Avail::Enabled).says("clear filter"),
            );
        }
        v.extend(closing_bindings(ctx));
        v
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        if let Typed::Done { changed } = self.filter.key(key, ctx) {
            if changed {
                self.refilter();
                self.list.fit(self.rows.len(), self.list.height);
            }
            return Effect::None;
        }
        let Some(action) = ctx.keymap.action(key) else {
            return Effect::None;
        };
        if self.list.act(action) {
            return Effect::None;
        }
        match action {
            Action::Open | Action::Why => self.open(ctx),
            Action::Filter => {
                self.filter.start();
                Effect::None
            }
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.refilter();
                self.list.fit(self.rows.len(), self.list.height);
                Effect::None
            }
            other => common(other, Action::History, ctx),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let mut block = Block::bordered()
            .title(Span::styled(TITLE, t.title()))
            .border_style(t.border(true));
        if !self.filter.is_empty() {
            block = block.title(
                Line::styled(
                    format!(" {} of {} ", self.rows.len(), self.all.len()),
                    t.dim(),
                )
                .right_aligned(),
            );
        }
        if let Some(pos) = self.list.position() {
            block = block.title_bottom(Line::styled(pos, t.dim()).right_aligned());
        }
        block.render(area, buf);
        let (header, rows_area, prompt) = self.parts(area);
        if let Some(line) = prompt {
            self.filter
                .line(t, "filter: ", usize::from(line.width))
                .render(line, buf);
        }
        if ctx.me.is_none() {
            Line::styled("sign in to see the history", t.dim()).render(rows_area, buf);
            return;
        }
        let avail = usize::from(header.width).saturating_sub(2);
        let [seq, time, actor, kind] = self.widths;
        let widths = columns::fit(
            avail,
            &[
                Column {
                    natural: seq,
                    min: 3,
                    drop: 1,
                },
                Column {
                    natural: time,
                    min: 11,
                    drop: 2,
                },
                Column {
                    natural: actor,
                    min: 10,
                    drop: 3,
                },
                Column {
                    natural: kind,
                    min: 6,
                    drop: 0,
                },
                Column {
                    natural: usize::MAX,
                    min: (avail / 3).max(16),
                    drop: u8::MAX,
                },
            ],
        );
        let mut head = String::from("  ");
        for (v, w) in HEADERS.iter().zip(&widths) {
            if let Some(w) = w {
                head.push_str(&pad(v, *w + GAP));
            }
        }
        Line::styled(head.trim_end().to_string(), t.dim()).render(header, buf);
        if self.rows.is_empty() {
            let text = if self.all.is_empty() {
                "no changes yet".to_string()
            } else {
                format!(
                    "no entry matches '{}' (Esc clears the filter)",
                    crate::text::quoted(self.filter.text())
                )
            };
            Line::styled(text, t.dim()).render(rows_area, buf);
            return;
        }
        let journal = ctx.engine.journal();
        for (y, i) in self.list.visible().enumerate() {
            let Some(e) = self.rows.get(i).and_then(|s| journal.entry(*s)) else {
                continue;
            };
            let time = e.time.to_rfc3339();
            let time = if widths.get(1).copied().flatten() < Some(time.len()) {
                match (time.get(5..10), time.get(11..16)) {
                    (Some(day), Some(minute)) => format!("{day} {minute}"),
                    _ => time,
                }
            } else {
                time
            };
            let values = [
                format!("#{}", e.seq),
                time,
                actor_text(e),
                kind_text(e),
                escape(&e.command).into_owned(),
            ];
            let selected = i == self.list.selected;
            let base = if selected {
                t.selected(true)
            } else {
                Style::new()
            };
            let mut spans = vec![Span::styled(if selected { "› " } else { "  " }, base)];
            for (k, (value, w)) in values.iter().zip(&widths).enumerate() {
                if let Some(w) = w {
                    if spans.len() > 1 {
                        spans.push(Span::styled(" ".repeat(GAP), base));
                    }
                    let style = if k == 0 { base.patch(t.dim()) } else { base };
                    spans.push(Span::styled(pad(value, *w), style));
                }
            }
            let row = Rect::new(rows_area.x, rows_area.y + cells(y), rows_area.width, 1);
            Line::from(spans).render(row, buf);
        }
    }
}
