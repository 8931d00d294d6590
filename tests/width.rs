//! Text output fits the terminal: at COLUMNS=60, 80 and 100, every line of
//! `weeks`, `flags`, `check`, `rules` and `triggers` fits, no word is
//! broken across lines (the words of a narrow run are those of a wide one),
//! and the `weeks` table drops its figures in the documented order.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{finish, runrisk, temp_dir, write_file, Outcome};

/// The widths a terminal is tested at.
const WIDTHS: [usize; 3] = [60, 80, 100];
/// Wider than any layout: the words of every command at full width.
const WIDE: usize = 160;

/// Runs runrisk with `COLUMNS` set, as a terminal of that width would.
fn at(width: usize, args: &[String]) -> Outcome {
    let mut command = runrisk();
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", width.to_string())
        .env_remove("NO_COLOR");
    let outcome = finish(command.output().expect("runrisk could not be started"));
    outcome.expect_success();
    outcome
}

/// A sample log, by its path in the repository (runs start there, so a
/// path is short enough for a line, as a runner's own would be).
fn sample(name: &str) -> PathBuf {
    PathBuf::from("sample-logs").join(name)
}

/// Logs with every rule, athletes, breaks and triggers among them.
fn logs() -> Vec<PathBuf> {
    let mut logs: Vec<PathBuf> = ["marathon-build.csv", "club.csv", "heavy-legs-diary.csv"]
        .iter()
        .map(|name| sample(name))
        .collect();
    let scenarios = PathBuf::from("tests/fixtures/scenarios");
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(&scenarios);
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("the scenarios folder")
        .map(|entry| scenarios.join(entry.expect("a scenario").file_name()))
        .collect();
    found.sort();
    logs.extend(found);
    logs
}

/// Every command that prints text, on one log.
fn commands(log: &std::path::Path) -> Vec<Vec<String>> {
    let log = log.display().to_string();
    let on = |args: &[&str]| -> Vec<String> {
        let mut all = vec![args[0].to_string(), log.clone()];
        all.extend(args[1..].iter().map(|a| a.to_string()));
        all
    };
    vec![
        on(&["weeks"]),
        on(&["weeks", "--units", "mi"]),
        on(&["flags"]),
        on(&["flags", "--min-severity", "info"]),
        on(&["check"]),
        on(&["triggers"]),
    ]
}

/// Text without ANSI colour sequences (none are expected in a pipe).
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            out.push(c);
        }
    }
    out
}

fn assert_fits(what: &str, text: &str, width: usize) {
    for line in plain(text).lines() {
        let length = line.chars().count();
        assert!(
            length <= width,
            "{what} at {width}: a line of {length} characters:\n{line}\n\n{text}"
        );
    }
}

/// How often each word occurs; the ` · ` between a heading's parts is not
/// a word (a heading broken in two loses the one at the break).
fn words(text: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for word in plain(text).split_whitespace().filter(|w| *w != "·") {
        *counts.entry(word.to_string()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn every_line_fits_the_width() {
    for log in logs() {
        for args in commands(&log) {
            for width in WIDTHS {
                let outcome = at(width, &args);
                assert_fits(&format!("{args:?}"), &outcome.stdout, width);
            }
        }
    }
    for width in WIDTHS {
        assert_fits("rules", &at(width, &["rules".to_string()]).stdout, width);
    }
}

#[test]
fn narrow_text_has_the_words_of_wide_text() {
    let mut runs: Vec<Vec<String>> = vec![vec!["rules".to_string()]];
    for log in logs() {
        runs.extend(commands(&log).into_iter().filter(|args| args[0] != "weeks"));
    }
    for args in runs {
        let wide = words(&at(WIDE, &args).stdout);
        for width in WIDTHS {
            let narrow = words(&at(width, &args).stdout);
            assert_eq!(narrow, wide, "{args:?} at {width} and at {WIDE}");
        }
    }
}

/// The figures of `weeks` a narrow terminal drops, first dropped first.
const DROPPED_FIRST: [&str; 7] = ["ewma", "mono", "form", "runs", "acwr", "rest", "long"];
/// What `weeks` always shows.
const KEPT: [&str; 6] = ["week", "dist", "risk", "level", "reasons", "km"];

fn weeks_header(width: usize) -> Vec<String> {
    let args = [
        "weeks".to_string(),
        sample("marathon-build.csv").display().to_string(),
    ];
    let stdout = at(width, &args).stdout;
    let header = stdout.lines().next().unwrap_or("").to_string();
    header.split_whitespace().map(str::to_string).collect()
}

#[test]
fn narrow_weeks_drop_figures_in_the_documented_order() {
    let mut dropped_before = 0;
    for width in [WIDE, 100, 90, 80, 70, 60] {
        let header = weeks_header(width);
        for kept in KEPT {
            assert!(
                header.iter().any(|h| h == kept),
                "{kept} at {width}: {header:?}"
            );
        }
        let shown: Vec<bool> = DROPPED_FIRST
            .iter()
            .map(|name| header.iter().any(|h| h == name))
            .collect();
        let first_kept = shown.iter().position(|s| *s).unwrap_or(shown.len());
        assert!(
            shown[first_kept..].iter().all(|s| *s),
            "at {width} a figure went before one that is dropped first: {header:?}"
        );
        assert!(
            first_kept >= dropped_before,
            "at {width} more figures than wider"
        );
        dropped_before = first_kept;
    }
    assert!(
        weeks_header(60).len() < weeks_header(100).len(),
        "a narrow terminal drops figures"
    );
}

#[test]
fn a_token_longer_than_the_line_is_cut_with_a_mark() {
    let dir = temp_dir();
    let name = "Anna-Katharina-Müller-Lüdenscheidt-von-und-zu-Oberammergau-Garmisch";
    let mut log = String::from("date,distance_km,athlete\n");
    for day in 1..=28 {
        log.push_str(&format!("2025-03-{day:02},{},{name}\n", 5 + day % 4));
    }
    let path = write_file(&dir, "long-name.csv", log);
    for command in ["weeks", "flags", "check"] {
        let args = [command.to_string(), path.display().to_string()];
        let stdout = at(60, &args).stdout;
        assert_fits(command, &stdout, 60);
        if command != "check" {
            assert!(
                stdout.contains('…'),
                "{command}: the name is not cut:\n{stdout}"
            );
        }
    }
}

#[test]
fn without_columns_or_a_terminal_text_is_100_wide() {
    let args = [
        "weeks".to_string(),
        sample("marathon-build.csv").display().to_string(),
    ];
    let mut command = runrisk();
    command.args(&args).current_dir(env!("CARGO_MANIFEST_DIR"));
    let outcome = finish(command.output().expect("runrisk could not be started"));
    assert_eq!(weeks_header(100).join(" "), {
        let header = outcome.stdout.lines().next().unwrap_or("");
        header.split_whitespace().collect::<Vec<_>>().join(" ")
    });
}
