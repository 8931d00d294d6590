//! Text from a log never reaches the terminal raw (issue 11, item 8): escape
//! sequences in cells, athlete and shoe names, file and zip entry names are
//! shown escaped (`\x1b`) in messages and text output, and a huge bad value
//! or TOML line is quoted by its start and its size. JSON keeps the text as
//! it was (its encoder escapes it).

mod common;

use common::{run_in, zip_of, Outcome};

/// Sets the window's title, then rings the bell.
const TITLE: &str = "\x1b]0;pwned\x07";
const TITLE_SHOWN: &str = "\\x1b]0;pwned\\x07";
/// Clears the screen.
const CLEAR: &str = "\x1b[2J";
const CLEAR_SHOWN: &str = "\\x1b[2J";
/// Reverses the text after it.
const BIDI: &str = "\u{202e}";
const BIDI_SHOWN: &str = "\\u{202e}";
const ESC: u8 = 0x1b;
/// A value of 20 MB, and the most an error message about it may take.
const HUGE_BYTES: usize = 20_000_000;
const MAX_MESSAGE_BYTES: usize = 1024;

/// Runs runrisk in a folder holding `files`.
fn run_with(files: &[(&str, Vec<u8>)], args: &[&str]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    run_in(dir.path(), args).unwrap()
}

/// Fails unless neither output holds a raw ESC or bidi override, and the
/// escaped forms `shown` appear in one of them.
fn assert_escaped(outcome: &Outcome, shown: &[&str]) {
    for (name, text) in [("stdout", &outcome.stdout), ("stderr", &outcome.stderr)] {
        assert!(
            !text.as_bytes().contains(&ESC) && !text.contains(BIDI),
            "raw control in {name}: {text:?}"
        );
    }
    let both = format!("{}{}", outcome.stdout, outcome.stderr);
    for escaped in shown {
        assert!(both.contains(escaped), "{escaped} not shown in:\n{both}");
    }
}

/// A valid log of two runs, with a hostile athlete and shoe name.
fn named_log() -> Vec<u8> {
    let athlete = format!("Bo{TITLE}");
    let shoe = format!("Peg{CLEAR}asus{BIDI}");
    format!(
        "date,distance_km,shoe,shoe_km,athlete\n\
         2025-01-07,5,{shoe},700,{athlete}\n2025-01-09,6,{shoe},705,{athlete}\n"
    )
    .into_bytes()
}

#[test]
fn escape_sequences_in_bad_cells_are_shown_escaped() {
    let log = format!("date,distance_km,surface\n2025-01-07,{TITLE},road\n2025-01-08,5,{CLEAR}\n");
    let outcome = run_with(&[("log.csv", log.into_bytes())], &["check", "log.csv"]);
    outcome.expect_code(1);
    assert_escaped(&outcome, &[TITLE_SHOWN, CLEAR_SHOWN]);
    assert!(outcome.stderr.contains("log.csv:2: column 'distance_km'"));
}

#[test]
fn hostile_names_are_shown_escaped_in_every_text_output() {
    let athlete = format!("Bo{TITLE_SHOWN}");
    let shoe = format!("Peg{CLEAR_SHOWN}asus{BIDI_SHOWN}");
    let commands: [(&[&str], &[&str]); 4] = [
        (&["weeks", "log.csv"], &[&athlete]),
        (&["flags", "log.csv"], &[&athlete, &shoe]),
        (&["check", "log.csv"], &[&athlete]),
        (&["triggers", "log.csv"], &[&athlete]),
    ];
    for (args, shown) in commands {
        let outcome = run_with(&[("log.csv", named_log())], args);
        outcome.expect_success();
        assert_escaped(&outcome, shown);
    }
    let refused = run_with(
        &[("log.csv", named_log())],
        &["weeks", "log.csv", "--athlete", "Al"],
    );
    refused.expect_code(2);
    assert_escaped(&refused, &[&athlete]);
}

#[test]
fn the_report_names_its_athlete_escaped() {
    let outcome = run_with(
        &[("log.csv", named_log())],
        &["report", "log.csv", "-o", "r.svg"],
    );
    outcome.expect_success();
    assert_escaped(&outcome, &[&format!("Bo{TITLE_SHOWN}")]);
}

#[test]
fn json_keeps_the_names_as_they_were() {
    let outcome = run_with(
        &[("log.csv", named_log())],
        &["weeks", "log.csv", "--format", "json"],
    );
    let rows = outcome.expect_success().json_array();
    assert_eq!(rows[0]["athlete"], format!("Bo{TITLE}"));
    assert!(!outcome.stdout.as_bytes().contains(&ESC));
}

#[test]
fn a_zip_entry_name_in_a_note_is_shown_escaped() {
    let name = format!("{CLEAR}run.gpx");
    let archive = zip_of(&[
        (&name, b"<gpx><trk>broken".as_slice()),
        ("good.csv", b"date,distance_km\n2025-01-07,5\n".as_slice()),
    ]);
    let outcome = run_with(&[("runs.zip", archive)], &["check", "runs.zip"]);
    outcome.expect_success();
    assert_escaped(&outcome, &[&format!("runs.zip/{CLEAR_SHOWN}run.gpx")]);
}

/// Fails unless the run failed with exit 1 and a short message holding
/// every one of `words`.
fn assert_short_failure(outcome: &Outcome, words: &[&str]) {
    outcome.expect_code(1);
    let message = &outcome.stderr;
    assert!(
        message.len() < MAX_MESSAGE_BYTES,
        "{} bytes of message",
        message.len()
    );
    for word in words {
        assert!(message.contains(word), "{word} not in:\n{message}");
    }
}

/// The largest bad cell a CSV row can hold: rows stop at 1 MiB
/// (tests/limits.rs has the rows that go past it).
const LARGEST_CELL_BYTES: usize = 900_000;

#[test]
fn a_huge_bad_cell_is_quoted_by_its_start_and_size() {
    let mut log = b"date,distance_km\n2025-01-07,".to_vec();
    log.extend(std::iter::repeat_n(b'9', LARGEST_CELL_BYTES - 1));
    log.extend(b"x\n");
    let outcome = run_with(&[("log.csv", log)], &["check", "log.csv"]);
    assert_short_failure(
        &outcome,
        &["log.csv:2: column 'distance_km': '999", "…' (900 kB)"],
    );
}

#[test]
fn a_huge_toml_line_is_cut_with_its_size() {
    let mut config = b"[mileage_spike]\nwarning = \"".to_vec();
    config.extend(std::iter::repeat_n(b'w', HUGE_BYTES));
    config.extend(b"\"\n");
    let outcome = run_with(
        &[
            ("log.csv", b"date,distance_km\n2025-01-07,5\n".to_vec()),
            ("limits.toml", config),
        ],
        &["weeks", "log.csv", "--config", "limits.toml"],
    );
    assert_short_failure(
        &outcome,
        &[
            "limits.toml: TOML parse error at line 2",
            "\", expected f64 (20 MB); see `runrisk rules`",
            "w…w",
            " (20 MB)\n",
        ],
    );
}
