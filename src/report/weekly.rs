//! The weekly risk report as plain data: everything the image shows, built
//! from one athlete's analysis, so it can be tested without drawing and the
//! drawing code only draws.

use chrono::NaiveDate;

use crate::analysis::calendar::LONG_RUN_WINDOW_DAYS;
use crate::analysis::load::CHRONIC_WEEKS;
use crate::analysis::shoes;
use crate::error::{Error, Result};
use crate::model::{Finding, Level, Load, Severity, Surface, Units, Week};
use crate::risk::RED_FLAG_RULE;
use crate::rules::{self, Thresholds};
use crate::AthleteAnalysis;

/// Weeks of history the report shows by default.
pub const DEFAULT_WEEKS: usize = 26;

/// One finding as the report lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFinding {
    pub rule: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub date: Option<NaiveDate>,
    pub message: String,
    pub advice: String,
    /// How strong the evidence behind the rule is, without its sources.
    pub evidence: &'static str,
}

/// One week of the history charts.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryWeek {
    pub week: Week,
    pub start: NaiveDate,
    pub distance_km: f64,
    pub acwr: Option<f64>,
    /// Fitness as a week's distance (the 42-day average day × 7), when
    /// the load is distance.
    pub fitness_week_km: Option<f64>,
    pub score: u32,
    pub level: Level,
    /// Each rule's points, in the order of `rules::RULES`.
    pub factors: Vec<(&'static str, u32)>,
}

/// A shoe in use in the report's window (run in within the last
/// [`shoes::RETIRED_AFTER_DAYS`] days) and the distance on it at the week's end.
#[derive(Debug, Clone, PartialEq)]
pub struct ShoeWear {
    pub name: String,
    pub km: f64,
}

/// Everything the weekly risk report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub athlete: Option<String>,
    pub week: Week,
    pub start: NaiveDate,
    /// The week's Sunday, or its last logged day when `partial`.
    pub end: NaiveDate,
    /// The week so far: the log ends before its Sunday.
    pub partial: bool,
    pub score: u32,
    pub level: Level,
    /// The week has a `see_doctor` finding: the report carries the banner.
    pub see_doctor: bool,
    pub distance_km: f64,
    pub runs: usize,
    pub rest_days: u32,
    pub longest_run_km: f64,
    pub acwr: Option<f64>,
    /// Form (fitness - fatigue) on the week's last day, and fitness, on `load`.
    pub form: f64,
    pub fitness: f64,
    pub load: Load,
    /// This week's findings, most severe first.
    pub findings: Vec<ReportFinding>,
    /// The weeks of the charts, oldest first, ending with this week.
    pub history: Vec<HistoryWeek>,
    pub shoes: Vec<ShoeWear>,
    /// Limits for next week's distance and long run.
    pub next_week: NextWeek,
    /// This week's distance per surface, largest first.
    pub surfaces: Vec<(Surface, f64)>,
    /// Thresholds of the shoe chart, in km.
    pub shoe_warning_km: f64,
    pub shoe_alert_km: f64,
    pub units: Units,
    /// Set when invalid rows were skipped: the report says the data is incomplete.
    pub incomplete: Option<String>,
    pub habits: Habits,
    /// The runner's strongest personal trigger of heavy legs, in words,
    /// when `triggers` found one (set by the caller, which runs them).
    pub top_trigger: Option<String>,
}

/// The week's prevention habits: warm-ups, cushioned inserts and core or
/// strength sessions. A count is `None` when the log does not record it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Habits {
    pub runs: usize,
    pub warmups: Option<usize>,
    pub inserts: Option<usize>,
    /// Core and strength sessions, when the log records any.
    pub strength_sessions: Option<u32>,
}

