//! The plain data that flows through runrisk: runs in, findings and weekly
//! risk out. Nothing here does I/O, so every later stage can be tested with
//! values built by hand.

use std::fmt;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

/// A run with at least this much climbing per km is a hill session.
pub const HILL_CLIMB_M_PER_KM: f64 = 20.0;

/// Kilometres in one mile.
pub const KM_PER_MILE: f64 = 1.609_344;
/// Metres in one foot.
pub const M_PER_FOOT: f64 = 0.3048;

/// A name as runrisk compares names of athletes and shoes: case and spacing
/// do not matter, in any alphabet (`Émilie` is `émilie`).
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where a run came from, so messages can point back at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file the run was read from (inside a folder or archive, its path there).
    pub file: Arc<str>,
    /// Line of a CSV row; 0 for activity files.
    pub line: u64,
    /// Which command-line input it came from (set by `import`).
    pub input: usize,
}

impl Origin {
    pub fn new(file: impl Into<Arc<str>>, line: u64) -> Origin {
        Origin {
            file: file.into(),
            line,
            input: 0,
        }
    }
}

/// The main surface of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Surface {
    Road,
    Asphalt,
    Concrete,
    Track,
    Treadmill,
    Trail,
    Grass,
    Gravel,
    Sand,
    Mixed,
}

impl Surface {
    pub const ALL: [Surface; 10] = [
        Surface::Road,
        Surface::Asphalt,
        Surface::Concrete,
        Surface::Track,
        Surface::Treadmill,
        Surface::Trail,
        Surface::Grass,
        Surface::Gravel,
        Surface::Sand,
        Surface::Mixed,
    ];

    /// Parses a surface name, case-insensitively.
    pub fn parse(text: &str) -> Option<Surface> {
        let wanted = text.trim();
        Surface::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(wanted))
    }

    pub fn name(self) -> &'static str {
        match self {
            Surface::Road => "road",
            Surface::Asphalt => "asphalt",
            Surface::Concrete => "concrete",
            Surface::Track => "track",
            Surface::Treadmill => "treadmill",
            Surface::Trail => "trail",
            Surface::Grass => "grass",
            Surface::Gravel => "gravel",
            Surface::Sand => "sand",
            Surface::Mixed => "mixed",
        }
    }

    /// Road, asphalt and concrete: the surfaces the article calls hard.
    pub fn is_hard(self) -> bool {
        matches!(self, Surface::Road | Surface::Asphalt | Surface::Concrete)
    }
}

impl fmt::Display for Surface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What decided a run's surface, for `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SurfaceSource {
    Column,
    ActivityType,
    Name,
    Default,
}

impl SurfaceSource {
    pub fn describe(self) -> &'static str {
        match self {
            SurfaceSource::Column => "the surface column",
            SurfaceSource::ActivityType => "the activity type",
            SurfaceSource::Name => "words in the name",
            SurfaceSource::Default => "--surface",
        }
    }
}

/// The kind of run, as the `type` column or a race word in an export's
/// activity name says. A race is a planned effort, not a training error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunType {
    Easy,
    Long,
    Workout,
    Race,
    Recovery,
}

impl RunType {
    /// The names the `type` column accepts, each with the type it means.
    pub const NAMES: [(&'static str, RunType); 7] = [
        ("easy", RunType::Easy),
        ("long", RunType::Long),
        ("workout", RunType::Workout),
        ("tempo", RunType::Workout),
        ("intervals", RunType::Workout),
        ("race", RunType::Race),
        ("recovery", RunType::Recovery),
    ];

    /// Parses a `type` cell, case-insensitively.
    pub fn parse(text: &str) -> Option<RunType> {
        named(&RunType::NAMES, text)
    }
}

/// What a row of the log is: a run (the default), or another session that
/// adds nothing to any running load. Strength and core sessions are the
/// core-strength work the article advises; a day with only other sessions
/// is a rest day from running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    #[default]
    Run,
    Strength,
    Core,
    Yoga,
    Cross,
    Walk,
    Rest,
}

impl Activity {
    /// The names the `activity` column accepts, each with what it means.
    pub const NAMES: [(&'static str, Activity); 10] = [
        ("run", Activity::Run),
        ("strength", Activity::Strength),
        ("core", Activity::Core),
        ("yoga", Activity::Yoga),
        ("cross", Activity::Cross),
        ("cycling", Activity::Cross),
        ("swimming", Activity::Cross),
        ("elliptical", Activity::Cross),
        ("walk", Activity::Walk),
        ("rest", Activity::Rest),
    ];

    /// Parses an `activity` cell, case-insensitively.
    pub fn parse(text: &str) -> Option<Activity> {
        named(&Activity::NAMES, text)
    }

    pub fn name(self) -> &'static str {
        Activity::NAMES
            .iter()
            .find(|(_, kind)| *kind == self)
            .map_or("run", |(name, _)| name)
    }

