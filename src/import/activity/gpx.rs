//! GPX activity files, as watches, phones, Strava and Garmin Connect export
//! them: each `<trk>` is one activity, its points give distance (haversine),
//! time, climbing, sprints and hill repeats through [`crate::import::activity::track`]. A GPX
//! without times still gives distance and climbing; a ride or a hike is
//! counted and skipped; a file cut short keeps the points before the cut.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use crate::error::{Error, Result};
use crate::import::activity::track::{self, TrackPoint};
use crate::import::activity::xml;
use crate::import::values::{parse_decimal, parse_utc_time};
use crate::import::{race, surface, ActivityRead, ReadSettings};
use crate::model::{Origin, Run, RunType};

/// Activity types that are runs: GPX writers put the sport in `<type>`
/// ("running", "trail_running", "TrailRun", Strava's "9"), so any type
/// containing one of these words is a run.
const RUNNING_WORDS: [&str; 2] = ["run", "jog"];

/// Strava's numeric GPX `<type>` codes that runrisk names; others are
/// reported by number. 9 is a run and 53 a virtual (treadmill) run.
const STRAVA_TYPES: [(&str, &str); 8] = [
    ("9", "running"),
    ("53", "virtual_running"),
    ("1", "cycling"),
    ("17", "virtual_cycling"),
    ("4", "hiking"),
    ("10", "walking"),
    ("16", "swimming"),
    ("11", "workout"),
];

/// The root element of every GPX file.
const ROOT: &str = "gpx";

/// What the messages say a `<time>` should hold.
const EXPECTED_TIME: &str = "expected an ISO 8601 time such as 2025-03-01T07:30:00Z";

/// How much of an unreadable value a message shows.
const SHOWN_VALUE_CHARS: usize = 40;

/// A `<time>` whose text is not a time, and the line it ends on.
#[derive(Debug, Clone, PartialEq)]
struct BadTime {
    value: String,
    line: u64,
}

impl BadTime {
    fn new(text: &str, line: u64) -> BadTime {
        let text = text.trim();
        let mut value: String = text.chars().take(SHOWN_VALUE_CHARS).collect();
        if value.len() < text.len() {
            value.push('…');
        }
        BadTime { value, line }
    }

    /// `'x' on line 8`, for notes.
    fn describe(&self) -> String {
        format!("'{}' on line {}", self.value, self.line)
    }
}

/// A time read from a `<time>`: `Ok(None)` when it holds nothing.
fn read_time(text: &str, line: u64) -> std::result::Result<Option<NaiveDateTime>, BadTime> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_utc_time(text)
        .map(Some)
        .ok_or_else(|| BadTime::new(text, line))
}

/// One `<trk>` as read.
#[derive(Debug, Default)]
struct GpxTrack {
    name: Option<String>,
    kind: Option<String>,
    points: Vec<TrackPoint>,
    /// Points whose `<time>` is not a time, and the first of them.
    bad_times: usize,
    first_bad_time: Option<BadTime>,
}

/// The file's own time, from `<metadata><time>` (GPX 1.1) or `<gpx><time>`
/// (GPX 1.0), for tracks whose points have none.
#[derive(Debug, Default)]
struct FileTime {
    time: Option<NaiveDateTime>,
    /// The first such element whose text is not a time.
    bad: Option<BadTime>,
}

/// What has been read of the file so far.
#[derive(Debug, Default)]
struct GpxReader {
    tracks: Vec<GpxTrack>,
    file_time: FileTime,
    /// The `<trkpt>` being read.
    point: Option<TrackPoint>,
    /// A `<trkseg>` opened and its first point is still to come.
    new_segment: bool,
}

