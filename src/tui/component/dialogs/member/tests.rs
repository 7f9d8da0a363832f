use super::*;
use crate::tui::component::dialogs::testkit::{Driver, ctrl, render_everywhere};
use KeyCode::{Backspace, Down, Enter, Esc, Tab};
use ratatui::crossterm::event::KeyCode;

fn spec(s: &str) -> ShareSpec {
    ShareSpec::parse(s).expect("valid spec")
}

fn invite(dr: &Driver) -> MemberDialog {
    MemberDialog::new(dr.engine.platform(), Some(dr.me), None, &[])
}

fn search(dr: &mut Driver, d: &mut MemberDialog, text: &str) {
    dr.keys(d, &[KeyCode::Char('/')]);
    dr.typ(d, text);
    dr.keys(d, &[Enter]);
}

/// Opens the role picker on the current row, ticks one role found by search,
/// and keeps it.
fn pick(dr: &mut Driver, d: &mut MemberDialog, role: &str) {
    dr.keys(d, &[KeyCode::Char('r')]);
    assert!(d.picker.is_some(), "r opens the role picker");
    search(dr, d, role);
    dr.keys(d, &[KeyCode::Char(' '), Enter]);
    assert!(d.picker.is_none(), "Enter keeps the roles and closes");
}

#[test]
fn invite_with_the_groups_category_and_one_group() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = invite(&dr);
    dr.typ(&mut d, "new@acme.io");
    dr.keys(&mut d, &[Tab, Tab]);
    search(&mut dr, &mut d, "env groups");
    assert_eq!(d.tree.current_key(), Some(Target::AllGroups));
    // Enter opens the picker too.
    dr.keys(&mut d, &[Enter]);
    search(&mut dr, &mut d, "viewer");
    dr.keys(&mut d, &[KeyCode::Char(' '), Enter]);
    dr.keys(&mut d, &[Esc]);
    search(&mut dr, &mut d, "production");
    assert_eq!(
        d.tree.current_key(),
        Some(Target::Group("Production".into()))
    );
    pick(&mut dr, &mut d, "admin");
    dr.keys(&mut d, &[Esc]);

    let text = dr.render(&d, 120, 40);
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("[x] Production").contains("Admin"), "{text}");
    assert!(line("[ ] EU").contains("← Production: Admin"), "{text}");
    assert!(
        line("[ ] Staging").contains("← Env Groups: Viewer"),
        "{text}"
    );
    assert!(line("[ ] api-eu").contains("← groups: Admin"), "{text}");
    assert!(!line("[ ] legacy-crm").contains('←'), "{text}");
    assert!(text.contains("✓ ready"), "{text}");

    let cmd = dr.submit(&mut d);
    assert_eq!(
        cmd,
        Command::InviteMember {
            owner: None,
            email: "new@acme.io".into(),
            name: None,
            shares: vec![spec("groups=Viewer"), spec("group:Production=Admin")],
        }
    );
}

#[test]
fn validation_errors_appear_beside_the_field() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = invite(&dr);
    let untouched = dr.render(&d, 100, 30);
    assert!(
        !untouched.contains('✕'),
        "no error before typing:\n{untouched}"
    );
    dr.typ(&mut d, "bob");
    let text = dr.render(&d, 100, 30);
    let email_row = text
        .lines()
        .position(|l| l.contains("Email"))
        .expect("email row");
    let next = text.lines().nth(email_row + 1).unwrap_or_default();
    assert!(
        next.contains("✕ VALIDATION") && next.contains("exactly one '@'"),
        "{text}"
    );
    // Ctrl-s refuses and keeps the dialog open.
    assert!(dr.press(&mut d, ctrl('s')).is_none());
    for _ in 0..3 {
        dr.keys(&mut d, &[Backspace]);
    }
    dr.typ(&mut d, "anna@acme.io");
    assert!(dr.render(&d, 100, 30).contains("DUPLICATE"));
    for _ in 0.."anna@acme.io".len() {
        dr.keys(&mut d, &[Backspace]);
    }
    dr.typ(&mut d, "olga@acme.io");
    assert!(dr.render(&d, 100, 30).contains("SELF_INVITE"));
}

