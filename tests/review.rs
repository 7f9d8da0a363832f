//! `collab review`: every finding kind on a crafted platform, present when it should
//! be and absent when it should not; the suggested role set against brute force; the
//! command line's JSON shape and `--fail-on` exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::many_single_char_names,
    reason = "w, r and one letter per finding keep the scenarios readable"
)]

mod common;

use collab::engine::MethodId;
use collab::engine::review::{
    Candidate, Fact, Finding, MethodSet, Review, Severity, minimal_cover, review,
};
use collab::engine::{Command, MemberOp, Response, Timestamp};
use common::*;
use proptest::prelude::*;

const DAY: i64 = 86_400;

fn run_review(w: &mut World, days_later: i64, days: u32) -> Review {
    let now = Timestamp(w.tick().0 + days_later * DAY);
    review(w.p(), w.id(O), now, days)
}

fn of_kind<'a>(r: &'a Review, kind: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.kind == kind).collect()
}

fn about<'a>(r: &'a Review, kind: &str, member: &str) -> Option<&'a Finding> {
    r.findings
        .iter()
        .find(|f| f.kind == kind && f.member.as_deref() == Some(member))
}

/// The least-privilege finding about `member` on `env`.
fn least_privilege_of<'r>(r: &'r Review, member: &str, env: &str) -> &'r Finding {
    r.findings
        .iter()
        .find(|f| {
            f.kind == "least_privilege"
                && f.member.as_deref() == Some(member)
                && f.env.as_deref() == Some(env)
        })
        .unwrap_or_else(|| panic!("least_privilege for {member} on {env}"))
}

fn list(f: &Finding, key: &str) -> Vec<String> {
    match f.facts.get(key) {
        Some(Fact::List(l)) => l.clone(),
        other => panic!("{key}: {other:?}"),
    }
}

/// Every system policy's id: a role of them all grants everything.
fn every_policy() -> Vec<&'static str> {
    collab::engine::Catalogue::get()
        .policies
        .iter()
        .map(|p| p.id.as_str())
        .collect()
}

/// owner@acme.io with roles Viewer, Logs (logs.view only), Developer and Ops; two
/// environments.
fn base() -> World {
    let mut w = World::new();
    for a in [O, M, N, X] {
        w.account(a);
    }
    w.role(O, "Viewer", &["fs.view", "logs.view", "stats.view"]);
    w.role(O, "Logs", &["logs.view"]);
    w.role(
        O,
        "Developer",
        &[
            "fs.view",
            "logs.view",
            "stats.view",
            "env.startstop",
            "deploy.apps",
        ],
    );
    w.env(O, "shop-prod", &[]);
    w.env(O, "shop-dev", &[]);
    w
}

/// What the suggestion "removes" is what the member can no longer do: a held policy
/// whose methods the suggested role still grants through a custom policy of its own is
/// not taken away, and is not listed.
#[test]
fn least_privilege_removes_only_policies_the_suggestion_no_longer_grants() {
    let mut w = base();
    w.ok(
        O,
        Command::AddPolicy {
            name: "Watch".into(),
            methods: vec!["env.control.GetLogs".into(), "env.control.GetStats".into()],
            description: None,
        },
    );
    w.role(O, "Watcher", &["Watch"]);
    w.member(O, M, &["envs=Developer"]);
    w.ok(M, env_do("shop-prod", "logs"));
    w.ok(M, env_do("shop-prod", "stats"));
    let r = run_review(&mut w, 1, 90);
    let prod = least_privilege_of(&r, M, "shop-prod");
    assert_eq!(list(prod, "suggested_roles"), vec!["Watcher"]);
    // logs.view and stats.view are not in Watcher, but Watch grants their methods.
    assert_eq!(
        list(prod, "removes"),
        vec!["deploy.apps", "env.startstop", "fs.view"]
    );
}

