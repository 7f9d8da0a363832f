//! `collab diff OLD NEW` and `collab access-report FILE`: the configuration changes
//! between two platforms by identity, and the access consequences, which must be
//! exactly the `access` rows that differ between the two files.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::many_single_char_names,
    clippy::type_complexity,
    reason = "short names for the directory and the owner's flags keep the command lines readable"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command as Process;

use collab::engine::generate::{GenerateSpec, generate};
use collab::engine::{
    Command, Engine, Level, MemberOp, Platform, Response, ShareSpec, Timestamp, demo::demo_engine,
    diff_platforms,
};
use serde_json::{Value, json};

type Row = (Level, Vec<String>);

/// Every account's `access` rows (as the operator sees them), by (account, env).
fn access_map(p: &Platform) -> BTreeMap<(String, String), Row> {
    let mut out = BTreeMap::new();
    for a in p.account_ids() {
        let email = p.account(a).email.clone();
        for r in p.access_rows(None, a) {
            let roles = r.roles.iter().map(ToString::to_string).collect();
            out.insert((email.clone(), r.env.to_string()), (r.level, roles));
        }
    }
    out
}

/// The diff's access entries are exactly the pairs whose `access` row differs.
fn assert_agrees_with_access(old: &Platform, new: &Platform) {
    let d = diff_platforms(old, new);
    let (before, after) = (access_map(old), access_map(new));
    let none: Row = (Level::None, Vec::new());
    let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
    let mut want = BTreeMap::new();
    for k in keys {
        let (b, a) = (
            before.get(k).unwrap_or(&none),
            after.get(k).unwrap_or(&none),
        );
        if a != b {
            want.insert(k.clone(), (b.clone(), a.clone()));
        }
    }
    let got: BTreeMap<(String, String), (Row, Row)> = d
        .access_diff
        .iter()
        .map(|c| {
            (
                (c.member.clone(), c.env.clone()),
                (
                    (c.before.level, c.before.roles.clone()),
                    (c.after.level, c.after.roles.clone()),
                ),
            )
        })
        .collect();
    assert_eq!(got.len(), d.access_diff.len(), "no pair twice");
    assert_eq!(got, want);
    assert_eq!(
        d.identical,
        d.changes.is_empty() && d.access_diff.is_empty()
    );
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap() % n.max(1)
    }
    fn pick(&mut self, items: &[String]) -> String {
        items[self.next(items.len())].clone()
    }
}

