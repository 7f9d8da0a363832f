//! Shared helpers for the engine tests: a small world builder that drives the engine
//! through its one door (`Engine::execute`) with accounts named by email, so tests
//! read like the rules in domain.md.
#![allow(
    clippy::needless_pass_by_value,
    clippy::redundant_closure_for_method_calls,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]
#![allow(dead_code)]

pub mod cli;

use collab::engine::{
    AccountId, Command, Decision, Engine, EnvId, Error, ExplainRow, Level, MemberOp, Outcome,
    Platform, Response, ShareSpec, StateDocument, Timestamp,
};

/// The primary account of most tests.
pub const O: &str = "owner@acme.io";
/// A collaboration member.
pub const M: &str = "mia@acme.io";
/// Another collaboration member.
pub const N: &str = "noah@acme.io";
/// An account that is nobody's member.
pub const X: &str = "xena@else.io";

/// Property-test cases: `default`, or `PROPTEST_CASES` for a longer local run.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Parses `--share` specifications (panics on a malformed one: tests write them).
pub fn shares(specs: &[&str]) -> Vec<ShareSpec> {
    specs
        .iter()
        .map(|s| ShareSpec::parse(s).unwrap_or_else(|e| panic!("bad spec {s:?}: {e}")))
        .collect()
}

pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// An engine plus a clock that ticks a minute per command.
pub struct World {
    pub engine: Engine,
    clock: i64,
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}

impl World {
    pub fn new() -> World {
        World {
            engine: Engine::new(),
            clock: 1_780_000_000,
        }
    }

    pub fn tick(&mut self) -> Timestamp {
        self.clock += 60;
        Timestamp(self.clock)
    }

    pub fn p(&self) -> &Platform {
        self.engine.platform()
    }

    /// The platform as a document, without the change journal: the journal grows with
    /// every change, undo and redo (issue 12), and these tests compare platforms.
    pub fn doc(&self) -> StateDocument {
        self.engine.platform().to_document()
    }

    /// The whole document, journal included (what a save writes).
    pub fn full_doc(&self) -> StateDocument {
        self.engine.to_document()
    }

    pub fn id(&self, email: &str) -> AccountId {
        self.p()
            .find_account(email)
            .unwrap_or_else(|e| panic!("account {email}: {e}"))
    }

    pub fn env_id(&self, name: &str) -> EnvId {
        self.p()
            .find_env(name)
            .unwrap_or_else(|e| panic!("env {name}: {e}"))
    }

    /// Runs a command as `actor` (an email).
    pub fn run(&mut self, actor: &str, cmd: Command) -> Result<Outcome, Error> {
        let a = self.id(actor);
        let now = self.tick();
        self.engine.execute(Some(a), &cmd, now)
    }

    /// Runs a command that must succeed.
    pub fn ok(&mut self, actor: &str, cmd: Command) -> Outcome {
        let label = cmd.label();
        self.run(actor, cmd)
            .unwrap_or_else(|e| panic!("{actor}: '{label}' refused: {}: {e}", e.code()))
    }

