//! The output of `runrisk triggers`: a table a runner can read, or the
//! rows of DESIGN.md as CSV (JSON goes through `json::write_array`).

use std::io::Write;

use super::width::write_hanging;
use crate::triggers::{TriggerRow, Triggers, LIKELY_Q, POSSIBLE_Q};

/// Words for a factor in the table.
fn factor_words(factor: &str) -> &str {
    match factor {
        "sprint_session" => "a sprint session",
        "hill_session" => "a hill session",
        "hard_session" => "a hard session",
        "long_run" => "a long run",
        "hard_surface" => "a run on a hard surface",
        "no_warmup" => "a run without warm-up",
        "worn_shoes" => "a run in worn shoes",
        "no_rest_day" => "a 3rd running day in a row",
        "high_load" => "a high-load week",
        other => other,
    }
}

/// Words for leaving a factor out, for the suggested test.
fn leave_out_words(factor: &str) -> &str {
    match factor {
        "sprint_session" => "sprints and strides",
        "hill_session" => "hill sessions",
        "hard_session" => "hard sessions",
        "long_run" => "long runs (keep them shorter)",
        "hard_surface" => "runs on road and concrete",
        "no_warmup" => "runs without a warm-up",
        "worn_shoes" => "your worn shoes",
        "no_rest_day" => "three running days in a row",
        "high_load" => "weeks above your usual load",
        other => other,
    }
}

fn lag_words(lag: usize) -> &'static str {
    match lag {
        0 => "the same day",
        1 => "the day after",
        _ => "two days after",
    }
}

/// A trigger in one sentence, for the report image.
pub fn sentence(row: &TriggerRow) -> String {
    format!(
        "Your legs feel heavier {} {} ({:+.1} of 10; {}).",
        lag_words(row.lag_days),
        factor_words(row.factor),
        row.effect,
        row.verdict
    )
}

/// The table: each athlete's likely and possible triggers first, then how
/// many factors showed no evidence, and how to test a trigger; in lines of
/// at most `width` characters.
pub fn text(out: &mut dyn Write, found: &[Triggers], width: usize) -> std::io::Result<()> {
    let width = super::width::reading(width);
    let write_wrapped = |out: &mut dyn Write, text: &str| write_hanging(out, text, "", 0, width);
    for (i, athlete) in found.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        if let Some(name) = &athlete.athlete {
            let label = "athlete: ";
            let name = crate::words::shown_cut(name, width.saturating_sub(label.len()));
            writeln!(out, "{label}{name}")?;
        }
        if athlete.rows.is_empty() {
            let needed = format!(
                "Not enough heaviness reports yet: {} of the {} needed.",
                athlete.reports,
                athlete.reports + athlete.reports_needed()
            );
            write_wrapped(out, &needed)?;
            continue;
        }
        let shown: Vec<&TriggerRow> = athlete
            .rows
            .iter()
            .filter(|r| r.q_value < POSSIBLE_Q)
            .collect();
        let tested = format!(
            "{} heaviness reports, {} factors and lags tested.",
            athlete.reports,
            athlete.rows.len()
        );
        write_wrapped(out, &tested)?;
        if shown.is_empty() {
            write_wrapped(
                out,
                &format!(
                    "No factor is followed by heavier legs than usual (none reached q < {POSSIBLE_Q})."
                ),
            )?;
            continue;
        }
        for row in &shown {
            write_row(out, row, width)?;
        }
        let top = shown[0];
        let test = format!(
            "To test it: leave out {} for three weeks, keep the rest the same, and compare how \
             your legs feel.",
            leave_out_words(top.factor)
        );
        write_wrapped(out, &test)?;
    }
    if found.iter().all(|t| t.rows.is_empty()) {
        return Ok(());
    }
    write_wrapped(
        out,
        &format!(
            "likely: q < {LIKELY_Q}; possible: q < {POSSIBLE_Q} (false discovery rate over every \
             factor and lag); see docs/triggers.md."
        ),
    )
}

/// Width of the verdict column; a trigger's figures hang under its words.
const VERDICT_WIDTH: usize = 17;

/// One trigger: its verdict and words, then its figures under the words.
fn write_row(out: &mut dyn Write, row: &TriggerRow, width: usize) -> std::io::Result<()> {
    let verdict = format!("{:<VERDICT_WIDTH$}", row.verdict);
    let words = format!(
        "{:+.1} heaviness {} {}",
        row.effect,
        lag_words(row.lag_days),
        factor_words(row.factor)
    );
    write_hanging(out, &words, &verdict, VERDICT_WIDTH, width)?;
    let figures = format!(
        "95% CI {:+.1} to {:+.1}; {} exposures; p = {:.3}, q = {:.3}",
        row.ci_low, row.ci_high, row.exposures, row.p_value, row.q_value
    );
    let indent = " ".repeat(VERDICT_WIDTH);
    write_hanging(out, &figures, &indent, VERDICT_WIDTH, width)
}

/// CSV with the JSON field names as columns.
pub fn csv(out: &mut dyn Write, found: &[Triggers]) -> std::io::Result<()> {
    let io = super::csv::io_error;
    let mut writer = ::csv::Writer::from_writer(out);
    writer
        .write_record([
            "athlete",
            "factor",
            "lag_days",
            "effect",
            "ci_low",
            "ci_high",
            "p_value",
            "q_value",
            "exposures",
            "reports",
            "verdict",
        ])
        .map_err(io)?;
    for row in found.iter().flat_map(|t| &t.rows) {
        writer
            .write_record([
                row.athlete.as_deref().unwrap_or("").to_string(),
                row.factor.to_string(),
                row.lag_days.to_string(),
                row.effect.to_string(),
                row.ci_low.to_string(),
                row.ci_high.to_string(),
                row.p_value.to_string(),
                row.q_value.to_string(),
                row.exposures.to_string(),
                row.reports.to_string(),
                row.verdict.to_string(),
            ])
            .map_err(io)?;
    }
    writer.flush()
}
