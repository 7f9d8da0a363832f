//! A new environment: name, cloudlets, the owner to create it for (the signed-in
//! account, plus every owner where it is an active member) and the groups of that
//! owner it sees, with the owner's quota. Groups where a member lacks
//! `env.control.CreateEnvironment` are shown dimmed and cannot be ticked. Builds
//! `CreateEnv`.

mod dialog;
use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::check::Check;
use super::keys::{self, PartKind};
use super::widgets::{
    Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_lines, field_line, render_lines,
    section_line, take_bottom, take_top,
};
use super::{Dialog, DrawCtx, Part, part_of};
use crate::engine::{
    AccountId, CollabStatus, Command, DEFAULT_CLOUDLETS, Error, GroupId, Platform, cmp_ci,
};
use crate::tui::component::{Binding, Ctx, Effect};
use crate::tui::input::TextInput;
use crate::tui::keys::Keymap;
use crate::tui::theme::Theme;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    Name,
    Cloudlets,
    Owner,
    Groups,
    Apply,
}

const CREATE: &str = "env.control.CreateEnvironment";

pub struct NewEnvDialog {
    me: Option<AccountId>,
    me_email: Option<String>,
    name: TextInput,
    cloudlets: TextInput,
    /// Owner emails; the row under the cursor is the chosen owner.
    owners: Tree<String>,
    /// The owner the group tree was built for.
    groups_for: Option<String>,
    groups: Tree<String>,
    root_allowed: bool,
    check: Check<Focus>,
    note: Option<String>,
    /// The chosen owner's limit of cloudlets per environment, which a refusal of a
    /// count out of range names (kept up to date with every key).
    limit: u32,
}

/// Whether `me` may create on `owner`'s account in `group` (`None`: the root).
/// Whether `me` may create an environment on `owner`'s account in `group` (or at its
/// root): the engine's answer (`Intent::CreateEnv`).
fn may_create(
    p: &Platform,
    me: Option<AccountId>,
    owner: AccountId,
    group: Option<GroupId>,
) -> bool {
    me.is_some_and(|me| {
        p.may(me, &crate::engine::Intent::CreateEnv { owner, group })
            .is_ok()
    })
}

/// The group `g` and the groups below it that `seen` holds (`None`: all of them).
fn group_nodes(
    p: &Platform,
    me: Option<AccountId>,
    owner: AccountId,
    seen: Option<&BTreeSet<GroupId>>,
    g: GroupId,
    depth: u16,
    out: &mut Vec<Node<String>>,
) {
    if seen.is_some_and(|s| !s.contains(&g)) {
        return;
    }
    let group = p.group(g);
    let ok = may_create(p, me, owner, Some(g));
    out.push(
        Node::new(group.path.clone(), depth, group.name.clone())
            .enabled(ok)
            .detail(if ok { "" } else { "no create permission here" })
            .searchable(&group.path),
    );
    let mut children: Vec<GroupId> = p.children_of(g).collect();
    children.sort_by(|a, b| cmp_ci(&p.group(*a).name, &p.group(*b).name));
    for c in children {
        group_nodes(p, me, owner, seen, c, depth + 1, out);
    }
}

impl NewEnvDialog {
    pub fn new(p: &Platform, me: Option<AccountId>, group: Option<GroupId>) -> NewEnvDialog {
        let mut owners: Vec<AccountId> = me.into_iter().collect();
        let mut others: Vec<AccountId> = me
            .map(|m| {
                p.collabs_of_member(m)
                    .filter(|c| p.collab(*c).status == CollabStatus::Active)
                    .map(|c| p.collab(c).owner)
                    .collect()
            })
            .unwrap_or_default();
        others.sort_by(|a, b| cmp_ci(&p.account(*a).email, &p.account(*b).email));
        owners.extend(others);
        let nodes = owners
            .iter()
            .map(|o| {
                let email = p.account(*o).email.clone();
                let who = if Some(*o) == me { "you" } else { "as a member" };
                Node::new(email.clone(), 0, email)
                    .tick(Tick::None)
                    .detail(who)
            })
            .collect();
        let mut owners_tree = Tree::new(nodes);
        owners_tree.empty_text = "sign in first".into();
        let mut d = NewEnvDialog {
            me,
            me_email: me.map(|m| p.account(m).email.clone()),
            name: TextInput::default(),
            cloudlets: TextInput::new(&DEFAULT_CLOUDLETS.to_string()),
            owners: owners_tree,
            groups_for: None,
            groups: Tree::new(Vec::new()),
            root_allowed: false,
            check: Check::new(Vec::new(), Focus::Name),
            note: None,
            limit: 0,
        };
        d.check.set_order(d.order().to_vec());
        if let Some(g) = group {
            let email = p.account(p.group(g).owner).email.clone();
            d.owners.select(&email);
        }
        d.load_groups(p);
        if let Some(g) = group {
            let path = p.group(g).path.clone();
            if d.groups.nodes().iter().any(|n| n.key == path && n.enabled) {
                d.groups.set_tick(&path, true);
            }
        }
        d
    }

