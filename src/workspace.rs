//! The engine bound to its state file: load, then apply changes under the file's lock,
//! reloading first when another process changed the file, and save.
//!
//! The command line and the terminal app both go through here, so "load-modify-save
//! under the lock, never overwrite what someone else wrote" is written once.

use std::time::Duration;

use crate::engine::{
    AccountId, Command, Engine, Error, FORMAT_VERSION, JOURNAL_LIMIT, Outcome, StateDocument,
    Timestamp,
};
use crate::store::{Fingerprint, Store, StoreError, StoreLock, Versioned};

/// How long a writer waits for another writer before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// How long the app waits for another writer: it holds the keys meanwhile, so it
/// gives up sooner than a script, changes nothing, and keeps the confirmation for
/// another try (`Workspace::set_lock_wait`).
pub const APP_LOCK_WAIT: Duration = Duration::from_secs(1);

impl Versioned for StateDocument {
    const CURRENT: u32 = FORMAT_VERSION;

    /// Version 1 to 2 adds the change journal: empty, with the default limit and no
    /// horizon yet (a version-1 file has no history; the journal answers from its
    /// first change on). Everything else is kept as it is.
    fn migrate_step(mut value: serde_json::Value, from: u32) -> Result<serde_json::Value, String> {
        match (from, value.as_object_mut()) {
            (1, Some(object)) => {
                if object.contains_key("journal") {
                    return Err("a version-1 file cannot hold a journal".to_string());
                }
                object.insert(
                    "journal".to_string(),
                    serde_json::json!({ "limit": JOURNAL_LIMIT, "horizon": null, "entries": [] }),
                );
                Ok(value)
            }
            (1, None) => Err("the state file is not a JSON object".to_string()),
            _ => Err(format!("no migration from format version {from} is known")),
        }
    }

    /// Version 1 reads straight into the current document: its only change is the
    /// journal, which defaults to empty.
    fn reads_directly(from: u32) -> bool {
        from == 1
    }

    fn upgrade(mut self, from: u32) -> Result<Self, String> {
        if from == 1 {
            if self.journal != crate::engine::JournalDoc::default() {
                return Err("a version-1 file cannot hold a journal".to_string());
            }
            self.journal.limit = JOURNAL_LIMIT;
            self.version = FORMAT_VERSION;
        }
        Ok(self)
    }
}

/// Why a workspace operation failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Engine(#[from] Error),
    /// The file changed after the caller looked at the platform (a preview it showed
    /// is out of date); nothing was applied.
    #[error(
        "the state file changed since this was shown (another process wrote it); nothing was applied: review it again"
    )]
    Stale,
}

impl WorkspaceError {
    pub fn code(&self) -> &'static str {
        match self {
            WorkspaceError::Store(e) => e.code(),
            WorkspaceError::Engine(e) => e.code(),
            WorkspaceError::Stale => "INVALID_STATE",
        }
    }
}

pub struct Workspace {
    store: Store,
    engine: Engine,
    /// The file as last loaded or saved (`None`: it did not exist).
    seen: Option<Fingerprint>,
    /// Bumped by every reload: what a caller saw at one generation may be out of date
    /// at the next.
    generation: u64,
    /// The engine's revision that the file holds: the one it was loaded or last saved
    /// at. Memory holds something the file does not while the engine is at another.
    in_file: u64,
    /// The file this workspace loaded or saved was deleted (or moved away) since:
    /// memory keeps what it held, and the next save writes it all to a new file.
    gone: bool,
    /// How long a change waits for another writer's lock ([`LOCK_WAIT`] unless set).
    lock_wait: Duration,
}

/// Turns a parsed document into an engine; a document that fails validation is a
/// corrupt state file, named as such.
pub fn engine_from(store: &Store, doc: Option<StateDocument>) -> Result<Engine, StoreError> {
    match doc {
        None => Ok(Engine::new()),
        Some(doc) => Engine::from_document(&doc).map_err(|e| store.corrupt(e.to_string())),
    }
}

impl Workspace {
    /// Loads the state file without locking (saves are atomic renames).
    pub fn open(store: Store) -> Result<Workspace, StoreError> {
        let seen = store.fingerprint()?;
        let engine = engine_from(&store, store.load()?)?;
        Ok(Workspace {
            store,
            in_file: engine.revision(),
            engine,
            seen,
            generation: 0,
            gone: false,
            lock_wait: LOCK_WAIT,
        })
    }

    /// A workspace over an engine built in memory, taken as what `store` holds: the
    /// caller saves it at once (the demo), or it stands for a file that is never
    /// written (a snapshot).
    pub fn with_engine(store: Store, engine: Engine) -> Workspace {
        Workspace {
            store,
            in_file: engine.revision(),
            engine,
            seen: None,
            generation: 0,
            gone: false,
            lock_wait: LOCK_WAIT,
        }
    }

    /// How long a change waits for another writer's lock before it is refused with
    /// `STATE_LOCKED`, nothing changed.
    pub fn set_lock_wait(&mut self, wait: Duration) {
        self.lock_wait = wait;
    }

    /// Whether memory holds a change the file does not (one that could not be saved
    /// and was not taken back): measured from the engine's revision, never remembered
    /// from a failure.
    pub fn unsaved(&self) -> bool {
        self.engine.revision() != self.in_file
    }