/// A random change made by the primary owner (or one of its members leaving).
fn random_change(p: &Platform, owner: &str, rng: &mut Lcg) -> (Option<String>, Command) {
    let o = p.find_account(owner).unwrap();
    let members: Vec<String> = p
        .collabs_of_owner(o)
        .map(|c| p.account(p.collab(c).member).email.clone())
        .collect();
    let envs: Vec<String> = p.envs_of(o).map(|e| p.env(e).name.clone()).collect();
    let groups: Vec<String> = p.groups_of(o).map(|g| p.group(g).path.clone()).collect();
    let roles: Vec<String> = p.roles_of(o).map(|r| p.role(r).name.clone()).collect();
    let others: Vec<String> = p
        .account_ids()
        .filter(|a| *a != o)
        .map(|a| p.account(a).email.clone())
        .collect();
    let policies = [
        "fs.view",
        "logs.view",
        "env.startstop",
        "collaboration.manage",
        "env.delete",
    ];
    let spec = |rng: &mut Lcg| -> ShareSpec {
        let role = rng.pick(&roles);
        let text = match rng.next(4) {
            0 => format!("envs={role}"),
            1 => format!("groups={role}"),
            2 => format!("group:{}={role}", rng.pick(&groups)),
            _ => format!("env:{}={role}", rng.pick(&envs)),
        };
        ShareSpec::parse(&text).unwrap()
    };
    let me = Some(owner.to_string());
    let cmd = match rng.next(14) {
        12 => Command::RenameGroup {
            owner: None,
            path: rng.pick(&groups),
            new_name: format!("renamed{}", rng.next(100)),
        },
        13 => Command::AddGroup {
            owner: None,
            path: format!("{}/sub{}", rng.pick(&groups), rng.next(100)),
        },
        0 => Command::EditMember {
            owner: None,
            email: rng.pick(&members),
            name: None,
            shares: Some((0..=rng.next(3)).map(|_| spec(rng)).collect()),
        },
        1 => Command::EditRole {
            name: rng.pick(&roles),
            policies: Some(vec![policies[rng.next(policies.len())].to_string()]),
            rename: None,
            description: None,
            notify: None,
        },
        2 => Command::TransferEnv {
            env: rng.pick(&envs),
            to: rng.pick(&others),
        },
        3 => Command::RemoveGroup {
            owner: None,
            path: rng.pick(&groups),
        },
        4 => Command::Member {
            owner: None,
            email: rng.pick(&members),
            op: [
                MemberOp::Suspend,
                MemberOp::Activate,
                MemberOp::Remove,
                MemberOp::Reinvite,
            ][rng.next(4)],
        },
        5 => Command::AttachEnv {
            env: rng.pick(&envs),
            group: rng.pick(&groups),
            owner: None,
        },
        6 => Command::DetachEnv {
            env: rng.pick(&envs),
            group: rng.pick(&groups),
            owner: None,
        },
        7 => Command::CreateEnv {
            name: format!("new-env-{}", rng.next(1000)),
            owner: None,
            groups: vec![rng.pick(&groups)],
            cloudlets: None,
        },
        8 => Command::DeleteEnv {
            env: rng.pick(&envs),
        },
        9 => Command::DeleteRole {
            name: rng.pick(&roles),
            force: true,
        },
        10 => Command::EditRole {
            name: rng.pick(&roles),
            policies: None,
            rename: Some(format!("Renamed{}", rng.next(100))),
            description: None,
            notify: None,
        },
        _ => {
            return (
                Some(rng.pick(&members)),
                Command::Respond {
                    owner: owner.to_string(),
                    response: Response::Leave,
                },
            );
        }
    };
    (me, cmd)
}

fn mutate(engine: &Engine, owner: &str, seed: u64, steps: usize) -> Engine {
    let mut e = engine.clone();
    let mut rng = Lcg(seed);
    let mut applied = 0;
    for _ in 0..steps * 4 {
        if applied == steps {
            break;
        }
        let (actor, cmd) = random_change(e.platform(), owner, &mut rng);
        let actor = actor.map(|a| e.platform().find_account(&a).unwrap());
        if e.execute(actor, &cmd, Timestamp(1_780_000_000)).is_ok() {
            applied += 1;
        }
    }
    e
}

#[test]
fn the_access_diff_is_exactly_the_access_rows_that_differ_on_the_demo() {
    let base = demo_engine();
    for seed in 0..60 {
        let changed = mutate(
            &base,
            "olga@acme.io",
            seed,
            1 + usize::try_from(seed % 4).unwrap(),
        );
        assert_agrees_with_access(base.platform(), changed.platform());
        assert_agrees_with_access(changed.platform(), base.platform());
    }
}

#[test]
fn the_access_diff_is_exactly_the_access_rows_that_differ_on_a_generated_state() {
    let spec = GenerateSpec {
        accounts: 40,
        envs: 120,
        groups: 30,
        depth: 3,
        members: 25,
        seed: 9,
    };
    let base = Engine::from_document(&generate(&spec).unwrap()).unwrap();
    for seed in 0..12 {
        let changed = mutate(&base, "owner@acme.io", seed, 3);
        assert_agrees_with_access(base.platform(), changed.platform());
    }
}

#[test]
fn identical_platforms_have_an_empty_diff() {
    let p = demo_engine();
    let d = diff_platforms(p.platform(), p.platform());
    assert!(d.identical && d.changes.is_empty() && d.access_diff.is_empty());
    // Loading the saved document again numbers records anew: still identical.
    let again = Engine::from_document(&p.to_document()).unwrap();
    assert!(diff_platforms(p.platform(), again.platform()).identical);
}

