//! runrisk as the per-partition program of an engine that pipes partitions
//! (Spark's `RDD.pipe`): headerless rows on standard input with `--columns`,
//! `--as-of` so every partition agrees on the log's end, and JSON lines out.
//! Split by athlete, the partitions' lines together are the whole log's.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

const CLUB: &str = include_str!("../sample-logs/club.csv");

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn json_lines_hold_the_same_rows_as_json() {
    for command in ["weeks", "flags", "athletes"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/club.csv");
        let as_json = run([
            command.as_ref(),
            path.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        let as_lines = run([
            command.as_ref(),
            path.as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
        ]);
        let whole = as_json.expect_success().json_array();
        assert!(!whole.is_empty(), "{command}");
        assert_eq!(lines(&as_lines.expect_success().stdout), whole, "{command}");
    }
}

#[test]
fn partitions_by_athlete_give_the_whole_log_s_rows() {
    let mut rows = CLUB.lines();
    let header = rows.next().unwrap();
    let (mut first, mut second) = (String::new(), String::new());
    for row in rows {
        let part = if row.starts_with("Tom,") {
            &mut second
        } else {
            &mut first
        };
        part.push_str(row);
        part.push('\n');
    }
    let last_day = CLUB
        .lines()
        .skip(1)
        .filter_map(|r| r.split(',').nth(1))
        .max()
        .unwrap();
    let partition = |rows: &str, command: &str| {
        let outcome = run_with_stdin(
            [
                command,
                "-",
                "--columns",
                header,
                "--as-of",
                last_day,
                "--format",
                "jsonl",
            ],
            rows,
        );
        lines(&outcome.expect_success().stdout)
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/club.csv");
    for command in ["weeks", "flags"] {
        let whole = run([
            command.as_ref(),
            path.as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
        ]);
        let whole: BTreeSet<String> = lines(&whole.expect_success().stdout)
            .iter()
            .map(Value::to_string)
            .collect();
        let mut merged = partition(&first, command);
        merged.extend(partition(&second, command));
        let merged: BTreeSet<String> = merged.iter().map(Value::to_string).collect();
        assert_eq!(merged, whole, "{command}");
    }
    // athletes: the partitions' rows, re-sorted by risk after the merge, are the whole log's.
    let mut merged = partition(&first, "athletes");
    merged.extend(partition(&second, "athletes"));
    merged.sort_by_key(|r| std::cmp::Reverse(r["risk"].as_u64()));
    let whole = run([
        "athletes".as_ref(),
        path.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(merged, whole.expect_success().json_array());
}
