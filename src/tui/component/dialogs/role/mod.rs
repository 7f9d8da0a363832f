//! The role editor: name, description, the notify toggle and the role's policies as a
//! category tree (system policies by catalogue category, the owner's custom policies
//! under *Custom*), with search and a "selected only" filter. Builds `AddRole` or
//! `EditRole`.

mod dialog;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::widgets::{
    FieldNav, Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_line, error_text, field_line,
    field_nav, is_ctrl, leaves_text_field, render_around, section_line, tidy_hints,
};
use super::{Dialog, DialogCtx, DrawCtx, Part, part_of};
use crate::engine::{AccountId, Catalogue, Command, Error, Platform, RoleId, cmp_ci};
use crate::tui::component::Effect;
use crate::tui::input::TextInput;

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
    name: TextInput,
    description: TextInput,
    notify: bool,
    policies: Tree<PolicyKey>,
    focus: Focus,
    /// The engine's verdict: the part it concerns and the message.
    verdict: Option<(Focus, String)>,
    checked: bool,
    touched: bool,
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
            name: TextInput::default(),
            description: TextInput::default(),
            notify: false,
            policies,
            focus: Focus::Name,
            verdict: None,
            checked: false,
            touched: false,
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
            d.focus = Focus::Policies;
        }
        d
    }

    /// The command the dialog's values make.
    pub fn command(&self) -> Command {
        let policies: Vec<String> = self
            .policies
            .ticked_in_order()
            .into_iter()
            .filter_map(|k| match k {
                PolicyKey::Policy(id) => Some(id),
                PolicyKey::Category(_) => None,
            })
            .collect();
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

    fn part_of(e: &Error) -> Focus {
        match part_of(e) {
            Part::Name | Part::Identity => Focus::Name,
            Part::Description => Focus::Description,
            Part::Policies => Focus::Policies,
            _ => Focus::Apply,
        }
    }

    fn revalidate(&mut self, ctx: &mut DialogCtx<'_>) {
        self.checked = true;
        self.verdict = ctx
            .validate(&self.command())
            .err()
            .map(|e| (Self::part_of(&e), error_text(&e)));
    }

    fn submit(&mut self, ctx: &mut DialogCtx<'_>) -> Effect {
        self.touched = true;
        self.revalidate(ctx);
        match &self.verdict {
            None => Effect::Submit(self.command()),
            Some((part, _)) => {
                self.focus = *part;
                Effect::None
            }
        }
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

    fn common_hints(v: &mut Vec<(&'static str, &'static str)>) {
        v.push(("Tab S-Tab", "field"));
        v.push(("^S", "apply"));
        v.push(("Esc ^C", "cancel"));
    }
}

impl RoleDialog {
    fn hint_list(&self) -> Vec<(&'static str, &'static str)> {
        let mut v = Vec::new();
        match self.focus {
            Focus::Name | Focus::Description => {
                v.push(("Enter ↑↓", "field"));
                Self::common_hints(&mut v);
            }
            Focus::Notify => {
                v.push(("Space Enter", "toggle"));
                v.push(("↑↓", "field"));
                Self::common_hints(&mut v);
            }
            Focus::Policies => {
                if self.policies.is_typing() {
                    return self.policies.hints();
                }
                v.push(("Space", "tick"));
                v.push(("Enter", "tick/fold"));
                Self::common_hints(&mut v);
                v.extend(self.policies.hints());
            }
            Focus::Apply => {
                v.push(("Enter", "apply"));
                Self::common_hints(&mut v);
            }
        }
        v
    }
}

impl RoleDialog {
    fn apply_line(&self, t: &crate::tui::theme::Theme) -> Line<'static> {
        let tail = match &self.verdict {
            Some((Focus::Apply, msg)) if self.touched => {
                vec![Span::styled(format!("✕ {msg}"), t.error())]
            }
            None if self.checked => vec![Span::styled("✓ ready: Ctrl-s applies", t.ok())],
            _ if !self.touched => vec![Span::styled(
                "fill in the name and tick policies, then Ctrl-s",
                t.dim(),
            )],
            _ => Vec::new(),
        };
        buttons_line(t, &[("Apply", self.focus == Focus::Apply, true)], tail)
    }
}

#[cfg(test)]
mod tests;
