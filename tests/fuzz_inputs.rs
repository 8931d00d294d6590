//! Damaged and arbitrary input fed to every importer through the library's
//! own dispatch (`runrisk::import::import`), as the binary reads it: a file
//! in a temporary folder, read with `--from auto` and each named format,
//! alone and as a folder. Whatever the bytes, every read must end with runs
//! or with an error whose message says something; never a panic. Runs that
//! are let through must be possible ones.
//!
//! The inputs are the sample logs and every test fixture (tests/fixtures/**),
//! a few FIT files and archives built here, and random bytes; the seeds are
//! damaged by flipping, setting, inserting and deleting bytes, splicing in
//! tokens that importers care about (delimiters, quotes, tags, byte-order
//! marks) and cutting the file short, then given a file name whose extension
//! may lie about what the bytes are.
//!
//! `cargo test` tries 256 inputs, about a second in debug. A long run is one
//! command (the case count is read from the environment):
//!
//! ```text
//! PROPTEST_CASES=20000 cargo test --release --test fuzz_inputs -- --nocapture
//! ```
//!
//! `PROPTEST_RNG_SEED=N` repeats a run. A failing input is saved as
//! `runrisk-fuzz-failure.<ext>` in the system's temporary folder.

mod common;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use runrisk::import::{self, Format, ImportOptions};

use common::{gzip, zip_of, FitFile, Sport};

/// Inputs tried by `cargo test` when PROPTEST_CASES is not set.
const DEFAULT_CASES: u32 = 256;

/// Every way of reading a file that `--from` offers.
const FORMATS: [Format; 7] = [
    Format::Auto,
    Format::Native,
    Format::Strava,
    Format::Garmin,
    Format::Gpx,
    Format::Tcx,
    Format::Fit,
];

/// Names a damaged file may be given, whatever it holds.
const EXTENSIONS: [&str; 11] = [
    "csv", "gpx", "tcx", "fit", "zip", "csv.gz", "gpx.gz", "fit.gz", "tcx.gz", "txt", "",
];

/// Bytes that mean something to one importer or another.
const TOKENS: [&[u8]; 28] = [
    b",",
    b";",
    b"\t",
    b"\"",
    b"\n",
    b"\r\n",
    b"\0",
    b"-",
    b":",
    b"1e308",
    b"NaN",
    b"-0",
    b"9999-12-31",
    b"2025-02-30",
    b"99:99:99",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xe9",
    b"<",
    b"</trkpt>",
    b"<time>2025-13-01T00:00:00Z</time>",
    b"<![CDATA[",
    b"&#0;",
    b".FIT",
    b"Activity Type",
    b"Run",
    b"PK\x03\x04",
    b"\x1f\x8b",
];

/// The longest random input and the most damage done to a seed.
const MAX_RANDOM_BYTES: usize = 4096;
const MAX_MUTATIONS: usize = 16;

/// The day the imports take as today: after every fixture but one, which
/// holds a date in 2032 on purpose.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

/// A valid input to damage.
struct Seed {
    name: String,
    bytes: Vec<u8>,
}

fn seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect_files(&root.join("sample-logs"), &mut files);
    collect_files(&root.join("tests/fixtures"), &mut files);
    files.sort();
    let mut seeds: Vec<Seed> = files
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some(Seed { name, bytes })
        })
        .collect();
    assert!(seeds.len() >= 20, "the fixtures were not found: {files:?}");
    let gpx = seeds
        .iter()
        .find(|s| s.name == "run_with_time.gpx")
        .map(|s| s.bytes.clone())
        .unwrap_or_default();
    let strava = seeds
        .iter()
        .find(|s| s.name == "same_week_strava.csv")
        .map(|s| s.bytes.clone())
        .unwrap_or_default();
    seeds.extend([
        Seed {
            name: "run.fit".into(),
            bytes: FitFile::single(Sport::Running, 0, 120).finish(),
        },
        Seed {
            name: "brick.fit".into(),
            bytes: FitFile::brick(60).finish(),
        },
        Seed {
            name: "run.gpx.gz".into(),
            bytes: gzip(&gpx),
        },
        Seed {
            name: "export.zip".into(),
            bytes: zip_of(&[
                ("activities.csv", &strava),
                ("activities/9100000001.gpx", &gpx),
                (
                    "activities/9100000002.fit.gz",
                    &gzip(&FitFile::single(Sport::Running, 0, 60).finish()),
                ),
                ("media/photo.jpg", b"\xff\xd8\xff\xe0"),
            ]),
        },
        Seed {
            name: "watch.zip".into(),
            bytes: zip_of(&[
                ("run.gpx", &gpx),
                ("log.csv", b"date,distance_km\n2025-01-07,5\n"),
            ]),
        },
    ]);
    seeds
}

