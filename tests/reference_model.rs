//! The engine against a naive reference model of domain.md section 4, on generated
//! platforms.
//!
//! The model below is written from the text of the rules alone: plain structs, plain
//! loops, no indexes, no memoization, nothing shared with `src/engine/access.rs`. Each
//! generated platform (an owner with a random group forest, environments in random
//! groups, roles from random policies, members in every status with random share
//! entries of all four kinds) is built through `Engine::execute`, the one door, and
//! then every (member, environment) pair is compared: level, roles, every method of the
//! catalogue with the grant's naming, and the listings (`access`, `who`, alerts,
//! prices) against `check`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::needless_pass_by_value,
    clippy::single_match_else,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

use std::collections::BTreeSet;

use collab::engine::{
    AccountId, Catalogue, Command, Engine, Level, MemberOp, Response, ShareSpec, Timestamp,
};
use proptest::prelude::*;

// ----- generated input (raw numbers, reduced modulo the sizes when built) -----------

#[derive(Clone, Debug)]
struct GenMember {
    status: usize,
    all_envs: Option<Vec<usize>>,
    all_groups: Option<Vec<usize>>,
    groups: Vec<(usize, Vec<usize>)>,
    envs: Vec<(usize, Vec<usize>)>,
    own_envs: usize,
}

#[derive(Clone, Debug)]
struct GenPlatform {
    /// Per group: `None` a root group, `Some(raw)` a child of an earlier group.
    groups: Vec<Option<usize>>,
    /// Per environment: raw group indices.
    envs: Vec<Vec<usize>>,
    /// Per custom policy: raw method indices.
    customs: Vec<Vec<usize>>,
    /// Per role: raw policy indices and notify.
    roles: Vec<(Vec<usize>, bool)>,
    members: Vec<GenMember>,
}

fn role_list() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..64, 0..=3)
}

fn member_strategy() -> impl Strategy<Value = GenMember> {
    (
        0usize..8,
        prop::option::of(role_list()),
        prop::option::of(role_list()),
        prop::collection::vec((0usize..64, role_list()), 0..4),
        prop::collection::vec((0usize..64, role_list()), 0..5),
        0usize..3,
    )
        .prop_map(
            |(status, all_envs, all_groups, groups, envs, own_envs)| GenMember {
                status,
                all_envs,
                all_groups,
                groups,
                envs,
                own_envs,
            },
        )
}

fn platform_strategy() -> impl Strategy<Value = GenPlatform> {
    (
        prop::collection::vec(prop::option::weighted(0.7, 0usize..64), 0..=12),
        prop::collection::vec(prop::collection::vec(0usize..64, 0..=3), 1..=30),
        prop::collection::vec(prop::collection::vec(0usize..64, 1..=3), 0..=2),
        prop::collection::vec(
            (prop::collection::vec(0usize..64, 1..=3), any::<bool>()),
            1..=8,
        ),
        prop::collection::vec(member_strategy(), 1..=6),
    )
        .prop_map(|(groups, envs, customs, roles, members)| GenPlatform {
            groups,
            envs,
            customs,
            roles,
            members,
        })
}

// ----- the model: plain data ----------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    AllEnvs,
    AllGroups,
    Group(usize),
    Env(usize),
}

struct MGroup {
    path: String,
    parent: Option<usize>,
}

struct MEnv {
    name: String,
    groups: Vec<usize>,
}

struct MPolicy {
    id: String,
    methods: Vec<String>,
}

struct MRole {
    name: String,
    policies: Vec<usize>,
    notify: bool,
}

struct MMember {
    email: String,
    status: &'static str,
    entries: Vec<(Target, Vec<usize>)>,
    own_envs: Vec<String>,
}

struct Model {
    owner: String,
    groups: Vec<MGroup>,
    envs: Vec<MEnv>,
    policies: Vec<MPolicy>,
    customs: Vec<usize>,
    roles: Vec<MRole>,
    members: Vec<MMember>,
}

