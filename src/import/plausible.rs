//! Every limit of what a run can be, in one place for every importer: a
//! value past one of them is an error (or a run left out with a note), not
//! an unusual run.

use chrono::{Datelike, NaiveDate};

use crate::model::Run;

/// Limits past which a value cannot be true: an error, not an unusual run.
pub const MAX_RUN_KM: f64 = 300.0;
/// Other sessions (a ride, a walk) can be longer than a run, not this long.
pub const MAX_SESSION_KM: f64 = 1_000.0;
/// The fastest plausible average pace, in seconds per km (2:00/km).
pub const FASTEST_PACE_S_PER_KM: f64 = 120.0;
/// The fastest plausible pace as runners write it (`2:00/km`).
pub fn fastest_pace() -> String {
    let seconds = FASTEST_PACE_S_PER_KM.round() as u32;
    format!("{}:{:02}/km", seconds / 60, seconds % 60)
}

/// The longest a run can last, in seconds (100 hours: the longest races end sooner).
pub const MAX_DURATION_S: f64 = 100.0 * 3600.0;
/// The most climbing one run can plausibly hold, in metres.
pub const MAX_ELEVATION_GAIN_M: f64 = 15_000.0;
/// A shoe distance beyond this is a typo, in km.
pub const MAX_SHOE_KM: f64 = 20_000.0;

/// Runs before this year are typos (a year of 0025 or 1025).
pub const EARLIEST_YEAR: i32 = 1970;

/// The slowest average pace a run can have, in seconds per km (30:00/km):
/// slower is a walk with stops, or a time in the wrong unit.
pub const SLOWEST_PACE_S_PER_KM: f64 = 1800.0;
/// The slowest plausible pace as runners write it (`30:00/km`).
pub fn slowest_pace() -> String {
    let seconds = SLOWEST_PACE_S_PER_KM.round() as u32;
    format!("{}:{:02}/km", seconds / 60, seconds % 60)
}

/// Days after today a run may be dated: a run logged in a time zone ahead
/// of this machine's clock can carry tomorrow's date.
const FUTURE_GRACE_DAYS: i64 = 1;

/// Whether a run's day cannot have happened yet.
pub fn is_future(day: NaiveDate, today: NaiveDate) -> bool {
    day > today + chrono::Duration::days(FUTURE_GRACE_DAYS)
}

/// Why a run from an activity file cannot be true, if it cannot: a date in
/// the future or before 1970 (a watch whose clock was wrong), or a distance
/// or pace no runner reaches. CSV rows get the same checks as located errors.
pub fn implausible(run: &Run, today: NaiveDate) -> Option<String> {
    if is_future(run.date, today) {
        return Some(format!(
            "dated in the future ({}); check the watch's clock",
            run.date
        ));
    }
    if run.date.year() < EARLIEST_YEAR {
        return Some(format!(
            "dated before {} ({}); check the watch's clock",
            EARLIEST_YEAR, run.date
        ));
    }
    if run.distance_km > MAX_RUN_KM {
        return Some(format!(
            "longer than any run can be ({:.0} km)",
            run.distance_km
        ));
    }
    if run
        .pace_s_per_km()
        .is_some_and(|pace| pace < FASTEST_PACE_S_PER_KM)
    {
        return Some(format!("faster than {} on average", fastest_pace()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tomorrow_is_allowed_for_time_zones_the_day_after_is_future() {
        let today = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        let cases = [(9, false), (10, false), (11, false), (12, true)];
        for (day, future) in cases {
            let day = NaiveDate::from_ymd_opt(2025, 3, day).unwrap();
            assert_eq!(is_future(day, today), future, "{day}");
        }
    }
}
