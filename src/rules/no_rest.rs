//! Not taking breaks: long streaks of running days, weeks without a rest day,
//! and weeks whose days are all alike (Foster's monotony).

use serde::{Deserialize, Serialize};

use super::{capitalise, day, with_evidence, Rule, Thresholds, Verdict, WeekView};
use crate::model::{Finding, Severity};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Running days in a row for a warning.
    pub streak_warning_days: u32,
    /// Running days in a row for an alert.
    pub streak_alert_days: u32,
    /// Foster's monotony (mean ÷ spread of daily distance) above which a week warns.
    pub monotony_warning: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            streak_warning_days: 7,
            streak_alert_days: 14,
            monotony_warning: 2.0,
        }
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

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.no_rest;
        format!(
            "warning: {} or more running days in a row, no rest day in the week, or monotony > {}; \
             alert: {} or more days in a row",
            l.streak_warning_days, l.monotony_warning, l.streak_alert_days
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let metrics = week.metrics();
        let limits = &week.limits.no_rest;
        let streak = metrics.longest_streak_days;
        let monotony = metrics.monotony.unwrap_or(0.0);
        let rest = match metrics.rest_days {
            0 => "no rest day this week".to_string(),
            1 => "1 rest day this week".to_string(),
            n => format!("{n} rest days this week"),
        };
        let mut reasons = Vec::new();
        if streak >= limits.streak_warning_days {
            let (first, last) = streak_days(week, streak);
            reasons.push(format!(
                "{streak} running days in a row ({} to {})",
                day(first),
                day(last)
            ));
        } else if metrics.rest_days == 0 {
            reasons.push(rest);
        }
        if monotony > limits.monotony_warning {
            reasons.push(format!(
                "days all alike: monotony {monotony:.1}, over {}",
                limits.monotony_warning
            ));
        }
        if reasons.is_empty() {
            return Verdict::Checked;
        }
        let severity = if streak >= limits.streak_alert_days {
            Severity::Alert
        } else {
            Severity::Warning
        };
        let advice = if streak >= limits.streak_warning_days || metrics.rest_days == 0 {
            "Take at least one full rest day next week, and two if your legs still feel heavy; \
             rest is when the legs recover from the work."
        } else {
            "Make the days differ next week: one or two clearly easy or short days, one day off, \
             and only one long day."
        };
        let message = capitalise(&reasons.join("; "));
        let finding = week.finding(self, severity, None, message, advice.to_string());
        out.push(with_evidence(
            finding,
            &[
                ("streak_days", f64::from(streak)),
                ("rest_days", f64::from(metrics.rest_days)),
                ("monotony", monotony),
            ],
        ));
        Verdict::Checked
    }
}

/// The first and last day of the week's longest streak of running days,
/// which may have started in an earlier week.
fn streak_days(week: &WeekView, streak: u32) -> (chrono::NaiveDate, chrono::NaiveDate) {
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
    let last = timeline.start + chrono::Duration::days(best.1 as i64);
    (last - chrono::Duration::days(i64::from(streak) - 1), last)
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
        let cases: [(Vec<crate::model::Run>, Option<Severity>); 5] = [
            (days([0, 2, 3, 5], varied), None),
            (days(0..7, varied), Some(Severity::Warning)),
            (days(0..14, varied), Some(Severity::Alert)),
            (days([0, 1, 2, 3, 4, 5], |_| 10.0), Some(Severity::Warning)),
            (days([0, 1, 2, 3, 4, 5], varied), None),
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
