//! The same run given twice is counted once.
//!
//! Exact copies: athlete, day, start time, distance (to the metre) and time
//! (to the second) match. Within one file such rows are kept (two identical
//! easy 5 km runs can be a double day) and counted as repeats for `check`;
//! across inputs, a run already given by another input is dropped, as many
//! times as it appears there.
//!
//! The same run from two sources (a Strava CSV and the watch's FIT file):
//! starts within a few minutes and distances within a few percent; or, for
//! sources in different time zones, starts a whole number of hours apart
//! with distance and time nearly equal. The first input's copy is kept and
//! filled in with what the other knows.
//!
//! Both passes work on sorted runs, so they need no memory per row.

use std::cmp::Ordering;

use super::InputSummary;
use crate::model::Run;

/// Sorts runs by athlete and time, and drops the copies of runs given by more than one input.
pub fn sort_and_dedupe(runs: &mut Vec<Run>, inputs: &mut [InputSummary]) {
    let input_of = |run: &Run| run.origin.input;
    runs.sort_unstable_by(|a, b| same_run_order(a, b).then(a.origin.input.cmp(&b.origin.input)));
    let mut keep = vec![true; runs.len()];
    let mut start = 0;
    while start < runs.len() {
        let end = start
            + runs[start..]
                .iter()
                .take_while(|r| same_run_order(r, &runs[start]) == Ordering::Equal)
                .count();
        if end - start > 1 {
            settle_group(&runs[start..end], &mut keep[start..end], &input_of, inputs);
        }
        start = end;
    }
    let mut flags = keep.into_iter();
    runs.retain(|_| flags.next().unwrap_or(true));
    merge_same_run_from_other_files(runs, inputs);
}

/// Starts at most this far apart are the same run (seconds).
const SAME_START_S: i64 = 5 * 60;
/// Distances within this share of each other are the same run.
const SAME_DISTANCE_SHARE: f64 = 0.03;
/// Across time zones: distance and time within this share of each other.
const SAME_SHIFTED_SHARE: f64 = 0.01;
/// The largest time-zone shift considered (seconds).
const MAX_ZONE_SHIFT_S: i64 = 14 * 3600;
const HOUR_S: i64 = 3600;

/// Whether two runs from different files are one run seen twice.
pub fn is_same_run(a: &Run, b: &Run) -> bool {
    let (Some(start_a), Some(start_b)) = (a.start, b.start) else {
        return false;
    };
    let same_file = a.origin.file == b.origin.file && a.origin.input == b.origin.input;
    if same_file || a.athlete != b.athlete {
        return false;
    }
    let apart = (start_a - start_b).num_seconds().abs();
    let near = |x: f64, y: f64, share: f64| (x - y).abs() <= share * x.max(y);
    if apart <= SAME_START_S {
        return near(a.distance_km, b.distance_km, SAME_DISTANCE_SHARE);
    }
    let off_the_hour = (apart % HOUR_S).min(HOUR_S - apart % HOUR_S);
    let zone_shift = apart <= MAX_ZONE_SHIFT_S && off_the_hour <= SAME_START_S;
    let same_time = match (a.duration_s, b.duration_s) {
        (Some(x), Some(y)) => near(x, y, SAME_SHIFTED_SHARE),
        _ => false,
    };
    zone_shift && same_time && near(a.distance_km, b.distance_km, SAME_SHIFTED_SHARE)
}

/// Drops runs that another file already gives, filling the kept copy.
fn merge_same_run_from_other_files(runs: &mut Vec<Run>, inputs: &mut [InputSummary]) {
    let mut order: Vec<usize> = (0..runs.len())
        .filter(|&i| runs[i].start.is_some())
        .collect();
    order.sort_by_key(|&i| (runs[i].athlete.clone(), runs[i].start, runs[i].origin.input));
    let mut dropped = vec![false; runs.len()];
    for (position, &i) in order.iter().enumerate() {
        if dropped[i] {
            continue;
        }
        for &j in &order[position + 1..] {
            let gap = match (runs[i].start, runs[j].start) {
                (Some(a), Some(b)) => (b - a).num_seconds(),
                _ => break,
            };
            if gap > MAX_ZONE_SHIFT_S + SAME_START_S || runs[j].athlete != runs[i].athlete {
                break;
            }
            if dropped[j] || !is_same_run(&runs[i], &runs[j]) {
                continue;
            }
            let (keep, drop) = if runs[j].origin.input < runs[i].origin.input {
                (j, i)
            } else {
                (i, j)
            };
            let copy = runs[drop].clone();
            runs[keep].fill_missing_from(&copy);
            dropped[drop] = true;
            if let Some(summary) = inputs.get_mut(runs[drop].origin.input) {
                summary.duplicates += 1;
                summary.runs = summary.runs.saturating_sub(1);
            }
            if drop == i {
                break;
            }
        }
    }
    let mut flags = dropped.into_iter();
    runs.retain(|_| !flags.next().unwrap_or(false));
}

