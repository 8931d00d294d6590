//! Strava and Garmin Connect exports read through the library, one fixture
//! per quirk met in real exports (the data in them is invented).

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use runrisk::error::{Error, Problem, Result};
use runrisk::import::{import_bytes, Format, ImportOptions, InputSummary};
use runrisk::model::{Run, Surface, Units};

/// The importer a test reads with: the export's format, chosen as `--from` does.
type Reader = Format;

const STRAVA: Reader = Format::Strava;
const GARMIN: Reader = Format::Garmin;

/// What one read gave.
struct Read {
    summary: InputSummary,
    runs: Vec<Run>,
    problems: Vec<Problem>,
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}

/// How a test reads one input: its name and the options the command line gives.
struct Settings {
    file: String,
    units: Units,
    units_given: bool,
}

fn settings(file: &str) -> Settings {
    Settings {
        file: file.to_string(),
        units: Units::Km,
        units_given: false,
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/exports", name]
        .iter()
        .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads `bytes` through the library's front door with the format chosen:
/// once as the commands do (invalid values are an error, listed), and once
/// with `--skip-invalid`, for the runs of the valid rows.
fn read_bytes(reader: Reader, bytes: &[u8], settings: &Settings) -> Result<Read> {
    let mut options = ImportOptions::new(today());
    options.format = reader;
    options.units = settings.units;
    options.units_given = settings.units_given;
    let problems = match import_bytes(&settings.file, bytes, &options) {
        Err(Error::Invalid { problems, .. }) => problems,
        Err(other) => return Err(other),
        Ok(_) => Vec::new(),
    };
    options.skip_invalid = true;
    let mut imported = import_bytes(&settings.file, bytes, &options)?;
    Ok(Read {
        summary: imported.inputs.remove(0),
        runs: imported.runs().cloned().collect(),
        problems,
    })
}

fn read_with(reader: Reader, name: &str, settings: &Settings) -> Read {
    read_bytes(reader, &fixture(name), settings).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(reader: Reader, name: &str) -> Read {
    read_with(reader, name, &settings(name))
}

fn error(reader: Reader, name: &str) -> String {
    match read_bytes(reader, &fixture(name), &settings(name)) {
        Err(e @ Error::Format { .. }) => e.to_string(),
        Err(other) => panic!("{name}: not a format error: {other}"),
        Ok(_) => panic!("{name}: read without an error"),
    }
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn skipped(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// One expected run: start, km, seconds, climb, shoe, file, surface.
type Expected<'a> = (
    &'a str,
    f64,
    Option<f64>,
    Option<f64>,
    Option<&'a str>,
    Option<&'a str>,
    Option<Surface>,
);

fn assert_runs(name: &str, runs: &[Run], expected: &[Expected]) {
    assert_eq!(runs.len(), expected.len(), "{name}: {runs:#?}");
    for (run, (start, km, seconds, climb, shoe, file, surface)) in runs.iter().zip(expected) {
        let what = format!("{name} line {}", run.origin.line);
        assert_eq!(run.start, Some(at(start)), "{what}");
        assert_eq!(run.date, at(start).date(), "{what}");
        assert!(
            close(run.distance_km, *km, 1e-6),
            "{what}: {}",
            run.distance_km
        );
        match (run.duration_s, seconds) {
            (Some(a), Some(b)) => assert!(close(a, *b, 1e-6), "{what}: {a}"),
            (a, b) => assert_eq!(a, *b, "{what}"),
        }
        match (run.elevation_gain_m, climb) {
            (Some(a), Some(b)) => assert!(close(a, *b, 0.05), "{what}: {a}"),
            (a, b) => assert_eq!(a, *b, "{what}"),
        }
        assert_eq!(run.shoe.as_deref(), *shoe, "{what}");
        assert_eq!(run.activity_file.as_deref(), *file, "{what}");
        assert_eq!(run.surface, *surface, "{what}");
        assert_eq!(&*run.origin.file, name, "{what}");
    }
}

// ---------------------------------------------------------------- Strava

/// The runs of `strava_current.csv`, which the re-saved copy must give too.
const STRAVA_CURRENT_RUNS: [Expected; 5] = [
    (
        "2022-10-06 23:19:20",
        10.02,
        Some(3012.0),
        Some(85.0),
        Some("Nike Pegasus 39"),
        Some("activities/8012345678.fit.gz"),
        None,
    ),
    (
        "2022-10-11 06:45:03",
        14.51,
        Some(5540.0),
        Some(612.0),
        Some("Hoka Speedgoat 5"),
        Some("activities/8031234567.gpx"),
        Some(Surface::Trail),
    ),
    (
        "2022-10-12 20:00:00",
        8.0,
        Some(2880.0),
        Some(0.0),
        None,
        Some("activities/8037654321.tcx.gz"),
        Some(Surface::Treadmill),
    ),
    (
        "2022-10-14 12:00:00",
        5.0,
        Some(1800.0),
        None,
        Some("Nike Pegasus 39"),
        None,
        None,
    ),
    (
        "2022-10-16 08:05:44",
        5.01,
        Some(1305.0),
        Some(21.0),
        Some("Nike Pegasus 39"),
        Some("activities/8043333333.gpx.gz"),
        Some(Surface::Road),
    ),
];

#[test]
fn strava_current_export_with_repeated_columns() {
    let name = "strava_current.csv";
    let read = read(STRAVA, name);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    // The first Distance (km), not the metres copy; Moving Time before
    // Elapsed Time; the shoe spelt as it first appeared.
    assert_runs(name, &read.runs, &STRAVA_CURRENT_RUNS);
    assert_eq!(read.summary.activities, 9);
    assert_eq!(read.summary.runs, 5);
    assert_eq!(
        read.summary.skipped,
        skipped(&[
            ("Ride: not a run", 2),
            ("Swim: not a run", 1),
            ("Walk: not a run", 1)
        ])
    );
    let surfaces = &read.summary.surfaces;
    assert_eq!(surfaces.get("trail from the activity type"), Some(&1));
    assert_eq!(surfaces.get("treadmill from the activity type"), Some(&1));
    assert_eq!(surfaces.get("road from words in the name"), Some(&1));
    assert_eq!(surfaces.values().sum::<usize>(), 5, "{surfaces:?}");
    assert!(read.summary.notes.is_empty(), "{:?}", read.summary.notes);
}

#[test]
fn strava_lines_count_the_lines_inside_descriptions() {
    let read = read(STRAVA, "strava_current.csv");
    let lines: Vec<u64> = read.runs.iter().map(|r| r.origin.line).collect();
    // The first run's description spans lines 2 to 4; the parkrun starts on 11.
    assert_eq!(lines, vec![2, 7, 8, 9, 11]);
}

#[test]
fn strava_resaved_by_a_spreadsheet_reads_the_same() {
    let name = "strava_resaved.csv";
    let bytes = fixture(name);
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    assert!(bytes.windows(7).any(|w| w == b",FALSE,"));
    let read = read(STRAVA, name);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_runs(name, &read.runs, &STRAVA_CURRENT_RUNS);
    let lines: Vec<u64> = read.runs.iter().map(|r| r.origin.line).collect();
    assert_eq!(lines, vec![2, 7, 8, 9, 11]);
    assert_eq!(read.summary.skipped.values().sum::<usize>(), 4);
}

#[test]
fn strava_resaved_with_semicolons_and_decimal_commas() {
    let name = "strava_resaved_semicolons.csv";
    let read = read(STRAVA, name);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_runs(name, &read.runs, &STRAVA_CURRENT_RUNS);
    let notes = read.summary.notes.join("\n");
    assert!(notes.contains("decimal commas"), "{notes}");
}

#[test]
fn strava_layouts_and_languages() {
    // file, runs, first run: start, km, seconds, climb, shoe, activity file.
    let cases: [(&str, usize, Expected); 4] = [
        (
            "strava_2021_html_header.csv",
            2,
            (
                "2021-03-14 09:12:05",
                10.05,
                Some(3250.0),
                Some(64.0),
                Some("Brooks Ghost 13"),
                Some("activities/5012345678.fit.gz"),
                None,
            ),
        ),
        (
            "strava_2018_early.csv",
            2,
            (
                "2014-09-12 16:54:28",
                8.0467,
                Some(2712.0),
                None,
                Some("Brooks Ghost 7"),
                Some("activities/186234561.gpx"),
                None,
            ),
        ),
        (
            "strava_german.csv",
            4,
            (
                "2022-10-06 23:19:20",
                10.02,
                Some(3012.0),
                Some(85.0),
                Some("Nike Pegasus 39"),
                Some("activities/8012345678.fit.gz"),
                None,
            ),
        ),
        (
            "strava_miles_first_distance.csv",
            2,
            (
                "2024-03-17 08:35:21",
                10.0262998046875,
                Some(3012.0),
                Some(85.0),
                Some("Nike Pegasus 40"),
                Some("activities/9012345678.fit.gz"),
                None,
            ),
        ),
    ];
    for (name, runs, first) in cases {
        let read = read(STRAVA, name);
        assert!(read.problems.is_empty(), "{name}: {:?}", read.problems);
        assert_eq!(read.runs.len(), runs, "{name}");
        assert_runs(name, &read.runs[..1], &[first]);
    }
}

#[test]
fn strava_html_wrapped_header_names_are_stripped() {
    let name = "strava_2021_html_header.csv";
    assert!(String::from_utf8(fixture(name))
        .unwrap()
        .contains("translation_missing"));
    let read = read(STRAVA, name);
    assert_eq!(read.summary.skipped, skipped(&[("Ride: not a run", 1)]));
    // "Track Tuesday 6x800" puts the second run on the track.
    assert_eq!(read.runs[1].surface, Some(Surface::Track));
    assert_eq!(read.runs[1].duration_s, Some(2790.0));
}

#[test]
fn strava_early_layout_has_metres_and_iso_dates() {
    let name = "strava_2018_early.csv";
    let read = read(STRAVA, name);
    assert!(close(read.runs[1].distance_km, 21.0975, 1e-9));
    assert_eq!(read.runs[1].origin.line, 4);
    assert_eq!(read.summary.skipped, skipped(&[("Ride: not a run", 1)]));
    assert!(read.summary.notes.iter().any(|n| n.contains("before 2019")));
}

#[test]
fn strava_german_export() {
    let name = "strava_german.csv";
    let read = read(STRAVA, name);
    assert_eq!(
        read.summary.skipped,
        skipped(&[("Radfahrt: not a run", 1), ("Schwimmen: not a run", 1)])
    );
    let by_start: Vec<(NaiveDateTime, f64, Option<f64>, Option<Surface>)> = read
        .runs
        .iter()
        .map(|r| (r.start.unwrap(), r.distance_km, r.duration_s, r.surface))
        .collect();
    assert_eq!(
        by_start,
        vec![
            (at("2022-10-06 23:19:20"), 10.02, Some(3012.0), None),
            (
                at("2022-10-11 06:45:03"),
                14.51,
                Some(5540.0),
                Some(Surface::Trail)
            ),
            // Day-first numeric date; "Virtueller Lauf" is a virtual run.
            (
                at("2022-10-12 20:00:00"),
                8.0,
                Some(2880.0),
                Some(Surface::Treadmill)
            ),
            // "1.800" seconds grouped, "1800,0" with a decimal comma.
            (at("2022-10-14 12:00:00"), 5.0, Some(1800.0), None),
        ]
    );
    assert!(read.summary.notes.iter().any(|n| n.contains("German")));
}

#[test]
fn strava_german_export_saved_as_latin1() {
    let text = String::from_utf8(fixture("strava_german.csv")).unwrap();
    let latin1: Vec<u8> = text.chars().map(|c| u8::try_from(c).unwrap()).collect();
    assert!(std::str::from_utf8(&latin1).is_err());
    let read = read_bytes(STRAVA, &latin1, &settings("strava_german.csv")).unwrap();
    let utf8 = read_bytes(STRAVA, text.as_bytes(), &settings("strava_german.csv")).unwrap();
    assert_eq!(read.runs, utf8.runs);
}

#[test]
fn strava_distance_from_whichever_column_holds_it() {
    let header = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,\
                  Moving Time,Distance";
    let only_metres = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,\
                       Moving Time,Distance";
    let only_km = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance";
    let date = "\"Mar 17, 2024, 8:35:21 AM\"";
    // header, row after the type, km.
    let cases = [
        (header, "3100,10.02,3012.0,10020.0", 10.02),
        (header, "3100,,3012.0,10020.0", 10.02),
        (header, "3100,10.02,3012.0,", 10.02),
        (only_metres, "3100,3012.0,10020.0", 10.02),
        (only_km, "3100,10.02", 10.02),
    ];
    for (header, rest, km) in cases {
        let text = format!("{header}\n1,{date},Morning Run,Run,{rest}\n");
        let read = read_bytes(STRAVA, text.as_bytes(), &settings("a.csv")).unwrap();
        assert!(read.problems.is_empty(), "{rest}: {:?}", read.problems);
        assert!(
            close(read.runs[0].distance_km, km, 1e-9),
            "{header} / {rest}"
        );
    }
}

#[test]
fn strava_miles_in_the_first_distance_are_noted() {
    let read = read(STRAVA, "strava_miles_first_distance.csv");
    assert!(close(read.runs[1].distance_km, 5.005, 1e-9));
    let note = read.summary.notes.join("\n");
    assert!(note.contains("miles in 2 runs"), "{note}");
}

#[test]
fn strava_invalid_values_are_located() {
    let name = "strava_invalid.csv";
    let read = read(STRAVA, name);
    assert_eq!(read.runs.len(), 1);
    assert_eq!(read.summary.activities, 7);
    let found: Vec<(u64, &str, &str)> = read
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "Activity Date", "yesterday"),
            (5, "Distance", "ten"),
            (6, "Moving Time", "abc"),
            (6, "Elevation Gain", "-5"),
            (7, "Moving Time", "600.0"),
            (8, "Activity Date", "Oct 11, 2032, 7:00:00 AM"),
            (9, "Distance", ""),
        ]
    );
    for problem in &read.problems {
        assert_eq!(problem.file, name);
        assert!(!problem.expected.is_empty());
    }
    let text = read.problems[0].to_string();
    assert!(
        text.starts_with("strava_invalid.csv:3: column 'Activity Date': 'yesterday' is not a date"),
        "{text}"
    );
    assert!(read.problems[4].expected.contains("faster than 2:00/km"));
    assert!(read.problems[5].expected.contains("future"));
    assert!(read.problems[6].expected.contains("empty"));
}

#[test]
fn strava_wrong_headers_are_named() {
    let french = error(STRAVA, "strava_french.csv");
    for words in [
        "language runrisk does not read",
        "English and German",
        "'Activity Date'",
        "'Activity Type'",
        "'Distance'",
        "Date de l'activité",
    ] {
        assert!(french.contains(words), "{words}: {french}");
    }
    let native = read_bytes(
        STRAVA,
        b"date,distance_km\n2024-01-01,5\n",
        &settings("log.csv"),
    );
    let message = match native {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a native log read as Strava"),
    };
    assert!(
        message.starts_with("log.csv:1: not a Strava activities.csv"),
        "{message}"
    );
    assert!(message.contains("'Activity Date', 'Activity Type' and 'Distance'"));
    assert!(read_bytes(STRAVA, b"", &settings("empty.csv")).is_err());
}

/// A fixture with `from` replaced by `to` in its header line only.
fn with_header_renamed(name: &str, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(fixture(name)).unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    format!("{}\n{rows}", header.replace(from, to)).into_bytes()
}

#[test]
fn misspelt_export_columns_are_named_with_their_near_miss() {
    // reader, fixture, column, misspelling, what the message says
    let cases = [
        (
            STRAVA,
            "strava_current.csv",
            "Activity Date",
            "Activty Date",
            "Strava activities.csv",
        ),
        (
            STRAVA,
            "strava_current.csv",
            "Distance",
            "Distnace",
            "Strava activities.csv",
        ),
        (
            STRAVA,
            "strava_german.csv",
            "Aktivitätsdatum",
            "Aktivitatsdatum",
            "Strava activities.csv",
        ),
        (
            GARMIN,
            "garmin_km.csv",
            "Distance",
            "Distanse",
            "Garmin Connect Activities.csv",
        ),
        (
            GARMIN,
            "garmin_km.csv",
            "Activity Type",
            "Activty Type",
            "Garmin Connect Activities.csv",
        ),
        (
            GARMIN,
            "garmin_german.csv",
            "Distanz",
            "Distans",
            "Garmin Connect Activities.csv",
        ),
    ];
    for (reader, name, column, misspelt, what) in cases {
        let bytes = with_header_renamed(name, column, misspelt);
        let message = match read_bytes(reader, &bytes, &settings("a.csv")) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{name} with '{misspelt}' read without an error"),
        };
        assert_eq!(
            message,
            format!(
                "a.csv:1: this {what} has no '{column}' column. Did you mean '{column}' for the \
                 column '{misspelt}'? Rename it."
            )
        );
    }
    // A column that is gone, not misspelt: named, with no wrong guess
    // ('Activity Count' is another column of the export).
    let bytes = with_header_renamed("strava_current.csv", "Activity Date", "Date");
    let message = match read_bytes(STRAVA, &bytes, &settings("a.csv")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("read without an 'Activity Date'"),
    };
    assert!(
        message.starts_with("a.csv:1: this Strava activities.csv has no 'Activity Date' column (the header starts 'Activity ID', 'Date',"),
        "{message}"
    );
    assert!(!message.contains("Did you mean"), "{message}");
    assert!(message.contains("see docs/strava.md"), "{message}");
}

