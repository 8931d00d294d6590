//! Personal triggers: which habits are followed by heavier legs than usual
//! for this runner. Each factor of DESIGN.md (a sprint session, a hill
//! session, a hard run, ...) is tested at a lag of 0, 1 and 2 days against
//! the heaviness the runner logged.
//!
//! One person's days are not independent: heaviness drifts for weeks and
//! training comes in blocks. So the p-value of each effect comes from every
//! circular shift of the factor series by at least 14 days (which keeps the
//! autocorrelation of both series and breaks only their alignment), the
//! confidence interval from a Newey–West standard error with a 14-day
//! window, and the false discovery rate over every factor and lag tested is
//! controlled by Benjamini–Hochberg. Everything is computed exactly, so the
//! output is the same on every run. docs/triggers.md explains the method.

use std::sync::Arc;

use chrono::Duration;
use serde::Serialize;

use crate::analysis::calendar::streak_lengths;
use crate::analysis::load::median;
use crate::analysis::Timeline;
use crate::rules::Thresholds;

/// Days a report may lag behind the run with the factor.
pub const LAGS: [usize; 3] = [0, 1, 2];
/// A factor and lag is tested only with this many exposed reports ...
pub const MIN_EXPOSURES: usize = 8;
/// ... and this many heaviness reports in all.
pub const MIN_REPORTS: usize = 60;
/// The shortest circular shift of the null: dependence is taken to fade
/// within it, and it is the window of the Newey–West standard error.
pub const MIN_SHIFT_DAYS: usize = 14;
/// q-values under these are likely, and possible, triggers.
pub const LIKELY_Q: f64 = 0.05;
pub const POSSIBLE_Q: f64 = 0.1;
/// A run at least this multiple of the median run of the 28 days before is long.
const LONG_RUN_MULTIPLE: f64 = 1.5;
/// A run on the third running day in a row or later has no rest day before it.
const NO_REST_STREAK_DAYS: u32 = 3;
/// The 7 days up to a run above this multiple of the 28-day weekly mean are a high load.
const HIGH_LOAD_MULTIPLE: f64 = 1.3;
/// Days of the windows of the long-run and high-load factors.
const WINDOW_DAYS: usize = 28;
/// The usual heaviness a report is compared with is the mean of the
/// reports this many days before and after it.
const USUAL_HALF_WINDOW_DAYS: usize = 14;
/// The normal quantile of a 95% confidence interval.
const Z_95: f64 = 1.959_964;

/// The factors of DESIGN.md, in the order they are listed.
pub const FACTORS: [&str; 9] = [
    "sprint_session",
    "hill_session",
    "hard_session",
    "long_run",
    "hard_surface",
    "no_warmup",
    "worn_shoes",
    "no_rest_day",
    "high_load",
];

/// One factor at one lag, as `triggers` prints it. Field names are a contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriggerRow {
    pub athlete: Option<Arc<str>>,
    pub factor: &'static str,
    pub lag_days: usize,
    /// Mean heaviness (0 to 10) of reports `lag_days` after a run with the
    /// factor, minus that of the other reports.
    pub effect: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub p_value: f64,
    pub q_value: f64,
    pub exposures: usize,
    pub reports: usize,
    pub verdict: &'static str,
}

/// What `triggers` found for one athlete.
#[derive(Debug, Clone, PartialEq)]
pub struct Triggers {
    pub athlete: Option<Arc<str>>,
    /// Days with a heaviness report.
    pub reports: usize,
    /// Every factor and lag tested, by q-value then by the size of the effect.
    pub rows: Vec<TriggerRow>,
}

impl Triggers {
    /// Reports still needed before anything can be tested.
    pub fn reports_needed(&self) -> usize {
        MIN_REPORTS.saturating_sub(self.reports)
    }

    /// The strongest likely or possible trigger.
    pub fn top(&self) -> Option<&TriggerRow> {
        self.rows.first().filter(|r| r.q_value < POSSIBLE_Q)
    }
}

