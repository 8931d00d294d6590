//! A week's risk: each rule that fired counts once, at its worst severity,
//! for points that follow the strength of its evidence (a long-run jump,
//! the strongest for runners, counts most; weak evidence least). Rules of
//! the same cause measure the same load, so together they count no more
//! than `SAME_CAUSE_CAP`; the sum is capped at 100 and each factor's points
//! are scaled to add up to the score. A `see_doctor` finding makes the
//! week `urgent` whatever the score.

use std::collections::BTreeMap;

use crate::model::{Factor, Finding, Level, Severity, Strength, WeekRisk};
use crate::rules;

/// Points of a warning and of an alert, by the strength of the evidence.
pub const POINTS: [(Strength, u32, u32); 4] = [
    (Strength::Strongest, 25, 50),
    (Strength::Moderate, 20, 40),
    (Strength::Consensus, 15, 30),
    (Strength::Weak, 10, 20),
];
/// Points of an urgent finding (the red flag).
pub const URGENT_POINTS: u32 = 60;
/// Rules of the same cause (mileage_spike and long_run_spike: excessive
/// running) add up to at most this.
pub const SAME_CAUSE_CAP: u32 = 60;
/// The score never goes above this.
pub const MAX_SCORE: u32 = 100;
/// Lowest scores of the levels above `low`.
pub const MODERATE_FROM: u32 = 10;
pub const HIGH_FROM: u32 = 35;
pub const VERY_HIGH_FROM: u32 = 60;
/// The rule that makes a week urgent.
pub const RED_FLAG_RULE: &str = "see_doctor";

/// The points a finding of this strength and severity adds before any cap.
pub fn points(strength: Strength, severity: Severity) -> u32 {
    let (_, warning, alert) = POINTS
        .iter()
        .copied()
        .find(|(s, _, _)| *s == strength)
        .unwrap_or(POINTS[POINTS.len() - 1]);
    match severity {
        Severity::Info => 0,
        Severity::Warning => warning,
        Severity::Alert => alert,
        Severity::Urgent => URGENT_POINTS,
    }
}

/// The level of a score, before any red flag.
pub fn level_of(score: u32) -> Level {
    match score {
        s if s >= VERY_HIGH_FROM => Level::VeryHigh,
        s if s >= HIGH_FROM => Level::High,
        s if s >= MODERATE_FROM => Level::Moderate,
        _ => Level::Low,
    }
}

/// Scores one week from its findings.
pub fn score<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> WeekRisk {
    let mut worst: BTreeMap<&'static str, (Severity, &'static str)> = BTreeMap::new();
    for finding in findings {
        let entry = worst
            .entry(finding.rule)
            .or_insert((finding.severity, finding.cause));
        entry.0 = entry.0.max(finding.severity);
    }
    let mut factors: Vec<(Factor, &'static str)> = worst
        .into_iter()
        .map(|(rule, (severity, cause))| {
            let strength = rules::rule(rule).map_or(Strength::Weak, |r| r.strength());
            let factor = Factor {
                rule,
                severity,
                points: points(strength, severity),
                share: 0.0,
            };
            (factor, cause)
        })
        .filter(|(f, _)| f.points > 0)
        .collect();
    cap_same_cause(&mut factors);
    let mut factors: Vec<Factor> = factors.into_iter().map(|(f, _)| f).collect();
    scale_to(&mut factors, MAX_SCORE);
    factors.sort_by(|a, b| b.points.cmp(&a.points).then(a.rule.cmp(b.rule)));
    let score = factors.iter().map(|f| f.points).sum::<u32>();
    for factor in &mut factors {
        factor.share = (f64::from(factor.points) / f64::from(score) * 100.0).round() / 100.0;
    }
    let red_flag = factors.iter().any(|f| f.rule == RED_FLAG_RULE);
    WeekRisk {
        score,
        level: if red_flag {
            Level::Urgent
        } else {
            level_of(score)
        },
        factors,
    }
}

