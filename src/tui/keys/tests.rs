use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("keys.help: unknown key 'Hyper-x'; keeping the default ?"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("keys.quit: no key; keeping the default q"),
        "{problems:?}"
    );
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
    let asset = include_str!("../../../assets/keymap.json");
    let raw: BTreeMap<String, BTreeMap<String, Vec<String>>> =
        serde_json::from_str(asset).expect("keymap asset: an object per mode");
    for (mode, table) in &raw {
        for (name, keys) in table {
            let known = if mode == "panes" {
                Action::from_name(name).is_some()
            } else {
                OverlayAction::from_name(mode, name).is_some()
            };
            assert!(known, "unknown action {mode}.{name}");
            for k in keys {
                Key::parse(k).expect("key parses");
            }
        }
    }
    let map = Keymap::defaults();
    for a in Action::ALL {
        assert!(!map.keys(a).is_empty(), "{a} has no key");
    }
    for a in OverlayAction::ALL {
        assert!(!map.overlay_keys(a).is_empty(), "{a} has no key");
    }
    // The defaults obey the rule overrides are held to: no key twice in one mode.
    for mode in OverlayAction::MODES {
        let (_, problems) = Keymap::defaults().with_mode_overrides(mode, &BTreeMap::new());
        assert!(problems.is_empty(), "{problems:?}");
    }
}

#[test]
fn each_mode_has_its_own_keys_and_conflicts_are_per_mode() {
    let over = |mode: &str, json: &str| {
        let raw: BTreeMap<String, Vec<String>> = serde_json::from_str(json).expect("json");
        Keymap::defaults().with_mode_overrides(mode, &raw)
    };
    // Tab completes in the palette's text mode and switches buttons in confirm: no
    // conflict across modes. Within one mode, a shared key keeps the defaults.
    let (map, problems) = over("lists", r#"{"close": ["x"]}"#);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        map.overlay_keys(OverlayAction::Close),
        [Key::parse("x").expect("x")]
    );
    let (map, problems) = over("lists", r#"{"close": ["j"]}"#);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("keys.lists: j is bound to both"),
        "{problems:?}"
    );
    assert_eq!(map.overlay_keys(OverlayAction::Close)[0].to_string(), "Esc");
    let (map, problems) = over("lists", r#"{"close": []}"#);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(map.overlay_keys(OverlayAction::Close)[0].to_string(), "Esc");
    let (_, problems) = over("confirm", r#"{"up": ["k"]}"#);
    assert_eq!(problems, ["unknown action 'up' in keys.confirm"]);
    let (_, problems) = over("dialogs", "{}");
    assert_eq!(problems.len(), 1, "{problems:?}");
    // A key press asks only among the actions the overlay understands.
    let map = Keymap::defaults();
    let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(
        map.overlay_action(&tab, &[OverlayAction::Complete, OverlayAction::Close]),
        Some(OverlayAction::Complete)
    );
    assert_eq!(
        map.overlay_action(&tab, &[OverlayAction::Switch, OverlayAction::Choose]),
        Some(OverlayAction::Switch)
    );
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
