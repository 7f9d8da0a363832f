//! The tree's keys, paste, hints and status line.

use super::{KeyCode, KeyEvent, KeyModifiers, Tree, TreeEvent};

impl<K: Clone + Ord> Tree<K> {
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
        let page = crate::tui::num::signed(self.page.max(1));
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
            KeyCode::Right | KeyCode::Char('l') => {
                if let Some(&i) = self.visible.get(self.cursor)
                    && self.has_children(i)
                    && let Some(key) = self.nodes.get(i).map(|n| n.key.clone())
                {
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
}
