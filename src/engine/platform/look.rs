//! Look-alike names on the platform (domain.md section 2): the queries over the
//! indexes of confusable skeletons that `names` defines the keys of, and the refusals
//! that name the look-alike.

use std::collections::BTreeSet;

use super::super::error::{Error, Field};
use super::super::model::{AccountId, CustomPolicyId, GroupId, RoleId};
use super::super::names::{Look, system_policy_looking_like};
use super::super::validate::shown;
use super::Platform;

/// The first member of an index set other than `except`.
fn other<T: Copy + Eq>(set: Option<&BTreeSet<T>>, except: Option<T>) -> Option<T> {
    set.into_iter()
        .flatten()
        .copied()
        .find(|x| Some(*x) != except)
}

impl Platform {
    /// A role of `owner`, other than `except`, whose name looks like `name`.
    pub fn role_looking_like(
        &self,
        owner: AccountId,
        name: &str,
        except: Option<RoleId>,
    ) -> Option<RoleId> {
        let keys = (owner, name.to_string()).keys();
        let index = &self.index.role_by_look;
        keys.iter().find_map(|k| other(index.get(k), except))
    }

    /// A custom policy of `owner` whose name looks like `name`.
    pub fn custom_policy_looking_like(
        &self,
        owner: AccountId,
        name: &str,
    ) -> Option<CustomPolicyId> {
        let keys = (owner, name.to_string()).keys();
        let index = &self.index.policy_by_look;
        keys.iter().find_map(|k| other(index.get(k), None))
    }

    /// A group of `owner` under `parent` (at the root: `None`), other than `except`,
    /// whose name looks like `name`.
    pub fn group_looking_like(
        &self,
        owner: AccountId,
        parent: Option<GroupId>,
        name: &str,
        except: Option<GroupId>,
    ) -> Option<GroupId> {
        let keys = (owner, parent, name.to_string()).keys();
        let index = &self.index.group_by_look;
        keys.iter().find_map(|k| other(index.get(k), except))
    }

    /// Why a role of `owner` may not be called `name`: it looks like another role.
    pub(crate) fn role_look_alike(
        &self,
        owner: AccountId,
        name: &str,
        except: Option<RoleId>,
    ) -> Option<Error> {
        let existing = &self.role(self.role_looking_like(owner, name, except)?).name;
        Some(Error::duplicate(
            Field::RoleName,
            existing.clone(),
            format!(
                "role '{}' looks like existing role '{}'",
                shown(name),
                shown(existing)
            ),
        ))
    }

    /// Why a custom policy of `owner` may not be called `name`: it looks like a
    /// system policy's id or another custom policy.
    pub(crate) fn policy_look_alike(&self, owner: AccountId, name: &str) -> Option<Error> {
        if let Some(id) = system_policy_looking_like(name) {
            return Some(Error::duplicate(
                Field::PolicyName,
                id,
                format!(
                    "policy '{}' looks like system policy '{id}'; choose another name",
                    shown(name)
                ),
            ));
        }
        let existing = &self
            .custom_policy(self.custom_policy_looking_like(owner, name)?)
            .name;
        Some(Error::duplicate(
            Field::PolicyName,
            existing.clone(),
            format!(
                "policy '{}' looks like existing policy '{}'",
                shown(name),
                shown(existing)
            ),
        ))
    }

    /// Why a group of `owner` under `parent` may not be called `name`: it looks like
    /// a sibling. Both are named by their paths.
    pub(crate) fn group_look_alike(
        &self,
        owner: AccountId,
        parent: Option<GroupId>,
        name: &str,
        except: Option<GroupId>,
    ) -> Option<Error> {
        let existing = &self
            .group(self.group_looking_like(owner, parent, name, except)?)
            .path;
        let path = match parent {
            Some(p) => format!("{}/{name}", self.group(p).path),
            None => name.to_string(),
        };
        Some(Error::duplicate(
            Field::GroupPath,
            existing.clone(),
            format!(
                "group '{}' looks like existing group '{}'",
                shown(&path),
                shown(existing)
            ),
        ))
    }

    /// Two siblings whose names look alike, if any: the platform's tables must never
    /// hold such a pair (checked by `check_invariants`).
    pub(crate) fn look_alike_siblings(&self) -> Option<String> {
        let roles = self.index.role_by_look.values();
        if let Some(set) = roles.into_iter().find(|s| s.len() > 1) {
            let names: Vec<&str> = set.iter().map(|r| self.role(*r).name.as_str()).collect();
            return Some(format!("roles look alike: {names:?}"));
        }
        let policies = self.index.policy_by_look.values();
        if let Some(set) = policies.into_iter().find(|s| s.len() > 1) {
            let names: Vec<&str> = set
                .iter()
                .map(|p| self.custom_policy(*p).name.as_str())
                .collect();
            return Some(format!("policies look alike: {names:?}"));
        }
        let groups = self.index.group_by_look.values();
        if let Some(set) = groups.into_iter().find(|s| s.len() > 1) {
            let paths: Vec<&str> = set.iter().map(|g| self.group(*g).path.as_str()).collect();
            return Some(format!("groups look alike: {paths:?}"));
        }
        None
    }
}
