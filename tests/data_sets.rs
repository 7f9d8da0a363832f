//! The data sets: the demo platform (`collab init --demo`) really contains what the
//! issue lists, built through the one door and reproducible byte for byte; and the
//! generator (`collab generate`) is deterministic, loads, keeps every invariant, has
//! the shape asked for, and refuses bad sizes.
//!
//! Sizes stay small enough for debug builds; speed is measured by the benchmarks.

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

use std::collections::{BTreeSet, HashMap, HashSet};

use collab::engine::demo::{self, DEMO_NOW, DEMO_START, demo_engine};
use collab::engine::generate::{
    GenerateSpec, PRIMARY_EMAIL, account_email, generate, other_owner_indices,
};
use collab::engine::{
    AccountId, Catalogue, CollabStatus, Engine, EnvId, ExplainRow, Level, Platform, ShareTarget,
    StateDocument, Timestamp,
};

// ----- helpers -------------------------------------------------------------------

fn account(p: &Platform, email: &str) -> AccountId {
    p.account_by_email(email)
        .unwrap_or_else(|| panic!("account {email} is missing"))
}

fn env(p: &Platform, name: &str) -> EnvId {
    p.env_by_name(name)
        .unwrap_or_else(|| panic!("environment {name} is missing"))
}

fn explain(p: &Platform, member: &str, env_name: &str) -> ExplainRow {
    p.explain_row(&p.explain(account(p, member), env(p, env_name), None))
}

fn status_of(p: &Platform, owner: &str, member: &str) -> CollabStatus {
    let c = p
        .collab_of(account(p, owner), account(p, member))
        .unwrap_or_else(|| panic!("{member} has no record with {owner}"));
    p.collab(c).status
}

fn reload(doc: &StateDocument) -> Engine {
    Engine::from_document(doc).expect("the document loads")
}

// ----- the demo --------------------------------------------------------------------

#[test]
fn demo_builds_reproducibly_round_trips_and_keeps_invariants() {
    let engine = demo::try_demo_engine().expect("the demo script runs");
    engine
        .platform()
        .check_invariants()
        .expect("the demo keeps every invariant");
    for a in engine.platform().account_ids() {
        assert_eq!(
            engine.undo_label(a),
            None,
            "the script's history is cleared"
        );
        assert_eq!(engine.redo_label(a), None);
    }

    let doc = engine.to_document();
    let again = demo::demo_document();
    assert_eq!(doc, again, "the demo is the same every time");
    let bytes = serde_json::to_string_pretty(&doc).expect("serializes");
    assert_eq!(
        bytes,
        serde_json::to_string_pretty(&again).expect("serializes"),
        "the demo is the same bytes every time"
    );

    let loaded = reload(&doc);
    loaded
        .platform()
        .check_invariants()
        .expect("the reloaded demo keeps every invariant");
    assert_eq!(loaded.to_document(), doc, "load and save change nothing");
}

#[test]
fn demo_times_are_fixed_and_before_its_now() {
    let doc = demo_engine().to_document();
    let times: Vec<Timestamp> = doc
        .collaborations
        .iter()
        .map(|c| &c.changed)
        .chain(doc.tasks.iter().map(|t| &t.time))
        .map(|t| Timestamp::parse_rfc3339(t).expect("a valid time"))
        .collect();
    assert!(!times.is_empty());
    for t in times {
        assert!(DEMO_START <= t && t < DEMO_NOW, "{t} is outside the demo");
    }
    let task_times: Vec<&String> = doc.tasks.iter().map(|t| &t.time).collect();
    assert!(
        task_times.windows(2).all(|w| w[0] < w[1]),
        "tasks happen at increasing moments"
    );
}

#[test]
fn demo_has_accounts_environments_and_nested_groups() {
    let engine = demo_engine();
    let p = engine.platform();
    assert!(p.account_ids().count() >= 5);
    let olga = account(p, demo::OWNER);
    assert_eq!(p.account(olga).name, "Olga Petrova");
    assert!(
        p.env_count(olga) >= 12,
        "the owner has at least 12 environments"
    );

    // A three-level chain.
    let frankfurt = p
        .find_group(olga, "Production/EU/Frankfurt")
        .expect("the chain exists");
    let eu = p.group(frankfurt).parent.expect("Frankfurt has a parent");
    assert_eq!(p.group(eu).path, "Production/EU");
    let production = p.group(eu).parent.expect("EU has a parent");
    assert_eq!(p.group(production).path, "Production");
    assert_eq!(p.group(production).parent, None);
    assert!(p.envs_in_group(frankfurt).count() >= 2);

    // An environment in two groups, and environments in none.
    let billing = p.env(env(p, demo::EXAMPLE3_ENV));
    assert_eq!(billing.groups.len(), 2);
    assert!(p.envs_of(olga).any(|e| p.env(e).groups.len() >= 2));
    assert!(p.env(env(p, demo::EXAMPLE1_ENV)).groups.is_empty());

    // Environments in several states.
    let states: BTreeSet<&str> = p.envs_of(olga).map(|e| p.env(e).status.as_str()).collect();
    assert_eq!(
        states,
        BTreeSet::from(["running", "sleeping", "stopped"]),
        "every environment status appears"
    );
}

