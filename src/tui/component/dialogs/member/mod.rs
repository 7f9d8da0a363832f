//! Invite or edit a member: email (invite only), display name, and the shared items as
//! a tree: *Environments* with every environment of the owner, *Env Groups* with the
//! owner's group tree. Space ticks an item, Enter (or `r`) picks its own roles; the
//! roles an item would get without its own are shown dimmed beside it, computed with
//! the engine's own rule (section 4) on the entries as ticked so far. `n` creates a role
//! without leaving the dialog. Builds `InviteMember` or `EditMember`.

mod dialog;
mod edits;
mod picker;
use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::check::Check;
use super::keys::{self, PartKind};
use super::role::RoleDialog;
use super::widgets::{
    Fit, Node, Tree, TreeEvent, buttons_line, error_lines, field_line, field_lines, popup,
    render_lines, section_line, split_rows,
};
use super::{Dialog, DrawCtx, Part, part_of};
use crate::engine::{
    AccessLevel, AccountId, CollabId, CollabStatus, Collaboration, Command, Error, GroupId,
    GroupSource, Platform, ShareSpec, ShareTarget, TargetSpec, Timestamp, cmp_ci,
};
use crate::tui::component::{Binding, Ctx, Effect};
use crate::tui::input::TextInput;
use crate::tui::keys::{Keymap, OverlayAction};
use crate::tui::theme::Theme;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    Email,
    Name,
    Tree,
    Apply,
}

/// A shared item, by the names the engine's commands use (so a reload that removes
/// something leaves a name that no longer resolves, never a dangling id).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    AllEnvs,
    AllGroups,
    Group(String),
    Env(String),
}

impl Target {
    fn spec(&self) -> TargetSpec {
        match self {
            Target::AllEnvs => TargetSpec::AllEnvs,
            Target::AllGroups => TargetSpec::AllGroups,
            Target::Group(p) => TargetSpec::Group(p.clone()),
            Target::Env(n) => TargetSpec::Env(n.clone()),
        }
    }

    fn from_spec(spec: &TargetSpec) -> Target {
        match spec {
            TargetSpec::AllEnvs => Target::AllEnvs,
            TargetSpec::AllGroups => Target::AllGroups,
            TargetSpec::Group(p) => Target::Group(p.clone()),
            TargetSpec::Env(n) => Target::Env(n.clone()),
        }
    }

    fn from_share(p: &Platform, t: ShareTarget) -> Target {
        match t {
            ShareTarget::AllEnvs => Target::AllEnvs,
            ShareTarget::AllGroups => Target::AllGroups,
            ShareTarget::Group(g) => Target::Group(p.group(g).path.clone()),
            ShareTarget::Env(e) => Target::Env(p.env(e).name.clone()),
        }
    }

    /// The engine's target, if the named thing (still) exists on the owner.
    fn resolve(&self, p: &Platform, owner: AccountId) -> Option<ShareTarget> {
        match self {
            Target::AllEnvs => Some(ShareTarget::AllEnvs),
            Target::AllGroups => Some(ShareTarget::AllGroups),
            Target::Group(path) => p.group_by_path(owner, path).map(ShareTarget::Group),
            Target::Env(name) => p
                .env_by_name(name)
                .filter(|e| p.env(*e).owner == owner)
                .map(ShareTarget::Env),
        }
    }

    fn title(&self) -> String {
        match self {
            Target::AllEnvs => "Environments (all)".into(),
            Target::AllGroups => "Env Groups (all)".into(),
            Target::Group(p) => format!("group {p}"),
            Target::Env(n) => n.clone(),
        }
    }
}

/// The role picker for one item.
struct Picker {
    target: Target,
    list: Tree<String>,
}

pub struct MemberDialog {
    owner: Option<AccountId>,
    /// The owner by email: ids are renumbered when the file is reloaded, so a dialog
    /// that loads a newer record finds the owner again by it.
    owner_email: Option<String>,
    /// The owner's email when it is not the signed-in account (a delegate acting).
    owner_arg: Option<String>,
    /// Only the owner defines roles.
    may_define_roles: bool,
    /// The member's email when editing.
    editing: Option<String>,
    email: TextInput,
    name: TextInput,
    tree: Tree<Target>,
    /// Each item's own roles (kept only while the item is ticked).
    roles: BTreeMap<Target, Vec<String>>,
    picker: Option<Picker>,
    nested: Option<Box<RoleDialog>>,
    check: Check<Focus>,
    note: Option<String>,
}

