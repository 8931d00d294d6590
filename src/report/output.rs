//! Writing output files safely: to a temporary file beside the target, then
//! renamed over it, so a failed run never leaves a half-written report and
//! an existing file is replaced only on success. An input is never a target.
//!
//! The temporary file is created exclusively under an unpredictable name
//! (nobody can plant a link where it will be written), is removed if the run
//! is stopped by Ctrl-C or SIGTERM (`cleanup`), takes the mode of the report
//! it replaces, and a target that is a symbolic link is written through: the
//! file the link names gets the new report and the link stays a link.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::cleanup;
use crate::error::{Error, Result};

/// How many symbolic links are followed from the target to the file they
/// name before giving up, as the kernel does.
const MAX_LINKS: usize = 40;
/// The temporary file's name ends so, after the target's name and a random
/// part: `.report.png.Xa3kQ9.tmp`.
const TEMPORARY_SUFFIX: &str = ".tmp";
/// Mode of a new report before the umask, as any program creates files.
#[cfg(unix)]
const NEW_FILE_MODE: u32 = 0o666;
/// The permission bits a replaced report keeps (not setuid, setgid, sticky).
#[cfg(unix)]
const KEPT_MODE_BITS: u32 = 0o777;
const ACTION: &str = "could not write the report";

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
    let destination = file_named(target).map_err(|e| Error::io(target, ACTION, e))?;
    let folder = folder_of(&destination);
    if !folder.is_dir() {
        let missing = io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "the folder '{}' does not exist; create it or choose another -o",
                folder.display()
            ),
        );
        return Err(Error::io(target, ACTION, missing));
    }
    replace(&destination, &folder, bytes).map_err(|e| Error::io(target, ACTION, e))
}

/// The file a target names: itself, or the end of its chain of links (which
/// need not exist yet).
fn file_named(target: &Path) -> io::Result<PathBuf> {
    let mut path = target.to_path_buf();
    for _ in 0..MAX_LINKS {
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(path);
        }
        let link = fs::read_link(&path)?;
        // A relative link is read from the folder that holds it; joining an
        // absolute one gives the absolute one.
        path = match path.parent() {
            Some(parent) => parent.join(link),
            None => link,
        };
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links from it (a loop?)"
    )))
}

fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes a temporary file in `folder` and renames it over `destination`.
/// The temporary file is recorded for the signal handler from the moment it
/// exists until it is renamed or removed.
fn replace(destination: &Path, folder: &Path, bytes: &[u8]) -> io::Result<()> {
    let kept_mode = existing_mode(destination);
    let temporary = {
        let mut pending = cleanup::lock();
        let temporary = create_temporary(destination, folder, kept_mode)?;
        pending.record(temporary.path());
        temporary
    };
    let filled = fill(temporary.as_file(), bytes, kept_mode);
    let mut pending = cleanup::lock();
    let renamed = match filled {
        // A failed rename hands the file back; dropping it removes it.
        Ok(()) => temporary
            .persist(destination)
            .map(drop)
            .map_err(|e| e.error),
        Err(e) => {
            drop(temporary);
            Err(e)
        }
    };
    pending.clear();
    renamed
}

/// A new, empty file beside the report, created exclusively (never through
/// a link or over a file already there) under a random name.
fn create_temporary(
    destination: &Path,
    folder: &Path,
    kept_mode: Option<u32>,
) -> io::Result<NamedTempFile> {
    let name = destination
        .file_name()
        .map_or("report".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMPORARY_SUFFIX);
    // A new report gets the mode any new file gets (the umask applies); a
    // replaced one starts private and takes its old mode in `fill`.
    #[cfg(unix)]
    if kept_mode.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(NEW_FILE_MODE));
    }
    #[cfg(not(unix))]
    let _ = kept_mode;
    builder.tempfile_in(folder)
}

/// The report's bytes, on disk, with the mode of the report they replace.
fn fill(file: &fs::File, bytes: &[u8], kept_mode: Option<u32>) -> io::Result<()> {
    let mut writer = file;
    writer.write_all(bytes)?;
    #[cfg(unix)]
    if let Some(mode) = kept_mode {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = kept_mode;
    file.sync_all()
}

/// The permission bits of the report being replaced, if there is one.
#[cfg(unix)]
fn existing_mode(destination: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = fs::metadata(destination).ok()?;
    metadata
        .is_file()
        .then(|| metadata.permissions().mode() & KEPT_MODE_BITS)
}

#[cfg(not(unix))]
fn existing_mode(_destination: &Path) -> Option<u32> {
    None
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

/// The longest file name stem `--each` makes from an athlete's name.
const MAX_STEM_CHARS: usize = 60;

/// File names for `--each`, one per athlete name in order: letters, digits,
/// `-` and `_` kept, anything else (slashes, dots, spaces, control
/// characters) made `_`, and `-2`, `-3` ... added where two names would give
/// the same file (names differing only in case clash on some systems).
pub fn file_names<'a>(names: impl IntoIterator<Item = &'a str>, extension: &str) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|name| {
            let stem = safe_stem(name);
            let mut candidate = stem.clone();
            let mut n = 1;
            while !taken.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem}-{n}");
            }
            format!("{candidate}.{extension}")
        })
        .collect()
}

