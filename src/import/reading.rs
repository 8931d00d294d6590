//! Reading every input with the right importer: native, Strava or Garmin
//! CSV streamed row by row; GPX, TCX and FIT files whole; folders and .zip
//! exports file by file, where one unreadable activity file is counted and
//! skipped, never fatal. A Strava export is read through its
//! `activities.csv`, with each run's own activity file adding the details
//! the CSV lacks (sprints, hill repeats, climbing).

use std::collections::{BTreeSet, HashMap};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::open::detect::{
    self, apple_export, is_activity_name, is_readable, strava_index, STRAVA_INDEX,
};
use super::open::{self, Container, Folder, WholeRead, Zip};
use super::summary::{surface_key, SurfaceKey};
use super::surface::SurfaceSource;
use super::{
    csv, dedupe, ActivityRead, FileImporter, Format, ImportOptions, Imported, Importer,
    InputSummary, Interner, Names, PackedLog, PackedRuns, ReadSettings, RowImporter, RowProblems,
    STDIN,
};
use crate::error::{Error, Result};
use crate::model::Run;

/// How many unreadable files a folder's notes name before they only count them.
const MAX_NAMED_FILES: usize = 5;

/// Reads every input and returns each athlete's runs, sorted by date, with
/// the same run given by several inputs counted once.
pub fn import(inputs: &[PathBuf], options: &ImportOptions) -> Result<Imported> {
    let (imported, packed) = import_packed(inputs, options)?;
    Ok(imported.with_runs(packed))
}

/// [`import`], each athlete's runs left packed (see [`PackedLog`]): what a
/// club's whole log is analysed from, an athlete at a time.
pub fn import_packed(inputs: &[PathBuf], options: &ImportOptions) -> Result<(Imported, PackedLog)> {
    if inputs.iter().filter(|i| i.as_os_str() == STDIN).count() > 1 {
        return Err(Error::Usage(
            "standard input (-) is named more than once; it can be read only once".into(),
        ));
    }
    let mut reading = Reading::new(options);
    let mut summaries = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.iter().enumerate() {
        let mut summary = InputSummary::new(&input.display().to_string());
        reading.runs.input = index;
        reading.input(input, &mut summary)?;
        summaries.push(summary);
    }
    reading.finish(summaries)
}

/// Reads one log or activity file held in memory (an upload, a test), as
/// [`import`] reads a file of that name: the name's extension says what it
/// is where its content does not (`run.fit`, `log.csv.gz`). Folders and
/// .zip archives are read from their path with [`import`].
pub fn import_bytes(name: &str, bytes: &[u8], options: &ImportOptions) -> Result<Imported> {
    let mut reading = Reading::new(options);
    let mut summary = InputSummary::new(name);
    let whole = gunzipped(bytes.to_vec(), name, name)?;
    reading.whole(whole, name, &mut summary)?;
    let (imported, packed) = reading.finish(vec![summary])?;
    Ok(imported.with_runs(packed))
}

/// The state shared while reading all inputs.
struct Reading<'a> {
    options: &'a ImportOptions,
    interner: Interner,
    problems: RowProblems,
    runs: Runs,
}

/// Where runs go as they are read: straight into their athlete's packed
/// list, so a club log is held compact and never twice; or, while a Strava
/// export's index is read, into `staging` until the activity files have
/// filled them in.
#[derive(Default)]
struct Runs {
    /// The command-line input being read.
    input: usize,
    /// Each athlete's runs, in the order the athletes first came.
    athletes: Vec<PackedRuns>,
    /// Where each athlete is in `athletes`: a hash lookup per row, not a
    /// walk of string compares.
    index: FxHashMap<Option<Arc<str>>, usize>,
    /// The names the packed runs carry.
    names: Names,
    staging: Option<Vec<Run>>,
    /// Where in `athletes` the run kept last went.
    last: Option<usize>,
}

impl Runs {
    /// Where the athlete of the run kept last is, when `athlete` is they
    /// (a log's rows mostly come an athlete at a time).
    fn last_athlete(&self, athlete: &Option<Arc<str>>) -> Option<usize> {
        let at = self.last?;
        let same = match (self.athletes[at].athlete(), athlete) {
            (Some(last), Some(this)) => Arc::ptr_eq(last, this),
            (None, None) => true,
            _ => false,
        };
        same.then_some(at)
    }

