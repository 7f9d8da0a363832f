//! One line of `check --batch`, read as a question.
//!
//! Nearly every line is the plain shape a script writes (`{"member": "...", "env":
//! "...", "action": "..."}`, perhaps with `"explain"`): a small scanner reads that
//! shape without a general JSON parser. Anything else (escapes in a string, a field
//! twice, an unknown field, a number, trailing text) goes to `serde_json`, which
//! answers it or says precisely what is wrong; the scanner only ever accepts lines
//! `serde_json` reads the same way.

use std::borrow::Cow;
use std::ops::Range;

use serde::Deserialize;

/// One question. Unknown fields are refused, so a misspelled `"explian"` cannot be
/// silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question<'a> {
    #[serde(borrow)]
    pub member: Cow<'a, str>,
    #[serde(borrow)]
    pub env: Cow<'a, str>,
    #[serde(borrow)]
    pub action: Cow<'a, str>,
    #[serde(default)]
    pub explain: bool,
}

impl<'a> Question<'a> {
    /// Reads a line, scanned when it can be.
    #[cfg(test)]
    pub fn parse(text: &'a [u8]) -> Result<Question<'a>, String> {
        scan(text).map_or_else(|| Self::read(text), Ok)
    }

    /// Reads a line the scanner did not take, with `serde_json`, whose error says
    /// what is wrong.
    /// A question is a JSON object: `serde_json` would also read a struct from an
    /// array of its fields in order, which the contract does not allow.
    pub fn read(text: &'a [u8]) -> Result<Question<'a>, String> {
        match text.iter().find(|b| !is_ws(**b)) {
            Some(b'{') => serde_json::from_slice(text).map_err(|e| e.to_string()),
            _ => Err(format!(
                "expected a JSON object {{\"member\", \"env\", \"action\"}} at line 1 column {}",
                text.iter().take_while(|b| is_ws(**b)).count() + 1
            )),
        }
    }

    /// The question's parts, its names as `serde_json` decoded them.
    pub fn parts(&self) -> Parts<'_> {
        Parts {
            member: self.member.as_bytes(),
            env: self.env.as_bytes(),
            action: self.action.as_bytes(),
            explain: self.explain,
        }
    }
}

/// JSON's whitespace (RFC 8259), which is what `serde_json` skips.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Reads the plain shape over a line already known to be UTF-8, so the strings it
/// hands out are slices of that line, cut at ASCII quotes.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.at += 1;
        }
    }

    /// The next non-blank byte, if it is `want`.
    fn eat(&mut self, want: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == want).then(|| self.at += 1)
    }

    /// A string with no escape and no control character in it, as the byte range of
    /// its inside.
    fn plain_str(&mut self) -> Option<Range<usize>> {
        self.eat(b'"')?;
        let rest = self.text.get(self.at..)?;
        // One pass to the closing quote; a backslash or a control character first
        // leaves the line to serde. The quote is ASCII, so the cut is a char boundary.
        let end = rest
            .bytes()
            .position(|b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        let start = self.at;
        self.at += end + 1;
        Some(start..start + end)
    }

    fn literal(&mut self, word: &str) -> bool {
        let found = self
            .text
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word));
        if found {
            self.at += word.len();
        }
        found
    }

    fn boolean(&mut self) -> Option<bool> {
        self.skip_ws();
        if self.literal("true") {
            Some(true)
        } else if self.literal("false") {
            Some(false)
        } else {
            None
        }
    }
}

/// A question's parts as bytes: of its line, or of `serde_json`'s strings.
#[derive(Clone, Copy)]
pub struct Parts<'a> {
    pub member: &'a [u8],
    pub env: &'a [u8],
    pub action: &'a [u8],
    pub explain: bool,
}

/// Where the parts of a question in the plain shape lie in its line: what the scanner
/// found, kept apart from the line so that a batch's reader can scan lines ahead of
/// the answering and hand them over with their spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spans {
    member: Range<usize>,
    env: Range<usize>,
    action: Range<usize>,
    explain: bool,
}

impl Spans {
    /// The plain shape's spans, or `None` for anything the scanner does not handle.
    pub fn of(text: &[u8]) -> Option<Spans> {
        let mut s = Scanner {
            text: std::str::from_utf8(text).ok()?,
            at: 0,
        };
        s.eat(b'{')?;
        let (mut member, mut env, mut action, mut explain) = (None, None, None, None);
        loop {
            let key = s.plain_str()?;
            s.eat(b':')?;
            let slot = match s.text.get(key)? {
                "member" => &mut member,
                "env" => &mut env,
                "action" => &mut action,
                "explain" => {
                    if explain.replace(s.boolean()?).is_some() {
                        return None;
                    }
                    if s.eat(b',').is_some() {
                        continue;
                    }
                    break;
                }
                _ => return None,
            };
            if slot.replace(s.plain_str()?).is_some() {
                return None;
            }
            if s.eat(b',').is_none() {
                break;
            }
        }
        s.eat(b'}')?;
        s.skip_ws();
        if s.at != s.text.len() {
            return None;
        }
        Some(Spans {
            member: member?,
            env: env?,
            action: action?,
            explain: explain.unwrap_or(false),
        })
    }

    /// The parts these spans mark in `text`, the line they were found in, as bytes:
    /// valid UTF-8, as the scanner found the whole line to be.
    pub fn parts<'a>(&self, text: &'a [u8]) -> Option<Parts<'a>> {
        Some(Parts {
            member: text.get(self.member.clone())?,
            env: text.get(self.env.clone())?,
            action: text.get(self.action.clone())?,
            explain: self.explain,
        })
    }
}

