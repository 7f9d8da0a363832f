//! Where effects happen: events are routed to the component on top (an overlay,
//! else the focused pane), and what it returns is applied here, the one place that
//! runs commands through the workspace, opens and closes overlays and moves focus.
//! Whether a command is previewed or confirmed is `component::kind`'s decision.

use super::{
    App, Command, Confirm, Dialog, Effect, KeyEvent, Outcome, Overlay, PaneId, SaveState, Screen,
    TextView, WorkspaceError,
};
use crate::store::StoreError;
use crate::tui::component::dialogs::DialogBox;
use crate::tui::component::{self, Binding, Component, Ctx, Kind, Target};

impl App {
    /// What components may read, lent read-only. `here` is the focused pane's
    /// bindings (for the help).
    pub fn ctx<'a>(&'a self, here: &'a [Binding]) -> Ctx<'a> {
        Ctx {
            engine: self.ws.engine(),
            me: self.me,
            theme: &self.config.theme,
            keymap: &self.config.keymap,
            now: self.now(),
            here,
            focus: (self.overlay.is_none() && !self.inspecting).then_some(self.focus),
            inspector_focused: self.overlay.is_none() && self.inspecting,
            lens: self.lens(),
            env: self.selected_env(),
            view: self.views.open(),
            views: &crate::tui::views::ACTIONS,
            generation: self.generation,
            group_totals: &self.group_totals,
            answers: &self.answers,
            collab: &self.collab,
        }
    }

    /// The focused pane's key bindings: what the footer shows and the help lists
    /// first, each with the engine's answer.
    pub fn pane_bindings(&self) -> Vec<Binding> {
        let ctx = self.ctx(&[]);
        if let Some(bindings) = self.views.bindings(&ctx) {
            return bindings;
        }
        if self.inspecting {
            self.inspector.bindings(&ctx)
        } else {
            self.pane(self.focus).bindings(&ctx)
        }
    }

    /// The bindings of what has the keys now: the overlay on top when one is open
    /// (its keys, as it handles them), else the view or the pane. The footer shows
    /// these.
    pub fn focused_bindings(&self) -> Vec<Binding> {
        let here = self.pane_bindings();
        match &self.overlay {
            Some(ov) => ov.bindings(&self.ctx(&here)),
            None => here,
        }
    }

    /// Hands a key to the overlay on top and applies what it asks for.
    pub(super) fn route_to_overlay(&mut self, mut ov: Overlay, key: &KeyEvent) {
        let effect = {
            let here = self.pane_bindings();
            let ctx = self.ctx(&here);
            ov.component().handle(key, &ctx)
        };
        self.apply_over(ov, effect);
    }

    /// Applies an effect returned by `ov`, which was taken off the screen to handle
    /// the event: it goes back unless the effect closes or replaces it.
    pub(super) fn apply_over(&mut self, mut ov: Overlay, effect: Effect) {
        if let Overlay::Palette(p) = &ov {
            self.palette_history.clone_from(&p.history);
        }
        if let (Overlay::Menu(_), Effect::Submit(Command::EnvDo { action, .. })) = (&ov, &effect) {
            self.last_action = Some(super::menus::action_letter(action));
        }
        // A command the engine refuses goes back to the component that asked for it
        // when it can show why itself (the palette keeps what was typed). Environment
        // operations go through the door first: a refused attempt is a denied task in
        // the log (domain.md section 8), as on the command line.
        if let Effect::Submit(cmd) | Effect::DryRun(cmd) = &effect {
            let me = self.me;
            let now = self.now();
            if let Err(e) = self.ws.engine_mut().may_run(me, cmd, now) {
                let attempt = matches!(effect, Effect::Submit(_)) && cmd.refusal_is_logged();
                let why = match self.signed_out(cmd) {
                    Some(why) => Some(why),
                    None if attempt => match self.attempt(cmd) {
                        Attempt::Refused(why) => Some(why),
                        Attempt::Ran => return,
                        Attempt::Stale => None,
                    },
                    None => Some(format!("{}: {e}", e.code())),
                };
                if let Some(why) = why {
                    if ov.component().refused(&why) {
                        self.overlay = Some(ov);
                        return;
                    }
                    if attempt {
                        self.error(why);
                        self.back_to(ov.into_dialog());
                        return;
                    }
                }
            }
        }
        match effect {
            Effect::None => self.overlay = Some(ov),
            Effect::Run(cmd) => {
                self.run(&cmd);
                self.overlay = Some(ov);
            }
            Effect::Close => {}
            // The palette runs a command without a preview at once; when another
            // process's lock keeps it out, the line stays with the reason, as for a
            // refusal, so that Enter tries again.
            Effect::Submit(cmd)
                if matches!(ov, Overlay::Palette(_)) && component::kind(&cmd) == Kind::Run =>
            {
                if let Err(Locked(why)) = self.run_unless_locked(&cmd)
                    && ov.component().refused(&why)
                {
                    self.message = None;
                    self.overlay = Some(ov);
                }
            }
            // A dialog's command, and the confirmation of it, keep the dialog with its
            // values: it comes back when the change is refused or its record changed.
            Effect::Submit(cmd) => self.submit_from(cmd, ov.into_dialog()),
            Effect::Apply { cmd, seen } => self.confirm(&cmd, seen, ov.into_dialog()),
            other => self.apply(other),
        }
    }

