//! A .zip archive as a container, such as a Strava bulk export or Apple
//! Health's export.zip: entries listed by name and read within the
//! decompression budget. A damaged entry is an error of its own (the
//! front door skips it); two entries of one name are both read, the one
//! the zip library keeps by name and the other found by its local header.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::budget::{Budgeted, Counted, PackedCount};
use super::{read_limited, Container};
use crate::error::{Error, Result};

type Archive = zip::ZipArchive<Counted<BufReader<File>>>;

/// A .zip archive, such as a Strava bulk export.
pub struct Zip {
    path: PathBuf,
    archive: Archive,
    /// Packed bytes read from the archive, counted under the decoders.
    packed: PackedCount,
    /// Bytes unpacked from all its entries.
    unpacked: PackedCount,
    /// Every file entry, sorted by name, then by place in the archive.
    entries: Vec<Entry>,
    notes: Vec<String>,
}

/// One file entry of the archive and where to find it.
struct Entry {
    name: String,
    at: At,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum At {
    /// Listed in the central directory at this index.
    Listed(usize),
    /// Another entry of a listed name, whose local header starts at this offset.
    Shadowed(u64),
}

impl Zip {
    pub fn open(path: &Path) -> Result<Zip> {
        let file = File::open(path).map_err(|e| Error::io(path, "could not open", e))?;
        let (counted, packed) = Counted::new(BufReader::new(file));
        let mut archive = zip::ZipArchive::new(counted).map_err(|e| Error::Format {
            file: path.display().to_string(),
            line: None,
            message: format!("not a readable .zip archive ({e}); download the export again"),
        })?;
        let mut entries = listed(&archive);
        let mut notes = Vec::new();
        if archive.has_duplicate_names() {
            let label = path.display().to_string();
            match shadowed(path, &mut archive) {
                Ok(more) if !more.is_empty() => entries.extend(more),
                Ok(_) => notes.push(format!(
                    "{label} lists two entries of one name, and only one of them could be \
                     found; the other was not read"
                )),
                Err(why) => notes.push(format!(
                    "{label} holds two entries of one name, and only one of them could be \
                     found ({why}); the other was not read"
                )),
            }
            notes.extend(duplicate_notes(&label, &entries));
        }
        entries.sort_by(|a, b| (&a.name, a.at).cmp(&(&b.name, b.at)));
        Ok(Zip {
            path: path.to_path_buf(),
            archive,
            packed,
            unpacked: PackedCount::default(),
            entries,
            notes,
        })
    }

    fn label(&self, name: &str) -> String {
        format!("{}:{name}", self.path.display())
    }

    /// The entry that the central directory lists under `name`.
    fn listed_index(&self, name: &str) -> Result<usize> {
        self.entries
            .iter()
            .find_map(|entry| match entry.at {
                At::Listed(index) if entry.name == name => Some(index),
                _ => None,
            })
            .ok_or_else(|| damaged(&self.label(name), "no such entry"))
    }

    /// The entry at `index` as a budgeted stream of its unpacked bytes.
    fn open_listed(&mut self, index: usize, label: &str) -> Result<Box<dyn Read + '_>> {
        let (packed, unpacked) = (self.packed.clone(), self.unpacked.clone());
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| damaged(label, &e.to_string()))?;
        Ok(Box::new(Budgeted::with_total(entry, packed, unpacked)))
    }

    fn read_listed(&mut self, index: usize, label: &str) -> Result<Vec<u8>> {
        let entry = self.open_listed(index, label)?;
        read_limited(entry, label).map_err(|e| damaged_read(label, e))
    }

    /// An entry the central directory does not list by name: read from its
    /// local header, with a handle of its own on the file.
    fn read_shadowed(&mut self, offset: u64, label: &str) -> Result<Vec<u8>> {
        let mut file =
            File::open(&self.path).map_err(|e| Error::io(&self.path, "could not open", e))?;
        file.seek(SeekFrom::Start(offset))
            .map_err(|e| Error::io(&self.path, "could not read", e))?;
        let (mut counted, packed) = Counted::new(BufReader::new(file));
        let entry = match zip::read::read_zipfile_from_stream(&mut counted) {
            Ok(Some(entry)) => entry,
            Ok(None) => return Err(damaged(label, "no entry at its place")),
            Err(e) => return Err(damaged(label, &e.to_string())),
        };
        let budgeted = Budgeted::with_total(entry, packed, self.unpacked.clone());
        read_limited(budgeted, label).map_err(|e| damaged_read(label, e))
    }
}

