//! The rules of domain.md sections 3 to 6 and 8, one focused test each, driven through
//! the engine's one door (`Engine::execute`) and checked through its queries
//! (`explain`, `configured_access`, `check`, the row views).
//!
//! Every test starts from `world()`: an owner, two members, a stranger and the typical
//! roles of the domain; the test then adds exactly the groups, environments and shares
//! its rule needs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::match_same_arms,
    clippy::unnecessary_wraps,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

mod common;

use collab::engine::{
    AccessChange, AccessState, Catalogue, Command, Error, Grant, Level, MemberOp, Reason, Response,
    ShareSpec, Verdict,
};
use common::*;

const DEVELOPER: &[&str] = &[
    "env.edit",
    "env.startstop",
    "node.restart",
    "node.redeploy",
    "cfg.domains",
    "cfg.endpoints",
    "cfg.firewall",
    "cfg.triggers",
    "cfg.variables",
    "fs.view",
    "fs.write",
    "logs.view",
    "stats.view",
    "cmd.exec",
    "ssh.access",
    "node.passwords",
    "addons.manage",
    "deploy.apps",
    "deploy.vcs",
    "jps.install",
    "collaboration.manage",
    "billing.view",
];

fn all_policies() -> Vec<&'static str> {
    Catalogue::get()
        .policies
        .iter()
        .map(|p| p.id.as_str())
        .collect()
}

/// An owner O with the typical roles, two members-to-be M and N, and a stranger X.
fn world() -> World {
    let mut w = World::new();
    for a in [O, M, N, X] {
        w.account(a);
    }
    w.role(O, "Viewer", &["fs.view", "logs.view", "stats.view"]);
    w.role(
        O,
        "User",
        &[
            "fs.view",
            "logs.view",
            "stats.view",
            "env.startstop",
            "node.restart",
        ],
    );
    w.role(O, "Developer", DEVELOPER);
    w.role(O, "Accountant", &["billing.view", "stats.view"]);
    w.role_with(O, "Admin", &all_policies(), true);
    w.role(O, "Creator", &["env.create", "logs.view"]);
    w.role(O, "Grouper", &["envgroup.manage"]);
    w.role(O, "Assigner", &["envgroup.assign"]);
    w.role(O, "Delegate", &["collaboration.manage", "logs.view"]);
    w
}

fn names(items: &[&str]) -> Vec<String> {
    strings(items)
}

/// The access as configured (whatever the status), through `configured_access`.
fn configured(w: &World, member: &str, env: &str) -> (Level, Vec<String>) {
    let p = w.p();
    let c = p.collab_of(w.id(O), w.id(member)).expect("a member record");
    let a = p.configured_access(p.collab(c), w.env_id(env));
    (a.level.level(), p.sorted_role_names(&a.roles))
}

fn grant(role: &str, policy: &str) -> Option<(String, String)> {
    Some((role.to_string(), policy.to_string()))
}

// ===== Section 4: the documented examples =======================================

#[test]
fn example_1_ungrouped_env_without_direct_share_gets_the_base_roles() {
    let mut w = world();
    w.group(O, "Team");
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Viewer", "groups=Admin+Developer"]);

    let x = w.explain(M, "shop");
    assert_eq!(
        (x.level, x.roles.clone()),
        (Level::Base, names(&["Viewer"]))
    );
    assert_eq!(x.levels.direct, None);
    assert!(x.levels.groups.is_empty());
    assert_eq!(x.levels.base, Some(names(&["Viewer"])));
    assert_eq!(configured(&w, M, "shop"), (Level::Base, names(&["Viewer"])));

    let d = w.decision(M, "shop", "logs");
    assert!(d.allowed());
    assert_eq!(d.level, Level::Base);
    assert_eq!(
        w.granted_by(M, "shop", "logs"),
        grant("Viewer", "logs.view")
    );
    // The category's Admin is not used for an environment in no group.
    let d = w.decision(M, "shop", "start");
    assert!(!d.allowed());
    assert_eq!(d.level, Level::Base);
}

#[test]
fn example_2_direct_share_wins_and_the_broader_group_role_is_ignored() {
    let mut w = world();
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.member(O, M, &["env:shop=Viewer", "group:Team=Admin"]);

    let x = w.explain(M, "shop");
    assert_eq!(
        (x.level, x.roles.clone()),
        (Level::Direct, names(&["Viewer"]))
    );
    assert_eq!(x.levels.direct, Some(names(&["Viewer"])));
    assert_eq!(
        configured(&w, M, "shop"),
        (Level::Direct, names(&["Viewer"]))
    );

    assert_eq!(w.granted_by(M, "shop", "files"), grant("Viewer", "fs.view"));
    assert_eq!(w.decision(M, "shop", "files").level, Level::Direct);
    for admin_only in [
        "start",
        "delete",
        "env.control.ChangeTopology",
        "billing.pricing.GetPricing",
    ] {
        let d = w.decision(M, "shop", admin_only);
        assert!(
            !d.allowed(),
            "{admin_only} must not come from the group's Admin"
        );
        assert_eq!(d.level, Level::Direct);
    }
}

#[test]
fn example_3_groups_level_is_the_union_of_resolved_groups() {
    let mut w = world();
    for g in ["Dev", "Dev/Web", "Ops", "Ops/Night"] {
        w.group(O, g);
    }
    w.env(O, "shop", &["Dev/Web", "Ops/Night"]);
    w.member(
        O,
        M,
        &[
            "groups=Viewer",
            "group:Dev=Admin",
            "group:Dev/Web=Developer+Accountant",
            "group:Ops",
            "group:Ops/Night",
        ],
    );

    let x = w.explain(M, "shop");
    assert_eq!(x.level, Level::Groups);
    assert_eq!(x.roles, names(&["Accountant", "Developer", "Viewer"]));
    let traced: Vec<(String, Vec<String>, String)> = x
        .levels
        .groups
        .iter()
        .map(|g| (g.group.clone(), g.roles.clone(), g.from.clone()))
        .collect();
    assert_eq!(
        traced,
        vec![
            (
                "Dev/Web".to_string(),
                names(&["Accountant", "Developer"]),
                "Dev/Web".to_string()
            ),
            ("Ops/Night".to_string(), names(&["Viewer"]), "*".to_string()),
        ]
    );
    assert_eq!(
        configured(&w, M, "shop"),
        (Level::Groups, names(&["Accountant", "Developer", "Viewer"]))
    );

    assert_eq!(
        w.granted_by(M, "shop", "billing.pricing.GetPricing"),
        grant("Accountant", "billing.view")
    );
    // Developer and Viewer both grant logs: the first by name is named.
    assert_eq!(
        w.granted_by(M, "shop", "logs"),
        grant("Developer", "logs.view")
    );
    assert_eq!(w.decision(M, "shop", "logs").level, Level::Groups);
    // Admin (on the parent Dev) is ignored: nobody of the three may delete.
    assert!(!w.allows(M, "shop", "delete"));
    assert!(!w.allows(M, "shop", "create"));
}

// ===== Section 3: the member status machine =====================================

#[derive(Clone, Copy, Debug, PartialEq)]
enum Event {
    Accept,
    Reject,
    Leave,
    Suspend,
    Activate,
    Reinvite,
    Resend,
    Remove,
}

const EVENTS: [Event; 8] = [
    Event::Accept,
    Event::Reject,
    Event::Leave,
    Event::Suspend,
    Event::Activate,
    Event::Reinvite,
    Event::Resend,
    Event::Remove,
];

fn event_cmd(e: Event) -> (&'static str, Command) {
    match e {
        Event::Accept => (M, respond(O, Response::Accept)),
        Event::Reject => (M, respond(O, Response::Reject)),
        Event::Leave => (M, respond(O, Response::Leave)),
        Event::Suspend => (O, member_op(M, MemberOp::Suspend)),
        Event::Activate => (O, member_op(M, MemberOp::Activate)),
        Event::Reinvite => (O, member_op(M, MemberOp::Reinvite)),
        Event::Resend => (O, member_op(M, MemberOp::Resend)),
        Event::Remove => (O, member_op(M, MemberOp::Remove)),
    }
}

/// A world where M's record with O is in `status`, with shares on env `shop`.
fn member_in(status: &str) -> World {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.invite(O, M, &["envs=User"]);
    match status {
        "pending" => {}
        "active" => w.respond(M, O, Response::Accept),
        "suspended" => {
            w.respond(M, O, Response::Accept);
            w.member_op(O, M, MemberOp::Suspend);
        }
        "left" => {
            w.respond(M, O, Response::Accept);
            w.respond(M, O, Response::Leave);
        }
        "rejected" => w.respond(M, O, Response::Reject),
        other => panic!("unknown status {other}"),
    }
    assert_eq!(w.status_of(O, M).as_deref(), Some(status));
    w
}

const NOT_ACTIVE: [&str; 4] = ["pending", "suspended", "left", "rejected"];

#[test]
fn every_status_transition_is_allowed_or_invalid_state() {
    use Event::*;
    let allowed = |from: &str, e: Event| -> Option<Option<&'static str>> {
        // Some(Some(to)): allowed to `to`; Some(None): record removed; None: refused.
        match (from, e) {
            (_, Remove) => Some(None),
            ("pending", Accept) => Some(Some("active")),
            ("pending", Reject) => Some(Some("rejected")),
            ("pending", Resend) => Some(Some("pending")),
            ("active", Suspend) => Some(Some("suspended")),
            ("active", Leave) => Some(Some("left")),
            ("suspended", Activate) => Some(Some("active")),
            ("suspended", Leave) => Some(Some("left")),
            ("left", Reinvite) => Some(Some("pending")),
            ("rejected", Reinvite) => Some(Some("pending")),
            _ => None,
        }
    };
    for from in ["pending", "active", "suspended", "left", "rejected"] {
        for e in EVENTS {
            let mut w = member_in(from);
            let (actor, cmd) = event_cmd(e);
            match allowed(from, e) {
                Some(to) => {
                    w.run(actor, cmd)
                        .unwrap_or_else(|err| panic!("{from} --{e:?}--> refused: {err}"));
                    assert_eq!(w.status_of(O, M).as_deref(), to, "{from} --{e:?}-->");
                }
                None => w.refused(actor, cmd, "INVALID_STATE"),
            }
        }
    }
}

