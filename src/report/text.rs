//! `--format text`: what a runner reads in a terminal. Tables and wrapped
//! paragraphs fit in the `width` of the [`Style`] (the terminal's, measured
//! by the caller); colour only when asked for (a terminal without NO_COLOR).

use std::io::Write;

use super::{distance_in, WeekRow};
use crate::model::{Finding, Level, Severity, Units};

/// Indent of a finding's message and advice beside its severity and rule id:
/// two spaces, the severity, the rule id.
const INDENT: usize = 28;
/// Below this width a finding's message goes under its rule id, indented by
/// `NARROW_INDENT`, instead of beside it.
const SIDE_BY_SIDE_FROM: usize = 80;
const NARROW_INDENT: usize = 4;
/// Width of the level column of `weeks`.
const LEVEL_WIDTH: usize = 9;
/// Between the level ("very high" fills its column) and the reasons.
const LEVEL_GAP: &str = "  ";
/// Continuation lines of a week's heading in `flags` are indented this much.
const HEADING_INDENT: usize = 2;
/// Room the reasons of `weeks` keep at least, before other columns go: the
/// longest rule id and its comma (`no_strength_work,`); more reasons go on
/// the lines below.
const MIN_REASONS_ROOM: usize = 18;

/// How text output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub colour: bool,
    pub units: Units,
    /// The terminal's width in columns (see `width::text_width`).
    pub width: usize,
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

use super::width::reading;
pub use super::width::wrap;

fn ratio(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |v| format!("{v:.2}"))
}

/// One column of the `weeks` table before the level and the reasons: its
/// header (`{unit}` is the display unit), its width (the week left-aligned,
/// the figures right-aligned after a space) and its cell.
struct Column {
    header: &'static str,
    width: usize,
    cell: fn(&WeekRow, Units) -> String,
}

const WEEK: Column = Column {
    header: "week",
    width: 9,
    cell: |row, _| row.week.to_string(),
};

/// The figures of `weeks`, in the order they are shown.
const FIGURES: [Column; 9] = [
    Column {
        header: "dist {unit}",
        width: 7,
        cell: |row, units| format!("{:.1}", distance_in(units, row.distance_km)),
    },
    Column {
        header: "runs",
        width: 4,
        cell: |row, _| row.runs.to_string(),
    },
    Column {
        header: "rest",
        width: 4,
        cell: |row, _| row.rest_days.to_string(),
    },
    Column {
        header: "long",
        width: 6,
        cell: |row, units| format!("{:.1}", distance_in(units, row.longest_run_km)),
    },
    Column {
        header: "acwr",
        width: 5,
        cell: |row, _| ratio(row.acwr),
    },
    Column {
        header: "ewma",
        width: 5,
        cell: |row, _| ratio(row.acwr_ewma),
    },
    Column {
        header: "mono",
        width: 5,
        cell: |row, _| row.monotony.map_or("-".into(), |m| format!("{m:.1}")),
    },
    Column {
        header: "form",
        width: 5,
        cell: |row, _| format!("{:.1}", row.form),
    },
    Column {
        header: "risk",
        width: 4,
        cell: |row, _| row.risk.to_string(),
    },
];

/// The figures a narrow terminal drops, first dropped first, until the
/// reasons have `MIN_REASONS_ROOM`: the detail ratios and form before the
/// counts, the counts before the long run. Week, distance, risk, level and
/// the reasons always stay. `runrisk weeks --help` and README say the same.
pub const DROPPED_FIRST: [&str; 7] = ["ewma", "mono", "form", "runs", "acwr", "rest", "long"];

/// Width of the table before the reasons with these figures.
fn width_before_reasons(figures: &[&Column]) -> usize {
    let level = "  ".len() + LEVEL_WIDTH + LEVEL_GAP.len();
    WEEK.width + figures.iter().map(|c| 1 + c.width).sum::<usize>() + level
}

/// The figures that fit beside the reasons in `width` columns.
fn shown_figures(width: usize) -> Vec<&'static Column> {
    let mut shown: Vec<&Column> = FIGURES.iter().collect();
    for header in DROPPED_FIRST {
        if width_before_reasons(&shown) + MIN_REASONS_ROOM <= width {
            break;
        }
        shown.retain(|c| c.header != header);
    }
    shown
}

/// A row of the table before the level: the week, then each figure.
fn table_start(figures: &[&Column], cells: impl Fn(&Column) -> String) -> String {
    let mut line = format!("{:<width$}", cells(&WEEK), width = WEEK.width);
    for column in figures {
        line.push_str(&format!(" {:>width$}", cells(column), width = column.width));
    }
    line
}

