//! The optional `config.json` in the config directory (`$XDG_CONFIG_HOME/collab`),
//! where the default state file lives too, whatever `--state` names. It overrides
//! only what it names: key bindings, colours, mouse on/off. A bad file never stops the
//! app: it starts with the defaults and a message naming the file and the problem.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;
use serde::Deserialize;

use super::keys::Keymap;
use super::theme::Theme;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// An action's keys (a pane action, as before modes existed), or a mode's
    /// object of actions' keys (`panes`, `lists`, `confirm`, `text`).
    #[serde(default)]
    keys: BTreeMap<String, KeysEntry>,
    #[serde(default)]
    colors: BTreeMap<String, String>,
    mouse: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeysEntry {
    Keys(Vec<String>),
    Mode(BTreeMap<String, Vec<String>>),
}

/// What the app runs with.
#[derive(Clone, Debug)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: Theme,
    pub mouse: bool,
    /// Problems found in the file, already phrased for the message line.
    pub problems: Vec<String>,
    pub path: Option<PathBuf>,
}

impl Config {
    pub fn defaults(color: bool) -> Config {
        Config {
            keymap: Keymap::defaults(),
            theme: if color {
                Theme::default()
            } else {
                Theme::plain()
            },
            mouse: true,
            problems: Vec::new(),
            path: None,
        }
    }

