//! Ordinary training a coach would judge at a glance, run through the
//! binary both ways: the false alarm a coach would wave off stays quiet
//! (a careful return, a taper and a race, a trail runner's easy pace, a
//! mountain runner's hills, a rested week, a shoe between thresholds), and
//! the real error beside it is still found. The logs are built here so that
//! each test shows the training it judges.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;
use tempfile::TempDir;

/// A usual 40 km week: (weekday, km), a 14 km long run on Saturday.
const USUAL_40: [(i64, f64); 4] = [(1, 8.0), (3, 10.0), (5, 14.0), (6, 8.0)];

/// One run of a log: week, weekday, km, and the row's other cells.
struct Row {
    week: i64,
    weekday: i64,
    km: f64,
    rest: String,
}

fn row(week: i64, weekday: i64, km: f64, rest: &str) -> Row {
    Row {
        week,
        weekday,
        km,
        rest: rest.to_string(),
    }
}

/// `pattern` repeated over `weeks`, each row with the cells `rest`.
fn repeat(weeks: std::ops::Range<i64>, pattern: &[(i64, f64)], rest: &str) -> Vec<Row> {
    weeks
        .flat_map(|w| pattern.iter().map(move |(d, km)| row(w, *d, *km, rest)))
        .collect()
}

/// A log with `header` (which starts `date,distance_km`) and `rows`.
fn log(dir: &TempDir, name: &str, header: &str, rows: &[Row]) -> PathBuf {
    let lines = rows.iter().map(|r| {
        let date = day(r.week, r.weekday);
        if r.rest.is_empty() {
            format!("{date},{}", r.km)
        } else {
            format!("{date},{},{}", r.km, r.rest)
        }
    });
    write_file(dir, name, csv(header, lines))
}

fn args<'a>(words: &'a [&'a str], path: &'a Path) -> Vec<&'a OsStr> {
    let mut all = vec![OsStr::new(words[0]), path.as_os_str()];
    all.extend(words[1..].iter().map(OsStr::new));
    all
}

/// Every finding, info included.
fn all_findings(path: &Path) -> Vec<Value> {
    json(args(
        &["flags", "--format", "json", "--min-severity", "info"],
        path,
    ))
}

/// "week rule severity" for each finding, for failure messages.
fn summary(findings: &[&Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{} {} {}", f["week"], f["rule"], f["severity"]))
        .collect()
}

fn of_rule<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["rule"] == rule).collect()
}

/// Fails unless no finding is at warning or above.
fn assert_quiet(findings: &[Value], what: &str) {
    let loud = serious(findings);
    assert!(loud.is_empty(), "{what}: {:?}", summary(&loud));
}

/// The serious findings of `rule` in `week`.
fn serious_in<'a>(findings: &'a [Value], rule: &str, week: i64) -> Vec<&'a Value> {
    let name = week_name(week);
    serious(findings)
        .into_iter()
        .filter(|f| f["rule"] == rule && f["week"] == name.as_str())
        .collect()
}

fn risk_of(weeks: &[Value], week: i64) -> f64 {
    number(week_row(weeks, &week_name(week)), "risk")
}

// ------------------------------------------------------- breaks and returns

/// Eight usual weeks, four weeks off, then `back` as the weeks from week 12.
fn after_four_weeks_off(back: &[&[(i64, f64)]]) -> Vec<Row> {
    let mut rows = repeat(0..8, &USUAL_40, "");
    for (i, week) in back.iter().enumerate() {
        rows.extend(repeat(12 + i as i64..13 + i as i64, week, ""));
    }
    rows
}