/// Finds one athlete's triggers.
pub fn find(timeline: &Timeline, limits: &Thresholds) -> Triggers {
    let heaviness = daily_heaviness(timeline);
    let reports = heaviness.iter().flatten().count();
    let mut rows = Vec::new();
    if reports >= MIN_REPORTS {
        let factors = factor_days(timeline, limits);
        for (factor, days) in FACTORS.iter().zip(&factors) {
            for lag in LAGS {
                if let Some(row) = test(&heaviness, days, lag) {
                    rows.push(TriggerRow {
                        athlete: timeline.athlete.clone(),
                        factor,
                        ..row
                    });
                }
            }
        }
    }
    add_q_values(&mut rows);
    rows.sort_by(|a, b| {
        a.q_value
            .total_cmp(&b.q_value)
            .then(b.effect.abs().total_cmp(&a.effect.abs()))
            .then(a.factor.cmp(b.factor))
            .then(a.lag_days.cmp(&b.lag_days))
    });
    Triggers {
        athlete: timeline.athlete.clone(),
        reports,
        rows,
    }
}

/// Each day's heaviness above the runner's usual of the days around it:
/// the day's mean report minus the mean of the reports within
/// `USUAL_HALF_WINDOW_DAYS` on either side (the day itself left out). A
/// slow drift of the runner's heaviness (a season, a cold month) is not
/// what a trigger is, and left in it makes the days far more alike than
/// they look, so tests on it would find more than is there.
fn daily_heaviness(timeline: &Timeline) -> Vec<Option<f64>> {
    let raw = raw_heaviness(timeline);
    let days = raw.len();
    let mut prefix_sum = vec![0.0; days + 1];
    let mut prefix_count = vec![0usize; days + 1];
    for (d, h) in raw.iter().enumerate() {
        prefix_sum[d + 1] = prefix_sum[d] + h.unwrap_or(0.0);
        prefix_count[d + 1] = prefix_count[d] + usize::from(h.is_some());
    }
    (0..days)
        .map(|d| {
            let h = raw[d]?;
            let from = d.saturating_sub(USUAL_HALF_WINDOW_DAYS);
            let to = (d + USUAL_HALF_WINDOW_DAYS + 1).min(days);
            let count = prefix_count[to] - prefix_count[from] - 1;
            let sum = prefix_sum[to] - prefix_sum[from] - h;
            (count > 0).then(|| h - sum / count as f64)
        })
        .collect()
}

/// Each day's mean heaviness, from runs and other sessions; `None` without a report.
fn raw_heaviness(timeline: &Timeline) -> Vec<Option<f64>> {
    let mut sums = vec![(0.0, 0u32); timeline.daily_km.len()];
    for row in timeline.runs.iter().chain(&timeline.sessions) {
        if let Some(h) = row.heaviness {
            let day = (row.date - timeline.start).num_days() as usize;
            if let Some(slot) = sums.get_mut(day) {
                *slot = (slot.0 + h, slot.1 + 1);
            }
        }
    }
    sums.into_iter()
        .map(|(sum, n)| (n > 0).then(|| sum / f64::from(n)))
        .collect()
}

/// For each factor, the days with a run that has it.
fn factor_days(timeline: &Timeline, limits: &Thresholds) -> Vec<Vec<bool>> {
    let days = timeline.daily_km.len();
    let mut out = vec![vec![false; days]; FACTORS.len()];
    let streaks = streak_lengths(&timeline.daily_km);
    let load = &timeline.daily_load;
    for (index, (run, facts)) in timeline.runs.iter().zip(&timeline.facts).enumerate() {
        let day = (run.date - timeline.start).num_days() as usize;
        let seven: f64 = load[day.saturating_sub(6)..=day].iter().sum();
        let month: f64 = load[day.saturating_sub(WINDOW_DAYS - 1)..=day].iter().sum();
        let has = [
            facts.sprint_session,
            facts.hill_session,
            facts.hard,
            is_long(timeline, index),
            run.surface.is_some_and(|s| s.is_hard()),
            run.warmup == Some(false),
            facts
                .shoe_km_before
                .is_some_and(|km| km >= limits.worn_shoes.warning_km),
            streaks[day] >= NO_REST_STREAK_DAYS,
            day + 1 >= WINDOW_DAYS && seven > HIGH_LOAD_MULTIPLE * month / 4.0,
        ];
        for (series, yes) in out.iter_mut().zip(has) {
            series[day] |= yes;
        }
    }
    out
}