#[test]
fn least_privilege_suggests_the_smallest_covering_roles_and_only_when_smaller() {
    let mut w = base();
    w.member(O, M, &["envs=Developer"]);
    w.member(O, N, &["envs=Logs"]);
    w.ok(M, env_do("shop-prod", "logs"));
    w.ok(M, env_do("shop-prod", "stats"));
    w.ok(M, env_do("shop-dev", "stop"));
    w.ok(N, env_do("shop-prod", "logs"));
    let r = run_review(&mut w, 1, 90);
    let prod = least_privilege_of(&r, M, "shop-prod");
    assert_eq!(prod.severity, Severity::Warn);
    assert_eq!(list(prod, "used"), vec!["logs", "stats"]);
    assert_eq!(list(prod, "suggested_roles"), vec!["Viewer"]);
    assert_eq!(list(prod, "removes"), vec!["deploy.apps", "env.startstop"]);
    assert_eq!(
        prod.fix.as_deref(),
        Some("collab --as owner@acme.io share set shop-prod --member mia@acme.io --role Viewer")
    );
    assert!(
        prod.message.contains(
            "holds Developer (5 policies) on shop-prod and used 2 (logs, stats): Viewer covers them"
        ),
        "{}",
        prod.message
    );
    // stop needs env.startstop: only Developer grants it, so nothing smaller exists.
    let f = of_kind(&r, "least_privilege");
    assert!(!f.iter().any(|f| f.env.as_deref() == Some("shop-dev")));
    // noah holds exactly what it used.
    assert!(about(&r, "least_privilege", N).is_none());
    // Outside the window, the use does not count.
    let later = run_review(&mut w, 200, 90);
    assert!(of_kind(&later, "least_privilege").is_empty());
}

/// A method used many times, interleaved with other members' and other environments'
/// tasks, is one use: each member's uses are gathered apart and their repeats dropped.
#[test]
fn a_method_used_many_times_among_others_tasks_counts_once() {
    let mut w = base();
    w.member(O, M, &["envs=Developer"]);
    w.member(O, N, &["envs=Developer"]);
    for _ in 0..3 {
        w.ok(M, env_do("shop-prod", "logs"));
        w.ok(N, env_do("shop-dev", "stats"));
        w.ok(M, env_do("shop-dev", "logs"));
        w.ok(M, env_do("shop-prod", "stats"));
        w.ok(N, env_do("shop-prod", "logs"));
    }
    let r = run_review(&mut w, 1, 90);
    for (member, env, used, roles) in [
        (M, "shop-prod", vec!["logs", "stats"], vec!["Viewer"]),
        (M, "shop-dev", vec!["logs"], vec!["Logs"]),
        (N, "shop-prod", vec!["logs"], vec!["Logs"]),
        (N, "shop-dev", vec!["stats"], vec!["Viewer"]),
    ] {
        let f = least_privilege_of(&r, member, env);
        assert_eq!(list(f, "used"), used, "{member} on {env}");
        assert_eq!(list(f, "suggested_roles"), roles, "{member} on {env}");
    }
    assert_eq!(of_kind(&r, "least_privilege").len(), 4);
}

#[test]
fn denied_tasks_are_not_use() {
    let mut w = base();
    w.member(O, M, &["envs=Developer"]);
    let _ = w.run(M, env_do("shop-prod", "delete"));
    let r = run_review(&mut w, 1, 90);
    assert!(of_kind(&r, "least_privilege").is_empty());
    assert!(
        about(&r, "dormant_member", M).is_some(),
        "a denied attempt is not activity"
    );
}

#[test]
fn dormant_members_are_active_ones_with_nothing_done_in_the_window() {
    let mut w = base();
    w.member(O, M, &["envs=Viewer"]);
    w.member(O, N, &["envs=Viewer"]);
    w.invite(O, X, &["envs=Viewer"]);
    w.ok(N, env_do("shop-prod", "logs"));
    let r = run_review(&mut w, 10, 30);
    let d = about(&r, "dormant_member", M).expect("mia did nothing");
    assert_eq!(
        d.fix.as_deref(),
        Some("collab --as owner@acme.io member suspend mia@acme.io")
    );
    assert!(matches!(d.facts.get("last_activity"), Some(Fact::Text(t)) if t == "never"));
    assert!(
        about(&r, "dormant_member", N).is_none(),
        "noah used it 10 days ago"
    );
    assert!(
        about(&r, "dormant_member", X).is_none(),
        "xena is pending, not active"
    );
    let r = run_review(&mut w, 40, 30);
    assert!(
        about(&r, "dormant_member", N).is_some(),
        "40 days later noah is dormant too"
    );
}

