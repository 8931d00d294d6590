//! The same run given twice is counted once.
//!
//! Exact copies: athlete, day, start time, distance (to the metre) and time
//! (to the second) match. Within one file, copies without a start time are
//! kept (two identical easy 5 km runs can be a double day) and counted as
//! repeats for `check`, while copies with one are one activity listed twice
//! and count once; across files, a run already given by another file is
//! dropped, as many times as it appears there.
//!
//! The same run from two sources (a Strava CSV and the watch's FIT file):
//! starts within a few minutes and distances within a few percent; or, for
//! sources in different time zones, starts a whole number of hours apart
//! with distance and time nearly equal. The first input's copy is kept and
//! filled in with what the other knows.
//!
//! Both passes work on sorted runs. Copies are found by sorting: exact
//! copies are neighbours, and the other passes compare a run only with the
//! runs of other sources that can be its copy (see [`unmatched`]), so a log
//! of many identical rows costs n log n, not a comparison of every pair.

mod unmatched;

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::InputSummary;
use crate::model::Run;
use crate::steps::step;
use unmatched::Unmatched;

/// Sorts runs by athlete and time, and drops the copies of runs given by more than one input.
pub fn sort_and_dedupe(runs: &mut Vec<Run>, inputs: &mut [InputSummary]) {
    drop_exact_copies(runs, inputs);
    merge_same_run_from_other_files(runs, inputs);
    merge_partial_copies(runs, inputs);
}

/// Sorts runs by athlete and time and settles each group of exact copies
/// (neighbours once sorted).
fn drop_exact_copies(runs: &mut Vec<Run>, inputs: &mut [InputSummary]) {
    // A stable sort keeps each file's rows in their order, so the first copy is the one kept.
    runs.sort_by(|a, b| same_run_order(a, b).then(a.origin.input.cmp(&b.origin.input)));
    let mut keep = vec![true; runs.len()];
    let mut start = 0;
    while start < runs.len() {
        let end = start
            + runs[start..]
                .iter()
                .take_while(|r| same_run_order(r, &runs[start]) == Ordering::Equal)
                .count();
        if end - start > 1 {
            settle_group(&mut runs[start..end], &mut keep[start..end], inputs);
        }
        start = end;
    }
    let mut flags = keep.into_iter();
    runs.retain(|_| flags.next().unwrap_or(true));
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
/// Climbs within this many metres of each other agree (or within 3%).
const SAME_CLIMB_M: f64 = 10.0;

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
    if apart <= SAME_START_S && (names_the_other(a, b) || names_the_other(b, a)) {
        // An export's CSV row that names this very file: the same activity,
        // whatever the file's own distance (GPS jumps left out, say).
        return true;
    }
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

/// Whether `a` (a row of an export's CSV) names `b`'s file as its activity
/// file (Strava's `Filename`), compared by file name without `.gz`.
fn names_the_other(a: &Run, b: &Run) -> bool {
    let base = |path: &str| {
        let name = path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(path)
            .to_lowercase();
        name.strip_suffix(".gz").map(str::to_string).unwrap_or(name)
    };
    a.activity_file
        .as_deref()
        .is_some_and(|named| base(named) == base(&b.origin.file))
}

/// Drops runs that another file already gives, filling the kept copy.
/// Runs are taken in order of athlete and start; a run's candidates are the
/// later runs of other files that start within a few minutes of it, or of a
/// whole number of hours after it (up to the largest zone shift), found by
/// binary search and the [`Unmatched`] tree, so no run is compared with the
/// runs of its own file or with runs already matched.
fn merge_same_run_from_other_files(runs: &mut Vec<Run>, inputs: &mut [InputSummary]) {
    let mut order: Vec<usize> = (0..runs.len())
        .filter(|&i| runs[i].start.is_some())
        .collect();
    order.sort_by_key(|&i| (runs[i].athlete.clone(), runs[i].start, runs[i].origin.input));
    let starts: Vec<NaiveDateTime> = order
        .iter()
        .map(|&i| runs[i].start.unwrap_or_default())
        .collect();
    let sources = source_ids(runs, &order);
    let mut unmatched = Unmatched::new(order.len());
    for (place, source) in sources.iter().enumerate() {
        unmatched.set(place, Some(*source));
    }
    let mut dropped = vec![false; runs.len()];
    let athletes: Vec<usize> = order
        .chunk_by(|&a, &b| runs[a].athlete == runs[b].athlete)
        .map(<[usize]>::len)
        .collect();
    let mut athlete_start = 0;
    for athlete_runs in athletes {
        let athlete_end = athlete_start + athlete_runs;
        for place in athlete_start..athlete_end {
            let i = order[place];
            if dropped[i] {
                continue;
            }
            let later = &starts[place + 1..athlete_end];
            'windows: for seconds in candidate_gaps() {
                let gap = |start: &NaiveDateTime| (*start - starts[place]).num_seconds();
                let from = place + 1 + later.partition_point(|s| gap(s) < *seconds.start());
                let to = place + 1 + later.partition_point(|s| gap(s) <= *seconds.end());
                let mut next = from;
                while let Some(other) = unmatched.next_from_other(next, to, sources[place]) {
                    next = other + 1;
                    step();
                    if !is_same_run(&runs[i], &runs[order[other]]) {
                        continue;
                    }
                    let gone = drop_later_copy(runs, (i, order[other]), &mut dropped, inputs);
                    unmatched.set(if gone == i { place } else { other }, None);
                    if gone == i {
                        break 'windows;
                    }
                }
            }
        }
        athlete_start = athlete_end;
    }
    let mut flags = dropped.into_iter();
    runs.retain(|_| !flags.next().unwrap_or(false));
}