#[test]
fn inviting_oneself_is_self_invite() {
    let mut w = world();
    w.refused(O, invite_cmd(None, O, &[]), "SELF_INVITE");
    w.refused(O, invite_cmd(None, "Owner@ACME.io", &[]), "SELF_INVITE");
}

#[test]
fn inviting_an_email_that_has_a_record_is_duplicate_in_every_status() {
    for status in ["pending", "active", "suspended", "left", "rejected"] {
        let mut w = member_in(status);
        w.refused(O, invite_cmd(None, M, &[]), "DUPLICATE");
        w.refused(O, invite_cmd(None, "MIA@acme.io", &[]), "DUPLICATE");
    }
}

#[test]
fn inviting_an_unknown_email_creates_the_account() {
    let mut w = world();
    w.env(O, "shop", &[]);
    let accounts = w.p().account_rows().len();
    w.invite(O, "New.Person@Fresh.io", &["envs=Viewer"]);
    assert_eq!(w.p().account_rows().len(), accounts + 1);
    let id = w.id("new.person@fresh.io");
    let acc = w.p().account(id);
    assert_eq!(acc.email, "new.person@fresh.io");
    assert_eq!(acc.name, "new.person");
    assert_eq!(
        w.status_of(O, "new.person@fresh.io").as_deref(),
        Some("pending")
    );
    // The new account can accept and then has its access.
    w.respond("new.person@fresh.io", O, Response::Accept);
    assert_eq!(
        w.access("new.person@fresh.io", "shop"),
        (Level::Base, names(&["Viewer"]))
    );
}

#[test]
fn only_the_owner_or_an_account_wide_delegate_manages_members() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Developer"]);
    w.member(O, N, &["envs=Viewer"]);
    let owner = Some(O);
    w.refused(N, invite_cmd(owner, X, &[]), "PERMISSION_DENIED");
    for op in [MemberOp::Suspend, MemberOp::Remove] {
        w.refused(
            N,
            Command::Member {
                owner: Some(O.into()),
                email: M.into(),
                op,
            },
            "PERMISSION_DENIED",
        );
    }
    w.refused(
        N,
        edit_shares(owner, M, &["envs=Viewer"]),
        "PERMISSION_DENIED",
    );
    // The member's side belongs to the member alone: the owner has no record with itself.
    w.refused(O, respond(O, Response::Accept), "NOT_FOUND");
    w.refused(X, respond(O, Response::Accept), "NOT_FOUND");
}

#[test]
fn shares_set_at_invite_time_grant_nothing_while_pending() {
    let mut w = world();
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.env(O, "blog", &[]);
    w.invite(O, M, &["envs=Viewer", "group:Team=User", "env:blog=Admin"]);
    assert_eq!(
        w.entries(O, M),
        names(&["envs=Viewer", "group:Team=User", "env:blog=Admin"])
    );
    for env in ["shop", "blog"] {
        assert_eq!(w.access(M, env), (Level::None, vec![]));
        assert!(!w.allows(M, env, "logs"));
    }
    assert_eq!(configured(&w, M, "shop"), (Level::Groups, names(&["User"])));
    assert_eq!(
        configured(&w, M, "blog"),
        (Level::Direct, names(&["Admin"]))
    );
}

#[test]
fn only_an_active_collaboration_grants_access() {
    for status in NOT_ACTIVE {
        let mut w = member_in(status);
        w.group(O, "Team");
        w.env(O, "blog", &["Team"]);
        w.set_shares(O, M, &["envs=User", "group:Team=Admin", "env:shop=Admin"]);
        let m = w.id(M);
        for env in ["shop", "blog"] {
            let d = w.decision(M, env, "logs");
            assert!(!d.allowed(), "{status}: {env}");
            assert_eq!(d.level, Level::None);
            assert!(
                matches!(d.verdict, Verdict::Deny(Reason::NotActive(s)) if s.as_str() == status),
                "{status}: {:?}",
                d.verdict
            );
            let x = w.explain(M, env);
            assert_eq!((x.level, x.roles.len()), (Level::None, 0), "{status}");
            assert_eq!(x.status, status);
            assert_ne!(x.configured_level, Level::None, "configured stays visible");
            let who = w.p().who_rows(None, w.env_id(env)).expect("who");
            assert_eq!(who.len(), 1, "{status}: only the owner is listed");
            assert!(w.p().alert_recipients(w.env_id(env)) == vec![w.id(O)]);
            assert!(!w.p().can_see_env(m, w.env_id(env)));
        }
        assert!(w.p().env_rows(m).is_empty(), "{status}: envs disappear");
        assert!(w.p().access_rows(None, m).is_empty(), "{status}");
        w.refused(M, create_env("mine", Some(O), &[]), "PERMISSION_DENIED");
        // A member that is not active reaches nothing: its refusal leaves no task.
        w.refused(M, env_do("shop", "logs"), "PERMISSION_DENIED");
    }
}

#[test]
fn suspend_keeps_shares_and_activate_restores_access_exactly() {
    let mut w = world();
    for g in ["Team", "Team/Web"] {
        w.group(O, g);
    }
    w.env(O, "shop", &["Team/Web"]);
    w.env(O, "blog", &[]);
    w.env(O, "wiki", &["Team"]);
    w.member(
        O,
        M,
        &["envs=Viewer", "group:Team=User", "env:wiki=Accountant"],
    );
    let envs = ["shop", "blog", "wiki"];
    let before: Vec<_> = envs.iter().map(|e| w.explain(M, e)).collect();
    let entries = w.entries(O, M);

    w.member_op(O, M, MemberOp::Suspend);
    assert_eq!(w.entries(O, M), entries, "shares are kept unchanged");
    for e in envs {
        assert_eq!(w.access(M, e), (Level::None, vec![]));
    }
    w.member_op(O, M, MemberOp::Activate);
    let after: Vec<_> = envs.iter().map(|e| w.explain(M, e)).collect();
    assert_eq!(after, before);
    assert_eq!(w.access(M, "shop"), (Level::Groups, names(&["User"])));
}

#[test]
fn reinvite_after_leave_or_reject_keeps_the_shares_for_the_next_accept() {
    for path in ["left", "rejected"] {
        let mut w = member_in(path);
        assert_eq!(w.entries(O, M), names(&["envs=User"]));
        w.member_op(O, M, MemberOp::Reinvite);
        assert_eq!(w.status_of(O, M).as_deref(), Some("pending"));
        assert_eq!(w.entries(O, M), names(&["envs=User"]));
        assert_eq!(w.access(M, "shop"), (Level::None, vec![]));
        w.respond(M, O, Response::Accept);
        assert_eq!(
            w.access(M, "shop"),
            (Level::Base, names(&["User"])),
            "{path}"
        );
        assert!(w.allows(M, "shop", "start"));
    }
}

#[test]
fn resend_keeps_the_invitation_pending_and_sends_it_again() {
    let mut w = member_in("pending");
    let invitations = |w: &World| w.doc().collaborations[0].invitations;
    assert_eq!(invitations(&w), 1);
    w.member_op(O, M, MemberOp::Resend);
    assert_eq!(w.status_of(O, M).as_deref(), Some("pending"));
    assert_eq!(invitations(&w), 2);
}

#[test]
fn leaving_loses_everything_and_created_envs_stay_with_the_owner() {
    let mut w = world();
    w.member(O, M, &["envs=Creator"]);
    w.ok(M, create_env("mia-app", Some(O), &[]));
    assert_eq!(w.access(M, "mia-app"), (Level::Base, names(&["Creator"])));

    w.respond(M, O, Response::Leave);
    let e = w.env_id("mia-app");
    let env = w.p().env(e);
    assert_eq!(env.owner, w.id(O));
    assert_eq!(env.creator, w.id(M));
    assert_eq!(w.access(M, "mia-app"), (Level::None, vec![]));
    assert!(!w.allows(M, "mia-app", "logs"));
    assert!(w.p().env_rows(w.id(M)).is_empty());
    assert_eq!(w.access(O, "mia-app").0, Level::Owner);
}

#[test]
fn removing_a_member_deletes_record_and_shares_and_a_later_invite_starts_empty() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Admin", "env:shop=User"]);
    w.member_op(O, M, MemberOp::Remove);
    assert_eq!(w.status_of(O, M), None);
    assert!(w.p().find_account(M).is_ok(), "the account itself stays");
    let d = w.decision(M, "shop", "logs");
    assert_eq!(d.verdict, Verdict::Deny(Reason::NotMember));
    assert!(w.doc().collaborations.is_empty());

    w.invite(O, M, &[]);
    assert!(w.entries(O, M).is_empty());
    w.respond(M, O, Response::Accept);
    assert_eq!(w.access(M, "shop"), (Level::None, vec![]));
    assert_eq!(
        w.decision(M, "shop", "logs").verdict,
        Verdict::Deny(Reason::NoRoles)
    );
}

// ===== Section 4: the role-assigning algorithm ===================================

#[test]
fn levels_are_never_merged_direct_beats_groups_beats_base() {
    let mut w = world();
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.env(O, "blog", &["Team"]);
    w.env(O, "docs", &[]);
    w.member(O, M, &["envs=Admin", "group:Team=User", "env:shop=Viewer"]);

    assert_eq!(w.access(M, "shop"), (Level::Direct, names(&["Viewer"])));
    assert!(
        !w.allows(M, "shop", "start"),
        "User (groups) is not merged in"
    );
    assert!(
        !w.allows(M, "shop", "delete"),
        "Admin (base) is not merged in"
    );

    assert_eq!(w.access(M, "blog"), (Level::Groups, names(&["User"])));
    assert!(w.allows(M, "blog", "start"));
    assert!(
        !w.allows(M, "blog", "delete"),
        "Admin (base) is not merged in"
    );

    assert_eq!(w.access(M, "docs"), (Level::Base, names(&["Admin"])));
    assert!(w.allows(M, "docs", "delete"));
}

