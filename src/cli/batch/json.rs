//! The answers of `check --batch` written straight into the output buffer: `check
//! --json`'s shape, byte for byte what `serde_json` writes for a
//! [`CheckRow`](crate::engine::CheckRow), without building the row (its owned strings,
//! its sorted role names, its reason sentence) first.
//!
//! Names are looked up once per distinct spelling; the JSON of a role list is built
//! once per distinct list.

use std::collections::HashMap;

use crate::cli::json_text::{escape_into, push_string};
use crate::engine::{
    AccountId, Catalogue, Decision, EnvId, Grant, Level, MethodId, Platform, PolicyRef, QuickHash,
    Reason, ReasonSink, Result, RoleId, Verdict, Words, cmp_ci,
};

type Quick<K, V> = HashMap<K, V, QuickHash>;

/// A reason whose sentence names neither the member nor the environment, so one text
/// serves every answer with the same facts.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum SharedReason {
    /// "role R grants M through policy P (L access)".
    Grant(RoleId, PolicyRef, Level, MethodId),
    /// "the L roles (A, B) lack M; it is in policy P": the role list by its number.
    Lacks(Level, usize, MethodId),
}

/// Resolves the names of a batch and writes its answers, with what it has learnt
/// along the way: ids by spelling, escaped texts by id, role lists and the texts
/// shared by many answers by their facts.
pub struct Answerer<'p> {
    p: &'p Platform,
    members: Quick<Box<[u8]>, Found<AccountId>>,
    envs: Quick<Box<[u8]>, Found<EnvId>>,
    actions: Quick<Box<[u8]>, Found<MethodId>>,
    /// The same, by the reader's numbers for the spellings ([`super::keys`]).
    numbered: Numbered,
    names: Names,
    /// Each distinct role list met so far, numbered, with its JSON
    /// (`["Developer","Viewer"]`).
    role_lists: Quick<Vec<RoleId>, usize>,
    role_json: Vec<Box<[u8]>>,
    /// `","method":"M","level":"L","roles":`, by method and level.
    method_level: Quick<(MethodId, Level), Box<[u8]>>,
    /// From `,"granted_by":` to the end of the reason, for the answers whose reason
    /// names neither the member nor the environment.
    tails: Quick<SharedReason, Box<[u8]>>,
}

/// The question's own bytes for the member's and environment's names, where they
/// are the names as an answer writes them.
#[derive(Clone, Copy, Default)]
pub struct Spelling<'a> {
    pub member: Option<&'a [u8]>,
    pub env: Option<&'a [u8]>,
}

/// Escaped account emails and environment names, by index, each escaped the first
/// time it is written.
#[derive(Default)]
struct Names {
    emails: Vec<Option<Box<[u8]>>>,
    envs: Vec<Option<Box<[u8]>>>,
}

impl Names {
    fn account(&mut self, p: &Platform, a: AccountId, out: &mut Vec<u8>) {
        push_by_id(&mut self.emails, a.index(), || &p.account(a).email, out);
    }

    fn env(&mut self, p: &Platform, e: EnvId, out: &mut Vec<u8>) {
        push_by_id(&mut self.envs, e.index(), || &p.env(e).name, out);
    }
}

/// A reason escaped into a JSON string's inside; the names of accounts and
/// environments come from [`Names`] when it has them.
struct JsonReason<'a> {
    out: &'a mut Vec<u8>,
    names: Option<&'a mut Names>,
}

impl ReasonSink for JsonReason<'_> {
    fn text(&mut self, s: &str) {
        escape_into(self.out, s);
    }

    fn words(&mut self, w: Words) {
        // Fixed words hold nothing JSON escapes (checked when the program is built).
        self.out.extend_from_slice(w.as_str().as_bytes());
    }

    fn account(&mut self, p: &Platform, a: AccountId) {
        match &mut self.names {
            Some(names) => names.account(p, a, self.out),
            None => escape_into(self.out, &p.account(a).email),
        }
    }

    fn env(&mut self, p: &Platform, e: EnvId) {
        match &mut self.names {
            Some(names) => names.env(p, e, self.out),
            None => escape_into(self.out, &p.env(e).name),
        }
    }
}

