//! Store faults: the state file layer under missing, corrupt, newer, unreadable and
//! unwritable files, lock contention and concurrent writers. Everything happens in
//! temporary directories, never in the real config directory.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::needless_raw_string_hashes,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use collab::store::{self, Store, StoreError, Versioned};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, PartialEq, Default, Clone)]
struct Doc {
    version: u32,
    counter: u64,
    #[serde(default)]
    names: Vec<String>,
}

impl Versioned for Doc {
    const CURRENT: u32 = 1;
}

fn doc(counter: u64) -> Doc {
    Doc {
        version: 1,
        counter,
        names: vec!["ann@example.com".into(), "bob@example.com".into()],
    }
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("state.json");
    (dir, path)
}

const WAIT: Duration = Duration::from_secs(10);

fn save(store: &Store, d: &Doc) {
    let lock = store.lock(WAIT).expect("lock");
    lock.save(d).expect("save");
}

fn load_err(path: &Path) -> StoreError {
    match Store::new(path).load::<Doc>() {
        Ok(d) => panic!("expected an error, loaded {d:?}"),
        Err(e) => e,
    }
}

/// Names of the entries in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// True when permission bits do not stop this process (tests often run as root in
/// containers, where chmod 000 does not prevent reads or writes). Detected with the
/// file system itself: make a file unreadable and see whether it can still be read.
#[cfg(unix)]
fn permissions_are_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe-permissions");
    fs::write(&probe, b"x").expect("write probe");
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).expect("chmod probe");
    let readable = fs::read(&probe).is_ok();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o600)).expect("chmod probe");
    fs::remove_file(&probe).expect("remove probe");
    readable
}

#[test]
fn missing_file_loads_as_none_and_creates_nothing() {
    let (dir, path) = setup();
    let store = Store::new(&path);
    assert_eq!(store.path(), path);
    assert_eq!(store.load::<Doc>().expect("load"), None);
    assert_eq!(store.fingerprint().expect("fingerprint"), None);
    assert!(entries(dir.path()).is_empty(), "load must not create files");
}

#[test]
fn save_then_load_round_trips() {
    let (dir, path) = setup();
    let store = Store::new(&path);
    let lock = store.lock(WAIT).expect("lock");
    assert_eq!(lock.load::<Doc>().expect("load"), None);
    lock.save(&doc(42)).expect("save");
    assert_eq!(lock.load::<Doc>().expect("load"), Some(doc(42)));
    drop(lock);
    assert_eq!(store.load::<Doc>().expect("load"), Some(doc(42)));

    let text = fs::read_to_string(&path).expect("read");
    assert!(text.ends_with("}\n"), "trailing newline: {text:?}");
    assert_eq!(text.lines().count(), 1, "compact output: {text:?}");
    assert!(
        text.starts_with(r#"{"version":1,"#),
        "the version comes first, so loads find it at once: {text:?}"
    );
    // Only the state file and the lock sidecar: no temporary files left.
    assert_eq!(entries(dir.path()), ["state.json", "state.json.lock"]);
}

#[test]
fn save_bytes_replaces_the_content_exactly() {
    let (_dir, path) = setup();
    let store = Store::new(&path);
    let lock = store.lock(WAIT).expect("lock");
    let bytes = br#"{"version":1,"counter":7}"#;
    lock.save_bytes(bytes).expect("save_bytes");
    assert_eq!(fs::read(&path).expect("read"), bytes);
    assert_eq!(
        lock.load::<Doc>().expect("load").map(|d| d.counter),
        Some(7)
    );
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn save_keeps_an_existing_files_mode_and_a_new_file_is_0600() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = setup();
    fs::write(&path, serde_json::to_vec(&doc(1)).expect("json")).expect("write");
    for mode in [0o640, 0o660, 0o644, 0o600] {
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).expect("chmod");
        save(&Store::new(&path), &doc(2));
        assert_eq!(format!("{:o}", mode_of(&path)), format!("{mode:o}"));
    }
    // The lock file made beside an existing file may be used by whoever may use the
    // file (here the owner and its group).
    fs::set_permissions(&path, fs::Permissions::from_mode(0o660)).expect("chmod");
    fs::remove_file(dir.path().join("state.json.lock")).expect("rm lock");
    save(&Store::new(&path), &doc(3));
    assert_eq!(
        format!("{:o}", mode_of(&dir.path().join("state.json.lock"))),
        "660"
    );

    // A brand-new file, and its lock file, are private whatever the umask.
    let fresh = path.with_file_name("fresh.json");
    save(&Store::new(&fresh), &doc(3));
    assert_eq!(format!("{:o}", mode_of(&fresh)), "600");
    assert_eq!(
        format!("{:o}", mode_of(&dir.path().join("fresh.json.lock"))),
        "600"
    );
}

