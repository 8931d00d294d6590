//! Runs held compact while a whole log is in memory. A club's log is read
//! to its end before any athlete can be analysed (an athlete's rows are
//! spread over the file), so every run is held at once; as a `Run` a run
//! takes 256 bytes, packed it takes about 30. Each athlete's runs are packed
//! into one buffer as they are read and unpacked, an athlete at a time,
//! when they are settled and analysed.
//!
//! A run packs into a set of flags saying which of its details are there,
//! then those details as variable-length integers. A number that is a whole
//! count of hundredths (8.4 km, 1 274 s, an RPE of 7) packs as that count;
//! any other number as its 8 bytes, so every value unpacks exactly as it was.
//! Names (shoes, files, injuries) pack as ids into a table shared by the log.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use rustc_hash::FxHashMap;

use super::summary::{surface_key, SurfaceKey};
use crate::model::{Activity, Origin, Run, RunType, Surface, SurfaceSource};

/// Names shared by the packed runs of a log, each packed as its place here.
/// A name is found by where it lives, not by its text: names are shared
/// (`Interner`), so one lookup of a pointer finds them.
#[derive(Debug, Default)]
pub struct Names {
    names: Vec<Arc<str>>,
    ids: FxHashMap<usize, u64>,
}

impl Names {
    /// Adds a name to the table, if it is not there yet.
    pub fn add(&mut self, name: &Arc<str>) {
        let names = &mut self.names;
        self.ids.entry(address(name)).or_insert_with(|| {
            names.push(name.clone());
            names.len() as u64 - 1
        });
    }

    fn id(&self, name: &Arc<str>) -> Option<u64> {
        self.ids.get(&address(name)).copied()
    }

    fn get(&self, id: u64) -> Option<&Arc<str>> {
        self.names.get(usize::try_from(id).ok()?)
    }
}

fn address(name: &Arc<str>) -> usize {
    Arc::as_ptr(name).cast::<u8>() as usize
}

/// Every athlete's runs of a log, packed, with the names they carry.
#[derive(Debug, Default)]
pub struct PackedLog {
    /// Each athlete's runs: the unnamed athlete first, then by name.
    pub athletes: Vec<PackedRuns>,
    pub names: Names,
}

impl PackedLog {
    pub fn run_count(&self) -> usize {
        self.athletes.iter().map(PackedRuns::len).sum()
    }

    /// The last day of the log: its latest run across all athletes.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.athletes.iter().filter_map(PackedRuns::last_day).max()
    }

    /// Unpacks each athlete's runs on the thread pool, hands them to
    /// `settle`, which may change them, and packs them again; what `settle`
    /// says of each athlete comes back in athlete order. Runs already in
    /// order (see [`PackedRuns::in_order`]) are left packed and handed to
    /// `in_order` instead: sorting them and looking for copies would change
    /// nothing, and a club's log is mostly such athletes.
    pub fn settle<T: Send>(
        &mut self,
        in_order: impl Fn(&PackedRuns) -> T + Sync,
        settle: impl Fn(&mut Vec<Run>) -> T + Sync,
    ) -> Vec<T> {
        use rayon::prelude::*;
        let names = &self.names;
        self.athletes
            .par_iter_mut()
            .map(|packed| {
                if packed.in_order() {
                    packed.bytes.shrink_to_fit();
                    return in_order(packed);
                }
                let mut runs = packed.unpack(names);
                let said = settle(&mut runs);
                *packed = PackedRuns::repacked(packed.athlete.clone(), &runs, names);
                said
            })
            .collect()
    }

    /// Leaves out the runs after `day`, and the athletes left with no run
    /// (only other sessions, or nothing); how many rows were left out.
    pub fn leave_out_after(&mut self, day: NaiveDate) -> usize {
        use rayon::prelude::*;
        let before = self.run_count();
        let names = &self.names;
        self.athletes
            .par_iter_mut()
            .filter(|packed| packed.last_day > Some(day))
            .for_each(|packed| {
                let mut runs = packed.unpack(names);
                runs.retain(|run| run.date <= day);
                *packed = PackedRuns::repacked(packed.athlete.clone(), &runs, names);
            });
        self.athletes.retain(|packed| packed.runs > 0);
        before - self.run_count()
    }

    /// Every athlete's runs, unpacked on the thread pool.
    pub fn unpack_all(&self) -> Vec<Vec<Run>> {
        use rayon::prelude::*;
        let names = &self.names;
        self.athletes.par_iter().map(|a| a.unpack(names)).collect()
    }
}

