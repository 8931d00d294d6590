//! One athlete's log laid out on the calendar: every day from the Monday of
//! the first run to the Sunday of the last one (rest days are zeros), grouped
//! into ISO weeks, with the per-run and per-week facts the rules read. Every
//! window is computed in one pass over the days, so a ten-year log costs no
//! more per week than a ten-week one.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};

use super::load::{
    acwr_coupled, acwr_uncoupled, ewma, max_in_days_before, mean_of_last, median, monotony,
    CHRONIC_WEEKS, EWMA_ACUTE_DAYS, EWMA_CHRONIC_DAYS,
};
use crate::model::{Run, Surface, Week, HILL_CLIMB_M_PER_KM};

/// Days of log a week needs before it for ratio-based rules.
pub const HISTORY_DAYS_FOR_RATIOS: i64 = 28;
/// The long-run rule compares each run with the runs of this many days before it.
pub const LONG_RUN_WINDOW_DAYS: usize = 30;
/// The runner's easy pace is the median pace of this many days before a run.
pub const EASY_PACE_WINDOW_DAYS: i64 = 28;
/// Paced runs needed in that window before the easy pace means anything.
pub const MIN_RUNS_FOR_EASY_PACE: usize = 3;
/// A run is hard when its pace is at least this much faster than easy pace.
pub const HARD_PACE_MARGIN: f64 = 0.10;

/// What makes a run a hard or a hill session; `--config` can change both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sessions {
    /// A run is hard when its pace is at least this share faster than easy pace.
    pub hard_pace_margin: f64,
    /// A run is a hill session when it climbs at least this much per km.
    pub hill_climb_m_per_km: f64,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions {
            hard_pace_margin: HARD_PACE_MARGIN,
            hill_climb_m_per_km: HILL_CLIMB_M_PER_KM,
        }
    }
}

const DAYS_PER_WEEK: usize = 7;

/// Facts about one run that need the runs around it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunFacts {
    /// The longest run in the 30 days before; `None` when there was none.
    pub longest_before_km: Option<f64>,
    /// Distance on this run's shoe before the run.
    pub shoe_km_before: Option<f64>,
    /// The runner's median pace in the 28 days before (seconds per km).
    pub easy_pace_s_per_km: Option<f64>,
    /// At least `HARD_PACE_MARGIN` faster than easy pace.
    pub hard_pace: bool,
    pub hill_session: bool,
    pub sprint_session: bool,
}

/// Everything the rules need to know about one ISO week.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WeekMetrics {
    pub week: Week,
    pub start: NaiveDate,
    /// Days of log before this week, counted from the first run (so a log
    /// that starts mid-week does not count its partial first week as a whole one).
    pub history_days: i64,
    pub distance_km: f64,
    pub runs: Range<usize>,
    pub running_days: u32,
    pub rest_days: u32,
    pub longest_run_km: f64,
    /// Mean weekly distance of the four weeks before, with enough history.
    pub chronic_km: Option<f64>,
    pub acwr: Option<f64>,
    pub acwr_coupled: Option<f64>,
    pub acwr_ewma: Option<f64>,
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
    /// The longest streak of consecutive running days reached in this week,
    /// counted from its first day even when that was in an earlier week.
    pub longest_streak_days: u32,
    /// Distance per surface, for runs whose surface is known.
    pub surface_km: BTreeMap<Surface, f64>,
    /// Share of the surface-known distance of the four weeks before on hard surfaces.
    pub baseline_hard_share: Option<f64>,
    /// Distance of runs whose pace can be compared with the easy pace.
    pub paced_km: f64,
    pub hard_pace_km: f64,
    pub hill_sessions: u32,
    pub sprint_sessions: u32,
    /// Sprint sessions on two days in a row, the second in this week.
    pub sprints_on_consecutive_days: bool,
}

impl WeekMetrics {
    /// Distance with a known surface.
    pub fn surface_known_km(&self) -> f64 {
        self.surface_km.values().sum()
    }

    /// Share of the surface-known distance on road, asphalt or concrete.
    pub fn hard_surface_share(&self) -> Option<f64> {
        share(hard_km(&self.surface_km), self.surface_known_km())
    }

    /// Share of the surface-known distance on concrete.
    pub fn concrete_share(&self) -> Option<f64> {
        let concrete = self
            .surface_km
            .get(&Surface::Concrete)
            .copied()
            .unwrap_or(0.0);
        share(concrete, self.surface_known_km())
    }

