//! The journal's side of `Engine`: appending entries (the one door does it), and
//! reading them back: the entries, their effect on access, the platform as it was.

use super::super::Engine;
use super::super::error::Result;
use super::super::model::AccountId;
use super::super::platform::Platform;
use super::super::preview::AccessChange;
use super::super::time::Timestamp;
use super::{Appended, EntryKind, JournalDoc, JournalEntry, Record, RecordChange, revert};

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
        self.revision += 1;
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
    ///
    /// The rows are those `viewer` may see, as a preview's are (`Engine::preview`):
    /// its own, and other members' only where it owned the environment or held
    /// `collaboration.manage` on it (`None`: the operator, every row).
    pub fn journal_effects(
        &self,
        viewer: Option<AccountId>,
        visit: impl FnMut(&JournalEntry, Vec<AccessChange>) -> bool,
    ) -> Result<()> {
        revert::effects(&self.platform, &self.journal, viewer, visit)
    }

    /// The records of `e` that `viewer` may see (`None`: the operator, all of them):
    /// a member record (the owner's label for the member, its share entries) only
    /// by its owner, its member, or an account-wide delegate of its owner (who may
    /// list the owner's members); every other kind of record.
    pub fn records_seen_by<'e>(
        &self,
        e: &'e JournalEntry,
        viewer: Option<AccountId>,
    ) -> Vec<&'e RecordChange> {
        let p = &self.platform;
        let Some(v) = viewer.filter(|v| p.has_account(*v)) else {
            return e.records.iter().collect();
        };
        let me = p.account(v).email.as_str();
        let sees = |r: &Record| match r {
            Record::Collaboration(c) => {
                r.concerns(me)
                    || p.account_by_email(&c.owner)
                        .is_some_and(|o| p.is_account_wide_delegate(v, o))
            }
            _ => true,
        };
        e.records
            .iter()
            .filter(|rc| rc.before.iter().chain(rc.after.iter()).all(sees))
            .collect()
    }

    /// The effect on access of the entry `seq` (empty when it changed no one's
    /// access), as `viewer` may see it.
    pub fn entry_effect(&self, viewer: Option<AccountId>, seq: u64) -> Result<Vec<AccessChange>> {
        let mut out = Vec::new();
        if self.journal.entry(seq).is_none() {
            return Err(super::super::error::Error::not_found(
                "journal entry",
                seq.to_string(),
            ));
        }
        self.journal_effects(viewer, |e, changes| {
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
