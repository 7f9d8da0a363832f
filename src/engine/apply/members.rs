//! Members: invite, edit, copy, the owner's side of the status machine, the member's
//! side (accept, reject, leave) and direct access to one environment.

use super::{
    Account, AccountId, Change, Changed, CollabStatus, Collaboration, DEFAULT_MAX_CLOUDLETS,
    DEFAULT_MAX_ENVIRONMENTS, Error, Field, GroupId, MemberOp, Outcome, Platform, Response, Result,
    RoleList, ShareSpec, ShareTarget, Shares, TargetSpec, Tx, owner_or_actor, validate,
};

use CollabStatus::{Active, Left, Pending, Rejected, Suspended};

// ----- members -------------------------------------------------------------------

/// Resolves `--share` specs against an owner's groups, environments and roles.
///
/// A group's name may hold `=`, which a spec reads as the start of its roles:
/// `group:A=B` is group `A` with role `B`. When that reading fails (no group `A`, or no
/// role `B`) and the whole text names one of the owner's groups, it is that group,
/// ticked without roles; so a spec that resolved before still means the same.
pub(super) fn resolve_shares(
    p: &Platform,
    owner: AccountId,
    specs: &[ShareSpec],
) -> Result<Shares> {
    let mut out = Shares::new();
    for spec in specs {
        let (target, roles, whole) = match read_share(p, owner, spec) {
            Ok((target, roles)) => (target, roles, false),
            Err(e) => match whole_group(p, owner, spec) {
                Some(g) => (ShareTarget::Group(g), RoleList::new(), true),
                None => return Err(e),
            },
        };
        if out.insert(target, roles).is_some() {
            let label = if whole {
                p.target_label(target)
            } else {
                spec.target.label()
            };
            return Err(Error::invalid(
                Field::Share,
                format!("{label} is listed more than once"),
            ));
        }
    }
    Ok(out)
}

/// The group a `group:` spec names when its text after `group:` is read whole (the
/// roles after its last `=` being part of the name), if the owner has such a group.
fn whole_group(p: &Platform, owner: AccountId, spec: &ShareSpec) -> Option<GroupId> {
    let TargetSpec::Group(path) = &spec.target else {
        return None;
    };
    if spec.roles.is_empty() {
        return None;
    }
    p.find_group(owner, &format!("{path}={}", spec.roles.join("+")))
        .ok()
}

/// A spec as written: its target, and its roles after the last `=`.
fn read_share(p: &Platform, owner: AccountId, spec: &ShareSpec) -> Result<(ShareTarget, RoleList)> {
    let target = match &spec.target {
        TargetSpec::AllEnvs => ShareTarget::AllEnvs,
        TargetSpec::AllGroups => ShareTarget::AllGroups,
        TargetSpec::Group(path) => ShareTarget::Group(p.find_group(owner, path)?),
        TargetSpec::Env(name) => {
            let e = p.find_env(name)?;
            if p.env(e).owner != owner {
                // Whose it is instead is not said: not every actor may see that.
                return Err(Error::invalid(
                    Field::Share,
                    format!(
                        "environment {name} is not one of {}'s environments",
                        p.account(owner).email
                    ),
                ));
            }
            ShareTarget::Env(e)
        }
    };
    let mut roles = RoleList::new();
    for r in &spec.roles {
        roles.push(p.find_role(owner, r)?);
    }
    roles.sort_unstable();
    roles.dedup();
    Ok((target, roles))
}

