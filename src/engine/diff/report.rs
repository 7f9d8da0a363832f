//! A stable text of one platform, one fact a line, for line-based tools: `git diff`
//! (as a textconv driver) shows a change of the state file as the lines that differ,
//! so who gained and lost what reads straight off the `access` lines. The same facts
//! as one JSON object, for scripts (`access-report --json`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::SerializeMap;

use super::{Facts, FieldValue, Fields, roles_text};
use crate::engine::access::cmp_ci;
use crate::engine::model::Level;
use crate::engine::platform::Platform;

fn fields(f: &[(&'static str, FieldValue)]) -> String {
    let mut out = String::new();
    for (k, v) in f {
        let _ = write!(out, " {k}={v}");
    }
    out
}

/// Every active member's effective access: (member, environment, level, sorted roles),
/// sorted by member then environment.
fn access_rows(p: &Platform) -> Vec<(String, String, Level, Vec<String>)> {
    let mut access = Vec::new();
    for c in p.collab_ids() {
        let rec = p.collab(c);
        if !rec.is_active() {
            continue;
        }
        let member = &p.account(rec.member).email;
        for (e, a) in p.reachable(rec) {
            access.push((
                member.clone(),
                p.env(e).name.clone(),
                a.level.level(),
                p.sorted_role_names(&a.roles),
            ));
        }
    }
    access.sort_by(|x, y| cmp_ci(&x.0, &y.0).then_with(|| cmp_ci(&x.1, &y.1)));
    access
}

/// Every record with its fields, then every member's effective access, sorted.
pub fn access_report(p: &Platform) -> String {
    let f = Facts::of(p);
    let mut out = String::from("# collab access report: one fact a line\n");
    for (k, v) in &f.accounts {
        let _ = writeln!(out, "account {k}{}", fields(v));
    }
    for (k, v) in &f.envs {
        let _ = writeln!(out, "env {k}{}", fields(v));
    }
    for (o, path) in f.groups.keys() {
        let _ = writeln!(out, "group {o} {path}");
    }
    for ((o, n), v) in &f.roles {
        let _ = writeln!(out, "role {o} {n}{}", fields(v));
    }
    for ((o, n), v) in &f.policies {
        let _ = writeln!(out, "policy {o} {n}{}", fields(v));
    }
    for ((o, m), v) in &f.members {
        let _ = writeln!(out, "member {o} {m}{}", fields(v));
    }
    for ((o, m), shares) in &f.shares {
        for (target, roles) in shares {
            let _ = writeln!(out, "share {o} {m} {target}={}", roles_text(roles));
        }
    }
    for (m, e, level, roles) in access_rows(p) {
        let _ = writeln!(out, "access {m} {e} {level} {}", roles.join("+"));
    }
    out
}

/// Records of an owner, keyed `owner` and `what`.
fn owned<'a>(what: &'static str, map: &'a BTreeMap<(String, String), Fields>) -> Vec<Record<'a>> {
    map.iter()
        .map(|((o, n), v)| Record {
            keys: vec![("owner", o.as_str()), (what, n.as_str())],
            fields: v,
        })
        .collect()
}

/// One record: the fields that name it, then its compared fields, as one object.
struct Record<'a> {
    keys: Vec<(&'static str, &'a str)>,
    fields: &'a Fields,
}

impl Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.keys.len() + self.fields.len()))?;
        for (k, v) in &self.keys {
            map.serialize_entry(k, v)?;
        }
        for (k, v) in self.fields {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Share<'a> {
    owner: &'a str,
    member: &'a str,
    target: &'a str,
    roles: &'a [String],
}

#[derive(Serialize)]
struct Access {
    member: String,
    env: String,
    level: Level,
    roles: Vec<String>,
}

/// The facts of [`access_report`] as one object: `accounts`, `envs`, `groups`,
/// `roles`, `policies`, `members`, `shares` and `access`, each a list in the text's
/// order; field values as `diff --json` gives them (texts, and arrays for lists).
#[derive(Serialize)]
pub struct AccessReport<'a> {
    accounts: Vec<Record<'a>>,
    envs: Vec<Record<'a>>,
    groups: Vec<Record<'a>>,
    roles: Vec<Record<'a>>,
    policies: Vec<Record<'a>>,
    members: Vec<Record<'a>>,
    shares: Vec<Share<'a>>,
    access: Vec<Access>,
}

/// The report's facts, gathered once; [`ReportFacts::json`] borrows them.
pub struct ReportFacts {
    facts: Facts,
    access: Vec<(String, String, Level, Vec<String>)>,
}

impl ReportFacts {
    pub fn of(p: &Platform) -> ReportFacts {
        ReportFacts {
            facts: Facts::of(p),
            access: access_rows(p),
        }
    }

    /// The object `access-report --json` prints.
    pub fn json(&self) -> AccessReport<'_> {
        let f = &self.facts;
        AccessReport {
            accounts: f
                .accounts
                .iter()
                .map(|(k, v)| Record {
                    keys: vec![("email", k.as_str())],
                    fields: v,
                })
                .collect(),
            envs: f
                .envs
                .iter()
                .map(|(k, v)| Record {
                    keys: vec![("name", k.as_str())],
                    fields: v,
                })
                .collect(),
            groups: owned("path", &f.groups),
            roles: owned("name", &f.roles),
            policies: owned("name", &f.policies),
            members: owned("member", &f.members),
            shares: f
                .shares
                .iter()
                .flat_map(|((o, m), shares)| {
                    shares.iter().map(move |(target, roles)| Share {
                        owner: o,
                        member: m,
                        target,
                        roles,
                    })
                })
                .collect(),
            access: self
                .access
                .iter()
                .map(|(m, e, level, roles)| Access {
                    member: m.clone(),
                    env: e.clone(),
                    level: *level,
                    roles: roles.clone(),
                })
                .collect(),
        }
    }
}
