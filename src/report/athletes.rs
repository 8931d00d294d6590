//! `runrisk athletes`: a coach's Monday question, "who is at risk this week,
//! and why?", answered with one row per athlete for one week, riskiest
//! first. The rows are plain data shared by text, JSON and CSV.

use std::io::Write;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{distance_in, round2, text::Style, Selection};
use crate::model::{Finding, Level, Severity, Week};
use crate::words::{shorten, shown};
use crate::AthleteAnalysis;

/// One athlete in the chosen week. Field names are a contract (DESIGN.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AthleteRow {
    pub athlete: Option<Arc<str>>,
    pub week: Week,
    pub risk: u32,
    pub level: Level,
    /// The rule of the week's most serious finding (warning or above).
    pub top_rule: Option<&'static str>,
    pub distance_km: f64,
    pub acwr: Option<f64>,
    /// Form at the end of the week; null when the athlete's log ended before it.
    pub form: Option<f64>,
    /// Findings of the week at warning or above.
    pub findings: usize,
    /// The athlete's last run up to the end of the week.
    pub last_run: NaiveDate,
    /// The week so far: the log ends before its Sunday.
    pub partial: bool,
}

/// Items sorted as their rows are: urgent first, then by risk, then by name.
fn sort_by_row<T>(items: &mut [T], row: impl Fn(&T) -> &AthleteRow) {
    items.sort_by(|a, b| {
        let (a, b) = (row(a), row(b));
        let urgent = |row: &AthleteRow| row.level == Level::Urgent;
        urgent(b)
            .cmp(&urgent(a))
            .then(b.risk.cmp(&a.risk))
            .then_with(|| name_of(a).to_lowercase().cmp(&name_of(b).to_lowercase()))
    });
}

/// The table of the athletes a coach asked for, urgent first, then by
/// risk, then by name, gathered from one batch of analyses or many, so a
/// club's analyses need never all be held: each athlete leaves only what
/// its row can be. With the week asked for, that is its row; without, the
/// week is the last of the selected athletes' logs, known only at the end,
/// so each leaves its row in its own last week and its last run, its row in
/// any later week (its log ended before it). `X` is what else a caller
/// keeps of each athlete in that week (the club overview keeps its risk
/// cells).
pub struct ClubTable<X = ()> {
    week: Option<Week>,
    athletes: Vec<AthleteWeek<X>>,
    /// The first and last week of any athlete, selected or not, for a message.
    span: Option<(Week, Week)>,
}

/// What one athlete leaves for the table (see [`ClubTable`]).
struct AthleteWeek<X> {
    week: Week,
    row: Option<AthleteRow>,
    severities: Vec<Severity>,
    athlete: Option<Arc<str>>,
    last_run: Option<NaiveDate>,
    extra: X,
}

/// A row of the week chosen, with what its athlete left: `at_week` says
/// whether that was left in the chosen week (else the athlete's log ended
/// before it).
pub struct Gathered<X> {
    pub row: AthleteRow,
    pub extra: X,
    pub at_week: bool,
}

impl ClubTable<()> {
    /// A table for `week`, or for the log's last week when `None`.
    pub fn new(week: Option<Week>) -> ClubTable<()> {
        ClubTable::with_extra(week)
    }

    /// Takes what the table needs from a batch of analyses, of the athletes
    /// `selection` wants.
    pub fn add(&mut self, analyses: &[AthleteAnalysis], selection: &Selection) {
        self.add_with(analyses, selection, |_, _| ());
    }

    /// The week, its rows and the severities of its findings; `None` when
    /// no athlete has a week.
    pub fn finish(self) -> Option<(Week, Vec<AthleteRow>, Vec<Severity>)> {
        let (week, gathered, severities) = self.finish_with()?;
        Some((
            week,
            gathered.into_iter().map(|g| g.row).collect(),
            severities,
        ))
    }
}

impl<X> ClubTable<X> {
    /// A table that keeps `X` of each athlete too.
    pub fn with_extra(week: Option<Week>) -> ClubTable<X> {
        ClubTable {
            week,
            athletes: Vec::new(),
            span: None,
        }
    }