#[test]
fn a_role_created_from_the_picker_is_listed_and_ticked() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = invite(&dr);
    dr.typ(&mut d, "new@acme.io");
    dr.keys(&mut d, &[Tab, Tab, Enter]);
    assert_eq!(
        d.picker.as_ref().map(|p| p.target.clone()),
        Some(Target::AllEnvs)
    );
    dr.keys(&mut d, &[KeyCode::Char('n')]);
    assert!(d.nested.is_some(), "n opens the role editor");
    assert!(
        dr.hints(&d)
            .iter()
            .any(|(k, w)| k == "Ctrl-s" && *w == "apply"),
        "the role editor's hints: {:?}",
        dr.hints(&d)
    );
    dr.typ(&mut d, "Auditor");
    dr.keys(&mut d, &[Tab, Tab, Tab, Down, KeyCode::Char(' ')]);
    // The nested editor's Ctrl-s runs AddRole; the member dialog stays open.
    assert!(dr.press(&mut d, ctrl('s')).is_none());
    assert!(d.nested.is_none());
    assert!(
        dr.engine
            .platform()
            .role_by_name(dr.me, "Auditor")
            .is_some()
    );
    let picker = d.picker.as_ref().expect("the picker stays open");
    assert!(picker.list.is_ticked(&"Auditor".to_string()));
    assert!(dr.render(&d, 120, 40).contains("[x] Auditor"));
    dr.keys(&mut d, &[Enter]);
    match dr.submit(&mut d) {
        Command::InviteMember { shares, .. } => {
            assert_eq!(shares, vec![spec("envs=Auditor")]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn editing_keeps_the_shares_and_unticking_drops_an_entry() {
    let mut dr = Driver::new("olga@acme.io");
    let p = dr.engine.platform();
    let maria = p.account_by_email("maria@acme.io").expect("maria");
    let c = p.collab_of(dr.me, maria).expect("collab");
    let mut d = MemberDialog::new(p, Some(dr.me), Some(c), &[]);
    let sorted = |shares: Vec<ShareSpec>| {
        let mut v: Vec<String> = shares
            .iter()
            .map(|s| format!("{}={}", s.target.label(), s.roles.join("+")))
            .collect();
        v.sort();
        v
    };
    match d.values_command() {
        Command::EditMember {
            shares: Some(shares),
            email,
            ..
        } => {
            assert_eq!(email, "maria@acme.io");
            assert_eq!(
                sorted(shares),
                [
                    "group:Finance/Reports=",
                    "group:Finance=",
                    "group:Production/EU=Accountant+Developer",
                    "group:Production=Admin",
                    "groups=Viewer",
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // "selected only" shows the ticked rows (and their parents).
    dr.keys(&mut d, &[KeyCode::Char('s')]);
    // Env Groups, Finance, Reports, Production, EU.
    assert_eq!(d.tree.len_visible(), 5);
    search(&mut dr, &mut d, "production");
    assert_eq!(
        d.tree.current_key(),
        Some(Target::Group("Production".into()))
    );
    dr.keys(&mut d, &[KeyCode::Char(' ')]);
    match dr.submit(&mut d) {
        Command::EditMember {
            shares: Some(shares),
            ..
        } => assert!(!sorted(shares).contains(&"group:Production=Admin".to_string())),
        other => panic!("{other:?}"),
    }
}

#[test]
fn preset_and_delegate_owner() {
    let dr = Driver::new("boris@acme.io");
    let p = dr.engine.platform();
    let olga = p.account_by_email("olga@acme.io").expect("olga");
    let d = MemberDialog::invite_for(p, Some(dr.me), olga, &[spec("env:shop-prod=Viewer")]);
    assert!(
        !dr.hints(&d).iter().any(|(_, w)| *w == "new role"),
        "only owners define roles"
    );
    match d.values_command() {
        Command::InviteMember { owner, shares, .. } => {
            assert_eq!(owner.as_deref(), Some("olga@acme.io"));
            assert_eq!(shares, vec![spec("env:shop-prod=Viewer")]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn renders_at_any_size_in_every_state() {
    let mut dr = Driver::new("olga@acme.io");
    let mut d = invite(&dr);
    render_everywhere(&d, &dr.engine, Some(dr.me));
    dr.typ(&mut d, "x");
    dr.keys(&mut d, &[Tab, Tab, Enter]);
    render_everywhere(&d, &dr.engine, Some(dr.me));
    dr.keys(&mut d, &[KeyCode::Char('n')]);
    render_everywhere(&d, &dr.engine, Some(dr.me));
    let text = dr.render(&d, 40, 10);
    assert!(text.contains("New role"), "{text}");
}
