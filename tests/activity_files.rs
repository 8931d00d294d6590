//! The GPX, TCX and FIT importers read through the library API, on fixture
//! files of invented runs (tests/fixtures/activities, written by
//! make_fixtures.py there) and on FIT files built here by a small encoder,
//! so that sessions, sports, truncation and checksums can be set at will.
//! A property test feeds random and damaged bytes to every importer: each
//! must answer with runs or an error, never a panic.

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use runrisk::error::Error;
use runrisk::error::Result;
use runrisk::import::{import_bytes, Format, ImportOptions};
use runrisk::model::{Run, Surface};

mod common;

use common::{FitFile, Sport, RECORD};

const RUN_WITH_TIME_GPX: &[u8] = include_bytes!("fixtures/activities/run_with_time.gpx");
const RUN_WITHOUT_TIME_GPX: &[u8] = include_bytes!("fixtures/activities/run_without_time.gpx");
const RIDE_GPX: &[u8] = include_bytes!("fixtures/activities/ride.gpx");
const THREE_LAPS_TCX: &[u8] = include_bytes!("fixtures/activities/three_laps.tcx");

/// What one activity file gave, as `check` counts it.
#[derive(Debug)]
struct ActivityRead {
    runs: Vec<Run>,
    /// Activities or sessions found, runs or not.
    activities: usize,
    /// Why each activity not kept was skipped, one entry per activity.
    skipped: Vec<String>,
    /// The notes on the file, without its name in front.
    notes: Vec<String>,
}

/// How a test names the file it reads.
struct Settings<'a> {
    file: &'a str,
}

fn settings(file: &str) -> Settings<'_> {
    Settings { file }
}

/// Reads an activity file through the library's front door, with its
/// format chosen as `--from` does.
fn read_as(format: Format, bytes: &[u8], settings: &Settings) -> Result<ActivityRead> {
    let mut options = ImportOptions::new(day(2026, 1, 1));
    options.format = format;
    let imported = import_bytes(settings.file, bytes, &options)?;
    let summary = &imported.inputs[0];
    let prefix = format!("{}: ", settings.file);
    Ok(ActivityRead {
        runs: imported.runs().cloned().collect(),
        activities: summary.activities,
        skipped: summary
            .skipped
            .iter()
            .flat_map(|(reason, count)| std::iter::repeat_n(reason.clone(), *count))
            .collect(),
        notes: summary
            .notes
            .iter()
            .map(|note| note.strip_prefix(&prefix).unwrap_or(note).to_string())
            .collect(),
    })
}

/// The reading of one kind of activity file.
type Importer = fn(&[u8], &Settings) -> Result<ActivityRead>;

mod gpx {
    pub fn read(bytes: &[u8], settings: &super::Settings) -> super::Result<super::ActivityRead> {
        super::read_as(super::Format::Gpx, bytes, settings)
    }
}

mod tcx {
    pub fn read(bytes: &[u8], settings: &super::Settings) -> super::Result<super::ActivityRead> {
        super::read_as(super::Format::Tcx, bytes, settings)
    }
}

mod fit {
    pub fn read(bytes: &[u8], settings: &super::Settings) -> super::Result<super::ActivityRead> {
        super::read_as(super::Format::Fit, bytes, settings)
    }
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    date.and_hms_opt(hour, minute, 0).unwrap()
}

fn close_to(value: f64, expected: f64, tolerance: f64) -> bool {
    (value - expected).abs() <= tolerance
}

fn only_run(read: &ActivityRead) -> &Run {
    match read.runs.as_slice() {
        [run] => run,
        _ => panic!("expected one run: {read:#?}"),
    }
}

