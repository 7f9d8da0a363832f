//! A journal entry's record changes as the state file writes them: compact, and
//! exactly reversible.
//!
//! A record change is written as one of
//! - `{"after": R}`: the record was added (nothing before);
//! - `{"before": R}`: the record was removed (nothing after);
//! - `{"after": R, "was": P}`: the record changed; `P` holds only the fields of the
//!   record before that differ from `after` (same field names, same text). A member
//!   record's `shares` in `P` is the whole list before, written as runs of `after`'s
//!   entries kept as they are (`[start, count]`, 0-based into `after.shares`) and the
//!   entries that differ, written out (`{"target": .., "roles": [..]}`), in order.
//!
//! The record before is `after` with `P` laid over it: the same names, emails and
//! paths the full record had, so it means the same after a reload. A file may also
//! hold both sides whole (`{"before": R, "after": R}`, as the first files of format
//! 2 did); it is read the same. Writing is always compact.

use std::collections::HashMap;

use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::super::{CollabDoc, ShareDoc};
use super::strict::StrictMap;
use super::{Record, RecordChange};

#[derive(Serialize)]
struct Out<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<&'a Record>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<&'a Record>,
    #[serde(skip_serializing_if = "Option::is_none")]
    was: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct In {
    #[serde(default)]
    before: Option<Record>,
    #[serde(default)]
    after: Option<Record>,
    /// Read so that a key written twice is refused, as anywhere else in the file.
    #[serde(default)]
    was: Option<StrictMap>,
}

fn out(rc: &RecordChange) -> Out<'_> {
    let full = Out {
        before: rc.before.as_ref(),
        after: rc.after.as_ref(),
        was: None,
    };
    match (&rc.before, &rc.after) {
        (Some(b), Some(a)) => patch(b, a).map_or(full, |was| Out {
            before: None,
            after: Some(a),
            was: Some(was),
        }),
        _ => full,
    }
}

pub(super) fn serialize<S: Serializer>(records: &[RecordChange], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(records.iter().map(out))
}

pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<RecordChange>, D::Error> {
    Vec::<In>::deserialize(d)?
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let before = match (w.before, w.was, &w.after) {
                (b, None, _) => b,
                (None, Some(was), Some(a)) => Some(
                    unpatch(a, was.0)
                        .map_err(|why| de::Error::custom(format!("records[{i}].was: {why}")))?,
                ),
                _ => {
                    return Err(de::Error::custom(format!(
                        "records[{i}]: 'was' needs an 'after' and no 'before'"
                    )));
                }
            };
            Ok(RecordChange {
                before,
                after: w.after,
            })
        })
        .collect()
}

/// A field's value as the file writes it.
trait Wire {
    fn wire(&self) -> Value;
}

