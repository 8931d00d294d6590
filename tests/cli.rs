//! The commands and options of runrisk, run as a user runs them, on small
//! logs written into temporary folders.

mod common;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;

use common::*;
use serde_json::Value;

fn os(text: &str) -> &OsStr {
    OsStr::new(text)
}

/// `runrisk <command> <path> <extra...>`.
fn on(command: &str, path: &Path, extra: &[&str]) -> Outcome {
    let mut args = vec![os(command), path.as_os_str()];
    args.extend(extra.iter().map(|a| os(a)));
    run(args)
}

/// Weeks of calm running, then `spike_km` spread over the calm days of one
/// more week (the long run stays 12 km, so only the weekly distance grows).
fn steady_then_week_of(spike_km: f64) -> String {
    let mut runs = Vec::new();
    for week in 0..5 {
        runs.extend([
            (week, 0, 8.0),
            (week, 2, 8.0),
            (week, 4, 8.0),
            (week, 6, 12.0),
        ]);
    }
    let each = (spike_km - 12.0) / 3.0;
    runs.extend([(5, 0, each), (5, 2, each), (5, 4, each), (5, 6, 12.0)]);
    csv("date,distance_km", rows(runs))
}

// ---------------------------------------------------------------- bad input

const GOOD_ROW: &str = "2025-01-07,10,50:00,trail,yes,5";
const HEADER: &str = "date,distance_km,duration,surface,warmup,rpe";

/// (column, bad value, the row with that value).
fn bad_rows() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "distance_km",
            "abc",
            "2025-01-09,abc,50:00,trail,yes,5".into(),
        ),
        (
            "date",
            "2025-13-01",
            "2025-13-01,10,50:00,trail,yes,5".into(),
        ),
        ("duration", "soon", "2025-01-09,10,soon,trail,yes,5".into()),
        ("surface", "lava", "2025-01-09,10,50:00,lava,yes,5".into()),
        (
            "warmup",
            "maybe",
            "2025-01-09,10,50:00,trail,maybe,5".into(),
        ),
        ("rpe", "14", "2025-01-09,10,50:00,trail,yes,14".into()),
    ]
}

#[test]
fn a_bad_value_names_file_line_column_and_value() {
    let dir = temp_dir();
    for (column, value, row) in bad_rows() {
        let name = format!("bad-{column}.csv");
        let path = write_file(&dir, &name, csv(HEADER, [GOOD_ROW.to_string(), row]));
        for command in ["weeks", "flags", "check"] {
            let outcome = on(command, &path, &[]);
            outcome.expect_code(1);
            let stderr = &outcome.stderr;
            assert!(stderr.contains(&name), "{command} {column}: {stderr}");
            assert!(stderr.contains(":3:"), "{command} {column}: {stderr}");
            assert!(stderr.contains(column), "{command} {column}: {stderr}");
            assert!(
                stderr.contains(&format!("'{value}'")),
                "{command} {column}: {stderr}"
            );
            assert!(
                outcome.stdout.is_empty(),
                "{command} {column}: {}",
                outcome.stdout
            );
        }
    }
}

#[test]
fn several_bad_rows_are_listed_together() {
    let dir = temp_dir();
    let mut lines = vec![GOOD_ROW.to_string()];
    let bad = bad_rows();
    lines.extend(bad.iter().map(|(_, _, row)| row.clone()));
    let path = write_file(&dir, "many.csv", csv(HEADER, lines));
    let outcome = on("weeks", &path, &["--format", "json"]);
    outcome.expect_code(1);
    assert!(outcome.stdout.is_empty(), "{}", outcome.stdout);
    for (i, (column, value, _)) in bad.iter().enumerate() {
        let line = i + 3;
        let listed = outcome.stderr.lines().any(|l| {
            l.contains(&format!("many.csv:{line}:"))
                && l.contains(column)
                && l.contains(&format!("'{value}'"))
        });
        assert!(
            listed,
            "line {line} ({column}) not listed:\n{}",
            outcome.stderr
        );
    }
}

#[test]
fn a_missing_required_column_is_named() {
    let dir = temp_dir();
    let cases = [
        (
            "no-distance.csv",
            "date,duration\n2025-01-07,50:00\n",
            "distance_km",
        ),
        ("no-date.csv", "when,distance_km\n2025-01-07,10\n", "date"),
    ];
    for (name, contents, column) in cases {
        let path = write_file(&dir, name, contents);
        let outcome = on("weeks", &path, &[]);
        outcome.expect_code(1);
        assert!(outcome.stderr.contains(name), "{}", outcome.stderr);
        assert!(
            outcome.stderr.contains(&format!("'{column}'")),
            "{}",
            outcome.stderr
        );
        assert!(outcome.stdout.is_empty());
    }
}

