//! The commands of runrisk as plain functions over plain option structs:
//! the command line is turned into a `Request` before anything here runs, so
//! the core never sees clap and every command can be called from tests.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::import::{self, ImportOptions, Imported, PackedLog};
use crate::model::{Finding, Load, Severity, Units, Week};
use crate::report::json::{Encoded, JsonRows, RowStream};
use crate::report::png::ImageFormat;
use crate::report::text::counted;
use crate::report::weekly::{Report, ReportRequest};
use crate::report::{self, text, Format, Selection};
use crate::rules::{Thresholds, Wording};
use crate::words::{shown, shown_lines, LINE_CHARS};
use crate::{analyse_as_of, analyse_in_batches, AthleteAnalysis};

/// Exit code when `--fail-on` finds a finding at or above its level.
pub const EXIT_FINDINGS: i32 = 3;

/// What every command that reads a log needs.
#[derive(Debug, Clone)]
pub struct LogRequest {
    pub inputs: Vec<PathBuf>,
    pub import: ImportOptions,
    pub selection: Selection,
    /// Thresholds file given with `--config`.
    pub config: Option<PathBuf>,
    /// The day the log ends (`--as-of`); its latest day when `None`.
    pub as_of: Option<chrono::NaiveDate>,
    pub units: Units,
    /// The load ratios, fitness, fatigue and form are computed on.
    pub load: Load,
    pub fail_on: Option<Severity>,
    pub colour: bool,
    /// Columns text output fits in (`report::width::text_width`).
    pub width: usize,
}

impl LogRequest {
    /// How text output looks for this request.
    fn style(&self) -> text::Style {
        text::Style {
            colour: self.colour,
            units: self.units,
            width: self.width,
        }
    }

    /// The same request, shown in `units` (the log's own when `--units` is not given).
    fn shown_in(&self, units: Units) -> LogRequest {
        LogRequest {
            units,
            ..self.clone()
        }
    }
}

/// One command to run.
#[derive(Debug, Clone)]
pub enum Request {
    Weeks {
        log: LogRequest,
        format: Format,
    },
    Flags {
        log: LogRequest,
        format: Format,
        min_severity: Severity,
    },
    Check {
        log: LogRequest,
    },
    Rules {
        config: Option<PathBuf>,
        /// Columns the text fits in.
        width: usize,
    },
    Report {
        log: LogRequest,
        image: ImageRequest,
    },
    Triggers {
        log: LogRequest,
        format: Format,
    },
    Athletes {
        log: LogRequest,
        week: Option<Week>,
        format: Format,
    },
}

/// What `report` draws and where.
#[derive(Debug, Clone)]
pub struct ImageRequest {
    /// Target file; `-` writes PNG to standard output.
    pub output: PathBuf,
    /// `-o -` with standard output on a terminal: PNG bytes would fill the screen.
    pub to_terminal: bool,
    pub week: Option<Week>,
    /// Weeks of history; the weekly report's or the club overview's default when `None`.
    pub weeks: Option<usize>,
    pub size: (u32, u32),
    /// `--each DIR`: one weekly report per athlete into this folder.
    pub each: Option<PathBuf>,
}

impl ImageRequest {
    /// PNG or SVG, by the output's extension.
    pub fn format(&self) -> Result<ImageFormat> {
        if self.output.as_os_str() == crate::import::STDIN {
            return Ok(ImageFormat::Png);
        }
        let extension = self
            .output
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("png") => Ok(ImageFormat::Png),
            Some("svg") => Ok(ImageFormat::Svg),
            _ => Err(Error::Usage(format!(
                "-o {}: the report is written as .png or .svg; choose a name ending in one of them",
                self.output.display()
            ))),
        }
    }
}

/// Runs a command, writing its output to `out`; returns the exit code.
/// A reader that closes the pipe early (`| head`, `| grep -q`) is not an
/// error, and the command still ends with the code it would have had, so
/// a `--fail-on` gate keeps its 3.
pub fn run(request: Request, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32> {
    let notes = &mut Notes { err };
    let mut out = PipeSafe {
        inner: out,
        closed: false,
    };
    let out: &mut dyn Write = &mut out;
    let written = match request {
        Request::Weeks { log, format } => weeks(&log, format, out, notes),
        Request::Flags {
            log,
            format,
            min_severity,
        } => flags(&log, format, min_severity, out, notes),
        Request::Check { log } => check(&log, out, notes),
        Request::Rules { config, width } => rules(config.as_deref(), width, out),
        Request::Report { log, image } => report_image(&log, &image, out, notes),
        Request::Triggers { log, format } => triggers(&log, format, out, notes),
        Request::Athletes { log, week, format } => athletes(&log, week, format, out, notes),
    };
    match written {
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => Ok(0),
        other => other,
    }
}

/// Output whose reader may go away: once the pipe is closed, the rest is
/// dropped without an error, so the command runs to its exit code.
struct PipeSafe<'a> {
    inner: &'a mut dyn Write,
    closed: bool,
}

