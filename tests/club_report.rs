//! `runrisk report` on a club log: the overview image (PNG and SVG, for 4
//! and for 30 athletes), `--each` with a report per athlete, and `-o -`
//! refused on a terminal. Logs are built here.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::*;

/// `count` athletes over six weeks; the first drags a foot in the last
/// week, the second doubles it, the rest train calmly.
fn club(names: &[&str]) -> String {
    let mut rows = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let mut runs = calm_runs(0..5);
        match i {
            1 => runs.extend([(5, 0, 12.0), (5, 2, 14.0), (5, 4, 16.0), (5, 6, 18.0)]),
            _ => runs.extend(calm_runs(5..6)),
        }
        for (week, weekday, km) in runs {
            let drag = if i == 0 && week == 5 && weekday == 6 {
                "yes"
            } else {
                ""
            };
            rows.push(format!("{name},{},{km},{drag}", day(week, weekday)));
        }
    }
    csv("athlete,date,distance_km,foot_drag", rows)
}

fn report(dir: &Path, log: &Path, extra: &[&str]) -> Outcome {
    let mut args: Vec<&OsStr> = vec!["report".as_ref(), log.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    let mut command = runrisk();
    command.current_dir(dir).args(args).env_remove("COLUMNS");
    common::finish(command.output().expect("runrisk could not be started"))
}

/// A text element of an SVG as plotters writes it: its text on a line of its own.
fn drawn(text: &str) -> String {
    format!(">\n{text}\n</text>")
}

/// Where each of `names` first appears in `text`.
fn order_of(text: &str, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            text.find(&drawn(n))
                .unwrap_or_else(|| panic!("{n} not drawn"))
        })
        .collect()
}

#[test]
fn a_club_of_four_gets_one_overview_ranked_by_risk() {
    let dir = temp_dir();
    let log = write_file(&dir, "club.csv", club(&["Di", "Bo", "Ann", "Cy"]));
    let png = report(dir.path(), &log, &["-o", "club.png"]);
    png.expect_success();
    assert!(
        png.stderr.contains("club overview of 4 athletes"),
        "{}",
        png.stderr
    );
    let bytes = std::fs::read(dir.path().join("club.png")).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let svg = report(dir.path(), &log, &["-o", "club.svg"]);
    svg.expect_success();
    let text = std::fs::read_to_string(dir.path().join("club.svg")).unwrap();
    assert!(text.contains("CLUB RISK OVERVIEW"));
    assert!(text.contains("SEE A DOCTOR"), "the urgent row says so");
    assert!(text.contains("1 must see a doctor"));
    let at = order_of(&text, &["Di", "Bo", "Ann", "Cy"]);
    assert!(
        at.windows(2).all(|pair| pair[0] < pair[1]),
        "ranked: {at:?}"
    );
}

#[test]
fn a_club_of_thirty_fits_every_athlete_on_the_image() {
    let names: Vec<String> = (1..=30).map(|i| format!("Runner{i:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let dir = temp_dir();
    let log = write_file(&dir, "club.csv", club(&refs));
    let svg = report(dir.path(), &log, &["-o", "club.svg"]);
    svg.expect_success();
    let text = std::fs::read_to_string(dir.path().join("club.svg")).unwrap();
    for name in &refs {
        assert!(text.contains(&drawn(name)), "{name} missing");
    }
    assert!(!text.contains("more athletes at lower risk"));
    // A small image holds fewer rows and says how many more there are.
    let small = report(dir.path(), &log, &["-o", "small.svg", "--size", "1000x750"]);
    small.expect_success();
    let text = std::fs::read_to_string(dir.path().join("small.svg")).unwrap();
    assert!(
        text.contains("more athletes at lower risk"),
        "the rest counted"
    );
    assert!(text.contains(&drawn("Runner01")), "the riskiest shown");
}

#[test]
fn each_writes_a_weekly_report_per_athlete_named_safely() {
    let dir = temp_dir();
    let log = write_file(&dir, "club.csv", club(&["A/B", "A_B", "Cy"]));
    let outcome = report(dir.path(), &log, &["--each", "reports"]);
    outcome.expect_success();
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["A_B-2.png", "A_B.png", "Cy.png"]);
    assert_eq!(
        outcome.stderr.matches("runrisk: wrote").count(),
        3,
        "{}",
        outcome.stderr
    );
}

#[test]
fn one_athlete_of_the_club_gets_the_weekly_report() {
    let dir = temp_dir();
    let log = write_file(&dir, "club.csv", club(&["Di", "Bo"]));
    let outcome = report(dir.path(), &log, &["--athlete", "Bo", "-o", "bo.png"]);
    outcome.expect_success();
    assert!(outcome.stderr.contains("(Bo, "), "{}", outcome.stderr);
}

#[cfg(unix)]
#[test]
fn png_bytes_are_never_dumped_into_a_terminal() {
    let dir = temp_dir();
    let log = write_file(
        &dir,
        "log.csv",
        csv("date,distance_km", rows(calm_runs(0..3))),
    );
    let command = format!(
        "{} report {} -o -",
        env!("CARGO_BIN_EXE_runrisk"),
        log.display()
    );
    // `script` gives the run a terminal for its standard output.
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output();
    let Ok(output) = output else {
        eprintln!("skipped: no `script` to give the run a terminal");
        return;
    };
    let shown = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("standard output, which is a terminal"),
        "{shown}"
    );
    assert!(
        !shown.contains("\u{89}PNG") && !shown.contains("IHDR"),
        "no image bytes: {shown}"
    );
}

#[test]
fn a_quiet_week_fills_its_panel_with_the_week_s_numbers() {
    let dir = temp_dir();
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/marathon-build.csv");
    let quiet = report(dir.path(), &log, &["--week", "2025-W37", "-o", "quiet.svg"]);
    quiet.expect_success();
    let text = std::fs::read_to_string(dir.path().join("quiet.svg")).unwrap();
    assert!(text.contains(&drawn("The week in numbers")), "quiet week");
    assert!(text.contains(&drawn("0.77 (usual 0.8 to 1.3)")));
    let busy = report(dir.path(), &log, &["--week", "2025-W38", "-o", "busy.svg"]);
    busy.expect_success();
    let text = std::fs::read_to_string(dir.path().join("busy.svg")).unwrap();
    assert!(
        !text.contains(&drawn("The week in numbers")),
        "three alerts need the room"
    );
}
