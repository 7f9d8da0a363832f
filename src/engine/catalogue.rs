//! The system policy catalogue (domain.md section 7), shipped as data in
//! `assets/system-policies.json` and embedded at compile time, with the interned
//! method table and the short action names.
//!
//! The catalogue is read-only and shared by every platform; it is parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::model::MethodId;

const CATALOGUE_JSON: &str = include_str!("../../assets/system-policies.json");

#[derive(Debug)]
pub struct SystemPolicy {
    pub id: String,
    pub name: String,
    pub category: String,
    pub description: String,
    /// Sorted by method id, no duplicates.
    pub methods: Vec<MethodId>,
}

#[derive(Debug)]
pub struct Catalogue {
    /// In catalogue (display) order.
    pub policies: Vec<SystemPolicy>,
    /// Every method named by a system policy, in first-seen order.
    pub methods: Vec<String>,
    method_index: HashMap<String, MethodId>,
    policy_index: HashMap<String, u16>,
    /// Short action names, in catalogue order.
    pub actions: Vec<(String, MethodId)>,
    action_index: HashMap<String, MethodId>,
    /// For each method, the system policies containing it.
    method_policies: Vec<Vec<u16>>,
    /// For each method, the command that performs it when it needs arguments of its
    /// own (a name, a group, a member), acts on something other than the environment,
    /// or is a listing (the collaboration table, `share list`): `env do` refuses it
    /// and names that command. `{env}` stands for the environment's name.
    own_commands: Vec<Option<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    policies: Vec<RawPolicy>,
    actions: Vec<RawAction>,
    commands: Vec<RawCommand>,
}

#[derive(Deserialize)]
struct RawPolicy {
    id: String,
    name: String,
    category: String,
    description: String,
    methods: Vec<String>,
}

#[derive(Deserialize)]
struct RawAction {
    name: String,
    method: String,
}

#[derive(Deserialize)]
struct RawCommand {
    method: String,
    command: String,
}

impl Catalogue {
    /// The policies' categories, in catalogue order, each once.
    pub fn categories(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.policies {
            if !out.contains(&p.category.as_str()) {
                out.push(&p.category);
            }
        }
        out
    }

