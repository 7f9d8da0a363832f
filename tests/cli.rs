//! The command line as scripts see it: the built binary against temporary state
//! files, checking JSON shapes, exit codes and that refusals and dry runs save nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::redundant_closure_for_method_calls,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::cli::{Run, run as run_with};
use serde_json::{Value, json};

struct World {
    _dir: tempfile::TempDir,
    state: PathBuf,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = dir.path().join("state.json");
        World { _dir: dir, state }
    }

    fn run(&self, args: &[&str]) -> Run {
        run_with(&self.state, args)
    }

    /// Runs and expects exit 0.
    fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(
            r.code, 0,
            "collab {args:?} failed: {}{}",
            r.stdout, r.stderr
        );
        r
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.state).expect("state file")
    }

    /// olga owns shop-prod (in Prod/EU) and shop-dev; bob is an active member with
    /// Viewer on everything and Admin on the Prod group; carol is pending.
    fn acme() -> World {
        let w = World::new();
        w.ok(&["init"]);
        w.ok(&["account", "add", "olga@acme.io", "--name", "Olga"]);
        let o = ["--as", "olga@acme.io"];
        let with = |args: &[&str]| {
            let mut v: Vec<&str> = o.to_vec();
            v.extend_from_slice(args);
            w.ok(&v);
        };
        with(&[
            "role",
            "add",
            "Viewer",
            "--policy",
            "fs.view",
            "--policy",
            "logs.view",
            "--policy",
            "stats.view",
        ]);
        with(&[
            "role",
            "add",
            "Admin",
            "--policy",
            "env.startstop",
            "--policy",
            "collaboration.manage",
            "--policy",
            "billing.view",
            "--notify",
        ]);
        with(&["group", "add", "Prod/EU"]);
        with(&["env", "create", "shop-prod", "--group", "Prod/EU"]);
        with(&["env", "create", "shop-dev"]);
        with(&[
            "member",
            "invite",
            "bob@acme.io",
            "--name",
            "Bob",
            "--share",
            "envs=Viewer",
            "--share",
            "group:Prod=Admin",
        ]);
        with(&[
            "member",
            "invite",
            "carol@acme.io",
            "--share",
            "envs=Viewer",
        ]);
        w.ok(&["--as", "bob@acme.io", "accept", "olga@acme.io"]);
        w
    }
}

#[test]
fn check_text_gives_the_level_and_its_roles_with_nothing_after_a_level_without_roles() {
    let w = World::new();
    w.ok(&["init", "--demo"]);
    let ask = |member: &str| {
        w.run(&[
            "check",
            "--member",
            member,
            "--env",
            "shop-prod",
            "--action",
            "logs",
        ])
        .stdout
    };
    let none = ask("paul@agency.io");
    assert!(none.contains("\n  level  none\n"), "{none:?}");
    let viewer = ask("ivan@acme.io");
    assert!(viewer.contains("\n  level  direct Viewer\n"), "{viewer:?}");
}

/// A member that is not active reaches nothing, and its reach says what it would
/// reach, as the lens and `explain` say it (README), to whom may see that
/// collaboration; `--json` keeps the contract's shape (no environments).
#[test]
fn access_of_a_member_that_is_not_active_notes_what_it_would_reach() {
    let w = World::new();
    w.ok(&["init", "--demo"]);
    let note = "(suspended collaboration with olga@acme.io: it would reach api-staging groups User, docs-site groups User, shop-staging groups User)";
    for asker in [None, Some("sergey@acme.io"), Some("olga@acme.io")] {
        let mut args = vec!["access", "--member", "sergey@acme.io"];
        if let Some(a) = asker {
            args.extend(["--as", a]);
        }
        let out = w.ok(&args).stdout;
        assert!(
            out.contains("(no environments reachable)"),
            "{asker:?}: {out}"
        );
        assert!(out.contains(note), "{asker:?}: {out}");
    }
    let anna = w
        .ok(&[
            "--as",
            "anna@acme.io",
            "access",
            "--member",
            "sergey@acme.io",
        ])
        .stdout;
    assert!(!anna.contains("would reach"), "{anna}");
    let json = w
        .ok(&["--json", "access", "--member", "sergey@acme.io"])
        .json();
    assert_eq!(json, json!([]));
}

#[test]
fn check_answers_with_level_roles_and_grant() {
    let w = World::acme();
    let r = w.run(&[
        "check",
        "--member",
        "bob@acme.io",
        "--env",
        "shop-prod",
        "--action",
        "start",
        "--json",
    ]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.json(),
        json!({
            "allowed": true, "member": "bob@acme.io", "env": "shop-prod",
            "method": "env.control.StartEnv", "level": "groups", "roles": ["Admin"],
            "granted_by": {"role": "Admin", "policy": "env.startstop"},
            "reason": r.json()["reason"].clone()
        })
    );
    let denied = w.run(&[
        "check",
        "--member",
        "bob@acme.io",
        "--env",
        "shop-dev",
        "--action",
        "start",
        "--json",
    ]);
    assert_eq!(denied.code, 1);
    let j = denied.json();
    assert_eq!(j["allowed"], false);
    assert_eq!(j["level"], "base");
    assert_eq!(j["roles"], json!(["Viewer"]));
    assert_eq!(j["granted_by"], Value::Null);
    assert!(
        j["reason"].as_str().unwrap_or("").contains("env.startstop"),
        "{j}"
    );
}

