//! The owner's environments laid out once for `review`'s delegate walk (see
//! `Layout`).

use crate::engine::Buckets;
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
    /// The owner's environments in each group (not below it), by the group's index,
    /// each with where its groups lie in `groups` and its place by name. The walk
    /// reads a group's environments from here, one after the other, rather than from
    /// the platform's index (a tree of nodes per group) and then each one's span and
    /// place by its id.
    in_groups: Buckets<Placed>,
}

/// One of the owner's environments in a group, as the delegate walk reads it.
#[derive(Clone, Copy)]
pub(super) struct Placed {
    pub env: EnvId,
    /// Where its groups lie in the layout's `groups`.
    pub start: u32,
    pub end: u32,
    /// Its place among the owner's environments by name.
    pub rank: u32,
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
        }
        let (mut grouped, mut ungrouped) = (Vec::new(), Vec::new());
        for (rank, e) in p.envs_by_name(owner).into_iter().enumerate() {
            if let Some(Some(span)) = spans.get_mut(e.index()) {
                span.rank = at(rank);
                if span.start == span.end {
                    ungrouped.push(e);
                } else {
                    grouped.push(e);
                }
            }
        }
        // Bucketed in id order, from the spans just made (not from the records).
        let placed: Vec<(usize, Placed)> = p
            .envs_of(owner)
            .filter_map(|e| Some((e, (*spans.get(e.index())?)?)))
            .flat_map(|(env, s)| {
                let of = groups.get(s.start as usize..s.end as usize);
                let placed = Placed {
                    env,
                    start: s.start,
                    end: s.end,
                    rank: s.rank,
                };
                of.unwrap_or_default()
                    .iter()
                    .map(move |g| (g.index(), placed))
            })
            .collect();
        let len = p.groups_of(owner).map(|g| g.index() + 1).max().unwrap_or(0);
        let in_groups = Buckets::new(len, &placed);
        Layout {
            grouped,
            ungrouped,
            spans,
            groups,
            in_groups,
        }
    }

    /// The owner's environments in group `g` (not below it), with their spans and
    /// places by name.
    pub(super) fn in_group(&self, g: GroupId) -> &[Placed] {
        self.in_groups.get(g.index())
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
