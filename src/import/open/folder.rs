//! A folder on disk as a container: walked to any depth, its files listed
//! by their path inside it, so an unpacked export reads like the zipped one.
//! Links are followed, to files and to folders, but never into a folder
//! already walked (a link to a folder it is inside would loop forever); a
//! sub-folder that cannot be listed is reported, and the rest is read.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{read_limited, Container};
use crate::error::{Error, Result};

/// A folder on disk, walked to any depth.
pub struct Folder {
    root: PathBuf,
    files: Vec<String>,
    notes: Vec<String>,
    unlisted: Vec<(String, String)>,
}

impl Folder {
    /// The folder's files; an error only when the folder itself cannot be listed.
    pub fn open(root: &Path) -> Result<Folder> {
        let entries =
            fs::read_dir(root).map_err(|e| Error::io(root, "could not list the folder", e))?;
        let mut walk = Walk {
            root,
            visited: BTreeSet::from([canonical(root)]),
            files: Vec::new(),
            notes: Vec::new(),
            unlisted: Vec::new(),
        };
        walk.entries(root, entries);
        walk.files.sort();
        Ok(Folder {
            root: root.to_path_buf(),
            files: walk.files,
            notes: walk.notes,
            unlisted: walk.unlisted,
        })
    }
}

/// What walking a folder has found so far.
struct Walk<'a> {
    root: &'a Path,
    /// Canonical paths of the folders walked, so that no link leads into one twice.
    visited: BTreeSet<PathBuf>,
    files: Vec<String>,
    notes: Vec<String>,
    unlisted: Vec<(String, String)>,
}

impl Walk<'_> {
    /// The entries of one folder, in name order (so which of two ways into
    /// a folder is taken does not depend on the file system).
    fn entries(&mut self, folder: &Path, entries: fs::ReadDir) {
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => paths.push(entry.path()),
                Err(e) => {
                    self.unlisted.push((shown(folder), listing_failed(&e)));
                    break;
                }
            }
        }
        paths.sort();
        for path in paths {
            self.entry(&path);
        }
    }

    fn entry(&mut self, path: &Path) {
        // `metadata` follows links; one that leads nowhere is listed as a
        // file, so that reading it says why it cannot be read.
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => self.sub_folder(path),
            Ok(meta) if !meta.is_file() => {}
            _ => self.file(path),
        }
    }

    fn sub_folder(&mut self, path: &Path) {
        let target = canonical(path);
        if !self.visited.insert(target.clone()) {
            self.notes.push(format!(
                "{}: not followed: it leads to {}, a folder read already or one it is inside",
                shown(path),
                target.display()
            ));
            return;
        }
        match fs::read_dir(path) {
            Ok(entries) => self.entries(path, entries),
            Err(e) => self.unlisted.push((shown(path), listing_failed(&e))),
        }
    }

    fn file(&mut self, path: &Path) {
        if let Ok(relative) = path.strip_prefix(self.root) {
            self.files
                .push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The folder a path leads to, through every link; the path itself when
/// that cannot be told.
fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn listing_failed(error: &std::io::Error) -> String {
    format!("could not list the folder ({error}); its files were not read")
}

impl Container for Folder {
    /// The folder as given, without a trailing `/` (`fit/` names its files `fit/a.fit`).
    fn label(&self) -> String {
        let shown = self.root.display().to_string();
        match shown.trim_end_matches(['/', '\\']) {
            "" => shown,
            trimmed => trimmed.to_string(),
        }
    }

    fn names(&self) -> Vec<String> {
        self.files.clone()
    }

    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }

    fn unlisted(&self) -> Vec<(String, String)> {
        self.unlisted.clone()
    }

    fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let path = self.root.join(name);
        let file = File::open(&path).map_err(|e| Error::io(&path, "could not open", e))?;
        read_limited(file, &path.display().to_string())
    }

    fn stream(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        let path = self.root.join(name);
        let file = File::open(&path).map_err(|e| Error::io(&path, "could not open", e))?;
        Ok(Box::new(file))
    }
}
