//! The JSON state file: load, save, lock, format versions.
//!
//! This module turns a path into a document and back, safely:
//!
//! - **The path** may be a symbolic link: it is resolved to the file it names
//!   ([`files::resolve`]) and reads, the lock and the atomic replace all act on that
//!   file, so the link stays a link. A path that is not a regular file (a directory,
//!   FIFO, device or socket) is refused from its metadata before anything opens it
//!   ([`StoreError::Io`]); a file without write permission is refused to every writer
//!   and never replaced.
//! - **Reads** take one `std::fs::read` and no lock: saves replace the file by an
//!   atomic rename, so a reader always sees a whole file, old or new.
//! - **Writes** happen only through a [`StoreLock`], an exclusive lock on the sidecar
//!   file `<name>.lock` next to the (resolved) state file, not on the state file
//!   itself, which is replaced on every save. The caller holds the lock for the whole
//!   load-modify-save, so two processes never lose each other's changes, whether they
//!   name the file or a link to it. A lock file that cannot be used is
//!   [`StoreError::Lock`], naming the lock file; one that does not exist and cannot be
//!   created is [`StoreError::LockDir`], naming the directory.
//! - **Saves are atomic**: the document is serialized in memory, written to a temporary
//!   file `.<name>.tmp-<pid>-<counter>` in the same directory, synced, renamed over the
//!   target, and the directory is synced. The new file keeps the old one's permission
//!   bits and, where the system allows it, its owner and group ([`perms`]); a new
//!   file is 0600 (it holds email addresses), and so is a new lock file beside it.
//!   On any failure the temporary file is removed and the old file stays exactly as it
//!   was. Temporary files left behind by a killed writer are ignored by loads and
//!   removed by the next successful save.
//! - **Backups** ([`StoreLock::backup`]) are copies: the state file stays in place
//!   until the atomic replace, so a reader never finds it missing.
//! - **Versions**: every document carries a top-level `"version"`. A newer version is
//!   refused ([`StoreError::Version`]) without looking at the rest of the file; an older
//!   one goes through the [`Versioned::migrate_step`] chain; anything unreadable is
//!   [`StoreError::Corrupt`] with the line and column and, for a field the document
//!   does not know, the field's path (`collaborations[3].Sharez`). A refused file is
//!   never written.
//!
//! Output format: compact JSON with a trailing newline. Pretty printing was measured
//! on a synthetic 2,000-account state: 2.6 times the bytes (29 MB instead of 11 MB, all
//! of it written and synced on every save), about 2.5 times the serialization time and
//! 10–20 % slower loads. That is not a small cost for the benchmark-sized files, so the
//! file stays compact; a user fixing a corrupt file by hand gets the exact position
//! (line 1, column N) and can pretty-print it with any JSON tool first.
//!
//! What this module must not do: it knows nothing about the engine's types (it is
//! generic over the document through [`Versioned`] and serde), nothing about the
//! terminal, and it never prints. It decides no policy beyond the file itself: which
//! path to use (`--state`, `COLLAB_STATE`, [`default_state_path`]) and how errors are
//! shown are the caller's business.

mod error;
pub mod files;
mod fingerprint;
mod perms;
mod version;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use error::{StoreError, collab_on, shown};
pub use fingerprint::Fingerprint;
pub use version::{FIRST_VERSION, Versioned, migrate};
use version::{field_path, json_detail, probe_version};

/// File name of the state file inside the config directory.
pub const STATE_FILE_NAME: &str = "state.json";

/// The per-user config directory of collab (e.g. `~/.config/collab` on Linux), or
/// `None` when the platform gives no home directory.
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "collab").map(|dirs| dirs.config_dir().to_path_buf())
}

/// The default state file: `state.json` in [`config_dir`]. The CLI consults `--state`
/// and `COLLAB_STATE` first.
pub fn default_state_path() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join(STATE_FILE_NAME))
}

/// The state file at one path.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
    /// Only read, as an input of another command (`diff OLD NEW`, `access-report
    /// FILE`): a message about it suggests no command to run on it.
    input: bool,
}

impl Store {
    /// A store for the state file at `path`. Nothing is touched until it is used.
    pub fn new(path: impl Into<PathBuf>) -> Store {
        Store {
            path: path.into(),
            input: false,
        }
    }

