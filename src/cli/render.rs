//! Output for people: aligned tables, a readable explanation trace, and colour only
//! when stdout is a terminal and `NO_COLOR` is unset.

use std::fmt::Write as _;

use crate::engine::{
    AccessChange, AccountRow, CollaborationRow, EnvRow, ExplainRow, Level, MemberRow, PolicyRow,
    RoleRow, ShareEntryRow, ShareRow, TaskRow, WhoRow,
};

pub use super::table::{Style, Table, terminal_safe};

fn roles<S: AsRef<str>>(r: &[S]) -> String {
    if r.is_empty() {
        "-".into()
    } else {
        r.iter()
            .map(AsRef::as_ref)
            .collect::<Vec<&str>>()
            .join(", ")
    }
}

pub fn empty(style: Style, what: &str) -> String {
    style.dim(&format!("(no {what})\n"))
}

pub fn accounts(style: Style, rows: &[AccountRow]) -> String {
    if rows.is_empty() {
        return empty(
            style,
            "accounts; add one with 'collab account add EMAIL' or run 'collab init --demo'",
        );
    }
    let mut t = Table::new(&["EMAIL", "NAME", "ENVS", "MEMBERS", "COLLABORATIONS"]);
    for r in rows {
        t.row(vec![
            r.email.clone(),
            r.name.clone(),
            format!("{}/{}", r.environments, r.max_environments),
            r.members.to_string(),
            if r.pending_invitations > 0 {
                format!("{} ({} pending)", r.collaborations, r.pending_invitations)
            } else {
                r.collaborations.to_string()
            },
        ]);
    }
    t.render(style)
}

fn shares(s: &[ShareEntryRow]) -> String {
    if s.is_empty() {
        return "-".into();
    }
    s.iter()
        .map(|e| {
            if e.roles.is_empty() {
                format!("{} (ticked)", e.target)
            } else {
                format!("{}={}", e.target, e.roles.join("+"))
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
}

pub fn members(style: Style, rows: &[MemberRow]) -> String {
    if rows.is_empty() {
        return empty(
            style,
            "members; invite one with 'collab member invite EMAIL --share envs=Viewer'",
        );
    }
    let mut t = Table::new(&["EMAIL", "NAME", "STATUS", "CHANGED", "SHARES"]);
    for r in rows {
        t.row(vec![
            r.email.clone(),
            r.name.clone(),
            style.status(r.status.as_str()),
            r.changed.clone(),
            shares(&r.shares),
        ]);
    }
    t.render(style)
}

pub fn member(style: Style, r: &MemberRow) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        style.bold(&r.email),
        style.dim(&format!("({})", r.name))
    );
    let _ = writeln!(out, "  owner    {}", r.owner);
    let _ = writeln!(out, "  status   {}", style.status(r.status.as_str()));
    let _ = writeln!(out, "  changed  {}", r.changed);
    if r.shares.is_empty() {
        let _ = writeln!(out, "  shares   -");
    } else {
        let _ = writeln!(out, "  shares");
        for s in &r.shares {
            let _ = writeln!(out, "    {:<32} {}", s.target, roles(&s.roles));
        }
    }
    out
}

pub fn collaborations(style: Style, rows: &[CollaborationRow]) -> String {
    if rows.is_empty() {
        return empty(style, "collaborations: nothing is shared with this account");
    }
    let mut t = Table::new(&["OWNER", "STATUS", "CHANGED", "SHARES"]);
    for r in rows {
        t.row(vec![
            r.owner.clone(),
            style.status(r.status.as_str()),
            r.changed.clone(),
            shares(&r.shares),
        ]);
    }
    t.render(style)
}

pub fn envs(style: Style, rows: &[EnvRow]) -> String {
    if rows.is_empty() {
        return empty(style, "environments");
    }
    let mut t = Table::new(&[
        "NAME", "OWNER", "STATUS", "GROUPS", "LEVEL", "ROLES", "COST/H",
    ]);
    for r in rows {
        t.row(vec![
            r.name.clone(),
            r.owner.clone(),
            r.status.as_str().to_string(),
            if r.groups.is_empty() {
                "-".into()
            } else {
                r.groups.join(", ")
            },
            style.level(r.level),
            roles(&r.roles),
            match r.cents_per_hour {
                Some(c) => format!("{}.{:02}", c / 100, c % 100),
                None => style.dim("-"),
            },
        ]);
    }
    t.render(style)
}

pub fn env(style: Style, r: &EnvRow) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        style.bold(&r.name),
        style.dim(&format!("({})", r.status.as_str()))
    );
    let _ = writeln!(out, "  owner      {}", r.owner);
    let _ = writeln!(out, "  creator    {}", r.creator);
    let _ = writeln!(
        out,
        "  groups     {}",
        if r.groups.is_empty() {
            "-".into()
        } else {
            r.groups.join(", ")
        }
    );
    let _ = writeln!(out, "  cloudlets  {}", r.cloudlets);
    out
}

