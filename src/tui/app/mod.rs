//! The app's state and everything that changes it: key presses become actions,
//! actions become engine commands (through the workspace, the one door) or changes of
//! focus, selection and overlays. Drawing lives in `draw` and only reads this state.

use ratatui::crossterm::event::{
    Event, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

mod actions;
mod effects;
mod menus;
mod messages;
pub mod probe;
mod reload;
mod totals;
mod views;

use super::config::Config;
use super::keys::Action;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, Screen};
use super::panes::{self, PaneId, PaneState, RowKey, Section};
use crate::engine::{AccountId, Catalogue, CollabStatus, Command, EnvId, Outcome, Timestamp};
use crate::tui::component::Effect;
use crate::tui::component::dialogs::Dialog;
use crate::tui::component::dialogs::form::{Field, Form};
use crate::tui::component::overlays::{Confirm, Menu, MenuItem, Overlay, TextView};
pub use crate::tui::component::{Avail, Message};
use crate::workspace::{Workspace, WorkspaceError};

/// What the header says about the state file, besides whether memory holds a change
/// the file does not (`Workspace::unsaved`, measured when drawing): the truth of the
/// last look at the file, never a constant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// The file holds what memory was loaded or saved from (a refused save leaves
    /// both as they were: what could not be saved did not happen).
    Saved,
    /// Another process changed the file and the app reloaded it.
    Reloaded,
    /// The file changed, or could not be looked at, and could not be read: memory is
    /// the file as it was last read. The code says why (the message line has the
    /// whole error).
    Unread(&'static str),
}

pub type Clock = Box<dyn Fn() -> Timestamp>;

/// How many messages the log keeps.
pub const LOG_LIMIT: usize = 100;

pub struct App {
    pub ws: Workspace,
    pub me: Option<AccountId>,
    pub focus: PaneId,
    pub panes: [PaneState; 4],
    pub overlay: Option<Overlay>,
    /// The full-screen views (tasks, review, matrix) and which one shows.
    pub views: crate::tui::views::Views,
    pub message: Option<Message>,
    /// Recent messages, oldest first (`m` lists them): when each was last shown, the
    /// message, and how many times in a row it was (a reload that keeps failing says
    /// the same error again and again; the log keeps it once, counted).
    pub log: Vec<(Timestamp, Message, u32)>,
    /// The palette's history, kept between openings.
    pub palette_history: Vec<String>,
    /// The letter of the last action chosen in an environment's actions menu: the
    /// menu opens on it again, so a second Enter repeats it rather than running
    /// whichever action comes first.
    pub last_action: Option<char>,
    pub config: Config,
    pub size: Rect,
    pub clock: Clock,
    pub quit: bool,
    /// Shown in the header: the state file, or that this is a throwaway demo.
    pub state_label: String,
    /// `collab` as a command on the state file the app has open
    /// ([`crate::store::collab_on`]): the fixes the app shows run on that file when
    /// copied into a shell, not on the default one.
    pub collab: String,
    /// The inspector's lines for the focused item, rebuilt when what it shows changes.
    pub inspector: super::inspector::Inspector,
    /// Whether the inspector has focus; `focus` is then the pane it inspects.
    pub inspecting: bool,
    inspected: Option<InspectorKey>,
    /// Bumped whenever the platform or the signed-in account changes.
    generation: u64,
    /// The engine's answers about the commands the focused row's keys would run, and
    /// for which (focus, row, generation, account) they were computed.
    answers: Vec<(Action, Result<(), crate::engine::Error>)>,
    answered: Option<(PaneId, Option<RowKey>, u64, Option<AccountId>)>,
    /// The state file as the header shows it.
    pub save_state: SaveState,
    /// The signed-in account by identity: ids are renumbered when the file is
    /// reloaded (by any operation of the workspace), emails are not.
    signed_in: Option<String>,
    /// Environments anywhere below each of the signed-in owner's groups, counted once
    /// each; rebuilt when the platform changes, read when drawing group rows.
    pub group_totals: Vec<usize>,
}

