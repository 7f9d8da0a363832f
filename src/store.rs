//! The JSON state file: load, save, lock, format versions.
//!
//! This module turns a path into a document and back, safely:
//!
//! - **Reads** take one `std::fs::read` and no lock: saves replace the file by an
//!   atomic rename, so a reader always sees a whole file, old or new.
//! - **Writes** happen only through a [`StoreLock`], an exclusive lock on the sidecar
//!   file `<name>.lock` next to the state file (not on the state file itself, which is
//!   replaced on every save, so a lock on it would be lost). The caller holds the lock
//!   for the whole load-modify-save, so two processes never lose each other's changes.
//! - **Saves are atomic**: the document is serialized in memory, written to a temporary
//!   file `.<name>.tmp-<pid>-<counter>` in the same directory (mode 0600: the file holds
//!   email addresses), synced, renamed over the target, and the directory is synced.
//!   On any failure the temporary file is removed and the old file stays exactly as it
//!   was. Temporary files left behind by a killed writer are ignored by loads and
//!   removed by the next successful save.
//! - **Versions**: every document carries a top-level `"version"`. A newer version is
//!   refused ([`StoreError::Version`]) without looking at the rest of the file; an older
//!   one goes through the [`Versioned::migrate_step`] chain; anything unreadable is
//!   [`StoreError::Corrupt`] with the line and column. A refused file is never written.
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

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// The first format version that ever existed; anything lower is not a collab file.
pub const FIRST_VERSION: u32 = 1;

/// File name of the state file inside the config directory.
pub const STATE_FILE_NAME: &str = "state.json";

/// A document stored with a top-level `"version"` field.
pub trait Versioned {
    /// The format version this build reads natively and writes.
    const CURRENT: u32;

    /// Upgrades a document from format `from` to format `from + 1`, for
    /// `FIRST_VERSION <= from < CURRENT`. [`migrate`] chains the steps and keeps the
    /// `"version"` field up to date, so a step only reshapes the data.
    ///
    /// The default knows no migrations (only one version exists today).
    fn migrate_step(value: serde_json::Value, from: u32) -> Result<serde_json::Value, String> {
        let _ = value;
        Err(format!("no migration from format version {from} is known"))
    }
}

/// Brings `value` from format `from` up to `T::CURRENT`, one [`Versioned::migrate_step`]
/// at a time, setting the top-level `"version"` after each step.
pub fn migrate<T: Versioned>(
    mut value: serde_json::Value,
    from: u32,
) -> Result<serde_json::Value, String> {
    if from < FIRST_VERSION {
        return Err(format!(
            "format version {from} is not supported (collab formats start at version {FIRST_VERSION})"
        ));
    }
    if from > T::CURRENT {
        return Err(format!(
            "format version {from} is newer than this build reads ({})",
            T::CURRENT
        ));
    }
    for step in from..T::CURRENT {
        value = T::migrate_step(value, step)?;
        match value.as_object_mut() {
            Some(object) => {
                object.insert("version".to_owned(), serde_json::Value::from(step + 1));
            }
            None => {
                return Err(format!(
                    "migration from format version {step} did not produce a JSON object"
                ));
            }
        }
    }
    Ok(value)
}

/// Why the state file cannot be used. Every variant means nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a readable document: bad JSON, wrong shape, empty, or a missing
    /// or invalid `"version"`. `detail` is either `at line L column C: what` or a
    /// plain description such as `file is empty`.
    #[error(
        "state file {} is corrupt{}; it was left untouched — fix it, or move it aside with 'collab init --force'",
        .path.display(),
        corrupt_detail(.detail)
    )]
    Corrupt { path: PathBuf, detail: String },

    /// Another process held the lock for longer than the caller was willing to wait.
    #[error(
        "state file {} is locked by another collab process (waited {}); try again",
        .path.display(),
        human_duration(*.waited)
    )]
    Locked { path: PathBuf, waited: Duration },

    /// The file was written by a newer collab.
    #[error(
        "state file {} was written by a newer collab (format version {found}, this build reads up to {supported}); upgrade collab",
        .path.display()
    )]
    Version {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    /// The operating system refused: `op` is a verb phrase such as `read` or `write`.
    #[error("cannot {op} state file {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        op: &'static str,
        #[source]
        source: io::Error,
    },
}

impl StoreError {
    /// The error code from domain.md section 8.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Corrupt { .. } => "STATE_CORRUPT",
            StoreError::Locked { .. } => "STATE_LOCKED",
            StoreError::Version { .. } => "STATE_VERSION",
            StoreError::Io { .. } => "STATE_IO",
        }
    }

    /// The state file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Corrupt { path, .. }
            | StoreError::Locked { path, .. }
            | StoreError::Version { path, .. }
            | StoreError::Io { path, .. } => path,
        }
    }
}

