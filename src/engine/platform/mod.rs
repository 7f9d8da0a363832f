//! The platform's tables and the indexes derived from them.
//!
//! Every write goes through one `set_*` primitive per table (in `write`), which replaces one
//! record (or removes it) and keeps every index in step. That makes three things
//! fall out: transactions (a journal of old values to roll back), undo/redo (the same
//! journal replayed backwards or forwards) and index correctness (there is exactly
//! one place each index is maintained, checked by `check_invariants`).

use std::collections::{BTreeSet, HashMap};

use super::error::{Error, Result};
use super::model::{
    Account, AccountId, CollabId, Collaboration, CustomPolicy, CustomPolicyId, EnvId, Environment,
    Group, GroupId, Role, RoleId, Task,
};
use super::quick_hash::QuickHash;

mod look;
mod write;

/// One replaced record: the table, the id and the value it held (`None`: absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    Account(AccountId, Option<Account>),
    Env(EnvId, Option<Environment>),
    Group(GroupId, Option<Group>),
    Policy(CustomPolicyId, Option<CustomPolicy>),
    Role(RoleId, Option<Role>),
    Collab(CollabId, Option<Collaboration>),
    /// The task log grew by this task, kept in sequence order (its inverse removes
    /// exactly this task, so undo never takes a denied attempt logged after it).
    TaskPushed(Task),
    /// The task with this sequence number left the log.
    TaskRemoved(u64),
}

/// Arena tables plus indexes. Ids are slots; a removed record leaves `None`.
#[derive(Clone, Debug, Default)]
pub struct Platform {
    pub(crate) accounts: Vec<Option<Account>>,
    pub(crate) envs: Vec<Option<Environment>>,
    pub(crate) groups: Vec<Option<Group>>,
    pub(crate) policies: Vec<Option<CustomPolicy>>,
    pub(crate) roles: Vec<Option<Role>>,
    pub(crate) collabs: Vec<Option<Collaboration>>,
    pub(crate) tasks: Vec<Task>,
    pub(crate) index: Indexes,
}

/// Everything here is derived from the tables and could be rebuilt from them. Maps
/// keyed by ids alone use the quick hash: the engine hands out ids, so a state file
/// cannot choose them to collide; maps keyed by names keep the standard hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Indexes {
    pub account_by_email: HashMap<String, AccountId>,
    pub env_by_name: HashMap<String, EnvId>,
    pub envs_of_owner: HashMap<AccountId, BTreeSet<EnvId>, QuickHash>,
    pub envs_in_group: HashMap<GroupId, BTreeSet<EnvId>, QuickHash>,
    pub group_by_path: HashMap<(AccountId, String), GroupId>,
    pub groups_of_owner: HashMap<AccountId, BTreeSet<GroupId>, QuickHash>,
    pub group_children: HashMap<GroupId, BTreeSet<GroupId>, QuickHash>,
    /// Keyed by owner, parent and the look-alike key of the name (see `names`).
    pub group_by_look: HashMap<(AccountId, Option<GroupId>, String), BTreeSet<GroupId>>,
    /// Keyed by the lower-cased name.
    pub role_by_name: HashMap<(AccountId, String), RoleId>,
    pub roles_of_owner: HashMap<AccountId, BTreeSet<RoleId>, QuickHash>,
    pub role_by_look: HashMap<(AccountId, String), BTreeSet<RoleId>>,
    /// Keyed by the lower-cased name.
    pub policy_by_name: HashMap<(AccountId, String), CustomPolicyId>,
    pub policies_of_owner: HashMap<AccountId, BTreeSet<CustomPolicyId>, QuickHash>,
    pub policy_by_look: HashMap<(AccountId, String), BTreeSet<CustomPolicyId>>,
    /// Asked on every `check`: a quick hash of the two ids.
    pub collab_by_pair: HashMap<(AccountId, AccountId), CollabId, QuickHash>,
    pub collabs_of_owner: HashMap<AccountId, BTreeSet<CollabId>, QuickHash>,
    pub collabs_of_member: HashMap<AccountId, BTreeSet<CollabId>, QuickHash>,
    /// How many pairs of environments next to each other in id order (among live
    /// ones) are out of name order. Zero when the ids follow the names, as they do on
    /// a platform loaded from a file (saved by name) until an environment is created
    /// with a smaller name than the last one: then name order is id order, and a list
    /// of environments is put in name order without reading a name.
    pub env_descents: usize,
}

/// The record behind an id, for the read accessors below.
///
/// # Panics
///
/// On a dangling id: one outside the table, or of a removed record.
#[expect(
    clippy::panic,
    reason = "ids come only from the platform's own tables and every reference to a removed \
              record goes with it (`check_invariants` verifies both after each command), so a \
              dangling id is an engine bug; stopping beats answering about the wrong record"
)]
fn live<'a, T>(
    table: &'a [Option<T>],
    id: impl std::fmt::Debug + Copy,
    i: usize,
    what: &str,
) -> &'a T {
    match table.get(i) {
        Some(Some(record)) => record,
        _ => panic!("dangling {what} id {id:?}"),
    }
}

