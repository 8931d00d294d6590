//! One athlete's log laid out on the calendar: every day from the Monday of
//! the first run to the Sunday of the last one (rest days are zeros), grouped
//! into ISO weeks, with the per-run and per-week facts the rules read. Every
//! window is computed in one pass over the days, so a ten-year log costs no
//! more per week than a ten-week one.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate};

use super::intensity::{easy_paces, is_hard, is_judged, HARD_PACE_MARGIN};
use super::load::{
    acwr_coupled, acwr_uncoupled, ewma, fitness_fatigue, max_in_days_before, mean_of_last,
    monotony, CHRONIC_WEEKS, EWMA_ACUTE_DAYS, EWMA_CHRONIC_DAYS,
};
use super::phases::{self, BreakLimits, RaceContext, ReturnWeek};
use crate::model::{Load, Run, Surface, Week, HILL_CLIMB_M_PER_KM};

pub use super::intensity::EASY_PACE_WINDOW_DAYS;

/// Days of log a week needs before it for ratio-based rules.
pub const HISTORY_DAYS_FOR_RATIOS: i64 = 28;
/// The long-run rule compares each run with the runs of this many days before it.
pub const LONG_RUN_WINDOW_DAYS: usize = 30;

/// What the timeline is built with: what makes a run a hard or a hill
/// session, the load, and what a break is; `--config` and `--load` set them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Definitions {
    /// A run is hard when its pace is at least this share faster than easy pace.
    pub hard_pace_margin: f64,
    /// A run is a hill session when it climbs at least this much per km.
    pub hill_climb_m_per_km: f64,
    /// The load ratios, fitness, fatigue and form are computed on.
    pub load: Load,
    pub breaks: BreakLimits,
}

