//! Roles and custom policies: the typical set, the primary's generated ones.

use super::{
    CUSTOM_POLICIES, Generator, PRIMARY_EMAIL, PRIMARY_ROLES, ROLE_AREAS, ROLE_KINDS, cycle,
    strings, system_policy_ids,
};
use crate::engine::access::cmp_ci;
use crate::engine::catalogue::Catalogue;
use crate::engine::document::{PolicyDoc, RoleDoc};

impl Generator {
    /// The primary's 40 roles: the five typical ones, then generated ones built from
    /// system policies and, now and then, a custom policy. Returns their names.
    pub(super) fn primary_roles(&mut self) -> Vec<String> {
        for (name, description, methods) in CUSTOM_POLICIES {
            let cat = Catalogue::get();
            let mut methods: Vec<&str> = methods.to_vec();
            methods.sort_by_key(|m| cat.method(m));
            self.doc.policies.push(PolicyDoc {
                owner: PRIMARY_EMAIL.to_string(),
                name: name.to_string(),
                description: description.to_string(),
                methods: methods.into_iter().map(str::to_string).collect(),
            });
        }
        let mut names = self.typical_roles(PRIMARY_EMAIL, true);
        let system = system_policy_ids();
        for i in 0..PRIMARY_ROLES.saturating_sub(names.len()) {
            let name = format!(
                "{} {}",
                cycle(&ROLE_AREAS, i),
                cycle(&ROLE_KINDS, i / ROLE_AREAS.len())
            );
            let n = self.rng.between(2, 8);
            let mut policies = self.sample(&system, n);
            if self.rng.chance(20)
                && let Some((custom, ..)) = self.rng.pick(&CUSTOM_POLICIES)
            {
                policies.push((*custom).to_string());
            }
            let notify = self.rng.chance(20);
            self.role(PRIMARY_EMAIL, &name, "Generated role", policies, notify);
            names.push(name);
        }
        names
    }

    /// Viewer, User, Developer, Accountant and (when `all`) Admin.
    pub(super) fn typical_roles(&mut self, owner: &str, all: bool) -> Vec<String> {
        let system = system_policy_ids();
        let viewer = strings(&["fs.view", "logs.view", "stats.view"]);
        let mut user = viewer.clone();
        user.extend(strings(&["env.startstop", "node.restart"]));
        let excluded = [
            "env.create",
            "env.delete",
            "env.migrate",
            "env.clone",
            "env.transfer",
            "envgroup.manage",
            "envgroup.assign",
        ];
        let developer: Vec<String> = system
            .iter()
            .filter(|p| !excluded.contains(&p.as_str()))
            .cloned()
            .collect();
        let mut roles = vec![
            (
                "Viewer",
                "Read-only: files, logs and statistics",
                viewer,
                false,
            ),
            (
                "Developer",
                "Everything but the environment lifecycle and groups",
                developer,
                false,
            ),
            (
                "Admin",
                "Every system policy; receives load alerts",
                system,
                true,
            ),
        ];
        if all {
            roles.push(("User", "Viewer plus start, stop and restart", user, false));
            roles.push((
                "Accountant",
                "Costs and statistics",
                strings(&["billing.view", "stats.view"]),
                false,
            ));
        }
        roles
            .into_iter()
            .map(|(name, description, policies, notify)| {
                self.role(owner, name, description, policies, notify);
                name.to_string()
            })
            .collect()
    }

    pub(super) fn role(
        &mut self,
        owner: &str,
        name: &str,
        description: &str,
        mut policies: Vec<String>,
        notify: bool,
    ) {
        policies.sort_by(|a, b| cmp_ci(a, b));
        policies.dedup();
        self.doc.roles.push(RoleDoc {
            owner: owner.to_string(),
            name: name.to_string(),
            description: description.to_string(),
            policies,
            notify,
        });
    }

    /// `n` distinct items of `from` (all of them when `n` is larger), by a partial
    /// Fisher-Yates shuffle of indices.
    pub(super) fn sample(&mut self, from: &[String], n: usize) -> Vec<String> {
        let mut idx: Vec<usize> = (0..from.len()).collect();
        let n = n.min(idx.len());
        for i in 0..n {
            let j = i + self.rng.below(idx.len() - i);
            idx.swap(i, j);
        }
        idx.iter()
            .take(n)
            .filter_map(|&i| from.get(i))
            .cloned()
            .collect()
    }
}