    /// Where `athlete` is in `athletes`, added when they are new.
    fn athlete_at(&mut self, athlete: &Option<Arc<str>>) -> usize {
        if let Some(at) = self.index.get(athlete) {
            return *at;
        }
        self.athletes.push(PackedRuns::new(athlete.clone()));
        self.index.insert(athlete.clone(), self.athletes.len() - 1);
        self.athletes.len() - 1
    }

    fn keep(&mut self, run: &mut Run) {
        run.origin.input = self.input;
        if let Some(staged) = &mut self.staging {
            staged.push(run.clone());
            return;
        }
        let at = match self.last_athlete(&run.athlete) {
            Some(at) => at,
            None => self.athlete_at(&run.athlete),
        };
        self.last = Some(at);
        let names = [&run.shoe, &run.injury, &run.activity_file];
        for name in names.into_iter().flatten() {
            self.names.add(name);
        }
        self.names.add(&run.origin.file);
        self.athletes[at].push(run, &self.names);
    }

    /// Each athlete's runs: the unnamed athlete first, then by name.
    fn by_athlete(self) -> PackedLog {
        let mut athletes = self.athletes;
        athletes.sort_by(|a, b| a.athlete().cmp(&b.athlete()));
        PackedLog {
            athletes,
            names: self.names,
        }
    }
}

/// What settling one athlete's runs finds, for the summaries of the inputs:
/// the copies dropped and the surfaces counted. Athletes are settled on the
/// thread pool, each with counters of its own, added up afterwards.
struct AthleteTally {
    /// For each input, the copies this athlete's settling dropped: `runs`
    /// counts the runs dropped, the other counters why.
    removed: Vec<InputSummary>,
    surfaces: HashMap<(usize, SurfaceKey), usize>,
}

impl AthleteTally {
    /// Sorts an athlete's runs, drops their copies, and counts what it did.
    fn of(runs: &mut Vec<Run>, summaries: &[InputSummary]) -> AthleteTally {
        let mut removed: Vec<InputSummary> = summaries
            .iter()
            .map(|summary| InputSummary {
                runs: summary.runs,
                ..InputSummary::default()
            })
            .collect();
        dedupe::sort_and_dedupe(runs, &mut removed);
        for (removed, summary) in removed.iter_mut().zip(summaries) {
            removed.runs = summary.runs.saturating_sub(removed.runs);
        }
        let mut surfaces: HashMap<(usize, SurfaceKey), usize> = HashMap::new();
        for run in runs.iter() {
            if let Some(key) = surface_key(run) {
                *surfaces.entry((run.origin.input, key)).or_default() += 1;
            }
        }
        AthleteTally { removed, surfaces }
    }

    /// What settling finds of runs already in order: no copy, and their
    /// surfaces as they were counted when the runs were read.
    fn in_order(runs: &PackedRuns, inputs: usize) -> AthleteTally {
        let input = runs.input().unwrap_or_default();
        AthleteTally {
            removed: vec![InputSummary::default(); inputs],
            surfaces: runs
                .surfaces()
                .iter()
                .map(|&(key, count)| ((input, key), count))
                .collect(),
        }
    }

    /// Adds what one athlete's settling found to the inputs' summaries.
    fn add_to(self, summaries: &mut [InputSummary]) {
        for (summary, removed) in summaries.iter_mut().zip(&self.removed) {
            summary.runs = summary.runs.saturating_sub(removed.runs);
            summary.duplicates += removed.duplicates;
            summary.repeated_rows += removed.repeated_rows;
            summary.repeated_starts += removed.repeated_starts;
        }
        for ((input, key), count) in self.surfaces {
            if let Some(summary) = summaries.get_mut(input) {
                summary.note_surfaces(key, count);
            }
        }
    }
}

