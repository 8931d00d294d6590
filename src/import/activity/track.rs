//! Track analysis shared by the GPX, TCX and FIT importers. A watch records
//! a run as a list of points (time, position, altitude, distance so far);
//! this module turns such a list into the numbers runrisk needs: distance,
//! moving and elapsed time, elevation gain with GPS and barometric jitter
//! filtered out, sprints (short fast bursts) and hill repeats (several
//! climbs of the same height). It is pure arithmetic over plain values, so
//! every rule of thumb below is tested with made-up tracks.

use chrono::NaiveDateTime;

use crate::model::HILL_CLIMB_M_PER_KM;

/// Mean radius of the Earth, in metres (IUGG), for the haversine formula.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Metres in a kilometre: tracks are measured in metres, runs in kilometres.
pub const METRES_PER_KM: f64 = 1_000.0;

/// A step between two points faster than this (45 km/h, above any
/// sprinter's top speed) is a GPS jump or a glitch, and is not counted.
pub const MAX_RUNNING_SPEED_M_S: f64 = 12.5;

/// Below this speed (2.9 km/h, slower than a walk) the runner is standing:
/// the time does not count as moving time.
pub const MOVING_SPEED_M_S: f64 = 0.8;

/// Altitudes are averaged over this many neighbouring points before climbs
/// are looked for, which takes the edge off single-point jitter.
pub const ELEVATION_SMOOTHING_POINTS: usize = 5;

/// A climb or a descent only counts once it has gone this far (in metres)
/// from the last top or bottom. GPS altitude jitters by a few metres and a
/// barometer by one or two; this hysteresis keeps that jitter from adding
/// up to hundreds of metres on a flat run, while real hills, even 10 m
/// ones, are kept whole.
pub const CLIMB_THRESHOLD_M: f64 = 4.0;

/// Filtered jitter below this (in metres) is not worth a note.
pub const JITTER_NOTE_MIN_M: f64 = 20.0;

/// After this many implausible points in a row, the track is measured on
/// from the next one (the device was reset or moved while off).
pub const MAX_DOUBTED_POINTS: usize = 2;

/// Plausible altitudes on Earth, in metres; others are sensor errors.
pub const LOWEST_ELEVATION_M: f64 = -500.0;
pub const HIGHEST_ELEVATION_M: f64 = 9_000.0;

/// Speeds are taken second by second and then passed through a running
/// median of this many seconds, which removes GPS speed spikes of one or
/// two samples but keeps any burst of 3 s or more.
pub const SPIKE_FILTER_S: usize = 5;

/// A sprint is at least this much faster than the run's own median speed.
pub const SPRINT_SPEED_RATIO: f64 = 1.3;
/// Shortest sprint, in seconds: shorter bursts are noise or a dash across a road.
pub const SPRINT_MIN_S: usize = 8;
/// Longest sprint, in seconds: longer fast stretches are intervals or a fast finish.
pub const SPRINT_MAX_S: usize = 40;
/// A dip below sprint speed this short (in seconds) does not split a sprint in two.
pub const SPRINT_MERGE_GAP_S: usize = 2;

/// Sprints are only looked for in tracks up to this long (two days, in
/// seconds): longer spans are broken clocks, not runs.
pub const MAX_TRACK_S: f64 = 2.0 * 24.0 * 3600.0;

/// Hill repeats: climbs between these heights (in metres) ...
pub const HILL_REPEAT_MIN_CLIMB_M: f64 = 10.0;
pub const HILL_REPEAT_MAX_CLIMB_M: f64 = 60.0;
/// ... whose heights are within this share of each other, and which start
/// from about the same altitude (the same hill run again) ...
pub const HILL_REPEAT_SIMILARITY: f64 = 0.2;
/// ... at least this many times.
pub const HILL_REPEAT_MIN_COUNT: usize = 3;
/// Climbs beyond this many are not compared (the comparison is quadratic).
pub const MAX_CLIMBS_COMPARED: usize = 2_000;

/// One recorded point of a track; every field may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TrackPoint {
    /// When the point was recorded (UTC, as in the file).
    pub time: Option<NaiveDateTime>,
    /// Latitude and longitude in degrees.
    pub lat_lon: Option<(f64, f64)>,
    pub elevation_m: Option<f64>,
    /// Distance so far as the device measured it (GPS, foot pod or treadmill).
    pub distance_m: Option<f64>,
    /// The first point after a pause (a new GPX `<trkseg>` or TCX `<Track>`):
    /// the GPS distance from the point before is not counted.
    pub starts_segment: bool,
}