    pub fn is_run(self) -> bool {
        self == Activity::Run
    }

    /// Strength and core sessions: the core-strength work that prevents heavy legs.
    pub fn is_core_strength(self) -> bool {
        matches!(self, Activity::Strength | Activity::Core)
    }
}

/// The value a cell names in a table of accepted names, case-insensitively.
fn named<T: Copy>(names: &[(&str, T)], text: &str) -> Option<T> {
    let text = text.trim();
    let found = |same: &dyn Fn(&str) -> bool| {
        names
            .iter()
            .find(|(name, _)| same(name))
            .map(|(_, value)| *value)
    };
    if text.is_ascii() {
        return found(&|name| name.eq_ignore_ascii_case(text));
    }
    let wanted = text.to_lowercase();
    found(&|name| name == wanted)
}

/// The load that ratios, fitness, fatigue and form are computed on
/// (`--load`): distance in km, time in minutes, or session-RPE (RPE ×
/// minutes, Foster 2001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Load {
    #[default]
    Distance,
    Time,
    Srpe,
}

impl Load {
    /// The load a run adds: its km, its minutes, or its RPE × minutes
    /// (0 when the run lacks what the load needs).
    pub fn of(self, run: &Run) -> f64 {
        if !run.activity.is_run() {
            return 0.0;
        }
        let minutes = run.duration_s.map(|s| s / 60.0);
        match self {
            Load::Distance => run.distance_km,
            Load::Time => minutes.unwrap_or(0.0),
            Load::Srpe => match (run.rpe, minutes) {
                (Some(rpe), Some(minutes)) => rpe * minutes,
                _ => 0.0,
            },
        }
    }

    /// The unit of the load in messages: `km`, `min` or `AU` (arbitrary
    /// units of session-RPE).
    pub fn unit(self) -> &'static str {
        match self {
            Load::Distance => "km",
            Load::Time => "min",
            Load::Srpe => "AU",
        }
    }

    /// What the load is, for messages: "distance", "time", "session-RPE load".
    pub fn name(self) -> &'static str {
        match self {
            Load::Distance => "distance",
            Load::Time => "running time",
            Load::Srpe => "session-RPE load",
        }
    }

    /// How much of this load a km of easy running is, to turn distance
    /// floors into floors of time or session-RPE: 6 minutes at RPE 5.
    pub fn per_easy_km(self) -> f64 {
        match self {
            Load::Distance => 1.0,
            Load::Time => EASY_MINUTES_PER_KM,
            Load::Srpe => EASY_MINUTES_PER_KM * EASY_RPE,
        }
    }
}

/// Minutes a km of easy running takes, for `Load::per_easy_km`.
const EASY_MINUTES_PER_KM: f64 = 6.0;
/// The RPE of easy running, for `Load::per_easy_km`.
const EASY_RPE: f64 = 5.0;

/// One run as every importer delivers it: metric units, optional details.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub athlete: Option<Arc<str>>,
    pub date: NaiveDate,
    /// Start time when the source gives one; used to spot the same run twice.
    pub start: Option<NaiveDateTime>,
    pub distance_km: f64,
    pub duration_s: Option<f64>,
    pub surface: Option<Surface>,
    /// What decided `surface`, when it is known.
    pub surface_source: Option<SurfaceSource>,
    pub elevation_gain_m: Option<f64>,
    pub hill_repeats: Option<u32>,
    pub sprints: Option<u32>,
    pub shoe: Option<Arc<str>>,
    /// Distance already on the shoe before this run, when the log says.
    pub shoe_km_before: Option<f64>,
    pub warmup: Option<bool>,
    pub rpe: Option<f64>,
    pub heaviness: Option<f64>,
    pub foot_drag: bool,
    /// The kind of run, when the log says (a race is never a training error).
    pub run_type: Option<RunType>,
    /// What the row is: a run, or a strength, core or other session.
    pub activity: Activity,
    /// Pain in the legs during or after the run, 0 to 10.
    pub pain: Option<f64>,
    /// An injury or diagnosis being run on ("calf strain").
    pub injury: Option<Arc<str>>,
    /// Cushioned inserts worn.
    pub inserts: Option<bool>,
    /// Average heart rate in beats per minute.
    pub avg_hr: Option<f64>,
    /// An export's activity file for this run (Strava's `Filename`), read for
    /// details the CSV lacks.
    pub activity_file: Option<Arc<str>>,
    pub origin: Origin,
}

