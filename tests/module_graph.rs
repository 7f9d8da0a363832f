//! No circles (issue 9, item 5): no module imports a sibling that imports it back. A
//! child using its parent's items is the usual idiom and does not count; two siblings
//! (or anything inside them) that use each other do.
//!
//! The graph is read from the sources: every `crate::a::b` and `super::…` path that
//! names a module. `KNOWN` lists the circles that remain, so the list can only shrink:
//! a new circle fails, and so does a listed one that is gone (remove it from the list).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Circles that remain: none. The components' shared vocabulary (`Ctx`, `Effect`,
/// `Avail`, `Message`, `PaneId`) lives in `tui::component`, whose children are the
/// overlays and dialogs; the app sits above them all.
const KNOWN: &[(&str, &str)] = &[];

/// Every module of the crate (`engine::apply`, ...; the root is ""), with its source.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))
                    .unwrap();
                let mut parts: Vec<String> = rel
                    .with_extension("")
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                let source = std::fs::read_to_string(&path).unwrap();
                // Unit tests may reach anywhere.
                let source = match source.find("#[cfg(test)]\nmod tests") {
                    Some(cut) => source[..cut].to_string(),
                    None => source,
                };
                out.insert(parts.join("::"), source);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut out,
    );
    out
}

fn ident_end(s: &str) -> usize {
    s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len())
}

/// The paths a source names, as module-relative segment lists from the crate root.
fn paths(module: &str, source: &str) -> Vec<Vec<String>> {
    let base: Vec<String> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(String::from).collect()
    };
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < source.len() {
        let rest = &source[i..];
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if boundary && rest.starts_with("crate::") {
            out.push(segments(&rest["crate::".len()..], Vec::new()));
            i += "crate::".len();
        } else if boundary && rest.starts_with("super::") {
            let mut up = 0;
            let mut at = rest;
            while let Some(r) = at.strip_prefix("super::") {
                up += 1;
                at = r;
            }
            let anc: Vec<String> = base[..base.len().saturating_sub(up)].to_vec();
            if let Some(group) = at.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',') {
                    let item = item.trim();
                    if !item.is_empty() {
                        out.push(segments(item, anc.clone()));
                    }
                }
            } else {
                out.push(segments(at, anc));
            }
            i += rest.len() - at.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

fn segments(mut s: &str, mut prefix: Vec<String>) -> Vec<String> {
    loop {
        let end = ident_end(s);
        if end == 0 {
            break;
        }
        prefix.push(s[..end].to_string());
        match s[end..].strip_prefix("::") {
            Some(r) => s = r,
            None => break,
        }
    }
    prefix
}

/// The circles between siblings: pairs (A, B) under one parent where something in A
/// uses something in B and something in B uses something in A.
fn circles() -> BTreeSet<(String, String)> {
    let mods = modules();
    let known: BTreeSet<&String> = mods.keys().collect();
    let resolve = |segs: &[String]| -> Option<String> {
        (1..=segs.len())
            .rev()
            .map(|n| segs[..n].join("::"))
            .find(|m| known.contains(m))
    };
    let mut edges = BTreeSet::new();
    for (m, src) in &mods {
        for p in paths(m, src) {
            if let Some(t) = resolve(&p)
                && &t != m
            {
                edges.insert((m.clone(), t));
            }
        }
    }
    let top_under = |module: &str, parent: &str| -> Option<String> {
        let ms: Vec<&str> = module.split("::").filter(|s| !s.is_empty()).collect();
        let ps: Vec<&str> = parent.split("::").filter(|s| !s.is_empty()).collect();
        (ms.len() > ps.len() && ms[..ps.len()] == ps[..]).then(|| ms[..=ps.len()].join("::"))
    };
    let mut found = BTreeSet::new();
    let parents: BTreeSet<String> = mods
        .keys()
        .map(|m| {
            m.rsplit_once("::")
                .map_or(String::new(), |(p, _)| p.to_string())
        })
        .collect();
    for parent in &parents {
        let mut dep = BTreeSet::new();
        for (a, b) in &edges {
            if let (Some(ta), Some(tb)) = (top_under(a, parent), top_under(b, parent))
                && ta != tb
            {
                dep.insert((ta, tb));
            }
        }
        for (a, b) in &dep {
            if a < b && dep.contains(&(b.clone(), a.clone())) {
                found.insert((a.clone(), b.clone()));
            }
        }
    }
    found
}

#[test]
fn no_module_imports_a_sibling_that_imports_it_back() {
    let found = circles();
    let known: BTreeSet<(String, String)> = KNOWN
        .iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(new.is_empty(), "new circles: {new:?}");
    assert!(
        gone.is_empty(),
        "circles that are gone: remove them from KNOWN: {gone:?}"
    );
}

#[test]
fn the_reader_sees_uses_and_the_engine_uses_neither_the_command_line_nor_the_app() {
    let mods = modules();
    let cli_uses_engine = paths("cli", &mods["cli"])
        .iter()
        .any(|p| p.first().is_some_and(|s| s == "engine"));
    assert!(cli_uses_engine, "the reader sees cli's uses of the engine");
    let engine_uses_cli = mods
        .iter()
        .filter(|(m, _)| m.starts_with("engine"))
        .any(|(m, src)| {
            paths(m, src)
                .iter()
                .any(|p| p.first().is_some_and(|s| s == "cli" || s == "tui"))
        });
    assert!(
        !engine_uses_cli,
        "the engine uses nothing of the command line or the app"
    );
}
