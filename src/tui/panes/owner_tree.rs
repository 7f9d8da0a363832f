//! An owner's group tree and environments, laid out for the Environments pane.

use crate::engine::{AccountId, Buckets, EnvId, GroupId, Platform, cmp_ci};

/// An owner's groups (the roots, and each group's children, by name) and its
/// environments in each group and in none (by name, ties by id).
///
/// Gathered in one pass over the owner's group records and one over its
/// environment records, both in id order, then bucketed by parent and by group (a
/// counting sort, which keeps id order). Groups are sorted by name in each bucket;
/// environments need no sort while their ids follow their names, and are otherwise
/// sorted by their place in the owner's list by name.
/// Walking the platform's indexes instead (a tree of nodes per group, then each
/// environment's record by id) reads the records in no order at all, a few cache
/// misses per row: on a platform of 100,000 environments that was most of the first
/// frame.
pub(super) struct OwnerTree {
    /// The owner's groups without a parent, by name.
    pub roots: Vec<GroupId>,
    /// Each group's children, by the group's index.
    children: Buckets<GroupId>,
    /// Each group's environments, by the group's index.
    envs: Buckets<EnvId>,
    /// The owner's environments in no group.
    pub loose: Vec<EnvId>,
}

/// The number of groups a typical environment is in, to size the tree's buffer once.
const TYPICAL_GROUPS_PER_ENV: usize = 2;

impl OwnerTree {
    pub(super) fn new(p: &Platform, owner: AccountId) -> OwnerTree {
        let len = p.groups_of(owner).map(|g| g.index() + 1).max().unwrap_or(0);
        // The groups: roots apart, the others by parent, each list by name.
        let mut roots: Vec<(&str, GroupId)> = Vec::new();
        let mut placed_groups: Vec<(usize, (&str, GroupId))> = Vec::new();
        for g in p.groups_of(owner) {
            let rec = p.group(g);
            match rec.parent {
                None => roots.push((&rec.name, g)),
                Some(up) => placed_groups.push((up.index(), (&rec.name, g))),
            }
        }
        let by_name = |a: &(&str, GroupId), b: &(&str, GroupId)| cmp_ci(a.0, b.0);
        roots.sort_unstable_by(by_name);
        let mut children = Buckets::new(len, &placed_groups);
        children.sort_each(by_name);
        let (mut envs, mut loose) = envs_in_id_order(p, owner, len);
        if !p.env_ids_follow_names() {
            // Each list by the environment's place in the owner's list by name.
            let by_name = p.envs_by_name(owner);
            let mut rank = vec![u32::MAX; by_name.iter().map(|e| e.index() + 1).max().unwrap_or(0)];
            for (i, e) in by_name.iter().enumerate() {
                if let Some(r) = rank.get_mut(e.index()) {
                    *r = u32::try_from(i).unwrap_or(u32::MAX);
                }
            }
            let at = |e: &EnvId| rank.get(e.index()).copied().unwrap_or(u32::MAX);
            envs.sort_each(|a, b| at(a).cmp(&at(b)));
            loose.sort_unstable_by_key(at);
        }
        OwnerTree {
            roots: roots.into_iter().map(|(_, g)| g).collect(),
            children: children.map(|(_, g)| g),
            envs,
            loose,
        }
    }

    /// The children of group `g`, by name.
    pub(super) fn children_of(&self, g: GroupId) -> &[GroupId] {
        self.children.get(g.index())
    }

    /// The environments in group `g` (not below it), in name order.
    pub(super) fn in_group(&self, g: GroupId) -> &[EnvId] {
        self.envs.get(g.index())
    }
}

/// The owner's environments by group, and those in no group, each list in id order:
/// when the ids follow the names, that is name order, and no name is read.
fn envs_in_id_order(p: &Platform, owner: AccountId, len: usize) -> (Buckets<EnvId>, Vec<EnvId>) {
    let count = p.env_count(owner);
    let mut loose = Vec::new();
    let mut placed: Vec<(usize, EnvId)> =
        Vec::with_capacity(count.saturating_mul(TYPICAL_GROUPS_PER_ENV));
    for e in p.envs_of(owner) {
        let groups = &p.env(e).groups;
        if groups.is_empty() {
            loose.push(e);
        }
        placed.extend(groups.iter().map(|g| (g.index(), e)));
    }
    (Buckets::new(len, &placed), loose)
}

#[cfg(test)]
mod tests {
    use super::OwnerTree;
    use crate::engine::generate::{GenerateSpec, generate};
    use crate::engine::{Engine, EnvId, GroupId, Platform, cmp_ci};

    /// `ids` in name order, the slow way: each name looked up in the platform.
    fn by_name(p: &Platform, ids: impl Iterator<Item = EnvId>) -> Vec<EnvId> {
        let mut v: Vec<EnvId> = ids.collect();
        v.sort_by(|a, b| p.env(*a).name.cmp(&p.env(*b).name).then(a.cmp(b)));
        v
    }

    /// `ids` by name, case-insensitively, the slow way.
    fn groups_by_name(p: &Platform, ids: impl Iterator<Item = GroupId>) -> Vec<GroupId> {
        let mut v: Vec<GroupId> = ids.collect();
        v.sort_by(|a, b| cmp_ci(&p.group(*a).name, &p.group(*b).name));
        v
    }

    /// Every group's list is the platform's index for that group, in name order, and
    /// the loose list is every environment in no group; every group's children and
    /// the roots are the platform's, by name; for every owner.
    /// Both ways of building the tree: from ids that follow the names (a generated
    /// document lists its environments by name), and from ids that do not (the same
    /// document, its environments listed backwards).
    #[test]
    fn each_group_lists_exactly_its_environments_in_name_order() {
        let mut doc = generate(&GenerateSpec::medium(9)).unwrap();
        let engine = Engine::from_document(&doc).unwrap();
        assert!(engine.platform().env_ids_follow_names());
        lists_match_the_platform(engine.platform());
        doc.environments.reverse();
        let engine = Engine::from_document(&doc).unwrap();
        assert!(!engine.platform().env_ids_follow_names());
        lists_match_the_platform(engine.platform());
    }

    fn lists_match_the_platform(p: &Platform) {
        let mut listed = 0;
        for owner in p.account_ids() {
            let envs = OwnerTree::new(p, owner);
            let roots = p.groups_of(owner).filter(|g| p.group(*g).parent.is_none());
            assert_eq!(envs.roots, groups_by_name(p, roots));
            for g in p.groups_of(owner) {
                assert_eq!(envs.children_of(g), groups_by_name(p, p.children_of(g)));
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
        assert!(OwnerTree::new(p, a).in_group(theirs).is_empty());
    }
}