/// A run at least 1.5 times the median run of the 28 days before its day.
fn is_long(timeline: &Timeline, index: usize) -> bool {
    let run = &timeline.runs[index];
    let since = run.date - Duration::days(WINDOW_DAYS as i64);
    let first = timeline.runs.partition_point(|r| r.date < since);
    let mut before: Vec<f64> = timeline.runs[first..index]
        .iter()
        .filter(|r| r.date < run.date)
        .map(|r| r.distance_km)
        .collect();
    median(&mut before).is_some_and(|m| run.distance_km >= LONG_RUN_MULTIPLE * m)
}

/// The test of one factor at one lag, or `None` below the minimums.
fn test(heaviness: &[Option<f64>], factor: &[bool], lag: usize) -> Option<TriggerRow> {
    let days = heaviness.len();
    let exposed_days: Vec<usize> = (0..days).filter(|d| factor[*d]).collect();
    let report = |d: usize| heaviness[d % days];
    let total: f64 = heaviness.iter().flatten().sum();
    let reports = heaviness.iter().flatten().count();
    // The mean difference when the factor series is shifted by `shift` days.
    let effect_at = |shift: usize| -> Option<(f64, usize)> {
        let (mut sum, mut count) = (0.0, 0);
        for d in &exposed_days {
            if let Some(h) = report(d + lag + shift) {
                sum += h;
                count += 1;
            }
        }
        (count > 0 && count < reports).then(|| {
            let others = (total - sum) / (reports - count) as f64;
            (sum / count as f64 - others, count)
        })
    };
    let (effect, exposures) = effect_at(0)?;
    if exposures < MIN_EXPOSURES || reports < MIN_REPORTS || days < 2 * MIN_SHIFT_DAYS + 1 {
        return None;
    }
    let shifts = MIN_SHIFT_DAYS..=days - MIN_SHIFT_DAYS;
    let tried = shifts.clone().count();
    let as_extreme = shifts
        .filter_map(effect_at)
        .filter(|(e, _)| e.abs() >= effect.abs() - 1e-12)
        .count();
    let p_value = (1 + as_extreme) as f64 / (1 + tried) as f64;
    let se = newey_west_se(heaviness, factor, lag);
    Some(TriggerRow {
        athlete: None,
        factor: "",
        lag_days: lag,
        effect: round3(effect),
        ci_low: round3(effect - Z_95 * se),
        ci_high: round3(effect + Z_95 * se),
        p_value: round3(p_value),
        q_value: p_value,
        exposures,
        reports,
        verdict: "",
    })
}

/// The Newey–West standard error of the slope of heaviness on exposure (the
/// mean difference), with Bartlett weights over `MIN_SHIFT_DAYS` days.
fn newey_west_se(heaviness: &[Option<f64>], factor: &[bool], lag: usize) -> f64 {
    let days = heaviness.len();
    let points: Vec<(usize, f64, f64)> = (0..days)
        .filter_map(|d| {
            let h = heaviness[d]?;
            let exposed = factor[(d + days - lag % days) % days];
            Some((d, f64::from(u8::from(exposed)), h))
        })
        .collect();
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.1).sum::<f64>() / n;
    let mean_h = points.iter().map(|p| p.2).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.1 - mean_x).powi(2)).sum();
    if sxx <= 0.0 {
        return f64::NAN;
    }
    let slope = points
        .iter()
        .map(|p| (p.1 - mean_x) * (p.2 - mean_h))
        .sum::<f64>()
        / sxx;
    let scores: Vec<(usize, f64)> = points
        .iter()
        .map(|&(d, x, h)| {
            let residual = h - mean_h - slope * (x - mean_x);
            (d, (x - mean_x) * residual)
        })
        .collect();
    let mut variance = 0.0;
    for (i, (day_i, u_i)) in scores.iter().enumerate() {
        variance += u_i * u_i;
        for (day_j, u_j) in &scores[i + 1..] {
            let apart = day_j - day_i;
            if apart > MIN_SHIFT_DAYS {
                break;
            }
            let weight = 1.0 - apart as f64 / (MIN_SHIFT_DAYS + 1) as f64;
            variance += 2.0 * weight * u_i * u_j;
        }
    }
    variance.max(0.0).sqrt() / sxx
}

