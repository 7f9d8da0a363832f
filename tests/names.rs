//! Names and texts (domain.md section 2): invisible characters are refused wherever a
//! name or a text enters, through commands and through loading a state document; a
//! new role, custom policy or group that looks like a sibling is `DUPLICATE`, naming
//! the look-alike; loading refuses look-alike siblings the same way.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking; its message is the report"
)]
#![allow(
    clippy::items_after_statements,
    clippy::semicolon_if_nothing_returned,
    reason = "test code predates clippy::pedantic; it stays as reviewed rather than restyled"
)]

mod common;

use collab::engine::{Command, Engine, Platform, StateDocument};
use common::*;

/// Invisible characters of every kind the spec names: tags, variation selectors,
/// Hangul fillers, the braille blank, the combining grapheme joiner, the prepended
/// concatenation marks, line and paragraph separators, joiners, direction controls,
/// plus a line break and an escape.
const INVISIBLE: &[char] = &[
    '\u{E0041}',
    '\u{E0001}',
    '\u{FE0F}',
    '\u{FE00}',
    '\u{E0100}',
    '\u{3164}',
    '\u{115F}',
    '\u{FFA0}',
    '\u{2800}',
    '\u{034F}',
    '\u{0600}',
    '\u{0601}',
    '\u{0602}',
    '\u{0603}',
    '\u{0604}',
    '\u{0605}',
    '\u{2028}',
    '\u{2029}',
    '\u{200D}',
    '\u{200B}',
    '\u{202E}',
    '\u{2066}',
    '\u{FEFF}',
    '\n',
    '\r',
    '\u{1b}',
];

fn add_role(name: &str, policies: &[&str], description: Option<&str>) -> Command {
    Command::AddRole {
        name: name.into(),
        policies: strings(policies),
        description: description.map(str::to_string),
        notify: false,
    }
}

fn rename_role(name: &str, new: &str) -> Command {
    Command::EditRole {
        name: name.into(),
        policies: None,
        rename: Some(new.into()),
        description: None,
        notify: None,
    }
}

fn describe_role(name: &str, description: &str) -> Command {
    Command::EditRole {
        name: name.into(),
        policies: None,
        rename: None,
        description: Some(description.into()),
        notify: None,
    }
}

fn copy_role(name: &str, new: &str) -> Command {
    Command::CopyRole {
        name: name.into(),
        new_name: new.into(),
    }
}

fn add_policy(name: &str, description: Option<&str>) -> Command {
    Command::AddPolicy {
        name: name.into(),
        methods: strings(&["env.control.StartEnv"]),
        description: description.map(str::to_string),
    }
}

fn describe_policy(name: &str, description: &str) -> Command {
    Command::EditPolicy {
        name: name.into(),
        methods: None,
        description: Some(description.into()),
    }
}

fn rename_group(owner: Option<&str>, path: &str, new: &str) -> Command {
    Command::RenameGroup {
        owner: owner.map(str::to_string),
        path: path.into(),
        new_name: new.into(),
    }
}

fn remove_group(path: &str) -> Command {
    Command::RemoveGroup {
        owner: None,
        path: path.into(),
    }
}

fn edit_label(member: &str, name: &str) -> Command {
    Command::EditMember {
        owner: None,
        email: member.into(),
        name: Some(name.into()),
        shares: None,
    }
}

/// The owner O with roles Admin, Viewer and User, a custom policy Ship, groups
/// Prod, Prod/EU, Prod/US and Staging, member M invited, and the stranger X.
fn world() -> World {
    let mut w = World::new();
    for a in [O, M, X] {
        w.account(a);
    }
    w.role(O, "Admin", &["fs.view", "fs.write", "env.startstop"]);
    w.role(O, "Viewer", &["fs.view", "logs.view"]);
    w.role(O, "User", &["fs.view", "env.startstop"]);
    w.ok(O, add_policy("Ship", Some("Ship releases")));
    for g in ["Prod/EU", "Prod/US", "Staging"] {
        w.group(O, g);
    }
    w.invite(O, M, &["envs=Viewer"]);
    w
}

