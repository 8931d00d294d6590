//! Strava's `activities.csv`, from the archive a runner requests under
//! Settings → My Account. Its columns changed over the years (79 to 101 of
//! them), several names repeat with different units, and exports come in
//! the account's language; so columns are found by name, the first of a
//! repeated name wins, and English and German exports are both read.

use std::io::BufRead;
use std::sync::Arc;

use chrono::NaiveDate;

use super::headers::{
    StravaNames as Names, STRAVA_EARLY as EARLY, STRAVA_ENGLISH as ENGLISH,
    STRAVA_ENGLISH_ONLY as ENGLISH_ONLY, STRAVA_GERMAN as GERMAN,
    STRAVA_GERMAN_ONLY as GERMAN_ONLY,
};
use crate::error::{Error, Result};
use crate::import::csv::export::{
    self as export, style_notes, ExportNames, ExportRow, Header, Language,
};
use crate::import::csv::{settle, Row};
use crate::import::plausible::{FASTEST_PACE_S_PER_KM, MAX_ELEVATION_GAIN_M, MAX_RUN_KM};
use crate::import::values::{parse_date, parse_grouped, parse_number, Decimals};
use crate::import::{race, surface, InputSummary, Interner, Keep, ReadSettings, RowProblems};
use crate::model::{Origin, Run, RunType, KM_PER_MILE};

/// What runrisk needs, for messages: required first.
const NEEDED: &str = "'Activity Date', 'Activity Type' and 'Distance' (and, when present, \
    'Moving Time', 'Elapsed Time', 'Elevation Gain', 'Activity Gear', 'Activity Name', 'Filename')";

/// How messages name a Strava export.
const STRAVA: ExportNames = ExportNames {
    what: "Strava activities.csv",
    needed: NEEDED,
    doc: "docs/strava.md",
};

/// The layout a header is in: by the date column runrisk reads or, when
/// that is missing, by the columns only that layout has.
fn layout(header: &Header) -> Option<(&'static Names, Language, bool)> {
    if header.has(ENGLISH.date) {
        Some((&ENGLISH, Language::English, false))
    } else if header.has(GERMAN.date) {
        Some((&GERMAN, Language::German, false))
    } else if export::recognisably(header, &ENGLISH_ONLY) {
        // Before the early layout: today's export has a `Type` column too.
        Some((&ENGLISH, Language::English, false))
    } else if header.has(EARLY.date) && header.has(EARLY.kind) {
        Some((&EARLY, Language::English, true))
    } else if export::recognisably(header, &GERMAN_ONLY) {
        Some((&GERMAN, Language::German, false))
    } else {
        None
    }
}

/// How the distance is written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DistanceUnit {
    Km,
    Metres,
}

/// Where each column runrisk reads sits in this export.
#[derive(Debug)]
struct Columns {
    language: Language,
    /// How numbers are written: as in `language`, or with decimal commas
    /// when a spreadsheet re-saved the file with semicolons.
    numbers: Decimals,
    early: bool,
    date: usize,
    kind: usize,
    name: Option<usize>,
    /// The first `Distance`: km for runs (metres in the early layout).
    distance: (usize, DistanceUnit),
    /// The repeated `Distance`, in metres as a float.
    distance_m: Option<usize>,
    elapsed: Option<usize>,
    /// The repeated `Elapsed Time`, a float copy of the first.
    elapsed_copy: Option<usize>,
    moving: Option<usize>,
    elevation: Option<usize>,
    gear: Option<usize>,
    filename: Option<usize>,
    hr: Option<usize>,
}

impl Columns {
    fn from_header(header: &Header, file: &str) -> Result<Columns> {
        let Some((names, language, early)) = layout(header) else {
            return Err(not_this_export(header, file, ENGLISH.date[0]));
        };
        let others: &[&str] = match language {
            Language::English => &ENGLISH_ONLY,
            Language::German => &GERMAN_ONLY,
        };
        let known = names.known(others);
        let missing = |candidates: &[&str]| {
            let name = candidates.first().copied().unwrap_or_default();
            export::missing_column(header, file, &STRAVA, name, &known)
        };
        let date = header
            .first(names.date)
            .ok_or_else(|| missing(names.date))?;
        let kind = header
            .first(names.kind)
            .ok_or_else(|| missing(names.kind))?;
        let distances = header.positions(names.distance);
        let moving = header.first(names.moving);
        let (distance, distance_m) = match distances.as_slice() {
            [] => return Err(missing(names.distance)),
            [only] if early => ((*only, DistanceUnit::Metres), None),
            // The metres copy sits after `Moving Time`; the km one before it.
            [only] if moving.is_some_and(|m| m < *only) => ((*only, DistanceUnit::Metres), None),
            [only] => ((*only, DistanceUnit::Km), None),
            [first, second, ..] => ((*first, DistanceUnit::Km), Some(*second)),
        };
        Ok(Columns {
            language,
            numbers: language.decimals(),
            early,
            date,
            kind,
            name: header.first(names.name),
            distance,
            distance_m,
            elapsed: header.first(names.elapsed),
            elapsed_copy: header.second(names.elapsed),
            moving,
            elevation: header.first(names.elevation),
            gear: header.first(names.gear),
            filename: header.first(names.filename),
            hr: header.first(names.hr),
        })
    }
}

