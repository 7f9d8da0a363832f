//! A stable text of one platform, one fact a line, for line-based tools: `git diff`
//! (as a textconv driver) shows a change of the state file as the lines that differ,
//! so who gained and lost what reads straight off the `access` lines.

use std::fmt::Write as _;

use super::Facts;
use crate::engine::access::cmp_ci;
use crate::engine::platform::Platform;

fn fields(f: &[(&'static str, String)]) -> String {
    let mut out = String::new();
    for (k, v) in f {
        let _ = write!(out, " {k}={v}");
    }
    out
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
            let _ = writeln!(out, "share {o} {m} {target}={roles}");
        }
    }
    let mut access: Vec<(String, String, String)> = Vec::new();
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
                format!(
                    "{} {}",
                    a.level.level(),
                    p.sorted_role_names(&a.roles).join("+")
                ),
            ));
        }
    }
    access.sort_by(|x, y| cmp_ci(&x.0, &y.0).then_with(|| cmp_ci(&x.1, &y.1)));
    for (m, e, what) in access {
        let _ = writeln!(out, "access {m} {e} {what}");
    }
    out
}