// ---------------------------------------------------------------- Garmin

#[test]
fn garmin_imperial_export_quoted_with_favorite() {
    let name = "garmin_miles_quoted.csv";
    let mut read = read(GARMIN, name);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    // The strength session is read as a session, not a run and not skipped.
    let sessions: Vec<Run> = read
        .runs
        .iter()
        .filter(|r| !r.activity.is_run())
        .cloned()
        .collect();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    assert_eq!(sessions[0].activity, runrisk::model::Activity::Strength);
    assert_eq!(sessions[0].date.to_string(), "2024-03-22");
    read.runs.retain(|r| r.activity.is_run());
    let mile = 1.609_344;
    let foot = 0.3048;
    assert_runs(
        name,
        &read.runs,
        &[
            (
                "2024-03-17 09:35:21",
                6.23 * mile,
                Some(3012.0),
                Some(279.0 * foot),
                None,
                None,
                None,
            ),
            // "1,079" feet of climbing.
            (
                "2024-03-19 06:30:00",
                13.11 * mile,
                Some(8812.0),
                Some(1079.0 * foot),
                None,
                None,
                Some(Surface::Trail),
            ),
            // Fractions of a second; `--` for the climb.
            (
                "2024-03-20 18:00:00",
                3.11 * mile,
                Some(1680.4),
                None,
                None,
                None,
                Some(Surface::Treadmill),
            ),
            // `--:--:--` and `--`: no time.
            (
                "2024-03-22 07:10:00",
                4.02 * mile,
                None,
                None,
                None,
                None,
                None,
            ),
        ],
    );
    assert_eq!(read.summary.activities, 7);
    assert_eq!(
        read.summary.skipped,
        skipped(&[("Cycling: not a run", 1), ("Pool Swim: not a run", 1)])
    );
    let note = read.summary.notes.join("\n");
    assert!(
        note.contains("units: miles and feet, judged from cadence and stride length"),
        "{note}"
    );
    assert!(note.contains("--units km"), "{note}");
}

