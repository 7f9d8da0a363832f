//! The platform's entities as plain data: accounts, environments, groups, policies,
//! roles, collaborations (member records) with their share entries, and tasks.
//!
//! Entities refer to each other by typed ids, never by name, so renames are cheap and
//! a dangling reference is a type error away. This module holds no logic beyond small
//! accessors; rules live in `access`, `authorize` and `apply`.

use std::fmt;
use std::sync::Arc;

use super::time::Timestamp;

mod shares;

pub use shares::{Entry as ShareEntry, Shares};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            pub(crate) fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// An account: identified on the platform by its email.
    AccountId
);
id_type!(
    /// An environment: identified on the platform by its name.
    EnvId
);
id_type!(
    /// An environment group of one owner.
    GroupId
);
id_type!(
    /// A role of one owner.
    RoleId
);
id_type!(
    /// A custom policy of one owner.
    CustomPolicyId
);
id_type!(
    /// A collaboration: one member's record with one owner.
    CollabId
);

/// One API method of the catalogue, interned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MethodId(pub u16);

/// A policy: one of the read-only system policies or an owner's custom policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyRef {
    System(u16),
    Custom(CustomPolicyId),
}

pub const DEFAULT_MAX_ENVIRONMENTS: u32 = 20;
pub const MAX_MAX_ENVIRONMENTS: u32 = 100_000;
pub const DEFAULT_MAX_CLOUDLETS: u32 = 64;
pub const DEFAULT_CLOUDLETS: u32 = 4;
/// The simulated price of one cloudlet for one hour, in cents of a currency unit.
pub const CENTS_PER_CLOUDLET_HOUR: u32 = 2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub email: String,
    pub name: String,
    pub max_environments: u32,
    pub max_cloudlets_per_env: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EnvStatus {
    Running,
    Stopped,
    Sleeping,
}

impl EnvStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EnvStatus::Running => "running",
            EnvStatus::Stopped => "stopped",
            EnvStatus::Sleeping => "sleeping",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "running" => Some(EnvStatus::Running),
            "stopped" => Some(EnvStatus::Stopped),
            "sleeping" => Some(EnvStatus::Sleeping),
            _ => None,
        }
    }
}

impl fmt::Display for EnvStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An environment's groups. Almost every environment is in a few groups, and every
/// walk over environments (access, the app's tree counts, review) reads them: up to
/// four are held in the record itself, so those walks read the record they already
/// have instead of a separate allocation per environment.
pub type GroupList = smallvec::SmallVec<[GroupId; 4]>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    pub owner: AccountId,
    pub creator: AccountId,
    pub status: EnvStatus,
    pub cloudlets: u32,
    /// The owner's groups this environment is in, sorted by id, no duplicates.
    pub groups: GroupList,
    /// The first task sequence number that can be about this environment: tasks carry
    /// the environment's name, and a name can be reused after a deletion, so a task
    /// older than this is about an earlier environment of the same name. 0: unknown
    /// (a file written before it was recorded), every task of the name counts.
    pub since: u64,
}

impl Environment {
    /// Simulated cost of one hour at the current size, in cents.
    pub fn cents_per_hour(&self) -> u64 {
        u64::from(self.cloudlets) * u64::from(CENTS_PER_CLOUDLET_HOUR)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub owner: AccountId,
    pub parent: Option<GroupId>,
    /// The last segment of the path.
    pub name: String,
    /// The full path `A/B/C`, kept in step with the parents' names.
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomPolicy {
    pub owner: AccountId,
    pub name: String,
    pub description: String,
    /// Sorted, no duplicates.
    pub methods: Vec<MethodId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub owner: AccountId,
    pub name: String,
    pub description: String,
    /// At least one; sorted by policy id (the order grants are named in).
    pub policies: Vec<PolicyRef>,
    pub notify: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CollabStatus {
    Pending,
    Active,
    Suspended,
    Left,
    Rejected,
}

impl CollabStatus {
    pub const ALL: [CollabStatus; 5] = [
        CollabStatus::Pending,
        CollabStatus::Active,
        CollabStatus::Suspended,
        CollabStatus::Left,
        CollabStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CollabStatus::Pending => "pending",
            CollabStatus::Active => "active",
            CollabStatus::Suspended => "suspended",
            CollabStatus::Left => "left",
            CollabStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl fmt::Display for CollabStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a share entry points at. The derived order is the display order: the two
/// categories first, then groups, then environments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ShareTarget {
    /// The *Environments* category: every environment of the owner (the base level).
    AllEnvs,
    /// The *Env Groups* category: the default roles for shared groups.
    AllGroups,
    Group(GroupId),
    Env(EnvId),
}

/// Roles of one share entry, sorted by id, no duplicates; may be empty (ticked only).
pub type RoleList = smallvec::SmallVec<[RoleId; 4]>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collaboration {
    pub owner: AccountId,
    pub member: AccountId,
    /// The owner's label for the member.
    pub name: String,
    pub status: CollabStatus,
    pub changed: Timestamp,
    /// How many times the invitation was sent.
    pub invitations: u32,
    pub shares: Shares,
}

impl Collaboration {
    pub fn is_active(&self) -> bool {
        self.status == CollabStatus::Active
    }

    /// The roles of an entry, if the entry exists.
    pub fn entry(&self, target: ShareTarget) -> Option<&RoleList> {
        self.shares.get(&target)
    }

    /// The roles of an entry that carries at least one role.
    pub fn roles_at(&self, target: ShareTarget) -> Option<&RoleList> {
        self.shares.get(&target).filter(|r| !r.is_empty())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Denied => "denied",
        }
    }
}

/// One entry of the task log. Names are stored as they were at the time, so the log
/// outlives deleted environments and renamed things.
///
/// A log holds many tasks per environment and few methods, so a task holds its method
/// as the catalogue's id (a state file's methods are checked against the catalogue at
/// load) and its environment's name as a shared string: the tasks of one name share
/// one copy, and copying the log copies no names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub seq: u64,
    pub time: Timestamp,
    pub owner: AccountId,
    pub env: Option<Arc<str>>,
    pub method: MethodId,
    pub initiator: AccountId,
    pub outcome: Outcome,
    pub reason: Option<String>,
}

/// The three access levels of section 4, plus the owner and no access at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Level {
    Owner,
    Direct,
    Groups,
    Base,
    #[default]
    None,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Owner => "owner",
            Level::Direct => "direct",
            Level::Groups => "groups",
            Level::Base => "base",
            Level::None => "none",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
