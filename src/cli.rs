//! The command line, as clap derive structs. This is the only module that
//! knows clap: it turns arguments into a plain `app::Request`.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use runrisk::app::{ImageRequest, LogRequest, Request};
use runrisk::import::DateOrder;
use runrisk::import::{Format as InputFormat, ImportOptions};
use runrisk::model::Week;
use runrisk::model::{Load, Severity, Surface, Units};
use runrisk::report::png::{ASPECT_RANGE, MAX_SIZE, MIN_SIZE};
use runrisk::report::{Format, Selection};

const EXAMPLES: &str = "\
Examples:
  runrisk report my-log.csv -o weekly-risk.png   the weekly risk report image
  runrisk flags my-log.csv                 every training error, week by week, with advice
  runrisk weeks my-log.csv --since 2025-01-01
  runrisk weeks club.csv --athlete Maria --format json
  runrisk check my-log.csv                 validate the log and say what was read
  runrisk triggers my-log.csv              what makes your legs heavy
  runrisk rules                            the rules, their thresholds and evidence

The log is a CSV with at least 'date' and 'distance_km' (or 'distance_mi');
see docs/csv-format.md for every column.";

const REPORT_EXAMPLES: &str = "\
Examples:
  runrisk report my-log.csv                          writes runrisk-report.png for the latest week
  runrisk report my-log.csv -o week.svg --week 2025-W08
  runrisk report club.csv --athlete Maria --weeks 52 -o maria.png
  runrisk report my-log.csv -o - > report.png        PNG to standard output";

const WEEKS_EXAMPLES: &str = "\
Examples:
  runrisk weeks my-log.csv                       the table, one row per ISO week
  runrisk weeks my-log.csv --since 2025-01-01 --units mi
  runrisk weeks club.csv --athlete Maria --format json
  runrisk weeks my-log.csv --load srpe           ratios and form on RPE x minutes
  runrisk weeks export_12345.zip --format csv > weeks.csv

The columns:
  dist   the week's distance          runs   runs in the week
  rest   days without a run           long   the longest run
  acwr   load ratio: the week's load over the mean of the 4 weeks before
         (0.8 to 1.3 is usual; 1.5 or more is a jump)
  ewma   the same ratio with exponentially weighted 7- and 28-day loads
  mono   monotony: the mean day over the spread of the days (2 or more:
         every day alike)
  form   fitness minus fatigue (below 0: more tired than fit; under -30%
         of fitness: very tired)
  risk   the week's score, 0 to 100, with its level and reasons (the rules
         that scored; `back N` is the n-th week after a break, `week so far`
         a week the log ends in before its Sunday)

The table fits the terminal (or COLUMNS; 60 to 160 columns). When it is
narrow, figures go in this order until the reasons have room: ewma, mono,
form, runs, acwr, rest, long. week, distance, risk, level and the reasons
always stay, every reason listed; --format csv or json has every column.";

const FLAGS_EXAMPLES: &str = "\
Examples:
  runrisk flags my-log.csv                       warnings and alerts, week by week, with advice
  runrisk flags my-log.csv --min-severity info   also the info notes
  runrisk flags Activities.csv --format json     Garmin Connect export, as JSON
  runrisk flags my-log.csv --fail-on alert       exit code 3 when an alert is shown";

const CHECK_EXAMPLES: &str = "\
Examples:
  runrisk check my-log.csv                       what was read, skipped and assumed
  runrisk check watch-files/ --surface trail     a folder of GPX/TCX/FIT files
  runrisk check my-log.csv --skip-invalid        list every invalid row, grouped by reason";

const TRIGGERS_EXAMPLES: &str = "\
Examples:
  runrisk triggers my-log.csv                    likely and possible triggers of heavy legs
  runrisk triggers club.csv --athlete Maria --format json
  runrisk triggers my-log.csv --format csv > triggers.csv

Needs 60 days or more with a 'heaviness' report (0 to 10); see docs/triggers.md.";

const ATHLETES_EXAMPLES: &str = "\
Examples:
  runrisk athletes club.csv                      who is at risk in the log's last week
  runrisk athletes club.csv --week 2025-W20      the same for an earlier week
  runrisk athletes club.csv --athlete Bo --athlete Ann --format csv

Rows are ordered urgent first, then by risk, then by name. The columns:
risk (0-100) and level, the week's distance, acwr (the week's load over the
mean of the 4 weeks before), form (fitness minus fatigue; below 0 more tired
than fit), n (findings at warning or above) and the most serious one.";