/// Scales the points of each cause's factors down to `SAME_CAUSE_CAP` together.
fn cap_same_cause(factors: &mut [(Factor, &'static str)]) {
    let causes: Vec<&'static str> = factors.iter().map(|(_, c)| *c).collect();
    for cause in causes {
        let mut same: Vec<Factor> = factors
            .iter()
            .filter(|(_, c)| *c == cause)
            .map(|(f, _)| f.clone())
            .collect();
        if same.len() < 2 {
            continue;
        }
        scale_to(&mut same, SAME_CAUSE_CAP);
        for (factor, _) in factors.iter_mut().filter(|(_, c)| *c == cause) {
            if let Some(scaled) = same.iter().find(|s| s.rule == factor.rule) {
                factor.points = scaled.points;
            }
        }
    }
}

/// Scales points down so they add up to at most `cap`, keeping whole points
/// that add up exactly (largest remainders first) and at least 1 each.
fn scale_to(factors: &mut [Factor], cap: u32) {
    let total: u32 = factors.iter().map(|f| f.points).sum();
    if total <= cap {
        return;
    }
    let exact: Vec<f64> = factors
        .iter()
        .map(|f| f64::from(f.points) * f64::from(cap) / f64::from(total))
        .collect();
    for (factor, share) in factors.iter_mut().zip(&exact) {
        factor.points = (share.floor() as u32).max(1);
    }
    let mut order: Vec<usize> = (0..factors.len()).collect();
    order.sort_by(|a, b| {
        let fraction = |i: usize| exact[i] - exact[i].floor();
        fraction(*b).total_cmp(&fraction(*a))
    });
    let mut left = cap.saturating_sub(factors.iter().map(|f| f.points).sum());
    for index in order.into_iter().cycle().take(factors.len() * 2) {
        if left == 0 {
            break;
        }
        factors[index].points += 1;
        left -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Strength, Week};
    use chrono::NaiveDate;

    fn finding(rule: &'static str, severity: Severity) -> Finding {
        Finding {
            athlete: None,
            week: Week::of(NaiveDate::from_ymd_opt(2025, 2, 17).unwrap()),
            date: None,
            rule,
            severity,
            cause: crate::rules::rule(rule).map_or("", |r| r.cause()),
            message: String::new(),
            advice: String::new(),
            evidence: Default::default(),
            evidence_grade: "",
        }
    }

    #[test]
    fn scores_and_levels() {
        use Severity::*;
        type Case<'a> = (&'a [(&'static str, Severity)], u32, Level);
        let cases: [Case; 10] = [
            (&[], 0, Level::Low),
            (&[("hard_surface", Info)], 0, Level::Low),
            (&[("no_rest", Warning)], 15, Level::Moderate),
            (&[("mileage_spike", Alert)], 40, Level::High),
            (&[("long_run_spike", Alert)], 50, Level::High),
            (&[("frequent_hills", Alert)], 20, Level::Moderate),
            (
                &[("no_warmup", Warning), ("no_warmup", Warning)],
                10,
                Level::Moderate,
            ),
            (
                &[
                    ("mileage_spike", Alert),
                    ("long_run_spike", Alert),
                    ("no_rest", Warning),
                ],
                75,
                Level::VeryHigh,
            ),
            (
                &[
                    ("mileage_spike", Alert),
                    ("long_run_spike", Alert),
                    ("no_rest", Alert),
                    ("high_intensity", Alert),
                    ("frequent_hills", Alert),
                ],
                100,
                Level::VeryHigh,
            ),
            (&[("see_doctor", Urgent)], 60, Level::Urgent),
        ];
        for (found, want_score, want_level) in cases {
            let findings: Vec<Finding> = found.iter().map(|(r, s)| finding(r, *s)).collect();
            let risk = score(&findings);
            assert_eq!(
                (risk.score, risk.level),
                (want_score, want_level),
                "{found:?}"
            );
            let sum: u32 = risk.factors.iter().map(|f| f.points).sum();
            assert_eq!(
                sum, risk.score,
                "the factors add up to the score: {found:?}"
            );
        }
    }

    #[test]
    fn jumps_of_the_same_load_share_one_cap() {
        let findings = [
            finding("mileage_spike", Severity::Alert),
            finding("long_run_spike", Severity::Alert),
        ];
        let risk = score(&findings);
        let points: Vec<_> = risk.factors.iter().map(|f| (f.rule, f.points)).collect();
        assert_eq!(points, [("long_run_spike", 33), ("mileage_spike", 27)]);
        assert_eq!(risk.score, SAME_CAUSE_CAP);
    }

    #[test]
    fn points_follow_the_strength_of_the_evidence() {
        let order = [
            Strength::Strongest,
            Strength::Moderate,
            Strength::Consensus,
            Strength::Weak,
        ];
        for pair in order.windows(2) {
            for severity in [Severity::Warning, Severity::Alert] {
                assert!(
                    points(pair[0], severity) > points(pair[1], severity),
                    "{pair:?}"
                );
            }
        }
        for strength in order {
            assert!(points(strength, Severity::Warning) > 0);
            assert!(points(strength, Severity::Alert) > points(strength, Severity::Warning));
        }
    }

    #[test]
    fn factors_list_each_rule_once_worst_first() {
        let findings = [
            finding("no_warmup", Severity::Warning),
            finding("long_run_spike", Severity::Warning),
            finding("long_run_spike", Severity::Alert),
        ];
        let risk = score(&findings);
        let rules: Vec<_> = risk
            .factors
            .iter()
            .map(|f| (f.rule, f.points, f.share))
            .collect();
        assert_eq!(
            rules,
            [("long_run_spike", 50, 0.83), ("no_warmup", 10, 0.17)]
        );
    }
}
