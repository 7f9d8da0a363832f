//! Overlays drawn over the panes: help, the command palette, text views (why, query
//! output), menus, the confirmation/preview of a change, and dialogs. Each one is a
//! component: it handles its own keys by returning an effect and draws itself; the
//! app holds the one on top and applies what it returns.

mod completion;
mod confirm;
mod help;
mod menu;
mod tab;
mod text;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::dialogs::DialogBox;
use super::{Binding, Component, Ctx, Effect};

pub mod palette;
pub use confirm::{Confirm, Proposed};
pub use help::Help;
pub use menu::{Menu, MenuItem};
pub use palette::Palette;
pub use text::TextView;

/// The overlay on top of the main screen: one of the components below.
pub enum Overlay {
    Help(Help),
    Palette(Palette),
    Text(TextView),
    Menu(Menu),
    Confirm(Confirm),
    Dialog(DialogBox),
}

impl Overlay {
    /// A dialog as an overlay.
    pub fn dialog(d: Box<dyn super::dialogs::Dialog>) -> Overlay {
        Overlay::Dialog(DialogBox::new(d))
    }

    /// The dialog this overlay holds: the dialog itself, or the one a confirmation
    /// was submitted from.
    pub fn into_dialog(self) -> Option<DialogBox> {
        match self {
            Overlay::Dialog(d) => Some(d),
            Overlay::Confirm(c) => c.origin.map(|d| *d),
            _ => None,
        }
    }

    /// The overlay as a component: every key goes through here.
    pub fn component(&mut self) -> &mut dyn Component {
        match self {
            Overlay::Help(h) => h,
            Overlay::Palette(p) => p,
            Overlay::Text(t) => t,
            Overlay::Menu(m) => m,
            Overlay::Confirm(c) => c,
            Overlay::Dialog(d) => d,
        }
    }

    fn view(&self) -> &dyn Component {
        match self {
            Overlay::Help(h) => h,
            Overlay::Palette(p) => p,
            Overlay::Text(t) => t,
            Overlay::Menu(m) => m,
            Overlay::Confirm(c) => c,
            Overlay::Dialog(d) => d,
        }
    }

    pub fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        self.view().bindings(ctx)
    }

    /// Pastes text into whatever field has focus.
    pub fn paste(&mut self, text: &str, ctx: &Ctx<'_>) -> Effect {
        let line = text.lines().next().unwrap_or("");
        match self {
            Overlay::Palette(p) => {
                p.input.insert(line);
                p.refresh_completions(ctx);
            }
            Overlay::Help(h) => h.search.insert(line),
            Overlay::Dialog(d) => d.dialog.paste(text, ctx),
            _ => {}
        }
        Effect::None
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        self.view().render(area, buf, ctx);
    }
}

pub use super::chrome::{bindings_line, frame, render_hints};
