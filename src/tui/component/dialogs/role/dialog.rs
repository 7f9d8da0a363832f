//! `RoleDialog` as a dialog: drawing (reads only), keys, paste and hints.

use super::{
    Buffer, Dialog, DialogCtx, DrawCtx, Effect, FieldNav, Fit, Focus, KeyCode, KeyEvent, PolicyKey,
    Rect, RoleDialog, Span, TreeEvent, error_line, field_line, field_nav, is_ctrl,
    leaves_text_field, render_around, section_line, tidy_hints,
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
