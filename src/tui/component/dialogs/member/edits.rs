//! The member being edited as a record of parts (its display name, each shared item
//! with its roles), so that a dialog left open while another process changes the
//! member is rebased onto the newer record (see `basis`).

use super::super::basis::{Parts, Record, role_list, roles_of};
use super::{MemberDialog, Platform, Target, Tree, role_nodes, share_nodes};

const NAME: &str = "name";
const SHARE: &str = "share ";

/// A shared item's part name: `share envs`, `share group:A/B`, `share env:shop`.
fn share_part(t: &Target) -> String {
    format!("{SHARE}{}", t.spec().label())
}

/// The item a part names, if it names one.
fn target_of(part: &str) -> Option<Target> {
    let label = part.strip_prefix(SHARE)?;
    Some(match label {
        "envs" => Target::AllEnvs,
        "groups" => Target::AllGroups,
        _ => {
            if let Some(path) = label.strip_prefix("group:") {
                Target::Group(path.to_string())
            } else {
                Target::Env(label.strip_prefix("env:")?.to_string())
            }
        }
    })
}

/// A member's parts: its display name, and each shared item with its roles.
fn member_parts<'a>(name: &str, shares: impl Iterator<Item = (Target, Vec<String>)> + 'a) -> Parts {
    let mut parts = Parts::new();
    parts.insert(NAME.to_string(), name.to_string());
    for (target, roles) in shares {
        parts.insert(share_part(&target), role_list(roles));
    }
    parts
}

impl MemberDialog {
    /// The member being edited as `p` holds it, in the parts of
    /// [`MemberDialog::own_parts`].
    pub(super) fn edited(&self, p: &Platform) -> Option<Record> {
        let email = self.editing.as_ref()?;
        let parts = self
            .owner_email
            .as_deref()
            .and_then(|o| p.account_by_email(o))
            .zip(p.account_by_email(email))
            .and_then(|(o, m)| p.collab_of(o, m))
            .map(|c| {
                let rec = p.collab(c);
                let shares = rec
                    .shares
                    .iter()
                    .map(|(t, roles)| (Target::from_share(p, *t), p.sorted_role_names(roles)));
                member_parts(&rec.name, shares)
            });
        Some(Record::new(format!("member {email}"), parts))
    }

    /// The values as parts. An open role picker counts as kept, as the submit key
    /// keeps it.
    pub(super) fn own_parts(&self) -> Parts {
        let mut roles = self.roles.clone();
        let mut ticked = self.tree.ticked_in_order();
        if let Some(picker) = &self.picker {
            let picked = picker.list.ticked_in_order();
            if picked.is_empty() {
                roles.remove(&picker.target);
            } else {
                if !ticked.contains(&picker.target) {
                    ticked.push(picker.target.clone());
                }
                roles.insert(picker.target.clone(), picked);
            }
        }
        let shares = ticked.into_iter().map(|t| {
            let r = roles.get(&t).cloned().unwrap_or_default();
            (t, r)
        });
        member_parts(&self.name.value, shares)
    }

    /// Shows `parts` as the values, over the owner's items and roles as `p` holds
    /// them; an open role picker shows its item's roles.
    pub(super) fn load_parts(&mut self, p: &Platform, parts: &Parts) {
        self.owner = self
            .owner_email
            .as_deref()
            .and_then(|o| p.account_by_email(o));
        self.tree.set_nodes(share_nodes(p, self.owner));
        let name = parts.get(NAME).map_or("", String::as_str);
        if self.name.value != name {
            self.name = crate::tui::input::TextInput::new(name);
        }
        self.roles.clear();
        let mut ticked = Vec::new();
        for (part, value) in parts {
            let Some(target) = target_of(part) else {
                continue;
            };
            let roles = roles_of(value);
            if !roles.is_empty() {
                self.roles.insert(target.clone(), roles);
            }
            ticked.push(target);
        }
        self.tree.set_ticks(ticked);
        let owner = self.owner;
        if let Some(picker) = &mut self.picker {
            let mut list: Tree<String> = Tree::new(role_nodes(p, owner));
            list.empty_text.clone_from(&picker.list.empty_text);
            list.set_ticks(self.roles.get(&picker.target).cloned().unwrap_or_default());
            picker.list = list;
        }
    }
}
