//! From parsed arguments to what to do: a change for the engine's one door, a query
//! answered from an engine, or one of the file-level commands. The command line and
//! the app's palette share this, so `:member invite ...` in the app means exactly what
//! `collab member invite ...` means in a shell.

use std::path::PathBuf;

use super::args::{
    AccountCmd, Cmd, EnvCmd, GroupCmd, MemberArgs, MemberCmd, PolicyCmd, RoleCmd, ShareCmd,
};
use super::{Failure, Res};
use crate::engine::generate::GenerateSpec;
use crate::engine::{Command, MemberOp, Response, ShareSpec};

/// What an invocation asks for.
#[derive(Debug)]
pub enum Plan {
    Init {
        demo: bool,
        force: bool,
    },
    Generate {
        spec: GenerateSpec,
        out: PathBuf,
        force: bool,
    },
    Change(Command),
    Query(Query),
    Snapshot {
        view: String,
        size: String,
    },
}

/// Read-only questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    AccountList,
    EnvList,
    RoleList,
    PolicyList,
    MemberList {
        owner: Option<String>,
    },
    MemberShow {
        owner: Option<String>,
        email: String,
    },
    Collaborations,
    ShareList {
        env: String,
    },
    Check {
        member: String,
        env: String,
        action: String,
    },
    Explain {
        member: String,
        env: String,
        action: Option<String>,
    },
    Access {
        member: String,
    },
    Who {
        env: String,
    },
    Alert {
        env: String,
    },
    Tasks {
        env: Option<String>,
        limit: Option<usize>,
    },
    /// A question (`check`, `explain`, `access`, `who`) as of a moment (`--at`).
    At {
        at: String,
        query: Box<Query>,
    },
    /// The change journal (`history`).
    History(super::history::Filter),
}

impl Query {
    /// Account-relative listings need `--as` (cli.md).
    pub fn needs_actor(&self) -> bool {
        matches!(
            self,
            Query::EnvList
                | Query::RoleList
                | Query::MemberList { .. }
                | Query::MemberShow { .. }
                | Query::Collaborations
                | Query::Tasks { .. }
        )
    }
}

fn parse_shares(specs: &[String]) -> Res<Vec<ShareSpec>> {
    Ok(specs
        .iter()
        .map(|s| ShareSpec::parse(s))
        .collect::<Result<Vec<_>, _>>()?)
}

