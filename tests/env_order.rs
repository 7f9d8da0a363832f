//! Lists of environments come in name order whether or not the environments' ids
//! follow their names. When they do (a platform loaded from a file, which saves
//! environments by name), the platform sorts by id without reading a name; these
//! tests break that order, mend it and break it again, and check every list each time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]

mod common;

use collab::engine::{Command, Engine, Platform};
use common::*;

const O: &str = "olga@acme.io";
const M: &str = "anna@acme.io";

/// The names of the owner's environment list, of the member's access rows, and of
/// the owner's environments sorted by the platform: each must be sorted.
fn check_lists(p: &Platform, want: &[&str]) {
    let owner = p.find_account(O).unwrap();
    let member = p.find_account(M).unwrap();
    let listed: Vec<String> = p.env_rows(owner).into_iter().map(|r| r.name).collect();
    assert_eq!(listed, want, "env list of the owner");
    let reached: Vec<&str> = p.access_rows(None, member).iter().map(|r| r.env).collect();
    assert_eq!(reached, want, "access rows of the member");
    let mut ids: Vec<_> = p.envs_of(owner).collect();
    ids.reverse();
    p.sort_by_env_name(&mut ids, |e| *e);
    let sorted: Vec<&str> = ids.iter().map(|e| p.env(*e).name.as_str()).collect();
    assert_eq!(sorted, want, "sort_by_env_name");
}

fn world() -> World {
    let mut w = World::new();
    w.account(O);
    w.account(M);
    w.role(O, "Viewer", &["fs.view", "logs.view"]);
    w.group(O, "Prod");
    w.env(O, "beta-env", &["Prod"]);
    w.env(O, "delta-env", &[]);
    w.member(O, M, &["envs=Viewer", "groups=Viewer"]);
    w
}

#[test]
fn lists_stay_in_name_order_as_the_ids_stop_and_start_following_the_names() {
    let mut w = world();
    assert!(w.p().env_ids_follow_names());
    check_lists(w.p(), &["beta-env", "delta-env"]);

    // A smaller name on a larger id: the ids no longer follow the names.
    w.env(O, "alpha-env", &["Prod"]);
    assert!(!w.p().env_ids_follow_names());
    check_lists(w.p(), &["alpha-env", "beta-env", "delta-env"]);

    let created = w.tick();
    // Deleting it mends the order: the platform counts what is out of order, it does
    // not remember that something once was.
    w.ok(
        O,
        Command::DeleteEnv {
            env: "alpha-env".into(),
        },
    );
    assert!(w.p().env_ids_follow_names());
    check_lists(w.p(), &["beta-env", "delta-env"]);

    // The platform as it was before the deletion (the journal walked back) has it on
    // its id again, out of order.
    let before = w.engine.as_of(created).unwrap();
    assert!(!before.env_ids_follow_names());
    check_lists(&before, &["alpha-env", "beta-env", "delta-env"]);
    w.env(O, "alpha-env", &["Prod"]);

    // Clones land on new ids, after a larger name or a smaller one: each is listed in
    // its place.
    w.ok(
        O,
        Command::CloneEnv {
            env: "beta-env".into(),
            new_name: "zeta-env".into(),
        },
    );
    w.ok(
        O,
        Command::CloneEnv {
            env: "beta-env".into(),
            new_name: "gamma-env".into(),
        },
    );
    let all = [
        "alpha-env",
        "beta-env",
        "delta-env",
        "gamma-env",
        "zeta-env",
    ];
    check_lists(w.p(), &all);

    // Saved and loaded, the environments are listed by name in the file: their new ids
    // follow the names, and every list is as before.
    let loaded = Engine::from_document(&w.full_doc()).unwrap();
    assert!(loaded.platform().env_ids_follow_names());
    check_lists(loaded.platform(), &all);
}

#[test]
fn a_file_listing_environments_out_of_name_order_loads_with_every_list_in_order() {
    let w = world();
    let mut doc = w.full_doc();
    doc.environments.reverse();
    let loaded = Engine::from_document(&doc).unwrap();
    assert!(!loaded.platform().env_ids_follow_names());
    check_lists(loaded.platform(), &["beta-env", "delta-env"]);
}

/// What a user sees of the demo platform, signed in as its owner: the review (JSON)
/// and the app's screen in each pane's view.
fn seen(engine: Engine) -> (String, String) {
    use collab::engine::demo::{DEMO_NOW, OWNER};
    use collab::tui::snapshot::{app_for, enter_view, render_text};
    let owner = engine.platform().find_account(OWNER).unwrap();
    let review = collab::engine::review::review(engine.platform(), owner, DEMO_NOW, 90);
    let mut review = serde_json::to_value(&review).unwrap();
    // A fix names a member's entries in the order the member's record keeps them,
    // by target id (which a load also puts in name order); compared as a set here.
    for finding in review["findings"].as_array_mut().unwrap() {
        if let Some(fix) = finding["fix"].as_str() {
            let mut words: Vec<&str> = fix.split(" --share ").collect();
            words[1..].sort_unstable();
            finding["fix"] = words.join(" --share ").into();
        }
    }
    let review = serde_json::to_string_pretty(&review).unwrap();
    let mut app = app_for(engine, Some(owner), (120, 60), DEMO_NOW);
    let mut screens = String::new();
    for view in ["envs", "members"] {
        enter_view(&mut app, view).unwrap();
        screens.push_str(&render_text(&app));
    }
    (review, screens)
}

#[test]
fn the_review_and_the_app_show_the_same_whether_or_not_the_ids_follow_the_names() {
    let doc = collab::engine::demo::demo_engine().to_document();
    let mut backwards = doc.clone();
    backwards.environments.reverse();
    let (a, b) = (
        Engine::from_document(&doc).unwrap(),
        Engine::from_document(&backwards).unwrap(),
    );
    assert!(a.platform().env_ids_follow_names());
    assert!(!b.platform().env_ids_follow_names());
    let (review_a, screen_a) = seen(a);
    let (review_b, screen_b) = seen(b);
    assert!(review_a.contains("can_transfer"), "{review_a}");
    assert_eq!(review_a, review_b);
    assert!(screen_a.contains("shop-prod"), "{screen_a}");
    assert_eq!(screen_a, screen_b);
}
