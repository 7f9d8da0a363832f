//! What each key does where: the actions that make sense for the focused row, whether
//! each is available (and why not), and carrying them out.

use super::*;

impl App {
    // ----- actions -----------------------------------------------------------------

    /// The actions that make sense for the focused row, for the footer and the help.
    pub fn context_actions(&self) -> Vec<Action> {
        use Action::*;
        let key = self.selected(self.focus);
        let mut v = match (self.focus, key) {
            (PaneId::Accounts, _) => vec![Open, Add],
            (PaneId::Members, Some(RowKey::Collab(_))) => vec![Open, Accept, Reject, Leave],
            (PaneId::Members, Some(RowKey::Member(_) | RowKey::Share(..))) => {
                vec![Open, Invite, Edit, Delete, Copy, Suspend, Reinvite, Why]
            }
            (PaneId::Members, _) => vec![Invite],
            (PaneId::Envs, Some(RowKey::Env(..))) => {
                vec![Actions, Why, Add, Edit, Delete, Copy, Invite]
            }
            (PaneId::Envs, _) => vec![Open, Add, Edit, Delete],
            (PaneId::Roles, Some(RowKey::Role(_))) => vec![Open, Add, Edit, Delete, Copy],
            (PaneId::Roles, Some(RowKey::Policy(crate::engine::PolicyRef::Custom(_)))) => {
                vec![Open, Add, Edit, Delete]
            }
            (PaneId::Roles, _) => vec![Open, Add],
        };
        v.retain(|a| self.availability(*a) != Avail::Hidden);
        v.extend([Filter, Tasks, Undo, Palette, Help, Quit]);
        v
    }

    /// Whether an action works here and now; a disabled one says why.
    pub fn availability(&self, action: Action) -> Avail {
        use Action::*;
        let Some(me) = self.me else {
            return match action {
                Add if self.focus == PaneId::Accounts => Avail::Enabled,
                Open if self.focus == PaneId::Accounts => Avail::Enabled,
                Add | Edit | Delete | Copy | Invite | Suspend | Reinvite | Accept | Reject
                | Leave | Actions | Why => {
                    Avail::Disabled("sign in first: focus Accounts (1) and press Enter".into())
                }
                _ => Avail::Enabled,
            };
        };
        match action {
            Undo => {
                if self.ws.engine().undo_label(me).is_some() {
                    Avail::Enabled
                } else {
                    Avail::Disabled("nothing of yours to undo".into())
                }
            }
            Redo => {
                if self.ws.engine().redo_label(me).is_some() {
                    Avail::Enabled
                } else {
                    Avail::Disabled("nothing of yours to redo".into())
                }
            }
            Why => {
                if self.selected_env().is_none() {
                    Avail::Disabled("select an environment in the Environments pane".into())
                } else {
                    Avail::Enabled
                }
            }
            // Keys about the focused row: the engine answers for what they would run.
            Open | Add | Edit | Delete | Copy | Invite | Suspend | Reinvite | Accept | Reject
            | Leave | Actions => self.engine_answer(action),
            _ => Avail::Enabled,
        }
    }

    pub fn perform(&mut self, action: Action) {
        self.perform_inner(action);
        self.settle();
    }

