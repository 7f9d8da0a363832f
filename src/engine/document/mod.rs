//! The platform as a serializable document (the state file's content), and its
//! conversion to and from the in-memory tables.
//!
//! Loading validates the whole platform before anything uses it: every reference
//! resolves, names are unique and well-formed, every group's parent exists. A
//! document that fails is refused with a message naming the first problem.

mod load;
mod save;

use serde::{Deserialize, Serialize};

mod journal;

pub use journal::{
    DEFAULT_JOURNAL_LIMIT, EntryKind, JournalDoc, JournalEntry, Record, RecordChange,
};

/// The state file's format version: 2 added the change journal (`journal`).
pub const FORMAT_VERSION: u32 = 2;

/// 2^53 − 1, the largest integer every JSON reader represents exactly.
const MAX_EXACT_JSON_INTEGER: u64 = (1 << 53) - 1;

/// The highest task sequence number a file may hold. The engine refuses to record a
/// task past it (`INVALID_STATE`), so no save writes a number the loader refuses.
pub const MAX_TASK_SEQ: u64 = MAX_EXACT_JSON_INTEGER;

/// The highest journal sequence number a file may hold. The engine refuses a change
/// it could not record past it (`INVALID_STATE`), so every saved file loads again.
pub const MAX_JOURNAL_SEQ: u64 = MAX_EXACT_JSON_INTEGER;

/// The longest reason a task may carry; the engine writes far shorter ones.
pub const MAX_TASK_REASON: usize = 2000;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StateDocument {
    /// First, so that readers can check it before parsing the rest.
    pub version: u32,
    #[serde(default)]
    pub accounts: Vec<AccountDoc>,
    #[serde(default)]
    pub groups: Vec<GroupDoc>,
    #[serde(default)]
    pub environments: Vec<EnvDoc>,
    #[serde(default)]
    pub policies: Vec<PolicyDoc>,
    #[serde(default)]
    pub roles: Vec<RoleDoc>,
    #[serde(default)]
    pub collaborations: Vec<CollabDoc>,
    #[serde(default)]
    pub tasks: Vec<TaskDoc>,
    /// The change journal (format version 2): see `engine::journal`.
    #[serde(default)]
    pub journal: JournalDoc,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccountDoc {
    pub email: String,
    pub name: String,
    pub max_environments: u32,
    pub max_cloudlets_per_env: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GroupDoc {
    pub owner: String,
    pub path: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EnvDoc {
    pub name: String,
    pub owner: String,
    pub creator: String,
    pub status: String,
    pub cloudlets: u32,
    #[serde(default)]
    pub groups: Vec<String>,
    /// See `Environment::since`; absent in files written before it existed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub since: u64,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's `skip_serializing_if` passes the field by reference"
)]
fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicyDoc {
    pub owner: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub methods: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoleDoc {
    pub owner: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub policies: Vec<String>,
    #[serde(default)]
    pub notify: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CollabDoc {
    pub owner: String,
    pub member: String,
    pub name: String,
    pub status: String,
    pub changed: String,
    #[serde(default = "one")]
    pub invitations: u32,
    #[serde(default)]
    pub shares: Vec<ShareDoc>,
}

fn one() -> u32 {
    1
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ShareDoc {
    /// `envs`, `groups`, `group:A/B` or `env:NAME`.
    pub target: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TaskDoc {
    pub seq: u64,
    pub time: String,
    pub owner: String,
    pub env: Option<String>,
    pub method: String,
    pub initiator: String,
    pub outcome: String,
    pub reason: Option<String>,
}

/// Why a document cannot become a platform.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DocumentError(pub String);

type DocResult<T> = Result<T, DocumentError>;

fn bad<T>(msg: String) -> DocResult<T> {
    Err(DocumentError(msg))
}
