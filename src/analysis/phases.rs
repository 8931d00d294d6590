//! The seasons of a runner's year that change what "too much" means: the
//! way back after a break, and the taper, race and recovery around a long
//! race. Against the empty weeks of a break, any run is a "spike"; against
//! a taper, the usual week is. So the weeks after a break are judged against
//! a return ramp, and the weeks after a race against the block before its
//! taper.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::days_between;
use super::load::CHRONIC_WEEKS;
use crate::model::Run;

/// Days of the usual load before a break: the 4 weeks up to its last run.
const USUAL_WINDOW_DAYS: i64 = 28;
/// Fewer days of log than this before a break leave its usual unknown.
const MIN_USUAL_DAYS: i64 = 7;
/// The longest run before a break is taken from this many days up to it.
const LONGEST_WINDOW_DAYS: i64 = 30;
/// A return ramp ends after this many weeks whatever it reached.
pub const MAX_RETURN_WEEKS: u32 = 12;
/// A race this long or longer has a taper before it and a recovery after it.
pub const TAPER_RACE_MIN_KM: f64 = 21.0;
/// Weeks of taper before such a race.
pub const TAPER_WEEKS: usize = 3;
/// Easy days after a race: one for every this many km raced ...
pub const KM_PER_EASY_DAY: f64 = 3.0;
/// ... and never fewer than this.
pub const MIN_EASY_DAYS: u32 = 2;

/// What a break is and how fast the way back may climb; defaults of
/// DESIGN.md, overridable in `[breaks]` of `--config`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BreakLimits {
    /// Days without a run that make a break.
    pub min_days: u32,
    /// A break this long or longer is a long one.
    pub long_days: u32,
    /// The first week back after a short break, as a share of the usual week.
    pub first_week_share: f64,
    /// The first week back after a long break.
    pub first_week_share_long: f64,
    /// How much each week back may add to the week before's ceiling (0.2 is 20%).
    pub weekly_growth: f64,
}

impl Default for BreakLimits {
    fn default() -> Self {
        BreakLimits {
            min_days: 14,
            long_days: 28,
            first_week_share: 0.75,
            first_week_share_long: 0.5,
            weekly_growth: 0.2,
        }
    }
}

impl BreakLimits {
    pub fn validate(&self) -> Result<(), String> {
        if self.min_days == 0 || self.long_days < self.min_days {
            return Err(format!(
                "[breaks] min_days = {} and long_days = {}: a break is at least 1 day, and a long one at least min_days",
                self.min_days, self.long_days
            ));
        }
        for (name, share) in [
            ("first_week_share", self.first_week_share),
            ("first_week_share_long", self.first_week_share_long),
        ] {
            if !(share > 0.0 && share <= 1.0) {
                return Err(format!(
                    "[breaks] {name} = {share}: a share of the usual week must be above 0 and at most 1 (0.5 is half)"
                ));
            }
        }
        let growth = self.weekly_growth;
        if !(growth > 0.0 && growth <= 1.0) {
            return Err(format!(
                "[breaks] weekly_growth = {growth}: it must be above 0 and at most 1 (0.2 is 20% a week)"
            ));
        }
        Ok(())
    }
}

/// Days without a run between two runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub last_run: NaiveDate,
    pub first_back: NaiveDate,
}

impl Break {
    /// Days without a run.
    pub fn days(&self) -> i64 {
        (self.first_back - self.last_run).num_days() - 1
    }
}

/// Every break of a log whose runs are sorted by date.
pub fn breaks(runs: &[Run], limits: &BreakLimits) -> Vec<Break> {
    runs.windows(2)
        .map(|pair| Break {
            last_run: pair[0].date,
            first_back: pair[1].date,
        })
        .filter(|b| b.days() >= i64::from(limits.min_days))
        .collect()
}

/// A week on the way back from a break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReturnWeek {
    /// 1 for the first week back.
    pub week_back: u32,
    pub break_days: i64,
    /// The usual week's load before the break (the mean of its 4 weeks).
    pub usual_load: f64,
    /// The longest run of the 30 days before the break.
    pub usual_longest_km: f64,
    /// This week's ceiling as a share of the usual week.
    pub share: f64,
    /// Next week's share, for advice.
    pub next_share: f64,
    /// Index in the runs of the first run back.
    pub first_run: usize,
}

impl ReturnWeek {
    pub fn ceiling_load(&self) -> f64 {
        self.usual_load * self.share
    }
}

/// The ramp's share of the usual week in the n-th week back.
pub fn ramp_share(break_days: i64, week_back: u32, limits: &BreakLimits) -> f64 {
    let first = if break_days >= i64::from(limits.long_days) {
        limits.first_week_share_long
    } else {
        limits.first_week_share
    };
    let steps = week_back.saturating_sub(1).min(MAX_RETURN_WEEKS) as i32;
    (first * (1.0 + limits.weekly_growth).powi(steps)).min(1.0)
}

