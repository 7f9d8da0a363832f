//! How a decision reads a collaboration's share entries: [`Head`] for one question
//! (the entries before the first environment entry, read in one pass), [`Entries`]
//! for many in a row (every entry laid out in sorted vectors). Both resolve a group
//! through the one walk up its parents, [`walk_up`].

use crate::engine::model::{Collaboration, EnvId, GroupId, RoleList, ShareTarget};
use crate::engine::platform::Platform;

/// The first entry with roles on the way from `group` up through its parents, and the
/// group that holds it, as `roles_of` tells which groups have roles.
pub(super) fn walk_up<'c>(
    p: &Platform,
    group: GroupId,
    roles_of: impl Fn(GroupId) -> Option<&'c RoleList>,
) -> Option<(&'c RoleList, GroupId)> {
    let mut at = Some(group);
    while let Some(g) = at {
        if let Some(roles) = roles_of(g) {
            return Some((roles, g));
        }
        at = p.group(g).parent;
    }
    None
}

/// The roles of an entry that carries some, or `None`.
fn with_roles(roles: &RoleList) -> Option<&RoleList> {
    (!roles.is_empty()).then_some(roles)
}

/// What one decision needs of a collaboration besides its direct entry: the two
/// categories and the group entries, the start of its share entries (they sort
/// before every environment's).
pub(super) struct Head<'c> {
    pub base: Option<&'c RoleList>,
    pub category: Option<&'c RoleList>,
    /// The group entries, with or without roles, in id order.
    groups: &'c [(ShareTarget, RoleList)],
    /// Whether any of them carries roles (else no walk up the groups finds any).
    group_roles: bool,
}

impl<'c> Head<'c> {
    pub fn of(c: &'c Collaboration) -> Self {
        let mut rest = c.shares.head();
        let mut category = |target: ShareTarget| match rest {
            [(t, roles), tail @ ..] if *t == target => {
                rest = tail;
                with_roles(roles)
            }
            _ => None,
        };
        let base = category(ShareTarget::AllEnvs);
        let groups_default = category(ShareTarget::AllGroups);
        Head {
            base,
            category: groups_default,
            groups: rest,
            group_roles: rest.iter().any(|(_, roles)| !roles.is_empty()),
        }
    }

    /// Whether a group can resolve to roles at all: some group entry, or the category,
    /// carries them.
    pub fn groups_matter(&self) -> bool {
        self.group_roles || self.category.is_some()
    }

    fn group(&self, g: GroupId) -> Option<&'c RoleList> {
        let target = ShareTarget::Group(g);
        // Most collaborations have a handful of group entries: a scan beats halving.
        let entry = if self.groups.len() <= 8 {
            self.groups.iter().find(|(t, _)| *t == target)
        } else {
            let i = self.groups.binary_search_by(|(t, _)| t.cmp(&target)).ok()?;
            self.groups.get(i)
        };
        entry.and_then(|(_, roles)| with_roles(roles))
    }

    /// [`Platform::resolve_group`]: the first group entry with roles on the way up,
    /// else the category's roles.
    pub fn resolve(
        &self,
        p: &Platform,
        group: GroupId,
    ) -> Option<(&'c RoleList, super::GroupSource)> {
        let found = if self.group_roles {
            walk_up(p, group, |g| self.group(g))
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
}

/// A collaboration's entries that carry roles, laid out for many questions in a row:
/// sorted vectors searched by halving instead of the share map walked per question.
pub(super) struct Entries<'c> {
    pub base: Option<&'c RoleList>,
    pub category: Option<&'c RoleList>,
    /// Group entries by group id.
    pub groups: Vec<(GroupId, &'c RoleList)>,
    /// Direct entries by environment id.
    pub direct: Vec<(EnvId, &'c RoleList)>,
}

impl<'c> Entries<'c> {
    pub fn of(c: &'c Collaboration) -> Self {
        let mut entries = Entries {
            base: c.roles_at(ShareTarget::AllEnvs),
            category: c.roles_at(ShareTarget::AllGroups),
            groups: Vec::new(),
            direct: Vec::new(),
        };
        // The share map is ordered by target, so each vector comes out sorted.
        for (t, roles) in c.shares.iter().filter(|(_, r)| !r.is_empty()) {
            match t {
                ShareTarget::Group(g) => entries.groups.push((*g, roles)),
                ShareTarget::Env(e) => entries.direct.push((*e, roles)),
                ShareTarget::AllEnvs | ShareTarget::AllGroups => {}
            }
        }
        entries
    }

    pub fn direct(&self, e: EnvId) -> Option<&'c RoleList> {
        self.direct
            .binary_search_by_key(&e, |(id, _)| *id)
            .ok()
            .and_then(|i| self.direct.get(i))
            .map(|(_, r)| *r)
    }

    /// [`Platform::resolve_group`]'s roles, over the laid-out entries.
    pub fn resolve(&self, p: &Platform, group: GroupId) -> Option<&'c RoleList> {
        let found = walk_up(p, group, |g| {
            self.groups
                .binary_search_by_key(&g, |(id, _)| *id)
                .ok()
                .and_then(|i| self.groups.get(i))
                .map(|(_, r)| *r)
        });
        found.map(|(roles, _)| roles).or(self.category)
    }
}
