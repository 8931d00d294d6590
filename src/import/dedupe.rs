//! The same run given twice is counted once. Runs are the same when athlete,
//! day, start time, distance (to the metre) and time (to the second) match.
//! Within one file such rows are kept (two identical easy 5 km runs can be a
//! double day) and counted as repeats for `check`; across files, a run
//! already given by another input is dropped, as many times as it appears
//! there. Works on the sorted runs, so it needs no memory per row.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use super::InputSummary;
use crate::model::Run;

/// Sorts runs by athlete and time, and drops the copies of runs given by more than one input.
pub fn sort_and_dedupe(runs: &mut Vec<Run>, inputs: &mut [InputSummary]) {
    let order: HashMap<String, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.input.clone(), i))
        .collect();
    let input_of = |run: &Run| order.get(&*run.origin.file).copied().unwrap_or(0);
    runs.sort_by(|a, b| same_run_order(a, b).then(input_of(a).cmp(&input_of(b))));
    let mut keep = vec![true; runs.len()];
    let mut start = 0;
    while start < runs.len() {
        let end = start
            + runs[start..]
                .iter()
                .take_while(|r| same_run_order(r, &runs[start]) == Ordering::Equal)
                .count();
        settle_group(&runs[start..end], &mut keep[start..end], &input_of, inputs);
        start = end;
    }
    let mut flags = keep.into_iter();
    runs.retain(|_| flags.next().unwrap_or(true));
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
                summary.runs -= 1;
            }
        }
    }
}

fn same_run_order(a: &Run, b: &Run) -> Ordering {
    let key = |r: &Run| {
        (
            r.athlete.clone().map(|a: Arc<str>| a.to_lowercase()),
            r.date,
            r.start,
            (r.distance_km * 1000.0).round() as i64,
            r.duration_s.map(|s| s.round() as i64),
        )
    };
    key(a).cmp(&key(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use chrono::NaiveDate;

    fn run(file: &str, day: u32, km: f64) -> Run {
        Run::new(
            NaiveDate::from_ymd_opt(2025, 1, day).unwrap(),
            km,
            Origin::new(file, 2),
        )
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