impl Write for PipeSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// Reads a thresholds file, or the defaults without one.
pub fn load_thresholds(config: Option<&Path>) -> Result<Thresholds> {
    let Some(path) = config else {
        return Ok(Thresholds::default());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(path, "could not read the thresholds file", e))?;
    Thresholds::from_toml(&text, path)
}

/// Imports and analyses the log of a request, with the thresholds it used.
pub fn analyse_log(
    log: &LogRequest,
    notes: &mut Notes<'_>,
) -> Result<(Imported, Vec<AthleteAnalysis>)> {
    analyse_log_with(log, &load_thresholds(log.config.as_deref())?, notes)
}

/// Imports and analyses the log of a request with these thresholds.
pub fn analyse_log_with(
    log: &LogRequest,
    thresholds: &Thresholds,
    notes: &mut Notes<'_>,
) -> Result<(Imported, Vec<AthleteAnalysis>)> {
    let (imported, packed) = import_log(log, notes)?;
    analyse_packed(log, thresholds, imported, &packed)
}

/// Analyses an imported log whole, and checks that the athletes and weeks
/// the request selects are in it.
fn analyse_packed(
    log: &LogRequest,
    thresholds: &Thresholds,
    imported: Imported,
    packed: &PackedLog,
) -> Result<(Imported, Vec<AthleteAnalysis>)> {
    let runs = packed.unpack_all();
    let analyses = analyse_as_of(runs, thresholds, imported.units, log.load, log.as_of);
    for name in &log.selection.athletes {
        let one = report::Selection {
            athletes: vec![name.clone()],
            ..report::Selection::default()
        };
        if !analyses
            .iter()
            .any(|a| one.wants_athlete(a.timeline.athlete.as_deref()))
        {
            return Err(Error::Usage(format!(
                "no athlete named '{}' in the log; it has: {}",
                shown(name),
                athlete_names(&analyses)
            )));
        }
    }
    check_selection_has_weeks(log, &analyses)?;
    Ok((imported, analyses))
}

/// Imports the log of a request: what was read, and each athlete's runs up
/// to `--as-of`, packed, for the analysis.
fn import_log(log: &LogRequest, notes: &mut Notes<'_>) -> Result<(Imported, PackedLog)> {
    if let (Some(since), Some(until)) = (log.selection.since, log.selection.until) {
        if since > until {
            return Err(Error::Usage(format!(
                "--since {since} is after --until {until}, so no week can be shown; swap them"
            )));
        }
    }
    let (imported, mut packed) = import::import_packed(&log.inputs, &log.import)?;
    if packed.run_count() == 0 {
        return Err(no_runs(&imported));
    }
    if let Some(as_of) = log.as_of {
        leave_out_after(&mut packed, as_of, notes)?;
    }
    Ok((imported, packed))
}

/// Whether a command writes its rows a batch of athletes at a time: JSON of
/// the whole log, the output of a club or a platform, whose weeks and
/// findings need not all be held at once. A selection is checked against
/// the whole analysis before anything is written, and a text or CSV table
/// is laid out from all its rows, so those take the whole analysis.
fn streams(log: &LogRequest, format: Format) -> bool {
    matches!(format, Format::Json | Format::Jsonl) && log.selection.is_all()
}

/// Imports and analyses the log of a request a batch of athletes at a time
/// (see [`streams`]), handing each batch to `each` in order.
fn analyse_log_in_batches(
    log: &LogRequest,
    notes: &mut Notes<'_>,
    wording: Wording,
    each: impl FnMut(&[AthleteAnalysis]) -> io::Result<()>,
) -> Result<Imported> {
    let thresholds = load_thresholds(log.config.as_deref())?;
    let (imported, packed) = import_log(log, notes)?;
    analyse_packed_in_batches(log, &thresholds, (&imported, &packed), wording, each)?;
    Ok(imported)
}

/// Analyses an imported log a batch of athletes at a time, handing each
/// batch to `each` in order; an error of `each` is one of writing.
fn analyse_packed_in_batches(
    log: &LogRequest,
    thresholds: &Thresholds,
    (imported, packed): (&Imported, &PackedLog),
    wording: Wording,
    mut each: impl FnMut(&[AthleteAnalysis]) -> io::Result<()>,
) -> Result<()> {
    let (units, load) = (imported.units, log.load);
    analyse_in_batches(
        packed,
        thresholds,
        units,
        load,
        log.as_of,
        wording,
        |batch| each(&batch),
    )
    .map_err(stdout_error)
}