#[test]
fn demo_members_are_in_every_status() {
    let engine = demo_engine();
    let p = engine.platform();
    let olga = account(p, demo::OWNER);
    let statuses: BTreeSet<CollabStatus> = p
        .collabs_of_owner(olga)
        .map(|c| p.collab(c).status)
        .collect();
    assert_eq!(statuses, CollabStatus::ALL.into_iter().collect());
    assert_eq!(
        status_of(p, demo::OWNER, demo::PENDING_MEMBER),
        CollabStatus::Pending
    );
    assert_eq!(
        status_of(p, demo::OWNER, demo::SUSPENDED_MEMBER),
        CollabStatus::Suspended
    );
    assert_eq!(
        status_of(p, demo::OWNER, demo::LEFT_MEMBER),
        CollabStatus::Left
    );
    assert_eq!(
        status_of(p, demo::OWNER, demo::REJECTED_MEMBER),
        CollabStatus::Rejected
    );
    for active in [
        demo::ACCOUNT_DELEGATE,
        demo::EXAMPLE1_MEMBER,
        demo::EXAMPLE2_MEMBER,
        demo::EXAMPLE3_MEMBER,
        demo::ENV_DELEGATE,
        demo::ENV_CREATOR,
    ] {
        assert_eq!(status_of(p, demo::OWNER, active), CollabStatus::Active);
    }
    // The pending member's invitation was sent twice, and its account was created by
    // the invitation (so it carries the default name).
    let tom = p
        .collab_of(olga, account(p, demo::PENDING_MEMBER))
        .expect("Tom's record");
    assert_eq!(p.collab(tom).invitations, 2);
    assert_eq!(p.collab(tom).name, "Tom Baker");
    assert_eq!(p.account(account(p, demo::PENDING_MEMBER)).name, "tom");
    // Suspension keeps the shares.
    let sergey = p
        .collab_of(olga, account(p, demo::SUSPENDED_MEMBER))
        .expect("Sergey's record");
    assert!(!p.collab(sergey).shares.is_empty());
    // Nobody inactive sees anything.
    let shop_staging = env(p, "shop-staging");
    assert_eq!(
        p.access_of(account(p, demo::SUSPENDED_MEMBER), shop_staging)
            .0,
        Level::None
    );
}

#[test]
fn demo_roles_are_the_typical_ones() {
    let engine = demo_engine();
    let p = engine.platform();
    let olga = account(p, demo::OWNER);
    let policies = |name: &str| -> BTreeSet<String> {
        let r = p.find_role(olga, name).expect("the role exists");
        p.role(r)
            .policies
            .iter()
            .map(|x| p.policy_id(*x).to_string())
            .collect()
    };
    let set = |ids: &[&str]| -> BTreeSet<String> { ids.iter().map(|s| s.to_string()).collect() };
    let system: BTreeSet<String> = p
        .policy_rows(None)
        .into_iter()
        .filter(|r| r.system)
        .map(|r| r.id)
        .collect();
    assert_eq!(system.len(), 29);

    assert_eq!(
        policies("Viewer"),
        set(&["fs.view", "logs.view", "stats.view"])
    );
    assert_eq!(
        policies("User"),
        set(&[
            "fs.view",
            "logs.view",
            "stats.view",
            "env.startstop",
            "node.restart"
        ])
    );
    let excluded = set(&[
        "env.create",
        "env.delete",
        "env.migrate",
        "env.clone",
        "env.transfer",
        "envgroup.manage",
        "envgroup.assign",
    ]);
    assert_eq!(
        policies("Developer"),
        system.difference(&excluded).cloned().collect()
    );
    assert_eq!(policies("Accountant"), set(&["billing.view", "stats.view"]));
    assert_eq!(policies("Admin"), system);
    let admin = p.find_role(olga, "Admin").expect("Admin");
    assert!(p.role(admin).notify, "Admin receives load alerts");
    let viewer = p.find_role(olga, "Viewer").expect("Viewer");
    assert!(!p.role(viewer).notify);

    // A custom policy, used by a role.
    let custom = p
        .custom_policy_by_name(olga, demo::CUSTOM_POLICY)
        .expect("the custom policy exists");
    assert!(policies(demo::CUSTOM_ROLE).contains(&p.custom_policy(custom).name));
}

