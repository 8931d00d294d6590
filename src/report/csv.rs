//! `--format csv`: one header line and a row per week or finding, for
//! spreadsheets. Distances follow `--units`.

use std::io::Write;

use super::{distance_in, WeekRow};
use crate::model::{Finding, Units};

/// A CSV writer's error as the I/O error it wraps, so a closed pipe is still
/// recognised as one.
pub(crate) fn io_error(error: ::csv::Error) -> std::io::Error {
    match error.into_kind() {
        ::csv::ErrorKind::Io(error) => error,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

fn optional(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn weeks(out: &mut dyn Write, rows: &[WeekRow], units: Units) -> std::io::Result<()> {
    let unit = units.abbreviation();
    let mut writer = ::csv::Writer::from_writer(out);
    let header = [
        "athlete".to_string(),
        "week".into(),
        "start".into(),
        format!("distance_{unit}"),
        "runs".into(),
        "rest_days".into(),
        format!("longest_run_{unit}"),
        "acwr".into(),
        "acwr_coupled".into(),
        "acwr_ewma".into(),
        "monotony".into(),
        "risk".into(),
        "level".into(),
        "factors".into(),
        "fitness".into(),
        "fatigue".into(),
        "form".into(),
        "ramp_rate".into(),
        "srpe_load".into(),
        "duration_min".into(),
        "after_break".into(),
        "partial".into(),
    ];
    writer.write_record(&header).map_err(io_error)?;
    for row in rows {
        let factors: Vec<String> = row
            .factors
            .iter()
            .map(|f| format!("{}:{}", f.rule, f.points))
            .collect();
        writer
            .write_record([
                row.athlete.as_deref().unwrap_or("").to_string(),
                row.week.to_string(),
                row.start.to_string(),
                distance_in(units, row.distance_km).to_string(),
                row.runs.to_string(),
                row.rest_days.to_string(),
                distance_in(units, row.longest_run_km).to_string(),
                optional(row.acwr),
                optional(row.acwr_coupled),
                optional(row.acwr_ewma),
                optional(row.monotony),
                row.risk.to_string(),
                row.level.to_string(),
                factors.join(" "),
                row.fitness.to_string(),
                row.fatigue.to_string(),
                row.form.to_string(),
                optional(row.ramp_rate),
                optional(row.srpe_load),
                optional(row.duration_min),
                row.after_break.map(|n| n.to_string()).unwrap_or_default(),
                row.partial.to_string(),
            ])
            .map_err(io_error)?;
    }
    writer.flush()
}

pub fn flags<'a>(
    out: &mut dyn Write,
    findings: impl IntoIterator<Item = &'a Finding>,
) -> std::io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer
        .write_record([
            "athlete",
            "week",
            "date",
            "rule",
            "severity",
            "cause",
            "message",
            "advice",
            "evidence_grade",
        ])
        .map_err(io_error)?;
    for f in findings {
        writer
            .write_record([
                f.athlete.as_deref().unwrap_or(""),
                &f.week.to_string(),
                &f.date.map(|d| d.to_string()).unwrap_or_default(),
                f.rule,
                f.severity.name(),
                f.cause,
                &f.message,
                &f.advice,
                f.evidence_grade,
            ])
            .map_err(io_error)?;
    }
    writer.flush()
}