#[test]
fn a_careful_return_after_four_weeks_off_is_quiet_and_guided() {
    let dir = temp_dir();
    let back: [&[(i64, f64)]; 3] = [
        &[(1, 5.0), (3, 5.0), (5, 6.0), (6, 4.0)],
        &[(1, 6.0), (3, 6.0), (5, 7.0), (6, 5.0)],
        &[(1, 7.0), (3, 6.0), (5, 9.0), (6, 6.0)],
    ];
    let path = log(
        &dir,
        "return.csv",
        "date,distance_km",
        &after_four_weeks_off(&back),
    );
    let findings = all_findings(&path);
    assert_quiet(&findings, "back at 50%, 60%, 70%");

    let weeks = weeks_json(&path);
    for (n, week) in [(1, 12), (2, 13), (3, 14)] {
        let row = week_row(&weeks, &week_name(week));
        assert_eq!(row["after_break"], n, "{row}");
    }
    assert!(week_row(&weeks, &week_name(7))["after_break"].is_null());

    let check = run(args(&["check"], &path));
    check.expect_success();
    assert!(check.stdout.contains("break: 29 days"), "{}", check.stdout);

    // The way back is guided: next week's distance and longest run, in km.
    let guide = of_rule(&findings, "mileage_spike");
    assert!(
        !guide.is_empty(),
        "no guidance on the way back: {findings:?}"
    );
    let advice = text(guide[0], "advice");
    assert!(advice.contains("km"), "{advice}");
}

#[test]
fn a_reckless_return_after_four_weeks_off_is_flagged_with_its_numbers() {
    let dir = temp_dir();
    let back: [&[(i64, f64)]; 1] = [&[(1, 8.0), (3, 8.0), (5, 18.0), (6, 6.0)]];
    let path = log(
        &dir,
        "reckless.csv",
        "date,distance_km",
        &after_four_weeks_off(&back),
    );
    let findings = all_findings(&path);
    let volume = serious_in(&findings, "mileage_spike", 12);
    assert_eq!(volume.len(), 1, "{:?}", summary(&serious(&findings)));
    assert_eq!(volume[0]["severity"], "alert");
    assert!(
        text(volume[0], "message").contains("40.0 km"),
        "{}",
        volume[0]
    );
    let long = serious_in(&findings, "long_run_spike", 12);
    assert_eq!(long.len(), 1, "{:?}", summary(&serious(&findings)));
    assert!(text(long[0], "message").contains("18.0 km"), "{}", long[0]);
}

#[test]
fn a_week_of_illness_then_the_usual_week_is_quiet_but_a_jump_is_not() {
    let dir = temp_dir();
    // Nine days without a run, Sunday to Monday (too short for a break),
    // then the usual.
    let ill_week = [(1, 8.0), (3, 10.0), (5, 14.0)];
    let mut rows = repeat(0..6, &USUAL_40, "");
    rows.extend(repeat(6..7, &ill_week, ""));
    rows.extend(repeat(8..10, &USUAL_40, ""));
    let path = log(&dir, "ill.csv", "date,distance_km", &rows);
    assert_quiet(&all_findings(&path), "back at the usual after a week ill");

    let mut jump = repeat(0..6, &USUAL_40, "");
    jump.extend(repeat(6..7, &ill_week, ""));
    jump.extend(repeat(
        8..9,
        &[(0, 12.0), (1, 12.0), (3, 14.0), (5, 20.0), (6, 12.0)],
        "",
    ));
    let path = log(&dir, "jump.csv", "date,distance_km", &jump);
    let findings = all_findings(&path);
    assert!(
        !serious_in(&findings, "mileage_spike", 8).is_empty(),
        "70 km after an ill week: {:?}",
        summary(&serious(&findings))
    );
}

// ------------------------------------------------------ tapers and races

/// Ten weeks of marathon training at about 60 km, a three-week taper with
/// one tempo run a week kept, the marathon on Sunday of week 12, two
/// weeks of recovery and the usual training again from week 15.
fn marathon_block(race_type: &str) -> Vec<Row> {
    let block = [(1, 10.0), (2, 8.0), (3, 12.0), (5, 22.0), (6, 8.0)];
    let mut rows = Vec::new();
    for week in 0..10 {
        for (d, km) in block {
            let kind = if d == 3 { "workout" } else { "easy" };
            let minutes = if d == 3 { km * 4.5 } else { km * 5.8 };
            rows.push(row(week, d, km, &format!("{minutes:.0},{kind}")));
        }
    }
    let taper: [&[(i64, f64)]; 3] = [
        &[(1, 10.0), (3, 10.0), (5, 18.0), (6, 6.0)],
        &[(1, 8.0), (3, 8.0), (5, 14.0)],
        &[(1, 6.0), (3, 6.0), (4, 4.0), (6, 42.2)],
    ];
    for (i, days) in taper.iter().enumerate() {
        for (d, km) in days.iter() {
            let week = 10 + i as i64;
            let (minutes, kind) = match (week, d) {
                (12, 6) => (km * 4.6, race_type),
                (_, 3) => (km * 4.5, "workout"),
                _ => (km * 5.8, "easy"),
            };
            rows.push(row(week, *d, *km, &format!("{minutes:.0},{kind}")));
        }
    }
    let recovery: [&[(i64, f64)]; 2] = [
        &[(2, 5.0), (4, 6.0), (6, 8.0)],
        &[(1, 8.0), (3, 8.0), (5, 14.0), (6, 6.0)],
    ];
    for (i, days) in recovery.iter().enumerate() {
        rows.extend(easy_week(13 + i as i64, days));
    }
    for week in 15..17 {
        rows.extend(easy_week(week, &block));
    }
    rows
}