#[test]
fn demo_share_entries_cover_all_kinds_with_and_without_roles() {
    let engine = demo_engine();
    let p = engine.platform();
    let olga = account(p, demo::OWNER);
    // (kind, has roles)
    let mut seen: BTreeSet<(u8, bool)> = BTreeSet::new();
    for c in p.collabs_of_owner(olga) {
        for (target, roles) in &p.collab(c).shares {
            let kind = match target {
                ShareTarget::AllEnvs => 0,
                ShareTarget::AllGroups => 1,
                ShareTarget::Group(_) => 2,
                ShareTarget::Env(_) => 3,
            };
            seen.insert((kind, !roles.is_empty()));
        }
    }
    for kind in 0..4 {
        assert!(seen.contains(&(kind, true)), "kind {kind} with roles");
    }
    assert!(seen.contains(&(2, false)), "a group ticked without roles");
    assert!(
        seen.contains(&(3, false)),
        "an environment ticked without roles"
    );
}

#[test]
fn demo_reproduces_documented_example_1() {
    let engine = demo_engine();
    let p = engine.platform();
    let x = explain(p, demo::EXAMPLE1_MEMBER, demo::EXAMPLE1_ENV);
    assert_eq!(x.status, "active");
    assert_eq!(x.level, Level::Base);
    assert_eq!(x.roles, ["Viewer"]);
    assert_eq!(x.levels.direct, None);
    assert!(x.levels.groups.is_empty(), "the environment is in no group");
    // The groups category carries other roles, which apply elsewhere.
    let c = p
        .collab_of(account(p, demo::OWNER), account(p, demo::EXAMPLE1_MEMBER))
        .expect("Anna's record");
    let category = p
        .collab(c)
        .roles_at(ShareTarget::AllGroups)
        .expect("the groups category carries roles");
    assert_eq!(p.sorted_role_names(category), ["User"]);
    assert_eq!(
        explain(p, demo::EXAMPLE1_MEMBER, "shop-staging").level,
        Level::Groups
    );
}

#[test]
fn demo_reproduces_documented_example_2() {
    let engine = demo_engine();
    let p = engine.platform();
    let x = explain(p, demo::EXAMPLE2_MEMBER, demo::EXAMPLE2_ENV);
    assert_eq!(x.level, Level::Direct);
    assert_eq!(x.roles, ["Viewer"]);
    assert_eq!(
        x.levels.direct.as_deref(),
        Some(&["Viewer".to_string()][..])
    );
    // The broader group role is there, and ignored.
    assert_eq!(x.levels.groups.len(), 1);
    assert_eq!(x.levels.groups[0].roles, ["Admin"]);
    assert_eq!(x.levels.groups[0].from, "Production");
    // Elsewhere in the group, the group's Admin applies.
    let other = explain(p, demo::EXAMPLE2_MEMBER, "cdn-frankfurt");
    assert_eq!(
        (other.level, other.roles),
        (Level::Groups, vec!["Admin".to_string()])
    );
}

#[test]
fn demo_reproduces_documented_example_3() {
    let engine = demo_engine();
    let p = engine.platform();
    let x = explain(p, demo::EXAMPLE3_MEMBER, demo::EXAMPLE3_ENV);
    assert_eq!(x.level, Level::Groups);
    assert_eq!(x.roles, ["Accountant", "Developer", "Viewer"]);
    assert_eq!(x.levels.direct, None);
    let groups: Vec<(&str, Vec<String>, &str)> = x
        .levels
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g.roles.clone(), g.from.as_str()))
        .collect();
    assert_eq!(
        groups,
        [
            (
                "Finance/Reports",
                vec!["Viewer".to_string()],
                "*" // the category default: neither the group nor its parent has roles
            ),
            (
                "Production/EU",
                vec!["Accountant".to_string(), "Developer".to_string()],
                "Production/EU" // its own roles; the parent's Admin is ignored
            ),
        ]
    );
    // The parent has Admin, and the second group and its parent are ticked.
    let c = p
        .collab_of(account(p, demo::OWNER), account(p, demo::EXAMPLE3_MEMBER))
        .expect("Maria's record");
    let rec = p.collab(c);
    let olga = account(p, demo::OWNER);
    let group = |path: &str| ShareTarget::Group(p.find_group(olga, path).expect("group"));
    let admin = rec
        .roles_at(group("Production"))
        .expect("Production has roles");
    assert_eq!(p.sorted_role_names(admin), ["Admin"]);
    assert_eq!(
        rec.entry(group("Finance")),
        Some(&collab::engine::RoleList::new())
    );
    assert_eq!(
        rec.entry(group("Finance/Reports")),
        Some(&collab::engine::RoleList::new())
    );
}

