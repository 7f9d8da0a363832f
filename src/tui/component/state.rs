//! The vocabulary every component and the app share: which pane, whether an action
//! is available, a message for the message line.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaneId {
    #[default]
    Accounts,
    Members,
    Envs,
    Roles,
}

impl PaneId {
    pub const ALL: [PaneId; 4] = [
        PaneId::Accounts,
        PaneId::Members,
        PaneId::Envs,
        PaneId::Roles,
    ];

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Accounts => "Accounts",
            PaneId::Members => "Members",
            PaneId::Envs => "Environments",
            PaneId::Roles => "Roles & Policies",
        }
    }

    pub fn number(self) -> usize {
        match self {
            PaneId::Accounts => 1,
            PaneId::Members => 2,
            PaneId::Envs => 3,
            PaneId::Roles => 4,
        }
    }

    #[must_use]
    pub fn next(self) -> PaneId {
        match self {
            PaneId::Accounts => PaneId::Members,
            PaneId::Members => PaneId::Envs,
            PaneId::Envs => PaneId::Roles,
            PaneId::Roles => PaneId::Accounts,
        }
    }

    #[must_use]
    pub fn prev(self) -> PaneId {
        match self {
            PaneId::Accounts => PaneId::Roles,
            PaneId::Members => PaneId::Accounts,
            PaneId::Envs => PaneId::Members,
            PaneId::Roles => PaneId::Envs,
        }
    }

    /// This pane's slot in an array kept in the order of `ALL`.
    pub fn slot<T>(self, all: &[T; 4]) -> &T {
        let [accounts, members, envs, roles] = all;
        match self {
            PaneId::Accounts => accounts,
            PaneId::Members => members,
            PaneId::Envs => envs,
            PaneId::Roles => roles,
        }
    }

    /// This pane's slot in an array kept in the order of `ALL`, to change.
    pub fn slot_mut<T>(self, all: &mut [T; 4]) -> &mut T {
        let [accounts, members, envs, roles] = all;
        match self {
            PaneId::Accounts => accounts,
            PaneId::Members => members,
            PaneId::Envs => envs,
            PaneId::Roles => roles,
        }
    }
}

/// Whether an action can run here, and why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Avail {
    Enabled,
    Disabled(String),
    Hidden,
}

/// A message on the message line. Errors stay until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}
