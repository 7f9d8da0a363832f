//! The side doors of issue 8, engine side: undo and redo as commands of the acting
//! account, the task log that only grows, and no self-elevation through any path.
//! Each test reproduces a finding and fails on the code that had it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod common;

use collab::engine::{Command, MemberOp, Response};
use common::*;
use proptest::prelude::*;

/// Owner O; member M is an account-wide delegate (`envs=Admin`); N is active.
fn team() -> World {
    let mut w = World::new();
    for a in [O, M, N, X] {
        w.account(a);
    }
    w.role(O, "Viewer", &["fs.view", "logs.view", "stats.view"]);
    w.role(
        O,
        "Admin",
        &["collaboration.manage", "env.startstop", "envgroup.manage"],
    );
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Admin"]);
    w.member(O, N, &["envs=Viewer"]);
    w
}

fn undo(w: &mut World, actor: &str) -> Result<String, String> {
    let (a, now) = (w.id(actor), w.tick());
    w.engine
        .undo(a, now)
        .map(|o| o.summary)
        .map_err(|e| format!("{}: {e}", e.code()))
}

#[test]
fn undo_reverts_only_the_acting_accounts_own_changes() {
    let mut w = team();
    w.member_op(O, N, MemberOp::Suspend);
    // Another account's undo never touches the owner's change.
    assert_eq!(w.engine.undo_label(w.id(M)), None);
    let err = undo(&mut w, M).expect_err("M did nothing");
    assert!(err.starts_with("INVALID_STATE: nothing to undo"), "{err}");
    assert_eq!(w.status_of(O, N).as_deref(), Some("suspended"));
    // A member's accept is its own answer: nobody's undo takes it back.
    w.invite(O, X, &["envs=Viewer"]);
    w.respond(X, O, Response::Accept);
    assert_eq!(w.engine.undo_label(w.id(X)), None);
    assert_eq!(
        w.engine.undo_label(w.id(O)),
        Some(format!("member invite {X}").as_str())
    );
    // The owner's undo reverts the owner's last change, which the accept changed
    // since: refused, nothing changes.
    let err = undo(&mut w, O).expect_err("the record changed since");
    assert!(err.contains("was changed since"), "{err}");
    assert_eq!(w.status_of(O, X).as_deref(), Some("active"));
}

#[test]
fn undo_is_refused_when_the_actor_may_no_longer_do_it() {
    let mut w = team();
    // M, an account-wide delegate, suspends N; then O takes M's delegation away.
    w.ok(M, member_op_as(O, N, MemberOp::Suspend));
    w.set_shares(O, M, &["envs=Viewer"]);
    let before = w.doc();
    let err = undo(&mut w, M).expect_err("no longer a delegate");
    assert!(err.starts_with("PERMISSION_DENIED"), "{err}");
    assert_eq!(w.doc(), before, "a refused undo changes nothing");
    // Given back, the same undo goes through.
    w.set_shares(O, M, &["envs=Admin"]);
    undo(&mut w, M).expect("undo");
    assert_eq!(w.status_of(O, N).as_deref(), Some("active"));
}

fn member_op_as(owner: &str, member: &str, op: MemberOp) -> Command {
    Command::Member {
        owner: Some(owner.into()),
        email: member.into(),
        op,
    }
}

#[test]
fn undo_never_removes_a_task_and_environment_operations_are_not_undoable() {
    let mut w = team();
    let seqs = |w: &World| w.doc().tasks.iter().map(|t| t.seq).collect::<Vec<_>>();
    let last_config = w.engine.undo_label(w.id(O)).map(str::to_string);
    w.ok(O, env_do("shop", "restart"));
    w.env(O, "blog", &[]);
    w.ok(O, Command::DeleteEnv { env: "blog".into() });
    let log = seqs(&w);
    assert!(log.len() >= 3);
    assert_eq!(
        w.engine.undo_label(w.id(O)).map(str::to_string),
        last_config,
        "environment operations are not on the undo stack"
    );
    w.group(O, "Team");
    assert_eq!(w.engine.undo_label(w.id(O)), Some("group add Team"));
    undo(&mut w, O).expect("undo the group");
    assert_eq!(seqs(&w), log, "the task log only grows");
    assert_eq!(
        w.engine.undo_label(w.id(O)).map(str::to_string),
        last_config,
        "the next undo skips the environment operations"
    );
    assert!(w.p().env_by_name("shop").is_some());
}