impl Reading<'_> {
    fn new(options: &ImportOptions) -> Reading<'_> {
        Reading {
            options,
            interner: Interner::default(),
            problems: RowProblems::default(),
            runs: Runs::default(),
        }
    }

    /// Every athlete's runs sorted with copies counted once, and what each
    /// input gave; the invalid values gathered are an error unless skipped.
    fn finish(self, mut summaries: Vec<InputSummary>) -> Result<(Imported, PackedLog)> {
        let Reading {
            options,
            problems,
            runs,
            ..
        } = self;
        if problems.total > 0 && !options.skip_invalid {
            return Err(Error::Invalid {
                problems: problems.listed,
                total: problems.total,
            });
        }
        let mut packed = runs.by_athlete();
        let tallies = packed.settle(
            |runs| AthleteTally::in_order(runs, summaries.len()),
            |runs| AthleteTally::of(runs, &summaries),
        );
        for tally in tallies {
            tally.add_to(&mut summaries);
        }
        let mut imported = Imported {
            athletes: Vec::new(),
            inputs: summaries,
            skipped_rows: problems.rows,
            skipped_reasons: problems.reasons,
            units: options.units,
        };
        imported.units = imported.shown_units(options.units, options.units_given);
        Ok((imported, packed))
    }

    fn input(&mut self, input: &Path, summary: &mut InputSummary) -> Result<()> {
        if input.as_os_str() != STDIN && input.is_dir() {
            return self.container(&mut Folder::open(input)?, summary);
        }
        let name = input.display().to_string();
        let is_zip = open::inner_extension(&name).as_deref() == Some("zip");
        if is_zip
            && matches!(
                self.options.format,
                Format::Auto | Format::Strava | Format::Apple
            )
        {
            return self.container(&mut Zip::open(input)?, summary);
        }
        let mut stream = open::decode_utf16(open::open_stream(input)?, &name)?;
        if let Some(columns) = &self.options.columns {
            // Rows without a header row: the named columns are their header.
            let header = std::io::Cursor::new(format!("{}\n", columns.join(",")));
            stream = Box::new(std::io::Read::chain(header, stream));
        }
        let head = stream.fill_buf().map_err(|e| open::read_error(&name, e))?;
        let importer = self.format_of(&name, head)?.importer();
        self.read_stream(importer, stream, &name, summary)
    }

    /// Reads one input with its importer: a CSV row by row, Apple Health as
    /// a stream, an activity file whole.
    fn read_stream(
        &mut self,
        importer: Importer,
        mut stream: Box<dyn BufRead>,
        name: &str,
        summary: &mut InputSummary,
    ) -> Result<()> {
        let settings = self.options.settings(name);
        let read = match importer {
            Importer::Rows(rows) => return self.csv(rows, &mut stream, name, summary),
            Importer::Stream(streamed) => streamed.read(&mut stream, &settings)?,
            Importer::File(file) => {
                read_unpacked(file, open::read_whole(stream, name)?, &settings)?
            }
        };
        self.keep_activity(read, name, summary);
        Ok(())
    }

    /// The format the user chose, or the one detected; binary files that
    /// are none of them are refused here with a clear message.
    fn format_of(&self, name: &str, head: &[u8]) -> Result<Format> {
        let format = match self.options.format {
            Format::Auto => detect::detect(name, head),
            chosen => chosen,
        };
        if !format.is_activity_file() {
            if let Some(what) = detect::binary_kind(head) {
                return Err(Error::Format {
                    file: name.to_string(),
                    line: None,
                    message: format!(
                        "this is {what}, not a training log; runrisk reads CSV logs, Strava and Garmin \
                         Connect exports, Apple Health exports, and GPX, TCX and FIT files"
                    ),
                });
            }
        }
        Ok(format)
    }

    fn csv(
        &mut self,
        rows: &dyn RowImporter,
        stream: &mut dyn BufRead,
        name: &str,
        summary: &mut InputSummary,
    ) -> Result<()> {
        let settings = self.options.settings(name);
        let runs = &mut self.runs;
        let mut keep = |run: &mut Run| runs.keep(run);
        let (interner, problems) = (&mut self.interner, &mut self.problems);
        let part = rows.read(stream, &settings, interner, problems, &mut keep)?;
        absorb(summary, part);
        Ok(())
    }

    /// An Apple Health export: its export.xml, streamed out of the folder
    /// or archive (it can be gigabytes); the route files beside it add nothing.
    fn apple_export(
        &mut self,
        container: &mut dyn Container,
        export: &str,
        summary: &mut InputSummary,
    ) -> Result<()> {
        let label = format!("{}/{export}", container.label());
        let settings = self.options.settings(&label);
        let mut stream =
            std::io::BufReader::with_capacity(open::READ_BUFFER, container.stream(export)?);
        let read = super::activity::apple::read(&mut stream, &settings)?;
        self.keep_activity(read, &label, summary);
        Ok(())
    }

    fn keep_activity(&mut self, read: ActivityRead, name: &str, summary: &mut InputSummary) {
        summary.activities += read.activities;
        summary.from_activity_files += read.activities;
        for reason in read.skipped {
            summary.skip(reason);
        }
        summary
            .notes
            .extend(read.notes.into_iter().map(|note| format!("{name}: {note}")));
        summary.losses.damaged_files += usize::from(read.damaged);
        for mut run in read.runs {
            if let Some(reason) = super::plausible::implausible(&run, self.options.today) {
                summary.losses.runs_left_out += 1;
                summary
                    .notes
                    .push(format!("{name}: a run {reason}; it was left out"));
                summary.skip(format!("run {}", reason_of(&reason)));
                continue;
            }
            summary.runs += 1;
            summary.sessions += usize::from(!run.activity.is_run());
            if run.surface.is_none() {
                run.set_surface((self.options.default_surface, SurfaceSource::Default));
            }
            self.runs.keep(&mut run);
        }
    }

    /// A folder or archive: a Strava export through its index, anything
    /// else file by file.
    fn container(
        &mut self,
        container: &mut dyn Container,
        summary: &mut InputSummary,
    ) -> Result<()> {
        let names = container.names();
        let unlisted = listing(container, summary);
        if let Some(index) = strava_index(container, &names) {
            return self.strava_export(container, &names, &index, summary);
        }
        if let Some(export) = apple_export(&names) {
            return self.apple_export(container, &export, summary);
        }
        let mut unreadable = Unreadable::default();
        let mut found = 0;
        for (at, name) in names.iter().enumerate() {
            if !is_readable(name) {
                let kind = open::inner_extension(name).unwrap_or_else(|| "no extension".into());
                summary.skip(format!("not a log or activity file (.{kind})"));
                continue;
            }
            found += 1;
            // Names are sorted: the copies of a name an archive holds twice are next to each other.
            let copy = names[..at].iter().rev().take_while(|n| *n == name).count();
            let label = format!("{}/{name}", container.label());
            let read = unpacked(container, name, copy, &label)
                .and_then(|whole| self.whole(whole, &label, summary));
            if let Err(error) = read {
                unreadable.add(summary, &label, unreadable_reason(error)?);
            }
        }
        unreadable.note(summary);
        summary.notes = group_file_notes(std::mem::take(&mut summary.notes));
        if found == 0 {
            let unlisted = match unlisted {
                0 => String::new(),
                count => format!(
                    " that could be listed ({} could not)",
                    crate::words::counted(count, "sub-folder", "sub-folders")
                ),
            };
            return Err(Error::Format {
                file: container.label(),
                line: None,
                message: format!("holds no CSV log and no .gpx, .tcx or .fit file{unlisted}"),
            });
        }
        Ok(())
    }

    /// A file read whole (from a folder, an archive or memory): an activity
    /// file keeps what unpacked before a damaged .gz stopped; a log must be whole.
    fn whole(
        &mut self,
        mut whole: WholeRead,
        label: &str,
        summary: &mut InputSummary,
    ) -> Result<()> {
        whole.bytes = open::utf16_to_utf8(whole.bytes);
        let importer = self.format_of(label, &whole.bytes)?.importer();
        if let Importer::File(file) = importer {
            let read = read_unpacked(file, whole, &self.options.settings(label))?;
            self.keep_activity(read, label, summary);
            return Ok(());
        }
        match whole.stop {
            // A log cut short would end in half a row: not read at all.
            Some(stop) => Err(stop.into_error(label, "")),
            None => self.read_stream(importer, open::stream_of(whole.bytes), label, summary),
        }
    }

    /// A Strava bulk export: runs come from `activities.csv`; each run's own
    /// activity file fills in what the CSV does not say.
    fn strava_export(
        &mut self,
        container: &mut dyn Container,
        names: &[String],
        index: &str,
        summary: &mut InputSummary,
    ) -> Result<()> {
        let label = format!("{}/{index}", container.label());
        let bytes = container.read(index)?;
        self.runs.staging = Some(Vec::new());
        let read = self.csv(
            &csv::strava::read,
            &mut open::stream_of(bytes),
            &label,
            summary,
        );
        let mut runs = self.runs.staging.take().unwrap_or_default();
        read?;
        let folder = index.rsplit_once('/').map_or("", |(folder, _)| folder);
        let available: BTreeSet<&str> = names.iter().map(String::as_str).collect();
        let mut used = BTreeSet::new();
        let mut files = ExportFiles::default();
        for run in &mut runs {
            let Some(file) = run.activity_file.clone() else {
                continue;
            };
            let Some(path) = find_in_export(&available, folder, &file) else {
                files.missing.push(file.to_string());
                continue;
            };
            used.insert(path.clone());
            let file_label = format!("{}/{path}", container.label());
            let settings = self.options.settings(&file_label);
            match activity_details(container, &path, &file_label, &settings) {
                Ok(Some(read)) => files.add(run, read, &file_label),
                Ok(None) => {}
                Err(error) => {
                    let reason = unreadable_reason(error)?;
                    files.unreadable.add(summary, &file_label, reason)
                }
            }
        }
        for mut run in runs {
            self.runs.keep(&mut run);
        }
        let others = names
            .iter()
            .filter(|n| is_activity_name(n) && !used.contains(n.as_str()))
            .count();
        if others > 0 {
            *summary
                .skipped
                .entry("activity file of an activity that is not a run".into())
                .or_default() += others;
        }
        files.note(summary);
        summary.notes = group_file_notes(std::mem::take(&mut summary.notes));
        Ok(())
    }
}