#[test]
fn garmin_metric_export_without_favorite() {
    let name = "garmin_km.csv";
    let read = read(GARMIN, name);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_runs(
        name,
        &read.runs,
        &[
            (
                "2024-03-17 09:35:21",
                10.02,
                Some(3012.0),
                Some(85.0),
                None,
                None,
                None,
            ),
            (
                "2024-03-19 06:30:00",
                21.10,
                Some(8812.0),
                Some(1079.0),
                None,
                None,
                Some(Surface::Trail),
            ),
            (
                "2024-03-20 18:00:00",
                8.0,
                Some(2640.0),
                None,
                None,
                None,
                Some(Surface::Treadmill),
            ),
            (
                "2024-03-21 18:00:00",
                6.40,
                Some(1595.2),
                Some(3.0),
                None,
                None,
                Some(Surface::Track),
            ),
            (
                "2024-03-22 12:00:00",
                5.0,
                Some(1800.0),
                None,
                None,
                None,
                Some(Surface::Treadmill),
            ),
        ],
    );
    assert_eq!(
        read.summary.skipped,
        skipped(&[
            ("Cycling: not a run", 1),
            ("Pool Swim: not a run", 1),
            ("Walking: not a run", 1)
        ])
    );
    let note = read.summary.notes.join("\n");
    assert!(
        note.contains("units: kilometres and metres, judged from cadence"),
        "{note}"
    );
}

