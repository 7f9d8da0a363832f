//! Trust, part 3: bad state files. Truncated, empty, binary, wrong-shape JSON (missing
//! fields, wrong types, unknown references, duplicate names, missing parent groups,
//! values no command accepts), newer and older versions, an unreadable file and an
//! unwritable directory.
//!
//! Each gives exit 3 with one line naming the file and the problem, for readers,
//! writers, dry runs and the app alike, and leaves the file byte-identical with nothing
//! written beside it. The loader validates the whole platform before anything uses it:
//! a property test feeds it thousands of mutated demo files and checks that whatever it
//! accepts satisfies every invariant of the platform.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::cast_possible_truncation,
    clippy::format_push_string,
    clippy::if_not_else,
    clippy::manual_let_else,
    clippy::range_plus_one,
    clippy::redundant_closure_for_method_calls,
    clippy::semicolon_if_nothing_returned,
    clippy::similar_names,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

mod trust_common;

use std::path::Path;
use std::sync::OnceLock;

use collab::engine::demo::{OWNER, demo_document};
use collab::engine::{Engine, StateDocument};
use collab::store::Store;
use collab::workspace::{Workspace, engine_from};
use serde_json::{Value, json};
use trust_common::*;

// ----- building bad files ----------------------------------------------------------------

/// The demo as JSON, built once (building it runs the whole demo script).
fn demo_value() -> Value {
    static DEMO: OnceLock<Value> = OnceLock::new();
    DEMO.get_or_init(|| serde_json::to_value(demo_document()).expect("the demo as JSON"))
        .clone()
}

fn demo_bytes() -> Vec<u8> {
    let mut b = serde_json::to_vec(&demo_value()).expect("json");
    b.push(b'\n');
    b
}

/// The demo with one change, as file bytes.
fn demo_with(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v = demo_value();
    change(&mut v);
    serde_json::to_vec(&v).expect("json")
}

/// The element of `list` whose `field` is `value`.
fn item<'a>(v: &'a mut Value, list: &str, field: &str, value: &str) -> &'a mut Value {
    v[list]
        .as_array_mut()
        .expect("a list")
        .iter_mut()
        .find(|x| x[field] == value)
        .unwrap_or_else(|| panic!("no {list} entry with {field} = {value}"))
}

fn collab_of<'a>(v: &'a mut Value, owner: &str, member: &str) -> &'a mut Value {
    v["collaborations"]
        .as_array_mut()
        .expect("a list")
        .iter_mut()
        .find(|c| c["owner"] == owner && c["member"] == member)
        .unwrap_or_else(|| panic!("no collaboration {owner} → {member}"))
}

fn role_of<'a>(v: &'a mut Value, owner: &str, name: &str) -> &'a mut Value {
    v["roles"]
        .as_array_mut()
        .expect("a list")
        .iter_mut()
        .find(|r| r["owner"] == owner && r["name"] == name)
        .unwrap_or_else(|| panic!("no role {name} of {owner}"))
}

fn push(v: &mut Value, list: &str, entry: Value) {
    v[list].as_array_mut().expect("a list").push(entry);
}

fn remove_field(v: &mut Value, field: &str) {
    v.as_object_mut().expect("an object").remove(field);
}

/// One bad file: what is wrong, the code, and words the message must contain.
struct Case {
    label: String,
    bytes: Vec<u8>,
    code: &'static str,
    problem: &'static str,
}

fn case(label: &str, bytes: Vec<u8>, code: &'static str, problem: &'static str) -> Case {
    Case {
        label: label.to_string(),
        bytes,
        code,
        problem,
    }
}

