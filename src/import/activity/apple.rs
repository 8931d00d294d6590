//! Apple Health exports: the `apple_health_export/export.xml` inside the
//! Health app's `export.zip`. The file holds years of samples (hundreds of
//! thousands of `<Record>` elements, gigabytes for some people) and then one
//! `<Workout>` element per workout, with its totals in attributes and its
//! metadata (indoor, climbing) and statistics (distance, heart rate) in
//! children. It is read as a stream through one reused buffer, never whole:
//! a `<Record>` is skipped by its name alone, and each workout becomes a run
//! or a session as its end tag is met.
//!
//! Runs become runs; strength, core, yoga, cross-training and walks become
//! sessions; other workouts are counted and skipped. A workout whose start
//! date (or, for a run, distance) cannot be read is left out with a note
//! naming its line, the attribute, the value and what was expected; a
//! value a run can do without (duration, climbing, heart rate, the indoor
//! flag) is dropped with such a note and the run kept. A file cut short
//! keeps the workouts before the cut.

use std::io::{BufRead, Read};
use std::ops::RangeInclusive;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{Error, Result};
use crate::import::values::{parse_date, parse_decimal};
use crate::import::{ActivityRead, ReadSettings};
use crate::model::{Activity, Origin, Run, Surface, SurfaceSource, KM_PER_MILE, M_PER_FOOT};
use crate::words::thousands;

/// The root element of `export.xml`.
const ROOT: &str = "HealthData";

/// A workout, a direct child of the root.
const WORKOUT: &str = "Workout";

/// What every `workoutActivityType` starts with.
const TYPE_PREFIX: &str = "HKWorkoutActivityType";

/// The workout types runrisk keeps (after [`TYPE_PREFIX`]), with what each
/// becomes: runs, and the sessions that add nothing to the running load.
const ACTIVITY_TYPES: [(&str, Activity); 13] = [
    ("Running", Activity::Run),
    ("TraditionalStrengthTraining", Activity::Strength),
    ("FunctionalStrengthTraining", Activity::Strength),
    ("CoreTraining", Activity::Core),
    ("Yoga", Activity::Yoga),
    ("Pilates", Activity::Core),
    ("Cycling", Activity::Cross),
    ("Swimming", Activity::Cross),
    ("Elliptical", Activity::Cross),
    ("Rowing", Activity::Cross),
    ("CrossTraining", Activity::Cross),
    ("Walking", Activity::Walk),
    ("Hiking", Activity::Walk),
];

/// The statistic that gives a run's distance when the workout has no
/// `totalDistance` (exports since iOS 16).
const DISTANCE_STATISTIC: &str = "HKQuantityTypeIdentifierDistanceWalkingRunning";

/// The statistic whose `average` is the workout's average heart rate.
const HEART_RATE_STATISTIC: &str = "HKQuantityTypeIdentifierHeartRate";

/// The heart-rate unit Apple writes: beats per minute.
const HEART_RATE_UNIT: &str = "count/min";

/// Average heart rates a runner can have, in beats per minute (as the CSV
/// `avg_hr` column accepts them).
const HEART_RATE_BPM: RangeInclusive<f64> = 30.0..=250.0;

/// The metadata key of an indoor workout ("1"): an indoor run is a treadmill run.
const INDOOR_KEY: &str = "HKIndoorWorkout";

/// The metadata key of the climbing, a height with its unit ("4523 cm").
const ELEVATION_KEY: &str = "HKElevationAscended";

/// Distance units, with kilometres in one.
const DISTANCE_UNITS: [(&str, f64); 3] = [("km", 1.0), ("mi", KM_PER_MILE), ("m", 0.001)];

/// Duration units, with seconds in one.
const DURATION_UNITS: [(&str, f64); 3] = [("min", 60.0), ("s", 1.0), ("h", 3600.0)];

/// Height units, with metres in one.
const ELEVATION_UNITS: [(&str, f64); 3] = [("cm", 0.01), ("m", 1.0), ("ft", M_PER_FOOT)];

/// What the messages say a date should look like.
const EXPECTED_DATE: &str = "is not a date; expected a date such as 2025-01-07 07:02:11 +0100";

/// How many unreadable values the notes name one by one; the rest are counted.
const NOTED_VALUES: usize = 10;

/// How much of an unreadable value a message shows.
const SHOWN_VALUE_CHARS: usize = 40;

/// Reads the workouts of an Apple Health `export.xml`, streaming it through
/// one buffer however large it is.
pub fn read(input: &mut dyn BufRead, settings: &ReadSettings) -> Result<ActivityRead> {
    let mut reader = Reader::from_reader(CountingInput::new(input));
    let mut buf = Vec::new();
    let mut export = ExportReader::new(settings);
    let problem = loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf);
        let newlines = reader.get_ref().newlines;
        match event {
            Ok(Event::Start(tag)) => {
                export.open(&tag, newlines)?;
                export.open_names.push(tag.name().as_ref().to_string());
            }
            Ok(Event::Empty(tag)) => {
                export.open(&tag, newlines)?;
                if export.open_names.is_empty() {
                    // `<HealthData/>`: an export with nothing in it.
                    break None;
                }
                export.close_workout_at(export.open_names.len());
            }
            Ok(Event::End(_)) => {
                export.open_names.pop();
                export.close_workout_at(export.open_names.len());
                if export.open_names.is_empty() {
                    // The root closed: anything after it is not the export's.
                    break None;
                }
            }
            Ok(Event::Eof) if export.open_names.is_empty() => break None,
            Ok(Event::Eof) => break Some(export.ends_inside(newlines)),
            Ok(_) => {}
            Err(error) => {
                let at_end = reader
                    .get_mut()
                    .fill_buf()
                    .is_ok_and(|rest| rest.is_empty());
                let newlines = reader.get_ref().newlines;
                break Some(match error {
                    quick_xml::Error::Io(io) => {
                        format!("it could not be read at line {}: {io}", newlines + 1)
                    }
                    _ if at_end => export.ends_inside(newlines),
                    other => format!("{other} at line {}", newlines + 1),
                });
            }
        }
    };
    export.finish(problem)
}

/// The input, counting the newlines in the bytes quick-xml consumes, so a
/// workout's line is known without keeping any of the text.
struct CountingInput<R> {
    inner: R,
    newlines: u64,
    /// Bytes since the last `<` or `>`: the length of the tag or text being read.
    span: u64,
}

/// The longest tag or text runrisk reads in an export (1 MiB): Apple's are
/// a few hundred bytes; one that never ends would otherwise be held whole.
const MAX_SPAN_BYTES: u64 = 1 << 20;

