//! What each key would run, so that the engine — never the app — decides whether it
//! may: the footer, the help, the menus and the key itself all read the engine's
//! answer about that exact command (or, for a key that opens a form, the engine's
//! answer about starting it).
//!
//! Answers about commands need the engine's dry run (`Engine::may_run`, which takes
//! `&mut` for its rolled-back transaction), so the app computes them when the
//! selection or the platform changes (`App::settle`) and lends them to the panes.

use super::{PaneId, RowKey};
use crate::engine::{
    AccountId, CollabStatus, Command, GroupId, Intent, MemberOp, Platform, Response,
};
use crate::tui::keys::Action;

/// What a key does, as the engine sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Probe {
    /// The key runs this command (after a preview when it changes access).
    Run(Command),
    /// The key opens a dialog that starts from this command (an edit).
    Open(Command),
    /// The key opens a form for a step the engine answers as an intent.
    Start(Intent),
    /// The key works on the app itself: sign in, expand, a menu, a view.
    Local,
}

/// What `action` would do on row `key` of pane `focus`, for `me`; `None` where it
/// does not apply.
pub fn probe(
    p: &Platform,
    me: Option<AccountId>,
    focus: PaneId,
    key: Option<RowKey>,
    action: Action,
) -> Option<Probe> {
    use Action::{
        Accept, Actions, Add, Copy, Delete, Edit, Invite, Leave, Open, Reinvite, Reject, Suspend,
    };
    let me = me?;
    let email = |a: AccountId| p.account(a).email.clone();
    let via = |owner: AccountId| (owner != me).then(|| email(owner));
    #[expect(
        clippy::match_same_arms,
        reason = "one arm per action and pane, in key-table order; merging the `Local` arms would scatter the table"
    )]
    let probe = match (action, focus, key) {
        (Open, ..) => Probe::Local,
        (Add, PaneId::Accounts, _) => Probe::Local,
        (Invite, PaneId::Members, Some(RowKey::Collab(_))) => return None,
        (Invite, PaneId::Members, _) => Probe::Start(Intent::Invite { owner: me }),
        // Invites a member of the environment's owner: the owner, or an account-wide
        // delegate acting for it; the engine says who may.
        (Invite, PaneId::Envs, Some(RowKey::Env(e, _))) => Probe::Start(Intent::Invite {
            owner: p.env(e).owner,
        }),
        (_, PaneId::Members, Some(RowKey::Member(c) | RowKey::Share(c, _))) => {
            let rec = p.collab(c);
            let member = email(rec.member);
            let op = |op| {
                Probe::Run(Command::Member {
                    owner: via(rec.owner),
                    email: member.clone(),
                    op,
                })
            };
            match action {
                Edit => Probe::Open(Command::EditMember {
                    owner: via(rec.owner),
                    email: member.clone(),
                    name: None,
                    shares: None,
                }),
                Delete => op(MemberOp::Remove),
                Copy => Probe::Start(Intent::CopyMember {
                    owner: rec.owner,
                    from: rec.member,
                }),
                Suspend if rec.status == CollabStatus::Suspended => op(MemberOp::Activate),
                Suspend => op(MemberOp::Suspend),
                Reinvite if rec.status == CollabStatus::Pending => op(MemberOp::Resend),
                Reinvite => op(MemberOp::Reinvite),
                _ => return None,
            }
        }
        (Accept | Reject | Leave, PaneId::Members, Some(RowKey::Collab(c))) => {
            let response = match action {
                Accept => Response::Accept,
                Reject => Response::Reject,
                _ => Response::Leave,
            };
            Probe::Run(Command::Respond {
                owner: email(p.collab(c).owner),
                response,
            })
        }
        (Actions | Add, PaneId::Envs, _) => Probe::Local,
        (_, PaneId::Envs, Some(RowKey::Env(e, _))) => {
            let env = p.env(e).name.clone();
            match action {
                Edit => Probe::Start(Intent::DirectAccess { env: e }),
                Delete => Probe::Run(Command::DeleteEnv { env }),
                Copy => Probe::Start(Intent::CloneEnv { env: e }),
                _ => return None,
            }
        }
        (Edit | Delete, PaneId::Envs, Some(RowKey::Group(g))) => {
            let group = p.group(g);
            if action == Edit {
                Probe::Start(Intent::RenameGroup { group: g })
            } else {
                Probe::Run(Command::RemoveGroup {
                    owner: via(group.owner),
                    path: group.path.clone(),
                })
            }
        }
        (Add, PaneId::Roles, _) => Probe::Start(Intent::DefineRoles { owner: me }),
        (_, PaneId::Roles, Some(RowKey::Role(r))) => {
            let name = p.role(r).name.clone();
            match action {
                Edit => Probe::Open(Command::EditRole {
                    name,
                    policies: None,
                    rename: None,
                    description: None,
                    notify: None,
                }),
                Delete => Probe::Run(Command::DeleteRole { name, force: true }),
                Copy => Probe::Start(Intent::DefineRoles { owner: me }),
                _ => return None,
            }
        }
        (Edit | Delete, PaneId::Roles, Some(RowKey::Policy(pr))) => {
            let name = p.policy_id(pr).to_string();
            if action == Edit {
                Probe::Open(Command::EditPolicy {
                    name,
                    methods: None,
                    description: None,
                })
            } else {
                Probe::Run(Command::DeletePolicy { name, force: true })
            }
        }
        _ => return None,
    };
    Some(probe)
}

/// What `a` in the Environments pane adds on a row: in the row's group (an
/// environment's group, or the group itself; the root elsewhere), for that group's
/// owner, a new environment and a new group.
pub struct AddHere {
    pub group: Option<GroupId>,
    pub owner: AccountId,
    /// Starting a new environment, then a new group, as the engine is asked.
    pub intents: [Intent; 2],
}

/// [`AddHere`] on row `key`, for `me`. The key is offered when the engine allows either
/// intent; its menu asks about each.
pub fn add_intents(p: &Platform, me: AccountId, key: Option<RowKey>) -> AddHere {
    let group = match key {
        Some(RowKey::Group(g)) => Some(g),
        Some(RowKey::Env(_, g)) => g,
        _ => None,
    };
    let owner = group.map_or(me, |g| p.group(g).owner);
    AddHere {
        group,
        owner,
        intents: [
            Intent::CreateEnv { owner, group },
            Intent::AddGroup {
                owner,
                parent: group,
            },
        ],
    }
}
