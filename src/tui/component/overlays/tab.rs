//! What Tab does with the candidates for the word being typed, as a shell's menu
//! completion does: one candidate (or one the word equals exactly) is written whole
//! with a space after it; several are narrowed to their longest common prefix, and
//! nothing is chosen for the user; Tab again right after puts each in turn.
//!
//! A value that starts with `-` is written so that the parser reads it as that value
//! and not as a flag: after `--` when it is a positional argument, as `--option=VALUE`
//! when it is an option's value.

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

/// How a value that starts with `-` is written in the slot being completed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Dash {
    /// As it is: the line already has `--`, or the slot holds no such values.
    #[default]
    Plain,
    /// A positional argument: after `--` (and the arguments after it with it).
    Separate,
    /// An option's value, written joined to the option (`--role=--all`) in place of
    /// the option's word, which starts at `start`; `always`: every value is (the user
    /// typed `--option=`).
    Joined {
        option: String,
        start: usize,
        always: bool,
    },
}

/// What Tab may put in place of the word being typed: the candidates (the first
/// `flags` of them flags, the others values), where in the line the word they
/// replace starts, the quote the user opened there, the text they all extend, and how
/// a value starting with `-` is written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub candidates: Vec<String>,
    pub flags: usize,
    pub from: usize,
    pub quote: Option<char>,
    pub typed: String,
    pub dash: Dash,
}

/// What a Tab does to the line.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Nothing to complete.
    None,
    /// One candidate: the line with it written whole.
    One(String),
    /// Several: the line extended to their common prefix, when that adds to the word.
    Many(Option<String>),
}

/// `word` written unfinished: as [`quote_word`] writes it, without the closing quote
/// (the quote stays open, and Tab goes on inside it).
fn open_word(word: &str, prefer: Option<char>) -> String {
    let mut w = quote_word(word, prefer);
    if w != word {
        w.pop();
    }
    w
}

/// The longest text every candidate starts with.
fn common_prefix(candidates: &[String]) -> String {
    let mut it = candidates.iter();
    let Some(first) = it.next() else {
        return String::new();
    };
    let mut len = first.len();
    for c in it {
        len = first
            .char_indices()
            .zip(c.chars())
            .find(|((_, a), b)| a != b)
            .map_or(len.min(c.len()), |((i, _), _)| len.min(i));
    }
    first.get(..len).unwrap_or_default().to_string()
}

impl Completion {
    /// The line with candidate `at` in place of the word being typed, written whole
    /// (quoted as the parser needs, then a space, unless it is a prefix to go on from
    /// such as `envs=`).
    pub fn line_with(&self, line: &str, at: usize) -> String {
        let Some(c) = self.candidates.get(at) else {
            return line.to_string();
        };
        let (from, mut word) = self.written(c, at < self.flags, true);
        if !c.ends_with(['=', ':']) {
            word.push(' ');
        }
        splice(line, from, &word)
    }

    /// What Tab does on `line`.
    pub fn step(&self, line: &str) -> Step {
        let exact = self.candidates.iter().position(|c| *c == self.typed);
        if let Some(at) = exact.or((self.candidates.len() == 1).then_some(0)) {
            return Step::One(self.line_with(line, at));
        }
        if self.candidates.is_empty() {
            return Step::None;
        }
        let prefix = common_prefix(&self.candidates);
        if prefix.len() <= self.typed.len() {
            return Step::Many(None);
        }
        // Values alone (no flag among them) are written as values already.
        let (from, word) = self.written(&prefix, self.flags > 0, false);
        Step::Many(Some(splice(line, from, &word)))
    }

    /// Where the word for `c` starts and how it is written (`whole`: with its
    /// closing quote).
    fn written(&self, c: &str, flag: bool, whole: bool) -> (usize, String) {
        let q = |w: &str| {
            if whole {
                quote_word(w, self.quote)
            } else {
                open_word(w, self.quote)
            }
        };
        if flag {
            return (self.from, q(c));
        }
        match &self.dash {
            Dash::Joined {
                option,
                start,
                always,
            } if *always || c.starts_with('-') => (*start, format!("{option}={}", q(c))),
            Dash::Separate if c.starts_with('-') => (self.from, format!("-- {}", q(c))),
            _ => (self.from, q(c)),
        }
    }
}

fn splice(line: &str, from: usize, word: &str) -> String {
    let mut next = line.get(..from).unwrap_or(line).to_string();
    next.push_str(word);
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completion(candidates: &[&str], typed: &str, from: usize) -> Completion {
        Completion {
            candidates: candidates.iter().map(ToString::to_string).collect(),
            typed: typed.into(),
            from,
            ..Completion::default()
        }
    }

    #[test]
    fn the_common_prefix_stops_at_the_first_difference() {
        let v = |s: &[&str]| s.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(common_prefix(&v(&["Deployer", "Developer"])), "De");
        assert_eq!(common_prefix(&v(&["Prod Env", "Production"])), "Prod");
        assert_eq!(common_prefix(&v(&["Zwölf", "Zwöl"])), "Zwöl");
        assert_eq!(common_prefix(&v(&["é", "è"])), "");
        assert_eq!(common_prefix(&v(&[])), "");
    }

    #[test]
    fn tab_commits_only_to_what_every_candidate_shares() {
        let c = completion(&["Deployer", "Developer"], "De", 12);
        assert_eq!(c.step("role delete De"), Step::Many(None));
        let c = completion(&["Backend Auditor", "Backend Admin"], "Ba", 12);
        assert_eq!(
            c.step("role delete Ba"),
            Step::Many(Some("role delete 'Backend A".into()))
        );
        let c = completion(&["Two  Spaces", "Two"], "Two", 12);
        assert_eq!(
            c.step("role delete Two"),
            Step::One("role delete Two ".into())
        );
    }

    #[test]
    fn a_value_starting_with_a_dash_is_written_as_a_value() {
        let mut c = completion(&["--all"], "--a", 12);
        c.dash = Dash::Separate;
        assert_eq!(
            c.step("role delete --a"),
            Step::One("role delete -- --all ".into())
        );
        let line = "share set x --member y --role ";
        let mut c = completion(&["--all", "Admin"], "", line.len());
        c.dash = Dash::Joined {
            option: "--role".into(),
            start: line.find("--role").unwrap_or_default(),
            always: false,
        };
        assert_eq!(c.line_with(line, 0), "share set x --member y --role=--all ");
        assert_eq!(c.line_with(line, 1), "share set x --member y --role Admin ");
    }
}
