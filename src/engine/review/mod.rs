//! An access review of one owner's account: findings with a severity, the facts
//! behind each and, where one command fixes it, that `collab` command line.
//!
//! - least privilege from use: roles held on an environment versus the methods the
//!   member used there in the window (see `usage`);
//! - dormant members and stale invitations;
//! - delegates: who holds collaboration.manage and where, delegates able to grant
//!   roles stronger than their own (domain.md section 5 leaves that risk to reviews),
//!   members able to transfer the owner's environments away (see `holders`);
//! - leftovers: inactive records still holding share entries, unused roles and custom
//!   policies, roles with identical policy sets; broad grants (see `leftovers`).
//!
//! "Now" and the window come in as values: the engine never reads a clock. This module
//! reads the platform and writes nothing.

use std::collections::BTreeMap;

use serde::Serialize;

use super::access::cmp_ci;
use super::catalogue::Catalogue;
use super::model::{AccountId, Collaboration, MethodId, PolicyRef, RoleId, RoleList, ShareTarget};
use super::platform::Platform;
use super::time::Timestamp;

mod cover;
mod holders;
mod layout;
mod leftovers;
mod reach;
mod usage;

pub use cover::{Candidate, MethodSet, minimal_cover};

/// The window of use a review looks back over unless told otherwise: `collab
/// review`'s `--days` default, and the app's Review view.
pub const DEFAULT_DAYS: u32 = 90;

/// How many findings of each severity, in the contract's order: info, warn, risk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub info: usize,
    pub warn: usize,
    pub risk: usize,
}

impl Counts {
    pub fn of(self, s: Severity) -> usize {
        match s {
            Severity::Info => self.info,
            Severity::Warn => self.warn,
            Severity::Risk => self.risk,
        }
    }

    fn of_mut(&mut self, s: Severity) -> &mut usize {
        match s {
            Severity::Info => &mut self.info,
            Severity::Warn => &mut self.warn,
            Severity::Risk => &mut self.risk,
        }
    }
}

/// How much a finding matters; ordered, so `--fail-on` compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warn,
    Risk,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Risk => "risk",
        }
    }
}

/// One fact behind a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Fact {
    Count(u64),
    Text(String),
    List(Vec<String>),
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// `least_privilege`, `dormant_member`, `stale_invitation`, `delegate`,
    /// `delegate_can_grant_stronger`, `can_transfer`, `leftover_shares`,
    /// `unused_role`, `unused_policy`, `duplicate_roles`, `broad_grant`.
    pub kind: &'static str,
    pub member: Option<String>,
    pub env: Option<String>,
    pub message: String,
    pub facts: BTreeMap<&'static str, Fact>,
    /// The `collab` command that fixes it, or `null` for a finding that only informs.
    pub fix: Option<String>,
}

/// The review of one owner's account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Review {
    pub owner: String,
    pub now: String,
    pub days: u32,
    pub counts: Counts,
    pub findings: Vec<Finding>,
}

impl Review {
    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// A fix as it runs through `collab`, the command that reaches the reviewed file (`collab
/// --state PATH` when it is not the default one): fixes are written for `collab`
/// alone, since the engine knows no files.
pub fn fix_on(fix: &str, collab: &str) -> String {
    match fix.strip_prefix("collab ") {
        Some(rest) if collab != "collab" => format!("{collab} {rest}"),
        _ => fix.to_string(),
    }
}

/// A word for a shell command line ([`crate::text::shell_word`]).
pub fn shell_word(s: &str) -> String {
    crate::text::shell_word(s.as_bytes())
}

/// [`shell_word`], appended to `out`.
pub fn push_shell_word(out: &mut String, s: &str) {
    out.push_str(&shell_word(s));
}

/// What every check needs: the platform, the owner, the window.
pub(crate) struct Ctx<'a> {
    pub p: &'a Platform,
    pub owner: AccountId,
    pub owner_email: &'a str,
    pub now: Timestamp,
    /// The first second of the window.
    pub since: Timestamp,
    /// The methods each of the owner's roles grants.
    pub role_methods: BTreeMap<RoleId, MethodSet>,
}

