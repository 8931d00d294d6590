//! The club overview image's data: a coach of 4 or of 30 athletes reads on
//! Monday who is at risk this week and why. Athletes are rows ranked as
//! `runrisk athletes` ranks them, recent weeks are cells coloured by level,
//! and each row ends with its top finding in words. Plain data, built from
//! the analyses; `png::club` draws it.

use chrono::{Duration, NaiveDate};

use super::athletes::{athlete_rows, top_finding_of, AthleteRow};
use super::Selection;
use crate::model::{Level, Week};
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
    /// The overview for `week` with `weeks` weeks of history.
    pub fn build(
        analyses: &[AthleteAnalysis],
        selection: &Selection,
        week: Week,
        weeks: usize,
    ) -> ClubReport {
        let count = weeks.clamp(1, MAX_CLUB_WEEKS) as i64;
        let columns: Vec<Week> = (0..count)
            .rev()
            .map(|back| Week::of(week.monday() - Duration::weeks(back)))
            .collect();
        let rows = athlete_rows(analyses, selection, week);
        let athletes = rows
            .iter()
            .filter_map(|row| {
                let analysis = selection
                    .athletes(analyses)
                    .find(|a| a.timeline.athlete == row.athlete)?;
                Some(club_row(analysis, row, &columns))
            })
            .collect();
        let partial = rows.iter().any(|r| r.partial);
        let start = week.monday();
        let end = analyses
            .iter()
            .flat_map(|a| a.timeline.weeks.last())
            .filter(|w| w.week == week && w.is_partial())
            .map(|w| w.last_day())
            .max()
            .unwrap_or(start + Duration::days(6));
        ClubReport {
            week,
            start,
            end,
            partial,
            weeks: columns,
            athletes,
            incomplete: None,
        }
    }

    /// How many athletes must see a doctor, and how many more are at high risk or above.
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

fn club_row(analysis: &AthleteAnalysis, row: &AthleteRow, columns: &[Week]) -> ClubRow {
    let timeline = &analysis.timeline;
    let cells = columns
        .iter()
        .map(|week| {
            let index = timeline.week_index(*week)?;
            let metrics = &timeline.weeks[index];
            let risk = &analysis.risks[index];
            (!metrics.runs.is_empty()).then_some((risk.score, risk.level))
        })
        .collect();
    ClubRow {
        name: row.athlete.as_deref().unwrap_or("(no name)").to_string(),
        risk: row.risk,
        level: row.level,
        cells,
        top: top_in_words(analysis, row),
        urgent: row.level == Level::Urgent,
    }
}

/// The week's most serious finding as "Title: message", or why there is none.
fn top_in_words(analysis: &AthleteAnalysis, row: &AthleteRow) -> String {
    let Some(index) = analysis.timeline.week_index(row.week) else {
        return format!("no run since {}", row.last_run.format("%a %-d %b"));
    };
    match top_finding_of(analysis, index) {
        Some(finding) => {
            let title = crate::rules::rule(finding.rule).map_or(finding.rule, |r| r.title());
            format!("{title}: {}", finding.message)
        }
        None => "no training errors this week".to_string(),
    }
}
