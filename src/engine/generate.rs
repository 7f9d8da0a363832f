//! Large synthetic platforms for benchmarks and scale tests (`collab generate`).
//!
//! The generator writes a [`StateDocument`] directly instead of running commands
//! through the engine: building 10,000 environments and 1,000 members must take a
//! blink, so every step here is linear in the size asked for (no quadratic loops,
//! no per-item scans of growing lists). Randomness comes from a small `SplitMix64`
//! generator seeded by the spec, so the same spec gives the same document, byte for
//! byte. The document is produced in the canonical order of
//! [`Engine::to_document`](super::Engine::to_document), so loading and saving it
//! again changes nothing.
//!
//! The shape (issue 4): one primary account ([`PRIMARY_EMAIL`]) owning most
//! environments in a group forest exactly `depth` levels deep, each of its
//! environments in one to three groups; `members` members of that owner in every
//! status, each with 5 to 20 share entries of all four kinds (with and without
//! roles); 40 roles of the primary built from system policies and three custom
//! policies, some with `notify`; several other owners from the pool with their own
//! roles, groups and environments, sharing with members that overlap the primary's;
//! and a task history of a few thousand tasks. Everything stays within the rules a
//! loaded document is checked against (names, quotas, cloudlets, references).
//!
//! This module must not touch files or clocks; the command line writes the result.

use std::collections::HashSet;

use super::access::cmp_ci;
use super::catalogue::Catalogue;
use super::document::{
    AccountDoc, CollabDoc, EnvDoc, FORMAT_VERSION, GroupDoc, PolicyDoc, RoleDoc, ShareDoc,
    StateDocument, TaskDoc,
};
use super::model::{
    CollabStatus, DEFAULT_MAX_CLOUDLETS, DEFAULT_MAX_ENVIRONMENTS, EnvStatus, MAX_MAX_ENVIRONMENTS,
};
use super::time::Timestamp;

/// The primary account of every generated platform.
pub const PRIMARY_EMAIL: &str = "owner@acme.io";
/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 7;
/// The largest `--accounts`.
pub const MAX_ACCOUNTS: usize = 100_000;
/// The largest `--envs` (the platform's quota limit for one account).
pub const MAX_ENVS: usize = MAX_MAX_ENVIRONMENTS as usize;
/// The largest `--groups`.
pub const MAX_GROUPS: usize = 100_000;
/// The deepest group forest.
pub const MAX_DEPTH: usize = 16;
/// How many roles the primary account gets.
pub const PRIMARY_ROLES: usize = 40;

/// Tasks start here: 2026-01-05T08:00:00Z.
const TASKS_START: i64 = 1_767_600_000;
const DAY: i64 = 86_400;
const DAY_SECONDS: usize = 86_400;

/// What to generate.
///
/// `accounts` is the pool of accounts besides the primary account: members and the
/// other owners are drawn from it, so the platform has `accounts + 1` accounts and
/// `members` may be at most `accounts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateSpec {
    pub accounts: u32,
    pub envs: u32,
    pub groups: u32,
    pub depth: u32,
    pub members: u32,
    pub seed: u64,
}

/// The spec's numbers as sizes, once validated.
#[derive(Clone, Copy, Debug)]
struct Sizes {
    accounts: usize,
    envs: usize,
    groups: usize,
    depth: usize,
    members: usize,
}

impl GenerateSpec {
    fn sizes(&self) -> Sizes {
        Sizes {
            accounts: self.accounts as usize,
            envs: self.envs as usize,
            groups: self.groups as usize,
            depth: self.depth as usize,
            members: self.members as usize,
        }
    }
}

impl GenerateSpec {
    /// The large platform of issue 4 (`--accounts 1000 --envs 10000 --groups 2000
    /// --depth 8 --members 1000`).
    pub fn large(seed: u64) -> GenerateSpec {
        GenerateSpec {
            accounts: 1000,
            envs: 10_000,
            groups: 2000,
            depth: 8,
            members: 1000,
            seed,
        }
    }