    /// Takes what the table needs from a batch of analyses, of the athletes
    /// `selection` wants, and what `extra` keeps of each in the week it is
    /// gathered for.
    pub fn add_with(
        &mut self,
        analyses: &[AthleteAnalysis],
        selection: &Selection,
        extra: impl Fn(&AthleteAnalysis, Week) -> X,
    ) {
        for analysis in analyses {
            let weeks = &analysis.timeline.weeks;
            let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
                continue;
            };
            self.span = Some(match self.span {
                Some((a, b)) => (a.min(first.week), b.max(last.week)),
                None => (first.week, last.week),
            });
            if !selection.wants_athlete(analysis.timeline.athlete.as_deref()) {
                continue;
            }
            let week = self.week.unwrap_or(last.week);
            let severities = analysis
                .findings
                .iter()
                .filter(|f| f.week == week)
                .map(|f| f.severity)
                .collect();
            self.athletes.push(AthleteWeek {
                week,
                row: row_of(analysis, week, week.monday() + Duration::days(6)),
                severities,
                athlete: analysis.timeline.athlete.clone(),
                last_run: analysis.timeline.runs.last().map(|r| r.date),
                extra: extra(analysis, week),
            });
        }
    }

    /// The week chosen, its rows sorted with what each athlete left, and the
    /// severities of its findings; `None` when no athlete has a week.
    pub fn finish_with(self) -> Option<(Week, Vec<Gathered<X>>, Vec<Severity>)> {
        let week = self
            .week
            .or_else(|| self.athletes.iter().map(|a| a.week).max())?;
        let mut gathered = Vec::new();
        let mut severities = Vec::new();
        for athlete in self.athletes {
            let at_week = athlete.week == week;
            let row = if at_week {
                severities.extend(athlete.severities);
                athlete.row
            } else {
                athlete
                    .last_run
                    .map(|last| ended_row(athlete.athlete, week, last))
            };
            if let Some(row) = row {
                let extra = athlete.extra;
                gathered.push(Gathered {
                    row,
                    extra,
                    at_week,
                });
            }
        }
        sort_by_row(&mut gathered, |g| &g.row);
        Some((week, gathered, severities))
    }

    /// "2025-W02 to 2025-W20": the weeks the athletes' logs cover.
    pub fn span(&self) -> Option<String> {
        self.span.map(|(first, last)| format!("{first} to {last}"))
    }
}

fn name_of(row: &AthleteRow) -> &str {
    row.athlete.as_deref().unwrap_or("")
}

/// The athlete's row for `week`, or `None` when their log starts after it.
fn row_of(analysis: &AthleteAnalysis, week: Week, sunday: NaiveDate) -> Option<AthleteRow> {
    let timeline = &analysis.timeline;
    let last_run = timeline
        .runs
        .iter()
        .rev()
        .map(|r| r.date)
        .find(|d| *d <= sunday)?;
    let Some(index) = timeline.week_index(week) else {
        return Some(ended_row(timeline.athlete.clone(), week, last_run));
    };
    let metrics = &timeline.weeks[index];
    let risk = &analysis.risks[index];
    let serious = analysis
        .findings_in(index)
        .filter(|f| f.severity >= Severity::Warning)
        .count();
    Some(AthleteRow {
        athlete: timeline.athlete.clone(),
        week,
        risk: risk.score,
        level: risk.level,
        top_rule: top_finding_of(analysis, index).map(|f| f.rule),
        distance_km: round2(metrics.distance_km),
        acwr: metrics.acwr.map(round2),
        form: Some(round2(metrics.form)),
        findings: serious,
        last_run,
        partial: metrics.is_partial(),
    })
}

/// The row of an athlete whose log ended before `week`: no run in it.
fn ended_row(athlete: Option<Arc<str>>, week: Week, last_run: NaiveDate) -> AthleteRow {
    AthleteRow {
        athlete,
        week,
        risk: 0,
        level: Level::Low,
        top_rule: None,
        distance_km: 0.0,
        acwr: None,
        form: None,
        findings: 0,
        last_run,
        partial: false,
    }
}

