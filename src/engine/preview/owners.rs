//! The owners' own rows of a preview, as `diff` shows them: an environment created,
//! deleted or handed over changes its owner's level (`owner`), not only its members'.
//! And one row per member and environment: a member of both owners of a handed-over
//! environment loses access through one and gains it through the other.

use super::{AccessChange, AccessState, Measure};
use crate::engine::model::{EnvId, Environment, Level};
use crate::engine::platform::Platform;

impl Measure {
    /// Notes a written environment whose owner the command changes (`old`: before,
    /// `now`: after, on the platform after the command).
    pub(super) fn note_owner(
        &mut self,
        id: EnvId,
        old: Option<&Environment>,
        now: Option<&Environment>,
    ) {
        let (before, after) = (old.map(|e| e.owner), now.map(|e| e.owner));
        if before != after {
            self.owner_moves.push((id, before, after));
        }
    }

    /// Adds the owners' rows the viewer may see (`p`: before the command).
    pub(super) fn owner_rows(&mut self, p: &Platform, out: &mut Vec<AccessChange>) {
        let owner = || AccessState {
            level: Level::Owner,
            roles: Vec::new(),
        };
        for (env, before, after) in std::mem::take(&mut self.owner_moves) {
            let name = self.env_name(p, env);
            for (account, was) in [(before, true), (after, false)] {
                let Some(a) = account.filter(|a| p.has_account(*a)) else {
                    continue;
                };
                if !self.shows(p, a, env) {
                    self.hidden += 1;
                    continue;
                }
                let (b, f) = if was {
                    (owner(), AccessState::default())
                } else {
                    (AccessState::default(), owner())
                };
                out.push(AccessChange {
                    member: p.account(a).email.clone(),
                    env: name.clone(),
                    before: b,
                    after: f,
                });
            }
        }
    }
}

/// Rows sorted by member and environment, with the rows of one member on one
/// environment made one: the access before from the row that had some, the access
/// after from the row that has some. A pair that ends where it began is no change.
pub(super) fn merge_pairs(rows: Vec<AccessChange>) -> Vec<AccessChange> {
    let mut out: Vec<AccessChange> = Vec::with_capacity(rows.len());
    for row in rows {
        match out.last_mut() {
            Some(last) if last.member == row.member && last.env == row.env => {
                if last.before == AccessState::default() {
                    last.before = row.before;
                }
                if last.after == AccessState::default() {
                    last.after = row.after;
                }
            }
            _ => out.push(row),
        }
    }
    out.retain(|c| c.before != c.after);
    out
}
