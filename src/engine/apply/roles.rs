//! Roles and custom policies, the owner's alone: add, edit, copy, delete (refused
//! while in use unless forced, with the cascades of domain.md section 6).

use super::{
    AccountId, Catalogue, Change, Changed, CollabId, CustomPolicy, CustomPolicyId, Error, Field,
    MethodId, Outcome, Platform, PolicyRef, Result, Role, RoleId, Tx, cmp_ci, validate,
};

// ----- roles and policies --------------------------------------------------------

pub(super) fn resolve_policies(
    p: &Platform,
    owner: AccountId,
    names: &[String],
) -> Result<Vec<PolicyRef>> {
    if names.is_empty() {
        return Err(Error::invalid(
            Field::Policies,
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

pub(super) fn check_role_name(
    p: &Platform,
    owner: AccountId,
    name: &str,
    except: Option<RoleId>,
) -> Result<String> {
    let name = validate::role_name(name)?;
    if let Some(existing) = p.role_by_name(owner, &name)
        && Some(existing) != except
    {
        let existing = p.role(existing).name.clone();
        let message = format!("role '{existing}' already exists (role names are case-insensitive)");
        return Err(Error::duplicate(Field::RoleName, existing, message));
    }
    if let Some(e) = p.role_look_alike(owner, &name, except) {
        return Err(e);
    }
    Ok(name)
}

pub(super) fn add_role(
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
    let id = tx.p.next_role_id()?;
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

pub(super) fn edit_role(
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

pub(super) fn copy_role(
    tx: &mut Tx<'_>,
    actor: AccountId,
    name: &str,
    new_name: &str,
) -> Result<Outcome> {
    let src = tx.p.find_role(actor, name)?;
    let new_name = check_role_name(tx.p, actor, new_name, None)?;
    let id = tx.p.next_role_id()?;
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

pub(super) fn remove_role_everywhere(tx: &mut Tx<'_>, role: RoleId) {
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

pub(super) fn delete_role(
    tx: &mut Tx<'_>,
    actor: AccountId,
    name: &str,
    force: bool,
) -> Result<Outcome> {
    let id = tx.p.find_role(actor, name)?;
    let users = tx.p.role_holders(id);
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

pub(super) fn resolve_methods(names: &[String]) -> Result<Vec<MethodId>> {
    if names.is_empty() {
        return Err(Error::invalid(
            Field::Methods,
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

pub(super) fn custom_policy(p: &Platform, owner: AccountId, name: &str) -> Result<CustomPolicyId> {
    match p.find_policy(owner, name)? {
        PolicyRef::System(i) => Err(Error::ReadOnly(Catalogue::get().policy(i).id.clone())),
        PolicyRef::Custom(id) => Ok(id),
    }
}

pub(super) fn add_policy(
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
        return Err(Error::duplicate(
            Field::PolicyName,
            name.clone(),
            format!("'{name}' is the id of a system policy; choose another name"),
        ));
    }
    if let Some(existing) = tx.p.custom_policy_by_name(actor, &name) {
        let existing = tx.p.custom_policy(existing).name.clone();
        let message = format!("policy '{existing}' already exists");
        return Err(Error::duplicate(Field::PolicyName, existing, message));
    }
    if let Some(e) = tx.p.policy_look_alike(actor, &name) {
        return Err(e);
    }
    let methods = resolve_methods(methods)?;
    let description = validate::description(description.unwrap_or(""))?;
    let id = tx.p.next_policy_id()?;
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

pub(super) fn edit_policy(
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

pub(super) fn delete_policy(
    tx: &mut Tx<'_>,
    actor: AccountId,
    name: &str,
    force: bool,
) -> Result<Outcome> {
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
        summary.push_str(" and role(s) left without a policy: ");
        summary.push_str(&deleted_roles.join(", "));
    }
    Ok(Outcome {
        changed: Changed::Deleted(policy_name),
        summary,
    })
}
