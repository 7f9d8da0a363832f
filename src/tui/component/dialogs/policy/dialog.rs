//! `PolicyDialog` as a dialog: drawing (reads only), keys, paste and hints.

use super::{
    Binding, Buffer, Command, Ctx, Dialog, DrawCtx, Effect, Error, Fit, Focus, KeyEvent, Keymap,
    MethodKey, Parts, Platform, PolicyDialog, Record, Rect, Span, TreeEvent, error_lines,
    field_lines, keys, render_around, section_line,
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
            top.extend(field_lines(
                t,
                "Name",
                &self.name,
                self.check.focus() == Focus::Name,
                area.width,
                "unique among your policies",
                self.check.error_for(Focus::Name),
            ));
        }
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
            "Methods",
            self.check.focus() == Focus::Methods,
            vec![
                Span::raw(format!("{} ticked  ", self.chosen().len())),
                Span::styled(self.methods.status(), t.dim()),
            ],
        ));
        let mut bottom = Vec::new();
        for part in [Focus::Methods, Focus::Apply] {
            if let Some(e) = self.check.error_for(part) {
                bottom.extend(error_lines(t, e, area.width));
            }
        }
        bottom.push(self.apply_line(t));
        let focused = self.check.focus() == Focus::Methods;
        render_around(top, bottom, area, buf, |middle, buf| {
            fit.at("methods", middle);
            self.methods
                .render(t, ctx.keys, middle, buf, focused, &|_| Vec::new());
        });
    }

    fn fit(&mut self, fit: &Fit) {
        if let Some(r) = fit.get("methods") {
            self.methods.fit(r);
        }
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let keymap = ctx.keymap;
        let focus = self.check.focus();
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
                if edit.changed {
                    self.check.touch();
                }
            }
            Focus::Methods => match self.methods.handle(key, keymap) {
                TreeEvent::Ignored => {}
                TreeEvent::Ticked => {
                    self.check.touch();
                    used = true;
                }
                TreeEvent::Activate(k @ MethodKey::Policy(_)) => {
                    self.methods.toggle_fold(k);
                    used = true;
                }
                TreeEvent::Activate(k @ MethodKey::Method(_)) => {
                    let on = !self.methods.is_ticked(&k);
                    self.methods.set_tick(&k, on);
                    self.check.touch();
                    used = true;
                }
                TreeEvent::Handled | TreeEvent::Disabled(_) => used = true,
            },
            Focus::Apply => {}
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
            Focus::Methods => {
                self.methods.paste(text);
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
        Ok(self.values_command())
    }

    fn answer(&mut self, answer: Result<bool, Error>) {
        let route = self.route();
        self.check.answer(answer, route);
    }

    fn record(&self, p: &Platform) -> Option<Record> {
        self.edited(p)
    }

    fn parts(&self) -> Parts {
        self.own_parts()
    }

    fn load(&mut self, _p: &Platform, parts: &Parts) {
        self.load_parts(parts);
    }
}