impl Ctx<'_> {
    pub fn email(&self, a: AccountId) -> String {
        self.p.account(a).email.clone()
    }

    /// `collab --as OWNER WORDS... NAME`, each word shell-quoted; a name that starts
    /// with `-` (accepted when created after `--`) comes after `--`, so that the
    /// command line reads it as a name, not as a flag.
    pub fn command(&self, words: &[&str], name: &str) -> String {
        let mut s = self.command_words(words);
        push_name(&mut s, name);
        s
    }

    /// `collab --as OWNER WORDS...`: an owner whose email starts with `-` as
    /// `--as=EMAIL`, one word.
    pub fn command_words(&self, words: &[&str]) -> String {
        let mut s = String::from("collab ");
        if self.owner_email.starts_with('-') {
            push_shell_word(&mut s, &format!("--as={}", self.owner_email));
        } else {
            s.push_str("--as ");
            push_shell_word(&mut s, self.owner_email);
        }
        for w in words {
            s.push(' ');
            push_shell_word(&mut s, w);
        }
        s
    }

    pub fn methods_of(&self, roles: &[RoleId]) -> MethodSet {
        let mut s = MethodSet::default();
        for r in roles {
            if let Some(m) = self.role_methods.get(r) {
                s.union_with(m);
            }
        }
        s
    }

    pub fn role_names(&self, roles: &[RoleId]) -> Vec<String> {
        self.p.sorted_role_names(roles)
    }

    /// The command that replaces the member's share set by its current one with the
    /// roles `drop` says to drop removed (an entry left without roles stays ticked).
    pub fn shares_without(&self, c: &Collaboration, drop: impl Fn(RoleId) -> bool) -> String {
        let member = &self.p.account(c.member).email;
        // The email first, as people write it, unless it needs `--` before it: then
        // it comes last, after the flags.
        let last = member.starts_with('-');
        let mut out = if last {
            self.command_words(&["member", "edit"])
        } else {
            self.command(&["member", "edit"], member)
        };
        // The entries as `member list` shows them.
        let mut entries: Vec<(ShareTarget, &RoleList)> =
            (&c.shares).into_iter().map(|(t, r)| (*t, r)).collect();
        entries.sort_by(|(a, _), (b, _)| self.p.cmp_targets(*a, *b));
        // Each entry's argument is written into one buffer, then quoted onto the line:
        // a member's fix names all its entries, and a review writes thousands of fixes.
        let mut arg = String::new();
        for (target, roles) in entries {
            arg.clear();
            self.p.push_target_label(&mut arg, target);
            let kept: RoleList = roles.iter().copied().filter(|r| !drop(*r)).collect();
            for (i, name) in self.p.sorted_role_refs(&kept).iter().enumerate() {
                arg.push(if i == 0 { '=' } else { '+' });
                arg.push_str(name);
            }
            out.push_str(" --share ");
            push_shell_word(&mut out, &arg);
        }
        if last {
            push_name(&mut out, member);
        }
        out
    }
}

/// ` --FLAG VALUE` on a command line, or ` --FLAG=VALUE` when the value starts with
/// `-` (else it would read as a flag).
pub(crate) fn push_flag(out: &mut String, flag: &str, value: &str) {
    out.push(' ');
    if value.starts_with('-') {
        push_shell_word(out, &format!("{flag}={value}"));
    } else {
        out.push_str(flag);
        out.push(' ');
        push_shell_word(out, value);
    }
}

/// ` NAME` on a command line, after ` --` when it starts with `-`.
pub(crate) fn push_name(out: &mut String, name: &str) {
    if name.starts_with('-') {
        out.push_str(" --");
    }
    out.push(' ');
    push_shell_word(out, name);
}

/// The methods of a policy.
pub(crate) fn policy_methods(p: &Platform, pol: PolicyRef) -> Vec<MethodId> {
    match pol {
        PolicyRef::System(i) => Catalogue::get().policy(i).methods.clone(),
        PolicyRef::Custom(id) => p.custom_policy(id).methods.clone(),
    }
}

/// A method as people read it: the short action name when it has one.
pub(crate) fn method_label(m: MethodId) -> String {
    let cat = Catalogue::get();
    cat.action_name(m)
        .map_or_else(|| cat.method_name(m).to_string(), str::to_string)
}

/// Reviews `owner`'s account as of `now`, looking back `days` days.
pub fn review(p: &Platform, owner: AccountId, now: Timestamp, days: u32) -> Review {
    let role_methods = p
        .roles_of(owner)
        .map(|r| {
            let methods = p
                .role(r)
                .policies
                .iter()
                .flat_map(|pol| policy_methods(p, *pol));
            (r, MethodSet::of(methods))
        })
        .collect();
    let owner_email = &p.account(owner).email;
    let ctx = Ctx {
        p,
        owner,
        owner_email,
        now,
        since: Timestamp(now.0.saturating_sub(i64::from(days).saturating_mul(86_400))),
        role_methods,
    };
    let mut findings = Vec::new();
    usage::least_privilege(&ctx, &mut findings);
    usage::dormant(&ctx, &mut findings);
    usage::stale_invitations(&ctx, &mut findings);
    holders::delegates_and_transfers(&ctx, &mut findings);
    leftovers::leftovers(&ctx, &mut findings);
    leftovers::broad_grants(&ctx, &mut findings);
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.kind.cmp(b.kind))
            .then_with(|| {
                cmp_ci(
                    a.member.as_deref().unwrap_or(""),
                    b.member.as_deref().unwrap_or(""),
                )
            })
            .then_with(|| {
                cmp_ci(
                    a.env.as_deref().unwrap_or(""),
                    b.env.as_deref().unwrap_or(""),
                )
            })
            .then_with(|| a.message.cmp(&b.message))
    });
    let mut counts = Counts::default();
    for f in &findings {
        *counts.of_mut(f.severity) += 1;
    }
    Review {
        owner: owner_email.clone(),
        now: now.to_rfc3339(),
        days,
        counts,
        findings,
    }
}