/// What a track says about a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrackSummary {
    /// Points in the track.
    pub points: usize,
    /// The first time in the track.
    pub start: Option<NaiveDateTime>,
    pub distance_km: f64,
    /// From the first to the last time in the track, pauses included.
    pub elapsed_s: Option<f64>,
    /// Time spent faster than [`MOVING_SPEED_M_S`]; needs times and distances.
    pub moving_s: Option<f64>,
    /// Climbing after the noise filter; needs altitudes.
    pub elevation_gain_m: Option<f64>,
    /// Every rise between points added up, jitter and all (for notes).
    pub raw_elevation_gain_m: Option<f64>,
    /// Needs times and distances.
    pub sprints: Option<u32>,
    /// Needs altitudes.
    pub hill_repeats: Option<u32>,
    /// Steps left out of the distance as GPS jumps.
    pub jumps: Jumps,
}

/// Steps between points too fast to be run, left out of the distance.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Jumps {
    pub count: usize,
    pub metres: f64,
    /// The fastest of them, in m/s (0 when no time told their speed).
    pub fastest_m_s: f64,
}

impl TrackSummary {
    /// The time to report for the run: moving time when there is one, else elapsed.
    pub fn duration_s(&self) -> Option<f64> {
        self.moving_s.filter(|s| *s > 0.0).or(self.elapsed_s)
    }

    /// A note for the user when steps too fast to be run were left out of
    /// the distance, so a distance shorter than another source's is explained.
    pub fn jump_note(&self) -> Option<String> {
        let jumps = self.jumps;
        (jumps.count > 0).then(|| {
            let speed = if jumps.fastest_m_s > 0.0 {
                format!(", the fastest at {:.0} km/h", jumps.fastest_m_s * 3.6)
            } else {
                String::new()
            };
            format!(
                "distance: {} left out as GPS jumps ({:.2} km in all{speed}, faster than anyone \
                 runs); the distance is the track without them",
                crate::words::counted(jumps.count, "step", "steps"),
                jumps.metres / METRES_PER_KM
            )
        })
    }

    /// A note for the user when the altitude jitter alone, summed point to
    /// point, would have made this run a hill session and the filter did not.
    pub fn jitter_note(&self) -> Option<String> {
        let (kept, raw) = (self.elevation_gain_m?, self.raw_elevation_gain_m?);
        let km = self.distance_km;
        let hilly = |metres: f64| km > 0.0 && metres / km >= HILL_CLIMB_M_PER_KM;
        (hilly(raw) && !hilly(kept) && raw - kept >= JITTER_NOTE_MIN_M).then(|| {
            format!(
                "elevation: {kept:.0} m of climbing kept of {raw:.0} m summed point to point; \
                 GPS/barometer jitter under {CLIMB_THRESHOLD_M:.0} m was filtered out, so this \
                 is not counted as a hill session"
            )
        })
    }
}

/// Analyses a track whose points are in the order they were recorded.
pub fn summarise(points: &[TrackPoint]) -> TrackSummary {
    let (distance_so_far, jumps) = cumulative_distance_m(points);
    let has_distance = points
        .iter()
        .any(|p| valid_distance(p.distance_m).is_some() || valid_lat_lon(p.lat_lon).is_some());
    let timed = timed_distances(points, &distance_so_far);
    let elapsed_s = match (timed.first(), timed.last()) {
        (Some(first), Some(last)) => Some(last.seconds - first.seconds),
        _ => None,
    };
    let (moving_s, sprints) = if has_distance && timed.len() >= 2 {
        match speed_per_second(&timed) {
            Some(speeds) => (Some(moving_seconds(&speeds)), Some(count_sprints(&speeds))),
            None => (Some(moving_time_s(&timed)), None),
        }
    } else {
        (None, None)
    };
    let elevations: Vec<f64> = points
        .iter()
        .filter_map(|p| valid_elevation(p.elevation_m))
        .collect();
    let (elevation_gain_m, raw_elevation_gain_m, hill_repeats) = if elevations.is_empty() {
        (None, None, None)
    } else {
        let smoothed = moving_average(&elevations, ELEVATION_SMOOTHING_POINTS);
        let climbs = find_climbs(&smoothed, CLIMB_THRESHOLD_M);
        let gain = climbs.iter().fold(0.0, |sum, c| sum + c.height_m);
        let raw = elevations.windows(2).fold(0.0, |sum, w| match w {
            [a, b] => sum + (b - a).max(0.0),
            _ => sum,
        });
        (Some(gain), Some(raw), Some(count_hill_repeats(&climbs)))
    };
    TrackSummary {
        points: points.len(),
        start: points.iter().find_map(|p| p.time),
        distance_km: distance_so_far.last().copied().unwrap_or(0.0) / METRES_PER_KM,
        elapsed_s,
        moving_s,
        elevation_gain_m,
        raw_elevation_gain_m,
        sprints,
        jumps,
        hill_repeats,
    }
}

