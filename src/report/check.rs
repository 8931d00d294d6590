//! What `runrisk check` prints: for each input, what was read, skipped and
//! assumed; for each athlete, the span of the log and the weeks a rule could
//! not judge for lack of history; and whether the log is valid.

use std::io::{self, Write};

use super::text::{counted, wrap, WIDTH};
use crate::import::{Imported, InputSummary};
use crate::model::Units;
use crate::words::{shown, shown_cut};
use crate::AthleteAnalysis;

/// Athlete names are cut to this many characters so lines fit the terminal.
const MAX_NAME: usize = 40;

/// At most this many weeks are listed by name before a range is shown.
const MAX_LISTED_WEEKS: usize = 3;

/// Writes the whole `check` summary, for the athletes asked for.
pub fn write(
    out: &mut dyn Write,
    imported: &Imported,
    analyses: &[&AthleteAnalysis],
    units: Units,
) -> io::Result<()> {
    for input in &imported.inputs {
        write_input(out, input)?;
    }
    for analysis in analyses {
        write_athlete(out, analysis, units)?;
        write_breaks(out, analysis)?;
        write_history_gaps(out, analysis)?;
    }
    let losses = imported.losses();
    let mut lost = Vec::new();
    if imported.skipped_rows > 0 {
        let rows = counted(
            imported.skipped_rows,
            "invalid row was skipped",
            "invalid rows were skipped",
        );
        lost.push(format!("{rows} (--skip-invalid)"));
    }
    if losses.any() {
        lost.push(format!("{} (see the notes above)", losses.describe()));
    }
    if lost.is_empty() {
        writeln!(out, "OK: the log is valid; nothing was written.")?;
    } else {
        writeln!(
            out,
            "INCOMPLETE: {}; the rest is valid. Nothing was written.",
            lost.join("; ")
        )?;
    }
    Ok(())
}

fn write_input(out: &mut dyn Write, input: &InputSummary) -> io::Result<()> {
    let found = match (
        input.activities.saturating_sub(input.from_activity_files),
        input.from_activity_files,
    ) {
        (rows, 0) => counted(rows, "row", "rows"),
        (0, activities) => counted(activities, "activity", "activities"),
        (rows, activities) => format!(
            "{} and {}",
            counted(rows, "row", "rows"),
            counted(activities, "activity", "activities")
        ),
    };
    let read = match input.sessions {
        0 => counted(input.runs, "run", "runs"),
        sessions => format!(
            "{} and {}",
            counted(input.runs.saturating_sub(sessions), "run", "runs"),
            counted(
                sessions,
                "other session (strength, core, rest ...)",
                "other sessions (strength, core, rest ...)"
            )
        ),
    };
    writeln!(out, "{}: {found}, {read} read", shown(&input.input))?;
    let copies = [
        (
            input.duplicates,
            ("run", "runs"),
            "also given by another input or file, counted once",
        ),
        (
            input.repeated_starts,
            ("row repeats", "rows repeat"),
            "an earlier run with the same start time: the same activity, counted once",
        ),
        (
            input.repeated_rows,
            ("row repeats", "rows repeat"),
            "an earlier row exactly: kept as a double day; delete them if they are copies",
        ),
    ];
    for (count, (one, many), what) in copies {
        if count > 0 {
            writeln!(out, "  {} {what}", counted(count, one, many))?;
        }
    }
    for (reason, count) in &input.skipped {
        for (i, line) in wrap(&format!("skipped {count}: {}", shown(reason)), WIDTH - 6)
            .iter()
            .enumerate()
        {
            writeln!(out, "{}{line}", if i == 0 { "  " } else { "      " })?;
        }
    }
    let surfaces = surface_counts(&input.surfaces);
    if !surfaces.is_empty() {
        for line in wrap(&format!("surfaces: {}", shown(&surfaces)), WIDTH - 4) {
            writeln!(out, "  {line}")?;
        }
    }
    for note in input.assumed.iter().chain(&input.notes) {
        for (i, line) in wrap(&shown(note), WIDTH - 8).iter().enumerate() {
            writeln!(out, "  {} {line}", if i == 0 { "note:" } else { "     " })?;
        }
    }
    Ok(())
}

