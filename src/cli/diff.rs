//! `collab diff OLD NEW` and `collab access-report FILE`: two state files compared by
//! identity, and one file as a stable text for `git diff`'s textconv.

use std::fmt::Write as _;
use std::path::Path;

use super::render::{self, Style};
use super::{Ctx, Output, Res, done};
use serde::Serialize;

use super::json_text::escape_into;
use crate::engine::{AccessState, ConfigChange, Engine, FieldValue, PlatformDiff};
use crate::store::Store;
use crate::workspace::engine_from;

/// Loads a state file for reading (a missing file is an empty platform). It is an
/// input, maybe git's temporary copy: a corrupt one is named without a command to
/// replace it.
fn load(path: &Path) -> Res<Engine> {
    let store = Store::input(path);
    Ok(engine_from(&store, store.load()?)?)
}

fn change_line(style: Style, c: &ConfigChange) -> String {
    let owner = c
        .owner
        .as_deref()
        .map(|o| format!("{o} "))
        .unwrap_or_default();
    let what = format!("{} {owner}{}", c.kind, c.name);
    let (before, after) = (text(c.before.as_ref()), text(c.after.as_ref()));
    match c.change {
        "added" if c.kind == "share" => style.green(&format!(
            "+ {what} {}={after}",
            c.field.as_deref().unwrap_or(""),
        )),
        "removed" if c.kind == "share" => style.red(&format!(
            "- {what} {}={before}",
            c.field.as_deref().unwrap_or(""),
        )),
        "added" => style.green(&format!("+ {what}")),
        "removed" => style.red(&format!("- {what}")),
        _ => format!(
            "{} {what} {}: {} → {}",
            style.yellow("~"),
            c.field.as_deref().unwrap_or(""),
            shown(&before),
            shown(&after)
        ),
    }
}

/// A field's value as people read it (a list's items joined with `, `).
fn text(v: Option<&FieldValue>) -> String {
    v.map(ToString::to_string).unwrap_or_default()
}

fn shown(v: &str) -> &str {
    if v.is_empty() { "-" } else { v }
}

/// The diff for people: the changed records, then the access table of `--dry-run`.
pub fn human(style: Style, d: &PlatformDiff) -> String {
    if d.identical {
        return style.dim("no differences\n");
    }
    let mut out = String::new();
    if d.changes.is_empty() {
        out.push_str(&style.dim("no record changed\n"));
    }
    for c in &d.changes {
        let _ = writeln!(out, "{}", change_line(style, c));
    }
    out.push('\n');
    out.push_str(&render::access_diff(style, &d.access_diff));
    out
}

/// `--json` of a diff: `serde_json`'s pretty text byte for byte, with the access
/// changes (the bulk of a large diff, one object per member and environment) written
/// straight into the text rather than through the serializer.
pub fn json(d: &PlatformDiff) -> String {
    /// The diff without its access changes, in the same field order.
    #[derive(Serialize)]
    struct Head<'a> {
        identical: bool,
        changes: &'a [ConfigChange],
        access_diff: [(); 0],
    }
    let head = super::to_json(&Head {
        identical: d.identical,
        changes: &d.changes,
        access_diff: [],
    });
    let prefix = match head.strip_suffix("[]\n}\n") {
        Some(prefix) if !d.access_diff.is_empty() => prefix,
        _ => return head,
    };
    let mut out = Vec::with_capacity(prefix.len() + d.access_diff.len() * 320);
    out.extend_from_slice(prefix.as_bytes());
    out.extend_from_slice(b"[\n");
    for (i, c) in d.access_diff.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(b"    {\n      \"member\": \"");
        escape_into(&mut out, &c.member);
        out.extend_from_slice(b"\",\n      \"env\": \"");
        escape_into(&mut out, &c.env);
        out.extend_from_slice(b"\",\n      \"before\": ");
        state_json(&mut out, &c.before);
        out.extend_from_slice(b",\n      \"after\": ");
        state_json(&mut out, &c.after);
        out.extend_from_slice(b"\n    }");
    }
    out.extend_from_slice(b"\n  ]\n}\n");
    // Every piece came from a `str`, escaped as JSON: the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| super::to_json(d))
}

/// One side of an access change, as `serde_json` pretty-prints it at that depth.
fn state_json(out: &mut Vec<u8>, s: &AccessState) {
    out.extend_from_slice(b"{\n        \"level\": \"");
    escape_into(out, s.level.as_str());
    out.extend_from_slice(b"\",\n        \"roles\": ");
    if s.roles.is_empty() {
        out.extend_from_slice(b"[]");
    } else {
        out.extend_from_slice(b"[\n");
        for (i, r) in s.roles.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b",\n");
            }
            out.extend_from_slice(b"          \"");
            escape_into(out, r);
            out.push(b'"');
        }
        out.extend_from_slice(b"\n        ]");
    }
    out.extend_from_slice(b"\n      }");
}

/// Loads both files at once, the new one on a thread of its own: they are independent,
/// and loading is most of a small diff's time. An error names the old file's problem
/// first when both have one, as loading them in turn would.
fn load_both(old: &Path, new: &Path) -> Res<(Engine, Engine)> {
    let (a, b) = crate::parallel::both(|| load(old), || load(new));
    Ok((a?, b?))
}

pub(super) fn diff(ctx: &Ctx, old: &Path, new: &Path, exit_code: bool) -> Res<Output> {
    let (a, b) = load_both(old, new)?;
    let d = crate::engine::diff_platforms(a.platform(), b.platform());
    let mut out = done(if ctx.global.json {
        json(&d)
    } else {
        human(ctx.style, &d)
    })?;
    if exit_code && !d.identical {
        out.code = 1;
    }
    // The command ends the process: freeing two whole platforms and the diff record by
    // record (a tenth of a large diff's time) gives back nothing the exit does not.
    std::mem::forget((a, b, d));
    Ok(out)
}

/// `access-report FILE`: the text for `git diff`, or with `--json` the same facts as
/// one object.
pub(super) fn access_report(ctx: &Ctx, file: &Path) -> Res<Output> {
    let engine = load(file)?;
    if ctx.global.json {
        let facts = crate::engine::ReportFacts::of(engine.platform());
        return done(super::to_json(&facts.json()));
    }
    done(crate::engine::access_report(engine.platform()))
}
