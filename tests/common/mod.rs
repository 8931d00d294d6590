//! Helpers shared by the integration tests: logs written into temporary
//! folders, the `runrisk` binary run on them, and its JSON read back.
//!
//! Every run goes through `finish`, which fails the test on a panic (exit
//! code 101), so no test can pass while the binary crashes.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{Duration, NaiveDate};
use serde_json::Value;
use tempfile::TempDir;

/// Every rule id of DESIGN.md.
pub const RULE_IDS: [&str; 10] = [
    "mileage_spike",
    "long_run_spike",
    "no_rest",
    "hard_surface",
    "worn_shoes",
    "high_intensity",
    "frequent_hills",
    "frequent_sprints",
    "no_warmup",
    "see_doctor",
];

/// Severities from mildest to worst.
pub const SEVERITIES: [&str; 4] = ["info", "warning", "alert", "urgent"];

/// Risk levels of `weeks`.
pub const LEVELS: [&str; 5] = ["low", "moderate", "high", "very_high", "urgent"];

/// Monday of 2025-W02, day 0 of the logs the tests build.
pub const FIRST_MONDAY: (i32, u32, u32) = (2025, 1, 6);

/// A calm week: (day of the week, 0 = Monday; km). Three rest days, varied
/// distances, a 10 km long run.
pub const CALM_WEEK: [(i64, f64); 4] = [(1, 6.0), (3, 8.0), (5, 10.0), (6, 5.0)];

/// What one run of the binary did.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Fails the test unless the exit code is `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Fails the test unless runrisk succeeded.
    pub fn expect_success(&self) -> &Self {
        self.expect_code(0)
    }

    /// The standard output parsed as one JSON array.
    pub fn json_array(&self) -> Vec<Value> {
        match serde_json::from_str(&self.stdout) {
            Ok(Value::Array(items)) => items,
            Ok(other) => panic!("expected a JSON array, got {other}"),
            Err(e) => panic!("stdout is not JSON ({e}):\n{}", self.stdout),
        }
    }
}

/// The runrisk binary built for these tests, its text at the default width
/// whatever `COLUMNS` the shell that runs the tests has.
pub fn runrisk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_runrisk"));
    command.env_remove("COLUMNS");
    command
}

/// Runs runrisk with `args`.
pub fn run<I, S>(args: I) -> Outcome
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = runrisk();
    command.args(args).env_remove("NO_COLOR");
    finish(command.output().expect("runrisk could not be started"))
}

/// Runs runrisk with `args`, `stdin` on its standard input.
pub fn run_with_stdin<I, S>(args: I, stdin: &str) -> Outcome
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = runrisk();
    command
        .args(args)
        .env_remove("NO_COLOR")
        .write_stdin(stdin.to_string());
    finish(command.output().expect("runrisk could not be started"))
}

/// What a finished run of runrisk did; fails the test on a panic.
pub fn finish(output: std::process::Output) -> Outcome {
    let stdout = String::from_utf8(output.stdout).expect("stdout is not UTF-8");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("runrisk was killed by a signal\nstderr:\n{stderr}"));
    assert_ne!(code, 101, "runrisk panicked:\n{stderr}");
    assert!(!stderr.contains("panicked"), "runrisk panicked:\n{stderr}");
    Outcome {
        code,
        stdout,
        stderr,
    }
}

/// Runs runrisk, expects success and returns its JSON array.
pub fn json<I, S>(args: I) -> Vec<Value>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let outcome = run(args);
    outcome.expect_success();
    outcome.json_array()
}

/// `runrisk flags FILE --format json` (every finding, info included).
pub fn flags_json(path: &Path) -> Vec<Value> {
    json([
        OsStr::new("flags"),
        path.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ])
}

/// `runrisk weeks FILE --format json`.
pub fn weeks_json(path: &Path) -> Vec<Value> {
    json([
        OsStr::new("weeks"),
        path.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ])
}

/// Writes `contents` to `name` inside `dir` and returns its path.
pub fn write_file(dir: &TempDir, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("could not write a test log");
    path
}

/// A new temporary folder.
pub fn temp_dir() -> TempDir {
    tempfile::tempdir().expect("could not create a temporary folder")
}

/// A scenario fixture under tests/fixtures/scenarios.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scenarios")
        .join(format!("{name}.csv"))
}