/// The error for a header that is not a Strava export runrisk reads: a
/// localised one when it has Strava's repeated columns, otherwise a plain one.
fn not_this_export(header: &Header, file: &str, missing: &str) -> Error {
    let looks_like_strava = header.names().len() >= 20 && header.repeated_names() >= 2;
    let garmin = header.has(&["Activity Type", "Aktivitätstyp"])
        && header.has(&["Title", "Titel", "Avg Pace", "Total Ascent"]);
    let message = if garmin {
        format!(
            "this is a Garmin Connect Activities.csv, not a Strava activities.csv (there is no \
             '{missing}' column); read it as a Garmin export (--from garmin)"
        )
    } else if looks_like_strava {
        format!(
            "this looks like a Strava export in a language runrisk does not read (its header \
             starts {}); runrisk reads Strava exports in English and German. Request the \
             archive again with Strava set to English or German, or rename the columns it \
             needs to their English names: {NEEDED}",
            header.preview()
        )
    } else {
        format!(
            "not a Strava activities.csv: there is no '{missing}' column (the header starts {}). \
             runrisk needs {NEEDED}, or their names in a German export ('Aktivitätsdatum', \
             'Aktivitätsart', 'Distanz', ...); see docs/strava.md",
            header.preview()
        )
    };
    Error::Format {
        file: file.to_string(),
        line: Some(1),
        message,
    }
}

/// Reads the runs of a Strava `activities.csv`, calling `keep` for each
/// valid one; other activities are counted as skipped, invalid values
/// gathered into `problems`.
pub fn read(
    input: &mut dyn BufRead,
    settings: &ReadSettings,
    interner: &mut Interner,
    problems: &mut RowProblems,
    keep: &mut Keep<'_>,
) -> Result<InputSummary> {
    let (header, mut records) = export::open(input, settings.file, "a Strava activities.csv")?;
    let mut columns = Columns::from_header(&header, settings.file)?;
    columns.numbers = records.number_style(columns.language.decimals());
    let mut summary = InputSummary::new(settings.file);
    summary.notes = style_notes(
        columns.language,
        columns.numbers,
        "language: a German export (decimal commas, German dates)",
    );
    if columns.early {
        summary
            .notes
            .push("layout: a Strava export from before 2019 (distance in metres)".to_string());
    }
    let file: Arc<str> = Arc::from(settings.file);
    let reader = RowReader {
        columns: &columns,
        settings,
    };
    let mut miles_rows = 0;
    while let Some((row, what)) =
        records.next_row(&header, columns.kind, settings.file, &mut summary)?
    {
        let origin = Origin::new(file.clone(), row.line);
        let run_type = match what {
            ExportRow::Run(run_type) => run_type,
            ExportRow::Session(activity) => {
                let session = export::read_session(row, columns.date, activity, origin, settings);
                settle(session, &mut summary, problems, keep);
                continue;
            }
        };
        let outcome = reader.run(row, &run_type, origin, interner);
        let outcome = outcome.map(|(run, source, in_miles)| {
            miles_rows += usize::from(in_miles);
            (run, source)
        });
        settle(outcome, &mut summary, problems, keep);
    }
    if miles_rows > 0 {
        summary.notes.push(format!(
            "units: the first 'Distance' column is in miles in {miles_rows} runs; runrisk used \
             the distance in metres from the second 'Distance' column"
        ));
    }
    Ok(summary)
}

/// Turns one run's record into a `Run`, or into the list of what is wrong with it.
struct RowReader<'a> {
    columns: &'a Columns,
    settings: &'a ReadSettings<'a>,
}

/// A run, where its surface came from, and whether its first distance was in miles.
type ReadRun = (Run, surface::SurfaceSource, bool);

