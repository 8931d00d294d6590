//! JSON objects laid out by hand, byte for byte as serde_json lays them out
//! (pretty, indented by two spaces, or compact), for the rows a club's log
//! has most of: `weeks` writes a row per athlete and week, and going
//! through serde's generic map of fields costs more than working out the
//! week. Keys are written as they are (a row's, with what leads to them
//! written out once, [`Key`]), numbers by serde_json's own
//! formatter, and text through serde_json, so the bytes cannot drift; a
//! test holds them to serde_json's for the rows of every kind.

use std::fmt::Display;
use std::io::Write;

use chrono::{Datelike, NaiveDate};
use serde_json::ser::{CompactFormatter, Formatter};

use crate::byte_words::{any_below, bytes_equal, load, WORD};
use crate::model::Week;

/// A new line and the spaces of the deepest indent a row's layout needs
/// (two per level, as `serde_json::to_writer_pretty` indents), cut to the
/// depth wanted.
const NEW_LINE_AND_INDENT: &[u8] = b"\n                ";

/// How an object is laid out: compact, or pretty at a depth of nesting
/// (an array's rows are at depth 1).
#[derive(Debug, Clone, Copy)]
pub enum Layout {
    Compact,
    Pretty { depth: usize },
}

impl Layout {
    /// The layout of what is nested one level inside this one.
    fn inner(self) -> Layout {
        match self {
            Layout::Compact => Layout::Compact,
            Layout::Pretty { depth } => Layout::Pretty { depth: depth + 1 },
        }
    }

    /// A new line indented to this depth; nothing when compact.
    fn new_line(self, out: &mut Vec<u8>) {
        if let Layout::Pretty { depth } = self {
            let spaces = 2 * depth;
            match NEW_LINE_AND_INDENT.get(..1 + spaces) {
                Some(line) => out.extend_from_slice(line),
                None => {
                    out.push(b'\n');
                    out.resize(out.len() + spaces, b' ');
                }
            }
        }
    }
}

/// The depth of the rows of an array laid out pretty (see [`Layout`]): the
/// depth whose leads a [`Key`] holds written out.
const ROW_DEPTH: usize = 1;

/// A field's name, with the bytes that lead from the field before to its
/// value written out for the layouts nearly every field is written in:
/// after another field of an array's row, pretty or compact. Such a field
/// starts with one copy; any other (the first, or one nested deeper) is
/// led as [`JsonObject`] leads any name. [`json_key!`] makes one.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    /// `,\n    "name": `, or empty when not written out.
    pub pretty: &'static str,
    /// `,"name":`, or empty when not written out.
    pub compact: &'static str,
}

/// A [`Key`] with its leads written out, from a name of the contract
/// (which needs no escaping).
macro_rules! json_key {
    ($name:literal) => {
        $crate::report::json_object::Key {
            name: $name,
            pretty: concat!(",\n    \"", $name, "\": "),
            compact: concat!(",\"", $name, "\":"),
        }
    };
}
pub(crate) use json_key;

impl From<&'static str> for Key {
    fn from(name: &'static str) -> Key {
        Key {
            name,
            pretty: "",
            compact: "",
        }
    }
}

/// One object being written: its fields go in one call each, in order.
pub struct JsonObject<'o> {
    out: &'o mut Vec<u8>,
    layout: Layout,
    fields: usize,
}

