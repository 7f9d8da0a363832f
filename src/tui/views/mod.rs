//! The full-screen views that replace the panes while they show: the task log, the
//! access review and the access matrix. Each is a component with its own state
//! (selection, scroll, filter, background work); the registry below is the one list
//! of them, keyed by the panes' action whose key opens each.
//!
//! Adding a view: a module here implementing [`View`], a line in [`REGISTRY`], and its
//! key (an `Action` with a default key in `assets/keymap.json`). The app routes keys to
//! the open view, runs its layout step before drawing, polls its background work and
//! draws it; nothing else changes.
//!
//! A view never touches the app: it reads the lent `Ctx` and returns an `Effect`.
//! Drawing only reads; whatever must be fitted to the screen (scroll offsets, which
//! rows exist after a change of the platform) happens in [`View::fit`], the layout
//! step before a frame (`Component::fit`).

mod columns;
mod history;
mod list;
mod matrix;
mod review;
mod review_job;
mod review_text;
mod table;
mod tasks;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::component::overlays::{Overlay, TextView};
use super::component::{Binding, Component, Ctx, Effect, global};
use super::keys::Action;
use crate::engine::{AccountId, Command, EnvId, Platform};

pub use list::{ListState, Prompt};

/// A full-screen view: a component (whose layout step, `Component::fit`, rebuilds
/// what was derived from an older platform — `ctx.generation` — or another account,
/// fits the scroll state and starts background work that is due) with, optionally,
/// work done in the background.
pub trait View: Component {
    /// Collects what background work produced; true when the screen changed (a result
    /// arrived, or a progress marker moved).
    fn poll(&mut self) -> bool {
        false
    }

    /// Whether background work runs (the event loop then wakes more often).
    fn busy(&self) -> bool {
        false
    }

    /// Waits for background work to end (tests and `collab snapshot`).
    fn finish(&mut self) {}

    /// Text pasted while the view has the keys.
    fn paste(&mut self, _text: &str, _ctx: &Ctx<'_>) {}

    /// The command the view's own key would run, while the engine's answer about it
    /// is not known: the app asks the engine after the layout step (a dry run needs
    /// the engine mutably, which a view never has) and hands the answer to `answer`.
    fn question(&self) -> Option<Command> {
        None
    }

    /// The engine's answer to `question`: `Err` holds the refusal's code and message.
    fn answer(&mut self, _answer: Result<(), String>) {}
}

/// Makes a view in its initial state.
pub type Make = fn() -> Box<dyn View>;

/// Every full-screen view, with the action whose key opens it.
pub const REGISTRY: [(Action, Make); 4] = [
    (Action::Tasks, tasks::TasksView::boxed),
    (Action::Review, review::ReviewView::boxed),
    (Action::Matrix, matrix::MatrixView::boxed),
    (Action::History, history::HistoryView::boxed),
];

/// The actions that open a view, for `Ctx::views`.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of range fails the build"
)]
pub const ACTIONS: [Action; REGISTRY.len()] = {
    let mut out = [Action::Tasks; REGISTRY.len()];
    let mut i = 0;
    while i < REGISTRY.len() {
        out[i] = REGISTRY[i].0;
        i += 1;
    }
    out
};

/// The views' states (kept while hidden, so a view reopens where it was) and which
/// one shows.
#[derive(Default)]
pub struct Views {
    open: Option<Action>,
    all: Vec<(Action, Box<dyn View>)>,
}

impl Views {
    pub fn new() -> Views {
        Views {
            open: None,
            all: REGISTRY.iter().map(|(a, make)| (*a, make())).collect(),
        }
    }

    /// The action of the view that shows, if one does.
    pub fn open(&self) -> Option<Action> {
        self.open
    }

    /// Shows the view `action` opens, or hides it when it already shows.
    pub fn toggle(&mut self, action: Action) {
        if self.open == Some(action) {
            self.open = None;
        } else {
            self.show(action);
        }
    }

