//! Line numbers as an editor shows them. The csv crate's own line count
//! drifts on CRLF files and blank lines, so runrisk counts the newlines it
//! reads itself and maps each record's byte offset to its line. It notes
//! the quote characters too: a record with an odd number of them holds a
//! quote that was never closed.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::rc::Rc;

/// What the tracker has seen, shared with its counter.
#[derive(Debug, Default)]
struct Seen {
    /// Byte offsets of newlines read but not yet passed by a record.
    newlines: VecDeque<u64>,
    /// Byte offsets of `"` read but not yet passed by a record.
    quotes: VecDeque<u64>,
    /// Bytes read so far.
    bytes: u64,
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

/// A tracked reader and the counter that reads its notes.
pub fn track<R: Read>(inner: R) -> (NewlineTracker<R>, LineCounter) {
    let seen = Shared::default();
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
            match byte {
                b'\n' => seen.newlines.push_back(start + i as u64),
                b'"' => seen.quotes.push_back(start + i as u64),
                _ => {}
            }
        }
        seen.bytes += count as u64;
        Ok(count)
    }
}

impl LineCounter {
    /// How many `"` come before `end` and after the offset passed before.
    /// Offsets must not go back.
    pub fn quotes_before(&mut self, end: u64) -> usize {
        let mut seen = self.seen.borrow_mut();
        let count = seen.quotes.iter().take_while(|&&at| at < end).count();
        seen.quotes.drain(..count);
        count
    }

    /// The 1-based line of the byte at `offset`. Offsets must not go back.
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
        let (mut tracker, mut lines) = track(&text[..]);
        let mut all = Vec::new();
        tracker.read_to_end(&mut all).unwrap();
        let offset_of = |c: u8| text.iter().position(|b| *b == c).unwrap() as u64;
        assert_eq!(lines.line_at(offset_of(b'a')), 1);
        assert_eq!(lines.line_at(offset_of(b'b')), 2);
        assert_eq!(lines.line_at(offset_of(b'c')), 5);
        assert_eq!(lines.line_at(offset_of(b'd')), 6);
        let (mut tracker, mut lines) = track(&b"x\ny\nz"[..]);
        tracker.read_to_end(&mut all).unwrap();
        assert_eq!(lines.line_ending_at(2), 1, "x and its newline");
        assert_eq!(lines.line_ending_at(3), 2, "y without its newline");
        assert_eq!(lines.line_ending_at(5), 3, "z at the end of the file");
    }

    #[test]
    fn counts_the_quotes_of_each_stretch() {
        let text = b"a,\"b\"\nc,\"d\ne\n";
        let (mut tracker, mut lines) = track(&text[..]);
        let mut all = Vec::new();
        tracker.read_to_end(&mut all).unwrap();
        assert_eq!(lines.quotes_before(7), 2, "the first line");
        assert_eq!(lines.quotes_before(text.len() as u64), 1, "the rest");
        assert_eq!(lines.quotes_before(text.len() as u64), 0, "all passed");
    }
}
