//! A form of text fields that builds a command: the dialog behind every prompt that
//! needs a few values (new account, copy, clone, transfer, group add and rename, ...).
//!
//! A field's hint shows beside its label while the field is empty, as the rich
//! dialogs' placeholders do. A form that edits an existing record (the rename of a
//! group) says which, and the parts its fields hold, so that it follows the record
//! when another process changes it, as every such dialog does (see `basis`).

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::basis::{Parts, Record};
use super::check::Check;
use super::keys::{self, FieldNav, PartKind};
use super::widgets::Fit;
use super::{Dialog, DrawCtx, Part as ErrorPart, field_part, part_of};
use crate::engine::{Command, Error, Field as EngineField, Platform};
use crate::tui::component::{Binding, Ctx, Effect};
use crate::tui::input::TextInput;
use crate::tui::keys::Keymap;
use crate::tui::num::cells;

pub struct Field {
    pub label: &'static str,
    /// The field of the engine's errors this one holds, so a refusal lands here.
    pub field: EngineField,
    pub input: TextInput,
    /// Shown beside the label while the field is empty.
    pub hint: &'static str,
    /// Another part of the engine's errors that lands here (an unknown account, on
    /// the field that names it).
    also: Option<ErrorPart>,
    /// The part of the edited record this field holds (see [`Form::editing`]).
    part: Option<&'static str>,
}

impl Field {
    pub fn new(label: &'static str, field: EngineField, value: &str, hint: &'static str) -> Field {
        Field {
            label,
            field,
            input: TextInput::new(value),
            hint,
            also: None,
            part: None,
        }
    }

    /// The engine's errors about `part` land on this field too.
    #[must_use]
    pub fn also_for(mut self, part: ErrorPart) -> Field {
        self.also = Some(part);
        self
    }

    /// The field holds the part `name` of the record the form edits.
    #[must_use]
    pub fn holds(mut self, name: &'static str) -> Field {
        self.part = Some(name);
        self
    }

    /// Whether the engine's error `e` is about this field: its own field, or a part
    /// of the form it stands for.
    fn is_about(&self, e: &Error) -> bool {
        e.field() == Some(self.field)
            || field_part(self.field) == part_of(e)
            || self.also == Some(part_of(e))
    }
}

type Build = Box<dyn Fn(&[String]) -> Command>;

/// The record a form edits, as a platform holds it: its parts by name, `None` when it
/// is gone.
type Read = Box<dyn Fn(&Platform) -> Option<Parts>>;

/// Where focus is: a field by index. A refusal about no field is shown under them.
type Part = Option<usize>;

pub struct Form {
    title: String,
    intro: Option<String>,
    fields: Vec<Field>,
    build: Build,
    check: Check<Part>,
    /// What the form edits ("group Production/EU") and how to read it.
    edits: Option<(String, Read)>,
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
            edits: None,
        }
    }

    /// A form that edits the record `what` (as the user names it: "group A/B"), which
    /// `read` finds on a platform; its fields say which parts they hold.
    #[must_use]
    pub fn editing(mut self, what: impl Into<String>, read: Read) -> Form {
        self.edits = Some((what.into(), read));
        self
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
        let w = screen.width.saturating_sub(4).min(72);
        // The rows a refusal takes past its first, wrapped inside the border.
        let room = usize::from(w.saturating_sub(4)).max(1);
        let extra: usize = self
            .fields
            .iter()
            .enumerate()
            .filter_map(|(i, _)| self.check.error_for(Some(i)))
            .chain(self.check.error_for(None))
            .map(|msg| {
                crate::text::wrap(&format!("✕ {msg}"), room)
                    .len()
                    .saturating_sub(1)
            })
            .sum();
        let h = cells(self.fields.len())
            .saturating_mul(3)
            .saturating_add(4 + u16::from(self.intro.is_some()) * 2)
            .saturating_add(cells(extra));
        (w, h.min(screen.height))
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
            let mut label = vec![
                Span::styled(marker, t.accent()),
                Span::styled(f.label, t.title()),
            ];
            if f.input.value.is_empty() {
                label.push(Span::styled(format!("  {}", f.hint), t.dim()));
            }
            lines.push(Line::from(label));
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
        if let Some(msg) = self.check.error_for(None) {
            lines.push(Line::styled(format!("✕ {msg}"), t.error()));
        }
        lines.push(Line::from(self.check.status(
            t,
            "apply",
            "fill in the fields, then apply",
        )));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let last = self.check.focus() == Some(self.fields.len().saturating_sub(1));
        if let Some(f) = self.focused() {
            let edit = keys::edit(ctx.keymap, key, &mut f.input);
            if edit.changed {
                self.check.touch();
            }
            if edit.used {
                return Effect::None;
            }
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
            let was = f.input.value.clone();
            f.input.insert(text.lines().next().unwrap_or(""));
            if f.input.value != was {
                self.check.touch();
            }
        }
    }

    fn bindings(&self, keymap: &Keymap) -> Vec<Binding> {
        // Enter on the last field applies (the one submit rule): the hint says so,
        // so that pressing it is never a surprise refusal.
        let last = self.check.focus() == Some(self.fields.len().saturating_sub(1));
        let kind = if last {
            PartKind::Button
        } else {
            PartKind::Text
        };
        keys::bindings(keymap, kind, Vec::new(), "apply")
    }

    fn command(&self) -> Result<Command, Error> {
        Ok((self.build)(&self.values()))
    }

    fn answer(&mut self, answer: Result<bool, Error>) {
        let fields = &self.fields;
        self.check.answer(answer, |e| {
            // The field the error names, else the one its part is about.
            let named = fields.iter().position(|f| e.field() == Some(f.field));
            named.or_else(|| fields.iter().position(|f| f.is_about(e)))
        });
    }

    fn record(&self, p: &Platform) -> Option<Record> {
        let (what, read) = self.edits.as_ref()?;
        Some(Record::new(what.clone(), read(p)))
    }

    fn parts(&self) -> Parts {
        self.fields
            .iter()
            .filter_map(|f| f.part.map(|name| (name.to_string(), f.input.value.clone())))
            .collect()
    }

    fn load(&mut self, _p: &Platform, parts: &Parts) {
        for f in &mut self.fields {
            let Some(name) = f.part else { continue };
            let value = parts.get(name).map_or("", String::as_str);
            if f.input.value != value {
                f.input = TextInput::new(value);
            }
        }
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
