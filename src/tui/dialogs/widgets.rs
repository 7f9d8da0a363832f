//! Pieces the rich dialogs share: a scrolling tree (or flat list) with tick boxes, a
//! selection, search, a "selected only" filter and folding; text-field and button
//! lines; and a popup frame for pickers and nested dialogs.
//!
//! Everything here draws only the rows that fit, clamps to the area it is given
//! (which may be empty), and shows the selection with a `›` marker as well as the
//! theme's selected style, so it works without colour.

use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use crate::engine::Error;
use crate::tui::input::TextInput;
use crate::tui::theme::Theme;

/// Width of the label column of a field line.
pub const LABEL_WIDTH: usize = 14;

/// What a row's tick box means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    /// No tick box: a heading, or a row of a single-choice list.
    None,
    /// The row's own key is ticked or not.
    Item,
    /// A branch whose box sums up its descendants; Space ticks or unticks them all.
    Group,
}

/// One row of a [`Tree`], in pre-order (a row's children follow it, one level deeper).
#[derive(Clone, Debug)]
pub struct Node<K> {
    pub key: K,
    pub depth: u16,
    pub label: String,
    /// Secondary text after the label, dimmed.
    pub detail: String,
    pub tick: Tick,
    /// A disabled row is dimmed and cannot be ticked.
    pub enabled: bool,
    pub heading: bool,
    /// Lower-cased text the search matches against.
    search: String,
}

impl<K> Node<K> {
    pub fn new(key: K, depth: u16, label: impl Into<String>) -> Node<K> {
        let label = label.into();
        Node {
            key,
            depth,
            search: label.to_lowercase(),
            label,
            detail: String::new(),
            tick: Tick::Item,
            enabled: true,
            heading: false,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Node<K> {
        self.detail = detail.into();
        self.search.push(' ');
        self.search.push_str(&self.detail.to_lowercase());
        self
    }

    pub fn tick(mut self, tick: Tick) -> Node<K> {
        self.tick = tick;
        self
    }

    pub fn enabled(mut self, enabled: bool) -> Node<K> {
        self.enabled = enabled;
        self
    }

    pub fn heading(mut self) -> Node<K> {
        self.heading = true;
        self
    }

    /// More text the search should find this row by (method names, descriptions).
    pub fn searchable(mut self, extra: &str) -> Node<K> {
        self.search.push(' ');
        self.search.push_str(&extra.to_lowercase());
        self
    }
}

/// What a key did to a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeEvent<K> {
    /// Not a tree key: the dialog may use it.
    Ignored,
    /// Moved, scrolled, folded or searched.
    Handled,
    /// A tick changed.
    Ticked,
    /// Enter on a row.
    Activate(K),
    /// Space on a disabled row.
    Disabled(K),
}

/// A scrolling tree or list with tick boxes, a selection, search and filters.
pub struct Tree<K> {
    nodes: Vec<Node<K>>,
    parent: Vec<Option<usize>>,
    /// Index one past a node's last descendant.
    end: Vec<usize>,
    pub ticked: BTreeSet<K>,
    collapsed: BTreeSet<K>,
    search: TextInput,
    typing: bool,
    selected_only: bool,
    /// Indices of the rows shown, in order.
    visible: Vec<usize>,
    /// Position in `visible`.
    cursor: usize,
    /// The first visible row and the rows a page moves: scroll state, fitted to the
    /// area the tree gets by the layout step (`fit`), never while drawing.
    offset: usize,
    page: usize,
    /// Shown when no row is visible.
    pub empty_text: String,
}

impl<K: Clone + Ord> Tree<K> {
    pub fn new(nodes: Vec<Node<K>>) -> Tree<K> {
        let mut t = Tree {
            nodes: Vec::new(),
            parent: Vec::new(),
            end: Vec::new(),
            ticked: BTreeSet::new(),
            collapsed: BTreeSet::new(),
            search: TextInput::default(),
            typing: false,
            selected_only: false,
            visible: Vec::new(),
            cursor: 0,
            offset: 0,
            page: 10,
            empty_text: "nothing here".into(),
        };
        t.set_nodes(nodes);
        t
    }

