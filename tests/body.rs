//! The runner's own body, run through the binary: heavy legs against the
//! runner's own usual, running on pain or an injury, strength and core
//! sessions that are not runs, and the personal triggers of heavy legs.
//! Each situation is asked both ways: quiet where a coach would be, and
//! speaking where a coach would.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::*;
use serde_json::Value;

/// A log of `weeks` calm weeks (Tue, Thu, Sat, Sun) from 2025-01-06, each
/// run with the heaviness `heaviness(week, run)` and the columns `extra`
/// gives it, then `last` as the runs of one more week.
fn diary(weeks: i64, heaviness: impl Fn(i64, usize) -> f64, last: &[(i64, f64, f64)]) -> String {
    let mut rows = Vec::new();
    for week in 0..weeks {
        for (i, (weekday, km)) in CALM_WEEK.iter().enumerate() {
            rows.push(format!(
                "{},{km},{}",
                day(week, *weekday),
                heaviness(week, i)
            ));
        }
    }
    for (weekday, km, h) in last {
        rows.push(format!("{},{km},{h}", day(weeks, *weekday)));
    }
    csv("date,distance_km,heaviness", rows)
}

fn findings_of<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["rule"] == rule).collect()
}

fn flags_at_info(path: &Path) -> Vec<Value> {
    json([
        OsStr::new("flags"),
        path.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--min-severity"),
        OsStr::new("info"),
    ])
}

#[test]
fn ten_ordinary_weeks_then_heavy_legs_is_found() {
    let dir = temp_dir();
    let ordinary = |w: i64, i: usize| [2.0, 2.0, 3.0, 2.0][(w as usize + i) % 4];
    let heavy = [(1, 6.0, 7.0), (3, 8.0, 8.0), (5, 10.0, 7.0), (6, 5.0, 8.0)];
    let path = write_file(&dir, "heavy.csv", diary(10, ordinary, &heavy));
    let found = flags_json(&path);
    let heavy_legs = findings_of(&found, "heavy_legs");
    assert_eq!(heavy_legs.len(), 1, "{found:?}");
    let finding = heavy_legs[0];
    assert_eq!(finding["week"], week_name(10).as_str(), "{finding}");
    assert_eq!(finding["severity"], "alert", "two runs at 8: {finding}");
    let message = text(finding, "message");
    assert!(
        message.contains("7.5 of 10") && message.contains("usual 2.0"),
        "{message}"
    );
    let advice = text(finding, "advice").to_lowercase();
    for word in ["rest", "compression", "raise"] {
        assert!(advice.contains(word), "{advice}");
    }

    // The control: the same ten weeks and an ordinary eleventh stay quiet.
    let calm = [(1, 6.0, 3.0), (3, 8.0, 2.0), (5, 10.0, 3.0), (6, 5.0, 2.0)];
    let path = write_file(&dir, "calm.csv", diary(10, ordinary, &calm));
    assert!(findings_of(&flags_at_info(&path), "heavy_legs").is_empty());
}

#[test]
fn a_runner_whose_legs_always_feel_heavy_is_judged_by_their_own_usual() {
    let dir = temp_dir();
    let always = |w: i64, i: usize| [5.0, 6.0, 5.0, 6.0][(w as usize + i) % 4];
    let usual_week = [(1, 6.0, 6.0), (3, 8.0, 5.0), (5, 10.0, 6.0), (6, 5.0, 5.0)];
    let path = write_file(&dir, "always.csv", diary(8, always, &usual_week));
    let found = flags_json(&path);
    assert!(findings_of(&found, "heavy_legs").is_empty(), "{found:?}");
}

#[test]
fn heavy_legs_name_the_training_errors_of_the_week_as_likely_causes() {
    let dir = temp_dir();
    let ordinary = |_: i64, _: usize| 2.0;
    // A week of 60 km after weeks of 29 km, with heavy legs in it.
    let spike = [
        (1, 12.0, 6.0),
        (2, 12.0, 7.0),
        (3, 12.0, 7.0),
        (5, 12.0, 6.0),
        (6, 12.0, 7.0),
    ];
    let path = write_file(&dir, "spike.csv", diary(6, ordinary, &spike));
    let found = flags_json(&path);
    let heavy = findings_of(&found, "heavy_legs");
    assert_eq!(heavy.len(), 1, "{found:?}");
    let advice = text(heavy[0], "advice");
    assert!(advice.contains("weekly distance jump"), "{advice}");
    assert!(
        !findings_of(&found, "mileage_spike").is_empty(),
        "{found:?}"
    );
}