#[test]
fn garmin_units_from_pace_from_the_flag_or_assumed() {
    let mile = 1.609_344;
    let mut given_km = settings("garmin_pace_only.csv");
    given_km.units_given = true;
    let mut default_mi = settings("garmin_ambiguous.csv");
    default_mi.units = Units::Mi;
    // file, settings, first run's km, climb m, words in the note.
    let cases = [
        // 8:03 and 9:30 per unit: a mile pace, or a slow km pace. Nothing
        // else tells, so kilometres are assumed, and the note says so.
        (
            "garmin_pace_only.csv",
            settings("garmin_pace_only.csv"),
            6.21,
            312.0,
            "units: kilometres and metres assumed",
        ),
        (
            "garmin_pace_only.csv",
            given_km,
            6.21,
            312.0,
            "units: kilometres and metres, as --units says",
        ),
        // A km runner's slow runs (9:05, 9:00 and 8:40 per km) stay km.
        (
            "garmin_km_slow.csv",
            settings("garmin_km_slow.csv"),
            5.50,
            48.0,
            "units: kilometres and metres assumed",
        ),
        // Paces slower than anyone runs a km (11:07, 11:00, 10:15 per unit)
        // are mile paces.
        (
            "garmin_miles_slow.csv",
            settings("garmin_miles_slow.csv"),
            4.50 * mile,
            150.0 * 0.3048,
            "units: miles and feet, judged from paces, climbing and cadence",
        ),
        (
            "garmin_ambiguous.csv",
            settings("garmin_ambiguous.csv"),
            6.80,
            40.0,
            "units: kilometres and metres assumed",
        ),
        (
            "garmin_ambiguous.csv",
            default_mi,
            6.80 * mile,
            40.0 * 0.3048,
            "units: miles and feet assumed",
        ),
    ];
    for (name, settings, km, climb, note) in cases {
        let read = read_with(GARMIN, name, &settings);
        let run = &read.runs[0];
        assert!(
            close(run.distance_km, km, 1e-9),
            "{name}: {}",
            run.distance_km
        );
        assert!(close(run.elevation_gain_m.unwrap(), climb, 1e-9), "{name}");
        assert_eq!(run.duration_s, Some(3000.0), "{name}");
        let notes = read.summary.notes.join("\n");
        assert!(notes.contains(note), "{name}: {notes}");
    }
    let slow = read(GARMIN, "garmin_km_slow.csv");
    let km: Vec<f64> = slow.runs.iter().map(|r| r.distance_km).collect();
    assert_eq!(km, [5.5, 5.0, 6.0]);
    let notes = slow.summary.notes.join("\n");
    assert!(
        notes.contains("use --units mi if the Garmin account shows miles"),
        "{notes}"
    );
}

