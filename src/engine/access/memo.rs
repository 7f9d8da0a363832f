//! What each group resolved to for one collaboration, while its reach is computed
//! over a list of environments.
//!
//! Two layouts, chosen by how many environments will be asked about: a slot per
//! group of the platform when they are many (a vector indexed by the group, the
//! cheapest lookup, whose zeroing is paid back), a map of the groups met when they are
//! few (so a caller asking about a handful of environments for each of thousands of
//! collaborations does not zero a slot for every group of the platform each time).
//! Nothing is allocated until a group is resolved.

use std::collections::HashMap;

use super::walk_up;
use crate::engine::model::{GroupId, RoleList};
use crate::engine::platform::Platform;
use crate::engine::quick_hash::QuickHash;

/// One environment for this many groups of the platform (or more) takes the dense
/// layout; fewer, the map. A judgement, not a measurement: zeroing a 16-byte slot is
/// far cheaper than a map lookup, so the vector pays off well before there is an
/// environment per group.
const DENSE_ENVS_PER_GROUP: usize = 32;

/// A group's place in the memo.
#[derive(Clone, Copy)]
enum Slot<'p> {
    Unresolved,
    /// The roles it resolved to, if any.
    Resolved(Option<&'p RoleList>),
}

/// The memo's two layouts.
enum Slots<'p> {
    /// Per group index, sized to the platform's `groups` at the first group resolved.
    Dense {
        slots: Vec<Slot<'p>>,
        groups: usize,
    },
    Sparse(HashMap<GroupId, Option<&'p RoleList>, QuickHash>),
}

pub(super) struct GroupMemo<'p> {
    slots: Slots<'p>,
    /// The groups passed on the current walk up, resolved when it ends.
    passed: Vec<GroupId>,
}

impl<'p> GroupMemo<'p> {
    /// A memo for `envs` environments (at least) on a platform of `groups` groups.
    pub(super) fn new(envs: usize, groups: usize) -> GroupMemo<'p> {
        let slots = if envs.saturating_mul(DENSE_ENVS_PER_GROUP) >= groups {
            Slots::Dense {
                slots: Vec::new(),
                groups,
            }
        } else {
            Slots::Sparse(HashMap::default())
        };
        GroupMemo {
            slots,
            passed: Vec::new(),
        }
    }

    fn known(&self, g: GroupId) -> Slot<'p> {
        let known = match &self.slots {
            Slots::Dense { slots, .. } => slots.get(g.index()).copied(),
            Slots::Sparse(map) => map.get(&g).copied().map(Slot::Resolved),
        };
        known.unwrap_or(Slot::Unresolved)
    }

    fn remember(&mut self, g: GroupId, resolved: Option<&'p RoleList>) {
        match &mut self.slots {
            Slots::Dense { slots, groups } => {
                if slots.is_empty() {
                    slots.resize(*groups, Slot::Unresolved);
                }
                if let Some(slot) = slots.get_mut(g.index()) {
                    *slot = Slot::Resolved(resolved);
                }
            }
            Slots::Sparse(map) => {
                map.insert(g, resolved);
            }
        }
    }

    /// What `g` resolves to: the roles of the first of it and its ancestors whose own
    /// entry carries some (`own`), else `otherwise`. Every group passed on the way is
    /// remembered too, so a collaboration resolves each group once, not once per walk
    /// through it.
    pub(super) fn resolve(
        &mut self,
        p: &Platform,
        g: GroupId,
        own: impl Fn(GroupId) -> Option<&'p RoleList>,
        otherwise: Option<&'p RoleList>,
    ) -> Option<&'p RoleList> {
        let mut passed = std::mem::take(&mut self.passed);
        passed.clear();
        let found = walk_up(p, g, |x| match self.known(x) {
            Slot::Resolved(known) => Some(known),
            Slot::Unresolved => {
                passed.push(x);
                own(x).map(Some)
            }
        });
        let resolved = found.unwrap_or(otherwise);
        for x in &passed {
            self.remember(*x, resolved);
        }
        self.passed = passed;
        resolved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_engine;

    /// The nearest of a group and its ancestors with an entry, by walking up: what
    /// the memo must agree with. Written out here, not through `walk_up`, so the memo
    /// is checked against a walk that shares none of its code.
    fn walked<'r>(
        p: &Platform,
        g: GroupId,
        own: &impl Fn(GroupId) -> Option<&'r RoleList>,
        otherwise: Option<&'r RoleList>,
    ) -> Option<&'r RoleList> {
        let mut at = Some(g);
        while let Some(x) = at {
            if let Some(r) = own(x) {
                return Some(r);
            }
            at = p.group(x).parent;
        }
        otherwise
    }

    #[test]
    fn every_group_resolves_to_its_nearest_entry_up_the_tree_in_both_layouts() {
        let engine = demo_engine();
        let p = engine.platform();
        let groups: Vec<GroupId> = p.group_ids().collect();
        let (a, b, fallback): (RoleList, RoleList, RoleList) = Default::default();
        // Entries on every third group (some roots, some inner groups), one of two
        // role lists told apart by address.
        let own = |g: GroupId| match g.index() % 3 {
            0 => Some(&a),
            1 if g.index().is_multiple_of(2) => Some(&b),
            _ => None,
        };
        assert!(groups.iter().any(|g| p.group(*g).parent.is_some()));
        for (envs, otherwise) in [(1_000, Some(&fallback)), (0, None)] {
            let mut memo = GroupMemo::new(envs, p.group_ids().count());
            assert_eq!(matches!(memo.slots, Slots::Dense { .. }), envs > 0);
            // Twice over, leaves first then roots first: remembered answers agree.
            for order in [groups.clone(), groups.iter().rev().copied().collect()] {
                for g in order {
                    let got = memo.resolve(p, g, own, otherwise);
                    let want = walked(p, g, &own, otherwise);
                    assert!(
                        got.map(std::ptr::from_ref) == want.map(std::ptr::from_ref),
                        "group {g:?} with {envs} environments"
                    );
                }
            }
        }
    }
}
