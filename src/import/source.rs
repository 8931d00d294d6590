//! Opening what the user names: a file (plain or .gz), standard input, a
//! folder of activity files, or an export .zip. Folders and archives are
//! both `Container`s, so a Strava export reads the same unpacked or zipped.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, IsTerminal, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::{Error, Result};

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
    /// Paths of the files inside, with `/` separators, sorted.
    fn names(&self) -> Vec<String>;
    /// The bytes of one file, as stored (still gzipped if it is).
    fn read(&mut self, name: &str) -> Result<Vec<u8>>;
}

/// A folder on disk, walked to any depth.
pub struct Folder {
    root: PathBuf,
    files: Vec<String>,
}

impl Folder {
    pub fn open(root: &Path) -> Result<Folder> {
        let mut files = Vec::new();
        walk(root, root, &mut files)?;
        files.sort();
        Ok(Folder {
            root: root.to_path_buf(),
            files,
        })
    }
}

fn walk(root: &Path, folder: &Path, files: &mut Vec<String>) -> Result<()> {
    let entries =
        std::fs::read_dir(folder).map_err(|e| Error::io(folder, "could not list the folder", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(folder, "could not list the folder", e))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| Error::io(&path, "could not read", e))?;
        if kind.is_dir() {
            walk(root, &path, files)?;
        } else if kind.is_file() {
            if let Ok(relative) = path.strip_prefix(root) {
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    Ok(())
}

impl Container for Folder {
    fn label(&self) -> String {
        self.root.display().to_string()
    }

    fn names(&self) -> Vec<String> {
        self.files.clone()
    }

    fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let path = self.root.join(name);
        let file = File::open(&path).map_err(|e| Error::io(&path, "could not open", e))?;
        read_limited(file, &path.display().to_string())
    }
}

/// A .zip archive, such as a Strava bulk export.
pub struct Zip {
    path: PathBuf,
    archive: zip::ZipArchive<BufReader<File>>,
}

impl Zip {
    pub fn open(path: &Path) -> Result<Zip> {
        let file = File::open(path).map_err(|e| Error::io(path, "could not open", e))?;
        let archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| Error::Format {
            file: path.display().to_string(),
            line: None,
            message: format!("not a readable .zip archive ({e}); download the export again"),
        })?;
        Ok(Zip {
            path: path.to_path_buf(),
            archive,
        })
    }
}

impl Container for Zip {
    fn label(&self) -> String {
        self.path.display().to_string()
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .archive
            .file_names()
            .filter_map(|name| name.ok().map(|n| n.into_owned()))
            .filter(|n| !n.ends_with('/'))
            .collect();
        names.sort();
        names
    }

    fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let label = format!("{}:{name}", self.path.display());
        let entry = self.archive.by_name(name).map_err(|e| Error::Format {
            file: label.clone(),
            line: None,
            message: format!("could not read this entry of the archive ({e})"),
        })?;
        read_limited(entry, &label)
    }
}

/// Reads everything, refusing more than `MAX_ENTRY_BYTES`.
pub fn read_limited(reader: impl Read, label: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_ENTRY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(label, "could not read", e))?;
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
    Ok(bytes)
}

/// `name` without a trailing `.gz`, lower case, and whether it had one.
pub fn strip_gz(name: &str) -> (String, bool) {
    let lower = name.to_ascii_lowercase();
    match lower.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (lower, false),
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

/// Unpacks gzip bytes.
pub fn gunzip(bytes: &[u8], label: &str) -> Result<Vec<u8>> {
    read_limited(MultiGzDecoder::new(bytes), label).map_err(|e| match e {
        Error::Io { source, .. } => Error::Format {
            file: label.to_string(),
            line: None,
            message: format!("not a readable .gz file ({source}); it may be cut short"),
        },
        other => other,
    })
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
            MultiGzDecoder::new(file),
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
        bar.set_message(format!("reading {}", path.display()));
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
    let head = stream
        .fill_buf()
        .map_err(|e| Error::io(label, "could not read", e))?;
    if utf16_encoding(head).is_none() {
        return Ok(stream);
    }
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(label, "could not read", e))?;
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
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"hello runner").unwrap();
        let packed = encoder.finish().unwrap();
        assert_eq!(gunzip(&packed, "a.gz").unwrap(), b"hello runner");
        let err = gunzip(&packed[..packed.len() / 2], "a.gz").unwrap_err();
        assert!(err.to_string().contains("a.gz"), "{err}");
    }
}
