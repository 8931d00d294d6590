//! Reading CSV for all three CSV importers (runrisk's own log, Strava's and
//! Garmin Connect's exports): opening a CSV stream (delimiter guessed from the
//! header line, header names decoded), its records with the lines an editor
//! shows them on (CRLF, blank lines and unclosed quotes included), a `Row`
//! that reads cells and records each invalid value as a located `Problem`,
//! and `settle`, which keeps a row's run or counts why the row was rejected.
//! One layer, so the three importers locate and word problems alike.

mod batch;
pub mod export;
pub mod garmin;
mod headers;
mod lines;
pub mod native;
mod readings;
mod record;
mod split;
pub mod strava;

use std::borrow::Cow;
use std::io::{BufRead, Read};

use chrono::NaiveDate;

use crate::error::{Error, Problem, Result};
use crate::import::plausible::EARLIEST_YEAR;
use crate::import::surface::SurfaceSource;
use crate::import::values::trim;
use crate::import::{InputSummary, Keep, ReadSettings, RowProblems};
use crate::model::Run;
use lines::{LineCounter, NewlineTracker};
pub(crate) use record::Record;

/// Header names closer than this (Jaro-Winkler) to a known column are taken
/// for a misspelling of it.
const NEAR_MISS: f64 = 0.88;

/// Of `candidates` (each with the key it is matched by), the one whose key
/// is closest to `key`, when it is close enough to be a misspelling of it.
/// Native logs and exports both find their near misses here.
pub fn closest<'a, T>(key: &str, candidates: impl IntoIterator<Item = (T, &'a str)>) -> Option<T> {
    candidates
        .into_iter()
        .map(|(item, candidate)| (item, strsim::jaro_winkler(candidate, key)))
        .filter(|(_, score)| *score >= NEAR_MISS)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(item, _)| item)
}

/// Picks the delimiter that splits the header line most often.
pub fn detect_delimiter(first_line: &[u8]) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

/// The header is the first line of a CSV input.
const HEADER_LINE: u64 = 1;

/// A CSV input opened for reading: its records, one at a time, with the
/// line each starts on.
pub struct Records<R> {
    reader: split::Splitter<NewlineTracker<R>>,
    /// The first record: the header row, or a first row of data.
    header: Record,
    lines: LineCounter,
    record: Record,
    delimiter: u8,
    /// The header's names, to name the column of an open quote.
    names: Vec<String>,
    /// The line the record before ended on (the header's, to begin with).
    previous_last_line: u64,
    /// The first line, to be read again as a record: a file without a header row.
    replay: Option<Record>,
}

/// Opens a CSV input: finds the delimiter (a spreadsheet may have re-saved
/// it with semicolons) and reads the header line. Each header name is
/// decoded (UTF-8, else Windows-1252) and then made tidy by `clean`, which
/// also removes the byte-order mark the importer's way.
pub fn open_csv<R: BufRead>(
    mut input: R,
    file: &str,
    clean: fn(&str) -> String,
) -> Result<(Vec<String>, Records<R>)> {
    let head = input
        .fill_buf()
        .map_err(|e| Error::io(file, "could not read", e))?;
    let delimiter = detect_delimiter(head.split(|b| *b == b'\n').next().unwrap_or(&[]));
    let (tracked, lines) = lines::track(input, delimiter);
    let mut reader = split::Splitter::new(tracked, delimiter);
    let mut header = Record::new();
    reader
        .read_record(&mut header)
        .map_err(|e| read_error(file, e, &[]))?;
    let names: Vec<String> = header
        .iter()
        .map(|name| clean(&crate::import::open::decode_text(name)))
        .collect();
    let records = Records {
        reader,
        header,
        lines,
        record: Record::new(),
        delimiter,
        names: names.clone(),
        previous_last_line: HEADER_LINE,
        replay: None,
    };
    Ok((names, records))
}

impl<R: Read> Records<R> {
    /// The record last read.
    pub(crate) fn record(&self) -> &Record {
        &self.record
    }