fn group_nodes(p: &Platform, g: GroupId, depth: u16, out: &mut Vec<Node<Target>>) {
    let group = p.group(g);
    let envs = p.envs_in_group(g).count();
    out.push(
        Node::new(Target::Group(group.path.clone()), depth, group.name.clone())
            .detail(if envs == 0 {
                String::new()
            } else {
                format!("{envs} env")
            })
            .searchable(&group.path),
    );
    let mut children: Vec<GroupId> = p.children_of(g).collect();
    children.sort_by(|a, b| cmp_ci(&p.group(*a).name, &p.group(*b).name));
    for c in children {
        group_nodes(p, c, depth + 1, out);
    }
}

fn share_nodes(p: &Platform, owner: Option<AccountId>) -> Vec<Node<Target>> {
    let Some(owner) = owner else {
        return Vec::new();
    };
    let mut nodes = vec![
        Node::new(Target::AllEnvs, 0, "Environments")
            .heading()
            .detail("all environments: the base level"),
    ];
    let mut envs: Vec<_> = p.envs_of(owner).collect();
    envs.sort_by(|a, b| p.env(*a).name.cmp(&p.env(*b).name));
    for e in envs {
        let env = p.env(e);
        let mut groups: Vec<&str> = env
            .groups
            .iter()
            .map(|g| p.group(*g).path.as_str())
            .collect();
        groups.sort_by(|a, b| cmp_ci(a, b));
        nodes.push(
            Node::new(Target::Env(env.name.clone()), 1, env.name.clone()).detail(
                if groups.is_empty() {
                    "no group".to_string()
                } else {
                    groups.join(", ")
                },
            ),
        );
    }
    nodes.push(
        Node::new(Target::AllGroups, 0, "Env Groups")
            .heading()
            .detail("default roles of ticked groups"),
    );
    let mut roots: Vec<GroupId> = p
        .groups_of(owner)
        .filter(|g| p.group(*g).parent.is_none())
        .collect();
    roots.sort_by(|a, b| cmp_ci(&p.group(*a).name, &p.group(*b).name));
    for g in roots {
        group_nodes(p, g, 1, &mut nodes);
    }
    nodes
}

/// The owner's roles as a pick list, by name.
pub(super) fn role_nodes(p: &Platform, owner: Option<AccountId>) -> Vec<Node<String>> {
    let Some(owner) = owner else {
        return Vec::new();
    };
    let mut roles: Vec<_> = p.roles_of(owner).collect();
    roles.sort_by(|a, b| cmp_ci(&p.role(*a).name, &p.role(*b).name));
    roles
        .into_iter()
        .map(|r| {
            let role = p.role(r);
            let mut detail = format!("{} pol", role.policies.len());
            if role.notify {
                detail.push_str(" !notify");
            }
            if !role.description.is_empty() {
                detail.push_str("  ");
                detail.push_str(&role.description);
            }
            Node::new(role.name.clone(), 0, role.name.clone()).detail(detail)
        })
        .collect()
}

impl MemberDialog {
    /// Invite a member of `me` (`collab == None`, with `preset` ticked) or edit one.
    pub fn new(
        p: &Platform,
        me: Option<AccountId>,
        collab: Option<CollabId>,
        preset: &[ShareSpec],
    ) -> MemberDialog {
        let owner = collab.map(|c| p.collab(c).owner).or(me);
        MemberDialog::build(p, me, owner, collab, preset)
    }

    /// Invite a member of `owner` (the signed-in account or, for an account-wide
    /// delegate, the owner it acts for).
    pub fn invite_for(
        p: &Platform,
        me: Option<AccountId>,
        owner: AccountId,
        preset: &[ShareSpec],
    ) -> MemberDialog {
        MemberDialog::build(p, me, Some(owner), None, preset)
    }

