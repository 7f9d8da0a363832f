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

use super::access::cmp_ci;
use super::catalogue::Catalogue;
use super::document::{FORMAT_VERSION, StateDocument};
use super::model::MAX_MAX_ENVIRONMENTS;

mod build;
mod members;
mod rng;
mod roles;
mod words;

use rng::SplitMix64;
use words::{
    CUSTOM_POLICIES, DOMAINS, ENV_PREFIX, ENV_SUFFIX, ROLE_AREAS, ROLE_KINDS, ROOT_GROUPS,
    SUB_GROUPS, TASK_METHODS, account_name, cycle, person,
};

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