pub fn roles_table(style: Style, rows: &[RoleRow]) -> String {
    if rows.is_empty() {
        return empty(
            style,
            "roles; add one with 'collab role add NAME --policy ID'",
        );
    }
    let mut t = Table::new(&["NAME", "NOTIFY", "POLICIES", "DESCRIPTION"]);
    for r in rows {
        t.row(vec![
            r.name.clone(),
            if r.notify { "yes".into() } else { "-".into() },
            r.policies.join(", "),
            r.description.clone(),
        ]);
    }
    t.render(style)
}

pub fn policies(style: Style, rows: &[PolicyRow]) -> String {
    let mut t = Table::new(&["ID", "NAME", "CATEGORY", "METHODS"]);
    for r in rows {
        t.row(vec![
            if r.system {
                r.id.clone()
            } else {
                style.cyan(&r.id)
            },
            r.name.clone(),
            r.category.clone(),
            r.methods.join(", "),
        ]);
    }
    t.render(style)
}

pub fn share_rows(style: Style, env: &str, rows: &[ShareRow]) -> String {
    if rows.is_empty() {
        return empty(style, &format!("members with access to {env}"));
    }
    let mut t = Table::new(&["MEMBER", "NAME", "ROLES", "ACCESS LEVEL", "STATUS"]);
    for r in rows {
        // No name: the owner's label is not the asker's to see.
        let name = if r.name.is_empty() { "-" } else { &r.name };
        t.row(vec![
            r.member.clone(),
            name.to_string(),
            roles(&r.roles),
            style.level(r.level),
            style.status(r.status.as_str()),
        ]);
    }
    t.render(style)
}

pub fn who(style: Style, rows: &[WhoRow]) -> String {
    let mut t = Table::new(&["ACCOUNT", "LEVEL", "ROLES", "STATUS"]);
    for r in rows {
        t.row(vec![
            r.account.to_string(),
            style.level(r.level),
            roles(&r.roles),
            style.status(r.status),
        ]);
    }
    t.render(style)
}

pub fn access(style: Style, rows: &[crate::engine::AccessRow]) -> String {
    if rows.is_empty() {
        return empty(style, "environments reachable");
    }
    let mut t = Table::new(&["ENV", "OWNER", "LEVEL", "ROLES"]);
    for r in rows {
        t.row(vec![
            r.env.to_string(),
            r.owner.to_string(),
            style.level(r.level),
            roles(&r.roles),
        ]);
    }
    t.render(style)
}

pub fn tasks(style: Style, rows: &[TaskRow], me: &str) -> String {
    if rows.is_empty() {
        return empty(style, "tasks");
    }
    let mut t = Table::new(&["#", "TIME", "ENV", "METHOD", "INITIATOR", "OUTCOME"]);
    for r in rows {
        let initiator = if r.initiator == me {
            r.initiator.clone()
        } else {
            format!("{} »", r.initiator)
        };
        t.row(vec![
            r.seq.to_string(),
            r.time.clone(),
            r.env.clone().unwrap_or_else(|| "-".into()),
            r.method.clone(),
            initiator,
            match (&r.outcome[..], &r.reason) {
                ("denied", Some(why)) => style.red(&format!("denied: {why}")),
                ("denied", None) => style.red("denied"),
                (o, _) => style.green(o),
            },
        ]);
    }
    let mut out = t.render(style);
    // The marker's legend, as the app's Tasks view titles it: only when it shows.
    if rows.iter().any(|r| r.initiator != me) {
        out.push_str(&style.dim("(» started by someone else)\n"));
    }
    out
}