#[test]
fn garmin_german_export() {
    let name = "garmin_german.csv";
    let read = read(GARMIN, name);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_runs(
        name,
        &read.runs,
        &[
            (
                "2024-03-17 09:35:21",
                10.02,
                Some(3012.0),
                Some(85.0),
                None,
                None,
                None,
            ),
            (
                "2024-03-19 06:30:00",
                21.10,
                Some(8812.0),
                Some(1079.0),
                None,
                None,
                Some(Surface::Trail),
            ),
            (
                "2024-03-20 18:00:00",
                8.0,
                Some(2640.5),
                None,
                None,
                None,
                Some(Surface::Treadmill),
            ),
        ],
    );
    assert_eq!(
        read.summary.skipped,
        skipped(&[("Radfahren: not a run", 1)])
    );
    let notes = read.summary.notes.join("\n");
    assert!(
        notes.contains("German") && notes.contains("kilometres"),
        "{notes}"
    );
}

#[test]
fn garmin_wrong_headers_are_named() {
    // A header in a language without a table, not in Garmin's own order,
    // cannot be read by position either.
    let reordered = b"Aktivitetstyp,Titel,Datum,Distans,Kalorier,Tid,Medelpuls,Maxpuls,\
        Aerob TE,Medeltempo,B\xc3\xa4sta tempo,Total stigning,Totalt nedf\xc3\xb6r,Medelsteglangd,Antal varv\n";
    let foreign = match read_bytes(GARMIN, reordered, &settings("swedish.csv")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a reordered foreign header was read"),
    };
    for words in [
        "Garmin Connect export in a language runrisk does not read",
        "'Activity Type', 'Date' and 'Distance'",
        "Aktivitetstyp",
    ] {
        assert!(foreign.contains(words), "{words}: {foreign}");
    }
    assert!(foreign.starts_with("swedish.csv:1: "), "{foreign}");
    let strava = error(GARMIN, "strava_current.csv");
    assert!(
        strava.contains("this is a Strava activities.csv, not a Garmin Connect Activities.csv (there is no 'Date' column); read it as a Strava export (--from strava)"),
        "{strava}"
    );
    let other = match read_bytes(GARMIN, b"date,distance_km\n", &settings("log.csv")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a native log read as Garmin"),
    };
    assert!(
        other.starts_with(
            "log.csv:1: not a Garmin Connect Activities.csv: there is no 'Activity Type' column"
        ),
        "{other}"
    );
    let garmin = error(STRAVA, "garmin_km.csv");
    assert!(
        garmin.contains("this is a Garmin Connect Activities.csv"),
        "{garmin}"
    );
    assert!(read_bytes(GARMIN, b"", &settings("empty.csv")).is_err());
    assert!(read_bytes(GARMIN, b"\n\n", &settings("blank.csv")).is_err());
}