#[test]
fn gpx_with_times_gives_distance_moving_time_and_strides() {
    let read = gpx::read(RUN_WITH_TIME_GPX, &settings("run_with_time.gpx")).unwrap();
    assert_eq!(read.activities, 1);
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    let run = only_run(&read);
    // 1,100 s at 3 m/s, four strides of 18 s at 4.5 m/s with 60 s easy, 186 s easy.
    assert!(close_to(run.distance_km, 4.9, 0.1), "{}", run.distance_km);
    assert!(
        close_to(run.duration_s.unwrap(), 1598.0, 5.0),
        "{:?}",
        run.duration_s
    );
    assert_eq!(run.date, day(2025, 3, 1));
    assert_eq!(run.start, Some(at(day(2025, 3, 1), 7, 30)));
    assert_eq!(run.sprints, Some(4));
    assert_eq!(run.hill_repeats, Some(0));
    let gain = run.elevation_gain_m.unwrap();
    assert!(gain < 20.0, "±1 m jitter and a 4 m swell per lap: {gain} m");
    assert_eq!(run.surface, None);
    assert_eq!(run.origin.file.as_ref(), "run_with_time.gpx");
    assert_eq!(run.origin.line, 0);
}

#[test]
fn gpx_without_times_gives_distance_and_the_date_from_metadata() {
    let read = gpx::read(RUN_WITHOUT_TIME_GPX, &settings("run_without_time.gpx")).unwrap();
    let run = only_run(&read);
    assert!(close_to(run.distance_km, 1.6, 0.05), "{}", run.distance_km);
    assert_eq!(run.date, day(2025, 3, 8));
    assert_eq!(run.start, None);
    assert_eq!(run.duration_s, None);
    assert_eq!(run.sprints, None);
    assert!(run.elevation_gain_m.unwrap() < 10.0);
    assert_eq!(
        run.surface,
        Some(Surface::Trail),
        "from the name 'Park trail loop'"
    );
    assert!(
        read.notes.iter().any(|n| n.contains("<metadata><time>")),
        "{:?}",
        read.notes
    );
}

#[test]
fn gpx_without_any_date_is_an_error_that_says_how_to_fix_it() {
    let text = String::from_utf8(RUN_WITHOUT_TIME_GPX.to_vec()).unwrap();
    let undated: String = text
        .lines()
        .filter(|line| !line.contains("<metadata>"))
        .collect::<Vec<_>>()
        .join("\n");
    let error = gpx::read(undated.as_bytes(), &settings("undated.gpx")).unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(error, Error::Format { line: None, .. }),
        "{error:?}"
    );
    assert!(message.starts_with("undated.gpx: "), "{message}");
    assert!(message.contains("no date"), "{message}");
    assert!(message.contains("<metadata><time>"), "{message}");
}

#[test]
fn unreadable_gpx_times_are_named_with_their_line() {
    let text = std::str::from_utf8(RUN_WITH_TIME_GPX).unwrap();
    // The points' times of the first two minutes are not times; the rest are.
    let some_bad = text.replace("<time>2025-03-01T07:30:", "<time>half past seven:");
    let read = gpx::read(some_bad.as_bytes(), &settings("some.gpx")).unwrap();
    assert_eq!(read.runs.len(), 1);
    let notes = read.notes.join("\n");
    assert!(
        notes.contains(
            "20 of the track's 533 points have a <time> that is not a time (the first is \
             'half past seven:00Z' on line 8; expected an ISO 8601 time such as \
             2025-03-01T07:30:00Z): those points were read without a time"
        ),
        "{notes}"
    );
    // No point has a time; the file's own time dates the run.
    let points_bad = text.replace("<time>2025-03-01T07:", "<time>07:");
    let points_bad = points_bad.replacen(
        "<time>07:30:00Z</time></metadata>",
        "<time>2025-03-01T07:30:00Z</time></metadata>",
        1,
    );
    let read = gpx::read(points_bad.as_bytes(), &settings("meta.gpx")).unwrap();
    assert_eq!(only_run(&read).date, day(2025, 3, 1));
    let notes = read.notes.join("\n");
    assert!(
        notes.contains("533 of the track's 533 points have a <time> that is not a time (the first is '07:30:00Z' on line 8;"),
        "{notes}"
    );
    assert!(
        notes.contains("the date 2025-03-01 comes from <metadata><time>"),
        "{notes}"
    );
}

#[test]
fn a_gpx_ride_is_counted_and_skipped() {
    let read = gpx::read(RIDE_GPX, &settings("ride.gpx")).unwrap();
    assert_eq!(read.activities, 1);
    assert!(read.runs.is_empty());
    assert_eq!(read.skipped, ["cycling activity"]);
}

