//! A new environment: name, cloudlets, the owner to create it for (the signed-in
//! account, plus every owner where it is an active member) and the groups of that
//! owner where it may create, with the owner's quota. Groups where a member lacks
//! `env.control.CreateEnvironment` are shown dimmed and cannot be ticked. Builds
//! `CreateEnv`.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::widgets::{
    FieldNav, Fit, Node, Tick, Tree, TreeEvent, buttons_line, error_line, error_text, field_line,
    field_nav, is_ctrl, leaves_text_field, render_lines, section_line, take_bottom, take_top,
    tidy_hints,
};
use super::{Dialog, DialogCtx, DrawCtx};
use crate::engine::{
    AccountId, CollabStatus, Command, DEFAULT_CLOUDLETS, Error, GroupId, Platform, cmp_ci,
};
use crate::tui::component::Effect;
use crate::tui::input::TextInput;
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
    focus: Focus,
    verdict: Option<(Focus, String)>,
    checked: bool,
    touched: bool,
    note: Option<String>,
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

fn group_nodes(
    p: &Platform,
    me: Option<AccountId>,
    owner: AccountId,
    g: GroupId,
    depth: u16,
    out: &mut Vec<Node<String>>,
) {
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
        group_nodes(p, me, owner, c, depth + 1, out);
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
            focus: Focus::Name,
            verdict: None,
            checked: false,
            touched: false,
            note: None,
        };
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
            for g in roots {
                group_nodes(p, self.me, owner, g, 0, &mut nodes);
            }
            self.root_allowed = may_create(p, self.me, owner, None);
        }
        self.groups = Tree::new(nodes);
        self.groups.empty_text = "the owner has no groups: the environment goes to the root".into();
    }

    fn cloudlets(&self) -> Result<Option<u32>, String> {
        let raw = self.cloudlets.value.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<u32>()
            .map(Some)
            .map_err(|_| format!("cloudlets: '{raw}' is not a whole number"))
    }

    fn command(&self) -> Result<Command, String> {
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
        match e {
            Error::Validation { field, .. } => match field.as_str() {
                "environment name" => Focus::Name,
                "cloudlets" => Focus::Cloudlets,
                "group path" => Focus::Groups,
                _ => Focus::Apply,
            },
            Error::Duplicate(_) => Focus::Name,
            Error::QuotaExceeded(_)
            | Error::NotFound {
                what: "account", ..
            } => Focus::Owner,
            Error::NotFound { what: "group", .. } | Error::PermissionDenied { .. } => Focus::Groups,
            _ => Focus::Apply,
        }
    }

    fn revalidate(&mut self, ctx: &mut DialogCtx<'_>) {
        self.checked = true;
        self.verdict = match self.command() {
            Err(msg) => Some((Focus::Cloudlets, msg)),
            Ok(cmd) => ctx
                .validate(&cmd)
                .err()
                .map(|e| (Self::part_of(&e), error_text(&e))),
        };
    }

    fn submit(&mut self, ctx: &mut DialogCtx<'_>) -> Effect {
        self.touched = true;
        self.revalidate(ctx);
        match (&self.verdict, self.command()) {
            (None, Ok(cmd)) => Effect::Submit(cmd),
            (Some((part, _)), _) => {
                self.focus = *part;
                Effect::None
            }
            (None, Err(_)) => Effect::None,
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
        let tail = match &self.verdict {
            Some((Focus::Apply, msg)) if self.touched => {
                vec![Span::styled(format!("✕ {msg}"), t.error())]
            }
            None if self.checked => vec![Span::styled("✓ ready: Ctrl-s creates it", t.ok())],
            _ if !self.touched => vec![Span::styled("type a name, then Ctrl-s", t.dim())],
            _ => Vec::new(),
        };
        buttons_line(t, &[("Create", self.focus == Focus::Apply, true)], tail)
    }

    fn common_hints(v: &mut Vec<(&'static str, &'static str)>) {
        v.push(("Tab S-Tab", "field"));
        v.push(("^S", "create"));
        v.push(("Esc ^C", "cancel"));
    }
}