fn bad_files() -> Vec<Case> {
    const C: &str = "STATE_CORRUPT";
    let demo = demo_bytes();
    let mut rng = Rng::new(0xbad_f11e);
    let random: Vec<u8> = (0..2048).map(|_| rng.next_u64() as u8).collect();
    let mut utf16 = vec![0xff, 0xfe];
    for unit in String::from_utf8_lossy(&demo).encode_utf16().take(500) {
        utf16.extend(unit.to_le_bytes());
    }
    let mut invalid_utf8 = demo[..40].to_vec();
    invalid_utf8.extend([0xc3, 0x28, 0xff]);
    invalid_utf8.extend(&demo[40..]);
    vec![
        // Truncated, empty, binary.
        case("one byte", demo[..1].to_vec(), C, "line 1 column"),
        case(
            "cut in half",
            demo[..demo.len() / 2].to_vec(),
            C,
            "line 1 column",
        ),
        case(
            "last bytes missing",
            demo[..demo.len() - 3].to_vec(),
            C,
            "EOF while parsing",
        ),
        case("empty", Vec::new(), C, "file is empty"),
        case("blank lines", b"\n \n\t\n".to_vec(), C, "file is empty"),
        case("random bytes", random, C, "line 1 column"),
        case("NUL bytes", vec![0; 64], C, "line 1 column"),
        case("UTF-16", utf16, C, "line 1 column 1"),
        case(
            "invalid UTF-8 in a string",
            invalid_utf8,
            C,
            "line 1 column",
        ),
        case(
            "two documents",
            [demo.clone(), demo.clone()].concat(),
            C,
            "trailing characters",
        ),
        // Wrong shape: missing fields.
        case(
            "account without email",
            demo_with(|v| remove_field(item(v, "accounts", "email", OWNER), "email")),
            C,
            "missing field `email`",
        ),
        case(
            "environment without owner",
            demo_with(|v| remove_field(item(v, "environments", "name", "shop-prod"), "owner")),
            C,
            "missing field `owner`",
        ),
        case(
            "collaboration without status",
            demo_with(|v| remove_field(collab_of(v, OWNER, "boris@acme.io"), "status")),
            C,
            "missing field `status`",
        ),
        case(
            "group without path",
            demo_with(|v| remove_field(item(v, "groups", "path", "Staging"), "path")),
            C,
            "missing field `path`",
        ),
        case(
            "task without seq",
            demo_with(|v| remove_field(&mut v["tasks"][0], "seq")),
            C,
            "missing field `seq`",
        ),
        // Wrong types.
        case(
            "a list at the top",
            b"[1, 2, 3]".to_vec(),
            C,
            "invalid type: sequence",
        ),
        case(
            "accounts as an object",
            demo_with(|v| v["accounts"] = json!({"olga": {}})),
            C,
            "invalid type: map",
        ),
        case(
            "cloudlets as a string",
            demo_with(|v| item(v, "environments", "name", "shop-prod")["cloudlets"] = json!("16")),
            C,
            "invalid type: string",
        ),
        case(
            "negative quota",
            demo_with(|v| item(v, "accounts", "email", OWNER)["max_environments"] = json!(-1)),
            C,
            "invalid value",
        ),
        case(
            "notify as a word",
            demo_with(|v| role_of(v, OWNER, "Admin")["notify"] = json!("yes")),
            C,
            "invalid type: string",
        ),
        case(
            "roles of a share as a string",
            demo_with(|v| {
                collab_of(v, OWNER, "boris@acme.io")["shares"][0]["roles"] = json!("Admin")
            }),
            C,
            "invalid type: string",
        ),
        // Unknown entity references.
        case(
            "environment of an unknown owner",
            demo_with(|v| {
                item(v, "environments", "name", "shop-prod")["owner"] = json!("ghost@acme.io")
            }),
            C,
            "unknown account 'ghost@acme.io'",
        ),
        case(
            "environment in an unknown group",
            demo_with(|v| {
                item(v, "environments", "name", "shop-prod")["groups"] = json!(["Nowhere"])
            }),
            C,
            "unknown group 'Nowhere'",
        ),
        case(
            "environment in another owner's group",
            demo_with(|v| item(v, "environments", "name", "shop-prod")["groups"] = json!(["Web"])),
            C,
            "unknown group 'Web'",
        ),
        case(
            "group of an unknown owner",
            demo_with(|v| item(v, "groups", "path", "Testing")["owner"] = json!("ghost@acme.io")),
            C,
            "unknown account 'ghost@acme.io'",
        ),
        case(
            "role with an unknown policy",
            demo_with(|v| role_of(v, OWNER, "Viewer")["policies"] = json!(["no.such.policy"])),
            C,
            "unknown policy 'no.such.policy'",
        ),
        case(
            "role with another owner's custom policy",
            demo_with(|v| {
                role_of(v, "nikolai@globex.io", "Viewer")["policies"] = json!(["Ship Releases"])
            }),
            C,
            "unknown policy 'Ship Releases'",
        ),
        case(
            "policy with an unknown method",
            demo_with(|v| v["policies"][0]["methods"] = json!(["env.control.Fly"])),
            C,
            "unknown method 'env.control.Fly'",
        ),
        case(
            "collaboration with an unknown member",
            demo_with(|v| collab_of(v, OWNER, "boris@acme.io")["member"] = json!("ghost@acme.io")),
            C,
            "unknown account 'ghost@acme.io'",
        ),
        case(
            "share with an unknown role",
            demo_with(|v| {
                collab_of(v, OWNER, "boris@acme.io")["shares"][0]["roles"] = json!(["Ghost"])
            }),
            C,
            "unknown role 'Ghost'",
        ),
        case(
            "share with another owner's role",
            demo_with(|v| {
                collab_of(v, "nikolai@globex.io", "anna@acme.io")["shares"][0]["roles"] =
                    json!(["Admin"])
            }),
            C,
            "unknown role 'Admin'",
        ),
        case(
            "share of an unknown group",
            demo_with(|v| {
                collab_of(v, OWNER, "boris@acme.io")["shares"][0]["target"] = json!("group:Ghost")
            }),
            C,
            "unknown group 'Ghost'",
        ),
        case(
            "share of an unknown environment",
            demo_with(|v| {
                collab_of(v, OWNER, "boris@acme.io")["shares"][0]["target"] = json!("env:ghost-env")
            }),
            C,
            "'ghost-env', not an environment of olga@acme.io",
        ),
        case(
            "share of another owner's environment",
            demo_with(|v| {
                collab_of(v, OWNER, "boris@acme.io")["shares"][0]["target"] =
                    json!("env:globex-web")
            }),
            C,
            "'globex-web', not an environment of olga@acme.io",
        ),
        case(
            "share of an unknown kind",
            demo_with(|v| {
                collab_of(v, OWNER, "boris@acme.io")["shares"][0]["target"] = json!("everything")
            }),
            C,
            "unknown share target 'everything'",
        ),
        case(
            "task of an unknown initiator",
            demo_with(|v| v["tasks"][0]["initiator"] = json!("ghost@acme.io")),
            C,
            "unknown account 'ghost@acme.io'",
        ),
        // Duplicate names.
        case(
            "duplicate account",
            demo_with(|v| {
                let a = item(v, "accounts", "email", OWNER).clone();
                push(v, "accounts", a);
            }),
            C,
            "duplicate account 'olga@acme.io'",
        ),
        case(
            "duplicate environment",
            demo_with(|v| {
                let mut e = item(v, "environments", "name", "shop-prod").clone();
                e["owner"] = json!("nikolai@globex.io");
                e["creator"] = json!("nikolai@globex.io");
                e["groups"] = json!([]);
                push(v, "environments", e);
            }),
            C,
            "duplicate environment name",
        ),
        case(
            "duplicate group",
            demo_with(|v| {
                let g = item(v, "groups", "path", "Staging").clone();
                push(v, "groups", g);
            }),
            C,
            "duplicate group",
        ),
        case(
            "duplicate role, other case",
            demo_with(|v| {
                let mut r = role_of(v, OWNER, "Viewer").clone();
                r["name"] = json!("VIEWER");
                push(v, "roles", r);
            }),
            C,
            "duplicate role name",
        ),
        case(
            "role that looks like another (Cyrillic А)",
            demo_with(|v| {
                let mut r = role_of(v, OWNER, "Viewer").clone();
                r["name"] = json!("Аdmin");
                push(v, "roles", r);
            }),
            C,
            "role 'Аdmin' looks like existing role 'Admin'",
        ),
        case(
            "group that looks like a sibling (Greek Τ)",
            demo_with(|v| {
                let mut g = item(v, "groups", "path", "Testing").clone();
                g["path"] = json!("Τesting");
                push(v, "groups", g);
            }),
            C,
            "group 'Τesting' looks like existing group 'Testing'",
        ),
        case(
            "custom policy that looks like a system policy",
            demo_with(|v| {
                let mut p = v["policies"][0].clone();
                p["name"] = json!("fs.vіew");
                push(v, "policies", p);
            }),
            C,
            "looks like system policy 'fs.view'",
        ),
        case(
            "description with a line break",
            demo_with(|v| {
                role_of(v, OWNER, "Viewer")["description"] = json!("Read\n| forged | row |")
            }),
            C,
            "invisible or control characters",
        ),
        case(
            "role name with a variation selector",
            demo_with(|v| role_of(v, OWNER, "Viewer")["name"] = json!("Viewer\u{FE0F}")),
            C,
            "invisible or control characters",
        ),
        case(
            "duplicate custom policy",
            demo_with(|v| {
                let p = v["policies"][0].clone();
                push(v, "policies", p);
            }),
            C,
            "duplicate policy name",
        ),
        case(
            "custom policy named like a system policy",
            demo_with(|v| {
                let mut p = v["policies"][0].clone();
                p["name"] = json!("fs.view");
                push(v, "policies", p);
            }),
            C,
            "duplicate policy name",
        ),
        case(
            "duplicate collaboration",
            demo_with(|v| {
                let c = collab_of(v, OWNER, "boris@acme.io").clone();
                push(v, "collaborations", c);
            }),
            C,
            "duplicate collaboration",
        ),
        case(
            "share target listed twice",
            demo_with(|v| {
                let shares = collab_of(v, OWNER, "boris@acme.io")["shares"]
                    .as_array_mut()
                    .expect("shares");
                let first = shares[0].clone();
                shares.push(first);
            }),
            C,
            "listed twice",
        ),
        // Missing parent groups.
        case(
            "missing parent group",
            demo_with(|v| {
                v["groups"]
                    .as_array_mut()
                    .expect("groups")
                    .retain(|g| !(g["owner"] == OWNER && g["path"] == "Production/EU"));
            }),
            C,
            "parent group 'Production/EU' is missing",
        ),
        // Values no command accepts.
        case(
            "upper-case email",
            demo_with(|v| {
                let a = item(v, "accounts", "email", "tom@freelance.dev");
                a["email"] = json!("Tom@Freelance.dev");
            }),
            C,
            "must be lower-case",
        ),
        case(
            "malformed email",
            demo_with(|v| {
                item(v, "accounts", "email", "tom@freelance.dev")["email"] = json!("tom")
            }),
            C,
            "exactly one '@'",
        ),
        case(
            "environment name with upper case",
            demo_with(|v| item(v, "environments", "name", "status-page")["name"] = json!("Status")),
            C,
            "environment name",
        ),
        case(
            "unknown environment status",
            demo_with(|v| {
                item(v, "environments", "name", "shop-prod")["status"] = json!("exploded")
            }),
            C,
            "unknown status 'exploded'",
        ),
        case(
            "zero cloudlets",
            demo_with(|v| item(v, "environments", "name", "shop-prod")["cloudlets"] = json!(0)),
            C,
            "cloudlets 0 out of range",
        ),
        case(
            "quota out of range",
            demo_with(|v| item(v, "accounts", "email", OWNER)["max_environments"] = json!(100_001)),
            C,
            "out of range",
        ),
        case(
            "account name with a control character",
            demo_with(|v| item(v, "accounts", "email", OWNER)["name"] = json!("Olga\u{1b}[2J")),
            C,
            "control characters",
        ),
        case(
            "group path with an empty segment",
            demo_with(|v| item(v, "groups", "path", "Testing")["path"] = json!("Testing//x")),
            C,
            "empty segment",
        ),
        case(
            "role name with a plus",
            demo_with(|v| role_of(v, OWNER, "Deployer")["name"] = json!("Deploy+er")),
            C,
            "must not contain '+' or '='",
        ),
        case(
            "role without policies",
            demo_with(|v| role_of(v, OWNER, "Viewer")["policies"] = json!([])),
            C,
            "at least one policy",
        ),
        case(
            "policy without methods",
            demo_with(|v| v["policies"][0]["methods"] = json!([])),
            C,
            "at least one method",
        ),
        case(
            "an account as its own member",
            demo_with(|v| collab_of(v, OWNER, "boris@acme.io")["member"] = json!(OWNER)),
            C,
            "its own member",
        ),
        case(
            "unknown member status",
            demo_with(|v| collab_of(v, OWNER, "boris@acme.io")["status"] = json!("friends")),
            C,
            "unknown status 'friends'",
        ),
        case(
            "unreadable time",
            demo_with(|v| collab_of(v, OWNER, "boris@acme.io")["changed"] = json!("yesterday")),
            C,
            "bad time 'yesterday'",
        ),
        case(
            "task numbers going back",
            demo_with(|v| v["tasks"][1]["seq"] = v["tasks"][0]["seq"].clone()),
            C,
            "sequence numbers must increase",
        ),
        case(
            "unknown task outcome",
            demo_with(|v| v["tasks"][0]["outcome"] = json!("maybe")),
            C,
            "unknown outcome 'maybe'",
        ),
        // Versions.
        case(
            "newer version",
            // (Format 2 since issue 12: 3 is the next one.)
            demo_with(|v| v["version"] = json!(3)),
            "STATE_VERSION",
            "format version 3, this build reads up to 2",
        ),
        case(
            "far newer version, another shape",
            br#"{"version": 4294967295, "platform": {"accounts": 12}}"#.to_vec(),
            "STATE_VERSION",
            "format version 4294967295",
        ),
        case(
            "older version than any",
            demo_with(|v| v["version"] = json!(0)),
            C,
            "format version 0 is not supported",
        ),
        case(
            "no version",
            demo_with(|v| remove_field(v, "version")),
            C,
            "missing field `version`",
        ),
        case(
            "version as a string",
            demo_with(|v| v["version"] = json!("1")),
            C,
            "invalid type: string",
        ),
    ]
}