    fn perform_inner(&mut self, action: Action) {
        use Action::*;
        // The key acts on the engine's answer for the row as it is now.
        self.refresh_answers();
        match action {
            Quit => self.quit = true,
            Back => {
                if self.tasks_view {
                    self.tasks_view = false;
                } else if !self.pane(self.focus).filter.is_empty() {
                    let f = self.focus;
                    self.pane_mut(f).filter.clear();
                    self.refresh(f);
                } else {
                    self.message = None;
                }
            }
            FocusNext => self.focus = self.focus.next(),
            FocusPrev => self.focus = self.focus.prev(),
            FocusAccounts => self.focus = PaneId::Accounts,
            FocusMembers => self.focus = PaneId::Members,
            FocusEnvs => self.focus = PaneId::Envs,
            FocusRoles => self.focus = PaneId::Roles,
            Up => self.move_rows(-1),
            Down => self.move_rows(1),
            PageUp => self.move_rows(-(self.page() as isize)),
            PageDown => self.move_rows(self.page() as isize),
            Top => self.move_rows(isize::MIN / 2),
            Bottom => self.move_rows(isize::MAX / 2),
            Filter => {
                let f = self.focus;
                self.pane_mut(f).filtering = true;
            }
            Help => self.overlay = Some(Overlay::Help(crate::tui::overlays::Help::new())),
            Palette => self.overlay = Some(Overlay::Palette(crate::tui::overlays::Palette::new())),
            Tasks => {
                self.tasks_view = !self.tasks_view;
                self.tasks_offset = 0;
            }
            Undo | Redo => self.undo(action == Redo),
            _ => match self.availability(action) {
                Avail::Enabled => self.contextual(action),
                Avail::Disabled(why) => self.error(why),
                Avail::Hidden => {}
            },
        }
    }

