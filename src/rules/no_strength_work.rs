//! Prevention: core strength. The article prevents heavy legs with core
//! and strength work; a log that records such sessions and then goes four
//! weeks without one gets a note. It is `info` only: the evidence is expert
//! advice, and a missing session is not a training error.


use super::{day, with_evidence, Rule, Thresholds, Verdict, WeekView};
use crate::model::{Finding, Severity, Strength};

/// This rule has no thresholds.
pub type Limits = super::NoLimits;

/// Weeks without a core or strength session before the note.
const WEEKS_WITHOUT: i64 = 4;

pub struct NoStrengthWork;

impl Rule for NoStrengthWork {
    fn id(&self) -> &'static str {
        "no_strength_work"
    }

    fn title(&self) -> &'static str {
        "No strength work"
    }

    fn cause(&self) -> &'static str {
        "prevention: core strength"
    }

    fn evidence(&self) -> &'static str {
        "expert advice"
    }

    fn severities(&self) -> &'static [Severity] {
        &[Severity::Info]
    }

    fn strength(&self) -> Strength {
        Strength::Weak
    }

    fn thresholds(&self, _limits: &Thresholds) -> String {
        format!(
            "info only: no core or strength session for {WEEKS_WITHOUT} weeks, in a log that records them"
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let timeline = week.timeline;
        let end = week.metrics().end();
        let last = timeline
            .sessions
            .iter()
            .filter(|s| s.activity.is_core_strength() && s.date <= end)
            .map(|s| s.date)
            .next_back();
        let Some(last) = last else {
            return Verdict::Checked;
        };
        let days = (end - last).num_days();
        if days < WEEKS_WITHOUT * 7 {
            return Verdict::Checked;
        }
        let message = || format!(
            "No core or strength session for {} weeks (the last on {})",
            days / 7,
            day(last)
        );
        let advice = || "Add one or two short core and strength sessions a week (planks, bridges, calf \
                      raises, single-leg squats): strong hips, core and calves keep legs fresher."
            .to_string();
        let finding = week.finding(self, Severity::Info, None, message, advice);
        out.push(with_evidence(finding, &[("days_without", days as f64)]));
        Verdict::Checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Activity;
    use crate::rules::testing::{last_week, run, worst};

    #[test]
    fn notes_four_weeks_without_in_a_log_that_records_them() {
        let core = |day: i64| {
            let mut r = run(day, 0.0);
            r.activity = Activity::Core;
            r
        };
        let runs = |extra: Vec<crate::model::Run>| {
            let mut all: Vec<_> = (0..6).map(|w| run(w * 7, 8.0)).collect();
            all.extend(extra);
            all
        };
        let cases = [
            (runs(vec![]), None),
            (runs(vec![core(1)]), Some(Severity::Info)),
            (runs(vec![core(1), core(30)]), None),
        ];
        for (rows, want) in cases {
            let (found, _) = last_week(&NoStrengthWork, rows);
            assert_eq!(worst(&found), want, "{found:?}");
        }
    }
}
