//! Pounding hard surfaces: a week mostly on road, asphalt or concrete that
//! the runner's legs are not used to. The evidence is weak, so a habitual
//! road runner only gets an `info` note, never a warning every week.

use serde::{Deserialize, Serialize};

use super::{check_share, with_evidence, Rule, RuleLimits, Thresholds, Verdict, WeekView};
use crate::model::{Finding, Severity, Strength};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Share of the week's distance on road, asphalt or concrete that counts as mostly hard.
    pub hard_share: f64,
    /// How far above the runner's share of the 4 weeks before makes it unaccustomed.
    pub rise_over_baseline: f64,
    /// Share on concrete alone that warns in any case.
    pub concrete_share: f64,
    /// A concrete week alerts when the share on hard surfaces before was under this.
    pub alert_baseline_below: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            hard_share: 0.70,
            rise_over_baseline: 0.30,
            concrete_share: 0.90,
            alert_baseline_below: 0.50,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        let shares = [
            ("hard_share", self.hard_share),
            ("rise_over_baseline", self.rise_over_baseline),
            ("concrete_share", self.concrete_share),
            ("alert_baseline_below", self.alert_baseline_below),
        ];
        for (name, share) in shares {
            check_share("hard_surface", name, share)?;
        }
        Ok(())
    }
}

/// The share of a week's distance that must have a surface before the rule judges it.
const MIN_SURFACE_COVERAGE: f64 = 0.5;

pub struct HardSurface;

impl Rule for HardSurface {
    fn id(&self) -> &'static str {
        "hard_surface"
    }

    fn title(&self) -> &'static str {
        "Hard surfaces"
    }

    fn cause(&self) -> &'static str {
        "running on hard surfaces"
    }

    fn evidence(&self) -> &'static str {
        "weak: surface studies disagree; an unaccustomed change matters more than the surface itself"
    }

    fn strength(&self) -> Strength {
        Strength::Weak
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.hard_surface;
        format!(
            "warning: ≥ {:.0}% of the week on road/asphalt/concrete and {:.0} points above the 4 weeks \
             before, or ≥ {:.0}% on concrete; alert: ≥ {:.0}% on concrete after under {:.0}% hard; \
             a habitual road runner gets info",
            l.hard_share * 100.0,
            l.rise_over_baseline * 100.0,
            l.concrete_share * 100.0,
            l.concrete_share * 100.0,
            l.alert_baseline_below * 100.0
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let metrics = week.metrics();
        let limits = &week.limits.hard_surface;
        let (Some(hard), Some(concrete)) = (metrics.hard_surface_share(), metrics.concrete_share())
        else {
            return Verdict::Checked;
        };
        if metrics.surface_known_km() < MIN_SURFACE_COVERAGE * metrics.distance_km {
            // Too little of the week has a surface to say what it was mostly run on.
            return Verdict::Checked;
        }
        let baseline = metrics.baseline_hard_share;
        let mostly_concrete = concrete >= limits.concrete_share;
        let unaccustomed = baseline.is_some_and(|b| hard - b >= limits.rise_over_baseline);
        let severity =
            if mostly_concrete && baseline.is_some_and(|b| b < limits.alert_baseline_below) {
                Severity::Alert
            } else if mostly_concrete || (hard >= limits.hard_share && unaccustomed) {
                Severity::Warning
            } else if hard >= limits.hard_share {
                Severity::Info
            } else {
                return verdict_for(baseline.is_some());
            };
        let message = || {
            let before = match baseline {
                Some(b) => format!("{:.0}% in the 4 weeks before", b * 100.0),
                None if !metrics.has_ratio_history() => {
                    "too early in the log to compare with the 4 weeks before".to_string()
                }
                None => "no surface recorded in the 4 weeks before".to_string(),
            };
            format!(
                "{:.0}% of this week's distance was on road, asphalt or concrete ({:.0}% on concrete); {}",
                hard * 100.0,
                concrete * 100.0,
                before
            )
        };
        let advice = || {
            let mut advice = if severity == Severity::Info && baseline.is_none() {
                "Keep some runs on trail, grass or a track each week; once your log holds four weeks, \
                 runrisk can tell whether this much road is new for your legs."
                    .to_string()
            } else if severity == Severity::Info {
                "Your legs are used to the road; keep some runs on trail, grass or a track each week \
                 and rotate two pairs of cushioned shoes."
                    .to_string()
            } else {
                format!(
                    "Move one or two runs to trail, grass or a track next week so that under {:.0}% is on \
                     hard surfaces, and change surfaces gradually.",
                    limits.hard_share * 100.0
                )
            };
            if !week.runs().any(|(run, _)| run.inserts == Some(true)) {
                advice.push_str(" Cushioned inserts soften the road for legs that feel it.");
            }
            advice
        };
        let finding = week.finding(self, severity, None, message, advice);
        out.push(with_evidence(
            finding,
            &[
                ("hard_share", hard),
                ("concrete_share", concrete),
                ("baseline_hard_share", baseline.unwrap_or(f64::NAN)),
            ],
        ));
        verdict_for(baseline.is_some())
    }
}

