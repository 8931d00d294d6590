//! Logs written the way runners write spreadsheets (tests/fixtures/spreadsheets):
//! day or month first, month names, units in the cells, durations with
//! units or as `h:mm`, columns named `Time`, `Km` or `Miles`. Each is read
//! to the right runs, and what runrisk assumed is said once in `check` and
//! on standard error, never silently.

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::Value;

fn sheet(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spreadsheets")
        .join(format!("{name}.csv"))
}

fn weeks_of(name: &str, extra: &[&str]) -> Vec<Value> {
    let path = sheet(name);
    let mut args = vec!["weeks".to_string(), path.display().to_string()];
    args.extend(["--format", "json"].map(String::from));
    args.extend(extra.iter().map(|s| s.to_string()));
    json(args)
}

/// (week, km, longest km, minutes) of each week.
fn summary(rows: &[Value]) -> Vec<(String, f64, f64, Option<f64>)> {
    rows.iter()
        .map(|r| {
            (
                text(r, "week").to_string(),
                number(r, "distance_km"),
                number(r, "longest_run_km"),
                r["duration_min"].as_f64(),
            )
        })
        .collect()
}

fn check(name: &str, extra: &[&str]) -> Outcome {
    let path = sheet(name);
    let mut args = vec!["check".to_string(), path.display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    run(args)
}

/// The week of 5–11 October 2026 and the next, as day_first.csv holds them.
fn october() -> Vec<(String, f64, f64, Option<f64>)> {
    vec![
        ("2026-W41".into(), 32.0, 14.0, Some(45.5 + 58.0 + 82.0)),
        ("2026-W42".into(), 8.0, 8.0, Some(46.0 + 10.0 / 60.0)),
    ]
}

fn close(got: &[(String, f64, f64, Option<f64>)], want: &[(String, f64, f64, Option<f64>)]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.0, w.0, "{got:?}");
        assert!((g.1 - w.1).abs() < 0.05, "{got:?}");
        assert!((g.2 - w.2).abs() < 0.05, "{got:?}");
        match (g.3, w.3) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 0.05, "{got:?}"),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{got:?}"),
        }
    }
}

#[test]
fn day_first_dates_are_decided_by_the_one_that_reads_no_other_way() {
    close(&summary(&weeks_of("day_first", &[])), &october());
    let said = check("day_first", &[]);
    said.expect_success();
    assert!(
        said.stdout
            .contains("dates read as DD/MM/YYYY (line 5 has 13/10/2026"),
        "{}",
        said.stdout
    );
    assert!(said
        .stdout
        .contains("'Km' as distance_km, 'Time' as duration"));
}

#[test]
fn month_first_dates_give_the_same_weeks() {
    close(&summary(&weeks_of("month_first", &[])), &october());
    let said = check("month_first", &[]);
    assert!(
        said.stdout.contains("dates read as MM/DD/YYYY"),
        "{}",
        said.stdout
    );
}

#[test]
fn dates_that_read_both_ways_are_refused_with_both_readings_until_told() {
    let refused = check("two_ways", &[]);
    refused.expect_code(1);
    for words in [
        "two_ways.csv:2: column 'date': '06/10/2026'",
        "6 October 2026 as DD/MM/YYYY and 10 June 2026 as MM/DD/YYYY",
        "--date-format DMY or --date-format MDY",
    ] {
        assert!(refused.stderr.contains(words), "{}", refused.stderr);
    }
    let dmy = summary(&weeks_of("two_ways", &["--date-format", "DMY"]));
    assert_eq!(dmy[0].0, "2026-W41");
    assert!((dmy[0].1 - 32.0).abs() < 1e-9, "{dmy:?}");
    let mdy = summary(&weeks_of("two_ways", &["--date-format", "mdy"]));
    assert_eq!(
        mdy.first().map(|w| w.0.as_str()),
        Some("2026-W24"),
        "{mdy:?}"
    );
    assert_eq!(
        mdy.last().map(|w| w.0.as_str()),
        Some("2026-W46"),
        "{mdy:?}"
    );
}

