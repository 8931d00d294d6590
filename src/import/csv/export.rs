//! What Strava's and Garmin Connect's exports have in common and runrisk's
//! own log does not: headers matched by name even when names repeat or come
//! wrapped in HTML, English and German spellings, `--` for a missing value,
//! numbers with thousands separators or decimal commas, and dates written the
//! way the service shows them ("Oct 6, 2022, 11:19:20 PM",
//! "6. Okt. 2022, 23:19:20"). Strava and Garmin share these pieces so that
//! both read a runner's export the same way.

use std::io::{BufRead, Read};

use crate::error::{Error, Result};
use crate::import::csv::*;
use crate::import::values::{parse_date, Decimals};
use crate::import::InputSummary;
use crate::model::{Activity, Run};

/// What the exports add to reading records.
impl<R: Read> Records<R> {
    /// How numbers are written in a file whose language writes them `usual`: a
    /// spreadsheet in a decimal-comma locale re-saves an English export with
    /// semicolons between cells and commas in numbers.
    pub fn number_style(&self, usual: Decimals) -> Decimals {
        if self.delimiter() == b';' {
            Decimals::Comma
        } else {
            usual
        }
    }

    /// The next export row that is a run or a session runrisk reads
    /// (strength, core, yoga), by its activity type in column `kind`. Every
    /// row counts as an activity in `summary`; rows of other activities are
    /// skipped there.
    pub fn next_row<'a>(
        &'a mut self,
        header: &'a Header,
        kind: usize,
        file: &'a str,
        summary: &mut InputSummary,
    ) -> Result<Option<(Row<'a>, ExportRow)>> {
        while let Some(line) = self.next_line(file)? {
            summary.activities += 1;
            let kind = cell_text(self.record(), kind);
            let read = running_type(&kind)
                .map(ExportRow::Run)
                .or_else(|| session_type(&kind).map(ExportRow::Session));
            match read {
                Some(what) => {
                    let row = Row::new(self.record(), header.names(), file, line, EXPORT_BLANKS);
                    return Ok(Some((row, what)));
                }
                None => summary.skip(not_a_run(&kind)),
            }
        }
        Ok(None)
    }
}

/// What an export row is: a run (with its type, as `running_type` gives
/// it), or a strength, core or yoga session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportRow {
    Run(String),
    Session(Activity),
}

/// Activity types of strength, core and yoga sessions, in the languages of
/// the exports (lower case, whole types or words of them).
const SESSION_WORDS: [(&str, Activity); 13] = [
    ("weight training", Activity::Strength),
    ("weighttraining", Activity::Strength),
    ("strength training", Activity::Strength),
    ("strength", Activity::Strength),
    ("krafttraining", Activity::Strength),
    ("crossfit", Activity::Strength),
    ("pilates", Activity::Core),
    ("core", Activity::Core),
    ("yoga", Activity::Yoga),
    ("entrenamiento de fuerza", Activity::Strength),
    ("trening siłowy", Activity::Strength),
    ("styrketræning", Activity::Strength),
    ("styrketrening", Activity::Strength),
];

/// The session an activity type names, if it is a strength, core or yoga one.
pub fn session_type(kind: &str) -> Option<Activity> {
    let lower = kind.trim().to_lowercase();
    SESSION_WORDS
        .iter()
        .find(|(word, _)| lower == *word || lower.split_whitespace().any(|w| w == *word))
        .map(|(_, activity)| *activity)
}

/// A session row of an export: its day, and nothing that adds to a load;
/// or the problems of the row, as `settle` takes them.
pub fn read_session(
    mut row: Row,
    date_column: usize,
    activity: Activity,
    origin: crate::model::Origin,
    settings: &crate::import::ReadSettings,
) -> std::result::Result<(Run, crate::import::surface::SurfaceSource), Vec<crate::error::Problem>> {
    let date = row.required(date_column, "is not a date", parse_date);
    if let Some((day, _)) = date {
        row.check_day(date_column, day, settings);
    }
    match date {
        Some((day, start)) if row.problems.is_empty() => {
            let mut session = Run::new(day, 0.0, origin);
            session.start = start;
            session.activity = activity;
            Ok((session, crate::import::surface::SurfaceSource::Default))
        }
        _ => Err(row.problems),
    }
}

