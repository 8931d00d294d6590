//! The weekly risk report image, end to end: the binary writes a real PNG or
//! SVG, refuses bad targets without leaving files behind, and the report
//! model agrees with `flags`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use runrisk::model::{Units, Week};
use runrisk::report::weekly::{Report, ReportRequest};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Four calm weeks, then a week that doubles the distance with a long run.
fn risky_log() -> String {
    let mut rows = vec!["date,distance_km,duration,shoe,foot_drag".to_string()];
    let days = ["2025-01-06", "2025-01-08", "2025-01-10", "2025-01-12"];
    for week in 0..6 {
        for (i, day) in days.iter().enumerate() {
            let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap()
                + chrono::Duration::days(7 * week);
            let km = if week == 4 {
                [12.0, 14.0, 12.0, 30.0][i]
            } else {
                [8.0, 10.0, 8.0, 14.0][i]
            };
            let drag = if week == 5 && i == 3 { "yes" } else { "no" };
            let seconds = (km * 330.0) as u32;
            rows.push(format!(
                "{date},{km},{}:{:02},Trainer,{drag}",
                seconds / 60,
                seconds % 60
            ));
        }
    }
    rows.join("\n") + "\n"
}

fn write_log(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("log.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn runrisk() -> Command {
    Command::cargo_bin("runrisk").unwrap()
}

/// `runrisk report LOG -o OUT`, ready for more arguments.
fn report(log: &Path, out: &Path) -> Command {
    let mut command = runrisk();
    command.arg("report").arg(log).arg("-o").arg(out);
    command
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn writes_a_png_of_the_default_and_a_chosen_size() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), &risky_log());
    let out = dir.path().join("week.png");
    report(&log, &out).assert().success();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(PNG_SIGNATURE));
    assert_eq!(png_size(&bytes), (1600, 1200));
    report(&log, &out)
        .args(["--size", "1200x900"])
        .assert()
        .success();
    assert_eq!(png_size(&std::fs::read(&out).unwrap()), (1200, 900));
}

#[test]
fn a_risky_week_looks_different_from_a_quiet_one() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), &risky_log());
    let draw = |week: &str| {
        let out = dir.path().join(format!("{week}.png"));
        report(&log, &out).args(["--week", week]).assert().success();
        std::fs::read(out).unwrap()
    };
    assert_ne!(draw("2025-W06"), draw("2025-W05"));
}

#[test]
fn svg_and_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), &risky_log());
    let svg = dir.path().join("week.svg");
    report(&log, &svg).assert().success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("<svg") && text.contains("SEE A DOCTOR"),
        "{}",
        &text[..200.min(text.len())]
    );
    let output = runrisk()
        .arg("report")
        .arg(&log)
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.starts_with(PNG_SIGNATURE));
}

/// 26 weeks of five runs a week, taking nine shoes in turn.
fn nine_shoe_log() -> String {
    let shoes = [
        "Pegasus 40",
        "Novablast 4",
        "Clifton 9",
        "Speedgoat 5",
        "Kinvara 14",
        "Endorphin Speed 3",
        "Ghost 15",
        "Cloudmonster",
        "Vaporfly 3",
    ];
    let monday = chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    let mut rows = vec!["date,distance_km,shoe".to_string()];
    for week in 0..26 {
        for (i, day) in [0, 1, 3, 4, 6].into_iter().enumerate() {
            let run = week * 5 + i;
            let date = monday + chrono::Duration::days(7 * week as i64 + day);
            let km = 8.0 + (run % 5) as f64;
            rows.push(format!("{date},{km},{}", shoes[run % shoes.len()]));
        }
    }
    rows.join("\n") + "\n"
}

