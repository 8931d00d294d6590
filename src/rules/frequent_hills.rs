//! Frequent hill work: several hill sessions in one week. Downhill running
//! in particular leaves unaccustomed muscles sore (Bontemps 2020).

use serde::{Deserialize, Serialize};

use super::{
    check_pair, check_positive, grade, with_evidence, Rule, RuleLimits, Thresholds, Verdict,
    WeekView,
};
use crate::model::{Finding, Severity, Strength, HILL_CLIMB_M_PER_KM};

/// Hill sessions in a week: two warn, three alert; and the climbing that
/// makes a run a hill session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Sessions in a week that warn.
    pub warning_sessions: u32,
    /// Sessions in a week that alert.
    pub alert_sessions: u32,
    /// Metres climbed per km that make a run a hill session by itself.
    pub climb_m_per_km: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning_sessions: 2,
            alert_sessions: 3,
            climb_m_per_km: HILL_CLIMB_M_PER_KM,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        check_pair(
            "frequent_hills",
            f64::from(self.warning_sessions),
            f64::from(self.alert_sessions),
        )?;
        check_positive("frequent_hills", "climb_m_per_km", self.climb_m_per_km)
    }
}

/// Hill sessions a week more than the runner's mean of the four weeks
/// before that a week must hold before it is unaccustomed.
const HABIT_MARGIN_SESSIONS: f64 = 1.0;

pub struct FrequentHills;

impl Rule for FrequentHills {
    fn id(&self) -> &'static str {
        "frequent_hills"
    }

    fn title(&self) -> &'static str {
        "Frequent hills"
    }

    fn cause(&self) -> &'static str {
        "frequent hill work"
    }

    fn evidence(&self) -> &'static str {
        "weak; unaccustomed downhill running damages muscle (Bontemps 2020)"
    }

    fn strength(&self) -> Strength {
        Strength::Weak
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.frequent_hills;
        format!(
            "hill sessions (hill repeats, or ≥ {} m climbing per km) in a week, when that is more than \
             {HABIT_MARGIN_SESSIONS} above your weekly mean of the 4 weeks before: warning at {}, alert at {} \
             or more; habitual hill weeks, and weeks before 4 weeks of log, are info",
            l.climb_m_per_km, l.warning_sessions, l.alert_sessions
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let limits = &week.limits.frequent_hills;
        let metrics = week.metrics();
        let sessions = metrics.hill_sessions;
        let grading = grade(
            f64::from(sessions),
            f64::from(limits.warning_sessions),
            f64::from(limits.alert_sessions),
        );
        let Some(by_count) = grading else {
            return Verdict::Checked;
        };
        let usual = metrics.baseline_hill_sessions;
        let unaccustomed = usual.is_some_and(|u| f64::from(sessions) > u + HABIT_MARGIN_SESSIONS);
        let severity = if unaccustomed { by_count } else { Severity::Info };
        let days: Vec<&str> = week
            .runs()
            .filter(|(_, facts)| facts.hill_session)
            .map(|(run, _)| super::weekday_name(run.date))
            .collect();
        let before = match usual {
            Some(u) => format!("you averaged {u:.1} a week in the 4 weeks before"),
            None => "too early in the log to tell whether this is usual for you".to_string(),
        };
        let message = || format!("{sessions} hill sessions this week ({}); {before}", days.join(", "));
        let advice = || if severity == Severity::Info && usual.is_some() {
            "Your legs are used to hills; keep an easy, flat day after the hardest one, and run \
             the downhills gently."
        } else {
            "Keep hills to one session next week with an easy day after it, and run the downhills \
             gently: unaccustomed hills make the legs sore for days."
        };
        let finding = week.finding(self, severity, None, message, || advice().to_string());
        out.push(with_evidence(
            finding,
            &[
                ("hill_sessions", f64::from(sessions)),
                ("usual_hill_sessions", usual.unwrap_or(f64::NAN)),
            ],
        ));
        if usual.is_some() {
            Verdict::Checked
        } else {
            Verdict::InsufficientHistory
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Run, Severity};
    use crate::rules::testing::{last_week, run, worst};

    /// Four weeks with `usual` hill sessions each (of three runs a week),
    /// then a week of the given runs.
    fn after_weeks_with(usual: u32, mut last: Vec<Run>) -> Vec<Run> {
        let mut runs: Vec<Run> = (0..4)
            .flat_map(|w| {
                (0..3).map(move |i| {
                    let mut r = run(w * 7 + 2 * i, 10.0);
                    r.elevation_gain_m = Some(if i < i64::from(usual) { 300.0 } else { 0.0 });
                    r
                })
            })
            .collect();
        for (i, r) in last.iter_mut().enumerate() {
            r.date += chrono::Duration::days(28 + 2 * i as i64);
        }
        runs.append(&mut last);
        runs
    }

    #[test]
    fn counts_repeats_and_steep_runs_against_the_runners_habit() {
        let hills = |repeats: u32| {
            let mut r = run(0, 8.0);
            r.hill_repeats = Some(repeats);
            r
        };
        let steep = |gain: f64| {
            let mut r = run(0, 10.0);
            r.elevation_gain_m = Some(gain);
            r
        };
        let cases = [
            (0, vec![hills(6), steep(100.0)], None),
            (0, vec![hills(6), steep(200.0)], Some(Severity::Warning)),
            (
                0,
                vec![hills(6), hills(8), steep(250.0)],
                Some(Severity::Alert),
            ),
            (0, vec![hills(0), steep(0.0)], None),
            (2, vec![hills(6), steep(200.0)], Some(Severity::Info)),
            (2, vec![hills(6), hills(8), steep(250.0)], Some(Severity::Info)),
            (1, vec![hills(6), hills(8), steep(250.0)], Some(Severity::Alert)),
        ];
        for (usual, last, want) in cases {
            let (found, verdict) = last_week(&FrequentHills, after_weeks_with(usual, last));
            assert_eq!(worst(&found), want, "usual {usual}: {found:?}");
            assert_eq!(verdict, Verdict::Checked);
        }
    }

    #[test]
    fn without_four_weeks_of_log_hills_are_only_noted() {
        let mut runs = vec![run(0, 10.0), run(2, 10.0)];
        for r in &mut runs {
            r.hill_repeats = Some(6);
        }
        let (found, verdict) = last_week(&FrequentHills, runs);
        assert_eq!(worst(&found), Some(Severity::Info));
        assert_eq!(verdict, Verdict::InsufficientHistory);
    }
}
