//! JSON text written by hand where the serializer would cost too much: the strings of
//! `check --batch`'s answers and of `diff --json`'s access changes, escaped exactly as
//! `serde_json` escapes them (tested against it).

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `s` as the inside of a JSON string, escaped exactly as `serde_json` does:
/// `"` and `\` with a backslash, the controls U+0000–U+001F as `\b`, `\t`, `\n`, `\f`,
/// `\r` or `\u00xx` (lower-case hex); every other character as it is.
pub fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !needs_escape(bytes) {
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

/// Whether `bytes` hold a `"`, a `\\` or a control character, eight bytes at a time
/// (names are short and almost never need it; this is on every answer's path).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero (or, with `n`, below `n` <= 0x80): the classic bit trick,
    // exact as a yes/no answer for the whole word.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            return true;
        };
        let v = u64::from_le_bytes(word);
        if below(v, 0x20)
            || below(v ^ (ONES * u64::from(b'"')), 1)
            || below(v ^ (ONES * u64::from(b'\\')), 1)
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|b| *b < 0x20 || *b == b'"' || *b == b'\\')
}

/// Appends `s` as a JSON string, quotes included.
pub fn push_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_into(out, s);
    out.push(b'"');
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
