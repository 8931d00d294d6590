//! runrisk finds the training errors behind heavy, tired legs in a runner's
//! log, week by week, explains each with its numbers and what to do next
//! week, scores each week's risk and draws a weekly risk report.
//!
//! The pipeline runs one way: [`import`] reads files into [`model::Run`]s,
//! [`analysis`] lays each athlete's runs on the calendar, [`rules`] find the
//! errors, [`risk`] scores the weeks and [`report`] writes what was asked.
//! Only `import` reads files and only `report` and [`app`] write them.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod analysis;
pub mod app;
mod byte_words;
pub mod error;
pub mod import;
pub mod model;
pub mod report;
pub mod risk;
pub mod rules;
mod steps;
pub mod triggers;
mod whole;
pub mod words;

use analysis::Timeline;
use model::{Finding, Load, Run, Units, WeekRisk};
use rules::{RuleResults, Thresholds, Wording};

/// Everything runrisk knows about one athlete.
#[derive(Debug, Clone)]
pub struct AthleteAnalysis {
    pub timeline: Timeline,
    /// Findings in week order.
    pub findings: Vec<Finding>,
    /// One per week of `timeline.weeks`.
    pub risks: Vec<WeekRisk>,
    /// For each week, the rules that lacked history to judge it.
    pub insufficient_history: Vec<(model::Week, Vec<&'static str>)>,
}

impl AthleteAnalysis {
    /// The findings of the week at `index` of the timeline.
    pub fn findings_in(&self, index: usize) -> impl Iterator<Item = &Finding> {
        let week = self.timeline.weeks[index].week;
        self.findings.iter().filter(move |f| f.week == week)
    }
}

/// Analyses each athlete's runs (sorted by date), as `import` returns them.
/// Athletes are independent, so a club log is analysed on all cores.
pub fn analyse(athletes: Vec<Vec<Run>>, limits: &Thresholds, units: Units) -> Vec<AthleteAnalysis> {
    analyse_with(athletes, limits, units, Load::Distance)
}

/// Analyses each athlete's runs on the chosen load (`--load`). The log ends
/// on its latest day across all athletes.
pub fn analyse_with(
    athletes: Vec<Vec<Run>>,
    limits: &Thresholds,
    units: Units,
    load: Load,
) -> Vec<AthleteAnalysis> {
    analyse_as_of(athletes, limits, units, load, None)
}

/// The last day of a log: its latest row across all athletes (one export
/// date for a whole club).
pub fn log_end(athletes: &[Vec<Run>]) -> Option<chrono::NaiveDate> {
    athletes.iter().flatten().map(|run| run.date).max()
}

/// Analyses each athlete's runs, the log ending on `as_of` (`--as-of`) or,
/// without it, on its latest day across all athletes: a last week that ends
/// before its Sunday is judged as a partial week.
pub fn analyse_as_of(
    athletes: Vec<Vec<Run>>,
    limits: &Thresholds,
    units: Units,
    load: Load,
    as_of: Option<chrono::NaiveDate>,
) -> Vec<AthleteAnalysis> {
    use rayon::prelude::*;
    let end = as_of.or_else(|| log_end(&athletes));
    athletes
        .into_par_iter()
        .filter_map(|runs| analyse_athlete(runs, limits, (units, load), end, Wording::Worded))
        .collect()
}

/// How many athletes [`analyse_in_batches`] analyses at once on each core:
/// enough to keep every core busy, few enough that a batch's weeks and
/// findings stay small beside the runs of a club's whole log (two batches
/// are held at once: one being written, the next being analysed).
const ATHLETES_PER_CORE_IN_BATCH: usize = 4;

/// Analyses the athletes of a packed log a batch at a time, in parallel
/// within a batch, each unpacked only for its analysis, and hands each batch
/// to `each` in the log's order; a batch is dropped once `each` is done with
/// it. While `each` writes one batch, the thread pool analyses the next, so
/// writing in order never leaves a core waiting. The analyses are the same
/// as [`analyse_as_of`]'s, but a club's weeks and findings are never all
/// held at once, so output can be written as it comes.
pub fn analyse_in_batches<E>(
    log: &import::PackedLog,
    limits: &Thresholds,
    units: Units,
    load: Load,
    as_of: Option<chrono::NaiveDate>,
    wording: Wording,
    mut each: impl FnMut(Vec<AthleteAnalysis>) -> Result<(), E>,
) -> Result<(), E> {
    use rayon::prelude::*;
    let end = as_of.or_else(|| log.last_day());
    let analyse = |athletes: &[import::PackedRuns]| -> Vec<AthleteAnalysis> {
        athletes
            .par_iter()
            .filter_map(|packed| {
                let runs = packed.unpack(&log.names);
                analyse_athlete(runs, limits, (units, load), end, wording)
            })
            .collect()
    };
    let batch = ATHLETES_PER_CORE_IN_BATCH * rayon::current_num_threads();
    let mut batches = log.athletes.chunks(batch);
    let Some(first) = batches.next() else {
        return Ok(());
    };
    let mut ready = analyse(first);
    std::thread::scope(|scope| {
        for athletes in batches {
            let next = scope.spawn(|| analyse(athletes));
            let written = each(std::mem::take(&mut ready));
            ready = next
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            written?;
        }
        each(ready)
    })
}

fn analyse_athlete(
    runs: Vec<Run>,
    limits: &Thresholds,
    (units, load): (Units, Load),
    log_end: Option<chrono::NaiveDate>,
    wording: Wording,
) -> Option<AthleteAnalysis> {
    let athlete = runs.first()?.athlete.clone();
    let timeline = Timeline::build_until(athlete, runs, &limits.definitions(load), log_end)?;
    let RuleResults {
        findings,
        insufficient_history,
    } = rules::check_all(&timeline, limits, units, wording);
    let mut risks = Vec::with_capacity(timeline.weeks.len());
    let mut rest = findings.as_slice();
    for week in &timeline.weeks {
        let count = rest.iter().take_while(|f| f.week == week.week).count();
        risks.push(risk::score(&rest[..count]));
        rest = &rest[count..];
    }
    Some(AthleteAnalysis {
        timeline,
        findings,
        risks,
        insufficient_history,
    })
}