/// Within one group of identical runs (sorted by input), keeps the copies of
/// the input that gives the most of them.
fn settle_group(
    group: &[Run],
    keep: &mut [bool],
    input_of: &dyn Fn(&Run) -> usize,
    inputs: &mut [InputSummary],
) {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for run in group {
        let input = input_of(run);
        match counts.last_mut() {
            Some((i, n)) if *i == input => *n += 1,
            _ => counts.push((input, 1)),
        }
    }
    let Some(&(kept_input, kept)) = counts
        .iter()
        .max_by_key(|(i, n)| (*n, std::cmp::Reverse(*i)))
    else {
        return;
    };
    if let Some(summary) = inputs.get_mut(kept_input) {
        summary.repeated_rows += kept - 1;
    }
    for (run, keep) in group.iter().zip(keep.iter_mut()) {
        let input = input_of(run);
        if input != kept_input {
            *keep = false;
            if let Some(summary) = inputs.get_mut(input) {
                summary.duplicates += 1;
                summary.runs = summary.runs.saturating_sub(1);
            }
        }
    }
}

/// Orders runs by athlete and time; equal when they are exact copies.
/// (Athlete names are already case-folded by the interner.)
fn same_run_order(a: &Run, b: &Run) -> Ordering {
    let key = |r: &Run| {
        (
            r.date,
            r.start,
            (r.distance_km * 1000.0).round() as i64,
            r.duration_s.map(|s| s.round() as i64),
        )
    };
    a.athlete.cmp(&b.athlete).then_with(|| key(a).cmp(&key(b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use chrono::NaiveDate;

    /// A run from `file`; files named `b…` are the second input.
    fn run(file: &str, day: u32, km: f64) -> Run {
        let mut origin = Origin::new(file, 2);
        origin.input = usize::from(file.starts_with('b'));
        Run::new(NaiveDate::from_ymd_opt(2025, 1, day).unwrap(), km, origin)
    }

    fn summaries(names: &[&str], runs: &[Run]) -> Vec<InputSummary> {
        names
            .iter()
            .map(|n| {
                let mut s = InputSummary::new(n);
                s.runs = runs.iter().filter(|r| &*r.origin.file == *n).count();
                s
            })
            .collect()
    }

    fn timed(file: &str, hour: u32, minute: u32, km: f64, minutes: f64) -> Run {
        let mut r = run(file, 7, km);
        r.start = NaiveDate::from_ymd_opt(2025, 1, 7)
            .unwrap()
            .and_hms_opt(hour, minute, 0);
        r.duration_s = Some(minutes * 60.0);
        r
    }

    #[test]
    fn the_same_run_from_two_sources() {
        let csv = timed("activities.csv", 7, 30, 10.0, 50.0);
        let cases = [
            (timed("a.fit", 7, 32, 10.15, 50.5), true),
            (timed("a.fit", 7, 50, 10.0, 50.0), false),
            (timed("a.fit", 7, 31, 11.0, 50.0), false),
            (timed("a.fit", 9, 31, 10.02, 50.2), true),
            (timed("a.fit", 9, 31, 10.02, 58.0), false),
            (timed("activities.csv", 7, 30, 10.0, 50.0), false),
        ];
        for (other, same) in cases {
            assert_eq!(
                is_same_run(&csv, &other),
                same,
                "{:?} {}",
                other.start,
                other.distance_km
            );
        }
    }

    #[test]
    fn a_second_source_fills_in_and_is_counted_once() {
        let mut from_csv = timed("a.csv", 7, 30, 10.0, 50.0);
        from_csv.shoe = Some("Trainer".into());
        let mut from_watch = timed("b.fit", 7, 31, 10.1, 50.0);
        from_watch.origin.input = 1;
        from_watch.sprints = Some(6);
        let mut runs = vec![from_watch, from_csv];
        let mut inputs = vec![InputSummary::new("a.csv"), InputSummary::new("b.fit")];
        inputs[0].runs = 1;
        inputs[1].runs = 1;
        sort_and_dedupe(&mut runs, &mut inputs);
        assert_eq!(runs.len(), 1);
        assert_eq!(&*runs[0].origin.file, "a.csv");
        assert_eq!(runs[0].sprints, Some(6));
        assert_eq!((inputs[1].runs, inputs[1].duplicates), (0, 1));
    }

    #[test]
    fn copies_across_files_count_once_and_double_days_stay() {
        let mut runs = vec![
            run("a.csv", 7, 5.0),
            run("a.csv", 7, 5.0),
            run("a.csv", 8, 10.0),
            run("b.csv", 7, 5.0),
            run("b.csv", 7, 5.0),
            run("b.csv", 9, 6.0),
        ];
        let mut inputs = summaries(&["a.csv", "b.csv"], &runs);
        sort_and_dedupe(&mut runs, &mut inputs);
        let kept: Vec<(u32, f64)> = runs
            .iter()
            .map(|r| (chrono::Datelike::day(&r.date), r.distance_km))
            .collect();
        assert_eq!(kept, vec![(7, 5.0), (7, 5.0), (8, 10.0), (9, 6.0)]);
        assert_eq!(
            (
                inputs[0].runs,
                inputs[0].duplicates,
                inputs[0].repeated_rows
            ),
            (3, 0, 1)
        );
        assert_eq!((inputs[1].runs, inputs[1].duplicates), (1, 2));
    }
}
