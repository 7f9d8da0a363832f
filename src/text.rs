//! Text on its way to a terminal: the one place that decides which characters are
//! invisible, how they are escaped, and how wide a string is on screen.
//!
//! Every text that comes from the state file or from arguments passes through
//! [`escape`] (or [`quoted`] for a cut quotation in a message) before it reaches
//! stdout, stderr or the app's screen, so a hand-edited file cannot set the
//! terminal's clipboard or title, and a name cannot hide characters. Widths use
//! `unicode-width`, the same measure ratatui draws with.
//!
//! This module is a leaf: it depends on nothing of the crate, so the engine, the
//! store, the command line and the app can all use it.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_width::UnicodeWidthChar;

/// Whether `c` is invisible or changes how the terminal or the text around it
/// behaves: controls (Cc), format characters (Cf: zero-width characters, direction
/// controls, tags, the prepended concatenation marks U+0600–0605), line and paragraph
/// separators (Zl, Zp), and the other default-ignorable code points of Unicode's
/// `DerivedCoreProperties.txt` that are not format characters (combining grapheme
/// joiner, Hangul and Khmer fillers, Mongolian and standard variation selectors), plus
/// the braille blank, which draws as an empty cell. Unassigned code points (Cn) count
/// too: no terminal draws them the same way, and some are reserved default-ignorable
/// ones (U+2065), which a later Unicode may make invisible. So do the characters
/// [`is_drawn_unalike`] names: visible, but no terminal agrees on their width.
pub fn is_invisible(c: char) -> bool {
    // Printable ASCII, nearly every character this sees, is visible.
    if (' '..='~').contains(&c) {
        return false;
    }
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::Unassigned
    ) || matches!(
        c,
        '\u{034F}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    ) || is_drawn_unalike(c)
}

/// Regional indicators and emoji skin-tone modifiers: joined with their neighbours
/// into one picture whose width terminals disagree on (a flag is two indicators: one
/// column each, or two together). A screen drawn at a width the terminal does not
/// share keeps cells that nobody drew, so names may not hold them and any other text
/// shows them escaped, taking the columns they are measured at.
pub fn is_drawn_unalike(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}' | '\u{1F3FB}'..='\u{1F3FF}')
}

/// `s` with every invisible character written as a visible escape (`\n`, `\t`,
/// `\u{1b}`, ...); borrowed when there is nothing to escape.
pub fn escape(s: &str) -> Cow<'_, str> {
    if is_printable_ascii(s) || !s.chars().any(is_invisible) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    if !is_invisible(c) {
        out.push(c);
        return;
    }
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        _ => {
            let code = format!("{:x}", u32::from(c));
            out.push_str("\\u{");
            out.push_str(&code);
            out.push('}');
        }
    }
}

/// The most characters of user text a message quotes.
pub const QUOTE_CHARS: usize = 40;

/// User text as quoted inside a message: escaped, and cut after its first
/// [`QUOTE_CHARS`] characters with `…`.
pub fn quoted(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().take(QUOTE_CHARS) {
        push_escaped(&mut out, c);
    }
    if s.chars().nth(QUOTE_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// The most characters of a message that quotes text it did not cut itself (see
/// [`cut_quotations`]).
pub const MESSAGE_CHARS: usize = 1000;

/// A message that may quote pieces of a file whole (a JSON parser's, say, or a check
/// of a loaded document): escaped, every quotation in it (text between two of the same
/// mark, `` ` ``, `'` or `"`, opening after a space or a bracket and closing before
/// one or a punctuation mark) longer than [`QUOTE_CHARS`] cut as [`quoted`] cuts it,
/// and the whole cut after [`MESSAGE_CHARS`] characters with `…`, whatever the
/// quotations hold.
pub fn cut_quotations(s: &str) -> String {
    let opens = |prev: Option<char>| prev.is_none_or(|p| p.is_whitespace() || "([{".contains(p));
    let closes =
        |next: Option<char>| next.is_none_or(|n| n.is_whitespace() || ",;:.)]}…".contains(n));
    // Per mark, the next closing position found so far (`None` inside: none is left).
    // Openers come in order, so each mark's search only moves forward.
    let mut next_close: [(char, Option<Option<usize>>); 3] =
        [('`', None), ('\'', None), ('"', None)];
    let mut out = String::new();
    let mut count = 0usize;
    let mut prev = None;
    let mut i = 0;
    while let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) {
        if count >= MESSAGE_CHARS {
            out.push('…');
            break;
        }
        if let Some((_, cached)) = next_close.iter_mut().find(|(m, _)| *m == c)
            && opens(prev)
        {
            let from = i + c.len_utf8();
            let stale = matches!(cached, Some(Some(at)) if *at < from);
            if cached.is_none() || stale {
                *cached = Some(
                    s.get(from..)
                        .unwrap_or("")
                        .char_indices()
                        .find(|&(j, m)| {
                            m == c && closes(s.get(from + j + 1..).and_then(|r| r.chars().next()))
                        })
                        .map(|(j, _)| from + j),
                );
            }
            if let Some(Some(end)) = *cached {
                let body = s.get(from..end).unwrap_or("");
                let shown = quoted(body);
                count += shown.chars().count() + 2;
                out.push(c);
                out.push_str(&shown);
                out.push(c);
                prev = Some(c);
                i = end + c.len_utf8();
                continue;
            }
        }
        push_escaped(&mut out, c);
        count += 1;
        prev = Some(c);
        i += c.len_utf8();
    }
    out
}

/// A file name (its bytes) as one word a shell reads back as the same name, safe to
/// show: as it is when every character is one no shell treats specially; in single
/// quotes when it holds others; in ANSI-C quotes (`$'…'`, which bash, zsh and ksh
/// read) when it holds an invisible character or bytes that are not UTF-8, those
/// written as `\xHH` bytes. Nothing invisible is left for the terminal, so
/// [`escape`] leaves the word as it is.
pub fn shell_word(bytes: &[u8]) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./+:@%,=".contains(c);
    let text = std::str::from_utf8(bytes).ok();
    if let Some(s) = text {
        if !s.is_empty() && !s.starts_with('=') && s.chars().all(plain) {
            return s.to_owned();
        }
        if !s.chars().any(is_invisible) {
            return format!("'{}'", s.replace('\'', "'\\''"));
        }
    }
    let mut out = String::from("$'");
    let hex = |out: &mut String, bytes: &[u8]| {
        for b in bytes {
            let _ = write!(out, "\\x{b:02x}");
        }
    };
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                c if is_invisible(c) => hex(&mut out, c.encode_utf8(&mut [0; 4]).as_bytes()),
                c => out.push(c),
            }
        }
        hex(&mut out, chunk.invalid());
    }
    out.push('\'');
    out
}

