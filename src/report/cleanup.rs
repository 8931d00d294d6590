//! Removing a half-written report when the run is stopped. Ctrl-C (SIGINT)
//! or SIGTERM between creating the temporary file and renaming it over the
//! report would otherwise leave it in the user's folder; the handler removes
//! it and ends the run with the shell's code for the signal (130, 143).
//!
//! The handler is registered once, only when a file is about to be written;
//! until then the signals keep their default. The temporary file is recorded
//! in one process-wide place, and the lock around it is held while the file
//! is created, renamed or removed, so the handler never misses one.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

/// The temporary file that exists now, if any.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Registers the handler at most once per run.
static HANDLER: Once = Once::new();

/// A run ended by a signal exits with 128 plus the signal's number, as a
/// shell reports it: 130 for SIGINT, 143 for SIGTERM.
const SIGNAL_EXIT_BASE: i32 = 128;

/// The record of the temporary file, locked: while it is held, the handler
/// waits, so a file is never created, renamed or removed unseen by it.
pub struct Pending(MutexGuard<'static, Option<PathBuf>>);

impl Pending {
    /// The temporary file at `path` now exists.
    pub fn record(&mut self, path: &Path) {
        *self.0 = Some(path.to_path_buf());
    }

    /// The temporary file is gone: renamed over the report or removed.
    pub fn clear(&mut self) {
        *self.0 = None;
    }
}

/// Registers the handler (the first time) and locks the record.
pub fn lock() -> Pending {
    HANDLER.call_once(install);
    Pending(locked())
}

fn locked() -> MutexGuard<'static, Option<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the recorded temporary file, if one exists; what the handler does.
fn remove_pending(record: &mut Option<PathBuf>) {
    if let Some(path) = record.take() {
        // Nothing more can be done about a file that cannot be removed
        // while the run is being stopped.
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(unix)]
fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;
    // Without a handler the signals keep their default: the run ends, and
    // only a file being written at that moment could be left.
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("runrisk-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                remove_pending(&mut locked());
                std::process::exit(SIGNAL_EXIT_BASE + signal);
            }
        });
    // A thread that cannot be started leaves the default behaviour too.
    drop(spawned);
}

#[cfg(not(unix))]
fn install() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_file_is_what_the_handler_removes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".r.png.abc.tmp");
        std::fs::write(&path, b"half").unwrap();
        // Held throughout, so the other tests' writes cannot come between.
        let mut pending = lock();
        pending.record(&path);
        remove_pending(&mut pending.0);
        assert!(!path.exists());
        assert!(pending.0.is_none());
        std::fs::write(&path, b"kept").unwrap();
        pending.record(&path);
        pending.clear();
        remove_pending(&mut pending.0);
        assert_eq!(std::fs::read(&path).unwrap(), b"kept");
    }
}
