//! The custom policy editor: name (new policies only), description, and the methods as
//! a tree grouped by the system policy that contains them (a method in several system
//! policies appears under each and is ticked everywhere at once), with search and a
//! "selected only" filter. Builds `AddPolicy` or `EditPolicy`.

mod dialog;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::widgets::{
    FieldNav, Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_line, error_text, field_line,
    field_nav, is_ctrl, leaves_text_field, render_around, section_line, tidy_hints,
};
use super::{Dialog, DialogCtx, DrawCtx, Part, part_of};
use crate::engine::{Catalogue, Command, CustomPolicyId, Error, MethodId, Platform};
use crate::tui::component::Effect;
use crate::tui::input::TextInput;
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
    focus: Focus,
    verdict: Option<(Focus, String)>,
    checked: bool,
    touched: bool,
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
            focus: Focus::Name,
            verdict: None,
            checked: false,
            touched: false,
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
            d.focus = Focus::Methods;
        }
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

    pub fn command(&self) -> Command {
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

    fn part_of(&self, e: &Error) -> Focus {
        let name = if self.editing.is_none() {
            Focus::Name
        } else {
            Focus::Apply
        };
        match part_of(e) {
            Part::Name | Part::Identity => name,
            Part::Description => Focus::Description,
            Part::Methods => Focus::Methods,
            _ => Focus::Apply,
        }
    }

    fn revalidate(&mut self, ctx: &mut DialogCtx<'_>) {
        self.checked = true;
        let cmd = self.command();
        self.verdict = ctx
            .validate(&cmd)
            .err()
            .map(|e| (self.part_of(&e), error_text(&e)));
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
        self.focus = super::cycle(self.order(), self.focus, forward);
    }

    fn error_for(&self, part: Focus) -> Option<&str> {
        match &self.verdict {
            Some((p, msg)) if *p == part && self.touched => Some(msg),
            _ => None,
        }
    }

    fn apply_line(&self, t: &Theme) -> Line<'static> {
        let tail = match &self.verdict {
            Some((Focus::Apply, msg)) if self.touched => {
                vec![Span::styled(format!("✕ {msg}"), t.error())]
            }
            None if self.checked => vec![Span::styled("✓ ready: Ctrl-s applies", t.ok())],
            _ if !self.touched => vec![Span::styled(
                "name it and tick methods, then Ctrl-s",
                t.dim(),
            )],
            _ => Vec::new(),
        };
        buttons_line(t, &[("Apply", self.focus == Focus::Apply, true)], tail)
    }

    fn common_hints(v: &mut Vec<(&'static str, &'static str)>) {
        v.push(("Tab S-Tab", "field"));
        v.push(("^S", "apply"));
        v.push(("Esc ^C", "cancel"));
    }
}

impl PolicyDialog {
    fn hint_list(&self) -> Vec<(&'static str, &'static str)> {
        let mut v = Vec::new();
        match self.focus {
            Focus::Name | Focus::Description => {
                v.push(("Enter ↑↓", "field"));
                Self::common_hints(&mut v);
            }
            Focus::Methods => {
                if self.methods.is_typing() {
                    return self.methods.hints();
                }
                v.push(("Space", "tick"));
                v.push(("Enter", "tick/fold"));
                Self::common_hints(&mut v);
                v.extend(self.methods.hints());
            }
            Focus::Apply => {
                v.push(("Enter", "apply"));
                Self::common_hints(&mut v);
            }
        }
        v
    }
}

#[cfg(test)]
mod tests;