impl<'o> JsonObject<'o> {
    /// Opens an object at `layout` (its fields are one level deeper).
    pub fn begin(out: &'o mut Vec<u8>, layout: Layout) -> JsonObject<'o> {
        out.push(b'{');
        JsonObject {
            out,
            layout,
            fields: 0,
        }
    }

    /// Closes the object: `{}` when it has no field, as serde_json writes it.
    pub fn end(self) {
        if self.fields > 0 {
            self.layout.new_line(self.out);
        }
        self.out.push(b'}');
    }

    /// Starts a field; `key` must need no escaping (the contract's names do not).
    fn key(&mut self, key: impl Into<Key>) -> &mut Vec<u8> {
        let key = key.into();
        let lead = match self.layout {
            Layout::Pretty { depth: ROW_DEPTH } => key.pretty,
            Layout::Compact => key.compact,
            Layout::Pretty { .. } => "",
        };
        let later = self.fields > 0;
        self.fields += 1;
        if later && !lead.is_empty() {
            self.out.extend_from_slice(lead.as_bytes());
            return self.out;
        }
        if later {
            self.out.push(b',');
        }
        self.layout.inner().new_line(self.out);
        self.out.push(b'"');
        self.out.extend_from_slice(key.name.as_bytes());
        self.out.extend_from_slice(match self.layout {
            Layout::Compact => b"\":",
            Layout::Pretty { .. } => b"\": ",
        });
        self.out
    }

    pub fn number(&mut self, key: impl Into<Key>, value: f64) {
        let out = self.key(key);
        write_f64(out, value);
    }

    pub fn optional_number(&mut self, key: impl Into<Key>, value: Option<f64>) {
        let out = self.key(key);
        match value {
            Some(value) => write_f64(out, value),
            None => out.extend_from_slice(b"null"),
        }
    }

    pub fn count(&mut self, key: impl Into<Key>, value: u64) {
        let out = self.key(key);
        // Writing to a Vec cannot fail.
        let _ = CompactFormatter.write_u64(out, value);
    }

    pub fn optional_count(&mut self, key: impl Into<Key>, value: Option<u64>) {
        match value {
            Some(value) => self.count(key, value),
            None => self.key(key).extend_from_slice(b"null"),
        }
    }

    pub fn yes_no(&mut self, key: impl Into<Key>, value: bool) {
        let out = self.key(key);
        out.extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// Text that may need escaping (a name, a message), or null.
    pub fn text(&mut self, key: impl Into<Key>, value: Option<&str>) {
        let out = self.key(key);
        match value {
            Some(value) => write_text(out, value),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// A day, or null.
    pub fn optional_day(&mut self, key: impl Into<Key>, value: Option<NaiveDate>) {
        match value {
            Some(value) => self.day(key, value),
            None => self.key(key).extend_from_slice(b"null"),
        }
    }

    /// An object nested in this one, its fields written by `fill`.
    pub fn object(&mut self, key: impl Into<Key>, fill: impl FnOnce(&mut JsonObject<'_>)) {
        let layout = self.layout.inner();
        let mut inner = JsonObject::begin(self.key(key), layout);
        fill(&mut inner);
        inner.end();
    }

    /// A name of the contract (a level, a rule): text that needs no escaping.
    pub fn name(&mut self, key: impl Into<Key>, value: &str) {
        let out = self.key(key);
        out.push(b'"');
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    }

    /// A day, `2025-02-17`, as chrono writes it.
    pub fn day(&mut self, key: impl Into<Key>, value: NaiveDate) {
        let out = self.key(key);
        match u32::try_from(value.year()) {
            Ok(year) if year <= MAX_PLAIN_YEAR => {
                out.push(b'"');
                push_digits(out, year, 4);
                out.push(b'-');
                push_digits(out, value.month(), 2);
                out.push(b'-');
                push_digits(out, value.day(), 2);
                out.push(b'"');
            }
            _ => quoted(out, value),
        }
    }

    /// An ISO week, `2025-W08`, as [`Week`] writes it.
    pub fn week(&mut self, key: impl Into<Key>, value: Week) {
        let out = self.key(key);
        match u32::try_from(value.year) {
            Ok(year) if (MIN_FOUR_DIGIT_YEAR..=MAX_PLAIN_YEAR).contains(&year) => {
                out.push(b'"');
                push_digits(out, year, 4);
                out.extend_from_slice(b"-W");
                push_digits(out, value.number, 2);
                out.push(b'"');
            }
            _ => quoted(out, value),
        }
    }

    /// An array of objects, each written by `each` at the array's depth.
    pub fn objects<T>(
        &mut self,
        key: impl Into<Key>,
        items: &[T],
        each: impl Fn(&T, JsonObject<'_>),
    ) {
        let layout = self.layout.inner();
        let out = self.key(key);
        out.push(b'[');
        array_items(out, items, layout, each);
        if !items.is_empty() {
            layout.new_line(out);
        }
        out.push(b']');
    }
}

/// The objects of an array at `layout`, without its brackets: each after a
/// comma but the first, on a new line one level deeper.
pub fn array_items<T>(
    out: &mut Vec<u8>,
    items: &[T],
    layout: Layout,
    each: impl Fn(&T, JsonObject<'_>),
) {
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        layout.inner().new_line(out);
        each(item, JsonObject::begin(out, layout.inner()));
    }
}

/// The years written as four digits without a sign: chrono writes others
/// with one, and a week writes a year below 1000 with fewer digits.
const MAX_PLAIN_YEAR: u32 = 9999;
const MIN_FOUR_DIGIT_YEAR: u32 = 1000;

/// Below this, a number of whole hundredths has no shorter form that
/// reads back the same (its step between neighbours is under a hundredth
/// by far), so its decimals are the shortest form serde_json writes.
const MAX_PLAIN_HUNDREDTHS: f64 = 1e12;

/// Hundredths in a unit.
const HUNDREDTHS: f64 = 100.0;

/// `value` in decimal digits, zero-padded to `width`.
fn push_digits(out: &mut Vec<u8>, value: u32, width: usize) {
    let start = out.len();
    let mut rest = value;
    loop {
        out.push(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 && out.len() - start >= width {
            break;
        }
    }
    out[start..].reverse();
}

/// Text in quotes, escaped as serde_json escapes it. Text with nothing to
/// escape (nearly all: names, messages, advice) is found so eight bytes at
/// a time and copied at once; any other goes through serde_json itself.
fn write_text(out: &mut Vec<u8>, text: &str) {
    if needs_no_escape(text.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string to a Vec cannot fail.
        let _ = serde_json::to_writer(out, text);
    }
}

/// Whether JSON writes these bytes as they are: none is a quote, a
/// backslash or a control character below a space.
fn needs_no_escape(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(WORD);
    let plain_words = words.all(|word| !word_needs_escape(load(word)));
    plain_words
        && words
            .remainder()
            .iter()
            .all(|&b| b >= b' ' && b != b'"' && b != b'\\')
}

/// Whether any byte of `word` is below a space, a quote or a backslash.
fn word_needs_escape(word: u64) -> bool {
    any_below(word, b' ') || (bytes_equal(word, b'"') | bytes_equal(word, b'\\')) != 0
}

/// Any value as its `Display` writes it, in quotes.
fn quoted(out: &mut Vec<u8>, value: impl Display) {
    // Writing to a Vec cannot fail.
    let _ = write!(out, "\"{value}\"");
}

/// A number as serde_json writes one: null when it is not finite. The
/// numbers of a row are rounded to hundredths, written here directly.
fn write_f64(out: &mut Vec<u8>, value: f64) {
    if !value.is_finite() {
        out.extend_from_slice(b"null");
    } else if !write_hundredths(out, value) {
        // Writing to a Vec cannot fail.
        let _ = CompactFormatter.write_f64(out, value);
    }
}

/// Writes a number that is a whole number of hundredths, as the shortest
/// decimals that read back to it (`37.4`, `-2.76`, `4.0`); says whether it
/// was one.
fn write_hundredths(out: &mut Vec<u8>, value: f64) -> bool {
    let hundredths = crate::whole::nearest_whole(value * HUNDREDTHS);
    if hundredths / HUNDREDTHS != value || value.abs() >= MAX_PLAIN_HUNDREDTHS {
        return false;
    }
    // Below MAX_PLAIN_HUNDREDTHS units, so well within a u64; written from
    // its last digit back, then copied out at once.
    let hundredths = hundredths.abs() as u64;
    let mut text = [0u8; HUNDREDTHS_TEXT];
    let mut at = text.len();
    let mut put = |byte: u8| {
        at -= 1;
        text[at] = byte;
    };
    let fraction = hundredths % 100;
    if !fraction.is_multiple_of(10) {
        put(b'0' + (fraction % 10) as u8);
    }
    put(b'0' + (fraction / 10) as u8);
    put(b'.');
    let mut whole = hundredths / 100;
    loop {
        put(b'0' + (whole % 10) as u8);
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if value.is_sign_negative() {
        put(b'-');
    }
    out.extend_from_slice(&text[at..]);
    true
}

/// The longest number of hundredths written: a sign, the digits of
/// [`MAX_PLAIN_HUNDREDTHS`] units, a point and two decimals.
const HUNDREDTHS_TEXT: usize = 1 + 13 + 1 + 2;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn number(value: f64) -> String {
        let mut out = Vec::new();
        write_f64(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    /// The object `{"day":…,"week":…}` laid out by hand.
    fn day_and_week(day: NaiveDate, week: Week) -> String {
        let mut out = Vec::new();
        let mut object = JsonObject::begin(&mut out, Layout::Compact);
        object.day("day", day);
        object.week("week", week);
        object.end();
        String::from_utf8(out).unwrap()
    }

    fn by_serde(day: NaiveDate, week: Week) -> String {
        serde_json::json!({"day": day, "week": week}).to_string()
    }

    #[test]
    fn numbers_of_hundredths_at_their_edges_are_what_serde_json_writes() {
        let numbers = [
            0.0,
            -0.0,
            0.01,
            -0.01,
            0.05,
            0.1,
            0.5,
            1.0,
            4.0,
            10.1,
            37.4,
            99.99,
            100.0,
            1087.88,
            -2.76,
            123456789.25,
            999999999999.99,
            1e12,
            1e13 + 0.5,
            1e15,
            1e16,
            1e21,
            0.001,
            1e-7,
            0.30000000000000004,
            f64::MIN_POSITIVE,
            f64::MAX,
        ];
        for value in numbers {
            assert_eq!(
                number(value),
                serde_json::to_string(&value).unwrap(),
                "{value}"
            );
        }
    }

    /// An object of three fields at `layout`, its keys as `keys` gives them.
    fn three_fields<K: Into<Key>>(layout: Layout, keys: [K; 3]) -> String {
        let mut out = Vec::new();
        let mut object = JsonObject::begin(&mut out, layout);
        let [a, b, c] = keys;
        object.count(a, 1);
        object.text(b, Some("Aisha"));
        object.yes_no(c, true);
        object.end();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn keys_with_their_leads_written_out_lead_as_any_name_does() {
        let layouts = [
            Layout::Compact,
            Layout::Pretty { depth: 0 },
            Layout::Pretty { depth: ROW_DEPTH },
            Layout::Pretty { depth: 3 },
        ];
        for layout in layouts {
            let written_out = [
                json_key!("runs"),
                json_key!("athlete"),
                json_key!("partial"),
            ];
            assert_eq!(
                three_fields(layout, written_out),
                three_fields(layout, ["runs", "athlete", "partial"]),
                "{layout:?}"
            );
        }
        let pretty = three_fields(Layout::Pretty { depth: ROW_DEPTH }, ["runs", "a", "b"]);
        assert_eq!(
            pretty,
            "{\n    \"runs\": 1,\n    \"a\": \"Aisha\",\n    \"b\": true\n  }"
        );
    }

    #[test]
    fn days_and_weeks_of_any_year_are_what_serde_json_writes() {
        for year in [-50, 0, 7, 999, 1000, 2025, 9999, 10000, 12345] {
            let day = NaiveDate::from_ymd_opt(year, 2, 7).unwrap();
            let week = Week { year, number: 8 };
            assert_eq!(day_and_week(day, week), by_serde(day, week), "{year}");
        }
    }

    proptest! {
        #[test]
        fn any_number_is_what_serde_json_writes(value in proptest::num::f64::ANY) {
            prop_assert_eq!(number(value), serde_json::to_string(&value).unwrap());
        }

        #[test]
        fn any_number_of_hundredths_is_what_serde_json_writes(
            hundredths in -200_000_000_000_000i64..200_000_000_000_000,
        ) {
            let value = hundredths as f64 / HUNDREDTHS;
            prop_assert_eq!(number(value), serde_json::to_string(&value).unwrap());
        }

        #[test]
        fn any_text_is_what_serde_json_writes(text in "(.|[\"\\\\\u{0}-\u{1f}\u{7f}])*") {
            let mut out = Vec::new();
            write_text(&mut out, &text);
            prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn a_byte_to_escape_is_found_wherever_it_is(
            prefix in "[a-zé ]{0,20}",
            special in proptest::sample::select(vec!['"', '\\', '\u{0}', '\n', '\u{1f}']),
            suffix in "[a-z]{0,20}",
        ) {
            let text = format!("{prefix}{special}{suffix}");
            prop_assert!(!needs_no_escape(text.as_bytes()));
            let plain = format!("{prefix}{suffix}\u{7f}~ ");
            prop_assert!(needs_no_escape(plain.as_bytes()));
        }

        #[test]
        fn any_day_is_what_serde_json_writes(days in 0i32..4_000_000, number in 1u32..=53) {
            let day = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let week = Week { year: day.year(), number };
            prop_assert_eq!(day_and_week(day, week), by_serde(day, week));
        }
    }
}
