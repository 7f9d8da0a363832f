//! `collab check --batch`: many questions, one load. Each line of stdin is a JSON
//! question; each answer is one line of stdout, in order, in the shape of `check
//! --json` (compact). A bad line gets an error object on its line and the batch goes
//! on, so answers always line up with questions.
//!
//! Answers are made a block of lines at a time, on every core ([`pipeline`]), and
//! written in order as they come: memory stays flat however long the batch, and the
//! answers are `check`'s bytes written from ids (see [`json`]), not rows built and
//! serialized.

use std::io::{BufReader, Read, Write};
use std::sync::Arc;

use super::{Ctx, ErrorBody, ErrorDetail, Failure, Output, Res};
use crate::engine::{AccountId, EnvId, MethodId, Platform};

pub mod json;
mod keys;
pub mod pipeline;
mod question;

use json::{Answerer, Spelling};
use keys::Numberer;
use pipeline::Block;
use pipeline::Scanned;
use question::Question;

/// Answers every line of `input` into `out` on this thread, one line each, in order;
/// returns whether every line was allowed. The command spreads the same work over
/// the machine's cores ([`pipeline`]).
pub fn answer_all<W: Write>(
    p: &Platform,
    asker: Option<AccountId>,
    input: impl Read,
    out: &mut W,
) -> std::io::Result<bool> {
    answer_numbered(p, asker, input, out, Numberer::default())
}

/// [`answer_all`] with the names numbered by `numberer`.
fn answer_numbered<W: Write>(
    p: &Platform,
    asker: Option<AccountId>,
    input: impl Read,
    out: &mut W,
    mut numberer: Numberer,
) -> std::io::Result<bool> {
    let mut answers = Answerer::new(p);
    let mut input = BufReader::new(input);
    let mut all_allowed = true;
    let mut buf = Vec::new();
    while let Some(block) = pipeline::read_block(&mut input, &mut numberer)? {
        buf.clear();
        all_allowed &= answer_block(&mut answers, asker, &block, &mut buf);
        out.write_all(&buf)?;
    }
    out.flush()?;
    Ok(all_allowed)
}

/// Answers each line of a block into `out`, a line each (an error object for a bad
/// one); returns whether every line was allowed.
///
/// Two passes: every line's names first, then every line's decision. The lookups of
/// consecutive lines do not wait on a decision in between, so the processor overlaps
/// their reads of memory (measured: a few per cent off the answering).
fn answer_block(
    answers: &mut Answerer<'_>,
    asker: Option<AccountId>,
    block: &Block,
    out: &mut Vec<u8>,
) -> bool {
    let questions: Vec<_> = block
        .lines()
        .map(|line| match line {
            Ok((text, scanned)) => ask(answers, asker, text, scanned),
            Err(_) => Err(invalid(format!(
                "a line longer than {} bytes: not a question (one is about a hundred)",
                pipeline::MAX_LINE
            ))),
        })
        .collect();
    let mut all_allowed = true;
    for asked in questions {
        let mark = out.len();
        match asked.and_then(|q| answer(answers, &q, out)) {
            Ok(allowed) => all_allowed &= allowed,
            Err(f) => {
                all_allowed = false;
                out.truncate(mark);
                write_error(&f, out);
            }
        }
        out.push(b'\n');
    }
    all_allowed
}

/// A line's question, its names found and the asker's right to ask checked.
struct Asked<'t> {
    asker: Option<AccountId>,
    member: AccountId,
    env: EnvId,
    method: MethodId,
    explain: bool,
    /// The line's own bytes for the names that an answer writes as they are.
    spelling: Spelling<'t>,
}

fn invalid(message: String) -> Failure {
    Failure::Refused {
        code: "VALIDATION",
        message,
    }
}

/// The first pass over a line: its question, and the records it names.
fn ask<'t>(
    answers: &mut Answerer<'_>,
    asker: Option<AccountId>,
    text: &'t [u8],
    scanned: Option<&Scanned>,
) -> Result<Asked<'t>, Failure> {
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid(
            "an empty line: expected {\"member\", \"env\", \"action\"}".into(),
        ));
    }
    // The scanned parts as they are (names looked up by their bytes), else the
    // question as `serde_json` reads it.
    let line = scanned.and_then(|s| Some((s.spans.parts(text)?, s.keys)));
    let parsed;
    let (q, keys) = if let Some(found) = line {
        found
    } else {
        parsed = Question::read(text).map_err(|e| invalid(format!("not a question: {e}")))?;
        (parsed.parts(), None)
    };
    let m = answers.member(keys.map(|k| k.member), q.member)?;
    let e = answers.env(keys.map(|k| k.env), q.env)?;
    let method = answers.action(keys.map(|k| k.action), q.action)?;
    if q.explain {
        answers.platform().require_may_explain(asker, m.id, e.id)?;
    } else {
        answers.platform().require_may_ask(asker, m.id, e.id)?;
    }
    // The line's own bytes go into the answer where they are the name as the answer
    // writes it; `serde_json`'s strings are its own, so those names come from the
    // records.
    let spelling = match line {
        Some((parts, _)) => Spelling {
            member: m.verbatim.then_some(parts.member),
            env: e.verbatim.then_some(parts.env),
        },
        None => Spelling::default(),
    };
    Ok(Asked {
        asker,
        member: m.id,
        env: e.id,
        method,
        explain: q.explain,
        spelling,
    })
}

