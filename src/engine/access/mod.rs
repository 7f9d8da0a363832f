//! Effective access: the role-assigning algorithm of domain.md section 4, and the
//! grant lookup that names which role and policy allowed a method.
//!
//! This is the hot path. Everything here works on ids and the collaboration's own
//! share entries (a small vector sorted by target), so a decision costs a handful of
//! lookups whatever the size of the platform: a search for the direct entry, one pass
//! over the categories and group entries at the vector's start, and a walk up the
//! parent chain of each of the environment's groups.

use super::catalogue::Catalogue;
use super::model::{
    AccountId, CollabId, CollabStatus, Collaboration, EnvId, GroupId, Level, MethodId, PolicyRef,
    RoleId, RoleList, ShareTarget,
};
use super::platform::Platform;

mod entries;
mod memo;

use entries::Entries;
use memo::GroupMemo;

/// An access level with its roles (sorted by id, no duplicates).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Access {
    pub level: AccessLevel,
    pub roles: RoleList,
}

/// `Level` without `Owner`: what share entries can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AccessLevel {
    Direct,
    Groups,
    Base,
    #[default]
    None,
}

impl AccessLevel {
    pub fn level(self) -> Level {
        match self {
            AccessLevel::Direct => Level::Direct,
            AccessLevel::Groups => Level::Groups,
            AccessLevel::Base => Level::Base,
            AccessLevel::None => Level::None,
        }
    }
}

impl Access {
    pub fn none() -> Access {
        Access::default()
    }

    pub fn is_none(&self) -> bool {
        self.level == AccessLevel::None
    }
}

/// Where a group's roles came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupSource {
    /// The entry of this group (the group itself or one of its ancestors).
    Group(GroupId),
    /// The *Env Groups* category's default roles.
    Category,
}

fn union_into(out: &mut RoleList, roles: &[RoleId]) {
    out.extend_from_slice(roles);
}

/// The first answer `visit` gives on the way from `group` up through its parents.
fn walk_up<T>(
    p: &Platform,
    group: GroupId,
    mut visit: impl FnMut(GroupId) -> Option<T>,
) -> Option<T> {
    let mut at = Some(group);
    while let Some(g) = at {
        if let Some(found) = visit(g) {
            return Some(found);
        }
        at = p.group(g).parent;
    }
    None
}

fn normalize(mut roles: RoleList) -> RoleList {
    roles.sort_unstable();
    roles.dedup();
    roles
}

