//! The selected member's direct entry on the environment as a record (see `basis`):
//! a dialog left open while another process changes that entry is rebased onto it.

use super::super::basis::{Parts, Record, role_list, roles_of};
use super::{DirectDialog, Platform, ShareTarget, role_nodes};

const ENTRY: &str = "direct entry";

impl DirectDialog {
    /// The selected member's direct entry as `p` holds it: one part with its roles
    /// when it has one, none when it has none; gone when the member is no longer one.
    pub(super) fn edited(&self, p: &Platform) -> Option<Record> {
        if self.switched.is_some() {
            return None;
        }
        let email = self.member()?;
        let owner = p.account_by_email(&self.owner_email);
        let parts = owner
            .zip(p.account_by_email(&email))
            .and_then(|(o, m)| p.collab_of(o, m))
            .map(|c| {
                let entry = p
                    .env_by_name(&self.env)
                    .and_then(|e| p.collab(c).entry(ShareTarget::Env(e)));
                let mut parts = Parts::new();
                if let Some(roles) = entry {
                    parts.insert(ENTRY.to_string(), role_list(p.sorted_role_names(roles)));
                }
                parts
            });
        Some(Record::new(
            format!("{email}'s direct access to {}", self.env),
            parts,
        ))
    }

    /// The values as parts: the ticked roles, as an entry when the member had one or
    /// some role is ticked.
    pub(super) fn own_parts(&self) -> Parts {
        let ticked = self.roles.ticked_in_order();
        let mut parts = Parts::new();
        if self.had_entry || !ticked.is_empty() {
            parts.insert(ENTRY.to_string(), role_list(ticked));
        }
        parts
    }

    /// Shows `parts` as the values, over the owner's roles as `p` holds them.
    pub(super) fn load_parts(&mut self, p: &Platform, parts: &Parts) {
        if let Some(owner) = p.account_by_email(&self.owner_email) {
            self.owner = owner;
        }
        self.roles.set_nodes(role_nodes(p, Some(self.owner)));
        let entry = parts.get(ENTRY);
        self.had_entry = entry.is_some();
        self.roles
            .set_ticks(entry.map(|v| roles_of(v)).unwrap_or_default());
    }
}