#[test]
fn undo_refuses_to_restore_what_someone_else_changed_since() {
    let mut w = team();
    w.group(O, "Team");
    w.ok(M, edit_shares(Some(O), N, &["group:Team=Viewer"]));
    // The owner removes the group M's edit refers to; M's undo would still be fine
    // (it restores N's old entries), but the group's removal changed N's record.
    w.ok(
        O,
        Command::RemoveGroup {
            owner: None,
            path: "Team".into(),
        },
    );
    let before = w.doc();
    let err = undo(&mut w, M).expect_err("changed since");
    assert!(err.contains("changed since"), "{err}");
    assert_eq!(w.doc(), before);
    // The owner's own undo restores the group and N's entry on it exactly.
    undo(&mut w, O).expect("undo the removal");
    assert_eq!(w.entries(O, N), ["group:Team=Viewer"]);
}

#[test]
fn undo_of_a_role_add_is_refused_once_the_role_is_granted() {
    let mut w = team();
    w.role(O, "Ops", &["env.startstop"]);
    w.ok(M, edit_shares(Some(O), N, &["envs=Ops"]));
    let before = w.doc();
    let err = undo(&mut w, O).expect_err("the role is in use");
    assert!(err.contains("role 'Ops' has been granted since"), "{err}");
    assert_eq!(w.doc(), before);
}

/// Finding 3: a member with envgroup.manage on group P and a restrictive entry on
/// P/Secret removes P/Secret; its broader base roles would then apply to vault.
#[test]
fn removing_moving_or_detaching_a_restrictive_group_is_self_elevation() {
    let mut w = World::new();
    for a in [O, M] {
        w.account(a);
    }
    w.role(O, "Assigner", &["envgroup.assign", "logs.view"]);
    w.role(O, "Dev", &["cmd.exec", "logs.view"]);
    w.role(
        O,
        "Manager",
        &["envgroup.manage", "envgroup.assign", "logs.view"],
    );
    for g in ["P", "P/Secret", "Q"] {
        w.group(O, g);
    }
    w.env(O, "vault", &["P/Secret"]);
    w.member(
        O,
        M,
        &[
            "envs=Dev",
            "group:P=Manager",
            "group:P/Secret=Assigner",
            "group:Q=Manager",
        ],
    );
    assert!(!w.allows(M, "vault", "exec"));
    let attempts = [
        Command::RemoveGroup {
            owner: Some(O.into()),
            path: "P/Secret".into(),
        },
        Command::DetachEnv {
            env: "vault".into(),
            group: "P/Secret".into(),
            owner: Some(O.into()),
        },
        Command::AttachEnv {
            env: "vault".into(),
            group: "Q".into(),
            owner: Some(O.into()),
        },
    ];
    for cmd in attempts {
        let label = cmd.label();
        let before = w.doc();
        let err = w.run(M, cmd).expect_err(&label);
        assert_eq!(err.code(), "PERMISSION_DENIED", "{label}");
        assert!(
            err.to_string()
                .contains("it would raise your own access on vault"),
            "{label}: {err}"
        );
        assert_eq!(w.doc(), before, "{label} changed nothing");
    }
    assert!(!w.allows(M, "vault", "exec"));
    // The same removal by the owner is the owner's business.
    w.ok(
        O,
        Command::RemoveGroup {
            owner: None,
            path: "P/Secret".into(),
        },
    );
    assert!(w.allows(M, "vault", "exec"));
}

#[test]
fn transferring_an_environment_to_oneself_is_self_elevation() {
    let mut w = World::new();
    for a in [O, M] {
        w.account(a);
    }
    w.role(O, "Mover", &["env.transfer", "logs.view"]);
    w.env(O, "shop", &[]);
    w.member(O, M, &["envs=Mover"]);
    let before = w.doc();
    let err = w
        .run(
            M,
            Command::TransferEnv {
                env: "shop".into(),
                to: M.into(),
            },
        )
        .expect_err("to itself");
    assert_eq!(err.code(), "PERMISSION_DENIED");
    assert!(err.to_string().contains("raise your own access on shop"));
    // A member that reaches the environment leaves its denied attempt on record.
    let mut after = w.doc();
    let task = after.tasks.pop().expect("the denied attempt");
    assert_eq!(
        (task.outcome.as_str(), task.initiator.as_str()),
        ("denied", M)
    );
    assert_eq!(after, before, "nothing else changed");
}

