//! FIT activity files, the binary format Garmin, Coros, Suunto, Wahoo and
//! others write on the watch, read with the `fitparser` crate. Each running
//! session is one run (a multisport file holds several sessions; the others
//! are counted and skipped): the session summary gives the watch's own
//! distance, time and climbing, the records give the track for
//! [`crate::import::activity::track`]. Watches that die mid-run leave truncated files and
//! copies go wrong, so the file is decoded message by message and whatever
//! came before a cut, a bad checksum or a damaged message is kept, with a note.

use std::cell::Cell;
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Once};

use chrono::NaiveDateTime;
use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{ErrorKind, FitDataRecord, Value};

use crate::error::{Error, Result};
use crate::import::activity::fit_fields;
use crate::import::activity::fit_tracks::SessionTracks;
use crate::import::activity::track::{self, TrackPoint};
use crate::import::plausible::{FASTEST_PACE_S_PER_KM, MAX_DURATION_S};
use crate::import::{surface, ActivityRead, ReadSettings};
use crate::model::{Origin, Run};
use crate::words::thousands;

/// Every FIT file has `.FIT` at bytes 8 to 11 of its header ...
const SIGNATURE: &[u8] = b".FIT";
const SIGNATURE_AT: usize = 8;
/// ... and a header of 12 (old) or 14 bytes.
const HEADER_SIZES: [u8; 2] = [12, 14];
/// Bytes before the header's size and signature are known.
pub(super) const SHORTEST_HEADER: usize = 12;
/// The file checksum after the data.
pub(super) const CRC_SIZE: usize = 2;

/// Positions are in semicircles: 2^31 of them make 180 degrees.
const DEGREES_PER_SEMICIRCLE: f64 = 180.0 / 2_147_483_648.0;

/// The FIT sport that is running (`sport` = 1).
const RUNNING: &str = "running";
const RUNNING_NUMBER: f64 = 1.0;

/// What decoding the file gave.
#[derive(Default)]
struct Decoded {
    /// Every message but the records, in file order.
    records: Vec<FitDataRecord>,
    /// The records, converted to track points once, in file order.
    points: Vec<TrackPoint>,
    /// Why decoding stopped before the end, if it did.
    stop: Option<Stop>,
    /// A header or file checksum did not match.
    bad_crc: bool,
    /// Bytes after the last FIT file in the stream that are not one.
    trailing_bytes: usize,
    /// Messages that could not be decoded and were left out.
    undecodable: usize,
    /// Data bytes the headers announce, and how many of them were read.
    data_bytes: usize,
    data_bytes_read: usize,
}

/// Why decoding stopped early.
enum Stop {
    /// The file ends before the data its header announces.
    Truncated,
    /// A message could not be read at this byte.
    Damaged { at: usize, problem: String },
}

/// Reads the running sessions of a FIT file (already gunzipped).
pub fn read(bytes: &[u8], settings: &ReadSettings) -> Result<ActivityRead> {
    if let Some(problem) = header_problem(bytes) {
        return Err(format_error(settings, format!("not a FIT file: {problem}")));
    }
    let (bytes, odd_fields) = fit_fields::plain_odd_fields(bytes);
    let decoded = decode(&bytes);
    let mut read = ActivityRead::default();
    let file: Arc<str> = Arc::from(settings.file);
    let records = decoded.points.as_slice();
    let sessions: Vec<&FitDataRecord> = of_kind(&decoded.records, MesgNum::Session).collect();

    if sessions.is_empty() {
        if records.is_empty() {
            return no_activity(&decoded, settings, read);
        }
        read_without_session(&decoded, records, &file, &mut read);
    } else {
        read.activities = sessions.len();
        let mut tracks = SessionTracks::new(records, sessions.len());
        for message in &sessions {
            read_session(message, &mut tracks, &file, &mut read);
        }
    }
    if decoded.stop.is_some() {
        read.notes.extend(unsummarised_note(&sessions, records));
    }
    read.notes.extend(decode_notes(&decoded, records));
    if odd_fields > 0 {
        read.notes.push(format!(
            "fields whose size does not fit their type: {odd_fields}, read as raw bytes \
             (runrisk does not use them)"
        ));
    }
    read.damaged = decoded.stop.is_some() || decoded.bad_crc || decoded.undecodable > 0;
    Ok(read)
}