/// What a Strava export's activity files gave its runs, for the notes.
#[derive(Default)]
struct ExportFiles {
    /// Runs that got details from their file.
    detailed: usize,
    /// Of those, runs whose file was cut short or damaged.
    detailed_from_damaged: usize,
    /// Files named in `activities.csv` that the export does not hold.
    missing: Vec<String>,
    /// Files cut short or damaged, each with what its reader said was lost.
    damaged: Vec<(String, Vec<String>)>,
    unreadable: Unreadable,
}

impl ExportFiles {
    /// Fills `run` in from what its activity file gave.
    fn add(&mut self, run: &mut Run, read: ActivityRead, label: &str) {
        if let Some(details) = read.runs.first() {
            run.fill_missing_from(details);
            self.detailed += 1;
            self.detailed_from_damaged += usize::from(read.damaged);
        }
        if read.damaged {
            self.damaged.push((label.to_string(), read.notes));
        }
    }

    fn note(self, summary: &mut InputSummary) {
        summary.losses.damaged_files += self.damaged.len();
        let mut details = format!(
            "{} got details (climbing, sprints, hill repeats) from their activity files",
            crate::words::counted(self.detailed, "run", "runs")
        );
        if self.detailed_from_damaged > 0 {
            details.push_str(&format!(
                ", {} of them only from the part of a damaged file that could be read",
                self.detailed_from_damaged
            ));
        }
        summary.notes.push(details);
        if !self.missing.is_empty() {
            let count = self.missing.len();
            let (files, are, runs) = if count == 1 {
                ("activity file", "is", "its run gets no details from it")
            } else {
                (
                    "activity files",
                    "are",
                    "their runs get no details from them",
                )
            };
            summary.notes.push(format!(
                "{count} {files} named in {STRAVA_INDEX} {are} not in the export ({}); {runs}",
                named_list(&self.missing)
            ));
        }
        damaged_notes(&self.damaged, summary);
        self.unreadable.note(summary);
    }
}