impl Run {
    /// A run with only the required fields; the rest can be set by the caller.
    pub fn new(date: NaiveDate, distance_km: f64, origin: Origin) -> Run {
        Run {
            athlete: None,
            date,
            start: None,
            distance_km,
            duration_s: None,
            surface: None,
            surface_source: None,
            elevation_gain_m: None,
            hill_repeats: None,
            sprints: None,
            shoe: None,
            shoe_km_before: None,
            warmup: None,
            rpe: None,
            heaviness: None,
            foot_drag: false,
            run_type: None,
            activity: Activity::Run,
            pain: None,
            injury: None,
            inserts: None,
            avg_hr: None,
            activity_file: None,
            origin,
        }
    }

    /// Fills what this run does not know from `other`, a record of the same
    /// run from another source.
    pub fn fill_missing_from(&mut self, other: &Run) {
        self.start = self.start.or(other.start);
        self.duration_s = self.duration_s.or(other.duration_s);
        if self.surface.is_none() {
            self.surface = other.surface;
            self.surface_source = other.surface_source;
        }
        self.elevation_gain_m = self.elevation_gain_m.or(other.elevation_gain_m);
        self.hill_repeats = self.hill_repeats.or(other.hill_repeats);
        self.sprints = self.sprints.or(other.sprints);
        self.shoe = self.shoe.clone().or_else(|| other.shoe.clone());
        self.shoe_km_before = self.shoe_km_before.or(other.shoe_km_before);
        self.warmup = self.warmup.or(other.warmup);
        self.rpe = self.rpe.or(other.rpe);
        self.heaviness = self.heaviness.or(other.heaviness);
        self.foot_drag |= other.foot_drag;
        self.run_type = self.run_type.or(other.run_type);
        self.pain = self.pain.or(other.pain);
        self.injury = self.injury.clone().or_else(|| other.injury.clone());
        self.inserts = self.inserts.or(other.inserts);
        self.avg_hr = self.avg_hr.or(other.avg_hr);
    }

    pub fn is_race(&self) -> bool {
        self.run_type == Some(RunType::Race)
    }

    /// Sets the surface and what decided it (a surface chooser's answer).
    pub fn set_surface(&mut self, (surface, source): (Option<Surface>, SurfaceSource)) {
        self.surface = surface;
        self.surface_source = surface.map(|_| source);
    }

    /// Steep enough to be a hill session by its climbing alone: at least
    /// `climb_m_per_km` metres of climbing per km.
    pub fn is_steep(&self, climb_m_per_km: f64) -> bool {
        match self.elevation_gain_m {
            Some(gain) if self.distance_km > 0.0 => gain / self.distance_km >= climb_m_per_km,
            _ => false,
        }
    }

    /// Average pace in seconds per km, when both time and distance are known.
    pub fn pace_s_per_km(&self) -> Option<f64> {
        match self.duration_s {
            Some(d) if self.distance_km > 0.0 && d > 0.0 => Some(d / self.distance_km),
            _ => None,
        }
    }
}

/// An ISO week (Monday to Sunday), written `2025-W08`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Week {
    pub year: i32,
    pub number: u32,
}

impl Week {
    pub fn of(date: NaiveDate) -> Week {
        let iso = date.iso_week();
        Week {
            year: iso.year(),
            number: iso.week(),
        }
    }

    /// Monday of this week.
    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.number, chrono::Weekday::Mon)
            .unwrap_or(NaiveDate::MIN)
    }

    /// Parses `2025-W08` (also `2025-w8`).
    pub fn parse(text: &str) -> Option<Week> {
        let (year, number) = text.trim().split_once(['W', 'w'])?;
        let year: i32 = year.strip_suffix('-').unwrap_or(year).parse().ok()?;
        let number: u32 = number.parse().ok()?;
        NaiveDate::from_isoywd_opt(year, number, chrono::Weekday::Mon).map(Week::of)
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.number)
    }
}

impl Serialize for Week {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Alert,
    Urgent,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Alert => "alert",
            Severity::Urgent => "urgent",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How strong the evidence behind a rule is, strongest first; it sets how
/// many points the rule's findings add to a week's risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// Prospective studies of runners (the long-run jump).
    Strongest,
    /// Studies that agree in part and are debated (the load ratio).
    Moderate,
    /// Expert consensus, clinical advice, and the runner's own report.
    Consensus,
    /// Convention, weak studies and expert advice.
    Weak,
}