// ----- the property: no member ever raises its own access ----------------------------

const MEMBERS: [&str; 2] = [M, N];
const GROUPS: [&str; 4] = ["P", "P/S", "Q", "Q/T"];
const ENVS: [&str; 3] = ["e-one", "e-two", "e-three"];
const ROLES: [&str; 3] = ["Viewer", "Dev", "Boss"];

fn arb_command() -> impl Strategy<Value = (usize, Command)> {
    let member = 0..MEMBERS.len();
    let group = prop::sample::select(GROUPS.to_vec());
    let env = prop::sample::select(ENVS.to_vec());
    let role = prop::sample::select(ROLES.to_vec());
    let cmd = prop_oneof![
        group.clone().prop_map(|g| Command::RemoveGroup {
            owner: Some(O.into()),
            path: g.into()
        }),
        (group.clone(), "[A-Z]").prop_map(|(g, n)| Command::RenameGroup {
            owner: Some(O.into()),
            path: g.into(),
            new_name: n
        }),
        group.clone().prop_map(|g| Command::AddGroup {
            owner: Some(O.into()),
            path: format!("{g}/New")
        }),
        (env.clone(), group.clone()).prop_map(|(e, g)| Command::AttachEnv {
            env: e.into(),
            group: g.into(),
            owner: Some(O.into())
        }),
        (env.clone(), group.clone()).prop_map(|(e, g)| Command::DetachEnv {
            env: e.into(),
            group: g.into(),
            owner: Some(O.into())
        }),
        (
            env.clone(),
            prop::sample::select(MEMBERS.to_vec()),
            role.clone()
        )
            .prop_map(|(e, m, r)| Command::SetDirect {
                env: e.into(),
                member: m.into(),
                roles: vec![r.into()]
            }),
        (env.clone(), prop::sample::select(MEMBERS.to_vec())).prop_map(|(e, m)| {
            Command::RemoveDirect {
                env: e.into(),
                member: m.into(),
            }
        }),
        (
            prop::sample::select(MEMBERS.to_vec()),
            group.clone(),
            role.clone()
        )
            .prop_map(|(m, g, r)| Command::EditMember {
                owner: Some(O.into()),
                email: m.into(),
                name: None,
                shares: Some(shares(&[&format!("group:{g}={r}")])),
            }),
        env.clone().prop_map(|e| Command::TransferEnv {
            env: e.into(),
            to: M.into()
        }),
        (
            prop::sample::select(MEMBERS.to_vec()),
            prop_oneof![Just(MemberOp::Suspend), Just(MemberOp::Activate)]
        )
            .prop_map(|(m, op)| member_op_as(O, m, op)),
    ];
    (member, cmd)
}

fn policies(w: &World, member: &str, env: &str) -> Vec<String> {
    let x = w.explain(member, env);
    let mut p = x.policies;
    p.sort();
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(48)))]
    #[test]
    fn no_member_ever_raises_its_own_access(steps in prop::collection::vec(arb_command(), 1..25)) {
        let mut w = World::new();
        for a in [O, M, N] {
            w.account(a);
        }
        w.role(O, "Viewer", &["logs.view"]);
        w.role(O, "Dev", &["logs.view", "cmd.exec", "envgroup.assign"]);
        w.role(O, "Boss", &["envgroup.manage", "envgroup.assign", "collaboration.manage", "env.transfer", "logs.view"]);
        for g in GROUPS {
            w.group(O, g);
        }
        w.env(O, "e-one", &["P/S"]);
        w.env(O, "e-two", &["Q/T", "P"]);
        w.env(O, "e-three", &[]);
        w.member(O, M, &["envs=Boss", "group:P=Boss", "group:P/S=Viewer", "group:Q=Dev"]);
        w.member(O, N, &["envs=Dev", "group:Q/T=Viewer", "groups=Boss"]);
        for (who, cmd) in steps {
            let actor = MEMBERS[who];
            let envs: Vec<String> = w.p().env_ids().map(|e| w.p().env(e).name.clone()).collect();
            let before: Vec<(String, bool, Vec<String>)> = envs
                .iter()
                .map(|e| {
                    let owner = w.p().env(w.env_id(e)).owner == w.id(actor);
                    (e.clone(), owner, policies(&w, actor, e))
                })
                .collect();
            let label = cmd.label();
            let applied = w.run(actor, cmd).is_ok();
            for (e, owned, held) in before {
                if w.p().env_by_name(&e).is_none() {
                    continue;
                }
                let owner_now = w.p().env(w.env_id(&e)).owner == w.id(actor);
                prop_assert!(owned || !owner_now, "{actor} became owner of {e} by '{label}'");
                for p in policies(&w, actor, &e) {
                    prop_assert!(
                        held.contains(&p),
                        "{actor} gained {p} on {e} by '{label}' (applied: {applied})"
                    );
                }
            }
        }
    }
}

