//! Read-only views of the platform as plain rows, in exactly the shapes of the
//! command-line contract (cli.md, "JSON shapes"), filtered to what the viewer may see.
//!
//! Rows are data, not text: the command line prints them as JSON or tables, the app
//! draws them. Fields marked `skip` are extra facts for people, not part of the
//! contract.

use serde::Serialize;

pub use super::access::RoleNames;
use super::access::cmp_ci;
use super::model::{AccountId, CollabStatus, EnvId, EnvStatus, Level};
use super::platform::Platform;

mod access;
mod lists;

pub use lists::TaskEnvs;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct AccountRow {
    pub email: String,
    pub name: String,
    pub environments: usize,
    pub members: usize,
    pub collaborations: usize,
    #[serde(skip)]
    pub pending_invitations: usize,
    #[serde(skip)]
    pub max_environments: u32,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GrantRow {
    pub role: String,
    pub policy: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CheckRow {
    pub allowed: bool,
    pub member: String,
    pub env: String,
    pub method: String,
    pub level: Level,
    pub roles: Vec<String>,
    pub granted_by: Option<GrantRow>,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ActionRow {
    pub method: String,
    pub allowed: bool,
    pub granted_by: Option<GrantRow>,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GroupLevelRow {
    pub group: String,
    pub roles: Vec<String>,
    /// The group whose entry supplied the roles, or `*` for the category default.
    pub from: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct LevelsRow {
    pub direct: Option<Vec<String>>,
    pub groups: Vec<GroupLevelRow>,
    pub base: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ExplainRow {
    pub member: String,
    pub env: String,
    pub owner: String,
    pub status: String,
    pub level: Level,
    pub roles: Vec<String>,
    pub policies: Vec<String>,
    pub notify: bool,
    pub levels: LevelsRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionRow>,
    /// Every group of the environment, with what it resolved to (empty: nothing).
    #[serde(skip)]
    pub all_groups: Vec<GroupLevelRow>,
    #[serde(skip)]
    pub direct_ticked: bool,
    /// The level the entries give as configured, whatever the status.
    #[serde(skip)]
    pub configured_level: Level,
    #[serde(skip)]
    pub configured_roles: Vec<String>,
}

/// One environment a member reaches. Borrowed from the platform: `access` of a member
/// on a large platform has a row per environment, and copying each row's text cost
/// more than finding the rows.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct AccessRow<'p> {
    /// The environment's id, which orders the rows (not in the JSON).
    #[serde(skip)]
    pub env_id: EnvId,
    pub env: &'p str,
    pub owner: &'p str,
    pub level: Level,
    pub roles: RoleNames<'p>,
}

/// One account that sees an environment, borrowed from the platform like
/// [`AccessRow`].
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct WhoRow<'p> {
    pub account: &'p str,
    pub level: Level,
    pub roles: RoleNames<'p>,
    pub status: &'static str,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct AlertRow {
    pub env: String,
    pub notify: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ShareRow {
    pub member: String,
    pub roles: Vec<String>,
    pub level: Level,
    pub status: CollabStatus,
    #[serde(skip)]
    pub name: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ShareEntryRow {
    pub target: String,
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct MemberRow {
    pub email: String,
    pub name: String,
    pub status: CollabStatus,
    pub shares: Vec<ShareEntryRow>,
    #[serde(skip)]
    pub changed: String,
    #[serde(skip)]
    pub owner: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CollaborationRow {
    pub owner: String,
    pub status: CollabStatus,
    pub shares: Vec<ShareEntryRow>,
    #[serde(skip)]
    pub changed: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct EnvRow {
    pub name: String,
    pub owner: String,
    pub creator: String,
    pub status: EnvStatus,
    pub groups: Vec<String>,
    pub level: Level,
    pub roles: Vec<String>,
    #[serde(skip)]
    pub cloudlets: u32,
    /// Cents per hour, when the viewer may see prices.
    #[serde(skip)]
    pub cents_per_hour: Option<u64>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct RoleRow {
    pub name: String,
    pub policies: Vec<String>,
    pub notify: bool,
    pub description: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PolicyRow {
    pub id: String,
    pub name: String,
    pub category: String,
    pub description: String,
    pub methods: Vec<String>,
    pub system: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TaskRow {
    pub seq: u64,
    pub time: String,
    pub env: Option<String>,
    pub method: String,
    pub initiator: String,
    pub outcome: String,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GroupRow {
    pub owner: String,
    pub group: String,
}

impl Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for CollabStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for EnvStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn sort_ci<T>(rows: &mut [T], key: impl Fn(&T) -> &str) {
    rows.sort_by(|a, b| cmp_ci(key(a), key(b)));
}

/// Rows of distinct accounts in email order. An email is stored lower-case ASCII (a
/// typed one is lower-cased, a loaded file with another is refused), so folding its
/// case changes nothing: the bytes compare, and [`sort_ci`] would give this order.
fn sort_by_email<T>(rows: &mut [T], email: impl Fn(&T) -> &str) {
    rows.sort_unstable_by(|a, b| email(a).cmp(email(b)));
}

impl Platform {
    fn email(&self, a: AccountId) -> String {
        self.account(a).email.clone()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{sort_by_email, sort_ci};
    use crate::engine::validate;

    proptest! {
        /// What `sort_by_email` relies on: every email the platform holds is what
        /// `validate::email` made of some input, and on those the bytes order as the
        /// case-folded comparison does.
        #[test]
        fn stored_emails_sort_by_bytes_as_by_folded_case(
            raw in proptest::collection::vec("[A-Za-z0-9._%+-]{1,6}@[A-Za-z0-9-]{1,5}\\.[A-Za-z]{2,3}", 1..20)
        ) {
            let emails: Vec<String> = raw.iter().filter_map(|r| validate::email(r).ok()).collect();
            let mut folded = emails.clone();
            sort_ci(&mut folded, String::as_str);
            folded.dedup();
            let mut bytes = emails;
            sort_by_email(&mut bytes, String::as_str);
            bytes.dedup();
            prop_assert_eq!(bytes, folded);
        }
    }
}