/// Great-circle distance in metres between two (latitude, longitude) pairs in degrees.
pub fn haversine_m(from: (f64, f64), to: (f64, f64)) -> f64 {
    let (lat1, lon1) = (from.0.to_radians(), from.1.to_radians());
    let (lat2, lon2) = (to.0.to_radians(), to.1.to_radians());
    let half_dlat = ((lat2 - lat1) / 2.0).sin();
    let half_dlon = ((lon2 - lon1) / 2.0).sin();
    let a = half_dlat * half_dlat + lat1.cos() * lat2.cos() * half_dlon * half_dlon;
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// What is wrong with a track's times when they cannot be one run's: they
/// go back in time between points, or span longer than any run lasts.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenTimes {
    /// Steps from one timed point to the next that go back in time.
    pub backwards: usize,
    /// Points with a time.
    pub timed: usize,
    /// From the earliest time to the latest.
    pub span_s: f64,
    /// The time most points agree on (their median), to date the run by.
    pub typical: NaiveDateTime,
    /// The times were taken off the points: too many go back, or they span
    /// too long. A few steps back in a sound track leave the times on.
    pub removed: bool,
}

impl BrokenTimes {
    /// The note for the file: what is wrong, and what was read instead.
    pub fn note(&self) -> String {
        let what = if self.span_s > MAX_TRACK_S {
            format!(
                "the track's times span {}, longer than any run",
                span_in_words(self.span_s)
            )
        } else {
            format!(
                "the track's times go back at {} of its {} timed points",
                crate::words::thousands(self.backwards as u64),
                crate::words::thousands(self.timed as u64)
            )
        };
        if !self.removed {
            return format!("{what}: those steps were not timed");
        }
        format!(
            "{what}: they were not used; the run is dated {} as most of its points are, \
             distance and climbing only, no duration or sprints",
            self.typical.date()
        )
    }
}

const SECONDS_PER_DAY: f64 = 24.0 * 3600.0;
const DAYS_PER_YEAR: f64 = 365.25;

/// Steps back in time, as a share of the timed points, that a track can
/// have and still keep its times (a watch that logged a point twice).
const BACKWARD_SHARE_KEPT: f64 = 0.01;

/// "3 days", "49 years".
fn span_in_words(seconds: f64) -> String {
    let days = seconds / SECONDS_PER_DAY;
    if days >= DAYS_PER_YEAR {
        format!("{:.0} years", days / DAYS_PER_YEAR)
    } else {
        format!("{days:.0} days")
    }
}

/// Checks a track's times and returns what is wrong with them. When they
/// cannot be one run's (see [`BrokenTimes`]), they are taken off the
/// points, so the track is read as one without times.
pub fn untangle_times(points: &mut [TrackPoint]) -> Option<BrokenTimes> {
    let mut times: Vec<NaiveDateTime> = points.iter().filter_map(|p| p.time).collect();
    let backwards = times.windows(2).filter(|pair| pair[1] < pair[0]).count();
    times.sort_unstable();
    let (first, last) = (*times.first()?, *times.last()?);
    let span_s = seconds_between(Some(first), Some(last)).unwrap_or(0.0);
    if backwards == 0 && span_s <= MAX_TRACK_S {
        return None;
    }
    let removed =
        span_s > MAX_TRACK_S || backwards as f64 > BACKWARD_SHARE_KEPT * times.len() as f64;
    if removed {
        for point in points.iter_mut() {
            point.time = None;
        }
    }
    Some(BrokenTimes {
        backwards,
        timed: times.len(),
        span_s,
        typical: times[times.len() / 2],
        removed,
    })
}

/// Latitude and longitude, when both are on the globe.
pub fn valid_lat_lon(lat_lon: Option<(f64, f64)>) -> Option<(f64, f64)> {
    lat_lon.filter(|(lat, lon)| {
        lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0
    })
}

fn valid_elevation(elevation: Option<f64>) -> Option<f64> {
    elevation.filter(|e| (LOWEST_ELEVATION_M..=HIGHEST_ELEVATION_M).contains(e))
}

fn valid_distance(distance: Option<f64>) -> Option<f64> {
    distance.filter(|d| d.is_finite() && *d >= 0.0)
}

/// Seconds from `from` to `to`, when both are known.
fn seconds_between(from: Option<NaiveDateTime>, to: Option<NaiveDateTime>) -> Option<f64> {
    let (from, to) = (from?, to?);
    // Milliseconds as f64: exact for any span a clock can hold.
    Some((to - from).num_milliseconds() as f64 / 1000.0)
}