#[test]
fn garmin_invalid_values_are_located() {
    let text = "Activity Type,Date,Title,Distance,Time,Avg Pace,Total Ascent\n\
                Running,2024-03-17 09:35:21,Fine,10.02,00:50:12,5:01,85\n\
                Running,17/03/2024,Bad date,10.02,00:50:12,5:01,85\n\
                Running,2024-03-18 09:35:21,Bad distance,ten,00:50:12,5:01,85\n\
                Running,2024-03-19 09:35:21,No distance,--,00:50:12,5:01,85\n\
                Running,2024-03-20 09:35:21,Bad time,10.02,fifty,5:01,x\n\
                Running,2024-03-21 09:35:21,Too long,400,20:00:00,3:00,85\n";
    let read = read_bytes(GARMIN, text.as_bytes(), &settings("a.csv")).unwrap();
    assert_eq!(read.runs.len(), 1);
    let found: Vec<(u64, &str, &str)> = read
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "Date", "17/03/2024"),
            (4, "Distance", "ten"),
            (5, "Distance", "--"),
            (6, "Time", "fifty"),
            (6, "Total Ascent", "x"),
            (7, "Distance", "400"),
        ]
    );
    assert!(read.problems[2].expected.contains("empty"));
    assert!(read.problems[5].expected.contains("longer than any run"));
}

// ------------------------------------------------- one run, three formats

#[test]
fn the_same_runs_from_native_strava_and_garmin_agree() {
    let read_native = |name: &str| {
        let read = read(Format::Native, name);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        read.runs
    };
    let reference = read_native("same_week_native.csv");
    assert_eq!(reference.len(), 3);
    let others = [
        (
            "same_week_strava.csv",
            read(STRAVA, "same_week_strava.csv").runs,
        ),
        (
            "same_week_garmin_miles.csv",
            read(GARMIN, "same_week_garmin_miles.csv").runs,
        ),
        (
            "same_week_garmin_km.csv",
            read(GARMIN, "same_week_garmin_km.csv").runs,
        ),
    ];
    for (name, runs) in others {
        assert_eq!(runs.len(), reference.len(), "{name}");
        for (run, want) in runs.iter().zip(&reference) {
            assert_eq!(run.date, want.date, "{name}");
            // Two decimals of a mile are 8 m.
            assert!(
                close(run.distance_km, want.distance_km, 0.01),
                "{name}: {} against {}",
                run.distance_km,
                want.distance_km
            );
            let (a, b) = (run.duration_s.unwrap(), want.duration_s.unwrap());
            assert!(close(a, b, 1.0), "{name}: {a} against {b}");
            let (a, b) = (
                run.elevation_gain_m.unwrap(),
                want.elevation_gain_m.unwrap(),
            );
            assert!(close(a, b, 0.5), "{name}: {a} m against {b} m");
        }
    }
}

// ------------------------------------------------------------- no panics

