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
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::columns::{self, Column, GAP};
use super::list::ListState;
use super::review_job::{DAYS, For, Job, parse};
use super::{View, back_binding, closing_bindings, common, labelled, pad};
use crate::engine::Command;
use crate::engine::review::{Fact, Finding, Severity};
use crate::text::escape;
use crate::tui::component::overlays::{Overlay, TextView};
use crate::tui::component::{Avail, Binding, Component, Ctx, Effect, Message};
use crate::tui::keys::{Action, OverlayAction};
use crate::tui::num::cells;
use crate::tui::theme::Theme;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The selected finding's fix as the app applies it: the command its `collab` line
/// parses to, and the engine's answer whether the owner may run it now. Made when the
/// finding is selected; the app asks the engine (`View::question`) before the frame.
#[derive(Clone, Debug)]
struct Fix {
    /// The review and the finding it is for.
    at: (For, usize),
    command: Result<Command, String>,
    /// `None` until the app has asked the engine.
    answer: Option<Result<(), String>>,
}

#[derive(Default)]
pub struct ReviewView {
    job: Job,
    list: ListState,
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

    fn selected(&self) -> Option<(&Finding, Option<&Fix>)> {
        let done = self.job.done.as_ref()?;
        let i = self.list.selected;
        let finding = done.review.findings.get(i)?;
        let fix = self
            .fix
            .as_ref()
            .filter(|f| f.at == (done.made_for, i) && finding.fix.is_some());
        Some((finding, fix))
    }

