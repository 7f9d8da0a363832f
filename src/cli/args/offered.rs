//! Values an argument offers to shell completion (`collab completions`) without
//! narrowing what it accepts: the command still checks the value itself, with its own
//! message and exit code (`snapshot --view nope` and `env do ENV launch` are refused
//! as before), and a method name `env do` performs need not be offered to be accepted.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};

use crate::engine::Catalogue;

/// The views `collab snapshot --view` knows (the app draws each of them).
pub const SNAPSHOT_VIEWS: [&str; 20] = [
    "members",
    "accounts",
    "envs",
    "roles",
    "inspector",
    "lens",
    "why",
    "help",
    "tasks",
    "actions",
    "palette",
    "invite",
    "role-editor",
    "policy-editor",
    "direct-access",
    "new-env",
    "confirm",
    "review",
    "matrix",
    "history",
];

/// A text argument whose completions are the values its function lists; any text
/// parses, exactly as a plain `String` argument.
#[derive(Clone, Copy)]
pub struct Offered(pub fn() -> Vec<&'static str>);

impl TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(PossibleValue::new)))
    }
}

/// `snapshot --view`'s values.
pub fn snapshot_views() -> Vec<&'static str> {
    SNAPSHOT_VIEWS.to_vec()
}

/// The short actions `env do` performs: those without a command of their own, as the
/// app's palette offers them.
pub fn env_actions() -> Vec<&'static str> {
    let cat = Catalogue::get();
    cat.actions
        .iter()
        .filter(|(_, m)| cat.own_command(*m, "").is_none())
        .map(|(n, _)| n.as_str())
        .collect()
}
