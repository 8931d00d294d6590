//! The decompression budget: how far runrisk unpacks a `.gz` stream or a
//! zip entry before it takes it for a decompression bomb. A bomb is a few
//! kilobytes that unpack to gigabytes; a real export unpacks to 3 to 20
//! times its packed size (FIT files barely shrink, GPX and Apple Health's
//! export.xml about 10 to 20 times). Deflate cannot unpack to more than
//! about 1,032 times its size, so a ratio limit far below that catches
//! every single-layer bomb, and one far above 20 admits every real file.
//!
//! Unpacking stops with [`TooCompressed`] once the bytes unpacked exceed
//! both [`RATIO_FLOOR_BYTES`] and [`MAX_RATIO`] times the packed bytes read
//! so far, counted under the decoder as it reads them. So a multi-gigabyte
//! export.xml is read as a stream, however large, as long as its packed
//! side keeps up; a bomb stops after at most 64 MiB of work.

use std::cell::Cell;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;

use crate::error::Error;

/// Below this many unpacked bytes any ratio is accepted (64 MiB): small
/// files of one repeated line can shrink very far, and cost nothing.
pub const RATIO_FLOOR_BYTES: u64 = 64 << 20;
/// The most that unpacked bytes may be of packed ones past the floor:
/// 10 times the most compressible real exports (about 20), and 5 times
/// less than the ratio of a deflate bomb (about 1,000).
pub const MAX_RATIO: u64 = 200;

/// Whether `unpacked` bytes from `packed` bytes are within the budget.
pub fn within(unpacked: u64, packed: u64) -> bool {
    unpacked <= RATIO_FLOOR_BYTES || unpacked <= packed.saturating_mul(MAX_RATIO)
}

/// Why unpacking stopped: the figures at the moment it did.
#[derive(Debug, Clone, PartialEq)]
pub struct TooCompressed {
    pub unpacked: u64,
    pub packed: u64,
    /// The figures are the archive's so far, not this entry's alone.
    pub archive: bool,
}

impl TooCompressed {
    /// The stop carried by an error of a [`Budgeted`] reader.
    pub fn of(error: &io::Error) -> Option<&TooCompressed> {
        error.get_ref()?.downcast_ref::<TooCompressed>()
    }

    /// The error for the file or entry `label`.
    pub fn into_error(self, label: &str) -> Error {
        Error::Format {
            file: label.to_string(),
            line: None,
            message: self.to_string(),
        }
    }
}

impl std::fmt::Display for TooCompressed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.archive {
            "with the entries before it, the archive unpacks"
        } else {
            "unpacks"
        };
        write!(
            f,
            "{what} to more than {MAX_RATIO} times its packed size ({} from {}), as only a \
             decompression bomb or a damaged file does; runrisk stops unpacking past {} at that \
             ratio. Unpack it yourself to see what it holds, and give runrisk the unpacked file \
             if it is a log",
            crate::words::size(self.unpacked as usize),
            crate::words::size(self.packed as usize),
            crate::words::size(RATIO_FLOOR_BYTES as usize),
        )
    }
}

impl std::error::Error for TooCompressed {}

/// A count of packed bytes, shared between a [`Counted`] reader under a
/// decoder and the [`Budgeted`] reader over it.
pub type PackedCount = Rc<Cell<u64>>;

/// Counts the bytes read through it into a [`PackedCount`].
pub struct Counted<R> {
    inner: R,
    count: PackedCount,
}

impl<R> Counted<R> {
    pub fn new(inner: R) -> (Counted<R>, PackedCount) {
        let count = PackedCount::default();
        (
            Counted {
                inner,
                count: count.clone(),
            },
            count,
        )
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count.set(self.count.get() + read as u64);
        Ok(read)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.inner.seek(to)
    }
}

/// Unpacked bytes, stopped with a [`TooCompressed`] error once they
/// leave the budget for the packed bytes counted since it started.
pub struct Budgeted<R> {
    inner: R,
    packed: PackedCount,
    packed_before: u64,
    unpacked: u64,
    /// Bytes unpacked from every entry of an archive, held to the budget
    /// for all its packed bytes read (so many small bombs add up to one).
    total: Option<PackedCount>,
}

impl<R> Budgeted<R> {
    /// `inner` unpacks what `packed` counts, from its count now on.
    pub fn new(inner: R, packed: PackedCount) -> Budgeted<R> {
        let packed_before = packed.get();
        Budgeted {
            inner,
            packed,
            packed_before,
            unpacked: 0,
            total: None,
        }
    }

    /// The same, also adding what it unpacks to `total`, which is held to
    /// the budget for everything `packed` counted.
    pub fn with_total(inner: R, packed: PackedCount, total: PackedCount) -> Budgeted<R> {
        Budgeted {
            total: Some(total),
            ..Budgeted::new(inner, packed)
        }
    }

    /// Where the budget is exceeded, if it is: this stream's, then the archive's.
    fn exceeded(&mut self) -> Option<TooCompressed> {
        let packed = self.packed.get().saturating_sub(self.packed_before);
        if !within(self.unpacked, packed) {
            // A bomb stopped is not held against the entries after it.
            if let Some(total) = &self.total {
                total.set(total.get().saturating_sub(self.unpacked));
            }
            return Some(TooCompressed {
                unpacked: self.unpacked,
                packed,
                archive: false,
            });
        }
        let total = self.total.as_ref()?.get();
        (!within(total, self.packed.get())).then(|| TooCompressed {
            unpacked: total,
            packed: self.packed.get(),
            archive: true,
        })
    }
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.unpacked += read as u64;
        if let Some(total) = &self.total {
            total.set(total.get() + read as u64);
        }
        match self.exceeded() {
            Some(stop) => Err(io::Error::new(io::ErrorKind::InvalidData, stop)),
            None => Ok(read),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_exports_pass_and_bombs_stop() {
        const GIB: u64 = 1 << 30;
        // A 4 GiB Apple Health export.xml packed 20 times, and 10 times.
        assert!(within(4 * GIB, 4 * GIB / 20));
        assert!(within(4 * GIB, 4 * GIB / 10));
        // Anything up to the floor, however small its packed side.
        assert!(within(RATIO_FLOOR_BYTES, 1));
        // A deflate bomb (about 1,000 to 1) past the floor.
        assert!(!within(
            RATIO_FLOOR_BYTES + 1,
            (RATIO_FLOOR_BYTES + 1) / 1000
        ));
        assert!(!within(4 * GIB, 4 * GIB / 1000));
    }

    #[test]
    fn a_stream_of_zeros_stops_past_the_floor_with_its_figures() {
        let zeros = io::repeat(0).take(2 * RATIO_FLOOR_BYTES);
        let (mut counted, packed) = Counted::new(&b"tiny"[..]);
        let mut budgeted = Budgeted::new(zeros, packed);
        counted.read_to_end(&mut Vec::new()).unwrap();
        let error = io::copy(&mut budgeted, &mut io::sink()).unwrap_err();
        let stop = TooCompressed::of(&error).unwrap();
        assert!(stop.unpacked > RATIO_FLOOR_BYTES, "{stop:?}");
        assert!(stop.unpacked < 2 * RATIO_FLOOR_BYTES, "{stop:?}");
        assert_eq!(stop.packed, 4);
        let text = stop.clone().into_error("a.gz").to_string();
        assert!(
            text.starts_with("a.gz: unpacks to more than 200 times"),
            "{text}"
        );
        assert!(text.contains("from 4 bytes"), "{text}");
    }
}
