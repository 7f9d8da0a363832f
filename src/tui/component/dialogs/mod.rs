//! Dialogs: each builds one engine command. A dialog validates as the user types by
//! asking the engine (`Engine::validate`, nothing kept), shows the error beside the
//! field, and hands the finished command to the app, which previews and confirms it
//! where the change touches access.
//!
//! `form` is the plain text form behind small prompts; `member`, `role`, `policy`,
//! `direct` and `new_env` are the rich dialogs of tui.md, built from the trees, lists
//! and lines in `widgets`. Adding a dialog means one module implementing [`Dialog`]
//! and one place that opens it.

pub mod basis;
pub mod check;
pub mod direct;
pub mod form;
pub mod keys;
pub mod member;
pub mod new_env;
pub mod policy;
pub mod role;
#[cfg(test)]
mod testkit;
pub mod widgets;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

use super::chrome::{frame, render_hints};
use crate::engine::{AccountId, Command, Engine, Error, Platform, Timestamp};
use crate::tui::component::{Binding, Component, Ctx, Effect};
use crate::tui::keys::Keymap;
use crate::tui::layout::centered;
use crate::tui::theme::Theme;
use widgets::Fit;

/// What a dialog may read while drawing.
pub struct DrawCtx<'a> {
    pub platform: &'a Platform,
    pub theme: &'a Theme,
    pub me: Option<AccountId>,
    /// The keys as configured, which hints name.
    pub keys: &'a Keymap,
}

/// A dialog: a form that builds one engine command. It handles keys against a
/// read-only context and never asks the engine itself: the app asks about
/// [`Dialog::command`] after every key and hands the answer to [`Dialog::answer`]
/// (see `check`). Its hint line is generated from [`Dialog::bindings`].
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
    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect;
    fn paste(&mut self, _text: &str, _ctx: &Ctx<'_>) {}
    /// The keys that work now, for the hint line (generated, see `keys::bindings`).
    fn bindings(&self, keymap: &Keymap) -> Vec<Binding>;
    /// The command the values as they stand build, or why they build none (a number
    /// that is not one), as the engine would name it.
    fn command(&self) -> Result<Command, Error>;
    /// The engine's answer about [`Dialog::command`], for the values as they stand:
    /// whether it would change anything (`Engine::may_change`), or why not.
    fn answer(&mut self, answer: Result<bool, Error>);
    /// For a dialog that edits an existing record: that record as `p` holds it now,
    /// in the parts [`Dialog::parts`] names (`None` for a dialog that creates). See
    /// `basis`: what the dialog does when another process changes it.
    fn record(&self, _p: &Platform) -> Option<basis::Record> {
        None
    }
    /// The dialog's values, in the parts of [`Dialog::record`].
    fn parts(&self) -> basis::Parts {
        basis::Parts::new()
    }
    /// Shows `parts` as the values (the user's changes over a newer record).
    fn load(&mut self, _p: &Platform, _parts: &basis::Parts) {}
}

/// Asks the engine about the command a dialog's values build, as `actor` at `now`,
/// and hands the answer to the dialog. The one place a dialog's verdict comes from.
pub fn ask_engine(
    d: &mut dyn Dialog,
    engine: &mut Engine,
    actor: Option<AccountId>,
    now: Timestamp,
) {
    let answer = d
        .command()
        .and_then(|cmd| engine.may_change(actor, &cmd, now));
    d.answer(answer);
}

/// A dialog on screen: a component that frames it and draws its hint line. It holds
/// the record the dialog edits as the dialog loaded it, and what the dialog must tell
/// about it (see `basis`).
pub struct DialogBox {
    pub dialog: Box<dyn Dialog>,
    basis: Option<basis::Record>,
    /// What changed under the dialog, shown above its hint line.
    pub notice: Option<String>,
}

impl DialogBox {
    pub fn new(dialog: Box<dyn Dialog>) -> DialogBox {
        DialogBox {
            dialog,
            basis: None,
            notice: None,
        }
    }

    /// Where the dialog goes on the screen, border included, with room for the
    /// notice.
    fn rect(&self, area: Rect) -> Rect {
        let (w, h) = self.dialog.size(area);
        let notice = crate::tui::num::cells(self.notice_lines(w.saturating_sub(2)).len());
        centered(area, w, h.saturating_add(3).saturating_add(notice))
    }

    /// The area the dialog's body is drawn in, for the layout step.
    pub fn body(&self, area: Rect) -> Rect {
        self.rows(Block::bordered().inner(self.rect(area)))[0]
    }

    /// The notice, wrapped to `width` columns.
    fn notice_lines(&self, width: u16) -> Vec<String> {
        self.notice
            .as_deref()
            .map(|n| {
                let n = crate::text::escape(n);
                crate::text::wrap(&format!("✕ {n}"), usize::from(width))
            })
            .unwrap_or_default()
    }