    /// The pane- and row-specific part of an action (already known to be enabled).
    pub(super) fn contextual(&mut self, action: Action) {
        use Action::*;
        // A key that runs a command runs exactly the one the engine was asked about.
        if let Some(super::probe::Probe::Run(cmd)) = self.probe(action) {
            self.submit(cmd);
            return;
        }
        let p = self.ws.engine().platform();
        let key = self.selected(self.focus);
        let email_of = |a: AccountId| p.account(a).email.clone();
        match (action, self.focus, key) {
            (Open, PaneId::Accounts, Some(RowKey::Account(a))) => self.sign_in(a),
            (Open, pane, Some(k)) => {
                if self
                    .pane(pane)
                    .rows
                    .get(self.pane(pane).selected)
                    .and_then(|r| r.open)
                    .is_some()
                {
                    self.pane_mut(pane).toggle(k);
                    self.refresh(pane);
                } else if let RowKey::Env(..) = k {
                    self.perform(Actions);
                }
            }
            (Add, PaneId::Accounts, _) => self.open_dialog(Box::new(Form::new(
                "New account",
                vec![
                    Field::new("Email", "email", "", "unique on the platform"),
                    Field::new(
                        "Display name",
                        "name",
                        "",
                        "optional; default: the part before @",
                    ),
                ],
                Box::new(|v| {
                    Ok(Command::AddAccount {
                        email: v[0].clone(),
                        name: (!v[1].is_empty()).then(|| v[1].clone()),
                        max_environments: None,
                    })
                }),
            ))),
            (Invite, PaneId::Members | PaneId::Envs, k) => {
                let preset = match k {
                    Some(RowKey::Env(e, _)) => format!("env:{}=Viewer", p.env(e).name),
                    _ => "envs=Viewer".to_string(),
                };
                self.open_dialog(crate::tui::dialogs::member_dialog(self, None, &preset));
            }
            (Edit, PaneId::Members, Some(RowKey::Member(c) | RowKey::Share(c, _))) => {
                self.open_dialog(crate::tui::dialogs::member_dialog(self, Some(c), ""));
            }
            (Copy, PaneId::Members, Some(RowKey::Member(c) | RowKey::Share(c, _))) => {
                let from = email_of(p.collab(c).member);
                let from2 = from.clone();
                self.open_dialog(Box::new(
                    Form::new(
                        format!("Copy {from} to a new member"),
                        vec![
                            Field::new(
                                "Email",
                                "email",
                                "",
                                "the new member, invited with the same shares",
                            ),
                            Field::new("Display name", "name", "", "optional"),
                        ],
                        Box::new(move |v| {
                            Ok(Command::CopyMember {
                                owner: None,
                                from: from2.clone(),
                                to: v[0].clone(),
                                name: (!v[1].is_empty()).then(|| v[1].clone()),
                            })
                        }),
                    )
                    .with_intro(format!("Invites a member with {from}'s share entries.")),
                ));
            }
            (Why, ..) => self.open_why(),
            (Actions, PaneId::Envs, Some(RowKey::Env(e, parent))) => {
                self.overlay = Some(Overlay::Menu(self.env_menu(e, parent)));
            }
            (Add, PaneId::Envs, k) => {
                let group = match k {
                    Some(RowKey::Group(g)) => Some(g),
                    Some(RowKey::Env(_, g)) => g,
                    _ => None,
                };
                self.overlay = Some(Overlay::Menu(self.add_menu(group)));
            }
            (Edit, PaneId::Envs, Some(RowKey::Env(e, _))) => {
                let d = crate::tui::dialogs::direct_access_dialog(self, e);
                self.open_dialog(d);
            }
            (Copy, PaneId::Envs, Some(RowKey::Env(e, _))) => {
                let env = p.env(e).name.clone();
                self.open_dialog(clone_form(env));
            }
            (Edit, PaneId::Envs, Some(RowKey::Group(g))) => {
                let path = p.group(g).path.clone();
                let name = p.group(g).name.clone();
                let owner = (Some(p.group(g).owner) != self.me).then(|| email_of(p.group(g).owner));
                self.open_dialog(Box::new(Form::new(
                    format!("Rename group {path}"),
                    vec![Field::new(
                        "New name",
                        "group name",
                        &name,
                        "the last segment of the path",
                    )],
                    Box::new(move |v| {
                        Ok(Command::RenameGroup {
                            owner: owner.clone(),
                            path: path.clone(),
                            new_name: v[0].clone(),
                        })
                    }),
                )));
            }
            (Add, PaneId::Roles, k) => {
                let policy = matches!(
                    k,
                    Some(
                        RowKey::Section(Section::CustomPolicies)
                            | RowKey::Policy(_)
                            | RowKey::Method(..)
                            | RowKey::Category(_)
                            | RowKey::Section(Section::Catalogue)
                    )
                );
                let d = if policy {
                    crate::tui::dialogs::policy_dialog(self, None)
                } else {
                    crate::tui::dialogs::role_dialog(self, None)
                };
                self.open_dialog(d);
            }
            (Edit, PaneId::Roles, Some(RowKey::Role(r))) => {
                let d = crate::tui::dialogs::role_dialog(self, Some(r));
                self.open_dialog(d);
            }
            (Edit, PaneId::Roles, Some(RowKey::Policy(crate::engine::PolicyRef::Custom(id)))) => {
                let d = crate::tui::dialogs::policy_dialog(self, Some(id));
                self.open_dialog(d);
            }
            (Copy, PaneId::Roles, Some(RowKey::Role(r))) => {
                let name = p.role(r).name.clone();
                self.open_dialog(Box::new(Form::new(
                    format!("Copy role {name}"),
                    vec![Field::new(
                        "New name",
                        "role name",
                        &format!("{name} copy"),
                        "unique among your roles",
                    )],
                    Box::new(move |v| {
                        Ok(Command::CopyRole {
                            name: name.clone(),
                            new_name: v[0].clone(),
                        })
                    }),
                )));
            }
            _ => {}
        }
    }

    pub(super) fn open_why(&mut self) {
        let p = self.ws.engine().platform();
        let (Some(env), Some(me)) = (self.selected_env(), self.me) else {
            return;
        };
        let member = self.lens().map_or(me, |c| p.collab(c).member);
        let x = p.explain(member, env, None);
        let row = p.explain_row(&x);
        let text = crate::cli::render::explain(crate::cli::render::Style { color: false }, &row);
        let title = format!("Why: {} on {}", row.member, row.env);
        self.overlay = Some(Overlay::Text(TextView::new(title, text)));
    }
}