    /// Applies an effect.
    pub fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::Close => self.overlay = None,
            Effect::Run(cmd) => {
                self.run(&cmd);
            }
            Effect::Submit(cmd) => self.submit(cmd),
            Effect::Apply { cmd, seen } => self.confirm(&cmd, seen, None),
            Effect::ApplyStep { redo, seen } => self.apply_step(redo, seen),
            Effect::DryRun(cmd) => self.dry_run(&cmd),
            Effect::Open(Overlay::Palette(mut p)) => {
                p.history.clone_from(&self.palette_history);
                self.overlay = Some(Overlay::Palette(p));
            }
            Effect::Open(ov) => self.overlay = Some(ov),
            Effect::Focus(target) => self.move_focus(target),
            Effect::ActionsMenu { env, parent } => {
                self.overlay = Some(Overlay::Menu(self.env_menu(env, parent)));
            }
            Effect::Message(m) => self.say(m),
            Effect::Messages => self.overlay = Some(Overlay::Text(self.messages_view())),
            Effect::Dismiss => self.message = None,
            Effect::SignIn(a) => self.sign_in(a),
            Effect::View(action) => self.views.toggle(action),
            Effect::ShowView(action) => self.views.show(action),
            Effect::Undo { redo } => self.undo(redo),
            Effect::Quit => self.quit = true,
        }
    }

    /// The layout step before drawing: fits the panes', the inspector's and the
    /// overlay's scroll state to the areas they are drawn in, so that drawing only
    /// reads.
    pub fn layout(&mut self) {
        for id in PaneId::ALL {
            let height = self.pane_height(id);
            self.pane_mut(id).height = height;
        }
        let screen = Screen::new(self.size);
        self.inspector.fit(screen.inspector);
        if screen.too_small {
            return;
        }
        self.fit_views();
        if let Some(mut ov) = self.overlay.take() {
            let here = self.pane_bindings();
            ov.component().fit(screen.body, &self.ctx(&here));
            self.overlay = Some(ov);
        }
    }

    /// Moves focus. Tab's cycle is the four panes, then the inspector (which keeps
    /// showing the item of the pane it was reached from).
    fn move_focus(&mut self, target: Target) {
        let (focus, inspecting) = match target {
            Target::Pane(id) => (id, false),
            Target::Inspector => (self.focus, true),
            Target::Next if self.inspecting => (PaneId::Accounts, false),
            Target::Next if self.focus == PaneId::Roles => (self.focus, true),
            Target::Next => (self.focus.next(), false),
            Target::Prev if self.inspecting => (PaneId::Roles, false),
            Target::Prev if self.focus == PaneId::Accounts => (self.focus, true),
            Target::Prev => (self.focus.prev(), false),
        };
        self.focus = focus;
        self.inspecting = inspecting;
    }

    /// Shows what a command would do, applying nothing (the palette's --dry-run).
    fn dry_run(&mut self, cmd: &Command) {
        if let Some(why) = self.signed_out(cmd) {
            self.error(why);
            return;
        }
        let me = self.me;
        let now = self.now();
        match self.ws.engine_mut().preview(me, cmd, now) {
            Ok(p) => {
                let style = crate::cli::render::Style { color: false };
                let text = crate::cli::render::preview(style, &p);
                self.overlay = Some(Overlay::Text(TextView::new(
                    format!("dry run: {}", p.outcome.summary),
                    &text,
                )));
            }
            Err(e) => self.error(format!("{}: {e}", e.code())),
        }
    }

    // ----- running commands ---------------------------------------------------------

    /// Sends a command the engine refused through the door anyway, on the platform it
    /// was refused on: an environment operation's refusal is an attempt the platform
    /// records (the denied task is saved). When another process changed the file
    /// meanwhile nothing runs (`Stale`): the command is asked about again.
    fn attempt(&mut self, cmd: &Command) -> Attempt {
        let seen = self.ws.generation();
        match self.execute_at(cmd, seen) {
            Ok(()) => Attempt::Ran,
            Err(WorkspaceError::Stale) => Attempt::Stale,
            Err(e) => Attempt::Refused(format!("{}: {e}", e.code())),
        }
    }

    /// Runs `cmd` through the workspace on the platform of generation `seen` (refused
    /// `Stale` when the file changed since), notes what the file holds, redraws the
    /// panes and, when it ran, says what it did and selects what changed.
    fn execute_at(&mut self, cmd: &Command, seen: u64) -> Result<(), WorkspaceError> {
        let me = self.me_email();
        let now = self.now();
        let result = self.ws.execute_seen(me.as_deref(), cmd, now, Some(seen));
        self.note_save(result.as_ref().err());
        self.refresh_all();
        let outcome = result?;
        self.info(format!("✓ {}", outcome.summary));
        self.select_changed(&outcome.changed);
        Ok(())
    }

    /// What to say when nobody is signed in and `cmd` needs an acting account: the
    /// app's way to sign in, not the command line's `--as`.
    pub(super) fn signed_out(&self, cmd: &Command) -> Option<String> {
        (self.me.is_none() && cmd.needs_actor())
            .then(|| component::sign_in_first(&self.config.keymap))
    }

    /// Runs a command through the workspace (lock, reload if needed, execute, save).
    pub fn run(&mut self, cmd: &Command) -> Option<Outcome> {
        self.run_unless_locked(cmd).ok().flatten()
    }

    /// [`App::run`], telling a command another process's lock kept out (nothing
    /// changed; its message) from one that ran or was refused (`Ok`, with what it did).
    fn run_unless_locked(&mut self, cmd: &Command) -> Result<Option<Outcome>, Locked> {
        if let Some(why) = self.signed_out(cmd) {
            self.error(why);
            return Ok(None);
        }
        let me = self.me_email();
        let now = self.now();
        let result = self.ws.execute(me.as_deref(), cmd, now);
        self.note_save(result.as_ref().err());
        self.refresh_all();
        match result {
            Ok(outcome) => {
                self.info(format!("✓ {}", outcome.summary));
                self.select_changed(&outcome.changed);
                Ok(Some(outcome))
            }
            Err(WorkspaceError::Store(e @ StoreError::Locked { .. })) => {
                let why = locked(&e, "try again");
                self.error(why.clone());
                Err(Locked(why))
            }
            Err(e) => {
                self.error(format!("{}: {e}", e.code()));
                Ok(None)
            }
        }
    }

    /// Records what the file holds after a workspace operation, looked at now: a
    /// refused save leaves memory and the file as they were, so the file still
    /// holds what memory has (the message line says what failed); a file that changed
    /// and could not be read is not what memory has. Whether memory holds a change the
    /// file does not is measured when drawing (`Workspace::unsaved`).
    pub(super) fn note_save(&mut self, err: Option<&WorkspaceError>) {
        self.save_state = match (self.ws.changed_on_disk(), err) {
            (Ok(false), _) => SaveState::Saved,
            (Err(e), _) => SaveState::Unread(e.code()),
            (Ok(true), Some(WorkspaceError::Store(e))) => SaveState::Unread(e.code()),
            // Another process wrote just now: the next look at the file reloads it.
            (Ok(true), _) => return,
        };
    }

    /// Applies a confirmed preview, to the platform the preview was measured on: when
    /// another process changed the file since, nothing is applied and the preview is
    /// measured again and shown for a new confirmation — or, when the change came
    /// from a dialog whose record that process changed, the dialog comes back, brought
    /// up to date (see `dialogs::basis`). A refused change sends its dialog back with
    /// its values, the refusal beside the part it concerns.
    pub fn confirm(&mut self, cmd: &Command, seen: u64, origin: Option<DialogBox>) {
        if let Some(why) = self.signed_out(cmd) {
            self.error(why);
            self.back_to(origin);
            return;
        }
        match self.execute_at(cmd, seen) {
            Ok(()) => {}
            Err(WorkspaceError::Stale) => {
                let stale = WorkspaceError::Stale;
                let why = format!("{}: {stale}", stale.code());
                match origin {
                    Some(d) if d.outdated(self.ws.engine().platform()) => {
                        self.overlay = Some(Overlay::Dialog(d));
                        self.error(why);
                    }
                    origin => {
                        if self.preview_for(cmd.clone(), origin) {
                            self.error(why);
                        }
                    }
                }
            }
            // Another process is saving: nothing changed, and the confirmation comes
            // back (measured again) so that `y` tries again.
            Err(WorkspaceError::Store(e @ StoreError::Locked { .. })) => {
                if self.preview_for(cmd.clone(), origin) {
                    self.error(locked(&e, "confirm to try again"));
                } else if self.message.as_ref().is_none_or(|m| !m.error) {
                    self.error(locked(&e, "try again"));
                }
            }
            Err(e) => {
                self.error(format!("{}: {e}", e.code()));
                self.back_to(origin);
            }
        }
    }

    /// Submits a command from the palette or a key: changes to shares, roles and
    /// members are previewed first, destructive ones confirmed with Cancel focused.
    pub fn submit(&mut self, cmd: Command) {
        self.submit_from(cmd, None);
    }

    /// Submits a command from a dialog (`origin`, if any), as [`App::submit`]: a
    /// refused command sends its dialog back with its values.
    pub fn submit_from(&mut self, cmd: Command, origin: Option<DialogBox>) {
        if component::kind(&cmd) == Kind::Run {
            if self.run(&cmd).is_none() {
                self.back_to(origin);
            }
            return;
        }
        self.preview_for(cmd, origin);
    }

    /// Measures what `cmd` would do and shows it for confirmation, with Cancel focused
    /// when [`component::cancel_first`] says so; whether it could. A refused command
    /// says why, and sends its dialog back.
    fn preview_for(&mut self, cmd: Command, origin: Option<DialogBox>) -> bool {
        if let Some(why) = self.signed_out(&cmd) {
            self.error(why);
            self.back_to(origin);
            return false;
        }
        let me = self.me;
        let now = self.now();
        match self.ws.engine_mut().preview(me, &cmd, now) {
            Ok(preview) => {
                let seen = self.ws.generation();
                let destructive = component::cancel_first(Some(&cmd), &preview);
                let confirm = Confirm::new(cmd, preview, destructive, seen).from_dialog(origin);
                self.overlay = Some(Overlay::Confirm(confirm));
                true
            }
            // An environment operation refused for lack of permission is an attempt
            // the platform records (domain.md section 8): it goes through the door,
            // which logs it, as the command line's does. Other refusals change nothing.
            Err(_) if cmd.refusal_is_logged() => {
                if self.run(&cmd).is_none() {
                    self.back_to(origin);
                }
                false
            }
            Err(e) => {
                self.error(format!("{}: {e}", e.code()));
                self.back_to(origin);
                false
            }
        }
    }

    /// Shows again the dialog a refused change came from, with its values; the app's
    /// next question about them puts the refusal beside the part it concerns.
    fn back_to(&mut self, origin: Option<DialogBox>) {
        if let Some(d) = origin {
            self.overlay = Some(Overlay::Dialog(d));
        }
    }

    /// Opens a dialog.
    pub fn open_dialog(&mut self, d: Box<dyn Dialog>) {
        self.overlay = Some(Overlay::dialog(d));
        self.ask_dialog();
    }

    /// Asks the engine about the command the open dialog's values build and hands the
    /// answer to the dialog: what its "ready" and its errors show.
    pub(super) fn ask_dialog(&mut self) {
        let me = self.me;
        let now = self.now();
        if let Some(Overlay::Dialog(d)) = &mut self.overlay {
            d.ask(self.ws.engine_mut(), me, now);
        }
    }
}

/// How a refused command sent through the door went.
enum Attempt {
    /// Refused again (an environment operation's attempt is recorded): why.
    Refused(String),
    /// Not refused after all: it ran.
    Ran,
    /// Another process changed the file: nothing ran.
    Stale,
}

/// The message for a change another process's lock kept out: what to do first, so
/// that a message cut at the width still says it, then what holds the file.
pub(super) fn locked(e: &StoreError, what_to_do: &str) -> String {
    let holder = e.locked().unwrap_or_else(|| e.to_string());
    format!("{}: nothing changed; {what_to_do}: {holder}", e.code())
}

/// A command another process's lock kept out: nothing changed; the message says so.
struct Locked(String);