/// What the inspector shows depends on exactly these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct InspectorKey {
    focus: PaneId,
    row: Option<RowKey>,
    lens: Option<crate::engine::CollabId>,
    generation: u64,
    me: Option<AccountId>,
}

impl App {
    pub fn new(
        ws: Workspace,
        me: Option<AccountId>,
        config: Config,
        clock: Clock,
        size: Rect,
    ) -> App {
        let mut app = App {
            ws,
            me,
            focus: PaneId::Members,
            panes: PaneId::ALL.map(PaneState::new),
            overlay: None,
            views: crate::tui::views::Views::new(),
            message: None,
            log: Vec::new(),
            palette_history: Vec::new(),
            last_action: None,
            config,
            size,
            clock,
            quit: false,
            state_label: String::new(),
            collab: String::new(),
            inspector: super::inspector::Inspector::default(),
            inspecting: false,
            inspected: None,
            generation: 0,
            signed_in: None,
            save_state: SaveState::Saved,
            answers: Vec::new(),
            answered: None,
            group_totals: Vec::new(),
        };
        app.state_label = crate::store::shown(app.ws.store().path());
        app.ws.set_lock_wait(crate::workspace::APP_LOCK_WAIT);
        app.collab = crate::store::collab_on(app.ws.store().path());
        if app.me.is_none() {
            app.me = app.default_account();
        }
        app.signed_in = app.me_email();
        let problems = app.config.problems.clone();
        if let [first, more @ ..] = problems.as_slice() {
            // Every problem goes to the log (`m`); the line ends on the first, with how
            // many there are when there are several.
            for p in &problems {
                app.error(p.clone());
            }
            if !more.is_empty() {
                app.error(format!(
                    "{} problems in the config file ({} lists them all): {first}",
                    problems.len(),
                    app.config.keymap.label(Action::Messages)
                ));
            }
        } else if app.ws.engine().platform().account_ids().next().is_none() {
            let keys = &app.config.keymap;
            let text = format!(
                "the platform is empty: press {} then {} to add an account, or quit and run 'collab init --demo'",
                keys.label(Action::FocusAccounts),
                keys.label(Action::Add)
            );
            app.info(text);
        }
        app.rebuild();
        app.select_first_items();
        // Settled once the rows are selected: the first frame's hints are about them.
        app.settle();
        app
    }

    /// Starts the panes on something useful: Environments and Roles on their first
    /// item rather than a header; Members on a pending invitation when there is one,
    /// else on its header for an owner (no lens until a member is chosen), else on the
    /// first collaboration. Accounts keeps its selection.
    fn select_first_items(&mut self) {
        for pane in &mut self.panes[2..] {
            if let Some(i) = pane
                .rows
                .iter()
                .position(|r| !matches!(r.key, RowKey::Section(_)))
            {
                pane.selected = i;
            }
        }
        let p = self.ws.engine().platform();
        let members = &self.panes[1];
        let pending = members.rows.iter().position(
            |r| matches!(r.key, RowKey::Collab(c) if p.collab(c).status == CollabStatus::Pending),
        );
        let owner_header = members
            .rows
            .first()
            .is_some_and(|r| r.key == RowKey::Section(Section::SharedByMe));
        let first_item = members
            .rows
            .iter()
            .position(|r| !matches!(r.key, RowKey::Section(_)));
        let pick = pending.or(if owner_header { Some(0) } else { first_item });
        if let Some(i) = pick {
            self.panes[1].selected = i;
        }
    }

    /// The primary account: the one owning the most environments (ties: the first by
    /// email), else the first account.
    fn default_account(&self) -> Option<AccountId> {
        let p = self.ws.engine().platform();
        let rows = p.account_rows();
        let best = rows.iter().rev().max_by_key(|r| r.environments);
        best.and_then(|r| p.account_by_email(&r.email))
    }

