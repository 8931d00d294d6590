//! Too much too soon: a week far above the runner's usual (the article's
//! "excessive running"). The usual is the mean of the four weeks before
//! (the uncoupled acute:chronic ratio), leaving out one down week; on the way
//! back from a break it is the return ramp's ceiling, and after a long race
//! the training block before the taper. A race's own spike is planned.

use serde::{Deserialize, Serialize};

use super::{
    check_multiple, check_pair, check_positive, day, floor_tenth, grade, recovery_advice,
    tenth_below, with_evidence, Rule, RuleLimits, Thresholds, Verdict, WeekView,
};
use crate::analysis::calendar::{WeekMetrics, HISTORY_DAYS_FOR_RATIOS};
use crate::analysis::load::{usual_week, CHRONIC_WEEKS};
use crate::analysis::phases::{RacePhase, ReturnWeek};
use crate::model::{Finding, Load, Run, Severity, Strength};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Week ÷ the usual week, for a warning.
    pub warning: f64,
    /// The same ratio for an alert.
    pub alert: f64,
    /// A week less than this many km (or their time at an easy 6:00/km)
    /// above its usual is never a spike, whatever the ratio.
    pub min_increase_km: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning: 1.3,
            alert: 1.5,
            min_increase_km: 5.0,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        check_pair("mileage_spike", self.warning, self.alert)?;
        check_multiple("mileage_spike", self.warning)?;
        check_positive("mileage_spike", "min_increase_km", self.min_increase_km)
    }
}

pub struct MileageSpike;

impl Rule for MileageSpike {
    fn id(&self) -> &'static str {
        "mileage_spike"
    }

    fn title(&self) -> &'static str {
        "Weekly distance jump"
    }

    fn cause(&self) -> &'static str {
        "excessive running"
    }

    fn evidence(&self) -> &'static str {
        "moderate, contested (Gabbett 2016; Lolli 2019; Impellizzeri 2020)"
    }

    fn strength(&self) -> Strength {
        Strength::Moderate
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.mileage_spike;
        let b = &limits.breaks;
        format!(
            "week ÷ your usual week (the mean of the {CHRONIC_WEEKS} weeks before, leaving out one down week): \
             warning ≥ {}, alert ≥ {}, never for less than {} km more; after a break of {}+ days, \
             week ÷ the return ramp ({:.0}% of the usual week, {:.0}% after {}+ days, then +{:.0}% a week); \
             after a race of 21 km or more, week ÷ the block before the taper; needs {HISTORY_DAYS_FOR_RATIOS} days of log",
            l.warning,
            l.alert,
            l.min_increase_km,
            b.min_days,
            b.first_week_share * 100.0,
            b.first_week_share_long * 100.0,
            b.long_days,
            b.weekly_growth * 100.0
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let metrics = week.metrics();
        if !metrics.has_ratio_history() {
            return Verdict::InsufficientHistory;
        }
        let Some(baseline) = Baseline::of(week) else {
            // No load at all in the weeks before: nothing to compare with.
            return Verdict::InsufficientHistory;
        };
        let limits = &week.limits.mileage_spike;
        let floor = limits.min_increase_km * week.timeline.load.per_easy_km();
        let is_spike = |load: f64| {
            load - baseline.load >= floor && grade(load / baseline.load, limits.warning, limits.alert).is_some()
        };
        if !is_spike(metrics.load) {
            if let Baseline { kind: Kind::Return(back), .. } = baseline {
                out.push(on_the_way_back(self, week, &back));
            }
            return Verdict::Checked;
        }
        let ratio = metrics.load / baseline.load;
        let races: Vec<&Run> = week.runs().map(|(run, _)| run).filter(|r| r.is_race()).collect();
        let race_load: f64 = races.iter().map(|r| week.timeline.load.of(r)).sum();
        let severity = match races.first() {
            Some(_) if !is_spike(metrics.load - race_load) => Severity::Info,
            _ => grade(ratio, limits.warning, limits.alert).unwrap_or(Severity::Warning),
        };
        let message = || format!(
            "{} this week is {:.2}× {} ({})",
            week.load(metrics.load),
            ratio,
            baseline.describe(week),
            crossed(severity, limits, races.first().copied())
        );
        let (advice, next_week_max) = match (severity, baseline.kind, races.first()) {
            (Severity::Info, _, Some(race)) => (recovery_advice(week, race), f64::NAN),
            (_, Kind::Return(back), _) => return_advice(week, &back),
            _ => steady_advice(week, &baseline),
        };
        let finding = week.finding(self, severity, None, message, || advice);
        out.push(with_evidence(
            finding,
            &[
                ("distance_km", metrics.distance_km),
                ("chronic_km", baseline.load),
                ("load", metrics.load),
                ("acwr", metrics.acwr.unwrap_or(f64::NAN)),
                ("acwr_coupled", metrics.acwr_coupled.unwrap_or(f64::NAN)),
                ("ratio", ratio),
                (next_week_name(week), next_week_max),
            ],
        ));
        Verdict::Checked
    }
}

