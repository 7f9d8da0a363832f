use super::*;
use crate::tui::component::dialogs::testkit::{Driver, render_everywhere};
use KeyCode::{Enter, Esc, Tab};
use ratatui::crossterm::event::KeyCode;

fn search(dr: &mut Driver, d: &mut PolicyDialog, text: &str) {
    dr.keys(d, &[KeyCode::Char('/')]);
    dr.typ(d, text);
    dr.keys(d, &[Enter]);
}

fn method(name: &str) -> MethodKey {
    MethodKey::Method(Catalogue::get().method(name).expect("method"))
}

#[test]
fn a_new_policy_from_searched_methods() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = PolicyDialog::new(dr.engine.platform(), None);
    dr.typ(&mut d, "Starter");
    dr.keys(&mut d, &[Tab, Tab]);
    search(&mut dr, &mut d, "StartEnv");
    assert_eq!(
        d.methods.current_key(),
        Some(method("env.control.StartEnv"))
    );
    dr.keys(&mut d, &[KeyCode::Char(' '), Esc]);
    // Space on a system policy ticks all its methods.
    search(&mut dr, &mut d, "logs.view");
    assert!(matches!(
        d.methods.current_key(),
        Some(MethodKey::Policy(_))
    ));
    dr.keys(&mut d, &[KeyCode::Char(' ')]);
    let cmd = dr.submit(&mut d);
    assert_eq!(
        cmd,
        Command::AddPolicy {
            name: "Starter".into(),
            methods: vec!["env.control.StartEnv".into(), "env.control.GetLogs".into()],
            description: None,
        }
    );
}

#[test]
fn editing_keeps_the_methods_and_errors_show() {
    let mut dr = Driver::new("olga@acme.io");
    let p = dr.engine.platform();
    let id = p
        .custom_policy_by_name(dr.me, "Ship Releases")
        .expect("custom policy");
    let methods = p.policy_row(crate::engine::PolicyRef::Custom(id)).methods;
    let mut d = PolicyDialog::new(p, Some(id));
    match d.values_command() {
        Command::EditPolicy {
            methods: Some(m), ..
        } => {
            let mut got = m.clone();
            got.sort();
            let mut want = methods.clone();
            want.sort();
            assert_eq!(got, want);
        }
        other => panic!("{other:?}"),
    }
    // Untick everything: the engine refuses, beside the methods.
    dr.keys(&mut d, &[KeyCode::Char('s')]);
    for _ in 0..40 {
        let Some(k) = d.methods.current_key() else {
            break;
        };
        if d.methods.is_ticked(&k) {
            dr.keys(&mut d, &[KeyCode::Char(' ')]);
        } else {
            dr.keys(&mut d, &[KeyCode::Down]);
        }
    }
    assert!(
        dr.press(&mut d, crate::tui::component::dialogs::testkit::ctrl('s'))
            .is_none()
    );
    let text = dr.render(&d, 120, 40);
    assert!(
        text.contains("a policy needs at least one method"),
        "{text}"
    );
    render_everywhere(&d, &dr.engine, Some(dr.me));
}

#[test]
fn duplicate_names_are_refused_beside_the_name() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = PolicyDialog::new(dr.engine.platform(), None);
    dr.typ(&mut d, "env.startstop");
    assert!(dr.render(&d, 100, 20).contains("system policy"));
    render_everywhere(&d, &dr.engine, Some(dr.me));
}