/// The message of a refused command, which must carry `code`.
fn message(w: &mut World, actor: &str, cmd: Command, code: &str) -> String {
    let label = cmd.label();
    let before = w.doc();
    match w.run(actor, cmd) {
        Ok(o) => panic!("'{label}' should be refused, did: {}", o.summary),
        Err(e) => {
            assert_eq!(e.code(), code, "'{label}': {e}");
            assert_eq!(w.doc(), before, "refused '{label}' changed the document");
            e.to_string()
        }
    }
}

// ----- invisible characters ------------------------------------------------------

#[test]
fn invisible_characters_are_refused_in_every_name_and_text_of_a_command() {
    let mut w = world();
    for &c in INVISIBLE {
        let inside = format!("Ann{c}a");
        let after = format!("Admin{c}");
        for name in [&inside, &after] {
            // Display names: a new account's, an invited member's label, an edited label.
            let before = w.doc();
            let now = w.tick();
            let add_account = Command::AddAccount {
                email: "new@acme.io".into(),
                name: Some(name.clone()),
                max_environments: None,
            };
            let got = w
                .engine
                .execute(None, &add_account, now)
                .map_err(|e| e.code());
            assert_eq!(got.map(|_| ()), Err("VALIDATION"), "account name {name:?}");
            assert_eq!(w.doc(), before);
            let invite = Command::InviteMember {
                owner: None,
                email: N.into(),
                name: Some(name.clone()),
                shares: Vec::new(),
            };
            w.refused(O, invite, "VALIDATION");
            w.refused(O, edit_label(M, name), "VALIDATION");
            // Group path segments, first and nested, and a renamed group.
            w.refused(O, group_cmd(None, name), "VALIDATION");
            w.refused(O, group_cmd(None, &format!("Prod/{name}")), "VALIDATION");
            w.refused(O, group_cmd(None, &format!("{name}/EU")), "VALIDATION");
            w.refused(O, rename_group(None, "Staging", name), "VALIDATION");
            // Role names: add, rename, copy.
            w.refused(O, add_role(name, &["fs.view"], None), "VALIDATION");
            w.refused(O, rename_role("User", name), "VALIDATION");
            w.refused(O, copy_role("User", name), "VALIDATION");
            // Policy names.
            w.refused(O, add_policy(name, None), "VALIDATION");
            // Descriptions of roles and policies, added and edited.
            w.refused(O, add_role("Fresh", &["fs.view"], Some(name)), "VALIDATION");
            w.refused(O, describe_role("User", name), "VALIDATION");
            w.refused(O, add_policy("Fresh", Some(name)), "VALIDATION");
            w.refused(O, describe_policy("Ship", name), "VALIDATION");
        }
    }
    // The same commands with visible text go through: the refusals above were for
    // the invisible character alone.
    w.ok(O, edit_label(M, "Ann Müller"));
    w.ok(O, group_cmd(None, "Prod/Anna"));
    w.ok(
        O,
        add_role("Anna", &["fs.view"], Some("Reads files; nothing else")),
    );
    w.ok(O, add_policy("Fresh", Some("Starts things")));
    w.ok(O, describe_policy("Ship", "Ship releases — fast"));
}

#[test]
fn descriptions_with_line_breaks_are_refused_and_one_line_is_fine() {
    let mut w = world();
    for text in [
        "two\nlines",
        "forged\n| row | Admin |",
        "a\r\nb",
        "x\u{2028}y",
        "tab\tstop",
    ] {
        let msg = message(
            &mut w,
            O,
            add_role("Fresh", &["fs.view"], Some(text)),
            "VALIDATION",
        );
        assert!(msg.contains("description"), "{msg}");
        assert!(
            !msg.contains('\n'),
            "the message echoes no line break: {msg:?}"
        );
        message(&mut w, O, describe_policy("Ship", text), "VALIDATION");
    }
    w.ok(O, describe_role("User", "  one line, trimmed  "));
    let doc = w.doc();
    let user = doc.roles.iter().find(|r| r.name == "User");
    assert_eq!(
        user.map(|r| r.description.as_str()),
        Some("one line, trimmed")
    );
}

