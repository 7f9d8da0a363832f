//! Issue 12, engine side: the change journal rebuilds every earlier state exactly,
//! its entries are never edited, its effects agree with access as it was, and its
//! growth policy keeps a known horizon.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod common;

use std::collections::BTreeMap;

use collab::engine::{
    AccessState, Command, EntryKind, JournalEntry, Level, MemberOp, Platform, Record, Response,
    Timestamp,
};
use common::*;
use proptest::prelude::*;

const GROUPS: [&str; 4] = ["P", "P/S", "Q", "Q/T"];
const ENVS: [&str; 4] = ["e-one", "e-two", "e-three", "e-four"];
const ROLES: [&str; 3] = ["Viewer", "Dev", "Boss"];
const ACCOUNTS: [&str; 3] = [M, N, X];

#[expect(
    clippy::unnecessary_wraps,
    reason = "the commands' `owner` fields are options"
)]
fn owner() -> Option<String> {
    Some(O.into())
}

fn arb_command() -> impl Strategy<Value = Command> {
    let group = prop::sample::select(GROUPS.to_vec());
    let env = prop::sample::select(ENVS.to_vec());
    let role = prop::sample::select(ROLES.to_vec());
    let member = prop::sample::select(ACCOUNTS.to_vec());
    prop_oneof![
        group.clone().prop_map(|g| Command::AddGroup {
            owner: owner(),
            path: g.into()
        }),
        group.clone().prop_map(|g| Command::RemoveGroup {
            owner: owner(),
            path: g.into()
        }),
        (group.clone(), "[PQR]").prop_map(|(g, n)| Command::RenameGroup {
            owner: owner(),
            path: g.into(),
            new_name: n
        }),
        (env.clone(), group.clone()).prop_map(|(e, g)| Command::AttachEnv {
            env: e.into(),
            group: g.into(),
            owner: owner()
        }),
        (env.clone(), group.clone()).prop_map(|(e, g)| Command::DetachEnv {
            env: e.into(),
            group: g.into(),
            owner: owner()
        }),
        (env.clone(), member.clone(), role.clone()).prop_map(|(e, m, r)| Command::SetDirect {
            env: e.into(),
            member: m.into(),
            roles: vec![r.into()]
        }),
        (env.clone(), member.clone()).prop_map(|(e, m)| Command::RemoveDirect {
            env: e.into(),
            member: m.into(),
        }),
        (member.clone(), group.clone(), role.clone()).prop_map(|(m, g, r)| Command::EditMember {
            owner: owner(),
            email: m.into(),
            name: None,
            shares: Some(shares(&[&format!("group:{g}={r}"), "envs=Viewer"])),
        }),
        (member.clone(), role.clone()).prop_map(|(m, r)| Command::InviteMember {
            owner: owner(),
            email: m.into(),
            name: None,
            shares: shares(&[&format!("groups={r}")]),
        }),
        (
            member.clone(),
            prop_oneof![
                Just(MemberOp::Suspend),
                Just(MemberOp::Activate),
                Just(MemberOp::Remove),
                Just(MemberOp::Reinvite)
            ]
        )
            .prop_map(|(m, op)| Command::Member {
                owner: owner(),
                email: m.into(),
                op
            }),
        (env.clone(), member.clone()).prop_map(|(e, m)| Command::TransferEnv {
            env: e.into(),
            to: m.into()
        }),
        (env.clone(), prop::sample::select(vec!["stop", "start"])).prop_map(|(e, a)| {
            Command::EnvDo {
                env: e.into(),
                action: a.into(),
            }
        }),
        (env.clone(), group.clone()).prop_map(|(e, g)| create_env(e, Some(O), &[g])),
        env.clone()
            .prop_map(|e| Command::DeleteEnv { env: e.into() }),
        (env.clone(), env.clone()).prop_map(|(e, n)| Command::CloneEnv {
            env: e.into(),
            new_name: n.into()
        }),
        (role.clone(), role.clone()).prop_map(|(r, n)| Command::EditRole {
            name: r.into(),
            policies: None,
            rename: Some(format!("{n}x")),
            description: None,
            notify: None,
        }),
        role.clone().prop_map(|r| Command::EditRole {
            name: r.into(),
            policies: Some(vec!["logs.view".into(), "Mine".into()]),
            rename: None,
            description: Some("edited".into()),
            notify: Some(true),
        }),
        role.clone().prop_map(|r| Command::DeleteRole {
            name: r.into(),
            force: true
        }),
        role.clone().prop_map(|r| Command::AddRole {
            name: r.into(),
            policies: vec!["logs.view".into()],
            description: None,
            notify: false,
        }),
        Just(Command::AddPolicy {
            name: "Mine".into(),
            methods: vec!["env.control.StartEnv".into()],
            description: None,
        }),
        Just(Command::DeletePolicy {
            name: "Mine".into(),
            force: true
        }),
    ]
}