impl Dialog for NewEnvDialog {
    fn title(&self) -> String {
        "New environment".into()
    }

    fn size(&self, screen: Rect) -> (u16, u16) {
        let owners = if self.multiple_owners() {
            self.owners.nodes().len().min(4)
        } else {
            0
        };
        let rows = u16::try_from(owners + self.groups.nodes().len().max(6)).unwrap_or(u16::MAX);
        (
            screen.width.saturating_sub(4).min(90),
            rows.saturating_add(9).min(screen.height.saturating_sub(5)),
        )
    }

    fn paint(&self, ctx: &DrawCtx<'_>, area: Rect, buf: &mut Buffer, fit: &mut Fit) {
        let t = ctx.theme;
        let p = ctx.platform;
        let mut rest = area.intersection(buf.area);
        let mut top = vec![field_line(
            t,
            "Name",
            &self.name,
            self.focus == Focus::Name,
            area.width,
            "[a-z0-9-], 3 to 32 characters, unique on the platform",
        )];
        if let Some(e) = self.error_for(Focus::Name) {
            top.push(error_line(t, e));
        }
        let max = self
            .owner(p)
            .map(|o| p.account(o).max_cloudlets_per_env)
            .unwrap_or(0);
        top.push(field_line(
            t,
            "Cloudlets",
            &self.cloudlets,
            self.focus == Focus::Cloudlets,
            area.width,
            &format!("1 to {max}"),
        ));
        if let Some(e) = self.error_for(Focus::Cloudlets) {
            top.push(error_line(t, e));
        }
        let owner_email = self.owners.current_key().unwrap_or_default();
        top.push(section_line(
            t,
            "Owner",
            self.focus == Focus::Owner,
            vec![
                Span::raw(owner_email),
                Span::styled(format!("  {}", self.quota(p)), t.dim()),
            ],
        ));
        let top_area = take_top(&mut rest, top.len() as u16);
        render_lines(top, top_area, buf);
        if self.multiple_owners() {
            let h = (self.owners.nodes().len() as u16).min(4);
            let list = take_top(&mut rest, h);
            let list = Rect {
                x: list.x + 2,
                width: list.width.saturating_sub(2),
                ..list
            };
            fit.at("owners", list);
            self.owners
                .render(t, list, buf, self.focus == Focus::Owner, &|_| Vec::new());
        }
        if let Some(e) = self.error_for(Focus::Owner) {
            let r = take_top(&mut rest, 1);
            render_lines(vec![error_line(t, e)], r, buf);
        }
        let root = if self.root_allowed {
            Span::styled("none ticked: the account root (allowed)", t.dim())
        } else {
            Span::styled(
                "none ticked: the account root (not allowed: tick a group)",
                t.warn(),
            )
        };
        let head = take_top(&mut rest, 1);
        render_lines(
            vec![section_line(
                t,
                "Groups",
                self.focus == Focus::Groups,
                vec![
                    Span::raw(format!("{} ticked  ", self.groups.ticked.len())),
                    root,
                    Span::styled(format!("  {}", self.groups.status()), t.dim()),
                ],
            )],
            head,
            buf,
        );
        let mut bottom = Vec::new();
        if let Some(e) = self.error_for(Focus::Groups) {
            bottom.push(error_line(t, e));
        }
        if let Some(n) = &self.note {
            bottom.push(Line::styled(format!("  {n}"), t.warn()));
        }
        bottom.push(self.apply_line(t));
        let foot = take_bottom(&mut rest, bottom.len() as u16);
        render_lines(bottom, foot, buf);
        fit.at("groups", rest);
        self.groups
            .render(t, rest, buf, self.focus == Focus::Groups, &|_| Vec::new());
    }

