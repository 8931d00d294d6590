//! Line numbers as an editor shows them. The csv crate's own line count
//! drifts on CRLF files and blank lines, so runrisk counts the newlines it
//! reads itself and maps each record's byte offset to its line. It follows
//! the quotes the way a CSV reader does (a quote opens a cell only at its
//! start; `""` inside is a quote), so it can tell a file that ends inside a
//! quoted cell, whose last rows a quote left open has swallowed.
//!
//! It also bounds a row: a row that runs past `MAX_ROW_BYTES` (a file of
//! one endless line, or a quote never closed in a huge file) ends the read
//! with [`RowTooLong`], so memory never grows with the bytes of one row.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::rc::Rc;

/// The longest row runrisk reads (1 MiB): a row of a log is a few hundred
/// bytes, a Strava export's row with a long description a few thousand.
pub const MAX_ROW_BYTES: u64 = 1 << 20;

/// How much of the cell that made a row too long the error shows.
const SHOWN_CELL_BYTES: usize = 24;

/// A row longer than [`MAX_ROW_BYTES`]: where it starts and in which cell
/// it passed the limit, with the start of that cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RowTooLong {
    /// The 1-based line the row starts on.
    pub line: u64,
    /// The 0-based cell of the row the limit was passed in.
    pub cell: usize,
    /// The first bytes of that cell.
    pub cell_start: Vec<u8>,
}

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a row longer than {} MiB", MAX_ROW_BYTES >> 20)
    }
}

impl std::error::Error for RowTooLong {}

impl RowTooLong {
    /// The limit passed, carried by an error of the tracked reader.
    pub fn of(error: &io::Error) -> Option<&RowTooLong> {
        error.get_ref()?.downcast_ref::<RowTooLong>()
    }
}

/// The row being read: how long it is so far and where it started.
#[derive(Debug, Default)]
struct Row {
    bytes: u64,
    line: u64,
    cell: usize,
    cell_start: Vec<u8>,
}

impl Row {
    /// Takes in the next byte, which `quotes` has already seen; whether it
    /// ended the row.
    fn see(&mut self, byte: u8, quotes: &Quotes, newlines: u64) -> bool {
        if byte == b'\n' && !quotes.open {
            *self = Row {
                line: newlines + 1,
                ..Row::default()
            };
            return true;
        }
        self.bytes += 1;
        if byte == quotes.delimiter && !quotes.open {
            self.cell += 1;
            self.cell_start.clear();
        } else if self.cell_start.len() < SHOWN_CELL_BYTES {
            self.cell_start.push(byte);
        }
        false
    }

    fn too_long(&self) -> RowTooLong {
        RowTooLong {
            line: self.line.max(1),
            cell: self.cell,
            cell_start: self.cell_start.clone(),
        }
    }
}

/// What the tracker has seen, shared with its counter.
#[derive(Debug, Default)]
struct Seen {
    /// Newlines read, all of them.
    newline_count: u64,
    /// The row being read.
    row: Row,
    /// Byte offsets of newlines read but not yet passed by a record.
    newlines: VecDeque<u64>,
    /// Bytes read so far.
    bytes: u64,
    quotes: Quotes,
    /// The input has ended.
    ended: bool,
}

/// Where the bytes read so far leave the CSV quoting.
#[derive(Debug, Default, Clone, Copy)]
struct Quotes {
    delimiter: u8,
    /// At the start of a cell (a quote here opens it).
    at_cell_start: bool,
    /// Inside a quoted cell.
    open: bool,
    /// Just saw a quote inside a quoted cell: `""` or the closing quote.
    quote_in_cell: bool,
}

impl Quotes {
    fn new(delimiter: u8) -> Quotes {
        Quotes {
            delimiter,
            at_cell_start: true,
            ..Quotes::default()
        }
    }

    fn see(&mut self, byte: u8) {
        if self.quote_in_cell {
            self.quote_in_cell = false;
            if byte == b'"' {
                return; // `""`: a quote inside the cell
            }
            self.open = false;
        }
        if self.open {
            self.quote_in_cell = byte == b'"';
            return;
        }
        match byte {
            b'"' if self.at_cell_start => {
                self.open = true;
                self.at_cell_start = false;
            }
            b'\n' | b'\r' => self.at_cell_start = true,
            b if b == self.delimiter => self.at_cell_start = true,
            _ => self.at_cell_start = false,
        }
    }

    /// Whether a quoted cell is still open (a closing quote just seen closes it).
    fn is_open(&self) -> bool {
        self.open && !self.quote_in_cell
    }
}

type Shared = Rc<RefCell<Seen>>;

