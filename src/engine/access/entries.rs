//! How a decision reads a collaboration's share entries ([`Entries`]: slices of its
//! sorted entries), and what a group resolves to through them.

use super::memo::GroupMemo;
use super::walk_up;
use crate::engine::model::{
    Collaboration, EnvId, GroupId, RoleList, ShareEntry as Entry, ShareTarget,
};
use crate::engine::platform::Platform;

/// The roles of an entry that carries some, or `None`.
fn with_roles(roles: &RoleList) -> Option<&RoleList> {
    (!roles.is_empty()).then_some(roles)
}

/// A collaboration's share entries as a decision reads them: the two categories, and
/// the group and environment entries as the slices of the sorted entries they are
/// (nothing copied). Entries without roles (ticked only) count as absent.
pub(super) struct Entries<'c> {
    pub base: Option<&'c RoleList>,
    pub category: Option<&'c RoleList>,
    /// The group entries, with or without roles, in id order.
    groups: &'c [Entry],
    /// The environment entries, with or without roles, in id order.
    direct: &'c [Entry],
    /// Whether any group entry carries roles (else no walk up the groups finds any).
    group_roles: bool,
}

impl<'c> Entries<'c> {
    pub fn of(c: &'c Collaboration) -> Self {
        let (mut rest, direct) = c.shares.split_at_envs();
        let mut category = |target: ShareTarget| match rest {
            [(t, roles), tail @ ..] if *t == target => {
                rest = tail;
                with_roles(roles)
            }
            _ => None,
        };
        let base = category(ShareTarget::AllEnvs);
        let groups_default = category(ShareTarget::AllGroups);
        Entries {
            base,
            category: groups_default,
            groups: rest,
            direct,
            group_roles: rest.iter().any(|(_, roles)| !roles.is_empty()),
        }
    }

    /// Whether a group can resolve to roles at all: some group entry, or the category,
    /// carries them.
    pub fn groups_matter(&self) -> bool {
        self.group_roles || self.category.is_some()
    }

    /// Whether any entry gives roles anywhere.
    pub fn any_roles(&self) -> bool {
        self.base.is_some()
            || self.groups_matter()
            || self.direct.iter().any(|(_, roles)| !roles.is_empty())
    }

    /// The roles of the direct entry of `e`.
    pub fn direct(&self, e: EnvId) -> Option<&'c RoleList> {
        find(self.direct, e.0)
    }

    /// The direct entries that carry roles, by environment id: for many questions
    /// in a row, a compact copy searched faster than the entries themselves.
    pub fn direct_index(&self) -> Vec<(EnvId, &'c RoleList)> {
        self.direct
            .iter()
            .filter_map(|(t, roles)| match t {
                ShareTarget::Env(e) => with_roles(roles).map(|r| (*e, r)),
                _ => None,
            })
            .collect()
    }

    /// [`Platform::resolve_group`]: the first group entry with roles on the way up,
    /// else the category's roles.
    pub fn resolve(
        &self,
        p: &Platform,
        group: GroupId,
    ) -> Option<(&'c RoleList, super::GroupSource)> {
        let found = if self.group_roles {
            walk_up(p, group, |g| find(self.groups, g.0).map(|roles| (roles, g)))
        } else {
            None
        };
        match found {
            Some((roles, g)) => Some((roles, super::GroupSource::Group(g))),
            // No group on the way carries roles. The group is shared when it, an
            // ancestor or the category has an entry; only the category's roles can
            // apply then, and the category having roles implies it has an entry.
            None => self.category.map(|r| (r, super::GroupSource::Category)),
        }
    }

    /// [`Entries::resolve`]'s roles, for many environments of one collaboration: the
    /// walk up is remembered in `memo` for every group it passes, so each group is
    /// resolved once.
    pub fn resolve_in(
        &self,
        p: &Platform,
        group: GroupId,
        memo: &mut GroupMemo<'c>,
    ) -> Option<&'c RoleList> {
        if !self.group_roles {
            return self.category;
        }
        memo.resolve(p, group, |g| find(self.groups, g.0), self.category)
    }
}

/// The roles of the entry for record `id` in `entries`, entries of one kind (groups
/// or environments) sorted by id, if it carries some.
fn find(entries: &[Entry], id: u32) -> Option<&RoleList> {
    let key = |(t, _): &Entry| match t {
        ShareTarget::Group(g) => g.0,
        ShareTarget::Env(e) => e.0,
        ShareTarget::AllEnvs | ShareTarget::AllGroups => 0,
    };
    let i = entries.binary_search_by_key(&id, key).ok()?;
    entries.get(i).and_then(|(_, roles)| with_roles(roles))
}