#[test]
fn stale_invitations_are_pending_for_more_than_the_window() {
    let mut w = base();
    w.invite(O, M, &["envs=Viewer"]);
    let r = run_review(&mut w, 29, 30);
    assert!(about(&r, "stale_invitation", M).is_none());
    let r = run_review(&mut w, 31, 30);
    let s = about(&r, "stale_invitation", M).expect("31 days pending");
    assert_eq!(
        s.fix.as_deref(),
        Some("collab --as owner@acme.io member resend mia@acme.io")
    );
    assert!(s.message.contains("member remove mia@acme.io"));
    w.respond(M, O, Response::Accept);
    let r = run_review(&mut w, 31, 30);
    assert!(about(&r, "stale_invitation", M).is_none(), "accepted");
}

#[test]
fn delegates_stronger_grants_and_transfers() {
    let mut w = base();
    w.role(O, "Lead", &["collaboration.manage", "logs.view"]);
    w.role(O, "Mover", &["env.transfer", "logs.view"]);
    w.member(O, M, &["env:shop-prod=Lead"]);
    w.member(O, N, &["envs=Viewer", "env:shop-dev=Mover"]);
    let r = run_review(&mut w, 0, 90);
    let d = about(&r, "delegate", M).expect("mia delegates on shop-prod");
    assert_eq!(d.severity, Severity::Info);
    assert_eq!(list(d, "sample"), vec!["shop-prod"]);
    let s = about(&r, "delegate_can_grant_stronger", M).expect("Lead is weaker than others");
    assert_eq!(s.severity, Severity::Risk);
    assert_eq!(
        list(s, "stronger_roles"),
        vec!["Developer", "Mover", "Viewer"]
    );
    assert_eq!(
        s.fix.as_deref(),
        Some("collab --as owner@acme.io member edit mia@acme.io --share env:shop-prod")
    );
    assert!(about(&r, "delegate", N).is_none());
    let t = about(&r, "can_transfer", N).expect("noah may transfer shop-dev");
    assert_eq!(list(t, "sample"), vec!["shop-dev"]);
    assert_eq!(
        t.fix.as_deref(),
        Some(
            "collab --as owner@acme.io member edit noah@acme.io --share envs=Viewer --share env:shop-dev"
        )
    );
    assert!(about(&r, "can_transfer", M).is_none());
    // A delegate holding every policy can grant nothing stronger than its own.
    w.role(O, "Admin", &every_policy());
    w.set_shares(O, M, &["env:shop-prod=Admin"]);
    let r = run_review(&mut w, 0, 90);
    assert!(about(&r, "delegate", M).is_some());
    assert!(about(&r, "delegate_can_grant_stronger", M).is_none());
    // A suspended delegate holds nothing.
    w.member_op(O, M, MemberOp::Suspend);
    let r = run_review(&mut w, 0, 90);
    assert!(about(&r, "delegate", M).is_none());
}

