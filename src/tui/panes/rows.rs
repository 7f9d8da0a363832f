//! Building a pane's rows from the platform, projecting them through expansion and
//! the filter, and the text the filter searches.

use std::collections::HashSet;

use super::owner_tree::OwnerTree;
use super::{PaneId, PaneState, Row, RowKey, Section};
use crate::engine::{
    AccountId, Catalogue, CollabId, CollabStatus, EnvId, GroupId, Platform, PolicyRef, RoleId,
    cmp_ci,
};

/// Builds the full row list: every branch listed, open or not, with its default
/// open state in `Row::open`; `prune` keeps matching rows and their ancestors.
struct Builder {
    rows: Vec<Row>,
}

impl Builder {
    fn new() -> Builder {
        Builder { rows: Vec::new() }
    }

    /// Pushes a row that may open, recording whether it opens by default.
    fn branch(&mut self, key: RowKey, depth: u8, default_open: bool) -> bool {
        self.rows.push(Row {
            key,
            depth,
            open: Some(default_open),
        });
        true
    }

    fn leaf(&mut self, key: RowKey, depth: u8) {
        self.rows.push(Row {
            key,
            depth,
            open: None,
        });
    }

    /// With a filter, drops branches whose subtree matched nothing, keeping ancestors
    /// of matches. `matched` tells, per row, whether its own label matches.
    fn prune(rows: &[Row], matched: &[bool]) -> Vec<Row> {
        let mut keep = vec![false; rows.len()];
        for (i, row) in rows.iter().enumerate().rev() {
            if matched.get(i).copied().unwrap_or(false)
                && let Some(k) = keep.get_mut(i)
            {
                *k = true;
            }
            if keep.get(i).copied().unwrap_or(false) {
                // Mark the nearest shallower row above as an ancestor to keep.
                let d = row.depth;
                if d > 0 {
                    let above = rows.iter().take(i).rposition(|r| r.depth < d);
                    if let Some(k) = above.and_then(|j| keep.get_mut(j)) {
                        *k = true;
                    }
                }
            }
        }
        rows.iter()
            .zip(keep)
            .filter_map(|(r, k)| {
                k.then_some(Row {
                    open: r.open.map(|_| true),
                    ..*r
                })
            })
            .collect()
    }

    fn finish(self) -> Vec<Row> {
        self.rows
    }
}

/// The rows to show: `full` with collapsed branches hidden, or, with a filter, the
/// rows that match and their ancestors (all open).
pub fn project(st: &PaneState) -> Vec<Row> {
    let full = &st.full;
    let needle = st.filter.to_lowercase();
    if !needle.is_empty() {
        let matched: Vec<bool> = st.search.iter().map(|h| h.contains(&needle)).collect();
        return Builder::prune(full, &matched);
    }
    let mut out = Vec::with_capacity(full.len());
    let mut hidden_below: Option<u8> = None;
    for r in full {
        if let Some(d) = hidden_below {
            if r.depth > d {
                continue;
            }
            hidden_below = None;
        }
        match r.open {
            Some(default) => {
                let open = if st.toggled.is_empty() {
                    default
                } else {
                    st.is_open(r.key, default)
                };
                out.push(Row {
                    open: Some(open),
                    ..*r
                });
                if !open {
                    hidden_below = Some(r.depth);
                }
            }
            None => out.push(*r),
        }
    }
    out
}

/// The lower-cased texts the filter searches, one per row of `full`.
pub fn search_texts(full: &[Row], p: &Platform, me: Option<AccountId>) -> Vec<String> {
    full.iter().map(|r| search_text(p, me, r.key)).collect()
}