impl Platform {
    /// Resolves one group for a collaboration: the first entry with roles on the way
    /// from the group up through its parents, else the category default.
    pub fn resolve_group<'c>(
        &self,
        c: &'c Collaboration,
        group: GroupId,
    ) -> Option<(&'c RoleList, GroupSource)> {
        Entries::of(c).resolve(self, group)
    }

    /// Section 4 as configured, whatever the collaboration's status.
    pub fn configured_access(&self, c: &Collaboration, env: EnvId) -> Access {
        let entries = Entries::of(c);
        if let Some(roles) = entries.direct(env) {
            return Access {
                level: AccessLevel::Direct,
                roles: roles.clone(),
            };
        }
        self.placed(&entries, &self.env(env).groups)
    }

    /// The access a member would have on a new environment placed in `groups` (no
    /// direct entry): the groups level, else the base level.
    pub fn placement_access(&self, c: &Collaboration, groups: &[GroupId]) -> Access {
        self.placed(&Entries::of(c), groups)
    }

    fn placed(&self, entries: &Entries<'_>, groups: &[GroupId]) -> Access {
        let mut roles = RoleList::new();
        // Without roles on a group entry or the category, no group resolves to roles,
        // and no walk up the groups' parents is needed.
        if entries.groups_matter() {
            for g in groups {
                if let Some((r, _)) = entries.resolve(self, *g) {
                    union_into(&mut roles, r);
                }
            }
        }
        if !roles.is_empty() {
            return Access {
                level: AccessLevel::Groups,
                roles: normalize(roles),
            };
        }
        match entries.base {
            Some(r) => Access {
                level: AccessLevel::Base,
                roles: r.clone(),
            },
            None => Access::none(),
        }
    }

    /// Effective access of a collaboration: nothing unless it is active.
    pub fn effective_access(&self, c: &Collaboration, env: EnvId) -> Access {
        if c.is_active() {
            self.configured_access(c, env)
        } else {
            Access::none()
        }
    }

    /// The effective access of an account on an environment: `Owner` for the owner.
    pub fn access_of(&self, account: AccountId, env: EnvId) -> (Level, RoleList) {
        let e = self.env(env);
        if e.owner == account {
            return (Level::Owner, RoleList::new());
        }
        match self.collab_of(e.owner, account) {
            Some(cid) => {
                let a = self.effective_access(self.collab(cid), env);
                (a.level.level(), a.roles)
            }
            None => (Level::None, RoleList::new()),
        }
    }

    /// The roles a member has on a group of the owner (as on a new environment placed
    /// there); at the root (`None`), the base entry's roles. Empty unless active.
    pub fn roles_on_group(&self, c: &Collaboration, group: Option<GroupId>) -> RoleList {
        if !c.is_active() {
            return RoleList::new();
        }
        match group {
            Some(g) => self.placement_access(c, &[g]).roles,
            None => c
                .roles_at(ShareTarget::AllEnvs)
                .cloned()
                .unwrap_or_default(),
        }
    }

    pub fn policy_has_method(&self, p: PolicyRef, m: MethodId) -> bool {
        match p {
            PolicyRef::System(i) => Catalogue::get().policy(i).methods.binary_search(&m).is_ok(),
            PolicyRef::Custom(id) => self.custom_policy(id).methods.binary_search(&m).is_ok(),
        }
    }

    /// The id of a policy as users write it: the system id or the custom name.
    pub fn policy_id(&self, p: PolicyRef) -> &str {
        match p {
            PolicyRef::System(i) => &Catalogue::get().policy(i).id,
            PolicyRef::Custom(id) => &self.custom_policy(id).name,
        }
    }

    /// The role and policy that grant a method: the first granting role by name, then
    /// its first granting policy by id.
    pub fn grant(&self, roles: &[RoleId], m: MethodId) -> Option<(RoleId, PolicyRef)> {
        let mut best: Option<(RoleId, PolicyRef)> = None;
        for &r in roles {
            let role = self.role(r);
            let Some(p) = role
                .policies
                .iter()
                .copied()
                .filter(|p| self.policy_has_method(*p, m))
                .min_by(|a, b| cmp_ci(self.policy_id(*a), self.policy_id(*b)))
            else {
                continue;
            };
            let better = match best {
                None => true,
                Some((b, _)) => cmp_ci(&role.name, &self.role(b).name).is_lt(),
            };
            if better {
                best = Some((r, p));
            }
        }
        best
    }

    /// Whether any of the roles includes a policy.
    pub fn roles_hold_policy(&self, roles: &[RoleId], p: PolicyRef) -> bool {
        roles.iter().any(|r| self.role(*r).policies.contains(&p))
    }

    /// Whether any of the roles grants a method.
    pub fn roles_grant(&self, roles: &[RoleId], m: MethodId) -> bool {
        roles.iter().any(|r| {
            self.role(*r)
                .policies
                .iter()
                .any(|p| self.policy_has_method(*p, m))
        })
    }

    /// The union of the roles' policies, sorted by policy id.
    pub fn policies_of_roles(&self, roles: &[RoleId]) -> Vec<PolicyRef> {
        let mut out: Vec<PolicyRef> = roles
            .iter()
            .flat_map(|r| self.role(*r).policies.iter().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out.sort_by(|a, b| cmp_ci(self.policy_id(*a), self.policy_id(*b)));
        out
    }

    pub fn roles_notify(&self, roles: &[RoleId]) -> bool {
        roles.iter().any(|r| self.role(*r).notify)
    }

    /// Role names sorted case-insensitively, for display, borrowed from the platform.
    pub fn sorted_role_refs(&self, roles: &[RoleId]) -> RoleNames<'_> {
        let mut names: RoleNames<'_> = roles.iter().map(|r| self.role(*r).name.as_str()).collect();
        names.sort_by(|a, b| cmp_ci(a, b));
        names
    }

    /// [`Platform::sorted_role_refs`], copied.
    pub fn sorted_role_names(&self, roles: &[RoleId]) -> Vec<String> {
        self.sorted_role_refs(roles)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }
}

/// Role names sorted for display, borrowed from the platform: most rows name one or
/// two roles, kept inline.
pub type RoleNames<'p> = smallvec::SmallVec<[&'p str; 2]>;

