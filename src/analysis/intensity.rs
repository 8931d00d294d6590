//! What a hard run is for this runner: clearly faster than their own easy
//! pace on comparable ground, or hard by their own effort. A trail runner's
//! easy trail pace is slower than their easy road pace, so one easy pace for
//! every surface would call every road run hard; and an easy long run logged
//! at RPE 7 is not a hard session, whatever its pace.

use chrono::Datelike;

use super::pace_window::{PaceRanks, PaceWindow};
use crate::model::{Run, Surface};

/// The runner's easy pace is the median pace of this many days before a run.
pub const EASY_PACE_WINDOW_DAYS: i64 = 28;
/// Paced runs needed in that window before the easy pace means anything.
pub const MIN_RUNS_FOR_EASY_PACE: usize = 3;
/// A run is hard when its pace is at least this much faster than easy pace.
pub const HARD_PACE_MARGIN: f64 = 0.10;
/// Where RPE is logged, a run at this effort or more is hard whatever its pace.
pub const HARD_RPE: f64 = 8.0;
/// At this effort a run is hard when it is also faster than easy pace.
pub const HARD_RPE_WITH_PACE: f64 = 7.0;

/// Surfaces whose easy paces are comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurfaceGroup {
    /// Trail, grass, gravel and sand: slower for the same effort.
    Soft,
    /// Road, asphalt, concrete, track and mixed (and runs of unknown surface).
    Firm,
    Treadmill,
}

/// How many surface groups there are.
const SURFACE_GROUPS: usize = 3;

impl SurfaceGroup {
    pub fn of(surface: Option<Surface>) -> SurfaceGroup {
        match surface {
            Some(Surface::Trail | Surface::Grass | Surface::Gravel | Surface::Sand) => {
                SurfaceGroup::Soft
            }
            Some(Surface::Treadmill) => SurfaceGroup::Treadmill,
            _ => SurfaceGroup::Firm,
        }
    }
}

/// Each run's easy pace (seconds per km): the median pace of the runs of
/// its surface group in the 28 days before its day, or of all runs when the
/// group has fewer than 3 there. Races are left out: they are not easy.
/// `runs` are sorted by date; the window slides, so each run enters and
/// leaves it once, and its paces are kept in order (n log n in all).
pub fn easy_paces(runs: &[Run]) -> Vec<Option<f64>> {
    let samples: Vec<Option<(SurfaceGroup, f64)>> = runs.iter().map(easy_sample).collect();
    let paces: Vec<f64> = samples.iter().flatten().map(|(_, p)| *p).collect();
    let (ranks, mut of_each) = PaceRanks::with_ranks(&paces);
    let mut of_each = of_each.drain(..);
    let entries: Vec<Option<(SurfaceGroup, usize)>> = samples
        .iter()
        .map(|sample| sample.and_then(|(group, _)| Some((group, of_each.next()?))))
        .collect();
    let mut window = EasyWindow::new(&ranks);
    let mut out = Vec::with_capacity(runs.len());
    // Days as numbers, so the window slides by comparing integers.
    let days: Vec<i64> = runs
        .iter()
        .map(|run| i64::from(run.date.num_days_from_ce()))
        .collect();
    let (mut window_start, mut window_end) = (0, 0);
    for (run, &day) in runs.iter().zip(&days) {
        while window_end < runs.len() && days[window_end] < day {
            window.enter(entries[window_end]);
            window_end += 1;
        }
        let oldest = day - EASY_PACE_WINDOW_DAYS;
        while window_start < window_end && days[window_start] < oldest {
            window.leave(entries[window_start]);
            window_start += 1;
        }
        out.push(window.easy_pace(SurfaceGroup::of(run.surface)));
    }
    out
}

/// A run's surface group and pace, when it counts towards an easy pace.
fn easy_sample(run: &Run) -> Option<(SurfaceGroup, f64)> {
    if run.is_race() {
        return None;
    }
    Some((SurfaceGroup::of(run.surface), run.pace_s_per_km()?))
}

