//! `RoleDialog` as a dialog: drawing (reads only), keys, paste and hints.

use super::{
    Binding, Buffer, Command, Ctx, Dialog, DrawCtx, Effect, Error, Fit, Focus, KeyEvent, Keymap,
    OverlayAction, Parts, Platform, PolicyKey, Record, Rect, RoleDialog, Span, TreeEvent,
    error_lines, field_lines, keys, render_around, section_line,
};

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
        let mut top = field_lines(
            t,
            "Name",
            &self.name,
            self.check.focus() == Focus::Name,
            area.width,
            "unique among your roles; no + or =",
            self.check.error_for(Focus::Name),
        );
        top.extend(field_lines(
            t,
            "Description",
            &self.description,
            self.check.focus() == Focus::Description,
            area.width,
            "optional",
            self.check.error_for(Focus::Description),
        ));
        top.push(section_line(
            t,
            "Notify",
            self.check.focus() == Focus::Notify,
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
            self.check.focus() == Focus::Policies,
            vec![
                Span::raw(format!("{count} ticked  ")),
                Span::styled(self.policies.status(), t.dim()),
            ],
        ));
        let mut bottom = Vec::new();
        for part in [Focus::Policies, Focus::Apply] {
            if let Some(e) = self.check.error_for(part) {
                bottom.extend(error_lines(t, e, area.width));
            }
        }
        bottom.push(self.apply_line(t));
        let focused = self.check.focus() == Focus::Policies;
        render_around(top, bottom, area, buf, |middle, buf| {
            fit.at("policies", middle);
            self.policies
                .render(t, ctx.keys, middle, buf, focused, &|_| Vec::new());
        });
    }

    fn fit(&mut self, fit: &Fit) {
        if let Some(r) = fit.get("policies") {
            self.policies.fit(r);
        }
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let keymap = ctx.keymap;
        let focus = self.check.focus();
        let mut changed = false;
        let mut used = false;
        match focus {
            Focus::Name | Focus::Description => {
                let input = if focus == Focus::Name {
                    &mut self.name
                } else {
                    &mut self.description
                };
                let edit = keys::edit(keymap, key, input);
                used = edit.used;
                changed = edit.changed;
            }
            Focus::Notify => {
                if matches!(
                    keys::form_action(keymap, key),
                    Some(OverlayAction::Toggle | OverlayAction::Enter)
                ) {
                    self.notify = !self.notify;
                    used = true;
                    changed = true;
                }
            }
            Focus::Policies => match self.policies.handle(key, keymap) {
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
        if changed {
            self.check.touch();
        }
        if used {
            return Effect::None;
        }
        let built = Ok(self.values_command());
        self.check
            .navigate(keymap, key, focus == Focus::Apply, built)
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx<'_>) {
        let line = text.lines().next().unwrap_or("");
        match self.check.focus() {
            Focus::Name => self.name.insert(line),
            Focus::Description => self.description.insert(line),
            Focus::Policies => {
                self.policies.paste(text);
                return;
            }
            _ => return,
        }
        self.check.touch();
    }

    fn bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        self.own_bindings(keymap)
    }

    fn command(&self) -> Result<Command, Error> {
        Ok(self.values_command())
    }

    fn answer(&mut self, answer: Result<bool, Error>) {
        self.check.answer(answer, Self::part_of);
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
