//! Pieces the rich dialogs share: a scrolling tree (or flat list) with tick boxes, a
//! selection, search, a "selected only" filter and folding; text-field and button
//! lines; and a popup frame for pickers and nested dialogs.
//!
//! Everything here draws only the rows that fit, clamps to the area it is given
//! (which may be empty), and shows the selection with a `›` marker as well as the
//! theme's selected style, so it works without colour.

mod tree;

pub use tree::{Node, Tick, Tree, TreeEvent};

use crate::tui::num::cells;
use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use crate::engine::Error;
use crate::tui::input::{Shown, TextInput};
use crate::tui::theme::Theme;

/// Width of the label column of a field line.
pub const LABEL_WIDTH: usize = 14;

/// Where a dialog drew each of its scrolling lists, recorded while painting. The
/// layout step paints into a scratch buffer with one of these and fits each list's
/// scroll state to its area; the real drawing records into a throwaway one.
#[derive(Debug, Default)]
pub struct Fit {
    slots: Vec<(&'static str, Rect)>,
}

impl Fit {
    /// Records that the list called `name` was drawn in `area`.
    pub fn at(&mut self, name: &'static str, area: Rect) {
        self.slots.push((name, area));
    }

    /// Where the list called `name` was drawn, if it was.
    pub fn get(&self, name: &str) -> Option<Rect> {
        self.slots
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| *r)
    }
}

// ----- lines ---------------------------------------------------------------------

/// `› Label         value` with the cursor shown when focused; a dim placeholder
/// when empty.
pub fn field_line(
    t: &Theme,
    label: &str,
    input: &TextInput,
    focused: bool,
    width: u16,
    placeholder: &str,
) -> Line<'static> {
    let mut spans = vec![
        Span::styled(if focused { "› " } else { "  " }, t.accent()),
        Span::styled(
            format!("{label:<LABEL_WIDTH$}"),
            field_label_style(t, focused),
        ),
    ];
    let room = (width as usize).saturating_sub(LABEL_WIDTH + 3).max(1);
    if focused {
        spans.extend(with_cursor(input.shown(room)));
        if input.value.is_empty() && !placeholder.is_empty() {
            spans.push(Span::styled(format!(" {placeholder}"), t.dim()));
        }
    } else if input.value.is_empty() {
        spans.push(Span::styled(placeholder.to_string(), t.dim()));
    } else {
        let shown = input.shown(room);
        spans.push(Span::raw(format!(
            "{}{}",
            shown.before,
            shown.from_cursor()
        )));
    }
    Line::from(spans)
}

/// A text field's line and, once the user touched the dialog, the refusal about it.
pub fn field_lines(
    t: &Theme,
    label: &str,
    input: &TextInput,
    focused: bool,
    width: u16,
    placeholder: &str,
    error: Option<&str>,
) -> Vec<Line<'static>> {
    let mut out = vec![field_line(t, label, input, focused, width, placeholder)];
    if let Some(e) = error {
        out.extend(error_lines(t, e, width));
    }
    out
}

/// A focused field's text as spans: the character under the cursor reversed (a
/// space at the end of the text), the rest plain; escaped by [`TextInput::shown`].
pub fn with_cursor(shown: Shown) -> [Span<'static>; 3] {
    [
        Span::raw(shown.before),
        Span::styled(
            shown.at.unwrap_or_else(|| " ".into()),
            Style::new().add_modifier(Modifier::REVERSED),
        ),
        Span::raw(shown.after),
    ]
}

fn field_label_style(t: &Theme, focused: bool) -> Style {
    if focused {
        t.title().add_modifier(Modifier::UNDERLINED)
    } else {
        t.title()
    }
}

/// A label line for a part of the dialog that is not a text field (a list, a toggle).
pub fn section_line(
    t: &Theme,
    label: &str,
    focused: bool,
    rest: Vec<Span<'static>>,
) -> Line<'static> {
    let mut spans = vec![
        Span::styled(if focused { "› " } else { "  " }, t.accent()),
        Span::styled(
            format!("{label:<LABEL_WIDTH$}"),
            field_label_style(t, focused),
        ),
    ];
    spans.extend(rest);
    Line::from(spans)
}

/// The most lines an error under a field takes; past them it ends with `…`.
const ERROR_LINES: usize = 3;