/// The file entries the central directory lists, each under its index.
fn listed(archive: &Archive) -> Vec<Entry> {
    (0..archive.len())
        .filter_map(|index| {
            let name = archive.name_for_index(index)?.ok()?.into_owned();
            (!name.ends_with('/')).then_some(Entry {
                name,
                at: At::Listed(index),
            })
        })
        .collect()
}

/// The entries whose name a later entry took in the central directory,
/// found by walking the local headers from the start of the archive.
fn shadowed(path: &Path, archive: &mut Archive) -> std::result::Result<Vec<Entry>, String> {
    let starts: BTreeSet<u64> = (0..archive.len())
        .filter_map(|index| archive.by_index_data(index).ok())
        .map(|entry| entry.header_start())
        .collect();
    let first = archive.offset();
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    file.seek(SeekFrom::Start(first))
        .map_err(|e| e.to_string())?;
    let (mut counted, position) = Counted::new(BufReader::new(file));
    let mut found = Vec::new();
    loop {
        let at = first + position.get();
        let Some(entry) =
            zip::read::read_zipfile_from_stream(&mut counted).map_err(|e| e.to_string())?
        else {
            return Ok(found);
        };
        let name = entry.name().map_err(|e| e.to_string())?.into_owned();
        if !starts.contains(&at) && !name.ends_with('/') {
            found.push(Entry {
                name,
                at: At::Shadowed(at),
            });
        }
        // Dropping the entry skips its packed bytes, to the next header.
    }
}

/// A note for each name that more than one entry has.
fn duplicate_notes(label: &str, entries: &[Entry]) -> Vec<String> {
    let mut names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    names.sort_unstable();
    let mut notes = Vec::new();
    for group in names.chunk_by(|a, b| a == b).filter(|g| g.len() > 1) {
        notes.push(format!(
            "{label} holds {} entries named {}; each was read",
            group.len(),
            group[0]
        ));
    }
    notes
}

/// The error for an entry that could not be read: damaged in the archive.
fn damaged(label: &str, why: &str) -> Error {
    Error::Format {
        file: label.to_string(),
        line: None,
        message: format!("this entry of the archive is damaged ({why}); download the export again"),
    }
}

/// A read error of an entry as [`damaged`]; the budget's and the size
/// limit's own errors as they are.
fn damaged_read(label: &str, error: Error) -> Error {
    match error {
        Error::Io { source, .. } => damaged(label, &source.to_string()),
        other => other,
    }
}

impl Container for Zip {
    fn label(&self) -> String {
        self.path.display().to_string()
    }

    fn names(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.name.clone()).collect()
    }

    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }

    fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let label = self.label(name);
        let index = self.listed_index(name)?;
        self.read_listed(index, &label)
    }

    fn read_copy(&mut self, name: &str, copy: usize) -> Result<Vec<u8>> {
        let label = self.label(name);
        let at = self
            .entries
            .iter()
            .filter(|e| e.name == name)
            .nth(copy)
            .map(|e| e.at)
            .ok_or_else(|| damaged(&label, "no such entry"))?;
        match at {
            At::Listed(index) => self.read_listed(index, &label),
            At::Shadowed(offset) => self.read_shadowed(offset, &label),
        }
    }

    fn stream(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        let label = self.label(name);
        let index = self.listed_index(name)?;
        self.open_listed(index, &label)
    }
}