/// Leaves out the rows after `--as-of`, saying how many; a log with no run
/// up to that day is a usage error.
fn leave_out_after(
    packed: &mut PackedLog,
    as_of: chrono::NaiveDate,
    notes: &mut Notes<'_>,
) -> Result<()> {
    let left_out = packed.leave_out_after(as_of);
    if packed.athletes.is_empty() {
        return Err(Error::Usage(format!(
            "--as-of {as_of}: the log has no run on or before that day"
        )));
    }
    if left_out > 0 {
        notes.note(&format!(
            "--as-of {as_of}: {} after it left out",
            counted(left_out, "row", "rows")
        ));
    }
    Ok(())
}

/// `--since` and `--until` that leave no week of the log are a usage error,
/// the same for every command.
fn check_selection_has_weeks(log: &LogRequest, analyses: &[AthleteAnalysis]) -> Result<()> {
    let selection = &log.selection;
    if selection.since.is_none() && selection.until.is_none() {
        return Ok(());
    }
    let weeks: Vec<&crate::analysis::WeekMetrics> = selection
        .athletes(analyses)
        .flat_map(|a| &a.timeline.weeks)
        .collect();
    if weeks.iter().any(|w| selection.wants_week(w.start)) {
        return Ok(());
    }
    let covers = week_span(selection.athletes(analyses))
        .map(|span| format!("; the log covers {span}"))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "no week of the log falls between --since and --until{covers}"
    )))
}

fn no_runs(imported: &Imported) -> Error {
    let names: Vec<&str> = imported.inputs.iter().map(|i| i.input.as_str()).collect();
    let found: usize = imported.inputs.iter().map(|i| i.activities).sum();
    let skipped: Vec<String> = imported
        .inputs
        .iter()
        .flat_map(|i| &i.skipped)
        .map(|(reason, count)| format!("{count} {reason}"))
        .collect();
    let why = if imported.skipped_rows > 0 {
        match imported.skipped_rows {
            1 => "its only row with a run was invalid and skipped".to_string(),
            rows => format!("all {rows} rows with runs were invalid and skipped"),
        }
    } else if !skipped.is_empty() {
        format!(
            "nothing readable is a run (skipped: {})",
            skipped.join("; ")
        )
    } else if found == 0 {
        let notes: Vec<String> = imported
            .inputs
            .iter()
            .flat_map(|i| {
                let own = format!("{}: ", i.input);
                i.notes
                    .iter()
                    .map(move |note| note.strip_prefix(&own).unwrap_or(note).to_string())
            })
            .collect();
        if notes.is_empty() {
            "there are no rows below the header".to_string()
        } else {
            notes.join("; ")
        }
    } else {
        format!(
            "none of the {} is a run",
            counted(found, "activity", "activities")
        )
    };
    Error::Format {
        file: names.join(", "),
        line: None,
        message: format!("no runs to analyse: {why}"),
    }
}

fn athlete_names(analyses: &[AthleteAnalysis]) -> String {
    let names: Vec<&str> = analyses
        .iter()
        .filter_map(|a| a.timeline.athlete.as_deref())
        .collect();
    if names.is_empty() {
        "no athlete column".to_string()
    } else {
        names.join(", ")
    }
}

fn stdout_error(e: io::Error) -> Error {
    Error::io("standard output", "could not write", e)
}

/// Exit code 3 when `--fail-on` was given and a shown finding reaches its
/// level; standard error says so, so a script's log shows why.
fn exit_code<'a>(
    log: &LogRequest,
    shown: impl IntoIterator<Item = &'a Severity>,
    notes: &mut Notes<'_>,
) -> i32 {
    let Some(level) = log.fail_on else {
        return 0;
    };
    let reached = shown
        .into_iter()
        .filter(|severity| **severity >= level)
        .count();
    if reached == 0 {
        return 0;
    }
    notes.line(&format!(
        "runrisk: --fail-on {}: {} at or above it",
        level.name(),
        counted(reached, "finding", "findings")
    ));
    EXIT_FINDINGS
}

/// The severities of every finding in the selected weeks.
fn selected_severities<'a>(
    log: &'a LogRequest,
    analyses: &'a [AthleteAnalysis],
) -> impl Iterator<Item = &'a Severity> {
    report::flag_rows(analyses, &log.selection, Severity::Info).map(|f| &f.severity)
}