/// Easy runs at 6:00/km on `days` of `week`.
fn easy_week(week: i64, days: &[(i64, f64)]) -> Vec<Row> {
    days.iter()
        .map(|(d, km)| row(week, *d, *km, &format!("{:.0},easy", km * 6.0)))
        .collect()
}

const TYPED: &str = "date,distance_km,duration,type";

#[test]
fn a_taper_and_a_marathon_are_planned_not_errors() {
    let dir = temp_dir();
    let path = log(&dir, "marathon.csv", TYPED, &marathon_block("race"));
    let findings = all_findings(&path);
    assert_quiet(&findings, "taper, marathon, recovery and the usual again");

    let race = of_rule(&findings, "long_run_spike");
    let race: Vec<_> = race
        .into_iter()
        .filter(|f| f["week"] == week_name(12).as_str())
        .collect();
    assert_eq!(
        race.len(),
        1,
        "the race's own spike is a note: {findings:?}"
    );
    assert_eq!(race[0]["severity"], "info");
    let advice = text(race[0], "advice");
    assert!(advice.contains("easy"), "recovery advice: {advice}");
    assert!(advice.chars().any(|c| c.is_ascii_digit()), "{advice}");
}

#[test]
fn the_same_marathon_not_marked_as_a_race_is_a_long_run_spike() {
    let dir = temp_dir();
    let path = log(&dir, "unmarked.csv", TYPED, &marathon_block("easy"));
    let findings = all_findings(&path);
    let spike = serious_in(&findings, "long_run_spike", 12);
    assert_eq!(spike.len(), 1, "{:?}", summary(&serious(&findings)));
    assert_eq!(spike[0]["severity"], "alert");
}

#[test]
fn a_100_km_ultra_race_is_a_note_with_a_long_recovery() {
    let dir = temp_dir();
    let block = [(1, 12.0), (3, 14.0), (5, 32.0), (6, 12.0)];
    let mut rows = repeat(0..8, &block, "");
    rows.extend(repeat(8..10, &[(1, 10.0), (3, 10.0), (5, 20.0)], ""));
    rows.push(row(10, 5, 100.0, "race"));
    let path = log(&dir, "ultra.csv", "date,distance_km,type", &rows);
    let findings = all_findings(&path);
    assert_quiet(&findings, "a planned 100 km race");
    let notes: Vec<_> = findings
        .iter()
        .filter(|f| f["week"] == week_name(10).as_str())
        .collect();
    assert!(!notes.is_empty(), "the race week has its notes");
    let advice: String = notes.iter().map(|f| text(f, "advice")).collect();
    assert!(advice.contains("33"), "100 km / 3 = 33 easy days: {advice}");
}

// --------------------------------------------------- terrain and effort

/// A week of easy road runs at 5:00/km and easy trail runs at 7:00/km.
const ROAD_AND_TRAIL: [(i64, f64, &str); 4] = [
    (1, 8.0, "40:00,road"),
    (3, 10.0, "1:10:00,trail"),
    (5, 14.0, "1:38:00,trail"),
    (6, 8.0, "40:00,road"),
];

/// Six weeks of `ROAD_AND_TRAIL`, then `last` as week 6.
fn road_and_trail(last: &[(i64, f64, &str)]) -> Vec<Row> {
    let mut rows = Vec::new();
    for week in 0..6 {
        for (d, km, rest) in ROAD_AND_TRAIL {
            rows.push(row(week, d, km, rest));
        }
    }
    for (d, km, rest) in last {
        rows.push(row(6, *d, *km, rest));
    }
    rows
}