fn verdict_for(has_baseline: bool) -> Verdict {
    if has_baseline {
        Verdict::Checked
    } else {
        Verdict::InsufficientHistory
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Surface;
    use crate::rules::testing::{last_week, weekly, worst};

    #[test]
    fn the_advice_mentions_inserts_only_to_those_without_them() {
        for (inserts, mentioned) in [(None, true), (Some(false), true), (Some(true), false)] {
            let mut runs = change(Surface::Trail, Surface::Road);
            for r in &mut runs {
                r.inserts = inserts;
            }
            let (found, _) = last_week(&HardSurface, runs);
            let advice = &found[0].advice;
            assert_eq!(advice.contains("inserts"), mentioned, "{inserts:?}: {advice}");
        }
    }

    /// Four weeks on `before`, then a week on `now`.
    fn change(before: Surface, now: Surface) -> Vec<crate::model::Run> {
        let mut runs = weekly(&[30.0; 5]);
        for (i, r) in runs.iter_mut().enumerate() {
            r.surface = Some(if i < 12 { before } else { now });
        }
        runs
    }

    #[test]
    fn grades_the_change_of_surface() {
        let cases = [
            (Surface::Trail, Surface::Trail, None),
            (Surface::Trail, Surface::Road, Some(Severity::Warning)),
            (Surface::Road, Surface::Road, Some(Severity::Info)),
            (Surface::Trail, Surface::Concrete, Some(Severity::Alert)),
            (Surface::Road, Surface::Concrete, Some(Severity::Warning)),
            (Surface::Grass, Surface::Track, None),
        ];
        for (before, now, want) in cases {
            let (found, verdict) = last_week(&HardSurface, change(before, now));
            assert_eq!(worst(&found), want, "{before} then {now}");
            assert_eq!(verdict, Verdict::Checked);
        }
    }

    #[test]
    fn without_a_baseline_only_concrete_warns() {
        let mut runs = weekly(&[30.0]);
        runs.iter_mut()
            .for_each(|r| r.surface = Some(Surface::Road));
        let (found, verdict) = last_week(&HardSurface, runs);
        assert_eq!(worst(&found), Some(Severity::Info));
        assert_eq!(verdict, Verdict::InsufficientHistory);
    }

    #[test]
    fn a_week_mostly_without_a_surface_is_not_judged() {
        let mut runs = weekly(&[30.0; 5]);
        let last = runs.len() - 1;
        runs[last].surface = Some(Surface::Concrete);
        let (found, _) = last_week(&HardSurface, runs);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn runs_without_a_surface_say_nothing() {
        let (found, verdict) = last_week(&HardSurface, weekly(&[30.0; 5]));
        assert!(found.is_empty());
        assert_eq!(verdict, Verdict::Checked);
    }
}