/// Finding 11: a new environment reusing a deleted one's name does not show the old
/// environment's tasks to its new owner or its members.
#[test]
fn tasks_follow_the_environment_not_its_name() {
    let mut w = team();
    w.ok(O, env_do("shop", "restart"));
    w.ok(O, Command::DeleteEnv { env: "shop".into() });
    w.env(X, "shop", &[]);
    w.ok(X, env_do("shop", "stop"));
    let rows = w.p().task_rows(w.id(X), None, None);
    let seen: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.method.as_str(), r.initiator.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("env.control.StopEnv", X),
            ("env.control.CreateEnvironment", X)
        ],
        "only the new shop's tasks"
    );
    let by_name = w.p().task_rows(w.id(X), Some("shop"), None);
    assert_eq!(by_name.len(), 2);
    // The old owner still sees its own history of the name.
    let old = w.p().task_rows(w.id(O), Some("shop"), None);
    assert!(old.iter().any(|r| r.method == "env.control.RestartNodes"));
    // And the state file keeps the distinction across a save and a load.
    let engine = collab::engine::Engine::from_document(&w.doc()).expect("reload");
    let again = engine.platform().task_rows(w.id(X), None, None);
    assert_eq!(again.len(), 2);
}

// ----- the property: undo and redo by anyone, interleaved ----------------------------

const ACTORS: [&str; 3] = [O, M, N];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(40)))]
    /// Random configuration changes, undos and redos by the owner and two members, in
    /// any order: the platform keeps every invariant (checked after every step in
    /// debug builds), no member's undo or redo raises its own access, a refused step
    /// changes nothing, and an undo right after the actor's own change (one that
    /// changed something) restores the document exactly.
    #[test]
    fn undo_and_redo_interleaved_keep_every_rule(
        steps in prop::collection::vec((0..ACTORS.len(), arb_command(), 0..4u8), 1..30)
    ) {
        let mut w = World::new();
        for a in [O, M, N] {
            w.account(a);
        }
        w.role(O, "Viewer", &["logs.view"]);
        w.role(O, "Dev", &["logs.view", "cmd.exec", "envgroup.assign"]);
        w.role(O, "Boss", &["envgroup.manage", "envgroup.assign", "collaboration.manage", "logs.view"]);
        for g in GROUPS {
            w.group(O, g);
        }
        w.env(O, "e-one", &["P/S"]);
        w.env(O, "e-two", &["Q/T", "P"]);
        w.env(O, "e-three", &[]);
        w.member(O, M, &["envs=Boss", "group:P/S=Viewer"]);
        w.member(O, N, &["envs=Dev", "groups=Boss"]);
        for (who, (_, cmd), kind) in steps {
            let actor = ACTORS[who];
            let id = w.id(actor);
            let before = w.doc();
            let held: Vec<(String, Vec<String>)> = ENVS
                .iter()
                .filter(|e| w.p().env_by_name(e).is_some())
                .map(|e| (e.to_string(), policies(&w, actor, e)))
                .collect();
            let result = match kind {
                0 => {
                    let now = w.tick();
                    w.engine.undo(id, now).map(|_| ())
                }
                1 => {
                    let now = w.tick();
                    w.engine.redo(id, now).map(|_| ())
                }
                _ => {
                    let undoable = cmd.undoable();
                    let ran = w.run(actor, cmd).map(|_| ());
                    // A change that asked for what was already so wrote nothing, and
                    // has no undo step of its own: `u` would revert an earlier one.
                    if ran.is_ok() && undoable && w.doc() != before {
                        let after = w.doc();
                        let now = w.tick();
                        match w.engine.undo(id, now) {
                            Ok(_) => {
                                let mut undone = w.doc();
                                let mut was = before.clone();
                                undone.tasks.clear();
                                was.tasks.clear();
                                prop_assert_eq!(undone, was, "undo restores exactly");
                                let now = w.tick();
                                prop_assert!(w.engine.redo(id, now).is_ok(), "own fresh redo");
                                prop_assert_eq!(w.doc(), after, "redo re-applies exactly");
                            }
                            // A member that gave its own access away does not take it
                            // back by undo: that is the owner's to do.
                            Err(e) => {
                                prop_assert!(
                                    e.to_string().contains("raise your own access"),
                                    "own fresh undo refused: {}", e
                                );
                                prop_assert_eq!(w.doc(), after.clone(), "refused undo changed nothing");
                            }
                        }
                    }
                    ran
                }
            };
            if result.is_err() && kind < 2 {
                prop_assert_eq!(w.doc(), before.clone(), "a refused step changes nothing");
            }
            if actor != O {
                for (e, had) in held {
                    if w.p().env_by_name(&e).is_none() {
                        continue;
                    }
                    for p in policies(&w, actor, &e) {
                        prop_assert!(had.contains(&p), "{} gained {} on {}", actor, p, e);
                    }
                }
            }
        }
        prop_assert_eq!(w.p().check_invariants(), Ok(()));
    }
}

