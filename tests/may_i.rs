//! One answer to "may I?": for every row of every pane, signed in as every account, on
//! the demo and on a generated platform, every key about the row is enabled exactly
//! when the engine accepts what that key runs, a disabled key shows the engine's
//! reason, and pressing a key runs exactly the command the engine was asked about.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

use collab::engine::demo::{DEMO_NOW, demo_engine};
use collab::engine::generate::{GenerateSpec, generate};
use collab::engine::{Engine, StateDocument};
use collab::tui::app::probe::Probe;
use collab::tui::app::{App, Avail};
use collab::tui::component::overlays::Overlay;
use collab::tui::keys::Action;
use collab::tui::panes::PaneId;
use collab::tui::snapshot::app_for;

/// The keys about the focused row.
const ROW_ACTIONS: [Action; 12] = [
    Action::Open,
    Action::Add,
    Action::Edit,
    Action::Delete,
    Action::Copy,
    Action::Invite,
    Action::Suspend,
    Action::Reinvite,
    Action::Accept,
    Action::Reject,
    Action::Leave,
    Action::Actions,
];

/// What the engine says about what `action` would do, independently of the app.
fn engine_says(oracle: &mut Engine, app: &App, action: Action) -> Avail {
    let me = app.me.expect("signed in");
    let verdict = match app.probe(action) {
        None => return Avail::Hidden,
        Some(Probe::Local) => Ok(()),
        Some(Probe::Start(intent)) => oracle.platform().may(me, &intent),
        Some(Probe::Run(cmd) | Probe::Open(cmd)) => oracle.may_run(Some(me), &cmd, DEMO_NOW),
    };
    match verdict {
        Ok(()) => Avail::Enabled,
        // The command does not apply to the record as it is (accept on an active
        // collaboration, activate on an active member): the key is not offered.
        Err(collab::engine::Error::InvalidState(_)) => Avail::Hidden,
        Err(e) => Avail::Disabled(e.to_string()),
    }
}

struct Tally {
    checked: usize,
    enabled: usize,
    disabled: usize,
    pressed: usize,
}

fn walk(engine: &Engine, tally: &mut Tally) {
    let accounts: Vec<_> = engine.platform().account_ids().collect();
    for me in accounts {
        let mut oracle = engine.clone();
        let mut app = app_for(engine.clone(), Some(me), (120, 40), DEMO_NOW);
        for pane in [
            PaneId::Accounts,
            PaneId::Members,
            PaneId::Envs,
            PaneId::Roles,
        ] {
            app.focus = pane;
            for row in 0..app.pane(pane).rows.len() {
                app.pane_mut(pane).selected = row;
                app.settle();
                for action in ROW_ACTIONS {
                    let shown = app.availability(action);
                    let truth = engine_says(&mut oracle, &app, action);
                    assert_eq!(
                        shown,
                        truth,
                        "{:?} on {:?} row {row} as {}",
                        action,
                        pane,
                        engine.platform().account(me).email
                    );
                    tally.checked += 1;
                    match &shown {
                        Avail::Enabled => tally.enabled += 1,
                        Avail::Disabled(_) => tally.disabled += 1,
                        Avail::Hidden => {}
                    }
                    press_and_compare(&mut app, action, &shown, tally);
                }
            }
        }
        // Nothing the walk did changed the platform: every key previewed or refused.
        assert_eq!(app.ws.engine().to_document(), engine.to_document());
    }
}

/// Pressing a key that runs a command previews exactly that command; pressing a
/// disabled key shows the engine's reason and changes nothing.
fn press_and_compare(app: &mut App, action: Action, shown: &Avail, tally: &mut Tally) {
    let probe = app.probe(action);
    match (shown, probe) {
        (Avail::Disabled(why), Some(_)) => {
            app.message = None;
            app.perform(action);
            let got = app.message.as_ref().map(|m| (m.text.clone(), m.error));
            assert_eq!(got, Some((why.clone(), true)), "{action:?}");
            app.message = None;
            tally.pressed += 1;
        }
        (Avail::Enabled, Some(Probe::Run(cmd))) => {
            app.perform(action);
            match app.overlay.take() {
                Some(Overlay::Confirm(c)) => assert_eq!(c.cmd, cmd, "{action:?}"),
                _ => panic!("{action:?} ran {} without a preview", cmd.label()),
            }
            app.message = None;
            tally.pressed += 1;
        }
        _ => {}
    }
}

#[test]
fn every_key_of_every_row_agrees_with_the_engine_on_the_demo() {
    let mut tally = Tally {
        checked: 0,
        enabled: 0,
        disabled: 0,
        pressed: 0,
    };
    walk(&demo_engine(), &mut tally);
    let t = &tally;
    let all = format!("{} {} {} {}", t.checked, t.enabled, t.disabled, t.pressed);
    assert!(
        t.enabled > 200 && t.disabled > 50 && t.pressed > 100,
        "{all}"
    );
    eprintln!("demo: checked, enabled, disabled, pressed = {all}");
}

#[test]
fn every_key_of_every_row_agrees_with_the_engine_on_a_generated_platform() {
    let doc: StateDocument = generate(&GenerateSpec {
        accounts: 6,
        envs: 30,
        groups: 6,
        depth: 2,
        members: 4,
        seed: 11,
    })
    .expect("generate");
    let engine = Engine::from_document(&doc).expect("load");
    let mut tally = Tally {
        checked: 0,
        enabled: 0,
        disabled: 0,
        pressed: 0,
    };
    walk(&engine, &mut tally);
    assert!(
        tally.enabled > 100 && tally.disabled > 20,
        "{}/{}",
        tally.enabled,
        tally.disabled
    );
}
