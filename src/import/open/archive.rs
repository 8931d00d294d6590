//! A .zip archive as a container, such as a Strava bulk export or Apple
//! Health's export.zip: entries listed and read by name.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use super::{read_limited, Container};
use crate::error::{Error, Result};

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

    fn stream(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        let label = format!("{}:{name}", self.path.display());
        let entry = self.archive.by_name(name).map_err(|e| Error::Format {
            file: label,
            line: None,
            message: format!("could not read this entry of the archive ({e})"),
        })?;
        Ok(Box::new(entry))
    }
}
