//! The owner's environments laid out once for `review`'s delegate walk (see
//! `Layout`).

use crate::engine::access::cmp_ci;
use crate::engine::model::{AccountId, EnvId, GroupId};
use crate::engine::platform::Platform;

/// The owner's environments, with and without groups, each sorted by name: the
/// environments no group entry of a member reaches are judged by class, and their
/// sample is the first names of these lists that the member does not reach otherwise.
///
/// And each environment's groups, gathered once into one vector: every delegate's
/// walk reads them for every environment under its group entries, and reading them
/// from the environments' records (a record, then its own vector of groups, for each)
/// costs two memory misses per environment once the platform outgrows the caches.
pub(super) struct Layout {
    pub(super) grouped: Vec<EnvId>,
    pub(super) ungrouped: Vec<EnvId>,
    /// By environment index: where its groups lie in `groups`, and its place among the
    /// owner's environments by name; `None` for an environment of another owner.
    spans: Vec<Option<Span>>,
    groups: Vec<GroupId>,
    /// The owner's environments in each group (not below it), each with where its
    /// groups lie in `groups`: group index `g`'s are `in_groups[starts[g]..starts[g +
    /// 1]]`. The walk reads a group's environments from here, one after the other,
    /// rather than from the platform's index (a tree of nodes per group) and then each
    /// one's span by its id.
    starts: Vec<u32>,
    in_groups: Vec<(EnvId, u32, u32)>,
}

#[derive(Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
    rank: u32,
}

impl Layout {
    pub(super) fn of(p: &Platform, owner: AccountId) -> Layout {
        let mut spans = vec![None; p.envs.len()];
        let mut groups = Vec::new();
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        // In id order, the records are read one after the other.
        let mut named = Vec::with_capacity(p.envs_of(owner).len());
        for e in p.envs_of(owner) {
            let env = p.env(e);
            let start = at(groups.len());
            groups.extend_from_slice(&env.groups);
            if let Some(span) = spans.get_mut(e.index()) {
                *span = Some(Span {
                    start,
                    end: at(groups.len()),
                    rank: 0,
                });
            }
            named.push((env.name.as_str(), e));
        }
        // Sorted once, on the names gathered above, not looked up at every comparison.
        named.sort_by(|a, b| cmp_ci(a.0, b.0));
        let (mut grouped, mut ungrouped) = (Vec::new(), Vec::new());
        for (rank, (_, e)) in named.into_iter().enumerate() {
            if let Some(Some(span)) = spans.get_mut(e.index()) {
                span.rank = at(rank);
                if span.start == span.end {
                    ungrouped.push(e);
                } else {
                    grouped.push(e);
                }
            }
        }
        let (starts, in_groups) = by_group(p, owner, &spans, &groups);
        Layout {
            grouped,
            ungrouped,
            spans,
            groups,
            starts,
            in_groups,
        }
    }

    /// The owner's environments in group `g` (not below it), with their spans.
    pub(super) fn in_group(&self, g: GroupId) -> &[(EnvId, u32, u32)] {
        let (Some(&a), Some(&b)) = (self.starts.get(g.index()), self.starts.get(g.index() + 1))
        else {
            return &[];
        };
        self.in_groups
            .get(a as usize..b as usize)
            .unwrap_or_default()
    }

    /// The groups of the span `start..end`.
    pub(super) fn span_groups(&self, start: u32, end: u32) -> &[GroupId] {
        self.groups
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// The groups of one of the owner's environments; `None` for another owner's.
    pub(super) fn groups_of(&self, e: EnvId) -> Option<&[GroupId]> {
        let s = (*self.spans.get(e.index())?)?;
        self.groups.get(s.start as usize..s.end as usize)
    }

    /// An environment's place among the owner's environments by name (another
    /// owner's come last).
    pub(super) fn rank(&self, e: EnvId) -> u32 {
        self.spans
            .get(e.index())
            .copied()
            .flatten()
            .map_or(u32::MAX, |s| s.rank)
    }
}

/// The owner's environments bucketed by group (a counting sort over the spans, in id
/// order): see `Layout::in_groups`.
fn by_group(
    p: &Platform,
    owner: AccountId,
    spans: &[Option<Span>],
    groups: &[GroupId],
) -> (Vec<u32>, Vec<(EnvId, u32, u32)>) {
    let len = p.groups_of(owner).map(|g| g.index() + 1).max().unwrap_or(0);
    let mut starts = vec![0_u32; len + 1];
    for g in groups {
        if let Some(n) = starts.get_mut(g.index() + 1) {
            *n += 1;
        }
    }
    for i in 1..starts.len() {
        let before = starts.get(i - 1).copied().unwrap_or(0);
        if let Some(n) = starts.get_mut(i) {
            *n += before;
        }
    }
    let mut next = starts.clone();
    let mut in_groups = Vec::new();
    in_groups.resize(groups.len(), (EnvId(0), 0, 0));
    for e in p.envs_of(owner) {
        let Some(Some(span)) = spans.get(e.index()) else {
            continue;
        };
        for g in groups
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
        {
            if let Some(at) = next.get_mut(g.index())
                && let Some(slot) = in_groups.get_mut(*at as usize)
            {
                *slot = (e, span.start, span.end);
                *at += 1;
            }
        }
    }
    (starts, in_groups)
}
