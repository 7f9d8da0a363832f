//! `collab history` and `--at`: the change journal read back. Every answer comes from
//! the engine (`Engine::journal_effects`, `Engine::at`); this module filters, words
//! and prints.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

use super::render::Style;
use super::usage::moment;
use super::{Output, Res, done, to_json};
use crate::engine::{AccessChange, AccountId, Engine, JournalEntry, RecordChange, Timestamp};
use crate::text::escape;

/// How many entries `history` shows without `--limit`: each shown entry's effect on
/// access is measured, which on a large platform costs up to a preview's time.
pub const DEFAULT_LIMIT: usize = 20;

/// `history`'s filters, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub member: Option<String>,
    pub env: Option<String>,
    pub actor: Option<String>,
    pub since: Option<String>,
    pub limit: Option<usize>,
}

/// One entry as `history --json` prints it.
#[derive(Debug, Serialize)]
pub struct HistoryRow<'a> {
    pub seq: u64,
    pub time: String,
    pub actor: Option<&'a str>,
    pub command: &'a str,
    pub kind: &'static str,
    pub of: Option<u64>,
    /// The records the asker may see (`Engine::records_seen_by`).
    pub records: Vec<Cow<'a, RecordChange>>,
    pub access_diff: Vec<AccessChange>,
}

/// The engine as of `at` (`None`: now). A moment at or after the wall clock's now is
/// answered as now: nothing can have changed after the newest entry without another
/// one. An earlier one is rebuilt from the journal, or refused before its horizon.
pub fn engine_at(engine: &Engine, at: &str) -> Res<Option<Engine>> {
    let t = moment("--at", at)?;
    if t >= crate::clock::now() {
        return Ok(None);
    }
    Ok(Some(engine.at(t)?))
}

/// Whether the entry passes the filters, judged on what the asker sees of it: the
/// records `seen` gives (the ones the asker may see; asked for only when a member
/// or an environment filter needs them) and its effect on access.
fn matches<'e>(
    f: &Filter,
    e: &'e JournalEntry,
    seen: impl FnOnce() -> Vec<Cow<'e, RecordChange>>,
    changes: &[AccessChange],
) -> bool {
    let records = if f.member.is_some() || f.env.is_some() {
        seen()
    } else {
        Vec::new()
    };
    let touched = || {
        records
            .iter()
            .flat_map(|r| r.before.iter().chain(r.after.iter()))
    };
    if let Some(a) = &f.actor
        && !e
            .actor
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(a))
    {
        return false;
    }
    if let Some(m) = &f.member
        && !(touched().any(|r| r.mentions_account(m))
            || changes.iter().any(|c| c.member.eq_ignore_ascii_case(m)))
    {
        return false;
    }
    if let Some(env) = &f.env
        && !(touched().any(|r| r.mentions_env(env)) || changes.iter().any(|c| &c.env == env))
    {
        return false;
    }
    true
}

/// `collab history`: newest first.
pub fn run(
    engine: &Engine,
    asker: Option<AccountId>,
    f: &Filter,
    style: Style,
    json: bool,
) -> Res<Output> {
    let since = f
        .since
        .as_deref()
        .map(|s| moment("--since", s))
        .transpose()?;
    let p = engine.platform();
    let email = asker.map(|a| p.account(a).email.clone());
    let mut rows: Vec<HistoryRow<'_>> = Vec::new();
    let limit = f.limit.unwrap_or(DEFAULT_LIMIT);
    if limit > 0 {
        engine.journal_effects(asker, |e, changes| {
            if since.is_some_and(|s| e.time < s) {
                return false;
            }
            if e.visible_to(email.as_deref())
                && matches(f, e, || engine.records_seen_by(e, asker), &changes)
            {
                // The rows about what was asked for, when a member or an environment was.
                let mut changes = changes;
                changes.retain(|c| {
                    f.member
                        .as_ref()
                        .is_none_or(|m| c.member.eq_ignore_ascii_case(m))
                        && f.env.as_ref().is_none_or(|env| &c.env == env)
                });
                rows.push(HistoryRow {
                    seq: e.seq,
                    time: e.time.to_rfc3339(),
                    actor: None,
                    command: "",
                    kind: e.kind.as_str(),
                    of: e.of,
                    records: Vec::new(),
                    access_diff: changes,
                });
            }
            rows.len() < limit
        })?;
    }
    // Nothing matched: a filter naming no account at all is a typo, not "nothing
    // happened to this account" (an account an entry still names, since removed by an
    // undo, matched above).
    if rows.is_empty() {
        for name in [&f.member, &f.actor].into_iter().flatten() {
            p.find_account(name)?;
        }
    }
    // The walk lends each entry for the moment; the rows borrow them from the journal.
    let journal = engine.journal();
    for row in &mut rows {
        if let Some(e) = journal.entry(row.seq) {
            row.actor = e.actor.as_deref();
            row.command = &e.command;
            row.records = engine.records_seen_by(e, asker);
        }
    }
    if json {
        return done(to_json(&rows));
    }
    done(human(style, &rows, limit, journal.horizon))
}

fn human(
    style: Style,
    rows: &[HistoryRow<'_>],
    limit: usize,
    horizon: Option<Timestamp>,
) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&entry_text(
            style,
            &Heading {
                seq: r.seq,
                time: &r.time,
                actor: r.actor,
                command: r.command,
                kind: r.kind,
                of: r.of,
            },
            &r.access_diff,
        ));
    }
    if limit == 0 {
        // As `tasks --limit 0`: nothing was asked for, which is not "none match".
        out.push_str("no journal entries asked for: --limit 0\n");
    } else if rows.is_empty() {
        out.push_str("no journal entries match\n");
    }
    match horizon {
        Some(h) => out.push_str(&style.dim(&format!(
            "(the journal answers from {} on)\n",
            h.to_rfc3339()
        ))),
        None => out.push_str(&style.dim("(the journal has no entries yet)\n")),
    }
    out
}

/// What `history` prints above an entry's access changes.
pub struct Heading<'a> {
    pub seq: u64,
    pub time: &'a str,
    pub actor: Option<&'a str>,
    pub command: &'a str,
    pub kind: &'static str,
    pub of: Option<u64>,
}

impl<'a> Heading<'a> {
    pub fn of_entry(e: &'a JournalEntry, time: &'a str) -> Heading<'a> {
        Heading {
            seq: e.seq,
            time,
            actor: e.actor.as_deref(),
            command: &e.command,
            kind: e.kind.as_str(),
            of: e.of,
        }
    }
}

/// One entry as `history` prints it: its line, then each access change, member by
/// environment, before and after (the app's History view shows the same text).
pub fn entry_text(style: Style, h: &Heading<'_>, changes: &[AccessChange]) -> String {
    let mut out = String::new();
    let kind = match h.of {
        Some(of) => format!(" ({} of #{of})", h.kind),
        None if h.kind == "operation" => " (operation)".to_string(),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "{} {}  {}  {}{}",
        style.dim(&format!("#{}", h.seq)),
        h.time,
        escape(h.actor.unwrap_or("(operator)")),
        escape(h.command),
        kind
    );
    for c in changes {
        let _ = writeln!(
            out,
            "    {} on {}: {} → {}",
            escape(&c.member),
            escape(&c.env),
            state(style, &c.before),
            state(style, &c.after)
        );
    }
    out
}

fn state(style: Style, s: &crate::engine::AccessState) -> String {
    if s.roles.is_empty() {
        style.level(s.level)
    } else {
        format!("{} {}", style.level(s.level), escape(&s.roles.join(", ")))
    }
}
