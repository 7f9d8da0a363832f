//! The inspector's content for the inspected item: built when the selection or the
//! platform changes (in the update step), never per frame, and capped so a member
//! list of thousands costs what a screenful costs.

use ratatui::text::{Line, Span};

use crate::engine::Level;
use crate::engine::{AccountId, CollabId, Platform};
use crate::tui::keys::{Action, Keymap};
use crate::tui::panes::RowKey;
use crate::tui::panes::{status_style, status_symbol};
use crate::tui::theme::Theme;

/// The most lines any list in the inspector shows; the rest is counted.
const MAX_LIST: usize = 60;

/// The most names the `alerts` line lists; the rest is counted.
const MAX_INLINE: usize = 8;

/// `names` joined, at most [`MAX_INLINE`] of them, then how many more and the command
/// that lists them all (an environment's alerts can reach thousands of members).
fn capped_list(names: &[String], env: &str) -> String {
    let shown = names.get(..MAX_INLINE).unwrap_or(names);
    let mut text = shown.join(", ");
    if names.len() > shown.len() {
        let more = names.len() - shown.len();
        text = format!("{text} … and {more} more: collab alert {env}");
    }
    text
}

fn kv<'a>(t: &Theme, k: &str, v: impl Into<String>) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{k:<10}"), t.dim()),
        Span::raw(v.into()),
    ])
}

/// What the inspector describes, and what it reads to do so.
pub struct Subject<'a> {
    pub platform: &'a Platform,
    pub theme: &'a Theme,
    pub me: Option<AccountId>,
    /// The inspected row.
    pub key: Option<RowKey>,
    /// The member whose access environment rows show.
    pub lens: Option<CollabId>,
    /// The keys as configured, which hints name.
    pub keys: &'a Keymap,
}