#[test]
fn strava_gpx_type_codes_are_understood() {
    let text = String::from_utf8(RIDE_GPX.to_vec()).unwrap();
    let cases = [
        ("9", true),
        ("1", false),
        ("running", true),
        ("hiking", false),
    ];
    for (code, is_run) in cases {
        let gpx = text.replace("<type>cycling</type>", &format!("<type>{code}</type>"));
        let read = gpx::read(gpx.as_bytes(), &settings("strava.gpx")).unwrap();
        assert_eq!(read.runs.len(), usize::from(is_run), "type {code}");
        assert_eq!(read.skipped.len(), usize::from(!is_run), "type {code}");
    }
}

#[test]
fn tcx_laps_are_summed_and_trackpoints_analysed() {
    let read = tcx::read(THREE_LAPS_TCX, &settings("three_laps.tcx")).unwrap();
    assert_eq!(read.activities, 1);
    let run = only_run(&read);
    assert_eq!(run.distance_km, 3.0, "three laps of 1,000 m");
    assert!(
        close_to(run.duration_s.unwrap(), 900.0, 10.0),
        "{:?}",
        run.duration_s
    );
    assert_eq!(run.date, day(2025, 3, 5));
    assert_eq!(run.start, Some(at(day(2025, 3, 5), 17, 45)));
    assert!(run.elevation_gain_m.unwrap() < 20.0);
    assert_eq!(run.sprints, Some(0));
    assert_eq!(run.hill_repeats, Some(0));
}

#[test]
fn truncated_xml_keeps_what_came_before_the_cut() {
    let cases: [(&str, &[u8], Importer); 2] = [
        ("run_with_time.gpx", RUN_WITH_TIME_GPX, gpx::read),
        ("three_laps.tcx", THREE_LAPS_TCX, tcx::read),
    ];
    for (name, bytes, read) in cases {
        let half = &bytes[..bytes.len() / 2];
        let result = read(half, &settings(name)).unwrap();
        let run = only_run(&result);
        assert!(run.distance_km > 1.0, "{name}: {}", run.distance_km);
        // Distance and time both from what was kept: the pace stays true
        // (about 3 m/s in both files), not lap distances over a cut track's time.
        let pace = run.pace_s_per_km().unwrap();
        assert!((270.0..=340.0).contains(&pace), "{name}: {pace} s/km");
        assert!(
            result.notes.iter().any(|n| n.starts_with("truncated")),
            "{name}: {:?}",
            result.notes
        );
    }
}

#[test]
fn xml_problems_are_placed_by_line() {
    let text = std::str::from_utf8(RUN_WITH_TIME_GPX).unwrap();
    let note_of = |text: &str| {
        let read = gpx::read(text.as_bytes(), &settings("run.gpx")).unwrap();
        read.notes
            .into_iter()
            .find(|n| n.starts_with("truncated or damaged"))
            .unwrap_or_else(|| panic!("no truncation note: {text}"))
    };
    // Cut inside a line: the line the file ends on.
    let cut = &text[..text.len() / 2];
    let last_line = cut.lines().count();
    let note = note_of(cut);
    assert!(note.contains(&format!("at line {last_line};")), "{note}");
    // A closing tag that opens nothing, on line 200 of the file.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(199, "</foo>");
    let note = note_of(&lines.join("\n"));
    assert!(note.contains("`</foo>` was found at line 200;"), "{note}");
    // A file written on one line: the line alone would not help.
    let one_line: String = text.lines().collect::<Vec<_>>().join("");
    let note = note_of(&one_line[..20_000]);
    assert!(note.contains("at line 1 (byte 20,000);"), "{note}");
    let tcx = std::str::from_utf8(THREE_LAPS_TCX).unwrap();
    let cut = &tcx[..tcx.len() / 3];
    let read = tcx::read(cut.as_bytes(), &settings("laps.tcx")).unwrap();
    let notes = read.notes.join("\n");
    assert!(
        notes.contains(&format!("at line {};", cut.lines().count())),
        "{notes}"
    );
}