impl<R: BufRead> CountingInput<R> {
    fn new(inner: R) -> CountingInput<R> {
        CountingInput {
            inner,
            newlines: 0,
            span: 0,
        }
    }

    fn too_long(&self) -> std::io::Result<()> {
        if self.span > MAX_SPAN_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a tag or text runs on past {} MiB; an export's are a few hundred bytes",
                    MAX_SPAN_BYTES >> 20
                ),
            ));
        }
        Ok(())
    }
}

/// Counts the newlines of `bytes` and how long the tag or text being read is.
fn see(newlines: &mut u64, span: &mut u64, bytes: &[u8]) {
    for byte in bytes {
        match byte {
            b'<' | b'>' => *span = 0,
            b'\n' => {
                *newlines += 1;
                *span += 1;
            }
            _ => *span += 1,
        }
    }
}

fn newlines_in(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

impl<R: BufRead> Read for CountingInput<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.too_long()?;
        let n = self.inner.read(out)?;
        see(
            &mut self.newlines,
            &mut self.span,
            out.get(..n).unwrap_or_default(),
        );
        Ok(n)
    }
}

impl<R: BufRead> BufRead for CountingInput<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.too_long()?;
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if amount > 0 {
            // The bytes being consumed are still at the front of the buffer.
            if let Ok(buffered) = self.inner.fill_buf() {
                let consumed = buffered.get(..amount).unwrap_or(buffered);
                see(&mut self.newlines, &mut self.span, consumed);
            }
        }
        self.inner.consume(amount);
    }
}

/// A `<Workout>` as read: its attributes and children, as written, until
/// its end tag says it is complete.
#[derive(Debug, Default)]
struct Workout {
    /// The line of its start tag.
    line: u64,
    kind: Option<String>,
    start: Option<String>,
    duration: Option<String>,
    duration_unit: Option<String>,
    total_distance: Option<String>,
    total_distance_unit: Option<String>,
    /// `HKIndoorWorkout`.
    indoor: Option<String>,
    /// `HKElevationAscended`.
    elevation: Option<String>,
    /// The distance statistic's `sum` and `unit`.
    distance_sum: Option<(String, Option<String>)>,
    /// The heart-rate statistic's `average` and `unit`.
    heart_rate: Option<(String, Option<String>)>,
    /// A tag of the workout whose attributes could not be read.
    broken_tag: Option<String>,
}

/// An attribute whose value cannot be read, and what was expected.
#[derive(Debug, Clone, PartialEq)]
struct BadValue {
    attribute: String,
    value: String,
    expected: String,
}

impl BadValue {
    fn new(attribute: &str, value: &str, expected: impl Into<String>) -> BadValue {
        let value = value.trim();
        let mut shown: String = value.chars().take(SHOWN_VALUE_CHARS).collect();
        if shown.len() < value.len() {
            shown.push('…');
        }
        BadValue {
            attribute: attribute.to_string(),
            value: shown,
            expected: expected.into(),
        }
    }

    fn missing(attribute: &str) -> BadValue {
        BadValue {
            attribute: attribute.to_string(),
            value: String::new(),
            expected: "is missing".into(),
        }
    }

    /// `startDate '2025-13-01' is not a date; expected ...`, or
    /// `durationUnit is missing` when there is no value to show.
    fn describe(&self) -> String {
        if self.value.is_empty() {
            format!("{} {}", self.attribute, self.expected)
        } else {
            format!("{} '{}' {}", self.attribute, self.value, self.expected)
        }
    }
}

/// A workout's run or session, or why it is skipped, as `skipped` says it.
type Outcome = std::result::Result<Run, String>;

/// What has been read of the export so far.
struct ExportReader<'a> {
    settings: &'a ReadSettings<'a>,
    file: Arc<str>,
    read: ActivityRead,
    /// Names of the open elements, the root first.
    open_names: Vec<String>,
    /// The workout being read, and how many elements were open around it.
    workout: Option<(Workout, usize)>,
    /// Unreadable values noted so far (the first [`NOTED_VALUES`] are named).
    bad_values: usize,
    /// The root element has opened.
    saw_root: bool,
}

impl<'a> ExportReader<'a> {
    fn new(settings: &'a ReadSettings<'a>) -> ExportReader<'a> {
        ExportReader {
            settings,
            file: Arc::from(settings.file),
            read: ActivityRead::default(),
            open_names: Vec::new(),
            workout: None,
            bad_values: 0,
            saw_root: false,
        }
    }

    /// Takes in a start or empty tag; `newlines` is the count up to its end.
    fn open(&mut self, tag: &BytesStart<'_>, newlines: u64) -> Result<()> {
        let depth = self.open_names.len();
        let name = tag.name();
        let name = name.as_ref();
        if depth == 0 {
            if name != ROOT {
                return Err(self.not_apple(&format!("the root element is <{name}>")));
            }
            self.saw_root = true;
            return Ok(());
        }
        // The hot path: hundreds of thousands of <Record>s, skipped unread.
        if name == "Record" && self.workout.is_none() {
            return Ok(());
        }
        if depth == 1 && name == WORKOUT {
            let line = newlines.saturating_sub(newlines_in(tag.as_bytes())) + 1;
            let mut workout = Workout {
                line,
                ..Workout::default()
            };
            workout.take_attributes(tag);
            self.workout = Some((workout, depth));
            return Ok(());
        }
        if let Some((workout, around)) = self.workout.as_mut() {
            let direct = depth == *around + 1;
            match name {
                "MetadataEntry" if direct => workout.take_metadata(tag),
                "WorkoutStatistics" => workout.take_statistic(tag, direct),
                _ => {}
            }
        }
        Ok(())
    }

    /// Finishes the workout if it is the element that closed, `depth`
    /// elements being open around it.
    fn close_workout_at(&mut self, depth: usize) {
        if self.workout.as_ref().is_some_and(|(_, at)| *at == depth) {
            if let Some((workout, _)) = self.workout.take() {
                self.finish_workout(workout);
            }
        }
    }

    fn finish_workout(&mut self, workout: Workout) {
        self.read.activities += 1;
        let line = workout.line;
        let mut dropped = Vec::new();
        match workout.outcome(&self.file, &mut dropped) {
            Ok(Ok(run)) => self.read.runs.push(run),
            Ok(Err(reason)) => self.read.skipped.push(reason),
            Err((what, bad)) => {
                self.read
                    .skipped
                    .push(format!("{what} with an unreadable {}", bad.attribute));
                self.note_bad(line, &bad, &format!("the {what} was left out"));
            }
        }
        for bad in dropped {
            self.note_bad(line, &bad, "read without it");
        }
    }

    /// Notes an unreadable value of the workout on `line`, or counts it
    /// once enough have been named.
    fn note_bad(&mut self, line: u64, bad: &BadValue, consequence: &str) {
        self.bad_values += 1;
        if self.bad_values <= NOTED_VALUES {
            self.read.notes.push(format!(
                "the workout on line {line}: {}; {consequence}",
                bad.describe()
            ));
        }
    }

    /// Why the file stopped inside an element.
    fn ends_inside(&self, newlines: u64) -> String {
        format!(
            "the file ends inside <{}> at line {}",
            self.open_names.last().map_or("", String::as_str),
            newlines + 1
        )
    }

    /// The workouts read, with notes on what was lost.
    fn finish(mut self, problem: Option<String>) -> Result<ActivityRead> {
        if !self.saw_root {
            let why = problem.unwrap_or_else(|| format!("no <{ROOT}> element"));
            return Err(self.not_apple(&why));
        }
        if let Some(problem) = problem {
            self.read.damaged = true;
            let cut = match self.workout.take() {
                Some((workout, _)) => format!(
                    "; the workout that starts on line {} is cut off and was left out",
                    workout.line
                ),
                None => String::new(),
            };
            self.read.notes.push(format!(
                "truncated or damaged: {problem}; kept the {} workouts before it{cut}",
                thousands(self.read.activities as u64)
            ));
        }
        if self.bad_values > NOTED_VALUES {
            self.read.notes.push(format!(
                "{} more unreadable workout values are not listed",
                thousands((self.bad_values - NOTED_VALUES) as u64)
            ));
        }
        if self.read.activities == 0 && !self.read.damaged {
            self.read
                .notes
                .push("no <Workout> in the export: the Health app holds no workouts".into());
        }
        Ok(self.read)
    }

    fn not_apple(&self, why: &str) -> Error {
        Error::Format {
            file: self.settings.file.to_string(),
            line: None,
            message: format!(
                "not an Apple Health export: {why}; expected <{ROOT}>, the root of \
                 apple_health_export/export.xml in the Health app's export.zip"
            ),
        }
    }
}

