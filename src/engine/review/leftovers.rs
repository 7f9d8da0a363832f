//! Findings about configuration nobody needs or that reaches too far: inactive records
//! still holding share entries, roles and custom policies nobody uses, roles with
//! identical policy sets, and all-environments entries with delete, transfer or
//! billing policies.

use std::collections::{BTreeMap, BTreeSet};

use super::{Ctx, Fact, Finding, Severity};
use crate::engine::access::{cmp_ci, system_policy};
use crate::engine::model::{CollabStatus, PolicyRef, RoleId, ShareTarget};

/// The policies an all-environments entry should not carry.
const BROAD: [&str; 3] = ["env.delete", "env.transfer", "billing.view"];

pub(super) fn leftovers(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let p = ctx.p;
    let mut used_roles: BTreeSet<RoleId> = BTreeSet::new();
    for c in p.collabs_of_owner(ctx.owner) {
        let rec = p.collab(c);
        used_roles.extend(rec.shares.values().flatten().copied());
        if matches!(rec.status, CollabStatus::Active | CollabStatus::Pending)
            || rec.shares.is_empty()
        {
            continue;
        }
        let email = ctx.email(rec.member);
        out.push(Finding {
            severity: if rec.status == CollabStatus::Suspended {
                Severity::Info
            } else {
                Severity::Warn
            },
            kind: "leftover_shares",
            message: format!(
                "{email} is {} but still holds {} share entr{}; {}",
                rec.status,
                rec.shares.len(),
                if rec.shares.len() == 1 { "y" } else { "ies" },
                if rec.status == CollabStatus::Suspended {
                    "activating it restores them"
                } else {
                    "a re-invitation would restore them once accepted"
                }
            ),
            facts: BTreeMap::from([
                ("status", Fact::Text(rec.status.as_str().to_string())),
                ("entries", Fact::Count(rec.shares.len() as u64)),
                (
                    "shares",
                    Fact::List(
                        p.share_entry_rows(rec)
                            .into_iter()
                            .map(|s| {
                                if s.roles.is_empty() {
                                    s.target
                                } else {
                                    format!("{}={}", s.target, s.roles.join("+"))
                                }
                            })
                            .collect(),
                    ),
                ),
            ]),
            fix: Some(ctx.command(&["member", "remove"], &email)),
            member: Some(email),
            env: None,
        });
    }
    let mut used_policies: BTreeSet<PolicyRef> = BTreeSet::new();
    let mut by_policies: BTreeMap<Vec<PolicyRef>, Vec<RoleId>> = BTreeMap::new();
    for r in ctx.role_methods.keys().copied() {
        let role = p.role(r);
        used_policies.extend(role.policies.iter().copied());
        by_policies
            .entry(role.policies.clone())
            .or_default()
            .push(r);
        if !used_roles.contains(&r) {
            out.push(Finding {
                severity: Severity::Info,
                kind: "unused_role",
                member: None,
                env: None,
                message: format!("role {} is in no member's share entries", role.name),
                facts: BTreeMap::from([
                    ("role", Fact::Text(role.name.clone())),
                    ("policies", Fact::Count(role.policies.len() as u64)),
                ]),
                fix: Some(ctx.command(&["role", "delete"], &role.name)),
            });
        }
    }
    for id in p.custom_policies_of(ctx.owner) {
        if !used_policies.contains(&PolicyRef::Custom(id)) {
            let name = &p.custom_policy(id).name;
            out.push(Finding {
                severity: Severity::Info,
                kind: "unused_policy",
                member: None,
                env: None,
                message: format!("custom policy {name} is in no role"),
                facts: BTreeMap::from([("policy", Fact::Text(name.clone()))]),
                fix: Some(ctx.command(&["policy", "delete"], name)),
            });
        }
    }
    for (policies, roles) in by_policies.into_iter().filter(|(_, r)| r.len() > 1) {
        let names = ctx.role_names(&roles);
        let mut ids: Vec<String> = policies
            .iter()
            .map(|x| p.policy_id(*x).to_string())
            .collect();
        ids.sort_by(|a, b| cmp_ci(a, b));
        out.push(Finding {
            severity: Severity::Info,
            kind: "duplicate_roles",
            member: None,
            env: None,
            message: format!(
                "roles {} have the same policies ({}); keep one, move its holders onto it, delete the others",
                names.join(", "),
                ids.join(", ")
            ),
            facts: BTreeMap::from([("roles", Fact::List(names)), ("policies", Fact::List(ids))]),
            fix: None,
        });
    }
}

pub(super) fn broad_grants(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let p = ctx.p;
    let broad: Vec<PolicyRef> = BROAD.iter().map(|id| system_policy(id)).collect();
    let holds_broad = |r: RoleId| p.role(r).policies.iter().any(|x| broad.contains(x));
    for c in p.collabs_of_owner(ctx.owner) {
        let rec = p.collab(c);
        let Some(roles) = rec.roles_at(ShareTarget::AllEnvs) else {
            continue;
        };
        let offending: Vec<RoleId> = roles.iter().copied().filter(|r| holds_broad(*r)).collect();
        if offending.is_empty() {
            continue;
        }
        let mut policies: Vec<String> = p
            .policies_of_roles(&offending)
            .into_iter()
            .filter(|x| broad.contains(x))
            .map(|x| p.policy_id(x).to_string())
            .collect();
        policies.sort_by(|a, b| cmp_ci(a, b));
        let email = ctx.email(rec.member);
        let names = ctx.role_names(&offending);
        let active = rec.is_active();
        // Only the Environments entry loses the roles: the command keeps the others.
        let fix = restrict_to_envs_entry(ctx, rec, &offending);
        out.push(Finding {
            severity: if active { Severity::Risk } else { Severity::Info },
            kind: "broad_grant",
            message: format!(
                "{email}'s all-environments entry grants {} through {} on every environment of {}{}",
                policies.join(", "),
                names.join(", "),
                ctx.owner_email,
                if active { "" } else { " once it is active again" }
            ),
            facts: BTreeMap::from([
                ("roles", Fact::List(names)),
                ("policies", Fact::List(policies)),
                ("status", Fact::Text(rec.status.as_str().to_string())),
            ]),
            fix,
            member: Some(email),
            env: None,
        });
    }
}

/// The share-set command with `drop` removed from the Environments entry only.
fn restrict_to_envs_entry(
    ctx: &Ctx<'_>,
    rec: &crate::engine::model::Collaboration,
    drop: &[RoleId],
) -> Option<String> {
    let mut copy = rec.clone();
    let entry = copy.shares.get_mut(&ShareTarget::AllEnvs)?;
    entry.retain(|r| !drop.contains(r));
    Some(ctx.shares_without(&copy, |_| false))
}
