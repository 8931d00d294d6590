//! Training-load arithmetic over plain numbers: acute:chronic ratios, EWMA,
//! Foster's monotony, sliding windows. Pure functions, so each formula is
//! tested against hand-worked figures.

use std::collections::VecDeque;

/// Weeks in the chronic window of the acute:chronic ratio.
pub const CHRONIC_WEEKS: usize = 4;
/// Days in the acute and chronic EWMA spans.
pub const EWMA_ACUTE_DAYS: f64 = 7.0;
pub const EWMA_CHRONIC_DAYS: f64 = 28.0;
/// Monotony when every day of the week had the same distance (the spread is
/// zero and Foster's ratio has no finite value).
pub const MONOTONY_CAP: f64 = 10.0;

/// Days of the fitness and fatigue constants (the performance-management
/// convention of TrainingPeaks and intervals.icu).
pub const FITNESS_DAYS: f64 = 42.0;
pub const FATIGUE_DAYS: f64 = 7.0;
/// A week below this share of the mean of the other three of the four
/// before is a down week (illness, a rested week) and is not the usual.
pub const DOWN_WEEK_SHARE: f64 = 0.6;

/// Fitness and fatigue at the end of each day: `fitness += (load -
/// fitness) / 42`, `fatigue += (load - fatigue) / 7`, both from 0 on the
/// day before the first.
pub fn fitness_fatigue(daily: &[f64]) -> Vec<(f64, f64)> {
    let (mut fitness, mut fatigue) = (0.0, 0.0);
    daily
        .iter()
        .map(|load| {
            fitness += (load - fitness) / FITNESS_DAYS;
            fatigue += (load - fatigue) / FATIGUE_DAYS;
            (fitness, fatigue)
        })
        .collect()
}

/// The usual week among the four before a week: their mean, leaving out
/// one down week (the lowest, when it is under `DOWN_WEEK_SHARE` of the mean
/// of the other three), so a week off sick does not make the next normal
/// week look like a spike. Returns the usual and the index of the week left
/// out, if one was.
pub fn usual_week(weeks: &[f64]) -> Option<(f64, Option<usize>)> {
    if weeks.len() != CHRONIC_WEEKS {
        return None;
    }
    let total: f64 = weeks.iter().sum();
    let (lowest, low) = weeks
        .iter()
        .copied()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    let others = (total - low) / (CHRONIC_WEEKS - 1) as f64;
    if others > 0.0 && low < DOWN_WEEK_SHARE * others {
        Some((others, Some(lowest)))
    } else {
        Some((total / CHRONIC_WEEKS as f64, None))
    }
}

/// The week's distance over the mean of the `CHRONIC_WEEKS` weeks before it.
/// `weekly_km` ends with the week itself.
pub fn acwr_uncoupled(weekly_km: &[f64]) -> Option<f64> {
    let (acute, before) = weekly_km.split_last()?;
    let chronic = mean_of_last(before, CHRONIC_WEEKS)?;
    ratio(*acute, chronic)
}

/// The week's distance over the mean of the four weeks ending with it.
pub fn acwr_coupled(weekly_km: &[f64]) -> Option<f64> {
    let acute = *weekly_km.last()?;
    if weekly_km.len() <= CHRONIC_WEEKS {
        return None;
    }
    ratio(acute, mean_of_last(weekly_km, CHRONIC_WEEKS)?)
}

/// Mean of the last `n` values, when there are that many.
pub fn mean_of_last(values: &[f64], n: usize) -> Option<f64> {
    (values.len() >= n && n > 0).then(|| values[values.len() - n..].iter().sum::<f64>() / n as f64)
}

fn ratio(acute: f64, chronic: f64) -> Option<f64> {
    (chronic > 0.0).then(|| acute / chronic)
}

/// Exponentially weighted moving averages of daily load, one per day,
/// with λ = 2 / (N + 1), starting from `start_level` (so a steady log does
/// not look like a ramp from zero).
pub fn ewma(daily: &[f64], span_days: f64, start_level: f64) -> Vec<f64> {
    let lambda = 2.0 / (span_days + 1.0);
    let mut level = start_level;
    daily
        .iter()
        .map(|load| {
            level = lambda * load + (1.0 - lambda) * level;
            level
        })
        .collect()
}

/// Foster's monotony: mean daily load over its standard deviation.
pub fn monotony(daily: &[f64]) -> Option<f64> {
    if daily.is_empty() {
        return None;
    }
    let n = daily.len() as f64;
    let mean = daily.iter().sum::<f64>() / n;
    if mean <= 0.0 {
        return None;
    }
    let variance = daily.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n;
    let spread = variance.sqrt();
    Some(if spread < 1e-9 {
        MONOTONY_CAP
    } else {
        (mean / spread).min(MONOTONY_CAP)
    })
}

/// For each day, the largest value in the `window` days before it (not the
/// day itself), or `None` when those days hold nothing above zero.
/// Runs in linear time with a monotonic queue.
pub fn max_in_days_before(daily: &[f64], window: usize) -> Vec<Option<f64>> {
    let mut queue: VecDeque<usize> = VecDeque::new();
    let mut out = Vec::with_capacity(daily.len());
    for day in 0..daily.len() {
        while queue.front().is_some_and(|&i| i + window < day) {
            queue.pop_front();
        }
        out.push(queue.front().map(|&i| daily[i]).filter(|v| *v > 0.0));
        while queue.back().is_some_and(|&i| daily[i] <= daily[day]) {
            queue.pop_back();
        }
        queue.push_back(day);
    }
    out
}

