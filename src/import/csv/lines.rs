//! Line numbers as an editor shows them. The csv crate's own line count
//! drifts on CRLF files and blank lines, so runrisk counts the newlines it
//! reads itself and maps each record's byte offset to its line. It follows
//! the quotes the way a CSV reader does (a quote opens a cell only at its
//! start; `""` inside is a quote), so it can tell a file that ends inside a
//! quoted cell, whose last rows a quote left open has swallowed.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::rc::Rc;

/// What the tracker has seen, shared with its counter.
#[derive(Debug, Default)]
struct Seen {
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
        let start = seen.bytes;
        for (i, byte) in buf[..count].iter().enumerate() {
            if *byte == b'\n' {
                seen.newlines.push_back(start + i as u64);
            }
            seen.quotes.see(*byte);
        }
        seen.bytes += count as u64;
        seen.ended |= count == 0 && !buf.is_empty();
        Ok(count)
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
mod tests {
    use super::*;

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
