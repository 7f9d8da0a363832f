//! Keys on the panes: the focused pane is the component that answers them (see
//! `panes::act`); the app hands it the key with a lent context and applies the
//! effect it returns.

use super::*;
use crate::tui::component::{Component, Ctx};

impl App {
    /// The actions that make sense for the focused row, for the footer and the help.
    pub fn context_actions(&self) -> Vec<Action> {
        self.pane(self.focus).actions(&self.ctx(&[]))
    }

    /// Whether an action works here and now; a disabled one says why.
    pub fn availability(&self, action: Action) -> Avail {
        self.pane(self.focus).availability(action, &self.ctx(&[]))
    }

    /// Does what `action` does on the focused pane.
    pub fn perform(&mut self, action: Action) {
        // The key acts on the engine's answer for the row as it is now.
        self.refresh_answers();
        let effect = self.with_focused_pane(|pane, ctx| pane.act(action, ctx));
        self.apply(effect);
        self.settle();
    }

    /// Hands a key to the focused pane.
    pub(super) fn pane_key(&mut self, key: &KeyEvent) {
        self.refresh_answers();
        let effect = self.with_focused_pane(|pane, ctx| pane.handle(key, ctx));
        self.apply(effect);
    }

    /// Lends the focused pane, mutably, with a context over everything else.
    pub(super) fn with_focused_pane(
        &mut self,
        f: impl FnOnce(&mut PaneState, &Ctx<'_>) -> Effect,
    ) -> Effect {
        let i = self.focus.number() - 1;
        let (lens, env) = (self.lens(), self.selected_env());
        let mut pane = std::mem::replace(&mut self.panes[i], PaneState::new(self.focus));
        let effect = {
            let mut ctx = self.ctx(&[]);
            ctx.lens = lens;
            ctx.env = env;
            f(&mut pane, &ctx)
        };
        self.panes[i] = pane;
        effect
    }
}