#[test]
fn a_given_date_format_that_a_value_contradicts_names_the_cell() {
    let wrong = check("day_first", &["--date-format", "MDY"]);
    wrong.expect_code(1);
    assert!(
        wrong
            .stderr
            .contains("column 'Date': '13/10/2026' reads only as DD/MM/YYYY")
            && wrong.stderr.contains("MM/DD/YYYY as --date-format says"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn month_names_year_first_and_durations_with_units_are_read() {
    close(
        &summary(&weeks_of("named_months", &[])),
        &[
            ("2026-W41".into(), 32.0, 14.0, Some(45.0 + 58.0 + 82.0)),
            ("2026-W42".into(), 8.0, 8.0, Some(65.0)),
        ],
    );
}

#[test]
fn distances_with_their_unit_in_the_cell_are_read_in_that_unit() {
    let weeks = summary(&weeks_of("units_in_cells", &[]));
    let km = 8.0 + 8.0 + 5.0 * 1.609_344 + 0.8;
    let total: f64 = weeks.iter().map(|w| w.1).sum();
    assert!((total - km).abs() < 0.05, "{weeks:?}");
    let said = check("units_in_cells", &[]);
    said.expect_success();
    assert!(
        said.stdout
            .contains("distances read with the unit written in each cell (3 in km, 1 in mi)"),
        "{}",
        said.stdout
    );
}

#[test]
fn two_part_times_too_fast_as_minutes_are_hours_and_minutes_for_the_column() {
    let weeks = summary(&weeks_of("hours_minutes", &[]));
    close(
        &weeks,
        &[
            ("2026-W41".into(), 32.0, 14.0, Some(45.0 + 58.0 + 82.0)),
            ("2026-W42".into(), 8.0, 8.0, Some(46.0)),
        ],
    );
    let said = check("hours_minutes", &[]);
    assert!(
        said.stdout
            .contains("durations such as 1:10 read as h:mm (line 2 has 0:45 for 8.0 km"),
        "{}",
        said.stdout
    );
    // Every command says it once on standard error, as it says units it judged.
    let path = sheet("hours_minutes");
    let weeks = run(["weeks".as_ref(), path.as_os_str()]);
    weeks.expect_success();
    assert_eq!(
        weeks.stderr.matches("read as h:mm").count(),
        1,
        "{}",
        weeks.stderr
    );
}

#[test]
fn excel_hours_for_a_short_run_are_an_error_naming_the_cell() {
    let refused = check("excel_hours", &[]);
    refused.expect_code(1);
    assert!(
        refused
            .stderr
            .contains("excel_hours.csv:3: column 'duration': '45:00:00' is 45.0 hours for 8.0 km"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("write 0:45:00, or 45 min"),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_time_column_turns_the_pace_rules_on() {
    let weeks = weeks_of("day_first", &[]);
    assert!(weeks[0]["duration_min"].as_f64().is_some(), "{weeks:?}");
}

#[test]
fn a_log_in_miles_is_shown_in_miles_unless_units_says_otherwise() {
    let path = sheet("miles");
    let text = run(["weeks".as_ref(), path.as_os_str()]);
    text.expect_success();
    assert!(text.stdout.contains("dist mi"), "{}", text.stdout);
    assert!(text.stdout.contains("21.0"), "{}", text.stdout);
    let km = run([
        "weeks".as_ref(),
        path.as_os_str(),
        "--units".as_ref(),
        "km".as_ref(),
    ]);
    assert!(km.stdout.contains("dist km"), "{}", km.stdout);
    assert!(km.stdout.contains("33.8"), "{}", km.stdout);
    // JSON stays in km, as DESIGN.md says.
    let weeks = summary(&weeks_of("miles", &[]));
    assert!((weeks[0].1 - 21.0 * 1.609_344).abs() < 0.05, "{weeks:?}");
    let said = check("miles", &[]);
    assert!(
        said.stdout.contains("'Miles' as distance_mi"),
        "{}",
        said.stdout
    );
    assert!(said.stdout.contains("26.0 mi"), "{}", said.stdout);
}
