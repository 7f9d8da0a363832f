//! Unit tests of the validators: what each accepts and refuses.

use super::*;

#[test]
fn emails_are_lower_cased_and_checked() {
    assert_eq!(email("Bob@Acme.IO").as_deref(), Ok("bob@acme.io"));
    for bad in [
        "",
        "bob",
        "bob@@acme.io",
        "a@b@c.io",
        "@acme.io",
        "bob@",
        "bob@acme",
        "bob smith@acme.io",
        "bob@-acme.io",
        "bo..b@acme.io",
        "bob\u{7}@acme.io",
    ] {
        assert_eq!(
            email(bad).map_err(|e| e.code()),
            Err("VALIDATION"),
            "{bad:?}"
        );
    }
    let long_local = format!("{}@acme.io", "a".repeat(65));
    assert!(email(&long_local).is_err());
    let ok_local = format!("{}@acme.io", "a".repeat(64));
    assert!(email(&ok_local).is_ok());
    let too_long = format!("a@{}.io", "b".repeat(251));
    assert!(email(&too_long).is_err());
}

#[test]
fn an_env_name_with_other_characters_is_refused_for_them_whatever_its_length() {
    // 17 two-byte letters are 34 bytes but 17 characters: the letters are the fault.
    for raw in ["é".repeat(17), format!("{}é", "a".repeat(31))] {
        let err = env_name(&raw).unwrap_err().to_string();
        assert!(
            err.contains("only lower-case letters, digits and '-' (found 'é')"),
            "{err}"
        );
    }
    let err = env_name(&"a".repeat(33)).unwrap_err().to_string();
    assert!(
        err.contains("must be 3 to 32 characters long (it has 33)"),
        "{err}"
    );
}

#[test]
fn env_names_are_subdomain_like() {
    assert!(env_name("shop-prod").is_ok());
    assert!(env_name("abc").is_ok());
    assert!(env_name(&"a".repeat(32)).is_ok());
    for bad in ["ab", "Shop", "shop prod", "shop_prod", "", &"a".repeat(33)] {
        assert!(env_name(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn group_paths_have_non_empty_trimmed_segments() {
    assert_eq!(
        group_path("Testing Group/first"),
        Ok(vec!["Testing Group".to_string(), "first".to_string()])
    );
    for bad in ["", "/", "A//B", "/A", "A/", " A", "A /B", "A/\tB"] {
        assert!(group_path(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn role_names_refuse_plus_and_equals() {
    assert!(role_name("Viewer").is_ok());
    assert!(role_name("A+B").is_err());
    assert!(role_name("A=B").is_err());
    assert!(role_name(" ").is_err());
}

/// The invisible characters used to spoof names, refused like control characters
/// wherever those are: format characters, tags, variation selectors, fillers,
/// the braille blank, prepended concatenation marks, separators and controls.
const HIDDEN: [char; 40] = [
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}',
    '\u{2060}',
    '\u{2061}',
    '\u{2062}',
    '\u{2063}',
    '\u{2064}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{FEFF}',
    '\u{00AD}',
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
    '\u{0605}',
    '\u{2028}',
    '\u{2029}',
    '\u{180E}',
    '\n',
    '\r',
    '\t',
    '\u{85}',
];

#[test]
fn format_characters_are_refused_like_control_characters() {
    for c in HIDDEN {
        let name = format!("Ann{c}a");
        let code = |r: Result<String>| r.map_err(|e| e.code());
        assert_eq!(
            code(display_name(Field::Name, &name)),
            Err("VALIDATION"),
            "{c:?}"
        );
        assert_eq!(code(role_name(&name)), Err("VALIDATION"), "{c:?}");
        assert_eq!(code(policy_name(&name)), Err("VALIDATION"), "{c:?}");
        assert_eq!(code(group_segment(&name)), Err("VALIDATION"), "{c:?}");
        assert!(group_path(&format!("Production/{name}")).is_err(), "{c:?}");
        assert_eq!(code(description(&name)), Err("VALIDATION"), "{c:?}");
        assert_eq!(code(email(&format!("ann{c}@acme.io"))), Err("VALIDATION"));
        for spec in [
            format!("envs={name}"),
            format!("group:{name}=Viewer"),
            format!("env:shop{c}=Viewer"),
        ] {
            assert!(ShareSpec::parse(&spec).is_err(), "{spec:?}");
        }
    }
}

#[test]
fn other_unicode_is_welcome_in_names() {
    for ok in ["Zoë", "Анна", "山田", "Crab 🦀", "Ops & Dev"] {
        assert_eq!(display_name(Field::Name, ok).as_deref(), Ok(ok));
        assert_eq!(role_name(ok).as_deref(), Ok(ok));
        assert_eq!(group_path(ok), Ok(vec![ok.to_string()]));
        assert_eq!(description(ok).as_deref(), Ok(ok));
    }
    assert_eq!(description(" padded ").as_deref(), Ok("padded"));
    assert_eq!(description("").as_deref(), Ok(""));
}

#[test]
fn descriptions_stay_on_one_line() {
    for bad in [
        "two\nlines",
        "a\r\nb",
        "tab\there",
        "x\u{2028}y",
        "x\u{2029}y",
        "x\u{85}y",
    ] {
        assert_eq!(
            description(bad).map_err(|e| e.code()),
            Err("VALIDATION"),
            "{bad:?}"
        );
    }
}

#[test]
fn shown_escapes_and_cuts() {
    assert_eq!(shown("shop-prod"), "shop-prod");
    assert_eq!(shown("a\u{1b}[2J\u{202e}"), "a\\u{1b}[2J\\u{202e}");
    let long = shown(&"z".repeat(100_000));
    assert_eq!(long, format!("{}…", "z".repeat(40)));
}

#[test]
fn share_specs_parse_every_form() {
    let p = |s| ShareSpec::parse(s).expect("valid spec");
    assert_eq!(p("envs=Viewer").target, TargetSpec::AllEnvs);
    assert_eq!(p("envs=Viewer").roles, ["Viewer"]);
    assert_eq!(p("groups=A+B").roles, ["A", "B"]);
    let g = p("group:Testing Group/first=Admin+Viewer");
    assert_eq!(g.target, TargetSpec::Group("Testing Group/first".into()));
    assert_eq!(g.roles, ["Admin", "Viewer"]);
    assert!(p("group:Testing Group").roles.is_empty());
    assert_eq!(
        p("env:shop-prod").target,
        TargetSpec::Env("shop-prod".into())
    );
    for bad in [
        "",
        "all=Viewer",
        "envs=",
        "envs=A++B",
        "group:=A",
        "group:A//B=V",
        "env:=V",
        "nope",
    ] {
        assert!(ShareSpec::parse(bad).is_err(), "{bad:?}");
    }
}