    /// Share of the paced distance run at hard pace.
    pub fn hard_pace_share(&self) -> Option<f64> {
        share(self.hard_pace_km, self.paced_km)
    }

    pub fn end(&self) -> NaiveDate {
        self.start + Duration::days(6)
    }

    pub fn has_ratio_history(&self) -> bool {
        self.history_days >= HISTORY_DAYS_FOR_RATIOS
    }
}

fn share(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole)
}

fn hard_km(surface_km: &BTreeMap<Surface, f64>) -> f64 {
    surface_km
        .iter()
        .filter(|(s, _)| s.is_hard())
        .map(|(_, km)| km)
        .sum()
}

/// One athlete's log on the calendar.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub athlete: Option<Arc<str>>,
    pub first_run: NaiveDate,
    /// Monday of the first week; day 0 of `daily_km`.
    pub start: NaiveDate,
    pub daily_km: Vec<f64>,
    pub runs: Vec<Run>,
    pub facts: Vec<RunFacts>,
    pub weeks: Vec<WeekMetrics>,
}

impl Timeline {
    /// Lays out one athlete's runs (sorted here if they are not) with the
    /// default session definitions; `None` without runs.
    pub fn build(athlete: Option<Arc<str>>, runs: Vec<Run>) -> Option<Timeline> {
        Timeline::build_with(athlete, runs, &Sessions::default())
    }

    /// Lays out one athlete's runs, with what makes a hard or a hill session.
    pub fn build_with(
        athlete: Option<Arc<str>>,
        mut runs: Vec<Run>,
        sessions: &Sessions,
    ) -> Option<Timeline> {
        if !runs.is_sorted_by_key(|run| run.date) {
            runs.sort_by_key(|run| run.date);
        }
        let first_run = runs.first()?.date;
        let last_run = runs.last()?.date;
        let start = Week::of(first_run).monday();
        let end = Week::of(last_run).monday() + Duration::days(6);
        let day_count = (end - start).num_days() as usize + 1;
        let day_of = |date: NaiveDate| (date - start).num_days() as usize;
        let mut daily_km = vec![0.0; day_count];
        let mut daily_longest = vec![0.0f64; day_count];
        for run in &runs {
            let day = day_of(run.date);
            daily_km[day] += run.distance_km;
            daily_longest[day] = daily_longest[day].max(run.distance_km);
        }
        let facts = run_facts(&runs, &daily_longest, start, sessions);
        let mut timeline = Timeline {
            athlete,
            first_run,
            start,
            daily_km,
            runs,
            facts,
            weeks: Vec::new(),
        };
        timeline.weeks = week_metrics(&timeline);
        Some(timeline)
    }

    pub fn week_index(&self, week: Week) -> Option<usize> {
        self.weeks.iter().position(|w| w.week == week)
    }

    /// The runs of one week with their facts.
    pub fn runs_in(&self, week: &WeekMetrics) -> impl Iterator<Item = (&Run, &RunFacts)> {
        self.runs[week.runs.clone()]
            .iter()
            .zip(&self.facts[week.runs.clone()])
    }
}

fn run_facts(
    runs: &[Run],
    daily_longest: &[f64],
    start: NaiveDate,
    sessions: &Sessions,
) -> Vec<RunFacts> {
    let longest_before = max_in_days_before(daily_longest, LONG_RUN_WINDOW_DAYS);
    let easy_paces = easy_paces(runs);
    let mut shoe_km: HashMap<Arc<str>, f64> = HashMap::new();
    runs.iter()
        .zip(easy_paces)
        .map(|(run, easy)| {
            let day = (run.date - start).num_days() as usize;
            let shoe_km_before = run.shoe.as_ref().map(|shoe| {
                let total = shoe_km.entry(shoe.clone()).or_insert(0.0);
                if let Some(given) = run.shoe_km_before {
                    *total = given;
                }
                let before = *total;
                *total += run.distance_km;
                before
            });
            let hard_pace = match (run.pace_s_per_km(), easy) {
                (Some(pace), Some(easy)) => pace <= easy * (1.0 - sessions.hard_pace_margin),
                _ => false,
            };
            RunFacts {
                longest_before_km: longest_before[day],
                shoe_km_before,
                easy_pace_s_per_km: easy,
                hard_pace,
                hill_session: is_hill_session(run, sessions),
                sprint_session: run.sprints.unwrap_or(0) > 0,
            }
        })
        .collect()
}