/// A name's record, as a batch found it by a spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<T> {
    pub id: T,
    /// The spelling is the record's name as an answer writes it (escaped for JSON),
    /// so the answer may copy the question's bytes instead of looking the name up.
    pub verbatim: bool,
}

/// Looks `name` up in `cache` by its bytes, else asks `find` and remembers a name it
/// found (a name not found is not remembered, so bad input cannot grow the cache).
/// `canonical` gives the found record's name, to tell whether the spelling is it.
fn cached<T: Copy>(
    cache: &mut Quick<Box<[u8]>, Found<T>>,
    name: &[u8],
    find: impl FnOnce(&str) -> Result<T>,
    canonical: impl FnOnce(T) -> Option<String>,
) -> Result<Found<T>> {
    if let Some(found) = cache.get(name) {
        return Ok(*found);
    }
    // Names come from `str`s (the scanner's line, or serde's strings).
    let id = find(&String::from_utf8_lossy(name))?;
    let verbatim = canonical(id).is_some_and(|c| {
        let mut escaped = Vec::with_capacity(c.len());
        escape_into(&mut escaped, &c);
        escaped == name
    });
    let found = Found { id, verbatim };
    cache.insert(name.into(), found);
    Ok(found)
}

/// Records found, by the reader's numbers for their spellings.
#[derive(Default)]
struct Numbered {
    members: Vec<Option<Found<AccountId>>>,
    envs: Vec<Option<Found<EnvId>>>,
    actions: Vec<Option<Found<MethodId>>>,
}

/// The record numbered `key` in `table`, else what `find` finds, remembered under
/// its number (a name not found is not remembered).
fn by_number<T: Copy>(
    table: &mut Vec<Option<T>>,
    key: Option<u32>,
    find: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let Some(i) = key.map(index) else {
        return find();
    };
    if let Some(Some(found)) = table.get(i) {
        return Ok(*found);
    }
    let found = find()?;
    if table.len() <= i {
        table.resize(i + 1, None);
    }
    if let Some(slot) = table.get_mut(i) {
        *slot = Some(found);
    }
    Ok(found)
}

/// Appends the escaped text of record `i`, escaping it (and reading the record) the
/// first time only.
fn push_by_id<'t>(
    cache: &mut Vec<Option<Box<[u8]>>>,
    i: usize,
    text: impl FnOnce() -> &'t str,
    out: &mut Vec<u8>,
) {
    if cache.len() <= i {
        cache.resize(i + 1, None);
    }
    match cache.get_mut(i) {
        Some(slot) => out.extend_from_slice(slot.get_or_insert_with(|| {
            let mut escaped = Vec::new();
            escape_into(&mut escaped, text());
            escaped.into_boxed_slice()
        })),
        None => escape_into(out, text()),
    }
}

impl<'p> Answerer<'p> {
    pub fn new(p: &'p Platform) -> Self {
        Answerer {
            p,
            members: Quick::default(),
            envs: Quick::default(),
            actions: Quick::default(),
            numbered: Numbered::default(),
            names: Names::default(),
            role_lists: Quick::default(),
            role_json: Vec::new(),
            method_level: Quick::default(),
            tails: Quick::default(),
        }
    }