/// Adds the one activity of a file with records but no session summary to
/// `read`: its run, or why it is skipped.
fn read_without_session(
    decoded: &Decoded,
    records: &[TrackPoint],
    file: &Arc<str>,
    read: &mut ActivityRead,
) {
    // The session summary comes last in the file: a watch that died
    // mid-run leaves records only. Their sport is in the sport or lap messages.
    read.activities = 1;
    let sport = of_kind(&decoded.records, MesgNum::Sport)
        .chain(of_kind(&decoded.records, MesgNum::Lap))
        .find_map(|m| field(m, "sport").map(sport_name));
    if let Some(sport) = sport.as_deref().filter(|sport| *sport != RUNNING) {
        read.skipped.push(format!("{sport} activity"));
        return;
    }
    let summary = track::summarise(records);
    read.notes.push(no_session_note(
        decoded.stop.is_some(),
        records.len(),
        sport.is_none(),
    ));
    let sub_sport = of_kind(&decoded.records, MesgNum::Sport)
        .find_map(|m| field(m, "sub_sport").map(sport_name));
    match run_from(&summary, &Session::default(), sub_sport, file) {
        Some(run) => read.runs.push(run),
        None => read.skipped.push(undated(&Session::default(), &summary)),
    }
    read.notes.extend(summary.jump_note());
    read.notes.extend(summary.jitter_note());
}

/// Why a running session has no date: no time at all, or only times
/// relative to the device (which fitparser shows as 1990).
fn undated(session: &Session, summary: &track::TrackSummary) -> String {
    let any_time = session.start.or(summary.start).or(session.end);
    if any_time.is_some() {
        "running session timed from the device's power-on (dated 1990), not by the calendar: \
         it cannot be placed in a week"
            .to_string()
    } else {
        "running session without a date".to_string()
    }
}

/// Says that a run was built from records alone, and why.
fn no_session_note(cut: bool, records: usize, no_sport: bool) -> String {
    format!(
        "no session summary{}: the run was built from its {} records{}",
        if cut {
            " (the file ends before it)"
        } else {
            ""
        },
        thousands(records as u64),
        if no_sport {
            "; no sport recorded, taken as a run"
        } else {
            ""
        }
    )
}

/// Adds the run of one session message to `read`, or why it is skipped.
fn read_session(
    message: &FitDataRecord,
    tracks: &mut SessionTracks,
    file: &Arc<str>,
    read: &mut ActivityRead,
) {
    let session = Session::of(message);
    let sport = session
        .sport
        .clone()
        .unwrap_or_else(|| "unknown sport".into());
    if sport != RUNNING {
        read.skipped.push(format!("{sport} session"));
        return;
    }
    // A multisport file holds the records of every session (and a
    // cut one, records of a session whose summary is lost): a
    // session's own are those recorded while it ran.
    let summary = tracks.summary(session.window());
    match run_from(&summary, &session, session.sub_sport.clone(), file) {
        Some(run) => read.runs.push(run),
        None => read.skipped.push(undated(&session, &summary)),
    }
    if session.ascent_m.is_none() {
        read.notes.extend(summary.jump_note());
        read.notes.extend(summary.jitter_note());
    }
}

/// In a multisport file cut short, the records after the last session
/// summary belong to a leg whose summary was lost: they are not guessed at.
fn unsummarised_note(sessions: &[&FitDataRecord], records: &[TrackPoint]) -> Option<String> {
    let last_end = sessions
        .iter()
        .filter_map(|s| Session::of(s).window().map(|(_, end)| end))
        .max()?;
    let after = records
        .iter()
        .filter(|r| r.time.is_some_and(|t| t > last_end))
        .count();
    (after > 0).then(|| {
        format!(
            "{} records after the last session summary were left out: \
             the file ends before the summary of their session",
            thousands(after as u64)
        )
    })
}

/// What is wrong with the bytes as the start of a FIT file, if anything.
fn header_problem(bytes: &[u8]) -> Option<String> {
    if bytes.len() < SHORTEST_HEADER {
        return Some(format!(
            "{} bytes are too short for a FIT header",
            bytes.len()
        ));
    }
    if bytes.get(SIGNATURE_AT..SIGNATURE_AT + SIGNATURE.len()) != Some(SIGNATURE) {
        return Some("no '.FIT' signature at bytes 8 to 11".into());
    }
    let size = bytes.first().copied().unwrap_or(0);
    if !HEADER_SIZES.contains(&size) {
        return Some(format!("a header of {size} bytes (12 or 14 expected)"));
    }
    if bytes.len() < usize::from(size) {
        return Some(format!("the file ends inside its {size}-byte header"));
    }
    None
}

