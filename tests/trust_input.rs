//! Trust, part 4: hostile input. A table of invalid values for every argument of every
//! command: empty and very long strings, control characters, emails without or with
//! several `@`, upper case or spaces in environment names, empty or `//` group paths,
//! unknown roles, policies, actions, accounts and environments, malformed `--share`
//! specifications, out-of-range numbers, absurd snapshot sizes.
//!
//! Each row is refused with its specific code, exit 1 (refused) or 2 (usage), one line
//! on stderr and the error object in JSON, never a panic, and the state file stays
//! byte-identical. Validation lives in the engine, so the same rows typed into the
//! app's palette get the same answers, and the engine itself refuses what the command
//! line cannot even pass (NUL bytes, megabyte strings).

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

mod trust_common;

use std::collections::HashMap;

use clap::Parser;
use collab::cli::args::Cli;
use collab::cli::plan::{self, Plan};
use collab::engine::demo::{DEMO_NOW, OWNER, demo_engine};
use collab::engine::validate::{self, ShareSpec};
use collab::engine::{Catalogue, Command, MemberOp, Timestamp};
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use trust_common::*;

const O: Option<&str> = Some(OWNER);
const ANNA: &str = "anna@acme.io";
const TOM: &str = "tom@freelance.dev";

/// One invalid invocation: who acts (`--as`), the arguments, the expected code.
struct Row {
    actor: Option<String>,
    args: Vec<String>,
    code: &'static str,
}

impl Row {
    fn exit(&self) -> i32 {
        if self.code == "USAGE" { 2 } else { 1 }
    }

    fn label(&self) -> String {
        let mut s = format!("{:?}", self.args);
        if s.len() > 160 {
            let cut = s.char_indices().nth(160).map_or(s.len(), |(i, _)| i);
            s.truncate(cut);
            s.push('…');
        }
        match &self.actor {
            Some(a) => format!("--as {} {s}", a.chars().take(40).collect::<String>()),
            None => s,
        }
    }
}

fn row(actor: Option<&str>, args: &[&str], code: &'static str) -> Row {
    Row {
        actor: actor.map(str::to_string),
        args: args.iter().map(|a| a.to_string()).collect(),
        code,
    }
}