#[test]
fn files_of_another_format_are_errors_naming_the_expected_one() {
    let fit_bytes = FitFile::running(Sport::Running, 0).finish();
    let cases: [(&str, Importer, &[u8], &str); 6] = [
        (
            "a.gpx",
            gpx::read,
            THREE_LAPS_TCX,
            "not a GPX file: the root element is <TrainingCenterDatabase>",
        ),
        (
            "a.gpx",
            gpx::read,
            b"date,distance_km\n2025-03-01,5\n",
            "not a GPX file: no <gpx> element",
        ),
        (
            "a.tcx",
            tcx::read,
            RUN_WITH_TIME_GPX,
            "not a TCX file: the root element is <gpx>",
        ),
        ("a.tcx", tcx::read, &fit_bytes, "not a TCX file"),
        (
            "a.fit",
            fit::read,
            RUN_WITH_TIME_GPX,
            "not a FIT file: no '.FIT' signature",
        ),
        ("a.fit", fit::read, b"", "not a FIT file"),
    ];
    for (name, read, bytes, expected) in cases {
        let message = read(bytes, &settings(name)).unwrap_err().to_string();
        assert!(
            message.starts_with(&format!("{name}: {expected}")),
            "{message}"
        );
    }
}

#[test]
fn a_fit_running_session_gives_one_run_from_summary_and_records() {
    let bytes = FitFile::running(Sport::Running, 0).finish();
    let read = fit::read(&bytes, &settings("run.fit")).unwrap();
    assert_eq!(read.activities, 1);
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    let run = only_run(&read);
    assert_eq!(run.distance_km, 5.4, "the session's total distance");
    assert!(
        close_to(run.duration_s.unwrap(), 1800.0, 3.0),
        "{:?}",
        run.duration_s
    );
    assert_eq!(
        run.elevation_gain_m,
        Some(3.0),
        "the session's total ascent"
    );
    assert_eq!(run.date, day(2025, 3, 2));
    assert_eq!(run.start, Some(at(day(2025, 3, 2), 8, 0)));
    assert_eq!(run.sprints, Some(0));
    assert_eq!(run.hill_repeats, Some(0));
    assert_eq!(run.surface, None);
}

#[test]
fn fit_sub_sports_give_the_surface() {
    for (sub_sport, surface) in [
        (1, Some(Surface::Treadmill)),
        (3, Some(Surface::Trail)),
        (4, Some(Surface::Track)),
        (2, None),
    ] {
        let bytes = FitFile::running(Sport::Running, sub_sport).finish();
        let read = fit::read(&bytes, &settings("run.fit")).unwrap();
        assert_eq!(only_run(&read).surface, surface, "sub_sport {sub_sport}");
    }
}

#[test]
fn a_fit_multisport_file_keeps_the_running_session_and_skips_the_ride() {
    let bytes = FitFile::multisport().finish();
    let read = fit::read(&bytes, &settings("brick.fit")).unwrap();
    assert_eq!(read.activities, 2);
    assert_eq!(read.skipped, ["cycling session"]);
    let run = only_run(&read);
    assert_eq!(run.distance_km, 5.4);
    // Only the run's own records: with the ride's, moving time would double.
    assert!(
        close_to(run.duration_s.unwrap(), 1800.0, 3.0),
        "{:?}",
        run.duration_s
    );
    assert_eq!(run.start, Some(at(day(2025, 3, 2), 8, 0)));
}

#[test]
fn a_truncated_fit_file_gives_the_run_so_far_with_a_note() {
    let bytes = FitFile::running(Sport::Running, 0).finish();
    let cut = &bytes[..bytes.len() * 6 / 10];
    let read = fit::read(cut, &settings("cut.fit")).unwrap();
    let run = only_run(&read);
    // No session summary survives: distance and time come from the records.
    assert!(close_to(run.distance_km, 3.2, 0.3), "{}", run.distance_km);
    assert!(
        close_to(run.duration_s.unwrap(), 1080.0, 60.0),
        "{:?}",
        run.duration_s
    );
    assert_eq!(run.date, day(2025, 3, 2));
    let notes = read.notes.join("\n");
    assert!(notes.contains("truncated: read "), "{notes}");
    assert!(notes.contains(" of ~"), "{notes}");
    assert!(notes.contains("no session summary"), "{notes}");
}

