//! Keeping up with the state file: reloading when another process changed it (the
//! selection kept by identity), and undo/redo of the signed-in account's changes,
//! which go through the workspace like any change.

use super::{App, PaneId, SaveState, panes};
use crate::tui::component::overlays::{Confirm, Overlay};
use crate::workspace::WorkspaceError;

impl App {
    /// Undo or redo the signed-in account's own last change: like any change to the
    /// collaboration, previewed first (what it does to effective access), and applied
    /// once confirmed ([`App::apply_step`]); a step the engine refuses says why.
    pub(super) fn undo(&mut self, redo: bool) {
        let Some(id) = self.me else {
            self.error(crate::tui::component::sign_in_first(&self.config.keymap));
            return;
        };
        let engine = self.ws.engine();
        let next = if redo {
            engine.redo_label(id)
        } else {
            engine.undo_label(id)
        };
        let Some(label) = next.map(str::to_string) else {
            self.info(format!(
                "nothing of yours to {}",
                if redo { "redo" } else { "undo" }
            ));
            return;
        };
        let now = self.now();
        let seen = self.ws.generation();
        match self.ws.engine_mut().preview_step(id, redo, now) {
            Ok(preview) => {
                let destructive = crate::tui::component::cancel_first(None, &preview);
                self.overlay = Some(Overlay::Confirm(Confirm::step(
                    redo,
                    label,
                    preview,
                    destructive,
                    seen,
                )));
            }
            Err(e) => self.error(format!("{}: {e}", e.code())),
        }
    }

    /// Applies a confirmed undo (or redo) to the platform its preview was measured on:
    /// when another process changed the file since, nothing is applied and the step
    /// is previewed again, as a confirmed command is.
    pub(super) fn apply_step(&mut self, redo: bool, seen: u64) {
        let Some(me) = self.me_email() else {
            self.error(crate::tui::component::sign_in_first(&self.config.keymap));
            return;
        };
        let now = self.now();
        let result = self.ws.undo_seen(&me, redo, now, Some(seen));
        self.note_save(result.as_ref().err());
        self.refresh_all();
        match result {
            Ok(outcome) => self.info(format!("✓ {}", outcome.summary)),
            Err(WorkspaceError::Stale) => {
                self.undo(redo);
                let stale = WorkspaceError::Stale;
                if matches!(self.overlay, Some(Overlay::Confirm(_))) {
                    self.error(format!("{}: {stale}", stale.code()));
                }
            }
            // Another process is saving: nothing changed; the step's confirmation
            // comes back so that confirming tries again.
            Err(WorkspaceError::Store(e @ crate::store::StoreError::Locked { .. })) => {
                self.undo(redo);
                let how = if matches!(self.overlay, Some(Overlay::Confirm(_))) {
                    "confirm to try again"
                } else {
                    "try again"
                };
                self.error(super::effects::locked(&e, how));
            }
            Err(e) => self.error(format!("{}: {e}", e.code())),
        }
    }

    /// Reloads when another process changed the state file; returns whether it did.
    /// A file that is gone (deleted or moved away) is not reloaded: the app keeps
    /// what it showed and says what its next change will do.
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
                    Ok(_) if self.ws.gone() => {
                        self.error(format!(
                            "the state file {} is gone (deleted or moved away): still showing \
                             what it held; your next change saves all of it as a new file \
                             (quit without a change to leave it gone)",
                            crate::store::shown(self.ws.store().path())
                        ));
                        true
                    }
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
                        self.save_state = SaveState::Unread(e.code());
                        true
                    }
                }
            }
            Err(e) => {
                self.error(format!("{}: {e}", e.code()));
                self.save_state = SaveState::Unread(e.code());
                true
            }
        }
    }
}
