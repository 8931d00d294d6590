//! Opening what the user names: a file (plain or .gz), standard input, a
//! folder of activity files, or an export .zip. Folders and archives are
//! both `Container`s, so a Strava export reads the same unpacked or zipped.

mod archive;
mod budget;
pub mod detect;
mod folder;
mod gz;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, IsTerminal, Read};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::{Error, Result};

pub use archive::Zip;
pub use budget::TooCompressed;
pub use folder::Folder;
pub use gz::{gunzip, gz_reader, strip_gz, GzStop};

/// Buffer size for streamed inputs; also how much is looked at to detect a format.
pub const READ_BUFFER: usize = 1 << 16;
/// Archive entries and folder files larger than this are not read (1 GiB).
pub const MAX_ENTRY_BYTES: u64 = 1 << 30;
/// Extensions of files runrisk reads inside folders and archives (before any .gz).
pub const READABLE: [&str; 4] = ["csv", "gpx", "tcx", "fit"];

/// A folder or an archive of files, listed by their path inside it.
pub trait Container {
    /// How messages name the container.
    fn label(&self) -> String;
    /// Paths of the files inside, with `/` separators, sorted; a name
    /// held by two entries of an archive is listed twice.
    fn names(&self) -> Vec<String>;
    /// The bytes of one file, as stored (still gzipped if it is).
    fn read(&mut self, name: &str) -> Result<Vec<u8>>;
    /// One file as a stream, for files too big to hold (Apple Health's export.xml).
    fn stream(&mut self, name: &str) -> Result<Box<dyn Read + '_>>;
    /// The `copy`-th file listed under `name` (0 the first): an archive
    /// can hold two entries of one name, and `names` lists each.
    fn read_copy(&mut self, name: &str, copy: usize) -> Result<Vec<u8>> {
        let _ = copy;
        self.read(name)
    }
    /// What listing the files found worth saying: links not followed,
    /// names held twice.
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
    /// Parts that could not be listed (a sub-folder without permission),
    /// each with why: they count as unreadable files.
    fn unlisted(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// Reads everything, refusing more than `MAX_ENTRY_BYTES`.
pub fn read_limited(reader: impl Read, label: &str) -> Result<Vec<u8>> {
    let whole = read_whole(reader, label)?;
    match whole.stop {
        Some(stop) => Err(stop.into_error(label, "")),
        None => Ok(whole.bytes),
    }
}

/// A stream read to its end, or to where its gzip data stopped unpacking.
#[derive(Debug, Default)]
pub struct WholeRead {
    pub bytes: Vec<u8>,
    /// Why a .gz stream stopped before its end; `bytes` hold what unpacked before.
    pub stop: Option<GzStop>,
}

/// Reads everything, refusing more than `MAX_ENTRY_BYTES`. A .gz stream
/// (from [`gz_reader`]) that stops unpacking early keeps what unpacked
/// before and says why in `stop`; any other read error is an error.
pub fn read_whole(reader: impl Read, label: &str) -> Result<WholeRead> {
    let mut bytes = Vec::new();
    // On an error, `read_to_end` keeps the bytes read before it.
    let result = reader.take(MAX_ENTRY_BYTES + 1).read_to_end(&mut bytes);
    if bytes.len() as u64 > MAX_ENTRY_BYTES {
        return Err(Error::Format {
            file: label.to_string(),
            line: None,
            message: format!(
                "larger than {} MiB; runrisk does not read it",
                MAX_ENTRY_BYTES >> 20
            ),
        });
    }
    let Err(error) = result else {
        return Ok(WholeRead { bytes, stop: None });
    };
    if let Some(stop) = TooCompressed::of(&error) {
        return Err(stop.clone().into_error(label));
    }
    match GzStop::of(&error) {
        Some(stop) if bytes.is_empty() => Err(stop.clone().into_error(label, "")),
        Some(stop) => Ok(WholeRead {
            bytes,
            stop: Some(stop.clone()),
        }),
        None => Err(Error::io(label, "could not read", error)),
    }
}

/// The error for a stream that could not be read; for a .gz file cut
/// short, one that says so.
pub fn read_error(label: &str, error: io::Error) -> Error {
    if let Some(stop) = TooCompressed::of(&error) {
        return stop.clone().into_error(label);
    }
    match GzStop::of(&error) {
        Some(stop) if stop.cut_short => stop.clone().into_error(label, ""),
        _ => Error::io(label, "could not read", error),
    }
}

/// The extension that says what a file holds (`fit` for `a.fit.gz`).
pub fn inner_extension(name: &str) -> Option<String> {
    let (inner, _) = strip_gz(name);
    Path::new(&inner)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_string)
}

/// A file or standard input as a buffered stream, gunzipped on the fly
/// when its name ends in `.gz`. A large file shows a progress bar on a
/// terminal's standard error.
pub fn open_stream(path: &Path) -> Result<Box<dyn BufRead>> {
    if path.as_os_str() == super::STDIN {
        return Ok(Box::new(BufReader::with_capacity(READ_BUFFER, io::stdin())));
    }
    let file = File::open(path).map_err(|e| Error::io(path, "could not open", e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let file: Box<dyn Read> = if size >= PROGRESS_FROM_BYTES && io::stderr().is_terminal() {
        Box::new(Progress::new(file, size, path))
    } else {
        Box::new(file)
    };
    let (_, gzipped) = strip_gz(&path.to_string_lossy());
    if gzipped {
        Ok(Box::new(BufReader::with_capacity(
            READ_BUFFER,
            gz_reader(file),
        )))
    } else {
        Ok(Box::new(BufReader::with_capacity(READ_BUFFER, file)))
    }
}

/// Inputs at least this large show a progress bar (32 MiB, a few seconds of reading).
pub const PROGRESS_FROM_BYTES: u64 = 32 << 20;

/// Counts the bytes read into a progress bar, cleared when reading ends.
struct Progress<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R> Progress<R> {
    fn new(inner: R, size: u64, path: &Path) -> Progress<R> {
        let bar = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(format!(
            "reading {}",
            crate::words::shown(&path.display().to_string())
        ));
        Progress { inner, bar }
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buf)?;
        self.bar.inc(count as u64);
        Ok(count)
    }
}

impl<R> Drop for Progress<R> {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A stream that starts with a UTF-16 byte-order mark, decoded to UTF-8
/// (such files are read whole: spreadsheets write them, and they are small).
/// Any other stream is handed back as it is.
pub fn decode_utf16(mut stream: Box<dyn BufRead>, label: &str) -> Result<Box<dyn BufRead>> {
    let head = stream.fill_buf().map_err(|e| read_error(label, e))?;
    if utf16_encoding(head).is_none() {
        return Ok(stream);
    }
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(label, e))?;
    Ok(stream_of(utf16_to_utf8(bytes)))
}

fn utf16_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match head {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

/// Bytes that start with a UTF-16 byte-order mark, as UTF-8; others unchanged.
pub fn utf16_to_utf8(bytes: Vec<u8>) -> Vec<u8> {
    match utf16_encoding(&bytes) {
        Some(encoding) => encoding.decode(&bytes).0.into_owned().into_bytes(),
        None => bytes,
    }
}

/// Bytes as a stream, for CSV files found inside containers.
pub fn stream_of(bytes: Vec<u8>) -> Box<dyn BufRead> {
    Box::new(Cursor::new(bytes))
}

/// Text from a file: UTF-8 when it is, otherwise Windows-1252 (Latin-1 as
/// spreadsheets write it; every byte is a character).
pub fn decode_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn names_and_extensions() {
        assert_eq!(strip_gz("A/123.FIT.gz"), ("a/123.fit".to_string(), true));
        assert_eq!(
            inner_extension("activities/1.gpx.gz").as_deref(),
            Some("gpx")
        );
        assert_eq!(inner_extension("notes").as_deref(), None);
    }

    #[test]
    fn folders_are_walked_to_any_depth_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        std::fs::write(dir.path().join("b/c/z.gpx"), "x").unwrap();
        std::fs::write(dir.path().join("a.csv"), "y").unwrap();
        let mut folder = Folder::open(dir.path()).unwrap();
        assert_eq!(folder.names(), vec!["a.csv", "b/c/z.gpx"]);
        assert_eq!(folder.read("b/c/z.gpx").unwrap(), b"x");
    }

    #[test]
    fn utf16_with_a_mark_is_decoded() {
        let text = "date,distance_km\n";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be: Vec<u8> = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [le, be, text.as_bytes().to_vec()] {
            let mut decoded = decode_utf16(stream_of(bytes), "x.csv").unwrap();
            let mut read = String::new();
            decoded.read_to_string(&mut read).unwrap();
            assert_eq!(read, text);
        }
    }

    #[test]
    fn gzip_round_trip_and_damage() {
        let text: Vec<u8> = (0..2_000u32)
            .flat_map(|i| format!("runner {i}\n").into_bytes())
            .collect();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&text).unwrap();
        let packed = encoder.finish().unwrap();
        let whole = gunzip(&packed, "a.gz").unwrap();
        assert_eq!(
            (whole.bytes.as_slice(), whole.stop),
            (text.as_slice(), None)
        );
        // Cut in half: what unpacked is kept, and the stop says it was cut short.
        let half = gunzip(&packed[..packed.len() / 2], "a.gz").unwrap();
        assert!(!half.bytes.is_empty() && text.starts_with(&half.bytes));
        let stop = half.stop.unwrap();
        assert!(stop.cut_short, "{stop:?}");
        assert!(stop.note(half.bytes.len()).starts_with("cut short: "));
        // Nothing unpacked: an error that names the file and says why.
        let err = read_limited(gz_reader(&packed[..5]), "a.gz").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.gz: not a readable .gz file (unexpected end of file); it may be cut short"
        );
        let err = read_limited(gz_reader(&b"date,distance_km\n"[..]), "b.gz").unwrap_err();
        assert!(err.to_string().contains("invalid gzip header"), "{err}");
    }
}