const TERRAIN: &str = "date,distance_km,duration,surface";

#[test]
fn a_trail_runners_slower_easy_pace_is_not_hard_running() {
    let dir = temp_dir();
    let path = log(&dir, "trail.csv", TERRAIN, &road_and_trail(&ROAD_AND_TRAIL));
    let findings = all_findings(&path);
    assert!(
        of_rule(&findings, "high_intensity").is_empty(),
        "{findings:?}"
    );
    let weeks = weeks_json(&path);
    let share = number(week_row(&weeks, &week_name(6)), "hard_pace_share");
    assert!(share < 0.05, "an ordinary week is not hard: {share}");
}

#[test]
fn a_hard_road_week_of_a_trail_runner_is_found() {
    let dir = temp_dir();
    let hard = [
        (1, 8.0, "34:00,road"),
        (3, 10.0, "42:00,road"),
        (5, 14.0, "1:38:00,trail"),
        (6, 8.0, "34:00,road"),
    ];
    let path = log(&dir, "hard.csv", TERRAIN, &road_and_trail(&hard));
    let findings = all_findings(&path);
    let hard = serious_in(&findings, "high_intensity", 6);
    assert_eq!(hard.len(), 1, "{:?}", summary(&serious(&findings)));
    assert_eq!(
        hard[0]["severity"], "alert",
        "26 of 40 km hard: {}",
        hard[0]
    );
}

#[test]
fn an_easy_long_run_at_rpe_7_is_not_hard() {
    let dir = temp_dir();
    let mut rows = repeat(0..6, &USUAL_40, "");
    for r in rows.iter_mut() {
        let minutes = r.km * 6.0;
        r.rest = format!("{minutes}:00,4");
    }
    // The long run at the usual pace felt like a 7; the others are as ever.
    for r in rows.iter_mut().filter(|r| r.week == 5 && r.km == 14.0) {
        r.rest = "84:00,7".into();
    }
    let path = log(&dir, "rpe.csv", "date,distance_km,duration,rpe", &rows);
    assert!(of_rule(&all_findings(&path), "high_intensity").is_empty());

    // The same week with two runs at RPE 8 is a hard week.
    for r in rows.iter_mut().filter(|r| r.week == 5 && r.km >= 10.0) {
        r.rest = format!("{}:00,8", r.km * 6.0);
    }
    let path = log(&dir, "rpe8.csv", "date,distance_km,duration,rpe", &rows);
    let findings = all_findings(&path);
    assert_eq!(
        serious_in(&findings, "high_intensity", 5).len(),
        1,
        "{findings:?}"
    );
}

// --------------------------------------------------------------- habits

/// Four runs a week; `hilly(week)` tells how many of them climb 30 m/km.
fn hill_log(dir: &TempDir, name: &str, hilly: impl Fn(i64) -> usize) -> PathBuf {
    let mut rows = Vec::new();
    for week in 0..8 {
        for (i, (d, km)) in USUAL_40.iter().enumerate() {
            let climb = if i < hilly(week) { km * 30.0 } else { km * 2.0 };
            rows.push(row(week, *d, *km, &climb.to_string()));
        }
    }
    log(dir, name, "date,distance_km,elevation_gain_m", &rows)
}

#[test]
fn a_mountain_runners_habitual_hills_are_information() {
    let dir = temp_dir();
    let path = hill_log(&dir, "mountain.csv", |_| 2);
    let findings = all_findings(&path);
    assert!(
        serious(&findings).is_empty(),
        "{:?}",
        summary(&serious(&findings))
    );
    let weeks = weeks_json(&path);
    for week in 5..8 {
        assert_eq!(risk_of(&weeks, week), 0.0, "week {week}");
    }
}

#[test]
fn a_flat_runners_two_hill_sessions_are_a_warning() {
    let dir = temp_dir();
    let path = hill_log(&dir, "flat.csv", |week| if week == 7 { 2 } else { 0 });
    let findings = all_findings(&path);
    let hills = serious_in(&findings, "frequent_hills", 7);
    assert_eq!(hills.len(), 1, "{:?}", summary(&serious(&findings)));
    assert_eq!(hills[0]["severity"], "warning");
}

