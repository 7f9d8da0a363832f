//! A pane as a component: the keys that work on its focused row (each with the
//! engine's answer), and what pressing one does — moving its own selection, opening
//! or folding a row, filtering, or an effect for the app (a command to submit, a
//! dialog or menu to open, a message). It never sees the app.

use crate::tui::num::signed;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::probe::Probe;
use super::{PaneId, PaneState, RowKey, Section};
use crate::engine::{AccountId, Command, GroupId, Intent, Platform, PolicyRef};
use crate::tui::component::dialogs::form::{self, Field, Form};
use crate::tui::component::dialogs::{self, clone_form};
use crate::tui::component::overlays::{Menu, MenuItem, Overlay, TextView};
use crate::tui::component::{Avail, Message};
use crate::tui::component::{Binding, Component, Ctx, Effect, global};
use crate::tui::keys::Action;

/// The longest a pane's filter grows, in characters.
const MAX_FILTER: usize = 200;

impl Component for PaneState {
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding> {
        self.actions(ctx)
            .into_iter()
            .map(|a| {
                let b = Binding::new(ctx.keymap, a, self.availability(a, ctx));
                // The word for what the key runs here: "activate" on a suspended
                // member, "resend" on a pending one.
                match self.probe(a, ctx) {
                    Some(Probe::Run(Command::Member { op, .. })) => b.says(op.as_str()),
                    Some(Probe::Run(Command::Respond { response, .. })) => {
                        b.says(response.as_str())
                    }
                    _ => b,
                }
            })
            .collect()
    }

    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        if self.filtering {
            return self.filter_key(key, ctx);
        }
        match ctx.keymap.action(key) {
            Some(action) => self.act(action, ctx),
            None => Effect::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
        super::view::render(self, area, buf, ctx);
    }
}