/// One athlete's runs, packed in the order they were added.
#[derive(Debug, Default)]
pub struct PackedRuns {
    athlete: Option<Arc<str>>,
    bytes: Vec<u8>,
    count: usize,
    /// How many of them are runs, not other sessions.
    runs: usize,
    last_day: Option<NaiveDate>,
    /// Names missing from the log's table, packed as ids past its end.
    own_names: Vec<Arc<str>>,
    /// The file and input of the first run.
    source: Option<(Arc<str>, usize)>,
    /// Some run came from another file or input than the first, or on a
    /// day no later than the run before it.
    out_of_order: bool,
    /// The runs (not other sessions) on each surface, as `check` counts them.
    surfaces: Vec<(SurfaceKey, usize)>,
}

impl PackedRuns {
    /// No runs yet of `athlete`, whose every run is theirs.
    pub fn new(athlete: Option<Arc<str>>) -> PackedRuns {
        PackedRuns {
            athlete,
            ..PackedRuns::default()
        }
    }

    /// Whose runs these are.
    pub fn athlete(&self) -> Option<&Arc<str>> {
        self.athlete.as_ref()
    }

    /// Runs and other sessions packed so far.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The latest day of any run.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.last_day
    }

    /// Whether the runs, as they were added, are settled already: all from
    /// one file of one input, each on a later day than the one before. None
    /// can then be a copy of another (copies share a day, or come from two
    /// sources), and sorting them by day keeps them as they are.
    pub fn in_order(&self) -> bool {
        !self.out_of_order
    }

    /// The input of the runs, when they are [`in_order`](Self::in_order).
    pub fn input(&self) -> Option<usize> {
        self.source.as_ref().map(|(_, input)| *input)
    }

    /// How many runs (not other sessions) were added on each surface.
    pub fn surfaces(&self) -> &[(SurfaceKey, usize)] {
        &self.surfaces
    }

    /// Packs one run; its athlete is the one these runs are of.
    pub fn push(&mut self, run: &Run, names: &Names) {
        self.note_order(run);
        let mut packer = Packer {
            run: [0; MAX_PACKED_RUN],
            len: 0,
            names,
            own: &mut self.own_names,
        };
        packer.run(run);
        self.bytes.extend_from_slice(packer.packed());
        self.count += 1;
        self.runs += usize::from(run.activity.is_run());
        self.last_day = self.last_day.max(Some(run.date));
    }

    /// Notes whether `run`, added next, keeps the runs in order, and its surface.
    fn note_order(&mut self, run: &Run) {
        let later = self.last_day.is_none_or(|last| run.date > last);
        let origin = &run.origin;
        let same_source = match &self.source {
            None => {
                self.source = Some((origin.file.clone(), origin.input));
                true
            }
            Some((file, input)) => {
                *input == origin.input && (Arc::ptr_eq(file, &origin.file) || *file == origin.file)
            }
        };
        self.out_of_order |= !(later && same_source);
        if let Some(key) = surface_key(run) {
            match self.surfaces.iter_mut().find(|(seen, _)| *seen == key) {
                Some((_, count)) => *count += 1,
                None => self.surfaces.push((key, 1)),
            }
        }
    }

    /// Packs runs again, after they were settled, into as little room as they need.
    pub fn repacked(athlete: Option<Arc<str>>, runs: &[Run], names: &Names) -> PackedRuns {
        let mut packed = PackedRuns::new(athlete);
        for run in runs {
            packed.push(run, names);
        }
        packed.bytes.shrink_to_fit();
        packed
    }

    /// The runs as they were packed.
    pub fn unpack(&self, names: &Names) -> Vec<Run> {
        let mut unpacker = Unpacker {
            bytes: &self.bytes,
            at: 0,
            names,
            own: &self.own_names,
        };
        (0..self.count)
            .map(|_| unpacker.run(self.athlete.clone()))
            .collect()
    }
}

