//! Reading training logs. This is the only part of runrisk that reads files:
//! it finds out what each input is, hands it to the importer for that format,
//! and returns plain `Run`s in metric units, with the same run given twice
//! counted once.

mod activity;
mod csv;
mod dedupe;
mod open;
mod packed;
mod plausible;
mod race;
mod reading;
mod summary;
mod surface;
mod values;

use std::io::BufRead;

use chrono::NaiveDate;

use crate::error::Result;
use crate::model::{Run, Surface, Units};

pub use packed::{Names, PackedLog, PackedRuns};
pub use plausible::is_future;
pub use summary::{ActivityRead, Imported, InputSummary, Interner, Losses, NameCache, RowProblems};
pub use values::DateOrder;

/// Which importer reads an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// By extension, then by the first bytes or the header line.
    #[default]
    Auto,
    /// runrisk's own CSV (docs/csv-format.md).
    Native,
    /// Strava's `activities.csv`, alone or in a bulk export folder or .zip.
    Strava,
    /// Garmin Connect's `Activities.csv`.
    Garmin,
    /// Apple Health's `export.xml`, alone or in the Health app's `export.zip`.
    Apple,
    Gpx,
    Tcx,
    Fit,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Native => "native",
            Format::Strava => "strava",
            Format::Garmin => "garmin",
            Format::Apple => "apple",
            Format::Gpx => "gpx",
            Format::Tcx => "tcx",
            Format::Fit => "fit",
        }
    }

    /// Formats of single activity files (one file, one activity or a few),
    /// read whole.
    pub fn is_activity_file(self) -> bool {
        matches!(self.importer(), Importer::File(_))
    }
}

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub format: Format,
    /// Units for input that does not say which it uses.
    pub units: Units,
    /// `--units` was given: it overrides any guess from the data.
    pub units_given: bool,
    /// Analyse the valid rows and report the rest instead of stopping.
    pub skip_invalid: bool,
    /// Runs after this day are errors (a date in the future).
    pub today: NaiveDate,
    /// Surface for runs whose source says nothing about it (`--surface`).
    pub default_surface: Option<Surface>,
    /// How dates such as `06/10/2026` read, when the user says (`--date-format`).
    pub date_order: Option<DateOrder>,
    /// The column names of CSV rows that come without a header row
    /// (`--columns`), read as the header of every CSV input.
    pub columns: Option<Vec<String>>,
}

impl ImportOptions {
    /// Options with defaults, for tests and library users.
    pub fn new(today: NaiveDate) -> ImportOptions {
        ImportOptions {
            format: Format::Auto,
            units: Units::Km,
            units_given: false,
            skip_invalid: false,
            today,
            default_surface: None,
            date_order: None,
            columns: None,
        }
    }

    /// The settings one input is read with.
    pub fn settings<'a>(&self, file: &'a str) -> ReadSettings<'a> {
        ReadSettings {
            file,
            units: self.units,
            units_given: self.units_given,
            today: self.today,
            default_surface: self.default_surface,
            date_order: self.date_order,
        }
    }
}

/// What every importer needs to know about the input it reads.
#[derive(Debug, Clone)]
pub struct ReadSettings<'a> {
    /// The input's name, as messages show it.
    pub file: &'a str,
    /// Units for values the source does not label.
    pub units: Units,
    /// The user chose `units` with `--units`; a guess from the data must not override it.
    pub units_given: bool,
    /// Later dates are errors.
    pub today: NaiveDate,
    /// Surface for runs whose source says nothing about it.
    pub default_surface: Option<Surface>,
    /// How dates such as `06/10/2026` read, when the user says.
    pub date_order: Option<DateOrder>,
}

/// The name `-` stands for standard input.
pub const STDIN: &str = "-";

/// Where an importer hands each valid run it reads, in file order. It may
/// be called from another thread than the one that reads the file, so the
/// native log's rows are kept while the next ones are split. The run is
/// lent, not given: keeping it packs it, and a run moved at every hand-over
/// costs a club's log as much as packing it.
pub type Keep<'a> = dyn FnMut(&mut Run) + Send + 'a;

/// An importer of a CSV log or export, read row by row, so a club's
/// ten-year log is never held whole: each valid run goes to `keep`,
/// invalid values to `problems`.
trait RowImporter: Sync {
    fn read(
        &self,
        input: &mut dyn BufRead,
        settings: &ReadSettings,
        names: &mut Interner,
        problems: &mut RowProblems,
        keep: &mut Keep<'_>,
    ) -> Result<InputSummary>;
}

/// An importer of one activity file, read whole (a watch's GPX, TCX or FIT
/// file is small, and its records are judged together).
trait FileImporter: Sync {
    fn read(&self, bytes: &[u8], settings: &ReadSettings) -> Result<ActivityRead>;
}

/// An importer of an export too large to hold, read as a stream (Apple
/// Health's export.xml reaches gigabytes).
trait StreamImporter: Sync {
    fn read(&self, input: &mut dyn BufRead, settings: &ReadSettings) -> Result<ActivityRead>;
}

/// An importer is its `read` function.
impl<F> RowImporter for F
where
    F: Fn(
            &mut dyn BufRead,
            &ReadSettings,
            &mut Interner,
            &mut RowProblems,
            &mut Keep<'_>,
        ) -> Result<InputSummary>
        + Sync,
{
    fn read(
        &self,
        input: &mut dyn BufRead,
        settings: &ReadSettings,
        names: &mut Interner,
        problems: &mut RowProblems,
        keep: &mut Keep<'_>,
    ) -> Result<InputSummary> {
        self(input, settings, names, problems, keep)
    }
}

impl<F> FileImporter for F
where
    F: Fn(&[u8], &ReadSettings) -> Result<ActivityRead> + Sync,
{
    fn read(&self, bytes: &[u8], settings: &ReadSettings) -> Result<ActivityRead> {
        self(bytes, settings)
    }
}

impl<F> StreamImporter for F
where
    F: Fn(&mut dyn BufRead, &ReadSettings) -> Result<ActivityRead> + Sync,
{
    fn read(&self, input: &mut dyn BufRead, settings: &ReadSettings) -> Result<ActivityRead> {
        self(input, settings)
    }
}

/// How a format is read, with the importer that reads it.
#[derive(Clone, Copy)]
enum Importer {
    Rows(&'static dyn RowImporter),
    File(&'static dyn FileImporter),
    Stream(&'static dyn StreamImporter),
}

/// Every importer, with the format it reads. Adding an importer is one
/// file behind one of the traits above and its line here.
const IMPORTERS: [(Format, Importer); 7] = [
    (Format::Native, Importer::Rows(&csv::native::read)),
    (Format::Strava, Importer::Rows(&csv::strava::read)),
    (Format::Garmin, Importer::Rows(&csv::garmin::read)),
    (Format::Apple, Importer::Stream(&activity::apple::read)),
    (Format::Gpx, Importer::File(&activity::gpx::read)),
    (Format::Tcx, Importer::File(&activity::tcx::read)),
    (Format::Fit, Importer::File(&activity::fit::read)),
];

impl Format {
    /// The importer for this format; a log not yet told apart is read as
    /// runrisk's own CSV.
    fn importer(self) -> Importer {
        IMPORTERS
            .iter()
            .find(|(format, _)| *format == self)
            .map_or(IMPORTERS[0].1, |(_, importer)| *importer)
    }
}

pub use reading::{import, import_bytes, import_packed};