#[test]
fn a_direct_entry_without_roles_is_not_direct() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Viewer", "env:shop"]);
    let x = w.explain(M, "shop");
    assert_eq!(
        (x.level, x.roles.clone()),
        (Level::Base, names(&["Viewer"]))
    );
    assert_eq!(x.levels.direct, None);
    assert!(x.direct_ticked);

    // With nothing else, the ticked entry gives no access at all.
    w.set_shares(O, M, &["env:shop"]);
    assert_eq!(w.access(M, "shop"), (Level::None, vec![]));
    assert_eq!(
        w.decision(M, "shop", "logs").verdict,
        Verdict::Deny(Reason::NoRoles)
    );
    assert!(w.p().env_rows(w.id(M)).is_empty(), "not visible");
}

#[test]
fn a_group_resolves_to_the_nearest_group_with_roles_walking_up_parents() {
    let mut w = world();
    for g in ["A", "A/B", "A/B/C"] {
        w.group(O, g);
    }
    w.env(O, "shop", &["A/B/C"]);
    w.member(O, M, &["envs=Viewer", "group:A=Admin"]);
    let x = w.explain(M, "shop");
    assert_eq!(
        (x.level, x.roles.clone()),
        (Level::Groups, names(&["Admin"]))
    );
    assert_eq!(x.levels.groups[0].from, "A");
    assert_eq!(x.levels.groups[0].group, "A/B/C");

    // A nearer group with roles wins over the farther one.
    w.set_shares(O, M, &["group:A=Admin", "group:A/B=Viewer"]);
    assert_eq!(w.access(M, "shop"), (Level::Groups, names(&["Viewer"])));
    assert_eq!(w.explain(M, "shop").levels.groups[0].from, "A/B");

    // A ticked group without roles does not stop the walk.
    w.set_shares(O, M, &["group:A=Admin", "group:A/B/C"]);
    assert_eq!(w.access(M, "shop"), (Level::Groups, names(&["Admin"])));
    assert_eq!(w.explain(M, "shop").levels.groups[0].from, "A");
}

#[test]
fn the_category_default_applies_to_shared_groups_without_roles_on_the_way() {
    let mut w = world();
    for g in ["A", "A/B", "Z"] {
        w.group(O, g);
    }
    w.env(O, "shop", &["A/B"]);
    w.env(O, "blog", &["Z"]);
    w.member(O, M, &["envs=Accountant", "groups=Viewer", "group:A"]);
    let x = w.explain(M, "shop");
    assert_eq!(
        (x.level, x.roles.clone()),
        (Level::Groups, names(&["Viewer"]))
    );
    assert_eq!(x.levels.groups[0].from, "*");
    // The category's entry alone makes every group shared.
    assert_eq!(w.access(M, "blog"), (Level::Groups, names(&["Viewer"])));
    // A ticked category without roles gives no default.
    w.set_shares(O, M, &["envs=Accountant", "groups", "group:A"]);
    assert_eq!(w.access(M, "shop"), (Level::Base, names(&["Accountant"])));
    assert_eq!(w.access(M, "blog"), (Level::Base, names(&["Accountant"])));
}

#[test]
fn unshared_groups_contribute_nothing() {
    let mut w = world();
    for g in ["A", "Z", "Z/Y"] {
        w.group(O, g);
    }
    w.env(O, "shop", &["Z/Y"]);
    w.env(O, "blog", &["A", "Z/Y"]);
    w.member(O, M, &["envs=Viewer", "group:A=User"]);
    assert_eq!(w.access(M, "shop"), (Level::Base, names(&["Viewer"])));
    assert_eq!(w.access(M, "blog"), (Level::Groups, names(&["User"])));
    let x = w.explain(M, "blog");
    assert_eq!(x.levels.groups.len(), 1, "only the shared group is listed");
    assert_eq!(x.levels.groups[0].group, "A");
}

#[test]
fn the_groups_level_is_the_union_over_all_groups_of_the_environment() {
    let mut w = world();
    for g in ["A", "B", "C"] {
        w.group(O, g);
    }
    w.env(O, "shop", &["A", "B", "C"]);
    w.member(
        O,
        M,
        &[
            "envs=Admin",
            "group:A=Viewer+User",
            "group:B=Accountant",
            "group:C=Viewer",
        ],
    );
    assert_eq!(
        w.access(M, "shop"),
        (Level::Groups, names(&["Accountant", "User", "Viewer"]))
    );
    assert!(w.allows(M, "shop", "start"), "from User via A");
    assert!(w.allows(M, "shop", "billing.pricing.GetPricing"), "from B");
    assert!(!w.allows(M, "shop", "delete"));
    let x = w.explain(M, "shop");
    assert_eq!(
        x.policies,
        names(&[
            "billing.view",
            "env.startstop",
            "fs.view",
            "logs.view",
            "node.restart",
            "stats.view"
        ]),
        "effective policies are the union of the roles' policies"
    );
}

#[test]
fn a_grant_is_named_by_the_first_role_by_name_then_its_first_policy_by_id() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.ok(
        O,
        Command::AddPolicy {
            name: "zz-logs".into(),
            methods: names(&["logs"]),
            description: None,
        },
    );
    w.ok(
        O,
        Command::AddPolicy {
            name: "Aa-logs".into(),
            methods: names(&["env.control.GetLogs"]),
            description: None,
        },
    );
    // Created in reverse name order, so id order would name Zed.
    w.role(O, "Zed", &["logs.view", "stats.view"]);
    w.role(O, "beta", &["zz-logs", "logs.view", "Aa-logs"]);
    w.role(O, "Alpha", &["stats.view"]);
    w.member(O, M, &["envs=Zed+beta+Alpha"]);
    assert_eq!(
        w.granted_by(M, "shop", "stats"),
        grant("Alpha", "stats.view")
    );
    assert_eq!(w.granted_by(M, "shop", "logs"), grant("beta", "Aa-logs"));
    w.set_shares(O, M, &["envs=Zed+Alpha"]);
    assert_eq!(w.granted_by(M, "shop", "logs"), grant("Zed", "logs.view"));
}

#[test]
fn the_owner_may_call_every_method_on_its_own_environments() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Viewer"]);
    let cat = Catalogue::get();
    let p = w.p();
    for name in &cat.methods {
        let m = cat.method(name).expect("method");
        let d = p.check(w.id(O), w.env_id("shop"), m);
        assert!(d.allowed(), "{name}");
        assert_eq!(d.level, Level::Owner);
        assert_eq!(d.verdict, Verdict::Allow(Grant::Owner));
    }
    assert_eq!(w.access(O, "shop").0, Level::Owner);
    // ... but not on someone else's.
    w.env(M, "mia-own", &[]);
    assert!(!w.allows(O, "mia-own", "logs"));
}

#[test]
fn an_explanation_reports_what_each_level_would_give_and_why_a_method_is_denied() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.invite(O, M, &["envs=Viewer"]);
    let x = w.explain(M, "shop");
    assert_eq!(x.status, "pending");
    assert_eq!(x.level, Level::None);
    assert_eq!(x.levels.base, Some(names(&["Viewer"])));
    assert_eq!(
        (x.configured_level, x.configured_roles),
        (Level::Base, names(&["Viewer"]))
    );
    w.respond(M, O, Response::Accept);
    let d = w.decision(M, "shop", "start");
    assert!(matches!(
        d.verdict,
        Verdict::Deny(Reason::MissingMethod { .. })
    ));
    assert_eq!(
        w.decision(X, "shop", "logs").verdict,
        Verdict::Deny(Reason::NotMember)
    );
    assert_eq!(w.explain(X, "shop").status, "none");
}

// ===== Section 5: who may do what ================================================

#[test]
fn a_member_creates_at_the_owner_root_only_with_env_create_in_the_base_entry() {
    let mut w = world();
    w.member(O, M, &["envs=Viewer", "groups=Creator"]);
    w.refused(M, create_env("new-app", Some(O), &[]), "PERMISSION_DENIED");
    w.set_shares(O, M, &["envs=Creator"]);
    w.ok(M, create_env("new-app", Some(O), &[]));
    let env = w.p().env(w.env_id("new-app")).clone();
    assert_eq!(env.owner, w.id(O));
    assert_eq!(env.creator, w.id(M));
    assert!(env.groups.is_empty());
}

#[test]
fn a_member_creates_in_a_group_only_with_env_create_on_that_group() {
    let mut w = world();
    w.group(O, "Team");
    w.group(O, "Other");
    w.member(O, M, &["envs=Viewer", "group:Team=Creator"]);
    w.ok(M, create_env("in-team", Some(O), &["Team"]));
    assert_eq!(w.p().env(w.env_id("in-team")).groups.len(), 1);
    w.refused(M, create_env("at-root", Some(O), &[]), "PERMISSION_DENIED");
    w.refused(
        M,
        create_env("in-other", Some(O), &["Other"]),
        "PERMISSION_DENIED",
    );
    w.ok(M, create_env("in-both", Some(O), &["Team", "Other"]));

    // The group level overrides the base: Creator in base does not help in Team.
    w.set_shares(O, M, &["envs=Creator", "group:Team=Viewer"]);
    w.refused(
        M,
        create_env("in-team-2", Some(O), &["Team"]),
        "PERMISSION_DENIED",
    );
    w.ok(M, create_env("in-other", Some(O), &["Other"]));
    w.ok(M, create_env("at-root", Some(O), &[]));
}

#[test]
fn a_member_created_env_is_the_owners_and_counts_against_the_owners_quota() {
    let mut w = World::new();
    w.account_with_quota(O, Some(2));
    w.account_with_quota(M, Some(0));
    w.role(O, "Creator", &["env.create"]);
    w.env(O, "first", &[]);
    w.member(O, M, &["envs=Creator"]);
    // M's own quota (0: none) is irrelevant on O's account.
    w.refused(M, create_env("mine", None, &[]), "QUOTA_EXCEEDED");
    w.ok(M, create_env("second", Some(O), &[]));
    assert_eq!(w.p().env_count(w.id(O)), 2);
    assert_eq!(w.p().env_count(w.id(M)), 0);
    assert_eq!(w.p().env(w.env_id("second")).creator, w.id(M));
    w.refused(M, create_env("third", Some(O), &[]), "QUOTA_EXCEEDED");
    w.refused(O, create_env("third", None, &[]), "QUOTA_EXCEEDED");
}