#[test]
fn running_on_a_calf_strain_is_found_and_a_second_week_on_it_is_an_alert() {
    let dir = temp_dir();
    let mut rows: Vec<String> = calm_runs(0..5)
        .into_iter()
        .map(|(w, d, km)| format!("{},{km},0,none", day(w, d)))
        .collect();
    rows.push(format!("{},8,6,calf strain", day(5, 1)));
    rows.push(format!("{},6,5,calf strain", day(6, 1)));
    let path = write_file(
        &dir,
        "strain.csv",
        csv("date,distance_km,pain,injury", rows),
    );
    let found = flags_json(&path);
    let injured = findings_of(&found, "running_injured");
    let weeks: Vec<(&str, &str)> = injured
        .iter()
        .map(|f| (text(f, "week"), text(f, "severity")))
        .collect();
    let (first, second) = (week_name(5), week_name(6));
    assert_eq!(
        weeks,
        [(first.as_str(), "warning"), (second.as_str(), "alert")],
        "{found:?}"
    );
    assert!(text(injured[0], "message").contains("calf strain"));
    assert!(text(injured[0], "advice").contains("physiotherapist"));
    // Pain 0 and 'none' are no injury: the calm weeks are silent.
    assert!(injured.iter().all(|f| f["week"] != week_name(4).as_str()));
}

#[test]
fn strength_and_core_rows_are_sessions_not_runs() {
    let dir = temp_dir();
    // Six runs a week with a core session on the seventh day: a rest day
    // from running, so no week is without rest.
    let mut rows = Vec::new();
    for week in 0..6 {
        for weekday in 0..6 {
            rows.push(format!(
                "{},{},run",
                day(week, weekday),
                [6, 8, 5, 10, 6, 14][weekday as usize]
            ));
        }
        rows.push(format!("{},,core", day(week, 6)));
    }
    let path = write_file(&dir, "core.csv", csv("date,distance_km,activity", rows));
    let weeks = weeks_json(&path);
    for row in &weeks {
        assert_eq!(number(row, "runs"), 6.0, "{row}");
        assert_eq!(number(row, "rest_days"), 1.0, "{row}");
        assert_eq!(number(row, "distance_km"), 49.0, "{row}");
        assert_eq!(number(row, "strength_sessions"), 1.0, "{row}");
        assert!(number(row, "streak_days") <= 6.0, "{row}");
    }
    let found = flags_json(&path);
    assert!(findings_of(&found, "no_rest").is_empty(), "{found:?}");
    let check = run([OsStr::new("check"), path.as_os_str()]);
    check.expect_success();
    assert!(
        check.stdout.contains("36 runs and 6 other sessions"),
        "{}",
        check.stdout
    );

    // The control: the same weeks with a seventh run instead of the core day.
    let rows: Vec<String> = (0..6)
        .flat_map(|w| (0..7).map(move |d| format!("{},6,run", day(w, d))))
        .collect();
    let path = write_file(&dir, "no-core.csv", csv("date,distance_km,activity", rows));
    assert!(!findings_of(&flags_json(&path), "no_rest").is_empty());
}

#[test]
fn the_samples_are_quiet_about_the_body_where_nothing_was_reported() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs");
    for name in ["10k-build.csv", "marathon-build.csv"] {
        let found = flags_json(&samples.join(name));
        for rule in ["heavy_legs", "running_injured"] {
            assert!(findings_of(&found, rule).is_empty(), "{name}: {rule}");
        }
    }
    assert!(serious(&flags_json(&fixture("clean"))).is_empty());
}

#[test]
fn triggers_find_the_diarys_sprint_sessions_and_say_when_reports_are_too_few() {
    let diary = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/heavy-legs-diary.csv");
    let rows = json([
        OsStr::new("triggers"),
        diary.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    let top = &rows[0];
    for field in [
        "effect",
        "ci_low",
        "ci_high",
        "p_value",
        "q_value",
        "exposures",
        "reports",
    ] {
        assert!(top[field].is_number(), "{field} in {top}");
    }
    assert_eq!(
        (text(top, "factor"), number(top, "lag_days")),
        ("sprint_session", 1.0)
    );
    assert_eq!(text(top, "verdict"), "likely trigger", "{top}");
    let q: Vec<f64> = rows.iter().map(|r| number(r, "q_value")).collect();
    assert!(q.windows(2).all(|w| w[0] <= w[1]), "sorted by q: {q:?}");

    let dir = temp_dir();
    let path = write_file(&dir, "short.csv", diary_text_of_weeks(3));
    let outcome = run([
        OsStr::new("triggers"),
        path.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    outcome.expect_success();
    assert_eq!(outcome.json_array(), Vec::<Value>::new());
    assert!(
        outcome.stderr.contains("need 48 more"),
        "{}",
        outcome.stderr
    );
}

/// Three weeks of four runs with heaviness: 12 reports.
fn diary_text_of_weeks(weeks: i64) -> String {
    diary(weeks, |_, _| 3.0, &[])
}
