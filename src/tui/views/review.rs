//! The Review view (`R`): `collab review` of the signed-in owner's account in the
//! app. Findings are listed by severity; the selected one shows its explanation, the
//! facts behind it and its fix, and `f` applies the fix through the usual preview and
//! confirmation (the app decides which, by the command's kind). The review runs in
//! the background (`review_job`), again whenever the platform changes; a progress line
//! shows while it runs and frames never wait for it.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::columns::{self, Column, GAP};
use super::list::Words;
use super::review_job::{For, Job, parse};
use super::review_text::{FixAnswer, describe, haystack, severity_style, status_line, subject_of};
use super::table::{Table, TableKey};
use super::{View, back_binding, closing_bindings, common, pad};
use crate::engine::Command;
use crate::engine::review::Finding;
use crate::text::escape;
use crate::tui::component::overlays::{Overlay, TextView};
use crate::tui::component::{Avail, Binding, Component, Ctx, Effect, Message};
use crate::tui::keys::{Action, OverlayAction};
use crate::tui::num::cells;

const TITLE: &str = " Review: what to clean up ";
/// The selected finding's fix as the app applies it: the command its `collab` line
/// parses to, and the engine's answer whether the owner may run it now. Made when the
/// finding is selected; the app asks the engine (`View::question`) before the frame.
#[derive(Clone, Debug)]
struct Fix {
    /// The review and the finding it is for.
    at: (For, usize),
    command: Result<Command, String>,
    /// `None` until the app has asked the engine.
    answer: FixAnswer,
}

#[derive(Default)]
pub struct ReviewView {
    job: Job,
    /// The selection over `rows`, and the filter (`/`).
    table: Table,
    /// The positions of the findings the filter lets through, in the review's order.
    rows: Vec<usize>,
    /// Per finding, the lower-cased text the filter searches, built on the first
    /// keystroke after a review arrives.
    search: Vec<String>,
    /// Where the view is drawn, from the layout step.
    area: Rect,
    /// Rows the selected finding's details take, from the layout step.
    detail_h: u16,
    /// The widest kind and subject of the findings, measured when a review arrives,
    /// and for which one.
    widths: (usize, usize),
    measured: Option<For>,
    /// The selected finding's fix.
    fix: Option<Fix>,
}

impl ReviewView {
    pub fn boxed() -> Box<dyn View> {
        Box::new(ReviewView::default())
    }

    fn findings(&self) -> &[Finding] {
        self.job
            .done
            .as_ref()
            .map_or(&[], |d| d.review.findings.as_slice())
    }

    /// The position in the review of the selected row's finding.
    fn selected_at(&self) -> Option<usize> {
        self.rows.get(self.table.list.selected).copied()
    }

    fn selected(&self) -> Option<(&Finding, Option<&Fix>)> {
        let done = self.job.done.as_ref()?;
        let i = self.selected_at()?;
        let finding = done.review.findings.get(i)?;
        let fix = self
            .fix
            .as_ref()
            .filter(|f| f.at == (done.made_for, i) && finding.fix.is_some());
        Some((finding, fix))
    }

    /// Parses the selected finding's fix when the selection or the review changed.
    fn fit_fix(&mut self, ctx: &Ctx<'_>) {
        let (Some(done), Some(i)) = (self.job.done.as_ref(), self.selected_at()) else {
            self.fix = None;
            return;
        };
        let at = (done.made_for, i);
        if self.fix.as_ref().is_some_and(|f| f.at == at) {
            return;
        }
        let current = self.job.is_current(ctx);
        let line = done
            .review
            .findings
            .get(at.1)
            .and_then(|f| f.fix.as_deref());
        self.fix = line.map(|line| {
            let p = ctx.platform();
            let owner = if p.has_account(at.0.owner) {
                p.account(at.0.owner).email.as_str()
            } else {
                ""
            };
            let command = parse(line, owner);
            // Nothing to ask the engine when the line does not parse, or when the
            // review is of an older platform (a newer one is on its way).
            let answer = match &command {
                Err(e) => Some(Err(e.clone())),
                Ok(_) if !current => Some(Err("the review is being brought up to date".into())),
                Ok(_) => None,
            };
            Fix {
                at,
                command,
                answer,
            }
        });
    }

    /// Whether the selected finding's fix may be applied now, and why not.
    fn fix_avail(&self, ctx: &Ctx<'_>) -> Avail {
        let Some((_, fix)) = self.selected() else {
            return Avail::Disabled("no finding selected".into());
        };
        if !self.job.is_current(ctx) {
            return Avail::Disabled("the review is being brought up to date".into());
        }
        match fix.map(|f| &f.answer) {
            None => Avail::Disabled("this finding only informs: there is nothing to apply".into()),
            Some(None) => Avail::Disabled("checking whether it may run now".into()),
            Some(Some(Err(why))) => Avail::Disabled(why.clone()),
            Some(Some(Ok(()))) => Avail::Enabled,
        }
    }

