//! TCX activity files (Garmin's Training Center XML, still offered by
//! Garmin Connect and Strava): each `<Activity Sport="Running">` is one run,
//! its laps give the watch's own distance and timer time, its trackpoints
//! the climbing, sprints and hill repeats through [`crate::import::activity::track`]. Other
//! sports are counted and skipped; a file cut short keeps what came before.

use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::error::{Error, Result};
use crate::import::activity::track::{self, TrackPoint};
use crate::import::activity::xml;
use crate::import::values::{parse_decimal, parse_utc_time};
use crate::import::{surface, ActivityRead, ReadSettings};
use crate::model::{Origin, Run};

/// The root element of every TCX file.
const ROOT: &str = "TrainingCenterDatabase";

/// The `Sport` attribute of a run.
const RUNNING: &str = "running";

/// One `<Activity>` as read.
#[derive(Debug, Default)]
struct TcxActivity {
    sport: Option<String>,
    /// `<Id>`: the start of the activity.
    id_time: Option<NaiveDateTime>,
    /// `StartTime` of the first lap.
    first_lap_start: Option<NaiveDateTime>,
    laps: usize,
    /// Sums over the laps that give them.
    lap_distance_m: Option<f64>,
    lap_time_s: Option<f64>,
    /// The time of the lap being read, and the laps' heart rates weighted
    /// by their times (sum of bpm × seconds, sum of seconds).
    this_lap_s: f64,
    heart_beats: (f64, f64),
    notes: Option<String>,
    points: Vec<TrackPoint>,
    /// The file breaks off inside this activity.
    cut: bool,
}

/// A trackpoint being read: latitude and longitude come in separate elements.
#[derive(Debug, Default)]
struct PointBuilder {
    point: TrackPoint,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

impl PointBuilder {
    /// A trackpoint, the first of its `<Track>` if `starts_segment`.
    fn new(starts_segment: bool) -> PointBuilder {
        PointBuilder {
            point: TrackPoint {
                starts_segment,
                ..TrackPoint::default()
            },
            ..PointBuilder::default()
        }
    }

    /// Takes in an element of the trackpoint or of its `<Position>`.
    fn take(&mut self, name: &str, parent: Option<&str>, text: &str) {
        match (name, parent) {
            ("Time", Some("Trackpoint")) => self.point.time = parse_utc_time(text),
            ("DistanceMeters", Some("Trackpoint")) => {
                self.point.distance_m = parse_decimal(text);
            }
            ("AltitudeMeters", Some("Trackpoint")) => {
                self.point.elevation_m = parse_decimal(text);
            }
            ("LatitudeDegrees", Some("Position")) => self.latitude = parse_decimal(text),
            ("LongitudeDegrees", Some("Position")) => self.longitude = parse_decimal(text),
            _ => {}
        }
    }

    fn finish(self) -> TrackPoint {
        TrackPoint {
            lat_lon: track::valid_lat_lon(self.latitude.zip(self.longitude)),
            ..self.point
        }
    }
}

impl TcxActivity {
    /// Takes in an element of the activity or of one of its laps.
    fn take(&mut self, name: &str, parent: Option<&str>, text: &str) {
        match (name, parent) {
            ("Id", Some("Activity")) => self.id_time = parse_utc_time(text),
            ("Notes", Some("Activity")) => {
                self.notes = Some(text.trim().to_string()).filter(|t| !t.is_empty());
            }
            ("TotalTimeSeconds", Some("Lap")) => {
                add_lap_value(&mut self.lap_time_s, text);
                self.this_lap_s = parse_decimal(text).filter(|s| *s > 0.0).unwrap_or(0.0);
            }
            ("Value", Some("AverageHeartRateBpm")) => {
                if let Some(bpm) = parse_decimal(text).filter(|b| (30.0..=250.0).contains(b)) {
                    let weight = if self.this_lap_s > 0.0 {
                        self.this_lap_s
                    } else {
                        1.0
                    };
                    self.heart_beats.0 += bpm * weight;
                    self.heart_beats.1 += weight;
                }
            }
            ("DistanceMeters", Some("Lap")) => add_lap_value(&mut self.lap_distance_m, text),
            _ => {}
        }
    }
}

/// Adds a lap's time or distance to the sum, when it gives a valid one.
fn add_lap_value(sum: &mut Option<f64>, text: &str) {
    if let Some(value) = parse_decimal(text).filter(|v| *v >= 0.0) {
        *sum = Some(sum.unwrap_or(0.0) + value);
    }
}

/// What has been read of the file so far.
#[derive(Debug, Default)]
struct TcxReader {
    /// The activities read to their end, or left by the next one opening.
    finished: Vec<TcxActivity>,
    /// The `<Activity>` being read.
    activity: Option<TcxActivity>,
    /// The `<Trackpoint>` being read.
    point: Option<PointBuilder>,
    /// A `<Track>` opened and its first trackpoint is still to come.
    new_segment: bool,
}

impl xml::Handler for TcxReader {
    fn open(&mut self, name: &str, attributes: &[(String, String)], _parent: Option<&str>) {
        let attribute = |key: &str| xml::attribute(attributes, key).map(|v| v.trim().to_string());
        match name {
            "Activity" => {
                self.finished.extend(self.activity.take());
                self.activity = Some(TcxActivity {
                    sport: attribute("Sport"),
                    ..TcxActivity::default()
                });
            }
            "Lap" => {
                if let Some(a) = self.activity.as_mut() {
                    a.laps += 1;
                    a.first_lap_start = a
                        .first_lap_start
                        .or_else(|| attribute("StartTime").and_then(|t| parse_utc_time(&t)));
                }
            }
            "Track" => self.new_segment = true,
            "Trackpoint" => {
                self.point = Some(PointBuilder::new(std::mem::take(&mut self.new_segment)));
            }
            _ => {}
        }
    }

