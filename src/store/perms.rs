//! Who may use the files beside the state file: a save's temporary file (which becomes
//! the state file) and a new lock file take the existing state file's permission bits
//! and, where the system allows it, its owner and group. A file shared with a group
//! stays shared after any member (or root) saved it; a new state file is private.

use std::fs::{self, File};
use std::io;
use std::path::Path;

/// The permission bits of a state file created where none existed: it holds email
/// addresses, so only its owner reads it.
pub const PRIVATE: u32 = 0o600;

/// What a file standing in for the state file is given: permission bits, and the
/// owner and group to hand it to (`None`: this process's, for a new state file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    mode: u32,
    owner: Option<(u32, u32)>,
}

impl Access {
    /// A new state file's: [`PRIVATE`], owned by this process's user.
    pub const fn private() -> Access {
        Access {
            mode: PRIVATE,
            owner: None,
        }
    }

    /// The access of the file at `target` (symbolic links followed), or
    /// [`Access::private`] when there is none.
    pub fn of(target: &Path) -> Access {
        match fs::metadata(target) {
            Ok(meta) if meta.is_file() => Access::from_meta(&meta),
            _ => Access::private(),
        }
    }

    #[cfg(unix)]
    fn from_meta(meta: &fs::Metadata) -> Access {
        use std::os::unix::fs::MetadataExt;
        Access {
            mode: meta.mode() & 0o777,
            owner: Some((meta.uid(), meta.gid())),
        }
    }

    #[cfg(not(unix))]
    fn from_meta(_meta: &fs::Metadata) -> Access {
        Access::private()
    }

    /// Gives `file` (just created by this process) this access. The owner and group
    /// are best effort: root gives the file back to its owner, anyone else may give it
    /// a group it belongs to. When the group could not be kept, the group the file has
    /// gets what everyone else had, so nobody reads it who could not before. The
    /// permission bits are set exactly (the umask does not apply).
    pub fn apply(self, file: &File) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::{MetadataExt, PermissionsExt, fchown};
            let mut mode = self.mode;
            if let Some((uid, gid)) = self.owner {
                if fchown(file, Some(uid), Some(gid)).is_err() {
                    let _ = fchown(file, None, Some(gid));
                }
                if file.metadata()?.gid() != gid {
                    let others = mode & 0o007;
                    mode = (mode & !0o070) | (others << 3);
                }
            }
            file.set_permissions(fs::Permissions::from_mode(mode))
        }
        #[cfg(not(unix))]
        {
            let _ = (self, file);
            Ok(())
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails by panicking")]

    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    #[test]
    fn a_missing_file_is_private_and_an_existing_one_is_copied() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("state.json");
        assert_eq!(Access::of(&target), Access::private());
        fs::write(&target, b"{}").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let other = dir.path().join("other");
        let file = File::create(&other).unwrap();
        Access::of(&target).apply(&file).unwrap();
        let meta = fs::metadata(&other).unwrap();
        assert_eq!(meta.mode() & 0o777, 0o640);
        assert_eq!(meta.gid(), fs::metadata(&target).unwrap().gid());
    }
}