/// The owner of a member command, checked: the owner or an account-wide delegate,
/// never acting on its own record.
pub(super) fn member_owner(
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

/// What to do instead of inviting a member who already has a record, for its
/// status (domain.md section 3); `owner` when acting on another owner's members.
fn already_member(status: CollabStatus, email: &str, owner: Option<&String>) -> String {
    let cmd = |op: &str| match owner {
        Some(o) => format!("'member {op} {email} --owner {o}'"),
        None => format!("'member {op} {email}'"),
    };
    match status {
        Active => format!("to change its shares or label, use {}", cmd("edit")),
        Suspended => format!(
            "to give its access back, use {}; to change its shares, {}",
            cmd("activate"),
            cmd("edit")
        ),
        Pending => format!(
            "to send the invitation again, use {}; to change its shares, {}",
            cmd("resend"),
            cmd("edit")
        ),
        Left | Rejected => format!(
            "to invite it again with its shares kept, use {} (or {} first, to start empty)",
            cmd("reinvite"),
            cmd("remove")
        ),
    }
}

pub(super) fn invite(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: Option<&str>,
    email: &str,
    name: Option<&str>,
    specs: Option<&[ShareSpec]>,
    copied: Option<Shares>,
) -> Result<Outcome> {
    let email = validate::email(email)?;
    let owner = member_owner(tx.p, actor, owner, &email)?;
    let owner_email = tx.p.account(owner).email.clone();
    if email == owner_email {
        return Err(Error::SelfInvite {
            email,
            by_owner: actor == owner,
        });
    }
    let shares = match (specs, copied) {
        (_, Some(s)) => s,
        (Some(specs), None) => resolve_shares(tx.p, owner, specs)?,
        (None, None) => Shares::new(),
    };
    let label = name
        .map(|n| validate::display_name(Field::Name, n))
        .transpose()?;
    let (member, created) = if let Some(m) = tx.p.account_by_email(&email) {
        if let Some(c) = tx.p.collab_of(owner, m) {
            let status = tx.p.collab(c).status;
            let what_to_do =
                already_member(status, &email, (owner != actor).then_some(&owner_email));
            return Err(Error::duplicate(
                Field::Email,
                email.clone(),
                format!("{email} already has a record with {owner_email} ({status}); {what_to_do}"),
            ));
        }
        (m, false)
    } else {
        let id = tx.p.next_account_id()?;
        tx.put(Change::Account(
            id,
            Some(Account {
                email: email.clone(),
                name: validate::default_name(&email),
                max_environments: DEFAULT_MAX_ENVIRONMENTS,
                max_cloudlets_per_env: DEFAULT_MAX_CLOUDLETS,
            }),
        ));
        (id, true)
    };
    let id = tx.p.next_collab_id()?;
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
    let created = if created {
        format!("; {email} had no account: one is created")
    } else {
        String::new()
    };
    Ok(Outcome {
        changed: Changed::Member(id),
        summary: format!(
            "invited {email} to {owner_email}'s account with {entries} share entr{} (pending until accepted){created}",
            if entries == 1 { "y" } else { "ies" }
        ),
    })
}

pub(super) fn edit_member(
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
        rec.name = validate::display_name(Field::Name, n)?;
    }
    if let Some(specs) = specs {
        rec.shares = resolve_shares(tx.p, owner, specs)?;
    }
    // Only a real change is dated (an edit to what is already so changes nothing).
    if rec != *tx.p.collab(c) {
        rec.changed = tx.now;
        tx.put(Change::Collab(c, Some(rec)));
    }
    Ok(Outcome {
        changed: Changed::Member(c),
        summary: format!(
            "updated member {}",
            tx.p.account(tx.p.collab(c).member).email
        ),
    })
}

pub(super) fn copy_member(
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

pub(super) fn member_op(
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
    let (allowed_from, to): (&[CollabStatus], CollabStatus) = match op {
        MemberOp::Suspend => (&[Active], Suspended),
        MemberOp::Activate => (&[Suspended], Active),
        MemberOp::Reinvite => (&[Left, Rejected], Pending),
        MemberOp::Resend => (&[Pending], Pending),
        // Removal returned above: any status may be removed.
        MemberOp::Remove => (&[Pending, Active, Suspended, Left, Rejected], Pending),
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

pub(super) fn respond(
    tx: &mut Tx<'_>,
    actor: AccountId,
    owner: &str,
    response: Response,
) -> Result<Outcome> {
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

pub(super) fn set_direct(
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
    let summary = if let Some(names) = roles {
        if names.is_empty() {
            return Err(Error::invalid(Field::Roles, "give at least one --role"));
        }
        let mut ids = RoleList::new();
        for n in names {
            ids.push(tx.p.find_role(owner, n)?);
        }
        ids.sort_unstable();
        ids.dedup();
        let shown = tx.p.sorted_role_names(&ids).join(", ");
        rec.shares.insert(ShareTarget::Env(e), ids);
        format!("gave {member_email} direct access to {env}: {shown}")
    } else {
        if rec.shares.remove(&ShareTarget::Env(e)).is_none() {
            return Err(Error::not_found_hint(
                "direct access",
                format!("{member_email} on {env}"),
                format!("{member_email} has no direct entry for {env}"),
            ));
        }
        format!("removed {member_email}'s direct access to {env}")
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
