//! The build order, and the owners' side: accounts, group forests, environments,
//! the other owners.

use std::collections::HashSet;

use super::{
    ENV_PREFIX, ENV_SUFFIX, Generator, MAX_ENVS, Owner, PRIMARY_EMAIL, ROOT_GROUPS, SUB_GROUPS,
    account_email, account_name, share_of,
};
use crate::engine::document::{AccountDoc, CollabDoc, EnvDoc, GroupDoc};
use crate::engine::model::{
    CollabStatus, DEFAULT_MAX_CLOUDLETS, DEFAULT_MAX_ENVIRONMENTS, EnvStatus,
};

impl Generator {
    pub(super) fn build(&mut self) {
        let spec = self.spec;
        let others = std::mem::take(&mut self.others);

        // Split environments and groups: the primary keeps about nine tenths.
        let other_envs = if others.is_empty() { 0 } else { spec.envs / 10 };
        let primary_envs = spec.envs - other_envs;
        let other_groups = if others.is_empty() {
            0
        } else {
            (spec.groups / 10)
                .min(others.len() * 5)
                .min(spec.groups.saturating_sub(spec.depth))
        };
        let primary_groups = spec.groups - other_groups;

        let mut primary = Owner {
            email: PRIMARY_EMAIL.to_string(),
            groups: self.forest(PRIMARY_EMAIL, primary_groups, spec.depth),
            envs: Vec::new(),
            roles: Vec::new(),
            active: Vec::new(),
        };
        primary.roles = self.primary_roles();
        let statuses = self.member_statuses();
        primary.active = statuses
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == CollabStatus::Active)
            .map(|(i, _)| account_email(i + 1))
            .collect();
        primary.envs = self.envs(&primary, primary_envs);
        self.primary_members(&primary, &statuses);

        let mut owners = vec![primary];
        for (k, &index) in others.iter().enumerate() {
            let envs = share_of(other_envs, others.len(), k);
            let groups = share_of(other_groups, others.len(), k);
            owners.push(self.other_owner(index, envs, groups));
        }

