//! The palette's words: how a line splits into the words its parser reads (single
//! and double quotes, nothing else), and Tab completion that works on those same
//! words — inside an open quote, across the unquoted words of a name typed with
//! spaces — and writes back a word the parser reads as the completed name.

use clap::CommandFactory;

use crate::cli::args::Cli;
use crate::engine::{Catalogue, cmp_ci};
use crate::tui::component::Ctx;

/// A word of a line as the parser reads it, and where it starts in the line.
struct Token {
    text: String,
    start: usize,
}

/// A line cut into its words: the last one may be unfinished (`open`: inside a quote;
/// `in_word`: the line ends in it, no separator after it).
struct Lexed {
    words: Vec<Token>,
    open: Option<char>,
    in_word: bool,
}

fn lex(line: &str) -> Lexed {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => {
                quote = Some(c);
                start.get_or_insert(i);
            }
            // Words are split where a shell splits them: not at a line or paragraph
            // separator (U+2028, U+2029), which stays in the word, shown escaped.
            (None, ' ' | '\t' | '\n') => {
                if let Some(s) = start.take() {
                    words.push(Token {
                        text: std::mem::take(&mut cur),
                        start: s,
                    });
                }
            }
            (_, c) => {
                start.get_or_insert(i);
                cur.push(c);
            }
        }
    }
    let in_word = start.is_some();
    if let Some(s) = start {
        words.push(Token {
            text: cur,
            start: s,
        });
    }
    Lexed {
        words,
        open: quote,
        in_word,
    }
}

/// Splits a line into words, honouring single and double quotes.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let lexed = lex(line);
    if lexed.open.is_some() {
        return Err("unclosed quote".into());
    }
    Ok(lexed.words.into_iter().map(|t| t.text).collect())
}

/// `word` as one word of a palette line that reads back as `word`: as it is when
/// nothing in it would split it or hide where it ends, else quoted (in `prefer`, the
/// quote the user opened, when given; a quote inside is written in the other kind).
pub fn quote_word(word: &str, prefer: Option<char>) -> String {
    let special = |c: char| {
        c.is_whitespace()
            || c == '\''
            || c == '"'
            || crate::text::is_invisible(c)
            || crate::text::char_width(c) == 0
    };
    if prefer.is_none() && !word.is_empty() && !word.chars().any(special) {
        return word.to_string();
    }
    let q = prefer.unwrap_or('\'');
    let other = if q == '\'' { '"' } else { '\'' };
    if !word.contains(q) {
        return format!("{q}{word}{q}");
    }
    if !word.contains(other) {
        return format!("{other}{word}{other}");
    }
    // Both kinds inside: quoted pieces side by side are one word to the parser.
    let mut out = String::new();
    let mut run = String::new();
    for c in word.chars() {
        if c == '\'' {
            if !run.is_empty() {
                out.push('\'');
                out.push_str(&std::mem::take(&mut run));
                out.push('\'');
            }
            out.push_str("\"'\"");
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        out.push('\'');
        out.push_str(&run);
        out.push('\'');
    }
    out
}

/// What Tab may put in place of the word being typed: the candidates, where in the
/// line the word they replace starts, and the quote the user opened there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub candidates: Vec<String>,
    pub from: usize,
    pub quote: Option<char>,
}

impl Completion {
    /// The line with `candidate` in place of the word being typed, quoted as the
    /// parser needs, and a space after it.
    pub fn line_with(&self, line: &str, candidate: &str) -> String {
        let mut next = line.get(..self.from).unwrap_or(line).to_string();
        next.push_str(&quote_word(candidate, self.quote));
        next.push(' ');
        next
    }
}

/// The most unquoted words before the one being typed that may be read together
/// with it as one name typed with spaces (`role delete Backend Au`).
const JOINED: usize = 6;

/// What may follow on `line`: subcommands, flags, or values for the flag before the
/// word being typed. A name with spaces typed without quotes is completed as one
/// word when its words so far begin a name.
pub fn complete(ctx: &Ctx<'_>, line: &str) -> Completion {
    let lexed = lex(line);
    let (done, current): (&[Token], Option<&Token>) = match lexed.words.split_last() {
        Some((last, done)) if lexed.in_word => (done, Some(last)),
        _ => (&lexed.words, None),
    };
    let texts: Vec<&str> = done.iter().map(|t| t.text.as_str()).collect();
    let typed = current.map_or("", |t| t.text.as_str());
    let from = current.map_or(line.len(), |t| t.start);
    let open = lexed.open;
    // The first character the user typed for the word: a quote they opened (and
    // maybe closed) stays their choice.
    let opened = current
        .and_then(|t| line.get(t.start..))
        .and_then(|s| s.chars().next())
        .filter(|c| matches!(c, '\'' | '"'));
    let root = Cli::command();
    if open.is_none() && opened.is_none() && current.is_some() {
        let plain = |t: &&Token| {
            !t.text.starts_with('-')
                && line
                    .get(t.start..)
                    .is_some_and(|s| !s.starts_with(['\'', '"']))
        };
        let joinable = done.iter().rev().take(JOINED).take_while(plain).count();
        for k in (1..=joinable).rev() {
            let cut = done.len() - k;
            let mut joined: Vec<&str> = texts.iter().skip(cut).copied().collect();
            joined.push(typed);
            let joined = joined.join(" ");
            let before = texts.get(..cut).unwrap_or(&[]);
            let candidates = candidates(ctx, &root, before, &joined, false);
            if !candidates.is_empty() {
                let from = done.get(cut).map_or(from, |t| t.start);
                return Completion {
                    candidates,
                    from,
                    quote: None,
                };
            }
        }
    }
    Completion {
        candidates: candidates(ctx, &root, &texts, typed, open.is_some()),
        from,
        quote: open.or(opened),
    }
}

