//! The `runrisk` command: parse the command line, run the request, print
//! any error and exit with its code. Everything else lives in the library.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// Standard output is written through a buffer: a club's JSON runs to
/// hundreds of megabytes, and each write to a pipe costs a system call.
/// It is no larger than a pipe holds, so the rows of one athlete, laid out
/// whole (often more than this), go out as they are rather than copied.
const OUTPUT_BUFFER_BYTES: usize = 1 << 16;

fn main() -> ExitCode {
    let request = cli::Cli::parse().into_request();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(OUTPUT_BUFFER_BYTES, stdout.lock());
    let result = runrisk::app::run(request, &mut out, &mut std::io::stderr());
    let flushed = out.flush();
    match result {
        Ok(code) => {
            if let Err(e) = flushed {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    eprintln!("runrisk: error: could not write to standard output: {e}");
                    return ExitCode::from(1);
                }
            }
            ExitCode::from(code as u8)
        }
        Err(error) => {
            eprintln!("runrisk: error: {error}");
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