// ----- checking ---------------------------------------------------------------------------

/// Every kind of use of a state file: readers, writers, dry runs, JSON output.
const USES: &[&[&str]] = &[
    &["account", "list"],
    &["--as", OWNER, "env", "list", "--json"],
    &["--as", OWNER, "env", "create", "trust-new"],
    &[
        "--as",
        OWNER,
        "--dry-run",
        "member",
        "suspend",
        "anna@acme.io",
    ],
    &["--as", OWNER, "--json", "member", "invite", "x@trust.io"],
];

fn without_lock(mut names: Vec<String>) -> Vec<String> {
    names.retain(|n| n != "state.json.lock");
    names
}

/// Runs `args` on a file that cannot be used and checks the refusal: exit 3, one line
/// naming the file and the problem (and the code in JSON), the file untouched and
/// nothing new beside it but the writers' lock.
fn assert_refused(w: &World, label: &str, args: &[&str], code: &str, problem: &str) {
    let before = w.bytes();
    let entries = without_lock(w.entries());
    let r = w.run(args);
    assert_eq!(
        r.code, 3,
        "{label}: collab {args:?}: {}{}",
        r.stdout, r.stderr
    );
    let path = w.state.display().to_string();
    let expected_start = format!("error: {code}: ");
    assert!(
        r.stderr.starts_with(&expected_start),
        "{label}: collab {args:?}: {}",
        r.stderr
    );
    assert_eq!(
        r.stderr.lines().count(),
        1,
        "{label}: one line: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&path),
        "{label}: the message names the file: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(problem),
        "{label}: the message names the problem ({problem}): {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{label}: {}", r.stderr);
    if args.contains(&"--json") {
        assert_eq!(r.error_code(), code, "{label}: {args:?}");
    }
    assert_eq!(
        w.bytes(),
        before,
        "{label}: collab {args:?} changed the file"
    );
    assert_eq!(
        without_lock(w.entries()),
        entries,
        "{label}: collab {args:?} wrote beside the file"
    );
}

