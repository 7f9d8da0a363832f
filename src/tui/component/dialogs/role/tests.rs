use super::*;
use crate::tui::component::dialogs::testkit::{Driver, render_everywhere};
use KeyCode::{Backspace, Enter, Tab};
use ratatui::crossterm::event::KeyCode;

fn search(dr: &mut Driver, d: &mut RoleDialog, text: &str) {
    dr.keys(d, &[KeyCode::Char('/')]);
    dr.typ(d, text);
    dr.keys(d, &[Enter]);
}

#[test]
fn a_new_role_with_two_policies_and_notify() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = RoleDialog::new(dr.engine.platform(), Some(dr.me), None);
    dr.typ(&mut d, "Auditor");
    dr.keys(&mut d, &[Tab]);
    dr.typ(&mut d, "reads costs");
    dr.keys(&mut d, &[Tab, KeyCode::Char(' '), Tab]);
    search(&mut dr, &mut d, "billing.view");
    assert_eq!(
        d.policies.current_key(),
        Some(PolicyKey::Policy("billing.view".into()))
    );
    dr.keys(&mut d, &[KeyCode::Char(' ')]);
    // The search also finds a policy by one of its methods.
    dr.keys(&mut d, &[KeyCode::Esc]);
    search(&mut dr, &mut d, "GetLogs");
    assert_eq!(
        d.policies.current_key(),
        Some(PolicyKey::Policy("logs.view".into()))
    );
    dr.keys(&mut d, &[Enter]);
    let cmd = dr.submit(&mut d);
    assert_eq!(
        cmd,
        Command::AddRole {
            name: "Auditor".into(),
            policies: vec!["logs.view".into(), "billing.view".into()],
            description: Some("reads costs".into()),
            notify: true,
        }
    );
}

#[test]
fn errors_show_beside_the_name_and_the_policies() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = RoleDialog::new(dr.engine.platform(), Some(dr.me), None);
    dr.typ(&mut d, "A+B");
    let text = dr.render(&d, 100, 30);
    assert!(text.contains("must not contain '+' or '='"), "{text}");
    for _ in 0..3 {
        dr.keys(&mut d, &[Backspace]);
    }
    dr.typ(&mut d, "viewer");
    assert!(dr.render(&d, 100, 30).contains("DUPLICATE"));
    for _ in 0..6 {
        dr.keys(&mut d, &[Backspace]);
    }
    dr.typ(&mut d, "Fresh");
    let text = dr.render(&d, 100, 30);
    assert!(
        text.contains("a role needs at least one policy"),
        "no policy ticked:\n{text}"
    );
}

#[test]
fn editing_renames_and_replaces_the_policies() {
    let mut dr = Driver::new("olga@acme.io");
    let p = dr.engine.platform();
    let viewer = p.role_by_name(dr.me, "Viewer").expect("Viewer");
    let before = p.role_row(viewer).policies;
    let mut d = RoleDialog::new(p, Some(dr.me), Some(viewer));
    // "selected only" shows the role's policies under their categories.
    dr.keys(&mut d, &[KeyCode::Char('s')]);
    let text = dr.render(&d, 100, 30);
    for pol in &before {
        assert!(text.contains(&format!("[x] {pol}")), "{text}");
    }
    assert!(
        !text
            .lines()
            .any(|l| l.contains("[ ] ") && !l.contains("Notify")),
        "{text}"
    );
    dr.keys(
        &mut d,
        &[
            KeyCode::Char('s'),
            KeyCode::BackTab,
            KeyCode::BackTab,
            KeyCode::BackTab,
        ],
    );
    dr.typ(&mut d, "s");
    let cmd = dr.submit(&mut d);
    match cmd {
        Command::EditRole {
            name,
            rename,
            policies: Some(policies),
            ..
        } => {
            assert_eq!(name, "Viewer");
            assert_eq!(rename.as_deref(), Some("Viewers"));
            let mut sorted = policies.clone();
            sorted.sort();
            let mut want = before.clone();
            want.sort();
            assert_eq!(sorted, want);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn custom_policies_are_listed_and_rendering_never_panics() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = RoleDialog::new(dr.engine.platform(), Some(dr.me), None);
    assert!(
        d.policies
            .nodes()
            .iter()
            .any(|n| n.key == PolicyKey::Policy("Ship Releases".into()))
    );
    render_everywhere(&d, &dr.engine, Some(dr.me));
    dr.keys(&mut d, &[Tab, Tab, Tab, KeyCode::Char('/')]);
    dr.typ(&mut d, "zzz");
    render_everywhere(&d, &dr.engine, Some(dr.me));
    assert!(dr.render(&d, 60, 12).contains("no match"));
}