const FIXTURES: [&str; 19] = [
    "strava_current.csv",
    "strava_resaved.csv",
    "strava_resaved_semicolons.csv",
    "strava_2021_html_header.csv",
    "strava_2018_early.csv",
    "strava_german.csv",
    "strava_french.csv",
    "strava_miles_first_distance.csv",
    "strava_invalid.csv",
    "garmin_miles_quoted.csv",
    "garmin_km.csv",
    "garmin_pace_only.csv",
    "garmin_ambiguous.csv",
    "garmin_german.csv",
    "garmin_danish.csv",
    "same_week_native.csv",
    "same_week_strava.csv",
    "same_week_garmin_miles.csv",
    "same_week_garmin_km.csv",
];

/// Reads `bytes` with both importers; only a panic fails.
fn read_both(bytes: &[u8]) {
    for reader in [STRAVA, GARMIN] {
        let mut given = settings("fuzz.csv");
        for units_given in [false, true] {
            given.units_given = units_given;
            let _ = read_bytes(reader, bytes, &given);
        }
    }
}

/// One change to a fixture: overwrite, insert or delete a byte, or cut the end.
#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        Just(b','),
        Just(b'"'),
        Just(b'\n'),
        Just(b'\r'),
        Just(b'-'),
        Just(b':'),
        Just(b'.'),
        Just(b'9'),
        Just(0xC3),
        Just(0xFF),
        any::<u8>(),
    ];
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<usize>(), interesting).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Set(i, b) if !bytes.is_empty() => bytes[i % len] = b,
            Mutation::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Mutation::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i % len);
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
            _ => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        read_both(&bytes);
    }

    #[test]
    fn arbitrary_rows_under_real_headers_never_panic(
        which in 0..FIXTURES.len(),
        body in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let bytes = fixture(FIXTURES[which]);
        let header_end = bytes.iter().position(|b| *b == b'\n').map_or(bytes.len(), |i| i + 1);
        let mut input = bytes[..header_end].to_vec();
        input.extend(body);
        read_both(&input);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0..FIXTURES.len(),
        mutations in proptest::collection::vec(mutation(), 1..8),
    ) {
        read_both(&mutate(fixture(FIXTURES[which]), &mutations));
    }
}

#[test]
fn race_words_in_activity_names_mark_races() {
    let read = read(STRAVA, "strava_current.csv");
    let races: Vec<bool> = read.runs.iter().map(Run::is_race).collect();
    let parkrun = read
        .runs
        .iter()
        .position(|r| r.date == NaiveDate::from_ymd_opt(2022, 10, 16).unwrap())
        .expect("the Sunday parkrun");
    for (i, race) in races.iter().enumerate() {
        assert_eq!(*race, i == parkrun, "run {i} of {races:?}");
    }

    let garmin = String::from_utf8(fixture("garmin_km.csv")).unwrap();
    let cases = [
        ("Hamburg Marathon", true),
        ("Hamburg Halbmarathon", true),
        ("Marathon pace run", false),
        ("Hamburg Running", false),
    ];
    for (title, race) in cases {
        let text = garmin.replacen("Hamburg Running", title, 1);
        let read = read_bytes(GARMIN, text.as_bytes(), &settings("Activities.csv")).unwrap();
        assert_eq!(read.runs[0].is_race(), race, "{title}");
        assert!(!read.runs[1].is_race(), "{title}: the trail run is no race");
    }
}

// ------------------------------------------------- Garmin in other languages

/// km, minutes and average heart rate of a run.
type KmMinutesHr = (f64, f64, Option<f64>);

/// (km, minutes, average heart rate) of each run of a read, in file order.
fn km_minutes_hr(read: &Read) -> Vec<KmMinutesHr> {
    read.runs
        .iter()
        .filter(|r| r.activity.is_run())
        .map(|r| {
            let km = (r.distance_km * 100.0).round() / 100.0;
            let minutes = (r.duration_s.unwrap_or(0.0) / 6.0).round() / 10.0;
            (km, minutes, r.avg_hr)
        })
        .collect()
}

#[test]
fn garmin_exports_in_spanish_polish_and_danish_are_read_with_decimal_commas() {
    let cases: [(&str, &str, Vec<KmMinutesHr>, usize); 4] = [
        (
            "garmin_spanish.csv",
            "Spanish",
            vec![
                (10.02, 50.2, Some(152.0)),
                (12.5, 75.7, Some(148.0)),
                (6.0, 33.0, Some(140.0)),
                (18.0, 99.0, Some(150.0)),
            ],
            1,
        ),
        (
            "garmin_polish.csv",
            "Polish",
            vec![
                (8.01, 42.5, Some(149.0)),
                (10.0, 52.0, Some(151.0)),
                (16.4, 89.2, Some(147.0)),
            ],
            1,
        ),
        (
            "garmin_danish_2024.csv",
            "Danish",
            vec![(10.02, 50.2, Some(152.0)), (7.5, 39.0, Some(145.0))],
            0,
        ),
        (
            "garmin_danish.csv",
            "Danish",
            vec![(10.02, 50.2, Some(152.0))],
            0,
        ),
    ];
    for (name, language, want, sessions) in cases {
        let read = read(GARMIN, name);
        assert_eq!(km_minutes_hr(&read), want, "{name}");
        assert_eq!(read.summary.sessions, sessions, "{name}");
        let notes = read.summary.notes.join("\n");
        assert!(
            notes.contains(&format!("language: a {language} export (decimal commas)")),
            "{name}: {notes}"
        );
        assert!(read.problems.is_empty(), "{name}: {:?}", read.problems);
    }
    // Spanish types: a treadmill run and a trail run; "Madrid Carrera" is
    // Garmin's default title (carrera is both run and race), so no race.
    let spanish = read(GARMIN, "garmin_spanish.csv");
    let surfaces: Vec<Option<Surface>> = spanish.runs.iter().map(|r| r.surface).collect();
    assert!(surfaces.contains(&Some(Surface::Treadmill)), "{surfaces:?}");
    assert!(surfaces.contains(&Some(Surface::Trail)), "{surfaces:?}");
    assert!(spanish.runs.iter().all(|r| !r.is_race()));
}

