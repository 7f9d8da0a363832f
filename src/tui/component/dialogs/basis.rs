//! A dialog that edits an existing record against another process writing the file:
//! the one place that decides what such a dialog does when the record changes under it.
//!
//! The dialog box remembers the record as it was when the dialog loaded it (its
//! *basis*). Whenever the app asks the engine about the dialog's values — after every
//! key and after every reload of the file — the record as the platform holds it now is
//! compared with the basis. When another process changed it, the dialog is rebased,
//! part by part (a description, one ticked policy, one shared item): a part the user
//! did not change shows the newer value, a part the user changed keeps the user's, and
//! the dialog says what changed. So a dialog never writes back a value the user did
//! not change over a newer record; the confirmation that follows applies only to the
//! platform it measured (`App::confirm` sends the dialog back when the record changed
//! before the change was applied).
//!
//! What the parts of each record are is the dialog's (`Dialog::record`, `parts`,
//! `load`); comparing, merging and saying what changed is here, once.

use std::collections::{BTreeMap, BTreeSet};

use super::Dialog;
use crate::engine::Platform;

/// A record's parts by name ("description", "policy fs.view", "share envs"), each
/// with its value: a part that is absent is not there (an unticked policy, an item
/// not shared).
pub type Parts = BTreeMap<String, String>;

/// The record a dialog edits, as a platform holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// What it is, as the user names it ("role Viewer"): also its identity.
    pub what: String,
    /// Its parts; `None` when it is gone (deleted, or renamed away).
    pub parts: Option<Parts>,
}

impl Record {
    pub fn new(what: impl Into<String>, parts: Option<Parts>) -> Record {
        Record {
            what: what.into(),
            parts,
        }
    }
}

/// A list of role names as a part's value: sorted, each once, so that the platform's
/// order and the order the user picked them in compare equal.
pub fn role_list(roles: impl IntoIterator<Item = String>) -> String {
    let set: BTreeSet<String> = roles.into_iter().collect();
    set.into_iter().collect::<Vec<_>>().join("+")
}

/// The role names of a part's value (see [`role_list`]).
pub fn roles_of(value: &str) -> Vec<String> {
    value
        .split('+')
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect()
}

/// Brings `d` up to date with the record it edits as `p` holds it, against `basis`
/// (the record as the dialog last loaded it). Returns what to tell the user when
/// another process changed the record since: the dialog then shows the newer record
/// with the user's own changes kept, and `basis` is the newer record.
pub fn rebase(d: &mut dyn Dialog, basis: &mut Option<Record>, p: &Platform) -> Option<String> {
    let Some(now) = d.record(p) else {
        // Not editing a record (any more): a dialog that creates.
        *basis = None;
        return None;
    };
    let Some(base) = basis.as_ref().filter(|b| b.what == now.what) else {
        // The dialog just loaded this record (it opened, or another record was chosen).
        *basis = Some(now);
        return None;
    };
    if base.parts == now.parts {
        return None;
    }
    let what = now.what.clone();
    let notice = match (&base.parts, &now.parts) {
        (_, None) => format!(
            "{what} changed since you opened this dialog (another process): it is gone (deleted or renamed), so nothing here can be applied to it"
        ),
        (base_parts, Some(theirs)) => {
            let empty = Parts::new();
            let base_parts = base_parts.as_ref().unwrap_or(&empty);
            let mine = d.parts();
            let both = conflicts(base_parts, &mine, theirs);
            d.load(p, &merge(base_parts, &mine, theirs));
            let kept = if both.is_empty() {
                String::new()
            } else {
                format!(" (changed on both sides, yours kept: {})", both.join(", "))
            };
            format!(
                "{what} changed since you opened this dialog (another process): {}; it shows the new values, with your own changes kept{kept}: review, then apply",
                changes(base_parts, theirs).join(", ")
            )
        }
    };
    *basis = Some(now);
    Some(notice)
}

/// Whether the record `d` edits changed, as `p` holds it, since `basis`.
pub fn outdated(d: &dyn Dialog, basis: Option<&Record>, p: &Platform) -> bool {
    match (d.record(p), basis) {
        (Some(now), Some(base)) => now.what == base.what && now.parts != base.parts,
        _ => false,
    }
}

/// The names of the parts of any of `versions`, in order.
fn names<'a>(versions: &[&'a Parts]) -> BTreeSet<&'a String> {
    versions.iter().flat_map(|v| v.keys()).collect()
}

/// Every part's value: the user's where the user changed it (`mine` differs from
/// `base`), else the newer record's (`theirs`).
pub fn merge(base: &Parts, mine: &Parts, theirs: &Parts) -> Parts {
    names(&[base, mine, theirs])
        .into_iter()
        .filter_map(|name| {
            let value = if mine.get(name) == base.get(name) {
                theirs.get(name)
            } else {
                mine.get(name)
            };
            value.map(|v| (name.clone(), v.clone()))
        })
        .collect()
}

/// The parts that differ between two versions of a record: `+part` added, `-part`
/// removed, `part` changed.
pub fn changes(before: &Parts, after: &Parts) -> Vec<String> {
    names(&[before, after])
        .into_iter()
        .filter_map(|name| match (before.get(name), after.get(name)) {
            (Some(_), None) => Some(format!("-{name}")),
            (None, Some(_)) => Some(format!("+{name}")),
            (Some(a), Some(b)) if a != b => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// The parts both the user and the other process changed, to different values.
fn conflicts(base: &Parts, mine: &Parts, theirs: &Parts) -> Vec<String> {
    names(&[base, mine, theirs])
        .into_iter()
        .filter(|name| {
            let (b, m, t) = (base.get(*name), mine.get(*name), theirs.get(*name));
            m != b && t != b && m != t
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Parts, changes, conflicts, merge};

    fn parts(list: &[(&str, &str)]) -> Parts {
        list.iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn a_merge_keeps_what_the_user_changed_and_takes_the_rest_from_the_newer_record() {
        let base = parts(&[("description", "old"), ("notify", "off"), ("policy a", "")]);
        // The user ticked notify and unticked policy a.
        let mine = parts(&[("description", "old"), ("notify", "on")]);
        // Another process changed the description and added policy b.
        let theirs = parts(&[
            ("description", "new"),
            ("notify", "off"),
            ("policy a", ""),
            ("policy b", ""),
        ]);
        assert_eq!(
            merge(&base, &mine, &theirs),
            parts(&[("description", "new"), ("notify", "on"), ("policy b", "")])
        );
        assert_eq!(
            changes(&base, &theirs),
            ["description".to_string(), "+policy b".to_string()]
        );
    }

    #[test]
    fn a_part_both_changed_keeps_the_users_value_and_is_named() {
        let base = parts(&[("description", "old")]);
        let mine = parts(&[("description", "mine")]);
        let theirs = parts(&[("description", "theirs")]);
        assert_eq!(merge(&base, &mine, &theirs), mine);
        assert_eq!(
            conflicts(&base, &mine, &theirs),
            ["description".to_string()]
        );
        // The same new value on both sides is no conflict.
        assert!(conflicts(&base, &mine, &mine).is_empty());
    }
}
