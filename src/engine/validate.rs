//! Validation of every value a user can type: emails, names, paths, numbers and share
//! specifications. It lives in the engine so that the command line, the palette and
//! the app's dialogs all give the same answer to the same input.

use super::error::{Error, Field, Result};
use super::model::MAX_MAX_ENVIRONMENTS;

pub const MAX_EMAIL: usize = 254;
pub const MAX_LOCAL_PART: usize = 64;
pub const MAX_NAME: usize = 100;
pub const MAX_DESCRIPTION: usize = 500;
pub const MAX_SEGMENT: usize = 64;
pub const MAX_GROUP_DEPTH: usize = 64;
pub const MAX_CLOUDLETS_LIMIT: u32 = 10_000;

/// Invisible characters, as the one terminal-text module defines them.
pub(crate) fn is_hidden(c: char) -> bool {
    crate::text::is_invisible(c)
}

fn has_control(s: &str) -> bool {
    s.chars().any(is_hidden)
}

/// Why `raw`, which holds a hidden character, is refused: a flag's or a skin tone's
/// part is named as what it is, not as invisible.
fn hidden_text(raw: &str) -> String {
    if raw.chars().any(crate::text::is_drawn_unalike) {
        format!(
            "'{}' contains a flag or skin-tone emoji, which terminals draw at different widths",
            shown(raw)
        )
    } else {
        format!("'{}' contains invisible or control characters", shown(raw))
    }
}

/// User text as quoted in a message: escaped and cut (see [`crate::text::quoted`]).
pub(crate) fn shown(s: &str) -> String {
    crate::text::quoted(s)
}

/// Checks an email and returns it lower-cased.
pub fn email(raw: &str) -> Result<String> {
    let bad = |why: &str| {
        Err(Error::invalid(
            Field::Email,
            format!("'{}' {why}", shown(raw)),
        ))
    };
    if raw.is_empty() {
        return Err(Error::invalid(Field::Email, "an email is required"));
    }
    if raw.len() > MAX_EMAIL {
        return bad(&format!("is longer than {MAX_EMAIL} characters"));
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("contains spaces or control characters");
    }
    let lower = raw.to_ascii_lowercase();
    let mut parts = lower.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return bad("must contain exactly one '@'");
    };
    if local.is_empty() {
        return bad("has nothing before the '@'");
    }
    if local.len() > MAX_LOCAL_PART {
        return bad(&format!(
            "has a part before '@' longer than {MAX_LOCAL_PART} characters"
        ));
    }
    let local_ok = local
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    if !local_ok || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return bad("has characters not allowed before the '@'");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return bad("needs a domain with a dot after the '@'");
    }
    for label in &labels {
        if label.is_empty()
            || label.len() > 63
            || label.starts_with('-')
            || label.ends_with('-')
            || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return bad("has an invalid domain after the '@'");
        }
    }
    Ok(lower)
}

/// The default display name: the part of the email before `@`.
pub fn default_name(email: &str) -> String {
    email.split('@').next().unwrap_or(email).to_string()
}

/// A display name (account or member label): 1 to 100 characters, no invisible or
/// control characters (see [`crate::text::is_invisible`]), no leading or trailing
/// spaces.
pub fn display_name(field: Field, raw: &str) -> Result<String> {
    label(field, raw, MAX_NAME)
}

fn label(field: Field, raw: &str, max: usize) -> Result<String> {
    if raw.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if raw.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("'{}' is longer than {max} characters", shown(raw)),
        ));
    }
    if has_control(raw) {
        return Err(Error::invalid(field, hidden_text(raw)));
    }
    if raw.trim() != raw {
        return Err(Error::invalid(
            field,
            format!("'{}' has leading or trailing spaces", shown(raw)),
        ));
    }
    Ok(raw.to_string())
}

/// A description: at most 500 characters on one line, without invisible or control
/// characters (a line break would forge rows in the command line's tables); leading
/// and trailing spaces are dropped.
pub fn description(raw: &str) -> Result<String> {
    if raw.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid(
            Field::Description,
            format!("is longer than {MAX_DESCRIPTION} characters"),
        ));
    }
    if has_control(raw) {
        let why = if raw.chars().any(crate::text::is_drawn_unalike) {
            hidden_text(raw)
        } else {
            format!(
                "'{}' contains invisible or control characters (line breaks included)",
                shown(raw)
            )
        };
        return Err(Error::invalid(Field::Description, why));
    }
    Ok(raw.trim().to_string())
}

/// An environment name: `[a-z0-9-]{3,32}`, like a subdomain.
pub fn env_name(raw: &str) -> Result<String> {
    // The characters first: a name of 17 accented letters is wrong for its letters,
    // and once they are all ASCII, bytes and characters are the same count.
    if let Some(c) = raw
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(Error::invalid(
            Field::EnvName,
            format!(
                "'{}' may contain only lower-case letters, digits and '-' (found '{}')",
                shown(raw),
                c.escape_debug()
            ),
        ));
    }
    let n = raw.len();
    if !(3..=32).contains(&n) {
        return Err(Error::invalid(
            Field::EnvName,
            format!(
                "'{}' must be 3 to 32 characters long (it has {n})",
                shown(raw)
            ),
        ));
    }
    Ok(raw.to_string())
}

