//! The native CSV log: the columns of DESIGN.md, in any order and case, read
//! as a stream so a club's million-row log never sits in memory as text.

use std::io::BufRead;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::error::{Error, Problem, Result};
use crate::import::csv::batch::{Batch, ROWS_PER_BATCH};
use crate::import::csv::readings::{possible_run, Cells, ColumnReadings};
use crate::import::csv::Record;
use crate::import::csv::{self as rows, settle_in_place, Blanks, Expected::Worded, Row};
use crate::import::plausible::{
    fastest_pace, slowest_pace, FASTEST_PACE_S_PER_KM, MAX_DURATION_S, MAX_ELEVATION_GAIN_M,
    MAX_RUN_KM, MAX_SESSION_KM, MAX_SHOE_KM, SLOWEST_PACE_S_PER_KM,
};
use crate::import::surface::SurfaceSource;
use crate::import::values::{
    parse_count, parse_date_text, parse_duration, parse_number, parse_pace, parse_unit_distance,
    parse_unit_duration, parse_yes_no, two_part_clock, ClockReading, DateText, Decimals,
};
use crate::import::{InputSummary, Interner, Keep, NameCache, ReadSettings, RowProblems};
use crate::model::{Activity, Origin, Run, RunType, Surface, Units, M_PER_FOOT};

/// `YYYY-MM-DD` in shape, whether or not such a day exists.
fn looks_like_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// A cell holding only this counts as empty, as spreadsheets often write it.
const EMPTY_MARK: &str = "-";

/// Empty cells of a native log: nothing, or `EMPTY_MARK` where a value may
/// be left out. A required cell is empty only when it holds nothing.
const BLANKS: Blanks = Blanks {
    optional: |text| text.is_empty() || text == EMPTY_MARK,
    required: str::is_empty,
    required_empty: "is empty; this column is required",
};

/// Cells of the `injury` column that name no injury.
const NO_INJURY: [&str; 4] = ["none", "no", "-", "n/a"];

/// Where each known column sits in the header.
#[derive(Debug, Default)]
struct Columns {
    date: usize,
    distance: (usize, Units),
    duration: Option<usize>,
    pace: Option<usize>,
    surface: Option<usize>,
    elevation: Option<(usize, f64)>,
    hill_repeats: Option<usize>,
    sprints: Option<usize>,
    shoe: Option<usize>,
    shoe_distance: Option<(usize, Units)>,
    warmup: Option<usize>,
    rpe: Option<usize>,
    heaviness: Option<usize>,
    foot_drag: Option<usize>,
    athlete: Option<usize>,
    run_type: Option<usize>,
    activity: Option<usize>,
    pain: Option<usize>,
    injury: Option<usize>,
    inserts: Option<usize>,
    avg_hr: Option<usize>,
}

/// The header names runrisk reads, for messages.
pub const KNOWN_COLUMNS: [&str; 26] = [
    "date",
    "distance_km",
    "distance_mi",
    "distance",
    "duration",
    "pace",
    "surface",
    "elevation_gain_m",
    "elevation_gain_ft",
    "hill_repeats",
    "sprints",
    "shoe",
    "shoe_km",
    "shoe_mi",
    "warmup",
    "rpe",
    "heaviness",
    "foot_drag",
    "athlete",
    "notes",
    "type",
    "activity",
    "pain",
    "injury",
    "inserts",
    "avg_hr",
];

/// Header names that spreadsheets use for runrisk's columns, as
/// `column_key` makes them, with the column each is read as.
const SYNONYMS: [(&str, &str); 36] = [
    ("day", "date"),
    ("run_date", "date"),
    ("time", "duration"),
    ("total_time", "duration"),
    ("moving_time", "duration"),
    ("elapsed_time", "duration"),
    ("duration_min", "duration"),
    ("duration_h_mm_ss", "duration"),
    ("time_h_mm_ss", "duration"),
    ("km", "distance_km"),
    ("kms", "distance_km"),
    ("kilometers", "distance_km"),
    ("kilometres", "distance_km"),
    ("km_run", "distance_km"),
    ("kms_run", "distance_km"),
    ("dist_km", "distance_km"),
    ("distance_kms", "distance_km"),
    ("distance_kilometers", "distance_km"),
    ("distance_kilometres", "distance_km"),
    ("miles", "distance_mi"),
    ("mi", "distance_mi"),
    ("dist_mi", "distance_mi"),
    ("distance_miles", "distance_mi"),
    ("miles_run", "distance_mi"),
    ("dist", "distance"),
    ("heart_rate", "avg_hr"),
    ("avg_heart_rate", "avg_hr"),
    ("average_heart_rate", "avg_hr"),
    ("hr", "avg_hr"),
    ("shoes", "shoe"),
    ("effort", "rpe"),
    ("elevation_gain", "elevation_gain_m"),
    ("ascent_m", "elevation_gain_m"),
    ("climb_m", "elevation_gain_m"),
    ("comments", "notes"),
    ("comment", "notes"),
];

/// The header's keys with each synonym replaced by the column it is read
/// as, and a note naming them when there are any.
fn with_synonyms(keys: Vec<String>, names: &[String]) -> (Vec<String>, Option<String>) {
    let mut read_as = Vec::new();
    let keys = keys
        .into_iter()
        .zip(names)
        .map(
            |(key, name)| match SYNONYMS.iter().find(|(synonym, _)| *synonym == key) {
                Some((_, column)) => {
                    read_as.push(format!("'{name}' as {column}"));
                    (*column).to_string()
                }
                None => key,
            },
        )
        .collect();
    let note = (!read_as.is_empty()).then(|| {
        format!(
            "columns read by their meaning: {}; rename them to say so and this note goes",
            read_as.join(", ")
        )
    });
    (keys, note)
}