fn weeks(
    log: &LogRequest,
    format: Format,
    out: &mut dyn Write,
    notes: &mut Notes<'_>,
) -> Result<i32> {
    if streams(log, format) {
        return weeks_in_batches(log, format, out, notes);
    }
    let (imported, analyses) = analyse_log(log, notes)?;
    let log = &log.shown_in(imported.units);
    let rows = report::week_rows(&analyses, &log.selection);
    let style = log.style();
    match format {
        Format::Text => text::weeks(out, &rows, style),
        Format::Json => report::json::weeks(out, &rows),
        Format::Jsonl => report::json::write_lines(out, &rows),
        Format::Csv => report::csv::weeks(out, &rows, log.units),
    }
    .map_err(stdout_error)?;
    warn_about_reading(&imported, notes);
    Ok(exit_code(log, selected_severities(log, &analyses), notes))
}

/// `weeks` in JSON of the whole log, written a batch of athletes at a time.
fn weeks_in_batches(
    log: &LogRequest,
    format: Format,
    out: &mut dyn Write,
    notes: &mut Notes<'_>,
) -> Result<i32> {
    let mut stream = RowStream::new(format == Format::Jsonl);
    let mut severities = Vec::new();
    // A week's row names the rules of its findings, not their words.
    let imported = analyse_log_in_batches(log, notes, Wording::Unworded, |batch| {
        push_each_athlete(&mut stream, out, batch, |one| {
            report::week_rows(one, &log.selection)
        })?;
        severities.extend(selected_severities(log, batch).copied());
        Ok(())
    })?;
    stream.finish(out).map_err(stdout_error)?;
    warn_about_reading(&imported, notes);
    Ok(exit_code(log, &severities, notes))
}

/// `athletes`: one row per athlete for one week. The whole log is gathered a
/// batch of analyses at a time; a selection is checked against the whole
/// analysis first.
fn athletes(
    log: &LogRequest,
    week: Option<Week>,
    format: Format,
    out: &mut dyn Write,
    notes: &mut Notes<'_>,
) -> Result<i32> {
    let mut club = report::athletes::ClubTable::new(week);
    let imported = if log.selection.is_all() {
        // An athlete's row names the rule of the top finding, not its words.
        analyse_log_in_batches(log, notes, Wording::Unworded, |batch| {
            club.add(batch, &log.selection);
            Ok(())
        })?
    } else {
        let (imported, analyses) = analyse_log(log, notes)?;
        club.add(&analyses, &log.selection);
        imported
    };
    let log = &log.shown_in(imported.units);
    let span = club.span();
    let Some((week, rows, severities)) = club.finish() else {
        return Err(Error::Usage("the log holds no runs to list".into()));
    };
    if rows.is_empty() {
        return Err(no_athlete_rows(week, span));
    }
    write_athlete_rows(out, week, &rows, format, log)?;
    warn_about_reading(&imported, notes);
    Ok(exit_code(log, &severities, notes))
}

/// `athletes` for a week before any athlete's first run; `span` is the
/// weeks the log covers.
fn no_athlete_rows(week: Week, span: Option<String>) -> Error {
    Error::Usage(format!(
        "no athlete has a run up to {week}; the log covers {}",
        span.unwrap_or_else(|| "no weeks".into())
    ))
}

/// The rows of `athletes` in the format asked for.
fn write_athlete_rows(
    out: &mut dyn Write,
    week: Week,
    rows: &[report::athletes::AthleteRow],
    format: Format,
    log: &LogRequest,
) -> Result<()> {
    use report::athletes as table;
    match format {
        Format::Text => table::text(out, week, rows, log.style()),
        Format::Json => report::json::write_array(out, rows),
        Format::Jsonl => report::json::write_lines(out, rows),
        Format::Csv => table::csv(out, rows, log.units),
    }
    .map_err(stdout_error)
}

/// "2025-W02 to 2025-W20": the weeks these athletes' logs cover.
fn week_span<'a>(analyses: impl Iterator<Item = &'a AthleteAnalysis>) -> Option<String> {
    let weeks: Vec<Week> = analyses
        .flat_map(|a| &a.timeline.weeks)
        .map(|w| w.week)
        .collect();
    let (first, last) = (weeks.iter().min()?, weeks.iter().max()?);
    Some(format!("{first} to {last}"))
}

