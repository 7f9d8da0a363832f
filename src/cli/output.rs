//! What one invocation prints and how it ends, also when its output cannot be
//! written.

use std::path::PathBuf;

use super::Res;

/// What one invocation printed and how it ends.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    /// Set when the invocation opens the terminal app instead of printing.
    pub launch: Option<AppRequest>,
    /// What the exit code stands for when stdout cannot take the output: a change
    /// already saved (exit 0: running it again would do it twice) or a check's answer
    /// (the code is the answer). `None`: nothing changed, and lost output exits 1.
    pub kept: Option<Kept>,
}

/// Why an invocation's exit code holds although its output was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// The change was saved.
    Saved,
    /// The exit code is the answer (`check`).
    Answer,
}

impl Kept {
    /// The warning printed when the output is lost.
    pub fn warning(self, e: &std::io::Error) -> String {
        match self {
            Kept::Saved => {
                format!("warning: the change was saved, but its output could not be written: {e}")
            }
            Kept::Answer => format!(
                "warning: the exit code gives the answer, but its text could not be written: {e}"
            ),
        }
    }
}

/// Marks a successful output as standing for a saved change.
pub(super) fn saved(out: Res<Output>) -> Res<Output> {
    out.map(|o| Output {
        kept: Some(Kept::Saved),
        ..o
    })
}

/// What the terminal app is asked to open: `main` hands it to the app, so the
/// command line does not depend on the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRequest {
    pub state: PathBuf,
    pub demo: bool,
    pub actor: Option<String>,
}