pub fn lines(app: &Subject<'_>) -> Vec<Line<'static>> {
    let t = app.theme;
    let p = app.platform;
    let me = app.me;
    let mut out: Vec<Line<'static>> = Vec::new();
    let Some(key) = app.key else {
        out.push(Line::styled("nothing selected", t.dim()));
        return out;
    };
    match key {
        RowKey::Account(a) => {
            let r = p.account_row(a);
            out.push(Line::styled(r.email.clone(), t.title()));
            out.push(kv(t, "name", r.name));
            out.push(kv(
                t,
                "envs",
                format!("{} of {}", r.environments, r.max_environments),
            ));
            out.push(kv(t, "members", r.members.to_string()));
            out.push(kv(
                t,
                "shared in",
                format!("{} ({} pending)", r.collaborations, r.pending_invitations),
            ));
            if Some(a) != me {
                out.push(Line::styled(
                    format!("{} signs in as this account", app.keys.label(Action::Open)),
                    t.dim(),
                ));
            }
        }
        RowKey::Member(c) | RowKey::Share(c, _) | RowKey::Collab(c) => {
            let r = p.member_row(c);
            let rec = p.collab(c);
            let title = if Some(rec.owner) == me {
                r.email.clone()
            } else {
                format!("shared by {}", r.owner)
            };
            out.push(Line::styled(title, t.title()));
            if let Some(label) = p.label_for(me, c, None) {
                out.push(kv(t, "name", label.to_string()));
            }
            out.push(Line::from(vec![
                Span::styled(format!("{:<10}", "status"), t.dim()),
                Span::styled(
                    format!("{} {}", status_symbol(rec.status), rec.status),
                    status_style(t, rec.status),
                ),
            ]));
            out.push(kv(t, "changed", r.changed));
            out.push(kv(t, "invites", rec.invitations.to_string()));
            out.push(Line::styled("shares", t.dim()));
            if r.shares.is_empty() {
                out.push(Line::raw("  (none)"));
            }
            for s in r.shares {
                let roles = if s.roles.is_empty() {
                    "(ticked, no roles)".to_string()
                } else {
                    s.roles.join(", ")
                };
                out.push(Line::raw(format!("  {}  {roles}", s.target)));
            }
            let reach = if rec.is_active() {
                p.reachable_envs(rec).len()
            } else {
                0
            };
            out.push(kv(t, "reaches", format!("{reach} environment(s)")));
        }
        RowKey::Env(e, _) => env_inspector(app, e, &mut out),
        RowKey::Group(g) => {
            let grp = p.group(g);
            out.push(Line::styled(grp.path.clone(), t.title()));
            out.push(kv(t, "envs", p.envs_in_group(g).count().to_string()));
            out.push(kv(t, "subgroups", p.children_of(g).count().to_string()));
            // Who a group is shared to is the owner's member list: shown to whom
            // `member list` shows it (the owner and account-wide delegates).
            let may_list = app.me.is_some_and(|me| {
                p.may(me, &crate::engine::Intent::Invite { owner: grp.owner })
                    .is_ok()
            });
            let shared: Vec<CollabId> = p
                .collabs_of_owner(grp.owner)
                .filter(|c| {
                    p.collab(*c)
                        .shares
                        .contains_key(&crate::engine::ShareTarget::Group(g))
                })
                .collect();
            if !may_list {
                out.push(kv(
                    t,
                    "shared to",
                    "(the owner's members are not listed to you)",
                ));
            } else if shared.is_empty() {
                out.push(kv(t, "shared to", "-"));
            } else {
                // One member a line, with its status: only an active member's share
                // grants anything.
                out.push(Line::styled("shared to", t.dim()));
                for c in shared.iter().take(MAX_LIST) {
                    let rec = p.collab(*c);
                    out.push(Line::from(vec![
                        Span::raw("  "),
                        Span::styled(
                            format!("{} ", status_symbol(rec.status)),
                            status_style(t, rec.status),
                        ),
                        Span::raw(crate::text::escape(&p.account(rec.member).email).into_owned()),
                        Span::styled(format!("  {}", rec.status), t.dim()),
                    ]));
                }
                if shared.len() > MAX_LIST {
                    out.push(Line::styled(
                        format!("  … and {} more", shared.len() - MAX_LIST),
                        t.dim(),
                    ));
                }
            }
        }
        RowKey::Role(r) => {
            let row = p.role_row(r);
            out.push(Line::styled(row.name.clone(), t.title()));
            if !row.description.is_empty() {
                out.push(Line::raw(row.description.clone()));
            }
            out.push(kv(
                t,
                "notify",
                if row.notify {
                    "yes: receives load alerts"
                } else {
                    "no"
                },
            ));
            out.push(Line::styled("policies", t.dim()));
            for id in &row.policies {
                out.push(Line::raw(format!("  {id}")));
            }
            let users = p.role_holders(r);
            out.push(Line::styled(format!("used by ({})", users.len()), t.dim()));
            for u in users.iter().take(MAX_LIST) {
                out.push(Line::raw(format!("  {u}")));
            }
            if users.len() > MAX_LIST {
                out.push(Line::styled(
                    format!("  … and {} more", users.len() - MAX_LIST),
                    t.dim(),
                ));
            }
        }
        RowKey::RolePolicy(_, pr) | RowKey::Policy(pr) | RowKey::Method(pr, _) => {
            let row = p.policy_row(pr);
            out.push(Line::styled(
                format!("{} — {}", row.id, row.name),
                t.title(),
            ));
            out.push(kv(t, "category", row.category));
            if !row.description.is_empty() {
                out.push(Line::raw(row.description));
            }
            out.push(Line::styled(
                if row.system {
                    "system policy (read-only)"
                } else {
                    "custom policy"
                },
                t.dim(),
            ));
            for m in row.methods {
                out.push(Line::raw(format!("  {m}")));
            }
        }
        RowKey::Category(i) => {
            out.push(Line::styled(crate::tui::panes::category(i), t.title()));
            out.push(Line::styled(
                format!("{} lists its policies", app.keys.label(Action::Open)),
                t.dim(),
            ));
        }
        RowKey::Section(s) => {
            out.push(Line::styled(
                crate::tui::panes::label(p, me, RowKey::Section(s)),
                t.title(),
            ));
        }
    }
    out
}

fn env_inspector(app: &Subject<'_>, e: crate::engine::EnvId, out: &mut Vec<Line<'static>>) {
    let t = app.theme;
    let p = app.platform;
    let Some(me) = app.me else { return };
    let row = p.env_row(me, e);
    out.push(Line::styled(
        format!("{}  {}", row.name, row.status),
        t.title(),
    ));
    if let Some(c) = app.lens {
        let who = p.account(p.collab(c).member).email.clone();
        let cell = p.lens_cell(c, e);
        let text = format!(
            "lens {who}:{}  ({}: why)",
            crate::tui::panes::lens_text(p, &cell, false).trim_start_matches(" ·"),
            app.keys.label(Action::Why)
        );
        out.push(Line::styled(text, t.accent()));
    }
    if row.level != Level::Owner {
        out.push(kv(
            t,
            "you",
            format!("{} {}", row.level, row.roles.join(", ")),
        ));
    }
    out.push(kv(t, "owner", row.owner.clone()));
    if row.creator != row.owner {
        out.push(kv(t, "creator", row.creator.clone()));
    }
    let cost = match row.cents_per_hour {
        Some(c) => format!("{}.{:02}/h", c / 100, c % 100),
        None => "price hidden (billing.view)".to_string(),
    };
    out.push(kv(
        t,
        "size",
        format!("{} cloudlets · {cost}", row.cloudlets),
    ));
    if !row.groups.is_empty() {
        // One group a line: a path never breaks at a comma of the list.
        for (i, g) in row.groups.iter().enumerate() {
            out.push(kv(t, if i == 0 { "groups" } else { "" }, g.clone()));
        }
    }
    if let Ok(alert) = p.alert_row(Some(me), e) {
        out.push(kv(t, "alerts", capped_list(&alert.notify, &row.name)));
    }
    match p.share_rows(Some(me), e) {
        Ok(rows) => {
            out.push(Line::styled(
                format!("collaboration ({})", rows.len()),
                t.dim(),
            ));
            if rows.is_empty() {
                out.push(Line::raw("  shared with nobody"));
            }
            let my_email = &p.account(me).email;
            for r in rows.iter().take(MAX_LIST) {
                let name = if &r.member == my_email {
                    format!("Me ({})", r.member)
                } else {
                    r.member.clone()
                };
                out.push(Line::from(vec![
                    Span::styled(
                        format!("{} ", status_symbol(r.status)),
                        status_style(t, r.status),
                    ),
                    Span::raw(name),
                    Span::styled(share_row_access(r), t.dim()),
                ]));
            }
            if rows.len() > MAX_LIST {
                out.push(Line::styled(
                    format!(
                        "  … and {} more: collab share list {}",
                        rows.len() - MAX_LIST,
                        row.name
                    ),
                    t.dim(),
                ));
            }
        }
        Err(_) => out.push(Line::styled(
            "only the owner and delegates see everyone's access",
            t.dim(),
        )),
    }
}

/// A row of the environment's collaboration table as the inspector reads it: the
/// effective access, so a member that is not active reads none, with what its entries
/// would give as a note (as the lens, `who` and `why` say it).
fn share_row_access(r: &crate::engine::ShareRow) -> String {
    let roles = r.roles.join("+");
    if r.status == crate::engine::CollabStatus::Active {
        format!(" {roles} ({})", r.level.as_str())
    } else {
        format!(
            " none ({}; would be {} {roles})",
            r.status,
            r.level.as_str()
        )
    }
}
