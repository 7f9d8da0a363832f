//! The journal's side of `Engine`: appending entries (the one door does it), and
//! reading them back: the entries, their effect on access, the platform as it was.

use super::super::Engine;
use super::super::error::Result;
use super::super::model::AccountId;
use super::super::platform::Platform;
use super::super::preview::AccessChange;
use super::super::time::Timestamp;
use super::{Appended, EntryKind, JournalDoc, JournalEntry, RecordChange, revert};

impl Engine {
    /// Appends one entry; returns its sequence number and how to take it back.
    pub(crate) fn journal_append(
        &mut self,
        actor: Option<AccountId>,
        command: String,
        kind: EntryKind,
        of: Option<u64>,
        records: Vec<RecordChange>,
        time: Timestamp,
    ) -> (u64, Appended) {
        let actor = actor
            .filter(|a| self.platform.has_account(*a))
            .map(|a| self.platform.account(a).email.clone());
        self.journal.append(JournalEntry {
            seq: 0,
            time,
            actor,
            command,
            kind,
            of,
            undoable: false,
            records,
        })
    }

    /// The change journal: its entries (oldest first), limit and horizon.
    pub fn journal(&self) -> &JournalDoc {
        &self.journal
    }

    /// Sets how many entries the journal keeps from the next append on (at least 1):
    /// for a fresh platform (a generated one, a test). It is saved with the state.
    pub fn set_journal_limit(&mut self, limit: u64) {
        self.journal.limit = limit.max(1);
    }

    /// The platform as it was at `t`, rebuilt by walking the journal back from now.
    /// Refused (`VALIDATION`, field `Time`) for a time before the journal's horizon,
    /// or any past time when the journal has no entry yet. A time at or after the
    /// newest entry answers as now.
    pub fn as_of(&self, t: Timestamp) -> Result<Platform> {
        revert::as_of(&self.platform, &self.journal, t)
    }

    /// An engine over [`Engine::as_of`]`(t)`, for asking it the usual questions. It has
    /// no journal and no history: it is a view of the past, not a place for changes.
    pub fn at(&self, t: Timestamp) -> Result<Engine> {
        Ok(Engine {
            platform: std::sync::Arc::new(self.as_of(t)?),
            ..Engine::default()
        })
    }

    /// Walks the journal back from now, newest entry first, handing `visit` each entry
    /// with its effect on effective access (member by environment, before and after);
    /// `visit` returns whether to go on. The walk costs one copy of the platform plus
    /// the entries visited.
    pub fn journal_effects(
        &self,
        visit: impl FnMut(&JournalEntry, Vec<AccessChange>) -> bool,
    ) -> Result<()> {
        revert::effects(&self.platform, &self.journal, visit)
    }

    /// The effect on access of the entry `seq` (empty when it changed no one's access).
    pub fn entry_effect(&self, seq: u64) -> Result<Vec<AccessChange>> {
        let mut out = Vec::new();
        if self.journal.entry(seq).is_none() {
            return Err(super::super::error::Error::not_found(
                "journal entry",
                seq.to_string(),
            ));
        }
        self.journal_effects(|e, changes| {
            if e.seq == seq {
                out = changes;
                false
            } else {
                true
            }
        })?;
        Ok(out)
    }
}
