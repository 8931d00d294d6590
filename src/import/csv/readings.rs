//! Readings decided once for a whole column of a spreadsheet log, from its
//! values: whether `06/10/2026` puts the day or the month first, and whether
//! `1:10` in the duration column is `h:mm` or `m:ss`. One value that reads
//! only one way decides the column; rows read before that are held back
//! until it is decided, so every row of the column is read the same way,
//! and what was decided is said once in the notes.

use std::borrow::Cow;

use crate::import::plausible::{FASTEST_PACE_S_PER_KM, SLOWEST_PACE_S_PER_KM};
use crate::import::values::{
    parse_date_text, parse_number, parse_unit_distance, two_part_clock, ClockReading, DateOrder,
    DateText, Decimals,
};
use crate::model::Units;

/// Where the values a decision needs sit in a row.
#[derive(Debug, Clone, Copy)]
pub struct Cells {
    pub date: usize,
    pub distance: (usize, Units),
    pub duration: Option<usize>,
}

/// A reading of a column and the value that decided it.
#[derive(Debug, Clone)]
pub struct Decided<T> {
    pub reading: T,
    /// The line and the value that reads only this way; `None` when the
    /// user chose the reading.
    pub by: Option<(u64, String)>,
}

/// The column readings of one log, decided as its rows go by.
#[derive(Debug, Clone, Default)]
pub struct ColumnReadings {
    pub date: Option<Decided<DateOrder>>,
    pub clock: Option<Decided<ClockReading>>,
    /// The first date that reads both ways, while the order is undecided.
    pub first_two_way_date: Option<(u64, String)>,
}

/// Whether a clock reading of `seconds` is a possible run of `km`: paces
/// outside the plausible limits cannot be the column's reading.
pub fn possible_run(seconds: f64, km: f64) -> bool {
    let pace = seconds / km;
    (FASTEST_PACE_S_PER_KM..=SLOWEST_PACE_S_PER_KM).contains(&pace)
}

/// Whether a date cell could read two ways: only dates written with `/`,
/// `.` or `-` that do not start with a four-digit year. Checked first so
/// that a log of ISO dates costs nothing here.
fn may_read_two_ways(text: &str) -> bool {
    let text = text.trim();
    let iso = text.len() >= 5 && text.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    !iso && text.contains(['/', '.', '-'])
}

/// The distance of a row in km, for judging its clock; `None` when unknown.
fn row_km(cell: &str, unit: Units, decimals: Decimals) -> Option<f64> {
    parse_unit_distance(cell)
        .map(|(value, unit)| unit.to_km(value))
        .or_else(|| parse_number(cell, decimals).map(|d| unit.to_km(d)))
        .filter(|km| *km > 0.0)
}

impl ColumnReadings {
    /// Readings with the date order the user gave, if any.
    pub fn new(date_order: Option<DateOrder>) -> ColumnReadings {
        ColumnReadings {
            date: date_order.map(|reading| Decided { reading, by: None }),
            ..ColumnReadings::default()
        }
    }