    /// Shows the view `action` opens (it stays when it already shows).
    pub fn show(&mut self, action: Action) {
        self.open = self.all.iter().any(|(a, _)| *a == action).then_some(action);
    }

    pub fn close(&mut self) {
        self.open = None;
    }

    /// The view that shows.
    pub fn current(&self) -> Option<&dyn View> {
        let open = self.open?;
        self.all
            .iter()
            .find(|(a, _)| *a == open)
            .map(|(_, v)| v.as_ref())
    }

    pub fn current_mut(&mut self) -> Option<&mut (dyn View + 'static)> {
        let open = self.open?;
        self.all
            .iter_mut()
            .find(|(a, _)| *a == open)
            .map(|(_, v)| v.as_mut())
    }

    /// The view that shows, by the action that opens it, whether or not it shows.
    pub fn get(&self, action: Action) -> Option<&dyn View> {
        self.all
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, v)| v.as_ref())
    }

    /// The layout step of the view that shows (hidden views wait until shown).
    pub fn fit(&mut self, area: Rect, ctx: &Ctx<'_>) {
        if let Some(v) = self.current_mut() {
            v.fit(area, ctx);
        }
    }

    /// The question of the view that shows (see `View::question`).
    pub fn question(&self) -> Option<Command> {
        self.current().and_then(View::question)
    }

    /// Hands the engine's answer to the view that shows.
    pub fn answer(&mut self, answer: Result<(), String>) {
        if let Some(v) = self.current_mut() {
            v.answer(answer);
        }
    }

    /// Collects every view's background work; true when the screen changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        for (_, v) in &mut self.all {
            changed |= v.poll();
        }
        changed
    }

    pub fn busy(&self) -> bool {
        self.all.iter().any(|(_, v)| v.busy())
    }

    pub fn finish(&mut self) {
        for (_, v) in &mut self.all {
            v.finish();
        }
    }

    /// The open view's keys, with undo (and redo, when there is something to redo)
    /// before the keys every screen shares: `u` works in a view as in the panes, so
    /// the footer shows it, dimmed when it would not.
    pub fn bindings(&self, ctx: &Ctx<'_>) -> Option<Vec<Binding>> {
        use crate::tui::component::{step_actions, step_avail};
        self.current().map(|v| {
            let mut keys = v.bindings(ctx);
            let at = keys
                .iter()
                .position(|b| b.action.pane() == Some(Action::Palette))
                .unwrap_or(keys.len());
            let steps = step_actions(ctx)
                .into_iter()
                .map(|a| Binding::new(ctx.keymap, a, step_avail(a, ctx)));
            keys.splice(at..at, steps);
            keys
        })
    }

    pub fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        self.current_mut()
            .map_or(Effect::None, |v| v.handle(key, ctx))
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        if let Some(v) = self.current() {
            v.render(area, buf, ctx);
        }
    }
}

/// What the keys every view shares do, for the view opened by `own`: Esc and the
/// view's own key close it, the other views' keys switch to them, and what works
/// everywhere (help, palette, undo, quit) works here; moving focus between panes that
/// are hidden does nothing.
pub fn common(action: Action, own: Action, ctx: &Ctx<'_>) -> Effect {
    match action {
        Action::Back => Effect::View(own),
        // What the views do not obey (`Action::in_views`, which also keeps a view's
        // own keys off them): moving focus between hidden panes, the panes' changes.
        other if !other.in_views() => Effect::None,
        other => global(other, ctx).unwrap_or(Effect::None),
    }
}

/// A view's own key, which closes it: shown early in the footer so it stays at 80
/// columns.
pub fn back_binding(ctx: &Ctx<'_>, own: Action) -> Binding {
    Binding::new(ctx.keymap, own, super::component::Avail::Enabled).says("back")
}