/// What a week is compared with.
#[derive(Debug, Clone, Copy)]
struct Baseline {
    load: f64,
    kind: Kind,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// The usual week of the four before; the index of a down week left out.
    Usual(Option<usize>),
    /// The ramp's ceiling on the way back from a break.
    Return(ReturnWeek),
    /// The block before the taper of a long race (the date and km of the race).
    Block(chrono::NaiveDate, f64),
}

impl Baseline {
    fn of(week: &WeekView) -> Option<Baseline> {
        let metrics = week.metrics();
        if let Some(back) = metrics.return_week.filter(|r| r.usual_load > 0.0) {
            return Some(Baseline {
                load: back.ceiling_load(),
                kind: Kind::Return(back),
            });
        }
        let before = week.weeks_before();
        let loads: Vec<f64> = before[before.len().saturating_sub(CHRONIC_WEEKS)..]
            .iter()
            .map(|w| w.load)
            .collect();
        let (usual, down_week) = usual_week(&loads)?;
        let usual = Baseline {
            load: usual,
            kind: Kind::Usual(down_week.map(|i| before.len() - CHRONIC_WEEKS + i)),
        };
        let block = metrics
            .race
            .filter(|race| race.phase != RacePhase::Taper && race.block_load > usual.load);
        let baseline = match block {
            Some(race) => Baseline {
                load: race.block_load,
                kind: Kind::Block(race.race_date, race.race_km),
            },
            None => usual,
        };
        (baseline.load > 0.0).then_some(baseline)
    }

    /// The baseline in words, for the message.
    fn describe(&self, week: &WeekView) -> String {
        let load = week.load(self.load);
        match self.kind {
            Kind::Usual(None) => {
                format!("your average of {load} over the {CHRONIC_WEEKS} weeks before")
            }
            Kind::Usual(Some(index)) => {
                let down = &week.weeks_before()[index];
                format!(
                    "your average of {load} over the {CHRONIC_WEEKS} weeks before, leaving out the down week {} ({})",
                    down.week,
                    week.load(down.load)
                )
            }
            Kind::Return(back) => format!(
                "the ceiling of {load} for week {} back after {} days without running ({:.0}% of your usual {})",
                back.week_back,
                back.break_days,
                back.share * 100.0,
                week.load(back.usual_load)
            ),
            Kind::Block(date, km) => format!(
                "your average of {load} in the {CHRONIC_WEEKS} weeks before the taper for your {} race on {}",
                week.distance(km),
                day(date)
            ),
        }
    }
}

/// The limit the week crossed, for the message.
fn crossed(severity: Severity, limits: &Limits, race: Option<&Run>) -> String {
    match (severity, race) {
        (Severity::Info, Some(race)) => format!(
            "with your race on {}: a planned effort, not a training error",
            day(race.date)
        ),
        (Severity::Alert, _) => format!("alert at {}×", limits.alert),
        _ => format!("warning at {}×", limits.warning),
    }
}

/// The evidence name of next week's limit: in km, or in the chosen load.
fn next_week_name(week: &WeekView) -> &'static str {
    match week.timeline.load {
        Load::Distance => "next_week_max_km",
        _ => "next_week_max_load",
    }
}

/// A safe weekly step up from the usual load, as a multiple of it.
const STEADY_GROWTH: f64 = 1.1;

/// The advice for an ordinary spike, and next week's most.
fn steady_advice(week: &WeekView, baseline: &Baseline) -> (String, f64) {
    let loads: Vec<f64> = week.timeline.weeks[..=week.index]
        .iter()
        .map(|w| w.load)
        .collect();
    let next = match baseline.kind {
        // The weeks just before are the taper and the recovery: the block is the usual.
        Kind::Block(..) => floor_tenth(baseline.load),
        _ => next_week_ceiling_of(&loads, &week.limits.mileage_spike),
    };
    let advice = format!(
        "Next week, come back to about {} (your usual week is {}) and keep it easy; \
         then build by no more than {:.0}% a week.",
        week.load_limit(next),
        week.load(baseline.load),
        (STEADY_GROWTH - 1.0) * 100.0
    );
    (advice, next)
}

/// The advice on the way back from a break: next week's ceiling on the
/// ramp and its longest run.
fn return_advice(week: &WeekView, back: &ReturnWeek) -> (String, f64) {
    let next = floor_tenth(back.usual_load * back.next_share);
    let long_run = super::long_run_spike::return_long_run_limit(week, back, back.next_share);
    let growth = week.limits.breaks.weekly_growth * 100.0;
    let advice = format!(
        "Next week, stay at or under {} with your longest run at or under {}; \
         add no more than {growth:.0}% a week until you are back at your usual {}.",
        week.load_limit(next),
        week.limit(long_run),
        week.load(back.usual_load)
    );
    (advice, next)
}

