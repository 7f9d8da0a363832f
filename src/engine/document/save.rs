//! The platform as a document, every list in a stable order.

use super::super::access::cmp_ci;
use super::super::catalogue::Catalogue;
use super::super::model::{AccountId, Collaboration, ShareTarget};
use super::super::platform::Platform;
use super::{
    AccountDoc, CollabDoc, EnvDoc, FORMAT_VERSION, GroupDoc, PolicyDoc, RoleDoc, ShareDoc,
    StateDocument, TaskDoc,
};

impl Platform {
    /// The platform as a document, every list in a stable order.
    pub fn to_document(&self) -> StateDocument {
        let email = |a: AccountId| self.account(a).email.clone();
        let mut accounts: Vec<AccountDoc> = self
            .account_ids()
            .map(|id| {
                let a = self.account(id);
                AccountDoc {
                    email: a.email.clone(),
                    name: a.name.clone(),
                    max_environments: a.max_environments,
                    max_cloudlets_per_env: a.max_cloudlets_per_env,
                }
            })
            .collect();
        accounts.sort_by(|a, b| a.email.cmp(&b.email));
        let mut groups: Vec<GroupDoc> = self
            .group_ids()
            .map(|id| {
                let g = self.group(id);
                GroupDoc {
                    owner: email(g.owner),
                    path: g.path.clone(),
                }
            })
            .collect();
        groups.sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| a.path.cmp(&b.path)));
        let mut environments: Vec<EnvDoc> = self
            .env_ids()
            .map(|id| {
                let e = self.env(id);
                let mut gs: Vec<String> = e
                    .groups
                    .iter()
                    .map(|g| self.group(*g).path.clone())
                    .collect();
                gs.sort();
                EnvDoc {
                    name: e.name.clone(),
                    owner: email(e.owner),
                    creator: email(e.creator),
                    status: e.status.as_str().to_string(),
                    cloudlets: e.cloudlets,
                    groups: gs,
                    since: e.since,
                }
            })
            .collect();
        environments.sort_by(|a, b| a.name.cmp(&b.name));
        let mut policies: Vec<PolicyDoc> = self
            .custom_policy_ids()
            .map(|id| {
                let pol = self.custom_policy(id);
                let cat = Catalogue::get();
                PolicyDoc {
                    owner: email(pol.owner),
                    name: pol.name.clone(),
                    description: pol.description.clone(),
                    methods: pol
                        .methods
                        .iter()
                        .map(|m| cat.method_name(*m).to_string())
                        .collect(),
                }
            })
            .collect();
        policies.sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| cmp_ci(&a.name, &b.name)));
        let mut roles: Vec<RoleDoc> = self
            .role_ids()
            .map(|id| {
                let r = self.role(id);
                RoleDoc {
                    owner: email(r.owner),
                    name: r.name.clone(),
                    description: r.description.clone(),
                    policies: r
                        .policies
                        .iter()
                        .map(|p| self.policy_id(*p).to_string())
                        .collect(),
                    notify: r.notify,
                }
            })
            .collect();
        roles.sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| cmp_ci(&a.name, &b.name)));
        let mut collaborations: Vec<CollabDoc> = self
            .collab_ids()
            .map(|id| {
                let c = self.collab(id);
                CollabDoc {
                    owner: email(c.owner),
                    member: email(c.member),
                    name: c.name.clone(),
                    status: c.status.as_str().to_string(),
                    changed: c.changed.to_rfc3339(),
                    invitations: c.invitations,
                    shares: self.share_docs(c),
                }
            })
            .collect();
        collaborations.sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| a.member.cmp(&b.member)));
        let tasks = self
            .tasks
            .iter()
            .map(|t| TaskDoc {
                seq: t.seq,
                time: t.time.to_rfc3339(),
                owner: email(t.owner),
                env: t.env.clone(),
                method: t.method.clone(),
                initiator: email(t.initiator),
                outcome: t.outcome.as_str().to_string(),
                reason: t.reason.clone(),
            })
            .collect();
        StateDocument {
            version: FORMAT_VERSION,
            accounts,
            groups,
            environments,
            policies,
            roles,
            collaborations,
            tasks,
        }
    }

    /// A collaboration's entries as listed: by kind, then name; roles by name.
    pub fn share_docs(&self, c: &Collaboration) -> Vec<ShareDoc> {
        let mut out: Vec<(ShareTarget, ShareDoc)> = c
            .shares
            .iter()
            .map(|(t, roles)| {
                (
                    *t,
                    ShareDoc {
                        target: self.target_label(*t),
                        roles: self.sorted_role_names(roles),
                    },
                )
            })
            .collect();
        out.sort_by(|(ta, a), (tb, b)| {
            let kind = |t: &ShareTarget| match t {
                ShareTarget::AllEnvs => 0,
                ShareTarget::AllGroups => 1,
                ShareTarget::Group(_) => 2,
                ShareTarget::Env(_) => 3,
            };
            kind(ta)
                .cmp(&kind(tb))
                .then_with(|| cmp_ci(&a.target, &b.target))
        });
        out.into_iter().map(|(_, d)| d).collect()
    }
}
