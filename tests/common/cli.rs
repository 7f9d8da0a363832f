//! The built binary run as a script runs it: one state file, no acting account or
//! state path from the environment, no colour.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// What a run of `collab` left: its exit code and its output.
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
}

/// Runs `collab --state STATE ARGS...`.
pub fn run(state: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_collab"))
        .arg("--state")
        .arg(state)
        .args(args)
        .env_remove("COLLAB_AS")
        .env_remove("COLLAB_STATE")
        .env("NO_COLOR", "1")
        .output()
        .expect("run collab");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