    /// Swaps the record last read into `slot`, so it can be kept without a
    /// copy; the next record is read into what `slot` held.
    pub(crate) fn swap_record(&mut self, slot: &mut Record) {
        std::mem::swap(&mut self.record, slot);
    }

    /// The byte between cells: `,`, `;` or a tab.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Reads the first line again as the first record: the file has no
    /// header row, its first line is already data.
    pub(crate) fn replay_header(&mut self) {
        self.replay = Some(self.header.clone());
    }

    /// Reads up to the next record that is not blank; returns the line it starts on.
    pub(crate) fn next_line(&mut self, file: &str) -> Result<Option<u64>> {
        if let Some(first) = self.replay.take() {
            self.record = first;
            return Ok(Some(HEADER_LINE));
        }
        while let Some(line) = self.advance(file)? {
            if !self
                .record
                .iter()
                .all(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                return Ok(Some(line));
            }
        }
        Ok(None)
    }

    /// Reads the next record, blank or not; returns the line it starts on.
    fn advance(&mut self, file: &str) -> Result<Option<u64>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => return Err(read_error(file, e, &self.names)),
        }
        let end = self.reader.position();
        let open_quote = self.lines.ends_in_open_quote(end);
        // A record of one line without quotes holds no newline in a cell.
        let (inside, spanning) = if self.reader.one_line() {
            (0, None)
        } else {
            (newlines_inside(&self.record), spanning_cell(&self.record))
        };
        let (first_line, last_line) = record_lines(&mut self.lines, end, inside);
        // A record starts after the one before it, even when a quote that is
        // never closed swallowed the newline that ended its own first line.
        let line = first_line.max(self.previous_last_line + 1);
        self.previous_last_line = last_line;
        if let Some(column) = spanning {
            if open_quote || self.holds_rows(column) {
                let lines = (line, last_line);
                return Err(self.open_quote(file, lines, column, open_quote));
            }
        }
        Ok(Some(line))
    }

    /// A quote opened in a cell was never closed, or closed lines later: the
    /// lines after it were read as part of that one cell, so those rows
    /// would be lost unseen.
    fn open_quote(
        &self,
        file: &str,
        (line, last_line): (u64, u64),
        column: usize,
        never_closed: bool,
    ) -> Error {
        let name = self.names.get(column).map_or("?", String::as_str);
        let cell = crate::import::open::decode_text(self.record.get(column).unwrap_or(&[]));
        let first_line = cell.lines().next().unwrap_or("").trim_end();
        let value = crate::words::shorten(first_line, OPEN_QUOTE_SHOWN);
        let swallowed = if last_line > line {
            format!(", so lines {line} to {last_line} were read as one value")
        } else {
            String::new()
        };
        let closed = if never_closed {
            "is never closed".to_string()
        } else {
            format!("closes only on line {last_line}")
        };
        Error::Format {
            file: file.to_string(),
            line: Some(line),
            message: format!(
                "column '{name}': '\"{value}' opens a quote (\") that {closed}{swallowed}; \
                 close the quote where the value ends, or remove it"
            ),
        }
    }
}

impl<R: Read> Records<R> {
    /// Whether a cell over several lines holds what looks like whole rows: a
    /// line inside it with a delimiter for every column of the header and a
    /// first cell shaped like the row's own first cell (`2025-01-07` and
    /// `2025-01-08`). A quote opened by mistake and closed rows later swallows
    /// the rows between; a note over two lines does not look like that.
    fn holds_rows(&self, column: usize) -> bool {
        let Some(cell) = self.record.get(column) else {
            return false;
        };
        let first = shape(self.record.get(0).unwrap_or(&[]));
        let needed = self.names.len().saturating_sub(1).max(1);
        // The cell's last line goes on in the record's next cells.
        let after = self.record.len().saturating_sub(column + 1);
        let lines: Vec<&[u8]> = cell.split(|b| *b == b'\n').skip(1).collect();
        lines.iter().enumerate().any(|(i, line)| {
            let mut cells = line.iter().filter(|b| **b == self.delimiter).count();
            if i + 1 == lines.len() {
                cells += after;
            }
            let lead = line.split(|b| *b == self.delimiter).next().unwrap_or(&[]);
            cells >= needed && shape(lead) == first
        })
    }
}

