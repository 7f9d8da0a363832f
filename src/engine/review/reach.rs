//! A member's reach over the owner's environments, by class, for the delegate walk:
//! the member's group entries read as ranges of the layout's group numbers (see
//! `Layout`), so that the environments under them are read in order and a group
//! resolves by comparing numbers.

use super::layout::{Layout, Placed, Subtree};
use crate::engine::model::{Collaboration, EnvId, RoleList, ShareTarget};

/// The most environments a finding names; the facts count them all. A class offers
/// at most this many for the sample.
pub(super) const SAMPLE: usize = 10;

/// Environments handed to the tally: each with its rank in the layout's name order.
pub(super) type Offered<'a> = &'a mut dyn Iterator<Item = (u32, EnvId)>;

/// One group entry with roles, as the layout numbers its group.
struct Entry<'c> {
    at: Subtree,
    roles: &'c RoleList,
    /// The nearest entry whose subtree holds this one's, by index.
    within: Option<usize>,
}

/// A member's group entries that carry roles, by group number, and its category's.
struct GroupEntries<'c> {
    entries: Vec<Entry<'c>>,
    category: Option<&'c RoleList>,
}

impl<'c> GroupEntries<'c> {
    fn of(rec: &'c Collaboration, layout: &Layout) -> Self {
        let mut entries: Vec<Entry<'c>> = (&rec.shares)
            .into_iter()
            .filter_map(|(target, roles)| match *target {
                ShareTarget::Group(g) if !roles.is_empty() => Some(Entry {
                    at: layout.subtree(g)?,
                    roles,
                    within: None,
                }),
                _ => None,
            })
            .collect();
        entries.sort_unstable_by_key(|e| e.at.pre);
        // Subtrees nest or are apart: the entries open before this one and not yet
        // closed at its number hold it, the last of them nearest.
        let mut open: Vec<usize> = Vec::new();
        for i in 0..entries.len() {
            let Some(pre) = entries.get(i).map(|e| e.at.pre) else {
                continue;
            };
            while let Some(&top) = open.last() {
                if entries.get(top).is_some_and(|t| t.at.holds(pre)) {
                    break;
                }
                open.pop();
            }
            if let Some(e) = entries.get_mut(i) {
                e.within = open.last().copied();
            }
            open.push(i);
        }
        GroupEntries {
            entries,
            category: rec.roles_at(ShareTarget::AllGroups),
        }
    }

    /// The entry nearest above the group numbered `n` (or on it): `n`'s own group
    /// first, then its parents, as the access rule walks them.
    fn holding(&self, n: u32) -> Option<&Entry<'c>> {
        let after = self.entries.partition_point(|e| e.at.pre <= n);
        let mut at = after.checked_sub(1);
        while let Some(i) = at {
            let e = self.entries.get(i)?;
            if e.at.holds(n) {
                return Some(e);
            }
            at = e.within;
        }
        None
    }

    /// What a group resolves to for the member: the nearest entry with roles on the
    /// way up, else the category's roles.
    fn resolve(&self, n: u32) -> Option<&'c RoleList> {
        self.holding(n).map(|e| e.roles).or(self.category)
    }

    /// The outermost entries: their subtrees are apart and cover all the others'.
    fn outermost(&self) -> impl Iterator<Item = Subtree> + '_ {
        self.entries
            .iter()
            .filter(|e| e.within.is_none())
            .map(|e| e.at)
    }
}

/// Hands `count_as` every class of the member's reach: each environment with a
/// direct entry, each environment under one of its group entries (the only ones a
/// group entry changes), then the rest by class — with groups (the *Env Groups*
/// category's roles, else the base entry's) and without (the base entry's) — counted
/// from the layout, never enumerated. Costs the member's entries and the
/// environments under its group entries, not the owner's environments.
pub(super) fn walk_member(
    rec: &Collaboration,
    layout: &Layout,
    count_as: &mut dyn FnMut(&RoleList, u64, Offered<'_>),
) {
    let direct = |e: EnvId| rec.roles_at(ShareTarget::Env(e)).is_some();
    let (mut direct_grouped, mut direct_ungrouped, mut under_groups) = (0u64, 0u64, 0u64);
    for (target, roles) in &rec.shares {
        if let ShareTarget::Env(e) = *target
            && !roles.is_empty()
            && let Some(span) = layout.span(e)
        {
            if layout.span_groups(&span).is_empty() {
                direct_ungrouped += 1;
            } else {
                direct_grouped += 1;
            }
            count_as(roles, 1, &mut std::iter::once((span.rank, e)));
        }
    }
    let entries = GroupEntries::of(rec, layout);
    let mut roles = RoleList::new();
    for subtree in entries.outermost() {
        for n in subtree.pre..subtree.end {
            for Placed { env, span } in layout.in_group(n) {
                let (env, groups) = (*env, layout.span_groups(span));
                // Each environment once: at the first of its groups under an entry.
                let met_before = groups
                    .iter()
                    .any(|g| *g < n && entries.holding(*g).is_some());
                if met_before || direct(env) {
                    continue;
                }
                under_groups += 1;
                roles.clear();
                for g in groups {
                    if let Some(r) = entries.resolve(*g) {
                        roles.extend_from_slice(r);
                    }
                }
                roles.sort_unstable();
                roles.dedup();
                count_as(&roles, 1, &mut std::iter::once((span.rank, env)));
            }
        }
    }
    // The first environments of a class the passes above did not reach.
    let unreached = |list: &[EnvId]| -> Vec<(u32, EnvId)> {
        list.iter()
            .filter_map(|e| Some((*e, layout.span(*e)?)))
            .filter(|(e, span)| {
                !direct(*e)
                    && !layout
                        .span_groups(span)
                        .iter()
                        .any(|g| entries.holding(*g).is_some())
            })
            .take(SAMPLE)
            .map(|(e, span)| (span.rank, e))
            .collect()
    };
    let base = rec.roles_at(ShareTarget::AllEnvs);
    let rest_grouped = (layout.grouped.len() as u64)
        .saturating_sub(direct_grouped)
        .saturating_sub(under_groups);
    if let Some(r) = entries.category.or(base)
        && rest_grouped > 0
    {
        count_as(r, rest_grouped, &mut unreached(&layout.grouped).into_iter());
    }
    let rest_ungrouped = (layout.ungrouped.len() as u64).saturating_sub(direct_ungrouped);
    if let Some(r) = base
        && rest_ungrouped > 0
    {
        count_as(
            r,
            rest_ungrouped,
            &mut unreached(&layout.ungrouped).into_iter(),
        );
    }
}
