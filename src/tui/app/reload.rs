//! Keeping up with the state file: reloading when another process changed it (the
//! selection kept by identity), and undo/redo of the signed-in account's changes,
//! which go through the workspace like any change.

use super::{App, PaneId, SaveState, panes};

impl App {
    /// Undo or redo the signed-in account's own last change, checked by the engine
    /// like any command.
    pub(super) fn undo(&mut self, redo: bool) {
        let (Some(id), Some(me)) = (self.me, self.me_email()) else {
            return;
        };
        let engine = self.ws.engine();
        let next = if redo {
            engine.redo_label(id)
        } else {
            engine.undo_label(id)
        };
        if next.is_none() {
            self.info(format!(
                "nothing of yours to {}",
                if redo { "redo" } else { "undo" }
            ));
            return;
        }
        let now = self.now();
        let result = self.ws.undo(&me, redo, now);
        self.note_save(result.as_ref().err());
        self.refresh_all();
        match result {
            Ok(outcome) => self.info(format!("✓ {}", outcome.summary)),
            Err(e) => self.error(format!("{}: {e}", e.code())),
        }
    }

    /// Reloads when another process changed the state file; returns whether it did.
    pub fn poll_external_change(&mut self) -> bool {
        match self.ws.changed_on_disk() {
            Ok(false) => false,
            Ok(true) => {
                let me = self.me_email();
                let labels: Vec<Option<String>> = PaneId::ALL
                    .iter()
                    .map(|id| {
                        self.selected(*id)
                            .map(|k| panes::label(self.ws.engine().platform(), self.me, k))
                    })
                    .collect();
                match self.ws.reload_if_changed() {
                    Ok(_) => {
                        let p = self.ws.engine().platform();
                        self.me = me
                            .and_then(|e| p.account_by_email(&e))
                            .or_else(|| self.default_account());
                        self.signed_in = self.me_email();
                        for pane in &mut self.panes {
                            pane.toggled.clear();
                        }
                        self.refresh_all();
                        for (id, label) in PaneId::ALL.into_iter().zip(&labels) {
                            if let Some(label) = label {
                                let p = self.ws.engine().platform();
                                let me = self.me;
                                let pane = id.slot_mut(&mut self.panes);
                                if let Some(pos) = pane
                                    .rows
                                    .iter()
                                    .position(|r| &panes::label(p, me, r.key) == label)
                                {
                                    pane.selected = pos;
                                }
                                let h = self.pane_height(id);
                                self.pane_mut(id).scroll_into_view(h);
                            }
                        }
                        self.info("reloaded: another collab process changed the state file");
                        self.save_state = SaveState::Reloaded;
                        true
                    }
                    Err(e) => {
                        self.error(format!("{}: {e}", e.code()));
                        self.save_state = SaveState::Failed(e.code());
                        true
                    }
                }
            }
            Err(e) => {
                self.error(format!("{}: {e}", e.code()));
                self.save_state = SaveState::Failed(e.code());
                true
            }
        }
    }
}