    /// Replaces the rows, keeping ticks, folds and the selected key where it still
    /// exists.
    pub fn set_nodes(&mut self, nodes: Vec<Node<K>>) {
        let current = self.current_key();
        let n = nodes.len();
        let mut parent = vec![None; n];
        let mut end = vec![n; n];
        let mut stack: Vec<usize> = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            while let Some(&top) = stack.last() {
                if nodes[top].depth >= node.depth {
                    end[top] = i;
                    stack.pop();
                } else {
                    break;
                }
            }
            parent[i] = stack.last().copied();
            stack.push(i);
        }
        self.nodes = nodes;
        self.parent = parent;
        self.end = end;
        self.recompute();
        if let Some(k) = current {
            self.select(&k);
        }
    }

    pub fn nodes(&self) -> &[Node<K>] {
        &self.nodes
    }

    pub fn len_visible(&self) -> usize {
        self.visible.len()
    }

    fn has_children(&self, i: usize) -> bool {
        self.end.get(i).is_some_and(|e| *e > i + 1)
    }

    /// Whether any row has a tick box (else it is a list to choose one row from, and
    /// the "selected only" filter means nothing).
    fn tickable(&self) -> bool {
        self.nodes.iter().any(|n| n.tick != Tick::None)
    }

    fn any_branch(&self) -> bool {
        (0..self.nodes.len()).any(|i| self.has_children(i))
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<&Node<K>> {
        self.visible.get(self.cursor).map(|i| &self.nodes[*i])
    }

    pub fn current_key(&self) -> Option<K> {
        self.current().map(|n| n.key.clone())
    }

    /// Moves the cursor to the first visible row with this key.
    pub fn select(&mut self, key: &K) -> bool {
        match self.visible.iter().position(|i| &self.nodes[*i].key == key) {
            Some(pos) => {
                self.cursor = pos;
                true
            }
            None => false,
        }
    }

    pub fn is_ticked(&self, key: &K) -> bool {
        self.ticked.contains(key)
    }

    pub fn set_tick(&mut self, key: &K, on: bool) {
        if on {
            self.ticked.insert(key.clone());
        } else {
            self.ticked.remove(key);
        }
        if self.selected_only {
            self.recompute();
        }
    }

    /// Forgets ticks of keys no row has.
    pub fn prune_ticks(&mut self) {
        let keys: BTreeSet<&K> = self.nodes.iter().map(|n| &n.key).collect();
        self.ticked.retain(|k| keys.contains(k));
    }

    /// The ticked item keys in row order, each once.
    pub fn ticked_in_order(&self) -> Vec<K> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for n in &self.nodes {
            if n.tick == Tick::Item && self.ticked.contains(&n.key) && seen.insert(&n.key) {
                out.push(n.key.clone());
            }
        }
        out
    }

    pub fn collapse(&mut self, key: K, collapsed: bool) {
        if collapsed {
            self.collapsed.insert(key);
        } else {
            self.collapsed.remove(&key);
        }
        self.recompute();
    }

    /// Folds or unfolds a branch (folds apply while no filter is active).
    pub fn toggle_fold(&mut self, key: K) {
        let folded = self.collapsed.contains(&key);
        self.collapse(key, !folded);
    }

    pub fn is_typing(&self) -> bool {
        self.typing
    }

    pub fn search_text(&self) -> &str {
        &self.search.value
    }

    pub fn selected_only(&self) -> bool {
        self.selected_only
    }

    fn filtering(&self) -> bool {
        !self.search.value.is_empty() || self.selected_only
    }

    /// Ticked state of a row: `Some(true)` all, `Some(false)` none, `None` some.
    fn state(&self, i: usize) -> Option<bool> {
        let node = &self.nodes[i];
        match node.tick {
            Tick::Item => Some(self.ticked.contains(&node.key)),
            Tick::None => Some(false),
            Tick::Group => {
                let (mut on, mut off) = (false, false);
                for d in self.items_under(i) {
                    if self.ticked.contains(&self.nodes[d].key) {
                        on = true;
                    } else {
                        off = true;
                    }
                }
                match (on, off) {
                    (true, true) => None,
                    (true, false) => Some(true),
                    _ => Some(false),
                }
            }
        }
    }

    /// Enabled item rows below a row.
    fn items_under(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.end.get(i).copied().unwrap_or(i + 1);
        (i + 1..end).filter(|d| self.nodes[*d].tick == Tick::Item && self.nodes[*d].enabled)
    }

