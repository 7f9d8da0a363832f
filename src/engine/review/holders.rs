//! Findings about powerful holdings: delegates (collaboration.manage) and where they
//! delegate, delegates able to grant roles stronger than their own, and members able
//! to transfer the owner's environments away.
//!
//! Only members with an entry carrying such a role are looked at, and never through
//! their whole reach: environments with a direct entry and those under a group entry
//! are judged one by one, the rest by class (with groups / without), counted from a
//! layout of the owner's environments built once. Each distinct effective role set is
//! judged once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::layout::Layout;
use super::reach::{Offered, SAMPLE, walk_member};
use super::{Ctx, Fact, Finding, Severity};
use crate::engine::access::system_policy;
use crate::engine::authorize::COLLABORATION_MANAGE;
use crate::engine::catalogue::Catalogue;
use crate::engine::model::{Collaboration, EnvId, RoleId, RoleList};
use crate::engine::platform::Platform;
use crate::engine::quick_hash::QuickHash;

/// What one effective role set allows, for the checks here.
#[derive(Clone, Default)]
struct Judged {
    delegate: bool,
    transfer: bool,
    /// The owner's roles granting something this set does not.
    stronger: Vec<RoleId>,
}

/// Environments counted, and the first `SAMPLE` by name of those offered, as they
/// are offered: each is placed by its rank in the layout's name order, so nothing is
/// kept, sorted or named but the sample.
#[derive(Default)]
struct Sample {
    count: u64,
    /// At most `SAMPLE`, by rank.
    first: Vec<(u32, EnvId)>,
}

impl Sample {
    /// Offers an environment by its rank; each is offered at most once.
    fn offer(&mut self, rank: u32, e: EnvId) {
        if self.first.len() == SAMPLE {
            match self.first.last() {
                Some(&(last, _)) if rank < last => {
                    self.first.pop();
                }
                _ => return,
            }
        }
        let at = self.first.partition_point(|(r, _)| *r < rank);
        self.first.insert(at, (rank, e));
    }

    /// How many, and the sample's names in name order.
    fn named(&self, p: &Platform) -> (u64, Vec<String>) {
        let names = self.first.iter().map(|(_, e)| p.env(*e).name.clone());
        (self.count, names.collect())
    }
}

/// The environments where a member delegates, where it may grant roles stronger than
/// its own there, and where it may transfer.
#[derive(Default)]
struct Tally {
    delegate: Sample,
    stronger: Sample,
    transfer: Sample,
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
    let mut layout: Option<Layout> = None;
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
        let layout = layout.get_or_insert_with(|| Layout::of(p, ctx.owner));
        // An account-wide delegate manages every member everywhere: it may grant any
        // role on every environment, whatever its own roles there.
        let account_wide = p.is_account_wide_delegate(rec.member, ctx.owner);
        // Keyed by role ids, which the engine hands out: the quick hash.
        let mut judged: HashMap<RoleList, Judged, QuickHash> = HashMap::default();
        let mut tally = Tally::default();
        let mut count_as = |roles: &RoleList, n: u64, envs: Offered<'_>| {
            if n == 0 {
                return;
            }
            // Looked up by reference: the role list is cloned only for a new set.
            if !judged.contains_key(roles) {
                let j = judge(ctx, roles, &manage_roles, &transfer_roles, account_wide);
                judged.insert(roles.clone(), j);
            }
            let (delegate, stronger, transfer) =
                judged.get(roles).map_or((false, false, false), |j| {
                    let grants = j.delegate || account_wide;
                    (j.delegate, grants && !j.stronger.is_empty(), j.transfer)
                });
            // Called for every environment under a member's group entries: nothing
            // is allocated here.
            let mut samples = [
                (delegate, &mut tally.delegate),
                (stronger, &mut tally.stronger),
                (transfer, &mut tally.transfer),
            ];
            for (counts, sample) in &mut samples {
                if *counts {
                    sample.count += n;
                }
            }
            if delegate || stronger || transfer {
                for (rank, e) in envs.take(SAMPLE) {
                    for (counts, sample) in &mut samples {
                        if *counts {
                            sample.offer(rank, e);
                        }
                    }
                }
            }
        };
        walk_member(rec, layout, &mut count_as);
        // Every judged set was met on some environment: the union of what the sets
        // it may grant on could be exceeded by is the union over those environments.
        let mut stronger: BTreeSet<RoleId> = BTreeSet::new();
        for j in judged.values().filter(|j| j.delegate || account_wide) {
            stronger.extend(j.stronger.iter().copied());
        }
        push_findings(
            ctx,
            rec,
            &tally,
            &stronger,
            (&manage_roles, &transfer_roles),
            out,
        );
    }
}

/// What a role set allows; `account_wide`: whether the member grants on every
/// environment (then the roles stronger than this set are asked of every set, not
/// only of the delegating ones).
fn judge(
    ctx: &Ctx<'_>,
    roles: &[RoleId],
    manage: &BTreeSet<RoleId>,
    transfer: &BTreeSet<RoleId>,
    account_wide: bool,
) -> Judged {
    let delegate = roles.iter().any(|r| manage.contains(r));
    Judged {
        delegate,
        transfer: roles.iter().any(|r| transfer.contains(r)),
        stronger: if delegate || account_wide {
            let own = ctx.methods_of(roles);
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
    tally: &Tally,
    stronger: &BTreeSet<RoleId>,
    (manage_roles, transfer_roles): (&BTreeSet<RoleId>, &BTreeSet<RoleId>),
    out: &mut Vec<Finding>,
) {
    let p = ctx.p;
    let email = ctx.email(rec.member);
    let account_wide = p.is_account_wide_delegate(rec.member, ctx.owner);
    if tally.delegate.count > 0 {
        let (count, envs) = tally.delegate.named(p);
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
    }
    // Where it may grant (where it delegates; everywhere when account-wide) and some
    // of the owner's roles grant more than its own roles there.
    if tally.stronger.count > 0 && !stronger.is_empty() {
        let (count, envs) = tally.stronger.named(p);
        let ids: Vec<RoleId> = stronger.iter().copied().collect();
        let names = ctx.role_names(&ids);
        let how = if account_wide {
            "as an account-wide delegate"
        } else {
            "where it delegates"
        };
        out.push(Finding {
            severity: Severity::Risk,
            kind: "delegate_can_grant_stronger",
            member: Some(email.clone()),
            env: None,
            message: format!(
                "{email} may grant, {how}, roles stronger than its own on {count} environment{}: {} (on {})",
                if count == 1 { "" } else { "s" },
                names.join(", "),
                envs.join(", ")
            ),
            facts: BTreeMap::from([
                ("account_wide", Fact::Text(account_wide.to_string())),
                ("stronger_roles", Fact::List(names)),
                ("environments", Fact::Count(count)),
                ("sample", Fact::List(envs)),
            ]),
            fix: Some(ctx.shares_without(rec, |r| manage_roles.contains(&r))),
        });
    }
    if tally.transfer.count > 0 {
        let (count, envs) = tally.transfer.named(p);
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
