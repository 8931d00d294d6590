//! Every limit of what a run can be, in one place for every importer: a
//! value past one of them is an error (or a run left out with a note), not
//! an unusual run.

/// Limits past which a value cannot be true: an error, not an unusual run.
pub const MAX_RUN_KM: f64 = 300.0;
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