/// Found by a hostile pass. The stronger-roles finding counted every environment
/// where the member delegates, also those where it holds the strongest role, and it
/// missed an account-wide delegate whose own roles are weaker in a group. An
/// account-wide delegate manages every member everywhere, so it may grant there any
/// role stronger than its own. The finding counts and names only the environments
/// where some role exceeds the member's own.
#[test]
fn grants_stronger_than_its_own_are_counted_where_they_are_stronger() {
    let mut w = base();
    w.role(O, "Admin", &every_policy());
    w.role(O, "Lead", &["collaboration.manage", "logs.view"]);
    w.ok(
        O,
        Command::AddGroup {
            owner: None,
            path: "Side".into(),
        },
    );
    w.env(O, "side-a", &["Side"]);
    w.env(O, "side-b", &["Side"]);
    // Mia delegates with Admin on shop-prod (nothing is stronger) and with Lead on
    // shop-dev (weaker than the others).
    w.member(O, M, &["env:shop-prod=Admin", "env:shop-dev=Lead"]);
    let r = run_review(&mut w, 0, 90);
    let d = about(&r, "delegate", M).unwrap();
    assert_eq!(list(d, "sample"), vec!["shop-dev", "shop-prod"]);
    let s = about(&r, "delegate_can_grant_stronger", M).unwrap();
    assert_eq!(s.facts.get("environments"), Some(&Fact::Count(1)));
    assert_eq!(list(s, "sample"), vec!["shop-dev"]);
    // Noah is an account-wide delegate (Admin in the Environments entry) who holds
    // only Viewer in group Side: there it may grant Admin, stronger than its own.
    w.member(O, N, &["envs=Admin", "group:Side=Viewer"]);
    let r = run_review(&mut w, 0, 90);
    let s = about(&r, "delegate_can_grant_stronger", N).expect("Admin over Viewer in Side");
    assert_eq!(list(s, "sample"), vec!["side-a", "side-b"]);
    assert!(list(s, "stronger_roles").contains(&"Admin".to_string()));
    assert_eq!(
        s.facts.get("account_wide"),
        Some(&Fact::Text("true".into()))
    );
    assert!(
        s.message.contains("as an account-wide delegate"),
        "{}",
        s.message
    );
}

/// A fix lists the member's entries as `member list` does, by kind and then by path
/// or name, not in the order the groups were made (found by a hostile pass).
#[test]
fn a_fix_lists_the_entries_by_path_as_member_list_does() {
    let mut w = base();
    w.role(O, "Lead", &["collaboration.manage", "logs.view"]);
    for path in ["Zeta", "Alpha", "Alpha/Beta"] {
        w.ok(
            O,
            Command::AddGroup {
                owner: None,
                path: path.into(),
            },
        );
    }
    w.env(O, "in-zeta", &["Zeta"]);
    w.env(O, "in-beta", &["Alpha/Beta"]);
    w.member(
        O,
        M,
        &[
            "env:shop-prod=Lead",
            "group:Zeta=Lead",
            "group:Alpha/Beta=Lead",
            "group:Alpha=Viewer",
            "envs=Viewer",
        ],
    );
    let r = run_review(&mut w, 0, 90);
    let s = about(&r, "delegate_can_grant_stronger", M).unwrap();
    assert_eq!(
        s.fix.as_deref(),
        Some(
            "collab --as owner@acme.io member edit mia@acme.io --share envs=Viewer \
             --share group:Alpha=Viewer --share group:Alpha/Beta --share group:Zeta \
             --share env:shop-prod"
        )
    );
}

