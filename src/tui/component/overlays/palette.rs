//! The command palette: the command line's grammar, typed inside the app and run
//! in-process as the signed-in account. Changes go through the app's submit path
//! (preview, confirmation, undo); questions print their answer in a text view.

use crate::tui::num::cells;
use clap::{CommandFactory, Parser};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Overlay, TextView, frame, render_hints};
use crate::tui::component::{Binding, Bound, Component, Ctx, Effect};
use crate::tui::input::TextInput;
use crate::tui::keys::{Action, Key, OverlayAction};

/// The keys the palette understands besides typing (the `text` and `lists` maps).
const KEYS: [OverlayAction; 5] = [
    OverlayAction::Complete,
    OverlayAction::Choose,
    OverlayAction::Up,
    OverlayAction::Down,
    OverlayAction::Close,
];

/// How many commands the palette's history keeps.
pub const HISTORY: usize = 100;
use crate::cli::args::{Cli, Cmd};
use crate::cli::plan::{self, Plan};
use crate::cli::render::Style;
use crate::engine::review::DEFAULT_DAYS;
use crate::engine::{Catalogue, cmp_ci};

pub struct Palette {
    pub input: TextInput,
    pub completions: Vec<String>,
    /// Which completion Tab inserts next.
    pub cycle: usize,
    pub error: Option<String>,
    /// Commands run before, oldest first (kept by the app between openings).
    pub history: Vec<String>,
    /// Which history entry Up/Down show; `None`: the line being typed.
    browsing: Option<usize>,
    /// The line being typed, kept while browsing the history.
    draft: String,
}

impl Default for Palette {
    fn default() -> Self {
        Palette::new()
    }
}

/// Splits a line into words, honouring single and double quotes.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            // Words are split where a shell splits them: not at a line or paragraph
            // separator (U+2028, U+2029), which stays in the word, shown escaped.
            (None, ' ' | '\t' | '\n') => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => cur.push(c),
        }
    }
    if quote.is_some() {
        return Err("unclosed quote".into());
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

impl Palette {
    pub fn new() -> Palette {
        Palette {
            input: TextInput::default(),
            completions: Vec::new(),
            cycle: 0,
            error: None,
            history: Vec::new(),
            browsing: None,
            draft: String::new(),
        }
    }

    /// Up (`back`) or Down through the commands run before; past the newest, the line
    /// being typed comes back.
    fn browse(&mut self, back: bool, ctx: &Ctx<'_>) {
        let n = self.history.len();
        let next = match (self.browsing, back) {
            (None, true) if n > 0 => Some(n - 1),
            (None, _) => return,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < n => Some(i + 1),
            (Some(_), false) => None,
        };
        if self.browsing.is_none() {
            self.draft = self.input.value.clone();
        }
        self.browsing = next;
        let line = next
            .and_then(|i| self.history.get(i))
            .cloned()
            .unwrap_or_else(|| self.draft.clone());
        self.input = TextInput::new(&line);
        self.error = None;
        self.refresh_completions(ctx);
    }

    /// Remembers a command as run (the newest last, a repeat not twice in a row).
    fn remember(&mut self) {
        let line = self.input.value.trim().to_string();
        if !line.is_empty() && self.history.last() != Some(&line) {
            self.history.push(line);
            if self.history.len() > HISTORY {
                self.history.remove(0);
            }
        }
        self.browsing = None;
    }

    /// Candidates for the word being typed, from the grammar and the platform.
    pub fn refresh_completions(&mut self, ctx: &Ctx<'_>) {
        self.cycle = 0;
        self.completions = complete(ctx, &self.input.value);
    }
}

impl Component for Palette {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        KEYS.into_iter()
            .map(|a| Binding::overlay(ctx.keymap, a).typing())
            .map(|b| match b.action {
                Bound::Overlay(OverlayAction::Choose) => b.says("run"),
                Bound::Overlay(OverlayAction::Up) => b.says("earlier"),
                Bound::Overlay(OverlayAction::Down) => b.says("later"),
                _ => b,
            })
            .collect()
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let typed = Key::from_event(key).is_plain_char();
        match ctx.keymap.overlay_action(key, &KEYS).filter(|_| !typed) {
            Some(OverlayAction::Close) => return Effect::Close,
            Some(OverlayAction::Complete) => {
                if let Some(c) = self
                    .completions
                    .get(self.cycle % self.completions.len().max(1))
                    .cloned()
                {
                    let value = &self.input.value;
                    let cut = value.rfind(' ').map_or(0, |i| i + 1);
                    let mut next = value[..cut].to_string();
                    next.push_str(&c);
                    next.push(' ');
                    self.input = TextInput::new(&next);
                    self.completions = complete(ctx, &self.input.value);
                }
            }
            Some(OverlayAction::Choose) => {
                self.remember();
                return self.run(ctx);
            }
            Some(OverlayAction::Up) => self.browse(true, ctx),
            Some(OverlayAction::Down) => self.browse(false, ctx),
            _ => {
                if self.input.handle(key) {
                    self.error = None;
                    self.browsing = None;
                    self.refresh_completions(ctx);
                }
            }
        }
        Effect::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        self.draw(ctx, area, buf);
    }

    /// A refused command stays in the line, with the engine's reason beside it.
    fn refused(&mut self, why: &str) -> bool {
        self.error = Some(why.to_string());
        true
    }
}