impl Columns {
    /// Where the cells that decide a column's reading sit.
    fn cells(&self) -> Cells {
        Cells {
            date: self.date,
            distance: self.distance,
            duration: self.duration,
        }
    }

    /// `keys` are the header names as `column_key` makes them; `names` as written.
    fn from_header(keys: &[String], names: &[String], file: &str, units: Units) -> Result<Columns> {
        let find = |wanted: &str| keys.iter().position(|key| same_column(key, wanted));
        let missing = |what: &str, wanted: &[&'static str]| {
            Error::Format {
            file: file.to_string(),
            line: Some(1),
            message: format!(
                "no {what} column; the header has: {}.{} A native log needs 'date' and \
                 'distance_km' or 'distance_mi' (or 'distance' with --units); see docs/csv-format.md",
                header_list(names),
                hint_for_missing(names, wanted)
            ),
        }
        };
        let date = find("date").ok_or_else(|| missing("'date'", &["date"]))?;
        let distance = find("distance_km")
            .map(|i| (i, Units::Km))
            .or_else(|| find("distance_mi").map(|i| (i, Units::Mi)))
            .or_else(|| find("distance").map(|i| (i, units)))
            .ok_or_else(|| {
                missing(
                    "'distance_km', 'distance_mi' or 'distance'",
                    &["distance_km", "distance_mi", "distance"],
                )
            })?;
        Ok(Columns {
            date,
            distance,
            duration: find("duration"),
            pace: find("pace"),
            surface: find("surface"),
            elevation: find("elevation_gain_m")
                .map(|i| (i, 1.0))
                .or_else(|| find("elevation_gain_ft").map(|i| (i, M_PER_FOOT))),
            hill_repeats: find("hill_repeats"),
            sprints: find("sprints"),
            shoe: find("shoe"),
            shoe_distance: find("shoe_km")
                .map(|i| (i, Units::Km))
                .or_else(|| find("shoe_mi").map(|i| (i, Units::Mi))),
            warmup: find("warmup"),
            rpe: find("rpe"),
            heaviness: find("heaviness"),
            foot_drag: find("foot_drag"),
            athlete: find("athlete"),
            run_type: find("type"),
            activity: find("activity"),
            pain: find("pain"),
            injury: find("injury"),
            inserts: find("inserts"),
            avg_hr: find("avg_hr"),
        })
    }
}

/// Columns that say the same thing in other units: a header may hold one of each.
const SAME_MEANING: [&[&str]; 3] = [
    &["distance_km", "distance_mi", "distance"],
    &["elevation_gain_m", "elevation_gain_ft"],
    &["shoe_km", "shoe_mi"],
];

/// Notes for a header with two columns for one value (`distance_km` and
/// `distance_mi`), or one column twice: runrisk reads one (the first of
/// `SAME_MEANING`'s order, or the first in the header) and says which, so the
/// other is never passed over without a word.
fn same_value_notes(keys: &[String], names: &[String]) -> Vec<String> {
    let groups = KNOWN_COLUMNS
        .iter()
        // Notes are not read, so two of them harm nothing.
        .filter(|k| **k != "notes" && !SAME_MEANING.iter().any(|group| group.contains(k)))
        .map(std::slice::from_ref)
        .chain(SAME_MEANING);
    let mut notes = Vec::new();
    for group in groups {
        let found: Vec<(usize, &str)> = keys
            .iter()
            .zip(names)
            .filter_map(|(key, name)| {
                let rank = group.iter().position(|column| same_column(key, column))?;
                Some((rank, name.as_str()))
            })
            .collect();
        let Some(&(_, read)) = found.iter().min_by_key(|(rank, _)| *rank) else {
            continue;
        };
        if found.len() > 1 {
            let all: Vec<String> = found.iter().map(|(_, n)| format!("'{n}'")).collect();
            notes.push(format!(
                "the header has {} for the same value; runrisk reads '{read}' only: remove the \
                 others, or make sure they agree",
                all.join(" and ")
            ));
        }
    }
    notes
}

