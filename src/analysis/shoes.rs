//! Shoes in use and shoes retired: each shoe's distance after its last run
//! and the day of that run, and whether it has rested long enough to count
//! as retired.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::Timeline;

/// A shoe not run in for this many days is retired.
pub const RETIRED_AFTER_DAYS: i64 = 60;

/// One shoe of the log as it stands after its last run up to some day.
#[derive(Debug, Clone, PartialEq)]
pub struct Shoe {
    pub name: String,
    /// The distance on it after its last run.
    pub km: f64,
    pub last_run: NaiveDate,
}

impl Shoe {
    /// Not run in for [`RETIRED_AFTER_DAYS`] days or more on `day`.
    pub fn is_retired(&self, day: NaiveDate) -> bool {
        (day - self.last_run).num_days() >= RETIRED_AFTER_DAYS
    }
}

/// The shoes of the runs in `runs` (indices into the timeline's runs), most
/// recently run first, each with its distance after the last of them.
pub fn shoes(timeline: &Timeline, runs: Range<usize>) -> Vec<Shoe> {
    let mut last: BTreeMap<&str, usize> = BTreeMap::new();
    for i in runs {
        if let Some(shoe) = &timeline.runs[i].shoe {
            last.insert(shoe, i);
        }
    }
    let mut shoes: Vec<(usize, Shoe)> = last
        .into_iter()
        .filter_map(|(name, i)| {
            let run = &timeline.runs[i];
            let before = timeline.facts[i].shoe_km_before?;
            let shoe = Shoe {
                name: name.to_string(),
                km: before + run.distance_km,
                last_run: run.date,
            };
            Some((i, shoe))
        })
        .collect();
    shoes.sort_by_key(|(i, _)| std::cmp::Reverse(*i));
    shoes.into_iter().map(|(_, shoe)| shoe).collect()
}

/// The shoes of the whole log on its last day, split into those in use and
/// those retired.
pub fn in_use_and_retired(timeline: &Timeline) -> (Vec<Shoe>, Vec<Shoe>) {
    let last_day = timeline.last_day();
    shoes(timeline, 0..timeline.runs.len())
        .into_iter()
        .partition(|shoe| !shoe.is_retired(last_day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    fn in_shoe(day: i64, shoe: &str) -> crate::model::Run {
        let mut r = run(day, 10.0);
        r.shoe = Some(shoe.into());
        r
    }

    /// A Sunday, so the log ends on the day of its last run.
    const LAST_DAY: i64 = 6 + 7 * 12;

    #[test]
    fn a_shoe_rests_into_retirement() {
        let cases = [
            (0, false),
            (RETIRED_AFTER_DAYS - 1, false),
            (RETIRED_AFTER_DAYS, true),
            (RETIRED_AFTER_DAYS + 30, true),
        ];
        for (rested, retired) in cases {
            let runs = vec![in_shoe(LAST_DAY - rested, "Old"), in_shoe(LAST_DAY, "New")];
            let timeline = Timeline::build(None, runs).unwrap();
            let (in_use, gone) = in_use_and_retired(&timeline);
            let names = |shoes: &[Shoe]| shoes.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
            assert_eq!(
                names(&gone),
                if retired { vec!["Old"] } else { vec![] },
                "{rested} days"
            );
            assert_eq!(in_use.len(), if retired { 1 } else { 2 }, "{rested} days");
        }
    }

    #[test]
    fn most_recent_first_with_the_distance_after_the_last_run() {
        let runs = vec![
            in_shoe(0, "A"),
            in_shoe(1, "B"),
            in_shoe(2, "A"),
            in_shoe(3, "C"),
        ];
        let timeline = Timeline::build(None, runs).unwrap();
        let all = shoes(&timeline, 0..timeline.runs.len());
        let got: Vec<_> = all.iter().map(|s| (s.name.as_str(), s.km)).collect();
        assert_eq!(got, vec![("C", 10.0), ("A", 20.0), ("B", 10.0)]);
        let early = shoes(&timeline, 0..2);
        assert_eq!(early[0].name, "B");
        assert_eq!(early[1].km, 10.0, "A before its second run");
    }
}