/// What a row's filter matches on: the names its line shows.
fn search_text(p: &Platform, me: Option<AccountId>, key: RowKey) -> String {
    match key {
        RowKey::Section(_) => String::new(),
        RowKey::Account(a) => p.account(a).email.to_lowercase(),
        RowKey::Group(g) => p.group(g).name.to_lowercase(),
        RowKey::Env(e, _) => {
            let env = p.env(e);
            if Some(env.owner) == me {
                env.name.clone()
            } else {
                format!("{} {}", env.name, p.account(env.owner).email).to_lowercase()
            }
        }
        RowKey::Collab(c) => p.account(p.collab(c).owner).email.to_lowercase(),
        RowKey::Role(r) => p.role(r).name.to_lowercase(),
        RowKey::Method(_, m) => Catalogue::get().method_name(m).to_lowercase(),
        other => label(p, me, other).to_lowercase(),
    }
}

/// The plain text of a row, for filtering and as the base of its drawn line.
pub fn label(p: &Platform, me: Option<AccountId>, key: RowKey) -> String {
    let cat = Catalogue::get();
    match key {
        RowKey::Account(a) => p.account(a).email.clone(),
        RowKey::Section(s) => match s {
            Section::SharedByMe => "Shared by Me".into(),
            Section::SharedWithMe => "Shared with Me".into(),
            Section::Ungrouped | Section::UngroupedFrom(_) => "Not in a group".into(),
            Section::SharedFrom(o) => format!("Shared with Me · {}", p.account(o).email),
            Section::Roles => "Roles".into(),
            Section::CustomPolicies => "Custom policies".into(),
            Section::Catalogue => "Policy catalogue".into(),
        },
        RowKey::Member(c) => {
            let rec = p.collab(c);
            format!("{} {}", p.account(rec.member).email, rec.name)
        }
        RowKey::Share(c, t) => {
            let rec = p.collab(c);
            let roles = rec
                .shares
                .get(&t)
                .map(|r| p.sorted_role_names(r))
                .unwrap_or_default();
            format!("{} {}", p.target_label(t), roles.join(" "))
        }
        RowKey::Collab(c) => p.account(p.collab(c).owner).email.clone(),
        RowKey::Group(g) => p.group(g).name.clone(),
        RowKey::Env(e, _) => {
            let env = p.env(e);
            if Some(env.owner) == me {
                env.name.clone()
            } else {
                format!("{} {}", env.name, p.account(env.owner).email)
            }
        }
        RowKey::Role(r) => p.role(r).name.clone(),
        RowKey::RolePolicy(_, pr) | RowKey::Policy(pr) => {
            format!("{} {}", p.policy_id(pr), p.policy_row(pr).name)
        }
        RowKey::Category(i) => category(i),
        RowKey::Method(_, m) => cat.method_name(m).to_string(),
    }
}

/// The name of category `i` (empty for an index no category has).
pub fn category(i: u16) -> String {
    Catalogue::get()
        .categories()
        .get(usize::from(i))
        .map(ToString::to_string)
        .unwrap_or_default()
}

pub fn accounts_rows(p: &Platform) -> Vec<Row> {
    let mut b = Builder::new();
    let mut ids: Vec<AccountId> = p.account_ids().collect();
    ids.sort_by(|a, c| cmp_ci(&p.account(*a).email, &p.account(*c).email));
    for a in ids {
        b.leaf(RowKey::Account(a), 0);
    }
    b.finish()
}

fn share_rows(b: &mut Builder, p: &Platform, c: CollabId, depth: u8) {
    for t in p.collab(c).shares.keys() {
        b.leaf(RowKey::Share(c, *t), depth);
    }
}