/// Empty cells of the exports: nothing, or dashes as Garmin writes them.
pub const EXPORT_BLANKS: Blanks = Blanks {
    optional: is_missing,
    required: is_missing,
    required_empty: "is empty; a run needs this value",
};

/// The languages whose exports runrisk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    German,
}

impl Language {
    /// How the language writes decimal numbers.
    pub fn decimals(self) -> Decimals {
        match self {
            Language::English => Decimals::Point,
            Language::German => Decimals::Comma,
        }
    }
}

/// The header of an export: the names as the file shows them (HTML
/// removed), and a folded key per name for matching.
#[derive(Debug, Clone)]
pub struct Header {
    names: Vec<String>,
    keys: Vec<String>,
}

impl Header {
    pub fn new(names: Vec<String>) -> Header {
        let keys = names.iter().map(|n| header_key(n)).collect();
        Header { names, keys }
    }

    /// The names as the file shows them, without HTML.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The name of the column at `index`, empty when there is none.
    pub fn name(&self, index: usize) -> &str {
        self.names.get(index).map(String::as_str).unwrap_or("")
    }

    /// Positions of the columns called any of `candidates`, in header order.
    pub fn positions(&self, candidates: &[&str]) -> Vec<usize> {
        let wanted: Vec<String> = candidates.iter().map(|c| header_key(c)).collect();
        self.keys
            .iter()
            .enumerate()
            .filter(|(_, key)| wanted.contains(key))
            .map(|(i, _)| i)
            .collect()
    }

    /// The first column called any of `candidates`.
    pub fn first(&self, candidates: &[&str]) -> Option<usize> {
        self.positions(candidates).first().copied()
    }

    /// The second column with one of these names (an export's repeated copy).
    pub fn second(&self, candidates: &[&str]) -> Option<usize> {
        self.positions(candidates).get(1).copied()
    }

    pub fn has(&self, candidates: &[&str]) -> bool {
        self.first(candidates).is_some()
    }

    /// How many names appear more than once.
    pub fn repeated_names(&self) -> usize {
        let mut keys: Vec<&String> = self.keys.iter().filter(|k| !k.is_empty()).collect();
        keys.sort();
        keys.windows(2)
            .filter(|pair| pair[0] == pair[1])
            .map(|pair| pair[0])
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    }

    /// The header's first names, for messages.
    pub fn preview(&self) -> String {
        const SHOWN: usize = 8;
        let mut text = self
            .names
            .iter()
            .take(SHOWN)
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(", ");
        if self.names.len() > SHOWN {
            text.push_str(&format!(", ... ({} columns)", self.names.len()));
        }
        text
    }
}

/// How many of a layout's own column names make a header recognisably
/// that layout, even when a column runrisk needs is missing or misspelt.
const RECOGNISED_NAMES: usize = 2;

/// Whether `header` has enough of the `names` only one export layout uses
/// to be that layout.
pub fn recognisably(header: &Header, names: &[&str]) -> bool {
    names.iter().filter(|name| header.has(&[**name])).count() >= RECOGNISED_NAMES
}

/// Export names share long prefixes (`Activity Count`, `Activity Date`),
/// which Jaro-Winkler rewards; a misspelling must also be this close in
/// edits (normalised Damerau-Levenshtein: one slip in four letters).
const SPELLING_CLOSE: f64 = 0.75;

/// The header name that is probably a misspelling of `wanted` (`Activty
/// Date` for `Activity Date`): the closest, as close as a native log's
/// near misses and a few typing slips away, and not itself one of the
/// export's `known` columns.
pub fn near_miss<'a>(header: &'a Header, wanted: &str, known: &[&str]) -> Option<&'a str> {
    let wanted_key = header_key(wanted);
    let known_keys: Vec<String> = known.iter().map(|k| header_key(k)).collect();
    let candidates = header
        .names
        .iter()
        .zip(&header.keys)
        .filter(|(_, key)| !key.is_empty() && **key != wanted_key && !known_keys.contains(key))
        .filter(|(_, key)| {
            strsim::normalized_damerau_levenshtein(key, &wanted_key) >= SPELLING_CLOSE
        })
        .map(|(name, key)| (name.as_str(), key.as_str()));
    closest(&wanted_key, candidates)
}