    /// The inside of the border: the status line, the list, the details of the
    /// selected finding below it, and the filter's line at the bottom while there is
    /// a filter.
    fn parts(&self, area: Rect) -> (Rect, Rect, Rect) {
        let (status, body, _) = self.table.parts(area);
        let detail_h = self.detail_h.min(body.height.saturating_mul(3) / 5);
        let list_h = body.height.saturating_sub(detail_h);
        let list = Rect::new(body.x, body.y, body.width, list_h);
        let detail = Rect::new(body.x, body.y + list_h, body.width, detail_h);
        (status, list, detail)
    }

    /// The findings the filter lets through (every word of it found, see `Words`),
    /// the selected finding kept when it still shows.
    fn refilter(&mut self) {
        let keep = self.selected_at();
        let words = Words::new(self.table.filter.text());
        let findings = self
            .job
            .done
            .as_ref()
            .map_or(&[][..], |d| d.review.findings.as_slice());
        if words.is_empty() {
            self.rows = (0..findings.len()).collect();
        } else {
            if self.search.len() != findings.len() {
                self.search = findings.iter().map(haystack).collect();
            }
            self.rows = self
                .search
                .iter()
                .enumerate()
                .filter(|(_, s)| words.matches(s))
                .map(|(i, _)| i)
                .collect();
        }
        if let Some(i) = keep.and_then(|k| self.rows.iter().position(|r| *r == k)) {
            self.table.list.selected = i;
        }
    }

    /// The selected finding's details in `width` columns, naming the keys as
    /// configured.
    fn details(&self, ctx: &Ctx<'_>, width: usize) -> Option<(&Finding, Vec<String>)> {
        let (f, fix) = self.selected()?;
        let fix_key = ctx.keymap.overlay_label(OverlayAction::Fix);
        Some((
            f,
            describe(f, fix.map(|x| &x.answer), &fix_key, ctx.collab, width),
        ))
    }

    /// The whole finding as a text view.
    fn open(&self, ctx: &Ctx<'_>) -> Effect {
        let width = usize::from(self.area.width.saturating_sub(8)).max(30);
        let Some((f, lines)) = self.details(ctx, width) else {
            return Effect::None;
        };
        Effect::Open(Overlay::Text(TextView::new(
            format!("{} {}", f.severity.as_str().to_uppercase(), f.kind),
            &lines.join("\n"),
        )))
    }
}

impl View for ReviewView {
    fn poll(&mut self) -> bool {
        self.job.poll()
    }

    fn busy(&self) -> bool {
        self.job.running.is_some()
    }

    fn finish(&mut self) {
        self.job.finish();
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx<'_>) {
        if self.table.filter.paste(text) {
            self.refilter();
        }
    }

    fn question(&self) -> Option<Command> {
        match self.selected()? {
            (
                _,
                Some(Fix {
                    command: Ok(cmd),
                    answer: None,
                    ..
                }),
            ) => Some(cmd.clone()),
            _ => None,
        }
    }

    fn answer(&mut self, answer: Result<(), String>) {
        if let Some(fix) = self.fix.as_mut() {
            fix.answer = Some(answer);
        }
    }
}