/// The log's layout that the phases need: each day's load and each week's.
pub struct Days<'a> {
    pub start: NaiveDate,
    pub daily_load: &'a [f64],
    pub weekly_load: &'a [f64],
    pub runs: &'a [Run],
}

impl Days<'_> {
    fn index(&self, date: NaiveDate) -> usize {
        days_between(self.start, date).max(0) as usize
    }

    fn week_of(&self, date: NaiveDate) -> usize {
        self.index(date) / 7
    }

    fn chronic_before(&self, week: usize) -> f64 {
        let from = week.saturating_sub(CHRONIC_WEEKS);
        self.weekly_load[from..week].iter().sum::<f64>() / CHRONIC_WEEKS as f64
    }
}

/// For each week, where it stands on the way back from a break, if it does.
/// The way back lasts until the plain 4-week ratio is no more lenient than
/// the ramp (its chronic load reached the ramp's ceiling), or
/// `MAX_RETURN_WEEKS`.
pub fn return_weeks(days: &Days, limits: &BreakLimits) -> Vec<Option<ReturnWeek>> {
    let mut out = vec![None; days.weekly_load.len()];
    let first_run = days.runs.first().map(|r| r.date);
    for gap in breaks(days.runs, limits) {
        let Some(usual_load) = usual_before(days, first_run, gap.last_run) else {
            continue;
        };
        let since = gap.last_run - Duration::days(LONGEST_WINDOW_DAYS - 1);
        let usual_longest_km = days
            .runs
            .iter()
            .filter(|r| r.date >= since && r.date <= gap.last_run)
            .map(|r| r.distance_km)
            .fold(0.0, f64::max);
        let first_back_index = days.runs.partition_point(|r| r.date < gap.first_back);
        let first_week = days.week_of(gap.first_back);
        for week_back in 1..=MAX_RETURN_WEEKS {
            let week = first_week + week_back as usize - 1;
            if week >= out.len() {
                break;
            }
            let share = ramp_share(gap.days(), week_back, limits);
            if week_back > 1 && days.chronic_before(week) >= usual_load * share {
                break;
            }
            out[week] = Some(ReturnWeek {
                week_back,
                break_days: gap.days(),
                usual_load,
                usual_longest_km,
                share,
                next_share: ramp_share(gap.days(), week_back + 1, limits),
                first_run: first_back_index,
            });
        }
    }
    out
}

/// The mean weekly load of the 4 weeks up to a break's last run, from the
/// days of log there are; `None` with less than a week of them.
fn usual_before(days: &Days, first_run: Option<NaiveDate>, last_run: NaiveDate) -> Option<f64> {
    let from = (last_run - Duration::days(USUAL_WINDOW_DAYS - 1)).max(first_run?);
    let day_count = (last_run - from).num_days() + 1;
    if day_count < MIN_USUAL_DAYS {
        return None;
    }
    let load: f64 = days.daily_load[days.index(from)..=days.index(last_run)]
        .iter()
        .sum();
    Some(load * 7.0 / day_count as f64)
}

/// Where a week stands around a long race.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RacePhase {
    Taper,
    RaceWeek,
    Recovery,
    /// The weeks after the recovery whose 4 weeks before still hold the
    /// taper, the race or the recovery.
    Rebuild,
}

/// A week's place around a long race, and the training block it is
/// compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RaceContext {
    pub phase: RacePhase,
    pub race_date: NaiveDate,
    pub race_km: f64,
    /// Mean weekly load of the 4 weeks before the taper.
    pub block_load: f64,
}

/// Easy days after a race of `km`: one for every 3 km raced, at least 2.
pub fn recovery_days(km: f64) -> u32 {
    ((km / KM_PER_EASY_DAY).round() as u32).max(MIN_EASY_DAYS)
}

