//! `--format json`: one JSON array, with the field names of DESIGN.md.

use std::io::Write;

use serde::Serialize;

use super::json_object::{self, json_key, JsonObject, Layout};
use super::WeekRow;
use crate::model::Finding;

/// Writes any rows as one pretty-printed JSON array.
pub fn write_array<T: Serialize>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = T>,
) -> std::io::Result<()> {
    let rows: Vec<T> = rows.into_iter().collect();
    // `io::Error::from` keeps the kind of a write error, so a closed pipe stays one.
    serde_json::to_writer_pretty(&mut *out, &rows).map_err(std::io::Error::from)?;
    writeln!(out)
}

/// Writes any rows as JSON lines: one compact object per line, each
/// written as it comes, so a pipeline reads rows while runrisk works.
pub fn write_lines<T: Serialize>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = T>,
) -> std::io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, &row).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Rows that can be laid out a batch at a time for a [`RowStream`]. Any
/// row can be, through serde_json; a row written by the hundred thousand
/// lays itself out by hand ([`JsonObject`]) to the same bytes.
pub trait JsonRows: Serialize + Sized {
    /// The rows as items of a pretty array, without its brackets: each
    /// row on its own lines, indented one level, after a comma but the
    /// first. Says where the items start in `out`: a layout may leave
    /// bytes before them rather than move the items back.
    fn array_items(out: &mut Vec<u8>, rows: &[Self]) -> std::io::Result<usize> {
        if rows.is_empty() {
            return Ok(0);
        }
        serde_json::to_writer_pretty(&mut *out, rows).map_err(std::io::Error::from)?;
        // The array's own brackets go: `[` before the first row, `\n]` after the last.
        out.truncate(out.len() - "\n]".len());
        Ok("[".len())
    }

    /// The rows as JSON lines.
    fn lines(out: &mut Vec<u8>, rows: &[Self]) -> std::io::Result<()> {
        write_lines(out, rows)
    }
}

impl JsonRows for &Finding {
    fn array_items(out: &mut Vec<u8>, rows: &[Self]) -> std::io::Result<usize> {
        Ok(laid_out_items(out, rows))
    }

    fn lines(out: &mut Vec<u8>, rows: &[Self]) -> std::io::Result<()> {
        laid_out_lines(out, rows);
        Ok(())
    }
}

/// Rows laid out by hand, byte for byte as serde_json writes them: those a
/// club's log has by the hundred thousand (a week's row, a finding).
trait LaidOut {
    /// About the bytes of one row in a pretty array, to size the buffer once.
    const ROW_BYTES: usize;

    /// The row, field by field in the contract's order, into an object just begun.
    fn write_fields(&self, row: JsonObject<'_>);
}

/// [`JsonRows::array_items`] of rows laid out by hand: the rows of the
/// whole array, at the depth of its brackets, from the start of `out`.
fn laid_out_items<T: LaidOut>(out: &mut Vec<u8>, rows: &[T]) -> usize {
    out.reserve(rows.len() * T::ROW_BYTES);
    let layout = Layout::Pretty { depth: 0 };
    json_object::array_items(out, rows, layout, T::write_fields);
    0
}

/// [`JsonRows::lines`] of rows laid out by hand.
fn laid_out_lines<T: LaidOut>(out: &mut Vec<u8>, rows: &[T]) {
    out.reserve(rows.len() * T::ROW_BYTES);
    for row in rows {
        row.write_fields(JsonObject::begin(out, Layout::Compact));
        out.push(b'\n');
    }
}

impl LaidOut for &Finding {
    const ROW_BYTES: usize = 900;

    fn write_fields(&self, mut row: JsonObject<'_>) {
        let finding = *self;
        row.text(json_key!("athlete"), finding.athlete.as_deref());
        row.week(json_key!("week"), finding.week);
        row.optional_day(json_key!("date"), finding.date);
        row.text(json_key!("rule"), Some(finding.rule));
        row.name(json_key!("severity"), finding.severity.name());
        row.text(json_key!("cause"), Some(finding.cause));
        row.text(json_key!("message"), Some(&finding.message));
        row.text(json_key!("advice"), Some(&finding.advice));
        row.object(json_key!("evidence"), |evidence| {
            for (name, value) in finding.evidence.entries() {
                evidence.optional_number(name, value.is_finite().then_some(value));
            }
        });
        row.text(json_key!("evidence_grade"), Some(finding.evidence_grade));
        row.end();
    }
}

impl JsonRows for serde_json::Value {}

impl JsonRows for WeekRow {
    fn array_items(out: &mut Vec<u8>, rows: &[Self]) -> std::io::Result<usize> {
        Ok(laid_out_items(out, rows))
    }

