//! Building a platform from a document: every reference, name, counter and time is
//! checked before anything uses it.

use std::collections::HashMap;
use std::sync::Arc;

use super::super::access::cmp_ci;
use super::super::catalogue::Catalogue;
use super::super::error::Field;
use super::super::model::{
    Account, CollabStatus, Collaboration, CustomPolicy, EnvStatus, Environment, Group, GroupList,
    Outcome, PolicyRef, Role, RoleList, ShareTarget, Shares, Task,
};
use super::super::platform::{Change, Platform};
use super::super::time::Timestamp;
use super::super::validate;
use super::{
    DocResult, DocumentError, FORMAT_VERSION, MAX_TASK_REASON, MAX_TASK_SEQ, StateDocument, bad,
};

impl Platform {
    /// Builds a platform from a document, validating every reference and name.
    pub fn from_document(doc: &StateDocument) -> DocResult<Platform> {
        if doc.version != FORMAT_VERSION {
            return bad(format!(
                "format version {} is not {FORMAT_VERSION}",
                doc.version
            ));
        }
        let mut p = Platform::default();
        let account = |p: &Platform, email: &str, ctx: &dyn Fn() -> String| {
            p.account_by_email(email)
                .ok_or_else(|| DocumentError(format!("{}: unknown account '{email}'", ctx())))
        };
        for (i, a) in doc.accounts.iter().enumerate() {
            let ctx = format!("accounts[{i}]");
            let email =
                validate::email(&a.email).map_err(|e| DocumentError(format!("{ctx}: {e}")))?;
            if email != a.email {
                return bad(format!("{ctx}: email '{}' must be lower-case", a.email));
            }
            if p.account_by_email(&email).is_some() {
                return bad(format!("{ctx}: duplicate account '{email}'"));
            }
            validate::display_name(Field::Name, &a.name)
                .map_err(|e| DocumentError(format!("{ctx}: {e}")))?;
            validate::max_environments(a.max_environments)
                .map_err(|e| DocumentError(format!("{ctx}: {e}")))?;
            if a.max_cloudlets_per_env == 0
                || a.max_cloudlets_per_env > validate::MAX_CLOUDLETS_LIMIT
            {
                return bad(format!(
                    "{ctx}: max_cloudlets_per_env {} is out of range (1 to {})",
                    a.max_cloudlets_per_env,
                    validate::MAX_CLOUDLETS_LIMIT
                ));
            }
            let id = p.next_account_id().or_else(|e| bad(e.to_string()))?;
            p.apply(Change::Account(
                id,
                Some(Account {
                    email,
                    name: a.name.clone(),
                    max_environments: a.max_environments,
                    max_cloudlets_per_env: a.max_cloudlets_per_env,
                }),
            ));
        }

        // Parents before children, whatever order the file lists them in.
        let mut order: Vec<_> = doc
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.path.matches('/').count(), i, g))
            .collect();
        order.sort_unstable_by_key(|&(depth, i, _)| (depth, i));
        for (_, i, g) in order {
            let ctx = || format!("groups[{i}] ('{}')", g.path);
            let owner = account(&p, &g.owner, &ctx)?;
            let segments = validate::group_path(&g.path)
                .map_err(|e| DocumentError(format!("{}: {e}", ctx())))?;
            if p.group_by_path(owner, &g.path).is_some() {
                return bad(format!("{}: duplicate group of {}", ctx(), g.owner));
            }
            let parent = match g.path.rfind('/') {
                Some(cut) => Some(p.group_by_path(owner, &g.path[..cut]).ok_or_else(|| {
                    DocumentError(format!(
                        "{}: parent group '{}' is missing",
                        ctx(),
                        &g.path[..cut]
                    ))
                })?),
                None => None,
            };
            let name = segments.last().cloned().unwrap_or_default();
            if let Some(why) = p.group_look_alike(owner, parent, &name, None) {
                return bad(format!("{}: {why}", ctx()));
            }
            let id = p.next_group_id().or_else(|e| bad(e.to_string()))?;
            p.apply(Change::Group(
                id,
                Some(Group {
                    owner,
                    parent,
                    name,
                    path: g.path.clone(),
                }),
            ));
        }

        for (i, e) in doc.environments.iter().enumerate() {
            let ctx = || format!("environments[{i}] ('{}')", e.name);
            validate::env_name(&e.name)
                .map_err(|err| DocumentError(format!("{}: {err}", ctx())))?;
            if p.env_by_name(&e.name).is_some() {
                return bad(format!("{}: duplicate environment name", ctx()));
            }
            let owner = account(&p, &e.owner, &ctx)?;
            let creator = account(&p, &e.creator, &ctx)?;
            let status = EnvStatus::parse(&e.status).ok_or_else(|| {
                DocumentError(format!("{}: unknown status '{}'", ctx(), e.status))
            })?;
            let max = p.account(owner).max_cloudlets_per_env;
            if e.cloudlets == 0 || e.cloudlets > max {
                return bad(format!(
                    "{}: cloudlets {} out of range (1 to {max})",
                    ctx(),
                    e.cloudlets
                ));
            }
            let mut groups = GroupList::new();
            for path in &e.groups {
                groups.push(p.group_by_path(owner, path).ok_or_else(|| {
                    DocumentError(format!("{}: unknown group '{path}' of {}", ctx(), e.owner))
                })?);
            }
            groups.sort_unstable();
            groups.dedup();
            let id = p.next_env_id().or_else(|e| bad(e.to_string()))?;
            p.apply(Change::Env(
                id,
                Some(Environment {
                    name: e.name.clone(),
                    owner,
                    creator,
                    status,
                    cloudlets: e.cloudlets,
                    groups,
                    since: e.since,
                }),
            ));
        }

        let cat = Catalogue::get();
        for (i, pol) in doc.policies.iter().enumerate() {
            let ctx = || format!("policies[{i}] ('{}')", pol.name);
            let owner = account(&p, &pol.owner, &ctx)?;
            validate::policy_name(&pol.name)
                .map_err(|e| DocumentError(format!("{}: {e}", ctx())))?;
            if cat.policy_by_id(&pol.name).is_some()
                || p.custom_policy_by_name(owner, &pol.name).is_some()
            {
                return bad(format!("{}: duplicate policy name", ctx()));
            }
            if let Some(why) = p.policy_look_alike(owner, &pol.name) {
                return bad(format!("{}: {why}", ctx()));
            }
            validate::description(&pol.description)
                .map_err(|e| DocumentError(format!("{}: {e}", ctx())))?;
            if pol.methods.is_empty() {
                return bad(format!("{}: a policy needs at least one method", ctx()));
            }
            let mut methods = Vec::new();
            for m in &pol.methods {
                methods
                    .push(cat.method(m).ok_or_else(|| {
                        DocumentError(format!("{}: unknown method '{m}'", ctx()))
                    })?);
            }
            methods.sort_unstable();
            methods.dedup();
            let id = p.next_policy_id().or_else(|e| bad(e.to_string()))?;
            p.apply(Change::Policy(
                id,
                Some(CustomPolicy {
                    owner,
                    name: pol.name.clone(),
                    description: pol.description.clone(),
                    methods,
                }),
            ));
        }

        for (i, r) in doc.roles.iter().enumerate() {
            let ctx = || format!("roles[{i}] ('{}')", r.name);
            let owner = account(&p, &r.owner, &ctx)?;
            validate::role_name(&r.name).map_err(|e| DocumentError(format!("{}: {e}", ctx())))?;
            if p.role_by_name(owner, &r.name).is_some() {
                return bad(format!("{}: duplicate role name of {}", ctx(), r.owner));
            }
            if let Some(why) = p.role_look_alike(owner, &r.name, None) {
                return bad(format!("{}: {why}", ctx()));
            }
            validate::description(&r.description)
                .map_err(|e| DocumentError(format!("{}: {e}", ctx())))?;
            if r.policies.is_empty() {
                return bad(format!("{}: a role needs at least one policy", ctx()));
            }
            let mut policies = Vec::new();
            for name in &r.policies {
                let pr = match cat.policy_by_id(name) {
                    Some(s) => PolicyRef::System(s),
                    None => PolicyRef::Custom(p.custom_policy_by_name(owner, name).ok_or_else(
                        || DocumentError(format!("{}: unknown policy '{name}'", ctx())),
                    )?),
                };
                policies.push(pr);
            }
            policies.sort_unstable();
            policies.dedup();
            policies.sort_by(|a, b| cmp_ci(p.policy_id(*a), p.policy_id(*b)));
            let id = p.next_role_id().or_else(|e| bad(e.to_string()))?;
            p.apply(Change::Role(
                id,
                Some(Role {
                    owner,
                    name: r.name.clone(),
                    description: r.description.clone(),
                    policies,
                    notify: r.notify,
                }),
            ));
        }

        for (i, c) in doc.collaborations.iter().enumerate() {
            let ctx = || format!("collaborations[{i}] ({} → {})", c.owner, c.member);
            let owner = account(&p, &c.owner, &ctx)?;
            let member = account(&p, &c.member, &ctx)?;
            if owner == member {
                return bad(format!("{}: an account cannot be its own member", ctx()));
            }
            if p.collab_of(owner, member).is_some() {
                return bad(format!("{}: duplicate collaboration", ctx()));
            }
            let status = CollabStatus::parse(&c.status).ok_or_else(|| {
                DocumentError(format!("{}: unknown status '{}'", ctx(), c.status))
            })?;
            let changed =
                Timestamp::parse_rfc3339(&c.changed).ok_or_else(|| bad_time(&ctx(), &c.changed))?;
            validate::display_name(Field::Name, &c.name)
                .map_err(|e| DocumentError(format!("{}: {e}", ctx())))?;
            if c.invitations == 0 {
                return bad(format!("{}: invitations must be at least 1", ctx()));
            }
            let mut shares = Shares::new();
            for s in &c.shares {
                let target = match s.target.as_str() {
                    "envs" => ShareTarget::AllEnvs,
                    "groups" => ShareTarget::AllGroups,
                    t => {
                        if let Some(path) = t.strip_prefix("group:") {
                            ShareTarget::Group(p.group_by_path(owner, path).ok_or_else(|| {
                                DocumentError(format!(
                                    "{}: share names unknown group '{path}'",
                                    ctx()
                                ))
                            })?)
                        } else if let Some(name) = t.strip_prefix("env:") {
                            let e = p.env_by_name(name).filter(|e| p.env(*e).owner == owner);
                            ShareTarget::Env(e.ok_or_else(|| {
                                DocumentError(format!(
                                    "{}: share names '{name}', not an environment of {}",
                                    ctx(),
                                    c.owner
                                ))
                            })?)
                        } else {
                            return bad(format!("{}: unknown share target '{t}'", ctx()));
                        }
                    }
                };
                let mut roles = RoleList::new();
                for r in &s.roles {
                    roles.push(p.role_by_name(owner, r).ok_or_else(|| {
                        DocumentError(format!("{}: share names unknown role '{r}'", ctx()))
                    })?);
                }
                roles.sort_unstable();
                roles.dedup();
                if shares.insert(target, roles).is_some() {
                    return bad(format!(
                        "{}: share target '{}' listed twice",
                        ctx(),
                        s.target
                    ));
                }
            }
            let id = p.next_collab_id().or_else(|e| bad(e.to_string()))?;
            p.apply(Change::Collab(
                id,
                Some(Collaboration {
                    owner,
                    member,
                    name: c.name.clone(),
                    status,
                    changed,
                    invitations: c.invitations,
                    shares,
                }),
            ));
        }

        let mut last = 0;
        p.tasks.reserve(doc.tasks.len());
        // Each distinct environment name is checked and stored once; its tasks share it.
        let mut names: HashMap<&str, Arc<str>> = HashMap::new();
        for (i, t) in doc.tasks.iter().enumerate() {
            let ctx = || format!("tasks[{i}] (seq {})", t.seq);
            if t.seq > MAX_TASK_SEQ {
                return bad(format!(
                    "{}: sequence number is above the largest allowed ({MAX_TASK_SEQ})",
                    ctx()
                ));
            }
            if t.seq <= last {
                return bad(format!("{}: sequence numbers must increase", ctx()));
            }
            last = t.seq;
            let time =
                Timestamp::parse_rfc3339(&t.time).ok_or_else(|| bad_time(&ctx(), &t.time))?;
            let outcome = match t.outcome.as_str() {
                "done" => Outcome::Done,
                "denied" => Outcome::Denied,
                o => return bad(format!("{}: unknown outcome '{o}'", ctx())),
            };
            let env = match t.env.as_deref() {
                Some(name) => Some(if let Some(shared) = names.get(name) {
                    Arc::clone(shared)
                } else {
                    validate::env_name(name)
                        .map_err(|e| DocumentError(format!("{}: {e}", ctx())))?;
                    let shared: Arc<str> = Arc::from(name);
                    names.insert(name, Arc::clone(&shared));
                    shared
                }),
                None => None,
            };
            let Some(method) = cat.method(&t.method) else {
                return bad(format!(
                    "{}: unknown method '{}'",
                    ctx(),
                    validate::shown(&t.method)
                ));
            };
            if let Some(reason) = &t.reason {
                if reason.chars().count() > MAX_TASK_REASON {
                    return bad(format!(
                        "{}: reason is longer than {MAX_TASK_REASON} characters",
                        ctx()
                    ));
                }
                if reason.chars().any(validate::is_hidden) {
                    return bad(format!("{}: reason contains control characters", ctx()));
                }
            }
            p.tasks.push(Task {
                seq: t.seq,
                time,
                owner: account(&p, &t.owner, &ctx)?,
                env,
                method,
                initiator: account(&p, &t.initiator, &ctx)?,
                outcome,
                reason: t.reason.clone(),
            });
        }
        Ok(p)
    }
}

fn bad_time(ctx: &str, time: &str) -> DocumentError {
    DocumentError(format!(
        "{ctx}: bad time '{}' (an RFC 3339 time from {} to {})",
        validate::shown(time),
        Timestamp::MIN,
        Timestamp::MAX
    ))
}
