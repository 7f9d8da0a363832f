//! `NewEnvDialog` as a dialog: drawing (reads only), keys, paste and hints.

use super::{
    Binding, Buffer, CREATE, Command, Ctx, Dialog, DrawCtx, Effect, Error, Fit, Focus, KeyEvent,
    Keymap, Line, NewEnvDialog, Rect, Span, TreeEvent, error_lines, field_line, keys, render_lines,
    section_line, take_bottom, take_top,
};
use crate::tui::num::cells;

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
            self.check.focus() == Focus::Name,
            area.width,
            "[a-z0-9-], 3 to 32 characters, unique on the platform",
        )];
        if let Some(e) = self.check.error_for(Focus::Name) {
            top.extend(error_lines(t, e, area.width));
        }
        let max = self.limit(p);
        top.push(field_line(
            t,
            "Cloudlets",
            &self.cloudlets,
            self.check.focus() == Focus::Cloudlets,
            area.width,
            &format!("1 to {max}"),
        ));
        if let Some(e) = self.check.error_for(Focus::Cloudlets) {
            top.extend(error_lines(t, e, area.width));
        }
        let owner_email = self.owners.current_key().unwrap_or_default();
        top.push(section_line(
            t,
            "Owner",
            self.check.focus() == Focus::Owner,
            vec![
                Span::raw(owner_email),
                Span::styled(format!("  {}", self.quota(p)), t.dim()),
            ],
        ));
        let top_area = take_top(&mut rest, cells(top.len()));
        render_lines(top, top_area, buf);
        if self.multiple_owners() {
            let h = cells(self.owners.nodes().len()).min(4);
            let list = take_top(&mut rest, h);
            let list = Rect {
                x: list.x + 2,
                width: list.width.saturating_sub(2),
                ..list
            };
            fit.at("owners", list);
            self.owners.render(
                t,
                ctx.keys,
                list,
                buf,
                self.check.focus() == Focus::Owner,
                &|_| Vec::new(),
            );
        }
        if let Some(e) = self.check.error_for(Focus::Owner) {
            let lines = error_lines(t, e, area.width);
            let r = take_top(&mut rest, cells(lines.len()));
            render_lines(lines, r, buf);
        }
        let ticked = self.groups.ticked_in_order();
        let root = if !ticked.is_empty() {
            Span::styled(format!("in {}", ticked.join(", ")), t.dim())
        } else if self.root_allowed {
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
                self.check.focus() == Focus::Groups,
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
        for part in [Focus::Groups, Focus::Apply] {
            if let Some(e) = self.check.error_for(part) {
                bottom.extend(error_lines(t, e, area.width));
            }
        }
        if let Some(n) = &self.note {
            bottom.push(Line::styled(format!("  {n}"), t.warn()));
        }
        bottom.push(self.apply_line(t));
        let foot = take_bottom(&mut rest, cells(bottom.len()));
        render_lines(bottom, foot, buf);
        fit.at("groups", rest);
        self.groups.render(
            t,
            ctx.keys,
            rest,
            buf,
            self.check.focus() == Focus::Groups,
            &|_| Vec::new(),
        );
    }

    fn fit(&mut self, fit: &Fit) {
        if let Some(r) = fit.get("owners") {
            self.owners.fit(r);
        }
        if let Some(r) = fit.get("groups") {
            self.groups.fit(r);
        }
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let keymap = ctx.keymap;
        let focus = self.check.focus();
        self.note = None;
        let mut used = false;
        match focus {
            Focus::Name | Focus::Cloudlets => {
                let input = if focus == Focus::Name {
                    &mut self.name
                } else {
                    &mut self.cloudlets
                };
                let edit = keys::edit(keymap, key, input);
                used = edit.used;
                if edit.changed {
                    self.check.touch();
                }
            }
            Focus::Owner => {
                match self.owners.handle(key, keymap) {
                    TreeEvent::Activate(_) => {
                        self.check.step(true);
                        used = true;
                    }
                    TreeEvent::Ignored => {}
                    _ => used = true,
                }
                self.load_groups(ctx.platform());
            }
            Focus::Groups => match self.groups.handle(key, keymap) {
                TreeEvent::Ignored => {}
                TreeEvent::Ticked => {
                    self.check.touch();
                    used = true;
                }
                TreeEvent::Activate(k) => {
                    if self.groups.current().is_some_and(|n| n.enabled) {
                        let on = !self.groups.is_ticked(&k);
                        self.groups.set_tick(&k, on);
                        self.check.touch();
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
        self.limit = self.limit(ctx.platform());
        if used {
            return Effect::None;
        }
        let built = self.build();
        self.check
            .navigate(keymap, key, focus == Focus::Apply, built)
    }

    fn paste(&mut self, text: &str, ctx: &Ctx<'_>) {
        let line = text.lines().next().unwrap_or("");
        match self.check.focus() {
            Focus::Name => self.name.insert(line.trim()),
            Focus::Cloudlets => self.cloudlets.insert(line.trim()),
            Focus::Groups => {
                self.groups.paste(text);
                return;
            }
            Focus::Owner => {
                self.owners.paste(text);
                self.load_groups(ctx.platform());
                return;
            }
            Focus::Apply => return,
        }
        self.limit = self.limit(ctx.platform());
        self.check.touch();
    }

    fn bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        self.own_bindings(keymap)
    }

    fn command(&self) -> Result<Command, Error> {
        self.build()
    }

    fn answer(&mut self, answer: Result<bool, Error>) {
        self.check.answer(answer, Self::part_of);
    }
}