/// Runs as root only (CI does): only root may give a file to another user.
#[cfg(unix)]
#[test]
fn save_keeps_an_existing_files_owner_and_group_when_run_as_root() {
    use std::os::unix::fs::{MetadataExt, chown};
    let (dir, path) = setup();
    fs::write(&path, serde_json::to_vec(&doc(1)).expect("json")).expect("write");
    if fs::metadata(&path).expect("meta").uid() != 0 {
        eprintln!("note: not running as root; the owner-and-group test is skipped");
        return;
    }
    chown(&path, Some(1000), Some(1000)).expect("chown");
    save(&Store::new(&path), &doc(2));
    let meta = fs::metadata(&path).expect("meta");
    assert_eq!((meta.uid(), meta.gid()), (1000, 1000), "the owner is kept");
    assert_eq!(Store::new(&path).load::<Doc>().expect("load"), Some(doc(2)));
    let lock = fs::metadata(dir.path().join("state.json.lock")).expect("lock");
    assert_eq!(
        (lock.uid(), lock.gid()),
        (1000, 1000),
        "the lock file made beside it belongs to the file's owner too"
    );
}

#[cfg(unix)]
#[test]
fn lock_creates_missing_directories_private() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = setup();
    let path = dir.path().join("config").join("collab").join("state.json");
    save(&Store::new(&path), &doc(5));
    assert_eq!(Store::new(&path).load::<Doc>().expect("load"), Some(doc(5)));
    let parent = path.parent().expect("parent");
    let mode = fs::metadata(parent).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "got {mode:o}");
}

#[test]
fn truncated_json_is_corrupt_with_line_and_column_and_left_untouched() {
    let (_dir, path) = setup();
    let full = serde_json::to_vec_pretty(&doc(9)).expect("json");
    let truncated = &full[..full.len() - 20];
    fs::write(&path, truncated).expect("write");

    let err = load_err(&path);
    assert_eq!(err.code(), "STATE_CORRUPT");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(err.path(), path);
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains(" is corrupt at line "), "{msg}");
    assert!(msg.contains(" column "), "{msg}");
    assert!(
        msg.ends_with(&format!(
            "move it aside with: collab --state {} init --force",
            path.display()
        )),
        "{msg}"
    );
    assert_eq!(
        fs::read(&path).expect("read"),
        truncated,
        "file must be untouched"
    );
}

#[test]
fn corrupt_message_names_the_exact_position() {
    let (_dir, path) = setup();
    fs::write(&path, "{\n  \"version\": 1,\n  \"counter\": ,\n}\n").expect("write");
    let msg = load_err(&path).to_string();
    assert!(
        msg.contains("is corrupt at line 3 column 14: expected value;"),
        "{msg}"
    );
}

#[test]
fn empty_file_is_corrupt() {
    let (_dir, path) = setup();
    for content in ["", "  \n\t\n"] {
        fs::write(&path, content).expect("write");
        let err = load_err(&path);
        assert_eq!(err.code(), "STATE_CORRUPT");
        assert!(
            err.to_string().contains("is corrupt: file is empty;"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), content);
    }
}

#[test]
fn binary_garbage_is_corrupt() {
    let (_dir, path) = setup();
    let garbage: Vec<u8> = (0..=255u8).rev().cycle().take(4096).collect();
    fs::write(&path, &garbage).expect("write");
    let err = load_err(&path);
    assert_eq!(err.code(), "STATE_CORRUPT");
    assert!(err.to_string().contains("at line 1 column 1"), "{err}");
    assert_eq!(fs::read(&path).expect("read"), garbage);
}