impl Habits {
    /// The habits in words, or `None` when the log records none of them.
    pub fn words(&self) -> Option<String> {
        let of_runs = |what: &str, n: usize| format!("{what} {n} of {}", self.runs);
        let parts: Vec<String> = [
            self.warmups.map(|n| of_runs("warm-up before", n)),
            self.inserts.map(|n| of_runs("cushioned inserts in", n)),
            self.strength_sessions.map(|n| {
                crate::words::counted(
                    n as usize,
                    "core or strength session",
                    "core or strength sessions",
                )
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// What to report on.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    /// The week; the latest week with runs when `None`.
    pub week: Option<Week>,
    pub weeks: usize,
    pub units: Units,
    /// The thresholds in force (for the shoe chart and next week's limits).
    pub limits: Thresholds,
}

/// What next week should stay under so that the spike rules stay quiet.
#[derive(Debug, Clone, PartialEq)]
pub struct NextWeek {
    /// Weekly distance under the mileage-spike warning ratio (with four weeks of log).
    pub max_km: Option<f64>,
    /// Longest run under the long-run warning ratio (with a run in the last 30 days).
    pub long_run_max_km: Option<f64>,
}

/// Form at or above this share of fitness is fresh.
const FRESH_FORM_SHARE: f64 = 0.05;
/// Form below this share of fitness is tired, and below the next very tired.
const TIRED_FORM_SHARE: f64 = -0.1;
const VERY_TIRED_FORM_SHARE: f64 = -0.3;

impl Report {
    /// Form in a word, by its share of fitness (the bands intervals.icu
    /// uses): fresh, balanced, tired or very tired.
    pub fn form_word(&self) -> &'static str {
        let share = self.form / self.fitness.max(1e-9);
        if share >= FRESH_FORM_SHARE {
            "fresh"
        } else if share >= TIRED_FORM_SHARE {
            "balanced"
        } else if share >= VERY_TIRED_FORM_SHARE {
            "tired"
        } else {
            "very tired"
        }
    }

    pub fn build(analysis: &AthleteAnalysis, request: &ReportRequest) -> Result<Report> {
        let timeline = &analysis.timeline;
        let index = match request.week {
            Some(week) => timeline.week_index(week).ok_or_else(|| {
                Error::Usage(format!(
                    "the log has no week {week}; it covers {} to {}",
                    timeline.weeks[0].week,
                    timeline.weeks[timeline.weeks.len() - 1].week
                ))
            })?,
            None => latest_week_with_runs(analysis),
        };
        let metrics = &timeline.weeks[index];
        let risk = &analysis.risks[index];
        let mut findings: Vec<&Finding> = analysis.findings_in(index).collect();
        findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.date.cmp(&b.date)));
        let first = (index + 1).saturating_sub(request.weeks.max(1));
        let end = metrics.start + chrono::Duration::days(i64::from(metrics.days_logged) - 1);
        Ok(Report {
            athlete: timeline.athlete.as_deref().map(str::to_string),
            week: metrics.week,
            start: metrics.start,
            end,
            partial: metrics.is_partial(),
            score: risk.score,
            level: risk.level,
            see_doctor: findings.iter().any(|f| f.rule == RED_FLAG_RULE),
            distance_km: metrics.distance_km,
            runs: metrics.runs.len(),
            rest_days: metrics.rest_days,
            longest_run_km: metrics.longest_run_km,
            acwr: metrics.acwr,
            form: metrics.form,
            fitness: metrics.fitness,
            load: timeline.load,
            findings: findings.into_iter().map(report_finding).collect(),
            history: (first..=index).map(|i| history_week(analysis, i)).collect(),
            shoes: shoe_wear(analysis, first, index, end),
            habits: habits(analysis, index),
            top_trigger: None,
            surfaces: surface_mix(analysis, index),
            next_week: next_week(analysis, index, &request.limits),
            shoe_warning_km: request.limits.worn_shoes.warning_km,
            shoe_alert_km: request.limits.worn_shoes.alert_km,
            units: request.units,
            incomplete: None,
        })
    }
}

/// Next week's limits: the weekly distance under the warning ratio of the
/// mileage rule (next week's chronic load is this week and the three
/// before), and the long run under the long-run rule's warning (the longest
/// run of the 30 days ending with this week). After a spike, the lower
/// figures its finding advises win, so the report never says two things.
fn next_week(analysis: &AthleteAnalysis, index: usize, limits: &Thresholds) -> NextWeek {
    let timeline = &analysis.timeline;
    let recent = &timeline.weeks[(index + 1).saturating_sub(CHRONIC_WEEKS)..=index];
    // Only four weeks that all have running give a fair cap; after a break
    // the mileage rule (and so this cap) has nothing to go on.
    let enough = recent.len() == CHRONIC_WEEKS && recent.iter().all(|w| w.distance_km > 0.0);
    let end = timeline.weeks[index].end();
    let window_start = end - chrono::Duration::days(LONG_RUN_WINDOW_DAYS as i64 - 1);
    let longest = timeline
        .runs
        .iter()
        .filter(|run| run.date >= window_start && run.date <= end)
        .map(|run| run.distance_km)
        .fold(0.0, f64::max);
    let advised = |rule: &str, key: &str| {
        analysis
            .findings_in(index)
            .filter(|f| f.rule == rule)
            .filter_map(|f| f.evidence.get(key))
            .reduce(f64::min)
    };
    let lower = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    NextWeek {
        max_km: lower(
            enough.then(|| {
                rules::next_week_ceiling(&timeline.weeks[..=index], &limits.mileage_spike)
            }),
            advised("mileage_spike", "next_week_max_km"),
        ),
        long_run_max_km: lower(
            (longest > 0.0).then(|| rules::long_run_ceiling(longest, &limits.long_run_spike)),
            advised("long_run_spike", "next_long_run_max_km"),
        ),
    }
}

fn habits(analysis: &AthleteAnalysis, index: usize) -> Habits {
    let timeline = &analysis.timeline;
    let week = &timeline.weeks[index];
    let runs: Vec<_> = timeline.runs_in(week).map(|(run, _)| run).collect();
    let count = |logged: fn(&crate::model::Run) -> Option<bool>| {
        let logged_any = timeline.runs.iter().any(|r| logged(r).is_some());
        logged_any.then(|| runs.iter().filter(|r| logged(r) == Some(true)).count())
    };
    let records_strength = timeline
        .sessions
        .iter()
        .any(|s| s.activity.is_core_strength());
    Habits {
        runs: runs.len(),
        warmups: count(|r| r.warmup),
        inserts: count(|r| r.inserts),
        strength_sessions: records_strength.then_some(week.core_strength_sessions),
    }
}

fn latest_week_with_runs(analysis: &AthleteAnalysis) -> usize {
    let weeks = &analysis.timeline.weeks;
    weeks
        .iter()
        .rposition(|w| !w.runs.is_empty())
        .unwrap_or(weeks.len() - 1)
}

fn report_finding(finding: &Finding) -> ReportFinding {
    ReportFinding {
        rule: finding.rule,
        title: rules::rule(finding.rule).map_or(finding.rule, |r| r.title()),
        severity: finding.severity,
        date: finding.date,
        message: finding.message.clone(),
        advice: finding.advice.clone(),
        evidence: finding.evidence_strength(),
    }
}

fn history_week(analysis: &AthleteAnalysis, index: usize) -> HistoryWeek {
    let week = &analysis.timeline.weeks[index];
    let risk = &analysis.risks[index];
    HistoryWeek {
        week: week.week,
        start: week.start,
        distance_km: week.distance_km,
        acwr: week.acwr,
        fitness_week_km: (analysis.timeline.load == Load::Distance).then_some(week.fitness * 7.0),
        score: risk.score,
        level: risk.level,
        factors: rules::RULES
            .iter()
            .filter_map(|rule| {
                let factor = risk.factors.iter().find(|f| f.rule == rule.id())?;
                Some((rule.id(), factor.points))
            })
            .collect(),
    }
}

/// The shoes in use: those run in during the window and not retired by the
/// end of the reported week, most recently used first, with their distance
/// after the last run in them up to then.
fn shoe_wear(
    analysis: &AthleteAnalysis,
    first: usize,
    last: usize,
    end: NaiveDate,
) -> Vec<ShoeWear> {
    let timeline = &analysis.timeline;
    let runs = timeline.weeks[first].runs.start..timeline.weeks[last].runs.end;
    shoes::shoes(timeline, runs)
        .into_iter()
        .filter(|shoe| !shoe.is_retired(end))
        .map(|shoe| ShoeWear {
            name: shoe.name,
            km: shoe.km,
        })
        .collect()
}

fn surface_mix(analysis: &AthleteAnalysis, index: usize) -> Vec<(Surface, f64)> {
    let mut mix: Vec<(Surface, f64)> = analysis.timeline.weeks[index]
        .surface_km
        .iter()
        .map(|(s, km)| (*s, *km))
        .collect();
    mix.sort_by(|a, b| b.1.total_cmp(&a.1));
    mix
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Run;
    use crate::rules::testing::{run, weekly};

    fn request(weeks: usize) -> ReportRequest {
        ReportRequest {
            week: None,
            weeks,
            units: Units::Km,
            limits: Thresholds::default(),
        }
    }

    fn analyse(runs: Vec<Run>) -> AthleteAnalysis {
        crate::analyse(vec![runs], &Thresholds::default(), Units::Km).remove(0)
    }

    #[test]
    fn reports_the_latest_week_with_its_findings_worst_first() {
        let mut runs = weekly(&[30.0, 30.0, 30.0, 30.0, 30.0, 60.0]);
        let last = runs.len() - 1;
        runs[last].warmup = Some(false);
        runs[last].sprints = Some(6);
        let analysis = analyse(runs);
        let report = Report::build(&analysis, &request(26)).unwrap();
        assert_eq!(report.week.to_string(), "2025-W07");
        assert_eq!(report.history.len(), 6);
        let flagged: Vec<_> = analysis
            .findings_in(5)
            .map(|f| (f.rule, f.message.clone()))
            .collect();
        let listed: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.rule, f.message.clone()))
            .collect();
        assert_eq!(listed.len(), flagged.len());
        assert!(flagged.iter().all(|f| listed.contains(f)));
        assert!(report
            .findings
            .windows(2)
            .all(|w| w[0].severity >= w[1].severity));
        assert!(!report.see_doctor);
        assert_eq!(report.score, analysis.risks[5].score);
        assert!(
            report.findings.iter().all(|f| !f.evidence.is_empty()),
            "every finding says how strong its evidence is"
        );
    }

    /// The runs of a week that follows the report's advice to the letter:
    /// its longest run at the long-run ceiling, the rest of the distance
    /// in runs no longer than that.
    fn advised_week(after: &[f64], next: &NextWeek) -> Vec<Run> {
        let total = next.max_km.unwrap();
        let long = next.long_run_max_km.unwrap().min(total);
        let start = after.len() as i64 * 7;
        let mut runs = vec![run(start + 6, long)];
        let mut left = total - long;
        let mut day = 0;
        while left > 1e-9 {
            let km = left.min(long);
            runs.push(run(start + day, km));
            left -= km;
            day += 1;
        }
        runs
    }

    #[test]
    fn following_next_weeks_advice_raises_no_spike() {
        let histories: [&[f64]; 6] = [
            &[30.0; 5],
            &[30.0, 30.0, 30.0, 30.0, 60.0],
            &[40.0, 42.0, 38.0, 45.0, 30.0],
            &[20.0, 25.0, 30.0, 35.0, 40.0, 45.0],
            &[50.0, 50.0, 50.0, 50.0, 100.0],
            &[12.0, 12.3, 11.7, 12.1, 12.2],
        ];
        for weeks in histories {
            let report = Report::build(&analyse(weekly(weeks)), &request(26)).unwrap();
            let next = report.next_week;
            let mut runs = weekly(weeks);
            runs.extend(advised_week(weeks, &next));
            let analysis = analyse(runs);
            let last = analysis.timeline.weeks.len() - 1;
            let spikes: Vec<_> = analysis
                .findings_in(last)
                .filter(|f| f.rule == "mileage_spike" || f.rule == "long_run_spike")
                .map(|f| f.message.clone())
                .collect();
            assert!(spikes.is_empty(), "{weeks:?} then {next:?}: {spikes:?}");
            let usual = weeks[weeks.len() - 4..].iter().sum::<f64>() / 4.0;
            assert!(
                next.max_km.unwrap() <= usual * 1.1 + 1e-9,
                "{weeks:?}: {next:?} builds more than 10% on {usual}"
            );
        }
    }

    #[test]
    fn in_miles_the_next_week_box_and_the_advice_give_one_figure() {
        let runs = weekly(&[30.0, 30.0, 30.0, 30.0, 30.0, 60.0]);
        let mut miles = request(26);
        miles.units = Units::Mi;
        let analysis = crate::analyse(vec![runs], &Thresholds::default(), Units::Mi).remove(0);
        let report = Report::build(&analysis, &miles).unwrap();
        let long = report.next_week.long_run_max_km.unwrap();
        let advice = &report
            .findings
            .iter()
            .find(|f| f.rule == "long_run_spike")
            .unwrap()
            .advice;
        let figure = Units::Mi.format_limit_km(long);
        assert!(advice.contains(&figure), "{advice} lacks {figure}");
    }

    #[test]
    fn next_week_takes_the_spikes_own_advice_and_needs_history() {
        let spike = Report::build(
            &analyse(weekly(&[30.0, 30.0, 30.0, 30.0, 30.0, 60.0])),
            &request(26),
        )
        .unwrap();
        let advised = spike
            .findings
            .iter()
            .find(|f| f.rule == "mileage_spike")
            .unwrap();
        assert!(advised
            .advice
            .contains(&format!("{:.1} km", spike.next_week.max_km.unwrap())));
        let early = Report::build(&analyse(weekly(&[30.0; 2])), &request(26)).unwrap();
        assert_eq!(
            early.next_week.max_km, None,
            "two weeks are not enough history"
        );
        assert!(early.next_week.long_run_max_km.is_some());
    }

    #[test]
    fn a_red_flag_week_carries_the_banner() {
        let mut runs = weekly(&[20.0, 20.0]);
        runs[4].foot_drag = true;
        let analysis = analyse(runs);
        let report = Report::build(&analysis, &request(26)).unwrap();
        assert!(report.see_doctor);
        assert_eq!(report.level, Level::Urgent);
        assert_eq!(report.findings[0].rule, "see_doctor");
    }

    #[test]
    fn window_shoes_and_surfaces() {
        let mut runs = weekly(&[30.0; 8]);
        for (i, r) in runs.iter_mut().enumerate() {
            r.shoe = Some(if i < 12 { "Old".into() } else { "New".into() });
            r.surface = Some(if i % 3 == 0 {
                Surface::Trail
            } else {
                Surface::Road
            });
        }
        let analysis = analyse(runs);
        let report = Report::build(&analysis, &request(3)).unwrap();
        assert_eq!(report.history.len(), 3);
        assert_eq!(report.history[0].week.to_string(), "2025-W07");
        assert_eq!(
            report.shoes,
            vec![ShoeWear {
                name: "New".into(),
                km: 120.0
            }]
        );
        assert_eq!(
            report.surfaces,
            vec![(Surface::Road, 20.0), (Surface::Trail, 10.0)]
        );
    }

    #[test]
    fn a_chosen_week_must_exist() {
        let analysis = analyse(vec![run(0, 5.0)]);
        let mut wanted = request(26);
        wanted.week = Week::parse("2024-W10");
        let err = Report::build(&analysis, &wanted).unwrap_err();
        assert!(err.to_string().contains("no week 2024-W10"), "{err}");
        wanted.week = Week::parse("2025-W02");
        assert_eq!(Report::build(&analysis, &wanted).unwrap().runs, 1);
    }
}