/// Wraps a reader and notes where every newline is.
pub struct NewlineTracker<R> {
    inner: R,
    seen: Shared,
}

/// Answers "which line is this byte on?" for offsets that only grow.
pub struct LineCounter {
    seen: Shared,
    passed: u64,
}

/// A tracked reader and the counter that reads its notes; `delimiter`
/// separates the cells.
pub fn track<R: Read>(inner: R, delimiter: u8) -> (NewlineTracker<R>, LineCounter) {
    let seen = Shared::new(RefCell::new(Seen {
        quotes: Quotes::new(delimiter),
        ..Seen::default()
    }));
    let tracker = NewlineTracker {
        inner,
        seen: seen.clone(),
    };
    (tracker, LineCounter { seen, passed: 0 })
}

impl<R: Read> Read for NewlineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buf)?;
        let mut seen = self.seen.borrow_mut();
        let whole_rows = seen.whole_rows_without_quotes(&buf[..count]);
        seen.see_whole_rows(&buf[..whole_rows]);
        seen.see_bytes(&buf[whole_rows..count])?;
        seen.ended |= count == 0 && !buf.is_empty();
        Ok(count)
    }
}

impl Seen {
    /// How many bytes at the start of `bytes` are whole rows that hold no
    /// quote, none past the length limit, read outside any quoted cell: the
    /// common case, whose newlines can be found without following quotes.
    fn whole_rows_without_quotes(&self, bytes: &[u8]) -> usize {
        let quotes = &self.quotes;
        if quotes.open || quotes.quote_in_cell || memchr::memchr(b'"', bytes).is_some() {
            return 0;
        }
        let Some(last) = memchr::memrchr(b'\n', bytes) else {
            return 0;
        };
        let mut row_start = 0;
        let mut carried = self.row.bytes;
        for at in memchr::memchr_iter(b'\n', &bytes[..=last]) {
            if carried + (at - row_start) as u64 > MAX_ROW_BYTES {
                return 0;
            }
            row_start = at + 1;
            carried = 0;
        }
        last + 1
    }

    /// Takes in whole rows without quotes (see `whole_rows_without_quotes`).
    fn see_whole_rows(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let start = self.bytes;
        for at in memchr::memchr_iter(b'\n', bytes) {
            self.newlines.push_back(start + at as u64);
            self.newline_count += 1;
        }
        self.quotes.at_cell_start = true;
        self.row = Row {
            line: self.newline_count + 1,
            ..Row::default()
        };
        self.bytes += bytes.len() as u64;
    }

    /// Takes in bytes one at a time, following the quotes.
    fn see_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        let start = self.bytes;
        for (i, byte) in bytes.iter().enumerate() {
            if *byte == b'\n' {
                self.newlines.push_back(start + i as u64);
                self.newline_count += 1;
            }
            self.quotes.see(*byte);
            let Seen {
                row,
                quotes,
                newline_count,
                ..
            } = self;
            if !row.see(*byte, quotes, *newline_count) && row.bytes > MAX_ROW_BYTES {
                let too_long = row.too_long();
                return Err(io::Error::new(io::ErrorKind::InvalidData, too_long));
            }
        }
        self.bytes += bytes.len() as u64;
        Ok(())
    }
}

impl LineCounter {
    /// Whether the input ended at `end` inside a quoted cell: a quote was
    /// opened and never closed.
    pub fn ends_in_open_quote(&self, end: u64) -> bool {
        let seen = self.seen.borrow();
        seen.ended && seen.bytes == end && seen.quotes.is_open()
    }

    /// The 1-based line of the byte at `offset`. Offsets must not go back.
    #[cfg(test)]
    pub fn line_at(&mut self, offset: u64) -> u64 {
        self.pass_before(offset);
        self.passed + 1
    }

    /// The 1-based line of the last byte before `end`, not counting a
    /// newline that is that last byte (it ends the line, it does not start one).
    pub fn line_ending_at(&mut self, end: u64) -> u64 {
        let last = self.pass_before(end);
        let own_newline = last.is_some_and(|at| at + 1 == end);
        self.passed + 1 - u64::from(own_newline)
    }