pub fn members_rows(p: &Platform, me: Option<AccountId>) -> Vec<Row> {
    let mut b = Builder::new();
    let Some(me) = me else {
        return Vec::new();
    };
    let mut mine: Vec<CollabId> = p.collabs_of_owner(me).collect();
    mine.sort_by(|a, c| {
        cmp_ci(
            &p.account(p.collab(*a).member).email,
            &p.account(p.collab(*c).member).email,
        )
    });
    let theirs: Vec<CollabId> = {
        let mut v: Vec<CollabId> = p.collabs_of_member(me).collect();
        v.sort_by(|a, c| {
            cmp_ci(
                &p.account(p.collab(*a).owner).email,
                &p.account(p.collab(*c).owner).email,
            )
        });
        v
    };
    let owns = !mine.is_empty() || p.env_count(me) > 0;
    if owns && b.branch(RowKey::Section(Section::SharedByMe), 0, true) {
        for c in mine {
            if b.branch(RowKey::Member(c), 1, false) {
                share_rows(&mut b, p, c, 2);
            }
        }
    }
    if !theirs.is_empty() && b.branch(RowKey::Section(Section::SharedWithMe), 0, true) {
        for c in theirs {
            if b.branch(RowKey::Collab(c), 1, false) {
                share_rows(&mut b, p, c, 2);
            }
        }
    }
    b.finish()
}

fn sorted_groups(p: &Platform, mut ids: Vec<GroupId>) -> Vec<GroupId> {
    ids.sort_by(|a, c| cmp_ci(&p.group(*a).name, &p.group(*c).name));
    ids
}

/// `ids` sorted by name (see `Platform::sort_by_env_name`).
fn sorted_envs(p: &Platform, ids: impl IntoIterator<Item = EnvId>) -> Vec<EnvId> {
    let mut ids: Vec<EnvId> = ids.into_iter().collect();
    p.sort_by_env_name(&mut ids, |e| *e);
    ids
}

fn group_tree(b: &mut Builder, tree: &OwnerTree, g: GroupId, depth: u8) {
    if !b.branch(RowKey::Group(g), depth, true) {
        return;
    }
    for child in tree.children_of(g) {
        group_tree(b, tree, *child, depth + 1);
    }
    for e in tree.in_group(g) {
        b.leaf(RowKey::Env(*e, Some(g)), depth + 1);
    }
}

pub fn envs_rows(p: &Platform, me: Option<AccountId>) -> Vec<Row> {
    let mut b = Builder::new();
    let Some(me) = me else {
        return Vec::new();
    };
    let tree = OwnerTree::new(p, me);
    for g in &tree.roots {
        group_tree(&mut b, &tree, *g, 0);
    }
    if !tree.loose.is_empty() && b.branch(RowKey::Section(Section::Ungrouped), 0, true) {
        for e in &tree.loose {
            b.leaf(RowKey::Env(*e, None), 1);
        }
    }
    let mut collabs: Vec<CollabId> = p
        .collabs_of_member(me)
        .filter(|c| p.collab(*c).status == CollabStatus::Active)
        .collect();
    collabs.sort_by(|a, c| {
        cmp_ci(
            &p.account(p.collab(*a).owner).email,
            &p.account(p.collab(*c).owner).email,
        )
    });
    for c in collabs {
        let rec = p.collab(c);
        let reach = p.reachable_envs(rec);
        if reach.is_empty() {
            continue;
        }
        if b.branch(RowKey::Section(Section::SharedFrom(rec.owner)), 0, true) {
            shared_tree(&mut b, p, rec.owner, &reach);
        }
    }
    b.finish()
}

/// What an owner shares with the signed-in member, in the owner's group tree: the
/// groups that hold a reachable environment (at any depth), each reachable
/// environment under every group it is in, and the ungrouped ones after them, under
/// their own "Not in a group" heading.
fn shared_tree(b: &mut Builder, p: &Platform, owner: AccountId, reach: &[EnvId]) {
    let reachable: HashSet<EnvId> = reach.iter().copied().collect();
    let mut holding: HashSet<GroupId> = HashSet::new();
    for e in reach {
        for g in &p.env(*e).groups {
            let mut at = Some(*g);
            while let Some(x) = at {
                if !holding.insert(x) {
                    break;
                }
                at = p.group(x).parent;
            }
        }
    }
    let roots: Vec<GroupId> = p
        .groups_of(owner)
        .filter(|g| p.group(*g).parent.is_none() && holding.contains(g))
        .collect();
    for g in sorted_groups(p, roots) {
        shared_group(b, p, g, 1, &holding, &reachable);
    }
    let loose: Vec<EnvId> = reach
        .iter()
        .copied()
        .filter(|e| p.env(*e).groups.is_empty())
        .collect();
    if !loose.is_empty() && b.branch(RowKey::Section(Section::UngroupedFrom(owner)), 1, true) {
        for e in sorted_envs(p, loose) {
            b.leaf(RowKey::Env(e, None), 2);
        }
    }
}