    /// Takes in what an element held when it closes.
    fn close(&mut self, name: &str, text: &str, parent: Option<&str>, _line: u64) {
        match name {
            "Trackpoint" => {
                if let (Some(p), Some(a)) = (self.point.take(), self.activity.as_mut()) {
                    a.points.push(p.finish());
                }
            }
            "Activity" => self.finished.extend(self.activity.take()),
            _ => {
                if let Some(a) = self.activity.as_mut() {
                    a.take(name, parent, text);
                }
                if let Some(p) = self.point.as_mut() {
                    p.take(name, parent, text);
                }
            }
        }
    }
}

impl TcxReader {
    /// Every activity read; one the file broke off in keeps what was read of it.
    fn into_activities(mut self) -> Vec<TcxActivity> {
        if let Some(mut open) = self.activity.take() {
            open.cut = true;
            if let Some(p) = self.point.take() {
                open.points.push(p.finish());
            }
            self.finished.push(open);
        }
        self.finished
    }
}

/// Reads the activities of a TCX file (already gunzipped).
pub fn read(bytes: &[u8], settings: &ReadSettings) -> Result<ActivityRead> {
    let text = xml::source_text(bytes);
    let mut tcx = TcxReader::default();
    let broken = xml::walk(&text, ROOT, &mut tcx).map_err(|why| not_tcx(settings, &why))?;
    let activities = tcx.into_activities();
    let mut read = ActivityRead {
        activities: activities.len(),
        ..ActivityRead::default()
    };
    if let Some(problem) = broken {
        read.damaged = true;
        let kept: usize = activities.iter().map(|a| a.points.len()).sum();
        read.notes.push(format!(
            "truncated or damaged: {problem}; kept the {} laps and {} trackpoints before it",
            crate::words::thousands(activities.iter().map(|a| a.laps as u64).sum()),
            crate::words::thousands(kept as u64)
        ));
    }
    if activities.is_empty() {
        read.notes
            .push("no <Activity> in the file (a course or a workout is not a run)".into());
    }
    let file: Arc<str> = Arc::from(settings.file);
    for tcx_activity in activities {
        match run_of(tcx_activity, &file, settings, &mut read.notes)? {
            Ok(run) => read.runs.push(run),
            Err(reason) => read.skipped.push(reason),
        }
    }
    Ok(read)
}

/// The run an activity holds, or why it is skipped.
fn run_of(
    activity: TcxActivity,
    file: &Arc<str>,
    settings: &ReadSettings,
    notes: &mut Vec<String>,
) -> Result<std::result::Result<Run, String>> {
    match activity.sport.as_deref().map(str::to_lowercase) {
        Some(sport) if sport == RUNNING => {}
        Some(sport) if !sport.is_empty() => return Ok(Err(format!("{sport} activity"))),
        _ => notes.push("an activity gives no Sport: taken as a run".into()),
    }
    if activity.laps == 0 && activity.points.is_empty() {
        return Ok(Err("empty activity (no laps)".into()));
    }
    let summary = track::summarise(&activity.points);
    let start = activity
        .id_time
        .or(activity.first_lap_start)
        .or(summary.start);
    let Some(start) = start else {
        return Err(no_date(settings));
    };
    // A lap's summary comes before its trackpoints, so in an activity the
    // file breaks off in, the laps claim more than the track holds: the
    // track gives distance and time together, so the pace stays true.
    let use_track = activity.cut && summary.distance_km > 0.0;
    let distance_km = match activity.lap_distance_m {
        Some(metres) if metres > 0.0 && !use_track => metres / track::METRES_PER_KM,
        _ => summary.distance_km,
    };
    // No default here: the caller applies `--surface` and says where each
    // surface came from.
    let surface = surface::choose(activity.sport.as_deref(), activity.notes.as_deref(), None);
    let mut run = Run::new(start.date(), distance_km, Origin::new(file.clone(), 0));
    run.start = Some(start);
    run.duration_s = if use_track {
        summary.duration_s()
    } else {
        duration_s(&summary, activity.lap_time_s)
    };
    run.elevation_gain_m = summary.elevation_gain_m;
    let (beats, seconds) = activity.heart_beats;
    run.avg_hr = (seconds > 0.0).then(|| (beats / seconds * 10.0).round() / 10.0);
    run.sprints = summary.sprints;
    run.hill_repeats = summary.hill_repeats;
    run.set_surface(surface);
    if let Some(note) = summary.jump_note() {
        notes.push(note);
    }
    if let Some(note) = summary.jitter_note() {
        notes.push(note);
    }
    Ok(Ok(run))
}

/// Moving time from the track, else the laps' timer time, else the
/// track's elapsed time.
fn duration_s(summary: &track::TrackSummary, lap_time_s: Option<f64>) -> Option<f64> {
    summary
        .moving_s
        .filter(|s| *s > 0.0)
        .or(lap_time_s.filter(|s| *s > 0.0))
        .or(summary.elapsed_s)
}

fn no_date(settings: &ReadSettings) -> Error {
    Error::Format {
        file: settings.file.to_string(),
        line: None,
        message: "the TCX activity has no date: no <Id>, no Lap StartTime and no \
                  trackpoint <Time>. Add the start as <Id>2025-03-01T07:30:00Z</Id> \
                  inside <Activity>, or enter the run in a CSV log"
            .into(),
    }
}

fn not_tcx(settings: &ReadSettings, why: &str) -> Error {
    Error::Format {
        file: settings.file.to_string(),
        line: None,
        message: format!("not a TCX file: {why}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn settings() -> ReadSettings<'static> {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        ReadSettings {
            file: "a.tcx",
            units: crate::model::Units::Km,
            units_given: false,
            today,
            default_surface: None,
            date_order: None,
        }
    }

    const SUMMARY_ONLY: &str = r#"<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities>
  <Activity Sport="Running"><Id>2025-03-04T18:00:00Z</Id>
   <Lap StartTime="2025-03-04T18:00:00Z"><TotalTimeSeconds>1500</TotalTimeSeconds>
    <DistanceMeters>5000</DistanceMeters></Lap>
   <Notes>Treadmill at the gym</Notes>
  </Activity>
  <Activity Sport="Biking"><Id>2025-03-05T18:00:00Z</Id>
   <Lap StartTime="2025-03-05T18:00:00Z"><TotalTimeSeconds>3600</TotalTimeSeconds>
    <DistanceMeters>30000</DistanceMeters></Lap>
  </Activity>
 </Activities>
</TrainingCenterDatabase>"#;

    #[test]
    fn a_treadmill_run_without_trackpoints_uses_the_lap_summary() {
        let read = read(SUMMARY_ONLY.as_bytes(), &settings()).unwrap();
        assert_eq!(read.activities, 2);
        assert_eq!(read.skipped, ["biking activity"]);
        let [run] = read.runs.as_slice() else {
            panic!("{read:?}")
        };
        assert_eq!(run.distance_km, 5.0);
        assert_eq!(run.duration_s, Some(1500.0));
        assert_eq!(run.surface, Some(crate::model::Surface::Treadmill));
        assert_eq!(run.elevation_gain_m, None);
        assert_eq!(run.date, NaiveDate::from_ymd_opt(2025, 3, 4).unwrap());
    }

    #[test]
    fn other_formats_are_not_tcx() {
        for text in ["<gpx></gpx>", "", "hello", "\u{0}\u{1}"] {
            let error = read(text.as_bytes(), &settings()).unwrap_err().to_string();
            assert!(error.contains("not a TCX file"), "{text:?}: {error}");
        }
    }

    #[test]
    fn the_laps_heart_rates_weighted_by_their_times_are_the_runs() {
        let tcx = r#"<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities>
  <Activity Sport="Running"><Id>2025-03-04T18:00:00Z</Id>
   <Lap StartTime="2025-03-04T18:00:00Z"><TotalTimeSeconds>600</TotalTimeSeconds>
    <DistanceMeters>2000</DistanceMeters><AverageHeartRateBpm><Value>140</Value></AverageHeartRateBpm></Lap>
   <Lap StartTime="2025-03-04T18:10:00Z"><TotalTimeSeconds>1200</TotalTimeSeconds>
    <DistanceMeters>4000</DistanceMeters><AverageHeartRateBpm><Value>155</Value></AverageHeartRateBpm></Lap>
  </Activity>
 </Activities>
</TrainingCenterDatabase>"#;
        let read = read(tcx.as_bytes(), &settings()).unwrap();
        assert_eq!(read.runs[0].avg_hr, Some(150.0));
        let without = read_summary_only();
        assert_eq!(without.runs[0].avg_hr, None);
    }

    fn read_summary_only() -> ActivityRead {
        read(SUMMARY_ONLY.as_bytes(), &settings()).unwrap()
    }
}
