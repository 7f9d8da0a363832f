//! The engine holds its platform shared: a copy of the engine, or the platform handed
//! to a thread (the Review view's), costs nothing until one side changes it, so
//! opening the view costs the app's thread nothing that grows with the platform.
//! Sharing must never let one side see the other's changes, dry runs included.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking; its message is the report"
)]

use std::ptr;
use std::sync::Arc;

use collab::engine::demo::{DEMO_NOW, OWNER, demo_engine};
use collab::engine::{Command, Engine};

fn add_group(path: &str) -> Command {
    Command::AddGroup {
        owner: None,
        path: path.into(),
    }
}

fn has_group(engine: &Engine, path: &str) -> bool {
    let p = engine.platform();
    let owner = p.account_by_email(OWNER).unwrap();
    p.groups_of(owner).any(|g| p.group(g).path == path)
}

#[test]
fn a_copy_shares_the_platform_until_one_side_changes_it_and_neither_sees_the_others_change() {
    let mut app = demo_engine();
    let owner = app.platform().account_by_email(OWNER);
    let thread = app.clone();
    assert!(
        ptr::eq(app.platform(), thread.platform()),
        "the copy shares the platform"
    );
    let before = thread.to_document();

    // A dry run on the shared platform changes nothing either side can see.
    app.may_run(owner, &add_group("Dry"), DEMO_NOW).unwrap();
    assert_eq!(thread.to_document(), before);
    assert_eq!(app.to_document(), before);

    // A change: the side that changes copies first; the other keeps what it had.
    app.execute(owner, &add_group("Mine"), DEMO_NOW).unwrap();
    assert!(!ptr::eq(app.platform(), thread.platform()));
    assert!(has_group(&app, "Mine"));
    assert!(!has_group(&thread, "Mine"));
    assert_eq!(thread.to_document(), before);
}

#[test]
fn a_platform_shared_with_a_thread_keeps_what_it_was_when_the_engine_changes() {
    let mut app = demo_engine();
    let owner = app.platform().account_by_email(OWNER);
    let shared = app.shared_platform();
    assert!(ptr::eq(app.platform(), Arc::as_ptr(&shared)));
    app.execute(owner, &add_group("Mine"), DEMO_NOW).unwrap();
    assert!(has_group(&app, "Mine"));
    assert!(
        !ptr::eq(app.platform(), Arc::as_ptr(&shared)),
        "the engine copied first"
    );
    let p = &*shared;
    let o = p.account_by_email(OWNER).unwrap();
    assert!(!p.groups_of(o).any(|g| p.group(g).path == "Mine"));
}

#[test]
fn own_platform_copies_a_shared_platform_once_and_the_copy_is_equal() {
    let app = demo_engine();
    let mut thread = app.clone();
    thread.own_platform();
    assert!(!ptr::eq(app.platform(), thread.platform()));
    assert_eq!(thread.to_document(), app.to_document());
    // Already its own: nothing more is copied.
    let at = ptr::from_ref(thread.platform());
    thread.own_platform();
    assert_eq!(ptr::from_ref(thread.platform()), at);
    // Changes on the thread's side stay there.
    let owner = thread.platform().account_by_email(OWNER);
    thread
        .execute(owner, &add_group("Thread"), DEMO_NOW)
        .unwrap();
    assert!(has_group(&thread, "Thread"));
    assert!(!has_group(&app, "Thread"));
}
