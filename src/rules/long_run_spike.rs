//! A single run much longer than any in the month before it: the error with
//! the strongest evidence for runners (Frandsen et al., BJSM 2025).

use serde::{Deserialize, Serialize};

use super::{day, floor_tenth, grade_above, with_evidence, Rule, Thresholds, Verdict, WeekView};
use crate::analysis::calendar::{HISTORY_DAYS_FOR_RATIOS, LONG_RUN_WINDOW_DAYS};
use crate::model::Finding;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// A run over this multiple of the longest run in the 30 days before warns.
    pub warning: f64,
    /// Over this multiple it alerts.
    pub alert: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning: 1.1,
            alert: 1.3,
        }
    }
}

pub struct LongRunSpike;

impl Rule for LongRunSpike {
    fn id(&self) -> &'static str {
        "long_run_spike"
    }

    fn title(&self) -> &'static str {
        "Long run jump"
    }

    fn cause(&self) -> &'static str {
        "excessive running"
    }

    fn evidence(&self) -> &'static str {
        "strongest for runners (Frandsen et al., BJSM 2025: hazard ratio 1.64 at +10-30%, 2.28 above +100%)"
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.long_run_spike;
        format!(
            "a run over {:.0}% of the longest run in the {LONG_RUN_WINDOW_DAYS} days before warns, over {:.0}% \
             alerts; needs {HISTORY_DAYS_FOR_RATIOS} days of log and a run in those {LONG_RUN_WINDOW_DAYS} days",
            l.warning * 100.0,
            l.alert * 100.0
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let limits = &week.limits.long_run_spike;
        if !week.metrics().has_ratio_history() {
            return Verdict::InsufficientHistory;
        }
        let mut unjudged = false;
        for (run, facts) in week.runs() {
            let Some(longest) = facts.longest_before_km else {
                unjudged |= run.distance_km > 0.0;
                continue;
            };
            let ratio = run.distance_km / longest;
            let Some(severity) = grade_above(ratio, limits.warning, limits.alert) else {
                continue;
            };
            let ceiling = long_run_ceiling(longest, limits);
            let message = format!(
                "Your {} run on {} was {:.0}% longer than your longest run of the {LONG_RUN_WINDOW_DAYS} days before ({})",
                week.distance(run.distance_km),
                day(run.date),
                (ratio - 1.0) * 100.0,
                week.distance(longest)
            );
            let advice = format!(
                "Keep your long runs at or under {} for the next two weeks instead of building on this one, \
                 then lengthen them by {:.0}% or less at a time.",
                week.limit(ceiling),
                (limits.warning - 1.0) * 100.0
            );
            let finding = week.finding(self, severity, Some(run.date), message, advice);
            out.push(with_evidence(
                finding,
                &[
                    ("run_km", run.distance_km),
                    ("longest_before_km", longest),
                    ("increase_pct", (ratio - 1.0) * 100.0),
                    ("next_long_run_max_km", ceiling),
                ],
            ));
        }
        if unjudged {
            Verdict::InsufficientHistory
        } else {
            Verdict::Checked
        }
    }
}

/// The longest run to do next, given the longest of the last 30 days: as
/// far over it as the warning allows, in tenths of a km rounded down.
pub fn long_run_ceiling(longest_km: f64, limits: &Limits) -> f64 {
    floor_tenth(longest_km * limits.warning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::testing::{last_week, run, worst};

    #[test]
    fn grades_a_run_against_the_month_before() {
        let cases = [
            (10.0, 10.9, None),
            (10.0, 11.5, Some(Severity::Warning)),
            (10.0, 13.0, Some(Severity::Warning)),
            (10.0, 13.5, Some(Severity::Alert)),
            (10.0, 25.0, Some(Severity::Alert)),
        ];
        for (before, now, want) in cases {
            let (found, verdict) = last_week(
                &LongRunSpike,
                vec![run(0, 5.0), run(20, before), run(34, now)],
            );
            assert_eq!(worst(&found), want, "{before} then {now}");
            assert_eq!(verdict, Verdict::Checked);
        }
    }

    #[test]
    fn a_run_after_a_month_off_has_nothing_to_compare_with() {
        let (found, verdict) = last_week(&LongRunSpike, vec![run(0, 5.0), run(35, 20.0)]);
        assert!(found.is_empty());
        assert_eq!(verdict, Verdict::InsufficientHistory);
        let (found, verdict) = last_week(&LongRunSpike, vec![run(0, 5.0), run(3, 20.0)]);
        assert!(found.is_empty());
        assert_eq!(verdict, Verdict::InsufficientHistory);
    }

    #[test]
    fn advice_gives_the_ceiling() {
        let (found, _) = last_week(
            &LongRunSpike,
            vec![run(0, 5.0), run(20, 20.0), run(33, 30.0)],
        );
        assert!(found[0].advice.contains("22.0 km"), "{}", found[0].advice);
        assert!(
            found[0].message.contains("50% longer"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].date, Some(run(33, 0.0).date));
    }
}
