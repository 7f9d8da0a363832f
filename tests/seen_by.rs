//! What an account sees of other members through the side doors of a change: the
//! preview of a change (`--dry-run`, the app's preview), the change journal
//! (`history`, the app's History view) and its filters. Domain.md section 5: without
//! `collaboration.manage` a member sees only its own row; README: "members never see
//! other members' rows, the owner's labels … in the app as on the command line".

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod app_common;
mod common;

use std::path::{Path, PathBuf};

use app_common::{key, open_app, typ};
use clap::CommandFactory;
use collab::cli::args::Cli;
use collab::tui::component::overlays::Overlay;
use collab::tui::snapshot::render_text;
use common::cli::run;
use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

const OLGA: &str = "olga@acme.io";
const ANNA: &str = "anna@acme.io";
const MARIA: &str = "maria@acme.io";
/// Olga's label for Maria, in Maria's member record.
const MARIAS_LABEL: &str = "Maria Garcia";
const ENV: &str = "load-test";

fn ok(state: &Path, args: &[&str]) -> Value {
    let r = run(state, args);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    if args.contains(&"--json") {
        r.json()
    } else {
        Value::Null
    }
}

/// A fresh state file holding these accounts (keep the directory).
fn with_accounts(emails: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    ok(&state, &["init"]);
    for a in emails {
        ok(&state, &["account", "add", a]);
    }
    (dir, state)
}

/// `collab --as WHO ARGS...`, which must succeed.
fn as_(state: &Path, who: &str, args: &[&str]) -> Value {
    ok(state, &[&["--as", who][..], args].concat())
}

/// `member`, invited by `owner` with the share `share`, accepts.
fn joins(state: &Path, member: &str, owner: &str, share: &str) {
    as_(
        state,
        owner,
        &["member", "invite", member, "--share", share],
    );
    as_(state, member, &["accept", owner]);
}

/// The demo, where Anna (a plain member of Olga's, no `collaboration.manage` on
/// load-test) may delete load-test, on which Maria has direct access.
fn anna_may_delete_load_test() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    ok(&state, &["init", "--demo"]);
    let as_olga = |args: &[&str]| ok(&state, &[&["--as", OLGA], args].concat());
    as_olga(&[
        "role",
        "add",
        "Deleter",
        "--policy",
        "env.delete",
        "--policy",
        "fs.view",
    ]);
    as_olga(&["share", "set", ENV, "--member", ANNA, "--role", "Deleter"]);
    as_olga(&["share", "set", ENV, "--member", MARIA, "--role", "Viewer"]);
    (dir, state)
}