const ROLE_NAMES: [&str; 8] = [
    "viewer", "Admin", "beta", "Zulu", "delta", "Echo", "foxtrot", "Golf",
];
const CUSTOM_NAMES: [&str; 2] = ["Aa-custom", "logs.zz"];
const STATUSES: [&str; 8] = [
    "active",
    "active",
    "active",
    "active",
    "pending",
    "suspended",
    "left",
    "rejected",
];
const MAX_DEPTH: usize = 5;

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// Deduplicated role indices, reduced modulo the number of roles.
fn role_set(raw: &[usize], n: usize) -> Vec<usize> {
    let set: BTreeSet<usize> = raw.iter().map(|r| r % n).collect();
    set.into_iter().collect()
}

impl Model {
    fn build(g: &GenPlatform) -> Model {
        let cat = Catalogue::get();
        let mut groups: Vec<MGroup> = Vec::new();
        let mut depth: Vec<usize> = Vec::new();
        for (i, raw) in g.groups.iter().enumerate() {
            let parent = match raw {
                Some(r) if i > 0 => {
                    let p = r % i;
                    (depth[p] + 1 < MAX_DEPTH).then_some(p)
                }
                _ => None,
            };
            let name = format!("G{i}");
            let path = match parent {
                Some(p) => format!("{}/{name}", groups[p].path),
                None => name,
            };
            depth.push(parent.map_or(0, |p| depth[p] + 1));
            groups.push(MGroup { path, parent });
        }
        let envs = g
            .envs
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let gs: BTreeSet<usize> = if groups.is_empty() {
                    BTreeSet::new()
                } else {
                    raw.iter().map(|r| r % groups.len()).collect()
                };
                MEnv {
                    name: format!("env-{i}"),
                    groups: gs.into_iter().collect(),
                }
            })
            .collect::<Vec<_>>();
        let mut policies: Vec<MPolicy> = cat
            .policies
            .iter()
            .map(|p| MPolicy {
                id: p.id.clone(),
                methods: p
                    .methods
                    .iter()
                    .map(|m| cat.method_name(*m).to_string())
                    .collect(),
            })
            .collect();
        let system = policies.len();
        let mut customs = Vec::new();
        for (i, raw) in g.customs.iter().enumerate() {
            let methods: BTreeSet<String> = raw
                .iter()
                .map(|r| cat.methods[r % cat.methods.len()].clone())
                .collect();
            customs.push(policies.len());
            policies.push(MPolicy {
                id: CUSTOM_NAMES[i].to_string(),
                methods: methods.into_iter().collect(),
            });
        }
        let roles = g
            .roles
            .iter()
            .enumerate()
            .map(|(i, (raw, notify))| {
                let ps: BTreeSet<usize> = raw
                    .iter()
                    .map(|r| {
                        if *r < 8 && !customs.is_empty() {
                            customs[r % customs.len()]
                        } else {
                            r % system
                        }
                    })
                    .collect();
                MRole {
                    name: ROLE_NAMES[i].to_string(),
                    policies: ps.into_iter().collect(),
                    notify: *notify,
                }
            })
            .collect::<Vec<_>>();
        let nr = roles.len();
        let members = g
            .members
            .iter()
            .enumerate()
            .map(|(i, gm)| {
                let mut entries: Vec<(Target, Vec<usize>)> = Vec::new();
                let mut add = |t: Target, raw: &[usize]| {
                    if !entries.iter().any(|(x, _)| *x == t) {
                        entries.push((t, role_set(raw, nr)));
                    }
                };
                if let Some(r) = &gm.all_envs {
                    add(Target::AllEnvs, r);
                }
                if let Some(r) = &gm.all_groups {
                    add(Target::AllGroups, r);
                }
                if !groups.is_empty() {
                    for (raw, r) in &gm.groups {
                        add(Target::Group(raw % groups.len()), r);
                    }
                }
                for (raw, r) in &gm.envs {
                    add(Target::Env(raw % envs.len()), r);
                }
                MMember {
                    email: format!("m{i}@ref.io"),
                    status: STATUSES[gm.status % STATUSES.len()],
                    entries,
                    own_envs: (0..gm.own_envs).map(|k| format!("m{i}-own-{k}")).collect(),
                }
            })
            .collect();
        Model {
            owner: "owner@ref.io".to_string(),
            groups,
            envs,
            policies,
            customs,
            roles,
            members,
        }
    }

    /// The entry of a member for a target, if there is one (with or without roles).
    fn entry(&self, m: usize, t: Target) -> Option<&Vec<usize>> {
        self.members[m]
            .entries
            .iter()
            .find(|(x, _)| *x == t)
            .map(|(_, r)| r)
    }

    /// The entry's roles when it carries at least one.
    fn roles_at(&self, m: usize, t: Target) -> Option<&Vec<usize>> {
        self.entry(m, t).filter(|r| !r.is_empty())
    }

    /// Section 4, as configured (whatever the status).
    fn configured(&self, m: usize, e: usize) -> (Level, BTreeSet<usize>) {
        // 1. direct: the entry for E itself, if it carries at least one role.
        if let Some(r) = self.roles_at(m, Target::Env(e)) {
            return (Level::Direct, r.iter().copied().collect());
        }
        // 2. groups: the union over E's groups of what each group resolves to.
        let mut union = BTreeSet::new();
        for &g in &self.envs[e].groups {
            // Walk from G up through its parents: the first with roles gives them.
            let mut found = None;
            let mut at = Some(g);
            while let Some(x) = at {
                if let Some(r) = self.roles_at(m, Target::Group(x)) {
                    found = Some(r);
                    break;
                }
                at = self.groups[x].parent;
            }
            match found {
                Some(r) => union.extend(r.iter().copied()),
                None => {
                    // G counts as shared when G, one of its ancestors, or the all
                    // groups category has a share entry.
                    let mut shared = self.entry(m, Target::AllGroups).is_some();
                    let mut at = Some(g);
                    while let Some(x) = at {
                        if self.entry(m, Target::Group(x)).is_some() {
                            shared = true;
                        }
                        at = self.groups[x].parent;
                    }
                    if shared && let Some(r) = self.entry(m, Target::AllGroups) {
                        union.extend(r.iter().copied());
                    }
                }
            }
        }
        if !union.is_empty() {
            return (Level::Groups, union);
        }
        // 3. base: the roles of the all environments entry.
        if let Some(r) = self.roles_at(m, Target::AllEnvs) {
            return (Level::Base, r.iter().copied().collect());
        }
        (Level::None, BTreeSet::new())
    }

    /// Effective access: nothing unless the collaboration is active.
    fn effective(&self, m: usize, e: usize) -> (Level, BTreeSet<usize>) {
        if self.members[m].status == "active" {
            self.configured(m, e)
        } else {
            (Level::None, BTreeSet::new())
        }
    }

    fn policy_has(&self, p: usize, method: &str) -> bool {
        self.policies[p].methods.iter().any(|m| m == method)
    }

    /// The grant: the first granting role by name, then its first granting policy by id.
    fn grant(&self, roles: &BTreeSet<usize>, method: &str) -> Option<(String, String)> {
        let mut by_name: Vec<usize> = roles.iter().copied().collect();
        by_name.sort_by_key(|r| lower(&self.roles[*r].name));
        for r in by_name {
            let mut ps = self.roles[r].policies.clone();
            ps.sort_by_key(|p| lower(&self.policies[*p].id));
            if let Some(p) = ps.into_iter().find(|p| self.policy_has(*p, method)) {
                return Some((self.roles[r].name.clone(), self.policies[p].id.clone()));
            }
        }
        None
    }

    fn role_names(&self, roles: &BTreeSet<usize>) -> Vec<String> {
        let mut v: Vec<String> = roles.iter().map(|r| self.roles[*r].name.clone()).collect();
        v.sort_by_key(|n| lower(n));
        v
    }

    fn notify(&self, roles: &BTreeSet<usize>) -> bool {
        roles.iter().any(|r| self.roles[*r].notify)
    }

    fn holds_policy(&self, roles: &BTreeSet<usize>, id: &str) -> bool {
        roles.iter().any(|r| {
            self.roles[*r]
                .policies
                .iter()
                .any(|p| self.policies[*p].id == id)
        })
    }

    fn spec(&self, target: Target, roles: &[usize]) -> ShareSpec {
        let t = match target {
            Target::AllEnvs => "envs".to_string(),
            Target::AllGroups => "groups".to_string(),
            Target::Group(g) => format!("group:{}", self.groups[g].path),
            Target::Env(e) => format!("env:{}", self.envs[e].name),
        };
        let raw = if roles.is_empty() {
            t
        } else {
            let names: Vec<&str> = roles.iter().map(|r| self.roles[*r].name.as_str()).collect();
            format!("{t}={}", names.join("+"))
        };
        ShareSpec::parse(&raw).unwrap_or_else(|e| panic!("spec {raw:?}: {e}"))
    }
}

