//! The task log (`t`): every task the signed-in account may see, newest first, as a
//! table whose rows are selected and opened in full (Enter), with its own filter over
//! environment, action, initiator and outcome. Only the rows on screen become text;
//! the list itself is a vector of task positions, rebuilt when the platform changes.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::columns::{self, Column, GAP};
use super::list::Words;
use super::table::{Table, TableKey, header_line};
use super::{View, common, labelled, pad};
use crate::engine::{AccountId, Catalogue, MethodId, Platform, Task};
use crate::text::escape;
use crate::tui::component::overlays::{Overlay, TextView};
use crate::tui::component::{Binding, Component, Ctx, Effect};
use crate::tui::keys::Action;
use crate::tui::num::cells;

const TITLE: &str = " Tasks (newest first; » started by someone else) ";
const HEADERS: [&str; 5] = ["TIME", "ENV", "ACTION", "INITIATOR", "OUTCOME"];
/// The widest a column other than the outcome grows, so one long name cannot take
/// the room of the others.
const MAX_NATURAL: usize = 28;

#[derive(Default)]
pub struct TasksView {
    table: Table,
    /// Positions in the platform's task log the account sees, newest first.
    all: Vec<usize>,
    /// Per entry of `all`, the lower-cased text the filter searches, built on the
    /// first keystroke after a change.
    search: Vec<String>,
    /// The entries of `all` that match the filter: what the table lists.
    rows: Vec<usize>,
    /// The widest cell of each column but the outcome, over `all`.
    widths: [usize; 4],
    /// The platform generation and account `all` was built for.
    built: Option<(u64, Option<AccountId>)>,
    /// Where the table's rows go, from the layout step.
    area: Rect,
}

impl TasksView {
    pub fn boxed() -> Box<dyn View> {
        Box::new(TasksView::default())
    }

    /// Rebuilds the log for another platform or account, keeping the selected task.
    fn rebuild(&mut self, ctx: &Ctx<'_>) {
        let keep = self.selected_task();
        let p = ctx.platform();
        self.all = match ctx.me {
            Some(me) => (0..p.tasks().len())
                .rev()
                .filter(|i| p.tasks().get(*i).is_some_and(|t| p.task_visible(me, t)))
                .collect(),
            None => Vec::new(),
        };
        self.search.clear();
        let mut widths = HEADERS.map(crate::text::width);
        for t in self.all.iter().filter_map(|i| p.tasks().get(*i)) {
            let cells = [
                20,
                crate::text::width(&escape(t.env.as_deref().unwrap_or("-"))),
                crate::text::width(&action_label(t.method)),
                crate::text::width(&escape(&p.account(t.initiator).email)) + 2,
            ];
            for (w, c) in widths.iter_mut().zip(cells) {
                *w = (*w).max(c.min(MAX_NATURAL));
            }
        }
        self.widths = [widths[0], widths[1], widths[2], widths[3]];
        self.built = Some((ctx.generation, ctx.me));
        self.refilter(p);
        if let Some(i) = keep.and_then(|k| self.rows.iter().position(|r| *r == k)) {
            self.table.list.selected = i;
        }
    }

    /// The rows that match the filter, the selection kept within them.
    fn refilter(&mut self, p: &Platform) {
        let words = Words::new(self.table.filter.text());
        if words.is_empty() {
            self.rows.clone_from(&self.all);
        } else {
            if self.search.len() != self.all.len() {
                self.search = self
                    .all
                    .iter()
                    .map(|i| {
                        p.tasks()
                            .get(*i)
                            .map_or_else(String::new, |t| haystack(p, t))
                    })
                    .collect();
            }
            self.rows = self
                .all
                .iter()
                .zip(&self.search)
                .filter(|(_, s)| words.matches(s))
                .map(|(i, _)| *i)
                .collect();
        }
        self.table.list.fit(self.rows.len(), self.table.list.height);
    }

    /// The position in the task log of the selected row.
    fn selected_task(&self) -> Option<usize> {
        self.rows.get(self.table.list.selected).copied()
    }

    /// The whole task, as a text view: nothing cut, the reason wrapped.
    fn open(&self, ctx: &Ctx<'_>) -> Effect {
        let p = ctx.platform();
        let Some(t) = self.selected_task().and_then(|i| p.tasks().get(i)) else {
            return Effect::None;
        };
        let r = p.task_row(t);
        let width = usize::from(self.area.width.saturating_sub(8)).max(30);
        let action = match Catalogue::get().action_name(t.method) {
            Some(a) => format!("{} ({a})", escape(&r.method)),
            None => escape(&r.method).into_owned(),
        };
        let mut lines = Vec::new();
        for (label, value) in [
            ("time", r.time.clone()),
            (
                "environment",
                escape(r.env.as_deref().unwrap_or("-")).into_owned(),
            ),
            ("action", action),
            ("initiator", escape(&r.initiator).into_owned()),
            ("outcome", r.outcome.clone()),
        ] {
            lines.extend(labelled(label, &value, width));
        }
        if let Some(why) = &r.reason {
            lines.extend(labelled("reason", &escape(why), width));
        }
        Effect::Open(Overlay::Text(TextView::new(
            format!("Task {}", r.seq),
            &lines.join("\n"),
        )))
    }
}

