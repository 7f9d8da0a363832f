//! Typed answers (issue 9, item 4): refusals carry which field, which duplicate and
//! which holders are in the way, so the command line and the app match on types,
//! never on message text; a decision is an allow with its grant or a deny with its
//! reason, so the two can never disagree.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod common;

use collab::engine::{Command, Error, Field, Verdict};
use common::*;

fn world() -> World {
    let mut w = World::new();
    for a in [O, M] {
        w.account(a);
    }
    w.role(O, "Admin", &["env.startstop"]);
    w.group(O, "Prod");
    w.env(O, "shop", &["Prod"]);
    w.member(O, M, &["envs=Admin"]);
    w
}

#[test]
fn a_duplicate_names_the_field_and_what_holds_the_name() {
    let mut w = world();
    let err = w
        .run(
            O,
            Command::AddRole {
                name: "Аdmin".into(),
                policies: strings(&["fs.view"]),
                description: None,
                notify: false,
            },
        )
        .expect_err("look-alike");
    assert!(
        matches!(&err, Error::Duplicate { field: Field::RoleName, existing, .. } if existing == "Admin"),
        "{err:?}"
    );
    let err = w.run(O, group_cmd(None, "Prod")).expect_err("exists");
    assert!(
        matches!(&err, Error::Duplicate { field: Field::GroupPath, existing, .. } if existing == "Prod"),
        "{err:?}"
    );
    let err = w
        .run(O, invite_cmd(None, M, &[]))
        .expect_err("already a member");
    assert_eq!(err.field(), Some(Field::Email));
}

#[test]
fn a_validation_error_names_its_field_by_type() {
    let mut w = world();
    let err = w
        .run(O, invite_cmd(None, "not-an-email", &[]))
        .expect_err("bad");
    assert_eq!(err.field(), Some(Field::Email), "{err:?}");
    let err = w
        .run(
            O,
            Command::InviteMember {
                owner: None,
                email: "new@acme.io".into(),
                name: Some(" padded".into()),
                shares: Vec::new(),
            },
        )
        .expect_err("bad name");
    assert_eq!(err.field(), Some(Field::Name), "{err:?}");
    let err = w
        .run(O, create_env("x", None, &[]))
        .expect_err("short name");
    assert_eq!(err.field(), Some(Field::EnvName), "{err:?}");
}

#[test]
fn a_role_in_use_lists_the_holders_in_the_way() {
    let mut w = world();
    let err = w
        .run(
            O,
            Command::DeleteRole {
                name: "Admin".into(),
                force: false,
            },
        )
        .expect_err("in use");
    match err {
        Error::InUse { users, .. } => assert_eq!(users.len(), 1, "{users:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_decision_is_an_allow_with_its_grant_or_a_deny_with_its_reason() {
    let w = world();
    let allowed = w.decision(M, "shop", "start");
    match &allowed.verdict {
        Verdict::Allow(grant) => assert!(grant.role().is_some()),
        Verdict::Deny(reason) => panic!("denied: {reason:?}"),
    }
    assert!(allowed.allowed());
    assert!(allowed.granted_by().is_some());
    let denied = w.decision(M, "shop", "logs");
    assert!(matches!(denied.verdict, Verdict::Deny(_)));
    assert!(!denied.allowed());
    assert!(denied.granted_by().is_none());
    let owner = w.decision(O, "shop", "logs");
    assert!(owner.allowed() && owner.granted_by().is_none());
}