/// Decodes message by message, keeping what comes before any problem.
///
/// fitparser's `from_bytes` gives all or nothing, and fitparser has
/// `DecodeOption::SkipHeaderCrcValidation` and `SkipDataCrcValidation` to
/// ignore checksums silently. Instead, its stream processor is driven here:
/// a checksum error carries the decoded object and the bytes after it, so
/// decoding goes on and the user is told; at a cut or a damaged message the
/// records before it are kept. Each header is checked before fitparser sees
/// it, and every call into fitparser is guarded, because some damaged files
/// make it panic (an arithmetic overflow or a slice past the end).
fn decode(bytes: &[u8]) -> Decoded {
    let mut decoder = Decoder {
        bytes,
        processor: FitStreamProcessor::new(),
        data: 0..0,
        decoded: Decoded::default(),
    };
    let mut rest = bytes;
    while let Some(next) = decoder.step(rest) {
        rest = next;
    }
    decoder.decoded
}

/// The state of [`decode`] between messages.
struct Decoder<'a> {
    /// The whole file.
    bytes: &'a [u8],
    processor: FitStreamProcessor,
    /// Where the current FIT file's data starts and ends. fitparser parses a
    /// header at the start and whenever it is past the end of the data (a
    /// chained file), so the same positions are followed here.
    data: Range<usize>,
    decoded: Decoded,
}

impl<'a> Decoder<'a> {
    /// Decodes the next object of `rest`, the bytes not yet decoded; the
    /// bytes after it, or `None` when decoding stops (at the end or not).
    fn step(&mut self, rest: &'a [u8]) -> Option<&'a [u8]> {
        let at = self.bytes.len() - rest.len();
        let header_next = at == 0 || at > self.data.end;
        if rest.is_empty() {
            if at < self.data.end {
                self.decoded.stop = Some(Stop::Truncated);
            }
            return None;
        }
        if header_next && header_problem(rest).is_some() {
            if at > self.data.end + CRC_SIZE {
                self.damaged(
                    at,
                    "a message runs past the end of the data the header announces",
                );
            } else {
                self.decoded.trailing_bytes = rest.len();
            }
            return None;
        }
        let (next, object) = self.next_object(at, rest)?;
        self.take(at, object)?;
        if next.len() >= rest.len() {
            // fitparser always consumes bytes; should it not, stop rather than loop.
            self.damaged(at, "the FIT decoder made no progress");
            return None;
        }
        let now = self.bytes.len() - next.len();
        if self.data.contains(&at) {
            self.decoded.data_bytes_read += now - at;
        }
        Some(next)
    }

    /// The object at the start of `rest` (at byte `at` of the file) and the
    /// bytes after it; `None` when it cannot be read.
    fn next_object(&mut self, at: usize, rest: &'a [u8]) -> Option<(&'a [u8], FitObject)> {
        match guarded(|| self.processor.deserialize_next(rest)) {
            Some(Ok(step)) => Some(step),
            Some(Err(error)) => match *error {
                ErrorKind::InvalidCrc((after, object, _, _)) => {
                    self.decoded.bad_crc = true;
                    let used = rest.len().saturating_sub(after.len());
                    Some((rest.get(used..).unwrap_or_default(), object))
                }
                ErrorKind::UnexpectedEof(_) => {
                    self.decoded.stop = Some(Stop::Truncated);
                    None
                }
                other => {
                    self.damaged(at, other.to_string());
                    None
                }
            },
            None => {
                self.damaged(at, "the FIT decoder could not read this message");
                None
            }
        }
    }

    /// Takes in an object read at byte `at`; `None` when decoding must stop.
    fn take(&mut self, at: usize, object: FitObject) -> Option<()> {
        match object {
            FitObject::Header(header) => {
                let starts = at + usize::from(header.header_size());
                let size = usize::try_from(header.data_size()).unwrap_or(usize::MAX);
                self.data = starts..starts.saturating_add(size);
                self.decoded.data_bytes = self.decoded.data_bytes.saturating_add(size);
            }
            FitObject::Crc(_) => self.processor.reset(),
            FitObject::DataMessage(message) => {
                match guarded(|| self.processor.decode_message(message)) {
                    Some(Ok(record)) if record.kind() == MesgNum::Record => {
                        self.decoded.points.push(track_point(&record));
                    }
                    Some(Ok(record)) => self.decoded.records.push(record),
                    Some(Err(_)) => self.decoded.undecodable += 1,
                    None => {
                        self.damaged(at, "the FIT decoder could not decode this message");
                        return None;
                    }
                }
            }
            FitObject::DefinitionMessage(_) => {}
        }
        Some(())
    }

    /// Decoding stops at a message that cannot be read, at byte `at`.
    fn damaged(&mut self, at: usize, problem: impl Into<String>) {
        self.decoded.stop = Some(Stop::Damaged {
            at,
            problem: problem.into(),
        });
    }
}

thread_local! {
    /// Set while fitparser runs on this thread: its panics are caught, so
    /// their message is not printed.
    static INSIDE_DECODER: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs fitparser code and turns a panic inside it into `None`, without the
/// panic message on standard error. The panic hook is chained once, so a
/// panic anywhere else is reported as before.
fn guarded<T>(work: impl FnOnce() -> T) -> Option<T> {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !INSIDE_DECODER.try_with(Cell::get).unwrap_or(false) {
                previous(info);
            }
        }));
    });
    INSIDE_DECODER.with(|inside| inside.set(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    INSIDE_DECODER.with(|inside| inside.set(false));
    result.ok()
}

/// The messages of one kind, in file order.
fn of_kind(records: &[FitDataRecord], kind: MesgNum) -> impl Iterator<Item = &FitDataRecord> {
    records.iter().filter(move |r| r.kind() == kind)
}

fn field<'r>(record: &'r FitDataRecord, name: &str) -> Option<&'r Value> {
    record
        .fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