// ------------------------------------------------------------ rest days

#[test]
fn a_week_of_rest_after_a_streak_is_not_told_to_rest() {
    let dir = temp_dir();
    let mut rows = repeat(0..5, &USUAL_40, "");
    // A 7-day streak from Tuesday of week 5 to Monday of week 6, then rest.
    rows.extend((1..7).map(|d| row(5, d, 5.0, "")));
    rows.push(row(6, 0, 5.0, ""));
    rows.extend(repeat(7..8, &USUAL_40, ""));
    let path = log(&dir, "streak_ended.csv", "date,distance_km", &rows);
    let findings = all_findings(&path);
    assert_quiet(&findings, "a streak that ended in six rest days");
    // The streak is named where it ended, as a note that the rest came.
    let note: Vec<_> = of_rule(&findings, "no_rest")
        .into_iter()
        .filter(|f| f["week"] == week_name(6).as_str())
        .collect();
    assert_eq!(note.len(), 1, "{findings:?}");
    assert!(
        text(note[0], "message").contains("then 6 rest days"),
        "{}",
        note[0]
    );
    assert!(
        !text(note[0], "advice").contains("next week"),
        "{}",
        note[0]
    );
}

#[test]
fn a_monday_to_sunday_streak_is_a_warning() {
    let dir = temp_dir();
    let mut rows = repeat(0..5, &USUAL_40, "");
    rows.extend((0..7).map(|d| row(5, d, 6.0, "")));
    let path = log(&dir, "streak.csv", "date,distance_km", &rows);
    let findings = all_findings(&path);
    let rest = serious_in(&findings, "no_rest", 5);
    assert_eq!(rest.len(), 1, "{:?}", summary(&serious(&findings)));
    assert_eq!(rest[0]["severity"], "warning");
}

#[test]
fn a_light_monotone_week_is_not_no_rest_but_a_heavy_one_is() {
    let dir = temp_dir();
    // Tuesday to Sunday after the usual week's Sunday run: a six-day streak.
    let six_days = |km: f64| -> Vec<(i64, f64)> { (1..7).map(|d| (d, km)).collect() };
    let mut light = repeat(0..5, &USUAL_40, "");
    light.extend(repeat(5..6, &six_days(5.0), ""));
    let path = log(&dir, "light.csv", "date,distance_km", &light);
    let findings = all_findings(&path);
    assert!(
        of_rule(&findings, "no_rest").is_empty(),
        "30 km in six jogs: {findings:?}"
    );

    let mut heavy = repeat(0..5, &USUAL_40, "");
    heavy.extend(repeat(5..6, &six_days(12.0), ""));
    let path = log(&dir, "heavy.csv", "date,distance_km", &heavy);
    let findings = all_findings(&path);
    assert_eq!(
        serious_in(&findings, "no_rest", 5).len(),
        1,
        "72 km in six equal runs: {:?}",
        summary(&serious(&findings))
    );
}

#[test]
fn a_double_day_counts_once_as_a_running_day() {
    let dir = temp_dir();
    let mut rows = repeat(0..6, &USUAL_40, "");
    // Two runs on Thursday of week 6: still three rest days.
    rows.extend(repeat(
        6..7,
        &[(1, 8.0), (3, 5.0), (3, 5.0), (5, 14.0), (6, 8.0)],
        "",
    ));
    let path = log(&dir, "double.csv", "date,distance_km", &rows);
    assert_quiet(&all_findings(&path), "a double day");
    let weeks = weeks_json(&path);
    let week = week_row(&weeks, &week_name(6));
    assert_eq!(number(week, "runs"), 5.0);
    assert_eq!(number(week, "rest_days"), 3.0);
}