/// Distance run up to each point, in metres. The device's own distance is
/// used when the points carry one (it knows about foot pods and treadmills),
/// otherwise the haversine distance between positions. Steps backwards,
/// impossible speeds and GPS steps across a pause are not counted.
fn cumulative_distance_m(points: &[TrackPoint]) -> (Vec<f64>, Jumps) {
    let device = points
        .iter()
        .any(|p| valid_distance(p.distance_m).is_some());
    let mut so_far = Vec::with_capacity(points.len());
    let mut total = 0.0;
    // The last point that had a distance or a position and was believed.
    let mut previous: Option<&TrackPoint> = None;
    let mut paused_since_previous = false;
    let mut doubted_in_a_row = 0;
    let mut jumps = Jumps::default();
    for point in points {
        paused_since_previous |= point.starts_segment;
        let here = if device {
            valid_distance(point.distance_m).map(Measure::Distance)
        } else {
            valid_lat_lon(point.lat_lon).map(Measure::Position)
        };
        let Some(here) = here else {
            so_far.push(total);
            continue;
        };
        let step = previous.and_then(|before| match here {
            Measure::Distance(now) => valid_distance(before.distance_m).map(|then| now - then),
            Measure::Position(_) if paused_since_previous => Some(0.0),
            Measure::Position(now) => {
                valid_lat_lon(before.lat_lon).map(|then| haversine_m(then, now))
            }
        });
        let dt = seconds_between(previous.and_then(|p| p.time), point.time);
        let plausible = step.is_none_or(|step| {
            step.is_finite()
                && step >= 0.0
                && match dt {
                    Some(dt) if dt > 0.0 => step / dt <= MAX_RUNNING_SPEED_M_S,
                    Some(_) => step <= MAX_RUNNING_SPEED_M_S,
                    None => true,
                }
        });
        if let (false, Some(step)) = (plausible, step.filter(|s| s.is_finite() && *s > 0.0)) {
            jumps.count += 1;
            jumps.metres += step;
            if let Some(dt) = dt.filter(|dt| *dt > 0.0) {
                jumps.fastest_m_s = jumps.fastest_m_s.max(step / dt);
            }
        }
        if plausible {
            total += step.unwrap_or(0.0);
            doubted_in_a_row = 0;
            previous = Some(point);
            paused_since_previous = false;
        } else if doubted_in_a_row < MAX_DOUBTED_POINTS {
            // A glitch: measure the next point from the last good one.
            doubted_in_a_row += 1;
        } else {
            // Not a glitch but a new start (a reset counter, a GPS fix after
            // a tunnel): measure on from here, without the jump.
            doubted_in_a_row = 0;
            previous = Some(point);
            paused_since_previous = false;
        }
        so_far.push(total);
    }
    (so_far, jumps)
}

/// What a point says about the distance run.
#[derive(Debug, Clone, Copy)]
enum Measure {
    /// The device's distance so far, in metres.
    Distance(f64),
    /// Latitude and longitude.
    Position((f64, f64)),
}

/// A point's time (seconds since the first timed point) and distance so far.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Timed {
    seconds: f64,
    metres: f64,
}

/// The timed points, with clocks that go backwards or stand still dropped.
fn timed_distances(points: &[TrackPoint], distance_so_far: &[f64]) -> Vec<Timed> {
    let Some(first) = points.iter().find_map(|p| p.time) else {
        return Vec::new();
    };
    let mut timed: Vec<Timed> = Vec::new();
    for (point, metres) in points.iter().zip(distance_so_far) {
        let Some(seconds) = seconds_between(Some(first), point.time) else {
            continue;
        };
        if timed.last().is_none_or(|last| seconds > last.seconds) {
            timed.push(Timed {
                seconds,
                metres: *metres,
            });
        }
    }
    timed
}

/// Seconds at [`MOVING_SPEED_M_S`] or more.
fn moving_seconds(speeds: &[f64]) -> f64 {
    speeds.iter().filter(|s| **s >= MOVING_SPEED_M_S).count() as f64
}

/// Time spent between points at [`MOVING_SPEED_M_S`] or more, for tracks
/// too long to take second by second.
fn moving_time_s(timed: &[Timed]) -> f64 {
    timed.windows(2).fold(0.0, |moving, w| match w {
        [a, b] if (b.metres - a.metres) / (b.seconds - a.seconds) >= MOVING_SPEED_M_S => {
            moving + (b.seconds - a.seconds)
        }
        _ => moving,
    })
}

/// Speed in m/s for each second of the track, from the distance so far
/// interpolated onto whole seconds, with spikes taken out by a running median.
fn speed_per_second(timed: &[Timed]) -> Option<Vec<f64>> {
    let first = timed.first()?;
    let last = timed.last()?;
    let span = last.seconds - first.seconds;
    if !(1.0..=MAX_TRACK_S).contains(&span) {
        return None;
    }
    let seconds = span.floor() as usize;
    let mut distance = Vec::with_capacity(seconds + 1);
    let mut segment = timed.windows(2).peekable();
    for second in 0..=seconds {
        let t = first.seconds + second as f64;
        while segment
            .peek()
            .is_some_and(|w| w.get(1).is_some_and(|b| b.seconds < t))
        {
            segment.next();
        }
        let metres = match segment.peek() {
            Some([a, b]) => {
                let share = ((t - a.seconds) / (b.seconds - a.seconds)).clamp(0.0, 1.0);
                a.metres + share * (b.metres - a.metres)
            }
            _ => last.metres,
        };
        distance.push(metres);
    }
    let raw: Vec<f64> = distance
        .windows(2)
        .map(|w| match w {
            [a, b] => b - a,
            _ => 0.0,
        })
        .collect();
    Some(running_median(&raw, SPIKE_FILTER_S))
}