    /// A dialog's inside: its body, the notice, and its hint line. The notice takes
    /// at most half the inside.
    fn rows(&self, inner: Rect) -> [Rect; 3] {
        let notice =
            crate::tui::num::cells(self.notice_lines(inner.width).len()).min(inner.height / 2);
        Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(notice),
            Constraint::Length(1),
        ])
        .areas(inner)
    }

    /// Asks the engine about the dialog's values, as `actor` at `now`, once the dialog
    /// is brought up to date with the record it edits (see `basis`): what the app does
    /// after every key and every reload.
    pub fn ask(&mut self, engine: &mut Engine, actor: Option<AccountId>, now: Timestamp) {
        if let Some(n) = basis::rebase(self.dialog.as_mut(), &mut self.basis, engine.platform()) {
            self.notice = Some(n);
        }
        ask_engine(self.dialog.as_mut(), engine, actor, now);
    }

    /// Whether another process changed the record the dialog edits, as `p` holds it,
    /// since the dialog last loaded it: its values must be reviewed again.
    pub fn outdated(&self, p: &Platform) -> bool {
        basis::outdated(self.dialog.as_ref(), self.basis.as_ref(), p)
    }
}

impl Component for DialogBox {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        self.dialog.bindings(ctx.keymap)
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        self.dialog.handle(key, ctx)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        let t = ctx.theme;
        let inner = frame(t, &self.dialog.title(), self.rect(area), buf);
        let [body, notice, hints] = self.rows(inner);
        let dctx = DrawCtx {
            platform: ctx.platform(),
            theme: t,
            me: ctx.me,
            keys: ctx.keymap,
        };
        self.dialog.draw(&dctx, body, buf);
        let lines: Vec<Line<'_>> = self
            .notice_lines(notice.width)
            .into_iter()
            .map(|l| Line::styled(l, t.error()))
            .collect();
        Paragraph::new(lines).render(notice, buf);
        render_hints(t, &self.dialog.bindings(ctx.keymap), hints, buf);
    }

    fn fit(&mut self, area: Rect, ctx: &Ctx<'_>) {
        let body = self.body(area);
        let dctx = DrawCtx {
            platform: ctx.platform(),
            theme: ctx.theme,
            me: ctx.me,
            keys: ctx.keymap,
        };
        self.dialog.layout(&dctx, body);
    }

    /// The engine refused what the dialog submitted (the file changed between the
    /// last look and the submit): the dialog stays with its values, and the app's
    /// next question about them shows the refusal beside the part it concerns.
    fn refused(&mut self, _why: &str) -> bool {
        true
    }
}

use crate::engine::{CollabId, CustomPolicyId, EnvId, GroupId, RoleId};
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
        Error::SelfInvite { .. } | Error::ReadOnly(_) => Part::Identity,
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

/// Invite a member of `owner`: the signed-in account, or the owner an account-wide
/// delegate acts for.
pub fn invite_dialog(
    p: &Platform,
    me: Option<AccountId>,
    owner: AccountId,
    preset: &str,
) -> Box<dyn Dialog> {
    let preset = parse_share_list(preset).unwrap_or_default();
    Box::new(member::MemberDialog::invite_for(p, me, owner, &preset))
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
                crate::engine::Field::EnvName,
                &format!("{env}-copy"),
                "[a-z0-9-], 3 to 32 characters",
            )],
            Box::new(move |v| {
                Command::CloneEnv {
                    env: env.clone(),
                    new_name: form::field(v, 0),
                }
            }),
        )
        .with_intro(
            "The clone belongs to the owner, counts against its quota and is placed in the same groups.",
        ),
    )
}

/// Parses the palette's share specifications for dialogs that accept them as text.
fn parse_share_list(text: &str) -> Result<Vec<crate::engine::ShareSpec>, String> {
    let mut out = Vec::new();
    for part in split_specs(text) {
        out.push(crate::engine::ShareSpec::parse(&part).map_err(|e| e.to_string())?);
    }
    Ok(out)
}

/// Splits on spaces that separate specs; a group path may contain spaces, so a word
/// that does not start a new spec continues the previous one.
fn split_specs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let starts = word.starts_with("envs")
            || word.starts_with("groups")
            || word.starts_with("group:")
            || word.starts_with("env:");
        match out.last_mut() {
            Some(prev) if !starts => {
                prev.push(' ');
                prev.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
    }
    out
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
        assert_eq!(
            part_of(&Error::SelfInvite {
                email: "x".into(),
                by_owner: true
            }),
            Part::Identity
        );
        assert_eq!(part_of(&Error::QuotaExceeded("x".into())), Part::Quota);
    }
}
