//! What changed between two platforms (two state files): the configuration, record by
//! record, and the consequence for effective access, member by environment.
//!
//! Records are matched by identity as users name them, never by internal ids (two
//! files number their records independently): accounts by email, environments by
//! name, groups by (owner, path), roles and custom policies by (owner, name),
//! collaborations by (owner, member). A rename is therefore a removal plus an
//! addition. This module reads two platforms and writes nothing.

use std::collections::BTreeMap;

use serde::Serialize;

use super::access::cmp_ci;
use super::model::AccountId;
use super::platform::Platform;
use super::preview::AccessChange;

mod access;
mod owners;
mod report;
mod side;

pub use report::{ReportFacts, access_report};

/// One changed record or field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigChange {
    /// `account`, `env`, `group`, `role`, `policy`, `member` or `share`.
    pub kind: &'static str,
    /// The owning account, for groups, roles, policies, members and shares.
    pub owner: Option<String>,
    /// The record: an email, an environment name, a group path, a role or policy
    /// name; for a share, the member's email.
    pub name: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The changed field (for a share: its target, such as `env:shop-prod`).
    pub field: Option<String>,
    pub before: Option<FieldValue>,
    pub after: Option<FieldValue>,
}

/// A field's value: a text, or a list (an environment's groups, a role's policies, a
/// custom policy's methods), which `--json` gives as an array. A share's roles stay
/// the text a share spec writes (`Admin+Viewer`, `(ticked)`), as the README documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    Text(String),
    List(Vec<String>),
}

impl FieldValue {
    /// The text, for a field that is one.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(t) => Some(t),
            FieldValue::List(_) => None,
        }
    }
}

/// As people read it: a list's items joined with `, `.
impl std::fmt::Display for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldValue::Text(t) => f.write_str(t),
            FieldValue::List(items) => f.write_str(&items.join(", ")),
        }
    }
}

/// Everything that differs between two platforms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlatformDiff {
    pub identical: bool,
    pub changes: Vec<ConfigChange>,
    pub access_diff: Vec<AccessChange>,
}

