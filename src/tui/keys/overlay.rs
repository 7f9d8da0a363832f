//! What a key can ask of an overlay. Each action belongs to one mode of the key map:
//! `lists` (moving, choosing and closing in help, text views, menus and the
//! confirmation), `confirm` (the confirmation's buttons), `text` (a line being
//! typed: the palette), `forms` (a dialog's parts: moving between them, ticking,
//! submitting, cancelling) and `trees` (a dialog's list or tree: moving, folding,
//! searching). Two actions that can be asked for in one place never share a key (see
//! `together`); Tab both switches buttons and completes, in places that never meet.
//! A dialog's focused tree sees a key before the dialog does, so a tree's key may
//! also be a form's (Esc clears a search, and cancels once there is none).
//! `views` holds what only the full-screen views do (move across the matrix's columns,
//! switch them, apply a review finding's fix); a view gets no key while an overlay is
//! open, so `views` meets no other mode.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OverlayAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Choose,
    Close,
    Switch,
    Apply,
    Cancel,
    Complete,
    // ----- forms
    /// The next part of a dialog.
    NextField,
    PrevField,
    /// Build the dialog's command and hand it to the app (preview, confirm, run).
    Submit,
    /// Close the dialog, keeping nothing.
    Dismiss,
    /// Flip a toggle, tick a row.
    Toggle,
    /// Enter: on a field, the next one; on a row, open or tick it; on a button, press it.
    Enter,
    /// A dialog's second command (the direct-access dialog's "remove direct access").
    Remove,
    /// The member dialog: pick the roles of the item under the cursor.
    PickRoles,
    /// The member dialog: define a new role without leaving it.
    NewRole,
    // ----- trees
    TreeUp,
    TreeDown,
    TreePageUp,
    TreePageDown,
    TreeTop,
    TreeBottom,
    Collapse,
    Expand,
    Search,
    SelectedOnly,
    /// Clear the search (while one is set).
    ClearSearch,
    // ----- views
    /// The matrix: the column to the left, to the right.
    Left,
    Right,
    /// The matrix: environments or groups as columns.
    Axis,
    /// The review: apply the selected finding's fix.
    Fix,
}

impl OverlayAction {
    pub const ALL: [OverlayAction; 34] = [
        OverlayAction::Up,
        OverlayAction::Down,
        OverlayAction::PageUp,
        OverlayAction::PageDown,
        OverlayAction::Choose,
        OverlayAction::Close,
        OverlayAction::Switch,
        OverlayAction::Apply,
        OverlayAction::Cancel,
        OverlayAction::Complete,
        OverlayAction::NextField,
        OverlayAction::PrevField,
        OverlayAction::Submit,
        OverlayAction::Dismiss,
        OverlayAction::Toggle,
        OverlayAction::Enter,
        OverlayAction::Remove,
        OverlayAction::PickRoles,
        OverlayAction::NewRole,
        OverlayAction::TreeUp,
        OverlayAction::TreeDown,
        OverlayAction::TreePageUp,
        OverlayAction::TreePageDown,
        OverlayAction::TreeTop,
        OverlayAction::TreeBottom,
        OverlayAction::Collapse,
        OverlayAction::Expand,
        OverlayAction::Search,
        OverlayAction::SelectedOnly,
        OverlayAction::ClearSearch,
        OverlayAction::Left,
        OverlayAction::Right,
        OverlayAction::Axis,
        OverlayAction::Fix,
    ];