/// A numeric value, if it is one and finite.
fn number(value: &Value) -> Option<f64> {
    let number = match value {
        Value::Byte(v) | Value::Enum(v) | Value::UInt8(v) | Value::UInt8z(v) => f64::from(*v),
        Value::SInt8(v) => f64::from(*v),
        Value::SInt16(v) => f64::from(*v),
        Value::UInt16(v) | Value::UInt16z(v) => f64::from(*v),
        Value::SInt32(v) => f64::from(*v),
        Value::UInt32(v) | Value::UInt32z(v) => f64::from(*v),
        Value::SInt64(v) => *v as f64,
        Value::UInt64(v) | Value::UInt64z(v) => *v as f64,
        Value::Float32(v) => f64::from(*v),
        Value::Float64(v) => *v,
        Value::Timestamp(_) | Value::String(_) | Value::Array(_) | Value::Invalid => return None,
    };
    number.is_finite().then_some(number)
}

fn field_number(record: &FitDataRecord, name: &str) -> Option<f64> {
    field(record, name).and_then(number)
}

/// A time in UTC, as FIT stores it.
fn field_time(record: &FitDataRecord, name: &str) -> Option<NaiveDateTime> {
    match field(record, name)? {
        Value::Timestamp(time) => Some(time.naive_utc()),
        _ => None,
    }
}

/// A sport or sub-sport by its FIT name ("running", "treadmill"), or its
/// number when the profile has no name for it.
fn sport_name(value: &Value) -> String {
    match value {
        Value::String(name) => name.to_lowercase(),
        other => match number(other) {
            Some(n) if n == RUNNING_NUMBER => RUNNING.to_string(),
            Some(n) => format!("sport {n}"),
            None => "unknown sport".to_string(),
        },
    }
}

fn track_point(record: &FitDataRecord) -> TrackPoint {
    let lat_lon = match (
        field_number(record, "position_lat"),
        field_number(record, "position_long"),
    ) {
        (Some(lat), Some(lon)) => track::valid_lat_lon(Some((
            lat * DEGREES_PER_SEMICIRCLE,
            lon * DEGREES_PER_SEMICIRCLE,
        ))),
        _ => None,
    };
    TrackPoint {
        time: field_time(record, "timestamp"),
        lat_lon,
        elevation_m: field_number(record, "enhanced_altitude")
            .or_else(|| field_number(record, "altitude")),
        distance_m: field_number(record, "distance"),
        starts_segment: false,
    }
}

/// What a session message says.
#[derive(Debug, Default)]
struct Session {
    sport: Option<String>,
    sub_sport: Option<String>,
    start: Option<NaiveDateTime>,
    /// The session's timestamp: when it ended.
    end: Option<NaiveDateTime>,
    elapsed_s: Option<f64>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
    ascent_m: Option<f64>,
    avg_hr: Option<f64>,
}