/// The error under a field, indented to the value column and wrapped to `width`
/// columns, so that it can be read in full (up to `ERROR_LINES` lines).
pub fn error_lines(t: &Theme, msg: &str, width: u16) -> Vec<Line<'static>> {
    let indent = 2 + LABEL_WIDTH;
    let room = usize::from(width).saturating_sub(indent + 2).max(16);
    let wrapped = crate::text::wrap(msg, room);
    let more = wrapped.len() > ERROR_LINES;
    let mut out: Vec<Line<'static>> = wrapped
        .into_iter()
        .take(ERROR_LINES)
        .enumerate()
        .map(|(i, l)| {
            let mark = if i == 0 { "✕ " } else { "  " };
            Line::styled(format!("{:indent$}{mark}{l}", ""), t.error())
        })
        .collect();
    if more && let Some(last) = out.last_mut() {
        // Wider than the row by one, so that drawing it ends it with `…`.
        let mut spans = std::mem::take(&mut last.spans);
        spans.push(ratatui::text::Span::raw(" ".repeat(usize::from(width))));
        *last = crate::tui::fit::fit_line(Line::from(spans).style(t.error()), usize::from(width));
    }
    out
}

/// `[ Apply ]`-style buttons; the focused one reversed and marked.
pub fn buttons_line(
    t: &Theme,
    buttons: &[(&str, bool, bool)],
    tail: Vec<Span<'static>>,
) -> Line<'static> {
    let mut spans = Vec::new();
    for (label, focused, enabled) in buttons {
        let style = if *focused {
            t.selected(true)
        } else if *enabled {
            t.title()
        } else {
            t.dim()
        };
        spans.push(Span::styled(if *focused { "›" } else { " " }, t.accent()));
        spans.push(Span::styled(format!("[ {label} ]"), style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::raw(" "));
    spans.extend(tail);
    Line::from(spans)
}

/// The message for an engine refusal shown beside a field.
pub fn error_text(e: &Error) -> String {
    format!("{}: {e}", e.code())
}

/// Renders lines from the top of `area`, one per row; a line too long for its row
/// (a field's error, a refusal) ends with `…`.
pub fn render_lines(lines: Vec<Line<'_>>, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    for (i, line) in lines.into_iter().enumerate().take(area.height as usize) {
        crate::tui::fit::fit_line(line, usize::from(area.width))
            .render(Rect::new(area.x, area.y + cells(i), area.width, 1), buf);
    }
}

/// Splits `area` into a top of `top` rows, a bottom of `bottom` rows and the middle,
/// giving the middle what is left (the top first when space is short).
pub fn split_rows(area: Rect, top: u16, bottom: u16) -> (Rect, Rect, Rect) {
    let top = top.min(area.height);
    let bottom = bottom.min(area.height - top);
    let middle = area.height - top - bottom;
    (
        Rect::new(area.x, area.y, area.width, top),
        Rect::new(area.x, area.y + top, area.width, middle),
        Rect::new(area.x, area.y + top + middle, area.width, bottom),
    )
}

/// Cuts `h` rows (at most what is left) off the top of `area`.
pub fn take_top(area: &mut Rect, h: u16) -> Rect {
    let h = h.min(area.height);
    let out = Rect::new(area.x, area.y, area.width, h);
    area.y += h;
    area.height -= h;
    out
}

/// Cuts `h` rows (at most what is left) off the bottom of `area`.
pub fn take_bottom(area: &mut Rect, h: u16) -> Rect {
    let h = h.min(area.height);
    area.height -= h;
    Rect::new(area.x, area.y + area.height, area.width, h)
}

/// A bordered, cleared box of at most `w` x `h` centred in `area`; returns the inside.
pub fn popup(t: &Theme, title: &str, area: Rect, w: u16, h: u16, buf: &mut Buffer) -> Rect {
    let area = area.intersection(buf.area);
    let rect = crate::tui::layout::centered(area, w, h);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), t.title()))
        .border_style(t.border(true));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// Draws a dialog body: fixed lines on top, a list in the middle taking the rest,
/// fixed lines at the bottom.
pub fn render_around(
    top: Vec<Line<'_>>,
    bottom: Vec<Line<'_>>,
    area: Rect,
    buf: &mut Buffer,
    middle: impl FnOnce(Rect, &mut Buffer),
) {
    let (top_area, middle_area, bottom_area) =
        split_rows(area, cells(top.len()), cells(bottom.len()));
    render_lines(top, top_area, buf);
    middle(middle_area, buf);
    render_lines(bottom, bottom_area, buf);
}
