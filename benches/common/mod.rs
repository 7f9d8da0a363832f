//! What the benchmarks of the generated platforms share: a task log laid over the
//! primary owner's members.

use collab::engine::generate::PRIMARY_EMAIL;
use collab::engine::{CollabStatus, Engine, EnvId, StateDocument, TaskDoc, Timestamp};

/// The benchmarks' "now": the task logs end here.
pub const NOW: i64 = 1_790_000_000;
const DAY: i64 = 86_400;

/// The document with its task log replaced by `tasks` tasks of the primary owner's
/// active members on environments they reach (up to 30 each), spread evenly over the
/// 80 days before [`NOW`].
pub fn with_tasks(mut doc: StateDocument, tasks: usize) -> StateDocument {
    let engine = Engine::from_document(&doc).unwrap();
    let p = engine.platform();
    let owner = p.account_by_email(PRIMARY_EMAIL).unwrap();
    let owner_envs: Vec<EnvId> = p.envs_of(owner).collect();
    let reach: Vec<(String, Vec<String>)> = p
        .collabs_of_owner(owner)
        .map(|c| p.collab(c))
        .filter(|c| c.status == CollabStatus::Active)
        .map(|c| {
            // The first 30 environments it reaches, in the owner's order: asked a
            // thousand environments at a time, as most members reach 30 in the first.
            let mut envs = Vec::new();
            for chunk in owner_envs.chunks(1000) {
                p.access_each(c, chunk.iter().copied(), |_, e, _, _| {
                    if envs.len() < 30 {
                        envs.push(p.env(e).name.clone());
                    }
                });
                if envs.len() >= 30 {
                    break;
                }
            }
            (p.account(c.member).email.clone(), envs)
        })
        .filter(|(_, envs)| !envs.is_empty())
        .collect();
    let methods = [
        "env.control.GetLogs",
        "env.control.GetStats",
        "env.file.Read",
        "env.control.StartEnv",
        "env.deployment.Deploy",
    ];
    let start = NOW - 80 * DAY;
    let step = (80 * DAY / i64::try_from(tasks).unwrap()).max(1);
    doc.tasks = (0..tasks)
        .map(|i| {
            let (member, envs) = &reach[i % reach.len()];
            let env = &envs[(i / reach.len()) % envs.len()];
            TaskDoc {
                seq: u64::try_from(i + 1).unwrap(),
                time: Timestamp(start + step * i64::try_from(i).unwrap()).to_rfc3339(),
                owner: PRIMARY_EMAIL.to_string(),
                env: Some(env.clone()),
                method: methods[(i / 7) % methods.len()].to_string(),
                initiator: member.clone(),
                outcome: "done".to_string(),
                reason: None,
            }
        })
        .collect();
    doc
}
