//! How many environments the signed-in account sees below each group, for the
//! counts the Environments tree shows beside group names.

use crate::engine::{AccountId, CollabStatus, GroupId, Platform};

/// Environments below each group (at any depth), by the group's index: a dense
/// vector. An environment counts once under each of its groups' ancestors, even
/// when two of its groups share one.
///
/// No environment walks the tree. Each adds +1 at each of its groups and takes back
/// what its groups' chains to the root share (inclusion and exclusion over their
/// lowest common ancestors, nearly always none: groups in different trees share
/// nothing); the sums then climb the tree once, deepest groups first. So the work
/// is one read of each environment's record plus one pass over the groups, on dense
/// tables that stay in the cache.
pub(super) fn group_env_totals(p: &Platform, me: AccountId) -> Vec<usize> {
    let forest = Forest::new(p);
    let mut delta = vec![0_i64; forest.parent.len()];
    // The owner's own environments, and what active collaborations let it reach
    // (shown in each owner's group tree).
    let shared = p
        .collabs_of_member(me)
        .filter(|c| p.collab(*c).status == CollabStatus::Active)
        .flat_map(|c| p.reachable_envs(p.collab(c)));
    for e in p.envs_of(me).chain(shared) {
        forest.add(&mut delta, &p.env(e).groups);
    }
    forest.climb(&mut delta);
    delta
        .into_iter()
        .map(|n| usize::try_from(n).unwrap_or(0))
        .collect()
}

/// Groups beyond which an environment's groups are counted by walking their chains
/// instead of by inclusion and exclusion (2^n - 1 terms).
const SUBSETS_UP_TO: usize = 4;

/// The groups' tree as dense tables by group index.
struct Forest {
    /// `NONE` for a root (or a slot no group holds).
    parent: Vec<u32>,
    depth: Vec<u32>,
    root: Vec<u32>,
    /// Every group, deepest first: a group comes before its parent.
    deepest_first: Vec<u32>,
}

const NONE: u32 = u32::MAX;

fn at(v: &[u32], i: u32) -> u32 {
    v.get(i as usize).copied().unwrap_or(NONE)
}

impl Forest {
    fn new(p: &Platform) -> Forest {
        let len = p.group_ids().map(|g| g.index() + 1).max().unwrap_or(0);
        let mut parent = vec![NONE; len];
        let mut live = Vec::with_capacity(len);
        for g in p.group_ids() {
            let (Some(slot), Ok(i)) = (parent.get_mut(g.index()), u32::try_from(g.index())) else {
                continue;
            };
            *slot = p
                .group(g)
                .parent
                .map_or(NONE, |x| u32::try_from(x.index()).unwrap_or(NONE));
            live.push(i);
        }
        // Depth and root of each group: climb to the first group already known (or
        // a root), then fill in the path climbed. The climb is bounded, so even a
        // (never valid) cycle ends.
        let mut depth = vec![NONE; len];
        let mut root = vec![NONE; len];
        let mut path = Vec::new();
        for &g in &live {
            path.clear();
            let mut above = None;
            let mut x = g;
            loop {
                if at(&depth, x) != NONE {
                    above = Some((at(&depth, x), at(&root, x)));
                    break;
                }
                path.push(x);
                x = at(&parent, x);
                if x == NONE || path.len() > len {
                    break;
                }
            }
            let Some(&top) = path.last() else {
                continue;
            };
            let (mut d, r) = above.map_or((0, top), |(d, r)| (d + 1, r));
            for &y in path.iter().rev() {
                if let (Some(dy), Some(ry)) = (depth.get_mut(y as usize), root.get_mut(y as usize))
                {
                    *dy = d;
                    *ry = r;
                }
                d += 1;
            }
        }
        let mut deepest_first = live;
        deepest_first.sort_unstable_by_key(|g| std::cmp::Reverse(at(&depth, *g)));
        Forest {
            parent,
            depth,
            root,
            deepest_first,
        }
    }

