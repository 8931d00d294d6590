//! `runrisk flags` as text: the findings grouped by week under a heading
//! with the week's dates, distance and risk, then what was left unshown.

use std::io::{self, Write};

use super::text::{flags, flags_summary, FlagTally, Style, WeekHeading};
use super::Selection;
use crate::model::Severity;
use crate::AthleteAnalysis;

/// Writes every selected finding at or above `min`, grouped under a
/// heading per week, most severe first, then the summary of what was shown.
pub fn write(
    out: &mut dyn Write,
    analyses: &[AthleteAnalysis],
    selection: &Selection,
    min: Severity,
    style: Style,
) -> io::Result<()> {
    let mut tally = FlagTally::default();
    let mut groups = Vec::new();
    for analysis in selection.athletes(analyses) {
        for (index, week) in analysis.timeline.weeks.iter().enumerate() {
            if !selection.wants_week(week.start) {
                continue;
            }
            let (mut findings, below): (Vec<_>, Vec<_>) =
                analysis.findings_in(index).partition(|f| f.severity >= min);
            // Most severe first within the week, as the report lists them.
            findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
            tally.add_week(&findings, &below);
            if !findings.is_empty() {
                groups.push((week_heading(analysis, index), findings));
            }
        }
    }
    flags(out, groups, style)?;
    flags_summary(out, &tally, min, style.width)
}

fn week_heading(analysis: &AthleteAnalysis, index: usize) -> WeekHeading<'_> {
    let week = &analysis.timeline.weeks[index];
    let risk = &analysis.risks[index];
    WeekHeading {
        athlete: analysis.timeline.athlete.as_deref(),
        week: week.week.to_string(),
        dates: format!(
            "{} to {}",
            crate::rules::day(week.start),
            week.end().format("%a %-d %b %Y")
        ),
        distance_km: week.distance_km,
        risk: risk.score,
        level: risk.level,
    }
}
