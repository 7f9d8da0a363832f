//! The change journal as the state file holds it (format version 2); what it means
//! and how it is used is `engine::journal`'s business.

mod compact;
mod strict;

use serde::{Deserialize, Serialize};

use super::super::time::Timestamp;
use super::{AccountDoc, CollabDoc, EnvDoc, GroupDoc, PolicyDoc, RoleDoc};

/// How many entries a journal keeps unless its file says otherwise (see `engine::journal`): at a hundred
/// changes a working day, several years of a team's work.
pub const DEFAULT_JOURNAL_LIMIT: u64 = 100_000;

/// The journal as the state file holds it (and as the engine keeps it in memory).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JournalDoc {
    /// How many entries are kept (at least 1).
    #[serde(default = "default_limit")]
    pub limit: u64,
    /// The earliest time the journal answers for (see the module documentation).
    #[serde(default, with = "opt_time")]
    pub horizon: Option<Timestamp>,
    /// Entries before this sequence number are never undone (a freshly built
    /// platform's own making, e.g. the demo's script). 0: every entry may be.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub undo_from: u64,
    /// Oldest first; sequence numbers increase.
    #[serde(default)]
    pub entries: Vec<JournalEntry>,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's `skip_serializing_if` passes the field by reference"
)]
fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's `skip_serializing_if` passes the field by reference"
)]
fn is_false(b: &bool) -> bool {
    !*b
}

fn default_limit() -> u64 {
    DEFAULT_JOURNAL_LIMIT
}

impl Default for JournalDoc {
    fn default() -> Self {
        JournalDoc {
            limit: DEFAULT_JOURNAL_LIMIT,
            horizon: None,
            undo_from: 0,
            entries: Vec::new(),
        }
    }
}

/// One applied change.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JournalEntry {
    pub seq: u64,
    #[serde(with = "rfc3339")]
    pub time: Timestamp,
    /// The acting account's email (`None`: the platform's operator, e.g. `account add`).
    pub actor: Option<String>,
    /// The command as one line, in its command-line form.
    pub command: String,
    pub kind: EntryKind,
    /// For `undo` and `redo`: the entry this one takes back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<u64>,
    /// For `change`: whether its actor's undo may take it back (configuration
    /// changes; not accounts, environment lifecycles or a member's own answers).
    #[serde(default, skip_serializing_if = "is_false")]
    pub undoable: bool,
    /// Written compactly (see `compact`); read in either form.
    #[serde(with = "compact")]
    pub records: Vec<RecordChange>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Change,
    Undo,
    Redo,
    /// An environment operation (`env do`) that changed the environment's record.
    Operation,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Change => "change",
            EntryKind::Undo => "undo",
            EntryKind::Redo => "redo",
            EntryKind::Operation => "operation",
        }
    }
}

/// One record before and after an entry (`None`: absent). Never both `None`. Held
/// whole in memory (and so `history --json` shows it); the state file writes the
/// `before` of a changed record as only what differs from `after` (see `compact`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RecordChange {
    pub before: Option<Record>,
    pub after: Option<Record>,
}

/// A record as the state file writes it: `{"account": {...}}`, one kind per record.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum Record {
    Account(AccountDoc),
    Group(GroupDoc),
    Environment(EnvDoc),
    Policy(PolicyDoc),
    Role(RoleDoc),
    Collaboration(CollabDoc),
}

/// The kinds a record may be, as the file names them.
const KINDS: &[&str] = &[
    "account",
    "group",
    "environment",
    "policy",
    "role",
    "collaboration",
];

/// Read by hand rather than derived, so that a key beside the record's kind is refused
/// by its name, as an unknown field anywhere else in the file is (the derived form
/// answered "expected value" and a column).
impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Record, D::Error> {
        d.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> serde::de::Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a record: an object with one of {}", KINDS.join(", "))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        use serde::de::Error;
        let Some(kind) = map.next_key::<String>()? else {
            return Err(A::Error::custom(format!(
                "an empty record: expected one of {}",
                KINDS.join(", ")
            )));
        };
        let record = match kind.as_str() {
            "account" => Record::Account(map.next_value()?),
            "group" => Record::Group(map.next_value()?),
            "environment" => Record::Environment(map.next_value()?),
            "policy" => Record::Policy(map.next_value()?),
            "role" => Record::Role(map.next_value()?),
            "collaboration" => Record::Collaboration(map.next_value()?),
            other => return Err(A::Error::unknown_variant(other, KINDS)),
        };
        match map.next_key::<String>()? {
            Some(extra) => Err(A::Error::custom(format!(
                "unknown field `{extra}` beside `{kind}`: a record holds one kind"
            ))),
            None => Ok(record),
        }
    }
}

impl Record {
    /// The record as people name it: `role 'Admin' of olga@acme.io`.
    pub fn describe(&self) -> String {
        match self {
            Record::Account(a) => format!("account {}", a.email),
            Record::Group(g) => format!("group '{}' of {}", g.path, g.owner),
            Record::Environment(e) => format!("environment {}", e.name),
            Record::Policy(p) => format!("policy '{}' of {}", p.name, p.owner),
            Record::Role(r) => format!("role '{}' of {}", r.name, r.owner),
            Record::Collaboration(c) => format!("member {} of {}", c.member, c.owner),
        }
    }

    /// Whether the record is about this account's own things: the account itself, a
    /// record it owns, or a member record with it as the member.
    pub fn concerns(&self, email: &str) -> bool {
        let is = |x: &str| x.eq_ignore_ascii_case(email);
        match self {
            Record::Account(a) => is(&a.email),
            Record::Group(g) => is(&g.owner),
            Record::Environment(e) => is(&e.owner),
            Record::Policy(p) => is(&p.owner),
            Record::Role(r) => is(&r.owner),
            Record::Collaboration(c) => is(&c.owner) || is(&c.member),
        }
    }