    pub fn me_email(&self) -> Option<String> {
        self.me
            .map(|m| self.ws.engine().platform().account(m).email.clone())
    }

    pub fn pane(&self, id: PaneId) -> &PaneState {
        id.slot(&self.panes)
    }

    pub fn pane_mut(&mut self, id: PaneId) -> &mut PaneState {
        id.slot_mut(&mut self.panes)
    }

    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    // ----- rows ------------------------------------------------------------------

    /// Rebuilds one pane's rows from the platform (on change, not per frame).
    pub fn refresh(&mut self, id: PaneId) {
        let generation = self.generation;
        if self.pane(id).built_at != generation {
            let full = panes::rows_for(id, self.ws.engine().platform(), self.me);
            let pane = self.pane_mut(id);
            pane.full = full;
            pane.search.clear();
            pane.built_at = generation;
        }
        // The filter's texts are built on first use after a change, not at start-up.
        if !self.pane(id).filter.is_empty()
            && self.pane(id).search.len() != self.pane(id).full.len()
        {
            let search =
                panes::search_texts(&self.pane(id).full, self.ws.engine().platform(), self.me);
            self.pane_mut(id).search = search;
        }
        let rows = panes::project(self.pane(id));
        let height = self.pane_height(id);
        let pane = self.pane_mut(id);
        pane.height = height;
        pane.set_rows(rows);
        pane.scroll_into_view(height);
    }

    pub fn refresh_all(&mut self) {
        self.rebuild();
        self.settle();
    }

    /// [`App::refresh_all`] without settling: the rows rebuilt from the platform.
    fn rebuild(&mut self) {
        // The workspace may have reloaded the file: find the signed-in account again
        // by identity. It may also be gone (removed by another process).
        let p = self.ws.engine().platform();
        self.me = self
            .signed_in
            .as_deref()
            .and_then(|e| p.account_by_email(e));
        if self.me.is_none() && self.signed_in.is_some() {
            self.me = self.default_account();
            self.signed_in = self.me_email();
            if let Some(email) = self.me_email() {
                self.info(format!(
                    "the signed-in account no longer exists; signed in as {email}"
                ));
            }
        }
        self.generation += 1;
        self.group_totals = self
            .me
            .map(|me| totals::group_env_totals(self.ws.engine().platform(), me))
            .unwrap_or_default();
        for id in PaneId::ALL {
            self.refresh(id);
        }
    }

    fn inspector_key(&self) -> InspectorKey {
        InspectorKey {
            focus: self.focus,
            row: self.selected(self.focus),
            lens: self.lens(),
            generation: self.generation,
            me: self.me,
        }
    }

    /// Whether `inspector` shows the current selection (drawing falls back to building
    /// the lines itself when it does not, e.g. after a test set a field directly).
    pub fn inspector_is_current(&self) -> bool {
        self.inspected == Some(self.inspector_key())
    }

    /// Brings derived state (the inspector) up to date after an update. Cheap when
    /// nothing it depends on changed.
    pub fn settle(&mut self) {
        self.refresh_answers();
        self.ask_dialog();
        let key = self.inspector_key();
        if self.inspected != Some(key) {
            let lines = super::inspector::lines(&super::inspector::Subject {
                platform: self.ws.engine().platform(),
                theme: &self.config.theme,
                me: self.me,
                key: self.selected(self.focus),
                lens: self.lens(),
                keys: &self.config.keymap,
            });
            self.inspector.set_lines(lines);
            self.inspected = Some(key);
        }
        self.layout();
    }

    fn pane_height(&self, id: PaneId) -> usize {
        Screen::new(self.size)
            .pane(id)
            .map_or(10, |r| r.height.saturating_sub(2) as usize)
    }

