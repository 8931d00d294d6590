//! Improper footwear: running in shoes whose cushioning is worn out
//! (by convention after 480 to 800 km; Cook 1985).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{day, grade, with_evidence, Rule, Thresholds, Verdict, WeekView};
use crate::model::{Finding, Severity};

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

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.worn_shoes;
        format!(
            "a run in a shoe with {} km or more warns, {} km or more alerts",
            l.warning_km, l.alert_km
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let limits = &week.limits.worn_shoes;
        let mut worst_per_shoe: BTreeMap<Arc<str>, (f64, chrono::NaiveDate)> = BTreeMap::new();
        for (run, facts) in week.runs() {
            if let (Some(shoe), Some(km)) = (&run.shoe, facts.shoe_km_before) {
                let entry = worst_per_shoe.entry(shoe.clone()).or_insert((km, run.date));
                if km >= entry.0 {
                    *entry = (km, run.date);
                }
            }
        }
        for (shoe, (km, date)) in worst_per_shoe {
            let Some(severity) = grade(km, limits.warning_km, limits.alert_km) else {
                continue;
            };
            let message = format!(
                "Your {shoe} had {} on them at your run on {} (worn from {}, done at {})",
                week.distance(km),
                day(date),
                week.distance(limits.warning_km),
                week.distance(limits.alert_km)
            );
            let advice = if severity == Severity::Alert {
                format!("Replace the {shoe} before your next run; their cushioning is spent.")
            } else {
                format!(
                    "Plan new shoes: the {shoe} have about {} left. Rotating a second pair spreads the wear.",
                    week.distance(limits.alert_km - km)
                )
            };
            let finding = week.finding(self, severity, Some(date), message, advice);
            out.push(with_evidence(finding, &[("shoe_km", km)]));
        }
        Verdict::Checked
    }
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
