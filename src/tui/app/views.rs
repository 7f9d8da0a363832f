//! The full-screen views in the app: keys and pastes go to the one that shows (after
//! any overlay), its layout step runs with the app's, and background work is polled
//! from the event loop. The views themselves live in `tui::views`.

use super::{App, KeyEvent, Screen};

impl App {
    /// Hands a key to the view that shows; false when none shows.
    pub(super) fn view_key(&mut self, key: &KeyEvent) -> bool {
        if self.views.open().is_none() {
            return false;
        }
        let mut views = std::mem::take(&mut self.views);
        let effect = views.handle(key, &self.ctx(&[]));
        self.views = views;
        self.apply(effect);
        true
    }

    /// Hands pasted text to the view that shows; false when none shows.
    pub(super) fn view_paste(&mut self, text: &str) -> bool {
        if self.views.open().is_none() {
            return false;
        }
        let mut views = std::mem::take(&mut self.views);
        if let Some(v) = views.current_mut() {
            v.paste(text, &self.ctx(&[]));
        }
        self.views = views;
        true
    }

    /// The views' part of the layout step: the view that shows fits itself to the
    /// body of the screen (and starts any background work it needs), then gets the
    /// engine's answer about the command its key would run, if it asks.
    pub(super) fn fit_views(&mut self) {
        if self.views.open().is_none() {
            return;
        }
        let screen = Screen::new(self.size);
        let mut views = std::mem::take(&mut self.views);
        views.fit(screen.body, &self.ctx(&[]));
        if let Some(cmd) = views.question() {
            let (me, now) = (self.me, self.now());
            let answer = self
                .ws
                .engine_mut()
                .may_run(me, &cmd, now)
                .map_err(|e| format!("{}: {e}", e.code()));
            views.answer(answer);
        }
        self.views = views;
    }

    /// Collects what the views' background work produced; true when the screen
    /// changed. The event loop calls it when no event came.
    pub fn poll_jobs(&mut self) -> bool {
        let changed = self.views.poll();
        if changed {
            self.settle();
        }
        changed
    }

    /// Whether a view works in the background.
    pub fn busy(&self) -> bool {
        self.views.busy()
    }

    /// Waits for every view's background work and takes its result: for tests and
    /// `collab snapshot`, which show a view once its work is done.
    pub fn finish_jobs(&mut self) {
        self.settle();
        self.views.finish();
        self.settle();
    }
}
