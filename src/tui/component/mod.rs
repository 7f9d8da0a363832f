//! The shape every piece of the app has: a component lists its key bindings (what the
//! footer and the help show), handles an event by returning an [`Effect`], and
//! renders from what it holds and what [`Ctx`] lends. It never receives the `App`:
//! the app routes events to the focused component and applies the effects, so what a
//! key does is visible in one value instead of scattered writes.
//!
//! A component must not reach around `Ctx` for state, and rendering must not change
//! anything (scroll state is fitted to the screen in a layout step before drawing).

pub mod chrome;
pub mod dialogs;
pub mod overlays;
mod state;

pub use state::{Avail, Message, PaneId, Scroll};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::tui::keys::{Action, Key, Keymap, OverlayAction};
use crate::tui::theme::Theme;
use overlays::Overlay;

use crate::engine::{
    AccountId, CollabId, Command, Engine, EnvId, GroupId, Level, MemberOp, Platform, Preview,
    Response, Timestamp,
};

/// What a component may read: lent by the app, read-only.
pub struct Ctx<'a> {
    pub engine: &'a Engine,
    pub me: Option<AccountId>,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub now: Timestamp,
    /// The bindings of the focused pane: the keys that work "here", for the help.
    pub here: &'a [Binding],
    /// The pane with focus, `None` while an overlay or the inspector has it.
    pub focus: Option<PaneId>,
    /// Whether the inspector has focus (and no overlay is open).
    pub inspector_focused: bool,
    /// The member selected in Members, whose access environment rows show.
    pub lens: Option<CollabId>,
    /// The environment selected in Environments.
    pub env: Option<EnvId>,
    /// The full-screen view shown instead of the panes, by the action that opens it.
    pub view: Option<Action>,
    /// The actions that open a full-screen view (the views' registry).
    pub views: &'a [Action],
    /// Bumped whenever the platform or the signed-in account changes: what was
    /// derived from an older one must be rebuilt.
    pub generation: u64,
    /// Environments below each group of the Environments pane's trees, by the
    /// group's index (missing: none).
    pub group_totals: &'a [usize],
    /// The engine's answers about the commands the focused row's keys would run,
    /// computed by the app before (never while) drawing or handling.
    pub answers: &'a [(Action, Result<(), crate::engine::Error>)],
    /// `collab` as a command on the app's state file (see `App::collab`).
    pub collab: &'a str,
}

impl Ctx<'_> {
    pub fn platform(&self) -> &Platform {
        self.engine.platform()
    }
}

impl<'a> Ctx<'a> {
    /// A context with nothing focused, selected or answered: what a dialog needs to
    /// handle keys on its own (its tests drive it through this).
    pub fn bare(
        engine: &'a Engine,
        me: Option<AccountId>,
        theme: &'a Theme,
        keymap: &'a Keymap,
        now: Timestamp,
    ) -> Ctx<'a> {
        Ctx {
            engine,
            me,
            theme,
            keymap,
            now,
            here: &[],
            focus: None,
            inspector_focused: false,
            lens: None,
            env: None,
            view: None,
            views: &[],
            generation: 0,
            group_totals: &[],
            answers: &[],
            collab: "collab",
        }
    }
}

/// What a binding asks for: an action of the panes' key map or of an overlay's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Pane(Action),
    Overlay(OverlayAction),
}

impl Bound {
    /// The panes' action, if it is one.
    pub fn pane(self) -> Option<Action> {
        match self {
            Bound::Pane(a) => Some(a),
            Bound::Overlay(_) => None,
        }
    }
}

/// One key binding as the footer, the help and the hint lines show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub action: Bound,
    pub keys: Vec<Key>,
    /// The short word for the footer.
    pub hint: &'static str,
    pub avail: Avail,
}

impl Binding {
    pub fn new(keymap: &Keymap, action: Action, avail: Avail) -> Binding {
        Binding {
            action: Bound::Pane(action),
            keys: keymap.keys(action).to_vec(),
            hint: action.hint(),
            avail,
        }
    }

    /// An overlay's binding, always available.
    pub fn overlay(keymap: &Keymap, action: OverlayAction) -> Binding {
        Binding {
            action: Bound::Overlay(action),
            keys: keymap.overlay_keys(action).to_vec(),
            hint: action.hint(),
            avail: Avail::Enabled,
        }
    }

    /// The binding with another word in hints.
    #[must_use]
    pub fn says(mut self, hint: &'static str) -> Binding {
        self.hint = hint;
        self
    }

