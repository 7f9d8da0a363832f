//! Applying commands: authorize, validate, then change the tables through a
//! transaction that records the inverse of every write.
//!
//! Each `apply_*` function may fail at any point; the caller rolls the transaction
//! back, so a refused command changes nothing. Cascades of domain.md section 6 are
//! written here, next to the command that causes them.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::access::cmp_ci;
use super::catalogue::Catalogue;
use super::command::{Command, MemberOp, Response};
use super::error::{Error, Field, Result};
use super::model::{
    Account, AccountId, CollabId, CollabStatus, Collaboration, CustomPolicy, CustomPolicyId,
    DEFAULT_CLOUDLETS, DEFAULT_MAX_CLOUDLETS, DEFAULT_MAX_ENVIRONMENTS, EnvId, EnvStatus,
    Environment, Group, GroupId, GroupList, MethodId, PolicyRef, Role, RoleId, RoleList,
    ShareTarget, Shares, Task,
};
use super::platform::{Change, Platform};
use super::time::Timestamp;
use super::validate::{self, ShareSpec, TargetSpec};

mod elevation;
pub(crate) use elevation::refuse_self_elevation;
mod envs;
mod groups;
mod members;
mod roles;

use envs::{attach_env, clone_env, create_env, delete_env, env_do, transfer_env};
use groups::{add_group, remove_group, rename_group};
use members::{copy_member, edit_member, invite, member_op, respond, set_direct};
use roles::{add_policy, add_role, copy_role, delete_policy, delete_role, edit_policy, edit_role};

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
    /// An undo or redo step.
    History,
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

impl<'a> Tx<'a> {
    /// A transaction on `p` at `now`, with nothing to undo yet.
    pub fn new(p: &'a mut Platform, now: Timestamp) -> Tx<'a> {
        Tx {
            p,
            undo: Vec::new(),
            now,
        }
    }

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
    ) -> Result<u64> {
        let seq = self.p.next_task_seq().ok_or_else(task_log_full)?;
        self.put(Change::TaskPushed(Task {
            seq,
            time: self.now,
            owner,
            env: Some(Arc::from(env)),
            method,
            initiator: actor,
            outcome: Outcome_::Done,
            reason: None,
        }));
        Ok(seq)
    }
}

/// The refusal when the task log has used every sequence number it may hold.
pub(crate) fn task_log_full() -> Error {
    Error::InvalidState(format!(
        "the task log is full (sequence numbers end at {}); no environment action can be recorded",
        super::MAX_TASK_SEQ
    ))
}

use super::model::Outcome as Outcome_;

#[expect(
    clippy::panic,
    reason = "the engine names catalogue methods by constant names, checked by the test suite; a missing one is a build defect"
)]
fn method(name: &str) -> MethodId {
    match Catalogue::get().method(name) {
        Some(m) => m,
        None => panic!("method {name} missing from the catalogue"),
    }
}

pub(crate) fn apply(tx: &mut Tx<'_>, actor: Option<AccountId>, cmd: &Command) -> Result<Outcome> {
    if !tx.now.in_range() {
        // A time outside the range could be saved but never loaded again.
        return Err(Error::InvalidState(format!(
            "the clock reads a time outside {} to {}; set the system clock",
            Timestamp::MIN,
            Timestamp::MAX
        )));
    }
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
    let outcome = apply_command(tx, a, cmd)?;
    // Accepting an invitation is the one command that may raise the actor's access.
    let accepting = matches!(
        cmd,
        Command::Respond {
            response: Response::Accept,
            ..
        }
    );
    if let Some(a) = actor
        && !accepting
    {
        elevation::refuse_self_elevation(tx, a)?;
    }
    Ok(outcome)
}

/// Authorizes, validates and applies one command (the actor is a placeholder for
/// commands that need none).
fn apply_command(tx: &mut Tx<'_>, a: AccountId, cmd: &Command) -> Result<Outcome> {
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
        let message = format!("account {email} already exists");
        return Err(Error::duplicate(Field::Email, email, message));
    }
    let name = match name {
        Some(n) => validate::display_name(Field::Name, n)?,
        None => validate::default_name(&email),
    };
    let max_environments = match max_envs {
        Some(n) => validate::max_environments(n)?,
        None => DEFAULT_MAX_ENVIRONMENTS,
    };
    let id = tx.p.next_account_id()?;
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
/// Another owner's account is refused first to anyone who is not an active member of
/// it, before any of its groups, roles or members is looked up: a refusal that named
/// them ("groups of O: …") or told them apart ("already exists") would show a
/// stranger what the owner keeps.
/// "N direct share entries" for whoever sees them all; "your own direct share entry"
/// (or nothing) for anyone else: `members` are the members whose entries went.
fn entries_removed(sees_all: bool, actor: AccountId, members: &[AccountId], kind: &str) -> String {
    let plural = |n: usize| if n == 1 { "y" } else { "ies" };
    if sees_all {
        let n = members.len();
        return format!("{n} {kind} entr{}", plural(n));
    }
    match members.iter().filter(|m| **m == actor).count() {
        0 => format!("none of your own {kind} entries"),
        n => format!("{n} of your own {kind} entr{}", plural(n)),
    }
}

fn owner_or_actor(p: &Platform, actor: AccountId, owner: Option<&str>) -> Result<AccountId> {
    match owner {
        Some(o) => {
            let o = p.find_account(o)?;
            if o != actor {
                p.active_collab(o, actor)?;
            }
            Ok(o)
        }
        None => Ok(actor),
    }
}

impl Platform {
    /// A share target as written in listings: `envs`, `groups`, `group:A/B`, `env:NAME`.
    pub fn target_label(&self, t: ShareTarget) -> String {
        let mut out = String::new();
        self.push_target_label(&mut out, t);
        out
    }

    /// [`Platform::target_label`], appended to `out`.
    pub fn push_target_label(&self, out: &mut String, t: ShareTarget) {
        let (kind, name) = self.target_parts(t);
        out.push_str(kind);
        out.push_str(name);
    }

    /// The order share entries are listed in (`member list`, a saved file, a review's
    /// fixes): by kind — the two categories, groups, environments — then by path or
    /// name, case-insensitively.
    pub fn cmp_targets(&self, a: ShareTarget, b: ShareTarget) -> std::cmp::Ordering {
        let rank = |t: ShareTarget| match t {
            ShareTarget::AllEnvs => 0,
            ShareTarget::AllGroups => 1,
            ShareTarget::Group(_) => 2,
            ShareTarget::Env(_) => 3,
        };
        rank(a)
            .cmp(&rank(b))
            .then_with(|| super::access::cmp_ci(self.target_parts(a).1, self.target_parts(b).1))
    }

    /// A target's kind as written, and its path or name (empty for a category).
    fn target_parts(&self, t: ShareTarget) -> (&'static str, &str) {
        match t {
            ShareTarget::AllEnvs => ("envs", ""),
            ShareTarget::AllGroups => ("groups", ""),
            ShareTarget::Group(g) => ("group:", &self.group(g).path),
            ShareTarget::Env(e) => ("env:", &self.env(e).name),
        }
    }
}
