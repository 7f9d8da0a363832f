//! Findings from the task log: least privilege from use, dormant members, stale
//! invitations.
//!
//! Use is what the member itself did: tasks it initiated on the owner's environments,
//! done (not denied), inside the window. A task older than an environment's `since`
//! is about an earlier environment of the same name and does not count.

use std::collections::{BTreeMap, HashMap};

use super::{Ctx, Fact, Finding, Severity, cover, push_flag, push_name};
use crate::engine::Buckets;
use crate::engine::access::cmp_ci;
use crate::engine::model::{AccountId, CollabStatus, EnvId, MethodId, Outcome, RoleId, RoleList};

type Suggestion = Option<Vec<RoleId>>;

/// The methods each member used on each environment of the owner in the window, by
/// member then environment, each list sorted and without repeats. The uses are
/// gathered by member with a counting sort (one pass to count, one to place: a task
/// log of millions stays sequential vectors, not a tree touched at random for every
/// task), and only each member's few are sorted, so the work grows with the log, not
/// with the log times its logarithm.
fn used(ctx: &Ctx<'_>) -> Vec<((AccountId, EnvId), Vec<MethodId>)> {
    let p = ctx.p;
    let mut envs = p.task_envs();
    let mut uses: Vec<(usize, (EnvId, MethodId))> = Vec::new();
    for t in p.tasks() {
        if t.owner != ctx.owner
            || t.outcome != Outcome::Done
            || t.initiator == ctx.owner
            || t.time < ctx.since
            || t.time > ctx.now
        {
            continue;
        }
        if let Some(e) = envs.of(t)
            && p.env(e).owner == ctx.owner
        {
            uses.push((t.initiator.index(), (e, t.method)));
        }
    }
    let mut by_member = Buckets::new(p.accounts.len(), &uses);
    by_member.sort_each(Ord::cmp);
    let mut out: Vec<((AccountId, EnvId), Vec<MethodId>)> = Vec::new();
    for member in p.account_ids() {
        let mut last = None;
        for &(env, m) in by_member.get(member.index()) {
            if last == Some((env, m)) {
                continue;
            }
            last = Some((env, m));
            match out.last_mut() {
                Some((key, methods)) if *key == (member, env) => methods.push(m),
                _ => out.push(((member, env), vec![m])),
            }
        }
    }
    out
}

/// The smallest set of the owner's roles, granting nothing beyond `held`, that covers
/// `used`.
fn suggest(ctx: &Ctx<'_>, held: &cover::MethodSet, used: &cover::MethodSet) -> Suggestion {
    let ids: Vec<RoleId> = ctx
        .role_methods
        .iter()
        .filter(|(_, m)| m.is_subset(held) && m.intersects(used))
        .map(|(r, _)| *r)
        .collect();
    let candidates: Vec<cover::Candidate<'_>> = ids
        .iter()
        .map(|r| cover::Candidate {
            name: &ctx.p.role(*r).name,
            methods: ctx.role_methods.get(r).cloned().unwrap_or_default(),
        })
        .collect();
    let chosen = cover::minimal_cover(used, &candidates)?;
    Some(chosen.iter().filter_map(|i| ids.get(*i).copied()).collect())
}

/// What a member holding a role set and using a method set is told: the smaller
/// set of roles, by name, with the policies it would lose. The same for every
/// (member, environment) pair with those two sets, so worked out once per pair of
/// sets.
struct Shrink {
    held_names: Vec<String>,
    held_policies: usize,
    new_names: Vec<String>,
    removes: Vec<String>,
    labels: Vec<String>,
}

/// The [`Shrink`] for holding `roles` and using `methods`, or `None` when no smaller
/// set of the owner's roles covers the use (or the roles no longer grant it).
fn shrink(ctx: &Ctx<'_>, roles: &RoleList, methods: &[MethodId]) -> Option<Shrink> {
    let p = ctx.p;
    let held = ctx.methods_of(roles);
    let used_set = cover::MethodSet::of(methods.iter().copied());
    let smaller = suggest(ctx, &held, &used_set)?;
    if ctx.methods_of(&smaller).len() >= held.len() {
        return None;
    }
    // What the smaller set takes away: the held policies it no longer grants in
    // full. A policy whose every method another of its policies still grants (a
    // custom policy repeating a system one) takes nothing away.
    let held_pol = p.policies_of_roles(roles);
    let kept = ctx.methods_of(&smaller);
    let removes: Vec<String> = held_pol
        .iter()
        .filter(|x| !cover::MethodSet::of(super::policy_methods(p, **x)).is_subset(&kept))
        .map(|x| p.policy_id(*x).to_string())
        .collect();
    let mut labels: Vec<String> = methods.iter().map(|m| super::method_label(*m)).collect();
    labels.sort_by(|a, b| cmp_ci(a, b));
    Some(Shrink {
        held_names: ctx.role_names(roles),
        held_policies: held_pol.len(),
        new_names: ctx.role_names(&smaller),
        removes,
        labels,
    })
}

