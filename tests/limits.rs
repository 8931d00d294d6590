//! Input built to be huge or impossible, run through the binary: one row
//! that never ends (plain, gzipped, or an Apple Health tag), and GPX tracks
//! whose times run backwards or span decades. Each must end with a clear
//! message, bounded however large the input grows, or be read with a note
//! that says what was not used. The big inputs are generated here.

mod common;

use common::{gzip, run, run_with_stdin, temp_dir, write_file};

/// Bytes of one endless row: past the 1 MiB limit on a row, so that a
/// reader holding the row whole would hold all of them.
const ENDLESS_ROW_BYTES: usize = 3 << 20;

/// The longest message a limit may print: it must not grow with the input.
const SHORT_MESSAGE_BYTES: usize = 600;

fn endless_row() -> String {
    format!(
        "date,distance_km\n2025-01-07,{}",
        "5".repeat(ENDLESS_ROW_BYTES)
    )
}

#[test]
fn a_row_that_never_ends_is_an_error_naming_its_line_and_column() {
    let outcome = run_with_stdin(["weeks", "-"], &endless_row());
    outcome.expect_code(1);
    let message = outcome.stderr.trim();
    assert!(
        message.contains(":2: column 'distance_km': '5555"),
        "{message}"
    );
    assert!(message.contains("runs on past 1 MiB"), "{message}");
    assert!(
        message.len() < SHORT_MESSAGE_BYTES,
        "{} bytes",
        message.len()
    );
    assert!(outcome.stdout.is_empty(), "{}", outcome.stdout);
}

#[test]
fn an_endless_row_in_a_gzipped_log_is_the_same_error() {
    let dir = temp_dir();
    let log = write_file(&dir, "log.csv.gz", gzip(endless_row().as_bytes()));
    let outcome = run(["check".as_ref(), log.as_os_str()]);
    outcome.expect_code(1);
    assert!(
        outcome
            .stderr
            .contains("log.csv.gz:2: column 'distance_km'")
            && outcome.stderr.contains("runs on past 1 MiB"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_quote_never_closed_in_a_huge_log_stops_at_the_limit() {
    let text = format!(
        "date,distance_km,notes\n2025-01-07,5,\"easy{}",
        " and on".repeat(ENDLESS_ROW_BYTES / 7)
    );
    let outcome = run_with_stdin(["check", "-"], &text);
    outcome.expect_code(1);
    assert!(
        outcome
            .stderr
            .contains(":2: column 'notes': '\"easy and on"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.len() < SHORT_MESSAGE_BYTES);
}

#[test]
fn rows_just_under_the_limit_are_read() {
    let notes = "x".repeat((1 << 20) - 100);
    let text = format!("date,distance_km,notes\n2025-01-07,5,{notes}\n2025-01-09,6,\n");
    let outcome = run_with_stdin(["check", "-"], &text);
    outcome.expect_success();
    assert!(outcome.stdout.contains("2 runs read"), "{}", outcome.stdout);
}

#[test]
fn an_apple_health_tag_that_never_ends_keeps_the_workouts_before_it() {
    let dir = temp_dir();
    let export = format!(
        "<?xml version=\"1.0\"?>\n<HealthData>\n<Workout workoutActivityType=\"\
         HKWorkoutActivityTypeRunning\" duration=\"30\" durationUnit=\"min\" \
         startDate=\"2025-01-07 07:00:00 +0100\" endDate=\"2025-01-07 07:30:00 +0100\" \
         totalDistance=\"5\" totalDistanceUnit=\"km\"/>\n<Record value=\"{}",
        "a".repeat(ENDLESS_ROW_BYTES)
    );
    let path = write_file(&dir, "export.xml", export);
    let outcome = run([
        "check".as_ref(),
        "--from".as_ref(),
        "apple".as_ref(),
        path.as_os_str(),
    ]);
    outcome.expect_success();
    assert!(outcome.stdout.contains("1 run"), "{}", outcome.stdout);
    assert!(
        outcome.stdout.contains("runs on past 1") && outcome.stdout.contains("MiB"),
        "{}",
        outcome.stdout
    );
    assert!(outcome.stdout.contains("INCOMPLETE"), "{}", outcome.stdout);
}

/// A GPX track of `times` (as written), a point every 10 m going north.
fn gpx(times: &[String]) -> String {
    let points: String = times
        .iter()
        .enumerate()
        .map(|(i, time)| {
            let lat = 46.0 + i as f64 * 0.00009;
            format!("<trkpt lat=\"{lat:.6}\" lon=\"7.0\"><ele>500</ele><time>{time}</time></trkpt>")
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\"><trk><type>running</type>\
         <trkseg>{points}</trkseg></trk></gpx>"
    )
}

/// `count` times three seconds apart from 07:00 on 1 March 2025, forwards or backwards.
fn times(count: usize, forwards: bool) -> Vec<String> {
    let start = chrono::NaiveDate::from_ymd_opt(2025, 3, 1)
        .and_then(|d| d.and_hms_opt(7, 0, 0))
        .unwrap();
    (0..count as i64)
        .map(|i| {
            let step = chrono::Duration::seconds(3 * i);
            let at = if forwards { start + step } else { start - step };
            at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        })
        .collect()
}

/// The weeks of one GPX file, and `check`'s output for it.
fn read_gpx(times: &[String]) -> (Vec<serde_json::Value>, String) {
    let dir = temp_dir();
    let path = write_file(&dir, "run.gpx", gpx(times));
    let check = run(["check".as_ref(), path.as_os_str()]);
    check.expect_success();
    (common::weeks_json(&path), check.stdout)
}

#[test]
fn gpx_times_that_run_backwards_are_not_used_and_said() {
    let (weeks, check) = read_gpx(&times(500, false));
    assert!(check.contains("times go back at 499 of its 500"), "{check}");
    assert_eq!(weeks[0]["week"], "2025-W09");
    assert!(
        weeks[0]["duration_min"].is_null(),
        "untimed: {:?}",
        weeks[0]
    );
    assert!(common::number(&weeks[0], "distance_km") > 4.0);
}

#[test]
fn gpx_times_that_span_decades_date_the_run_by_most_points() {
    let mut times = times(500, true);
    times[0] = "1976-03-01T07:00:00Z".into();
    let (weeks, check) = read_gpx(&times);
    assert!(check.contains("times span 49 years"), "{check}");
    assert_eq!(weeks.len(), 1, "one week, not 49 years of them");
    assert_eq!(weeks[0]["week"], "2025-W09");
}

#[test]
fn a_sound_gpx_track_keeps_its_times_without_a_note() {
    let (weeks, check) = read_gpx(&times(500, true));
    assert!(!check.contains("times"), "{check}");
    let minutes = common::number(&weeks[0], "duration_min");
    assert!((24.0..=25.5).contains(&minutes), "{minutes}");
}
