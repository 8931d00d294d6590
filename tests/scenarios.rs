//! One hand-written log per rule (tests/fixtures/scenarios/<rule>.csv), each
//! built to trigger exactly that rule at warning or above in one known ISO
//! week after five calm weeks, plus a calm log that triggers nothing.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

/// Rules that only ever write `info` notes: their scenario must note its
/// week and score nothing.
const INFO_ONLY: [&str; 1] = ["no_strength_work"];

/// Each rule's fixture and the ISO week it must fire in.
const SCENARIOS: [(&str, &str); 13] = [
    ("mileage_spike", "2025-W07"),
    ("long_run_spike", "2025-W07"),
    ("no_rest", "2025-W07"),
    ("hard_surface", "2025-W07"),
    ("worn_shoes", "2025-W07"),
    ("high_intensity", "2025-W07"),
    ("frequent_hills", "2025-W07"),
    ("frequent_sprints", "2025-W07"),
    ("no_warmup", "2025-W07"),
    ("see_doctor", "2025-W07"),
    ("heavy_legs", "2025-W07"),
    ("running_injured", "2025-W07"),
    ("no_strength_work", "2025-W07"),
];

/// The findings a scenario is judged on: warnings and above, or for an
/// info-only rule its notes.
fn judged<'a>(rule: &str, findings: &'a [Value]) -> Vec<&'a Value> {
    if INFO_ONLY.contains(&rule) {
        findings.iter().filter(|f| f["rule"] == rule).collect()
    } else {
        serious(findings)
    }
}

#[test]
fn the_scenario_table_covers_every_rule_runrisk_lists() {
    let listed = run(["rules"]);
    listed.expect_success();
    let listed_ids: BTreeSet<&str> = listed
        .stdout
        .lines()
        .filter(|line| !line.starts_with(' '))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    let table: BTreeSet<&str> = SCENARIOS.iter().map(|(rule, _)| *rule).collect();
    assert_eq!(table, listed_ids);
    for (rule, _) in SCENARIOS {
        assert!(fixture(rule).is_file(), "missing fixture for {rule}");
    }
}

#[test]
fn each_scenario_fires_exactly_its_rule_in_its_week() {
    for (rule, week) in SCENARIOS {
        let findings = flags_json(&fixture(rule));
        let serious = judged(rule, &findings);
        let summary: Vec<String> = serious
            .iter()
            .map(|f| format!("{} {} {}", f["week"], f["rule"], f["severity"]))
            .collect();
        assert_eq!(
            rule_set(serious.iter().copied()),
            BTreeSet::from([rule.to_string()]),
            "{rule}.csv should raise only {rule} at warning or above; it raised {summary:?}"
        );
        let weeks: BTreeSet<&str> = serious.iter().map(|f| text(f, "week")).collect();
        assert_eq!(
            weeks,
            BTreeSet::from([week]),
            "{rule}.csv should fire in {week} only; it raised {summary:?}"
        );
    }
}

#[test]
fn each_scenario_scores_only_its_week_and_only_its_rule() {
    for (rule, week) in SCENARIOS {
        let rows = weeks_json(&fixture(rule));
        assert!(
            rows.len() >= 6,
            "{rule}.csv: five calm weeks and the target week"
        );
        for row in &rows {
            let factors: Vec<&str> = row["factors"]
                .as_array()
                .unwrap_or_else(|| panic!("factors is not an array in {row}"))
                .iter()
                .map(|f| text(f, "rule"))
                .collect();
            if INFO_ONLY.contains(&rule) {
                assert!(factors.is_empty(), "{rule}.csv {}: {row}", row["week"]);
                assert_eq!(row["level"], "low", "{rule}.csv {}: {row}", row["week"]);
            } else if row["week"] == week {
                assert_eq!(factors, [rule], "{rule}.csv {week}: {row}");
                assert!(number(row, "risk") > 0.0, "{rule}.csv {week}: {row}");
                assert_ne!(row["level"], "low", "{rule}.csv {week}: {row}");
            } else {
                assert!(factors.is_empty(), "{rule}.csv {}: {row}", row["week"]);
                assert_eq!(row["level"], "low", "{rule}.csv {}: {row}", row["week"]);
            }
        }
    }
}

#[test]
fn the_calm_log_raises_nothing_and_every_week_is_low() {
    let path = fixture("clean");
    let findings = flags_json(&path);
    let serious = serious(&findings);
    assert!(serious.is_empty(), "clean.csv raised {serious:?}");

    let rows = weeks_json(&path);
    assert!(rows.len() >= 8, "clean.csv should span 8 weeks or more");
    for row in &rows {
        assert_eq!(text(row, "level"), "low", "{row}");
        assert_eq!(number(row, "risk"), 0.0, "{row}");
    }
    assert!(
        rows.iter().any(|r| r["acwr"].is_number()),
        "clean.csv should be long enough for the ratio rules to judge it"
    );
}