/// The known column a header name probably meant, when it is not one itself.
pub fn near_miss(name: &str, known: &[&'static str]) -> Option<&'static str> {
    let key = column_key(name);
    if known.contains(&key.as_str()) {
        return None;
    }
    rows::closest(&key, known.iter().map(|k| (*k, *k)))
}

/// A sentence that helps with a missing required column: a near miss, or
/// the look of an export that another `--from` reads.
fn hint_for_missing(names: &[String], wanted: &[&'static str]) -> String {
    if let Some((name, column)) = names
        .iter()
        .find_map(|n| near_miss(n, wanted).map(|c| (n, c)))
    {
        return format!(" Did you mean '{column}' for the column '{name}'? Rename it.");
    }
    let looks_like_export = names
        .iter()
        .map(|n| n.to_lowercase())
        .any(|n| n.contains("activity") || n.contains("aktivit"));
    if looks_like_export {
        return " This looks like a Strava or Garmin Connect export: try --from strava or --from garmin.".into();
    }
    String::new()
}

/// How many header names an error lists before it only counts them.
const MAX_LISTED_COLUMNS: usize = 12;

/// The header's names for a message, the first few of a long header.
fn header_list(names: &[String]) -> String {
    if names.len() <= MAX_LISTED_COLUMNS {
        return names.join(", ");
    }
    format!(
        "{}, ... ({} columns)",
        names[..MAX_LISTED_COLUMNS].join(", "),
        names.len()
    )
}

/// Notes for header names runrisk does not read but that look like one it does.
fn unread_column_notes(keys: &[String], names: &[String]) -> Vec<String> {
    keys.iter()
        .zip(names)
        .filter(|(key, _)| !key.is_empty() && !KNOWN_COLUMNS.iter().any(|k| same_column(key, k)))
        .filter_map(|(key, name)| {
            near_miss(key, &KNOWN_COLUMNS).map(|k| {
                format!("the column '{name}' is not read; did you mean '{k}'? Rename it to use it.")
            })
        })
        .collect()
}

/// Whether a header key names a column, ignoring underscores (`warm_up` is `warmup`).
fn same_column(key: &str, column: &str) -> bool {
    key == column || key.replace('_', "") == column.replace('_', "")
}

/// A header name as runrisk matches it: lower case, with spaces, brackets
/// and dashes as single underscores, so `Distance (km)` is `distance_km`.
pub fn column_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('_') {
            key.push('_');
        }
    }
    key.trim_matches('_').to_string()
}

/// A header name as the file writes it, without the byte-order mark.
fn clean_name(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_string()
}

/// The header's keys, as `column_key` makes them; an error when there are none.
fn header_keys(names: &[String], file: &str) -> Result<Vec<String>> {
    let keys: Vec<String> = names.iter().map(|name| column_key(name)).collect();
    if keys.iter().all(|k| k.is_empty()) {
        return Err(Error::Format {
            file: file.to_string(),
            line: None,
            message: "the file is empty; a native log starts with a header line such as \
                      'date,distance_km' (see docs/csv-format.md)"
                .into(),
        });
    }
    Ok(keys)
}

/// Reads every run of a native CSV log, calling `keep` for each valid one.
/// Invalid values are gathered into `problems` (the caller decides whether
/// they stop the run). This thread splits the file into records and decides
/// the column readings; the thread pool turns the batch before into runs
/// meanwhile, and the runs are kept in file order.
pub fn read(
    input: &mut dyn BufRead,
    settings: &ReadSettings,
    interner: &mut Interner,
    problems: &mut RowProblems,
    keep: &mut Keep<'_>,
) -> Result<InputSummary> {
    let reading = Reading {
        settings,
        interner,
        problems,
        keep,
    };
    read_in_batches(input, reading, ROWS_PER_BATCH)
}

/// What reading a log fills in, and the settings it is read with.
struct Reading<'r> {
    settings: &'r ReadSettings<'r>,
    interner: &'r mut Interner,
    problems: &'r mut RowProblems,
    keep: &'r mut Keep<'r>,
}

/// [`read`], handing the thread pool `rows_per_batch` rows at a time.
fn read_in_batches(
    input: &mut dyn BufRead,
    reading: Reading,
    rows_per_batch: usize,
) -> Result<InputSummary> {
    let Reading {
        settings,
        interner,
        problems,
        keep,
    } = reading;
    let (header, records) = rows::open_csv(input, settings.file, clean_name)?;
    let (keys, synonym_note) = with_synonyms(header_keys(&header, settings.file)?, &header);
    let columns = Columns::from_header(&keys, &header, settings.file, settings.units)?;
    let decimals = if records.delimiter() == b';' {
        Decimals::Comma
    } else {
        Decimals::Point
    };
    let shared = Shared {
        columns: &columns,
        header: &header,
        settings,
        decimals,
        file: Arc::from(settings.file),
    };
    let mut summary = InputSummary::new(settings.file);
    summary.assumed.extend(synonym_note);
    summary.notes.extend(unread_column_notes(&keys, &header));
    summary.notes.extend(same_value_notes(&keys, &header));
    let mut release = Release::new(records, &columns, &header, settings, decimals);
    let mut read = ReadRows::default();
    pipeline(&mut release, &shared, rows_per_batch, |reads| {
        read.settle(reads, interner, &mut summary, problems, keep);
    })?;
    summary.activities += release.rows;
    summary.assumed.extend(release.readings.notes());
    summary.assumed.extend(read.cell_units.note());
    summary.distance_units = read.cell_units.shown(
        columns.distance.1,
        column_key(&header[columns.distance.0]) != "distance",
    );
    if read.latin1_rows > 0 {
        summary.notes.push(format!(
            "{} rows are not UTF-8 and were read as Latin-1 (Windows-1252); \
             check names with accents, or save the file as UTF-8",
            read.latin1_rows
        ));
    }
    summary.notes.extend(release.odd_rows.notes());
    Ok(summary)
}

/// How many batches of rows read may wait for their turn to be kept.
const BATCHES_WAITING: usize = 2;

/// How many batches may be on the thread pool at once while the next is
/// split: enough that neither the pool nor the splitting waits for the
/// other, few enough to keep what is held small.
const BATCHES_READING: usize = 3;

/// Splits the file into batches of rows on this thread while the batch
/// before is read on the thread pool, and hands each batch's rows read to
/// `settle`, in file order, on a thread of its own: splitting, reading and
/// keeping the rows all go on at once.
fn pipeline<R: std::io::Read>(
    release: &mut Release<'_, R>,
    shared: &Shared,
    rows_per_batch: usize,
    mut settle: impl FnMut(Vec<RowRead>) + Send,
) -> Result<()> {
    std::thread::scope(|scope| -> Result<()> {
        let (to_settle, batches) = std::sync::mpsc::sync_channel::<Vec<RowRead>>(BATCHES_WAITING);
        let settling = scope.spawn(move || batches.iter().for_each(&mut settle));
        let split = split_and_read(release, shared, rows_per_batch, scope, move |reads| {
            // The settling thread ends only with this channel, or by a
            // panic, which its join passes on.
            let _ = to_settle.send(reads);
        });
        joined(settling);
        split
    })
}