/// Every font-size in an SVG report.
fn svg_font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn no_text_is_smaller_than_16_pixels() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("risky", risky_log()), ("shoes", nine_shoe_log())] {
        let log = dir.path().join(format!("{name}.csv"));
        std::fs::write(&log, text).unwrap();
        for size in ["1600x1200", "1200x900"] {
            let svg = dir.path().join("week.svg");
            report(&log, &svg).args(["--size", size]).assert().success();
            let sizes = svg_font_sizes(&std::fs::read_to_string(&svg).unwrap());
            assert!(!sizes.is_empty());
            let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
            assert!(smallest >= 16.0, "{name} at {size}: {smallest}");
        }
    }
}

#[test]
fn bad_targets_fail_cleanly_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), &risky_log());
    let missing = dir.path().join("no-such-folder").join("week.png");
    report(&log, &missing)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("does not exist"));
    assert!(!missing.exists());
    report(&log, &log).assert().code(2);
    assert_eq!(std::fs::read_to_string(&log).unwrap(), risky_log());
    runrisk()
        .arg("report")
        .arg(&log)
        .args(["-o", "week.jpg"])
        .assert()
        .code(2);
    runrisk()
        .arg("report")
        .arg(&log)
        .args(["--size", "10x10"])
        .assert()
        .code(2);
    runrisk()
        .arg("report")
        .arg(&log)
        .args(["--week", "2031-W01"])
        .assert()
        .code(2);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, vec![std::ffi::OsString::from("log.csv")]);
}

#[test]
fn a_club_log_gets_the_overview_or_one_athlete_s_report() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(
        dir.path(),
        "athlete,date,distance_km\nAnna,2025-01-06,8\nBen,2025-01-07,10\n",
    );
    let out = dir.path().join("r.png");
    report(&log, &out)
        .assert()
        .success()
        .stderr(predicates::str::contains("club overview of 2 athletes"));
    std::fs::remove_file(&out).unwrap();
    report(&log, &out)
        .args(["--athlete", "ben"])
        .assert()
        .success();
    assert!(out.exists());
}

/// The report's findings for a week are exactly what `flags --format json` lists for it.
#[test]
fn the_report_model_matches_flags() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), &risky_log());
    let output = runrisk()
        .arg("flags")
        .arg(&log)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let flags: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let options =
        runrisk::import::ImportOptions::new(chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap());
    let imported = runrisk::import::import(std::slice::from_ref(&log), &options).unwrap();
    let analyses = runrisk::analyse(imported.athletes, &Default::default(), Units::Km);
    for week in ["2025-W06", "2025-W07"] {
        let request = ReportRequest {
            week: Week::parse(week),
            weeks: 26,
            units: Units::Km,
            limits: Default::default(),
        };
        let report = Report::build(&analyses[0], &request).unwrap();
        let mut expected: Vec<(String, String)> = flags
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["week"] == week)
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut listed: Vec<(String, String)> = report
            .findings
            .iter()
            .map(|f| (f.rule.to_string(), f.message.clone()))
            .collect();
        expected.sort();
        listed.sort();
        assert!(!expected.is_empty(), "{week} should have findings");
        assert_eq!(listed, expected, "{week}");
        let urgent = expected.iter().any(|(rule, _)| rule == "see_doctor");
        assert_eq!(report.see_doctor, urgent, "{week}");
    }
}

/// `--fail-on` judges the week the report draws, not the whole log.
#[test]
fn fail_on_judges_the_reported_week() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), &risky_log());
    let out = dir.path().join("r.png");
    let run = |week: &str| {
        report(&log, &out)
            .args(["--week", week, "--fail-on", "alert"])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run("2025-W05"), Some(0), "a quiet week");
    assert_eq!(run("2025-W06"), Some(3), "the spike week");
}

/// Ten years of three runs a week, with a long run that grows and falls back
/// every season so the risk chart has something to show.
fn ten_year_log() -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 5).unwrap();
    let mut rows = vec!["date,distance_km".to_string()];
    for week in 0..520i64 {
        let long = 10.0 + (week % 26) as f64 * 0.6;
        for (day, km) in [(1, 8.0), (3, 9.0), (6, long)] {
            rows.push(format!(
                "{},{km:.1}",
                start + chrono::Duration::days(week * 7 + day)
            ));
        }
    }
    rows.join("\n") + "\n"
}

