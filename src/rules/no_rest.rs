//! Not taking breaks: long streaks of running days, weeks without a rest
//! day, and weeks whose days are all alike (Foster's monotony) while the
//! load is also high for the runner (Foster's strain). It judges the week it
//! advises: a streak that ended and was followed by rest days needs no more
//! rest, and a light week of equal jogs is not a strain.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    capitalise, check_pair, check_positive, day, day_span, with_evidence, Rule, RuleLimits, Thresholds,
    Verdict, WeekView,
};
use crate::model::{Finding, Severity, Strength};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Running days in a row for a warning.
    pub streak_warning_days: u32,
    /// Running days in a row for an alert.
    pub streak_alert_days: u32,
    /// Foster's monotony (mean ÷ spread of daily load, rest days as zero)
    /// above which a week warns, when its strain is also above the usual.
    pub monotony_warning: f64,
    /// Rest days after a streak, in the same week, that are the rest it needed.
    pub rest_days_after_streak: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            streak_warning_days: 7,
            streak_alert_days: 14,
            monotony_warning: 2.0,
            rest_days_after_streak: 2,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        check_pair(
            "no_rest streak_warning_days and streak_alert_days",
            f64::from(self.streak_warning_days),
            f64::from(self.streak_alert_days),
        )?;
        check_positive("no_rest", "monotony_warning", self.monotony_warning)
    }
}

pub struct NoRest;

impl Rule for NoRest {
    fn id(&self) -> &'static str {
        "no_rest"
    }

    fn title(&self) -> &'static str {
        "Not enough rest"
    }

    fn cause(&self) -> &'static str {
        "not taking breaks"
    }

    fn evidence(&self) -> &'static str {
        "consensus (Meeusen 2013, overtraining); Foster 1998 (monotony)"
    }

    fn strength(&self) -> Strength {
        Strength::Consensus
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.no_rest;
        format!(
            "warning: {} or more running days in a row, or no rest day in the week, unless {} rest days \
             followed the streak that week; or monotony > {} while the week's load and strain are above \
             your usual; alert: {} or more days in a row",
            l.streak_warning_days, l.rest_days_after_streak, l.monotony_warning, l.streak_alert_days
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let metrics = week.metrics();
        let limits = &week.limits.no_rest;
        let streak = metrics.longest_streak_days;
        // At most one reason of each kind: room for them all is made at once.
        let mut reasons = Vec::with_capacity(REASON_KINDS);
        let mut rested_since = None;
        if streak >= limits.streak_warning_days {
            let (first, last) = streak_days(week, streak);
            reasons.push(Reason::Streak(first, last));
            let rest_after = rest_days_after(week, last);
            if rest_after >= limits.rest_days_after_streak {
                rested_since = Some((last, rest_after));
            }
        } else if metrics.rest_days == 0 && !metrics.is_partial() {
            reasons.push(Reason::NoRestDay);
        }
        let monotony = metrics.monotony.unwrap_or(0.0);
        if let Some(strain) = high_strain(week) {
            reasons.push(Reason::AllAlike { monotony, strain });
            rested_since = None;
        }
        if reasons.is_empty() {
            return Verdict::Checked;
        }
        let finding = match rested_since {
            Some((last, rest_days)) => self.rested(week, &reasons, last, rest_days),
            None => self.needs_rest(week, &reasons),
        };
        out.push(with_evidence(
            finding,
            &[
                ("streak_days", f64::from(streak)),
                ("rest_days", f64::from(metrics.rest_days)),
                ("monotony", monotony),
                ("strain", metrics.strain.unwrap_or(f64::NAN)),
                ("baseline_strain", metrics.baseline_strain.unwrap_or(f64::NAN)),
            ],
        ));
        Verdict::Checked
    }
}

impl NoRest {
    /// The warning (or alert) for a week that still owes its legs rest.
    fn needs_rest(&self, week: &WeekView, reasons: &[Reason]) -> Finding {
        let metrics = week.metrics();
        let limits = &week.limits.no_rest;
        let severity = if metrics.longest_streak_days >= limits.streak_alert_days {
            Severity::Alert
        } else {
            Severity::Warning
        };
        let no_rest = metrics.longest_streak_days >= limits.streak_warning_days || metrics.rest_days == 0;
        let advice = if no_rest {
            "Take at least one full rest day next week, and two if your legs still feel heavy; \
             rest is when the legs recover from the work."
        } else {
            "Make the days differ next week: one or two clearly easy or short days, one day off, \
             and only one long day."
        };
        let message = || worded(week, reasons);
        week.finding(self, severity, None, message, || advice.to_string())
    }

    /// The `info` note for a streak that ended in the week with rest after it.
    fn rested(&self, week: &WeekView, reasons: &[Reason], last: NaiveDate, rest_days: u32) -> Finding {
        let message = || {
            format!(
                "{}, then {rest_days} rest days from {}: the rest the streak needed",
                worded(week, reasons),
                day(last + Duration::days(1))
            )
        };
        let advice = || {
            "Keep at least one rest day in every week from now on, so the streak does not come \
             back."
                .to_string()
        };
        week.finding(self, Severity::Info, None, message, advice)
    }
}