    /// A file only read, as an input of another command (`diff OLD NEW`,
    /// `access-report FILE`, maybe git's temporary copy of a file): a corrupt one is
    /// named, with no recovery command, since `init --force` is not for it.
    pub fn input(path: impl Into<PathBuf>) -> Store {
        Store {
            path: path.into(),
            input: true,
        }
    }

    /// The state file's path, as given (messages name it).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file the path names, symbolic links followed (see [`files::resolve`]).
    pub fn target(&self) -> Result<PathBuf, StoreError> {
        files::resolve(&self.path).map_err(|e| self.io("resolve", e))
    }

    /// Reads and parses the file, without locking. A missing file is `Ok(None)`; a
    /// path that is not a regular file is refused before it is opened.
    pub fn load<T: DeserializeOwned + Versioned>(&self) -> Result<Option<T>, StoreError> {
        let target = self.target()?;
        if files::regular_file(&target)
            .map_err(|e| self.io("read", e))?
            .is_none()
        {
            return Ok(None);
        }
        let bytes = match fs::read(&target) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io("read", e)),
        };
        self.parse(&bytes).map(Some)
    }

    /// Parses a document from `bytes` as if read from this store's file.
    pub fn parse<T: DeserializeOwned + Versioned>(&self, bytes: &[u8]) -> Result<T, StoreError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(self.corrupt("file is empty".to_owned()));
        }
        let version = probe_version(bytes).map_err(|e| self.corrupt(json_detail(&e)))?;
        if version > T::CURRENT {
            return Err(StoreError::Version {
                path: self.path.clone(),
                found: version,
                supported: T::CURRENT,
            });
        }
        if version == T::CURRENT {
            // The fast path: one parse, straight into the document type.
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let doc = serde_path_to_error::deserialize(&mut de)
                .map_err(|e| self.corrupt(path_detail(&e)))?;
            de.end().map_err(|e| self.corrupt(json_detail(&e)))?;
            return Ok(doc);
        }
        if version < FIRST_VERSION {
            return Err(self.corrupt(format!(
                "format version {version} is not supported (collab formats start at version {FIRST_VERSION})"
            )));
        }
        if T::reads_directly(version) {
            // A migration that only adds defaulted fields: one parse, as fast as the
            // current format, then the typed upgrade.
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let doc: T = serde_path_to_error::deserialize(&mut de)
                .map_err(|e| self.corrupt(path_detail(&e)))?;
            de.end().map_err(|e| self.corrupt(json_detail(&e)))?;
            return doc.upgrade(version).map_err(|e| {
                self.corrupt(format!("cannot migrate from format version {version}: {e}"))
            });
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| self.corrupt(json_detail(&e)))?;
        let value = migrate::<T>(value, version).map_err(|e| {
            self.corrupt(format!("cannot migrate from format version {version}: {e}"))
        })?;
        serde_path_to_error::deserialize(value).map_err(|e| {
            self.corrupt(format!(
                "after migrating from format version {version}: {}",
                path_detail(&e)
            ))
        })
    }

    /// Takes the exclusive writer lock (on `<name>.lock` beside the file the path
    /// names), retrying until `wait` has passed; then [`StoreError::Locked`]. Refuses
    /// at once a path that is not a regular file or a file that may not be written.
    /// Creates the parent directory if missing (mode 0700 on unix). The lock is
    /// released on drop.
    pub fn lock(&self, wait: Duration) -> Result<StoreLock<'_>, StoreError> {
        let target = self.target()?;
        files::check_replaceable(&target).map_err(|e| self.io("write", e))?;
        self.ensure_parent_dir(&target)?;
        let lock_path = files::beside(&target, ".lock");
        let lock_err = |source: io::Error| StoreError::Lock {
            path: self.path.clone(),
            lock: lock_path.clone(),
            source,
        };
        if let Ok(meta) = fs::symlink_metadata(&lock_path)
            && !meta.is_file()
        {
            return Err(lock_err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is not a regular file",
            )));
        }
        let file = files::open_lock(&lock_path, &target).map_err(|e| {
            // No lock file, and the directory refused to make one: say so, rather
            // than blame a lock file that does not exist.
            if error::cannot_create_in_dir(&e) && fs::symlink_metadata(&lock_path).is_err() {
                StoreError::LockDir {
                    path: self.path.clone(),
                    lock: lock_path.clone(),
                    dir: files::dir_of(&target).to_path_buf(),
                    source: e,
                }
            } else {
                lock_err(e)
            }
        })?;

        let start = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) => {}
                Err(fs::TryLockError::Error(e)) => return Err(lock_err(e)),
            }
            let waited = start.elapsed();
            if waited >= wait {
                return Err(StoreError::Locked {
                    path: self.path.clone(),
                    waited: wait,
                });
            }
            std::thread::sleep(pause.min(wait.saturating_sub(waited)));
            pause = (pause * 2).min(Duration::from_millis(20));
        }
        // The file may have changed while this process waited.
        files::check_replaceable(&target).map_err(|e| self.io("write", e))?;
        Ok(StoreLock {
            store: self,
            target,
            _file: file,
        })
    }

    /// The identity of the current file, or `None` if it does not exist.
    pub fn fingerprint(&self) -> Result<Option<Fingerprint>, StoreError> {
        match fs::metadata(&self.path) {
            Ok(meta) => Ok(Some(Fingerprint::of(&meta))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.io("inspect", e)),
        }
    }

    /// Whether a file exists at the path (a dangling link: no).
    pub fn exists(&self) -> Result<bool, StoreError> {
        Ok(self.fingerprint()?.is_some())
    }

    fn io(&self, op: &'static str, source: io::Error) -> StoreError {
        StoreError::Io {
            path: self.path.clone(),
            op,
            source,
        }
    }

    /// The file cannot be used as a document: `detail` says why. The message names
    /// the command that moves a state file aside (none for an input).
    pub fn corrupt(&self, detail: String) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            detail,
            recovery: (!self.input).then(|| error::move_aside(&self.path)),
        }
    }

    fn ensure_parent_dir(&self, target: &Path) -> Result<(), StoreError> {
        let dir = files::dir_of(target);
        if dir.is_dir() {
            return Ok(());
        }
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(dir)
            .map_err(|e| self.io("create the directory of", e))
    }
}

