//! Garmin Connect's `Activities.csv` (Activities → All Activities → Export
//! CSV). Its columns depend on the runner's sports, `--` marks a missing
//! value, and distance and climb follow the account's unit setting without
//! the header saying which: miles and feet, or km and metres. runrisk reads
//! the whole file before judging the units from the runs themselves, and
//! says in the summary what it assumed.

use std::io::BufRead;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use super::headers::{
    GarminLayout as Layout, DATE_WORDS, FAVORITE_WORDS, FOREIGN_TYPE_NAMES,
    GARMIN_ENGLISH as ENGLISH, GARMIN_LAYOUTS as LAYOUTS,
};
use crate::error::{Error, Problem, Result};
use crate::import::csv::export::{self as export, ExportNames, ExportRow, Header};
use crate::import::csv::{settle, Cell, Row};
use crate::import::plausible::{FASTEST_PACE_S_PER_KM, MAX_ELEVATION_GAIN_M, MAX_RUN_KM};
use crate::import::values::{parse_clock, parse_date, parse_grouped, parse_number, Decimals};
use crate::import::{race, surface, InputSummary, Interner, Keep, ReadSettings, RowProblems};
use crate::model::{Origin, Run, RunType, Surface, Units, KM_PER_MILE, M_PER_FOOT};

/// Where the columns of Garmin's export sit, whatever its language: the
/// activity type, the date, the favourite flag, the title, the distance,
/// the calories and the time, in that order.
const BY_POSITION: Positions = Positions {
    kind: 0,
    date: 1,
    favorite: 2,
    title: 3,
    distance: 4,
    time: 6,
};

struct Positions {
    kind: usize,
    date: usize,
    favorite: usize,
    title: usize,
    distance: usize,
    time: usize,
}

/// What runrisk needs, for messages: required first.
const NEEDED: &str = "'Activity Type', 'Date' and 'Distance' (and, when present, 'Time', \
    'Title', 'Avg Pace', 'Total Ascent', 'Moving Time', 'Elapsed Time', 'Avg Run Cadence', \
    'Avg Stride Length')";

/// How messages name a Garmin Connect export.
const GARMIN: ExportNames = ExportNames {
    what: "Garmin Connect Activities.csv",
    needed: NEEDED,
    doc: "docs/garmin.md",
};

/// The language of a header: by the activity-type column runrisk reads
/// or, when that is missing, by the columns only that language's export has.
fn language_of(header: &Header) -> Option<&'static Layout> {
    LAYOUTS
        .iter()
        .find(|layout| header.has(layout.names.kind))
        .or_else(|| {
            LAYOUTS
                .iter()
                .find(|layout| !layout.only.is_empty() && export::recognisably(header, layout.only))
        })
}

/// Where each column runrisk reads sits in this export.
struct Columns {
    /// The language of the header, for the notes; `None` when its columns
    /// were taken by their place.
    language: Option<&'static str>,
    /// How numbers are written: as in the language, or with decimal commas
    /// when a spreadsheet re-saved the file with semicolons.
    numbers: Decimals,
    kind: usize,
    date: usize,
    title: Option<usize>,
    distance: usize,
    time: Option<usize>,
    moving: Option<usize>,
    elapsed: Option<usize>,
    pace: Option<usize>,
    ascent: Option<usize>,
    cadence: Option<usize>,
    stride: Option<usize>,
    hr: Option<usize>,
}

impl Columns {
    fn from_header(header: &Header, file: &str) -> Result<Columns> {
        let Some(layout) = language_of(header) else {
            if placed_as_garmin(header) {
                return Ok(Columns::by_position());
            }
            return Err(not_this_export(header, file, ENGLISH.kind[0]));
        };
        let names = layout.names;
        let known = names.known(layout.only);
        let need = |candidates: &[&str]| {
            let missing = candidates.first().copied().unwrap_or_default();
            header.first(candidates).ok_or_else(|| {
                if is_strava(header) {
                    not_this_export(header, file, missing)
                } else {
                    export::missing_column(header, file, &GARMIN, missing, &known)
                }
            })
        };
        Ok(Columns {
            language: Some(layout.language),
            numbers: layout.numbers,
            kind: need(names.kind)?,
            date: need(names.date)?,
            title: header.first(names.title),
            distance: need(names.distance)?,
            time: header.first(names.time),
            moving: header.first(names.moving),
            elapsed: header.first(names.elapsed),
            pace: header.first(names.pace),
            ascent: header.first(names.ascent),
            cadence: header.first(names.cadence),
            stride: header.first(names.stride),
            hr: header.first(names.hr),
        })
    }