#[test]
fn check_refuses_unknown_things_with_exit_1_and_an_error_object() {
    let w = World::acme();
    for (args, code) in [
        (
            vec![
                "--member",
                "nobody@acme.io",
                "--env",
                "shop-prod",
                "--action",
                "start",
            ],
            "NOT_FOUND",
        ),
        (
            vec![
                "--member",
                "bob@acme.io",
                "--env",
                "nope",
                "--action",
                "start",
            ],
            "NOT_FOUND",
        ),
        (
            vec![
                "--member",
                "bob@acme.io",
                "--env",
                "shop-prod",
                "--action",
                "launch",
            ],
            "NOT_FOUND",
        ),
    ] {
        let mut a = vec!["check", "--json"];
        a.extend(args);
        let r = w.run(&a);
        assert_eq!(r.code, 1, "{a:?}");
        assert_eq!(r.json()["error"]["code"], code);
        assert!(
            r.stderr.starts_with(&format!("error: {code}: ")),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn explain_has_every_level_and_the_action() {
    let w = World::acme();
    let r = w.ok(&[
        "explain",
        "--member",
        "bob@acme.io",
        "--env",
        "shop-prod",
        "--action",
        "logs",
        "--json",
    ]);
    let j = r.json();
    assert_eq!(j["member"], "bob@acme.io");
    assert_eq!(j["owner"], "olga@acme.io");
    assert_eq!(j["status"], "active");
    assert_eq!(j["level"], "groups");
    assert_eq!(j["roles"], json!(["Admin"]));
    assert_eq!(
        j["policies"],
        json!(["billing.view", "collaboration.manage", "env.startstop"])
    );
    assert_eq!(j["notify"], true);
    assert_eq!(
        j["levels"],
        json!({"direct": null, "groups": [{"group": "Prod/EU", "roles": ["Admin"], "from": "Prod"}], "base": ["Viewer"]})
    );
    assert_eq!(j["action"]["method"], "env.control.GetLogs");
    assert_eq!(j["action"]["allowed"], false);
    assert_eq!(j["action"]["granted_by"], Value::Null);
    let human = w
        .ok(&["explain", "--member", "bob@acme.io", "--env", "shop-prod"])
        .stdout;
    assert!(
        human.contains("2 groups") && human.contains("inherited from Prod"),
        "{human}"
    );
}

#[test]
fn listings_have_the_contract_shapes() {
    let w = World::acme();
    let accounts = w.ok(&["account", "list", "--json"]).json();
    assert_eq!(
        accounts,
        json!([
            {"email": "bob@acme.io", "name": "bob", "environments": 0, "members": 0, "collaborations": 1},
            {"email": "carol@acme.io", "name": "carol", "environments": 0, "members": 0, "collaborations": 1},
            {"email": "olga@acme.io", "name": "Olga", "environments": 2, "members": 2, "collaborations": 0},
        ])
    );
    let access = w
        .ok(&["access", "--member", "bob@acme.io", "--json"])
        .json();
    assert_eq!(
        access,
        json!([
            {"env": "shop-dev", "owner": "olga@acme.io", "level": "base", "roles": ["Viewer"]},
            {"env": "shop-prod", "owner": "olga@acme.io", "level": "groups", "roles": ["Admin"]},
        ])
    );
    let who = w.ok(&["who", "shop-prod", "--json"]).json();
    assert_eq!(
        who,
        json!([
            {"account": "olga@acme.io", "level": "owner", "roles": [], "status": "owner"},
            {"account": "bob@acme.io", "level": "groups", "roles": ["Admin"], "status": "active"},
        ])
    );
    let alert = w.ok(&["alert", "shop-prod", "--json"]).json();
    assert_eq!(
        alert,
        json!({"env": "shop-prod", "notify": ["bob@acme.io", "olga@acme.io"]})
    );
    let share = w.ok(&["share", "list", "shop-dev", "--json"]).json();
    assert_eq!(
        share,
        json!([
            {"member": "bob@acme.io", "roles": ["Viewer"], "level": "base", "status": "active"},
            {"member": "carol@acme.io", "roles": ["Viewer"], "level": "base", "status": "pending"},
        ])
    );
    let members = w
        .ok(&["--as", "olga@acme.io", "member", "list", "--json"])
        .json();
    assert_eq!(
        members[0],
        json!({"email": "bob@acme.io", "name": "Bob", "status": "active",
               "shares": [{"target": "envs", "roles": ["Viewer"]}, {"target": "group:Prod", "roles": ["Admin"]}]})
    );
    let collabs = w
        .ok(&["--as", "bob@acme.io", "collaborations", "--json"])
        .json();
    assert_eq!(collabs[0]["owner"], "olga@acme.io");
    assert_eq!(collabs[0]["status"], "active");
    let envs = w
        .ok(&["--as", "bob@acme.io", "env", "list", "--json"])
        .json();
    assert_eq!(
        envs[1],
        json!({"name": "shop-prod", "owner": "olga@acme.io", "creator": "olga@acme.io", "status": "running",
               "groups": ["Prod/EU"], "level": "groups", "roles": ["Admin"]})
    );
    let roles = w
        .ok(&["--as", "olga@acme.io", "role", "list", "--json"])
        .json();
    assert_eq!(
        roles[0],
        json!({"name": "Admin", "policies": ["billing.view", "collaboration.manage", "env.startstop"], "notify": true, "description": ""})
    );
    let tasks = w.ok(&["--as", "olga@acme.io", "tasks", "--json"]).json();
    let first = &tasks[0];
    assert_eq!(first["seq"], 2);
    assert_eq!(first["env"], "shop-dev");
    assert_eq!(first["method"], "env.control.CreateEnvironment");
    assert_eq!(first["outcome"], "done");
    assert_eq!(first["reason"], Value::Null);
    assert!(first["time"].as_str().is_some_and(|t| t.ends_with('Z')));
}

#[test]
fn a_change_prints_the_changed_row_and_a_deletion_its_name() {
    let w = World::acme();
    let row = w
        .ok(&[
            "--as",
            "olga@acme.io",
            "member",
            "suspend",
            "bob@acme.io",
            "--json",
        ])
        .json();
    assert_eq!(row["email"], "bob@acme.io");
    assert_eq!(row["status"], "suspended");
    let deleted = w
        .ok(&[
            "--as",
            "olga@acme.io",
            "member",
            "remove",
            "carol@acme.io",
            "--json",
        ])
        .json();
    assert_eq!(deleted, json!({"deleted": "carol@acme.io"}));
    let share = w.ok(&["--as", "olga@acme.io", "member", "activate", "bob@acme.io"]);
    assert!(
        share.stdout.contains("activated bob@acme.io"),
        "{}",
        share.stdout
    );
    let set = w
        .ok(&[
            "--as",
            "olga@acme.io",
            "share",
            "set",
            "shop-dev",
            "--member",
            "bob@acme.io",
            "--role",
            "Admin",
            "--json",
        ])
        .json();
    assert_eq!(
        set,
        json!({"member": "bob@acme.io", "roles": ["Admin"], "level": "direct", "status": "active"})
    );
}

#[test]
fn dry_run_prints_the_access_diff_and_saves_nothing() {
    let w = World::acme();
    let before = w.bytes();
    let r = w.ok(&[
        "--as",
        "olga@acme.io",
        "--dry-run",
        "--json",
        "member",
        "edit",
        "bob@acme.io",
        "--share",
        "envs=Admin",
    ]);
    assert_eq!(w.bytes(), before, "a dry run must not write");
    let j = r.json();
    assert_eq!(j["dry_run"], true);
    assert_eq!(
        j["access_diff"],
        json!([
            {"member": "bob@acme.io", "env": "shop-dev",
             "before": {"level": "base", "roles": ["Viewer"]}, "after": {"level": "base", "roles": ["Admin"]}},
            {"member": "bob@acme.io", "env": "shop-prod",
             "before": {"level": "groups", "roles": ["Admin"]}, "after": {"level": "base", "roles": ["Admin"]}},
        ])
    );
    let human = w.ok(&[
        "--as",
        "olga@acme.io",
        "--dry-run",
        "role",
        "delete",
        "Admin",
        "--force",
    ]);
    assert!(
        human.stdout.contains("nothing was saved"),
        "{}",
        human.stdout
    );
    assert_eq!(w.bytes(), before);
}

#[test]
fn refusals_exit_1_and_leave_the_file_byte_identical() {
    let w = World::acme();
    let before = w.bytes();
    for (args, code) in [
        (
            vec!["--as", "olga@acme.io", "member", "invite", "olga@acme.io"],
            "SELF_INVITE",
        ),
        (
            vec!["--as", "olga@acme.io", "member", "invite", "bob@acme.io"],
            "DUPLICATE",
        ),
        (
            vec!["--as", "olga@acme.io", "member", "activate", "bob@acme.io"],
            "INVALID_STATE",
        ),
        (
            vec!["--as", "olga@acme.io", "role", "delete", "Viewer"],
            "IN_USE",
        ),
        (
            vec!["--as", "olga@acme.io", "policy", "delete", "fs.view"],
            "READ_ONLY",
        ),
        (
            vec!["--as", "olga@acme.io", "env", "create", "Shop"],
            "VALIDATION",
        ),
        (
            vec![
                "--as",
                "olga@acme.io",
                "member",
                "invite",
                "x@y.io",
                "--share",
                "env:=Viewer",
            ],
            "VALIDATION",
        ),
        (
            vec!["--as", "bob@acme.io", "role", "edit", "Viewer", "--notify"],
            "NOT_FOUND",
        ),
        (
            vec![
                "--as",
                "bob@acme.io",
                "share",
                "set",
                "shop-prod",
                "--member",
                "bob@acme.io",
                "--role",
                "Admin",
            ],
            "PERMISSION_DENIED",
        ),
        (vec!["--as", "nobody@acme.io", "env", "list"], "NOT_FOUND"),
    ] {
        let mut a = args.clone();
        a.push("--json");
        let r = w.run(&a);
        assert_eq!(r.code, 1, "{a:?}: {}", r.stderr);
        assert_eq!(r.json()["error"]["code"], code, "{a:?}");
        assert_eq!(
            r.stderr.lines().count(),
            1,
            "one line on stderr: {}",
            r.stderr
        );
        assert_eq!(w.bytes(), before, "{a:?} changed the file");
    }
}

#[test]
fn a_denied_env_action_is_recorded_as_a_task() {
    let w = World::acme();
    let r = w.run(&[
        "--as",
        "bob@acme.io",
        "env",
        "do",
        "shop-dev",
        "stop",
        "--json",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["error"]["code"], "PERMISSION_DENIED");
    assert!(
        r.stderr
            .contains("you don't have enough permissions to perform this action"),
        "{}",
        r.stderr
    );
    let tasks = w
        .ok(&["--as", "olga@acme.io", "tasks", "--limit", "1", "--json"])
        .json();
    assert_eq!(tasks[0]["outcome"], "denied");
    assert_eq!(tasks[0]["initiator"], "bob@acme.io");
    assert_eq!(tasks[0]["method"], "env.control.StopEnv");
}

#[test]
fn env_do_refuses_an_action_needing_arguments_with_the_command_to_use_and_records_nothing() {
    let w = World::acme();
    for (actor, action, hint) in [
        (
            "olga@acme.io",
            "env.group.AttachEnv",
            "use 'collab env attach shop-dev --group PATH'",
        ),
        (
            "olga@acme.io",
            "users.collaboration.InviteMember",
            "use 'collab member invite EMAIL'",
        ),
        // Bob reaches shop-dev but may not attach it: still no denied task.
        (
            "bob@acme.io",
            "env.group.DetachEnv",
            "use 'collab env detach shop-dev --group PATH'",
        ),
        (
            "bob@acme.io",
            "users.collaboration.SetResource",
            "use 'collab share set shop-dev --member EMAIL --role NAME'",
        ),
    ] {
        let before = w.bytes();
        let r = w.run(&["--as", actor, "env", "do", "shop-dev", action]);
        assert_eq!(r.code, 1, "{r:?}");
        assert_eq!(r.stdout, "");
        assert_eq!(
            r.stderr_message(),
            format!("error: VALIDATION: action: '{action}' has its own command; {hint}")
        );
        let rj = w.run(&["--as", actor, "--json", "env", "do", "shop-dev", action]);
        assert_eq!(rj.error_code(), "VALIDATION");
        assert_eq!(
            w.bytes(),
            before,
            "{actor} {action}: nothing saved, no task"
        );
    }
}

/// `users.collaboration.GetResourceRoles` reads the collaboration table, which
/// `share list ENV` shows: `env do` refuses it like every method with its own command,
/// naming that command, and records no task (it used to be performed as an action).
#[test]
fn env_do_refuses_get_resource_roles_naming_share_list() {
    let w = World::acme();
    for actor in ["olga@acme.io", "bob@acme.io"] {
        let before = w.bytes();
        let r = w.run(&[
            "--as",
            actor,
            "env",
            "do",
            "shop-dev",
            "users.collaboration.GetResourceRoles",
        ]);
        assert_eq!(r.code, 1, "{r:?}");
        assert_eq!(r.stdout, "");
        assert_eq!(
            r.stderr_message(),
            "error: VALIDATION: action: 'users.collaboration.GetResourceRoles' has its own \
             command; use 'collab share list shop-dev'"
        );
        assert_eq!(w.bytes(), before, "{actor}: nothing saved, no task");
    }
}

/// The command `env do` names for an action needing arguments parses as written,
/// once its placeholders are filled in.
#[test]
fn env_do_names_commands_that_exist() {
    use clap::Parser;
    let cat = collab::engine::Catalogue::get();
    let mut named = 0;
    for name in &cat.methods {
        let m = cat.method(name).expect("method");
        let Some(command) = cat.own_command(m, "shop-dev") else {
            continue;
        };
        named += 1;
        let filled = command
            .replace("NEW_NAME", "new-name")
            .replace("NAME", "fresh-env")
            .replace("PATH", "Prod/EU")
            .replace("EMAIL", "x@acme.io");
        let words: Vec<&str> = filled.split(' ').collect();
        assert_eq!(words[0], "collab", "{command}");
        if let Err(e) = collab::cli::args::Cli::try_parse_from(&words) {
            panic!("{name}: '{command}' does not parse: {e}");
        }
    }
    assert_eq!(named, 12, "every method with its own command names it");
}

/// The keys of a JSON object, sorted.
fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn init_and_generate_dry_runs_say_so_in_json_print_the_success_shape_and_write_nothing() {
    let w = World::new();
    let out = w.state.with_file_name("generated.json");
    let out_arg = out.to_str().expect("utf-8 path");
    let generate = [
        "generate",
        "--accounts",
        "5",
        "--envs",
        "5",
        "--groups",
        "2",
        "--depth",
        "1",
        "--members",
        "3",
        "--out",
        out_arg,
    ];
    let with = |extra: &[&'static str]| -> Vec<&str> {
        let mut v = generate.to_vec();
        v.extend_from_slice(extra);
        v
    };
    let dry = w.ok(&with(&["--dry-run", "--json"])).json();
    assert!(!out.exists(), "a dry run writes nothing");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["replaces"], false);
    assert_eq!(dry["backup"], Value::Null);
    let done = w.ok(&with(&["--json"])).json();
    assert!(done.get("dry_run").is_none(), "{done}");
    let mut success = keys(&done);
    success.extend(["dry_run".to_string(), "replaces".to_string()]);
    success.sort();
    assert_eq!(keys(&dry), success, "the success shape, and the two keys");
    for key in [
        "accounts",
        "environments",
        "groups",
        "collaborations",
        "roles",
        "tasks",
    ] {
        assert_eq!(dry[key], done[key], "{key}");
    }
    let written = std::fs::read(&out).expect("written");
    let again = w.ok(&with(&["--force", "--dry-run", "--json"])).json();
    assert_eq!(
        (&again["dry_run"], &again["replaces"]),
        (&json!(true), &json!(true))
    );
    assert_eq!(std::fs::read(&out).expect("kept"), written);
    let text = w.ok(&with(&["--force", "--dry-run"])).stdout;
    assert!(text.starts_with("dry run: would write "), "{text}");
    assert!(text.contains("would be kept as a backup"), "{text}");

    // init: the keys the README gives.
    let dry = w.ok(&["init", "--demo", "--dry-run", "--json"]).json();
    assert!(!w.state.exists());
    assert_eq!(
        keys(&dry),
        [
            "accounts",
            "backup",
            "demo",
            "dry_run",
            "environments",
            "replaces",
            "state"
        ]
    );
    assert_eq!(
        (&dry["dry_run"], &dry["replaces"]),
        (&json!(true), &json!(false))
    );
    let done = w.ok(&["init", "--demo", "--json"]).json();
    assert_eq!(
        keys(&done),
        ["accounts", "backup", "demo", "environments", "state"]
    );
    assert_eq!(dry["accounts"], done["accounts"]);
    let dry = w.ok(&["init", "--force", "--dry-run", "--json"]).json();
    assert_eq!(
        (&dry["replaces"], &dry["demo"]),
        (&json!(true), &json!(false))
    );
}

#[test]
fn usage_errors_exit_2() {
    let w = World::acme();
    for args in [
        vec!["frobnicate"],
        vec!["env", "list"],
        vec!["member", "invite", "x@acme.io"],
        vec!["check", "--member", "bob@acme.io"],
        vec!["env", "create", "x", "--cloudlets", "many"],
    ] {
        let r = w.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: USAGE: "), "{}", r.stderr);
        let mut j = args.clone();
        j.push("--json");
        let rj = w.run(&j);
        assert_eq!(rj.json()["error"]["code"], "USAGE");
    }
}

/// Every command of the grammar that has subcommands of its own, as argument lists
/// (`["env"]`, `["member"]`, ...).
fn command_groups() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands() {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_string());
            if sub.has_subcommands() {
                out.push(p.clone());
            }
            walk(sub, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(
        &<collab::cli::args::Cli as clap::CommandFactory>::command(),
        &[],
        &mut out,
    );
    out
}

#[test]
fn a_command_group_without_its_subcommand_is_a_usage_error_naming_the_choices() {
    let w = World::acme();
    let groups = command_groups();
    let names: Vec<&str> = groups.iter().map(|g| g[0].as_str()).collect();
    for group in [
        "account", "group", "env", "role", "policy", "member", "share",
    ] {
        assert!(names.contains(&group), "{group} is a command group");
    }
    for group in &groups {
        let args: Vec<&str> = group.iter().map(String::as_str).collect();
        let before = w.bytes();
        let r = w.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert_eq!(r.stdout, "", "{args:?}: no help on stdout");
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        let line = r.stderr_message();
        assert!(
            line.starts_with(&format!(
                "error: USAGE: 'collab {}' requires a subcommand",
                args.join(" ")
            )),
            "{line}"
        );
        // The choices are listed.
        let cmd = <collab::cli::args::Cli as clap::CommandFactory>::command();
        let mut sub = &cmd;
        for name in &args {
            sub = sub.find_subcommand(name).expect("subcommand");
        }
        for choice in sub.get_subcommands() {
            assert!(
                line.contains(choice.get_name()),
                "{line} names {}",
                choice.get_name()
            );
        }
        let mut j = args.clone();
        j.push("--json");
        let rj = w.run(&j);
        assert_eq!(rj.code, 2);
        assert_eq!(rj.json()["error"]["code"], "USAGE");
        assert_eq!(
            rj.json()["error"]["message"]
                .as_str()
                .map(|m| format!("error: USAGE: {m}")),
            Some(line)
        );
        assert_eq!(w.bytes(), before, "nothing changed");
    }
    // Help asked for is still help, on stdout, exit 0.
    for args in [
        vec!["--help"],
        vec!["env", "--help"],
        vec!["member", "--help"],
    ] {
        let r = w.run(&args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert!(r.stdout.contains("Usage: collab"), "{}", r.stdout);
        assert_eq!(r.stderr, "");
    }
}

#[test]
fn global_options_stand_before_or_after_the_subcommand() {
    let w = World::acme();
    let a = w
        .ok(&["--json", "--as", "bob@acme.io", "env", "list"])
        .stdout;
    let b = w
        .ok(&["env", "list", "--as", "bob@acme.io", "--json"])
        .stdout;
    assert_eq!(a, b);
    let out = Command::new(env!("CARGO_BIN_EXE_collab"))
        .args(["env", "list", "--json"])
        .env("COLLAB_STATE", &w.state)
        .env("COLLAB_AS", "bob@acme.io")
        .output()
        .expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout), a);
}

#[test]
fn state_file_problems_exit_3_and_leave_the_file_alone() {
    let w = World::acme();
    let good = w.bytes();
    let cut = &good[..good.len() / 2];
    std::fs::write(&w.state, cut).expect("write");
    for args in [
        vec!["account", "list"],
        vec!["--as", "olga@acme.io", "env", "create", "new-one"],
    ] {
        let r = w.run(&args);
        assert_eq!(r.code, 3, "{args:?}");
        assert!(
            r.stderr.starts_with("error: STATE_CORRUPT: "),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&w.state.display().to_string()),
            "names the file: {}",
            r.stderr
        );
        assert!(r.stderr.contains("line 1 column"), "{}", r.stderr);
        assert_eq!(std::fs::read(&w.state).expect("read"), cut);
    }
    std::fs::write(&w.state, br#"{"version": 7, "accounts": []}"#).expect("write");
    let r = w.run(&["account", "list", "--json"]);
    assert_eq!(r.code, 3);
    assert_eq!(r.json()["error"]["code"], "STATE_VERSION");
    // A well-formed file whose content is wrong is corrupt too, and named as such.
    std::fs::write(
        &w.state,
        br#"{"version": 1, "accounts": [], "environments": [{"name": "abc", "owner": "x@y.io", "creator": "x@y.io", "status": "running", "cloudlets": 1}]}"#,
    )
    .expect("write");
    let r = w.run(&["account", "list"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("unknown account 'x@y.io'"),
        "{}",
        r.stderr
    );
}

#[test]
fn init_refuses_an_existing_file_unless_forced_and_keeps_a_backup() {
    let w = World::acme();
    let r = w.run(&["init"]);
    assert_eq!(r.code, 1);
    std::fs::write(&w.state, b"{ not json").expect("write");
    w.ok(&["init", "--force"]);
    let accounts = w.ok(&["account", "list", "--json"]).json();
    assert_eq!(accounts, json!([]));
    let dir = w.state.parent().expect("dir");
    let backups: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("state.json.bak-")
        })
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(
        std::fs::read(backups[0].path()).expect("backup"),
        b"{ not json"
    );
}

#[test]
fn the_state_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let w = World::acme();
    let mode = std::fs::metadata(&w.state)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn concurrent_processes_never_lose_a_change() {
    let w = World::new();
    w.ok(&["init"]);
    w.ok(&["account", "add", "olga@acme.io", "--max-envs", "1000"]);
    let workers: Vec<_> = (0..4)
        .map(|i| {
            let state = w.state.clone();
            std::thread::spawn(move || {
                for j in 0..8 {
                    let name = format!("env-{i}-{j}");
                    let r = run_with(&state, &["--as", "olga@acme.io", "env", "create", &name]);
                    assert_eq!(r.code, 0, "{name}: {}", r.stderr);
                }
            })
        })
        .collect();
    for t in workers {
        t.join().expect("worker");
    }
    let envs = w
        .ok(&["--as", "olga@acme.io", "env", "list", "--json"])
        .json();
    assert_eq!(envs.as_array().map(Vec::len), Some(32));
}

/// A number out of `generate`'s range is a usage error (exit 2, `USAGE`), as a number
/// clap cannot parse is, and the message names the limit; nothing is written.
#[test]
fn generate_out_of_range_numbers_are_usage_errors_naming_the_limit() {
    use collab::engine::generate::{MAX_DEPTH, MAX_ENVS};
    let w = World::new();
    let out = w.state.with_file_name("g.json");
    let out_arg = out.to_str().expect("utf-8");
    let run = |envs: &str, depth: &str| {
        w.run(&[
            "generate",
            "--accounts",
            "1",
            "--envs",
            envs,
            "--groups",
            "0",
            "--depth",
            depth,
            "--members",
            "0",
            "--out",
            out_arg,
        ])
    };
    for (envs, depth, said) in [
        ("0", "1", format!("--envs must be 1 to {MAX_ENVS} (got 0)")),
        (
            "100001",
            "1",
            format!("--envs must be 1 to {MAX_ENVS} (got 100001)"),
        ),
        (
            "1",
            "17",
            format!("--depth must be 1 to {MAX_DEPTH} (got 17)"),
        ),
    ] {
        let r = run(envs, depth);
        assert_eq!(r.code, 2, "{r:?}");
        assert_eq!(r.stderr_message(), format!("error: USAGE: {said}"));
        assert!(!out.exists(), "nothing written");
    }
    // Unparsable: the same exit code and code.
    let r = run("ten", "1");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.starts_with("error: USAGE: "), "{}", r.stderr);
}