/// One step: a command by the owner or a member, a member's answer, an undo or a redo.
#[derive(Clone, Debug)]
enum Step {
    Run(usize, Command),
    Accept(usize),
    Undo(usize),
    Redo(usize),
}

const ACTORS: [&str; 2] = [O, M];

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..ACTORS.len(), arb_command()).prop_map(|(a, c)| Step::Run(a, c)),
        1 => (0..ACCOUNTS.len()).prop_map(Step::Accept),
        1 => (0..ACTORS.len()).prop_map(Step::Undo),
        1 => (0..ACTORS.len()).prop_map(Step::Redo),
    ]
}

fn world() -> World {
    let mut w = World::new();
    for a in [O, M, N, X] {
        w.account(a);
    }
    w.role(O, "Viewer", &["logs.view"]);
    w.role(O, "Dev", &["logs.view", "cmd.exec", "envgroup.assign"]);
    w.role(
        O,
        "Boss",
        &[
            "envgroup.manage",
            "envgroup.assign",
            "collaboration.manage",
            "logs.view",
        ],
    );
    for g in GROUPS {
        w.group(O, g);
    }
    w.env(O, "e-one", &["P/S"]);
    w.env(O, "e-two", &["Q/T", "P"]);
    w.env(O, "e-three", &[]);
    w.member(O, M, &["envs=Boss", "group:P/S=Viewer"]);
    w.member(O, N, &["envs=Dev", "groups=Boss"]);
    w
}

fn take(w: &mut World, step: &Step) {
    match step {
        Step::Run(a, cmd) => {
            let _ = w.run(ACTORS[*a], cmd.clone());
        }
        Step::Accept(m) => {
            let _ = w.run(ACCOUNTS[*m], respond(O, Response::Accept));
        }
        Step::Undo(a) | Step::Redo(a) => {
            let (id, now) = (w.id(ACTORS[*a]), w.tick());
            let _ = if matches!(step, Step::Undo(_)) {
                w.engine.undo(id, now)
            } else {
                w.engine.redo(id, now)
            };
        }
    }
}

/// Every (member, environment) pair's effective access, by name, without owners.
fn access_map(p: &Platform) -> BTreeMap<(String, String), AccessState> {
    let mut out = BTreeMap::new();
    for a in p.account_ids() {
        for row in p.access_rows(None, a) {
            if row.level != Level::Owner && row.level != Level::None {
                out.insert(
                    (p.account(a).email.clone(), row.env.to_string()),
                    AccessState {
                        level: row.level,
                        roles: row.roles.iter().map(ToString::to_string).collect(),
                    },
                );
            }
        }
    }
    out
}

