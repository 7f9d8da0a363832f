//! `MemberDialog` as a dialog: drawing (reads only), keys, paste and hints.

use super::{
    AccessLevel, Binding, Buffer, CollabStatus, Collaboration, Command, Ctx, Dialog, DrawCtx,
    Effect, Error, Fit, Focus, GroupSource, KeyEvent, Keymap, Line, MemberDialog, OverlayAction,
    Platform, Rect, ShareTarget, Span, Target, Theme, Timestamp, TreeEvent, error_lines,
    field_line, field_lines, keys, popup, render_lines, section_line, split_rows,
};
use crate::engine::RoleList;
use crate::tui::component::dialogs::basis::{Parts, Record};
use crate::tui::num::cells;

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
            top.extend(field_lines(
                t,
                "Email",
                &self.email,
                self.check.focus() == Focus::Email,
                area.width,
                "an account is created if there is none",
                self.check.error_for(Focus::Email),
            ));
        }
        top.push(field_line(
            t,
            "Display name",
            &self.name,
            self.check.focus() == Focus::Name,
            area.width,
            if self.editing.is_none() {
                "optional: your label for the member"
            } else {
                "your label for the member"
            },
        ));
        if let Some(e) = self.check.error_for(Focus::Name) {
            top.extend(error_lines(t, e, area.width));
        }
        let count = self.tree.ticked_in_order().len();
        top.push(section_line(
            t,
            "Shared items",
            self.check.focus() == Focus::Tree,
            vec![
                Span::raw(format!("{count} ticked  ")),
                Span::styled(self.tree.status(), t.dim()),
            ],
        ));
        let mut bottom = Vec::new();
        for part in [Focus::Tree, Focus::Apply] {
            if let Some(e) = self.check.error_for(part) {
                bottom.extend(error_lines(t, e, area.width));
            }
        }
        if let Some(n) = &self.note {
            bottom.push(Line::styled(format!("  {n}"), t.dim()));
        }
        bottom.push(self.apply_line(t));
        let (top_area, middle, bottom_area) =
            split_rows(area, cells(top.len()), cells(bottom.len()));
        render_lines(top, top_area, buf);
        let draft = self.draft(p);
        fit.at("tree", middle);
        self.tree.render(
            t,
            ctx.keys,
            middle,
            buf,
            self.check.focus() == Focus::Tree && self.picker.is_none() && self.nested.is_none(),
            &|n| self.decorate(t, p, draft.as_ref(), &n.key),
        );
        render_lines(bottom, bottom_area, buf);
        if let Some(picker) = &self.picker {
            let rows = cells(picker.list.nodes().len());
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
                .render(t, ctx.keys, list, buf, self.nested.is_none(), &|_| {
                    Vec::new()
                });
            let key = |a| ctx.keys.overlay_label(a);
            let new_role = if self.may_define_roles {
                format!(" · {} new role", key(OverlayAction::NewRole))
            } else {
                String::new()
            };
            let foot_text = format!(
                "{} keeps the ticked roles{new_role}",
                key(OverlayAction::Enter)
            );
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

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let p = ctx.platform();
        let keymap = ctx.keymap;
        self.sync_picker(p);
        if self.nested.is_some() {
            return self.handle_nested(key, ctx);
        }
        self.note = None;
        if keys::form_action(keymap, key) == Some(OverlayAction::Submit) {
            // From the picker, Submit keeps its roles and applies.
            self.close_picker(true);
            return self.check.submit(self.values_command());
        }
        if self.picker.is_some() {
            return self.handle_picker(key, ctx);
        }
        let focus = self.check.focus();
        let mut used = false;
        match focus {
            Focus::Email | Focus::Name => {
                let input = if focus == Focus::Email {
                    &mut self.email
                } else {
                    &mut self.name
                };
                let edit = keys::edit(keymap, key, input);
                used = edit.used;
                if edit.changed {
                    self.check.touch();
                }
            }
            Focus::Tree => {
                let typing = self.tree.is_typing();
                match self.tree.handle(key, keymap) {
                    TreeEvent::Ignored if !typing => {
                        match keymap.overlay_action(
                            key,
                            &[OverlayAction::PickRoles, OverlayAction::NewRole],
                        ) {
                            Some(OverlayAction::PickRoles) => {
                                if let Some(k) = self.tree.current_key() {
                                    self.open_picker(p, k);
                                }
                                used = true;
                            }
                            Some(OverlayAction::NewRole) => {
                                self.open_role_editor(p);
                                used = true;
                            }
                            _ => {}
                        }
                    }
                    TreeEvent::Ignored => {}
                    TreeEvent::Activate(k) => {
                        self.open_picker(p, k);
                        used = true;
                    }
                    TreeEvent::Ticked => {
                        // An unticked item drops its own roles.
                        let ticked = &self.tree.ticked;
                        self.roles.retain(|k, _| ticked.contains(k));
                        self.check.touch();
                        used = true;
                    }
                    TreeEvent::Handled | TreeEvent::Disabled(_) => used = true,
                }
            }
            Focus::Apply => {}
        }
        if used {
            return Effect::None;
        }
        let built = Ok(self.values_command());
        self.check
            .navigate(keymap, key, focus == Focus::Apply, built)
    }

    fn paste(&mut self, text: &str, ctx: &Ctx<'_>) {
        if let Some(nested) = &mut self.nested {
            nested.paste(text, ctx);
            return;
        }
        if let Some(picker) = &mut self.picker {
            picker.list.paste(text);
            return;
        }
        let line = text.lines().next().unwrap_or("");
        match self.check.focus() {
            Focus::Email => self.email.insert(line.trim()),
            Focus::Name => self.name.insert(line),
            Focus::Tree => {
                self.tree.paste(text);
                return;
            }
            Focus::Apply => return,
        }
        self.check.touch();
    }

    fn bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        self.own_bindings(keymap)
    }

    fn command(&self) -> Result<Command, Error> {
        match &self.nested {
            Some(nested) => nested.command(),
            None => Ok(self.values_command()),
        }
    }

    fn answer(&mut self, answer: Result<bool, Error>) {
        if let Some(nested) = &mut self.nested {
            nested.answer(answer);
        } else {
            let route = self.route();
            self.check.answer(answer, route);
        }
    }

    fn record(&self, p: &Platform) -> Option<Record> {
        self.edited(p)
    }

    fn parts(&self) -> Parts {
        self.own_parts()
    }

    fn load(&mut self, p: &Platform, parts: &Parts) {
        self.load_parts(p, parts);
    }
}

impl MemberDialog {
    /// A collaboration with the entries as ticked, to compute inherited roles with
    /// the engine's own rule.
    pub(super) fn draft(&self, p: &Platform) -> Option<Collaboration> {
        let owner = self.owner?;
        let mut shares = crate::engine::Shares::new();
        for t in self.tree.ticked_in_order() {
            let Some(target) = t.resolve(p, owner) else {
                continue;
            };
            let mut ids: RoleList = self
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
                    let access = p.placement_access(c, &p.env(e).groups);
                    let roles = p.sorted_role_names(&access.roles).join(", ");
                    match access.level {
                        AccessLevel::Groups => Some(format!("← groups: {roles}")),
                        AccessLevel::Base => Some(format!("← Environments: {roles}")),
                        _ => None,
                    }
                }
                Some(ShareTarget::Group(group)) => p.resolve_group(c, group).map(|(roles, src)| {
                    let roles = p.sorted_role_names(roles).join(", ");
                    match src {
                        GroupSource::Group(from) => format!("← {}: {roles}", p.group(from).path),
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
}