/// The look of a cell: each run of digits, letters or other characters as
/// one class, so `2025-01-07` is `9-9-9` and `Maria` is `a`.
fn shape(cell: &[u8]) -> Vec<u8> {
    let mut shape: Vec<u8> = Vec::new();
    for byte in cell.trim_ascii() {
        let class = match byte {
            b'0'..=b'9' => b'9',
            b if b.is_ascii_alphabetic() || *b >= 0x80 => b'a',
            other => *other,
        };
        if shape.last() != Some(&class) {
            shape.push(class);
        }
    }
    shape
}

/// How many characters of a cell with an open quote its error shows, `…` included.
const OPEN_QUOTE_SHOWN: usize = 31;

/// The last cell of a record that holds a newline.
fn spanning_cell(record: &Record) -> Option<usize> {
    if !holds_newline(record) {
        return None;
    }
    record.iter().rposition(|field| field.contains(&b'\n'))
}

/// Whether any cell of a record holds a newline: one search of its bytes,
/// for the common record that holds none.
fn holds_newline(record: &Record) -> bool {
    memchr::memchr(b'\n', record.as_slice()).is_some()
}

/// The lines a record starts and ends on. It ends on the line of its last
/// byte; it starts `inside` lines earlier, as its quoted fields hold
/// newlines (a Strava description or a note can span lines). The start
/// offset of a record points before any blank lines and CR bytes skipped
/// before it, so it cannot tell.
fn record_lines(lines: &mut LineCounter, end: u64, inside: u64) -> (u64, u64) {
    let last = lines.line_ending_at(end);
    (last.saturating_sub(inside).max(1), last)
}

/// How many newlines the cells of a record hold.
fn newlines_inside(record: &Record) -> u64 {
    memchr::memchr_iter(b'\n', record.as_slice()).count() as u64
}

/// The error for a record that could not be read; `names` are the
/// header's, to name the column of a row too long.
fn read_error(file: &str, e: std::io::Error, names: &[String]) -> Error {
    if let Some(long) = lines::RowTooLong::of(&e) {
        return row_too_long(file, long, names);
    }
    Error::Format {
        file: file.to_string(),
        line: None,
        message: format!("not a readable CSV file: {e}"),
    }
}

/// A row that runs past the limit: where it starts, the cell it was in
/// and how that cell begins.
fn row_too_long(file: &str, long: &lines::RowTooLong, names: &[String]) -> Error {
    let column = names.get(long.cell).map_or_else(
        || format!("cell {}", long.cell + 1),
        |name| format!("column '{name}'"),
    );
    let start = crate::import::open::decode_text(&long.cell_start);
    Error::Format {
        file: file.to_string(),
        line: Some(long.line),
        message: format!(
            "{column}: '{start}…' runs on past {} MiB without ending its row; a log's rows are \
             a few hundred bytes long: check that this is a CSV log and that no quote is left open",
            lines::MAX_ROW_BYTES >> 20
        ),
    }
}

/// What counts as an empty cell in one format, and what an empty cell of a
/// required column is told.
#[derive(Debug, Clone, Copy)]
pub struct Blanks {
    /// A cell that holds no value, in a column the run can do without.
    pub optional: fn(&str) -> bool,
    /// A cell that holds no value, in a column the run needs.
    pub required: fn(&str) -> bool,
    /// The problem with an empty required cell.
    pub required_empty: &'static str,
}

/// A cell's text, trimmed; empty when the record is short.
pub(crate) fn cell_text(record: &Record, index: usize) -> String {
    cell_str(record, index).into_owned()
}

