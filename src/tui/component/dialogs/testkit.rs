//! Helpers for the dialogs' unit tests: keys, a context over the demo engine, and
//! rendering to text.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::{Dialog, DrawCtx, ask_engine};
use crate::engine::demo::{DEMO_NOW, demo_engine};
use crate::engine::{AccountId, Command, Engine};
use crate::tui::component::{Ctx, Effect};
use crate::tui::keys::Keymap;
use crate::tui::snapshot::buffer_text;
use crate::tui::theme::Theme;

pub fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// The demo engine and an account of it.
pub fn demo_as(email: &str) -> (Engine, AccountId) {
    let engine = demo_engine();
    let me = engine
        .platform()
        .account_by_email(email)
        .unwrap_or_else(|| panic!("demo account {email}"));
    (engine, me)
}

/// Drives a dialog with keys against an engine, as the app does: each key is
/// handled, a `Run` outcome is executed at once (the dialog staying open), and the
/// engine is asked about the dialog's values.
pub struct Driver {
    pub engine: Engine,
    pub me: AccountId,
    pub keymap: Keymap,
}

impl Driver {
    pub fn new(email: &str) -> Driver {
        let (engine, me) = demo_as(email);
        Driver {
            engine,
            me,
            keymap: Keymap::defaults(),
        }
    }

    /// Asks the engine about the dialog's values, as the app does when it opens one.
    pub fn ask(&mut self, d: &mut dyn Dialog) {
        ask_engine(d, &mut self.engine, Some(self.me), DEMO_NOW);
    }

    pub fn press(&mut self, d: &mut dyn Dialog, k: KeyEvent) -> Option<Effect> {
        self.ask(d);
        let theme = Theme::plain();
        let ctx = Ctx::bare(&self.engine, Some(self.me), &theme, &self.keymap, DEMO_NOW);
        let out = match d.handle(&k, &ctx) {
            Effect::None => None,
            Effect::Run(cmd) => {
                if let Err(e) = self.engine.execute(Some(self.me), &cmd, DEMO_NOW) {
                    panic!("{} failed: {e}", cmd.label());
                }
                None
            }
            other => Some(other),
        };
        self.ask(d);
        out
    }

    /// The hint line's keys and words, as the dialog generates them.
    pub fn hints(&self, d: &dyn Dialog) -> Vec<(String, &'static str)> {
        d.bindings(&self.keymap)
            .iter()
            .map(|b| (b.label(), b.hint))
            .collect()
    }

    pub fn keys(&mut self, d: &mut dyn Dialog, keys: &[KeyCode]) {
        for k in keys {
            assert!(
                self.press(d, key(*k)).is_none(),
                "the dialog closed early on {k:?}"
            );
        }
    }

    pub fn typ(&mut self, d: &mut dyn Dialog, text: &str) {
        for c in text.chars() {
            assert!(self.press(d, key(KeyCode::Char(c))).is_none());
        }
    }

    /// Ctrl-s, expecting the dialog to submit.
    pub fn submit(&mut self, d: &mut dyn Dialog) -> Command {
        match self.press(d, ctrl('s')) {
            Some(Effect::Submit(cmd)) => cmd,
            _ => panic!("the dialog did not submit:\n{}", self.render(d, 120, 40)),
        }
    }

    pub fn render(&self, d: &dyn Dialog, w: u16, h: u16) -> String {
        render(d, &self.engine, Some(self.me), w, h, &Theme::plain())
    }
}

pub fn render(
    d: &dyn Dialog,
    engine: &Engine,
    me: Option<AccountId>,
    w: u16,
    h: u16,
    theme: &Theme,
) -> String {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    let keys = Keymap::defaults();
    let ctx = DrawCtx {
        platform: engine.platform(),
        theme,
        me,
        keys: &keys,
    };
    d.draw(&ctx, area, &mut buf);
    // Every hint names a key and a word.
    for b in d.bindings(&Keymap::defaults()) {
        assert!(!b.keys.is_empty() && !b.hint.is_empty());
    }
    buffer_text(&buf)
}

/// Renders at many sizes, tiny ones included, in both themes: nothing may panic.
pub fn render_everywhere(d: &dyn Dialog, engine: &Engine, me: Option<AccountId>) {
    for theme in [Theme::plain(), Theme::default()] {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (2, 5),
            (10, 3),
            (20, 4),
            (40, 10),
            (80, 24),
            (120, 40),
            (200, 60),
        ] {
            render(d, engine, me, w, h, &theme);
            let _ = d.size(Rect::new(0, 0, w, h));
        }
    }
}