fn triggers(
    log: &LogRequest,
    format: Format,
    out: &mut dyn Write,
    notes: &mut Notes<'_>,
) -> Result<i32> {
    let thresholds = load_thresholds(log.config.as_deref())?;
    let (imported, analyses) = analyse_log_with(log, &thresholds, notes)?;
    let log = &log.shown_in(imported.units);
    let found: Vec<crate::triggers::Triggers> = {
        use rayon::prelude::*;
        let athletes: Vec<&AthleteAnalysis> = log.selection.athletes(&analyses).collect();
        athletes
            .par_iter()
            .map(|a| crate::triggers::find(&a.timeline, &thresholds))
            .collect()
    };
    match format {
        Format::Text => report::triggers::text(out, &found, log.width),
        Format::Json => report::json::write_array(out, found.iter().flat_map(|t| &t.rows)),
        Format::Jsonl => report::json::write_lines(out, found.iter().flat_map(|t| &t.rows)),
        Format::Csv => report::triggers::csv(out, &found),
    }
    .map_err(stdout_error)?;
    for athlete in found.iter().filter(|t| t.rows.is_empty()) {
        let who = athlete
            .athlete
            .as_deref()
            .map(|a| format!("{a}: "))
            .unwrap_or_default();
        notes.note(&format!(
            "{who}{} heaviness reports; triggers need {} more (log 'heaviness' \
             from 0 to 10 after your runs, or on rest days)",
            athlete.reports,
            athlete.reports_needed()
        ));
    }
    warn_about_reading(&imported, notes);
    Ok(0)
}

fn flags(
    log: &LogRequest,
    format: Format,
    min: Severity,
    out: &mut dyn Write,
    notes: &mut Notes<'_>,
) -> Result<i32> {
    if streams(log, format) {
        return flags_in_batches(log, format, min, out, notes);
    }
    let (imported, analyses) = analyse_log(log, notes)?;
    let log = &log.shown_in(imported.units);
    let findings = report::flag_rows(&analyses, &log.selection, min);
    match format {
        Format::Json => report::json::flags(out, findings),
        Format::Jsonl => report::json::write_lines(out, findings),
        Format::Csv => report::csv::flags(out, findings),
        Format::Text => report::flags_text::write(out, &analyses, &log.selection, min, log.style()),
    }
    .map_err(stdout_error)?;
    warn_about_reading(&imported, notes);
    let shown = report::flag_rows(&analyses, &log.selection, min).map(|f| &f.severity);
    Ok(exit_code(log, shown, notes))
}

/// `flags` in JSON of the whole log, written a batch of athletes at a time.
fn flags_in_batches(
    log: &LogRequest,
    format: Format,
    min: Severity,
    out: &mut dyn Write,
    notes: &mut Notes<'_>,
) -> Result<i32> {
    let mut stream = RowStream::new(format == Format::Jsonl);
    let mut severities = Vec::new();
    let imported = analyse_log_in_batches(log, notes, Wording::Worded, |batch| {
        severities.extend(report::flag_rows(batch, &log.selection, min).map(|f| f.severity));
        push_each_athlete(&mut stream, out, batch, |one| {
            report::flag_rows(one, &log.selection, min).collect::<Vec<&Finding>>()
        })
    })?;
    stream.finish(out).map_err(stdout_error)?;
    warn_about_reading(&imported, notes);
    Ok(exit_code(log, &severities, notes))
}

/// Writes the rows of a batch of athletes: each athlete's rows laid out
/// on the thread pool, then written in the batch's order.
fn push_each_athlete<'a, T: JsonRows>(
    stream: &mut RowStream,
    out: &mut dyn Write,
    batch: &'a [AthleteAnalysis],
    rows: impl Fn(&'a [AthleteAnalysis]) -> Vec<T> + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    let shared = &*stream;
    let encoded: Vec<Encoded> = batch
        .par_iter()
        .map(|athlete| shared.encode(&rows(std::slice::from_ref(athlete))))
        .collect::<io::Result<_>>()?;
    for athlete in &encoded {
        stream.push_encoded(out, athlete)?;
    }
    Ok(())
}

/// `1 invalid row was`, `3 invalid rows were`.
fn skipped_rows(imported: &Imported) -> String {
    counted(
        imported.skipped_rows,
        "invalid row was",
        "invalid rows were",
    )
}

/// What the report image says when it was drawn from incomplete data.
fn incomplete_note(imported: &Imported) -> Option<String> {
    let mut parts = Vec::new();
    if imported.skipped_rows > 0 {
        parts.push(format!("{} skipped", skipped_rows(imported)));
    }
    let losses = imported.losses();
    if losses.any() {
        parts.push(losses.describe());
    }
    (!parts.is_empty()).then(|| format!("Incomplete data: {}", parts.join("; ")))
}

