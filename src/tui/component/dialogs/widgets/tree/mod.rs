//! A scrolling tree (or flat list) with tick boxes, a selection, search, a "selected
//! only" filter and folding. Its keys are in `keys`, its drawing in `view`.

mod keys;
#[cfg(test)]
mod tests;
mod view;

use super::{BTreeSet, Buffer, Line, Rect, Span, Style, TextInput, Theme, Widget};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Node<K> {
        self.detail = detail.into();
        self.search.push(' ');
        self.search.push_str(&self.detail.to_lowercase());
        self
    }

    #[must_use]
    pub fn tick(mut self, tick: Tick) -> Node<K> {
        self.tick = tick;
        self
    }

    #[must_use]
    pub fn enabled(mut self, enabled: bool) -> Node<K> {
        self.enabled = enabled;
        self
    }

    #[must_use]
    pub fn heading(mut self) -> Node<K> {
        self.heading = true;
        self
    }

    /// More text the search should find this row by (method names, descriptions).
    #[must_use]
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
                if nodes.get(top).is_some_and(|t| t.depth >= node.depth) {
                    if let Some(e) = end.get_mut(top) {
                        *e = i;
                    }
                    stack.pop();
                } else {
                    break;
                }
            }
            if let Some(p) = parent.get_mut(i) {
                *p = stack.last().copied();
            }
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
        self.visible
            .get(self.cursor)
            .and_then(|i| self.nodes.get(*i))
    }

    pub fn current_key(&self) -> Option<K> {
        self.current().map(|n| n.key.clone())
    }

    /// Moves the cursor to the first visible row with this key.
    pub fn select(&mut self, key: &K) -> bool {
        match self
            .visible
            .iter()
            .position(|i| self.nodes.get(*i).is_some_and(|n| &n.key == key))
        {
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

    /// Ticks exactly `keys` (the values a dialog loads).
    pub fn set_ticks(&mut self, keys: impl IntoIterator<Item = K>) {
        self.ticked = keys.into_iter().collect();
        self.recompute();
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
        let Some(node) = self.nodes.get(i) else {
            return Some(false);
        };
        match node.tick {
            Tick::Item => Some(self.ticked.contains(&node.key)),
            Tick::None => Some(false),
            Tick::Group => {
                let (mut on, mut off) = (false, false);
                for d in self.items_under(i) {
                    if self
                        .nodes
                        .get(d)
                        .is_some_and(|n| self.ticked.contains(&n.key))
                    {
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
        (i + 1..end).filter(|d| {
            self.nodes
                .get(*d)
                .is_some_and(|n| n.tick == Tick::Item && n.enabled)
        })
    }

    /// Rebuilds the visible rows after a change of search, filter, folds or rows.
    fn recompute(&mut self) {
        let keep_node = self.visible.get(self.cursor).copied();
        let q = self.search.value.to_lowercase();
        let n = self.nodes.len();
        let mut visible = vec![false; n];
        if self.filtering() {
            let mut search_hit = vec![false; n];
            for (i, node) in self.nodes.iter().enumerate() {
                let parent = self.parent.get(i).copied().flatten();
                let hit = q.is_empty()
                    || node.search.contains(&q)
                    || parent.is_some_and(|p| search_hit.get(p).copied().unwrap_or(false));
                if let Some(h) = search_hit.get_mut(i) {
                    *h = hit;
                }
                let tick_ok = !self.selected_only
                    || (node.tick == Tick::Item && self.ticked.contains(&node.key));
                if hit && tick_ok {
                    let mut at = Some(i);
                    while let Some(a) = at {
                        match visible.get_mut(a) {
                            Some(v) if !*v => *v = true,
                            _ => break,
                        }
                        at = self.parent.get(a).copied().flatten();
                    }
                }
            }
        } else {
            let mut i = 0;
            while let Some(v) = visible.get_mut(i) {
                *v = true;
                if self
                    .nodes
                    .get(i)
                    .is_some_and(|node| self.collapsed.contains(&node.key))
                    && self.has_children(i)
                {
                    i = self.end.get(i).copied().unwrap_or(i + 1);
                } else {
                    i += 1;
                }
            }
        }
        self.visible = visible
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.then_some(i))
            .collect();
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
        let label_hit = |t: &Self, i: usize| {
            t.nodes
                .get(i)
                .is_some_and(|n| n.label.to_lowercase().contains(&q))
        };
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
                    .position(|i| self.nodes.get(*i).is_some_and(|n| n.search.contains(&q)))
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
        self.cursor = crate::tui::num::step(self.cursor, delta, n - 1);
    }

    fn toggle_row(&mut self, i: usize) -> TreeEvent<K> {
        let Some(node) = self.nodes.get(i) else {
            return TreeEvent::Handled;
        };
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
                    .filter_map(|d| self.nodes.get(d).map(|n| n.key.clone()))
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
}