#[test]
fn demo_has_an_account_wide_and_a_per_environment_delegate() {
    let engine = demo_engine();
    let p = engine.platform();
    let olga = account(p, demo::OWNER);
    let boris = account(p, demo::ACCOUNT_DELEGATE);
    let dmitri = account(p, demo::ENV_DELEGATE);
    assert!(p.is_account_wide_delegate(boris, olga));
    assert!(p.is_delegate_on(boris, env(p, "shop-prod")));

    assert!(!p.is_account_wide_delegate(dmitri, olga));
    assert!(p.is_delegate_on(dmitri, env(p, demo::DELEGATED_ENV)));
    assert!(!p.is_delegate_on(dmitri, env(p, "shop-prod")));
    assert!(!p.is_delegate_on(dmitri, env(p, "docs-site")));

    // Both used their powers in the script: Boris invited Tom and suspended Sergey,
    // Dmitri gave Elena direct access on his environment.
    let elena = explain(p, demo::ENV_CREATOR, demo::DELEGATED_ENV);
    assert_eq!(
        (elena.level, elena.roles),
        (Level::Direct, vec!["Developer".to_string()])
    );
}

#[test]
fn demo_has_a_member_created_environment() {
    let engine = demo_engine();
    let p = engine.platform();
    let e = p.env(env(p, demo::MEMBER_CREATED_ENV));
    assert_eq!(e.owner, account(p, demo::OWNER));
    assert_eq!(e.creator, account(p, demo::ENV_CREATOR));
    assert_ne!(e.creator, e.owner);
    // The environment a member created before leaving stays with the owner.
    let load = p.env(env(p, "load-test"));
    assert_eq!(load.owner, account(p, demo::OWNER));
    assert_eq!(load.creator, account(p, demo::LEFT_MEMBER));
    assert_eq!(
        p.access_of(account(p, demo::LEFT_MEMBER), env(p, "load-test"))
            .0,
        Level::None
    );
}

#[test]
fn demo_has_a_second_owner_sharing_with_the_same_member() {
    let engine = demo_engine();
    let p = engine.platform();
    let nikolai = account(p, demo::SECOND_OWNER);
    assert!(p.env_count(nikolai) >= 2);
    assert_eq!(
        status_of(p, demo::SECOND_OWNER, demo::SHARED_MEMBER),
        CollabStatus::Active
    );
    assert_eq!(
        status_of(p, demo::OWNER, demo::SHARED_MEMBER),
        CollabStatus::Active
    );
    let anna = account(p, demo::SHARED_MEMBER);
    let owners: HashSet<AccountId> = p
        .collabs_of_member(anna)
        .map(|c| p.collab(c).owner)
        .collect();
    assert_eq!(owners.len(), 2);
    assert_eq!(p.access_of(anna, env(p, "globex-web")).0, Level::Base);
}

#[test]
fn demo_has_a_task_history_with_a_denied_attempt() {
    let engine = demo_engine();
    let p = engine.platform();
    let tasks = p.tasks();
    assert!(tasks.len() >= 15);
    let cat = Catalogue::get();
    let methods: HashSet<&str> = tasks.iter().map(|t| cat.method_name(t.method)).collect();
    for m in [
        "env.control.StartEnv",
        "env.control.StopEnv",
        "env.control.SleepEnv",
        "env.control.RestartNodes",
        "env.deployment.Deploy",
        "env.control.CreateEnvironment",
    ] {
        assert!(methods.contains(m), "a task for {m}");
    }
    let olga = account(p, demo::OWNER);
    assert!(tasks.iter().any(|t| t.initiator == olga && t.env.is_some()));
    let by_members: HashSet<AccountId> = tasks
        .iter()
        .filter(|t| t.initiator != t.owner && t.outcome.as_str() == "done")
        .map(|t| t.initiator)
        .collect();
    assert!(by_members.len() >= 5, "members did work too");

    let denied: Vec<_> = tasks
        .iter()
        .filter(|t| t.outcome.as_str() == "denied")
        .collect();
    assert_eq!(denied.len(), 1);
    let d = denied[0];
    assert_eq!(d.initiator, account(p, demo::DENIED_MEMBER));
    assert_eq!(d.env.as_deref(), Some(demo::DENIED_ENV));
    assert_eq!(cat.method_name(d.method), "env.control.RestartNodes");
    assert!(
        d.reason
            .as_deref()
            .is_some_and(|r| r.contains("enough permissions")),
        "{:?}",
        d.reason
    );
}