/// Says on standard error what the user must know about what was read:
/// units runrisk had to judge, data lost, rows skipped; so no one mistakes a
/// guess or a partial analysis for the whole truth.
fn warn_about_reading(imported: &Imported, notes: &mut Notes<'_>) {
    for input in &imported.inputs {
        for said in input.units_guess.iter().chain(&input.assumed) {
            notes.note(&format!("{}: {said}", input.input));
        }
    }
    let losses = imported.losses();
    if losses.any() {
        notes.note(&format!(
            "{}; the rest was analysed. `runrisk check` says which and why.",
            losses.describe()
        ));
    }
    if imported.skipped_rows > 0 {
        notes.note(&format!(
            "{} skipped (--skip-invalid); the analysis is incomplete. Why:",
            skipped_rows(imported)
        ));
        let mut reasons: Vec<(&String, &usize)> = imported.skipped_reasons.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (reason, count) in reasons.iter().take(MAX_REASONS_SHOWN) {
            notes.line(&format!("  {count} × {}", shown_lines(reason, LINE_CHARS)));
        }
        let more = reasons.len().saturating_sub(MAX_REASONS_SHOWN);
        if more > 0 {
            notes.line(&format!("  and {more} other reasons"));
        }
        notes.line(
            "  `runrisk check` without --skip-invalid lists them with their files and lines.",
        );
    }
}

/// A note on standard error; what it quotes from the log is escaped and cut.
/// Where a command's notes go: standard error in the binary, so standard
/// output holds only what was asked for. The commands never print.
pub struct Notes<'a> {
    err: &'a mut dyn Write,
}

impl Notes<'_> {
    /// One line as it is.
    fn line(&mut self, text: &str) {
        // Nothing more can be said when standard error itself is closed.
        let _ = writeln!(self.err, "{text}");
    }

    /// A note: `runrisk: note: ...`, log text escaped.
    fn note(&mut self, text: &str) {
        self.line(&format!("runrisk: note: {}", shown_lines(text, LINE_CHARS)));
    }
}

/// How many reasons for skipped rows the note on standard error names.
const MAX_REASONS_SHOWN: usize = 5;

fn check(log: &LogRequest, out: &mut dyn Write, notes: &mut Notes<'_>) -> Result<i32> {
    if log.selection.athletes.is_empty() {
        return check_in_batches(log, out, notes);
    }
    let (imported, analyses) = analyse_log(log, notes)?;
    let log = &log.shown_in(imported.units);
    let shown: Vec<&AthleteAnalysis> = log.selection.athletes(&analyses).collect();
    report::check::write(out, &imported, &shown, log.units, log.width).map_err(stdout_error)?;
    Ok(exit_code(log, selected_severities(log, &analyses), notes))
}

/// `check` of the whole log: each athlete's part is written as its batch
/// of analyses comes, so a club's analyses are never all held at once.
fn check_in_batches(log: &LogRequest, out: &mut dyn Write, notes: &mut Notes<'_>) -> Result<i32> {
    let thresholds = load_thresholds(log.config.as_deref())?;
    let (imported, packed) = import_log(log, notes)?;
    let log = &log.shown_in(imported.units);
    report::check::write_inputs(out, &imported, log.width).map_err(stdout_error)?;
    let mut severities = Vec::new();
    // `check` counts findings and names the weeks short of history; it
    // prints no finding's words.
    let wording = Wording::Unworded;
    analyse_packed_in_batches(log, &thresholds, (&imported, &packed), wording, |batch| {
        for analysis in batch {
            report::check::write_athlete(out, analysis, log.units, log.width)?;
        }
        severities.extend(selected_severities(log, batch).copied());
        Ok(())
    })?;
    report::check::write_verdict(out, &imported, log.width).map_err(stdout_error)?;
    Ok(exit_code(log, &severities, notes))
}

fn rules(config: Option<&Path>, width: usize, out: &mut dyn Write) -> Result<i32> {
    let limits = load_thresholds(config)?;
    report::rules::write(out, &limits, width).map_err(stdout_error)?;
    Ok(0)
}

/// Without `--week`, the report shows the latest week with runs that
/// `--since` and `--until` let through (the latest of the log without them).
fn latest_selected_week(analysis: &AthleteAnalysis, selection: &Selection) -> Result<Option<Week>> {
    if selection.since.is_none() && selection.until.is_none() {
        return Ok(None);
    }
    let weeks = &analysis.timeline.weeks;
    match weeks
        .iter()
        .rev()
        .find(|w| !w.runs.is_empty() && selection.wants_week(w.start))
    {
        Some(week) => Ok(Some(week.week)),
        None => Err(Error::Usage(format!(
            "no week with runs between --since and --until; the log covers {} to {}",
            weeks[0].week,
            weeks[weeks.len() - 1].week
        ))),
    }
}

