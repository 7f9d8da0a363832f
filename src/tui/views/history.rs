//! The change journal (`H`): who changed what, when, newest first, as the signed-in
//! account may see it (the entries it made and those about its records: the engine's
//! rule, `JournalEntry::visible_to`), with its own `/` filter. Enter or `w` on an
//! entry opens it in full with its effect on access, member by environment, before and
//! after: what `collab history` prints for it. The effect is measured on demand, never
//! while drawing.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::columns::{self, Column, GAP};
use super::list::Words;
use super::table::{Table, TableKey, header_line};
use super::{View, common, pad};
use crate::cli::history::{Heading, entry_text};
use crate::cli::render::Style as TextStyle;
use crate::engine::{AccountId, JournalEntry};
use crate::text::escape;
use crate::tui::component::overlays::{Overlay, TextView};
use crate::tui::component::{Binding, Component, Ctx, Effect};
use crate::tui::keys::Action;
use crate::tui::num::cells;

const TITLE: &str = " History (newest first: changes to the configuration) ";
const HEADERS: [&str; 5] = ["#", "TIME", "BY", "KIND", "COMMAND"];

#[derive(Default)]
pub struct HistoryView {
    table: Table,
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
        let keep = self.rows.get(self.table.list.selected).copied();
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
            self.table.list.selected = i;
        }
    }

    /// The rows the filter keeps, the selection kept within them.
    fn refilter(&mut self) {
        let words = Words::new(self.table.filter.text());
        self.rows = self
            .all
            .iter()
            .zip(&self.search)
            .filter(|(_, s)| words.matches(s))
            .map(|(seq, _)| *seq)
            .collect();
        self.table.list.fit(self.rows.len(), self.table.list.height);
    }

    /// The selected entry in full, with its effect on access (measured now, by the
    /// engine, walking the journal back to it).
    fn open(&self, ctx: &Ctx<'_>) -> Effect {
        let Some(seq) = self.rows.get(self.table.list.selected).copied() else {
            return Effect::None;
        };
        let Some(e) = ctx.engine.journal().entry(seq) else {
            return Effect::None;
        };
        let time = e.time.to_rfc3339();
        let style = TextStyle { color: false };
        let mut text = match ctx.engine.entry_effect(ctx.me, seq) {
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
        let records = ctx.engine.records_seen_by(e, ctx.me);
        let hidden = e.records.len() - records.len();
        let mut seen: Vec<String> = Vec::new();
        for r in records
            .iter()
            .flat_map(|r| r.before.iter().chain(r.after.iter()))
        {
            let d = escape(&r.describe()).into_owned();
            if !seen.contains(&d) {
                text.push_str("    ");
                text.push_str(&d);
                text.push('\n');
                seen.push(d);
            }
        }
        if hidden > 0 {
            let _ = writeln!(
                text,
                "    and {hidden} record{} of another account, not yours to see",
                if hidden == 1 { "" } else { "s" }
            );
        }
        Effect::Open(Overlay::Text(TextView::new(format!("Entry #{seq}"), &text)))
    }
}

impl View for HistoryView {
    fn paste(&mut self, text: &str, _ctx: &Ctx<'_>) {
        if self.table.filter.paste(text) {
            self.refilter();
        }
    }
}

impl Component for HistoryView {
    fn fit(&mut self, area: Rect, ctx: &Ctx<'_>) {
        self.area = area;
        if self.built != Some((ctx.generation, ctx.me)) {
            self.rebuild(ctx);
        }
        self.table.fit(area, self.rows.len());
    }

    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        self.table.bindings(
            ctx,
            self.rows.len(),
            (Action::Why, "its effect"),
            "no entry to open",
            Action::History,
            "oldest",
        )
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        match self.table.key(key, ctx) {
            TableKey::Done => Effect::None,
            TableKey::Refilter => {
                self.refilter();
                Effect::None
            }
            TableKey::Act(Action::Open | Action::Why) => self.open(ctx),
            TableKey::Act(other) => common(other, Action::History, ctx),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let (header, rows_area) =
            self.table
                .frame(area, buf, ctx, TITLE, self.rows.len(), self.all.len());
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
        Line::styled(header_line(&HEADERS, &widths), t.dim()).render(header, buf);
        if self.rows.is_empty() {
            let text = if self.all.is_empty() {
                "no changes yet".to_string()
            } else {
                self.table.filter.no_match("entry", ctx)
            };
            Line::styled(text, t.dim()).render(rows_area, buf);
            return;
        }
        let journal = ctx.engine.journal();
        for (y, i) in self.table.list.visible().enumerate() {
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
            let selected = i == self.table.list.selected;
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