/// Case-insensitive ordering, ties broken by the exact text so the order is total.
/// Names are nearly always ASCII; that path compares bytes without allocating.
pub fn cmp_ci(a: &str, b: &str) -> std::cmp::Ordering {
    let folded = if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        let la = a.chars().flat_map(char::to_lowercase);
        let lb = b.chars().flat_map(char::to_lowercase);
        la.cmp(lb)
    };
    folded.then_with(|| a.cmp(b))
}

/// A system policy by its id; the catalogue is fixed, so a missing id is a defect.
///
/// # Panics
///
/// If `id` names no policy in the embedded catalogue.
#[expect(
    clippy::panic,
    reason = "callers name catalogue policies by constant ids, checked by the test suite; a missing one is a build defect"
)]
pub fn system_policy(id: &str) -> PolicyRef {
    match Catalogue::get().policy_by_id(id) {
        Some(i) => PolicyRef::System(i),
        None => panic!("system policy {id} missing from the catalogue"),
    }
}

impl Platform {
    /// Every environment of the collaboration's owner where its entries give roles,
    /// as configured (callers check the status). Group resolutions are computed once
    /// per group, so this costs one pass over the owner's environments.
    pub fn reachable(&self, c: &Collaboration) -> Vec<(EnvId, Access)> {
        let mut out = Vec::new();
        self.access_each(c, self.envs_of(c.owner), |_, e, level, roles| {
            out.push((
                e,
                Access {
                    level,
                    roles: RoleList::from_slice(roles),
                },
            ));
        });
        out
    }

    /// The environments of [`Platform::reachable`], without their access.
    pub fn reachable_envs(&self, c: &Collaboration) -> Vec<EnvId> {
        let mut out = Vec::new();
        self.access_each(c, self.envs_of(c.owner), |_, e, _, _| out.push(e));
        out
    }

    /// Calls `f` with (its place in `envs`, the environment, the level, the roles) for
    /// each of `envs` (environments of the collaboration's owner) where its entries
    /// give roles, as configured (callers check the status); the roles are sorted by
    /// id. Each group is resolved once, and not at all when no group entry carries
    /// roles; nothing is copied for the callback.
    pub fn access_each(
        &self,
        c: &Collaboration,
        envs: impl IntoIterator<Item = EnvId>,
        mut f: impl FnMut(usize, EnvId, AccessLevel, &[RoleId]),
    ) {
        let entries = Entries::of(c);
        if !entries.any_roles() {
            return;
        }
        let envs = envs.into_iter();
        let groups_matter = entries.groups_matter();
        let mut memo = GroupMemo::new(envs.size_hint().0, self.groups.len());
        let direct = entries.direct_index();
        let mut roles = RoleList::new();
        for (i, e) in envs.enumerate() {
            let found = direct.binary_search_by_key(&e, |(id, _)| *id).ok();
            if let Some((_, direct)) = found.and_then(|j| direct.get(j)) {
                f(i, e, AccessLevel::Direct, direct);
                continue;
            }
            roles.clear();
            if groups_matter {
                for g in &self.env(e).groups {
                    if let Some(r) = entries.resolve_in(self, *g, &mut memo) {
                        roles.extend_from_slice(r);
                    }
                }
            }
            if !roles.is_empty() {
                roles.sort_unstable();
                roles.dedup();
                f(i, e, AccessLevel::Groups, &roles);
            } else if let Some(b) = entries.base {
                f(i, e, AccessLevel::Base, b);
            }
        }
    }
}

/// One cell of the lens: what a member reaches on an environment. The level and roles
/// are effective (none unless the collaboration is active); `would_be` is what the
/// entries give as configured, shown only as a note for a member that is not active.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LensCell {
    pub level: Level,
    pub roles: RoleList,
    pub status: CollabStatus,
    pub would_be: Option<Access>,
}

impl Platform {
    pub fn lens_cell(&self, c: CollabId, env: EnvId) -> LensCell {
        let rec = self.collab(c);
        let effective = self.effective_access(rec, env);
        let would_be = (!rec.is_active())
            .then(|| self.configured_access(rec, env))
            .filter(|a| !a.is_none());
        LensCell {
            level: effective.level.level(),
            roles: effective.roles,
            status: rec.status,
            would_be,
        }
    }
}
