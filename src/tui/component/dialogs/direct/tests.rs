use super::*;
use crate::tui::component::dialogs::testkit::{Driver, render_everywhere};
use KeyCode::{End, Enter, Tab};
use ratatui::crossterm::event::KeyCode;

fn dialog(dr: &Driver, env: &str) -> DirectDialog {
    let p = dr.engine.platform();
    let e = p.env_by_name(env).expect("env");
    DirectDialog::new(p, Some(dr.me), e)
}

fn choose(dr: &mut Driver, d: &mut DirectDialog, email: &str) {
    dr.keys(d, &[KeyCode::Char('/')]);
    dr.typ(d, email);
    dr.keys(d, &[KeyCode::Esc]);
    // Esc while typing clears the search but the cursor stays on the member.
    assert_eq!(d.member().as_deref(), Some(email));
}

#[test]
fn gives_a_member_direct_roles() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = dialog(&dr, "shop-staging");
    choose(&mut dr, &mut d, "anna@acme.io");
    dr.keys(&mut d, &[Enter]);
    dr.keys(&mut d, &[KeyCode::Char('/')]);
    dr.typ(&mut d, "developer");
    dr.keys(&mut d, &[Enter, KeyCode::Char(' ')]);
    let text = dr.render(&d, 120, 30);
    assert!(
        text.contains("anna@acme.io on shop-staging: groups User"),
        "{text}"
    );
    let cmd = dr.submit(&mut d);
    assert_eq!(
        cmd,
        Command::SetDirect {
            env: "shop-staging".into(),
            member: "anna@acme.io".into(),
            roles: vec!["Developer".into()],
        }
    );
}

#[test]
fn loads_and_removes_a_direct_entry() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = dialog(&dr, "shop-staging");
    choose(&mut dr, &mut d, "dmitri@acme.io");
    assert_eq!(d.roles.ticked_in_order(), vec!["Developer".to_string()]);
    assert!(dr.render(&d, 120, 30).contains("direct Developer"));
    // x goes to the Remove button, which the engine says may run; Enter removes.
    dr.keys(&mut d, &[KeyCode::Char('x')]);
    let text = dr.render(&d, 120, 30);
    assert!(text.contains("ready to remove direct access"), "{text}");
    match dr.press(
        &mut d,
        crate::tui::component::dialogs::testkit::key(KeyCode::Enter),
    ) {
        Some(Effect::Submit(cmd)) => assert_eq!(
            cmd,
            Command::RemoveDirect {
                env: "shop-staging".into(),
                member: "dmitri@acme.io".into(),
            }
        ),
        _ => panic!("Enter on Remove removes the direct entry"),
    }
    // Without a direct entry, the engine's refusal shows and the dialog stays open.
    dr.keys(
        &mut d,
        &[KeyCode::BackTab, KeyCode::BackTab, KeyCode::BackTab],
    );
    choose(&mut dr, &mut d, "anna@acme.io");
    assert!(d.roles.ticked.is_empty());
    dr.keys(&mut d, &[KeyCode::Char('x')]);
    assert!(
        dr.press(
            &mut d,
            crate::tui::component::dialogs::testkit::key(KeyCode::Enter)
        )
        .is_none()
    );
    let text = dr.render(&d, 120, 30);
    assert!(text.contains("✕"), "{text}");
    assert!(!text.contains("ready to"), "{text}");
}

#[test]
fn invite_a_new_member_switches_to_the_member_dialog() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = dialog(&dr, "shop-prod");
    dr.keys(&mut d, &[End, Enter]);
    assert!(d.switched.is_some());
    assert!(d.title().starts_with("Invite member"));
    dr.typ(&mut d, "fresh@acme.io");
    match dr.submit(&mut d) {
        Command::InviteMember { shares, email, .. } => {
            assert_eq!(email, "fresh@acme.io");
            assert_eq!(shares.len(), 1);
            assert_eq!(shares[0].target, TargetSpec::Env("shop-prod".into()));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_delegate_on_one_environment_sees_others_but_not_itself() {
    let mut dr = Driver::new("dmitri@acme.io");
    let mut d = dialog(&dr, "shop-staging");
    assert!(
        !d.members
            .nodes()
            .iter()
            .any(|n| n.key == MemberKey::Member("dmitri@acme.io".into()))
    );
    dr.keys(&mut d, &[End, Enter]);
    assert!(
        d.switched.is_none(),
        "a per-environment delegate does not invite"
    );
    assert!(dr.render(&d, 120, 30).contains("account-wide delegate"));
    choose(&mut dr, &mut d, "anna@acme.io");
    dr.keys(&mut d, &[Tab, KeyCode::Char(' ')]);
    assert!(matches!(dr.submit(&mut d), Command::SetDirect { .. }));
    render_everywhere(&d, &dr.engine, Some(dr.me));
    let mut d = dialog(&dr, "shop-staging");
    dr.keys(&mut d, &[End, Enter]);
    render_everywhere(&d, &dr.engine, Some(dr.me));
}
