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

/// Rows written as they come, in either JSON format, so a club's whole log
/// never has to be held as rows: `--format json` gives the same bytes as
/// [`write_array`], `--format jsonl` those of [`write_lines`].
pub enum RowStream {
    /// One pretty-printed array; `element` is reused for each row.
    Array {
        rows: usize,
        element: Vec<u8>,
    },
    Lines,
}

/// The rows of a pretty-printed array are indented by one level.
const ARRAY_INDENT: &[u8] = b"  ";

impl RowStream {
    /// A stream for `--format json` (`lines` false) or `--format jsonl`.
    pub fn new(lines: bool) -> RowStream {
        if lines {
            RowStream::Lines
        } else {
            RowStream::Array {
                rows: 0,
                element: Vec::new(),
            }
        }
    }

    pub fn push<T: Serialize>(&mut self, out: &mut dyn Write, row: &T) -> std::io::Result<()> {
        match self {
            RowStream::Lines => write_lines(out, [row]),
            RowStream::Array { rows, element } => {
                element.clear();
                element.extend_from_slice(if *rows == 0 { b"[\n" } else { b",\n" });
                let start = element.len();
                serde_json::to_writer_pretty(&mut *element, row).map_err(std::io::Error::from)?;
                indent(element, start);
                *rows += 1;
                out.write_all(element)
            }
        }
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

/// Indents the JSON from `start` on by one level. A JSON string never holds a
/// raw newline, so every newline in it starts a line of the layout.
fn indent(json: &mut Vec<u8>, start: usize) {
    let lines = json[start..].iter().filter(|&&b| b == b'\n').count();
    let mut indented = Vec::with_capacity(json.len() - start + (lines + 1) * ARRAY_INDENT.len());
    indented.extend_from_slice(ARRAY_INDENT);
    for &byte in &json[start..] {
        indented.push(byte);
        if byte == b'\n' {
            indented.extend_from_slice(ARRAY_INDENT);
        }
    }
    json.truncate(start);
    json.extend_from_slice(&indented);
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