// ----- the generator ---------------------------------------------------------------

fn medium(seed: u64) -> GenerateSpec {
    GenerateSpec {
        accounts: 200,
        envs: 1000,
        groups: 200,
        depth: 8,
        members: 100,
        seed,
    }
}

#[test]
fn generation_is_deterministic_for_a_seed() {
    let a = generate(&medium(7)).expect("generates");
    let b = generate(&medium(7)).expect("generates");
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).expect("serializes"),
        serde_json::to_string(&b).expect("serializes")
    );
    let c = generate(&medium(8)).expect("generates");
    assert_ne!(a, c, "another seed gives another platform");
}

#[test]
fn a_medium_platform_loads_keeps_invariants_and_round_trips() {
    let doc = generate(&medium(7)).expect("generates");
    let engine = reload(&doc);
    engine
        .platform()
        .check_invariants()
        .expect("the generated platform keeps every invariant");
    assert_eq!(
        engine.to_document(),
        doc,
        "the generator writes the canonical document"
    );
    assert_eq!(GenerateSpec::medium(7), medium(7));
}

#[test]
fn a_medium_platform_has_the_shape_asked_for() {
    let spec = medium(7);
    let doc = generate(&spec).expect("generates");
    assert_eq!(doc.accounts.len(), 201, "the pool plus the primary account");
    assert_eq!(doc.environments.len(), 1000);
    assert_eq!(doc.groups.len(), 200);

    // The primary owns most environments, each in one to three of its groups.
    let primary: Vec<_> = doc
        .environments
        .iter()
        .filter(|e| e.owner == PRIMARY_EMAIL)
        .collect();
    assert!(
        primary.len() >= 850,
        "{} primary environments",
        primary.len()
    );
    assert!(primary.iter().all(|e| (1..=3).contains(&e.groups.len())));
    assert!(primary.iter().any(|e| e.groups.len() == 3));
    assert!(
        primary.iter().any(|e| e.creator != PRIMARY_EMAIL),
        "member-created"
    );

    // The forest is exactly `depth` levels deep.
    let deepest = doc
        .groups
        .iter()
        .filter(|g| g.owner == PRIMARY_EMAIL)
        .map(|g| g.path.split('/').count())
        .max();
    assert_eq!(deepest, Some(8));
    let roots = doc
        .groups
        .iter()
        .filter(|g| g.owner == PRIMARY_EMAIL && !g.path.contains('/'))
        .count();
    assert!(roots >= 2, "a forest, not a single tree");

    // About 40 roles, some notifying, some using custom policies.
    let roles: Vec<_> = doc
        .roles
        .iter()
        .filter(|r| r.owner == PRIMARY_EMAIL)
        .collect();
    assert_eq!(roles.len(), 40);
    assert!(roles.iter().any(|r| r.notify));
    let custom: HashSet<&str> = doc
        .policies
        .iter()
        .filter(|p| p.owner == PRIMARY_EMAIL)
        .map(|p| p.name.as_str())
        .collect();
    assert!(
        roles
            .iter()
            .any(|r| r.policies.iter().any(|p| custom.contains(p.as_str())))
    );

    // The members: every status, 5 to 20 entries each, all four kinds.
    let members: Vec<_> = doc
        .collaborations
        .iter()
        .filter(|c| c.owner == PRIMARY_EMAIL)
        .collect();
    assert_eq!(members.len(), 100);
    let statuses: BTreeSet<&str> = members.iter().map(|c| c.status.as_str()).collect();
    assert_eq!(statuses.len(), 5, "{statuses:?}");
    assert!(members.iter().all(|c| (5..=20).contains(&c.shares.len())));
    let mut kinds: HashMap<&str, (bool, bool)> = HashMap::new();
    for c in &members {
        for s in &c.shares {
            let kind = if s.target == "envs" || s.target == "groups" {
                s.target.as_str()
            } else if s.target.starts_with("group:") {
                "group"
            } else {
                "env"
            };
            let k = kinds.entry(kind).or_default();
            if s.roles.is_empty() {
                k.1 = true;
            } else {
                k.0 = true;
            }
        }
    }
    for kind in ["envs", "groups", "group", "env"] {
        assert_eq!(
            kinds.get(kind),
            Some(&(true, true)),
            "{kind} with and without roles"
        );
    }
    let engine = reload(&doc);
    let p = engine.platform();
    let owner = account(p, PRIMARY_EMAIL);
    assert!(
        members
            .iter()
            .any(|c| p.is_account_wide_delegate(account(p, &c.member), owner)),
        "some member is an account-wide delegate"
    );

    // Several other owners, sharing with members the primary also has.
    let primary_members: HashSet<&str> = members.iter().map(|c| c.member.as_str()).collect();
    let others: Vec<String> = other_owner_indices(&spec).map(account_email).collect();
    assert_eq!(others.len(), 2);
    for o in &others {
        assert!(doc.environments.iter().any(|e| &e.owner == o));
        let theirs: Vec<_> = doc
            .collaborations
            .iter()
            .filter(|c| &c.owner == o)
            .collect();
        assert!(!theirs.is_empty(), "{o} shares");
        assert!(
            theirs
                .iter()
                .any(|c| primary_members.contains(c.member.as_str()))
        );
    }

    // A task history, with denied attempts.
    assert!(doc.tasks.len() >= 500, "{} tasks", doc.tasks.len());
    assert!(doc.tasks.iter().any(|t| t.outcome == "denied"));
    assert!(doc.tasks.iter().any(|t| t.initiator != t.owner));
}