/// `2026-03-09T09:12:00Z` as `03-09 09:12`, for a narrowed time column.
fn compact_time(rfc3339: &str) -> String {
    match (rfc3339.get(5..10), rfc3339.get(11..16)) {
        (Some(day), Some(minute)) => format!("{day} {minute}"),
        _ => rfc3339.to_string(),
    }
}

/// The action as the table shows it: the catalogue's short name ("restart"), else
/// the method; Enter shows both.
fn action_label(m: MethodId) -> String {
    let cat = Catalogue::get();
    cat.action_name(m)
        .map_or_else(|| escape(cat.method_name(m)).into_owned(), str::to_string)
}

/// What the filter searches in a task: environment, action (method and short name),
/// initiator and outcome, lower-cased.
fn haystack(p: &Platform, t: &Task) -> String {
    format!(
        "{} {} {} {} {}",
        t.env.as_deref().unwrap_or("-"),
        Catalogue::get().method_name(t.method),
        Catalogue::get().action_name(t.method).unwrap_or_default(),
        p.account(t.initiator).email,
        t.outcome.as_str()
    )
    .to_lowercase()
}

impl View for TasksView {
    fn paste(&mut self, text: &str, ctx: &Ctx<'_>) {
        if self.table.filter.paste(text) {
            self.refilter(ctx.platform());
        }
    }
}

impl Component for TasksView {
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
            (Action::Open, "whole task"),
            "no task to open",
            Action::Tasks,
            "last",
        )
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        match self.table.key(key, ctx) {
            TableKey::Done => Effect::None,
            TableKey::Refilter => {
                self.refilter(ctx.platform());
                Effect::None
            }
            TableKey::Act(Action::Open) => self.open(ctx),
            TableKey::Act(other) => common(other, Action::Tasks, ctx),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let (header, rows_area) =
            self.table
                .frame(area, buf, ctx, TITLE, self.rows.len(), self.all.len());
        let Some(me) = ctx.me else {
            Line::styled("sign in to see tasks", t.dim()).render(rows_area, buf);
            return;
        };
        let p = ctx.platform();
        // Two columns for the selection marker, then the table.
        let avail = usize::from(header.width).saturating_sub(2);
        let widths = columns::fit(avail, &self.columns(avail));
        Line::styled(header_line(&HEADERS, &widths), t.dim()).render(header, buf);
        if self.rows.is_empty() {
            let text = if self.all.is_empty() {
                "no tasks yet".to_string()
            } else {
                self.table.filter.no_match("task", ctx)
            };
            Line::styled(text, t.dim()).render(rows_area, buf);
            return;
        }
        let email = &p.account(me).email;
        for (y, i) in self.table.list.visible().enumerate() {
            let Some(task) = self.rows.get(i).and_then(|k| p.tasks().get(*k)) else {
                continue;
            };
            let r = p.task_row(task);
            let other = &r.initiator != email;
            let outcome = match &r.reason {
                Some(why) => format!("{}: {}", r.outcome, escape(why)),
                None => r.outcome.clone(),
            };
            let [time, env, method, initiator, out] = [
                if widths.first().copied().flatten() < Some(r.time.len()) {
                    compact_time(&r.time)
                } else {
                    r.time.clone()
                },
                escape(r.env.as_deref().unwrap_or("-")).into_owned(),
                action_label(task.method),
                format!("{}{}", if other { "» " } else { "" }, escape(&r.initiator)),
                outcome,
            ];
            let selected = i == self.table.list.selected;
            let base = if selected {
                t.selected(true)
            } else {
                Style::new()
            };
            let mut spans = vec![Span::styled(if selected { "› " } else { "  " }, base)];
            let styles = [
                base,
                base,
                base,
                if other { base.patch(t.accent()) } else { base },
                base.patch(if r.outcome == "denied" {
                    t.error()
                } else {
                    t.ok()
                }),
            ];
            for ((value, style), w) in [time, env, method, initiator, out]
                .iter()
                .zip(styles)
                .zip(&widths)
            {
                if let Some(w) = w {
                    if spans.len() > 1 {
                        spans.push(Span::styled(" ".repeat(GAP), base));
                    }
                    spans.push(Span::styled(pad(value, *w), style));
                }
            }
            let row = Rect::new(rows_area.x, rows_area.y + cells(y), rows_area.width, 1);
            Line::from(spans).render(row, buf);
        }
    }
}

impl TasksView {
    /// The table's columns; the outcome is last, so it always stays on screen.
    fn columns(&self, avail: usize) -> [Column; 5] {
        let [time, env, method, initiator] = self.widths;
        [
            Column {
                natural: time,
                min: 11,
                drop: 1,
            },
            Column {
                natural: env,
                min: 8,
                drop: 3,
            },
            Column {
                natural: method,
                min: 10,
                drop: 4,
            },
            Column {
                natural: initiator,
                min: 10,
                drop: 2,
            },
            Column {
                natural: usize::MAX,
                min: (avail / 4).max(16),
                drop: u8::MAX,
            },
        ]
    }
}