impl Session {
    fn of(message: &FitDataRecord) -> Session {
        let positive = |name: &str| field_number(message, name).filter(|v| *v >= 0.0);
        Session {
            sport: field(message, "sport").map(sport_name),
            sub_sport: field(message, "sub_sport").map(sport_name),
            start: field_time(message, "start_time"),
            end: field_time(message, "timestamp"),
            elapsed_s: positive("total_elapsed_time"),
            timer_s: positive("total_timer_time"),
            distance_m: positive("total_distance"),
            ascent_m: positive("total_ascent"),
            avg_hr: positive("avg_heart_rate").filter(|hr| (30.0..=250.0).contains(hr)),
        }
    }

    /// When the session ran, from its start, end and elapsed time.
    fn window(&self) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let elapsed = self
            .elapsed_s
            .and_then(|s| chrono::Duration::try_milliseconds((s * 1000.0) as i64));
        let start = self.start.or_else(|| {
            self.end
                .zip(elapsed)
                .and_then(|(end, d)| end.checked_sub_signed(d))
        });
        let end = self.end.or_else(|| {
            self.start
                .zip(elapsed)
                .and_then(|(start, d)| start.checked_add_signed(d))
        });
        start.zip(end)
    }
}

/// A run from a session's summary and its track; `None` without any date.
fn run_from(
    summary: &track::TrackSummary,
    session: &Session,
    sub_sport: Option<String>,
    file: &Arc<str>,
) -> Option<Run> {
    let start = session.start.or(summary.start).or(session.end)?;
    let distance_km = session
        .distance_m
        .map(|m| m / track::METRES_PER_KM)
        .unwrap_or(summary.distance_km);
    // No default here: the caller applies `--surface` and says where each
    // surface came from.
    let surface = surface::choose(sub_sport.as_deref(), None, None);
    if start < calendar_from() {
        return None;
    }
    let mut run = Run::new(start.date(), distance_km, Origin::new(file.clone(), 0));
    run.start = Some(start);
    run.duration_s = duration_of(summary, session, distance_km);
    run.elevation_gain_m = session.ascent_m.or(summary.elevation_gain_m);
    run.avg_hr = session.avg_hr;
    run.sprints = summary.sprints;
    run.hill_repeats = summary.hill_repeats;
    run.set_surface(surface);
    Some(run)
}

/// The run's time: the moving time of its track when the track covers the
/// run, else the watch's timer, else the elapsed time. A track that covers
/// only part of the run (records written sparsely, or with speed and
/// distance compressed away) would give a pace faster than anyone runs.
fn duration_of(summary: &track::TrackSummary, session: &Session, km: f64) -> Option<f64> {
    let timer = session.timer_s.filter(|s| *s > 0.0);
    let moving = summary.moving_s.filter(|s| *s > 0.0).filter(|moving| {
        timer.is_none_or(|timer| *moving >= MIN_MOVING_SHARE * timer)
            && (km <= 0.0 || moving / km >= FASTEST_PACE_S_PER_KM)
    });
    moving
        .or(timer)
        .or(session.elapsed_s.filter(|s| *s > 0.0))
        .or(summary.elapsed_s)
}

/// The moving time of a track is the run's only when it is at least this
/// share of the watch's timer.
const MIN_MOVING_SHARE: f64 = 0.5;

/// FIT times below 0x10000000 seconds (before 1998-07) are relative to the
/// device's power-on, not calendar times (the FIT profile's `date_time`).
const RELATIVE_TIME_LIMIT_S: i64 = 0x1000_0000;
/// The FIT clock starts at 1989-12-31 00:00 UTC.
const FIT_EPOCH_UNIX_S: i64 = 631_065_600;

/// The first calendar time a FIT file can hold.
fn calendar_from() -> NaiveDateTime {
    chrono::DateTime::from_timestamp(FIT_EPOCH_UNIX_S + RELATIVE_TIME_LIMIT_S, 0)
        .map(|t| t.naive_utc())
        .unwrap_or_default()
}