    /// Selects what a change made or changed (a created role, environment or member,
    /// a renamed group) in its pane, unfolding what hides it. Focus stays.
    pub fn select_changed(&mut self, changed: &crate::engine::Changed) {
        use crate::engine::Changed;
        let (pane, key) = match *changed {
            Changed::Account(a) => (PaneId::Accounts, RowKey::Account(a)),
            Changed::Member(c) => (PaneId::Members, RowKey::Member(c)),
            Changed::Collaboration(c) => (PaneId::Members, RowKey::Collab(c)),
            Changed::Group(g) => (PaneId::Envs, RowKey::Group(g)),
            Changed::Env(e) | Changed::DirectAccess { env: e, .. } => {
                (PaneId::Envs, RowKey::Env(e, None))
            }
            Changed::Role(r) => (PaneId::Roles, RowKey::Role(r)),
            Changed::Policy(p) => (PaneId::Roles, RowKey::Policy(p)),
            Changed::Task(_) | Changed::Deleted(_) | Changed::History => return,
        };
        // An environment is the same row under whichever group it is listed.
        let want = |k: &RowKey| match (k, key) {
            (RowKey::Env(a, _), RowKey::Env(b, _)) => *a == b,
            _ => *k == key,
        };
        if self.pane_mut(pane).reveal(want) {
            self.settle();
        }
    }

    pub fn selected(&self, id: PaneId) -> Option<RowKey> {
        self.pane(id).selected_key()
    }

    /// The member whose access the environment rows show (the lens): the member
    /// selected in the Members pane, if any.
    pub fn lens(&self) -> Option<crate::engine::CollabId> {
        match self.selected(PaneId::Members)? {
            RowKey::Member(c) | RowKey::Share(c, _) => {
                let p = self.ws.engine().platform();
                (Some(p.collab(c).owner) == self.me).then_some(c)
            }
            _ => None,
        }
    }

    pub fn selected_env(&self) -> Option<EnvId> {
        match self.selected(PaneId::Envs)? {
            RowKey::Env(e, _) => Some(e),
            _ => None,
        }
    }

    // ----- events ----------------------------------------------------------------

    pub fn handle_event(&mut self, ev: Event) {
        self.layout();
        self.handle_event_inner(ev);
        self.settle();
    }

    fn handle_event_inner(&mut self, ev: Event) {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key_inner(k),
            Event::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                for id in PaneId::ALL {
                    let height = self.pane_height(id);
                    let pane = self.pane_mut(id);
                    pane.height = height;
                    pane.scroll_into_view(height);
                }
            }
            Event::Mouse(m) if self.config.mouse => self.handle_mouse(m),
            Event::Paste(text) => self.handle_paste(&text),
            _ => {}
        }
    }

    fn handle_paste(&mut self, text: &str) {
        if let Some(mut ov) = self.overlay.take() {
            let effect = {
                let here = self.pane_bindings();
                ov.paste(text, &self.ctx(&here))
            };
            self.apply_over(ov, effect);
            return;
        }
        if self.view_paste(text) {
            return;
        }
        self.with_focused_pane(|pane, ctx| {
            pane.paste(text, ctx);
            Effect::None
        });
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.layout();
        self.handle_key_inner(key);
        self.settle();
    }

    fn handle_key_inner(&mut self, key: KeyEvent) {
        if self.size.width < MIN_WIDTH || self.size.height < MIN_HEIGHT {
            if let Some(Action::Quit) = self.config.keymap.action(&key) {
                self.quit = true;
            }
            return;
        }
        if let Some(ov) = self.overlay.take() {
            self.route_to_overlay(ov, &key);
            return;
        }
        if self.view_key(&key) {
            return;
        }
        self.pane_key(&key);
    }

    pub fn sign_in(&mut self, a: AccountId) {
        self.me = Some(a);
        self.signed_in = self.me_email();
        for pane in &mut self.panes[1..] {
            pane.toggled.clear();
            pane.filter.clear();
            pane.selected = 0;
            pane.offset = 0;
        }
        self.refresh_all();
        self.select_first_items();
        let email = self.ws.engine().platform().account(a).email.clone();
        self.info(format!("signed in as {email}"));
    }
}
