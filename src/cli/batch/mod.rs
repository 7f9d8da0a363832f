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
use crate::engine::{AccountId, Platform};

pub mod json;
pub mod pipeline;
mod question;

use json::Answerer;
use pipeline::Block;
use question::{Parts, Question, Spans};

/// Answers every line of `input` into `out` on this thread, one line each, in order;
/// returns whether every line was allowed. The command spreads the same work over
/// the machine's cores ([`pipeline`]).
pub fn answer_all<W: Write>(
    p: &Platform,
    asker: Option<AccountId>,
    input: impl Read,
    out: &mut W,
) -> std::io::Result<bool> {
    let mut answers = Answerer::new(p);
    let mut input = BufReader::new(input);
    let mut all_allowed = true;
    let mut buf = Vec::new();
    while let Some(block) = pipeline::read_block(&mut input)? {
        buf.clear();
        all_allowed &= answer_block(&mut answers, asker, &block, &mut buf);
        out.write_all(&buf)?;
    }
    out.flush()?;
    Ok(all_allowed)
}

/// Answers each line of a block into `out`, a line each (an error object for a bad
/// one); returns whether every line was allowed.
fn answer_block(
    answers: &mut Answerer<'_>,
    asker: Option<AccountId>,
    block: &Block,
    out: &mut Vec<u8>,
) -> bool {
    let mut all_allowed = true;
    for (text, spans) in block.lines() {
        let mark = out.len();
        match answer_line(answers, asker, text, spans, out) {
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

fn answer_line(
    answers: &mut Answerer<'_>,
    asker: Option<AccountId>,
    text: &[u8],
    spans: Option<&Spans>,
    out: &mut Vec<u8>,
) -> Result<bool, Failure> {
    let invalid = |m: String| Failure::Refused {
        code: "VALIDATION",
        message: m,
    };
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid(
            "an empty line: expected {\"member\", \"env\", \"action\"}".into(),
        ));
    }
    // The scanned parts as they are (names are looked up by their bytes), else the
    // question as `serde_json` reads it.
    let parsed;
    let q = if let Some(parts) = spans.and_then(|s| s.parts(text)) {
        parts
    } else {
        parsed = Question::read(text).map_err(|e| invalid(format!("not a question: {e}")))?;
        Parts {
            member: parsed.member.as_bytes(),
            env: parsed.env.as_bytes(),
            action: parsed.action.as_bytes(),
            explain: parsed.explain,
        }
    };
    let m = answers.member(q.member)?;
    let e = answers.env(q.env)?;
    let method = answers.action(q.action)?;
    let p = answers.platform();
    p.require_may_ask(asker, m, e)?;
    let decision = p.check(m, e, method);
    answers.write_check(&decision, out);
    if q.explain {
        out.extend_from_slice(b",\"explain\":");
        let explain = p.explain_row(&p.explain(m, e, Some(method)));
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
/// questions are read and scanned while the state loads.
pub(super) fn run(ctx: &Ctx) -> Res<Output> {
    let failed = |e: std::io::Error| {
        Failure::Usage(format!(
            "cannot answer the batch (reading stdin or writing stdout): {e}"
        ))
    };
    let blocks = pipeline::read(std::io::stdin()).map_err(failed)?;
    let engine = Arc::new(ctx.load()?);
    let asker = ctx.actor(&engine)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let all = match pipeline::answer(&engine, asker, blocks, &mut out, pipeline::workers()) {
        Ok(all) => all,
        // A closed pipe (e.g. `collab check --batch | head`): the reader wanted no more.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => false,
        Err(e) => return Err(failed(e)),
    };
    Ok(Output {
        stdout: String::new(),
        stderr: String::new(),
        code: i32::from(!all),
        launch: None,
    })
}
