//! `PolicyDialog` as a dialog: drawing (reads only), keys, paste and hints.

use super::{
    Buffer, Dialog, DialogCtx, DrawCtx, Effect, FieldNav, Fit, Focus, KeyEvent, MethodKey,
    PolicyDialog, Rect, Span, TreeEvent, error_line, field_line, field_nav, is_ctrl,
    leaves_text_field, render_around, section_line, tidy_hints,
};

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