/// The `weeks` table, with the figures that fit the width.
pub fn weeks(out: &mut dyn Write, rows: &[WeekRow], style: Style) -> std::io::Result<()> {
    let unit = style.units.abbreviation();
    let figures = shown_figures(style.width);
    let header = format!(
        "{}  {:<LEVEL_WIDTH$} reasons",
        table_start(&figures, |c| c.header.replace("{unit}", unit)),
        "level"
    );
    let room = style.width.saturating_sub(width_before_reasons(&figures));
    let mut athlete = None;
    for (i, row) in rows.iter().enumerate() {
        if i == 0 || row.athlete != athlete {
            athlete = row.athlete.clone();
            if let Some(name) = &athlete {
                let label = "athlete: ";
                let name = shown_cut(name, style.width.saturating_sub(label.len()));
                let gap = if i == 0 { "" } else { "\n" };
                writeln!(out, "{gap}{}", style.paint(&format!("{label}{name}"), "1"))?;
            }
            writeln!(out, "{}", style.paint(&header, "1"))?;
        }
        let back = row.after_break.map(|n| format!("back {n}"));
        let so_far = row.partial.then_some("week so far");
        let reasons: Vec<&str> = so_far
            .into_iter()
            .chain(back.as_deref())
            .chain(row.factors.iter().map(|f| f.rule))
            .collect();
        let start = table_start(&figures, |c| (c.cell)(row, style.units));
        let padding = LEVEL_WIDTH.saturating_sub(row.level.label().len());
        let mut lines = list_lines(&reasons, room).into_iter();
        let line = format!(
            "{start}  {}{:padding$}{LEVEL_GAP}{}",
            style.level(row.level, 0),
            "",
            lines.next().unwrap_or_default()
        );
        writeln!(out, "{}", line.trim_end())?;
        let indent = width_before_reasons(&figures);
        for more in lines {
            writeln!(out, "{:indent$}{more}", "")?;
        }
    }
    Ok(())
}

/// The items joined by ", " over as many lines of `room` characters as
/// they need, every item whole (one longer than a line is cut with "…").
fn list_lines(items: &[&str], room: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            (*item).to_string()
        };
        let used = line.chars().count();
        if used > 0 && used + 1 + piece.chars().count() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&shorten(&piece, room));
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
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
        write_heading(out, &heading, style)?;
        for finding in findings {
            write_finding(out, finding, style)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// A week's heading: `Aisha · 2025-W38 (Mon 15 Sep to Sun 21 Sep 2025) ·
/// 88.0 km · risk 80 very high`, its parts kept whole and moved to an
/// indented line when they do not fit; bold, and the level in its colour.
fn write_heading(out: &mut dyn Write, heading: &WeekHeading, style: Style) -> std::io::Result<()> {
    let width = reading(style.width);
    let level = heading.level.label();
    let parts = [
        heading
            .athlete
            .map(|a| shown_cut(a, width.saturating_sub(HEADING_INDENT))),
        Some(format!("{} ({})", heading.week, heading.dates)),
        Some(format!(
            "{:.1} {}",
            distance_in(style.units, heading.distance_km),
            style.units.abbreviation()
        )),
        Some(format!("risk {} {level}", heading.risk)),
    ];
    let lines = pack_parts(parts.into_iter().flatten(), width);
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        let before = if i == 0 { 0 } else { HEADING_INDENT };
        let before = " ".repeat(before);
        match line.strip_suffix(level).filter(|_| i == last) {
            Some(title) => writeln!(
                out,
                "{before}{}{}",
                style.paint(title, "1"),
                style.level(heading.level, 0)
            )?,
            None => writeln!(out, "{before}{}", style.paint(line, "1"))?,
        }
    }
    Ok(())
}

/// Parts joined by ` · ` into lines of `width` (the lines after the first
/// are `HEADING_INDENT` narrower); a part too long for a line is wrapped.
fn pack_parts(parts: impl Iterator<Item = String>, width: usize) -> Vec<String> {
    const JOIN: &str = " · ";
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        let room = match lines.len() {
            0 | 1 => width,
            _ => width.saturating_sub(HEADING_INDENT),
        };
        if let Some(line) = lines.last_mut() {
            let joined = line.chars().count() + JOIN.chars().count() + part.chars().count();
            if joined <= room {
                line.push_str(JOIN);
                line.push_str(&part);
                continue;
            }
        }
        let room = match lines.is_empty() {
            true => width,
            false => width.saturating_sub(HEADING_INDENT),
        };
        lines.extend(wrap(&part, room));
    }
    lines
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
/// how many notes were hidden below the minimum severity; in lines of at
/// most `width` characters.
pub fn flags_summary(
    out: &mut dyn Write,
    tally: &FlagTally,
    min: Severity,
    width: usize,
) -> std::io::Result<()> {
    let width = reading(width);
    let mut say = |text: String| super::width::write_hanging(out, &text, "", 0, width);
    let total: usize = tally.by_severity.iter().sum();
    let weeks = counted(tally.weeks_shown, "week", "weeks");
    let errors_hidden = min > Severity::Warning && tally.hidden_errors > 0;
    if total == 0 && !errors_hidden {
        say(format!("No training errors found in {weeks} of log."))?;
    } else if total == 0 {
        say(format!(
            "No findings at {} or above in {weeks} of log.",
            min.name()
        ))?;
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
        say(format!(
            "{findings} in {} of {weeks} ({}).",
            tally.weeks_with_findings,
            parts.join(", ")
        ))?;
    }
    if tally.hidden > 0 {
        let what = if tally.hidden_errors > 0 {
            counted(tally.hidden, "finding", "findings")
        } else {
            counted(tally.hidden, "info note", "info notes")
        };
        say(format!(
            "{what} below {} not shown; --min-severity info shows them.",
            min.name()
        ))?;
    }
    Ok(())
}