#[test]
fn every_bad_file_is_refused_with_exit_3_a_message_naming_it_and_no_change() {
    let w = World::new();
    for c in bad_files() {
        std::fs::write(&w.state, &c.bytes).expect("write the bad file");
        for args in USES {
            assert_refused(&w, &c.label, args, c.code, c.problem);
        }
    }
}

#[test]
fn the_app_refuses_every_bad_file_the_same_way() {
    let w = World::new();
    for c in bad_files() {
        std::fs::write(&w.state, &c.bytes).expect("write the bad file");
        // The workspace the app opens, in-process.
        let err = match Workspace::open(Store::new(&w.state)) {
            Ok(_) => panic!("{}: the app opened a bad file", c.label),
            Err(e) => e,
        };
        assert_eq!(err.code(), c.code, "{}: {err}", c.label);
        assert!(err.to_string().contains(c.problem), "{}: {err}", c.label);
        assert_eq!(err.path(), w.state.as_path());
        assert_eq!(
            std::fs::read(&w.state).expect("read"),
            c.bytes,
            "{}",
            c.label
        );
    }
    // The binary without a subcommand (the app) exits 3 before touching the terminal.
    for c in bad_files().into_iter().step_by(9) {
        std::fs::write(&w.state, &c.bytes).expect("write the bad file");
        let r = w.run::<&str>(&[]);
        assert_eq!(r.code, 3, "{}: {}{}", c.label, r.stdout, r.stderr);
        assert!(
            r.stderr.starts_with(&format!("error: {}: ", c.code)),
            "{}: {}",
            c.label,
            r.stderr
        );
        assert_eq!(w.bytes(), c.bytes, "{}", c.label);
    }
}