impl Workout {
    fn take_attributes(&mut self, tag: &BytesStart<'_>) {
        for (key, value) in self.attributes_of(tag) {
            let slot = match key.as_str() {
                "workoutActivityType" => &mut self.kind,
                "startDate" => &mut self.start,
                "duration" => &mut self.duration,
                "durationUnit" => &mut self.duration_unit,
                "totalDistance" => &mut self.total_distance,
                "totalDistanceUnit" => &mut self.total_distance_unit,
                _ => continue,
            };
            *slot = Some(value);
        }
    }

    fn take_metadata(&mut self, tag: &BytesStart<'_>) {
        let attributes = self.attributes_of(tag);
        let get = |name: &str| {
            attributes
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        match get("key").as_deref() {
            Some(INDOOR_KEY) => self.indoor = get("value"),
            Some(ELEVATION_KEY) => self.elevation = get("value"),
            _ => {}
        }
    }

    /// Takes in a statistic: one directly in the workout wins over one in
    /// a `<WorkoutActivity>` inside it.
    fn take_statistic(&mut self, tag: &BytesStart<'_>, direct: bool) {
        let attributes = self.attributes_of(tag);
        let get = |name: &str| {
            attributes
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        let (slot, value) = match get("type").as_deref() {
            Some(DISTANCE_STATISTIC) => (&mut self.distance_sum, get("sum")),
            Some(HEART_RATE_STATISTIC) => (&mut self.heart_rate, get("average")),
            _ => return,
        };
        if let Some(value) = value {
            if direct || slot.is_none() {
                *slot = Some((value, get("unit")));
            }
        }
    }

    /// The attributes of one of the workout's tags, as written (entities
    /// are never expanded); a tag whose attributes cannot be read is noted.
    fn attributes_of(&mut self, tag: &BytesStart<'_>) -> Vec<(String, String)> {
        let mut attributes = Vec::new();
        for attribute in tag.attributes() {
            match attribute {
                Ok(a) => attributes.push((a.key.as_ref().to_string(), a.value.into_owned())),
                Err(error) => {
                    let name = tag.name().as_ref().to_string();
                    self.broken_tag
                        .get_or_insert_with(|| format!("<{name}>: {error}"));
                    break;
                }
            }
        }
        attributes
    }

    /// The run or session this workout is, or why it is skipped; `Err` with
    /// what it was and the value that left it out. Values it can do without
    /// that cannot be read go to `dropped`.
    fn outcome(
        self,
        file: &Arc<str>,
        dropped: &mut Vec<BadValue>,
    ) -> std::result::Result<Outcome, (String, BadValue)> {
        let Some(kind) = self.kind.as_deref().map(str::trim) else {
            return Ok(Err("workout without a workoutActivityType".into()));
        };
        let Some(activity) = activity_of(kind) else {
            return Ok(Err(format!("{} workout", kind_name(kind))));
        };
        let what = if activity.is_run() {
            "running workout".to_string()
        } else {
            format!("{} workout", kind_name(kind))
        };
        let fail = |bad: BadValue| (what.clone(), bad);
        if let Some(broken) = &self.broken_tag {
            return Err(fail(BadValue::new("tag", broken, "is not well-formed XML")));
        }
        let start = match self.start.as_deref() {
            Some(text) => parse_date(text)
                .and_then(|(_, start)| start)
                .ok_or_else(|| BadValue::new("startDate", text, EXPECTED_DATE)),
            None => Err(BadValue::missing("startDate")),
        }
        .map_err(fail)?;
        let distance_km = if activity.is_run() {
            self.distance_km().map_err(fail)?
        } else {
            0.0
        };
        let mut run = Run::new(
            start.date(),
            distance_km,
            Origin::new(file.clone(), self.line),
        );
        run.start = Some(start);
        run.activity = activity;
        run.duration_s = kept(self.duration_s(), dropped);
        if activity.is_run() {
            run.avg_hr = kept(self.avg_hr(), dropped);
            run.elevation_gain_m = kept(self.elevation_m(), dropped);
            if kept(self.is_indoor(), dropped) == Some(true) {
                run.set_surface((Some(Surface::Treadmill), SurfaceSource::ActivityType));
            }
        }
        Ok(Ok(run))
    }

    /// `totalDistance` when the workout gives it, else the distance statistic.
    fn distance_km(&self) -> std::result::Result<f64, BadValue> {
        if let Some(total) = &self.total_distance {
            let unit = self.total_distance_unit.as_deref();
            return measure(
                total,
                unit,
                &DISTANCE_UNITS,
                "totalDistance",
                "totalDistanceUnit",
            );
        }
        match &self.distance_sum {
            Some((sum, unit)) => measure(sum, unit.as_deref(), &DISTANCE_UNITS, "sum", "unit")
                .map_err(|bad| BadValue {
                    attribute: format!("distance statistic {}", bad.attribute),
                    ..bad
                }),
            None => Err(BadValue {
                attribute: "totalDistance".into(),
                value: String::new(),
                expected: format!("is missing, and there is no {DISTANCE_STATISTIC} statistic"),
            }),
        }
    }

    fn duration_s(&self) -> Option<std::result::Result<f64, BadValue>> {
        let duration = self.duration.as_deref()?;
        Some(measure(
            duration,
            self.duration_unit.as_deref(),
            &DURATION_UNITS,
            "duration",
            "durationUnit",
        ))
    }

    fn avg_hr(&self) -> Option<std::result::Result<f64, BadValue>> {
        let (average, unit) = self.heart_rate.as_ref()?;
        let expected = format!(
            "is not a heart rate; expected {} to {} beats per minute ({HEART_RATE_UNIT})",
            HEART_RATE_BPM.start(),
            HEART_RATE_BPM.end()
        );
        if unit.as_deref().map(str::trim) != Some(HEART_RATE_UNIT) {
            let unit = unit.as_deref().unwrap_or("");
            return Some(Err(BadValue::new("heart rate unit", unit, expected)));
        }
        Some(
            parse_decimal(average)
                .filter(|bpm| HEART_RATE_BPM.contains(bpm))
                .ok_or_else(|| BadValue::new("heart rate average", average, expected)),
        )
    }

    /// `HKElevationAscended`: a number and its unit in one value ("4523 cm").
    fn elevation_m(&self) -> Option<std::result::Result<f64, BadValue>> {
        let text = self.elevation.as_deref()?;
        let (number, unit) = text.trim().split_once(' ').unwrap_or((text, ""));
        Some(
            convert(number, unit.trim(), &ELEVATION_UNITS).ok_or_else(|| {
                BadValue::new(
                    ELEVATION_KEY,
                    text,
                    format!(
                        "is not a height; expected one such as 4523 cm, in {}",
                        unit_names(&ELEVATION_UNITS)
                    ),
                )
            }),
        )
    }

    fn is_indoor(&self) -> Option<std::result::Result<bool, BadValue>> {
        let text = self.indoor.as_deref()?;
        Some(match text.trim() {
            "1" => Ok(true),
            "0" => Ok(false),
            _ => Err(BadValue::new(INDOOR_KEY, text, "is not 0 or 1")),
        })
    }
}

/// The value, or nothing with the bad value added to `dropped`.
fn kept<T>(
    value: Option<std::result::Result<T, BadValue>>,
    dropped: &mut Vec<BadValue>,
) -> Option<T> {
    match value? {
        Ok(value) => Some(value),
        Err(bad) => {
            dropped.push(bad);
            None
        }
    }
}

/// A value in the units of `units`' first column, from its number and its
/// unit attribute: `Err` names whichever of them is wrong.
fn measure(
    number: &str,
    unit: Option<&str>,
    units: &[(&str, f64)],
    number_attribute: &str,
    unit_attribute: &str,
) -> std::result::Result<f64, BadValue> {
    let Some(unit) = unit else {
        return Err(BadValue::missing(unit_attribute));
    };
    if !units.iter().any(|(name, _)| *name == unit.trim()) {
        return Err(BadValue::new(
            unit_attribute,
            unit,
            format!(
                "is not a unit runrisk knows; expected {}",
                unit_names(units)
            ),
        ));
    }
    convert(number, unit.trim(), units).ok_or_else(|| {
        BadValue::new(
            number_attribute,
            number,
            "is not a number; expected one such as 8.2 (a point, not a comma, no sign)",
        )
    })
}

/// `number` of `unit`, converted with the factor `units` gives it; nothing
/// when the number is not a number of zero or more, or the unit unknown.
fn convert(number: &str, unit: &str, units: &[(&str, f64)]) -> Option<f64> {
    let factor = units.iter().find(|(name, _)| *name == unit)?.1;
    parse_decimal(number)
        .filter(|v| *v >= 0.0)
        .map(|v| v * factor)
}

/// "km, mi or m".
fn unit_names(units: &[(&str, f64)]) -> String {
    let names: Vec<&str> = units.iter().map(|(name, _)| *name).collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// What a workout type becomes, if runrisk keeps it.
fn activity_of(kind: &str) -> Option<Activity> {
    let short = kind.strip_prefix(TYPE_PREFIX)?;
    ACTIVITY_TYPES
        .iter()
        .find(|(name, _)| *name == short)
        .map(|(_, activity)| *activity)
}

/// A workout type in words: `HKWorkoutActivityTypeTableTennis` is "table tennis".
fn kind_name(kind: &str) -> String {
    let Some(short) = kind.strip_prefix(TYPE_PREFIX).filter(|s| !s.is_empty()) else {
        return kind.to_lowercase();
    };
    let mut words = String::new();
    for (i, c) in short.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads an export held in memory.
    fn read_bytes(mut bytes: &[u8], settings: &ReadSettings) -> Result<ActivityRead> {
        read(&mut bytes, settings)
    }
    use chrono::NaiveDate;

    const FIXTURE: &[u8] = include_bytes!("../../../tests/fixtures/apple/export.xml");
    const FIXTURE_ZIP: &[u8] = include_bytes!("../../../tests/fixtures/apple/export.zip");

    /// The top of an export: declaration, a DTD with an entity that must
    /// never be expanded, the export date and the owner.
    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ENTITY lol "lol">
]>
<HealthData locale="en_US">
 <ExportDate value="2025-03-01 10:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexMale"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" startDate="2025-01-07 07:00:00 +0100" endDate="2025-01-07 07:01:00 +0100" value="80"/>
"#;

    const TAIL: &str = "</HealthData>\n";

    fn settings() -> ReadSettings<'static> {
        ReadSettings {
            file: "export.xml",
            units: crate::model::Units::Km,
            units_given: false,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            default_surface: None,
            date_order: None,
        }
    }

    fn export(workouts: &str) -> String {
        format!("{HEAD}{workouts}{TAIL}")
    }

    /// A running workout with these attributes and children.
    fn running(attributes: &str, children: &str) -> String {
        format!(
            " <Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" {attributes} \
             startDate=\"2025-01-07 07:02:11 +0100\" endDate=\"2025-01-07 07:47:41 +0100\">\n\
             {children} </Workout>\n"
        )
    }

    fn read_text(text: &str) -> Result<ActivityRead> {
        read_bytes(text.as_bytes(), &settings())
    }

    fn only_run(text: &str) -> Run {
        let read = read_text(text).unwrap();
        let [run] = read.runs.as_slice() else {
            panic!("{read:#?}")
        };
        run.clone()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// A number, its unit, the units it is read in, and what it comes to.
    type UnitCase<'a> = (&'a str, &'a str, &'a [(&'a str, f64)], Option<f64>);

    #[test]
    fn units_convert_to_km_seconds_and_metres() {
        let cases: [UnitCase; 13] = [
            ("8.2", "km", &DISTANCE_UNITS, Some(8.2)),
            ("5", "mi", &DISTANCE_UNITS, Some(8.04672)),
            ("400", "m", &DISTANCE_UNITS, Some(0.4)),
            ("3", "yd", &DISTANCE_UNITS, None),
            ("45.5", "min", &DURATION_UNITS, Some(2730.0)),
            ("1800", "s", &DURATION_UNITS, Some(1800.0)),
            ("1.5", "h", &DURATION_UNITS, Some(5400.0)),
            ("4523", "cm", &ELEVATION_UNITS, Some(45.23)),
            ("35", "m", &ELEVATION_UNITS, Some(35.0)),
            ("100", "ft", &ELEVATION_UNITS, Some(30.48)),
            ("-3", "km", &DISTANCE_UNITS, None),
            ("8,2", "km", &DISTANCE_UNITS, None),
            ("NaN", "km", &DISTANCE_UNITS, None),
        ];
        for (number, unit, units, want) in cases {
            let got = convert(number, unit, units);
            match (got, want) {
                (Some(got), Some(want)) => assert!(close(got, want), "{number} {unit}: {got}"),
                (got, want) => assert_eq!(got, want, "{number} {unit}"),
            }
        }
    }

    #[test]
    fn bad_numbers_and_units_are_named_with_what_was_expected() {
        let cases = [
            ("8,2", Some("km"), "totalDistance '8,2' is not a number"),
            (
                "8.2",
                Some("furlong"),
                "totalDistanceUnit 'furlong' is not a unit",
            ),
            ("8.2", None, "totalDistanceUnit is missing"),
        ];
        for (number, unit, want) in cases {
            let bad = measure(
                number,
                unit,
                &DISTANCE_UNITS,
                "totalDistance",
                "totalDistanceUnit",
            )
            .unwrap_err();
            assert!(bad.describe().starts_with(want), "{}", bad.describe());
        }
        assert_eq!(unit_names(&DISTANCE_UNITS), "km, mi or m");
    }

    #[test]
    fn workout_types_map_to_runs_sessions_or_nothing() {
        let cases = [
            (
                "HKWorkoutActivityTypeRunning",
                Some(Activity::Run),
                "running",
            ),
            (
                "HKWorkoutActivityTypeTraditionalStrengthTraining",
                Some(Activity::Strength),
                "traditional strength training",
            ),
            (
                "HKWorkoutActivityTypeFunctionalStrengthTraining",
                Some(Activity::Strength),
                "functional strength training",
            ),
            (
                "HKWorkoutActivityTypeCoreTraining",
                Some(Activity::Core),
                "core training",
            ),
            ("HKWorkoutActivityTypeYoga", Some(Activity::Yoga), "yoga"),
            (
                "HKWorkoutActivityTypePilates",
                Some(Activity::Core),
                "pilates",
            ),
            (
                "HKWorkoutActivityTypeCycling",
                Some(Activity::Cross),
                "cycling",
            ),
            (
                "HKWorkoutActivityTypeSwimming",
                Some(Activity::Cross),
                "swimming",
            ),
            (
                "HKWorkoutActivityTypeElliptical",
                Some(Activity::Cross),
                "elliptical",
            ),
            (
                "HKWorkoutActivityTypeRowing",
                Some(Activity::Cross),
                "rowing",
            ),
            (
                "HKWorkoutActivityTypeCrossTraining",
                Some(Activity::Cross),
                "cross training",
            ),
            (
                "HKWorkoutActivityTypeWalking",
                Some(Activity::Walk),
                "walking",
            ),
            (
                "HKWorkoutActivityTypeHiking",
                Some(Activity::Walk),
                "hiking",
            ),
            ("HKWorkoutActivityTypeTennis", None, "tennis"),
            ("HKWorkoutActivityTypeTableTennis", None, "table tennis"),
            ("HKWorkoutActivityType", None, "hkworkoutactivitytype"),
            ("Running", None, "running"),
        ];
        for (kind, activity, name) in cases {
            assert_eq!(activity_of(kind), activity, "{kind}");
            assert_eq!(kind_name(kind), name, "{kind}");
        }
    }

    #[test]
    fn dates_keep_their_own_offset() {
        let cases = [
            ("2025-01-07 07:02:11 +0100", Some((day(2025, 1, 7), 7, 2))),
            ("2025-01-07 23:30:00 +0100", Some((day(2025, 1, 7), 23, 30))),
            ("2025-01-07 00:15:00 -0800", Some((day(2025, 1, 7), 0, 15))),
            (
                "2025-06-30 23:59:59 +1400",
                Some((day(2025, 6, 30), 23, 59)),
            ),
            // Other ISO shapes read as any importer reads them.
            ("2025-01-07T07:02:11Z", Some((day(2025, 1, 7), 7, 2))),
            ("2025-01-07 07:02:11", Some((day(2025, 1, 7), 7, 2))),
            ("2025-13-07 07:02:11 +0100", None),
            ("", None),
        ];
        for (text, want) in cases {
            let got = parse_date(text).and_then(|(_, start)| start);
            let want = want.map(|(date, h, m)| {
                date.and_hms_opt(
                    h,
                    m,
                    got.map_or(0, |g| {
                        use chrono::Timelike;
                        g.second()
                    }),
                )
                .unwrap()
            });
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_late_run_is_on_its_own_local_day() {
        let run = only_run(&export(
            &running(
                r#"duration="30" durationUnit="min" totalDistance="5" totalDistanceUnit="km""#,
                "",
            )
            .replace("2025-01-07 07:02:11 +0100", "2025-01-07 23:30:00 +0100"),
        ));
        assert_eq!(run.date, day(2025, 1, 7));
        assert_eq!(
            run.start,
            Some(day(2025, 1, 7).and_hms_opt(23, 30, 0).unwrap())
        );
    }

    #[test]
    fn distance_from_total_distance_or_the_statistic() {
        let stat = |sum: &str, unit: &str| {
            format!(
                "  <WorkoutStatistics type=\"{DISTANCE_STATISTIC}\" startDate=\"x\" \
                 endDate=\"y\" sum=\"{sum}\" unit=\"{unit}\"/>\n"
            )
        };
        let nested = format!(
            "  <WorkoutActivity uuid=\"u\">\n{}  </WorkoutActivity>\n",
            stat("9.9", "km")
        );
        let cases = [
            // Old exports: totalDistance, no statistics.
            (
                r#"totalDistance="8.2" totalDistanceUnit="km""#.to_string(),
                String::new(),
                8.2,
            ),
            // New exports: the statistic only.
            (String::new(), stat("10.5", "km"), 10.5),
            (String::new(), stat("6.2", "mi"), 6.2 * KM_PER_MILE),
            // Both: totalDistance wins.
            (
                r#"totalDistance="8.2" totalDistanceUnit="km""#.to_string(),
                stat("8.0", "km"),
                8.2,
            ),
            // The workout's own statistic wins over one in a WorkoutActivity ...
            (
                String::new(),
                format!("{nested}{}", stat("10.0", "km")),
                10.0,
            ),
            // ... which is used when there is no other.
            (String::new(), nested.clone(), 9.9),
        ];
        for (attributes, children, km) in cases {
            let run = only_run(&export(&running(
                &format!(r#"duration="50" durationUnit="min" {attributes}"#),
                &children,
            )));
            assert!(
                close(run.distance_km, km),
                "{attributes} {children}: {run:?}"
            );
        }
    }

    #[test]
    fn a_run_without_a_readable_distance_is_left_out_with_a_note() {
        let cases = [
            (String::new(), "totalDistance is missing, and there is no"),
            (
                r#"totalDistance="8,2" totalDistanceUnit="km""#.to_string(),
                "totalDistance '8,2' is not a number",
            ),
            (
                r#"totalDistance="8.2" totalDistanceUnit="leagues""#.to_string(),
                "totalDistanceUnit 'leagues' is not a unit runrisk knows; expected km, mi or m",
            ),
        ];
        for (attributes, note) in cases {
            let read = read_text(&export(&running(&attributes, ""))).unwrap();
            assert!(read.runs.is_empty(), "{read:?}");
            assert_eq!(read.activities, 1);
            assert_eq!(read.skipped.len(), 1, "{read:?}");
            assert!(read.skipped[0].starts_with("running workout with an unreadable"));
            assert!(
                read.notes[0].starts_with("the workout on line 13: ")
                    && read.notes[0].contains(note),
                "{:?}",
                read.notes
            );
            assert!(read.notes[0].ends_with("the running workout was left out"));
            assert!(!read.damaged);
        }
    }

    #[test]
    fn a_bad_start_date_leaves_the_workout_out_and_says_where() {
        let text = export(&running(r#"totalDistance="5" totalDistanceUnit="km""#, "")).replace(
            "startDate=\"2025-01-07 07:02:11 +0100\"",
            "startDate=\"07/01/2025 7:02\"",
        );
        let read = read_text(&text).unwrap();
        assert!(read.runs.is_empty());
        assert_eq!(
            read.skipped,
            ["running workout with an unreadable startDate"]
        );
        assert_eq!(
            read.notes,
            [format!(
                "the workout on line 13: startDate '07/01/2025 7:02' {EXPECTED_DATE}; \
                 the running workout was left out"
            )]
        );
    }

    #[test]
    fn indoor_runs_are_treadmill_runs() {
        let meta =
            |value: &str| format!("  <MetadataEntry key=\"{INDOOR_KEY}\" value=\"{value}\"/>\n");
        let cases = [
            (meta("1"), Some(Surface::Treadmill)),
            (meta("0"), None),
            (String::new(), None),
            (meta("yes"), None),
        ];
        for (children, surface) in cases {
            let run = only_run(&export(&running(
                r#"totalDistance="5" totalDistanceUnit="km""#,
                &children,
            )));
            assert_eq!(run.surface, surface, "{children}");
            let source = surface.map(|_| SurfaceSource::ActivityType);
            assert_eq!(run.surface_source, source);
        }
    }

    #[test]
    fn climbing_comes_in_cm_m_or_ft() {
        let meta =
            |value: &str| format!("  <MetadataEntry key=\"{ELEVATION_KEY}\" value=\"{value}\"/>\n");
        let cases = [
            ("4523 cm", Some(45.23)),
            ("35 m", Some(35.0)),
            ("100 ft", Some(30.48)),
            ("4523", None),
            ("lots cm", None),
        ];
        for (value, metres) in cases {
            let read = read_text(&export(&running(
                r#"totalDistance="8" totalDistanceUnit="km""#,
                &meta(value),
            )))
            .unwrap();
            let run = &read.runs[0];
            match (run.elevation_gain_m, metres) {
                (Some(got), Some(want)) => assert!(close(got, want), "{value}: {got}"),
                (got, want) => {
                    assert_eq!(got, want, "{value}");
                    assert!(
                        read.notes[0].contains("is not a height"),
                        "{:?}",
                        read.notes
                    );
                    assert!(read.notes[0].ends_with("read without it"));
                }
            }
        }
    }

    #[test]
    fn average_heart_rate_comes_from_the_statistic() {
        let stat = |average: &str, unit: &str| {
            format!(
                "  <WorkoutStatistics type=\"{HEART_RATE_STATISTIC}\" average=\"{average}\" \
                 minimum=\"98\" maximum=\"178\" unit=\"{unit}\"/>\n"
            )
        };
        let cases = [
            (stat("151", "count/min"), Some(151.0), false),
            (stat("151.6", "count/min"), Some(151.6), false),
            (String::new(), None, false),
            (stat("2.5", "count/s"), None, true),
            (stat("9000", "count/min"), None, true),
            (stat("fast", "count/min"), None, true),
        ];
        for (children, bpm, noted) in cases {
            let read = read_text(&export(&running(
                r#"duration="45.5" durationUnit="min" totalDistance="8.2" totalDistanceUnit="km""#,
                &children,
            )))
            .unwrap();
            assert_eq!(read.runs[0].avg_hr, bpm, "{children}");
            assert_eq!(read.runs[0].duration_s, Some(2730.0));
            assert_eq!(!read.notes.is_empty(), noted, "{:?}", read.notes);
        }
    }

    #[test]
    fn sessions_have_no_distance_and_other_sports_are_skipped() {
        let session = |kind: &str| {
            format!(
                " <Workout workoutActivityType=\"HKWorkoutActivityType{kind}\" duration=\"40\" \
                 durationUnit=\"min\" totalDistance=\"30\" totalDistanceUnit=\"km\" \
                 startDate=\"2025-01-08 18:00:00 +0100\" endDate=\"2025-01-08 18:40:00 +0100\"/>\n"
            )
        };
        let text = export(
            &["TraditionalStrengthTraining", "Cycling", "Tennis", "Yoga"]
                .map(session)
                .concat(),
        );
        let read = read_text(&text).unwrap();
        assert_eq!(read.activities, 4);
        assert_eq!(read.skipped, ["tennis workout"]);
        let kinds: Vec<Activity> = read.runs.iter().map(|r| r.activity).collect();
        assert_eq!(kinds, [Activity::Strength, Activity::Cross, Activity::Yoga]);
        for session in &read.runs {
            assert_eq!(session.distance_km, 0.0);
            assert_eq!(session.duration_s, Some(2400.0));
            assert_eq!(session.date, day(2025, 1, 8));
            assert_eq!(session.surface, None);
        }
    }

    #[test]
    fn other_roots_and_other_bytes_are_not_an_apple_export() {
        let cases: [&[u8]; 7] = [
            b"<gpx version=\"1.1\"><trk/></gpx>",
            b"<TrainingCenterDatabase/>",
            b"",
            b"date,distance\n2025-01-01,5\n",
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [ <!ELEMENT x EMPTY> ]>\n",
            b"\xff\xfe<\0H\0e\0",
            b"<HealthDat",
        ];
        for bytes in cases {
            let error = read_bytes(bytes, &settings()).unwrap_err().to_string();
            assert!(
                error.starts_with("export.xml: not an Apple Health export: ")
                    && error.contains("expected <HealthData>"),
                "{:?}: {error}",
                String::from_utf8_lossy(bytes)
            );
        }
        let error = read_bytes(&b"<gpx/>"[..], &settings())
            .unwrap_err()
            .to_string();
        assert!(error.contains("the root element is <gpx>"), "{error}");
    }

    #[test]
    fn an_export_without_workouts_says_so() {
        for text in [export(""), "<HealthData/>\n<Workout/>".to_string()] {
            let read = read_text(&text).unwrap();
            assert_eq!(read.activities, 0);
            assert!(read.runs.is_empty());
            assert!(
                read.notes[0].starts_with("no <Workout>"),
                "{:?}",
                read.notes
            );
        }
    }

    #[test]
    fn a_byte_order_mark_and_windows_line_ends_change_nothing() {
        let text = export(&running(r#"totalDistance="5" totalDistanceUnit="km""#, ""));
        let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let run = only_run(&windows);
        assert_eq!(run, only_run(&text));
        assert_eq!(run.origin.line, 13);
    }

    #[test]
    fn the_fixture_export_holds_five_runs_and_four_sessions() {
        check_fixture(&read_bytes(FIXTURE, &settings()).unwrap());
    }

    #[test]
    fn the_fixture_reads_the_same_from_the_zip() {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(FIXTURE_ZIP)).unwrap();
        let entry = archive.by_name("apple_health_export/export.xml").unwrap();
        let read = read(&mut std::io::BufReader::new(entry), &settings()).unwrap();
        check_fixture(&read);
        assert_eq!(read, read_bytes(FIXTURE, &settings()).unwrap());
    }

    fn check_fixture(read: &ActivityRead) {
        assert_eq!(read.activities, 10);
        assert_eq!(read.skipped, ["tennis workout"]);
        assert!(read.notes.is_empty(), "{:?}", read.notes);
        assert!(!read.damaged);
        let runs: Vec<&Run> = read.runs.iter().filter(|r| r.activity.is_run()).collect();
        assert_eq!(runs.len(), 5);
        let km: f64 = runs.iter().map(|r| r.distance_km).sum();
        assert!(close(km, 52.84672), "{km}");
        let sessions: Vec<Activity> = read
            .runs
            .iter()
            .map(|r| r.activity)
            .filter(|a| !a.is_run())
            .collect();
        assert_eq!(
            sessions,
            [
                Activity::Strength,
                Activity::Yoga,
                Activity::Cross,
                Activity::Walk
            ]
        );
        // Each run: day, km, seconds, climbing, heart rate, surface, line.
        type Want = (
            NaiveDate,
            f64,
            f64,
            Option<f64>,
            Option<f64>,
            Option<Surface>,
            u64,
        );
        let want: [Want; 5] = [
            (day(2025, 1, 7), 8.2, 2730.0, Some(45.23), None, None, 247),
            (
                day(2025, 1, 9),
                10.5,
                3300.0,
                Some(88.0),
                Some(148.0),
                None,
                271,
            ),
            (
                day(2025, 1, 13),
                5.0,
                1800.0,
                None,
                Some(139.0),
                Some(Surface::Treadmill),
                291,
            ),
            (
                day(2025, 1, 14),
                8.04672,
                2640.0,
                Some(35.0),
                None,
                None,
                296,
            ),
            (day(2025, 1, 19), 21.1, 7098.0, None, Some(152.0), None, 301),
        ];
        for (run, (date, km, seconds, climb, hr, surface, line)) in runs.iter().zip(want) {
            assert_eq!(run.date, date);
            assert!(close(run.distance_km, km), "{run:?}");
            assert!(close(run.duration_s.unwrap(), seconds), "{run:?}");
            match (run.elevation_gain_m, climb) {
                (Some(got), Some(want)) => assert!(close(got, want), "{run:?}"),
                (got, want) => assert_eq!(got, want),
            }
            assert_eq!(run.avg_hr, hr);
            assert_eq!(run.surface, surface);
            assert_eq!(run.origin, Origin::new("export.xml", line));
        }
    }

    #[test]
    fn a_file_cut_short_keeps_the_workouts_before_the_cut() {
        let text = std::str::from_utf8(FIXTURE).unwrap();
        // Cut inside the indoor run's children (the seventh workout).
        let at = text.find("HKIndoorWorkout\" value=\"1\"").unwrap();
        let read = read_bytes(&FIXTURE[..at], &settings()).unwrap();
        assert!(read.damaged);
        assert_eq!(read.activities, 6);
        assert_eq!(read.runs.iter().filter(|r| r.activity.is_run()).count(), 2);
        assert_eq!(read.skipped, ["tennis workout"]);
        let [note] = read.notes.as_slice() else {
            panic!("{:?}", read.notes)
        };
        assert!(
            note.starts_with("truncated or damaged: the file ends inside <"),
            "{note}"
        );
        assert!(
            note.ends_with("kept the 6 workouts before it; the workout that starts on line 291 is cut off and was left out"),
            "{note}"
        );
        // Cut between workouts, and in the middle of the Records.
        for (marker, kept) in [
            (
                " <Workout workoutActivityType=\"HKWorkoutActivityTypeYoga",
                3,
            ),
            ("<Record", 0),
        ] {
            let at = text.rfind(marker).unwrap() + 3;
            let read = read_bytes(&FIXTURE[..at], &settings()).unwrap();
            assert!(read.damaged, "{marker}");
            assert_eq!(read.activities, kept, "{marker}");
            assert_eq!(read.notes.len(), 1, "{:?}", read.notes);
        }
    }

    #[test]
    fn broken_xml_after_the_root_is_damage_not_an_error() {
        let text = export(&running(r#"totalDistance="5" totalDistanceUnit="km""#, ""))
            .replace(TAIL, "</Workout></HealthData>");
        let read = read_text(&text).unwrap();
        assert!(read.damaged);
        assert_eq!(read.runs.len(), 1);
        assert!(
            read.notes[0].starts_with("truncated or damaged: "),
            "{:?}",
            read.notes
        );
    }

    /// A tiny random generator, so the garbage is the same on every run.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn random_and_damaged_bytes_never_panic() {
        let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
        for round in 0..400 {
            let len = (random.next() % 600) as usize;
            let bytes: Vec<u8> = if round % 2 == 0 {
                (0..len).map(|_| random.next() as u8).collect()
            } else {
                // The fixture with bytes overwritten here and there.
                let mut bytes = FIXTURE.to_vec();
                for _ in 0..(1 + random.next() % 8) {
                    let at = (random.next() as usize) % bytes.len();
                    bytes[at] = random.next() as u8;
                }
                let cut = (random.next() as usize) % bytes.len();
                bytes.truncate(cut.max(len));
                bytes
            };
            let _ = read_bytes(bytes.as_slice(), &settings());
        }
        // Markup a random walk would rarely hit.
        for text in [
            "<HealthData><Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" totalDistance=\"5\" totalDistanceUnit=\"km\" startDate=\"2025-01-07 07:02:11 +0100\" duration",
            "<HealthData><Workout\n\n\n/></HealthData>",
            "<HealthData><Workout startDate=\"2025-01-07 07:02:11 +0100\"/></HealthData>",
            "<HealthData><Workout a='1' a='2'/></HealthData>",
            "<HealthData>&lol;<Record/>&#0;</HealthData>",
            "<HealthData></Workout>",
            "<HealthData><Workout></HealthData>",
            "<!DOCTYPE HealthData [ <!ENTITY a \"&a;&a;\"> ]><HealthData a=\"&a;\">&a;</HealthData>",
        ] {
            let _ = read_text(text);
        }
    }

    #[test]
    fn a_tag_whose_attributes_cannot_be_read_leaves_its_workout_out() {
        let text = export(
            " <Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" totalDistance=\"5\" \
             totalDistance=\"6\" totalDistanceUnit=\"km\" startDate=\"2025-01-07 07:02:11 +0100\"/>\n",
        );
        let read = read_text(&text).unwrap();
        assert!(read.runs.is_empty());
        assert_eq!(read.skipped, ["running workout with an unreadable tag"]);
        assert!(
            read.notes[0].contains("is not well-formed XML"),
            "{:?}",
            read.notes
        );
    }

    #[test]
    fn many_bad_workouts_are_named_up_to_a_limit_then_counted() {
        let bad = running(r#"totalDistance="x" totalDistanceUnit="km""#, "");
        let read = read_text(&export(&bad.repeat(NOTED_VALUES + 5))).unwrap();
        assert_eq!(read.skipped.len(), NOTED_VALUES + 5);
        assert_eq!(read.notes.len(), NOTED_VALUES + 1);
        assert_eq!(
            read.notes[NOTED_VALUES],
            "5 more unreadable workout values are not listed"
        );
    }

    /// An export of `records` Record lines and then two runs, written as it
    /// is read: the whole text never exists at once.
    struct GeneratedExport {
        records: u64,
        /// The part being handed out, and how much of it is gone.
        chunk: Vec<u8>,
        at: usize,
        /// What comes next: 0 the head, 1..=records a Record, then the tail.
        next: u64,
        /// The most bytes the chunk ever held.
        largest_chunk: usize,
    }

    impl GeneratedExport {
        fn new(records: u64) -> GeneratedExport {
            GeneratedExport {
                records,
                chunk: Vec::new(),
                at: 0,
                next: 0,
                largest_chunk: 0,
            }
        }

        fn refill(&mut self) {
            use std::io::Write;
            self.chunk.clear();
            self.at = 0;
            // A few hundred Records at a time.
            while self.chunk.len() < 64 * 1024 {
                match self.next {
                    0 => self.chunk.extend_from_slice(HEAD.as_bytes()),
                    n if n <= self.records => {
                        let _ = writeln!(
                            self.chunk,
                            " <Record type=\"HKQuantityTypeIdentifierHeartRate\" \
                             sourceName=\"Apple Watch\" unit=\"count/min\" \
                             startDate=\"2025-01-01 10:00:00 +0100\" \
                             endDate=\"2025-01-01 10:00:00 +0100\" value=\"{}\"/>",
                            60 + n % 100
                        );
                    }
                    n if n == self.records + 1 => {
                        for km in ["8.2", "10.5"] {
                            let run = running(
                                &format!(r#"totalDistance="{km}" totalDistanceUnit="km""#),
                                "",
                            );
                            self.chunk.extend_from_slice(run.as_bytes());
                        }
                        self.chunk.extend_from_slice(TAIL.as_bytes());
                    }
                    _ => break,
                }
                self.next += 1;
            }
            self.largest_chunk = self.largest_chunk.max(self.chunk.len());
        }
    }

    impl Read for GeneratedExport {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            self.consume(n);
            Ok(n)
        }
    }

    impl BufRead for GeneratedExport {
        fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
            if self.at >= self.chunk.len() {
                self.refill();
            }
            Ok(&self.chunk[self.at..])
        }

        fn consume(&mut self, amount: usize) {
            self.at = (self.at + amount).min(self.chunk.len());
        }
    }

    /// Streams the workouts after `records` Record lines; their lines show
    /// that every newline before them was counted.
    fn stream(records: u64) {
        let mut generated = GeneratedExport::new(records);
        let read = read(&mut generated, &settings()).unwrap();
        assert!(!read.damaged, "{:?}", read.notes);
        let km: Vec<f64> = read.runs.iter().map(|r| r.distance_km).collect();
        assert_eq!(km, [8.2, 10.5]);
        let head_lines = HEAD.lines().count() as u64;
        let lines: Vec<u64> = read.runs.iter().map(|r| r.origin.line).collect();
        assert_eq!(lines, [head_lines + records + 1, head_lines + records + 3]);
        assert!(generated.largest_chunk < 128 * 1024);
    }

    #[test]
    fn a_large_export_is_streamed() {
        stream(200_000);
    }

    /// Two million Records (about 360 MB of XML): run with
    /// `cargo test --release --lib import::apple -- --ignored`.
    #[test]
    #[ignore = "streams 360 MB; under a second in release, minutes in debug"]
    fn two_million_records_are_streamed() {
        stream(2_000_000);
    }
}
