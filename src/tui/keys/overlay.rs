//! What a key can ask of an overlay or a full-screen view. Each action belongs to one
//! mode of the key map: `lists` (moving, choosing and closing in help, text views,
//! menus and the confirmation), `confirm` (the confirmation's buttons), `text` (a line
//! being typed: the palette) and `views` (what only the full-screen views do: move
//! between columns, switch the matrix's columns, apply a review's fix). Two actions
//! that can be asked for in one place never share a key (see `together`); Tab both
//! switches buttons, completes and switches the matrix's columns, in places that never
//! meet.

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
    Left,
    Right,
    Axis,
    Fix,
}

impl OverlayAction {
    pub const ALL: [OverlayAction; 14] = [
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
        OverlayAction::Left,
        OverlayAction::Right,
        OverlayAction::Axis,
        OverlayAction::Fix,
    ];

    /// The modes of `assets/keymap.json` these actions live in.
    pub const MODES: [&'static str; 4] = ["lists", "confirm", "text", "views"];

    /// The mode the action belongs to.
    pub fn mode(self) -> &'static str {
        match self {
            OverlayAction::Up
            | OverlayAction::Down
            | OverlayAction::PageUp
            | OverlayAction::PageDown
            | OverlayAction::Choose
            | OverlayAction::Close => "lists",
            OverlayAction::Switch | OverlayAction::Apply | OverlayAction::Cancel => "confirm",
            OverlayAction::Complete => "text",
            OverlayAction::Left
            | OverlayAction::Right
            | OverlayAction::Axis
            | OverlayAction::Fix => "views",
        }
    }

    /// Whether two actions can be asked for in one place (so may not share a key):
    /// those of one mode, and `lists` with `confirm` or `text` (the confirmation
    /// scrolls and chooses, the palette closes and runs); `confirm` and `text` never
    /// meet, and `views` meets no overlay (a view gets no key while one is open).
    pub fn together(a: OverlayAction, b: OverlayAction) -> bool {
        let (x, y) = (a.mode(), b.mode());
        x == y
            || !matches!(
                (x, y),
                ("confirm", "text") | ("text", "confirm") | ("views", _) | (_, "views")
            )
    }

    /// The name used in `assets/keymap.json` and `config.json`.
    pub fn name(self) -> &'static str {
        match self {
            OverlayAction::Up => "up",
            OverlayAction::Down => "down",
            OverlayAction::PageUp => "page_up",
            OverlayAction::PageDown => "page_down",
            OverlayAction::Choose => "choose",
            OverlayAction::Close => "close",
            OverlayAction::Switch => "switch",
            OverlayAction::Apply => "apply",
            OverlayAction::Cancel => "cancel",
            OverlayAction::Complete => "complete",
            OverlayAction::Left => "left",
            OverlayAction::Right => "right",
            OverlayAction::Axis => "axis",
            OverlayAction::Fix => "fix",
        }
    }

    pub fn from_name(mode: &str, name: &str) -> Option<OverlayAction> {
        OverlayAction::ALL
            .into_iter()
            .find(|a| a.mode() == mode && a.name() == name)
    }

    /// The short word shown in hint lines.
    pub fn hint(self) -> &'static str {
        match self {
            OverlayAction::Up => "up",
            OverlayAction::Down => "down",
            OverlayAction::PageUp => "page up",
            OverlayAction::PageDown => "page down",
            OverlayAction::Choose => "choose",
            OverlayAction::Close => "close",
            OverlayAction::Switch => "switch",
            OverlayAction::Apply => "apply",
            OverlayAction::Cancel => "cancel",
            OverlayAction::Complete => "complete",
            OverlayAction::Left => "left",
            OverlayAction::Right => "right",
            OverlayAction::Axis => "switch columns",
            OverlayAction::Fix => "fix",
        }
    }
}

impl fmt::Display for OverlayAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.mode(), self.name())
    }
}
