//! A collaboration's share entries: one per target, kept in the targets' order.

use super::{RoleList, ShareTarget};

/// A collaboration's share entries by target, in the targets' order (the two
/// categories, the groups, then the environments): a sorted vector. A decision reads
/// the categories and groups as one slice at its start and finds an environment's or
/// a group's entry by halving, with no node to walk; entries are few per
/// collaboration, so inserting in place costs little.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shares(Vec<Entry>);

/// One share entry: its target and its roles.
pub type Entry = (ShareTarget, RoleList);

impl Shares {
    pub fn new() -> Self {
        Shares(Vec::new())
    }

    fn find(&self, target: ShareTarget) -> Result<usize, usize> {
        self.0.binary_search_by(|(t, _)| t.cmp(&target))
    }

    pub fn get(&self, target: &ShareTarget) -> Option<&RoleList> {
        let i = self.find(*target).ok()?;
        self.0.get(i).map(|(_, roles)| roles)
    }

    pub fn get_mut(&mut self, target: &ShareTarget) -> Option<&mut RoleList> {
        let i = self.find(*target).ok()?;
        self.0.get_mut(i).map(|(_, roles)| roles)
    }

    pub fn contains_key(&self, target: &ShareTarget) -> bool {
        self.find(*target).is_ok()
    }

    /// Sets the entry of `target`; returns the roles it had.
    pub fn insert(&mut self, target: ShareTarget, roles: RoleList) -> Option<RoleList> {
        match self.find(target) {
            Ok(i) => self
                .0
                .get_mut(i)
                .map(|(_, old)| std::mem::replace(old, roles)),
            Err(i) => {
                self.0.insert(i, (target, roles));
                None
            }
        }
    }

    /// Removes the entry of `target`; returns its roles.
    pub fn remove(&mut self, target: &ShareTarget) -> Option<RoleList> {
        let i = self.find(*target).ok()?;
        Some(self.0.remove(i).1)
    }

    /// Keeps the entries for which `keep` says so.
    pub fn retain(&mut self, mut keep: impl FnMut(&ShareTarget, &mut RoleList) -> bool) {
        self.0.retain_mut(|(t, roles)| keep(t, roles));
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&ShareTarget, &RoleList)> + '_ {
        self.0.iter().map(|(t, roles)| (t, roles))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &ShareTarget> + '_ {
        self.0.iter().map(|(t, _)| t)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &RoleList> + '_ {
        self.0.iter().map(|(_, roles)| roles)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut RoleList> + '_ {
        self.0.iter_mut().map(|(_, roles)| roles)
    }

    /// The entries split before the first environment's: the categories and the
    /// groups, then the environments.
    pub fn split_at_envs(&self) -> (&[Entry], &[Entry]) {
        let end = self
            .0
            .partition_point(|(t, _)| !matches!(t, ShareTarget::Env(_)));
        self.0.split_at(end.min(self.0.len()))
    }
}

impl<'a> IntoIterator for &'a Shares {
    type Item = (&'a ShareTarget, &'a RoleList);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (ShareTarget, RoleList)>,
        fn(&'a (ShareTarget, RoleList)) -> (&'a ShareTarget, &'a RoleList),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(t, roles)| (t, roles))
    }
}

impl IntoIterator for Shares {
    type Item = (ShareTarget, RoleList);
    type IntoIter = std::vec::IntoIter<(ShareTarget, RoleList)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Extend<(ShareTarget, RoleList)> for Shares {
    fn extend<I: IntoIterator<Item = (ShareTarget, RoleList)>>(&mut self, entries: I) {
        for (target, roles) in entries {
            self.insert(target, roles);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::Shares;
    use crate::engine::model::{EnvId, GroupId, RoleId, RoleList, ShareTarget};

    fn target() -> impl Strategy<Value = ShareTarget> {
        prop_oneof![
            Just(ShareTarget::AllEnvs),
            Just(ShareTarget::AllGroups),
            (0u32..12).prop_map(|g| ShareTarget::Group(GroupId(g))),
            (0u32..12).prop_map(|e| ShareTarget::Env(EnvId(e))),
        ]
    }

    #[derive(Clone, Debug)]
    enum Op {
        Insert(ShareTarget, RoleList),
        Remove(ShareTarget),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (
                target(),
                proptest::collection::vec((0u32..5).prop_map(RoleId), 0..3)
            )
                .prop_map(|(t, r)| Op::Insert(t, r.into())),
            target().prop_map(Op::Remove),
        ]
    }

    proptest! {
        /// The entries behave as a map ordered by target: the one `BTreeMap` says.
        #[test]
        fn behaves_as_an_ordered_map(ops in proptest::collection::vec(op(), 0..60), probe in target()) {
            let mut shares = Shares::new();
            let mut model = BTreeMap::new();
            for op in ops {
                match op {
                    Op::Insert(t, r) => prop_assert_eq!(shares.insert(t, r.clone()), model.insert(t, r)),
                    Op::Remove(t) => prop_assert_eq!(shares.remove(&t), model.remove(&t)),
                }
            }
            prop_assert!(shares.iter().eq(model.iter()));
            prop_assert_eq!(shares.get(&probe), model.get(&probe));
            let is_env = |t: &ShareTarget| matches!(t, ShareTarget::Env(_));
            let (head, envs) = shares.split_at_envs();
            prop_assert!(head.iter().map(|(t, r)| (t, r)).eq(model.iter().filter(|(t, _)| !is_env(t))));
            prop_assert!(envs.iter().map(|(t, r)| (t, r)).eq(model.iter().filter(|(t, _)| is_env(t))));
            shares.retain(|_, r| !r.is_empty());
            model.retain(|_, r| !r.is_empty());
            prop_assert!(shares.iter().eq(model.iter()));
        }
    }
}