        self.accounts(&owners);
        self.tasks(&owners);
    }

    pub(super) fn accounts(&mut self, owners: &[Owner]) {
        let owned = |email: &str| {
            owners
                .iter()
                .find(|o| o.email == email)
                .map_or(0, |o| o.envs.len())
        };
        self.doc.accounts = (0..=self.spec.accounts)
            .map(|i| {
                let email = account_email(i);
                let n = owned(&email);
                AccountDoc {
                    max_environments: if n == 0 {
                        DEFAULT_MAX_ENVIRONMENTS
                    } else {
                        // At most MAX_ENVS, which is a u32.
                        u32::try_from((n + n / 5 + 20).min(MAX_ENVS)).unwrap_or(u32::MAX)
                    },
                    max_cloudlets_per_env: DEFAULT_MAX_CLOUDLETS,
                    name: account_name(i),
                    email,
                }
            })
            .collect();
    }

    /// A group forest of `count` groups at most `depth` levels deep; one chain reaches
    /// the full depth. Returns the paths.
    pub(super) fn forest(&mut self, owner: &str, count: usize, depth: usize) -> Vec<String> {
        let mut paths: Vec<String> = Vec::with_capacity(count);
        // Groups that may still get children: (index into paths, level from 1).
        let mut open: Vec<(usize, usize)> = Vec::new();
        for i in 0..count {
            let parent = if i > 0 && i < depth {
                Some((i - 1, i))
            } else if i == 0 || open.is_empty() || self.rng.chance(8) {
                None
            } else {
                open.get(self.rng.below(open.len())).copied()
            };
            let (path, level) = match parent {
                None => {
                    let word = self.rng.pick(&ROOT_GROUPS).copied().unwrap_or("Group");
                    (format!("{word} {}", i + 1), 1)
                }
                Some((p, level)) => {
                    let word = self.rng.pick(&SUB_GROUPS).copied().unwrap_or("Group");
                    let parent = paths.get(p).map_or("", String::as_str);
                    (format!("{parent}/{word} {}", i + 1), level + 1)
                }
            };
            if level < depth {
                open.push((i, level));
            }
            paths.push(path);
        }
        self.doc.groups.extend(paths.iter().map(|path| GroupDoc {
            owner: owner.to_string(),
            path: path.clone(),
        }));
        paths
    }

    /// `count` environments of `owner`, each in one to three of its groups (when it
    /// has groups); a few created by an active member.
    pub(super) fn envs(&mut self, owner: &Owner, count: usize) -> Vec<String> {
        let mut names = Vec::with_capacity(count);
        for _ in 0..count {
            let i = self.next_env;
            self.next_env += 1;
            let prefix = self.rng.pick(&ENV_PREFIX).copied().unwrap_or("env");
            let suffix = self.rng.pick(&ENV_SUFFIX).copied().unwrap_or("prod");
            let name = format!("{prefix}-{suffix}-{i:05}");
            let mut groups: Vec<String> = Vec::new();
            if !owner.groups.is_empty() {
                let n = match self.rng.below(100) {
                    0..60 => 1,
                    60..90 => 2,
                    _ => 3,
                };
                for _ in 0..n {
                    if let Some(g) = self.rng.pick(&owner.groups)
                        && !groups.contains(g)
                    {
                        groups.push(g.clone());
                    }
                }
                groups.sort();
            }
            let creator = match self.rng.chance(5).then(|| self.rng.pick(&owner.active)) {
                Some(Some(member)) => member.clone(),
                _ => owner.email.clone(),
            };
            let status = match self.rng.below(100) {
                0..70 => EnvStatus::Running,
                70..90 => EnvStatus::Stopped,
                _ => EnvStatus::Sleeping,
            };
            self.doc.environments.push(EnvDoc {
                name: name.clone(),
                owner: owner.email.clone(),
                creator,
                status: status.as_str().to_string(),
                cloudlets: self.rng.between_u32(1, 32),
                groups,
                since: 0,
            });
            names.push(name);
        }
        names
    }

    /// Another owner: Viewer, Developer and Admin, a shallow forest, its environments,
    /// and members drawn from the whole pool (so they overlap the primary's).
    pub(super) fn other_owner(&mut self, index: usize, envs: usize, groups: usize) -> Owner {
        let email = account_email(index);
        let roles = self.typical_roles(&email, false);
        let depth = self.spec.depth.min(2);
        let mut owner = Owner {
            groups: self.forest(&email, groups, depth),
            email,
            envs: Vec::new(),
            roles,
            active: Vec::new(),
        };
        // Members: a sample of the pool without the owner itself.
        let pool = self.spec.accounts - 1;
        let wanted = (self.spec.members / 4).clamp(1, 250).min(pool);
        let mut chosen: HashSet<usize> = HashSet::with_capacity(wanted);
        let mut members: Vec<usize> = Vec::with_capacity(wanted);
        let mut attempts = 0;
        while members.len() < wanted && attempts < 20 * wanted {
            attempts += 1;
            let m = self.rng.between(1, self.spec.accounts);
            if m != index && chosen.insert(m) {
                members.push(m);
            }
        }
        let mut pending = Vec::with_capacity(members.len());
        for m in members {
            let status = match self.rng.below(100) {
                0..80 => CollabStatus::Active,
                80..90 => CollabStatus::Pending,
                _ => CollabStatus::Suspended,
            };
            if status == CollabStatus::Active {
                owner.active.push(account_email(m));
            }
            pending.push((m, status));
        }
        owner.envs = self.envs(&owner, envs);
        for (m, status) in pending {
            let count = self.rng.between(1, 4);
            let shares = self.entries(&owner, count, 2);
            let changed = self.changed_time();
            self.doc.collaborations.push(CollabDoc {
                owner: owner.email.clone(),
                member: account_email(m),
                name: account_name(m),
                status: status.as_str().to_string(),
                changed,
                invitations: 1,
                shares,
            });
        }
        owner
    }
}