/// A group path `A/B/C`, split into its segments.
pub fn group_path(raw: &str) -> Result<Vec<String>> {
    if raw.is_empty() {
        return Err(Error::invalid(Field::GroupPath, "must not be empty"));
    }
    let segments: Vec<&str> = raw.split('/').collect();
    if segments.len() > MAX_GROUP_DEPTH {
        return Err(Error::invalid(
            Field::GroupPath,
            format!("is deeper than {MAX_GROUP_DEPTH} levels"),
        ));
    }
    segments
        .into_iter()
        .map(|s| {
            if s.is_empty() {
                return Err(Error::invalid(
                    Field::GroupPath,
                    format!("'{}' has an empty segment", shown(raw)),
                ));
            }
            group_segment(s).map_err(|e| match e {
                Error::Validation { message, .. } => Error::invalid(Field::GroupPath, message),
                other => other,
            })
        })
        .collect()
}

/// One segment of a group path (a group's own name).
pub fn group_segment(raw: &str) -> Result<String> {
    if raw.contains('/') {
        return Err(Error::invalid(
            Field::GroupName,
            format!("'{}' must not contain '/'", shown(raw)),
        ));
    }
    label(Field::GroupName, raw, MAX_SEGMENT)
}

/// A role name: unique per owner case-insensitively; no `+` or `=`.
pub fn role_name(raw: &str) -> Result<String> {
    let name = label(Field::RoleName, raw, MAX_SEGMENT)?;
    if name.contains('+') || name.contains('=') {
        return Err(Error::invalid(
            Field::RoleName,
            format!("'{}' must not contain '+' or '='", shown(raw)),
        ));
    }
    Ok(name)
}

pub fn policy_name(raw: &str) -> Result<String> {
    label(Field::PolicyName, raw, MAX_SEGMENT)
}

pub fn max_environments(n: u32) -> Result<u32> {
    if n > MAX_MAX_ENVIRONMENTS {
        return Err(Error::invalid(
            Field::MaxEnvironments,
            format!("{n} is out of range (0 to {MAX_MAX_ENVIRONMENTS})"),
        ));
    }
    Ok(n)
}

pub fn cloudlets(n: u32, max: u32) -> Result<u32> {
    if n == 0 || n > max {
        return Err(cloudlets_out_of_range(&n.to_string(), max));
    }
    Ok(n)
}

/// A count of cloudlets as typed, for a command (the range is checked there, against
/// the owner's limit `max`): a whole number too large or below zero for any count
/// (`-1`) is out of that range, and only text that is no whole number is refused as
/// such.
pub fn typed_cloudlets(raw: &str, max: u32) -> Result<u32> {
    if let Ok(n) = raw.parse::<u32>() {
        return Ok(n);
    }
    let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(cloudlets_out_of_range(&shown(raw), max));
    }
    Err(Error::invalid(
        Field::Cloudlets,
        format!("'{}' is not a whole number", shown(raw)),
    ))
}

fn cloudlets_out_of_range(n: &str, max: u32) -> Error {
    Error::invalid(
        Field::Cloudlets,
        format!("{n} is out of range (1 to {max}, the owner's limit per environment)"),
    )
}

/// The target of a `--share` specification, before names are resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetSpec {
    AllEnvs,
    AllGroups,
    Group(String),
    Env(String),
}

impl TargetSpec {
    /// The target as written in listings: `envs`, `groups`, `group:A/B`, `env:NAME`.
    pub fn label(&self) -> String {
        match self {
            TargetSpec::AllEnvs => "envs".into(),
            TargetSpec::AllGroups => "groups".into(),
            TargetSpec::Group(p) => format!("group:{p}"),
            TargetSpec::Env(n) => format!("env:{n}"),
        }
    }
}

/// One `--share` specification: a target and the names of its roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareSpec {
    pub target: TargetSpec,
    pub roles: Vec<String>,
}

impl ShareSpec {
    /// Parses `envs=Viewer`, `groups=A+B`, `group:Path/Sub=Admin`, `env:shop`, ...
    /// Roles are joined with `+` after the last `=`; no `=` means ticked, no roles.
    pub fn parse(raw: &str) -> Result<ShareSpec> {
        let bad = |why: String| Err(Error::invalid(Field::Share, why));
        if has_control(raw) {
            return bad(format!("'{}' contains control characters", shown(raw)));
        }
        let (target_raw, roles_raw) = match raw.rfind('=') {
            Some(i) => (&raw[..i], Some(&raw[i + 1..])),
            None => (raw, None),
        };
        let target = match target_raw {
            "envs" => TargetSpec::AllEnvs,
            "groups" => TargetSpec::AllGroups,
            t => {
                if let Some(path) = t.strip_prefix("group:") {
                    group_path(path).map_err(|e| match e {
                        Error::Validation { message, .. } => {
                            Error::invalid(Field::Share, format!("in '{}': {message}", shown(raw)))
                        }
                        other => other,
                    })?;
                    TargetSpec::Group(path.to_string())
                } else if let Some(name) = t.strip_prefix("env:") {
                    if name.is_empty() {
                        return bad(format!("'{}' names no environment", shown(raw)));
                    }
                    TargetSpec::Env(name.to_string())
                } else {
                    return bad(format!(
                        "'{}' is not a share; use envs=ROLES, groups=ROLES, group:PATH=ROLES or env:NAME=ROLES",
                        shown(raw)
                    ));
                }
            }
        };
        let roles = match roles_raw {
            None => Vec::new(),
            Some("") => {
                return bad(format!(
                    "'{}' has '=' but no roles; drop the '=' to tick without roles",
                    shown(raw)
                ));
            }
            Some(list) => list
                .split('+')
                .map(|r| {
                    if r.is_empty() {
                        Err(Error::invalid(
                            Field::Share,
                            format!("'{}' has an empty role name", shown(raw)),
                        ))
                    } else {
                        Ok(r.to_string())
                    }
                })
                .collect::<Result<Vec<_>>>()?,
        };
        Ok(ShareSpec { target, roles })
    }
}

#[cfg(test)]
mod tests;