/// Columns a character takes on screen (0 for controls and combining marks).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Columns `s` takes on screen, measured as ratatui measures it.
pub fn width(s: &str) -> usize {
    if is_printable_ascii(s) {
        return s.len();
    }
    s.chars().map(char_width).sum()
}

/// Whether every byte of `s` is printable ASCII (`' '..='~'`): visible, one column
/// each. A quick test for the common case; anything else takes the full path.
pub fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// The longest prefix of `s` that fits in `max` columns (a wide character that would
/// straddle the edge is left out).
pub fn clip(s: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = char_width(c);
        if used + w > max {
            return &s[..i];
        }
        used += w;
    }
    s
}

/// `s` broken into lines of at most `max` columns, at spaces where it can (a word
/// longer than a line is cut). An empty `s` is one empty line; `max` 0 counts as 1.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    // A line's indentation is kept, on every piece of it, while it leaves room.
    let body = s.trim_start_matches(' ');
    let indent = (s.len() - body.len()).min(max / 2);
    let pad = " ".repeat(indent);
    let room = max - indent;
    let mut out = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in body.split(' ') {
        let w = width(word);
        let gap = usize::from(!line.is_empty());
        if used + gap + w <= room {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            used += gap + w;
            continue;
        }
        if !line.is_empty() {
            out.push(format!("{pad}{}", std::mem::take(&mut line)));
        }
        let mut rest = word;
        while width(rest) > room {
            let head = clip(rest, room);
            // A character wider than the whole line still has to go somewhere.
            let head = if head.is_empty() {
                rest.chars().next().map_or("", |c| &rest[..c.len_utf8()])
            } else {
                head
            };
            out.push(format!("{pad}{head}"));
            rest = &rest[head.len()..];
        }
        line.push_str(rest);
        used = width(rest);
    }
    out.push(format!("{pad}{line}"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("開発者", 4), vec!["開発", "者"]);
        for line in wrap(
            "denied: you don't have env.control.StopEnv on billing-db",
            10,
        ) {
            assert!(width(&line) <= 10, "{line}");
        }
    }

    #[test]
    fn escapes_terminal_sequences_and_invisible_characters() {
        assert_eq!(escape("\u{1b}]52;c;aGk=\u{7}"), "\\u{1b}]52;c;aGk=\\u{7}");
        assert_eq!(escape("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(escape("Admin\u{FE0F}"), "Admin\\u{fe0f}");
        assert_eq!(escape("x\u{E0041}"), "x\\u{e0041}");
        assert_eq!(escape("line\u{2028}sep"), "line\\u{2028}sep");
        assert_eq!(escape("\u{0600}x"), "\\u{600}x");
        assert!(matches!(escape("開発者 ok"), Cow::Borrowed(_)));
        // Found by a hostile pass: a flag left cells on screen that no view drew.
        assert_eq!(
            escape("\u{1F1FA}\u{1F1E6} flag"),
            "\\u{1f1fa}\\u{1f1e6} flag"
        );
        assert_eq!(escape("\u{1F44D}\u{1F3FD}"), "\u{1F44D}\\u{1f3fd}");
    }

    #[test]
    fn fillers_and_joiners_are_invisible_letters_are_not() {
        for c in [
            '\u{034F}',
            '\u{115F}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{2800}',
            '\u{200B}',
            '\u{200D}',
            '\u{202E}',
            '\u{2066}',
            '\u{FEFF}',
            '\u{180E}',
            '\u{00AD}',
            // Reserved default-ignorable and other unassigned code points.
            '\u{2065}',
            '\u{FFF0}',
            '\u{E0080}',
            '\u{FDD0}',
            '\u{FFFF}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['a', 'А', 'é', '開', ' ', '-', '✓'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn the_ascii_quick_path_agrees_with_the_full_rules() {
        // Every ASCII character, alone and inside printable text: the quick path for
        // printable ASCII must say what the category rules and unicode-width say.
        for b in 0u8..0x80 {
            let c = char::from(b);
            let full = matches!(
                c.general_category(),
                GeneralCategory::Control | GeneralCategory::Format
            );
            assert_eq!(is_invisible(c), full, "{b:#04x}");
            let s = format!("ab{c}cd");
            assert_eq!(matches!(escape(&s), Cow::Borrowed(_)), !full, "{b:#04x}");
            let cols: usize = s.chars().map(char_width).sum();
            assert_eq!(width(&s), cols, "{b:#04x}");
        }
        assert_eq!(escape("a\u{7f}b"), "a\\u{7f}b");
    }

    #[test]
    fn quoted_cuts_and_escapes() {
        let long = "x".repeat(50);
        assert_eq!(quoted(&long), format!("{}…", "x".repeat(40)));
        assert_eq!(quoted("a\u{1b}b"), "a\\u{1b}b");
        assert_eq!(quoted(&"y".repeat(40)), "y".repeat(40));
    }

    #[test]
    fn long_quotations_in_a_message_are_cut_and_the_message_too() {
        let long = "k".repeat(5_000);
        let cut = format!("{}…", "k".repeat(QUOTE_CHARS));
        assert_eq!(
            cut_quotations(&format!(
                "accounts[0]: unknown field `{long}`, expected `email`"
            )),
            format!("accounts[0]: unknown field `{cut}`, expected `email`")
        );
        assert_eq!(
            cut_quotations(&format!("invalid type: string \"{long}\", expected u32")),
            format!("invalid type: string \"{cut}\", expected u32")
        );
        assert_eq!(
            cut_quotations(&format!("env ('api-eu'): unknown status '{long}'")),
            format!("env ('api-eu'): unknown status '{cut}'")
        );
        // Apostrophes are not quotations; short quotations and escapes stay.
        let plain = "the member's status 'x\u{1b}' isn't known (`a`)";
        assert_eq!(
            cut_quotations(plain),
            "the member's status 'x\\u{1b}' isn't known (`a`)"
        );
        // However the quotations are built, the whole is bounded.
        for hostile in [
            format!("unknown field `a` {long}`, expected"),
            " `".repeat(100_000),
            format!("'{}", "x' ".repeat(100_000)),
        ] {
            let out = cut_quotations(&hostile);
            assert!(
                out.chars().count() <= MESSAGE_CHARS + 2 * QUOTE_CHARS,
                "{}",
                out.len()
            );
            assert!(out.ends_with('…'));
        }
    }

    #[test]
    fn shell_words_read_back_as_the_same_name_and_show_nothing_raw() {
        assert_eq!(shell_word(b"trunc.json"), "trunc.json");
        assert_eq!(shell_word(b"/srv/team-a/s.json"), "/srv/team-a/s.json");
        assert_eq!(shell_word(b"my state.json"), "'my state.json'");
        assert_eq!(shell_word(b"~/x;rm -rf"), "'~/x;rm -rf'");
        assert_eq!(shell_word(b"it's.json"), "'it'\\''s.json'");
        assert_eq!(shell_word(b""), "''");
        assert_eq!(shell_word("開発.json".as_bytes()), "'開発.json'");
        assert_eq!(
            shell_word(b"a\x1b]0;x\x07'\\.json"),
            "$'a\\x1b]0;x\\x07\\'\\\\.json'"
        );
        assert_eq!(shell_word(b"bad\xff.json"), "$'bad\\xff.json'");
        assert_eq!(
            shell_word("rtl\u{202e}.json".as_bytes()),
            "$'rtl\\xe2\\x80\\xae.json'"
        );
        for word in [shell_word(b"a\x1b.json"), shell_word(b"x\xff")] {
            assert!(matches!(escape(&word), Cow::Borrowed(_)), "{word}");
        }
    }

    #[test]
    fn widths_count_wide_characters_twice() {
        assert_eq!(width("開発者"), 6);
        assert_eq!(width("abc"), 3);
        assert_eq!(clip("開発者", 5), "開発");
        assert_eq!(clip("abc", 10), "abc");
    }
}