fn members(access_diff: &Value) -> Vec<String> {
    access_diff
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["member"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_members_dry_run_shows_its_own_access_and_not_other_members() {
    let (_dir, state) = anna_may_delete_load_test();
    let delete = ["--dry-run", "--json", "env", "delete", ENV];
    let anna = ok(&state, &[&["--as", ANNA], &delete[..]].concat());
    let seen = members(&anna["access_diff"]);
    assert!(seen.contains(&ANNA.to_string()), "{anna}");
    assert!(seen.iter().all(|m| m == ANNA), "Anna sees others: {anna}");
    // The human form too, saying that it left rows out.
    let r = run(&state, &["--as", ANNA, "--dry-run", "env", "delete", ENV]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(ANNA), "{}", r.stdout);
    assert!(!r.stdout.contains(MARIA), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("to other members' access are not yours to see"),
        "{}",
        r.stdout
    );
    // The owner sees every member the deletion takes access from.
    let olga = ok(&state, &[&["--as", OLGA], &delete[..]].concat());
    let seen = members(&olga["access_diff"]);
    assert!(
        seen.contains(&MARIA.to_string()) && seen.contains(&ANNA.to_string()),
        "{olga}"
    );
}

#[test]
fn a_members_history_shows_its_own_rows_and_records_and_not_other_members() {
    let (_dir, state) = anna_may_delete_load_test();
    ok(&state, &["--as", ANNA, "env", "delete", ENV]);
    let last = ["history", "--limit", "1", "--json"];
    let anna = ok(&state, &[&["--as", ANNA], &last[..]].concat());
    let entry = &anna[0];
    assert_eq!(entry["command"], format!("env delete {ENV}"), "{anna}");
    let seen = members(&entry["access_diff"]);
    assert!(!seen.is_empty() && seen.iter().all(|m| m == ANNA), "{anna}");
    let text = anna.to_string();
    assert!(
        !text.contains(MARIAS_LABEL),
        "Olga's label for Maria: {text}"
    );
    assert!(!text.contains(MARIA), "{text}");
    // The human form.
    let r = run(&state, &["--as", ANNA, "history", "--limit", "1"]);
    assert!(
        r.stdout.contains(ANNA) && !r.stdout.contains(MARIA),
        "{}",
        r.stdout
    );
    // Asking about Maria finds nothing of hers in Anna's own entry.
    let r = ok(
        &state,
        &["--as", ANNA, "history", "--member", MARIA, "--json"],
    );
    assert!(
        r.as_array()
            .unwrap()
            .iter()
            .all(|e| !e.to_string().contains(MARIA)),
        "{r}"
    );
    // The operator and the owner see the whole entry: Maria's record and her row.
    for asker in [&[][..], &["--as", OLGA][..]] {
        let all = ok(&state, &[asker, &last[..]].concat());
        let text = all.to_string();
        assert!(text.contains(MARIAS_LABEL), "{asker:?}: {text}");
        assert!(
            members(&all[0]["access_diff"]).contains(&MARIA.to_string()),
            "{asker:?}: {text}"
        );
    }
}

#[test]
fn in_the_app_a_members_preview_and_history_show_its_own_rows_only() {
    let (_dir, state) = anna_may_delete_load_test();
    let mut app = open_app(&state, ANNA, (120, 40));
    key(&mut app, KeyCode::Char(':'));
    typ(&mut app, &format!("env delete {ENV}"));
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay, Some(Overlay::Confirm(_))),
        "{}",
        render_text(&app)
    );
    // (The Accounts pane lists every account, Maria's too: look at the rows about
    // load-test.)
    let about = |text: &str, who: &str| {
        text.lines()
            .any(|l| l.contains(who) && (l.contains(ENV) || l.contains("member ")))
    };
    let preview = render_text(&app);
    assert!(
        preview.contains("effective access that changes (1; ") && about(&preview, ANNA),
        "{preview}"
    );
    // The preview says that it left rows out, not that nothing else changes.
    assert!(
        preview.contains("to other members' access are not yours to see"),
        "{preview}"
    );
    assert!(!about(&preview, MARIA), "{preview}");
    key(&mut app, KeyCode::Char('y'));
    assert!(app.ws.engine().platform().env_by_name(ENV).is_none());
    // The History view, the newest entry opened: Anna's row, no record of Maria's.
    key(&mut app, KeyCode::Char('H'));
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Enter);
    let entry = render_text(&app);
    assert!(entry.contains(&format!("env delete {ENV}")), "{entry}");
    assert!(about(&entry, ANNA), "{entry}");
    assert!(!about(&entry, MARIA), "{entry}");
    assert!(entry.contains("not yours to see"), "{entry}");
}

/// Olga's label for Anna, in Anna's member record.
const ANNAS_LABEL: &str = "Anna Schmidt";

