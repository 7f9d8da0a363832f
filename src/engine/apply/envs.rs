//! Environments: create (also by members on an owner's account), attach and detach,
//! delete, clone, transfer, and single actions (`env do`), each recorded as a task.

use super::{
    AccountId, Catalogue, Change, Changed, CollabId, DEFAULT_CLOUDLETS, EnvId, EnvStatus,
    Environment, Error, Field, GroupList, Outcome, Platform, Result, ShareTarget, Tx, method,
    owner_or_actor, task_log_full, validate,
};

// ----- environments ------------------------------------------------------------

pub(super) fn check_quota(p: &Platform, owner: AccountId, adding: &str) -> Result<()> {
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

pub(super) fn check_new_env_name(p: &Platform, name: &str) -> Result<String> {
    let name = validate::env_name(name)?;
    if p.env_by_name(&name).is_some() {
        return Err(Error::duplicate(
            Field::EnvName,
            name.clone(),
            format!("environment '{name}' already exists (names are unique across the platform)"),
        ));
    }
    Ok(name)
}

pub(super) fn create_env(
    tx: &mut Tx<'_>,
    actor: AccountId,
    name: &str,
    owner: Option<&str>,
    groups: &[String],
    cloudlets: Option<u32>,
) -> Result<Outcome> {
    let name = check_new_env_name(tx.p, name)?;
    let owner = owner_or_actor(tx.p, actor, owner)?;
    let mut gids = GroupList::new();
    for g in groups {
        gids.push(tx.p.find_group_as(actor, owner, g)?);
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
            return Err(Error::denied(Platform::needs_text(create, &place)));
        }
    }
    check_quota(tx.p, owner, &name)?;
    let max = tx.p.account(owner).max_cloudlets_per_env;
    let cloudlets = validate::cloudlets(cloudlets.unwrap_or(DEFAULT_CLOUDLETS.min(max)), max)?;
    let id = tx.p.next_env_id()?;
    let since = tx.p.next_task_seq().ok_or_else(task_log_full)?;
    tx.put(Change::Env(
        id,
        Some(Environment {
            name: name.clone(),
            owner,
            creator: actor,
            status: EnvStatus::Running,
            cloudlets,
            groups: gids,
            since,
        }),
    ));
    tx.push_task(owner, &name, create, actor)?;
    Ok(Outcome {
        changed: Changed::Env(id),
        summary: format!(
            "created environment {name} on {}'s account",
            tx.p.account(owner).email
        ),
    })
}

pub(super) fn attach_env(
    tx: &mut Tx<'_>,
    actor: AccountId,
    env: &str,
    group: &str,
    owner: Option<&str>,
    attach: bool,
) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    tx.p.require_sees_env(actor, e)?;
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
    let g = tx.p.find_group_as(actor, env_owner, group)?;
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
            return Err(Error::duplicate(
                Field::GroupPath,
                path.clone(),
                format!("{env} is already in group '{path}'"),
            ));
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

/// Removes every share entry for an environment, across the owner's members; says how
/// many, in the words `actor` may read: every entry's count to whoever sees every
/// member's entry there, else only its own (a count of other members' entries is
/// theirs to see, section 5). Judged before anything is removed.
pub(super) fn drop_env_entries(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: AccountId,
    e: EnvId,
    kind: &str,
) -> String {
    let sees_all = tx.p.sees_entries_on(actor, e);
    let collabs: Vec<CollabId> = tx.p.collabs_of_owner(owner).collect();
    let mut members = Vec::new();
    for c in collabs {
        if tx.p.collab(c).shares.contains_key(&ShareTarget::Env(e)) {
            let mut rec = tx.p.collab(c).clone();
            rec.shares.remove(&ShareTarget::Env(e));
            members.push(rec.member);
            tx.put(Change::Collab(c, Some(rec)));
        }
    }
    super::entries_removed(sees_all, actor, &members, kind)
}

pub(super) fn delete_env(tx: &mut Tx<'_>, actor: AccountId, env: &str) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    let m = method("env.control.DeleteEnv");
    tx.p.require_method(actor, e, m)?;
    let owner = tx.p.env(e).owner;
    let entries = drop_env_entries(tx, actor, owner, e, "direct share");
    tx.put(Change::Env(e, None));
    tx.push_task(owner, env, m, actor)?;
    Ok(Outcome {
        changed: Changed::Deleted(env.to_string()),
        summary: format!("deleted environment {env} and {entries}"),
    })
}

pub(super) fn clone_env(
    tx: &mut Tx<'_>,
    actor: AccountId,
    env: &str,
    new_name: &str,
) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    let m = method("env.control.CloneEnv");
    tx.p.require_method(actor, e, m)?;
    let name = check_new_env_name(tx.p, new_name)?;
    let src = tx.p.env(e).clone();
    check_quota(tx.p, src.owner, &name)?;
    let id = tx.p.next_env_id()?;
    let since = tx.p.next_task_seq().ok_or_else(task_log_full)?;
    tx.put(Change::Env(
        id,
        Some(Environment {
            name: name.clone(),
            creator: actor,
            since,
            ..src.clone()
        }),
    ));
    tx.push_task(src.owner, env, m, actor)?;
    Ok(Outcome {
        changed: Changed::Env(id),
        summary: format!("cloned {env} as {name}"),
    })
}

pub(super) fn transfer_env(
    tx: &mut Tx<'_>,
    actor: AccountId,
    env: &str,
    to: &str,
) -> Result<Outcome> {
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
    let entries = drop_env_entries(tx, actor, old_owner, e, "share");
    rec.owner = to_id;
    rec.groups.clear();
    tx.put(Change::Env(e, Some(rec)));
    tx.push_task(old_owner, env, m, actor)?;
    Ok(Outcome {
        changed: Changed::Env(e),
        summary: format!(
            "transferred {env} to {}; removed {entries}",
            tx.p.account(to_id).email,
        ),
    })
}

pub(super) fn env_do(
    tx: &mut Tx<'_>,
    actor: AccountId,
    env: &str,
    action: &str,
) -> Result<Outcome> {
    let e = tx.p.find_env(env)?;
    let m = tx.p.find_method(action)?;
    let cat = Catalogue::get();
    // Before authorization: a refusal of the form, so no task is recorded.
    if let Some(cmd) = cat.own_command(m, &tx.p.env(e).name) {
        return Err(Error::invalid(
            Field::Action,
            format!("'{action}' has its own command; use '{cmd}'"),
        ));
    }
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
    let seq = tx.push_task(rec.owner, env, m, actor)?;
    Ok(Outcome {
        changed: Changed::Task(seq),
        summary: format!("{} on {env}: done", cat.method_name(m)),
    })
}