/// The id of the next record in a table of `len` records: ids are `u32`, so a table
/// that already names every `u32` refuses to grow rather than wrap onto a live id.
fn next_index(len: usize, what: &str) -> Result<u32> {
    u32::try_from(len).map_err(|_| {
        Error::QuotaExceeded(format!(
            "the platform cannot hold more than {len} {what} records"
        ))
    })
}

impl Platform {
    // ----- reads -------------------------------------------------------------
    //
    // The record accessors panic on a dangling id (see `live`): an id is only ever
    // one the platform handed out for a record that still exists.

    pub fn account(&self, id: AccountId) -> &Account {
        live(&self.accounts, id, id.index(), "account")
    }

    pub fn env(&self, id: EnvId) -> &Environment {
        live(&self.envs, id, id.index(), "environment")
    }

    pub fn group(&self, id: GroupId) -> &Group {
        live(&self.groups, id, id.index(), "group")
    }

    pub fn role(&self, id: RoleId) -> &Role {
        live(&self.roles, id, id.index(), "role")
    }

    pub fn custom_policy(&self, id: CustomPolicyId) -> &CustomPolicy {
        live(&self.policies, id, id.index(), "policy")
    }

    pub fn collab(&self, id: CollabId) -> &Collaboration {
        live(&self.collabs, id, id.index(), "collaboration")
    }