    /// Whether the record names (or is about) this account, by email.
    pub fn mentions_account(&self, email: &str) -> bool {
        match self {
            Record::Account(a) => a.email.eq_ignore_ascii_case(email),
            Record::Collaboration(c) => {
                c.member.eq_ignore_ascii_case(email) || c.owner.eq_ignore_ascii_case(email)
            }
            _ => false,
        }
    }

    /// Whether the record is this environment or a share entry on it.
    pub fn mentions_env(&self, env: &str) -> bool {
        match self {
            Record::Environment(e) => e.name == env,
            Record::Collaboration(c) => c
                .shares
                .iter()
                .any(|s| s.target.strip_prefix("env:") == Some(env)),
            _ => false,
        }
    }
}

impl JournalEntry {
    /// Whether `asker` may see the entry: the operator (`None`) sees every entry; an
    /// account sees the entries it made and those about its own records (its account,
    /// records it owns, member records it is the member of). The command line's
    /// `history` and the app's History view both ask this.
    pub fn visible_to(&self, asker: Option<&str>) -> bool {
        let Some(me) = asker else {
            return true;
        };
        self.actor.as_deref() == Some(me) || self.touched().any(|r| r.concerns(me))
    }

    /// The entry's records, before and after.
    pub fn touched(&self) -> impl Iterator<Item = &Record> {
        self.records
            .iter()
            .flat_map(|r| r.before.iter().chain(r.after.iter()))
    }
}

impl JournalDoc {
    pub fn entries(&self) -> &[JournalEntry] {
        &self.entries
    }

    /// The entry with this sequence number.
    pub fn entry(&self, seq: u64) -> Option<&JournalEntry> {
        self.entries
            .binary_search_by_key(&seq, |e| e.seq)
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    /// The sequence number the next entry gets.
    pub fn next_seq(&self) -> u64 {
        self.entries.last().map_or(1, |e| e.seq.saturating_add(1))
    }

    /// Checks what a file may hold: a positive limit, increasing sequence numbers,
    /// times that never go back (nor before the horizon), no entry without records'
    /// sides, undo and redo naming an earlier entry.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.limit == 0 {
            return Err("journal.limit must be at least 1".into());
        }
        if self.undo_from > self.next_seq() {
            return Err(format!(
                "journal.undo_from ({}) is past the next entry's sequence number ({})",
                self.undo_from,
                self.next_seq()
            ));
        }
        let mut last = 0;
        let mut since = self.horizon;
        for (i, e) in self.entries.iter().enumerate() {
            if e.seq > super::MAX_JOURNAL_SEQ {
                return Err(format!(
                    "journal.entries[{i}] (seq {}): sequence number is above the largest allowed ({})",
                    e.seq,
                    super::MAX_JOURNAL_SEQ
                ));
            }
            if e.seq <= last {
                return Err(format!(
                    "journal.entries[{i}] (seq {}): sequence numbers must increase",
                    e.seq
                ));
            }
            last = e.seq;
            if !e.time.in_range() {
                return Err(format!("journal.entries[{i}]: time out of range"));
            }
            // `--at` walks the journal back by time: its times never go back, and it
            // answers from its horizon on, which no entry precedes.
            if let Some(t) = since.filter(|t| e.time < *t) {
                return Err(format!(
                    "journal.entries[{i}] (seq {}): time {} is before {} ({}); the journal's times must not go back",
                    e.seq,
                    e.time.to_rfc3339(),
                    t.to_rfc3339(),
                    if i == 0 {
                        "the journal's horizon"
                    } else {
                        "the entry before it"
                    }
                ));
            }
            since = Some(e.time);
            if e.records
                .iter()
                .any(|r| r.before.is_none() && r.after.is_none())
            {
                return Err(format!(
                    "journal.entries[{i}] (seq {}): a record change needs a before or an after",
                    e.seq
                ));
            }
            let takes_back = matches!(e.kind, EntryKind::Undo | EntryKind::Redo);
            if e.of.is_some_and(|of| !takes_back || of >= e.seq) {
                return Err(format!(
                    "journal.entries[{i}] (seq {}): 'of' names an earlier entry, for undo and redo only",
                    e.seq
                ));
            }
        }
        Ok(())
    }
}

/// Why a journal time was refused: the journal's order is checked to the second, so
/// its times are whole seconds, as collab writes them.
fn bad_time(text: &str) -> String {
    format!("bad time '{text}' (RFC 3339 in whole seconds expected, as collab writes them)")
}

/// RFC 3339 text for a `Timestamp`, in whole seconds (see `bad_time`).
mod rfc3339 {
    use serde::{Deserialize, Deserializer, Serializer, de};

    use super::Timestamp;

    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's `with` passes the field by reference"
    )]
    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse_whole(&text).ok_or_else(|| de::Error::custom(super::bad_time(&text)))
    }
}

/// RFC 3339 text or `null`.
mod opt_time {
    use serde::{Deserialize, Deserializer, Serializer, de};

    use super::Timestamp;

    #[expect(
        clippy::ref_option,
        reason = "serde's `with` passes the field by reference"
    )]
    pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_rfc3339()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        text.map(|text| {
            Timestamp::parse_whole(&text).ok_or_else(|| de::Error::custom(super::bad_time(&text)))
        })
        .transpose()
    }
}
