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
        let mut answers = Vec::new();
        for action in Action::ALL {
            if let Some(Probe::Run(cmd) | Probe::Open(cmd)) = self.probe(action) {
                let answer = self.ws.engine_mut().may_run(me, &cmd, now);
                answers.push((action, answer));
            }
        }
        self.answers = answers;
        self.answered = Some(key);
    }
}
