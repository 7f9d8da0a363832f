//! Groups: add (creating missing ancestors), rename, remove (detaching, never
//! deleting, environments and dropping the removed groups' share entries).

use super::{
    AccountId, Change, Changed, CollabId, EnvId, Error, Field, Group, GroupId, Outcome, Platform,
    Result, ShareTarget, Tx, entries_removed, method, owner_or_actor, validate,
};

// ----- groups ----------------------------------------------------------------

pub(super) fn add_group(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    path: &str,
) -> Result<Outcome> {
    let owner = owner_or_actor(tx.p, actor, owner)?;
    let segments = validate::group_path(path)?;
    // A member sees only some of the owner's groups (`find_group_as`); the others read
    // as absent, so that "already exists" tells it nothing it could not see. A stranger
    // hears first that it is no member.
    let member = if tx.p.runs_account(actor, owner) {
        None
    } else {
        Some(tx.p.active_collab(owner, actor)?)
    };
    let seen = |p: &Platform, at: &str| {
        p.group_by_path(owner, at)
            .filter(|g| member.is_none_or(|c| p.member_sees_group(p.collab(c), *g)))
    };
    let owner_email = tx.p.account(owner).email.clone();
    let duplicate = |path: &str| {
        Error::duplicate(
            Field::GroupPath,
            path,
            format!("group '{path}' already exists on {owner_email}'s account"),
        )
    };
    if seen(tx.p, path).is_some() {
        return Err(duplicate(path));
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
        if let Some(g) = seen(tx.p, &at) {
            parent = Some(g);
            continue;
        }
        tx.p.require_group_method(actor, owner, parent, create)?;
        // Whoever may create under `parent` sees every group below it (its roles there
        // reach them), so a group it does not see cannot be here; were it, it exists.
        if tx.p.group_by_path(owner, &at).is_some() {
            return Err(duplicate(&at));
        }
        if let Some(e) = tx.p.group_look_alike(owner, parent, &seg, None) {
            return Err(e);
        }
        let id = tx.p.next_group_id()?;
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
        .ok_or_else(|| Error::invalid(Field::GroupPath, "is empty"))?;
    Ok(Outcome {
        changed: Changed::Group(id),
        summary: format!(
            "created group '{path}' on {}'s account",
            tx.p.account(owner).email
        ),
    })
}

pub(super) fn remove_group(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    path: &str,
) -> Result<Outcome> {
    let owner = owner_or_actor(tx.p, actor, owner)?;
    let g = tx.p.find_group_as(actor, owner, path)?;
    let parent = tx.p.group(g).parent;
    tx.p.require_group_method(actor, owner, parent, method("env.group.RemoveGroup"))?;
    let subtree = tx.p.subtree(g);
    let sees_all = tx.p.runs_account(actor, owner);
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
    let mut members = Vec::new();
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
            members.extend(std::iter::repeat_n(rec.member, before - rec.shares.len()));
            tx.put(Change::Collab(c, Some(rec)));
        }
    }
    let entries = entries_removed(sees_all, actor, &members, "share");
    for sg in subtree.iter().rev() {
        tx.put(Change::Group(*sg, None));
    }
    Ok(Outcome {
        changed: Changed::Deleted(path.to_string()),
        summary: format!(
            "removed group '{path}' and {} subgroup(s); detached {} environment(s), removed {entries}",
            subtree.len() - 1,
            envs.len(),
        ),
    })
}

pub(super) fn rename_group(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    path: &str,
    new_name: &str,
) -> Result<Outcome> {
    let owner = owner_or_actor(tx.p, actor, owner)?;
    let g = tx.p.find_group_as(actor, owner, path)?;
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
        return Err(Error::duplicate(
            Field::GroupName,
            new_path.clone(),
            format!("group '{new_path}' already exists"),
        ));
    }
    if let Some(e) =
        tx.p.group_look_alike(owner, group.parent, &new_name, Some(g))
    {
        return Err(e);
    }
    for sg in tx.p.subtree(g) {
        let mut rec = tx.p.group(sg).clone();
        if sg == g {
            rec.name.clone_from(&new_name);
        }
        rec.path = format!("{new_path}{}", &rec.path[path.len()..]);
        tx.put(Change::Group(sg, Some(rec)));
    }
    Ok(Outcome {
        changed: Changed::Group(g),
        summary: format!("renamed group '{path}' to '{new_path}'"),
    })
}
