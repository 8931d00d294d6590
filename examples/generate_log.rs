//! Writes a large, plausible club training log in runrisk's native CSV format,
//! so that runrisk can be measured at scale (see `bench/scale.sh`).
//!
//! Why it exists: the sample logs hold a few hundred runs, but a coach or a
//! club may feed runrisk years of logs for hundreds of athletes. This example
//! makes such a log on demand, deterministically (the same arguments always
//! give the same bytes), without shipping a large fixture in the repository
//! and without any dependency beyond the standard library.
//!
//! ```text
//! cargo run --release --example generate_log -- --runs 1000000 --athletes 1000 > big.csv
//! ```
//!
//! `--years 10` gives every athlete ten years of log instead, for a report
//! over 520 weeks:
//!
//! ```text
//! cargo run --release --example generate_log -- --runs 2500 --athletes 1 --years 10 > ten-years.csv
//! ```
//!
//! Each athlete gets about three to four years of runs ending in late 2025:
//! a weekly rhythm of easy runs, one quality session and a long run, weekly
//! distance that drifts, down weeks and the occasional spike, a preferred mix
//! of surfaces, shoes that are retired somewhere between 500 and 850 km, and
//! now and then hill repeats or strides. Rows are sorted by date with the
//! athletes interleaved, the way a shared club spreadsheet grows. Columns:
//! `athlete,date,distance_km,duration,surface,elevation_gain_m,hill_repeats,
//! sprints,shoe,warmup,rpe,heaviness`.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// The last day any athlete's log may reach: 2025-12-31, as days since 1970-01-01.
const LAST_DAY: i64 = 20_453;
/// Each log spans between three and four years.
const MIN_SPAN_DAYS: i64 = 3 * 365;
const MAX_SPAN_DAYS: i64 = 4 * 365;
const DAYS_PER_YEAR: i64 = 365;
const SURFACES: [&str; 8] = [
    "road",
    "asphalt",
    "concrete",
    "track",
    "treadmill",
    "trail",
    "grass",
    "gravel",
];
/// Climbing per km on each surface of `SURFACES`: (least, most) in metres.
const CLIMB_M_PER_KM: [(f64, f64); 8] = [
    (3.0, 12.0),
    (3.0, 12.0),
    (1.0, 6.0),
    (0.0, 0.0),
    (0.0, 0.0),
    (8.0, 30.0),
    (2.0, 8.0),
    (4.0, 14.0),
];
const SHOE_MODELS: [&str; 10] = [
    "Pegasus 40",
    "Ghost 15",
    "Clifton 9",
    "Novablast 4",
    "Kinvara 14",
    "Speedgoat 5",
    "Cascadia 17",
    "Endorphin Speed 3",
    "Glycerin 21",
    "Gel-Nimbus 25",
];
const FIRST_NAMES: [&str; 16] = [
    "Maria", "Tom", "Aisha", "Lukas", "Sofia", "Kenji", "Amara", "Jonas", "Priya", "Mateo", "Elif",
    "Noah", "Chloe", "Ravi", "Ingrid", "Kwame",
];

/// xorshift64*: small, fast and good enough for plausible test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so nearby seeds give unrelated streams
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform integer in [low, high].
    fn int(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// What kind of run a day holds.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Easy,
    Quality,
    Long,
}

/// One athlete's habits.
struct Athlete {
    name: String,
    first_day: i64,
    weeks: i64,
    runs: u64,
    /// Typical weekly distance in km.
    weekly_km: f64,
    /// Easy pace in seconds per km.
    easy_pace: f64,
    /// Weights of `SURFACES`.
    surface_weights: [f64; 8],
    shoe_model: usize,
}

/// One generated run, compact so a million of them fit in a few tens of MB.
struct Row {
    day: i64,
    athlete: u32,
    tiebreak: u32,
    distance_dm: u32,
    duration_s: u32,
    surface: u8,
    elevation_m: u16,
    hill_repeats: u8,
    sprints: u8,
    shoe_model: u8,
    shoe_pair: u16,
    warmup: u8,
    rpe: u8,
    heaviness: u8,
}

const NONE: u8 = u8::MAX;

struct Options {
    runs: u64,
    athletes: u64,
    seed: u64,
    /// Every log spans this many years; `None` for three to four.
    years: Option<u64>,
}

/// The most years a log may span (it must start after 1970).
const MAX_YEARS: u64 = 50;