pub fn plan(cmd: Cmd) -> Res<Plan> {
    use Plan::{Change, Query as Q};
    Ok(match cmd {
        Cmd::Init { demo, force } => Plan::Init { demo, force },
        Cmd::Generate {
            accounts,
            envs,
            groups,
            depth,
            members,
            seed,
            out,
            force,
        } => Plan::Generate {
            force,
            spec: GenerateSpec {
                accounts,
                envs,
                groups,
                depth,
                members,
                seed,
            },
            out,
        },
        Cmd::Account(AccountCmd::Add {
            email,
            name,
            max_envs,
        }) => Change(Command::AddAccount {
            email,
            name,
            max_environments: max_envs,
        }),
        Cmd::Account(AccountCmd::List) => Q(Query::AccountList),
        Cmd::Group(GroupCmd::Add { path, owner }) => Change(Command::AddGroup { owner, path }),
        Cmd::Group(GroupCmd::Remove { path, owner }) => {
            Change(Command::RemoveGroup { owner, path })
        }
        Cmd::Group(GroupCmd::Rename {
            path,
            new_name,
            owner,
        }) => Change(Command::RenameGroup {
            owner,
            path,
            new_name,
        }),
        Cmd::Env(EnvCmd::List) => Q(Query::EnvList),
        Cmd::Env(EnvCmd::Create {
            name,
            groups,
            owner,
            cloudlets,
        }) => Change(Command::CreateEnv {
            name,
            owner,
            groups,
            cloudlets,
        }),
        Cmd::Env(EnvCmd::Attach { name, group, owner }) => Change(Command::AttachEnv {
            env: name,
            group,
            owner,
        }),
        Cmd::Env(EnvCmd::Detach { name, group, owner }) => Change(Command::DetachEnv {
            env: name,
            group,
            owner,
        }),
        Cmd::Env(EnvCmd::Delete { name }) => Change(Command::DeleteEnv { env: name }),
        Cmd::Env(EnvCmd::Clone { name, new_name }) => Change(Command::CloneEnv {
            env: name,
            new_name,
        }),
        Cmd::Env(EnvCmd::Transfer { name, to }) => Change(Command::TransferEnv { env: name, to }),
        Cmd::Env(EnvCmd::Do { name, action }) => Change(Command::EnvDo { env: name, action }),
        Cmd::Role(RoleCmd::List) => Q(Query::RoleList),
        Cmd::Role(RoleCmd::Add {
            name,
            policies,
            description,
            notify,
        }) => Change(Command::AddRole {
            name,
            policies,
            description,
            notify,
        }),
        Cmd::Role(RoleCmd::Edit {
            name,
            policies,
            rename,
            description,
            notify,
            no_notify,
        }) => Change(Command::EditRole {
            name,
            policies,
            rename,
            description,
            notify: match (notify, no_notify) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
        }),
        Cmd::Role(RoleCmd::Copy { name, new_name }) => Change(Command::CopyRole { name, new_name }),
        Cmd::Role(RoleCmd::Delete { name, force }) => Change(Command::DeleteRole { name, force }),
        Cmd::Policy(PolicyCmd::List) => Q(Query::PolicyList),
        Cmd::Policy(PolicyCmd::Add {
            name,
            methods,
            description,
        }) => Change(Command::AddPolicy {
            name,
            methods,
            description,
        }),
        Cmd::Policy(PolicyCmd::Edit {
            name,
            methods,
            description,
        }) => Change(Command::EditPolicy {
            name,
            methods,
            description,
        }),
        Cmd::Policy(PolicyCmd::Delete { name, force }) => {
            Change(Command::DeletePolicy { name, force })
        }
        Cmd::Member(MemberArgs { owner, command }) => {
            let op = |email: String, op: MemberOp| {
                Change(Command::Member {
                    owner: owner.clone(),
                    email,
                    op,
                })
            };
            match command {
                MemberCmd::List => Q(Query::MemberList { owner }),
                MemberCmd::Show { email } => Q(Query::MemberShow { owner, email }),
                MemberCmd::Invite {
                    email,
                    name,
                    shares,
                } => Change(Command::InviteMember {
                    owner,
                    email,
                    name,
                    shares: parse_shares(&shares)?,
                }),
                MemberCmd::Edit {
                    email,
                    name,
                    shares,
                } => Change(Command::EditMember {
                    owner,
                    email,
                    name,
                    shares: shares.as_deref().map(parse_shares).transpose()?,
                }),
                MemberCmd::Copy { from, to, name } => Change(Command::CopyMember {
                    owner,
                    from,
                    to,
                    name,
                }),
                MemberCmd::Suspend { email } => op(email, MemberOp::Suspend),
                MemberCmd::Activate { email } => op(email, MemberOp::Activate),
                MemberCmd::Remove { email } => op(email, MemberOp::Remove),
                MemberCmd::Reinvite { email } => op(email, MemberOp::Reinvite),
                MemberCmd::Resend { email } => op(email, MemberOp::Resend),
            }
        }
        Cmd::Accept { owner } => Change(Command::Respond {
            owner,
            response: Response::Accept,
        }),
        Cmd::Reject { owner } => Change(Command::Respond {
            owner,
            response: Response::Reject,
        }),
        Cmd::Leave { owner } => Change(Command::Respond {
            owner,
            response: Response::Leave,
        }),
        Cmd::Collaborations => Q(Query::Collaborations),
        Cmd::Share(ShareCmd::List { env }) => Q(Query::ShareList { env }),
        Cmd::Share(ShareCmd::Set { env, member, roles }) => {
            Change(Command::SetDirect { env, member, roles })
        }
        Cmd::Share(ShareCmd::Remove { env, member }) => {
            Change(Command::RemoveDirect { env, member })
        }
        Cmd::Check {
            member: Some(member),
            env: Some(env),
            action: Some(action),
            batch: false,
            at,
        } => Q(at_moment(
            at,
            Query::Check {
                member,
                env,
                action,
            },
        )),
        Cmd::Check { .. }
        | Cmd::Diff { .. }
        | Cmd::AccessReport { .. }
        | Cmd::Completions { .. } => {
            return Err(Failure::Usage(
                "check --batch, diff, access-report and completions work on files and streams: run them from a shell".into(),
            ));
        }
        Cmd::Review { .. } => {
            return Err(Failure::Usage(
                "review runs from a shell, or in the app as the Review view (R, or :review)".into(),
            ));
        }
        Cmd::Explain {
            member,
            env,
            action,
            at,
        } => Q(at_moment(
            at,
            Query::Explain {
                member,
                env,
                action,
            },
        )),
        Cmd::Access { member, at } => Q(at_moment(at, Query::Access { member })),
        Cmd::Who { env, at } => Q(at_moment(at, Query::Who { env })),
        Cmd::History {
            member,
            env,
            actor,
            since,
            limit,
        } => Q(Query::History(super::history::Filter {
            member,
            env,
            actor,
            since,
            limit,
        })),
        Cmd::Alert { env } => Q(Query::Alert { env }),
        Cmd::Tasks { env, limit } => Q(Query::Tasks { env, limit }),
        Cmd::Snapshot { view, size } => Plan::Snapshot { view, size },
    })
}

/// The question as of `at`, when given.
fn at_moment(at: Option<String>, query: Query) -> Query {
    match at {
        Some(at) => Query::At {
            at,
            query: Box::new(query),
        },
        None => query,
    }
}