fn corrupt_detail(detail: &str) -> String {
    if detail.starts_with("at line ") {
        format!(" {detail}")
    } else {
        format!(": {detail}")
    }
}

fn human_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{}s", d.as_secs())
    } else if d.as_secs() == 0 {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

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

/// A cheap identity of the state file's current content (device, inode, length,
/// modification time), to notice that another process replaced it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Fingerprint {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_nanos: i128,
}

impl Fingerprint {
    fn of(meta: &fs::Metadata) -> Fingerprint {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Fingerprint {
                dev: meta.dev(),
                ino: meta.ino(),
                len: meta.len(),
                mtime_nanos: i128::from(meta.mtime()) * 1_000_000_000
                    + i128::from(meta.mtime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            let mtime_nanos = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            Fingerprint {
                dev: 0,
                ino: 0,
                len: meta.len(),
                mtime_nanos,
            }
        }
    }
}

/// The state file at one path.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
}

/// Counter for temporary file names, unique within the process.
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// A store for the file at `path`. Nothing is touched until it is used.
    pub fn new(path: impl Into<PathBuf>) -> Store {
        Store { path: path.into() }
    }

    /// The state file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads and parses the file, without locking. A missing file is `Ok(None)`.
    pub fn load<T: DeserializeOwned + Versioned>(&self) -> Result<Option<T>, StoreError> {
        let bytes = match fs::read(&self.path) {
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
            return serde_json::from_slice(bytes).map_err(|e| self.corrupt(json_detail(&e)));
        }
        if version < FIRST_VERSION {
            return Err(self.corrupt(format!(
                "format version {version} is not supported (collab formats start at version {FIRST_VERSION})"
            )));
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| self.corrupt(json_detail(&e)))?;
        let value = migrate::<T>(value, version).map_err(|e| {
            self.corrupt(format!("cannot migrate from format version {version}: {e}"))
        })?;
        serde_json::from_value(value).map_err(|e| {
            self.corrupt(format!(
                "after migrating from format version {version}: {}",
                json_detail(&e)
            ))
        })
    }

    /// Takes the exclusive writer lock (on `<name>.lock` beside the file), retrying
    /// until `wait` has passed; then [`StoreError::Locked`]. Creates the parent
    /// directory if missing (mode 0700 on unix). The lock is released on drop.
    pub fn lock(&self, wait: Duration) -> Result<StoreLock<'_>, StoreError> {
        self.ensure_parent_dir()?;
        let lock_path = self.sidecar(".lock", "");
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&lock_path).map_err(|e| self.io("lock", e))?;

        let start = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(StoreLock {
                        store: self,
                        _file: file,
                    });
                }
                Err(fs::TryLockError::WouldBlock) => {}
                Err(fs::TryLockError::Error(e)) => return Err(self.io("lock", e)),
            }
            let waited = start.elapsed();
            if waited >= wait {
                return Err(StoreError::Locked {
                    path: self.path.clone(),
                    waited: wait,
                });
            }
            std::thread::sleep(pause.min(wait - waited));
            pause = (pause * 2).min(Duration::from_millis(20));
        }
    }

    /// Moves the current file aside to `<name>.bak-<label>` (or `…-<label>-1`, `-2`, …
    /// if that exists; an existing backup is never overwritten) and returns the new
    /// path, or `None` if there was no file. Call it while holding the lock (see
    /// [`StoreLock::backup`]).
    pub fn backup(&self, now_label: &str) -> Result<Option<PathBuf>, StoreError> {
        if now_label.is_empty() || now_label.contains(['/', '\\']) || now_label.contains("..") {
            return Err(self.io(
                "back up",
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("invalid backup label {now_label:?}"),
                ),
            ));
        }
        match fs::symlink_metadata(&self.path) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io("back up", e)),
        }
        let mut suffix = 0u32;
        loop {
            let extra = if suffix == 0 {
                String::new()
            } else {
                format!("-{suffix}")
            };
            let candidate = self.sidecar(&format!(".bak-{now_label}"), &extra);
            match fs::symlink_metadata(&candidate) {
                Ok(_) => suffix += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    fs::rename(&self.path, &candidate).map_err(|e| self.io("back up", e))?;
                    sync_dir(self.dir());
                    return Ok(Some(candidate));
                }
                Err(e) => return Err(self.io("back up", e)),
            }
        }
    }

    /// The identity of the current file, or `None` if it does not exist.
    pub fn fingerprint(&self) -> Result<Option<Fingerprint>, StoreError> {
        match fs::metadata(&self.path) {
            Ok(meta) => Ok(Some(Fingerprint::of(&meta))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.io("inspect", e)),
        }
    }

    fn io(&self, op: &'static str, source: io::Error) -> StoreError {
        StoreError::Io {
            path: self.path.clone(),
            op,
            source,
        }
    }

    fn corrupt(&self, detail: String) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            detail,
        }
    }

    /// The directory holding the file (`.` for a bare file name).
    fn dir(&self) -> &Path {
        match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        }
    }

    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(|| "state".to_owned(), |n| n.to_string_lossy().into_owned())
    }

    /// `<dir>/<name><mid><end>`.
    fn sidecar(&self, mid: &str, end: &str) -> PathBuf {
        let mut name = self.path.file_name().map_or_else(
            || std::ffi::OsString::from("state"),
            std::ffi::OsStr::to_os_string,
        );
        name.push(mid);
        name.push(end);
        self.dir().join(name)
    }

    fn tmp_prefix(&self) -> String {
        format!(".{}.tmp-", self.file_name())
    }

    fn ensure_parent_dir(&self) -> Result<(), StoreError> {
        let dir = self.dir();
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

    /// Writes `bytes` atomically over the file. Only [`StoreLock`] calls this.
    fn write_atomic(&self, bytes: &[u8]) -> Result<(), StoreError> {
        let dir = self.dir();
        let prefix = self.tmp_prefix();
        let pid = std::process::id();

        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let (tmp_path, file) = loop {
            let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let candidate = dir.join(format!("{prefix}{pid}-{n}"));
            match options.open(&candidate) {
                Ok(file) => break (candidate, file),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(self.io("write", e)),
            }
        };

        let written = fill_and_rename(file, bytes, &tmp_path, &self.path);
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp_path);
            return Err(self.io("write", e));
        }
        // The new content is in place; a failed directory sync only weakens durability
        // across a power loss and must not be reported as "nothing changed".
        sync_dir(dir);
        Ok(())
    }

    /// Removes temporary files left by killed writers. Only called under the lock.
    fn remove_stale_temps(&self) {
        let prefix = self.tmp_prefix();
        let Ok(entries) = fs::read_dir(self.dir()) else {
            return;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Writes and syncs the temporary file, closes it, and renames it over `target`.
fn fill_and_rename(mut file: File, bytes: &[u8], tmp: &Path, target: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        // The mode given at creation is filtered by the umask; make it exact.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(tmp, target)
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The exclusive writer lock on a [`Store`]; released on drop.
#[derive(Debug)]
pub struct StoreLock<'a> {
    store: &'a Store,
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

    /// Saves `bytes` atomically as the new file content (file mode 0600), then removes
    /// stale temporary files.
    pub fn save_bytes(&self, bytes: &[u8]) -> Result<(), StoreError> {
        self.store.write_atomic(bytes)?;
        self.store.remove_stale_temps();
        Ok(())
    }

    /// Moves the current file aside (see [`Store::backup`]).
    pub fn backup(&self, now_label: &str) -> Result<Option<PathBuf>, StoreError> {
        self.store.backup(now_label)
    }
}

/// Reads just the top-level `"version"`, stopping as soon as it is found (it is the
/// first key of every file this module writes for a type that declares it first).
fn probe_version(bytes: &[u8]) -> Result<u32, serde_json::Error> {
    let mut found = None;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = (&mut de).deserialize_map(VersionProbe { found: &mut found });
    match (found, result) {
        // Stopping early leaves the rest of the map unread, which serde_json reports
        // as an error; the version was read, and the full parse checks the rest.
        (Some(version), _) => Ok(version),
        (None, Err(e)) => Err(e),
        (None, Ok(())) => Err(de::Error::missing_field("version")),
    }
}

struct VersionProbe<'a> {
    found: &'a mut Option<u32>,
}

impl<'de> Visitor<'de> for VersionProbe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with a top-level \"version\"")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(IsVersionKey(is_version)) = map.next_key()? {
            if is_version {
                *self.found = Some(map.next_value::<u32>()?);
                return Ok(());
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(de::Error::missing_field("version"))
    }
}

struct IsVersionKey(bool);

impl<'de> Deserialize<'de> for IsVersionKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = IsVersionKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IsVersionKey, E> {
                Ok(IsVersionKey(v == "version"))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// `at line L column C: what` for a positioned serde_json error, else just `what`.
fn json_detail(e: &serde_json::Error) -> String {
    let full = e.to_string();
    if e.line() == 0 {
        return full;
    }
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let what = full.strip_suffix(&suffix).unwrap_or(&full);
    format!("at line {} column {}: {what}", e.line(), e.column())
}
