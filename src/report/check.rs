//! What `runrisk check` prints: for each input, what was read, skipped and
//! assumed; for each athlete, the span of the log and the weeks a rule could
//! not judge for lack of history; and whether the log is valid.

use std::io::{self, Write};

use super::text::counted;
use super::width::write_hanging;
use crate::analysis::shoes;
use crate::import::{Imported, InputSummary};
use crate::model::Units;
use crate::words::{shown, shown_cut};
use crate::AthleteAnalysis;

/// Athlete names are cut to this many characters so lines fit the terminal.
const MAX_NAME: usize = 40;

/// A day as `check` names it: `Tue 4 Mar 2025`.
const DAY_WITH_YEAR: &str = "%a %-d %b %Y";

/// At most this many weeks are listed by name before a range is shown.
const MAX_LISTED_WEEKS: usize = 3;

/// Continuation lines of an item indented under its first line.
const ITEM_INDENT: usize = 2;
const DETAIL_INDENT: usize = 6;

/// Writes the whole `check` summary, for the athletes asked for, in lines
/// of at most `width` characters: [`write_inputs`], [`write_athlete`] for
/// each athlete, then [`write_verdict`].
pub fn write(
    out: &mut dyn Write,
    imported: &Imported,
    analyses: &[&AthleteAnalysis],
    units: Units,
    width: usize,
) -> io::Result<()> {
    write_inputs(out, imported, width)?;
    for analysis in analyses {
        write_athlete(out, analysis, units, width)?;
    }
    write_verdict(out, imported, width)
}

/// What was read, skipped and assumed, input by input: the summary's head.
pub fn write_inputs(out: &mut dyn Write, imported: &Imported, width: usize) -> io::Result<()> {
    let width = super::width::reading(width);
    for input in &imported.inputs {
        write_input(out, input, width)?;
    }
    Ok(())
}

/// One athlete's part of the summary: span, shoes, breaks and the weeks a
/// rule could not judge. Athletes can be written as their analyses come.
pub fn write_athlete(
    out: &mut dyn Write,
    analysis: &AthleteAnalysis,
    units: Units,
    width: usize,
) -> io::Result<()> {
    let width = super::width::reading(width);
    write_span(out, analysis, units, width)?;
    write_shoes(out, analysis, units, width)?;
    write_breaks(out, analysis, width)?;
    write_history_gaps(out, analysis, width)
}

/// Whether the log is valid, or what of it was lost: the summary's last line.
pub fn write_verdict(out: &mut dyn Write, imported: &Imported, width: usize) -> io::Result<()> {
    let width = super::width::reading(width);
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
    let verdict = if lost.is_empty() {
        "OK: the log is valid; nothing was written.".to_string()
    } else {
        format!(
            "INCOMPLETE: {}; the rest is valid. Nothing was written.",
            lost.join("; ")
        )
    };
    write_hanging(out, &verdict, "", ITEM_INDENT, width)
}

fn write_input(out: &mut dyn Write, input: &InputSummary, width: usize) -> io::Result<()> {
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
    let read = format!("{}: {found}, {read} read", shown(&input.input));
    write_hanging(out, &read, "", ITEM_INDENT + 2, width)?;
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
            let copies = format!("{} {what}", counted(count, one, many));
            write_hanging(out, &copies, "  ", DETAIL_INDENT, width)?;
        }
    }
    for (reason, count) in &input.skipped {
        let skipped = format!("skipped {count}: {}", shown(reason));
        write_hanging(out, &skipped, "  ", DETAIL_INDENT, width)?;
    }
    let surfaces = surface_counts(&input.surfaces);
    if !surfaces.is_empty() {
        let surfaces = format!("surfaces: {}", shown(&surfaces));
        write_hanging(out, &surfaces, "  ", DETAIL_INDENT, width)?;
    }
    for note in input.assumed.iter().chain(&input.notes) {
        write_hanging(out, &shown(note), "  note: ", "  note: ".len(), width)?;
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

fn write_span(
    out: &mut dyn Write,
    analysis: &AthleteAnalysis,
    units: Units,
    width: usize,
) -> io::Result<()> {
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
    let span = format!(
        "{who}{}, {:.1} {} in {} ({} to {})",
        counted(timeline.runs.len(), "run", "runs"),
        units.from_km(total_km),
        units.abbreviation(),
        counted(timeline.weeks.len(), "week", "weeks"),
        first.week,
        last.week
    );
    write_hanging(out, &span, "", ITEM_INDENT, width)
}

/// How many shoes are in use on the log's last day, and each retired one
/// with its distance and the day of its last run:
/// `shoes: 3 in use; retired (no run in 60 days): Ghost 14 (812 km, last run Tue 4 Mar 2025)`.
fn write_shoes(
    out: &mut dyn Write,
    analysis: &AthleteAnalysis,
    units: Units,
    width: usize,
) -> io::Result<()> {
    let (in_use, retired) = shoes::in_use_and_retired(&analysis.timeline);
    if in_use.is_empty() && retired.is_empty() {
        return Ok(());
    }
    let mut line = format!("shoes: {} in use", in_use.len());
    if !retired.is_empty() {
        let listed: Vec<String> = retired
            .iter()
            .map(|shoe| {
                format!(
                    "{} ({}, last run {})",
                    shown_cut(&shoe.name, MAX_NAME),
                    units.format_shoe_km(shoe.km),
                    shoe.last_run.format(DAY_WITH_YEAR)
                )
            })
            .collect();
        line += &format!(
            "; retired (no run in {} days): {}",
            shoes::RETIRED_AFTER_DAYS,
            listed.join(", ")
        );
    }
    write_hanging(out, &line, "  ", DETAIL_INDENT, width)
}

/// Each break of 14 days or more, and how the way back is judged.
fn write_breaks(out: &mut dyn Write, analysis: &AthleteAnalysis, width: usize) -> io::Result<()> {
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
            (gap.last_run + chrono::Duration::days(1)).format(DAY_WITH_YEAR),
            (gap.first_back - chrono::Duration::days(1)).format(DAY_WITH_YEAR),
        );
        write_hanging(out, &line, "  ", DETAIL_INDENT, width)?;
    }
    Ok(())
}

/// The weeks each rule could not judge, rule by rule.
fn write_history_gaps(
    out: &mut dyn Write,
    analysis: &AthleteAnalysis,
    width: usize,
) -> io::Result<()> {
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
        let gap = format!("{rule}: insufficient history in {list}");
        write_hanging(out, &gap, "  ", DETAIL_INDENT, width)?;
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