    /// Passes the newlines before `offset`; returns the last one passed.
    fn pass_before(&mut self, offset: u64) -> Option<u64> {
        let mut seen = self.seen.borrow_mut();
        let mut last = None;
        while let Some(at) = seen.newlines.front().copied().filter(|&at| at < offset) {
            seen.newlines.pop_front();
            self.passed += 1;
            last = Some(at);
        }
        last
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader that hands out at most `.1` bytes at a time.
    pub(in crate::import::csv) struct Chunked<'a>(pub &'a [u8], pub usize);

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    proptest! {
        /// Whole rows without quotes are taken in at once; what is seen must
        /// be what following every byte sees, however the reads fall.
        #[test]
        fn rows_taken_in_whole_are_seen_as_byte_by_byte(
            text in "[ab\",;\r\n]{0,120}",
            chunk in 1usize..40,
        ) {
            let mut byte_by_byte = Seen { quotes: Quotes::new(b','), ..Seen::default() };
            byte_by_byte.see_bytes(text.as_bytes()).unwrap();
            let (mut tracker, _) = track(Chunked(text.as_bytes(), chunk), b',');
            io::copy(&mut tracker, &mut io::sink()).unwrap();
            let mut tracked = tracker.seen.borrow_mut();
            tracked.ended = false;
            prop_assert_eq!(format!("{:?}", *tracked), format!("{byte_by_byte:?}"));
        }
    }

    /// Reads `bytes` through a tracker to the end or its first error.
    fn read_through(bytes: &[u8]) -> io::Result<u64> {
        let (mut tracker, _) = track(bytes, b',');
        io::copy(&mut tracker, &mut io::sink())
    }

    #[test]
    fn a_row_past_the_limit_stops_the_read_where_it_starts() {
        let limit = MAX_ROW_BYTES as usize;
        let long = |cell: &str| format!("date,notes\n2025-01-07,{cell}\n");
        let quoted_newlines = format!(
            "date,notes\n2025-01-07,\"{}\"\n",
            "a\n".repeat(limit / 2 + 1)
        );
        let cases = [
            (long(&"x".repeat(limit - 20)), None),
            (long(&"x".repeat(limit + 1)), Some((2, 1, "xxxx"))),
            // Newlines inside quotes do not end the row.
            (quoted_newlines, Some((2, 1, "\"a\na\n"))),
            (format!("{}\n", "h".repeat(limit + 1)), Some((1, 0, "hhhh"))),
        ];
        for (text, want) in cases {
            let got = read_through(text.as_bytes()).err().map(|error| {
                let long = RowTooLong::of(&error).cloned().expect("a row too long");
                let start = String::from_utf8_lossy(&long.cell_start).into_owned();
                (long.line, long.cell, start)
            });
            match (&got, want) {
                (None, None) => {}
                (Some((line, cell, start)), Some((want_line, want_cell, want_start))) => {
                    assert_eq!((*line, *cell), (want_line, want_cell), "{}", &text[..40]);
                    assert!(start.starts_with(want_start), "{start:?}");
                }
                _ => panic!("{}: got {got:?}, want {want:?}", &text[..40]),
            }
        }
    }

    #[test]
    fn counts_lines_of_lf_crlf_and_blank_lines() {
        let text = b"a\r\nb\n\n\nc\r\nd";
        let (mut tracker, mut lines) = track(&text[..], b',');
        let mut all = Vec::new();
        tracker.read_to_end(&mut all).unwrap();
        let offset_of = |c: u8| text.iter().position(|b| *b == c).unwrap() as u64;
        assert_eq!(lines.line_at(offset_of(b'a')), 1);
        assert_eq!(lines.line_at(offset_of(b'b')), 2);
        assert_eq!(lines.line_at(offset_of(b'c')), 5);
        assert_eq!(lines.line_at(offset_of(b'd')), 6);
        let (mut tracker, mut lines) = track(&b"x\ny\nz"[..], b',');
        tracker.read_to_end(&mut all).unwrap();
        assert_eq!(lines.line_ending_at(2), 1, "x and its newline");
        assert_eq!(lines.line_ending_at(3), 2, "y without its newline");
        assert_eq!(lines.line_ending_at(5), 3, "z at the end of the file");
    }

    #[test]
    fn tells_an_input_that_ends_inside_a_quoted_cell() {
        let cases: [(&[u8], bool); 6] = [
            (b"a,\"b\nc,d\n", true),
            (b"a,\"b\nc\",d\n", false),
            (b"a,b\n", false),
            (b"a,\"x\"\"y\n", true),
            (b"a,10\" shoe,\"note\nmore\"\n", false),
            (b"a,\"x\"\"\"\n", false),
        ];
        for (text, open) in cases {
            let (mut tracker, lines) = track(text, b',');
            let mut all = Vec::new();
            tracker.read_to_end(&mut all).unwrap();
            assert_eq!(
                lines.ends_in_open_quote(text.len() as u64),
                open,
                "{text:?}"
            );
            assert!(!lines.ends_in_open_quote(1), "not at the end: {text:?}");
        }
    }
}
