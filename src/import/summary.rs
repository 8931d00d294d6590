//! What importing gives back: the runs of each athlete and, for every
//! input, what was read, skipped, assumed and lost, so `check` and every
//! command can say it. Plain data; the importers fill it in.

use crate::model::{Surface, SurfaceSource};
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use std::sync::Arc;

use crate::error::{Problem, MAX_LISTED_PROBLEMS};
use crate::model::Run;
use crate::model::Units;

/// What an activity-file importer (GPX, TCX, FIT) returns for one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityRead {
    /// The running activities or sessions in the file.
    pub runs: Vec<Run>,
    /// Activities or sessions found, runs or not.
    pub activities: usize,
    /// Why each activity that is not kept was skipped ("cycling session").
    pub skipped: Vec<String>,
    /// What the user should know: data lost to truncation or a bad CRC, noise filtered.
    pub notes: Vec<String>,
    /// Part of the file could not be read (cut short, damaged, a bad
    /// checksum): the notes say what was lost.
    pub damaged: bool,
}

/// What was read from one input, for `check`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputSummary {
    pub input: String,
    /// Rows or activities found.
    pub activities: usize,
    /// Of those, activities found in GPX, TCX or FIT files (the rest are CSV rows).
    pub from_activity_files: usize,
    /// Of those, runs that were kept (with the other sessions among them).
    pub runs: usize,
    /// Of the kept rows, those that are not runs (strength, core, rest days ...).
    pub sessions: usize,
    /// Runs dropped because another input gives them too.
    pub duplicates: usize,
    /// Rows that repeat an earlier row of this input exactly (kept: a double day).
    pub repeated_rows: usize,
    /// Rows that repeat an earlier row with the same start time (counted once).
    pub repeated_starts: usize,
    /// Rows skipped, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// How many runs got each surface, and from what ("trail from the activity type").
    pub surfaces: BTreeMap<String, usize>,
    /// What the user should know about this input (units assumed, data lost).
    pub notes: Vec<String>,
    /// What was lost although the reading went on.
    pub losses: Losses,
    /// The units runrisk judged or assumed for an export that does not say
    /// (Garmin Connect), so every command can say it: a wrong guess would
    /// scale every distance by 1.6.
    pub units_guess: Option<String>,
    /// What runrisk assumed to read this input (column names taken by their
    /// meaning, day or month first, `h:mm` durations, units in the cells),
    /// said in `check` and once on standard error by every command.
    pub assumed: Vec<String>,
    /// The units the input writes its distances in, when it says: a log in
    /// miles is shown in miles unless `--units` says otherwise.
    pub distance_units: Option<Units>,
}

/// What of an input could not be used although the reading went on (one
/// bad activity file never stops a folder), so every command can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Losses {
    /// Runs in activity files left out because they cannot be true.
    pub runs_left_out: usize,
    /// Files that could not be read at all.
    pub unreadable_files: usize,
    /// Files read only in part (cut short, damaged).
    pub damaged_files: usize,
}

impl Losses {
    pub fn add(&mut self, other: Losses) {
        self.runs_left_out += other.runs_left_out;
        self.unreadable_files += other.unreadable_files;
        self.damaged_files += other.damaged_files;
    }

    pub fn any(&self) -> bool {
        *self != Losses::default()
    }