/// The splitting side of [`pipeline`]: each batch filled goes to the pool
/// at once, and the rows read of the oldest batch go to `settle` when
/// [`BATCHES_READING`] are on the pool, so splitting never waits for one
/// batch to be read before it goes on.
fn split_and_read<'scope, R: std::io::Read>(
    release: &mut Release<'_, R>,
    shared: &'scope Shared,
    rows_per_batch: usize,
    scope: &'scope std::thread::Scope<'scope, '_>,
    mut settle: impl FnMut(Vec<RowRead>),
) -> Result<()> {
    let mut batch = Batch::new(rows_per_batch, release.readings.clone());
    let mut spares = Vec::new();
    let mut reading = std::collections::VecDeque::new();
    loop {
        let more = release.fill(&mut batch)?;
        if !batch.is_empty() {
            let mut next = spares
                .pop()
                .unwrap_or_else(|| Batch::new(rows_per_batch, release.readings.clone()));
            next.clear();
            next.set_state(release.readings.clone());
            let sent = std::mem::replace(&mut batch, next);
            reading.push_back(scope.spawn(move || {
                let reads = shared.read_batch(&sent);
                (sent, reads)
            }));
        }
        let wait_for = if more { BATCHES_READING } else { 0 };
        while reading.len() > wait_for {
            let Some(oldest) = reading.pop_front() else {
                break;
            };
            let (done, reads) = joined(oldest);
            settle(reads);
            spares.push(done);
        }
        if !more {
            return Ok(());
        }
    }
}

/// The result of a thread of the pipeline; a panic there is passed on.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

thread_local! {
    /// The names of the rows a thread of the pool reads, kept from batch to batch.
    static NAMES: std::cell::RefCell<NameCache> = std::cell::RefCell::new(NameCache::default());
}

/// What every row of one log is read with, shared by the threads that read them.
struct Shared<'a> {
    columns: &'a Columns,
    header: &'a [String],
    settings: &'a ReadSettings<'a>,
    decimals: Decimals,
    file: Arc<str>,
}

/// One row read: its run or its problems, and what the notes count of it.
struct RowRead {
    outcome: std::result::Result<(Run, SurfaceSource), Vec<Problem>>,
    latin1: bool,
    /// The unit written in its distance cell, when one was.
    unit: Option<Units>,
}

impl Shared<'_> {
    /// Reads a batch of rows on the thread pool, each with its own readings.
    fn read_batch(&self, batch: &Batch<ColumnReadings>) -> Vec<RowRead> {
        batch.read_all(
            || (),
            |_, line, record, readings| {
                let reader = RowReader {
                    columns: self.columns,
                    header: self.header,
                    settings: self.settings,
                    decimals: self.decimals,
                    readings,
                };
                let origin = Origin::new(self.file.clone(), line);
                let (outcome, unit, utf8) =
                    NAMES.with_borrow_mut(|names| reader.run(record, origin, names));
                RowRead {
                    outcome: outcome.map(|run| with_default_surface(run, self.settings)),
                    latin1: !utf8,
                    unit,
                }
            },
        )
    }
}

/// What is gathered from the rows read, in file order.
#[derive(Default)]
struct ReadRows {
    latin1_rows: usize,
    cell_units: UnitCells,
}

impl ReadRows {
    /// Keeps the runs of a batch and counts its problems, in file order.
    /// The names, as each row writes them, are shared across the log, spelt
    /// as they first appear in it.
    fn settle(
        &mut self,
        mut reads: Vec<RowRead>,
        interner: &mut Interner,
        summary: &mut InputSummary,
        problems: &mut RowProblems,
        keep: &mut Keep<'_>,
    ) {
        for read in reads.iter_mut() {
            self.latin1_rows += usize::from(read.latin1);
            if let Some(unit) = read.unit {
                self.cell_units.see(unit);
            }
            if let Ok((run, _)) = &mut read.outcome {
                for name in [&mut run.athlete, &mut run.shoe, &mut run.injury] {
                    if let Some(local) = name.as_mut() {
                        *local = interner.intern_cached(local);
                    }
                }
            }
            settle_in_place(&mut read.outcome, summary, problems, keep);
        }
    }
}

/// Splits the file into records and releases them in file order, each once
/// the column readings it needs are decided.
struct Release<'a, R> {
    records: rows::Records<R>,
    cells: Cells,
    /// How many columns the header names.
    header_len: usize,
    athlete: Option<usize>,
    file: &'a str,
    decimals: Decimals,
    readings: ColumnReadings,
    /// What the readings had decided when a row was last released.
    decided: (bool, bool),
    waiting: Waiting,
    odd_rows: OddRows,
    /// Rows seen that are not blank.
    rows: usize,
}

impl<'a, R: std::io::Read> Release<'a, R> {
    fn new(
        records: rows::Records<R>,
        columns: &Columns,
        header: &[String],
        settings: &'a ReadSettings,
        decimals: Decimals,
    ) -> Self {
        let readings = ColumnReadings::new(settings.date_order);
        Release {
            records,
            cells: columns.cells(),
            header_len: header.len(),
            athlete: columns.athlete,
            file: settings.file,
            decimals,
            decided: readings.decided(),
            readings,
            waiting: Waiting::default(),
            odd_rows: OddRows::default(),
            rows: 0,
        }
    }

