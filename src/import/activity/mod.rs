//! Activity files as watches and phones write them (GPX, TCX, FIT) and Apple
//! Health's export: XML or binary records of one activity or many, each turned
//! into a run with the details a CSV lacks (sprints, hill repeats, climbing)
//! through the shared track analysis.

pub mod apple;
pub mod fit;
mod fit_fields;
mod fit_tracks;
pub mod gpx;
pub mod tcx;
mod track;
mod xml;