impl xml::Handler for GpxReader {
    fn open(&mut self, name: &str, attributes: &[(String, String)], parent: Option<&str>) {
        match name {
            "trk" => self.tracks.push(GpxTrack::default()),
            "trkseg" => self.new_segment = true,
            "trkpt" if parent == Some("trkseg") => {
                let coordinate =
                    |key: &str| xml::attribute(attributes, key).and_then(parse_decimal);
                self.point = Some(TrackPoint {
                    lat_lon: track::valid_lat_lon(coordinate("lat").zip(coordinate("lon"))),
                    starts_segment: std::mem::take(&mut self.new_segment),
                    ..TrackPoint::default()
                });
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str, text: &str, parent: Option<&str>, line: u64) {
        match (name, parent) {
            ("ele", Some("trkpt")) => {
                if let Some(p) = self.point.as_mut() {
                    p.elevation_m = parse_decimal(text);
                }
            }
            ("time", Some("trkpt")) => self.point_time(text, line),
            // GPX 1.1 keeps the file's time in <metadata>, GPX 1.0 under <gpx>.
            ("time", Some("metadata" | "gpx")) => match read_time(text, line) {
                Ok(time) => self.file_time.time = self.file_time.time.or(time),
                Err(bad) => self.file_time.bad = self.file_time.bad.take().or(Some(bad)),
            },
            ("name", Some("trk")) => self.set_once(text, |t| &mut t.name),
            ("type", Some("trk")) => self.set_once(text, |t| &mut t.kind),
            ("trkpt", _) => {
                if let (Some(p), Some(t)) = (self.point.take(), self.tracks.last_mut()) {
                    t.points.push(p);
                }
            }
            _ => {}
        }
    }
}

impl GpxReader {
    /// Sets the time of the point being read, or counts it as unreadable.
    fn point_time(&mut self, text: &str, line: u64) {
        let Some(point) = self.point.as_mut() else {
            return;
        };
        match read_time(text, line) {
            Ok(time) => point.time = time,
            Err(bad) => {
                if let Some(t) = self.tracks.last_mut() {
                    t.bad_times += 1;
                    t.first_bad_time = t.first_bad_time.take().or(Some(bad));
                }
            }
        }
    }

    /// Sets the last track's name or type from its first non-empty element.
    fn set_once(&mut self, text: &str, field: impl Fn(&mut GpxTrack) -> &mut Option<String>) {
        if let Some(slot) = self.tracks.last_mut().map(field) {
            if slot.is_none() && !text.trim().is_empty() {
                *slot = Some(text.trim().to_string());
            }
        }
    }
}

/// Reads the tracks of a GPX file (already gunzipped).
pub fn read(bytes: &[u8], settings: &ReadSettings) -> Result<ActivityRead> {
    let text = xml::source_text(bytes);
    let mut gpx = GpxReader::default();
    let broken = xml::walk(&text, ROOT, &mut gpx).map_err(|why| not_gpx(settings, &why))?;
    let GpxReader {
        tracks, file_time, ..
    } = gpx;
    let mut read = ActivityRead {
        activities: tracks.len(),
        ..ActivityRead::default()
    };
    if let Some(problem) = broken {
        read.damaged = true;
        let kept: usize = tracks.iter().map(|t| t.points.len()).sum();
        read.notes.push(format!(
            "truncated or damaged: {problem}; kept the {} track points before it",
            crate::words::thousands(kept as u64)
        ));
    }
    if tracks.is_empty() {
        read.notes
            .push("no track (<trk>) in the file: routes and waypoints are not runs".into());
    }
    let file: Arc<str> = Arc::from(settings.file);
    for gpx_track in tracks {
        match run_of(gpx_track, &file_time, &file, settings, &mut read.notes)? {
            Ok(run) => read.runs.push(run),
            Err(reason) => read.skipped.push(reason),
        }
    }
    Ok(read)
}

/// The run a track holds, or why it is skipped.
fn run_of(
    mut gpx_track: GpxTrack,
    file_time: &FileTime,
    file: &Arc<str>,
    settings: &ReadSettings,
    notes: &mut Vec<String>,
) -> Result<std::result::Result<Run, String>> {
    let kind = gpx_track.kind.as_deref().map(activity_kind);
    if let Some(kind) = &kind {
        if !is_running(kind) {
            return Ok(Err(format!("{kind} activity")));
        }
    }
    if gpx_track.points.is_empty() {
        return Ok(Err("empty track (no points)".into()));
    }
    let broken_times = track::untangle_times(&mut gpx_track.points);
    let summary = track::summarise(&gpx_track.points);
    notes.extend(broken_times.as_ref().map(track::BrokenTimes::note));
    let date = match &broken_times {
        Some(broken) if broken.removed => broken.typical.date(),
        _ => run_date(summary.start, &gpx_track, file_time, settings, notes)?,
    };
    // No default here: the caller applies `--surface` and says where each
    // surface came from.
    let surface = surface::choose(kind.as_deref(), gpx_track.name.as_deref(), None);
    let mut run = Run::new(date, summary.distance_km, Origin::new(file.clone(), 0));
    run.start = summary.start;
    run.duration_s = summary.duration_s();
    run.elevation_gain_m = summary.elevation_gain_m;
    run.sprints = summary.sprints;
    run.hill_repeats = summary.hill_repeats;
    run.set_surface(surface);
    if gpx_track.name.as_deref().is_some_and(race::is_race_name) {
        run.run_type = Some(RunType::Race);
    }
    if let Some(note) = summary.jump_note() {
        notes.push(note);
    }
    if let Some(note) = summary.jitter_note() {
        notes.push(note);
    }
    Ok(Ok(run))
}

/// The day of a run: that of its first point's time or, when its points
/// have no times, that of the file's own time (with a note). Points whose
/// `<time>` is not a time are named in a note, or in the error when no
/// time is left to date the run.
fn run_date(
    start: Option<NaiveDateTime>,
    gpx_track: &GpxTrack,
    file_time: &FileTime,
    settings: &ReadSettings,
    notes: &mut Vec<String>,
) -> Result<NaiveDate> {
    let bad_points = gpx_track.first_bad_time.as_ref().map(|bad| {
        format!(
            "{} of the track's {} points have a <time> that is not a time (the first is {}; \
             {EXPECTED_TIME})",
            crate::words::thousands(gpx_track.bad_times as u64),
            crate::words::thousands(gpx_track.points.len() as u64),
            bad.describe()
        )
    });
    match (start, file_time.time) {
        (Some(start), _) => {
            if let Some(bad_points) = bad_points {
                notes.push(format!(
                    "{bad_points}: those points were read without a time"
                ));
            }
            Ok(start.date())
        }
        (None, Some(time)) => {
            let why = bad_points.unwrap_or_else(|| "the track points have no times".into());
            notes.push(format!(
                "{why}: the date {} comes from <metadata><time>; distance and climbing only, \
                 no duration or sprints",
                time.date()
            ));
            Ok(time.date())
        }
        (None, None) => Err(no_date(gpx_track, file_time, settings)),
    }
}

/// The error for a track that gives no date: the first `<time>` that is
/// not a time, with its line, or how to add a date when there is none.
fn no_date(gpx_track: &GpxTrack, file_time: &FileTime, settings: &ReadSettings) -> Error {
    let first_bad = [gpx_track.first_bad_time.as_ref(), file_time.bad.as_ref()]
        .into_iter()
        .flatten()
        .min_by_key(|bad| bad.line);
    let Some(bad) = first_bad else {
        return Error::Format {
            file: settings.file.to_string(),
            line: None,
            message: "the GPX has no date: its track points have no <time> and there is \
                      no <metadata><time>. Add the start of the run as \
                      <metadata><time>2025-03-01T07:30:00Z</time></metadata> right after \
                      the <gpx ...> line, or enter the run in a CSV log"
                .into(),
        };
    };
    let points = if gpx_track.bad_times > 0 {
        format!(
            "none of the track's {} points has a readable <time>",
            crate::words::thousands(gpx_track.points.len() as u64)
        )
    } else {
        "the track points have no <time>".to_string()
    };
    let metadata = if file_time.bad.is_some() {
        "the file's own <time> is not a time either"
    } else {
        "there is no <metadata><time>"
    };
    Error::Format {
        file: settings.file.to_string(),
        line: Some(bad.line),
        message: format!(
            "element <time>: '{}' is not a time; {EXPECTED_TIME}. The GPX has no date: {points}, and \
             {metadata}",
            bad.value
        ),
    }
}

/// The sport of a `<type>`, in lower case, with Strava's numbers named.
fn activity_kind(text: &str) -> String {
    let text = text.trim();
    STRAVA_TYPES
        .iter()
        .find(|(code, _)| *code == text)
        .map(|(_, name)| (*name).to_string())
        .unwrap_or_else(|| {
            if text.chars().all(|c| c.is_ascii_digit()) {
                format!("Strava type {text}")
            } else {
                text.to_lowercase()
            }
        })
}

fn is_running(kind: &str) -> bool {
    RUNNING_WORDS.iter().any(|word| kind.contains(word))
}

fn not_gpx(settings: &ReadSettings, why: &str) -> Error {
    Error::Format {
        file: settings.file.to_string(),
        line: None,
        message: format!("not a GPX file: {why}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_types_name_the_sport() {
        let cases = [
            ("running", "running", true),
            ("9", "running", true),
            ("TrailRun", "trailrun", true),
            ("trail_running", "trail_running", true),
            ("53", "virtual_running", true),
            ("cycling", "cycling", false),
            ("1", "cycling", false),
            ("Hiking", "hiking", false),
            ("99", "Strava type 99", false),
        ];
        for (text, kind, running) in cases {
            assert_eq!(activity_kind(text), kind, "{text}");
            assert_eq!(is_running(&activity_kind(text)), running, "{text}");
        }
    }

    #[test]
    fn counts_have_thousands_separators() {
        for (n, text) in [
            (0u64, "0"),
            (999, "999"),
            (2314, "2,314"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(crate::words::thousands(n), text);
        }
    }

    #[test]
    fn the_walker_names_elements_without_prefixes_and_resolves_entities() {
        let text = r#"<a xmlns:g="x"><g:b k="1 &amp; 2">x &lt; y&#33;</g:b><c/></a>"#;
        let mut walker = xml::Walker::new(text);
        let mut seen = Vec::new();
        loop {
            match walker.next_step() {
                xml::Step::Open { name, attributes } => seen.push(format!("+{name}{attributes:?}")),
                xml::Step::Close { name, text } => {
                    seen.push(format!("-{name}:{text}:{:?}", walker.parent()))
                }
                xml::Step::End => break,
                xml::Step::Broken(problem) => panic!("{problem}"),
            }
        }
        assert_eq!(
            seen,
            [
                r#"+a[("g", "x")]"#,
                r#"+b[("k", "1 & 2")]"#,
                r#"-b:x < y!:Some("a")"#,
                "+c[]",
                r#"-c::Some("a")"#,
                "-a::None",
            ]
        );
    }
}