    /// The modes of `assets/keymap.json` these actions live in.
    pub const MODES: [&'static str; 6] = ["lists", "confirm", "text", "forms", "trees", "views"];

    /// The mode the action belongs to.
    pub fn mode(self) -> &'static str {
        use OverlayAction as A;
        match self {
            A::Up | A::Down | A::PageUp | A::PageDown | A::Choose | A::Close => "lists",
            A::Switch | A::Apply | A::Cancel => "confirm",
            A::Complete => "text",
            A::NextField
            | A::PrevField
            | A::Submit
            | A::Dismiss
            | A::Toggle
            | A::Enter
            | A::Remove
            | A::PickRoles
            | A::NewRole => "forms",
            A::TreeUp
            | A::TreeDown
            | A::TreePageUp
            | A::TreePageDown
            | A::TreeTop
            | A::TreeBottom
            | A::Collapse
            | A::Expand
            | A::Search
            | A::SelectedOnly
            | A::ClearSearch => "trees",
            A::Left | A::Right | A::Axis | A::Fix => "views",
        }
    }

    /// Whether two actions can be asked for in one place (so may not share a key):
    /// those of one mode, and `lists` with `confirm` or `text` (the confirmation
    /// scrolls and chooses, the palette closes and runs). `confirm` and `text` never
    /// meet; `forms` and `trees` meet only in dialogs, where the focused tree is asked
    /// first on purpose.
    pub fn together(a: OverlayAction, b: OverlayAction) -> bool {
        match (a.mode(), b.mode()) {
            (x, y) if x == y => true,
            ("lists", "confirm" | "text") | ("confirm" | "text", "lists") => true,
            _ => false,
        }
    }

    /// The name used in `assets/keymap.json` and `config.json`.
    pub fn name(self) -> &'static str {
        use OverlayAction as A;
        match self {
            A::Up | A::TreeUp => "up",
            A::Down | A::TreeDown => "down",
            A::PageUp | A::TreePageUp => "page_up",
            A::PageDown | A::TreePageDown => "page_down",
            A::Choose => "choose",
            A::Close => "close",
            A::Switch => "switch",
            A::Apply => "apply",
            A::Cancel | A::Dismiss => "cancel",
            A::Complete => "complete",
            A::NextField => "next",
            A::PrevField => "prev",
            A::Submit => "submit",
            A::Toggle => "toggle",
            A::Enter => "enter",
            A::Remove => "remove",
            A::PickRoles => "roles",
            A::NewRole => "new_role",
            A::TreeTop => "top",
            A::TreeBottom => "bottom",
            A::Collapse => "collapse",
            A::Expand => "expand",
            A::Search => "search",
            A::SelectedOnly => "selected_only",
            A::ClearSearch => "clear_search",
            A::Left => "left",
            A::Right => "right",
            A::Axis => "axis",
            A::Fix => "fix",
        }
    }

    pub fn from_name(mode: &str, name: &str) -> Option<OverlayAction> {
        OverlayAction::ALL
            .into_iter()
            .find(|a| a.mode() == mode && a.name() == name)
    }

    /// The short word shown in hint lines.
    pub fn hint(self) -> &'static str {
        use OverlayAction as A;
        match self {
            A::Up | A::TreeUp => "up",
            A::Down | A::TreeDown => "down",
            A::PageUp | A::TreePageUp => "page up",
            A::PageDown | A::TreePageDown => "page down",
            A::Choose => "choose",
            A::Close => "close",
            A::Switch => "switch",
            A::Apply => "apply",
            A::Cancel | A::Dismiss => "cancel",
            A::Complete => "complete",
            A::NextField => "next part",
            A::PrevField => "previous part",
            A::Submit => "submit",
            A::Toggle => "toggle",
            A::Enter => "next",
            A::Remove => "remove",
            A::PickRoles => "roles",
            A::NewRole => "new role",
            A::TreeTop => "top",
            A::TreeBottom => "bottom",
            A::Collapse => "fold",
            A::Expand => "unfold",
            A::Search => "search",
            A::SelectedOnly => "selected only",
            A::ClearSearch => "clear search",
            A::Left => "left",
            A::Right => "right",
            A::Axis => "switch columns",
            A::Fix => "fix",
        }
    }
}

impl fmt::Display for OverlayAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.mode(), self.name())
    }
}
