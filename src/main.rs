//! The `collab` binary: runs the command line and maps its outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out = collab::cli::run(std::env::args_os(), &collab::tui::snapshot::SnapshotViews);
    if let Some(opts) = out.launch {
        return match collab::tui::run(&opts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let code = if let Some(s) = e.downcast_ref::<collab::store::StoreError>() {
                    eprintln!("error: {}: {s}", s.code());
                    3
                } else if let Some(ended) = e.downcast_ref::<collab::tui::signals::Ended>() {
                    // As a shell reports a process a signal ended; the terminal is
                    // restored, so there is nothing more to say.
                    return ExitCode::from(ended.exit_code());
                } else if let Some(usage) = e.downcast_ref::<collab::tui::NoTerminal>() {
                    eprintln!("error: USAGE: {usage}");
                    2
                } else {
                    eprintln!("error: {}", collab::text::escape(&format!("{e:#}")));
                    1
                };
                ExitCode::from(code)
            }
        };
    }
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let mut code = out.code;
    let written = stdout
        .write_all(out.stdout.as_bytes())
        .and_then(|()| stdout.flush());
    let _ = stderr.write_all(out.stderr.as_bytes());
    match written {
        // A closed pipe (e.g. `collab ... | head`): the reader wanted no more.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        // Any other failure (a full disk, a closed descriptor) loses output a script
        // relies on: say so. A change already saved keeps exit 0, since a script
        // that read 1 ("refused, nothing changed") would run it again; a check's code
        // is its answer. Otherwise nothing changed and nothing was told: exit 1.
        Err(e) => {
            if let Some(kept) = out.kept {
                let _ = writeln!(stderr, "{}", kept.warning(&e));
            } else {
                let _ = writeln!(stderr, "error: cannot write the output: {e}");
                if code == 0 {
                    code = 1;
                }
            }
        }
        Ok(()) => {}
    }
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
