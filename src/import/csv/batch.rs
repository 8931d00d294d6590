//! Rows gathered to be read on every core. Splitting a CSV file into
//! records, and deciding how its columns read, must go in file order on one
//! thread; turning a record into a run need not. A `Batch` holds the records
//! released in file order, each with the column readings that held when it
//! was released, so the thread pool can read them all at once and the runs
//! come out as reading them one by one would give them.

use super::record::Record;
use rayon::prelude::*;

/// Rows gathered before they are handed to the thread pool: enough that
/// the pool's work outweighs handing it over, few enough to stay small.
pub const ROWS_PER_BATCH: usize = 4_096;

/// The fewest rows one task of the pool reads.
const ROWS_PER_TASK: usize = 1_024;

/// Records released in file order, with the line each starts on and the
/// readings (`S`) it is read with. Records are kept between uses, so
/// gathering a batch allocates nothing once the first is full.
pub struct Batch<S> {
    /// How many rows make the batch full.
    capacity: usize,
    /// For each row in use: its line and the index of its readings in `states`.
    rows: Vec<(u64, usize)>,
    /// `records[..rows.len()]` are in use; the rest wait to be filled again.
    records: Vec<Record>,
    states: Vec<S>,
}

impl<S: Clone + Sync> Batch<S> {
    /// An empty batch of `capacity` rows whose rows read with `state` until
    /// told otherwise.
    pub fn new(capacity: usize, state: S) -> Batch<S> {
        Batch {
            capacity: capacity.max(1),
            rows: Vec::with_capacity(capacity),
            records: Vec::new(),
            states: vec![state],
        }
    }

    /// The rows pushed from now on read with `state`.
    pub fn set_state(&mut self, state: S) {
        let last = self.states.len().saturating_sub(1);
        match self.states.last_mut() {
            Some(unused) if self.rows.last().is_none_or(|(_, s)| *s != last) => *unused = state,
            _ => self.states.push(state),
        }
    }

    /// Adds the row on `line`, whose record `fill` puts into the slot it is
    /// given (by swapping, so no bytes are copied).
    pub fn push(&mut self, line: u64, fill: impl FnOnce(&mut Record)) {
        let index = self.rows.len();
        if index == self.records.len() {
            self.records.push(Record::new());
        }
        fill(&mut self.records[index]);
        self.rows.push((line, self.states.len().saturating_sub(1)));
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.rows.len() >= self.capacity
    }

    /// Empties the batch for reuse; its rows go on reading with the last readings.
    pub fn clear(&mut self) {
        self.rows.clear();
        if let Some(last) = self.states.pop() {
            self.states.clear();
            self.states.push(last);
        }
    }

    /// Reads every row on the thread pool, in file order. `init` makes what
    /// one task of the pool needs for itself (a name interner), `read` reads
    /// one row: its line, its record and its readings.
    pub fn read_all<T, L, I, F>(&self, init: I, read: F) -> Vec<T>
    where
        T: Send,
        I: Fn() -> L + Sync + Send,
        F: Fn(&mut L, u64, &Record, &S) -> T + Sync + Send,
    {
        self.rows
            .par_iter()
            .zip(&self.records[..self.rows.len()])
            .with_min_len(ROWS_PER_TASK)
            .map_init(init, |local, ((line, state), record)| {
                read(local, *line, record, &self.states[*state])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str) -> Record {
        Record::from(vec![text])
    }

    fn read(batch: &Batch<&'static str>) -> Vec<(u64, String, &'static str)> {
        batch.read_all(
            || (),
            |_, line, record, state| {
                let text = String::from_utf8_lossy(record.get(0).unwrap_or_default()).into_owned();
                (line, text, *state)
            },
        )
    }

    #[test]
    fn rows_read_in_order_with_the_readings_they_were_pushed_under() {
        let mut batch = Batch::new(ROWS_PER_BATCH, "undecided");
        batch.push(2, |slot| *slot = record("a"));
        batch.push(3, |slot| *slot = record("b"));
        batch.set_state("day first");
        batch.push(5, |slot| *slot = record("c"));
        assert_eq!(
            read(&batch),
            [
                (2, "a".into(), "undecided"),
                (3, "b".into(), "undecided"),
                (5, "c".into(), "day first"),
            ]
        );
    }

    #[test]
    fn a_state_set_twice_before_any_row_is_the_last_one() {
        let mut batch = Batch::new(ROWS_PER_BATCH, "undecided");
        batch.set_state("day first");
        batch.set_state("day first, h:mm");
        batch.push(2, |slot| *slot = record("a"));
        assert_eq!(read(&batch), [(2, "a".into(), "day first, h:mm")]);
    }

    #[test]
    fn a_cleared_batch_goes_on_with_the_last_readings_and_reuses_records() {
        let mut batch = Batch::new(ROWS_PER_BATCH, "undecided");
        batch.push(2, |slot| *slot = record("a"));
        batch.set_state("day first");
        batch.push(3, |slot| *slot = record("b"));
        batch.clear();
        assert!(batch.is_empty());
        batch.push(9, |slot| {
            assert_eq!(slot.len(), 1, "the slot holds the record used before");
            *slot = record("z");
        });
        assert_eq!(read(&batch), [(9, "z".into(), "day first")]);
    }

    #[test]
    fn many_rows_keep_their_order_across_tasks() {
        let mut batch = Batch::new(ROWS_PER_BATCH, "s");
        for line in 0..(3 * ROWS_PER_TASK as u64 + 7) {
            batch.push(line, |slot| *slot = record(&line.to_string()));
        }
        let lines: Vec<u64> = read(&batch).into_iter().map(|(line, ..)| line).collect();
        let texts: Vec<String> = read(&batch).into_iter().map(|(_, t, _)| t).collect();
        assert_eq!(lines, (0..lines.len() as u64).collect::<Vec<_>>());
        assert!(texts.iter().zip(&lines).all(|(t, l)| *t == l.to_string()));
    }
}