    /// The medium platform for quicker runs (1,000 environments, 100 members).
    pub fn medium(seed: u64) -> GenerateSpec {
        GenerateSpec {
            accounts: 200,
            envs: 1000,
            groups: 200,
            depth: 8,
            members: 100,
            seed,
        }
    }

    /// Checks the numbers; the message names the flag and the allowed range.
    pub fn validate(&self) -> Result<(), String> {
        let s = self.sizes();
        if s.accounts > MAX_ACCOUNTS {
            return Err(format!(
                "--accounts must be at most {MAX_ACCOUNTS} (got {})",
                s.accounts
            ));
        }
        if !(1..=MAX_ENVS).contains(&s.envs) {
            return Err(format!("--envs must be 1 to {MAX_ENVS} (got {})", s.envs));
        }
        if s.groups > MAX_GROUPS {
            return Err(format!(
                "--groups must be at most {MAX_GROUPS} (got {})",
                s.groups
            ));
        }
        if !(1..=MAX_DEPTH).contains(&s.depth) {
            return Err(format!(
                "--depth must be 1 to {MAX_DEPTH} (got {})",
                s.depth
            ));
        }
        if s.groups > 0 && s.groups < s.depth {
            return Err(format!(
                "--groups {} cannot make a forest {} levels deep; give at least {} groups, or 0 for none",
                s.groups, s.depth, s.depth
            ));
        }
        if s.members > s.accounts {
            return Err(format!(
                "--members {} exceeds --accounts {}: members come from the pool of accounts besides the primary one",
                s.members, s.accounts
            ));
        }
        Ok(())
    }
}

/// The email of pool account `index` (1-based; 0 is the primary account). Members of
/// the primary account are the pool accounts `1..=members`.
pub fn account_email(index: usize) -> String {
    if index == 0 {
        return PRIMARY_EMAIL.to_string();
    }
    let (first, last) = person(index);
    let domain = cycle(&DOMAINS, index);
    format!(
        "{}.{}{index}@{domain}",
        first.to_ascii_lowercase(),
        last.to_ascii_lowercase()
    )
}

/// The other owners: the last pool accounts, several of them.
pub fn other_owner_indices(spec: &GenerateSpec) -> std::ops::RangeInclusive<usize> {
    let spec = spec.sizes();
    let count = if spec.accounts == 0 {
        0
    } else {
        (spec.accounts / 100).clamp(1, 8)
    };
    (spec.accounts + 1 - count)..=spec.accounts
}

/// Builds the platform described by `spec`.
pub fn generate(spec: &GenerateSpec) -> Result<StateDocument, String> {
    spec.validate()?;
    let mut g = Generator {
        rng: SplitMix64::new(spec.seed),
        spec: spec.sizes(),
        others: other_owner_indices(spec).collect(),
        doc: StateDocument {
            version: FORMAT_VERSION,
            ..StateDocument::default()
        },
        next_env: 0,
        next_task_time: TASKS_START,
    };
    g.build();
    let mut doc = g.doc;
    canonical_order(&mut doc);
    Ok(doc)
}

// ----- the random source -----------------------------------------------------------