fn shared_group(
    b: &mut Builder,
    p: &Platform,
    g: GroupId,
    depth: u8,
    holding: &HashSet<GroupId>,
    reachable: &HashSet<EnvId>,
) {
    if !b.branch(RowKey::Group(g), depth, true) {
        return;
    }
    let children: Vec<GroupId> = p.children_of(g).filter(|c| holding.contains(c)).collect();
    for child in sorted_groups(p, children) {
        shared_group(b, p, child, depth + 1, holding, reachable);
    }
    let envs: Vec<EnvId> = p
        .envs_in_group(g)
        .filter(|e| reachable.contains(e))
        .collect();
    for e in sorted_envs(p, envs) {
        b.leaf(RowKey::Env(e, Some(g)), depth + 1);
    }
}

pub fn roles_rows(p: &Platform, me: Option<AccountId>) -> Vec<Row> {
    let mut b = Builder::new();
    let cat = Catalogue::get();
    if let Some(me) = me {
        let mut roles: Vec<RoleId> = p.roles_of(me).collect();
        roles.sort_by(|a, c| cmp_ci(&p.role(*a).name, &p.role(*c).name));
        if b.branch(RowKey::Section(Section::Roles), 0, true) {
            for r in roles {
                if b.branch(RowKey::Role(r), 1, false) {
                    for pr in &p.role(r).policies {
                        b.leaf(RowKey::RolePolicy(r, *pr), 2);
                    }
                }
            }
        }
        let mut custom: Vec<_> = p.custom_policies_of(me).collect();
        custom.sort_by(|a, c| cmp_ci(&p.custom_policy(*a).name, &p.custom_policy(*c).name));
        if !custom.is_empty() && b.branch(RowKey::Section(Section::CustomPolicies), 0, true) {
            for id in custom {
                let pr = PolicyRef::Custom(id);
                if b.branch(RowKey::Policy(pr), 1, false) {
                    for m in &p.custom_policy(id).methods {
                        b.leaf(RowKey::Method(pr, *m), 2);
                    }
                }
            }
        }
    }
    if b.branch(RowKey::Section(Section::Catalogue), 0, true) {
        for (ci, name) in cat.categories().into_iter().enumerate() {
            let Ok(ci) = u16::try_from(ci) else {
                break;
            };
            if b.branch(RowKey::Category(ci), 1, false) {
                for (pi, pol) in cat.policies.iter().enumerate() {
                    if pol.category != name {
                        continue;
                    }
                    let Ok(pi) = u16::try_from(pi) else {
                        break;
                    };
                    let pr = PolicyRef::System(pi);
                    if b.branch(RowKey::Policy(pr), 2, false) {
                        for m in &pol.methods {
                            b.leaf(RowKey::Method(pr, *m), 3);
                        }
                    }
                }
            }
        }
    }
    b.finish()
}

/// Every row of a pane, every branch listed (see `PaneState::full`).
pub fn rows_for(pane: PaneId, p: &Platform, me: Option<AccountId>) -> Vec<Row> {
    match pane {
        PaneId::Accounts => accounts_rows(p),
        PaneId::Members => members_rows(p, me),
        PaneId::Envs => envs_rows(p, me),
        PaneId::Roles => roles_rows(p, me),
    }
}
