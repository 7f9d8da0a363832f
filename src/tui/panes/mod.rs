//! The four panes' contents as rows of ids, rebuilt only when their inputs change
//! (the platform, the signed-in account, expansion, the filter), never per frame.
//! Drawing turns just the visible rows into text.

mod act;
mod offer;
mod owner_tree;
pub mod probe;
mod rows;
mod view;

use std::collections::HashSet;

use crate::engine::{
    AccountId, CollabId, EnvId, GroupId, MethodId, PolicyRef, RoleId, ShareTarget,
};

pub use crate::tui::theme::{status_style, status_symbol};
pub use rows::*;
pub use view::{lens_text, roles_summary};

pub use crate::tui::component::PaneId;

/// Section headers inside panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    SharedByMe,
    SharedWithMe,
    Ungrouped,
    SharedFrom(AccountId),
    /// The environments an owner shares with the signed-in member that are in none
    /// of the owner's groups.
    UngroupedFrom(AccountId),
    Roles,
    CustomPolicies,
    Catalogue,
}

/// What a row stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKey {
    Account(AccountId),
    Section(Section),
    /// A member of the signed-in owner (Shared by Me).
    Member(CollabId),
    /// One share entry of a collaboration.
    Share(CollabId, ShareTarget),
    /// A collaboration where the signed-in account is the member (Shared with Me).
    Collab(CollabId),
    Group(GroupId),
    /// An environment, under the group it is listed in (it may be in several).
    Env(EnvId, Option<GroupId>),
    Role(RoleId),
    RolePolicy(RoleId, PolicyRef),
    Category(u16),
    Policy(PolicyRef),
    Method(PolicyRef, MethodId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub key: RowKey,
    pub depth: u8,
    /// `Some(expanded)` for rows that can open.
    pub open: Option<bool>,
}

/// One pane's rows, selection, scroll and filter.
#[derive(Clone, Debug, Default)]
pub struct PaneState {
    pub id: PaneId,
    /// Rows that fit inside the pane, fitted by the app's layout step.
    pub height: usize,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub offset: usize,
    pub filter: String,
    pub filtering: bool,
    /// Rows whose open state differs from their default.
    pub toggled: HashSet<RowKey>,
    /// Every row with every branch open, in display order: rebuilt only when the
    /// platform changes; expanding, collapsing and filtering project it into `rows`.
    pub full: Vec<Row>,
    /// The app's generation `full` was built at.
    pub built_at: u64,
    /// Per row of `full`, the lower-cased text the filter searches (empty: never
    /// matches), so a keystroke costs one substring search per row.
    pub search: Vec<String>,
}

impl PaneState {
    pub fn new(id: PaneId) -> PaneState {
        PaneState {
            id,
            height: 10,
            ..PaneState::default()
        }
    }

    pub fn selected_key(&self) -> Option<RowKey> {
        self.rows.get(self.selected).map(|r| r.key)
    }

    /// Moves the selection by `delta`, clamped.
    pub fn step(&mut self, delta: isize) {
        if self.rows.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.rows.len() - 1;
        self.selected = crate::tui::num::step(self.selected, delta, last);
    }

    /// Keeps the selection on screen for a pane `height` rows tall.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    /// Replaces the rows, keeping the selection on the same item where it still
    /// exists, else near where it was.
    pub fn set_rows(&mut self, rows: Vec<Row>) {
        let keep = self.selected_key();
        self.rows = rows;
        if let Some(k) = keep
            && let Some(i) = self.rows.iter().position(|r| r.key == k)
        {
            self.selected = i;
            return;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn is_open(&self, key: RowKey, default: bool) -> bool {
        default != self.toggled.contains(&key)
    }

    pub fn toggle(&mut self, key: RowKey) {
        if !self.toggled.remove(&key) {
            self.toggled.insert(key);
        }
    }

    /// Selects the first row `want` accepts, unfolding the groups above it; `false`
    /// when there is none (or the filter hides it).
    pub fn reveal(&mut self, want: impl Fn(&RowKey) -> bool) -> bool {
        let Some(i) = self.full.iter().position(|r| want(&r.key)) else {
            return false;
        };
        let mut depth = self.full.get(i).map_or(0, |r| r.depth);
        let above: Vec<Row> = self.full.get(..i).unwrap_or_default().to_vec();
        for r in above.iter().rev() {
            if r.depth < depth {
                depth = r.depth;
                if let Some(default) = r.open
                    && !self.is_open(r.key, default)
                {
                    self.toggle(r.key);
                }
            }
        }
        self.rows = project(self);
        match self.rows.iter().position(|r| want(&r.key)) {
            Some(j) => {
                self.selected = j;
                self.scroll_into_view(self.height);
                true
            }
            None => false,
        }
    }
}
