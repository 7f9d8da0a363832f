//! The README's console examples, run as written: every `$ collab …` line of a
//! ```` ```console ```` block runs in a shell (in order, on one state file in a fresh
//! home, as a newcomer would type them), and what it prints must be what the README
//! shows. A line `...` stands for any number of lines, `...` inside a line for any
//! text, and times (`2026-03-01T00:00:00Z`) for any time; the home directory reads
//! `/home/you`. Blocks whose commands need files the README does not make (`diff
//! before.json after.json`) are left out by name.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

use std::process::Command;

/// Commands the README shows without the files they read.
const NOT_RUN: [&str; 1] = ["collab diff before.json after.json"];

/// One example: the command line (continuation lines joined) and what it prints.
struct Example {
    command: String,
    shown: Vec<String>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut continued = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_block = line == "```console";
            continued = false;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push(Example {
                command: cmd.trim_end_matches('\\').to_string(),
                shown: Vec::new(),
            });
            continued = line.ends_with('\\');
        } else if let Some(last) = out.last_mut() {
            if continued {
                last.command.push(' ');
                last.command.push_str(line.trim().trim_end_matches('\\'));
                continued = line.ends_with('\\');
            } else {
                last.shown.push(line.to_string());
            }
        }
    }
    out
}

/// `text` with every RFC 3339 time (`YYYY-MM-DDTHH:MM:SSZ`) written `<time>`.
fn without_times(text: &str) -> String {
    let b = text.as_bytes();
    let shape = b"dddd-dd-ddTdd:dd:ddZ";
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let is_time = b.len() - i >= shape.len()
            && shape.iter().zip(&b[i..]).all(|(s, c)| match s {
                b'd' => c.is_ascii_digit(),
                s => s == c,
            });
        if is_time {
            out.push_str("<time>");
            i += shape.len();
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// One line against its pattern: `...` inside it matches any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split("...").collect();
    if parts.len() == 1 {
        return pattern == line;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) || !line[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Lines against patterns: a pattern line `...` matches any number of lines.
fn lines_match(patterns: &[String], lines: &[&str]) -> bool {
    match patterns.split_first() {
        None => lines.is_empty(),
        Some((p, rest)) if p.trim() == "..." => {
            (0..=lines.len()).any(|skip| lines_match(rest, &lines[skip..]))
        }
        Some((p, rest)) => lines
            .split_first()
            .is_some_and(|(l, more)| line_matches(p, l) && lines_match(rest, more)),
    }
}

#[test]
fn every_console_example_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let examples = examples(&readme);
    assert!(examples.len() >= 8, "{} examples found", examples.len());
    let home = tempfile::tempdir().unwrap();
    let home_path = home.path().to_str().unwrap();
    let mut failures = Vec::new();
    for ex in examples
        .iter()
        .filter(|e| !NOT_RUN.contains(&e.command.as_str()))
    {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "collab() {{ \"$COLLAB_BIN\" \"$@\"; }}\n{}",
                ex.command
            ))
            .env("COLLAB_BIN", env!("CARGO_BIN_EXE_collab"))
            .env("HOME", home_path)
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env("NO_COLOR", "1")
            .env_remove("COLLAB_STATE")
            .env_remove("COLLAB_AS")
            .current_dir(home.path())
            .output()
            .unwrap();
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        let text = without_times(&text.replace(home_path, "/home/you"));
        let shown: Vec<String> = ex.shown.iter().map(|l| without_times(l)).collect();
        let lines: Vec<&str> = text.lines().collect();
        if !lines_match(&shown, &lines) {
            failures.push(format!(
                "$ {}\n--- the README shows:\n{}\n--- it prints:\n{text}",
                ex.command,
                shown.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_matcher_can_fail() {
    let p = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    assert!(lines_match(&p(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(!lines_match(&p(&["a", "...", "d"]), &["a", "b", "c"]));
    assert!(!lines_match(&p(&["a"]), &["a", "b"]));
    assert!(line_matches(r#"{"x":"..."}"#, r#"{"x":"anything"}"#));
    assert!(!line_matches(r#"{"x":"..."}"#, r#"{"y":"anything"}"#));
    assert_eq!(
        without_times("#76 2026-11-30T04:37:53Z  olga"),
        "#76 <time>  olga"
    );
}