/// One training error found in one week (and on one day, when it belongs to a run).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub athlete: Option<Arc<str>>,
    pub week: Week,
    pub date: Option<NaiveDate>,
    pub rule: &'static str,
    pub severity: Severity,
    pub cause: &'static str,
    pub message: String,
    pub advice: String,
    pub evidence: Evidence,
    /// How strong the research behind the rule is, with its sources.
    pub evidence_grade: &'static str,
}

impl Finding {
    /// The grade of the evidence without its sources: "weak", "moderate, contested".
    pub fn evidence_strength(&self) -> &'static str {
        let end = self
            .evidence_grade
            .find(['(', ';', ':'])
            .unwrap_or(self.evidence_grade.len());
        self.evidence_grade[..end].trim()
    }
}

/// The named numbers behind a finding (`acwr`, `shoe_km`), written as a
/// JSON object; a number that is not finite is written as `null`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence(Vec<(&'static str, f64)>);

impl Evidence {
    /// Adds a number, rounded to three decimals.
    pub fn push(&mut self, name: &'static str, value: f64) {
        // Adding zero turns -0.0 into 0.0.
        self.0.push((name, (value * 1000.0).round() / 1000.0 + 0.0));
    }

    /// Each number with its name, in the order they were added.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        self.0.iter().copied()
    }

    pub fn get(&self, name: &str) -> Option<f64> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .filter(|v| v.is_finite())
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, &value.is_finite().then_some(*value))?;
        }
        map.end()
    }
}

/// The weekly risk level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Moderate,
    High,
    VeryHigh,
    Urgent,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Moderate => "moderate",
            Level::High => "high",
            Level::VeryHigh => "very_high",
            Level::Urgent => "urgent",
        }
    }

    /// The name for people: `very high` rather than `very_high`.
    pub fn label(self) -> &'static str {
        match self {
            Level::VeryHigh => "very high",
            other => other.name(),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One rule's share of a week's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Factor {
    pub rule: &'static str,
    pub severity: Severity,
    pub points: u32,
    /// This rule's part of the week's points, from 0 to 1.
    pub share: f64,
}

/// A week's risk: the score, its level and what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekRisk {
    pub score: u32,
    pub level: Level,
    pub factors: Vec<Factor>,
}

/// Distance units for input that does not say and for output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Units {
    #[default]
    Km,
    Mi,
}

/// What a figure may fall short of a round number by and still count as
/// it when rounded down (0.1 + 0.2 is not quite 0.3).
const ROUNDING_SLACK: f64 = 1e-9;

impl Units {
    /// Converts kilometres to this unit.
    pub fn from_km(self, km: f64) -> f64 {
        match self {
            Units::Km => km,
            Units::Mi => km / KM_PER_MILE,
        }
    }

    /// Converts a distance in this unit to kilometres.
    pub fn to_km(self, distance: f64) -> f64 {
        match self {
            Units::Km => distance,
            Units::Mi => distance * KM_PER_MILE,
        }
    }

    /// A distance given in km, in this unit with one decimal: `10.5 km`.
    pub fn format_km(self, km: f64) -> String {
        format!("{:.1} {}", self.from_km(km), self.abbreviation())
    }

    /// A limit not to go over, rounded down to a tenth in these units, so
    /// running exactly what it says stays within it.
    pub fn format_limit_km(self, km: f64) -> String {
        let tenths = (self.from_km(km) * 10.0 + ROUNDING_SLACK).floor() / 10.0;
        format!("{tenths:.1} {}", self.abbreviation())
    }

    /// A shoe's distance in whole units, rounded down, as every output
    /// shows it: a figure is past a threshold exactly when the shoe is.
    pub fn shoe_figure(self, km: f64) -> f64 {
        (self.from_km(km) + ROUNDING_SLACK).floor()
    }

    /// A shoe's distance given in km, as [`Units::shoe_figure`] with its unit: `811 km`.
    pub fn format_shoe_km(self, km: f64) -> String {
        format!("{:.0} {}", self.shoe_figure(km), self.abbreviation())
    }

    pub fn abbreviation(self) -> &'static str {
        match self {
            Units::Km => "km",
            Units::Mi => "mi",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_round_down_in_the_units_shown() {
        let cases = [
            (Units::Km, 26.4, "26.4 km"),
            (Units::Km, 26.46, "26.4 km"),
            (Units::Mi, 17.6, "10.9 mi"),
            (Units::Mi, 16.0934, "9.9 mi"),
            (Units::Mi, 16.1, "10.0 mi"),
        ];
        for (units, km, want) in cases {
            assert_eq!(units.format_limit_km(km), want, "{km} km");
            assert!(units.format_km(km).ends_with(units.abbreviation()));
        }
    }
}
