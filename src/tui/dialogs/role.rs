//! The role editor: name, description, the notify toggle and the role's policies as a
//! category tree (system policies by catalogue category, the owner's custom policies
//! under *Custom*), with search and a "selected only" filter. Builds `AddRole` or
//! `EditRole`.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::widgets::{
    FieldNav, Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_line, error_text, field_line,
    field_nav, is_ctrl, leaves_text_field, render_around, section_line, tidy_hints,
};
use super::{Dialog, DialogCtx, DrawCtx};
use crate::engine::{AccountId, Catalogue, Command, Error, Platform, RoleId, cmp_ci};
use crate::tui::component::Effect;
use crate::tui::input::TextInput;
use crate::tui::panes::categories;

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
    let cats = categories();
    for (ci, name) in cats.iter().enumerate() {
        nodes.push(
            Node::new(PolicyKey::Category(ci), 0, name.clone())
                .tick(Tick::Group)
                .heading(),
        );
        for pol in cat.policies.iter().filter(|pol| &pol.category == name) {
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
                Node::new(PolicyKey::Category(cats.len()), 0, "Custom")
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
        match e {
            Error::Validation { field, .. } => match field.as_str() {
                "role name" => Focus::Name,
                "description" => Focus::Description,
                "policies" | "policy" => Focus::Policies,
                _ => Focus::Apply,
            },
            Error::Duplicate(_) => Focus::Name,
            Error::NotFound { what: "policy", .. } => Focus::Policies,
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
        let i = ORDER.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = ORDER.len();
        self.focus = ORDER[if forward {
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

    fn common_hints(&self, v: &mut Vec<(&'static str, &'static str)>) {
        v.push(("Tab S-Tab", "field"));
        v.push(("^S", "apply"));
        v.push(("Esc ^C", "cancel"));
    }
}

impl Dialog for RoleDialog {
    fn title(&self) -> String {
        match &self.orig {
            None => "New role".into(),
            Some(n) => format!("Edit role {n}"),
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
        let mut top = vec![field_line(
            t,
            "Name",
            &self.name,
            self.focus == Focus::Name,
            area.width,
            "unique among your roles; no + or =",
        )];
        if let Some(e) = self.error_for(Focus::Name) {
            top.push(error_line(t, e));
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
            "Notify",
            self.focus == Focus::Notify,
            vec![
                Span::styled(if self.notify { "[x] " } else { "[ ] " }, t.accent()),
                Span::styled("receives load alerts where the role applies", t.dim()),
            ],
        ));
        let count = self
            .policies
            .ticked_in_order()
            .iter()
            .filter(|k| matches!(k, PolicyKey::Policy(_)))
            .count();
        top.push(section_line(
            t,
            "Policies",
            self.focus == Focus::Policies,
            vec![
                Span::raw(format!("{count} ticked  ")),
                Span::styled(self.policies.status(), t.dim()),
            ],
        ));
        let mut bottom = Vec::new();
        if let Some(e) = self.error_for(Focus::Policies) {
            bottom.push(error_line(t, e));
        }
        bottom.push(self.apply_line(t));
        let focused = self.focus == Focus::Policies;
        render_around(top, bottom, area, buf, |middle, buf| {
            fit.at("policies", middle);
            self.policies
                .render(t, middle, buf, focused, &|_| Vec::new());
        });
    }

    fn fit(&mut self, fit: &Fit) {
        if let Some(r) = fit.get("policies") {
            self.policies.fit(r);
        }
    }

    fn handle(&mut self, key: KeyEvent, ctx: &mut DialogCtx<'_>) -> Effect {
        if is_ctrl(&key, 'c') {
            return Effect::Close;
        }
        if is_ctrl(&key, 's') {
            return self.submit(ctx);
        }
        let mut changed = false;
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
                    changed = used;
                }
            }
            Focus::Notify => {
                if key.code == KeyCode::Char(' ') {
                    self.notify = !self.notify;
                    used = true;
                    changed = true;
                }
            }
            Focus::Policies => match self.policies.handle(&key) {
                TreeEvent::Ignored => {}
                TreeEvent::Ticked => {
                    used = true;
                    changed = true;
                }
                TreeEvent::Activate(PolicyKey::Policy(id)) => {
                    let k = PolicyKey::Policy(id);
                    let on = !self.policies.is_ticked(&k);
                    self.policies.set_tick(&k, on);
                    used = true;
                    changed = true;
                }
                TreeEvent::Activate(k @ PolicyKey::Category(_)) => {
                    self.policies.toggle_fold(k);
                    used = true;
                }
                TreeEvent::Handled | TreeEvent::Disabled(_) => used = true,
            },
            Focus::Apply => {}
        }
        if !used && key.code == KeyCode::Enter && self.focus == Focus::Notify {
            self.notify = !self.notify;
            changed = true;
        } else if !used {
            match field_nav(
                &key,
                self.focus != Focus::Policies,
                self.focus == Focus::Apply,
            ) {
                FieldNav::Next => self.step_focus(true),
                FieldNav::Prev => self.step_focus(false),
                FieldNav::Apply => return self.submit(ctx),
                FieldNav::Cancel => return Effect::Close,
                FieldNav::Other => {}
            }
        }
        if changed {
            self.touched = true;
        }
        self.revalidate(ctx);
        Effect::None
    }

    fn paste(&mut self, text: &str, ctx: &mut DialogCtx<'_>) {
        let line = text.lines().next().unwrap_or("");
        match self.focus {
            Focus::Name => self.name.insert(line),
            Focus::Description => self.description.insert(line),
            Focus::Policies => {
                self.policies.paste(text);
                return;
            }
            _ => return,
        }
        self.touched = true;
        self.revalidate(ctx);
    }

    fn hints(&self) -> Vec<(&'static str, &'static str)> {
        tidy_hints(self.hint_list())
    }
}

impl RoleDialog {
    fn hint_list(&self) -> Vec<(&'static str, &'static str)> {
        let mut v = Vec::new();
        match self.focus {
            Focus::Name | Focus::Description => {
                v.push(("Enter ↑↓", "field"));
                self.common_hints(&mut v);
            }
            Focus::Notify => {
                v.push(("Space Enter", "toggle"));
                v.push(("↑↓", "field"));
                self.common_hints(&mut v);
            }
            Focus::Policies => {
                if self.policies.is_typing() {
                    return self.policies.hints();
                }
                v.push(("Space", "tick"));
                v.push(("Enter", "tick/fold"));
                self.common_hints(&mut v);
                v.extend(self.policies.hints());
            }
            Focus::Apply => {
                v.push(("Enter", "apply"));
                self.common_hints(&mut v);
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
mod tests {
    use super::*;
    use crate::tui::dialogs::testkit::{Driver, render_everywhere};
    use KeyCode::{Backspace, Enter, Tab};

    fn search(dr: &mut Driver, d: &mut RoleDialog, text: &str) {
        dr.keys(d, &[KeyCode::Char('/')]);
        dr.typ(d, text);
        dr.keys(d, &[Enter]);
    }

    #[test]
    fn a_new_role_with_two_policies_and_notify() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = RoleDialog::new(dr.engine.platform(), Some(dr.me), None);
        dr.typ(&mut d, "Auditor");
        dr.keys(&mut d, &[Tab]);
        dr.typ(&mut d, "reads costs");
        dr.keys(&mut d, &[Tab, KeyCode::Char(' '), Tab]);
        search(&mut dr, &mut d, "billing.view");
        assert_eq!(
            d.policies.current_key(),
            Some(PolicyKey::Policy("billing.view".into()))
        );
        dr.keys(&mut d, &[KeyCode::Char(' ')]);
        // The search also finds a policy by one of its methods.
        dr.keys(&mut d, &[KeyCode::Esc]);
        search(&mut dr, &mut d, "GetLogs");
        assert_eq!(
            d.policies.current_key(),
            Some(PolicyKey::Policy("logs.view".into()))
        );
        dr.keys(&mut d, &[Enter]);
        let cmd = dr.submit(&mut d);
        assert_eq!(
            cmd,
            Command::AddRole {
                name: "Auditor".into(),
                policies: vec!["logs.view".into(), "billing.view".into()],
                description: Some("reads costs".into()),
                notify: true,
            }
        );
    }

    #[test]
    fn errors_show_beside_the_name_and_the_policies() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = RoleDialog::new(dr.engine.platform(), Some(dr.me), None);
        dr.typ(&mut d, "A+B");
        let text = dr.render(&d, 100, 30);
        assert!(text.contains("must not contain '+' or '='"), "{text}");
        for _ in 0..3 {
            dr.keys(&mut d, &[Backspace]);
        }
        dr.typ(&mut d, "viewer");
        assert!(dr.render(&d, 100, 30).contains("DUPLICATE"));
        for _ in 0..6 {
            dr.keys(&mut d, &[Backspace]);
        }
        dr.typ(&mut d, "Fresh");
        let text = dr.render(&d, 100, 30);
        assert!(
            text.contains("a role needs at least one policy"),
            "no policy ticked:\n{text}"
        );
    }

    #[test]
    fn editing_renames_and_replaces_the_policies() {
        let mut dr = Driver::new("olga@acme.io");
        let p = dr.engine.platform();
        let viewer = p.role_by_name(dr.me, "Viewer").expect("Viewer");
        let before = p.role_row(viewer).policies;
        let mut d = RoleDialog::new(p, Some(dr.me), Some(viewer));
        // "selected only" shows the role's policies under their categories.
        dr.keys(&mut d, &[KeyCode::Char('s')]);
        let text = dr.render(&d, 100, 30);
        for pol in &before {
            assert!(text.contains(&format!("[x] {pol}")), "{text}");
        }
        assert!(
            !text
                .lines()
                .any(|l| l.contains("[ ] ") && !l.contains("Notify")),
            "{text}"
        );
        dr.keys(
            &mut d,
            &[
                KeyCode::Char('s'),
                KeyCode::BackTab,
                KeyCode::BackTab,
                KeyCode::BackTab,
            ],
        );
        dr.typ(&mut d, "s");
        let cmd = dr.submit(&mut d);
        match cmd {
            Command::EditRole {
                name,
                rename,
                policies: Some(policies),
                ..
            } => {
                assert_eq!(name, "Viewer");
                assert_eq!(rename.as_deref(), Some("Viewers"));
                let mut sorted = policies.clone();
                sorted.sort();
                let mut want = before.clone();
                want.sort();
                assert_eq!(sorted, want);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn custom_policies_are_listed_and_rendering_never_panics() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = RoleDialog::new(dr.engine.platform(), Some(dr.me), None);
        assert!(
            d.policies
                .nodes()
                .iter()
                .any(|n| n.key == PolicyKey::Policy("Ship Releases".into()))
        );
        render_everywhere(&d, &dr.engine, Some(dr.me));
        dr.keys(&mut d, &[Tab, Tab, Tab, KeyCode::Char('/')]);
        dr.typ(&mut d, "zzz");
        render_everywhere(&d, &dr.engine, Some(dr.me));
        assert!(dr.render(&d, 60, 12).contains("no match"));
    }
}