// ----- building the platform through the one door ------------------------------------

struct Built {
    engine: Engine,
    clock: i64,
}

impl Built {
    fn run(&mut self, actor: Option<&str>, cmd: Command) {
        self.clock += 1;
        let a = actor.map(|e| self.id(e));
        let label = cmd.label();
        if let Err(e) = self.engine.execute(a, &cmd, Timestamp(self.clock)) {
            panic!("building: '{label}' refused: {e}");
        }
    }

    fn id(&self, email: &str) -> AccountId {
        self.engine
            .platform()
            .find_account(email)
            .unwrap_or_else(|e| panic!("{email}: {e}"))
    }
}

fn build(model: &Model) -> Engine {
    let mut b = Built {
        engine: Engine::new(),
        clock: 1_780_000_000,
    };
    let o = model.owner.as_str();
    let accounts = std::iter::once(o).chain(model.members.iter().map(|m| m.email.as_str()));
    for email in accounts {
        b.run(
            None,
            Command::AddAccount {
                email: email.into(),
                name: None,
                max_environments: Some(100),
            },
        );
    }
    for g in &model.groups {
        b.run(
            Some(o),
            Command::AddGroup {
                owner: None,
                path: g.path.clone(),
            },
        );
    }
    for e in &model.envs {
        b.run(
            Some(o),
            Command::CreateEnv {
                name: e.name.clone(),
                owner: None,
                groups: e
                    .groups
                    .iter()
                    .map(|g| model.groups[*g].path.clone())
                    .collect(),
                cloudlets: Some(1),
            },
        );
    }
    for &p in &model.customs {
        let pol = &model.policies[p];
        b.run(
            Some(o),
            Command::AddPolicy {
                name: pol.id.clone(),
                methods: pol.methods.clone(),
                description: None,
            },
        );
    }
    for r in &model.roles {
        b.run(
            Some(o),
            Command::AddRole {
                name: r.name.clone(),
                policies: r
                    .policies
                    .iter()
                    .map(|p| model.policies[*p].id.clone())
                    .collect(),
                description: None,
                notify: r.notify,
            },
        );
    }
    for m in &model.members {
        let me = m.email.as_str();
        for own in &m.own_envs {
            b.run(
                Some(me),
                Command::CreateEnv {
                    name: own.clone(),
                    owner: None,
                    groups: vec![],
                    cloudlets: Some(1),
                },
            );
        }
        b.run(
            Some(o),
            Command::InviteMember {
                owner: None,
                email: me.into(),
                name: None,
                shares: m.entries.iter().map(|(t, r)| model.spec(*t, r)).collect(),
            },
        );
        let respond = |response| Command::Respond {
            owner: o.into(),
            response,
        };
        let op = |op| Command::Member {
            owner: None,
            email: me.into(),
            op,
        };
        match m.status {
            "pending" => {}
            "active" => b.run(Some(me), respond(Response::Accept)),
            "suspended" => {
                b.run(Some(me), respond(Response::Accept));
                b.run(Some(o), op(MemberOp::Suspend));
            }
            "left" => {
                b.run(Some(me), respond(Response::Accept));
                b.run(Some(me), respond(Response::Leave));
            }
            "rejected" => b.run(Some(me), respond(Response::Reject)),
            other => panic!("status {other}"),
        }
    }
    b.engine
}

