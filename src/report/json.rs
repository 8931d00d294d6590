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
