//! Invite or edit a member: email (invite only), display name, and the shared items as
//! a tree: *Environments* with every environment of the owner, *Env Groups* with the
//! owner's group tree. Space ticks an item, Enter (or `r`) picks its own roles; the
//! roles an item would get without its own are shown dimmed beside it, computed with
//! the engine's own rule (section 4) on the entries as ticked so far. `n` creates a role
//! without leaving the dialog. Builds `InviteMember` or `EditMember`.

use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::role::RoleDialog;
use super::widgets::{
    FieldNav, Fit, Node, Tree, TreeEvent, buttons_line, error_line, error_text, field_line,
    field_nav, is_ctrl, leaves_text_field, plain, popup, render_lines, section_line, split_rows,
    tidy_hints,
};
use super::{Dialog, DialogCtx, DrawCtx};
use crate::engine::{
    AccessLevel, AccountId, CollabId, CollabStatus, Collaboration, Command, Error, GroupId,
    GroupSource, Platform, ShareSpec, ShareTarget, TargetSpec, Timestamp, cmp_ci,
};
use crate::tui::component::Effect;
use crate::tui::input::TextInput;
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
    focus: Focus,
    picker: Option<Picker>,
    nested: Option<Box<RoleDialog>>,
    verdict: Option<(Focus, String)>,
    checked: bool,
    touched: bool,
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
            owner_arg: owner
                .filter(|o| Some(*o) != me)
                .map(|o| p.account(o).email.clone()),
            may_define_roles: owner.is_some() && owner == me,
            editing: None,
            email: TextInput::default(),
            name: TextInput::default(),
            tree,
            roles: BTreeMap::new(),
            focus: Focus::Email,
            picker: None,
            nested: None,
            verdict: None,
            checked: false,
            touched: false,
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
                d.focus = Focus::Tree;
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
    pub fn command(&self) -> Command {
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

    fn part_of(&self, e: &Error) -> Focus {
        let email = if self.editing.is_none() {
            Focus::Email
        } else {
            Focus::Apply
        };
        match e {
            Error::Validation { field, .. } => match field.as_str() {
                "email" => email,
                "name" => Focus::Name,
                "share" | "roles" => Focus::Tree,
                _ => Focus::Apply,
            },
            Error::NotFound {
                what: "role" | "group" | "environment",
                ..
            } => Focus::Tree,
            Error::SelfInvite(_) | Error::Duplicate(_) => email,
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

    fn order(&self) -> &'static [Focus] {
        if self.editing.is_none() {
            &[Focus::Email, Focus::Name, Focus::Tree, Focus::Apply]
        } else {
            &[Focus::Name, Focus::Tree, Focus::Apply]
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

    fn open_picker(&mut self, p: &Platform, target: Target) {
        let mut list = Tree::new(role_nodes(p, self.owner));
        list.empty_text = if self.may_define_roles {
            "no roles yet: n creates one".into()
        } else {
            "the owner has no roles yet".into()
        };
        for r in self.roles.get(&target).into_iter().flatten() {
            list.set_tick(r, true);
        }
        self.picker = Some(Picker { target, list });
    }

    fn open_role_editor(&mut self, p: &Platform) {
        if self.may_define_roles {
            self.nested = Some(Box::new(RoleDialog::new(p, self.owner, None)));
        } else {
            self.note = Some("only the owner defines roles".into());
        }
    }

    /// Keeps the open picker in step with the owner's roles (a role just created, or
    /// one that failed to be).
    fn sync_picker(&mut self, p: &Platform) {
        let owner = self.owner;
        if let Some(picker) = &mut self.picker {
            let nodes = role_nodes(p, owner);
            let same = nodes.len() == picker.list.nodes().len()
                && nodes
                    .iter()
                    .zip(picker.list.nodes())
                    .all(|(a, b)| a.key == b.key);
            if !same {
                picker.list.set_nodes(nodes);
                picker.list.prune_ticks();
            }
        }
    }

    fn handle_nested(&mut self, key: KeyEvent, ctx: &mut DialogCtx<'_>) -> Effect {
        let Some(nested) = &mut self.nested else {
            return Effect::None;
        };
        match nested.handle(key, ctx) {
            Effect::None => Effect::None,
            Effect::Close => {
                self.nested = None;
                Effect::None
            }
            Effect::Submit(cmd) | Effect::Run(cmd) => {
                self.nested = None;
                if let (Command::AddRole { name, .. }, Some(picker)) = (&cmd, &mut self.picker) {
                    // Show it at once; the next key checks it was really created.
                    let mut nodes: Vec<Node<String>> = picker.list.nodes().to_vec();
                    nodes.push(Node::new(name.clone(), 0, name.clone()).detail("new"));
                    nodes.sort_by(|a, b| cmp_ci(&a.key, &b.key));
                    picker.list.set_nodes(nodes);
                    picker.list.set_tick(name, true);
                    picker.list.select(name);
                }
                if let Command::AddRole { name, .. } = &cmd {
                    self.note = Some(format!("role {name} created"));
                }
                Effect::Run(cmd)
            }
            // The role editor asks for nothing else; anything else stays here.
            other => other,
        }
    }

    fn handle_picker(&mut self, key: KeyEvent, ctx: &mut DialogCtx<'_>) -> Effect {
        let Some(picker) = &mut self.picker else {
            return Effect::None;
        };
        let typing = picker.list.is_typing();
        match picker.list.handle(&key) {
            TreeEvent::Activate(_) => self.close_picker(true),
            TreeEvent::Ignored if !typing => match key.code {
                KeyCode::Enter => self.close_picker(true),
                KeyCode::Esc => self.close_picker(false),
                KeyCode::Char('n') if plain(&key) => self.open_role_editor(ctx.engine.platform()),
                _ => {}
            },
            _ => {}
        }
        self.revalidate(ctx);
        Effect::None
    }

    fn close_picker(&mut self, keep: bool) {
        let Some(picker) = self.picker.take() else {
            return;
        };
        if !keep {
            return;
        }
        let roles = picker.list.ticked_in_order();
        if roles.is_empty() {
            self.roles.remove(&picker.target);
        } else {
            self.tree.set_tick(&picker.target, true);
            self.roles.insert(picker.target, roles);
        }
        self.touched = true;
    }

    /// A collaboration with the entries as ticked, to compute inherited roles with
    /// the engine's own rule.
    fn draft(&self, p: &Platform) -> Option<Collaboration> {
        let owner = self.owner?;
        let mut shares = BTreeMap::new();
        for t in self.tree.ticked_in_order() {
            let Some(target) = t.resolve(p, owner) else {
                continue;
            };
            let mut ids: Vec<_> = self
                .roles
                .get(&t)
                .into_iter()
                .flatten()
                .filter_map(|r| p.role_by_name(owner, r))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            shares.insert(target, ids);
        }
        Some(Collaboration {
            owner,
            member: owner,
            name: String::new(),
            status: CollabStatus::Active,
            changed: Timestamp(0),
            invitations: 0,
            shares,
        })
    }

    /// The spans beside a row: its own roles, else what it inherits, dimmed.
    fn decorate(
        &self,
        t: &Theme,
        p: &Platform,
        draft: Option<&Collaboration>,
        target: &Target,
    ) -> Vec<Span<'static>> {
        let ticked = self.tree.is_ticked(target);
        if ticked && let Some(own) = self.roles.get(target).filter(|r| !r.is_empty()) {
            return vec![Span::styled(own.join(", "), t.accent())];
        }
        let inherited = match (draft, self.owner) {
            (Some(c), Some(owner)) => match target.resolve(p, owner) {
                Some(ShareTarget::Env(e)) => {
                    let a = p.placement_access(c, &p.env(e).groups);
                    let roles = p.sorted_role_names(&a.roles).join(", ");
                    match a.level {
                        AccessLevel::Groups => Some(format!("← groups: {roles}")),
                        AccessLevel::Base => Some(format!("← Environments: {roles}")),
                        _ => None,
                    }
                }
                Some(ShareTarget::Group(g)) => p.resolve_group(c, g).map(|(roles, src)| {
                    let roles = p.sorted_role_names(roles).join(", ");
                    match src {
                        GroupSource::Group(s) => format!("← {}: {roles}", p.group(s).path),
                        GroupSource::Category => format!("← Env Groups: {roles}"),
                    }
                }),
                _ => None,
            },
            _ => None,
        };
        match (inherited, ticked) {
            (Some(text), _) => vec![Span::styled(text, t.dim())],
            (None, true) => vec![Span::styled("ticked, no roles", t.dim())],
            (None, false) => Vec::new(),
        }
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
            None if self.checked => {
                vec![Span::styled("✓ ready: Ctrl-s previews the change", t.ok())]
            }
            _ if !self.touched => vec![Span::styled(
                if self.editing.is_none() {
                    "type the email, tick items, then Ctrl-s"
                } else {
                    "tick items and pick roles, then Ctrl-s"
                },
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

impl Dialog for MemberDialog {
    fn title(&self) -> String {
        let base = match &self.editing {
            None => "Invite member".to_string(),
            Some(e) => format!("Edit member {e}"),
        };
        match &self.owner_arg {
            Some(o) => format!("{base} (on {o}'s account)"),
            None => base,
        }
    }

    fn size(&self, screen: Rect) -> (u16, u16) {
        (
            screen.width.saturating_sub(4).min(110),
            screen.height.saturating_sub(5),
        )
    }

    fn paint(&self, ctx: &DrawCtx<'_>, area: Rect, buf: &mut Buffer, fit: &mut Fit) {
        let t = ctx.theme;
        let p = ctx.platform;
        let mut top = Vec::new();
        if self.editing.is_none() {
            top.push(field_line(
                t,
                "Email",
                &self.email,
                self.focus == Focus::Email,
                area.width,
                "an account is created if there is none",
            ));
            if let Some(e) = self.error_for(Focus::Email) {
                top.push(error_line(t, e));
            }
        }
        top.push(field_line(
            t,
            "Display name",
            &self.name,
            self.focus == Focus::Name,
            area.width,
            if self.editing.is_none() {
                "optional: your label for the member"
            } else {
                "your label for the member"
            },
        ));
        if let Some(e) = self.error_for(Focus::Name) {
            top.push(error_line(t, e));
        }
        let count = self.tree.ticked_in_order().len();
        top.push(section_line(
            t,
            "Shared items",
            self.focus == Focus::Tree,
            vec![
                Span::raw(format!("{count} ticked  ")),
                Span::styled(self.tree.status(), t.dim()),
            ],
        ));
        let mut bottom = Vec::new();
        if let Some(e) = self.error_for(Focus::Tree) {
            bottom.push(error_line(t, e));
        }
        if let Some(n) = &self.note {
            bottom.push(Line::styled(format!("  {n}"), t.dim()));
        }
        bottom.push(self.apply_line(t));
        let (top_area, middle, bottom_area) =
            split_rows(area, top.len() as u16, bottom.len() as u16);
        render_lines(top, top_area, buf);
        let draft = self.draft(p);
        fit.at("tree", middle);
        self.tree.render(
            t,
            middle,
            buf,
            self.focus == Focus::Tree && self.picker.is_none() && self.nested.is_none(),
            &|n| self.decorate(t, p, draft.as_ref(), &n.key),
        );
        render_lines(bottom, bottom_area, buf);
        if let Some(picker) = &self.picker {
            let rows = picker.list.nodes().len() as u16;
            let inner = popup(
                t,
                &format!("Roles for {}", picker.target.title()),
                area,
                area.width.saturating_sub(4).min(72),
                rows.saturating_add(4),
                buf,
            );
            let (head, list, foot) = split_rows(inner, 1, 1);
            render_lines(
                vec![Line::styled(
                    format!(
                        "{} ticked  {}",
                        picker.list.ticked.len(),
                        picker.list.status()
                    ),
                    t.dim(),
                )],
                head,
                buf,
            );
            fit.at("picker", list);
            picker
                .list
                .render(t, list, buf, self.nested.is_none(), &|_| Vec::new());
            let foot_text = if self.may_define_roles {
                "Enter keeps the ticked roles · n new role"
            } else {
                "Enter keeps the ticked roles"
            };
            render_lines(vec![Line::styled(foot_text, t.dim())], foot, buf);
        }
        if let Some(nested) = &self.nested {
            let inner = popup(t, &nested.title(), area, area.width, area.height, buf);
            nested.paint(ctx, inner, buf, fit);
        }
    }

    fn fit(&mut self, fit: &Fit) {
        if let Some(r) = fit.get("tree") {
            self.tree.fit(r);
        }
        if let (Some(r), Some(picker)) = (fit.get("picker"), &mut self.picker) {
            picker.list.fit(r);
        }
        // The role editor opened from here recorded its own lists.
        if let Some(nested) = &mut self.nested {
            nested.fit(fit);
        }
    }

    fn handle(&mut self, key: KeyEvent, ctx: &mut DialogCtx<'_>) -> Effect {
        self.sync_picker(ctx.engine.platform());
        if self.nested.is_some() {
            return self.handle_nested(key, ctx);
        }
        if is_ctrl(&key, 'c') {
            return Effect::Close;
        }
        self.note = None;
        if is_ctrl(&key, 's') {
            // From the picker, Ctrl-s keeps its roles and applies.
            self.close_picker(true);
            return self.submit(ctx);
        }
        if self.picker.is_some() {
            return self.handle_picker(key, ctx);
        }
        let mut used = false;
        match self.focus {
            Focus::Email | Focus::Name => {
                if !leaves_text_field(&key) {
                    let input = if self.focus == Focus::Email {
                        &mut self.email
                    } else {
                        &mut self.name
                    };
                    used = input.handle(&key);
                    self.touched |= used;
                }
            }
            Focus::Tree => {
                let typing = self.tree.is_typing();
                match self.tree.handle(&key) {
                    TreeEvent::Ignored if !typing && plain(&key) => match key.code {
                        KeyCode::Char('r') => {
                            if let Some(k) = self.tree.current_key() {
                                self.open_picker(ctx.engine.platform(), k);
                            }
                            used = true;
                        }
                        KeyCode::Char('n') => {
                            self.open_role_editor(ctx.engine.platform());
                            used = true;
                        }
                        _ => {}
                    },
                    TreeEvent::Ignored => {}
                    TreeEvent::Activate(k) => {
                        self.open_picker(ctx.engine.platform(), k);
                        used = true;
                    }
                    TreeEvent::Ticked => {
                        // An unticked item drops its own roles.
                        let ticked = &self.tree.ticked;
                        self.roles.retain(|k, _| ticked.contains(k));
                        self.touched = true;
                        used = true;
                    }
                    TreeEvent::Handled | TreeEvent::Disabled(_) => used = true,
                }
            }
            Focus::Apply => {}
        }
        if !used {
            match field_nav(&key, self.focus != Focus::Tree, self.focus == Focus::Apply) {
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
        if let Some(nested) = &mut self.nested {
            nested.paste(text, ctx);
            return;
        }
        if let Some(picker) = &mut self.picker {
            picker.list.paste(text);
            return;
        }
        let line = text.lines().next().unwrap_or("");
        match self.focus {
            Focus::Email => self.email.insert(line.trim()),
            Focus::Name => self.name.insert(line),
            Focus::Tree => {
                self.tree.paste(text);
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

impl MemberDialog {
    fn hint_list(&self) -> Vec<(&'static str, &'static str)> {
        if let Some(nested) = &self.nested {
            return nested.hints();
        }
        let mut v = Vec::new();
        if let Some(picker) = &self.picker {
            if picker.list.is_typing() {
                return picker.list.hints();
            }
            v.push(("Space", "tick"));
            v.push(("Enter", "done"));
            if self.may_define_roles {
                v.push(("n", "new role"));
            }
            v.push(("Esc", "back"));
            v.extend(picker.list.hints());
            return v;
        }
        match self.focus {
            Focus::Email | Focus::Name => {
                v.push(("Enter ↑↓", "field"));
                Self::common_hints(&mut v);
            }
            Focus::Tree => {
                if self.tree.is_typing() {
                    return self.tree.hints();
                }
                v.push(("Space", "tick"));
                v.push(("Enter r", "roles"));
                if self.may_define_roles {
                    v.push(("n", "new role"));
                }
                Self::common_hints(&mut v);
                v.extend(self.tree.hints());
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
    use crate::tui::dialogs::testkit::{Driver, ctrl, render_everywhere};
    use KeyCode::{Backspace, Down, Enter, Esc, Tab};

    fn spec(s: &str) -> ShareSpec {
        ShareSpec::parse(s).expect("valid spec")
    }

    fn invite(dr: &Driver) -> MemberDialog {
        MemberDialog::new(dr.engine.platform(), Some(dr.me), None, &[])
    }

    fn search(dr: &mut Driver, d: &mut MemberDialog, text: &str) {
        dr.keys(d, &[KeyCode::Char('/')]);
        dr.typ(d, text);
        dr.keys(d, &[Enter]);
    }

    /// Opens the role picker on the current row, ticks one role found by search,
    /// and keeps it.
    fn pick(dr: &mut Driver, d: &mut MemberDialog, role: &str) {
        dr.keys(d, &[KeyCode::Char('r')]);
        assert!(d.picker.is_some(), "r opens the role picker");
        search(dr, d, role);
        dr.keys(d, &[KeyCode::Char(' '), Enter]);
        assert!(d.picker.is_none(), "Enter keeps the roles and closes");
    }

    #[test]
    fn invite_with_the_groups_category_and_one_group() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = invite(&dr);
        dr.typ(&mut d, "new@acme.io");
        dr.keys(&mut d, &[Tab, Tab]);
        search(&mut dr, &mut d, "env groups");
        assert_eq!(d.tree.current_key(), Some(Target::AllGroups));
        // Enter opens the picker too.
        dr.keys(&mut d, &[Enter]);
        search(&mut dr, &mut d, "viewer");
        dr.keys(&mut d, &[KeyCode::Char(' '), Enter]);
        dr.keys(&mut d, &[Esc]);
        search(&mut dr, &mut d, "production");
        assert_eq!(
            d.tree.current_key(),
            Some(Target::Group("Production".into()))
        );
        pick(&mut dr, &mut d, "admin");
        dr.keys(&mut d, &[Esc]);

        let text = dr.render(&d, 120, 40);
        let line = |needle: &str| {
            text.lines()
                .find(|l| l.contains(needle))
                .unwrap_or_default()
                .to_string()
        };
        assert!(line("[x] Production").contains("Admin"), "{text}");
        assert!(line("[ ] EU").contains("← Production: Admin"), "{text}");
        assert!(
            line("[ ] Staging").contains("← Env Groups: Viewer"),
            "{text}"
        );
        assert!(line("[ ] api-eu").contains("← groups: Admin"), "{text}");
        assert!(!line("[ ] legacy-crm").contains('←'), "{text}");
        assert!(text.contains("✓ ready"), "{text}");

        let cmd = dr.submit(&mut d);
        assert_eq!(
            cmd,
            Command::InviteMember {
                owner: None,
                email: "new@acme.io".into(),
                name: None,
                shares: vec![spec("groups=Viewer"), spec("group:Production=Admin")],
            }
        );
    }

    #[test]
    fn validation_errors_appear_beside_the_field() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = invite(&dr);
        let untouched = dr.render(&d, 100, 30);
        assert!(
            !untouched.contains('✕'),
            "no error before typing:\n{untouched}"
        );
        dr.typ(&mut d, "bob");
        let text = dr.render(&d, 100, 30);
        let email_row = text
            .lines()
            .position(|l| l.contains("Email"))
            .expect("email row");
        let next = text.lines().nth(email_row + 1).unwrap_or_default();
        assert!(
            next.contains("✕ VALIDATION") && next.contains("exactly one '@'"),
            "{text}"
        );
        // Ctrl-s refuses and keeps the dialog open.
        assert!(dr.press(&mut d, ctrl('s')).is_none());
        for _ in 0..3 {
            dr.keys(&mut d, &[Backspace]);
        }
        dr.typ(&mut d, "anna@acme.io");
        assert!(dr.render(&d, 100, 30).contains("DUPLICATE"));
        for _ in 0.."anna@acme.io".len() {
            dr.keys(&mut d, &[Backspace]);
        }
        dr.typ(&mut d, "olga@acme.io");
        assert!(dr.render(&d, 100, 30).contains("SELF_INVITE"));
    }

    #[test]
    fn a_role_created_from_the_picker_is_listed_and_ticked() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = invite(&dr);
        dr.typ(&mut d, "new@acme.io");
        dr.keys(&mut d, &[Tab, Tab, Enter]);
        assert_eq!(
            d.picker.as_ref().map(|p| p.target.clone()),
            Some(Target::AllEnvs)
        );
        dr.keys(&mut d, &[KeyCode::Char('n')]);
        assert!(d.nested.is_some(), "n opens the role editor");
        assert!(d.hints().iter().any(|(k, w)| *k == "^S" && *w == "apply"));
        dr.typ(&mut d, "Auditor");
        dr.keys(&mut d, &[Tab, Tab, Tab, Down, KeyCode::Char(' ')]);
        // The nested editor's Ctrl-s runs AddRole; the member dialog stays open.
        assert!(dr.press(&mut d, ctrl('s')).is_none());
        assert!(d.nested.is_none());
        assert!(
            dr.engine
                .platform()
                .role_by_name(dr.me, "Auditor")
                .is_some()
        );
        let picker = d.picker.as_ref().expect("the picker stays open");
        assert!(picker.list.is_ticked(&"Auditor".to_string()));
        assert!(dr.render(&d, 120, 40).contains("[x] Auditor"));
        dr.keys(&mut d, &[Enter]);
        match dr.submit(&mut d) {
            Command::InviteMember { shares, .. } => {
                assert_eq!(shares, vec![spec("envs=Auditor")]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn editing_keeps_the_shares_and_unticking_drops_an_entry() {
        let mut dr = Driver::new("olga@acme.io");
        let p = dr.engine.platform();
        let maria = p.account_by_email("maria@acme.io").expect("maria");
        let c = p.collab_of(dr.me, maria).expect("collab");
        let mut d = MemberDialog::new(p, Some(dr.me), Some(c), &[]);
        let sorted = |shares: Vec<ShareSpec>| {
            let mut v: Vec<String> = shares
                .iter()
                .map(|s| format!("{}={}", s.target.label(), s.roles.join("+")))
                .collect();
            v.sort();
            v
        };
        match d.command() {
            Command::EditMember {
                shares: Some(shares),
                email,
                ..
            } => {
                assert_eq!(email, "maria@acme.io");
                assert_eq!(
                    sorted(shares),
                    [
                        "group:Finance/Reports=",
                        "group:Finance=",
                        "group:Production/EU=Accountant+Developer",
                        "group:Production=Admin",
                        "groups=Viewer",
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
        // "selected only" shows the ticked rows (and their parents).
        dr.keys(&mut d, &[KeyCode::Char('s')]);
        // Env Groups, Finance, Reports, Production, EU.
        assert_eq!(d.tree.len_visible(), 5);
        search(&mut dr, &mut d, "production");
        assert_eq!(
            d.tree.current_key(),
            Some(Target::Group("Production".into()))
        );
        dr.keys(&mut d, &[KeyCode::Char(' ')]);
        match dr.submit(&mut d) {
            Command::EditMember {
                shares: Some(shares),
                ..
            } => assert!(!sorted(shares).contains(&"group:Production=Admin".to_string())),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn preset_and_delegate_owner() {
        let dr = Driver::new("boris@acme.io");
        let p = dr.engine.platform();
        let olga = p.account_by_email("olga@acme.io").expect("olga");
        let d = MemberDialog::invite_for(p, Some(dr.me), olga, &[spec("env:shop-prod=Viewer")]);
        assert!(
            !d.hints().iter().any(|(k, _)| *k == "n"),
            "only owners define roles"
        );
        match d.command() {
            Command::InviteMember { owner, shares, .. } => {
                assert_eq!(owner.as_deref(), Some("olga@acme.io"));
                assert_eq!(shares, vec![spec("env:shop-prod=Viewer")]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_app_runs_a_role_created_inside_the_dialog_and_keeps_it_open() {
        use crate::tui::keys::Action;
        use crate::tui::overlays::Overlay;
        let (engine, me) = crate::tui::dialogs::testkit::demo_as("olga@acme.io");
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = crate::workspace::Workspace::with_engine(
            crate::store::Store::new(dir.path().join("state.json")),
            engine,
        );
        let now = crate::engine::demo::DEMO_NOW;
        let mut app = crate::tui::app::App::new(
            ws,
            Some(me),
            crate::tui::config::Config::defaults(false),
            Box::new(move || now),
            ratatui::layout::Rect::new(0, 0, 120, 40),
        );
        app.focus = crate::tui::panes::PaneId::Members;
        app.perform(Action::Invite);
        let k = crate::tui::dialogs::testkit::key;
        for c in [KeyCode::Tab, KeyCode::Tab, KeyCode::Char('n')] {
            app.handle_key(k(c));
        }
        for c in "Auditor".chars() {
            app.handle_key(k(KeyCode::Char(c)));
        }
        for c in [Tab, Tab, Tab, Down, KeyCode::Char(' ')] {
            app.handle_key(k(c));
        }
        app.handle_key(ctrl('s'));
        let p = app.ws.engine().platform();
        assert!(
            p.role_by_name(me, "Auditor").is_some(),
            "the app ran AddRole:\n{}",
            crate::tui::snapshot::render_text(&app)
        );
        assert!(
            matches!(app.overlay, Some(Overlay::Dialog(_))),
            "still open"
        );
        let text = crate::tui::snapshot::render_text(&app);
        assert!(text.contains("Invite member"), "{text}");
    }

    #[test]
    fn renders_at_any_size_in_every_state() {
        let mut dr = Driver::new("olga@acme.io");
        let mut d = invite(&dr);
        render_everywhere(&d, &dr.engine, Some(dr.me));
        dr.typ(&mut d, "x");
        dr.keys(&mut d, &[Tab, Tab, Enter]);
        render_everywhere(&d, &dr.engine, Some(dr.me));
        dr.keys(&mut d, &[KeyCode::Char('n')]);
        render_everywhere(&d, &dr.engine, Some(dr.me));
        let text = dr.render(&d, 40, 10);
        assert!(text.contains("New role"), "{text}");
    }
}