/// Each value replaced by the median of the `window` values around it.
fn running_median(values: &[f64], window: usize) -> Vec<f64> {
    let half = window / 2;
    let mut around = Vec::with_capacity(window);
    (0..values.len())
        .map(|i| {
            around.clear();
            around.extend(
                values
                    .get(i.saturating_sub(half)..(i + half + 1).min(values.len()))
                    .unwrap_or(&[]),
            );
            median(&mut around).unwrap_or(0.0)
        })
        .collect()
}

fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

/// Short bursts well above the run's own median speed; see the SPRINT constants.
fn count_sprints(speeds: &[f64]) -> u32 {
    let mut moving: Vec<f64> = speeds
        .iter()
        .copied()
        .filter(|s| *s >= MOVING_SPEED_M_S)
        .collect();
    let Some(typical) = median(&mut moving) else {
        return 0;
    };
    let sprint_speed = typical * SPRINT_SPEED_RATIO;
    let mut sprints = 0;
    // The current burst: its first and last fast second.
    let mut burst: Option<(usize, usize)> = None;
    let mut close = |(first, last): (usize, usize)| {
        if (SPRINT_MIN_S..=SPRINT_MAX_S).contains(&(last - first + 1)) {
            sprints += 1;
        }
    };
    for (second, speed) in speeds.iter().enumerate() {
        if *speed < sprint_speed {
            continue;
        }
        burst = match burst {
            Some((first, last)) if second - last <= SPRINT_MERGE_GAP_S + 1 => Some((first, second)),
            Some(done) => {
                close(done);
                Some((second, second))
            }
            None => Some((second, second)),
        };
    }
    if let Some(done) = burst {
        close(done);
    }
    sprints
}

/// Each value replaced by the mean of the `window` values around it.
fn moving_average(values: &[f64], window: usize) -> Vec<f64> {
    let half = window / 2;
    (0..values.len())
        .map(|i| {
            let around = values
                .get(i.saturating_sub(half)..(i + half + 1).min(values.len()))
                .unwrap_or(&[]);
            if around.is_empty() {
                0.0
            } else {
                around.iter().sum::<f64>() / around.len() as f64
            }
        })
        .collect()
}

/// One climb from a bottom to a top.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Climb {
    base_m: f64,
    height_m: f64,
}

/// The climbs in a list of altitudes, with turning points confirmed only
/// once the altitude has moved `threshold` metres away from them.
fn find_climbs(elevations: &[f64], threshold: f64) -> Vec<Climb> {
    let Some(&first) = elevations.first() else {
        return Vec::new();
    };
    let mut climbs = Vec::new();
    let mut rising = false;
    let (mut bottom, mut top) = (first, first);
    for &elevation in elevations {
        if rising {
            if elevation > top {
                top = elevation;
            } else if top - elevation >= threshold {
                climbs.push(Climb {
                    base_m: bottom,
                    height_m: top - bottom,
                });
                rising = false;
                bottom = elevation;
            }
        } else if elevation < bottom {
            bottom = elevation;
        } else if elevation - bottom >= threshold {
            rising = true;
            top = elevation;
        }
    }
    if rising {
        climbs.push(Climb {
            base_m: bottom,
            height_m: top - bottom,
        });
    }
    climbs
}

