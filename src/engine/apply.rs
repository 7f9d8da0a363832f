//! Applying commands: authorize, validate, then change the tables through a
//! transaction that records the inverse of every write.
//!
//! Each `apply_*` function may fail at any point; the caller rolls the transaction
//! back, so a refused command changes nothing. Cascades of domain.md section 6 are
//! written here, next to the command that causes them.

use std::collections::BTreeMap;

use super::access::cmp_ci;
use super::catalogue::Catalogue;
use super::command::{Command, MemberOp, Response};
use super::error::{Error, Result};
use super::model::*;
use super::platform::{Change, Platform};
use super::time::Timestamp;
use super::validate::{self, ShareSpec, TargetSpec};

/// What a successful command changed, for printing the changed item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changed {
    Account(AccountId),
    Group(GroupId),
    Env(EnvId),
    Role(RoleId),
    Policy(PolicyRef),
    Member(CollabId),
    /// The member's side of a collaboration (accept, reject, leave).
    Collaboration(CollabId),
    DirectAccess {
        env: EnvId,
        member: AccountId,
    },
    Task(u64),
    Deleted(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub changed: Changed,
    /// One line for people: what happened.
    pub summary: String,
}

/// A transaction: writes go through `put`, which records each inverse.
pub(crate) struct Tx<'a> {
    pub p: &'a mut Platform,
    pub undo: Vec<Change>,
    pub now: Timestamp,
}

impl Tx<'_> {
    pub fn put(&mut self, change: Change) {
        let inverse = self.p.apply(change);
        self.undo.push(inverse);
    }

    pub fn rollback(self) {
        for inv in self.undo.into_iter().rev() {
            self.p.apply(inv);
        }
    }

    fn push_task(
        &mut self,
        owner: AccountId,
        env: &str,
        method: MethodId,
        actor: AccountId,
    ) -> u64 {
        let seq = self.p.next_task_seq();
        self.put(Change::TaskPushed(Task {
            seq,
            time: self.now,
            owner,
            env: Some(env.to_string()),
            method: Catalogue::get().method_name(method).to_string(),
            initiator: actor,
            outcome: Outcome_::Done,
            reason: None,
        }));
        seq
    }
}

use super::model::Outcome as Outcome_;

fn method(name: &str) -> MethodId {
    match Catalogue::get().method(name) {
        Some(m) => m,
        None => panic!("method {name} missing from the catalogue"),
    }
}

/// Methods that `env do` refuses because they need arguments of their own command.
pub(crate) fn needs_own_command(m: MethodId) -> Option<&'static str> {
    let cat = Catalogue::get();
    match cat.method_name(m) {
        "env.control.CreateEnvironment" => Some("collab env create NAME"),
        "env.control.CloneEnv" => Some("collab env clone NAME NEW_NAME"),
        "env.control.SendTransferRequest" => Some("collab env transfer NAME --to EMAIL"),
        _ => None,
    }
}

pub(crate) fn apply(tx: &mut Tx<'_>, actor: Option<AccountId>, cmd: &Command) -> Result<Outcome> {
    let actor = match (actor, cmd.needs_actor()) {
        (_, false) => actor,
        (Some(a), true) => Some(a),
        (None, true) => {
            return Err(Error::denied(
                "an acting account is required (pass --as EMAIL)",
            ));
        }
    };
    let a = actor.unwrap_or(AccountId(u32::MAX));
    match cmd {
        Command::AddAccount {
            email,
            name,
            max_environments,
        } => add_account(tx, email, name.as_deref(), *max_environments),
        Command::AddGroup { owner, path } => add_group(tx, a, owner.as_deref(), path),
        Command::RemoveGroup { owner, path } => remove_group(tx, a, owner.as_deref(), path),
        Command::RenameGroup {
            owner,
            path,
            new_name,
        } => rename_group(tx, a, owner.as_deref(), path, new_name),
        Command::CreateEnv {
            name,
            owner,
            groups,
            cloudlets,
        } => create_env(tx, a, name, owner.as_deref(), groups, *cloudlets),
        Command::AttachEnv { env, group, owner } => {
            attach_env(tx, a, env, group, owner.as_deref(), true)
        }
        Command::DetachEnv { env, group, owner } => {
            attach_env(tx, a, env, group, owner.as_deref(), false)
        }
        Command::DeleteEnv { env } => delete_env(tx, a, env),
        Command::CloneEnv { env, new_name } => clone_env(tx, a, env, new_name),
        Command::TransferEnv { env, to } => transfer_env(tx, a, env, to),
        Command::EnvDo { env, action } => env_do(tx, a, env, action),
        Command::AddRole {
            name,
            policies,
            description,
            notify,
        } => add_role(tx, a, name, policies, description.as_deref(), *notify),
        Command::EditRole {
            name,
            policies,
            rename,
            description,
            notify,
        } => edit_role(
            tx,
            a,
            name,
            policies.as_deref(),
            rename.as_deref(),
            description.as_deref(),
            *notify,
        ),
        Command::CopyRole { name, new_name } => copy_role(tx, a, name, new_name),
        Command::DeleteRole { name, force } => delete_role(tx, a, name, *force),
        Command::AddPolicy {
            name,
            methods,
            description,
        } => add_policy(tx, a, name, methods, description.as_deref()),
        Command::EditPolicy {
            name,
            methods,
            description,
        } => edit_policy(tx, a, name, methods.as_deref(), description.as_deref()),
        Command::DeletePolicy { name, force } => delete_policy(tx, a, name, *force),
        Command::InviteMember {
            owner,
            email,
            name,
            shares,
        } => invite(
            tx,
            a,
            owner.as_deref(),
            email,
            name.as_deref(),
            Some(shares),
            None,
        ),
        Command::EditMember {
            owner,
            email,
            name,
            shares,
        } => edit_member(
            tx,
            a,
            owner.as_deref(),
            email,
            name.as_deref(),
            shares.as_deref(),
        ),
        Command::CopyMember {
            owner,
            from,
            to,
            name,
        } => copy_member(tx, a, owner.as_deref(), from, to, name.as_deref()),
        Command::Member { owner, email, op } => member_op(tx, a, owner.as_deref(), email, *op),
        Command::Respond { owner, response } => respond(tx, a, owner, *response),
        Command::SetDirect { env, member, roles } => set_direct(tx, a, env, member, Some(roles)),
        Command::RemoveDirect { env, member } => set_direct(tx, a, env, member, None),
    }
}

