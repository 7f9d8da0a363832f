//! The app's side of the engine's answers: computing them for the focused row when
//! it or the platform changed (the dry runs need `&mut Engine`), never while drawing.
//! What each key would run is the pane's knowledge (`panes::probe`).

use super::{Action, App};
pub use crate::tui::panes::probe::Probe;

impl App {
    /// What `action` would do on the focused row; `None` where it does not apply.
    pub fn probe(&self, action: Action) -> Option<Probe> {
        crate::tui::panes::probe::probe(
            self.ws.engine().platform(),
            self.me,
            self.focus,
            self.selected(self.focus),
            action,
        )
    }

    /// The engine's answer for every command a key of the focused row would run,
    /// computed when the row or the platform changed (see the module).
    pub(super) fn refresh_answers(&mut self) {
        let key = (
            self.focus,
            self.selected(self.focus),
            self.generation,
            self.me,
        );
        if self.answered == Some(key) {
            return;
        }
        let me = self.me;
        let now = self.now();
        // Undo and redo do not depend on the row: asked again only when the platform
        // or the account changed, not at every move.
        let same_state = self
            .answered
            .is_some_and(|(_, _, generation, who)| (generation, who) == (key.2, key.3));
        let mut answers: Vec<_> = if same_state {
            self.answers
                .iter()
                .filter(|(a, _)| matches!(a, Action::Undo | Action::Redo))
                .cloned()
                .collect()
        } else {
            self.step_answers()
        };
        for action in Action::ALL {
            if let Some(Probe::Run(cmd) | Probe::Open(cmd)) = self.probe(action) {
                let answer = self.ws.engine_mut().may_run(me, &cmd, now);
                answers.push((action, answer));
            }
        }
        self.answers = answers;
        self.answered = Some(key);
    }

    /// The engine's answers for `u` and Ctrl-r: each step the signed-in account has,
    /// taken and taken back (`Engine::may_step`), so a step that would be refused shows
    /// disabled with the refusal before the key is pressed.
    fn step_answers(&mut self) -> Vec<(Action, Result<(), crate::engine::Error>)> {
        let Some(me) = self.me else {
            return Vec::new();
        };
        let now = self.now();
        let mut answers = Vec::new();
        for (action, redo) in [(Action::Undo, false), (Action::Redo, true)] {
            let engine = self.ws.engine();
            let has = if redo {
                engine.redo_label(me).is_some()
            } else {
                engine.undo_label(me).is_some()
            };
            if has {
                answers.push((action, self.ws.engine_mut().may_step(me, redo, now)));
            }
        }
        answers
    }
}