/// A month that doubles the distance in week 2 and holds a 28 km run in week 3.
fn spiky_month(first_week: i64) -> Vec<(i64, i64, f64)> {
    let w = first_week;
    vec![
        (w, 0, 5.0),
        (w, 2, 5.0),
        (w, 5, 8.0),
        (w + 1, 0, 10.0),
        (w + 1, 2, 10.0),
        (w + 1, 5, 16.0),
        (w + 2, 1, 6.0),
        (w + 2, 3, 6.0),
        (w + 2, 6, 28.0),
        (w + 3, 1, 8.0),
        (w + 3, 3, 8.0),
        (w + 3, 6, 10.0),
    ]
}

#[test]
fn the_first_four_weeks_raise_no_spike() {
    let dir = temp_dir();
    let path = write_file(
        &dir,
        "new.csv",
        csv("date,distance_km", rows(spiky_month(0))),
    );
    let findings = flags_json(&path);
    let spikes: Vec<&Value> = findings
        .iter()
        .filter(|f| ["mileage_spike", "long_run_spike"].contains(&text(f, "rule")))
        .collect();
    assert!(spikes.is_empty(), "the first 4 weeks raised {spikes:?}");

    let weeks = weeks_json(&path);
    assert_eq!(weeks.len(), 4);
    assert!(weeks.iter().all(|w| w["acwr"].is_null()), "{weeks:?}");

    let check = run([std::ffi::OsStr::new("check"), path.as_os_str()]);
    check.expect_success();
    for rule in ["mileage_spike", "long_run_spike"] {
        assert!(
            check
                .stdout
                .lines()
                .any(|l| l.contains(rule) && l.contains("insufficient history")),
            "check should say {rule} lacks history:\n{}",
            check.stdout
        );
    }
}

#[test]
fn the_same_month_after_enough_history_raises_both_spikes() {
    // The control for the test above: the month is spiky enough to fire.
    let dir = temp_dir();
    let mut runs = calm_runs(0..5);
    runs.extend(spiky_month(5));
    let path = write_file(&dir, "later.csv", csv("date,distance_km", rows(runs)));
    let findings = flags_json(&path);
    let fired = rule_set(serious(&findings));
    assert!(fired.contains("mileage_spike"), "{findings:?}");
    assert!(fired.contains("long_run_spike"), "{findings:?}");
    let the_28_km_run = day(7, 6);
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "long_run_spike" && f["date"] == the_28_km_run.as_str()),
        "the 28 km run on {the_28_km_run} should be a long-run spike: {findings:?}"
    );
}

#[test]
fn a_dragging_foot_makes_the_week_urgent() {
    let rows = weeks_json(&fixture("see_doctor"));
    let week = week_row(&rows, "2025-W07");
    assert_eq!(text(week, "level"), "urgent", "{week}");
    let factor = week["factors"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule"] == "see_doctor"))
        .unwrap_or_else(|| panic!("no see_doctor factor in {week}"));
    assert_eq!(text(factor, "severity"), "urgent");

    let findings = flags_json(&fixture("see_doctor"));
    let red_flag = findings
        .iter()
        .find(|f| f["rule"] == "see_doctor")
        .expect("a see_doctor finding");
    assert_eq!(text(red_flag, "severity"), "urgent");
    assert_eq!(text(red_flag, "date"), "2025-02-15");
    assert!(
        text(red_flag, "advice").to_lowercase().contains("doctor"),
        "{red_flag}"
    );
}

#[test]
fn the_design_reference_ratios() {
    // Four weeks of 50 km, then a week of 100 km, from a Monday so that the
    // fifth week has its 28 days of history.
    let mut runs = Vec::new();
    for week in 0..4 {
        runs.extend([(week, 0, 15.0), (week, 2, 15.0), (week, 4, 20.0)]);
    }
    runs.extend([(4, 0, 30.0), (4, 2, 30.0), (4, 4, 40.0)]);
    let dir = temp_dir();
    let path = write_file(&dir, "reference.csv", csv("date,distance_km", rows(runs)));
    // The log was exported on the fifth week's Sunday: a whole week, not a
    // week so far (its last run is on the Friday).
    let sunday = day(4, 6);
    let weeks = json([
        "weeks".as_ref(),
        path.as_os_str(),
        "--as-of".as_ref(),
        sunday.as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ] as [&std::ffi::OsStr; 6]);
    assert_eq!(weeks.len(), 5);
    let spike = week_row(&weeks, &week_name(4));
    assert_eq!(number(spike, "distance_km"), 100.0);
    assert!((number(spike, "acwr") - 2.0).abs() < 0.005, "{spike}");
    assert!(
        (number(spike, "acwr_coupled") - 1.6).abs() < 0.005,
        "{spike}"
    );
    for before in &weeks[..4] {
        assert!(before["acwr"].is_null(), "{before}");
        assert!(before["acwr_coupled"].is_null(), "{before}");
    }
}