// ----- accounts --------------------------------------------------------------

fn add_account(
    tx: &mut Tx<'_>,
    email: &str,
    name: Option<&str>,
    max_envs: Option<u32>,
) -> Result<Outcome> {
    let email = validate::email(email)?;
    if tx.p.account_by_email(&email).is_some() {
        return Err(Error::Duplicate(format!("account {email} already exists")));
    }
    let name = match name {
        Some(n) => validate::display_name("name", n)?,
        None => validate::default_name(&email),
    };
    let max_environments = match max_envs {
        Some(n) => validate::max_environments(n)?,
        None => DEFAULT_MAX_ENVIRONMENTS,
    };
    let id = tx.p.next_account_id();
    tx.put(Change::Account(
        id,
        Some(Account {
            email: email.clone(),
            name,
            max_environments,
            max_cloudlets_per_env: DEFAULT_MAX_CLOUDLETS,
        }),
    ));
    Ok(Outcome {
        changed: Changed::Account(id),
        summary: format!("created account {email}"),
    })
}

/// The account whose groups or members a command names: `--owner`, else the actor.
fn owner_or_actor(p: &Platform, actor: AccountId, owner: Option<&str>) -> Result<AccountId> {
    match owner {
        Some(o) => p.find_account(o),
        None => Ok(actor),
    }
}

// ----- groups ----------------------------------------------------------------

fn add_group(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    path: &str,
) -> Result<Outcome> {
    let owner = owner_or_actor(tx.p, actor, owner)?;
    let segments = validate::group_path(path)?;
    if tx.p.group_by_path(owner, path).is_some() {
        return Err(Error::Duplicate(format!(
            "group '{path}' already exists on {}'s account",
            tx.p.account(owner).email
        )));
    }
    let create = method("env.group.CreateGroup");
    let mut parent: Option<GroupId> = None;
    let mut at = String::new();
    let mut last = None;
    for seg in segments {
        if !at.is_empty() {
            at.push('/');
        }
        at.push_str(&seg);
        if let Some(g) = tx.p.group_by_path(owner, &at) {
            parent = Some(g);
            continue;
        }
        tx.p.require_group_method(actor, owner, parent, create)?;
        let id = tx.p.next_group_id();
        tx.put(Change::Group(
            id,
            Some(Group {
                owner,
                parent,
                name: seg,
                path: at.clone(),
            }),
        ));
        parent = Some(id);
        last = Some(id);
    }
    let id = last
        .or(parent)
        .ok_or_else(|| Error::invalid("group path", "is empty"))?;
    Ok(Outcome {
        changed: Changed::Group(id),
        summary: format!(
            "created group '{path}' on {}'s account",
            tx.p.account(owner).email
        ),
    })
}

fn remove_group(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    path: &str,
) -> Result<Outcome> {
    let owner = owner_or_actor(tx.p, actor, owner)?;
    let g = tx.p.find_group(owner, path)?;
    let parent = tx.p.group(g).parent;
    tx.p.require_group_method(actor, owner, parent, method("env.group.RemoveGroup"))?;
    let subtree = tx.p.subtree(g);
    // Detach environments (never delete them).
    let mut envs: Vec<EnvId> = subtree
        .iter()
        .flat_map(|sg| tx.p.envs_in_group(*sg))
        .collect();
    envs.sort_unstable();
    envs.dedup();
    for e in &envs {
        let mut env = tx.p.env(*e).clone();
        env.groups.retain(|x| !subtree.contains(x));
        tx.put(Change::Env(*e, Some(env)));
    }
    // Remove share entries for the removed groups.
    let collabs: Vec<CollabId> = tx.p.collabs_of_owner(owner).collect();
    let mut entries = 0;
    for c in collabs {
        let rec = tx.p.collab(c);
        if subtree
            .iter()
            .any(|sg| rec.shares.contains_key(&ShareTarget::Group(*sg)))
        {
            let mut rec = rec.clone();
            let before = rec.shares.len();
            rec.shares
                .retain(|t, _| !matches!(t, ShareTarget::Group(sg) if subtree.contains(sg)));
            entries += before - rec.shares.len();
            tx.put(Change::Collab(c, Some(rec)));
        }
    }
    for sg in subtree.iter().rev() {
        tx.put(Change::Group(*sg, None));
    }
    Ok(Outcome {
        changed: Changed::Deleted(path.to_string()),
        summary: format!(
            "removed group '{path}' and {} subgroup(s); detached {} environment(s), removed {entries} share entr{}",
            subtree.len() - 1,
            envs.len(),
            if entries == 1 { "y" } else { "ies" }
        ),
    })
}

