//! Races told by their names. Exports have no `type` column, but runners
//! name their races: "Berlin Marathon", "Saturday parkrun", "Stadtlauf 10K".
//! A race is a planned effort, so runrisk must know one when it sees one,
//! and must not take "Marathon pace run" or "race-pace intervals" for one.

/// Whole words (lower case) that name a race, in the languages runrisk reads.
const RACE_WORDS: [&str; 20] = [
    "race",
    "racing",
    "marathon",
    "halfmarathon",
    "parkrun",
    "5k",
    "10k",
    "15k",
    "21k",
    "42k",
    "wettkampf",
    "halbmarathon",
    "volkslauf",
    "stadtlauf",
    "carrera",
    "maratón",
    "maraton",
    "maratona",
    "półmaraton",
    "zawody",
];

/// Words that make a name a training session even beside a race word
/// ("Marathon pace", "race-pace tempo", "10K intervals").
const TRAINING_WORDS: [&str; 11] = [
    "pace",
    "tempo",
    "intervals",
    "interval",
    "training",
    "workout",
    "session",
    "repeats",
    "strides",
    "recce",
    "recon",
];

/// Whether an activity's name says it was a race.
pub fn is_race_name(name: &str) -> bool {
    let words = crate::words::lower_words(name);
    let race = words.iter().any(|w| RACE_WORDS.contains(&w.as_str()));
    race && !words.iter().any(|w| TRAINING_WORDS.contains(&w.as_str()))
}

/// Race distances that names give, in km: `5K`, `10K`, half marathon, marathon.
const NAMED_DISTANCES: [(&str, f64); 10] = [
    ("5k", 5.0),
    ("10k", 10.0),
    ("15k", 15.0),
    ("21k", 21.0975),
    ("42k", 42.195),
    ("halfmarathon", 21.0975),
    ("halbmarathon", 21.0975),
    ("półmaraton", 21.0975),
    ("marathon", 42.195),
    ("maratón", 42.195),
];

/// The distance an activity's name says it was (`Parkrun 5K`, `Berlin
/// Marathon`, `Half Marathon`), in km, when it names one.
pub fn distance_named(name: &str) -> Option<f64> {
    let words =
        crate::words::lower_words(&name.to_lowercase().replace("half marathon", "halfmarathon"));
    NAMED_DISTANCES
        .iter()
        .find(|(word, _)| words.iter().any(|w| w == word))
        .map(|(_, km)| *km)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn race_names_and_training_names() {
        let cases = [
            ("Berlin Marathon", true),
            ("Saturday parkrun", true),
            ("Stadtlauf 10K", true),
            ("Half-Marathon de Paris", true),
            ("Carrera popular 10k", true),
            ("Wettkampf", true),
            ("Marathon pace run", false),
            ("Race-pace intervals", false),
            ("10K tempo", false),
            ("Morning Run", false),
            ("Spacerace", false),
            ("Paces and places", false),
            ("Embrace the rain", false),
        ];
        for (name, race) in cases {
            assert_eq!(is_race_name(name), race, "{name}");
        }
    }

    #[test]
    fn distances_named_in_titles() {
        let cases = [
            ("Turkey Trot 5K", Some(5.0)),
            ("City 10K", Some(10.0)),
            ("Half Marathon", Some(21.0975)),
            ("Berlin Marathon", Some(42.195)),
            ("Halbmarathon Köln", Some(21.0975)),
            ("Marathon pace run", Some(42.195)),
            ("Easy run", None),
            ("15km tempo", None),
        ];
        for (title, km) in cases {
            assert_eq!(distance_named(title), km, "{title}");
        }
    }
}