#[test]
fn each_kind_of_record_change_is_named() {
    let old = demo_engine();
    let mut new = old.clone();
    let olga = new.platform().find_account("olga@acme.io").unwrap();
    let now = Timestamp(1_780_000_000);
    let run = |e: &mut Engine, cmd: Command| e.execute(Some(olga), &cmd, now).unwrap();
    run(
        &mut new,
        Command::AddGroup {
            owner: None,
            path: "Archive".into(),
        },
    );
    run(
        &mut new,
        Command::EditRole {
            name: "Viewer".into(),
            policies: Some(vec!["fs.view".into()]),
            rename: None,
            description: None,
            notify: None,
        },
    );
    run(
        &mut new,
        Command::Member {
            owner: None,
            email: "anna@acme.io".into(),
            op: MemberOp::Suspend,
        },
    );
    run(
        &mut new,
        Command::SetDirect {
            env: "docs-site".into(),
            member: "ivan@acme.io".into(),
            roles: vec!["Admin".into()],
        },
    );
    new.execute(
        None,
        &Command::AddAccount {
            email: "zoe@acme.io".into(),
            name: None,
            max_environments: None,
        },
        now,
    )
    .unwrap();
    let d = diff_platforms(old.platform(), new.platform());
    // Each value as `--json` gives it: a list field (a role's policies) as an array.
    let json_of = |v: &Option<collab::engine::FieldValue>| {
        v.as_ref().map(|v| serde_json::to_value(v).unwrap())
    };
    let facts: Vec<(&str, &str, &str, Option<&str>, Option<Value>, Option<Value>)> = d
        .changes
        .iter()
        .map(|c| {
            (
                c.kind,
                c.name.as_str(),
                c.change,
                c.field.as_deref(),
                json_of(&c.before),
                json_of(&c.after),
            )
        })
        .collect();
    assert_eq!(
        facts,
        vec![
            ("account", "zoe@acme.io", "added", None, None, None),
            ("group", "Archive", "added", None, None, None),
            (
                "role",
                "Viewer",
                "changed",
                Some("policies"),
                Some(json!(["fs.view", "logs.view", "stats.view"])),
                Some(json!(["fs.view"]))
            ),
            (
                "member",
                "anna@acme.io",
                "changed",
                Some("status"),
                Some(json!("active")),
                Some(json!("suspended"))
            ),
            (
                "share",
                "ivan@acme.io",
                "added",
                Some("env:docs-site"),
                None,
                Some(json!("Admin"))
            ),
        ]
    );
    // A role's own policies change no level or roles: only anna (suspended) and
    // ivan (direct Admin on docs-site) appear in the access diff.
    let members: BTreeSet<&str> = d.access_diff.iter().map(|c| c.member.as_str()).collect();
    assert_eq!(members, BTreeSet::from(["anna@acme.io", "ivan@acme.io"]));
    assert_agrees_with_access(old.platform(), new.platform());
}

// ----- the command line --------------------------------------------------------------

