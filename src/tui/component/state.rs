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

/// A scroll position over `total` lines shown `height` at a time, fitted in the layout
/// step (as ratatui's `ListState` is): the view never scrolls past its last screenful,
/// and knows where it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scroll {
    offset: usize,
    height: usize,
    total: usize,
}

impl Scroll {
    /// The first line shown.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// How many lines fit.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Fits the position to `height` visible lines of `total`.
    pub fn fit(&mut self, height: usize, total: usize) {
        self.height = height;
        self.total = total;
        self.offset = self.offset.min(self.last());
    }

    /// The offset that shows the last line at the bottom.
    fn last(&self) -> usize {
        self.total.saturating_sub(self.height.max(1))
    }

    /// Moves by `delta` lines, stopping at either end.
    pub fn by(&mut self, delta: isize) {
        self.offset = self.offset.saturating_add_signed(delta).min(self.last());
    }

    /// A screenful, for the page keys.
    pub fn page(&self) -> isize {
        isize::try_from(self.height.saturating_sub(1).max(1)).unwrap_or(isize::MAX)
    }

    pub fn top(&mut self) {
        self.offset = 0;
    }

    pub fn bottom(&mut self) {
        self.offset = self.last();
    }

    /// Where the view is, when not everything fits: "12–30 of 45".
    pub fn position(&self) -> Option<String> {
        (self.total > self.height && self.height > 0).then(|| {
            format!(
                "{}–{} of {}",
                self.offset + 1,
                (self.offset + self.height).min(self.total),
                self.total
            )
        })
    }
}
