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
    let text = name.to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let race = words.iter().any(|w| RACE_WORDS.contains(w));
    race && !words.iter().any(|w| TRAINING_WORDS.contains(w))
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
}