#[test]
fn the_owners_label_for_a_member_is_not_the_members_to_see() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    ok(&state, &["init", "--demo"]);
    let table = |asker: &str| run(&state, &["--as", asker, "share", "list", "shop-prod"]);
    let anna = table(ANNA);
    assert_eq!(anna.code, 0, "{}", anna.stderr);
    assert!(anna.stdout.contains(ANNA), "{}", anna.stdout);
    assert!(!anna.stdout.contains(ANNAS_LABEL), "{}", anna.stdout);
    let olga = table(OLGA);
    assert!(olga.stdout.contains(ANNAS_LABEL), "{}", olga.stdout);
    // The app: Anna's inspector on her collaboration with Olga.
    let mut app = open_app(&state, ANNA, (120, 40));
    key(&mut app, KeyCode::Char('2'));
    let mut seen = String::new();
    for _ in 0..6 {
        seen = render_text(&app);
        if seen.contains(&format!("shared by {OLGA}")) {
            break;
        }
        key(&mut app, KeyCode::Char('j'));
    }
    assert!(seen.contains(&format!("shared by {OLGA}")), "{seen}");
    assert!(!seen.contains(ANNAS_LABEL), "{seen}");
    // Olga's inspector on Anna's record names her.
    let mut app = open_app(&state, OLGA, (120, 40));
    key(&mut app, KeyCode::Char('2'));
    for _ in 0..6 {
        if render_text(&app).contains(ANNAS_LABEL) {
            return;
        }
        key(&mut app, KeyCode::Char('j'));
    }
    panic!(
        "Olga does not see her label for Anna: {}",
        render_text(&app)
    );
}

#[test]
fn history_actor_filters_entries_and_never_changes_who_asks() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    ok(&state, &["init", "--demo"]);
    ok(&state, &["account", "add", "nobody@x.io"]);
    // A stranger asking for Boris's entries gets none of them.
    let r = run(
        &state,
        &[
            "--as",
            "nobody@x.io",
            "history",
            "--actor",
            "boris@acme.io",
            "--limit",
            "100",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("no journal entries match"),
        "{}",
        r.stdout
    );
    // Olga sees the entries about her records that others made (Boris suspending
    // her member Sergey), with or without --actor.
    let olga = ok(
        &state,
        &["--as", OLGA, "history", "--limit", "100", "--json"],
    );
    let by_boris = |rows: &Value| {
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["actor"] == "boris@acme.io")
            .count()
    };
    assert!(by_boris(&olga) > 0, "{olga}");
    let boris = ok(
        &state,
        &[
            "--as",
            OLGA,
            "history",
            "--actor",
            "boris@acme.io",
            "--limit",
            "100",
            "--json",
        ],
    );
    assert_eq!(by_boris(&boris), by_boris(&olga));
    assert_eq!(by_boris(&boris), boris.as_array().unwrap().len());
}

/// The arguments of `cmd`'s subcommands (at any depth) that reuse a global argument's id.
fn walk(cmd: &clap::Command, globals: &[String], out: &mut Vec<String>) {
    for sub in cmd.get_subcommands() {
        for a in sub.get_arguments() {
            let pair = format!("{} {}", sub.get_name(), a.get_id());
            if !a.is_global_set()
                && globals.contains(&a.get_id().to_string())
                && pair != "init demo"
            {
                out.push(pair);
            }
        }
        walk(sub, globals, out);
    }
}

/// Clap merges a global argument with a subcommand's argument of the same id: the
/// subcommand's value would silently become the global one (`history --actor` was the
/// acting account). No subcommand may reuse a global argument's id, except where the
/// merge is the documented meaning: `init --demo` is `--demo init` (README).
#[test]
fn no_subcommand_argument_shares_an_id_with_a_global_one() {
    let root = Cli::command();
    let globals: Vec<String> = root
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.get_id().to_string())
        .collect();
    assert!(globals.contains(&"as".to_string()), "{globals:?}");
    let mut clashes = Vec::new();
    walk(&root, &globals, &mut clashes);
    assert!(clashes.is_empty(), "{clashes:?}");
}