fn safe_stem(name: &str) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_STEM_CHARS)
        .collect();
    let stem = stem.trim_matches('_');
    if stem.is_empty() {
        "athlete".to_string()
    } else {
        stem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_distinct() {
        let names = ["Bo", "bo", "../etc/passwd", "Ann Lee", "", "Zoë", "Bo"];
        let got = file_names(names, "png");
        assert_eq!(
            got,
            [
                "Bo.png",
                "bo-2.png",
                "etc_passwd.png",
                "Ann_Lee.png",
                "athlete.png",
                "Zoë.png",
                "Bo-3.png"
            ]
        );
    }

    #[test]
    fn writes_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.png");
        write_file(&target, b"first", &[], &mut Vec::new()).unwrap();
        write_file(&target, b"second", &[], &mut Vec::new()).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The names in a folder, sorted.
    fn names_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the report should go: the rename over it fails.
        let target = dir.path().join("report.png");
        fs::create_dir(&target).unwrap();
        let err = write_file(&target, b"png", &[], &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("report.png"), "{err}");
        assert_eq!(names_in(dir.path()), ["report.png"]);
        assert!(target.is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_a_predictable_name_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"precious").unwrap();
        let planted = [
            format!(".report.png.{}.tmp", std::process::id()),
            ".report.png.tmp".to_string(),
        ];
        for name in &planted {
            std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
        }
        let target = dir.path().join("report.png");
        write_file(&target, b"new report", &[], &mut Vec::new()).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert_eq!(fs::read(&target).unwrap(), b"new report");
        for name in &planted {
            let link = dir.path().join(name);
            assert_eq!(fs::read_link(&link).unwrap(), victim, "{name}");
        }
        let mut expected = vec!["report.png".to_string(), "victim.txt".to_string()];
        expected.extend(planted);
        expected.sort();
        assert_eq!(names_in(dir.path()), expected);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_report_keeps_its_mode_and_a_new_one_gets_the_usual() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.svg");
        for kept in [0o600, 0o640, 0o604] {
            fs::write(&target, b"old").unwrap();
            fs::set_permissions(&target, fs::Permissions::from_mode(kept)).unwrap();
            write_file(&target, b"new", &[], &mut Vec::new()).unwrap();
            assert_eq!(mode(&target), kept, "{kept:o}");
            assert_eq!(fs::read(&target).unwrap(), b"new");
        }
        let usual = dir.path().join("usual.txt");
        fs::write(&usual, b"any new file").unwrap();
        let fresh = dir.path().join("fresh.png");
        write_file(&fresh, b"png", &[], &mut Vec::new()).unwrap();
        assert_eq!(mode(&fresh), mode(&usual));
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_target_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let reports = dir.path().join("reports");
        fs::create_dir(&reports).unwrap();
        let real = reports.join("week.png");
        fs::write(&real, b"old").unwrap();
        // A relative link, then a link to that link.
        let link = dir.path().join("latest.png");
        std::os::unix::fs::symlink("reports/week.png", &link).unwrap();
        let second = dir.path().join("current.png");
        std::os::unix::fs::symlink("latest.png", &second).unwrap();
        for (target, bytes) in [(&link, b"first"), (&second, b"other")] {
            write_file(target, bytes, &[], &mut Vec::new()).unwrap();
            assert_eq!(fs::read(&real).unwrap(), bytes);
            assert!(fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink());
            assert!(fs::symlink_metadata(&second)
                .unwrap()
                .file_type()
                .is_symlink());
            assert_eq!(fs::read_link(&link).unwrap(), Path::new("reports/week.png"));
        }
        assert_eq!(names_in(&reports), ["week.png"]);
        assert_eq!(
            names_in(dir.path()),
            ["current.png", "latest.png", "reports"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_new_file_creates_it_and_a_loop_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("latest.png");
        std::os::unix::fs::symlink("week-1.png", &link).unwrap();
        write_file(&link, b"png", &[], &mut Vec::new()).unwrap();
        assert_eq!(fs::read(dir.path().join("week-1.png")).unwrap(), b"png");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let looped = dir.path().join("loop.png");
        std::os::unix::fs::symlink("loop.png", &looped).unwrap();
        let err = write_file(&looped, b"png", &[], &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("loop.png"), "{err}");
        assert_eq!(err.exit_code(), 1);
        assert_eq!(
            names_in(dir.path()),
            ["latest.png", "loop.png", "week-1.png"]
        );
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
