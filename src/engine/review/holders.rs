//! Findings about powerful holdings: delegates (collaboration.manage) and where they
//! delegate, delegates able to grant roles stronger than their own, and members able
//! to transfer the owner's environments away.
//!
//! Only members with an entry carrying such a role are walked (one pass over the
//! owner's environments each), and each distinct effective role set is judged once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Ctx, Fact, Finding, Severity};
use crate::engine::access::{cmp_ci, system_policy};
use crate::engine::authorize::COLLABORATION_MANAGE;
use crate::engine::catalogue::Catalogue;
use crate::engine::model::{Collaboration, EnvId, RoleId, RoleList};
use crate::engine::platform::Platform;

/// The most environments a finding names; the facts count them all.
const SAMPLE: usize = 10;

/// What one effective role set allows, for the checks here.
#[derive(Clone, Default)]
struct Judged {
    delegate: bool,
    transfer: bool,
    /// The owner's roles granting something this set does not.
    stronger: Vec<RoleId>,
}

/// How many environments, and the names of the first `SAMPLE` by name (picked
/// without sorting or copying the names of all of them).
fn sample(p: &Platform, mut envs: Vec<EnvId>) -> (u64, Vec<String>) {
    let count = envs.len() as u64;
    let by_name = |a: &EnvId, b: &EnvId| cmp_ci(&p.env(*a).name, &p.env(*b).name);
    if envs.len() > SAMPLE {
        envs.select_nth_unstable_by(SAMPLE, by_name);
        envs.truncate(SAMPLE);
    }
    envs.sort_by(by_name);
    (count, envs.iter().map(|e| p.env(*e).name.clone()).collect())
}

pub(super) fn delegates_and_transfers(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let p = ctx.p;
    let manage = system_policy(COLLABORATION_MANAGE);
    let transfer = Catalogue::get().method("env.control.SendTransferRequest");
    let manage_roles: BTreeSet<RoleId> = ctx
        .role_methods
        .keys()
        .copied()
        .filter(|r| p.role(*r).policies.contains(&manage))
        .collect();
    let transfer_roles: BTreeSet<RoleId> = ctx
        .role_methods
        .keys()
        .copied()
        .filter(|r| transfer.is_some_and(|m| p.roles_grant(&[*r], m)))
        .collect();
    for c in p.collabs_of_owner(ctx.owner) {
        let rec = p.collab(c);
        let carries = |set: &BTreeSet<RoleId>| {
            rec.shares
                .values()
                .any(|rs| rs.iter().any(|r| set.contains(r)))
        };
        if !rec.is_active() || !(carries(&manage_roles) || carries(&transfer_roles)) {
            continue;
        }
        let mut judged: HashMap<RoleList, Judged> = HashMap::new();
        let (mut delegate_envs, mut transfer_envs) = (Vec::new(), Vec::new());
        let mut stronger: BTreeSet<RoleId> = BTreeSet::new();
        for (e, a) in p.reachable(rec) {
            if !judged.contains_key(&a.roles) {
                let j = judge(ctx, &a.roles, &manage_roles, &transfer_roles);
                judged.insert(a.roles.clone(), j);
            }
            let Some(j) = judged.get(&a.roles) else {
                continue;
            };
            if j.delegate {
                delegate_envs.push(e);
            }
            if j.transfer {
                transfer_envs.push(e);
            }
        }
        // Every judged set was met on some environment: the union of what the
        // delegating ones could grant is the union over their environments.
        for j in judged.values().filter(|j| j.delegate) {
            stronger.extend(j.stronger.iter().copied());
        }
        push_findings(
            ctx,
            rec,
            delegate_envs,
            transfer_envs,
            &stronger,
            (&manage_roles, &transfer_roles),
            out,
        );
    }
}

fn judge(
    ctx: &Ctx<'_>,
    roles: &[RoleId],
    manage: &BTreeSet<RoleId>,
    transfer: &BTreeSet<RoleId>,
) -> Judged {
    let delegate = roles.iter().any(|r| manage.contains(r));
    let own = ctx.methods_of(roles);
    Judged {
        delegate,
        transfer: roles.iter().any(|r| transfer.contains(r)),
        stronger: if delegate {
            ctx.role_methods
                .iter()
                .filter(|(_, m)| !m.is_subset(&own))
                .map(|(r, _)| *r)
                .collect()
        } else {
            Vec::new()
        },
    }
}

fn push_findings(
    ctx: &Ctx<'_>,
    rec: &Collaboration,
    delegate_envs: Vec<EnvId>,
    transfer_envs: Vec<EnvId>,
    stronger: &BTreeSet<RoleId>,
    (manage_roles, transfer_roles): (&BTreeSet<RoleId>, &BTreeSet<RoleId>),
    out: &mut Vec<Finding>,
) {
    let p = ctx.p;
    let email = ctx.email(rec.member);
    if !delegate_envs.is_empty() {
        let account_wide = p.is_account_wide_delegate(rec.member, ctx.owner);
        let (count, envs) = sample(p, delegate_envs);
        let place = if account_wide {
            format!("account-wide (the Environments entry), effective on {count} environments")
        } else {
            format!(
                "on {count} environment{}: {}",
                if count == 1 { "" } else { "s" },
                envs.join(", ")
            )
        };
        out.push(Finding {
            severity: Severity::Info,
            kind: "delegate",
            member: Some(email.clone()),
            env: None,
            message: format!("{email} holds {COLLABORATION_MANAGE} {place}"),
            facts: BTreeMap::from([
                ("account_wide", Fact::Text(account_wide.to_string())),
                ("environments", Fact::Count(count)),
                ("sample", Fact::List(envs.clone())),
            ]),
            fix: None,
        });
        if !stronger.is_empty() {
            let ids: Vec<RoleId> = stronger.iter().copied().collect();
            let names = ctx.role_names(&ids);
            out.push(Finding {
                severity: Severity::Risk,
                kind: "delegate_can_grant_stronger",
                member: Some(email.clone()),
                env: None,
                message: format!(
                    "{email} delegates on {count} environment{} and may grant roles stronger than its own there: {}",
                    if count == 1 { "" } else { "s" },
                    names.join(", ")
                ),
                facts: BTreeMap::from([
                    ("stronger_roles", Fact::List(names)),
                    ("environments", Fact::Count(count)),
                    ("sample", Fact::List(envs)),
                ]),
                fix: Some(ctx.shares_without(rec, |r| manage_roles.contains(&r))),
            });
        }
    }
    if !transfer_envs.is_empty() {
        let (count, envs) = sample(p, transfer_envs);
        out.push(Finding {
            severity: Severity::Risk,
            kind: "can_transfer",
            member: Some(email.clone()),
            env: None,
            message: format!(
                "{email} may transfer {count} of {}'s environments to another account: {}",
                ctx.owner_email,
                envs.join(", ")
            ),
            facts: BTreeMap::from([
                ("environments", Fact::Count(count)),
                ("sample", Fact::List(envs)),
            ]),
            fix: Some(ctx.shares_without(rec, |r| transfer_roles.contains(&r))),
        });
    }
}