#[test]
fn a_weekend_only_runner_is_judged_on_their_own_weekends() {
    let dir = temp_dir();
    let weekend = [(5, 12.0), (6, 8.0)];
    let path = log(
        &dir,
        "weekends.csv",
        "date,distance_km",
        &repeat(0..12, &weekend, ""),
    );
    assert_quiet(&all_findings(&path), "twelve ordinary weekends");

    let mut rows = repeat(0..11, &weekend, "");
    rows.extend(repeat(11..12, &[(5, 20.0), (6, 12.0)], ""));
    let path = log(&dir, "weekend_jump.csv", "date,distance_km", &rows);
    let findings = all_findings(&path);
    assert!(
        !serious_in(&findings, "long_run_spike", 11).is_empty(),
        "20 km after 12 km long runs: {:?}",
        summary(&serious(&findings))
    );
}

// ------------------------------------------------------------------ shoes

#[test]
fn a_worn_shoe_is_one_finding_per_threshold_with_reminders_between() {
    let dir = temp_dir();
    // 40 km a week in one shoe that starts at 500 km: 600 is crossed in
    // week 2, 800 in week 7.
    let mut rows = repeat(0..10, &USUAL_40, "Pegasus,");
    rows[0].rest = "Pegasus,500".into();
    let path = log(&dir, "shoe.csv", "date,distance_km,shoe,shoe_km", &rows);
    let findings = all_findings(&path);
    let shoe = of_rule(&findings, "worn_shoes");
    let severity_in = |week: i64| -> Vec<&str> {
        shoe.iter()
            .filter(|f| f["week"] == week_name(week).as_str())
            .map(|f| text(f, "severity"))
            .collect()
    };
    assert_eq!(severity_in(2), ["warning"]);
    assert_eq!(severity_in(7), ["alert"]);
    for week in [3, 4, 5, 6, 8, 9] {
        assert_eq!(severity_in(week), ["info"], "week {week}");
    }
    let weeks = weeks_json(&path);
    for week in [0, 1, 3, 4, 5, 6, 8, 9] {
        assert_eq!(risk_of(&weeks, week), 0.0, "week {week}");
    }
    assert!(risk_of(&weeks, 7) > risk_of(&weeks, 2));
}

// ----------------------------------------------------------------- points

#[test]
fn points_follow_the_evidence_and_add_up_to_the_risk() {
    let dir = temp_dir();
    // Week 6: three hill sessions (a weak-evidence alert) at the usual volume.
    let hills = hill_log(&dir, "hills.csv", |week| if week == 6 { 3 } else { 0 });
    // Week 6: a 20 km long run after 14 km ones (the strongest evidence).
    let mut rows = repeat(0..6, &USUAL_40, "");
    rows.extend(repeat(6..7, &[(1, 6.0), (3, 6.0), (5, 20.0), (6, 8.0)], ""));
    let long = log(&dir, "long.csv", "date,distance_km", &rows);

    let points_of = |path: &Path, rule: &str| -> f64 {
        let weeks = weeks_json(path);
        let row = week_row(&weeks, &week_name(6));
        let factors = row["factors"].as_array().expect("factors");
        let sum: f64 = factors.iter().map(|f| number(f, "points")).sum();
        assert_eq!(sum, number(row, "risk"), "points add up to the risk: {row}");
        let factor = factors
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {row}"));
        assert_eq!(factor["severity"], "alert", "{row}");
        number(factor, "points")
    };
    let hill_points = points_of(&hills, "frequent_hills");
    let long_points = points_of(&long, "long_run_spike");
    assert!(
        long_points > hill_points,
        "long run {long_points} vs hills {hill_points}"
    );
}

// ------------------------------------------------------- fitness and form