    /// Reads `path` if it exists; any problem is reported, never fatal.
    pub fn load(path: Option<&Path>, color: bool) -> Config {
        let mut cfg = Config::defaults(color);
        let Some(path) = path else {
            return cfg;
        };
        cfg.path = Some(path.to_path_buf());
        let shown = crate::store::shown(path);
        // Decided from the metadata before opening: a FIFO would block start-up.
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                cfg.problems.push(format!(
                    "config {shown}: not a regular file; skipped, using the defaults"
                ));
                return cfg;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return cfg,
            _ => {}
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return cfg,
            Err(e) => {
                cfg.problems.push(
                    crate::text::escape(&format!(
                        "config {shown}: cannot read: {e}; using defaults"
                    ))
                    .into_owned(),
                );
                return cfg;
            }
        };
        cfg.apply_text(&text, path);
        cfg
    }

    fn apply_text(&mut self, text: &str, path: &Path) {
        let from = self.problems.len();
        self.apply_raw(text, path);
        // Problems quote the file's content and path: escaped before any screen.
        for p in self.problems.iter_mut().skip(from) {
            *p = crate::text::escape(p).into_owned();
        }
    }

    fn apply_raw(&mut self, text: &str, path: &Path) {
        let raw: RawConfig = match serde_json::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                self.problems.push(format!(
                    "config {}: {e}; using the defaults",
                    path.display()
                ));
                return;
            }
        };
        // Pane actions may be named at the top of `keys` or in its `panes` object.
        let mut panes = BTreeMap::new();
        let mut modes = Vec::new();
        for (name, entry) in raw.keys {
            match entry {
                KeysEntry::Keys(keys) => {
                    panes.insert(name, keys);
                }
                KeysEntry::Mode(map) if name == "panes" => panes.extend(map),
                KeysEntry::Mode(map) => modes.push((name, map)),
            }
        }
        let (keymap, problems) = self.keymap.clone().with_config(&panes, &modes);
        self.keymap = keymap;
        self.problems.extend(
            problems
                .into_iter()
                .map(|p| format!("config {}: {p}", path.display())),
        );
        for (name, value) in &raw.colors {
            match Color::from_str(value) {
                Ok(c) => {
                    if !self.theme.set(name, c) {
                        self.problems.push(format!(
                            "config {}: unknown colour '{name}' (accent, ok, warn, error, muted, selection); skipped",
                            path.display()
                        ));
                    }
                }
                Err(_) => self.problems.push(format!(
                    "config {}: colors.{name}: '{value}' is not a colour; keeping the default",
                    path.display()
                )),
            }
        }
        if let Some(m) = raw.mouse {
            self.mouse = m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::Action;

    #[test]
    fn overrides_only_what_it_names() {
        let mut cfg = Config::defaults(true);
        cfg.apply_text(
            r#"{"keys": {"quit": ["Q"]}, "colors": {"accent": "magenta"}, "mouse": false}"#,
            Path::new("config.json"),
        );
        assert!(cfg.problems.is_empty(), "{:?}", cfg.problems);
        assert_eq!(cfg.keymap.label(Action::Quit), "Q");
        assert_eq!(cfg.keymap.label(Action::Help), "?");
        assert_eq!(cfg.theme.accent, Color::Magenta);
        assert!(!cfg.mouse);
    }

    #[test]
    fn keys_are_overridden_per_mode() {
        use crate::tui::keys::OverlayAction;
        let mut cfg = Config::defaults(true);
        cfg.apply_text(
            r#"{"keys": {"panes": {"add": ["A"]}, "undo": ["U"], "lists": {"close": ["x"]}, "confirm": {"apply": ["Enter"]}, "nope": {}}}"#,
            Path::new("config.json"),
        );
        assert_eq!(cfg.keymap.label(Action::Add), "A");
        assert_eq!(cfg.keymap.label(Action::Undo), "U");
        assert_eq!(
            cfg.keymap.overlay_keys(OverlayAction::Close)[0].to_string(),
            "x"
        );
        // The confirmation chooses with Enter too: applying with it is a conflict,
        // reported, and both keep their defaults.
        assert_eq!(
            cfg.keymap.overlay_keys(OverlayAction::Apply)[0].to_string(),
            "y"
        );
        assert_eq!(cfg.problems.len(), 2, "{:?}", cfg.problems);
        assert!(
            cfg.problems[0].contains("unknown key mode 'nope'"),
            "{:?}",
            cfg.problems
        );
        assert!(
            cfg.problems[1].contains("Enter is bound to both lists.choose and confirm.apply"),
            "{:?}",
            cfg.problems
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_config_path_that_is_a_fifo_or_directory_is_skipped_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("config.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let cfg = Config::load(Some(&fifo), true);
        assert_eq!(cfg.problems.len(), 1, "{:?}", cfg.problems);
        assert!(
            cfg.problems[0].contains("not a regular file"),
            "{:?}",
            cfg.problems
        );
        let cfg = Config::load(Some(dir.path()), true);
        assert_eq!(cfg.problems.len(), 1, "{:?}", cfg.problems);
        assert_eq!(cfg.keymap.label(Action::Quit), "q");
    }

    #[test]
    fn bad_files_report_and_keep_defaults() {
        let mut cfg = Config::defaults(true);
        cfg.apply_text("{ nope", Path::new("/x/config.json"));
        assert_eq!(cfg.problems.len(), 1);
        assert!(
            cfg.problems[0].contains("/x/config.json"),
            "{:?}",
            cfg.problems
        );
        assert_eq!(cfg.keymap.label(Action::Quit), "q");
        let mut cfg = Config::defaults(true);
        cfg.apply_text(
            r#"{"keys": {"fly": ["f"], "quit": ["Hyper-q"]}, "colors": {"accent": "plaid"}, "colours": 1}"#,
            Path::new("c.json"),
        );
        assert_eq!(
            cfg.problems.len(),
            1,
            "unknown top-level field: {:?}",
            cfg.problems
        );
        let mut cfg = Config::defaults(true);
        cfg.apply_text(
            r#"{"keys": {"fly": ["f"], "quit": ["Hyper-q"]}, "colors": {"accent": "plaid"}}"#,
            Path::new("c.json"),
        );
        assert_eq!(
            cfg.problems.len(),
            3,
            "the unknown action, quit's unknown key, the colour: {:?}",
            cfg.problems
        );
        assert!(
            cfg.problems[1].contains("keys.quit: unknown key 'Hyper-q'; keeping the default q"),
            "{:?}",
            cfg.problems
        );
        assert_eq!(cfg.keymap.label(Action::Quit), "q");
    }

    /// Every action keeps a key: an entry with a key name that means nothing is
    /// refused whole and reported with the default it keeps, whatever else is wrong
    /// in the file; what the file names well still applies.
    #[test]
    fn a_bad_key_name_keeps_the_actions_default_and_every_problem_is_reported() {
        let mut cfg = Config::defaults(true);
        cfg.apply_text(r#"{"keys": {"why": ["Hyper-z"]}}"#, Path::new("c.json"));
        assert_eq!(cfg.keymap.label(Action::Why), "w");
        assert_eq!(
            cfg.problems,
            ["config c.json: keys.why: unknown key 'Hyper-z'; keeping the default w"]
        );
        let mut cfg = Config::defaults(true);
        cfg.apply_text(
            r#"{"keys": {"foo": ["z"], "why": ["Hyper-z", "W"], "add": ["A"]}}"#,
            Path::new("c.json"),
        );
        assert_eq!(cfg.keymap.label(Action::Why), "w");
        assert_eq!(cfg.keymap.label(Action::Add), "A");
        assert_eq!(cfg.problems.len(), 2, "{:?}", cfg.problems);
        assert!(
            cfg.problems[0].contains("unknown action 'foo'"),
            "{:?}",
            cfg.problems
        );
        assert!(
            cfg.problems[1].contains("keys.why: unknown key 'Hyper-z'; keeping the default w"),
            "{:?}",
            cfg.problems
        );
    }

    /// A view's own key may not be a key the views obey among the panes' (a move, open,
    /// filter, back, quit...): reported, and both keep their defaults. Keys that never
    /// meet (the matrix's h and the panes' fold) may be shared.
    #[test]
    fn a_views_key_shared_with_a_moving_key_is_a_conflict() {
        use crate::tui::keys::OverlayAction;
        let mut cfg = Config::defaults(true);
        cfg.apply_text(
            r#"{"keys": {"views": {"fix": ["j"]}}}"#,
            Path::new("c.json"),
        );
        assert_eq!(
            cfg.keymap.overlay_keys(OverlayAction::Fix)[0].to_string(),
            "f"
        );
        assert_eq!(cfg.keymap.label(Action::Down), "j");
        assert_eq!(cfg.problems.len(), 1, "{:?}", cfg.problems);
        assert!(
            cfg.problems[0].contains("j is bound to both panes.down and views.fix"),
            "{:?}",
            cfg.problems
        );
        // From the panes' side too.
        let mut cfg = Config::defaults(true);
        cfg.apply_text(r#"{"keys": {"filter": ["f"]}}"#, Path::new("c.json"));
        assert_eq!(cfg.keymap.label(Action::Filter), "/");
        assert_eq!(cfg.problems.len(), 1, "{:?}", cfg.problems);
        // Fold is not a key of the views: the matrix's left may take it.
        let mut cfg = Config::defaults(true);
        cfg.apply_text(
            r#"{"keys": {"views": {"axis": ["x"]}}}"#,
            Path::new("c.json"),
        );
        assert!(cfg.problems.is_empty(), "{:?}", cfg.problems);
        assert_eq!(
            cfg.keymap.overlay_keys(OverlayAction::Axis)[0].to_string(),
            "x"
        );
    }
}
