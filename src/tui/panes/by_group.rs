//! An owner's environments by group, for the Environments tree.

use crate::engine::{AccountId, EnvId, GroupId, Platform};

/// An owner's environments in each of its groups, and in none, each list in name
/// order (ties by id).
///
/// Gathered in one pass over the owner's records in id order, then bucketed by group
/// (a counting sort). Looking each group's environments up in the platform's index
/// instead reads their records in no order at all, one cache miss per row: on a
/// platform of 100,000 environments that was most of the first frame.
pub(super) struct EnvsByGroup {
    /// Group index `i`'s environments are `sorted[start[i]..start[i + 1]]`.
    start: Vec<usize>,
    sorted: Vec<EnvId>,
    /// The owner's environments in no group.
    pub loose: Vec<EnvId>,
}

impl EnvsByGroup {
    pub(super) fn new(p: &Platform, owner: AccountId) -> EnvsByGroup {
        let len = p.groups_of(owner).map(|g| g.index() + 1).max().unwrap_or(0);
        let mut start = vec![0_usize; len + 1];
        let mut placed: Vec<(usize, &str, EnvId)> = Vec::new();
        let mut loose: Vec<(&str, EnvId)> = Vec::new();
        for e in p.envs_of(owner) {
            let env = p.env(e);
            if env.groups.is_empty() {
                loose.push((&env.name, e));
            }
            for g in &env.groups {
                if let Some(n) = start.get_mut(g.index() + 1) {
                    *n += 1;
                    placed.push((g.index(), &env.name, e));
                }
            }
        }
        for i in 1..start.len() {
            let before = start.get(i - 1).copied().unwrap_or(0);
            if let Some(n) = start.get_mut(i) {
                *n += before;
            }
        }
        // Scatter into the buckets, then sort each (they are small).
        let mut next = start.clone();
        let mut bucketed: Vec<(&str, EnvId)> = placed
            .first()
            .map_or_else(Vec::new, |x| vec![(x.1, x.2); placed.len()]);
        for (g, name, e) in placed {
            if let Some(at) = next.get_mut(g)
                && let Some(slot) = bucketed.get_mut(*at)
            {
                *slot = (name, e);
                *at += 1;
            }
        }
        for w in start.windows(2) {
            if let [a, b] = *w
                && let Some(bucket) = bucketed.get_mut(a..b)
            {
                bucket.sort_unstable();
            }
        }
        loose.sort_unstable();
        EnvsByGroup {
            start,
            sorted: bucketed.into_iter().map(|(_, e)| e).collect(),
            loose: loose.into_iter().map(|(_, e)| e).collect(),
        }
    }

    /// The environments in group `g` (not below it), in name order.
    pub(super) fn in_group(&self, g: GroupId) -> &[EnvId] {
        let i = g.index();
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.sorted.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EnvsByGroup;
    use crate::engine::generate::{GenerateSpec, generate};
    use crate::engine::{Engine, EnvId, Platform};

    /// `ids` in name order, the slow way: each name looked up in the platform.
    fn by_name(p: &Platform, ids: impl Iterator<Item = EnvId>) -> Vec<EnvId> {
        let mut v: Vec<EnvId> = ids.collect();
        v.sort_by(|a, b| p.env(*a).name.cmp(&p.env(*b).name).then(a.cmp(b)));
        v
    }

    /// Every group's list is the platform's index for that group, in name order, and
    /// the loose list is every environment in no group; for every owner.
    #[test]
    fn each_group_lists_exactly_its_environments_in_name_order() {
        let engine = Engine::from_document(&generate(&GenerateSpec::medium(9)).unwrap()).unwrap();
        let p = engine.platform();
        let mut listed = 0;
        for owner in p.account_ids() {
            let envs = EnvsByGroup::new(p, owner);
            for g in p.groups_of(owner) {
                assert_eq!(envs.in_group(g), by_name(p, p.envs_in_group(g)));
                listed += envs.in_group(g).len();
            }
            let loose = p.envs_of(owner).filter(|e| p.env(*e).groups.is_empty());
            assert_eq!(envs.loose, by_name(p, loose));
        }
        assert!(listed > 1000, "only {listed} environments in groups");
        // Another owner's group has nothing in this owner's lists.
        let (a, b) = {
            let mut owners = p.account_ids().filter(|a| p.groups_of(*a).next().is_some());
            (owners.next().unwrap(), owners.next().unwrap())
        };
        let theirs = p.groups_of(b).next().unwrap();
        assert!(EnvsByGroup::new(p, a).in_group(theirs).is_empty());
    }
}