/// `SplitMix64` (Steele, Lea and Flood): tiny, fast and good enough for test data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), without modulo bias worth mentioning.
    fn below(&mut self, n: usize) -> usize {
        // The high half of a 64 by `n` bit product is below `n`, so it fits a `usize`.
        usize::try_from((u128::from(self.next_u64()) * n as u128) >> 64).unwrap_or(0)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// [`between`](Self::between) for a count stored as `u32`; the generator's ranges
    /// are small, so the saturation never happens.
    fn between_u32(&mut self, lo: usize, hi: usize) -> u32 {
        u32::try_from(self.between(lo, hi)).unwrap_or(u32::MAX)
    }

    /// [`between`](Self::between) for seconds; the generator's ranges are small, so
    /// the saturation never happens.
    fn between_i64(&mut self, lo: usize, hi: usize) -> i64 {
        i64::try_from(self.between(lo, hi)).unwrap_or(i64::MAX)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

// ----- names -----------------------------------------------------------------------

const FIRST: [&str; 24] = [
    "Anna", "Boris", "Chen", "Dara", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Kira",
    "Liam", "Maya", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
    "Wade", "Yuki",
];
const LAST: [&str; 20] = [
    "Adler", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen",
    "Kowalski", "Lopez", "Meyer", "Novak", "Olsen", "Petrov", "Rossi", "Silva", "Tanaka", "Weber",
];
const DOMAINS: [&str; 7] = [
    "acme.io",
    "globex.io",
    "initech.com",
    "umbrella.dev",
    "hooli.io",
    "stark.org",
    "wayne.net",
];
const ENV_PREFIX: [&str; 16] = [
    "shop",
    "api",
    "billing",
    "cdn",
    "mail",
    "auth",
    "search",
    "media",
    "analytics",
    "crm",
    "docs",
    "queue",
    "cache",
    "reports",
    "gateway",
    "chat",
];
const ENV_SUFFIX: [&str; 9] = [
    "prod", "staging", "dev", "test", "qa", "eu", "us", "asia", "canary",
];
const ROOT_GROUPS: [&str; 10] = [
    "Production",
    "Staging",
    "Testing",
    "Development",
    "Sandbox",
    "Customers",
    "Internal",
    "Partners",
    "Archive",
    "Regions",
];
const SUB_GROUPS: [&str; 10] = [
    "Region", "Team", "Project", "Client", "Service", "Cluster", "Zone", "Squad", "Site", "Tier",
];
const ROLE_AREAS: [&str; 12] = [
    "Frontend",
    "Backend",
    "Data",
    "Mobile",
    "Platform",
    "Security",
    "Support",
    "QA",
    "Billing",
    "Marketing",
    "Search",
    "Payments",
];
const ROLE_KINDS: [&str; 6] = [
    "Operator",
    "Auditor",
    "Maintainer",
    "Deployer",
    "Observer",
    "Lead",
];
/// The primary's custom policies: name, description, methods.
const CUSTOM_POLICIES: [(&str, &str, &[&str]); 3] = [
    (
        "Release Train",
        "Deploy and build releases",
        &[
            "env.deployment.Deploy",
            "env.deployment.Undeploy",
            "env.vcs.Update",
            "env.build.BuildProject",
        ],
    ),
    (
        "Night Ops",
        "Keep things running out of hours",
        &[
            "env.control.StartEnv",
            "env.control.StopEnv",
            "env.control.RestartNodes",
            "env.control.GetLogs",
        ],
    ),
    (
        "Audit Trail",
        "Read logs, statistics and billing history",
        &[
            "env.control.GetLogs",
            "env.control.GetStats",
            "billing.account.GetEnvBillingHistory",
        ],
    ),
];
/// Methods the task history is made of.
const TASK_METHODS: [&str; 10] = [
    "env.control.StartEnv",
    "env.control.StopEnv",
    "env.control.RestartNodes",
    "env.control.GetLogs",
    "env.control.GetStats",
    "env.deployment.Deploy",
    "env.build.BuildProject",
    "env.control.RedeployContainers",
    "env.control.ExecCmd",
    "env.control.SleepEnv",
];

fn person(index: usize) -> (&'static str, &'static str) {
    (
        cycle(&FIRST, index),
        cycle(&LAST, index / FIRST.len() + index),
    )
}

/// The `index`-th word of a fixed, non-empty word list, wrapping around.
fn cycle(words: &[&'static str], index: usize) -> &'static str {
    index
        .checked_rem(words.len())
        .and_then(|i| words.get(i))
        .copied()
        .unwrap_or_default()
}

fn account_name(index: usize) -> String {
    if index == 0 {
        return "Acme Owner".to_string();
    }
    let (first, last) = person(index);
    format!("{first} {last}")
}

// ----- building ----------------------------------------------------------------------

/// What the generator knows of one owner while it builds.
struct Owner {
    email: String,
    /// Group paths.
    groups: Vec<String>,
    /// Environment names.
    envs: Vec<String>,
    /// Role names.
    roles: Vec<String>,
    /// Emails of active members.
    active: Vec<String>,
}

struct Generator {
    rng: SplitMix64,
    spec: Sizes,
    /// Pool indices of the other owners.
    others: Vec<usize>,
    doc: StateDocument,
    next_env: usize,
    next_task_time: i64,
}

impl Generator {
    fn build(&mut self) {
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

    fn accounts(&mut self, owners: &[Owner]) {
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
    fn forest(&mut self, owner: &str, count: usize, depth: usize) -> Vec<String> {
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

    /// The primary's 40 roles: the five typical ones, then generated ones built from
    /// system policies and, now and then, a custom policy. Returns their names.
    fn primary_roles(&mut self) -> Vec<String> {
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
    fn typical_roles(&mut self, owner: &str, all: bool) -> Vec<String> {
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

    fn role(
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
    fn sample(&mut self, from: &[String], n: usize) -> Vec<String> {
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

    /// The status of each member of the primary (pool accounts `1..=members`): one of
    /// each status first, then mostly active.
    fn member_statuses(&mut self) -> Vec<CollabStatus> {
        use CollabStatus::{Active, Left, Pending, Rejected, Suspended};
        (0..self.spec.members)
            .map(|i| match i {
                0 => Active,
                1 => Pending,
                2 => Suspended,
                3 => Left,
                4 => Rejected,
                _ => match self.rng.below(100) {
                    0..70 => Active,
                    70..80 => Pending,
                    80..88 => Suspended,
                    88..94 => Left,
                    _ => Rejected,
                },
            })
            .collect()
    }

    /// `count` environments of `owner`, each in one to three of its groups (when it
    /// has groups); a few created by an active member.
    fn envs(&mut self, owner: &Owner, count: usize) -> Vec<String> {
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

    /// Roles for one entry: none now and then (`none_percent`), else 1 to `max`.
    fn entry_roles(&mut self, roles: &[String], none_percent: usize, max: usize) -> Vec<String> {
        if roles.is_empty() || self.rng.chance(none_percent) {
            return Vec::new();
        }
        let n = self.rng.between(1, max);
        let mut out = self.sample(roles, n);
        out.sort_by(|a, b| cmp_ci(a, b));
        out
    }

    /// Share entries of all four kinds for one member, `count` of them at most.
    fn entries(&mut self, owner: &Owner, count: usize, spread: usize) -> Vec<ShareDoc> {
        let mut out: Vec<ShareDoc> = Vec::with_capacity(count);
        if self.rng.chance(45) {
            let roles = self.entry_roles(&owner.roles, 10, 2);
            out.push(ShareDoc {
                target: "envs".into(),
                roles,
            });
        }
        if self.rng.chance(40) {
            let roles = self.entry_roles(&owner.roles, 15, 2);
            out.push(ShareDoc {
                target: "groups".into(),
                roles,
            });
        }
        let mut attempts = 0;
        while out.len() < count && attempts < 4 * count {
            attempts += 1;
            let target = if !owner.groups.is_empty() && self.rng.chance(55) {
                self.rng.pick(&owner.groups).map(|g| format!("group:{g}"))
            } else {
                self.rng.pick(&owner.envs).map(|e| format!("env:{e}"))
            };
            let Some(target) = target else { continue };
            if out.iter().any(|s| s.target == target) {
                continue;
            }
            let roles = self.entry_roles(&owner.roles, 20, spread);
            out.push(ShareDoc { target, roles });
        }
        out
    }

    fn changed_time(&mut self) -> String {
        let back = self.rng.between_i64(1, 120) * DAY + self.rng.between_i64(0, DAY_SECONDS - 1);
        Timestamp(TASKS_START - back).to_rfc3339()
    }

    fn primary_members(&mut self, primary: &Owner, statuses: &[CollabStatus]) {
        for (i, status) in statuses.iter().enumerate() {
            let index = i + 1;
            let count = self.rng.between(5, 20);
            let shares = self.entries(primary, count, 3);
            let invitations = match status {
                CollabStatus::Pending | CollabStatus::Rejected => self.rng.between_u32(1, 3),
                _ => 1,
            };
            let changed = self.changed_time();
            self.doc.collaborations.push(CollabDoc {
                owner: PRIMARY_EMAIL.to_string(),
                member: account_email(index),
                name: account_name(index),
                status: status.as_str().to_string(),
                changed,
                invitations,
                shares,
            });
        }
    }

    /// Another owner: Viewer, Developer and Admin, a shallow forest, its environments,
    /// and members drawn from the whole pool (so they overlap the primary's).
    fn other_owner(&mut self, index: usize, envs: usize, groups: usize) -> Owner {
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

    /// A few thousand tasks on the owners' environments, by owners and active members,
    /// some of the members' attempts denied.
    fn tasks(&mut self, owners: &[Owner]) {
        let spec = self.spec;
        let count = (spec.envs / 2 + spec.members * 2).clamp(50, 4000);
        let cat = Catalogue::get();
        let with_envs: Vec<&Owner> = owners.iter().filter(|o| !o.envs.is_empty()).collect();
        self.doc.tasks.reserve(count);
        for seq in 1..=count {
            let owner = if self.rng.chance(85) {
                with_envs.first().copied()
            } else {
                self.rng.pick(&with_envs).copied()
            };
            let Some(owner) = owner else { break };
            let Some(env) = self.rng.pick(&owner.envs).cloned() else {
                break;
            };
            let method = self
                .rng
                .pick(&TASK_METHODS)
                .copied()
                .unwrap_or("env.control.GetLogs");
            let member = if self.rng.chance(50) {
                self.rng.pick(&owner.active).cloned()
            } else {
                None
            };
            let denied = member.is_some() && self.rng.chance(8);
            let reason = denied.then(|| {
                let policy = cat
                    .method(method)
                    .and_then(|m| cat.policies_with(m).first().copied())
                    .map_or(method, |p| cat.policy(p).id.as_str());
                format!(
                    "you don't have enough permissions to perform this action: needs {policy} on {env}"
                )
            });
            self.next_task_time += self.rng.between_i64(30, 900);
            self.doc.tasks.push(TaskDoc {
                seq: seq as u64,
                time: Timestamp(self.next_task_time).to_rfc3339(),
                owner: owner.email.clone(),
                env: Some(env),
                method: method.to_string(),
                initiator: member.unwrap_or_else(|| owner.email.clone()),
                outcome: if denied { "denied" } else { "done" }.to_string(),
                reason,
            });
        }
    }
}

/// The `k`-th of `parts` near-equal shares of `total`.
fn share_of(total: usize, parts: usize, k: usize) -> usize {
    total / parts + usize::from(k < total % parts)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

fn system_policy_ids() -> Vec<String> {
    Catalogue::get()
        .policies
        .iter()
        .map(|p| p.id.clone())
        .collect()
}

/// Sorts every list the way `Platform::to_document` writes it, so a generated
/// document survives a load and save unchanged.
fn canonical_order(doc: &mut StateDocument) {
    doc.accounts.sort_by(|a, b| a.email.cmp(&b.email));
    doc.groups
        .sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| a.path.cmp(&b.path)));
    doc.environments.sort_by(|a, b| a.name.cmp(&b.name));
    doc.policies
        .sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| cmp_ci(&a.name, &b.name)));
    doc.roles
        .sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| cmp_ci(&a.name, &b.name)));
    for c in &mut doc.collaborations {
        c.shares.sort_by(|a, b| {
            kind(&a.target)
                .cmp(&kind(&b.target))
                .then_with(|| cmp_ci(&a.target, &b.target))
        });
    }
    doc.collaborations
        .sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| a.member.cmp(&b.member)));
}

fn kind(target: &str) -> u8 {
    if target == "envs" {
        0
    } else if target == "groups" {
        1
    } else if target.starts_with("group:") {
        2
    } else {
        3
    }
}