/// The plain shape as a question (through [`Spans::parts`], as the batch reads it),
/// or `None` for anything the scanner does not handle.
#[cfg(test)]
fn scan(text: &[u8]) -> Option<Question<'_>> {
    fn part(b: &[u8]) -> Option<Cow<'_, str>> {
        std::str::from_utf8(b).ok().map(Cow::Borrowed)
    }
    let parts = Spans::of(text)?.parts(text)?;
    Some(Question {
        member: part(parts.member)?,
        env: part(parts.env)?,
        action: part(parts.action)?,
        explain: parts.explain,
    })
}

#[cfg(test)]
mod tests {
    use super::{Question, scan};
    use proptest::prelude::*;

    fn fields(q: &Question<'_>) -> (String, String, String, bool) {
        (
            q.member.to_string(),
            q.env.to_string(),
            q.action.to_string(),
            q.explain,
        )
    }

    #[test]
    fn the_plain_shape_is_scanned_without_serde() {
        for line in [
            r#"{"member":"anna@acme.io","env":"shop-prod","action":"logs"}"#,
            r#" { "action" : "logs" , "env": "shop-prod",	"member": "anna@acme.io" } "#,
            r#"{"member":"anna@acme.io","env":"shop-prod","action":"logs","explain":true}"#,
            r#"{"explain": false, "member":"ünï","env":"e","action":"a"}"#,
        ] {
            let q = scan(line.as_bytes()).unwrap_or_else(|| panic!("not scanned: {line}"));
            let want: Question<'_> = serde_json::from_str(line).unwrap();
            assert_eq!(fields(&q), fields(&want));
        }
    }

    #[test]
    fn anything_else_is_left_to_serde_and_its_errors() {
        for line in [
            r#"{"member":"a\"b","env":"e","action":"a"}"#,
            r#"{"member":"a","member":"b","env":"e","action":"a"}"#,
            r#"{"member":"a","env":"e","action":"a","explian":true}"#,
            r#"{"member":"a","env":"e","action":"a","explain":null}"#,
            r#"{"member":"a","env":"e","action":"a"} x"#,
            r#"{"member":"a","env":"e","action":"a",}"#,
            r#"{"member":"a","env":"e"}"#,
            r#"{"member":"a" "env":"e","action":"a"}"#,
            "{\"member\":\"a\tb\",\"env\":\"e\",\"action\":\"a\"}",
            "[1, 2]",
            "not json",
            "{}",
        ] {
            assert!(scan(line.as_bytes()).is_none(), "scanned: {line}");
        }
        // The escaped string is still a fine question, read by serde.
        let q = Question::parse(br#"{"member":"a\"b","env":"e","action":"a"}"#).unwrap();
        assert_eq!(q.member, "a\"b");
        let e = Question::parse(br#"{"member":"a","env":"e"}"#)
            .err()
            .unwrap();
        assert!(e.contains("action"), "{e}");
    }

    fn key() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "\"member\"",
            "\"env\"",
            "\"action\"",
            "\"explain\"",
            "\"other\"",
            "\"memb\\u0065r\"",
            "member",
        ])
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "\"[a-z@.é-]{0,8}\"",
            1 => "\"[a-z\\\\\"\\x01-\\x1f]{0,4}\"",
            1 => prop::sample::select(vec!["true", "false", "null", "1", "[]", "\"", ""])
                .prop_map(str::to_string),
        ]
    }

    fn entry() -> impl Strategy<Value = String> {
        (
            key(),
            "[ \t]{0,1}",
            prop::sample::select(vec![":", ": ", "", "="]),
            value(),
        )
            .prop_map(|(k, ws, colon, v)| format!("{k}{ws}{colon}{v}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// Whatever the scanner accepts, serde reads the same way (lines near the
        /// plain shape: keys right and wrong, twice or missing, odd values, stray
        /// separators and trailing text).
        #[test]
        fn the_scanner_agrees_with_serde(
            entries in proptest::collection::vec(entry(), 0..6),
            sep in prop::sample::select(vec![",", ", ", ",,", " "]),
            open in prop::sample::select(vec!["{", " {", "[", ""]),
            close in prop::sample::select(vec!["}", "} ", "},", "}x", ""]),
        ) {
            let line = format!("{open}{}{close}", entries.join(sep));
            if let Some(q) = scan(line.as_bytes()) {
                let want: Question<'_> = serde_json::from_str(&line)
                    .map_err(|e| TestCaseError::fail(format!("{line}: {e}")))?;
                prop_assert_eq!(fields(&q), fields(&want), "{}", line);
            }
        }

        /// A well-formed question in any key order and spacing is scanned.
        #[test]
        fn well_formed_questions_are_scanned(
            member in "[a-z.@]{1,12}",
            env in "[a-z0-9-]{1,12}",
            action in "[a-zA-Z.]{1,12}",
            explain in proptest::option::of(any::<bool>()),
            order in Just([0usize, 1, 2, 3]).prop_shuffle(),
            space in "[ \t]{0,2}",
        ) {
            let mut parts = vec![
                format!("\"member\"{space}:{space}\"{member}\""),
                format!("\"env\":\"{env}\""),
                format!("\"action\":{space}\"{action}\""),
            ];
            if let Some(x) = explain {
                parts.push(format!("\"explain\":{x}"));
            }
            let ordered: Vec<&String> = order.iter().filter_map(|i| parts.get(*i)).collect();
            let line = format!("{space}{{{}}}", ordered.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(&format!(",{space}")));
            let q = scan(line.as_bytes());
            prop_assert!(q.is_some(), "{}", line);
            let want: Question<'_> = serde_json::from_str(&line).unwrap();
            prop_assert_eq!(fields(&q.unwrap()), fields(&want));
        }
    }
}
