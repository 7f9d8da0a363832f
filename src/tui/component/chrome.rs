//! The frame and hint line every overlay and dialog draws.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::Binding;
use crate::tui::theme::Theme;

/// Clears a rectangle, draws a titled border, returns the inside.
pub fn frame(t: &Theme, title: &str, rect: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), t.title()))
        .border_style(t.border(true));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// A hint line generated from a component's bindings: each one's first key and word.
pub fn bindings_line(t: &Theme, bindings: &[Binding]) -> Line<'static> {
    let mut spans = Vec::new();
    for b in bindings.iter().filter(|b| !b.keys.is_empty()) {
        spans.push(Span::styled(b.label(), t.accent()));
        spans.push(Span::raw(format!(" {}  ", b.hint)));
    }
    Line::from(spans)
}