/// What messages say about one kind of export.
pub struct ExportNames {
    /// The export, as in "this Strava activities.csv".
    pub what: &'static str,
    /// The columns runrisk needs, for messages: required first.
    pub needed: &'static str,
    /// The page of the docs about the export.
    pub doc: &'static str,
}

/// The error for an export runrisk recognises whose header lacks the
/// column `missing`: it names the near miss when there is one (see
/// [`near_miss`]; `known` are the export's columns), else the columns
/// needed and the page of the docs.
pub fn missing_column(
    header: &Header,
    file: &str,
    export: &ExportNames,
    missing: &str,
    known: &[&str],
) -> Error {
    let ExportNames { what, needed, doc } = export;
    let message = match near_miss(header, missing, known) {
        Some(name) => format!(
            "this {what} has no '{missing}' column. Did you mean '{missing}' for the column \
             '{name}'? Rename it."
        ),
        None => format!(
            "this {what} has no '{missing}' column (the header starts {}). runrisk needs \
             {needed}; see {doc}",
            header.preview()
        ),
    };
    Error::Format {
        file: file.to_string(),
        line: Some(1),
        message,
    }
}

/// A header name reduced for matching: no HTML, no byte-order mark, single
/// spaces, lower case, and umlauts spelt out (`Höhe` and `Hoehe` match).
pub fn header_key(name: &str) -> String {
    let text = strip_html(name).replace('\u{feff}', "");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut key = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        match c {
            'ä' => key.push_str("ae"),
            'ö' => key.push_str("oe"),
            'ü' => key.push_str("ue"),
            'ß' => key.push_str("ss"),
            other => key.push(other),
        }
    }
    key
}

/// Removes HTML tags and the common entities. Some 2021 Strava exports wrap
/// header names in `<span class="translation_missing" ...>Start Time</span>`.
pub fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let (before, tag) = rest.split_at(open);
        out.push_str(before);
        match tag.find('>') {
            Some(close) => rest = tag.get(close + 1..).unwrap_or(""),
            None => {
                out.push_str(tag);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    if !out.contains('&') {
        return out.trim().to_string();
    }
    const ENTITIES: [(&str, &str); 7] = [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&nbsp;", " "),
        ("&amp;", "&"),
    ];
    ENTITIES
        .iter()
        .fold(out, |text, (entity, plain)| text.replace(entity, plain))
        .trim()
        .to_string()
}

/// Opens an export and reads its header. `what` names the export for the
/// message an empty file gets.
pub fn open<R: BufRead>(input: R, file: &str, what: &str) -> Result<(Header, Records<R>)> {
    let (names, records) = open_csv(input, file, |name| {
        strip_html(&name.replace('\u{feff}', ""))
    })?;
    if names.iter().all(|n| n.is_empty()) {
        return Err(Error::Format {
            file: file.to_string(),
            line: None,
            message: format!("the file is empty; {what} starts with a header line"),
        });
    }
    Ok((Header::new(names), records))
}

/// The notes an export's summary starts with: numbers read with decimal
/// commas because the file has semicolons, and `german_note` for an export
/// in German.
pub fn style_notes(language: Language, numbers: Decimals, german_note: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if numbers != language.decimals() {
        notes.push(
            "numbers: read with decimal commas (a spreadsheet re-saved the file with semicolons)"
                .to_string(),
        );
    }
    if language == Language::German {
        notes.push(german_note.to_string());
    }
    notes
}

/// A cell that holds no value: empty, or dashes as Garmin writes them
/// (`--`, `--:--:--`).
pub fn is_missing(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c, '-' | ':' | '.') || c.is_whitespace())
}