/// The gaps between two starts (seconds, the later minus the earlier) at
/// which [`is_same_run`] can say yes: within a few minutes, or within a
/// few minutes of a whole number of hours up to the largest zone shift; in
/// increasing order.
fn candidate_gaps() -> impl Iterator<Item = RangeInclusive<i64>> {
    (0..=MAX_ZONE_SHIFT_S / HOUR_S).map(|hours| {
        let shift = hours * HOUR_S;
        (shift - SAME_START_S).max(0)..=(shift + SAME_START_S).min(MAX_ZONE_SHIFT_S)
    })
}

/// A number for each run's source (its input and file), in the order given.
fn source_ids(runs: &[Run], order: &[usize]) -> Vec<usize> {
    let mut ids: HashMap<(usize, &str), usize> = HashMap::new();
    order
        .iter()
        .map(|&i| {
            let next = ids.len();
            *ids.entry(source_key(&runs[i])).or_insert(next)
        })
        .collect()
}

/// Where a run came from: its input and file.
fn source_key(run: &Run) -> (usize, &str) {
    (run.origin.input, &run.origin.file)
}

/// Of two copies of one run, drops the one from the later input (the
/// second on a tie) after filling the other in with what it knows, and
/// counts it; returns the index dropped.
fn drop_later_copy(
    runs: &mut [Run],
    (i, j): (usize, usize),
    dropped: &mut [bool],
    inputs: &mut [InputSummary],
) -> usize {
    let (keep, drop) = if runs[j].origin.input < runs[i].origin.input {
        (j, i)
    } else {
        (i, j)
    };
    let copy = runs[drop].clone();
    runs[keep].fill_missing_from(&copy);
    dropped[drop] = true;
    if let Some(summary) = inputs.get_mut(copy.origin.input) {
        summary.duplicates += 1;
        summary.runs = summary.runs.saturating_sub(1);
    }
    drop
}

/// Drops a run that another file gives with the same day and distance
/// where one of the two lacks the start time or the duration the other has
/// (a plain date in one log, a date and time in the other) and what both
/// give agrees. The first input's copy is kept and filled in.
fn merge_partial_copies(runs: &mut Vec<Run>, inputs: &mut [InputSummary]) {
    let mut dropped = vec![false; runs.len()];
    for group in same_day_and_distance(runs) {
        if group.len() > 1 {
            merge_partial_copies_in(&group, runs, &mut dropped, inputs);
        }
    }
    let mut flags = dropped.into_iter();
    runs.retain(|_| !flags.next().unwrap_or(false));
}