fn rename_group(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    path: &str,
    new_name: &str,
) -> Result<Outcome> {
    let owner = owner_or_actor(tx.p, actor, owner)?;
    let g = tx.p.find_group(owner, path)?;
    let new_name = validate::group_segment(new_name)?;
    let group = tx.p.group(g).clone();
    tx.p.require_group_method(actor, owner, group.parent, method("env.group.EditGroup"))?;
    if group.name == new_name {
        return Err(Error::InvalidState(format!(
            "group '{path}' is already called '{new_name}'"
        )));
    }
    let new_path = match group.parent {
        Some(p) => format!("{}/{new_name}", tx.p.group(p).path),
        None => new_name.clone(),
    };
    if tx.p.group_by_path(owner, &new_path).is_some() {
        return Err(Error::Duplicate(format!(
            "group '{new_path}' already exists"
        )));
    }
    for sg in tx.p.subtree(g) {
        let mut rec = tx.p.group(sg).clone();
        if sg == g {
            rec.name = new_name.clone();
        }
        rec.path = format!("{new_path}{}", &rec.path[path.len()..]);
        tx.put(Change::Group(sg, Some(rec)));
    }
    Ok(Outcome {
        changed: Changed::Group(g),
        summary: format!("renamed group '{path}' to '{new_path}'"),
    })
}

// ----- environments ------------------------------------------------------------

fn check_quota(p: &Platform, owner: AccountId, adding: &str) -> Result<()> {
    let acc = p.account(owner);
    let count = p.env_count(owner);
    if count >= acc.max_environments as usize {
        return Err(Error::QuotaExceeded(format!(
            "{} owns {count} of at most {} environments; '{adding}' does not fit",
            acc.email, acc.max_environments
        )));
    }
    Ok(())
}

fn check_new_env_name(p: &Platform, name: &str) -> Result<String> {
    let name = validate::env_name(name)?;
    if p.env_by_name(&name).is_some() {
        return Err(Error::Duplicate(format!(
            "environment '{name}' already exists (names are unique across the platform)"
        )));
    }
    Ok(name)
}

fn create_env(
    tx: &mut Tx<'_>,
    actor: AccountId,
    name: &str,
    owner: Option<&str>,
    groups: &[String],
    cloudlets: Option<u32>,
) -> Result<Outcome> {
    let name = check_new_env_name(tx.p, name)?;
    let owner = owner_or_actor(tx.p, actor, owner)?;
    let mut gids = Vec::new();
    for g in groups {
        gids.push(tx.p.find_group(owner, g)?);
    }
    gids.sort_unstable();
    gids.dedup();
    let create = method("env.control.CreateEnvironment");
    if owner != actor {
        let c = tx.p.active_collab(owner, actor)?;
        let access = tx.p.placement_access(tx.p.collab(c), &gids);
        if !tx.p.roles_grant(&access.roles, create) {
            let place = if gids.is_empty() {
                format!(
                    "the root of {}'s account (the Environments entry)",
                    tx.p.account(owner).email
                )
            } else {
                let paths: Vec<String> = gids
                    .iter()
                    .map(|g| format!("'{}'", tx.p.group(*g).path))
                    .collect();
                format!("group {}", paths.join(", "))
            };
            return Err(Error::denied(tx.p.needs_text(create, &place)));
        }
    }
    check_quota(tx.p, owner, &name)?;
    let max = tx.p.account(owner).max_cloudlets_per_env;
    let cloudlets = validate::cloudlets(cloudlets.unwrap_or(DEFAULT_CLOUDLETS.min(max)), max)?;
    let id = tx.p.next_env_id();
    tx.put(Change::Env(
        id,
        Some(Environment {
            name: name.clone(),
            owner,
            creator: actor,
            status: EnvStatus::Running,
            cloudlets,
            groups: gids,
        }),
    ));
    tx.push_task(owner, &name, create, actor);
    Ok(Outcome {
        changed: Changed::Env(id),
        summary: format!(
            "created environment {name} on {}'s account",
            tx.p.account(owner).email
        ),
    })
}

fn attach_env(
    tx: &mut Tx<'_>,
    actor: AccountId,
    env: &str,
    group: &str,
    owner: Option<&str>,
    attach: bool,
) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    let group_owner = owner_or_actor(tx.p, actor, owner)?;
    let env_owner = tx.p.env(e).owner;
    if group_owner != env_owner {
        let owner_email = tx.p.account(env_owner).email.clone();
        return Err(Error::denied(if group_owner == actor {
            format!(
                "{env} belongs to {owner_email}; a shared environment can't be put into your own groups (pass --owner {owner_email} to use {owner_email}'s groups)"
            )
        } else {
            format!(
                "{env} belongs to {owner_email}, not to the owner of group '{}'",
                validate::shown(group)
            )
        }));
    }
    let g = tx.p.find_group(env_owner, group)?;
    let m = method(if attach {
        "env.group.AttachEnv"
    } else {
        "env.group.DetachEnv"
    });
    tx.p.require_method(actor, e, m)?;
    tx.p.require_group_method(actor, env_owner, Some(g), m)?;
    let mut rec = tx.p.env(e).clone();
    let path = tx.p.group(g).path.clone();
    match (attach, rec.groups.binary_search(&g)) {
        (true, Ok(_)) => {
            return Err(Error::Duplicate(format!(
                "{env} is already in group '{path}'"
            )));
        }
        (true, Err(i)) => rec.groups.insert(i, g),
        (false, Ok(i)) => {
            rec.groups.remove(i);
        }
        (false, Err(_)) => {
            return Err(Error::InvalidState(format!(
                "{env} is not in group '{path}'"
            )));
        }
    }
    tx.put(Change::Env(e, Some(rec)));
    Ok(Outcome {
        changed: Changed::Env(e),
        summary: if attach {
            format!("attached {env} to group '{path}'")
        } else {
            format!("detached {env} from group '{path}'")
        },
    })
}