/// What each damaged file lost, file by file for the first few, then a count.
fn damaged_notes(damaged: &[(String, Vec<String>)], summary: &mut InputSummary) {
    for (label, notes) in damaged.iter().take(MAX_NAMED_FILES) {
        summary
            .notes
            .extend(notes.iter().map(|note| format!("{label}: {note}")));
    }
    let more = damaged.len().saturating_sub(MAX_NAMED_FILES);
    if more > 0 {
        summary.notes.push(format!(
            "and {more} more activity files are cut short or damaged; run `runrisk check` on \
             one to see what it lost"
        ));
    }
}

/// Where the export holds the file `activities.csv` names: at that path
/// next to the index, or unpacked from `.gz` (or packed) there.
fn find_in_export(available: &BTreeSet<&str>, folder: &str, file: &str) -> Option<String> {
    let path = if folder.is_empty() {
        file.to_string()
    } else {
        format!("{folder}/{file}")
    };
    let other = match path.strip_suffix(".gz") {
        Some(plain) => plain.to_string(),
        None => format!("{path}.gz"),
    };
    [path, other]
        .into_iter()
        .find(|p| available.contains(p.as_str()))
}

/// The first `MAX_NAMED_FILES` names, then how many more there are.
fn named_list(names: &[String]) -> String {
    let shown: Vec<&str> = names
        .iter()
        .take(MAX_NAMED_FILES)
        .map(String::as_str)
        .collect();
    let more = names.len().saturating_sub(MAX_NAMED_FILES);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{}{tail}", shown.join(", "))
}

