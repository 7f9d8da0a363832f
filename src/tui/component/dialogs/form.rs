//! A form of text fields that builds a command: the dialog behind every prompt that
//! needs a few values (new account, copy, clone, transfer, group add and rename, ...).

use crate::tui::num::cells;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::widgets::Fit;
use super::{Dialog, DialogCtx, DrawCtx};
use crate::engine::Command;
use crate::tui::component::Effect;
use crate::tui::input::TextInput;

pub struct Field {
    pub label: &'static str,
    /// The engine's name for the field in validation errors (`email`, `role name`).
    pub error_key: &'static str,
    pub input: TextInput,
    pub hint: &'static str,
}

impl Field {
    pub fn new(
        label: &'static str,
        error_key: &'static str,
        value: &str,
        hint: &'static str,
    ) -> Field {
        Field {
            label,
            error_key,
            input: TextInput::new(value),
            hint,
        }
    }
}

type Build = Box<dyn Fn(&[String]) -> Result<Command, String>>;

pub struct Form {
    title: String,
    intro: Option<String>,
    fields: Vec<Field>,
    focus: usize,
    build: Build,
    /// The engine's verdict on the current values, refreshed on every edit.
    verdict: Option<(Option<usize>, String)>,
    touched: bool,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>, build: Build) -> Form {
        Form {
            title: title.into(),
            intro: None,
            fields,
            focus: 0,
            build,
            verdict: None,
            touched: false,
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

    fn revalidate(&mut self, ctx: &mut DialogCtx<'_>) {
        self.verdict = match (self.build)(&self.values()) {
            Err(msg) => Some((None, msg)),
            Ok(cmd) => match ctx.validate(&cmd) {
                Ok(()) => None,
                Err(e) => {
                    // The field the error names by type, if the form has one.
                    let field = e
                        .field()
                        .and_then(|k| self.fields.iter().position(|f| f.error_key == k.as_str()));
                    Some((field, format!("{}: {e}", e.code())))
                }
            },
        };
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
            let focused = i == self.focus;
            let marker = if focused { "› " } else { "  " };
            lines.push(Line::from(vec![
                Span::styled(marker, t.accent()),
                Span::styled(f.label, t.title()),
                Span::styled(format!("  {}", f.hint), t.dim()),
            ]));
            let (shown, cursor) = f.input.view(width);
            let mut spans = vec![Span::raw("  ")];
            if focused {
                let chars: Vec<char> = shown.chars().collect();
                let before: String = chars.iter().take(cursor).collect();
                let at: String = chars
                    .get(cursor)
                    .map_or(" ".into(), std::string::ToString::to_string);
                let after: String = chars.iter().skip(cursor + 1).collect();
                spans.push(Span::raw(before));
                spans.push(Span::styled(
                    at,
                    Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
                ));
                spans.push(Span::raw(after));
            } else {
                spans.push(Span::raw(shown));
            }
            lines.push(Line::from(spans));
            match &self.verdict {
                Some((Some(fi), msg)) if *fi == i && self.touched => {
                    lines.push(Line::styled(format!("  ✕ {msg}"), t.error()));
                }
                _ => lines.push(Line::default()),
            }
        }
        match &self.verdict {
            Some((None, msg)) if self.touched => {
                lines.push(Line::styled(format!("✕ {msg}"), t.error()));
            }
            None => lines.push(Line::styled("✓ ready: Enter applies", t.ok())),
            _ => lines.push(Line::default()),
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }

    fn handle(&mut self, key: KeyEvent, ctx: &mut DialogCtx<'_>) -> Effect {
        match key.code {
            KeyCode::Esc => return Effect::Close,
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1) % self.fields.len().max(1);
            }
            KeyCode::BackTab | KeyCode::Up => {
                let n = self.fields.len().max(1);
                self.focus = (self.focus + n - 1) % n;
            }
            KeyCode::Enter => {
                self.touched = true;
                self.revalidate(ctx);
                if self.verdict.is_none()
                    && let Ok(cmd) = (self.build)(&self.values())
                {
                    return Effect::Submit(cmd);
                }
                if let Some((Some(fi), _)) = self.verdict {
                    self.focus = fi;
                }
            }
            _ => {
                if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
                    return Effect::Close;
                }
                if let Some(f) = self.fields.get_mut(self.focus)
                    && f.input.handle(&key)
                {
                    self.touched = true;
                    self.revalidate(ctx);
                }
            }
        }
        Effect::None
    }

    fn paste(&mut self, text: &str, ctx: &mut DialogCtx<'_>) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.input.insert(text.lines().next().unwrap_or(""));
            self.touched = true;
            self.revalidate(ctx);
        }
    }

    fn hints(&self) -> Vec<(&'static str, &'static str)> {
        vec![("Tab", "next field"), ("Enter", "apply"), ("Esc", "cancel")]
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