pub(super) fn least_privilege(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let p = ctx.p;
    let mut cache: HashMap<(RoleList, Vec<MethodId>), Option<Shrink>> = HashMap::new();
    for ((member, env), methods) in used(ctx) {
        let Some(c) = p.collab_of(ctx.owner, member) else {
            continue;
        };
        let rec = p.collab(c);
        let access = p.effective_access(rec, env);
        if access.roles.is_empty() {
            continue;
        }
        let verdict = cache
            .entry((access.roles, methods))
            .or_insert_with_key(|(roles, methods)| shrink(ctx, roles, methods));
        let Some(s) = verdict else {
            continue; // no smaller set covers what it used
        };
        let (held_names, new_names, labels) =
            (s.held_names.clone(), s.new_names.clone(), s.labels.clone());
        let (m_email, env_name) = (ctx.email(member), p.env(env).name.clone());
        // `share set ENV --member EMAIL --role NAME...`, the environment last (after
        // `--`) when its name starts with `-`.
        let env_last = env_name.starts_with('-');
        let mut fix = if env_last {
            ctx.command_words(&["share", "set"])
        } else {
            ctx.command(&["share", "set"], &env_name)
        };
        push_flag(&mut fix, "--member", &m_email);
        for n in &new_names {
            push_flag(&mut fix, "--role", n);
        }
        if env_last {
            push_name(&mut fix, &env_name);
        }
        out.push(Finding {
            severity: Severity::Warn,
            kind: "least_privilege",
            message: format!(
                "{m_email} holds {} ({} policies) on {env_name} and used {} ({}): {} {} them",
                held_names.join(", "),
                s.held_policies,
                labels.len(),
                labels.join(", "),
                new_names.join(" + "),
                if new_names.len() == 1 {
                    "covers"
                } else {
                    "cover"
                },
            ),
            facts: BTreeMap::from([
                (
                    "level",
                    Fact::Text(access.level.level().as_str().to_string()),
                ),
                ("roles", Fact::List(held_names)),
                ("policies", Fact::Count(s.held_policies as u64)),
                ("used", Fact::List(labels)),
                ("suggested_roles", Fact::List(new_names)),
                ("removes", Fact::List(s.removes.clone())),
            ]),
            fix: Some(fix),
            member: Some(m_email),
            env: Some(env_name),
        });
    }
}

pub(super) fn dormant(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let p = ctx.p;
    // The last time of each account's done tasks, by account index: a slot per
    // account, read and written in place as the log goes by.
    let mut last: Vec<Option<i64>> = vec![None; p.accounts.len()];
    for t in p.tasks() {
        if t.owner == ctx.owner
            && t.outcome == Outcome::Done
            && t.time <= ctx.now
            && let Some(slot) = last.get_mut(t.initiator.index())
        {
            *slot = Some(slot.map_or(t.time.0, |s| s.max(t.time.0)));
        }
    }
    for c in p.collabs_of_owner(ctx.owner) {
        let rec = p.collab(c);
        if !rec.is_active() {
            continue;
        }
        let seen = last.get(rec.member.index()).copied().flatten();
        if seen.is_some_and(|t| t >= ctx.since.0) {
            continue;
        }
        let email = ctx.email(rec.member);
        let when = seen.map_or_else(
            || "never".to_string(),
            |t| crate::engine::Timestamp(t).to_rfc3339(),
        );
        out.push(Finding {
            severity: Severity::Warn,
            kind: "dormant_member",
            message: format!(
                "{email} is active but did nothing on {}'s environments in the last {} days (last: {when})",
                ctx.owner_email,
                (ctx.now.0 - ctx.since.0) / 86_400
            ),
            facts: BTreeMap::from([
                ("last_activity", Fact::Text(when)),
                ("entries", Fact::Count(rec.shares.len() as u64)),
            ]),
            fix: Some(ctx.command(&["member", "suspend"], &email)),
            member: Some(email),
            env: None,
        });
    }
}

pub(super) fn stale_invitations(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let p = ctx.p;
    for c in p.collabs_of_owner(ctx.owner) {
        let rec = p.collab(c);
        if rec.status != CollabStatus::Pending || rec.changed >= ctx.since {
            continue;
        }
        let email = ctx.email(rec.member);
        let days = (ctx.now.0 - rec.changed.0) / 86_400;
        out.push(Finding {
            severity: Severity::Warn,
            kind: "stale_invitation",
            message: format!(
                "{email} has been invited for {days} days without answering (sent {} time{}); resend it, or remove the member with `{}`",
                rec.invitations,
                if rec.invitations == 1 { "" } else { "s" },
                ctx.command(&["member", "remove"], &email)
            ),
            facts: BTreeMap::from([
                ("invited", Fact::Text(rec.changed.to_rfc3339())),
                ("days_pending", Fact::Count(u64::try_from(days).unwrap_or(0))),
                ("invitations", Fact::Count(u64::from(rec.invitations))),
            ]),
            fix: Some(ctx.command(&["member", "resend"], &email)),
            member: Some(email),
            env: None,
        });
    }
}
