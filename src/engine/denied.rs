//! Section 8's one exception to "a refusal changes nothing": a permission refusal of
//! an environment operation by an active member that reaches the environment appends
//! one denied task, as the platform records such attempts.

use std::sync::Arc;

use super::catalogue::Catalogue;
use super::platform::Change;
use super::{AccountId, Command, Engine, Error, Level, Task, Timestamp, model};

impl Engine {
    /// Section 8: a permission refusal of an environment operation by an active member
    /// that reaches the environment appends one denied task; nobody else's does.
    pub(super) fn record_denied(
        &mut self,
        actor: AccountId,
        cmd: &Command,
        err: &Error,
        now: Timestamp,
    ) {
        if !cmd.refusal_is_logged() {
            return;
        }
        let p = &self.platform;
        let cat = Catalogue::get();
        let (env, method) = match cmd {
            Command::EnvDo { env, action } => (env, p.find_method(action).ok()),
            Command::DeleteEnv { env } => (env, cat.method("env.control.DeleteEnv")),
            Command::CloneEnv { env, .. } => (env, cat.method("env.control.CloneEnv")),
            Command::TransferEnv { env, .. } => {
                (env, cat.method("env.control.SendTransferRequest"))
            }
            _ => return,
        };
        let (Some(e), Some(m)) = (p.env_by_name(env), method) else {
            return;
        };
        if !matches!(
            p.access_of(actor, e).0,
            Level::Direct | Level::Groups | Level::Base
        ) {
            return;
        }
        let Some(seq) = p.next_task_seq() else {
            return;
        };
        let task = Task {
            seq,
            time: now,
            owner: p.env(e).owner,
            env: Some(Arc::from(env.as_str())),
            method: m,
            initiator: actor,
            outcome: model::Outcome::Denied,
            reason: Some(err.to_string()),
        };
        let revert = self.platform_mut().apply(Change::TaskPushed(task));
        self.keep(vec![revert], None);
    }
}