impl Component for ReviewView {
    fn fit(&mut self, area: Rect, ctx: &Ctx<'_>) {
        self.area = area;
        self.job.want(ctx);
        self.fit_fix(ctx);
        let made_for = self.job.done.as_ref().map(|d| d.made_for);
        if self.measured != made_for {
            let findings = self.findings();
            let subject = findings
                .iter()
                .map(|f| crate::text::width(&escape(subject_of(f))))
                .max()
                .unwrap_or(1);
            let kind = findings.iter().map(|f| f.kind.len()).max().unwrap_or(4);
            self.widths = (kind, subject);
            self.measured = made_for;
            // Another review: its findings are matched afresh, and the selection stays
            // at the same row (a fixed finding's neighbour takes its place).
            self.search.clear();
            self.rows.clear();
            self.refilter();
        }
        let width = usize::from(Block::bordered().inner(area).width);
        self.detail_h = self
            .details(ctx, width)
            .map_or(0, |(_, lines)| cells(lines.len() + 1));
        let (_, list, _) = self.parts(area);
        self.table
            .list
            .fit(self.rows.len(), usize::from(list.height));
        // The fit may have moved the selection.
        self.fit_fix(ctx);
    }

    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        if let Some(v) = self.table.typing_bindings(ctx) {
            return v;
        }
        let some = if self.rows.is_empty() {
            Avail::Disabled("no finding to open".into())
        } else {
            Avail::Enabled
        };
        let mut fix = Binding::overlay(ctx.keymap, OverlayAction::Fix);
        fix.avail = self.fix_avail(ctx);
        let mut v = vec![
            fix,
            Binding::new(ctx.keymap, Action::Open, some.clone()).says("whole finding"),
            Binding::new(ctx.keymap, Action::Filter, Avail::Enabled),
        ];
        v.extend(self.table.clear_binding(ctx));
        v.extend([
            back_binding(ctx, Action::Review),
            Binding::new(ctx.keymap, Action::Down, some.clone()),
            Binding::new(ctx.keymap, Action::Up, some),
        ]);
        v.extend(closing_bindings(ctx));
        v
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        // While the filter is typed, every printable key is text, `f` too.
        let fix_key = !self.table.filter.typing
            && ctx
                .keymap
                .overlay_action(key, &[OverlayAction::Fix])
                .is_some();
        if fix_key {
            return match self.fix_avail(ctx) {
                Avail::Enabled => match self.selected() {
                    Some((
                        _,
                        Some(Fix {
                            command: Ok(cmd), ..
                        }),
                    )) => Effect::Submit(cmd.clone()),
                    _ => Effect::None,
                },
                Avail::Disabled(why) => Effect::Message(Message {
                    text: why,
                    error: true,
                }),
                Avail::Hidden => Effect::None,
            };
        }
        match self.table.key(key, ctx) {
            TableKey::Done => Effect::None,
            TableKey::Refilter => {
                self.refilter();
                Effect::None
            }
            TableKey::Act(Action::Open) => self.open(ctx),
            TableKey::Act(other) => common(other, Action::Review, ctx),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let total = self.findings().len();
        self.table
            .frame(area, buf, ctx, TITLE, self.rows.len(), total);
        let (status, list, detail) = self.parts(area);
        crate::tui::fit::fit_line(status_line(&self.job, ctx), usize::from(status.width))
            .render(status, buf);
        if ctx.me.is_none() {
            return;
        }
        let current = self.job.is_current(ctx);
        let findings = self.findings();
        if findings.is_empty() {
            if current {
                Line::styled("nothing to clean up: no findings", t.ok()).render(list, buf);
            }
            return;
        }
        if self.rows.is_empty() {
            let text = self.table.filter.no_match("finding", ctx);
            Line::styled(text, t.dim()).render(list, buf);
            return;
        }
        let avail = usize::from(list.width).saturating_sub(2);
        let (kind, subject) = self.widths;
        let widths = columns::fit(
            avail,
            &[
                Column {
                    natural: 4,
                    min: 4,
                    drop: 3,
                },
                Column {
                    natural: kind,
                    min: 12,
                    drop: 1,
                },
                Column {
                    natural: subject.min(28),
                    min: 12,
                    drop: 2,
                },
                Column {
                    natural: usize::MAX,
                    min: (avail / 3).max(20),
                    drop: u8::MAX,
                },
            ],
        );
        let row_style = if current { Style::new() } else { t.dim() };
        for (y, row) in self.table.list.visible().enumerate() {
            let Some(f) = self.rows.get(row).and_then(|i| findings.get(*i)) else {
                continue;
            };
            let selected = row == self.table.list.selected;
            let base = if selected {
                t.selected(true)
            } else {
                row_style
            };
            let values = [
                f.severity.as_str().to_uppercase(),
                f.kind.to_string(),
                escape(subject_of(f)).into_owned(),
                escape(&f.message).into_owned(),
            ];
            let mut spans = vec![Span::styled(if selected { "› " } else { "  " }, base)];
            for (n, (value, w)) in values.iter().zip(&widths).enumerate() {
                let Some(w) = w else { continue };
                if spans.len() > 1 {
                    spans.push(Span::styled(" ".repeat(GAP), base));
                }
                let cell = if n == 0 {
                    base.patch(severity_style(t, f.severity))
                } else {
                    base
                };
                spans.push(Span::styled(pad(value, *w), cell));
            }
            let row = Rect::new(list.x, list.y + cells(y), list.width, 1);
            Line::from(spans).render(row, buf);
        }
        if let Some((_, text)) = self.details(ctx, usize::from(detail.width)) {
            let rule = "─".repeat(usize::from(detail.width));
            let mut lines = vec![Line::styled(rule, t.dim())];
            // Below the rule, the details; when they do not all fit, the last row
            // says how many more there are and which key shows them.
            let room = usize::from(detail.height).saturating_sub(1);
            let shown = if text.len() > room {
                room.saturating_sub(1)
            } else {
                text.len()
            };
            lines.extend(text.iter().take(shown).cloned().map(Line::raw));
            if shown < text.len() && room > 0 {
                let more = text.len() - shown;
                let note = format!(
                    "… {more} more line{}: {} shows the whole finding",
                    if more == 1 { "" } else { "s" },
                    ctx.keymap.label(Action::Open)
                );
                lines.push(crate::tui::fit::fit_line(
                    Line::styled(note, t.accent()),
                    usize::from(detail.width),
                ));
            }
            Paragraph::new(lines).render(detail, buf);
        }
    }
}
