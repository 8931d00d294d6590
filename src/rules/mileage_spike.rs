//! Too much too soon: a week far above the weeks before it (the article's
//! "excessive running"). Uses the uncoupled acute:chronic ratio.

use serde::{Deserialize, Serialize};

use super::{floor_tenth, grade, tenth_below, with_evidence, Rule, Thresholds, Verdict, WeekView};
use crate::analysis::calendar::{WeekMetrics, HISTORY_DAYS_FOR_RATIOS};
use crate::analysis::load::CHRONIC_WEEKS;
use crate::model::{Finding, Severity};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Week ÷ mean of the four weeks before, for a warning.
    pub warning: f64,
    /// The same ratio for an alert.
    pub alert: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning: 1.3,
            alert: 1.5,
        }
    }
}

pub struct MileageSpike;

impl Rule for MileageSpike {
    fn id(&self) -> &'static str {
        "mileage_spike"
    }

    fn title(&self) -> &'static str {
        "Weekly distance jump"
    }

    fn cause(&self) -> &'static str {
        "excessive running"
    }

    fn evidence(&self) -> &'static str {
        "moderate, contested (Gabbett 2016; Lolli 2019; Impellizzeri 2020)"
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.mileage_spike;
        format!(
            "week ÷ mean of the {CHRONIC_WEEKS} weeks before: warning ≥ {}, alert ≥ {}; needs {HISTORY_DAYS_FOR_RATIOS} days of log",
            l.warning, l.alert
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let metrics = week.metrics();
        if !metrics.has_ratio_history() {
            return Verdict::InsufficientHistory;
        }
        let (Some(ratio), Some(chronic)) = (metrics.acwr, metrics.chronic_km) else {
            // No distance at all in the four weeks before: nothing to compare with.
            return Verdict::InsufficientHistory;
        };
        let limits = &week.limits.mileage_spike;
        let Some(severity) = grade(ratio, limits.warning, limits.alert) else {
            return Verdict::Checked;
        };
        let next_week_max = next_week_ceiling(&week.timeline.weeks[..=week.index], limits);
        let message = format!(
            "{} this week is {:.2}× your average of {} over the {CHRONIC_WEEKS} weeks before ({} at {}×)",
            week.distance(metrics.distance_km),
            ratio,
            week.distance(chronic),
            severity.name(),
            crossed(severity, limits)
        );
        let advice = format!(
            "Next week, come back to about {} (your average of the {CHRONIC_WEEKS} weeks before was {}) \
             and keep it easy; then build by no more than {:.0}% a week.",
            week.limit(next_week_max),
            week.distance(chronic),
            (STEADY_GROWTH - 1.0) * 100.0
        );
        let finding = week.finding(self, severity, None, message, advice);
        out.push(with_evidence(
            finding,
            &[
                ("distance_km", metrics.distance_km),
                ("chronic_km", chronic),
                ("acwr", ratio),
                ("acwr_coupled", metrics.acwr_coupled.unwrap_or(f64::NAN)),
                ("next_week_max_km", next_week_max),
            ],
        ));
        Verdict::Checked
    }
}

/// The limit the week crossed, for the message: the alert limit for an
/// alert, the warning limit otherwise.
fn crossed(severity: Severity, limits: &Limits) -> f64 {
    match severity {
        Severity::Alert => limits.alert,
        _ => limits.warning,
    }
}

/// A safe weekly step up from the usual load, as a multiple of it.
const STEADY_GROWTH: f64 = 1.1;

/// The most to run next week, given the weeks up to this one: a steady step
/// up from the usual weekly distance (the lower of the mean of the four
/// weeks before this one and of the four ending with it, so neither a spike
/// nor a taper week moves it far), and strictly under the warning ratio next
/// week, whose chronic load is the mean of the four weeks ending with this one.
/// In tenths of a km, rounded down, so running it exactly stays in range.
pub fn next_week_ceiling(weeks: &[WeekMetrics], limits: &Limits) -> f64 {
    let mean_of = |weeks: &[WeekMetrics]| {
        let recent = &weeks[weeks.len().saturating_sub(CHRONIC_WEEKS)..];
        recent.iter().map(|w| w.distance_km).sum::<f64>() / CHRONIC_WEEKS as f64
    };
    let next_chronic = mean_of(weeks);
    let before = mean_of(&weeks[..weeks.len().saturating_sub(1)]);
    let usual = if before > 0.0 {
        before.min(next_chronic)
    } else {
        next_chronic
    };
    floor_tenth(usual * STEADY_GROWTH).min(tenth_below(next_chronic * limits.warning))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{last_week, weekly, worst};

    #[test]
    fn grades_the_ratio_to_the_four_weeks_before() {
        let cases: [(&[f64], Option<Severity>, Verdict); 6] = [
            (
                &[50.0, 50.0, 50.0, 50.0, 100.0],
                Some(Severity::Alert),
                Verdict::Checked,
            ),
            (
                &[50.0, 50.0, 50.0, 50.0, 70.0],
                Some(Severity::Warning),
                Verdict::Checked,
            ),
            (&[50.0, 50.0, 50.0, 50.0, 64.0], None, Verdict::Checked),
            (&[50.0, 50.0, 50.0, 50.0, 30.0], None, Verdict::Checked),
            (
                &[10.0, 10.0, 10.0, 100.0],
                None,
                Verdict::InsufficientHistory,
            ),
            (
                &[0.0, 0.0, 0.0, 0.0, 0.0, 40.0],
                None,
                Verdict::InsufficientHistory,
            ),
        ];
        for (weeks, want, verdict) in cases {
            let mut runs = weekly(weeks);
            runs.retain(|r| r.distance_km > 0.0);
            runs.insert(0, crate::rules::testing::run(0, 1.0));
            let (found, got_verdict) = last_week(&MileageSpike, runs);
            assert_eq!(worst(&found), want, "{weeks:?}");
            assert_eq!(got_verdict, verdict, "{weeks:?}");
        }
    }

    #[test]
    fn advice_names_next_weeks_ceiling() {
        let (found, _) = last_week(&MileageSpike, weekly(&[50.0, 50.0, 50.0, 50.0, 100.0]));
        let f = &found[0];
        assert_eq!(f.evidence.get("next_week_max_km"), Some(55.0));
        assert!(f.advice.contains("about 55.0 km"), "{}", f.advice);
        let (found, _) = last_week(&MileageSpike, weekly(&[29.0, 29.0, 29.0, 29.0, 40.0]));
        let target = found[0].evidence.get("next_week_max_km").unwrap();
        assert!(
            target < 40.0,
            "advice must not ask for more than the spike week: {target}"
        );
        assert!(f.message.contains("2.00×"), "{}", f.message);
    }

    #[test]
    fn message_names_the_limit_the_week_crossed() {
        let cases = [(100.0, "(alert at 1.5×)"), (70.0, "(warning at 1.3×)")];
        for (last, want) in cases {
            let (found, _) = last_week(&MileageSpike, weekly(&[50.0, 50.0, 50.0, 50.0, last]));
            assert!(found[0].message.contains(want), "{}", found[0].message);
        }
    }
}
