//! Shoes end to end: one figure per shoe and moment (the finding's distance
//! at the run, the chart's now), shoes not run in for a while retired from
//! the chart and listed by `check`, and shoe names that share a prefix kept
//! apart on the chart.

mod common;

use std::path::Path;

use chrono::{Duration, NaiveDate};
use common::{finish, flags_json, runrisk, temp_dir, write_file};
use runrisk::analysis::shoes::RETIRED_AFTER_DAYS;
use runrisk::model::Units;
use runrisk::report::weekly::{Report, ReportRequest};

/// A run of a test log: day, km, shoe, and the distance given on the shoe.
struct Row {
    date: NaiveDate,
    km: f64,
    shoe: String,
    shoe_km: Option<f64>,
}

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
}

fn csv(rows: &[Row]) -> String {
    let mut text = String::from("date,distance_km,shoe,shoe_km\n");
    for row in rows {
        let given = row.shoe_km.map(|km| km.to_string()).unwrap_or_default();
        text += &format!("{},{},{},{given}\n", row.date, row.km, row.shoe);
    }
    text
}

/// Shoe distances as every output prints them: whole units, rounded down.
fn whole_km(km: f64) -> String {
    format!("{} km", (km + 1e-9).floor())
}

fn svg_report(dir: &Path, log: &Path) -> String {
    let out = dir.join("report.svg");
    let mut command = runrisk();
    command.arg("report").arg(log).arg("-o").arg(&out);
    finish(command.output().unwrap()).expect_success();
    std::fs::read_to_string(out).unwrap()
}

/// The text of every text element of an SVG as plotters writes it.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("</text>")
        .filter_map(|piece| piece.trim_end().rsplit('\n').next())
        .map(|text| text.trim().to_string())
        .collect()
}

fn report_model(log: &Path) -> Report {
    let options = runrisk::import::ImportOptions::new(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap());
    let imported = runrisk::import::import(&[log.to_path_buf()], &options).unwrap();
    let analyses = runrisk::analyse(imported.athletes, &Default::default(), Units::Km);
    let request = ReportRequest {
        week: None,
        weeks: 26,
        units: Units::Km,
        limits: Default::default(),
    };
    Report::build(&analyses[0], &request).unwrap()
}

/// A shoe given at 583.4 km, run every day of one week: it passes 600 km
/// mid-week and is run in after that.
fn crossing_week() -> Vec<Row> {
    let kms = [8.3, 6.2, 9.7, 7.1, 5.6, 12.4, 18.9];
    kms.iter()
        .enumerate()
        .map(|(i, km)| Row {
            date: monday() + Duration::days(i as i64),
            km: *km,
            shoe: "Clifton 9".to_string(),
            shoe_km: (i == 0).then_some(583.4),
        })
        .collect()
}