    pub fn platform(&self) -> &'p Platform {
        self.p
    }

    /// The account an email names; `key` is the reader's number for the spelling.
    pub fn member(&mut self, key: Option<u32>, email: &[u8]) -> Result<Found<AccountId>> {
        let p = self.p;
        let email_of = |a| Some(p.account(a).email.clone());
        by_number(&mut self.numbered.members, key, || {
            cached(&mut self.members, email, |n| p.find_account(n), email_of)
        })
    }

    /// The environment a name names; `key` is the reader's number for the spelling.
    pub fn env(&mut self, key: Option<u32>, name: &[u8]) -> Result<Found<EnvId>> {
        let p = self.p;
        let name_of = |e| Some(p.env(e).name.clone());
        by_number(&mut self.numbered.envs, key, || {
            cached(&mut self.envs, name, |n| p.find_env(n), name_of)
        })
    }

    /// The method an action names; `key` is the reader's number for the spelling.
    pub fn action(&mut self, key: Option<u32>, action: &[u8]) -> Result<MethodId> {
        let p = self.p;
        // An action is answered by its method's name, never by the spelling asked.
        let found = by_number(&mut self.numbered.actions, key, || {
            cached(&mut self.actions, action, |n| p.find_method(n), |_| None)
        });
        found.map(|f| f.id)
    }

    /// The number of a role list, its JSON built the first time it is met.
    fn role_list(&mut self, roles: &[RoleId]) -> usize {
        if let Some(n) = self.role_lists.get(roles) {
            return *n;
        }
        let p = self.p;
        let mut names: Vec<&str> = roles.iter().map(|r| p.role(*r).name.as_str()).collect();
        names.sort_by(|a, b| cmp_ci(a, b));
        let mut json = vec![b'['];
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                json.push(b',');
            }
            push_string(&mut json, name);
        }
        json.push(b']');
        let n = self.role_json.len();
        self.role_json.push(json.into_boxed_slice());
        self.role_lists.insert(roles.to_vec(), n);
        n
    }

    /// `check --json`'s object for `d`, compact, without its closing brace (the
    /// caller closes it, or adds `"explain"` first). The member's and environment's
    /// names are `spelling`'s where it has them (see [`Found::verbatim`]).
    pub fn write_check(&mut self, d: &Decision, spelling: Spelling<'_>, out: &mut Vec<u8>) {
        let p = self.p;
        out.extend_from_slice(if d.allowed() {
            b"{\"allowed\":true,\"member\":\""
        } else {
            b"{\"allowed\":false,\"member\":\""
        });
        match spelling.member {
            Some(bytes) => out.extend_from_slice(bytes),
            None => self.names.account(p, d.member, out),
        }
        out.extend_from_slice(b"\",\"env\":\"");
        match spelling.env {
            Some(bytes) => out.extend_from_slice(bytes),
            None => self.names.env(p, d.env, out),
        }
        out.extend_from_slice(
            self.method_level
                .entry((d.method, d.level))
                .or_insert_with(|| {
                    let mut text = b"\",\"method\":\"".to_vec();
                    escape_into(&mut text, Catalogue::get().method_name(d.method));
                    text.extend_from_slice(b"\",\"level\":\"");
                    escape_into(&mut text, d.level.as_str());
                    text.extend_from_slice(b"\",\"roles\":");
                    text.into_boxed_slice()
                }),
        );
        let list = if d.roles.is_empty() {
            None
        } else {
            Some(self.role_list(&d.roles))
        };
        match list.and_then(|n| self.role_json.get(n)) {
            Some(json) => out.extend_from_slice(json),
            None => out.extend_from_slice(b"[]"),
        }
        let shared = match &d.verdict {
            Verdict::Allow(Grant::Role {
                level,
                role,
                policy,
            }) => Some(SharedReason::Grant(*role, *policy, level.level(), d.method)),
            Verdict::Deny(Reason::MissingMethod { level, roles }) if *roles == d.roles => {
                list.map(|n| SharedReason::Lacks(level.level(), n, d.method))
            }
            _ => None,
        };
        match shared {
            Some(key) => out.extend_from_slice(self.tails.entry(key).or_insert_with(|| {
                let mut text = Vec::new();
                write_tail(
                    p,
                    d,
                    JsonReason {
                        out: &mut text,
                        names: None,
                    },
                );
                text.into_boxed_slice()
            })),
            None => write_tail(
                p,
                d,
                JsonReason {
                    out,
                    names: Some(&mut self.names),
                },
            ),
        }
    }
}

/// The answer's `granted_by` and `reason`: from `,"granted_by":` to the closing
/// quote of the reason.
fn write_tail(p: &Platform, d: &Decision, mut reason: JsonReason<'_>) {
    let out = &mut *reason.out;
    out.extend_from_slice(b",\"granted_by\":");
    match d.granted_by() {
        Some((role, policy)) => {
            out.extend_from_slice(b"{\"role\":");
            push_string(out, &p.role(role).name);
            out.extend_from_slice(b",\"policy\":");
            push_string(out, p.policy_id(policy));
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"reason\":\"");
    p.write_reason(d, &mut reason);
    reason.out.push(b'"');
}

/// A reader's number as an index into a table (numbers are `u32`; `usize` holds them
/// on every target this builds for).
fn index(number: u32) -> usize {
    usize::try_from(number).unwrap_or(usize::MAX)
}
