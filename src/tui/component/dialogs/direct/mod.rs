//! Direct access to one environment: pick a member of the environment's owner (or
//! "invite a new member…", which turns this dialog into the member dialog with the
//! environment pre-ticked), pick roles, see the member's current access there. Builds
//! `SetDirect`, or `RemoveDirect` (key `x`) when the member has a direct entry.

mod dialog;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::member::{MemberDialog, role_nodes};
use super::widgets::{
    Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_line, error_text, is_ctrl, plain,
    render_lines, section_line, take_bottom, take_top, tidy_hints,
};
use super::{Dialog, DialogCtx, DrawCtx, Part, part_of};
use crate::engine::{
    AccountId, CollabId, Command, EnvId, Error, Level, Platform, ShareSpec, ShareTarget,
    TargetSpec, cmp_ci,
};
use crate::tui::component::Effect;
use crate::tui::theme::Theme;
use crate::tui::theme::status_symbol;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    Members,
    Roles,
    Apply,
    Remove,
}

const ORDER: [Focus; 4] = [Focus::Members, Focus::Roles, Focus::Apply, Focus::Remove];

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberKey {
    Member(String),
    Invite,
}

pub struct DirectDialog {
    env: String,
    owner: AccountId,
    owner_email: String,
    me: Option<AccountId>,
    may_invite: bool,
    members: Tree<MemberKey>,
    roles: Tree<String>,
    /// The member whose direct roles the role list was loaded with.
    loaded_for: Option<MemberKey>,
    focus: Focus,
    switched: Option<Box<MemberDialog>>,
    verdict: Option<(Focus, String)>,
    checked: bool,
    touched: bool,
    note: Option<String>,
}

/// The collaboration of a member (by email) with the owner, if it (still) exists.
fn collab_of(p: &Platform, owner: AccountId, email: &str) -> Option<CollabId> {
    p.account_by_email(email)
        .and_then(|m| p.collab_of(owner, m))
}

impl DirectDialog {
    pub fn new(p: &Platform, me: Option<AccountId>, env: EnvId) -> DirectDialog {
        let e = p.env(env);
        let owner = e.owner;
        // The engine's answer: the owner or an account-wide delegate invites.
        let may_invite =
            me.is_some_and(|m| p.may(m, &crate::engine::Intent::Invite { owner }).is_ok());
        // What the command line shows this account: the owner and an account-wide
        // delegate list every member with the owner's labels (`member list`); a
        // delegate on this environment only sees its collaboration table (`share
        // list`), without labels.
        let mut collabs: Vec<CollabId> = if may_invite {
            p.collabs_of_owner(owner).collect()
        } else {
            p.share_rows(me, env)
                .unwrap_or_default()
                .iter()
                .filter_map(|r| collab_of(p, owner, &r.member))
                .collect()
        };
        collabs.retain(|c| Some(p.collab(*c).member) != me);
        collabs.sort_by(|a, b| {
            cmp_ci(
                &p.account(p.collab(*a).member).email,
                &p.account(p.collab(*b).member).email,
            )
        });
        let mut nodes: Vec<Node<MemberKey>> = collabs
            .into_iter()
            .map(|c| {
                let rec = p.collab(c);
                let email = p.account(rec.member).email.clone();
                let detail = if may_invite {
                    format!("{} · {}", rec.name, rec.status)
                } else {
                    rec.status.to_string()
                };
                Node::new(
                    MemberKey::Member(email.clone()),
                    0,
                    format!("{} {email}", status_symbol(rec.status)),
                )
                .tick(Tick::None)
                .detail(detail)
            })
            .collect();
        nodes.push(
            Node::new(MemberKey::Invite, 0, "+ invite a new member…")
                .tick(Tick::None)
                .enabled(may_invite)
                .detail(if may_invite {
                    ""
                } else {
                    "only the owner or an account-wide delegate invites"
                }),
        );
        let mut members = Tree::new(nodes);
        members.empty_text = "no members".into();
        let mut roles = Tree::new(role_nodes(p, Some(owner)));
        roles.empty_text = "the owner has no roles".into();
        let mut d = DirectDialog {
            env: e.name.clone(),
            owner,
            owner_email: p.account(owner).email.clone(),
            me,
            may_invite,
            members,
            roles,
            loaded_for: None,
            focus: Focus::Members,
            switched: None,
            verdict: None,
            checked: false,
            touched: false,
            note: None,
        };
        d.load_roles(p);
        d
    }

    fn member(&self) -> Option<String> {
        match self.members.current_key() {
            Some(MemberKey::Member(email)) => Some(email),
            _ => None,
        }
    }

    /// The member's direct entry on the environment: `Some(roles)` when it has one.
    fn direct_entry(&self, p: &Platform, email: &str) -> Option<Vec<String>> {
        let c = collab_of(p, self.owner, email)?;
        let e = p.env_by_name(&self.env)?;
        p.collab(c)
            .entry(ShareTarget::Env(e))
            .map(|roles| p.sorted_role_names(roles))
    }

    /// When the selected member changed, ticks its direct roles.
    fn load_roles(&mut self, p: &Platform) {
        let current = self.members.current_key();
        if current == self.loaded_for {
            return;
        }
        self.loaded_for = current;
        self.roles.ticked.clear();
        if let Some(email) = self.member() {
            for r in self.direct_entry(p, &email).unwrap_or_default() {
                self.roles.set_tick(&r, true);
            }
        }
    }

    fn set_command(&self) -> Option<Command> {
        Some(Command::SetDirect {
            env: self.env.clone(),
            member: self.member()?,
            roles: self.roles.ticked_in_order(),
        })
    }

