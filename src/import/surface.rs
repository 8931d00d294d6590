//! Where a run's surface comes from when the source has no surface column:
//! the activity type ("Trail Run", "Treadmill Running"), then words in the
//! activity's name ("Parkrun", "Track Tuesday"), then `--surface`.

use crate::model::Surface;
pub use crate::model::SurfaceSource;

/// Words that name a surface, checked in this order (lower case, whole words
/// only, so "Sandra" is not sand and "Bahnhof" is not a track).
const SURFACE_WORDS: [(&str, Surface); 25] = [
    ("treadmill", Surface::Treadmill),
    ("laufband", Surface::Treadmill),
    ("cinta", Surface::Treadmill),
    ("bieżnia", Surface::Treadmill),
    ("løbebånd", Surface::Treadmill),
    ("loopband", Surface::Treadmill),
    ("indoor", Surface::Treadmill),
    ("virtual", Surface::Treadmill),
    ("trail", Surface::Trail),
    ("trails", Surface::Trail),
    ("trailrun", Surface::Trail),
    ("traillauf", Surface::Trail),
    ("trailrunning", Surface::Trail),
    ("track", Surface::Track),
    ("bahn", Surface::Track),
    ("bahntraining", Surface::Track),
    ("parkrun", Surface::Road),
    ("grass", Surface::Grass),
    ("gras", Surface::Grass),
    ("gravel", Surface::Gravel),
    ("schotter", Surface::Gravel),
    ("beach", Surface::Sand),
    ("strand", Surface::Sand),
    ("sand", Surface::Sand),
    ("dunes", Surface::Sand),
];

/// The surface a name or activity type speaks of, if any.
pub fn from_words(text: &str) -> Option<Surface> {
    let words = crate::words::lower_words(text);
    SURFACE_WORDS
        .iter()
        .find(|(word, _)| words.iter().any(|w| w == word))
        .map(|(_, surface)| *surface)
}

/// Picks a run's surface from its activity type, then its name, then the default.
pub fn choose(
    activity_type: Option<&str>,
    name: Option<&str>,
    default: Option<Surface>,
) -> (Option<Surface>, SurfaceSource) {
    if let Some(surface) = activity_type.and_then(from_words) {
        return (Some(surface), SurfaceSource::ActivityType);
    }
    if let Some(surface) = name.and_then(from_words) {
        return (Some(surface), SurfaceSource::Name);
    }
    (default, SurfaceSource::Default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces_from_types_names_and_default() {
        let cases = [
            (
                Some("Trail Run"),
                Some("Morning Run"),
                None,
                Some(Surface::Trail),
                SurfaceSource::ActivityType,
            ),
            (
                Some("Treadmill Running"),
                None,
                None,
                Some(Surface::Treadmill),
                SurfaceSource::ActivityType,
            ),
            (
                Some("Run"),
                Some("Saturday parkrun"),
                None,
                Some(Surface::Road),
                SurfaceSource::Name,
            ),
            (
                Some("Run"),
                Some("Track Tuesday 6x800"),
                None,
                Some(Surface::Track),
                SurfaceSource::Name,
            ),
            (
                Some("Running"),
                Some("Easy"),
                Some(Surface::Road),
                Some(Surface::Road),
                SurfaceSource::Default,
            ),
            (None, None, None, None, SurfaceSource::Default),
            (
                Some("Run"),
                Some("Easy run with Sandra"),
                None,
                None,
                SurfaceSource::Default,
            ),
            (
                Some("Run"),
                Some("Run to the Bahnhof"),
                None,
                None,
                SurfaceSource::Default,
            ),
            (
                Some("Run"),
                Some("Trail-run in the hills"),
                None,
                Some(Surface::Trail),
                SurfaceSource::Name,
            ),
        ];
        for (kind, name, default, surface, source) in cases {
            assert_eq!(
                choose(kind, name, default),
                (surface, source),
                "{kind:?} {name:?}"
            );
        }
    }
}