/// The second pass over a line: its answer, written into `out`; whether it is an
/// allow.
fn answer(answers: &mut Answerer<'_>, q: &Asked<'_>, out: &mut Vec<u8>) -> Result<bool, Failure> {
    let p = answers.platform();
    let decision = p.check_as(q.asker, q.member, q.env, q.method);
    answers.write_check(&decision, q.spelling, out);
    if q.explain {
        out.extend_from_slice(b",\"explain\":");
        let explain = p.explain_row(&p.explain(q.member, q.env, Some(q.method)));
        serde_json::to_writer(&mut *out, &explain)
            .map_err(|e| invalid(format!("cannot write the answer: {e}")))?;
    }
    out.push(b'}');
    Ok(decision.allowed())
}

fn write_error(f: &Failure, out: &mut Vec<u8>) {
    let message = crate::text::escape(&f.message().replace('\n', " ")).into_owned();
    let body = ErrorBody {
        error: ErrorDetail {
            code: f.code(),
            message: &message,
        },
    };
    if serde_json::to_writer(&mut *out, &body).is_err() {
        out.extend_from_slice(br#"{"error": {"code": "STATE_IO", "message": "cannot write"}}"#);
    }
}

/// The command: load once, answer stdin into stdout as the answers come. The
/// questions are read, scanned and their names numbered while the state loads.
pub(super) fn run(ctx: &Ctx) -> Res<Output> {
    let blocks = pipeline::read(std::io::stdin())
        .map_err(|e| Failure::Usage(format!("cannot read the questions from stdin: {e}")))?;
    let engine = Arc::new(ctx.load()?);
    let asker = ctx.actor(&engine)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let all = match pipeline::answer(&engine, asker, blocks, &mut out, pipeline::workers()) {
        Ok(all) => all,
        // A closed pipe (e.g. `collab check --batch | head`): the reader wanted no more.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => false,
        // Answers lost on the way out (a full disk): as for any command whose output
        // is lost, exit 1 (nothing changed; not every answer was given).
        Err(e) => {
            std::mem::forget(engine);
            return Ok(Output {
                stderr: format!("error: cannot write the output: {e}\n"),
                code: 1,
                ..Output::default()
            });
        }
    };
    // The command ends the process: freeing the platform record by record gives back
    // nothing the exit does not.
    std::mem::forget(engine);
    Ok(Output {
        stdout: String::new(),
        stderr: String::new(),
        code: i32::from(!all),
        launch: None,
        kept: None,
    })
}

#[cfg(test)]
mod tests {
    use super::{Numberer, answer_numbered};
    use std::fmt::Write;

    /// Numbers only spare the answering a lookup: with none at all, or with too few
    /// for every spelling, the answers are the same bytes.
    #[test]
    fn answers_are_the_same_with_or_without_the_readers_numbers() {
        let engine = crate::engine::demo::demo_engine();
        let p = engine.platform();
        let accounts: Vec<String> = p
            .account_ids()
            .map(|a| p.account(a).email.clone())
            .collect();
        let envs: Vec<String> = p.env_ids().map(|e| p.env(e).name.clone()).collect();
        let mut input = String::new();
        for (i, (m, e)) in accounts
            .iter()
            .cycle()
            .zip(envs.iter().cycle())
            .take(500)
            .enumerate()
        {
            let m = if i % 7 == 0 {
                m.to_uppercase()
            } else {
                m.clone()
            };
            let action = ["logs", "start", "delete", "fly"][i % 4];
            let _ = writeln!(
                input,
                r#"{{"member":"{m}","env":"{e}","action":"{action}"}}"#
            );
        }
        let answers = |numberer| {
            let mut out = Vec::new();
            answer_numbered(p, None, input.as_bytes(), &mut out, numberer).unwrap();
            String::from_utf8(out).unwrap()
        };
        let numbered = answers(Numberer::default());
        assert_eq!(numbered.lines().count(), 500);
        assert_eq!(answers(Numberer::with_limit(0)), numbered);
        assert_eq!(answers(Numberer::with_limit(3)), numbered);
    }
}
