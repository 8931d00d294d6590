//! One record of a CSV file: its bytes and where each cell lies in them.
//! A line without quotes is kept as it is, delimiters and all, so taking
//! it in is one copy of the line and a search for its delimiters; the
//! cells csv-core reads out of quotes are added one at a time.

use std::ops::Range;

use crate::byte_words::{bytes_equal, load, WORD};

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Every cell's bytes, with what lay between them (delimiters, for a
    /// line taken whole; nothing, for cells added one by one).
    bytes: Vec<u8>,
    /// Each cell's place in `bytes`.
    cells: Vec<Range<usize>>,
}

impl Record {
    pub fn new() -> Record {
        Record::default()
    }

    pub fn clear(&mut self) {
        self.bytes.clear();
        self.cells.clear();
    }

    /// Adds a cell after the others.
    pub fn push_field(&mut self, cell: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(cell);
        self.cells.push(start..self.bytes.len());
    }

    /// Makes this the record of a line without quotes: its cells are what
    /// lies between its delimiters.
    pub fn set_line(&mut self, line: &[u8], delimiter: u8) {
        self.clear();
        self.bytes.extend_from_slice(line);
        // Eight bytes at a time: each word says at once where its
        // delimiters are, and cells are cut only there.
        let mut start = 0;
        let mut words = line.chunks_exact(WORD);
        for (index, word) in (&mut words).enumerate() {
            let mut found = bytes_equal(load(word), delimiter);
            while found != 0 {
                let at = index * WORD + (found.trailing_zeros() / 8) as usize;
                self.cells.push(start..at);
                start = at + 1;
                found &= found - 1;
            }
        }
        let tail = line.len() - words.remainder().len();
        for (at, byte) in words.remainder().iter().enumerate() {
            if *byte == delimiter {
                self.cells.push(start..tail + at);
                start = tail + at + 1;
            }
        }
        self.cells.push(start..line.len());
    }

    /// How many cells the record has.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn get(&self, index: usize) -> Option<&[u8]> {
        self.bytes.get(self.cells.get(index)?.clone())
    }

    /// Where a cell lies in [`as_slice`](Self::as_slice).
    pub fn range(&self, index: usize) -> Option<Range<usize>> {
        self.cells.get(index).cloned()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &[u8]> + ExactSizeIterator {
        self.cells.iter().map(|cell| &self.bytes[cell.clone()])
    }

    /// The bytes of every cell, with what lay between them.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes
    }
}

impl<T: AsRef<[u8]>> From<Vec<T>> for Record {
    fn from(cells: Vec<T>) -> Record {
        let mut record = Record::new();
        for cell in &cells {
            record.push_field(cell.as_ref());
        }
        record
    }
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cells: Vec<_> = self.iter().map(String::from_utf8_lossy).collect();
        f.debug_tuple("Record").field(&cells).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_and_its_cells_read_as_the_cells_pushed() {
        let mut line = Record::new();
        line.set_line(b"a;;bc;", b';');
        let pushed = Record::from(vec!["a", "", "bc", ""]);
        let cells = |r: &Record| r.iter().map(<[u8]>::to_vec).collect::<Vec<_>>();
        assert_eq!(cells(&line), cells(&pushed));
        assert_eq!(line.len(), 4);
        assert_eq!(line.get(2), Some(&b"bc"[..]));
        assert_eq!(line.get(4), None);
        assert_eq!(line.range(2), Some(3..5));
        assert_eq!(line.as_slice(), b"a;;bc;");
        assert_eq!(pushed.as_slice(), b"abc");
        line.set_line(b"", b';');
        assert_eq!(cells(&line), [b"".to_vec()]);
    }

    proptest::proptest! {
        #[test]
        fn a_line_splits_where_a_plain_search_splits(
            line in proptest::collection::vec(proptest::sample::select(b"ab,;\xff\x00 ".to_vec()), 0..40),
            comma: bool,
        ) {
            let delimiter = if comma { b',' } else { b';' };
            let mut record = Record::new();
            record.set_line(&line, delimiter);
            let got: Vec<&[u8]> = record.iter().collect();
            let want: Vec<&[u8]> = line.split(|b| *b == delimiter).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