/// Which details a run has, one bit (or a small code) each.
mod flag {
    pub const START: u64 = 1;
    pub const DURATION: u64 = 1 << 1;
    pub const ELEVATION: u64 = 1 << 2;
    pub const HILL_REPEATS: u64 = 1 << 3;
    pub const SPRINTS: u64 = 1 << 4;
    pub const SHOE: u64 = 1 << 5;
    pub const SHOE_KM: u64 = 1 << 6;
    pub const RPE: u64 = 1 << 7;
    pub const HEAVINESS: u64 = 1 << 8;
    pub const PAIN: u64 = 1 << 9;
    pub const INJURY: u64 = 1 << 10;
    pub const AVG_HR: u64 = 1 << 11;
    pub const ACTIVITY_FILE: u64 = 1 << 12;
    pub const FOOT_DRAG: u64 = 1 << 13;
    /// Where the small codes start: warm-up, inserts (2 bits each), run
    /// type, activity (3 bits each), surface (4 bits), surface source (3 bits).
    pub const WARMUP_AT: u32 = 14;
    pub const INSERTS_AT: u32 = 16;
    pub const RUN_TYPE_AT: u32 = 18;
    pub const ACTIVITY_AT: u32 = 21;
    pub const SURFACE_AT: u32 = 24;
    pub const SOURCE_AT: u32 = 28;
    pub const TWO_BITS: u64 = 0b11;
    pub const THREE_BITS: u64 = 0b111;
    pub const FOUR_BITS: u64 = 0b1111;
}

/// Numbers that are whole hundredths pack as that count.
const HUNDREDTHS: f64 = 100.0;
/// The mark of a number packed as its 8 bytes (a count is packed doubled).
const RAW_NUMBER: u64 = 1;
/// Counts of hundredths up to this pack as counts: every whole number
/// below it is exact as an `f64`.
const MAX_COUNT: f64 = (1u64 << 52) as f64;
/// Days are packed from 1 January 1970.
const DAYS_BEFORE_1970: i64 = 719_163;

/// The most bytes a varint takes (a `u64`, seven bits to a byte).
const MAX_VARINT: usize = 10;
/// The most fields one run packs: flags, day, start (seconds and
/// nanoseconds), eight numbers, two counts, four names, line and input.
const MAX_PACKED_FIELDS: usize = 20;
/// The most bytes one run packs into: every field at a varint's longest (a
/// number packed raw is one byte and eight, shorter still).
const MAX_PACKED_RUN: usize = MAX_PACKED_FIELDS * MAX_VARINT;

/// Packs one run into a buffer of its own, copied onto the athlete's bytes
/// at once: no byte written checks for room.
struct Packer<'a> {
    run: [u8; MAX_PACKED_RUN],
    len: usize,
    names: &'a Names,
    own: &'a mut Vec<Arc<str>>,
}

impl Packer<'_> {
    fn packed(&self) -> &[u8] {
        &self.run[..self.len]
    }

    fn byte(&mut self, byte: u8) {
        self.run[self.len] = byte;
        self.len += 1;
    }

    fn run(&mut self, run: &Run) {
        self.varint(flags(run));
        self.signed(i64::from(chrono::Datelike::num_days_from_ce(&run.date)) - DAYS_BEFORE_1970);
        self.number(run.distance_km);
        if let Some(start) = run.start {
            let utc = start.and_utc();
            self.signed(utc.timestamp());
            self.varint(u64::from(utc.timestamp_subsec_nanos()));
        }
        let numbers = [run.duration_s, run.elevation_gain_m];
        numbers.into_iter().flatten().for_each(|n| self.number(n));
        let counts = [run.hill_repeats, run.sprints];
        counts
            .into_iter()
            .flatten()
            .for_each(|n| self.varint(n.into()));
        if let Some(shoe) = &run.shoe {
            self.name(shoe);
        }
        let numbers = [run.shoe_km_before, run.rpe, run.heaviness, run.pain];
        numbers.into_iter().flatten().for_each(|n| self.number(n));
        if let Some(injury) = &run.injury {
            self.name(injury);
        }
        if let Some(hr) = run.avg_hr {
            self.number(hr);
        }
        if let Some(file) = &run.activity_file {
            self.name(file);
        }
        self.name(&run.origin.file);
        self.varint(run.origin.line);
        self.varint(run.origin.input as u64);
    }

    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.byte((value as u8) | 0x80);
            value >>= 7;
        }
        self.byte(value as u8);
    }

    fn signed(&mut self, value: i64) {
        self.varint(zigzag(value));
    }

    fn number(&mut self, value: f64) {
        let count = crate::whole::nearest_whole(value * HUNDREDTHS);
        let whole = count as i64;
        let fits = count.abs() < MAX_COUNT;
        if fits && (whole as f64 / HUNDREDTHS).to_bits() == value.to_bits() {
            self.varint(zigzag(whole) << 1);
        } else {
            self.varint(RAW_NUMBER);
            for byte in value.to_bits().to_le_bytes() {
                self.byte(byte);
            }
        }
    }

    fn name(&mut self, name: &Arc<str>) {
        let id = self.names.id(name).unwrap_or_else(|| {
            let at = self.own.iter().position(|own| Arc::ptr_eq(own, name));
            let at = at.unwrap_or_else(|| {
                self.own.push(name.clone());
                self.own.len() - 1
            });
            (self.names.names.len() + at) as u64
        });
        self.varint(id);
    }
}

