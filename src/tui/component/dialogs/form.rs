//! A form of text fields that builds a command: the dialog behind every prompt that
//! needs a few values (new account, copy, clone, transfer, group add and rename, ...).

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::check::Check;
use super::keys::{self, FieldNav, PartKind};
use super::widgets::Fit;
use super::{Dialog, DrawCtx};
use crate::engine::{Command, Error, Field as EngineField};
use crate::tui::component::{Binding, Ctx, Effect};
use crate::tui::input::TextInput;
use crate::tui::keys::Keymap;
use crate::tui::num::cells;

pub struct Field {
    pub label: &'static str,
    /// The field of the engine's errors this one holds, so a refusal lands here.
    pub field: EngineField,
    pub input: TextInput,
    pub hint: &'static str,
}

impl Field {
    pub fn new(label: &'static str, field: EngineField, value: &str, hint: &'static str) -> Field {
        Field {
            label,
            field,
            input: TextInput::new(value),
            hint,
        }
    }
}

type Build = Box<dyn Fn(&[String]) -> Command>;

/// Where focus is: a field by index. A refusal about no field is shown under them.
type Part = Option<usize>;

pub struct Form {
    title: String,
    intro: Option<String>,
    fields: Vec<Field>,
    build: Build,
    check: Check<Part>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>, build: Build) -> Form {
        let order = (0..fields.len()).map(Some).collect();
        Form {
            title: title.into(),
            intro: None,
            fields,
            build,
            check: Check::new(order, Some(0)),
        }
    }

    #[must_use]
    pub fn with_intro(mut self, intro: impl Into<String>) -> Form {
        self.intro = Some(intro.into());
        self
    }

    fn values(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.input.value.clone()).collect()
    }

    fn focused(&mut self) -> Option<&mut Field> {
        self.check.focus().and_then(|i| self.fields.get_mut(i))
    }
}

impl Dialog for Form {
    fn title(&self) -> String {
        self.title.clone()
    }

    fn size(&self, screen: Rect) -> (u16, u16) {
        let h = cells(self.fields.len())
            .saturating_mul(3)
            .saturating_add(4 + u16::from(self.intro.is_some()) * 2);
        (screen.width.saturating_sub(4).min(72), h.min(screen.height))
    }

    fn paint(&self, ctx: &DrawCtx<'_>, area: Rect, buf: &mut Buffer, _fit: &mut Fit) {
        let t = ctx.theme;
        let mut lines: Vec<Line<'_>> = Vec::new();
        if let Some(intro) = &self.intro {
            lines.push(Line::styled(intro.clone(), t.dim()));
            lines.push(Line::default());
        }
        let width = area.width.saturating_sub(4) as usize;
        for (i, f) in self.fields.iter().enumerate() {
            let focused = self.check.focus() == Some(i);
            let marker = if focused { "› " } else { "  " };
            lines.push(Line::from(vec![
                Span::styled(marker, t.accent()),
                Span::styled(f.label, t.title()),
                Span::styled(format!("  {}", f.hint), t.dim()),
            ]));
            let shown = f.input.shown(width);
            let mut spans = vec![Span::raw("  ")];
            if focused {
                spans.extend(super::widgets::with_cursor(shown));
            } else {
                spans.push(Span::raw(format!(
                    "{}{}",
                    shown.before,
                    shown.from_cursor()
                )));
            }
            lines.push(Line::from(spans));
            match self.check.error_for(Some(i)) {
                Some(msg) => lines.push(Line::styled(format!("  ✕ {msg}"), t.error())),
                None => lines.push(Line::default()),
            }
        }
        lines.push(Line::from(self.check.status(
            t,
            None,
            "apply",
            "fill in the fields, then apply",
        )));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let last = self.check.focus() == Some(self.fields.len().saturating_sub(1));
        let leaves = keys::leaves_text_field(ctx.keymap, key);
        if !leaves
            && let Some(f) = self.focused()
            && f.input.handle(key)
        {
            self.check.touch();
            return Effect::None;
        }
        match keys::field_nav(ctx.keymap, key, last) {
            FieldNav::Next => self.check.step(true),
            FieldNav::Prev => self.check.step(false),
            FieldNav::Apply => return self.check.submit((self.build)(&self.values())),
            FieldNav::Cancel => return Effect::Close,
            FieldNav::Other => {}
        }
        Effect::None
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx<'_>) {
        if let Some(f) = self.focused() {
            f.input.insert(text.lines().next().unwrap_or(""));
            self.check.touch();
        }
    }

    fn bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        keys::bindings(keymap, PartKind::Text, Vec::new(), "apply")
    }

    fn command(&self) -> Result<Command, Error> {
        Ok((self.build)(&self.values()))
    }

    fn answer(&mut self, answer: Result<bool, Error>) {
        let fields: Vec<EngineField> = self.fields.iter().map(|f| f.field).collect();
        self.check.answer(answer, |e| {
            e.field().and_then(|k| fields.iter().position(|f| *f == k))
        });
    }
}

/// The text of field `i` of a submitted form (the form always has it; empty otherwise).
pub fn field(v: &[String], i: usize) -> String {
    v.get(i).cloned().unwrap_or_default()
}

/// The text of an optional field `i`: `None` when left empty.
pub fn optional(v: &[String], i: usize) -> Option<String> {
    v.get(i).filter(|s| !s.is_empty()).cloned()
}