/// The bindings every view ends its footer with: the palette, help and quit.
pub fn closing_bindings(ctx: &Ctx<'_>) -> Vec<Binding> {
    use super::component::Avail;
    [Action::Palette, Action::Help, Action::Quit]
        .into_iter()
        .map(|a| Binding::new(ctx.keymap, a, Avail::Enabled))
        .collect()
}

/// The explanation of `member` on `env`: the same text view the panes' `w` opens.
pub fn explanation(p: &Platform, member: AccountId, env: EnvId) -> Effect {
    let x = p.explain(member, env, None);
    let row = p.explain_row(&x);
    let text = crate::cli::render::explain(crate::cli::render::Style { color: false }, &row);
    let title = format!("Why: {} on {}", row.member, row.env);
    Effect::Open(Overlay::Text(TextView::new(title, &text)))
}

/// `s` in at most `max` columns: cut with `…` when it does not fit.
pub fn cut(s: &str, max: usize) -> String {
    if crate::text::width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = crate::text::clip(s, max - 1).to_string();
    out.push('…');
    out
}

/// `s` padded with spaces to `w` columns (cut first when longer).
pub fn pad(s: &str, w: usize) -> String {
    let mut out = cut(s, w);
    let used = crate::text::width(&out);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

/// `text` broken into lines of at most `width` columns (8 at least) at spaces, so a
/// text view shows all of it (see `crate::text::wrap`).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    crate::text::wrap(text, width.max(8))
}

/// A label and a long value as text-view lines: the value wrapped under a hanging
/// indent, so none of it is lost.
/// A label as wide as the indent or wider goes on a line of its own, so it never runs
/// into its value.
pub fn labelled(label: &str, value: &str, width: usize) -> Vec<String> {
    let indent = 12;
    let mut out = Vec::new();
    let own_line = crate::text::width(label) >= indent;
    if own_line {
        out.push(label.to_string());
    }
    for (i, line) in wrap(value, width.saturating_sub(indent))
        .into_iter()
        .enumerate()
    {
        if i == 0 && !own_line {
            out.push(format!("{}{line}", pad(label, indent)));
        } else {
            out.push(format!("{:indent$}{line}", ""));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word_within_the_width() {
        let text = "you don't have enough permissions to perform this action: needs env.control.RestartNodes";
        let lines = wrap(text, 30);
        assert!(
            lines.iter().all(|l| crate::text::width(l) <= 30),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), text, "nothing lost");
        assert!(lines.len() >= 3, "{lines:?}");
        let long = wrap("aaaaaaaaaaaaaaaaaaaaaaaaa", 10);
        assert_eq!(long, vec!["aaaaaaaaaa", "aaaaaaaaaa", "aaaaa"]);
        assert_eq!(wrap("開発者開発者", 8), vec!["開発者開", "発者"]);
    }

    #[test]
    fn a_label_never_runs_into_its_value() {
        assert_eq!(labelled("policies", "a, b", 40), vec!["policies    a, b"]);
        assert_eq!(
            labelled("environments", "3", 40),
            vec!["environments", "            3"]
        );
        assert_eq!(
            labelled("開発者開発者", "x", 40),
            vec!["開発者開発者", "            x"]
        );
    }

    #[test]
    fn cut_and_pad_measure_columns() {
        assert_eq!(cut("shop-prod", 5), "shop…");
        assert_eq!(cut("shop", 5), "shop");
        assert_eq!(pad("開発者", 5), "開発…");
        assert_eq!(pad("ab", 4), "ab  ");
    }

    #[test]
    fn the_registry_names_each_view_once() {
        let mut seen = ACTIONS.to_vec();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), REGISTRY.len());
        let mut views = Views::new();
        views.toggle(Action::Review);
        assert_eq!(views.open(), Some(Action::Review));
        views.toggle(Action::Tasks);
        assert_eq!(views.open(), Some(Action::Tasks));
        views.toggle(Action::Tasks);
        assert_eq!(views.open(), None);
        views.toggle(Action::Add);
        assert_eq!(views.open(), None, "no view opens with Add");
    }
}
