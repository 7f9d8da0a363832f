//! What the command line prints when clap stops before a command runs: help or the
//! version on stdout (exit 0), or a usage error in the contract's shape (exit 2); and
//! the usage errors of time arguments.

use clap::error::ErrorKind;

use super::{Failure, Output, Res, failure_output};
use crate::engine::{TimeError, Timestamp};

/// The output of an invocation whose arguments clap did not turn into a command.
pub(super) fn parse_failure(e: &clap::Error, json: bool) -> Output {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Output {
            launch: None,
            kept: None,
            stdout: e.render().to_string(),
            stderr: String::new(),
            code: 0,
        },
        // Help nobody asked for is a usage error like any other. The grammar turns
        // clap's help-on-missing off, so clap names what is missing; this is the net
        // should a command turn it back on.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let help = e.render().to_string();
            let usage = usage_line(&help).map_or_else(String::new, |u| format!(" ({u})"));
            failure_output(
                &Failure::Usage(format!("a subcommand or argument is missing{usage}")),
                json,
            )
        }
        _ => {
            // Unstyled (`Styles::plain`), so the rendering's only escape sequences
            // are those of the arguments, which `failure_output` shows escaped
            // (plain `to_string` would delete them, and name a value the user did
            // not type).
            let text = e.render().ansi().to_string();
            failure_output(&Failure::Usage(usage_message(&text)), json)
        }
    }
}

/// The `Usage: ...` line of a rendering, trimmed.
fn usage_line(rendered: &str) -> Option<&str> {
    rendered
        .lines()
        .find(|l| l.trim_start().starts_with("Usage:"))
        .map(str::trim)
}

/// A usage error as clap renders it, on one line: its first paragraph (the message,
/// with the arguments it lists, such as the required ones not given) and its usage
/// line in parentheses.
pub fn usage_message(rendered: &str) -> String {
    let message: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = message.join(" ");
    let message = message.trim_start_matches("error: ");
    let message = if message.is_empty() {
        "invalid arguments"
    } else {
        message
    };
    match usage_line(rendered) {
        Some(usage) => format!("{message} ({usage})"),
        None => message.to_string(),
    }
}

/// The moment a time argument (`--at`, `--since`, `--now`) names; a usage error that
/// says what is wrong with it: not an RFC 3339 time, or one outside the times the
/// platform holds.
pub(super) fn moment(flag: &str, text: &str) -> Res<Timestamp> {
    Timestamp::parse(text).map_err(|e| {
        let text = crate::text::quoted(text);
        Failure::Usage(match e {
            TimeError::Malformed => {
                format!("{flag} {text} is not an RFC 3339 time such as 2026-03-01T12:00:00Z")
            }
            TimeError::OutOfRange => format!(
                "{flag} {text} is outside the times collab holds: {} to {}",
                Timestamp::MIN,
                Timestamp::MAX
            ),
        })
    })
}
