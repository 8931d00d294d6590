//! `--format json`: one JSON array, with the field names of DESIGN.md.

use std::io::Write;

use serde::Serialize;

use super::WeekRow;
use crate::model::Finding;

/// Writes any rows as one pretty-printed JSON array.
pub fn write_array<T: Serialize>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = T>,
) -> std::io::Result<()> {
    let rows: Vec<T> = rows.into_iter().collect();
    // `io::Error::from` keeps the kind of a write error, so a closed pipe stays one.
    serde_json::to_writer_pretty(&mut *out, &rows).map_err(std::io::Error::from)?;
    writeln!(out)
}

/// Writes any rows as JSON lines: one compact object per line, each
/// written as it comes, so a pipeline reads rows while runrisk works.
pub fn write_lines<T: Serialize>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = T>,
) -> std::io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, &row).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Rows written a batch at a time, in either JSON format, so a club's whole
/// log never has to be held as rows: `--format json` gives the same bytes as
/// [`write_array`], `--format jsonl` those of [`write_lines`].
pub enum RowStream {
    /// One pretty-printed array, of which `rows` were written so far.
    Array {
        rows: usize,
    },
    Lines,
}

/// A batch of rows laid out for a [`RowStream`], and how many rows it holds.
pub struct Encoded {
    bytes: Vec<u8>,
    /// Where the batch starts in `bytes`: past the opening bracket of an
    /// array's batch, which is skipped rather than moved out.
    start: usize,
    rows: usize,
}

impl RowStream {
    /// A stream for `--format json` (`lines` false) or `--format jsonl`.
    pub fn new(lines: bool) -> RowStream {
        if lines {
            RowStream::Lines
        } else {
            RowStream::Array { rows: 0 }
        }
    }

    /// A batch of rows laid out for this stream, ready to be written by
    /// [`RowStream::push_encoded`] in its turn: batches can be laid out on
    /// several threads at once. In an array, a batch is laid out as an
    /// array of its own, whose rows are indented as those of the whole
    /// array are, and goes in without its brackets.
    pub fn encode<T: Serialize>(&self, rows: &[T]) -> std::io::Result<Encoded> {
        let mut bytes = Vec::new();
        let mut start = 0;
        match self {
            RowStream::Lines => write_lines(&mut bytes, rows)?,
            RowStream::Array { .. } if rows.is_empty() => {}
            RowStream::Array { .. } => {
                serde_json::to_writer_pretty(&mut bytes, rows).map_err(std::io::Error::from)?;
                bytes.truncate(bytes.len() - "\n]".len());
                start = "[".len();
            }
        }
        Ok(Encoded {
            bytes,
            start,
            rows: rows.len(),
        })
    }

    /// Writes a batch laid out by [`RowStream::encode`].
    pub fn push_encoded(&mut self, out: &mut dyn Write, batch: &Encoded) -> std::io::Result<()> {
        if let RowStream::Array { rows: written } = self {
            if batch.rows == 0 {
                return Ok(());
            }
            out.write_all(if *written == 0 { b"[" } else { b"," })?;
            *written += batch.rows;
        }
        out.write_all(&batch.bytes[batch.start..])
    }

    /// Closes the array: `[]` when no row came, as `write_array` writes it.
    pub fn finish(self, out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            RowStream::Lines => Ok(()),
            RowStream::Array { rows: 0, .. } => writeln!(out, "[]"),
            RowStream::Array { .. } => writeln!(out, "\n]"),
        }
    }
}

pub fn weeks(out: &mut dyn Write, rows: &[WeekRow]) -> std::io::Result<()> {
    write_array(out, rows)
}

pub fn flags<'a>(
    out: &mut dyn Write,
    findings: impl IntoIterator<Item = &'a Finding>,
) -> std::io::Result<()> {
    write_array(out, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `batches` through a [`RowStream`].
    fn streamed(lines: bool, batches: &[Vec<serde_json::Value>]) -> String {
        let mut out = Vec::new();
        let mut stream = RowStream::new(lines);
        for batch in batches {
            let encoded = stream.encode(batch).unwrap();
            stream.push_encoded(&mut out, &encoded).unwrap();
        }
        stream.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rows_written_in_batches_are_the_bytes_of_rows_written_at_once() {
        let row = |n: u32| {
            serde_json::json!({
                "athlete": format!("Runner {n}\nwith a newline"),
                "factors": [{"rule": "no_rest", "points": n}],
                "empty": [],
                "acwr": null,
            })
        };
        let cases: Vec<Vec<Vec<serde_json::Value>>> = vec![
            vec![],
            vec![vec![]],
            vec![vec![row(1)]],
            vec![vec![], vec![row(1)], vec![row(2), row(3)], vec![]],
        ];
        for batches in cases {
            let all: Vec<&serde_json::Value> = batches.iter().flatten().collect();
            let (mut array, mut lines) = (Vec::new(), Vec::new());
            write_array(&mut array, all.iter()).unwrap();
            write_lines(&mut lines, all.iter()).unwrap();
            assert_eq!(streamed(false, &batches), String::from_utf8(array).unwrap());
            assert_eq!(streamed(true, &batches), String::from_utf8(lines).unwrap());
        }
    }
    use crate::model::{Severity, Week};

    #[test]
    fn a_finding_has_the_design_fields() {
        let finding = Finding {
            athlete: None,
            week: Week {
                year: 2025,
                number: 8,
            },
            date: chrono::NaiveDate::from_ymd_opt(2025, 2, 22),
            rule: "mileage_spike",
            severity: Severity::Alert,
            cause: "excessive running",
            message: "m".into(),
            advice: "a".into(),
            evidence: Default::default(),
            evidence_grade: "weak (someone 2020)",
        };
        let mut out = Vec::new();
        flags(&mut out, [&finding]).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let object = &value[0];
        assert_eq!(object["athlete"], serde_json::Value::Null);
        assert_eq!(object["week"], "2025-W08");
        assert_eq!(object["date"], "2025-02-22");
        assert_eq!(object["severity"], "alert");
        for field in ["rule", "cause", "message", "advice", "evidence"] {
            assert!(object.get(field).is_some(), "{field}");
        }
        assert_eq!(object["evidence_grade"], "weak (someone 2020)");
    }
}
