//! Dialogs: each builds one engine command. A dialog validates as the user types by
//! asking the engine (`Engine::validate`, nothing kept), shows the error beside the
//! field, and hands the finished command to the app, which previews and confirms it
//! where the change touches access.
//!
//! `form` is the plain text form behind small prompts; `member`, `role`, `policy`,
//! `direct` and `new_env` are the rich dialogs of tui.md, built from the trees, lists
//! and lines in `widgets`. Adding a dialog means one module implementing [`Dialog`]
//! and one place that opens it.

pub mod direct;
pub mod form;
pub mod member;
pub mod new_env;
pub mod policy;
pub mod role;
#[cfg(test)]
mod testkit;
pub mod widgets;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::engine::{AccountId, Command, Engine, Platform, Timestamp};
use crate::tui::component::Effect;
use crate::tui::theme::Theme;
use widgets::Fit;

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

pub trait Dialog {
    fn title(&self) -> String;
    /// Width and height wanted, within the screen.
    fn size(&self, screen: Rect) -> (u16, u16);
    /// Paints the dialog, recording in `fit` where each scrolling list went.
    fn paint(&self, ctx: &DrawCtx<'_>, area: Rect, buf: &mut Buffer, fit: &mut Fit);
    /// Fits the lists' scroll state to where `paint` put them (the layout step).
    fn fit(&mut self, _fit: &Fit) {}
    /// Draws the dialog; reads only.
    fn draw(&self, ctx: &DrawCtx<'_>, area: Rect, buf: &mut Buffer) {
        self.paint(ctx, area, buf, &mut Fit::default());
    }
    /// The layout step, before drawing: paints into a scratch buffer to learn where
    /// each list goes, and fits the lists' scroll state to it.
    fn layout(&mut self, ctx: &DrawCtx<'_>, area: Rect) {
        let mut fit = Fit::default();
        let mut scratch = Buffer::empty(area);
        self.paint(ctx, area, &mut scratch, &mut fit);
        self.fit(&fit);
    }
    fn handle(&mut self, key: KeyEvent, ctx: &mut DialogCtx<'_>) -> Effect;
    fn paste(&mut self, _text: &str, _ctx: &mut DialogCtx<'_>) {}
    /// Key hints for the dialog's own footer line.
    fn hints(&self) -> Vec<(&'static str, &'static str)>;
}

use crate::engine::{CollabId, CustomPolicyId, EnvId, GroupId, RoleId};
use crate::tui::app::parse_share_list;
use form::{Field, Form};

/// What part of a form an engine error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Email,
    /// The name of what is created or edited (environment, role, policy, group).
    Name,
    Description,
    Shares,
    Roles,
    Policies,
    Methods,
    Cloudlets,
    Groups,
    Environment,
    /// An account or member that does not exist.
    Account,
    Quota,
    Permission,
    /// What is created clashes with what exists (a duplicate, oneself, read-only).
    Identity,
    Other,
}

/// Which part of a form an engine error is about: every dialog routes its errors
/// through here, so this is the one place that reads the engine's field names.
pub fn part_of(e: &crate::engine::Error) -> Part {
    use crate::engine::Error;
    match e {
        Error::Validation { field, .. } | Error::Duplicate { field, .. } => field_part(*field),
        Error::NotFound { what, .. } => match *what {
            "role" => Part::Roles,
            "group" => Part::Groups,
            "environment" => Part::Environment,
            "policy" => Part::Policies,
            "method" => Part::Methods,
            "member" | "account" => Part::Account,
            _ => Part::Other,
        },
        Error::SelfInvite(_) | Error::ReadOnly(_) => Part::Identity,
        Error::QuotaExceeded(_) => Part::Quota,
        Error::PermissionDenied { .. } => Part::Permission,
        _ => Part::Other,
    }
}

/// The part of a dialog a field of the engine's errors names, by type.
pub fn field_part(field: crate::engine::Field) -> Part {
    use crate::engine::Field;
    match field {
        Field::Email => Part::Email,
        Field::Name | Field::RoleName | Field::PolicyName | Field::EnvName | Field::GroupName => {
            Part::Name
        }
        Field::Description => Part::Description,
        Field::Share => Part::Shares,
        Field::Roles => Part::Roles,
        Field::Policies => Part::Policies,
        Field::Methods => Part::Methods,
        Field::Cloudlets => Part::Cloudlets,
        Field::GroupPath => Part::Groups,
        Field::MaxEnvironments | Field::Action | Field::Time => Part::Other,
    }
}

/// Invite a member (`collab == None`, with `preset` share specs ticked, as in
/// `env:shop=Viewer envs`) or edit one.
pub fn member_dialog(
    p: &Platform,
    me: Option<AccountId>,
    collab: Option<CollabId>,
    preset: &str,
) -> Box<dyn Dialog> {
    let preset = parse_share_list(preset).unwrap_or_default();
    Box::new(member::MemberDialog::new(p, me, collab, &preset))
}

/// Direct access to one environment: member and roles.
pub fn direct_access_dialog(p: &Platform, me: Option<AccountId>, env: EnvId) -> Box<dyn Dialog> {
    Box::new(direct::DirectDialog::new(p, me, env))
}

/// The role editor: new (`None`) or existing.
pub fn role_dialog(p: &Platform, me: Option<AccountId>, role: Option<RoleId>) -> Box<dyn Dialog> {
    Box::new(role::RoleDialog::new(p, me, role))
}

/// A custom policy: new (`None`) or existing.
pub fn policy_dialog(p: &Platform, policy: Option<CustomPolicyId>) -> Box<dyn Dialog> {
    Box::new(policy::PolicyDialog::new(p, policy))
}

/// A new environment, in `group` if given.
pub fn new_env_dialog(
    p: &Platform,
    me: Option<AccountId>,
    group: Option<GroupId>,
) -> Box<dyn Dialog> {
    Box::new(new_env::NewEnvDialog::new(p, me, group))
}

/// Clone an environment under a new name.
pub fn clone_form(env: String) -> Box<dyn Dialog> {
    Box::new(
        Form::new(
            format!("Clone {env}"),
            vec![Field::new(
                "New name",
                "environment name",
                &format!("{env}-copy"),
                "[a-z0-9-], 3 to 32 characters",
            )],
            Box::new(move |v| {
                Ok(Command::CloneEnv {
                    env: env.clone(),
                    new_name: form::field(v, 0),
                })
            }),
        )
        .with_intro(
            "The clone belongs to the owner, counts against its quota and is placed in the same groups.",
        ),
    )
}

/// The field after (or before) `at` in a dialog's focus order, wrapping round; a field
/// not in the order counts as the first, and an empty order keeps `at`.
pub(crate) fn cycle<T: Copy + PartialEq>(order: &[T], at: T, forward: bool) -> T {
    let n = order.len();
    if n == 0 {
        return at;
    }
    let i = order.iter().position(|f| *f == at).unwrap_or(0);
    let j = if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    };
    order.get(j).copied().unwrap_or(at)
}

#[cfg(test)]
mod part_tests {
    use super::{Part, part_of};
    use crate::engine::{Error, Field};

    #[test]
    fn errors_route_to_the_part_they_are_about() {
        let invalid = |field: Field| Error::Validation {
            field,
            message: "bad".into(),
        };
        assert_eq!(part_of(&invalid(Field::RoleName)), Part::Name);
        assert_eq!(part_of(&invalid(Field::Email)), Part::Email);
        assert_eq!(part_of(&invalid(Field::GroupPath)), Part::Groups);
        assert_eq!(part_of(&invalid(Field::Action)), Part::Other);
        let duplicate = Error::Duplicate {
            field: Field::EnvName,
            existing: "shop".into(),
            message: "exists".into(),
        };
        assert_eq!(part_of(&duplicate), Part::Name);
        assert_eq!(part_of(&Error::SelfInvite("x".into())), Part::Identity);
        assert_eq!(part_of(&Error::QuotaExceeded("x".into())), Part::Quota);
    }
}
