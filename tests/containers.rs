//! Folders as runners really have them (issue 11): logs linked in rather
//! than copied, links that loop, and files or sub-folders that the user
//! may not read. Every linked log is read, every loop is noted and cut,
//! and what cannot be read is counted and skipped while the rest is read.
//! These cases need links and permissions, which the table of
//! `bad_inputs.rs` cannot write, so they live here.

#![cfg(unix)]

mod common;

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

use common::{run, temp_dir, Outcome};

/// Writes `contents` to `name` inside `dir`, making its folders.
fn write_file(dir: &tempfile::TempDir, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.path().join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("could not make a test folder");
    }
    std::fs::write(&path, contents).expect("could not write a test log");
    path
}

/// A log of two runs in the week starting on `day` (a Monday).
fn log(day: u32) -> String {
    format!(
        "date,distance_km\n2025-01-{day:02},5\n2025-01-{:02},6\n",
        day + 2
    )
}

fn check(folder: &Path) -> Outcome {
    run(["check".as_ref(), folder.as_os_str()])
}

#[test]
fn a_linked_log_in_a_folder_is_read() {
    let dir = temp_dir();
    let elsewhere = write_file(&dir, "elsewhere/log.csv", log(6));
    std::fs::create_dir(dir.path().join("logs")).unwrap();
    symlink(&elsewhere, dir.path().join("logs/linked.csv")).unwrap();
    let outcome = check(&dir.path().join("logs"));
    outcome.expect_success();
    assert!(
        outcome.stdout.contains("2 rows, 2 runs read"),
        "{}",
        outcome.stdout
    );
    assert!(outcome.stdout.contains("OK"), "{}", outcome.stdout);
}

#[test]
fn a_linked_folder_is_read_and_a_link_back_up_is_noted_not_followed() {
    let dir = temp_dir();
    write_file(&dir, "logs/a.csv", log(6));
    write_file(&dir, "elsewhere/b.csv", log(13));
    symlink(dir.path().join("elsewhere"), dir.path().join("logs/more")).unwrap();
    // A loop: a folder inside the walk that leads back to the folder given.
    symlink(dir.path().join("logs"), dir.path().join("elsewhere/up")).unwrap();
    let outcome = check(&dir.path().join("logs"));
    outcome.expect_success();
    assert!(
        outcome.stdout.contains("4 rows, 4 runs read"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome
            .stdout
            .contains("more/up: not followed: it leads to"),
        "{}",
        outcome.stdout
    );
}

/// Whether this process can read a file of mode 000 (root can): then the
/// permission cases cannot be made, and are skipped.
fn reads_anything(dir: &tempfile::TempDir) -> bool {
    let probe = write_file(dir, "probe", "x");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::File::open(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    if readable {
        eprintln!("skipped: this user reads files of mode 000 (root?)");
    }
    readable
}

/// Runs `check` on `logs` with `path` of mode 000, giving it back after
/// (so that the temporary folder can be removed).
fn check_with_locked(logs: &Path, path: &Path, mode: u32) -> Outcome {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let outcome = check(logs);
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    outcome
}

/// Fails unless `text` holds every one of `words`.
fn assert_has(text: &str, words: &[&str]) {
    for word in words {
        assert!(text.contains(word), "{word}: {text}");
    }
}

#[test]
fn a_file_without_read_permission_is_skipped_with_a_note() {
    let dir = temp_dir();
    if reads_anything(&dir) {
        return;
    }
    write_file(&dir, "logs/a.csv", log(6));
    let locked = write_file(&dir, "logs/b.csv", log(13));
    let outcome = check_with_locked(&dir.path().join("logs"), &locked, 0o644);
    outcome.expect_success();
    assert_has(
        &outcome.stdout,
        &[
            "2 rows, 2 runs read",
            "skipped 1: unreadable file: could not open",
            "logs/b.csv",
            "Permission denied",
            "INCOMPLETE: 1 file could not be read",
        ],
    );
}

#[test]
fn a_sub_folder_that_cannot_be_listed_is_skipped_with_a_note() {
    let dir = temp_dir();
    if reads_anything(&dir) {
        return;
    }
    write_file(&dir, "logs/a.csv", log(6));
    write_file(&dir, "logs/private/b.csv", log(13));
    let private = dir.path().join("logs/private");
    let outcome = check_with_locked(&dir.path().join("logs"), &private, 0o755);
    outcome.expect_success();
    assert_has(
        &outcome.stdout,
        &[
            "2 rows, 2 runs read",
            "skipped 1: unreadable file: could not list the folder",
            "logs/private",
            "INCOMPLETE: 1 file could not be read",
        ],
    );
}

#[test]
fn a_folder_whose_only_sub_folder_cannot_be_listed_says_so() {
    let dir = temp_dir();
    if reads_anything(&dir) {
        return;
    }
    write_file(&dir, "logs/private/b.csv", log(13));
    let private = dir.path().join("logs/private");
    let outcome = check_with_locked(&dir.path().join("logs"), &private, 0o755);
    outcome.expect_code(1);
    assert_has(
        &outcome.stderr,
        &["that could be listed (1 sub-folder could not)"],
    );
}