/// Benjamini–Hochberg q-values over every row, and each row's verdict.
fn add_q_values(rows: &mut [TriggerRow]) {
    let tests = rows.len();
    // Until here `q_value` holds the exact p-value (`p_value` is rounded).
    let mut order: Vec<usize> = (0..tests).collect();
    order.sort_by(|a, b| rows[*a].q_value.total_cmp(&rows[*b].q_value));
    let mut running_min: f64 = 1.0;
    for (rank, index) in order.iter().enumerate().rev() {
        let q = rows[*index].q_value * tests as f64 / (rank + 1) as f64;
        running_min = running_min.min(q).min(1.0);
        rows[*index].q_value = round3(running_min);
    }
    for row in rows {
        row.verdict = if row.q_value < LIKELY_Q {
            "likely trigger"
        } else if row.q_value < POSSIBLE_Q {
            "possible trigger"
        } else {
            "no evidence"
        };
    }
}

fn round3(value: f64) -> f64 {
    if value.is_finite() {
        (value * 1000.0).round() / 1000.0 + 0.0
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(p: f64) -> TriggerRow {
        TriggerRow {
            athlete: None,
            factor: "sprint_session",
            lag_days: 0,
            effect: 1.0,
            ci_low: 0.0,
            ci_high: 2.0,
            p_value: p,
            q_value: p,
            exposures: 10,
            reports: 100,
            verdict: "",
        }
    }

    #[test]
    fn benjamini_hochberg_by_hand() {
        let mut rows: Vec<TriggerRow> = [0.01, 0.04, 0.03, 0.2].into_iter().map(row).collect();
        add_q_values(&mut rows);
        let q: Vec<f64> = rows.iter().map(|r| r.q_value).collect();
        // Sorted p: 0.01, 0.03, 0.04, 0.2 -> 0.04, 0.053, 0.053, 0.2.
        assert_eq!(q, [0.04, 0.053, 0.053, 0.2]);
        let verdicts: Vec<&str> = rows.iter().map(|r| r.verdict).collect();
        assert_eq!(
            verdicts,
            [
                "likely trigger",
                "possible trigger",
                "possible trigger",
                "no evidence"
            ]
        );
    }

    #[test]
    fn a_circular_shift_test_on_a_planted_effect() {
        // Heaviness 3, and 6 the day after each exposure (every 9th day).
        let days = 200;
        let factor: Vec<bool> = (0..days).map(|d| d % 9 == 0).collect();
        let heaviness: Vec<Option<f64>> = (0..days)
            .map(|d| {
                Some(if d % 9 == 1 {
                    6.0
                } else {
                    3.0 + (d % 4) as f64 * 0.1
                })
            })
            .collect();
        let found = test(&heaviness, &factor, 1).unwrap();
        assert!((found.effect - 2.85).abs() < 0.1, "{found:?}");
        assert!(found.ci_low > 2.0 && found.ci_high < 3.5, "{found:?}");
        let shifts = (days - 2 * MIN_SHIFT_DAYS + 1) as f64;
        assert!(found.p_value <= 2.0 / (1.0 + shifts) + 1e-3, "{found:?}");
        let none = test(&heaviness, &factor, 0).unwrap();
        assert!(none.effect < 0.0 && none.p_value > 0.05, "{none:?}");
        let rare: Vec<bool> = (0..days).map(|d| d == 5).collect();
        assert_eq!(
            test(&heaviness, &rare, 0),
            None,
            "one exposure is not enough"
        );
    }
}