/// A handed-over environment: its member (of both owners) gets one row, from what
/// the old owner gave to what the new one gives, and each owner's own row shows,
/// exactly as `diff` of the files before and after says (README: diff's table is
/// exactly like `--dry-run`'s). Neither owner sees the other's members.
#[test]
fn a_transfer_previews_one_row_per_member_and_the_owners_rows_as_diff_does() {
    let (dir, state) = with_accounts(&["o@x.io", "p@x.io", "m@x.io", "n@x.io", "q@x.io"]);
    as_(
        &state,
        "o@x.io",
        &["role", "add", "Viewer", "--policy", "fs.view"],
    );
    as_(
        &state,
        "p@x.io",
        &["role", "add", "PRole", "--policy", "logs.view"],
    );
    as_(&state, "o@x.io", &["env", "create", "web1"]);
    joins(&state, "m@x.io", "o@x.io", "envs=Viewer");
    joins(&state, "m@x.io", "p@x.io", "envs=PRole");
    // n is o's member alone, q is p's alone.
    joins(&state, "n@x.io", "o@x.io", "envs=Viewer");
    joins(&state, "q@x.io", "p@x.io", "envs=PRole");
    let before = dir.path().join("before.json");
    std::fs::copy(&state, &before).unwrap();
    let transfer = ["--json", "env", "transfer", "web1", "--to", "p@x.io"];
    let as_o = ok(
        &state,
        &[&["--as", "o@x.io", "--dry-run"][..], &transfer[..]].concat(),
    );
    ok(&state, &[&["--as", "o@x.io"][..], &transfer[..]].concat());
    let diff = ok(
        &state,
        &[
            "diff",
            before.to_str().unwrap(),
            state.to_str().unwrap(),
            "--json",
        ],
    );
    // The operator's history measures the entry as a preview does, every row shown.
    let operator = ok(&state, &["history", "--limit", "1", "--json"]);
    let operator = &operator[0];
    assert_eq!(
        operator["access_diff"], diff["access_diff"],
        "{operator}\n{diff}"
    );
    let rows = operator["access_diff"].as_array().unwrap();
    let m: Vec<&Value> = rows.iter().filter(|r| r["member"] == "m@x.io").collect();
    assert_eq!(m.len(), 1, "{operator}");
    assert_eq!(m[0]["before"]["roles"], serde_json::json!(["Viewer"]));
    assert_eq!(m[0]["after"]["roles"], serde_json::json!(["PRole"]));
    assert!(
        rows.iter()
            .any(|r| r["member"] == "o@x.io" && r["before"]["level"] == "owner"),
        "{operator}"
    );
    // The old owner sees its own row and its members losing the environment, not
    // what the new owner gives its members (m is a member of both).
    let seen = members(&as_o["access_diff"]);
    assert_eq!(seen, ["n@x.io", "o@x.io"], "{as_o}");
    let n = &as_o["access_diff"][0];
    assert_eq!(
        (&n["before"]["roles"], &n["after"]["level"]),
        (&serde_json::json!(["Viewer"]), &serde_json::json!("none")),
        "{as_o}"
    );
    // The new owner, in the history: its own row and its members gaining it.
    let as_p = ok(
        &state,
        &["--as", "p@x.io", "history", "--limit", "1", "--json"],
    );
    let seen = members(&as_p[0]["access_diff"]);
    assert_eq!(seen, ["p@x.io", "q@x.io"], "{as_p}");
}

