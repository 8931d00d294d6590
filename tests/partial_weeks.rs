//! The last week of a log that ends before its Sunday is the week so far:
//! judged on the days logged, never on days that have not happened. Logs
//! are built here: steady weeks, then a few days of a new week.

mod common;

use std::ffi::OsStr;

use common::*;
use serde_json::Value;

/// Five steady weeks (CALM_WEEK; the fifth week's ratios have their four
/// weeks of history), then Monday and Tuesday of the sixth.
fn steady_then_two_days(athlete: Option<&str>) -> Vec<String> {
    let mut runs = calm_runs(0..5);
    runs.extend([(5, 0, 6.0), (5, 1, 8.0)]);
    let rows = rows(runs);
    match athlete {
        Some(name) => rows
            .into_iter()
            .map(|row| format!("{row},{name}"))
            .collect(),
        None => rows,
    }
}

fn weeks_of(path: &std::path::Path, extra: &[&str]) -> Vec<Value> {
    let mut args: Vec<&OsStr> = vec!["weeks".as_ref(), path.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    args.extend(["--format", "json"].map(OsStr::new));
    json(args)
}

#[test]
fn a_log_ending_on_a_tuesday_judges_two_days_not_seven() {
    let dir = temp_dir();
    let path = write_file(
        &dir,
        "log.csv",
        csv("date,distance_km", steady_then_two_days(None)),
    );
    let weeks = weeks_of(&path, &[]);
    let last = weeks.last().unwrap();
    assert_eq!(last["week"], week_name(5));
    assert_eq!(last["partial"], true, "{last}");
    assert_eq!(last["rest_days"], 0, "no rest day has happened yet: {last}");
    assert!(last["acwr"].is_null(), "no ratio over two days: {last}");
    assert!(weeks[..weeks.len() - 1]
        .iter()
        .all(|w| w["partial"] == false));
    let flags = flags_json(&path);
    let this_week: Vec<&Value> = flags.iter().filter(|f| f["week"] == week_name(5)).collect();
    assert!(
        this_week.iter().all(|f| f["severity"] == "info"),
        "nothing to warn about in two ordinary days: {this_week:?}"
    );
    let text = run(["weeks".as_ref(), path.as_os_str()]);
    assert!(
        text.expect_success().stdout.contains("week so far"),
        "{}",
        text.stdout
    );
}

#[test]
fn as_of_the_sunday_makes_it_a_whole_week_with_its_rest_days() {
    let dir = temp_dir();
    let path = write_file(
        &dir,
        "log.csv",
        csv("date,distance_km", steady_then_two_days(None)),
    );
    let sunday = day(5, 6);
    let weeks = weeks_of(&path, &["--as-of", &sunday]);
    let last = weeks.last().unwrap();
    assert_eq!(last["partial"], false, "{last}");
    assert_eq!(last["rest_days"], 5, "{last}");
    assert!(number(last, "acwr") < 0.6, "a quiet week: {last}");
}

#[test]
fn a_big_week_so_far_still_speaks() {
    let dir = temp_dir();
    let mut runs = calm_runs(0..5);
    runs.extend([(5, 0, 20.0), (5, 1, 22.0), (5, 2, 25.0)]);
    let path = write_file(&dir, "log.csv", csv("date,distance_km", rows(runs)));
    let flags = flags_json(&path);
    let spike = flags
        .iter()
        .find(|f| f["rule"] == "mileage_spike" && f["week"] == week_name(5))
        .unwrap_or_else(|| panic!("67 km in three days after 29 km weeks: {flags:?}"));
    assert_ne!(spike["severity"], "info");
}

#[test]
fn a_club_log_ends_on_its_latest_day_for_every_athlete() {
    let dir = temp_dir();
    let mut rows = steady_then_two_days(Some("Bo"));
    // Ann's log stops on the fifth week's Sunday: her last week is whole.
    rows.extend(
        common::rows(calm_runs(0..4).into_iter().chain([(4, 6, 5.0)]))
            .into_iter()
            .map(|row| format!("{row},Ann")),
    );
    let path = write_file(&dir, "club.csv", csv("date,distance_km,athlete", rows));
    let weeks = weeks_of(&path, &[]);
    let last_of = |name: &str| {
        weeks
            .iter()
            .rfind(|w| w["athlete"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no weeks for {name}"))
    };
    assert_eq!(last_of("Bo")["partial"], true);
    assert_eq!(last_of("Ann")["partial"], false);
    // --as-of before Bo's Tuesday leaves it out, with a note.
    let monday = day(5, 0);
    let outcome = run([
        "weeks".as_ref(),
        path.as_os_str(),
        "--as-of".as_ref(),
        OsStr::new(&monday),
    ]);
    outcome.expect_success();
    assert!(
        outcome.stderr.contains("1 row after it left out"),
        "{}",
        outcome.stderr
    );
}
