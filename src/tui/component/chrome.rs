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
        // A title may quote what was typed (the palette's answer is titled with its
        // line): escaped here, for every overlay.
        .title(Span::styled(
            format!(" {} ", crate::text::escape(title)),
            t.title(),
        ))
        .border_style(t.border(true));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// The hint line of `bindings` drawn in its row `area`, ending with `…` when the row
/// is too narrow for all of them.
pub fn render_hints(t: &Theme, bindings: &[Binding], area: Rect, buf: &mut Buffer) {
    crate::tui::fit::fit_line(bindings_line(t, bindings), usize::from(area.width))
        .render(area, buf);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_drawn_with_its_invisible_characters_escaped() {
        let area = Rect::new(0, 0, 40, 3);
        let mut buf = Buffer::empty(area);
        frame(
            &Theme::plain(),
            "who shop\u{2028}-prod\u{202e}",
            area,
            &mut buf,
        );
        let top: String = (0..area.width)
            .filter_map(|x| buf.cell((x, 0)).map(|c| c.symbol().to_string()))
            .collect();
        assert!(top.contains("who shop\\u{2028}-prod\\u{202e}"), "{top}");
        assert!(!top.chars().any(crate::text::is_invisible), "{top}");
    }
}
