//! Pure analysis of one athlete's runs: the calendar of days and ISO weeks,
//! and the load figures (ratios, monotony, streaks, windows) the rules read.

pub mod calendar;
pub mod intensity;
pub mod load;
mod pace_window;
pub mod phases;
pub mod shoes;

pub use calendar::{RunFacts, Timeline, WeekMetrics};
