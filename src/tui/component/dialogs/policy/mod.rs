//! The custom policy editor: name (new policies only), description, and the methods as
//! a tree grouped by the system policy that contains them (a method in several system
//! policies appears under each and is ticked everywhere at once), with search and a
//! "selected only" filter. Builds `AddPolicy` or `EditPolicy`.

mod dialog;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::check::Check;
use super::keys::{self, PartKind};
use super::widgets::{
    Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_lines, field_lines, render_around,
    section_line,
};
use super::{Dialog, DrawCtx, Part, part_of};
use crate::engine::{Catalogue, Command, CustomPolicyId, Error, MethodId, Platform};
use crate::tui::component::{Binding, Ctx, Effect};
use crate::tui::input::TextInput;
use crate::tui::keys::Keymap;
use crate::tui::theme::Theme;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    Name,
    Description,
    Methods,
    Apply,
}

/// A row of the method tree: a system policy (a group) or a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MethodKey {
    Policy(u16),
    Method(MethodId),
}

pub struct PolicyDialog {
    /// The policy's name when editing; `None` for a new one.
    editing: Option<String>,
    name: TextInput,
    description: TextInput,
    methods: Tree<MethodKey>,
    check: Check<Focus>,
}

fn method_nodes() -> Vec<Node<MethodKey>> {
    let cat = Catalogue::get();
    let mut nodes = Vec::new();
    for (i, pol) in cat.policies.iter().enumerate() {
        let Ok(i) = u16::try_from(i) else {
            break;
        };
        nodes.push(
            Node::new(MethodKey::Policy(i), 0, pol.id.clone())
                .tick(Tick::Group)
                .heading()
                .detail(format!("{} · {}", pol.name, pol.category)),
        );
        for m in &pol.methods {
            let mut node = Node::new(MethodKey::Method(*m), 1, cat.method_name(*m));
            if let Some(action) = cat.action_name(*m) {
                node = node.detail(format!("action: {action}"));
            }
            nodes.push(node);
        }
    }
    nodes
}

impl PolicyDialog {
    pub fn new(p: &Platform, policy: Option<CustomPolicyId>) -> PolicyDialog {
        let mut methods = Tree::new(method_nodes());
        let mut d = PolicyDialog {
            editing: None,
            name: TextInput::default(),
            description: TextInput::default(),
            methods: Tree::new(Vec::new()),
            check: Check::new(Vec::new(), Focus::Name),
        };
        let cat = Catalogue::get();
        if let Some(id) = policy {
            let rec = p.custom_policy(id);
            d.editing = Some(rec.name.clone());
            d.name = TextInput::new(&rec.name);
            d.description = TextInput::new(&rec.description);
            for m in &rec.methods {
                methods.set_tick(&MethodKey::Method(*m), true);
            }
            d.check.set_focus(Focus::Methods);
        }
        d.check.set_order(d.order().to_vec());
        // Fold the system policies that hold none of the ticked methods.
        for (i, pol) in cat.policies.iter().enumerate() {
            let Ok(i) = u16::try_from(i) else {
                break;
            };
            let any = pol
                .methods
                .iter()
                .any(|m| methods.is_ticked(&MethodKey::Method(*m)));
            if !any {
                methods.collapse(MethodKey::Policy(i), true);
            }
        }
        d.methods = methods;
        d
    }

    fn order(&self) -> &'static [Focus] {
        if self.editing.is_none() {
            &[
                Focus::Name,
                Focus::Description,
                Focus::Methods,
                Focus::Apply,
            ]
        } else {
            &[Focus::Description, Focus::Methods, Focus::Apply]
        }
    }

    fn chosen(&self) -> Vec<String> {
        let cat = Catalogue::get();
        let mut ids: Vec<MethodId> = self
            .methods
            .ticked
            .iter()
            .filter_map(|k| match k {
                MethodKey::Method(m) => Some(*m),
                MethodKey::Policy(_) => None,
            })
            .collect();
        ids.sort_unstable();
        ids.into_iter()
            .map(|m| cat.method_name(m).to_string())
            .collect()
    }

    pub fn values_command(&self) -> Command {
        let description = self.description.value.clone();
        match &self.editing {
            None => Command::AddPolicy {
                name: self.name.value.clone(),
                methods: self.chosen(),
                description: (!description.is_empty()).then_some(description),
            },
            Some(name) => Command::EditPolicy {
                name: name.clone(),
                methods: Some(self.chosen()),
                description: Some(description),
            },
        }
    }

    /// Where a refusal goes (a new policy's name; an edited one's is fixed).
    fn route(&self) -> impl Fn(&Error) -> Focus + use<> {
        let name = if self.editing.is_none() {
            Focus::Name
        } else {
            Focus::Apply
        };
        move |e| match part_of(e) {
            Part::Name | Part::Identity => name,
            Part::Description => Focus::Description,
            Part::Methods => Focus::Methods,
            _ => Focus::Apply,
        }
    }

    fn apply_line(&self, t: &Theme) -> Line<'static> {
        let tail = self.check.status(
            t,
            Focus::Apply,
            "apply",
            "name it and tick methods, then apply",
        );
        buttons_line(
            t,
            &[("Apply", self.check.focus() == Focus::Apply, true)],
            tail,
        )
    }

    fn own_bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        let (kind, list) = match self.check.focus() {
            Focus::Name | Focus::Description => (PartKind::Text, Vec::new()),
            Focus::Methods if self.methods.is_typing() => (
                PartKind::Searching,
                self.methods.bindings(keymap, None, false),
            ),
            Focus::Methods => (
                PartKind::List,
                self.methods.bindings(keymap, Some("tick or fold"), true),
            ),
            Focus::Apply => (PartKind::Button, Vec::new()),
        };
        keys::bindings(keymap, kind, list, "apply")
    }
}

#[cfg(test)]
mod tests;
