//! A single run much longer than any in the month before it: the error with
//! the strongest evidence for runners (Frandsen et al., BJSM 2025). On the
//! way back from a break, the month before holds the break, so a run is
//! compared with the longest run before the break scaled by the return ramp.
//! A race is a planned effort: its own jump is `info`, with recovery advice.

use serde::{Deserialize, Serialize};

use super::{
    check_multiple, check_pair, check_positive, day, floor_tenth, grade_above, recovery_advice,
    tenth_below, with_evidence, Rule, RuleLimits, Thresholds, Verdict, WeekView,
};
use crate::analysis::calendar::{HISTORY_DAYS_FOR_RATIOS, LONG_RUN_WINDOW_DAYS};
use crate::analysis::phases::ReturnWeek;
use crate::model::{Finding, Run, Severity, Strength};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// A run over this multiple of the longest run in the 30 days before warns.
    pub warning: f64,
    /// Over this multiple it alerts.
    pub alert: f64,
    /// A run less than this many km longer than that is never a spike.
    pub min_increase_km: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning: 1.1,
            alert: 1.3,
            min_increase_km: 2.0,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        check_pair("long_run_spike", self.warning, self.alert)?;
        check_multiple("long_run_spike", self.warning)?;
        check_positive("long_run_spike", "min_increase_km", self.min_increase_km)
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

    fn strength(&self) -> Strength {
        Strength::Strongest
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.long_run_spike;
        format!(
            "a run over {:.0}% of the longest run in the {LONG_RUN_WINDOW_DAYS} days before warns, over {:.0}% \
             alerts, never for less than {} km more; after a break, the longest run before it times the \
             return ramp's share; a race is info; needs {HISTORY_DAYS_FOR_RATIOS} days of log and a run in \
             those {LONG_RUN_WINDOW_DAYS} days",
            l.warning * 100.0,
            l.alert * 100.0,
            l.min_increase_km
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let limits = &week.limits.long_run_spike;
        if !week.metrics().has_ratio_history() {
            return Verdict::InsufficientHistory;
        }
        let mut unjudged = false;
        for index in week.metrics().runs.clone() {
            let run = &week.timeline.runs[index];
            let Some(baseline) = baseline(week, index) else {
                unjudged |= run.distance_km > 0.0;
                continue;
            };
            let ratio = run.distance_km / baseline.km;
            let Some(severity) = grade_above(ratio, limits.warning, limits.alert) else {
                continue;
            };
            if run.distance_km - baseline.km < limits.min_increase_km {
                continue;
            }
            out.push(self.finding(week, run, &baseline, severity));
        }
        if unjudged {
            Verdict::InsufficientHistory
        } else {
            Verdict::Checked
        }
    }
}

impl LongRunSpike {
    fn finding(&self, week: &WeekView, run: &Run, baseline: &Baseline, severity: Severity) -> Finding {
        let limits = &week.limits.long_run_spike;
        let ratio = run.distance_km / baseline.km;
        let what = if run.is_race() { "race" } else { "run" };
        let compared = match &baseline.back {
            Some(back) if baseline.km > back.usual_longest_km * back.share + 1e-9 => format!(
                "your longest run since you came back ({}), in week {} back after {} days without running",
                week.distance(baseline.km),
                back.week_back,
                back.break_days
            ),
            Some(back) => format!(
                "the ramp back allows in week {} after {} days without running ({}: {:.0}% of your \
                 longest run before the break, {})",
                back.week_back,
                back.break_days,
                week.distance(baseline.km),
                back.share * 100.0,
                week.distance(back.usual_longest_km)
            ),
            None => format!(
                "your longest run of the {LONG_RUN_WINDOW_DAYS} days before ({})",
                week.distance(baseline.km)
            ),
        };
        let mut message = format!(
            "Your {} {what} on {} was {:.0}% longer than {compared}",
            week.distance(run.distance_km),
            day(run.date),
            (ratio - 1.0) * 100.0,
        );
        let (severity, advice, ceiling) = if run.is_race() {
            message.push_str(": a planned effort, not a training error");
            (Severity::Info, recovery_advice(week, run), f64::NAN)
        } else if let Some(back) = &baseline.back {
            let ceiling = return_long_run_limit(week, back, back.next_share);
            let advice = format!(
                "Keep your longest run next week at or under {} and build it back by {:.0}% or \
                 less at a time, with the weekly distance.",
                week.limit(ceiling),
                (limits.warning - 1.0) * 100.0
            );
            (severity, advice, ceiling)
        } else {
            let ceiling = long_run_ceiling(baseline.km, limits);
            let advice = format!(
                "Keep your long runs at or under {} for the next two weeks instead of building on this one, \
                 then lengthen them by {:.0}% or less at a time.",
                week.limit(ceiling),
                (limits.warning - 1.0) * 100.0
            );
            (severity, advice, ceiling)
        };
        let finding = week.finding(self, severity, Some(run.date), || message, || advice);
        with_evidence(
            finding,
            &[
                ("run_km", run.distance_km),
                ("longest_before_km", baseline.km),
                ("increase_pct", (ratio - 1.0) * 100.0),
                ("next_long_run_max_km", ceiling),
            ],
        )
    }
}

/// What a run is compared with.
struct Baseline {
    km: f64,
    /// On the way back from a break.
    back: Option<ReturnWeek>,
}

/// The run at `index` is compared with the longest run of the 30 days
/// before it, or on the way back from a break with the longest run before
/// the break times the ramp's share (or the return's own longest so far).
fn baseline(week: &WeekView, index: usize) -> Option<Baseline> {
    let run = &week.timeline.runs[index];
    match week.metrics().return_week {
        Some(back) => {
            let own = longest_since(week, &back, |r| r.date < run.date);
            let km = (back.usual_longest_km * back.share).max(own);
            (km > 0.0).then_some(Baseline { km, back: Some(back) })
        }
        None => week.timeline.facts[index]
            .longest_before_km
            .map(|km| Baseline { km, back: None }),
    }
}

/// The longest run since the first run back that `keep` keeps.
fn longest_since(week: &WeekView, back: &ReturnWeek, keep: impl Fn(&Run) -> bool) -> f64 {
    let end = week.metrics().runs.end;
    week.timeline.runs[back.first_run.min(end)..end]
        .iter()
        .filter(|r| keep(r))
        .map(|r| r.distance_km)
        .fold(0.0, f64::max)
}

/// The longest run to do next on the way back: the longest run before the
/// break times the ramp's `share` for that week, stretched as far as the
/// rule allows. The return's own runs do not raise it, so a run that came
/// back too fast is not built on.
pub fn return_long_run_limit(week: &WeekView, back: &ReturnWeek, share: f64) -> f64 {
    long_run_ceiling(back.usual_longest_km * share, &week.limits.long_run_spike)
}

/// The longest run to do next, given the longest of the last 30 days: as
/// far over it as the rule allows (its warning share, or just under its
/// minimum increase), in tenths of a km rounded down.
pub fn long_run_ceiling(longest_km: f64, limits: &Limits) -> f64 {
    floor_tenth(longest_km * limits.warning).max(tenth_below(longest_km + limits.min_increase_km))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::testing::{last_week, run, worst};

    #[test]
    fn grades_a_run_against_the_month_before() {
        let cases = [
            (20.0, 21.9, None),
            (20.0, 23.0, Some(Severity::Warning)),
            (20.0, 25.9, Some(Severity::Warning)),
            (20.0, 26.5, Some(Severity::Alert)),
            (10.0, 11.5, None),
            (6.0, 7.0, None),
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