// ----- the comparison ------------------------------------------------------------

fn compare(model: &Model, engine: &Engine) -> Result<(), TestCaseError> {
    let p = engine.platform();
    p.check_invariants().map_err(TestCaseError::fail)?;
    let cat = Catalogue::get();
    let methods: Vec<(&str, _)> = cat
        .methods
        .iter()
        .map(|n| (n.as_str(), cat.method(n).expect("method")))
        .collect();
    let owner = p.find_account(&model.owner).expect("owner");
    let env_ids: Vec<_> = model
        .envs
        .iter()
        .map(|e| p.find_env(&e.name).expect("env"))
        .collect();

    // The owner may call everything on its own environments.
    for &e in &env_ids {
        for &(name, m) in &methods {
            let d = p.check(owner, e, m);
            prop_assert!(d.allowed() && d.level == Level::Owner, "owner: {name}");
        }
    }

    for (mi, mm) in model.members.iter().enumerate() {
        let member = p.find_account(&mm.email).expect("member");
        let collab = p.collab(p.collab_of(owner, member).expect("record"));
        prop_assert_eq!(collab.status.as_str(), mm.status);
        let mut expected_access = Vec::new();
        for own in &mm.own_envs {
            expected_access.push((own.clone(), mm.email.clone(), Level::Owner, vec![]));
            let e = p.find_env(own).expect("own env");
            let d = p.check(member, e, methods[0].1);
            prop_assert!(d.allowed() && d.level == Level::Owner);
            prop_assert!(
                !p.check(owner, e, methods[0].1).allowed(),
                "not the owner's"
            );
        }
        for (ei, me) in model.envs.iter().enumerate() {
            let e = env_ids[ei];
            let ctx = format!("{} on {}", mm.email, me.name);
            let (clevel, croles) = model.configured(mi, ei);
            let (level, roles) = model.effective(mi, ei);

            let ca = p.configured_access(collab, e);
            prop_assert_eq!(ca.level.level(), clevel, "configured level: {}", ctx);
            prop_assert_eq!(
                p.sorted_role_names(&ca.roles),
                model.role_names(&croles),
                "configured roles: {}",
                ctx
            );

            let x = p.explain_row(&p.explain(member, e, None));
            prop_assert_eq!(x.level, level, "level: {}", ctx);
            prop_assert_eq!(&x.roles, &model.role_names(&roles), "roles: {}", ctx);
            prop_assert_eq!(x.notify, model.notify(&roles), "notify: {}", ctx);
            prop_assert_eq!(x.configured_level, clevel, "explain configured: {}", ctx);

            let mut any = false;
            for &(name, m) in &methods {
                let d = p.check(member, e, m);
                let grant = model.grant(&roles, name);
                prop_assert_eq!(d.allowed(), grant.is_some(), "{} may {}", ctx, name);
                prop_assert_eq!(d.level, level, "check level: {} {}", ctx, name);
                let got = p.check_row(&d).granted_by.map(|g| (g.role, g.policy));
                prop_assert_eq!(got, grant, "granted by: {} {}", ctx, name);
                any |= d.allowed();
            }
            // Every role grants something, so "sees it" and "may do something" agree.
            prop_assert_eq!(any, level != Level::None, "visible: {}", ctx);
            if any {
                expected_access.push((
                    me.name.clone(),
                    model.owner.clone(),
                    level,
                    model.role_names(&roles),
                ));
            }
            prop_assert_eq!(
                p.can_see_prices(member, e),
                model.holds_policy(&roles, "billing.view"),
                "prices: {}",
                ctx
            );
        }
        // `access` lists exactly what `check` allows something on, plus its own.
        let mut got: Vec<(String, String, Level, Vec<String>)> = p
            .access_rows(None, member)
            .into_iter()
            .map(|r| {
                (
                    r.env.to_string(),
                    r.owner.to_string(),
                    r.level,
                    owned(&r.roles),
                )
            })
            .collect();
        got.sort();
        expected_access.sort();
        prop_assert_eq!(got, expected_access, "access of {}", mm.email);
    }

    for (ei, me) in model.envs.iter().enumerate() {
        let e = env_ids[ei];
        // `who`: the owner first, then every member `check` allows something, by email.
        let mut expected = vec![(
            model.owner.clone(),
            Level::Owner,
            vec![],
            "owner".to_string(),
        )];
        let mut notified = BTreeSet::from([model.owner.clone()]);
        let mut members: Vec<usize> = (0..model.members.len()).collect();
        members.sort_by_key(|m| model.members[*m].email.clone());
        for mi in members {
            let mm = &model.members[mi];
            let member = p.find_account(&mm.email).expect("member");
            let allows = methods
                .iter()
                .any(|(_, m)| p.check(member, e, *m).allowed());
            let (level, roles) = model.effective(mi, ei);
            if allows {
                let status = mm.status.to_string();
                expected.push((mm.email.clone(), level, model.role_names(&roles), status));
            }
            if model.notify(&roles) {
                notified.insert(mm.email.clone());
            }
        }
        let who: Vec<(String, Level, Vec<String>, String)> = p
            .who_rows(None, e)
            .expect("who")
            .into_iter()
            .map(|r| {
                (
                    r.account.to_string(),
                    r.level,
                    owned(&r.roles),
                    r.status.to_string(),
                )
            })
            .collect();
        prop_assert_eq!(who, expected, "who on {}", me.name);
        let alerted: BTreeSet<String> = p
            .alert_recipients(e)
            .into_iter()
            .map(|a| p.account(a).email.clone())
            .collect();
        prop_assert_eq!(alerted, notified, "alert on {}", me.name);
    }

    // The document round-trips to an identical platform.
    let doc = engine.to_document();
    let again = Engine::from_document(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(again.to_document(), doc);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn engine_agrees_with_the_reference_model(g in platform_strategy()) {
        let model = Model::build(&g);
        let engine = build(&model);
        compare(&model, &engine)?;
    }
}

/// The model itself reproduces the three documented examples, so a disagreement
/// points at the engine, not at a misreading in the model.
#[test]
fn the_model_reproduces_the_documented_examples() {
    let names = |m: &Model, r: &BTreeSet<usize>| m.role_names(r);
    // Roles: 0 viewer, 1 Admin, 2 beta (Developer), 3 Zulu (Accountant).
    let g = GenPlatform {
        groups: vec![None, Some(0), None, Some(2)],
        envs: vec![vec![], vec![0], vec![1, 3]],
        customs: vec![],
        roles: vec![
            (vec![16], false),
            (vec![9], true),
            (vec![12], false),
            (vec![28], false),
        ],
        members: vec![],
    };
    let mut model = Model::build(&g);
    let member = |entries: Vec<(Target, Vec<usize>)>| MMember {
        email: "m@ref.io".into(),
        status: "active",
        entries,
        own_envs: vec![],
    };
    // 1. env-0: no group, no direct share; envs=viewer, groups=Admin → base {viewer}.
    model.members = vec![member(vec![
        (Target::AllEnvs, vec![0]),
        (Target::AllGroups, vec![1]),
    ])];
    let (l, r) = model.effective(0, 0);
    assert_eq!(
        (l, names(&model, &r)),
        (Level::Base, vec!["viewer".to_string()])
    );
    // 2. env-1 in G0 shared with Admin, and directly with viewer → direct {viewer}.
    model.members = vec![member(vec![
        (Target::Env(1), vec![0]),
        (Target::Group(0), vec![1]),
    ])];
    let (l, r) = model.effective(0, 1);
    assert_eq!(
        (l, names(&model, &r)),
        (Level::Direct, vec!["viewer".to_string()])
    );
    // 3. env-2 in G0/G1 (own beta+Zulu, parent Admin) and G2/G3 (both ticked, no
    //    roles), groups=viewer → groups {beta, viewer, Zulu}.
    model.members = vec![member(vec![
        (Target::AllGroups, vec![0]),
        (Target::Group(0), vec![1]),
        (Target::Group(1), vec![2, 3]),
        (Target::Group(2), vec![]),
        (Target::Group(3), vec![]),
    ])];
    let (l, r) = model.effective(0, 2);
    assert_eq!(
        (l, names(&model, &r)),
        (
            Level::Groups,
            vec!["beta".to_string(), "viewer".to_string(), "Zulu".to_string()]
        )
    );
}

/// A row's role names as owned strings, to compare with the model's.
fn owned(roles: &[&str]) -> Vec<String> {
    roles.iter().map(ToString::to_string).collect()
}