#[test]
fn a_missing_file_is_an_error_that_names_it() {
    let dir = temp_dir();
    let path = dir.path().join("not-there.csv");
    for command in ["weeks", "flags", "check"] {
        let outcome = on(command, &path, &[]);
        outcome.expect_code(1);
        assert!(
            outcome.stderr.contains("not-there.csv"),
            "{}",
            outcome.stderr
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = temp_dir();
    let path = write_file(&dir, "ok.csv", "date,distance_km\n2025-01-07,10\n");
    let log = path.to_str().expect("a UTF-8 temp path");
    let cases: [&[&str]; 8] = [
        &["frobnicate"],
        &[],
        &["weeks"],
        &["weeks", log, "--bogus"],
        &["weeks", log, "--format", "yaml"],
        &["flags", log, "--fail-on", "sometimes"],
        &["weeks", log, "--since", "last tuesday"],
        &["weeks", log, "--units", "furlongs"],
    ];
    for args in cases {
        let outcome = run(args);
        assert_eq!(outcome.code, 2, "{args:?}: {}", outcome.stderr);
        assert!(!outcome.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn no_input_makes_runrisk_panic() {
    let dir = temp_dir();
    let inputs: [&[u8]; 18] = [
        b"",
        b"\xef\xbb\xbf",
        b"date,distance_km\n",
        b"date,distance_km\n2025-01-07,0\n",
        b"date,distance_km\n1900-01-01,5\n2025-01-07,5\n",
        b"date,distance_km\n2025-01-07,-5\n",
        b"date,distance_km\n2025-01-07,1e308\n",
        b"date,distance_km\n2025-01-07,NaN\n",
        b"date,distance_km\n2025-01-07,5,extra,fields\n",
        b"date,distance_km\n2025-01-07\n",
        b"\x00\x01\x02garbage\xff\n\xfe\n",
        b"date,distance_km,duration\n2025-01-07,0,30:00\n",
        b"date,distance_km,pace\n2025-01-07,0.001,59:59\n",
        b"date,distance_km\n+262143-01-01,5\n",
        b"date,distance_km\n\"2025-01-07,5\n",
        b"date,distance_km,duration\n2025-01-07,10,1e300\n",
        b"date,distance_km,shoe,shoe_km,foot_drag\n2025-01-07,5,\xe9t\xe9,1e9,yes\n",
        b"date;distance_km;duration\n2025-01-07;5,5,5;1,2,3\n",
    ];
    for (i, contents) in inputs.iter().enumerate() {
        let path = write_file(&dir, &format!("odd-{i}.csv"), contents);
        for args in [
            &["weeks", "--format", "json"][..],
            &["flags", "--format", "text"],
            &["flags", "--format", "csv"],
            &["check"],
        ] {
            let outcome = on(args[0], &path, &args[1..]);
            assert!(
                [0, 1].contains(&outcome.code),
                "odd-{i}.csv {args:?} exited {}: {}",
                outcome.code,
                outcome.stderr
            );
            if outcome.code == 1 {
                assert!(
                    outcome.stderr.contains(&format!("odd-{i}.csv")),
                    "odd-{i}.csv {args:?}: the error should name the file: {}",
                    outcome.stderr
                );
            }
        }
    }
}

#[test]
fn error_line_numbers_count_crlf_lines() {
    let dir = temp_dir();
    let path = write_file(
        &dir,
        "windows.csv",
        "date,distance_km\r\n2025-01-07,5\r\n2025-01-09,abc\r\n",
    );
    let outcome = on("weeks", &path, &[]);
    outcome.expect_code(1);
    assert!(
        outcome.stderr.contains("windows.csv:3:"),
        "'abc' is on line 3: {}",
        outcome.stderr
    );
}

#[test]
fn error_line_numbers_count_blank_lines() {
    let dir = temp_dir();
    let path = write_file(
        &dir,
        "gaps.csv",
        "date,distance_km\n2025-01-07,5\n\n\n2025-01-09,abc\n",
    );
    let outcome = on("weeks", &path, &[]);
    outcome.expect_code(1);
    assert!(
        outcome.stderr.contains("gaps.csv:5:"),
        "'abc' is on line 5: {}",
        outcome.stderr
    );
}

// ------------------------------------------------------------- CSV shapes

/// The distance and run count of the only week of a one-week log.
fn only_week(path: &Path) -> (f64, u64) {
    let weeks = weeks_json(path);
    assert_eq!(weeks.len(), 1, "{weeks:?}");
    let week = &weeks[0];
    assert_eq!(text(week, "week"), "2025-W02");
    (
        number(week, "distance_km"),
        week["runs"].as_u64().expect("runs is a count"),
    )
}

#[test]
fn headers_match_in_any_case_and_order_and_unknown_columns_are_ignored() {
    let dir = temp_dir();
    let path = write_file(
        &dir,
        "shuffled.csv",
        "Mood,Distance_KM,Heart_Rate,DATE,SURFACE\nhappy,10,150,2025-01-07,Trail\nok,7.5,140,2025-01-09,ROAD\n",
    );
    assert_eq!(only_week(&path), (17.5, 2));
}

#[test]
fn semicolons_with_decimal_commas() {
    let dir = temp_dir();
    let path = write_file(
        &dir,
        "semicolon.csv",
        "date;distance_km;duration;notes\n2025-01-07;12,5;62,5;easy, chatty\n2025-01-09;7,25;40:00;\n",
    );
    assert_eq!(only_week(&path), (19.75, 2));
}

#[test]
fn tab_delimiter() {
    let dir = temp_dir();
    let path = write_file(
        &dir,
        "tabs.csv",
        "date\tdistance_km\tnotes\n2025-01-07\t10\tone, two\n2025-01-08\t6\t\n",
    );
    assert_eq!(only_week(&path), (16.0, 2));
}

#[test]
fn utf8_bom_and_crlf_line_ends() {
    let dir = temp_dir();
    let bom = write_file(
        &dir,
        "bom.csv",
        "\u{feff}date,distance_km\n2025-01-07,10\n2025-01-08,6\n",
    );
    assert_eq!(only_week(&bom), (16.0, 2));
    let crlf = write_file(
        &dir,
        "crlf.csv",
        "date,distance_km\r\n2025-01-07,10\r\n2025-01-08,6\r\n",
    );
    assert_eq!(only_week(&crlf), (16.0, 2));
    let excel = write_file(
        &dir,
        "excel.csv",
        "\u{feff}Date;Distance_km\r\n2025-01-07;10,5\r\n2025-01-08;5,5\r\n",
    );
    assert_eq!(only_week(&excel), (16.0, 2));
}

#[test]
fn miles_are_converted_to_km() {
    let dir = temp_dir();
    let path = write_file(&dir, "miles.csv", "date,distance_mi\n2025-01-07,10\n");
    let (km, runs) = only_week(&path);
    assert_eq!(runs, 1);
    assert!(
        (km - 16.09).abs() < 0.01,
        "10 mi should be 16.09 km, got {km}"
    );
}

/// Five weeks at an easy pace, then a week with one fast run, the time
/// given by `time` (a column name and how to write a run's time).
fn one_fast_run(header: &str, time: impl Fn(f64, f64) -> String) -> String {
    let mut lines = Vec::new();
    for week in 0..6 {
        for (weekday, km) in CALM_WEEK {
            let seconds_per_km = if (week, weekday) == (5, 3) {
                300.0
            } else {
                360.0
            };
            lines.push(format!(
                "{},{km},{}",
                day(week, weekday),
                time(km, seconds_per_km)
            ));
        }
    }
    csv(&format!("date,distance_km,{header}"), lines)
}

fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[test]
fn pace_stands_in_for_duration() {
    let dir = temp_dir();
    let with_duration = write_file(
        &dir,
        "duration.csv",
        one_fast_run("duration", |km, pace| clock(km * pace)),
    );
    let with_pace = write_file(
        &dir,
        "pace.csv",
        one_fast_run("pace", |_, pace| {
            let s = pace.round() as u64;
            format!("{}:{:02}", s / 60, s % 60)
        }),
    );
    let by_duration = flags_json(&with_duration);
    let by_pace = flags_json(&with_pace);
    assert!(
        rule_set(serious(&by_pace)).contains("high_intensity"),
        "the 5:00/km run among 6:00/km runs is hard: {by_pace:?}"
    );
    let summary = |findings: &[Value]| -> BTreeSet<(String, String, String)> {
        findings
            .iter()
            .map(|f| {
                (
                    text(f, "week").to_string(),
                    text(f, "rule").to_string(),
                    text(f, "severity").to_string(),
                )
            })
            .collect()
    };
    assert_eq!(summary(&by_pace), summary(&by_duration));
}

#[test]
fn pace_per_mile_with_distance_in_miles() {
    // 6.2 mi at 8:00/mi among runs at 9:40/mi: hard (over 10% faster).
    let mut lines = Vec::new();
    for week in 0..6 {
        for (weekday, km) in CALM_WEEK {
            let pace = if (week, weekday) == (5, 3) {
                "8:00"
            } else {
                "9:40"
            };
            lines.push(format!("{},{},{pace}", day(week, weekday), km / 1.609344));
        }
    }
    let dir = temp_dir();
    let path = write_file(&dir, "miles-pace.csv", csv("date,distance_mi,pace", lines));
    let findings = flags_json(&path);
    let fired = rule_set(serious(&findings));
    assert_eq!(fired, BTreeSet::from(["high_intensity".to_string()]));
}

// ------------------------------------------------------ several inputs

#[test]
fn two_files_are_merged_and_a_shared_run_counts_once() {
    let dir = temp_dir();
    let first = write_file(
        &dir,
        "watch.csv",
        "date,distance_km,duration\n2025-01-07,10,50:00\n2025-01-09,8,40:00\n",
    );
    let second = write_file(
        &dir,
        "app.csv",
        "date,distance_km,duration\n2025-01-09,8,40:00\n2025-01-11,6,30:00\n2025-01-14,7,35:00\n",
    );
    let weeks = json([
        os("weeks"),
        first.as_os_str(),
        second.as_os_str(),
        os("--format"),
        os("json"),
    ]);
    let w02 = week_row(&weeks, "2025-W02");
    assert_eq!(number(w02, "distance_km"), 24.0, "{w02}");
    assert_eq!(w02["runs"], 3);
    let w03 = week_row(&weeks, "2025-W03");
    assert_eq!(number(w03, "distance_km"), 7.0, "{w03}");
}

#[test]
fn a_dash_reads_standard_input() {
    let dir = temp_dir();
    let log = "date,distance_km\n2025-01-07,10\n2025-01-09,8\n";
    let path = write_file(&dir, "log.csv", log);
    let from_file = weeks_json(&path);
    let from_stdin = run_with_stdin(["weeks", "-", "--format", "json"], log);
    from_stdin.expect_success();
    assert_eq!(from_stdin.json_array(), from_file);

    let other = write_file(&dir, "other.csv", "date,distance_km\n2025-01-11,6\n");
    let merged = run_with_stdin(
        [
            os("weeks"),
            other.as_os_str(),
            os("-"),
            os("--format"),
            os("json"),
        ],
        log,
    );
    merged.expect_success();
    let weeks = merged.json_array();
    assert_eq!(number(week_row(&weeks, "2025-W02"), "distance_km"), 24.0);
}

// ------------------------------------------------------------- athletes

fn club_log(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let mut lines = Vec::new();
    for week in 0..2 {
        lines.push(format!("{},10,Ann", day(week, 1)));
        lines.push(format!("{},12,Ann", day(week, 5)));
        lines.push(format!("{},5,Ben", day(week, 2)));
    }
    write_file(dir, "club.csv", csv("date,distance_km,athlete", lines))
}

#[test]
fn the_athlete_column_splits_the_analysis() {
    let dir = temp_dir();
    let weeks = weeks_json(&club_log(&dir));
    assert_eq!(weeks.len(), 4, "two athletes, two weeks each: {weeks:?}");
    for row in &weeks {
        let expected = match text(row, "athlete") {
            "Ann" => 22.0,
            "Ben" => 5.0,
            other => panic!("unexpected athlete {other}"),
        };
        assert_eq!(number(row, "distance_km"), expected, "{row}");
    }
}

#[test]
fn athlete_filters_case_insensitively() {
    let dir = temp_dir();
    let path = club_log(&dir);
    let weeks = json([
        os("weeks"),
        path.as_os_str(),
        os("--athlete"),
        os("bEN"),
        os("--format"),
        os("json"),
    ]);
    assert_eq!(weeks.len(), 2);
    assert!(weeks.iter().all(|w| w["athlete"] == "Ben"), "{weeks:?}");
}

#[test]
fn an_unknown_athlete_is_an_error() {
    let dir = temp_dir();
    let path = club_log(&dir);
    let outcome = on("weeks", &path, &["--athlete", "Zoe"]);
    assert_ne!(outcome.code, 0);
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("Zoe"), "{}", outcome.stderr);
    assert!(outcome.stdout.is_empty());
}

// --------------------------------------------------------------- options

#[test]
fn since_and_until_choose_the_weeks_shown_but_not_the_history() {
    let path = fixture("clean");
    let all = weeks_json(&path);
    let shown = json([
        os("weeks"),
        path.as_os_str(),
        os("--since"),
        os("2025-02-03"),
        os("--until"),
        os("2025-02-23"),
        os("--format"),
        os("json"),
    ]);
    let names: Vec<&str> = shown.iter().map(|w| text(w, "week")).collect();
    assert_eq!(names, ["2025-W06", "2025-W07", "2025-W08"]);
    for row in &shown {
        assert_eq!(
            row,
            week_row(&all, text(row, "week")),
            "same figures as without the filter"
        );
    }

    let spike = fixture("mileage_spike");
    let before = json([
        os("flags"),
        spike.as_os_str(),
        os("--until"),
        os("2025-02-09"),
        os("--format"),
        os("json"),
    ]);
    assert!(serious(&before).is_empty(), "{before:?}");
    let from = json([
        os("flags"),
        spike.as_os_str(),
        os("--since"),
        os("2025-02-10"),
        os("--format"),
        os("json"),
    ]);
    assert_eq!(
        rule_set(serious(&from)),
        BTreeSet::from(["mileage_spike".to_string()])
    );
}

#[test]
fn units_mi_changes_the_distance_columns() {
    let path = fixture("clean");
    let km_text = on("weeks", &path, &[]);
    km_text.expect_success();
    let mi_text = on("weeks", &path, &["--units", "mi"]);
    mi_text.expect_success();
    let header = |out: &str| out.lines().next().unwrap_or_default().to_string();
    assert!(header(&km_text.stdout).contains("km"), "{}", km_text.stdout);
    assert!(header(&mi_text.stdout).contains("mi"), "{}", mi_text.stdout);
    assert!(
        !header(&mi_text.stdout).contains("km"),
        "{}",
        mi_text.stdout
    );

    let mi_csv = on("weeks", &path, &["--units", "mi", "--format", "csv"]);
    mi_csv.expect_success();
    let columns: Vec<&str> = mi_csv
        .stdout
        .lines()
        .next()
        .unwrap_or_default()
        .split(',')
        .collect();
    assert!(columns.contains(&"distance_mi"), "{columns:?}");
    assert!(!columns.contains(&"distance_km"), "{columns:?}");
    let column = columns
        .iter()
        .position(|c| *c == "distance_mi")
        .unwrap_or(0);
    let km = weeks_json(&path);
    for (line, week) in mi_csv.stdout.lines().skip(1).zip(&km) {
        let miles: f64 = line
            .split(',')
            .nth(column)
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN);
        assert!(
            (miles * 1.609344 - number(week, "distance_km")).abs() < 0.05,
            "{line} vs {week}"
        );
    }

    // JSON keeps its field names and units.
    let mi_json = json([
        os("weeks"),
        path.as_os_str(),
        os("--units"),
        os("mi"),
        os("--format"),
        os("json"),
    ]);
    assert_eq!(mi_json, km);
}

#[test]
fn fail_on_sets_exit_code_3() {
    let warning = fixture("no_rest");
    let clean = fixture("clean");
    let urgent = fixture("see_doctor");
    let cases: [(&Path, &str, &str, i32); 8] = [
        (&warning, "flags", "warning", 3),
        (&warning, "weeks", "warning", 3),
        (&warning, "flags", "alert", 0),
        (&clean, "flags", "warning", 0),
        (&clean, "weeks", "warning", 0),
        (&urgent, "flags", "urgent", 3),
        (&urgent, "flags", "warning", 3),
        (&warning, "flags", "urgent", 0),
    ];
    for (path, command, level, code) in cases {
        let outcome = on(command, path, &["--fail-on", level, "--format", "json"]);
        assert_eq!(
            outcome.code,
            code,
            "{command} {} --fail-on {level}: {}",
            path.display(),
            outcome.stderr
        );
        // The report is still written in full.
        let rows = outcome.json_array();
        if command == "weeks" {
            assert!(!rows.is_empty());
        } else if code == 3 {
            let at_level = rows
                .iter()
                .any(|f| severity_rank(text(f, "severity")) >= severity_rank(level));
            assert!(at_level, "exit 3 without a finding at {level}: {rows:?}");
        }
    }
}

#[test]
fn a_config_file_changes_the_thresholds() {
    let dir = temp_dir();
    let log = write_file(&dir, "steady.csv", steady_then_week_of(43.2));
    let default = flags_json(&log);
    assert!(
        !default.iter().any(|f| f["rule"] == "mileage_spike"),
        "1.2x is under the default warning: {default:?}"
    );
    let config = write_file(&dir, "strict.toml", "[mileage_spike]\nwarning = 1.1\n");
    let strict = json([
        os("flags"),
        log.as_os_str(),
        os("--config"),
        config.as_os_str(),
        os("--format"),
        os("json"),
    ]);
    let spike = strict
        .iter()
        .find(|f| f["rule"] == "mileage_spike")
        .unwrap_or_else(|| panic!("no mileage_spike with warning = 1.1: {strict:?}"));
    assert_eq!(text(spike, "severity"), "warning");
    assert_eq!(text(spike, "week"), week_name(5));
    assert!((spike["evidence"]["acwr"].as_f64().unwrap_or(0.0) - 1.2).abs() < 0.01);
}

#[test]
fn a_config_file_with_an_unknown_key_is_an_error_naming_it() {
    let dir = temp_dir();
    let log = write_file(&dir, "steady.csv", steady_then_week_of(43.2));
    let config = write_file(&dir, "typo.toml", "[mileage_spike]\nwarnin = 1.1\n");
    for command in ["flags", "weeks", "check"] {
        let outcome = on(command, &log, &["--config", config.to_str().unwrap_or("")]);
        outcome.expect_code(1);
        assert!(outcome.stderr.contains("warnin"), "{}", outcome.stderr);
        assert!(outcome.stderr.contains("typo.toml"), "{}", outcome.stderr);
        assert!(outcome.stdout.is_empty());
    }
    let rules = run([os("rules"), os("--config"), config.as_os_str()]);
    rules.expect_code(1);
    assert!(rules.stderr.contains("warnin"), "{}", rules.stderr);
}

// --------------------------------------------------------- JSON contract

fn assert_optional_number(row: &Value, field: &str) {
    assert!(
        row[field].is_null() || row[field].is_number(),
        "'{field}' should be a number or null: {row}"
    );
}

fn assert_count(row: &Value, field: &str) -> u64 {
    row[field]
        .as_u64()
        .unwrap_or_else(|| panic!("'{field}' should be a whole number: {row}"))
}

fn check_week_row(row: &Value) {
    let object = row
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {row}"));
    assert!(object.contains_key("athlete"), "{row}");
    assert!(
        row["athlete"].is_null() || row["athlete"].is_string(),
        "{row}"
    );
    assert!(is_week_name(text(row, "week")), "{row}");
    assert!(is_date(text(row, "start")), "{row}");
    assert!(number(row, "distance_km") >= 0.0, "{row}");
    assert!(
        number(row, "longest_run_km") <= number(row, "distance_km"),
        "{row}"
    );
    let runs = assert_count(row, "runs");
    let rest = assert_count(row, "rest_days");
    assert!(rest <= 7, "{row}");
    let partial = row["partial"]
        .as_bool()
        .unwrap_or_else(|| panic!("'partial' should be true or false: {row}"));
    if !partial {
        assert!(runs >= 7 - rest, "a running day holds a run: {row}");
    }
    for field in ["acwr", "acwr_coupled", "acwr_ewma", "monotony"] {
        assert!(object.contains_key(field), "'{field}' missing: {row}");
        assert_optional_number(row, field);
    }
    let risk = assert_count(row, "risk");
    assert!(risk <= 100, "{row}");
    assert!(LEVELS.contains(&text(row, "level")), "{row}");
    let factors = row["factors"]
        .as_array()
        .unwrap_or_else(|| panic!("factors is not an array: {row}"));
    for factor in factors {
        assert!(RULE_IDS.contains(&text(factor, "rule")), "{factor}");
        assert!(SEVERITIES.contains(&text(factor, "severity")), "{factor}");
        assert_count(factor, "points");
    }
    let points: u64 = factors.iter().map(|f| assert_count(f, "points")).sum();
    assert_eq!(
        risk,
        points.min(100),
        "risk is the capped sum of its factors: {row}"
    );
}

fn check_finding(finding: &Value) {
    let object = finding
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {finding}"));
    assert!(
        object.contains_key("athlete") && object.contains_key("date"),
        "{finding}"
    );
    assert!(
        finding["athlete"].is_null() || finding["athlete"].is_string(),
        "{finding}"
    );
    assert!(is_week_name(text(finding, "week")), "{finding}");
    assert!(
        finding["date"].is_null() || is_date(text(finding, "date")),
        "{finding}"
    );
    assert!(RULE_IDS.contains(&text(finding, "rule")), "{finding}");
    assert!(SEVERITIES.contains(&text(finding, "severity")), "{finding}");
    for field in ["cause", "message", "advice"] {
        assert!(
            !text(finding, field).trim().is_empty(),
            "empty '{field}': {finding}"
        );
    }
    assert!(finding["evidence"].is_object(), "{finding}");
}

#[test]
fn weeks_json_has_the_design_fields_and_types() {
    let mut seen = 0;
    for rule in RULE_IDS.iter().chain(&["clean"]) {
        for row in weeks_json(&fixture(rule)) {
            check_week_row(&row);
            seen += 1;
        }
    }
    let dir = temp_dir();
    for row in weeks_json(&club_log(&dir)) {
        check_week_row(&row);
        assert!(row["athlete"].is_string());
        seen += 1;
    }
    assert!(seen > 60, "{seen} rows checked");
}

#[test]
fn ratios_are_null_until_there_is_history() {
    let weeks = weeks_json(&fixture("clean"));
    for row in &weeks[..4] {
        for field in ["acwr", "acwr_coupled", "acwr_ewma"] {
            assert!(row[field].is_null(), "{field} in {}: {row}", row["week"]);
        }
    }
    let last = weeks.last().expect("some weeks");
    for field in ["acwr", "acwr_coupled", "acwr_ewma", "monotony"] {
        assert!(
            last[field].is_number(),
            "{field} in {}: {last}",
            last["week"]
        );
    }
}

#[test]
fn flags_json_has_the_design_fields_and_types() {
    let mut rules_seen = BTreeSet::new();
    for rule in RULE_IDS {
        for finding in flags_json(&fixture(rule)) {
            check_finding(&finding);
            rules_seen.insert(text(&finding, "rule").to_string());
        }
    }
    let expected: BTreeSet<String> = RULE_IDS.iter().map(|r| r.to_string()).collect();
    assert_eq!(rules_seen, expected, "every rule's finding was checked");

    let spike = flags_json(&fixture("mileage_spike"));
    let week_level = spike
        .iter()
        .find(|f| f["rule"] == "mileage_spike")
        .expect("a mileage_spike finding");
    assert!(
        week_level["date"].is_null(),
        "a week-level finding has no date"
    );
    let doctor = flags_json(&fixture("see_doctor"));
    let on_a_day = doctor
        .iter()
        .find(|f| f["rule"] == "see_doctor")
        .expect("a see_doctor finding");
    assert!(on_a_day["date"].is_string(), "a run's finding has its date");
}

// ----------------------------------------------------- check, rules, help

#[test]
fn check_accepts_a_valid_log_and_counts_its_runs() {
    let path = fixture("clean");
    let contents = std::fs::read_to_string(&path).expect("clean.csv");
    let runs = contents
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    let outcome = on("check", &path, &[]);
    outcome.expect_success();
    assert!(
        outcome.stdout.contains(&format!("{runs} runs")),
        "check should count {runs} runs:\n{}",
        outcome.stdout
    );

    let dir = temp_dir();
    let broken = write_file(&dir, "broken.csv", "date,distance_km\n2025-01-07,ten\n");
    on("check", &broken, &[]).expect_code(1);
}

#[test]
fn rules_lists_every_rule() {
    let outcome = run(["rules"]);
    outcome.expect_success();
    for rule in RULE_IDS {
        assert!(
            outcome
                .stdout
                .lines()
                .any(|l| l.split_whitespace().next() == Some(rule)),
            "{rule} not listed:\n{}",
            outcome.stdout
        );
    }
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["weeks", "--help"],
        &["flags", "--help"],
        &["check", "--help"],
        &["rules", "--help"],
    ] {
        let outcome = run(args);
        outcome.expect_success();
        assert!(
            outcome.stdout.contains("Usage"),
            "{args:?}:\n{}",
            outcome.stdout
        );
    }
}

// ------------------------------------------------------------ text output

fn assert_readable_text(what: &str, out: &str) {
    assert!(!out.trim().is_empty(), "{what}: no output");
    assert!(
        !out.contains('\u{1b}'),
        "{what}: ANSI escape in a pipe:\n{out}"
    );
    for line in out.lines() {
        let width = line.chars().count();
        assert!(
            width <= 100,
            "{what}: a line of {width} characters:\n{line}"
        );
    }
}

/// A log of two runners where one week trips every rule at once.
fn busy_log(dir: &tempfile::TempDir, athletes: &[&str]) -> std::path::PathBuf {
    let mut lines = Vec::new();
    for athlete in athletes {
        for week in 0..6 {
            let days: Vec<(i64, f64)> = if week < 5 {
                CALM_WEEK.to_vec()
            } else {
                vec![
                    (0, 9.0),
                    (1, 8.0),
                    (2, 9.0),
                    (3, 10.0),
                    (4, 8.0),
                    (5, 22.0),
                    (6, 9.0),
                ]
            };
            for (weekday, km) in days {
                let hard = week == 5;
                let pace = if hard && weekday % 2 == 1 {
                    290.0
                } else {
                    360.0
                };
                lines.push(format!(
                    "{},{km},{},{},{},{},Cushioned Trainer 3,{},{},{},{athlete}",
                    day(week, weekday),
                    clock(km * pace),
                    if hard { "concrete" } else { "trail" },
                    if hard && weekday % 2 == 0 { 6 } else { 0 },
                    if hard && (1..=3).contains(&weekday) {
                        6
                    } else {
                        0
                    },
                    if (week, weekday) == (0, 1) { "700" } else { "" },
                    if hard { "no" } else { "yes" },
                    if hard && weekday == 6 { "yes" } else { "no" },
                ));
            }
        }
    }
    write_file(
        dir,
        "busy.csv",
        csv(
            "date,distance_km,duration,surface,hill_repeats,sprints,shoe,shoe_km,warmup,foot_drag,athlete",
            lines,
        ),
    )
}

#[test]
fn text_output_fits_100_columns_without_colour_in_a_pipe() {
    let dir = temp_dir();
    let busy = busy_log(&dir, &["Maria", "Jo"]);
    let fired = rule_set(serious(&flags_json(&busy)));
    assert_eq!(
        fired.len(),
        RULE_IDS.len(),
        "the busy log trips every rule: {fired:?}"
    );
    let mut logs = vec![busy];
    logs.extend(RULE_IDS.iter().map(|r| fixture(r)));
    logs.push(fixture("clean"));
    for log in &logs {
        for args in [
            &["weeks"][..],
            &["weeks", "--units", "mi"],
            &["flags"],
            &["flags", "--units", "mi"],
            &["flags", "--min-severity", "info"],
        ] {
            let outcome = on(args[0], log, &args[1..]);
            outcome.expect_success();
            assert_readable_text(&format!("{args:?} {}", log.display()), &outcome.stdout);
        }
    }
    let rules = run(["rules"]);
    assert_readable_text("rules", &rules.stdout);
}

#[test]
fn text_output_fits_100_columns_with_a_long_athlete_name() {
    let dir = temp_dir();
    let busy = busy_log(&dir, &["Anna-Katharina Müller-Lüdenscheidt"]);
    for args in [&["weeks"][..], &["flags"]] {
        let outcome = on(args[0], &busy, &args[1..]);
        outcome.expect_success();
        assert_readable_text(&format!("{args:?}"), &outcome.stdout);
    }
}

#[test]
fn every_finding_says_how_strong_its_evidence_is() {
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/marathon-build.csv");
    let findings = flags_json(&log);
    assert!(!findings.is_empty());
    for finding in &findings {
        let grade = finding["evidence_grade"].as_str().unwrap_or("");
        assert!(!grade.is_empty(), "no evidence grade: {finding}");
    }
    let hard = findings
        .iter()
        .find(|f| f["rule"] == "hard_surface")
        .unwrap();
    assert!(hard["evidence_grade"].as_str().unwrap().starts_with("weak"));
    let text = on("flags", &log, &[]);
    text.expect_success();
    let shown = text.stdout.lines().filter(|l| l.contains("→ ")).count();
    let graded = text
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("evidence: "))
        .count();
    assert_eq!(
        graded, shown,
        "one evidence line per finding:\n{}",
        text.stdout
    );
    assert!(text.stdout.contains("evidence: weak"), "{}", text.stdout);
    let csv = on("flags", &log, &["--format", "csv"]);
    assert!(csv
        .stdout
        .lines()
        .next()
        .unwrap()
        .ends_with(",evidence_grade"));
}

#[test]
fn fail_on_keeps_its_exit_code_when_the_reader_closes_the_pipe() {
    // As `runrisk flags log.csv --fail-on warning | head -c1` does: the
    // reader goes away while runrisk writes some 200 kB of findings
    // (sprints without a warm-up on every run for 90 weeks), more than a
    // pipe holds.
    let dir = temp_dir();
    let rows = (0..90).flat_map(|week| {
        CALM_WEEK.map(|(weekday, km)| format!("{},{km},road,no,3", day(week, weekday)))
    });
    let log = write_file(
        &dir,
        "big.csv",
        csv("date,distance_km,surface,warmup,sprints", rows),
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_runrisk"))
        .args(["flags".as_ref(), log.as_os_str()])
        .args([
            "--fail-on",
            "warning",
            "--format",
            "json",
            "--min-severity",
            "info",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runrisk could not be started");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("runrisk did not finish");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn since_until_and_week_take_week_names_and_days() {
    let log = "sample-logs/marathon-build.csv";
    let outcome = run([
        "weeks", log, "--since", "2025-W30", "--until", "2025-W31", "--format", "json",
    ]);
    let rows = outcome.expect_success().json_array();
    let weeks: Vec<&str> = rows
        .iter()
        .map(|r| r["week"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(weeks, ["2025-W30", "2025-W31"]);
    let dir = common::temp_dir();
    let image = dir.path().join("w.png");
    let outcome = run([
        "report".as_ref(),
        log.as_ref(),
        "--week".as_ref(),
        "2025-07-23".as_ref(),
        "-o".as_ref(),
        image.as_os_str(),
    ]);
    outcome.expect_success();
    assert!(outcome.stderr.contains("(2025-W30:"), "{}", outcome.stderr);
    let wrong = run(["weeks", log, "--since", "2025-W99"]);
    wrong.expect_code(2);
    assert!(
        wrong.stderr.contains("YYYY-MM-DD or YYYY-Www"),
        "{}",
        wrong.stderr
    );
}
