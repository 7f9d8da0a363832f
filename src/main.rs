//! The `collab` binary: runs the command line and maps its outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out = collab::cli::run(std::env::args_os());
    if let Some(opts) = out.launch {
        return match collab::tui::run(opts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let code = match e.downcast_ref::<collab::store::StoreError>() {
                    Some(s) => {
                        eprintln!("error: {}: {s}", s.code());
                        3
                    }
                    None => {
                        eprintln!("error: {e:#}");
                        1
                    }
                };
                ExitCode::from(code)
            }
        };
    }
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    // A closed pipe (e.g. `collab ... | head`) is not an error worth a panic.
    let _ = stdout.write_all(out.stdout.as_bytes());
    let _ = stdout.flush();
    let _ = stderr.write_all(out.stderr.as_bytes());
    ExitCode::from(u8::try_from(out.code).unwrap_or(1))
}
