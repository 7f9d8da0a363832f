//! `collab completions bash|zsh|fish`: generated from the clap grammar, so every
//! subcommand (and every nested one) appears in each shell's script.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

use clap::CommandFactory;
use collab::cli::args::Cli;

fn script(shell: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_collab"))
        .args(["completions", shell])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every subcommand name, nested ones included (`member invite`, `env do`, ...).
fn subcommands() -> Vec<String> {
    fn walk(c: &clap::Command, out: &mut Vec<String>) {
        for s in c.get_subcommands() {
            out.push(s.get_name().to_string());
            walk(s, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &mut out);
    out
}

#[test]
fn each_shell_script_mentions_every_subcommand() {
    let names = subcommands();
    for must in [
        "review",
        "diff",
        "access-report",
        "completions",
        "check",
        "invite",
        "do",
    ] {
        assert!(names.iter().any(|n| n == must), "{must} is a subcommand");
    }
    for shell in ["bash", "zsh", "fish"] {
        let s = script(shell);
        for name in &names {
            assert!(s.contains(name.as_str()), "{shell} script lacks {name}");
        }
    }
    assert!(script("fish").contains("complete -c collab"));
    assert!(script("bash").contains("complete -F"));
    assert!(script("zsh").starts_with("#compdef collab"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_collab"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Every argument of every command, nested ones included, says what it is for in
/// `--help` (and so in zsh's and fish's completions, which show the same text).
#[test]
fn every_argument_has_a_help_text() {
    fn walk(cmd: &clap::Command, path: &str, bare: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if ["help", "version"].contains(&id) {
                continue;
            }
            if a.get_help().is_none_or(|h| h.to_string().trim().is_empty()) {
                bare.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), bare);
        }
    }
    let mut bare = Vec::new();
    walk(&Cli::command(), "collab", &mut bare);
    assert!(bare.is_empty(), "arguments without help: {bare:?}");
}

/// The bash script offers `snapshot --view`'s views and `env do`'s short actions (the
/// ones it performs), from the same lists the command line checks; values not offered
/// are still accepted or refused as before (`tests/trust_input.rs`).
#[test]
fn bash_completion_offers_the_views_and_the_env_do_actions() {
    let s = script("bash");
    let views = collab::cli::args::SNAPSHOT_VIEWS.join(" ");
    assert!(
        s.contains(&format!("compgen -W \"{views}\"")),
        "--view's values missing"
    );
    let env_do = s
        .lines()
        .find(|l| l.contains("opts=") && l.contains(" restart "))
        .expect("env do's opts offer its actions");
    for action in ["start", "stop", "restart", "logs", "stats", "delete"] {
        assert!(
            env_do.split_whitespace().any(|w| w == action),
            "{action} not offered: {env_do}"
        );
    }
    // Actions with a command of their own are not offered (env do refuses them).
    for own in ["clone", "transfer", "create"] {
        assert!(
            !env_do.split_whitespace().any(|w| w == own),
            "{own} offered: {env_do}"
        );
    }
    // zsh completes both; fish, whose generator completes options only, the views.
    let zsh = script("zsh");
    assert!(zsh.contains("role-editor") && zsh.contains("reset-password"));
    assert!(script("fish").contains("role-editor"));
}