/// A cell's text, trimmed, borrowed from the record when it is UTF-8: the
/// cells of a row are read without copying them.
pub(crate) fn cell_str(record: &Record, index: usize) -> Cow<'_, str> {
    let raw = record.get(index).unwrap_or(&[]);
    match std::str::from_utf8(raw) {
        Ok(text) => Cow::Borrowed(trim(text)),
        Err(_) => decoded_and_trimmed(raw),
    }
}

/// The cells of one record, its bytes checked for UTF-8 once rather than
/// cell by cell (a dozen short checks cost several times one long one).
#[derive(Clone, Copy)]
pub(crate) struct RecordCells<'a> {
    record: &'a Record,
    /// The record's bytes as text, when they are all UTF-8.
    text: Option<&'a str>,
}

impl<'a> RecordCells<'a> {
    pub fn of(record: &'a Record) -> RecordCells<'a> {
        RecordCells {
            record,
            text: std::str::from_utf8(record.as_slice()).ok(),
        }
    }

    /// A cell's text, trimmed, as [`cell_str`] reads it; empty when the
    /// record is short.
    pub fn get(&self, index: usize) -> Cow<'a, str> {
        let cell = self
            .text
            .zip(self.record.range(index))
            .and_then(|(text, range)| text.get(range));
        match cell {
            Some(cell) => Cow::Borrowed(trim(cell)),
            // A cell that is not UTF-8, or one whose first or last
            // character the record's cut splits.
            None => cell_str(self.record, index),
        }
    }

    pub fn record(&self) -> &'a Record {
        self.record
    }

    /// Whether the record's bytes are all UTF-8.
    pub fn is_utf8(&self) -> bool {
        self.text.is_some()
    }
}

/// A cell that is not UTF-8, decoded as Windows-1252 and trimmed.
fn decoded_and_trimmed(raw: &[u8]) -> Cow<'_, str> {
    match crate::import::open::decode_text(raw) {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) if text.trim().len() == text.len() => Cow::Owned(text),
        Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
    }
}

/// A cell's column name and text, kept to point at it later.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub column: String,
    pub value: String,
    /// The column of a cell in the same row that holds a newline: a quote
    /// opened there may have swallowed the lines after it.
    pub spanning_column: Option<String>,
}

impl Cell {
    /// A problem with this cell's value on `line` of `file`.
    pub fn problem(&self, file: &str, line: u64, expected: &str) -> Problem {
        let mut expected = expected.to_string();
        if let Some(column) = &self.spanning_column {
            expected.push_str(&format!(
                " (the cell in column '{column}' runs over several lines: a quote (\") opened there may never be closed)"
            ));
        }
        Problem {
            file: file.to_string(),
            line,
            column: self.column.clone(),
            value: self.value.clone(),
            expected,
        }
    }
}

/// What a cell should have held, for the message of a bad one: plain text,
/// or text worded only when a cell is bad, so a good row costs no message.
pub enum Expected<'e> {
    Text(&'e str),
    Worded(&'e dyn Fn() -> String),
}

impl Expected<'_> {
    fn text(&self) -> Cow<'_, str> {
        match self {
            Expected::Text(text) => Cow::Borrowed(text),
            Expected::Worded(word) => Cow::Owned(word()),
        }
    }
}

impl<'e> From<&'e str> for Expected<'e> {
    fn from(text: &'e str) -> Self {
        Expected::Text(text)
    }
}

impl<'e> From<&'e String> for Expected<'e> {
    fn from(text: &'e String) -> Self {
        Expected::Text(text)
    }
}

impl<'e> From<&'e dyn Fn() -> String> for Expected<'e> {
    fn from(word: &'e dyn Fn() -> String) -> Self {
        Expected::Worded(word)
    }
}

/// One record being read, with the problems found so far.
pub struct Row<'a> {
    cells: RecordCells<'a>,
    /// The header's names, for the column of a problem.
    names: &'a [String],
    file: &'a str,
    blanks: Blanks,
    pub line: u64,
    pub problems: Vec<Problem>,
}

