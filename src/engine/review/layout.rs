//! The owner's environments laid out once for `review`'s delegate walk (see
//! `Layout`).

use crate::engine::Buckets;
use crate::engine::model::{AccountId, EnvId, GroupId};
use crate::engine::platform::Platform;

/// The owner's environments, with and without groups, each sorted by name: the
/// environments no group entry of a member reaches are judged by class, and their
/// sample is the first names of these lists that the member does not reach otherwise.
///
/// And the owner's groups numbered in depth-first order (parents before children), so
/// that a group's subtree is one range of numbers, with the environments placed in
/// each group gathered by that number: the environments under a group entry are one
/// slice, read in order, and where a member's entry resolves a group is a comparison
/// of numbers. The walk of a member reads nothing sized by the platform but the
/// environments under its own entries: no group records, no marks per environment,
/// which once the platform outgrows the caches cost a memory miss each.
pub(super) struct Layout {
    pub(super) grouped: Vec<EnvId>,
    pub(super) ungrouped: Vec<EnvId>,
    /// By environment index: where its groups lie in `groups`, and its place among the
    /// owner's environments by name; `None` for an environment of another owner.
    spans: Vec<Option<Span>>,
    /// Each environment's groups, by their numbers, one environment after the other.
    groups: Vec<u32>,
    /// By group index: its number and the end of its subtree's numbers; `None` for a
    /// group of another owner.
    numbers: Vec<Option<Subtree>>,
    /// The owner's environments in each group (not below it), by the group's number.
    in_groups: Buckets<Placed>,
}

/// A group's number in the depth-first order, and the end of its subtree: the group
/// and its descendants are `pre..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Subtree {
    pub pre: u32,
    pub end: u32,
}

impl Subtree {
    pub(super) fn holds(self, n: u32) -> bool {
        self.pre <= n && n < self.end
    }
}

/// One of the owner's environments in a group, as the delegate walk reads it.
#[derive(Clone, Copy)]
pub(super) struct Placed {
    pub env: EnvId,
    /// Where its groups' numbers lie in the layout's `groups`.
    pub span: Span,
}

#[derive(Clone, Copy)]
pub(super) struct Span {
    start: u32,
    end: u32,
    /// Its place among the owner's environments by name.
    pub rank: u32,
    /// Its first groups' numbers, copied: most environments are in one or two groups,
    /// whose numbers the walk then reads with the environment, not from `groups`.
    first: [u32; INLINE],
}

/// How many group numbers a span holds in itself.
const INLINE: usize = 2;

/// A length as a `u32` (the platform's ids are `u32`, so nothing here is longer).
fn at(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Layout {
    pub(super) fn of(p: &Platform, owner: AccountId) -> Layout {
        let numbers = number_groups(p, owner);
        let number = |g: &GroupId| numbers.get(g.index()).copied().flatten().map(|s| s.pre);
        let mut spans = vec![None; p.envs.len()];
        let mut groups = Vec::new();
        // In id order, the records are read one after the other.
        for e in p.envs_of(owner) {
            let start = at(groups.len());
            groups.extend(p.env(e).groups.iter().filter_map(number));
            let mut first = [0; INLINE];
            for (slot, n) in first
                .iter_mut()
                .zip(groups.get(start as usize..).unwrap_or_default())
            {
                *slot = *n;
            }
            if let Some(span) = spans.get_mut(e.index()) {
                *span = Some(Span {
                    start,
                    end: at(groups.len()),
                    rank: 0,
                    first,
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
        // Bucketed by group number, from the spans just made (not from the records).
        let placed: Vec<(usize, Placed)> = p
            .envs_of(owner)
            .filter_map(|e| Some((e, (*spans.get(e.index())?)?)))
            .flat_map(|(env, span)| {
                let of = groups.get(span.start as usize..span.end as usize);
                of.unwrap_or_default()
                    .iter()
                    .map(move |n| (*n as usize, Placed { env, span }))
            })
            .collect();
        let len = numbers.iter().flatten().count();
        let in_groups = Buckets::new(len, &placed);
        Layout {
            grouped,
            ungrouped,
            spans,
            groups,
            numbers,
            in_groups,
        }
    }

    /// A group's number and subtree; `None` for a group of another owner.
    pub(super) fn subtree(&self, g: GroupId) -> Option<Subtree> {
        self.numbers.get(g.index()).copied().flatten()
    }

    /// The owner's environments in the group numbered `n` (not below it).
    pub(super) fn in_group(&self, n: u32) -> &[Placed] {
        self.in_groups.get(n as usize)
    }

    /// The numbers of the groups of a span.
    pub(super) fn span_groups<'a>(&'a self, span: &'a Span) -> &'a [u32] {
        let len = span.end.saturating_sub(span.start) as usize;
        if len <= INLINE {
            span.first.get(..len).unwrap_or_default()
        } else {
            self.groups
                .get(span.start as usize..span.end as usize)
                .unwrap_or_default()
        }
    }

    /// The span of one of the owner's environments; `None` for another owner's.
    pub(super) fn span(&self, e: EnvId) -> Option<Span> {
        self.spans.get(e.index()).copied().flatten()
    }
}

/// The owner's groups numbered depth-first, parents before children, children in id
/// order: by group index, each one's number and subtree end.
fn number_groups(p: &Platform, owner: AccountId) -> Vec<Option<Subtree>> {
    let mut numbers: Vec<Option<Subtree>> = vec![None; p.groups.len()];
    let mut next = 0u32;
    // (group, whether its children were pushed): a group is numbered on the way down
    // and its subtree closed on the way back up.
    let mut stack: Vec<(GroupId, bool)> = p
        .groups_of(owner)
        .filter(|g| p.group(*g).parent.is_none())
        .map(|g| (g, false))
        .collect();
    stack.reverse();
    while let Some((g, opened)) = stack.pop() {
        let Some(slot) = numbers.get_mut(g.index()) else {
            continue;
        };
        if !opened && slot.is_some() {
            continue;
        }
        if opened {
            if let Some(s) = slot {
                s.end = next;
            }
            continue;
        }
        *slot = Some(Subtree {
            pre: next,
            end: next,
        });
        next += 1;
        stack.push((g, true));
        let children: Vec<GroupId> = p.children_of(g).collect();
        stack.extend(children.into_iter().rev().map(|c| (c, false)));
    }
    numbers
}