fn collect_files(folder: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, files);
        } else if path.extension().is_some_and(|e| e != "py") {
            files.push(path);
        }
    }
}

/// One way to damage bytes.
#[derive(Debug, Clone)]
enum Damage {
    FlipBit(Index, u8),
    SetByte(Index, u8),
    Insert(Index, Vec<u8>),
    InsertToken(Index, usize),
    Delete(Index, usize),
    Duplicate(Index, usize),
    CutAt(Index),
}

impl Damage {
    fn apply(&self, bytes: &mut Vec<u8>) {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len) };
        let len = bytes.len();
        match self {
            Damage::FlipBit(i, bit) => {
                if len > 0 {
                    bytes[at(i, len)] ^= 1 << (bit % 8);
                }
            }
            Damage::SetByte(i, value) => {
                if len > 0 {
                    bytes[at(i, len)] = *value;
                }
            }
            Damage::Insert(i, new) => {
                let i = at(i, len + 1);
                bytes.splice(i..i, new.iter().copied());
            }
            Damage::InsertToken(i, token) => {
                let i = at(i, len + 1);
                bytes.splice(i..i, TOKENS[token % TOKENS.len()].iter().copied());
            }
            Damage::Delete(i, count) => {
                let i = at(i, len);
                let end = (i + count).min(len);
                bytes.drain(i..end);
            }
            Damage::Duplicate(i, count) => {
                let i = at(i, len);
                let end = (i + count).min(len);
                let copy = bytes[i..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Damage::CutAt(i) => bytes.truncate(at(i, len + 1)),
        }
    }
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        3 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Damage::FlipBit(i, b)),
        3 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Damage::SetByte(i, b)),
        2 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Damage::Insert(i, b)),
        3 => (any::<Index>(), 0..TOKENS.len()).prop_map(|(i, t)| Damage::InsertToken(i, t)),
        2 => (any::<Index>(), 1usize..256).prop_map(|(i, n)| Damage::Delete(i, n)),
        1 => (any::<Index>(), 1usize..256).prop_map(|(i, n)| Damage::Duplicate(i, n)),
        1 => any::<Index>().prop_map(Damage::CutAt),
    ]
}

/// Where an input's bytes come from.
#[derive(Debug, Clone)]
enum Origin {
    Random(Vec<u8>),
    Seed {
        index: usize,
        damage: Vec<Damage>,
        /// Gzip the damaged bytes (so a `.gz` name reaches the importer inside).
        gzipped: bool,
    },
}

/// One input: its bytes and the extension of the file they are written to.
#[derive(Clone)]
struct Input {
    origin: Origin,
    /// Index into EXTENSIONS, or None for the seed's own name.
    extension: Option<usize>,
    seeds: Arc<Vec<Seed>>,
}

impl Input {
    fn bytes(&self) -> Vec<u8> {
        match &self.origin {
            Origin::Random(bytes) => bytes.clone(),
            Origin::Seed {
                index,
                damage,
                gzipped,
            } => {
                let mut bytes = self.seeds[*index].bytes.clone();
                for d in damage {
                    d.apply(&mut bytes);
                }
                if *gzipped {
                    gzip(&bytes)
                } else {
                    bytes
                }
            }
        }
    }

    fn file_name(&self) -> String {
        let own = match &self.origin {
            Origin::Seed { index, gzipped, .. } => {
                let name = self.seeds[*index].name.clone();
                if *gzipped && !name.ends_with(".gz") {
                    format!("{name}.gz")
                } else {
                    name
                }
            }
            Origin::Random(_) => "random.csv".to_string(),
        };
        match self.extension.map(|e| EXTENSIONS[e]) {
            None => own,
            Some("") => "input".to_string(),
            Some(extension) => format!("input.{extension}"),
        }
    }
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.bytes().len();
        match &self.origin {
            Origin::Random(bytes) => write!(
                f,
                "{} <- {len} random bytes: \"{}\"",
                self.file_name(),
                bytes.escape_ascii()
            ),
            Origin::Seed {
                index,
                damage,
                gzipped,
            } => write!(
                f,
                "{} <- {} damaged by {damage:?}{} ({len} bytes)",
                self.file_name(),
                self.seeds[*index].name,
                if *gzipped { ", then gzipped" } else { "" }
            ),
        }
    }
}

fn inputs(seeds: Arc<Vec<Seed>>) -> impl Strategy<Value = Input> {
    let count = seeds.len();
    let random = prop::collection::vec(any::<u8>(), 0..MAX_RANDOM_BYTES).prop_map(Origin::Random);
    let damaged = (
        0..count,
        prop::collection::vec(damage(), 0..MAX_MUTATIONS),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(index, damage, gzipped)| Origin::Seed {
            index,
            damage,
            gzipped,
        });
    let origin = prop_oneof![1 => random, 4 => damaged];
    let extension = prop_oneof![
        2 => Just(None),
        1 => (0..EXTENSIONS.len()).prop_map(Some),
    ];
    (origin, extension).prop_map(move |(origin, extension)| Input {
        origin,
        extension,
        seeds: seeds.clone(),
    })
}

