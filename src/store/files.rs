//! The file-system side of the store: resolving a symbolic link to the file it
//! names, deciding whether a path may be read or replaced, the atomic write, and the
//! backup copy. No locking and no parsing here.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::perms::{Access, PRIVATE};

/// How many links a chain may have before the path is refused (as the kernel does).
const MAX_LINKS: usize = 40;

/// Counter for temporary file names, unique within the process.
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The file `path` finally names: symbolic links in the last component are followed
/// (also to a file that does not exist yet, which a save then creates), so the
/// temporary file, the lock and the rename all act beside the real file and the link
/// stays a link.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = fs::read_link(&current)?;
                current = if next.is_absolute() {
                    next
                } else {
                    dir_of(&current).join(next)
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The directory holding `path` (`.` for a bare file name).
pub fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// `<dir of path>/<name of path><suffix>`.
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map_or_else(|| OsString::from("state"), std::ffi::OsStr::to_os_string);
    name.push(suffix);
    dir_of(path).join(name)
}

/// The prefix of temporary files for `target`.
pub fn tmp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or_else(|| "state".to_owned(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.tmp-")
}

/// Metadata of an existing file that may be read: `None` when missing, an error for
/// anything but a regular file (a directory, FIFO, device or socket is refused from
/// its metadata, before anything opens it, so nothing blocks on a FIFO).
pub fn regular_file(target: &Path) -> io::Result<Option<fs::Metadata>> {
    match fs::metadata(target) {
        Ok(meta) if meta.is_file() => Ok(Some(meta)),
        Ok(meta) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {}, not a regular file", kind_of(&meta)),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn kind_of(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// Refuses a target that exists and may not be replaced: not a regular file, or a
/// file this process may not write (no write permission bit at all, which holds even
/// for root, or a write open refused by the system).
pub fn check_replaceable(target: &Path) -> io::Result<()> {
    let Some(meta) = regular_file(target)? else {
        return Ok(());
    };
    if meta.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only (no write permission); it is never replaced",
        ));
    }
    match OpenOptions::new().write(true).open(target) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn private_create() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE);
    }
    options
}

/// Opens the lock file `lock` beside `target`, creating it when missing with the
/// access `target` has ([`Access`]: a state file shared with a group gets a lock file
/// the group may use too; a new one is 0600). An existing lock file this process may
/// only read is opened for reading: the lock needs no more.
pub fn open_lock(lock: &Path, target: &Path) -> io::Result<File> {
    loop {
        match private_create().read(true).open(lock) {
            Ok(file) => {
                Access::of(target).apply(&file)?;
                return Ok(file);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        match OpenOptions::new().read(true).write(true).open(lock) {
            Ok(file) => return Ok(file),
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => return File::open(lock),
            // Removed between the two opens: create it again.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
}

/// Writes `bytes` to a new temporary file beside `target`, syncs it and renames it
/// over `target`, then syncs the directory. The new file keeps the old one's
/// permission bits and, where the system allows it, its owner and group
/// ([`Access`]); a new file is 0600. On failure the temporary file is removed and
/// `target` is as it was.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = dir_of(target);
    let prefix = tmp_prefix(target);
    let pid = std::process::id();
    let access = Access::of(target);
    let options = private_create();
    let (tmp_path, file) = loop {
        let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let candidate = dir.join(format!("{prefix}{pid}-{n}"));
        match options.open(&candidate) {
            Ok(file) => break (candidate, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                return Err(io::Error::new(
                    e.kind(),
                    format!(
                        "cannot create a file in its directory {} ({e})",
                        dir.to_string_lossy()
                    ),
                ));
            }
            Err(e) => return Err(e),
        }
    };
    let written = fill(file, bytes, access)
        .and_then(|()| check_replaceable(target))
        .and_then(|()| fs::rename(&tmp_path, target));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp_path);
        return Err(e);
    }
    // The new content is in place; a failed directory sync only weakens durability
    // across a power loss and must not be reported as "nothing changed".
    sync_dir(dir);
    Ok(())
}

fn fill(mut file: File, bytes: &[u8], access: Access) -> io::Result<()> {
    // The mode given at creation is filtered by the umask; `apply` makes it exact.
    access.apply(&file)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Copies `target` to `<target>.bak-<label>` (or `…-<label>-1`, `-2`, … when that
/// exists: a backup is never overwritten), mode 0600, synced. `None` when `target`
/// does not exist. The original is not touched.
pub fn backup_copy(target: &Path, label: &str) -> io::Result<Option<PathBuf>> {
    if regular_file(target)?.is_none() {
        return Ok(None);
    }
    let bytes = match fs::read(target) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let options = private_create();
    let mut suffix = 0u32;
    loop {
        let extra = if suffix == 0 {
            String::new()
        } else {
            format!("-{suffix}")
        };
        let candidate = beside(target, &format!(".bak-{label}{extra}"));
        match options.open(&candidate) {
            Ok(file) => {
                if let Err(e) = fill(file, &bytes, Access::private()) {
                    let _ = fs::remove_file(&candidate);
                    return Err(e);
                }
                sync_dir(dir_of(target));
                return Ok(Some(candidate));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                suffix = suffix
                    .checked_add(1)
                    .ok_or_else(|| io::Error::other("too many backups with this label"))?;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Whether `name` is one of the temporary files `write_atomic` makes for a target
/// whose temporary names start with `prefix`: `<prefix><pid>-<counter>`, digits only.
fn is_own_temp(name: &str, prefix: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    name.strip_prefix(prefix)
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(pid, n)| digits(pid) && digits(n))
}

/// Removes temporary files of `target` left by killed writers (under the lock only):
/// regular files named as `write_atomic` names them, nothing else (a user's
/// `.state.json.tmp-notes` stays).
pub fn remove_stale_temps(target: &Path) {
    let prefix = tmp_prefix(target);
    let Ok(entries) = fs::read_dir(dir_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let own = is_own_temp(&entry.file_name().to_string_lossy(), &prefix);
        if own && fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