/// Adds what one file's read found to its input's summary.
fn absorb(summary: &mut InputSummary, part: InputSummary) {
    summary.activities += part.activities;
    summary.from_activity_files += part.from_activity_files;
    summary.runs += part.runs;
    summary.sessions += part.sessions;
    for (reason, count) in part.skipped {
        *summary.skipped.entry(reason).or_default() += count;
    }
    for (surface, count) in part.surfaces {
        *summary.surfaces.entry(surface).or_default() += count;
    }
    summary.notes.extend(part.notes);
    summary.losses.add(part.losses);
    if part.units_guess.is_some() {
        summary.units_guess = part.units_guess;
    }
    summary.assumed.extend(part.assumed);
    summary.distance_units = match (summary.distance_units, part.distance_units) {
        (Some(a), Some(b)) if a != b => None,
        (a, b) => a.or(b),
    };
}

/// Activity files that could not be read, counted by reason and named in the notes.
#[derive(Default)]
struct Unreadable {
    names: Vec<String>,
}

impl Unreadable {
    fn add(&mut self, summary: &mut InputSummary, label: &str, message: String) {
        summary.skip(format!("unreadable file: {}", reason_of(&message)));
        summary.losses.unreadable_files += 1;
        self.names.push(format!("{label} ({message})"));
    }

    fn note(self, summary: &mut InputSummary) {
        if self.names.is_empty() {
            return;
        }
        summary
            .notes
            .push(format!("could not read {}", named_list(&self.names)));
    }
}

/// The reason part of a message, without the details that differ from file
/// to file (byte positions, counts), so skips group by reason: the text
/// before the first `(`, `;` or `: `. A colon inside a value (`2:00/km`,
/// `07:30`) is part of the reason.
fn reason_of(message: &str) -> &str {
    let ends_reason = |(at, c): (usize, char)| match c {
        '(' | ';' => true,
        ':' => message[at + c.len_utf8()..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace),
        _ => false,
    };
    let end = message
        .char_indices()
        .find(|&item| ends_reason(item))
        .map_or(message.len(), |(at, _)| at);
    message[..end].trim()
}

/// Notes of the form `file: text` that repeat across files, said once with a count.
fn group_file_notes(notes: Vec<String>) -> Vec<String> {
    // Notes group by their words; the numbers in them differ from file to file.
    let mut grouped: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for note in notes {
        let (file, text) = match note.split_once(": ") {
            Some((file, text)) if file.contains('.') => (file.to_string(), text.to_string()),
            _ => (String::new(), note),
        };
        let key = without_numbers(&text);
        match grouped.iter_mut().find(|(k, _)| *k == key) {
            Some((_, notes)) => notes.push((file, text)),
            None => grouped.push((key, vec![(file, text)])),
        }
    }
    grouped
        .into_iter()
        .map(|(_, notes)| match notes.as_slice() {
            [(file, text)] if file.is_empty() => text.clone(),
            [(file, text)] => format!("{file}: {text}"),
            [(first, text), rest @ ..] if rest.iter().all(|(_, t)| t == text) => {
                format!("{text} ({} files, such as {first})", notes.len())
            }
            [(first, text), rest @ ..] => {
                format!("{first}: {text} (and {} more files like it)", rest.len())
            }
            [] => String::new(),
        })
        .collect()
}

/// A note's words with each number as `#`, to group notes that differ only in figures.
fn without_numbers(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else {
            key.push(c);
        }
    }
    key
}

