//! `--format text`: what a runner reads in a terminal. Tables and wrapped
//! paragraphs fit in `WIDTH` columns; colour only when asked for (a terminal
//! without NO_COLOR).

use std::io::Write;

use super::{distance_in, WeekRow};
use crate::model::{Finding, Level, Severity, Units};

/// The widest line text output prints.
pub const WIDTH: usize = 100;
/// Indent of a finding's message and advice: two spaces, the severity, the rule id.
const INDENT: usize = 28;
/// Width of the level column of `weeks`.
const LEVEL_WIDTH: usize = 9;

/// How text output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub colour: bool,
    pub units: Units,
}

impl Style {
    fn paint(&self, text: &str, code: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, severity: Severity) -> String {
        let label = format!("{:<8}", severity.name().to_uppercase());
        let code = match severity {
            Severity::Info => "2",
            Severity::Warning => "33",
            Severity::Alert => "31",
            Severity::Urgent => "1;41;97",
        };
        self.paint(&label, code)
    }

    fn level(&self, level: Level, width: usize) -> String {
        let label = format!("{:<width$}", level.label());
        let code = match level {
            Level::Low => "32",
            Level::Moderate => "33",
            Level::High => "31",
            Level::VeryHigh | Level::Urgent => "1;31",
        };
        self.paint(&label, code)
    }
}

pub use crate::words::{counted, shorten};
use crate::words::{shown, shown_cut};

/// Splits text into lines of at most `width` characters, at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace().flat_map(|w| pieces(w, width)) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word cut into pieces of at most `width` characters (most words are one piece).
fn pieces(word: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    chars
        .chunks(width)
        .map(|piece| piece.iter().collect())
        .collect()
}

fn ratio(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |v| format!("{v:.2}"))
}