#[test]
fn a_ten_year_log_reports_its_520_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), &ten_year_log());
    let out = dir.path().join("ten-years.svg");
    report(&log, &out)
        .args(["--weeks", "520"])
        .assert()
        .success();
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("last 520 weeks"), "the title names the window");
    for year in ["2015", "2020", "2024"] {
        assert!(svg.contains(year), "the time axis reaches {year}");
    }
    let png = dir.path().join("ten-years.png");
    report(&log, &png)
        .args(["--weeks", "520"])
        .assert()
        .success();
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (1600, 1200));
}

#[test]
fn findings_left_out_of_the_image_name_the_command_that_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let club = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/club.csv");
    let out = dir.path().join("tom.svg");
    report(&club, &out)
        .args([
            "--athlete",
            "Tom",
            "--week",
            "2025-W39",
            "--size",
            "1200x900",
        ])
        .assert()
        .success();
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        svg.contains("+ 1 more"),
        "the week's info note does not fit"
    );
    assert!(
        svg.contains("runrisk flags --min-severity info"),
        "plain `runrisk flags` hides the info note that was left out"
    );
}

/// The report model of the latest week of `log`, over `weeks` weeks.
fn report_model(log: &Path, weeks: usize) -> Report {
    let options =
        runrisk::import::ImportOptions::new(chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap());
    let imported = runrisk::import::import(&[log.to_path_buf()], &options).unwrap();
    let analyses = runrisk::analyse(imported.athletes, &Default::default(), Units::Km);
    let request = ReportRequest {
        week: None,
        weeks,
        units: Units::Km,
        limits: Default::default(),
    };
    Report::build(&analyses[0], &request).unwrap()
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-logs")
        .join(name)
}

/// The SVG report of `log` with these extra arguments.
fn svg_report(log: &Path, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.svg");
    report(log, &out).args(args).assert().success();
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn every_alert_shows_at_the_smallest_size() {
    let log = sample("marathon-build.csv");
    let model = report_model(&log, 26);
    let alerts: Vec<_> = model
        .findings
        .iter()
        .filter(|f| f.severity >= runrisk::model::Severity::Alert)
        .collect();
    assert!(alerts.len() >= 3, "{alerts:?}");
    let svg = svg_report(&log, &["--size", "1000x750"]);
    for alert in alerts {
        assert!(svg.contains(alert.title), "{} is hidden", alert.title);
    }
    assert!(!svg.contains("more: "), "no alert behind '+ N more'");
}

/// The colour of the usual range of the load ratio (`SAFE_BAND`), and of
/// this week's distance bar, as the SVG writes them.
const SAFE_BAND_FILL: &str = "fill=\"#2EA043\"";
const THIS_WEEK_BAR_FILL: &str = "fill=\"#2D4664\"";

#[test]
fn a_one_week_log_has_no_usual_range_to_compare_with() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(
        dir.path(),
        "date,distance_km\n2025-01-06,8\n2025-01-08,10\n2025-01-11,14\n",
    );
    assert!(report_model(&log, 26)
        .history
        .iter()
        .all(|w| w.acwr.is_none()));
    let svg = svg_report(&log, &[]);
    assert!(!svg.contains(SAFE_BAND_FILL), "a band with no ratio");
    assert!(!svg.contains("usual load ratio") && !svg.contains("load ratio (right"));
}

#[test]
fn the_usual_range_belongs_to_the_ratio_axis() {
    let svg = svg_report(&sample("marathon-build.csv"), &[]);
    assert!(svg.contains("usual load ratio 0.8–1.3 (right axis)"));
    let band = svg.find(SAFE_BAND_FILL).expect("the usual range is drawn");
    let bars = svg.rfind(THIS_WEEK_BAR_FILL).expect("this week's bar");
    assert!(
        band > bars,
        "the band is drawn over the bars, not behind them"
    );
}