    fn part_of(e: &Error) -> Focus {
        match part_of(e) {
            Part::Roles => Focus::Roles,
            Part::Account => Focus::Members,
            _ => Focus::Apply,
        }
    }

    fn revalidate(&mut self, ctx: &mut DialogCtx<'_>) {
        self.checked = true;
        self.verdict = match self.set_command() {
            None => Some((
                Focus::Members,
                "choose a member, or Enter on \"invite\" for a new one".into(),
            )),
            Some(_) if self.roles.ticked.is_empty() => Some((
                Focus::Roles,
                "tick at least one role (x removes direct access)".into(),
            )),
            Some(cmd) => ctx
                .validate(&cmd)
                .err()
                .map(|e| (Self::part_of(&e), error_text(&e))),
        };
    }

    fn submit(&mut self, ctx: &mut DialogCtx<'_>) -> Effect {
        self.touched = true;
        self.revalidate(ctx);
        match (&self.verdict, self.set_command()) {
            (None, Some(cmd)) => Effect::Submit(cmd),
            (Some((part, _)), _) => {
                self.focus = *part;
                Effect::None
            }
            (None, None) => Effect::None,
        }
    }

    fn remove(&mut self, ctx: &mut DialogCtx<'_>) -> Effect {
        self.touched = true;
        let Some(email) = self.member() else {
            self.note = Some("choose a member first".into());
            return Effect::None;
        };
        if self.direct_entry(ctx.engine.platform(), &email).is_none() {
            self.note = Some(format!(
                "{email} has no direct entry on {}: nothing to remove",
                self.env
            ));
            return Effect::None;
        }
        let cmd = Command::RemoveDirect {
            env: self.env.clone(),
            member: email,
        };
        match ctx.validate(&cmd) {
            Ok(()) => Effect::Submit(cmd),
            Err(e) => {
                self.verdict = Some((Focus::Remove, error_text(&e)));
                Effect::None
            }
        }
    }

    fn switch_to_invite(&mut self, p: &Platform) {
        if !self.may_invite {
            self.note = Some("only the owner or an account-wide delegate invites members".into());
            return;
        }
        let preset = [ShareSpec {
            target: TargetSpec::Env(self.env.clone()),
            roles: self.roles.ticked_in_order(),
        }];
        self.switched = Some(Box::new(MemberDialog::invite_for(
            p, self.me, self.owner, &preset,
        )));
    }

    fn step_focus(&mut self, forward: bool) {
        self.focus = super::cycle(&ORDER, self.focus, forward);
    }

    fn error_for(&self, part: Focus) -> Option<&str> {
        match &self.verdict {
            Some((p, msg)) if *p == part && self.touched => Some(msg),
            _ => None,
        }
    }

    /// "base Viewer", "direct Developer", "none": the member's access as configured.
    fn access_text(&self, p: &Platform, email: &str) -> Option<String> {
        let c = collab_of(p, self.owner, email)?;
        let e = p.env_by_name(&self.env)?;
        let a = p.configured_access(p.collab(c), e);
        let level = a.level.level();
        Some(if level == Level::None {
            "no access".into()
        } else {
            format!("{level} {}", p.sorted_role_names(&a.roles).join(", "))
        })
    }

    fn current_line(&self, t: &Theme, p: &Platform) -> Line<'static> {
        let mut spans = vec![Span::styled(format!("  {:<14}", "Now"), t.title())];
        match self.member() {
            None => spans.push(Span::styled("no member chosen", t.dim())),
            Some(email) => {
                let status = collab_of(p, self.owner, &email).map(|c| p.collab(c).status);
                let text = self
                    .access_text(p, &email)
                    .unwrap_or_else(|| "not a member any more".into());
                spans.push(Span::raw(format!("{email} on {}: {text}", self.env)));
                match status {
                    Some(s) if s != crate::engine::CollabStatus::Active => spans.push(
                        Span::styled(format!("  ({s}: grants nothing until active)"), t.warn()),
                    ),
                    _ => {}
                }
                if let Some(direct) = self.direct_entry(p, &email) {
                    let what = if direct.is_empty() {
                        "  · direct entry ticked, no roles".to_string()
                    } else {
                        format!("  · direct entry: {}", direct.join(", "))
                    };
                    spans.push(Span::styled(what, t.dim()));
                }
            }
        }
        Line::from(spans)
    }

    fn common_hints(v: &mut Vec<(&'static str, &'static str)>) {
        v.push(("x", "remove direct"));
        v.push(("Tab S-Tab", "part"));
        v.push(("^S", "apply"));
        v.push(("Esc ^C", "cancel"));
    }
}

impl DirectDialog {
    fn hint_list(&self) -> Vec<(&'static str, &'static str)> {
        if let Some(d) = &self.switched {
            return d.hints();
        }
        let mut v = Vec::new();
        match self.focus {
            Focus::Members => {
                if self.members.is_typing() {
                    return self.members.hints();
                }
                v.push(("Enter", "choose"));
                Self::common_hints(&mut v);
                v.extend(self.members.hints());
            }
            Focus::Roles => {
                if self.roles.is_typing() {
                    return self.roles.hints();
                }
                v.push(("Space", "tick"));
                v.push(("Enter", "apply"));
                Self::common_hints(&mut v);
                v.extend(self.roles.hints());
            }
            Focus::Apply | Focus::Remove => {
                v.push(("Enter", "choose"));
                v.push(("←→", "button"));
                Self::common_hints(&mut v);
            }
        }
        v
    }
}

#[cfg(test)]
mod tests;