    /// The columns of Garmin's export taken by their place, for a header
    /// in a language without a table, or a file without a header row.
    /// Numbers are read with either decimal mark.
    fn by_position() -> Columns {
        let p = BY_POSITION;
        Columns {
            language: None,
            numbers: Decimals::Comma,
            kind: p.kind,
            date: p.date,
            title: Some(p.title),
            distance: p.distance,
            time: Some(p.time),
            moving: None,
            elapsed: None,
            pace: None,
            ascent: None,
            cadence: None,
            stride: None,
            hr: None,
        }
    }

    /// What a header in another language was read as, for the notes.
    fn placed_note(header: &Header) -> String {
        let p = BY_POSITION;
        let named = [
            (p.kind, "the activity type"),
            (p.date, "the date"),
            (p.title, "the title"),
            (p.distance, "the distance"),
            (p.time, "the time"),
        ];
        let parts: Vec<String> = named
            .iter()
            .map(|(i, what)| format!("'{}' as {what}", header.name(*i)))
            .collect();
        format!(
            "language: a Garmin export in a language runrisk has no table for; columns taken by \
             their place in Garmin's export: {}; climbing, cadence and heart rate are not read",
            parts.join(", ")
        )
    }
}

/// Whether the first line of a file is already an activity of Garmin's
/// export (saved without its header row): a type, a date and time, and
/// `true` or `false`.
fn first_line_is_a_run(header: &Header) -> bool {
    let p = BY_POSITION;
    let cell = |i: usize| header.names().get(i).map_or("", String::as_str);
    header.names().len() > p.time
        && (export::running_type(cell(p.kind)).is_some()
            || export::session_type(cell(p.kind)).is_some())
        && parse_date(cell(p.date)).is_some_and(|(_, start)| start.is_some())
        && matches!(cell(p.favorite), "true" | "false")
}

/// Names for the columns of a file without a header row, English for the
/// ones runrisk reads by their place.
fn positional_header(columns: usize) -> Header {
    let english = [
        "Activity Type",
        "Date",
        "Favorite",
        "Title",
        "Distance",
        "Calories",
        "Time",
    ];
    let names = (0..columns)
        .map(|i| {
            english
                .get(i)
                .map_or_else(|| format!("column {}", i + 1), |name| (*name).to_string())
        })
        .collect();
    Header::new(names)
}

/// Whether a header is Garmin's by its shape: the date second and the
/// favourite flag third, in any language, with Garmin's many columns.
fn placed_as_garmin(header: &Header) -> bool {
    let key = |i: usize| export::header_key(header.name(i));
    header.names().len() >= MIN_PLACED_COLUMNS
        && DATE_WORDS
            .iter()
            .any(|w| export::header_key(w) == key(BY_POSITION.date))
        && FAVORITE_WORDS.contains(&key(BY_POSITION.favorite).as_str())
}

/// A header taken by position needs at least this many columns.
const MIN_PLACED_COLUMNS: usize = 10;

/// Whether a header is Strava's: it has a column Garmin's does not.
fn is_strava(header: &Header) -> bool {
    header.has(&["Activity ID", "Activity Date", "Aktivitäts-ID"])
}

/// The error for a header runrisk cannot read as a Garmin export.
fn not_this_export(header: &Header, file: &str, missing: &str) -> Error {
    let date_second = DATE_WORDS
        .iter()
        .any(|w| export::header_key(w) == export::header_key(header.name(1)));
    let localised = header.has(&FOREIGN_TYPE_NAMES)
        || (header.names().len() >= 15 && date_second && !header.has(ENGLISH.kind));
    let message = if is_strava(header) {
        format!(
            "this is a Strava activities.csv, not a Garmin Connect Activities.csv (there is no \
             '{missing}' column); read it as a Strava export (--from strava)"
        )
    } else if localised {
        format!(
            "this looks like a Garmin Connect export in a language runrisk does not read (its \
             header starts {}, and its columns are not in Garmin's own order); runrisk reads Garmin \
             exports in English, German, Spanish, Polish and Danish, and others in Garmin's column \
             order. Set Garmin Connect's language to English and export again; runrisk needs the \
             columns {NEEDED}",
            header.preview()
        )
    } else {
        format!(
            "not a Garmin Connect Activities.csv: there is no '{missing}' column (the header \
             starts {}). runrisk needs {NEEDED}, or their names in a German export \
             ('Aktivitätstyp', 'Datum', 'Distanz', 'Zeit', ...); see docs/garmin.md",
            header.preview()
        )
    };
    Error::Format {
        file: file.to_string(),
        line: Some(1),
        message,
    }
}

