//! Pure analysis of one athlete's runs: the calendar of days and ISO weeks,
//! and the load figures (ratios, monotony, streaks, windows) the rules read.

pub mod calendar;
pub mod load;

pub use calendar::{RunFacts, Timeline, WeekMetrics};