/// A finding: its severity and rule id, then its message, advice and
/// evidence beside them (under them in a narrow terminal).
fn write_finding(out: &mut dyn Write, finding: &Finding, style: Style) -> std::io::Result<()> {
    let width = reading(style.width);
    let beside = width >= SIDE_BY_SIDE_FROM;
    let indent = if beside { INDENT } else { NARROW_INDENT };
    let body = width.saturating_sub(indent);
    // Messages and advice name shoes and injuries from the log.
    let message = wrap(&shown(&finding.message), body);
    let advice = wrap(&format!("→ {}", shown(&finding.advice)), body);
    let evidence = wrap(&format!("evidence: {}", finding.evidence_strength()), body);
    let label = format!(
        "  {} {:<17}",
        style.severity(finding.severity),
        finding.rule
    );
    if !beside {
        writeln!(out, "{}", label.trim_end())?;
    }
    for (i, line) in message.iter().chain(&advice).chain(&evidence).enumerate() {
        if i == 0 && beside {
            writeln!(out, "{label}{line}")?;
        } else {
            writeln!(out, "{:indent$}{line}", "")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_listed_whole_over_lines() {
        let rules = ["long_run_spike", "mileage_spike", "worn_shoes"];
        let cases: [(usize, &[&str]); 3] = [
            (60, &["long_run_spike, mileage_spike, worn_shoes"]),
            (35, &["long_run_spike, mileage_spike,", "worn_shoes"]),
            (20, &["long_run_spike,", "mileage_spike,", "worn_shoes"]),
        ];
        for (room, want) in cases {
            assert_eq!(list_lines(&rules, room), want, "{room}");
        }
    }

    #[test]
    fn narrow_tables_drop_the_detail_figures_first() {
        let table: [(usize, &[&str]); 4] = [
            (
                100,
                &[
                    "dist {unit}",
                    "runs",
                    "rest",
                    "long",
                    "acwr",
                    "ewma",
                    "mono",
                    "form",
                    "risk",
                ],
            ),
            (
                90,
                &[
                    "dist {unit}",
                    "runs",
                    "rest",
                    "long",
                    "acwr",
                    "mono",
                    "form",
                    "risk",
                ],
            ),
            (80, &["dist {unit}", "runs", "rest", "long", "acwr", "risk"]),
            (60, &["dist {unit}", "long", "risk"]),
        ];
        for (width, expected) in table {
            let shown: Vec<&str> = shown_figures(width).iter().map(|c| c.header).collect();
            assert_eq!(shown, expected, "at {width}");
            assert!(width_before_reasons(&shown_figures(width)) + MIN_REASONS_ROOM <= width);
        }
    }

    #[test]
    fn heading_parts_stay_whole() {
        let parts = [
            "Aisha",
            "2025-W38 (Mon 15 Sep to Sun 21 Sep 2025)",
            "88.0 km",
            "risk 80 very high",
        ];
        let table: [(usize, &[&str]); 3] = [
            (100, &["Aisha · 2025-W38 (Mon 15 Sep to Sun 21 Sep 2025) · 88.0 km · risk 80 very high"]),
            (60, &["Aisha · 2025-W38 (Mon 15 Sep to Sun 21 Sep 2025) · 88.0 km", "risk 80 very high"]),
            (30, &["Aisha", "2025-W38 (Mon 15 Sep to Sun", "21 Sep 2025) · 88.0 km", "risk 80 very high"]),
        ];
        for (width, expected) in table {
            let lines = pack_parts(parts.iter().map(|p| p.to_string()), width);
            assert_eq!(lines, expected, "at {width}");
        }
    }

    #[test]
    fn shortening_marks_the_cut() {
        assert_eq!(shorten("abcdef", 10), "abcdef");
        assert_eq!(shorten("abcdefghijkl", 5), "abcd…");
    }
}
