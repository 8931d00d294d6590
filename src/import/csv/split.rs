//! Splits a CSV stream into records. Most lines of a log hold no quote:
//! such a line is one record, its cells cut at the delimiter, found with a
//! search of the line's bytes. A line with a quote (a cell that holds a
//! comma or a note over several lines) or a lone carriage return is read
//! by csv-core, the parser of the csv crate, from the same buffer, so the
//! records are the ones the csv crate reads, at a fraction of the work per
//! line. Blank lines are skipped, as the csv crate skips them.

use std::io::{self, Read};

use csv_core::ReadRecordResult;

use super::record::Record;

/// How many bytes are read at a time. A line longer than this is read by
/// csv-core, which takes its input in pieces.
const BUFFER_BYTES: usize = 1 << 16;

/// Room for a record's cells read by csv-core, grown when a record needs more.
const FIRST_FIELD_BYTES: usize = 1 << 10;
const FIRST_FIELDS: usize = 64;

/// Reads the records of a CSV stream with `delimiter` between cells.
pub struct Splitter<R> {
    input: R,
    buffer: Vec<u8>,
    /// The bytes of `buffer` not yet taken: `start..end`.
    start: usize,
    end: usize,
    /// The input has ended.
    ended: bool,
    delimiter: u8,
    core: csv_core::Reader,
    /// Bytes taken from the input so far: where the last record ended.
    taken: u64,
    /// The last record was one line without quotes, so no cell of it
    /// holds a newline.
    one_line: bool,
    /// A record's cells as csv-core writes them, and where each ends.
    fields: Vec<u8>,
    ends: Vec<usize>,
}

/// What the buffered bytes start with.
enum Next {
    /// A line without quotes, read into the record.
    Record,
    /// A blank line, skipped.
    Blank,
    /// Bytes csv-core must read: a quote, a carriage return inside a line,
    /// a line longer than the buffer, or the last line without its newline.
    Quoted,
}

impl<R: Read> Splitter<R> {
    pub fn new(input: R, delimiter: u8) -> Splitter<R> {
        Splitter {
            input,
            buffer: vec![0; BUFFER_BYTES],
            start: 0,
            end: 0,
            ended: false,
            delimiter,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            taken: 0,
            one_line: false,
            fields: vec![0; FIRST_FIELD_BYTES],
            ends: vec![0; FIRST_FIELDS],
        }
    }

    /// Where the last record read ended, in bytes from the start.
    pub fn position(&self) -> u64 {
        self.taken
    }

    /// Whether the last record read was one line without quotes: none of
    /// its cells holds a newline.
    pub fn one_line(&self) -> bool {
        self.one_line
    }

    /// Reads the next record into `record`; `false` at the end of the input.
    pub fn read_record(&mut self, record: &mut Record) -> io::Result<bool> {
        loop {
            self.one_line = true;
            match self.plain_line(record)? {
                Next::Record => return Ok(true),
                Next::Blank => continue,
                Next::Quoted => {
                    self.one_line = false;
                    return self.read_by_core(record);
                }
            }
        }
    }

    /// Reads the buffered line into `record` when it holds no quote and no
    /// carriage return but the one that ends it; reads more input first
    /// when no whole line is buffered.
    fn plain_line(&mut self, record: &mut Record) -> io::Result<Next> {
        loop {
            let pending = &self.buffer[self.start..self.end];
            if let Some(newline) = memchr::memchr(b'\n', pending) {
                let line = &pending[..newline];
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if memchr::memchr2(b'"', b'\r', line).is_some() {
                    return Ok(Next::Quoted);
                }
                let next = if line.is_empty() {
                    Next::Blank
                } else {
                    record.set_line(line, self.delimiter);
                    Next::Record
                };
                self.take(newline + 1);
                return Ok(next);
            }
            let full = self.start == 0 && self.end == self.buffer.len();
            if self.ended || full {
                return Ok(Next::Quoted);
            }
            self.fill()?;
        }
    }

