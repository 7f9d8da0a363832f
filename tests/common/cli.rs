//! The built binary run as a script runs it: one state file, no acting account or
//! state path from the environment, no colour. Shared by the engine's command-line
//! tests (through `common`) and the trust tests (through `trust_common`).

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// What a run of `collab` left: its exit code and its output.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout as JSON (panics with both streams when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }

    /// The error code of a `--json` refusal.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error object: {}\n{}", self.stdout, self.stderr))
            .to_string()
    }

    /// The message after `error: CODE: ` on stderr.
    pub fn stderr_message(&self) -> String {
        self.stderr.trim_end_matches('\n').to_string()
    }
}

/// The binary with a clean environment, on `state`.
pub fn collab(state: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_collab"));
    cmd.arg("--state")
        .arg(state)
        .env_remove("COLLAB_AS")
        .env_remove("COLLAB_STATE")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd` to its end.
pub fn run_cmd(mut cmd: Command) -> Run {
    let out = cmd.output().expect("run collab");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `collab --state STATE ARGS...`.
pub fn run<S: AsRef<OsStr>>(state: &Path, args: &[S]) -> Run {
    let mut cmd = collab(state);
    cmd.args(args);
    run_cmd(cmd)
}
