//! The palette's words: how a line splits into the words its parser reads (single
//! and double quotes, nothing else), and Tab completion that works on those same
//! words — inside an open quote, across the unquoted words of a name typed with
//! spaces, after `--`, joined to an option (`--role=NAME`) — and finds the candidates
//! for the word being typed ([`super::tab`] decides what Tab writes of them).

use clap::CommandFactory;

#[cfg(test)]
use super::tab::quote_word;
use super::tab::{Completion, Dash};
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
            let found = candidates(ctx, &root, before, &joined);
            if !found.values.is_empty() || !found.flags.is_empty() {
                return found.completion(done.get(cut).map_or(from, |t| t.start), None, joined);
            }
        }
    }
    // `--option=VALUE` as one word: the option's values, written joined to it.
    if let Some((option, value)) = typed.split_once('=').filter(|(o, _)| o.starts_with("--")) {
        let mut before = texts.clone();
        before.push(option);
        let found = candidates(ctx, &root, &before, value);
        if found.option && !found.dashes {
            let mut c = found.completion(from, open, value.to_string());
            c.dash = Dash::Joined {
                option: option.to_string(),
                start: from,
                always: true,
            };
            return c;
        }
    }
    let found = candidates(ctx, &root, &texts, typed);
    let dash = match (found.option, found.dashes, done.last()) {
        (true, false, Some(option)) => Dash::Joined {
            option: option.text.clone(),
            start: option.start,
            always: false,
        },
        (_, true, _) => Dash::Plain,
        _ => Dash::Separate,
    };
    let mut c = found.completion(from, open.or(opened), typed.to_string());
    c.dash = dash;
    c
}

/// The options whose values Tab offers, and what it offers.
fn option_values(ctx: &Ctx<'_>, option: &str, owner: Option<&str>) -> Option<Vec<String>> {
    let p = ctx.platform();
    let me = ctx.me;
    Some(match option {
        "--member" | "--owner" | "--to" => emails(ctx),
        "--env" => envs(ctx),
        "--role" => me.map_or_else(Vec::new, |m| {
            p.role_rows(m).into_iter().map(|r| r.name).collect()
        }),
        "--policy" => p.policy_rows(me).into_iter().map(|r| r.id).collect(),
        "--group" => groups(ctx, owner),
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
        _ => return None,
    })
}

fn emails(ctx: &Ctx<'_>) -> Vec<String> {
    let p = ctx.platform();
    let mut v: Vec<String> = p
        .account_ids()
        .map(|a| p.account(a).email.clone())
        .collect();
    v.sort_by(|a, b| cmp_ci(a, b));
    v
}

/// The environments the signed-in account sees, as `env list` shows them.
fn envs(ctx: &Ctx<'_>) -> Vec<String> {
    let mut v: Vec<String> = ctx.me.map_or_else(Vec::new, |m| {
        ctx.platform()
            .env_rows(m)
            .into_iter()
            .map(|r| r.name)
            .collect()
    });
    v.sort();
    v
}

/// The groups a command names: the signed-in account's own, or with `--owner` that
/// owner's groups it sees (`Platform::groups_seen`: a member is not offered the paths a
/// command would answer it do not exist).
fn groups(ctx: &Ctx<'_>, owner: Option<&str>) -> Vec<String> {
    let p = ctx.platform();
    let Some(me) = ctx.me else {
        return Vec::new();
    };
    let owner = owner.map_or(Some(me), |o| p.account_by_email(&o.to_ascii_lowercase()));
    let Some(owner) = owner else {
        return Vec::new();
    };
    let mut v: Vec<String> = p
        .groups_seen(me, owner)
        .into_iter()
        .map(|g| p.group(g).path.clone())
        .collect();
    v.sort_by(|a, b| cmp_ci(a, b));
    v
}

/// The value of `--owner` among the words typed (`--owner O` or `--owner=O`).
fn owner_in<'a>(done: &[&'a str]) -> Option<&'a str> {
    done.iter()
        .enumerate()
        .find_map(|(i, w)| match w.strip_prefix("--owner") {
            Some("") => done.get(i + 1).copied(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        })
}

/// What may stand for the word being typed: flags and values, whether the values are
/// an option's (the word before it), and whether the line has `--` before it (after
/// which every word is a value).
struct Found {
    flags: Vec<String>,
    values: Vec<String>,
    option: bool,
    dashes: bool,
}

impl Found {
    fn completion(self, from: usize, quote: Option<char>, typed: String) -> Completion {
        let flags = self.flags.len();
        let mut candidates = self.flags;
        candidates.extend(self.values);
        Completion {
            candidates,
            flags,
            from,
            quote,
            typed,
            dash: Dash::Plain,
        }
    }
}

/// The names that may stand for `current` after the words `done` (the name typed
/// whole too: Tab then writes it whole).
fn candidates(ctx: &Ctx<'_>, root: &clap::Command, done: &[&str], current: &str) -> Found {
    let dashes = done.contains(&"--");
    let mut cmd = root;
    let mut depth_words = Vec::new();
    for w in done.iter().take_while(|w| **w != "--") {
        if w.is_empty() || w.starts_with('-') {
            continue;
        }
        if let Some(sub) = cmd.find_subcommand(w) {
            cmd = sub;
            depth_words.push(*w);
        }
    }
    // After `--` no word is an option.
    let prev = done.last().copied().filter(|_| !dashes).unwrap_or("");
    let takes_value = prev.strip_prefix("--").is_some_and(|long| {
        cmd.get_arguments()
            .any(|a| a.get_long() == Some(long) && a.get_action().takes_values())
    });
    let owner = owner_in(done);
    let offered = option_values(ctx, prev, owner);
    let option = offered.is_some() || takes_value;
    let flags: Vec<String> = if option || dashes || !current.starts_with('-') {
        Vec::new()
    } else {
        cmd.get_arguments()
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .filter(|l| !matches!(l.as_str(), "--as" | "--state") && l.starts_with(current))
            .collect()
    };
    let positional = done.iter().filter(|w| **w != "--").count();
    let mut values: Vec<String> = match offered {
        Some(v) => v,
        None if option => Vec::new(),
        None if cmd.has_subcommands() => cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect(),
        None => match depth_words.as_slice() {
            // The actions `env do` performs: not those needing their own command.
            ["env", "do", ..] if positional >= 3 => Catalogue::get()
                .actions
                .iter()
                .filter(|(_, m)| Catalogue::get().own_command(*m, "").is_none())
                .map(|(n, _)| n.clone())
                .collect(),
            ["env" | "share", ..] | ["who" | "alert"] => envs(ctx),
            ["member", ..] | ["accept" | "reject" | "leave"] => emails(ctx),
            ["role", ..] => option_values(ctx, "--role", None).unwrap_or_default(),
            ["group", ..] => groups(ctx, owner),
            _ => Vec::new(),
        },
    };
    values.retain(|c| c.starts_with(current));
    Found {
        flags,
        values,
        option,
        dashes,
    }
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