/// Removes every share entry for an environment, across the owner's members.
fn drop_env_entries(tx: &mut Tx<'_>, owner: AccountId, e: EnvId) -> usize {
    let collabs: Vec<CollabId> = tx.p.collabs_of_owner(owner).collect();
    let mut n = 0;
    for c in collabs {
        if tx.p.collab(c).shares.contains_key(&ShareTarget::Env(e)) {
            let mut rec = tx.p.collab(c).clone();
            rec.shares.remove(&ShareTarget::Env(e));
            tx.put(Change::Collab(c, Some(rec)));
            n += 1;
        }
    }
    n
}

fn delete_env(tx: &mut Tx<'_>, actor: AccountId, env: &str) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    let m = method("env.control.DeleteEnv");
    tx.p.require_method(actor, e, m)?;
    let owner = tx.p.env(e).owner;
    let entries = drop_env_entries(tx, owner, e);
    tx.put(Change::Env(e, None));
    tx.push_task(owner, env, m, actor);
    Ok(Outcome {
        changed: Changed::Deleted(env.to_string()),
        summary: format!(
            "deleted environment {env} and {entries} direct share entr{}",
            if entries == 1 { "y" } else { "ies" }
        ),
    })
}

fn clone_env(tx: &mut Tx<'_>, actor: AccountId, env: &str, new_name: &str) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    let m = method("env.control.CloneEnv");
    tx.p.require_method(actor, e, m)?;
    let name = check_new_env_name(tx.p, new_name)?;
    let src = tx.p.env(e).clone();
    check_quota(tx.p, src.owner, &name)?;
    let id = tx.p.next_env_id();
    tx.put(Change::Env(
        id,
        Some(Environment {
            name: name.clone(),
            creator: actor,
            ..src.clone()
        }),
    ));
    tx.push_task(src.owner, env, m, actor);
    Ok(Outcome {
        changed: Changed::Env(id),
        summary: format!("cloned {env} as {name}"),
    })
}

fn transfer_env(tx: &mut Tx<'_>, actor: AccountId, env: &str, to: &str) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    let m = method("env.control.SendTransferRequest");
    tx.p.require_method(actor, e, m)?;
    let to_id = tx.p.find_account(to)?;
    let mut rec = tx.p.env(e).clone();
    let old_owner = rec.owner;
    if to_id == old_owner {
        return Err(Error::InvalidState(format!(
            "{env} already belongs to {}",
            tx.p.account(to_id).email
        )));
    }
    check_quota(tx.p, to_id, env)?;
    let max = tx.p.account(to_id).max_cloudlets_per_env;
    if rec.cloudlets > max {
        return Err(Error::QuotaExceeded(format!(
            "{env} uses {} cloudlets; {} allows at most {max} per environment",
            rec.cloudlets,
            tx.p.account(to_id).email
        )));
    }
    let entries = drop_env_entries(tx, old_owner, e);
    rec.owner = to_id;
    rec.groups.clear();
    tx.put(Change::Env(e, Some(rec)));
    tx.push_task(old_owner, env, m, actor);
    Ok(Outcome {
        changed: Changed::Env(e),
        summary: format!(
            "transferred {env} to {}; removed {entries} share entr{}",
            tx.p.account(to_id).email,
            if entries == 1 { "y" } else { "ies" }
        ),
    })
}

fn env_do(tx: &mut Tx<'_>, actor: AccountId, env: &str, action: &str) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    let m = tx.p.find_method(action)?;
    if let Some(cmd) = needs_own_command(m) {
        return Err(Error::invalid(
            "action",
            format!("'{action}' needs arguments; use '{cmd}'"),
        ));
    }
    let cat = Catalogue::get();
    if cat.method_name(m) == "env.control.DeleteEnv" {
        return delete_env(tx, actor, env);
    }
    tx.p.require_method(actor, e, m)?;
    let mut rec = tx.p.env(e).clone();
    let status = rec.status;
    let bad_state = |what: &str| Err(Error::InvalidState(format!("{env} is {status}; {what}")));
    match cat.method_name(m) {
        "env.control.StartEnv" => {
            if status == EnvStatus::Running {
                return bad_state("it is already running");
            }
            rec.status = EnvStatus::Running;
        }
        "env.control.StopEnv" => {
            if status == EnvStatus::Stopped {
                return bad_state("it is already stopped");
            }
            rec.status = EnvStatus::Stopped;
        }
        "env.control.SleepEnv" => {
            if status != EnvStatus::Running {
                return bad_state("only a running environment can be put to sleep");
            }
            rec.status = EnvStatus::Sleeping;
        }
        "env.control.RestartNodes"
        | "env.control.RedeployContainers"
        | "env.control.ExecCmd"
        | "env.control.GetSSHAccessInfo"
            if status != EnvStatus::Running =>
        {
            return bad_state("start it first");
        }
        _ => {}
    }
    if rec.status != status {
        tx.put(Change::Env(e, Some(rec.clone())));
    }
    let seq = tx.push_task(rec.owner, env, m, actor);
    Ok(Outcome {
        changed: Changed::Task(seq),
        summary: format!("{} on {env}: done", cat.method_name(m)),
    })
}

