//! What one account may see of a measurement: its own rows, and other members' rows
//! only where it owns the environment or holds `collaboration.manage` on it, on each
//! side of the command where the environment exists (domain.md section 5).

use std::collections::HashSet;

use super::Measure;
use crate::engine::model::{AccountId, EnvId};
use crate::engine::platform::Platform;

impl Measure {
    /// Narrows the measurement (still on the platform after the command) to what
    /// `viewer` may see. `None`, the operator, sees every row.
    pub(crate) fn seen_by(mut self, p: &Platform, viewer: Option<AccountId>) -> Measure {
        let Some(v) = viewer else {
            return self;
        };
        let manages = |e: EnvId| p.env(e).owner == v || p.is_delegate_on(v, e);
        let written: HashSet<EnvId> = self
            .env_names
            .keys()
            .copied()
            .filter(|e| manages(*e))
            .collect();
        let mine = p.has_account(v).then(|| p.account(v).email.as_str());
        self.on_accept.retain(|c| {
            mine.is_some_and(|me| c.member.eq_ignore_ascii_case(me))
                || p.env_by_name(&c.env).is_some_and(manages)
        });
        self.viewer = Some((v, written));
        self
    }

    /// Whether the viewer sees `member`'s row on `env` (`p`: before the command;
    /// `had`, `has`: whether the member has access before and after): its own row
    /// always; another member's when it may see that member there on each side where
    /// the environment exists. On an environment the command writes (created,
    /// deleted, handed over), a side where the member has no access shows nothing of
    /// the owner of that side: the old owner sees its members lose a handed-over
    /// environment, the new owner its members gain it, and neither sees the other's
    /// members (each would learn the other's members and roles).
    pub(super) fn shows(
        &self,
        p: &Platform,
        member: AccountId,
        env: EnvId,
        had: bool,
        has: bool,
    ) -> bool {
        let Some((v, written)) = &self.viewer else {
            return true;
        };
        if member == *v {
            return true;
        }
        let exists = p.envs.get(env.index()).is_some_and(Option::is_some);
        if !self.env_names.contains_key(&env) {
            // Not written: the same owner and groups on both sides.
            return !exists || p.may_ask_about(*v, member, env);
        }
        let before = !exists || !had || p.may_ask_about(*v, member, env);
        // Seen after as `seen_by` found it (absent after: nothing to see).
        let after = !has || written.contains(&env);
        before && after
    }
}

/// The line a preview adds when it left rows out (`Preview::hidden`), in the app and
/// on the command line alike.
pub fn hidden_note(hidden: usize) -> Option<String> {
    (hidden > 0).then(|| {
        format!(
            "{hidden} change{} to other members' access {} not yours to see",
            if hidden == 1 { "" } else { "s" },
            if hidden == 1 { "is" } else { "are" }
        )
    })
}
