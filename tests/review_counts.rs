//! `review`'s delegate and transfer findings count environments by class (direct
//! entries, environments under group entries, the rest counted from the owner's
//! layout) instead of walking each member's reach. This checks the counting against
//! the plain enumeration of every member's reach on small generated platforms: the
//! counts, the samples of 10 names and the stronger roles, for every owner.
//! `PROPTEST_CASES` runs more cases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use collab::engine::generate::{GenerateSpec, generate};
use collab::engine::review::{Fact, review};
use collab::engine::{
    AccountId, COLLABORATION_MANAGE, Catalogue, Engine, MethodId, Platform, PolicyRef, RoleId,
    Timestamp, cmp_ci, system_policy,
};
use common::cases;
use proptest::prelude::*;

/// What the enumeration finds for one member: (count, sample) where it delegates,
/// where it may transfer, and where it may grant roles stronger than its own there,
/// with those roles' names.
type Expected = (
    Option<(u64, Vec<String>)>,
    Option<(u64, Vec<String>)>,
    Option<(u64, Vec<String>)>,
    Vec<String>,
);

fn methods(p: &Platform, r: RoleId) -> BTreeSet<MethodId> {
    p.role(r)
        .policies
        .iter()
        .flat_map(|pol| match *pol {
            PolicyRef::System(i) => Catalogue::get().policy(i).methods.clone(),
            PolicyRef::Custom(id) => p.custom_policy(id).methods.clone(),
        })
        .collect()
}

fn counted(mut envs: Vec<String>) -> Option<(u64, Vec<String>)> {
    if envs.is_empty() {
        return None;
    }
    envs.sort_by(|a, b| cmp_ci(a, b));
    let n = envs.len() as u64;
    envs.truncate(10);
    Some((n, envs))
}

/// The old way: every active member's whole reach, environment by environment.
fn enumerate(p: &Platform, owner: AccountId) -> BTreeMap<String, Expected> {
    let manage = system_policy(COLLABORATION_MANAGE);
    let transfer = Catalogue::get()
        .method("env.control.SendTransferRequest")
        .unwrap();
    let owner_roles: Vec<RoleId> = p.roles_of(owner).collect();
    let mut out = BTreeMap::new();
    for c in p.collabs_of_owner(owner) {
        let rec = p.collab(c);
        if !rec.is_active() {
            continue;
        }
        let (mut delegate, mut moves, mut exceeded) = (Vec::new(), Vec::new(), Vec::new());
        let mut stronger: BTreeSet<RoleId> = BTreeSet::new();
        // An account-wide delegate may grant any role on every environment.
        let account_wide = p.is_account_wide_delegate(rec.member, owner);
        for (e, a) in p.reachable(rec) {
            let name = p.env(e).name.clone();
            if p.roles_grant(&a.roles, transfer) {
                moves.push(name.clone());
            }
            let delegates = a
                .roles
                .iter()
                .any(|r| p.role(*r).policies.contains(&manage));
            if delegates {
                delegate.push(name.clone());
            }
            if delegates || account_wide {
                let own: BTreeSet<MethodId> = a.roles.iter().flat_map(|r| methods(p, *r)).collect();
                let here: Vec<RoleId> = owner_roles
                    .iter()
                    .copied()
                    .filter(|r| !methods(p, *r).is_subset(&own))
                    .collect();
                if !here.is_empty() {
                    exceeded.push(name);
                    stronger.extend(here);
                }
            }
        }
        let stronger: Vec<RoleId> = stronger.into_iter().collect();
        let email = p.account(rec.member).email.clone();
        let expected = (
            counted(delegate),
            counted(moves),
            counted(exceeded),
            p.sorted_role_names(&stronger),
        );
        if expected.0.is_some() || expected.1.is_some() || expected.2.is_some() {
            out.insert(email, expected);
        }
    }
    out
}

fn found(p: &Platform, owner: AccountId) -> BTreeMap<String, Expected> {
    let r = review(p, owner, Timestamp(1_790_000_000), 90);
    let mut out: BTreeMap<String, Expected> = BTreeMap::new();
    let facts = |f: &collab::engine::review::Finding| {
        let Some(Fact::Count(n)) = f.facts.get("environments") else {
            panic!("no count: {f:?}");
        };
        let Some(Fact::List(s)) = f.facts.get("sample") else {
            panic!("no sample: {f:?}");
        };
        (*n, s.clone())
    };
    for f in &r.findings {
        let Some(member) = f.member.clone() else {
            continue;
        };
        match f.kind {
            "delegate" => out.entry(member).or_default().0 = Some(facts(f)),
            "can_transfer" => out.entry(member).or_default().1 = Some(facts(f)),
            "delegate_can_grant_stronger" => {
                let Some(Fact::List(names)) = f.facts.get("stronger_roles") else {
                    panic!("no roles: {f:?}");
                };
                let entry = out.entry(member).or_default();
                entry.2 = Some(facts(f));
                entry.3.clone_from(names);
            }
            _ => {}
        }
    }
    out
}

fn check(spec: &GenerateSpec) -> usize {
    let doc = generate(spec).unwrap();
    let engine = Engine::from_document(&doc).unwrap();
    let p = engine.platform();
    let mut members = 0;
    for owner in p.account_ids().collect::<Vec<_>>() {
        let want = enumerate(p, owner);
        assert_eq!(
            found(p, owner),
            want,
            "{spec:?}, owner {}",
            p.account(owner).email
        );
        members += want.len();
    }
    members
}

#[test]
fn counting_by_class_matches_the_enumeration_on_a_medium_platform() {
    assert!(
        check(&GenerateSpec::medium(3)) > 0,
        "no delegate or transferer to compare"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(24)))]

    #[test]
    fn counting_by_class_matches_the_enumeration(
        accounts in 1u32..30,
        envs in 1u32..120,
        groups in 0u32..40,
        depth in 1u32..6,
        members_share in 0u32..=100,
        seed in 0u64..1_000_000,
    ) {
        let spec = GenerateSpec {
            accounts,
            envs,
            groups,
            depth,
            members: accounts * members_share / 100,
            seed,
        };
        prop_assume!(spec.validate().is_ok());
        check(&spec);
    }
}
