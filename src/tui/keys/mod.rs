//! Key bindings as data, one key map per mode: the panes' actions (here), the
//! overlays' actions (`overlay`), their default keys (from `assets/keymap.json`, an
//! object per mode), and the parsing of key names used by `config.json`.
//!
//! The same table dispatches key presses and generates the footer and the help, so
//! hints never drift from behaviour.

mod key;
mod map;
mod overlay;

use std::fmt;

pub use key::Key;
pub use map::Keymap;
pub use overlay::OverlayAction;

/// Everything a key can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    FocusNext,
    FocusPrev,
    FocusAccounts,
    FocusMembers,
    FocusEnvs,
    FocusRoles,
    FocusInspector,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Filter,
    Help,
    Palette,
    Add,
    Edit,
    Delete,
    Copy,
    Invite,
    Suspend,
    Reinvite,
    Accept,
    Reject,
    Leave,
    Actions,
    Why,
    Tasks,
    Undo,
    Redo,
    Collapse,
    Expand,
    Messages,
    Quit,
    Back,
    Review,
    Matrix,
    History,
}

impl Action {
    pub const ALL: [Action; 40] = [
        Action::FocusNext,
        Action::FocusPrev,
        Action::FocusAccounts,
        Action::FocusMembers,
        Action::FocusEnvs,
        Action::FocusRoles,
        Action::FocusInspector,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Open,
        Action::Filter,
        Action::Help,
        Action::Palette,
        Action::Add,
        Action::Edit,
        Action::Delete,
        Action::Copy,
        Action::Invite,
        Action::Suspend,
        Action::Reinvite,
        Action::Accept,
        Action::Reject,
        Action::Leave,
        Action::Actions,
        Action::Why,
        Action::Tasks,
        Action::Undo,
        Action::Redo,
        Action::Collapse,
        Action::Expand,
        Action::Messages,
        Action::Quit,
        Action::Back,
        Action::Review,
        Action::Matrix,
        Action::History,
    ];

    /// The name used in `assets/keymap.json` and `config.json`.
    pub fn name(self) -> &'static str {
        match self {
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::FocusAccounts => "focus_accounts",
            Action::FocusMembers => "focus_members",
            Action::FocusEnvs => "focus_envs",
            Action::FocusRoles => "focus_roles",
            Action::FocusInspector => "focus_inspector",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Open => "open",
            Action::Filter => "filter",
            Action::Help => "help",
            Action::Palette => "palette",
            Action::Add => "add",
            Action::Edit => "edit",
            Action::Delete => "delete",
            Action::Copy => "copy",
            Action::Invite => "invite",
            Action::Suspend => "suspend",
            Action::Reinvite => "reinvite",
            Action::Accept => "accept",
            Action::Reject => "reject",
            Action::Leave => "leave",
            Action::Actions => "actions",
            Action::Why => "why",
            Action::Tasks => "tasks",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Collapse => "collapse",
            Action::Expand => "expand",
            Action::Messages => "messages",
            Action::Quit => "quit",
            Action::Back => "back",
            Action::Review => "review",
            Action::Matrix => "matrix",
            Action::History => "history",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What the action does, for the help.
    pub fn describe(self) -> &'static str {
        match self {
            Action::FocusNext => "focus the next pane (the inspector after Roles)",
            Action::FocusPrev => "focus the previous pane",
            Action::FocusAccounts => "focus Accounts",
            Action::FocusMembers => "focus Members",
            Action::FocusEnvs => "focus Environments",
            Action::FocusRoles => "focus Roles & Policies",
            Action::FocusInspector => "focus the Inspector (it scrolls)",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Top => "go to the first row",
            Action::Bottom => "go to the last row",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Open => "open, expand or collapse; in Accounts, sign in",
            Action::Filter => "filter the focused pane as you type (Esc clears)",
            Action::Help => "this help",
            Action::Palette => "command palette: collab subcommands on this state",
            Action::Add => "add an item here",
            Action::Edit => "edit the selected item",
            Action::Delete => "delete or remove the selected item",
            Action::Copy => "copy the selected item",
            Action::Invite => "invite a member",
            Action::Suspend => "suspend or activate the member",
            Action::Reinvite => "re-invite (left, rejected) or resend (pending)",
            Action::Accept => "accept the invitation",
            Action::Reject => "reject the invitation",
            Action::Leave => "leave the collaboration",
            Action::Actions => "environment actions",
            Action::Why => "why: explain the member's access to the environment",
            Action::Tasks => "show or hide the task log",
            Action::Undo => "undo the last change",
            Action::Redo => "redo",
            Action::Collapse => "fold the selected group (on a folded row: go to its parent)",
            Action::Expand => "unfold the selected group",
            Action::Messages => "recent messages, in full",
            Action::Quit => "quit (everything is already saved)",
            Action::Back => "close, clear the filter, dismiss the message",
            Action::Review => "review: what to clean up in your account, each with its fix",
            Action::Matrix => "access matrix: every member against every environment or group",
            Action::History => "history: who changed what, when, and its effect on access",
        }
    }

    /// Whether the full-screen views obey the action's key, so a view's own key
    /// (`keys.views`) may not share it: moving, opening, filtering and going back in
    /// the view's list, `w` in the history, and what works everywhere (help, the
    /// palette, messages, undo, redo, the views' keys, quit). The rest do nothing
    /// there (focus keys are taken and ignored; `h` `l` move across the matrix).
    pub fn in_views(self) -> bool {
        !matches!(
            self,
            Action::FocusNext
                | Action::FocusPrev
                | Action::FocusAccounts
                | Action::FocusMembers
                | Action::FocusEnvs
                | Action::FocusRoles
                | Action::FocusInspector
                | Action::Add
                | Action::Edit
                | Action::Delete
                | Action::Copy
                | Action::Invite
                | Action::Suspend
                | Action::Reinvite
                | Action::Accept
                | Action::Reject
                | Action::Leave
                | Action::Actions
                | Action::Collapse
                | Action::Expand
        )
    }

    /// The short word shown in the footer.
    pub fn hint(self) -> &'static str {
        match self {
            Action::FocusNext => "pane",
            Action::FocusInspector => "inspector",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Collapse => "fold",
            Action::Expand => "unfold",
            other => other.name(),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;
