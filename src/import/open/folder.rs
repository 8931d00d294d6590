//! A folder on disk as a container: walked to any depth, its files listed
//! by their path inside it, so an unpacked export reads like the zipped one.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{read_limited, Container};
use crate::error::{Error, Result};

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
