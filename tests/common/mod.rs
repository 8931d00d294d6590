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

/// A minimal FIT encoder for the tests: a 14-byte header, definition and
/// data messages for file_id, record and session, and the FIT CRC-16.
/// The FIT sports the encoder writes.
#[derive(Clone, Copy)]
pub enum Sport {
    Running = 1,
    Cycling = 2,
}

/// A minimal FIT encoder: a 14-byte header, definition and data messages for
/// file_id, record and session, and the CRC-16 the FIT protocol uses.
pub struct FitFile {
    pub data: Vec<u8>,
    pub file_type: u8,
    /// The FIT time of offset 0 (2025-03-02 08:00 UTC unless changed).
    pub base: u32,
}

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31 00:00 UTC).
pub const FIT_EPOCH_UNIX: i64 = 631_065_600;

/// FIT base types.
pub const ENUM: u8 = 0x00;
pub const UINT8: u8 = 0x02;
pub const UINT16: u8 = 0x84;
pub const SINT32: u8 = 0x85;
pub const UINT32: u8 = 0x86;
pub const UINT32Z: u8 = 0x8C;

/// Local message numbers.
pub const FILE_ID: u8 = 0;
pub const RECORD: u8 = 1;
pub const SESSION: u8 = 2;

/// The average heart rate every session of the encoder gives.
pub const SESSION_HR: u8 = 148;

/// The run's records: one every 2 s for 30 min at 3 m/s.
pub const RUN_SECONDS: u32 = 1800;
pub const RECORD_EVERY_S: u32 = 2;

impl FitFile {
    pub fn new(file_type: u8) -> FitFile {
        FitFile {
            data: Vec::new(),
            file_type,
            base: FitFile::timestamp(0),
        }
    }

    /// A file with one 30-minute session of `sport` (and FIT `sub_sport`).
    pub fn running(sport: Sport, sub_sport: u8) -> FitFile {
        FitFile::single(sport, sub_sport, RUN_SECONDS)
    }

    pub fn single(sport: Sport, sub_sport: u8, seconds: u32) -> FitFile {
        let mut file = FitFile::new(4);
        file.file_id();
        file.define_records();
        file.records(0, seconds, 3.0);
        file.define_session();
        file.session(sport, sub_sport, 0, seconds, 3.0 * f64::from(seconds), 3);
        file
    }

    /// A 30-minute run and then a 30-minute ride, each with its records and session.
    pub fn multisport() -> FitFile {
        FitFile::brick(RUN_SECONDS)
    }

    pub fn brick(seconds: u32) -> FitFile {
        let mut file = FitFile::new(4);
        file.file_id();
        file.define_records();
        file.define_session();
        file.records(0, seconds, 3.0);
        file.session(Sport::Running, 0, 0, seconds, 3.0 * f64::from(seconds), 3);
        let ride_starts = seconds + 200;
        file.records(ride_starts, seconds, 8.0);
        file.session(
            Sport::Cycling,
            0,
            ride_starts,
            seconds,
            8.0 * f64::from(seconds),
            10,
        );
        file
    }

    /// Seconds on the FIT clock, `offset` seconds after 2025-03-02 08:00 UTC.
    pub fn timestamp(offset: u32) -> u32 {
        let start = chrono::NaiveDate::from_ymd_opt(2025, 3, 2)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap()
            .and_utc()
            .timestamp();
        u32::try_from(start - FIT_EPOCH_UNIX).unwrap() + offset
    }

    pub fn define(&mut self, local: u8, global: u16, fields: &[(u8, u8, u8)]) {
        self.data.push(0x40 | local);
        self.data.push(0); // reserved
        self.data.push(0); // little-endian
        self.data.extend_from_slice(&global.to_le_bytes());
        self.data.push(u8::try_from(fields.len()).unwrap());
        for (number, size, base_type) in fields {
            self.data.extend_from_slice(&[*number, *size, *base_type]);
        }
    }

    pub fn file_id(&mut self) {
        self.define(
            FILE_ID,
            0,
            &[
                (0, 1, ENUM),
                (1, 2, UINT16),
                (2, 2, UINT16),
                (3, 4, UINT32Z),
                (4, 4, UINT32),
            ],
        );
        self.data.push(FILE_ID);
        self.data.push(self.file_type);
        self.data.extend_from_slice(&255u16.to_le_bytes()); // development
        self.data.extend_from_slice(&1u16.to_le_bytes());
        self.data.extend_from_slice(&12_345u32.to_le_bytes());
        self.data
            .extend_from_slice(&FitFile::timestamp(0).to_le_bytes());
    }