fn owners(p: &Platform) -> BTreeMap<String, String> {
    p.env_ids()
        .map(|e| {
            let env = p.env(e);
            (env.name.clone(), p.account(env.owner).email.clone())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(24)))]
    /// Random command sequences, answers, undos and redos: every earlier state,
    /// recorded as it happened, is rebuilt exactly from the final one by walking the
    /// journal back (`as_of`); no step edits or removes an earlier entry; and each
    /// entry's measured effect is exactly the difference in access between the states
    /// around it.
    #[test]
    fn the_journal_rebuilds_every_earlier_state(
        steps in prop::collection::vec(arb_step(), 1..40)
    ) {
        let mut w = world();
        let mut recorded = vec![(w.tick(), w.doc())];
        let mut seen: Vec<JournalEntry> = w.engine.journal().entries().to_vec();
        for step in &steps {
            take(&mut w, step);
            let entries = w.engine.journal().entries();
            prop_assert!(entries.len() >= seen.len(), "an entry was removed");
            prop_assert_eq!(&entries[..seen.len()], &seen[..], "an entry was edited");
            seen = entries.to_vec();
            recorded.push((w.tick(), w.doc()));
        }
        // The file writes a changed record's "before" as only what differs from its
        // "after"; read back, every entry is exactly the one in memory.
        let full = w.full_doc();
        let text = serde_json::to_string(&full).unwrap();
        let read: collab::engine::StateDocument = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&read.journal, &full.journal, "the journal read back");
        for e in serde_json::from_str::<serde_json::Value>(&text).unwrap()["journal"]["entries"].as_array().unwrap() {
            for r in e["records"].as_array().unwrap() {
                prop_assert!(r.get("before").is_none() || r.get("after").is_none(), "a side written whole twice: {}", r);
            }
        }
        for (t, doc) in &recorded {
            let then = w.engine.as_of(*t).map_err(|e| TestCaseError::fail(format!("as_of {t:?}: {e}")))?;
            prop_assert_eq!(&then.to_document(), doc, "the state at {:?}", t);
            prop_assert!(then.check_invariants().is_ok());
        }
        let mut checked = 0;
        let horizon = w.engine.journal().horizon.unwrap();
        w.engine.journal_effects(None, |e, changes| {
            checked += 1;
            if e.time <= horizon {
                // The first entry: nothing is known from before it.
                return true;
            }
            let before = w.engine.as_of(Timestamp(e.time.0 - 1)).unwrap();
            let after = w.engine.as_of(e.time).unwrap();
            let (b, a) = (access_map(&before), access_map(&after));
            let (ob, oa) = (owners(&before), owners(&after));
            // A renamed role is the same role: the preview reports no change for it.
            let renamed: BTreeMap<(String, String), String> = e
                .records
                .iter()
                .filter_map(|r| match (&r.before, &r.after) {
                    (Some(Record::Role(x)), Some(Record::Role(y))) if x.name != y.name => {
                        Some(((x.owner.clone(), x.name.clone()), y.name.clone()))
                    }
                    _ => None,
                })
                .collect();
            let b: BTreeMap<_, _> = b
                .into_iter()
                .map(|(k, mut v)| {
                    let owner = ob.get(&k.1).cloned().unwrap_or_default();
                    for r in &mut v.roles {
                        if let Some(n) = renamed.get(&(owner.clone(), r.clone())) {
                            r.clone_from(n);
                        }
                    }
                    v.roles.sort();
                    (k, v)
                })
                .collect();
            let a: BTreeMap<_, _> = a
                .into_iter()
                .map(|(k, mut v)| {
                    v.roles.sort();
                    (k, v)
                })
                .collect();
            let owns = |m: &str, env: &str| {
                ob.get(env).is_some_and(|o| o == m) || oa.get(env).is_some_and(|o| o == m)
            };
            let mut expected: Vec<(String, String, AccessState, AccessState)> = Vec::new();
            for key in b.keys().chain(a.keys()) {
                let (x, y) = (b.get(key).cloned().unwrap_or_default(), a.get(key).cloned().unwrap_or_default());
                if x != y && !owns(&key.0, &key.1) && !expected.iter().any(|k| (&k.0, &k.1) == (&key.0, &key.1)) {
                    expected.push((key.0.clone(), key.1.clone(), x, y));
                }
            }
            let mut got: Vec<(String, String, AccessState, AccessState)> = changes
                .into_iter()
                .filter(|c| !owns(&c.member, &c.env))
                .map(|mut c| {
                    c.before.roles.sort();
                    c.after.roles.sort();
                    (c.member, c.env, c.before, c.after)
                })
                .collect();
            expected.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
            got.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
            assert_eq!(got, expected, "the effect of entry {} ({})", e.seq, e.command);
            true
        }).unwrap();
        prop_assert_eq!(checked, w.engine.journal().entries().len());
    }
}