    /// Whether the file this workspace loaded or saved is gone (deleted or moved
    /// away, seen by [`Workspace::reload_if_changed`]) and nothing was saved since:
    /// memory holds what it held, which the next save writes to a new file.
    pub fn gone(&self) -> bool {
        self.gone
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn engine_mut(&mut self) -> &mut Engine {
        &mut self.engine
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn lock(&self) -> Result<StoreLock<'_>, StoreError> {
        self.store.lock(self.lock_wait)
    }

    /// Whether the file differs from what this workspace last loaded or saved.
    pub fn changed_on_disk(&self) -> Result<bool, StoreError> {
        Ok(self.store.fingerprint()? != self.seen)
    }

    /// Reloads from disk if the file changed. Returns whether it did. Undo and redo
    /// come with the file (they are read from its journal), so every account's steps
    /// are the file's, whichever process made them; each is checked against the
    /// reloaded platform when taken.
    ///
    /// A file that was there and is gone (deleted, or moved away) is not read as the
    /// empty platform a missing file means to a new process: memory keeps what the
    /// file held ([`Workspace::gone`] says so), and the next save writes it all, with
    /// that change, to a new file. Returns `true` then too (something changed).
    pub fn reload_if_changed(&mut self) -> Result<bool, StoreError> {
        if !self.changed_on_disk()? {
            return Ok(false);
        }
        let seen = self.store.fingerprint()?;
        if seen.is_none() {
            self.seen = None;
            self.gone = true;
            return Ok(true);
        }
        self.gone = false;
        self.engine = engine_from(&self.store, self.store.load()?)?;
        self.in_file = self.engine.revision();
        self.seen = seen;
        self.generation += 1;
        Ok(true)
    }

    /// Saves the engine's platform (the caller holds the lock).
    pub fn save(&mut self, lock: &StoreLock<'_>) -> Result<(), StoreError> {
        lock.save(&self.engine.to_document())?;
        self.in_file = self.engine.revision();
        self.gone = false;
        self.seen = self.store.fingerprint()?;
        Ok(())
    }

    /// Resolves an acting account by email (`NOT_FOUND` when unknown).
    pub fn actor(&self, email: Option<&str>) -> Result<Option<AccountId>, Error> {
        email
            .map(|e| self.engine.platform().find_account(e))
            .transpose()
    }

    /// Which reload of the file the platform in memory is.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Load-modify-save under the lock: reload if another process wrote, apply the
    /// command through the engine's one door, save if anything changed.
    pub fn execute(
        &mut self,
        actor: Option<&str>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<Outcome, WorkspaceError> {
        self.execute_seen(actor, cmd, now, None)
    }

    /// As [`Workspace::execute`], but refused with [`WorkspaceError::Stale`] when the
    /// file changed since `seen` (a [`Workspace::generation`]): a confirmation applies
    /// to the platform it showed, never over another process's change.
    pub fn execute_seen(
        &mut self,
        actor: Option<&str>,
        cmd: &Command,
        now: Timestamp,
        seen: Option<u64>,
    ) -> Result<Outcome, WorkspaceError> {
        let store = self.store.clone();
        let lock = store.lock(self.lock_wait)?;
        self.reload_if_changed()?;
        if seen.is_some_and(|g| g != self.generation) {
            return Err(WorkspaceError::Stale);
        }
        let actor = self.actor(actor)?;
        let revision = self.engine.revision();
        let result = self.engine.execute(actor, cmd, now);
        // Saved when memory moved on: a change, or a refused environment action's
        // denied task; not a refusal, nor a change to what is already so.
        if self.engine.revision() != revision {
            self.save_or_discard(&lock)?;
        }
        Ok(result?)
    }

    /// Saves; when that fails, takes the change back so that memory stays equal to the
    /// file: what could not be saved did not happen.
    fn save_or_discard(&mut self, lock: &StoreLock<'_>) -> Result<(), StoreError> {
        self.save(lock).inspect_err(|_| self.engine.discard_last())
    }

    /// Undoes (or redoes) the acting account's last change, under the lock and against
    /// the file as it is now, checked and saved like any other change.
    pub fn undo(
        &mut self,
        actor: &str,
        redo: bool,
        now: Timestamp,
    ) -> Result<Outcome, WorkspaceError> {
        self.undo_seen(actor, redo, now, None)
    }

    /// As [`Workspace::undo`], but refused with [`WorkspaceError::Stale`] when the
    /// file changed since `seen`, as [`Workspace::execute_seen`] is: a confirmed
    /// preview of the step applies to the platform it showed.
    pub fn undo_seen(
        &mut self,
        actor: &str,
        redo: bool,
        now: Timestamp,
        seen: Option<u64>,
    ) -> Result<Outcome, WorkspaceError> {
        let store = self.store.clone();
        let lock = store.lock(self.lock_wait)?;
        self.reload_if_changed()?;
        if seen.is_some_and(|g| g != self.generation) {
            return Err(WorkspaceError::Stale);
        }
        let actor = self.engine.platform().find_account(actor)?;
        let outcome = if redo {
            self.engine.redo(actor, now)?
        } else {
            self.engine.undo(actor, now)?
        };
        self.save_or_discard(&lock)?;
        Ok(outcome)
    }
}