#[test]
fn group_changes_by_a_member_need_envgroup_manage_on_the_parent() {
    let rename = |path: &str, new: &str| Command::RenameGroup {
        owner: Some(O.into()),
        path: path.into(),
        new_name: new.into(),
    };
    let remove = |path: &str| Command::RemoveGroup {
        owner: Some(O.into()),
        path: path.into(),
    };
    let mut w = world();
    w.group(O, "P");
    w.member(O, M, &["envs=Viewer", "group:P=Grouper"]);
    w.ok(M, group_cmd(Some(O), "P/Q"));
    w.ok(M, rename("P/Q", "R"));
    assert!(w.p().find_group(w.id(O), "P/R").is_ok());
    w.ok(M, remove("P/R"));
    assert!(w.p().find_group(w.id(O), "P/R").is_err());
    // At the root the base entry decides, and it lacks envgroup.manage.
    w.refused(M, group_cmd(Some(O), "Top"), "PERMISSION_DENIED");
    w.refused(M, rename("P", "P2"), "PERMISSION_DENIED");
    w.refused(M, remove("P"), "PERMISSION_DENIED");

    // Manage on the group itself is not manage on its parent.
    w.group(O, "P/Q");
    w.set_shares(O, M, &["envs=Viewer", "group:P/Q=Grouper"]);
    w.refused(M, rename("P/Q", "S"), "PERMISSION_DENIED");
    w.refused(M, remove("P/Q"), "PERMISSION_DENIED");
    w.ok(M, group_cmd(Some(O), "P/Q/Sub"));

    // With envgroup.manage in the base entry the root is open.
    w.set_shares(O, M, &["envs=Grouper"]);
    w.ok(M, group_cmd(Some(O), "Top"));
    w.ok(M, rename("Top", "Top2"));
    w.ok(M, remove("Top2"));
}

#[test]
fn a_member_never_puts_a_shared_environment_into_its_own_group() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Admin"]);
    w.group(M, "Mine");
    let attach = Command::AttachEnv {
        env: "shop".into(),
        group: "Mine".into(),
        owner: None,
    };
    w.refused(M, attach, "PERMISSION_DENIED");
    assert!(w.p().env(w.env_id("shop")).groups.is_empty());
}

#[test]
fn attach_and_detach_need_envgroup_assign_on_the_environment_and_the_group() {
    let attach = |group: &str| Command::AttachEnv {
        env: "shop".into(),
        group: group.into(),
        owner: Some(O.into()),
    };
    let detach = |group: &str| Command::DetachEnv {
        env: "shop".into(),
        group: group.into(),
        owner: Some(O.into()),
    };
    let mut w = world();
    w.group(O, "G");
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Viewer", "env:shop=Assigner"]);
    w.refused(M, attach("G"), "PERMISSION_DENIED");
    w.set_shares(O, M, &["envs=Viewer", "group:G=Assigner"]);
    w.refused(M, attach("G"), "PERMISSION_DENIED");
    w.set_shares(
        O,
        M,
        &["envs=Viewer", "group:G=Assigner", "env:shop=Assigner"],
    );
    w.ok(M, attach("G"));
    assert_eq!(
        w.p().env_row(w.id(O), w.env_id("shop")).groups,
        names(&["G"])
    );
    w.ok(M, detach("G"));
    assert!(w.p().env(w.env_id("shop")).groups.is_empty());
    // Detach needs it on the group too.
    w.ok(O, attach("G"));
    w.set_shares(O, M, &["envs=Viewer", "env:shop=Assigner"]);
    w.refused(M, detach("G"), "PERMISSION_DENIED");
}

#[test]
fn a_delegate_manages_direct_access_of_others_only_where_it_holds_collaboration_manage() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.env(O, "blog", &[]);
    w.member(O, M, &["env:shop=Delegate"]);
    w.member(O, N, &["envs=Viewer"]);
    w.ok(M, set_direct("shop", N, &["User"]));
    assert_eq!(w.access(N, "shop"), (Level::Direct, names(&["User"])));
    let rows = w
        .p()
        .share_rows(Some(w.id(M)), w.env_id("shop"))
        .expect("rows");
    let members: Vec<&str> = rows.iter().map(|r| r.member.as_str()).collect();
    assert_eq!(members, [M, N], "a delegate sees every member's row");
    w.ok(M, remove_direct("shop", N));
    assert_eq!(w.access(N, "shop"), (Level::Base, names(&["Viewer"])));

    w.refused(M, set_direct("blog", N, &["User"]), "PERMISSION_DENIED");
    w.refused(N, set_direct("shop", M, &["Viewer"]), "PERMISSION_DENIED");
}

#[test]
fn nobody_changes_its_own_shares_or_roles() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Delegate", "env:shop=Delegate"]);
    w.refused(M, set_direct("shop", M, &["Admin"]), "PERMISSION_DENIED");
    w.refused(M, remove_direct("shop", M), "PERMISSION_DENIED");
    w.refused(
        M,
        edit_shares(Some(O), M, &["envs=Admin"]),
        "PERMISSION_DENIED",
    );
    w.refused(
        M,
        Command::EditMember {
            owner: Some(O.into()),
            email: M.into(),
            name: Some("Boss".into()),
            shares: None,
        },
        "PERMISSION_DENIED",
    );
}

#[test]
fn an_overriding_level_without_collaboration_manage_is_not_a_delegate_there() {
    let mut w = world();
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.env(O, "blog", &[]);
    w.env(O, "wiki", &[]);
    w.member(
        O,
        M,
        &["envs=Delegate", "group:Team=Viewer", "env:wiki=Viewer"],
    );
    w.member(O, N, &["envs=Viewer"]);
    let (m, p) = (w.id(M), w.p());
    assert!(p.is_delegate_on(m, w.env_id("blog")));
    assert!(!p.is_delegate_on(m, w.env_id("shop")), "groups override");
    assert!(!p.is_delegate_on(m, w.env_id("wiki")), "direct overrides");
    w.ok(M, set_direct("blog", N, &["User"]));
    w.refused(M, set_direct("shop", N, &["User"]), "PERMISSION_DENIED");
    w.refused(M, set_direct("wiki", N, &["User"]), "PERMISSION_DENIED");
    // A plain member of shop sees only its own row there.
    let rows = w.p().share_rows(Some(m), w.env_id("shop")).expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].member, M);
}

#[test]
fn an_account_wide_delegate_manages_the_other_members() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Delegate"]);
    w.member(O, N, &["envs=Viewer"]);
    let owner = Some(O);
    let op = |email: &str, op| Command::Member {
        owner: Some(O.into()),
        email: email.into(),
        op,
    };
    assert_eq!(w.p().member_rows(w.id(M), w.id(O)).expect("rows").len(), 2);

    w.ok(M, invite_cmd(owner, X, &["envs=Viewer"]));
    assert_eq!(w.status_of(O, X).as_deref(), Some("pending"));
    w.ok(M, op(X, MemberOp::Resend));
    w.ok(M, edit_shares(owner, N, &["envs=User"]));
    assert_eq!(w.access(N, "shop"), (Level::Base, names(&["User"])));
    w.ok(
        M,
        Command::EditMember {
            owner: Some(O.into()),
            email: N.into(),
            name: Some("Noah B.".into()),
            shares: None,
        },
    );
    w.ok(
        M,
        Command::CopyMember {
            owner: Some(O.into()),
            from: N.into(),
            to: "copy@acme.io".into(),
            name: None,
        },
    );
    assert_eq!(w.entries(O, "copy@acme.io"), w.entries(O, N));
    w.ok(M, op(N, MemberOp::Suspend));
    assert_eq!(w.status_of(O, N).as_deref(), Some("suspended"));
    w.ok(M, op(N, MemberOp::Activate));
    assert_eq!(w.status_of(O, N).as_deref(), Some("active"));
    w.respond(X, O, Response::Reject);
    w.ok(M, op(X, MemberOp::Reinvite));
    assert_eq!(w.status_of(O, X).as_deref(), Some("pending"));
    w.ok(M, op(N, MemberOp::Remove));
    assert_eq!(w.status_of(O, N), None);
    // ... but not itself, and not the owner.
    for o in [
        MemberOp::Suspend,
        MemberOp::Remove,
        MemberOp::Resend,
        MemberOp::Reinvite,
    ] {
        w.refused(M, op(M, o), "PERMISSION_DENIED");
    }
    w.refused(
        M,
        Command::CopyMember {
            owner: Some(O.into()),
            from: M.into(),
            to: "twin@acme.io".into(),
            name: None,
        },
        "PERMISSION_DENIED",
    );
    w.refused(M, invite_cmd(owner, O, &[]), "SELF_INVITE");
    // The delegate did not invite itself: it is told whose account it is.
    let err = w.run(M, invite_cmd(owner, O, &[])).unwrap_err().to_string();
    assert_eq!(
        err,
        format!("{O} owns this account and cannot be its member")
    );
    let err = w.run(O, invite_cmd(None, O, &[])).unwrap_err().to_string();
    assert_eq!(err, format!("you cannot invite yourself ({O})"));
}

#[test]
fn a_delegate_on_one_environment_is_not_account_wide() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["env:shop=Delegate"]);
    w.member(O, N, &["envs=Viewer"]);
    w.refused(M, invite_cmd(Some(O), X, &[]), "PERMISSION_DENIED");
    w.refused(
        M,
        Command::Member {
            owner: Some(O.into()),
            email: N.into(),
            op: MemberOp::Suspend,
        },
        "PERMISSION_DENIED",
    );
    assert_eq!(
        w.p().member_rows(w.id(M), w.id(O)).map_err(|e| e.code()),
        Err("PERMISSION_DENIED")
    );
    // Delegation through the category of groups is not account-wide either.
    w.group(O, "Team");
    w.set_shares(O, M, &["groups=Delegate"]);
    w.refused(M, invite_cmd(Some(O), X, &[]), "PERMISSION_DENIED");
}