    /// Rebuilds the visible rows after a change of search, filter, folds or rows.
    fn recompute(&mut self) {
        let keep_node = self.visible.get(self.cursor).copied();
        let q = self.search.value.to_lowercase();
        let n = self.nodes.len();
        let mut visible = vec![false; n];
        if self.filtering() {
            let mut search_hit = vec![false; n];
            for i in 0..n {
                search_hit[i] = q.is_empty()
                    || self.nodes[i].search.contains(&q)
                    || self.parent[i].is_some_and(|p| search_hit[p]);
                let tick_ok = !self.selected_only
                    || (self.nodes[i].tick == Tick::Item
                        && self.ticked.contains(&self.nodes[i].key));
                if search_hit[i] && tick_ok {
                    let mut at = Some(i);
                    while let Some(a) = at {
                        if visible[a] {
                            break;
                        }
                        visible[a] = true;
                        at = self.parent[a];
                    }
                }
            }
        } else {
            let mut i = 0;
            while i < n {
                visible[i] = true;
                if self.collapsed.contains(&self.nodes[i].key) && self.has_children(i) {
                    i = self.end[i];
                } else {
                    i += 1;
                }
            }
        }
        self.visible = (0..n).filter(|i| visible[*i]).collect();
        // Stay on the same row, or on the next one shown when it went away.
        self.cursor = match keep_node {
            Some(node) => self
                .visible
                .iter()
                .position(|i| *i >= node)
                .unwrap_or(self.visible.len().saturating_sub(1)),
            None => 0,
        };
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
    }

    /// While searching, puts the cursor on the first row whose label matches (else
    /// whose other text does), unless the current row's label already does.
    fn jump_to_match(&mut self) {
        let q = self.search.value.to_lowercase();
        if q.is_empty() {
            return;
        }
        let label_hit = |t: &Self, i: usize| t.nodes[i].label.to_lowercase().contains(&q);
        if self
            .visible
            .get(self.cursor)
            .is_some_and(|i| label_hit(self, *i))
        {
            return;
        }
        let found = self
            .visible
            .iter()
            .position(|i| label_hit(self, *i))
            .or_else(|| {
                self.visible
                    .iter()
                    .position(|i| self.nodes[*i].search.contains(&q))
            });
        if let Some(pos) = found {
            self.cursor = pos;
        }
    }

    fn move_by(&mut self, delta: isize) {
        let n = self.visible.len();
        if n == 0 {
            self.cursor = 0;
            return;
        }
        let at = self.cursor as isize + delta;
        self.cursor = at.clamp(0, n as isize - 1) as usize;
    }

    fn toggle_row(&mut self, i: usize) -> TreeEvent<K> {
        let node = &self.nodes[i];
        if !node.enabled {
            return TreeEvent::Disabled(node.key.clone());
        }
        match node.tick {
            Tick::None => TreeEvent::Handled,
            Tick::Item => {
                let key = node.key.clone();
                let on = !self.ticked.contains(&key);
                self.set_tick(&key, on);
                TreeEvent::Ticked
            }
            Tick::Group => {
                let all = self.state(i) == Some(true);
                let keys: Vec<K> = self
                    .items_under(i)
                    .map(|d| self.nodes[d].key.clone())
                    .collect();
                for k in keys {
                    if all {
                        self.ticked.remove(&k);
                    } else {
                        self.ticked.insert(k);
                    }
                }
                if self.selected_only {
                    self.recompute();
                }
                TreeEvent::Ticked
            }
        }
    }