/// A signed number as an unsigned one, small when it is near zero either way.
fn zigzag(value: i64) -> u64 {
    (value.wrapping_shl(1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    (value >> 1) as i64 ^ -((value & 1) as i64)
}

/// The flags and small codes of a run (see [`flag`]).
fn flags(run: &Run) -> u64 {
    use flag::*;
    let has = [
        (run.start.is_some(), START),
        (run.duration_s.is_some(), DURATION),
        (run.elevation_gain_m.is_some(), ELEVATION),
        (run.hill_repeats.is_some(), HILL_REPEATS),
        (run.sprints.is_some(), SPRINTS),
        (run.shoe.is_some(), SHOE),
        (run.shoe_km_before.is_some(), SHOE_KM),
        (run.rpe.is_some(), RPE),
        (run.heaviness.is_some(), HEAVINESS),
        (run.pain.is_some(), PAIN),
        (run.injury.is_some(), INJURY),
        (run.avg_hr.is_some(), AVG_HR),
        (run.activity_file.is_some(), ACTIVITY_FILE),
        (run.foot_drag, FOOT_DRAG),
    ];
    let bits = has
        .iter()
        .filter(|(on, _)| *on)
        .fold(0, |all, (_, bit)| all | bit);
    bits | yes_no_code(run.warmup) << WARMUP_AT
        | yes_no_code(run.inserts) << INSERTS_AT
        | run.run_type.map_or(0, run_type_code) << RUN_TYPE_AT
        | activity_code(run.activity) << ACTIVITY_AT
        | run.surface.map_or(0, surface_code) << SURFACE_AT
        | run.surface_source.map_or(0, source_code) << SOURCE_AT
}

fn yes_no_code(value: Option<bool>) -> u64 {
    match value {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    }
}

fn yes_no(code: u64) -> Option<bool> {
    match code {
        1 => Some(false),
        2 => Some(true),
        _ => None,
    }
}

fn run_type_code(run_type: RunType) -> u64 {
    match run_type {
        RunType::Easy => 1,
        RunType::Long => 2,
        RunType::Workout => 3,
        RunType::Race => 4,
        RunType::Recovery => 5,
    }
}

fn run_type(code: u64) -> Option<RunType> {
    [
        RunType::Easy,
        RunType::Long,
        RunType::Workout,
        RunType::Race,
        RunType::Recovery,
    ]
    .into_iter()
    .find(|t| run_type_code(*t) == code)
}

fn activity_code(activity: Activity) -> u64 {
    match activity {
        Activity::Run => 0,
        Activity::Strength => 1,
        Activity::Core => 2,
        Activity::Yoga => 3,
        Activity::Cross => 4,
        Activity::Walk => 5,
        Activity::Rest => 6,
    }
}

fn activity(code: u64) -> Activity {
    Activity::NAMES
        .iter()
        .map(|(_, activity)| *activity)
        .find(|a| activity_code(*a) == code)
        .unwrap_or_default()
}

fn surface_code(surface: Surface) -> u64 {
    match surface {
        Surface::Road => 1,
        Surface::Asphalt => 2,
        Surface::Concrete => 3,
        Surface::Track => 4,
        Surface::Treadmill => 5,
        Surface::Trail => 6,
        Surface::Grass => 7,
        Surface::Gravel => 8,
        Surface::Sand => 9,
        Surface::Mixed => 10,
    }
}

fn surface(code: u64) -> Option<Surface> {
    Surface::ALL.into_iter().find(|s| surface_code(*s) == code)
}

fn source_code(source: SurfaceSource) -> u64 {
    match source {
        SurfaceSource::Column => 1,
        SurfaceSource::ActivityType => 2,
        SurfaceSource::Name => 3,
        SurfaceSource::Default => 4,
    }
}

fn source(code: u64) -> Option<SurfaceSource> {
    [
        SurfaceSource::Column,
        SurfaceSource::ActivityType,
        SurfaceSource::Name,
        SurfaceSource::Default,
    ]
    .into_iter()
    .find(|s| source_code(*s) == code)
}

struct Unpacker<'a> {
    bytes: &'a [u8],
    at: usize,
    names: &'a Names,
    own: &'a [Arc<str>],
}

impl Unpacker<'_> {
    fn run(&mut self, athlete: Option<Arc<str>>) -> Run {
        use flag::*;
        let flags = self.varint();
        let has = |bit: u64| flags & bit != 0;
        let days = self.signed() + DAYS_BEFORE_1970;
        let date = i32::try_from(days)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .unwrap_or_default();
        let distance_km = self.number();
        let start = has(START).then(|| self.start()).flatten();
        let duration_s = has(DURATION).then(|| self.number());
        let elevation_gain_m = has(ELEVATION).then(|| self.number());
        let hill_repeats = has(HILL_REPEATS).then(|| self.count());
        let sprints = has(SPRINTS).then(|| self.count());
        let shoe = has(SHOE).then(|| self.name()).flatten();
        let shoe_km_before = has(SHOE_KM).then(|| self.number());
        let rpe = has(RPE).then(|| self.number());
        let heaviness = has(HEAVINESS).then(|| self.number());
        let pain = has(PAIN).then(|| self.number());
        let injury = has(INJURY).then(|| self.name()).flatten();
        let avg_hr = has(AVG_HR).then(|| self.number());
        let activity_file = has(ACTIVITY_FILE).then(|| self.name()).flatten();
        let file = self.name().unwrap_or_else(|| Arc::from(""));
        let line = self.varint();
        let input = usize::try_from(self.varint()).unwrap_or_default();
        Run {
            athlete,
            date,
            start,
            distance_km,
            duration_s,
            surface: surface(flags >> SURFACE_AT & FOUR_BITS),
            surface_source: source(flags >> SOURCE_AT & THREE_BITS),
            elevation_gain_m,
            hill_repeats,
            sprints,
            shoe,
            shoe_km_before,
            warmup: yes_no(flags >> WARMUP_AT & TWO_BITS),
            rpe,
            heaviness,
            foot_drag: has(FOOT_DRAG),
            run_type: run_type(flags >> RUN_TYPE_AT & THREE_BITS),
            activity: activity(flags >> ACTIVITY_AT & THREE_BITS),
            pain,
            injury,
            inserts: yes_no(flags >> INSERTS_AT & TWO_BITS),
            avg_hr,
            activity_file,
            origin: Origin { file, line, input },
        }
    }

    /// The next byte; 0 past the end, which packing never reaches.
    fn byte(&mut self) -> u8 {
        let byte = self.bytes.get(self.at).copied().unwrap_or_default();
        self.at += 1;
        byte
    }

    fn varint(&mut self) -> u64 {
        let mut value = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.byte();
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
        }
        value
    }

    fn signed(&mut self) -> i64 {
        unzigzag(self.varint())
    }

    fn number(&mut self) -> f64 {
        let packed = self.varint();
        if packed == RAW_NUMBER {
            let mut bits = [0; 8];
            bits.iter_mut().for_each(|b| *b = self.byte());
            return f64::from_bits(u64::from_le_bytes(bits));
        }
        unzigzag(packed >> 1) as f64 / HUNDREDTHS
    }

    fn count(&mut self) -> u32 {
        u32::try_from(self.varint()).unwrap_or(u32::MAX)
    }

    fn start(&mut self) -> Option<NaiveDateTime> {
        let seconds = self.signed();
        let nanos = u32::try_from(self.varint()).unwrap_or_default();
        DateTime::from_timestamp(seconds, nanos).map(|utc| utc.naive_utc())
    }

    fn name(&mut self) -> Option<Arc<str>> {
        let id = self.varint();
        let table = self.names.names.len() as u64;
        match id.checked_sub(table) {
            None => self.names.get(id).cloned(),
            Some(own) => self.own.get(usize::try_from(own).ok()?).cloned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A run with every detail there is.
    fn full_run(file: &Arc<str>, shoe: &Arc<str>) -> Run {
        let mut run = Run::new(day(2025, 6, 2), 10.37, Origin::new(file.clone(), 1_234_567));
        run.athlete = Some(Arc::from("Ana"));
        run.start = day(2025, 6, 2).and_hms_nano_opt(6, 30, 5, 250_000_000);
        run.duration_s = Some(3_123.0);
        run.surface = Some(Surface::Trail);
        run.surface_source = Some(SurfaceSource::Name);
        run.elevation_gain_m = Some(0.1 + 0.2);
        run.hill_repeats = Some(8);
        run.sprints = Some(0);
        run.shoe = Some(shoe.clone());
        run.shoe_km_before = Some(612.5);
        run.warmup = Some(false);
        run.rpe = Some(7.0);
        run.heaviness = Some(-0.0);
        run.foot_drag = true;
        run.run_type = Some(RunType::Recovery);
        run.activity = Activity::Rest;
        run.pain = Some(f64::MAX);
        run.injury = Some(Arc::from("calf strain"));
        run.inserts = Some(true);
        run.avg_hr = Some(148.0);
        run.activity_file = Some(Arc::from("activities/1.fit.gz"));
        run.origin.input = 3;
        run
    }

    fn round_trip(runs: &[Run], names: &Names) -> Vec<Run> {
        let athlete = runs.first().and_then(|r| r.athlete.clone());
        let mut packed = PackedRuns::new(athlete);
        for run in runs {
            packed.push(run, names);
        }
        assert_eq!(packed.len(), runs.len());
        packed.unpack(names)
    }

    /// A run's day of June 2025, its file and its input.
    type DayFrom = (u32, &'static str, usize);

    /// Runs of one athlete on the days given; whether they pack as already in order.
    fn in_order(runs: &[DayFrom]) -> bool {
        let names = Names::default();
        let mut packed = PackedRuns::new(None);
        for &(d, file, input) in runs {
            let mut run = Run::new(day(2025, 6, d), 8.0, Origin::new(file, 2));
            run.origin.input = input;
            packed.push(&run, &names);
        }
        packed.in_order()
    }

    #[test]
    fn runs_are_in_order_only_from_one_source_on_later_and_later_days() {
        let cases: [(&str, &[DayFrom], bool); 7] = [
            ("no run", &[], true),
            ("one run", &[(2, "log.csv", 0)], true),
            (
                "later days",
                &[(2, "log.csv", 0), (3, "log.csv", 0), (9, "log.csv", 0)],
                true,
            ),
            (
                "a double day",
                &[(2, "log.csv", 0), (2, "log.csv", 0)],
                false,
            ),
            (
                "an earlier day",
                &[(3, "log.csv", 0), (2, "log.csv", 0)],
                false,
            ),
            ("another file", &[(2, "a.fit", 0), (3, "b.fit", 0)], false),
            (
                "another input",
                &[(2, "log.csv", 0), (3, "log.csv", 1)],
                false,
            ),
        ];
        for (case, runs, expected) in cases {
            assert_eq!(in_order(runs), expected, "{case}");
        }
    }

    #[test]
    fn runs_on_each_surface_are_counted_as_they_are_packed() {
        let names = Names::default();
        let mut packed = PackedRuns::new(None);
        let file: Arc<str> = Arc::from("log.csv");
        for (d, surface, activity) in [
            (2, Some(Surface::Road), Activity::Run),
            (3, Some(Surface::Road), Activity::Run),
            (4, None, Activity::Run),
            (5, Some(Surface::Road), Activity::Strength),
        ] {
            let mut run = Run::new(day(2025, 6, d), 8.0, Origin::new(file.clone(), 2));
            run.surface = surface;
            run.activity = activity;
            packed.push(&run, &names);
        }
        assert_eq!(
            packed.surfaces(),
            [((Some(Surface::Road), None), 2), ((None, None), 1)]
        );
    }

    #[test]
    fn every_detail_unpacks_as_it_was_packed() {
        let (file, shoe): (Arc<str>, Arc<str>) = (Arc::from("log.csv"), Arc::from("Ghost 15"));
        let mut names = Names::default();
        names.add(&file);
        let full = full_run(&file, &shoe);
        let mut bare = Run::new(day(1969, 12, 31), 0.0, Origin::new(file.clone(), 2));
        bare.athlete = full.athlete.clone();
        let runs = [full.clone(), bare];
        let unpacked = round_trip(&runs, &names);
        assert_eq!(format!("{unpacked:?}"), format!("{runs:?}"));
        assert!(
            Arc::ptr_eq(&unpacked[0].origin.file, &file),
            "a name from the table is shared"
        );
    }

    #[test]
    fn a_run_with_few_details_packs_small() {
        let file: Arc<str> = Arc::from("club.csv");
        let mut names = Names::default();
        names.add(&file);
        let mut run = Run::new(day(2025, 6, 2), 8.4, Origin::new(file, 812_345));
        run.duration_s = Some(2_874.0);
        run.surface = Some(Surface::Road);
        run.surface_source = Some(SurfaceSource::Column);
        run.heaviness = Some(3.0);
        let mut packed = PackedRuns::new(None);
        packed.push(&run, &names);
        assert!(packed.bytes.len() <= 20, "{} bytes", packed.bytes.len());
        assert_eq!(packed.last_day(), Some(day(2025, 6, 2)));
    }

    #[test]
    fn the_longest_run_fits_the_packers_buffer() {
        let (file, shoe): (Arc<str>, Arc<str>) = (Arc::from("log.csv"), Arc::from("Ghost 15"));
        let names = Names::default();
        let odd = 1.0 / 3.0;
        let mut run = full_run(&file, &shoe);
        run.date = NaiveDate::MIN;
        run.start = NaiveDate::MIN.and_hms_nano_opt(23, 59, 59, 1_999_999_999);
        run.distance_km = -odd;
        for number in [
            &mut run.duration_s,
            &mut run.elevation_gain_m,
            &mut run.shoe_km_before,
            &mut run.rpe,
            &mut run.heaviness,
            &mut run.pain,
            &mut run.avg_hr,
        ] {
            *number = Some(odd);
        }
        (run.hill_repeats, run.sprints) = (Some(u32::MAX), Some(u32::MAX));
        (run.origin.line, run.origin.input) = (u64::MAX, usize::MAX);
        let mut packed = PackedRuns::new(run.athlete.clone());
        packed.push(&run, &names);
        assert!(
            packed.bytes.len() <= MAX_PACKED_RUN,
            "{} bytes",
            packed.bytes.len()
        );
        let unpacked = packed.unpack(&names);
        assert_eq!(format!("{unpacked:?}"), format!("{:?}", [run]));
    }

    fn any_number() -> impl Strategy<Value = f64> {
        prop_oneof![
            (-1_000_000i64..1_000_000).prop_map(|h| h as f64 / 100.0),
            any::<f64>(),
            Just(-0.0),
        ]
    }

    proptest! {
        #[test]
        fn numbers_and_days_unpack_exactly(
            distance in any_number(),
            duration in proptest::option::of(any_number()),
            days in -100_000i32..100_000,
            line in any::<u64>(),
        ) {
            let file: Arc<str> = Arc::from("a.csv");
            let names = Names::default();
            let date = NaiveDate::from_num_days_from_ce_opt(719_163 + days).unwrap();
            let mut run = Run::new(date, distance, Origin::new(file, line));
            run.duration_s = duration;
            let unpacked = round_trip(std::slice::from_ref(&run), &names);
            prop_assert_eq!(unpacked[0].distance_km.to_bits(), distance.to_bits());
            prop_assert_eq!(unpacked[0].duration_s.map(f64::to_bits), duration.map(f64::to_bits));
            prop_assert_eq!(unpacked[0].date, date);
            prop_assert_eq!(unpacked[0].origin.line, line);
            prop_assert_eq!(&*unpacked[0].origin.file, "a.csv");
        }
    }
}