#[test]
fn newer_version_is_refused_whatever_the_shape() {
    let (_dir, path) = setup();
    for content in [
        r#"{"version": 99, "whatever": 1}"#,
        r#"{"whatever": [1, {"version": 1}], "version": 99}"#,
        // Truncated after the version: still a newer file, not a corrupt one.
        r#"{"version": 99, "accounts": [ {"#,
    ] {
        fs::write(&path, content).expect("write");
        let err = load_err(&path);
        assert_eq!(err.code(), "STATE_VERSION", "{content}: {err}");
        match &err {
            StoreError::Version {
                found, supported, ..
            } => {
                assert_eq!((*found, *supported), (99, 1));
            }
            other => panic!("expected Version, got {other:?}"),
        }
        let msg = err.to_string();
        assert!(
            msg.contains("was written by a newer collab (format version 99, this build reads up to 1); upgrade collab"),
            "{msg}"
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), content);
    }
}

#[test]
fn wrong_shape_with_current_version_is_corrupt() {
    let (_dir, path) = setup();
    for content in [
        r#"{"version": 1, "counter": "ten"}"#,
        r#"{"version": 1}"#,
        r#"{"version": 1, "counter": 1, "names": [1]}"#,
        r#"{"version": 1, "counter": 1} trailing"#,
    ] {
        fs::write(&path, content).expect("write");
        let err = load_err(&path);
        assert_eq!(err.code(), "STATE_CORRUPT", "{content}: {err}");
        assert!(err.to_string().contains("at line 1 column "), "{err}");
    }
}

