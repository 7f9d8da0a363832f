//! The state path as cli.md promises it: symbolic links, paths that are not regular
//! files, read-only files, the lock file, unknown fields, counters and times that
//! survive a save, `init`/`generate` deciding under the lock, and output that never
//! carries a raw control character. Every run uses a temporary directory.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::items_after_statements,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

mod trust_common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use collab::engine::{Command as EngineCmd, Engine, MAX_TASK_SEQ, Timestamp};
use collab::store::Store;
use serde_json::{Value, json};
use trust_common::*;

const OWNER: &str = "olga@acme.io";

fn demo_value(w: &World) -> Value {
    serde_json::from_slice(&w.bytes()).expect("demo json")
}

fn write_value(path: &Path, v: &Value) {
    fs::write(path, serde_json::to_vec(v).expect("json")).expect("write");
}

/// Runs with a deadline: a command that blocks (on a FIFO, say) fails the test.
fn run_deadline(state: &Path, args: &[&str]) -> Run {
    let mut child = collab(state)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("collab {args:?} blocked on {}", state.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().expect("output");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// ----- 1. the path -------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_symlinked_state_path_acts_on_its_target_and_stays_a_link() {
    let w = World::demo();
    let links = tempfile::tempdir().expect("dir");
    let link = links.path().join("link.json");
    std::os::unix::fs::symlink(&w.state, &link).expect("symlink");

    let r = run_with(&link, &["account", "add", "new@x.io"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let meta = fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    assert!(
        w.doc().accounts.iter().any(|a| a.email == "new@x.io"),
        "the target was changed"
    );
    assert_eq!(
        entries(links.path()),
        ["link.json"],
        "no lock or temporary file beside the link"
    );
    assert!(w.dir.path().join("state.json.lock").exists());

    // A writer through the link and one through the target exclude each other.
    let by_target = Store::new(&w.state);
    let held = by_target.lock(Duration::from_secs(1)).expect("lock");
    let by_link = Store::new(&link);
    let err = by_link
        .lock(Duration::from_millis(100))
        .expect_err("the link's writer must wait for the target's");
    assert_eq!(err.code(), "STATE_LOCKED");
    drop(held);
    by_link.lock(Duration::from_secs(1)).expect("free again");

    // A dangling link: an empty platform, and the first save creates the target.
    let missing = w.dir.path().join("later.json");
    let dangling = links.path().join("dangling.json");
    std::os::unix::fs::symlink(&missing, &dangling).expect("symlink");
    let r = run_with(&dangling, &["account", "add", "a@x.io"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        fs::symlink_metadata(&dangling)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert!(missing.is_file());
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_a_regular_file_is_state_io_at_once_and_never_moved() {
    let dir = tempfile::tempdir().expect("dir");
    let fifo = dir.path().join("fifo.json");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let sub = dir.path().join("dir.json");
    fs::create_dir(&sub).expect("mkdir");
    for path in [fifo.as_path(), sub.as_path(), Path::new("/dev/null")] {
        for args in [
            &["account", "list", "--json"][..],
            &["account", "add", "x@y.io", "--json"],
            &["init", "--force", "--json"],
            &["snapshot", "--view", "accounts", "--json"],
        ] {
            let r = run_deadline(path, args);
            assert_eq!(r.code, 3, "{args:?} on {}: {}", path.display(), r.stderr);
            assert_eq!(r.error_code(), "STATE_IO", "{args:?}");
            assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
        }
    }
    let t = fs::symlink_metadata(&fifo).expect("the FIFO is still there");
    use std::os::unix::fs::FileTypeExt;
    assert!(t.file_type().is_fifo());
    assert!(sub.is_dir());
    assert_eq!(entries(dir.path()), ["dir.json", "fifo.json"]);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_refuses_every_writer_and_is_never_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let w = World::demo();
    fs::set_permissions(&w.state, fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = w.bytes();
    let ino = |p: &Path| {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(p).expect("meta").ino()
    };
    let inode = ino(&w.state);
    for args in [
        &["--as", OWNER, "env", "do", "shop-prod", "restart", "--json"][..],
        &["account", "add", "x@y.io", "--json"],
        &["init", "--force", "--json"],
        &["init", "--demo", "--force", "--json"],
    ] {
        let r = w.run(args);
        assert_eq!(r.code, 3, "{args:?}: {}{}", r.stdout, r.stderr);
        assert_eq!(r.error_code(), "STATE_IO");
        assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    }
    assert_eq!(w.bytes(), before);
    assert_eq!(ino(&w.state), inode, "never replaced");
    assert!(w.temp_files().is_empty());
    assert!(
        !w.entries().iter().any(|e| e.contains(".bak-")),
        "{:?}",
        w.entries()
    );
    // Readers still read.
    w.ok(&["account", "list"]);
}

#[test]
fn an_unusable_lock_file_is_named_in_the_error() {
    let w = World::demo();
    let lock = w.dir.path().join("state.json.lock");
    fs::remove_file(&lock).expect("rm lock");
    fs::create_dir(&lock).expect("lock as a directory");
    let before = w.bytes();
    let r = w.run(&["account", "add", "x@y.io", "--json"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(r.error_code(), "STATE_IO");
    assert!(
        r.stderr.contains(&format!("lock file {}", lock.display())),
        "{}",
        r.stderr
    );
    assert_eq!(w.bytes(), before);
}

// ----- 2. unknown fields ------------------------------------------------------------

#[test]
fn unknown_fields_anywhere_are_state_corrupt_naming_their_path() {
    let w = World::demo();
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "Collaborations",
            Box::new(|v| {
                v["Collaborations"] = json!([]);
            }),
        ),
        (
            "collaborations[3].Sharez",
            Box::new(|v| {
                v["collaborations"][3]["Sharez"] = json!([]);
            }),
        ),
        (
            "collaborations[0].shares[0].role",
            Box::new(|v| {
                v["collaborations"][0]["shares"][0]["role"] = json!("Admin");
            }),
        ),
        (
            "accounts[1].nmae",
            Box::new(|v| {
                v["accounts"][1]["nmae"] = json!("x");
            }),
        ),
        (
            "tasks[0].extra",
            Box::new(|v| {
                v["tasks"][0]["extra"] = json!(1);
            }),
        ),
    ];
    let good = demo_value(&w);
    for (path, change) in cases {
        let mut v = good.clone();
        change(&mut v);
        write_value(&w.state, &v);
        let before = w.bytes();
        let r = w.run(&["account", "add", "x@y.io", "--json"]);
        assert_eq!(r.code, 3, "{path}: {}", r.stderr);
        assert_eq!(r.error_code(), "STATE_CORRUPT", "{path}");
        assert!(
            r.stderr.contains(&format!(": {path}: unknown field")),
            "{path}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(" at line 1 column "), "{}", r.stderr);
        assert_eq!(w.bytes(), before);
    }
}

/// Where `key` is first found in a journal record's `was`: the entry's and the
/// record's index.
fn first_was_with(v: &Value, key: &str) -> (usize, usize) {
    let entries = v["journal"]["entries"].as_array().expect("entries");
    for (i, e) in entries.iter().enumerate() {
        for (j, r) in e["records"].as_array().expect("records").iter().enumerate() {
            if r["was"].get(key).is_some() {
                return (i, j);
            }
        }
    }
    panic!("the demo's journal has no 'was' with {key}");
}

/// A key written twice inside a journal record's `was` (or inside an object in it)
/// is refused as everywhere else in the file, naming where; loading it would keep one
/// value and the next save would lose the other.
#[test]
fn a_key_written_twice_in_a_journal_records_was_is_state_corrupt_naming_where() {
    let w = World::demo();
    let text = String::from_utf8(w.bytes()).expect("utf-8");
    let demo = demo_value(&w);
    let (entry, record) = first_was_with(&demo, "changed");
    let (shares_entry, shares_record) = first_was_with(&demo, "shares");
    let cases = [
        (
            text.replacen(
                "\"was\":{\"changed\":",
                "\"was\":{\"changed\":\"2026-01-01T00:00:00Z\",\"changed\":",
                1,
            ),
            format!("journal.entries[{entry}].records[{record}].was: duplicate field `changed`"),
        ),
        (
            text.replacen(
                "\"shares\":[[",
                "\"shares\":[{\"target\":\"envs\",\"target\":\"groups\",\"roles\":[]},[",
                1,
            ),
            format!(
                "journal.entries[{shares_entry}].records[{shares_record}].was.shares[0]: \
                 duplicate field `target`"
            ),
        ),
    ];
    for (bad, expected) in cases {
        assert_ne!(bad, text);
        fs::write(&w.state, &bad).expect("write");
        for args in [&["account", "list"][..], &["account", "add", "x@y.io"]] {
            let r = w.run(args);
            assert_eq!(r.code, 3, "{expected}: {}", r.stderr);
            assert!(
                r.stderr.starts_with("error: STATE_CORRUPT: ")
                    && r.stderr.contains(" at line 1 column ")
                    && r.stderr.contains(&format!(": {expected};")),
                "{expected}: {}",
                r.stderr
            );
            assert_eq!(w.bytes(), bad.as_bytes(), "the file is left as it was");
        }
    }
}

/// A corrupt file that holds a huge value (a key, a status, a journal entry's kind, the
/// version) gets a message of a few lines, on stderr and in the `--json` error: every
/// quoted piece of the file is cut after 40 characters with `…`, like names elsewhere.
#[test]
fn a_huge_value_in_a_corrupt_file_is_cut_in_the_message() {
    let w = World::demo();
    let huge = |c: char| c.to_string().repeat(1_000_000);
    let cut = |c: char| format!("{}…", c.to_string().repeat(40));
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Change, String)> = vec![
        (
            Box::new(move |v| v["accounts"][0][huge('k')] = json!(1)),
            format!(
                "accounts[0].{}: unknown field `{}`, expected one of `email`",
                cut('k'),
                cut('k')
            ),
        ),
        (
            Box::new(move |v| v["environments"][0]["status"] = json!(huge('s'))),
            format!("unknown status '{}'", cut('s')),
        ),
        (
            Box::new(move |v| v["journal"]["entries"][0]["kind"] = json!(huge('q'))),
            format!(
                "journal.entries[0].kind: unknown variant `{}`, expected one of",
                cut('q')
            ),
        ),
        (
            Box::new(move |v| v["version"] = json!(huge('v'))),
            format!("invalid type: string \"{}\", expected u32", cut('v')),
        ),
        (
            // A key that closes its own quotation early: the message is bounded anyway.
            Box::new(move |v| v["accounts"][0][format!("a` {}", huge('b'))] = json!(1)),
            format!("accounts[0].a` {}…: unknown field `a` bbb", "b".repeat(37)),
        ),
    ];
    let good = demo_value(&w);
    for (change, expected) in cases {
        let mut v = good.clone();
        change(&mut v);
        write_value(&w.state, &v);
        let before = w.bytes();
        let r = w.run(&["account", "list"]);
        assert_eq!(r.code, 3, "{expected}");
        assert!(
            r.stderr.len() < 1_500,
            "{} bytes: {}",
            r.stderr.len(),
            &r.stderr[..300]
        );
        assert!(
            r.stderr.starts_with("error: STATE_CORRUPT: ") && r.stderr.contains(&expected),
            "{expected}\n{}",
            r.stderr
        );
        let r = w.run(&["--json", "account", "list"]);
        assert_eq!(r.code, 3);
        assert!(r.stdout.len() < 1_500, "{} bytes", r.stdout.len());
        let message = r.json()["error"]["message"]
            .as_str()
            .expect("message")
            .to_string();
        assert!(message.contains(&expected), "{message}");
        assert_eq!(w.bytes(), before);
    }
}

// ----- 3. counters ------------------------------------------------------------------

#[test]
fn a_full_task_log_refuses_cleanly_and_no_save_writes_what_the_loader_refuses() {
    let w = World::demo();
    let mut v = demo_value(&w);
    let last = v["tasks"].as_array().expect("tasks").len() - 1;
    v["tasks"][last]["seq"] = json!(u64::MAX);
    write_value(&w.state, &v);
    let r = w.run(&["account", "list", "--json"]);
    assert_eq!(r.code, 3, "a seq of 2^64-1 is refused on load");
    assert_eq!(r.error_code(), "STATE_CORRUPT");
    assert!(r.stderr.contains("sequence number"), "{}", r.stderr);

    v["tasks"][last]["seq"] = json!(MAX_TASK_SEQ);
    write_value(&w.state, &v);
    let before = w.bytes();
    let r = w.run(&["--as", OWNER, "env", "do", "shop-prod", "restart", "--json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.error_code(), "INVALID_STATE");
    assert!(r.stderr.contains("task log is full"), "{}", r.stderr);
    assert_eq!(w.bytes(), before, "nothing changed");
    // A denied attempt cannot record a task either, and the file stays loadable.
    let r = w.run(&[
        "--as",
        "anna@acme.io",
        "env",
        "delete",
        "shop-prod",
        "--json",
    ]);
    assert_ne!(r.code, 0);
    w.ok(&["account", "list"]);
    // Changes that record no task still work.
    w.ok(&["account", "add", "x@y.io"]);
    w.ok(&["account", "list"]);
}

#[test]
fn the_invitation_counter_saturates_and_stays_loadable() {
    let w = World::demo();
    let mut v = demo_value(&w);
    let i = v["collaborations"]
        .as_array()
        .expect("collabs")
        .iter()
        .position(|c| c["owner"] == OWNER && c["status"] == "pending")
        .expect("a pending member of olga");
    v["collaborations"][i]["invitations"] = json!(u32::MAX);
    let member = v["collaborations"][i]["member"]
        .as_str()
        .expect("m")
        .to_string();
    write_value(&w.state, &v);
    w.ok(&["--as", OWNER, "member", "resend", &member]);
    let doc = w.doc();
    let c = doc
        .collaborations
        .iter()
        .find(|c| c.owner == OWNER && c.member == member)
        .expect("collab");
    assert_eq!(c.invitations, u32::MAX);
    w.ok(&["account", "list"]);
}

// ----- 4. times ---------------------------------------------------------------------

#[test]
fn times_the_loader_accepts_are_written_back_the_same_and_others_are_refused() {
    let w = World::demo();
    let good = demo_value(&w);
    let mut v = good.clone();
    v["collaborations"][0]["changed"] = json!("9999-12-31T23:59:59-01:00");
    write_value(&w.state, &v);
    let r = w.run(&["account", "list", "--json"]);
    assert_eq!(r.code, 3, "year 10000 in UTC is refused");
    assert_eq!(r.error_code(), "STATE_CORRUPT");

    let mut v = good.clone();
    v["collaborations"][0]["changed"] = json!("9999-12-31T23:59:59Z");
    v["tasks"][0]["time"] = json!("1970-01-01T00:00:00Z");
    write_value(&w.state, &v);
    w.ok(&["account", "add", "x@y.io"]);
    let doc = w.doc();
    assert_eq!(doc.collaborations[0].changed, "9999-12-31T23:59:59Z");
    assert_eq!(doc.tasks[0].time, "1970-01-01T00:00:00Z");
    w.ok(&["account", "list"]);
}

#[test]
fn the_engine_refuses_a_clock_outside_the_range() {
    let mut engine = Engine::new();
    let add = EngineCmd::AddAccount {
        email: "a@x.io".into(),
        name: None,
        max_environments: None,
    };
    for bad in [
        Timestamp(i64::MAX),
        Timestamp(-1),
        Timestamp(Timestamp::MAX.0 + 1),
    ] {
        let err = engine.execute(None, &add, bad).expect_err("out of range");
        assert_eq!(err.code(), "INVALID_STATE");
        assert_eq!(engine.platform().account_ids().count(), 0);
    }
    engine
        .execute(None, &add, Timestamp::MAX)
        .expect("the last second is fine");
    let doc = engine.to_document();
    Engine::from_document(&doc).expect("what was saved loads");
}

// ----- 5. init and generate ---------------------------------------------------------

#[test]
fn init_force_keeps_a_backup_copy_and_readers_never_see_a_missing_file() {
    let w = World::demo();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (stop, state) = (stop.clone(), w.state.clone());
        std::thread::spawn(move || {
            let mut missing = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if fs::metadata(&state).is_err() {
                    missing += 1;
                }
            }
            missing
        })
    };
    for i in 0..8 {
        let args: &[&str] = if i % 2 == 0 {
            &["init", "--force", "--demo"]
        } else {
            &["init", "--force"]
        };
        w.ok(args);
        w.ok(&["account", "add", &format!("w{i}@x.io")]);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(
        reader.join().expect("reader"),
        0,
        "the state file was missing"
    );
    let backups: Vec<String> = w
        .entries()
        .into_iter()
        .filter(|e| e.contains(".bak-"))
        .collect();
    assert_eq!(
        backups.len(),
        8,
        "one copy per init, none overwritten: {backups:?}"
    );
}

#[test]
fn init_decides_under_the_lock_so_a_racing_writer_is_never_lost() {
    let w = World::new();
    let demo =
        serde_json::to_vec(&collab::engine::demo::demo_engine().to_document()).expect("json");
    let store = Store::new(&w.state);
    let held = store.lock(Duration::from_secs(1)).expect("lock");
    let init = collab(&w.state)
        .args(["init", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Let init reach the lock, then "another writer" saves while holding it.
    std::thread::sleep(Duration::from_millis(400));
    fs::write(&w.state, &demo).expect("the other writer saves");
    let written = w.bytes();
    drop(held);
    let out = init.wait_with_output().expect("init");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(w.bytes(), written, "the writer's state is kept");
}

/// `collab` with no `--state`, its config directory (so its default state file) in
/// `config`: nothing of the user's is touched.
fn with_config(config: &Path, args: &[&str]) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_collab"));
    c.args(args)
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config)
        .env_remove("COLLAB_STATE")
        .env_remove("COLLAB_AS")
        .env("NO_COLOR", "1");
    run_cmd(c)
}

/// The command a corrupt file's message tells the user to run, after `with: `.
fn recovery(r: &Run) -> String {
    let (_, command) = r
        .stderr
        .trim_end()
        .split_once(" — fix it, or move it aside with: ")
        .unwrap_or_else(|| panic!("no recovery command: {}", r.stderr));
    command.to_string()
}

/// The recovery command of a corrupt file names that file: run as shown, by a shell,
/// it moves aside that file and not the default one; for the default file it is
/// plain `collab init --force`.
#[cfg(unix)]
#[test]
fn a_corrupt_files_recovery_command_names_that_file() {
    let config = tempfile::tempdir().expect("config");
    let default = config.path().join("collab").join("state.json");
    assert_eq!(with_config(config.path(), &["init", "--demo"]).code, 0);
    let default_bytes = fs::read(&default).expect("the default file");

    let dir = tempfile::tempdir().expect("dir");
    for name in ["trunc.json", "it's my state.json"] {
        let path = dir.path().join(name);
        let bad = default_bytes[..100].to_vec();
        fs::write(&path, &bad).expect("write");
        let path_arg = path.to_str().expect("utf-8");
        let r = with_config(config.path(), &["--state", path_arg, "account", "list"]);
        assert_eq!(r.code, 3, "{}", r.stderr);
        let command = recovery(&r);
        let quoted = if name.contains(' ') {
            format!("'{}'", path_arg.replace('\'', "'\\''"))
        } else {
            path_arg.to_string()
        };
        assert_eq!(command, format!("collab --state {quoted} init --force"));

        // Exactly that, through a shell.
        let bin = env!("CARGO_BIN_EXE_collab");
        let script = command.replacen("collab", bin, 1);
        let out = Command::new("sh")
            .arg("-c")
            .arg(&script)
            .env("XDG_CONFIG_HOME", config.path())
            .env("HOME", config.path())
            .env_remove("COLLAB_STATE")
            .output()
            .expect("sh");
        assert!(out.status.success(), "{script}: {out:?}");
        assert_eq!(
            fs::read(&default).expect("default"),
            default_bytes,
            "{name}"
        );
        let r = with_config(config.path(), &["--state", path_arg, "account", "list"]);
        assert_eq!(r.code, 0, "{name} was replaced: {}", r.stderr);
        let backup = fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{name}.bak-"))
            })
            .expect("the corrupt file is kept");
        assert_eq!(fs::read(backup.path()).expect("backup"), bad);
    }

    // The default file itself: the plain command.
    fs::write(&default, &default_bytes[..100]).expect("write");
    let r = with_config(config.path(), &["account", "list"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(recovery(&r), "collab init --force");
}

/// A file only read as an input (`diff OLD NEW`, `access-report FILE` as git's
/// textconv, on git's temporary copy) is named when corrupt, with no command to run:
/// `init --force` is not for it.
#[test]
fn a_corrupt_input_file_is_named_without_a_recovery_command() {
    let w = World::demo();
    let bad = w.dir.path().join("old.json");
    fs::write(&bad, &w.bytes()[..100]).expect("write");
    let bad_arg = bad.to_str().expect("utf-8");
    let state_arg = w.state.to_str().expect("utf-8");
    for args in [
        vec!["diff", bad_arg, state_arg],
        vec!["diff", state_arg, bad_arg],
        vec!["access-report", bad_arg],
        vec!["--json", "diff", bad_arg, state_arg],
    ] {
        let r = w.run(&args);
        assert_eq!(r.code, 3, "{args:?}: {}", r.stderr);
        let message = if args[0] == "--json" {
            r.json()["error"]["message"]
                .as_str()
                .expect("message")
                .to_string()
        } else {
            r.stderr.clone()
        };
        assert!(
            message.contains(&format!(
                "state file {bad_arg} is corrupt at line 1 column 100"
            )) && message.trim_end().ends_with("; it was left untouched")
                && !message.contains("init --force"),
            "{args:?}: {message}"
        );
    }
}

#[test]
fn generate_out_onto_an_existing_file_needs_force() {
    let w = World::demo();
    let before = w.bytes();
    let out = w.state.display().to_string();
    let spec = [
        "generate",
        "--accounts",
        "3",
        "--envs",
        "2",
        "--groups",
        "1",
        "--depth",
        "1",
        "--members",
        "1",
        "--out",
    ];
    let mut args: Vec<&str> = spec.to_vec();
    args.push(&out);
    args.push("--json");
    let r = w.run(&args);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.error_code(), "DUPLICATE");
    assert_eq!(w.bytes(), before, "not overwritten");
    args.push("--force");
    let r = w.run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let backup = r.json()["backup"]
        .as_str()
        .expect("backup path")
        .to_string();
    assert_eq!(fs::read(backup).expect("backup"), before);
    assert_ne!(w.bytes(), before);
}

// ----- 6. escaping ------------------------------------------------------------------

const HOSTILE: [&str; 7] = [
    "\u{1b}]52;c;aGFja2Vk\u{7}",
    "\u{1b}[2J\u{1b}[31mred",
    "bell\u{7}",
    "rtl\u{202e}txt",
    "line\nbreak",
    "del\u{7f}x",
    "csi\u{9b}31m",
];

/// No control or invisible character: only `\n` as line breaks.
fn assert_clean(what: &str, out: &str) {
    for c in out.chars() {
        assert!(
            c == '\n' || !collab::text::is_invisible(c),
            "{what}: raw {c:?} in output: {out:?}"
        );
    }
}

#[test]
fn hostile_state_files_never_reach_the_terminal_raw() {
    let w = World::demo();
    let good = demo_value(&w);
    let fields: [(&str, usize, &str); 14] = [
        ("accounts", 0, "email"),
        ("accounts", 0, "name"),
        ("groups", 0, "path"),
        ("groups", 0, "owner"),
        ("environments", 0, "name"),
        ("environments", 0, "status"),
        ("roles", 0, "name"),
        ("roles", 0, "description"),
        ("collaborations", 0, "name"),
        ("collaborations", 0, "status"),
        ("collaborations", 0, "changed"),
        ("tasks", 0, "method"),
        ("tasks", 0, "reason"),
        ("tasks", 0, "outcome"),
    ];
    for hostile in HOSTILE {
        for (list, i, field) in fields {
            let mut v = good.clone();
            v[list][i][field] = json!(hostile);
            write_value(&w.state, &v);
            for args in [
                &["account", "list"][..],
                &["account", "list", "--json"],
                &["--as", OWNER, "tasks"],
                &["--as", OWNER, "member", "list"],
                &["who", "shop-prod"],
                &[
                    "--as", OWNER, "snapshot", "--view", "envs", "--size", "80x24",
                ],
                &[
                    "--as", OWNER, "snapshot", "--view", "tasks", "--size", "80x24",
                ],
            ] {
                let r = w.run(args);
                let what = format!("{list}[{i}].{field} = {hostile:?}");
                assert_clean(&what, &r.stdout);
                assert_clean(&what, &r.stderr);
            }
        }
        // A hostile key is quoted too.
        let mut v = good.clone();
        v["accounts"][0][hostile] = json!(1);
        write_value(&w.state, &v);
        let r = w.run(&["account", "list"]);
        assert_eq!(r.code, 3);
        assert_clean("key", &r.stderr);
    }
}

#[test]
fn hostile_arguments_never_reach_the_terminal_raw() {
    let w = World::demo();
    for h in HOSTILE {
        let g = format!("group:{h}=Admin");
        let runs: Vec<Vec<&str>> = vec![
            vec![h],
            vec!["--bogus", h],
            vec!["account", "add", h, "--name", h],
            vec!["account", "add", "ok@x.io", "--name", h],
            vec!["--as", h, "env", "list"],
            vec!["--as", OWNER, "group", "add", h],
            vec!["--as", OWNER, "group", "rename", "Finance", h],
            vec!["--as", OWNER, "env", "create", h],
            vec!["--as", OWNER, "env", "do", "shop-prod", h],
            vec!["--as", OWNER, "env", "attach", "shop-prod", "--group", h],
            vec!["--as", OWNER, "role", "add", h, "--policy", h],
            vec![
                "--as",
                OWNER,
                "role",
                "add",
                "R",
                "--policy",
                "env.view",
                "--description",
                h,
            ],
            vec!["--as", OWNER, "policy", "add", h, "--method", h],
            vec!["--as", OWNER, "member", "invite", h],
            vec![
                "--as", OWNER, "member", "invite", "z@x.io", "--name", h, "--share", &g,
            ],
            vec!["--as", OWNER, "member", "show", h],
            vec!["--as", OWNER, "share", "set", h, "--member", h, "--role", h],
            vec!["--as", OWNER, "accept", h],
            vec!["check", "--member", h, "--env", h, "--action", h],
            vec!["explain", "--member", h, "--env", "shop-prod"],
            vec!["access", "--member", h],
            vec!["who", h],
            vec!["alert", h],
            vec!["--as", OWNER, "tasks", "--env", h],
            vec!["snapshot", "--view", h],
            vec!["snapshot", "--size", h],
            vec!["generate", "--accounts", h],
        ];
        for args in runs {
            for json in [false, true] {
                let mut a = args.clone();
                if json {
                    a.push("--json");
                }
                let r = w.run(&a);
                assert_ne!(r.code, 0, "{a:?} should be refused");
                assert_clean(&format!("{a:?}"), &r.stdout);
                assert_clean(&format!("{a:?}"), &r.stderr);
            }
        }
        // The state path itself, in messages.
        let dir = w.dir.path().join(format!("d{}", h.replace('\n', "n")));
        fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("state.json");
        fs::write(&path, b"{").expect("corrupt");
        let r = run_with(&path, &["account", "list"]);
        assert_eq!(r.code, 3);
        assert_clean("path", &r.stderr);
    }
}

// ----- 7. widths --------------------------------------------------------------------

#[test]
fn wide_characters_take_two_columns_in_snapshots_and_tables() {
    let w = World::demo();
    w.ok(&["account", "add", "wide@x.io", "--name", "開発者チーム"]);
    w.ok(&["--as", OWNER, "group", "add", "開発者"]);
    w.ok(&[
        "--as",
        OWNER,
        "env",
        "attach",
        "shop-prod",
        "--group",
        "開発者",
    ]);
    for view in ["accounts", "envs"] {
        let r = w.ok(&[
            "--as", OWNER, "snapshot", "--view", view, "--size", "100x30",
        ]);
        assert!(!r.stdout.contains("開 発"), "{}", r.stdout);
        for line in r.stdout.lines() {
            assert!(collab::text::width(line) <= 100, "{line:?}");
        }
    }
    let r = w.ok(&[
        "--as", OWNER, "snapshot", "--view", "envs", "--size", "100x30",
    ]);
    assert!(r.stdout.contains("開発者"), "{}", r.stdout);
    let r = w.ok(&["account", "list"]);
    let column = |line: &str| {
        let slash = line.find('/').expect("ENVS column");
        let at = line[..slash].rfind(' ').expect("a column before") + 1;
        collab::text::width(&line[..at])
    };
    let lines: Vec<&str> = r.stdout.lines().skip(1).collect();
    let first = column(lines[0]);
    for line in &lines {
        assert_eq!(column(line), first, "aligned in columns: {}", r.stdout);
    }
}

// ----- 8. environment, output errors, the demo directory -----------------------------

#[test]
fn empty_environment_variables_count_as_unset() {
    let w = World::demo();
    let r = run_cmd({
        let mut c = collab(&w.state);
        c.args(["account", "list"])
            .env("COLLAB_STATE", "")
            .env("COLLAB_AS", "");
        c
    });
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_cmd({
        let mut c = collab(&w.state);
        c.args(["env", "list"]).env("COLLAB_AS", "");
        c
    });
    assert_eq!(r.code, 2, "an empty COLLAB_AS is no account: {}", r.stderr);
    let r = run_cmd({
        let mut c = Command::new(env!("CARGO_BIN_EXE_collab"));
        c.args(["account", "list"])
            .env("COLLAB_STATE", &w.state)
            .env("COLLAB_AS", OWNER)
            .env("NO_COLOR", "1");
        c
    });
    assert_eq!(r.code, 0, "a set variable still works: {}", r.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_that_cannot_be_written_is_a_non_zero_exit() {
    let w = World::demo();
    let full = fs::File::create("/dev/full").expect("/dev/full");
    let out = collab(&w.state)
        .args(["account", "list"])
        .stdout(full)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "nothing changed, nothing told");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot write the output"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A change whose report cannot be written was still saved: exit 0 ("done") with a
/// warning, never 1 ("refused; nothing changed"), on which a script would run it
/// again. A check's exit code is its answer, whatever became of its text. A batch
/// whose answers are lost exits 1, as a listing does.
#[cfg(target_os = "linux")]
#[test]
fn a_lost_output_keeps_the_exit_code_of_what_was_done() {
    let w = World::demo();
    let to_full = |args: &[&str], stdin: &str| {
        let mut c = collab(&w.state);
        c.args(args)
            .stdout(fs::File::create("/dev/full").expect("/dev/full"))
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().expect("run");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), stdin.as_bytes())
            .expect("stdin");
        let out = child.wait_with_output().expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let before = fs::read(&w.state).expect("state");
    let (code, err) = to_full(&["--as", OWNER, "--json", "group", "add", "Lost"], "");
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("warning: the change was saved"), "{err}");
    assert_ne!(
        fs::read(&w.state).expect("state"),
        before,
        "the change was saved"
    );
    let again = collab(&w.state)
        .args(["--as", OWNER, "group", "add", "Lost"])
        .output()
        .expect("run");
    assert_eq!(
        again.status.code(),
        Some(1),
        "it exists: running it again is refused"
    );
    for (member, code) in [("anna@acme.io", 0), ("paul@agency.io", 1)] {
        let (got, err) = to_full(
            &[
                "check",
                "--member",
                member,
                "--env",
                "shop-prod",
                "--action",
                "logs",
            ],
            "",
        );
        assert_eq!(got, Some(code), "{member}: {err}");
        assert!(
            err.contains("warning: the exit code gives the answer"),
            "{err}"
        );
    }
    let (code, err) = to_full(
        &["check", "--batch"],
        "{\"member\": \"anna@acme.io\", \"env\": \"shop-prod\", \"action\": \"logs\"}\n",
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("error: cannot write the output"), "{err}");
}

#[cfg(unix)]
#[test]
fn the_demo_copy_lives_in_a_fresh_private_directory_removed_afterwards() {
    use std::os::unix::fs::PermissionsExt;
    let (ws1, dir1) = collab::tui::demo_workspace().expect("demo");
    let (_ws2, dir2) = collab::tui::demo_workspace().expect("demo");
    assert_ne!(dir1.path(), dir2.path(), "never reused");
    let name = dir1
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert_ne!(
        name,
        format!("collab-demo-{}", std::process::id()),
        "not predictable"
    );
    let mode = fs::metadata(dir1.path())
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o700);
    assert!(ws1.store().path().starts_with(dir1.path()));
    assert!(ws1.store().path().is_file());
    let path = dir1.path().to_path_buf();
    drop(ws1);
    drop(dir1);
    assert!(!path.exists(), "cleaned up");
}

/// `collab --demo` never touches the state file: with a subcommand that works on the
/// state file it is a usage error, in the shell and in the palette, and the file stays
/// byte-identical. `snapshot` and `init` are what it applies to.
#[test]
fn demo_with_a_subcommand_on_the_state_file_is_refused_and_changes_nothing() {
    let w = World::demo();
    let before = w.bytes();
    for args in [
        &["--as", OWNER, "--demo", "member", "suspend", "anna@acme.io"][..],
        &["--as", OWNER, "member", "suspend", "anna@acme.io", "--demo"],
        &["--demo", "who", "shop-prod"],
        &["--demo", "check", "--batch"],
        &["--demo", "review", "--as", OWNER],
    ] {
        let r = w.run(args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(
            r.stderr
                .contains("--demo opens the app, or takes a snapshot")
                && r.stderr.contains("init --demo"),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(w.bytes(), before, "{args:?} changed the state file");
    }
    let shot = w.ok(&["snapshot", "--demo", "--view", "envs", "--size", "80x24"]);
    assert!(shot.stdout.contains("shop-prod"), "{}", shot.stdout);
    assert_eq!(w.bytes(), before);

    let mut app = open_app(&w.state, OWNER);
    palette(&mut app, "--demo member suspend anna@acme.io");
    let why = palette_error(&app).expect("the palette refuses --demo");
    assert!(why.contains("drop --demo"), "{why}");
    palette(&mut app, "member suspend anna@acme.io --demo");
    assert!(palette_error(&app).is_some_and(|e| e.contains("drop --demo")));
    assert_eq!(
        w.bytes(),
        before,
        "the palette's --demo changed the state file"
    );
}

/// Without a terminal, `collab` (no subcommand) says the app needs one: a usage
/// error, not a panic, and not a byte of terminal control on stdout.
#[test]
fn the_app_without_a_terminal_is_a_usage_error_not_a_panic() {
    let w = World::demo();
    let before = w.bytes();
    for args in [&[][..], &["--demo"], &["--as", OWNER]] {
        let r = run_deadline(&w.state, args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(
            r.stderr.starts_with("error: USAGE: ") && r.stderr.contains("needs a terminal"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}: wrote to stdout");
        assert_eq!(w.bytes(), before);
    }
}

/// A usage error shows what was typed, escaped, not with its control characters
/// deleted (which would name a value the user did not type), and names every
/// required argument left out.
#[test]
fn usage_errors_show_the_arguments_escaped_and_name_what_is_missing() {
    let w = World::demo();
    let r = w.run(&["review", "--fail-on", "\u{1b}[31mwarn"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("invalid value '\\u{1b}[31mwarn'") && !r.stderr.contains('\u{1b}'),
        "{}",
        r.stderr
    );
    let r = w.run(&["\u{7}review"]);
    assert!(r.stderr.contains("'\\u{7}review'"), "{}", r.stderr);
    let r = w.run(&["check", "--member", "anna@acme.io"]);
    assert_eq!(r.code, 2, "{r:?}");
    // In the message itself, not only in the usage line that follows it.
    let message = r.stderr.split("(Usage:").next().unwrap_or_default();
    assert!(
        message.contains("--env <NAME>") && message.contains("--action <ACTION>"),
        "{}",
        r.stderr
    );
}
