//! The command palette: the command line's grammar, typed inside the app and run
//! in-process as the signed-in account. Changes go through the app's submit path
//! (preview, confirmation, undo); questions print their answer in a text view.

use crate::tui::num::cells;
use clap::Parser;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::completion::complete;
pub use super::completion::split_words;
use super::tab::{Completion, Step};
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

pub struct Palette {
    pub input: TextInput,
    pub completions: Vec<String>,
    /// Where the word the completions replace starts, and how they are written.
    completing: Completion,
    /// After a Tab that found several candidates: the line it left, and which
    /// candidate the Tabs since have put in it (Tab again puts the next).
    menu: Option<(String, Option<usize>)>,
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

impl Palette {
    pub fn new() -> Palette {
        Palette {
            input: TextInput::default(),
            completions: Vec::new(),
            completing: Completion::default(),
            menu: None,
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
        self.menu = None;
        self.completing = complete(ctx, &self.input.value);
        self.completions.clone_from(&self.completing.candidates);
    }

    /// The candidate the Tabs after an ambiguous one have put in the line.
    pub fn menu_choice(&self) -> Option<usize> {
        self.menu.as_ref().and_then(|(_, at)| *at)
    }

    /// Tab: the one candidate written whole; of several, only what they share, and
    /// Tab again right after puts each in turn (the line the user chose by seeing it).
    fn tab(&mut self, ctx: &Ctx<'_>) {
        if let Some((line, at)) = &mut self.menu {
            let n = self.completions.len().max(1);
            let next = at.map_or(0, |i| (i + 1) % n);
            *at = Some(next);
            self.input = TextInput::new(&self.completing.line_with(line, next));
            return;
        }
        match self.completing.step(&self.input.value) {
            Step::None => {}
            Step::One(next) => {
                self.input = TextInput::new(&next);
                self.refresh_completions(ctx);
            }
            Step::Many(next) => {
                if let Some(next) = next {
                    self.input = TextInput::new(&next);
                    self.refresh_completions(ctx);
                }
                if self.completions.len() > 1 {
                    self.menu = Some((self.input.value.clone(), None));
                }
            }
        }
    }
}

impl Component for Palette {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        KEYS.into_iter()
            .map(|a| Binding::overlay(ctx.keymap, a).typing())
            .map(|b| match b.action {
                Bound::Overlay(OverlayAction::Choose) => b.says("run"),
                Bound::Overlay(OverlayAction::Complete) if self.menu.is_some() => {
                    b.says("next match")
                }
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
            Some(OverlayAction::Complete) => self.tab(ctx),
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
        // The candidate Tab put in the line stays in sight, highlighted.
        let chosen = self.menu_choice();
        let skip = chosen.map_or(0, |i| i.saturating_sub(7));
        for (i, c) in self.completions.iter().enumerate().skip(skip).take(8) {
            let style = if Some(i) == chosen {
                t.selected(true)
            } else {
                ratatui::style::Style::new()
            };
            // Names come from the state file: escaped before the screen.
            lines.push(Line::styled(format!("  {}", crate::text::escape(c)), style));
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