    /// The deepest group that is `a` or above it and `b` or above it, if they are
    /// in one tree.
    fn lca(&self, mut a: u32, mut b: u32) -> Option<u32> {
        if a == NONE || b == NONE || at(&self.root, a) != at(&self.root, b) {
            return None;
        }
        // Every live group has a depth; the `NONE` checks only keep a broken table
        // from looping.
        while a != NONE && at(&self.depth, a) > at(&self.depth, b) {
            a = at(&self.parent, a);
        }
        while b != NONE && at(&self.depth, b) > at(&self.depth, a) {
            b = at(&self.parent, b);
        }
        while a != b {
            if a == NONE || b == NONE {
                return None;
            }
            a = at(&self.parent, a);
            b = at(&self.parent, b);
        }
        (a != NONE).then_some(a)
    }

    /// Adds one environment in `groups`: afterwards, the sum of `delta` over a
    /// group and everything below it is one more for each group above or at one
    /// of `groups`.
    fn add(&self, delta: &mut [i64], groups: &[GroupId]) {
        let index = |g: &GroupId| u32::try_from(g.index()).unwrap_or(NONE);
        let mut bump = |g: u32, by: i64| {
            if let Some(n) = delta.get_mut(g as usize) {
                *n += by;
            }
        };
        if groups.len() > SUBSETS_UP_TO {
            // Rare: gather the chains' union and add one at each of its groups,
            // taking it back from the parent so that the climb counts it only there.
            let mut union: Vec<u32> = Vec::new();
            for g in groups {
                let mut x = index(g);
                while x != NONE && !union.contains(&x) && union.len() <= self.parent.len() {
                    union.push(x);
                    x = at(&self.parent, x);
                }
            }
            for x in union {
                bump(x, 1);
                bump(at(&self.parent, x), -1);
            }
            return;
        }
        let mut ids = [NONE; SUBSETS_UP_TO];
        for (slot, g) in ids.iter_mut().zip(groups) {
            *slot = index(g);
        }
        let ids = ids.get(..groups.len()).unwrap_or_default();
        // Inclusion and exclusion: the chains' union is the sum over every
        // non-empty subset of (-1)^(size + 1) times the chain of the subset's
        // lowest common ancestor; a subset spread over two trees has none.
        for mask in 1_u32..(1 << ids.len()) {
            let mut members = ids
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, g)| *g);
            let first = members.next().unwrap_or(NONE);
            if let Some(l) = members.try_fold(first, |a, b| self.lca(a, b)) {
                bump(l, if mask.count_ones() % 2 == 1 { 1 } else { -1 });
            }
        }
    }

    /// Turns the per-group additions into totals: each group's sum, deepest first,
    /// goes to its parent.
    fn climb(&self, delta: &mut [i64]) {
        for &g in &self.deepest_first {
            let n = delta.get(g as usize).copied().unwrap_or(0);
            if let Some(up) = delta.get_mut(at(&self.parent, g) as usize) {
                *up += n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::group_env_totals;
    use crate::engine::generate::{GenerateSpec, generate};
    use crate::engine::{
        AccountId, CollabStatus, Command, Engine, EnvId, GroupId, Platform, Timestamp,
    };

    /// What the counts mean, said the slow way: every environment the account sees
    /// (its own, and what its active collaborations reach) adds one to each distinct
    /// group at or above one of its groups, found by climbing the records.
    fn slow(p: &Platform, me: AccountId) -> BTreeMap<GroupId, usize> {
        let mut seen: BTreeSet<EnvId> = p.envs_of(me).collect();
        for c in p.collabs_of_member(me) {
            if p.collab(c).status == CollabStatus::Active {
                seen.extend(p.reachable(p.collab(c)).into_iter().map(|(e, _)| e));
            }
        }
        let mut out = BTreeMap::new();
        for e in seen {
            let above: BTreeSet<GroupId> = p
                .env(e)
                .groups
                .iter()
                .flat_map(|g| std::iter::successors(Some(*g), |x| p.group(*x).parent))
                .collect();
            for g in above {
                *out.entry(g).or_default() += 1;
            }
        }
        out
    }

    fn assert_counts(p: &Platform) -> usize {
        let mut nonzero = 0;
        for me in p.account_ids() {
            let totals = group_env_totals(p, me);
            let want = slow(p, me);
            for g in p.group_ids() {
                let got = totals.get(g.index()).copied().unwrap_or(0);
                let expected = want.get(&g).copied().unwrap_or(0);
                assert_eq!(
                    got,
                    expected,
                    "{} for {}",
                    p.group(g).path,
                    p.account(me).email
                );
                nonzero += usize::from(got > 0);
            }
        }
        nonzero
    }

    #[test]
    fn each_group_counts_the_environments_below_it_once() {
        let engine = Engine::from_document(&generate(&GenerateSpec::medium(5)).unwrap()).unwrap();
        let p = engine.platform();
        // The case the exclusion is for: an environment in two groups of one tree
        // counts once at their common ancestors, not twice.
        let overlapping = p.env_ids().any(|e| {
            let groups = &p.env(e).groups;
            let roots: BTreeSet<GroupId> = groups
                .iter()
                .filter_map(|g| std::iter::successors(Some(*g), |x| p.group(*x).parent).last())
                .collect();
            roots.len() < groups.len()
        });
        assert!(
            overlapping,
            "the data has no environment in two groups of one tree"
        );
        // Members see owners' environments through collaborations.
        assert!(
            p.collab_ids()
                .any(|c| p.collab(c).status == CollabStatus::Active)
        );
        let nonzero = assert_counts(p);
        assert!(nonzero > 100, "only {nonzero} groups counted anything");
    }

    /// More groups than inclusion and exclusion takes, nested and side by side.
    #[test]
    fn an_environment_in_many_groups_of_one_tree_counts_once_at_each() {
        let mut engine = Engine::new();
        let mut clock = 1_780_000_000;
        let mut run = |engine: &mut Engine, actor: Option<&str>, cmd: Command| {
            clock += 60;
            let a = actor.map(|e| engine.platform().account_by_email(e).unwrap());
            engine.execute(a, &cmd, Timestamp(clock)).unwrap();
        };
        let owner = "owner@acme.io";
        run(
            &mut engine,
            None,
            Command::AddAccount {
                email: owner.into(),
                name: None,
                max_environments: None,
            },
        );
        let paths = ["A", "A/B", "A/B/C", "A/D", "A/D/E", "A/F", "G", "G/H"];
        for path in paths {
            let cmd = Command::AddGroup {
                owner: None,
                path: path.into(),
            };
            run(&mut engine, Some(owner), cmd);
        }
        for (name, groups) in [
            ("many", &["A/B/C", "A/B", "A/D/E", "A/F", "G/H", "A"][..]),
            ("four", &["A/B/C", "A/D", "A/D/E", "G"][..]),
            ("one", &["A/B/C"][..]),
            ("none", &[][..]),
        ] {
            let cmd = Command::CreateEnv {
                name: name.into(),
                owner: None,
                groups: groups.iter().map(ToString::to_string).collect(),
                cloudlets: None,
            };
            run(&mut engine, Some(owner), cmd);
        }
        let p = engine.platform();
        assert_counts(p);
        let me = p.account_by_email(owner).unwrap();
        let totals = group_env_totals(p, me);
        let count = |path: &str| totals[p.group_by_path(me, path).unwrap().index()];
        // By hand: A holds all three, C holds all three, E and D hold two.
        let by_hand = [
            ("A", 3),
            ("A/B", 3),
            ("A/B/C", 3),
            ("A/D", 2),
            ("A/D/E", 2),
            ("A/F", 1),
            ("G", 2),
            ("G/H", 1),
        ];
        for (path, n) in by_hand {
            assert_eq!(count(path), n, "{path}");
        }
    }
}
