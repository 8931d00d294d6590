//! Intense running: too much of the week's distance at hard pace, where hard
//! means at least 10% faster than the runner's own easy pace.

use serde::{Deserialize, Serialize};

use super::{grade_above, with_evidence, Rule, Thresholds, Verdict, WeekView};
use crate::analysis::calendar::{EASY_PACE_WINDOW_DAYS, HARD_PACE_MARGIN, HISTORY_DAYS_FOR_RATIOS};
use crate::model::Finding;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Share of the week's paced distance at hard pace above which it warns.
    pub warning_share: f64,
    /// Share above which it alerts.
    pub alert_share: f64,
    /// A run is hard when its pace is at least this share faster than easy pace.
    pub hard_pace_margin: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning_share: 0.25,
            alert_share: 0.40,
            hard_pace_margin: HARD_PACE_MARGIN,
        }
    }
}

pub struct HighIntensity;

impl Rule for HighIntensity {
    fn id(&self) -> &'static str {
        "high_intensity"
    }

    fn title(&self) -> &'static str {
        "Too much hard running"
    }

    fn cause(&self) -> &'static str {
        "intense running"
    }

    fn evidence(&self) -> &'static str {
        "weak for injury (Ramskov 2018); the 80/20 habit of endurance athletes (Seiler 2010)"
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.high_intensity;
        format!(
            "share of the week's distance at hard pace (≥ {:.0}% faster than your median pace of the \
             {EASY_PACE_WINDOW_DAYS} days before): warning > {:.0}%, alert > {:.0}%; needs {HISTORY_DAYS_FOR_RATIOS} days of log",
            l.hard_pace_margin * 100.0,
            l.warning_share * 100.0,
            l.alert_share * 100.0
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let metrics = week.metrics();
        let paced_run = week.runs().any(|(run, _)| run.pace_s_per_km().is_some());
        if !metrics.has_ratio_history() || (paced_run && metrics.paced_km == 0.0) {
            return if paced_run {
                Verdict::InsufficientHistory
            } else {
                Verdict::Checked
            };
        }
        let Some(share) = metrics.hard_pace_share() else {
            return Verdict::Checked;
        };
        let limits = &week.limits.high_intensity;
        let Some(severity) = grade_above(share, limits.warning_share, limits.alert_share) else {
            return Verdict::Checked;
        };
        let easy = week
            .runs()
            .filter_map(|(_, facts)| facts.easy_pace_s_per_km)
            .last()
            .unwrap_or(f64::NAN);
        let message = format!(
            "{} of {} ({:.0}%) was at hard pace ({} or faster; your easy pace is {})",
            week.distance(metrics.hard_pace_km),
            week.distance(metrics.paced_km),
            share * 100.0,
            week.pace(easy * (1.0 - limits.hard_pace_margin)),
            week.pace(easy)
        );
        let advice = format!(
            "Next week, make one session hard at most and run the rest at {} or slower, \
             so that about 80% of your distance is easy.",
            week.pace(easy)
        );
        let finding = week.finding(self, severity, None, message, advice);
        out.push(with_evidence(
            finding,
            &[
                ("hard_km", metrics.hard_pace_km),
                ("paced_km", metrics.paced_km),
                ("hard_share", share),
                ("easy_pace_s_per_km", easy),
            ],
        ));
        Verdict::Checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::testing::{last_week, weekly, worst};

    /// Five weeks of three 10 km runs at 5:00/km, then the last week's runs
    /// at the given paces (seconds per km).
    fn with_last_week(paces: [f64; 3]) -> Vec<crate::model::Run> {
        let mut runs = weekly(&[30.0; 5]);
        let last = runs.len() - 3;
        for (i, r) in runs.iter_mut().enumerate() {
            let pace = if i >= last { paces[i - last] } else { 300.0 };
            r.duration_s = Some(pace * r.distance_km);
        }
        runs
    }

    #[test]
    fn grades_the_share_at_hard_pace() {
        let cases = [
            ([300.0, 300.0, 300.0], None),
            ([300.0, 300.0, 275.0], None),
            ([300.0, 300.0, 265.0], Some(Severity::Warning)),
            ([300.0, 260.0, 265.0], Some(Severity::Alert)),
        ];
        for (paces, want) in cases {
            let (found, verdict) = last_week(&HighIntensity, with_last_week(paces));
            assert_eq!(worst(&found), want, "{paces:?}");
            assert_eq!(verdict, Verdict::Checked);
        }
    }

    #[test]
    fn the_first_weeks_are_not_judged() {
        let mut runs = weekly(&[30.0, 30.0]);
        for r in &mut runs {
            r.duration_s = Some(250.0 * r.distance_km);
        }
        let (found, verdict) = last_week(&HighIntensity, runs);
        assert!(found.is_empty());
        assert_eq!(verdict, Verdict::InsufficientHistory);
    }

    #[test]
    fn advice_gives_the_easy_pace() {
        let (found, _) = last_week(&HighIntensity, with_last_week([260.0, 260.0, 260.0]));
        assert!(found[0].advice.contains("5:00/km"), "{}", found[0].advice);
    }
}
