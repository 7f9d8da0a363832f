//! The key maps, one per mode, from `assets/keymap.json` (an object per mode) and the
//! user's overrides. Overrides follow one rule in every mode: unknown names and keys
//! are reported and skipped; a key given to two actions of one mode, or `quit`,
//! `help` or `close` left without a key, is reported and the actions concerned keep
//! their defaults, so every action stays reachable and the way out always works.

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

/// A mode's key table, for the rules every mode shares.
struct Table<'a, A> {
    keys: &'a mut BTreeMap<A, Vec<Key>>,
    /// How problems name the mode: `keys` or `keys.lists`.
    prefix: String,
    /// Actions that must keep a key.
    must: &'a [A],
    /// Whether two actions are ever active together (their keys may not overlap).
    together: fn(A, A) -> bool,
}

impl<A: Copy + Ord + std::fmt::Display> Table<'_, A> {
    /// Applies `overrides` (name → keys); returns the problems.
    fn apply(
        self,
        overrides: &BTreeMap<String, Vec<String>>,
        from_name: impl Fn(&str) -> Option<A>,
        short: impl Fn(A) -> &'static str,
    ) -> Vec<String> {
        let mut problems = Vec::new();
        let before = self.keys.clone();
        let keys_of = |m: &BTreeMap<A, Vec<Key>>, a: A| m.get(&a).cloned().unwrap_or_default();
        let mut changed = Vec::new();
        for (name, list) in overrides {
            let Some(action) = from_name(name) else {
                problems.push(format!(
                    "unknown action '{}' in {}",
                    crate::text::quoted(name),
                    self.prefix
                ));
                continue;
            };
            changed.push(action);
            let mut parsed = Vec::new();
            for k in list {
                match Key::parse(k) {
                    Ok(key) => parsed.push(key),
                    Err(e) => problems.push(format!("{}.{name}: {e}", self.prefix)),
                }
            }
            self.keys.insert(action, parsed);
        }
        for must in self.must {
            if changed.contains(must) && keys_of(self.keys, *must).is_empty() {
                let default = keys_of(&before, *must);
                let label = default
                    .first()
                    .map_or_else(|| "-".to_string(), ToString::to_string);
                problems.push(format!(
                    "{}.{}: no usable key; keeping the default {label}",
                    self.prefix,
                    short(*must)
                ));
                self.keys.insert(*must, default);
            }
        }
        // Each round puts back at least one overridden action, so this ends.
        loop {
            let actions: Vec<A> = self.keys.keys().copied().collect();
            let mut conflict = None;
            'find: for (i, a) in actions.iter().enumerate() {
                for b in actions.iter().skip(i + 1) {
                    if !(changed.contains(a) || changed.contains(b)) || !(self.together)(*a, *b) {
                        continue;
                    }
                    let kb = keys_of(self.keys, *b);
                    if let Some(k) = keys_of(self.keys, *a).iter().find(|k| kb.contains(k)) {
                        conflict = Some((*k, *a, *b));
                        break 'find;
                    }
                }
            }
            let Some((key, a, b)) = conflict else {
                break;
            };
            let (a_name, b_name) = (short(a), short(b));
            problems.push(format!(
                "{}: {key} is bound to both {a_name} and {b_name}; keeping the defaults of {a_name} and {b_name}",
                self.prefix
            ));
            for x in [a, b] {
                self.keys.insert(x, keys_of(&before, x));
                changed.retain(|c| *c != x);
            }
        }
        problems
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

    /// The panes' keys of the actions named in `overrides` (the flat form of
    /// `config.json`'s `keys`, or its `panes` object).
    pub fn with_overrides(
        mut self,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> (Keymap, Vec<String>) {
        let problems = Table {
            keys: &mut self.keys,
            prefix: "keys".into(),
            must: &[Action::Quit, Action::Help],
            together: |_, _| true,
        }
        .apply(overrides, Action::from_name, Action::name);
        (self, problems)
    }

    /// The overlays' and views' keys of one mode (`lists`, `confirm`, `text`, `forms`,
    /// `trees`, `views`).
    pub fn with_mode_overrides(
        mut self,
        mode: &str,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> (Keymap, Vec<String>) {
        if !OverlayAction::MODES.contains(&mode) {
            return (
                self,
                vec![format!(
                    "unknown key mode '{}' in keys (panes, lists, confirm, text, forms, trees, views)",
                    crate::text::quoted(mode)
                )],
            );
        }
        let problems = Table {
            keys: &mut self.overlay,
            prefix: format!("keys.{mode}"),
            must: &[OverlayAction::Close, OverlayAction::Dismiss],
            together: OverlayAction::together,
        }
        .apply(
            overrides,
            |name| OverlayAction::from_name(mode, name),
            OverlayAction::name,
        );
        (self, problems)
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