// ----- roles and policies --------------------------------------------------------

fn resolve_policies(p: &Platform, owner: AccountId, names: &[String]) -> Result<Vec<PolicyRef>> {
    if names.is_empty() {
        return Err(Error::invalid(
            "policies",
            "a role needs at least one policy",
        ));
    }
    let mut out = Vec::new();
    for n in names {
        out.push(p.find_policy(owner, n)?);
    }
    out.sort_unstable();
    out.dedup();
    out.sort_by(|a, b| cmp_ci(p.policy_id(*a), p.policy_id(*b)));
    Ok(out)
}

fn check_role_name(
    p: &Platform,
    owner: AccountId,
    name: &str,
    except: Option<RoleId>,
) -> Result<String> {
    let name = validate::role_name(name)?;
    if let Some(existing) = p.role_by_name(owner, &name)
        && Some(existing) != except
    {
        return Err(Error::Duplicate(format!(
            "role '{}' already exists (role names are case-insensitive)",
            p.role(existing).name
        )));
    }
    Ok(name)
}

fn add_role(
    tx: &mut Tx<'_>,
    actor: AccountId,
    name: &str,
    policies: &[String],
    description: Option<&str>,
    notify: bool,
) -> Result<Outcome> {
    let name = check_role_name(tx.p, actor, name, None)?;
    let policies = resolve_policies(tx.p, actor, policies)?;
    let description = validate::description(description.unwrap_or(""))?;
    let id = tx.p.next_role_id();
    tx.put(Change::Role(
        id,
        Some(Role {
            owner: actor,
            name: name.clone(),
            description,
            policies,
            notify,
        }),
    ));
    Ok(Outcome {
        changed: Changed::Role(id),
        summary: format!("created role {name}"),
    })
}

fn edit_role(
    tx: &mut Tx<'_>,
    actor: AccountId,
    name: &str,
    policies: Option<&[String]>,
    rename: Option<&str>,
    description: Option<&str>,
    notify: Option<bool>,
) -> Result<Outcome> {
    let id = tx.p.find_role(actor, name)?;
    let mut rec = tx.p.role(id).clone();
    if let Some(new) = rename {
        rec.name = check_role_name(tx.p, actor, new, Some(id))?;
    }
    if let Some(list) = policies {
        rec.policies = resolve_policies(tx.p, actor, list)?;
    }
    if let Some(d) = description {
        rec.description = validate::description(d)?;
    }
    if let Some(n) = notify {
        rec.notify = n;
    }
    let summary = format!("updated role {}", rec.name);
    tx.put(Change::Role(id, Some(rec)));
    Ok(Outcome {
        changed: Changed::Role(id),
        summary,
    })
}

fn copy_role(tx: &mut Tx<'_>, actor: AccountId, name: &str, new_name: &str) -> Result<Outcome> {
    let src = tx.p.find_role(actor, name)?;
    let new_name = check_role_name(tx.p, actor, new_name, None)?;
    let id = tx.p.next_role_id();
    let rec = Role {
        name: new_name.clone(),
        ..tx.p.role(src).clone()
    };
    tx.put(Change::Role(id, Some(rec)));
    Ok(Outcome {
        changed: Changed::Role(id),
        summary: format!("copied role {name} as {new_name}"),
    })
}

/// Who uses a role: "member (target, target)" for every collaboration, any status.
pub(crate) fn role_users(p: &Platform, role: RoleId) -> Vec<String> {
    let owner = p.role(role).owner;
    let mut users: Vec<(String, Vec<String>)> = p
        .collabs_of_owner(owner)
        .filter_map(|c| {
            let rec = p.collab(c);
            let targets: Vec<String> = rec
                .shares
                .iter()
                .filter(|(_, roles)| roles.contains(&role))
                .map(|(t, _)| p.target_label(*t))
                .collect();
            (!targets.is_empty()).then(|| (p.account(rec.member).email.clone(), targets))
        })
        .collect();
    users.sort_by(|a, b| cmp_ci(&a.0, &b.0));
    users
        .into_iter()
        .map(|(m, t)| format!("{m} ({})", t.join(", ")))
        .collect()
}

fn remove_role_everywhere(tx: &mut Tx<'_>, role: RoleId) {
    let owner = tx.p.role(role).owner;
    let collabs: Vec<CollabId> = tx.p.collabs_of_owner(owner).collect();
    for c in collabs {
        let rec = tx.p.collab(c);
        if rec.shares.values().any(|r| r.contains(&role)) {
            let mut rec = rec.clone();
            for roles in rec.shares.values_mut() {
                roles.retain(|r| *r != role);
            }
            tx.put(Change::Collab(c, Some(rec)));
        }
    }
    tx.put(Change::Role(role, None));
}