/// The explanation as a readable trace of the three levels.
pub fn explain(style: Style, x: &ExplainRow) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} on {} {}",
        style.bold(&x.member),
        style.bold(&x.env),
        style.dim(&format!("(owner {})", x.owner))
    );
    let _ = writeln!(out, "  status     {}", style.status(&x.status));
    if x.status == "owner" {
        let _ = writeln!(
            out,
            "  the owner may call every method on its own environments"
        );
    } else {
        let mark = |l: Level| {
            if x.configured_level == l && x.configured_level != Level::None {
                style.green("✔")
            } else {
                " ".into()
            }
        };
        let _ = writeln!(
            out,
            "  levels (highest first; the first that yields a role wins, levels never merge)"
        );
        let direct = match (&x.levels.direct, x.direct_ticked) {
            (Some(r), _) => r.join(", "),
            (None, true) => style.dim("ticked without roles (visible only, not a level)"),
            (None, false) => style.dim("no entry"),
        };
        let _ = writeln!(out, "  {} 1 direct   {direct}", mark(Level::Direct));
        if x.all_groups.is_empty() {
            let _ = writeln!(
                out,
                "  {} 2 groups   {}",
                mark(Level::Groups),
                style.dim("the environment is in no group")
            );
        } else {
            let _ = writeln!(out, "  {} 2 groups", mark(Level::Groups));
            for g in &x.all_groups {
                let from = match g.from.as_str() {
                    "" => style.dim("not shared, or shared without roles: contributes nothing"),
                    "*" => format!(
                        "{} {}",
                        g.roles.join(", "),
                        style.dim("(Env Groups default)")
                    ),
                    f if f == g.group => g.roles.join(", "),
                    f => format!(
                        "{} {}",
                        g.roles.join(", "),
                        style.dim(&format!("(inherited from {f})"))
                    ),
                };
                let _ = writeln!(out, "         {:<28} {from}", g.group);
            }
        }
        let base = match &x.levels.base {
            Some(r) => r.join(", "),
            None => style.dim("no roles in the Environments entry"),
        };
        let _ = writeln!(out, "  {} 3 base     {base}", mark(Level::Base));
        let result = if x.level == Level::None {
            if x.configured_level != Level::None && x.status != "active" {
                format!(
                    "none: the collaboration is {} (as configured: {} {})",
                    x.status,
                    x.configured_level,
                    x.configured_roles.join(", ")
                )
            } else {
                "none: no level yields a role".to_string()
            }
        } else {
            format!("{} {}", x.level, x.roles.join(", "))
        };
        let _ = writeln!(out, "  result     {}", style.bold(&result));
        if !x.policies.is_empty() {
            let _ = writeln!(out, "  policies   {}", x.policies.join(", "));
        }
        let _ = writeln!(out, "  notify     {}", if x.notify { "yes" } else { "no" });
    }
    if let Some(a) = &x.action {
        let verdict = if a.allowed {
            style.green("allowed")
        } else {
            style.red("denied")
        };
        let _ = writeln!(out, "  action     {} {verdict}: {}", a.method, a.reason);
    }
    out
}

/// What a previewed change does: each edited role's policy changes, then every
/// member and environment whose level or roles change.
pub fn preview(style: Style, p: &crate::engine::Preview) -> String {
    let mut out = String::new();
    for r in &p.roles {
        let what = if r.deleted {
            style.red("deleted")
        } else {
            let mut parts = Vec::new();
            if !r.gained.is_empty() {
                parts.push(style.green(&format!("+{}", r.gained.join(" +"))));
            }
            if !r.lost.is_empty() {
                parts.push(style.red(&format!("-{}", r.lost.join(" -"))));
            }
            if parts.is_empty() {
                "policies unchanged".to_string()
            } else {
                parts.join(" ")
            }
        };
        let _ = writeln!(
            out,
            "role {}: {what}; held by {} member{}",
            style.bold(&r.role),
            r.members,
            if r.members == 1 { "" } else { "s" }
        );
    }
    if p.changes.is_empty() && p.hidden > 0 {
        out.push_str(&style.dim("no change to access that you may see\n"));
    } else {
        out.push_str(&access_diff(style, &p.changes));
    }
    if let Some(note) = crate::engine::hidden_note(p.hidden) {
        out.push_str(&style.dim(&format!("({note})\n")));
    }
    if !p.on_accept.is_empty() {
        let _ = writeln!(out, "once accepted, the invitation gives:");
        out.push_str(&access_diff(style, &p.on_accept));
    }
    out
}

pub fn access_diff(style: Style, changes: &[AccessChange]) -> String {
    if changes.is_empty() {
        return style.dim("no member's access level or roles change\n");
    }
    let mut t = Table::new(&["MEMBER", "ENV", "BEFORE", "AFTER"]);
    for c in changes {
        let show = |s: &crate::engine::AccessState| {
            if s.level == Level::None {
                style.dim("none")
            } else if s.roles.is_empty() {
                s.level.to_string()
            } else {
                format!("{} {}", s.level, s.roles.join(", "))
            }
        };
        t.row(vec![
            c.member.clone(),
            c.env.clone(),
            show(&c.before),
            show(&c.after),
        ]);
    }
    t.render(style)
}
