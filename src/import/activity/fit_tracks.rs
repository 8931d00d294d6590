//! Which records of a FIT file belong to which session. A multisport file,
//! or many FIT files chained in one stream, holds the records of every
//! session together; a session's own are those recorded while it ran.
//! Records are sorted by time once and each session takes its window by
//! binary search, and sessions that ran over the same window share one
//! summary, so a file of many sessions is not read once per session.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::import::activity::track::{self, TrackPoint, TrackSummary};
use crate::steps::step;

/// When a session ran (start, end), if its summary tells.
pub type Window = Option<(NaiveDateTime, NaiveDateTime)>;

/// The records of a file as track points, and the summaries made of them.
pub struct SessionTracks<'p> {
    /// Every record, in file order.
    points: &'p [TrackPoint],
    /// The time and place of each timed point, in time order (file order on a tie).
    by_time: Vec<(NaiveDateTime, usize)>,
    /// How many sessions the file has: the one session of a file takes
    /// every record when it does not say when it ran.
    sessions: usize,
    made: HashMap<Window, TrackSummary>,
}

impl<'p> SessionTracks<'p> {
    pub fn new(points: &'p [TrackPoint], sessions: usize) -> SessionTracks<'p> {
        let mut by_time: Vec<(NaiveDateTime, usize)> = points
            .iter()
            .enumerate()
            .filter_map(|(place, point)| Some((point.time?, place)))
            .collect();
        by_time.sort_unstable();
        SessionTracks {
            points,
            by_time,
            sessions,
            made: HashMap::new(),
        }
    }

    /// The summary of the track of a session that ran over `window`.
    pub fn summary(&mut self, window: Window) -> TrackSummary {
        if let Some(made) = self.made.get(&window) {
            return made.clone();
        }
        let summary = track::summarise(&self.points_in(window));
        self.made.insert(window, summary.clone());
        summary
    }

    /// The points recorded while a session ran, in file order: those timed
    /// within its window, or every point for the one session of a file
    /// that does not say when it ran.
    fn points_in(&self, window: Window) -> Vec<TrackPoint> {
        let Some((start, end)) = window else {
            return if self.sessions == 1 {
                self.points.to_vec()
            } else {
                Vec::new()
            };
        };
        let from = self.by_time.partition_point(|(time, _)| *time < start);
        let to = self.by_time.partition_point(|(time, _)| *time <= end);
        let mut places: Vec<usize> = self
            .by_time
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .map(|(_, place)| *place)
            .inspect(|_| step())
            .collect();
        places.sort_unstable();
        places.iter().map(|&place| self.points[place]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn at(seconds: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 3, 2)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap()
            + Duration::seconds(seconds)
    }

    fn point(seconds: Option<i64>, metres: f64) -> TrackPoint {
        TrackPoint {
            time: seconds.map(at),
            distance_m: Some(metres),
            ..TrackPoint::default()
        }
    }

    #[test]
    fn a_session_takes_the_records_of_its_window_in_file_order() {
        // Records out of time order, one untimed, one at each edge.
        let points = [
            point(Some(20), 3.0),
            point(Some(0), 1.0),
            point(None, 9.0),
            point(Some(10), 2.0),
            point(Some(30), 4.0),
        ];
        let tracks = SessionTracks::new(&points, 2);
        let distances = |window: Window| -> Vec<Option<f64>> {
            tracks
                .points_in(window)
                .iter()
                .map(|p| p.distance_m)
                .collect()
        };
        assert_eq!(
            distances(Some((at(0), at(20)))),
            [Some(3.0), Some(1.0), Some(2.0)]
        );
        assert_eq!(distances(Some((at(11), at(29)))), [Some(3.0)]);
        assert_eq!(distances(Some((at(20), at(10)))), Vec::<Option<f64>>::new());
        assert_eq!(distances(None), Vec::<Option<f64>>::new());
        let alone = SessionTracks::new(&points, 1);
        assert_eq!(alone.points_in(None).len(), points.len());
    }

    /// `count` sessions of a minute each, a record every 2 s, 3 m/s.
    fn sessions(count: i64) -> (Vec<TrackPoint>, Vec<Window>) {
        let points = (0..count * 30)
            .map(|n| point(Some(n * 2), n as f64 * 6.0))
            .collect();
        let windows = (0..count)
            .map(|n| Some((at(n * 60), at(n * 60 + 58))))
            .collect();
        (points, windows)
    }

    #[test]
    fn many_sessions_are_read_in_n_log_n() {
        let steps = |count: i64| {
            let (points, windows) = sessions(count);
            let mut tracks = SessionTracks::new(&points, windows.len());
            crate::steps::counted(|| {
                windows
                    .iter()
                    .map(|window| tracks.summary(*window).points)
                    .sum::<usize>()
            })
        };
        let ((small_points, small), (large_points, large)) = (steps(1_000), steps(8_000));
        assert_eq!((small_points, large_points), (30_000, 240_000));
        assert!(
            large < crate::steps::MAX_GROWTH_AT_8X * small,
            "1k sessions: {small} steps, 8k sessions: {large}"
        );
    }
}