fn collab(dir: &Path, args: &[&str]) -> std::process::Output {
    Process::new(env!("CARGO_BIN_EXE_collab"))
        .current_dir(dir)
        .args(args)
        .env_remove("COLLAB_AS")
        .env_remove("COLLAB_STATE")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = collab(dir, args);
    assert!(
        out.status.success(),
        "collab {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_diff_json_shape_exit_codes_and_agreement_with_access() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--state", "a.json", "init", "--demo"]);
    std::fs::copy(d.join("a.json"), d.join("b.json")).unwrap();
    // Identical files: an empty diff, exit 0 (also with --exit-code).
    let same: Value = serde_json::from_str(&ok(
        d,
        &["diff", "a.json", "b.json", "--json", "--exit-code"],
    ))
    .unwrap();
    assert_eq!(
        same,
        json!({"identical": true, "changes": [], "access_diff": []})
    );
    assert!(ok(d, &["diff", "a.json", "b.json"]).contains("no differences"));
    let o = ["--state", "b.json", "--as", "olga@acme.io"];
    let with = |args: &[&str]| ok(d, &[&o[..], args].concat());
    with(&["member", "edit", "anna@acme.io", "--share", "envs=Viewer"]);
    with(&["env", "transfer", "legacy-crm", "--to", "nikolai@globex.io"]);
    let out = collab(d, &["diff", "a.json", "b.json", "--json", "--exit-code"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--exit-code: 1 when the files differ"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["identical"], json!(false));
    assert!(v["changes"].as_array().unwrap().contains(&json!({
        "kind": "env", "owner": null, "name": "legacy-crm", "change": "changed",
        "field": "owner", "before": "olga@acme.io", "after": "nikolai@globex.io"
    })));
    assert_eq!(
        collab(d, &["diff", "a.json", "b.json"]).status.code(),
        Some(0)
    );
    // Every account: the `access` rows that differ are exactly the diff's entries.
    let diff: BTreeMap<(String, String), (Value, Value)> = v["access_diff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let state = |s: &Value| json!({"level": s["level"], "roles": s["roles"]});
            (
                (
                    c["member"].as_str().unwrap().into(),
                    c["env"].as_str().unwrap().into(),
                ),
                (state(&c["before"]), state(&c["after"])),
            )
        })
        .collect();
    let accounts: Value =
        serde_json::from_str(&ok(d, &["--state", "a.json", "account", "list", "--json"])).unwrap();
    let none = json!({"level": "none", "roles": []});
    let mut want = BTreeMap::new();
    for acc in accounts.as_array().unwrap() {
        let email = acc["email"].as_str().unwrap();
        let rows = |file: &str| -> BTreeMap<String, Value> {
            let v: Value = serde_json::from_str(&ok(
                d,
                &["--state", file, "access", "--member", email, "--json"],
            ))
            .unwrap();
            v.as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["env"].as_str().unwrap().to_string(),
                        json!({"level": r["level"], "roles": r["roles"]}),
                    )
                })
                .collect()
        };
        let (b, a) = (rows("a.json"), rows("b.json"));
        for env in b.keys().chain(a.keys()) {
            let (x, y) = (b.get(env).unwrap_or(&none), a.get(env).unwrap_or(&none));
            if x != y {
                want.insert((email.to_string(), env.clone()), (x.clone(), y.clone()));
            }
        }
    }
    assert_eq!(diff, want);
    let human = ok(d, &["diff", "a.json", "b.json"]);
    assert!(
        human.contains("~ env legacy-crm owner: olga@acme.io → nikolai@globex.io"),
        "{human}"
    );
    assert!(human.contains("MEMBER"), "{human}");
}

/// `diff --json` gives a list field (an environment's groups, a role's policies, a
/// custom policy's methods) as a JSON array, and a share's roles as the share spec's
/// text (`Admin+Viewer`), as the README documents; the human diff joins lists with `, `.
#[test]
fn cli_diff_json_gives_list_fields_as_arrays_and_share_roles_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--state", "a.json", "init", "--demo"]);
    std::fs::copy(d.join("a.json"), d.join("b.json")).unwrap();
    let o = ["--state", "b.json", "--as", "olga@acme.io"];
    let with = |args: &[&str]| ok(d, &[&o[..], args].concat());
    with(&["role", "edit", "Viewer", "--policy", "fs.view"]);
    with(&["env", "attach", "legacy-crm", "--group", "Staging"]);
    with(&[
        "share",
        "set",
        "docs-site",
        "--member",
        "ivan@acme.io",
        "--role",
        "Admin",
        "--role",
        "Viewer",
    ]);
    let v: Value = serde_json::from_str(&ok(d, &["diff", "a.json", "b.json", "--json"])).unwrap();
    let changes = v["changes"].as_array().unwrap();
    for want in [
        json!({"kind": "env", "owner": null, "name": "legacy-crm", "change": "changed",
               "field": "groups", "before": [], "after": ["Staging"]}),
        json!({"kind": "role", "owner": "olga@acme.io", "name": "Viewer", "change": "changed",
               "field": "policies", "before": ["fs.view", "logs.view", "stats.view"],
               "after": ["fs.view"]}),
        json!({"kind": "share", "owner": "olga@acme.io", "name": "ivan@acme.io",
               "change": "added", "field": "env:docs-site", "before": null,
               "after": "Admin+Viewer"}),
    ] {
        assert!(changes.contains(&want), "{want} not in {changes:#?}");
    }
    let human = ok(d, &["diff", "a.json", "b.json"]);
    for line in [
        "~ role olga@acme.io Viewer policies: fs.view, logs.view, stats.view → fs.view",
        "~ env legacy-crm groups: - → Staging",
        "+ share olga@acme.io ivan@acme.io env:docs-site=Admin+Viewer",
    ] {
        assert!(human.contains(line), "{line}\nnot in:\n{human}");
    }
}

