//! `DirectDialog` as a dialog: drawing (reads only), keys, paste and hints.

use super::{
    Binding, Buffer, Command, Ctx, Dialog, DirectDialog, DrawCtx, Effect, Error, Fit, Focus,
    KeyEvent, Keymap, Line, MemberKey, OverlayAction, Rect, Span, TreeEvent, buttons_line,
    error_lines, render_lines, section_line, take_bottom, take_top,
};
use crate::engine::Platform;
use crate::tui::component::dialogs::basis::{Parts, Record};
use crate::tui::num::cells;

impl Dialog for DirectDialog {
    fn title(&self) -> String {
        match &self.switched {
            Some(d) => d.title(),
            None => format!("Direct access to {}", self.env),
        }
    }

    fn size(&self, screen: Rect) -> (u16, u16) {
        if let Some(d) = &self.switched {
            d.size(screen)
        } else {
            let w = screen.width.saturating_sub(4).min(110);
            let (m, r) = (self.members.nodes().len(), self.roles.nodes().len());
            // Side by side from 70 columns inside the frame, else stacked.
            let rows = if w >= 72 { m.max(r) } else { m + r + 1 };
            let rows = u16::try_from(rows).unwrap_or(u16::MAX);
            (
                w,
                rows.saturating_add(8).min(screen.height.saturating_sub(5)),
            )
        }
    }

    fn paint(&self, ctx: &DrawCtx<'_>, area: Rect, buf: &mut Buffer, fit: &mut Fit) {
        if let Some(d) = &self.switched {
            d.draw(ctx, area, buf);
            return;
        }
        let t = ctx.theme;
        let p = ctx.platform;
        let mut rest = area.intersection(buf.area);
        let head = take_top(&mut rest, 2);
        render_lines(
            vec![Line::from(vec![
                Span::styled(format!("  {:<14}", "Environment"), t.title()),
                Span::raw(self.env.clone()),
                Span::styled(format!("  owner {}", self.owner_email), t.dim()),
            ])],
            head,
            buf,
        );
        let mut bottom = vec![self.current_line(t, p)];
        for part in [Focus::Members, Focus::Roles, Focus::Apply, Focus::Remove] {
            if let Some(e) = self.check.error_for(part) {
                bottom.extend(error_lines(t, e, area.width));
            }
        }
        if let Some(n) = &self.note {
            bottom.push(Line::styled(format!("  {n}"), t.warn()));
        }
        let what = if self.check.focus() == Focus::Remove {
            "remove direct access"
        } else {
            "preview the change"
        };
        let tail = self.check.status(t, what, "choose a member and tick roles");
        let can_remove = self
            .member()
            .is_some_and(|m| self.direct_entry(p, &m).is_some());
        bottom.push(buttons_line(
            t,
            &[
                (
                    "Apply",
                    self.check.focus() == Focus::Apply,
                    self.member().is_some(),
                ),
                (
                    &format!(
                        "Remove direct access ({})",
                        ctx.keys.overlay_label(OverlayAction::Remove)
                    ),
                    self.check.focus() == Focus::Remove,
                    can_remove,
                ),
            ],
            tail,
        ));
        let foot = take_bottom(&mut rest, cells(bottom.len()));
        render_lines(bottom, foot, buf);
        take_bottom(&mut rest, 1);
        // The two lists: side by side when there is room, else one above the other.
        let (left, right) = if rest.width >= 70 {
            let lw = rest.width / 5 * 3;
            (
                Rect::new(rest.x, rest.y, lw, rest.height),
                Rect::new(rest.x + lw + 1, rest.y, rest.width - lw - 1, rest.height),
            )
        } else {
            let th = rest.height / 2;
            (
                Rect::new(rest.x, rest.y, rest.width, th),
                Rect::new(rest.x, rest.y + th, rest.width, rest.height - th),
            )
        };
        let mut left = left;
        let mut right = right;
        let lh = take_top(&mut left, 1);
        render_lines(
            vec![section_line(
                t,
                "Member",
                self.check.focus() == Focus::Members,
                vec![Span::styled(self.members.status(), t.dim())],
            )],
            lh,
            buf,
        );
        fit.at("members", left);
        self.members.render(
            t,
            ctx.keys,
            left,
            buf,
            self.check.focus() == Focus::Members,
            &|n| match &n.key {
                MemberKey::Member(email) => self
                    .access_text(p, email)
                    .map(|a| vec![Span::styled(a, t.dim())])
                    .unwrap_or_default(),
                MemberKey::Invite => Vec::new(),
            },
        );
        let rh = take_top(&mut right, 1);
        render_lines(
            vec![section_line(
                t,
                "Roles",
                self.check.focus() == Focus::Roles,
                vec![
                    Span::raw(format!("{} ticked  ", self.roles.ticked.len())),
                    Span::styled(self.roles.status(), t.dim()),
                ],
            )],
            rh,
            buf,
        );
        fit.at("roles", right);
        self.roles.render(
            t,
            ctx.keys,
            right,
            buf,
            self.check.focus() == Focus::Roles,
            &|_| Vec::new(),
        );
    }