fn usage() -> String {
    "usage: generate_log [--runs N] [--athletes N] [--seed N] [--years N]\n  \
     (defaults: 1000000 runs, 1000 athletes, seed 1, three to four years per athlete)"
        .to_string()
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        runs: 1_000_000,
        athletes: 1_000,
        seed: 1,
        years: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Err(usage());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{}", usage()))?;
        let number: u64 = value
            .replace('_', "")
            .parse()
            .map_err(|_| format!("{flag}: '{value}' is not a whole number\n{}", usage()))?;
        match flag.as_str() {
            "--runs" => options.runs = number,
            "--athletes" => options.athletes = number,
            "--seed" => options.seed = number,
            "--years" => options.years = Some(number),
            _ => return Err(format!("unknown option '{flag}'\n{}", usage())),
        }
    }
    if options.athletes == 0 || options.athletes > u64::from(u32::MAX) {
        return Err(format!("--athletes must be from 1 to {}", u32::MAX));
    }
    if options.years.is_some_and(|y| y == 0 || y > MAX_YEARS) {
        return Err(format!("--years must be from 1 to {MAX_YEARS}"));
    }
    Ok(options)
}

fn make_athlete(index: u64, runs: u64, years: Option<u64>, rng: &mut Rng) -> Athlete {
    let random_span = rng.int(MIN_SPAN_DAYS as u64, MAX_SPAN_DAYS as u64) as i64;
    let span = years.map_or(random_span, |y| y as i64 * DAYS_PER_YEAR);
    let last_day = LAST_DAY - rng.int(0, 60) as i64;
    // start on a Monday (1970-01-01 was a Thursday, so day 4 was a Monday)
    let mut first_day = last_day - span;
    first_day -= (first_day - 4).rem_euclid(7);
    let weeks = ((last_day - first_day) / 7).max(1);
    let mut surface_weights = [0.0; 8];
    for (i, w) in surface_weights.iter_mut().enumerate() {
        // most people run mainly on roads; some are trail runners
        let base = match i {
            0 | 1 => 3.0,
            5 => 1.0,
            _ => 0.6,
        };
        *w = base * rng.range(0.1, 2.0);
    }
    let name = format!(
        "{} {:04}",
        FIRST_NAMES[(index % FIRST_NAMES.len() as u64) as usize],
        index + 1
    );
    Athlete {
        name,
        first_day,
        weeks,
        runs,
        weekly_km: rng.range(15.0, 80.0),
        easy_pace: rng.range(290.0, 420.0),
        surface_weights,
        shoe_model: rng.int(0, SHOE_MODELS.len() as u64 - 1) as usize,
    }
}

fn pick_surface(weights: &[f64; 8], rng: &mut Rng) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.range(0.0, total);
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    0
}

/// Generates one athlete's runs, appending them to `rows`.
fn athlete_runs(index: u32, athlete: &Athlete, rng: &mut Rng, rows: &mut Vec<Row>) {
    let mut shoe_km = rng.range(0.0, 300.0);
    let mut shoe_pair: u16 = 1;
    let mut retire_at = rng.range(500.0, 850.0);
    let mut shoe_model = athlete.shoe_model;
    let phase = rng.range(0.0, std::f64::consts::TAU);
    for week in 0..athlete.weeks {
        // spread the runs evenly over the weeks; the counts add up exactly
        let weeks = athlete.weeks as u64;
        let week_n = week as u64;
        let runs_this_week = (week_n + 1) * athlete.runs / weeks - week_n * athlete.runs / weeks;
        if runs_this_week == 0 {
            continue;
        }
        // weekly distance: a slow seasonal drift, a down week every fourth,
        // and now and then a week far above the others
        let season = 1.0 + 0.25 * ((week as f64) / 8.0 + phase).sin();
        let mut factor = season * rng.range(0.85, 1.15);
        if week % 4 == 3 {
            factor *= 0.75;
        }
        if rng.chance(0.04) {
            factor *= rng.range(1.4, 1.8);
        }
        let week_km = athlete.weekly_km * factor;
        // pick the days: distinct weekdays, then doubles if more than seven runs
        let mut weekdays = [0u8, 1, 2, 3, 4, 5, 6];
        for i in (1..7).rev() {
            let j = rng.int(0, i as u64) as usize;
            weekdays.swap(i, j);
        }
        let mut days: Vec<u8> = (0..runs_this_week)
            .map(|i| weekdays[(i % 7) as usize])
            .collect();
        days.sort_unstable();
        let quality_slot = if days.len() >= 3 {
            Some(rng.int(0, days.len() as u64 - 2) as usize)
        } else {
            None
        };
        let long_share = if days.len() >= 3 { 0.3 } else { 0.0 };
        let easy_count = days.len() - usize::from(long_share > 0.0);
        let easy_km = week_km * (1.0 - long_share) / easy_count.max(1) as f64;
        for (slot, weekday) in days.iter().enumerate() {
            let kind = if long_share > 0.0 && slot == days.len() - 1 {
                Kind::Long
            } else if Some(slot) == quality_slot {
                Kind::Quality
            } else {
                Kind::Easy
            };
            let km = match kind {
                Kind::Long => week_km * long_share * rng.range(0.9, 1.1),
                _ => easy_km * rng.range(0.7, 1.3),
            }
            .clamp(2.0, 60.0);
            let distance_dm = (km * 10.0).round() as u32;
            let km = f64::from(distance_dm) / 10.0;
            let pace = match kind {
                Kind::Easy => athlete.easy_pace * rng.range(0.96, 1.06),
                Kind::Quality => athlete.easy_pace * rng.range(0.80, 0.92),
                Kind::Long => athlete.easy_pace * rng.range(1.0, 1.08),
            };
            let surface = if kind == Kind::Quality && rng.chance(0.4) {
                3 // track
            } else {
                pick_surface(&athlete.surface_weights, rng)
            };
            let (low, high) = CLIMB_M_PER_KM[surface];
            let hill_repeats = if kind == Kind::Quality && rng.chance(0.15) {
                rng.int(6, 12) as u8
            } else {
                0
            };
            let climb = km * rng.range(low, high) + f64::from(hill_repeats) * 15.0;
            let sprints = if kind == Kind::Easy && rng.chance(0.12) {
                rng.int(4, 8) as u8
            } else {
                0
            };
            let warmup = match kind {
                Kind::Quality if rng.chance(0.85) => 1,
                Kind::Quality => 0,
                _ if sprints > 0 && rng.chance(0.5) => 1,
                _ => NONE,
            };
            let rpe = if rng.chance(0.3) {
                NONE
            } else {
                match kind {
                    Kind::Easy => rng.int(2, 5) as u8,
                    Kind::Quality => rng.int(6, 9) as u8,
                    Kind::Long => rng.int(4, 8) as u8,
                }
            };
            let heaviness = if rng.chance(0.5) {
                NONE
            } else {
                rng.int(0, 7) as u8
            };
            if shoe_km >= retire_at {
                shoe_pair += 1;
                shoe_km = 0.0;
                retire_at = rng.range(500.0, 850.0);
                if rng.chance(0.3) {
                    shoe_model = rng.int(0, SHOE_MODELS.len() as u64 - 1) as usize;
                }
            }
            shoe_km += km;
            rows.push(Row {
                day: athlete.first_day + week * 7 + i64::from(*weekday),
                athlete: index,
                tiebreak: rows.len() as u32,
                distance_dm,
                duration_s: (km * pace).round() as u32,
                surface: surface as u8,
                elevation_m: climb.round().min(f64::from(u16::MAX)) as u16,
                hill_repeats,
                sprints,
                shoe_model: shoe_model as u8,
                shoe_pair,
                warmup,
                rpe,
                heaviness,
            });
        }
    }
}