/// `at line L column C: PATH: what`: the position, and the path of the field inside
/// the document when the error is inside one (`collaborations[3].Sharez`).
fn path_detail(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let detail = json_detail(e.inner());
    let path = field_path(e.path());
    // A syntax error has a position but no field to name.
    if path.is_empty() || e.inner().classify() != serde_json::error::Category::Data {
        return detail;
    }
    match detail.split_once(": ") {
        Some((at, what)) if at.starts_with("at line ") => format!("{at}: {path}: {what}"),
        _ => format!("{path}: {detail}"),
    }
}

/// The exclusive writer lock on a [`Store`]; released on drop.
#[derive(Debug)]
pub struct StoreLock<'a> {
    store: &'a Store,
    /// The file the store's path named when the lock was taken.
    target: PathBuf,
    _file: File,
}

impl StoreLock<'_> {
    /// The locked store.
    pub fn store(&self) -> &Store {
        self.store
    }

    /// Loads the file (see [`Store::load`]).
    pub fn load<T: DeserializeOwned + Versioned>(&self) -> Result<Option<T>, StoreError> {
        self.store.load()
    }

    /// Serializes `doc` (compact JSON, trailing newline) and saves it atomically.
    pub fn save<T: Serialize>(&self, doc: &T) -> Result<(), StoreError> {
        let mut bytes = Vec::with_capacity(64 * 1024);
        serde_json::to_writer(&mut bytes, doc).map_err(|e| {
            self.store
                .io("write", io::Error::new(io::ErrorKind::InvalidData, e))
        })?;
        bytes.push(b'\n');
        self.save_bytes(&bytes)
    }

    /// Saves `bytes` atomically as the new file content (keeping the file's permission
    /// bits, owner and group; a new file is 0600), then removes stale temporary files.
    pub fn save_bytes(&self, bytes: &[u8]) -> Result<(), StoreError> {
        files::write_atomic(&self.target, bytes).map_err(|e| self.store.io("write", e))?;
        files::remove_stale_temps(&self.target);
        Ok(())
    }

    /// Copies the current file to `<name>.bak-<label>` beside it (or `…-<label>-1`,
    /// `-2`, … if that exists; a backup is never overwritten) and returns the copy's
    /// path, or `None` if there was no file. The state file itself stays in place.
    pub fn backup(&self, now_label: &str) -> Result<Option<PathBuf>, StoreError> {
        if now_label.is_empty() || now_label.contains(['/', '\\']) || now_label.contains("..") {
            return Err(self.store.io(
                "back up",
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("invalid backup label {}", crate::text::quoted(now_label)),
                ),
            ));
        }
        files::backup_copy(&self.target, now_label).map_err(|e| self.store.io("back up", e))
    }
}
