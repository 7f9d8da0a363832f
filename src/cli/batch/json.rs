//! The answers of `check --batch` written straight into the output buffer: `check
//! --json`'s shape, byte for byte what `serde_json` writes for a
//! [`CheckRow`](crate::engine::CheckRow), without building the row (its owned strings,
//! its sorted role names, its reason sentence) first.
//!
//! Names are looked up once per distinct spelling; the JSON of a role list is built
//! once per distinct list.

use std::collections::HashMap;
use std::fmt;

use crate::engine::{
    AccountId, Catalogue, Decision, EnvId, MethodId, Platform, Result, RoleId, cmp_ci,
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `s` as the inside of a JSON string, escaped exactly as `serde_json` does:
/// `"` and `\` with a backslash, the controls U+0000–U+001F as `\b`, `\t`, `\n`, `\f`,
/// `\r` or `\u00xx` (lower-case hex); every other character as it is.
pub fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !bytes.iter().any(|b| *b < 0x20 || *b == b'"' || *b == b'\\') {
        out.extend_from_slice(bytes);
        return;
    }
    for &b in bytes {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0..0x20 => {
                let hex = |n: u8| HEX.get(usize::from(n)).copied().unwrap_or(b'0');
                out.extend_from_slice(b"\\u00");
                out.push(hex(b >> 4));
                out.push(hex(b & 0xf));
            }
            _ => out.push(b),
        }
    }
}

/// A `fmt::Write` that escapes what it is given into a JSON string's inside.
struct JsonText<'a>(&'a mut Vec<u8>);

impl fmt::Write for JsonText<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_into(self.0, s);
        Ok(())
    }
}

fn push_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_into(out, s);
    out.push(b'"');
}

/// Resolves the names of a batch and writes its answers, with what it has learnt
/// along the way.
pub struct Answerer<'p> {
    p: &'p Platform,
    members: HashMap<Box<str>, AccountId>,
    envs: HashMap<Box<str>, EnvId>,
    actions: HashMap<Box<str>, MethodId>,
    /// `["Developer","Viewer"]` for each distinct role list met so far.
    role_lists: HashMap<Vec<RoleId>, Box<[u8]>>,
}

/// Looks `name` up in `cache`, else asks `find` and remembers a name it found (a name
/// not found is not remembered, so bad input cannot grow the cache).
fn cached<T: Copy>(
    cache: &mut HashMap<Box<str>, T>,
    name: &str,
    find: impl FnOnce(&str) -> Result<T>,
) -> Result<T> {
    if let Some(v) = cache.get(name) {
        return Ok(*v);
    }
    let v = find(name)?;
    cache.insert(name.into(), v);
    Ok(v)
}

impl<'p> Answerer<'p> {
    pub fn new(p: &'p Platform) -> Self {
        Answerer {
            p,
            members: HashMap::new(),
            envs: HashMap::new(),
            actions: HashMap::new(),
            role_lists: HashMap::new(),
        }
    }

    pub fn platform(&self) -> &'p Platform {
        self.p
    }

    pub fn member(&mut self, email: &str) -> Result<AccountId> {
        let p = self.p;
        cached(&mut self.members, email, |n| p.find_account(n))
    }

    pub fn env(&mut self, name: &str) -> Result<EnvId> {
        let p = self.p;
        cached(&mut self.envs, name, |n| p.find_env(n))
    }

    pub fn action(&mut self, action: &str) -> Result<MethodId> {
        let p = self.p;
        cached(&mut self.actions, action, |n| p.find_method(n))
    }

    fn roles_into(&mut self, roles: &[RoleId], out: &mut Vec<u8>) {
        if roles.is_empty() {
            out.extend_from_slice(b"[]");
            return;
        }
        if let Some(json) = self.role_lists.get(roles) {
            out.extend_from_slice(json);
            return;
        }
        let p = self.p;
        let mut names: Vec<&str> = roles.iter().map(|r| p.role(*r).name.as_str()).collect();
        names.sort_by(|a, b| cmp_ci(a, b));
        let mut json = vec![b'['];
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                json.push(b',');
            }
            push_string(&mut json, name);
        }
        json.push(b']');
        out.extend_from_slice(&json);
        self.role_lists
            .insert(roles.to_vec(), json.into_boxed_slice());
    }

    /// `check --json`'s object for `d`, compact, without its closing brace (the
    /// caller closes it, or adds `"explain"` first).
    pub fn write_check(&mut self, d: &Decision, out: &mut Vec<u8>) {
        let p = self.p;
        out.extend_from_slice(if d.allowed() {
            b"{\"allowed\":true,\"member\":\""
        } else {
            b"{\"allowed\":false,\"member\":\""
        });
        escape_into(out, &p.account(d.member).email);
        out.extend_from_slice(b"\",\"env\":\"");
        escape_into(out, &p.env(d.env).name);
        out.extend_from_slice(b"\",\"method\":\"");
        escape_into(out, Catalogue::get().method_name(d.method));
        out.extend_from_slice(b"\",\"level\":\"");
        escape_into(out, d.level.as_str());
        out.extend_from_slice(b"\",\"roles\":");
        self.roles_into(&d.roles, out);
        out.extend_from_slice(b",\"granted_by\":");
        match d.granted_by() {
            Some((role, policy)) => {
                out.extend_from_slice(b"{\"role\":");
                push_string(out, &p.role(role).name);
                out.extend_from_slice(b",\"policy\":");
                push_string(out, p.policy_id(policy));
                out.push(b'}');
            }
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"reason\":\"");
        // `JsonText` never fails; a failing `Display` inside would only cut the text.
        let _ = p.write_reason(d, &mut JsonText(out));
        out.push(b'"');
    }
}

#[cfg(test)]
mod tests {
    use super::escape_into;
    use proptest::prelude::*;

    fn escaped(s: &str) -> String {
        let mut out = vec![b'"'];
        escape_into(&mut out, s);
        out.push(b'"');
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_ascii_character_is_escaped_as_serde_json_escapes_it() {
        for b in 0u8..0x80 {
            let s = char::from(b).to_string();
            assert_eq!(
                escaped(&s),
                serde_json::to_string(&s).unwrap(),
                "byte {b:#04x}"
            );
        }
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "tab\there\nnew\u{1b}[31m",
            "ünï\u{7f}\u{202e}😀",
        ] {
            assert_eq!(escaped(s), serde_json::to_string(s).unwrap());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn any_text_is_escaped_as_serde_json_escapes_it(s in "\\PC*|[\\x00-\\x7f]*") {
            prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
