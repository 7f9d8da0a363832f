//! Drawing the tree (reads only) and fitting its scroll state to its area.

use super::{Buffer, Line, Node, Rect, Span, Style, Theme, Tick, Tree, Widget};
use crate::tui::keys::{Keymap, OverlayAction};
use crate::tui::num::cells;

impl<K: Clone + Ord> Tree<K> {
    /// The first row shown in `h` rows: the fitted offset, moved just enough to show
    /// the cursor.
    fn view_offset(&self, h: usize) -> usize {
        let mut offset = self.offset;
        if self.cursor < offset {
            offset = self.cursor;
        } else if self.cursor >= offset + h {
            offset = self.cursor + 1 - h;
        }
        offset.min(self.visible.len().saturating_sub(h))
    }

    /// The layout step: fits the scroll state to the area the tree is drawn in (what
    /// a page is, and the first row shown), so that drawing only reads.
    pub fn fit(&mut self, area: Rect) {
        let h = area.height as usize;
        if h == 0 || area.width == 0 {
            return;
        }
        self.page = h.saturating_sub(1).max(1);
        if !self.visible.is_empty() {
            self.offset = self.view_offset(h);
        }
    }

    /// Draws the visible window. `decorate` adds spans after a row's label (roles,
    /// inherited roles); they start in a common column.
    pub fn render(
        &self,
        t: &Theme,
        keys: &Keymap,
        area: Rect,
        buf: &mut Buffer,
        focused: bool,
        decorate: &dyn Fn(&Node<K>) -> Vec<Span<'static>>,
    ) {
        let area = area.intersection(buf.area);
        let h = area.height as usize;
        if h == 0 || area.width == 0 {
            return;
        }
        if self.visible.is_empty() {
            let key = |a| keys.overlay_label(a);
            let text = if self.selected_only {
                format!(
                    "nothing ticked matches ({} shows all)",
                    key(OverlayAction::SelectedOnly)
                )
            } else if self.filtering() {
                format!(
                    "no match ({} clears the search)",
                    key(OverlayAction::ClearSearch)
                )
            } else {
                self.empty_text.clone()
            };
            Line::styled(format!("  {text}"), t.dim()).render(area, buf);
            return;
        }
        let offset = self.view_offset(h);
        let folds = self.any_branch();
        let tickable = self.tickable();
        let window: Vec<usize> = self.visible.iter().skip(offset).take(h).copied().collect();
        let prefix = |n: &Node<K>| -> usize {
            let tick = if n.tick == Tick::None { 0 } else { 4 };
            2 + 2 * n.depth as usize + if folds { 2 } else { 0 } + tick
        };
        let widest = window
            .iter()
            .filter_map(|i| self.nodes.get(*i))
            .map(|n| prefix(n) + crate::text::width(&n.label))
            .max()
            .unwrap_or(0);
        let column = (widest + 2).min(area.width as usize * 3 / 5);
        for (row, &i) in window.iter().enumerate() {
            let Some(n) = self.nodes.get(i) else {
                continue;
            };
            let selected = offset + row == self.cursor;
            let mut spans: Vec<Span<'static>> = Vec::new();
            // The cursor: `›` while the list has focus; in a list to choose one row
            // from, the chosen row keeps a `•` when focus moves on.
            let marker = match (selected, focused) {
                (true, true) => "› ",
                (true, false) if !tickable => "• ",
                _ => "  ",
            };
            spans.push(Span::styled(marker, t.accent()));
            spans.push(Span::raw("  ".repeat(n.depth as usize)));
            if folds {
                let fold = if !self.has_children(i) {
                    "  "
                } else if self.collapsed.contains(&n.key) && !self.filtering() {
                    "▸ "
                } else {
                    "▾ "
                };
                spans.push(Span::styled(fold, t.dim()));
            }
            let label_style = if !n.enabled {
                t.dim()
            } else if n.heading {
                t.title()
            } else {
                Style::new()
            };
            if n.tick == Tick::None {
            } else {
                let mark = match self.state(i) {
                    Some(true) => "[x] ",
                    Some(false) => "[ ] ",
                    None => "[-] ",
                };
                let style = if n.enabled { t.accent() } else { t.dim() };
                spans.push(Span::styled(mark, style));
            }
            spans.push(Span::styled(n.label.clone(), label_style));
            let used = prefix(n) + crate::text::width(&n.label);
            let extra = decorate(n);
            if !extra.is_empty() || !n.detail.is_empty() {
                spans.push(Span::raw(" ".repeat(column.saturating_sub(used).max(2))));
            }
            let had_extra = !extra.is_empty();
            spans.extend(extra);
            if !n.detail.is_empty() {
                if had_extra {
                    spans.push(Span::raw("  "));
                }
                // A detail wider than what is left of the row ends in `…`, so that a
                // cut description does not read as a whole one.
                let used: usize = spans.iter().map(|s| crate::text::width(&s.content)).sum();
                let room = usize::from(area.width).saturating_sub(used);
                let detail = if crate::text::width(&n.detail) > room {
                    format!("{}…", crate::text::clip(&n.detail, room.saturating_sub(1)))
                } else {
                    n.detail.clone()
                };
                spans.push(Span::styled(detail, t.dim()));
            }
            let mut line = Line::from(spans);
            if selected {
                line = line.style(t.selected(focused));
            }
            let y = area.y + cells(row);
            line.render(Rect::new(area.x, y, area.width, 1), buf);
        }
    }
}