impl PaneState {
    /// What an action does on this pane.
    pub fn act(&mut self, action: Action, ctx: &Ctx<'_>) -> Effect {
        use Action::{Back, Bottom, Down, Filter, PageDown, PageUp, Top, Up};
        let page = signed(self.height.saturating_sub(1).max(1));
        match action {
            Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.reproject(ctx);
                Effect::None
            }
            Up => self.move_rows(-1),
            Down => self.move_rows(1),
            PageUp => self.move_rows(-page),
            PageDown => self.move_rows(page),
            Top => self.move_rows(isize::MIN / 2),
            Bottom => self.move_rows(isize::MAX / 2),
            Action::Collapse => self.fold(true, ctx),
            Action::Expand => self.fold(false, ctx),
            Filter => {
                self.filtering = true;
                Effect::None
            }
            _ => match global(action, ctx) {
                Some(effect) => effect,
                None => match self.availability(action, ctx) {
                    Avail::Enabled => self.contextual(action, ctx),
                    Avail::Disabled(why) => Effect::Message(Message {
                        text: why,
                        error: true,
                    }),
                    // Not offered here, but pressed: say why (the engine's reason
                    // when it gave one).
                    Avail::Hidden => match self.refusal(action, ctx) {
                        Some(why) => Effect::Message(Message {
                            text: why,
                            error: true,
                        }),
                        None if action == Action::Why => Effect::Message(Message {
                            text: "nothing to explain here: select an environment (3), then w"
                                .into(),
                            error: true,
                        }),
                        None => Effect::None,
                    },
                },
            },
        }
    }

    /// Folds (or unfolds) the selected branch; folding a row that is not an open
    /// branch goes to its parent, as in gitui and lazygit.
    fn fold(&mut self, close: bool, ctx: &Ctx<'_>) -> Effect {
        let Some(row) = self.rows.get(self.selected) else {
            return Effect::None;
        };
        match (row.open, close) {
            (Some(true), true) | (Some(false), false) => {
                self.toggle(row.key);
                self.reproject(ctx);
            }
            (_, true) => {
                let depth = row.depth;
                if let Some(parent) = self
                    .rows
                    .get(..self.selected)
                    .and_then(|above| above.iter().rposition(|r| r.depth < depth))
                {
                    self.selected = parent;
                    self.scroll_into_view(self.height);
                }
            }
            (_, false) => {}
        }
        Effect::None
    }

    fn move_rows(&mut self, delta: isize) -> Effect {
        self.step(delta);
        self.scroll_into_view(self.height);
        Effect::None
    }

    /// A key while typing the filter.
    fn filter_key(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        match key.code {
            KeyCode::Esc => {
                self.filtering = false;
                self.filter.clear();
                self.reproject(ctx);
            }
            KeyCode::Enter => self.filtering = false,
            KeyCode::Backspace => {
                self.filter.pop();
                self.reproject(ctx);
            }
            KeyCode::Up | KeyCode::Down => {
                let d = if key.code == KeyCode::Up { -1 } else { 1 };
                self.step(d);
                self.scroll_into_view(self.height);
            }
            KeyCode::Char(c) => {
                self.type_into_filter(&c.to_string());
                self.reproject(ctx);
            }
            _ => {}
        }
        Effect::None
    }

    /// Pastes into the filter while typing one.
    pub fn paste(&mut self, text: &str, ctx: &Ctx<'_>) {
        if self.filtering {
            self.type_into_filter(text.lines().next().unwrap_or(""));
            self.reproject(ctx);
        }
    }

    /// Adds typed or pasted text to the filter: control characters are dropped and
    /// the filter stops at [`MAX_FILTER`] characters, whether typed or pasted.
    fn type_into_filter(&mut self, text: &str) {
        let room = MAX_FILTER.saturating_sub(self.filter.chars().count());
        self.filter
            .extend(text.chars().filter(|c| !c.is_control()).take(room));
    }

    /// Projects the full rows through expansion and the filter (building the
    /// filter's texts on first use), keeping the selection in view.
    pub fn reproject(&mut self, ctx: &Ctx<'_>) {
        if !self.filter.is_empty() && self.search.len() != self.full.len() {
            self.search = super::search_texts(&self.full, ctx.platform(), ctx.me);
        }
        let rows = super::project(self);
        self.set_rows(rows);
        self.scroll_into_view(self.height);
    }

    /// The row-specific part of an action (already known to be enabled).
    fn contextual(&mut self, action: Action, ctx: &Ctx<'_>) -> Effect {
        use Action::{Actions, Add, Copy, Edit, Invite, Open, Why};
        // A key that runs a command runs exactly the one the engine was asked about.
        if let Some(Probe::Run(cmd)) = self.probe(action, ctx) {
            return Effect::Submit(cmd);
        }
        let p = ctx.platform();
        let me = ctx.me;
        let key = self.selected_key();
        let email_of = |a: AccountId| p.account(a).email.clone();
        let open = |d: Box<dyn dialogs::Dialog>| Effect::Open(Overlay::dialog(d));
        match (action, self.id, key) {
            (Open, PaneId::Accounts, Some(RowKey::Account(a))) => Effect::SignIn(a),
            (Open, _, Some(k)) => {
                if self.rows.get(self.selected).and_then(|r| r.open).is_some() {
                    self.toggle(k);
                    self.reproject(ctx);
                    Effect::None
                } else if let RowKey::Env(..) = k {
                    self.act(Actions, ctx)
                } else {
                    Effect::None
                }
            }
            (Add, PaneId::Accounts, _) => open(Box::new(Form::new(
                "New account",
                vec![
                    Field::new(
                        "Email",
                        crate::engine::Field::Email,
                        "",
                        "unique on the platform",
                    ),
                    Field::new(
                        "Display name",
                        crate::engine::Field::Name,
                        "",
                        "optional; default: the part before @",
                    ),
                ],
                Box::new(|v| Command::AddAccount {
                    email: form::field(v, 0),
                    name: form::optional(v, 1),
                    max_environments: None,
                }),
            ))),
            (Invite, PaneId::Envs, Some(RowKey::Env(e, _))) => {
                let env = p.env(e);
                let preset = format!("env:{}=Viewer", env.name);
                open(dialogs::invite_dialog(p, me, env.owner, &preset))
            }
            (Invite, PaneId::Members, _) => {
                open(dialogs::member_dialog(p, me, None, "envs=Viewer"))
            }
            (Edit, PaneId::Members, Some(RowKey::Member(c) | RowKey::Share(c, _))) => {
                open(dialogs::member_dialog(p, me, Some(c), ""))
            }
            (Copy, PaneId::Members, Some(RowKey::Member(c) | RowKey::Share(c, _))) => {
                let from = email_of(p.collab(c).member);
                let intro = format!("Invites a member with {from}'s share entries.");
                open(Box::new(
                    Form::new(
                        format!("Copy {from} to a new member"),
                        vec![
                            Field::new(
                                "Email",
                                crate::engine::Field::Email,
                                "",
                                "the new member, invited with the same shares",
                            ),
                            Field::new("Display name", crate::engine::Field::Name, "", "optional"),
                        ],
                        Box::new(move |v| Command::CopyMember {
                            owner: None,
                            from: from.clone(),
                            to: form::field(v, 0),
                            name: form::optional(v, 1),
                        }),
                    )
                    .with_intro(intro),
                ))
            }
            (Why, ..) => why(ctx),
            (Actions, PaneId::Envs, Some(RowKey::Env(env, parent))) => {
                Effect::ActionsMenu { env, parent }
            }
            (Add, PaneId::Envs, k) => Effect::Open(Overlay::Menu(add_menu(ctx, k))),
            (Edit, PaneId::Envs, Some(RowKey::Env(e, _))) => {
                open(dialogs::direct_access_dialog(p, me, e))
            }
            (Copy, PaneId::Envs, Some(RowKey::Env(e, _))) => {
                open(clone_form(p.env(e).name.clone()))
            }
            (Edit, PaneId::Envs, Some(RowKey::Group(g))) => open(rename_group(p, me, g)),
            (Add, PaneId::Roles, k) => {
                let policy = matches!(
                    k,
                    Some(
                        RowKey::Section(Section::CustomPolicies | Section::Catalogue)
                            | RowKey::Policy(_)
                            | RowKey::Method(..)
                            | RowKey::Category(_)
                    )
                );
                if policy {
                    open(dialogs::policy_dialog(p, None))
                } else {
                    open(dialogs::role_dialog(p, me, None))
                }
            }
            (Edit, PaneId::Roles, Some(RowKey::Role(r))) => {
                open(dialogs::role_dialog(p, me, Some(r)))
            }
            (Edit, PaneId::Roles, Some(RowKey::Policy(PolicyRef::Custom(id)))) => {
                open(dialogs::policy_dialog(p, Some(id)))
            }
            (Copy, PaneId::Roles, Some(RowKey::Role(r))) => {
                let name = p.role(r).name.clone();
                open(Box::new(Form::new(
                    format!("Copy role {name}"),
                    vec![Field::new(
                        "New name",
                        crate::engine::Field::RoleName,
                        &format!("{name} copy"),
                        "unique among your roles",
                    )],
                    Box::new(move |v| Command::CopyRole {
                        name: name.clone(),
                        new_name: form::field(v, 0),
                    }),
                )))
            }
            _ => Effect::None,
        }
    }
}