#[test]
fn small_and_edge_sizes_load() {
    let cases = [
        (0, 1, 0, 1, 0),
        (1, 1, 1, 1, 1),
        (1, 3, 0, 16, 1),
        (5, 20, 16, 16, 5),
        (12, 50, 10, 3, 12),
        (300, 40, 30, 4, 7),
    ];
    for (i, (accounts, envs, groups, depth, members)) in cases.into_iter().enumerate() {
        let spec = GenerateSpec {
            accounts,
            envs,
            groups,
            depth,
            members,
            seed: i as u64,
        };
        let doc = generate(&spec).unwrap_or_else(|e| panic!("{spec:?}: {e}"));
        assert_eq!(doc.environments.len(), envs as usize, "{spec:?}");
        assert_eq!(doc.accounts.len(), accounts as usize + 1, "{spec:?}");
        let engine = Engine::from_document(&doc).unwrap_or_else(|e| panic!("{spec:?}: {e}"));
        engine
            .platform()
            .check_invariants()
            .unwrap_or_else(|e| panic!("{spec:?}: {e}"));
        assert_eq!(engine.to_document(), doc, "{spec:?}");
    }
}

#[test]
fn bad_specs_are_refused_with_the_flag_named() {
    let ok = medium(1);
    assert_eq!(ok.validate(), Ok(()));
    let cases: [(GenerateSpec, &str); 8] = [
        (
            GenerateSpec {
                envs: 0,
                ..ok.clone()
            },
            "--envs",
        ),
        (
            GenerateSpec {
                envs: 100_001,
                ..ok.clone()
            },
            "--envs",
        ),
        (
            GenerateSpec {
                depth: 0,
                ..ok.clone()
            },
            "--depth",
        ),
        (
            GenerateSpec {
                depth: 17,
                ..ok.clone()
            },
            "--depth",
        ),
        (
            GenerateSpec {
                groups: 5,
                depth: 8,
                ..ok.clone()
            },
            "--groups",
        ),
        (
            GenerateSpec {
                groups: 100_001,
                ..ok.clone()
            },
            "--groups",
        ),
        (
            GenerateSpec {
                accounts: 100_001,
                ..ok.clone()
            },
            "--accounts",
        ),
        (
            GenerateSpec {
                members: 201,
                ..ok.clone()
            },
            "--members",
        ),
    ];
    for (spec, flag) in cases {
        let err = generate(&spec).expect_err("refused");
        assert!(err.starts_with(flag), "{spec:?}: {err}");
        assert_eq!(spec.validate(), Err(err));
    }
    // The large spec is valid (measured by the benchmarks, not here).
    assert_eq!(GenerateSpec::large(7).validate(), Ok(()));
}