/// The day `week` weeks and `weekday` days after 2025-01-06, as YYYY-MM-DD.
pub fn day(week: i64, weekday: i64) -> String {
    let (y, m, d) = FIRST_MONDAY;
    let monday = NaiveDate::from_ymd_opt(y, m, d).expect("a valid date");
    (monday + Duration::days(7 * week + weekday)).to_string()
}

/// The ISO week name of week `week` after 2025-W02.
pub fn week_name(week: i64) -> String {
    let (y, m, d) = FIRST_MONDAY;
    let monday = NaiveDate::from_ymd_opt(y, m, d).expect("a valid date") + Duration::weeks(week);
    monday.format("%G-W%V").to_string()
}

/// `date,distance_km` rows for the given (week, weekday, km) runs.
pub fn rows(runs: impl IntoIterator<Item = (i64, i64, f64)>) -> Vec<String> {
    runs.into_iter()
        .map(|(week, weekday, km)| format!("{},{km}", day(week, weekday)))
        .collect()
}

/// The runs of calm weeks `weeks`.
pub fn calm_runs(weeks: std::ops::Range<i64>) -> Vec<(i64, i64, f64)> {
    weeks
        .flat_map(|w| CALM_WEEK.map(|(weekday, km)| (w, weekday, km)))
        .collect()
}

/// A CSV text from a header line and rows.
pub fn csv(header: &str, rows: impl IntoIterator<Item = String>) -> String {
    let mut text = format!("{header}\n");
    for row in rows {
        text.push_str(&row);
        text.push('\n');
    }
    text
}

/// A string field of a JSON object, failing the test when it is not one.
pub fn text<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("'{field}' is not a string in {value}"))
}

/// A number field of a JSON object, failing the test when it is not one.
pub fn number(value: &Value, field: &str) -> f64 {
    value[field]
        .as_f64()
        .unwrap_or_else(|| panic!("'{field}' is not a number in {value}"))
}

/// The position of a severity in `SEVERITIES`.
pub fn severity_rank(severity: &str) -> usize {
    SEVERITIES
        .iter()
        .position(|s| *s == severity)
        .unwrap_or_else(|| panic!("unknown severity '{severity}'"))
}

/// The findings at `warning` or above.
pub fn serious(findings: &[Value]) -> Vec<&Value> {
    findings
        .iter()
        .filter(|f| severity_rank(text(f, "severity")) >= severity_rank("warning"))
        .collect()
}

/// The rule ids of some findings.
pub fn rule_set<'a>(findings: impl IntoIterator<Item = &'a Value>) -> BTreeSet<String> {
    findings
        .into_iter()
        .map(|f| text(f, "rule").to_string())
        .collect()
}

/// The row of `week` in `weeks` JSON output (the first when several athletes have it).
pub fn week_row<'a>(rows: &'a [Value], week: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["week"] == week)
        .unwrap_or_else(|| panic!("no row for {week} in {rows:?}"))
}

/// Whether a week name looks like `2025-W08`.
pub fn is_week_name(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 8
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && &bytes[4..6] == b"-W"
        && bytes[6..].iter().all(u8::is_ascii_digit)
}

/// Whether a text is a YYYY-MM-DD date.
pub fn is_date(text: &str) -> bool {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() && text.len() == 10
}

// ------------------------------------------------- bad inputs and fuzzing

/// Runs runrisk with `args` in the folder `dir`, without judging the
/// result: the caller decides what a wrong outcome is, so that a table of
/// cases can report all its failures together. Errs only when the binary
/// could not be started or was killed by a signal.
pub fn run_in<I, S>(dir: &Path, args: I) -> Result<Outcome, String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_runrisk"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("runrisk could not be started: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output
        .status
        .code()
        .ok_or_else(|| format!("runrisk was killed by a signal\nstderr:\n{stderr}"))?;
    Ok(Outcome {
        code,
        stdout,
        stderr,
    })
}

/// `bytes` gzipped.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// A .zip archive holding `entries` (path inside the archive, bytes), deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("zip into memory");
        writer.write_all(bytes).expect("zip into memory");
    }
    writer.finish().expect("zip into memory").into_inner()
}

/// `text` as UTF-16 little-endian with a byte-order mark, as Excel's
/// "Unicode text" and some Windows tools write it.
pub fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

mod fit;
#[allow(unused_imports)]
pub use fit::*;
