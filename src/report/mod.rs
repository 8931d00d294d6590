//! Turning analyses into what the user asked for: the rows of `weeks` and
//! `flags` (one model shared by text, JSON and CSV), and the weekly risk
//! report image. Writers take any `io::Write`, so tests need no files.

pub mod athletes;
pub mod check;
mod cleanup;
pub mod club;
pub mod csv;
pub mod flags_text;
pub mod json;
mod json_object;
pub mod output;
pub mod png;
pub mod rules;
pub mod short_names;
pub mod text;
pub mod triggers;
pub mod weekly;
pub mod width;

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{name_key, Factor, Finding, Level, Severity, Units, Week};
use crate::AthleteAnalysis;

/// Which weeks and athletes the user wants to see. The analysis always uses
/// the whole log, so a week's ratios are right even when earlier weeks are
/// not shown.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The athletes asked for with `--athlete` (any of them); all when empty.
    pub athletes: Vec<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Selection {
    /// Nothing chosen: every athlete, every week.
    pub fn is_all(&self) -> bool {
        self.athletes.is_empty() && self.since.is_none() && self.until.is_none()
    }

    pub fn wants_athlete(&self, athlete: Option<&str>) -> bool {
        if self.athletes.is_empty() {
            return true;
        }
        athlete.is_some_and(|name| {
            self.athletes
                .iter()
                .any(|wanted| name_key(wanted) == name_key(name))
        })
    }

    /// A week is shown when any of its days falls in the range.
    pub fn wants_week(&self, start: NaiveDate) -> bool {
        let end = start + chrono::Duration::days(6);
        self.since.is_none_or(|since| end >= since) && self.until.is_none_or(|until| start <= until)
    }

    pub fn athletes<'a>(
        &'a self,
        analyses: &'a [AthleteAnalysis],
    ) -> impl Iterator<Item = &'a AthleteAnalysis> {
        analyses
            .iter()
            .filter(|a| self.wants_athlete(a.timeline.athlete.as_deref()))
    }
}

/// Output formats of `weeks` and `flags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    /// One JSON object per line, streamed: for engines that pipe partitions.
    Jsonl,
    Csv,
}

/// One athlete's ISO week, as `weeks` prints it. Field names are a contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekRow {
    pub athlete: Option<Arc<str>>,
    pub week: Week,
    pub start: NaiveDate,
    pub distance_km: f64,
    pub runs: usize,
    pub rest_days: u32,
    pub longest_run_km: f64,
    pub acwr: Option<f64>,
    pub acwr_coupled: Option<f64>,
    pub acwr_ewma: Option<f64>,
    pub monotony: Option<f64>,
    pub risk: u32,
    pub level: Level,
    pub factors: Vec<Factor>,
    pub strain: Option<f64>,
    pub streak_days: u32,
    pub hard_surface_share: Option<f64>,
    pub hard_pace_share: Option<f64>,
    pub hill_sessions: u32,
    pub sprint_sessions: u32,
    /// Mean of the logged leg heaviness (0 to 10) of the week's runs.
    pub heaviness: Option<f64>,
    /// Fitness, fatigue and form on the week's Sunday, on the chosen load.
    pub fitness: f64,
    pub fatigue: f64,
    pub form: f64,
    /// Fitness minus last week's; null for the first week.
    pub ramp_rate: Option<f64>,
    /// RPE × minutes of the runs that log both; null when none does.
    pub srpe_load: Option<f64>,
    /// Minutes of the runs with a time; null when none has one.
    pub duration_min: Option<f64>,
    /// The n-th week back after a break of 14 days or more; null otherwise.
    pub after_break: Option<u32>,
    /// Core and strength sessions of the week.
    pub strength_sessions: u32,
    /// The last week of a log that ends before its Sunday, judged on the days logged.
    pub partial: bool,
    /// The strongest leg pain logged on a run of the week (0 to 10).
    pub max_pain: Option<f64>,
}

/// Rounds to two decimals, the precision every output shows. Adding zero
/// turns -0.0 (an empty sum, or a tiny negative rounded) into 0.0, so no
/// output says `-0.0`.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0 + 0.0
}

fn round_opt(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite()).map(round2)
}

/// The rows of `weeks`: every selected week of every selected athlete.
pub fn week_rows(analyses: &[AthleteAnalysis], selection: &Selection) -> Vec<WeekRow> {
    let weeks = selection.athletes(analyses).map(|a| a.timeline.weeks.len());
    let mut rows = Vec::with_capacity(weeks.sum());
    for analysis in selection.athletes(analyses) {
        for (week, risk) in analysis.timeline.weeks.iter().zip(&analysis.risks) {
            if !selection.wants_week(week.start) {
                continue;
            }
            let timeline = &analysis.timeline;
            let (heaviness_sum, reports) = timeline
                .runs_in(week)
                .map(|(run, _)| run)
                .chain(&timeline.sessions[week.sessions.clone()])
                .filter_map(|row| row.heaviness)
                .fold((0.0, 0usize), |(sum, n), h| (sum + h, n + 1));
            let max_pain = timeline
                .runs_in(week)
                .filter_map(|(run, _)| run.pain)
                .reduce(f64::max);
            rows.push(WeekRow {
                athlete: analysis.timeline.athlete.clone(),
                week: week.week,
                start: week.start,
                distance_km: round2(week.distance_km),
                runs: week.runs.len(),
                rest_days: week.rest_days,
                longest_run_km: round2(week.longest_run_km),
                acwr: round_opt(week.acwr),
                acwr_coupled: round_opt(week.acwr_coupled),
                acwr_ewma: round_opt(week.acwr_ewma),
                monotony: round_opt(week.monotony),
                risk: risk.score,
                level: risk.level,
                factors: risk.factors.clone(),
                strain: round_opt(week.strain),
                streak_days: week.longest_streak_days,
                hard_surface_share: round_opt(week.hard_surface_share()),
                hard_pace_share: round_opt(week.hard_share()),
                hill_sessions: week.hill_sessions,
                sprint_sessions: week.sprint_sessions,
                heaviness: round_opt((reports > 0).then(|| heaviness_sum / reports as f64)),
                fitness: round2(week.fitness),
                fatigue: round2(week.fatigue),
                form: round2(week.form),
                ramp_rate: round_opt(week.ramp_rate),
                srpe_load: round_opt(week.srpe_load),
                duration_min: round_opt(week.duration_min),
                after_break: week.after_break(),
                strength_sessions: week.core_strength_sessions,
                max_pain,
                partial: week.is_partial(),
            });
        }
    }
    rows
}

/// The findings `flags` prints: every selected finding at or above `min`.
pub fn flag_rows<'a>(
    analyses: &'a [AthleteAnalysis],
    selection: &'a Selection,
    min: Severity,
) -> impl Iterator<Item = &'a Finding> {
    selection.athletes(analyses).flat_map(move |analysis| {
        analysis
            .findings
            .iter()
            .filter(move |f| f.severity >= min && selection.wants_week(f.week.monday()))
    })
}

/// The unit columns and figures are shown in.
pub fn distance_in(units: Units, km: f64) -> f64 {
    round2(units.from_km(km))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_never_gives_negative_zero() {
        let cases = [(-0.0, 0.0), (-0.001, 0.0), (1.234, 1.23), (-1.236, -1.24)];
        for (value, want) in cases {
            let got = round2(value);
            assert_eq!(got, want, "{value}");
            assert_eq!(got.is_sign_negative(), want < 0.0, "{value} gave {got}");
        }
    }
}
