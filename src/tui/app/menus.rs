//! The actions menu: everything that can be done to an environment, dimmed with the
//! reason when the signed-in account may not (the engine's dry run of each, which
//! needs `&mut Engine`, so the app builds it).
//! Menus are data: each item carries the effect choosing it has.

use super::{App, Catalogue, Command, Effect, EnvId, Field, Form, Menu, MenuItem, Overlay};
use crate::engine::Intent;

impl App {
    /// Every action on an environment; the ones the signed-in account may not do are
    /// dimmed with the reason.
    pub(super) fn env_menu(&mut self, e: EnvId, parent: Option<crate::engine::GroupId>) -> Menu {
        let cat = Catalogue::get();
        let Some(me) = self.me else {
            return Menu::new("Actions", Vec::new());
        };
        let now = self.now();
        let env = self.ws.engine().platform().env(e).name.clone();
        // Each item is the engine's answer about exactly what it runs.
        let may_run = |app: &mut App, cmd: &Command| {
            app.ws
                .engine_mut()
                .may_run(Some(me), cmd, now)
                .map_err(|err| err.to_string())
        };
        let may = |app: &App, intent: Intent| {
            app.ws
                .engine()
                .platform()
                .may(me, &intent)
                .map_err(|err| err.to_string())
        };
        let mut items = Vec::new();
        for (name, m) in &cat.actions {
            // Actions that need arguments have their own items (clone…, transfer…)
            // or commands; `env do` refuses them. Delete is the menu's last item.
            if cat.own_command(*m, &env).is_some() || name == "delete" {
                continue;
            }
            let method = cat.method_name(*m).to_string();
            let cmd = Command::EnvDo {
                env: env.clone(),
                action: name.clone(),
            };
            let key = action_letter(name);
            let answer = may_run(self, &cmd);
            items.push(MenuItem::new(
                key,
                format!("{name:<15} {method}"),
                answer,
                Effect::Submit(cmd),
            ));
        }
        items.push(MenuItem::new(
            'C',
            "clone…          env.control.CloneEnv".to_string(),
            may(self, Intent::CloneEnv { env: e }),
            Effect::Open(Overlay::dialog(crate::tui::component::dialogs::clone_form(
                env.clone(),
            ))),
        ));
        let env3 = env.clone();
        items.push(MenuItem::new(
            'T',
            "transfer…       env.control.SendTransferRequest".to_string(),
            may(self, Intent::TransferEnv { env: e }),
            Effect::Open(Overlay::dialog(Box::new(Form::new(
                format!("Transfer {env} to another account"),
                vec![Field::new("To", crate::engine::Field::Email, "", "the new owner's email").also_for(crate::tui::component::dialogs::Part::Account)],
                Box::new(move |v| Command::TransferEnv { env: env3.clone(), to: crate::tui::component::dialogs::form::field(v, 0) }),
            ).with_intro("The new owner pays; every share entry for it is removed and its groups are cleared.")))),
        ));
        let p = self.ws.engine().platform();
        let owner = p.env(e).owner;
        let owner_email = p.account(owner).email.clone();
        let via = (owner != me).then_some(owner_email);
        let env4 = env.clone();
        let via4 = via.clone();
        items.push(MenuItem::new(
            'A',
            "attach to group… env.group.AttachEnv".to_string(),
            may(self, Intent::AttachEnv { env: e }),
            Effect::Open(Overlay::dialog(Box::new(Form::new(
                format!("Attach {env} to a group"),
                vec![Field::new(
                    "Group",
                    crate::engine::Field::GroupPath,
                    "",
                    "a group of the environment's owner",
                )],
                Box::new(move |v| Command::AttachEnv {
                    env: env4.clone(),
                    group: crate::tui::component::dialogs::form::field(v, 0),
                    owner: via4.clone(),
                }),
            )))),
        ));
        if let Some(g) = parent {
            let path = self.ws.engine().platform().group(g).path.clone();
            let cmd = Command::DetachEnv {
                env: env.clone(),
                group: path.clone(),
                owner: via.clone(),
            };
            let answer = may_run(self, &cmd);
            items.push(MenuItem::new(
                'D',
                format!("detach from {path}  env.group.DetachEnv"),
                answer,
                Effect::Submit(cmd),
            ));
        }
        let cmd = Command::DeleteEnv { env: env.clone() };
        let answer = may_run(self, &cmd);
        items.push(MenuItem::new(
            'X',
            "delete          env.control.DeleteEnv".to_string(),
            answer,
            Effect::Submit(cmd),
        ));
        let title = format!(
            "Actions on {env} as {}",
            self.ws.engine().platform().account(me).email
        );
        let mut menu = Menu::new(title, items);
        // The last action chosen, when it may run here: a second Enter repeats it.
        if let Some(i) = self.last_action.and_then(|k| {
            menu.items
                .iter()
                .position(|it| it.key == k && it.enabled.is_ok())
        }) {
            menu.selected = i;
        }
        menu
    }
}

/// Each environment action's own letter in the actions menu.
pub fn action_letter(action: &str) -> char {
    match action {
        "start" => 's',
        "stop" => 'o',
        "sleep" => 'z',
        "restart" => 'r',
        "redeploy" => 'R',
        "migrate" => 'm',
        "edit" => 'e',
        "logs" => 'l',
        "stats" => 't',
        "exec" => 'x',
        "ssh" => 'h',
        "reset-password" => 'p',
        "endpoints" => 'n',
        "variables" => 'v',
        "files" => 'f',
        "write" => 'w',
        "deploy" => 'd',
        "build" => 'b',
        "domains" => 'u',
        "firewall" => 'F',
        "triggers" => 'g',
        "install" => 'i',
        "addons" => 'a',
        _ => '?',
    }
}