#[test]
fn a_fit_file_cut_anywhere_gives_a_run_or_a_clear_error() {
    // Short sessions keep this quick: fitparser is slow in debug builds.
    let bytes = FitFile::brick(120).finish();
    let ends = (0..64).chain((64..bytes.len()).step_by(53));
    for end in ends {
        match fit::read(&bytes[..end], &settings("cut.fit")) {
            Ok(read) => assert!(read.runs.len() <= 1),
            Err(error) => {
                let message = error.to_string();
                assert!(message.starts_with("cut.fit: "), "{message}");
            }
        }
    }
}

#[test]
fn a_bad_fit_checksum_is_read_anyway_with_a_note() {
    let mut bytes = FitFile::running(Sport::Running, 0).finish();
    if let Some(last) = bytes.last_mut() {
        *last ^= 0xFF;
    }
    let read = fit::read(&bytes, &settings("crc.fit")).unwrap();
    assert_eq!(only_run(&read).distance_km, 5.4);
    assert!(
        read.notes.iter().any(|n| n.contains("CRC")),
        "{:?}",
        read.notes
    );
}

#[test]
fn a_fit_file_that_is_not_an_activity_holds_no_runs() {
    let mut file = FitFile::new(6); // a course file
    file.file_id();
    let read = fit::read(&file.finish(), &settings("course.fit")).unwrap();
    assert!(read.runs.is_empty());
    assert_eq!(read.activities, 0);
    assert!(
        read.notes.iter().any(|n| n.contains("course")),
        "{:?}",
        read.notes
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        read_all(&bytes);
        // The same bytes behind a FIT header reach the decoder itself.
        let mut fit = FitFile::new(4);
        fit.data.extend_from_slice(&bytes);
        read_all(&fit.finish());
    }

    #[test]
    fn damaged_files_never_panic(
        which in 0usize..5,
        changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        keep in any::<prop::sample::Index>(),
        cut in any::<bool>(),
    ) {
        let mut bytes = match which {
            0 => RUN_WITH_TIME_GPX.to_vec(),
            1 => RUN_WITHOUT_TIME_GPX.to_vec(),
            2 => THREE_LAPS_TCX.to_vec(),
            3 => FitFile::single(Sport::Running, 0, 240).finish(),
            _ => FitFile::brick(120).finish(),
        };
        for (at, value) in changes {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if cut {
            bytes.truncate(keep.index(bytes.len() + 1));
        }
        read_all(&bytes);
    }
}

/// Gives the bytes to every importer; any of them may refuse, none may panic.
fn read_all(bytes: &[u8]) {
    let settings = settings("fuzz");
    let _ = gpx::read(bytes, &settings);
    let _ = tcx::read(bytes, &settings);
    let _ = fit::read(bytes, &settings);
}

#[test]
fn the_test_encoder_writes_files_fitparser_accepts() {
    for bytes in [
        FitFile::running(Sport::Running, 0).finish(),
        FitFile::multisport().finish(),
    ] {
        let records = fitparser::from_bytes(&bytes).unwrap();
        assert!(records.len() > 900, "{}", records.len());
    }
}

#[test]
fn a_fit_message_that_crashes_the_decoder_is_reported_not_a_panic() {
    // A timestamp of 2^62 seconds: fitparser's date arithmetic overflows on it.
    let mut file = FitFile::new(4);
    file.file_id();
    file.define(RECORD, 20, &[(253, 8, 0x8F)]);
    file.data.push(RECORD);
    file.data.extend_from_slice(&(1u64 << 62).to_le_bytes());
    let message = fit::read(&file.finish(), &settings("clock.fit"))
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("clock.fit: it is damaged at byte "),
        "{message}"
    );
    assert!(message.contains("nothing could be read"), "{message}");
}
#[test]
fn a_multisport_file_cut_in_the_ride_keeps_the_run_and_says_what_was_lost() {
    let bytes = FitFile::multisport().finish();
    let cut = &bytes[..bytes.len() * 8 / 10];
    let read = fit::read(cut, &settings("brick.fit")).unwrap();
    assert_eq!(read.activities, 1, "the ride's session summary is lost");
    let run = only_run(&read);
    assert_eq!(run.distance_km, 5.4);
    assert!(
        close_to(run.duration_s.unwrap(), 1800.0, 3.0),
        "{:?}",
        run.duration_s
    );
    let notes = read.notes.join("\n");
    assert!(
        notes.contains("records after the last session summary were left out"),
        "{notes}"
    );
    assert!(notes.contains("truncated: read "), "{notes}");
}