/// A record's fields by name, as compared.
type Fields = Vec<(&'static str, FieldValue)>;

/// One side of the comparison: every record by identity, with its fields.
#[derive(Default)]
struct Facts {
    accounts: BTreeMap<String, Fields>,
    envs: BTreeMap<String, Fields>,
    groups: BTreeMap<(String, String), Fields>,
    roles: BTreeMap<(String, String), Fields>,
    policies: BTreeMap<(String, String), Fields>,
    members: BTreeMap<(String, String), Fields>,
    /// (owner, member) -> target -> role names, sorted.
    shares: BTreeMap<(String, String), BTreeMap<String, Vec<String>>>,
}

fn list(items: impl IntoIterator<Item = String>) -> FieldValue {
    FieldValue::List(items.into_iter().collect())
}

fn text(t: impl Into<String>) -> FieldValue {
    FieldValue::Text(t.into())
}

/// Roles as a share spec writes them: `Admin+Viewer`, or `(ticked)` for none.
fn roles_text(roles: &[String]) -> FieldValue {
    text(if roles.is_empty() {
        "(ticked)".into()
    } else {
        roles.join("+")
    })
}

impl Facts {
    fn of(p: &Platform) -> Facts {
        let email = |a: AccountId| p.account(a).email.clone();
        let mut f = Facts::default();
        for a in p.account_ids() {
            let acc = p.account(a);
            f.accounts.insert(
                acc.email.clone(),
                vec![
                    ("name", text(acc.name.clone())),
                    ("max_environments", text(acc.max_environments.to_string())),
                    (
                        "max_cloudlets_per_env",
                        text(acc.max_cloudlets_per_env.to_string()),
                    ),
                ],
            );
        }
        for e in p.env_ids() {
            let env = p.env(e);
            let mut groups: Vec<String> = env
                .groups
                .iter()
                .map(|g| p.group(*g).path.clone())
                .collect();
            groups.sort_by(|a, b| cmp_ci(a, b));
            f.envs.insert(
                env.name.clone(),
                vec![
                    ("owner", text(email(env.owner))),
                    ("creator", text(email(env.creator))),
                    ("status", text(env.status.as_str())),
                    ("cloudlets", text(env.cloudlets.to_string())),
                    ("groups", list(groups)),
                ],
            );
        }
        for g in p.group_ids() {
            let group = p.group(g);
            f.groups
                .insert((email(group.owner), group.path.clone()), Vec::new());
        }
        for r in p.role_ids() {
            let role = p.role(r);
            let mut policies: Vec<String> = role
                .policies
                .iter()
                .map(|x| p.policy_id(*x).to_string())
                .collect();
            policies.sort_by(|a, b| cmp_ci(a, b));
            f.roles.insert(
                (email(role.owner), role.name.clone()),
                vec![
                    ("policies", list(policies)),
                    ("notify", text(role.notify.to_string())),
                    ("description", text(role.description.clone())),
                ],
            );
        }
        for id in p.custom_policy_ids() {
            let pol = p.custom_policy(id);
            let cat = super::catalogue::Catalogue::get();
            let methods = pol.methods.iter().map(|m| cat.method_name(*m).to_string());
            f.policies.insert(
                (email(pol.owner), pol.name.clone()),
                vec![
                    ("methods", list(methods)),
                    ("description", text(pol.description.clone())),
                ],
            );
        }
        for c in p.collab_ids() {
            let rec = p.collab(c);
            let key = (email(rec.owner), email(rec.member));
            f.members.insert(
                key.clone(),
                vec![
                    ("status", text(rec.status.as_str())),
                    ("name", text(rec.name.clone())),
                ],
            );
            let shares = p
                .share_entry_rows(rec)
                .into_iter()
                .map(|s| (s.target, s.roles))
                .collect();
            f.shares.insert(key, shares);
        }
        f
    }
}

/// Compares two tables of records, field by field, into `out`.
fn compare<K: Ord + Clone>(
    kind: &'static str,
    old: &BTreeMap<K, Fields>,
    new: &BTreeMap<K, Fields>,
    name: impl Fn(&K) -> (Option<String>, String),
    out: &mut Vec<ConfigChange>,
) {
    let change = |k: &K,
                  change,
                  field: Option<&str>,
                  before: Option<&FieldValue>,
                  after: Option<&FieldValue>| {
        let (owner, name) = name(k);
        ConfigChange {
            kind,
            owner,
            name,
            change,
            field: field.map(str::to_string),
            before: before.cloned(),
            after: after.cloned(),
        }
    };
    for (k, before) in old {
        match new.get(k) {
            None => out.push(change(k, "removed", None, None, None)),
            Some(after) => {
                for ((field, b), (_, a)) in before.iter().zip(after) {
                    if a != b {
                        out.push(change(k, "changed", Some(field), Some(b), Some(a)));
                    }
                }
            }
        }
    }
    for k in new.keys().filter(|k| !old.contains_key(*k)) {
        out.push(change(k, "added", None, None, None));
    }
}

fn share_changes(old: &Facts, new: &Facts, out: &mut Vec<ConfigChange>) {
    let empty = BTreeMap::new();
    let keys: std::collections::BTreeSet<&(String, String)> =
        old.shares.keys().chain(new.shares.keys()).collect();
    for key in keys {
        let before = old.shares.get(key).unwrap_or(&empty);
        let after = new.shares.get(key).unwrap_or(&empty);
        let targets: std::collections::BTreeSet<&String> =
            before.keys().chain(after.keys()).collect();
        for t in targets {
            let (b, a) = (before.get(t), after.get(t));
            let change = match (b, a) {
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                (Some(x), Some(y)) if x != y => "changed",
                _ => continue,
            };
            out.push(ConfigChange {
                kind: "share",
                owner: Some(key.0.clone()),
                name: key.1.clone(),
                change,
                field: Some(t.clone()),
                before: b.map(|r| roles_text(r)),
                after: a.map(|r| roles_text(r)),
            });
        }
    }
}

/// What changed from `old` to `new`, and who gains or loses access where.
pub fn diff(old: &Platform, new: &Platform) -> PlatformDiff {
    // The two sides' facts are independent: the new side's are gathered on a thread
    // of its own while this one gathers the old side's.
    let (fo, fnew) = crate::parallel::both(|| Facts::of(old), || Facts::of(new));
    let mut changes = Vec::new();
    let plain = |k: &String| (None, k.clone());
    let owned = |k: &(String, String)| (Some(k.0.clone()), k.1.clone());
    compare("account", &fo.accounts, &fnew.accounts, plain, &mut changes);
    compare("env", &fo.envs, &fnew.envs, plain, &mut changes);
    compare("group", &fo.groups, &fnew.groups, owned, &mut changes);
    compare("role", &fo.roles, &fnew.roles, owned, &mut changes);
    compare("policy", &fo.policies, &fnew.policies, owned, &mut changes);
    compare("member", &fo.members, &fnew.members, owned, &mut changes);
    share_changes(&fo, &fnew, &mut changes);
    let kind_rank = |k: &str| {
        [
            "account", "env", "group", "role", "policy", "member", "share",
        ]
        .iter()
        .position(|x| *x == k)
    };
    changes.sort_by(|a, b| {
        kind_rank(a.kind)
            .cmp(&kind_rank(b.kind))
            .then_with(|| {
                cmp_ci(
                    a.owner.as_deref().unwrap_or(""),
                    b.owner.as_deref().unwrap_or(""),
                )
            })
            .then_with(|| cmp_ci(&a.name, &b.name))
            .then_with(|| {
                cmp_ci(
                    a.field.as_deref().unwrap_or(""),
                    b.field.as_deref().unwrap_or(""),
                )
            })
    });
    let access_diff = access::access_diff(old, new, &fo, &fnew);
    PlatformDiff {
        identical: changes.is_empty() && access_diff.is_empty(),
        changes,
        access_diff,
    }
}