#[test]
fn missing_or_invalid_version_is_corrupt() {
    let (_dir, path) = setup();
    for (content, expected) in [
        (r#"{"counter": 1}"#, "missing field `version`"),
        (r#"{"version": "1", "counter": 1}"#, "invalid type: string"),
        (r#"{"version": -1, "counter": 1}"#, "invalid value"),
        (r#"{"version": 1.5, "counter": 1}"#, "invalid type"),
        (r#"[1, 2, 3]"#, "invalid type: sequence"),
        (r#""state""#, "invalid type: string"),
        (
            r#"{"version": 0, "counter": 1}"#,
            "format version 0 is not supported",
        ),
    ] {
        fs::write(&path, content).expect("write");
        let err = load_err(&path);
        assert_eq!(err.code(), "STATE_CORRUPT", "{content}: {err}");
        assert!(err.to_string().contains(expected), "{content}: {err}");
    }
}

/// A document at format 2, which renamed `counter` to `count`.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct DocV2 {
    version: u32,
    count: u64,
}

impl Versioned for DocV2 {
    const CURRENT: u32 = 2;
    fn migrate_step(mut value: serde_json::Value, from: u32) -> Result<serde_json::Value, String> {
        match from {
            1 => {
                let object = value.as_object_mut().ok_or("not an object")?;
                let counter = object.remove("counter").ok_or("no counter")?;
                object.insert("count".into(), counter);
                Ok(value)
            }
            _ => Err(format!("unknown version {from}")),
        }
    }
}

#[test]
fn older_versions_are_migrated_on_load() {
    let (_dir, path) = setup();
    save(&Store::new(&path), &doc(17));
    let before = fs::read(&path).expect("read");
    let loaded = Store::new(&path).load::<DocV2>().expect("load");
    assert_eq!(
        loaded,
        Some(DocV2 {
            version: 2,
            count: 17
        })
    );
    assert_eq!(
        fs::read(&path).expect("read"),
        before,
        "loading never writes"
    );

    // A failing migration is a corrupt file, not a crash.
    fs::write(&path, r#"{"version": 1, "other": 1}"#).expect("write");
    let err = Store::new(&path).load::<DocV2>().expect_err("must fail");
    assert_eq!(err.code(), "STATE_CORRUPT");
    assert!(
        err.to_string()
            .contains("cannot migrate from format version 1: no counter"),
        "{err}"
    );

    // The chain itself.
    let migrated = store::migrate::<DocV2>(serde_json::json!({"version": 1, "counter": 3}), 1)
        .expect("migrate");
    assert_eq!(migrated, serde_json::json!({"version": 2, "count": 3}));
    assert!(store::migrate::<DocV2>(serde_json::json!({}), 0).is_err());
    assert!(store::migrate::<DocV2>(serde_json::json!({}), 3).is_err());
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = setup();
    if permissions_are_ignored(dir.path()) {
        // Running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop reads,
        // so there is no unreadable file to test with. The directory case below still
        // exercises the read error path.
        eprintln!("skipping chmod-000 assertion: permissions are not enforced for this user");
    } else {
        save(&Store::new(&path), &doc(1));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
        let err = load_err(&path);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(err.code(), "STATE_IO");
        assert!(
            err.to_string().starts_with("cannot read state file "),
            "{err}"
        );
        assert!(err.to_string().contains("Permission denied"), "{err}");
    }

    // Works for every user: the state path is a directory.
    fs::create_dir(dir.path().join("dir.json")).expect("mkdir");
    let err = load_err(&dir.path().join("dir.json"));
    assert_eq!(err.code(), "STATE_IO");
    assert!(
        err.to_string().starts_with("cannot read state file "),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn unwritable_directory_is_an_io_error_and_the_original_stays() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = setup();
    if permissions_are_ignored(dir.path()) {
        // As root a read-only directory is still writable; the two tests below force
        // real write errors in ways that do not depend on permissions.
        eprintln!("skipping read-only-directory assertion: permissions are not enforced");
        return;
    }
    let sub = dir.path().join("ro");
    fs::create_dir(&sub).expect("mkdir");
    let path = sub.join("state.json");
    let store = Store::new(&path);
    save(&store, &doc(1));
    let before = fs::read(&path).expect("read");

    let lock = store.lock(WAIT).expect("lock");
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).expect("chmod");
    let result = lock.save(&doc(2));
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o700)).expect("chmod");
    let err = result.expect_err("save into a read-only directory must fail");
    assert_eq!(err.code(), "STATE_IO");
    assert!(
        err.to_string().starts_with("cannot write state file "),
        "{err}"
    );
    assert!(err.to_string().contains("Permission denied"), "{err}");
    assert_eq!(fs::read(&path).expect("read"), before);
}

#[test]
fn failed_rename_leaves_the_target_and_no_temporary_file() {
    // The target path is a non-empty directory: the rename fails even for root.
    let (dir, _) = setup();
    let path = dir.path().join("state.json");
    fs::create_dir(&path).expect("mkdir");
    fs::write(path.join("keep"), b"keep").expect("write");

    let store = Store::new(&path);
    let err = store
        .lock(WAIT)
        .expect_err("a directory is refused before locking");
    assert_eq!(err.code(), "STATE_IO");
    assert!(
        err.to_string()
            .starts_with(&format!("cannot write state file {}: ", path.display())),
        "{err}"
    );
    assert_eq!(entries(dir.path()), ["state.json"]);

    // The directory appears while the lock is held: the save still refuses it.
    fs::remove_file(path.join("keep")).expect("rm");
    fs::remove_dir(&path).expect("rmdir");
    let lock = store.lock(WAIT).expect("lock");
    fs::create_dir(&path).expect("mkdir");
    fs::write(path.join("keep"), b"keep").expect("write");
    let err = lock
        .save(&doc(1))
        .expect_err("rename over a directory must fail");
    assert_eq!(err.code(), "STATE_IO");
    assert_eq!(fs::read(path.join("keep")).expect("read"), b"keep");
    assert_eq!(entries(dir.path()), ["state.json", "state.json.lock"]);
}

#[test]
fn parent_that_is_a_file_is_an_io_error() {
    let (dir, _) = setup();
    let blocker = dir.path().join("not-a-dir");
    fs::write(&blocker, b"original").expect("write");
    let path = blocker.join("state.json");
    let store = Store::new(&path);

    assert_eq!(load_err(&path).code(), "STATE_IO");
    let err = store.lock(WAIT).expect_err("lock must fail");
    assert_eq!(err.code(), "STATE_IO");
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert_eq!(fs::read(&blocker).expect("read"), b"original");
}

#[test]
fn a_second_lock_waits_then_fails_and_succeeds_after_release() {
    let (dir, path) = setup();
    let first = Store::new(&path);
    let second = Store::new(&path);

    let held = first.lock(WAIT).expect("first lock");
    let start = Instant::now();
    let err = second
        .lock(Duration::from_millis(150))
        .expect_err("second lock must fail while the first is held");
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(150),
        "gave up early: {waited:?}"
    );
    assert!(
        waited < Duration::from_secs(5),
        "waited too long: {waited:?}"
    );
    assert_eq!(err.code(), "STATE_LOCKED");
    assert!(
        err.to_string()
            .ends_with("is locked by another process (waited 150ms); try again"),
        "{err}"
    );
    // The data file is not what is locked: saving under the lock still works.
    held.save(&doc(1)).expect("save");
    drop(held);

    let again = second
        .lock(Duration::from_millis(150))
        .expect("lock after release");
    assert_eq!(again.load::<Doc>().expect("load"), Some(doc(1)));
    drop(again);
    assert!(dir.path().join("state.json.lock").exists());
}

#[test]
fn a_waiting_writer_gets_the_lock_when_it_is_released() {
    let (_dir, path) = setup();
    let holder_path = path.clone();
    let held = Arc::new(AtomicBool::new(false));
    let held_flag = Arc::clone(&held);
    let holder = thread::spawn(move || {
        let store = Store::new(&holder_path);
        let lock = store.lock(WAIT).expect("holder lock");
        held_flag.store(true, Ordering::SeqCst);
        thread::sleep(Duration::from_millis(200));
        lock.save(&doc(1)).expect("holder save");
    });
    while !held.load(Ordering::SeqCst) {
        thread::sleep(Duration::from_millis(1));
    }
    let store = Store::new(&path);
    let lock = store.lock(WAIT).expect("waiter gets the lock");
    assert_eq!(lock.load::<Doc>().expect("load"), Some(doc(1)));
    holder.join().expect("holder thread");
}

#[test]
fn concurrent_writers_never_lose_an_increment() {
    const THREADS: u64 = 8;
    const ROUNDS: u64 = 50;
    let (_dir, path) = setup();
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let path = path.clone();
            thread::spawn(move || {
                // Each thread has its own Store and so its own lock file handle:
                // the locks really contend.
                let store = Store::new(&path);
                for _ in 0..ROUNDS {
                    let lock = store.lock(WAIT).expect("lock");
                    let mut d = lock.load::<Doc>().expect("load").unwrap_or_else(|| doc(0));
                    d.counter += 1;
                    lock.save(&d).expect("save");
                }
            })
        })
        .collect();
    // Meanwhile, unlocked readers always see a whole file.
    let reader = Store::new(&path);
    for _ in 0..200 {
        let _ = reader
            .load::<Doc>()
            .expect("a reader never sees a partial file");
    }
    for w in workers {
        w.join().expect("worker");
    }
    let last = Store::new(&path)
        .load::<Doc>()
        .expect("load")
        .expect("file");
    assert_eq!(last.counter, THREADS * ROUNDS);
}

#[test]
fn stale_temporary_files_are_ignored_by_load_and_removed_by_save() {
    let (dir, path) = setup();
    let store = Store::new(&path);
    save(&store, &doc(1));
    let stale = [".state.json.tmp-99999-0", ".state.json.tmp-1-7"];
    for name in stale {
        fs::write(dir.path().join(name), b"{\"version\": 1, \"coun").expect("write");
    }
    // Unrelated files are left alone: another file's temporaries, and files that
    // only start like this file's (a user's notes, a name with letters after it).
    fs::write(dir.path().join(".other.json.tmp-1-1"), b"x").expect("write");
    fs::write(dir.path().join("notes.txt"), b"x").expect("write");
    fs::write(dir.path().join(".state.json.tmp-notes"), b"x").expect("write");
    fs::write(dir.path().join(".state.json.tmp-1-7.bak"), b"x").expect("write");
    fs::create_dir(dir.path().join(".state.json.tmp-2-2")).expect("mkdir");

    assert_eq!(store.load::<Doc>().expect("load"), Some(doc(1)));
    save(&store, &doc(2));
    assert_eq!(store.load::<Doc>().expect("load"), Some(doc(2)));
    assert_eq!(
        entries(dir.path()),
        [
            ".other.json.tmp-1-1",
            ".state.json.tmp-1-7.bak",
            ".state.json.tmp-2-2",
            ".state.json.tmp-notes",
            "notes.txt",
            "state.json",
            "state.json.lock"
        ]
    );
}

#[test]
fn backup_copies_and_never_overwrites() {
    let (dir, path) = setup();
    let store = Store::new(&path);
    let label = "20261128T122256Z";

    let lock = store.lock(WAIT).expect("lock");
    assert_eq!(lock.backup(label).expect("backup of nothing"), None);

    lock.save(&doc(1)).expect("save");
    let first = lock.backup(label).expect("backup").expect("a backup");
    assert_eq!(first, dir.path().join("state.json.bak-20261128T122256Z"));
    assert_eq!(
        lock.load::<Doc>().expect("load"),
        Some(doc(1)),
        "the state file stays in place: a backup is a copy"
    );

    lock.save(&doc(2)).expect("save");
    let second = lock.backup(label).expect("backup").expect("a backup");
    assert_eq!(second, dir.path().join("state.json.bak-20261128T122256Z-1"));

    fs::write(&path, b"corrupt {").expect("write");
    let third = lock.backup(label).expect("backup").expect("a backup");
    assert_eq!(third, dir.path().join("state.json.bak-20261128T122256Z-2"));
    assert_eq!(fs::read(&path).expect("read"), b"corrupt {");

    let read = |p: &Path| Store::new(p).load::<Doc>().expect("load backup");
    assert_eq!(read(&first), Some(doc(1)));
    assert_eq!(read(&second), Some(doc(2)));
    assert_eq!(fs::read(&third).expect("read"), b"corrupt {");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&first).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup holds emails too");
    }

    let err = lock.backup("../escape").expect_err("labels are not paths");
    assert_eq!(err.code(), "STATE_IO");
}

