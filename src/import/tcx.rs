//! TCX activity files (Garmin's Training Center XML, still offered by
//! Garmin Connect and Strava): each `<Activity Sport="Running">` is one run,
//! its laps give the watch's own distance and timer time, its trackpoints
//! the climbing, sprints and hill repeats through [`super::track`]. Other
//! sports are counted and skipped; a file cut short keeps what came before.

use std::sync::Arc;

use chrono::NaiveDateTime;

use super::track::{self, TrackPoint};
use super::xml;
use super::{surface, ActivityRead, ReadSettings};
use crate::error::{Error, Result};
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
    fn finish(self) -> TrackPoint {
        let lat_lon = match (self.latitude, self.longitude) {
            (Some(lat), Some(lon)) => track::valid_lat_lon(Some((lat, lon))),
            _ => None,
        };
        TrackPoint {
            lat_lon,
            ..self.point
        }
    }
}

/// Reads the activities of a TCX file (already gunzipped).
pub fn read(bytes: &[u8], settings: &ReadSettings) -> Result<ActivityRead> {
    let text = xml::source_text(bytes);
    let mut walker = xml::Walker::new(&text);
    let mut finished: Vec<TcxActivity> = Vec::new();
    let mut activity: Option<TcxActivity> = None;
    let mut point: Option<PointBuilder> = None;
    let mut new_segment = false;
    let mut broken: Option<String> = None;
    loop {
        match walker.next_step() {
            xml::Step::Open { name, attributes } => {
                if walker.depth() == 1 && name != ROOT {
                    return Err(not_tcx(settings, &format!("the root element is <{name}>")));
                }
                let attribute = |key: &str| {
                    attributes
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v.trim().to_string())
                };
                match name.as_str() {
                    "Activity" => {
                        finished.extend(activity.take());
                        activity = Some(TcxActivity {
                            sport: attribute("Sport"),
                            ..TcxActivity::default()
                        });
                    }
                    "Lap" => {
                        if let Some(a) = activity.as_mut() {
                            a.laps += 1;
                            a.first_lap_start = a.first_lap_start.or_else(|| {
                                attribute("StartTime").and_then(|t| track::parse_time(&t))
                            });
                        }
                    }
                    "Track" => new_segment = true,
                    "Trackpoint" => {
                        point = Some(PointBuilder {
                            point: TrackPoint {
                                starts_segment: std::mem::take(&mut new_segment),
                                ..TrackPoint::default()
                            },
                            ..PointBuilder::default()
                        });
                    }
                    _ => {}
                }
            }
            xml::Step::Close { name, text } => {
                close(
                    &name,
                    &text,
                    walker.parent(),
                    &mut activity,
                    &mut point,
                    &mut finished,
                );
            }
            xml::Step::End => break,
            xml::Step::Broken(problem) => {
                if !walker.saw_root() {
                    return Err(not_tcx(settings, &problem));
                }
                broken = Some(problem);
                break;
            }
        }
    }
    if !walker.saw_root() {
        return Err(not_tcx(settings, &format!("no <{ROOT}> element")));
    }
    // An activity the file broke off in keeps what was read of it.
    if let Some(mut open) = activity.take() {
        open.cut = true;
        if let Some(p) = point.take() {
            open.points.push(p.finish());
        }
        finished.push(open);
    }
    let mut read = ActivityRead {
        activities: finished.len(),
        ..ActivityRead::default()
    };
    if let Some(problem) = broken {
        let kept: usize = finished.iter().map(|a| a.points.len()).sum();
        read.notes.push(format!(
            "truncated or damaged: {problem}; kept the {} laps and {} trackpoints before it",
            xml::thousands(finished.iter().map(|a| a.laps as u64).sum()),
            xml::thousands(kept as u64)
        ));
    }
    if finished.is_empty() {
        read.notes
            .push("no <Activity> in the file (a course or a workout is not a run)".into());
    }
    let file: Arc<str> = Arc::from(settings.file);
    for tcx_activity in finished {
        match run_of(tcx_activity, &file, settings, &mut read.notes)? {
            Ok(run) => read.runs.push(run),
            Err(reason) => read.skipped.push(reason),
        }
    }
    Ok(read)
}