    /// Whether an account id still names an account (undo can remove one).
    pub fn has_account(&self, id: AccountId) -> bool {
        self.accounts.get(id.index()).is_some_and(Option::is_some)
    }

    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    pub fn account_ids(&self) -> impl Iterator<Item = AccountId> + '_ {
        ids(&self.accounts).map(AccountId)
    }

    pub fn env_ids(&self) -> impl Iterator<Item = EnvId> + '_ {
        ids(&self.envs).map(EnvId)
    }

    pub fn group_ids(&self) -> impl Iterator<Item = GroupId> + '_ {
        ids(&self.groups).map(GroupId)
    }

    pub fn role_ids(&self) -> impl Iterator<Item = RoleId> + '_ {
        ids(&self.roles).map(RoleId)
    }

    pub fn custom_policy_ids(&self) -> impl Iterator<Item = CustomPolicyId> + '_ {
        ids(&self.policies).map(CustomPolicyId)
    }

    pub fn collab_ids(&self) -> impl Iterator<Item = CollabId> + '_ {
        ids(&self.collabs).map(CollabId)
    }

    pub fn account_by_email(&self, email: &str) -> Option<AccountId> {
        self.index.account_by_email.get(email).copied()
    }

    pub fn env_by_name(&self, name: &str) -> Option<EnvId> {
        self.index.env_by_name.get(name).copied()
    }

    pub fn group_by_path(&self, owner: AccountId, path: &str) -> Option<GroupId> {
        self.index
            .group_by_path
            .get(&(owner, path.to_string()))
            .copied()
    }

    pub fn role_by_name(&self, owner: AccountId, name: &str) -> Option<RoleId> {
        self.index
            .role_by_name
            .get(&(owner, name.to_lowercase()))
            .copied()
    }

    pub fn custom_policy_by_name(&self, owner: AccountId, name: &str) -> Option<CustomPolicyId> {
        self.index
            .policy_by_name
            .get(&(owner, name.to_lowercase()))
            .copied()
    }

    pub fn collab_of(&self, owner: AccountId, member: AccountId) -> Option<CollabId> {
        self.index.collab_by_pair.get(&(owner, member)).copied()
    }

    /// The owner's environments by id; the iterator knows its length, which
    /// [`Platform::access_each`] reads to choose its memo.
    pub fn envs_of(&self, owner: AccountId) -> impl ExactSizeIterator<Item = EnvId> + '_ {
        static NONE: BTreeSet<EnvId> = BTreeSet::new();
        self.index
            .envs_of_owner
            .get(&owner)
            .unwrap_or(&NONE)
            .iter()
            .copied()
    }

    /// Whether environment ids follow their names: then a list of environments in id
    /// order is in name order (byte order, which for environment names is also
    /// case-insensitive order). True of a platform loaded from a file, whose
    /// environments are saved by name, until one is created (on the next id) with a
    /// name smaller than the last one's.
    pub fn env_ids_follow_names(&self) -> bool {
        self.index.env_descents == 0
    }

    /// Sorts `items` by the name of the environment `env` gives for each, then by id,
    /// keeping the order of items with the same environment. Compares ids alone while
    /// [`Platform::env_ids_follow_names`], names otherwise. (Looking the names up at
    /// each comparison was faster for `access` rows than reading each once into keys
    /// and then moving the rows into place: the rows are large, and their runs come
    /// mostly in order.)
    pub fn sort_by_env_name<T>(&self, items: &mut [T], env: impl Fn(&T) -> EnvId) {
        if self.env_ids_follow_names() {
            items.sort_by_key(|x| env(x));
        } else {
            items.sort_by(|a, b| {
                let (a, b) = (env(a), env(b));
                self.env(a).name.cmp(&self.env(b).name).then(a.cmp(&b))
            });
        }
    }

    /// The owner's environments by name (ties by id).
    pub fn envs_by_name(&self, owner: AccountId) -> Vec<EnvId> {
        let mut ids: Vec<EnvId> = self.envs_of(owner).collect();
        self.sort_by_env_name(&mut ids, |e| *e);
        ids
    }

    pub fn env_count(&self, owner: AccountId) -> usize {
        self.index
            .envs_of_owner
            .get(&owner)
            .map_or(0, BTreeSet::len)
    }

    pub fn envs_in_group(&self, group: GroupId) -> impl Iterator<Item = EnvId> + '_ {
        self.index
            .envs_in_group
            .get(&group)
            .into_iter()
            .flatten()
            .copied()
    }

    pub fn groups_of(&self, owner: AccountId) -> impl Iterator<Item = GroupId> + '_ {
        self.index
            .groups_of_owner
            .get(&owner)
            .into_iter()
            .flatten()
            .copied()
    }

    pub fn children_of(&self, group: GroupId) -> impl Iterator<Item = GroupId> + '_ {
        self.index
            .group_children
            .get(&group)
            .into_iter()
            .flatten()
            .copied()
    }

    /// The group and all its descendants, parents before children.
    pub fn subtree(&self, group: GroupId) -> Vec<GroupId> {
        let mut out = vec![group];
        let mut i = 0;
        while let Some(&g) = out.get(i) {
            out.extend(self.children_of(g));
            i += 1;
        }
        out
    }

    pub fn roles_of(&self, owner: AccountId) -> impl Iterator<Item = RoleId> + '_ {
        self.index
            .roles_of_owner
            .get(&owner)
            .into_iter()
            .flatten()
            .copied()
    }

    pub fn custom_policies_of(
        &self,
        owner: AccountId,
    ) -> impl Iterator<Item = CustomPolicyId> + '_ {
        self.index
            .policies_of_owner
            .get(&owner)
            .into_iter()
            .flatten()
            .copied()
    }

    /// Collaborations where `owner` shares (the owner's members).
    pub fn collabs_of_owner(
        &self,
        owner: AccountId,
    ) -> impl ExactSizeIterator<Item = CollabId> + '_ {
        static NONE: BTreeSet<CollabId> = BTreeSet::new();
        self.index
            .collabs_of_owner
            .get(&owner)
            .unwrap_or(&NONE)
            .iter()
            .copied()
    }

    /// Collaborations where `member` is the member (shared with it).
    pub fn collabs_of_member(&self, member: AccountId) -> impl Iterator<Item = CollabId> + '_ {
        self.index
            .collabs_of_member
            .get(&member)
            .into_iter()
            .flatten()
            .copied()
    }

    pub(crate) fn next_account_id(&self) -> Result<AccountId> {
        next_index(self.accounts.len(), "account").map(AccountId)
    }
    pub(crate) fn next_env_id(&self) -> Result<EnvId> {
        next_index(self.envs.len(), "environment").map(EnvId)
    }
    pub(crate) fn next_group_id(&self) -> Result<GroupId> {
        next_index(self.groups.len(), "group").map(GroupId)
    }
    pub(crate) fn next_role_id(&self) -> Result<RoleId> {
        next_index(self.roles.len(), "role").map(RoleId)
    }
    pub(crate) fn next_policy_id(&self) -> Result<CustomPolicyId> {
        next_index(self.policies.len(), "policy").map(CustomPolicyId)
    }
    pub(crate) fn next_collab_id(&self) -> Result<CollabId> {
        next_index(self.collabs.len(), "collaboration").map(CollabId)
    }
    /// The next task's sequence number, or `None` when the log has reached
    /// [`MAX_TASK_SEQ`](super::MAX_TASK_SEQ) (a number is never wrapped or reused).
    pub(crate) fn next_task_seq(&self) -> Option<u64> {
        match self.tasks.last() {
            None => Some(1),
            Some(t) => t.seq.checked_add(1).filter(|s| *s <= super::MAX_TASK_SEQ),
        }
    }
}

fn ids<T>(table: &[Option<T>]) -> impl Iterator<Item = u32> + '_ {
    // Ids are `u32` (see `next_index`), so a table never outgrows the count.
    (0..)
        .zip(table)
        .filter(|(_, v)| v.is_some())
        .map(|(i, _)| i)
}