impl Palette {
    fn run(&mut self, ctx: &Ctx<'_>) -> Effect {
        let words = match split_words(&self.input.value) {
            Ok(w) if !w.is_empty() => w,
            Ok(_) => return Effect::None,
            Err(e) => {
                self.error = Some(e);
                return Effect::None;
            }
        };
        if words.iter().any(|w| {
            w == "--as" || w == "--state" || w.starts_with("--as=") || w.starts_with("--state=")
        }) {
            self.error = Some("the palette runs as the signed-in account on the open state file: drop --as and --state".into());
            return Effect::None;
        }
        let argv = std::iter::once("collab".to_string()).chain(words.iter().cloned());
        let cli = match Cli::try_parse_from(argv) {
            Ok(cli) => cli,
            Err(e) => {
                // Plain: what the line held that a terminal would act on is gone
                // (the palette drops control characters as they are typed).
                self.error = Some(crate::cli::usage_message(&e.render().to_string()));
                return Effect::None;
            }
        };
        if cli.demo {
            self.error = Some("the palette works on the open state file: drop --demo".into());
            return Effect::None;
        }
        let json = cli.global.json;
        let dry = cli.global.dry_run;
        let Some(cmd) = cli.command else {
            self.error = Some("type a subcommand, e.g. member list".into());
            return Effect::None;
        };
        if let Cmd::Review {
            owner,
            days,
            fail_on,
            now,
        } = &cmd
        {
            return self.review(
                ctx,
                owner.as_deref(),
                *days,
                fail_on.is_some() || now.is_some() || json,
            );
        }
        match plan::plan(cmd) {
            Err(f) => {
                self.error = Some(format!("{}: {}", f.code(), f.message()));
                Effect::None
            }
            Ok(Plan::Init { .. } | Plan::Generate { .. } | Plan::Snapshot { .. }) => {
                self.error =
                    Some("init, generate and snapshot work on files: run them from a shell".into());
                Effect::None
            }
            Ok(Plan::Change(cmd)) => {
                if dry {
                    Effect::DryRun(cmd)
                } else {
                    Effect::Submit(cmd)
                }
            }
            Ok(Plan::Query(q)) => {
                let me = ctx.me.map(|m| ctx.platform().account(m).email.clone());
                match crate::cli::answer::answer(
                    &q,
                    ctx.engine,
                    me.as_deref(),
                    Style { color: false },
                    json,
                ) {
                    Ok(out) => Effect::Open(Overlay::Text(TextView::new(
                        self.input.value.clone(),
                        &out.stdout,
                    ))),
                    Err(f) => {
                        self.error = Some(format!("{}: {}", f.code(), f.message()));
                        Effect::None
                    }
                }
            }
        }
    }

    /// `review` opens the Review view, which reviews the signed-in account over the
    /// last [`DEFAULT_DAYS`] days off the draw path. What the view cannot show (another
    /// owner, another window or time, `--fail-on`, JSON) stays on the command line.
    fn review(&mut self, ctx: &Ctx<'_>, owner: Option<&str>, days: u32, flags: bool) -> Effect {
        let me = ctx.me.map(|m| ctx.platform().account(m).email.as_str());
        let other_owner = owner.is_some_and(|o| me.is_none_or(|me| !o.eq_ignore_ascii_case(me)));
        if other_owner || days != DEFAULT_DAYS || flags {
            self.error = Some(format!(
                "the Review view reviews your own account over the last {DEFAULT_DAYS} days; \
                 for --owner, --days, --now, --fail-on or --json run 'collab review' from a shell"
            ));
            return Effect::None;
        }
        Effect::ShowView(Action::Review)
    }

