//! Fitting a line of text into its width the way a reader can tell: cut with `…`,
//! never silently mid-word as a line drawn wider than its area is.

use ratatui::text::{Line, Span};

/// `line` in `width` columns: as it is when it fits, else cut with `…` at its end (a
/// line drawn wider than its area is cut silently, mid-word).
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut left = width.saturating_sub(1);
    let mut spans = Vec::new();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let text = crate::text::clip(&span.content, left).to_string();
        let cut = text.len() < span.content.len();
        left -= crate::text::width(&text);
        spans.push(Span::styled(text, span.style));
        if cut {
            break;
        }
    }
    if width > 0 {
        spans.push(Span::raw("…"));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_too_wide_ends_with_an_ellipsis_within_the_width() {
        let line = Line::from(vec![Span::raw("reviewing "), Span::raw("olga's account")]);
        let fitted = fit_line(line.clone(), 15);
        assert_eq!(fitted.to_string(), "reviewing olga…");
        assert_eq!(fitted.width(), 15);
        assert_eq!(fit_line(line, 40).to_string(), "reviewing olga's account");
        // A wide character that does not fit ends the line: nothing after it shows.
        let wide = Line::from(vec![Span::raw("ab開"), Span::raw("xyz")]);
        assert_eq!(fit_line(wide, 4).to_string(), "ab…");
    }
}
