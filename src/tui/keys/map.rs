//! The key maps, one per mode, from `assets/keymap.json` (an object per mode) and the
//! user's overrides. Overrides follow one rule in every mode: an unknown mode or
//! action is reported and skipped; an action given a key name that does not parse, or
//! no key at all, is reported and keeps its default keys; a key given to two actions
//! that are active at the same time (two of one mode, or a full-screen view's own key
//! and a panes' key that views obey, see `Slot::together`) is reported and the actions
//! concerned keep their defaults. So every action stays reachable, the way out always
//! works, and every problem names what was kept.

use std::collections::BTreeMap;

use ratatui::crossterm::event::KeyEvent;

use super::{Action, Key, OverlayAction};

const DEFAULT_KEYMAP: &str = include_str!("../../../assets/keymap.json");

/// The panes' keys and the overlays' keys, and the reverse for dispatch.
#[derive(Clone, Debug)]
pub struct Keymap {
    keys: BTreeMap<Action, Vec<Key>>,
    overlay: BTreeMap<OverlayAction, Vec<Key>>,
}

/// One action of any mode, for the rules every mode shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Pane(Action),
    Overlay(OverlayAction),
}

impl Slot {
    fn mode(self) -> &'static str {
        match self {
            Slot::Pane(_) => "panes",
            Slot::Overlay(a) => a.mode(),
        }
    }

    /// The action's name within its mode.
    fn short(self) -> &'static str {
        match self {
            Slot::Pane(a) => a.name(),
            Slot::Overlay(a) => a.name(),
        }
    }

    /// The action's name with its mode, for a problem about two modes.
    fn long(self) -> String {
        format!("{}.{}", self.mode(), self.short())
    }

    /// How problems name the action's mode: `keys` or `keys.lists`.
    fn prefix(self) -> String {
        match self {
            Slot::Pane(_) => "keys".to_string(),
            Slot::Overlay(a) => format!("keys.{}", a.mode()),
        }
    }

    /// Whether two actions can be asked for in one place, so may not share a key:
    /// two of the panes; two overlay actions that meet (`OverlayAction::together`); a
    /// full-screen view's own key and a panes' key the views obey
    /// (`Action::in_views`); the lists' keys and the panes' keys a list overlay obeys
    /// (`?` closes the help, `w` the explanation it opened).
    fn together(a: Slot, b: Slot) -> bool {
        match (a, b) {
            (Slot::Pane(_), Slot::Pane(_)) => true,
            (Slot::Overlay(x), Slot::Overlay(y)) => OverlayAction::together(x, y),
            (Slot::Pane(p), Slot::Overlay(o)) | (Slot::Overlay(o), Slot::Pane(p)) => {
                match o.mode() {
                    "views" => p.in_views(),
                    "lists" => matches!(p, Action::Help | Action::Why),
                    _ => false,
                }
            }
        }
    }
}

/// The keys of every action, by slot, with the defaults to go back to.
struct Overrides {
    keys: BTreeMap<Slot, Vec<Key>>,
    defaults: BTreeMap<Slot, Vec<Key>>,
    /// The actions the overrides gave keys (and that kept them so far).
    changed: Vec<Slot>,
    problems: Vec<String>,
}

