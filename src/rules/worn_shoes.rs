//! Improper footwear: running in shoes whose cushioning is worn out
//! (by convention after 480 to 800 km; Cook 1985).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{check_pair, day, grade, with_evidence, Rule, RuleLimits, Thresholds, Verdict, WeekView};
use crate::model::{Finding, Severity, Strength};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Kilometres on a shoe before a run that warn.
    pub warning_km: f64,
    /// Kilometres that alert.
    pub alert_km: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning_km: 600.0,
            alert_km: 800.0,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        check_pair("worn_shoes", self.warning_km, self.alert_km)
    }
}

pub struct WornShoes;

impl Rule for WornShoes {
    fn id(&self) -> &'static str {
        "worn_shoes"
    }

    fn title(&self) -> &'static str {
        "Worn shoes"
    }

    fn cause(&self) -> &'static str {
        "improper footwear"
    }

    fn evidence(&self) -> &'static str {
        "convention: replace after 480-800 km (Cook 1985: cushioning falls with use)"
    }

    fn strength(&self) -> Strength {
        Strength::Weak
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.worn_shoes;
        format!(
            "a run in a shoe with {} km or more warns, {} km or more alerts, in the week the shoe \
             first gets there; the weeks after get an info reminder",
            l.warning_km, l.alert_km
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let limits = &week.limits.worn_shoes;
        let level = |km: f64| grade(km, limits.warning_km, limits.alert_km);
        // Per shoe: the most it had on it before a run this week, that run's
        // day, and whether the week is where it first reached that level.
        let mut worst_per_shoe: BTreeMap<Arc<str>, (f64, chrono::NaiveDate, bool)> = BTreeMap::new();
        for (run, facts) in week.runs() {
            let (Some(shoe), Some(km)) = (&run.shoe, facts.shoe_km_before) else {
                continue;
            };
            let crossed = level(km) > facts.shoe_km_before_previous_run.and_then(level);
            let entry = worst_per_shoe
                .entry(shoe.clone())
                .or_insert((km, run.date, false));
            if km >= entry.0 {
                entry.0 = km;
                entry.1 = run.date;
            }
            entry.2 |= crossed && level(km) == level(entry.0);
        }
        for (shoe, (km, date, crossed)) in worst_per_shoe {
            let Some(severity) = level(km) else {
                continue;
            };
            let finding = if crossed {
                self.crossed(week, &shoe, km, date, severity)
            } else {
                self.reminder(week, &shoe, km, date, severity)
            };
            out.push(with_evidence(finding, &[("shoe_km", km)]));
        }
        Verdict::Checked
    }
}

impl WornShoes {
    /// The one finding of the week a shoe reached a threshold.
    fn crossed(
        &self,
        week: &WeekView,
        shoe: &str,
        km: f64,
        date: chrono::NaiveDate,
        severity: Severity,
    ) -> Finding {
        let limits = &week.limits.worn_shoes;
        let message = || format!(
            "Your {shoe} had {} at the run on {} (worn from {}, done at {})",
            week.shoe_distance(km),
            day(date),
            week.shoe_distance(limits.warning_km),
            week.shoe_distance(limits.alert_km)
        );
        let advice = || if severity == Severity::Alert {
            format!("Replace the {shoe} before your next run; their cushioning is spent.")
        } else {
            format!(
                "Plan new shoes: the {shoe} have about {} left. Rotating a second pair spreads the wear.",
                left_before_done(week, km)
            )
        };
        week.finding(self, severity, Some(date), message, advice)
    }

    /// The `info` reminder of the weeks after, until the next threshold.
    fn reminder(
        &self,
        week: &WeekView,
        shoe: &str,
        km: f64,
        date: chrono::NaiveDate,
        severity: Severity,
    ) -> Finding {
        let limits = &week.limits.worn_shoes;
        let (state, threshold) = match severity {
            Severity::Alert => ("done", limits.alert_km),
            _ => ("worn", limits.warning_km),
        };
        let message = || format!(
            "Still running in the {shoe}: {} at the run on {} ({state} from {})",
            week.shoe_distance(km),
            day(date),
            week.shoe_distance(threshold)
        );
        let advice = || if severity == Severity::Alert {
            format!("Retire the {shoe}; new shoes take a few easy runs to break in.")
        } else {
            format!(
                "The {shoe} have about {} left before they are done.",
                left_before_done(week, km)
            )
        };
        week.finding(self, Severity::Info, Some(date), message, advice)
    }
}

/// The distance a shoe has left before it is done, as the difference of the
/// figures the message shows, so the two add up for the runner.
fn left_before_done(week: &WeekView, km: f64) -> String {
    let units = week.units;
    let done = week.limits.worn_shoes.alert_km;
    let left = (units.shoe_figure(done) - units.shoe_figure(km)).max(0.0);
    format!("{left:.0} {}", units.abbreviation())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{last_week, run, worst};

    fn in_shoe(km_before: Option<f64>, runs: usize) -> Vec<crate::model::Run> {
        (0..runs)
            .map(|i| {
                let mut r = run(i as i64, 10.0);
                r.shoe = Some("Cloudrunner".into());
                if i == 0 {
                    r.shoe_km_before = km_before;
                }
                r
            })
            .collect()
    }

    #[test]
    fn grades_the_distance_on_the_shoe() {
        let cases = [
            (Some(0.0), 5, None),
            (Some(590.0), 1, None),
            (Some(590.0), 2, Some(Severity::Warning)),
            (Some(805.0), 1, Some(Severity::Alert)),
            (None, 3, None),
        ];
        for (before, runs, want) in cases {
            let (found, _) = last_week(&WornShoes, in_shoe(before, runs));
            assert_eq!(worst(&found), want, "{before:?} then {runs} runs");
            assert!(found.len() <= 1, "one finding per shoe and week");
        }
    }

    /// The figures of the message: the distance at the run, whole and
    /// rounded down as the shoe chart shows it, and what is left adding up.
    #[test]
    fn words_the_distance_at_the_run() {
        let cases = [
            (599.6, 2, "had 609 km at the run on Tue 7 Jan", "about 191 km left"),
            (805.0, 1, "had 805 km at the run on Mon 6 Jan", "Replace the Cloudrunner"),
        ];
        for (before, runs, message, advice) in cases {
            let (found, _) = last_week(&WornShoes, in_shoe(Some(before), runs));
            assert!(found[0].message.contains(message), "{}", found[0].message);
            assert!(found[0].advice.contains(advice), "{}", found[0].advice);
        }
    }

    #[test]
    fn advice_names_the_shoe() {
        let (found, _) = last_week(&WornShoes, in_shoe(Some(850.0), 1));
        assert!(
            found[0].advice.contains("Replace the Cloudrunner"),
            "{}",
            found[0].advice
        );
    }
}