/// The table. `gen_out` is where `generate` would write (it must never appear).
fn rows(gen_out: &str) -> Vec<Row> {
    let long = "a".repeat(100_000);
    let long_email = format!("{}@acme.io", "b".repeat(300));
    let long_local = format!("{}@acme.io", "c".repeat(65));
    let long_segment = "S".repeat(65);
    let deep = vec!["d"; 65].join("/");
    let long_desc = "x".repeat(501);
    let long_name = "N".repeat(101);
    let long_role = "R".repeat(65);
    let long_env = "e".repeat(33);
    let long_share = format!("envs={}+Ghost", vec!["Viewer"; 10_000].join("+"));
    let l = long.as_str();
    let mut v = vec![
        // ----- global options and grammar
        row(None, &["frobnicate"], "USAGE"),
        row(None, &["env", "list"], "USAGE"),
        row(Some(""), &["env", "list"], "NOT_FOUND"),
        row(Some("ghost@acme.io"), &["env", "list"], "NOT_FOUND"),
        row(
            Some("not an email"),
            &["env", "create", "fresh"],
            "NOT_FOUND",
        ),
        row(Some(l), &["role", "list"], "NOT_FOUND"),
        row(O, &["env", "list", "--bogus"], "USAGE"),
        row(O, &["account", "list", "extra"], "USAGE"),
        // A command group without its subcommand.
        row(O, &["env"], "USAGE"),
        row(O, &["member", "--owner", OWNER], "USAGE"),
        row(None, &["account"], "USAGE"),
        // ----- init and generate
        row(None, &["init", "--demo"], "DUPLICATE"),
        row(None, &["init", "--demo", "--colour"], "USAGE"),
    ];
    let generate = |accounts: &str, envs: &str, groups: &str, depth: &str, members: &str| {
        vec![
            "generate".to_string(),
            "--accounts".into(),
            accounts.into(),
            "--envs".into(),
            envs.into(),
            "--groups".into(),
            groups.into(),
            "--depth".into(),
            depth.into(),
            "--members".into(),
            members.into(),
            "--out".into(),
            gen_out.into(),
        ]
    };
    for (args, code) in [
        (generate("4294967296", "1", "1", "1", "0"), "USAGE"),
        (generate("-1", "1", "1", "1", "0"), "USAGE"),
        (generate("ten", "1", "1", "1", "0"), "USAGE"),
        (generate("100001", "1", "1", "1", "0"), "USAGE"),
        (generate("5", "0", "1", "1", "0"), "USAGE"),
        (generate("5", "100001", "1", "1", "0"), "USAGE"),
        (generate("5", "1", "100001", "1", "0"), "USAGE"),
        (generate("5", "1", "1", "0", "0"), "USAGE"),
        (generate("5", "1", "1", "17", "0"), "USAGE"),
        (generate("5", "1", "1", "1", "6"), "USAGE"),
    ] {
        v.push(Row {
            actor: None,
            args,
            code,
        });
    }
    v.extend([
        row(
            None,
            &["generate", "--accounts", "1", "--envs", "1"],
            "USAGE",
        ),
        // ----- account add EMAIL [--name] [--max-envs]
        row(None, &["account", "add", ""], "VALIDATION"),
        row(None, &["account", "add", "olga.acme.io"], "VALIDATION"),
        row(None, &["account", "add", "a@@acme.io"], "VALIDATION"),
        row(None, &["account", "add", "a@b@acme.io"], "VALIDATION"),
        row(None, &["account", "add", "@acme.io"], "VALIDATION"),
        row(None, &["account", "add", "ann@"], "VALIDATION"),
        row(None, &["account", "add", "ann@acme"], "VALIDATION"),
        row(None, &["account", "add", "ann smith@acme.io"], "VALIDATION"),
        row(None, &["account", "add", " ann@acme.io"], "VALIDATION"),
        row(None, &["account", "add", "ann@acme.io\n"], "VALIDATION"),
        row(None, &["account", "add", "an\u{7}n@acme.io"], "VALIDATION"),
        row(None, &["account", "add", "ann@ac\u{1b}me.io"], "VALIDATION"),
        row(None, &["account", "add", "ü@acme.io"], "VALIDATION"),
        row(None, &["account", "add", "ann@-acme.io"], "VALIDATION"),
        row(None, &["account", "add", "an..n@acme.io"], "VALIDATION"),
        row(None, &["account", "add", &long_email], "VALIDATION"),
        row(None, &["account", "add", &long_local], "VALIDATION"),
        row(None, &["account", "add", l], "VALIDATION"),
        row(None, &["account", "add", "Olga@ACME.io"], "DUPLICATE"),
        row(
            None,
            &["account", "add", "new@acme.io", "--name", ""],
            "VALIDATION",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--name", "   "],
            "VALIDATION",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--name", " Ann"],
            "VALIDATION",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--name", "A\tnn"],
            "VALIDATION",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--name", "A\u{115F}nn"],
            "VALIDATION",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--name", "Ann\u{0600}"],
            "VALIDATION",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--name", &long_name],
            "VALIDATION",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--max-envs", "100001"],
            "VALIDATION",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--max-envs", "-1"],
            "USAGE",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--max-envs", "4294967296"],
            "USAGE",
        ),
        row(
            None,
            &["account", "add", "new@acme.io", "--max-envs", "ten"],
            "USAGE",
        ),
        row(None, &["account", "add"], "USAGE"),
        // ----- group add|remove|rename PATH [--owner]
        row(O, &["group", "add", ""], "VALIDATION"),
        row(O, &["group", "add", "/"], "VALIDATION"),
        row(O, &["group", "add", "//"], "VALIDATION"),
        row(O, &["group", "add", "A//B"], "VALIDATION"),
        row(O, &["group", "add", "/A"], "VALIDATION"),
        row(O, &["group", "add", "A/"], "VALIDATION"),
        row(O, &["group", "add", " A"], "VALIDATION"),
        row(O, &["group", "add", "A /B"], "VALIDATION"),
        row(O, &["group", "add", "A/\tB"], "VALIDATION"),
        row(O, &["group", "add", "A\u{1b}[2J"], "VALIDATION"),
        row(O, &["group", "add", &long_segment], "VALIDATION"),
        row(O, &["group", "add", &deep], "VALIDATION"),
        row(O, &["group", "add", l], "VALIDATION"),
        row(O, &["group", "add", "Staging"], "DUPLICATE"),
        row(O, &["group", "add", "Ѕtaging"], "DUPLICATE"),
        row(O, &["group", "add", "staging"], "DUPLICATE"),
        row(O, &["group", "add", "Staging\u{FE0F}"], "VALIDATION"),
        row(O, &["group", "add", "Staging\u{E0041}"], "VALIDATION"),
        row(O, &["group", "add", "Sta\u{3164}ging"], "VALIDATION"),
        row(
            O,
            &["group", "add", "X", "--owner", "ghost@acme.io"],
            "NOT_FOUND",
        ),
        row(O, &["group", "add", "X", "--owner", ""], "NOT_FOUND"),
        row(O, &["group", "remove", "Nope"], "NOT_FOUND"),
        row(O, &["group", "remove", ""], "VALIDATION"),
        row(O, &["group", "remove", "Production//EU"], "VALIDATION"),
        row(O, &["group", "rename", "Staging", ""], "VALIDATION"),
        row(O, &["group", "rename", "Staging", "A/B"], "VALIDATION"),
        row(O, &["group", "rename", "Staging", " Stage"], "VALIDATION"),
        row(
            O,
            &["group", "rename", "Staging", "St\u{7}age"],
            "VALIDATION",
        ),
        row(
            O,
            &["group", "rename", "Staging", &long_segment],
            "VALIDATION",
        ),
        row(
            O,
            &["group", "rename", "Staging", "Staging"],
            "INVALID_STATE",
        ),
        row(O, &["group", "rename", "Staging", "Testing"], "DUPLICATE"),
        row(O, &["group", "rename", "Staging", "Τesting"], "DUPLICATE"),
        row(
            O,
            &["group", "rename", "Staging", "Te\u{2800}sting"],
            "VALIDATION",
        ),
        row(O, &["group", "rename", "Nope", "Other"], "NOT_FOUND"),
        row(O, &["group", "rename", "Staging"], "USAGE"),
        // ----- env create NAME [--group]... [--owner] [--cloudlets]
        row(O, &["env", "create", ""], "VALIDATION"),
        row(O, &["env", "create", "ab"], "VALIDATION"),
        row(O, &["env", "create", &long_env], "VALIDATION"),
        row(O, &["env", "create", "Shop"], "VALIDATION"),
        row(O, &["env", "create", "SHOP-PROD"], "VALIDATION"),
        row(O, &["env", "create", "shop prod"], "VALIDATION"),
        row(O, &["env", "create", " shop"], "VALIDATION"),
        row(O, &["env", "create", "shop_prod"], "VALIDATION"),
        row(O, &["env", "create", "shop.prod"], "VALIDATION"),
        row(O, &["env", "create", "шоп-прод"], "VALIDATION"),
        row(O, &["env", "create", "shop\u{7}"], "VALIDATION"),
        row(O, &["env", "create", l], "VALIDATION"),
        row(O, &["env", "create", "shop-prod"], "DUPLICATE"),
        row(O, &["env", "create", "fresh", "--group", ""], "VALIDATION"),
        row(
            O,
            &["env", "create", "fresh", "--group", "Production//EU"],
            "VALIDATION",
        ),
        row(
            O,
            &["env", "create", "fresh", "--group", "Nope"],
            "NOT_FOUND",
        ),
        row(
            O,
            &["env", "create", "fresh", "--group", "Web"],
            "NOT_FOUND",
        ),
        row(
            O,
            &["env", "create", "fresh", "--owner", "ghost@acme.io"],
            "NOT_FOUND",
        ),
        row(
            O,
            &["env", "create", "fresh", "--cloudlets", "0"],
            "VALIDATION",
        ),
        row(
            O,
            &["env", "create", "fresh", "--cloudlets", "65"],
            "VALIDATION",
        ),
        row(
            O,
            &["env", "create", "fresh", "--cloudlets", "4294967295"],
            "VALIDATION",
        ),
        row(
            O,
            &["env", "create", "fresh", "--cloudlets", "4294967296"],
            "USAGE",
        ),
        row(O, &["env", "create", "fresh", "--cloudlets", "-1"], "USAGE"),
        row(
            O,
            &["env", "create", "fresh", "--cloudlets", "many"],
            "USAGE",
        ),
        row(O, &["env", "create"], "USAGE"),
        // ----- env attach|detach NAME --group PATH
        row(
            O,
            &["env", "attach", "ghost-env", "--group", "Staging"],
            "NOT_FOUND",
        ),
        row(
            O,
            &["env", "attach", "shop-prod", "--group", ""],
            "VALIDATION",
        ),
        row(
            O,
            &["env", "attach", "shop-prod", "--group", "A//B"],
            "VALIDATION",
        ),
        row(
            O,
            &["env", "attach", "shop-prod", "--group", "Nope"],
            "NOT_FOUND",
        ),
        row(
            O,
            &[
                "env",
                "attach",
                "shop-prod",
                "--group",
                "Production/EU/Frankfurt",
            ],
            "DUPLICATE",
        ),
        row(O, &["env", "attach", "shop-prod"], "USAGE"),
        row(
            O,
            &["env", "detach", "shop-prod", "--group", "Staging"],
            "INVALID_STATE",
        ),
        row(O, &["env", "detach", "", "--group", "Staging"], "NOT_FOUND"),
        // ----- env delete|clone|transfer|do
        row(O, &["env", "delete", "ghost-env"], "NOT_FOUND"),
        row(O, &["env", "delete", ""], "NOT_FOUND"),
        row(O, &["env", "clone", "shop-prod", "Shop Copy"], "VALIDATION"),
        row(O, &["env", "clone", "shop-prod", ""], "VALIDATION"),
        row(
            O,
            &["env", "clone", "shop-prod", "shop-staging"],
            "DUPLICATE",
        ),
        row(O, &["env", "clone", "ghost-env", "fresh"], "NOT_FOUND"),
        row(O, &["env", "clone", "shop-prod"], "USAGE"),
        row(
            O,
            &["env", "transfer", "shop-prod", "--to", "ghost@acme.io"],
            "NOT_FOUND",
        ),
        row(
            O,
            &["env", "transfer", "shop-prod", "--to", ""],
            "NOT_FOUND",
        ),
        row(
            O,
            &["env", "transfer", "shop-prod", "--to", OWNER],
            "INVALID_STATE",
        ),
        row(O, &["env", "transfer", "shop-prod"], "USAGE"),
        row(O, &["env", "do", "shop-prod", "fly"], "NOT_FOUND"),
        row(O, &["env", "do", "shop-prod", ""], "NOT_FOUND"),
        row(O, &["env", "do", "shop-prod", "START"], "NOT_FOUND"),
        row(
            O,
            &["env", "do", "shop-prod", "env.control.Fly"],
            "NOT_FOUND",
        ),
        row(O, &["env", "do", "shop-prod", "create"], "VALIDATION"),
        row(O, &["env", "do", "shop-prod", "clone"], "VALIDATION"),
        row(O, &["env", "do", "shop-prod", "transfer"], "VALIDATION"),
        row(
            O,
            &["env", "do", "legacy-crm", "env.group.AttachEnv"],
            "VALIDATION",
        ),
        row(
            Some(ANNA),
            &[
                "env",
                "do",
                "legacy-crm",
                "users.collaboration.InviteMember",
            ],
            "VALIDATION",
        ),
        row(O, &["env", "do", "shop-prod", "start"], "INVALID_STATE"),
        row(O, &["env", "do", "ghost-env", "start"], "NOT_FOUND"),
        row(O, &["env", "do", "shop-prod"], "USAGE"),
        // ----- role add|edit|copy|delete
        row(O, &["role", "add", "", "--policy", "fs.view"], "VALIDATION"),
        row(
            O,
            &["role", "add", "Vіewer", "--policy", "fs.view"],
            "DUPLICATE",
        ),
        row(
            O,
            &["role", "edit", "Viewer", "--description", "two\nlines"],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "add", "  ", "--policy", "fs.view"],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "add", "Ops+Dev", "--policy", "fs.view"],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "add", "Ops=Dev", "--policy", "fs.view"],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "add", "Ops\u{1b}", "--policy", "fs.view"],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "add", &long_role, "--policy", "fs.view"],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "add", "VIEWER", "--policy", "fs.view"],
            "DUPLICATE",
        ),
        row(
            O,
            &["role", "add", "Ops", "--policy", "no.such"],
            "NOT_FOUND",
        ),
        row(O, &["role", "add", "Ops", "--policy", ""], "NOT_FOUND"),
        row(O, &["role", "add", "Ops"], "USAGE"),
        row(
            O,
            &[
                "role",
                "add",
                "Ops",
                "--policy",
                "fs.view",
                "--description",
                &long_desc,
            ],
            "VALIDATION",
        ),
        row(
            O,
            &[
                "role",
                "add",
                "Ops",
                "--policy",
                "fs.view",
                "--description",
                "a\u{1b}[31m",
            ],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "add", "Ops", "--policy", "fs.view", "--notify=yes"],
            "USAGE",
        ),
        row(O, &["role", "edit", "Ghost", "--notify"], "NOT_FOUND"),
        row(O, &["role", "edit", "Viewer", "--rename", ""], "VALIDATION"),
        row(
            O,
            &["role", "edit", "Viewer", "--rename", "a+b"],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "edit", "Viewer", "--rename", "admin"],
            "DUPLICATE",
        ),
        row(
            O,
            &["role", "edit", "Viewer", "--policy", "no.such"],
            "NOT_FOUND",
        ),
        row(
            O,
            &["role", "edit", "Viewer", "--description", &long_desc],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "edit", "Viewer", "--notify", "--no-notify"],
            "USAGE",
        ),
        row(O, &["role", "copy", "Viewer", ""], "VALIDATION"),
        row(O, &["role", "copy", "Viewer", "a=b"], "VALIDATION"),
        row(O, &["role", "copy", "Viewer", "User"], "DUPLICATE"),
        row(O, &["role", "copy", "Viewer", "Аdmin"], "DUPLICATE"),
        row(
            O,
            &["role", "copy", "Viewer", "Admin\u{FE0F}"],
            "VALIDATION",
        ),
        row(
            O,
            &["role", "copy", "Viewer", "Ad\u{200D}min"],
            "VALIDATION",
        ),
        row(O, &["role", "copy", "Ghost", "Other"], "NOT_FOUND"),
        row(O, &["role", "delete", "Ghost"], "NOT_FOUND"),
        row(O, &["role", "delete", ""], "NOT_FOUND"),
        row(O, &["role", "delete", "Viewer"], "IN_USE"),
        // ----- policy add|edit|delete
        row(O, &["policy", "add", "", "--method", "start"], "VALIDATION"),
        row(
            O,
            &["policy", "add", " Ship", "--method", "start"],
            "VALIDATION",
        ),
        row(
            O,
            &["policy", "add", &long_role, "--method", "start"],
            "VALIDATION",
        ),
        row(
            O,
            &["policy", "add", "fs.view", "--method", "start"],
            "DUPLICATE",
        ),
        row(
            O,
            &["policy", "add", "FS.VIEW", "--method", "start"],
            "DUPLICATE",
        ),
        row(
            O,
            &["policy", "add", "fs.vіew", "--method", "start"],
            "DUPLICATE",
        ),
        row(
            O,
            &["policy", "add", "ѕhip releases", "--method", "start"],
            "DUPLICATE",
        ),
        row(
            O,
            &[
                "policy",
                "add",
                "Mine",
                "--method",
                "start",
                "--description",
                "a\nb",
            ],
            "VALIDATION",
        ),
        row(
            O,
            &["policy", "add", "ship releases", "--method", "start"],
            "DUPLICATE",
        ),
        row(
            O,
            &["policy", "add", "Mine", "--method", "fly"],
            "NOT_FOUND",
        ),
        row(O, &["policy", "add", "Mine", "--method", ""], "NOT_FOUND"),
        row(O, &["policy", "add", "Mine"], "USAGE"),
        row(
            O,
            &[
                "policy",
                "add",
                "Mine",
                "--method",
                "start",
                "--description",
                "\u{1b}c",
            ],
            "VALIDATION",
        ),
        row(
            O,
            &["policy", "edit", "fs.view", "--method", "start"],
            "READ_ONLY",
        ),
        row(
            O,
            &["policy", "edit", "Ghost", "--method", "start"],
            "NOT_FOUND",
        ),
        row(
            O,
            &["policy", "edit", "Ship Releases", "--method", "fly"],
            "NOT_FOUND",
        ),
        row(O, &["policy", "delete", "fs.view"], "READ_ONLY"),
        row(O, &["policy", "delete", "Ghost"], "NOT_FOUND"),
        row(O, &["policy", "delete", "Ship Releases"], "IN_USE"),
        // ----- member invite|edit|copy|...
        row(O, &["member", "invite", ""], "VALIDATION"),
        row(O, &["member", "invite", "new.acme.io"], "VALIDATION"),
        row(O, &["member", "invite", "new@@acme.io"], "VALIDATION"),
        row(O, &["member", "invite", "new@x@acme.io"], "VALIDATION"),
        row(O, &["member", "invite", "new @acme.io"], "VALIDATION"),
        row(O, &["member", "invite", "new\u{1b}@acme.io"], "VALIDATION"),
        row(O, &["member", "invite", &long_email], "VALIDATION"),
        row(O, &["member", "invite", l], "VALIDATION"),
        row(O, &["member", "invite", "OLGA@acme.io"], "SELF_INVITE"),
        row(O, &["member", "invite", ANNA], "DUPLICATE"),
        row(
            O,
            &["member", "invite", "new@acme.io", "--name", ""],
            "VALIDATION",
        ),
        row(
            O,
            &["member", "invite", "new@acme.io", "--name", "Ann\nLee"],
            "VALIDATION",
        ),
        row(
            O,
            &["member", "invite", "new@acme.io", "--name", &long_name],
            "VALIDATION",
        ),
        row(
            O,
            &[
                "member",
                "invite",
                "new@acme.io",
                "--owner",
                "ghost@acme.io",
            ],
            "NOT_FOUND",
        ),
        row(O, &["member", "invite"], "USAGE"),
    ]);
    // Malformed and unresolvable --share specifications, on invite and on edit.
    for (spec, code) in [
        ("", "VALIDATION"),
        ("=", "VALIDATION"),
        ("envs=", "VALIDATION"),
        ("envs=Viewer+", "VALIDATION"),
        ("envs=+Viewer", "VALIDATION"),
        ("envs=Viewer++Admin", "VALIDATION"),
        ("all=Viewer", "VALIDATION"),
        ("Envs=Viewer", "VALIDATION"),
        ("env=Viewer", "VALIDATION"),
        ("group:=Viewer", "VALIDATION"),
        ("group:", "VALIDATION"),
        ("group://=Viewer", "VALIDATION"),
        ("group:Production//EU=Viewer", "VALIDATION"),
        ("group: Staging=Viewer", "VALIDATION"),
        ("env:=Viewer", "VALIDATION"),
        ("env:", "VALIDATION"),
        ("env:shop-prod=", "VALIDATION"),
        ("envs=Viewer\u{1b}[2J", "VALIDATION"),
        ("envs=Ghost", "NOT_FOUND"),
        ("envs=viewer+Ghost", "NOT_FOUND"),
        ("groups=Ghost", "NOT_FOUND"),
        ("group:Ghost=Viewer", "NOT_FOUND"),
        ("group:Web=Viewer", "NOT_FOUND"),
        ("env:ghost-env=Viewer", "NOT_FOUND"),
        ("env:globex-web=Viewer", "VALIDATION"),
        (long_share.as_str(), "NOT_FOUND"),
    ] {
        v.push(row(
            O,
            &["member", "invite", "new@acme.io", "--share", spec],
            code,
        ));
        v.push(row(O, &["member", "edit", ANNA, "--share", spec], code));
    }
    v.extend([
        row(
            O,
            &[
                "member",
                "invite",
                "new@acme.io",
                "--share",
                "envs=Viewer",
                "--share",
                "envs=User",
            ],
            "VALIDATION",
        ),
        row(
            O,
            &[
                "member",
                "edit",
                ANNA,
                "--share",
                "env:shop-prod",
                "--share",
                "env:shop-prod=Viewer",
            ],
            "VALIDATION",
        ),
        row(
            O,
            &["member", "edit", "ghost@acme.io", "--name", "Ghost"],
            "NOT_FOUND",
        ),
        row(O, &["member", "edit", ANNA, "--name", ""], "VALIDATION"),
        row(
            O,
            &["member", "edit", ANNA, "--name", "Anna\u{7}"],
            "VALIDATION",
        ),
        row(
            O,
            &["member", "copy", "ghost@acme.io", "new@acme.io"],
            "NOT_FOUND",
        ),
        row(O, &["member", "copy", ANNA, "new"], "VALIDATION"),
        row(O, &["member", "copy", ANNA, "new@@acme.io"], "VALIDATION"),
        row(O, &["member", "copy", ANNA, "boris@acme.io"], "DUPLICATE"),
        row(O, &["member", "copy", ANNA, OWNER], "SELF_INVITE"),
        row(O, &["member", "copy", ANNA], "USAGE"),
        row(O, &["member", "suspend", "ghost@acme.io"], "NOT_FOUND"),
        row(O, &["member", "suspend", ""], "NOT_FOUND"),
        row(O, &["member", "suspend", l], "NOT_FOUND"),
        row(O, &["member", "suspend", TOM], "INVALID_STATE"),
        row(O, &["member", "activate", ANNA], "INVALID_STATE"),
        row(O, &["member", "reinvite", ANNA], "INVALID_STATE"),
        row(O, &["member", "resend", ANNA], "INVALID_STATE"),
        row(O, &["member", "remove", "ghost@acme.io"], "NOT_FOUND"),
        row(O, &["member", "show", "ghost@acme.io"], "NOT_FOUND"),
        row(
            O,
            &["member", "list", "--owner", "ghost@acme.io"],
            "NOT_FOUND",
        ),
        row(O, &["member", "frobnicate", ANNA], "USAGE"),
        // ----- accept|reject|leave OWNER, collaborations
        row(Some(ANNA), &["accept", "ghost@acme.io"], "NOT_FOUND"),
        row(Some(ANNA), &["accept", ""], "NOT_FOUND"),
        row(Some(ANNA), &["accept", OWNER], "INVALID_STATE"),
        row(Some(ANNA), &["reject", OWNER], "INVALID_STATE"),
        row(Some(TOM), &["leave", OWNER], "INVALID_STATE"),
        row(Some(TOM), &["accept", "nikolai@globex.io"], "NOT_FOUND"),
        row(Some(TOM), &["accept"], "USAGE"),
        row(None, &["collaborations"], "USAGE"),
        // ----- share list|set|remove
        row(O, &["share", "list", "ghost-env"], "NOT_FOUND"),
        row(O, &["share", "list", ""], "NOT_FOUND"),
        row(
            O,
            &[
                "share",
                "set",
                "ghost-env",
                "--member",
                ANNA,
                "--role",
                "Viewer",
            ],
            "NOT_FOUND",
        ),
        row(
            O,
            &[
                "share",
                "set",
                "shop-prod",
                "--member",
                "ghost@acme.io",
                "--role",
                "Viewer",
            ],
            "NOT_FOUND",
        ),
        row(
            O,
            &[
                "share",
                "set",
                "shop-prod",
                "--member",
                "",
                "--role",
                "Viewer",
            ],
            "NOT_FOUND",
        ),
        row(
            O,
            &[
                "share",
                "set",
                "shop-prod",
                "--member",
                ANNA,
                "--role",
                "Ghost",
            ],
            "NOT_FOUND",
        ),
        row(
            O,
            &["share", "set", "shop-prod", "--member", ANNA, "--role", ""],
            "NOT_FOUND",
        ),
        row(O, &["share", "set", "shop-prod", "--member", ANNA], "USAGE"),
        row(
            O,
            &["share", "set", "shop-prod", "--role", "Viewer"],
            "USAGE",
        ),
        row(
            O,
            &["share", "remove", "shop-prod", "--member", ANNA],
            "NOT_FOUND",
        ),
        row(
            O,
            &["share", "remove", "shop-prod", "--member", "ghost@acme.io"],
            "NOT_FOUND",
        ),
        // ----- questions
        row(
            None,
            &[
                "check",
                "--member",
                "ghost@acme.io",
                "--env",
                "shop-prod",
                "--action",
                "start",
            ],
            "NOT_FOUND",
        ),
        row(
            None,
            &[
                "check",
                "--member",
                ANNA,
                "--env",
                "ghost-env",
                "--action",
                "start",
            ],
            "NOT_FOUND",
        ),
        row(
            None,
            &[
                "check",
                "--member",
                ANNA,
                "--env",
                "shop-prod",
                "--action",
                "fly",
            ],
            "NOT_FOUND",
        ),
        row(
            None,
            &[
                "check",
                "--member",
                ANNA,
                "--env",
                "shop-prod",
                "--action",
                "",
            ],
            "NOT_FOUND",
        ),
        row(
            None,
            &["check", "--member", ANNA, "--env", "shop-prod"],
            "USAGE",
        ),
        // ----- issue 11: batch, diff, access-report, review, completions
        row(None, &["check", "--batch", "--member", ANNA], "USAGE"),
        row(None, &["diff", "only-one.json"], "USAGE"),
        row(None, &["diff", "a.json", "b.json", "--bogus"], "USAGE"),
        row(None, &["access-report"], "USAGE"),
        row(None, &["review"], "USAGE"),
        row(None, &["review", "--owner", l], "NOT_FOUND"),
        row(
            None,
            &["review", "--owner", "olga@acme.io", "--days", "-1"],
            "USAGE",
        ),
        row(
            None,
            &["review", "--owner", "olga@acme.io", "--fail-on", "fatal"],
            "USAGE",
        ),
        row(
            None,
            &["review", "--owner", "olga@acme.io", "--now", l],
            "USAGE",
        ),
        row(None, &["completions", "tcsh"], "USAGE"),
        row(
            None,
            &[
                "explain",
                "--member",
                ANNA,
                "--env",
                "shop-prod",
                "--action",
                "fly",
            ],
            "NOT_FOUND",
        ),
        row(
            None,
            &["explain", "--member", "", "--env", "shop-prod"],
            "NOT_FOUND",
        ),
        row(None, &["access", "--member", "ghost@acme.io"], "NOT_FOUND"),
        row(None, &["access"], "USAGE"),
        row(None, &["who", "ghost-env"], "NOT_FOUND"),
        row(None, &["who", l], "NOT_FOUND"),
        row(None, &["alert", ""], "NOT_FOUND"),
        row(O, &["tasks", "--env", "ghost-env"], "NOT_FOUND"),
        row(O, &["tasks", "--limit", "-1"], "USAGE"),
        row(O, &["tasks", "--limit", "99999999999999999999999"], "USAGE"),
        row(O, &["tasks", "--limit", "ten"], "USAGE"),
        // ----- history and --at (issue 12)
        row(None, &["history", "--since", "yesterday"], "USAGE"),
        row(None, &["history", "--since", l], "USAGE"),
        row(None, &["history", "--limit", "-1"], "USAGE"),
        row(None, &["who", "shop-prod", "--at", "last tuesday"], "USAGE"),
        row(None, &["access", "--member", ANNA, "--at", l], "USAGE"),
        row(
            None,
            &["who", "shop-prod", "--at", "2001-01-01T00:00:00Z"],
            "VALIDATION",
        ),
        row(
            None,
            &["who", "ghost-env", "--at", "2026-03-10T00:00:00Z"],
            "NOT_FOUND",
        ),
        // ----- snapshot: absurd sizes and views
        row(O, &["snapshot", "--size", "0x0"], "USAGE"),
        row(O, &["snapshot", "--size", "0x40"], "USAGE"),
        row(O, &["snapshot", "--size", "1001x40"], "USAGE"),
        row(O, &["snapshot", "--size", "120x1001"], "USAGE"),
        row(O, &["snapshot", "--size", "99999x99999"], "USAGE"),
        row(
            O,
            &["snapshot", "--size", "18446744073709551616x40"],
            "USAGE",
        ),
        row(O, &["snapshot", "--size", "120"], "USAGE"),
        row(O, &["snapshot", "--size", "x"], "USAGE"),
        row(O, &["snapshot", "--size", "120x-1"], "USAGE"),
        row(O, &["snapshot", "--size", "-120x40"], "USAGE"),
        row(O, &["snapshot", "--size", ""], "USAGE"),
        row(O, &["snapshot", "--size", "wide"], "USAGE"),
        row(O, &["snapshot", "--view", "nope"], "USAGE"),
        row(O, &["snapshot", "--view", ""], "USAGE"),
    ]);
    // Every method `env do` leaves to its own command: refused as the form, by the
    // owner and by a member who may not do it (whose denial would be recorded).
    let cat = Catalogue::get();
    for name in &cat.methods {
        let m = cat.method(name).expect("method");
        if cat.own_command(m, "legacy-crm").is_some() {
            for actor in [O, Some(ANNA)] {
                v.push(row(actor, &["env", "do", "legacy-crm", name], "VALIDATION"));
            }
        }
    }
    v
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// The line typed into the palette for a row, or `None` when the palette cannot carry
/// it (control characters are dropped by its input, values with double quotes have no
/// quoting, and its input holds 1000 characters).
fn palette_line(r: &Row) -> Option<String> {
    if r.args.iter().any(|a| has_control(a)) {
        return None;
    }
    let words: Option<Vec<String>> = r.args.iter().map(|a| palette_word(a)).collect();
    let line = words?.join(" ");
    (line.chars().count() <= 1000).then_some(line)
}