    /// Reads one record with csv-core, which follows the quotes over as
    /// many lines and reads as the record takes.
    fn read_by_core(&mut self, record: &mut Record) -> io::Result<bool> {
        let (mut written, mut cells) = (0, 0);
        loop {
            let (result, read, wrote, ended) = self.core.read_record(
                &self.buffer[self.start..self.end],
                &mut self.fields[written..],
                &mut self.ends[cells..],
            );
            self.take(read);
            written += wrote;
            cells += ended;
            match result {
                ReadRecordResult::InputEmpty => self.fill()?,
                ReadRecordResult::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    record.clear();
                    let mut from = 0;
                    for &to in &self.ends[..cells] {
                        record.push_field(&self.fields[from..to]);
                        from = to;
                    }
                    return Ok(true);
                }
                ReadRecordResult::End => return Ok(false),
            }
        }
    }

    fn take(&mut self, bytes: usize) {
        self.start += bytes;
        self.taken += bytes as u64;
    }

    /// Moves the bytes not yet taken to the front and reads more after
    /// them; at the end of the input, notes that it ended.
    fn fill(&mut self) -> io::Result<()> {
        if self.ended {
            return Ok(());
        }
        self.buffer.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        loop {
            match self.input.read(&mut self.buffer[self.end..]) {
                Ok(0) => self.ended = true,
                Ok(read) => self.end += read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::import::csv::lines::tests::Chunked;

    fn split(text: &[u8], chunk: usize, delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut splitter = Splitter::new(Chunked(text, chunk), delimiter);
        let mut record = Record::new();
        let mut records = Vec::new();
        while splitter.read_record(&mut record).unwrap() {
            records.push(record.iter().map(<[u8]>::to_vec).collect());
        }
        records
    }

    fn by_csv_crate(text: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        reader
            .byte_records()
            .map(|record| record.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    #[test]
    fn lines_quotes_and_line_ends() {
        let text = b"a,b\r\n\nc,\"d,\ne\"\r\n\r\nf\rg,,\n  \nh";
        let cells = |cells: &[&str]| cells.iter().map(|c| c.as_bytes().to_vec()).collect();
        let expected: Vec<Vec<Vec<u8>>> = vec![
            cells(&["a", "b"]),
            cells(&["c", "d,\ne"]),
            cells(&["f"]),
            cells(&["g", "", ""]),
            cells(&["  "]),
            cells(&["h"]),
        ];
        assert_eq!(split(text, 3, b','), expected);
        assert_eq!(by_csv_crate(text, b','), expected);
    }

    #[test]
    fn a_line_longer_than_the_buffer_is_read_whole() {
        let long = "x".repeat(BUFFER_BYTES * 2 + 7);
        let text = format!("a;b\n{long};c\nd\n");
        let records = split(text.as_bytes(), BUFFER_BYTES, b';');
        assert_eq!(records, by_csv_crate(text.as_bytes(), b';'));
        assert_eq!(records[1][0].len(), long.len());
    }

    #[test]
    fn the_position_is_where_the_last_record_ended() {
        let text = b"a,b\n\"c\nd\",e\nf";
        let mut splitter = Splitter::new(&text[..], b',');
        let mut record = Record::new();
        let mut ends = Vec::new();
        while splitter.read_record(&mut record).unwrap() {
            ends.push(splitter.position());
        }
        assert_eq!(ends, [4, 12, 13]);
    }

    proptest! {
        /// The records are the csv crate's, however the text and its reads fall.
        #[test]
        fn records_are_the_csv_crates(
            text in proptest::collection::vec(
                prop_oneof![
                    Just(b'a'), Just(b'1'), Just(b' '), Just(b','), Just(b';'),
                    Just(b'"'), Just(b'\r'), Just(b'\n'), Just(b'\n'),
                ],
                0..160,
            ),
            chunk in 1usize..50,
            semicolons in any::<bool>(),
        ) {
            let delimiter = if semicolons { b';' } else { b',' };
            prop_assert_eq!(split(&text, chunk, delimiter), by_csv_crate(&text, delimiter));
        }
    }
}