impl<'a> Row<'a> {
    pub fn new(
        record: &'a Record,
        names: &'a [String],
        file: &'a str,
        line: u64,
        blanks: Blanks,
    ) -> Row<'a> {
        Row {
            cells: RecordCells::of(record),
            names,
            file,
            blanks,
            line,
            problems: Vec::new(),
        }
    }

    /// Whether the row's bytes are all UTF-8.
    pub fn is_utf8(&self) -> bool {
        self.cells.is_utf8()
    }

    /// The cell's text, trimmed; empty when the row is short.
    pub fn raw(&self, index: usize) -> Cow<'a, str> {
        self.cells.get(index)
    }

    /// The cell's text, or `None` when the column is absent or the cell holds no value.
    pub fn text(&self, index: Option<usize>) -> Option<Cow<'a, str>> {
        let text = self.raw(index?);
        (!(self.blanks.optional)(&text)).then_some(text)
    }

    pub fn cell(&self, index: usize) -> Cell {
        Cell {
            column: self.names.get(index).cloned().unwrap_or_default(),
            value: self.raw(index).into_owned(),
            spanning_column: spanning_cell(self.cells.record())
                .map(|i| self.names.get(i).cloned().unwrap_or_default()),
        }
    }

    pub fn complain(&mut self, index: usize, expected: &str) {
        let problem = self.cell(index).problem(self.file, self.line, expected);
        self.problems.push(problem);
    }

    /// A value the run needs: an empty cell is a problem too.
    pub fn required<'e, T>(
        &mut self,
        index: usize,
        expected: impl Into<Expected<'e>>,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.raw(index);
        let empty = (self.blanks.required)(&text);
        let value = if empty { None } else { parse(&text) };
        if value.is_none() {
            let expected = if empty {
                self.blanks.required_empty.into()
            } else {
                expected.into()
            };
            self.complain(index, &expected.text());
        }
        value
    }

    /// A value the run can do without; only text that cannot be read is a problem.
    pub fn optional<'e, T>(
        &mut self,
        index: Option<usize>,
        expected: impl Into<Expected<'e>>,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let index = index?;
        let text = self.text(Some(index))?;
        let value = parse(&text);
        if value.is_none() {
            self.complain(index, &expected.into().text());
        }
        value
    }

    /// Complains when a run's day is in the future or before 1970.
    pub fn check_day(&mut self, index: usize, day: NaiveDate, settings: &ReadSettings) {
        if crate::import::is_future(day, settings.today) {
            self.complain(index, "is in the future; check the year");
        } else if day < earliest_day() {
            self.complain(index, &format!("is before {EARLIEST_YEAR}; check the year"));
        }
    }
}