/// A member's history shows its own member record without the owner's label for it,
/// and none of the owner's roles, custom policies or groups (README: the owner's
/// labels are not the members' to see; roles and policies belong to their owner).
#[test]
fn a_members_history_leaves_out_the_owners_label_roles_policies_and_groups() {
    let (_dir, state) = with_accounts(&["o@x.io", "m@x.io"]);
    let as_o = |args: &[&str]| as_(&state, "o@x.io", args);
    as_o(&[
        "policy",
        "add",
        "Secret",
        "--method",
        "env.control.GetStats",
        "--description",
        "audit prep",
    ]);
    as_o(&[
        "role",
        "add",
        "Temp",
        "--policy",
        "Secret",
        "--description",
        "owner-only note",
    ]);
    as_o(&["group", "add", "Acquisitions"]);
    as_o(&["env", "create", "web1", "--group", "Acquisitions"]);
    as_o(&[
        "member",
        "invite",
        "m@x.io",
        "--name",
        "Difficult client",
        "--share",
        "envs=Temp",
    ]);
    ok(&state, &["--as", "m@x.io", "accept", "o@x.io"]);
    as_o(&["policy", "delete", "Secret", "--force"]);
    let member = ok(
        &state,
        &["--as", "m@x.io", "history", "--limit", "100", "--json"],
    );
    let text = member.to_string();
    for secret in [
        "Difficult client",
        "owner-only note",
        "audit prep",
        "Acquisitions",
    ] {
        assert!(!text.contains(secret), "{secret}: {text}");
    }
    // Its own member record is there, the shares it holds included.
    assert!(text.contains("\"member\":\"m@x.io\""), "{text}");
    let owner = ok(
        &state,
        &["--as", "o@x.io", "history", "--limit", "100", "--json"],
    )
    .to_string();
    for secret in [
        "Difficult client",
        "owner-only note",
        "audit prep",
        "Acquisitions",
    ] {
        assert!(owner.contains(secret), "{secret}: {owner}");
    }
}

/// A stranger naming another owner's account (`--owner`) is refused before any of
/// the owner's groups is looked up: no list of them, no "already exists".
#[test]
fn a_stranger_learns_nothing_of_an_owners_groups_from_a_refusal() {
    let (_dir, state) = with_accounts(&["o@x.io", "stranger@y.io"]);
    ok(
        &state,
        &[
            "--as",
            "o@x.io",
            "group",
            "add",
            "Acquisitions/Project Falcon",
        ],
    );
    ok(&state, &["--as", "o@x.io", "env", "create", "web1"]);
    let before = std::fs::read(&state).unwrap();
    let s = ["--as", "stranger@y.io"];
    for args in [
        &["group", "rename", "Nope", "X", "--owner", "o@x.io"][..],
        &[
            "env", "attach", "web1", "--group", "Nope", "--owner", "o@x.io",
        ],
        &[
            "env", "create", "web9", "--group", "Nope", "--owner", "o@x.io",
        ],
        &[
            "group",
            "add",
            "Acquisitions/Project Falcon",
            "--owner",
            "o@x.io",
        ],
        &["group", "remove", "Acquisitions", "--owner", "o@x.io"],
    ] {
        let r = run(&state, &[&s[..], args].concat());
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("PERMISSION_DENIED"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("Acquisitions"), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("Falcon"), "{args:?}: {}", r.stderr);
    }
    assert_eq!(
        std::fs::read(&state).unwrap(),
        before,
        "a refusal changed the file"
    );
    // A plain member is told the group does not exist, not what the others are.
    as_(
        &state,
        "o@x.io",
        &["role", "add", "Viewer", "--policy", "fs.view"],
    );
    joins(&state, "stranger@y.io", "o@x.io", "envs=Viewer");
    let r = run(
        &state,
        &[
            &s[..],
            &[
                "env", "create", "web9", "--group", "Nope", "--owner", "o@x.io",
            ],
        ]
        .concat(),
    );
    assert!(r.stderr.contains("NOT_FOUND"), "{}", r.stderr);
    assert!(!r.stderr.contains("Acquisitions"), "{}", r.stderr);
    // The owner is told which groups there are.
    let r = run(
        &state,
        &["--as", "o@x.io", "env", "create", "web9", "--group", "Nope"],
    );
    assert!(
        r.stderr.contains("groups of o@x.io: Acquisitions"),
        "{}",
        r.stderr
    );
}

/// A created environment's preview shows its owner's row, as `diff` would, and the
/// table's cell is the level alone (no trailing space for the empty roles).
#[test]
fn a_created_environment_previews_its_owners_row() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    ok(&state, &["init", "--demo"]);
    let r = run(
        &state,
        &["--as", OLGA, "--dry-run", "env", "create", "zz-new"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with(OLGA))
        .unwrap_or_else(|| panic!("no row of the owner: {}", r.stdout));
    assert!(row.ends_with("none    owner"), "{row:?}");
}
