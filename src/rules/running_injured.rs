//! Running on an injury: the article's muscle injuries and medical
//! conditions. A run logged with leg pain, or with a named injury (a
//! strain, shin splints, tendinitis), is not training through fatigue: the
//! advice is to stop, rest and have it seen.

use serde::{Deserialize, Serialize};

use super::{check_pair, day, with_evidence, Rule, RuleLimits, Thresholds, Verdict, WeekView};
use crate::model::{Finding, Run, Severity, Strength};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Pain (0 to 10) at or above which a run warns.
    pub warning_pain: f64,
    /// Pain at or above which it alerts.
    pub alert_pain: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning_pain: 3.0,
            alert_pain: 7.0,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        check_pair("running_injured", self.warning_pain, self.alert_pain)
    }
}

pub struct RunningInjured;

impl Rule for RunningInjured {
    fn id(&self) -> &'static str {
        "running_injured"
    }

    fn title(&self) -> &'static str {
        "Running injured"
    }

    fn cause(&self) -> &'static str {
        "muscle injury, medical conditions"
    }

    fn evidence(&self) -> &'static str {
        "clinical advice: running on pain or an injury makes it worse and slower to heal"
    }

    fn strength(&self) -> Strength {
        Strength::Consensus
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.running_injured;
        format!(
            "warning: a run with pain {} or more, or a named injury; alert: pain {} or more, or pain \
             or an injury in two weeks in a row",
            l.warning_pain, l.alert_pain
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let limits = &week.limits.running_injured;
        let hurt: Vec<&Run> = week
            .runs()
            .map(|(run, _)| run)
            .filter(|run| is_hurt(run, limits))
            .collect();
        let Some(worst) = hurt
            .iter()
            .max_by(|a, b| a.pain.unwrap_or(0.0).total_cmp(&b.pain.unwrap_or(0.0)))
        else {
            return Verdict::Checked;
        };
        let max_pain = worst.pain.unwrap_or(0.0);
        let week_before = week.index.checked_sub(1).is_some_and(|i| {
            week.timeline
                .runs_in(&week.timeline.weeks[i])
                .any(|(run, _)| is_hurt(run, limits))
        });
        let severity = if max_pain >= limits.alert_pain || week_before {
            Severity::Alert
        } else {
            Severity::Warning
        };
        let message = || {
            let runs: Vec<String> = hurt.iter().map(|run| describe(run)).collect();
            let mut message = format!("You ran hurt: {}", runs.join("; "));
            if week_before {
                message.push_str("; and in the week before too");
            }
            message
        };
        let advice = || "Stop running on it: rest until you can walk, hop and jog without pain, and see \
                      a physiotherapist or doctor. Come back with short easy runs, and stop again \
                      if the pain returns."
            .to_string();
        let finding = week.finding(self, severity, Some(worst.date), message, advice);
        out.push(with_evidence(
            finding,
            &[
                ("max_pain", max_pain),
                ("runs_hurt", hurt.len() as f64),
                ("week_before", f64::from(u8::from(week_before))),
            ],
        ));
        Verdict::Checked
    }
}

fn is_hurt(run: &Run, limits: &Limits) -> bool {
    run.injury.is_some() || run.pain.is_some_and(|p| p >= limits.warning_pain)
}

/// One hurt run in words: `pain 6 on Tue 3 Jun (calf strain)`.
fn describe(run: &Run) -> String {
    let pain = run.pain.map(|p| format!("pain {p} ")).unwrap_or_default();
    let injury = run
        .injury
        .as_deref()
        .map(|i| format!(" ({i})"))
        .unwrap_or_default();
    format!("{pain}on {}{injury}", day(run.date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{last_week, run, worst};

    fn hurt(day: i64, pain: Option<f64>, injury: Option<&str>) -> Run {
        let mut r = run(day, 8.0);
        r.pain = pain;
        r.injury = injury.map(Into::into);
        r
    }

    #[test]
    fn pain_and_named_injuries() {
        let calm = || vec![run(0, 8.0), run(2, 8.0), run(4, 8.0)];
        let cases = [
            (vec![hurt(14, Some(2.0), None)], None),
            (vec![hurt(14, Some(3.0), None)], Some(Severity::Warning)),
            (vec![hurt(14, None, Some("calf strain"))], Some(Severity::Warning)),
            (vec![hurt(14, Some(7.0), None)], Some(Severity::Alert)),
            (
                vec![hurt(8, Some(4.0), None), hurt(14, Some(4.0), None)],
                Some(Severity::Alert),
            ),
        ];
        for (extra, want) in cases {
            let mut runs = calm();
            runs.extend(extra);
            let (found, _) = last_week(&RunningInjured, runs);
            assert_eq!(worst(&found), want, "{found:?}");
        }
        let (found, _) = last_week(&RunningInjured, vec![hurt(0, Some(5.0), Some("shin splints"))]);
        assert!(found[0].message.contains("pain 5 on Mon 6 Jan (shin splints)"), "{}", found[0].message);
        assert!(found[0].advice.contains("physiotherapist"));
    }
}