    /// Handles a key meant for the tree.
    pub fn handle(&mut self, key: &KeyEvent) -> TreeEvent<K> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && self.typing {
            if self.search.handle(key) {
                self.recompute();
                return TreeEvent::Handled;
            }
            return TreeEvent::Ignored;
        }
        if self.typing {
            match key.code {
                KeyCode::Esc => {
                    self.typing = false;
                    self.search.clear();
                    self.recompute();
                }
                KeyCode::Enter => self.typing = false,
                KeyCode::Up => self.move_by(-1),
                KeyCode::Down => self.move_by(1),
                KeyCode::Tab | KeyCode::BackTab => {
                    self.typing = false;
                    return TreeEvent::Ignored;
                }
                _ => {
                    if self.search.handle(key) {
                        self.recompute();
                        self.jump_to_match();
                    } else {
                        return TreeEvent::Ignored;
                    }
                }
            }
            return TreeEvent::Handled;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL)
            || key.modifiers.contains(KeyModifiers::ALT)
        {
            return TreeEvent::Ignored;
        }
        let page = self.page.max(1) as isize;
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.move_by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.move_by(1),
            KeyCode::PageUp => self.move_by(-page),
            KeyCode::PageDown => self.move_by(page),
            KeyCode::Home | KeyCode::Char('g') => self.cursor = 0,
            KeyCode::End | KeyCode::Char('G') => self.move_by(isize::MAX / 2),
            KeyCode::Char(' ') => {
                return match self.visible.get(self.cursor) {
                    Some(&i) => self.toggle_row(i),
                    None => TreeEvent::Handled,
                };
            }
            KeyCode::Enter => {
                return match self.current_key() {
                    Some(k) => TreeEvent::Activate(k),
                    None => TreeEvent::Handled,
                };
            }
            KeyCode::Left | KeyCode::Char('h') => {
                let Some(&i) = self.visible.get(self.cursor) else {
                    return TreeEvent::Handled;
                };
                let key = self.nodes[i].key.clone();
                if self.has_children(i) && !self.collapsed.contains(&key) && !self.filtering() {
                    self.collapse(key, true);
                } else if let Some(p) = self.parent[i] {
                    let pk = self.nodes[p].key.clone();
                    self.select(&pk);
                }
            }
            KeyCode::Right | KeyCode::Char('l') => {
                if let Some(&i) = self.visible.get(self.cursor)
                    && self.has_children(i)
                {
                    let key = self.nodes[i].key.clone();
                    self.collapse(key, false);
                }
            }
            KeyCode::Char('/') => {
                self.typing = true;
            }
            KeyCode::Char('s') if self.tickable() => {
                self.selected_only = !self.selected_only;
                self.recompute();
            }
            KeyCode::Esc if !self.search.value.is_empty() => {
                self.search.clear();
                self.recompute();
            }
            _ => return TreeEvent::Ignored,
        }
        TreeEvent::Handled
    }

    /// Pastes into the search while typing one.
    pub fn paste(&mut self, text: &str) -> bool {
        if self.typing {
            self.search.insert(text.lines().next().unwrap_or(""));
            self.recompute();
            self.jump_to_match();
        }
        self.typing
    }

    /// The tree's own key hints, for the dialog's footer.
    pub fn hints(&self) -> Vec<(&'static str, &'static str)> {
        if self.typing {
            return vec![
                ("type", "search"),
                ("Enter", "done"),
                ("↑↓", "move"),
                ("Esc", "clear search"),
            ];
        }
        let mut v = Vec::new();
        if !self.search.value.is_empty() {
            v.push(("Esc", "clear search"));
        }
        v.push(("/", "search"));
        if self.tickable() {
            v.push((
                "s",
                if self.selected_only {
                    "show all"
                } else {
                    "selected only"
                },
            ));
        }
        if self.any_branch() && !self.filtering() {
            v.push(("←→ hl", "fold"));
        }
        v.push(("↑↓ jk", "move"));
        v.push(("PgUp PgDn Home End g G", "jump"));
        v
    }

    /// A one-line summary: position, search and filter.
    pub fn status(&self) -> String {
        let mut parts = Vec::new();
        if !self.visible.is_empty() {
            parts.push(format!("{}/{}", self.cursor + 1, self.visible.len()));
        }
        if self.typing || !self.search.value.is_empty() {
            parts.push(format!(
                "search: {}{}",
                self.search.value,
                if self.typing { "▏" } else { "" }
            ));
        }
        if self.selected_only {
            parts.push("selected only".into());
        }
        parts.join(" · ")
    }

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
            let text = if self.selected_only {
                "nothing ticked matches (s shows all)".to_string()
            } else if self.filtering() {
                "no match (Esc clears the search)".to_string()
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
        let prefix = |i: usize| -> usize {
            let n = &self.nodes[i];
            let tick = if n.tick == Tick::None { 0 } else { 4 };
            2 + 2 * n.depth as usize + if folds { 2 } else { 0 } + tick
        };
        let widest = window
            .iter()
            .map(|i| prefix(*i) + self.nodes[*i].label.chars().count())
            .max()
            .unwrap_or(0);
        let column = (widest + 2).min(area.width as usize * 3 / 5);
        for (row, &i) in window.iter().enumerate() {
            let n = &self.nodes[i];
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
            match n.tick {
                Tick::None => {}
                _ => {
                    let mark = match self.state(i) {
                        Some(true) => "[x] ",
                        Some(false) => "[ ] ",
                        None => "[-] ",
                    };
                    let style = if n.enabled { t.accent() } else { t.dim() };
                    spans.push(Span::styled(mark, style));
                }
            }
            spans.push(Span::styled(n.label.clone(), label_style));
            let used = prefix(i) + n.label.chars().count();
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
                spans.push(Span::styled(n.detail.clone(), t.dim()));
            }
            let mut line = Line::from(spans);
            if selected {
                line = line.style(t.selected(focused));
            }
            let y = area.y + row as u16;
            line.render(Rect::new(area.x, y, area.width, 1), buf);
        }
    }
}

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
    let (shown, cursor) = input.view(room);
    if focused {
        let chars: Vec<char> = shown.chars().collect();
        let before: String = chars.iter().take(cursor).collect();
        let at: String = chars.get(cursor).map_or(" ".into(), |c| c.to_string());
        let after: String = chars.iter().skip(cursor + 1).collect();
        spans.push(Span::raw(before));
        spans.push(Span::styled(
            at,
            Style::new().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(after));
        if input.value.is_empty() && !placeholder.is_empty() {
            spans.push(Span::styled(format!(" {placeholder}"), t.dim()));
        }
    } else if input.value.is_empty() {
        spans.push(Span::styled(placeholder.to_string(), t.dim()));
    } else {
        spans.push(Span::raw(shown));
    }
    Line::from(spans)
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

/// The error under a field, indented to the value column.
pub fn error_line(t: &Theme, msg: &str) -> Line<'static> {
    Line::styled(format!("  {:LABEL_WIDTH$}✕ {msg}", ""), t.error())
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

/// Renders lines from the top of `area`, one per row, clipped.
pub fn render_lines(lines: Vec<Line<'_>>, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    for (i, line) in lines.into_iter().enumerate().take(area.height as usize) {
        line.render(Rect::new(area.x, area.y + i as u16, area.width, 1), buf);
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

/// Puts the tree's "Esc clear search" in place of the dialog's "Esc cancel" while a
/// search is active (Ctrl-c still cancels).
pub fn tidy_hints(mut v: Vec<(&'static str, &'static str)>) -> Vec<(&'static str, &'static str)> {
    if let Some(i) = v.iter().position(|h| *h == ("Esc", "clear search")) {
        let clear = v.remove(i);
        match v.iter().position(|h| h.0 == "Esc ^C") {
            Some(j) => {
                v[j] = clear;
                v.insert(j + 1, ("^C", "cancel"));
            }
            None => v.insert(i, clear),
        }
    }
    v
}

/// A key without Ctrl or Alt (a plain letter command, not a shortcut).
pub fn plain(key: &KeyEvent) -> bool {
    !key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// Whether a key is Ctrl-s (apply) or Ctrl-c (cancel).
/// What a key no part of a dialog used means: move between parts, apply, cancel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldNav {
    Next,
    Prev,
    Apply,
    Cancel,
    Other,
}

/// The shared meaning of unused keys in a dialog of fields: Tab/Shift-Tab (and the
/// arrows where they don't move within a list) change part, Enter moves on or applies
/// on the Apply row, Esc cancels.
pub fn field_nav(key: &KeyEvent, arrows_move: bool, on_apply: bool) -> FieldNav {
    match key.code {
        KeyCode::Tab => FieldNav::Next,
        KeyCode::BackTab => FieldNav::Prev,
        KeyCode::Down if arrows_move => FieldNav::Next,
        KeyCode::Up if arrows_move => FieldNav::Prev,
        KeyCode::Enter if on_apply => FieldNav::Apply,
        KeyCode::Enter => FieldNav::Next,
        KeyCode::Esc => FieldNav::Cancel,
        _ => FieldNav::Other,
    }
}

/// Keys a focused text field leaves to the dialog (moving between fields, applying,
/// cancelling); every other key edits the text.
pub fn leaves_text_field(key: &KeyEvent) -> bool {
    matches!(
        key.code,
        KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Esc
            | KeyCode::Enter
            | KeyCode::Up
            | KeyCode::Down
    )
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
        split_rows(area, top.len() as u16, bottom.len() as u16);
    render_lines(top, top_area, buf);
    middle(middle_area, buf);
    render_lines(bottom, bottom_area, buf);
}

pub fn is_ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn sample() -> Tree<u32> {
        Tree::new(vec![
            Node::new(1, 0, "Fruit").tick(Tick::Group),
            Node::new(2, 1, "apple"),
            Node::new(3, 1, "pear"),
            Node::new(4, 0, "Veg").tick(Tick::Group),
            Node::new(5, 1, "leek"),
            Node::new(6, 1, "apple"),
        ])
    }

    #[test]
    fn group_tick_ticks_every_item_below() {
        let mut t = sample();
        assert_eq!(t.handle(&key(KeyCode::Char(' '))), TreeEvent::Ticked);
        assert_eq!(t.ticked_in_order(), vec![2, 3]);
        assert_eq!(t.state(0), Some(true));
        t.handle(&key(KeyCode::Down));
        t.handle(&key(KeyCode::Char(' ')));
        assert_eq!(t.state(0), None, "partly ticked");
        t.handle(&key(KeyCode::Up));
        t.handle(&key(KeyCode::Char(' ')));
        assert_eq!(t.ticked_in_order(), vec![2, 3]);
        t.handle(&key(KeyCode::Char(' ')));
        assert!(t.ticked.is_empty());
    }

    #[test]
    fn rows_with_the_same_key_tick_together() {
        let mut t = Tree::new(vec![
            Node::new("a", 0, "A").tick(Tick::Group),
            Node::new("m", 1, "method"),
            Node::new("b", 0, "B").tick(Tick::Group),
            Node::new("m", 1, "method"),
        ]);
        t.handle(&key(KeyCode::Down));
        t.handle(&key(KeyCode::Char(' ')));
        assert_eq!(t.state(2), Some(true), "B's only method is ticked too");
        assert_eq!(t.ticked_in_order(), vec!["m"]);
    }

    #[test]
    fn search_and_selected_only_filter_rows_with_their_ancestors() {
        let mut t = sample();
        t.handle(&key(KeyCode::Char('/')));
        for c in "lee".chars() {
            t.handle(&key(KeyCode::Char(c)));
        }
        let shown: Vec<u32> = t.visible.iter().map(|i| t.nodes[*i].key).collect();
        assert_eq!(shown, vec![4, 5]);
        t.handle(&key(KeyCode::Esc));
        assert_eq!(t.len_visible(), 6);
        t.set_tick(&6, true);
        t.handle(&key(KeyCode::Char('s')));
        let shown: Vec<u32> = t.visible.iter().map(|i| t.nodes[*i].key).collect();
        assert_eq!(shown, vec![4, 6]);
    }

    #[test]
    fn folding_hides_children_and_left_goes_to_the_parent() {
        let mut t = sample();
        t.handle(&key(KeyCode::Left));
        assert_eq!(t.len_visible(), 4);
        t.handle(&key(KeyCode::Right));
        t.handle(&key(KeyCode::Down));
        t.handle(&key(KeyCode::Left));
        assert_eq!(t.current_key(), Some(1));
    }

    #[test]
    fn renders_into_any_area_without_panicking() {
        let t = sample();
        let theme = Theme::plain();
        for (w, h) in [(0, 0), (1, 1), (3, 2), (40, 10), (120, 40)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            t.render(&theme, area, &mut buf, true, &|_| vec![Span::raw("x")]);
            // An area partly outside the buffer is clipped too.
            t.render(
                &theme,
                Rect::new(5, 5, 50, 50),
                &mut buf,
                false,
                &|_| vec![],
            );
        }
        let (a, b, c) = split_rows(Rect::new(0, 0, 10, 3), 2, 5);
        assert_eq!((a.height, b.height, c.height), (2, 0, 1));
    }
}
