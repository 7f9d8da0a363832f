//! Commands run and taken back: what `execute` would answer, whether it would change
//! anything, and what it would do to effective access, with nothing kept.

use std::sync::Arc;

use super::apply::{self, Tx};
use super::{
    AccountId, Command, Engine, Outcome, Preview, Result, Timestamp, journal, nothing_to_change,
    preview, wrote_nothing,
};

impl Engine {
    /// May `actor` run `cmd` now? Exactly what `execute` would answer (the same typed
    /// error), with nothing kept: no change, no denied task. The app asks it about the
    /// command each key would run, to enable the key or say why not.
    pub fn may_run(
        &mut self,
        actor: Option<AccountId>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<()> {
        self.validate(actor, cmd, now).map(|_| ())
    }

    /// Authorizes and validates a command without keeping anything: what `execute`
    /// would answer, with the outcome it would say.
    pub fn validate(
        &mut self,
        actor: Option<AccountId>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<Outcome> {
        let mut tx = Tx::new(Arc::make_mut(&mut self.platform), now);
        let result = apply::apply(&mut tx, actor, cmd);
        tx.rollback();
        result
    }

    /// Applies a command to the tables, measures the change in effective access of
    /// every member it can affect, and rolls it back. Nothing is kept. The rows are
    /// those `actor` may see: its own, and other members' only where it owns the
    /// environment or holds `collaboration.manage` on it (every row for the operator).
    pub fn preview(
        &mut self,
        actor: Option<AccountId>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<Preview> {
        let tasks_before = self.platform.tasks().len();
        let mut tx = Tx::new(Arc::make_mut(&mut self.platform), now);
        let mut outcome = match apply::apply(&mut tx, actor, cmd) {
            Ok(o) => o,
            Err(e) => {
                tx.rollback();
                return Err(e);
            }
        };
        // Said as `execute` would say it.
        let records = journal::records_of(tx.p, &tx.undo);
        let writes_nothing = wrote_nothing(cmd, (tasks_before, tx.p.tasks().len()), || {
            records.is_empty()
        });
        if writes_nothing {
            outcome.summary = nothing_to_change(cmd);
        }
        let mut measure = preview::Measure::after(tx.p, &tx.undo).seen_by(tx.p, actor);
        // What the preview may promise of the actor's undo: the engine's answer.
        let undo_refused = match actor {
            Some(a) if cmd.undoable() && !records.is_empty() => {
                journal::undo::would_undo(tx.p, a, &cmd.label(), records, now)
                    .err()
                    .map(|e| e.to_string())
            }
            _ => None,
        };
        tx.rollback();
        let mut preview = measure.before(&self.platform, outcome);
        preview.undo_refused = undo_refused;
        preview.writes_nothing = writes_nothing;
        Ok(preview)
    }

    /// [`may_run`](Self::may_run), and whether the command would change anything: `false`
    /// for one that asks for what is already so (`execute` then writes nothing and says
    /// "nothing to change"). Dialogs ask it, so that "ready" means something to apply.
    pub fn may_change(
        &mut self,
        actor: Option<AccountId>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<bool> {
        let tasks_before = self.platform.tasks().len();
        let mut tx = Tx::new(Arc::make_mut(&mut self.platform), now);
        let result = apply::apply(&mut tx, actor, cmd).map(|_| {
            !wrote_nothing(cmd, (tasks_before, tx.p.tasks().len()), || {
                journal::records_of(tx.p, &tx.undo).is_empty()
            })
        });
        tx.rollback();
        result
    }
}
