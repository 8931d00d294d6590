//! Heavy legs, as the runner reports them: the symptom runrisk exists to
//! explain. A week well above the runner's own usual heaviness (their
//! median of the 28 days before, not a fixed number), or several heavy runs,
//! is a finding whose advice is the article's treatment and names the
//! training errors of this week and the last as the likely causes.
//! Heaviness that stays for three weeks while the distance falls is not a
//! training problem any more: it sends to a doctor or physiotherapist.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::{
    check_pair, check_positive, with_evidence, Rule, RuleLimits, Thresholds, Verdict, WeekView,
};
use crate::analysis::load::median;
use crate::model::{Finding, Severity, Strength};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// The week's mean heaviness this many points above the usual warns.
    pub above_usual: f64,
    /// Reports at or above this heaviness are heavy ...
    pub heavy: f64,
    /// ... and at or above this one very heavy.
    pub very_heavy: f64,
    /// Heavy reports in a week that warn, and very heavy ones that alert.
    pub heavy_reports: u32,
    /// Weeks in a row of heavy legs, with the distance falling, that alert.
    pub lasting_weeks: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            above_usual: 2.0,
            heavy: 7.0,
            very_heavy: 8.0,
            heavy_reports: 2,
            lasting_weeks: 3,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        check_positive("heavy_legs", "above_usual", self.above_usual)?;
        check_pair("heavy_legs heavy and very_heavy", self.heavy, self.very_heavy)?;
        if self.very_heavy > MAX_HEAVINESS {
            return Err(format!(
                "[heavy_legs] very_heavy = {}: heaviness is logged from 0 to {MAX_HEAVINESS}",
                self.very_heavy
            ));
        }
        if self.heavy_reports == 0 || self.lasting_weeks < 2 {
            return Err(format!(
                "[heavy_legs] heavy_reports = {} and lasting_weeks = {}: at least 1 report and 2 weeks",
                self.heavy_reports, self.lasting_weeks
            ));
        }
        Ok(())
    }
}

/// The top of the heaviness scale.
const MAX_HEAVINESS: f64 = 10.0;
/// Days before the week whose reports make the runner's usual heaviness.
const USUAL_WINDOW_DAYS: i64 = 28;
/// Reports needed in that window for a usual to mean anything.
const MIN_REPORTS_FOR_USUAL: usize = 4;
/// A week is above the usual only with this many reports in it ...
const MIN_REPORTS_IN_WEEK: usize = 2;
/// ... and a mean of at least this: 3 of 10 after a usual of 1 is not heavy.
const MIN_HEAVY_MEAN: f64 = 4.0;

pub struct HeavyLegs;

impl Rule for HeavyLegs {
    fn id(&self) -> &'static str {
        "heavy_legs"
    }

    fn title(&self) -> &'static str {
        "Heavy legs"
    }

    fn cause(&self) -> &'static str {
        "the symptom itself, as you report it"
    }

    fn evidence(&self) -> &'static str {
        "your own report: the most direct evidence runrisk has"
    }

    fn strength(&self) -> Strength {
        Strength::Consensus
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.heavy_legs;
        format!(
            "warning: the week's mean heaviness {} points or more above your median of the \
             {USUAL_WINDOW_DAYS} days before (with {MIN_REPORTS_IN_WEEK} reports or more and a mean of \
             {MIN_HEAVY_MEAN} or more), or {} runs at {} or more; alert: {} runs at {} or more, or {} \
             heavy weeks in a row while the distance falls (see a doctor or physiotherapist)",
            l.above_usual, l.heavy_reports, l.heavy, l.heavy_reports, l.very_heavy, l.lasting_weeks
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let Some(heaviness) = Heaviness::of(week, week.index) else {
            return Verdict::Checked;
        };
        let limits = &week.limits.heavy_legs;
        if !heaviness.is_heavy(limits) {
            return Verdict::Checked;
        }
        let lasting = lasting_with_falling_distance(week);
        let severity = if lasting.is_some() || heaviness.very_heavy >= limits.heavy_reports {
            Severity::Alert
        } else {
            Severity::Warning
        };
        let finding = week.finding(
            self,
            severity,
            None,
            || heaviness.describe(limits, lasting, week),
            || advice(week, out, lasting.is_some()),
        );
        out.push(with_evidence(
            finding,
            &[
                ("mean_heaviness", heaviness.mean),
                ("usual_heaviness", heaviness.usual.unwrap_or(f64::NAN)),
                ("heavy_reports", f64::from(heaviness.heavy)),
                ("very_heavy_reports", f64::from(heaviness.very_heavy)),
            ],
        ));
        Verdict::Checked
    }
}