fn delete_role(tx: &mut Tx<'_>, actor: AccountId, name: &str, force: bool) -> Result<Outcome> {
    let id = tx.p.find_role(actor, name)?;
    let users = role_users(tx.p, id);
    let role_name = tx.p.role(id).name.clone();
    if !users.is_empty() && !force {
        return Err(Error::InUse {
            what: "role",
            name: role_name,
            action: "delete",
            users,
        });
    }
    remove_role_everywhere(tx, id);
    Ok(Outcome {
        changed: Changed::Deleted(role_name.clone()),
        summary: if users.is_empty() {
            format!("deleted role {role_name}")
        } else {
            format!(
                "deleted role {role_name}, removing it from {} member(s)",
                users.len()
            )
        },
    })
}

fn resolve_methods(names: &[String]) -> Result<Vec<MethodId>> {
    if names.is_empty() {
        return Err(Error::invalid(
            "methods",
            "a policy needs at least one method",
        ));
    }
    let cat = Catalogue::get();
    let mut out = Vec::new();
    for n in names {
        out.push(cat.resolve_action(n).ok_or_else(|| {
            Error::not_found_hint(
                "method",
                n.as_str(),
                "see 'collab policy list' for every method, or use a short action name such as start",
            )
        })?);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn custom_policy(p: &Platform, owner: AccountId, name: &str) -> Result<CustomPolicyId> {
    match p.find_policy(owner, name)? {
        PolicyRef::System(i) => Err(Error::ReadOnly(Catalogue::get().policy(i).id.clone())),
        PolicyRef::Custom(id) => Ok(id),
    }
}

fn add_policy(
    tx: &mut Tx<'_>,
    actor: AccountId,
    name: &str,
    methods: &[String],
    description: Option<&str>,
) -> Result<Outcome> {
    let name = validate::policy_name(name)?;
    if Catalogue::get()
        .policies
        .iter()
        .any(|p| p.id.eq_ignore_ascii_case(&name))
    {
        return Err(Error::Duplicate(format!(
            "'{name}' is the id of a system policy; choose another name"
        )));
    }
    if let Some(existing) = tx.p.custom_policy_by_name(actor, &name) {
        return Err(Error::Duplicate(format!(
            "policy '{}' already exists",
            tx.p.custom_policy(existing).name
        )));
    }
    let methods = resolve_methods(methods)?;
    let description = validate::description(description.unwrap_or(""))?;
    let id = tx.p.next_policy_id();
    tx.put(Change::Policy(
        id,
        Some(CustomPolicy {
            owner: actor,
            name: name.clone(),
            description,
            methods,
        }),
    ));
    Ok(Outcome {
        changed: Changed::Policy(PolicyRef::Custom(id)),
        summary: format!("created policy {name}"),
    })
}

fn edit_policy(
    tx: &mut Tx<'_>,
    actor: AccountId,
    name: &str,
    methods: Option<&[String]>,
    description: Option<&str>,
) -> Result<Outcome> {
    let id = custom_policy(tx.p, actor, name)?;
    let mut rec = tx.p.custom_policy(id).clone();
    if let Some(m) = methods {
        rec.methods = resolve_methods(m)?;
    }
    if let Some(d) = description {
        rec.description = validate::description(d)?;
    }
    let summary = format!("updated policy {}", rec.name);
    tx.put(Change::Policy(id, Some(rec)));
    Ok(Outcome {
        changed: Changed::Policy(PolicyRef::Custom(id)),
        summary,
    })
}

fn delete_policy(tx: &mut Tx<'_>, actor: AccountId, name: &str, force: bool) -> Result<Outcome> {
    let id = custom_policy(tx.p, actor, name)?;
    let pref = PolicyRef::Custom(id);
    let mut users: Vec<RoleId> =
        tx.p.roles_of(actor)
            .filter(|r| tx.p.role(*r).policies.contains(&pref))
            .collect();
    users.sort_by(|a, b| cmp_ci(&tx.p.role(*a).name, &tx.p.role(*b).name));
    let policy_name = tx.p.custom_policy(id).name.clone();
    if !users.is_empty() && !force {
        return Err(Error::InUse {
            what: "policy",
            name: policy_name,
            action: "delete",
            users: users
                .iter()
                .map(|r| format!("role {}", tx.p.role(*r).name))
                .collect(),
        });
    }
    let mut deleted_roles = Vec::new();
    for r in users {
        let mut rec = tx.p.role(r).clone();
        rec.policies.retain(|p| *p != pref);
        if rec.policies.is_empty() {
            deleted_roles.push(rec.name.clone());
            remove_role_everywhere(tx, r);
        } else {
            tx.put(Change::Role(r, Some(rec)));
        }
    }
    tx.put(Change::Policy(id, None));
    let mut summary = format!("deleted policy {policy_name}");
    if !deleted_roles.is_empty() {
        summary.push_str(&format!(
            " and role(s) left without a policy: {}",
            deleted_roles.join(", ")
        ));
    }
    Ok(Outcome {
        changed: Changed::Deleted(policy_name),
        summary,
    })
}

// ----- members -------------------------------------------------------------------

/// Resolves `--share` specs against an owner's groups, environments and roles.
fn resolve_shares(
    p: &Platform,
    owner: AccountId,
    specs: &[ShareSpec],
) -> Result<BTreeMap<ShareTarget, RoleList>> {
    let mut out = BTreeMap::new();
    for spec in specs {
        let target = match &spec.target {
            TargetSpec::AllEnvs => ShareTarget::AllEnvs,
            TargetSpec::AllGroups => ShareTarget::AllGroups,
            TargetSpec::Group(path) => ShareTarget::Group(p.find_group(owner, path)?),
            TargetSpec::Env(name) => {
                let e = p.find_env(name)?;
                if p.env(e).owner != owner {
                    return Err(Error::invalid(
                        "share",
                        format!(
                            "environment {name} belongs to {}, not to {}",
                            p.account(p.env(e).owner).email,
                            p.account(owner).email
                        ),
                    ));
                }
                ShareTarget::Env(e)
            }
        };
        let mut roles = Vec::new();
        for r in &spec.roles {
            roles.push(p.find_role(owner, r)?);
        }
        roles.sort_unstable();
        roles.dedup();
        if out.insert(target, roles).is_some() {
            return Err(Error::invalid(
                "share",
                format!("{} is listed more than once", spec.target.label()),
            ));
        }
    }
    Ok(out)
}

/// The owner of a member command, checked: the owner or an account-wide delegate,
/// never acting on its own record.
fn member_owner(
    p: &Platform,
    actor: AccountId,
    owner: Option<&str>,
    member_email: &str,
) -> Result<AccountId> {
    let owner = owner_or_actor(p, actor, owner)?;
    p.require_member_admin(actor, owner)?;
    if owner != actor && member_email.eq_ignore_ascii_case(&p.account(actor).email) {
        return Err(Error::denied(
            "nobody can change their own membership, shares or roles",
        ));
    }
    Ok(owner)
}

fn invite(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    email: &str,
    name: Option<&str>,
    specs: Option<&[ShareSpec]>,
    copied: Option<BTreeMap<ShareTarget, RoleList>>,
) -> Result<Outcome> {
    let email = validate::email(email)?;
    let owner = member_owner(tx.p, actor, owner, &email)?;
    let owner_email = tx.p.account(owner).email.clone();
    if email == owner_email {
        return Err(Error::SelfInvite(email));
    }
    let shares = match (specs, copied) {
        (_, Some(s)) => s,
        (Some(specs), None) => resolve_shares(tx.p, owner, specs)?,
        (None, None) => BTreeMap::new(),
    };
    let label = name
        .map(|n| validate::display_name("name", n))
        .transpose()?;
    let member = match tx.p.account_by_email(&email) {
        Some(m) => {
            if let Some(c) = tx.p.collab_of(owner, m) {
                return Err(Error::Duplicate(format!(
                    "{email} already has a record with {owner_email} ({}); use 'member reinvite' or 'member edit'",
                    tx.p.collab(c).status
                )));
            }
            m
        }
        None => {
            let id = tx.p.next_account_id();
            tx.put(Change::Account(
                id,
                Some(Account {
                    email: email.clone(),
                    name: validate::default_name(&email),
                    max_environments: DEFAULT_MAX_ENVIRONMENTS,
                    max_cloudlets_per_env: DEFAULT_MAX_CLOUDLETS,
                }),
            ));
            id
        }
    };
    let id = tx.p.next_collab_id();
    let entries = shares.len();
    tx.put(Change::Collab(
        id,
        Some(Collaboration {
            owner,
            member,
            name: label.unwrap_or_else(|| tx.p.account(member).name.clone()),
            status: CollabStatus::Pending,
            changed: tx.now,
            invitations: 1,
            shares,
        }),
    ));
    Ok(Outcome {
        changed: Changed::Member(id),
        summary: format!(
            "invited {email} to {owner_email}'s account with {entries} share entr{} (pending until accepted)",
            if entries == 1 { "y" } else { "ies" }
        ),
    })
}

fn edit_member(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    email: &str,
    name: Option<&str>,
    specs: Option<&[ShareSpec]>,
) -> Result<Outcome> {
    let owner = member_owner(tx.p, actor, owner, email)?;
    let c = tx.p.find_collab(owner, email)?;
    let mut rec = tx.p.collab(c).clone();
    if let Some(n) = name {
        rec.name = validate::display_name("name", n)?;
    }
    if let Some(specs) = specs {
        rec.shares = resolve_shares(tx.p, owner, specs)?;
    }
    rec.changed = tx.now;
    tx.put(Change::Collab(c, Some(rec)));
    Ok(Outcome {
        changed: Changed::Member(c),
        summary: format!(
            "updated member {}",
            tx.p.account(tx.p.collab(c).member).email
        ),
    })
}

fn copy_member(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    from: &str,
    to: &str,
    name: Option<&str>,
) -> Result<Outcome> {
    let owner_id = member_owner(tx.p, actor, owner, from)?;
    let src = tx.p.find_collab(owner_id, from)?;
    let shares = tx.p.collab(src).shares.clone();
    invite(tx, actor, owner, to, name, None, Some(shares))
}

fn member_op(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    email: &str,
    op: MemberOp,
) -> Result<Outcome> {
    let owner = member_owner(tx.p, actor, owner, email)?;
    let c = tx.p.find_collab(owner, email)?;
    let mut rec = tx.p.collab(c).clone();
    let member = tx.p.account(rec.member).email.clone();
    if op == MemberOp::Remove {
        let entries = rec.shares.len();
        tx.put(Change::Collab(c, None));
        return Ok(Outcome {
            changed: Changed::Deleted(member.clone()),
            summary: format!(
                "removed {member} and {entries} share entr{}",
                if entries == 1 { "y" } else { "ies" }
            ),
        });
    }
    use CollabStatus::*;
    let (allowed_from, to): (&[CollabStatus], CollabStatus) = match op {
        MemberOp::Suspend => (&[Active], Suspended),
        MemberOp::Activate => (&[Suspended], Active),
        MemberOp::Reinvite => (&[Left, Rejected], Pending),
        MemberOp::Resend => (&[Pending], Pending),
        MemberOp::Remove => unreachable_remove(),
    };
    if !allowed_from.contains(&rec.status) {
        let from: Vec<&str> = allowed_from.iter().map(|s| s.as_str()).collect();
        return Err(Error::InvalidState(format!(
            "{member} is {}; '{}' applies only to {} members",
            rec.status,
            op.as_str(),
            from.join(" or ")
        )));
    }
    rec.status = to;
    rec.changed = tx.now;
    if matches!(op, MemberOp::Reinvite | MemberOp::Resend) {
        rec.invitations = rec.invitations.saturating_add(1);
    }
    tx.put(Change::Collab(c, Some(rec)));
    let verb = match op {
        MemberOp::Suspend => "suspended",
        MemberOp::Activate => "activated",
        MemberOp::Reinvite => "re-invited",
        _ => "sent the invitation again to",
    };
    Ok(Outcome {
        changed: Changed::Member(c),
        summary: format!("{verb} {member}"),
    })
}

fn unreachable_remove() -> (&'static [CollabStatus], CollabStatus) {
    // Remove returns before the transition table; keep the match total without panics.
    (&[], CollabStatus::Pending)
}

fn respond(tx: &mut Tx<'_>, actor: AccountId, owner: &str, response: Response) -> Result<Outcome> {
    let owner_id = tx.p.find_account(owner)?;
    let me = tx.p.account(actor).email.clone();
    let c = tx.p.collab_of(owner_id, actor).ok_or_else(|| {
        Error::not_found_hint(
            "collaboration",
            format!("{me} with {owner}"),
            format!("{owner} has not invited {me}"),
        )
    })?;
    let mut rec = tx.p.collab(c).clone();
    use CollabStatus::*;
    let (allowed_from, to): (&[CollabStatus], CollabStatus) = match response {
        Response::Accept => (&[Pending], Active),
        Response::Reject => (&[Pending], Rejected),
        Response::Leave => (&[Active, Suspended], Left),
    };
    if !allowed_from.contains(&rec.status) {
        let from: Vec<&str> = allowed_from.iter().map(|s| s.as_str()).collect();
        return Err(Error::InvalidState(format!(
            "your collaboration with {owner} is {}; '{}' applies only when it is {}",
            rec.status,
            response.as_str(),
            from.join(" or ")
        )));
    }
    rec.status = to;
    rec.changed = tx.now;
    tx.put(Change::Collab(c, Some(rec)));
    Ok(Outcome {
        changed: Changed::Collaboration(c),
        summary: match response {
            Response::Accept => format!("accepted the invitation of {owner}"),
            Response::Reject => format!("rejected the invitation of {owner}"),
            Response::Leave => format!("left {owner}'s account"),
        },
    })
}

fn set_direct(
    tx: &mut Tx<'_>,
    actor: AccountId,
    env: &str,
    member: &str,
    roles: Option<&[String]>,
) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    tx.p.require_env_admin(actor, e)?;
    let owner = tx.p.env(e).owner;
    let c = tx.p.find_collab(owner, member).map_err(|err| match err {
        Error::NotFound { what, name, hint } => Error::NotFound {
            what,
            name,
            hint: format!("{hint}; invite them first"),
        },
        other => other,
    })?;
    let mut rec = tx.p.collab(c).clone();
    if rec.member == actor {
        return Err(Error::denied("nobody can change their own shares or roles"));
    }
    let member_email = tx.p.account(rec.member).email.clone();
    let summary = match roles {
        Some(names) => {
            if names.is_empty() {
                return Err(Error::invalid("roles", "give at least one --role"));
            }
            let mut ids = Vec::new();
            for n in names {
                ids.push(tx.p.find_role(owner, n)?);
            }
            ids.sort_unstable();
            ids.dedup();
            let shown = tx.p.sorted_role_names(&ids).join(", ");
            rec.shares.insert(ShareTarget::Env(e), ids);
            format!("gave {member_email} direct access to {env}: {shown}")
        }
        None => {
            if rec.shares.remove(&ShareTarget::Env(e)).is_none() {
                return Err(Error::not_found_hint(
                    "direct access",
                    format!("{member_email} on {env}"),
                    format!("{member_email} has no direct entry for {env}"),
                ));
            }
            format!("removed {member_email}'s direct access to {env}")
        }
    };
    rec.changed = tx.now;
    let member_id = rec.member;
    tx.put(Change::Collab(c, Some(rec)));
    Ok(Outcome {
        changed: if roles.is_some() {
            Changed::DirectAccess {
                env: e,
                member: member_id,
            }
        } else {
            Changed::Deleted(member_email)
        },
        summary,
    })
}

impl Platform {
    /// A share target as written in listings: `envs`, `groups`, `group:A/B`, `env:NAME`.
    pub fn target_label(&self, t: ShareTarget) -> String {
        match t {
            ShareTarget::AllEnvs => "envs".into(),
            ShareTarget::AllGroups => "groups".into(),
            ShareTarget::Group(g) => format!("group:{}", self.group(g).path),
            ShareTarget::Env(e) => format!("env:{}", self.env(e).name),
        }
    }
}