    pub fn define_records(&mut self) {
        // timestamp, position_lat, position_long, altitude (scale 5, offset 500), distance (scale 100)
        self.define(
            RECORD,
            20,
            &[
                (253, 4, UINT32),
                (0, 4, SINT32),
                (1, 4, SINT32),
                (2, 2, UINT16),
                (5, 4, UINT32),
            ],
        );
    }

    /// Records every 2 s for `seconds` at `speed`, from `offset` seconds,
    /// northwards from 46.5 N 7.5 E, at 420 m with ±0.4 m of jitter.
    pub fn records(&mut self, offset: u32, seconds: u32, speed: f64) {
        const SEMICIRCLES_PER_DEGREE: f64 = 2_147_483_648.0 / 180.0;
        for second in (0..=seconds).step_by(RECORD_EVERY_S as usize) {
            let metres = f64::from(second) * speed;
            let lat = 46.5 + metres / 111_195.0;
            let altitude = 420.0 + if second % 4 == 0 { 0.4 } else { -0.4 };
            self.data.push(RECORD);
            self.data
                .extend_from_slice(&(self.base + offset + second).to_le_bytes());
            self.data
                .extend_from_slice(&((lat * SEMICIRCLES_PER_DEGREE) as i32).to_le_bytes());
            self.data
                .extend_from_slice(&((7.5 * SEMICIRCLES_PER_DEGREE) as i32).to_le_bytes());
            self.data
                .extend_from_slice(&(((altitude + 500.0) * 5.0) as u16).to_le_bytes());
            self.data
                .extend_from_slice(&((metres * 100.0) as u32).to_le_bytes());
        }
    }

    pub fn define_session(&mut self) {
        // timestamp, start_time, sport, sub_sport, total_elapsed_time, total_timer_time,
        // total_distance, total_ascent, avg_heart_rate
        self.define(
            SESSION,
            18,
            &[
                (253, 4, UINT32),
                (2, 4, UINT32),
                (5, 1, ENUM),
                (6, 1, ENUM),
                (7, 4, UINT32),
                (8, 4, UINT32),
                (9, 4, UINT32),
                (22, 2, UINT16),
                (16, 1, UINT8),
            ],
        );
    }

    pub fn session(
        &mut self,
        sport: Sport,
        sub_sport: u8,
        offset: u32,
        seconds: u32,
        metres: f64,
        ascent: u16,
    ) {
        self.data.push(SESSION);
        self.data
            .extend_from_slice(&(self.base + offset + seconds).to_le_bytes());
        self.data
            .extend_from_slice(&(self.base + offset).to_le_bytes());
        self.data.push(sport as u8);
        self.data.push(sub_sport);
        self.data.extend_from_slice(&(seconds * 1000).to_le_bytes());
        self.data.extend_from_slice(&(seconds * 1000).to_le_bytes());
        self.data
            .extend_from_slice(&((metres * 100.0) as u32).to_le_bytes());
        self.data.extend_from_slice(&ascent.to_le_bytes());
        self.data.push(SESSION_HR);
    }

    /// The header, the messages and the file CRC.
    pub fn finish(self) -> Vec<u8> {
        let mut bytes = vec![14, 0x20];
        bytes.extend_from_slice(&2132u16.to_le_bytes()); // profile 21.32
        bytes.extend_from_slice(&u32::try_from(self.data.len()).unwrap().to_le_bytes());
        bytes.extend_from_slice(b".FIT");
        let header_crc = fit_crc(&bytes);
        bytes.extend_from_slice(&header_crc.to_le_bytes());
        bytes.extend_from_slice(&self.data);
        let file_crc = fit_crc(&bytes);
        bytes.extend_from_slice(&file_crc.to_le_bytes());
        bytes
    }
}

/// The FIT protocol's CRC-16, a nibble at a time.
pub fn fit_crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc = 0u16;
    for &byte in bytes {
        for nibble in [byte & 0x0F, byte >> 4] {
            let low = TABLE[usize::from(crc & 0x0F)];
            crc = (crc >> 4) & 0x0FFF;
            crc ^= low ^ TABLE[usize::from(nibble)];
        }
    }
    crc
}