/// A FIT run whose session says `km` in `seconds`, but whose records cover
/// only its first `recorded` seconds (written sparsely by a phone app, or
/// with speed and distance compressed away).
fn fit_with_partial_records(km: f64, seconds: u32, recorded: u32) -> Vec<u8> {
    let mut file = FitFile::new(4);
    file.file_id();
    file.define_records();
    file.records(0, recorded, km * 1000.0 / f64::from(seconds));
    file.define_session();
    file.session(Sport::Running, 0, 0, seconds, km * 1000.0, 40);
    file.finish()
}

#[test]
fn a_fit_run_whose_records_cover_part_of_it_keeps_the_watchs_timer() {
    // 11.27 km in 59:18, records for the first five minutes only.
    let bytes = fit_with_partial_records(11.27, 3558, 300);
    let read = fit::read(&bytes, &settings("strava-app.fit")).unwrap();
    assert_eq!(read.runs.len(), 1, "{:?}", read.skipped);
    let run = &read.runs[0];
    assert!((run.distance_km - 11.27).abs() < 0.01, "{run:?}");
    assert_eq!(
        run.avg_hr,
        Some(f64::from(common::SESSION_HR)),
        "the session's heart rate"
    );
    assert_eq!(run.duration_s, Some(3558.0), "{run:?}");
    // Through the binary: no "faster than 2:00/km".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("strava-app.fit");
    std::fs::write(&path, &bytes).unwrap();
    let checked = common::run(["check".as_ref(), path.as_os_str()]);
    checked.expect_success();
    assert!(
        checked.stdout.contains("1 run, 11.3 km"),
        "{}",
        checked.stdout
    );
}

#[test]
fn a_fit_file_timed_from_the_devices_power_on_is_not_dated_1990() {
    let mut file = FitFile::new(4);
    file.base = 1_000; // seconds since power-on, below the FIT profile's 0x10000000
    file.file_id();
    file.define_records();
    file.records(0, 600, 3.0);
    file.define_session();
    file.session(Sport::Running, 0, 0, 600, 1800.0, 5);
    let read = fit::read(&file.finish(), &settings("relative.fit")).unwrap();
    assert!(read.runs.is_empty(), "{:?}", read.runs);
    assert!(
        read.skipped
            .iter()
            .any(|s| s.contains("device's power-on (dated 1990)")),
        "{:?}",
        read.skipped
    );
}

#[test]
fn a_file_without_an_activity_given_alone_says_why_with_one_clean_path() {
    let dir = tempfile::tempdir().unwrap();
    let route = b"<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"x\" \
        xmlns=\"http://www.topografix.com/GPX/1/1\"><rte><name>Loop</name>\
        <rtept lat=\"46.5\" lon=\"7.5\"/><rtept lat=\"46.51\" lon=\"7.5\"/></rte></gpx>\n";
    let folder = dir.path().join("routes");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("loop.gpx"), route).unwrap();
    let alone = common::run_in(dir.path(), ["check", "routes/loop.gpx"]).unwrap();
    assert_eq!(alone.code, 1);
    assert!(
        alone.stderr.contains(
            "routes/loop.gpx: no runs to analyse: no track (<trk>) in the file: routes and waypoints are not runs"
        ),
        "{}",
        alone.stderr
    );
    assert!(
        !alone.stderr.contains("no rows below the header"),
        "{}",
        alone.stderr
    );
    let folder = common::run_in(dir.path(), ["check", "routes/"]).unwrap();
    assert!(
        folder.stderr.contains("routes/loop.gpx"),
        "{}",
        folder.stderr
    );
    assert!(!folder.stderr.contains("routes//"), "{}", folder.stderr);

    let mut settings_file = FitFile::new(2); // a FIT settings file
    settings_file.file_id();
    std::fs::write(dir.path().join("settings.fit"), settings_file.finish()).unwrap();
    let fit = common::run_in(dir.path(), ["check", "settings.fit"]).unwrap();
    assert_eq!(fit.code, 1);
    assert!(
        fit.stderr.contains("a FIT 'settings' file holds no runs"),
        "{}",
        fit.stderr
    );
}