/// The median of some values, or `None` when there are none, ordered by
/// `f64::total_cmp`. The middle value is selected rather than the values
/// sorted (they are left in some order around it); for an even count the
/// other middle one is the largest below it.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let (mid, even) = (values.len() / 2, values.len().is_multiple_of(2));
    let (below, middle, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    let middle = *middle;
    if even {
        let lower = below.iter().copied().max_by(f64::total_cmp)?;
        Some((lower + middle) / 2.0)
    } else {
        Some(middle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_design_reference_case() {
        let weeks = [50.0, 50.0, 50.0, 50.0, 100.0];
        assert!(close(acwr_uncoupled(&weeks).unwrap(), 2.0));
        assert!(close(acwr_coupled(&weeks).unwrap(), 1.6));
    }

    #[test]
    fn ratios_need_four_weeks_before_and_some_load() {
        let cases: [(&[f64], Option<f64>, Option<f64>); 5] = [
            (&[50.0, 50.0, 50.0, 100.0], None, None),
            (&[0.0, 0.0, 0.0, 0.0, 30.0], None, Some(4.0)),
            (&[40.0, 40.0, 40.0, 40.0, 40.0], Some(1.0), Some(1.0)),
            (
                &[10.0, 20.0, 30.0, 40.0, 25.0],
                Some(1.0),
                Some(25.0 / 28.75),
            ),
            (&[], None, None),
        ];
        for (weeks, uncoupled, coupled) in cases {
            let got = acwr_uncoupled(weeks);
            assert_eq!(
                got.map(|v| (v * 1e6).round()),
                uncoupled.map(|v| (v * 1e6).round()),
                "{weeks:?}"
            );
            let got = acwr_coupled(weeks);
            assert_eq!(
                got.map(|v| (v * 1e6).round()),
                coupled.map(|v| (v * 1e6).round()),
                "{weeks:?}"
            );
        }
    }

    #[test]
    fn ewma_follows_its_lambda() {
        let series = ewma(&[8.0, 0.0], 7.0, 0.0);
        assert!(close(series[0], 2.0));
        assert!(close(series[1], 1.5));
        let steady = ewma(&[5.0; 400], 28.0, 0.0);
        assert!(close(*steady.last().unwrap(), 5.0));
        let seeded = ewma(&[5.0; 3], 28.0, 5.0);
        assert!(seeded.iter().all(|v| close(*v, 5.0)));
    }

    #[test]
    fn monotony_cases() {
        assert_eq!(monotony(&[0.0; 7]), None);
        assert_eq!(monotony(&[5.0; 7]), Some(MONOTONY_CAP));
        let m = monotony(&[10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 0.0]).unwrap();
        assert!((m - 2.449).abs() < 1e-3, "{m}");
        let m = monotony(&[10.0, 0.0, 5.0, 0.0, 12.0, 0.0, 20.0]).unwrap();
        assert!(m < 1.0, "{m}");
    }

    #[test]
    fn longest_in_days_before() {
        let daily = [5.0, 0.0, 8.0, 3.0, 0.0, 0.0];
        let got = max_in_days_before(&daily, 2);
        assert_eq!(
            got,
            vec![None, Some(5.0), Some(5.0), Some(8.0), Some(8.0), Some(3.0)]
        );
        assert_eq!(
            max_in_days_before(&[0.0, 0.0, 4.0], 30),
            vec![None, None, None]
        );
    }

    #[test]
    fn fitness_and_fatigue_by_hand() {
        let series = fitness_fatigue(&[42.0, 0.0, 7.0]);
        let (fitness, fatigue) = series[0];
        assert!(close(fitness, 1.0) && close(fatigue, 6.0));
        let (fitness, fatigue) = series[1];
        assert!(close(fitness, 1.0 - 1.0 / 42.0));
        assert!(close(fatigue, 6.0 - 6.0 / 7.0));
        let (fitness, fatigue) = series[2];
        let f1 = 1.0 - 1.0 / 42.0;
        assert!(close(fitness, f1 + (7.0 - f1) / 42.0));
        let t1 = 6.0 - 6.0 / 7.0;
        assert!(close(fatigue, t1 + (7.0 - t1) / 7.0));
    }

    #[test]
    fn a_down_week_is_not_the_usual() {
        type Usual = Option<(f64, Option<usize>)>;
        let cases: [(&[f64], Usual); 5] = [
            (&[50.0, 50.0, 50.0, 50.0], Some((50.0, None))),
            (&[50.0, 50.0, 0.0, 50.0], Some((50.0, Some(2)))),
            (&[50.0, 50.0, 35.0, 50.0], Some((46.25, None))),
            (&[40.0, 44.0, 48.0, 52.0], Some((46.0, None))),
            (&[50.0, 50.0, 50.0], None),
        ];
        for (weeks, want) in cases {
            assert_eq!(usual_week(weeks), want, "{weeks:?}");
        }
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    proptest::proptest! {
        #[test]
        fn the_median_is_that_of_the_sorted_values(
            mut values in proptest::collection::vec(proptest::sample::select(vec![
                1.0, 2.5, -0.0, 0.0, 7.25, f64::INFINITY, -3.0, 1e300,
            ]), 0..40),
        ) {
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let mid = sorted.len() / 2;
            let want = match sorted.len() {
                0 => None,
                n if n % 2 == 0 => Some((sorted[mid - 1] + sorted[mid]) / 2.0),
                _ => Some(sorted[mid]),
            };
            let got = median(&mut values);
            proptest::prop_assert_eq!(got.map(f64::to_bits), want.map(f64::to_bits));
        }
    }
}