/// Words that make an activity type a run, in the languages of Garmin
/// Connect and Strava (lower case, whole words of the type).
const RUNNING_WORDS: [&str; 24] = [
    "run",
    "running",
    "trailrun",
    "trailrunning",
    "jog",
    "jogging",
    "laufband",
    "treadmill",
    // Spanish, where "Entrenamiento en cinta" is a treadmill run.
    "carrera",
    "cinta",
    // Polish, Danish, Dutch, Italian, Portuguese, Finnish, Swedish, Norwegian, Czech, Hungarian.
    "bieganie",
    "bieżnia",
    "løb",
    "løbebånd",
    "hardlopen",
    "loopband",
    "corsa",
    "corrida",
    "juoksu",
    "juoksumatto",
    "löpning",
    "løping",
    "běh",
    "futás",
];

/// German compounds that end in -lauf or -laufen but are not running.
const NOT_RUNNING_PREFIXES: [&str; 7] = [
    "lang",
    "skilang",
    "ski",
    "eis",
    "schlittschuh",
    "rollschuh",
    "inline",
];

fn is_running_word(word: &str) -> bool {
    if RUNNING_WORDS.contains(&word) {
        return true;
    }
    let stem = word
        .strip_suffix("laufen")
        .or_else(|| word.strip_suffix("lauf"));
    stem.is_some_and(|stem| !NOT_RUNNING_PREFIXES.contains(&stem))
}

/// Whether an activity type is a run (`Run`, `Trail Run`, `Treadmill
/// Running`, `Lauf`, `Laufen`, `Laufband`...). Returns the type to pick the
/// surface from: the type itself, or its English name where surface words
/// do not know the German one.
pub fn running_type(kind: &str) -> Option<String> {
    let lower = kind.trim().to_lowercase();
    let is_run = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(is_running_word);
    if !is_run {
        return None;
    }
    if lower.contains("virtuell") {
        return Some("Virtual Run".to_string());
    }
    Some(kind.trim().to_string())
}

#[cfg(test)]
mod session_tests {
    use super::*;

    #[test]
    fn strength_core_and_yoga_types() {
        let cases = [
            ("Weight Training", Some(Activity::Strength)),
            ("Strength Training", Some(Activity::Strength)),
            ("Krafttraining", Some(Activity::Strength)),
            ("Yoga", Some(Activity::Yoga)),
            ("Pilates", Some(Activity::Core)),
            ("Ride", None),
            ("Run", None),
        ];
        for (kind, want) in cases {
            assert_eq!(session_type(kind), want, "{kind}");
        }
    }
}