/// The `info` note of a week back that kept to the ramp: where it stands
/// and what next week may hold.
fn on_the_way_back(rule: &MileageSpike, week: &WeekView, back: &ReturnWeek) -> Finding {
    let metrics = week.metrics();
    let message = || format!(
        "Week {} back after {} days without running: {}, within the ramp back (up to {} this week, \
         {:.0}% of your usual {})",
        back.week_back,
        back.break_days,
        week.load(metrics.load),
        week.load(back.ceiling_load()),
        back.share * 100.0,
        week.load(back.usual_load)
    );
    let (advice, next) = return_advice(week, back);
    let finding = week.finding(rule, Severity::Info, None, message, || advice);
    with_evidence(
        finding,
        &[
            ("load", metrics.load),
            ("ceiling", back.ceiling_load()),
            ("usual", back.usual_load),
            ("week_back", f64::from(back.week_back)),
            (next_week_name(week), next),
        ],
    )
}

/// The most distance to run next week, given the weeks up to this one: a
/// steady step up from the usual weekly distance (the lower of the mean of
/// the four weeks before this one and of the four ending with it, so neither
/// a spike nor a taper week moves it far), and strictly under the warning
/// ratio next week, whose chronic load is the mean of the four weeks ending
/// with this one. In tenths of a km, rounded down, so running it exactly
/// stays in range.
pub fn next_week_ceiling(weeks: &[WeekMetrics], limits: &Limits) -> f64 {
    let km: Vec<f64> = weeks.iter().map(|w| w.distance_km).collect();
    next_week_ceiling_of(&km, limits)
}

/// `next_week_ceiling` over weekly loads of any kind.
fn next_week_ceiling_of(weekly: &[f64], limits: &Limits) -> f64 {
    let mean_of = |weeks: &[f64]| {
        let recent = &weeks[weeks.len().saturating_sub(CHRONIC_WEEKS)..];
        recent.iter().sum::<f64>() / CHRONIC_WEEKS as f64
    };
    let next_chronic = mean_of(weekly);
    let before = mean_of(&weekly[..weekly.len().saturating_sub(1)]);
    let usual = if before > 0.0 {
        before.min(next_chronic)
    } else {
        next_chronic
    };
    floor_tenth(usual * STEADY_GROWTH).min(tenth_below(next_chronic * limits.warning))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{last_week, weekly, worst};

    #[test]
    fn grades_the_ratio_to_the_four_weeks_before() {
        let cases: [(&[f64], Option<Severity>, Verdict); 6] = [
            (
                &[50.0, 50.0, 50.0, 50.0, 100.0],
                Some(Severity::Alert),
                Verdict::Checked,
            ),
            (
                &[50.0, 50.0, 50.0, 50.0, 70.0],
                Some(Severity::Warning),
                Verdict::Checked,
            ),
            (&[50.0, 50.0, 50.0, 50.0, 64.0], None, Verdict::Checked),
            (&[50.0, 50.0, 50.0, 50.0, 30.0], None, Verdict::Checked),
            (
                &[10.0, 10.0, 10.0, 100.0],
                None,
                Verdict::InsufficientHistory,
            ),
            (
                &[0.0, 0.0, 0.0, 0.0, 0.0, 40.0],
                None,
                Verdict::InsufficientHistory,
            ),
        ];
        for (weeks, want, verdict) in cases {
            let mut runs = weekly(weeks);
            runs.retain(|r| r.distance_km > 0.0);
            runs.insert(0, crate::rules::testing::run(0, 1.0));
            let (found, got_verdict) = last_week(&MileageSpike, runs);
            assert_eq!(worst(&found), want, "{weeks:?}");
            assert_eq!(got_verdict, verdict, "{weeks:?}");
        }
    }

    #[test]
    fn advice_names_next_weeks_ceiling() {
        let (found, _) = last_week(&MileageSpike, weekly(&[50.0, 50.0, 50.0, 50.0, 100.0]));
        let f = &found[0];
        assert_eq!(f.evidence.get("next_week_max_km"), Some(55.0));
        assert!(f.advice.contains("about 55.0 km"), "{}", f.advice);
        let (found, _) = last_week(&MileageSpike, weekly(&[29.0, 29.0, 29.0, 29.0, 40.0]));
        let target = found[0].evidence.get("next_week_max_km").unwrap();
        assert!(
            target < 40.0,
            "advice must not ask for more than the spike week: {target}"
        );
        assert!(f.message.contains("2.00×"), "{}", f.message);
    }

    #[test]
    fn message_names_the_limit_the_week_crossed() {
        let cases = [(100.0, "(alert at 1.5×)"), (70.0, "(warning at 1.3×)")];
        for (last, want) in cases {
            let (found, _) = last_week(&MileageSpike, weekly(&[50.0, 50.0, 50.0, 50.0, last]));
            assert!(found[0].message.contains(want), "{}", found[0].message);
        }
    }
}
