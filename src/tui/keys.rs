//! Key bindings as data: every action the app understands, its default keys (from
//! `assets/keymap.json`), and the parsing of key names used by `config.json`.
//!
//! The same table dispatches key presses and generates the footer and the help, so
//! hints never drift from behaviour.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.json");

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
    Quit,
    Back,
}

impl Action {
    pub const ALL: [Action; 34] = [
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
        Action::Quit,
        Action::Back,
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
            Action::Quit => "quit",
            Action::Back => "back",
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
            Action::Palette => "command palette: any collab subcommand",
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
            Action::Quit => "quit (everything is already saved)",
            Action::Back => "close, clear the filter, dismiss the message",
        }
    }

    /// The short word shown in the footer.
    pub fn hint(self) -> &'static str {
        match self {
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
            Action::Quit => "quit",
            Action::FocusNext => "pane",
            Action::FocusInspector => "inspector",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            other => other.name(),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One key as written in key maps: `a`, `G`, `Enter`, `Ctrl-r`, `F2`, `BackTab`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut code = ev.code;
        // Shift is implied by the character itself ('G', '?').
        if let KeyCode::Char(c) = code
            && ev.modifiers.contains(KeyModifiers::CONTROL)
        {
            code = KeyCode::Char(c.to_ascii_lowercase());
        }
        Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn parse(s: &str) -> Result<Key, String> {
        let mut rest = s;
        let mut ctrl = false;
        let mut alt = false;
        loop {
            if let Some(r) = rest
                .strip_prefix("Ctrl-")
                .or_else(|| rest.strip_prefix("C-"))
            {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest
                .strip_prefix("Alt-")
                .or_else(|| rest.strip_prefix("M-"))
            {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" | "Shift-Tab" => KeyCode::BackTab,
            "Space" => KeyCode::Char(' '),
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Insert" => KeyCode::Insert,
            f if f.starts_with('F') && f.len() > 1 && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            c if c.chars().count() == 1 => {
                let ch = c.chars().next().unwrap_or(' ');
                KeyCode::Char(if ctrl { ch.to_ascii_lowercase() } else { ch })
            }
            other => return Err(format!("unknown key '{other}'")),
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Action → keys, and the reverse for dispatch.
#[derive(Clone, Debug)]
pub struct Keymap {
    keys: BTreeMap<Action, Vec<Key>>,
}

impl Keymap {
    /// The built-in key map. The asset is checked by a test, so failing to parse it
    /// here is a build defect; each entry that fails is skipped rather than panicking.
    pub fn defaults() -> Keymap {
        let raw: BTreeMap<String, Vec<String>> =
            serde_json::from_str(DEFAULT_KEYMAP).unwrap_or_default();
        let mut keys = BTreeMap::new();
        for (name, list) in raw {
            if let Some(a) = Action::from_name(&name) {
                keys.insert(a, list.iter().filter_map(|k| Key::parse(k).ok()).collect());
            }
        }
        Keymap { keys }
    }

    /// Replaces the keys of the actions named in `overrides`; unknown names and keys
    /// are reported, the rest still applies. A key given to two actions, or `quit` or
    /// `help` left without a key, is reported, and the actions concerned keep their
    /// defaults, so every action stays reachable and quit and help always work.
    pub fn with_overrides(
        mut self,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> (Keymap, Vec<String>) {
        let mut problems = Vec::new();
        let before = self.clone();
        let mut changed = Vec::new();
        for (name, list) in overrides {
            let Some(action) = Action::from_name(name) else {
                problems.push(format!(
                    "unknown action '{}' in keys",
                    crate::text::quoted(name)
                ));
                continue;
            };
            changed.push(action);
            let mut parsed = Vec::new();
            for k in list {
                match Key::parse(k) {
                    Ok(key) => parsed.push(key),
                    Err(e) => problems.push(format!("keys.{name}: {e}")),
                }
            }
            self.keys.insert(action, parsed);
        }
        for must in [Action::Quit, Action::Help] {
            if changed.contains(&must) && self.keys(must).is_empty() {
                problems.push(format!(
                    "keys.{must}: no usable key; keeping the default {}",
                    before.label(must)
                ));
                self.keys.insert(must, before.keys(must).to_vec());
            }
        }
        // Each round puts back at least one overridden action, so this ends.
        while let Some((key, a, b)) = self.first_conflict(&changed) {
            problems.push(format!(
                "keys: {key} is bound to both {a} and {b}; keeping the defaults of {a} and {b}"
            ));
            for x in [a, b] {
                self.keys.insert(x, before.keys(x).to_vec());
                changed.retain(|c| *c != x);
            }
        }
        (self, problems)
    }

    /// A key bound to two actions, at least one of them in `changed`.
    fn first_conflict(&self, changed: &[Action]) -> Option<(Key, Action, Action)> {
        for (i, a) in Action::ALL.iter().enumerate() {
            for b in &Action::ALL[i + 1..] {
                if !changed.contains(a) && !changed.contains(b) {
                    continue;
                }
                if let Some(k) = self.keys(*a).iter().find(|k| self.keys(*b).contains(k)) {
                    return Some((*k, *a, *b));
                }
            }
        }
        None
    }

    pub fn keys(&self, a: Action) -> &[Key] {
        self.keys.get(&a).map_or(&[], Vec::as_slice)
    }

    /// The first key of an action, as shown in hints.
    pub fn label(&self, a: Action) -> String {
        self.keys(a)
            .first()
            .map_or_else(|| "-".to_string(), ToString::to_string)
    }

    /// The action a key press asks for. Earlier actions in `Action::ALL` win ties.
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        Action::ALL
            .into_iter()
            .find(|a| self.keys(*a).contains(&key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicting_or_missing_keys_keep_the_defaults() {
        let over = |json: &str| {
            let raw: BTreeMap<String, Vec<String>> = serde_json::from_str(json).expect("json");
            Keymap::defaults().with_overrides(&raw)
        };
        let (map, problems) = over(r#"{"add": ["q"]}"#);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("add") && problems[0].contains("quit"),
            "{problems:?}"
        );
        assert_eq!(map.label(Action::Add), "a");
        assert_eq!(map.label(Action::Quit), "q");
        let (map, problems) = over(r#"{"quit": [], "help": ["Hyper-x"]}"#);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(map.label(Action::Quit), "q");
        assert_eq!(map.label(Action::Help), "?");
        let (map, problems) = over(r#"{"add": ["z"], "edit": ["z"]}"#);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            (map.label(Action::Add), map.label(Action::Edit)),
            ("a".into(), "e".into())
        );
        let (map, problems) = over(r#"{"add": ["e"], "edit": ["a"]}"#);
        assert!(problems.is_empty(), "a swap is no conflict: {problems:?}");
        assert_eq!(
            (map.label(Action::Add), map.label(Action::Edit)),
            ("e".into(), "a".into())
        );
    }

    #[test]
    fn every_action_has_a_default_key_and_the_asset_parses() {
        let raw: BTreeMap<String, Vec<String>> =
            serde_json::from_str(DEFAULT_KEYMAP).expect("keymap asset");
        for (name, keys) in &raw {
            assert!(Action::from_name(name).is_some(), "unknown action {name}");
            for k in keys {
                Key::parse(k).expect("key parses");
            }
        }
        let map = Keymap::defaults();
        for a in Action::ALL {
            assert!(!map.keys(a).is_empty(), "{a} has no key");
        }
    }

    #[test]
    fn keys_round_trip_and_dispatch() {
        let map = Keymap::defaults();
        let ev = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&ev), Some(Action::Redo));
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action(&ev), Some(Action::Bottom));
        assert_eq!(
            Key::parse("Ctrl-r").map(|k| k.to_string()),
            Ok("Ctrl-r".into())
        );
        assert!(Key::parse("Hyper-x").is_err());
    }
}