#[test]
fn leftovers_unused_and_duplicate_roles() {
    let mut w = base();
    w.role(O, "Reader", &["fs.view", "logs.view", "stats.view"]);
    w.ok(
        O,
        collab::engine::Command::AddPolicy {
            name: "Ship".into(),
            methods: vec!["env.deployment.Deploy".into()],
            description: None,
        },
    );
    w.member(O, M, &["envs=Viewer"]);
    w.member(O, N, &["envs=Logs"]);
    w.member(O, X, &["env:shop-dev=Developer"]);
    w.member_op(O, M, MemberOp::Suspend);
    w.respond(N, O, Response::Leave);
    let r = run_review(&mut w, 0, 90);
    let m = about(&r, "leftover_shares", M).expect("suspended with shares");
    assert_eq!(m.severity, Severity::Info);
    let n = about(&r, "leftover_shares", N).expect("left with shares");
    assert_eq!(n.severity, Severity::Warn);
    assert_eq!(
        n.fix.as_deref(),
        Some("collab --as owner@acme.io member remove noah@acme.io")
    );
    assert!(about(&r, "leftover_shares", X).is_none(), "active");
    let unused: Vec<&str> = of_kind(&r, "unused_role")
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(unused, vec!["role Reader is in no member's share entries"]);
    let p = of_kind(&r, "unused_policy");
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].fix.as_deref(),
        Some("collab --as owner@acme.io policy delete Ship")
    );
    let dup = of_kind(&r, "duplicate_roles");
    assert_eq!(dup.len(), 1);
    assert_eq!(list(dup[0], "roles"), vec!["Reader", "Viewer"]);
    // Once used, the custom policy and the role are no longer findings.
    w.ok(
        O,
        collab::engine::Command::AddRole {
            name: "Shipper".into(),
            policies: vec!["Ship".into()],
            description: None,
            notify: false,
        },
    );
    w.set_shares(
        O,
        X,
        &["env:shop-dev=Developer", "env:shop-prod=Reader+Shipper"],
    );
    let r = run_review(&mut w, 0, 90);
    assert!(of_kind(&r, "unused_policy").is_empty());
    assert!(of_kind(&r, "unused_role").is_empty());
}

#[test]
fn broad_grants_are_all_environments_entries_with_delete_transfer_or_billing() {
    let mut w = base();
    w.role(O, "Janitor", &["env.delete", "logs.view"]);
    w.role(O, "Payer", &["billing.view"]);
    w.member(O, M, &["envs=Janitor+Viewer", "env:shop-dev=Developer"]);
    w.member(O, N, &["envs=Viewer", "env:shop-prod=Payer"]);
    let r = run_review(&mut w, 0, 90);
    let b = about(&r, "broad_grant", M).expect("Janitor on every environment");
    assert_eq!(b.severity, Severity::Risk);
    assert_eq!(list(b, "policies"), vec!["env.delete"]);
    assert_eq!(
        b.fix.as_deref(),
        Some(
            "collab --as owner@acme.io member edit mia@acme.io --share envs=Viewer --share env:shop-dev=Developer"
        )
    );
    assert!(
        about(&r, "broad_grant", N).is_none(),
        "billing only on one environment"
    );
    w.set_shares(O, N, &["envs=Payer"]);
    let r = run_review(&mut w, 0, 90);
    assert_eq!(
        list(about(&r, "broad_grant", N).unwrap(), "policies"),
        vec!["billing.view"]
    );
}

