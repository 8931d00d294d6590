//! Gzip data unpacked as it is read, with errors that say whether the file
//! was cut short or damaged, so what unpacked before the damage can be kept.

use std::io::{self, Read};

use flate2::read::MultiGzDecoder;

use super::budget::{Budgeted, Counted};
use super::{read_whole, WholeRead};
use crate::error::{Error, Result};

/// Why gzip data stopped unpacking before its end: the file is cut short
/// (an interrupted download or copy) or damaged.
#[derive(Debug, Clone, PartialEq)]
pub struct GzStop {
    /// The data ends early, rather than holding something gzip cannot read.
    pub cut_short: bool,
    /// What the decoder said.
    pub reason: String,
}

impl GzStop {
    fn new(error: &io::Error) -> GzStop {
        GzStop {
            cut_short: error.kind() == io::ErrorKind::UnexpectedEof,
            reason: error.to_string(),
        }
    }

    /// The stop carried by an error of a [`gz_reader`].
    pub fn of(error: &io::Error) -> Option<&GzStop> {
        error.get_ref()?.downcast_ref::<GzStop>()
    }

    /// What the user should do about it, after the decoder's reason.
    fn hint(&self) -> &'static str {
        if self.cut_short {
            "it may be cut short"
        } else {
            "it is damaged or not gzipped"
        }
    }

    /// The note for an activity file read from what unpacked (`unpacked` bytes).
    pub fn note(&self, unpacked: usize) -> String {
        let what = if self.cut_short {
            "cut short"
        } else {
            "damaged"
        };
        format!(
            "{what}: the .gz file stops unpacking after {} bytes ({}); what came before was read",
            crate::words::thousands(unpacked as u64),
            self.reason
        )
    }

    /// The error for a .gz file of which too little unpacked to be read;
    /// `detail` says what came of the bytes that did.
    pub fn into_error(self, label: &str, detail: &str) -> Error {
        Error::Format {
            file: label.to_string(),
            line: None,
            message: format!(
                "not a readable .gz file ({}); {}{detail}",
                self.reason,
                self.hint()
            ),
        }
    }
}

impl std::fmt::Display for GzStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.cut_short {
            write!(f, "{}; the .gz file may be cut short", self.reason)
        } else {
            write!(f, "{}", self.reason)
        }
    }
}

impl std::error::Error for GzStop {}

/// Unpacks gzip data as it is read, within the decompression budget (see
/// `budget`). Its errors carry a [`GzStop`], so that [`read_whole`] can
/// keep what unpacked before them and every message about a .gz file that
/// ends early says it may be cut short; a bomb stops with a `TooCompressed`.
pub fn gz_reader<R: Read>(packed: R) -> impl Read {
    let (counted, count) = Counted::new(packed);
    Budgeted::new(GzReader(MultiGzDecoder::new(counted)), count)
}

struct GzReader<R>(MultiGzDecoder<R>);

impl<R: Read> Read for GzReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0
            .read(buf)
            .map_err(|error| io::Error::new(error.kind(), GzStop::new(&error)))
    }
}

/// `name` without a trailing `.gz`, lower case, and whether it had one.
pub fn strip_gz(name: &str) -> (String, bool) {
    let lower = name.to_ascii_lowercase();
    match lower.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (lower, false),
    }
}

/// Unpacks gzip bytes: all of them, or what unpacked before they stopped.
pub fn gunzip(bytes: &[u8], label: &str) -> Result<WholeRead> {
    read_whole(gz_reader(bytes), label)
}