/// A week's heaviness reports against the runner's usual.
struct Heaviness {
    mean: f64,
    reports: usize,
    usual: Option<f64>,
    heavy: u32,
    very_heavy: u32,
}

impl Heaviness {
    /// The reports of the week at `index`; `None` without any. The usual
    /// is worked out only for a week that could be heavy by it or is heavy
    /// anyway (and then says it): most weeks are neither.
    fn of(week: &WeekView, index: usize) -> Option<Heaviness> {
        let metrics = &week.timeline.weeks[index];
        let limits = &week.limits.heavy_legs;
        let mut heaviness = Heaviness {
            mean: 0.0,
            reports: 0,
            usual: None,
            heavy: 0,
            very_heavy: 0,
        };
        // One pass; the sum starts from -0.0, as `Iterator::sum` does.
        let mut sum = -0.0;
        for report in week
            .rows_between(metrics.start, metrics.end() + Duration::days(1))
            .filter_map(|row| row.heaviness)
        {
            sum += report;
            heaviness.reports += 1;
            heaviness.heavy += u32::from(report >= limits.heavy);
            heaviness.very_heavy += u32::from(report >= limits.very_heavy);
        }
        if heaviness.reports == 0 {
            return None;
        }
        heaviness.mean = sum / heaviness.reports as f64;
        if heaviness.may_be_above_usual() || heaviness.heavy >= limits.heavy_reports {
            heaviness.usual = usual_before(week, metrics.start);
        }
        Some(heaviness)
    }

    /// Whether the week has the reports and the mean to be above a usual.
    fn may_be_above_usual(&self) -> bool {
        self.reports >= MIN_REPORTS_IN_WEEK && self.mean >= MIN_HEAVY_MEAN
    }

    fn above_usual(&self, limits: &Limits) -> bool {
        self.may_be_above_usual()
            && self
                .usual
                .is_some_and(|usual| self.mean >= usual + limits.above_usual)
    }

    fn is_heavy(&self, limits: &Limits) -> bool {
        self.above_usual(limits) || self.heavy >= limits.heavy_reports
    }

    fn describe(&self, limits: &Limits, lasting: Option<(f64, f64)>, week: &WeekView) -> String {
        let usual = match self.usual {
            Some(usual) if self.above_usual(limits) => {
                format!(", {:.1} points above your usual {usual:.1}", self.mean - usual)
            }
            Some(usual) => format!(" (your usual is {usual:.1})"),
            None => String::new(),
        };
        let mut message = format!(
            "Your legs felt heavy: {:.1} of 10 on average over {} this week{usual}",
            self.mean,
            crate::words::counted(self.reports, "report", "reports")
        );
        if self.heavy > 0 {
            message.push_str(&format!(
                ", {} at {} or more",
                crate::words::counted(self.heavy as usize, "report", "reports"),
                limits.heavy
            ));
        }
        if let Some((from, to)) = lasting {
            message.push_str(&format!(
                "; heavy for {} weeks in a row while your distance fell from {} to {}",
                limits.lasting_weeks,
                week.distance(from),
                week.distance(to)
            ));
        }
        message
    }
}

/// The runner's usual heaviness before `start`: the median of the reports
/// of the days before, when there are enough of them.
fn usual_before(week: &WeekView, start: chrono::NaiveDate) -> Option<f64> {
    let mut before: Vec<f64> = week
        .rows_between(start - Duration::days(USUAL_WINDOW_DAYS), start)
        .filter_map(|row| row.heaviness)
        .collect();
    (before.len() >= MIN_REPORTS_FOR_USUAL)
        .then(|| median(&mut before))
        .flatten()
}

/// When this week and the ones before it (`lasting_weeks` in all) were all
/// heavy while the distance fell: the distance of the first and of this week.
fn lasting_with_falling_distance(week: &WeekView) -> Option<(f64, f64)> {
    let limits = &week.limits.heavy_legs;
    let span = limits.lasting_weeks as usize;
    let first = (week.index + 1).checked_sub(span)?;
    let all_heavy = (first..week.index)
        .all(|i| Heaviness::of(week, i).is_some_and(|h| h.is_heavy(limits)));
    let from = week.timeline.weeks[first].distance_km;
    let to = week.metrics().distance_km;
    (all_heavy && to < from).then_some((from, to))
}