#[test]
fn a_garmin_export_in_a_language_without_a_table_is_read_by_its_columns_places() {
    let read = read(GARMIN, "garmin_swedish.csv");
    assert_eq!(
        km_minutes_hr(&read),
        vec![(9.5, 49.0, None), (11.2, 59.5, None)]
    );
    let notes = read.summary.assumed.join("\n");
    for words in [
        "a language runrisk has no table for",
        "'Aktivitetstyp' as the activity type",
        "'Distans' as the distance",
        "'Tid' as the time",
    ] {
        assert!(notes.contains(words), "{words}: {notes}");
    }
    assert_eq!(read.summary.skipped.values().sum::<usize>(), 1, "the ride");
}

#[test]
fn a_garmin_export_without_its_header_row_is_read_from_its_first_line() {
    let read = read(GARMIN, "garmin_no_header.csv");
    assert_eq!(
        km_minutes_hr(&read),
        vec![(12.01, 62.2, None), (8.0, 42.0, None)]
    );
    assert_eq!(read.summary.sessions, 1);
    let first = read.runs.iter().map(|r| r.origin.line).min();
    assert_eq!(first, Some(1), "the first line is a run");
    assert!(read.summary.assumed.join("\n").contains("no header row"));
}

#[test]
fn a_2017_garmin_export_in_miles_is_garmin_and_in_miles() {
    // Read with no format and no file name to go by: the header tells.
    let options = ImportOptions::new(today());
    let imported = import_bytes("-", &fixture("garmin_2017_miles.csv"), &options).unwrap();
    let guess = imported.inputs[0].units_guess.clone().unwrap_or_default();
    assert!(guess.starts_with("units: miles"), "read as Garmin: {guess}");
    let read = read(GARMIN, "garmin_2017_miles.csv");
    let km: f64 = read.runs.iter().map(|r| r.distance_km).sum();
    assert!((km - 34.6 * 1.609_344).abs() < 0.1, "{km}");
    let note = read.summary.units_guess.clone().unwrap_or_default();
    assert!(note.starts_with("units: miles and feet, judged"), "{note}");
    assert_eq!(read.summary.distance_units, Some(Units::Mi));
}

#[test]
fn a_race_that_names_its_distance_tells_the_units() {
    // Paces that fit both units and no cadence: only the 5K and the 10K,
    // logged as 3.11 and 6.22, say miles.
    let header = "Activity Type,Date,Favorite,Title,Distance,Calories,Time\n";
    let rows = [
        "Running,2017-04-02 08:00:00,false,Turkey Trot 5K,3.11,400,00:26:00",
        "Running,2017-04-09 08:00:00,false,City 10K,6.22,600,00:52:00",
        "Running,2017-04-11 08:00:00,false,Easy,5.00,600,00:42:00",
    ];
    let text = format!("{header}{}\n", rows.join("\n"));
    let read = read_bytes(GARMIN, text.as_bytes(), &settings("a.csv")).unwrap();
    let note = read.summary.units_guess.unwrap_or_default();
    assert!(note.starts_with("units: miles"), "{note}");
    let km = text.replace("3.11", "5.02").replace("6.22", "10.03");
    let read = read_bytes(GARMIN, km.as_bytes(), &settings("a.csv")).unwrap();
    let note = read.summary.units_guess.unwrap_or_default();
    assert!(note.starts_with("units: kilometres"), "{note}");
}

#[test]
fn strava_and_garmin_give_the_average_heart_rate() {
    let strava = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Average Heart Rate\n\
                  1,\"Mar 17, 2024, 8:35:21 AM\",Morning Run,Run,3000,10.02,151.4\n\
                  2,\"Mar 18, 2024, 8:35:21 AM\",Easy Run,Run,1800,5.0,\n";
    let strava_read = read_bytes(STRAVA, strava.as_bytes(), &settings("activities.csv")).unwrap();
    let hr: Vec<Option<f64>> = strava_read.runs.iter().map(|r| r.avg_hr).collect();
    assert_eq!(hr, [Some(151.4), None]);
    let garmin = read(GARMIN, "garmin_danish_2024.csv");
    assert_eq!(garmin.runs[0].avg_hr, Some(152.0));
}