    /// Fills `batch` with the rows released next; whether the file goes on.
    /// At its end, the rows still held are released, or it is an error that
    /// the dates read both ways.
    fn fill(&mut self, batch: &mut Batch<ColumnReadings>) -> Result<bool> {
        while !batch.is_full() {
            let Some(line) = self.records.next_line(self.file)? else {
                if self.waiting.date && self.readings.date_order().is_none() {
                    return Err(two_way_dates(self.file, &self.readings));
                }
                self.release_held(batch);
                return Ok(false);
            };
            self.rows += 1;
            let record = self.records.record();
            self.odd_rows
                .see(record, line, self.header_len, self.athlete);
            let cells = rows::RecordCells::of(record);
            let cell = |i: usize| cells.get(i);
            let (date, clock) = self.readings.learn(line, self.cells, self.decimals, &cell);
            if date || clock || !self.waiting.can_go(&self.readings) {
                self.waiting.hold(line, record, date, clock);
                continue;
            }
            self.release_held(batch);
            batch.push(line, |slot| self.records.swap_record(slot));
        }
        Ok(true)
    }

    /// Releases the rows held back, with the readings decided so far.
    fn release_held(&mut self, batch: &mut Batch<ColumnReadings>) {
        if self.readings.decided() != self.decided {
            self.decided = self.readings.decided();
            batch.set_state(self.readings.clone());
        }
        for (line, held) in self.waiting.release() {
            batch.push(line, |slot| *slot = held);
        }
    }
}

/// Rows held back until their column's reading is decided, in file order.
#[derive(Default)]
struct Waiting {
    rows: Vec<(u64, Record)>,
    /// Some held row waits for the date order, or for the clock reading.
    date: bool,
    clock: bool,
}

impl Waiting {
    fn hold(&mut self, line: u64, record: &Record, date: bool, clock: bool) {
        self.rows.push((line, record.clone()));
        self.date |= date;
        self.clock |= clock;
    }

    /// Whether what the held rows wait for is decided, so rows can be read again.
    fn can_go(&self, readings: &ColumnReadings) -> bool {
        (!self.date || readings.date_order().is_some()) && (!self.clock || readings.clock.is_some())
    }

    fn release(&mut self) -> Vec<(u64, Record)> {
        self.date = false;
        self.clock = false;
        std::mem::take(&mut self.rows)
    }
}

/// The error for a date column whose every date reads both ways.
fn two_way_dates(file: &str, readings: &ColumnReadings) -> Error {
    let (line, value) = readings.first_two_way_date.clone().unwrap_or_default();
    let readings = match parse_date_text(&value) {
        Some(DateText::Both { dmy, mdy, .. }) => format!(
            "{} as DD/MM/YYYY and {} as MM/DD/YYYY",
            dmy.format("%-d %B %Y"),
            mdy.format("%-d %B %Y")
        ),
        _ => "two days".to_string(),
    };
    Error::Format {
        file: file.to_string(),
        line: Some(line),
        message: format!(
            "column 'date': '{value}' is {readings}, and no date in the column has a day over 12 \
             to tell which; give --date-format DMY or --date-format MDY"
        ),
    }
}

/// The units written in the distance cells (`8 km`, `5 mi`), counted, for
/// the note and for the units the log is shown in.
#[derive(Debug, Default)]
struct UnitCells {
    km: usize,
    mi: usize,
}

impl UnitCells {
    fn see(&mut self, unit: Units) {
        match unit {
            Units::Km => self.km += 1,
            Units::Mi => self.mi += 1,
        }
    }

    fn note(&self) -> Option<String> {
        let parts: Vec<String> = [(self.km, "km"), (self.mi, "mi")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, unit)| format!("{n} in {unit}"))
            .collect();
        (!parts.is_empty()).then(|| {
            format!(
                "distances read with the unit written in each cell ({})",
                parts.join(", ")
            )
        })
    }

    /// The units the log writes its distances in: the cells' when most
    /// say, else the column's when its name says.
    fn shown(&self, column: Units, named: bool) -> Option<Units> {
        match (self.km, self.mi) {
            (km, mi) if mi > km => Some(Units::Mi),
            (km, mi) if km > mi => Some(Units::Km),
            _ => named.then_some(column),
        }
    }
}

/// Rows that read, but not quite as the header says: cells beyond the
/// header's columns, and rows without an athlete in a log that names its
/// athletes. Said in notes, so nothing is passed over without a word.
#[derive(Default)]
struct OddRows {
    /// Rows with text in cells the header has no column for, and the first one's line.
    extra_cells: (usize, u64),
    /// Rows with an athlete, and rows without one, when there is an athlete column.
    named: usize,
    unnamed: (usize, u64),
}

impl OddRows {
    fn see(&mut self, record: &Record, line: u64, columns: usize, athlete: Option<usize>) {
        let blank = |cell: &[u8]| cell.iter().all(u8::is_ascii_whitespace);
        if record.iter().skip(columns).any(|cell| !blank(cell)) {
            Self::count(&mut self.extra_cells, line);
        }
        if let Some(athlete) = athlete {
            if record.get(athlete).is_some_and(|cell| !blank(cell)) {
                self.named += 1;
            } else {
                Self::count(&mut self.unnamed, line);
            }
        }
    }

    fn count((rows, first): &mut (usize, u64), line: u64) {
        if *rows == 0 {
            *first = line;
        }
        *rows += 1;
    }

    fn notes(&self) -> Vec<String> {
        let rows_have = |n: usize| crate::words::counted(n, "row has", "rows have");
        let mut notes = Vec::new();
        let (rows, first) = self.extra_cells;
        if rows > 0 {
            notes.push(format!(
                "{} more cells than the header has columns (the first on line {first}); \
                 the extra cells were not read: quote a value that holds the delimiter, or name the column",
                rows_have(rows)
            ));
        }
        let (rows, first) = self.unnamed;
        if rows > 0 && self.named > 0 {
            notes.push(format!(
                "{} no athlete (the first on line {first}); they are analysed as one \
                 unnamed runner: fill in the athlete column to give them to someone",
                rows_have(rows)
            ));
        }
        notes
    }
}