/// Reads that ended with runs (possibly none) and with an error.
static READ_OK: AtomicUsize = AtomicUsize::new(0);
static READ_ERR: AtomicUsize = AtomicUsize::new(0);

/// Reads the input every way there is; any panic fails the case, and so
/// does an error without a message or a run that cannot be.
fn read_every_way(input: &Input) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let path = dir.path().join(input.file_name());
    let bytes = input.bytes();
    std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut reads: Vec<(String, PathBuf, ImportOptions)> = FORMATS
        .iter()
        .map(|format| {
            let mut options = ImportOptions::new(today());
            options.format = *format;
            (format!("--from {}", format.name()), path.clone(), options)
        })
        .collect();
    let mut skipping = ImportOptions::new(today());
    skipping.skip_invalid = true;
    reads.push(("--skip-invalid".into(), path.clone(), skipping));
    reads.push((
        "the folder".into(),
        dir.path().to_path_buf(),
        ImportOptions::new(today()),
    ));
    for (how, target, options) in reads {
        let outcome = import::import(std::slice::from_ref(&target), &options);
        let counter = if outcome.is_ok() { &READ_OK } else { &READ_ERR };
        counter.fetch_add(1, Ordering::Relaxed);
        let verdict = match outcome {
            Ok(imported) => imported
                .runs()
                .find_map(|run| impossible(run, options.today))
                .map_or(Ok(()), Err),
            Err(error) => {
                let message = error.to_string();
                if message.trim().is_empty() {
                    Err("an error without a message".to_string())
                } else if ![1, 2].contains(&error.exit_code()) {
                    Err(format!("exit code {} for: {message}", error.exit_code()))
                } else {
                    Ok(())
                }
            }
        };
        if let Err(why) = verdict {
            let saved = std::env::temp_dir().join(format!(
                "runrisk-fuzz-failure.{}",
                input.file_name().split_once('.').map_or("bin", |(_, e)| e)
            ));
            let _ = std::fs::write(&saved, &bytes);
            return Err(TestCaseError::fail(format!(
                "{how}: {why} (input saved as {})",
                saved.display()
            )));
        }
    }
    Ok(())
}

/// The limits of docs/csv-format.md ("Values that cannot be true").
const MAX_RUN_KM: f64 = 300.0;
const FASTEST_PACE_S_PER_KM: f64 = 120.0;

/// What is impossible about a run that was let through, if anything.
fn impossible(run: &runrisk::model::Run, today: NaiveDate) -> Option<String> {
    if !run.distance_km.is_finite() || run.distance_km < 0.0 {
        return Some(format!("a run of {} km", run.distance_km));
    }
    if run.duration_s.is_some_and(|d| !d.is_finite() || d < 0.0) {
        return Some(format!("a run lasting {:?} s", run.duration_s));
    }
    // A run may be dated tomorrow (a time zone ahead of this computer's).
    if runrisk::import::is_future(run.date, today) {
        return Some(format!("a run on {}, after tomorrow", run.date));
    }
    // The limits below hold for rows of CSV logs and exports (line 1 and
    // on); activity files (line 0) have their own, in dispatch.rs.
    if run.origin.line == 0 {
        return None;
    }
    if run.distance_km > MAX_RUN_KM {
        return Some(format!("a run of {} km", run.distance_km));
    }
    // A ride or another session may be faster than any run.
    let pace = run
        .duration_s
        .filter(|d| *d > 0.0 && run.distance_km > 0.0 && run.activity.is_run())
        .map(|d| d / run.distance_km);
    if pace.is_some_and(|p| p < FASTEST_PACE_S_PER_KM) {
        return Some(format!("a pace of {pace:?} s/km"));
    }
    None
}

#[test]
fn every_importer_answers_damaged_input_without_panicking() {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = DEFAULT_CASES;
    }
    config.failure_persistence = None;
    let cases = config.cases;
    let seeds = Arc::new(seeds());
    let tried = AtomicUsize::new(0);
    let started = Instant::now();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&inputs(seeds.clone()), |input| {
        tried.fetch_add(1, Ordering::Relaxed);
        read_every_way(&input)
    });
    eprintln!(
        "fuzz_inputs: {} inputs tried ({cases} cases asked, {} seeds, {} reads each: \
         {} gave runs or none, {} an error) in {:.1?}",
        tried.load(Ordering::Relaxed),
        seeds.len(),
        FORMATS.len() + 2,
        READ_OK.load(Ordering::Relaxed),
        READ_ERR.load(Ordering::Relaxed),
        started.elapsed()
    );
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
