//! Fitting a line of text into its width the way a reader can tell: cut with `…`,
//! never silently mid-word as a line drawn wider than its area is.

use ratatui::text::{Line, Span};

/// `line` in `width` columns: as it is when it fits, else cut with `…` at its end (a
/// line drawn wider than its area is cut silently, mid-word). The line's own style
/// and alignment are kept.
pub fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let (style, alignment) = (line.style, line.alignment);
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
    let mut out = Line::from(spans).style(style);
    out.alignment = alignment;
    out
}

/// `s` in at most `max` columns, cut at its start when it is longer (`…` and its
/// end: a path keeps its file name); nothing when not even that fits.
pub fn cut_start(s: &str, max: usize) -> String {
    if crate::text::width(s) <= max {
        return s.to_string();
    }
    if max < 2 {
        return String::new();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let w = crate::text::char_width(c);
        if used + w > max {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
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

    #[test]
    fn cut_at_the_start_keeps_the_end_of_a_path() {
        assert_eq!(
            cut_start("/tmp/deep/state.json", 40),
            "/tmp/deep/state.json"
        );
        assert_eq!(cut_start("/tmp/deep/state.json", 11), "…state.json");
        assert_eq!(cut_start("/tmp/開発/state.json", 14), "…発/state.json");
        assert_eq!(cut_start("/tmp/開発/state.json", 13), "…/state.json");
        assert_eq!(cut_start("/tmp/deep/state.json", 1), "");
    }
}
