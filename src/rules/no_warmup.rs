//! Hard sessions without a warm-up: the article's prevention advice turned
//! around. Fires for each sprint, hill-repeat or hard-pace run logged with
//! warm-up = no.

use super::{capitalise, day, with_evidence, Rule, Thresholds, Verdict, WeekView};
use crate::model::{Finding, Severity, Strength};

/// This rule has no thresholds.
pub type Limits = super::NoLimits;

pub struct NoWarmup;

impl Rule for NoWarmup {
    fn id(&self) -> &'static str {
        "no_warmup"
    }

    fn title(&self) -> &'static str {
        "No warm-up"
    }

    fn cause(&self) -> &'static str {
        "prevention: warm up first"
    }

    fn evidence(&self) -> &'static str {
        "expert advice"
    }

    fn severities(&self) -> &'static [Severity] {
        &[Severity::Warning]
    }

    fn strength(&self) -> Strength {
        Strength::Weak
    }

    fn thresholds(&self, _limits: &Thresholds) -> String {
        "warning: a hard session (sprints, hill repeats or hard pace) logged with warmup = no"
            .to_string()
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        for (run, facts) in week.runs() {
            if run.warmup != Some(false) {
                continue;
            }
            let what = if facts.sprint_session {
                "sprints"
            } else if run.hill_repeats.unwrap_or(0) > 0 {
                "hill repeats"
            } else if facts.hard {
                "a hard-paced run"
            } else {
                continue;
            };
            let message = || format!(
                "{} on {} without a warm-up",
                capitalise(what),
                day(run.date)
            );
            let advice = || "Before the next hard session, jog 10 to 15 minutes easy and add a few \
                          drills and relaxed strides before the fast part."
                .to_string();
            let finding = week.finding(self, Severity::Warning, Some(run.date), message, advice);
            out.push(with_evidence(finding, &[("run_km", run.distance_km)]));
        }
        Verdict::Checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{last_week, run, worst};

    #[test]
    fn only_hard_sessions_without_warmup() {
        let session = |sprints: Option<u32>, hills: Option<u32>, warmup: Option<bool>| {
            let mut r = run(0, 6.0);
            r.sprints = sprints;
            r.hill_repeats = hills;
            r.warmup = warmup;
            vec![r]
        };
        let cases = [
            (session(Some(8), None, Some(false)), Some(Severity::Warning)),
            (session(None, Some(6), Some(false)), Some(Severity::Warning)),
            (session(Some(8), None, Some(true)), None),
            (session(Some(8), None, None), None),
            (session(None, None, Some(false)), None),
        ];
        for (runs, want) in cases {
            let (found, _) = last_week(&NoWarmup, runs);
            assert_eq!(worst(&found), want);
        }
    }
}