impl RowReader<'_> {
    fn run(
        &self,
        mut row: Row,
        run_type: &str,
        origin: Origin,
        interner: &mut Interner,
    ) -> std::result::Result<ReadRun, Vec<crate::error::Problem>> {
        let c = self.columns;
        let language = c.numbers;
        let date = row.required(
            c.date,
            "is not a date; expected a date such as 'Oct 6, 2022, 11:19:20 PM' \
             (German: '6. Okt. 2022, 23:19:20' or '06.10.2022, 23:19:20')",
            parse_date,
        );
        let mut run = Run::new(NaiveDate::MIN, 0.0, origin);
        if let Some((day, start)) = date {
            run.date = day;
            run.start = start;
            row.check_day(c.date, day, self.settings);
        }
        let (distance_km, in_miles) = self.distance(&mut row);
        run.distance_km = distance_km.unwrap_or(0.0);
        if run.distance_km > MAX_RUN_KM {
            row.complain(
                c.distance.0,
                &format!(
                    "is longer than any run can be (over {MAX_RUN_KM} km); check the distance"
                ),
            );
        }
        self.time(&mut row, &mut run);
        run.elevation_gain_m = row.optional(
            c.elevation,
            "is not a climb; expected metres from 0 to 15000",
            |t| parse_number(t, language).filter(|m| (0.0..=MAX_ELEVATION_GAIN_M).contains(m)),
        );
        let name = row.text(c.name);
        let (surface, source) = surface::choose(
            Some(run_type),
            name.as_deref(),
            self.settings.default_surface,
        );
        run.surface = surface;
        if name.as_deref().is_some_and(race::is_race_name) {
            run.run_type = Some(RunType::Race);
        }
        run.shoe = row.text(c.gear).map(|s| interner.intern(s));
        run.activity_file = row.text(c.filename).map(|s| interner.intern(s));
        run.avg_hr = row
            .text(c.hr)
            .and_then(|t| parse_number(&t, c.numbers))
            .filter(|hr| (30.0..=250.0).contains(hr));
        if row.problems.is_empty() {
            Ok((run, source, in_miles))
        } else {
            Err(row.problems)
        }
    }

    /// Moving time, else elapsed time, and a check that the pace is humanly possible.
    fn time(&self, row: &mut Row, run: &mut Run) {
        let c = self.columns;
        let language = c.numbers;
        let seconds = |t: &str| parse_grouped(t, language).filter(|s| *s >= 0.0);
        const NOT_SECONDS: &str = "is not a time; expected whole seconds such as 3123";
        let moving = row
            .optional(c.moving, NOT_SECONDS, seconds)
            .filter(|s| *s > 0.0);
        let elapsed = row
            .optional(c.elapsed, NOT_SECONDS, seconds)
            .or_else(|| row.optional(c.elapsed_copy, NOT_SECONDS, seconds));
        run.duration_s = moving.or(elapsed);
        if let Some(pace) = run.pace_s_per_km() {
            let column = if moving.is_some() {
                c.moving
            } else {
                c.elapsed
            };
            if let (true, Some(column)) = (pace < FASTEST_PACE_S_PER_KM, column) {
                row.complain(
                    column,
                    &format!(
                        "gives a pace faster than {} over {:.1} km; check the distance and the time",
                        crate::import::plausible::fastest_pace(),
                        run.distance_km
                    ),
                );
            }
        }
    }

    /// The run's distance in km, and whether the first `Distance` turned out
    /// to be in miles (it then disagrees with the metres copy by a mile's worth).
    fn distance(&self, row: &mut Row) -> (Option<f64>, bool) {
        let c = self.columns;
        let language = c.numbers;
        let (index, unit) = c.distance;
        const NOT_DISTANCE: &str = "is not a distance; expected a number such as 10.02";
        let distance = |t: &str| parse_number(t, language).filter(|d| *d >= 0.0);
        let first = row.optional(Some(index), NOT_DISTANCE, distance);
        let metres = row.optional(
            c.distance_m,
            "is not a distance; expected metres such as 10020.4",
            distance,
        );
        match (first, unit, metres) {
            (Some(m), DistanceUnit::Metres, _) => (Some(m / 1000.0), false),
            (Some(km), DistanceUnit::Km, Some(m)) if in_miles(km, m) => (Some(m / 1000.0), true),
            (Some(km), DistanceUnit::Km, _) => (Some(km), false),
            (None, _, Some(m)) => (Some(m / 1000.0), false),
            (None, _, None) => {
                if row.text(Some(index)).is_none() {
                    row.complain(index, "is empty; a run needs a distance");
                }
                (None, false)
            }
        }
    }
}

/// Whether `first` is `metres` in miles rather than km, allowing for
/// rounding to two decimals.
fn in_miles(first: f64, metres: f64) -> bool {
    const ROUNDING_KM: f64 = 0.006;
    const SHARE: f64 = 0.01;
    let km = metres / 1000.0;
    let close = |a: f64, b: f64| (a - b).abs() <= ROUNDING_KM.max(SHARE * b);
    first > 0.0 && !close(first, km) && close(first * KM_PER_MILE, km)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn miles_only_when_the_metres_copy_says_so() {
        assert!(in_miles(6.21, 9994.0));
        assert!(!in_miles(10.02, 10_020.4));
        assert!(!in_miles(0.0, 0.0));
        assert!(!in_miles(5.0, 12_000.0));
    }
}
