//! The terminal app: four panes over the engine (accounts, members, environments,
//! roles & policies), an inspector, the lens, explanations, previews, undo and a
//! command palette.
//!
//! `app` holds the state and turns events into engine commands through the workspace;
//! `draw` is a pure function of that state; `panes`, `overlays`, `dialogs` and
//! `palette` are the pieces. Nothing here decides a rule: the engine does.

pub mod app;
pub mod config;
pub mod dialogs;
pub mod draw;
pub mod input;
pub mod inspector;
pub mod keys;
pub mod layout;
pub mod overlays;
pub mod palette;
pub mod panes;
pub mod snapshot;
pub mod theme;

use std::io::stdout;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::engine::demo::demo_engine;
use crate::store::{self, Store};
use crate::workspace::Workspace;
use app::App;
use config::Config;

/// How the app was asked to start.
#[derive(Debug, Clone)]
pub struct Options {
    pub state: PathBuf,
    pub demo: bool,
    pub actor: Option<String>,
}

/// Whether colour may be used: `NO_COLOR` unset.
pub fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A throwaway copy of the demo platform, in its own temporary directory.
struct DemoDir(PathBuf);

impl Drop for DemoDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(opts: Options) -> anyhow::Result<()> {
    let (ws, _demo_dir, label) = if opts.demo {
        let dir = std::env::temp_dir().join(format!("collab-demo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let guard = DemoDir(dir.clone());
        let store = Store::new(dir.join("state.json"));
        let mut ws = Workspace::with_engine(store, demo_engine());
        {
            let lock = ws.store().clone();
            let lock = lock.lock(crate::workspace::LOCK_WAIT)?;
            ws.save(&lock)?;
        }
        (
            ws,
            Some(guard),
            "demo (a throwaway copy; your state file is untouched)".to_string(),
        )
    } else {
        let ws = Workspace::open(Store::new(&opts.state))?;
        let label = opts.state.display().to_string();
        (ws, None, label)
    };
    let me = match &opts.actor {
        Some(email) => Some(ws.engine().platform().find_account(email)?),
        None => None,
    };
    let config_path = store::config_dir().map(|d| d.join("config.json"));
    let config = Config::load(config_path.as_deref(), color_allowed());
    let mouse = config.mouse;

    let mut terminal = ratatui::init();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous(info);
    }));
    let _ = execute!(stdout(), EnableBracketedPaste);
    if mouse {
        let _ = execute!(stdout(), EnableMouseCapture);
    }
    let size = terminal
        .size()
        .map(|s| Rect::new(0, 0, s.width, s.height))
        .unwrap_or_default();
    let mut app = App::new(ws, me, config, Box::new(crate::cli::now), size);
    app.state_label = label;
    let result = event_loop(&mut terminal, &mut app);
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal.draw(|f| draw::draw(app, f))?;
            dirty = false;
        }
        // Wake up once a second to notice another process changing the file; redraw
        // only when something happened.
        if event::poll(Duration::from_millis(1000))? {
            let ev = event::read()?;
            app.handle_event(ev);
            dirty = true;
        } else if app.poll_external_change() {
            dirty = true;
        }
    }
    Ok(())
}
