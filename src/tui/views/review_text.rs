//! The Review view's text: its status line, a finding's details as lines, its
//! severity's style, whom it is about, and what the view's filter searches in it.

use super::labelled;
use super::review_job::{DAYS, Job};
use crate::engine::review::{Fact, Finding, Severity};
use crate::text::escape;
use crate::tui::component::Ctx;
use crate::tui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The engine's answer whether a finding's fix may run now (`None`: not asked yet).
pub(super) type FixAnswer = Option<Result<(), String>>;

/// A finding's explanation, facts and fix as lines of at most `width` columns; `fix`
/// is the answer about its fix, when it has one, `fix_key` the key that applies it
/// (as configured), and `collab` the command on the app's state file, which the fix
/// is shown with (copied into a shell, it changes the file the app reviewed).
pub(super) fn describe(
    f: &Finding,
    fix: Option<&FixAnswer>,
    fix_key: &str,
    collab: &str,
    width: usize,
) -> Vec<String> {
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
        (Some(line), Some(answer)) => {
            let line = crate::engine::review::fix_on(line, collab);
            lines.extend(labelled("fix", &escape(&line), width));
            let state = match answer {
                Some(Ok(())) => format!("{fix_key} applies it, after a preview"),
                Some(Err(why)) => format!("cannot be applied now: {}", escape(why)),
                None => "checking whether it can be applied now".to_string(),
            };
            lines.extend(labelled("", &state, width));
        }
        _ => lines.extend(labelled("fix", "none: this finding only informs", width)),
    }
    lines
}

pub(super) fn severity_style(t: &Theme, s: Severity) -> Style {
    match s {
        Severity::Risk => t.error(),
        Severity::Warn => t.warn(),
        Severity::Info => t.dim(),
    }
}

/// Whom or what a finding is about.
pub(super) fn subject_of(f: &Finding) -> &str {
    f.member.as_deref().or(f.env.as_deref()).unwrap_or("-")
}

/// What the filter searches in a finding: its severity, kind, subject, message and
/// facts, lower-cased (the filter's text is lower-cased too).
pub(super) fn haystack(f: &Finding) -> String {
    let mut text = format!(
        "{} {} {} {}",
        f.severity.as_str(),
        f.kind,
        subject_of(f),
        f.message
    );
    for (name, value) in &f.facts {
        text.push(' ');
        text.push_str(name);
        text.push(' ');
        match value {
            Fact::Count(n) => text.push_str(&n.to_string()),
            Fact::Text(t) => text.push_str(t),
            Fact::List(l) => text.push_str(&l.join(" ")),
        }
    }
    text.to_lowercase()
}

/// The counts of the review shown, or the progress of the one under way.
pub(super) fn status_line(job: &Job, ctx: &Ctx<'_>) -> Line<'static> {
    let t = ctx.theme;
    if ctx.me.is_none() {
        return Line::styled("sign in as an owner to review its account", t.dim());
    }
    if let Some(why) = &job.failed {
        return Line::styled(why.clone(), t.error());
    }
    if let Some(r) = &job.running {
        let spin = SPINNER
            .get(job.ticks % SPINNER.len())
            .copied()
            .unwrap_or("…");
        let again = if job.done.is_some() {
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
    let Some(done) = &job.done else {
        return Line::default();
    };
    let r = &done.review;
    Line::from(vec![
        Span::styled(format!("{} risk", r.counts.risk), t.error()),
        Span::raw(", "),
        Span::styled(format!("{} warn", r.counts.warn), t.warn()),
        Span::raw(format!(
            ", {} info · the last {DAYS} days to {} · {}",
            r.counts.info,
            r.now,
            escape(&r.owner),
        )),
    ])
}