fn report_image(
    log: &LogRequest,
    image: &ImageRequest,
    out: &mut dyn Write,
    notes: &mut Notes<'_>,
) -> Result<i32> {
    let format = image.format()?;
    if image.to_terminal && image.each.is_none() {
        return Err(Error::Usage(
            "-o - writes the PNG image to standard output, which is a terminal here; \
             pipe it (runrisk report log.csv -o - > week.png) or give a file name"
                .into(),
        ));
    }
    let thresholds = load_thresholds(log.config.as_deref())?;
    let (imported, packed) = import_log(log, notes)?;
    if log.selection.is_all() && image.each.is_none() && packed.athletes.len() > 1 {
        let shown = &log.shown_in(imported.units);
        let club = club_in_batches(shown, image, &thresholds, &imported, &packed)?;
        if let Some((club, severities)) = club {
            return write_club_report(shown, image, &imported, club, &severities, out, notes);
        }
    }
    let (imported, analyses) = analyse_packed(log, &thresholds, imported, &packed)?;
    let log = &log.shown_in(imported.units);
    let chosen: Vec<&AthleteAnalysis> = log.selection.athletes(&analyses).collect();
    if image.each.is_some() {
        return each_report(log, image, &thresholds, &imported, &chosen, notes);
    }
    match chosen.as_slice() {
        [] => Err(Error::Usage("the log holds no runs to report on".into())),
        [one] => {
            let report = weekly_report(log, image, &thresholds, &imported, one)?;
            let bytes = report::png::render(&report, image.size, format)?;
            report::output::write_file(&image.output, &bytes, &log.inputs, out)?;
            warn_about_reading(&imported, notes);
            let what = format!("{}{}", athlete_prefix(&report.athlete), report.week);
            said_written(&image.output, &what, (report.score, report.level), notes);
            Ok(exit_code(
                log,
                report.findings.iter().map(|f| &f.severity),
                notes,
            ))
        }
        _ => club_report(log, image, &imported, &analyses, out, notes),
    }
}

/// The weekly report of one athlete, as the image draws it.
fn weekly_report(
    log: &LogRequest,
    image: &ImageRequest,
    thresholds: &Thresholds,
    imported: &Imported,
    analysis: &AthleteAnalysis,
) -> Result<Report> {
    let week = match image.week {
        Some(week) if !log.selection.wants_week(week.monday()) => {
            return Err(Error::Usage(format!(
                "--week {week} is outside --since and --until"
            )));
        }
        Some(week) => Some(week),
        None => latest_selected_week(analysis, &log.selection)?,
    };
    let top_trigger = crate::triggers::find(&analysis.timeline, thresholds)
        .top()
        .map(report::triggers::sentence);
    let request = ReportRequest {
        week,
        weeks: image.weeks.unwrap_or(report::weekly::DEFAULT_WEEKS),
        units: log.units,
        limits: thresholds.clone(),
    };
    let mut report = Report::build(analysis, &request)?;
    report.incomplete = incomplete_note(imported);
    report.top_trigger = top_trigger;
    Ok(report)
}

/// The club overview of the athletes a request selects, from the whole analysis.
fn club_report(
    log: &LogRequest,
    image: &ImageRequest,
    imported: &Imported,
    analyses: &[AthleteAnalysis],
    out: &mut dyn Write,
    notes: &mut Notes<'_>,
) -> Result<i32> {
    let mut gather = report::club::ClubGather::new(image.week);
    gather.add(analyses, &log.selection);
    let (club, severities) = gathered_club(gather, image)?;
    write_club_report(log, image, imported, club, &severities, out, notes)
}

/// The club overview of a whole log with several athletes, gathered a batch
/// of analyses at a time, with the severities of its week's findings;
/// `None` when fewer than two athletes were analysed (the log is one
/// runner's, whose weekly report is drawn instead).
fn club_in_batches(
    log: &LogRequest,
    image: &ImageRequest,
    thresholds: &Thresholds,
    imported: &Imported,
    packed: &PackedLog,
) -> Result<Option<(report::club::ClubReport, Vec<Severity>)>> {
    let mut gather = report::club::ClubGather::new(image.week);
    let mut analysed = 0;
    let wording = Wording::Worded;
    analyse_packed_in_batches(log, thresholds, (imported, packed), wording, |batch| {
        analysed += batch.len();
        gather.add(batch, &log.selection);
        Ok(())
    })?;
    if analysed < 2 {
        return Ok(None);
    }
    gathered_club(gather, image).map(Some)
}

