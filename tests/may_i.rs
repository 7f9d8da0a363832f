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
use collab::tui::component::overlays::{Overlay, Proposed};
use collab::tui::keys::Action;
use collab::tui::panes::probe::add_intents;
use collab::tui::panes::{PaneId, RowKey};
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
        // `a` in Environments opens a menu of two starts: offered when either is
        // allowed, else refused with the first one's reason.
        Some(Probe::Local) if action == Action::Add && app.focus == PaneId::Envs => {
            let key = app.pane(app.focus).selected_key();
            let intents = add_intents(oracle.platform(), me, key).intents;
            let p = oracle.platform();
            intents
                .iter()
                .map(|i| p.may(me, i))
                .find(Result::is_ok)
                .unwrap_or_else(|| p.may(me, &intents[0]))
        }
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
                Some(Overlay::Confirm(c)) => {
                    assert_eq!(c.what, Proposed::Command(cmd), "{action:?}");
                }
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

/// Selects the first row of the Environments pane that `pick` accepts.
fn select_envs_row(app: &mut App, pick: impl Fn(RowKey) -> bool) {
    app.focus = PaneId::Envs;
    let row = app
        .pane(PaneId::Envs)
        .rows
        .iter()
        .position(|r| pick(r.key))
        .expect("a row to select");
    app.pane_mut(PaneId::Envs).selected = row;
    app.settle();
}

/// The two keys of the Environments pane that were once offered whatever the engine
/// said: `i` on another owner's environment (it did nothing, silently) and `a` where
/// neither an environment nor a group may be added (its menu refused both). Each now
/// shows the engine's refusal and, pressed, says it.
#[test]
fn i_and_a_in_environments_follow_the_engine_and_say_why_when_refused() {
    let engine = demo_engine();
    let p = engine.platform();
    let id = |email: &str| p.account_by_email(email).expect("demo account");
    let (olga, maria, anna) = (id("olga@acme.io"), id("maria@acme.io"), id("anna@acme.io"));

    // maria, a member of olga's, on one of olga's environments: no invite.
    let mut app = app_for(engine.clone(), Some(maria), (120, 40), DEMO_NOW);
    select_envs_row(
        &mut app,
        |k| matches!(k, RowKey::Env(e, _) if p.env(e).owner == olga),
    );
    let Avail::Disabled(why) = app.availability(Action::Invite) else {
        panic!("i offered to maria: {:?}", app.availability(Action::Invite));
    };
    app.perform(Action::Invite);
    assert!(app.overlay.is_none(), "a dialog opened");
    let said = app.message.as_ref().map(|m| (m.text.clone(), m.error));
    assert_eq!(said, Some((why, true)));

    // olga on her own environment: the invitation dialog opens.
    let mut app = app_for(engine.clone(), Some(olga), (120, 40), DEMO_NOW);
    select_envs_row(
        &mut app,
        |k| matches!(k, RowKey::Env(e, _) if p.env(e).owner == olga),
    );
    assert_eq!(app.availability(Action::Invite), Avail::Enabled);
    app.perform(Action::Invite);
    assert!(matches!(app.overlay, Some(Overlay::Dialog(_))), "no dialog");

    // anna on a group of olga's, where she may add neither: `a` is refused.
    let mut app = app_for(engine.clone(), Some(anna), (120, 40), DEMO_NOW);
    select_envs_row(&mut app, |k| matches!(k, RowKey::Group(_)));
    let Avail::Disabled(why) = app.availability(Action::Add) else {
        panic!("a offered to anna: {:?}", app.availability(Action::Add));
    };
    app.perform(Action::Add);
    assert!(app.overlay.is_none(), "the menu opened");
    let said = app.message.as_ref().map(|m| (m.text.clone(), m.error));
    assert_eq!(said, Some((why, true)));
}
