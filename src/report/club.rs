//! The club overview image's data: a coach of 4 or of 30 athletes reads on
//! Monday who is at risk this week and why. Athletes are rows ranked as
//! `runrisk athletes` ranks them, recent weeks are cells coloured by level,
//! and each row ends with its top finding in words. Plain data, built from
//! the analyses; `png::club` draws it.

use chrono::{Duration, NaiveDate};

use super::athletes::{top_finding_of, AthleteRow, ClubTable};
use super::Selection;
use crate::model::{Level, Severity, Week};
use crate::AthleteAnalysis;

/// The most weeks of history the overview shows: past half a year the cells
/// get too thin to read.
pub const MAX_CLUB_WEEKS: usize = 26;
/// The weeks shown when `--weeks` is left at its default.
pub const DEFAULT_CLUB_WEEKS: usize = 12;

/// What the club overview shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ClubReport {
    pub week: Week,
    pub start: NaiveDate,
    /// The week's Sunday, or the log's last day when the week is partial.
    pub end: NaiveDate,
    pub partial: bool,
    /// The columns, oldest first; the last is `week`.
    pub weeks: Vec<Week>,
    /// Riskiest first.
    pub athletes: Vec<ClubRow>,
    /// What was lost while reading the log, when anything was.
    pub incomplete: Option<String>,
}

/// One athlete's row.
#[derive(Debug, Clone, PartialEq)]
pub struct ClubRow {
    pub name: String,
    pub risk: u32,
    pub level: Level,
    /// Each shown week's score and level; `None` for a week without runs
    /// or outside the athlete's log.
    pub cells: Vec<Option<(u32, Level)>>,
    /// The top finding of the week in words, or why there is none.
    pub top: String,
    /// The athlete must see a doctor (a dragging foot).
    pub urgent: bool,
}

impl ClubReport {
    /// The overview of `week` from its parts; `end` is the last day of the
    /// week when it is not over.
    fn of_week(
        week: Week,
        columns: Vec<Week>,
        athletes: Vec<ClubRow>,
        partial: bool,
        end: Option<NaiveDate>,
    ) -> ClubReport {
        let start = week.monday();
        ClubReport {
            week,
            start,
            end: end.unwrap_or(start + Duration::days(6)),
            partial,
            weeks: columns,
            athletes,
            incomplete: None,
        }
    }

    /// How many athletes must see a doctor, and how many more are at high risk or above.
    /// The overview of the athletes gathered (see [`ClubGather`]), with
    /// `weeks` weeks of history, and the severities of the week's findings.
    pub fn from_gathered(gather: ClubGather, weeks: usize) -> Option<(ClubReport, Vec<Severity>)> {
        let ClubGather { table, ends } = gather;
        let (week, gathered, severities) = table.finish_with()?;
        let columns = columns_to(week, weeks);
        let partial = gathered.iter().any(|g| g.row.partial);
        let athletes = gathered
            .iter()
            .map(|g| {
                let cells = columns
                    .iter()
                    .map(|column| {
                        let cell = g.extra.cells.iter().find(|(w, _)| w == column);
                        cell.and_then(|(_, risk)| *risk)
                    })
                    .collect();
                let top = match &g.extra.top {
                    Some(top) if g.at_week => top.clone(),
                    _ => no_run_since(g.row.last_run),
                };
                club_row_of(&g.row, cells, top)
            })
            .collect();
        let end = ends
            .iter()
            .filter(|(at, _)| *at == week)
            .map(|(_, end)| *end)
            .max();
        let club = ClubReport::of_week(week, columns, athletes, partial, end);
        Some((club, severities))
    }

    pub fn counts(&self) -> (usize, usize) {
        let urgent = self.athletes.iter().filter(|a| a.urgent).count();
        let high = self
            .athletes
            .iter()
            .filter(|a| !a.urgent && a.level >= Level::High)
            .count();
        (urgent, high)
    }
}