/// `--help` of a command, with its lines joined and its spaces collapsed (the help
/// wraps to the terminal's width).
fn help_of(args: &[&str]) -> String {
    let w = World::new();
    let mut v = args.to_vec();
    v.push("--help");
    let r = w.ok(&v);
    r.stdout.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn generate_help_states_every_limit_and_env_create_the_cloudlets_default() {
    use collab::engine::generate::{MAX_ACCOUNTS, MAX_DEPTH, MAX_ENVS, MAX_GROUPS};
    let help = help_of(&["generate"]);
    for said in [
        format!(
            "--accounts <ACCOUNTS> The pool of accounts besides the primary owner (owner@acme.io), 0 to {MAX_ACCOUNTS}"
        ),
        format!("--envs <ENVS> Environments in all, 1 to {MAX_ENVS}"),
        format!("0 for none, else --depth to {MAX_GROUPS}"),
        format!(
            "--depth <DEPTH> How many levels deep the group forest is, 1 to {MAX_DEPTH} (and at most --groups, unless that is 0)"
        ),
        "--members <MEMBERS> Members of the primary owner, in every status: 0 to --accounts"
            .to_string(),
    ] {
        assert!(help.contains(&said), "{said}\nnot in: {help}");
    }
    let help = help_of(&["env", "create"]);
    let said = format!(
        "[default: {}, or the owner's maximum when lower]",
        collab::engine::DEFAULT_CLOUDLETS
    );
    assert!(help.contains(&said), "{help}");
    // The limits are those the generator applies.
    let w = World::new();
    let out = w.state.with_file_name("g.json");
    let out = out.to_str().expect("utf-8");
    // (accounts, envs, groups, depth, members), one past a limit each: a usage error.
    for [accounts, envs, groups, depth, members] in [
        ["100001", "1", "0", "1", "0"],
        ["1", "0", "0", "1", "0"],
        ["1", "1", "100001", "1", "0"],
        ["1", "1", "3", "4", "0"],
        ["1", "1", "0", "17", "0"],
        ["1", "1", "0", "0", "0"],
        ["1", "1", "0", "1", "2"],
    ] {
        let flags = [
            "--accounts",
            accounts,
            "--envs",
            envs,
            "--groups",
            groups,
            "--depth",
            depth,
            "--members",
            members,
        ];
        let mut args = vec!["--json", "--dry-run", "generate", "--out", out];
        args.extend(flags);
        let r = w.run(&args);
        assert_eq!(r.code, 2, "{flags:?}: {r:?}");
        assert_eq!(r.error_code(), "USAGE", "{flags:?}");
    }
    w.ok(&[
        "--dry-run",
        "generate",
        "--out",
        out,
        "--accounts",
        "2",
        "--envs",
        "1",
        "--groups",
        "0",
        "--depth",
        "16",
        "--members",
        "2",
    ]);
}

/// Runs `collab` with `args` in `dir`, with `HOME` and `XDG_CONFIG_HOME` there (so the
/// default state file is inside it), and `COLLAB_STATE` as given.
fn collab_in(dir: &std::path::Path, state_env: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_collab"));
    cmd.args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env_remove("COLLAB_AS")
        .env_remove("COLLAB_STATE")
        .env("NO_COLOR", "1");
    if let Some(s) = state_env {
        cmd.env("COLLAB_STATE", s);
    }
    common::cli::run_cmd(cmd)
}

/// The `try:` line of `init --demo`, and what running it in a shell printed.
fn try_hint(dir: &std::path::Path, out: &Run) -> (String, Run) {
    let hint = out
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("try: "))
        .unwrap_or_else(|| panic!("no hint: {}", out.stdout))
        .to_string();
    let script = format!("collab() {{ \"$COLLAB_BIN\" \"$@\"; }}\n{hint}\n");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("COLLAB_BIN", env!("CARGO_BIN_EXE_collab"))
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env_remove("COLLAB_AS")
        .env_remove("COLLAB_STATE")
        .env("NO_COLOR", "1");
    (hint, common::cli::run_cmd(cmd))
}