    fn draw(&self, ctx: &Ctx<'_>, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        // The reason for a refusal is wrapped, never cut.
        let room = usize::from(area.width.saturating_sub(8));
        let error: Vec<String> = self
            .error
            .as_deref()
            .map(|e| crate::text::wrap(&format!("✕ {}", crate::text::escape(e)), room))
            .unwrap_or_default();
        let h = 5 + cells(error.len().max(1)) + cells(self.completions.len().min(8));
        let rect = Rect::new(
            area.x + 2,
            area.y + 2,
            area.width.saturating_sub(4),
            h.min(area.height.saturating_sub(3)),
        );
        let inner = frame(
            t,
            "Command palette (runs as the signed-in account)",
            rect,
            buf,
        );
        let shown = self.input.shown(inner.width.saturating_sub(3) as usize);
        let mut lines = vec![Line::from(vec![
            Span::styled(": ", t.accent()),
            Span::raw(shown.before.clone()),
            Span::styled("▏", t.accent()),
            Span::raw(shown.from_cursor()),
        ])];
        match self.error {
            Some(_) => lines.extend(error.into_iter().map(|l| Line::styled(l, t.error()))),
            None => lines.push(Line::styled(
                "same grammar as the command line, without 'collab': e.g. member invite ann@x.io --share envs=Viewer",
                t.dim(),
            )),
        }
        for (i, c) in self.completions.iter().take(8).enumerate() {
            let style = if i == self.cycle {
                t.selected(true)
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::styled(format!("  {c}"), style));
        }
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

/// What may follow: subcommands, flags, or values for the flag before the cursor.
fn complete(ctx: &Ctx<'_>, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let (done, current) = match words.split_last() {
        Some((cur, done)) => (done, *cur),
        None => (&[][..], ""),
    };
    let mut cmd = Cli::command();
    let mut depth_words = Vec::new();
    for w in done.iter().filter(|w| !w.is_empty()) {
        if w.starts_with('-') {
            continue;
        }
        if let Some(sub) = cmd.find_subcommand(w).cloned() {
            cmd = sub;
            depth_words.push(*w);
        }
    }
    let prev = done
        .iter()
        .rev()
        .find(|w| !w.is_empty())
        .copied()
        .unwrap_or("");
    let p = ctx.platform();
    let emails = || {
        let mut v: Vec<String> = p
            .account_ids()
            .map(|a| p.account(a).email.clone())
            .collect();
        v.sort_by(|a, b| cmp_ci(a, b));
        v
    };
    let me = ctx.me;
    // The environments the signed-in account sees, as `env list` shows them.
    let envs = || {
        let mut v: Vec<String> = me.map_or_else(Vec::new, |m| {
            p.env_rows(m).into_iter().map(|r| r.name).collect()
        });
        v.sort();
        v
    };
    let mut candidates: Vec<String> = match prev {
        "--member" | "--owner" | "--to" => emails(),
        "--env" => envs(),
        "--role" => me.map_or_else(Vec::new, |m| {
            p.role_rows(m).into_iter().map(|r| r.name).collect()
        }),
        "--policy" => p.policy_rows(me).into_iter().map(|r| r.id).collect(),
        "--group" => me.map_or_else(Vec::new, |m| {
            p.groups_of(m).map(|g| p.group(g).path.clone()).collect()
        }),
        "--action" | "--method" => Catalogue::get()
            .actions
            .iter()
            .map(|(n, _)| n.clone())
            .collect(),
        "--share" => vec![
            "envs=".into(),
            "groups=".into(),
            "group:".into(),
            "env:".into(),
        ],
        _ if current.starts_with('-') => cmd
            .get_arguments()
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .filter(|l| !matches!(l.as_str(), "--as" | "--state"))
            .collect(),
        _ if cmd.has_subcommands() => cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect(),
        _ => match depth_words.as_slice() {
            // The actions `env do` performs: not those needing their own command.
            ["env", "do", ..] if done.len() >= 3 => Catalogue::get()
                .actions
                .iter()
                .filter(|(_, m)| Catalogue::get().own_command(*m, "").is_none())
                .map(|(n, _)| n.clone())
                .collect(),
            ["env" | "share", ..] | ["who" | "alert"] => envs(),
            ["member", ..] | ["accept" | "reject" | "leave"] => emails(),
            ["role", ..] => me.map_or_else(Vec::new, |m| {
                p.role_rows(m).into_iter().map(|r| r.name).collect()
            }),
            ["group", ..] => me.map_or_else(Vec::new, |m| {
                p.groups_of(m).map(|g| p.group(g).path.clone()).collect()
            }),
            _ => Vec::new(),
        },
    };
    candidates.retain(|c| c.starts_with(current) && c != current);
    candidates.truncate(50);
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_with_quotes() {
        assert_eq!(
            split_words(
                r#"member invite a@b.io --share "group:Testing Group=Admin" --name 'Ann Lee'"#
            ),
            Ok(vec![
                "member".to_string(),
                "invite".into(),
                "a@b.io".into(),
                "--share".into(),
                "group:Testing Group=Admin".into(),
                "--name".into(),
                "Ann Lee".into()
            ])
        );
        assert!(split_words("say \"hi").is_err());
        assert_eq!(split_words("  "), Ok(vec![]));
    }
}