#[test]
fn a_plain_member_sees_only_its_own_rows() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Viewer"]);
    w.member(O, N, &["envs=Viewer"]);
    w.member(X, N, &[]);
    let (n, shop) = (w.id(N), w.env_id("shop"));
    let p = w.p();
    let share: Vec<String> = p
        .share_rows(Some(n), shop)
        .expect("rows")
        .into_iter()
        .map(|r| r.member)
        .collect();
    assert_eq!(share, [N]);
    let who: Vec<&str> = p
        .who_rows(Some(n), shop)
        .expect("rows")
        .into_iter()
        .map(|r| r.account)
        .collect();
    assert_eq!(who, [O, N]);
    let all: Vec<&str> = p
        .who_rows(None, shop)
        .expect("rows")
        .into_iter()
        .map(|r| r.account)
        .collect();
    assert_eq!(all, [O, M, N]);
    assert!(p.member_rows(n, w.id(O)).is_err());
    let mine: Vec<String> = p
        .collaboration_rows(n)
        .into_iter()
        .map(|r| r.owner)
        .collect();
    assert_eq!(mine, [O, X]);
}

#[test]
fn roles_and_custom_policies_are_defined_by_the_owner_alone() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Delegate"]);
    w.member(O, N, &["envs=Viewer"]);
    let owner_roles = w.p().role_rows(w.id(O));

    // A member's AddRole creates a role on its own account only.
    w.role(M, "Hacker", &all_policies());
    w.role(M, "Viewer", &["env.delete"]);
    assert!(w.p().find_role(w.id(M), "Hacker").is_ok());
    assert_eq!(
        w.p().find_role(w.id(O), "Hacker").map_err(|e| e.code()),
        Err("NOT_FOUND")
    );
    assert_eq!(w.p().role_rows(w.id(O)), owner_roles);
    // ... which cannot be used in the owner's shares, even by an account-wide delegate.
    w.refused(M, edit_shares(Some(O), N, &["envs=Hacker"]), "NOT_FOUND");
    w.refused(M, set_direct("shop", N, &["Hacker"]), "NOT_FOUND");
    // The member's own "Viewer" is not the owner's.
    w.ok(M, set_direct("shop", N, &["Viewer"]));
    assert!(!w.allows(N, "shop", "delete"));
    assert!(w.allows(N, "shop", "logs"));
    // The owner's roles and policies are out of reach.
    let edit = Command::EditRole {
        name: "Admin".into(),
        policies: Some(names(&["logs.view"])),
        rename: None,
        description: None,
        notify: None,
    };
    w.refused(M, edit, "NOT_FOUND");
    w.refused(
        M,
        Command::DeleteRole {
            name: "Admin".into(),
            force: true,
        },
        "NOT_FOUND",
    );
    w.ok(
        O,
        Command::AddPolicy {
            name: "ops".into(),
            methods: names(&["logs"]),
            description: None,
        },
    );
    w.refused(
        M,
        Command::DeletePolicy {
            name: "ops".into(),
            force: true,
        },
        "NOT_FOUND",
    );
    w.ok(
        M,
        Command::AddPolicy {
            name: "ops".into(),
            methods: names(&["start"]),
            description: None,
        },
    );
    let docs = w.doc().policies;
    assert_eq!(docs.iter().filter(|p| p.name == "ops").count(), 2);
    assert_eq!(w.p().role_rows(w.id(O)), owner_roles);
}

#[test]
fn prices_are_shown_to_the_owner_and_billing_view_holders() {
    let mut w = world();
    w.account("sue@acme.io");
    w.group(O, "Fin");
    w.env(O, "shop", &["Fin"]);
    w.member(O, M, &["env:shop=Accountant"]);
    w.member(O, N, &["envs=Viewer"]);
    w.member(O, "sue@acme.io", &["group:Fin=Accountant"]);
    let p = w.p();
    let shop = w.env_id("shop");
    assert!(p.can_see_prices(w.id(O), shop));
    assert!(p.can_see_prices(w.id(M), shop));
    assert!(p.can_see_prices(w.id("sue@acme.io"), shop));
    assert!(!p.can_see_prices(w.id(N), shop));
    assert!(!p.can_see_prices(w.id(X), shop));
    assert!(p.env_row(w.id(M), shop).cents_per_hour.is_some());
    assert_eq!(p.env_row(w.id(N), shop).cents_per_hour, None);
    w.member_op(O, M, MemberOp::Suspend);
    assert!(!w.p().can_see_prices(w.id(M), shop));
}

#[test]
fn a_load_alert_notifies_the_owner_and_active_members_with_a_notify_role() {
    let mut w = world();
    w.role_with(O, "Watcher", &["stats.view"], true);
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    for a in ["pat@acme.io", "sam@acme.io"] {
        w.account(a);
    }
    w.member(O, M, &["env:shop=Admin"]);
    w.member(O, N, &["envs=Viewer"]);
    w.member(O, X, &["group:Team=Watcher+Viewer"]);
    w.member(O, "pat@acme.io", &["envs=Admin"]);
    w.member_op(O, "pat@acme.io", MemberOp::Suspend);
    w.invite(O, "sam@acme.io", &["envs=Admin"]);
    let recipients = |w: &World| {
        let mut v: Vec<String> = w
            .p()
            .alert_recipients(w.env_id("shop"))
            .into_iter()
            .map(|a| w.p().account(a).email.clone())
            .collect();
        v.sort();
        v
    };
    assert_eq!(recipients(&w), [M, O, X]);
    assert!(w.explain(M, "shop").notify);
    assert!(!w.explain(N, "shop").notify);
    let alert = w.p().alert_row(None, w.env_id("shop")).expect("alert");
    assert_eq!(alert.notify, [M, O, X]);
    // Turning notify on for a role takes effect at once.
    w.ok(
        O,
        Command::EditRole {
            name: "Viewer".into(),
            policies: None,
            rename: None,
            description: None,
            notify: Some(true),
        },
    );
    assert_eq!(recipients(&w), [M, N, O, X]);
}

// ===== Section 6: cascades ========================================================

#[test]
fn deleting_an_environment_removes_its_entries_and_keeps_its_tasks() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.env(O, "blog", &[]);
    w.member(O, M, &["envs=Viewer", "env:shop=User", "env:blog=User"]);
    w.member(O, N, &["env:shop"]);
    w.ok(M, env_do("shop", "stop"));
    let tasks_before = w.doc().tasks.len();
    w.ok(O, Command::DeleteEnv { env: "shop".into() });
    assert!(w.p().find_env("shop").is_err());
    assert_eq!(w.entries(O, M), names(&["envs=Viewer", "env:blog=User"]));
    assert!(w.entries(O, N).is_empty());
    let tasks = w.doc().tasks;
    assert_eq!(tasks.len(), tasks_before + 1);
    assert!(
        tasks
            .iter()
            .filter(|t| t.env.as_deref() == Some("shop"))
            .count()
            >= 3
    );
    // A new environment with the same name starts unshared.
    w.env(O, "shop", &[]);
    assert_eq!(w.access(M, "shop"), (Level::Base, names(&["Viewer"])));
    assert_eq!(w.access(N, "shop"), (Level::None, vec![]));
}

#[test]
fn a_transfer_needs_room_at_the_recipient() {
    let mut w = world();
    w.account_with_quota("full@else.io", Some(1));
    w.account_with_quota("none@else.io", Some(0));
    w.env("full@else.io", "theirs", &[]);
    w.env(O, "shop", &[]);
    let transfer = |to: &str| Command::TransferEnv {
        env: "shop".into(),
        to: to.into(),
    };
    w.refused(O, transfer("full@else.io"), "QUOTA_EXCEEDED");
    w.refused(O, transfer("none@else.io"), "QUOTA_EXCEEDED");
    w.refused(O, transfer("ghost@else.io"), "NOT_FOUND");
    w.refused(O, transfer(O), "INVALID_STATE");
}

#[test]
fn a_transfer_moves_the_env_at_once_clearing_groups_and_entries_and_keeping_the_creator() {
    let mut w = world();
    w.group(O, "Team");
    w.member(O, M, &["envs=Creator"]);
    w.ok(M, create_env("made", Some(O), &["Team"]));
    w.member(O, N, &["env:made=Viewer", "group:Team=User"]);
    w.ok(
        O,
        Command::TransferEnv {
            env: "made".into(),
            to: X.into(),
        },
    );
    let env = w.p().env(w.env_id("made")).clone();
    assert_eq!(env.owner, w.id(X));
    assert_eq!(env.creator, w.id(M));
    assert!(env.groups.is_empty());
    assert_eq!(w.entries(O, N), names(&["group:Team=User"]));
    assert_eq!(w.access(X, "made").0, Level::Owner);
    for who in [M, N, O] {
        assert_eq!(w.access(who, "made").0, Level::None, "{who}");
    }
    assert_eq!(w.p().env_count(w.id(O)), 0);
    assert_eq!(w.p().env_count(w.id(X)), 1);
}

#[test]
fn a_clone_belongs_to_the_owner_is_created_by_the_cloner_and_keeps_the_groups() {
    let mut w = world();
    w.role(O, "Cloner", &["env.clone", "logs.view"]);
    w.group(O, "Team");
    w.group(O, "Ops");
    w.env(O, "shop", &["Team", "Ops"]);
    w.member(O, M, &["envs=Cloner"]);
    w.member(O, N, &["envs=Viewer", "env:shop=Admin"]);
    w.ok(
        M,
        Command::CloneEnv {
            env: "shop".into(),
            new_name: "shop-copy".into(),
        },
    );
    let row = w.p().env_row(w.id(O), w.env_id("shop-copy"));
    assert_eq!(row.owner, O);
    assert_eq!(row.creator, M);
    assert_eq!(row.groups, names(&["Ops", "Team"]));
    assert_eq!(w.entries(O, N), names(&["envs=Viewer", "env:shop=Admin"]));
    assert_eq!(w.access(N, "shop-copy"), (Level::Base, names(&["Viewer"])));
    assert_eq!(w.p().env_count(w.id(O)), 2);
}

#[test]
fn a_clone_counts_against_the_owners_quota() {
    let mut w = World::new();
    w.account_with_quota(O, Some(1));
    w.account(M);
    w.role(O, "Cloner", &["env.clone"]);
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Cloner"]);
    let clone = Command::CloneEnv {
        env: "shop".into(),
        new_name: "shop-copy".into(),
    };
    w.refused(M, clone.clone(), "QUOTA_EXCEEDED");
    w.refused(O, clone, "QUOTA_EXCEEDED");
}