const RULES_EXAMPLES: &str = "\
Examples:
  runrisk rules                                  the defaults
  runrisk rules --config coach.toml              the thresholds of a config file (also checks it)";

#[derive(Debug, Parser)]
#[command(
    name = "runrisk",
    version,
    about = "Finds the training errors behind heavy legs in a running log, week by week",
    after_help = EXAMPLES,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Draw the weekly risk report image (PNG or SVG)
    #[command(after_help = REPORT_EXAMPLES)]
    Report {
        #[command(flatten)]
        log: LogArgs,
        /// Image file to write: .png or .svg; `-` writes PNG to standard output
        #[arg(short, long, value_name = "FILE", default_value = "runrisk-report.png")]
        output: PathBuf,
        /// The week to report (YYYY-Www, or a day of it as YYYY-MM-DD)
        /// [default: the latest week with runs]
        #[arg(long, value_name = "YYYY-Www", value_parser = parse_week)]
        week: Option<Week>,
        /// How many weeks of history the charts show [default: 26; 12 for a club]
        #[arg(long, value_name = "N", value_parser = parse_weeks)]
        weeks: Option<usize>,
        /// Write one weekly report per athlete into this folder, each named
        /// after its athlete
        #[arg(long, value_name = "DIR")]
        each: Option<PathBuf>,
        /// Image size in pixels, WIDTHxHEIGHT
        #[arg(long, value_name = "WxH", default_value = "1600x1200", value_parser = parse_size)]
        size: (u32, u32),
    },
    /// One row per athlete and ISO week: distance, rest days, load ratios, risk and its reasons
    #[command(after_help = WEEKS_EXAMPLES)]
    Weeks {
        #[command(flatten)]
        log: LogArgs,
        /// Output: an aligned table (text), JSON, JSON lines or CSV
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Every training error found, with its numbers and what to do next week
    #[command(after_help = FLAGS_EXAMPLES)]
    Flags {
        #[command(flatten)]
        log: LogArgs,
        /// Output: an aligned table (text), JSON, JSON lines or CSV
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Show only findings at or above this severity
        /// [default: warning for text, info for json and csv]
        #[arg(long, value_enum, value_name = "LEVEL")]
        min_severity: Option<SeverityArg>,
    },
    /// Validate the log and summarise what was read; writes nothing
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        #[command(flatten)]
        log: LogArgs,
    },
    /// A club's athletes for one week, riskiest first: risk, top finding, distance, load
    #[command(after_help = ATHLETES_EXAMPLES)]
    Athletes {
        #[command(flatten)]
        log: LogArgs,
        /// The week (YYYY-Www, or a day of it) [default: the log's last week]
        #[arg(long, value_name = "YYYY-Www", value_parser = parse_week)]
        week: Option<Week>,
        /// Output: an aligned table (text), JSON, JSON lines or CSV
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Which habits are followed by heavier legs than usual, for each runner
    #[command(after_help = TRIGGERS_EXAMPLES)]
    Triggers {
        #[command(flatten)]
        log: LogArgs,
        /// Output: a table (text), JSON or CSV
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// List the rules with their thresholds and evidence
    #[command(after_help = RULES_EXAMPLES)]
    Rules {
        /// Thresholds file (TOML) to show instead of the defaults
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

/// Options of every command that reads a log.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Log files or folders; `-` reads standard input
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Input format (auto: by extension, then by header)
    #[arg(long, value_enum, default_value_t = From::Auto)]
    pub from: From,
    /// Units for input that does not say, and for output [default: km]
    #[arg(long, value_enum)]
    pub units: Option<UnitArg>,
    /// Surface of runs whose log says nothing about it
    #[arg(long, value_name = "SURFACE", value_parser = SurfaceParser)]
    pub surface: Option<Surface>,
    /// How dates such as 06/10/2026 read, when every date reads both ways:
    /// DMY (06 Oct), MDY (Jun 10) or YMD
    #[arg(long, value_enum, value_name = "ORDER", ignore_case = true)]
    pub date_format: Option<DateFormatArg>,
    /// The columns of CSV rows that come without a header row, in order
    /// (date,distance_km,...); line numbers then count this as line 1
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
    /// Only this athlete of a club or coach log; give it again for more
    #[arg(long, value_name = "NAME")]
    pub athlete: Vec<String>,
    /// Only weeks from this day or week on (YYYY-MM-DD or YYYY-Www); earlier
    /// runs still count as history
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<NaiveDate>,
    /// Only weeks up to this day or week (YYYY-MM-DD or YYYY-Www)
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub until: Option<NaiveDate>,
    /// The day the log ends (YYYY-MM-DD) [default: its latest day]: a last
    /// week that ends before its Sunday is judged on the days up to it.
    /// Runs after it are left out
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// Thresholds file (TOML); see `runrisk rules`
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit with code 3 when a finding at or above this level is shown
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Analyse the valid rows and report the invalid ones instead of stopping
    #[arg(long)]
    pub skip_invalid: bool,
    /// The load that ratios, fitness, fatigue and form are computed on:
    /// distance (km), time (minutes) or srpe (RPE × minutes)
    #[arg(long, value_enum, default_value_t = LoadArg::Distance)]
    pub load: LoadArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DateFormatArg {
    /// DD/MM/YYYY
    Dmy,
    /// MM/DD/YYYY
    Mdy,
    /// YYYY/MM/DD
    Ymd,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LoadArg {
    Distance,
    Time,
    Srpe,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    /// One JSON object per line
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum From {
    Auto,
    Native,
    Strava,
    Garmin,
    Apple,
    Gpx,
    Tcx,
    Fit,
}

/// `--surface`: any surface the model knows, listed in `--help` from
/// `Surface::ALL`, so a new surface needs no change here.
#[derive(Debug, Clone, Copy)]
pub struct SurfaceParser;

impl clap::builder::TypedValueParser for SurfaceParser {
    type Value = Surface;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Surface, clap::Error> {
        let names = clap::builder::PossibleValuesParser::new(Surface::ALL.map(Surface::name));
        let name = names.parse_ref(cmd, arg, value)?;
        Surface::parse(&name)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            Surface::ALL
                .iter()
                .map(|s| clap::builder::PossibleValue::new(s.name())),
        ))
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UnitArg {
    Km,
    Mi,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    Warning,
    Alert,
    Urgent,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SeverityArg {
    Info,
    Warning,
    Alert,
    Urgent,
}

/// The most weeks a report can show (about 40 years).
const MAX_REPORT_WEEKS: usize = 2000;

fn parse_weeks(text: &str) -> Result<usize, String> {
    text.parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_REPORT_WEEKS).contains(n))
        .ok_or_else(|| format!("'{text}' is not a number of weeks from 1 to {MAX_REPORT_WEEKS}"))
}

/// An ISO week by its name, or by one of its days.
fn parse_week(text: &str) -> Result<Week, String> {
    Week::parse(text)
        .or_else(|| day(text).map(Week::of))
        .ok_or_else(|| {
            format!(
                "'{text}' is not an ISO week; expected YYYY-Www such as 2025-W08, or a day of it"
            )
        })
}

/// `--as-of`: a day.
fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    day(text).ok_or_else(|| format!("'{text}' is not a date; expected YYYY-MM-DD"))
}

/// `--since`: a day, or the Monday of a week named.
fn parse_since(text: &str) -> Result<NaiveDate, String> {
    day_or_week(text, |week| week.monday())
}

/// `--until`: a day, or the Sunday of a week named.
fn parse_until(text: &str) -> Result<NaiveDate, String> {
    day_or_week(text, |week| week.monday() + chrono::Duration::days(6))
}

fn day_or_week(text: &str, day_of: fn(Week) -> NaiveDate) -> Result<NaiveDate, String> {
    day(text)
        .or_else(|| Week::parse(text).map(day_of))
        .ok_or_else(|| {
            format!("'{text}' is not a date or a week; expected YYYY-MM-DD or YYYY-Www such as 2025-W38")
        })
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let wrong = || {
        format!(
            "'{text}' is not a size; expected WIDTHxHEIGHT between {}x{} and {}x{}, such as 1600x1200",
            MIN_SIZE.0, MIN_SIZE.1, MAX_SIZE.0, MAX_SIZE.1
        )
    };
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(wrong)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| wrong())?,
        h.trim().parse().map_err(|_| wrong())?,
    );
    let fits = (MIN_SIZE.0..=MAX_SIZE.0).contains(&w) && (MIN_SIZE.1..=MAX_SIZE.1).contains(&h);
    if !fits {
        return Err(wrong());
    }
    let aspect = f64::from(w) / f64::from(h);
    if !(ASPECT_RANGE.0..=ASPECT_RANGE.1).contains(&aspect) {
        return Err(format!(
            "'{text}' is not a shape the report is laid out for; the width must be {} to {} times the height, such as 1600x1200 or 1080x1920",
            ASPECT_RANGE.0, ASPECT_RANGE.1
        ));
    }
    Ok((w, h))
}

impl Cli {
    /// The plain request the library runs.
    pub fn into_request(self) -> Request {
        match self.command {
            Command::Weeks { log, format } => Request::Weeks {
                log: log.into_request(),
                format: format.into(),
            },
            Command::Triggers { log, format } => Request::Triggers {
                log: log.into_request(),
                format: format.into(),
            },
            Command::Athletes { log, week, format } => Request::Athletes {
                log: log.into_request(),
                week,
                format: format.into(),
            },
            Command::Flags {
                log,
                format,
                min_severity,
            } => Request::Flags {
                log: log.into_request(),
                format: format.into(),
                min_severity: min_severity.map(Severity::from).unwrap_or(match format {
                    OutputFormat::Text => Severity::Warning,
                    OutputFormat::Json | OutputFormat::Jsonl | OutputFormat::Csv => Severity::Info,
                }),
            },
            Command::Report {
                log,
                output,
                week,
                weeks,
                size,
                each,
            } => Request::Report {
                log: log.into_request(),
                image: ImageRequest {
                    to_terminal: output.as_os_str() == runrisk::import::STDIN
                        && std::io::stdout().is_terminal(),
                    output,
                    week,
                    weeks,
                    size,
                    each,
                },
            },
            Command::Check { log } => Request::Check {
                log: log.into_request(),
            },
            Command::Rules { config } => Request::Rules {
                config,
                width: text_width(),
            },
        }
    }
}

impl LogArgs {
    fn into_request(self) -> LogRequest {
        let units_given = self.units.is_some();
        let units = match self.units {
            Some(UnitArg::Mi) => Units::Mi,
            Some(UnitArg::Km) | None => Units::Km,
        };
        LogRequest {
            inputs: self.inputs,
            import: ImportOptions {
                format: match self.from {
                    From::Auto => InputFormat::Auto,
                    From::Native => InputFormat::Native,
                    From::Strava => InputFormat::Strava,
                    From::Garmin => InputFormat::Garmin,
                    From::Gpx => InputFormat::Gpx,
                    From::Tcx => InputFormat::Tcx,
                    From::Fit => InputFormat::Fit,
                    From::Apple => InputFormat::Apple,
                },
                units,
                units_given,
                skip_invalid: self.skip_invalid,
                default_surface: self.surface,
                date_order: self.date_format.map(|f| match f {
                    DateFormatArg::Dmy => DateOrder::Dmy,
                    DateFormatArg::Mdy => DateOrder::Mdy,
                    DateFormatArg::Ymd => DateOrder::Ymd,
                }),
                today: chrono::Local::now().date_naive(),
                columns: self.columns,
            },
            selection: Selection {
                athletes: self.athlete,
                since: self.since,
                until: self.until,
            },
            config: self.config,
            as_of: self.as_of,
            units,
            load: match self.load {
                LoadArg::Distance => Load::Distance,
                LoadArg::Time => Load::Time,
                LoadArg::Srpe => Load::Srpe,
            },
            fail_on: self.fail_on.map(|f| match f {
                FailOn::Warning => Severity::Warning,
                FailOn::Alert => Severity::Alert,
                FailOn::Urgent => Severity::Urgent,
            }),
            colour: std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            width: text_width(),
        }
    }
}

/// The columns text output fits in: the width of the terminal standard
/// output is, else `COLUMNS`, else the default; see `report::width`.
fn text_width() -> usize {
    let terminal = terminal_size::terminal_size().map(|(width, _)| usize::from(width.0));
    runrisk::report::width::text_width(terminal, std::env::var("COLUMNS").ok().as_deref())
}

impl std::convert::From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Format {
        match format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Json => Format::Json,
            OutputFormat::Jsonl => Format::Jsonl,
            OutputFormat::Csv => Format::Csv,
        }
    }
}

impl std::convert::From<SeverityArg> for Severity {
    fn from(level: SeverityArg) -> Severity {
        match level {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Alert => Severity::Alert,
            SeverityArg::Urgent => Severity::Urgent,
        }
    }
}