impl Wire for String {
    fn wire(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Wire for u32 {
    fn wire(&self) -> Value {
        Value::from(*self)
    }
}

impl Wire for u64 {
    fn wire(&self) -> Value {
        Value::from(*self)
    }
}

impl Wire for bool {
    fn wire(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Wire for Vec<String> {
    fn wire(&self) -> Value {
        Value::Array(self.iter().map(Wire::wire).collect())
    }
}

/// Puts each named field of `$b` that differs from `$a`'s into `$m`.
macro_rules! differing {
    ($m:ident, $b:ident, $a:ident: $($f:ident),*) => {
        $(if $b.$f != $a.$f {
            $m.insert(stringify!($f).to_string(), $b.$f.wire());
        })*
    };
}

/// The fields of `before` that differ from `after` (`None`: records of two kinds).
fn patch(before: &Record, after: &Record) -> Option<Map<String, Value>> {
    let mut m = Map::new();
    match (before, after) {
        (Record::Account(b), Record::Account(a)) => {
            differing!(m, b, a: email, name, max_environments, max_cloudlets_per_env);
        }
        (Record::Group(b), Record::Group(a)) => {
            differing!(m, b, a: owner, path);
        }
        (Record::Environment(b), Record::Environment(a)) => {
            differing!(m, b, a: name, owner, creator, status, cloudlets, groups, since);
        }
        (Record::Policy(b), Record::Policy(a)) => {
            differing!(m, b, a: owner, name, description, methods);
        }
        (Record::Role(b), Record::Role(a)) => {
            differing!(m, b, a: owner, name, description, policies, notify);
        }
        (Record::Collaboration(b), Record::Collaboration(a)) => {
            differing!(m, b, a: owner, member, name, status, changed, invitations);
            if b.shares != a.shares {
                m.insert("shares".into(), shares_patch(b, a));
            }
        }
        _ => return None,
    }
    Some(m)
}

/// `before`'s share entries: runs of `after`'s entries kept as they are, the rest
/// written out.
fn shares_patch(before: &CollabDoc, after: &CollabDoc) -> Value {
    let index: HashMap<&str, (usize, &ShareDoc)> = after
        .shares
        .iter()
        .enumerate()
        .map(|(i, s)| (s.target.as_str(), (i, s)))
        .collect();
    let mut items: Vec<Value> = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    let flush = |items: &mut Vec<Value>, run: &mut Option<(usize, usize)>| {
        if let Some((start, count)) = run.take() {
            items.push(Value::Array(vec![Value::from(start), Value::from(count)]));
        }
    };
    for s in &before.shares {
        match index.get(s.target.as_str()) {
            Some((i, kept)) if *kept == s => {
                run = match run {
                    Some((start, count)) if start.saturating_add(count) == *i => {
                        Some((start, count.saturating_add(1)))
                    }
                    other => {
                        let mut other = other;
                        flush(&mut items, &mut other);
                        Some((*i, 1))
                    }
                };
            }
            _ => {
                flush(&mut items, &mut run);
                let mut o = Map::new();
                o.insert("target".into(), s.target.wire());
                o.insert("roles".into(), s.roles.wire());
                items.push(Value::Object(o));
            }
        }
    }
    flush(&mut items, &mut run);
    Value::Array(items)
}

fn field<T: de::DeserializeOwned>(key: &str, v: Value) -> Result<T, String> {
    serde_json::from_value(v).map_err(|e| format!("'{key}': {e}"))
}

/// `after` with `was` laid over it: the record before.
fn unpatch(after: &Record, was: Map<String, Value>) -> Result<Record, String> {
    let mut r = after.clone();
    for (key, v) in was {
        let k = key.as_str();
        match &mut r {
            Record::Account(x) => match k {
                "email" => x.email = field(k, v)?,
                "name" => x.name = field(k, v)?,
                "max_environments" => x.max_environments = field(k, v)?,
                "max_cloudlets_per_env" => x.max_cloudlets_per_env = field(k, v)?,
                _ => return Err(unknown(k)),
            },
            Record::Group(x) => match k {
                "owner" => x.owner = field(k, v)?,
                "path" => x.path = field(k, v)?,
                _ => return Err(unknown(k)),
            },
            Record::Environment(x) => match k {
                "name" => x.name = field(k, v)?,
                "owner" => x.owner = field(k, v)?,
                "creator" => x.creator = field(k, v)?,
                "status" => x.status = field(k, v)?,
                "cloudlets" => x.cloudlets = field(k, v)?,
                "groups" => x.groups = field(k, v)?,
                "since" => x.since = field(k, v)?,
                _ => return Err(unknown(k)),
            },
            Record::Policy(x) => match k {
                "owner" => x.owner = field(k, v)?,
                "name" => x.name = field(k, v)?,
                "description" => x.description = field(k, v)?,
                "methods" => x.methods = field(k, v)?,
                _ => return Err(unknown(k)),
            },
            Record::Role(x) => match k {
                "owner" => x.owner = field(k, v)?,
                "name" => x.name = field(k, v)?,
                "description" => x.description = field(k, v)?,
                "policies" => x.policies = field(k, v)?,
                "notify" => x.notify = field(k, v)?,
                _ => return Err(unknown(k)),
            },
            Record::Collaboration(x) => match k {
                "owner" => x.owner = field(k, v)?,
                "member" => x.member = field(k, v)?,
                "name" => x.name = field(k, v)?,
                "status" => x.status = field(k, v)?,
                "changed" => x.changed = field(k, v)?,
                "invitations" => x.invitations = field(k, v)?,
                "shares" => x.shares = shares_unpatch(&x.shares, v)?,
                _ => return Err(unknown(k)),
            },
        }
    }
    Ok(r)
}

fn unknown(key: &str) -> String {
    format!("unknown field '{key}' for this record")
}

/// The share entries before, from `after`'s entries and `was.shares`.
fn shares_unpatch(after: &[ShareDoc], v: Value) -> Result<Vec<ShareDoc>, String> {
    let Value::Array(items) = v else {
        return Err("'shares': a list expected".into());
    };
    let mut shares = Vec::new();
    for item in items {
        if item.is_array() {
            let (start, count): (usize, usize) = field("shares", item)?;
            let kept = start
                .checked_add(count)
                .and_then(|end| after.get(start..end))
                .ok_or("'shares': a run past the entries after")?;
            shares.extend_from_slice(kept);
        } else {
            shares.push(field("shares", item)?);
        }
    }
    Ok(shares)
}