/// The article's treatment, the likely causes, and when to see someone.
fn advice(week: &WeekView, found: &[Finding], lasting: bool) -> String {
    if lasting {
        return "See a doctor or physiotherapist: legs that stay heavy for weeks although you run \
                less can have a medical cause. Until then, rest, cool or warm the legs, wear \
                compression and raise your legs."
            .to_string();
    }
    let treatment = "Give your legs two or three easy or rest days, cool them after a hard day \
                     (or warm stiff muscles), wear compression and rest with your legs raised.";
    let mut causes: Vec<&'static str> = week
        .recent_errors(found)
        .iter()
        .map(|f| super::rule(f.rule).map_or(f.rule, |r| r.title()))
        .collect();
    causes.sort_unstable();
    causes.dedup();
    if causes.is_empty() {
        format!(
            "{treatment} No training error of this week or the last explains it; if it does not \
             ease within a week of lighter running, see a physiotherapist."
        )
    } else {
        format!(
            "{treatment} The likely causes, from this week and the last: {}.",
            causes.join(", ").to_lowercase()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Run;
    use crate::rules::testing::{last_week, run, worst};

    /// Five weeks of three 10 km runs at heaviness 2, then a week with these
    /// heaviness reports (and distances).
    fn after_usual(last: &[(f64, f64)]) -> Vec<Run> {
        let mut runs: Vec<Run> = (0..5)
            .flat_map(|w| [0, 2, 4].map(|d| run(w * 7 + d, 10.0)))
            .collect();
        for r in &mut runs {
            r.heaviness = Some(2.0);
        }
        for (i, (heaviness, km)) in last.iter().enumerate() {
            let mut r = run(35 + 2 * i as i64, *km);
            r.heaviness = Some(*heaviness);
            runs.push(r);
        }
        runs
    }

    #[test]
    fn heavy_against_the_runners_own_usual() {
        type Case<'a> = (&'a [(f64, f64)], Option<Severity>);
        let cases: [Case; 7] = [
            (&[(2.0, 10.0), (3.0, 10.0), (2.0, 10.0)], None),
            (&[(6.0, 10.0)], None),
            (&[(4.0, 10.0), (5.0, 10.0), (4.0, 10.0)], Some(Severity::Warning)),
            (&[(3.0, 10.0), (7.0, 10.0), (7.0, 10.0)], Some(Severity::Warning)),
            (&[(8.0, 10.0), (9.0, 10.0)], Some(Severity::Alert)),
            (&[(3.5, 10.0)], None),
            (&[], None),
        ];
        for (last, want) in cases {
            let (found, _) = last_week(&HeavyLegs, after_usual(last));
            assert_eq!(worst(&found), want, "{last:?}: {found:?}");
        }
    }

    #[test]
    fn a_runner_whose_legs_are_always_heavy_is_judged_by_their_own_usual() {
        let mut runs = after_usual(&[(6.0, 10.0), (6.0, 10.0), (5.0, 10.0)]);
        for r in &mut runs {
            r.heaviness = Some(r.heaviness.unwrap().max(5.0));
        }
        let (found, _) = last_week(&HeavyLegs, runs);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn heavy_for_three_weeks_while_running_less_sends_to_a_doctor() {
        let mut runs = after_usual(&[]);
        for (w, km) in [(5, 10.0), (6, 8.0), (7, 6.0)] {
            for d in [0, 2, 4] {
                let mut r = run(w * 7 + d, km);
                r.heaviness = Some(6.5);
                runs.push(r);
            }
        }
        let (found, _) = last_week(&HeavyLegs, runs);
        assert_eq!(worst(&found), Some(Severity::Alert), "{found:?}");
        assert!(found[0].advice.contains("doctor or physiotherapist"), "{}", found[0].advice);
        assert!(found[0].message.contains("fell from 30.0 km to 18.0 km"), "{}", found[0].message);
    }

    #[test]
    fn the_advice_treats_and_names_no_cause_without_errors() {
        let (found, _) = last_week(&HeavyLegs, after_usual(&[(7.0, 10.0), (7.0, 10.0)]));
        let advice = &found[0].advice;
        for word in ["compression", "raised", "No training error"] {
            assert!(advice.contains(word), "{advice}");
        }
    }
}
