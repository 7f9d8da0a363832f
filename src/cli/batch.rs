//! `collab check --batch`: many questions, one load. Each line of stdin is a JSON
//! question; each answer is one line of stdout, in order, in the shape of `check
//! --json` (compact). A bad line gets an error object on its line and the batch goes
//! on, so answers always line up with questions.

use std::borrow::Cow;
use std::io::BufRead;

use serde::{Deserialize, Serialize};

use super::{Ctx, ErrorBody, ErrorDetail, Failure, Output, Res};
use crate::engine::{AccountId, CheckRow, ExplainRow, Platform};

/// One question. Unknown fields are refused, so a misspelled `"explian"` cannot be
/// silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Question<'a> {
    #[serde(borrow)]
    member: Cow<'a, str>,
    #[serde(borrow)]
    env: Cow<'a, str>,
    #[serde(borrow)]
    action: Cow<'a, str>,
    #[serde(default)]
    explain: bool,
}

/// `check`'s answer with the explanation beside it (`"explain": true`).
#[derive(Serialize)]
struct Explained {
    #[serde(flatten)]
    check: CheckRow,
    explain: ExplainRow,
}

/// Answers every line of `input` into `out`; returns whether every line was allowed.
pub fn answer_all(
    p: &Platform,
    asker: Option<AccountId>,
    input: &mut dyn BufRead,
    out: &mut Vec<u8>,
) -> std::io::Result<bool> {
    let mut all_allowed = true;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        match answer_line(p, asker, text, out) {
            Ok(allowed) => all_allowed &= allowed,
            Err(f) => {
                all_allowed = false;
                write_error(&f, out);
            }
        }
        out.push(b'\n');
    }
    Ok(all_allowed)
}

fn answer_line(
    p: &Platform,
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
    let q: Question<'_> =
        serde_json::from_slice(text).map_err(|e| invalid(format!("not a question: {e}")))?;
    let m = p.find_account(&q.member)?;
    let e = p.find_env(&q.env)?;
    let method = p.find_method(&q.action)?;
    p.require_may_ask(asker, m, e)?;
    let decision = p.check(m, e, method);
    let allowed = decision.allowed();
    let check = p.check_row(&decision);
    let written = if q.explain {
        let explain = p.explain_row(&p.explain(m, e, Some(method)));
        serde_json::to_writer(&mut *out, &Explained { check, explain })
    } else {
        serde_json::to_writer(&mut *out, &check)
    };
    written.map_err(|e| invalid(format!("cannot write the answer: {e}")))?;
    Ok(allowed)
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

/// The command: load once, answer stdin.
pub(super) fn run(ctx: &Ctx) -> Res<Output> {
    let engine = ctx.load()?;
    let asker = ctx.actor(&engine)?;
    let mut out = Vec::new();
    let stdin = std::io::stdin();
    let all = answer_all(engine.platform(), asker, &mut stdin.lock(), &mut out)
        .map_err(|e| Failure::Usage(format!("cannot read the questions from stdin: {e}")))?;
    Ok(Output {
        stdout: String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        stderr: String::new(),
        code: i32::from(!all),
        launch: None,
    })
}