/// The weeks the overview shows: `weeks` of them (at most
/// [`MAX_CLUB_WEEKS`]) ending with `week`.
fn columns_to(week: Week, weeks: usize) -> Vec<Week> {
    let count = weeks.clamp(1, MAX_CLUB_WEEKS) as i64;
    (0..count)
        .rev()
        .map(|back| Week::of(week.monday() - Duration::weeks(back)))
        .collect()
}

/// The overview of a club gathered from one batch of analyses or many: the
/// asked-for athletes' rows (see [`ClubTable`]), with each athlete's risk
/// cells of the weeks the overview can show and its top finding in words.
pub struct ClubGather {
    table: ClubTable<ClubCells>,
    /// The last week and its last day, of every athlete whose log ends in a
    /// week not over: the overview's week ends there.
    ends: Vec<(Week, NaiveDate)>,
}

/// What the overview keeps of one athlete, in the week it is gathered for.
struct ClubCells {
    /// The athlete's weeks among the last [`MAX_CLUB_WEEKS`] up to that
    /// week, each with its risk when it has runs.
    cells: Vec<(Week, Option<(u32, Level)>)>,
    /// The top finding in words, when the athlete has that week.
    top: Option<String>,
}

impl ClubGather {
    /// An overview for `week`, or for the selected athletes' last week when `None`.
    pub fn new(week: Option<Week>) -> ClubGather {
        ClubGather {
            table: ClubTable::with_extra(week),
            ends: Vec::new(),
        }
    }

    /// Takes what the overview needs from a batch of analyses, of the
    /// athletes `selection` wants.
    pub fn add(&mut self, analyses: &[AthleteAnalysis], selection: &Selection) {
        self.table.add_with(analyses, selection, club_cells);
        let last_weeks = analyses.iter().filter_map(|a| a.timeline.weeks.last());
        let partial = last_weeks.filter(|w| w.is_partial());
        self.ends.extend(partial.map(|w| (w.week, w.last_day())));
    }
}

/// What the overview keeps of an athlete for `week` (see [`ClubCells`]).
fn club_cells(analysis: &AthleteAnalysis, week: Week) -> ClubCells {
    let timeline = &analysis.timeline;
    let window = columns_to(week, MAX_CLUB_WEEKS);
    let cells = window
        .iter()
        .filter_map(|column| {
            let index = timeline.week_index(*column)?;
            Some((*column, risk_cell(analysis, index)))
        })
        .collect();
    let top = timeline
        .week_index(week)
        .map(|index| top_words(analysis, index));
    ClubCells { cells, top }
}

/// A week's cell: its risk, when the week has runs.
fn risk_cell(analysis: &AthleteAnalysis, index: usize) -> Option<(u32, Level)> {
    let metrics = &analysis.timeline.weeks[index];
    let risk = &analysis.risks[index];
    (!metrics.runs.is_empty()).then_some((risk.score, risk.level))
}

fn club_row_of(row: &AthleteRow, cells: Vec<Option<(u32, Level)>>, top: String) -> ClubRow {
    ClubRow {
        name: row.athlete.as_deref().unwrap_or("(no name)").to_string(),
        risk: row.risk,
        level: row.level,
        cells,
        top,
        urgent: row.level == Level::Urgent,
    }
}

/// Why an athlete whose log ended before the week has no finding in it.
fn no_run_since(last_run: NaiveDate) -> String {
    format!("no run since {}", crate::rules::day(last_run))
}

/// The most serious finding of the week at `index` in words, or that there is none.
fn top_words(analysis: &AthleteAnalysis, index: usize) -> String {
    match top_finding_of(analysis, index) {
        Some(finding) => {
            let title = crate::rules::rule(finding.rule).map_or(finding.rule, |r| r.title());
            format!("{title}: {}", finding.message)
        }
        None => "no training errors this week".to_string(),
    }
}
