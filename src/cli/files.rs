//! The commands that write or draw whole files rather than run one engine command:
//! `init`, `generate` and `snapshot`.
//!
//! `init` and `generate --out` decide whether the file exists while holding its
//! lock, so a writer that saved just before is never silently replaced; with
//! `--force` the old file is first copied to a backup and then replaced atomically,
//! so a reader sees the old state or the new one, and a failure leaves the old one.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use super::{Ctx, Failure, Res};
use crate::engine::generate::GenerateSpec;
use crate::engine::{Engine, StateDocument};
use crate::store::{Store, StoreLock, shown};
use crate::workspace::LOCK_WAIT;

/// The refusal to replace an existing file without `--force` (exit 1).
fn exists_refusal(path: &Path) -> Failure {
    Failure::Refused {
        code: "DUPLICATE",
        message: format!(
            "state file {} already exists; pass --force to replace it (the old file is kept as a .bak-<time> copy)",
            shown(path)
        ),
    }
}

/// Under the lock: refuses an existing file unless `force`, then keeps a backup
/// copy of it and saves `doc` atomically. Returns the backup's path.
fn replace<T: Serialize>(
    lock: &StoreLock<'_>,
    doc: &T,
    force: bool,
    label: &str,
) -> Res<Option<PathBuf>> {
    let store = lock.store();
    let exists = store.exists()?;
    if exists && !force {
        return Err(exists_refusal(store.path()));
    }
    let backup = if exists { lock.backup(label)? } else { None };
    lock.save(doc)?;
    Ok(backup)
}

pub(super) fn init(ctx: &Ctx, demo: bool, force: bool) -> Res<super::Output> {
    let store = ctx.store()?;
    let engine = if demo {
        crate::engine::demo::demo_engine()
    } else {
        Engine::new()
    };
    let what = if demo { "the demo" } else { "an empty" };
    let summary = |backup: Option<&PathBuf>| {
        json!({
            "state": store.path(),
            "demo": demo,
            "backup": backup,
            "accounts": engine.platform().account_ids().count(),
            "environments": engine.platform().env_ids().count(),
        })
    };
    if ctx.global.dry_run {
        let exists = store.exists()?;
        if exists && !force {
            return Err(exists_refusal(store.path()));
        }
        return ctx.print(&dry_run(summary(None), exists), || {
            format!(
                "{} would write {what} state to {}{}\n",
                ctx.style.yellow("dry run:"),
                shown(store.path()),
                if exists {
                    " (keeping the old file as a backup)"
                } else {
                    ""
                }
            )
        });
    }
    let lock = store.lock(LOCK_WAIT)?;
    let backup = replace(&lock, &engine.to_document(), force, &ctx.now.compact())?;
    drop(lock);
    super::saved(ctx.print(&summary(backup.as_ref()), || {
        let mut s = format!(
            "{} wrote {what} state to {}\n",
            ctx.style.green("✓"),
            shown(store.path())
        );
        if let Some(b) = &backup {
            s = format!("{s}  the previous file is kept as {}\n", shown(b));
        }
        if demo {
            s = format!(
                "{s}  try: {} --as maria@acme.io env list\n",
                crate::store::collab_on(store.path())
            );
        }
        s
    }))
}

pub(super) fn generate(
    ctx: &Ctx,
    spec: &GenerateSpec,
    out: &Path,
    force: bool,
) -> Res<super::Output> {
    // Every refusal of the generator is of the numbers given (out of range, or
    // `--members` past `--accounts`): a usage error (exit 2), as a number clap cannot
    // parse is, naming the limit.
    let doc: StateDocument = crate::engine::generate::generate(spec).map_err(Failure::Usage)?;
    let store = Store::new(out);
    let mut backup = None;
    let mut replaces = false;
    if ctx.global.dry_run {
        replaces = store.exists()?;
        if replaces && !force {
            return Err(exists_refusal(out));
        }
    } else {
        let lock = store.lock(LOCK_WAIT)?;
        backup = replace(&lock, &doc, force, &ctx.now.compact())?;
    }
    let mut summary = json!({
        "out": out,
        "backup": backup,
        "accounts": doc.accounts.len(),
        "environments": doc.environments.len(),
        "groups": doc.groups.len(),
        "collaborations": doc.collaborations.len(),
        "roles": doc.roles.len(),
        "tasks": doc.tasks.len(),
    });
    if ctx.global.dry_run {
        summary = dry_run(summary, replaces);
    }
    let printed = ctx.print(&summary, || {
        let mut s = format!(
            "{} {}: {} accounts, {} environments, {} groups, {} collaborations, {} roles, {} tasks\n",
            if ctx.global.dry_run {
                format!("{} would write", ctx.style.yellow("dry run:"))
            } else {
                format!("{} wrote", ctx.style.green("✓"))
            },
            shown(out),
            doc.accounts.len(),
            doc.environments.len(),
            doc.groups.len(),
            doc.collaborations.len(),
            doc.roles.len(),
            doc.tasks.len()
        );
        if let Some(b) = &backup {
            s = format!("{s}  the previous file is kept as {}\n", shown(b));
        }
        if replaces {
            s.push_str("  the existing file would be kept as a backup\n");
        }
        s
    });
    if ctx.global.dry_run {
        printed
    } else {
        super::saved(printed)
    }
}

/// A dry run of `init` or `generate`: the object the command prints on success, with
/// `"dry_run": true` and whether an existing file would be replaced (`"backup"` stays
/// null: nothing is written).
fn dry_run(mut summary: serde_json::Value, replaces: bool) -> serde_json::Value {
    if let Some(fields) = summary.as_object_mut() {
        fields.insert("dry_run".into(), true.into());
        fields.insert("replaces".into(), replaces.into());
    }
    summary
}

/// What `collab snapshot --json` prints.
#[derive(Serialize)]
struct Snap<'a> {
    view: &'a str,
    width: u16,
    height: u16,
    lines: Vec<&'a str>,
}

/// `collab snapshot`: one view of the app as text, exactly as the app draws it.
pub(super) fn snapshot(
    ctx: &Ctx,
    views: &dyn super::Views,
    demo: bool,
    view: &str,
    size: &str,
) -> Res<super::Output> {
    use crate::text::quoted;
    let (w, h) = views.parse_size(size).map_err(Failure::Usage)?;
    if !views.names().contains(&view) {
        return Err(Failure::Usage(format!(
            "unknown view '{}'; views: {}",
            quoted(view),
            views.names().join(", ")
        )));
    }
    let (engine, now, state) = if demo {
        (
            crate::engine::demo::demo_engine(),
            crate::engine::demo::DEMO_NOW,
            None,
        )
    } else {
        (
            ctx.load()?,
            ctx.now,
            Some(ctx.store()?.path().to_path_buf()),
        )
    };
    let me = ctx.actor(&engine)?;
    let text = views
        .render(engine, me, (w, h), now, view, state.as_deref())
        .map_err(Failure::Usage)?;
    ctx.print(
        &Snap {
            view,
            width: w,
            height: h,
            lines: text.lines().collect(),
        },
        || text.clone(),
    )
}
