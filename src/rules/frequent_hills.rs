//! Frequent hill work: several hill sessions in one week. Downhill running
//! in particular leaves unaccustomed muscles sore (Bontemps 2020).

use serde::{Deserialize, Serialize};

use super::{grade, with_evidence, Rule, Thresholds, Verdict, WeekView};
use crate::model::{Finding, HILL_CLIMB_M_PER_KM};

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
        let sessions = super::SessionLimits::default();
        Limits {
            warning_sessions: sessions.warning_sessions,
            alert_sessions: sessions.alert_sessions,
            climb_m_per_km: HILL_CLIMB_M_PER_KM,
        }
    }
}

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

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.frequent_hills;
        format!(
            "hill sessions (hill repeats, or ≥ {} m climbing per km) in a week: \
             warning at {}, alert at {} or more",
            l.climb_m_per_km, l.warning_sessions, l.alert_sessions
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let limits = &week.limits.frequent_hills;
        let sessions = week.metrics().hill_sessions;
        let grading = grade(
            f64::from(sessions),
            f64::from(limits.warning_sessions),
            f64::from(limits.alert_sessions),
        );
        let Some(severity) = grading else {
            return Verdict::Checked;
        };
        let days: Vec<String> = week
            .runs()
            .filter(|(_, facts)| facts.hill_session)
            .map(|(run, _)| run.date.format("%a").to_string())
            .collect();
        let message = format!("{sessions} hill sessions this week ({})", days.join(", "));
        let advice = "Keep hills to one session next week with an easy day after it, \
                      and run the downhills gently: they make the legs sore for days."
            .to_string();
        let finding = week.finding(self, severity, None, message, advice);
        out.push(with_evidence(
            finding,
            &[("hill_sessions", f64::from(sessions))],
        ));
        Verdict::Checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::testing::{last_week, run, worst};

    #[test]
    fn counts_repeats_and_steep_runs() {
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
            (vec![hills(6), steep(100.0)], None),
            (vec![hills(6), steep(200.0)], Some(Severity::Warning)),
            (
                vec![hills(6), hills(8), steep(250.0)],
                Some(Severity::Alert),
            ),
            (vec![hills(0), steep(0.0)], None),
        ];
        for (mut runs, want) in cases {
            for (i, r) in runs.iter_mut().enumerate() {
                r.date += chrono::Duration::days(2 * i as i64);
            }
            let (found, _) = last_week(&FrequentHills, runs);
            assert_eq!(worst(&found), want);
        }
    }
}
