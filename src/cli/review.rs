//! `collab review`: the access review of one owner's account, as findings with a
//! severity, facts and the command that fixes each; exit 1 with `--fail-on` when a
//! finding at or above that severity exists.

use std::fmt::Write as _;

use super::args::FailOn;
use super::render::Style;
use super::{Ctx, Failure, Output, Res};
use crate::engine::Error;
use crate::engine::review::{Fact, Review, Severity, review};

fn fact(f: &Fact) -> String {
    match f {
        Fact::Count(n) => n.to_string(),
        Fact::Text(t) => t.clone(),
        Fact::List(l) if l.is_empty() => "-".into(),
        Fact::List(l) => l.join(", "),
    }
}

pub fn human(style: Style, r: &Review) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} of {}'s account, {} days to {}: {} risk, {} warn, {} info",
        style.bold("review"),
        r.owner,
        r.days,
        r.now,
        r.counts.risk,
        r.counts.warn,
        r.counts.info
    );
    if r.findings.is_empty() {
        out.push_str(&style.dim("no findings\n"));
    }
    for f in &r.findings {
        let tag = match f.severity {
            Severity::Risk => style.red("RISK"),
            Severity::Warn => style.yellow("WARN"),
            Severity::Info => style.dim("INFO"),
        };
        let _ = writeln!(out, "\n{tag} {} {}", style.bold(f.kind), f.message);
        for (k, v) in &f.facts {
            let _ = writeln!(out, "     {k:<16} {}", fact(v));
        }
        if let Some(fix) = &f.fix {
            let _ = writeln!(out, "     {:<16} {}", style.green("fix"), fix);
        }
    }
    out
}

/// Each fix as it runs on the reviewed file: `collab --state PATH ...` when that file
/// is not the default one (quoted for the shell, as every hint on another file is), so
/// a script running the fixes changes the file it reviewed.
fn on_this_file(r: &mut Review, state: &std::path::Path) {
    let collab = crate::store::collab_on(state);
    if collab == "collab" {
        return;
    }
    for f in &mut r.findings {
        if let Some(fix) = &mut f.fix {
            *fix = crate::engine::review::fix_on(fix, &collab);
        }
    }
}

pub(super) fn run(
    ctx: &Ctx,
    owner: Option<&str>,
    days: u32,
    fail_on: Option<FailOn>,
    now: Option<&str>,
) -> Res<Output> {
    let now = match now {
        None => ctx.now,
        Some(t) => super::usage::moment("--now", t)?,
    };
    let engine = ctx.load()?;
    let p = engine.platform();
    let asker = ctx.actor(&engine)?;
    let owner = match (owner, asker) {
        (Some(o), _) => p.find_account(o)?,
        (None, Some(a)) => a,
        (None, None) => {
            return Err(Failure::Usage(
                "review needs the owner: pass --owner EMAIL or --as EMAIL".into(),
            ));
        }
    };
    if asker.is_some_and(|a| a != owner) {
        return Err(Error::denied(format!(
            "only {} reviews its own account",
            p.account(owner).email
        ))
        .into());
    }
    let mut r = review(p, owner, now, days);
    on_this_file(&mut r, ctx.store()?.path());
    let mut out = ctx.print(&r, || human(ctx.style, &r))?;
    let threshold = fail_on.map(|f| match f {
        FailOn::Info => Severity::Info,
        FailOn::Warn => Severity::Warn,
        FailOn::Risk => Severity::Risk,
    });
    if let (Some(t), Some(w)) = (threshold, r.worst())
        && w >= t
    {
        out.code = 1;
    }
    Ok(out)
}