/// How the shared grammar classifies a row: a usage error, a refusal while planning
/// (a malformed `--share`), a change, a question, or a file-level command.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Usage,
    PlanRefusal,
    Change,
    Query,
    File,
}

fn kind(r: &Row) -> Kind {
    let argv = std::iter::once("collab".to_string()).chain(r.args.iter().cloned());
    let Ok(cli) = Cli::try_parse_from(argv) else {
        return Kind::Usage;
    };
    let Some(cmd) = cli.command else {
        return Kind::Usage;
    };
    match plan::plan(cmd) {
        Err(_) => Kind::PlanRefusal,
        Ok(Plan::Change(_)) => Kind::Change,
        Ok(Plan::Query(_)) => Kind::Query,
        Ok(_) => Kind::File,
    }
}

// ===== the command line ====================================================================

#[test]
fn every_invalid_argument_is_refused_with_its_code_and_changes_nothing() {
    let w = World::demo();
    let gen_out = w.dir.path().join("generated.json");
    let gen_out = gen_out.to_string_lossy().into_owned();
    let before = w.bytes();
    let entries = w.entries();
    let mut failures = Vec::new();
    for r in rows(&gen_out) {
        let mut args: Vec<String> = vec!["--json".into()];
        if let Some(a) = &r.actor {
            args.push("--as".into());
            args.push(a.clone());
        }
        args.extend(r.args.iter().cloned());
        let out = w.run(&args);
        let label = r.label();
        assert!(
            !out.stderr.contains("panicked"),
            "{label}: collab panicked: {}",
            out.stderr
        );
        assert_eq!(w.bytes(), before, "{label}: the state file changed");
        let mut now = w.entries();
        now.retain(|n| n != "state.json.lock" || entries.contains(n));
        assert_eq!(
            now, entries,
            "{label}: something was written beside the file"
        );
        let stdout_code = serde_json::from_str::<serde_json::Value>(&out.stdout)
            .ok()
            .and_then(|j| j["error"]["code"].as_str().map(str::to_string));
        let stderr_ok = out.stderr.starts_with(&format!("error: {}: ", r.code))
            && out.stderr.lines().count() == 1;
        if out.code != r.exit() || stdout_code.as_deref() != Some(r.code) || !stderr_ok {
            failures.push(format!(
                "{label}: expected exit {} {}, got exit {} {:?}: {}",
                r.exit(),
                r.code,
                out.code,
                stdout_code,
                out.stderr.chars().take(300).collect::<String>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows were not refused as expected:\n{}",
        failures.len(),
        summary(&failures)
    );
}

#[test]
fn the_table_covers_every_command() {
    // Every subcommand path of the grammar has at least one invalid row.
    let rows = rows("/nonexistent/generated.json");
    let mut missing = Vec::new();
    let root = <Cli as clap::CommandFactory>::command();
    let mut paths = Vec::new();
    for sub in root.get_subcommands() {
        if sub.has_subcommands() {
            for leaf in sub.get_subcommands() {
                paths.push(vec![
                    sub.get_name().to_string(),
                    leaf.get_name().to_string(),
                ]);
            }
        } else {
            paths.push(vec![sub.get_name().to_string()]);
        }
    }
    for path in paths {
        let covered = rows
            .iter()
            .any(|r| r.args.len() >= path.len() && r.args[..path.len()] == path[..]);
        if !covered {
            missing.push(path.join(" "));
        }
    }
    // Listings without arguments have nothing to get wrong but the grammar and --as.
    missing.retain(|m| {
        !matches!(
            m.as_str(),
            "env list" | "role list" | "policy list" | "member list"
        )
    });
    assert!(missing.is_empty(), "no invalid row for: {missing:?}");
}

/// Error messages quote what the user typed; hostile input must not come back as a
/// megabyte of text or as raw escape sequences on the terminal.
#[test]
fn refusals_never_echo_hostile_input_raw_or_whole() {
    let w = World::demo();
    let long = "z".repeat(100_000);
    let escape = "shop\u{1b}]0;pwned\u{7}\u{1b}[2J";
    let mut bad = Vec::new();
    for args in [
        vec!["--as", OWNER, "env", "do", &long, "start"],
        vec!["--as", OWNER, "env", "do", escape, "start"],
        vec!["--as", OWNER, "env", "do", "shop-prod", escape],
        vec!["--as", OWNER, "member", "suspend", &long],
        vec!["--as", OWNER, "member", "suspend", escape],
        vec!["--as", OWNER, "role", "delete", escape],
        vec!["--as", OWNER, "policy", "delete", &long],
        vec!["--as", escape, "env", "list"],
        vec!["who", &long],
        vec!["who", escape],
    ] {
        let r = w.run(&args);
        assert_eq!(r.code, 1);
        let message = r.stderr.trim_end_matches('\n');
        if message.len() > 2000 || has_control(message) {
            bad.push(format!(
                "{:?}: {} bytes: {:?}",
                args.iter()
                    .map(|a| a.chars().take(30).collect::<String>())
                    .collect::<Vec<_>>(),
                message.len(),
                message.chars().take(120).collect::<String>()
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "messages echo hostile input raw or whole:\n{}",
        bad.join("\n")
    );
}

// ===== the palette ==========================================================================

/// The app over the world's file for each acting account, reused across rows.
fn app_for<'a>(apps: &'a mut HashMap<String, App>, w: &World, actor: &str) -> &'a mut App {
    apps.entry(actor.to_string())
        .or_insert_with(|| open_app(&w.state, actor))
}

/// What the command line says for a row: `CODE: message`.
fn cli_message(w: &World, r: &Row) -> String {
    let mut args: Vec<String> = Vec::new();
    if let Some(a) = &r.actor {
        args.push("--as".into());
        args.push(a.clone());
    }
    args.extend(r.args.iter().cloned());
    let out = w.run(&args);
    assert_eq!(out.code, r.exit(), "{}: {}", r.label(), out.stderr);
    out.stderr
        .trim_end_matches('\n')
        .trim_start_matches("error: ")
        .to_string()
}

#[test]
fn the_palette_refuses_every_invalid_change_exactly_like_the_command_line() {
    let w = World::demo();
    let before = w.bytes();
    let mut apps = HashMap::new();
    let mut failures = Vec::new();
    let mut tried = 0;
    for r in rows("/nonexistent/generated.json") {
        let k = kind(&r);
        if !matches!(k, Kind::Usage | Kind::Change)
            || r.args
                .first()
                .is_some_and(|a| a == "init" || a == "generate")
        {
            continue;
        }
        let Some(line) = palette_line(&r) else {
            continue;
        };
        // The palette runs as the signed-in account: rows without --as run as the owner.
        let actor = match r.actor.as_deref() {
            Some(a)
                if !a.is_empty() && a.contains('@') && a.len() < 100 && a != "ghost@acme.io" =>
            {
                a.to_string()
            }
            Some(_) => continue,
            None => OWNER.to_string(),
        };
        let expected = (k == Kind::Change).then(|| cli_message(&w, &r));
        let app = app_for(&mut apps, &w, &actor);
        let doc_before = app.ws.engine().to_document();
        app.message = None;
        palette(app, &line);
        tried += 1;
        let label = r.label();
        if matches!(app.overlay, Some(Overlay::Confirm(_))) {
            failures.push(format!(
                "{label}: the palette previewed a change the engine refuses"
            ));
            key(app, ratatui::crossterm::event::KeyCode::Esc);
        }
        match expected {
            None => {
                if palette_error(app).is_none() {
                    failures.push(format!(
                        "{label}: a usage error is not shown in the palette"
                    ));
                }
            }
            Some(cli) => {
                let shown = message(app);
                if !message_is_error(app) || shown != cli {
                    failures.push(format!(
                        "{label}: the app says {shown:?}, the command line {cli:?}"
                    ));
                }
            }
        }
        assert_eq!(
            app.ws.engine().to_document(),
            doc_before,
            "{label}: the app's platform changed"
        );
        assert_eq!(w.bytes(), before, "{label}: the palette changed the file");
    }
    assert!(tried > 100, "only {tried} rows went through the palette");
    assert!(
        failures.is_empty(),
        "{} rows:\n{}",
        failures.len(),
        summary(&failures)
    );
}

/// Refusals while planning (a malformed `--share`) and refused questions must read in
/// the palette as on the command line: `CODE: message`, not a debug dump.
#[test]
fn the_palette_names_refused_shares_and_questions_like_the_command_line() {
    let w = World::demo();
    let before = w.bytes();
    let mut apps = HashMap::new();
    let mut failures = Vec::new();
    let mut tried = 0;
    for r in rows("/nonexistent/generated.json") {
        let k = kind(&r);
        if !matches!(k, Kind::PlanRefusal | Kind::Query) || r.code == "USAGE" {
            continue;
        }
        let Some(line) = palette_line(&r) else {
            continue;
        };
        let actor = match r.actor.as_deref() {
            Some(a) if a == OWNER || a == ANNA || a == TOM => a.to_string(),
            Some(_) => continue,
            None => OWNER.to_string(),
        };
        let expected = cli_message(&w, &r);
        let app = app_for(&mut apps, &w, &actor);
        palette(app, &line);
        tried += 1;
        let shown = palette_error(app).unwrap_or_else(|| message(app));
        if shown != expected {
            failures.push(format!(
                "{}: the palette says {shown:?}, the command line {expected:?}",
                r.label()
            ));
        }
        assert_eq!(
            w.bytes(),
            before,
            "{}: the palette changed the file",
            r.label()
        );
    }
    assert!(tried > 20, "only {tried} rows went through the palette");
    assert!(
        failures.is_empty(),
        "{} rows:\n{}",
        failures.len(),
        summary(&failures)
    );
}

// ===== the engine ============================================================================

/// What the command line cannot even pass (NUL bytes, strings over the kernel's
/// argument limit) reaches the engine from the app's dialogs: refused all the same.
#[test]
fn the_engine_refuses_what_the_command_line_cannot_carry() {
    let mut engine = demo_engine();
    let p = engine.platform();
    let olga = p.account_by_email(OWNER).expect("olga");
    let before = engine.to_document();
    let mega = "m".repeat(1 << 20);
    let nul = "shop\u{0}prod";
    let s = |x: &str| x.to_string();
    let cases: Vec<(Command, &str)> = vec![
        (
            Command::AddAccount {
                email: s("a\u{0}@acme.io"),
                name: None,
                max_environments: None,
            },
            "VALIDATION",
        ),
        (
            Command::AddAccount {
                email: format!("{mega}@acme.io"),
                name: None,
                max_environments: None,
            },
            "VALIDATION",
        ),
        (
            Command::AddAccount {
                email: s("new@acme.io"),
                name: Some(s("Ann\u{0}")),
                max_environments: None,
            },
            "VALIDATION",
        ),
        (
            Command::AddAccount {
                email: s("new@acme.io"),
                name: Some(mega.clone()),
                max_environments: None,
            },
            "VALIDATION",
        ),
        (
            Command::AddAccount {
                email: s("new@acme.io"),
                name: None,
                max_environments: Some(u32::MAX),
            },
            "VALIDATION",
        ),
        (
            Command::AddGroup {
                owner: None,
                path: mega.clone(),
            },
            "VALIDATION",
        ),
        (
            Command::AddGroup {
                owner: None,
                path: s("A/\u{0}"),
            },
            "VALIDATION",
        ),
        (
            Command::AddGroup {
                owner: None,
                path: "a/".repeat(100_000),
            },
            "VALIDATION",
        ),
        (
            Command::CreateEnv {
                name: s(nul),
                owner: None,
                groups: vec![],
                cloudlets: None,
            },
            "VALIDATION",
        ),
        (
            Command::CreateEnv {
                name: mega.clone(),
                owner: None,
                groups: vec![],
                cloudlets: None,
            },
            "VALIDATION",
        ),
        (
            Command::CreateEnv {
                name: s("fresh"),
                owner: None,
                groups: vec![s("Staging"); 10_000]
                    .into_iter()
                    .chain([mega.clone()])
                    .collect(),
                cloudlets: None,
            },
            "VALIDATION",
        ),
        (
            Command::CreateEnv {
                name: s("fresh"),
                owner: None,
                groups: vec![],
                cloudlets: Some(u32::MAX),
            },
            "VALIDATION",
        ),
        (
            Command::EnvDo {
                env: s("shop-prod"),
                action: s("start\u{0}"),
            },
            "NOT_FOUND",
        ),
        (
            Command::AddRole {
                name: s("R\u{0}"),
                policies: vec![s("fs.view")],
                description: None,
                notify: false,
            },
            "VALIDATION",
        ),
        (
            Command::AddRole {
                name: s("R"),
                policies: vec![],
                description: None,
                notify: false,
            },
            "VALIDATION",
        ),
        (
            Command::AddRole {
                name: s("R"),
                policies: vec![s("fs.view")],
                description: Some(mega.clone()),
                notify: false,
            },
            "VALIDATION",
        ),
        (
            Command::AddRole {
                name: s("R"),
                policies: vec![s("fs.view")],
                description: Some(s("a\u{0}b")),
                notify: false,
            },
            "VALIDATION",
        ),
        (
            Command::AddPolicy {
                name: s("P"),
                methods: vec![],
                description: None,
            },
            "VALIDATION",
        ),
        (
            Command::AddPolicy {
                name: s("P\u{0}"),
                methods: vec![s("start")],
                description: None,
            },
            "VALIDATION",
        ),
        (
            Command::InviteMember {
                owner: None,
                email: s("new\u{0}@acme.io"),
                name: None,
                shares: vec![],
            },
            "VALIDATION",
        ),
        (
            Command::EditMember {
                owner: None,
                email: s(ANNA),
                name: Some(s("\u{0}")),
                shares: None,
            },
            "VALIDATION",
        ),
        (
            Command::Member {
                owner: None,
                email: s("ann\u{0}@acme.io"),
                op: MemberOp::Suspend,
            },
            "NOT_FOUND",
        ),
        (
            Command::SetDirect {
                env: s("shop-prod"),
                member: s(ANNA),
                roles: vec![],
            },
            "VALIDATION",
        ),
        (
            Command::SetDirect {
                env: s("shop-prod"),
                member: s(ANNA),
                roles: vec![mega.clone()],
            },
            "NOT_FOUND",
        ),
        (
            Command::RenameGroup {
                owner: None,
                path: s("Staging"),
                new_name: s("\u{0}"),
            },
            "VALIDATION",
        ),
    ];
    for (cmd, code) in cases {
        let label: String = cmd.label().chars().take(80).collect();
        let before_validate = engine.to_document();
        let v = engine.validate(Some(olga), &cmd, DEMO_NOW);
        assert_eq!(
            v.as_ref().map_err(|e| e.code()).err(),
            Some(code),
            "validate {label}"
        );
        assert_eq!(
            engine.to_document(),
            before_validate,
            "validate {label} changed the platform"
        );
        let p = engine.preview(Some(olga), &cmd, DEMO_NOW);
        assert_eq!(p.map_err(|e| e.code()).err(), Some(code), "preview {label}");
        let e = engine.execute(Some(olga), &cmd, DEMO_NOW);
        assert_eq!(e.map_err(|e| e.code()).err(), Some(code), "execute {label}");
        assert_eq!(engine.to_document(), before, "{label} changed the platform");
    }
    assert_eq!(
        engine.undo_label(olga),
        None,
        "nothing was recorded as done"
    );
}

/// The validators and parsers never panic, whatever they are given, and agree with
/// themselves (what they accept, they accept again).
#[test]
fn validators_and_parsers_never_panic_on_random_input() {
    let alphabet: Vec<char> = "aZ09-_.@/=+:: \t\n\u{0}\u{7}\u{1b}éшİ\u{202e}\u{200b}🦀~\"'\\"
        .chars()
        .collect();
    let mut rng = Rng::new(0xf022_1e55);
    for _ in 0..20_000 {
        let len = rng.below(48);
        let s: String = (0..len).map(|_| *rng.pick(&alphabet)).collect();
        if let Ok(e) = validate::email(&s) {
            assert_eq!(validate::email(&e).as_ref(), Ok(&e), "{s:?}");
            assert!(!has_control(&e), "{s:?}");
        }
        if validate::env_name(&s).is_ok() {
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
        }
        if let Ok(segments) = validate::group_path(&s) {
            assert_eq!(segments.join("/"), s);
            assert!(!has_control(&s), "{s:?}");
        }
        let _ = validate::role_name(&s);
        let _ = validate::policy_name(&s);
        let _ = validate::display_name(collab::engine::Field::Name, &s);
        let _ = validate::description(&s);
        if let Ok(spec) = ShareSpec::parse(&s) {
            assert!(!has_control(&s), "{s:?}");
            assert!(spec.roles.iter().all(|r| !r.is_empty()), "{s:?}");
        }
        let _ = Timestamp::parse_rfc3339(&s);
        // Times: a valid prefix with random tails, multi-byte characters included.
        let t = format!("2026-03-02T09:00:0{s}");
        let _ = Timestamp::parse_rfc3339(&t);
        let _ = collab::tui::snapshot::parse_size(&s);
        let _ = collab::tui::component::overlays::palette::split_words(&s);
    }
}
