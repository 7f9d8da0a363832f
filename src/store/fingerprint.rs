//! A cheap identity of the state file's content, to notice another process's save.

use std::fs;

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
    pub(super) fn of(meta: &fs::Metadata) -> Fingerprint {
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