/// The largest group of climbs that look like the same hill run again and
/// again, or 0 when there is no such group; see the HILL_REPEAT constants.
fn count_hill_repeats(climbs: &[Climb]) -> u32 {
    let candidates: Vec<&Climb> = climbs
        .iter()
        .filter(|c| (HILL_REPEAT_MIN_CLIMB_M..=HILL_REPEAT_MAX_CLIMB_M).contains(&c.height_m))
        .take(MAX_CLIMBS_COMPARED)
        .collect();
    let largest_group = candidates
        .iter()
        .map(|lowest| {
            let highest = lowest.height_m * (1.0 + HILL_REPEAT_SIMILARITY);
            let base_tolerance = (lowest.height_m * HILL_REPEAT_SIMILARITY).max(CLIMB_THRESHOLD_M);
            candidates
                .iter()
                .filter(|c| {
                    (lowest.height_m..=highest).contains(&c.height_m)
                        && (c.base_m - lowest.base_m).abs() <= base_tolerance
                })
                .count()
        })
        .max()
        .unwrap_or(0);
    if largest_group >= HILL_REPEAT_MIN_COUNT {
        u32::try_from(largest_group).unwrap_or(u32::MAX)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    /// Points `steps` seconds after 07:00 on 1 March 2025, untimed where `None`.
    fn timed_points(steps: &[Option<i64>]) -> Vec<TrackPoint> {
        let start = NaiveDate::from_ymd_opt(2025, 3, 1)
            .and_then(|d| d.and_hms_opt(7, 0, 0))
            .unwrap();
        steps
            .iter()
            .map(|step| TrackPoint {
                time: step.map(|s| start + Duration::seconds(s)),
                ..TrackPoint::default()
            })
            .collect()
    }

    #[test]
    fn times_that_go_back_or_span_years_are_found_and_taken_off() {
        let year = 366 * 24 * 3600;
        let forward: Vec<Option<i64>> = (0..200).map(|i| Some(3 * i)).collect();
        let mut one_back = forward.clone();
        one_back.swap(50, 51);
        let backwards: Vec<Option<i64>> = (0..200).map(|i| Some(-3 * i)).collect();
        let mut decades = forward.clone();
        decades[0] = Some(-49 * year);
        let mut untimed = forward.clone();
        untimed[10] = None;
        // steps, found (backwards, removed), words of the note
        type Case<'a> = (&'a [Option<i64>], Option<(usize, bool)>, &'a str);
        let cases: [Case; 6] = [
            (&forward, None, ""),
            (&untimed, None, ""),
            (
                &one_back,
                Some((1, false)),
                "go back at 1 of its 200 timed points: those steps",
            ),
            (&backwards, Some((199, true)), "go back at 199 of its 200"),
            (&decades, Some((0, true)), "span 49 years"),
            (&[None, None], None, ""),
        ];
        for (steps, want, words) in cases {
            let mut points = timed_points(steps);
            let found = untangle_times(&mut points);
            let got = found.as_ref().map(|b| (b.backwards, b.removed));
            assert_eq!(got, want, "{steps:?}");
            if let Some(broken) = found {
                assert!(broken.note().contains(words), "{}", broken.note());
                assert_eq!(
                    broken.typical.date(),
                    NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
                );
                let timed_left = points.iter().filter(|p| p.time.is_some()).count();
                assert_eq!(timed_left == 0, broken.removed);
            }
        }
    }

    /// Metres per degree of latitude.
    const M_PER_DEGREE: f64 = 111_195.0;

    /// A small deterministic noise source, so the tests need no crate.
    struct Noise(u64);

    impl Noise {
        /// Uniform in [-amplitude, amplitude].
        fn next(&mut self, amplitude: f64) -> f64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            ((self.0 % 20_001) as f64 / 10_000.0 - 1.0) * amplitude
        }
    }

    fn start() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 3, 1)
            .and_then(|d| d.and_hms_opt(7, 30, 0))
            .unwrap()
    }

    /// A track sampled once a second, built from stretches of (seconds,
    /// speed m/s, climb rate m/s), northwards along a meridian.
    struct Builder {
        points: Vec<TrackPoint>,
        second: i64,
        metres: f64,
        elevation: f64,
        noise: Noise,
        jitter_m: f64,
        positions: bool,
    }

    impl Builder {
        fn new(jitter_m: f64, positions: bool) -> Builder {
            Builder {
                points: Vec::new(),
                second: 0,
                metres: 0.0,
                elevation: 100.0,
                noise: Noise(0x2545_f491_4f6c_dd1d),
                jitter_m,
                positions,
            }
        }

        fn point(&mut self) {
            let jitter = self.noise.next(self.jitter_m);
            self.points.push(TrackPoint {
                time: Some(start() + Duration::seconds(self.second)),
                lat_lon: self
                    .positions
                    .then_some((46.0 + self.metres / M_PER_DEGREE, 7.0)),
                elevation_m: Some(self.elevation + jitter),
                distance_m: (!self.positions).then_some(self.metres),
                starts_segment: false,
            });
        }

        fn run(mut self, seconds: i64, speed: f64, climb: f64) -> Builder {
            if self.points.is_empty() {
                self.point();
            }
            for _ in 0..seconds {
                self.second += 1;
                self.metres += speed;
                self.elevation += climb;
                self.point();
            }
            self
        }

        /// A GPS point thrown `metres` sideways for one sample.
        fn spike(mut self, metres: f64) -> Builder {
            self = self.run(1, 3.0, 0.0);
            if let Some(TrackPoint {
                lat_lon: Some((lat, lon)),
                ..
            }) = self.points.last_mut()
            {
                *lon += metres / (M_PER_DEGREE * lat.to_radians().cos());
            }
            self
        }

        fn done(self) -> Vec<TrackPoint> {
            self.points
        }
    }

    fn flat_jittery_10k() -> Vec<TrackPoint> {
        let mut track = Builder::new(2.0, true);
        for _ in 0..10 {
            track = track.run(330, 3.0, 0.0).spike(8.0);
        }
        track.done()
    }

    fn six_hill_repeats() -> Vec<TrackPoint> {
        let mut track = Builder::new(1.0, false).run(600, 3.0, 0.0);
        for _ in 0..6 {
            // 100 s up at 0.3 m/s of climbing (30 m), 80 s jogging down.
            track = track.run(100, 2.5, 0.3).run(80, 3.2, -0.375);
        }
        track.run(600, 3.0, 0.0).done()
    }

    fn strides() -> Vec<TrackPoint> {
        let mut track = Builder::new(1.0, true).run(1800, 3.0, 0.0);
        for _ in 0..6 {
            track = track.run(20, 5.0, 0.0).run(60, 2.8, 0.0);
        }
        track.spike(8.0).spike(8.0).run(300, 3.0, 0.0).done()
    }

    fn one_long_climb() -> Vec<TrackPoint> {
        // 5 km at 2.5 m/s, climbing 300 m.
        Builder::new(1.0, false).run(2000, 2.5, 0.15).done()
    }

    fn no_time() -> Vec<TrackPoint> {
        let mut points = Builder::new(0.5, true).run(1000, 5.0, 0.0).done();
        for point in &mut points {
            point.time = None;
        }
        points
    }

    fn with_a_stop() -> Vec<TrackPoint> {
        // 10 min running, 5 min standing while the GPS position wanders, 10 min running.
        let mut track = Builder::new(0.0, true).run(600, 3.0, 0.0);
        for _ in 0..300 {
            track = track.run(1, 0.0, 0.0);
            let drift = track.noise.next(0.3);
            if let Some(TrackPoint {
                lat_lon: Some((lat, _)),
                ..
            }) = track.points.last_mut()
            {
                *lat += drift / M_PER_DEGREE;
            }
        }
        track.run(600, 3.0, 0.0).done()
    }

    /// What a case must give; ranges are inclusive.
    struct Expected {
        distance_km: (f64, f64),
        gain_m: Option<(f64, f64)>,
        moving_s: Option<(f64, f64)>,
        elapsed_s: Option<f64>,
        sprints: Option<u32>,
        hill_repeats: Option<u32>,
    }

    #[test]
    fn tracks_give_distance_time_climbing_sprints_and_repeats() {
        let cases: [(&str, Vec<TrackPoint>, Expected); 7] = [
            (
                "flat 10 km with ±2 m altitude jitter and GPS spikes",
                flat_jittery_10k(),
                Expected {
                    distance_km: (9.9, 10.1),
                    gain_m: Some((0.0, 19.9)),
                    moving_s: Some((3300.0, 3310.0)),
                    elapsed_s: Some(3310.0),
                    sprints: Some(0),
                    hill_repeats: Some(0),
                },
            ),
            (
                "six hill repeats of 30 m",
                six_hill_repeats(),
                Expected {
                    distance_km: (6.6, 6.7),
                    gain_m: Some((165.0, 195.0)),
                    moving_s: Some((2280.0, 2280.0)),
                    elapsed_s: Some(2280.0),
                    sprints: Some(0),
                    hill_repeats: Some(6),
                },
            ),
            (
                "six strides of 20 s after an easy half hour",
                strides(),
                Expected {
                    distance_km: (7.9, 7.95),
                    gain_m: Some((0.0, 5.0)),
                    moving_s: Some((2580.0, 2582.0)),
                    elapsed_s: Some(2582.0),
                    sprints: Some(6),
                    hill_repeats: Some(0),
                },
            ),
            (
                "one long climb of 300 m",
                one_long_climb(),
                Expected {
                    distance_km: (5.0, 5.0),
                    gain_m: Some((290.0, 310.0)),
                    moving_s: Some((2000.0, 2000.0)),
                    elapsed_s: Some(2000.0),
                    sprints: Some(0),
                    hill_repeats: Some(0),
                },
            ),
            (
                "a stop of five minutes at a crossing",
                with_a_stop(),
                Expected {
                    distance_km: (3.6, 3.7),
                    gain_m: Some((0.0, 0.0)),
                    moving_s: Some((1200.0, 1260.0)),
                    elapsed_s: Some(1500.0),
                    sprints: Some(0),
                    hill_repeats: Some(0),
                },
            ),
            (
                "no times",
                no_time(),
                Expected {
                    distance_km: (4.99, 5.01),
                    gain_m: Some((0.0, 0.0)),
                    moving_s: None,
                    elapsed_s: None,
                    sprints: None,
                    hill_repeats: Some(0),
                },
            ),
            (
                "empty track",
                Vec::new(),
                Expected {
                    distance_km: (0.0, 0.0),
                    gain_m: None,
                    moving_s: None,
                    elapsed_s: None,
                    sprints: None,
                    hill_repeats: None,
                },
            ),
        ];
        let within =
            |value: f64, (low, high): (f64, f64)| value >= low - 1e-9 && value <= high + 1e-9;
        for (name, points, expected) in cases {
            let summary = summarise(&points);
            assert!(
                within(summary.distance_km, expected.distance_km),
                "{name}: distance {} km",
                summary.distance_km
            );
            match (summary.elevation_gain_m, expected.gain_m) {
                (Some(gain), Some(range)) => assert!(within(gain, range), "{name}: gain {gain} m"),
                (gain, range) => {
                    assert_eq!(gain.is_some(), range.is_some(), "{name}: gain {gain:?}")
                }
            }
            match (summary.moving_s, expected.moving_s) {
                (Some(moving), Some(range)) => {
                    assert!(within(moving, range), "{name}: moving {moving} s")
                }
                (moving, range) => {
                    assert_eq!(
                        moving.is_some(),
                        range.is_some(),
                        "{name}: moving {moving:?}"
                    )
                }
            }
            assert_eq!(summary.elapsed_s, expected.elapsed_s, "{name}: elapsed");
            assert_eq!(summary.sprints, expected.sprints, "{name}: sprints");
            assert_eq!(
                summary.hill_repeats, expected.hill_repeats,
                "{name}: hill repeats"
            );
            assert_eq!(summary.points, points.len(), "{name}: points");
        }
    }

    #[test]
    fn a_flat_jittery_run_is_not_a_hill_session() {
        // runrisk calls a run a hill session from 20 m of climbing per km.
        let summary = summarise(&flat_jittery_10k());
        let per_km = summary.elevation_gain_m.unwrap() / summary.distance_km;
        assert!(per_km < 20.0, "{per_km} m per km");
        let raw = summary.raw_elevation_gain_m.unwrap();
        assert!(raw > 1000.0, "the jitter was there to filter: {raw} m");
        let note = summary.jitter_note().unwrap();
        assert!(note.contains("not counted as a hill session"), "{note}");
        assert_eq!(summarise(&six_hill_repeats()).jitter_note(), None);
    }

    #[test]
    fn climbs_are_confirmed_only_past_the_threshold() {
        /// Altitudes, and the climbs in them as (base, height).
        type Case<'a> = (&'a [f64], &'a [(f64, f64)]);
        let cases: [Case; 5] = [
            (&[], &[]),
            (&[10.0, 13.0, 10.0, 13.5, 10.0], &[]),
            (&[10.0, 20.0, 15.0, 25.0], &[(10.0, 10.0), (15.0, 10.0)]),
            (&[10.0, 12.0, 14.0, 16.0, 13.0, 30.0], &[(10.0, 20.0)]),
            (&[50.0, 40.0, 30.0, 35.0], &[(30.0, 5.0)]),
        ];
        for (elevations, expected) in cases {
            let climbs: Vec<(f64, f64)> = find_climbs(elevations, CLIMB_THRESHOLD_M)
                .iter()
                .map(|c| (c.base_m, c.height_m))
                .collect();
            assert_eq!(climbs, expected, "{elevations:?}");
        }
    }

    #[test]
    fn repeats_need_three_similar_climbs_from_the_same_base() {
        let climb = |base_m, height_m| Climb { base_m, height_m };
        let cases: [(Vec<Climb>, u32); 6] = [
            (vec![climb(100.0, 30.0); 6], 6),
            (vec![climb(100.0, 30.0); 2], 0),
            (vec![climb(100.0, 300.0)], 0),
            (vec![climb(100.0, 5.0); 8], 0),
            // A rolling road: similar heights, but every hill starts higher.
            (
                (0..5)
                    .map(|i| climb(100.0 + 20.0 * f64::from(i), 15.0))
                    .collect(),
                0,
            ),
            (
                vec![
                    climb(100.0, 20.0),
                    climb(101.0, 22.0),
                    climb(99.0, 40.0),
                    climb(100.0, 21.0),
                ],
                3,
            ),
        ];
        for (climbs, expected) in cases {
            assert_eq!(count_hill_repeats(&climbs), expected, "{climbs:?}");
        }
    }

    #[test]
    fn distances_between_points_by_haversine() {
        let metres = haversine_m((46.0, 7.0), (46.0 + 1000.0 / M_PER_DEGREE, 7.0));
        assert!((metres - 1000.0).abs() < 0.5, "{metres}");
    }

    #[test]
    fn impossible_steps_and_pauses_do_not_add_distance() {
        let at = |second: i64, metres: f64, starts_segment: bool| TrackPoint {
            time: Some(start() + Duration::seconds(second)),
            lat_lon: Some((46.0 + metres / M_PER_DEGREE, 7.0)),
            starts_segment,
            ..TrackPoint::default()
        };
        // A 5 km jump in one second, then a pause after which the runner was
        // driven 2 km: neither counts.
        let points = [
            at(0, 0.0, false),
            at(100, 300.0, false),
            at(101, 5300.0, false),
            at(200, 600.0, false),
            at(300, 2600.0, true),
            at(400, 2900.0, false),
        ];
        let summary = summarise(&points);
        assert!(
            (summary.distance_km - 0.9).abs() < 0.01,
            "{}",
            summary.distance_km
        );
    }
}
