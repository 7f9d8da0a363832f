//! The owners' own rows of a preview, as `diff` shows them: an environment created,
//! deleted or handed over changes its owner's level (`owner`), not only its members'.
//! And one row per member and environment: a member of both owners of a handed-over
//! environment loses access through one and gains it through the other.

use super::{AccessChange, AccessState, Measure};
use crate::engine::model::{AccountId, EnvId, Environment, Level};
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

    /// Adds the owners' rows (`p`: before the command).
    pub(super) fn owner_rows(&mut self, p: &Platform, out: &mut Vec<Row>) {
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
                let (b, f) = if was {
                    (owner(), AccessState::default())
                } else {
                    (AccessState::default(), owner())
                };
                out.push(Row {
                    member: a,
                    env,
                    change: AccessChange {
                        member: p.account(a).email.clone(),
                        env: name.clone(),
                        before: b,
                        after: f,
                    },
                });
            }
        }
    }
}

/// A row of a preview with the records it is about, until it is judged visible.
pub(super) struct Row {
    pub member: AccountId,
    pub env: EnvId,
    pub change: AccessChange,
}

/// Rows sorted by member and environment, with the rows of one member on one
/// environment made one: the access before from the row that had some, the access
/// after from the row that has some. A pair that ends where it began is no change.
pub(super) fn merge_pairs(rows: Vec<Row>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    for row in rows {
        match out.last_mut() {
            Some(last)
                if last.change.member == row.change.member && last.change.env == row.change.env =>
            {
                if last.change.before == AccessState::default() {
                    last.change.before = row.change.before;
                }
                if last.change.after == AccessState::default() {
                    last.change.after = row.change.after;
                }
            }
            _ => out.push(row),
        }
    }
    out.retain(|r| r.change.before != r.change.after);
    out
}

impl Measure {
    /// The merged rows the viewer may see; the others are counted in `hidden`. Judged
    /// on whole rows: a member of both owners of a handed-over environment keeps
    /// access through the new one, which the old one may not see.
    pub(super) fn visible(&mut self, p: &Platform, rows: Vec<Row>) -> Vec<AccessChange> {
        let none = AccessState::default();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let (had, has) = (r.change.before != none, r.change.after != none);
            if self.shows(p, r.member, r.env, had, has) {
                out.push(r.change);
            } else {
                self.hidden += 1;
            }
        }
        out
    }
}
