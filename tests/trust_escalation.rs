//! Trust, part 5: nobody escalates. Every rule of domain.md section 5, tried from the
//! attacker's side on the demo platform (see the who-is-who table in
//! `src/engine/demo.rs`): through the command line, `--owner`, the palette and the app.
//!
//! Each attempt is refused; an environment action refused for lack of permission is
//! recorded as exactly one denied task (as the platform records it) and changes
//! nothing else; every other refusal leaves the state file byte-identical.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod trust_common;

use collab::engine::demo::{
    ACCOUNT_DELEGATE, DELEGATED_ENV, ENV_CREATOR, ENV_DELEGATE, EXAMPLE1_ENV, EXAMPLE1_MEMBER,
    EXAMPLE2_ENV, EXAMPLE2_MEMBER, EXAMPLE3_ENV, EXAMPLE3_MEMBER, LEFT_MEMBER, OWNER,
    PENDING_MEMBER, REJECTED_MEMBER, SECOND_OWNER, SUSPENDED_MEMBER,
};
use collab::engine::{Command, MemberOp, ShareSpec, StateDocument, TaskDoc};
use collab::tui::app::App;
use collab::tui::component::overlays::Overlay;
use collab::tui::keys::Action;
use collab::tui::layout::Screen;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::Event;
use serde_json::{Value, json};
use trust_common::*;

const BORIS: &str = ACCOUNT_DELEGATE;
const DMITRI: &str = ENV_DELEGATE;
const ELENA: &str = ENV_CREATOR;
const ANNA: &str = EXAMPLE1_MEMBER;
const IVAN: &str = EXAMPLE2_MEMBER;
const MARIA: &str = EXAMPLE3_MEMBER;
const NIKOLAI: &str = SECOND_OWNER;
const PERMISSION: &str = "you don't have enough permissions to perform this action";

fn with_actor<'a>(actor: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--json", "--as", actor];
    v.extend_from_slice(args);
    v
}

/// `actor` runs `args`: refused with `code`, one line on stderr, the file unchanged.
fn refused(w: &World, actor: &str, args: &[&str], code: &str) -> Run {
    let before = w.bytes();
    let r = w.run(&with_actor(actor, args));
    assert_eq!(
        r.code, 1,
        "{actor} {args:?} was not refused: {}{}",
        r.stdout, r.stderr
    );
    assert_eq!(r.error_code(), code, "{actor} {args:?}: {}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert_eq!(
        w.bytes(),
        before,
        "{actor} {args:?}: a refusal changed the file"
    );
    r
}

/// A permission refusal: `PERMISSION_DENIED` with the platform's wording, and the
/// file unchanged — for an environment action too, when the actor does not reach the
/// environment (domain.md section 8).
fn denied(w: &World, actor: &str, args: &[&str]) -> Run {
    let r = refused(w, actor, args, "PERMISSION_DENIED");
    assert!(r.stderr.contains(PERMISSION), "{}", r.stderr);
    r
}

/// An environment action refused for lack of permission: exactly one denied task is
/// appended (on `env`, for `method`, by `actor`), and nothing else changes.
fn denied_and_recorded(w: &World, actor: &str, args: &[&str], env: &str, method: &str) {
    let before = w.doc();
    let r = w.run(&with_actor(actor, args));
    assert_eq!(r.code, 1, "{actor} {args:?} was not refused: {}", r.stdout);
    assert_eq!(r.error_code(), "PERMISSION_DENIED", "{actor} {args:?}");
    assert!(r.stderr.contains(PERMISSION), "{}", r.stderr);
    let mut after = w.doc();
    let task: TaskDoc = after
        .tasks
        .pop()
        .unwrap_or_else(|| panic!("{actor} {args:?}: no task"));
    assert_eq!(
        after, before,
        "{actor} {args:?}: more than one denied task changed"
    );
    assert_eq!(task.outcome, "denied", "{actor} {args:?}");
    assert_eq!(task.initiator, actor);
    assert_eq!(task.env.as_deref(), Some(env));
    assert_eq!(task.method, method);
    assert_eq!(
        task.seq,
        before.tasks.last().map_or(1, |t| t.seq + 1),
        "the next sequence number"
    );
    assert!(
        task.reason
            .as_deref()
            .is_some_and(|r| r.contains(PERMISSION)),
        "{:?}",
        task.reason
    );
}

fn roles_of<'a>(doc: &'a StateDocument, owner: &str) -> Vec<&'a collab::engine::RoleDoc> {
    doc.roles.iter().filter(|r| r.owner == owner).collect()
}