/// `may_step` answers exactly what `undo` and `redo` would, and keeps nothing: on every
/// prefix of a session (changes, undos, redos, another account's change in between),
/// the dry run leaves the platform and the journal as they were.
#[test]
fn may_step_answers_what_the_step_would_and_keeps_nothing() {
    let mut w = team();
    w.member_op(O, N, MemberOp::Suspend);
    w.member_op(O, N, MemberOp::Activate);
    // The delegate M suspends N on O's behalf: the record O's steps wrote changes.
    w.ok(
        M,
        Command::Member {
            owner: Some(O.into()),
            email: N.into(),
            op: MemberOp::Suspend,
        },
    );
    for (actor, redo) in [(O, false), (O, false), (M, false), (O, true), (M, true)] {
        let (a, now) = (w.id(actor), w.tick());
        let doc = w.engine.to_document();
        let answer = w.engine.may_step(a, redo, now);
        assert_eq!(w.engine.to_document(), doc, "the dry run kept something");
        let done = if redo {
            w.engine.redo(a, now)
        } else {
            w.engine.undo(a, now)
        };
        assert_eq!(answer, done.map(|_| ()), "{actor} redo={redo}");
    }
}

/// A command's label is the command as typed: a forced delete says `--force` (the
/// preview of `d` on a role showed `role delete Admin`, which is refused when typed).
#[test]
fn a_forced_delete_is_labelled_with_force() {
    for (force, suffix) in [(true, " --force"), (false, "")] {
        let role = Command::DeleteRole {
            name: "Admin".into(),
            force,
        };
        assert_eq!(role.label(), format!("role delete Admin{suffix}"));
        let policy = Command::DeletePolicy {
            name: "Ship Releases".into(),
            force,
        };
        assert_eq!(
            policy.label(),
            format!("policy delete Ship Releases{suffix}")
        );
    }
}