/// For each week, its place around a long race (21 km or more), if any.
pub fn race_weeks(days: &Days) -> Vec<Option<RaceContext>> {
    let weeks = days.weekly_load.len();
    let mut out = vec![None; weeks];
    for race in days.runs.iter().filter(|r| r.is_race()) {
        if race.distance_km < TAPER_RACE_MIN_KM {
            continue;
        }
        let race_week = days.week_of(race.date);
        let taper_start = race_week.saturating_sub(TAPER_WEEKS);
        let block = &days.weekly_load[taper_start.saturating_sub(CHRONIC_WEEKS)..taper_start];
        if block.is_empty() {
            continue;
        }
        let block_load = block.iter().sum::<f64>() / block.len() as f64;
        let recovery_weeks = recovery_days(race.distance_km).div_ceil(7) as usize;
        let last = (race_week + recovery_weeks + CHRONIC_WEEKS).min(weeks - 1);
        for (week, slot) in out.iter_mut().enumerate().take(last + 1).skip(taper_start) {
            let phase = match week {
                w if w < race_week => RacePhase::Taper,
                w if w == race_week => RacePhase::RaceWeek,
                w if w <= race_week + recovery_weeks => RacePhase::Recovery,
                _ => RacePhase::Rebuild,
            };
            *slot = Some(RaceContext {
                phase,
                race_date: race.date,
                race_km: race.distance_km,
                block_load,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, RunType};

    #[test]
    fn the_ramp_climbs_from_its_first_share_by_its_growth() {
        let limits = BreakLimits::default();
        let cases = [
            (20, 1, 0.75),
            (20, 2, 0.9),
            (20, 3, 1.0),
            (35, 1, 0.5),
            (35, 2, 0.6),
            (35, 3, 0.72),
            (35, 4, 0.864),
            (35, 5, 1.0),
        ];
        for (days, week, share) in cases {
            let got = ramp_share(days, week, &limits);
            assert!(
                (got - share).abs() < 1e-9,
                "{days} days, week {week}: {got}"
            );
        }
    }

    fn day_run(day: i64, km: f64) -> Run {
        let monday = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        Run::new(monday + Duration::days(day), km, Origin::new("t.csv", 2))
    }

    fn layout(runs: &[Run]) -> (Vec<f64>, Vec<f64>) {
        let last = runs.last().unwrap().date;
        let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        let day_count = ((last - start).num_days() / 7 + 1) * 7;
        let mut daily = vec![0.0; day_count as usize];
        for r in runs {
            daily[days_between(start, r.date) as usize] += r.distance_km;
        }
        let weekly = daily.chunks(7).map(|w| w.iter().sum()).collect();
        (daily, weekly)
    }

    #[test]
    fn a_return_after_four_weeks_off_follows_the_long_ramp() {
        // Six weeks of 40 km (4 x 10), 35 days off, then 20, 24, 28 km.
        let mut runs: Vec<Run> = (0..6)
            .flat_map(|w| [0, 2, 4, 6].map(|d| day_run(w * 7 + d, 10.0)))
            .collect();
        let back = 77;
        for (w, km) in [(0, 5.0), (1, 6.0), (2, 7.0)] {
            runs.extend([0, 2, 4, 6].map(|d| day_run(back + w * 7 + d, km)));
        }
        let (daily, weekly) = layout(&runs);
        let days = Days {
            start: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
            daily_load: &daily,
            weekly_load: &weekly,
            runs: &runs,
        };
        let limits = BreakLimits::default();
        assert_eq!(breaks(&runs, &limits).len(), 1);
        assert_eq!(breaks(&runs, &limits)[0].days(), 35);
        let back: Vec<(u32, f64)> = return_weeks(&days, &limits)
            .iter()
            .flatten()
            .map(|r| (r.week_back, (r.ceiling_load() * 10.0).round() / 10.0))
            .collect();
        assert_eq!(back[..3], [(1, 20.0), (2, 24.0), (3, 28.8)]);
        assert!(back.iter().all(|(_, ceiling)| *ceiling <= 40.0));
    }

    #[test]
    fn a_long_race_has_a_taper_before_it_and_a_recovery_after_it() {
        let mut runs: Vec<Run> = (0..10)
            .flat_map(|w| [0, 2, 4, 6].map(|d| day_run(w * 7 + d, 12.0)))
            .collect();
        let mut race = day_run(10 * 7 + 6, 42.2);
        race.run_type = Some(RunType::Race);
        runs.push(race);
        runs.extend((11..18).map(|w| day_run(w * 7, 10.0)));
        let (daily, weekly) = layout(&runs);
        let days = Days {
            start: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
            daily_load: &daily,
            weekly_load: &weekly,
            runs: &runs,
        };
        let phases: Vec<Option<RacePhase>> = race_weeks(&days)
            .iter()
            .map(|c| c.map(|c| c.phase))
            .collect();
        use RacePhase::*;
        assert_eq!(phases[6], None);
        assert_eq!(phases[7..10], [Some(Taper); 3]);
        assert_eq!(phases[10], Some(RaceWeek));
        assert_eq!(phases[11..13], [Some(Recovery); 2], "14 easy days");
        assert_eq!(phases[13..17], [Some(Rebuild); 4]);
        assert_eq!(phases[17], None);
        assert_eq!(recovery_days(42.2), 14);
        assert_eq!(recovery_days(5.0), 2);
    }
}