    fn lines(out: &mut Vec<u8>, rows: &[Self]) -> std::io::Result<()> {
        laid_out_lines(out, rows);
        Ok(())
    }
}

impl LaidOut for WeekRow {
    const ROW_BYTES: usize = 900;

    /// The row as serde_json writes it, field by field in the contract's
    /// order, into an object just begun.
    fn write_fields(&self, mut row: JsonObject<'_>) {
        let count = |value: u32| u64::from(value);
        row.text(json_key!("athlete"), self.athlete.as_deref());
        row.week(json_key!("week"), self.week);
        row.day(json_key!("start"), self.start);
        row.number(json_key!("distance_km"), self.distance_km);
        row.count(json_key!("runs"), self.runs as u64);
        row.count(json_key!("rest_days"), count(self.rest_days));
        row.number(json_key!("longest_run_km"), self.longest_run_km);
        row.optional_number(json_key!("acwr"), self.acwr);
        row.optional_number(json_key!("acwr_coupled"), self.acwr_coupled);
        row.optional_number(json_key!("acwr_ewma"), self.acwr_ewma);
        row.optional_number(json_key!("monotony"), self.monotony);
        row.count(json_key!("risk"), count(self.risk));
        row.name(json_key!("level"), self.level.name());
        row.objects(json_key!("factors"), &self.factors, |factor, mut object| {
            object.name("rule", factor.rule);
            object.name("severity", factor.severity.name());
            object.count("points", count(factor.points));
            object.number("share", factor.share);
            object.end();
        });
        row.optional_number(json_key!("strain"), self.strain);
        row.count(json_key!("streak_days"), count(self.streak_days));
        row.optional_number(json_key!("hard_surface_share"), self.hard_surface_share);
        row.optional_number(json_key!("hard_pace_share"), self.hard_pace_share);
        row.count(json_key!("hill_sessions"), count(self.hill_sessions));
        row.count(json_key!("sprint_sessions"), count(self.sprint_sessions));
        row.optional_number(json_key!("heaviness"), self.heaviness);
        row.number(json_key!("fitness"), self.fitness);
        row.number(json_key!("fatigue"), self.fatigue);
        row.number(json_key!("form"), self.form);
        row.optional_number(json_key!("ramp_rate"), self.ramp_rate);
        row.optional_number(json_key!("srpe_load"), self.srpe_load);
        row.optional_number(json_key!("duration_min"), self.duration_min);
        row.optional_count(json_key!("after_break"), self.after_break.map(count));
        row.count(
            json_key!("strength_sessions"),
            count(self.strength_sessions),
        );
        row.yes_no(json_key!("partial"), self.partial);
        row.optional_number(json_key!("max_pain"), self.max_pain);
        row.end();
    }
}

/// Rows written a batch at a time, in either JSON format, so a club's whole
/// log never has to be held as rows: `--format json` gives the same bytes as
/// [`write_array`], `--format jsonl` those of [`write_lines`].
pub enum RowStream {
    /// One pretty-printed array, of which `rows` were written so far.
    Array {
        rows: usize,
    },
    Lines,
}

/// A batch of rows laid out for a [`RowStream`], and how many rows it holds.
pub struct Encoded {
    bytes: Vec<u8>,
    /// Where the batch starts in `bytes`: past the opening bracket of an
    /// array's batch, which is skipped rather than moved out.
    start: usize,
    rows: usize,
}

impl RowStream {
    /// A stream for `--format json` (`lines` false) or `--format jsonl`.
    pub fn new(lines: bool) -> RowStream {
        if lines {
            RowStream::Lines
        } else {
            RowStream::Array { rows: 0 }
        }
    }

    /// A batch of rows laid out for this stream, ready to be written by
    /// [`RowStream::push_encoded`] in its turn: batches can be laid out on
    /// several threads at once. In an array, a batch is laid out as an
    /// array of its own, whose rows are indented as those of the whole
    /// array are, and goes in without its brackets.
    pub fn encode<T: JsonRows>(&self, rows: &[T]) -> std::io::Result<Encoded> {
        let mut bytes = Vec::new();
        let start = match self {
            RowStream::Lines => T::lines(&mut bytes, rows).map(|()| 0)?,
            RowStream::Array { .. } => T::array_items(&mut bytes, rows)?,
        };
        Ok(Encoded {
            bytes,
            start,
            rows: rows.len(),
        })
    }