/// A run read from its row, in the file's units until the whole file has
/// shown which units those are.
struct Pending {
    origin: Origin,
    date: NaiveDate,
    start: Option<NaiveDateTime>,
    /// Distance in the file's unit.
    distance: f64,
    distance_cell: Cell,
    duration_s: Option<f64>,
    duration_cell: Option<Cell>,
    /// Climb in the file's unit (feet or metres).
    ascent: Option<f64>,
    ascent_cell: Option<Cell>,
    /// Steps per minute and metres or feet per step, when the watch measured them.
    cadence: Option<f64>,
    stride: Option<f64>,
    /// Avg Pace in seconds per file unit.
    pace: Option<f64>,
    /// A trail run: its pace says nothing about the units (climbing slows it).
    trail: bool,
    surface: (Option<Surface>, surface::SurfaceSource),
    /// The title names a race.
    race: bool,
    /// The distance the title names (a 5K, a marathon), in km.
    titled_km: Option<f64>,
    avg_hr: Option<f64>,
    problems: Vec<Problem>,
}

/// Reads the runs of a Garmin Connect `Activities.csv`, calling `keep` for
/// each valid one; other activities are counted as skipped, invalid values
/// gathered into `problems`. The runs are held until the end of the file,
/// because the units are judged from all of them.
pub fn read(
    input: &mut dyn BufRead,
    settings: &ReadSettings,
    _interner: &mut Interner,
    problems: &mut RowProblems,
    keep: &mut Keep<'_>,
) -> Result<InputSummary> {
    let (mut header, mut records) =
        export::open(input, settings.file, "a Garmin Connect Activities.csv")?;
    let mut summary = InputSummary::new(settings.file);
    let mut columns = if first_line_is_a_run(&header) {
        header = positional_header(header.names().len());
        records.replay_header();
        summary.assumed.push(
            "no header row: the first line is already an activity; columns taken by their \
             place in Garmin's export (activity type, date, favourite, title, distance, \
             calories, time)"
                .to_string(),
        );
        Columns::by_position()
    } else {
        Columns::from_header(&header, settings.file)?
    };
    let native_numbers = columns.numbers;
    columns.numbers = records.number_style(columns.numbers);
    match columns.language {
        Some("English") => {}
        Some(language) => summary
            .notes
            .push(format!("language: a {language} export (decimal commas)")),
        None if summary.assumed.is_empty() => summary.assumed.push(Columns::placed_note(&header)),
        None => {}
    }
    if columns.numbers != native_numbers {
        summary.notes.push(
            "numbers: read with decimal commas (a spreadsheet re-saved the file with semicolons)"
                .to_string(),
        );
    }
    let file: Arc<str> = Arc::from(settings.file);
    let mut pending = Vec::new();
    while let Some((row, what)) =
        records.next_row(&header, columns.kind, settings.file, &mut summary)?
    {
        let origin = Origin::new(file.clone(), row.line);
        match what {
            ExportRow::Run(run_type) => {
                pending.push(read_row(row, &columns, &run_type, origin, settings))
            }
            ExportRow::Session(activity) => {
                let session = export::read_session(row, columns.date, activity, origin, settings);
                settle(session, &mut summary, problems, keep);
            }
        }
    }
    let mut votes = Votes::default();
    for run in pending.iter().filter(|p| p.problems.is_empty()) {
        votes.count(run);
    }
    let (units, note) = judge_units(&votes, settings);
    if !pending.is_empty() {
        if !settings.units_given {
            summary.units_guess = Some(note.clone());
        }
        summary.notes.push(note);
        summary.distance_units = Some(units);
    }
    for run in pending {
        settle(
            finish(run, units, settings.file),
            &mut summary,
            problems,
            keep,
        );
    }
    Ok(summary)
}

