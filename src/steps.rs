//! Counts the steps of the paths that must grow no faster than n log n
//! (finding copies, reading a FIT file's sessions, the easy-pace window), so
//! tests can show how the work grows with the input without timing anything.
//! Outside tests, counting is nothing.

#[cfg(test)]
use std::cell::Cell;

#[cfg(test)]
thread_local! {
    /// Steps counted on this thread since the last [`counted`] began.
    static STEPS: Cell<u64> = const { Cell::new(0) };
}

/// One step of work (a comparison, a tree node visited).
#[inline]
pub fn step() {
    #[cfg(test)]
    STEPS.with(|steps| steps.set(steps.get() + 1));
}

/// Runs `work` and says how many steps it took on this thread.
#[cfg(test)]
pub fn counted<T>(work: impl FnOnce() -> T) -> (T, u64) {
    STEPS.with(|steps| steps.set(0));
    let result = work();
    (result, STEPS.with(Cell::get))
}

/// The most 8 times the input may cost over 1 times it: 8 for linear work,
/// and room for the log factor of sorting and trees (8 × log 8000 / log 1000
/// is about 10.4); quadratic work would cost 64 times.
#[cfg(test)]
pub const MAX_GROWTH_AT_8X: u64 = 12;