/// How many runs got each surface, grouped by what decided it:
/// `4 road, 2 trail from the surface column; 3 without a surface`.
fn surface_counts(surfaces: &std::collections::BTreeMap<String, usize>) -> String {
    let mut by_source: Vec<(&str, Vec<String>)> = Vec::new();
    for (what, n) in surfaces {
        let (surface, source) = what.split_once(" from ").unwrap_or((what.as_str(), ""));
        let count = format!("{n} {surface}");
        match by_source.iter_mut().find(|(s, _)| *s == source) {
            Some((_, counts)) => counts.push(count),
            None => by_source.push((source, vec![count])),
        }
    }
    by_source
        .into_iter()
        .map(|(source, counts)| match source {
            "" => counts.join(", "),
            source => format!("{} from {source}", counts.join(", ")),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn write_athlete(out: &mut dyn Write, analysis: &AthleteAnalysis, units: Units) -> io::Result<()> {
    let timeline = &analysis.timeline;
    let (Some(first), Some(last)) = (timeline.weeks.first(), timeline.weeks.last()) else {
        return Ok(());
    };
    let who = timeline
        .athlete
        .as_deref()
        .map(|a| format!("{}: ", shown_cut(a, MAX_NAME)))
        .unwrap_or_default();
    let total_km: f64 = timeline.daily_km.iter().sum();
    writeln!(
        out,
        "{who}{}, {:.1} {} in {} ({} to {})",
        counted(timeline.runs.len(), "run", "runs"),
        units.from_km(total_km),
        units.abbreviation(),
        counted(timeline.weeks.len(), "week", "weeks"),
        first.week,
        last.week
    )
}

/// Each break of 14 days or more, and how the way back is judged.
fn write_breaks(out: &mut dyn Write, analysis: &AthleteAnalysis) -> io::Result<()> {
    let timeline = &analysis.timeline;
    for gap in &timeline.breaks {
        let back_weeks = timeline
            .weeks
            .iter()
            .filter(|w| {
                w.return_week.is_some_and(|r| {
                    r.first_run
                        == timeline
                            .runs
                            .partition_point(|run| run.date < gap.first_back)
                })
            })
            .count();
        let judged = match back_weeks {
            0 => "too little log before it to judge the way back".to_string(),
            n => format!(
                "{} judged against the return ramp",
                counted(n, "week back", "weeks back")
            ),
        };
        let line = format!(
            "break: {} days without a run, {} to {}; {judged}",
            gap.days(),
            (gap.last_run + chrono::Duration::days(1)).format("%a %-d %b %Y"),
            (gap.first_back - chrono::Duration::days(1)).format("%a %-d %b %Y"),
        );
        for (i, part) in wrap(&line, WIDTH - 6).iter().enumerate() {
            writeln!(out, "{}{part}", if i == 0 { "  " } else { "      " })?;
        }
    }
    Ok(())
}

/// The weeks each rule could not judge, rule by rule.
fn write_history_gaps(out: &mut dyn Write, analysis: &AthleteAnalysis) -> io::Result<()> {
    let mut by_rule: Vec<(&str, Vec<String>)> = Vec::new();
    for (week, rules) in &analysis.insufficient_history {
        for rule in rules {
            match by_rule.iter_mut().find(|(r, _)| r == rule) {
                Some((_, weeks)) => weeks.push(week.to_string()),
                None => by_rule.push((rule, vec![week.to_string()])),
            }
        }
    }
    for (rule, weeks) in by_rule {
        let list = match weeks.as_slice() {
            [first, .., last] if weeks.len() > MAX_LISTED_WEEKS => {
                format!("{} weeks between {first} and {last}", weeks.len())
            }
            _ => weeks.join(", "),
        };
        writeln!(out, "  {rule}: insufficient history in {list}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces_are_grouped_by_what_decided_them() {
        let counts: std::collections::BTreeMap<String, usize> = [
            ("road from the surface column", 4),
            ("trail from the surface column", 2),
            ("trail from words in the name", 1),
            ("without a surface", 3),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(
            surface_counts(&counts),
            "4 road, 2 trail from the surface column; 1 trail from words in the name; 3 without a surface"
        );
    }
}