    fn build(
        p: &Platform,
        me: Option<AccountId>,
        owner: Option<AccountId>,
        collab: Option<CollabId>,
        preset: &[ShareSpec],
    ) -> MemberDialog {
        let mut tree = Tree::new(share_nodes(p, owner));
        tree.empty_text = "the owner has no environments or groups yet".into();
        let mut d = MemberDialog {
            owner,
            owner_email: owner.map(|o| p.account(o).email.clone()),
            owner_arg: owner
                .filter(|o| Some(*o) != me)
                .map(|o| p.account(o).email.clone()),
            may_define_roles: owner.is_some() && owner == me,
            editing: None,
            email: TextInput::default(),
            name: TextInput::default(),
            tree,
            roles: BTreeMap::new(),
            picker: None,
            nested: None,
            check: Check::new(Vec::new(), Focus::Email),
            note: None,
        };
        match collab {
            Some(c) => {
                let rec = p.collab(c);
                d.editing = Some(p.account(rec.member).email.clone());
                d.name = TextInput::new(&rec.name);
                for (t, roles) in &rec.shares {
                    let target = Target::from_share(p, *t);
                    d.tree.set_tick(&target, true);
                    if !roles.is_empty() {
                        d.roles.insert(target, p.sorted_role_names(roles));
                    }
                }
                d.check.set_focus(Focus::Tree);
                if let Some(first) = d.tree.ticked_in_order().first() {
                    let first = first.clone();
                    d.tree.select(&first);
                }
            }
            None => {
                for spec in preset {
                    let target = Target::from_spec(&spec.target);
                    d.tree.set_tick(&target, true);
                    if !spec.roles.is_empty() {
                        d.roles.insert(target, spec.roles.clone());
                    }
                }
            }
        }
        d.check.set_order(d.order().to_vec());
        d
    }

    fn shares(&self) -> Vec<ShareSpec> {
        self.tree
            .ticked_in_order()
            .into_iter()
            .map(|t| ShareSpec {
                roles: self.roles.get(&t).cloned().unwrap_or_default(),
                target: t.spec(),
            })
            .collect()
    }

    /// The command the dialog's values make.
    pub fn values_command(&self) -> Command {
        let name = self.name.value.clone();
        match &self.editing {
            None => Command::InviteMember {
                owner: self.owner_arg.clone(),
                email: self.email.value.trim().to_string(),
                name: (!name.is_empty()).then_some(name),
                shares: self.shares(),
            },
            Some(email) => Command::EditMember {
                owner: self.owner_arg.clone(),
                email: email.clone(),
                name: Some(name),
                shares: Some(self.shares()),
            },
        }
    }

    /// Where a refusal goes (an edited member's email is fixed).
    fn route(&self) -> impl Fn(&Error) -> Focus + use<> {
        let email = if self.editing.is_none() {
            Focus::Email
        } else {
            Focus::Apply
        };
        move |e| match part_of(e) {
            Part::Email | Part::Identity => email,
            Part::Name => Focus::Name,
            Part::Shares | Part::Roles | Part::Groups | Part::Environment => Focus::Tree,
            _ => Focus::Apply,
        }
    }

    fn order(&self) -> &'static [Focus] {
        if self.editing.is_none() {
            &[Focus::Email, Focus::Name, Focus::Tree, Focus::Apply]
        } else {
            &[Focus::Name, Focus::Tree, Focus::Apply]
        }
    }

    fn apply_line(&self, t: &Theme) -> Line<'static> {
        let idle = if self.editing.is_none() {
            "type the email, tick items, then preview"
        } else {
            "tick items and pick roles, then preview"
        };
        let tail = self.check.status(t, "preview the change", idle);
        buttons_line(
            t,
            &[("Apply", self.check.focus() == Focus::Apply, true)],
            tail,
        )
    }

    fn own_bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        if let Some(nested) = &self.nested {
            return nested.bindings(keymap);
        }
        if let Some(picker) = &self.picker {
            if picker.list.is_typing() {
                return picker.list.bindings(keymap, None, false);
            }
            let mut v = picker.list.bindings(keymap, Some("done"), true);
            if self.may_define_roles {
                v.insert(
                    0,
                    Binding::overlay(keymap, OverlayAction::NewRole).says("new role"),
                );
            }
            v.push(Binding::overlay(keymap, OverlayAction::Dismiss).says("back"));
            return keys::shadowed(v);
        }
        let (kind, list) = match self.check.focus() {
            Focus::Email | Focus::Name => (PartKind::Text, Vec::new()),
            Focus::Tree if self.tree.is_typing() => {
                (PartKind::Searching, self.tree.bindings(keymap, None, false))
            }
            Focus::Tree => {
                let mut v = self.tree.bindings(keymap, Some("roles"), true);
                v.insert(
                    0,
                    Binding::overlay(keymap, OverlayAction::PickRoles).says("roles"),
                );
                if self.may_define_roles {
                    v.insert(
                        1,
                        Binding::overlay(keymap, OverlayAction::NewRole).says("new role"),
                    );
                }
                (PartKind::List, v)
            }
            Focus::Apply => (PartKind::Button, Vec::new()),
        };
        keys::bindings(keymap, kind, list, "preview")
    }
}

#[cfg(test)]
mod tests;