#[test]
fn removing_a_group_removes_subgroups_detaches_envs_and_drops_their_entries() {
    let mut w = world();
    for g in ["A", "A/B", "A/B/C", "K"] {
        w.group(O, g);
    }
    w.env(O, "deep", &["A/B/C", "K"]);
    w.env(O, "top", &["A"]);
    w.member(
        O,
        M,
        &[
            "envs=Viewer",
            "group:A=Admin",
            "group:A/B/C=User",
            "group:K=Accountant",
        ],
    );
    w.ok(
        O,
        Command::RemoveGroup {
            owner: None,
            path: "A".into(),
        },
    );
    let groups: Vec<String> = w.doc().groups.into_iter().map(|g| g.path).collect();
    assert_eq!(groups, ["K"]);
    assert_eq!(
        w.p().env_row(w.id(O), w.env_id("deep")).groups,
        names(&["K"])
    );
    assert!(w.p().env_row(w.id(O), w.env_id("top")).groups.is_empty());
    assert_eq!(
        w.entries(O, M),
        names(&["envs=Viewer", "group:K=Accountant"])
    );
    assert_eq!(w.access(M, "deep"), (Level::Groups, names(&["Accountant"])));
    assert_eq!(w.access(M, "top"), (Level::Base, names(&["Viewer"])));
}

#[test]
fn deleting_a_role_in_use_is_in_use_whatever_the_status_unless_forced() {
    let mut w = world();
    w.role(O, "Temp", &["logs.view"]);
    w.role(O, "Unused", &["logs.view"]);
    w.env(O, "shop", &[]);
    w.invite(O, M, &["env:shop=Temp"]);
    let before = w.doc();
    match w.run(
        O,
        Command::DeleteRole {
            name: "Temp".into(),
            force: false,
        },
    ) {
        Err(Error::InUse { users, .. }) => assert_eq!(users, [format!("{M} (env:shop)")]),
        other => panic!("expected IN_USE, got {other:?}"),
    }
    assert_eq!(w.doc(), before);
    w.ok(
        O,
        Command::DeleteRole {
            name: "Unused".into(),
            force: false,
        },
    );
    w.ok(
        O,
        Command::DeleteRole {
            name: "temp".into(),
            force: true,
        },
    );
    assert!(w.p().find_role(w.id(O), "Temp").is_err());
    assert_eq!(w.entries(O, M), names(&["env:shop"]));
}

#[test]
fn a_forced_role_deletion_falls_back_per_section_4() {
    let mut w = world();
    w.role(O, "Temp", &["env.startstop"]);
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.env(O, "blog", &["Team"]);
    w.env(O, "docs", &[]);
    w.member(
        O,
        M,
        &[
            "envs=Viewer",
            "groups=Accountant",
            "group:Team=Temp",
            "env:shop=Temp",
        ],
    );
    assert_eq!(w.access(M, "shop"), (Level::Direct, names(&["Temp"])));
    assert_eq!(w.access(M, "blog"), (Level::Groups, names(&["Temp"])));
    w.ok(
        O,
        Command::DeleteRole {
            name: "Temp".into(),
            force: true,
        },
    );
    assert_eq!(
        w.entries(O, M),
        names(&["envs=Viewer", "groups=Accountant", "group:Team", "env:shop"])
    );
    // The ticked entries remain: shop's is not direct; Team is shared, so the
    // category default applies.
    assert_eq!(w.access(M, "shop"), (Level::Groups, names(&["Accountant"])));
    assert_eq!(w.access(M, "blog"), (Level::Groups, names(&["Accountant"])));
    assert_eq!(w.access(M, "docs"), (Level::Base, names(&["Viewer"])));
    assert!(!w.allows(M, "shop", "start"));
}

#[test]
fn editing_a_role_takes_effect_immediately() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Viewer"]);
    assert!(!w.allows(M, "shop", "start"));
    w.ok(
        O,
        Command::EditRole {
            name: "Viewer".into(),
            policies: Some(names(&["logs.view", "env.startstop"])),
            rename: Some("Operator".into()),
            description: None,
            notify: None,
        },
    );
    assert_eq!(
        w.granted_by(M, "shop", "start"),
        grant("Operator", "env.startstop")
    );
    assert!(!w.allows(M, "shop", "files"), "fs.view was dropped");
    assert_eq!(w.entries(O, M), names(&["envs=Operator"]));
}

#[test]
fn deleting_a_custom_policy_in_use_is_in_use_unless_forced() {
    let mut w = world();
    w.ok(
        O,
        Command::AddPolicy {
            name: "restarts".into(),
            methods: names(&["restart"]),
            description: None,
        },
    );
    w.ok(
        O,
        Command::AddPolicy {
            name: "spare".into(),
            methods: names(&["restart"]),
            description: None,
        },
    );
    w.role(O, "Restarter", &["restarts"]);
    w.role(O, "Ops", &["restarts", "logs.view"]);
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Restarter", "env:shop=Ops+Restarter"]);
    assert!(w.allows(M, "shop", "restart"));
    w.refused(
        O,
        Command::DeletePolicy {
            name: "restarts".into(),
            force: false,
        },
        "IN_USE",
    );
    w.ok(
        O,
        Command::DeletePolicy {
            name: "spare".into(),
            force: false,
        },
    );

    w.ok(
        O,
        Command::DeletePolicy {
            name: "restarts".into(),
            force: true,
        },
    );
    assert!(
        w.p().find_role(w.id(O), "Restarter").is_err(),
        "left with no policy"
    );
    let ops = w
        .p()
        .role_row(w.p().find_role(w.id(O), "Ops").expect("Ops stays"));
    assert_eq!(ops.policies, names(&["logs.view"]));
    assert_eq!(w.entries(O, M), names(&["envs", "env:shop=Ops"]));
    assert!(!w.allows(M, "shop", "restart"));
    assert!(w.allows(M, "shop", "logs"));
}

#[test]
fn system_policies_are_read_only() {
    let mut w = world();
    w.refused(
        O,
        Command::EditPolicy {
            name: "env.startstop".into(),
            methods: Some(names(&["logs"])),
            description: None,
        },
        "READ_ONLY",
    );
    for force in [false, true] {
        w.refused(
            O,
            Command::DeletePolicy {
                name: "logs.view".into(),
                force,
            },
            "READ_ONLY",
        );
    }
}

// ===== env do ======================================================================

#[test]
fn env_do_start_stop_sleep_change_the_status_and_log_a_done_task() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=User"]);
    let status = |w: &World| w.p().env(w.env_id("shop")).status.as_str();
    let steps = [
        (M, "stop", "stopped"),
        (O, "start", "running"),
        (M, "sleep", "sleeping"),
        (M, "env.control.StartEnv", "running"),
    ];
    for (actor, action, expect) in steps {
        let before = w.doc().tasks.len();
        w.ok(actor, env_do("shop", action));
        assert_eq!(status(&w), expect);
        let tasks = w.doc().tasks;
        assert_eq!(tasks.len(), before + 1);
        let last = tasks.last().expect("task");
        assert_eq!(last.outcome, "done");
        assert_eq!(last.initiator, actor);
        assert_eq!(last.owner, O);
    }
    w.refused(M, env_do("shop", "start"), "INVALID_STATE");
    w.ok(M, env_do("shop", "stop"));
    w.refused(M, env_do("shop", "stop"), "INVALID_STATE");
    w.refused(M, env_do("shop", "sleep"), "INVALID_STATE");
    w.refused(M, env_do("shop", "restart"), "INVALID_STATE");
}

#[test]
fn env_do_refuses_every_action_that_needs_arguments_naming_its_command() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Admin"]);
    // N reaches shop but may do none of these: a refusal for permission would
    // record a denied task; a refusal of the form records nothing.
    w.member(O, N, &["envs=Viewer"]);
    for (action, hint) in [
        ("create", "use 'collab env create NAME'"),
        (
            "env.control.CreateEnvironment",
            "use 'collab env create NAME'",
        ),
        ("clone", "use 'collab env clone shop NEW_NAME'"),
        (
            "env.control.CloneEnv",
            "use 'collab env clone shop NEW_NAME'",
        ),
        ("transfer", "use 'collab env transfer shop --to EMAIL'"),
        ("env.group.CreateGroup", "use 'collab group add PATH'"),
        (
            "env.group.EditGroup",
            "use 'collab group rename PATH NEW_NAME'",
        ),
        ("env.group.RemoveGroup", "use 'collab group remove PATH'"),
        (
            "env.group.AttachEnv",
            "use 'collab env attach shop --group PATH'",
        ),
        (
            "env.group.DetachEnv",
            "use 'collab env detach shop --group PATH'",
        ),
        (
            "users.collaboration.InviteMember",
            "use 'collab member invite EMAIL'",
        ),
        (
            "users.collaboration.SetResource",
            "use 'collab share set shop --member EMAIL --role NAME'",
        ),
        (
            "users.collaboration.DeleteResources",
            "use 'collab share remove shop --member EMAIL'",
        ),
        // A listing, not an action: the collaboration table has its own command.
        (
            "users.collaboration.GetResourceRoles",
            "use 'collab share list shop'",
        ),
    ] {
        for actor in [O, M, N] {
            w.refused(actor, env_do("shop", action), "VALIDATION");
            let message = match w.run(actor, env_do("shop", action)) {
                Ok(o) => panic!("{action} did {}", o.summary),
                Err(e) => e.to_string(),
            };
            assert_eq!(
                message,
                format!("action: '{action}' has its own command; {hint}"),
                "{actor}"
            );
        }
    }
    // Simple actions stay simple: the engine performs them and records the task.
    for action in ["logs", "delete"] {
        w.ok(O, env_do("shop", action));
    }
    w.refused(O, env_do("shop", "launch"), "NOT_FOUND");
    w.refused(O, env_do("ghost", "start"), "NOT_FOUND");
}