    fn fit(&mut self, fit: &Fit) {
        if let Some(r) = fit.get("owners") {
            self.owners.fit(r);
        }
        if let Some(r) = fit.get("groups") {
            self.groups.fit(r);
        }
    }

    fn handle(&mut self, key: KeyEvent, ctx: &mut DialogCtx<'_>) -> Effect {
        if is_ctrl(&key, 'c') {
            return Effect::Close;
        }
        if is_ctrl(&key, 's') {
            return self.submit(ctx);
        }
        self.note = None;
        let mut used = false;
        match self.focus {
            Focus::Name | Focus::Cloudlets => {
                if !leaves_text_field(&key) {
                    let input = if self.focus == Focus::Name {
                        &mut self.name
                    } else {
                        &mut self.cloudlets
                    };
                    used = input.handle(&key);
                    self.touched |= used;
                }
            }
            Focus::Owner => {
                match self.owners.handle(&key) {
                    TreeEvent::Activate(_) => {
                        self.step_focus(true);
                        used = true;
                    }
                    TreeEvent::Ignored => {}
                    _ => used = true,
                }
                self.load_groups(ctx.engine.platform());
            }
            Focus::Groups => match self.groups.handle(&key) {
                TreeEvent::Ignored => {}
                TreeEvent::Ticked => {
                    self.touched = true;
                    used = true;
                }
                TreeEvent::Activate(k) => {
                    if self.groups.current().is_some_and(|n| n.enabled) {
                        let on = !self.groups.is_ticked(&k);
                        self.groups.set_tick(&k, on);
                        self.touched = true;
                    } else {
                        self.note = Some(format!("you may not create environments in {k}"));
                    }
                    used = true;
                }
                TreeEvent::Disabled(k) => {
                    self.note = Some(format!(
                        "you may not create environments in {k}: your roles there lack {CREATE}"
                    ));
                    used = true;
                }
                TreeEvent::Handled => used = true,
            },
            Focus::Apply => {}
        }
        if !used {
            match field_nav(
                &key,
                matches!(self.focus, Focus::Name | Focus::Cloudlets),
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
            Focus::Name => self.name.insert(line.trim()),
            Focus::Cloudlets => self.cloudlets.insert(line.trim()),
            Focus::Groups => {
                self.groups.paste(text);
                return;
            }
            Focus::Owner => {
                self.owners.paste(text);
                self.load_groups(ctx.engine.platform());
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

impl NewEnvDialog {
    fn hint_list(&self) -> Vec<(&'static str, &'static str)> {
        let mut v = Vec::new();
        match self.focus {
            Focus::Name | Focus::Cloudlets => {
                v.push(("Enter ↑↓", "field"));
                Self::common_hints(&mut v);
            }
            Focus::Owner => {
                if self.owners.is_typing() {
                    return self.owners.hints();
                }
                v.push(("↑↓ jk", "choose owner"));
                v.push(("Enter", "next"));
                Self::common_hints(&mut v);
                v.push(("/", "search"));
            }
            Focus::Groups => {
                if self.groups.is_typing() {
                    return self.groups.hints();
                }
                v.push(("Space Enter", "tick"));
                Self::common_hints(&mut v);
                v.extend(self.groups.hints());
            }
            Focus::Apply => {
                v.push(("Enter", "create"));
                Self::common_hints(&mut v);
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::dialogs::testkit::{Driver, ctrl, render_everywhere};
    use KeyCode::{Backspace, Down, Enter, Esc, Tab};
    use ratatui::crossterm::event::KeyCode;

    fn search(dr: &mut Driver, d: &mut NewEnvDialog, text: &str) {
        dr.keys(d, &[KeyCode::Char('/')]);
        dr.typ(d, text);
        dr.keys(d, &[Enter]);
    }

    #[test]
    fn the_owner_creates_in_a_group() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = NewEnvDialog::new(dr.engine.platform(), Some(dr.me), None);
        assert!(!d.multiple_owners());
        dr.typ(&mut d, "new-env");
        dr.keys(&mut d, &[Tab, Backspace]);
        dr.typ(&mut d, "8");
        dr.keys(&mut d, &[Tab]);
        search(&mut dr, &mut d, "staging");
        dr.keys(&mut d, &[KeyCode::Char(' ')]);
        let text = dr.render(&d, 100, 30);
        assert!(text.contains("15 of 50 environments used"), "{text}");
        assert_eq!(
            dr.submit(&mut d),
            Command::CreateEnv {
                name: "new-env".into(),
                owner: None,
                groups: vec!["Staging".into()],
                cloudlets: Some(8),
            }
        );
    }

    #[test]
    fn a_member_creates_only_where_its_roles_allow() {
        let mut dr = Driver::new("elena@acme.io");
        let mut d = NewEnvDialog::new(dr.engine.platform(), Some(dr.me), None);
        assert!(d.multiple_owners());
        dr.typ(&mut d, "elena-box");
        dr.keys(&mut d, &[Tab, Tab, Down]);
        assert_eq!(d.owners.current_key().as_deref(), Some("olga@acme.io"));
        assert!(!d.root_allowed);
        let enabled: Vec<&str> = d
            .groups
            .nodes()
            .iter()
            .filter(|n| n.enabled)
            .map(|n| n.key.as_str())
            .collect();
        assert_eq!(
            enabled,
            ["Testing"],
            "Admin on Testing has the create method"
        );
        dr.keys(&mut d, &[Tab]);
        // At the root: refused beside the groups.
        assert!(dr.press(&mut d, ctrl('s')).is_none());
        let text = dr.render(&d, 100, 30);
        assert!(text.contains("PERMISSION_DENIED"), "{text}");
        assert!(text.contains("not allowed: tick a group"), "{text}");
        search(&mut dr, &mut d, "staging");
        dr.keys(&mut d, &[KeyCode::Char(' ')]);
        assert!(d.groups.ticked.is_empty());
        assert!(dr.render(&d, 100, 30).contains("you may not create"));
        dr.keys(&mut d, &[Esc]);
        search(&mut dr, &mut d, "testing");
        dr.keys(&mut d, &[KeyCode::Char(' ')]);
        assert_eq!(
            dr.submit(&mut d),
            Command::CreateEnv {
                name: "elena-box".into(),
                owner: Some("olga@acme.io".into()),
                groups: vec!["Testing".into()],
                cloudlets: Some(4),
            }
        );
    }

    #[test]
    fn bad_cloudlets_and_names_show_beside_their_fields() {
        let mut dr = Driver::new("olga@acme.io");
        let p = dr.engine.platform();
        let testing = p.group_by_path(dr.me, "Testing").expect("group");
        let mut d = NewEnvDialog::new(p, Some(dr.me), Some(testing));
        assert_eq!(d.groups.ticked_in_order(), vec!["Testing".to_string()]);
        dr.typ(&mut d, "Bad_Name");
        assert!(dr.render(&d, 100, 30).contains("lower-case letters"));
        for _ in 0..8 {
            dr.keys(&mut d, &[Backspace]);
        }
        dr.typ(&mut d, "shop-prod");
        assert!(dr.render(&d, 100, 30).contains("DUPLICATE"));
        dr.typ(&mut d, "2");
        dr.keys(&mut d, &[Tab, Backspace]);
        dr.typ(&mut d, "x");
        assert!(dr.render(&d, 100, 30).contains("'x' is not a whole number"));
        dr.keys(&mut d, &[Backspace]);
        dr.typ(&mut d, "0");
        assert!(dr.render(&d, 100, 30).contains("out of range"));
        render_everywhere(&d, &dr.engine, Some(dr.me));
        let d = NewEnvDialog::new(dr.engine.platform(), None, None);
        render_everywhere(&d, &dr.engine, None);
    }
}