fn json_of(w: &World, args: &[&str]) -> Value {
    let mut full = vec!["--json"];
    full.extend_from_slice(args);
    w.ok(&full).json()
}

/// The text of the app's inspector as drawn, on a wide terminal so nothing is cut.
fn inspector_text(app: &mut App) -> String {
    app.handle_event(Event::Resize(220, 60));
    let rect = Screen::new(app.size).inspector;
    let mut buf = Buffer::empty(app.size);
    collab::tui::draw::render(app, app.size, &mut buf);
    let mut out = String::new();
    for y in rect.top()..rect.bottom() {
        for x in rect.left()..rect.right() {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

// ===== nobody changes its own shares or roles ===============================================

#[test]
fn nobody_changes_its_own_shares_or_roles_from_the_command_line() {
    let w = World::demo();
    let o = ["--owner", OWNER];
    // The account-wide delegate on its own record, through --owner.
    for args in [
        vec!["member", "edit", BORIS, "--share", "envs=Admin+Developer"],
        vec!["member", "edit", BORIS, "--share", "env:shop-prod=Admin"],
        vec!["member", "edit", BORIS, "--name", "The Boss"],
        vec!["member", "suspend", BORIS],
        vec!["member", "activate", BORIS],
        vec!["member", "remove", BORIS],
        vec!["member", "reinvite", BORIS],
        vec!["member", "resend", BORIS],
        vec!["member", "copy", BORIS, "sock@trust.io"],
        vec!["member", "copy", ANNA, BORIS],
    ] {
        let mut a = args.clone();
        a.extend(o);
        let r = denied(&w, BORIS, &a);
        assert!(r.stderr.contains("own"), "says why: {}", r.stderr);
    }
    // Upper case does not make it someone else.
    denied(
        &w,
        BORIS,
        &[
            "member",
            "edit",
            "BORIS@ACME.IO",
            "--owner",
            OWNER,
            "--share",
            "envs=Admin",
        ],
    );
    // Direct access to itself, where it is a delegate.
    denied(
        &w,
        BORIS,
        &[
            "share",
            "set",
            "shop-prod",
            "--member",
            BORIS,
            "--role",
            "Admin",
        ],
    );
    denied(
        &w,
        BORIS,
        &["share", "remove", "shop-prod", "--member", BORIS],
    );
    denied(
        &w,
        DMITRI,
        &[
            "share",
            "set",
            DELEGATED_ENV,
            "--member",
            DMITRI,
            "--role",
            "Admin",
        ],
    );
    denied(
        &w,
        DMITRI,
        &["share", "remove", DELEGATED_ENV, "--member", DMITRI],
    );
    // Without --owner the delegate names its own (empty) account; the owner has no
    // record of its own.
    refused(
        &w,
        BORIS,
        &["member", "edit", BORIS, "--share", "envs=Admin"],
        "NOT_FOUND",
    );
    refused(
        &w,
        OWNER,
        &["member", "edit", OWNER, "--share", "envs=Admin"],
        "NOT_FOUND",
    );
    refused(
        &w,
        OWNER,
        &[
            "share",
            "set",
            "shop-prod",
            "--member",
            OWNER,
            "--role",
            "Admin",
        ],
        "NOT_FOUND",
    );
    // A plain member is no delegate at all.
    denied(
        &w,
        ELENA,
        &[
            "member",
            "edit",
            ELENA,
            "--owner",
            OWNER,
            "--share",
            "envs=Admin",
        ],
    );
    denied(
        &w,
        ELENA,
        &[
            "share",
            "set",
            "qa-sandbox",
            "--member",
            ELENA,
            "--role",
            "Admin",
        ],
    );
}

#[test]
fn nobody_changes_its_own_shares_or_roles_in_the_palette_or_the_app() {
    let w = World::new();
    write_demo(&w.state);
    let before = w.bytes();

    let mut boris = open_app(&w.state, BORIS);
    palette(
        &mut boris,
        &format!("member edit {BORIS} --owner {OWNER} --share envs=Admin+Developer"),
    );
    assert!(
        !matches!(boris.overlay, Some(Overlay::Confirm(_))),
        "no preview of a change the engine refuses"
    );
    // The palette keeps the line, with the engine's reason beside it.
    assert!(matches!(boris.overlay, Some(Overlay::Palette(_))));
    assert!(message_is_error(&boris));
    assert!(
        message(&boris).starts_with(&format!("PERMISSION_DENIED: {PERMISSION}")),
        "{}",
        message(&boris)
    );
    boris.overlay = None;
    // What the member dialog builds, submitted the way the dialog submits it.
    boris.message = None;
    boris.submit(Command::EditMember {
        owner: Some(OWNER.into()),
        email: BORIS.into(),
        name: None,
        shares: Some(vec![ShareSpec::parse("envs=Admin").expect("spec")]),
    });
    assert!(
        message(&boris).starts_with("PERMISSION_DENIED: "),
        "{}",
        message(&boris)
    );
    boris.message = None;
    boris.submit(Command::Member {
        owner: Some(OWNER.into()),
        email: BORIS.into(),
        op: MemberOp::Remove,
    });
    assert!(
        message(&boris).starts_with("PERMISSION_DENIED: "),
        "{}",
        message(&boris)
    );
    assert_eq!(w.bytes(), before);

    let mut dmitri = open_app(&w.state, DMITRI);
    palette(
        &mut dmitri,
        &format!("share set {DELEGATED_ENV} --member {DMITRI} --role Admin"),
    );
    assert!(
        message(&dmitri).starts_with("PERMISSION_DENIED: "),
        "{}",
        message(&dmitri)
    );
    dmitri.overlay = None;
    // What the direct-access dialog builds.
    dmitri.message = None;
    dmitri.submit(Command::SetDirect {
        env: DELEGATED_ENV.into(),
        member: DMITRI.into(),
        roles: vec!["Admin".into()],
    });
    assert!(
        message(&dmitri).starts_with("PERMISSION_DENIED: "),
        "{}",
        message(&dmitri)
    );
    dmitri.run(&Command::RemoveDirect {
        env: DELEGATED_ENV.into(),
        member: DMITRI.into(),
    });
    assert!(
        message(&dmitri).starts_with("PERMISSION_DENIED: "),
        "{}",
        message(&dmitri)
    );
    assert_eq!(w.bytes(), before);

    // In the panes: editing access is offered only where the member is a delegate.
    select_env(&mut dmitri, "shop-prod");
    dmitri.message = None;
    dmitri.perform(Action::Edit);
    assert!(
        dmitri.overlay.is_none(),
        "no dialog where it is no delegate"
    );
    assert!(message_is_error(&dmitri));
    assert!(
        message(&dmitri).contains("collaboration.manage on shop-prod"),
        "{}",
        message(&dmitri)
    );
    select_env(&mut dmitri, DELEGATED_ENV);
    dmitri.message = None;
    dmitri.perform(Action::Edit);
    assert!(
        matches!(dmitri.overlay, Some(Overlay::Dialog(_))),
        "where it is a delegate, the dialog opens: {}",
        message(&dmitri)
    );
    assert_eq!(w.bytes(), before);
}

// ===== delegates act only where they hold the Collaboration policy =========================

#[test]
fn a_delegate_acts_only_where_it_holds_collaboration_manage() {
    let w = World::demo();
    // Dmitri holds collaboration.manage on shop-staging only (direct Developer); his
    // base entry is Viewer, and docs-site is ticked without roles.
    for env in ["shop-prod", "docs-site", "legacy-crm", "api-staging"] {
        let r = denied(
            &w,
            DMITRI,
            &["share", "set", env, "--member", ANNA, "--role", "Viewer"],
        );
        assert!(
            r.stderr.contains(&format!("collaboration.manage on {env}")),
            "{}",
            r.stderr
        );
        denied(&w, DMITRI, &["share", "remove", env, "--member", ELENA]);
    }
    // Not account-wide: no member management, no member listings.
    denied(
        &w,
        DMITRI,
        &["member", "invite", "new@trust.io", "--owner", OWNER],
    );
    denied(&w, DMITRI, &["member", "suspend", ANNA, "--owner", OWNER]);
    denied(
        &w,
        DMITRI,
        &[
            "member",
            "edit",
            ANNA,
            "--owner",
            OWNER,
            "--share",
            "envs=Admin",
        ],
    );
    denied(&w, DMITRI, &["member", "list", "--owner", OWNER]);
    denied(&w, DMITRI, &["member", "show", ANNA, "--owner", OWNER]);
    // Questions about others only where it is a delegate.
    denied(
        &w,
        DMITRI,
        &[
            "check",
            "--member",
            ANNA,
            "--env",
            "shop-prod",
            "--action",
            "logs",
        ],
    );
    denied(
        &w,
        DMITRI,
        &["explain", "--member", ANNA, "--env", "shop-prod"],
    );
    let r = w.run(&with_actor(
        DMITRI,
        &[
            "check",
            "--member",
            ELENA,
            "--env",
            DELEGATED_ENV,
            "--action",
            "logs",
        ],
    ));
    assert!(
        r.json().get("allowed").is_some(),
        "a delegate may ask there: {}",
        r.stdout
    );

    // Ivan has Admin (with collaboration.manage) on the Production group, but his
    // direct Viewer on shop-prod wins there: no delegate on shop-prod.
    denied(
        &w,
        IVAN,
        &[
            "share",
            "set",
            EXAMPLE2_ENV,
            "--member",
            ANNA,
            "--role",
            "Viewer",
        ],
    );
    // Anna is an account-wide delegate of Nikolai, which gives her nothing on Olga's.
    denied(
        &w,
        ANNA,
        &[
            "share",
            "set",
            EXAMPLE1_ENV,
            "--member",
            DMITRI,
            "--role",
            "Viewer",
        ],
    );
    denied(&w, ANNA, &["member", "suspend", DMITRI, "--owner", OWNER]);

    // The account-wide delegate loses delegation where a direct level overrides it.
    w.ok(&[
        "--as",
        OWNER,
        "share",
        "set",
        "shop-prod",
        "--member",
        BORIS,
        "--role",
        "Viewer",
    ]);
    denied(
        &w,
        BORIS,
        &[
            "share",
            "set",
            "shop-prod",
            "--member",
            ANNA,
            "--role",
            "Viewer",
        ],
    );
    denied(
        &w,
        BORIS,
        &[
            "check",
            "--member",
            ANNA,
            "--env",
            "shop-prod",
            "--action",
            "logs",
        ],
    );

    // Where Dmitri is a delegate, the same change is accepted: the refusals above were
    // about the place, not the person.
    w.ok(&[
        "--as",
        DMITRI,
        "share",
        "set",
        DELEGATED_ENV,
        "--member",
        ANNA,
        "--role",
        "Viewer",
    ]);
}

// ===== roles and policies are the owner's alone ==============================================

#[test]
fn members_cannot_create_or_change_the_owners_roles_or_policies() {
    let w = World::demo();
    let before = w.doc();
    let olga_roles = json_of(&w, &["--as", OWNER, "role", "list"]);
    let olga_policies = json_of(&w, &["--as", OWNER, "policy", "list"]);

    // A member can only name its own roles and policies; Olga's are not its to change.
    refused(
        &w,
        BORIS,
        &["role", "edit", "Admin", "--policy", "fs.view"],
        "NOT_FOUND",
    );
    refused(
        &w,
        BORIS,
        &["role", "edit", "Viewer", "--policy", "collaboration.manage"],
        "NOT_FOUND",
    );
    refused(
        &w,
        BORIS,
        &["role", "delete", "Viewer", "--force"],
        "NOT_FOUND",
    );
    refused(&w, BORIS, &["role", "copy", "Admin", "Admin2"], "NOT_FOUND");
    refused(
        &w,
        BORIS,
        &[
            "policy",
            "edit",
            "Ship Releases",
            "--method",
            "env.control.DeleteEnv",
        ],
        "NOT_FOUND",
    );
    refused(
        &w,
        BORIS,
        &["policy", "delete", "Ship Releases", "--force"],
        "NOT_FOUND",
    );
    refused(
        &w,
        BORIS,
        &["role", "add", "Shipper", "--policy", "Ship Releases"],
        "NOT_FOUND",
    );

    // Creating a role or policy creates it on the member's own account, by
    // construction; it cannot be used in the owner's shares.
    w.ok(&[
        "--as",
        BORIS,
        "role",
        "add",
        "Escalate",
        "--policy",
        "collaboration.manage",
        "--notify",
    ]);
    w.ok(&[
        "--as",
        BORIS,
        "policy",
        "add",
        "Everything",
        "--method",
        "delete",
        "--method",
        "transfer",
    ]);
    w.ok(&[
        "--as",
        BORIS,
        "role",
        "add",
        "Viewer",
        "--policy",
        "Everything",
    ]);
    let after = w.doc();
    assert_eq!(
        roles_of(&after, OWNER),
        roles_of(&before, OWNER),
        "Olga's roles are unchanged"
    );
    assert_eq!(
        after
            .policies
            .iter()
            .filter(|p| p.owner == OWNER)
            .collect::<Vec<_>>(),
        before
            .policies
            .iter()
            .filter(|p| p.owner == OWNER)
            .collect::<Vec<_>>(),
        "Olga's policies are unchanged"
    );
    assert!(roles_of(&after, BORIS).iter().any(|r| r.name == "Escalate"));
    assert_eq!(json_of(&w, &["--as", OWNER, "role", "list"]), olga_roles);
    assert_eq!(
        json_of(&w, &["--as", OWNER, "policy", "list"]),
        olga_policies
    );

    refused(
        &w,
        BORIS,
        &[
            "member",
            "edit",
            ANNA,
            "--owner",
            OWNER,
            "--share",
            "envs=Escalate",
        ],
        "NOT_FOUND",
    );
    refused(
        &w,
        BORIS,
        &[
            "member",
            "invite",
            "new@trust.io",
            "--owner",
            OWNER,
            "--share",
            "envs=Escalate",
        ],
        "NOT_FOUND",
    );
    refused(
        &w,
        BORIS,
        &[
            "share",
            "set",
            "shop-prod",
            "--member",
            ANNA,
            "--role",
            "Escalate",
        ],
        "NOT_FOUND",
    );
    // Boris's own "Viewer" (with his own policy) is not Olga's Viewer: sharing "Viewer"
    // on Olga's account resolves to Olga's role.
    w.ok(&[
        "--as",
        BORIS,
        "share",
        "set",
        "shop-prod",
        "--member",
        ANNA,
        "--role",
        "Viewer",
    ]);
    let check = w.run(&[
        "--json",
        "check",
        "--member",
        ANNA,
        "--env",
        "shop-prod",
        "--action",
        "delete",
    ]);
    assert_eq!(check.code, 1, "denied: {}", check.stderr);
    let check = check.json();
    assert_eq!(check["allowed"], json!(false), "{check}");
    assert_eq!(check["roles"], json!(["Viewer"]));
}

// ===== a shared environment never goes into a member's own group =============================

#[test]
fn a_shared_environment_never_goes_into_the_members_own_group() {
    let w = World::demo();
    w.ok(&["--as", ELENA, "group", "add", "Mine"]);
    w.ok(&["--as", BORIS, "group", "add", "Mine"]);
    let r = denied(
        &w,
        ELENA,
        &["env", "attach", "qa-sandbox", "--group", "Mine"],
    );
    assert!(
        r.stderr.contains(&format!("--owner {OWNER}")),
        "hints at --owner: {}",
        r.stderr
    );
    denied(
        &w,
        ELENA,
        &[
            "env",
            "attach",
            "qa-sandbox",
            "--group",
            "Mine",
            "--owner",
            ELENA,
        ],
    );
    denied(
        &w,
        ELENA,
        &["env", "detach", "qa-sandbox", "--group", "Mine"],
    );
    // Even with every policy on the environment (Admin through the base entry).
    denied(
        &w,
        BORIS,
        &["env", "attach", "shop-prod", "--group", "Mine"],
    );
    denied(
        &w,
        BORIS,
        &["env", "attach", "globex-web", "--group", "Mine"],
    );
    // Creating on the owner's account resolves groups on the owner's account.
    refused(
        &w,
        ELENA,
        &[
            "env", "create", "sneaky", "--owner", OWNER, "--group", "Mine",
        ],
        "NOT_FOUND",
    );
    // Attaching within the owner's groups needs envgroup.assign on the environment
    // and on the group: Elena has Admin on Testing, Deployer on Staging.
    denied(
        &w,
        ELENA,
        &[
            "env",
            "attach",
            "qa-sandbox",
            "--group",
            "Staging",
            "--owner",
            OWNER,
        ],
    );
    denied(
        &w,
        ELENA,
        &[
            "env",
            "attach",
            "api-staging",
            "--group",
            "Testing",
            "--owner",
            OWNER,
        ],
    );
}

// ===== creating at the owner's root needs the base grant =====================================

#[test]
fn creating_at_the_owners_root_needs_env_create_in_the_environments_entry() {
    let w = World::demo();
    // No Environments entry (Elena, Ivan, Maria), or one without env.create (Anna and
    // Dmitri have Viewer there).
    for member in [ELENA, IVAN, MARIA, ANNA, DMITRI] {
        let r = denied(&w, member, &["env", "create", "rootless", "--owner", OWNER]);
        assert!(
            r.stderr.contains(&format!("the root of {OWNER}'s account")),
            "{member}: {}",
            r.stderr
        );
        denied(&w, member, &["group", "add", "Rogue", "--owner", OWNER]);
        // A group the member sees (Elena sees no environment in Finance, and a group
        // it does not see reads as absent: `side_doors_cli.rs`).
        let group = if member == ELENA {
            "Staging"
        } else {
            "Finance"
        };
        denied(&w, member, &["group", "remove", group, "--owner", OWNER]);
        denied(
            &w,
            member,
            &["group", "rename", group, "Fun", "--owner", OWNER],
        );
    }
    // In a group, the roles there count: Deployer (Elena on Staging) has no env.create.
    denied(
        &w,
        ELENA,
        &[
            "env", "create", "staged", "--owner", OWNER, "--group", "Staging",
        ],
    );
    // The base grant (Boris: envs=Admin) allows it; the environment is the owner's.
    w.ok(&["--as", BORIS, "env", "create", "by-boris", "--owner", OWNER]);
    let env = w
        .doc()
        .environments
        .into_iter()
        .find(|e| e.name == "by-boris")
        .expect("created");
    assert_eq!((env.owner.as_str(), env.creator.as_str()), (OWNER, BORIS));
}

// ===== members who are not active ==============================================================

#[test]
fn pending_suspended_left_and_rejected_members_can_do_nothing() {
    let w = World::demo();
    // What each could do if active: Tom envs=Viewer, Sergey Staging=User, Kate
    // Testing=Admin (and she created load-test), Paul groups=Viewer with Staging ticked.
    for (member, env, action, method) in [
        (PENDING_MEMBER, "legacy-crm", "logs", "env.control.GetLogs"),
        (
            SUSPENDED_MEMBER,
            "api-staging",
            "restart",
            "env.control.RestartNodes",
        ),
        (LEFT_MEMBER, "load-test", "logs", "env.control.GetLogs"),
        (REJECTED_MEMBER, "docs-site", "logs", "env.control.GetLogs"),
    ] {
        // By short name or by method: refused, and nothing recorded (section 8).
        denied(&w, member, &["env", "do", env, action]);
        denied(&w, member, &["env", "do", env, method]);
        denied(&w, member, &["env", "create", "ghostly", "--owner", OWNER]);
        denied(&w, member, &["group", "add", "Ghost", "--owner", OWNER]);
        denied(
            &w,
            member,
            &["share", "set", env, "--member", ANNA, "--role", "Viewer"],
        );
        denied(
            &w,
            member,
            &["member", "invite", "new@trust.io", "--owner", OWNER],
        );
        denied(
            &w,
            member,
            &["member", "activate", member, "--owner", OWNER],
        );
        denied(&w, member, &["share", "list", env]);
        denied(&w, member, &["who", env]);
        denied(&w, member, &["alert", env]);
        // Nothing of Olga's is visible to it.
        let envs = json_of(&w, &["--as", member, "env", "list"]);
        assert!(
            envs.as_array()
                .expect("rows")
                .iter()
                .all(|e| e["owner"] != OWNER),
            "{member} sees {envs}"
        );
        assert_eq!(
            json_of(&w, &["--as", member, "access", "--member", member]),
            json!([])
        );
        let check = w.run(&[
            "--json", "check", "--member", member, "--env", env, "--action", action,
        ]);
        assert_eq!(check.code, 1);
        assert_eq!(check.json()["allowed"], json!(false), "{member} on {env}");
        assert_eq!(check.json()["level"], json!("none"));
    }
    // Kate created load-test and had Admin on Testing; having left, she may not delete it.
    denied(&w, LEFT_MEMBER, &["env", "delete", "load-test"]);
    denied(&w, LEFT_MEMBER, &["env", "clone", "load-test", "load-copy"]);
    // Only the owner's side brings them back.
    refused(&w, LEFT_MEMBER, &["accept", OWNER], "INVALID_STATE");
    refused(&w, REJECTED_MEMBER, &["accept", OWNER], "INVALID_STATE");
    refused(&w, SUSPENDED_MEMBER, &["accept", OWNER], "INVALID_STATE");
}

// ===== another owner's environments ===========================================================

#[test]
fn acting_on_another_owners_environments_is_refused_and_recorded() {
    let w = World::demo();
    // Ivan is only Olga's member; Olga is nobody's member; Dmitri is still pending with
    // Nikolai: none of them reaches Nikolai's environments, so their refusals change
    // nothing. Anna is Nikolai's active Developer (no env.delete, no env.transfer): her
    // refusal is recorded.
    denied(&w, IVAN, &["env", "do", "globex-web", "logs"]);
    denied(&w, OWNER, &["env", "do", "globex-db", "stop"]);
    denied(&w, OWNER, &["env", "delete", "globex-db"]);
    denied(&w, OWNER, &["env", "clone", "globex-web", "olga-copy"]);
    denied(&w, OWNER, &["env", "transfer", "globex-web", "--to", OWNER]);
    denied(&w, DMITRI, &["env", "do", "globex-web", "logs"]);
    denied_and_recorded(
        &w,
        ANNA,
        &["env", "delete", "globex-db"],
        "globex-db",
        "env.control.DeleteEnv",
    );
    // Not environment actions: refused without a task.
    denied(
        &w,
        OWNER,
        &["env", "attach", "globex-web", "--group", "Production"],
    );
    denied(
        &w,
        OWNER,
        &[
            "env",
            "attach",
            "globex-web",
            "--group",
            "Web",
            "--owner",
            NIKOLAI,
        ],
    );
    denied(
        &w,
        OWNER,
        &["env", "create", "olga-on-globex", "--owner", NIKOLAI],
    );
    denied(&w, OWNER, &["group", "add", "Olga", "--owner", NIKOLAI]);
    denied(
        &w,
        BORIS,
        &[
            "share",
            "set",
            "globex-web",
            "--member",
            ANNA,
            "--role",
            "Viewer",
        ],
    );
    denied(
        &w,
        BORIS,
        &["member", "invite", "new@trust.io", "--owner", NIKOLAI],
    );
    denied(&w, BORIS, &["member", "suspend", ANNA, "--owner", NIKOLAI]);
    denied(&w, OWNER, &["member", "list", "--owner", NIKOLAI]);
    denied(&w, OWNER, &["who", "globex-web"]);
    denied(
        &w,
        OWNER,
        &[
            "check",
            "--member",
            ANNA,
            "--env",
            "globex-web",
            "--action",
            "logs",
        ],
    );
}

// ===== what a member sees ===================================================================

#[test]
fn without_collaboration_manage_a_member_sees_only_its_own_rows() {
    let w = World::demo();
    // The operator (no --as) sees the whole collaboration table of legacy-crm.
    let all = json_of(&w, &["share", "list", EXAMPLE1_ENV]);
    assert!(all.as_array().expect("rows").len() > 3, "{all}");

    let mine = json_of(&w, &["--as", ANNA, "share", "list", EXAMPLE1_ENV]);
    let members: Vec<&str> = mine
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["member"].as_str())
        .collect();
    assert_eq!(members, [ANNA], "{mine}");
    let who = json_of(&w, &["--as", ANNA, "who", EXAMPLE1_ENV]);
    let accounts: Vec<&str> = who
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["account"].as_str())
        .collect();
    assert_eq!(accounts, [OWNER, ANNA], "{who}");
    let alert = json_of(&w, &["--as", ANNA, "alert", EXAMPLE1_ENV]);
    assert_eq!(alert["notify"], json!([OWNER]), "{alert}");
    assert_eq!(
        json_of(&w, &["--as", ANNA, "access", "--member", BORIS]),
        json!([])
    );
    let collabs = json_of(&w, &["--as", ANNA, "collaborations"]);
    assert_eq!(
        collabs.as_array().map(Vec::len),
        Some(2),
        "her own two: {collabs}"
    );
    denied(&w, ANNA, &["member", "list", "--owner", OWNER]);
    denied(&w, ANNA, &["member", "show", BORIS, "--owner", OWNER]);
    denied(
        &w,
        ANNA,
        &[
            "check",
            "--member",
            BORIS,
            "--env",
            EXAMPLE1_ENV,
            "--action",
            "logs",
        ],
    );
    denied(
        &w,
        ANNA,
        &["explain", "--member", BORIS, "--env", EXAMPLE1_ENV],
    );
    // The per-environment delegate sees everyone there, and only there.
    let delegated = json_of(&w, &["--as", DMITRI, "share", "list", DELEGATED_ENV]);
    assert!(delegated.as_array().expect("rows").len() > 2, "{delegated}");
    let elsewhere = json_of(&w, &["--as", DMITRI, "share", "list", EXAMPLE1_ENV]);
    assert_eq!(elsewhere.as_array().map(Vec::len), Some(1), "{elsewhere}");

    // The same in the palette and in the app's inspector.
    let mut app = open_app(&w.state, ANNA);
    palette(&mut app, &format!("share list {EXAMPLE1_ENV}"));
    let Some(Overlay::Text(view)) = &app.overlay else {
        panic!("a query opens a text view: {}", message(&app));
    };
    let body = view.lines.join("\n");
    assert!(body.contains(ANNA), "{body}");
    for other in [BORIS, DMITRI, PENDING_MEMBER] {
        assert!(
            !body.contains(other),
            "{other} in the palette answer:\n{body}"
        );
    }
    palette(&mut app, &format!("member list --owner {OWNER}"));
    let refusal = palette_error(&app).unwrap_or_else(|| message(&app));
    assert!(refusal.contains("collaboration.manage"), "{refusal}");
    key(&mut app, ratatui::crossterm::event::KeyCode::Esc);
    select_env(&mut app, EXAMPLE1_ENV);
    let inspector = inspector_text(&mut app);
    assert!(inspector.contains("anna@"), "{inspector}");
    for other in ["boris@", "dmitri@", "tom@"] {
        assert!(
            !inspector.contains(other),
            "{other} in the inspector:\n{inspector}"
        );
    }
}

#[test]
fn prices_are_shown_only_to_the_owner_and_billing_view_holders() {
    let w = World::demo();
    let engine = collab::engine::Engine::from_document(&w.doc()).expect("load");
    let p = engine.platform();
    let id = |e: &str| p.account_by_email(e).expect("account");
    // Anna: Viewer and User on Olga's (no billing.view); Developer on Nikolai's (has it).
    for row in p.env_rows(id(ANNA)) {
        assert_eq!(
            row.cents_per_hour.is_some(),
            row.owner == NIKOLAI,
            "anna on {}: {:?}",
            row.name,
            row.cents_per_hour
        );
    }
    // Maria: Accountant on Production/EU (billing.view), Viewer elsewhere.
    let maria = p.env_rows(id(MARIA));
    let priced = |name: &str| {
        maria
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("maria sees {name}"))
            .cents_per_hour
            .is_some()
    };
    assert!(priced(EXAMPLE3_ENV));
    assert!(!priced("api-staging"));
    assert!(
        p.env_rows(id(OWNER))
            .iter()
            .all(|r| r.cents_per_hour.is_some())
    );

    // The command line's table shows "-" where prices are hidden.
    let table = w.ok(&["--as", ANNA, "env", "list"]).stdout;
    for line in table.lines().skip(1) {
        let cost = line.split_whitespace().last().unwrap_or("");
        if line.contains(OWNER) {
            assert_eq!(cost, "-", "{line}");
        } else {
            assert!(cost.contains('.'), "{line}");
        }
    }
    // Asking for billing figures without the policy is an environment action: refused
    // and recorded.
    denied_and_recorded(
        &w,
        ANNA,
        &["env", "do", EXAMPLE3_ENV, "billing.pricing.GetPricing"],
        EXAMPLE3_ENV,
        "billing.pricing.GetPricing",
    );

    // The app's inspector hides the price from Anna and shows it to Maria.
    let price = |env: &str| {
        let cents = p
            .env_row(id(OWNER), p.env_by_name(env).expect("env"))
            .cents_per_hour
            .expect("the owner sees prices");
        format!("{}.{:02}", cents / 100, cents % 100)
    };
    let mut app = open_app(&w.state, ANNA);
    select_env(&mut app, EXAMPLE1_ENV);
    let inspector = inspector_text(&mut app);
    assert!(inspector.contains("hidden"), "{inspector}");
    assert!(!inspector.contains(&price(EXAMPLE1_ENV)), "{inspector}");
    let mut app = open_app(&w.state, MARIA);
    select_env(&mut app, EXAMPLE3_ENV);
    let inspector = inspector_text(&mut app);
    assert!(!inspector.contains("hidden"), "{inspector}");
    assert!(inspector.contains(&price(EXAMPLE3_ENV)), "{inspector}");
}

