//! Direct access to one environment: pick a member of the environment's owner (or
//! "invite a new member…", which turns this dialog into the member dialog with the
//! environment pre-ticked), pick roles, see the member's current access there. Builds
//! `SetDirect`, or `RemoveDirect` (key `x`) when the member has a direct entry.

mod dialog;
mod edits;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::check::Check;
use super::keys::{self, PartKind};
use super::member::{MemberDialog, role_nodes};
use super::widgets::{
    Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_lines, render_lines, section_line,
    take_bottom, take_top,
};
use super::{Dialog, DrawCtx, Part, part_of};
use crate::engine::{
    AccountId, CollabId, Command, EnvId, Error, Field, Level, Platform, ShareSpec, ShareTarget,
    TargetSpec, cmp_ci,
};
use crate::tui::component::{Binding, Ctx, Effect};
use crate::tui::keys::{Keymap, OverlayAction};
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
    /// Whether that member had a direct entry (with no roles, it ticks none).
    had_entry: bool,
    switched: Option<Box<MemberDialog>>,
    check: Check<Focus>,
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
            had_entry: false,
            switched: None,
            check: Check::new(ORDER.to_vec(), Focus::Members),
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
        self.had_entry = false;
        if let Some(email) = self.member() {
            let entry = self.direct_entry(p, &email);
            self.had_entry = entry.is_some();
            for r in entry.unwrap_or_default() {
                self.roles.set_tick(&r, true);
            }
        }
    }

    /// The command the button with focus runs: removing the member's direct entry
    /// on the Remove button, else setting its direct roles.
    fn own_command(&self) -> Result<Command, Error> {
        let member = self.member().ok_or_else(|| {
            Error::invalid(
                Field::Email,
                "choose a member, or choose \"invite\" for a new one",
            )
        })?;
        let env = self.env.clone();
        Ok(if self.check.focus() == Focus::Remove {
            Command::RemoveDirect { env, member }
        } else {
            Command::SetDirect {
                env,
                member,
                roles: self.roles.ticked_in_order(),
            }
        })
    }

    /// Where a refusal goes: on the Remove button, all of it (it is about removing).
    fn route(&self) -> impl Fn(&Error) -> Focus + use<> {
        let removing = self.check.focus() == Focus::Remove;
        move |e| {
            if removing {
                return Focus::Remove;
            }
            match part_of(e) {
                Part::Roles => Focus::Roles,
                Part::Account | Part::Email => Focus::Members,
                _ => Focus::Apply,
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
}

impl DirectDialog {
    fn own_bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        let (kind, list) = match self.check.focus() {
            Focus::Members if self.members.is_typing() => (
                PartKind::Searching,
                self.members.bindings(keymap, None, false),
            ),
            Focus::Members => (
                PartKind::List,
                self.members.bindings(keymap, Some("choose"), false),
            ),
            Focus::Roles if self.roles.is_typing() => (
                PartKind::Searching,
                self.roles.bindings(keymap, None, false),
            ),
            Focus::Roles => (
                PartKind::List,
                self.roles.bindings(keymap, Some("apply"), true),
            ),
            Focus::Apply | Focus::Remove => (PartKind::Button, Vec::new()),
        };
        let mut list = list;
        if kind != PartKind::Searching {
            list.push(Binding::overlay(keymap, OverlayAction::Remove).says("remove direct access"));
        }
        let submit = if self.check.focus() == Focus::Remove {
            "remove"
        } else {
            "apply"
        };
        keys::bindings(keymap, kind, list, submit)
    }
}

#[cfg(test)]
mod tests;
