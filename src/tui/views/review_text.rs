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
            let indent = 12;
            for (i, part) in command_lines(&line, width.saturating_sub(indent))
                .into_iter()
                .enumerate()
            {
                let label = if i == 0 { "fix" } else { "" };
                lines.push(format!("{}{part}", super::pad(label, indent)));
            }
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

/// A shell command line broken between its words, every line but the last ending in
/// a backslash: the lines copied together run as the one command they show. A word is never
/// split, not even a long quoted path: one wider than `width` overflows its line
/// rather than break inside its quotes, where a line break would become part of it.
/// Each word is escaped for the screen ([`escape`]).
fn command_lines(line: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in shell_words(line) {
        let word = escape(word);
        let room = crate::text::width(&current) + 1 + crate::text::width(&word) + 2;
        if !current.is_empty() && room > width {
            current.push_str(" \\");
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    out.push(current);
    out
}

/// The words of a command line as a POSIX shell splits it: at spaces outside quotes.
/// Knows the quoting the fixes are written with: `'…'`, `$'…'` (with its backslash
/// escapes) and a backslash outside quotes.
fn shell_words(line: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let (mut start, mut quote, mut escaped) = (None, None::<char>, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        if start.is_none() && c != ' ' {
            start = Some(i);
        }
        if escaped {
            escaped = false;
        } else {
            match (quote, c) {
                (None | Some('$'), '\\') => escaped = true,
                (None, '\'') => quote = Some(if prev == '$' { '$' } else { '\'' }),
                (Some(_), '\'') => quote = None,
                (None, ' ') => {
                    if let Some(s) = start.take() {
                        words.extend(line.get(s..i));
                    }
                }
                _ => {}
            }
        }
        prev = c;
    }
    if let Some(s) = start {
        words.extend(line.get(s..));
    }
    words
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

#[cfg(test)]
mod tests {
    use super::command_lines;

    /// The printed words of `line` as `sh` reads it (with `printf` for `collab`).
    fn words(line: &str) -> String {
        let script = line.replacen("collab", "printf '[%s]\\n'", 1);
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .output()
            .expect("sh runs");
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// Found by a hostile pass: a fix wider than the pane was wrapped anywhere, inside
    /// a quoted path too, so the lines copied from the screen ran another command. The
    /// lines break between words only, each but the last ends in a backslash, and
    /// copied together (indented as shown) they run as the one line does.
    #[test]
    fn a_long_fix_breaks_between_words_and_its_lines_run_as_one_command() {
        let line = "collab --state '/tmp/a long dir/it'\\''s state.json' --as olga@acme.io \
                    member edit boris@acme.io --share 'group:Ops core=Viewer' --share envs";
        let whole = words(line);
        assert!(
            whole.contains("[/tmp/a long dir/it's state.json]"),
            "{whole}"
        );
        for width in [8, 20, 33, 50, 79, 200] {
            let lines = command_lines(line, width);
            for (i, l) in lines.iter().enumerate() {
                assert_eq!(
                    l.ends_with(" \\"),
                    i + 1 < lines.len(),
                    "{width}: {lines:?}"
                );
                // Wider than asked only when one word alone is.
                let words_in = super::shell_words(l.trim_end_matches(" \\")).len();
                assert!(
                    crate::text::width(l) <= width || words_in == 1,
                    "{width}: {l}"
                );
            }
            let copied = lines.join("\n            ");
            assert_eq!(words(&copied), whole, "{width}: {copied}");
        }
    }
}
