//! The changed environments that keep their owner, compared owner by owner and
//! collaboration by collaboration, with role lists compared as ids.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::side::{Seen, Side};
use crate::engine::access::AccessLevel;
use crate::engine::model::{Collaboration, EnvId, RoleId};
use crate::engine::platform::Platform;

/// The changed environments that exist on both sides with the same owner, by
/// owner's email, and the others.
pub(super) fn split_by_owner<'a>(
    old: &'a Platform,
    new: &'a Platform,
    envs: &'a BTreeSet<String>,
) -> (BTreeMap<&'a str, Vec<&'a str>>, BTreeSet<String>) {
    let owner = |p: &'a Platform, name: &str| {
        p.env_by_name(name)
            .map(|e| p.account(p.env(e).owner).email.as_str())
    };
    let mut same: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut others = BTreeSet::new();
    for name in envs {
        match (owner(old, name), owner(new, name)) {
            (Some(a), Some(b)) if a == b => same.entry(a).or_default().push(name),
            _ => {
                others.insert(name.clone());
            }
        }
    }
    (same, others)
}

/// Compares, for each member of `owner` on either side, its access on `names`
/// (environments of `owner` on both sides), and adds the pairs that differ to `out`.
pub(super) fn compare_owner<'p>(
    before: &mut Side<'p>,
    after: &mut Side<'p>,
    owner: &'p str,
    names: &[&'p str],
    none: &Seen<'p>,
    out: &mut Vec<(&'p str, &'p str, Seen<'p>, Seen<'p>)>,
) {
    // The member's collaboration with the owner on each side.
    let mut members: BTreeMap<&'p str, [Option<&'p Collaboration>; 2]> = BTreeMap::new();
    for (i, side) in [&*before, &*after].into_iter().enumerate() {
        let p = side.p;
        let Some(o) = p.account_by_email(owner) else {
            continue;
        };
        for c in p.collabs_of_owner(o) {
            let rec = p.collab(c);
            let slots = members
                .entry(p.account(rec.member).email.as_str())
                .or_default();
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(rec);
            }
        }
    }
    let ids =
        |p: &Platform| -> Vec<EnvId> { names.iter().filter_map(|n| p.env_by_name(n)).collect() };
    let (old_ids, new_ids) = (ids(before.p), ids(after.p));
    let to_old = role_translation(before.p, after.p, owner);
    let (mut was, mut is) = (Row::default(), Row::default());
    let mut translated = Vec::new();
    for (member, [b, a]) in members {
        let (b, a) = (b.filter(|r| r.is_active()), a.filter(|r| r.is_active()));
        if b.is_none() && a.is_none() {
            continue; // nothing on either side
        }
        was.fill(before.p, b, &old_ids, names.len());
        is.fill(after.p, a, &new_ids, names.len());
        for ((name, b), a) in names.iter().zip(&was.cells).zip(&is.cells) {
            let same = match (b, a) {
                (None, None) => true,
                (Some((lb, rb)), Some((la, ra))) if lb == la => {
                    // The roles compared as the old side's ids: the same ids are the
                    // same names, as the roles of one owner are named uniquely.
                    translated.clear();
                    translated.extend(
                        is.roles(ra)
                            .iter()
                            .map(|r| to_old.get(r.index()).copied().unwrap_or(NOT_OLD)),
                    );
                    translated.sort_unstable();
                    translated == was.roles(rb)
                }
                _ => false,
            };
            if !same {
                let seen =
                    |side: &mut Side<'p>, row: &Row, cell: &Option<(AccessLevel, Range<usize>)>| {
                        cell.as_ref().map_or_else(
                            || none.clone(),
                            |(level, r)| side.seen(level.level(), row.roles(r)),
                        )
                    };
                let (b, a) = (seen(before, &was, b), seen(after, &is, a));
                out.push((member, name, b, a));
            }
        }
    }
}

/// For each role of the new side (by index), the id of the old side's role of
/// `owner` with the same name; `NOT_OLD` for a role of another owner or only on the
/// new side (no old list holds it, so a list with it always differs).
fn role_translation(old: &Platform, new: &Platform, owner: &str) -> Vec<RoleId> {
    let mut to_old = vec![NOT_OLD; new.role_ids().count()];
    let (Some(o_old), Some(o_new)) = (old.account_by_email(owner), new.account_by_email(owner))
    else {
        return to_old;
    };
    for r in new.roles_of(o_new) {
        if let (Some(before), Some(slot)) = (
            old.role_by_name(o_old, &new.role(r).name),
            to_old.get_mut(r.index()),
        ) {
            *slot = before;
        }
    }
    to_old
}

/// No role of the old side.
const NOT_OLD: RoleId = RoleId(u32::MAX);

/// One side's access on each environment of a list, laid flat: per place the level
/// and where its roles (sorted by id) lie in `roles`; `None` is no access.
#[derive(Default)]
struct Row {
    cells: Vec<Option<(AccessLevel, Range<usize>)>>,
    roles: Vec<RoleId>,
}

impl Row {
    fn fill(&mut self, p: &Platform, rec: Option<&Collaboration>, envs: &[EnvId], n: usize) {
        self.cells.clear();
        self.cells.resize(n, None);
        self.roles.clear();
        let (cells, roles) = (&mut self.cells, &mut self.roles);
        if let Some(rec) = rec {
            p.access_each(rec, envs.iter().copied(), |i, _, level, given| {
                let start = roles.len();
                roles.extend_from_slice(given);
                if let Some(cell) = cells.get_mut(i) {
                    *cell = Some((level, start..roles.len()));
                }
            });
        }
    }

    fn roles(&self, r: &Range<usize>) -> &[RoleId] {
        self.roles.get(r.clone()).unwrap_or_default()
    }
}
