//! Sprinting often: several sprint or strides sessions in a week, or on two
//! days in a row, leaves no time for the legs to recover between them.

use serde::{Deserialize, Serialize};

use super::{check_pair, grade, with_evidence, Rule, RuleLimits, Thresholds, Verdict, WeekView};
use crate::model::{Finding, Severity, Strength};

/// Sprint sessions in a week: two warn (as do two on days in a row), three alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Sessions in a week that warn.
    pub warning_sessions: u32,
    /// Sessions in a week that alert.
    pub alert_sessions: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning_sessions: 2,
            alert_sessions: 3,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        check_pair(
            "frequent_sprints",
            f64::from(self.warning_sessions),
            f64::from(self.alert_sessions),
        )
    }
}

pub struct FrequentSprints;

impl Rule for FrequentSprints {
    fn id(&self) -> &'static str {
        "frequent_sprints"
    }

    fn title(&self) -> &'static str {
        "Frequent sprints"
    }

    fn cause(&self) -> &'static str {
        "sprinting often"
    }

    fn evidence(&self) -> &'static str {
        "weak; expert advice on recovery between fast sessions"
    }

    fn strength(&self) -> Strength {
        Strength::Weak
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.frequent_sprints;
        format!(
            "sprint or strides sessions in a week: warning at {} or on two days in a row, alert at {} or more",
            l.warning_sessions, l.alert_sessions
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let limits = &week.limits.frequent_sprints;
        let metrics = week.metrics();
        let sessions = metrics.sprint_sessions;
        let back_to_back = metrics.sprints_on_consecutive_days;
        let by_count = grade(
            f64::from(sessions),
            f64::from(limits.warning_sessions),
            f64::from(limits.alert_sessions),
        );
        let Some(severity) = by_count.or(back_to_back.then_some(Severity::Warning)) else {
            return Verdict::Checked;
        };
        let days: Vec<&str> = week
            .runs()
            .filter(|(_, facts)| facts.sprint_session)
            .map(|(run, _)| super::weekday_name(run.date))
            .collect();
        let message = || match (sessions, back_to_back) {
            (1, true) => format!(
                "The sprint session on {} came the day after another one",
                days.join(", ")
            ),
            (_, true) => format!(
                "{sessions} sprint sessions this week ({}), two of them on days in a row",
                days.join(", ")
            ),
            _ => format!("{sessions} sprint sessions this week ({})", days.join(", ")),
        };
        let advice = || "Keep sprints or strides to one session next week, with at least two easy \
                      days before the next fast one."
            .to_string();
        let finding = week.finding(self, severity, None, message, advice);
        out.push(with_evidence(
            finding,
            &[
                ("sprint_sessions", f64::from(sessions)),
                ("consecutive_days", f64::from(u8::from(back_to_back))),
            ],
        ));
        Verdict::Checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{last_week, run, worst};

    fn sprints_on(days: &[i64]) -> Vec<crate::model::Run> {
        let mut runs: Vec<_> = (0..14).step_by(3).map(|d| run(d, 6.0)).collect();
        runs.extend(days.iter().map(|d| {
            let mut r = run(*d, 5.0);
            r.sprints = Some(6);
            r
        }));
        runs.sort_by_key(|r| r.date);
        runs
    }

    #[test]
    fn counts_sessions_and_back_to_back_days() {
        let cases: [(&[i64], Option<Severity>); 6] = [
            (&[8], None),
            (&[8, 11], Some(Severity::Warning)),
            (&[7, 9, 11], Some(Severity::Alert)),
            (&[6, 7], Some(Severity::Warning)),
            (&[4, 8], None),
            (&[], None),
        ];
        for (days, want) in cases {
            let (found, _) = last_week(&FrequentSprints, sprints_on(days));
            assert_eq!(worst(&found), want, "{days:?}");
        }
    }
}