#[test]
fn the_init_hint_names_the_state_file_it_wrote_and_runs_as_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let maria_sees_shop_prod = |r: &Run, hint: &str| {
        assert_eq!(r.code, 0, "{hint}: {r:?}");
        assert!(r.stdout.contains("billing-db"), "{hint}: {}", r.stdout);
    };
    // Named with --state, relative, with a space and a quote: quoted for the shell.
    for name in ["hint.json", "my state's.json", "-dash.json"] {
        let out = collab_in(d, None, &[&format!("--state={name}"), "init", "--demo"]);
        assert_eq!(out.code, 0, "{out:?}");
        let (hint, r) = try_hint(d, &out);
        assert!(hint.contains("--state"), "{hint}");
        maria_sees_shop_prod(&r, &hint);
    }
    // Named by COLLAB_STATE.
    let by_env = d.join("by env.json");
    let out = collab_in(d, by_env.to_str(), &["init", "--demo"]);
    let (hint, r) = try_hint(d, &out);
    assert!(hint.starts_with("collab --state '"), "{hint}");
    maria_sees_shop_prod(&r, &hint);
    // The default file: the hint stays short, and runs.
    let out = collab_in(d, None, &["init", "--demo"]);
    assert!(d.join("config/collab/state.json").exists(), "{out:?}");
    let (hint, r) = try_hint(d, &out);
    assert_eq!(hint, "collab --as maria@acme.io env list");
    maria_sees_shop_prod(&r, &hint);
    // A control character in the path is never shown raw: written as a byte in
    // ANSI-C quotes, as the corrupt-file hint writes it, so the hint still runs in bash.
    let out = collab_in(
        d,
        None,
        &["--state", "bad\u{1b}]0;x\u{7}.json", "init", "--demo"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    assert!(
        out.stdout
            .contains("try: collab --state $'bad\\x1b]0;x\\x07.json' --as"),
        "{}",
        out.stdout
    );
}

#[test]
fn inviting_someone_who_has_a_record_suggests_what_applies_to_its_status() {
    let w = World::new();
    w.ok(&["init", "--demo"]);
    let before = w.bytes();
    let owner = "olga@acme.io";
    for (member, status, says, never) in [
        (
            "anna@acme.io",
            "active",
            "to change its shares or label, use 'member edit anna@acme.io'",
            ["reinvite", "resend"],
        ),
        (
            "tom@freelance.dev",
            "pending",
            "to send the invitation again, use 'member resend tom@freelance.dev'; to change its shares, 'member edit tom@freelance.dev'",
            ["reinvite", "activate"],
        ),
        (
            "sergey@acme.io",
            "suspended",
            "to give its access back, use 'member activate sergey@acme.io'; to change its shares, 'member edit sergey@acme.io'",
            ["reinvite", "resend"],
        ),
        (
            "kate@contractors.io",
            "left",
            "to invite it again with its shares kept, use 'member reinvite kate@contractors.io' (or 'member remove kate@contractors.io' first, to start empty)",
            ["resend", "activate"],
        ),
        (
            "paul@agency.io",
            "rejected",
            "to invite it again with its shares kept, use 'member reinvite paul@agency.io' (or 'member remove paul@agency.io' first, to start empty)",
            ["resend", "activate"],
        ),
    ] {
        let r = w.run(&["--as", owner, "member", "invite", member]);
        assert_eq!(r.code, 1, "{r:?}");
        let line = r.stderr_message();
        assert_eq!(
            line,
            format!(
                "error: DUPLICATE: {member} already has a record with {owner} ({status}); {says}"
            )
        );
        for wrong in never {
            assert!(!line.contains(wrong), "{line}");
        }
        // What it suggests is allowed for that status (as a dry run).
        let suggested = says
            .split('\'')
            .nth(1)
            .expect("a quoted command")
            .split(' ')
            .collect::<Vec<_>>();
        let mut args = vec!["--as", owner, "--dry-run"];
        args.extend(suggested.iter().copied());
        w.ok(&args);
    }
    // An account-wide delegate acting on the owner's members is told to pass --owner.
    let r = w.run(&[
        "--as",
        "boris@acme.io",
        "member",
        "invite",
        "tom@freelance.dev",
        "--owner",
        owner,
    ]);
    assert!(
        r.stderr
            .contains("use 'member resend tom@freelance.dev --owner olga@acme.io'"),
        "{}",
        r.stderr
    );
    assert_eq!(w.bytes(), before, "refusals and dry runs change nothing");
}

/// `snapshot` draws exactly what the app would (cli.md): its header names the state
/// file the app would name, or the demo's throwaway copy.
#[test]
fn a_snapshots_header_names_the_state_file_as_the_app_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("team-a.json");
    assert_eq!(run_with(&state, &["init", "--demo"]).code, 0);
    let header = |args: &[&str]| {
        let r = run_with(&state, args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout.lines().next().unwrap_or_default().to_string()
    };
    let file = header(&["--as", "olga@acme.io", "snapshot"]);
    assert!(file.contains("team-a.json"), "{file}");
    let demo = header(&["--demo", "--as", "olga@acme.io", "snapshot"]);
    assert!(demo.contains("demo (a throwaway copy"), "{demo}");
}

/// A group whose name holds `=` (`A=B`) is ticked without roles as `group:A=B`: the
/// text after the last `=` does not read as roles of a group `A` (there is none), so
/// the whole text names the group. `group:A=B=Viewer` gives it roles, and a spec that
/// reads as a group with roles keeps that meaning even beside such a group.
#[test]
fn a_group_name_with_an_equals_sign_is_ticked_without_roles() {
    let w = World::acme();
    let o = ["--as", "olga@acme.io"];
    let with = |args: &[&str]| w.ok(&[&o[..], args].concat());
    with(&["group", "add", "A=B"]);
    with(&["group", "add", "Prod=Viewer"]);
    let shares = |spec: &str| {
        let r = w.run(
            &[
                &o[..],
                &["--json", "member", "edit", "carol@acme.io", "--share", spec],
            ]
            .concat(),
        );
        assert_eq!(r.code, 0, "{spec}: {r:?}");
        r.json()["shares"].clone()
    };
    assert_eq!(
        shares("group:A=B"),
        serde_json::json!([{"target": "group:A=B", "roles": []}])
    );
    assert_eq!(
        shares("group:A=B=Viewer"),
        serde_json::json!([{"target": "group:A=B", "roles": ["Viewer"]}])
    );
    // Group Prod with role Viewer, as before: not the group `Prod=Viewer`.
    assert_eq!(
        shares("group:Prod=Viewer"),
        serde_json::json!([{"target": "group:Prod", "roles": ["Viewer"]}])
    );
    with(&[
        "member",
        "edit",
        "carol@acme.io",
        "--share",
        "group:Prod=Viewer=Admin",
    ]);
    let shown = w
        .ok(&[&o[..], &["--json", "member", "show", "carol@acme.io"]].concat())
        .json();
    assert_eq!(
        shown["shares"],
        serde_json::json!([{"target": "group:Prod=Viewer", "roles": ["Admin"]}])
    );
    // Neither reading names anything: the refusal of the spec as written.
    let r = w.run(
        &[
            &o[..],
            &["member", "edit", "carol@acme.io", "--share", "group:C=D"],
        ]
        .concat(),
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("NOT_FOUND"), "{}", r.stderr);
}

/// `tasks` marks a task started by someone else with `»`, and says so under the table
/// only when the marker shows.
#[test]
fn tasks_explain_the_marker_only_when_it_shows() {
    let w = World::acme();
    w.ok(&["--as", "olga@acme.io", "env", "do", "shop-dev", "logs"]);
    let legend = "(» started by someone else)";
    let own = w.ok(&["--as", "olga@acme.io", "tasks"]).stdout;
    assert!(!own.contains('»'), "{own}");
    // Bob's stop is denied (his roles lack it) and recorded.
    let r = w.run(&["--as", "bob@acme.io", "env", "do", "shop-dev", "stop"]);
    assert_eq!(r.code, 1, "{r:?}");
    let mixed = w.ok(&["--as", "olga@acme.io", "tasks"]).stdout;
    assert!(mixed.contains("bob@acme.io »"), "{mixed}");
    assert_eq!(mixed.lines().last(), Some(legend), "{mixed}");
    assert_eq!(mixed.matches(legend).count(), 1, "{mixed}");
}
