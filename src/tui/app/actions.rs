//! Keys and the mouse on the panes: the focused pane is the component that answers
//! keys (see `panes::act`); the app hands it the key with a lent context and applies
//! the effect it returns. Clicks and the wheel focus and move the pane under them.

use super::{
    Action, App, Avail, Effect, KeyEvent, MouseButton, MouseEvent, MouseEventKind, PaneId,
    PaneState, Position, Screen,
};
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
        let effect = if self.inspecting {
            self.with_inspector(|inspector, ctx| inspector.act(action, ctx))
        } else {
            self.with_focused_pane(|pane, ctx| pane.act(action, ctx))
        };
        self.apply(effect);
        self.settle();
    }

    /// Hands a key to the focused pane.
    pub(super) fn pane_key(&mut self, key: &KeyEvent) {
        self.refresh_answers();
        let effect = if self.inspecting {
            self.with_inspector(|inspector, ctx| inspector.handle(key, ctx))
        } else {
            self.with_focused_pane(|pane, ctx| pane.handle(key, ctx))
        };
        self.apply(effect);
    }

    /// Lends the inspector, mutably, with a context over everything else.
    fn with_inspector(
        &mut self,
        f: impl FnOnce(&mut crate::tui::inspector::Inspector, &Ctx<'_>) -> Effect,
    ) -> Effect {
        let mut inspector = std::mem::take(&mut self.inspector);
        let effect = f(&mut inspector, &self.ctx(&[]));
        self.inspector = inspector;
        effect
    }

    /// Lends the focused pane, mutably, with a context over everything else.
    pub(super) fn with_focused_pane(
        &mut self,
        f: impl FnOnce(&mut PaneState, &Ctx<'_>) -> Effect,
    ) -> Effect {
        let id = self.focus;
        let (lens, env) = (self.lens(), self.selected_env());
        let mut pane = std::mem::replace(self.pane_mut(id), PaneState::new(id));
        let effect = {
            let mut ctx = self.ctx(&[]);
            ctx.lens = lens;
            ctx.env = env;
            f(&mut pane, &ctx)
        };
        *self.pane_mut(id) = pane;
        effect
    }

    pub(super) fn handle_mouse(&mut self, m: MouseEvent) {
        if self.overlay.is_some() || self.views.open().is_some() {
            return;
        }
        let screen = Screen::new(self.size);
        let pos = Position::new(m.column, m.row);
        if screen.inspector.contains(pos) {
            match m.kind {
                MouseEventKind::Down(MouseButton::Left) => self.inspecting = true,
                MouseEventKind::ScrollDown => self.inspector.scroll(3),
                MouseEventKind::ScrollUp => self.inspector.scroll(-3),
                _ => {}
            }
            return;
        }
        let Some(id) = PaneId::ALL
            .into_iter()
            .find(|id| screen.pane(*id).is_some_and(|r| r.contains(pos)))
        else {
            return;
        };
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.focus = id;
                self.inspecting = false;
                if let Some(r) = screen.pane(id) {
                    let row = m.row.saturating_sub(r.y + 1) as usize;
                    let pane = self.pane_mut(id);
                    let target = pane.offset + row;
                    if target < pane.rows.len() {
                        pane.selected = target;
                    }
                }
            }
            MouseEventKind::ScrollDown => {
                self.focus = id;
                self.inspecting = false;
                self.move_by(3);
            }
            MouseEventKind::ScrollUp => {
                self.focus = id;
                self.inspecting = false;
                self.move_by(-3);
            }
            _ => {}
        }
    }

    fn move_by(&mut self, delta: isize) {
        let focus = self.focus;
        let height = self.pane_height(focus);
        let pane = self.pane_mut(focus);
        pane.step(delta);
        pane.scroll_into_view(height);
    }
}
