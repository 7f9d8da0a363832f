//! Dialogs: small forms that build one engine command. A dialog validates as the user
//! types by asking the engine (`Engine::validate`, nothing kept), shows the error
//! beside the field, and hands the finished command to the app, which previews and
//! confirms it where the change touches access.
//!
//! Adding a dialog means one module implementing [`Dialog`] and one place that opens it.

pub mod form;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::engine::{AccountId, Command, Engine, Platform, Timestamp};
use crate::tui::theme::Theme;

/// What a dialog may read while drawing.
pub struct DrawCtx<'a> {
    pub platform: &'a Platform,
    pub theme: &'a Theme,
    pub me: Option<AccountId>,
}

/// What a dialog may use while handling a key: the engine, to validate.
pub struct DialogCtx<'a> {
    pub engine: &'a mut Engine,
    pub me: Option<AccountId>,
    pub now: Timestamp,
}

impl DialogCtx<'_> {
    /// The engine's answer to a command, without keeping it.
    pub fn validate(&mut self, cmd: &Command) -> Result<(), crate::engine::Error> {
        self.engine.validate(self.me, cmd, self.now).map(|_| ())
    }
}

pub enum DialogOutcome {
    Continue,
    Cancel,
    Submit(Command),
}

pub trait Dialog {
    fn title(&self) -> String;
    /// Width and height wanted, within the screen.
    fn size(&self, screen: Rect) -> (u16, u16);
    fn draw(&self, ctx: &DrawCtx<'_>, area: Rect, buf: &mut Buffer);
    fn handle(&mut self, key: KeyEvent, ctx: &mut DialogCtx<'_>) -> DialogOutcome;
    fn paste(&mut self, _text: &str, _ctx: &mut DialogCtx<'_>) {}
    /// Key hints for the dialog's own footer line.
    fn hints(&self) -> Vec<(&'static str, &'static str)>;
}

use crate::engine::{CollabId, CustomPolicyId, EnvId, GroupId, RoleId};
use crate::tui::app::{App, parse_share_list, shares_text};
use form::{Field, Form};

/// Invite a member (`collab == None`) or edit one.
pub fn member_dialog(app: &App, collab: Option<CollabId>, preset: &str) -> Box<dyn Dialog> {
    let p = app.ws.engine().platform();
    match collab {
        None => Box::new(
            Form::new(
                "Invite member",
                vec![
                    Field::new(
                        "Email",
                        "email",
                        "",
                        "an account is created if there is none",
                    ),
                    Field::new(
                        "Display name",
                        "name",
                        "",
                        "optional: your label for the member",
                    ),
                    Field::new(
                        "Shares",
                        "share",
                        preset,
                        "envs=R  groups=R  group:PATH=R+R  env:NAME=R",
                    ),
                ],
                Box::new(|v| {
                    Ok(Command::InviteMember {
                        owner: None,
                        email: v[0].clone(),
                        name: (!v[1].is_empty()).then(|| v[1].clone()),
                        shares: parse_share_list(&v[2])?,
                    })
                }),
            )
            .with_intro("The member is pending until it accepts; shares grant nothing before."),
        ),
        Some(c) => {
            let rec = p.collab(c);
            let email = p.account(rec.member).email.clone();
            let shares = shares_text(p, c);
            Box::new(Form::new(
                format!("Edit member {email}"),
                vec![
                    Field::new(
                        "Display name",
                        "name",
                        &rec.name,
                        "your label for the member",
                    ),
                    Field::new("Shares", "share", &shares, "replaces every share entry"),
                ],
                Box::new(move |v| {
                    Ok(Command::EditMember {
                        owner: None,
                        email: email.clone(),
                        name: Some(v[0].clone()),
                        shares: Some(parse_share_list(&v[1])?),
                    })
                }),
            ))
        }
    }
}

/// Direct access to one environment: member and roles.
pub fn direct_access_dialog(app: &App, env: EnvId) -> Box<dyn Dialog> {
    let p = app.ws.engine().platform();
    let name = p.env(env).name.clone();
    Box::new(Form::new(
        format!("Direct access to {name}"),
        vec![
            Field::new("Member", "email", "", "a member of the owner's account"),
            Field::new(
                "Roles",
                "roles",
                "Viewer",
                "role names separated by spaces; empty removes direct access",
            ),
        ],
        Box::new(move |v| {
            let roles: Vec<String> = v[1].split_whitespace().map(str::to_string).collect();
            Ok(if roles.is_empty() {
                Command::RemoveDirect {
                    env: name.clone(),
                    member: v[0].clone(),
                }
            } else {
                Command::SetDirect {
                    env: name.clone(),
                    member: v[0].clone(),
                    roles,
                }
            })
        }),
    ))
}

/// The role editor: new (`None`) or existing.
pub fn role_dialog(app: &App, role: Option<RoleId>) -> Box<dyn Dialog> {
    let p = app.ws.engine().platform();
    match role {
        None => Box::new(Form::new(
            "New role",
            vec![
                Field::new(
                    "Name",
                    "role name",
                    "",
                    "unique among your roles; no + or =",
                ),
                Field::new("Policies", "policies", "", "policy ids separated by spaces"),
                Field::new("Description", "description", "", "optional"),
                Field::new("Notify", "notify", "no", "yes: receives load alerts"),
            ],
            Box::new(|v| {
                Ok(Command::AddRole {
                    name: v[0].clone(),
                    policies: v[1].split_whitespace().map(str::to_string).collect(),
                    description: (!v[2].is_empty()).then(|| v[2].clone()),
                    notify: v[3].trim().eq_ignore_ascii_case("yes"),
                })
            }),
        )),
        Some(r) => {
            let role = p.role(r);
            let name = role.name.clone();
            let policies = p.role_row(r).policies.join(" ");
            Box::new(Form::new(
                format!("Edit role {name}"),
                vec![
                    Field::new("Name", "role name", &role.name, "unique among your roles"),
                    Field::new(
                        "Policies",
                        "policies",
                        &policies,
                        "policy ids separated by spaces",
                    ),
                    Field::new("Description", "description", &role.description, ""),
                    Field::new(
                        "Notify",
                        "notify",
                        if role.notify { "yes" } else { "no" },
                        "yes: receives load alerts",
                    ),
                ],
                Box::new(move |v| {
                    Ok(Command::EditRole {
                        name: name.clone(),
                        policies: Some(v[1].split_whitespace().map(str::to_string).collect()),
                        rename: (v[0] != name).then(|| v[0].clone()),
                        description: Some(v[2].clone()),
                        notify: Some(v[3].trim().eq_ignore_ascii_case("yes")),
                    })
                }),
            ))
        }
    }
}

/// A custom policy: new (`None`) or existing.
pub fn policy_dialog(app: &App, policy: Option<CustomPolicyId>) -> Box<dyn Dialog> {
    let p = app.ws.engine().platform();
    match policy {
        None => Box::new(Form::new(
            "New custom policy",
            vec![
                Field::new("Name", "policy name", "", "unique among your policies"),
                Field::new(
                    "Methods",
                    "methods",
                    "",
                    "methods or short actions separated by spaces",
                ),
                Field::new("Description", "description", "", "optional"),
            ],
            Box::new(|v| {
                Ok(Command::AddPolicy {
                    name: v[0].clone(),
                    methods: v[1].split_whitespace().map(str::to_string).collect(),
                    description: (!v[2].is_empty()).then(|| v[2].clone()),
                })
            }),
        )),
        Some(id) => {
            let pol = p.custom_policy(id);
            let name = pol.name.clone();
            let methods = p
                .policy_row(crate::engine::PolicyRef::Custom(id))
                .methods
                .join(" ");
            Box::new(Form::new(
                format!("Edit policy {name}"),
                vec![
                    Field::new("Methods", "methods", &methods, "replaces the method list"),
                    Field::new("Description", "description", &pol.description, ""),
                ],
                Box::new(move |v| {
                    Ok(Command::EditPolicy {
                        name: name.clone(),
                        methods: Some(v[0].split_whitespace().map(str::to_string).collect()),
                        description: Some(v[1].clone()),
                    })
                }),
            ))
        }
    }
}

/// A new environment, in `group` if given.
pub fn new_env_dialog(app: &App, group: Option<GroupId>) -> Box<dyn Dialog> {
    let p = app.ws.engine().platform();
    let path = group.map(|g| p.group(g).path.clone()).unwrap_or_default();
    let quota = app
        .me
        .map(|m| {
            format!(
                "{} of {} environments used",
                p.env_count(m),
                p.account(m).max_environments
            )
        })
        .unwrap_or_default();
    Box::new(
        Form::new(
            "New environment",
            vec![
                Field::new(
                    "Name",
                    "environment name",
                    "",
                    "[a-z0-9-], 3 to 32 characters, unique on the platform",
                ),
                Field::new(
                    "Groups",
                    "group path",
                    &path,
                    "group paths separated by commas; empty: no group",
                ),
                Field::new("Cloudlets", "cloudlets", "4", "resource units"),
                Field::new(
                    "Owner",
                    "email",
                    "",
                    "empty: yourself; else an owner whose member you are",
                ),
            ],
            Box::new(|v| {
                let cloudlets = v[2]
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| format!("cloudlets: '{}' is not a number", v[2]))?;
                Ok(Command::CreateEnv {
                    name: v[0].clone(),
                    owner: (!v[3].trim().is_empty()).then(|| v[3].trim().to_string()),
                    groups: v[1]
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    cloudlets: Some(cloudlets),
                })
            }),
        )
        .with_intro(quota),
    )
}
