//! Colours and emphasis. With `NO_COLOR` every colour is dropped and only modifiers
//! (bold, reversed, dim) remain, so selection and state stay visible without colour.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Debug)]
pub struct Theme {
    pub color: bool,
    pub accent: Color,
    pub ok: Color,
    pub warn: Color,
    pub error: Color,
    pub muted: Color,
    pub selection: Color,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            color: true,
            accent: Color::Cyan,
            ok: Color::Green,
            warn: Color::Yellow,
            error: Color::Red,
            muted: Color::DarkGray,
            selection: Color::Blue,
        }
    }
}

impl Theme {
    pub fn plain() -> Theme {
        Theme {
            color: false,
            ..Theme::default()
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn accent(&self) -> Style {
        self.fg(self.accent)
    }
    pub fn ok(&self) -> Style {
        self.fg(self.ok)
    }
    pub fn warn(&self) -> Style {
        self.fg(self.warn)
    }
    pub fn error(&self) -> Style {
        self.fg(self.error).add_modifier(Modifier::BOLD)
    }
    /// Unavailable or secondary text.
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(self.muted)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    /// The selected row: reversed in the focused pane, so it never relies on colour.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            if self.color {
                Style::new()
                    .bg(self.selection)
                    .fg(Color::White)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::new().add_modifier(Modifier::REVERSED)
            }
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.accent().add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }

    /// Sets a named colour from the config; returns false for an unknown name.
    pub fn set(&mut self, name: &str, value: Color) -> bool {
        match name {
            "accent" => self.accent = value,
            "ok" => self.ok = value,
            "warn" => self.warn = value,
            "error" => self.error = value,
            "muted" => self.muted = value,
            "selection" => self.selection = value,
            _ => return false,
        }
        true
    }
}

/// The symbol of a member's status, as every list shows it.
pub fn status_symbol(s: crate::engine::CollabStatus) -> &'static str {
    match s {
        crate::engine::CollabStatus::Active => "●",
        crate::engine::CollabStatus::Pending => "◌",
        crate::engine::CollabStatus::Suspended => "‖",
        crate::engine::CollabStatus::Left => "←",
        crate::engine::CollabStatus::Rejected => "✕",
    }
}

pub fn status_style(t: &Theme, s: crate::engine::CollabStatus) -> Style {
    match s {
        crate::engine::CollabStatus::Active => t.ok(),
        crate::engine::CollabStatus::Pending | crate::engine::CollabStatus::Suspended => t.warn(),
        crate::engine::CollabStatus::Left => t.dim(),
        crate::engine::CollabStatus::Rejected => t.error(),
    }
}