fn earliest_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(EARLIEST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Counts what became of one row: a run is kept, marked with where its
/// surface came from; a rejected row is skipped once for each of its problems,
/// which are gathered into `problems`.
pub fn settle(
    mut outcome: std::result::Result<(Run, SurfaceSource), Vec<Problem>>,
    summary: &mut InputSummary,
    problems: &mut RowProblems,
    keep: &mut Keep<'_>,
) {
    settle_in_place(&mut outcome, summary, problems, keep);
}

/// [`settle`] for a row left where it was read: a run is kept without
/// being moved (a club's million rows are kept as fast as they are read).
/// The row's problems are taken out of it.
pub fn settle_in_place(
    outcome: &mut std::result::Result<(Run, SurfaceSource), Vec<Problem>>,
    summary: &mut InputSummary,
    problems: &mut RowProblems,
    keep: &mut Keep<'_>,
) {
    match outcome {
        Ok((run, source)) => {
            summary.runs += 1;
            summary.sessions += usize::from(!run.activity.is_run());
            run.surface_source = run.surface.map(|_| *source);
            keep(run);
        }
        Err(row_problems) => {
            for p in row_problems.iter() {
                summary.skip(p.reason());
            }
            problems.add(std::mem::take(row_problems));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Trimming the bytes first reads every cell as decoding the whole
        /// cell and trimming it does.
        #[test]
        fn cells_read_as_decoded_then_trimmed(
            bytes in proptest::collection::vec(
                prop_oneof![
                    Just(b' '), Just(b'\t'), Just(0x0b_u8), Just(b'\r'), Just(b'a'), Just(b'1'),
                    Just(0xc2_u8), Just(0xa0_u8), Just(0xe3_u8), Just(0x80_u8), Just(0xe9_u8),
                    any::<u8>(),
                ],
                0..12,
            )
        ) {
            let record = Record::from(vec![bytes.clone()]);
            let whole = crate::import::open::decode_text(&bytes);
            let cell = cell_str(&record, 0);
            prop_assert_eq!(cell.as_ref(), whole.trim());
        }

        /// The cells of a record checked for UTF-8 at once read as each
        /// cell checked on its own, also where a cell's first or last
        /// bytes are part of a character cut by the record's cells.
        #[test]
        fn cells_of_a_record_read_as_each_cell_alone(
            cells in proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![
                        Just(b' '), Just(b'a'), Just(0xc2_u8), Just(0xa0_u8), Just(0xe3_u8),
                        Just(0x80_u8), Just(0xe9_u8), any::<u8>(),
                    ],
                    0..5,
                ),
                1..5,
            )
        ) {
            let record = Record::from(cells.clone());
            let read = RecordCells::of(&record);
            for index in 0..cells.len() + 1 {
                prop_assert_eq!(read.get(index), cell_str(&record, index));
            }
        }
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"date;distance_km;pace"), b';');
        assert_eq!(detect_delimiter(b"date\tdistance_km"), b'\t');
        assert_eq!(detect_delimiter(b"date,distance_km"), b',');
    }

    fn lines_of(text: &[u8]) -> Vec<u64> {
        let (_, mut records) = open_csv(text, "a.csv", |n| n.to_string()).unwrap();
        let mut lines = Vec::new();
        while let Some(line) = records.next_line("a.csv").unwrap() {
            lines.push(line);
        }
        lines
    }

    #[test]
    fn records_start_on_the_lines_an_editor_shows() {
        assert_eq!(lines_of(b"a,b\r\n1,2\r\n\r\n3,4\r\n"), vec![2, 4]);
        assert_eq!(lines_of(b"a,b\n1,\"x\ny\"\n3,4\n"), vec![2, 4]);
        assert_eq!(
            lines_of(b"a,b\n\"1\n2\"\n3,4\n"),
            vec![2, 4],
            "a cell over two lines"
        );
    }

    #[test]
    fn a_problem_in_a_row_with_a_cell_over_several_lines_says_a_quote_may_be_open() {
        let (names, mut records) =
            open_csv(&b"a,b\n\"1\n2\",x\n"[..], "a.csv", |n| n.to_string()).unwrap();
        let line = records.next_line("a.csv").unwrap().unwrap();
        let record = records.record();
        let mut row = Row::new(
            record,
            &names,
            "a.csv",
            line,
            crate::import::csv::export::EXPORT_BLANKS,
        );
        row.complain(1, "is not a number");
        assert_eq!(row.problems[0].line, 2);
        assert_eq!(row.problems[0].column, "b");
        assert!(
            row.problems[0]
                .expected
                .ends_with("column 'a' runs over several lines: a quote (\") opened there may never be closed)"),
            "{}",
            row.problems[0].expected
        );
    }

    #[test]
    fn a_quote_never_closed_is_an_error_not_lost_rows() {
        let text = b"date,km,notes\n2025-01-06,5,\"oops\n2025-01-07,6,fine\n2025-01-08,7,x\n";
        let (_, mut records) = open_csv(&text[..], "a.csv", |n| n.to_string()).unwrap();
        let message = records.next_line("a.csv").unwrap_err().to_string();
        assert!(message.starts_with("a.csv:2:"), "{message}");
        assert!(message.contains("column 'notes'"), "{message}");
        assert!(message.contains("lines 2 to 4"), "{message}");
        let closed = b"date,km,notes\n2025-01-06,5,\"two\nlines\"\n2025-01-07,6,x\n";
        assert_eq!(lines_of(closed), vec![2, 4]);
    }
}
