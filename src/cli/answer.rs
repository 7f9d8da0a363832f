//! Answering read-only questions from an engine: the command line and the app's
//! palette print exactly the same.

use super::plan::Query;
use super::render::{self, Style};
use super::{Failure, Output, Res, done, to_json};
use crate::engine::Engine;

fn print<T: serde::Serialize>(
    json: bool,
    value: &T,
    human: impl FnOnce() -> String,
) -> Res<Output> {
    done(if json { to_json(value) } else { human() })
}

/// Answers a query from an engine, as `asker` (the operator when `None`).
pub fn answer(
    q: &Query,
    engine: &Engine,
    asker: Option<&str>,
    style: Style,
    json: bool,
) -> Res<Output> {
    let p = engine.platform();
    let asker_id = asker.map(|a| p.find_account(a)).transpose()?;
    let me = || {
        asker_id.ok_or_else(|| {
            Failure::Usage(
                "this command needs the acting account: pass --as EMAIL (or set COLLAB_AS)".into(),
            )
        })
    };
    match q {
        Query::At { at, query } => {
            let past = super::history::engine_at(engine, at)?;
            answer(query, past.as_ref().unwrap_or(engine), asker, style, json)
        }
        Query::History(filter) => super::history::run(engine, asker_id, filter, style, json),
        Query::AccountList => {
            let rows = p.account_rows();
            print(json, &rows, || render::accounts(style, &rows))
        }
        Query::EnvList => {
            let rows = p.env_rows(me()?);
            print(json, &rows, || render::envs(style, &rows))
        }
        Query::RoleList => {
            let rows = p.role_rows(me()?);
            print(json, &rows, || render::roles_table(style, &rows))
        }
        Query::PolicyList => {
            let rows = p.policy_rows(asker_id);
            print(json, &rows, || render::policies(style, &rows))
        }
        Query::MemberList { owner } => {
            let me = me()?;
            let o = owner.as_deref().map(|o| p.find_account(o)).transpose()?;
            let rows = p.member_rows(me, o.unwrap_or(me))?;
            print(json, &rows, || render::members(style, &rows))
        }
        Query::MemberShow { owner, email } => {
            let me = me()?;
            let o = owner
                .as_deref()
                .map(|o| p.find_account(o))
                .transpose()?
                .unwrap_or(me);
            p.member_rows(me, o)?;
            let row = p.member_row(p.find_collab(o, email)?);
            print(json, &row, || render::member(style, &row))
        }
        Query::Collaborations => {
            let rows = p.collaboration_rows(me()?);
            print(json, &rows, || render::collaborations(style, &rows))
        }
        Query::ShareList { env } => {
            let e = p.find_env(env)?;
            let rows = p.share_rows(asker_id, e)?;
            print(json, &rows, || render::share_rows(style, env, &rows))
        }
        Query::Check {
            member,
            env,
            action,
        } => {
            let m = p.find_account(member)?;
            let e = p.find_env(env)?;
            let method = p.find_method(action)?;
            p.require_may_ask(asker_id, m, e)?;
            let row = p.check_row(&p.check_as(asker_id, m, e, method));
            let mut out = print(json, &row, || {
                let verdict = if row.allowed {
                    style.green("allowed")
                } else {
                    style.red("denied")
                };
                // A level without roles (none, owner) is the level alone.
                let roles = if row.roles.is_empty() {
                    String::new()
                } else {
                    format!(" {}", row.roles.join(", "))
                };
                format!(
                    "{verdict}: {} {} on {}\n  level  {}{roles}\n  why    {}\n",
                    row.member,
                    row.method,
                    row.env,
                    style.level(row.level),
                    row.reason
                )
            })?;
            if !row.allowed {
                out.code = 1;
            }
            out.kept = Some(super::Kept::Answer);
            Ok(out)
        }
        Query::Explain {
            member,
            env,
            action,
        } => {
            let m = p.find_account(member)?;
            let e = p.find_env(env)?;
            let method = action.as_deref().map(|a| p.find_method(a)).transpose()?;
            p.require_may_explain(asker_id, m, e)?;
            let row = p.explain_row(&p.explain(m, e, method));
            print(json, &row, || render::explain(style, &row))
        }
        Query::Access { member } => {
            let m = p.find_account(member)?;
            let rows = p.access_rows(asker_id, m);
            print(json, &rows, || {
                let mut text = render::access(style, &rows);
                for note in inactive_notes(p, asker_id, m) {
                    text.push_str(&style.dim(&format!("({note})\n")));
                }
                text
            })
        }
        Query::Who { env } => {
            let e = p.find_env(env)?;
            let rows = p.who_rows(asker_id, e)?;
            print(json, &rows, || render::who(style, &rows))
        }
        Query::Alert { env } => {
            let e = p.find_env(env)?;
            let row = p.alert_row(asker_id, e)?;
            print(json, &row, || {
                format!(
                    "a load alert on {} notifies:\n{}",
                    row.env,
                    row.notify
                        .iter()
                        .flat_map(|n| ["  ", n.as_str(), "\n"])
                        .collect::<String>()
                )
            })
        }
        Query::Tasks { env, limit } => {
            let me = me()?;
            if let Some(name) = env
                && p.env_by_name(name).is_none()
                && !p.tasks().iter().any(|t| t.env.as_deref() == Some(name))
            {
                p.find_env(name)?;
            }
            let rows = p.task_rows(me, env.as_deref(), *limit);
            let email = p.account(me).email.clone();
            print(json, &rows, || {
                if *limit == Some(0) {
                    render::empty(style, "tasks asked for: --limit 0")
                } else {
                    render::tasks(style, &rows, &email)
                }
            })
        }
    }
}

/// What `m`'s collaborations that are not active would give, as notes under its
/// reach (README: a member that is not active reads none, with what it would have as
/// a note). Each to whom may see that collaboration: the operator, the member, the
/// owner and the owner's account-wide delegates.
fn inactive_notes(
    p: &crate::engine::Platform,
    asker: Option<crate::engine::AccountId>,
    m: crate::engine::AccountId,
) -> Vec<String> {
    const SHOWN: usize = 5;
    let mut notes = Vec::new();
    for c in p.collabs_of_member(m) {
        let rec = p.collab(c);
        if rec.is_active() || asker.is_some_and(|a| !p.sees_collab(a, c)) {
            continue;
        }
        let reach: Vec<String> = p
            .envs_by_name(rec.owner)
            .into_iter()
            .filter_map(|e| {
                let a = p.configured_access(rec, e);
                (!a.is_none()).then(|| {
                    format!(
                        "{} {} {}",
                        p.env(e).name,
                        a.level.level().as_str(),
                        p.sorted_role_names(&a.roles).join("+")
                    )
                })
            })
            .collect();
        if reach.is_empty() {
            continue;
        }
        let more = reach.len().saturating_sub(SHOWN);
        let mut list = reach.into_iter().take(SHOWN).collect::<Vec<_>>().join(", ");
        if more > 0 {
            list = format!("{list} and {more} more");
        }
        notes.push(
            crate::text::escape(&format!(
                "{} collaboration with {}: it would reach {list}",
                rec.status,
                p.account(rec.owner).email
            ))
            .into_owned(),
        );
    }
    notes
}