/// `access-report --json` gives the report's facts as one object (it used to print
/// the text): a list per kind of record, in the text's order, and the same `access`
/// facts as the text's `access` lines.
#[test]
fn access_report_json_gives_the_same_facts_as_one_object() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--state", "s.json", "init", "--demo"]);
    let out = ok(d, &["access-report", "s.json", "--json"]);
    let v: Value = serde_json::from_str(&out).expect("access-report --json prints JSON");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    // (`serde_json::Value` keeps keys sorted.)
    assert_eq!(
        keys,
        [
            "access", "accounts", "envs", "groups", "members", "policies", "roles", "shares"
        ]
    );
    let has = |list: &str, want: Value| {
        assert!(
            v[list].as_array().unwrap().contains(&want),
            "{want} not in {list}"
        );
    };
    has(
        "envs",
        json!({"name": "legacy-crm", "owner": "olga@acme.io", "creator": "olga@acme.io",
               "status": "running", "cloudlets": "4", "groups": []}),
    );
    has(
        "roles",
        json!({"owner": "olga@acme.io", "name": "Viewer",
               "policies": ["fs.view", "logs.view", "stats.view"], "notify": "false",
               "description": "Read-only: files, logs and statistics"}),
    );
    has(
        "shares",
        json!({"owner": "olga@acme.io", "member": "anna@acme.io", "target": "envs",
               "roles": ["Viewer"]}),
    );
    has(
        "access",
        json!({"member": "anna@acme.io", "env": "legacy-crm", "level": "base",
               "roles": ["Viewer"]}),
    );
    // The same access facts as the text's lines, in the same order.
    let text = ok(d, &["access-report", "s.json"]);
    let lines: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("access "))
        .map(str::to_string)
        .collect();
    let from_json: Vec<String> = v["access"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let roles: Vec<&str> = a["roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .collect();
            format!(
                "{} {} {} {}",
                a["member"].as_str().unwrap(),
                a["env"].as_str().unwrap(),
                a["level"].as_str().unwrap(),
                roles.join("+")
            )
        })
        .collect();
    assert!(!lines.is_empty());
    assert_eq!(from_json, lines);
}

#[test]
fn git_diff_of_a_state_file_shows_who_gained_and_lost_what() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let out = Process::new("git")
            .current_dir(d)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", d)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t.io")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t.io")
            .output()
            .expect("git is installed");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q"]);
    // The setup the README documents: a textconv driver and a .gitattributes line.
    let driver = format!("{} access-report", env!("CARGO_BIN_EXE_collab"));
    git(&["config", "diff.collab.textconv", &driver]);
    std::fs::write(d.join(".gitattributes"), "state.json diff=collab\n").unwrap();
    ok(d, &["--state", "state.json", "init", "--demo"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "demo"]);
    let o = ["--state", "state.json", "--as", "olga@acme.io"];
    ok(
        d,
        &[
            &o[..],
            &[
                "share",
                "set",
                "docs-site",
                "--member",
                "ivan@acme.io",
                "--role",
                "Admin",
            ],
        ]
        .concat(),
    );
    ok(
        d,
        &[&o[..], &["member", "suspend", "dmitri@acme.io"]].concat(),
    );
    git(&["commit", "-qam", "changes"]);
    let out = git(&["diff", "HEAD~1", "HEAD", "--", "state.json"]);
    let added: Vec<&str> = out.lines().filter(|l| l.starts_with("+access ")).collect();
    let removed: Vec<&str> = out.lines().filter(|l| l.starts_with("-access ")).collect();
    assert!(
        added.contains(&"+access ivan@acme.io docs-site direct Admin"),
        "{out}"
    );
    assert!(
        !removed
            .iter()
            .any(|l| l.starts_with("-access ivan@acme.io docs-site ")),
        "ivan had no access to docs-site before: {out}"
    );
    assert!(
        removed
            .iter()
            .any(|l| l.starts_with("-access dmitri@acme.io ")),
        "{out}"
    );
    assert!(
        !added
            .iter()
            .any(|l| l.starts_with("+access dmitri@acme.io ")),
        "{out}"
    );
    assert!(
        out.contains("+share olga@acme.io ivan@acme.io env:docs-site=Admin"),
        "{out}"
    );
    assert!(
        out.contains("+member olga@acme.io dmitri@acme.io status=suspended"),
        "{out}"
    );
    assert!(
        !out.contains("\"version\""),
        "git shows the report, not the JSON: {out}"
    );
}