/// A change's summary counts other members' share entries only for an account that
/// may see them (section 5: without `collaboration.manage` a member sees only its own
/// row and its own collaborations). Found by a hostile pass: `group remove`, `env
/// delete` and `env transfer` by a member told it how many entries others held.
#[test]
fn a_summary_counts_only_the_share_entries_the_actor_may_see() {
    let mut w = World::new();
    for a in [O, M, N, X] {
        w.account(a);
    }
    w.role(O, "Viewer", &["fs.view"]);
    // M may manage groups and delete and transfer environments, but not members.
    w.role(
        O,
        "Ops",
        &["envgroup.manage", "env.delete", "env.transfer", "fs.view"],
    );
    w.role(O, "Admin", &["collaboration.manage", "envgroup.manage"]);
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.env(O, "blog", &[]);
    w.member(O, M, &["envs=Ops"]);
    w.member(
        O,
        N,
        &["group:Team=Viewer", "env:shop=Viewer", "env:blog=Viewer"],
    );
    w.member(O, X, &["envs=Admin"]);
    let remove = || Command::RemoveGroup {
        owner: Some(O.into()),
        path: "Team".into(),
    };
    let summary = w.ok(M, remove()).summary;
    assert!(
        summary.ends_with("removed none of your own share entries"),
        "{summary}"
    );
    assert!(!summary.contains("1 share entr"), "{summary}");
    let summary = w.ok(M, Command::DeleteEnv { env: "shop".into() }).summary;
    assert_eq!(
        summary,
        "deleted environment shop and none of your own direct share entries"
    );
    let summary = w
        .ok(
            M,
            Command::TransferEnv {
                env: "blog".into(),
                to: X.into(),
            },
        )
        .summary;
    assert!(
        summary.ends_with("removed none of your own share entries"),
        "{summary}"
    );
    // The owner and an account-wide delegate see every member's entries: the count.
    w.group(O, "Team");
    w.env(O, "shop", &["Team"]);
    w.set_shares(O, N, &["group:Team=Viewer", "env:shop=Viewer"]);
    let summary = w.ok(X, remove()).summary;
    assert!(summary.ends_with("removed 1 share entry"), "{summary}");
    let summary = w.ok(O, Command::DeleteEnv { env: "shop".into() }).summary;
    assert_eq!(summary, "deleted environment shop and 1 direct share entry");
}

/// Found by a hostile pass: the preview of a change promised "u reverts it" where the
/// undo would then be refused (here: taking the environment out of the group would
/// raise the member's own access back to its base roles). The preview now carries the
/// engine's answer about the undo, and it is the answer `undo` then gives.
#[test]
fn a_preview_says_whether_the_actors_undo_would_go_through() {
    let mut w = World::new();
    for a in [O, M] {
        w.account(a);
    }
    w.role(O, "Admin", &["env.startstop", "envgroup.assign", "fs.view"]);
    w.role(O, "Assigner", &["envgroup.assign"]);
    w.group(O, "Staging");
    w.env(O, "crm", &[]);
    w.member(O, M, &["envs=Admin", "group:Staging=Assigner"]);
    let attach = Command::AttachEnv {
        env: "crm".into(),
        group: "Staging".into(),
        owner: Some(O.into()),
    };
    let (m, now) = (w.id(M), w.tick());
    let preview = w.engine.preview(Some(m), &attach, now).unwrap();
    let why = preview
        .undo_refused
        .expect("the undo would raise M's own access");
    assert!(why.contains("raise your own access"), "{why}");
    w.ok(M, attach);
    let err = undo(&mut w, M).expect_err("refused, as the preview said");
    assert!(err.contains(&why), "{err} / {why}");
    // The owner's own change: its undo goes through, and the preview says nothing.
    let detach = Command::DetachEnv {
        env: "crm".into(),
        group: "Staging".into(),
        owner: None,
    };
    let (o, now) = (w.id(O), w.tick());
    let preview = w.engine.preview(Some(o), &detach, now).unwrap();
    assert_eq!(preview.undo_refused, None);
    w.ok(O, detach);
    undo(&mut w, O).expect("the owner's undo");
}

/// The groups a member sees, asked of all of an owner's groups at once (the app's
/// New environment dialog, the palette's completion) and group by group (a command
/// naming one), agree: for every account and owner of the demo and of a generated
/// platform with nested groups and members of every kind.
#[test]
fn the_groups_seen_at_once_are_the_groups_seen_one_by_one() {
    use collab::engine::Engine;
    use collab::engine::generate::{GenerateSpec, generate};
    let spec = GenerateSpec {
        accounts: 40,
        envs: 300,
        groups: 60,
        depth: 4,
        members: 30,
        seed: 11,
    };
    let generated = Engine::from_document(&generate(&spec).unwrap()).unwrap();
    for engine in [collab::engine::demo::demo_engine(), generated] {
        let p = engine.platform();
        let mut hidden = 0;
        for owner in p.account_ids() {
            for actor in p.account_ids() {
                let at_once = p.groups_seen(actor, owner);
                for g in p.groups_of(owner) {
                    let one = p.sees_group(actor, owner, g);
                    assert_eq!(at_once.contains(&g), one, "{actor:?} {owner:?} {g:?}");
                    hidden += usize::from(!one);
                }
            }
        }
        assert!(hidden > 0, "some group is hidden from someone");
    }
}
