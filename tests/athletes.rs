//! `runrisk athletes` on club logs built here: who is at risk this week,
//! riskiest first, with ties by name, an earlier week with `--week`, some
//! athletes with `--athlete`, in text, JSON and CSV.

mod common;

use std::ffi::OsStr;

use common::*;
use serde_json::Value;

/// A club of four over six weeks (the sixth whole, logged to its Sunday):
/// Ann and Cy train calmly; Bo doubles the sixth week; Di drags a foot in it.
fn club() -> String {
    let mut rows = Vec::new();
    let mut add = |name: &str, runs: Vec<(i64, i64, f64)>, foot_drag_week: Option<i64>| {
        for (week, weekday, km) in runs {
            let drag = if Some(week) == foot_drag_week && weekday == 6 {
                "yes"
            } else {
                ""
            };
            rows.push(format!("{name},{},{km},{drag}", day(week, weekday)));
        }
    };
    add("Ann", calm_runs(0..6), None);
    add("Cy", calm_runs(0..6), None);
    let mut bo = calm_runs(0..5);
    bo.extend([(5, 0, 12.0), (5, 2, 14.0), (5, 4, 16.0), (5, 6, 18.0)]);
    add("Bo", bo, None);
    add("Di", calm_runs(0..6), Some(5));
    csv("athlete,date,distance_km,foot_drag", rows)
}

fn athletes_json(path: &std::path::Path, extra: &[&str]) -> Vec<Value> {
    let mut args: Vec<&OsStr> = vec!["athletes".as_ref(), path.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    args.extend(["--format", "json"].map(OsStr::new));
    json(args)
}

fn names(rows: &[Value]) -> Vec<&str> {
    rows.iter()
        .map(|r| r["athlete"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn the_riskiest_come_first_urgent_above_all_ties_by_name() {
    let dir = temp_dir();
    let path = write_file(&dir, "club.csv", club());
    let rows = athletes_json(&path, &[]);
    assert_eq!(names(&rows), ["Di", "Bo", "Ann", "Cy"], "{rows:?}");
    assert!(rows.iter().all(|r| r["week"] == week_name(5)));
    assert_eq!(rows[0]["level"], "urgent");
    assert_eq!(rows[0]["top_rule"], "see_doctor");
    assert_eq!(rows[1]["top_rule"], "mileage_spike");
    assert!(number(&rows[1], "risk") > number(&rows[2], "risk"));
    assert_eq!(number(&rows[1], "distance_km"), 60.0);
    assert!(number(&rows[1], "acwr") > 1.5, "{}", rows[1]);
    for row in &rows {
        for field in ["risk", "distance_km", "form", "findings"] {
            assert!(row[field].is_number(), "{field}: {row}");
        }
        assert!(row["acwr"].is_number() || row["acwr"].is_null());
    }
    assert_eq!(rows[2]["findings"], 0);
    assert!(rows[2]["top_rule"].is_null());
}

#[test]
fn an_earlier_week_and_chosen_athletes() {
    let dir = temp_dir();
    let path = write_file(&dir, "club.csv", club());
    let earlier = athletes_json(&path, &["--week", &week_name(4)]);
    assert_eq!(
        names(&earlier),
        ["Ann", "Bo", "Cy", "Di"],
        "all calm: by name"
    );
    assert!(earlier
        .iter()
        .all(|r| r["risk"] == 0 && r["week"] == week_name(4)));
    let two = athletes_json(&path, &["--athlete", "cy", "--athlete", "Bo"]);
    assert_eq!(names(&two), ["Bo", "Cy"]);
    let unknown = run([
        "athletes".as_ref(),
        path.as_os_str(),
        "--athlete".as_ref(),
        "Zed".as_ref(),
    ]);
    unknown.expect_code(2);
    assert!(
        unknown.stderr.contains("no athlete named 'Zed'"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn one_runner_alone_is_one_row_and_text_and_csv_say_the_same() {
    let dir = temp_dir();
    let path = write_file(
        &dir,
        "log.csv",
        csv("date,distance_km", rows(calm_runs(0..6))),
    );
    let rows = athletes_json(&path, &[]);
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["athlete"].is_null());
    let club_path = write_file(&dir, "club.csv", club());
    let text = run(["athletes".as_ref(), club_path.as_os_str()]);
    let lines: Vec<&str> = text.expect_success().stdout.lines().collect();
    assert!(lines[0].starts_with(&week_name(5)), "{}", lines[0]);
    let order: Vec<&str> = lines[2..]
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(order, ["Di", "Bo", "Ann", "Cy"]);
    assert!(lines[2].contains("See a doctor"), "{}", lines[2]);
    let csv = run([
        "athletes".as_ref(),
        club_path.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
    ]);
    let csv_lines: Vec<&str> = csv.expect_success().stdout.lines().collect();
    assert!(
        csv_lines[0].starts_with("athlete,week,risk,level,top_rule,distance_km,acwr,form,findings")
    );
    assert!(csv_lines[1].starts_with("Di,"), "{}", csv_lines[1]);
}

#[test]
fn an_athlete_who_stopped_logging_shows_when_they_last_ran() {
    let dir = temp_dir();
    let mut text = club();
    for row in common::rows(calm_runs(0..2)) {
        text.push_str(&format!("Ed,{row},\n"));
    }
    let path = write_file(&dir, "club.csv", text);
    let rows = athletes_json(&path, &[]);
    let ed = rows
        .iter()
        .find(|r| r["athlete"] == "Ed")
        .expect("Ed listed");
    assert_eq!(ed["distance_km"], 0.0);
    assert!(ed["form"].is_null(), "{ed}");
    assert_eq!(ed["last_run"], day(1, 6));
    let table = run(["athletes".as_ref(), path.as_os_str()]);
    assert!(
        table.expect_success().stdout.contains("no run since"),
        "{}",
        table.stdout
    );
}
