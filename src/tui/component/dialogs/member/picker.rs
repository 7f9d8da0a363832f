//! The member dialog's role picker for one shared item, and the role editor it can
//! open without leaving the dialog.

use super::{
    Command, Ctx, Dialog, Effect, KeyEvent, MemberDialog, Node, OverlayAction, Picker, Platform,
    RoleDialog, Target, Tree, TreeEvent, cmp_ci, keys, role_nodes,
};

impl MemberDialog {
    pub(super) fn open_picker(&mut self, p: &Platform, target: Target) {
        let mut list = Tree::new(role_nodes(p, self.owner));
        list.empty_text = if self.may_define_roles {
            "no roles yet: n creates one".into()
        } else {
            "the owner has no roles yet".into()
        };
        for r in self.roles.get(&target).into_iter().flatten() {
            list.set_tick(r, true);
        }
        self.picker = Some(Picker { target, list });
    }

    pub(super) fn open_role_editor(&mut self, p: &Platform) {
        if self.may_define_roles {
            self.nested = Some(Box::new(RoleDialog::new(p, self.owner, None)));
        } else {
            self.note = Some("only the owner defines roles".into());
        }
    }

    /// Keeps the open picker in step with the owner's roles (a role just created, or
    /// one that failed to be).
    pub(super) fn sync_picker(&mut self, p: &Platform) {
        let owner = self.owner;
        if let Some(picker) = &mut self.picker {
            let nodes = role_nodes(p, owner);
            let same = nodes.len() == picker.list.nodes().len()
                && nodes
                    .iter()
                    .zip(picker.list.nodes())
                    .all(|(a, b)| a.key == b.key);
            if !same {
                picker.list.set_nodes(nodes);
                picker.list.prune_ticks();
            }
        }
    }

    pub(super) fn handle_nested(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let Some(nested) = &mut self.nested else {
            return Effect::None;
        };
        match nested.handle(key, ctx) {
            Effect::None => Effect::None,
            Effect::Close => {
                self.nested = None;
                Effect::None
            }
            Effect::Submit(cmd) | Effect::Run(cmd) => {
                self.nested = None;
                if let (Command::AddRole { name, .. }, Some(picker)) = (&cmd, &mut self.picker) {
                    // Show it at once; the next key checks it was really created.
                    let mut nodes: Vec<Node<String>> = picker.list.nodes().to_vec();
                    nodes.push(Node::new(name.clone(), 0, name.clone()).detail("new"));
                    nodes.sort_by(|a, b| cmp_ci(&a.key, &b.key));
                    picker.list.set_nodes(nodes);
                    picker.list.set_tick(name, true);
                    picker.list.select(name);
                }
                if let Command::AddRole { name, .. } = &cmd {
                    self.note = Some(format!("role {name} created"));
                }
                Effect::Run(cmd)
            }
            // The role editor asks for nothing else; anything else stays here.
            other => other,
        }
    }

    pub(super) fn handle_picker(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect {
        let Some(picker) = &mut self.picker else {
            return Effect::None;
        };
        let typing = picker.list.is_typing();
        match picker.list.handle(key, ctx.keymap) {
            TreeEvent::Activate(_) => self.close_picker(true),
            TreeEvent::Ignored if !typing => {
                if ctx
                    .keymap
                    .overlay_action(key, &[OverlayAction::NewRole])
                    .is_some()
                {
                    self.open_role_editor(ctx.platform());
                } else {
                    match keys::form_action(ctx.keymap, key) {
                        Some(OverlayAction::Enter) => self.close_picker(true),
                        Some(OverlayAction::Dismiss) => self.close_picker(false),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        Effect::None
    }

    pub(super) fn close_picker(&mut self, keep: bool) {
        let Some(picker) = self.picker.take() else {
            return;
        };
        if !keep {
            return;
        }
        let roles = picker.list.ticked_in_order();
        if roles.is_empty() {
            self.roles.remove(&picker.target);
        } else {
            self.tree.set_tick(&picker.target, true);
            self.roles.insert(picker.target, roles);
        }
        self.check.touch();
    }
}