/// Reads what a running row says, in the file's units.
fn read_row(
    mut row: Row,
    c: &Columns,
    run_type: &str,
    origin: Origin,
    settings: &ReadSettings,
) -> Pending {
    let language = c.numbers;
    let date = row.required(
        c.date,
        "is not a date; expected a date and time such as 2024-03-17 09:35:21",
        parse_date,
    );
    if let Some((day, _)) = date {
        row.check_day(c.date, day, settings);
    }
    let distance = row.required(
        c.distance,
        "is not a distance; expected a number such as 6.21",
        |t| parse_number(t, language).filter(|d| *d >= 0.0),
    );
    let (duration, duration_cell, pace) = duration(&mut row, c, distance);
    let ascent = row.optional(
        c.ascent,
        "is not a climb; expected feet or metres such as 1,079",
        |t| parse_grouped(t, language).filter(|a| *a >= 0.0),
    );
    let title = row.text(c.title);
    Pending {
        origin,
        date: date.map(|(day, _)| day).unwrap_or(NaiveDate::MIN),
        start: date.and_then(|(_, start)| start),
        distance: distance.unwrap_or(0.0),
        distance_cell: row.cell(c.distance),
        duration_s: duration,
        duration_cell,
        ascent,
        ascent_cell: c.ascent.map(|i| row.cell(i)),
        cadence: row
            .text(c.cadence)
            .and_then(|t| parse_grouped(&t, language)),
        stride: row.text(c.stride).and_then(|t| parse_number(&t, language)),
        pace,
        trail: run_type.to_lowercase().contains(TRAIL_WORD),
        surface: surface::choose(Some(run_type), title.as_deref(), settings.default_surface),
        race: title
            .as_deref()
            .is_some_and(|t| race::is_race_name(&without_type_words(t, run_type))),
        titled_km: title.as_deref().and_then(race::distance_named),
        avg_hr: row
            .text(c.hr)
            .and_then(|t| parse_number(&t, language))
            .filter(|hr| (30.0..=250.0).contains(hr)),
        problems: row.problems,
    }
}

