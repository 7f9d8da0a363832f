//! The custom policy editor: name (new policies only), description, and the methods as
//! a tree grouped by the system policy that contains them (a method in several system
//! policies appears under each and is ticked everywhere at once), with search and a
//! "selected only" filter. Builds `AddPolicy` or `EditPolicy`.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::widgets::{
    FieldNav, Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_line, error_text, field_line,
    field_nav, is_ctrl, leaves_text_field, render_around, section_line, tidy_hints,
};
use super::{Dialog, DialogCtx, DrawCtx};
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
        match e {
            Error::Validation { field, .. } => match field.as_str() {
                "policy name" => name,
                "description" => Focus::Description,
                "methods" | "method" => Focus::Methods,
                _ => Focus::Apply,
            },
            Error::Duplicate(_) | Error::ReadOnly(_) => name,
            Error::NotFound { what: "method", .. } => Focus::Methods,
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
        let order = self.order();
        let n = order.len();
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = order[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
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

impl Dialog for PolicyDialog {
    fn title(&self) -> String {
        match &self.editing {
            None => "New custom policy".into(),
            Some(n) => format!("Edit policy {n}"),
        }
    }

    fn size(&self, screen: Rect) -> (u16, u16) {
        (
            screen.width.saturating_sub(4).min(100),
            screen.height.saturating_sub(5),
        )
    }

    fn paint(&self, ctx: &DrawCtx<'_>, area: Rect, buf: &mut Buffer, fit: &mut Fit) {
        let t = ctx.theme;
        let mut top = Vec::new();
        if self.editing.is_none() {
            top.push(field_line(
                t,
                "Name",
                &self.name,
                self.focus == Focus::Name,
                area.width,
                "unique among your policies",
            ));
            if let Some(e) = self.error_for(Focus::Name) {
                top.push(error_line(t, e));
            }
        }
        top.push(field_line(
            t,
            "Description",
            &self.description,
            self.focus == Focus::Description,
            area.width,
            "optional",
        ));
        if let Some(e) = self.error_for(Focus::Description) {
            top.push(error_line(t, e));
        }
        top.push(section_line(
            t,
            "Methods",
            self.focus == Focus::Methods,
            vec![
                Span::raw(format!("{} ticked  ", self.chosen().len())),
                Span::styled(self.methods.status(), t.dim()),
            ],
        ));
        let mut bottom = Vec::new();
        if let Some(e) = self.error_for(Focus::Methods) {
            bottom.push(error_line(t, e));
        }
        bottom.push(self.apply_line(t));
        let focused = self.focus == Focus::Methods;
        render_around(top, bottom, area, buf, |middle, buf| {
            fit.at("methods", middle);
            self.methods
                .render(t, middle, buf, focused, &|_| Vec::new());
        });
    }

    fn fit(&mut self, fit: &Fit) {
        if let Some(r) = fit.get("methods") {
            self.methods.fit(r);
        }
    }

    fn handle(&mut self, key: KeyEvent, ctx: &mut DialogCtx<'_>) -> Effect {
        if is_ctrl(&key, 'c') {
            return Effect::Close;
        }
        if is_ctrl(&key, 's') {
            return self.submit(ctx);
        }
        let mut used = false;
        match self.focus {
            Focus::Name | Focus::Description => {
                if !leaves_text_field(&key) {
                    let input = if self.focus == Focus::Name {
                        &mut self.name
                    } else {
                        &mut self.description
                    };
                    used = input.handle(&key);
                    self.touched |= used;
                }
            }
            Focus::Methods => match self.methods.handle(&key) {
                TreeEvent::Ignored => {}
                TreeEvent::Ticked => {
                    self.touched = true;
                    used = true;
                }
                TreeEvent::Activate(k @ MethodKey::Policy(_)) => {
                    self.methods.toggle_fold(k);
                    used = true;
                }
                TreeEvent::Activate(k @ MethodKey::Method(_)) => {
                    let on = !self.methods.is_ticked(&k);
                    self.methods.set_tick(&k, on);
                    self.touched = true;
                    used = true;
                }
                TreeEvent::Handled | TreeEvent::Disabled(_) => used = true,
            },
            Focus::Apply => {}
        }
        if !used {
            match field_nav(
                &key,
                self.focus != Focus::Methods,
                self.focus == Focus::Apply,
            ) {
                FieldNav::Next => self.step_focus(true),
                FieldNav::Prev => self.step_focus(false),
                FieldNav::Apply => return self.submit(ctx),
                FieldNav::Cancel => return Effect::Close,
                FieldNav::Other => {}
            }
        }
        self.revalidate(ctx);
        Effect::None
    }

    fn paste(&mut self, text: &str, ctx: &mut DialogCtx<'_>) {
        let line = text.lines().next().unwrap_or("");
        match self.focus {
            Focus::Name => self.name.insert(line),
            Focus::Description => self.description.insert(line),
            Focus::Methods => {
                self.methods.paste(text);
                return;
            }
            Focus::Apply => return,
        }
        self.touched = true;
        self.revalidate(ctx);
    }

    fn hints(&self) -> Vec<(&'static str, &'static str)> {
        tidy_hints(self.hint_list())
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
mod tests {
    use super::*;
    use crate::tui::dialogs::testkit::{Driver, render_everywhere};
    use KeyCode::{Enter, Esc, Tab};
    use ratatui::crossterm::event::KeyCode;

    fn search(dr: &mut Driver, d: &mut PolicyDialog, text: &str) {
        dr.keys(d, &[KeyCode::Char('/')]);
        dr.typ(d, text);
        dr.keys(d, &[Enter]);
    }

    fn method(name: &str) -> MethodKey {
        MethodKey::Method(Catalogue::get().method(name).expect("method"))
    }

    #[test]
    fn a_new_policy_from_searched_methods() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = PolicyDialog::new(dr.engine.platform(), None);
        dr.typ(&mut d, "Starter");
        dr.keys(&mut d, &[Tab, Tab]);
        search(&mut dr, &mut d, "StartEnv");
        assert_eq!(
            d.methods.current_key(),
            Some(method("env.control.StartEnv"))
        );
        dr.keys(&mut d, &[KeyCode::Char(' '), Esc]);
        // Space on a system policy ticks all its methods.
        search(&mut dr, &mut d, "logs.view");
        assert!(matches!(
            d.methods.current_key(),
            Some(MethodKey::Policy(_))
        ));
        dr.keys(&mut d, &[KeyCode::Char(' ')]);
        let cmd = dr.submit(&mut d);
        assert_eq!(
            cmd,
            Command::AddPolicy {
                name: "Starter".into(),
                methods: vec!["env.control.StartEnv".into(), "env.control.GetLogs".into()],
                description: None,
            }
        );
    }

    #[test]
    fn editing_keeps_the_methods_and_errors_show() {
        let mut dr = Driver::new("olga@acme.io");
        let p = dr.engine.platform();
        let id = p
            .custom_policy_by_name(dr.me, "Ship Releases")
            .expect("custom policy");
        let methods = p.policy_row(crate::engine::PolicyRef::Custom(id)).methods;
        let mut d = PolicyDialog::new(p, Some(id));
        match d.command() {
            Command::EditPolicy {
                methods: Some(m), ..
            } => {
                let mut a = m.clone();
                a.sort();
                let mut b = methods.clone();
                b.sort();
                assert_eq!(a, b);
            }
            other => panic!("{other:?}"),
        }
        // Untick everything: the engine refuses, beside the methods.
        dr.keys(&mut d, &[KeyCode::Char('s')]);
        for _ in 0..40 {
            let Some(k) = d.methods.current_key() else {
                break;
            };
            if d.methods.is_ticked(&k) {
                dr.keys(&mut d, &[KeyCode::Char(' ')]);
            } else {
                dr.keys(&mut d, &[KeyCode::Down]);
            }
        }
        assert!(
            dr.press(&mut d, crate::tui::dialogs::testkit::ctrl('s'))
                .is_none()
        );
        let text = dr.render(&d, 120, 40);
        assert!(
            text.contains("a policy needs at least one method"),
            "{text}"
        );
        render_everywhere(&d, &dr.engine, Some(dr.me));
    }

    #[test]
    fn duplicate_names_are_refused_beside_the_name() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = PolicyDialog::new(dr.engine.platform(), None);
        dr.typ(&mut d, "env.startstop");
        assert!(dr.render(&d, 100, 20).contains("system policy"));
        render_everywhere(&d, &dr.engine, Some(dr.me));
    }
}
