//! What a pane offers on its focused row: the actions that apply there, each with the
//! engine's answer (enabled, disabled with the engine's reason, or not offered when
//! the engine says the command does not apply to the record as it is).

use super::probe::{Probe, probe};
use super::{PaneId, PaneState, RowKey};
use crate::engine::PolicyRef;
use crate::tui::component::{Avail, Ctx};
use crate::tui::keys::Action;

impl PaneState {
    pub(super) fn probe(&self, action: Action, ctx: &Ctx<'_>) -> Option<Probe> {
        probe(ctx.platform(), ctx.me, self.id, self.selected_key(), action)
    }

    /// The actions that make sense for the focused row, for the footer and the help.
    pub fn actions(&self, ctx: &Ctx<'_>) -> Vec<Action> {
        use Action::{
            Accept, Actions, Add, Copy, Delete, Edit, Filter, Help, Invite, Leave, Open, Palette,
            Quit, Reinvite, Reject, Suspend, Tasks, Why,
        };
        let mut v = match (self.id, self.selected_key()) {
            (PaneId::Members, Some(RowKey::Collab(_))) => vec![Open, Accept, Reject, Leave],
            (PaneId::Members, Some(RowKey::Member(_) | RowKey::Share(..))) => {
                vec![Open, Invite, Edit, Delete, Copy, Suspend, Reinvite, Why]
            }
            (PaneId::Members, _) => vec![Invite],
            (PaneId::Envs, Some(RowKey::Env(..))) => {
                vec![Actions, Why, Add, Edit, Delete, Copy, Invite]
            }
            (PaneId::Envs, _) => vec![Open, Add, Edit, Delete],
            (PaneId::Roles, Some(RowKey::Role(_))) => vec![Open, Add, Edit, Delete, Copy],
            (PaneId::Roles, Some(RowKey::Policy(PolicyRef::Custom(_)))) => {
                vec![Open, Add, Edit, Delete]
            }
            (PaneId::Accounts | PaneId::Roles, _) => vec![Open, Add],
        };
        v.retain(|a| self.availability(*a, ctx) != Avail::Hidden);
        match self.rows.get(self.selected).and_then(|r| r.open) {
            Some(true) => v.push(Action::Collapse),
            Some(false) => v.push(Action::Expand),
            None => {}
        }
        v.extend([Filter, Tasks]);
        v.extend(crate::tui::component::step_actions(ctx));
        v.extend([Palette, Help, Quit]);
        v
    }

    /// Whether an action works here and now; a disabled one says why.
    pub fn availability(&self, action: Action, ctx: &Ctx<'_>) -> Avail {
        use Action::{
            Accept, Actions, Add, Copy, Delete, Edit, Invite, Leave, Open, Redo, Reinvite, Reject,
            Suspend, Undo, Why,
        };
        if matches!(action, Undo | Redo) {
            return crate::tui::component::step_avail(action, ctx);
        }
        let Some(me) = ctx.me else {
            return match action {
                Add | Open if self.id == PaneId::Accounts => Avail::Enabled,
                Add | Edit | Delete | Copy | Invite | Suspend | Reinvite | Accept | Reject
                | Leave | Actions | Why => {
                    Avail::Disabled(crate::tui::component::sign_in_first(ctx.keymap))
                }
                _ => Avail::Enabled,
            };
        };
        match action {
            // `a` opens a menu of what may be added here: offered when the engine
            // allows one of its items, else refused with the first item's reason.
            Add if self.id == PaneId::Envs => {
                let p = ctx.platform();
                let here = super::probe::add_intents(p, me, self.selected_key());
                let mut refusal = None;
                for intent in &here.intents {
                    match p.may(me, intent) {
                        Ok(()) => return Avail::Enabled,
                        Err(e) => {
                            refusal.get_or_insert_with(|| e.to_string());
                        }
                    }
                }
                Avail::Disabled(refusal.unwrap_or_default())
            }
            // Nothing to explain without an environment: not offered.
            Why if ctx.env.is_none() => Avail::Hidden,
            // Keys about the focused row: the engine answers for what they would run.
            Open | Add | Edit | Delete | Copy | Invite | Suspend | Reinvite | Accept | Reject
            | Leave | Actions => self.engine_answer(action, ctx),
            _ => Avail::Enabled,
        }
    }

    /// The engine's reason for refusing what `action` would run on the focused row,
    /// if it refused.
    pub(super) fn refusal(&self, action: Action, ctx: &Ctx<'_>) -> Option<String> {
        match self.probe(action, ctx)? {
            Probe::Start(intent) => ctx
                .me
                .and_then(|me| ctx.platform().may(me, &intent).err().map(|e| e.to_string())),
            Probe::Run(_) | Probe::Open(_) => ctx
                .answers
                .iter()
                .find(|(a, _)| *a == action)
                .and_then(|(_, r)| r.as_ref().err().map(ToString::to_string)),
            Probe::Local => None,
        }
    }

    /// The engine's answer for `action` on the focused row, as `Avail`.
    fn engine_answer(&self, action: Action, ctx: &Ctx<'_>) -> Avail {
        use crate::engine::Error;
        let verdict: Result<(), Error> = match self.probe(action, ctx) {
            None => return Avail::Hidden,
            Some(Probe::Local) => Ok(()),
            Some(Probe::Start(intent)) => match ctx.me {
                Some(me) => ctx.platform().may(me, &intent),
                None => return Avail::Disabled(crate::tui::component::sign_in_first(ctx.keymap)),
            },
            Some(Probe::Run(_) | Probe::Open(_)) => {
                match ctx.answers.iter().find(|(a, _)| *a == action) {
                    None => return Avail::Disabled("not checked yet".to_string()),
                    Some((_, answer)) => answer.clone(),
                }
            }
        };
        match verdict {
            Ok(()) => Avail::Enabled,
            // The engine says the command does not apply to the record as it is
            // (accept on an active collaboration): the key is not offered.
            Err(Error::InvalidState(_)) => Avail::Hidden,
            Err(e) => Avail::Disabled(e.to_string()),
        }
    }
}