#[test]
fn findings_are_sorted_by_severity_and_counted() {
    let mut w = base();
    w.role(O, "Janitor", &["env.delete"]);
    w.member(O, M, &["envs=Janitor"]);
    let r = run_review(&mut w, 0, 90);
    let sev: Vec<Severity> = r.findings.iter().map(|f| f.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(sev, sorted);
    assert_eq!(r.worst(), Some(Severity::Risk));
    for s in [Severity::Info, Severity::Warn, Severity::Risk] {
        let n = r.findings.iter().filter(|f| f.severity == s).count();
        assert_eq!(r.counts.of(s), n, "{s:?}");
    }
}

// ----- the suggested set: exact, against brute force ---------------------------------

fn brute_force(used: &MethodSet, roles: &[Candidate<'_>]) -> Option<(usize, usize, Vec<String>)> {
    let n = roles.len();
    let mut best: Option<(usize, usize, Vec<String>)> = None;
    for mask in 0u32..(1 << n) {
        let chosen: Vec<&Candidate<'_>> = (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| &roles[i])
            .collect();
        let mut granted = MethodSet::default();
        for c in &chosen {
            granted.union_with(&c.methods);
        }
        if !used.is_subset(&granted) {
            continue;
        }
        let mut names: Vec<String> = chosen.iter().map(|c| c.name.to_string()).collect();
        names.sort_by(|a, b| collab::engine::cmp_ci(a, b));
        let key = (chosen.len(), granted.len(), names);
        let wins = best.as_ref().is_none_or(|b| {
            (key.0, key.1)
                .cmp(&(b.0, b.1))
                .then_with(|| {
                    key.2
                        .iter()
                        .zip(&b.2)
                        .map(|(x, y)| collab::engine::cmp_ci(x, y))
                        .find(|o| o.is_ne())
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .is_lt()
        });
        if wins {
            best = Some(key);
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn the_suggested_set_is_minimal_and_covers_exactly_the_use(
        roles in prop::collection::vec(prop::collection::btree_set(0u16..12, 1..6), 1..9),
        used in prop::collection::btree_set(0u16..12, 0..5),
    ) {
        let names: Vec<String> = (0..roles.len()).map(|i| format!("R{i}")).collect();
        let candidates: Vec<Candidate<'_>> = roles
            .iter()
            .zip(&names)
            .map(|(m, n)| Candidate { name: n, methods: MethodSet::of(m.iter().map(|x| MethodId(*x))) })
            .collect();
        let used_set = MethodSet::of(used.iter().map(|x| MethodId(*x)));
        let got = minimal_cover(&used_set, &candidates);
        let want = brute_force(&used_set, &candidates);
        match (got, want) {
            (None, None) => {}
            (Some(chosen), Some((count, size, want_names))) => {
                let mut granted = MethodSet::default();
                for i in &chosen {
                    granted.union_with(&candidates[*i].methods);
                }
                prop_assert!(used_set.is_subset(&granted), "covers what was used");
                prop_assert_eq!(chosen.len(), count, "fewest roles");
                prop_assert_eq!(granted.len(), size, "fewest methods among the shortest");
                let mut got_names: Vec<String> = chosen.iter().map(|i| names[*i].clone()).collect();
                got_names.sort_by(|a, b| collab::engine::cmp_ci(a, b));
                prop_assert_eq!(got_names, want_names);
            }
            (g, w) => prop_assert!(false, "search {g:?} vs brute force {w:?}"),
        }
    }
}

// ----- the command line ----------------------------------------------------------------

#[test]
fn cli_review_json_shape_and_fail_on() {
    use serde_json::{Value, json};
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_collab"))
            .arg("--state")
            .arg(&state)
            .args(args)
            .env_remove("COLLAB_AS")
            .env_remove("COLLAB_STATE")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    assert!(run(&["init", "--demo"]).status.success());
    let at = ["--now", "2026-03-10T00:00:00Z"];
    let out = run(&[&["review", "--owner", "olga@acme.io", "--json"], &at[..]].concat());
    assert_eq!(out.status.code(), Some(0), "no --fail-on: a report");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The counts in the contract's order (a parsed Value would sort its keys).
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let counts = &text[text.find("\"counts\"").unwrap()..text.find("\"findings\"").unwrap()];
    let place = |k: &str| counts.find(k).unwrap();
    assert!(
        place("\"info\"") < place("\"warn\"") && place("\"warn\"") < place("\"risk\""),
        "{counts}"
    );
    assert_eq!(v["owner"], json!("olga@acme.io"));
    assert_eq!(v["now"], json!("2026-03-10T00:00:00Z"));
    assert_eq!(v["days"], json!(90));
    let findings = v["findings"].as_array().unwrap();
    for f in findings {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            vec![
                "env", "facts", "fix", "kind", "member", "message", "severity"
            ]
        );
        assert!(["info", "warn", "risk"].contains(&f["severity"].as_str().unwrap()));
        assert!(
            f["fix"].is_null()
                || f["fix"].as_str().unwrap().starts_with(&format!(
                    "collab --state {} --as olga@acme.io ",
                    state.display()
                ))
        );
    }
    let lp = findings
        .iter()
        .find(|f| f["kind"] == "least_privilege" && f["member"] == "maria@acme.io")
        .expect("maria on billing-db");
    assert_eq!(lp["facts"]["suggested_roles"], json!(["Accountant"]));
    assert_eq!(
        usize::try_from(v["counts"]["risk"].as_u64().unwrap()).unwrap(),
        findings.iter().filter(|f| f["severity"] == "risk").count()
    );
    assert_eq!(
        run(&[
            &["review", "--owner", "olga@acme.io", "--fail-on", "risk"],
            &at[..]
        ]
        .concat())
        .status
        .code(),
        Some(1)
    );
    // nikolai's account has no risk.
    let nik = run(&[
        &["review", "--owner", "nikolai@globex.io", "--json"],
        &at[..],
    ]
    .concat());
    let nv: Value = serde_json::from_slice(&nik.stdout).unwrap();
    let worst = nv["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap().to_string())
        .collect::<Vec<_>>();
    let code = run(&[
        &[
            "review",
            "--owner",
            "nikolai@globex.io",
            "--fail-on",
            "risk",
        ],
        &at[..],
    ]
    .concat())
    .status
    .code();
    assert_eq!(code, Some(i32::from(worst.iter().any(|s| s == "risk"))));
    // --as: the owner itself only.
    let other = run(&[
        &["--as", "anna@acme.io", "review", "--owner", "olga@acme.io"],
        &at[..],
    ]
    .concat());
    assert_eq!(other.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&other.stderr).contains("PERMISSION_DENIED"));
    assert_eq!(
        run(&["review"]).status.code(),
        Some(2),
        "no owner: a usage error"
    );
    assert_eq!(
        run(&["review", "--owner", "olga@acme.io", "--now", "yesterday"])
            .status
            .code(),
        Some(2)
    );
    let human = run(&[&["review", "--owner", "olga@acme.io"], &at[..]].concat());
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("RISK broad_grant boris@acme.io"), "{text}");
    assert!(
        text.contains(&format!(
            "fix              collab --state {} --as olga@acme.io",
            state.display()
        )),
        "{text}"
    );
}

/// A fix is a shell line: names with spaces and quotes are quoted so that `sh` hands
/// the command line each word whole, and running the line does what the finding says.
#[test]
fn a_fix_runs_as_written_in_a_shell_with_quotes_and_spaces_in_its_names() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let bin = env!("CARGO_BIN_EXE_collab");
    let run = |actor: &str, args: &[&str]| {
        let mut cmd = std::process::Command::new(bin);
        cmd.args(args)
            .env("COLLAB_STATE", &state)
            .env("NO_COLOR", "1")
            .env_remove("COLLAB_AS");
        if !actor.is_empty() {
            cmd.env("COLLAB_AS", actor);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success() || args[0] == "review",
            "{args:?}: {out:?}"
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let o = "owner@acme.io";
    // The operator (no acting account) makes the accounts.
    run("", &["init"]);
    run("", &["account", "add", o]);
    run("", &["account", "add", "mia@acme.io"]);
    run(o, &["group", "add", "Ops 'core'"]);
    run(o, &["env", "create", "shop-dev", "--group", "Ops 'core'"]);
    run(o, &["env", "create", "shop-prod"]);
    let lead = ["--policy", "collaboration.manage", "--policy", "logs.view"];
    run(o, &[&["role", "add", "Team Lead"], &lead[..]].concat());
    run(o, &["role", "add", "O'Viewer", "--policy", "logs.view"]);
    run(o, &["role", "add", "Mover", "--policy", "env.transfer"]);
    let shares = [
        "--share",
        "group:Ops 'core'=Team Lead+O'Viewer",
        "--share",
        "env:shop-prod=O'Viewer",
    ];
    run(
        o,
        &[&["member", "invite", "mia@acme.io"], &shares[..]].concat(),
    );
    run("mia@acme.io", &["accept", o]);
    let fix_of = |kind: &str| -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(&run(o, &["review", "--json"])).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == kind)
            .map(|f| f["fix"].as_str().unwrap().to_string())
    };
    let fix = fix_of("delegate_can_grant_stronger").expect("Mover is stronger than Team Lead");
    // The reviewed file is not the default one: the fix names it.
    assert_eq!(
        fix,
        format!(
            r"collab --state {} --as owner@acme.io member edit mia@acme.io --share 'group:Ops '\''core'\''=O'\''Viewer' --share 'env:shop-prod=O'\''Viewer'",
            state.display()
        )
    );
    // The line as a shell runs it, with this build's binary for `collab`, and nothing
    // but the line to say which file: the default one is elsewhere.
    let line = fix.strip_prefix("collab ").unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("\"$COLLAB_BIN\" {line}"))
        .env("COLLAB_BIN", bin)
        .env_remove("COLLAB_STATE")
        .env("HOME", dir.path().join("home"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("COLLAB_AS")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let shown = run(o, &["member", "show", "mia@acme.io"]);
    let entry = |target: &str| {
        shown
            .lines()
            .find(|l| l.trim_start().starts_with(target))
            .map(|l| l.trim_start()[target.len()..].trim().to_string())
    };
    assert_eq!(
        entry("group:Ops 'core'").as_deref(),
        Some("O'Viewer"),
        "{shown}"
    );
    assert_eq!(
        entry("env:shop-prod").as_deref(),
        Some("O'Viewer"),
        "{shown}"
    );
    assert_eq!(
        fix_of("delegate_can_grant_stronger"),
        None,
        "the finding is gone"
    );
}

/// Names may start with `-` (created after `--`). A fix naming one writes it where
/// the command line reads it as a name: after `--`, or as `--flag=VALUE`; run by a
/// shell as written, each fix is accepted.
#[test]
fn a_fix_naming_something_that_starts_with_a_dash_runs_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let bin = env!("CARGO_BIN_EXE_collab");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .env("COLLAB_STATE", &state)
            .env("NO_COLOR", "1")
            .env_remove("COLLAB_AS")
            .output()
            .unwrap();
        assert!(
            out.status.success() || args.contains(&"review"),
            "{args:?}: {out:?}"
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let o = "-owner@acme.io";
    let as_o = "--as=-owner@acme.io";
    run(&["init"]);
    for a in [o, "-mia@acme.io", "-kim@acme.io"] {
        run(&["account", "add", "--", a]);
    }
    run(&[as_o, "role", "add", "--policy", "logs.view", "--", "-Z"]);
    run(&[as_o, "role", "add", "--policy", "logs.view", "--", "Keep"]);
    let start = ["--method", "env.control.StartEnv", "--", "-P"];
    run(&[&[as_o, "policy", "add"], &start[..]].concat());
    // Mia left with an entry (a leftover); Kim's invitation is left pending (stale).
    run(&[
        as_o,
        "member",
        "invite",
        "--share",
        "envs=Keep",
        "--",
        "-mia@acme.io",
    ]);
    run(&["--as=-mia@acme.io", "accept", "--", o]);
    run(&["--as=-mia@acme.io", "leave", "--", o]);
    run(&[as_o, "member", "invite", "--", "-kim@acme.io"]);
    let review = run(&[as_o, "review", "--json", "--now", "2099-01-01T00:00:00Z"]);
    let v: serde_json::Value = serde_json::from_str(&review).unwrap();
    let fixes: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["fix"].as_str().map(str::to_string))
        .collect();
    let on = format!("collab --state {}", state.display());
    for expected in [
        "--as=-owner@acme.io role delete -- -Z",
        "--as=-owner@acme.io policy delete -- -P",
        "--as=-owner@acme.io member remove -- -mia@acme.io",
        "--as=-owner@acme.io member resend -- -kim@acme.io",
    ] {
        let expected = format!("{on} {expected}");
        assert!(fixes.contains(&expected), "{expected}: {fixes:#?}");
    }
    // Every fix, as a shell runs it (a dry run: they would undo each other's subject).
    for fix in &fixes {
        let line = fix.strip_prefix("collab ").unwrap();
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("\"$COLLAB_BIN\" --dry-run {line}"))
            .env("COLLAB_BIN", bin)
            .env("COLLAB_STATE", &state)
            .env_remove("COLLAB_AS")
            .output()
            .unwrap();
        assert!(out.status.success(), "{fix}: {out:?}");
    }
}