/// A title without the words of its activity type: Garmin's default titles
/// end with the type ("Madrid Carrera"), and in Spanish the type of every
/// run, carrera, is also the word for a race ("Carrera larga" is a long run).
fn without_type_words(title: &str, run_type: &str) -> String {
    let type_words = crate::words::lower_words(run_type);
    crate::words::lower_words(title)
        .into_iter()
        .filter(|word| !type_words.contains(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The run's time in seconds from the first time column that has one, else
/// from the pace and the distance; the cell it came from; and the pace.
fn duration(
    row: &mut Row,
    c: &Columns,
    distance: Option<f64>,
) -> (Option<f64>, Option<Cell>, Option<f64>) {
    const NOT_TIME: &str = "is not a time; expected hh:mm:ss such as 00:50:12";
    let times = [c.time, c.moving, c.elapsed];
    let mut duration = None;
    let mut duration_cell = None;
    for index in times.into_iter().flatten() {
        if let Some(seconds) = row.optional(Some(index), NOT_TIME, parse_clock) {
            duration = Some(seconds);
            duration_cell = Some(row.cell(index));
            break;
        }
    }
    let pace = row
        .text(c.pace)
        .and_then(|t| crate::import::values::parse_pace(&t))
        .map(|(seconds, _)| seconds);
    if duration.is_none() {
        if let (Some(pace), Some(d), Some(index)) = (pace, distance, c.pace) {
            duration = Some(pace * d);
            duration_cell = Some(row.cell(index));
        }
    }
    (duration, duration_cell, pace)
}

/// Converts a pending run to metric units and checks what depends on them.
fn finish(
    pending: Pending,
    units: Units,
    file: &str,
) -> std::result::Result<(Run, surface::SurfaceSource), Vec<Problem>> {
    let line = pending.origin.line;
    let mut problems = pending.problems;
    let mut run = Run::new(pending.date, units.to_km(pending.distance), pending.origin);
    run.start = pending.start;
    run.duration_s = pending.duration_s;
    run.elevation_gain_m = pending.ascent.map(|a| match units {
        Units::Km => a,
        Units::Mi => a * M_PER_FOOT,
    });
    run.surface = pending.surface.0;
    run.run_type = pending.race.then_some(RunType::Race);
    run.avg_hr = pending.avg_hr;
    if run.distance_km > MAX_RUN_KM {
        problems.push(pending.distance_cell.problem(
            file,
            line,
            &format!(
                "is longer than any run can be (over {MAX_RUN_KM} km); check the distance and \
                 the units (--units)"
            ),
        ));
    }
    if let (Some(pace), Some(cell)) = (run.pace_s_per_km(), &pending.duration_cell) {
        if pace < FASTEST_PACE_S_PER_KM {
            problems.push(cell.problem(
                file,
                line,
                &format!(
                    "gives a pace faster than {} over {:.1} km; check the distance and the time",
                    crate::import::plausible::fastest_pace(),
                    run.distance_km
                ),
            ));
        }
    }
    if let (Some(climb), Some(cell)) = (run.elevation_gain_m, &pending.ascent_cell) {
        if climb > MAX_ELEVATION_GAIN_M {
            problems.push(cell.problem(
                file,
                line,
                "is more climbing than one run can hold (over 15000 m); check the units (--units)",
            ));
        }
    }
    if problems.is_empty() {
        Ok((run, pending.surface.1))
    } else {
        Err(problems)
    }
}

/// A pace per file unit faster than this (4:00) is a km pace: as a mile
/// pace (2:29 per km) it would beat the 5000 m world record (4:03 a mile).
const FASTEST_MILE_PACE_S: f64 = 4.0 * 60.0;
/// A pace per file unit slower than this (10:00) is a mile pace: as a km
/// pace (6 km/h) it is a walk, while 10:00 a mile (6:13 per km) is a jog.
/// Between the two, a pace fits both units and says nothing.
const SLOWEST_KM_PACE_S: f64 = 10.0 * 60.0;
/// Paces outside these bounds say nothing (a stopped watch, a typo).
const PLAUSIBLE_PACE_S: std::ops::RangeInclusive<f64> = 150.0..=1800.0;
/// Activity types with this word are trail runs, whose slow pace is the
/// hills', not the units'.
const TRAIL_WORD: &str = "trail";
/// Climbing per file unit above this is feet per mile: 250 m per km is a
/// vertical-kilometre race (1,000 m up in under 5 km), while 250 ft a mile
/// (47 m per km) is a hilly trail.
const MILE_CLIMB_PER_UNIT_ABOVE: f64 = 250.0;
/// Runs shorter than this (file units) say nothing by their climbing.
const MIN_CLIMB_DISTANCE: f64 = 1.0;
/// A runner's average step, in metres: distance ÷ (cadence × time) outside
/// this range in one unit and inside it in the other tells the unit.
const PLAUSIBLE_STEP_M: std::ops::RangeInclusive<f64> = 0.6..=2.0;
/// Distance from cadence × time × stride length within this share of the
/// distance column is a match.
const STRIDE_MATCH_SHARE: f64 = 0.12;
/// Share of the votes the winning unit needs.
const STRIDE_MAJORITY: f64 = 0.8;
const RUN_MAJORITY: f64 = 0.75;
/// Share of all runs that must vote for the winner of the pace, climbing
/// and cadence votes, so that a few odd runs never decide.
const RUN_VOTE_SHARE: f64 = 0.5;

/// Evidence about the file's units, one vote per run.
#[derive(Debug, Default, Clone, PartialEq)]
struct Votes {
    /// Cadence × time × stride length against distance.
    stride: [usize; 2],
    /// Pace, climbing and cadence × time against distance.
    runs: [usize; 2],
    /// Runs counted.
    counted: usize,
}

fn slot(units: Units) -> usize {
    match units {
        Units::Km => 0,
        Units::Mi => 1,
    }
}

impl Votes {
    fn count(&mut self, run: &Pending) {
        self.counted += 1;
        if let Some(units) = stride_evidence(run) {
            self.stride[slot(units)] += 1;
        }
        if let Some(units) = run_evidence(run) {
            self.runs[slot(units)] += 1;
        }
    }
}

/// The unit in which cadence × time × stride length gives the distance
/// column, trying stride lengths in metres and in feet.
fn stride_evidence(run: &Pending) -> Option<Units> {
    let (cadence, stride, seconds) = (run.cadence?, run.stride?, run.duration_s?);
    if cadence <= 0.0 || stride <= 0.0 || seconds <= 0.0 || run.distance <= 0.0 {
        return None;
    }
    let steps = cadence * seconds / 60.0;
    let mut matches = Vec::new();
    for metres_per_stride_unit in [1.0, M_PER_FOOT] {
        let walked_m = steps * stride * metres_per_stride_unit;
        for (units, metres_per_unit) in [(Units::Km, 1000.0), (Units::Mi, KM_PER_MILE * 1000.0)] {
            let share = walked_m / (run.distance * metres_per_unit);
            if (share - 1.0).abs() <= STRIDE_MATCH_SHARE {
                matches.push(units);
            }
        }
    }
    agreed(&matches)
}

/// The one unit all of `said` name, if they name any and agree.
fn agreed(said: &[Units]) -> Option<Units> {
    match said {
        [units, rest @ ..] if rest.iter().all(|u| u == units) => Some(*units),
        _ => None,
    }
}

/// What a run's pace, climbing and cadence say together: a unit only when
/// those that say anything agree.
fn run_evidence(run: &Pending) -> Option<Units> {
    let said: Vec<Units> = [
        pace_evidence(run),
        climb_evidence(run),
        step_evidence(run),
        race_distance_evidence(run),
    ]
    .into_iter()
    .flatten()
    .collect();
    agreed(&said)
}

/// The unit a run's pace per file unit can only be in: faster than a mile
/// can be run is km, slower than a km is run (unless on a trail) is miles.
fn pace_evidence(run: &Pending) -> Option<Units> {
    let pace = match run.duration_s {
        Some(seconds) if run.distance > 0.0 => Some(seconds / run.distance),
        _ => run.pace,
    }?;
    if !PLAUSIBLE_PACE_S.contains(&pace) {
        None
    } else if pace < FASTEST_MILE_PACE_S {
        Some(Units::Km)
    } else if pace > SLOWEST_KM_PACE_S && !run.trail {
        Some(Units::Mi)
    } else {
        None
    }
}

/// A run whose title names its distance (`Parkrun 5K`, `Marathon`) and
/// whose distance is that in one unit only: a 5K logged as 3.11 is in miles.
fn race_distance_evidence(run: &Pending) -> Option<Units> {
    let named = run.titled_km?;
    let fits = |km: f64| ((km - named) / named).abs() <= NAMED_DISTANCE_MATCH_SHARE;
    match (fits(run.distance), fits(Units::Mi.to_km(run.distance))) {
        (true, false) => Some(Units::Km),
        (false, true) => Some(Units::Mi),
        _ => None,
    }
}

/// How far a run may be from the distance its title names and still be it
/// (GPS and courses differ by a few percent).
const NAMED_DISTANCE_MATCH_SHARE: f64 = 0.04;

/// Miles when the climbing per file unit is too steep for metres per km.
fn climb_evidence(run: &Pending) -> Option<Units> {
    let ascent = run.ascent?;
    (run.distance >= MIN_CLIMB_DISTANCE && ascent / run.distance > MILE_CLIMB_PER_UNIT_ABOVE)
        .then_some(Units::Mi)
}

/// The unit in which distance ÷ (cadence × time) is a runner's step, when
/// it is one in that unit only.
fn step_evidence(run: &Pending) -> Option<Units> {
    let (cadence, seconds) = (run.cadence?, run.duration_s?);
    let steps = cadence * seconds / 60.0;
    if steps <= 0.0 || run.distance <= 0.0 {
        return None;
    }
    let fits: Vec<Units> = [(Units::Km, 1000.0), (Units::Mi, KM_PER_MILE * 1000.0)]
        .into_iter()
        .filter(|(_, metres_per_unit)| {
            PLAUSIBLE_STEP_M.contains(&(run.distance * metres_per_unit / steps))
        })
        .map(|(units, _)| units)
        .collect();
    match fits.as_slice() {
        [units] => Some(*units),
        _ => None,
    }
}

/// The winner of `votes` when it has at least `majority` of them and at
/// least `least` votes.
fn winner(votes: [usize; 2], majority: f64, least: usize) -> Option<Units> {
    let total = votes[0] + votes[1];
    let decides = |n: usize| n >= least.max(1) && n as f64 >= majority * total as f64;
    if decides(votes[0]) {
        Some(Units::Km)
    } else if decides(votes[1]) {
        Some(Units::Mi)
    } else {
        None
    }
}

fn unit_words(units: Units) -> &'static str {
    match units {
        Units::Km => "kilometres and metres",
        Units::Mi => "miles and feet",
    }
}

fn other(units: Units) -> Units {
    match units {
        Units::Km => Units::Mi,
        Units::Mi => Units::Km,
    }
}

/// The units of the file and the note that says how they were chosen.
///
/// Cadence × time × stride length is a distance in metres (or feet) that
/// must match the distance column in one unit only: that decides when the
/// watch measured them. Otherwise only what one unit cannot be decides: a
/// pace per unit faster than anyone runs a mile (km), or slower than a run
/// per km (miles); climbing per unit too steep for metres per km (miles); a
/// step length from cadence × time that no runner has in one unit. These
/// decide when most runs say so. Paces of 4:00 to 10:00 per unit fit both
/// units, so most files say nothing: runrisk then assumes `settings.units`
/// and says so. `--units` overrides the judgement.
fn judge_units(votes: &Votes, settings: &ReadSettings) -> (Units, String) {
    let least_runs = (votes.counted as f64 * RUN_VOTE_SHARE).ceil() as usize;
    let judged = winner(votes.stride, STRIDE_MAJORITY, 1)
        .map(|u| (u, "cadence and stride length against distance and time"))
        .or_else(|| {
            winner(votes.runs, RUN_MAJORITY, least_runs).map(|u| {
                (
                    u,
                    "paces, climbing and cadence no runner has in the other unit",
                )
            })
        });
    if settings.units_given {
        let units = settings.units;
        let mut note = format!("units: {}, as --units says", unit_words(units));
        if let Some((seen, how)) = judged.filter(|(seen, _)| *seen != units) {
            note.push_str(&format!(
                " (the data look like {}, judged from {how})",
                unit_words(seen)
            ));
        }
        return (units, note);
    }
    match judged {
        Some((units, how)) => (
            units,
            format!(
                "units: {}, judged from {how}; use --units {} if wrong",
                unit_words(units),
                other(units).abbreviation()
            ),
        ),
        None => (
            settings.units,
            format!(
                "units: {} assumed: the export does not say, and the runs fit both units \
                 (paces of {} to {} per unit are run per km and per mile); use --units {} if \
                 the Garmin account shows {}",
                unit_words(settings.units),
                clock(FASTEST_MILE_PACE_S),
                clock(SLOWEST_KM_PACE_S),
                other(settings.units).abbreviation(),
                match other(settings.units) {
                    Units::Km => "kilometres",
                    Units::Mi => "miles",
                }
            ),
        ),
    }
}

/// Seconds as `m:ss`.
fn clock(seconds: f64) -> String {
    let whole = seconds.round() as u64;
    format!("{}:{:02}", whole / 60, whole % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(distance: f64, seconds: f64, cadence: Option<f64>, stride: Option<f64>) -> Pending {
        Pending {
            origin: Origin::new("a.csv", 2),
            date: NaiveDate::MIN,
            start: None,
            distance,
            distance_cell: Cell::default(),
            duration_s: Some(seconds),
            duration_cell: None,
            ascent: None,
            ascent_cell: None,
            cadence,
            stride,
            pace: None,
            trail: false,
            surface: (None, surface::SurfaceSource::Default),
            race: false,
            titled_km: None,
            avg_hr: None,
            problems: Vec::new(),
        }
    }

    #[test]
    fn strides_tell_the_units() {
        let cases = [
            // 10.02 km in 50:12 at 168 spm: 1.19 m a step.
            (10.02, 3012.0, 168.0, 1.19, Some(Units::Km)),
            (6.23, 3012.0, 168.0, 1.19, Some(Units::Mi)),
            // The same stride in feet.
            (6.23, 3012.0, 168.0, 3.90, Some(Units::Mi)),
            (10.02, 3012.0, 168.0, 3.90, Some(Units::Km)),
            // Matches nothing: no vote.
            (20.0, 3012.0, 168.0, 1.19, None),
        ];
        for (distance, seconds, cadence, stride, want) in cases {
            let run = pending(distance, seconds, Some(cadence), Some(stride));
            assert_eq!(stride_evidence(&run), want, "{distance} {stride}");
        }
        assert_eq!(
            stride_evidence(&pending(6.23, 3012.0, None, Some(1.19))),
            None
        );
    }

    #[test]
    fn only_paces_one_unit_cannot_have_vote() {
        let cases = [
            (10.0, 2200.0, Some(Units::Km)), // 3:40 per unit: faster than any mile
            (10.0, 3000.0, None),            // 5:00 per unit
            (6.21, 3000.0, None),            // 8:03 per unit: a mile, or a slow km
            (5.0, 2700.0, None),             // 9:00 per unit
            (3.0, 2100.0, Some(Units::Mi)),  // 11:40 per unit: a walk per km
            (0.0, 3000.0, None),
            (1.0, 60.0, None), // 1:00 per unit: no running pace
        ];
        for (distance, seconds, want) in cases {
            assert_eq!(
                pace_evidence(&pending(distance, seconds, None, None)),
                want,
                "{distance}"
            );
        }
        // A trail run is slow because of its hills.
        let mut trail = pending(3.0, 2100.0, None, None);
        trail.trail = true;
        assert_eq!(pace_evidence(&trail), None);
    }

    #[test]
    fn climbing_and_steps_vote_only_when_one_unit_cannot_be() {
        let mut steep = pending(6.0, 4000.0, None, None);
        steep.ascent = Some(1800.0); // 300 per unit: feet per mile
        assert_eq!(climb_evidence(&steep), Some(Units::Mi));
        steep.ascent = Some(600.0); // 100 per unit: either
        assert_eq!(climb_evidence(&steep), None);
        let steps = |distance: f64, seconds: f64, cadence: f64| {
            step_evidence(&pending(distance, seconds, Some(cadence), None))
        };
        // 10 at 3:30 per unit, 185 steps a minute: 1.55 m (km) or 2.49 m (miles).
        assert_eq!(steps(10.0, 2100.0, 185.0), Some(Units::Km));
        // 3 at 11:00 per unit, 160 a minute: 0.57 m (km) or 0.91 m (miles).
        assert_eq!(steps(3.0, 1980.0, 160.0), Some(Units::Mi));
        // 5 at 9:00 per unit, 160 a minute: 0.69 m or 1.12 m, both a step.
        assert_eq!(steps(5.0, 2700.0, 160.0), None);
        // Evidence that disagrees says nothing.
        let mut torn = pending(10.0, 2200.0, None, None);
        torn.ascent = Some(3000.0);
        assert_eq!(run_evidence(&torn), None);
    }

    #[test]
    fn a_winner_needs_a_majority_and_enough_votes() {
        assert_eq!(winner([0, 1], RUN_MAJORITY, 1), Some(Units::Mi));
        assert_eq!(winner([3, 1], RUN_MAJORITY, 1), Some(Units::Km));
        assert_eq!(winner([2, 1], RUN_MAJORITY, 1), None);
        assert_eq!(winner([0, 0], RUN_MAJORITY, 0), None);
        assert_eq!(winner([0, 2], RUN_MAJORITY, 3), None);
    }

    #[test]
    fn the_judgement_and_its_note() {
        let today = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let options = crate::import::ImportOptions::new(today);
        let settings = options.settings("a.csv");
        let strides = Votes {
            stride: [0, 3],
            runs: [3, 0],
            counted: 3,
        };
        let (units, note) = judge_units(&strides, &settings);
        assert_eq!(units, Units::Mi);
        assert!(
            note.contains("miles and feet, judged from cadence"),
            "{note}"
        );
        assert!(note.contains("--units km"), "{note}");
        let (units, note) = judge_units(&Votes::default(), &settings);
        assert_eq!(units, Units::Km);
        assert!(note.contains("assumed"), "{note}");
        assert!(note.contains("paces of 4:00 to 10:00 per unit"), "{note}");
        assert!(note.contains("use --units mi"), "{note}");
        // Two slow runs among ten do not make a file of miles.
        let few = Votes {
            stride: [0, 0],
            runs: [0, 2],
            counted: 10,
        };
        assert!(judge_units(&few, &settings).1.contains("assumed"));
        let most = Votes {
            runs: [0, 6],
            ..few
        };
        let (units, note) = judge_units(&most, &settings);
        assert_eq!(units, Units::Mi);
        assert!(
            note.contains("judged from paces, climbing and cadence"),
            "{note}"
        );
        let mut given = options.clone();
        given.units = Units::Km;
        given.units_given = true;
        let (units, note) = judge_units(&strides, &given.settings("a.csv"));
        assert_eq!(units, Units::Km);
        assert!(note.contains("as --units says"), "{note}");
        assert!(note.contains("look like miles"), "{note}");
    }
}
