//! `collab check --batch`: many questions, one load. Each line of stdin is a JSON
//! question; each answer is one line of stdout, in order, in the shape of `check
//! --json` (compact). A bad line gets an error object on its line and the batch goes
//! on, so answers always line up with questions.
//!
//! Answers are written as they are made, into a buffer flushed to stdout every few
//! kilobytes: memory stays flat however long the batch, and the answers are `check`'s
//! bytes written from ids (see [`json`]), not rows built and serialized.

use std::io::{BufRead, Write};

use super::{Ctx, ErrorBody, ErrorDetail, Failure, Output, Res};
use crate::engine::{AccountId, Platform};

pub mod json;
mod question;

use json::Answerer;
use question::Question;

/// Bytes gathered before they are handed to the writer.
const FLUSH_AT: usize = 64 * 1024;

/// Answers every line of `input` into `out`, one line each, in order; returns whether
/// every line was allowed.
pub fn answer_all<W: Write>(
    p: &Platform,
    asker: Option<AccountId>,
    input: &mut dyn BufRead,
    out: &mut W,
) -> std::io::Result<bool> {
    let mut answers = Answerer::new(p);
    let mut all_allowed = true;
    let mut line = Vec::new();
    let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        let mark = buf.len();
        match answer_line(&mut answers, asker, text, &mut buf) {
            Ok(allowed) => all_allowed &= allowed,
            Err(f) => {
                all_allowed = false;
                buf.truncate(mark);
                write_error(&f, &mut buf);
            }
        }
        buf.push(b'\n');
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)?;
    out.flush()?;
    Ok(all_allowed)
}

fn answer_line(
    answers: &mut Answerer<'_>,
    asker: Option<AccountId>,
    text: &[u8],
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
    let q = Question::parse(text).map_err(|e| invalid(format!("not a question: {e}")))?;
    let m = answers.member(&q.member)?;
    let e = answers.env(&q.env)?;
    let method = answers.action(&q.action)?;
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

/// The command: load once, answer stdin into stdout as the answers come.
pub(super) fn run(ctx: &Ctx) -> Res<Output> {
    let engine = ctx.load()?;
    let asker = ctx.actor(&engine)?;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let all = match answer_all(engine.platform(), asker, &mut stdin.lock(), &mut out) {
        Ok(all) => all,
        // A closed pipe (e.g. `collab check --batch | head`): the reader wanted no more.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => false,
        Err(e) => {
            return Err(Failure::Usage(format!(
                "cannot answer the batch (reading stdin or writing stdout): {e}"
            )));
        }
    };
    Ok(Output {
        stdout: String::new(),
        stderr: String::new(),
        code: i32::from(!all),
        launch: None,
    })
}