fn is_hill_session(run: &Run, sessions: &Sessions) -> bool {
    run.hill_repeats.unwrap_or(0) > 0 || run.is_steep(sessions.hill_climb_m_per_km)
}

/// Each run's easy pace: the median pace of the runs in the 28 days before
/// its day. The window slides over the sorted runs, so each run enters and
/// leaves it once.
fn easy_paces(runs: &[Run]) -> Vec<Option<f64>> {
    let mut out = Vec::with_capacity(runs.len());
    let mut window_start = 0;
    let mut window_end = 0;
    let mut window: Vec<f64> = Vec::new();
    for run in runs {
        while window_end < runs.len() && runs[window_end].date < run.date {
            window_end += 1;
        }
        while window_start < window_end
            && (run.date - runs[window_start].date).num_days() > EASY_PACE_WINDOW_DAYS
        {
            window_start += 1;
        }
        window.clear();
        window.extend(
            runs[window_start..window_end]
                .iter()
                .filter_map(Run::pace_s_per_km),
        );
        let enough = window.len() >= MIN_RUNS_FOR_EASY_PACE;
        out.push(if enough { median(&mut window) } else { None });
    }
    out
}

fn week_metrics(timeline: &Timeline) -> Vec<WeekMetrics> {
    let daily = &timeline.daily_km;
    let seed = starting_daily_load(timeline);
    let ewma_acute = ewma(daily, EWMA_ACUTE_DAYS, seed);
    let ewma_chronic = ewma(daily, EWMA_CHRONIC_DAYS, seed);
    let streaks = streak_lengths(daily);
    let mut weekly_km: Vec<f64> = Vec::new();
    let mut weekly_hard: Vec<(f64, f64)> = Vec::new();
    let mut weeks = Vec::with_capacity(daily.len() / DAYS_PER_WEEK);
    let mut run_index = 0;
    let mut last_sprint_day = None;
    for (index, days) in daily.chunks(DAYS_PER_WEEK).enumerate() {
        let first_day = index * DAYS_PER_WEEK;
        let start = timeline.start + Duration::days(first_day as i64);
        let end = start + Duration::days(DAYS_PER_WEEK as i64);
        let first_run = run_index;
        while run_index < timeline.runs.len() && timeline.runs[run_index].date < end {
            run_index += 1;
        }
        let mut week = WeekMetrics {
            week: Week::of(start),
            start,
            history_days: (start - timeline.first_run).num_days().max(0),
            distance_km: days.iter().sum(),
            runs: first_run..run_index,
            running_days: days.iter().filter(|d| **d > 0.0).count() as u32,
            ..WeekMetrics::default()
        };
        week.rest_days = DAYS_PER_WEEK as u32 - week.running_days;
        week.longest_streak_days = streaks[first_day..first_day + days.len()]
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        weekly_km.push(week.distance_km);
        add_run_totals(&mut week, timeline, &mut last_sprint_day);
        weekly_hard.push((hard_km(&week.surface_km), week.surface_known_km()));
        add_ratios(&mut week, &weekly_km, &weekly_hard);
        let week_days = first_day..first_day + days.len();
        week.acwr_ewma = ratio_if(
            week.has_ratio_history(),
            mean(&ewma_acute[week_days.clone()]),
            mean(&ewma_chronic[week_days]),
        );
        week.monotony = monotony(days);
        week.strain = week.monotony.map(|m| m * week.distance_km);
        weeks.push(week);
    }
    weeks
}