    /// "1 run was left out as impossible, 2 files could not be read".
    pub fn describe(&self) -> String {
        let parts = [
            (
                self.runs_left_out,
                "run was left out as impossible",
                "runs were left out as impossible",
            ),
            (
                self.unreadable_files,
                "file could not be read",
                "files could not be read",
            ),
            (
                self.damaged_files,
                "file was read only in part",
                "files were read only in part",
            ),
        ];
        parts
            .iter()
            .filter(|(count, _, _)| *count > 0)
            .map(|(count, one, many)| crate::words::counted(*count, one, many))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Imported {
    /// What all inputs lost.
    pub fn losses(&self) -> Losses {
        let mut all = Losses::default();
        for input in &self.inputs {
            all.add(input.losses);
        }
        all
    }
}

impl InputSummary {
    pub fn new(input: &str) -> InputSummary {
        InputSummary {
            input: input.to_string(),
            ..InputSummary::default()
        }
    }

    pub fn skip(&mut self, reason: String) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// Counts `count` kept runs of one surface and where it came from.
    pub fn note_surfaces(&mut self, (surface, source): SurfaceKey, count: usize) {
        let key = match (surface, source) {
            (Some(surface), Some(source)) => format!("{surface} from {}", source.describe()),
            (Some(surface), None) => surface.to_string(),
            (None, _) => "without a surface".to_string(),
        };
        *self.surfaces.entry(key).or_default() += count;
    }
}

/// A run's surface and what decided it, as [`InputSummary::note_surfaces`]
/// counts them.
pub type SurfaceKey = (Option<Surface>, Option<SurfaceSource>);

/// The surface key of a run; `None` for a session that is not a run.
pub fn surface_key(run: &Run) -> Option<SurfaceKey> {
    run.activity
        .is_run()
        .then_some((run.surface, run.surface_source))
}

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Imported {
    /// Each athlete's runs sorted by date; the unnamed athlete first, then by name.
    pub athletes: Vec<Vec<Run>>,
    pub inputs: Vec<InputSummary>,
    /// Rows with invalid values that were skipped under `--skip-invalid`.
    pub skipped_rows: usize,
    /// Why they were skipped: each problem's column and what was expected, counted.
    pub skipped_reasons: BTreeMap<String, usize>,
    /// The units the log is shown in (see `shown_units`).
    pub units: Units,
}

impl Imported {
    /// This summary of a log with its runs unpacked into `athletes`.
    pub fn with_runs(self, packed: super::PackedLog) -> Imported {
        Imported {
            athletes: packed.unpack_all(),
            ..self
        }
    }

    /// All runs, athlete by athlete.
    pub fn runs(&self) -> impl Iterator<Item = &Run> {
        self.athletes.iter().flatten()
    }

    pub fn run_count(&self) -> usize {
        self.athletes.iter().map(Vec::len).sum()
    }

    /// The units to show this log in: `--units` when given, else the units
    /// its inputs write distances in when they all agree, else `default`.
    pub(super) fn shown_units(&self, default: Units, given: bool) -> Units {
        if given {
            return default;
        }
        let mut said = self.inputs.iter().filter_map(|i| i.distance_units);
        match said.next() {
            Some(first) if said.all(|u| u == first) => first,
            _ => default,
        }
    }
}

/// Shared names (athletes, shoes) stored once however many runs carry them.
/// Names that differ only in case or spacing are the same name, spelt as
/// it first appeared.
#[derive(Default)]
pub struct Interner {
    /// Names exactly as written, for the common case of a name seen before.
    exact: FxHashMap<String, Arc<str>>,
    /// Names case-folded with single spaces.
    folded: FxHashMap<String, Arc<str>>,
    /// Names a thread's [`NameCache`] shared, by where they live, with the
    /// shared name each is: a row's name found without reading its text.
    /// Each is held here, so no other name can come to live where it did.
    by_address: FxHashMap<usize, (Arc<str>, Arc<str>)>,
}

/// The interner forgets the names it found by address past this many, so a
/// column of free text cannot grow it without end.
const MAX_NAMES_BY_ADDRESS: usize = 1 << 16;

impl Interner {
    /// The shared name for `name`; a name seen before is looked up without
    /// a copy.
    pub fn intern(&mut self, name: impl AsRef<str>) -> Arc<str> {
        let name = name.as_ref();
        if let Some(shared) = self.exact.get(name) {
            return shared.clone();
        }
        let key = crate::model::name_key(name);
        let shared = self
            .folded
            .entry(key)
            .or_insert_with(|| Arc::from(name.trim()))
            .clone();
        self.exact.insert(name.to_string(), shared.clone());
        shared
    }

    /// [`intern`](Self::intern) for a name a [`NameCache`] shared, which
    /// many rows carry: after its first row, found by where it lives.
    pub fn intern_cached(&mut self, cached: &Arc<str>) -> Arc<str> {
        let address = Arc::as_ptr(cached).cast::<u8>() as usize;
        if let Some((_, shared)) = self.by_address.get(&address) {
            return shared.clone();
        }
        if self.by_address.len() >= MAX_NAMES_BY_ADDRESS {
            self.by_address.clear();
        }
        let shared = self.intern(&**cached);
        self.by_address
            .insert(address, (cached.clone(), shared.clone()));
        shared
    }
}

/// Names exactly as written, each shared once by one thread that turns
/// rows into runs, kept from batch to batch. It decides no spelling: the
/// [`Interner`] does that, in file order, when the runs are kept.
#[derive(Default)]
pub struct NameCache {
    exact: FxHashMap<String, Arc<str>>,
}

/// A thread's [`NameCache`] starts again past this many names, so a column
/// of free text cannot grow it without end.
const MAX_CACHED_NAMES: usize = 1 << 16;

impl NameCache {
    /// The shared name written `name`.
    pub fn get(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.exact.get(name) {
            return shared.clone();
        }
        if self.exact.len() >= MAX_CACHED_NAMES {
            self.exact.clear();
        }
        let shared: Arc<str> = Arc::from(name);
        self.exact.insert(name.to_string(), shared.clone());
        shared
    }
}

/// Invalid values gathered across all inputs, the first few kept for the message.
#[derive(Default)]
pub struct RowProblems {
    pub listed: Vec<Problem>,
    pub total: usize,
    pub rows: usize,
    /// Each problem's column and what was expected, counted.
    pub reasons: BTreeMap<String, usize>,
}

impl RowProblems {
    pub fn add(&mut self, problems: Vec<Problem>) {
        self.rows += 1;
        self.total += problems.len();
        for p in &problems {
            *self.reasons.entry(p.reason()).or_default() += 1;
        }
        let room = MAX_LISTED_PROBLEMS.saturating_sub(self.listed.len());
        self.listed.extend(problems.into_iter().take(room));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_cache_shares_names_exactly_as_written() {
        let mut cache = NameCache::default();
        let first = cache.get("Ana");
        assert!(Arc::ptr_eq(&first, &cache.get("Ana")));
        assert_eq!(&*cache.get("ANA"), "ANA", "the cache decides no spelling");
        for n in 0..MAX_CACHED_NAMES {
            cache.get(&format!("shoe {n}"));
        }
        assert!(cache.exact.len() <= MAX_CACHED_NAMES);
        assert_eq!(&*cache.get("Ana"), "Ana");
    }

    #[test]
    fn a_cached_name_interns_as_its_text_does() {
        let mut interner = Interner::default();
        let mut cache = NameCache::default();
        let first = interner.intern("Ana Lopez");
        let cached = cache.get("ANA LOPEZ");
        let shared = interner.intern_cached(&cached);
        assert!(Arc::ptr_eq(&first, &shared), "spelt as it first came");
        assert!(Arc::ptr_eq(&shared, &interner.intern_cached(&cached)));
        let other = cache.get("Ben");
        assert_eq!(&*interner.intern_cached(&other), "Ben");
        assert_eq!(&*interner.intern_cached(&cached), "Ana Lopez");
    }

    #[test]
    fn an_interner_spells_a_name_as_it_first_came() {
        let mut interner = Interner::default();
        let first = interner.intern("Ana Lopez");
        assert!(Arc::ptr_eq(&first, &interner.intern("  ANA  lopez ")));
        assert_eq!(&*interner.intern("ana lopez"), "Ana Lopez");
    }
}