#[test]
fn a_permission_denied_env_do_appends_exactly_one_denied_task() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Viewer"]);
    let before = w.doc();
    let undo = w.engine.undo_label(w.id(M)).map(str::to_string);
    assert_eq!(w.code(M, env_do("shop", "stop")), "PERMISSION_DENIED");
    let mut after = w.doc();
    assert_eq!(after.tasks.len(), before.tasks.len() + 1);
    let task = after.tasks.pop().expect("task");
    assert_eq!(after, before, "nothing else changed");
    assert_eq!(task.outcome, "denied");
    assert_eq!(task.initiator, M);
    assert_eq!(task.owner, O);
    assert_eq!(task.env.as_deref(), Some("shop"));
    assert_eq!(task.method, "env.control.StopEnv");
    assert!(task.reason.expect("reason").contains("enough permissions"));
    assert_eq!(
        w.engine.undo_label(w.id(M)).map(str::to_string),
        undo,
        "not undoable"
    );
    assert_eq!(w.p().env(w.env_id("shop")).status.as_str(), "running");
}

/// Section 8: only an active member that reaches the environment leaves a denied
/// task. A stranger, a pending or suspended member, a member that does not reach the
/// environment: their refusals change nothing at all.
#[test]
fn nobody_but_a_member_that_reaches_the_environment_grows_the_log() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.env(O, "hidden", &[]);
    w.member(O, M, &["env:shop=Viewer"]);
    w.invite(O, N, &["envs=Viewer"]);
    let lifecycle = |env: &str| {
        vec![
            env_do(env, "stop"),
            Command::DeleteEnv { env: env.into() },
            Command::CloneEnv {
                env: env.into(),
                new_name: "copy".into(),
            },
            Command::TransferEnv {
                env: env.into(),
                to: X.into(),
            },
        ]
    };
    for cmd in lifecycle("shop") {
        w.refused(X, cmd.clone(), "PERMISSION_DENIED");
        w.refused(N, cmd, "PERMISSION_DENIED");
    }
    for cmd in lifecycle("hidden") {
        w.refused(M, cmd, "PERMISSION_DENIED");
    }
    w.member_op(O, M, MemberOp::Suspend);
    for cmd in lifecycle("shop") {
        w.refused(M, cmd, "PERMISSION_DENIED");
    }
}

/// domain.md section 8 names `env do`; the engine also records the lifecycle methods
/// (delete, clone, transfer) refused for permission, as the platform logs every
/// method call. Pinned here so a change to that decision is deliberate.
#[test]
fn permission_denied_lifecycle_methods_are_logged_like_env_do() {
    let mut w = world();
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Viewer"]);
    let cmds = [
        Command::DeleteEnv { env: "shop".into() },
        Command::CloneEnv {
            env: "shop".into(),
            new_name: "copy".into(),
        },
        Command::TransferEnv {
            env: "shop".into(),
            to: X.into(),
        },
    ];
    for cmd in cmds {
        let before = w.doc();
        assert_eq!(w.code(M, cmd), "PERMISSION_DENIED");
        let mut after = w.doc();
        assert_eq!(after.tasks.pop().expect("task").outcome, "denied");
        assert_eq!(after, before);
    }
}

#[test]
fn every_other_refusal_leaves_the_document_exactly_as_it_was() {
    let mut w = world();
    w.account_with_quota("tiny@acme.io", Some(0));
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.env(X, "xena-app", &[]);
    w.member(O, M, &["envs=Viewer"]);
    w.invite(O, N, &["env:shop=Admin"]);
    let cases: Vec<(&str, Command, &str)> = vec![
        (
            O,
            Command::AddAccount {
                email: "not-an-email".into(),
                name: None,
                max_environments: None,
            },
            "VALIDATION",
        ),
        (
            O,
            Command::AddAccount {
                email: M.into(),
                name: None,
                max_environments: None,
            },
            "DUPLICATE",
        ),
        (
            O,
            Command::AddAccount {
                email: "big@acme.io".into(),
                name: None,
                max_environments: Some(100_001),
            },
            "VALIDATION",
        ),
        (O, invite_cmd(None, "bad@", &[]), "VALIDATION"),
        (
            O,
            invite_cmd(None, "new@acme.io", &["envs=Nobody"]),
            "NOT_FOUND",
        ),
        (
            O,
            invite_cmd(None, "new@acme.io", &["envs=Viewer", "envs=User"]),
            "VALIDATION",
        ),
        (
            O,
            invite_cmd(None, "new@acme.io", &["env:xena-app=Viewer"]),
            "VALIDATION",
        ),
        (
            O,
            invite_cmd(None, "new@acme.io", &["group:Nope=Viewer"]),
            "NOT_FOUND",
        ),
        (O, invite_cmd(None, M, &[]), "DUPLICATE"),
        (O, invite_cmd(None, O, &[]), "SELF_INVITE"),
        (
            M,
            invite_cmd(Some(O), "new@acme.io", &[]),
            "PERMISSION_DENIED",
        ),
        (M, respond(O, Response::Accept), "INVALID_STATE"),
        (X, respond(O, Response::Leave), "NOT_FOUND"),
        (O, member_op(N, MemberOp::Suspend), "INVALID_STATE"),
        (O, member_op(X, MemberOp::Remove), "NOT_FOUND"),
        (O, create_env("Bad_Name", None, &[]), "VALIDATION"),
        (O, create_env("shop", None, &[]), "DUPLICATE"),
        (O, create_env("xena-app", None, &[]), "DUPLICATE"),
        (O, create_env("new-env", None, &["Nope"]), "NOT_FOUND"),
        (
            O,
            Command::CreateEnv {
                name: "new-env".into(),
                owner: None,
                groups: vec![],
                cloudlets: Some(0),
            },
            "VALIDATION",
        ),
        (
            O,
            Command::CreateEnv {
                name: "new-env".into(),
                owner: None,
                groups: vec![],
                cloudlets: Some(65),
            },
            "VALIDATION",
        ),
        (
            "tiny@acme.io",
            create_env("new-env", None, &[]),
            "QUOTA_EXCEEDED",
        ),
        (M, create_env("new-env", Some(O), &[]), "PERMISSION_DENIED"),
        (O, group_cmd(None, "Team"), "DUPLICATE"),
        (O, group_cmd(None, "A//B"), "VALIDATION"),
        (M, group_cmd(Some(O), "Mine"), "PERMISSION_DENIED"),
        (
            O,
            Command::RemoveGroup {
                owner: None,
                path: "Nope".into(),
            },
            "NOT_FOUND",
        ),
        (
            O,
            Command::RenameGroup {
                owner: None,
                path: "Team".into(),
                new_name: "A/B".into(),
            },
            "VALIDATION",
        ),
        (
            O,
            Command::AttachEnv {
                env: "shop".into(),
                group: "Team".into(),
                owner: None,
            },
            "DUPLICATE",
        ),
        (
            O,
            Command::DetachEnv {
                env: "shop".into(),
                group: "Nope".into(),
                owner: None,
            },
            "NOT_FOUND",
        ),
        (
            M,
            Command::AttachEnv {
                env: "shop".into(),
                group: "Team".into(),
                owner: Some(O.into()),
            },
            "PERMISSION_DENIED",
        ),
        (
            O,
            Command::AddRole {
                name: "viewer".into(),
                policies: names(&["logs.view"]),
                description: None,
                notify: false,
            },
            "DUPLICATE",
        ),
        (
            O,
            Command::AddRole {
                name: "A+B".into(),
                policies: names(&["logs.view"]),
                description: None,
                notify: false,
            },
            "VALIDATION",
        ),
        (
            O,
            Command::AddRole {
                name: "Empty".into(),
                policies: vec![],
                description: None,
                notify: false,
            },
            "VALIDATION",
        ),
        (
            O,
            Command::AddRole {
                name: "Odd".into(),
                policies: names(&["no.such"]),
                description: None,
                notify: false,
            },
            "NOT_FOUND",
        ),
        (
            O,
            Command::DeleteRole {
                name: "Admin".into(),
                force: false,
            },
            "IN_USE",
        ),
        (
            O,
            Command::DeleteRole {
                name: "Nope".into(),
                force: true,
            },
            "NOT_FOUND",
        ),
        (
            O,
            Command::EditPolicy {
                name: "logs.view".into(),
                methods: None,
                description: Some("x".into()),
            },
            "READ_ONLY",
        ),
        (
            O,
            Command::AddPolicy {
                name: "logs.view".into(),
                methods: names(&["logs"]),
                description: None,
            },
            "DUPLICATE",
        ),
        (
            O,
            Command::AddPolicy {
                name: "mine".into(),
                methods: names(&["launch"]),
                description: None,
            },
            "NOT_FOUND",
        ),
        (O, set_direct("shop", M, &[]), "VALIDATION"),
        (O, set_direct("shop", X, &["Viewer"]), "NOT_FOUND"),
        (O, remove_direct("shop", M), "NOT_FOUND"),
        (M, set_direct("shop", N, &["Viewer"]), "PERMISSION_DENIED"),
        (O, env_do("shop", "start"), "INVALID_STATE"),
        (O, env_do("shop", "create"), "VALIDATION"),
        (
            O,
            Command::TransferEnv {
                env: "shop".into(),
                to: "tiny@acme.io".into(),
            },
            "QUOTA_EXCEEDED",
        ),
    ];
    for (actor, cmd, code) in cases {
        w.refused(actor, cmd, code);
    }
    // Without an acting account nothing but AddAccount runs.
    let before = w.doc();
    let now = w.tick();
    let err = w
        .engine
        .execute(None, &env_do("shop", "stop"), now)
        .expect_err("needs an actor");
    assert_eq!(err.code(), "PERMISSION_DENIED");
    assert_eq!(w.doc(), before);
}

// ===== undo, redo, preview ==========================================================