    /// Writes a batch laid out by [`RowStream::encode`].
    pub fn push_encoded(&mut self, out: &mut dyn Write, batch: &Encoded) -> std::io::Result<()> {
        if let RowStream::Array { rows: written } = self {
            if batch.rows == 0 {
                return Ok(());
            }
            out.write_all(if *written == 0 { b"[" } else { b"," })?;
            *written += batch.rows;
        }
        out.write_all(&batch.bytes[batch.start..])
    }

    /// Closes the array: `[]` when no row came, as `write_array` writes it.
    pub fn finish(self, out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            RowStream::Lines => Ok(()),
            RowStream::Array { rows: 0, .. } => writeln!(out, "[]"),
            RowStream::Array { .. } => writeln!(out, "\n]"),
        }
    }
}

pub fn weeks(out: &mut dyn Write, rows: &[WeekRow]) -> std::io::Result<()> {
    write_array(out, rows)
}

pub fn flags<'a>(
    out: &mut dyn Write,
    findings: impl IntoIterator<Item = &'a Finding>,
) -> std::io::Result<()> {
    write_array(out, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `batches` through a [`RowStream`].
    fn streamed<T: JsonRows>(lines: bool, batches: &[impl AsRef<[T]>]) -> String {
        let mut out = Vec::new();
        let mut stream = RowStream::new(lines);
        for batch in batches {
            let encoded = stream.encode(batch.as_ref()).unwrap();
            stream.push_encoded(&mut out, &encoded).unwrap();
        }
        stream.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rows_written_in_batches_are_the_bytes_of_rows_written_at_once() {
        let row = |n: u32| {
            serde_json::json!({
                "athlete": format!("Runner {n}\nwith a newline"),
                "factors": [{"rule": "no_rest", "points": n}],
                "empty": [],
                "acwr": null,
            })
        };
        let cases: Vec<Vec<Vec<serde_json::Value>>> = vec![
            vec![],
            vec![vec![]],
            vec![vec![row(1)]],
            vec![vec![], vec![row(1)], vec![row(2), row(3)], vec![]],
        ];
        for batches in cases {
            let all: Vec<&serde_json::Value> = batches.iter().flatten().collect();
            let (mut array, mut lines) = (Vec::new(), Vec::new());
            write_array(&mut array, all.iter()).unwrap();
            write_lines(&mut lines, all.iter()).unwrap();
            assert_eq!(streamed(false, &batches), String::from_utf8(array).unwrap());
            assert_eq!(streamed(true, &batches), String::from_utf8(lines).unwrap());
        }
    }
    use crate::model::{Severity, Week};

    /// A week's row with every optional field set, or every one empty.
    fn week_row(name: Option<&str>, number: f64, optional: Option<f64>, factors: usize) -> WeekRow {
        use crate::model::{Factor, Level};
        let factor = |n: usize| Factor {
            rule: "mileage_spike",
            severity: Severity::Alert,
            points: n as u32,
            share: number,
        };
        WeekRow {
            athlete: name.map(Into::into),
            week: Week {
                year: 2025,
                number: 8,
            },
            start: chrono::NaiveDate::from_ymd_opt(2025, 2, 17).unwrap(),
            distance_km: number,
            runs: 5,
            rest_days: 2,
            longest_run_km: number,
            acwr: optional,
            acwr_coupled: optional,
            acwr_ewma: optional,
            monotony: optional,
            risk: 42,
            level: Level::VeryHigh,
            factors: (0..factors).map(factor).collect(),
            strain: optional,
            streak_days: 4,
            hard_surface_share: optional,
            hard_pace_share: optional,
            hill_sessions: 1,
            sprint_sessions: 0,
            heaviness: optional,
            fitness: number,
            fatigue: number,
            form: number,
            ramp_rate: optional,
            srpe_load: optional,
            duration_min: optional,
            after_break: optional.map(|_| 3),
            strength_sessions: 1,
            partial: optional.is_some(),
            max_pain: optional,
        }
    }

    /// serde_json's bytes of rows in a stream: the reference the hand
    /// layouts of a week's row and of a finding are held to.
    fn by_serde<T: Serialize>(lines: bool, rows: &[T]) -> String {
        let mut out = Vec::new();
        if lines {
            write_lines(&mut out, rows).unwrap();
        } else {
            write_array(&mut out, rows).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn week_rows_laid_out_by_hand_are_the_bytes_serde_json_writes() {
        let numbers = [
            0.0,
            -0.0,
            1.5,
            -2.76,
            1e-7,
            123456789.25,
            1e21,
            f64::NAN,
            f64::INFINITY,
        ];
        let names = [
            None,
            Some("Aisha 0003"),
            Some("Zoë \"Z\" \\ Smith\n\t\u{1}"),
        ];
        for number in numbers {
            for name in names {
                for factors in [0, 1, 3] {
                    let rows = [
                        week_row(name, number, Some(number), factors),
                        week_row(name, number, None, factors),
                    ];
                    for lines in [false, true] {
                        let batches: [&[WeekRow]; 3] = [&rows[..1], &[], &rows[1..]];
                        assert_eq!(streamed(lines, &batches), by_serde(lines, &rows));
                    }
                }
            }
        }
        assert_eq!(
            streamed::<WeekRow>(false, &[] as &[&[WeekRow]]),
            by_serde::<WeekRow>(false, &[])
        );
    }

    proptest::proptest! {
        #[test]
        fn any_week_row_laid_out_by_hand_is_what_serde_json_writes(
            number in proptest::num::f64::ANY,
            optional in proptest::option::of(proptest::num::f64::ANY),
            name in proptest::option::of(".{0,12}"),
            factors in 0usize..3,
        ) {
            let rows = [week_row(name.as_deref(), number, optional, factors)];
            for lines in [false, true] {
                proptest::prop_assert_eq!(streamed(lines, &[&rows]), by_serde(lines, &rows));
            }
        }
    }

    /// A finding with every optional field set or empty, `text` in its
    /// words, and `numbers` as its evidence.
    fn finding(athlete: Option<&str>, text: &str, numbers: &[f64]) -> Finding {
        let names = ["acwr", "shoe_km", "hard_share", "streak_days"];
        let mut evidence = crate::model::Evidence::default();
        for (name, number) in names.iter().cycle().zip(numbers) {
            evidence.push(name, *number);
        }
        Finding {
            athlete: athlete.map(Into::into),
            week: Week {
                year: 2025,
                number: 8,
            },
            date: athlete.and(chrono::NaiveDate::from_ymd_opt(2025, 2, 22)),
            rule: "mileage_spike",
            severity: Severity::Alert,
            cause: "excessive running",
            message: format!("{text}: 52 km, 40% over the 4 weeks before"),
            advice: text.into(),
            evidence,
            evidence_grade: "moderate (Nielsen 2014; \"weak\" for others)",
        }
    }

    #[test]
    fn findings_laid_out_by_hand_are_the_bytes_serde_json_writes() {
        let texts = ["Rest", "", "Zoë \"Z\" \\ said\nthis\t\u{1}", "ünïcode ✓ 🏃"];
        let evidence: [&[f64]; 4] = [&[], &[1.25], &[0.327, f64::NAN, -0.0, 1e21], &[10.0, 3.0]];
        for athlete in [None, Some("Aisha 0003"), Some("O\"Neil")] {
            for text in texts {
                for numbers in evidence {
                    let one = finding(athlete, text, numbers);
                    let other = finding(None, "other", &[2.5]);
                    let rows = [&one, &other];
                    for lines in [false, true] {
                        let batches: [&[&Finding]; 3] = [&rows[..1], &[], &rows[1..]];
                        assert_eq!(streamed(lines, &batches), by_serde(lines, &rows));
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_finding_laid_out_by_hand_is_what_serde_json_writes(
            text in ".{0,40}",
            numbers in proptest::collection::vec(proptest::num::f64::ANY, 0..5),
            athlete in proptest::option::of(".{0,12}"),
        ) {
            let one = finding(athlete.as_deref(), &text, &numbers);
            for lines in [false, true] {
                proptest::prop_assert_eq!(streamed(lines, &[&[&one][..]]), by_serde(lines, &[&one]));
            }
        }
    }

    #[test]
    fn a_finding_has_the_design_fields() {
        let finding = Finding {
            athlete: None,
            week: Week {
                year: 2025,
                number: 8,
            },
            date: chrono::NaiveDate::from_ymd_opt(2025, 2, 22),
            rule: "mileage_spike",
            severity: Severity::Alert,
            cause: "excessive running",
            message: "m".into(),
            advice: "a".into(),
            evidence: Default::default(),
            evidence_grade: "weak (someone 2020)",
        };
        let mut out = Vec::new();
        flags(&mut out, [&finding]).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let object = &value[0];
        assert_eq!(object["athlete"], serde_json::Value::Null);
        assert_eq!(object["week"], "2025-W08");
        assert_eq!(object["date"], "2025-02-22");
        assert_eq!(object["severity"], "alert");
        for field in ["rule", "cause", "message", "advice", "evidence"] {
            assert!(object.get(field).is_some(), "{field}");
        }
        assert_eq!(object["evidence_grade"], "weak (someone 2020)");
    }
}
