//! The engine bound to its state file: load, then apply changes under the file's lock,
//! reloading first when another process changed the file, and save.
//!
//! The command line and the terminal app both go through here, so "load-modify-save
//! under the lock, never overwrite what someone else wrote" is written once.

use std::path::Path;
use std::time::Duration;

use crate::engine::{
    AccountId, Command, Engine, Error, FORMAT_VERSION, Outcome, StateDocument, Timestamp,
};
use crate::store::{Fingerprint, Store, StoreError, StoreLock, Versioned};

/// How long a writer waits for another writer before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

impl Versioned for StateDocument {
    const CURRENT: u32 = FORMAT_VERSION;
}

/// Why a workspace operation failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Engine(#[from] Error),
}

impl WorkspaceError {
    pub fn code(&self) -> &'static str {
        match self {
            WorkspaceError::Store(e) => e.code(),
            WorkspaceError::Engine(e) => e.code(),
        }
    }
}

pub struct Workspace {
    store: Store,
    engine: Engine,
    /// The file as last loaded or saved (`None`: it did not exist).
    seen: Option<Fingerprint>,
}

/// Turns a parsed document into an engine; a document that fails validation is a
/// corrupt state file, named as such.
pub fn engine_from(path: &Path, doc: Option<StateDocument>) -> Result<Engine, StoreError> {
    match doc {
        None => Ok(Engine::new()),
        Some(doc) => Engine::from_document(&doc).map_err(|e| StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        }),
    }
}

impl Workspace {
    /// Loads the state file without locking (saves are atomic renames).
    pub fn open(store: Store) -> Result<Workspace, StoreError> {
        let seen = store.fingerprint()?;
        let engine = engine_from(store.path(), store.load()?)?;
        Ok(Workspace {
            store,
            engine,
            seen,
        })
    }

    /// A workspace over an engine built in memory (the demo), saved to `store`.
    pub fn with_engine(store: Store, engine: Engine) -> Workspace {
        Workspace {
            store,
            engine,
            seen: None,
        }
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
        self.store.lock(LOCK_WAIT)
    }

    /// Whether the file differs from what this workspace last loaded or saved.
    pub fn changed_on_disk(&self) -> Result<bool, StoreError> {
        Ok(self.store.fingerprint()? != self.seen)
    }

    /// Reloads from disk if the file changed. Returns whether it did; a reload starts
    /// a new history, since the old one describes a platform that is gone.
    pub fn reload_if_changed(&mut self) -> Result<bool, StoreError> {
        if !self.changed_on_disk()? {
            return Ok(false);
        }
        let seen = self.store.fingerprint()?;
        self.engine = engine_from(self.store.path(), self.store.load()?)?;
        self.seen = seen;
        Ok(true)
    }

    /// Saves the engine's platform (the caller holds the lock).
    pub fn save(&mut self, lock: &StoreLock<'_>) -> Result<(), StoreError> {
        lock.save(&self.engine.to_document())?;
        self.seen = self.store.fingerprint()?;
        Ok(())
    }

    /// Resolves an acting account by email (`NOT_FOUND` when unknown).
    pub fn actor(&self, email: Option<&str>) -> Result<Option<AccountId>, Error> {
        email
            .map(|e| self.engine.platform().find_account(e))
            .transpose()
    }

    /// Load-modify-save under the lock: reload if another process wrote, apply the
    /// command through the engine's one door, save if anything changed.
    pub fn execute(
        &mut self,
        actor: Option<&str>,
        cmd: &Command,
        now: Timestamp,
    ) -> Result<Outcome, WorkspaceError> {
        let store = self.store.clone();
        let lock = store.lock(LOCK_WAIT)?;
        self.reload_if_changed()?;
        let actor = self.actor(actor)?;
        let tasks_before = self.engine.platform().tasks().len();
        let result = self.engine.execute(actor, cmd, now);
        // A refused environment action still records its denied task.
        if (result.is_ok() || self.engine.platform().tasks().len() != tasks_before)
            && let Err(e) = self.save(&lock)
        {
            // Keep memory equal to the file: what could not be saved did not happen.
            self.reload_after_failed_save(result.is_ok());
            return Err(e.into());
        }
        Ok(result?)
    }

    fn reload_after_failed_save(&mut self, applied: bool) {
        if applied {
            self.engine.undo();
        } else if let Ok(Some(doc)) = self.store.load::<StateDocument>()
            && let Ok(engine) = Engine::from_document(&doc)
        {
            self.engine = engine;
        }
    }

    /// Undo or redo the last change, saved like any other change.
    pub fn undo(&mut self, redo: bool) -> Result<Option<String>, WorkspaceError> {
        let store = self.store.clone();
        let lock = store.lock(LOCK_WAIT)?;
        if self.changed_on_disk()? {
            self.reload_if_changed()?;
            return Ok(None);
        }
        let label = if redo {
            self.engine.redo()
        } else {
            self.engine.undo()
        };
        if label.is_some()
            && let Err(e) = self.save(&lock)
        {
            // Put memory back in step with the file.
            if redo {
                self.engine.undo();
            } else {
                self.engine.redo();
            }
            return Err(e.into());
        }
        Ok(label)
    }
}