/// A file without sessions or records: not an activity, or broken before any.
fn no_activity(
    decoded: &Decoded,
    settings: &ReadSettings,
    mut read: ActivityRead,
) -> Result<ActivityRead> {
    if let Some(stop) = &decoded.stop {
        let problem = match stop {
            Stop::Truncated => "the file ends".to_string(),
            Stop::Damaged { at, problem } => {
                format!("it is damaged at byte {}: {problem}", thousands(*at as u64))
            }
        };
        return Err(format_error(
            settings,
            format!("{problem} before any record of an activity; nothing could be read"),
        ));
    }
    let file_type = of_kind(&decoded.records, MesgNum::FileId)
        .find_map(|m| field(m, "type"))
        .map(|v| match v {
            Value::String(name) => name.clone(),
            other => number(other).map_or_else(|| "unknown".into(), |n| n.to_string()),
        });
    read.notes.push(match file_type {
        Some(kind) if kind != "activity" => {
            format!("not an activity: a FIT '{kind}' file holds no runs")
        }
        _ => "the FIT file holds no sessions and no records".to_string(),
    });
    Ok(read)
}

/// What the user should know about how the file was decoded.
fn decode_notes(decoded: &Decoded, records: &[TrackPoint]) -> Vec<String> {
    let mut notes = Vec::new();
    let kept_minutes = || {
        let times: Vec<NaiveDateTime> = records.iter().filter_map(|r| r.time).collect();
        let from = calendar_from();
        let first = times.iter().find(|t| **t >= from);
        let last = times.iter().rev().find(|t| **t >= from);
        match (first, last) {
            (Some(first), Some(last)) => {
                let minutes = (*last - *first).num_minutes();
                (0..=(MAX_DURATION_S / 60.0) as i64)
                    .contains(&minutes)
                    .then_some(minutes)
            }
            _ => None,
        }
    };
    let kept = |what: &str| match kept_minutes() {
        Some(minutes) => format!("{what} {minutes} min"),
        None => "records whose times do not tell how long".to_string(),
    };
    match &decoded.stop {
        Some(Stop::Truncated) => {
            let read = records.len() as f64;
            let share = decoded.data_bytes_read as f64 / decoded.data_bytes.max(1) as f64;
            let expected = if share > 0.0 { read / share } else { read };
            notes.push(format!(
                "truncated: read {} of ~{} records; kept the {}",
                thousands(records.len() as u64),
                thousands(expected.round().max(read) as u64),
                kept("first")
            ));
        }
        Some(Stop::Damaged { at, problem }) => notes.push(format!(
            "damaged at byte {}: {problem}; kept the {} records before it ({})",
            thousands(*at as u64),
            thousands(records.len() as u64),
            kept("the first")
        )),
        None => {}
    }
    if decoded.bad_crc {
        notes.push(
            "the file's checksum (CRC) does not match its contents: it may be damaged; \
             read anyway"
                .into(),
        );
    }
    if decoded.undecodable > 0 {
        notes.push(format!(
            "{} messages could not be decoded and were left out",
            thousands(decoded.undecodable as u64)
        ));
    }
    if decoded.trailing_bytes > 0 {
        notes.push(format!(
            "ignored {} bytes after the end of the FIT data",
            thousands(decoded.trailing_bytes as u64)
        ));
    }
    notes
}

fn format_error(settings: &ReadSettings, message: String) -> Error {
    Error::Format {
        file: settings.file.to_string(),
        line: None,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_checked_before_the_decoder_sees_them() {
        let mut good = vec![14, 0x20, 0, 0, 0, 0, 0, 0];
        good.extend_from_slice(b".FIT\0\0");
        let cases: [(&[u8], Option<&str>); 5] = [
            (&good, None),
            (b"", Some("too short")),
            (b"<gpx>not a fit file</gpx>", Some("no '.FIT' signature")),
            (b"\xff\x10\0\0\0\0\0\0.FIT", Some("header of 255 bytes")),
            (&good[..13], Some("ends inside")),
        ];
        for (bytes, expected) in cases {
            let problem = header_problem(bytes);
            match (problem.as_deref(), expected) {
                (Some(problem), Some(part)) => assert!(problem.contains(part), "{problem}"),
                (problem, expected) => assert_eq!(problem.is_some(), expected.is_some()),
            }
        }
    }

    #[test]
    fn sports_are_named_or_numbered() {
        let cases = [
            (Value::String("Running".into()), "running"),
            (Value::String("cycling".into()), "cycling"),
            (Value::SInt64(1), "running"),
            (Value::Enum(53), "sport 53"),
            (Value::Invalid, "unknown sport"),
        ];
        for (value, name) in cases {
            assert_eq!(sport_name(&value), name, "{value:?}");
        }
    }
}
