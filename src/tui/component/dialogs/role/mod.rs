//! The role editor: name, description, the notify toggle and the role's policies as a
//! category tree (system policies by catalogue category, the owner's custom policies
//! under *Custom*), with search and a "selected only" filter. Builds `AddRole` or
//! `EditRole`.

mod dialog;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::basis::{Parts, Record};
use super::check::Check;
use super::keys::{self, PartKind};
use super::widgets::{
    Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_lines, field_lines, render_around,
    section_line,
};
use super::{Dialog, DrawCtx, Part, part_of};
use crate::engine::{AccountId, Catalogue, Command, Error, Platform, RoleId, cmp_ci};
use crate::tui::component::{Binding, Ctx, Effect};
use crate::tui::input::TextInput;
use crate::tui::keys::{Keymap, OverlayAction};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    Name,
    Description,
    Notify,
    Policies,
    Apply,
}

const ORDER: [Focus; 5] = [
    Focus::Name,
    Focus::Description,
    Focus::Notify,
    Focus::Policies,
    Focus::Apply,
];

/// A row of the policy tree: a category, or a policy by the id users write.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PolicyKey {
    Category(usize),
    Policy(String),
}

pub struct RoleDialog {
    /// The role's name before editing; `None` for a new role.
    orig: Option<String>,
    /// The role's owner, by email (ids are renumbered when the file is reloaded).
    owner: Option<String>,
    name: TextInput,
    description: TextInput,
    notify: bool,
    policies: Tree<PolicyKey>,
    check: Check<Focus>,
}

/// The policy tree for an owner: catalogue categories, then *Custom*.
fn policy_nodes(p: &Platform, owner: Option<AccountId>) -> Vec<Node<PolicyKey>> {
    let cat = Catalogue::get();
    let mut nodes = Vec::new();
    for (ci, name) in cat.categories().into_iter().enumerate() {
        nodes.push(
            Node::new(PolicyKey::Category(ci), 0, name.to_string())
                .tick(Tick::Group)
                .heading(),
        );
        for pol in cat.policies.iter().filter(|pol| pol.category == name) {
            let methods: Vec<&str> = pol.methods.iter().map(|m| cat.method_name(*m)).collect();
            nodes.push(
                Node::new(PolicyKey::Policy(pol.id.clone()), 1, pol.id.clone())
                    .detail(pol.name.clone())
                    .searchable(&pol.description)
                    .searchable(&methods.join(" ")),
            );
        }
    }
    if let Some(owner) = owner {
        let mut custom: Vec<_> = p.custom_policies_of(owner).collect();
        custom.sort_by(|a, b| cmp_ci(&p.custom_policy(*a).name, &p.custom_policy(*b).name));
        if !custom.is_empty() {
            nodes.push(
                Node::new(PolicyKey::Category(cat.categories().len()), 0, "Custom")
                    .tick(Tick::Group)
                    .heading(),
            );
            for id in custom {
                let cp = p.custom_policy(id);
                let methods: Vec<&str> = cp.methods.iter().map(|m| cat.method_name(*m)).collect();
                let detail = if cp.description.is_empty() {
                    format!("custom, {} method(s)", cp.methods.len())
                } else {
                    cp.description.clone()
                };
                nodes.push(
                    Node::new(PolicyKey::Policy(cp.name.clone()), 1, cp.name.clone())
                        .detail(detail)
                        .searchable(&methods.join(" ")),
                );
            }
        }
    }
    nodes
}

impl RoleDialog {
    /// A new role (`role == None`) or an existing one, for `owner` (the signed-in
    /// account: roles are defined by the owner alone).
    pub fn new(p: &Platform, owner: Option<AccountId>, role: Option<RoleId>) -> RoleDialog {
        let owner = role.map(|r| p.role(r).owner).or(owner);
        let mut policies = Tree::new(policy_nodes(p, owner));
        policies.empty_text = "no policies".into();
        let mut d = RoleDialog {
            orig: None,
            owner: owner.map(|o| p.account(o).email.clone()),
            name: TextInput::default(),
            description: TextInput::default(),
            notify: false,
            policies,
            check: Check::new(ORDER.to_vec(), Focus::Name),
        };
        if let Some(r) = role {
            let rec = p.role(r);
            d.orig = Some(rec.name.clone());
            d.name = TextInput::new(&rec.name);
            d.description = TextInput::new(&rec.description);
            d.notify = rec.notify;
            for pr in &rec.policies {
                let id = p.policy_id(*pr).to_string();
                d.policies.set_tick(&PolicyKey::Policy(id), true);
            }
            d.check.set_focus(Focus::Policies);
        }
        d
    }