/// Three runs a week for `weeks` weeks from Monday `first`.
fn weekly_log(first: &str, weeks: i64) -> String {
    let start = chrono::NaiveDate::parse_from_str(first, "%Y-%m-%d").unwrap();
    let mut rows = vec!["date,distance_km".to_string()];
    for week in 0..weeks {
        for (day, km) in [(1, 8.0), (3, 9.0), (6, 12.0 + (week % 4) as f64)] {
            let date = start + chrono::Duration::days(week * 7 + day);
            rows.push(format!("{date},{km:.1}"));
        }
    }
    rows.join("\n") + "\n"
}

/// The texts of an SVG's <text> elements.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|rest| rest.split_once('>'))
        .map(|(_, rest)| {
            rest.split("</text>")
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn a_year_of_weeks_over_new_year_names_the_years() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), &weekly_log("2024-03-04", 52));
    let svg = svg_report(&log, &["--weeks", "52"]);
    let texts = svg_texts(&svg);
    for year in ["2024", "2025"] {
        let labels = texts
            .iter()
            .filter(|t| t.len() == 8 && t.ends_with(year))
            .count();
        assert!(labels >= 2, "no axis label in {year}: {texts:?}");
    }
}

#[test]
fn the_svg_embeds_the_png_s_fonts() {
    let svg = svg_report(&sample("marathon-build.csv"), &[]);
    let head = &svg[..svg.find("</style>").expect("a <style> element")];
    let opening = svg.find('>').unwrap();
    assert!(
        svg[opening..]
            .trim_start_matches(['>', '\n'])
            .starts_with("<style>"),
        "the style comes right after the opening <svg> tag"
    );
    for weight in ["normal", "bold"] {
        assert!(
            head.contains(&format!(
                "@font-face{{font-family:\"runrisk-sans\";font-weight:{weight};src:url(data:font/ttf;base64,AAEAAA"
            )),
            "no embedded {weight} face"
        );
    }
    let texts = svg.matches("<text").count();
    assert!(texts > 20);
    assert_eq!(svg.matches("font-family=\"runrisk-sans\"").count(), texts);
    assert!(svg.contains("font-weight=\"bold\""));
}

#[test]
fn a_phone_shaped_report_is_drawn_stacked() {
    let dir = tempfile::tempdir().unwrap();
    let log = sample("marathon-build.csv");
    let out = dir.path().join("phone.png");
    report(&log, &out)
        .args(["--size", "1080x1920"])
        .assert()
        .code(0);
    assert_eq!(png_size(&std::fs::read(&out).unwrap()), (1080, 1920));
    let svg = svg_report(&log, &["--size", "1080x1920"]);
    let sizes = svg_font_sizes(&svg);
    let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(smallest >= 16.0, "{smallest}");
    // Stacked: the findings panel's title is above the risk chart's.
    let at = |text: &str| svg.find(text).unwrap_or_else(|| panic!("{text}"));
    assert!(at("This week: what to change") < at("Risk, week by week"));
    runrisk()
        .arg("report")
        .arg(&log)
        .args(["--size", "1000x2100"])
        .assert()
        .code(2);
}

#[test]
fn ten_years_are_drawn_by_month() {
    let svg = svg_report(&sample_ten_years(), &["--weeks", "520"]);
    assert!(svg.contains("Risk by month, each month&apos;s highest week (last 520 weeks)"));
    assert!(svg.contains("Distance per month (km) and load ratio"));
    let bars = svg.matches("fill=\"#7890AA\"").count();
    assert!((100..130).contains(&bars), "{bars} distance bars");
}

fn sample_ten_years() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("runrisk-ten-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    write_log(&dir, &ten_year_log())
}
