//! `collab diff OLD NEW` and `collab access-report FILE`: two state files compared by
//! identity, and one file as a stable text for `git diff`'s textconv.

use std::fmt::Write as _;
use std::path::Path;

use super::render::{self, Style};
use super::{Ctx, Output, Res, done};
use crate::engine::{ConfigChange, Engine, PlatformDiff};
use crate::store::Store;
use crate::workspace::engine_from;

/// Loads a state file for reading (a missing file is an empty platform).
fn load(path: &Path) -> Res<Engine> {
    let store = Store::new(path);
    Ok(engine_from(store.path(), store.load()?)?)
}

fn change_line(style: Style, c: &ConfigChange) -> String {
    let owner = c
        .owner
        .as_deref()
        .map(|o| format!("{o} "))
        .unwrap_or_default();
    let what = format!("{} {owner}{}", c.kind, c.name);
    match c.change {
        "added" if c.kind == "share" => style.green(&format!(
            "+ {what} {}={}",
            c.field.as_deref().unwrap_or(""),
            c.after.as_deref().unwrap_or("")
        )),
        "removed" if c.kind == "share" => style.red(&format!(
            "- {what} {}={}",
            c.field.as_deref().unwrap_or(""),
            c.before.as_deref().unwrap_or("")
        )),
        "added" => style.green(&format!("+ {what}")),
        "removed" => style.red(&format!("- {what}")),
        _ => format!(
            "{} {what} {}: {} → {}",
            style.yellow("~"),
            c.field.as_deref().unwrap_or(""),
            shown(c.before.as_deref()),
            shown(c.after.as_deref())
        ),
    }
}

fn shown(v: Option<&str>) -> &str {
    match v {
        None | Some("") => "-",
        Some(s) => s,
    }
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

pub(super) fn diff(ctx: &Ctx, old: &Path, new: &Path, exit_code: bool) -> Res<Output> {
    let (a, b) = (load(old)?, load(new)?);
    let d = crate::engine::diff_platforms(a.platform(), b.platform());
    let mut out = ctx.print(&d, || human(ctx.style, &d))?;
    if exit_code && !d.identical {
        out.code = 1;
    }
    Ok(out)
}

pub(super) fn access_report(file: &Path) -> Res<Output> {
    let engine = load(file)?;
    done(crate::engine::access_report(engine.platform()))
}