/// Fitness, fatigue and form computed by hand for daily loads from the
/// Monday of the first week.
fn by_hand(daily: &[f64]) -> (f64, f64) {
    let (mut fitness, mut fatigue) = (0.0, 0.0);
    for load in daily {
        fitness += (load - fitness) / 42.0;
        fatigue += (load - fatigue) / 7.0;
    }
    (fitness, fatigue)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[test]
fn fitness_fatigue_and_form_match_a_hand_computation_on_every_load() {
    let dir = temp_dir();
    // Two weeks: 10 km in 60 min at RPE 5 on Tuesday, 20 km in 120 min at
    // RPE 6 on Saturday, and one run without RPE (10 km in 50 min) on Sunday
    // of week 2.
    let rows = vec![
        row(0, 1, 10.0, "60:00,5"),
        row(0, 5, 20.0, "2:00:00,6"),
        row(1, 1, 10.0, "60:00,5"),
        row(1, 5, 20.0, "2:00:00,6"),
        row(1, 6, 10.0, "50:00,"),
    ];
    let path = log(&dir, "form.csv", "date,distance_km,duration,rpe", &rows);
    let day_loads = |tue: f64, sat: f64, sun: f64| {
        let mut days = vec![0.0; 14];
        days[1] = tue;
        days[5] = sat;
        days[8] = tue;
        days[12] = sat;
        days[13] = sun;
        days
    };
    let cases = [
        ("distance", day_loads(10.0, 20.0, 10.0)),
        ("time", day_loads(60.0, 120.0, 50.0)),
        ("srpe", day_loads(300.0, 720.0, 0.0)),
    ];
    for (load, daily) in cases {
        let weeks = json(args(&["weeks", "--format", "json", "--load", load], &path));
        for (week, days) in [(0, 7), (1, 14)] {
            let (fitness, fatigue) = by_hand(&daily[..days]);
            let row = week_row(&weeks, &week_name(week));
            assert_eq!(number(row, "fitness"), round2(fitness), "{load} {row}");
            assert_eq!(number(row, "fatigue"), round2(fatigue), "{load} {row}");
            let form = number(row, "form");
            assert!((form - (fitness - fatigue)).abs() < 0.011, "{load} {row}");
        }
        let (before, _) = by_hand(&daily[..7]);
        let (after, _) = by_hand(&daily);
        let ramp = number(week_row(&weeks, &week_name(1)), "ramp_rate");
        assert!(
            (ramp - (after - before)).abs() < 0.011,
            "{load} ramp {ramp}"
        );
    }
    let weeks = weeks_json(&path);
    let second = week_row(&weeks, &week_name(1));
    assert_eq!(number(second, "duration_min"), 230.0);
    assert_eq!(number(second, "srpe_load"), 1020.0);
}

#[test]
fn srpe_load_is_null_only_when_no_run_of_the_week_has_rpe_and_duration() {
    let dir = temp_dir();
    let rows = vec![
        row(0, 1, 10.0, "60:00,"),
        row(0, 5, 12.0, ","),
        row(1, 1, 10.0, "60:00,5"),
    ];
    let path = log(&dir, "srpe.csv", "date,distance_km,duration,rpe", &rows);
    let weeks = weeks_json(&path);
    assert!(week_row(&weeks, &week_name(0))["srpe_load"].is_null());
    assert_eq!(number(week_row(&weeks, &week_name(1)), "srpe_load"), 300.0);
    assert_eq!(
        number(week_row(&weeks, &week_name(0)), "duration_min"),
        60.0
    );
}

/// The points `runrisk rules` gives a rule for `severity`, if it lists any.
fn listed_points(rules: &str, rule: &str, severity: &str) -> Option<f64> {
    let block = rules
        .split("\n\n")
        .find(|b| b.starts_with(&format!("{rule} ")))?;
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("points:"))?;
    let wanted = format!("for a {severity}");
    let wanted_an = format!("for an {severity}");
    line.split(", ")
        .find(|part| part.ends_with(&wanted) || part.ends_with(&wanted_an))
        .and_then(|part| part.split_whitespace().rev().nth(3)?.parse().ok())
}

#[test]
fn runrisk_rules_lists_the_points_each_scenario_scores() {
    let rules = run(["rules"]);
    rules.expect_success();
    let mut checked = 0;
    for rule in RULE_IDS.iter().filter(|r| **r != "see_doctor") {
        let weeks = weeks_json(&fixture(rule));
        let row = week_row(&weeks, "2025-W07");
        let factor = row["factors"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["rule"] == *rule))
            .unwrap_or_else(|| panic!("{rule}.csv scores no {rule}: {row}"));
        let severity = text(factor, "severity");
        let listed = listed_points(&rules.stdout, rule, severity)
            .unwrap_or_else(|| panic!("`rules` lists no {severity} points for {rule}"));
        assert_eq!(number(factor, "points"), listed, "{rule} {severity}");
        checked += 1;
    }
    assert_eq!(checked, RULE_IDS.len() - 1);
    assert!(rules.stdout.contains("points: none (info notes only)"));
}