#[test]
fn each_change_undo_and_redo_is_one_entry_with_its_actor_and_command() {
    let mut w = world();
    let before = w.engine.journal().entries().len();
    w.member_op(O, N, MemberOp::Suspend);
    let (o, now) = (w.id(O), w.tick());
    w.engine.undo(o, now).unwrap();
    let now = w.tick();
    w.engine.redo(o, now).unwrap();
    let entries = &w.engine.journal().entries()[before..];
    let shown: Vec<(EntryKind, Option<&str>, &str)> = entries
        .iter()
        .map(|e| (e.kind, e.actor.as_deref(), e.command.as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (EntryKind::Change, Some(O), "member suspend noah@acme.io"),
            (EntryKind::Undo, Some(O), "undo member suspend noah@acme.io"),
            (EntryKind::Redo, Some(O), "redo member suspend noah@acme.io"),
        ]
    );
    assert_eq!(entries[1].of, Some(entries[0].seq));
    assert_eq!(entries[2].of, Some(entries[1].seq));
    // In identity terms: the member record by emails, status before and after.
    let rc = &entries[0].records[0];
    let json = serde_json::to_value(rc).unwrap();
    assert_eq!(json["before"]["collaboration"]["member"], N);
    assert_eq!(json["before"]["collaboration"]["status"], "active");
    assert_eq!(json["after"]["collaboration"]["status"], "suspended");
}

#[test]
fn refused_commands_and_unchanged_operations_append_nothing_and_a_failed_save_takes_the_entry_back()
{
    let mut w = world();
    let n = w.engine.journal().entries().len();
    // Refused (the member may not manage roles): no entry, though nothing else either.
    let journal = w.engine.journal().clone();
    let code = w.code(X, remove_direct("e-one", N));
    assert_eq!(
        w.engine.journal(),
        &journal,
        "refused ({code}), yet journaled"
    );
    // An action that changes no record (logs are read): a task, not an entry.
    w.ok(O, env_do("e-one", "logs"));
    assert_eq!(w.engine.journal().entries().len(), n);
    // A stop changes the environment's record: an operation entry.
    w.ok(O, env_do("e-one", "stop"));
    let last = w.engine.journal().entries().last().unwrap();
    assert_eq!(last.kind, EntryKind::Operation);
    assert_eq!(last.command, "env do e-one stop");
    // What could not be saved did not happen: the entry goes with the change.
    let journal = w.engine.journal().clone();
    w.member_op(O, N, MemberOp::Suspend);
    w.engine.discard_last();
    assert_eq!(w.engine.journal(), &journal);
}

#[test]
fn the_limit_drops_the_oldest_entries_and_moves_the_horizon() {
    let mut w = World::new();
    w.engine.set_journal_limit(3);
    w.account(O);
    let first = w.engine.journal().entries()[0].time;
    assert_eq!(
        w.engine.journal().horizon,
        Some(first),
        "horizon: the first entry"
    );
    let mut times = vec![first];
    for name in ["A", "B", "C", "D"] {
        w.group(O, name);
        times.push(w.engine.journal().entries().last().unwrap().time);
    }
    let j = w.engine.journal();
    assert_eq!(j.entries().len(), 3);
    assert_eq!(
        j.entries().iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![3, 4, 5]
    );
    // Entries 1 and 2 were dropped: the state right after entry 2 is the oldest known.
    assert_eq!(j.horizon, Some(times[1]));
    let at = w.engine.as_of(times[1]).unwrap();
    assert_eq!(
        at.groups_of(at.find_account(O).unwrap()).count(),
        1,
        "only A existed"
    );
    let err = w.engine.as_of(Timestamp(times[1].0 - 1)).unwrap_err();
    assert_eq!(err.code(), "VALIDATION");
    assert!(
        err.to_string().contains("before the journal's horizon"),
        "{err}"
    );
    // A moment at or after the newest entry is now.
    let later = w.engine.as_of(Timestamp(times[4].0 + 3600)).unwrap();
    assert_eq!(later.to_document(), w.doc());
}

#[test]
fn a_journal_without_entries_answers_for_no_past_time() {
    let w = World::new();
    let err = w.engine.as_of(Timestamp(1_000)).unwrap_err();
    assert_eq!(err.code(), "VALIDATION");
    assert!(err.to_string().contains("no entries yet"), "{err}");
}
