//! The tree's keys (the key map's `trees` mode), paste, bindings and status line.

use super::{KeyCode, KeyEvent, KeyModifiers, Tree, TreeEvent};

use crate::tui::component::Binding;
use crate::tui::keys::{Keymap, OverlayAction as A};

/// The keys a tree understands: its own mode, and the form's Toggle (tick) and Enter
/// (open or tick the row).
const TREE: [A; 13] = [
    A::TreeUp,
    A::TreeDown,
    A::TreePageUp,
    A::TreePageDown,
    A::TreeTop,
    A::TreeBottom,
    A::Collapse,
    A::Expand,
    A::Search,
    A::SelectedOnly,
    A::ClearSearch,
    A::Toggle,
    A::Enter,
];

fn bind(keymap: &Keymap, action: A, hint: &'static str) -> Binding {
    Binding::overlay(keymap, action).says(hint)
}

impl<K: Clone + Ord> Tree<K> {
    /// Handles a key meant for the tree, as the key map's `trees` mode says.
    pub fn handle(&mut self, key: &KeyEvent, keymap: &Keymap) -> TreeEvent<K> {
        let action = keymap.overlay_action(key, &TREE);
        if key.modifiers.contains(KeyModifiers::CONTROL) && self.typing {
            if self.search.handle(key) {
                self.recompute();
                return TreeEvent::Handled;
            }
            return TreeEvent::Ignored;
        }
        if self.typing {
            match action {
                Some(A::ClearSearch) => {
                    self.typing = false;
                    self.search.clear();
                    self.recompute();
                }
                Some(A::Enter) => self.typing = false,
                Some(A::TreeUp) if key.code == KeyCode::Up => self.move_by(-1),
                Some(A::TreeDown) if key.code == KeyCode::Down => self.move_by(1),
                _ if matches!(key.code, KeyCode::Tab | KeyCode::BackTab) => {
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
        let page = crate::tui::num::signed(self.page.max(1));
        match action {
            Some(A::TreeUp) => self.move_by(-1),
            Some(A::TreeDown) => self.move_by(1),
            Some(A::TreePageUp) => self.move_by(-page),
            Some(A::TreePageDown) => self.move_by(page),
            Some(A::TreeTop) => self.cursor = 0,
            Some(A::TreeBottom) => self.move_by(isize::MAX / 2),
            Some(A::Toggle) => {
                return match self.visible.get(self.cursor) {
                    Some(&i) => self.toggle_row(i),
                    None => TreeEvent::Handled,
                };
            }
            Some(A::Enter) => {
                return match self.current_key() {
                    Some(k) => TreeEvent::Activate(k),
                    None => TreeEvent::Handled,
                };
            }
            Some(A::Collapse) => {
                let Some(&i) = self.visible.get(self.cursor) else {
                    return TreeEvent::Handled;
                };
                let Some(key) = self.nodes.get(i).map(|n| n.key.clone()) else {
                    return TreeEvent::Handled;
                };
                if self.has_children(i) && !self.collapsed.contains(&key) && !self.filtering() {
                    self.collapse(key, true);
                } else if let Some(pk) = self
                    .parent
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|p| self.nodes.get(p))
                    .map(|n| n.key.clone())
                {
                    self.select(&pk);
                }
            }
            Some(A::Expand) => {
                if let Some(&i) = self.visible.get(self.cursor)
                    && self.has_children(i)
                    && let Some(key) = self.nodes.get(i).map(|n| n.key.clone())
                {
                    self.collapse(key, false);
                }
            }
            Some(A::Search) => {
                // A new search each time: the old text goes.
                self.typing = true;
                self.search.clear();
                self.recompute();
            }
            Some(A::SelectedOnly) if self.tickable() => {
                self.selected_only = !self.selected_only;
                self.recompute();
            }
            Some(A::ClearSearch) if !self.search.value.is_empty() => {
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

    /// The tree's own key bindings, for the dialog's hint line: `enter` is what Enter
    /// does on the current row ("tick", "open", "choose"; `None`: nothing), `tick`
    /// whether Space ticks here.
    pub fn bindings(
        &self,
        keymap: &Keymap,
        enter: Option<&'static str>,
        tick: bool,
    ) -> Vec<Binding> {
        if self.typing {
            return vec![
                bind(keymap, A::Enter, "done"),
                bind(keymap, A::ClearSearch, "clear search"),
                bind(keymap, A::TreeUp, "up"),
                bind(keymap, A::TreeDown, "down"),
            ];
        }
        let mut v = Vec::new();
        if tick && self.tickable() {
            v.push(bind(keymap, A::Toggle, "tick"));
        }
        if let Some(what) = enter {
            v.push(bind(keymap, A::Enter, what));
        }
        if !self.search.value.is_empty() {
            v.push(bind(keymap, A::ClearSearch, "clear search"));
        }
        v.push(bind(keymap, A::Search, "search"));
        if self.tickable() {
            v.push(bind(
                keymap,
                A::SelectedOnly,
                if self.selected_only {
                    "show all"
                } else {
                    "selected only"
                },
            ));
        }
        if self.any_branch() && !self.filtering() {
            v.push(bind(keymap, A::Collapse, "fold"));
            v.push(bind(keymap, A::Expand, "unfold"));
        }
        v.push(bind(keymap, A::TreeDown, "down"));
        v.push(bind(keymap, A::TreeUp, "up"));
        v.push(bind(keymap, A::TreeBottom, "last"));
        v
    }

    /// A one-line summary: position, search and filter.
    pub fn status(&self) -> String {
        let mut parts = Vec::new();
        if !self.visible.is_empty() {
            parts.push(format!("{}/{}", self.cursor + 1, self.visible.len()));
        }
        if self.typing || !self.search.value.is_empty() {
            // All of it: the status line is cut where it is drawn.
            let search = self.search.shown(usize::MAX);
            parts.push(format!(
                "search: {}{}{}",
                search.before,
                if self.typing { "▏" } else { "" },
                search.from_cursor()
            ));
        }
        if self.selected_only {
            parts.push("selected only".into());
        }
        parts.join(" · ")
    }
}