/// The week's strain when its days are all alike and both its load and its
/// strain are above the runner's usual of the four weeks before; `None`
/// otherwise, or without four weeks of history.
/// Why a week is short of rest, worded only when the finding is.
/// How many kinds of [`Reason`] there are.
const REASON_KINDS: usize = 3;

enum Reason {
    /// The week's longest streak of running days, from its first to its last day.
    Streak(NaiveDate, NaiveDate),
    NoRestDay,
    /// Days all alike in a week above the usual.
    AllAlike { monotony: f64, strain: f64 },
}

/// The reasons of a finding, as its message says them.
fn worded(week: &WeekView, reasons: &[Reason]) -> String {
    let metrics = week.metrics();
    let said: Vec<String> = reasons
        .iter()
        .map(|reason| match reason {
            Reason::Streak(first, last) => format!(
                "{} running days in a row ({})",
                metrics.longest_streak_days,
                day_span(*first, *last)
            ),
            Reason::NoRestDay => "no rest day this week".to_string(),
            Reason::AllAlike { monotony, strain } => format!(
                "days all alike (monotony {monotony:.1}, over {}) in a week above your usual: \
                 strain {strain:.0} against your usual {:.0}",
                week.limits.no_rest.monotony_warning,
                metrics.baseline_strain.unwrap_or(0.0)
            ),
        })
        .collect();
    capitalise(&said.join("; "))
}

fn high_strain(week: &WeekView) -> Option<f64> {
    let metrics = week.metrics();
    let monotony = metrics.monotony?;
    let strain = metrics.strain?;
    let usual_strain = metrics.baseline_strain?;
    let usual_load = metrics.chronic_load?;
    let high = monotony > week.limits.no_rest.monotony_warning
        && metrics.load > usual_load
        && strain > usual_strain;
    high.then_some(strain)
}

/// Rest days in the week after `last`.
fn rest_days_after(week: &WeekView, last: NaiveDate) -> u32 {
    let timeline = week.timeline;
    let from = (last - timeline.start).num_days() as usize + 1;
    let to = ((week.metrics().end() - timeline.start).num_days() as usize + 1).min(timeline.daily_km.len());
    timeline.daily_km[from.min(to)..to].iter().filter(|km| **km == 0.0).count() as u32
}

/// The first and last day of the week's longest streak of running days,
/// which may have started in an earlier week.
fn streak_days(week: &WeekView, streak: u32) -> (NaiveDate, NaiveDate) {
    let timeline = week.timeline;
    let first_day = (week.metrics().start - timeline.start).num_days().max(0) as usize;
    let days = first_day..(first_day + 7).min(timeline.daily_km.len());
    let mut best = (0, first_day);
    for day in days {
        let length = timeline.daily_km[..=day]
            .iter()
            .rev()
            .take_while(|km| **km > 0.0)
            .count();
        if length >= best.0 {
            best = (length, day);
        }
    }
    let last = timeline.start + Duration::days(best.1 as i64);
    (last - Duration::days(i64::from(streak) - 1), last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{last_week, run, worst};

    fn days(
        offsets: impl IntoIterator<Item = i64>,
        km: impl Fn(i64) -> f64,
    ) -> Vec<crate::model::Run> {
        offsets.into_iter().map(|d| run(d, km(d))).collect()
    }

    #[test]
    fn streaks_rest_days_and_monotony() {
        let varied = |d: i64| [6.0, 12.0, 5.0, 9.0, 4.0, 16.0, 7.0][(d % 7) as usize];
        // Four weeks of 40 km on Mon, Wed, Fri and Sun, then the week judged.
        let usual = |last: Vec<crate::model::Run>| {
            let mut runs = days((0..4).flat_map(|w| [0, 2, 4, 6].map(|d| w * 7 + d)), |_| 10.0);
            runs.extend(last.into_iter().map(|mut r| {
                r.date += chrono::Duration::days(28);
                r
            }));
            runs
        };
        let cases: [(Vec<crate::model::Run>, Option<Severity>); 8] = [
            (days([0, 2, 3, 5], varied), None),
            (days(0..7, varied), Some(Severity::Warning)),
            (days(0..14, varied), Some(Severity::Alert)),
            (days([0, 1, 2, 3, 4, 5], varied), None),
            (
                days([0, 1, 2, 3, 4, 5], |_| 10.0),
                None,
            ),
            (
                usual(days([1, 2, 3, 4, 5, 6], |_| 12.0)),
                Some(Severity::Warning),
            ),
            (usual(days([1, 2, 3, 4, 5, 6], |_| 5.0)), None),
            (
                usual(days([-6, -4, -3, -2, -1, 0], |_| 10.0)),
                Some(Severity::Info),
            ),
        ];
        for (runs, want) in cases {
            let (found, verdict) = last_week(&NoRest, runs.clone());
            assert_eq!(
                worst(&found),
                want,
                "{:?}",
                runs.iter().map(|r| r.date).collect::<Vec<_>>()
            );
            assert_eq!(verdict, Verdict::Checked);
        }
    }

    #[test]
    fn a_streak_spanning_weeks_counts_whole() {
        let (found, _) = last_week(&NoRest, days(3..12, |_| 5.0 + 0.0));
        assert!(
            found[0]
                .message
                .contains("9 running days in a row (Thu 9 Jan to Fri 17 Jan)"),
            "{}",
            found[0].message
        );
    }
}
