//! The journal's side of `Engine`: appending entries (the one door does it), and
//! reading them back: the entries, their effect on access, the platform as it was.

use std::borrow::Cow;

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

    /// The records of `e` that `viewer` may see (`None`: the operator, all of them),
    /// as `role list`, `member list` and `share list` would show them to it:
    /// - a member record: whole to its owner and the owner's account-wide delegates,
    ///   to its member without the owner's label for it, to nobody else;
    /// - a role or custom policy: to its owner alone;
    /// - a group: to its owner and the owner's account-wide delegates;
    /// - an environment: to them, and to the account that made the entry;
    /// - an account: to everyone (the account list is public).
    pub fn records_seen_by<'e>(
        &self,
        e: &'e JournalEntry,
        viewer: Option<AccountId>,
    ) -> Vec<Cow<'e, RecordChange>> {
        let p = &self.platform;
        let Some(v) = viewer.filter(|v| p.has_account(*v)) else {
            return e.records.iter().map(Cow::Borrowed).collect();
        };
        let me = p.account(v).email.as_str();
        let is_me = |email: &str| email.eq_ignore_ascii_case(me);
        let runs = |owner: &str| {
            p.account_by_email(owner)
                .is_some_and(|o| p.runs_account(v, o))
        };
        let made_it = e.actor.as_deref().is_some_and(is_me);
        let sees = |r: &Record| match r {
            Record::Account(_) => Seen::Whole,
            Record::Role(x) => Seen::from(is_me(&x.owner)),
            Record::Policy(x) => Seen::from(is_me(&x.owner)),
            Record::Group(g) => Seen::from(runs(&g.owner)),
            Record::Environment(x) => Seen::from(made_it || runs(&x.owner)),
            Record::Collaboration(c) if runs(&c.owner) => Seen::Whole,
            Record::Collaboration(c) if is_me(&c.member) => Seen::Unlabelled,
            Record::Collaboration(_) => Seen::Not,
        };
        let mut out = Vec::new();
        for rc in &e.records {
            let sides = [rc.before.as_ref(), rc.after.as_ref()];
            let shown: Vec<Seen> = sides.iter().flatten().map(|r| sees(r)).collect();
            if shown.contains(&Seen::Not) {
                continue;
            }
            if !shown.contains(&Seen::Unlabelled) {
                out.push(Cow::Borrowed(rc));
                continue;
            }
            let unlabel = |r: &Option<Record>| {
                r.clone().map(|r| match r {
                    Record::Collaboration(mut c) => {
                        c.name.clear();
                        Record::Collaboration(c)
                    }
                    other => other,
                })
            };
            out.push(Cow::Owned(RecordChange {
                before: unlabel(&rc.before),
                after: unlabel(&rc.after),
            }));
        }
        out
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

/// How much of a record an account may see.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    Whole,
    /// A member record without the owner's label for the member.
    Unlabelled,
    Not,
}

impl From<bool> for Seen {
    fn from(whole: bool) -> Seen {
        if whole { Seen::Whole } else { Seen::Not }
    }
}