#[test]
fn undo_then_redo_restores_the_documents_exactly() {
    let mut w = world();
    w.role(O, "Temp", &["env.startstop"]);
    w.ok(
        O,
        Command::AddPolicy {
            name: "restarts".into(),
            methods: names(&["restart"]),
            description: None,
        },
    );
    w.role(O, "Restarter", &["restarts"]);
    for g in ["A", "A/B"] {
        w.group(O, g);
    }
    w.env(O, "shop", &["A/B"]);
    w.env(O, "made", &["A"]);
    w.member(O, M, &["envs=Admin"]);
    w.account("fresh@new.io");
    // Configuration changes only: environment operations are not undoable.
    let steps: Vec<(&str, Command)> = vec![
        (
            O,
            invite_cmd(
                None,
                "fresh@new.io",
                &["group:A=Temp", "env:shop=Restarter"],
            ),
        ),
        (M, set_direct("made", "fresh@new.io", &["Viewer"])),
        (
            O,
            Command::EditRole {
                name: "Viewer".into(),
                policies: Some(names(&["logs.view"])),
                rename: Some("Reader".into()),
                description: None,
                notify: Some(true),
            },
        ),
        (
            O,
            Command::DeletePolicy {
                name: "restarts".into(),
                force: true,
            },
        ),
        (
            O,
            Command::DeleteRole {
                name: "Temp".into(),
                force: true,
            },
        ),
        (
            O,
            Command::RemoveGroup {
                owner: None,
                path: "A".into(),
            },
        ),
        (O, member_op(M, MemberOp::Suspend)),
        (O, member_op("fresh@new.io", MemberOp::Remove)),
    ];
    let mut docs = vec![w.doc()];
    let mut actors = Vec::new();
    for (actor, cmd) in steps {
        w.ok(actor, cmd);
        docs.push(w.doc());
        actors.push(actor);
    }
    for i in (0..docs.len() - 1).rev() {
        let (a, now) = (w.id(actors[i]), w.tick());
        w.engine.undo(a, now).expect("undo");
        assert_eq!(w.doc(), docs[i], "after undoing step {}", i + 1);
    }
    for (i, doc) in docs.iter().enumerate().skip(1) {
        let (a, now) = (w.id(actors[i - 1]), w.tick());
        w.engine.redo(a, now).expect("redo");
        assert_eq!(&w.doc(), doc, "after redoing step {i}");
    }
    assert_eq!(w.engine.redo_label(w.id(O)), None);
    assert!(w.p().check_invariants().is_ok());
}

#[test]
fn preview_returns_the_access_diff_and_leaves_the_document_unchanged() {
    let mut w = world();
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.env(O, "blog", &[]);
    w.member(O, M, &["envs=Viewer"]);
    let before = w.doc();
    let undo = w.engine.undo_label(w.id(O)).map(str::to_string);
    let state = |level, roles: &[&str]| AccessState {
        level,
        roles: names(roles),
    };
    let viewer = state(Level::Base, &["Viewer"]);

    let now = w.tick();
    let cmd = edit_shares(None, M, &["envs=Viewer", "group:Team=Accountant"]);
    let preview = w.engine.preview(Some(w.id(O)), &cmd, now).expect("preview");
    assert_eq!(
        preview.changes,
        vec![AccessChange {
            member: M.into(),
            env: "shop".into(),
            before: viewer.clone(),
            after: state(Level::Groups, &["Accountant"]),
        }]
    );
    assert_eq!(w.doc(), before);
    assert_eq!(w.engine.undo_label(w.id(O)).map(str::to_string), undo);

    let now = w.tick();
    let suspend = member_op(M, MemberOp::Suspend);
    let preview = w
        .engine
        .preview(Some(w.id(O)), &suspend, now)
        .expect("preview");
    let lost: Vec<(&str, Level)> = preview
        .changes
        .iter()
        .map(|c| (c.env.as_str(), c.after.level))
        .collect();
    assert_eq!(lost, [("blog", Level::None), ("shop", Level::None)]);
    assert_eq!(w.doc(), before);

    let now = w.tick();
    let refused = w
        .engine
        .preview(Some(w.id(M)), &set_direct("shop", M, &["Admin"]), now);
    assert_eq!(
        refused.map(|_| ()).map_err(|e| e.code()),
        Err("PERMISSION_DENIED")
    );
    assert_eq!(w.doc(), before, "a refused preview logs nothing either");

    // Editing a role changes policies, not levels or roles: the preview names the
    // policies gained and lost and how many members hold the role.
    let now = w.tick();
    let edit = Command::EditRole {
        name: "Viewer".into(),
        policies: Some(names(&["fs.view", "env.startstop"])),
        rename: None,
        description: None,
        notify: None,
    };
    let preview = w
        .engine
        .preview(Some(w.id(O)), &edit, now)
        .expect("preview");
    assert!(preview.changes.is_empty(), "{:?}", preview.changes);
    assert_eq!(preview.roles.len(), 1);
    let effect = &preview.roles[0];
    assert_eq!(effect.role, "Viewer");
    assert_eq!(effect.gained, ["env.startstop"]);
    assert_eq!(effect.lost, ["logs.view", "stats.view"]);
    assert_eq!(effect.members, 1);
    assert!(!effect.deleted);
    assert_eq!(w.doc(), before);

    // An invitation changes nothing until accepted; the preview says what it will give.
    let now = w.tick();
    let invite = invite_cmd(None, "new@x.io", &["group:Team=Viewer"]);
    let preview = w
        .engine
        .preview(Some(w.id(O)), &invite, now)
        .expect("preview");
    assert!(preview.changes.is_empty());
    let gives: Vec<(&str, Level, Vec<String>)> = preview
        .on_accept
        .iter()
        .map(|c| (c.env.as_str(), c.after.level, c.after.roles.clone()))
        .collect();
    assert_eq!(gives, [("shop", Level::Groups, names(&["Viewer"]))]);
    assert_eq!(w.doc(), before);
}

// ===== validation (section 2 / 8) ====================================================

#[test]
fn malformed_emails_env_names_group_paths_and_share_specs_are_validation_errors() {
    let mut w = world();
    for email in [
        "",
        "bob",
        "a@b",
        "two@@acme.io",
        "sp ace@acme.io",
        &format!("{}@acme.io", "a".repeat(65)),
    ] {
        w.refused(O, invite_cmd(None, email, &[]), "VALIDATION");
        let add = Command::AddAccount {
            email: email.into(),
            name: None,
            max_environments: None,
        };
        w.refused(O, add, "VALIDATION");
    }
    for name in ["ab", "Shop", "shop_prod", "shop.prod", &"a".repeat(33)] {
        w.refused(O, create_env(name, None, &[]), "VALIDATION");
    }
    w.ok(O, create_env(&"a".repeat(32), None, &[]));
    for path in ["", "/", "A//B", "/A", "A/", " A", "A /B"] {
        w.refused(O, group_cmd(None, path), "VALIDATION");
    }
    for spec in [
        "",
        "all=Viewer",
        "envs=",
        "envs=A++B",
        "group:=A",
        "env:=Viewer",
        "nope",
    ] {
        assert_eq!(
            ShareSpec::parse(spec).map_err(|e| e.code()),
            Err("VALIDATION"),
            "{spec:?}"
        );
    }
    // Emails are stored lower-case.
    w.account("Upper.Case@Acme.IO");
    assert!(w.p().account_by_email("upper.case@acme.io").is_some());
}

#[test]
fn permission_errors_read_like_the_platform_and_say_what_was_missing() {
    let mut w = world();
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.member(O, M, &["envs=Viewer"]);
    let err = w.run(M, env_do("shop", "stop")).expect_err("denied");
    let text = err.to_string();
    assert!(
        text.starts_with("you don't have enough permissions to perform this action"),
        "{text}"
    );
    assert!(text.contains("env.startstop"), "{text}");
    let err = w
        .run(M, create_env("new-app", Some(O), &["Team"]))
        .expect_err("denied");
    assert!(err.to_string().contains("env.create"), "{err}");
    assert!(err.to_string().contains("Team"), "{err}");
}

#[test]
fn adding_a_deep_group_path_creates_its_missing_ancestors() {
    let mut w = world();
    w.group(O, "A/B/C");
    let mut paths: Vec<String> = w.doc().groups.into_iter().map(|g| g.path).collect();
    paths.sort();
    assert_eq!(paths, ["A", "A/B", "A/B/C"]);
    w.group(O, "A/D");
    w.refused(O, group_cmd(None, "A/B"), "DUPLICATE");
    w.refused(O, group_cmd(None, "A/B/C"), "DUPLICATE");
    // Paths belong to their owner: another account may use the same path.
    w.group(M, "A/B");
}

/// An edit that asks for what is already so writes nothing: the file stays byte for
/// byte (no journal entry, no undo step, no new `changed` time), and it says so. An
/// edit that changes something is dated and journaled as before.
#[test]
fn an_edit_to_what_is_already_so_writes_nothing_and_says_so() {
    let mut w = World::new();
    w.account(O);
    w.account(M);
    w.role(O, "Viewer", &["fs.view"]);
    w.member(O, M, &["envs=Viewer"]);
    w.ok(
        O,
        Command::AddPolicy {
            name: "Watch".into(),
            methods: vec!["env.control.GetLogs".into()],
            description: None,
        },
    );
    let before = w.full_doc();
    let undo = w.engine.undo_labels(w.id(O)).len();
    for cmd in [
        Command::EditRole {
            name: "Viewer".into(),
            policies: None,
            rename: None,
            description: None,
            notify: None,
        },
        Command::EditRole {
            name: "Viewer".into(),
            policies: Some(vec!["fs.view".into()]),
            rename: None,
            description: None,
            notify: Some(false),
        },
        Command::EditPolicy {
            name: "Watch".into(),
            methods: Some(vec!["env.control.GetLogs".into()]),
            description: None,
        },
        edit_shares(None, M, &["envs=Viewer"]),
    ] {
        let label = cmd.label();
        let out = w.ok(O, cmd);
        assert!(
            out.summary.starts_with("nothing to change"),
            "{label}: {}",
            out.summary
        );
        assert_eq!(w.full_doc(), before, "{label} wrote something");
    }
    assert_eq!(w.engine.undo_labels(w.id(O)).len(), undo, "no undo step");
    // A real change is dated and journaled.
    let out = w.ok(O, edit_shares(None, M, &["envs=Viewer", "groups=Viewer"]));
    assert!(out.summary.starts_with("updated member"), "{}", out.summary);
    assert_ne!(w.full_doc().journal, before.journal);
}