/// The calendar date of a day number (days since 1970-01-01), after
/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn write_log(out: &mut impl Write, athletes: &[Athlete], rows: &[Row]) -> io::Result<()> {
    writeln!(
        out,
        "athlete,date,distance_km,duration,surface,elevation_gain_m,hill_repeats,sprints,shoe,warmup,rpe,heaviness"
    )?;
    let mut cached_day = i64::MIN;
    let mut date = String::new();
    for row in rows {
        if row.day != cached_day {
            let (y, m, d) = civil_from_days(row.day);
            date = format!("{y:04}-{m:02}-{d:02}");
            cached_day = row.day;
        }
        let athlete = &athletes[row.athlete as usize];
        let seconds = row.duration_s;
        write!(
            out,
            "{},{},{}.{},{}:{:02}:{:02},{},{},",
            athlete.name,
            date,
            row.distance_dm / 10,
            row.distance_dm % 10,
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60,
            SURFACES[row.surface as usize],
            row.elevation_m,
        )?;
        if row.hill_repeats > 0 {
            write!(out, "{}", row.hill_repeats)?;
        }
        out.write_all(b",")?;
        if row.sprints > 0 {
            write!(out, "{}", row.sprints)?;
        }
        write!(
            out,
            ",{} #{},",
            SHOE_MODELS[row.shoe_model as usize], row.shoe_pair
        )?;
        match row.warmup {
            1 => out.write_all(b"yes")?,
            0 => out.write_all(b"no")?,
            _ => {}
        }
        out.write_all(b",")?;
        if row.rpe != NONE {
            write!(out, "{}", row.rpe)?;
        }
        out.write_all(b",")?;
        if row.heaviness != NONE {
            write!(out, "{}", row.heaviness)?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut rng = Rng::new(options.seed);
    let per_athlete = options.runs / options.athletes;
    let extra = options.runs % options.athletes;
    let athletes: Vec<Athlete> = (0..options.athletes)
        .map(|i| {
            make_athlete(
                i,
                per_athlete + u64::from(i < extra),
                options.years,
                &mut rng,
            )
        })
        .collect();
    let mut rows = Vec::with_capacity(options.runs.min(1 << 28) as usize);
    for (index, athlete) in athletes.iter().enumerate() {
        athlete_runs(index as u32, athlete, &mut rng, &mut rows);
    }
    // a shared log grows day by day, with every athlete's runs interleaved
    rows.sort_unstable_by_key(|r| (r.day, r.athlete, r.tiebreak));
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    match write_log(&mut out, &athletes, &rows) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate_log: could not write: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(LAST_DAY), (2025, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