/// A run's surface and where it came from: its own column, or `--surface`
/// when the column says nothing.
fn with_default_surface(mut run: Run, settings: &ReadSettings) -> (Run, SurfaceSource) {
    if run.surface.is_some() || settings.default_surface.is_none() {
        (run, SurfaceSource::Column)
    } else {
        run.surface = settings.default_surface;
        (run, SurfaceSource::Default)
    }
}

/// Turns one record into a run, or into the list of what is wrong with it.
struct RowReader<'a> {
    columns: &'a Columns,
    header: &'a [String],
    settings: &'a ReadSettings<'a>,
    decimals: Decimals,
    readings: &'a ColumnReadings,
}

impl RowReader<'_> {
    /// The row's run or its problems, the unit its distance cell names,
    /// when it names one, and whether the row is UTF-8.
    fn run(
        &self,
        record: &Record,
        origin: Origin,
        names: &mut NameCache,
    ) -> (std::result::Result<Run, Vec<Problem>>, Option<Units>, bool) {
        let mut row = Row::new(record, self.header, self.settings.file, origin.line, BLANKS);
        let activity = self.activity(&mut row);
        let (mut run, unit) = self.day_and_distance(&mut row, origin, activity);
        run.activity = activity;
        self.time(&mut row, &mut run);
        self.terrain(&mut row, &mut run);
        self.gear_and_body(&mut row, &mut run, names);
        let utf8 = row.is_utf8();
        let outcome = if row.problems.is_empty() {
            Ok(run)
        } else {
            Err(row.problems)
        };
        (outcome, unit, utf8)
    }

    /// What the row is; a run when the log does not say.
    fn activity(&self, row: &mut Row) -> Activity {
        let expected = || {
            let names: Vec<&str> = Activity::NAMES.iter().map(|(name, _)| *name).collect();
            format!("is not an activity; expected one of {}", names.join(", "))
        };
        row.optional(self.columns.activity, Worded(&expected), Activity::parse)
            .unwrap_or_default()
    }

    /// The required columns, with the checks that keep them plausible. A
    /// row that is not a run needs no distance.
    fn day_and_distance(
        &self,
        row: &mut Row,
        origin: Origin,
        activity: Activity,
    ) -> (Run, Option<Units>) {
        let c = self.columns;
        let raw_date = row.raw(c.date);
        let order = self.readings.date_order();
        let date_expected = || self.date_expected(&raw_date);
        let date = row.required(c.date, Worded(&date_expected), |t| {
            parse_date_text(t)?.read_as(order)
        });
        let raw_distance = row.raw(c.distance.0);
        // Worded only for a cell that cannot be read.
        let distance_expected = || {
            if parse_number(&raw_distance, self.decimals).is_some_and(|d| d < 0.0) {
                "is negative; a distance is 0 or more".to_string()
            } else {
                "is not a distance; expected a number such as 10.5, or one with its unit such as \
                 8 km or 5 mi"
                    .to_string()
            }
        };
        let unit = c.distance.1;
        // The distance in km, its unit, and whether the cell names the unit.
        let parse_distance = |t: &str| {
            let (value, unit, named) = match parse_unit_distance(t) {
                Some((value, unit)) => (Some(value), unit, true),
                None => (parse_number(t, self.decimals), unit, false),
            };
            value
                .filter(|d| *d >= 0.0)
                .map(|d| (unit.to_km(d), unit, named))
        };
        let distance = if activity.is_run() {
            row.required(c.distance.0, Worded(&distance_expected), parse_distance)
        } else {
            row.optional(
                Some(c.distance.0),
                Worded(&distance_expected),
                parse_distance,
            )
            .or(Some((0.0, unit, false)))
        };
        let unit = distance
            .filter(|(_, _, named)| *named)
            .map(|(_, unit, _)| unit);
        let distance_km = distance.map(|(km, _, _)| km);
        let mut run = Run::new(NaiveDate::MIN, distance_km.unwrap_or(0.0), origin);
        if let Some((day, start)) = date {
            run.date = day;
            run.start = start;
            row.check_day(c.date, day, self.settings);
        }
        let (limit, what) = if activity.is_run() {
            (MAX_RUN_KM, "run")
        } else {
            (MAX_SESSION_KM, "session")
        };
        if distance_km.is_some_and(|d| d > limit) {
            let expected = format!(
                "is longer than any {what} can be (over {limit} km); check the unit or a missing decimal point"
            );
            row.complain(c.distance.0, &expected);
        }
        (run, unit)
    }

    /// What a bad date cell should have been, for its message.
    fn date_expected(&self, raw: &str) -> String {
        let order = self.readings.date_order();
        match (parse_date_text(raw), &self.readings.date) {
            (Some(DateText::Only(only, ..)), Some(decided)) if Some(only) != order => {
                let by = decided.by.as_ref().map_or_else(
                    || "as --date-format says".to_string(),
                    |(line, value)| format!("as line {line} ({value}) says"),
                );
                format!(
                    "reads only as {}, but the column's dates are {} {by}; check the day and the month",
                    only.pattern(),
                    decided.reading.pattern()
                )
            }
            _ if looks_like_iso_date(raw) => {
                "is not a day of the calendar; check the day and the month".to_string()
            }
            _ => "is not a date; expected YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY or 20 Oct 2026"
                .to_string(),
        }
    }

    /// A duration cell in seconds: `h:mm:ss`, a two-part clock as the
    /// column reads it, a time with units (`45 min`, `1h10`), or minutes.
    fn duration_of(&self, text: &str) -> Option<f64> {
        if let Some((as_mss, as_hmm)) = two_part_clock(text) {
            return Some(match self.readings.clock_reading() {
                ClockReading::MinutesSeconds => as_mss,
                ClockReading::HoursMinutes => as_hmm,
            });
        }
        parse_unit_duration(text)
            .or_else(|| parse_duration(text, self.decimals))
            .filter(|s| *s >= 0.0)
    }

    /// What a duration too long for its distance should have been, for its message.
    fn too_slow(&self, text: &str, seconds: f64, km: f64) -> String {
        let clock = self.readings.clock.as_ref().and_then(|c| c.by.clone());
        match (two_part_clock(text), clock) {
            (Some((as_mss, _)), Some((line, value))) if possible_run(as_mss, km) => format!(
                "reads as h:mm here, as the column's durations do (line {line} has {value}); as m:ss \
                 it would be {} min: write every duration the same way, such as 0:25:00 or 25 min",
                (as_mss / 60.0).round()
            ),
            _ => format!(
                "is {:.1} hours for {km:.1} km, a pace slower than {}; a spreadsheet may have turned \
                 45:00 into 45 hours: write 0:45:00, or 45 min",
                seconds / 3600.0,
                slowest_pace()
            ),
        }
    }

    /// Duration, or pace times distance, and a check that the pace is humanly possible.
    fn time(&self, row: &mut Row, run: &mut Run) {
        let c = self.columns;
        let duration = row.optional(
            c.duration,
            "is not a duration; expected h:mm:ss, mm:ss, minutes, or a time such as 45 min or 1h10",
            |t| self.duration_of(t),
        );
        let pace = row.optional(
            c.pace,
            "is not a pace; expected m:ss (per km, or per mile with distance_mi)",
            parse_pace,
        );
        run.duration_s = duration.or_else(|| {
            pace.map(|(seconds, unit)| {
                seconds / unit.unwrap_or(c.distance.1).to_km(1.0) * run.distance_km
            })
        });
        let too_fast = run.activity.is_run()
            && run
                .pace_s_per_km()
                .is_some_and(|pace| pace < FASTEST_PACE_S_PER_KM);
        let column = c.duration.filter(|_| duration.is_some()).or(c.pace);
        if let (Some(seconds), Some(column)) = (run.duration_s, column) {
            if seconds <= 0.0 && run.distance_km > 0.0 {
                let expected = format!(
                    "is no time at all for {:.1} km; leave the cell empty when the time was not recorded",
                    run.distance_km
                );
                row.complain(column, &expected);
            } else if seconds > MAX_DURATION_S {
                let hours = MAX_DURATION_S / 3600.0;
                row.complain(
                    column,
                    &format!(
                        "is longer than any run can last (over {hours} hours); check the unit"
                    ),
                );
            } else if run.activity.is_run()
                && run.distance_km > 0.0
                && seconds / run.distance_km > SLOWEST_PACE_S_PER_KM
            {
                let expected = self.too_slow(&row.raw(column), seconds, run.distance_km);
                row.complain(column, &expected);
            }
        }
        if let (true, Some(column)) = (too_fast, column) {
            let plain_distance =
                column_key(self.header.get(c.distance.0).map_or("", String::as_str)) == "distance";
            let unit_hint = if plain_distance {
                "; if the distances are miles, use --units mi"
            } else {
                ""
            };
            let expected = format!(
                "gives a pace faster than {} over {:.1} km; check the distance and the time{unit_hint}",
                fastest_pace(),
                run.distance_km
            );
            row.complain(column, &expected);
        }
    }

    /// Surface, climbing, hill repeats and sprints.
    fn terrain(&self, row: &mut Row, run: &mut Run) {
        let c = self.columns;
        let expected = || {
            let surfaces: Vec<&str> = Surface::ALL.iter().map(|s| s.name()).collect();
            format!("is not a surface; expected one of {}", surfaces.join(", "))
        };
        run.surface = row.optional(c.surface, Worded(&expected), Surface::parse);
        run.elevation_gain_m = c.elevation.and_then(|(i, factor)| {
            let expected = || {
                format!(
                    "is not a climb; expected metres or feet from 0 to {MAX_ELEVATION_GAIN_M} m"
                )
            };
            row.optional(Some(i), Worded(&expected), |t| {
                parse_number(t, self.decimals)
                    .filter(|m| *m >= 0.0 && m * factor <= MAX_ELEVATION_GAIN_M)
            })
            .map(|v| v * factor)
        });
        let count = "is not a count; expected a whole number of 0 or more";
        run.hill_repeats = row.optional(c.hill_repeats, count, parse_count);
        run.sprints = row.optional(c.sprints, count, parse_count);
    }

    /// Shoe, warm-up, effort, how the legs felt, and who ran.
    fn gear_and_body(&self, row: &mut Row, run: &mut Run, names: &mut NameCache) {
        let c = self.columns;
        let dc = self.decimals;
        run.shoe = row.text(c.shoe).map(|s| names.get(&s));
        run.shoe_km_before = c.shoe_distance.and_then(|(i, unit)| {
            let expected =
                || format!("is not a shoe distance; expected a number from 0 to {MAX_SHOE_KM} km");
            row.optional(Some(i), Worded(&expected), |t| {
                parse_number(t, dc).filter(|d| *d >= 0.0 && unit.to_km(*d) <= MAX_SHOE_KM)
            })
            .map(|d| unit.to_km(d))
        });
        run.warmup = row.optional(c.warmup, "is not yes or no", parse_yes_no);
        run.rpe = row.optional(c.rpe, "is not an effort; expected 1 to 10", |t| {
            parse_number(t, dc).filter(|v| (1.0..=10.0).contains(v))
        });
        run.heaviness = row.optional(c.heaviness, "is not a heaviness; expected 0 to 10", |t| {
            parse_number(t, dc).filter(|v| (0.0..=10.0).contains(v))
        });
        run.foot_drag = row
            .optional(c.foot_drag, "is not yes or no", parse_yes_no)
            .unwrap_or(false);
        run.athlete = row.text(c.athlete).map(|s| names.get(&s));
        let expected = || {
            let types: Vec<&str> = RunType::NAMES.iter().map(|(name, _)| *name).collect();
            format!("is not a type of run; expected one of {}", types.join(", "))
        };
        run.run_type = row.optional(c.run_type, Worded(&expected), RunType::parse);
        self.body(row, run, names);
    }

    /// Pain, injury, inserts and heart rate.
    fn body(&self, row: &mut Row, run: &mut Run, names: &mut NameCache) {
        let c = self.columns;
        let dc = self.decimals;
        run.pain = row.optional(c.pain, "is not a pain; expected 0 to 10", |t| {
            parse_number(t, dc).filter(|v| (0.0..=10.0).contains(v))
        });
        run.injury = row
            .text(c.injury)
            .filter(|t| !NO_INJURY.contains(&t.to_lowercase().as_str()))
            .map(|t| names.get(&t));
        run.inserts = row.optional(c.inserts, "is not yes or no", parse_yes_no);
        run.avg_hr = row.optional(
            c.avg_hr,
            "is not a heart rate; expected 30 to 250 beats per minute",
            |t| parse_number(t, dc).filter(|v| (30.0..=250.0).contains(v)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_column_names() {
        let cases = [
            // Its key is `distance_km`: the column itself, not a misspelling.
            ("Distance (km)", None),
            ("Distanc (km)", Some("distance_km")),
            ("distanc_km", Some("distance_km")),
            ("warm_up", Some("warmup")),
            ("Date", None),
            ("heart_rate", None),
            ("comment", None),
        ];
        for (name, want) in cases {
            let got = near_miss(name, &KNOWN_COLUMNS);
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn header_names_are_matched_loosely() {
        for (name, key) in [
            ("Distance (km)", "distance_km"),
            (" DATE ", "date"),
            ("Elevation gain (m)", "elevation_gain_m"),
            ("shoe-km", "shoe_km"),
            ("foot_drag", "foot_drag"),
        ] {
            assert_eq!(column_key(name), key, "{name}");
        }
    }

    /// A log whose readings are decided late, with names spelt several
    /// ways, a bad row and a Latin-1 row: what batches must not change.
    fn log_decided_late() -> Vec<u8> {
        let mut log = b"athlete,date,distance_km,duration,shoe\n".to_vec();
        let rows = [
            "Bo,06/06/2025,x,50:00,Ghost",
            "Ana,05/06/2025,8,0:45:00,Pegasus",
            "ANA,2025-06-01,8,0:45:00,pegasus",
            " ana ,2025-06-02,6,0:40:00,PEGASUS",
            "Ana,25/06/2025,12,1:10:00,Pegasus",
            "bo,07/06/2025,10,0:50:00,ghost",
            "Ana,2025-06-03,12,1:10,Pegasus",
            "Bo,08/06/2025,9,0:55,ghost",
            "Bo,09/06/2025,-3,0:55:00,Ghost",
        ];
        for (i, row) in rows.iter().enumerate() {
            log.extend_from_slice(row.as_bytes());
            if i == 4 {
                log.extend_from_slice(b",Jos\xe9");
            }
            log.push(b'\n');
        }
        log
    }

    fn read_with(rows_per_batch: usize, log: &[u8]) -> String {
        let settings = ReadSettings {
            file: "log.csv",
            units: Units::Km,
            units_given: false,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            default_surface: None,
            date_order: None,
        };
        let (mut interner, mut problems, mut runs) =
            (Interner::default(), RowProblems::default(), Vec::new());
        let reading = Reading {
            settings: &settings,
            interner: &mut interner,
            problems: &mut problems,
            keep: &mut |run: &mut Run| runs.push(run.clone()),
        };
        let summary = read_in_batches(&mut &log[..], reading, rows_per_batch);
        format!(
            "{summary:?}\n{runs:?}\n{:?} {}",
            problems.listed, problems.total
        )
    }

    #[test]
    fn batches_of_any_size_read_as_one_row_at_a_time() {
        let log = log_decided_late();
        let one_by_one = read_with(1, &log);
        assert!(one_by_one.contains("as DD/MM/YYYY (line 6"), "{one_by_one}");
        assert!(one_by_one.contains("h:mm"), "{one_by_one}");
        assert!(one_by_one.contains("Latin-1"), "{one_by_one}");
        for rows in [2, 3, 4, 5, 7, ROWS_PER_BATCH] {
            assert_eq!(read_with(rows, &log), one_by_one, "{rows} rows a batch");
        }
    }

    #[test]
    fn dates_in_shape_or_not() {
        for (text, shaped) in [
            ("2025-02-30", true),
            ("2025-2-3", false),
            ("17/02/2025", false),
            ("2025-02-3x", false),
        ] {
            assert_eq!(looks_like_iso_date(text), shaped, "{text}");
        }
    }
}
