//! Writing output files safely: to a temporary file beside the target, then
//! renamed over it, so a failed run never leaves a half-written report and
//! an existing file is replaced only on success. An input is never a target.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `target` (`-` is standard output).
pub fn write_file(
    target: &Path,
    bytes: &[u8],
    inputs: &[PathBuf],
    stdout: &mut dyn Write,
) -> Result<()> {
    if target.as_os_str() == crate::import::STDIN {
        return stdout
            .write_all(bytes)
            .map_err(|e| Error::io("standard output", "could not write", e));
    }
    refuse_inputs(target, inputs)?;
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(Error::io(
            target,
            "could not write the report",
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "the folder '{}' does not exist; create it or choose another -o",
                    folder.display()
                ),
            ),
        ));
    }
    let name = target
        .file_name()
        .map_or("report".into(), |n| n.to_string_lossy().into_owned());
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = fs::write(&temporary, bytes).and_then(|()| fs::rename(&temporary, target));
    written.map_err(|e| {
        let _ = fs::remove_file(&temporary);
        Error::io(target, "could not write the report", e)
    })
}

fn refuse_inputs(target: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Ok(target_path) = fs::canonicalize(target) else {
        return Ok(());
    };
    for input in inputs {
        if fs::canonicalize(input).is_ok_and(|i| i == target_path) {
            return Err(Error::Usage(format!(
                "-o {} is one of the inputs; runrisk never overwrites a log. Choose another file name.",
                target.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.png");
        write_file(&target, b"first", &[], &mut Vec::new()).unwrap();
        write_file(&target, b"second", &[], &mut Vec::new()).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no-such-folder").join("report.png");
        let err = write_file(&target, b"x", &[], &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(!target.exists());
    }

    #[test]
    fn an_input_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log.csv");
        fs::write(&log, "date,distance_km\n").unwrap();
        let err = write_file(&log, b"x", std::slice::from_ref(&log), &mut Vec::new()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(fs::read(&log).unwrap(), b"date,distance_km\n");
    }

    #[test]
    fn a_dash_writes_to_standard_output() {
        let mut out = Vec::new();
        write_file(Path::new("-"), b"png", &[], &mut out).unwrap();
        assert_eq!(out, b"png");
    }
}