/// The overview of what was gathered, with the weeks the request asks for.
fn gathered_club(
    gather: report::club::ClubGather,
    image: &ImageRequest,
) -> Result<(report::club::ClubReport, Vec<Severity>)> {
    let weeks = image.weeks.unwrap_or(report::club::DEFAULT_CLUB_WEEKS);
    report::club::ClubReport::from_gathered(gather, weeks)
        .ok_or_else(|| Error::Usage("the log holds no runs to report on".into()))
}

/// Draws and writes a club overview, and says what it shows.
fn write_club_report(
    log: &LogRequest,
    image: &ImageRequest,
    imported: &Imported,
    mut club: report::club::ClubReport,
    severities: &[Severity],
    out: &mut dyn Write,
    notes: &mut Notes<'_>,
) -> Result<i32> {
    let week = club.week;
    if club.athletes.is_empty() {
        return Err(Error::Usage(format!("no athlete has a run up to {week}")));
    }
    club.incomplete = incomplete_note(imported);
    let bytes = report::png::render_club(&club, image.size, image.format()?)?;
    report::output::write_file(&image.output, &bytes, &log.inputs, out)?;
    warn_about_reading(imported, notes);
    let (urgent, high) = club.counts();
    if image.output.as_os_str() != crate::import::STDIN {
        notes.line(&format!(
            "runrisk: wrote {} (club overview of {}, {week}: {urgent} must see a doctor, {high} at high risk or above)",
            shown(&image.output.display().to_string()),
            counted(club.athletes.len(), "athlete", "athletes"),
        ));
    }
    Ok(exit_code(log, severities, notes))
}

/// `--each DIR`: one weekly report per athlete, each file named after its
/// athlete (made safe for a file name, distinct when two names clash).
fn each_report(
    log: &LogRequest,
    image: &ImageRequest,
    thresholds: &Thresholds,
    imported: &Imported,
    chosen: &[&AthleteAnalysis],
    notes: &mut Notes<'_>,
) -> Result<i32> {
    let format = image.format()?;
    let Some(folder) = image.each.as_deref() else {
        return Ok(0);
    };
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::io(folder, "could not create the folder for --each", e))?;
    let extension = match format {
        report::png::ImageFormat::Png => "png",
        report::png::ImageFormat::Svg => "svg",
    };
    let names = report::output::file_names(
        chosen
            .iter()
            .map(|a| a.timeline.athlete.as_deref().unwrap_or("")),
        extension,
    );
    let mut code = 0;
    for (analysis, name) in chosen.iter().zip(names) {
        let report = weekly_report(log, image, thresholds, imported, analysis)?;
        let bytes = report::png::render(&report, image.size, format)?;
        let target = folder.join(name);
        report::output::write_file(&target, &bytes, &log.inputs, &mut io::sink())?;
        let what = format!("{}{}", athlete_prefix(&report.athlete), report.week);
        said_written(&target, &what, (report.score, report.level), notes);
        code = code.max(exit_code(
            log,
            report.findings.iter().map(|f| &f.severity),
            notes,
        ));
    }
    warn_about_reading(imported, notes);
    Ok(code)
}

fn athlete_prefix(athlete: &Option<String>) -> String {
    athlete
        .as_deref()
        .map(|a| format!("{a}, "))
        .unwrap_or_default()
}

/// The line on standard error that says where a report went.
fn said_written(
    target: &Path,
    what: &str,
    (score, level): (u32, crate::model::Level),
    notes: &mut Notes<'_>,
) {
    if target.as_os_str() == crate::import::STDIN {
        return;
    }
    notes.line(&format!(
        "runrisk: wrote {} ({}: risk {score} of 100, {})",
        shown(&target.display().to_string()),
        shown(what),
        level.label()
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(inputs: &[&str]) -> LogRequest {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        LogRequest {
            inputs: inputs.iter().map(PathBuf::from).collect(),
            import: ImportOptions::new(today),
            selection: Selection::default(),
            config: None,
            as_of: None,
            units: Units::Km,
            load: Load::Distance,
            fail_on: Some(Severity::Warning),
            colour: false,
            width: report::width::DEFAULT_WIDTH,
        }
    }

    #[test]
    fn a_command_writes_its_output_and_its_notes_where_it_is_told() {
        let log = request(&[concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-logs/marathon-build.csv"
        )]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(
            Request::Weeks {
                log,
                format: Format::Csv,
            },
            &mut out,
            &mut err,
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        let err = String::from_utf8(err).unwrap();
        assert!(out.starts_with("athlete,week,start,distance_km"), "{out}");
        assert_eq!(code, EXIT_FINDINGS);
        assert!(err.contains("--fail-on warning:"), "{err}");
    }
}
