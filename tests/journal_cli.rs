//! Issue 12 on the command line: the state file's version 2 (migration from 1, a
//! newer one refused), `collab history`, and `--at` answers that agree with what the
//! commands said at the time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod common;

use std::path::Path;

use collab::engine::{Command, MemberOp, Response, StateDocument, Timestamp, demo};
use common::cli::run;
use common::*;
use serde_json::Value;

fn write(path: &Path, doc: &StateDocument) {
    std::fs::write(path, serde_json::to_vec(doc).unwrap()).unwrap();
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The demo platform as a version-1 file: no journal.
fn version_1(path: &Path) -> Value {
    let mut v = serde_json::to_value(demo::demo_engine().platform().to_document()).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("journal");
    o.insert("version".into(), 1.into());
    std::fs::write(path, serde_json::to_vec(&v).unwrap()).unwrap();
    v
}

#[test]
fn a_version_1_file_migrates_to_version_2_keeping_everything() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let v1 = version_1(&state);
    // Reading migrates in memory and writes nothing.
    let before = std::fs::read(&state).unwrap();
    let r = run(&state, &["who", "billing-db", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read(&state).unwrap(),
        before,
        "a read wrote the file"
    );
    // A migrated file has no history: no past time is answered, and history says so.
    let r = run(
        &state,
        &[
            "who",
            "billing-db",
            "--at",
            "2026-03-10T00:00:00Z",
            "--json",
        ],
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["error"]["code"], "VALIDATION");
    let r = run(&state, &["history"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("no journal entries match"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("no entries yet"), "{}", r.stdout);
    // The first change saves version 2: every record kept, one journal entry.
    let r = run(&state, &["--as", "olga@acme.io", "group", "add", "Archive"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v2 = read(&state);
    assert_eq!(v2["version"], 2);
    for table in [
        "accounts",
        "environments",
        "policies",
        "roles",
        "collaborations",
        "tasks",
    ] {
        assert_eq!(v2[table], v1[table], "{table} changed in the migration");
    }
    let mut groups = v1["groups"].as_array().unwrap().clone();
    groups.push(serde_json::json!({"owner": "olga@acme.io", "path": "Archive"}));
    let sort = |g: &mut Vec<Value>| g.sort_by_key(|x| format!("{}{}", x["owner"], x["path"]));
    let mut got = v2["groups"].as_array().unwrap().clone();
    sort(&mut groups);
    sort(&mut got);
    assert_eq!(got, groups);
    let journal = &v2["journal"];
    assert_eq!(journal["limit"], 100_000);
    let entries = journal["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["command"], "group add Archive");
    assert_eq!(entries[0]["actor"], "olga@acme.io");
    assert_eq!(
        journal["horizon"], entries[0]["time"],
        "the journal began here"
    );
}

#[test]
fn a_version_1_file_that_holds_a_journal_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut v = version_1(&state);
    v.as_object_mut().unwrap().insert(
        "journal".into(),
        serde_json::json!({"limit": 5, "horizon": null, "entries": []}),
    );
    let bytes = serde_json::to_vec(&v).unwrap();
    std::fs::write(&state, &bytes).unwrap();
    let r = run(&state, &["account", "list", "--json"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(r.json()["error"]["code"], "STATE_CORRUPT");
    assert!(
        r.stderr.contains("a version-1 file cannot hold a journal"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&state).unwrap(), bytes);
}

#[test]
fn a_newer_format_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let text = br#"{"version": 3, "accounts": [], "journal": {"entries": []}}"#;
    std::fs::write(&state, text).unwrap();
    for args in [
        &["account", "list", "--json"][..],
        &["account", "add", "a@b.io", "--json"],
        &["history", "--json"],
    ] {
        let r = run(&state, args);
        assert_eq!(r.code, 3, "{args:?}");
        assert_eq!(r.json()["error"]["code"], "STATE_VERSION", "{args:?}");
        assert!(r.stderr.contains("format version 3"), "{}", r.stderr);
    }
    assert_eq!(std::fs::read(&state).unwrap(), text);
}

/// The questions asked at every moment, as argument lists.
fn questions() -> Vec<Vec<&'static str>> {
    vec![
        vec!["who", "e-one", "--json"],
        vec!["who", "e-two", "--json"],
        vec!["access", "--member", M, "--json"],
        vec!["access", "--member", N, "--json"],
        vec![
            "check", "--member", M, "--env", "e-one", "--action", "logs", "--json",
        ],
        vec![
            "check", "--member", N, "--env", "e-two", "--action", "restart", "--json",
        ],
        vec!["explain", "--member", N, "--env", "e-two", "--json"],
        vec!["--as", M, "access", "--member", M, "--json"],
    ]
}

fn team() -> World {
    let mut w = World::new();
    for a in [O, M, N] {
        w.account(a);
    }
    w.role(O, "Viewer", &["logs.view"]);
    w.role(O, "Boss", &["env.startstop", "logs.view"]);
    w.group(O, "P");
    w.env(O, "e-one", &["P"]);
    w.env(O, "e-two", &[]);
    w.member(O, M, &["envs=Viewer"]);
    w.member(O, N, &["groups=Boss", "group:P"]);
    w
}

#[test]
fn answers_at_earlier_times_agree_with_what_the_commands_said_then() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = team();
    let steps: Vec<(&str, Command)> = vec![
        (O, set_direct("e-one", M, &["Boss"])),
        (O, member_op(N, MemberOp::Suspend)),
        (
            O,
            Command::AttachEnv {
                env: "e-two".into(),
                group: "P".into(),
                owner: None,
            },
        ),
        (O, member_op(N, MemberOp::Activate)),
        (
            O,
            Command::EditRole {
                name: "Boss".into(),
                policies: Some(vec!["logs.view".into()]),
                rename: Some("Chief".into()),
                description: None,
                notify: None,
            },
        ),
        (
            O,
            Command::DeleteEnv {
                env: "e-two".into(),
            },
        ),
        (O, remove_direct("e-one", M)),
        (M, respond(O, Response::Leave)),
    ];
    // What every question answered at each moment, on the file as it was then.
    let mut recorded: Vec<(Timestamp, Vec<(i32, String)>)> = Vec::new();
    for (i, (actor, cmd)) in steps.into_iter().enumerate() {
        w.ok(actor, cmd);
        let t = w.tick();
        let then = dir.path().join(format!("then-{i}.json"));
        write(&then, &w.full_doc());
        let answers = questions()
            .iter()
            .map(|q| {
                let r = run(&then, q);
                (r.code, r.stdout)
            })
            .collect();
        recorded.push((t, answers));
    }
    let now = dir.path().join("now.json");
    write(&now, &w.full_doc());
    for (t, answers) in &recorded {
        let at = t.to_rfc3339();
        for (q, (code, stdout)) in questions().iter().zip(answers) {
            let mut args = q.clone();
            args.extend(["--at", at.as_str()]);
            let r = run(&now, &args);
            assert_eq!(
                (r.code, &r.stdout),
                (*code, stdout),
                "{args:?}: {}",
                r.stderr
            );
        }
    }
    // Before the horizon: refused, naming it; a malformed time is a usage error.
    let r = run(
        &now,
        &["who", "e-one", "--at", "2001-01-01T00:00:00Z", "--json"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["error"]["code"], "VALIDATION");
    assert!(r.stderr.contains("horizon"), "{}", r.stderr);
    let r = run(&now, &["who", "e-one", "--at", "last tuesday"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // A moment in the future is now.
    let r = run(
        &now,
        &["who", "e-one", "--at", "9999-01-01T00:00:00Z", "--json"],
    );
    assert_eq!(r.stdout, run(&now, &["who", "e-one", "--json"]).stdout);
}

#[test]
fn history_says_who_gave_a_member_access_when_and_what_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = team();
    w.ok(O, set_direct("e-one", M, &["Boss"]));
    let given = w.engine.journal().entries().last().unwrap().clone();
    w.ok(O, member_op(N, MemberOp::Suspend));
    w.ok(M, respond(O, Response::Leave));
    let state = dir.path().join("state.json");
    write(&state, &w.full_doc());
    let r = run(
        &state,
        &["history", "--member", M, "--env", "e-one", "--json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    let rows = rows.as_array().unwrap();
    // Newest first: M leaving, O giving M Boss, M accepting the invitation.
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert_eq!(rows[2]["command"], format!("accept {O}"));
    assert_eq!(rows[0]["actor"], M);
    assert_eq!(rows[0]["command"], format!("leave {O}"));
    let gave = &rows[1];
    assert_eq!(gave["seq"], given.seq);
    assert_eq!(gave["actor"], O);
    assert_eq!(gave["time"], given.time.to_rfc3339());
    assert_eq!(gave["kind"], "change");
    assert_eq!(gave["command"], format!("share set e-one --member {M}"));
    assert_eq!(
        gave["access_diff"],
        serde_json::json!([{
            "member": M, "env": "e-one",
            "before": {"level": "base", "roles": ["Viewer"]},
            "after": {"level": "direct", "roles": ["Boss"]},
        }])
    );
    assert_eq!(
        gave["records"][0]["after"]["collaboration"]["shares"][1]["target"],
        "env:e-one"
    );
    // The human form says the same.
    let r = run(
        &state,
        &[
            "history",
            "--member",
            M,
            "--limit",
            "1",
            "--since",
            "2000-01-01T00:00:00Z",
        ],
    );
    assert!(
        r.stdout
            .contains(&format!("{M} on e-one: direct Boss → none")),
        "{}",
        r.stdout
    );
    // Filters: actor, since, limit.
    let r = run(&state, &["history", "--actor", M, "--json"]);
    let commands: Vec<Value> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["command"].clone())
        .collect();
    assert_eq!(commands, [format!("leave {O}"), format!("accept {O}")]);
    let since = w
        .engine
        .journal()
        .entries()
        .last()
        .unwrap()
        .time
        .to_rfc3339();
    let r = run(&state, &["history", "--since", &since, "--json"]);
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    let r = run(&state, &["history", "--limit", "2", "--json"]);
    assert_eq!(r.json().as_array().unwrap().len(), 2);
    let r = run(&state, &["history", "--since", "yesterday"]);
    assert_eq!(r.code, 2);
    // An account sees the entries it made and those about its own records.
    let r = run(&state, &["--as", N, "history", "--json"]);
    let rows = r.json();
    assert!(!rows.as_array().unwrap().is_empty());
    for row in rows.as_array().unwrap() {
        let about_n = row["actor"] == N || row["records"].to_string().contains(N);
        assert!(about_n, "{row:#}");
    }
}

#[test]
fn undo_takes_back_a_change_made_by_another_process() {
    use collab::store::Store;
    use collab::workspace::Workspace;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    assert_eq!(run(&state, &["init", "--demo"]).code, 0);
    let olga = "olga@acme.io";
    let ivan = "ivan@acme.io";
    let now = Timestamp(1_900_000_000);
    // The demo's own making is never undone.
    let mut ws = Workspace::open(Store::new(&state)).unwrap();
    let err = ws.undo(olga, false, now).unwrap_err();
    assert!(err.to_string().contains("nothing to undo"), "{err}");
    // One process suspends ivan and exits...
    let r = run(&state, &["--as", olga, "member", "suspend", ivan]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let status = |state: &Path| {
        let v = read(state);
        v["collaborations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["owner"] == olga && c["member"] == ivan)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status(&state), "suspended");
    // ...another one undoes it, from the journal in the file.
    let mut ws = Workspace::open(Store::new(&state)).unwrap();
    assert_eq!(
        ws.engine()
            .undo_label(ws.engine().platform().find_account(olga).unwrap()),
        Some(format!("member suspend {ivan}").as_str())
    );
    ws.undo(olga, false, now).unwrap();
    drop(ws);
    assert_eq!(status(&state), "active");
    // And a third redoes it.
    let mut ws = Workspace::open(Store::new(&state)).unwrap();
    ws.undo(olga, true, Timestamp(now.0 + 60)).unwrap();
    assert_eq!(status(&state), "suspended");
    let v = read(&state);
    let entries = v["journal"]["entries"].as_array().unwrap();
    let tail: Vec<(&str, &str)> = entries[entries.len() - 3..]
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["command"].as_str().unwrap()))
        .collect();
    assert_eq!(
        tail,
        [
            ("change", "member suspend ivan@acme.io"),
            ("undo", "undo member suspend ivan@acme.io"),
            ("redo", "redo member suspend ivan@acme.io"),
        ]
    );
    // Another account cannot undo olga's change.
    let mut ws = Workspace::open(Store::new(&state)).unwrap();
    assert!(ws.undo("boris@acme.io", false, now).is_err());
    assert_eq!(status(&state), "suspended");
}

#[test]
fn a_journal_record_no_command_could_have_written_is_refused_on_load() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut w = team();
    w.ok(O, set_direct("e-one", M, &["Boss"]));
    let mut v = serde_json::to_value(w.full_doc()).unwrap();
    let entries = v["journal"]["entries"].as_array_mut().unwrap();
    let last = entries.last_mut().unwrap();
    last["records"][0]["after"]["collaboration"]["name"] = "Mia\u{202e}evil".into();
    std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    let before = std::fs::read(&state).unwrap();
    let r = run(&state, &["history", "--json"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(r.json()["error"]["code"], "STATE_CORRUPT");
    assert!(r.stderr.contains("journal.entries["), "{}", r.stderr);
    assert!(
        !r.stderr.contains('\u{202e}'),
        "shown escaped: {}",
        r.stderr
    );
    assert_eq!(std::fs::read(&state).unwrap(), before);
    // An entry that skips a sequence number backwards is refused too.
    let mut v = serde_json::to_value(w.full_doc()).unwrap();
    let entries = v["journal"]["entries"].as_array_mut().unwrap();
    entries[1]["seq"] = 1.into();
    std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    let r = run(&state, &["who", "e-one", "--json"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("sequence numbers must increase"),
        "{}",
        r.stderr
    );
}

/// A journal entry's command or actor that no command could have written is refused
/// naming the entry, the field and what is wrong with it.
#[test]
fn a_journal_entrys_bad_command_or_actor_is_named_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let good = serde_json::to_value(demo::demo_engine().to_document()).unwrap();
    let last = good["journal"]["entries"].as_array().unwrap().len() - 1;
    let seq = good["journal"]["entries"][last]["seq"].as_u64().unwrap();
    let at = format!("journal.entries[{last}] (seq {seq}): ");
    let cases = [
        (
            "command",
            Value::from("env do x\u{1b}]0;title\u{7}"),
            format!(
                "{at}command 'env do x\\u{{1b}}]0;title\\u{{7}}' contains an invisible or \
                 control character (\\u{{1b}} at character 9)"
            ),
        ),
        (
            "command",
            Value::from(format!("{}\u{200b}", "y".repeat(60))),
            format!(
                "{at}command '{}…' contains an invisible or control character (\\u{{200b}} at \
                 character 61)",
                "y".repeat(40)
            ),
        ),
        (
            "actor",
            Value::from("olga\u{7}@acme.io"),
            format!("{at}actor 'olga\\u{{7}}@acme.io' contains spaces or control characters"),
        ),
        (
            "actor",
            Value::from("olga"),
            format!("{at}actor 'olga' must contain exactly one '@'"),
        ),
    ];
    for (field, value, expected) in cases {
        let mut v = good.clone();
        v["journal"]["entries"][last][field] = value;
        std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
        let before = std::fs::read(&state).unwrap();
        let r = run(&state, &["account", "list"]);
        assert_eq!(r.code, 3, "{}", r.stderr);
        assert!(
            r.stderr.starts_with(&format!(
                "error: STATE_CORRUPT: state file {} is corrupt: {expected}; it was left untouched",
                state.display()
            )),
            "{expected}\n{}",
            r.stderr
        );
        assert_eq!(std::fs::read(&state).unwrap(), before);
    }
}

#[test]
fn a_changed_record_is_written_as_its_after_and_what_differed_and_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut w = team();
    w.ok(O, member_op(N, MemberOp::Suspend));
    w.ok(O, set_direct("e-one", M, &["Boss"]));
    write(&state, &w.full_doc());
    let v = read(&state);
    let entries = v["journal"]["entries"].as_array().unwrap();
    let n = entries.len();
    // The suspension: the record after, and only the fields that were different.
    let suspended = &entries[n - 2]["records"][0];
    assert!(suspended.get("before").is_none(), "{suspended}");
    assert_eq!(suspended["after"]["collaboration"]["status"], "suspended");
    let was = suspended["was"].as_object().unwrap();
    let mut keys: Vec<&str> = was.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["changed", "status"], "{suspended}");
    assert_eq!(was["status"], "active");
    // Direct access given: the share entries before are runs of those after.
    let given = &entries[n - 1]["records"][0];
    let shares = given["was"]["shares"].as_array().unwrap();
    assert!(shares.iter().all(Value::is_array), "{given}");
    // Read back, the journal is the one in memory, and `history --json` shows both
    // sides whole.
    let back: StateDocument = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(back.journal, w.full_doc().journal);
    // A file that gives both sides whole (the first version-2 files) reads the same.
    let mut whole = v.clone();
    for (e, mem) in whole["journal"]["entries"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(w.full_doc().journal.entries())
    {
        e["records"] = serde_json::to_value(&mem.records).unwrap();
    }
    assert!(whole.to_string().contains(r#""before":{"collaboration""#));
    let back: StateDocument = serde_json::from_value(whole).unwrap();
    assert_eq!(back.journal, w.full_doc().journal);
    let r = run(&state, &["history", "--json", "--limit", "2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["command"].as_str().unwrap().contains("suspend"))
        .unwrap()
        .clone();
    assert_eq!(
        row["records"][0]["before"]["collaboration"]["status"],
        "active"
    );
    // The command's undo still goes back exactly.
    let mut ws = collab::workspace::Workspace::open(collab::store::Store::new(&state)).unwrap();
    ws.undo(O, false, Timestamp(2_000_000_000)).unwrap();
    let v = read(&state);
    let direct = v["collaborations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["member"] == M)
        .unwrap()
        .clone();
    assert!(
        !direct["shares"].to_string().contains("env:e-one"),
        "{direct}"
    );
}

#[test]
fn a_compact_record_that_does_not_fit_its_after_is_refused_on_load() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut w = team();
    w.ok(O, member_op(N, MemberOp::Suspend));
    for (what, tamper) in [
        ("a field the record lacks", r#"{"colour": "red"}"#),
        ("a run past the entries", r#"{"shares": [[0, 99]]}"#),
    ] {
        let mut v = serde_json::to_value(w.full_doc()).unwrap();
        let entries = v["journal"]["entries"].as_array_mut().unwrap();
        entries.last_mut().unwrap()["records"][0]["was"] = serde_json::from_str(tamper).unwrap();
        std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
        let before = std::fs::read(&state).unwrap();
        let r = run(&state, &["history", "--json"]);
        assert_eq!(r.code, 3, "{what}: {}", r.stderr);
        assert_eq!(r.json()["error"]["code"], "STATE_CORRUPT", "{what}");
        assert_eq!(std::fs::read(&state).unwrap(), before, "{what}");
    }
}

/// A file whose journal numbers reach the largest exact JSON integer: the next change
/// gets it, the one after is refused (the journal could not record it) and leaves the
/// file as it was, and the file loads again every time. A number past it is refused
/// on load, naming the bound. (A journal that stopped counting at `u64::MAX` once
/// wrote two entries with one number and left a file that no longer loaded.)
#[test]
fn a_journal_at_its_last_sequence_number_refuses_the_next_change_and_stays_loadable() {
    const MAX: u64 = (1 << 53) - 1;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut v = serde_json::to_value(demo::demo_engine().to_document()).unwrap();
    let entries = v["journal"]["entries"].as_array_mut().unwrap();
    entries.last_mut().unwrap()["seq"] = (MAX - 1).into();
    std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    let add = |name: &str| {
        run(
            &state,
            &[
                "--as",
                "olga@acme.io",
                "role",
                "add",
                name,
                "--policy",
                "logs.view",
            ],
        )
    };
    let r = add("Last");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(&state)["journal"]["entries"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["seq"],
        MAX
    );
    let before = std::fs::read(&state).unwrap();
    let r = add("OneTooMany");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("INVALID_STATE") && r.stderr.contains("journal is full"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read(&state).unwrap(),
        before,
        "a refusal changed the file"
    );
    assert_eq!(run(&state, &["account", "list"]).code, 0, "the file loads");

    let mut v = read(&state);
    let entries = v["journal"]["entries"].as_array_mut().unwrap();
    entries.last_mut().unwrap()["seq"] = u64::MAX.into();
    std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    let r = run(&state, &["account", "list"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("above the largest allowed"),
        "{}",
        r.stderr
    );
}

/// A key beside a journal record's kind is refused by its name and path, as an unknown
/// field anywhere else in the file is.
#[test]
fn a_key_beside_a_journal_records_kind_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut v = serde_json::to_value(demo::demo_engine().to_document()).unwrap();
    let record = &mut v["journal"]["entries"][0]["records"][0];
    let side = if record["after"].is_object() {
        "after"
    } else {
        "before"
    };
    record[side]["bogus"] = 1.into();
    std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    let before = std::fs::read(&state).unwrap();
    let r = run(&state, &["account", "list"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "journal.entries[0].records[0].{side}: unknown field `bogus`"
        )),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&state).unwrap(), before);
}

#[test]
fn a_time_outside_the_range_says_so_and_a_malformed_one_says_it_is_no_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("state.json");
    write(&state, &demo::demo_engine().to_document());
    let range = "is outside the times collab holds: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z";
    let malformed = "is not an RFC 3339 time such as 2026-03-01T12:00:00Z";
    for (args, time, says) in [
        (
            vec!["who", "legacy-crm", "--at"],
            "1969-01-01T00:00:00Z",
            range,
        ),
        (
            vec!["who", "legacy-crm", "--at"],
            "10000-01-01T00:00:00Z",
            range,
        ),
        (
            vec!["who", "legacy-crm", "--at"],
            "1970-01-01T00:30:00+01:00",
            range,
        ),
        (vec!["history", "--since"], "1969-12-31T23:59:59Z", range),
        (vec!["history", "--since"], "10000-01-01T00:00:00Z", range),
        (
            vec!["--as", demo::OWNER, "review", "--now"],
            "0000-01-01T00:00:00Z",
            range,
        ),
        (
            vec!["--as", demo::OWNER, "review", "--now"],
            "12345-06-07T00:00:00Z",
            range,
        ),
        (vec!["who", "legacy-crm", "--at"], "yesterday", malformed),
        (
            vec!["who", "legacy-crm", "--at"],
            "10000-02-30T00:00:00Z",
            malformed,
        ),
        (
            vec!["history", "--since"],
            "1969-13-01T00:00:00Z",
            malformed,
        ),
        (
            vec!["--as", demo::OWNER, "review", "--now"],
            "2026-03-01",
            malformed,
        ),
    ] {
        let flag = args.last().copied().expect("flag");
        let mut a = args.clone();
        a.push(time);
        let r = run(&state, &a);
        assert_eq!(r.code, 2, "{a:?}: {r:?}");
        assert_eq!(
            r.stderr_message(),
            format!("error: USAGE: {flag} {time} {says}"),
            "{a:?}"
        );
    }
    // The range's ends are times like any other.
    for time in ["1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z"] {
        let r = run(&state, &["who", "legacy-crm", "--at", time]);
        assert_ne!(r.code, 2, "{time}: {r:?}");
    }
}

#[test]
fn limit_0_says_nothing_was_asked_for_in_history_and_tasks_alike() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("state.json");
    write(&state, &demo::demo_engine().to_document());
    let r = run(&state, &["history", "--limit", "0"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.stdout.lines().next(),
        Some("no journal entries asked for: --limit 0"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("match"), "{}", r.stdout);
    let r = run(&state, &["--as", demo::OWNER, "tasks", "--limit", "0"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, "(no tasks asked for: --limit 0)\n");
    for args in [
        vec!["history", "--limit", "0", "--json"],
        vec!["--as", demo::OWNER, "tasks", "--limit", "0", "--json"],
    ] {
        let r = run(&state, &args);
        assert_eq!((r.code, r.stdout.trim()), (0, "[]"), "{args:?}");
    }
    // A filter that matches nothing still says so.
    assert_eq!(run(&state, &["account", "add", "quiet@acme.io"]).code, 0);
    let r = run(&state, &["history", "--actor", "quiet@acme.io"]);
    assert!(
        r.stdout.starts_with("no journal entries match\n"),
        "{}",
        r.stdout
    );
    // One that names no account is a typo, not "nothing happened to it" (found by a
    // hostile pass): NOT_FOUND, as `access --member` says it.
    for filter in ["--member", "--actor"] {
        for name in ["nobody@acme.io", "GHOST"] {
            let r = run(&state, &["history", filter, name]);
            assert_eq!(r.code, 1, "{filter} {name}: {r:?}");
            assert_eq!(
                r.stderr,
                format!("error: NOT_FOUND: account '{name}' does not exist\n"),
                "{filter} {name}"
            );
            assert!(r.stdout.is_empty(), "{}", r.stdout);
        }
    }
}

/// Found by a hostile pass: a journal whose times went back (an entry dated 2200
/// before today's) loaded, and the next change was saved behind it, which `--at` (a
/// walk back by time) cannot answer. Such a file is refused, naming the entry; and a
/// clock gone back writes the last entry's time, so the journal stays in order.
#[test]
fn a_journal_whose_times_go_back_is_refused_and_a_clock_gone_back_keeps_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    write(&state, &demo::demo_engine().to_document());
    let good = read(&state);
    let entries = good["journal"]["entries"].as_array().unwrap().len();
    assert!(entries > 2);
    let before_last = entries - 2;
    let mut v = good.clone();
    v["journal"]["entries"][before_last]["time"] = Value::from("2200-01-01T00:00:00Z");
    std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    let r = run(&state, &["account", "list"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "journal.entries[{}] (seq {}): time ",
            entries - 1,
            good["journal"]["entries"][entries - 1]["seq"]
        )) && r
            .stderr
            .contains("is before 2200-01-01T00:00:00Z (the entry before it)"),
        "{}",
        r.stderr
    );
    let mut v = good.clone();
    v["journal"]["horizon"] = Value::from("2099-01-01T00:00:00Z");
    std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    let r = run(&state, &["account", "list"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("(the journal's horizon)"), "{}", r.stderr);
    let mut v = good.clone();
    v["journal"]["undo_from"] = Value::from(1_000_000_000);
    std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    let r = run(&state, &["account", "list"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("journal.undo_from (1000000000) is past"),
        "{}",
        r.stderr
    );
    // Fractions and leap seconds, which a time in whole seconds cannot hold, are
    // refused: read as whole seconds, an entry at :00.9 then one at :00.1 (back by
    // 0.8 s) passed, and :60 then :59 too.
    let last_time = good["journal"]["entries"][entries - 1]["time"]
        .as_str()
        .unwrap()
        .to_string();
    for (field, text) in [
        ("time", last_time.replace('Z', ".5Z")),
        ("time", "2026-06-30T23:59:60Z".to_string()),
        ("horizon", "2020-01-01T00:00:00.25+01:00".to_string()),
    ] {
        let mut v = good.clone();
        if field == "horizon" {
            v["journal"]["horizon"] = Value::from(text.clone());
        } else {
            v["journal"]["entries"][entries - 1]["time"] = Value::from(text.clone());
        }
        std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
        let r = run(&state, &["account", "list"]);
        assert_eq!(r.code, 3, "{text}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("bad time '{text}'"))
                && r.stderr.contains("whole seconds expected"),
            "{}",
            r.stderr
        );
    }
    // A time inside an entry's record (a member record's `changed`, walked back by
    // `history` and `--at`) must be a time: found by a hostile pass, "not a time"
    // loaded, was saved, and then stopped every walk back for good.
    let (at, record) = good["journal"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find_map(|(i, e)| {
            e["records"].as_array().and_then(|rs| {
                rs.iter()
                    .position(|r| r["after"]["collaboration"]["changed"].is_string())
                    .map(|j| (i, j))
            })
        })
        .expect("an entry with a member record");
    for text in [
        "not a time",
        "10000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
    ] {
        let mut v = good.clone();
        v["journal"]["entries"][at]["records"][record]["after"]["collaboration"]["changed"] =
            Value::from(text);
        let bytes = serde_json::to_vec(&v).unwrap();
        std::fs::write(&state, &bytes).unwrap();
        let r = run(
            &state,
            &[
                "--as",
                "olga@acme.io",
                "role",
                "add",
                "Zed",
                "--policy",
                "fs.view",
            ],
        );
        assert_eq!(r.code, 3, "{text}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("journal.entries[{at}]"))
                && r.stderr.contains(&format!("bad time '{text}'")),
            "{}",
            r.stderr
        );
        assert_eq!(
            std::fs::read(&state).unwrap(),
            bytes,
            "the file is left as it was"
        );
    }
    // The same times elsewhere (a task's) are read as before, the fraction dropped.
    let mut v = good.clone();
    v["tasks"][0]["time"] =
        Value::from(v["tasks"][0]["time"].as_str().unwrap().replace('Z', ".5Z"));
    std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    let r = run(&state, &["account", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The engine's clock before the last entry: the new entry takes its time.
    let mut w = World::new();
    for a in [O, M] {
        w.account(a);
    }
    let last = w.engine.journal().entries().last().unwrap().time;
    let earlier = Timestamp(last.0 - 3_600);
    w.engine
        .execute(
            Some(w.id(O)),
            &Command::AddGroup {
                owner: None,
                path: "Late".into(),
            },
            earlier,
        )
        .unwrap();
    assert_eq!(w.engine.journal().entries().last().unwrap().time, last);
}