    /// The embedded catalogue. Its content is checked by the test suite, so a broken
    /// asset cannot ship; should it still fail to parse, that is a build defect.
    ///
    /// # Panics
    ///
    /// If the catalogue compiled into the binary does not parse.
    #[expect(
        clippy::panic,
        reason = "the catalogue is a compiled-in asset checked by the test suite; a broken one is a build defect, not a run-time condition"
    )]
    pub fn get() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| match Catalogue::parse(CATALOGUE_JSON) {
            Ok(c) => c,
            Err(e) => panic!("the embedded system policy catalogue is invalid: {e}"),
        })
    }

    fn parse(json: &str) -> Result<Catalogue, String> {
        let raw: RawCatalogue = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut methods = Vec::new();
        let mut method_index = HashMap::new();
        let mut policies = Vec::new();
        let mut policy_index = HashMap::new();
        for (i, p) in raw.policies.into_iter().enumerate() {
            let idx = u16::try_from(i).map_err(|_| "too many policies".to_string())?;
            let mut ids = Vec::new();
            for m in p.methods {
                let next = MethodId(
                    u16::try_from(methods.len()).map_err(|_| "too many methods".to_string())?,
                );
                let id = *method_index.entry(m.clone()).or_insert_with(|| {
                    methods.push(m);
                    next
                });
                ids.push(id);
            }
            ids.sort_unstable();
            ids.dedup();
            if policy_index.insert(p.id.clone(), idx).is_some() {
                return Err(format!("duplicate policy {}", p.id));
            }
            policies.push(SystemPolicy {
                id: p.id,
                name: p.name,
                category: p.category,
                description: p.description,
                methods: ids,
            });
        }
        let mut method_policies = vec![Vec::new(); methods.len()];
        for (i, p) in policies.iter().enumerate() {
            for m in &p.methods {
                let index = u16::try_from(i).map_err(|_| "more than 65536 policies".to_string())?;
                if let Some(holders) = method_policies.get_mut(usize::from(m.0)) {
                    holders.push(index);
                }
            }
        }
        let mut actions = Vec::new();
        let mut action_index = HashMap::new();
        for a in raw.actions {
            let m = *method_index
                .get(&a.method)
                .ok_or_else(|| format!("action {} names unknown method {}", a.name, a.method))?;
            action_index.insert(a.name.clone(), m);
            actions.push((a.name, m));
        }
        let mut own_commands = vec![None; methods.len()];
        for c in raw.commands {
            let m = method_index.get(&c.method).ok_or_else(|| {
                format!("command {} names unknown method {}", c.command, c.method)
            })?;
            if let Some(slot) = own_commands.get_mut(usize::from(m.0)) {
                if slot.is_some() {
                    return Err(format!("method {} has two commands", c.method));
                }
                *slot = Some(c.command);
            }
        }
        Ok(Catalogue {
            policies,
            methods,
            method_index,
            policy_index,
            actions,
            action_index,
            method_policies,
            own_commands,
        })
    }

    pub fn method(&self, name: &str) -> Option<MethodId> {
        self.method_index.get(name).copied()
    }

    /// # Panics
    ///
    /// On a method id that does not come from this catalogue.
    #[expect(
        clippy::indexing_slicing,
        reason = "method ids and policy indexes come from this immutable, embedded catalogue (its `method`, `resolve_action`, `policy_by_id`, `policies_with`); one from elsewhere is a caller bug"
    )]
    pub fn method_name(&self, m: MethodId) -> &str {
        &self.methods[usize::from(m.0)]
    }

    /// A method by its full name or its short action name (`start`, `logs`, ...).
    pub fn resolve_action(&self, action: &str) -> Option<MethodId> {
        self.action_index
            .get(action)
            .or_else(|| self.method_index.get(action))
            .copied()
    }

    /// The command that performs a method needing arguments of its own (or a target
    /// other than the environment), with `env` for the environment's name: `env do`
    /// refuses such a method and names this command instead. `None` for a simple
    /// action on the environment.
    pub fn own_command(&self, m: MethodId, env: &str) -> Option<String> {
        self.own_commands
            .get(usize::from(m.0))
            .and_then(Option::as_ref)
            .map(|c| c.replace("{env}", env))
    }

    /// The short action name of a method, if it has one.
    pub fn action_name(&self, m: MethodId) -> Option<&str> {
        self.actions
            .iter()
            .find(|(_, id)| *id == m)
            .map(|(n, _)| n.as_str())
    }

    /// # Panics
    ///
    /// On a policy index that does not come from this catalogue.
    #[expect(
        clippy::indexing_slicing,
        reason = "method ids and policy indexes come from this immutable, embedded catalogue (its `method`, `resolve_action`, `policy_by_id`, `policies_with`); one from elsewhere is a caller bug"
    )]
    pub fn policy(&self, index: u16) -> &SystemPolicy {
        &self.policies[usize::from(index)]
    }

    pub fn policy_by_id(&self, id: &str) -> Option<u16> {
        self.policy_index.get(id).copied()
    }

    /// The system policies that contain a method, in catalogue order.
    pub fn policies_with(&self, m: MethodId) -> &[u16] {
        self.method_policies
            .get(usize::from(m.0))
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_matches_the_domain_table() {
        let c = Catalogue::get();
        assert_eq!(c.policies.len(), 29);
        let startstop = c.policy(c.policy_by_id("env.startstop").expect("policy"));
        let names: Vec<&str> = startstop
            .methods
            .iter()
            .map(|m| c.method_name(*m))
            .collect();
        assert_eq!(
            names,
            [
                "env.control.StartEnv",
                "env.control.StopEnv",
                "env.control.SleepEnv"
            ]
        );
        assert_eq!(c.actions.len(), 27);
        assert_eq!(
            c.resolve_action("start").map(|m| c.method_name(m)),
            Some("env.control.StartEnv")
        );
        assert_eq!(
            c.resolve_action("env.file.GetList")
                .map(|m| c.method_name(m)),
            Some("env.file.GetList")
        );
        assert_eq!(c.resolve_action("launch"), None);
        let collab = c
            .method("users.collaboration.InviteMember")
            .expect("method");
        assert_eq!(c.policies_with(collab).len(), 1);
    }
}
