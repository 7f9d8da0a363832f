//! No self-elevation, through any door (domain.md section 5): a command of a member
//! may not raise that member's own effective access on an environment that existed
//! before the command — a policy it did not hold there, or ownership.
//!
//! The check does not know commands: it reads what the transaction wrote. Only
//! records that can change the actor's own access matter (its own collaborations,
//! environments, groups, roles and policies of an owner it is active with); another
//! member's record never does. When such records were written, the actor's access is
//! measured after the command, the transaction is rewound to measure it before, and
//! replayed. So every path (group remove, move or rename, attach, detach, transfer,
//! undo, and any future command) is covered by the same lines.

use std::collections::{BTreeSet, HashMap};

use super::{AccountId, BTreeMap, Change, EnvId, Error, Platform, PolicyRef, Result, Tx};

/// Which of an owner's environments a transaction can have changed for the actor.
enum Scope {
    All,
    Some(BTreeSet<EnvId>),
}

/// Refuses the transaction when it raised the actor's own access (see the module).
pub(crate) fn refuse_self_elevation(tx: &mut Tx<'_>, actor: AccountId) -> Result<()> {
    // The first write of a record in the journal holds its value before the command.
    let mut env_before: HashMap<EnvId, Option<AccountId>> = HashMap::new();
    let mut scopes: BTreeMap<AccountId, Scope> = BTreeMap::new();
    let widen = |scopes: &mut BTreeMap<AccountId, Scope>, owner: AccountId| {
        scopes.insert(owner, Scope::All);
    };
    for change in &tx.undo {
        match change {
            Change::Env(id, old) => {
                let first = env_before
                    .entry(*id)
                    .or_insert_with(|| old.as_ref().map(|e| e.owner));
                let now_owner =
                    tx.p.envs
                        .get(id.index())
                        .and_then(|e| e.as_ref())
                        .map(|e| e.owner);
                for owner in [*first, now_owner].into_iter().flatten() {
                    match scopes
                        .entry(owner)
                        .or_insert_with(|| Scope::Some(BTreeSet::new()))
                    {
                        Scope::All => {}
                        Scope::Some(set) => {
                            set.insert(*id);
                        }
                    }
                }
            }
            // A group's record reaches only the environments in it or below it: those
            // attached or detached are environment changes themselves, the others are
            // in its subtree now (a rename or a new group changes no one's access).
            Change::Group(id, old) => {
                let owner = old
                    .as_ref()
                    .map(|g| g.owner)
                    .or_else(|| owner_now(tx.p.groups.get(id.index()), |g| g.owner));
                if let Some(owner) = owner
                    && tx.p.groups.get(id.index()).is_some_and(Option::is_some)
                {
                    let below: Vec<EnvId> =
                        tx.p.subtree(*id)
                            .into_iter()
                            .flat_map(|g| tx.p.envs_in_group(g).collect::<Vec<_>>())
                            .collect();
                    if let Scope::Some(set) = scopes
                        .entry(owner)
                        .or_insert_with(|| Scope::Some(BTreeSet::new()))
                    {
                        set.extend(below);
                    }
                }
            }
            Change::Role(id, old) => {
                if let Some(owner) = old
                    .as_ref()
                    .map(|r| r.owner)
                    .or_else(|| owner_now(tx.p.roles.get(id.index()), |r| r.owner))
                {
                    widen(&mut scopes, owner);
                }
            }
            Change::Policy(id, old) => {
                if let Some(owner) = old
                    .as_ref()
                    .map(|p| p.owner)
                    .or_else(|| owner_now(tx.p.policies.get(id.index()), |p| p.owner))
                {
                    widen(&mut scopes, owner);
                }
            }
            Change::Collab(id, old) => {
                let rec = old
                    .as_ref()
                    .or_else(|| tx.p.collabs.get(id.index()).and_then(Option::as_ref));
                if let Some(rec) = rec
                    && rec.member == actor
                {
                    widen(&mut scopes, rec.owner);
                }
            }
            Change::Account(..) | Change::TaskPushed(_) | Change::TaskRemoved(_) => {}
        }
    }
    // Ownership: an environment that existed and was someone else's is now the actor's.
    for (env, before) in &env_before {
        if let Some(before) = before
            && *before != actor
            && tx
                .p
                .envs
                .get(env.index())
                .and_then(Option::as_ref)
                .is_some_and(|e| e.owner == actor)
        {
            return Err(raised(&tx.p.env(*env).name));
        }
    }
    // Only owners the actor is active with can give it access after the command.
    scopes.retain(|owner, _| {
        *owner != actor
            && tx
                .p
                .collab_of(*owner, actor)
                .is_some_and(|c| tx.p.collab(c).is_active())
    });
    if scopes.is_empty() {
        return Ok(());
    }
    let after = measure(tx.p, actor, &scopes, &env_before);
    let forward: Vec<Change> = tx.undo.drain(..).rev().map(|inv| tx.p.apply(inv)).collect();
    let before = measure(tx.p, actor, &scopes, &env_before);
    for change in forward.into_iter().rev() {
        tx.put(change);
    }
    for (env, policies) in &after {
        let held = before.get(env);
        if policies.iter().any(|p| held.is_none_or(|h| !h.contains(p))) {
            return Err(raised(&tx.p.env(*env).name));
        }
    }
    Ok(())
}

fn owner_now<T>(slot: Option<&Option<T>>, owner: impl Fn(&T) -> AccountId) -> Option<AccountId> {
    slot.and_then(Option::as_ref).map(owner)
}

fn raised(env: &str) -> Error {
    Error::denied(format!("it would raise your own access on {env}"))
}

/// The actor's effective policies on every environment in scope that existed before
/// the command (an environment the command created is nobody's "before").
fn measure(
    p: &Platform,
    actor: AccountId,
    scopes: &BTreeMap<AccountId, Scope>,
    env_before: &HashMap<EnvId, Option<AccountId>>,
) -> HashMap<EnvId, BTreeSet<PolicyRef>> {
    let mut out = HashMap::new();
    for (owner, scope) in scopes {
        let Some(c) = p.collab_of(*owner, actor) else {
            continue;
        };
        let rec = p.collab(c);
        let envs: Vec<EnvId> = match scope {
            Scope::All => p.envs_of(*owner).collect(),
            Scope::Some(set) => set
                .iter()
                .copied()
                .filter(|e| {
                    p.envs
                        .get(e.index())
                        .and_then(Option::as_ref)
                        .is_some_and(|x| x.owner == *owner)
                })
                .collect(),
        };
        for e in envs {
            if matches!(env_before.get(&e), Some(None)) {
                continue;
            }
            let access = p.effective_access(rec, e);
            if !access.roles.is_empty() {
                let policies: BTreeSet<PolicyRef> = access
                    .roles
                    .iter()
                    .flat_map(|r| p.role(*r).policies.iter().copied())
                    .collect();
                out.entry(e).or_insert_with(BTreeSet::new).extend(policies);
            }
        }
    }
    out
}