#[test]
fn a_denied_env_action_in_the_palette_is_recorded_like_on_the_command_line() {
    // Ivan's direct Viewer on shop-prod wins over the group's Admin: no restart, no
    // delete, no clone, no transfer. Each attempt is one denied task, whether the
    // command runs at once (`env do`) or would first show a preview (the others).
    for (line, method) in [
        (
            format!("env do {EXAMPLE2_ENV} restart"),
            "env.control.RestartNodes",
        ),
        (
            format!("env delete {EXAMPLE2_ENV}"),
            "env.control.DeleteEnv",
        ),
        (
            format!("env transfer {EXAMPLE2_ENV} --to {ANNA}"),
            "env.control.SendTransferRequest",
        ),
        (
            format!("env clone {EXAMPLE2_ENV} shop-copy"),
            "env.control.CloneEnv",
        ),
    ] {
        let w = World::new();
        write_demo(&w.state);
        let before = w.doc();
        let mut app = open_app(&w.state, IVAN);
        palette(&mut app, &line);
        assert!(message_is_error(&app), "{line}");
        assert!(
            message(&app).starts_with(&format!("PERMISSION_DENIED: {PERMISSION}")),
            "{line}: {}",
            message(&app)
        );
        let mut after = w.doc();
        let task = after.tasks.pop().expect("a task");
        assert_eq!(after, before, "{line}: nothing but the denied task");
        assert_eq!(
            (
                task.outcome.as_str(),
                task.initiator.as_str(),
                task.env.as_deref(),
                task.method.as_str()
            ),
            ("denied", IVAN, Some(EXAMPLE2_ENV), method),
            "{line}"
        );
        assert_eq!(
            app.ws.engine().to_document(),
            w.doc(),
            "{line}: the app shows what was saved"
        );
    }
}