    /// Only the keys that still work while a line is being typed (plain characters
    /// go to the text).
    #[must_use]
    pub fn typing(mut self) -> Binding {
        self.keys.retain(|k| !k.is_plain_char());
        self
    }

    /// The first key, as shown in hints.
    pub fn label(&self) -> String {
        self.keys
            .first()
            .map_or_else(|| "-".to_string(), ToString::to_string)
    }
}

/// Where focus may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Pane(PaneId),
    Inspector,
    Next,
    Prev,
}

/// What handling an event asks the app to do. Components return it; only the app
/// applies it.
pub enum Effect {
    /// Handled (or ignored); the component stays as it is.
    None,
    /// Close the component on top (an overlay).
    Close,
    /// Run a command now; the component stays open (a role created from inside the
    /// member dialog).
    Run(Command),
    /// Close the overlay and submit a command: previewed, confirmed or run as its
    /// kind says ([`kind`]).
    Submit(Command),
    /// Apply a previewed command, measured on workspace generation `seen`.
    Apply {
        cmd: Command,
        seen: u64,
    },
    /// Apply the signed-in account's previewed undo (`redo`: redo), measured on
    /// workspace generation `seen`.
    ApplyStep {
        redo: bool,
        seen: u64,
    },
    /// Close the overlay and show what a command would do, without applying it.
    DryRun(Command),
    /// Close the overlay on top and open another one in its place.
    Open(Overlay),
    /// Open the actions menu of an environment (its items are the engine's dry runs,
    /// which the app computes).
    ActionsMenu {
        env: EnvId,
        parent: Option<GroupId>,
    },
    Focus(Target),
    Message(Message),
    /// Dismiss the message.
    Dismiss,
    /// Show the recent messages, whole.
    Messages,
    SignIn(AccountId),
    /// Show the full-screen view that this action opens, or hide it when it shows.
    View(Action),
    /// Show the full-screen view that this action opens, keeping it if it shows.
    ShowView(Action),
    Undo {
        redo: bool,
    },
    Quit,
}

/// What the keys that work everywhere on the main screen do (quit, focus, help, the
/// palette, the full-screen views, undo, back), whichever component has focus.
pub fn global(action: Action, ctx: &Ctx<'_>) -> Option<Effect> {
    use overlays::{Help, Palette};
    Some(match action {
        Action::Quit => Effect::Quit,
        Action::Back => Effect::Dismiss,
        Action::FocusNext => Effect::Focus(Target::Next),
        Action::FocusPrev => Effect::Focus(Target::Prev),
        Action::FocusAccounts => Effect::Focus(Target::Pane(PaneId::Accounts)),
        Action::FocusMembers => Effect::Focus(Target::Pane(PaneId::Members)),
        Action::FocusEnvs => Effect::Focus(Target::Pane(PaneId::Envs)),
        Action::FocusRoles => Effect::Focus(Target::Pane(PaneId::Roles)),
        Action::FocusInspector => Effect::Focus(Target::Inspector),
        Action::Help => Effect::Open(Overlay::Help(Help::new())),
        Action::Palette => Effect::Open(Overlay::Palette(Palette::new())),
        a if ctx.views.contains(&a) => Effect::View(a),
        Action::Messages => Effect::Messages,
        Action::Undo => Effect::Undo { redo: false },
        Action::Redo => Effect::Undo { redo: true },
        _ => return None,
    })
}

/// What the app says when a key or command needs a signed-in account and none is:
/// how to sign in here (the command line's `--as` means nothing in the app).
pub fn sign_in_first(keymap: &Keymap) -> String {
    format!(
        "sign in first: focus Accounts ({}) and press {}",
        keymap.label(Action::FocusAccounts),
        keymap.label(Action::Open)
    )
}

/// Whether undo (or redo) works now: signed out it cannot, nor with nothing of the
/// account's to step; else the engine's answer about the step (taken and taken back,
/// in `ctx.answers`).
pub fn step_avail(action: Action, ctx: &Ctx<'_>) -> Avail {
    let Some(me) = ctx.me else {
        return Avail::Disabled(sign_in_first(ctx.keymap));
    };
    let redo = action == Action::Redo;
    let next = if redo {
        ctx.engine.redo_label(me)
    } else {
        ctx.engine.undo_label(me)
    };
    if next.is_none() {
        let what = if redo { "redo" } else { "undo" };
        return Avail::Disabled(format!("nothing of yours to {what}"));
    }
    match ctx.answers.iter().find(|(a, _)| *a == action) {
        Some((_, Err(e))) => Avail::Disabled(e.to_string()),
        _ => Avail::Enabled,
    }
}