impl Overrides {
    fn new(map: &Keymap) -> Overrides {
        let keys: BTreeMap<Slot, Vec<Key>> = map
            .keys
            .iter()
            .map(|(a, k)| (Slot::Pane(*a), k.clone()))
            .chain(
                map.overlay
                    .iter()
                    .map(|(a, k)| (Slot::Overlay(*a), k.clone())),
            )
            .collect();
        Overrides {
            defaults: keys.clone(),
            keys,
            changed: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn default_label(&self, slot: Slot) -> String {
        self.defaults
            .get(&slot)
            .and_then(|k| k.first())
            .map_or_else(|| "-".to_string(), ToString::to_string)
    }

    /// Applies one mode's overrides (name → keys): `from_name` finds the mode's
    /// actions, `prefix` names the mode in problems.
    fn apply(
        &mut self,
        overrides: &BTreeMap<String, Vec<String>>,
        prefix: &str,
        from_name: impl Fn(&str) -> Option<Slot>,
    ) {
        for (name, list) in overrides {
            let Some(slot) = from_name(name) else {
                self.problems.push(format!(
                    "unknown action '{}' in {prefix}",
                    crate::text::quoted(name)
                ));
                continue;
            };
            let mut parsed = Vec::new();
            let mut bad = Vec::new();
            for k in list {
                match Key::parse(k) {
                    Ok(key) => parsed.push(key),
                    Err(e) => bad.push(e),
                }
            }
            // An entry with a key that means nothing is refused whole: half of what
            // was asked for would surprise more than the default does.
            let why = if !bad.is_empty() {
                bad.join(", ")
            } else if parsed.is_empty() {
                "no key".to_string()
            } else {
                self.keys.insert(slot, parsed);
                self.changed.push(slot);
                continue;
            };
            self.problems.push(format!(
                "{prefix}.{name}: {why}; keeping the default {}",
                self.default_label(slot)
            ));
        }
    }

    /// Puts back the defaults of two actions that share a key and are active together,
    /// at least one of them overridden, until none are left. Each round puts back at
    /// least one overridden action, and the defaults share no key, so this ends.
    fn resolve_conflicts(&mut self) {
        loop {
            let Some((key, a, b)) = self.conflict() else {
                return;
            };
            let (prefix, a_name, b_name) = if a.mode() == b.mode() {
                (a.prefix(), a.short().to_string(), b.short().to_string())
            } else {
                ("keys".to_string(), a.long(), b.long())
            };
            self.problems.push(format!(
                "{prefix}: {key} is bound to both {a_name} and {b_name}; keeping the defaults of {a_name} and {b_name}"
            ));
            for x in [a, b] {
                let default = self.defaults.get(&x).cloned().unwrap_or_default();
                self.keys.insert(x, default);
                self.changed.retain(|c| *c != x);
            }
        }
    }

    fn conflict(&self) -> Option<(Key, Slot, Slot)> {
        let slots: Vec<Slot> = self.keys.keys().copied().collect();
        for (i, a) in slots.iter().enumerate() {
            for b in slots.iter().skip(i + 1) {
                if !(self.changed.contains(a) || self.changed.contains(b))
                    || !Slot::together(*a, *b)
                {
                    continue;
                }
                let (Some(ka), Some(kb)) = (self.keys.get(a), self.keys.get(b)) else {
                    continue;
                };
                if let Some(k) = ka.iter().find(|k| kb.contains(k)) {
                    return Some((*k, *a, *b));
                }
            }
        }
        None
    }

    fn into_keymap(self) -> (Keymap, Vec<String>) {
        let mut map = Keymap {
            keys: BTreeMap::new(),
            overlay: BTreeMap::new(),
        };
        for (slot, keys) in self.keys {
            match slot {
                Slot::Pane(a) => {
                    map.keys.insert(a, keys);
                }
                Slot::Overlay(a) => {
                    map.overlay.insert(a, keys);
                }
            }
        }
        (map, self.problems)
    }
}

impl Keymap {
    /// The built-in key maps. The asset is checked by a test, so failing to parse it
    /// here is a build defect; each entry that fails is skipped rather than panicking.
    pub fn defaults() -> Keymap {
        let raw: BTreeMap<String, BTreeMap<String, Vec<String>>> =
            serde_json::from_str(DEFAULT_KEYMAP).unwrap_or_default();
        let parse = |list: &Vec<String>| list.iter().filter_map(|k| Key::parse(k).ok()).collect();
        let mut keys = BTreeMap::new();
        let mut overlay = BTreeMap::new();
        for (mode, table) in &raw {
            for (name, list) in table {
                if mode == "panes" {
                    if let Some(a) = Action::from_name(name) {
                        keys.insert(a, parse(list));
                    }
                } else if let Some(a) = OverlayAction::from_name(mode, name) {
                    overlay.insert(a, parse(list));
                }
            }
        }
        Keymap { keys, overlay }
    }

    /// This key map with `config.json`'s overrides: `panes` (the flat form of its
    /// `keys`, or its `panes` object) and every other mode's object (`lists`,
    /// `confirm`, `text`, `forms`, `trees`, `views`), with the problems found. Conflicts
    /// are looked for across modes once every override is in.
    pub fn with_config(
        self,
        panes: &BTreeMap<String, Vec<String>>,
        modes: &[(String, BTreeMap<String, Vec<String>>)],
    ) -> (Keymap, Vec<String>) {
        let mut o = Overrides::new(&self);
        o.apply(panes, "keys", |name| {
            Action::from_name(name).map(Slot::Pane)
        });
        for (mode, map) in modes {
            if OverlayAction::MODES.contains(&mode.as_str()) {
                o.apply(map, &format!("keys.{mode}"), |name| {
                    OverlayAction::from_name(mode, name).map(Slot::Overlay)
                });
            } else {
                o.problems.push(format!(
                    "unknown key mode '{}' in keys (panes, lists, confirm, text, forms, trees, views)",
                    crate::text::quoted(mode)
                ));
            }
        }
        o.resolve_conflicts();
        o.into_keymap()
    }

    /// The panes' keys of the actions named in `overrides` (see `with_config`).
    pub fn with_overrides(
        self,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> (Keymap, Vec<String>) {
        self.with_config(overrides, &[])
    }

    /// The keys of one mode other than the panes' (see `with_config`).
    pub fn with_mode_overrides(
        self,
        mode: &str,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> (Keymap, Vec<String>) {
        self.with_config(&BTreeMap::new(), &[(mode.to_string(), overrides.clone())])
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

    /// The first key of an overlay's action (a mode other than the panes'), as shown
    /// in hints.
    pub fn overlay_label(&self, a: OverlayAction) -> String {
        self.overlay_keys(a)
            .first()
            .map_or_else(|| "-".to_string(), ToString::to_string)
    }

    pub fn overlay_keys(&self, a: OverlayAction) -> &[Key] {
        self.overlay.get(&a).map_or(&[], Vec::as_slice)
    }

    /// Which of `among` (the actions an overlay understands) a key press asks for.
    pub fn overlay_action(&self, ev: &KeyEvent, among: &[OverlayAction]) -> Option<OverlayAction> {
        let key = Key::from_event(ev);
        among
            .iter()
            .copied()
            .find(|a| self.overlay_keys(*a).contains(&key))
    }
}