    /// Decides what this row's values can decide, and says what the row
    /// still waits for before it can be read: (the date order, the clock
    /// reading). `cell` gives a column's text; each is looked at once.
    pub fn learn<'r>(
        &mut self,
        line: u64,
        cells: Cells,
        decimals: Decimals,
        cell: &dyn Fn(usize) -> Cow<'r, str>,
    ) -> (bool, bool) {
        (
            self.learn_date(line, &cell(cells.date)),
            self.learn_clock(line, cells, decimals, cell),
        )
    }

    /// Learns from a date cell; whether the row waits for the date order.
    fn learn_date(&mut self, line: u64, text: &str) -> bool {
        if self.date.is_some() || !may_read_two_ways(text) {
            return false;
        }
        match parse_date_text(text) {
            Some(DateText::Only(order, ..)) if order != DateOrder::Ymd => {
                self.date = Some(Decided {
                    reading: order,
                    by: Some((line, text.trim().to_string())),
                });
                false
            }
            Some(DateText::Both { .. }) => {
                if self.first_two_way_date.is_none() {
                    self.first_two_way_date = Some((line, text.trim().to_string()));
                }
                true
            }
            _ => false,
        }
    }

    /// Learns from a duration cell; whether the row waits for the clock
    /// reading: its duration reads two ways, and the reading is undecided.
    fn learn_clock<'r>(
        &mut self,
        line: u64,
        cells: Cells,
        decimals: Decimals,
        cell: &dyn Fn(usize) -> Cow<'r, str>,
    ) -> bool {
        if self.clock.is_some() {
            return false;
        }
        let Some(column) = cells.duration else {
            return false;
        };
        let text = cell(column);
        let Some((as_mss, as_hmm)) = two_part_clock(&text) else {
            return false;
        };
        let Some(km) = row_km(&cell(cells.distance.0), cells.distance.1, decimals) else {
            return true;
        };
        let reading = match (possible_run(as_mss, km), possible_run(as_hmm, km)) {
            (true, false) => ClockReading::MinutesSeconds,
            (false, true) => ClockReading::HoursMinutes,
            _ => return true,
        };
        self.clock = Some(Decided {
            reading,
            by: Some((line, format!("{} for {km:.1} km", text.trim()))),
        });
        false
    }

    /// What is decided so far: (the date order, the clock reading). A
    /// reading once decided stays, so this tells when readings change.
    pub fn decided(&self) -> (bool, bool) {
        (self.date.is_some(), self.clock.is_some())
    }

    /// The order for reading dates now; `None` while undecided.
    pub fn date_order(&self) -> Option<DateOrder> {
        self.date.as_ref().map(|d| d.reading)
    }

    /// The reading of `a:b` durations; `m:ss` until a value says otherwise.
    pub fn clock_reading(&self) -> ClockReading {
        self.clock
            .as_ref()
            .map_or(ClockReading::MinutesSeconds, |c| c.reading)
    }

    /// What was decided from the values, for the notes, once each.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(Decided {
            reading,
            by: Some((line, value)),
        }) = &self.date
        {
            notes.push(format!(
                "dates read as {} (line {line} has {value}, which reads no other way)",
                reading.pattern()
            ));
        }
        if let Some(Decided {
            reading: ClockReading::HoursMinutes,
            by: Some((line, value)),
        }) = &self.clock
        {
            notes.push(format!(
                "durations such as 1:10 read as h:mm (line {line} has {value}, \
                 which as m:ss would be faster than anyone runs)"
            ));
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(rows: &[(&str, &str, &str)]) -> ColumnReadings {
        let cells = Cells {
            date: 0,
            distance: (1, Units::Km),
            duration: Some(2),
        };
        let mut readings = ColumnReadings::new(None);
        for (i, (date, km, time)) in rows.iter().enumerate() {
            let values = [*date, *km, *time];
            let cell = |c: usize| Cow::Borrowed(values[c]);
            readings.learn(i as u64 + 2, cells, Decimals::Point, &cell);
        }
        readings
    }

    #[test]
    fn one_value_that_reads_one_way_decides_the_column() {
        type Case<'a> = (
            &'a [(&'a str, &'a str, &'a str)],
            Option<DateOrder>,
            ClockReading,
        );
        let cases: [Case; 6] = [
            (
                &[("06/10/2026", "8", "45:00")],
                None,
                ClockReading::MinutesSeconds,
            ),
            (
                &[("06/10/2026", "8", "45:00"), ("13/10/2026", "8", "")],
                Some(DateOrder::Dmy),
                ClockReading::MinutesSeconds,
            ),
            (
                &[("10/06/2026", "8", ""), ("10/13/2026", "8", "")],
                Some(DateOrder::Mdy),
                ClockReading::MinutesSeconds,
            ),
            (
                &[("2026/10/13", "8", "0:45")],
                None,
                ClockReading::HoursMinutes,
            ),
            (
                &[("2026-10-13", "12", "1:10"), ("2026-10-14", "5", "25:00")],
                None,
                ClockReading::HoursMinutes,
            ),
            // 0:05 for 8 km is impossible both ways: it decides nothing.
            (
                &[("2026-10-13", "8", "0:05")],
                None,
                ClockReading::MinutesSeconds,
            ),
        ];
        for (rows, order, clock) in cases {
            let readings = learned(rows);
            assert_eq!(readings.date_order(), order, "{rows:?}");
            assert_eq!(readings.clock_reading(), clock, "{rows:?}");
        }
    }

    #[test]
    fn what_was_decided_is_said() {
        let readings = learned(&[("06/10/2026", "12", "1:10"), ("13/10/2026", "8", "")]);
        let notes = readings.notes().join("\n");
        assert!(
            notes.contains("DD/MM/YYYY (line 3 has 13/10/2026"),
            "{notes}"
        );
        assert!(
            notes.contains("h:mm (line 2 has 1:10 for 12.0 km"),
            "{notes}"
        );
        assert!(learned(&[("2026-10-13", "8", "45:00")]).notes().is_empty());
    }

    #[test]
    fn a_row_waits_only_for_what_is_undecided() {
        let cells = Cells {
            date: 0,
            distance: (1, Units::Km),
            duration: Some(2),
        };
        let learn = |mut readings: ColumnReadings, values: [&'static str; 3]| {
            let cell = |c: usize| Cow::Borrowed(values[c]);
            readings.learn(2, cells, Decimals::Point, &cell)
        };
        let undecided = || ColumnReadings::new(None);
        // A date that reads both ways, and a clock with no distance to judge it by.
        assert_eq!(
            learn(undecided(), ["06/10/2026", "", "45:00"]),
            (true, true)
        );
        let given = ColumnReadings::new(Some(DateOrder::Dmy));
        assert_eq!(learn(given, ["06/10/2026", "", "45:00"]), (false, true));
        // A row that decides both readings waits for neither.
        assert_eq!(
            learn(undecided(), ["13/10/2026", "8", "45:00"]),
            (false, false)
        );
        assert_eq!(
            learn(undecided(), ["2026-10-06", "8", "45 min"]),
            (false, false)
        );
        // The date still reads both ways; 45:00 for 8 km can only be m:ss.
        assert_eq!(
            learn(undecided(), ["06/10/2026", "8", "45:00"]),
            (true, false)
        );
    }
}