/// `diff --json` writes its access changes without the serializer: the text must be
/// `serde_json`'s pretty text of the same diff, byte for byte.
#[test]
fn the_json_of_a_diff_is_serde_jsons_pretty_text() {
    let pretty = |d: &collab::engine::PlatformDiff| serde_json::to_string_pretty(d).unwrap() + "\n";
    let base = demo_engine();
    for seed in 0..30 {
        let changed = mutate(&base, "olga@acme.io", seed, 3);
        let d = diff_platforms(base.platform(), changed.platform());
        assert_eq!(collab::cli::diff::json(&d), pretty(&d), "seed {seed}");
    }
    let same = diff_platforms(base.platform(), base.platform());
    assert_eq!(collab::cli::diff::json(&same), pretty(&same));
    // Text that needs escaping, and role lists of every length.
    let state = |level, roles: &[&str]| collab::engine::AccessState {
        level,
        roles: roles.iter().map(ToString::to_string).collect(),
    };
    let odd = collab::engine::PlatformDiff {
        identical: false,
        changes: Vec::new(),
        access_diff: vec![
            collab::engine::AccessChange {
                member: "a\"b\\c\u{1}\u{7f}é@x.io".into(),
                env: "tab\there\n".into(),
                before: state(Level::None, &[]),
                after: state(Level::Groups, &["Ad\"min", "開発者"]),
            },
            collab::engine::AccessChange {
                member: "m@x.io".into(),
                env: "e".into(),
                before: state(Level::Direct, &["Viewer"]),
                after: state(Level::Base, &["A", "B", "C"]),
            },
        ],
    };
    assert_eq!(collab::cli::diff::json(&odd), pretty(&odd));
}

/// The two files load at once; a broken one is still named, and when both are broken
/// the old one is, as loading them in turn would.
#[test]
fn a_broken_file_is_named_and_the_old_one_first_when_both_are() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--state", "good.json", "init", "--demo"]);
    let good = std::fs::read(d.join("good.json")).unwrap();
    std::fs::write(d.join("cut.json"), "{").unwrap();
    std::fs::write(d.join("list.json"), "[]").unwrap();
    for (args, named, not) in [
        (["diff", "good.json", "cut.json"], "cut.json", "good.json"),
        (["diff", "cut.json", "good.json"], "cut.json", "good.json"),
        (["diff", "cut.json", "list.json"], "cut.json", "list.json"),
        (["diff", "list.json", "cut.json"], "list.json", "cut.json"),
    ] {
        let out = collab(d, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            err.contains("STATE_CORRUPT") && err.contains(named),
            "{args:?}: {err}"
        );
        assert!(!err.contains(not), "{args:?}: {err}");
    }
    // Nothing was written to any file.
    assert_eq!(std::fs::read(d.join("good.json")).unwrap(), good);
    assert_eq!(std::fs::read_to_string(d.join("cut.json")).unwrap(), "{");
    assert_eq!(std::fs::read_to_string(d.join("list.json")).unwrap(), "[]");
}
