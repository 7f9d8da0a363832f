//! The terminal app: four panes over the engine (accounts, members, environments,
//! roles & policies), an inspector, the lens, explanations, previews, undo and a
//! command palette.
//!
//! Every piece is a `component::Component`: it lists its key bindings (with the
//! engine's answers), turns a key into an `Effect`, and renders from a lent, read-only
//! `Ctx`. `app` routes events to the focused component (an overlay first) and applies
//! the effects (commands go through the workspace, the one door); `draw` is a pure
//! function of the state. `panes`, `inspector`, `overlays`, `dialogs` and `palette`
//! are the components; `keys` the key maps they dispatch through. Nothing here decides
//! a rule: the engine does. `views` are the full-screen views (tasks, review, the
//! access matrix) shown instead of the panes.

pub mod app;
pub mod component;
pub mod config;
pub mod draw;
pub mod fit;
pub mod input;
pub mod inspector;
pub mod keys;
pub mod layout;
pub mod num;
pub mod panes;
pub mod signals;
pub mod snapshot;
pub mod theme;
pub mod views;

use std::io::{IsTerminal, stdout};
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

/// What to open: the command line's request, handed over by `main`.
pub use crate::cli::AppRequest as Options;

/// Whether colour may be used: `NO_COLOR` unset.
pub fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A workspace over a throwaway copy of the demo platform, saved in a fresh private
/// directory: a new name with random characters, created (never reused) with mode
/// 0700, so no other local user can plant a file or link where the app writes. The
/// directory and everything in it are removed when the returned guard is dropped.
pub fn demo_workspace() -> anyhow::Result<(Workspace, tempfile::TempDir)> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("collab-demo-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = builder
        .tempdir()
        .context("creating a private temporary directory for the demo")?;
    let store = Store::new(dir.path().join(store::STATE_FILE_NAME));
    let mut ws = Workspace::with_engine(store, demo_engine());
    {
        let store = ws.store().clone();
        let lock = store.lock(crate::workspace::LOCK_WAIT)?;
        ws.save(&lock)?;
    }
    Ok((ws, dir))
}

/// The app was started without a terminal on stdin and stdout: a usage error.
#[derive(Debug, thiserror::Error)]
#[error(
    "without a subcommand collab opens the terminal app, which needs a terminal on stdin and \
     stdout; from a script, run a subcommand (collab --help lists them)"
)]
pub struct NoTerminal;

/// What the header names as the state file of `--demo`.
pub const DEMO_LABEL: &str = "demo (a throwaway copy; your state file is untouched)";

/// Shorter forms of [`DEMO_LABEL`] for a narrow header, longest first: each keeps the
/// word "demo", which a label cut at its start would lose.
pub const DEMO_SHORTER: [&str; 3] = ["demo (throwaway copy)", "throwaway demo", "demo"];

pub fn run(opts: &Options) -> anyhow::Result<()> {
    let (ws, demo_dir, label) = if opts.demo {
        let (ws, guard) = demo_workspace()?;
        (ws, Some(guard), DEMO_LABEL.to_string())
    } else {
        let ws = Workspace::open(Store::new(&opts.state))?;
        let label = store::shown(&opts.state);
        (ws, None, label)
    };
    let me = match &opts.actor {
        Some(email) => Some(ws.engine().platform().find_account(email)?),
        None => None,
    };
    let config_path = store::config_dir().map(|d| d.join("config.json"));
    let config = Config::load(config_path.as_deref(), color_allowed());
    let mouse = config.mouse;

    // The app draws on a terminal and reads keys from one: without both there is
    // nothing to open (and nothing to restore after). Checked after the state file,
    // whose problems come first.
    if !(std::io::stdin().is_terminal() && stdout().is_terminal()) {
        return Err(NoTerminal.into());
    }
    let demo_path = demo_dir.as_ref().map(|d| d.path().to_path_buf());
    let stop = signals::Stop::install(demo_path).context("cannot install the signal handlers")?;
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
    let mut app = App::new(ws, me, config, Box::new(crate::clock::now), size);
    app.state_label = label;
    let result = event_loop(&mut terminal, &mut app, &stop);
    restore_terminal();
    result?;
    // Ended by a signal: the terminal is restored above and a demo copy is removed
    // as this function returns; the caller exits as the signal would have.
    match stop.signal() {
        Some(ended) => Err(ended.into()),
        None => Ok(()),
    }
}

/// Gives the terminal back as it was found: mouse reporting and bracketed paste off,
/// the alternate screen left, raw mode ended. Quietly: after a hang-up the terminal
/// (stderr with it) is gone, and a complaint written there would be one more failure.
pub(crate) fn restore_terminal() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    let _ = ratatui::try_restore();
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    stop: &signals::Stop,
) -> anyhow::Result<()> {
    let mut dirty = true;
    // Quiet polls since the file was last checked for changes by another process.
    let mut quiet = 0u32;
    while !app.quit && stop.signal().is_none() {
        if dirty {
            terminal.draw(|f| draw::draw(app, f))?;
            dirty = false;
        }
        // Wake up once a second to notice another process changing the file, and
        // every tenth of a second while a view works in the background (its result
        // and progress show as they come); redraw only when something happened.
        let busy = app.busy();
        let wait = if busy {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(1)
        };
        if stop.waiting(|| event::poll(wait))? {
            let ev = event::read()?;
            app.handle_event(ev);
            dirty = true;
        } else {
            dirty |= app.poll_jobs();
            quiet += 1;
            if !busy || quiet >= 10 {
                quiet = 0;
                dirty |= app.poll_external_change();
            }
        }
    }
    Ok(())
}
