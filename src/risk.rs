//! A week's risk score: each rule that fired counts once, at its worst
//! severity, and the points add up to at most 100. A `see_doctor` finding
//! makes the week `urgent` whatever the score.

use std::collections::BTreeMap;

use crate::model::{Factor, Finding, Level, Severity, WeekRisk};

/// Points a rule adds at each severity. `info` adds nothing.
pub const WARNING_POINTS: u32 = 20;
pub const ALERT_POINTS: u32 = 40;
pub const URGENT_POINTS: u32 = 60;
/// The score never goes above this.
pub const MAX_SCORE: u32 = 100;
/// Lowest scores of the levels above `low`.
pub const MODERATE_FROM: u32 = 20;
pub const HIGH_FROM: u32 = 40;
pub const VERY_HIGH_FROM: u32 = 70;
/// The rule that makes a week urgent.
pub const RED_FLAG_RULE: &str = "see_doctor";

pub fn points(severity: Severity) -> u32 {
    match severity {
        Severity::Info => 0,
        Severity::Warning => WARNING_POINTS,
        Severity::Alert => ALERT_POINTS,
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
    let mut worst: BTreeMap<&'static str, Severity> = BTreeMap::new();
    for finding in findings {
        let entry = worst.entry(finding.rule).or_insert(finding.severity);
        *entry = (*entry).max(finding.severity);
    }
    let mut factors: Vec<Factor> = worst
        .into_iter()
        .map(|(rule, severity)| Factor {
            rule,
            severity,
            points: points(severity),
            share: 0.0,
        })
        .filter(|f| f.points > 0)
        .collect();
    factors.sort_by(|a, b| b.points.cmp(&a.points).then(a.rule.cmp(b.rule)));
    let total = factors.iter().map(|f| f.points).sum::<u32>();
    for factor in &mut factors {
        factor.share = (f64::from(factor.points) / f64::from(total) * 100.0).round() / 100.0;
    }
    let score = total.min(MAX_SCORE);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Week;
    use chrono::NaiveDate;

    fn finding(rule: &'static str, severity: Severity) -> Finding {
        Finding {
            athlete: None,
            week: Week::of(NaiveDate::from_ymd_opt(2025, 2, 17).unwrap()),
            date: None,
            rule,
            severity,
            cause: "",
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
        let cases: [Case; 7] = [
            (&[], 0, Level::Low),
            (&[("hard_surface", Info)], 0, Level::Low),
            (&[("no_rest", Warning)], 20, Level::Moderate),
            (&[("mileage_spike", Alert)], 40, Level::High),
            (
                &[("no_warmup", Warning), ("no_warmup", Warning)],
                20,
                Level::Moderate,
            ),
            (
                &[
                    ("mileage_spike", Alert),
                    ("long_run_spike", Alert),
                    ("no_rest", Warning),
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
            [("long_run_spike", 40, 0.67), ("no_warmup", 20, 0.33)]
        );
    }
}