    /// The ticked policies' ids, in the tree's order (categories left out).
    fn ticked_policies(&self) -> Vec<String> {
        self.policies
            .ticked_in_order()
            .into_iter()
            .filter_map(|k| match k {
                PolicyKey::Policy(id) => Some(id),
                PolicyKey::Category(_) => None,
            })
            .collect()
    }

    /// The command the dialog's values make.
    pub fn values_command(&self) -> Command {
        let policies = self.ticked_policies();
        let name = self.name.value.clone();
        let description = self.description.value.clone();
        match &self.orig {
            None => Command::AddRole {
                name,
                policies,
                description: (!description.is_empty()).then_some(description),
                notify: self.notify,
            },
            Some(orig) => Command::EditRole {
                name: orig.clone(),
                policies: Some(policies),
                rename: (&name != orig).then_some(name),
                description: Some(description),
                notify: Some(self.notify),
            },
        }
    }

    /// The role being edited as `p` holds it, in the parts of [`RoleDialog::parts`].
    fn edited(&self, p: &Platform) -> Option<Record> {
        let orig = self.orig.as_ref()?;
        let parts = self
            .owner
            .as_deref()
            .and_then(|e| p.account_by_email(e))
            .and_then(|o| p.role_by_name(o, orig))
            .map(|r| {
                let rec = p.role(r);
                let ticked = rec.policies.iter().map(|pr| p.policy_id(*pr).to_string());
                role_parts(&rec.description, rec.notify, ticked)
            });
        Some(Record::new(format!("role {orig}"), parts))
    }

    /// The values as parts: the description, notify, each ticked policy.
    fn own_parts(&self) -> Parts {
        role_parts(
            &self.description.value,
            self.notify,
            self.ticked_policies().into_iter(),
        )
    }

    /// Shows `parts` as the values, over the owner's policies as `p` holds them.
    fn load_parts(&mut self, p: &Platform, parts: &Parts) {
        let owner = self.owner.as_deref().and_then(|e| p.account_by_email(e));
        self.policies.set_nodes(policy_nodes(p, owner));
        let description = parts.get(DESCRIPTION).map_or("", String::as_str);
        if self.description.value != description {
            self.description = TextInput::new(description);
        }
        self.notify = parts.get(NOTIFY).is_some_and(|v| v == "on");
        self.policies.set_ticks(
            parts
                .keys()
                .filter_map(|k| k.strip_prefix(POLICY))
                .map(|id| PolicyKey::Policy(id.to_string())),
        );
    }

    fn part_of(e: &Error) -> Focus {
        match part_of(e) {
            Part::Name | Part::Identity => Focus::Name,
            Part::Description => Focus::Description,
            Part::Policies => Focus::Policies,
            _ => Focus::Apply,
        }
    }
}

const DESCRIPTION: &str = "description";
const NOTIFY: &str = "notify";
const POLICY: &str = "policy ";

/// A role's parts: its description, notify, and each policy it holds.
fn role_parts(description: &str, notify: bool, policies: impl Iterator<Item = String>) -> Parts {
    let mut parts = Parts::new();
    parts.insert(DESCRIPTION.to_string(), description.to_string());
    parts.insert(
        NOTIFY.to_string(),
        if notify { "on" } else { "off" }.to_string(),
    );
    for id in policies {
        parts.insert(format!("{POLICY}{id}"), String::new());
    }
    parts
}

impl RoleDialog {
    fn own_bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        let (kind, list) = match self.check.focus() {
            Focus::Name | Focus::Description => (PartKind::Text, Vec::new()),
            Focus::Notify => (PartKind::Toggle, Vec::new()),
            Focus::Policies if self.policies.is_typing() => (
                PartKind::Searching,
                self.policies.bindings(keymap, None, false),
            ),
            Focus::Policies => (
                PartKind::List,
                self.policies.bindings(keymap, Some("tick or fold"), true),
            ),
            Focus::Apply => (PartKind::Button, Vec::new()),
        };
        keys::bindings(keymap, kind, list, "apply")
    }

    fn apply_line(&self, t: &crate::tui::theme::Theme) -> Line<'static> {
        let tail = self
            .check
            .status(t, "apply", "fill in the name and tick policies, then apply");
        buttons_line(
            t,
            &[("Apply", self.check.focus() == Focus::Apply, true)],
            tail,
        )
    }
}

#[cfg(test)]
mod tests;
