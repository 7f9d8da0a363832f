//! Engine errors: one variant per code of domain.md section 8 (the state-file codes
//! live with the store), each carrying the facts for a specific message. The CLI and
//! the app decide how to show them; `code()` is the stable name scripts see.

use std::fmt;

use thiserror::Error;

use crate::text::quoted as shown;

/// The value a refusal is about: what a form routes the error to, by type (never by
/// matching message text). `as_str` is the word messages have always used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Email,
    /// A display name: an account's, or the owner's label for a member.
    Name,
    Description,
    EnvName,
    GroupPath,
    GroupName,
    RoleName,
    PolicyName,
    MaxEnvironments,
    Cloudlets,
    /// A `--share` specification.
    Share,
    /// An environment action (`env do`).
    Action,
    Roles,
    Policies,
    Methods,
    /// A moment asked about (`--at`, `--since`).
    Time,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::Name => "name",
            Field::Description => "description",
            Field::EnvName => "environment name",
            Field::GroupPath => "group path",
            Field::GroupName => "group name",
            Field::RoleName => "role name",
            Field::PolicyName => "policy name",
            Field::MaxEnvironments => "max environments",
            Field::Cloudlets => "cloudlets",
            Field::Share => "share",
            Field::Action => "action",
            Field::Roles => "roles",
            Field::Policies => "policies",
            Field::Methods => "methods",
            Field::Time => "time",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Error {
    /// Something named does not exist. `hint` lists what does, when that helps.
    #[error("{what} '{name}' does not exist{}", hint_suffix(.hint))]
    NotFound {
        what: &'static str,
        name: String,
        hint: String,
    },
    /// The acting account lacks a right. `needs` says what was missing, in words.
    #[error("you don't have enough permissions to perform this action: {needs}")]
    PermissionDenied { needs: String },
    #[error("{0}")]
    InvalidState(String),
    /// A name already taken: `field` is the input that collided, `existing` the name
    /// (or path, or email) of what holds it, `message` the sentence for people.
    #[error("{message}")]
    Duplicate {
        field: Field,
        existing: String,
        message: String,
    },
    /// Inviting the owner into its own account: `by_owner` when the owner asked (an
    /// account-wide delegate asking is told whose account it is).
    #[error("{}", if *by_owner {
        format!("you cannot invite yourself ({email})")
    } else {
        format!("{email} owns this account and cannot be its member")
    })]
    SelfInvite { email: String, by_owner: bool },
    #[error("{field}: {message}")]
    Validation { field: Field, message: String },
    #[error("{0}")]
    QuotaExceeded(String),
    #[error("policy '{0}' is a system policy and cannot be changed or deleted")]
    ReadOnly(String),
    /// A role or policy still in use; `users` names who and where.
    #[error("{what} '{name}' is in use by {}; pass --force to {action} it anyway", users.join(", "))]
    InUse {
        what: &'static str,
        name: String,
        action: &'static str,
        users: Vec<String>,
    },
}

fn hint_suffix(hint: &str) -> String {
    if hint.is_empty() {
        String::new()
    } else {
        format!("; {hint}")
    }
}

impl Error {
    /// The stable error code of domain.md section 8.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "NOT_FOUND",
            Error::PermissionDenied { .. } => "PERMISSION_DENIED",
            Error::InvalidState(_) => "INVALID_STATE",
            Error::Duplicate { .. } => "DUPLICATE",
            Error::SelfInvite { .. } => "SELF_INVITE",
            Error::Validation { .. } => "VALIDATION",
            Error::QuotaExceeded(_) => "QUOTA_EXCEEDED",
            Error::ReadOnly(_) => "READ_ONLY",
            Error::InUse { .. } => "IN_USE",
        }
    }

    /// `name` is what the user typed: it is kept escaped and cut (see
    /// [`shown`]), never raw or whole.
    pub(crate) fn not_found(what: &'static str, name: impl AsRef<str>) -> Error {
        Error::not_found_hint(what, name, String::new())
    }

    /// As [`Error::not_found`]; any user text in `hint` must already be [`shown`].
    pub(crate) fn not_found_hint(
        what: &'static str,
        name: impl AsRef<str>,
        hint: impl Into<String>,
    ) -> Error {
        Error::NotFound {
            what,
            name: shown(name.as_ref()),
            hint: hint.into(),
        }
    }

    pub(crate) fn denied(needs: impl Into<String>) -> Error {
        Error::PermissionDenied {
            needs: needs.into(),
        }
    }

    pub(crate) fn invalid(field: Field, message: impl Into<String>) -> Error {
        Error::Validation {
            field,
            message: message.into(),
        }
    }

    /// `existing` is what holds the name: a name from the platform (shown escaped in
    /// `message` by the caller, which writes the sentence).
    pub(crate) fn duplicate(
        field: Field,
        existing: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::Duplicate {
            field,
            existing: existing.into(),
            message: message.into(),
        }
    }

    /// The input a refusal is about, when it is about one: where a form shows it.
    pub fn field(&self) -> Option<Field> {
        match self {
            Error::Validation { field, .. } | Error::Duplicate { field, .. } => Some(*field),
            Error::SelfInvite { .. } => Some(Field::Email),
            Error::ReadOnly(_) => Some(Field::PolicyName),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