/// The names that may stand for `current` after the words `done`; in an open quote
/// (`closing`) the name typed whole counts too (Tab closes the quote).
fn candidates(
    ctx: &Ctx<'_>,
    root: &clap::Command,
    done: &[&str],
    current: &str,
    closing: bool,
) -> Vec<String> {
    let mut cmd = root;
    let mut depth_words = Vec::new();
    for w in done.iter().filter(|w| !w.is_empty()) {
        if w.starts_with('-') {
            continue;
        }
        if let Some(sub) = cmd.find_subcommand(w) {
            cmd = sub;
            depth_words.push(*w);
        }
    }
    let prev = done.last().copied().unwrap_or("");
    let p = ctx.platform();
    let emails = || {
        let mut v: Vec<String> = p
            .account_ids()
            .map(|a| p.account(a).email.clone())
            .collect();
        v.sort_by(|a, b| cmp_ci(a, b));
        v
    };
    let me = ctx.me;
    // The environments the signed-in account sees, as `env list` shows them.
    let envs = || {
        let mut v: Vec<String> = me.map_or_else(Vec::new, |m| {
            p.env_rows(m).into_iter().map(|r| r.name).collect()
        });
        v.sort();
        v
    };
    let roles = || {
        me.map_or_else(Vec::new, |m| {
            p.role_rows(m).into_iter().map(|r| r.name).collect()
        })
    };
    let groups = || {
        me.map_or_else(Vec::new, |m| {
            p.groups_of(m).map(|g| p.group(g).path.clone()).collect()
        })
    };
    let mut candidates: Vec<String> = match prev {
        "--member" | "--owner" | "--to" => emails(),
        "--env" => envs(),
        "--role" => roles(),
        "--policy" => p.policy_rows(me).into_iter().map(|r| r.id).collect(),
        "--group" => groups(),
        "--action" | "--method" => Catalogue::get()
            .actions
            .iter()
            .map(|(n, _)| n.clone())
            .collect(),
        "--share" => vec![
            "envs=".into(),
            "groups=".into(),
            "group:".into(),
            "env:".into(),
        ],
        _ if current.starts_with('-') => cmd
            .get_arguments()
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .filter(|l| !matches!(l.as_str(), "--as" | "--state"))
            .collect(),
        _ if cmd.has_subcommands() => cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect(),
        _ => match depth_words.as_slice() {
            // The actions `env do` performs: not those needing their own command.
            ["env", "do", ..] if done.len() >= 3 => Catalogue::get()
                .actions
                .iter()
                .filter(|(_, m)| Catalogue::get().own_command(*m, "").is_none())
                .map(|(n, _)| n.clone())
                .collect(),
            ["env" | "share", ..] | ["who" | "alert"] => envs(),
            ["member", ..] | ["accept" | "reject" | "leave"] => emails(),
            ["role", ..] => roles(),
            ["group", ..] => groups(),
            _ => Vec::new(),
        },
    };
    candidates.retain(|c| c.starts_with(current) && (closing || c != current));
    candidates.truncate(50);
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_with_quotes() {
        assert_eq!(
            split_words(
                r#"member invite a@b.io --share "group:Testing Group=Admin" --name 'Ann Lee'"#
            ),
            Ok(vec![
                "member".to_string(),
                "invite".into(),
                "a@b.io".into(),
                "--share".into(),
                "group:Testing Group=Admin".into(),
                "--name".into(),
                "Ann Lee".into()
            ])
        );
        assert!(split_words("say \"hi").is_err());
        assert_eq!(split_words("  "), Ok(vec![]));
        assert_eq!(
            split_words("a '' b"),
            Ok(vec!["a".into(), String::new(), "b".into()])
        );
    }

    #[test]
    fn a_quoted_word_reads_back_as_the_name() {
        for name in [
            "Deployer",
            "Backend Auditor",
            "it's",
            "say \"hi\"",
            "it's \"x\"",
            "'",
            "\u{301}accent",
            "tab\there",
            "a\u{2028}b",
        ] {
            for prefer in [None, Some('\''), Some('"')] {
                let word = quote_word(name, prefer);
                assert_eq!(
                    split_words(&format!("role delete {word} --force")),
                    Ok(vec![
                        "role".to_string(),
                        "delete".into(),
                        name.into(),
                        "--force".into()
                    ]),
                    "{name:?} as {word}"
                );
            }
        }
        assert_eq!(quote_word("Deployer", None), "Deployer");
        assert_eq!(quote_word("Backend Auditor", None), "'Backend Auditor'");
        assert_eq!(
            quote_word("Backend Auditor", Some('"')),
            "\"Backend Auditor\""
        );
        assert_eq!(quote_word("it's", None), "\"it's\"");
    }

    #[test]
    fn the_word_being_typed_is_the_parser_s_word() {
        let l = lex("role delete 'Backend Au");
        assert_eq!(l.open, Some('\''));
        assert!(l.in_word);
        assert_eq!(
            l.words.last().map(|t| (t.text.as_str(), t.start)),
            Some(("Backend Au", 12))
        );
        let l = lex("role delete ");
        assert!(!l.in_word);
        assert_eq!(l.words.len(), 2);
    }
}