/// The `weeks` table.
pub fn weeks(out: &mut dyn Write, rows: &[WeekRow], style: Style) -> std::io::Result<()> {
    let unit = style.units.abbreviation();
    let header = format!(
        "{:<9} {:>7} {:>4} {:>4} {:>6} {:>5} {:>5} {:>5} {:>5} {:>4}  {:<9} {}",
        "week",
        format!("dist {unit}"),
        "runs",
        "rest",
        "long",
        "acwr",
        "ewma",
        "mono",
        "form",
        "risk",
        "level",
        "reasons"
    );
    let mut athlete = None;
    for (i, row) in rows.iter().enumerate() {
        if i == 0 || row.athlete != athlete {
            athlete = row.athlete.clone();
            if let Some(name) = &athlete {
                writeln!(
                    out,
                    "{}{}",
                    if i == 0 { "" } else { "\n" },
                    style.paint(&format!("athlete: {}", shown_cut(name, WIDTH - 9)), "1")
                )?;
            }
            writeln!(out, "{}", style.paint(header.trim_end(), "1"))?;
        }
        let back = row.after_break.map(|n| format!("back {n}"));
        let so_far = row.partial.then_some("week so far");
        let reasons: Vec<&str> = so_far
            .into_iter()
            .chain(back.as_deref())
            .chain(row.factors.iter().map(|f| f.rule))
            .collect();
        let start = format!(
            "{:<9} {:>7.1} {:>4} {:>4} {:>6.1} {:>5} {:>5} {:>5} {:>5.1} {:>4}  ",
            row.week.to_string(),
            distance_in(style.units, row.distance_km),
            row.runs,
            row.rest_days,
            distance_in(style.units, row.longest_run_km),
            ratio(row.acwr),
            ratio(row.acwr_ewma),
            row.monotony.map_or("-".into(), |m| format!("{m:.1}")),
            row.form,
            row.risk,
        );
        let room = WIDTH.saturating_sub(start.len() + LEVEL_WIDTH + 1);
        let padding = LEVEL_WIDTH.saturating_sub(row.level.label().len());
        let line = format!(
            "{start}{}{:padding$} {}",
            style.level(row.level, 0),
            "",
            fit_list(&reasons, room)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// As many items as fit in `room` characters, then `+N` for the rest.
fn fit_list(items: &[&str], room: usize) -> String {
    let mut shown = items.join(", ");
    let mut count = items.len();
    while shown.chars().count() > room && count > 1 {
        count -= 1;
        shown = format!("{} +{}", items[..count].join(", "), items.len() - count);
    }
    shorten(&shown, room)
}

/// One week's heading in `flags`.
pub struct WeekHeading<'a> {
    pub athlete: Option<&'a str>,
    pub week: String,
    pub dates: String,
    pub distance_km: f64,
    pub risk: u32,
    pub level: Level,
}

/// The findings of `flags`, grouped under a heading per week.
pub fn flags<'a>(
    out: &mut dyn Write,
    weeks: impl IntoIterator<Item = (WeekHeading<'a>, Vec<&'a Finding>)>,
    style: Style,
) -> std::io::Result<()> {
    for (heading, findings) in weeks {
        let week = format!(
            "{} ({}) · {:.1} {} · risk {} ",
            heading.week,
            heading.dates,
            distance_in(style.units, heading.distance_km),
            style.units.abbreviation(),
            heading.risk
        );
        let room =
            WIDTH.saturating_sub(week.chars().count() + heading.level.label().len() + " · ".len());
        let who = heading
            .athlete
            .map(|a| format!("{} · ", shown_cut(a, room)))
            .unwrap_or_default();
        let title = format!("{who}{week}");
        writeln!(
            out,
            "{}{}",
            style.paint(&title, "1"),
            style.level(heading.level, 0)
        )?;
        for finding in findings {
            write_finding(out, finding, style)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// What `flags` found in the weeks it showed, for its closing lines.
#[derive(Debug, Default)]
pub struct FlagTally {
    pub weeks_shown: usize,
    pub weeks_with_findings: usize,
    /// Findings shown, by severity (`Severity as usize`).
    pub by_severity: [usize; 4],
    /// Findings below the minimum severity, not shown.
    pub hidden: usize,
    /// Of those, warnings and alerts (shown only with a higher `--min-severity`).
    pub hidden_errors: usize,
}

impl FlagTally {
    pub fn add_week(&mut self, shown: &[&Finding], hidden: &[&Finding]) {
        self.weeks_shown += 1;
        self.weeks_with_findings += usize::from(!shown.is_empty());
        for finding in shown {
            self.by_severity[finding.severity as usize] += 1;
        }
        self.hidden += hidden.len();
        self.hidden_errors += hidden
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .count();
    }
}

/// The closing lines of `flags`: how many findings in how many weeks, and
/// how many notes were hidden below the minimum severity.
pub fn flags_summary(out: &mut dyn Write, tally: &FlagTally, min: Severity) -> std::io::Result<()> {
    let total: usize = tally.by_severity.iter().sum();
    let weeks = counted(tally.weeks_shown, "week", "weeks");
    let errors_hidden = min > Severity::Warning && tally.hidden_errors > 0;
    if total == 0 && !errors_hidden {
        writeln!(out, "No training errors found in {weeks} of log.")?;
    } else if total == 0 {
        writeln!(
            out,
            "No findings at {} or above in {weeks} of log.",
            min.name()
        )?;
    } else {
        let parts: Vec<String> = [
            Severity::Urgent,
            Severity::Alert,
            Severity::Warning,
            Severity::Info,
        ]
        .into_iter()
        .filter(|s| tally.by_severity[*s as usize] > 0)
        .map(|s| {
            let (one, many) = match s {
                Severity::Info => ("info note", "info notes"),
                Severity::Warning => ("warning", "warnings"),
                Severity::Alert => ("alert", "alerts"),
                Severity::Urgent => ("urgent", "urgent"),
            };
            counted(tally.by_severity[s as usize], one, many)
        })
        .collect();
        let findings = counted(total, "finding", "findings");
        writeln!(
            out,
            "{findings} in {} of {weeks} ({}).",
            tally.weeks_with_findings,
            parts.join(", ")
        )?;
    }
    if tally.hidden > 0 {
        let what = if tally.hidden_errors > 0 {
            counted(tally.hidden, "finding", "findings")
        } else {
            counted(tally.hidden, "info note", "info notes")
        };
        writeln!(
            out,
            "{what} below {} not shown; --min-severity info shows them.",
            min.name()
        )?;
    }
    Ok(())
}

fn write_finding(out: &mut dyn Write, finding: &Finding, style: Style) -> std::io::Result<()> {
    let body = WIDTH - INDENT;
    // Messages and advice name shoes and injuries from the log.
    let message = wrap(&shown(&finding.message), body);
    let advice = wrap(&format!("→ {}", shown(&finding.advice)), body);
    let evidence = wrap(&format!("evidence: {}", finding.evidence_strength()), body);
    for (i, line) in message.iter().chain(&advice).chain(&evidence).enumerate() {
        if i == 0 {
            writeln!(
                out,
                "  {} {:<17}{line}",
                style.severity(finding.severity),
                finding.rule
            )?;
        } else {
            writeln!(out, "{:INDENT$}{line}", "")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_width() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let lines = wrap(text, 15);
        assert!(lines.iter().all(|l| l.chars().count() <= 15), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert!(wrap("", 10).is_empty());
        let long = wrap("a Superultramegalongshoename here", 8);
        assert!(long.iter().all(|l| l.chars().count() <= 8), "{long:?}");
    }

    #[test]
    fn lists_say_how_many_did_not_fit() {
        let rules = ["long_run_spike", "mileage_spike", "worn_shoes"];
        assert_eq!(
            fit_list(&rules, 60),
            "long_run_spike, mileage_spike, worn_shoes"
        );
        assert_eq!(fit_list(&rules, 35), "long_run_spike, mileage_spike +1");
        assert_eq!(fit_list(&rules, 20), "long_run_spike +2");
    }

    #[test]
    fn shortening_marks_the_cut() {
        assert_eq!(shorten("abcdef", 10), "abcdef");
        assert_eq!(shorten("abcdefghijkl", 5), "abcd…");
    }
}