#[test]
fn the_finding_gives_the_distance_at_the_run_and_the_chart_now() {
    let dir = temp_dir();
    let rows = crossing_week();
    let log = write_file(&dir, "log.csv", csv(&rows));
    let flags = flags_json(&log);
    let worn: Vec<_> = flags.iter().filter(|f| f["rule"] == "worn_shoes").collect();
    assert_eq!(worn.len(), 1, "{flags:?}");
    let at_run = worn[0]["evidence"]["shoe_km"].as_f64().unwrap();
    let message = worn[0]["message"].as_str().unwrap();
    let run_day = NaiveDate::parse_from_str(worn[0]["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert!(
        message.contains(&format!(
            "{} at the run on {}",
            whole_km(at_run),
            run_day.format("%a %-d %b")
        )),
        "{message}"
    );
    let later: f64 = rows
        .iter()
        .filter(|r| r.date >= run_day)
        .map(|r| r.km)
        .sum();
    let worn_km = runrisk::rules::Thresholds::default().worn_shoes.warning_km;
    let mut before = rows[0].shoe_km.unwrap();
    let crossing = rows.iter().position(|r| {
        before += r.km;
        before - r.km >= worn_km
    });
    assert!(
        crossing < Some(rows.len() - 1),
        "more runs come after the one that crossed"
    );
    let now = at_run + later;
    let given = rows[0].shoe_km.unwrap();
    let total: f64 = rows.iter().map(|r| r.km).sum();
    assert!(
        (now - (given + total)).abs() < 1e-6,
        "{now} vs {}",
        given + total
    );

    let report = report_model(&log);
    assert_eq!(report.shoes.len(), 1);
    assert!(
        (report.shoes[0].km - now).abs() < 1e-6,
        "{:?}",
        report.shoes
    );
    let panel = report
        .findings
        .iter()
        .find(|f| f.rule == "worn_shoes")
        .unwrap();
    assert_eq!(
        panel.message, message,
        "the image's findings panel says what flags says"
    );

    let texts = svg_texts(&svg_report(dir.path(), &log));
    let label = format!("{} now", whole_km(now));
    assert!(texts.contains(&label), "no '{label}' in {texts:?}");
}

#[test]
fn a_shoe_not_run_in_for_long_is_retired() {
    let dir = temp_dir();
    let end = monday() + Duration::days(7 * 30 + 6);
    let gone = end - Duration::days(RETIRED_AFTER_DAYS + 30);
    let resting = end - Duration::days(RETIRED_AFTER_DAYS - 30);
    let mut rows = Vec::new();
    let mut date = monday();
    while date <= end {
        let shoe = match date {
            d if d <= gone => "Ghost 14",
            d if d <= resting && d.format("%u").to_string() == "7" => "Kinvara 14",
            _ => "Pegasus 40",
        };
        let shoe_km = (date == monday() && shoe == "Ghost 14").then_some(700.0);
        rows.push(Row {
            date,
            km: 10.0,
            shoe: shoe.to_string(),
            shoe_km,
        });
        date += Duration::days(2);
    }
    let last_ghost = rows.iter().rfind(|r| r.shoe == "Ghost 14").unwrap();
    let ghost_km = 700.0
        + rows
            .iter()
            .filter(|r| r.shoe == "Ghost 14")
            .map(|r| r.km)
            .sum::<f64>();
    let retired_on = last_ghost.date;
    let log = write_file(&dir, "log.csv", csv(&rows));

    let output = finish(runrisk().arg("check").arg(&log).output().unwrap());
    output.expect_success();
    let text = output.stdout.replace('\n', " ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let listed = format!(
        "shoes: 2 in use; retired (no run in {RETIRED_AFTER_DAYS} days): Ghost 14 ({}, last run {})",
        whole_km(ghost_km),
        retired_on.format("%a %-d %b %Y")
    );
    assert!(text.contains(&listed), "no '{listed}' in {text}");

    let names: Vec<_> = report_model(&log)
        .shoes
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert!(!names.iter().any(|n| n == "Ghost 14"), "{names:?}");
    assert!(names.iter().any(|n| n == "Kinvara 14"), "{names:?}");

    let flags = flags_json(&log);
    let nagged: Vec<_> = flags
        .iter()
        .filter(|f| f["rule"] == "worn_shoes" && f["message"].as_str().unwrap().contains("Ghost"))
        .filter(|f| f["date"].as_str().unwrap() > retired_on.to_string().as_str())
        .collect();
    assert!(
        !flags.iter().all(|f| f["rule"] != "worn_shoes"),
        "the Ghost 14 was worn"
    );
    assert!(
        nagged.is_empty(),
        "reminders after the last run: {nagged:?}"
    );
}

/// Whether `text` could stand for `name`: each piece between cut marks is
/// part of the name, in order.
fn stands_for(text: &str, name: &str) -> bool {
    let mut rest = name;
    for piece in text.split('…').map(str::trim).filter(|p| !p.is_empty()) {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// The shoe chart has room for at least this many shoes, the most recent.
const CHART_ROOM: usize = 3;

/// Texts this short (axis numbers) are no shoe's name.
const MIN_NAME_TEXT: usize = 4;

#[test]
fn shoes_sharing_a_prefix_stay_distinct_on_the_chart() {
    let models = ["Edge 2", "Shift 3", "Pro 3", "Pro 4", "Speed 3", "Speed 4"];
    let shoes = models.map(|model| format!("Saucony Endorphin {model}"));
    let rows: Vec<Row> = shoes
        .iter()
        .enumerate()
        .map(|(i, shoe)| Row {
            date: monday() + Duration::days(i as i64),
            km: 10.0,
            shoe: shoe.clone(),
            shoe_km: Some(100.0 * i as f64),
        })
        .collect();
    let dir = temp_dir();
    let log = write_file(&dir, "log.csv", csv(&rows));
    let shown = report_model(&log).shoes;
    let texts: Vec<String> = svg_texts(&svg_report(dir.path(), &log))
        .into_iter()
        .filter(|t| t.chars().count() >= MIN_NAME_TEXT)
        .collect();
    assert!(shown.len() >= CHART_ROOM, "{shown:?}");
    for shoe in shoes.iter().rev().take(CHART_ROOM) {
        let only_this = texts
            .iter()
            .any(|t| stands_for(t, shoe) && shoes.iter().filter(|s| stands_for(t, s)).count() == 1);
        assert!(
            only_this,
            "no name drawn stands for {shoe} alone: {texts:?}"
        );
    }
}