#[test]
fn fingerprint_notices_a_replaced_file() {
    let (_dir, path) = setup();
    let store = Store::new(&path);
    save(&store, &doc(1));
    let a = store.fingerprint().expect("fp").expect("exists");
    assert_eq!(
        store.fingerprint().expect("fp"),
        Some(a),
        "stable when unchanged"
    );
    let _ = store.load::<Doc>().expect("load");
    assert_eq!(
        store.fingerprint().expect("fp"),
        Some(a),
        "reads change nothing"
    );

    // Same length, written by another process: still noticed (new inode).
    save(&Store::new(&path), &doc(2));
    let b = store.fingerprint().expect("fp").expect("exists");
    assert_ne!(a, b);

    fs::remove_file(&path).expect("remove");
    assert_eq!(store.fingerprint().expect("fp"), None);
}

#[test]
fn error_codes_and_messages() {
    let path = PathBuf::from("/x/state.json");
    let corrupt = Store::new(&path).corrupt("at line 3 column 7: expected value".into());
    assert_eq!(corrupt.code(), "STATE_CORRUPT");
    assert_eq!(
        corrupt.to_string(),
        "state file /x/state.json is corrupt at line 3 column 7: expected value; it was left \
         untouched — fix it, or move it aside with: collab --state /x/state.json init --force"
    );
    let input = Store::input(&path).corrupt("file is empty".into());
    assert_eq!(
        input.to_string(),
        "state file /x/state.json is corrupt: file is empty; it was left untouched"
    );

    let version = StoreError::Version {
        path: path.clone(),
        found: 3,
        supported: 1,
    };
    assert_eq!(version.code(), "STATE_VERSION");
    assert_eq!(
        version.to_string(),
        "state file /x/state.json was written by a newer collab (format version 3, this build \
         reads up to 1); upgrade collab"
    );

    let locked = StoreError::Locked {
        path: path.clone(),
        waited: Duration::from_secs(10),
    };
    assert_eq!(locked.code(), "STATE_LOCKED");
    assert_eq!(
        locked.to_string(),
        "state file /x/state.json is locked by another process (waited 10s); try again"
    );

    let io = StoreError::Io {
        path,
        op: "write",
        source: std::io::Error::from_raw_os_error(13),
    };
    assert_eq!(io.code(), "STATE_IO");
    assert_eq!(
        io.to_string(),
        "cannot write state file /x/state.json: Permission denied (os error 13)"
    );
    assert!(std::error::Error::source(&io).is_some());
}

#[test]
fn default_paths_are_in_the_collab_config_dir() {
    // Only computes paths; touches nothing.
    if let Some(path) = store::default_state_path() {
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some("state.json")
        );
        assert_eq!(path.parent(), store::config_dir().as_deref());
        let dir = store::config_dir().expect("config dir");
        assert!(
            dir.to_string_lossy().contains("collab"),
            "{}",
            dir.display()
        );
    }
}