#[test]
fn a_name_with_a_variation_selector_is_invisible_not_a_look_alike() {
    let mut w = world();
    let msg = message(
        &mut w,
        O,
        add_role("Admin\u{FE0F}", &["fs.view"], None),
        "VALIDATION",
    );
    assert!(
        msg.contains("\\u{fe0f}"),
        "the character is shown escaped: {msg}"
    );
    message(&mut w, O, group_cmd(None, "Prod\u{E0041}"), "VALIDATION");
    message(&mut w, O, add_policy("Ship\u{200D}", None), "VALIDATION");
}

/// A document of `world()` with one value changed by `change`.
fn doc_with(change: impl FnOnce(&mut StateDocument)) -> StateDocument {
    let mut doc = world().doc();
    change(&mut doc);
    doc
}

fn load_error(doc: &StateDocument) -> String {
    match Platform::from_document(doc) {
        Ok(_) => panic!("the document should be refused"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn loading_refuses_invisible_characters_in_every_name_and_text() {
    assert!(Platform::from_document(&world().doc()).is_ok());
    type Edit = fn(&mut StateDocument, &str);
    let fields: [(&str, Edit); 8] = [
        ("account name", |d, v| d.accounts[0].name = v.into()),
        ("member label", |d, v| d.collaborations[0].name = v.into()),
        ("root group", |d, v| {
            for g in &mut d.groups {
                if g.path == "Staging" {
                    g.path = v.into();
                }
            }
        }),
        ("subgroup", |d, v| {
            for g in &mut d.groups {
                if g.path == "Prod/EU" {
                    g.path = format!("Prod/{v}");
                }
            }
        }),
        ("role name", |d, v| {
            for r in &mut d.roles {
                if r.name == "User" {
                    r.name = v.into();
                }
            }
        }),
        ("role description", |d, v| d.roles[0].description = v.into()),
        ("policy name", |d, v| d.policies[0].name = v.into()),
        ("policy description", |d, v| {
            d.policies[0].description = v.into()
        }),
    ];
    for &c in INVISIBLE {
        let value = format!("Ann{c}a");
        for (field, edit) in &fields {
            let doc = doc_with(|d| edit(d, &value));
            let msg = load_error(&doc);
            assert!(
                msg.contains("invisible or control characters"),
                "{field} with {c:?}: {msg}"
            );
        }
    }
    // The same fields with visible text load.
    for (field, edit) in &fields {
        let doc = doc_with(|d| edit(d, "Anna"));
        assert!(Platform::from_document(&doc).is_ok(), "{field}");
    }
}

// ----- look-alike names ----------------------------------------------------------

#[test]
fn a_role_that_looks_like_another_is_a_duplicate_naming_it() {
    let mut w = world();
    // Cyrillic А in front of "dmin".
    let msg = message(
        &mut w,
        O,
        add_role("Аdmin", &["fs.view"], None),
        "DUPLICATE",
    );
    assert_eq!(msg, "role 'Аdmin' looks like existing role 'Admin'");
    // Cyrillic А in a capitalized name; Ukrainian і.
    for name in ["АDMIN", "Vіewer"] {
        message(&mut w, O, add_role(name, &["fs.view"], None), "DUPLICATE");
        message(&mut w, O, copy_role("Viewer", name), "DUPLICATE");
        message(&mut w, O, rename_role("User", name), "DUPLICATE");
    }
    // Cyrillic е.
    message(&mut w, O, add_role("Usеr", &["fs.view"], None), "DUPLICATE");
    // Cyrillic capital Em, whose small letter looks like no Latin letter.
    let msg = message(
        &mut w,
        O,
        add_role("AdМin", &["fs.view"], None),
        "DUPLICATE",
    );
    assert!(msg.contains("existing role 'Admin'"), "{msg}");
    // Digit one for l.
    w.role(O, "Deployer", &["fs.view"]);
    let msg = message(&mut w, O, copy_role("Viewer", "Dep1oyer"), "DUPLICATE");
    assert!(msg.contains("existing role 'Deployer'"), "{msg}");
    // The exact, case-insensitive duplicate keeps its own message.
    let msg = message(
        &mut w,
        O,
        add_role("ADMIN", &["fs.view"], None),
        "DUPLICATE",
    );
    assert!(msg.contains("already exists"), "{msg}");
    message(&mut w, O, rename_role("User", "viewer"), "DUPLICATE");
    // A Russian name that looks like nothing else is welcome, and so are names that
    // merely share letters.
    w.ok(O, add_role("Админ", &["fs.view"], None));
    w.ok(O, add_role("Admins", &["fs.view"], None));
    w.ok(O, copy_role("Viewer", "Reviewer"));
}

#[test]
fn a_role_may_be_renamed_to_a_name_that_looks_only_like_itself() {
    let mut w = world();
    w.ok(O, rename_role("Viewer", "VIEWER"));
    w.ok(O, rename_role("VIEWER", "Vіewer")); // Ukrainian і: looks like itself only
    w.ok(O, rename_role("Vіewer", "Viewer"));
    // Renaming frees the old look: Admin becomes Boss, so Аdmin is new.
    w.ok(O, rename_role("Admin", "Boss"));
    w.ok(O, add_role("Аdmin", &["fs.view"], None));
    w.refused(O, add_role("B0ss", &["fs.view"], None), "DUPLICATE");
}

#[test]
fn look_alikes_are_per_owner() {
    let mut w = world();
    w.ok(X, add_role("Аdmin", &["fs.view"], None));
    w.ok(X, add_policy("Ѕhip", None));
    w.ok(X, group_cmd(None, "Ρrod"));
    // X's own siblings are checked against X's names.
    w.refused(X, add_role("Admin", &["fs.view"], None), "DUPLICATE");
    w.refused(X, group_cmd(None, "Prod"), "DUPLICATE");
}

#[test]
fn a_deleted_name_no_longer_blocks_its_look_alikes_and_undo_brings_it_back() {
    let mut w = world();
    w.ok(
        O,
        Command::DeleteRole {
            name: "Admin".into(),
            force: true,
        },
    );
    w.ok(O, add_role("Аdmin", &["fs.view"], None));
    // Undo the new role, then the deletion: Admin is back and blocks Аdmin again.
    let (o, now) = (w.id(O), w.tick());
    assert!(w.engine.undo(o, now).is_ok());
    let (o, now) = (w.id(O), w.tick());
    assert!(w.engine.undo(o, now).is_ok());
    w.refused(O, add_role("Аdmin", &["fs.view"], None), "DUPLICATE");
    let (o, now) = (w.id(O), w.tick());
    assert!(w.engine.redo(o, now).is_ok());
    let (o, now) = (w.id(O), w.tick());
    assert!(w.engine.redo(o, now).is_ok());
    w.refused(O, add_role("Admin", &["fs.view"], None), "DUPLICATE");
    w.ok(O, remove_group("Prod"));
    w.ok(O, group_cmd(None, "Ρrod"));
    assert_eq!(w.p().check_invariants(), Ok(()));
}

#[test]
fn a_custom_policy_that_looks_like_another_or_a_system_policy_is_a_duplicate() {
    let mut w = world();
    let msg = message(&mut w, O, add_policy("Ѕhip", None), "DUPLICATE");
    assert_eq!(msg, "policy 'Ѕhip' looks like existing policy 'Ship'");
    message(&mut w, O, add_policy("SHІP", None), "DUPLICATE");
    let msg = message(&mut w, O, add_policy("env.startst0p", None), "DUPLICATE");
    assert!(
        msg.contains("looks like system policy 'env.startstop'"),
        "{msg}"
    );
    message(&mut w, O, add_policy("fs.vіew", None), "DUPLICATE");
    // Exact duplicates keep their messages.
    let msg = message(&mut w, O, add_policy("ship", None), "DUPLICATE");
    assert!(msg.contains("already exists"), "{msg}");
    let msg = message(&mut w, O, add_policy("FS.VIEW", None), "DUPLICATE");
    assert!(msg.contains("system policy"), "{msg}");
    w.ok(O, add_policy("Shipping", None));
    w.ok(O, add_policy("fs.viewer", None));
}

#[test]
fn a_group_that_looks_like_a_sibling_is_a_duplicate_naming_it() {
    let mut w = world();
    // Greek Rho.
    let msg = message(&mut w, O, group_cmd(None, "Ρrod"), "DUPLICATE");
    assert_eq!(msg, "group 'Ρrod' looks like existing group 'Prod'");
    message(&mut w, O, group_cmd(None, "prod"), "DUPLICATE");
    message(&mut w, O, group_cmd(None, "PROD"), "DUPLICATE");
    // Cyrillic capital Te, whose small letter looks like no Latin letter.
    let msg = message(&mut w, O, group_cmd(None, "SТaging"), "DUPLICATE");
    assert!(msg.contains("existing group 'Staging'"), "{msg}");
    // A look-alike in the middle of a path, and at its end (Cyrillic Е).
    message(&mut w, O, group_cmd(None, "Ρrod/New"), "DUPLICATE");
    let msg = message(&mut w, O, group_cmd(None, "Prod/ЕU"), "DUPLICATE");
    assert_eq!(msg, "group 'Prod/ЕU' looks like existing group 'Prod/EU'");
    // Rename onto a sibling's look.
    let msg = message(
        &mut w,
        O,
        rename_group(None, "Staging", "Ρrod"),
        "DUPLICATE",
    );
    assert!(msg.contains("existing group 'Prod'"), "{msg}");
    message(&mut w, O, rename_group(None, "Prod/US", "ЕU"), "DUPLICATE");
    // Siblings only: the same name under another parent is fine.
    w.ok(O, group_cmd(None, "Staging/EU"));
    w.ok(O, group_cmd(None, "Staging/Ρrod"));
    // A group may take a name that looks only like itself.
    w.ok(O, rename_group(None, "Prod", "PROD"));
    w.ok(O, rename_group(None, "PROD/EU", "eu"));
    assert!(w.p().group_by_path(w.id(O), "PROD/eu").is_some());
}

// ----- loading -------------------------------------------------------------------

fn role_named(doc: &StateDocument, name: &str) -> collab::engine::RoleDoc {
    doc.roles
        .iter()
        .find(|r| r.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("role {name}"))
}

#[test]
fn loading_refuses_look_alike_siblings_naming_both() {
    let doc = doc_with(|d| {
        let mut r = role_named(d, "Viewer");
        r.name = "Аdmin".into();
        d.roles.push(r);
    });
    let msg = load_error(&doc);
    assert!(msg.contains("Аdmin") && msg.contains("'Admin'"), "{msg}");
    assert!(msg.contains("looks like existing role"), "{msg}");

    let doc = doc_with(|d| {
        let mut p = d.policies[0].clone();
        p.name = "Ѕhip".into();
        d.policies.push(p);
    });
    let msg = load_error(&doc);
    assert!(msg.contains("Ѕhip") && msg.contains("'Ship'"), "{msg}");

    let doc = doc_with(|d| {
        let mut p = d.policies[0].clone();
        p.name = "env.startst0p".into();
        d.policies.push(p);
    });
    assert!(load_error(&doc).contains("'env.startstop'"));

    for (path, like) in [
        ("Ρrod", "'Prod'"),
        ("Prod/ЕU", "'Prod/EU'"),
        ("staging", "'Staging'"),
    ] {
        let doc = doc_with(|d| {
            let mut g = d.groups[0].clone();
            g.path = path.into();
            d.groups.push(g);
        });
        let msg = load_error(&doc);
        assert!(msg.contains(path) && msg.contains(like), "{msg}");
        assert!(msg.contains("looks like existing group"), "{msg}");
    }
}

#[test]
fn loading_accepts_look_alikes_of_other_owners_and_other_parents() {
    let doc = doc_with(|d| {
        let mut r = role_named(d, "Viewer");
        r.owner = X.into();
        r.name = "Аdmin".into();
        d.roles.push(r);
        let mut g = d.groups[0].clone();
        g.owner = X.into();
        g.path = "Ρrod".into();
        d.groups.push(g);
        let mut g = d.groups[0].clone();
        g.path = "Staging/ЕU".into();
        d.groups.push(g);
    });
    let engine = Engine::from_document(&doc).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(engine.platform().check_invariants(), Ok(()));
    // And what loaded is checked like what was typed.
    let mut w = World::new();
    w.engine = engine;
    w.refused(O, group_cmd(None, "Staging/EU"), "DUPLICATE");
    w.refused(X, group_cmd(None, "Prod"), "DUPLICATE");
    w.refused(X, add_role("Admin", &["fs.view"], None), "DUPLICATE");
}