/// The most serious finding (warning or above) of the week at `index`: the
/// first of the highest severity. `athletes` and the club overview both name it.
pub fn top_finding_of(analysis: &AthleteAnalysis, index: usize) -> Option<&Finding> {
    analysis
        .findings_in(index)
        .filter(|f| f.severity >= Severity::Warning)
        .fold(None, |top: Option<&Finding>, f| match top {
            Some(t) if t.severity >= f.severity => Some(t),
            _ => Some(f),
        })
}

/// Columns of the text table before the top finding, and their widths.
const NAME_MIN: usize = 8;
const NAME_MAX: usize = 24;
const FIXED: &str = " risk level      dist   acwr  form  n  ";

/// The rows as an aligned table that fits `style.width`: name, risk,
/// level, distance, load ratio, form, findings and the top finding in words.
pub fn text(
    out: &mut dyn Write,
    week: Week,
    rows: &[AthleteRow],
    style: Style,
) -> std::io::Result<()> {
    let unit = style.units.abbreviation();
    let so_far = if rows.iter().any(|r| r.partial) {
        " (week so far)"
    } else {
        ""
    };
    let count = crate::words::counted(rows.len(), "athlete", "athletes");
    writeln!(out, "{week}{so_far} · {count}, riskiest first")?;
    let names = rows
        .iter()
        .map(|r| shown(name_of(r)).chars().count())
        .max()
        .unwrap_or(0);
    let name_width = names.clamp(NAME_MIN, NAME_MAX);
    let finding_room = style.width.saturating_sub(name_width + FIXED.len()).max(8);
    writeln!(
        out,
        "{:<name_width$} {:>4} {:<9} {:>6} {:>5} {:>5} {:>2}  top finding",
        "athlete", "risk", "level", unit, "acwr", "form", "n"
    )?;
    for row in rows {
        let name = shorten(&shown(name_of(row)), name_width);
        let top = top_finding(row);
        writeln!(
            out,
            "{}",
            format!(
                "{name:<name_width$} {:>4} {:<9} {:>6.1} {:>5} {:>5} {:>2}  {}",
                row.risk,
                row.level.label(),
                distance_in(style.units, row.distance_km),
                row.acwr.map_or("-".into(), |a| format!("{a:.2}")),
                row.form.map_or("-".into(), |f| format!("{f:.1}")),
                row.findings,
                shorten(&top, finding_room),
            )
            .trim_end()
        )?;
    }
    Ok(())
}

/// The top finding in words: the rule's title, or when the athlete did not
/// run that week, the day of their last run.
fn top_finding(row: &AthleteRow) -> String {
    match row.top_rule {
        Some(rule) => crate::rules::rule(rule)
            .map_or(rule, |r| r.title())
            .to_string(),
        None if row.form.is_none() => {
            format!("no run since {}", row.last_run.format("%a %-d %b %Y"))
        }
        None => String::new(),
    }
}

/// The rows as CSV, distances in the display units.
pub fn csv(
    out: &mut dyn Write,
    rows: &[AthleteRow],
    units: crate::model::Units,
) -> std::io::Result<()> {
    let unit = units.abbreviation();
    let mut writer = ::csv::Writer::from_writer(out);
    let optional = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    writer
        .write_record([
            "athlete".to_string(),
            "week".into(),
            "risk".into(),
            "level".into(),
            "top_rule".into(),
            format!("distance_{unit}"),
            "acwr".into(),
            "form".into(),
            "findings".into(),
            "last_run".into(),
            "partial".into(),
        ])
        .map_err(super::csv::io_error)?;
    for row in rows {
        writer
            .write_record([
                name_of(row).to_string(),
                row.week.to_string(),
                row.risk.to_string(),
                row.level.to_string(),
                row.top_rule.unwrap_or("").to_string(),
                distance_in(units, row.distance_km).to_string(),
                optional(row.acwr),
                optional(row.form),
                row.findings.to_string(),
                row.last_run.to_string(),
                row.partial.to_string(),
            ])
            .map_err(super::csv::io_error)?;
    }
    writer.flush()
}
