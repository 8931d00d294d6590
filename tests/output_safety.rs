//! `runrisk report -o` stopped by Ctrl-C or SIGTERM at any moment (issue 11):
//! the folder never keeps a temporary file, the report there is always a
//! whole PNG (the old one or the new one, never half of one), and the run
//! ends as a stopped run or a finished one, never with another code.
//!
//! Some signals are sent at delays spread over one run's length, measured
//! first, so they land before the report is written, while it is, or after;
//! the others the moment a new file shows in the folder, while the report
//! is being written. Nothing here asserts on time.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Runs stopped with SIGINT, and with SIGTERM, at a delay.
const INTERRUPTS: u32 = 15;
const TERMINATIONS: u32 = 5;
/// Runs stopped the moment the temporary file shows, with each signal.
const ON_SIGHT: u32 = 10;
/// The delays, as shares of one run's length: SIGINT from the end of the
/// drawing to a little past the end, so some runs finish; SIGTERM from the
/// start.
const INTERRUPT_FROM_SHARE: f64 = 0.6;
const TERMINATE_FROM_SHARE: f64 = 0.0;
const LATEST_DELAY_SHARE: f64 = 1.05;
/// The last chunk of every PNG: length 0, `IEND`, its CRC.
const PNG_END: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
const PNG_START: &[u8] = b"\x89PNG\r\n\x1a\n";
const REPORT: &str = "r.png";

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;
/// How a shell reports a run ended by a signal: 128 plus its number.
const SIGNAL_EXIT_BASE: i32 = 128;

fn report(folder: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_runrisk"));
    command
        .arg("report")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-logs/marathon-build.csv"
        ))
        .arg("-o")
        .arg(folder.join(REPORT))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// When a run is stopped.
#[derive(Debug, Clone, Copy)]
enum When {
    After(Duration),
    /// As soon as anything but the report is in the folder.
    OnSight,
}

/// Starts a report, sends `signal` when asked, and returns how it ended.
/// The signal comes from a shell started beforehand that waits for a line
/// and then runs its `kill`, so it lands within microseconds of the ask,
/// not after a new process has started.
fn stopped_run(folder: &Path, when: When, signal: &str) -> ExitStatus {
    let mut child = report(folder)
        .spawn()
        .expect("runrisk could not be started");
    let mut killer = Command::new("sh")
        .arg("-c")
        .arg(format!("read go; kill -{signal} {}", child.id()))
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sh could not be started");
    match when {
        When::After(delay) => std::thread::sleep(delay),
        When::OnSight => {
            while child.try_wait().expect("runrisk can be watched").is_none() {
                if names_besides_report(folder) > 0 {
                    break;
                }
            }
        }
    }
    // A run that has already ended cannot be signalled; that is one outcome.
    if let Some(mut go) = killer.stdin.take() {
        let _ = go.write_all(b"go\n");
    }
    let status = child.wait().expect("runrisk could not be waited for");
    let _ = killer.wait();
    status
}

fn names_besides_report(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name() != REPORT)
                .count()
        })
        .unwrap_or(0)
}

/// Removes what a failed run left, so each run starts from the same folder.
fn clear_besides_report(folder: &Path) {
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        if entry.file_name() != REPORT {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What is wrong in the folder after a run, if anything.
fn folder_problems(folder: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    for entry in std::fs::read_dir(folder).expect("the folder is readable") {
        let name = entry.expect("an entry").file_name();
        let name = name.to_string_lossy();
        if name != REPORT {
            wrong.push(format!("left behind: {name}"));
        }
    }
    match std::fs::read(folder.join(REPORT)) {
        Ok(bytes) if bytes.starts_with(PNG_START) && bytes.ends_with(&PNG_END) => {}
        Ok(bytes) => wrong.push(format!(
            "{REPORT} is not a whole PNG ({} bytes)",
            bytes.len()
        )),
        Err(e) => wrong.push(format!("{REPORT} is gone: {e}")),
    }
    wrong
}

/// Whether a run ended as a finished or a stopped run does.
fn ended_well(status: ExitStatus, signal: i32) -> bool {
    status.success()
        || status.code() == Some(SIGNAL_EXIT_BASE + signal)
        || status.signal() == Some(signal)
}

#[test]
fn a_stopped_report_never_leaves_a_temporary_or_half_file() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let first = report(dir.path()).status().unwrap();
    let one_run = started.elapsed();
    assert!(first.success(), "the report could not be written: {first}");
    assert_eq!(folder_problems(dir.path()), Vec::<String>::new());

    let spread = |from: f64, i: u32, of: u32| {
        let share = from + (LATEST_DELAY_SHARE - from) * f64::from(i) / f64::from(of);
        When::After(one_run.mul_f64(share))
    };
    let plan = (1..=INTERRUPTS)
        .map(|i| ("INT", SIGINT, spread(INTERRUPT_FROM_SHARE, i, INTERRUPTS)))
        .chain((1..=TERMINATIONS).map(|i| {
            let when = spread(TERMINATE_FROM_SHARE, i, TERMINATIONS);
            ("TERM", SIGTERM, when)
        }))
        .chain((0..ON_SIGHT).map(|_| ("INT", SIGINT, When::OnSight)))
        .chain((0..ON_SIGHT).map(|_| ("TERM", SIGTERM, When::OnSight)));
    let mut wrong = Vec::new();
    let mut seen = BTreeMap::new();
    for (name, number, when) in plan {
        let status = stopped_run(dir.path(), when, name);
        *seen.entry(format!("{name} {status}")).or_insert(0) += 1;
        if !ended_well(status, number) {
            wrong.push(format!("SIG{name} {when:?}: ended with {status}"));
        }
        for problem in folder_problems(dir.path()) {
            wrong.push(format!("SIG{name} {when:?}: {problem}"));
        }
        clear_besides_report(dir.path());
    }
    println!("outcomes: {seen:?}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