/// Takes in what an element held when it closes.
fn close(
    name: &str,
    text: &str,
    parent: Option<&str>,
    activity: &mut Option<TcxActivity>,
    point: &mut Option<PointBuilder>,
    finished: &mut Vec<TcxActivity>,
) {
    let add = |sum: &mut Option<f64>, text: &str| {
        if let Some(value) = track::parse_number(text).filter(|v| *v >= 0.0) {
            *sum = Some(sum.unwrap_or(0.0) + value);
        }
    };
    match (name, parent) {
        ("Id", Some("Activity")) => {
            if let Some(a) = activity.as_mut() {
                a.id_time = track::parse_time(text);
            }
        }
        ("Notes", Some("Activity")) => {
            if let Some(a) = activity.as_mut() {
                a.notes = Some(text.trim().to_string()).filter(|t| !t.is_empty());
            }
        }
        ("TotalTimeSeconds", Some("Lap")) => {
            if let Some(a) = activity.as_mut() {
                add(&mut a.lap_time_s, text);
            }
        }
        ("DistanceMeters", Some("Lap")) => {
            if let Some(a) = activity.as_mut() {
                add(&mut a.lap_distance_m, text);
            }
        }
        ("Time", Some("Trackpoint")) => {
            if let Some(p) = point.as_mut() {
                p.point.time = track::parse_time(text);
            }
        }
        ("DistanceMeters", Some("Trackpoint")) => {
            if let Some(p) = point.as_mut() {
                p.point.distance_m = track::parse_number(text);
            }
        }
        ("AltitudeMeters", Some("Trackpoint")) => {
            if let Some(p) = point.as_mut() {
                p.point.elevation_m = track::parse_number(text);
            }
        }
        ("LatitudeDegrees", Some("Position")) => {
            if let Some(p) = point.as_mut() {
                p.latitude = track::parse_number(text);
            }
        }
        ("LongitudeDegrees", Some("Position")) => {
            if let Some(p) = point.as_mut() {
                p.longitude = track::parse_number(text);
            }
        }
        ("Trackpoint", _) => {
            if let (Some(p), Some(a)) = (point.take(), activity.as_mut()) {
                a.points.push(p.finish());
            }
        }
        ("Activity", _) => finished.extend(activity.take()),
        _ => {}
    }
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
        return Err(Error::Format {
            file: settings.file.to_string(),
            line: None,
            message: "the TCX activity has no date: no <Id>, no Lap StartTime and no \
                      trackpoint <Time>. Add the start as <Id>2025-03-01T07:30:00Z</Id> \
                      inside <Activity>, or enter the run in a CSV log"
                .into(),
        });
    };
    // A lap's summary comes before its trackpoints, so in an activity the
    // file breaks off in, the laps claim more than the track holds: the
    // track gives distance and time together, so the pace stays true.
    let use_track = activity.cut && summary.distance_km > 0.0;
    let distance_km = match activity.lap_distance_m {
        Some(metres) if metres > 0.0 && !use_track => metres / 1000.0,
        _ => summary.distance_km,
    };
    // No default here: the caller applies `--surface` and says where each
    // surface came from.
    let (surface, _) = surface::choose(activity.sport.as_deref(), activity.notes.as_deref(), None);
    let mut run = Run::new(start.date(), distance_km, Origin::new(file.clone(), 0));
    run.start = Some(start);
    run.duration_s = if use_track {
        summary.duration_s()
    } else {
        summary
            .moving_s
            .filter(|s| *s > 0.0)
            .or(activity.lap_time_s.filter(|s| *s > 0.0))
            .or(summary.elapsed_s)
    };
    run.elevation_gain_m = summary.elevation_gain_m;
    run.sprints = summary.sprints;
    run.hill_repeats = summary.hill_repeats;
    run.surface = surface;
    if let Some(note) = summary.jitter_note() {
        notes.push(note);
    }
    Ok(Ok(run))
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
}
