//! The README's key table is the keymap: every default key of every action is in the
//! table, and every key the table names does something.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

use std::collections::BTreeSet;

use collab::tui::keys::{Action, Keymap};

/// The key column of the README's key table, as key names of the keymap.
fn readme_keys() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| key | does |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert!(table.len() > 10, "the README has a key table");
    let mut keys = BTreeSet::new();
    for row in table {
        let cell = row.split('|').nth(1).unwrap_or_default();
        // " / " separates alternatives; a lone "/" is the filter key itself.
        for part in cell.trim().split(" / ") {
            for word in part.split([' ', ',']).filter(|w| !w.is_empty()) {
                let names: Vec<String> = match word {
                    "arrows" => vec!["↑".into(), "↓".into()],
                    "1-4" => (1..=4).map(|n| n.to_string()).collect(),
                    w => vec![w.to_string()],
                };
                keys.extend(names);
            }
        }
    }
    keys
}

#[test]
fn the_readme_key_table_matches_the_default_keymap() {
    let map = Keymap::defaults();
    let bound: BTreeSet<String> = Action::ALL
        .iter()
        .flat_map(|a| map.keys(*a).iter().map(ToString::to_string))
        .collect();
    let documented = readme_keys();
    let missing: Vec<&String> = bound.difference(&documented).collect();
    let stray: Vec<&String> = documented.difference(&bound).collect();
    assert!(
        missing.is_empty(),
        "keys the README does not list: {missing:?}"
    );
    assert!(stray.is_empty(), "README keys that do nothing: {stray:?}");
}

/// Every view `snapshot --view` takes is named where a user looks for the list: the
/// README's sentence about snapshots and `collab snapshot --help`.
#[test]
fn every_snapshot_view_is_listed_in_the_readme_and_the_help() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let sentence = readme
        .split("That is `collab snapshot")
        .nth(1)
        .and_then(|rest| rest.split("as `--as` any account").next())
        .expect("the README's snapshot sentence");
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_collab"))
        .args(["snapshot", "--help"])
        .output()
        .expect("collab snapshot --help");
    let help = String::from_utf8_lossy(&help.stdout);
    for view in collab::tui::snapshot::VIEWS {
        assert!(
            sentence.contains(&format!("`{view}`")),
            "README lacks {view}"
        );
        assert!(
            help.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .any(|w| w == view),
            "help lacks {view}:\n{help}"
        );
    }
}