impl Default for Definitions {
    fn default() -> Self {
        Definitions {
            hard_pace_margin: HARD_PACE_MARGIN,
            hill_climb_m_per_km: HILL_CLIMB_M_PER_KM,
            load: Load::Distance,
            breaks: BreakLimits::default(),
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
    /// Distance that was on the shoe before its previous run, if it had one.
    pub shoe_km_before_previous_run: Option<f64>,
    /// The runner's easy pace for this run's surface group (seconds per km).
    pub easy_pace_s_per_km: Option<f64>,
    /// Its effort or its pace says whether it was hard.
    pub intensity_judged: bool,
    /// Hard by pace or by effort (see `intensity`).
    pub hard: bool,
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
    /// The week's load in the chosen load (km, minutes or session-RPE).
    pub load: f64,
    pub runs: Range<usize>,
    /// The week's rows of `Timeline::sessions`.
    pub sessions: Range<usize>,
    /// Strength and core sessions.
    pub core_strength_sessions: u32,
    pub running_days: u32,
    /// Days of the week the log covers: 7, or fewer in the last week of a
    /// log that ends before its Sunday.
    pub days_logged: u32,
    /// Logged days without a run (days that have not happened are not rest).
    pub rest_days: u32,
    pub longest_run_km: f64,
    /// Mean weekly load of the four weeks before, with enough history.
    pub chronic_load: Option<f64>,
    pub acwr: Option<f64>,
    pub acwr_coupled: Option<f64>,
    pub acwr_ewma: Option<f64>,
    /// Fitness, fatigue and form on the week's Sunday (its last logged day
    /// when partial).
    pub fitness: f64,
    pub fatigue: f64,
    pub form: f64,
    /// Fitness minus the fitness of the week before; `None` for the first week.
    pub ramp_rate: Option<f64>,
    /// Sum of RPE × minutes of the runs that log both; `None` when none does.
    pub srpe_load: Option<f64>,
    /// Minutes of the runs with a time; `None` when none has one.
    pub duration_min: Option<f64>,
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
    /// Mean strain of the four weeks before, with enough history.
    pub baseline_strain: Option<f64>,
    /// The longest streak of consecutive running days reached in this week,
    /// counted from its first day even when that was in an earlier week.
    pub longest_streak_days: u32,
    /// Distance per surface, for runs whose surface is known.
    pub surface_km: BTreeMap<Surface, f64>,
    /// Share of the surface-known distance of the four weeks before on hard surfaces.
    pub baseline_hard_share: Option<f64>,
    /// Distance of runs whose effort or pace says whether they were hard.
    pub judged_km: f64,
    pub hard_km: f64,
    pub hill_sessions: u32,
    /// Mean hill sessions a week in the four weeks before, with enough history.
    pub baseline_hill_sessions: Option<f64>,
    pub sprint_sessions: u32,
    /// Sprint sessions on two days in a row, the second in this week.
    pub sprints_on_consecutive_days: bool,
    /// Where the week stands on the way back from a break.
    pub return_week: Option<ReturnWeek>,
    /// Where the week stands around a long race.
    pub race: Option<RaceContext>,
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

    /// Share of the judged distance that was hard.
    pub fn hard_share(&self) -> Option<f64> {
        share(self.hard_km, self.judged_km)
    }

    pub fn end(&self) -> NaiveDate {
        self.start + Duration::days(6)
    }

    /// The week's last logged day: its Sunday, or the log's last day when partial.
    pub fn last_day(&self) -> NaiveDate {
        self.start + Duration::days(i64::from(self.days_logged.max(1)) - 1)
    }

    /// The last week of a log that ends before its Sunday: judged on the
    /// days logged.
    pub fn is_partial(&self) -> bool {
        self.days_logged < DAYS_PER_WEEK as u32
    }

    pub fn has_ratio_history(&self) -> bool {
        self.history_days >= HISTORY_DAYS_FOR_RATIOS
    }

    /// The n-th week back after a break, as `weeks` names it.
    pub fn after_break(&self) -> Option<u32> {
        self.return_week.map(|r| r.week_back)
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
    /// Each day's load in the chosen load.
    pub daily_load: Vec<f64>,
    pub load: Load,
    pub runs: Vec<Run>,
    pub facts: Vec<RunFacts>,
    /// Rows that are not runs (strength, core, yoga, cross-training, walks,
    /// rest days), sorted by date; they add nothing to any load.
    pub sessions: Vec<Run>,
    pub weeks: Vec<WeekMetrics>,
    /// Every stretch of 14 days or more without a run.
    pub breaks: Vec<phases::Break>,
}

impl Timeline {
    /// Lays out one athlete's runs (sorted here if they are not) with the
    /// default definitions; `None` without runs.
    pub fn build(athlete: Option<Arc<str>>, runs: Vec<Run>) -> Option<Timeline> {
        Timeline::build_with(athlete, runs, &Definitions::default())
    }

    /// Lays out one athlete's rows with these definitions: the runs, and
    /// the other sessions beside them. The log ends on the athlete's last day.
    pub fn build_with(
        athlete: Option<Arc<str>>,
        rows: Vec<Run>,
        definitions: &Definitions,
    ) -> Option<Timeline> {
        Timeline::build_until(athlete, rows, definitions, None)
    }

    /// Lays out one athlete's rows up to `log_end`, the last day of the whole
    /// log (a club log ends on its latest day across all athletes), or the
    /// athlete's own last day when `None` or earlier. When the log ends
    /// before a Sunday, the days after it have not happened: the week is
    /// `partial` and ends at `log_end`.
    pub fn build_until(
        athlete: Option<Arc<str>>,
        rows: Vec<Run>,
        definitions: &Definitions,
        log_end: Option<NaiveDate>,
    ) -> Option<Timeline> {
        let (mut runs, mut sessions) = runs_and_sessions(rows);
        runs.sort_by_key(|run| run.date);
        sessions.sort_by_key(|session| session.date);
        let first_run = runs.first()?.date;
        let first_day = sessions
            .first()
            .map_or(first_run, |s| s.date.min(first_run));
        let last_day = sessions
            .last()
            .map_or(runs.last()?.date, |s| s.date.max(runs[runs.len() - 1].date));
        let start = Week::of(first_day).monday();
        let sunday = Week::of(last_day).monday() + Duration::days(6);
        let end = log_end
            .filter(|end| *end >= last_day)
            .map_or(sunday, |end| end.min(sunday));
        let day_count = days_between(start, end) as usize + 1;
        let day_of = |date: NaiveDate| days_between(start, date) as usize;
        let mut daily_km = vec![0.0; day_count];
        let mut daily_load = vec![0.0; day_count];
        let mut daily_longest = vec![0.0f64; day_count];
        for run in &runs {
            let day = day_of(run.date);
            daily_km[day] += run.distance_km;
            daily_load[day] += definitions.load.of(run);
            daily_longest[day] = daily_longest[day].max(run.distance_km);
        }
        let facts = run_facts(&runs, &daily_longest, start, definitions);
        let mut timeline = Timeline {
            athlete,
            first_run,
            start,
            daily_km,
            daily_load,
            load: definitions.load,
            breaks: phases::breaks(&runs, &definitions.breaks),
            runs,
            facts,
            sessions,
            weeks: Vec::new(),
        };
        timeline.weeks = week_metrics(&timeline);
        add_phases(&mut timeline, &definitions.breaks);
        Some(timeline)
    }

    /// The last day of the log: the day it ends, or its last Sunday.
    pub fn last_day(&self) -> NaiveDate {
        self.start + Duration::days(self.daily_km.len().saturating_sub(1) as i64)
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

/// An athlete's rows parted into runs and other sessions; a log of runs
/// only (the most common) is kept as it is, without moving every row.
fn runs_and_sessions(rows: Vec<Run>) -> (Vec<Run>, Vec<Run>) {
    if rows.iter().all(|row| row.activity.is_run()) {
        return (rows, Vec::new());
    }
    rows.into_iter().partition(|row| row.activity.is_run())
}

fn run_facts(
    runs: &[Run],
    daily_longest: &[f64],
    start: NaiveDate,
    definitions: &Definitions,
) -> Vec<RunFacts> {
    let longest_before = max_in_days_before(daily_longest, LONG_RUN_WINDOW_DAYS);
    let easy_paces = easy_paces(runs);
    let mut shoes = ShoeDistances::default();
    runs.iter()
        .zip(easy_paces)
        .map(|(run, easy)| {
            let day = days_between(start, run.date) as usize;
            let shoe = run.shoe.as_ref().map(|shoe| {
                let (total, previous) = shoes.of(shoe);
                if let Some(given) = run.shoe_km_before {
                    *total = given;
                }
                let before = *total;
                let before_previous = previous.replace(before);
                *total += run.distance_km;
                (before, before_previous)
            });
            RunFacts {
                longest_before_km: longest_before[day],
                shoe_km_before: shoe.map(|s| s.0),
                shoe_km_before_previous_run: shoe.and_then(|s| s.1),
                easy_pace_s_per_km: easy,
                intensity_judged: is_judged(run, easy),
                hard: is_hard(run, easy, definitions.hard_pace_margin),
                hill_session: is_hill_session(run, definitions),
                sprint_session: run.sprints.unwrap_or(0) > 0,
            }
        })
        .collect()
}

/// Each shoe's distance so far, and what it was before its previous run,
/// found by name; runs in a row mostly wear the same pair, so the last one
/// found is tried first, by its interned name alone.
#[derive(Default)]
struct ShoeDistances<'r> {
    distances: Vec<(f64, Option<f64>)>,
    index_of: HashMap<&'r str, usize>,
    last: Option<(&'r Arc<str>, usize)>,
}

impl<'r> ShoeDistances<'r> {
    fn of(&mut self, shoe: &'r Arc<str>) -> &mut (f64, Option<f64>) {
        let index = match self.last {
            Some((last, index)) if Arc::ptr_eq(last, shoe) => index,
            _ => {
                let next = self.distances.len();
                let index = *self.index_of.entry(shoe).or_insert(next);
                if index == next {
                    self.distances.push((0.0, None));
                }
                self.last = Some((shoe, index));
                index
            }
        };
        &mut self.distances[index]
    }
}

fn is_hill_session(run: &Run, definitions: &Definitions) -> bool {
    run.hill_repeats.unwrap_or(0) > 0 || run.is_steep(definitions.hill_climb_m_per_km)
}

fn week_metrics(timeline: &Timeline) -> Vec<WeekMetrics> {
    let daily = &timeline.daily_load;
    let seed = starting_daily_load(timeline);
    let ewma_acute = ewma(daily, EWMA_ACUTE_DAYS, seed);
    let ewma_chronic = ewma(daily, EWMA_CHRONIC_DAYS, seed);
    let form = fitness_fatigue(daily);
    let streaks = streak_lengths(&timeline.daily_km);
    let mut history = WeeklyHistory::default();
    let mut weeks: Vec<WeekMetrics> = Vec::with_capacity(daily.len() / DAYS_PER_WEEK);
    let mut run_index = 0;
    let mut session_index = 0;
    let mut last_sprint_day = None;
    for (index, days) in daily.chunks(DAYS_PER_WEEK).enumerate() {
        let first_day = index * DAYS_PER_WEEK;
        let week_days = first_day..first_day + days.len();
        let start = timeline.start + Duration::days(first_day as i64);
        let end = start + Duration::days(DAYS_PER_WEEK as i64);
        let first_run = run_index;
        while run_index < timeline.runs.len() && timeline.runs[run_index].date < end {
            run_index += 1;
        }
        let first_session = session_index;
        while session_index < timeline.sessions.len() && timeline.sessions[session_index].date < end
        {
            session_index += 1;
        }
        let km = &timeline.daily_km[week_days.clone()];
        let (fitness, fatigue) = form[week_days.end - 1];
        let mut week = WeekMetrics {
            week: Week::of(start),
            start,
            history_days: (start - timeline.first_run).num_days().max(0),
            distance_km: km.iter().sum(),
            load: days.iter().sum(),
            runs: first_run..run_index,
            sessions: first_session..session_index,
            core_strength_sessions: timeline.sessions[first_session..session_index]
                .iter()
                .filter(|s| s.activity.is_core_strength())
                .count() as u32,
            running_days: km.iter().filter(|d| **d > 0.0).count() as u32,
            fitness,
            fatigue,
            form: fitness - fatigue,
            ramp_rate: weeks.last().map(|before| fitness - before.fitness),
            ..WeekMetrics::default()
        };
        week.days_logged = days.len() as u32;
        week.rest_days = week.days_logged - week.running_days;
        week.longest_streak_days = streaks[week_days.clone()]
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        add_run_totals(&mut week, timeline, &mut last_sprint_day);
        week.monotony = monotony(days).filter(|_| !week.is_partial());
        week.strain = week.monotony.map(|m| m * week.load);
        history.push(&week);
        history.add_baselines(&mut week);
        week.acwr_ewma = ratio_if(
            week.has_ratio_history(),
            mean(&ewma_acute[week_days.clone()]),
            mean(&ewma_chronic[week_days]),
        );
        if week.is_partial() {
            // A ratio over part of a week reads as a sharp drop: none.
            (week.acwr, week.acwr_coupled, week.acwr_ewma) = (None, None, None);
        }
        weeks.push(week);
    }
    weeks
}

/// The weekly figures of the weeks so far, for the baselines of the four
/// weeks before each week.
#[derive(Default)]
struct WeeklyHistory {
    load: Vec<f64>,
    hard_surface: Vec<(f64, f64)>,
    strain: Vec<f64>,
    hill_sessions: Vec<f64>,
}

impl WeeklyHistory {
    fn push(&mut self, week: &WeekMetrics) {
        self.load.push(week.load);
        self.hard_surface
            .push((hard_km(&week.surface_km), week.surface_known_km()));
        self.strain.push(week.strain.unwrap_or(0.0));
        self.hill_sessions.push(f64::from(week.hill_sessions));
    }

    /// The week's ratios and the baselines of the four weeks before it
    /// (the week itself is the last one pushed).
    fn add_baselines(&self, week: &mut WeekMetrics) {
        if !week.has_ratio_history() {
            return;
        }
        let before = |series: &[f64]| mean_of_last(&series[..series.len() - 1], CHRONIC_WEEKS);
        week.chronic_load = before(&self.load);
        week.acwr = acwr_uncoupled(&self.load);
        week.acwr_coupled = acwr_coupled(&self.load);
        week.baseline_strain = before(&self.strain);
        week.baseline_hill_sessions = before(&self.hill_sessions);
        let count = self.hard_surface.len();
        let earlier = &self.hard_surface[count.saturating_sub(CHRONIC_WEEKS + 1)..count - 1];
        let (hard, known) = earlier
            .iter()
            .fold((0.0, 0.0), |(h, k), (wh, wk)| (h + wh, k + wk));
        week.baseline_hard_share = share(hard, known);
    }
}

/// The way back from each break, and the weeks around each long race.
fn add_phases(timeline: &mut Timeline, limits: &BreakLimits) {
    let weekly_load: Vec<f64> = timeline.weeks.iter().map(|w| w.load).collect();
    let days = phases::Days {
        start: timeline.start,
        daily_load: &timeline.daily_load,
        weekly_load: &weekly_load,
        runs: &timeline.runs,
    };
    let returns = phases::return_weeks(&days, limits);
    let races = phases::race_weeks(&days);
    for ((week, return_week), race) in timeline.weeks.iter_mut().zip(returns).zip(races) {
        week.return_week = return_week;
        week.race = race;
    }
}

/// The mean daily load of the first 28 days from the first run, where
/// both EWMAs start.
fn starting_daily_load(timeline: &Timeline) -> f64 {
    let first = (timeline.first_run - timeline.start).num_days() as usize;
    let days = &timeline.daily_load[first..];
    let window = &days[..days.len().min(HISTORY_DAYS_FOR_RATIOS as usize)];
    window.iter().sum::<f64>() / window.len().max(1) as f64
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

fn ratio_if(enough: bool, acute: f64, chronic: f64) -> Option<f64> {
    (enough && chronic > 0.0).then(|| acute / chronic)
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
        if facts.intensity_judged {
            week.judged_km += run.distance_km;
            if facts.hard {
                week.hard_km += run.distance_km;
            }
        }
        if let Some(minutes) = run.duration_s.map(|s| s / 60.0) {
            *week.duration_min.get_or_insert(0.0) += minutes;
            if let Some(rpe) = run.rpe {
                *week.srpe_load.get_or_insert(0.0) += rpe * minutes;
            }
        }
        week.hill_sessions += u32::from(facts.hill_session);
        if facts.sprint_session {
            week.sprint_sessions += 1;
            if previous_sprint_day.is_some_and(|d| days_between(d, run.date) == 1) {
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

/// Days from `from` to `to` (negative when `to` is earlier), as
/// `(to - from).num_days()` gives them, without chrono's general
/// subtraction of dates: the calendar asks it for every run.
pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    i64::from(to.num_days_from_ce()) - i64::from(from.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    proptest::proptest! {
        /// Days between two dates are chrono's, either way and across leap years.
        #[test]
        fn days_between_are_chronos(from in -800_000i32..800_000, to in -800_000i32..800_000) {
            let date = |days| NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let (from, to) = (date(from), date(to));
            proptest::prop_assert_eq!(days_between(from, to), (to - from).num_days());
        }
    }

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
        assert_eq!(last.chronic_load, Some(50.0));
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
        assert!(timeline.facts[3].hard);
        assert!(!timeline.facts[2].hard);
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
