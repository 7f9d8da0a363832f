use super::*;
use crate::tui::component::dialogs::testkit::{Driver, ctrl, render_everywhere};
use KeyCode::{Backspace, Down, Enter, Esc, Tab};
use ratatui::crossterm::event::KeyCode;

fn search(dr: &mut Driver, d: &mut NewEnvDialog, text: &str) {
    dr.keys(d, &[KeyCode::Char('/')]);
    dr.typ(d, text);
    dr.keys(d, &[Enter]);
}

#[test]
fn the_owner_creates_in_a_group() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = NewEnvDialog::new(dr.engine.platform(), Some(dr.me), None);
    assert!(!d.multiple_owners());
    dr.typ(&mut d, "new-env");
    dr.keys(&mut d, &[Tab, Backspace]);
    dr.typ(&mut d, "8");
    dr.keys(&mut d, &[Tab]);
    search(&mut dr, &mut d, "staging");
    dr.keys(&mut d, &[KeyCode::Char(' ')]);
    let text = dr.render(&d, 100, 30);
    assert!(text.contains("15 of 50 environments used"), "{text}");
    assert_eq!(
        dr.submit(&mut d),
        Command::CreateEnv {
            name: "new-env".into(),
            owner: None,
            groups: vec!["Staging".into()],
            cloudlets: Some(8),
        }
    );
}

/// A member is offered the owner's groups it sees and no other: the rest read as
/// absent to the engine (`Platform::sees_group`), and listing them, disabled, told
/// the member every group path on the account.
#[test]
fn a_member_is_offered_only_the_groups_it_sees() {
    let mut dr = Driver::new("elena@acme.io");
    let mut d = NewEnvDialog::new(dr.engine.platform(), Some(dr.me), None);
    dr.keys(&mut d, &[Tab, Tab, Down]);
    assert_eq!(d.owners.current_key().as_deref(), Some("olga@acme.io"));
    let p = dr.engine.platform();
    let olga = p.account_by_email("olga@acme.io").unwrap();
    let offered: Vec<&str> = d.groups.nodes().iter().map(|n| n.key.as_str()).collect();
    assert!(
        offered.contains(&"Staging") && offered.contains(&"Testing"),
        "{offered:?}"
    );
    assert!(!offered.contains(&"Finance"), "{offered:?}");
    let finance = p.group_by_path(olga, "Finance").unwrap();
    assert!(!p.sees_group(dr.me, olga, finance));
    for key in &offered {
        let g = p.group_by_path(olga, key).unwrap();
        assert!(p.sees_group(dr.me, olga, g), "{key}");
    }
    // The owner is offered every group.
    let dr = Driver::new("olga@acme.io");
    let d = NewEnvDialog::new(dr.engine.platform(), Some(dr.me), None);
    let p = dr.engine.platform();
    assert_eq!(d.groups.nodes().len(), p.groups_of(dr.me).count());
}

#[test]
fn a_member_creates_only_where_its_roles_allow() {
    let mut dr = Driver::new("elena@acme.io");
    let mut d = NewEnvDialog::new(dr.engine.platform(), Some(dr.me), None);
    assert!(d.multiple_owners());
    dr.typ(&mut d, "elena-box");
    dr.keys(&mut d, &[Tab, Tab, Down]);
    assert_eq!(d.owners.current_key().as_deref(), Some("olga@acme.io"));
    assert!(!d.root_allowed);
    let enabled: Vec<&str> = d
        .groups
        .nodes()
        .iter()
        .filter(|n| n.enabled)
        .map(|n| n.key.as_str())
        .collect();
    assert_eq!(
        enabled,
        ["Testing"],
        "Admin on Testing has the create method"
    );
    dr.keys(&mut d, &[Tab]);
    // At the root: refused beside the groups.
    assert!(dr.press(&mut d, ctrl('s')).is_none());
    let text = dr.render(&d, 100, 30);
    assert!(text.contains("PERMISSION_DENIED"), "{text}");
    assert!(text.contains("not allowed: tick a group"), "{text}");
    search(&mut dr, &mut d, "staging");
    dr.keys(&mut d, &[KeyCode::Char(' ')]);
    assert!(d.groups.ticked.is_empty());
    assert!(dr.render(&d, 100, 30).contains("you may not create"));
    dr.keys(&mut d, &[Esc]);
    search(&mut dr, &mut d, "testing");
    dr.keys(&mut d, &[KeyCode::Char(' ')]);
    assert_eq!(
        dr.submit(&mut d),
        Command::CreateEnv {
            name: "elena-box".into(),
            owner: Some("olga@acme.io".into()),
            groups: vec!["Testing".into()],
            cloudlets: Some(4),
        }
    );
}

#[test]
fn bad_cloudlets_and_names_show_beside_their_fields() {
    let mut dr = Driver::new("olga@acme.io");
    let p = dr.engine.platform();
    let testing = p.group_by_path(dr.me, "Testing").expect("group");
    let mut d = NewEnvDialog::new(p, Some(dr.me), Some(testing));
    assert_eq!(d.groups.ticked_in_order(), vec!["Testing".to_string()]);
    dr.typ(&mut d, "Bad_Name");
    assert!(dr.render(&d, 100, 30).contains("lower-case letters"));
    for _ in 0..8 {
        dr.keys(&mut d, &[Backspace]);
    }
    dr.typ(&mut d, "shop-prod");
    assert!(dr.render(&d, 100, 30).contains("DUPLICATE"));
    dr.typ(&mut d, "2");
    dr.keys(&mut d, &[Tab, Backspace]);
    dr.typ(&mut d, "x");
    assert!(dr.render(&d, 100, 30).contains("'x' is not a whole number"));
    dr.keys(&mut d, &[Backspace]);
    dr.typ(&mut d, "0");
    assert!(dr.render(&d, 100, 30).contains("out of range"));
    render_everywhere(&d, &dr.engine, Some(dr.me));
    let d = NewEnvDialog::new(dr.engine.platform(), None, None);
    render_everywhere(&d, &dr.engine, None);
}