/// The runs (their places) grouped by athlete, day and distance to the
/// metre, in that order; each group in input order.
fn same_day_and_distance(runs: &[Run]) -> Vec<Vec<usize>> {
    let keys: Vec<_> = runs
        .iter()
        .map(|r| {
            (
                r.athlete.clone(),
                r.date,
                (r.distance_km * 1000.0).round() as i64,
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    order
        .chunk_by(|&a, &b| keys[a] == keys[b])
        .map(<[usize]>::to_vec)
        .collect()
}

/// Which of start time and duration a run gives: runs that give the same
/// are never partial copies of each other.
fn given(run: &Run) -> usize {
    usize::from(run.start.is_some()) * 2 + usize::from(run.duration_s.is_some())
}

/// The four ways of giving a start time and a duration, or not.
const GIVEN_KINDS: usize = 4;

/// [`merge_partial_copies`] within one group of runs of the same athlete,
/// day and distance (in input order). Each run is compared, in order, only
/// with later runs still unmatched that come from another source and give
/// other details than it does now (one [`Unmatched`] tree for each kind).
fn merge_partial_copies_in(
    group: &[usize],
    runs: &mut [Run],
    dropped: &mut [bool],
    inputs: &mut [InputSummary],
) {
    let sources = source_ids(runs, group);
    let mut trees: [Unmatched; GIVEN_KINDS] = std::array::from_fn(|_| Unmatched::new(group.len()));
    for (place, &i) in group.iter().enumerate() {
        trees[given(&runs[i])].set(place, Some(sources[place]));
    }
    for (place, &i) in group.iter().enumerate() {
        let mut next = place + 1;
        while !dropped[i] {
            let kind = given(&runs[i]);
            let Some(other) = (0..GIVEN_KINDS)
                .filter(|&k| k != kind)
                .filter_map(|k| trees[k].next_from_other(next, group.len(), sources[place]))
                .min()
            else {
                break;
            };
            next = other + 1;
            let j = group[other];
            step();
            if !is_partial_copy(&runs[i], &runs[j]) {
                continue;
            }
            let before = given(&runs[j]);
            trees[before].set(other, None);
            if drop_later_copy(runs, (i, j), dropped, inputs) == i {
                // The other copy is kept and filled in: it may give more now.
                trees[given(&runs[j])].set(other, Some(sources[other]));
            }
        }
    }
}

/// Two runs of the same day and distance from different files, one lacking
/// what the other gives, and agreeing on what both give.
fn is_partial_copy(a: &Run, b: &Run) -> bool {
    let same_file = a.origin.file == b.origin.file && a.origin.input == b.origin.input;
    let lacking =
        a.start.is_none() != b.start.is_none() || a.duration_s.is_none() != b.duration_s.is_none();
    let starts_agree = match (a.start, b.start) {
        (Some(x), Some(y)) => (x - y).num_seconds().abs() <= SAME_START_S,
        _ => true,
    };
    let times_agree = match (a.duration_s, b.duration_s) {
        (Some(x), Some(y)) => (x - y).abs() <= SAME_SHIFTED_SHARE * x.max(y),
        _ => true,
    };
    let details_agree = agree(a.surface, b.surface)
        && agree(a.shoe.as_ref(), b.shoe.as_ref())
        && match (a.elevation_gain_m, b.elevation_gain_m) {
            (Some(x), Some(y)) => (x - y).abs() <= SAME_CLIMB_M.max(SAME_DISTANCE_SHARE * x.max(y)),
            _ => true,
        };
    !same_file && lacking && starts_agree && times_agree && details_agree
}

/// Two values agree when they are equal or one of them is not given.
fn agree<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Within one group of identical runs (in input order), keeps the copies
/// of the file that gives the most of them (the first such file on a tie);
/// the copies in other files are the same run given twice. Within the kept
/// file, copies with a time of day are one activity listed twice (two runs
/// cannot start at the same moment) and count once; copies without one are
/// kept as a double day. The first copy kept is filled in with what the
/// dropped copies know, so a foot drag or a shoe in one of them is not lost.
fn settle_group(group: &mut [Run], keep: &mut [bool], inputs: &mut [InputSummary]) {
    let source_of = |run: &Run| (run.origin.input, run.origin.file.clone());
    // Each source's copies and the place of its first copy.
    let mut counts: HashMap<(usize, Arc<str>), (usize, usize)> = HashMap::new();
    for (place, run) in group.iter().enumerate() {
        counts.entry(source_of(run)).or_insert((0, place)).0 += 1;
    }
    let best = counts
        .into_iter()
        .max_by_key(|(_, (copies, first))| (*copies, Reverse(*first)));
    let Some(((kept_input, kept_file), (kept, _))) = best else {
        return;
    };
    let kept_source = (kept_input, kept_file);
    let timed = has_time_of_day(&group[0]);
    if let Some(summary) = inputs.get_mut(kept_input) {
        if timed {
            summary.repeated_starts += kept - 1;
            summary.runs = summary.runs.saturating_sub(kept - 1);
        } else {
            summary.repeated_rows += kept - 1;
        }
    }
    let mut first_kept = None;
    for (i, (run, keep)) in group.iter().zip(keep.iter_mut()).enumerate() {
        if source_of(run) == kept_source {
            *keep = first_kept.is_none() || !timed;
            first_kept.get_or_insert(i);
        } else {
            *keep = false;
            if let Some(summary) = inputs.get_mut(run.origin.input) {
                summary.duplicates += 1;
                summary.runs = summary.runs.saturating_sub(1);
            }
        }
    }
    if let Some(first) = first_kept {
        // The dropped copies; a double day's other runs are runs of their own.
        for i in 0..group.len() {
            if i != first && !keep[i] {
                let copy = group[i].clone();
                group[first].fill_missing_from(&copy);
            }
        }
    }
}

/// Whether a run's start gives a time of day: a date stored as midnight
/// (`2025-03-03 00:00:00`) does not, so two such rows can be a double day.
fn has_time_of_day(run: &Run) -> bool {
    run.start
        .is_some_and(|start| start.time() != chrono::NaiveTime::MIN)
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

    /// The copies as they were first found, comparing every pair.
    fn pairwise(runs: &mut Vec<Run>, inputs: &mut [InputSummary]) {
        drop_exact_copies(runs, inputs);
        let mut order: Vec<usize> = (0..runs.len())
            .filter(|&i| runs[i].start.is_some())
            .collect();
        order.sort_by_key(|&i| (runs[i].athlete.clone(), runs[i].start, runs[i].origin.input));
        let mut pairs = Vec::new();
        for (position, &i) in order.iter().enumerate() {
            pairs.extend(order[position + 1..].iter().map(|&j| (i, j)));
        }
        drop_pairs(runs, inputs, &pairs, is_same_run);
        let mut pairs = Vec::new();
        for group in same_day_and_distance(runs) {
            for (position, &i) in group.iter().enumerate() {
                pairs.extend(group[position + 1..].iter().map(|&j| (i, j)));
            }
        }
        drop_pairs(runs, inputs, &pairs, is_partial_copy);
    }

    fn drop_pairs(
        runs: &mut Vec<Run>,
        inputs: &mut [InputSummary],
        pairs: &[(usize, usize)],
        same: fn(&Run, &Run) -> bool,
    ) {
        let mut dropped = vec![false; runs.len()];
        for &(i, j) in pairs {
            if !dropped[i] && !dropped[j] && same(&runs[i], &runs[j]) {
                drop_later_copy(runs, (i, j), &mut dropped, inputs);
            }
        }
        let mut flags = dropped.into_iter();
        runs.retain(|_| !flags.next().unwrap_or(false));
    }

    /// `count` runs of two days from files `a.csv`, `b.csv` (the second
    /// input) and `a2.csv` (the first input's other file): starts missing or
    /// minutes and hours apart, durations missing or nearly equal, a few
    /// distances, surfaces and shoes (a fixed pseudo-random sequence).
    fn mixed_log(count: usize) -> Vec<Run> {
        let mut seed: u64 = 11;
        let mut next = |below: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) % below) as u32
        };
        (0..count)
            .map(|_| {
                let file = ["a.csv", "b.csv", "a2.csv"][next(3) as usize];
                let minutes = 50.0 + f64::from(next(3)) * 0.3;
                let mut r = timed(
                    file,
                    6 + next(3),
                    next(8),
                    10.0 + f64::from(next(3)) * 0.1,
                    minutes,
                );
                r.date += chrono::Duration::days(i64::from(next(2)));
                r.start = r
                    .start
                    .map(|s| s + chrono::Duration::days((r.date - s.date()).num_days()));
                if next(3) == 0 {
                    r.start = None;
                }
                if next(3) == 0 {
                    r.duration_s = None;
                }
                if next(4) == 0 {
                    r.surface = Some(crate::model::Surface::Trail);
                }
                if next(4) == 0 {
                    r.shoe = Some(["Pegasus", "Clifton"][next(2) as usize].into());
                }
                r.sprints = Some(next(3));
                r
            })
            .collect()
    }

    #[test]
    fn sorting_finds_the_copies_that_comparing_every_pair_finds() {
        for count in [2, 5, 30, 200, 600] {
            let runs = mixed_log(count);
            let names = ["a.csv", "b.csv"];
            let (mut sorted, mut paired) = (runs.clone(), runs);
            let mut sorted_inputs = summaries(&names, &sorted);
            let mut paired_inputs = sorted_inputs.clone();
            sort_and_dedupe(&mut sorted, &mut sorted_inputs);
            pairwise(&mut paired, &mut paired_inputs);
            assert_eq!(sorted, paired, "{count} runs");
            assert_eq!(sorted_inputs, paired_inputs, "{count} runs");
            assert!(
                count < 30 || sorted.len() < count - count / 10,
                "{count} runs: copies are found"
            );
        }
    }

    type MakeLog = dyn Fn(usize) -> Vec<Run>;

    /// Steps of [`sort_and_dedupe`] on the log `make` gives for 1k and 8k.
    fn growth(make: impl Fn(usize) -> Vec<Run>) -> (u64, u64) {
        let steps = |count: usize| {
            let mut runs = make(count);
            let mut inputs = summaries(&["a.csv", "b.csv"], &runs);
            crate::steps::counted(|| sort_and_dedupe(&mut runs, &mut inputs)).1
        };
        (steps(1_000), steps(8_000))
    }

    #[test]
    fn copies_are_found_in_n_log_n() {
        let identical = |count: usize| vec![run("a.csv", 7, 5.0); count];
        let in_two_files = |count: usize| {
            (0..count)
                .map(|n| match n % 2 {
                    0 => run("a.csv", 7, 5.0),
                    _ => timed("b.csv", 7, 0, 5.0, 30.0),
                })
                .collect()
        };
        let a_busy_day = |count: usize| {
            (0..count)
                .map(|n| timed("a.csv", 6, 0, 5.0 + n as f64 * 0.01, 30.0))
                .map(|mut r| {
                    r.start = r
                        .start
                        .map(|s| s + chrono::Duration::seconds(r.distance_km as i64));
                    r
                })
                .collect()
        };
        let logs: [(&str, &MakeLog); 3] = [
            ("identical rows", &identical),
            ("untimed and timed copies in two files", &in_two_files),
            ("timed runs of one file within 14 hours", &a_busy_day),
        ];
        for (what, make) in logs {
            let (small, large) = growth(make);
            assert!(small > 0, "{what}");
            assert!(
                large < crate::steps::MAX_GROWTH_AT_8X * small,
                "{what}: 1k runs {small} steps, 8k runs {large}"
            );
        }
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

    #[test]
    fn copies_with_a_start_time_are_one_activity() {
        let mut runs = vec![
            timed("a.csv", 7, 30, 10.0, 50.0),
            timed("a.csv", 7, 30, 10.0, 50.0),
            timed("a.csv", 18, 0, 10.0, 50.0),
        ];
        let mut inputs = summaries(&["a.csv"], &runs);
        sort_and_dedupe(&mut runs, &mut inputs);
        assert_eq!(runs.len(), 2, "the evening run is another run");
        assert_eq!(
            (
                inputs[0].runs,
                inputs[0].repeated_starts,
                inputs[0].repeated_rows
            ),
            (2, 1, 0)
        );
    }

    #[test]
    fn copies_in_two_files_of_one_folder_count_once() {
        let mut first = timed("watch/a.fit", 7, 30, 10.0, 50.0);
        let mut second = timed("watch/b.fit", 7, 30, 10.0, 50.0);
        first.origin.input = 0;
        second.origin.input = 0;
        let mut runs = vec![first, second];
        let mut inputs = vec![InputSummary::new("watch")];
        inputs[0].runs = 2;
        sort_and_dedupe(&mut runs, &mut inputs);
        assert_eq!(runs.len(), 1);
        assert_eq!(
            (
                inputs[0].runs,
                inputs[0].duplicates,
                inputs[0].repeated_rows
            ),
            (1, 1, 0)
        );
    }

    #[test]
    fn a_copy_lacking_the_time_or_duration_of_the_other_counts_once() {
        let plain = |file: &str| {
            let mut r = run(file, 7, 10.0);
            r.duration_s = Some(3000.0);
            r
        };
        let untimed = |file: &str| run(file, 7, 10.0);
        let cases: [(Run, Run, usize); 5] = [
            (plain("a.csv"), timed("b.csv", 7, 0, 10.0, 50.0), 1),
            (untimed("a.csv"), plain("b.csv"), 1),
            (untimed("a.csv"), timed("b.csv", 7, 0, 10.0, 50.0), 1),
            (plain("a.csv"), timed("b.csv", 7, 0, 10.0, 58.0), 2),
            (untimed("a.csv"), plain("a.csv"), 2),
        ];
        for (a, b, want) in cases {
            let mut runs = vec![a, b];
            let mut inputs = summaries(&["a.csv", "b.csv"], &runs);
            sort_and_dedupe(&mut runs, &mut inputs);
            assert_eq!(runs.len(), want, "{runs:?}");
            if want == 1 {
                assert_eq!(runs[0].duration_s, Some(3000.0));
                assert_eq!(inputs.iter().map(|i| i.duplicates).sum::<usize>(), 1);
            }
        }
    }

    #[test]
    fn a_copy_counted_once_still_gives_what_it_knows() {
        let plain = timed("a.csv", 7, 0, 10.0, 50.0);
        let mut dragged = plain.clone();
        dragged.foot_drag = true;
        dragged.shoe = Some("Pegasus".into());
        for runs in [vec![plain.clone(), dragged.clone()], vec![dragged, plain]] {
            let mut runs = runs;
            let mut inputs = summaries(&["a.csv"], &runs);
            sort_and_dedupe(&mut runs, &mut inputs);
            assert_eq!(runs.len(), 1);
            assert!(
                runs[0].foot_drag,
                "the red flag of the dropped copy is kept"
            );
            assert_eq!(runs[0].shoe.as_deref(), Some("Pegasus"));
        }
    }

    #[test]
    fn dates_stored_at_midnight_can_still_be_a_double_day() {
        let mut runs = vec![
            timed("a.csv", 0, 0, 5.0, 25.0),
            timed("a.csv", 0, 0, 5.0, 25.0),
        ];
        let mut inputs = summaries(&["a.csv"], &runs);
        sort_and_dedupe(&mut runs, &mut inputs);
        assert_eq!(runs.len(), 2);
        assert_eq!(inputs[0].repeated_rows, 1);
    }

    #[test]
    fn copies_that_disagree_on_surface_shoe_or_climb_are_two_runs() {
        let mut morning = run("a.csv", 7, 5.0);
        morning.surface = Some(crate::model::Surface::Treadmill);
        let mut evening = timed("b.csv", 18, 30, 5.0, 31.0);
        evening.surface = Some(crate::model::Surface::Trail);
        let mut runs = vec![morning, evening];
        let mut inputs = summaries(&["a.csv", "b.csv"], &runs);
        sort_and_dedupe(&mut runs, &mut inputs);
        assert_eq!(
            runs.len(),
            2,
            "a treadmill run and a trail run are not one run"
        );
    }
}