    fn fit(&mut self, fit: &Fit) {
        if let Some(r) = fit.get("members") {
            self.members.fit(r);
        }
        if let Some(r) = fit.get("roles") {
            self.roles.fit(r);
        }
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        if let Some(d) = &mut self.switched {
            return d.handle(key, ctx);
        }
        self.note = None;
        let p = ctx.platform();
        let mut used = false;
        match self.check.focus() {
            Focus::Members => {
                match self.members.handle(key, ctx.keymap) {
                    TreeEvent::Activate(MemberKey::Invite)
                    | TreeEvent::Disabled(MemberKey::Invite) => {
                        self.switch_to_invite(p);
                        used = true;
                    }
                    TreeEvent::Activate(MemberKey::Member(_)) => {
                        self.check.set_focus(Focus::Roles);
                        used = true;
                    }
                    TreeEvent::Ignored => {}
                    _ => used = true,
                }
                self.load_roles(p);
                if self.switched.is_some() {
                    return Effect::None;
                }
            }
            Focus::Roles => match self.roles.handle(key, ctx.keymap) {
                TreeEvent::Activate(_) => {
                    let built = self.own_command();
                    return self.check.submit_built(built);
                }
                TreeEvent::Ticked => {
                    // Unticked back to no entry at all: the values the dialog opened
                    // with, not a refusal (nothing to set is not wrong yet).
                    if !self.had_entry && self.roles.ticked.is_empty() {
                        self.check.untouch();
                    } else {
                        self.check.touch();
                    }
                    used = true;
                }
                TreeEvent::Ignored => {}
                _ => used = true,
            },
            Focus::Apply | Focus::Remove => {}
        }
        if used {
            return Effect::None;
        }
        if ctx
            .keymap
            .overlay_action(key, &[OverlayAction::Remove])
            .is_some()
        {
            self.check.set_focus(Focus::Remove);
            self.check.touch();
            return Effect::None;
        }
        let on_button = matches!(self.check.focus(), Focus::Apply | Focus::Remove);
        let built = self.own_command();
        self.check.navigate(ctx.keymap, key, on_button, built)
    }

    fn paste(&mut self, text: &str, ctx: &Ctx<'_>) {
        if let Some(d) = &mut self.switched {
            d.paste(text, ctx);
            return;
        }
        match self.check.focus() {
            Focus::Members => {
                self.members.paste(text);
                self.load_roles(ctx.platform());
            }
            Focus::Roles => {
                self.roles.paste(text);
            }
            _ => {}
        }
    }

    fn bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        match &self.switched {
            Some(d) => d.bindings(keymap),
            None => self.own_bindings(keymap),
        }
    }

    fn command(&self) -> Result<Command, Error> {
        match &self.switched {
            Some(d) => d.command(),
            None => self.own_command(),
        }
    }

    fn answer(&mut self, answer: Result<bool, Error>) {
        if let Some(d) = &mut self.switched {
            d.answer(answer);
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
