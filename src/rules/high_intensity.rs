//! Intense running: too much of the week's distance hard, where hard is the
//! runner's own (faster than their easy pace on comparable ground, or hard
//! by their logged effort; a race never counts). In a taper the volume falls
//! and the intensity is kept, as it should be, so the share rises without
//! any more hard running: that is `info`, unless the hard distance itself
//! grew.

use serde::{Deserialize, Serialize};

use super::{check_pair, check_share, grade_above, with_evidence, Rule, RuleLimits, Thresholds, Verdict, WeekView};
use crate::analysis::calendar::{EASY_PACE_WINDOW_DAYS, HISTORY_DAYS_FOR_RATIOS};
use crate::analysis::intensity::{HARD_PACE_MARGIN, HARD_RPE, HARD_RPE_WITH_PACE};
use crate::analysis::load::CHRONIC_WEEKS;
use crate::analysis::phases::{RacePhase, TAPER_WEEKS};
use crate::model::{Finding, Severity, Strength};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Share of the week's judged distance that was hard above which it warns.
    pub warning_share: f64,
    /// Share above which it alerts.
    pub alert_share: f64,
    /// A run is hard when its pace is at least this share faster than easy pace.
    pub hard_pace_margin: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warning_share: 0.25,
            alert_share: 0.40,
            hard_pace_margin: HARD_PACE_MARGIN,
        }
    }
}

impl RuleLimits for Limits {
    fn validate(&self) -> Result<(), String> {
        check_pair("high_intensity", self.warning_share, self.alert_share)?;
        check_share("high_intensity", "warning_share", self.warning_share)?;
        check_share("high_intensity", "alert_share", self.alert_share)?;
        let margin = self.hard_pace_margin;
        if margin > 0.0 && margin < 1.0 {
            Ok(())
        } else {
            Err(format!(
                "[high_intensity] hard_pace_margin = {margin}: it must be above 0 and below 1 (0.1 is 10% faster)"
            ))
        }
    }
}

/// A taper week's hard distance may be this much above the block's before
/// the taper is no excuse for it.
const TAPER_HARD_KM_GROWTH: f64 = 1.1;

pub struct HighIntensity;

impl Rule for HighIntensity {
    fn id(&self) -> &'static str {
        "high_intensity"
    }

    fn title(&self) -> &'static str {
        "Too much hard running"
    }

    fn cause(&self) -> &'static str {
        "intense running"
    }

    fn evidence(&self) -> &'static str {
        "weak for injury (Ramskov 2018); the 80/20 habit of endurance athletes (Seiler 2010)"
    }

    fn strength(&self) -> Strength {
        Strength::Weak
    }

    fn thresholds(&self, limits: &Thresholds) -> String {
        let l = &limits.high_intensity;
        format!(
            "share of the week's distance that was hard (≥ {:.0}% faster than your median pace of the \
             {EASY_PACE_WINDOW_DAYS} days before on the same kind of surface; where RPE is logged, RPE \
             {HARD_RPE} or more, or {HARD_RPE_WITH_PACE} and faster than easy; never a race): warning > \
             {:.0}%, alert > {:.0}%; in a taper, info unless the hard distance grew; needs \
             {HISTORY_DAYS_FOR_RATIOS} days of log",
            l.hard_pace_margin * 100.0,
            l.warning_share * 100.0,
            l.alert_share * 100.0
        )
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let metrics = week.metrics();
        let timed_run = week
            .runs()
            .any(|(run, _)| run.pace_s_per_km().is_some() || run.rpe.is_some());
        if !metrics.has_ratio_history() || (timed_run && metrics.judged_km == 0.0) {
            return if timed_run {
                Verdict::InsufficientHistory
            } else {
                Verdict::Checked
            };
        }
        let Some(share) = metrics.hard_share() else {
            return Verdict::Checked;
        };
        let limits = &week.limits.high_intensity;
        let Some(by_share) = grade_above(share, limits.warning_share, limits.alert_share) else {
            return Verdict::Checked;
        };
        let kept_intensity = taper_block_hard_km(week).filter(|block| metrics.hard_km <= block * TAPER_HARD_KM_GROWTH);
        let severity = if kept_intensity.is_some() { Severity::Info } else { by_share };
        let easy = week
            .runs()
            .filter_map(|(_, facts)| facts.easy_pace_s_per_km)
            .last();
        let message = || {
            let pace_words = match easy {
                Some(easy) => format!(
                    " ({} or faster, or hard by effort; your easy pace is {})",
                    week.pace(easy * (1.0 - limits.hard_pace_margin)),
                    week.pace(easy)
                ),
                None => " (by your logged effort)".to_string(),
            };
            let mut message = format!(
                "{} of {} ({:.0}%) was hard{pace_words}",
                week.distance(metrics.hard_km),
                week.distance(metrics.judged_km),
                share * 100.0,
            );
            if let Some(block) = kept_intensity {
                message.push_str(&format!(
                    "; a taper week, with no more hard running than your usual {} a week before it",
                    week.distance(block)
                ));
            }
            message
        };
        let advice = || match kept_intensity {
            Some(_) => "Keep it so: a taper cuts the easy volume and keeps a little quality; make \
                        the last days before the race easy."
                .to_string(),
            None => format!(
                "Next week, make one session hard at most and run the rest{}, so that about 80% of \
                 your distance is easy.",
                easy.map(|e| format!(" at {} or slower", week.pace(e))).unwrap_or_default()
            ),
        };
        let finding = week.finding(self, severity, None, message, advice);
        out.push(with_evidence(
            finding,
            &[
                ("hard_km", metrics.hard_km),
                ("paced_km", metrics.judged_km),
                ("hard_share", share),
                ("easy_pace_s_per_km", easy.unwrap_or(f64::NAN)),
            ],
        ));
        Verdict::Checked
    }
}

