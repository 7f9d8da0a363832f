//! The custom policy editor: name (new policies only), description, and the methods as
//! a tree grouped by the system policy that contains them (a method in several system
//! policies appears under each and is ticked everywhere at once), with search and a
//! "selected only" filter. Builds `AddPolicy` or `EditPolicy`.

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
    /// The edited policy's owner, by email (ids are renumbered when the file is
    /// reloaded).
    owner: Option<String>,
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
            owner: None,
            name: TextInput::default(),
            description: TextInput::default(),
            methods: Tree::new(Vec::new()),
            check: Check::new(Vec::new(), Focus::Name),
        };
        let cat = Catalogue::get();
        if let Some(id) = policy {
            let rec = p.custom_policy(id);
            d.editing = Some(rec.name.clone());
            d.owner = Some(p.account(rec.owner).email.clone());
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

    /// The policy being edited as `p` holds it, in the parts of
    /// [`PolicyDialog::own_parts`].
    fn edited(&self, p: &Platform) -> Option<Record> {
        let name = self.editing.as_ref()?;
        let cat = Catalogue::get();
        let parts = self
            .owner
            .as_deref()
            .and_then(|e| p.account_by_email(e))
            .and_then(|o| p.custom_policy_by_name(o, name))
            .map(|id| {
                let rec = p.custom_policy(id);
                let methods = rec.methods.iter().map(|m| cat.method_name(*m).to_string());
                policy_parts(&rec.description, methods)
            });
        Some(Record::new(format!("policy {name}"), parts))
    }

    /// The values as parts: the description and each ticked method.
    fn own_parts(&self) -> Parts {
        policy_parts(&self.description.value, self.chosen().into_iter())
    }

    /// Shows `parts` as the values.
    fn load_parts(&mut self, parts: &Parts) {
        let cat = Catalogue::get();
        let description = parts.get(DESCRIPTION).map_or("", String::as_str);
        if self.description.value != description {
            self.description = TextInput::new(description);
        }
        self.methods.set_ticks(
            parts
                .keys()
                .filter_map(|k| k.strip_prefix(METHOD))
                .filter_map(|m| cat.method(m))
                .map(MethodKey::Method),
        );
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
        let tail = self
            .check
            .status(t, "apply", "name it and tick methods, then apply");
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

const DESCRIPTION: &str = "description";
const METHOD: &str = "method ";

/// A custom policy's parts: its description and each method it grants.
fn policy_parts(description: &str, methods: impl Iterator<Item = String>) -> Parts {
    let mut parts = Parts::new();
    parts.insert(DESCRIPTION.to_string(), description.to_string());
    for m in methods {
        parts.insert(format!("{METHOD}{m}"), String::new());
    }
    parts
}

#[cfg(test)]
mod tests;