/// The step keys a footer offers: undo always, redo when there is something of the
/// signed-in account's to redo.
pub fn step_actions(ctx: &Ctx<'_>) -> Vec<Action> {
    let redo = ctx.me.is_some_and(|me| ctx.engine.redo_label(me).is_some());
    let mut v = vec![Action::Undo];
    if redo {
        v.push(Action::Redo);
    }
    v
}

/// A piece of the screen that handles keys and draws itself.
pub trait Component {
    /// The keys that work on this component now, in footer order.
    fn bindings(&self, ctx: &Ctx<'_>) -> Vec<Binding>;
    fn handle(&mut self, key: &KeyEvent, ctx: &Ctx<'_>) -> Effect;
    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>);
    /// The layout step, before drawing: fits scroll state to the area the component
    /// will be drawn in, so that `render` only reads.
    fn fit(&mut self, _area: Rect, _ctx: &Ctx<'_>) {}
    /// The engine refused the command this component submitted: `true` when the
    /// component stays open and shows `why` itself (the palette keeps what was typed),
    /// `false` to close it and show `why` on the message line.
    fn refused(&mut self, _why: &str) -> bool {
        false
    }
}

/// How a submitted command goes through: run at once, previewed (it changes who may
/// do what), or confirmed with Cancel focused (it destroys or takes away).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Run,
    Preview,
    Destructive,
}

/// Whether the confirmation of a previewed change starts on Cancel: the one place
/// that decides it, from the command's kind ([`kind`]; `None` for an undo or redo
/// step) and from what the engine measured it does — a change that takes access away
/// from anyone is confirmed like a destructive one (tui.md: "every destructive action
/// asks for confirmation with Cancel focused").
pub fn cancel_first(cmd: Option<&Command>, preview: &Preview) -> bool {
    cmd.is_some_and(|c| kind(c) == Kind::Destructive) || takes_away(preview)
}

/// Whether a preview measured access taken away: a member that loses its access to
/// an environment or one of its roles there, or a role its holders hold that loses
/// policies (or is deleted).
pub fn takes_away(preview: &Preview) -> bool {
    let row = |c: &crate::engine::AccessChange| {
        c.before.level != Level::None
            && (c.after.level == Level::None
                || c.before.roles.iter().any(|r| !c.after.roles.contains(r)))
    };
    let role = |r: &crate::engine::RoleEffect| r.members > 0 && (r.deleted || !r.lost.is_empty());
    preview.changes.iter().any(row) || preview.roles.iter().any(role)
}

/// The one place that decides preview and confirmation, by the command's kind. The
/// match is exhaustive on purpose: a new command must be placed here. What a previewed
/// change measures to do may ask for more care ([`cancel_first`]).
pub fn kind(cmd: &Command) -> Kind {
    match cmd {
        // `env do ENV delete` deletes as `env delete` does: confirmed alike.
        Command::EnvDo { .. } if cmd.deletes_env() => Kind::Destructive,
        Command::DeleteEnv { .. }
        | Command::RemoveGroup { .. }
        | Command::DeleteRole { .. }
        | Command::DeletePolicy { .. }
        | Command::TransferEnv { .. }
        | Command::RemoveDirect { .. } => Kind::Destructive,
        Command::Member { op, .. } => match op {
            MemberOp::Remove | MemberOp::Suspend => Kind::Destructive,
            MemberOp::Activate | MemberOp::Reinvite | MemberOp::Resend => Kind::Preview,
        },
        Command::Respond { response, .. } => match response {
            Response::Leave | Response::Reject => Kind::Destructive,
            Response::Accept => Kind::Preview,
        },
        Command::InviteMember { .. }
        | Command::EditMember { .. }
        | Command::CopyMember { .. }
        | Command::SetDirect { .. }
        | Command::EditRole { .. }
        | Command::EditPolicy { .. }
        | Command::AttachEnv { .. }
        | Command::DetachEnv { .. } => Kind::Preview,
        Command::AddAccount { .. }
        | Command::AddGroup { .. }
        | Command::RenameGroup { .. }
        | Command::CreateEnv { .. }
        | Command::CloneEnv { .. }
        | Command::EnvDo { .. }
        | Command::AddRole { .. }
        | Command::CopyRole { .. }
        | Command::AddPolicy { .. } => Kind::Run,
    }
}