/// In a taper or race week, the mean weekly hard distance of the four weeks
/// before the taper.
fn taper_block_hard_km(week: &WeekView) -> Option<f64> {
    let race = week.metrics().race?;
    if !matches!(race.phase, RacePhase::Taper | RacePhase::RaceWeek) {
        return None;
    }
    let race_week = week.timeline.week_index(crate::model::Week::of(race.race_date))?;
    let taper_start = race_week.saturating_sub(TAPER_WEEKS);
    let block = &week.timeline.weeks[taper_start.saturating_sub(CHRONIC_WEEKS)..taper_start];
    (!block.is_empty()).then(|| block.iter().map(|w| w.hard_km).sum::<f64>() / block.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::testing::{last_week, weekly, worst};

    /// Five weeks of three 10 km runs at 5:00/km, then the last week's runs
    /// at the given paces (seconds per km).
    fn with_last_week(paces: [f64; 3]) -> Vec<crate::model::Run> {
        let mut runs = weekly(&[30.0; 5]);
        let last = runs.len() - 3;
        for (i, r) in runs.iter_mut().enumerate() {
            let pace = if i >= last { paces[i - last] } else { 300.0 };
            r.duration_s = Some(pace * r.distance_km);
        }
        runs
    }

    #[test]
    fn grades_the_share_at_hard_pace() {
        let cases = [
            ([300.0, 300.0, 300.0], None),
            ([300.0, 300.0, 275.0], None),
            ([300.0, 300.0, 265.0], Some(Severity::Warning)),
            ([300.0, 260.0, 265.0], Some(Severity::Alert)),
        ];
        for (paces, want) in cases {
            let (found, verdict) = last_week(&HighIntensity, with_last_week(paces));
            assert_eq!(worst(&found), want, "{paces:?}");
            assert_eq!(verdict, Verdict::Checked);
        }
    }

    #[test]
    fn the_first_weeks_are_not_judged() {
        let mut runs = weekly(&[30.0, 30.0]);
        for r in &mut runs {
            r.duration_s = Some(250.0 * r.distance_km);
        }
        let (found, verdict) = last_week(&HighIntensity, runs);
        assert!(found.is_empty());
        assert_eq!(verdict, Verdict::InsufficientHistory);
    }

    #[test]
    fn advice_gives_the_easy_pace() {
        let (found, _) = last_week(&HighIntensity, with_last_week([260.0, 260.0, 260.0]));
        assert!(found[0].advice.contains("5:00/km"), "{}", found[0].advice);
    }
}