/// What the container says of its own listing goes to the notes; the
/// parts it could not list count as unreadable files. Returns how many.
fn listing(container: &dyn Container, summary: &mut InputSummary) -> usize {
    summary.notes.extend(container.notes());
    let mut unreadable = Unreadable::default();
    let unlisted = container.unlisted();
    for (label, message) in &unlisted {
        unreadable.add(summary, label, message.clone());
    }
    unreadable.note(summary);
    unlisted.len()
}

/// Why a file inside a folder or archive could not be read, for its note;
/// errors that are not about the file itself (a bad value in a log) stop the run.
fn unreadable_reason(error: Error) -> Result<String> {
    match error {
        Error::Format { message, .. } => Ok(message),
        Error::Io { action, source, .. } => Ok(format!("{action}: {source}")),
        other => Err(other),
    }
}

/// A file's bytes (the `copy`-th of its name), gunzipped when its name ends in `.gz`.
fn unpacked(
    container: &mut dyn Container,
    name: &str,
    copy: usize,
    label: &str,
) -> Result<WholeRead> {
    let bytes = container.read_copy(name, copy)?;
    gunzipped(bytes, name, label)
}

/// Bytes read whole, gunzipped when `name` ends in `.gz`.
fn gunzipped(bytes: Vec<u8>, name: &str, label: &str) -> Result<WholeRead> {
    if open::strip_gz(name).1 {
        open::gunzip(&bytes, label)
    } else {
        Ok(WholeRead { bytes, stop: None })
    }
}

/// Reads an activity file from what unpacked of it. When a .gz file stopped
/// unpacking early, the runs read from the bytes before the stop are kept
/// with a note that says so; if they hold no run, the file is unreadable,
/// with a message that says it may be cut short.
fn read_unpacked(
    file: &dyn FileImporter,
    whole: WholeRead,
    settings: &ReadSettings,
) -> Result<ActivityRead> {
    let unpacked = whole.bytes.len();
    let result = file.read(&whole.bytes, settings);
    let Some(stop) = whole.stop else {
        return result;
    };
    match result {
        Ok(mut read) if !read.runs.is_empty() => {
            read.notes.insert(0, stop.note(unpacked));
            read.damaged = true;
            Ok(read)
        }
        Ok(_) | Err(Error::Format { .. }) => {
            let detail = if unpacked == 0 {
                String::new()
            } else {
                format!(
                    ": the {} bytes that unpacked hold no run",
                    crate::words::thousands(unpacked as u64)
                )
            };
            Err(stop.into_error(settings.file, &detail))
        }
        Err(other) => Err(other),
    }
}