/// The paces of the easy-pace window: of all runs, and of each surface group.
struct EasyWindow<'r> {
    all: PaceWindow<'r>,
    by_group: [PaceWindow<'r>; SURFACE_GROUPS],
}

impl<'r> EasyWindow<'r> {
    fn new(ranks: &'r PaceRanks) -> EasyWindow<'r> {
        EasyWindow {
            all: PaceWindow::new(ranks),
            by_group: std::array::from_fn(|_| PaceWindow::new(ranks)),
        }
    }

    /// A run enters the window: its surface group and its pace's rank, when it counts.
    fn enter(&mut self, entry: Option<(SurfaceGroup, usize)>) {
        if let Some((group, rank)) = entry {
            self.all.insert_rank(rank);
            self.by_group[group as usize].insert_rank(rank);
        }
    }

    fn leave(&mut self, entry: Option<(SurfaceGroup, usize)>) {
        if let Some((group, rank)) = entry {
            self.all.remove_rank(rank);
            self.by_group[group as usize].remove_rank(rank);
        }
    }

    /// The group's median, or all runs' when the group has too few.
    fn easy_pace(&self, group: SurfaceGroup) -> Option<f64> {
        let own = &self.by_group[group as usize];
        if own.len() >= MIN_RUNS_FOR_EASY_PACE {
            own.median()
        } else if self.all.len() >= MIN_RUNS_FOR_EASY_PACE {
            self.all.median()
        } else {
            None
        }
    }
}

/// Whether a run can be judged hard or easy: its effort is logged, or its
/// pace can be compared with an easy pace.
pub fn is_judged(run: &Run, easy_pace: Option<f64>) -> bool {
    !run.is_race() && (run.rpe.is_some() || (easy_pace.is_some() && run.pace_s_per_km().is_some()))
}

/// Whether a run was hard. Where RPE is logged: RPE 8 or more, or RPE 7
/// with a pace faster than easy. Otherwise: a pace at least `margin` faster
/// than easy. A race is a planned effort and never counts as hard running.
pub fn is_hard(run: &Run, easy_pace: Option<f64>, margin: f64) -> bool {
    if run.is_race() {
        return false;
    }
    let pace = run.pace_s_per_km();
    let faster_by = |share: f64| match (pace, easy_pace) {
        (Some(pace), Some(easy)) => pace <= easy * (1.0 - share),
        _ => false,
    };
    match run.rpe {
        Some(rpe) => rpe >= HARD_RPE || (rpe >= HARD_RPE_WITH_PACE && faster_by(f64::EPSILON)),
        None => faster_by(margin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, RunType};
    use chrono::Duration;
    use chrono::NaiveDate;

    fn run(day: i64, km: f64, pace: f64, surface: Surface) -> Run {
        let monday = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        let mut run = Run::new(monday + Duration::days(day), km, Origin::new("t.csv", 2));
        run.duration_s = Some(pace * km);
        run.surface = Some(surface);
        run
    }

    #[test]
    fn each_surface_group_has_its_own_easy_pace() {
        let mut runs = Vec::new();
        for week in 0..3 {
            runs.push(run(week * 7, 10.0, 300.0, Surface::Road));
            runs.push(run(week * 7 + 2, 10.0, 375.0, Surface::Trail));
        }
        runs.push(run(21, 10.0, 300.0, Surface::Road));
        runs.push(run(22, 10.0, 375.0, Surface::Trail));
        runs.push(run(23, 10.0, 330.0, Surface::Treadmill));
        let easy = easy_paces(&runs);
        assert_eq!(easy[6], Some(300.0), "road against road");
        assert_eq!(easy[7], Some(375.0), "trail against trail");
        assert_eq!(
            easy[8],
            Some(337.5),
            "a treadmill run with no treadmill history falls back to all runs"
        );
        assert!(!is_hard(&runs[6], easy[6], HARD_PACE_MARGIN));
    }

    /// The easy paces as they were first computed: every window sorted
    /// again, for every run.
    fn sorted_again(runs: &[Run]) -> Vec<Option<f64>> {
        use crate::analysis::load::median;
        let mut out = Vec::new();
        for run in runs {
            let oldest = run.date - Duration::days(EASY_PACE_WINDOW_DAYS);
            let earlier = runs
                .iter()
                .filter(|r| r.date < run.date && r.date >= oldest && !r.is_race());
            let (mut group, mut all) = (Vec::new(), Vec::new());
            for r in earlier {
                if let Some(pace) = r.pace_s_per_km() {
                    all.push(pace);
                    if SurfaceGroup::of(r.surface) == SurfaceGroup::of(run.surface) {
                        group.push(pace);
                    }
                }
            }
            out.push(if group.len() >= MIN_RUNS_FOR_EASY_PACE {
                median(&mut group)
            } else if all.len() >= MIN_RUNS_FOR_EASY_PACE {
                median(&mut all)
            } else {
                None
            });
        }
        out
    }

    /// `count` runs over 8 weeks, of every surface group, some races, some
    /// without a time, paces repeating (a fixed pseudo-random sequence).
    fn dense_log(count: usize) -> Vec<Run> {
        const SURFACES: [Surface; 4] = [
            Surface::Road,
            Surface::Trail,
            Surface::Treadmill,
            Surface::Mixed,
        ];
        let mut seed: u64 = 7;
        let mut next = |below: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % below
        };
        let mut runs: Vec<Run> = (0..count)
            .map(|_| {
                let day = next(56) as i64;
                let pace = 240.0 + next(120) as f64;
                let mut r = run(day, 5.0 + next(10) as f64, pace, SURFACES[next(4) as usize]);
                if next(10) == 0 {
                    r.duration_s = None;
                }
                if next(20) == 0 {
                    r.run_type = Some(RunType::Race);
                }
                r
            })
            .collect();
        runs.sort_by_key(|r| r.date);
        runs
    }

    #[test]
    fn the_sliding_window_gives_the_easy_paces_of_sorting_every_window() {
        for count in [0, 1, 5, 40, 600] {
            let runs = dense_log(count);
            assert_eq!(easy_paces(&runs), sorted_again(&runs), "{count} runs");
        }
    }

    #[test]
    fn the_easy_pace_grows_as_n_log_n() {
        let steps = |count: usize| {
            let runs = dense_log(count);
            crate::steps::counted(|| easy_paces(&runs)).1
        };
        let (small, large) = (steps(1_000), steps(8_000));
        assert!(small > 0);
        assert!(
            large < crate::steps::MAX_GROWTH_AT_8X * small,
            "1k runs: {small} steps, 8k runs: {large}"
        );
    }

    #[test]
    fn hard_by_pace_by_effort_and_never_a_race() {
        let easy = Some(300.0);
        let with = |pace: f64, rpe: Option<f64>, race: bool| {
            let mut r = run(0, 10.0, pace, Surface::Road);
            r.rpe = rpe;
            r.run_type = race.then_some(RunType::Race);
            r
        };
        let cases = [
            (with(265.0, None, false), true, "10% faster, no RPE"),
            (with(285.0, None, false), false, "5% faster, no RPE"),
            (
                with(330.0, Some(7.0), false),
                false,
                "easy long run at RPE 7",
            ),
            (
                with(295.0, Some(7.0), false),
                true,
                "RPE 7 and faster than easy",
            ),
            (
                with(320.0, Some(8.0), false),
                true,
                "RPE 8 on a slow hilly day",
            ),
            (
                with(250.0, Some(4.0), false),
                false,
                "fast but easy by feel",
            ),
            (with(240.0, Some(9.0), true), false, "a race"),
        ];
        for (r, hard, what) in cases {
            assert_eq!(is_hard(&r, easy, HARD_PACE_MARGIN), hard, "{what}");
        }
        assert!(!is_judged(&with(240.0, None, true), easy));
        assert!(is_judged(&with(300.0, Some(5.0), false), None));
    }
}