    fn owner(&self, p: &Platform) -> Option<AccountId> {
        self.owners
            .current_key()
            .and_then(|email| p.account_by_email(&email))
    }

    /// Rebuilds the group tree when the chosen owner changed.
    fn load_groups(&mut self, p: &Platform) {
        self.limit = self.limit(p);
        let chosen = self.owners.current_key();
        if chosen == self.groups_for {
            return;
        }
        self.groups_for = chosen;
        let mut nodes = Vec::new();
        self.root_allowed = false;
        if let Some(owner) = self.owner(p) {
            let mut roots: Vec<GroupId> = p
                .groups_of(owner)
                .filter(|g| p.group(*g).parent.is_none())
                .collect();
            roots.sort_by(|a, b| cmp_ci(&p.group(*a).name, &p.group(*b).name));
            // A member is offered only the groups it sees: the others read as absent
            // to the engine too; their parents are seen when they are.
            let seen = self.me.map(|m| p.groups_seen(m, owner));
            for g in roots {
                group_nodes(p, self.me, owner, seen.as_ref(), g, 0, &mut nodes);
            }
            self.root_allowed = may_create(p, self.me, owner, None);
        }
        self.groups = Tree::new(nodes);
        let runs = self
            .owner(p)
            .is_some_and(|o| self.me.is_some_and(|m| p.runs_account(m, o)));
        self.groups.empty_text = if runs {
            "the owner has no groups: the environment goes to the root"
        } else {
            "no group of the owner's that you see: the environment goes to the root"
        }
        .into();
    }

    fn cloudlets(&self) -> Result<Option<u32>, Error> {
        let raw = self.cloudlets.value.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        crate::engine::validate::typed_cloudlets(raw, self.limit).map(Some)
    }

    /// The chosen owner's limit of cloudlets per environment, as `p` holds it.
    fn limit(&self, p: &Platform) -> u32 {
        self.owner(p)
            .map_or(0, |o| p.account(o).max_cloudlets_per_env)
    }

    fn build(&self) -> Result<Command, Error> {
        Ok(Command::CreateEnv {
            name: self.name.value.clone(),
            owner: self
                .owners
                .current_key()
                .filter(|email| Some(email) != self.me_email.as_ref()),
            groups: self.groups.ticked_in_order(),
            cloudlets: self.cloudlets()?,
        })
    }

    fn part_of(e: &Error) -> Focus {
        match part_of(e) {
            Part::Name | Part::Identity => Focus::Name,
            Part::Cloudlets => Focus::Cloudlets,
            Part::Groups | Part::Permission => Focus::Groups,
            Part::Quota | Part::Account => Focus::Owner,
            _ => Focus::Apply,
        }
    }

    fn multiple_owners(&self) -> bool {
        self.owners.nodes().len() > 1
    }

    fn order(&self) -> &'static [Focus] {
        if self.multiple_owners() {
            &[
                Focus::Name,
                Focus::Cloudlets,
                Focus::Owner,
                Focus::Groups,
                Focus::Apply,
            ]
        } else {
            &[Focus::Name, Focus::Cloudlets, Focus::Groups, Focus::Apply]
        }
    }

    fn quota(&self, p: &Platform) -> String {
        match self.owner(p) {
            Some(o) => {
                let a = p.account(o);
                format!(
                    "{} of {} environments used",
                    p.env_count(o),
                    a.max_environments
                )
            }
            None => String::new(),
        }
    }

    fn apply_line(&self, t: &Theme) -> Line<'static> {
        let tail = self
            .check
            .status(t, "create it", "type a name, then create");
        buttons_line(
            t,
            &[("Create", self.check.focus() == Focus::Apply, true)],
            tail,
        )
    }

    fn own_bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        let (kind, list) = match self.check.focus() {
            Focus::Name | Focus::Cloudlets => (PartKind::Text, Vec::new()),
            Focus::Owner if self.owners.is_typing() => (
                PartKind::Searching,
                self.owners.bindings(keymap, None, false),
            ),
            Focus::Owner => (
                PartKind::List,
                self.owners.bindings(keymap, Some("next"), false),
            ),
            Focus::Groups if self.groups.is_typing() => (
                PartKind::Searching,
                self.groups.bindings(keymap, None, false),
            ),
            Focus::Groups => (
                PartKind::List,
                self.groups.bindings(keymap, Some("tick"), true),
            ),
            Focus::Apply => (PartKind::Button, Vec::new()),
        };
        keys::bindings(keymap, kind, list, "create")
    }
}

#[cfg(test)]
mod tests;
