//! The platform as a document, every list in a stable order.

use super::super::access::cmp_ci;
use super::super::catalogue::Catalogue;
use super::super::model::{
    AccountId, CollabId, Collaboration, CustomPolicyId, EnvId, GroupId, RoleId,
};
use super::super::platform::Platform;
use super::{
    AccountDoc, CollabDoc, EnvDoc, FORMAT_VERSION, GroupDoc, JournalDoc, PolicyDoc, RoleDoc,
    ShareDoc, StateDocument, TaskDoc,
};

impl Platform {
    /// The platform as a document, every list in a stable order.
    pub fn to_document(&self) -> StateDocument {
        let email = |a: AccountId| self.account(a).email.clone();
        let mut accounts: Vec<AccountDoc> =
            self.account_ids().map(|id| self.account_doc(id)).collect();
        accounts.sort_by(|a, b| a.email.cmp(&b.email));
        let mut groups: Vec<GroupDoc> = self.group_ids().map(|id| self.group_doc(id)).collect();
        groups.sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| a.path.cmp(&b.path)));
        let mut environments: Vec<EnvDoc> = self.env_ids().map(|id| self.env_doc(id)).collect();
        environments.sort_by(|a, b| a.name.cmp(&b.name));
        let mut policies: Vec<PolicyDoc> = self
            .custom_policy_ids()
            .map(|id| self.policy_doc(id))
            .collect();
        policies.sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| cmp_ci(&a.name, &b.name)));
        let mut roles: Vec<RoleDoc> = self.role_ids().map(|id| self.role_doc(id)).collect();
        roles.sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| cmp_ci(&a.name, &b.name)));
        let mut collaborations: Vec<CollabDoc> =
            self.collab_ids().map(|id| self.collab_doc(id)).collect();
        collaborations.sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| a.member.cmp(&b.member)));
        let tasks = self
            .tasks
            .iter()
            .map(|t| TaskDoc {
                seq: t.seq,
                time: t.time.to_rfc3339(),
                owner: email(t.owner),
                env: t.env.as_deref().map(str::to_string),
                method: Catalogue::get().method_name(t.method).to_string(),
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
            journal: JournalDoc::default(),
        }
    }

    pub(crate) fn account_doc(&self, id: AccountId) -> AccountDoc {
        let a = self.account(id);
        AccountDoc {
            email: a.email.clone(),
            name: a.name.clone(),
            max_environments: a.max_environments,
            max_cloudlets_per_env: a.max_cloudlets_per_env,
        }
    }

    pub(crate) fn group_doc(&self, id: GroupId) -> GroupDoc {
        let g = self.group(id);
        GroupDoc {
            owner: self.account(g.owner).email.clone(),
            path: g.path.clone(),
        }
    }

    pub(crate) fn env_doc(&self, id: EnvId) -> EnvDoc {
        let e = self.env(id);
        let mut gs: Vec<String> = e
            .groups
            .iter()
            .map(|g| self.group(*g).path.clone())
            .collect();
        gs.sort();
        EnvDoc {
            name: e.name.clone(),
            owner: self.account(e.owner).email.clone(),
            creator: self.account(e.creator).email.clone(),
            status: e.status.as_str().to_string(),
            cloudlets: e.cloudlets,
            groups: gs,
            since: e.since,
        }
    }

    pub(crate) fn policy_doc(&self, id: CustomPolicyId) -> PolicyDoc {
        let pol = self.custom_policy(id);
        let cat = Catalogue::get();
        PolicyDoc {
            owner: self.account(pol.owner).email.clone(),
            name: pol.name.clone(),
            description: pol.description.clone(),
            methods: pol
                .methods
                .iter()
                .map(|m| cat.method_name(*m).to_string())
                .collect(),
        }
    }

    pub(crate) fn role_doc(&self, id: RoleId) -> RoleDoc {
        let r = self.role(id);
        RoleDoc {
            owner: self.account(r.owner).email.clone(),
            name: r.name.clone(),
            description: r.description.clone(),
            policies: r
                .policies
                .iter()
                .map(|p| self.policy_id(*p).to_string())
                .collect(),
            notify: r.notify,
        }
    }

    pub(crate) fn collab_doc(&self, id: CollabId) -> CollabDoc {
        let c = self.collab(id);
        CollabDoc {
            owner: self.account(c.owner).email.clone(),
            member: self.account(c.member).email.clone(),
            name: c.name.clone(),
            status: c.status.as_str().to_string(),
            changed: c.changed.to_rfc3339(),
            invitations: c.invitations,
            shares: self.share_docs(c),
        }
    }

    /// A collaboration's entries as listed: by kind, then name; roles by name.
    pub fn share_docs(&self, c: &Collaboration) -> Vec<ShareDoc> {
        let mut targets: Vec<_> = c.shares.iter().collect();
        targets.sort_by(|(a, _), (b, _)| self.cmp_targets(**a, **b));
        targets
            .into_iter()
            .map(|(t, roles)| ShareDoc {
                target: self.target_label(*t),
                roles: self.sorted_role_names(roles),
            })
            .collect()
    }
}