    /// Parses the selected finding's fix when the selection or the review changed.
    fn fit_fix(&mut self, ctx: &Ctx<'_>) {
        let Some(done) = self.job.done.as_ref() else {
            self.fix = None;
            return;
        };
        let at = (done.made_for, self.list.selected);
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

    /// The inside of the border: the status line, the list, and the details of the
    /// selected finding below it.
    fn parts(&self, area: Rect) -> (Rect, Rect, Rect) {
        let inner = Block::bordered().inner(area);
        let status = Rect::new(inner.x, inner.y, inner.width, inner.height.min(1));
        let rest = inner.height.saturating_sub(1);
        let detail_h = self.detail_h.min(rest.saturating_mul(3) / 5);
        let list_h = rest.saturating_sub(detail_h);
        let list = Rect::new(inner.x, inner.y + 1, inner.width, list_h);
        let detail = Rect::new(inner.x, inner.y + 1 + list_h, inner.width, detail_h);
        (status, list, detail)
    }

    /// The whole finding as a text view.
    fn open(&self) -> Effect {
        let Some((f, fix)) = self.selected() else {
            return Effect::None;
        };
        let width = usize::from(self.area.width.saturating_sub(8)).max(30);
        let lines = describe(f, fix, width);
        Effect::Open(Overlay::Text(TextView::new(
            format!("{} {}", f.severity.as_str().to_uppercase(), f.kind),
            &lines.join("\n"),
        )))
    }
}

/// A finding's explanation, facts and fix as lines of at most `width` columns.
fn describe(f: &Finding, fix: Option<&Fix>, width: usize) -> Vec<String> {
    let mut lines = super::wrap(&escape(&f.message), width);
    lines.push(String::new());
    for (name, value) in &f.facts {
        let value = match value {
            Fact::Count(n) => n.to_string(),
            Fact::Text(t) => t.clone(),
            Fact::List(l) if l.is_empty() => "-".into(),
            Fact::List(l) => l.join(", "),
        };
        lines.extend(labelled(name, &escape(&value), width));
    }
    match (&f.fix, fix) {
        (Some(line), Some(fix)) => {
            lines.extend(labelled("fix", &escape(line), width));
            let state = match &fix.answer {
                Some(Ok(())) => "f applies it, after a preview".to_string(),
                Some(Err(why)) => format!("cannot be applied now: {}", escape(why)),
                None => "checking whether it can be applied now".to_string(),
            };
            lines.extend(labelled("", &state, width));
        }
        _ => lines.extend(labelled("fix", "none: this finding only informs", width)),
    }
    lines
}

fn severity_style(t: &Theme, s: Severity) -> Style {
    match s {
        Severity::Risk => t.error(),
        Severity::Warn => t.warn(),
        Severity::Info => t.dim(),
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
        }
        let width = usize::from(Block::bordered().inner(area).width);
        self.detail_h = self
            .selected()
            .map_or(0, |(f, fix)| cells(describe(f, fix, width).len() + 1));
        let (_, list, _) = self.parts(area);
        let len = self.findings().len();
        self.list.fit(len, usize::from(list.height));
        // The fit may have moved the selection.
        self.fit_fix(ctx);
    }

    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        let some = if self.findings().is_empty() {
            Avail::Disabled("no finding to open".into())
        } else {
            Avail::Enabled
        };
        let mut fix = Binding::overlay(ctx.keymap, OverlayAction::Fix);
        fix.avail = self.fix_avail(ctx);
        let mut v = vec![
            fix,
            Binding::new(ctx.keymap, Action::Open, some.clone()).says("whole finding"),
            back_binding(ctx, Action::Review),
            Binding::new(ctx.keymap, Action::Down, some.clone()),
            Binding::new(ctx.keymap, Action::Up, some),
        ];
        v.extend(closing_bindings(ctx));
        v
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        if ctx
            .keymap
            .overlay_action(key, &[OverlayAction::Fix])
            .is_some()
        {
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
        let Some(action) = ctx.keymap.action(key) else {
            return Effect::None;
        };
        if self.list.act(action) {
            return Effect::None;
        }
        match action {
            Action::Open => self.open(),
            other => common(other, Action::Review, ctx),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let mut block = Block::bordered()
            .title(Span::styled(" Review: what to clean up ", t.title()))
            .border_style(t.border(true));
        if let Some(pos) = self.list.position() {
            block = block.title_bottom(Line::styled(pos, t.dim()).right_aligned());
        }
        block.render(area, buf);
        let (status, list, detail) = self.parts(area);
        crate::tui::fit::fit_line(self.status_line(ctx), usize::from(status.width))
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
        for (y, i) in self.list.visible().enumerate() {
            let Some(f) = findings.get(i) else { continue };
            let selected = i == self.list.selected;
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
        if let Some((f, fix)) = self.selected() {
            let rule = "─".repeat(usize::from(detail.width));
            let mut lines = vec![Line::styled(rule, t.dim())];
            let width = usize::from(detail.width);
            lines.extend(describe(f, fix, width).into_iter().map(Line::raw));
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .render(detail, buf);
        }
    }
}

/// Whom or what a finding is about.
fn subject_of(f: &Finding) -> &str {
    f.member.as_deref().or(f.env.as_deref()).unwrap_or("-")
}

impl ReviewView {
    /// The counts of the review shown, or the progress of the one under way.
    fn status_line(&self, ctx: &Ctx<'_>) -> Line<'static> {
        let t = ctx.theme;
        if ctx.me.is_none() {
            return Line::styled("sign in as an owner to review its account", t.dim());
        }
        if let Some(why) = &self.job.failed {
            return Line::styled(why.clone(), t.error());
        }
        if let Some(r) = &self.job.running {
            let spin = SPINNER
                .get(self.job.ticks % SPINNER.len())
                .copied()
                .unwrap_or("…");
            let again = if self.job.done.is_some() {
                " (the platform changed; the list below is the previous review)"
            } else {
                ""
            };
            return Line::from(vec![
                Span::styled(format!("{spin} "), t.accent()),
                Span::raw(format!(
                    "reviewing {}'s account: {} members, {} environments, {} tasks…{again}",
                    escape(&r.owner),
                    r.members,
                    r.envs,
                    r.tasks
                )),
            ]);
        }
        let Some(done) = &self.job.done else {
            return Line::default();
        };
        let r = &done.review;
        let count = |k: &str| r.counts.get(k).copied().unwrap_or(0);
        Line::from(vec![
            Span::styled(format!("{} risk", count("risk")), t.error()),
            Span::raw(", "),
            Span::styled(format!("{} warn", count("warn")), t.warn()),
            Span::raw(format!(
                ", {} info · the last {DAYS} days to {} · {}",
                count("info"),
                r.now,
                escape(&r.owner),
            )),
        ])
    }
}