/// The mean daily distance of the first 28 days from the first run, where
/// both EWMAs start.
fn starting_daily_load(timeline: &Timeline) -> f64 {
    let first = (timeline.first_run - timeline.start).num_days() as usize;
    let days = &timeline.daily_km[first..];
    let window = &days[..days.len().min(HISTORY_DAYS_FOR_RATIOS as usize)];
    window.iter().sum::<f64>() / window.len().max(1) as f64
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

fn ratio_if(enough: bool, acute: f64, chronic: f64) -> Option<f64> {
    (enough && chronic > 0.0).then(|| acute / chronic)
}

fn add_ratios(week: &mut WeekMetrics, weekly_km: &[f64], weekly_hard: &[(f64, f64)]) {
    if !week.has_ratio_history() {
        return;
    }
    let before = &weekly_km[..weekly_km.len() - 1];
    week.chronic_km = mean_of_last(before, CHRONIC_WEEKS);
    week.acwr = acwr_uncoupled(weekly_km);
    week.acwr_coupled = acwr_coupled(weekly_km);
    let earlier =
        &weekly_hard[weekly_hard.len().saturating_sub(CHRONIC_WEEKS + 1)..weekly_hard.len() - 1];
    let (hard, known) = earlier
        .iter()
        .fold((0.0, 0.0), |(h, k), (wh, wk)| (h + wh, k + wk));
    week.baseline_hard_share = share(hard, known);
}

/// Adds the week's runs up. `previous_sprint_day` carries the day of the
/// latest sprint session from week to week.
fn add_run_totals(
    week: &mut WeekMetrics,
    timeline: &Timeline,
    previous_sprint_day: &mut Option<NaiveDate>,
) {
    for index in week.runs.clone() {
        let (run, facts) = (&timeline.runs[index], &timeline.facts[index]);
        week.longest_run_km = week.longest_run_km.max(run.distance_km);
        if let Some(surface) = run.surface {
            *week.surface_km.entry(surface).or_default() += run.distance_km;
        }
        if facts.easy_pace_s_per_km.is_some() && run.pace_s_per_km().is_some() {
            week.paced_km += run.distance_km;
            if facts.hard_pace {
                week.hard_pace_km += run.distance_km;
            }
        }
        week.hill_sessions += u32::from(facts.hill_session);
        if facts.sprint_session {
            week.sprint_sessions += 1;
            if previous_sprint_day.is_some_and(|d| (run.date - d).num_days() == 1) {
                week.sprints_on_consecutive_days = true;
            }
            *previous_sprint_day = Some(run.date);
        }
    }
}

/// For each day, how many running days in a row end on it (0 on a rest day).
pub fn streak_lengths(daily_km: &[f64]) -> Vec<u32> {
    let mut streak = 0;
    daily_km
        .iter()
        .map(|km| {
            streak = if *km > 0.0 { streak + 1 } else { 0 };
            streak
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// A run `offset` days after Monday 2025-01-06.
    fn run_on(offset: i64, km: f64) -> Run {
        let mut r = run("2025-01-06", km);
        r.date += Duration::days(offset);
        r
    }

    fn run(date: &str, km: f64) -> Run {
        Run::new(day(date), km, Origin::new("t.csv", 2))
    }

    /// Runs of `km` on Monday, Wednesday and Friday of each week from 2025-01-06.
    fn weeks_of(km_per_week: &[f64]) -> Vec<Run> {
        let first = day("2025-01-06");
        km_per_week
            .iter()
            .enumerate()
            .flat_map(|(w, km)| {
                [0, 2, 4].map(|d| {
                    let mut r = run("2025-01-06", km / 3.0);
                    r.date = first + Duration::days(w as i64 * 7 + d);
                    r
                })
            })
            .collect()
    }

    #[test]
    fn reference_weeks_give_the_design_ratios() {
        let timeline = Timeline::build(None, weeks_of(&[50.0, 50.0, 50.0, 50.0, 100.0])).unwrap();
        assert_eq!(timeline.weeks.len(), 5);
        let last = &timeline.weeks[4];
        assert_eq!(last.week.to_string(), "2025-W06");
        assert!((last.acwr.unwrap() - 2.0).abs() < 1e-9);
        assert!((last.acwr_coupled.unwrap() - 1.6).abs() < 1e-9);
        let ewma = last.acwr_ewma.unwrap();
        assert!((ewma - 1.33).abs() < 0.01, "{ewma}");
        assert_eq!(last.chronic_km, Some(50.0));
        for early in &timeline.weeks[..4] {
            assert_eq!(early.acwr, None, "{}", early.week);
            assert_eq!(early.acwr_ewma, None, "{}", early.week);
        }
    }

    #[test]
    fn a_steady_log_has_an_ewma_ratio_near_one_whatever_the_weekday() {
        let pattern = [(0, 8.0), (2, 10.0), (4, 6.0), (6, 16.0)];
        let runs: Vec<Run> = (0..10)
            .flat_map(|w| pattern.map(|(d, km)| run_on(w * 7 + d, km)))
            .collect();
        let timeline = Timeline::build(None, runs).unwrap();
        for week in &timeline.weeks[4..] {
            let ratio = week.acwr_ewma.unwrap();
            assert!((ratio - 1.0).abs() < 0.05, "{}: {ratio}", week.week);
        }
    }

    #[test]
    fn a_log_starting_on_a_sunday_waits_for_four_whole_weeks() {
        let mut runs = vec![run_on(6, 10.0)];
        runs.extend(
            (1..5).flat_map(|w| {
                [(0, 10.0), (3, 10.0), (5, 10.0)].map(|(d, km)| run_on(w * 7 + d, km))
            }),
        );
        let timeline = Timeline::build(None, runs).unwrap();
        assert_eq!(
            timeline.weeks[4].acwr, None,
            "the Sunday-only week must not count as a week of log"
        );
    }

    #[test]
    fn unsorted_runs_are_sorted_first() {
        let timeline = Timeline::build(None, vec![run_on(9, 5.0), run_on(0, 8.0)]).unwrap();
        assert_eq!(timeline.runs[0].distance_km, 8.0);
        assert_eq!(timeline.weeks[1].distance_km, 5.0);
    }

    #[test]
    fn days_are_zero_filled_into_whole_iso_weeks() {
        let timeline =
            Timeline::build(None, vec![run("2025-01-08", 5.0), run("2025-01-20", 7.0)]).unwrap();
        assert_eq!(timeline.start, day("2025-01-06"));
        assert_eq!(timeline.daily_km.len(), 21);
        assert_eq!(timeline.weeks[1].distance_km, 0.0);
        assert_eq!(timeline.weeks[1].rest_days, 7);
        assert_eq!(timeline.weeks[2].runs, 1..2);
        assert_eq!(timeline.weeks[0].history_days, 0);
        assert_eq!(timeline.weeks[2].history_days, 12);
    }

    #[test]
    fn streaks_carry_across_weeks() {
        let runs: Vec<Run> = (0..10)
            .map(|d| {
                let mut r = run("2025-01-10", 5.0);
                r.date += Duration::days(d);
                r
            })
            .collect();
        let timeline = Timeline::build(None, runs).unwrap();
        assert_eq!(timeline.weeks[0].longest_streak_days, 3);
        assert_eq!(timeline.weeks[1].longest_streak_days, 10);
        assert_eq!(timeline.weeks[1].rest_days, 0);
    }

    #[test]
    fn shoe_distance_adds_up_from_the_given_start() {
        let mut runs = vec![
            run("2025-01-06", 10.0),
            run("2025-01-07", 10.0),
            run("2025-01-08", 10.0),
        ];
        for r in &mut runs {
            r.shoe = Some("Pegasus".into());
        }
        runs[1].shoe_km_before = Some(595.0);
        let timeline = Timeline::build(None, runs).unwrap();
        let km: Vec<_> = timeline.facts.iter().map(|f| f.shoe_km_before).collect();
        assert_eq!(km, vec![Some(0.0), Some(595.0), Some(605.0)]);
    }

    #[test]
    fn easy_pace_and_hard_runs() {
        let mut runs: Vec<Run> = (0..4)
            .map(|i| {
                let mut r = run("2025-01-06", 10.0);
                r.date += Duration::days(i * 2);
                r.duration_s = Some(3000.0);
                r
            })
            .collect();
        runs[3].duration_s = Some(2600.0);
        let timeline = Timeline::build(None, runs).unwrap();
        assert_eq!(
            timeline.facts[2].easy_pace_s_per_km, None,
            "two paced runs are not enough"
        );
        assert_eq!(timeline.facts[3].easy_pace_s_per_km, Some(300.0));
        assert!(timeline.facts[3].hard_pace);
        assert!(!timeline.facts[2].hard_pace);
    }

    #[test]
    fn long_run_window_and_sessions() {
        let mut runs = vec![
            run("2025-01-06", 10.0),
            run("2025-01-20", 14.0),
            run("2025-02-25", 8.0),
        ];
        runs[1].elevation_gain_m = Some(300.0);
        runs[2].hill_repeats = Some(6);
        runs[2].sprints = Some(4);
        let timeline = Timeline::build(None, runs).unwrap();
        let longest: Vec<_> = timeline.facts.iter().map(|f| f.longest_before_km).collect();
        assert_eq!(longest, vec![None, Some(10.0), None]);
        assert!(timeline.facts[1].hill_session);
        assert!(timeline.facts[2].hill_session && timeline.facts[2].sprint_session);
        assert!(!timeline.facts[0].hill_session);
    }
}