#[test]
fn json_syntax_errors_give_the_line_and_column() {
    let w = World::new();
    let mut pretty = serde_json::to_string_pretty(&demo_value()).expect("json");
    // Break line 5 of a hand-edited (pretty) file: a missing comma.
    let lines: Vec<&str> = pretty.lines().collect();
    let line5 = lines[4].trim_end_matches(',').to_string();
    let mut broken: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    broken[4] = line5;
    pretty = broken.join("\n");
    std::fs::write(&w.state, &pretty).expect("write");
    let r = w.run(&["account", "list"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("is corrupt at line 6 column "),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.trim_end().ends_with(&format!(
            "move it aside with: collab --state {} init --force",
            w.state.display()
        )),
        "says what to do: {}",
        r.stderr
    );
}

#[test]
fn init_never_replaces_a_bad_file_unless_forced_and_then_keeps_it() {
    let w = World::new();
    let bad = demo_bytes()[..100].to_vec();
    std::fs::write(&w.state, &bad).expect("write");
    let r = w.run(&["init", "--demo", "--json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.error_code(), "DUPLICATE");
    assert_eq!(w.bytes(), bad);
    let r = w.run(&["init", "--demo", "--force", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(w.bytes(), bad, "a dry run keeps the file");
    w.ok(&["init", "--demo", "--force"]);
    let backup = w
        .entries()
        .into_iter()
        .find(|n| n.starts_with("state.json.bak-"))
        .expect("the bad file is kept");
    assert_eq!(
        std::fs::read(w.dir.path().join(backup)).expect("backup"),
        bad
    );
    w.ok(&["account", "list"]);
}

// ----- permissions --------------------------------------------------------------------------

/// Runs the binary as a user that permissions apply to: this one, or `nobody` when the
/// tests run as root (who may read and write anything).
#[cfg(unix)]
struct Restricted {
    as_nobody: bool,
}

#[cfg(unix)]
impl Restricted {
    /// `None` when no restricted run can be made here (as root without the capability
    /// to change uid, which some sandboxes withhold).
    fn new(w: &World) -> Option<Restricted> {
        use std::os::unix::fs::MetadataExt;
        use std::os::unix::process::CommandExt;
        let uid = std::fs::metadata(w.dir.path()).expect("temp dir").uid();
        if uid != 0 {
            return Some(Restricted { as_nobody: false });
        }
        let mut probe = std::process::Command::new(env!("CARGO_BIN_EXE_collab"));
        probe.arg("--version").uid(65534).gid(65534);
        match probe.output() {
            Ok(out) if out.status.success() => Some(Restricted { as_nobody: true }),
            other => {
                eprintln!("skipping: cannot run collab as nobody here ({other:?})");
                None
            }
        }
    }

    fn run(&self, w: &World, args: &[&str]) -> Run {
        self.run_on(&w.state, args)
    }

    fn run_on(&self, state: &Path, args: &[&str]) -> Run {
        use std::os::unix::process::CommandExt;
        let mut cmd = collab(state);
        cmd.args(args);
        if self.as_nobody {
            cmd.uid(65534).gid(65534);
        }
        run_cmd(cmd)
    }

    /// A directory mode that lets the restricted user in but not write: `nobody` is
    /// "others" of a root-owned directory; this user is its owner.
    fn read_only_dir(&self) -> u32 {
        if self.as_nobody { 0o755 } else { 0o555 }
    }
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_exit_3_and_left_alone() {
    let w = World::demo();
    let Some(user) = Restricted::new(&w) else {
        return;
    };
    let good = w.bytes();
    chmod(w.dir.path(), 0o755);
    chmod(&w.state, 0o000);
    for args in USES {
        let r = user.run(&w, args);
        assert_eq!(r.code, 3, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.starts_with(&format!(
                "error: STATE_IO: cannot read state file {}: ",
                w.state.display()
            )),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("Permission denied"), "{}", r.stderr);
    }
    chmod(&w.state, 0o600);
    assert_eq!(w.bytes(), good);
}

#[cfg(unix)]
#[test]
fn an_unwritable_directory_refuses_changes_with_exit_3_and_still_reads() {
    let w = World::demo();
    let Some(user) = Restricted::new(&w) else {
        return;
    };
    let good = w.bytes();
    let lock = w.dir.path().join("state.json.lock");
    std::fs::remove_file(&lock).expect("no lock file yet");
    // The file itself is writable for the user: only the directory is not.
    chmod(&w.state, 0o666);
    chmod(w.dir.path(), user.read_only_dir());
    let entries = w.entries();

    // Readers work.
    let r = user.run(&w, &["--as", OWNER, "env", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Writers cannot even create the lock beside the file: the message says that the
    // directory is not writable, and blames no lock file (there is none). So for a
    // state file that does not exist yet.
    let missing = w.dir.path().join("new.json");
    for (state, args) in [
        (&w.state, ["--as", OWNER, "env", "create", "trust-new"]),
        (&missing, ["account", "add", "new@x.io", "--name", "New"]),
    ] {
        let lock = state.with_extension("json.lock");
        let expected = format!(
            "cannot create the lock file {} of state file {}: the directory {} is not writable \
             (Permission denied (os error 13)); a change needs to create files there",
            lock.display(),
            state.display(),
            w.dir.path().display()
        );
        let r = user.run_on(state, &args);
        assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
        assert_eq!(r.stderr, format!("error: STATE_IO: {expected}\n"));
        let r = user.run_on(state, &[&["--json"][..], &args].concat());
        assert_eq!(r.error_code(), "STATE_IO");
        assert_eq!(r.json()["error"]["message"], expected.as_str());
        assert_eq!(w.bytes(), good);
        assert_eq!(w.entries(), entries);
    }

    // With a lock file they may use, the save itself fails: no temporary file can be
    // made in the directory. Still exit 3, still untouched.
    chmod(w.dir.path(), 0o700);
    std::fs::write(&lock, b"").expect("lock file");
    chmod(&lock, 0o666);
    chmod(w.dir.path(), user.read_only_dir());
    let entries = w.entries();
    let r = user.run(&w, &["--as", OWNER, "member", "suspend", "anna@acme.io"]);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: STATE_IO: cannot write state file {}: cannot create a file in its \
             directory {} (Permission denied (os error 13))\n",
            w.state.display(),
            w.dir.path().display()
        )
    );
    assert_eq!(w.bytes(), good);
    assert_eq!(w.entries(), entries, "no temporary file is left");
    chmod(w.dir.path(), 0o700);
}

/// Runs `collab` on `state` as the user `uid` with the group `gid` (and no others).
#[cfg(unix)]
fn run_as(state: &Path, uid: u32, gid: u32, args: &[&str]) -> Run {
    use std::os::unix::process::CommandExt;
    let mut cmd = collab(state);
    cmd.args(args).uid(uid).gid(gid);
    run_cmd(cmd)
}

/// Whether these tests run as root, who may give files to other users; the tests
/// that need it say so and stop when not (CI runs as root).
#[cfg(unix)]
fn root(w: &World, what: &str) -> bool {
    use std::os::unix::fs::MetadataExt;
    let root = std::fs::metadata(w.dir.path()).expect("dir").uid() == 0;
    if !root {
        eprintln!("note: not running as root; skipped: {what}");
    }
    root
}

#[cfg(unix)]
fn owner_group_mode(path: &Path) -> (u32, u32, u32) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).expect("metadata");
    (meta.uid(), meta.gid(), meta.mode() & 0o777)
}

/// A file a team shares through its group stays the team's whoever saves it: another
/// member of the group (the file keeps its mode and group, so its owner still reads
/// and changes it), and root (who gives it back to its owner). The lock file made
/// beside it is usable by the group too.
#[cfg(unix)]
#[test]
fn a_save_by_another_member_of_the_group_keeps_the_file_shared() {
    use std::os::unix::fs::chown;
    let w = World::demo();
    if !root(&w, "saves by other users keep the owner and group") {
        return;
    }
    chmod(w.dir.path(), 0o755);
    let shared = w.dir.path().join("shared");
    std::fs::create_dir(&shared).expect("mkdir");
    let state = shared.join("s.json");
    std::fs::copy(&w.state, &state).expect("copy");
    chown(&shared, Some(1000), Some(1000)).expect("chown dir");
    chmod(&shared, 0o2775);
    chown(&state, Some(1000), Some(1000)).expect("chown file");
    chmod(&state, 0o660);

    let r = run_as(&state, 1001, 1000, &["--as", OWNER, "group", "add", "ByB"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, gid, mode) = owner_group_mode(&state);
    assert_eq!(format!("{gid} {mode:o}"), "1000 660", "group and mode kept");
    let (_, gid, mode) = owner_group_mode(&shared.join("s.json.lock"));
    assert_eq!(format!("{gid} {mode:o}"), "1000 660", "the lock file's");

    // The file's owner still reads it and changes it.
    let r = run_as(
        &state,
        1000,
        1000,
        &["--as", OWNER, "group", "add", "ByOwner"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Root's save gives it back to its owner, as it was.
    let r = run_with(&state, &["--as", OWNER, "group", "add", "ByRoot"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (uid, gid, mode) = owner_group_mode(&state);
    assert_eq!(format!("{uid}:{gid} {mode:o}"), "1000:1000 660");
    let doc = parse_doc(&std::fs::read(&state).expect("read"));
    for group in ["ByB", "ByOwner", "ByRoot"] {
        assert!(doc.groups.iter().any(|g| g.path == group), "{group} saved");
    }
}

/// A saver that cannot give the new file the old one's group never opens it to its
/// own group: that group gets what everyone else had.
#[cfg(unix)]
#[test]
fn a_save_that_cannot_keep_the_group_does_not_open_the_file_to_another_group() {
    use std::os::unix::fs::chown;
    let w = World::demo();
    if !root(&w, "a save that cannot keep the group") {
        return;
    }
    chmod(w.dir.path(), 0o777);
    std::fs::remove_file(w.dir.path().join("state.json.lock")).expect("root's lock file");
    // Owned by nobody, shared with group 1000, which nobody is not in.
    chown(&w.state, Some(65534), Some(1000)).expect("chown");
    chmod(&w.state, 0o660);
    let r = run_as(
        &w.state,
        65534,
        65534,
        &["--as", OWNER, "group", "add", "X"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (uid, gid, mode) = owner_group_mode(&w.state);
    assert_eq!(format!("{uid}:{gid} {mode:o}"), "65534:65534 600");
    chmod(w.dir.path(), 0o700);
}

#[test]
fn a_state_path_that_is_a_directory_is_exit_3() {
    let w = World::new();
    std::fs::create_dir(&w.state).expect("mkdir");
    for args in USES {
        let r = w.run(args);
        assert_eq!(r.code, 3, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: STATE_IO: "), "{}", r.stderr);
        assert!(
            r.stderr.contains(&w.state.display().to_string()),
            "{}",
            r.stderr
        );
    }
    assert!(w.state.is_dir());
}

// ----- the loader validates the whole platform ---------------------------------------------

/// What no command could ever have written is refused on load too: strings that reach
/// the terminal carry no control characters and stay within the engine's limits.
#[test]
fn the_loader_refuses_text_no_command_could_have_written() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "role description with an escape sequence",
            demo_with(|v| role_of(v, OWNER, "Viewer")["description"] = json!("x\u{1b}[2Jy")),
        ),
        (
            "role description over 500 characters",
            demo_with(|v| role_of(v, OWNER, "Viewer")["description"] = json!("d".repeat(501))),
        ),
        (
            "policy description with a NUL",
            demo_with(|v| v["policies"][0]["description"] = json!("ship\u{0}it")),
        ),
        (
            "task method with an escape sequence",
            demo_with(|v| v["tasks"][0]["method"] = json!("env.control.StartEnv\u{1b}[2J")),
        ),
        (
            "task environment with a bell",
            demo_with(|v| v["tasks"][0]["env"] = json!("shop\u{7}prod")),
        ),
        (
            // Names are checked once per distinct name: a bad one late in the log too.
            "the last task's environment with a bell",
            demo_with(|v| {
                let last = v["tasks"].as_array().map_or(0, Vec::len) - 1;
                v["tasks"][last]["env"] = json!("shop\u{7}prod");
            }),
        ),
        (
            "task reason with an escape sequence",
            demo_with(|v| {
                let last = v["tasks"].as_array().map_or(0, Vec::len) - 1;
                v["tasks"][last]["reason"] = json!("denied\u{1b}]0;owned\u{7}");
            }),
        ),
    ];
    let w = World::new();
    let mut accepted = Vec::new();
    for (label, bytes) in cases {
        std::fs::write(&w.state, &bytes).expect("write");
        let r = w.run(&["account", "list"]);
        if r.code != 3 {
            accepted.push(label);
        } else {
            assert!(
                r.stderr.starts_with("error: STATE_CORRUPT: "),
                "{}",
                r.stderr
            );
        }
        assert_eq!(w.bytes(), bytes);
    }
    assert!(
        accepted.is_empty(),
        "the loader accepted text no command accepts: {accepted:?}"
    );
}

/// Mutations of one JSON value: the ways a file gets damaged or hand-edited wrongly.
fn mutate(v: &mut Value, rng: &mut Rng, pool: &[Value]) {
    // Pick a random node, as a JSON pointer, then change it.
    let mut pointer = String::new();
    let mut at: &Value = v;
    for _ in 0..rng.below(5) {
        let next = match at {
            Value::Object(map) if !map.is_empty() => {
                let (k, x) = map.iter().nth(rng.below(map.len())).expect("entry");
                pointer.push('/');
                pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                x
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                pointer.push_str(&format!("/{i}"));
                &items[i]
            }
            _ => break,
        };
        at = next;
    }
    let node = v.pointer_mut(&pointer).expect("the node just walked to");
    match rng.below(7) {
        0 => {
            // Drop a field or an element.
            match node {
                Value::Object(map) if !map.is_empty() => {
                    let k = map.keys().nth(rng.below(map.len())).cloned().expect("key");
                    map.remove(&k);
                }
                Value::Array(items) if !items.is_empty() => {
                    items.remove(rng.below(items.len()));
                }
                _ => *node = Value::Null,
            }
        }
        1 => {
            // Duplicate an element, or a field's value under another field.
            if let Value::Array(items) = node
                && !items.is_empty()
            {
                let x = items[rng.below(items.len())].clone();
                items.push(x);
            }
        }
        2 => {
            // Swap two elements.
            if let Value::Array(items) = node
                && items.len() > 1
            {
                let (a, b) = (rng.below(items.len()), rng.below(items.len()));
                items.swap(a, b);
            }
        }
        3 | 4 => *node = rng.pick(pool).clone(),
        5 => {
            if let Value::String(s) = node {
                *s = s.to_uppercase();
            }
        }
        _ => {
            if let Value::String(s) = node {
                let cut = s.char_indices().nth(rng.below(s.chars().count() + 1));
                match cut {
                    Some((i, _)) => s.truncate(i),
                    None => s.push('/'),
                }
            }
        }
    }
}

/// Every string, number and small structure of the demo, plus troublemakers: the values
/// a mutation puts somewhere else.
fn value_pool(v: &Value) -> Vec<Value> {
    fn walk(v: &Value, out: &mut Vec<Value>) {
        match v {
            Value::Object(map) => map.values().for_each(|x| walk(x, out)),
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            other => out.push(other.clone()),
        }
    }
    let mut out = Vec::new();
    walk(v, &mut out);
    out.sort_by_key(|x| x.to_string());
    out.dedup();
    out.extend([
        Value::Null,
        json!(0),
        json!(-1),
        json!(u32::MAX),
        json!(u64::MAX),
        json!(1.5),
        json!(""),
        json!("//"),
        json!(" padded "),
        json!("\u{1b}[2J"),
        json!([]),
        json!({}),
        json!(true),
    ]);
    out
}

#[test]
fn whatever_the_loader_accepts_satisfies_every_invariant() {
    const ROUNDS: usize = 600;
    let base = demo_value();
    let pool = value_pool(&base);
    let store = Store::new("/nonexistent/trust/state.json");
    let mut rng = Rng::new(0x0010_ade4);
    let (mut accepted, mut refused) = (0, 0);
    for round in 0..ROUNDS {
        let mut v = base.clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut v, &mut rng, &pool);
        }
        let bytes = serde_json::to_vec(&v).expect("json");
        let parsed = store.parse::<StateDocument>(&bytes);
        let loaded = parsed.and_then(|doc| engine_from(&store, Some(doc)));
        match loaded {
            Err(e) => {
                refused += 1;
                assert!(
                    matches!(e.code(), "STATE_CORRUPT" | "STATE_VERSION"),
                    "round {round}: {e}"
                );
                assert!(e.to_string().contains("/nonexistent/trust/state.json"));
            }
            Ok(engine) => {
                accepted += 1;
                let p = engine.platform();
                if let Err(e) = p.check_invariants() {
                    panic!("round {round}: a loaded platform breaks an invariant: {e}");
                }
                // It saves and loads back to the same platform.
                let doc = engine.to_document();
                let again = Engine::from_document(&doc)
                    .unwrap_or_else(|e| panic!("round {round}: its own save is refused: {e}"));
                assert_eq!(again.to_document(), doc, "round {round}");
                // And the views work on it.
                for a in p.account_ids() {
                    let _ = p.env_rows(a);
                    let _ = p.collaboration_rows(a);
                    let _ = p.task_rows(a, None, Some(5));
                }
                for e in p.env_ids() {
                    let _ = p.who_rows(None, e);
                    let _ = p.share_rows(None, e);
                }
            }
        }
    }
    eprintln!("{accepted} mutated files accepted, {refused} refused");
    assert!(accepted > 0 && refused > 0, "{accepted} / {refused}");
}