/// The reason a row that is not a run is skipped: `Ride: not a run`.
pub fn not_a_run(kind: &str) -> String {
    let kind = kind.trim();
    if is_missing(kind) {
        "no activity type: not a run".to_string()
    } else {
        format!("{kind}: not a run")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::values::parse_clock;

    #[test]
    fn dates_as_the_services_write_them() {
        let at = |y, m, d, h, min, s| {
            NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|day| day.and_hms_opt(h, min, s))
                .unwrap()
        };
        let cases = [
            (
                "Oct 6, 2022, 11:19:20 PM",
                Some(at(2022, 10, 6, 23, 19, 20)),
            ),
            ("Jan 1, 2023, 12:05:00 AM", Some(at(2023, 1, 1, 0, 5, 0))),
            ("Jan 1, 2023, 12:05:00 PM", Some(at(2023, 1, 1, 12, 5, 0))),
            ("Sep 30, 2021, 7:02:03 AM", Some(at(2021, 9, 30, 7, 2, 3))),
            (
                "Oct 6, 2022, 11:19:20\u{202f}PM",
                Some(at(2022, 10, 6, 23, 19, 20)),
            ),
            ("6. Okt. 2022, 23:19:20", Some(at(2022, 10, 6, 23, 19, 20))),
            ("14. März 2023, 06:01:02", Some(at(2023, 3, 14, 6, 1, 2))),
            ("1. Dez. 2023, 18:00:00", Some(at(2023, 12, 1, 18, 0, 0))),
            ("06.10.2022, 23:19:20", Some(at(2022, 10, 6, 23, 19, 20))),
            ("2014-09-12 16:54:28", Some(at(2014, 9, 12, 16, 54, 28))),
            ("2024-03-17 09:35:21", Some(at(2024, 3, 17, 9, 35, 21))),
            ("Sun, Mar 17, 2024 9:35 AM", Some(at(2024, 3, 17, 9, 35, 0))),
            ("So., 17. März 2024, 09:35", Some(at(2024, 3, 17, 9, 35, 0))),
            ("Mar, 17. März 2024, 09:35", None),
            ("Feb 30, 2022, 1:00:00 PM", None),
            ("Oct 6, 2022, 13:19:20 PM", None),
            ("Okt 6 6, 2022", None),
            ("10/6/2022 23:19", None),
            ("", None),
        ];
        for (text, want) in cases {
            let got = parse_date(text).and_then(|(_, start)| start);
            assert_eq!(got, want, "{text}");
        }
        assert_eq!(
            parse_date("06.10.2022").map(|(d, t)| (d, t.is_none())),
            NaiveDate::from_ymd_opt(2022, 10, 6).map(|d| (d, true))
        );
    }

    #[test]
    fn running_types_in_english_and_german() {
        let cases = [
            ("Run", Some("Run")),
            ("Trail Run", Some("Trail Run")),
            ("Virtual Run", Some("Virtual Run")),
            ("Running", Some("Running")),
            ("Treadmill Running", Some("Treadmill Running")),
            ("Track Running", Some("Track Running")),
            ("Indoor Running", Some("Indoor Running")),
            ("Lauf", Some("Lauf")),
            ("Laufen", Some("Laufen")),
            ("Laufband", Some("Laufband")),
            ("Traillauf", Some("Traillauf")),
            ("Trailrunning", Some("Trailrunning")),
            ("Virtueller Lauf", Some("Virtual Run")),
            ("Ride", None),
            ("Swim", None),
            ("Walk", None),
            ("Cycling", None),
            ("Skilanglauf", None),
            ("Langlauf", None),
            ("Eislaufen", None),
            ("Radfahrt", None),
            ("", None),
        ];
        for (kind, want) in cases {
            assert_eq!(running_type(kind).as_deref(), want, "{kind}");
        }
        assert_eq!(not_a_run("Ride"), "Ride: not a run");
        assert_eq!(not_a_run(""), "no activity type: not a run");
    }

    #[test]
    fn headers_match_by_name_with_html_repeats_and_umlauts() {
        let header = Header::new(
            [
                "\u{feff}Activity ID",
                "Distance",
                "<span class=\"translation_missing\" title=\"translation missing: en-US.start_time\">Start Time</span>",
                "Höhenzuwachs",
                "distance",
                " Elapsed  Time ",
            ]
            .iter()
            .map(|n| strip_html(n))
            .collect(),
        );
        assert_eq!(header.name(2), "Start Time");
        assert_eq!(header.first(&["activity id"]), Some(0));
        assert_eq!(header.positions(&["Distance"]), vec![1, 4]);
        assert_eq!(header.second(&["distance"]), Some(4));
        assert_eq!(header.first(&["Hoehenzuwachs"]), Some(3));
        assert_eq!(header.first(&["elapsed time"]), Some(5));
        assert_eq!(header.repeated_names(), 1);
        assert_eq!(strip_html("a &amp; b <b>c</b>"), "a & b c");
        assert_eq!(strip_html("x < y"), "x < y");
    }

    #[test]
    fn clocks_and_missing_marks() {
        assert_eq!(parse_clock("02:26:52"), Some(8812.0));
        assert_eq!(parse_clock("00:22:15.4"), Some(1335.4));
        assert_eq!(parse_clock("00:22:15,4"), Some(1335.4));
        assert_eq!(parse_clock("--:--:--"), None);
        for text in ["", "--", "--:--:--", " - "] {
            assert!(is_missing(text), "{text}");
        }
        assert!(!is_missing("0"));
    }
}