/// The rename of group `g`: a form that edits the group, so that it follows the group
/// when another process changes it (see `dialogs::basis`). The group is the one at
/// its path: renamed or moved away, it is gone from the form's point of view.
fn rename_group(p: &Platform, me: Option<AccountId>, g: GroupId) -> Box<dyn dialogs::Dialog> {
    const NAME: &str = "name";
    let group = p.group(g);
    let path = group.path.clone();
    let owner_email = p.account(group.owner).email.clone();
    let owner = (Some(group.owner) != me).then(|| owner_email.clone());
    let at = path.clone();
    let what = format!("group {path}");
    let title = format!("Rename group {path}");
    let read = move |p: &Platform| {
        let g = p
            .account_by_email(&owner_email)
            .and_then(|o| p.group_by_path(o, &at))?;
        Some(dialogs::basis::Parts::from([(
            NAME.to_string(),
            p.group(g).name.clone(),
        )]))
    };
    Box::new(
        Form::new(
            title,
            vec![
                Field::new(
                    "New name",
                    crate::engine::Field::GroupName,
                    &group.name,
                    "the last segment of the path",
                )
                .holds(NAME),
            ],
            Box::new(move |v| Command::RenameGroup {
                owner: owner.clone(),
                path: path.clone(),
                new_name: form::field(v, 0),
            }),
        )
        .editing(what, Box::new(read)),
    )
}

/// The explanation of the lens member (or the signed-in account) on the selected
/// environment.
fn why(ctx: &Ctx<'_>) -> Effect {
    let p = ctx.platform();
    let (Some(env), Some(me)) = (ctx.env, ctx.me) else {
        return Effect::None;
    };
    let member = ctx.lens.map_or(me, |c| p.collab(c).member);
    let x = p.explain(member, env, None);
    let row = p.explain_row(&x);
    let text = crate::cli::render::explain(crate::cli::render::Style { color: false }, &row);
    let title = format!("Why: {} on {}", row.member, row.env);
    Effect::Open(Overlay::Text(TextView::new(title, &text)))
}

/// What can be added in the Environments pane, each item the engine's answer about
/// starting it.
fn add_menu(ctx: &Ctx<'_>, key: Option<RowKey>) -> Menu {
    let p = ctx.platform();
    let Some(me) = ctx.me else {
        return Menu::new("Add", Vec::new());
    };
    let super::probe::AddHere {
        group,
        owner,
        intents: [new_env, new_group],
    } = super::probe::add_intents(p, me, key);
    let gpath = group.map(|g| p.group(g).path.clone());
    let may = |intent: Intent| p.may(me, &intent).map_err(|e| e.to_string());
    let via = (owner != me).then(|| p.account(owner).email.clone());
    let mut items = vec![MenuItem::new(
        'e',
        "New environment…",
        may(new_env),
        Effect::Open(Overlay::dialog(dialogs::new_env_dialog(p, Some(me), group))),
    )];
    let prefix = gpath.clone().map(|g| format!("{g}/")).unwrap_or_default();
    items.push(MenuItem::new(
        'g',
        match &gpath {
            Some(g) => format!("New group under {g}…"),
            None => "New group…".to_string(),
        },
        may(new_group),
        Effect::Open(Overlay::dialog(Box::new(Form::new(
            "New group",
            vec![Field::new(
                "Path",
                crate::engine::Field::GroupPath,
                &prefix,
                "A/B/C; missing parents are created",
            )],
            Box::new(move |v| Command::AddGroup {
                owner: via.clone(),
                path: form::field(v, 0),
            }),
        )))),
    ));
    Menu::new("Add", items)
}
