//! Why the state file cannot be used. Every message names the file as the user gave
//! it, with its control characters escaped ([`crate::text::escape`]): a path or a
//! quoted piece of a hand-edited file never reaches the terminal raw.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::text;

/// Why the state file cannot be used. Every variant means nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a readable document: bad JSON, wrong shape, unknown fields,
    /// empty, or a missing or invalid `"version"`. `detail` is either
    /// `at line L column C: what` or a plain description such as `file is empty`.
    /// `recovery` is the command that moves the file aside ([`move_aside`]), `None`
    /// for a file only read as an input.
    #[error(
        "state file {} is corrupt{}; it was left untouched{}",
        shown(.path),
        corrupt_detail(.detail),
        recovery_hint(.recovery.as_deref())
    )]
    Corrupt {
        path: PathBuf,
        detail: String,
        recovery: Option<String>,
    },

    /// Another process held the lock for longer than the caller was willing to wait
    /// (any process holding the lock file: not necessarily a collab).
    #[error("{}; try again", locked_text(.path, *.waited))]
    Locked { path: PathBuf, waited: Duration },

    /// The file was written by a newer collab.
    #[error(
        "state file {} was written by a newer collab (format version {found}, this build reads up to {supported}); upgrade collab",
        shown(.path)
    )]
    Version {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    /// The operating system refused: `op` is a verb phrase such as `read` or `write`.
    #[error("cannot {op} state file {}: {}", shown(.path), text::escape(&.source.to_string()))]
    Io {
        path: PathBuf,
        op: &'static str,
        #[source]
        source: io::Error,
    },

    /// The lock file beside the state file cannot be used (it is a directory, or
    /// cannot be created or locked).
    #[error(
        "cannot use the lock file {} of state file {}: {}; remove or fix the lock file",
        shown(.lock),
        shown(.path),
        text::escape(&.source.to_string())
    )]
    Lock {
        path: PathBuf,
        lock: PathBuf,
        #[source]
        source: io::Error,
    },

    /// There is no lock file, and none can be created: the directory `dir` does not
    /// let this process create files (its permissions, or a read-only file system).
    #[error(
        "cannot create the lock file {} of state file {}: the directory {} {}; a change needs to create files there",
        shown(.lock),
        shown(.path),
        shown(.dir),
        dir_problem(.source)
    )]
    LockDir {
        path: PathBuf,
        lock: PathBuf,
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Why a directory refused a new file, as the message says it.
fn dir_problem(source: &io::Error) -> String {
    if source.kind() == io::ErrorKind::ReadOnlyFilesystem {
        "is on a read-only file system".to_owned()
    } else {
        format!("is not writable ({})", text::escape(&source.to_string()))
    }
}

/// Whether creating a file failed because of its directory (its permissions, or a
/// read-only file system) rather than the file.
pub fn cannot_create_in_dir(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// What holds a locked state file, without advice ([`StoreError::locked`]).
fn locked_text(path: &Path, waited: Duration) -> String {
    format!(
        "state file {} is locked by another process (waited {})",
        shown(path),
        human_duration(waited)
    )
}

impl StoreError {
    /// For [`StoreError::Locked`], what holds the file, without the advice to try
    /// again: the app says what to do in its own words.
    pub fn locked(&self) -> Option<String> {
        match self {
            StoreError::Locked { path, waited } => Some(locked_text(path, *waited)),
            _ => None,
        }
    }

    /// The error code from domain.md section 8.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Corrupt { .. } => "STATE_CORRUPT",
            StoreError::Locked { .. } => "STATE_LOCKED",
            StoreError::Version { .. } => "STATE_VERSION",
            StoreError::Io { .. } | StoreError::Lock { .. } | StoreError::LockDir { .. } => {
                "STATE_IO"
            }
        }
    }

    /// The state file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Corrupt { path, .. }
            | StoreError::Locked { path, .. }
            | StoreError::Version { path, .. }
            | StoreError::Io { path, .. }
            | StoreError::Lock { path, .. }
            | StoreError::LockDir { path, .. } => path,
        }
    }
}

/// A path as a message shows it: lossy UTF-8, control characters escaped.
pub fn shown(path: &Path) -> String {
    text::escape(&path.to_string_lossy()).into_owned()
}

/// `collab` as a command to run on the state file at `path`: bare for the default
/// file, else with `--state` and the path quoted for a shell ([`text::shell_word`]:
/// nothing invisible is left in it), so that running it acts on this file and no
/// other. A path starting with `-` is one word, `--state=PATH`, not read as a flag.
pub fn collab_on(path: &Path) -> String {
    // `collab` alone runs on the default file only while `COLLAB_STATE` names no
    // other one in the shell that runs the command.
    let elsewhere =
        std::env::var_os("COLLAB_STATE").is_some_and(|v| !v.is_empty() && Path::new(&v) != path);
    if !elsewhere && super::default_state_path().as_deref() == Some(path) {
        return "collab".to_owned();
    }
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().as_bytes().to_vec();
    if bytes.starts_with(b"-") {
        let mut flag = b"--state=".to_vec();
        flag.extend_from_slice(&bytes);
        format!("collab {}", text::shell_word(&flag))
    } else {
        format!("collab --state {}", text::shell_word(&bytes))
    }
}

/// The command that moves the state file at `path` aside, keeping it as a backup,
/// and starts an empty one ([`collab_on`] that file).
pub fn move_aside(path: &Path) -> String {
    format!("{} init --force", collab_on(path))
}

fn recovery_hint(recovery: Option<&str>) -> String {
    recovery.map_or_else(String::new, |command| {
        format!(
            " — fix it, or move it aside with: {}",
            text::escape(command)
        )
    })
}

/// The detail of a corrupt file's message: escaped, with every quotation of the file's
/// content cut ([`text::cut_quotations`]), whoever wrote the message (the JSON parser,
/// the document's checks), and the whole bounded.
fn corrupt_detail(detail: &str) -> String {
    let detail = text::cut_quotations(detail);
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