    /// Runs a command that must be refused; returns the error code.
    pub fn code(&mut self, actor: &str, cmd: Command) -> &'static str {
        let label = cmd.label();
        match self.run(actor, cmd) {
            Ok(o) => panic!("{actor}: '{label}' should be refused, did: {}", o.summary),
            Err(e) => e.code(),
        }
    }

    /// Asserts a command is refused with `code` and leaves the document exactly as it was.
    pub fn refused(&mut self, actor: &str, cmd: Command, code: &str) {
        let before = self.doc();
        let label = cmd.label();
        let got = self.code(actor, cmd);
        assert_eq!(got, code, "{actor}: '{label}'");
        assert_eq!(
            self.doc(),
            before,
            "{actor}: refused '{label}' changed the document"
        );
    }

    // ----- builders, each one command through the one door -----------------

    pub fn account(&mut self, email: &str) {
        self.account_with_quota(email, None);
    }

    pub fn account_with_quota(&mut self, email: &str, max: Option<u32>) {
        let now = self.tick();
        let cmd = Command::AddAccount {
            email: email.into(),
            name: None,
            max_environments: max,
        };
        self.engine
            .execute(None, &cmd, now)
            .unwrap_or_else(|e| panic!("account add {email}: {e}"));
    }

    pub fn role(&mut self, owner: &str, name: &str, policies: &[&str]) {
        self.role_with(owner, name, policies, false);
    }

    pub fn role_with(&mut self, owner: &str, name: &str, policies: &[&str], notify: bool) {
        self.ok(
            owner,
            Command::AddRole {
                name: name.into(),
                policies: strings(policies),
                description: None,
                notify,
            },
        );
    }

    pub fn group(&mut self, owner: &str, path: &str) {
        self.ok(
            owner,
            Command::AddGroup {
                owner: None,
                path: path.into(),
            },
        );
    }

    pub fn env(&mut self, owner: &str, name: &str, groups: &[&str]) {
        self.ok(owner, create_env(name, None, groups));
    }

    /// Invites `member` with shares; the record stays pending.
    pub fn invite(&mut self, owner: &str, member: &str, specs: &[&str]) {
        self.ok(
            owner,
            Command::InviteMember {
                owner: None,
                email: member.into(),
                name: None,
                shares: shares(specs),
            },
        );
    }

    /// Invites `member` with shares, and the member accepts: an active collaboration.
    pub fn member(&mut self, owner: &str, member: &str, specs: &[&str]) {
        self.invite(owner, member, specs);
        self.respond(member, owner, Response::Accept);
    }

    pub fn respond(&mut self, member: &str, owner: &str, response: Response) {
        self.ok(
            member,
            Command::Respond {
                owner: owner.into(),
                response,
            },
        );
    }

    pub fn member_op(&mut self, owner: &str, member: &str, op: MemberOp) {
        self.ok(owner, member_op(member, op));
    }

    /// Replaces the member's whole share set.
    pub fn set_shares(&mut self, owner: &str, member: &str, specs: &[&str]) {
        self.ok(owner, edit_shares(None, member, specs));
    }

    // ----- queries ------------------------------------------------------------

    pub fn explain(&self, member: &str, env: &str) -> ExplainRow {
        let p = self.p();
        p.explain_row(&p.explain(self.id(member), self.env_id(env), None))
    }

    /// The effective level and roles (sorted names) of `member` on `env`.
    pub fn access(&self, member: &str, env: &str) -> (Level, Vec<String>) {
        let x = self.explain(member, env);
        (x.level, x.roles)
    }

    pub fn decision(&self, member: &str, env: &str, action: &str) -> Decision {
        let p = self.p();
        let m = p
            .find_method(action)
            .unwrap_or_else(|e| panic!("action {action}: {e}"));
        p.check(self.id(member), self.env_id(env), m)
    }

    pub fn allows(&self, member: &str, env: &str, action: &str) -> bool {
        self.decision(member, env, action).allowed()
    }

    /// The (role, policy) that grants `action`, by name.
    pub fn granted_by(&self, member: &str, env: &str, action: &str) -> Option<(String, String)> {
        let d = self.decision(member, env, action);
        self.p()
            .check_row(&d)
            .granted_by
            .map(|g| (g.role, g.policy))
    }

    pub fn status_of(&self, owner: &str, member: &str) -> Option<String> {
        let p = self.p();
        p.collab_of(self.id(owner), self.id(member))
            .map(|c| p.collab(c).status.as_str().to_string())
    }

    /// The member's share entries as `target=Role+Role` strings (as listed).
    pub fn entries(&self, owner: &str, member: &str) -> Vec<String> {
        let p = self.p();
        let c = p
            .collab_of(self.id(owner), self.id(member))
            .unwrap_or_else(|| panic!("{member} is not a member of {owner}"));
        p.share_entry_rows(p.collab(c))
            .into_iter()
            .map(|r| {
                if r.roles.is_empty() {
                    r.target
                } else {
                    format!("{}={}", r.target, r.roles.join("+"))
                }
            })
            .collect()
    }
}

// ----- command constructors ----------------------------------------------------

pub fn create_env(name: &str, owner: Option<&str>, groups: &[&str]) -> Command {
    Command::CreateEnv {
        name: name.into(),
        owner: owner.map(Into::into),
        groups: strings(groups),
        cloudlets: None,
    }
}

pub fn env_do(env: &str, action: &str) -> Command {
    Command::EnvDo {
        env: env.into(),
        action: action.into(),
    }
}

pub fn member_op(member: &str, op: MemberOp) -> Command {
    Command::Member {
        owner: None,
        email: member.into(),
        op,
    }
}

pub fn edit_shares(owner: Option<&str>, member: &str, specs: &[&str]) -> Command {
    Command::EditMember {
        owner: owner.map(Into::into),
        email: member.into(),
        name: None,
        shares: Some(shares(specs)),
    }
}

pub fn invite_cmd(owner: Option<&str>, member: &str, specs: &[&str]) -> Command {
    Command::InviteMember {
        owner: owner.map(Into::into),
        email: member.into(),
        name: None,
        shares: shares(specs),
    }
}

pub fn set_direct(env: &str, member: &str, roles: &[&str]) -> Command {
    Command::SetDirect {
        env: env.into(),
        member: member.into(),
        roles: strings(roles),
    }
}

pub fn remove_direct(env: &str, member: &str) -> Command {
    Command::RemoveDirect {
        env: env.into(),
        member: member.into(),
    }
}

pub fn respond(owner: &str, response: Response) -> Command {
    Command::Respond {
        owner: owner.into(),
        response,
    }
}

pub fn group_cmd(owner: Option<&str>, path: &str) -> Command {
    Command::AddGroup {
        owner: owner.map(Into::into),
        path: path.into(),
    }
}