/// What an export's activity file holds, for the details of its run.
fn activity_details(
    container: &mut dyn Container,
    path: &str,
    label: &str,
    settings: &ReadSettings,
) -> Result<Option<ActivityRead>> {
    let whole = unpacked(container, path, 0, label)?;
    match detect::detect(path, &whole.bytes).importer() {
        Importer::File(file) => read_unpacked(file, whole, settings).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_kept_with_their_athlete_whatever_the_order_of_the_rows() {
        let mut interner = Interner::default();
        let file: Arc<str> = Arc::from("club.csv");
        // The athletes of the rows in file order: in runs, interleaved,
        // unnamed, and one spelt two ways.
        let rows = [
            Some("Ana"),
            Some("Ana"),
            Some("Ben"),
            None,
            Some("ANA"),
            Some("Ben"),
            None,
            Some("Cleo"),
            Some("Ana"),
        ];
        let mut runs = Runs::default();
        for (line, athlete) in rows.iter().enumerate() {
            let date = chrono::NaiveDate::from_ymd_opt(2025, 6, 1 + line as u32).unwrap();
            let mut run = Run::new(
                date,
                5.0,
                crate::model::Origin::new(file.clone(), line as u64 + 2),
            );
            run.athlete = athlete.map(|name| interner.intern(name));
            runs.keep(&mut run);
        }
        let log = runs.by_athlete();
        let lines = |at: usize| -> Vec<u64> {
            log.athletes[at]
                .unpack(&log.names)
                .iter()
                .map(|run| run.origin.line)
                .collect()
        };
        let athletes: Vec<Option<&str>> = log
            .athletes
            .iter()
            .map(|a| a.athlete().map(|n| &**n))
            .collect();
        assert_eq!(athletes, [None, Some("Ana"), Some("Ben"), Some("Cleo")]);
        assert_eq!(lines(0), [5, 8]);
        assert_eq!(lines(1), [2, 3, 6, 10]);
        assert_eq!(lines(2), [4, 7]);
        assert_eq!(lines(3), [9]);
    }

    #[test]
    fn notes_that_differ_only_in_figures_are_said_once() {
        let jitter = |file: &str, kept: u32, raw: u32| {
            format!("{file}: elevation: {kept} m of climbing kept of {raw} m summed point to point")
        };
        let notes = vec![
            jitter("w/a.gpx", 5, 250),
            "w/b.gpx: the file stops early".to_string(),
            jitter("w/c.gpx", 12, 310),
            "w/d.gpx: the file stops early".to_string(),
            jitter("w/e.gpx", 0, 400),
            "3 runs got details".to_string(),
        ];
        assert_eq!(
            group_file_notes(notes),
            [
                "w/a.gpx: elevation: 5 m of climbing kept of 250 m summed point to point \
                 (and 2 more files like it)",
                "the file stops early (2 files, such as w/b.gpx)",
                "3 runs got details",
            ]
        );
    }

    #[test]
    fn damaged_export_files_are_named_then_counted() {
        let damaged: Vec<(String, Vec<String>)> = (1..=7)
            .map(|i| {
                (
                    format!("e/{i}.fit"),
                    vec![format!("truncated: read {i} records")],
                )
            })
            .collect();
        let mut summary = InputSummary::new("e");
        damaged_notes(&damaged, &mut summary);
        assert_eq!(
            summary.notes.len(),
            MAX_NAMED_FILES + 1,
            "{:?}",
            summary.notes
        );
        assert_eq!(summary.notes[0], "e/1.fit: truncated: read 1 records");
        assert_eq!(
            summary.notes[MAX_NAMED_FILES],
            "and 2 more activity files are cut short or damaged; run `runrisk check` on one \
             to see what it lost"
        );
        let names: Vec<String> = (1..=7).map(|i| format!("{i}.gpx")).collect();
        assert_eq!(
            named_list(&names),
            "1.gpx, 2.gpx, 3.gpx, 4.gpx, 5.gpx and 2 more"
        );
        assert_eq!(named_list(&names[..1]), "1.gpx");
    }

    #[test]
    fn export_files_are_found_packed_or_unpacked() {
        let available: BTreeSet<&str> = ["x/a/1.gpx", "x/a/2.fit.gz"].into_iter().collect();
        let find = |file: &str| find_in_export(&available, "x", file);
        assert_eq!(find("a/1.gpx.gz").as_deref(), Some("x/a/1.gpx"));
        assert_eq!(find("a/1.gpx").as_deref(), Some("x/a/1.gpx"));
        assert_eq!(find("a/2.fit").as_deref(), Some("x/a/2.fit.gz"));
        assert_eq!(find("a/3.fit.gz"), None);
        assert_eq!(
            find_in_export(&available, "", "x/a/1.gpx").as_deref(),
            Some("x/a/1.gpx")
        );
    }

    #[test]
    fn reasons_and_notes_group_across_files() {
        assert_eq!(
            reason_of("not a GPX file: no <gpx> element"),
            "not a GPX file"
        );
        assert_eq!(
            reason_of("damaged at byte 4,000 (bad header)"),
            "damaged at byte 4,000"
        );
        assert_eq!(
            reason_of("faster than 2:00/km on average"),
            "faster than 2:00/km on average"
        );
        assert_eq!(
            reason_of("dated in the future (2099-03-01); check the watch's clock"),
            "dated in the future"
        );
        assert_eq!(reason_of("ends at 07:30: cut"), "ends at 07:30");
        assert_eq!(reason_of("no time:"), "no time");
        let notes = vec![
            "w/a.gpx: altitude jitter filtered".to_string(),
            "w/b.gpx: altitude jitter filtered".to_string(),
            "w/c.fit: truncated".to_string(),
            "3 runs got details".to_string(),
        ];
        assert_eq!(
            group_file_notes(notes),
            vec![
                "altitude jitter filtered (2 files, such as w/a.gpx)".to_string(),
                "w/c.fit: truncated".to_string(),
                "3 runs got details".to_string(),
            ]
        );
    }
}
